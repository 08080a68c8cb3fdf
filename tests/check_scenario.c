/*
 * check_scenario.c: tests of sim/scenario (loading and validating scenario
 * files).  Run from the repository root (make check does): paths are
 * relative to it.
 *
 * core:   the bundled scenarios load and hold the values their comments
 *         state (erlang-a: 22 x 24 intervals of 1890 calls, 100 agents, mean
 *         handle time 180 s, mean patience 300 s, threshold 20 s); two
 *         fixtures, one with only the required settings (every default) and
 *         one with every kind of setting, give hand-worked values; a good
 *         load prints nothing.
 * limits: the edges of the accepted ranges (name lengths, replications,
 *         64-bit seeds, histogram cap), written to temporary files; destroy
 *         on zeroed and already destroyed scenarios.
 * errors: one fixture per error path in tests/scenarios/bad-*.cfg, each
 *         checked for its exact "FILE:LINE: " prefix, its number of lines and
 *         a key phrase of each message; a missing file and a directory
 *         (STATUS_EIO), an empty file, binary garbage.  After an error the
 *         scenario is all zero.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <check.h>

#include "../models/dist.h"
#include "../models/hours.h"
#include "../sim/scenario.h"
#include "../sim/status.h"

#define FIX "tests/scenarios/"

/* Loads path, capturing what scenario_load prints in *text (caller frees). */
static int load(const char *path, struct scenario *sc, char **text)
{
	size_t len;
	*text = NULL;
	FILE *f = open_memstream(text, &len);
	ck_assert_ptr_nonnull(f);
	int st = scenario_load(path, sc, f);
	ck_assert_int_eq(fclose(f), 0);
	return st;
}

static int count_lines(const char *text)
{
	int n = 0;
	for (const char *p = text; *p; p++)
		n += *p == '\n';
	return n;
}

static void assert_zero(const struct scenario *sc)
{
	static const struct scenario zero;
	ck_assert_msg(memcmp(sc, &zero, sizeof zero) == 0, "scenario not emptied after an error");
}

/* Loads path, which must load cleanly and print nothing. */
static void load_ok(const char *path, struct scenario *sc)
{
	char *text;
	int st = load(path, sc, &text);
	ck_assert_msg(st == STATUS_OK, "%s: status %d, messages:\n%s", path, st, text);
	ck_assert_msg(text[0] == '\0', "%s printed:\n%s", path, text);
	free(text);
}

struct want {
	int line;
	const char *phrase;
};

/* Asserts that loading path fails with STATUS_EINVAL and prints exactly n
 * lines, line i starting "path:want[i].line: " and containing
 * want[i].phrase. */
static void expect_invalid(const char *path, const struct want *want, int n)
{
	struct scenario sc;
	char *text;
	int st = load(path, &sc, &text);
	ck_assert_msg(st == STATUS_EINVAL, "%s: status %d, want STATUS_EINVAL; printed:\n%s",
		      path, st, text);
	assert_zero(&sc);
	ck_assert_msg(count_lines(text) == n, "%s: %d lines, want %d:\n%s", path,
		      count_lines(text), n, text);
	const char *p = text;
	for (int i = 0; i < n; i++) {
		char prefix[512], line[2048];
		snprintf(prefix, sizeof prefix, "%s:%d: ", path, want[i].line);
		const char *eol = strchr(p, '\n');
		size_t len = (size_t)(eol - p);
		ck_assert(len < sizeof line);
		memcpy(line, p, len);
		line[len] = '\0';
		ck_assert_msg(strncmp(line, prefix, strlen(prefix)) == 0,
			      "%s: line %d is\n  %s\nwant it to start with \"%s\"", path,
			      i + 1, line, prefix);
		ck_assert_msg(strstr(line, want[i].phrase) != NULL,
			      "%s: line %d is\n  %s\nwant it to contain \"%s\"", path, i + 1,
			      line, want[i].phrase);
		p = eol + 1;
	}
	free(text);
}

#define EXPECT(path, ...)                                                      \
	do {                                                                   \
		static const struct want w_[] = { __VA_ARGS__ };               \
		expect_invalid(path, w_, (int)(sizeof w_ / sizeof w_[0]));     \
	} while (0)

/* A valid body without a name; tests add a name and more (from line 4). */
static const char BODY[] =
	"horizon = { start = \"2026-03-02\"; day_start = \"08:00\"; day_end = \"10:00\"; interval = \"30m\"; };\n"
	"contact_types = ( { name = \"calls\"; forecast = 10; handle_time = { dist = \"exponential\"; mean = \"3m\"; }; } );\n"
	"agent_groups = ( { name = \"front\"; handles = [\"calls\"]; staffing = 2; } );\n";

/* Writes len bytes to a new temporary file; its name goes to path[64]. */
static void write_temp(const char *bytes, size_t len, char *path)
{
	strcpy(path, "/tmp/check_scenario_XXXXXX");
	int fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	FILE *f = fdopen(fd, "wb");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(bytes, 1, len, f), len);
	ck_assert_int_eq(fclose(f), 0);
}

/* Loads BODY followed by `extra`; returns the status, the messages in
 * *text (caller frees) with the temporary file's name replaced by "T". */
static int load_body(const char *extra, struct scenario *sc, char **text)
{
	size_t n = strlen(BODY) + strlen(extra) + 1;
	char *content = malloc(n);
	ck_assert_ptr_nonnull(content);
	snprintf(content, n, "%s%s", BODY, extra);
	char path[64];
	write_temp(content, strlen(content), path);
	free(content);
	int st = load(path, sc, text);
	unlink(path);
	/* "path:LINE: msg" -> "T:LINE: msg" */
	size_t plen = strlen(path);
	char *src = *text, *dst = *text;
	while (*src) {
		if (strncmp(src, path, plen) == 0) {
			*dst++ = 'T';
			src += plen;
		} else {
			*dst++ = *src++;
		}
	}
	*dst = '\0';
	return st;
}

static void assert_close(double got, double want, double rel, const char *what)
{
	ck_assert_msg(fabs(got - want) <= rel * fabs(want), "%s: got %.17g, want %.17g", what,
		      got, want);
}

/* ---- core: bundled scenarios ------------------------------------------------ */

START_TEST(test_erlang_a)
{
	struct scenario sc;
	load_ok("scenarios/erlang-a.cfg", &sc);
	ck_assert_str_eq(sc.name, "erlang-a");
	ck_assert_int_eq(sc.replications, 10);
	const struct centre_config *c = &sc.centre;
	ck_assert_int_eq(c->horizon.days, 22);
	ck_assert_int_eq(c->horizon.per_day, 24);
	ck_assert_int_eq(c->horizon.n_intervals, 22 * 24);
	ck_assert_int_eq(c->horizon.n_warmup, 1);
	ck_assert(c->horizon.interval_s == 3600.0);
	ck_assert(c->horizon.day_start_s == 0.0 && c->horizon.day_end_s == 86400.0);
	ck_assert_int_eq(c->n_types, 1);
	ck_assert_int_eq(c->n_groups, 1);
	const struct contact_type_config *t = &c->types[0];
	for (int k = 0; k < c->horizon.n_intervals; k++) {
		ck_assert(t->forecast[k] == 1890.0);
		ck_assert_int_eq(c->groups[0].staffing[k], 100);
	}
	ck_assert_int_eq(t->handle.kind, DIST_EXPONENTIAL);
	assert_close(dist_mean(&t->handle), 180.0, 1e-12, "handle mean");
	ck_assert(!t->has_wrap);
	ck_assert(t->has_patience);
	ck_assert_int_eq(t->patience.kind, DIST_EXPONENTIAL);
	assert_close(dist_mean(&t->patience), 300.0, 1e-12, "patience mean");
	ck_assert_int_eq(t->n_thresholds, 1);
	ck_assert(t->threshold_s[0] == 20.0);
	ck_assert_int_eq(t->rules.sl_formula, SL_OVER_PRESENTED);
	ck_assert(!t->rules.abandon_excludes_short);
	ck_assert_int_eq(c->groups[0].n_handles, 1);
	ck_assert_int_eq(c->groups[0].handles[0], 0);
	ck_assert_int_eq(sc.n_commitments, 3);
	ck_assert_int_eq(sc.commitments[0].kpi, KPI_SERVICE_LEVEL);
	ck_assert(sc.commitments[0].target == 0.8);
	ck_assert_int_eq(sc.commitments[0].period, PERIOD_HORIZON);
	ck_assert_int_eq(sc.commitments[1].kpi, KPI_ABANDON_RATE);
	ck_assert_int_eq(sc.commitments[1].direction, AT_MOST);
	ck_assert_int_eq(sc.commitments[2].kpi, KPI_MEAN_WAIT);
	ck_assert(sc.commitments[2].target == 30.0);
	/* Always open: no opening group. */
	ck_assert(hours_is_open(&c->hours, c->horizon.start_date, 3.5 * 86400.0));
	scenario_destroy(&sc);
	assert_zero(&sc);
}
END_TEST

START_TEST(test_erlang_c)
{
	struct scenario sc;
	load_ok("scenarios/erlang-c.cfg", &sc);
	ck_assert_str_eq(sc.name, "erlang-c");
	const struct centre_config *c = &sc.centre;
	ck_assert_int_eq(c->horizon.n_intervals, 22 * 24);
	const struct contact_type_config *t = &c->types[0];
	ck_assert(t->forecast[0] == 1800.0);
	ck_assert(t->forecast[22 * 24 - 1] == 1800.0);
	ck_assert_int_eq(c->groups[0].staffing[100], 100);
	assert_close(dist_mean(&t->handle), 180.0, 1e-12, "handle mean");
	ck_assert(!t->has_patience);
	ck_assert(!t->has_wrap);
	ck_assert(t->threshold_s[0] == 20.0);
	ck_assert_int_eq(sc.n_commitments, 3);
	ck_assert_int_eq(sc.commitments[1].kpi, KPI_ASA);
	scenario_destroy(&sc);
}
END_TEST

START_TEST(test_retail_bank)
{
	struct scenario sc;
	load_ok("scenarios/retail-bank.cfg", &sc);
	ck_assert_str_eq(sc.name, "retail-bank");
	ck_assert_uint_eq(sc.seed, 2026);
	ck_assert_int_eq(sc.replications, 20);
	const struct centre_config *c = &sc.centre;
	ck_assert_int_eq(c->horizon.n_intervals, 26);
	ck_assert_int_eq(c->horizon.start_date, 20514);      /* 2026-03-02 */
	ck_assert(c->horizon.day_start_s == 7 * 3600.0);
	ck_assert(c->horizon.day_end_s == 20 * 3600.0);
	const struct contact_type_config *t = &c->types[0];
	double total = 0.0, peak = 0.0;
	for (int k = 0; k < 26; k++) {
		total += t->forecast[k];
		if (t->forecast[k] > peak)
			peak = t->forecast[k];
	}
	ck_assert(total == 4175.0);
	ck_assert(peak == t->forecast[7] && peak == 275.0);    /* 10:30 */
	ck_assert(t->forecast[25] == 60.0);
	ck_assert_int_eq(t->handle.kind, DIST_LOGNORMAL);
	assert_close(dist_mean(&t->handle), 240.0, 1e-12, "handle mean");
	ck_assert(t->has_wrap);
	assert_close(dist_mean(&t->wrap), 20.0, 1e-12, "wrap-up");
	assert_close(dist_mean(&t->patience), 120.0, 1e-12, "patience");
	ck_assert(t->short_abandon_s == 5.0);
	ck_assert_int_eq(c->groups[0].staffing[0], 13);
	ck_assert_int_eq(c->groups[0].staffing[7], 32);
	/* Opening: Monday 07:00-20:00, Saturday 09:00-13:00, Sunday closed. */
	ck_assert_int_eq(c->hours.n_ranges[0], 1);
	ck_assert(c->hours.open_s[0][0] == 7 * 3600.0 && c->hours.close_s[0][0] == 20 * 3600.0);
	ck_assert(c->hours.open_s[5][0] == 9 * 3600.0 && c->hours.close_s[5][0] == 13 * 3600.0);
	ck_assert_int_eq(c->hours.n_ranges[6], 0);
	ck_assert_uint_eq(c->hours.n_closed, 2);
	ck_assert_int_eq(sc.n_commitments, 3);
	ck_assert_int_eq(sc.commitments[0].period, PERIOD_INTERVAL);
	ck_assert_int_eq(sc.commitments[0].threshold_index, 0);
	ck_assert(sc.commitments[0].threshold_s == 20.0);
	ck_assert(sc.commitments[1].target == 0.05);
	ck_assert_int_eq(sc.commitments[2].kpi, KPI_ACCESSIBILITY);
	ck_assert(sc.commitments[2].target == 0.9);
	scenario_destroy(&sc);
}
END_TEST

/* ---- core: fixtures --------------------------------------------------------- */

/* A week of values (Monday to Sunday) is laid onto the dates by weekday:
 * day d of a horizon starting on a Wednesday takes weekday (2 + d) mod 7. */
START_TEST(test_weekly_series_and_cooldown)
{
	struct scenario sc;
	load_ok(FIX "good-weekly.cfg", &sc);
	const struct centre_config *c = &sc.centre;
	ck_assert_int_eq(c->horizon.cooldown_days, 3);
	ck_assert_int_eq(horizon_judged_days(&c->horizon), 7);
	ck_assert(c->types[0].busyness_cv == 0.25);
	for (int k = 0; k < c->horizon.n_intervals; k++) {
		int wd = (2 + k / 2) % 7, j = k % 2;
		ck_assert(c->types[0].forecast[k] == 10.0 * (wd + 1) + j);
		ck_assert_int_eq(c->groups[0].staffing[k], 2 * wd + j + 1);
	}
	scenario_destroy(&sc);
}
END_TEST

START_TEST(test_defaults)
{
	struct scenario sc;
	load_ok(FIX "good-minimal.cfg", &sc);
	ck_assert_str_eq(sc.name, "minimal");
	ck_assert_uint_eq(sc.seed, 1);
	ck_assert_int_eq(sc.replications, 20);
	ck_assert(sc.confidence == 0.95);
	const struct centre_config *c = &sc.centre;
	ck_assert(c->wait_hist_max_s == 3600.0);
	ck_assert_int_eq(c->horizon.days, 1);
	ck_assert(c->horizon.day_start_s == 0.0 && c->horizon.day_end_s == 86400.0);
	ck_assert(c->horizon.warmup_s == 0.0);
	ck_assert_int_eq(c->horizon.n_intervals, 24);
	for (int wd = 0; wd < 7; wd++)
		ck_assert(hours_is_open(&c->hours, c->horizon.start_date, wd * 86400.0 + 3600.0));
	const struct contact_type_config *t = &c->types[0];
	ck_assert_int_eq(t->channel, CHANNEL_VOICE);
	ck_assert(t->forecast[23] == 10.0);
	ck_assert(!t->has_wrap && !t->has_patience);
	ck_assert(t->short_abandon_s == 0.0);
	ck_assert_int_eq(t->n_thresholds, 1);
	ck_assert(t->threshold_s[0] == 20.0);
	ck_assert_int_eq(t->rules.sl_formula, SL_OVER_PRESENTED);
	ck_assert(!t->rules.abandon_excludes_short);
	ck_assert_int_eq(c->groups[0].staffing[23], 2);
	ck_assert_int_eq(sc.n_commitments, 0);
	ck_assert_ptr_null(sc.commitments);
	scenario_destroy(&sc);
}
END_TEST

START_TEST(test_full)
{
	struct scenario sc;
	load_ok(FIX "good-full.cfg", &sc);
	ck_assert_str_eq(sc.name, "full-1.0_test");
	ck_assert_uint_eq(sc.seed, 12345678901ULL);
	ck_assert_int_eq(sc.replications, 7);
	assert_close(sc.confidence, 0.9, 1e-15, "confidence");
	const struct centre_config *c = &sc.centre;
	ck_assert(c->wait_hist_max_s == 7200.0);

	const struct horizon *h = &c->horizon;
	ck_assert_int_eq(h->start_date, 19782);              /* 2024-02-29 */
	ck_assert_int_eq(h->days, 2);
	ck_assert_int_eq(h->per_day, 4);
	ck_assert_int_eq(h->n_intervals, 8);
	ck_assert_int_eq(h->n_warmup, 1);

	const struct hours *o = &c->hours;
	ck_assert_int_eq(o->n_ranges[0], 2);                 /* mon */
	ck_assert(o->open_s[0][0] == 8 * 3600.0 && o->close_s[0][0] == 12 * 3600.0);
	ck_assert(o->open_s[0][1] == 13 * 3600.0 && o->close_s[0][1] == 17.5 * 3600.0);
	ck_assert_int_eq(o->n_ranges[1], 1);                 /* tue, to 24:00 */
	ck_assert(o->close_s[1][0] == 86400.0);
	ck_assert_int_eq(o->n_ranges[2], 0);                 /* wed "closed" */
	ck_assert_int_eq(o->n_ranges[3], 0);                 /* thu [] */
	ck_assert_int_eq(o->n_ranges[4], 1);                 /* fri all day */
	ck_assert_int_eq(o->n_ranges[5], 1);                 /* sat, a list of one */
	ck_assert(o->open_s[5][0] == 9 * 3600.0);
	ck_assert_int_eq(o->n_ranges[6], 0);                 /* sun absent */
	ck_assert_uint_eq(o->n_closed, 2);
	ck_assert_int_eq(o->closed[0], 20082);               /* 2024-12-25 */
	ck_assert_int_eq(o->closed[1], 20089);               /* 2025-01-01 */

	ck_assert_int_eq(c->n_types, 4);
	const struct contact_type_config *calls = &c->types[0], *sales = &c->types[1];
	const struct contact_type_config *vip = &c->types[2], *other = &c->types[3];
	ck_assert_str_eq(calls->name, "calls");
	for (int k = 0; k < 8; k++) {
		assert_close(calls->forecast[k], 120.0, 1e-12, "rate forecast");
		ck_assert(sales->forecast[k] == (double)(k % 4 + 1));  /* per day, repeated */
		ck_assert(other->forecast[k] == 0.0);
	}
	static const double vip_fc[8] = { 1, 2.5, 3, 4, 5, 6, 7, 8 };
	for (int k = 0; k < 8; k++)
		ck_assert(vip->forecast[k] == vip_fc[k]);      /* whole horizon */

	ck_assert_int_eq(calls->handle.kind, DIST_LOGNORMAL);
	assert_close(dist_mean(&calls->handle), 240.0, 1e-12, "lognormal mean");
	assert_close(dist_variance(&calls->handle), 240.0 * 240.0 * 0.25, 1e-12, "lognormal var");
	ck_assert(calls->has_wrap && calls->wrap.kind == DIST_DETERMINISTIC);
	ck_assert(dist_mean(&calls->wrap) == 20.0);
	ck_assert(calls->has_patience && calls->patience.kind == DIST_EXPONENTIAL);
	ck_assert(calls->short_abandon_s == 5.0);
	ck_assert_int_eq(calls->rules.sl_formula, SL_EXCLUDING_SHORT);
	ck_assert(calls->rules.abandon_excludes_short);
	/* 30 s (its sl_threshold), then 60 s from a commitment. */
	ck_assert_int_eq(calls->n_thresholds, 2);
	ck_assert(calls->threshold_s[0] == 30.0 && calls->threshold_s[1] == 60.0);

	ck_assert_int_eq(sales->handle.kind, DIST_GAMMA);
	assert_close(dist_mean(&sales->handle), 120.0, 1e-12, "gamma shape-scale mean");
	ck_assert(sales->wrap.kind == DIST_UNIFORM);
	assert_close(dist_mean(&sales->wrap), 20.0, 1e-12, "uniform mean");
	ck_assert(!sales->has_patience);                     /* "infinite" */

	ck_assert_int_eq(vip->handle.kind, DIST_ERLANG);
	assert_close(dist_mean(&vip->handle), 360.0, 1e-12, "erlang mean");
	assert_close(dist_variance(&vip->handle), 360.0 * 360.0 / 3.0, 1e-12, "erlang var");
	ck_assert(vip->wrap.kind == DIST_EMPIRICAL);
	assert_close(dist_mean(&vip->wrap), 20.0, 1e-12, "empirical mean");
	ck_assert(vip->patience.kind == DIST_WEIBULL);
	assert_close(dist_mean(&vip->patience), 180.0 * tgamma(1.5), 1e-12, "weibull mean");

	ck_assert_int_eq(other->handle.kind, DIST_HISTOGRAM);
	assert_close(dist_mean(&other->handle), (1 * 30.0 + 3 * 120.0) / 4.0, 1e-12,
		     "histogram mean");
	ck_assert(other->wrap.kind == DIST_LOGNORMAL);
	assert_close(dist_mean(&other->wrap), exp(2.0 + 0.125), 1e-12, "lognormal mu-sigma");
	ck_assert(other->patience.kind == DIST_GAMMA);
	assert_close(dist_mean(&other->patience), 90.0, 1e-12, "gamma mean-cv mean");
	assert_close(dist_variance(&other->patience), 90.0 * 90.0 * 4.0, 1e-12, "gamma var");

	ck_assert_int_eq(c->n_groups, 2);
	ck_assert_int_eq(c->groups[0].n_handles, 2);
	ck_assert_int_eq(c->groups[0].handles[0], 0);
	ck_assert_int_eq(c->groups[0].handles[1], 3);
	ck_assert_int_eq(c->groups[1].n_handles, 3);
	ck_assert_int_eq(c->groups[1].handles[0], 1);
	ck_assert_int_eq(c->groups[1].handles[1], 2);
	ck_assert_int_eq(c->groups[1].handles[2], 0);
	for (int k = 0; k < 8; k++) {
		ck_assert_int_eq(c->groups[0].staffing[k], 5 + k % 4);
		ck_assert_int_eq(c->groups[1].staffing[k], k);
	}

	ck_assert_int_eq(sc.n_commitments, 4);
	const struct commitment *m = sc.commitments;
	ck_assert_str_eq(m[0].name, "SL 80/30");
	ck_assert_int_eq(m[0].kpi, KPI_SERVICE_LEVEL);
	ck_assert(m[0].threshold_s == 30.0 && m[0].threshold_index == 0);
	ck_assert(m[0].target == 0.8);
	ck_assert_int_eq(m[0].direction, AT_LEAST);
	ck_assert_int_eq(m[0].period, PERIOD_INTERVAL);
	ck_assert_int_eq(m[1].kpi, KPI_ANSWERED_WITHIN);
	ck_assert(m[1].threshold_s == 60.0 && m[1].threshold_index == 1);
	ck_assert(m[1].target == 100.0);
	ck_assert_int_eq(m[1].period, PERIOD_DAY);
	ck_assert_int_eq(m[2].kpi, KPI_ASA);
	ck_assert_int_eq(m[2].contact_type, 2);
	ck_assert(m[2].target == 15.0);
	ck_assert_int_eq(m[2].direction, AT_MOST);
	ck_assert_int_eq(m[2].period, PERIOD_HORIZON);
	ck_assert(m[3].threshold_s == 30.0 && m[3].threshold_index == 0);
	ck_assert(m[3].target == 0.9);
	scenario_destroy(&sc);
}
END_TEST

/* Deferred contact types (good-deferred.cfg): each parsed field against the
 * values worked out by hand in the file's comments. */
START_TEST(test_deferred)
{
	struct scenario sc;
	load_ok(FIX "good-deferred.cfg", &sc);
	const struct centre_config *c = &sc.centre;
	ck_assert_int_eq(c->horizon.start_date, 20517);      /* 2026-03-05, a Thursday */
	ck_assert_int_eq(c->horizon.days, 5);
	ck_assert_int_eq(c->n_types, 6);

	const struct contact_type_config *calls = &c->types[0];
	ck_assert_int_eq(calls->channel, CHANNEL_VOICE);
	ck_assert_int_eq(calls->arrive, ARRIVE_FORECAST);
	ck_assert_int_eq(calls->n_steps, 0);
	ck_assert(calls->forecast[49] == 20.0);
	ck_assert_ptr_null(calls->per_day);
	ck_assert_int_eq(calls->follow_up.type, 3);
	ck_assert(calls->follow_up.share == 0.02);
	ck_assert(calls->follow_up.has_delay);
	ck_assert_int_eq(calls->follow_up.delay.kind, DIST_DETERMINISTIC);
	ck_assert(dist_mean(&calls->follow_up.delay) == 3600.0);

	/* per_weekday Mon..Sun laid on Thu, Fri, Sat, Sun, Mon. */
	const struct contact_type_config *email = &c->types[1];
	static const double email_days[5] = { 350.0, 300.0, 250.0, 20.0, 400.0 };
	ck_assert_int_eq(email->channel, CHANNEL_EMAIL);
	ck_assert_int_eq(email->arrive, ARRIVE_DAILY);
	ck_assert_ptr_null(email->forecast);
	for (int d = 0; d < 5; d++)
		ck_assert_msg(email->per_day[d] == email_days[d], "email day %d: %g", d,
			      email->per_day[d]);
	/* Weights 1 at 08:00 and 17:00, 2 from 09:00 to 16:00: sum 18. */
	double sum = 0.0;
	for (int h = 0; h < 24; h++) {
		double want = h == 8 || h == 17 ? 1.0 / 18.0 : h > 8 && h < 17 ? 2.0 / 18.0 : 0.0;
		ck_assert_msg(email->profile[h] == want, "profile[%d] = %.17g", h, email->profile[h]);
		sum += email->profile[h];
	}
	assert_close(sum, 1.0, 1e-15, "profile sum");
	ck_assert_int_eq(email->n_steps, 1);
	ck_assert_str_eq(email->steps[0].name, "answer");
	ck_assert_int_eq(email->steps[0].group, -1);
	ck_assert_int_eq(email->steps[0].deadline.clock, CLOCK_BUSINESS_HOURS);
	ck_assert(email->steps[0].deadline.amount == 86400.0);
	ck_assert_int_eq(email->steps[0].handle.kind, DIST_LOGNORMAL);
	assert_close(dist_mean(&email->steps[0].handle), 360.0, 1e-12, "email handle");
	ck_assert_int_eq(email->initial.count, 120);
	ck_assert_int_eq(email->initial.age.kind, DIST_UNIFORM);
	ck_assert(dist_mean(&email->initial.age) == 1.5 * 86400.0);
	ck_assert_int_eq(email->follow_up.type, -1);

	const struct contact_type_config *letters = &c->types[2];
	static const double letter_days[5] = { 10.0, 20.0, 0.0, 0.0, 50.5 };
	ck_assert_int_eq(letters->channel, CHANNEL_LETTER);
	ck_assert_int_eq(letters->arrive, ARRIVE_BATCH);
	ck_assert(letters->batch_s == 9.5 * 3600.0);
	for (int d = 0; d < 5; d++)
		ck_assert(letters->per_day[d] == letter_days[d]);
	ck_assert(letters->profile[0] == 1.0 / 24.0 && letters->profile[23] == 1.0 / 24.0);
	ck_assert_int_eq(letters->steps[0].deadline.clock, CLOCK_BUSINESS_DAYS);
	ck_assert(letters->steps[0].deadline.amount == 5.0);
	ck_assert(dist_mean(&letters->steps[0].handle) == 600.0);
	ck_assert_int_eq(letters->initial.count, 0);

	const struct contact_type_config *complaint = &c->types[3];
	ck_assert_int_eq(complaint->channel, CHANNEL_WEB);
	ck_assert_int_eq(complaint->arrive, ARRIVE_NONE);
	ck_assert_ptr_null(complaint->per_day);
	ck_assert_ptr_null(complaint->forecast);
	ck_assert_int_eq(complaint->n_steps, 2);
	ck_assert_str_eq(complaint->steps[0].name, "acknowledge");
	ck_assert_int_eq(complaint->steps[0].group, 1);
	ck_assert_int_eq(complaint->steps[0].deadline.clock, CLOCK_BUSINESS_DAYS);
	ck_assert(complaint->steps[0].deadline.amount == 2.0);
	ck_assert(dist_mean(&complaint->steps[0].handle) == 120.0);
	ck_assert_str_eq(complaint->steps[1].name, "answer");
	ck_assert_int_eq(complaint->steps[1].group, -1);
	ck_assert_int_eq(complaint->steps[1].deadline.clock, CLOCK_CALENDAR_MONTHS);
	ck_assert(complaint->steps[1].deadline.amount == 1.0);
	ck_assert(dist_mean(&complaint->steps[1].handle) == 1800.0);
	ck_assert_int_eq(complaint->follow_up.type, 4);
	ck_assert(complaint->follow_up.share == 0.1);
	ck_assert(!complaint->follow_up.has_delay);

	const struct contact_type_config *recourse = &c->types[4];
	ck_assert_int_eq(recourse->arrive, ARRIVE_NONE);
	ck_assert_int_eq(recourse->n_steps, 1);
	ck_assert_str_eq(recourse->steps[0].name, "review");
	ck_assert_int_eq(recourse->steps[0].deadline.clock, CLOCK_BUSINESS_HOURS);
	ck_assert(recourse->steps[0].deadline.amount == 1.5 * 3600.0);
	ck_assert_int_eq(recourse->initial.count, 0);
	ck_assert_int_eq(recourse->follow_up.type, -1);

	const struct contact_type_config *forms = &c->types[5];
	ck_assert_int_eq(forms->channel, CHANNEL_WEB);
	ck_assert_int_eq(forms->arrive, ARRIVE_FORECAST);
	ck_assert(forms->forecast[0] == 3.0 && forms->forecast[49] == 3.0);
	ck_assert_int_eq(forms->steps[0].deadline.clock, CLOCK_CALENDAR);
	ck_assert(forms->steps[0].deadline.amount == 36.0 * 3600.0);

	ck_assert_int_eq(c->n_groups, 2);
	ck_assert_int_eq(c->groups[0].order, ORDER_EDF);
	ck_assert_int_eq(c->groups[0].n_handles, 3);
	ck_assert_int_eq(c->groups[0].handles[2], 5);
	ck_assert_int_eq(c->groups[1].order, ORDER_FIFO);
	ck_assert_int_eq(c->groups[1].n_handles, 4);
	ck_assert_int_eq(c->groups[1].handles[0], 2);
	ck_assert_int_eq(c->groups[1].handles[3], 1);

	ck_assert_int_eq(sc.n_commitments, 9);
	const struct commitment *m = sc.commitments;
	ck_assert_int_eq(m[0].step, -1);
	ck_assert_int_eq(m[0].kpi, KPI_SERVICE_LEVEL);
	ck_assert(m[0].threshold_s == 20.0);
	static const struct {
		int type, step;
		enum task_kpi kpi;
		double target;
		enum commit_period period;
	} want[] = {
		{ 1, 0, TASK_WITHIN_DEADLINE, 0.9, PERIOD_WEEK },
		{ 3, 0, TASK_MEAN_RESPONSE, 1.0, PERIOD_DAY },           /* business days */
		{ 3, 1, TASK_P90_RESPONSE, 20 * 86400.0, PERIOD_HORIZON }, /* "20d" */
		{ 2, 0, TASK_BACKLOG, 100.0, PERIOD_DAY },
		{ 1, 0, TASK_OLDEST_AGE, 2 * 86400.0, PERIOD_HORIZON },
		{ 1, 0, TASK_MEAN_RESPONSE, 8 * 3600.0, PERIOD_WEEK },   /* "8bh" */
		{ 4, 0, TASK_P90_RESPONSE, 7200.0, PERIOD_DAY },         /* "2h" */
		{ 2, 0, TASK_MEAN_RESPONSE, 3.0, PERIOD_HORIZON },       /* "3bd" */
	};
	for (int i = 0; i < 8; i++) {
		const struct commitment *cm = &m[i + 1];
		ck_assert_msg(cm->contact_type == want[i].type && cm->step == want[i].step &&
			      cm->task_kpi == want[i].kpi && cm->target == want[i].target &&
			      cm->period == want[i].period,
			      "commitment %d (%s): type %d step %d kpi %d target %g period %d",
			      i + 1, cm->name, cm->contact_type, cm->step, (int)cm->task_kpi,
			      cm->target, (int)cm->period);
		ck_assert(cm->threshold_s == 0.0 && cm->threshold_index == 0);
	}
	ck_assert_int_eq(m[2].direction, AT_MOST);
	scenario_destroy(&sc);
	assert_zero(&sc);
}
END_TEST

/* ---- limits ------------------------------------------------------------------ */

START_TEST(test_name_lengths)
{
	struct scenario sc;
	char *text, extra[256];
	char name63[64], name64[65];
	memset(name63, 'n', 63);
	name63[63] = '\0';
	memset(name64, 'n', 64);
	name64[64] = '\0';

	snprintf(extra, sizeof extra, "name = \"%s\";\n", name63);
	ck_assert_int_eq(load_body(extra, &sc, &text), STATUS_OK);
	ck_assert_str_eq(sc.name, name63);
	scenario_destroy(&sc);
	free(text);

	snprintf(extra, sizeof extra, "name = \"%s\";\n", name64);
	ck_assert_int_eq(load_body(extra, &sc, &text), STATUS_EINVAL);
	ck_assert_msg(strncmp(text, "T:4: name: expected a name", 26) == 0, "%s", text);
	ck_assert_int_eq(count_lines(text), 1);
	free(text);

	ck_assert_int_eq(load_body("name = \"\";\n", &sc, &text), STATUS_EINVAL);
	ck_assert_msg(strncmp(text, "T:4: name:", 10) == 0, "%s", text);
	free(text);

	/* Commitment names: free text up to 95 characters. */
	char cname[97];
	memset(cname, 'c', 96);
	cname[95] = '\0';
	snprintf(extra, sizeof extra, "name = \"x\";\ncommitments = ({ name = \"%s\"; kpi = "
		 "\"abandon_rate\"; contact_type = \"calls\"; target = 0.05; direction = "
		 "\"at_most\"; period = \"day\"; });\n", cname);
	ck_assert_int_eq(load_body(extra, &sc, &text), STATUS_OK);
	ck_assert_str_eq(sc.commitments[0].name, cname);
	scenario_destroy(&sc);
	free(text);
	cname[95] = 'c';
	cname[96] = '\0';
	snprintf(extra, sizeof extra, "name = \"x\";\ncommitments = ({ name = \"%s\"; kpi = "
		 "\"abandon_rate\"; contact_type = \"calls\"; target = 0.05; direction = "
		 "\"at_most\"; period = \"day\"; });\n", cname);
	ck_assert_int_eq(load_body(extra, &sc, &text), STATUS_EINVAL);
	ck_assert_msg(strncmp(text, "T:5: commitments[0].name:", 25) == 0, "%s", text);
	free(text);
}
END_TEST

START_TEST(test_number_ranges)
{
	struct scenario sc;
	char *text;
	ck_assert_int_eq(load_body("name = \"x\"; replications = 100000; seed = "
				   "9223372036854775807L; wait_histogram_max = \"24h\";\n"
				   "confidence = \"99.9%\";\n", &sc, &text), STATUS_OK);
	ck_assert_int_eq(sc.replications, 100000);
	ck_assert_uint_eq(sc.seed, (uint64_t)INT64_MAX);
	ck_assert(sc.centre.wait_hist_max_s == 86400.0);
	assert_close(sc.confidence, 0.999, 1e-15, "confidence");
	scenario_destroy(&sc);
	free(text);

	ck_assert_int_eq(load_body("name = \"x\"; replications = 1; seed = 0;\n", &sc, &text),
			 STATUS_OK);
	ck_assert_int_eq(sc.replications, 1);
	ck_assert_uint_eq(sc.seed, 0);
	scenario_destroy(&sc);
	free(text);

	ck_assert_int_eq(load_body("name = \"x\";\nreplications = 100001;\n"
				   "wait_histogram_max = \"86401s\";\nconfidence = 1;\n"
				   "seed = -1L;\n", &sc, &text), STATUS_EINVAL);
	ck_assert_int_eq(count_lines(text), 4);
	ck_assert_ptr_nonnull(strstr(text, "T:5: replications: expected a whole number from 1 to 100000; got 100001\n"));
	ck_assert_ptr_nonnull(strstr(text, "T:6: wait_histogram_max: expected at most 24h"));
	ck_assert_ptr_nonnull(strstr(text, "T:7: confidence: expected a fraction strictly between 0 and 1"));
	ck_assert_ptr_nonnull(strstr(text, "T:8: seed: expected a whole number from 0"));
	assert_zero(&sc);
	free(text);
}
END_TEST

/* The week period: accepted for counts and rates, refused for wait
 * percentiles (not kept per week). */
START_TEST(test_week_period)
{
	struct scenario sc;
	char *text;
	ck_assert_int_eq(load_body("name = \"x\";\ncommitments = ( { name = \"w\"; "
				   "kpi = \"service_level\"; contact_type = \"calls\"; "
				   "target = \"80%\"; direction = \"at_least\"; "
				   "period = \"week\"; } );\n", &sc, &text), STATUS_OK);
	ck_assert_int_eq(sc.commitments[0].period, PERIOD_WEEK);
	scenario_destroy(&sc);
	free(text);
	ck_assert_int_eq(load_body("name = \"x\";\ncommitments = ( { name = \"w\"; "
				   "kpi = \"p90_wait_s\"; contact_type = \"calls\"; "
				   "target = \"60s\"; direction = \"at_most\";\n"
				   "period = \"week\"; } );\n", &sc, &text), STATUS_EINVAL);
	ck_assert_int_eq(count_lines(text), 1);
	ck_assert_ptr_nonnull(strstr(text, "T:6: commitments[0].period: p90_wait_s is not kept per week"));
	assert_zero(&sc);
	free(text);
}
END_TEST

/* Huge forecasts are refused (a run would never end), the limit accepted. */
START_TEST(test_forecast_limit)
{
	static const char fmt[] =
		"name = \"x\";\n"
		"horizon = { start = \"2026-03-02\"; interval = \"1h\"; day_end = \"01:00\"; };\n"
		"contact_types = ( { name = \"calls\"; handle_time = { dist = \"exponential\"; mean = \"3m\"; };\n"
		"  forecast = %s; } );\n"
		"agent_groups = ( { name = \"front\"; handles = [\"calls\"]; staffing = 2; } );\n";
	const char *values[] = { "10000000.0", "10000001.0", "1e300", "\"1e12/1h\"" };
	const int want[] = { STATUS_OK, STATUS_EINVAL, STATUS_EINVAL, STATUS_EINVAL };
	for (int i = 0; i < 4; i++) {
		char content[1024], path[64];
		snprintf(content, sizeof content, fmt, values[i]);
		write_temp(content, strlen(content), path);
		struct scenario sc;
		char *text;
		int st = load(path, &sc, &text);
		unlink(path);
		ck_assert_msg(st == want[i], "forecast %s: status %d\n%s", values[i], st, text);
		if (st != STATUS_OK)
			ck_assert_msg(strstr(text, ":4: contact_types[0].forecast: expected a number of calls per interval from 0 to 10000000") != NULL,
				      "forecast %s: %s", values[i], text);
		scenario_destroy(&sc);
		free(text);
	}
}
END_TEST

/* Deferred types at the edges of what they accept, and their defaults. */
#define W "handle_time = { dist = \"exponential\"; mean = \"5m\"; }; deadline = \"1bd\"; "
#define STEP(n) "{ name = \"" n "\"; handle_time = { dist = \"exponential\"; mean = \"1m\"; }; deadline = \"1bd\"; }"

static int load_deferred(const char *voice, const char *mail, struct scenario *sc, char **text)
{
	static const char fmt[] =
		"name = \"x\";\n"
		"horizon = { start = \"2026-03-02\"; days = 2; interval = \"1h\"; };\n"
		"contact_types = (\n"
		"  { name = \"calls\"; forecast = 1; handle_time = { dist = \"exponential\"; mean = \"3m\"; }; %s },\n"
		"  { name = \"mail\"; channel = \"email\"; %s }\n"
		");\n"
		"agent_groups = ( { name = \"g\"; handles = [\"calls\", \"mail\"]; staffing = 1; } );\n";
	char content[4096], path[64];
	snprintf(content, sizeof content, fmt, voice, mail);
	write_temp(content, strlen(content), path);
	int st = load(path, sc, text);
	unlink(path);
	return st;
}

START_TEST(test_deferred_limits)
{
	struct scenario sc;
	char *text;
	const struct contact_type_config *mail = NULL;

	/* Defaults: daily arrivals spread flat, one step "answer" open to every
	 * group, no follow-up, no backlog, EDF; the voice type has no steps. */
	ck_assert_int_eq(load_deferred("", "per_day = 10000000.0; " W, &sc, &text), STATUS_OK);
	mail = &sc.centre.types[1];
	ck_assert_int_eq(mail->arrive, ARRIVE_DAILY);
	ck_assert(mail->per_day[0] == 1e7 && mail->per_day[1] == 1e7);
	for (int h = 0; h < 24; h++)
		ck_assert(mail->profile[h] == 1.0 / 24.0);
	ck_assert_int_eq(mail->n_steps, 1);
	ck_assert_str_eq(mail->steps[0].name, "answer");
	ck_assert_int_eq(mail->steps[0].group, -1);
	ck_assert_int_eq(mail->follow_up.type, -1);
	ck_assert_int_eq(mail->initial.count, 0);
	ck_assert_int_eq(sc.centre.groups[0].order, ORDER_EDF);
	ck_assert_int_eq(sc.centre.types[0].n_steps, 0);
	ck_assert_int_eq(sc.centre.types[0].follow_up.type, -1);
	ck_assert_int_eq(sc.centre.types[0].arrive, ARRIVE_FORECAST);
	scenario_destroy(&sc);
	free(text);

	/* One value per day, integers; the latest batch; the largest backlog;
	 * a profile on one hour; four steps. */
	ck_assert_int_eq(load_deferred("", "per_day = [1, 2]; batch = \"23:59:59\"; "
				       "initial_backlog = { count = 10000000; age = { dist = "
				       "\"exponential\"; mean = \"1h\"; }; }; " W, &sc, &text), STATUS_OK);
	mail = &sc.centre.types[1];
	ck_assert(mail->per_day[0] == 1.0 && mail->per_day[1] == 2.0);
	ck_assert_int_eq(mail->arrive, ARRIVE_BATCH);
	ck_assert(mail->batch_s == 86399.0);
	ck_assert_int_eq(mail->initial.count, 10000000);
	scenario_destroy(&sc);
	free(text);

	ck_assert_int_eq(load_deferred("", "per_day = 1.0; profile = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, "
				       "0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.5); steps = ( " STEP("a")
				       ", " STEP("b") ", " STEP("c") ", " STEP("d") " );", &sc, &text),
			 STATUS_OK);
	mail = &sc.centre.types[1];
	ck_assert(mail->profile[23] == 1.0 && mail->profile[22] == 0.0);
	ck_assert_int_eq(mail->n_steps, 4);
	ck_assert_str_eq(mail->steps[3].name, "d");
	scenario_destroy(&sc);
	free(text);

	/* Shares 1 and 0; a type with no arrivals of its own that calls create. */
	ck_assert_int_eq(load_deferred("complaints = { type = \"mail\"; share = 1; };", W, &sc, &text),
			 STATUS_OK);
	ck_assert_int_eq(sc.centre.types[1].arrive, ARRIVE_NONE);
	ck_assert_int_eq(sc.centre.types[0].follow_up.type, 1);
	ck_assert(sc.centre.types[0].follow_up.share == 1.0);
	ck_assert(!sc.centre.types[0].follow_up.has_delay);
	scenario_destroy(&sc);
	free(text);
	ck_assert_int_eq(load_deferred("complaints = { type = \"mail\"; share = \"0%\"; };",
				       "per_weekday = (0, 0, 0, 0, 0, 0, 0.5); " W, &sc, &text), STATUS_OK);
	ck_assert(sc.centre.types[0].follow_up.share == 0.0);
	ck_assert(sc.centre.types[1].per_day[0] == 0.0);   /* a Monday */
	scenario_destroy(&sc);
	free(text);

	/* Just beyond. */
	static const struct {
		const char *voice, *mail, *phrase;
	} bad[] = {
		{ "", "per_day = 10000001.0; " W,
		  ":5: contact_types[1].per_day: expected a number of contacts per day from 0 to 10000000; got 1e+07" },
		{ "", "per_day = \"10/1d\"; " W, ":5: contact_types[1].per_day: expected a number of contacts per day" },
		{ "", "per_day = -1; " W, ":5: contact_types[1].per_day: expected a number of contacts per day" },
		{ "", "per_weekday = 10.0; " W, ":5: contact_types[1].per_weekday: expected a list of 7 numbers" },
		{ "", "per_day = 1.0; profile = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, "
		  "0, 0, 0, 0]; " W, ":5: contact_types[1].profile: the weights sum to 0" },
		{ "", "per_day = 1.0; initial_backlog = { count = -1; }; " W,
		  ":5: contact_types[1].initial_backlog.count: expected a whole number from 0 to 10000000; got -1" },
		{ "", "per_day = 1.0; steps = ( " STEP("a") ", " STEP("b") ", " STEP("c") ", "
		  STEP("d") ", " STEP("e") " );", ":5: contact_types[1].steps: 5 steps; expected at most 4" },
		{ "", "per_day = 1.0; steps = ();", ":5: contact_types[1].steps: the list is empty" },
		{ "", "per_day = 1.0; steps = ( { name = \"a b\"; handle_time = { dist = \"exponential\"; "
		  "mean = \"1m\"; }; deadline = \"1bd\"; } );", ":5: contact_types[1].steps[0].name: expected a name" },
		{ "", "per_day = 1.0; handle_time = { dist = \"exponential\"; mean = \"5m\"; };",
		  ":5: missing required setting 'contact_types[1].deadline'" },
		{ "", "per_day = 1.0; handle_time = { dist = \"exponential\"; mean = \"5m\"; }; deadline = 24;",
		  ":5: contact_types[1].deadline: expected a deadline with its clock such as \"24h\"" },
		{ "", "per_day = 1.0; handle_time = { dist = \"exponential\"; mean = \"5m\"; }; deadline = \"2.5bd\";",
		  ":5: contact_types[1].deadline: expected a deadline with its clock such as \"24h\"" },
		{ "complaints = { type = \"mail\"; share = 1.5; };", "per_day = 1.0; " W,
		  ":4: contact_types[0].complaints.share: expected a fraction" },
		{ "complaints = { share = 0.5; };", "per_day = 1.0; " W,
		  ":4: missing required setting 'contact_types[0].complaints.type'" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int st = load_deferred(bad[i].voice, bad[i].mail, &sc, &text);
		ck_assert_msg(st == STATUS_EINVAL, "case %zu: status %d\n%s", i, st, text);
		ck_assert_msg(strstr(text, bad[i].phrase) != NULL && count_lines(text) == 1,
			      "case %zu: want one line with \"%s\", got:\n%s", i, bad[i].phrase, text);
		assert_zero(&sc);
		free(text);
	}
}
END_TEST

START_TEST(test_one_interval_day)
{
	/* A whole day as one interval; 3660 days (the most) of it. */
	struct scenario sc;
	char *text;
	static const char cfg[] =
		"name = \"long\";\n"
		"horizon = { start = \"2026-01-01\"; days = 3660; interval = \"1d\"; warmup = 86400; };\n"
		"contact_types = ( { name = \"c\"; forecast = 5.5; handle_time = { dist = \"deterministic\"; value = \"0\"; }; } );\n"
		"agent_groups = ( { name = \"g\"; handles = [\"c\"]; staffing = 1000000; } );\n";
	char path[64];
	write_temp(cfg, sizeof cfg - 1, path);
	int st = load(path, &sc, &text);
	unlink(path);
	ck_assert_msg(st == STATUS_OK, "%s", text);
	ck_assert_int_eq(sc.centre.horizon.n_intervals, 3660);
	ck_assert_int_eq(sc.centre.horizon.n_warmup, 1);
	ck_assert(sc.centre.types[0].forecast[3659] == 5.5);
	ck_assert_int_eq(sc.centre.groups[0].staffing[3659], 1000000);
	ck_assert(dist_mean(&sc.centre.types[0].handle) == 0.0);
	scenario_destroy(&sc);
	free(text);
}
END_TEST

START_TEST(test_destroy_safe)
{
	struct scenario sc;
	memset(&sc, 0, sizeof sc);
	scenario_destroy(&sc);
	scenario_destroy(NULL);
	load_ok(FIX "good-full.cfg", &sc);
	scenario_destroy(&sc);
	assert_zero(&sc);
	scenario_destroy(&sc);
}
END_TEST

/* ---- errors ------------------------------------------------------------------ */

START_TEST(test_missing_file)
{
	struct scenario sc;
	char *text, want[256];
	const char *path = FIX "no-such-file.cfg";
	ck_assert_int_eq(load(path, &sc, &text), STATUS_EIO);
	snprintf(want, sizeof want, "%s: cannot read: %s\n", path, strerror(ENOENT));
	ck_assert_str_eq(text, want);
	assert_zero(&sc);
	free(text);

	ck_assert_int_eq(load("tests/scenarios", &sc, &text), STATUS_EIO);
	snprintf(want, sizeof want, "tests/scenarios: cannot read: %s\n", strerror(EISDIR));
	ck_assert_str_eq(text, want);
	assert_zero(&sc);
	free(text);
}
END_TEST

START_TEST(test_syntax_errors)
{
	EXPECT(FIX "bad-syntax.cfg", { 4, "syntax error" });
	EXPECT(FIX "bad-mixed-array.cfg", { 5, "mismatched element type in array (the values" });
	EXPECT(FIX "bad-duplicate-setting.cfg", { 4, "duplicate setting name" });
}
END_TEST

START_TEST(test_empty_file)
{
	EXPECT(FIX "bad-empty.cfg",
	       { 1, "missing required setting 'name'" },
	       { 1, "missing required setting 'horizon'" },
	       { 1, "missing required setting 'contact_types'" },
	       { 1, "missing required setting 'agent_groups'" });
}
END_TEST

START_TEST(test_binary_garbage)
{
	/* Bytes from a fixed linear congruential generator, NULs included. */
	char bytes[600];
	uint32_t x = 12345;
	for (size_t i = 0; i < sizeof bytes; i++) {
		x = x * 1103515245u + 12345u;
		bytes[i] = (char)(x >> 23);
	}
	char path[64];
	write_temp(bytes, sizeof bytes, path);
	struct scenario sc;
	char *text;
	int st = load(path, &sc, &text);
	unlink(path);
	ck_assert_int_eq(st, STATUS_EINVAL);
	ck_assert_int_eq(count_lines(text), 1);
	size_t plen = strlen(path);
	ck_assert_msg(strncmp(text, path, plen) == 0 && text[plen] == ':', "%s", text);
	char *end;
	long line = strtol(text + plen + 1, &end, 10);
	ck_assert_msg(line >= 1 && end[0] == ':' && end[1] == ' ', "%s", text);
	assert_zero(&sc);
	free(text);
}
END_TEST

START_TEST(test_unknown_settings)
{
	EXPECT(FIX "bad-unknown-top.cfg",
	       { 3, "unknown setting 'replicatons' in the top level; expected one of: name, seed, replications," });
	EXPECT(FIX "bad-unknown-type-key.cfg",
	       { 9, "unknown setting 'pateince' in contact_types[0]; expected one of: name, channel, forecast, handle_time, wrap_up, patience," });
}
END_TEST

START_TEST(test_missing_settings)
{
	EXPECT(FIX "bad-missing.cfg",
	       { 4, "missing required setting 'horizon.interval'" },
	       { 6, "missing required setting 'contact_types[0].handle_time'" });
}
END_TEST

START_TEST(test_wrong_types)
{
	EXPECT(FIX "bad-types.cfg",
	       { 3, "replications: expected a whole number from 1 to 100000; got \"20\"" },
	       { 4, "seed: expected a whole number from 0 to" },
	       { 5, "wait_histogram_max: expected a duration" },
	       { 6, "horizon: expected a group" },
	       { 10, "abandon_excludes_short: expected true or false; got \"no\"" });
}
END_TEST

START_TEST(test_negative_values)
{
	EXPECT(FIX "bad-negative.cfg",
	       { 8, "contact_types[0].handle_time.mean: expected a duration" },
	       { 9, "contact_types[0].short_abandon: expected a duration such as \"20s\", \"5m\", \"1.5h\" or \"2d\", or a number of seconds >= 0; got \"-5s\"" },
	       { 13, "agent_groups[0].staffing: expected a whole number from 0 to 1000000; got -2" });
}
END_TEST

START_TEST(test_nonfinite_values)
{
	EXPECT(FIX "bad-nonfinite.cfg",
	       { 7, "contact_types[0].forecast: expected a number of calls per interval from 0" },
	       { 8, "contact_types[0].handle_time.mean: expected a duration" },
	       { 9, "contact_types[0].sl_threshold: expected a duration" });
}
END_TEST

START_TEST(test_series_lengths)
{
	EXPECT(FIX "bad-forecast-length.cfg",
	       { 7, "contact_types[0].forecast: 5 values; expected 4 (one per 30m interval of "
		    "08:00-10:00, repeated every day), 28 (one week, Monday to Sunday, repeated "
		    "every week) or 8 (one per interval of the 2-day horizon)" });
	EXPECT(FIX "bad-cooldown.cfg",
	       { 4, "horizon.cooldown: 36h; expected whole days (\"21d\") that leave at least "
		    "one day after the warm-up to judge (the horizon has 3 days)" });
	EXPECT(FIX "bad-busyness.cfg",
	       { 6, "contact_types[0].busyness_cv: expected a coefficient of variation from 0 (plain Poisson) to 10, such as 0.15; got -0.1" },
	       { 8, "contact_types[1].busyness_cv: expected a coefficient of variation from 0 (plain Poisson) to 10, such as 0.15; got \"20%\"" },
	       { 10, "contact_types[2].busyness_cv: \"recourse\" receives only follow-ups, which have no day-level busyness" });
	EXPECT(FIX "bad-cooldown-long.cfg",
	       { 4, "horizon.cooldown: 3d; expected whole days" });
	EXPECT(FIX "bad-staffing-length.cfg",
	       { 9, "agent_groups[0].staffing: 3 values; expected 4 (one per 30m interval of 08:00-10:00)" });
}
END_TEST

START_TEST(test_distributions)
{
	EXPECT(FIX "bad-unknown-dist.cfg",
	       { 6, "unknown distribution \"exponentail\"; expected one of: exponential, lognormal, "
		    "gamma, erlang, weibull, deterministic, uniform, empirical, histogram" });
	EXPECT(FIX "bad-dist-params.cfg",
	       { 6, "missing required setting 'contact_types[0].handle_time.cv'" },
	       { 7, "unknown setting 'mean' in contact_types[0].wrap_up; expected one of: dist, value" },
	       { 8, "takes either mean and cv or shape and scale, not both" },
	       { 11, "3 weights for 3 edges" });
}
END_TEST

START_TEST(test_commitment_errors)
{
	EXPECT(FIX "bad-unknown-kpi.cfg",
	       { 12, "commitments[0].kpi: unknown KPI \"service_levle\"; expected one of: received," });
	EXPECT(FIX "bad-fraction.cfg",
	       { 4, "confidence: expected a fraction" },
	       { 13, "commitments[0].target: expected a fraction such as \"80%\" or 0.8, within 0 to 1; got \"120%\"" },
	       { 16, "commitments[1].target: expected a fraction such as \"80%\" or 0.8, within 0 to 1; got 1.2" });
	EXPECT(FIX "bad-unknown-commit-type.cfg",
	       { 13, "commitments[0].contact_type: unknown contact type \"cals\"; expected one of: calls" });
	EXPECT(FIX "bad-thresholds.cfg",
	       { 13, "the KPI 'abandon_rate' takes no threshold" },
	       { 23, "too many distinct thresholds; expected at most 8" });
}
END_TEST

START_TEST(test_references)
{
	EXPECT(FIX "bad-unknown-handle.cfg",
	       { 9, "agent_groups[0].handles[1]: unknown contact type \"chat\"; expected one of: calls" });
	EXPECT(FIX "bad-duplicates.cfg",
	       { 7, "duplicate contact type name \"calls\" (also at line 6)" },
	       { 10, "contact type \"calls\" is listed twice" },
	       { 11, "duplicate agent group name \"front\" (also at line 10)" },
	       { 15, "duplicate commitment name \"SL\" (also at line 14)" });
	EXPECT(FIX "bad-unserved.cfg",
	       { 6, "contact type \"mail\" is handled by no agent group" });
}
END_TEST

START_TEST(test_horizon_errors)
{
	EXPECT(FIX "bad-horizon.cfg",
	       { 5, "horizon.interval: 7m does not cut the day window 08:00-10:00 (2h) into whole intervals" });
	EXPECT(FIX "bad-window.cfg",
	       { 3, "horizon.day_end: the day window ends at 08:00, not after it starts at 18:00" });
	EXPECT(FIX "bad-warmup.cfg",
	       { 5, "horizon.warmup: 45m; expected a whole number of intervals (30m each)" });
}
END_TEST

START_TEST(test_opening_errors)
{
	EXPECT(FIX "bad-opening.cfg",
	       { 6, "opening.mon: expected an opening range \"HH:MM-HH:MM\"" },
	       { 7, "opening.tue[1]: the range \"11:00-13:00\" overlaps another range" },
	       { 8, "opening.wed: the range \"17:00-08:00\" closes before it opens" },
	       { 9, "unknown setting 'holiday' in opening" },
	       { 10, "opening.closed_dates[0]: expected a date \"YYYY-MM-DD\" that exists" });
}
END_TEST

START_TEST(test_many_errors)
{
	/* Five problems, one line each, in the order of the file. */
	EXPECT(FIX "bad-many.cfg",
	       { 2, "name: expected a name" },
	       { 5, "forecast: 2 values; expected 4" },
	       { 8, "staffing: expected a whole number" },
	       { 11, "direction: unknown direction \"above\"; expected one of: at_least, at_most" },
	       { 13, "replications: expected a whole number from 1 to 100000; got 0" });
}
END_TEST

START_TEST(test_deferred_errors)
{
	EXPECT(FIX "bad-deferred-deadline.cfg",
	       { 7, "contact_types[0].deadline: expected a deadline with its clock such as \"24h\", \"24bh\", \"2bd\" or \"1mo\" (calendar hours, business hours, business days, calendar months); got \"24\"" },
	       { 11, "contact_types[1].steps[0].deadline: expected a deadline with its clock such as \"24h\"" },
	       { 12, "contact_types[1].steps[1].deadline: expected a deadline with its clock such as \"24h\", \"24bh\", \"2bd\" or \"1mo\" (calendar hours, business hours, business days, calendar months); got \"\"" });
	EXPECT(FIX "bad-deferred-deadline-range.cfg",
	       { 9, "contact_types[0].steps[0].deadline: \"4000d\" is longer than ten years; expected a deadline of at most 3650 days (120 months)" },
	       { 10, "contact_types[0].steps[1].deadline: \"1e308s\" is longer than ten years" },
	       { 11, "contact_types[0].steps[2].deadline: \"121mo\" is longer than ten years" },
	       { 12, "contact_types[0].steps[3].deadline: \"2bd\" runs on business time but the opening hours have none (closed every day)" },
	       { 15, "contact_types[1].deadline: \"24bh\" runs on business time" });
	EXPECT(FIX "bad-deferred-step-group.cfg",
	       { 8, "contact_types[0].steps[0].group: step \"acknowledge\" of \"complaint\": unknown agent group \"xyz\"; expected one of: front, back" },
	       { 9, "contact_types[0].steps[1].group: step \"answer\" of \"complaint\": agent group \"front\" does not handle \"complaint\"" });
	EXPECT(FIX "bad-deferred-groups.cfg",
	       { 9, "agent_groups[0].handles: agent group \"idle\" handles no contact type; expected a list of contact type names" },
	       { 10, "agent_groups[1]: agent group \"lost\" handles no contact type: missing required setting 'handles'" },
	       { 11, "agent_groups[2].work_order: unknown work order \"lifo\"; expected one of: edf (earliest deadline first), fifo (first in, first out)" },
	       { 12, "agent_groups[3].reserve: agent group \"mail\" keeps agents free for calls but does not handle both calls and deferred contacts" },
	       { 13, "agent_groups[4].reserve: expected a whole number from 0 to 1000000; got -1" });
	EXPECT(FIX "bad-deferred-share.cfg",
	       { 7, "contact_types[0].recourse.share: expected a fraction such as \"80%\" or 0.8, within 0 to 1; got \"150%\"" },
	       { 12, "contact_types[1].recourse.share: expected a fraction such as \"80%\" or 0.8, within 0 to 1; got -0.1" });
	EXPECT(FIX "bad-deferred-voice-keys.cfg",
	       { 7, "contact_types[0].patience: patience is for voice contact types; \"email\" has channel email, so expected no patience setting" },
	       { 8, "contact_types[0].sl_threshold: sl_threshold is for voice contact types; \"email\" has channel email" },
	       { 11, "contact_types[1].per_day: per_day is for deferred (email, web, letter) contact types; \"calls\" has channel voice, so expected no per_day setting" },
	       { 12, "contact_types[1].deadline: deadline is for deferred" },
	       { 13, "contact_types[1].recourse: recourse is for deferred" });
	EXPECT(FIX "bad-deferred-follow-ups.cfg",
	       { 11, "contact_types[1].complaints.type: complaints type \"calls\" is not a deferred contact type (it has channel voice); expected one of: complaint, letters, web" },
	       { 15, "contact_types[2].recourse.type: \"complaint\" names its own contact type; expected another deferred contact type: email, letters, web" },
	       { 19, "contact_types[3].complaints.type: unknown contact type \"recurse\"; expected one of the deferred contact types: email, complaint, web" },
	       { 24, "contact_types[4].recourse: \"web\" has complaints already (line 23); expected one follow-up per contact type" });
	EXPECT(FIX "bad-deferred-loop.cfg",
	       { 12, "contact_types[1].recourse.type: the follow-ups form a loop (recourse -> appeal -> recourse); expected a chain that ends" });
	EXPECT(FIX "bad-deferred-no-arrivals.cfg",
	       { 9, "contact_types[1]: contact type \"letters\" has no arrivals; expected forecast, per_day or per_weekday, or its name as the type of another contact type's complaints or recourse" });
	EXPECT(FIX "bad-deferred-arrivals.cfg",
	       { 9, "contact_types[0].per_day: \"a\" has arrivals from forecast already; expected one of forecast, per_day or per_weekday" },
	       { 11, "contact_types[1].batch: batch and profile exclude each other" },
	       { 12, "contact_types[2].per_weekday: 6 values; expected 7 (mon, tue, wed, thu, fri, sat, sun)" },
	       { 13, "contact_types[2].profile: 23 values; expected 24 (one per hour from 00:00 to 23:00)" },
	       { 16, "contact_types[3].batch: expected a time of day before 24:00 such as \"09:00\"; got \"24:00\"" },
	       { 18, "contact_types[4].per_day: 2 values; expected 1 (every day) or 3 (one per day of the horizon)" },
	       { 20, "contact_types[5].profile: profile goes with per_day or per_weekday; \"f\" has a forecast per interval" },
	       { 22, "contact_types[6].channel: unknown channel \"fax\"; expected one of: voice, email, web, letter" });
	EXPECT(FIX "bad-deferred-steps.cfg",
	       { 7, "contact_types[0].steps: 5 steps; expected at most 4" },
	       { 10, "contact_types[0].steps[2].name: duplicate step name \"s1\" (also at line 8)" },
	       { 11, "missing required setting 'contact_types[0].steps[3].handle_time'" },
	       { 15, "contact_types[1].deadline: \"b\" has a steps list; expected deadline inside each step" },
	       { 17, "missing required setting 'contact_types[1].initial_backlog.age' (the ages of the waiting contacts, needed when count > 0" },
	       { 21, "contact_types[2].initial_backlog.count: expected a whole number from 0 to 10000000; got 10000001" });
	EXPECT(FIX "bad-deferred-commitments.cfg",
	       { 18, "commitments[0].period: deferred work is judged per day, week or horizon, not per interval" },
	       { 20, "commitments[1].step: unknown step \"reply\" of \"complaint\"; expected one of: acknowledge, answer" },
	       { 21, "missing required setting 'commitments[2].step' (\"complaint\" has 2 steps; expected one of: acknowledge, answer)" },
	       { 23, "commitments[3].period: p90_response is not kept per week; expected the period \"day\" or \"horizon\"" },
	       { 25, "commitments[4].threshold: the KPI 'within_deadline' takes no threshold" },
	       { 26, "commitments[5].kpi: unknown KPI \"service_level\" for the deferred contact type \"email\"; expected one of: received, completed, completed_within_deadline, within_deadline, not_yet_due, open_late, mean_response, p90_response, backlog, oldest_age_s" },
	       { 28, "commitments[6].step: steps are for deferred contact types; \"calls\" has channel voice" },
	       { 29, "commitments[7].kpi: \"backlog\" is a KPI of deferred work; \"calls\" has channel voice, so expected one of: received, presented," });
}
END_TEST

Suite *scenario_suite(void);

Suite *scenario_suite(void)
{
	Suite *s = suite_create("scenario");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_erlang_a);
	tcase_add_test(tc, test_erlang_c);
	tcase_add_test(tc, test_retail_bank);
	tcase_add_test(tc, test_defaults);
	tcase_add_test(tc, test_weekly_series_and_cooldown);
	tcase_add_test(tc, test_full);
	tcase_add_test(tc, test_deferred);
	suite_add_tcase(s, tc);

	tc = tcase_create("limits");
	tcase_add_test(tc, test_name_lengths);
	tcase_add_test(tc, test_number_ranges);
	tcase_add_test(tc, test_forecast_limit);
	tcase_add_test(tc, test_week_period);
	tcase_add_test(tc, test_deferred_limits);
	tcase_add_test(tc, test_one_interval_day);
	tcase_add_test(tc, test_destroy_safe);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_test(tc, test_missing_file);
	tcase_add_test(tc, test_syntax_errors);
	tcase_add_test(tc, test_empty_file);
	tcase_add_test(tc, test_binary_garbage);
	tcase_add_test(tc, test_unknown_settings);
	tcase_add_test(tc, test_missing_settings);
	tcase_add_test(tc, test_wrong_types);
	tcase_add_test(tc, test_negative_values);
	tcase_add_test(tc, test_nonfinite_values);
	tcase_add_test(tc, test_series_lengths);
	tcase_add_test(tc, test_distributions);
	tcase_add_test(tc, test_commitment_errors);
	tcase_add_test(tc, test_references);
	tcase_add_test(tc, test_horizon_errors);
	tcase_add_test(tc, test_opening_errors);
	tcase_add_test(tc, test_many_errors);
	tcase_add_test(tc, test_deferred_errors);
	suite_add_tcase(s, tc);
	return s;
}
