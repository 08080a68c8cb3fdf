/*
 * check_replay.c: tests of sim/replay (recorded calls replayed in time
 * order, their actual KPIs, the staffing plan CSV).
 *
 * core:   the actual KPIs of tests/replay/small.csv against counts made by
 *         hand from its rows (tests/replay/README.md); the external merge
 *         sort against a reference sort, for a shuffled trace with ties,
 *         with runs of 7, 1000 and the default; --types mapping; a trace
 *         generated here by an exact single-agent FIFO queue with
 *         abandonment (Lindley's recursion on the workload) replayed
 *         through the centre: every count and wait sum of every interval
 *         equals the recorded one, for two seeds and any chunk size, and
 *         the replay's errors are 0; the same seed gives the same tallies;
 *         a staffing plan CSV overriding the plan.
 * errors: every message of the staffing plan CSV with its FILE:LINE, the
 *         plan unchanged; a trace outside the horizon, a missing file, a
 *         bad row, bad --types entries, unmapped types, skip_bad_rows.
 */
#define _GNU_SOURCE  /* open_memstream, mkdtemp */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <check.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "../models/centre.h"
#include "../sim/experiment.h"
#include "../sim/replay.h"
#include "../sim/scenario.h"
#include "../sim/status.h"

Suite *replay_suite(void);

#define FIX "tests/replay/"

/* ---- helpers ---------------------------------------------------------------- */

static char tmpdir[64];
static char tmppaths[32][128];
static int n_tmp;

static void tmp_setup(void)
{
	snprintf(tmpdir, sizeof tmpdir, "%s", "/tmp/check_replay.XXXXXX");
	ck_assert(mkdtemp(tmpdir) != NULL);
	n_tmp = 0;
}

static void tmp_teardown(void)
{
	for (int i = 0; i < n_tmp; i++)
		unlink(tmppaths[i]);
	rmdir(tmpdir);
}

/* A new file tmpdir/name, open for writing; its path in *path. */
static FILE *tmp_file(const char *name, const char **path)
{
	ck_assert(n_tmp < 32);
	char *p = tmppaths[n_tmp++];
	snprintf(p, sizeof tmppaths[0], "%s/%s", tmpdir, name);
	FILE *f = fopen(p, "wb");
	ck_assert(f != NULL);
	*path = p;
	return f;
}

static const char *write_tmp(const char *name, const char *text)
{
	const char *path;
	FILE *f = tmp_file(name, &path);
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
	return path;
}

static void load(const char *path, struct scenario *sc)
{
	ck_assert_int_eq(scenario_load(path, sc, stderr), STATUS_OK);
}

/* replay_open with errors caught in *msg (caller frees). */
static int open_msg(const char *path, const struct replay_options *opt,
		    struct scenario *sc, struct replay **rp, char **msg)
{
	size_t len;
	*msg = NULL;
	FILE *f = open_memstream(msg, &len);
	ck_assert(f != NULL);
	int st = replay_open(path, opt, &sc->centre, rp, f);
	ck_assert_int_eq(fclose(f), 0);
	return st;
}

static int count_lines(const char *s)
{
	int n = 0;
	for (; *s; s++)
		n += *s == '\n';
	return n;
}

#define assert_close(a, b) ck_assert_msg(fabs((a) - (b)) < 1e-12, \
	"%s = %.17g, expected %.17g", #a, (double)(a), (double)(b))

/* ---- core -------------------------------------------------------------------- */

/* tests/replay/small.csv, counted by hand (small.cfg: Monday 2024-03-04
 * and Tuesday, 08:00-10:00 in half-hours, k 0-3 and 4-7; SL within 30 s
 * over presented; short abandons under 10 s):
 *   k 0  08:05 ans 10, 08:10 ans 25, 08:20 ab 40, 08:29:59 ans 70
 *   k 1  08:30 ans 0, 08:45 ab 5 (short)
 *   k 2  09:15 no outcome, no wait: received, not measured
 *   k 4  Tue 08:00 ans 20
 *   k 7  Tue 09:59:59 ab 61
 *   outside: Mon 07:59:59, Tue 10:00:00, Wed 08:00 (after the horizon)
 * k 0: presented 4, A 3, B 1; A within 20/30/60: 1/2/2; B within 60: 1;
 *      SL30 2/4, SL20 1/4, SL60 2/4; abandon 1/4; ASA 105/3 = 35.
 * k 1: presented 2, A 1, B 1 (within 20, short); SL 1/2; ASA 0.
 * Monday: presented 6, A 4, B 2; A within 20/30/60: 2/3/3; SL30 3/6,
 *      SL20 2/6, SL60 3/6; abandon 2/6; ASA 105/4 = 26.25.
 * Tuesday: presented 2, A 1 (20 s: within 20), B 1 (61 s: not within 60);
 *      SL 1/2 at every threshold; abandon 1/2; ASA 20.
 * 08:00 hour (k 0, 1, 4, 5): presented 7, A 5, B 2; A within 30: 4; SL 4/7;
 *      abandon 2/7; ASA 125/5 = 25.  09:00 hour (k 2, 3, 6, 7): presented 1,
 *      B 1: SL 0, abandon 1, ASA undefined. */
START_TEST(test_actual_hand_counts)
{
	struct scenario sc;
	load(FIX "small.cfg", &sc);
	struct replay_options opt = { 0 };
	struct replay *rp;
	ck_assert_int_eq(replay_open(FIX "small.csv", &opt, &sc.centre, &rp, stderr), STATUS_OK);
	const struct replay_stats *st = replay_stats(rp);
	ck_assert_uint_eq(st->rows, 12);
	ck_assert_uint_eq(st->calls, 9);
	ck_assert_uint_eq(st->outside, 3);
	ck_assert_uint_eq(st->unmeasured, 1);
	ck_assert_uint_eq(st->skipped_bad, 0);
	ck_assert_uint_eq(st->runs, 1);

	/* thresholds: 30 s (the type's), then 20 s and 60 s added */
	const struct contact_type_config *ct = &sc.centre.types[0];
	ck_assert_int_eq(ct->n_thresholds, 3);
	ck_assert(ct->threshold_s[0] == 30.0 && ct->threshold_s[1] == 20.0 &&
		  ct->threshold_s[2] == 60.0);

	const struct kpi_counts *k0 = replay_actual(rp, 0, 0);
	ck_assert_uint_eq(k0->received, 4);
	ck_assert_uint_eq(k0->presented, 4);
	ck_assert_uint_eq(k0->answered, 3);
	ck_assert_uint_eq(k0->abandoned, 1);
	ck_assert_uint_eq(k0->answered_within[0], 2);
	ck_assert_uint_eq(k0->answered_within[1], 1);
	ck_assert_uint_eq(k0->answered_within[2], 2);
	ck_assert_uint_eq(k0->abandoned_within[0], 0);
	ck_assert_uint_eq(k0->abandoned_within[2], 1);
	ck_assert_uint_eq(k0->short_abandons, 0);
	assert_close(k0->wait_answered_s, 105.0);
	assert_close(k0->wait_all_s, 145.0);
	assert_close(k0->max_wait_s, 70.0);
	assert_close(replay_actual_interval(rp, 0, 0, REPLAY_SL), 0.5);
	assert_close(replay_actual_interval(rp, 0, 0, REPLAY_SL_20S), 0.25);
	assert_close(replay_actual_interval(rp, 0, 0, REPLAY_SL_60S), 0.5);
	assert_close(replay_actual_interval(rp, 0, 0, REPLAY_ABANDON_RATE), 0.25);
	assert_close(replay_actual_interval(rp, 0, 0, REPLAY_ASA), 35.0);

	const struct kpi_counts *k1 = replay_actual(rp, 0, 1);
	ck_assert_uint_eq(k1->presented, 2);
	ck_assert_uint_eq(k1->short_abandons, 1);
	ck_assert_uint_eq(k1->abandoned_within[1], 1);
	assert_close(replay_actual_interval(rp, 0, 1, REPLAY_SL), 0.5);
	assert_close(replay_actual_interval(rp, 0, 1, REPLAY_ASA), 0.0);

	ck_assert_uint_eq(replay_actual(rp, 0, 2)->received, 1);
	ck_assert_uint_eq(replay_actual(rp, 0, 2)->presented, 0);
	ck_assert(isnan(replay_actual_interval(rp, 0, 2, REPLAY_SL)));
	ck_assert_uint_eq(replay_actual(rp, 0, 3)->received, 0);
	ck_assert_uint_eq(replay_actual(rp, 0, 7)->abandoned, 1);
	ck_assert_uint_eq(replay_actual(rp, 0, 7)->abandoned_within[2], 0);

	/* the forecast is now the trace's calls per interval */
	static const double fc[8] = { 4, 2, 1, 0, 1, 0, 0, 1 };
	for (int k = 0; k < 8; k++)
		ck_assert(ct->forecast[k] == fc[k]);

	ck_assert(replay_day_judged(rp, 0) && replay_day_judged(rp, 1));
	assert_close(replay_actual_day(rp, 0, 0, REPLAY_PRESENTED), 6.0);
	assert_close(replay_actual_day(rp, 0, 0, REPLAY_SL), 0.5);
	assert_close(replay_actual_day(rp, 0, 0, REPLAY_SL_20S), 2.0 / 6.0);
	assert_close(replay_actual_day(rp, 0, 0, REPLAY_SL_60S), 0.5);
	assert_close(replay_actual_day(rp, 0, 0, REPLAY_ABANDON_RATE), 2.0 / 6.0);
	assert_close(replay_actual_day(rp, 0, 0, REPLAY_ASA), 26.25);
	assert_close(replay_actual_day(rp, 0, 1, REPLAY_SL), 0.5);
	assert_close(replay_actual_day(rp, 0, 1, REPLAY_SL_20S), 0.5);
	assert_close(replay_actual_day(rp, 0, 1, REPLAY_SL_60S), 0.5);
	assert_close(replay_actual_day(rp, 0, 1, REPLAY_ASA), 20.0);

	for (int h = 0; h < REPLAY_HOURS; h++)
		ck_assert(replay_hour_used(rp, h) == (h == 8 || h == 9));
	assert_close(replay_actual_hour(rp, 0, 8, REPLAY_PRESENTED), 7.0);
	assert_close(replay_actual_hour(rp, 0, 8, REPLAY_SL), 4.0 / 7.0);
	assert_close(replay_actual_hour(rp, 0, 8, REPLAY_ABANDON_RATE), 2.0 / 7.0);
	assert_close(replay_actual_hour(rp, 0, 8, REPLAY_ASA), 25.0);
	assert_close(replay_actual_hour(rp, 0, 9, REPLAY_SL), 0.0);
	assert_close(replay_actual_hour(rp, 0, 9, REPLAY_ABANDON_RATE), 1.0);
	ck_assert(isnan(replay_actual_hour(rp, 0, 9, REPLAY_ASA)));
	ck_assert(isnan(replay_actual_hour(rp, 0, 10, REPLAY_SL)));

	/* the calls come out in time order, the first the 08:05 one */
	const struct replay_source *src = replay_source(rp);
	struct replay_call c;
	double last = -1.0;
	int n = 0;
	ck_assert_int_eq(src->rewind(src->arg), STATUS_OK);
	while (src->next(src->arg, &c) == 1) {
		if (n == 0) {
			assert_close(c.time, 8 * 3600.0 + 300.0);
			assert_close(c.handle_s, 100.0);
			ck_assert(isnan(c.patience_s));
			assert_close(c.waited_s, 10.0);
		}
		ck_assert(c.time >= last);
		last = c.time;
		if (c.time == 8 * 3600.0 + 1200.0)   /* the 08:20 abandon */
			assert_close(c.patience_s, 40.0);
		if (c.time == 9 * 3600.0 + 900.0) {  /* no outcome */
			ck_assert(isnan(c.patience_s));
			assert_close(c.waited_s, 0.0);
		}
		n++;
	}
	ck_assert_int_eq(n, 9);
	replay_free(rp);
	scenario_destroy(&sc);
}
END_TEST

/* min_calls leaves thin periods out of the error figures: small.csv's days
 * hold 6 and 2 presented calls, its hours 7 and 1.  After one replication,
 * with min_calls 3 one day and one hour count; with 8, none (NaN). */
START_TEST(test_error_min_calls)
{
	static const struct { uint64_t min; int days, hours; } want[] = {
		{ 0, 2, 2 }, { 3, 1, 1 }, { 8, 0, 0 },
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		struct scenario sc;
		load(FIX "small.cfg", &sc);
		struct replay_options opt = { .min_calls = want[i].min };
		struct replay *rp;
		ck_assert_int_eq(replay_open(FIX "small.csv", &opt, &sc.centre, &rp, stderr),
				 STATUS_OK);
		struct experiment *ex = experiment_alloc(&sc, 1, 5);
		ck_assert_ptr_nonnull(ex);
		experiment_set_replay(ex, replay_source(rp));
		experiment_set_observer(ex, replay_observe, rp);
		ck_assert_int_eq(experiment_run(ex, NULL, NULL), STATUS_OK);
		double mae, bias, rmse;
		ck_assert_int_eq(replay_error(rp, 0, false, REPLAY_ABANDON_RATE, &mae, &bias,
					      &rmse), want[i].days);
		ck_assert_int_eq(replay_error(rp, 0, true, REPLAY_ABANDON_RATE, &mae, &bias,
					      &rmse), want[i].hours);
		ck_assert(want[i].days > 0 || isnan(mae));
		experiment_free(ex);
		replay_free(rp);
		scenario_destroy(&sc);
	}
}
END_TEST

/* A shuffled trace of 5000 calls over both windows of small.cfg, whole
 * seconds (so many ties), each call told apart by its handle time (its
 * index).  The replay's sequence must be the trace sorted by time, ties
 * in file order, whatever the chunk: 7 (715 runs), 1000 (5 runs), the
 * default (in memory); and the same again after a rewind. */
START_TEST(test_external_sort)
{
	enum { N = 5000 };
	static double t[N];
	static int line_of[N], order[N];
	gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(g, 7);
	const char *path;
	FILE *f = tmp_file("shuffled.csv", &path);
	fputs("arrival,type,handle_s,wait_s,outcome\n", f);
	for (int i = 0; i < N; i++) {
		int day = (int)gsl_rng_uniform_int(g, 2);
		int s = 8 * 3600 + (int)gsl_rng_uniform_int(g, 7200);
		t[i] = day * 86400.0 + s;
		fprintf(f, "2024-03-0%d %02d:%02d:%02d,calls,%d,0,answered\n", 4 + day, s / 3600,
			s / 60 % 60, s % 60, i + 1);
		line_of[i] = i;
		order[i] = i;
	}
	ck_assert_int_eq(fclose(f), 0);
	gsl_rng_free(g);
	/* reference: insertion-free stable sort by (time, line) */
	for (int i = 1; i < N; i++) {
		int x = order[i], j = i;
		while (j > 0 && (t[order[j - 1]] > t[x] ||
				 (t[order[j - 1]] == t[x] && line_of[order[j - 1]] > line_of[x]))) {
			order[j] = order[j - 1];
			j--;
		}
		order[j] = x;
	}
	static const size_t chunks[] = { 7, 1000, 0 };
	static const uint64_t runs[] = { 715, 5, 1 };
	for (size_t c = 0; c < 3; c++) {
		struct scenario sc;
		load(FIX "small.cfg", &sc);
		struct replay_options opt = { .chunk = chunks[c] };
		struct replay *rp;
		ck_assert_int_eq(replay_open(path, &opt, &sc.centre, &rp, stderr), STATUS_OK);
		ck_assert_uint_eq(replay_stats(rp)->runs, runs[c]);
		ck_assert_uint_eq(replay_stats(rp)->calls, N);
		const struct replay_source *src = replay_source(rp);
		for (int pass = 0; pass < 2; pass++) {
			struct replay_call call;
			ck_assert_int_eq(src->rewind(src->arg), STATUS_OK);
			for (int i = 0; i < N; i++) {
				ck_assert_int_eq(src->next(src->arg, &call), 1);
				ck_assert_msg(call.handle_s == order[i] + 1,
					      "chunk %zu pass %d call %d: handle %g, expected %d",
					      chunks[c], pass, i, call.handle_s, order[i] + 1);
				ck_assert(call.time == t[order[i]]);
			}
			ck_assert_int_eq(src->next(src->arg, &call), 0);
		}
		replay_free(rp);
		scenario_destroy(&sc);
	}
}
END_TEST

/* two.cfg has the voice types calls and sales (and a written type).
 * tests/replay/types.csv: PS, PE, calls, sales, PS, XX on lines 2-7. */
START_TEST(test_types_mapping)
{
	struct scenario sc;
	struct replay *rp;
	char *msg;
	load(FIX "two.cfg", &sc);
	struct replay_options opt = { .types = "PS=calls, PE = sales" };
	opt.format.skip_bad_rows = true;
	ck_assert_int_eq(open_msg(FIX "types.csv", &opt, &sc, &rp, &msg), STATUS_OK);
	ck_assert_str_eq(msg, FIX "types.csv:7: type \"XX\": no contact type of the scenario: "
			 "skipped\n");
	free(msg);
	ck_assert_uint_eq(replay_stats(rp)->calls, 5);
	ck_assert_uint_eq(replay_stats(rp)->skipped_bad, 1);
	/* calls: PS 08:00, calls 08:20 (k 0), PS 09:00 (k 1); sales: PE, sales */
	ck_assert_uint_eq(replay_actual(rp, 0, 0)->received, 2);
	ck_assert_uint_eq(replay_actual(rp, 0, 1)->received, 1);
	ck_assert_uint_eq(replay_actual(rp, 1, 0)->received, 2);
	ck_assert_uint_eq(replay_actual(rp, 1, 1)->received, 0);
	replay_free(rp);
	scenario_destroy(&sc);

	/* without --types, PS maps nowhere (two voice types): an error */
	load(FIX "two.cfg", &sc);
	opt = (struct replay_options){ 0 };
	ck_assert_int_eq(open_msg(FIX "types.csv", &opt, &sc, &rp, &msg), STATUS_EINVAL);
	ck_assert_ptr_null(rp);
	ck_assert_str_eq(msg, FIX "types.csv:2: type \"PS\": no contact type of the scenario; "
			 "expected --types PS=NAME with NAME one of calls, sales\n");
	free(msg);
	scenario_destroy(&sc);

	/* with --types, XX (line 7) is an error unless skipped */
	load(FIX "two.cfg", &sc);
	opt.types = "PS=calls,PE=sales";
	ck_assert_int_eq(open_msg(FIX "types.csv", &opt, &sc, &rp, &msg), STATUS_EINVAL);
	ck_assert_str_eq(msg, FIX "types.csv:7: type \"XX\": no contact type of the scenario; "
			 "expected --types XX=NAME with NAME one of calls, sales\n");
	free(msg);
	scenario_destroy(&sc);

	/* one voice type: every type goes to it without --types */
	load(FIX "small.cfg", &sc);
	opt.types = NULL;
	const char *p = write_tmp("ps.csv", "arrival,type\n2024-03-04 08:00:00,PS\n"
				  "2024-03-04 08:01:00,XX\n");
	ck_assert_int_eq(replay_open(p, &opt, &sc.centre, &rp, stderr), STATUS_OK);
	ck_assert_uint_eq(replay_actual(rp, 0, 0)->received, 2);
	ck_assert_uint_eq(replay_stats(rp)->unmeasured, 2);
	ck_assert(!replay_has_actual(rp, 0));
	replay_free(rp);
	scenario_destroy(&sc);
}
END_TEST

/* A trace made by an exact single-agent FIFO queue with abandonment: the
 * workload W seen by a call arriving at a (the agent is free at
 * free_at): W = max(0, free_at - a); the call is answered after W when
 * W < its patience p (free_at becomes max(free_at, a) + handle), else it
 * abandons after p.  Arrivals at distinct whole seconds, handles whole
 * seconds, patience a whole number + 0.5 s (no tie with a wait).  The
 * trace records answered calls with their wait and handle (no patience),
 * abandoned ones with their patience.  Replayed with one agent, each call
 * waits again exactly what was recorded: answered calls draw a patience
 * above their recorded wait, which never matters; so the replay's counts
 * equal the recorded ones in every interval, whatever the seed. */
static const char *lindley_trace(int n, uint64_t *answered, uint64_t *abandoned)
{
	gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(g, 2024);
	const char *path;
	FILE *f = tmp_file("lindley.csv", &path);
	fputs("arrival,type,handle_s,wait_s,patience_s,outcome\n", f);
	/* rows in a shuffled order: keep them, then write permuted */
	char (*rows)[96] = malloc((size_t)n * sizeof *rows);
	ck_assert_ptr_nonnull(rows);
	double a = 8 * 3600.0, free_at = 0.0;
	*answered = *abandoned = 0;
	for (int i = 0; i < n; i++) {
		a += 1.0 + floor(gsl_ran_exponential(g, 100.0));
		double s = 1.0 + floor(gsl_ran_exponential(g, 120.0));
		double p = floor(gsl_ran_exponential(g, 180.0)) + 0.5;
		double w = free_at > a ? free_at - a : 0.0;
		int sec = (int)a;
		char stamp[32];
		snprintf(stamp, sizeof stamp, "2024-03-04 %02d:%02d:%02d", sec / 3600,
			 sec / 60 % 60, sec % 60);
		if (w < p) {
			free_at = (free_at > a ? free_at : a) + s;
			snprintf(rows[i], sizeof rows[i], "%s,calls,%g,%g,,answered\n", stamp, s, w);
			(*answered)++;
		} else {
			snprintf(rows[i], sizeof rows[i], "%s,calls,%g,%g,%g,abandoned\n", stamp, s,
				 p, p);
			(*abandoned)++;
		}
	}
	ck_assert_double_lt(a, 11.5 * 3600.0);
	for (int i = n - 1; i > 0; i--) {
		int j = (int)gsl_rng_uniform_int(g, (unsigned long)i + 1);
		char tmp[96];
		memcpy(tmp, rows[i], sizeof tmp);
		memcpy(rows[i], rows[j], sizeof tmp);
		memcpy(rows[j], tmp, sizeof tmp);
	}
	for (int i = 0; i < n; i++)
		fputs(rows[i], f);
	free(rows);
	gsl_rng_free(g);
	ck_assert_int_eq(fclose(f), 0);
	return path;
}

static const char lindley_cfg[] =
	"name = \"lindley\";\n"
	"horizon = { start = \"2024-03-04\"; day_start = \"08:00\"; day_end = \"12:00\";\n"
	"  interval = \"30m\"; };\n"
	"contact_types = ({ name = \"calls\"; forecast = 1;\n"
	"  handle_time = { dist = \"exponential\"; mean = \"90s\"; };\n"
	"  patience = { dist = \"exponential\"; mean = \"1m\"; }; sl_threshold = \"15s\"; });\n"
	"agent_groups = ({ name = \"one\"; handles = [\"calls\"]; staffing = 1; });\n";

START_TEST(test_generated_trace_reproduced)
{
	uint64_t ans, ab;
	const char *trace = lindley_trace(100, &ans, &ab);
	ck_assert_uint_gt(ans, 40);
	ck_assert_uint_gt(ab, 5);
	const char *cfg = write_tmp("lindley.cfg", lindley_cfg);
	static const size_t chunks[] = { 0, 16 };
	for (size_t ci = 0; ci < 2; ci++) {
		struct scenario sc;
		load(cfg, &sc);
		struct replay_options opt = { .chunk = chunks[ci] };
		struct replay *rp;
		ck_assert_int_eq(replay_open(trace, &opt, &sc.centre, &rp, stderr), STATUS_OK);
		ck_assert_uint_eq(replay_stats(rp)->calls, 100);
		struct centre *c = centre_alloc(&sc.centre);
		ck_assert_ptr_nonnull(c);
		centre_set_replay(c, replay_source(rp));
		static const uint64_t seeds[] = { 1, 99 };
		uint64_t total_ans = 0;
		for (int si = 0; si < 2; si++) {
			double waited = 0.0;
			ck_assert_int_eq(centre_run(c, seeds[si], 0), STATUS_OK);
			total_ans = 0;
			for (int k = 0; k < sc.centre.horizon.n_intervals; k++) {
				const struct kpi_counts *got = centre_counts(c, 0, k);
				const struct kpi_counts *want = replay_actual(rp, 0, k);
				ck_assert_uint_eq(got->received, want->received);
				ck_assert_uint_eq(got->presented, want->presented);
				ck_assert_uint_eq(got->answered, want->answered);
				ck_assert_uint_eq(got->abandoned, want->abandoned);
				ck_assert_uint_eq(got->short_abandons, want->short_abandons);
				for (int j = 0; j < 3; j++) {
					ck_assert_uint_eq(got->answered_within[j], want->answered_within[j]);
					ck_assert_uint_eq(got->abandoned_within[j], want->abandoned_within[j]);
				}
				ck_assert(got->wait_answered_s == want->wait_answered_s);
				ck_assert(got->wait_all_s == want->wait_all_s);
				total_ans += got->answered;
				waited += want->wait_answered_s;
			}
			ck_assert_uint_eq(total_ans, ans);
			ck_assert_double_gt(waited, 1000.0);  /* a queue did form */
		}
		centre_free(c);

		/* through the experiment: every replayed day and hour equals the
		 * record, so every error is 0 */
		struct experiment *ex = experiment_alloc(&sc, 3, 5);
		ck_assert_ptr_nonnull(ex);
		experiment_set_replay(ex, replay_source(rp));
		experiment_set_observer(ex, replay_observe, rp);
		ck_assert_int_eq(experiment_run(ex, NULL, NULL), STATUS_OK);
		ck_assert_int_eq(replay_replications(rp), 3);
		for (int m = 0; m < REPLAY_MEASURES; m++) {
			double mae, bias, rmse;
			ck_assert_int_eq(replay_error(rp, 0, false, (enum replay_measure)m, &mae,
						      &bias, &rmse), 1);
			ck_assert_msg(mae < 1e-9 && fabs(bias) < 1e-9, "%s: mae %g",
				      replay_measure_name((enum replay_measure)m), mae);
			ck_assert_int_ge(replay_error(rp, 0, true, (enum replay_measure)m, &mae,
						      &bias, &rmse), 3);
			ck_assert(mae < 1e-9 && fabs(bias) < 1e-9 && rmse < 1e-9);
		}
		ck_assert(tally_variance(replay_day(rp, 0, 0, REPLAY_SL)) == 0.0);
		experiment_free(ex);
		replay_free(rp);
		scenario_destroy(&sc);
	}
}
END_TEST

/* The same seed gives the same tallies; a run through the external sort
 * gives the same as one in memory (small.csv draws patience and the
 * handle time of its unknown call, so the seed matters). */
START_TEST(test_determinism)
{
	struct tally first[8][KPI_COUNT];
	for (int run = 0; run < 3; run++) {
		struct scenario sc;
		load(FIX "small.cfg", &sc);
		struct replay_options opt = { .chunk = run == 2 ? 2 : 0 };
		struct replay *rp;
		ck_assert_int_eq(replay_open(FIX "small.csv", &opt, &sc.centre, &rp, stderr),
				 STATUS_OK);
		struct experiment *ex = experiment_alloc(&sc, 5, 11);
		ck_assert_ptr_nonnull(ex);
		experiment_set_replay(ex, replay_source(rp));
		ck_assert_int_eq(experiment_run(ex, NULL, NULL), STATUS_OK);
		for (int k = 0; k < 8; k++)
			for (int q = 0; q < KPI_COUNT; q++) {
				const struct tally *t = experiment_interval(ex, 0, k, q);
				if (run == 0)
					first[k][q] = *t;
				else
					ck_assert_msg(memcmp(&first[k][q], t, sizeof *t) == 0,
						      "run %d interval %d kpi %s differs", run, k,
						      kpi_name((enum kpi)q));
			}
		experiment_free(ex);
		replay_free(rp);
		scenario_destroy(&sc);
	}
}
END_TEST

/* A plan for small.cfg's groups front and back, rows in any order. */
START_TEST(test_staffing_plan)
{
	struct scenario sc;
	load(FIX "small.cfg", &sc);
	const char *p = write_tmp("plan.csv",
		"\xef\xbb\xbfinterval_start,back,front\n"
		"2024-03-05 09:30,0,7\n"
		"2024-03-04 08:00,1,2\n"
		"2024-03-04 08:30,0,3\n"
		"\"2024-03-04 09:00\",2,4\n"
		"2024-03-04 09:30:00,0,5\n"
		"2024-03-05 08:00,0,0\n"
		"2024-03-05 08:30, 3 ,6\n"
		"2024-03-05 09:00,1000000,1\n");
	ck_assert_int_eq(replay_staffing_load(p, &sc.centre, stderr), STATUS_OK);
	static const int front[8] = { 2, 3, 4, 5, 0, 6, 1, 7 };
	static const int back[8] = { 1, 0, 2, 0, 0, 3, 1000000, 0 };
	for (int k = 0; k < 8; k++) {
		ck_assert_int_eq(sc.centre.groups[0].staffing[k], front[k]);
		ck_assert_int_eq(sc.centre.groups[1].staffing[k], back[k]);
	}
	/* a plan naming one group leaves the other's */
	p = write_tmp("plan1.csv", "interval_start,back\n2024-03-04 08:00,9\n"
		      "2024-03-04 08:30,9\n2024-03-04 09:00,9\n2024-03-04 09:30,9\n"
		      "2024-03-05 08:00,9\n2024-03-05 08:30,9\n2024-03-05 09:00,9\n"
		      "2024-03-05 09:30,9\n");
	ck_assert_int_eq(replay_staffing_load(p, &sc.centre, stderr), STATUS_OK);
	for (int k = 0; k < 8; k++) {
		ck_assert_int_eq(sc.centre.groups[0].staffing[k], front[k]);
		ck_assert_int_eq(sc.centre.groups[1].staffing[k], 9);
	}
	scenario_destroy(&sc);
}
END_TEST

/* ---- errors ------------------------------------------------------------------- */

#define ROWS_BUT_LAST "2024-03-04 08:00,1\n2024-03-04 08:30,1\n2024-03-04 09:00,1\n" \
	"2024-03-04 09:30,1\n2024-03-05 08:00,1\n2024-03-05 08:30,1\n2024-03-05 09:00,1\n"

START_TEST(test_staffing_errors)
{
	static const struct {
		const char *text;
		const char *want;   /* the message after "PATH:" */
	} cases[] = {
		{ "", "1: empty file: expected a header row \"interval_start,<agent group>,...\"" },
		{ "\n\n", "1: empty file: expected a header row \"interval_start,<agent group>,...\"" },
		{ "start,front\n", "1: expected the header \"interval_start,<agent group>,...\" "
		  "naming one or more agent groups" },
		{ "interval_start\n", "1: expected the header \"interval_start,<agent group>,...\" "
		  "naming one or more agent groups" },
		{ "interval_start,front,nope\n", "1: column \"nope\": no agent group of the "
		  "scenario; expected one of front, back" },
		{ "interval_start,front,front\n", "1: column \"front\" given twice" },
		{ "interval_start,front,back,x\n", "1: 3 columns of agents; the scenario has 2 "
		  "agent groups" },
		{ "interval_start,front\n" ROWS_BUT_LAST, "8: interval 2024-03-05 09:30 is "
		  "missing; expected each of the 8 intervals of the horizon once (7 given)" },
		{ "interval_start,front\n", "1: interval 2024-03-04 08:00 is missing; expected "
		  "each of the 8 intervals of the horizon once (0 given)" },
		{ "interval_start,front\n" ROWS_BUT_LAST "2024-03-05 09:30,1\n2024-03-04 08:15,1\n",
		  "10: interval_start: 2024-03-04 08:15 is not the start of an interval of the "
		  "horizon (2024-03-04 to 2024-03-05, 08:00-10:00, intervals of 30 min); "
		  "expected one row per interval" },
		{ "interval_start,front\n2024-03-04 10:00,1\n", "2: interval_start: 2024-03-04 "
		  "10:00 is not the start of an interval of the horizon (2024-03-04 to "
		  "2024-03-05, 08:00-10:00, intervals of 30 min); expected one row per interval" },
		{ "interval_start,front\n2024-03-06 08:00,1\n", "2: interval_start: 2024-03-06 "
		  "08:00 is not the start of an interval of the horizon (2024-03-04 to "
		  "2024-03-05, 08:00-10:00, intervals of 30 min); expected one row per interval" },
		{ "interval_start,front\n" ROWS_BUT_LAST "2024-03-04 09:00,2\n",
		  "9: interval_start: 2024-03-04 09:00 given twice (first on line 4)" },
		{ "interval_start,front\n2024-03-04 08:00,-1\n", "2: front: expected a whole "
		  "number of agents from 0 to 1000000; got \"-1\"" },
		{ "interval_start,front\n2024-03-04 08:00,1.5\n", "2: front: expected a whole "
		  "number of agents from 0 to 1000000; got \"1.5\"" },
		{ "interval_start,front\n2024-03-04 08:00,\n", "2: front: expected a whole "
		  "number of agents from 0 to 1000000; got \"\"" },
		{ "interval_start,front\n2024-03-04 08:00,1000001\n", "2: front: expected a "
		  "whole number of agents from 0 to 1000000; got \"1000001\"" },
		{ "interval_start,front\n\n2024-03-04 08:00,1,2\n", "3: 3 fields, but the header "
		  "has 2" },
		{ "interval_start,front\n2024-03-04T08:00,1\n", "2: interval_start: expected "
		  "\"YYYY-MM-DD HH:MM\" (a valid date and time); got \"2024-03-04T08:00\"" },
		{ "interval_start,front\n2024-02-30 08:00,1\n", "2: interval_start: expected "
		  "\"YYYY-MM-DD HH:MM\" (a valid date and time); got \"2024-02-30 08:00\"" },
		{ "interval_start,front\n2024-03-04 08:00,\"1\n", "2: unterminated quoted field "
		  "(a double quote opened in this row is never closed)" },
		{ "interval_start,front\n2024-03-04 08:00,1\"2\n", "2: misplaced double quote "
		  "(a quote inside an unquoted field, or text after a closing quote)" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct scenario sc;
		load(FIX "small.cfg", &sc);
		char name[32], want[512];
		snprintf(name, sizeof name, "bad%zu.csv", i);
		const char *p = write_tmp(name, cases[i].text);
		char *msg = NULL;
		size_t len;
		FILE *f = open_memstream(&msg, &len);
		ck_assert_int_eq(replay_staffing_load(p, &sc.centre, f), STATUS_EINVAL);
		fclose(f);
		snprintf(want, sizeof want, "%s:%s\n", p, cases[i].want);
		ck_assert_msg(strcmp(msg, want) == 0, "case %zu: got\n%s\nwanted\n%s", i, msg, want);
		for (int k = 0; k < 8; k++) {
			ck_assert_int_eq(sc.centre.groups[0].staffing[k], 1);
			ck_assert_int_eq(sc.centre.groups[1].staffing[k], 0);
		}
		free(msg);
		scenario_destroy(&sc);
	}
	struct scenario sc;
	load(FIX "small.cfg", &sc);
	char *msg = NULL;
	size_t len;
	FILE *f = open_memstream(&msg, &len);
	ck_assert_int_eq(replay_staffing_load("/nonexistent/plan.csv", &sc.centre, f), STATUS_EIO);
	fclose(f);
	ck_assert_str_eq(msg, "/nonexistent/plan.csv: cannot open the staffing plan: "
			 "No such file or directory\n");
	free(msg);
	scenario_destroy(&sc);
}
END_TEST

START_TEST(test_open_errors)
{
	struct scenario sc;
	struct replay *rp = (struct replay *)1;
	char *msg;
	struct replay_options opt = { 0 };

	/* nothing in the horizon */
	load(FIX "small.cfg", &sc);
	const char *p = write_tmp("outside.csv", "arrival\n1999-02-01 08:00:00\n"
				  "2024-03-04 07:00:00\n2024-03-06 09:00:00\n");
	ck_assert_int_eq(open_msg(p, &opt, &sc, &rp, &msg), STATUS_EINVAL);
	ck_assert_ptr_null(rp);
	char want[512];
	snprintf(want, sizeof want, "%s: no call falls in the scenario's horizon (2024-03-04 "
		 "to 2024-03-05, 08:00-10:00); the trace's calls run from 1999-02-01 to "
		 "2024-03-06\n", p);
	ck_assert_str_eq(msg, want);
	free(msg);
	ck_assert(sc.centre.types[0].forecast[0] == 4.0);   /* unchanged */
	scenario_destroy(&sc);

	/* a header, no rows */
	load(FIX "small.cfg", &sc);
	p = write_tmp("header.csv", "arrival\n");
	ck_assert_int_eq(open_msg(p, &opt, &sc, &rp, &msg), STATUS_EINVAL);
	snprintf(want, sizeof want, "%s: no call to replay: the trace has no records\n", p);
	ck_assert_str_eq(msg, want);
	free(msg);
	scenario_destroy(&sc);

	/* no file */
	load(FIX "small.cfg", &sc);
	ck_assert_int_eq(open_msg("/nonexistent/t.csv", &opt, &sc, &rp, &msg), STATUS_EIO);
	ck_assert_int_eq(count_lines(msg), 1);
	ck_assert(strncmp(msg, "/nonexistent/t.csv: ", 20) == 0);
	free(msg);
	scenario_destroy(&sc);

	/* a bad row stops the reading, one line; skipped and counted with
	 * skip_bad_rows (the reader's bad rows and unmapped types alike) */
	load(FIX "small.cfg", &sc);
	p = write_tmp("bad.csv", "arrival,wait_s\n2024-03-04 08:00:00,1\n"
		      "2024-03-04 08:00:01,-3\n2024-03-04 08:00:02,x\n2024-03-04 08:00:03,4\n");
	ck_assert_int_eq(open_msg(p, &opt, &sc, &rp, &msg), STATUS_EINVAL);
	ck_assert_int_eq(count_lines(msg), 1);
	snprintf(want, sizeof want, "%s:3: ", p);
	ck_assert(strncmp(msg, want, strlen(want)) == 0);
	free(msg);
	scenario_destroy(&sc);
	load(FIX "small.cfg", &sc);
	opt.format.skip_bad_rows = true;
	ck_assert_int_eq(open_msg(p, &opt, &sc, &rp, &msg), STATUS_OK);
	ck_assert_uint_eq(replay_stats(rp)->skipped_bad, 2);
	ck_assert_uint_eq(replay_stats(rp)->calls, 2);
	free(msg);
	replay_free(rp);
	scenario_destroy(&sc);

	/* --types entries */
	static const struct {
		const char *types, *want;
	} bad[] = {
		{ "PS", "--types: entry \"PS\": expected TRACE=SCENARIO, a type name of the trace "
		  "and a voice contact type of the scenario\n" },
		{ "PS=mail", "--types: PS=mail: \"mail\" is no voice contact type of the scenario; "
		  "expected one of calls, sales\n" },
		{ "PS=calls,PE=nope", "--types: PE=nope: \"nope\" is no voice contact type of the "
		  "scenario; expected one of calls, sales\n" },
		{ "PS=calls,PS=sales", "--types: trace type \"PS\" mapped twice\n" },
		{ "=calls", "--types: entry \"=calls\": expected a trace type name of 1 to 63 "
		  "bytes before '='\n" },
	};
	opt = (struct replay_options){ 0 };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		load(FIX "two.cfg", &sc);
		opt.types = bad[i].types;
		ck_assert_int_eq(open_msg(FIX "types.csv", &opt, &sc, &rp, &msg), STATUS_EINVAL);
		ck_assert_msg(strcmp(msg, bad[i].want) == 0, "%s: got %s", bad[i].types, msg);
		free(msg);
		scenario_destroy(&sc);
	}
	replay_free(NULL);
}
END_TEST

Suite *replay_suite(void)
{
	Suite *s = suite_create("replay");
	TCase *core = tcase_create("core");
	tcase_set_timeout(core, 60);
	tcase_add_checked_fixture(core, tmp_setup, tmp_teardown);
	tcase_add_test(core, test_actual_hand_counts);
	tcase_add_test(core, test_error_min_calls);
	tcase_add_test(core, test_external_sort);
	tcase_add_test(core, test_types_mapping);
	tcase_add_test(core, test_generated_trace_reproduced);
	tcase_add_test(core, test_determinism);
	tcase_add_test(core, test_staffing_plan);
	suite_add_tcase(s, core);

	TCase *errors = tcase_create("errors");
	tcase_add_checked_fixture(errors, tmp_setup, tmp_teardown);
	tcase_add_test(errors, test_staffing_errors);
	tcase_add_test(errors, test_open_errors);
	suite_add_tcase(s, errors);
	return s;
}
