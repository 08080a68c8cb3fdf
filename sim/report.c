/*
 * report.c: what a run tells its user (see report.h).
 *
 * Three views of one experiment, all read from its tallies and commitment
 * outcomes, none computing anything new but the 95% confidence intervals
 * of the KPI means (tally_ci, Student's t over the replications):
 *
 *   table            for a person: commitments with their verdicts, then a
 *                    per-interval view of each contact type
 *   summary.json     for programs: keys in a fixed order (jansson with
 *                    JSON_PRESERVE_ORDER), ratios as fractions, times in
 *                    seconds, NaN as null (jansson refuses NaN reals)
 *   intervals.csv,   RFC 4180 with a header row: fields are quoted only when
 *   commitments.csv  they need it (comma, double quote, CR or LF), through
 *                    libcsv's csv_fwrite; numbers as "%.6g", NaN as an empty
 *                    field.  Lines end with "\n" (RFC 4180 asks for CRLF,
 *                    but every CSV reader accepts LF and gnuplot and the
 *                    Unix tools prefer it).
 *
 * Interval labels are "Mon 07:00" in the table (weekday of the civil date,
 * from horizon_weekday) and "2024-03-04 07:00" in the CSV ("HH:MM:SS" when
 * an interval does not start on a whole minute).
 * Everything is printed with fixed formats, so the same experiment always
 * gives the same bytes.
 */
#include "report.h"

#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "csvout.h"
#include "outfile.h"
#include "status.h"

#define CI_LEVEL 0.95

static const char *const weekday_abbr[7] = {
	"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"
};

/* ---------------------------------------------------------------- helpers */

static const struct horizon *ex_horizon(const struct experiment *ex)
{
	return &ex->sc->centre.horizon;
}

/* Wait-time KPIs, in seconds. */
static bool kpi_is_time(enum kpi kpi)
{
	switch (kpi) {
	case KPI_ASA:
	case KPI_MEAN_WAIT:
	case KPI_P90_WAIT:
	case KPI_P95_WAIT:
	case KPI_MAX_WAIT:
		return true;
	default:
		return false;
	}
}

/* Copies s into buf (size n) with spaces and hyphens turned to '_':
 * "at risk" -> "at_risk", the form used in JSON and CSV. */
static const char *snake(const char *s, char *buf, size_t n)
{
	size_t i = 0;
	for (; s[i] != '\0' && i + 1 < n; i++)
		buf[i] = (s[i] == ' ' || s[i] == '-') ? '_' : s[i];
	buf[i] = '\0';
	return buf;
}

/* A value of kpi for a person: ratios "80.0%", times "12.3s", counts
 * "12.3"; NaN (or an infinity) "-". */
static const char *fmt_value(enum kpi kpi, double v, char *buf, size_t n)
{
	if (!isfinite(v))
		snprintf(buf, n, "-");
	else if (kpi_is_ratio(kpi))
		snprintf(buf, n, "%.1f%%", 100.0 * v);
	else if (kpi_is_time(kpi))
		snprintf(buf, n, "%.1fs", v);
	else
		snprintf(buf, n, "%.1f", v);
	return buf;
}

/* A target as a scenario states it: "80.0%", "30s", "12". */
static const char *fmt_target(enum kpi kpi, double v, char *buf, size_t n)
{
	if (!isfinite(v))
		snprintf(buf, n, "-");
	else if (kpi_is_ratio(kpi))
		snprintf(buf, n, "%.1f%%", 100.0 * v);
	else if (kpi_is_time(kpi))
		snprintf(buf, n, "%gs", v);
	else
		snprintf(buf, n, "%g", v);
	return buf;
}

/* "service_level(20s)" for KPIs with a threshold, else the KPI's name. */
static const char *fmt_kpi(const struct commitment *c, char *buf, size_t n)
{
	if (kpi_uses_threshold(c->kpi))
		snprintf(buf, n, "%s(%gs)", kpi_name(c->kpi), c->threshold_s);
	else
		snprintf(buf, n, "%s", kpi_name(c->kpi));
	return buf;
}

/* Time of day of interval k: "07:00", or "07:00:30" off the minute. */
static const char *fmt_clock(const struct horizon *h, int k, char *buf, size_t n)
{
	int day = horizon_interval_day(h, k);
	double s = horizon_interval_start(h, k) - day * HORIZON_DAY_S;
	int sec = s > 0.0 ? (int)lround(fmin(s, HORIZON_DAY_S)) : 0;
	int hh = sec / 3600, mm = sec / 60 % 60, ss = sec % 60;
	if (ss != 0)
		snprintf(buf, n, "%02d:%02d:%02d", hh, mm, ss);
	else
		snprintf(buf, n, "%02d:%02d", hh, mm);
	return buf;
}

/* "YYYY-MM-DD" of day d of the horizon. */
static const char *fmt_date(const struct horizon *h, int d, char *buf, size_t n)
{
	int y, m, dd;
	horizon_civil_from_date(h->start_date + d, &y, &m, &dd);
	snprintf(buf, n, "%04d-%02d-%02d", y, m, dd);
	return buf;
}

static const char *weekday_of_day(const struct horizon *h, int d)
{
	int wd = horizon_weekday(h->start_date + d);
	return wd >= 0 && wd < 7 ? weekday_abbr[wd] : "???";
}

/* Mean and 95% CI of a tally; NaN where undefined. */
static void tally_summary(const struct tally *t, double *mean, double *lo,
			  double *hi)
{
	*mean = tally_mean(t);
	if (tally_ci(t, CI_LEVEL, lo, hi) != STATUS_OK) {
		*lo = NAN;
		*hi = NAN;
	}
}

/* Mean agents logged in during interval k, summed over the groups serving
 * type t (NaN when no replication ran; 0 when no group serves t). */
static double agents_logged(const struct experiment *ex, int t, int k)
{
	const struct centre_config *cc = &ex->sc->centre;
	double sum = 0.0;
	for (int g = 0; g < ex->n_groups && g < cc->n_groups; g++)
		if (centre_group_serves(&cc->groups[g], t))
			sum += tally_mean(&ex->logged[(size_t)g * ex->n_intervals + k]);
	return sum;
}

/* "DIR/NAME", malloc'd; NULL when out of memory. */
static char *join_path(const char *dir, const char *name)
{
	size_t a = strlen(dir), b = strlen(name);
	char *p = malloc(a + b + 2);
	if (p == NULL)
		return NULL;
	memcpy(p, dir, a);
	size_t i = a;
	if (a > 0 && dir[a - 1] != '/')
		p[i++] = '/';
	memcpy(p + i, name, b + 1);
	return p;
}

/* ------------------------------------------------------------------ table */

static void print_rule(FILE *out, int width)
{
	fputs("  ", out);
	for (int i = 0; i < width; i++)
		fputc('-', out);
	fputc('\n', out);
}

static void table_commitments(FILE *out, const struct experiment *ex)
{
	const struct scenario *sc = ex->sc;
	char kbuf[64], tbuf[32], tgt[40], est[32], lo[32], hi[32], ci[80], pm[16];

	if (sc->n_commitments == 0) {
		fputs("Commitments: none\n", out);
		return;
	}
	fprintf(out, "Commitments (met: P(met) >= %.0f%%; missed: the whole "
		"95%% CI on the wrong side)\n", 100.0 * sc->confidence);

	/* Name, type and KPI columns are as wide as their longest entry; the
	 * others have fixed widths. */
	int wname = (int)strlen("commitment"), wkpi = (int)strlen("KPI");
	for (int i = 0; i < sc->n_commitments; i++) {
		const struct commitment *c = &sc->commitments[i];
		int ln = (int)strlen(c->name);
		int lk = (int)strlen(fmt_kpi(c, kbuf, sizeof kbuf));
		if (ln > wname)
			wname = ln;
		if (lk > wkpi)
			wkpi = lk;
	}
	int wtype = (int)strlen("type");
	for (int t = 0; t < sc->centre.n_types; t++) {
		int lt = (int)strlen(sc->centre.types[t].name);
		if (lt > wtype)
			wtype = lt;
	}
	const int wper = 8, wtgt = 10, west = 9, wci = 20, wpm = 7;
	fprintf(out, "  %-*s  %-*s  %-*s  %-*s  %-*s  %*s  %-*s  %*s  %s\n",
		wname, "commitment", wtype, "type", wkpi, "KPI", wper, "period",
		wtgt, "target", west, "estimate", wci, "95% CI", wpm, "P(met)",
		"verdict");
	print_rule(out, wname + wtype + wkpi + wper + wtgt + west + wci + wpm
		   + 7 + 8 * 2);

	for (int i = 0; i < sc->n_commitments; i++) {
		const struct commitment *c = &sc->commitments[i];
		const struct commit_outcome *o = &ex->commits[i];
		const char *type = c->contact_type >= 0 &&
			c->contact_type < sc->centre.n_types ?
			sc->centre.types[c->contact_type].name : "?";

		snprintf(tgt, sizeof tgt, "%s %s",
			 c->direction == AT_LEAST ? ">=" : "<=",
			 fmt_target(c->kpi, c->target, tbuf, sizeof tbuf));
		fmt_value(c->kpi, o->estimate, est, sizeof est);
		if (isfinite(o->ci_lo) && isfinite(o->ci_hi))
			snprintf(ci, sizeof ci, "[%s, %s]",
				 fmt_value(c->kpi, o->ci_lo, lo, sizeof lo),
				 fmt_value(c->kpi, o->ci_hi, hi, sizeof hi));
		else
			snprintf(ci, sizeof ci, "-");
		if (isfinite(o->p_met))
			snprintf(pm, sizeof pm, "%.1f%%", 100.0 * o->p_met);
		else
			snprintf(pm, sizeof pm, "-");

		fprintf(out, "  %-*s  %-*s  %-*s  %-*s  %-*s  %*s  %-*s  %*s  %s\n",
			wname, c->name, wtype, type, wkpi,
			fmt_kpi(c, kbuf, sizeof kbuf), wper,
			commit_period_name(c->period), wtgt, tgt, west, est,
			wci, ci, wpm, pm, verdict_name(o->verdict));
	}
}

/* Numbers in the interval view: one decimal, "-" for NaN. */
static const char *fmt_num(double v, double scale, char *buf, size_t n)
{
	if (!isfinite(v))
		snprintf(buf, n, "-");
	else
		snprintf(buf, n, "%.1f", scale * v);
	return buf;
}

/* The service level a model predicts for an interval; NaN when it has no
 * figure.  An unstable Erlang C gives its limit, 0. */
static double analytic_sl(const struct analytic *an, enum erlang_model m)
{
	int st = m == ERLANG_C ? an->c_status : an->a_status;
	const struct erlang_result *r = m == ERLANG_C ? &an->c : &an->a;
	return st == STATUS_OK || st == STATUS_EUNSTABLE ? r->service_level : NAN;
}

/* Per-interval view of type t.  Warm-up intervals are shown, marked "w"
 * after their time: they were simulated, and the reader may want to see the
 * centre filling up, but they count in no day or horizon figure. */
static void table_intervals(FILE *out, const struct experiment *ex, int t)
{
	const struct horizon *h = ex_horizon(ex);
	const struct contact_type_config *ct = &ex->sc->centre.types[t];
	char date[16], clock[16], label[32];
	char pres[24], ans[24], ab[24], sl[24], asa[24], occ[24], lg[24];
	char slc[24], sla[24];

	fprintf(out, "\nIntervals of %s (%d day%s from %s %s; SL threshold %gs",
		ct->name, h->days, h->days == 1 ? "" : "s",
		weekday_of_day(h, 0), fmt_date(h, 0, date, sizeof date),
		ct->threshold_s[0]);
	if (h->n_warmup > 0)
		fputs("; w: warm-up, left out of day and horizon figures", out);
	fputs(")\n  C SL %, A SL %: what Erlang C and Erlang A predict for the interval "
	      "taken alone (unstab: load >= agents)\n", out);

	/* "Mon 07:00 w"; "Mon 07:00:30 w" off the minute. */
	const int wl = 14, wn = 9;
	fprintf(out, "  %-*s  %*s  %*s  %*s  %*s  %*s  %*s  %*s  %*s  %*s  %*s\n",
		wl, "interval", wn, "presented", wn, "answered", wn,
		"abandoned", 6, "SL %", 7, "C SL %", 7, "A SL %", 7, "ASA s", 6,
		"agents", 6, "logged", 6, "occ %");
	print_rule(out, wl + 3 * wn + 6 + 3 * 7 + 6 + 6 + 6 + 10 * 2);

	for (int k = 0; k < ex->n_intervals; k++) {
		int d = horizon_interval_day(h, k);
		snprintf(label, sizeof label, "%s %s%s", weekday_of_day(h, d),
			 fmt_clock(h, k, clock, sizeof clock),
			 k < h->n_warmup ? " w" : "");
		const struct tally *tp = experiment_interval(ex, t, k, 0);
		const struct analytic *an = experiment_analytic(ex, t, k);
		fprintf(out, "  %-*s  %*s  %*s  %*s  %*s  %*s  %*s  %*s  %*d  %*s  %*s\n",
			wl, label,
			wn, fmt_num(tally_mean(&tp[KPI_PRESENTED]), 1, pres, sizeof pres),
			wn, fmt_num(tally_mean(&tp[KPI_ANSWERED]), 1, ans, sizeof ans),
			wn, fmt_num(tally_mean(&tp[KPI_ABANDONED]), 1, ab, sizeof ab),
			6, fmt_num(tally_mean(&tp[KPI_SERVICE_LEVEL]), 100, sl, sizeof sl),
			7, an->c_status == STATUS_EUNSTABLE ? "unstab"
				: fmt_num(analytic_sl(an, ERLANG_C), 100, slc, sizeof slc),
			7, fmt_num(analytic_sl(an, ERLANG_A), 100, sla, sizeof sla),
			7, fmt_num(tally_mean(&tp[KPI_ASA]), 1, asa, sizeof asa),
			6, experiment_scheduled(ex, t, k),
			6, fmt_num(agents_logged(ex, t, k), 1, lg, sizeof lg),
			6, fmt_num(tally_mean(&tp[KPI_OCCUPANCY]), 100, occ, sizeof occ));
	}
}

/* Expected arrivals of type t over the horizon, warm-up included. */
static double expected_calls(const struct experiment *ex, int t)
{
	double sum = 0.0;
	for (int k = 0; k < ex->n_intervals; k++)
		sum += ex->sc->centre.types[t].forecast[k];
	return sum;
}

/* "lognormal, mean 240.0 s" */
static const char *fmt_dist(const struct dist *d, char *buf, size_t n)
{
	snprintf(buf, n, "%s, mean %.1f s", dist_kind_name(d->kind), dist_mean(d));
	return buf;
}

/* What the scenario implies for each contact type, so that a reader can
 * check the inputs before trusting the outputs. */
static void table_inputs(FILE *out, const struct experiment *ex)
{
	char handle[64], wrap[64], patience[64];
	for (int t = 0; t < ex->n_types; t++) {
		const struct contact_type_config *ct = &ex->sc->centre.types[t];
		fprintf(out, "%s: %.0f calls expected; handle time %s; wrap-up %s; "
			"patience %s; SL %s within %gs\n", ct->name,
			expected_calls(ex, t), fmt_dist(&ct->handle, handle, sizeof handle),
			ct->has_wrap ? fmt_dist(&ct->wrap, wrap, sizeof wrap) : "none",
			ct->has_patience ? fmt_dist(&ct->patience, patience, sizeof patience)
					 : "unlimited",
			kpi_sl_formula_name(ct->rules.sl_formula), ct->threshold_s[0]);
	}
	fputc('\n', out);
}

/* Per-day view of type t (horizons of several days). */
static void table_days(FILE *out, const struct experiment *ex, int t)
{
	const struct horizon *h = ex_horizon(ex);
	char date[16], label[32];
	char pres[24], ans[24], ab[24], sl[24], rate[24], asa[24], p90[24], occ[24];
	fprintf(out, "\nDays of %s (warm-up excluded)\n", ex->sc->centre.types[t].name);
	const int wl = 14, wn = 9;
	fprintf(out, "  %-*s  %*s  %*s  %*s  %*s  %*s  %*s  %*s  %*s\n", wl, "day",
		wn, "presented", wn, "answered", wn, "abandoned", 6, "SL %", 7,
		"aband %", 7, "ASA s", 7, "p90 s", 6, "occ %");
	print_rule(out, wl + 3 * wn + 6 + 3 * 7 + 6 + 8 * 2);
	for (int d = 0; d < h->days; d++) {
		const struct tally *tp = experiment_day(ex, t, d, 0);
		if (tp[KPI_RECEIVED].n == 0)
			continue; /* wholly in the warm-up */
		snprintf(label, sizeof label, "%s %s", weekday_of_day(h, d),
			 fmt_date(h, d, date, sizeof date));
		fprintf(out, "  %-*s  %*s  %*s  %*s  %*s  %*s  %*s  %*s  %*s\n", wl, label,
			wn, fmt_num(tally_mean(&tp[KPI_PRESENTED]), 1, pres, sizeof pres),
			wn, fmt_num(tally_mean(&tp[KPI_ANSWERED]), 1, ans, sizeof ans),
			wn, fmt_num(tally_mean(&tp[KPI_ABANDONED]), 1, ab, sizeof ab),
			6, fmt_num(tally_mean(&tp[KPI_SERVICE_LEVEL]), 100, sl, sizeof sl),
			7, fmt_num(tally_mean(&tp[KPI_ABANDON_RATE]), 100, rate, sizeof rate),
			7, fmt_num(tally_mean(&tp[KPI_ASA]), 1, asa, sizeof asa),
			7, fmt_num(tally_mean(&tp[KPI_P90_WAIT]), 1, p90, sizeof p90),
			6, fmt_num(tally_mean(&tp[KPI_OCCUPANCY]), 100, occ, sizeof occ));
	}
}

/* Beyond this many intervals the table leaves the per-interval view to
 * intervals.csv and its plots. */
#define TABLE_MAX_INTERVALS 200

void report_table(FILE *out, const struct experiment *ex)
{
	fprintf(out, "Scenario %s: %d replication%s, seed %llu\n",
		ex->sc->name, ex->replications, ex->replications == 1 ? "" : "s",
		(unsigned long long)ex->seed);
	table_inputs(out, ex);
	table_commitments(out, ex);
	for (int t = 0; t < ex->n_types; t++) {
		if (ex->n_days > 1)
			table_days(out, ex, t);
		if (ex->n_intervals <= TABLE_MAX_INTERVALS)
			table_intervals(out, ex, t);
		else
			fprintf(out, "\n%d intervals of %s: see intervals.csv\n",
				ex->n_intervals, ex->sc->centre.types[t].name);
	}
}

/* ------------------------------------------------------------------- JSON */

/* A JSON number, or null for NaN and infinities (which JSON cannot hold). */
static json_t *json_num(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}

/* An unsigned count: an integer when it fits json_int_t, else its decimal
 * digits as a string (no precision is lost either way). */
static json_t *json_u64(uint64_t v)
{
#if JSON_INTEGER_IS_LONG_LONG
	const uint64_t int_max = LLONG_MAX;
#else
	const uint64_t int_max = LONG_MAX;
#endif
	if (v <= int_max)
		return json_integer((json_int_t)v);
	char buf[24];
	snprintf(buf, sizeof buf, "%llu", (unsigned long long)v);
	return json_string(buf);
}

/* [lo, hi] */
static json_t *json_pair(double lo, double hi)
{
	json_t *a = json_array();
	if (a == NULL)
		return NULL;
	if (json_array_append_new(a, json_num(lo)) != 0 ||
	    json_array_append_new(a, json_num(hi)) != 0) {
		json_decref(a);
		return NULL;
	}
	return a;
}

/* json_object_set_new, counting failures in *bad (a NULL value, from a
 * failed constructor, is one; jansson frees the value on failure). */
static void put(json_t *obj, const char *key, json_t *val, int *bad)
{
	if (obj == NULL || json_object_set_new(obj, key, val) != 0)
		(*bad)++;
}

static void append(json_t *arr, json_t *val, int *bad)
{
	if (arr == NULL || json_array_append_new(arr, val) != 0)
		(*bad)++;
}

static json_t *json_commitment(const struct experiment *ex, int i, int *bad)
{
	const struct scenario *sc = ex->sc;
	const struct commitment *c = &sc->commitments[i];
	const struct commit_outcome *o = &ex->commits[i];
	char vb[32];
	json_t *obj = json_object();

	put(obj, "name", json_string(c->name), bad);
	put(obj, "kpi", json_string(kpi_name(c->kpi)), bad);
	put(obj, "contact_type", json_string(c->contact_type >= 0 &&
		c->contact_type < sc->centre.n_types ?
		sc->centre.types[c->contact_type].name : ""), bad);
	if (kpi_uses_threshold(c->kpi))
		put(obj, "threshold_s", json_num(c->threshold_s), bad);
	put(obj, "period", json_string(commit_period_name(c->period)), bad);
	put(obj, "target", json_num(c->target), bad);
	put(obj, "direction", json_string(snake(commit_direction_name(c->direction),
						vb, sizeof vb)), bad);
	put(obj, "estimate", json_num(o->estimate), bad);
	put(obj, "ci95", json_pair(o->ci_lo, o->ci_hi), bad);
	put(obj, "p_met", json_num(o->p_met), bad);
	put(obj, "pairs", json_u64(o->pairs), bad);
	put(obj, "met", json_u64(o->met), bad);
	put(obj, "verdict", json_string(snake(verdict_name(o->verdict), vb,
					      sizeof vb)), bad);
	return obj;
}

static json_t *json_dist(const struct dist *d, int *bad)
{
	json_t *obj = json_object();
	put(obj, "dist", json_string(dist_kind_name(d->kind)), bad);
	put(obj, "mean_s", json_num(dist_mean(d)), bad);
	put(obj, "sd_s", json_num(sqrt(dist_variance(d))), bad);
	return obj;
}

/* What the scenario implies for type t (inputs, not results). */
static json_t *json_type_inputs(const struct experiment *ex, int t, int *bad)
{
	const struct contact_type_config *ct = &ex->sc->centre.types[t];
	json_t *obj = json_object();
	put(obj, "expected_calls", json_num(expected_calls(ex, t)), bad);
	put(obj, "handle_time", json_dist(&ct->handle, bad), bad);
	put(obj, "wrap_up", ct->has_wrap ? json_dist(&ct->wrap, bad) : json_null(), bad);
	put(obj, "patience", ct->has_patience ? json_dist(&ct->patience, bad) : json_null(), bad);
	put(obj, "sl_threshold_s", json_num(ct->threshold_s[0]), bad);
	put(obj, "sl_formula", json_string(kpi_sl_formula_name(ct->rules.sl_formula)), bad);
	return obj;
}

static json_t *json_type_kpis(const struct experiment *ex, int t, int *bad)
{
	json_t *obj = json_object();
	for (int k = 0; k < KPI_COUNT; k++) {
		double m, lo, hi;
		tally_summary(experiment_horizon(ex, t, k), &m, &lo, &hi);
		json_t *v = json_object();
		put(v, "mean", json_num(m), bad);
		put(v, "ci95", json_pair(lo, hi), bad);
		put(obj, kpi_name((enum kpi)k), v, bad);
	}
	return obj;
}

/* The summary object; NULL when out of memory. */
static json_t *summary_json(const struct experiment *ex)
{
	const struct scenario *sc = ex->sc;
	int bad = 0;
	json_t *root = json_object();
	if (root == NULL)
		return NULL;

	put(root, "scenario", json_string(sc->name), &bad);
	put(root, "replications", json_integer(ex->replications), &bad);
	put(root, "seed", json_u64(ex->seed), &bad);
	put(root, "confidence", json_num(sc->confidence), &bad);

	json_t *commits = json_array();
	for (int i = 0; i < sc->n_commitments; i++)
		append(commits, json_commitment(ex, i, &bad), &bad);
	put(root, "commitments", commits, &bad);

	json_t *kpis = json_object();
	for (int t = 0; t < ex->n_types; t++)
		put(kpis, sc->centre.types[t].name, json_type_kpis(ex, t, &bad),
		    &bad);
	put(root, "kpis", kpis, &bad);

	json_t *inputs = json_object();
	for (int t = 0; t < ex->n_types; t++)
		put(inputs, sc->centre.types[t].name, json_type_inputs(ex, t, &bad),
		    &bad);
	put(root, "inputs", inputs, &bad);

	put(root, "calls_simulated", json_u64(ex->calls), &bad);
	put(root, "events", json_u64(ex->events), &bad);

	if (bad != 0) {
		json_decref(root);
		return NULL;
	}
	return root;
}

int report_summary(FILE *out, const struct experiment *ex)
{
	json_t *root = summary_json(ex);
	if (root == NULL)
		return STATUS_ENOMEM;
	int rc = json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
			    JSON_REAL_PRECISION(10));
	json_decref(root);
	if (rc != 0 || fputc('\n', out) == EOF || ferror(out))
		return STATUS_EIO;
	return STATUS_OK;
}

/* -------------------------------------------------------------------- CSV */

static void csv_sep(FILE *f)
{
	fputc(',', f);
}

/* Opens DIR/NAME, lets fill() write it and commits it; on a write error
 * nothing is left.  Status as report.h says. */
static int write_atomically(const char *dir, const char *name,
			    int (*fill)(FILE *, const struct experiment *),
			    const struct experiment *ex)
{
	char *path = join_path(dir, name);
	if (path == NULL)
		return STATUS_ENOMEM;
	struct outfile of;
	int rc = outfile_open(&of, path);
	free(path);
	if (rc != STATUS_OK)
		return rc;
	rc = fill(of.fp, ex);
	if (rc == STATUS_OK && ferror(of.fp))
		rc = STATUS_EIO;
	if (rc != STATUS_OK) {
		outfile_abort(&of);
		return rc;
	}
	return outfile_commit(&of);
}

static void csv_tally(FILE *f, const struct tally *t)
{
	double m, lo, hi;
	tally_summary(t, &m, &lo, &hi);
	csv_sep(f);
	csvout_num(f, m);
	csv_sep(f);
	csvout_num(f, lo);
	csv_sep(f);
	csvout_num(f, hi);
}

/* The Erlang columns of an interval: empty where a model has no figure;
 * an unstable Erlang C has stable = 0, its limits for the probabilities and
 * empty (infinite) waits. */
static void csv_analytic(FILE *f, const struct analytic *an)
{
	bool c_ok = an->c_status == STATUS_OK, c_lim = an->c_status == STATUS_EUNSTABLE;
	bool a_ok = an->a_status == STATUS_OK;
	const struct erlang_result *c = &an->c, *a = &an->a;
	fputs(c_ok ? ",1" : c_lim ? ",0" : ",", f);
	const double cv[] = { c->p_wait, c->service_level, c_ok ? c->asa_s : NAN, c->occupancy };
	for (size_t i = 0; i < sizeof cv / sizeof cv[0]; i++) {
		csv_sep(f);
		csvout_num(f, c_ok || c_lim ? cv[i] : NAN);
	}
	const double av[] = { a->p_wait, a->service_level, a->asa_s, a->p_abandon,
			      a->mean_wait_s, a->occupancy };
	for (size_t i = 0; i < sizeof av / sizeof av[0]; i++) {
		csv_sep(f);
		csvout_num(f, a_ok ? av[i] : NAN);
	}
}

static int write_intervals(FILE *f, const struct experiment *ex)
{
	const struct horizon *h = ex_horizon(ex);
	char date[16], clock[16], start[40];

	fputs("contact_type,interval,day,start,start_s,warmup,agents_scheduled,"
	      "agents_logged_mean", f);
	for (int k = 0; k < KPI_COUNT; k++) {
		const char *n = kpi_name((enum kpi)k);
		fprintf(f, ",%s_mean,%s_lo,%s_hi", n, n, n);
	}
	fputs(",erlang_c_stable,erlang_c_p_wait,erlang_c_service_level,erlang_c_asa_s,"
	      "erlang_c_occupancy,erlang_a_p_wait,erlang_a_service_level,erlang_a_asa_s,"
	      "erlang_a_abandon_rate,erlang_a_mean_wait_s,erlang_a_occupancy\n", f);

	for (int t = 0; t < ex->n_types; t++) {
		for (int k = 0; k < ex->n_intervals; k++) {
			int d = horizon_interval_day(h, k);
			csvout_text(f, ex->sc->centre.types[t].name);
			fprintf(f, ",%d,%d,", k, d);
			snprintf(start, sizeof start, "%s %s",
				 fmt_date(h, d, date, sizeof date),
				 fmt_clock(h, k, clock, sizeof clock));
			csvout_text(f, start);
			/* Seconds since day 0's midnight: %.10g keeps them exact
			 * over long horizons, where %.6g would round. */
			fprintf(f, ",%.10g,%d,%d,", horizon_interval_start(h, k),
				k < h->n_warmup ? 1 : 0,
				experiment_scheduled(ex, t, k));
			csvout_num(f, agents_logged(ex, t, k));
			for (int q = 0; q < KPI_COUNT; q++)
				csv_tally(f, experiment_interval(ex, t, k, q));
			csv_analytic(f, experiment_analytic(ex, t, k));
			fputc('\n', f);
		}
	}
	return STATUS_OK;
}

/* One row per contact type and day; a day wholly in the warm-up has empty
 * KPI fields. */
static int write_days(FILE *f, const struct experiment *ex)
{
	const struct horizon *h = ex_horizon(ex);
	char date[16];
	fputs("contact_type,day,date,weekday", f);
	for (int k = 0; k < KPI_COUNT; k++) {
		const char *n = kpi_name((enum kpi)k);
		fprintf(f, ",%s_mean,%s_lo,%s_hi", n, n, n);
	}
	fputc('\n', f);
	for (int t = 0; t < ex->n_types; t++)
		for (int d = 0; d < ex->n_days; d++) {
			csvout_text(f, ex->sc->centre.types[t].name);
			fprintf(f, ",%d,%s,%s", d, fmt_date(h, d, date, sizeof date),
				weekday_of_day(h, d));
			for (int q = 0; q < KPI_COUNT; q++)
				csv_tally(f, experiment_day(ex, t, d, q));
			fputc('\n', f);
		}
	return STATUS_OK;
}

static int write_commitments(FILE *f, const struct experiment *ex)
{
	const struct scenario *sc = ex->sc;
	char vb[32];

	fputs("name,kpi,contact_type,threshold_s,period,direction,target,"
	      "estimate,ci_lo,ci_hi,p_met,verdict,pairs,met\n", f);
	for (int i = 0; i < sc->n_commitments; i++) {
		const struct commitment *c = &sc->commitments[i];
		const struct commit_outcome *o = &ex->commits[i];
		csvout_text(f, c->name);
		csv_sep(f);
		csvout_text(f, kpi_name(c->kpi));
		csv_sep(f);
		csvout_text(f, c->contact_type >= 0 &&
			 c->contact_type < sc->centre.n_types ?
			 sc->centre.types[c->contact_type].name : "");
		csv_sep(f);
		if (kpi_uses_threshold(c->kpi))
			csvout_num(f, c->threshold_s);
		csv_sep(f);
		csvout_text(f, commit_period_name(c->period));
		csv_sep(f);
		csvout_text(f, snake(commit_direction_name(c->direction), vb,
				  sizeof vb));
		csv_sep(f);
		csvout_num(f, c->target);
		csv_sep(f);
		csvout_num(f, o->estimate);
		csv_sep(f);
		csvout_num(f, o->ci_lo);
		csv_sep(f);
		csvout_num(f, o->ci_hi);
		csv_sep(f);
		csvout_num(f, o->p_met);
		csv_sep(f);
		csvout_text(f, snake(verdict_name(o->verdict), vb, sizeof vb));
		fprintf(f, ",%llu,%llu\n", (unsigned long long)o->pairs,
			(unsigned long long)o->met);
	}
	return STATUS_OK;
}

int report_write_summary(const struct experiment *ex, const char *dir)
{
	return write_atomically(dir, "summary.json", report_summary, ex);
}

int report_write_intervals(const struct experiment *ex, const char *dir)
{
	return write_atomically(dir, "intervals.csv", write_intervals, ex);
}

int report_write_days(const struct experiment *ex, const char *dir)
{
	return write_atomically(dir, "days.csv", write_days, ex);
}

int report_write_commitments(const struct experiment *ex, const char *dir)
{
	return write_atomically(dir, "commitments.csv", write_commitments, ex);
}
