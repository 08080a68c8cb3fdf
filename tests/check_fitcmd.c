/*
 * check_fitcmd.c: tests of sim/fitcmd (the `ccsim fit` command).
 *
 * The command is run in-process through fitcmd_main, its stdout and stderr
 * sent to files, and the scenario it writes is loaded back with
 * scenario_load, so every check reads what a user would get.
 *
 * core:   a synthetic trace written here (mt19937, fixed seed): 56 days
 *         from Monday 2024-03-04 with two dates left empty (as Jan 11-12 in
 *         the Anonymous Bank data), 20 half-hours 08:00-18:00 of Poisson
 *         arrivals of profile lambda_k = 20 + 25 sin(pi (k + 1/2) / 20),
 *         each day's rates scaled by a gamma factor of mean 1 and c = 0.2;
 *         handle times lognormal (mean 240 s, cv 0.8); waits exponential
 *         (mean 30 s) and patience exponential (mean 120 s), a call
 *         abandoning when its patience is below its wait (about 20% do);
 *         40 agents.  Tolerances, with the standard errors they allow:
 *           lambda_k   within 4 SE, SE = sqrt(lambda (1 + c^2 lambda) / 54)
 *           c          0.2 +/- 0.06: with 54 daily totals of about 720
 *                      calls, var c^2 ~ (2/53) (s^2/L^2)^2 gives an SE of
 *                      about 0.008 on c^2 = 0.04, 0.02 on c: 3 SE
 *           handle     lognormal chosen (AIC), mean within 3% (SE 0.5%),
 *                      cv within 5% (SE about 1.5%)
 *           patience   mean within 6% of 120 s (about 7,800 abandons
 *                      among 39,000 calls: SE about 1.2%)
 *         The scenario loads with the horizon, opening, closed dates,
 *         forecast and staffing lengths expected, and runs one replication.
 *         Hand-made traces (tests/fit/README.md works every value out):
 *         staffing of three agents with overlapping services, interval by
 *         interval, with and without --types; Erlang C staffing when no
 *         agent is named (3 agents for 10 calls of 180 s in 30 minutes);
 *         --counts on two Mondays of 15-minute bins (means, c, VMRs, data
 *         file).  Day types and intervals parsed; the reservoir sample.
 * limits: a reservoir of 1000 from 100,000 values: uniform (mean within 4
 *         SE), distinct, flags kept with their values, repeatable.
 * errors: unknown option, missing file, empty trace, no handle time, bad
 *         row, span over 3660 days, bad --interval and --day-types, counts
 *         files with a duplicate bin, a bad header, value or timestamp,
 *         bins straddling intervals: exit 2, one line on stderr, nothing
 *         written.
 * data:   ../shared/data (CCSIM_DATA): the Anonymous Bank February file,
 *         fitted, loaded and run; skipped when absent.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <check.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "../models/dist.h"
#include "../models/horizon.h"
#include "../sim/experiment.h"
#include "../sim/fitcmd.h"
#include "../sim/plot.h"
#include "../sim/scenario.h"
#include "../sim/status.h"

#define SEED 20260301UL
#define SYN_DAYS 56
#define SYN_SLOTS 20
#define SYN_C 0.2
#define SYN_HANDLE_MEAN 240.0
#define SYN_HANDLE_CV 0.8
#define SYN_WAIT_MEAN 30.0
#define SYN_PATIENCE_MEAN 120.0
#define SYN_AGENTS 40
#define SYN_EMPTY1 10      /* days left without records: Thu 2024-03-14 */
#define SYN_EMPTY2 11      /* and Fri 2024-03-15 */

static char tmpdir[64];
static char path_out[128], path_err[128];

static void setup(void)
{
	strcpy(tmpdir, "/tmp/check_fitcmd.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	snprintf(path_out, sizeof path_out, "%s/stdout", tmpdir);
	snprintf(path_err, sizeof path_err, "%s/stderr", tmpdir);
}

static void teardown(void)
{
	char cmd[160];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", tmpdir);
}

static const char *tmp(const char *name)
{
	static char buf[8][256];
	static int i;
	i = (i + 1) % 8;
	snprintf(buf[i], sizeof buf[i], "%s/%s", tmpdir, name);
	return buf[i];
}

/* Runs `ccsim fit ARGS... NULL`, stdout and stderr into path_out, path_err. */
static int fit(const char *first, ...)
{
	char *argv[32];
	int argc = 0;
	argv[argc++] = "fit";
	va_list ap;
	va_start(ap, first);
	for (const char *a = first; a != NULL; a = va_arg(ap, const char *)) {
		ck_assert_int_lt(argc, 31);
		argv[argc++] = (char *)a;
	}
	va_end(ap);
	argv[argc] = NULL;
	fflush(stdout);
	fflush(stderr);
	int so = dup(1), se = dup(2);
	int fo = open(path_out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	int fe = open(path_err, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ck_assert(so >= 0 && se >= 0 && fo >= 0 && fe >= 0);
	dup2(fo, 1);
	dup2(fe, 2);
	close(fo);
	close(fe);
	int rc = fitcmd_main(argc, argv);
	fflush(stdout);
	fflush(stderr);
	dup2(so, 1);
	dup2(se, 2);
	close(so);
	close(se);
	return rc;
}

/* The whole file, NUL-terminated (caller frees); NULL when absent. */
static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	size_t cap = 4096, n = 0;
	char *s = malloc(cap);
	size_t got;
	while ((got = fread(s + n, 1, cap - n - 1, f)) > 0) {
		n += got;
		if (n + 1 == cap)
			s = realloc(s, cap *= 2);
	}
	fclose(f);
	s[n] = '\0';
	return s;
}

static bool exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

static int lines_of(const char *path)
{
	char *s = slurp(path);
	int n = 0;
	for (const char *p = s; p && *p; p++)
		n += *p == '\n';
	free(s);
	return n;
}

/* Exit 2, one line on stderr containing `msg`, no stdout. */
static void expect_usage_error(int rc, const char *msg)
{
	char *err = slurp(path_err);
	ck_assert_int_eq(rc, 2);
	ck_assert_msg(strstr(err, msg) != NULL, "stderr '%s' lacks '%s'", err, msg);
	ck_assert_int_eq(lines_of(path_err), 1);
	char *out = slurp(path_out);
	ck_assert_str_eq(out, "");
	free(out);
	free(err);
}

static int load(const char *path, struct scenario *sc)
{
	memset(sc, 0, sizeof *sc);
	return scenario_load(path, sc, stderr);
}

/* --------------------------------------------------------- synthetic trace */

static double syn_lambda(int k)
{
	return 20.0 + 25.0 * sin(M_PI * (k + 0.5) / SYN_SLOTS);
}

static int64_t syn_start(void)
{
	int64_t d;
	ck_assert_int_eq(horizon_date_from_civil(2024, 3, 4, &d), STATUS_OK);
	return d;
}

/* Writes the synthetic trace to path (see the head of the file). */
static void write_synthetic(const char *path)
{
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(r, SEED);
	double s2 = log(1.0 + SYN_HANDLE_CV * SYN_HANDLE_CV);
	double mu = log(SYN_HANDLE_MEAN) - s2 / 2.0, sigma = sqrt(s2);
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs("arrival,type,handle_s,wait_s,patience_s,outcome,agent\n", f);
	int64_t start = syn_start();
	for (int d = 0; d < SYN_DAYS; d++) {
		double b = gsl_ran_gamma(r, 1.0 / (SYN_C * SYN_C), SYN_C * SYN_C);
		if (d == SYN_EMPTY1 || d == SYN_EMPTY2)
			continue;
		int y, mo, dd;
		horizon_civil_from_date(start + d, &y, &mo, &dd);
		for (int k = 0; k < SYN_SLOTS; k++) {
			unsigned n = gsl_ran_poisson(r, b * syn_lambda(k));
			for (unsigned i = 0; i < n; i++) {
				double t = 8 * 3600.0 + k * 1800.0 +
					   floor(gsl_rng_uniform(r) * 1800.0);
				int hh = (int)(t / 3600), mm = (int)(t / 60) % 60,
				    ss = (int)t % 60;
				double w = gsl_ran_exponential(r, SYN_WAIT_MEAN);
				double p = gsl_ran_exponential(r, SYN_PATIENCE_MEAN);
				double h = gsl_ran_lognormal(r, mu, sigma);
				int a = (int)gsl_rng_uniform_int(r, SYN_AGENTS);
				fprintf(f, "%04d-%02d-%02d %02d:%02d:%02d,PS,", y, mo,
					dd, hh, mm, ss);
				if (p < w)
					fprintf(f, ",%.3f,%.3f,abandoned,\n", p, p);
				else
					fprintf(f, "%.3f,%.3f,,answered,A%02d\n", h, w, a);
			}
		}
	}
	fclose(f);
	gsl_rng_free(r);
}

START_TEST(test_synthetic_recovers)
{
	const char *trace = tmp("syn.csv"), *cfg = tmp("syn.cfg");
	write_synthetic(trace);
	int rc = fit(trace, "--day-types", "mon-sun", "--out", cfg, "--name",
		     "syn", NULL);
	char *err = slurp(path_err);
	ck_assert_msg(rc == 0, "exit %d: %s", rc, err);
	free(err);

	struct scenario sc;
	ck_assert_int_eq(load(cfg, &sc), STATUS_OK);
	ck_assert_str_eq(sc.name, "syn");
	ck_assert_int_eq(sc.replications, 20);
	const struct horizon *h = &sc.centre.horizon;
	ck_assert_int_eq(h->start_date, syn_start());
	ck_assert_int_eq(h->days, SYN_DAYS);
	ck_assert_double_eq(h->day_start_s, 8 * 3600.0);
	ck_assert_double_eq(h->day_end_s, 18 * 3600.0);
	ck_assert_double_eq(h->interval_s, 1800.0);
	ck_assert_int_eq(h->per_day, SYN_SLOTS);
	ck_assert_int_eq(h->n_intervals, SYN_DAYS * SYN_SLOTS);
	/* opening: every weekday 08:00-18:00, the two empty dates closed */
	for (int wd = 0; wd < 7; wd++) {
		ck_assert_int_eq(sc.centre.hours.n_ranges[wd], 1);
		ck_assert_double_eq(sc.centre.hours.open_s[wd][0], 8 * 3600.0);
		ck_assert_double_eq(sc.centre.hours.close_s[wd][0], 18 * 3600.0);
	}
	ck_assert_uint_eq(sc.centre.hours.n_closed, 2);
	ck_assert_int_eq(sc.centre.hours.closed[0], syn_start() + SYN_EMPTY1);
	ck_assert_int_eq(sc.centre.hours.closed[1], syn_start() + SYN_EMPTY2);

	ck_assert_int_eq(sc.centre.n_types, 1);
	const struct contact_type_config *t = &sc.centre.types[0];
	ck_assert_str_eq(t->name, "calls");
	/* one day type: every open date has the same profile, near lambda_k */
	const int D = SYN_DAYS - 2;
	for (int d = 0; d < SYN_DAYS; d++)
		for (int k = 0; k < SYN_SLOTS; k++) {
			double v = t->forecast[d * SYN_SLOTS + k];
			if (d == SYN_EMPTY1 || d == SYN_EMPTY2) {
				ck_assert_double_eq(v, 0.0);
				continue;
			}
			ck_assert_double_eq_tol(v, t->forecast[k], 1e-9);
			double l = syn_lambda(k);
			double se = sqrt(l * (1.0 + SYN_C * SYN_C * l) / D);
			ck_assert_msg(fabs(v - l) < 4.0 * se, "slot %d: %g vs %g "
				      "(SE %g)", k, v, l, se);
		}
	ck_assert_msg(fabs(t->busyness_cv - SYN_C) < 0.06, "c = %g",
		      t->busyness_cv);

	ck_assert_int_eq(t->handle.kind, DIST_LOGNORMAL);
	double hm = dist_mean(&t->handle);
	double hcv = sqrt(dist_variance(&t->handle)) / hm;
	ck_assert_msg(fabs(hm / SYN_HANDLE_MEAN - 1.0) < 0.03, "handle mean %g", hm);
	ck_assert_msg(fabs(hcv / SYN_HANDLE_CV - 1.0) < 0.05, "handle cv %g", hcv);
	ck_assert(t->has_patience);
	double pm = dist_mean(&t->patience);
	ck_assert_msg(fabs(pm / SYN_PATIENCE_MEAN - 1.0) < 0.06, "patience mean %g",
		      pm);
	ck_assert_double_eq(t->short_abandon_s, 5.0);

	ck_assert_int_eq(sc.centre.n_groups, 1);
	const struct agent_group_config *g = &sc.centre.groups[0];
	ck_assert_str_eq(g->name, "agents");
	for (int d = 0; d < SYN_DAYS; d++)
		for (int k = 0; k < SYN_SLOTS; k++) {
			int a = g->staffing[d * SYN_SLOTS + k];
			ck_assert_int_le(a, SYN_AGENTS);
			if (d == SYN_EMPTY1 || d == SYN_EMPTY2)
				ck_assert_int_eq(a, 0);
			else
				ck_assert_int_gt(a, 0);
		}
	ck_assert_int_eq(sc.n_commitments, 2);

	/* The comments state the fits. */
	char *text = slurp(cfg);
	ck_assert_ptr_nonnull(strstr(text, "lognormal    mu"));
	ck_assert_ptr_nonnull(strstr(text, "<- smallest AIC"));
	ck_assert_ptr_nonnull(strstr(text, "LOWER BOUND"));
	ck_assert_ptr_nonnull(strstr(text, "Kaplan-Meier"));
	ck_assert_ptr_nonnull(strstr(text, "closed_dates = [\"2024-03-14\", \"2024-03-15\"]"));
	ck_assert_ptr_nonnull(strstr(text, "# 2024-03-14 Thu: no record, closed"));
	free(text);
	char *out = slurp(path_out);
	ck_assert_ptr_nonnull(strstr(out, "2024-03-04 to 2024-04-28: 56 days, 54 "
				     "with records, 2 closed dates"));
	ck_assert_ptr_nonnull(strstr(out, "handle time  lognormal"));
	ck_assert_ptr_nonnull(strstr(out, "at the peak"));
	free(out);

	/* It runs. */
	struct experiment *ex = experiment_alloc(&sc, 1, sc.seed);
	ck_assert_ptr_nonnull(ex);
	ck_assert_int_eq(experiment_run(ex, NULL, NULL), STATUS_OK);
	ck_assert_uint_gt(ex->calls, 30000);
	experiment_free(ex);
	scenario_destroy(&sc);
}
END_TEST

START_TEST(test_synthetic_day_types)
{
	const char *trace = tmp("syn.csv"), *cfg = tmp("syn7.cfg");
	write_synthetic(trace);
	const char *plots = tmp("plots");
	ck_assert_int_eq(fit(trace, "--out", cfg, "--plots", plots, NULL), 0);
	struct scenario sc;
	ck_assert_int_eq(load(cfg, &sc), STATUS_OK);
	const struct contact_type_config *t = &sc.centre.types[0];
	/* each weekday its own profile: Monday of week 2 = Monday of week 1,
	 * Tuesday differs from Monday */
	bool differ = false;
	for (int k = 0; k < SYN_SLOTS; k++) {
		ck_assert_double_eq(t->forecast[k], t->forecast[7 * SYN_SLOTS + k]);
		differ |= t->forecast[k] != t->forecast[SYN_SLOTS + k];
	}
	ck_assert(differ);
	ck_assert(t->busyness_cv >= 0.0 && t->busyness_cv < 0.4);
	char *text = slurp(cfg);
	ck_assert_ptr_nonnull(strstr(text, "#   thu            7 "));
	ck_assert_ptr_nonnull(strstr(text, "#   fri            7 "));
	ck_assert_ptr_nonnull(strstr(text, "#   sat            8 "));
	free(text);
	/* data files, and plots when gnuplot is there */
	char *csv = slurp(tmp("plots/fit_arrivals.csv"));
	ck_assert_ptr_nonnull(csv);
	ck_assert(strncmp(csv, "day_type,start,start_h,days,mean,sd,"
			  "sd_poisson,sd_fit,c\n", 50) == 0);
	free(csv);
	ck_assert(exists(tmp("plots/fit_handle.csv")));
	ck_assert(exists(tmp("plots/fit_patience.csv")));
	if (plot_available() && plot_template_dir() != NULL) {
		ck_assert(exists(tmp("plots/fit_arrivals.png")));
		ck_assert(exists(tmp("plots/fit_handle.svg")));
		ck_assert(exists(tmp("plots/fit_patience.png")));
	}
	scenario_destroy(&sc);
}
END_TEST

/* ------------------------------------------------------ hand-made traces */

START_TEST(test_staffing_three_agents)
{
	const char *cfg = tmp("agents.cfg");
	int rc = fit("tests/fit/agents.csv", "--out", cfg, NULL);
	char *err = slurp(path_err);
	ck_assert_msg(rc == 0, "exit %d: %s", rc, err);
	free(err);
	struct scenario sc;
	ck_assert_int_eq(load(cfg, &sc), STATUS_OK);
	const struct horizon *h = &sc.centre.horizon;
	ck_assert_int_eq(h->days, 2);
	ck_assert_double_eq(h->day_start_s, 9 * 3600.0);
	ck_assert_double_eq(h->day_end_s, 11 * 3600.0);
	ck_assert_int_eq(h->per_day, 4);
	static const int staff[8] = { 2, 2, 1, 2, 2, 1, 1, 0 };
	static const double calls[8] = { 2, 2, 0, 3, 2, 0, 1, 0 };
	for (int i = 0; i < 8; i++) {
		ck_assert_int_eq(sc.centre.groups[0].staffing[i], staff[i]);
		ck_assert_double_eq(sc.centre.types[0].forecast[i], calls[i]);
	}
	/* Monday and Tuesday open, the rest closed (not in the span) */
	ck_assert_int_eq(sc.centre.hours.n_ranges[0], 1);
	ck_assert_int_eq(sc.centre.hours.n_ranges[1], 1);
	for (int wd = 2; wd < 7; wd++)
		ck_assert_int_eq(sc.centre.hours.n_ranges[wd], 0);
	ck_assert_uint_eq(sc.centre.hours.n_closed, 0);
	/* one date per day type: no c */
	ck_assert_double_eq(sc.centre.types[0].busyness_cv, 0.0);
	/* patience: the censored exponential, 1 event over 125 s */
	ck_assert(sc.centre.types[0].has_patience);
	char *text = slurp(cfg);
	ck_assert_ptr_nonnull(strstr(text, "exponential  mean 125 s"));
	ck_assert_ptr_nonnull(strstr(text, "one date: no variance, c not "
				      "estimated"));
	free(text);
	scenario_destroy(&sc);

	/* --types PS leaves out A1's PE call at 10:40 */
	ck_assert_int_eq(fit("tests/fit/agents.csv", "--out", cfg, "--types",
			     "PS", NULL), 0);
	ck_assert_int_eq(load(cfg, &sc), STATUS_OK);
	ck_assert_int_eq(sc.centre.groups[0].staffing[3], 1);
	ck_assert_double_eq(sc.centre.types[0].forecast[3], 2.0);
	ck_assert_int_eq(sc.centre.groups[0].staffing[0], 2);
	scenario_destroy(&sc);
}
END_TEST

START_TEST(test_staffing_erlang)
{
	const char *cfg = tmp("noagents.cfg");
	ck_assert_int_eq(fit("tests/fit/noagents.csv", "--out", cfg, NULL), 0);
	struct scenario sc;
	ck_assert_int_eq(load(cfg, &sc), STATUS_OK);
	ck_assert_int_eq(sc.centre.horizon.n_intervals, 1);
	ck_assert_double_eq(sc.centre.types[0].forecast[0], 10.0);
	ck_assert_int_eq(sc.centre.types[0].handle.kind, DIST_EXPONENTIAL);
	ck_assert_double_eq_tol(dist_mean(&sc.centre.types[0].handle), 180.0, 1e-6);
	ck_assert(!sc.centre.types[0].has_patience);
	ck_assert_int_eq(sc.centre.groups[0].staffing[0], 3);
	char *text = slurp(cfg);
	ck_assert_ptr_nonnull(strstr(text, "the trace names no agent"));
	ck_assert_ptr_nonnull(strstr(text, "patience = \"infinite\";"));
	free(text);
	scenario_destroy(&sc);
}
END_TEST

START_TEST(test_counts)
{
	const char *plots = tmp("cplots");
	int rc = fit("--counts", "tests/fit/counts.csv", "--plots", plots, NULL);
	char *err = slurp(path_err);
	ck_assert_msg(rc == 0, "exit %d: %s", rc, err);
	free(err);
	char *out = slurp(path_out);
	ck_assert_ptr_nonnull(strstr(out, "8 bins of 15m, 54 calls"));
	ck_assert_ptr_nonnull(strstr(out, "2024-03-04 to 2024-03-11: 2 with rows "
				     "of the 8 in the span"));
	ck_assert_ptr_nonnull(strstr(out, "window       10:00-11:00, 2 intervals"));
	/* mon: 2 dates, 27/day, sd sqrt(162), c sqrt(0.185185), VMR 3.00 vs
	 * Poisson 1 vs fitted 3.50 */
	ck_assert_msg(strstr(out, "  mon            2        27.0       12.7   "
			     "0.4303     3.00     1.00     3.50\n") != NULL,
		      "%s", out);
	ck_assert_ptr_nonnull(strstr(out, "  tue            0   no date"));
	ck_assert_ptr_nonnull(strstr(out, "No scenario is written"));
	free(out);
	char *csv = slurp(tmp("cplots/fit_arrivals.csv"));
	ck_assert_ptr_nonnull(csv);
	ck_assert_msg(strstr(csv, "mon,10:00,10,2,12,5.65685,3.4641,6.21825,"
			     "0.430331\n") != NULL, "%s", csv);
	ck_assert_msg(strstr(csv, "mon,10:30,10.5,2,15,7.07107,3.87298,") != NULL,
		      "%s", csv);
	free(csv);

	/* 15-minute intervals: four of them */
	ck_assert_int_eq(fit("--counts", "tests/fit/counts.csv", "--interval",
			     "15m", NULL), 0);
	out = slurp(path_out);
	ck_assert_ptr_nonnull(strstr(out, "10:00-11:00, 4 intervals of 15m"));
	free(out);
}
END_TEST

START_TEST(test_parse_day_types)
{
	struct fitcmd_day_types dt;
	ck_assert_int_eq(fitcmd_parse_day_types("sun-thu,fri,sat", &dt, NULL),
			 STATUS_OK);
	ck_assert_int_eq(dt.n, 3);
	static const int want[7] = { 0, 0, 0, 0, 1, 2, 0 };
	for (int wd = 0; wd < 7; wd++)
		ck_assert_int_eq(dt.of_weekday[wd], want[wd]);
	ck_assert_str_eq(dt.name[0], "sun-thu");
	ck_assert_str_eq(dt.name[2], "sat");

	/* a range wraps over the weekend; case and spaces */
	ck_assert_int_eq(fitcmd_parse_day_types(" FRI-Mon , tue-thu", &dt, NULL),
			 STATUS_OK);
	ck_assert_int_eq(dt.n, 2);
	static const int want2[7] = { 0, 1, 1, 1, 0, 0, 0 };
	for (int wd = 0; wd < 7; wd++)
		ck_assert_int_eq(dt.of_weekday[wd], want2[wd]);
	ck_assert_str_eq(dt.name[0], "fri-mon");

	ck_assert_int_eq(fitcmd_parse_day_types("mon-sun", &dt, NULL), STATUS_OK);
	ck_assert_int_eq(dt.n, 1);
	ck_assert_int_eq(fitcmd_parse_day_types("mon,tue,wed,thu,fri,sat,sun",
						&dt, NULL), STATUS_OK);
	ck_assert_int_eq(dt.n, 7);

	fitcmd_day_types_default(&dt);
	ck_assert_int_eq(dt.n, 7);
	ck_assert_str_eq(dt.name[6], "sun");
	ck_assert_int_eq(dt.of_weekday[3], 3);

	static const char *const bad[] = {
		"", "mon,,tue-sun", "mon-fri", "mon-sun,mon", "abc", "mon-xyz",
		"monday-sunday", "mon-sun,", "sat-fri,sun", "mon - sun", "-sun"
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		dt.n = 99;
		ck_assert_msg(fitcmd_parse_day_types(bad[i], &dt, NULL) ==
			      STATUS_EINVAL, "'%s' accepted", bad[i]);
		ck_assert_int_eq(dt.n, 99);   /* untouched */
	}
}
END_TEST

START_TEST(test_parse_interval)
{
	double v = -1.0;
	ck_assert_int_eq(fitcmd_parse_interval("30m", &v), STATUS_OK);
	ck_assert_double_eq(v, 1800.0);
	ck_assert_int_eq(fitcmd_parse_interval("1h", &v), STATUS_OK);
	ck_assert_double_eq(v, 3600.0);
	ck_assert_int_eq(fitcmd_parse_interval("24h", &v), STATUS_OK);
	ck_assert_int_eq(fitcmd_parse_interval("90s", &v), STATUS_OK);
	ck_assert_double_eq(v, 90.0);
	ck_assert_int_eq(fitcmd_parse_interval("1m", &v), STATUS_OK);
	static const char *const bad[] = { "7m", "25h", "30", "30s", "0", "0.5s",
					   "-30m", "1.7m", "", "30 m", "48h" };
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		v = -1.0;
		ck_assert_msg(fitcmd_parse_interval(bad[i], &v) == STATUS_EINVAL,
			      "'%s' accepted", bad[i]);
		ck_assert_double_eq(v, -1.0);
	}
}
END_TEST

START_TEST(test_help)
{
	ck_assert_int_eq(fit("--help", NULL), 0);
	char *out = slurp(path_out);
	ck_assert(strncmp(out, "usage: ccsim fit TRACE", 22) == 0);
	ck_assert_ptr_nonnull(strstr(out, "exit status"));
	ck_assert_ptr_nonnull(strstr(out, "--counts FILE.csv"));
	free(out);
}
END_TEST

/* ----------------------------------------------------------------- limits */

START_TEST(test_reservoir)
{
	struct fitcmd_reservoir r, r2;
	ck_assert_int_eq(fitcmd_reservoir_init(&r, 1000, true, 7), STATUS_OK);
	ck_assert_int_eq(fitcmd_reservoir_init(&r2, 1000, true, 7), STATUS_OK);
	const int N = 100000;
	for (int i = 0; i < N; i++) {
		ck_assert_int_eq(fitcmd_reservoir_add(&r, i, i % 2 == 1), STATUS_OK);
		ck_assert_int_eq(fitcmd_reservoir_add(&r2, i, i % 2 == 1), STATUS_OK);
	}
	ck_assert_uint_eq(r.n, 1000);
	ck_assert_uint_eq(r.seen, (uint64_t)N);
	/* uniform over 0..N-1: mean (N-1)/2, SE N/sqrt(12)/sqrt(1000) */
	double sum = 0.0;
	char *seen = calloc((size_t)N, 1);
	size_t late = 0;
	for (size_t i = 0; i < r.n; i++) {
		int v = (int)r.x[i];
		ck_assert(v >= 0 && v < N && r.x[i] == v);
		ck_assert_msg(!seen[v], "value %d twice", v);
		seen[v] = 1;
		ck_assert(r.flag[i] == (v % 2 == 1));
		ck_assert(r.x[i] == r2.x[i] && r.flag[i] == r2.flag[i]);
		sum += v;
		late += v >= N / 2;
	}
	free(seen);
	double se = N / sqrt(12.0) / sqrt(1000.0);
	ck_assert_msg(fabs(sum / 1000.0 - (N - 1) / 2.0) < 4.0 * se, "mean %g",
		      sum / 1000.0);
	/* about half from the second half of the stream: binomial SE 15.8 */
	ck_assert_msg(late > 500 - 64 && late < 500 + 64, "%zu late", late);
	fitcmd_reservoir_destroy(&r);
	fitcmd_reservoir_destroy(&r2);
	fitcmd_reservoir_destroy(&r);   /* twice: no-op */

	/* below the cap, everything in order */
	ck_assert_int_eq(fitcmd_reservoir_init(&r, 5000, false, 1), STATUS_OK);
	for (int i = 0; i < 3000; i++)
		ck_assert_int_eq(fitcmd_reservoir_add(&r, i, false), STATUS_OK);
	ck_assert_uint_eq(r.n, 3000);
	ck_assert_ptr_null(r.flag);
	for (int i = 0; i < 3000; i++)
		ck_assert_double_eq(r.x[i], i);
	fitcmd_reservoir_destroy(&r);
}
END_TEST

/* ----------------------------------------------------------------- errors */

START_TEST(test_errors)
{
	const char *cfg = tmp("e.cfg"), *plots = tmp("eplots");
	expect_usage_error(fit("--bogus", "x", NULL), "unknown option '--bogus'");
	expect_usage_error(fit(NULL), "missing TRACE");
	expect_usage_error(fit("a.csv", "b.csv", NULL), "one TRACE expected");
	expect_usage_error(fit("tests/fit/absent.csv", "--out", cfg, NULL),
			   "tests/fit/absent.csv: cannot open: No such file");
	expect_usage_error(fit("tests/fit/empty.csv", "--out", cfg, "--plots",
			       plots, NULL), "no records (an empty trace)");
	expect_usage_error(fit("tests/fit/no-answered.csv", "--out", cfg, NULL),
			   "no handle times in the trace");
	expect_usage_error(fit("tests/fit/agents.csv", "--types", "XX", "--out",
			       cfg, NULL), "no records of the types XX");
	expect_usage_error(fit("tests/fit/bad-row.csv", "--out", cfg, NULL),
			   "tests/fit/bad-row.csv:3: outcome");
	expect_usage_error(fit("tests/fit/long-span.csv", "--out", cfg, NULL),
			   "beyond 3660 days");
	expect_usage_error(fit("tests/fit/agents.csv", "--interval", "7m", "--out",
			       cfg, NULL), "--interval: expected a duration");
	expect_usage_error(fit("tests/fit/agents.csv", "--interval", "30", NULL),
			   "got '30'");
	expect_usage_error(fit("tests/fit/agents.csv", "--day-types", "mon-fri",
			       NULL), "--day-types: sat is in no group");
	expect_usage_error(fit("tests/fit/agents.csv", "--day-types",
			       "mon-sun,sun", NULL), "sun is in two groups");
	expect_usage_error(fit("tests/fit/agents.csv", "--format", "xls", NULL),
			   "--format: expected csv or anonbank");
	expect_usage_error(fit("tests/fit/agents.csv", "--separator", ":", NULL),
			   "--separator");
	expect_usage_error(fit("tests/fit/agents.csv", "--name", "a b", NULL),
			   "--name");
	expect_usage_error(fit("tests/fit/agents.csv", "--out", cfg, "--out",
			       cfg, NULL), "--out given twice");
	expect_usage_error(fit("tests/fit/agents.csv", "--interval", NULL),
			   "--interval needs a value");
	expect_usage_error(fit("--counts", "tests/fit/counts.csv", "--out", cfg,
			       NULL), "--counts writes no scenario");
	expect_usage_error(fit("--counts", "tests/fit/counts.csv", "--types", "PS",
			       NULL), "--types is for a TRACE");
	expect_usage_error(fit("--counts", "tests/fit/counts.csv", "x.csv", NULL),
			   "--counts takes no TRACE");
	expect_usage_error(fit("--counts", "tests/fit/counts-duplicate.csv",
			       "--plots", plots, NULL),
			   "2024-03-04 10:00: 3 rows in one interval");
	expect_usage_error(fit("--counts", "tests/fit/counts-bad-header.csv", NULL),
			   "counts-bad-header.csv:1: expected a header row");
	expect_usage_error(fit("--counts", "tests/fit/counts-bad-calls.csv", NULL),
			   "counts-bad-calls.csv:3: Calls: expected a number");
	expect_usage_error(fit("--counts", "tests/fit/counts-bad-stamp.csv", NULL),
			   "counts-bad-stamp.csv:3: DateTime");
	expect_usage_error(fit("--counts", "tests/fit/counts.csv", "--interval",
			       "20m", NULL), "straddles two intervals");
	expect_usage_error(fit("--counts", "tests/fit/counts.csv", "--interval",
			       "10m", NULL), "bins of 15m are longer");
	expect_usage_error(fit("--counts", "tests/fit/absent.csv", NULL),
			   "cannot open");
	/* nothing was written by any of them */
	ck_assert(!exists(cfg));
	ck_assert(!exists(plots));
	ck_assert(!exists("out/e.cfg"));
}
END_TEST

/* ------------------------------------------------------------------- data */

START_TEST(test_anonymous_bank)
{
	const char *data = getenv("CCSIM_DATA");
	char path[512];
	snprintf(path, sizeof path, "%s/anonymous-bank-1999/february.txt",
		 data != NULL ? data : "../shared/data");
	if (!exists(path)) {
		fprintf(stderr, "check_fitcmd: %s absent: Anonymous Bank test "
			"skipped\n", path);
		return;
	}
	const char *cfg = tmp("february.cfg");
	ck_assert_int_eq(fit(path, "--format", "anonbank", "--day-types",
			     "sun-thu,fri,sat", "--out", cfg, NULL), 0);
	struct scenario sc;
	ck_assert_int_eq(load(cfg, &sc), STATUS_OK);
	ck_assert_int_eq(sc.centre.horizon.days, 28);
	ck_assert_str_eq(sc.name, "february");
	/* records: 33,344 rows less 278 phantom and 1,941 VRU-only calls */
	char *out = slurp(path_out);
	ck_assert_ptr_nonnull(strstr(out, "31125 calls kept"));
	free(out);
	struct experiment *ex = experiment_alloc(&sc, 1, sc.seed);
	ck_assert_int_eq(experiment_run(ex, NULL, NULL), STATUS_OK);
	experiment_free(ex);
	scenario_destroy(&sc);
}
END_TEST

Suite *fitcmd_suite(void);
Suite *fitcmd_suite(void)
{
	Suite *s = suite_create("fitcmd");
	TCase *core = tcase_create("core");
	tcase_set_timeout(core, 120);
	tcase_add_checked_fixture(core, setup, teardown);
	tcase_add_test(core, test_synthetic_recovers);
	tcase_add_test(core, test_synthetic_day_types);
	tcase_add_test(core, test_staffing_three_agents);
	tcase_add_test(core, test_staffing_erlang);
	tcase_add_test(core, test_counts);
	tcase_add_test(core, test_parse_day_types);
	tcase_add_test(core, test_parse_interval);
	tcase_add_test(core, test_help);
	suite_add_tcase(s, core);

	TCase *limits = tcase_create("limits");
	tcase_add_test(limits, test_reservoir);
	suite_add_tcase(s, limits);

	TCase *errors = tcase_create("errors");
	tcase_set_timeout(errors, 60);
	tcase_add_checked_fixture(errors, setup, teardown);
	tcase_add_test(errors, test_errors);
	suite_add_tcase(s, errors);

	TCase *data = tcase_create("data");
	tcase_set_timeout(data, 120);
	tcase_add_checked_fixture(data, setup, teardown);
	tcase_add_test(data, test_anonymous_bank);
	suite_add_tcase(s, data);
	return s;
}
