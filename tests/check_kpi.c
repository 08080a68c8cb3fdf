/*
 * check_kpi.c: KPI formulas over raw counts (models/kpi.c).
 *
 * One hand-built period is used throughout (threshold slot 0 is T = 20 s):
 *   R = 110 received, N = 100 presented, A = 80 answered, B = 20 abandoned,
 *   A_T = 60 answered within T, B_T = 5 abandoned within T,
 *   B_s = 3 short abandons, waits of answered calls sum to 1,600 s,
 *   waits of all presented calls to 2,000 s, longest wait 300 s,
 *   agents busy 7,200 s of 9,000 s logged in.
 * Every expected value below is the formula of kpi.h worked by hand:
 *   SL over answered              60 / 80          = 0.75
 *   SL over presented             60 / 100         = 0.6
 *   SL excluding abandoned within 60 / (100 - 5)   = 12/19
 *   SL counting abandoned within  (60 + 5) / 100   = 0.65
 *   SL excluding short abandons   60 / (100 - 3)   = 60/97
 *   abandon rate                  20 / 100         = 0.2
 *   abandon rate excluding short  (20 - 3) / 97    = 17/97
 *   accessibility                 80 / 100         = 0.8
 *   ASA                           1600 / 80        = 20 s
 *   mean wait                     2000 / 100       = 20 s
 *   occupancy                     7200 / 9000      = 0.8
 * p90 and p95 are passed through from the period's percentiles (90 s and
 * 95 s here; how they are computed is tested in check_hist and
 * check_centre).
 */
#include <math.h>
#include <string.h>
#include <check.h>

#include "../models/kpi.h"
#include "../sim/status.h"

Suite *kpi_suite(void);

#define CLOSE(x, want) \
	ck_assert_msg(fabs((x) - (want)) <= 1e-12 * fmax(1.0, fabs(want)), \
		      "%s = %.17g, expected %.17g", #x, (double)(x), (double)(want))

static struct kpi_counts hand(void)
{
	struct kpi_counts c;
	memset(&c, 0, sizeof c);
	c.received = 110;
	c.presented = 100;
	c.answered = 80;
	c.abandoned = 20;
	c.short_abandons = 3;
	c.answered_within[0] = 60;
	c.abandoned_within[0] = 5;
	/* a second threshold (T = 60 s, say) in slot 2 */
	c.answered_within[2] = 72;
	c.abandoned_within[2] = 12;
	c.wait_answered_s = 1600.0;
	c.wait_all_s = 2000.0;
	c.max_wait_s = 300.0;
	return c;
}

static const struct kpi_agent_time agents = { 7200.0, 9000.0 };

/* ---- core ---------------------------------------------------------------- */

START_TEST(test_service_level_formulas)
{
	struct kpi_counts c = hand();
	CLOSE(kpi_service_level(&c, SL_OVER_ANSWERED, 0), 0.75);
	CLOSE(kpi_service_level(&c, SL_OVER_PRESENTED, 0), 0.6);
	CLOSE(kpi_service_level(&c, SL_EXCLUDING_ABANDONED_WITHIN, 0), 12.0 / 19.0);
	CLOSE(kpi_service_level(&c, SL_COUNTING_ABANDONED_WITHIN, 0), 0.65);
	CLOSE(kpi_service_level(&c, SL_EXCLUDING_SHORT, 0), 60.0 / 97.0);
	/* threshold slot 2: A_T = 72, B_T = 12 */
	CLOSE(kpi_service_level(&c, SL_OVER_ANSWERED, 2), 0.9);
	CLOSE(kpi_service_level(&c, SL_OVER_PRESENTED, 2), 0.72);
	CLOSE(kpi_service_level(&c, SL_EXCLUDING_ABANDONED_WITHIN, 2), 72.0 / 88.0);
	CLOSE(kpi_service_level(&c, SL_COUNTING_ABANDONED_WITHIN, 2), 0.84);
	CLOSE(kpi_service_level(&c, SL_EXCLUDING_SHORT, 2), 72.0 / 97.0);
}
END_TEST

START_TEST(test_kpi_value_all)
{
	struct kpi_counts c = hand();
	struct kpi_waits w = { 90.0, 95.0 };
	struct kpi_rules rules = { SL_OVER_PRESENTED, false };
	ck_assert_double_eq(kpi_value(KPI_RECEIVED, &c, &w, &agents, &rules, 0), 110.0);
	ck_assert_double_eq(kpi_value(KPI_PRESENTED, &c, &w, &agents, &rules, 0), 100.0);
	ck_assert_double_eq(kpi_value(KPI_ANSWERED, &c, &w, &agents, &rules, 0), 80.0);
	ck_assert_double_eq(kpi_value(KPI_ABANDONED, &c, &w, &agents, &rules, 0), 20.0);
	ck_assert_double_eq(kpi_value(KPI_SHORT_ABANDONS, &c, &w, &agents, &rules, 0), 3.0);
	ck_assert_double_eq(kpi_value(KPI_ANSWERED_WITHIN, &c, &w, &agents, &rules, 0), 60.0);
	ck_assert_double_eq(kpi_value(KPI_ANSWERED_WITHIN, &c, &w, &agents, &rules, 2), 72.0);
	CLOSE(kpi_value(KPI_SERVICE_LEVEL, &c, &w, &agents, &rules, 0), 0.6);
	CLOSE(kpi_value(KPI_SERVICE_LEVEL, &c, &w, &agents, &rules, 2), 0.72);
	CLOSE(kpi_value(KPI_ABANDON_RATE, &c, &w, &agents, &rules, 0), 0.2);
	CLOSE(kpi_value(KPI_ACCESSIBILITY, &c, &w, &agents, &rules, 0), 0.8);
	CLOSE(kpi_value(KPI_ASA, &c, &w, &agents, &rules, 0), 20.0);
	CLOSE(kpi_value(KPI_MEAN_WAIT, &c, &w, &agents, &rules, 0), 20.0);
	CLOSE(kpi_value(KPI_P90_WAIT, &c, &w, &agents, &rules, 0), 90.0);
	CLOSE(kpi_value(KPI_P95_WAIT, &c, &w, &agents, &rules, 0), 95.0);
	ck_assert_double_eq(kpi_value(KPI_MAX_WAIT, &c, &w, &agents, &rules, 0), 300.0);
	CLOSE(kpi_value(KPI_OCCUPANCY, &c, &w, &agents, &rules, 0), 0.8);
}
END_TEST

/* The rules select the service-level formula and the abandon-rate variant. */
START_TEST(test_rules)
{
	struct kpi_counts c = hand();
	static const double sl[5] = { 0.75, 0.6, 12.0 / 19.0, 0.65, 60.0 / 97.0 };
	for (int f = SL_OVER_ANSWERED; f <= SL_EXCLUDING_SHORT; f++) {
		struct kpi_rules rules = { (enum sl_formula)f, false };
		CLOSE(kpi_value(KPI_SERVICE_LEVEL, &c, NULL, NULL, &rules, 0), sl[f]);
	}
	struct kpi_rules with = { SL_OVER_ANSWERED, false }, without = { SL_OVER_ANSWERED, true };
	CLOSE(kpi_value(KPI_ABANDON_RATE, &c, NULL, NULL, &with, 0), 0.2);
	CLOSE(kpi_value(KPI_ABANDON_RATE, &c, NULL, NULL, &without, 0), 17.0 / 97.0);
	/* accessibility does not depend on the short-abandon rule */
	CLOSE(kpi_value(KPI_ACCESSIBILITY, &c, NULL, NULL, &without, 0), 0.8);
}
END_TEST

START_TEST(test_counts_add)
{
	struct kpi_counts a = hand(), b = hand();
	b.max_wait_s = 450.0;
	b.answered_within[7] = 9;
	kpi_counts_add(&a, &b);
	ck_assert_uint_eq(a.received, 220);
	ck_assert_uint_eq(a.presented, 200);
	ck_assert_uint_eq(a.answered, 160);
	ck_assert_uint_eq(a.abandoned, 40);
	ck_assert_uint_eq(a.short_abandons, 6);
	ck_assert_uint_eq(a.answered_within[0], 120);
	ck_assert_uint_eq(a.abandoned_within[0], 10);
	ck_assert_uint_eq(a.answered_within[2], 144);
	ck_assert_uint_eq(a.abandoned_within[2], 24);
	ck_assert_uint_eq(a.answered_within[7], 9);
	ck_assert_uint_eq(a.answered_within[1], 0);
	ck_assert_double_eq(a.wait_answered_s, 3200.0);
	ck_assert_double_eq(a.wait_all_s, 4000.0);
	ck_assert_double_eq(a.max_wait_s, 450.0); /* the larger maximum */
	/* ratios of the sum are ratios of summed counts, not mean ratios */
	CLOSE(kpi_service_level(&a, SL_OVER_ANSWERED, 0), 0.75);
	/* adding a smaller maximum keeps the larger */
	struct kpi_counts z;
	memset(&z, 0, sizeof z);
	z.max_wait_s = 1.0;
	kpi_counts_add(&a, &z);
	ck_assert_double_eq(a.max_wait_s, 450.0);
	ck_assert_uint_eq(a.answered, 160);
	/* adding into zero copies */
	memset(&z, 0, sizeof z);
	struct kpi_counts h = hand();
	kpi_counts_add(&z, &h);
	ck_assert_uint_eq(z.answered, 80);
	ck_assert_double_eq(z.max_wait_s, 300.0);
}
END_TEST

/* Every KPI has a name that parses back to it; names are the stable ones
 * used in scenarios, JSON and CSV. */
START_TEST(test_names_round_trip)
{
	static const char *const want[KPI_COUNT] = {
		[KPI_RECEIVED] = "received",
		[KPI_PRESENTED] = "presented",
		[KPI_ANSWERED] = "answered",
		[KPI_ABANDONED] = "abandoned",
		[KPI_SHORT_ABANDONS] = "short_abandons",
		[KPI_ANSWERED_WITHIN] = "answered_within",
		[KPI_SERVICE_LEVEL] = "service_level",
		[KPI_ABANDON_RATE] = "abandon_rate",
		[KPI_ACCESSIBILITY] = "accessibility",
		[KPI_ASA] = "asa_s",
		[KPI_MEAN_WAIT] = "mean_wait_s",
		[KPI_P90_WAIT] = "p90_wait_s",
		[KPI_P95_WAIT] = "p95_wait_s",
		[KPI_MAX_WAIT] = "max_wait_s",
		[KPI_OCCUPANCY] = "occupancy",
	};
	for (int i = 0; i < KPI_COUNT; i++) {
		const char *name = kpi_name((enum kpi)i);
		ck_assert_str_eq(name, want[i]);
		enum kpi k = KPI_COUNT;
		ck_assert_int_eq(kpi_parse(name, &k), STATUS_OK);
		ck_assert_int_eq(k, i);
		for (int j = 0; j < i; j++) /* names are distinct */
			ck_assert_str_ne(name, kpi_name((enum kpi)j));
	}
}
END_TEST

START_TEST(test_sl_names_round_trip)
{
	static const char *const want[] = {
		"over_answered", "over_presented", "excluding_abandoned_within",
		"counting_abandoned_within", "excluding_short_abandons",
	};
	for (int f = SL_OVER_ANSWERED; f <= SL_EXCLUDING_SHORT; f++) {
		const char *name = kpi_sl_formula_name((enum sl_formula)f);
		ck_assert_str_eq(name, want[f]);
		enum sl_formula g = SL_OVER_ANSWERED;
		ck_assert_int_eq(kpi_sl_formula_parse(name, &g), STATUS_OK);
		ck_assert_int_eq(g, f);
	}
}
END_TEST

START_TEST(test_classification)
{
	for (int i = 0; i < KPI_COUNT; i++) {
		bool thr = i == KPI_ANSWERED_WITHIN || i == KPI_SERVICE_LEVEL;
		bool ratio = i == KPI_SERVICE_LEVEL || i == KPI_ABANDON_RATE ||
			     i == KPI_ACCESSIBILITY || i == KPI_OCCUPANCY;
		ck_assert_msg(kpi_uses_threshold((enum kpi)i) == thr, "%s", kpi_name((enum kpi)i));
		ck_assert_msg(kpi_is_ratio((enum kpi)i) == ratio, "%s", kpi_name((enum kpi)i));
	}
}
END_TEST

/* ---- limits -------------------------------------------------------------- */

/* All calls answered within T: ratios are exactly 1 (and 0 abandons). */
START_TEST(test_perfect_period)
{
	struct kpi_counts c;
	memset(&c, 0, sizeof c);
	c.received = c.presented = c.answered = 50;
	c.answered_within[0] = 50;
	for (int f = SL_OVER_ANSWERED; f <= SL_EXCLUDING_SHORT; f++)
		ck_assert_double_eq(kpi_service_level(&c, (enum sl_formula)f, 0), 1.0);
	struct kpi_rules rules = { SL_OVER_ANSWERED, true };
	ck_assert_double_eq(kpi_value(KPI_ABANDON_RATE, &c, NULL, NULL, &rules, 0), 0.0);
	ck_assert_double_eq(kpi_value(KPI_ACCESSIBILITY, &c, NULL, NULL, &rules, 0), 1.0);
	ck_assert_double_eq(kpi_value(KPI_ASA, &c, NULL, NULL, &rules, 0), 0.0);
	ck_assert_double_eq(kpi_value(KPI_MAX_WAIT, &c, NULL, NULL, &rules, 0), 0.0);
}
END_TEST

/* The last threshold slot is usable. */
START_TEST(test_last_threshold)
{
	struct kpi_counts c = hand();
	c.answered_within[KPI_MAX_THRESHOLDS - 1] = 40;
	c.abandoned_within[KPI_MAX_THRESHOLDS - 1] = 10;
	CLOSE(kpi_service_level(&c, SL_COUNTING_ABANDONED_WITHIN, KPI_MAX_THRESHOLDS - 1), 0.5);
}
END_TEST

/* ---- errors -------------------------------------------------------------- */

/* Zero denominators give NaN, never a number. */
START_TEST(test_zero_denominators)
{
	struct kpi_counts z;
	memset(&z, 0, sizeof z);
	struct kpi_agent_time idle = { 0.0, 0.0 };
	struct kpi_waits w = { NAN, NAN };
	struct kpi_rules rules = { SL_OVER_ANSWERED, false };
	for (int f = SL_OVER_ANSWERED; f <= SL_EXCLUDING_SHORT; f++)
		ck_assert(isnan(kpi_service_level(&z, (enum sl_formula)f, 0)));
	ck_assert(isnan(kpi_value(KPI_ABANDON_RATE, &z, &w, &idle, &rules, 0)));
	ck_assert(isnan(kpi_value(KPI_ACCESSIBILITY, &z, &w, &idle, &rules, 0)));
	ck_assert(isnan(kpi_value(KPI_ASA, &z, &w, &idle, &rules, 0)));
	ck_assert(isnan(kpi_value(KPI_MEAN_WAIT, &z, &w, &idle, &rules, 0)));
	ck_assert(isnan(kpi_value(KPI_P90_WAIT, &z, &w, &idle, &rules, 0)));
	ck_assert(isnan(kpi_value(KPI_P95_WAIT, &z, &w, &idle, &rules, 0)));
	ck_assert(isnan(kpi_value(KPI_MAX_WAIT, &z, &w, &idle, &rules, 0)));
	ck_assert(isnan(kpi_value(KPI_OCCUPANCY, &z, &w, &idle, &rules, 0)));
	/* counts are 0, not NaN */
	ck_assert_double_eq(kpi_value(KPI_ANSWERED, &z, &w, &idle, &rules, 0), 0.0);
	ck_assert_double_eq(kpi_value(KPI_RECEIVED, &z, &w, &idle, &rules, 0), 0.0);
	rules.abandon_excludes_short = true;
	ck_assert(isnan(kpi_value(KPI_ABANDON_RATE, &z, &w, &idle, &rules, 0)));
}
END_TEST

/* Partly zero: only abandons (A = 0).  SL over answered and ASA are
 * undefined; SL over presented is 0; all abandons short -> the
 * short-excluding ratios are undefined. */
START_TEST(test_partial_zero)
{
	struct kpi_counts c;
	memset(&c, 0, sizeof c);
	c.received = c.presented = c.abandoned = 4;
	c.short_abandons = 4;
	c.abandoned_within[0] = 4;
	c.wait_all_s = 8.0;
	c.max_wait_s = 3.0;
	ck_assert(isnan(kpi_service_level(&c, SL_OVER_ANSWERED, 0)));
	ck_assert_double_eq(kpi_service_level(&c, SL_OVER_PRESENTED, 0), 0.0);
	ck_assert(isnan(kpi_service_level(&c, SL_EXCLUDING_ABANDONED_WITHIN, 0)));
	ck_assert_double_eq(kpi_service_level(&c, SL_COUNTING_ABANDONED_WITHIN, 0), 1.0);
	ck_assert(isnan(kpi_service_level(&c, SL_EXCLUDING_SHORT, 0)));
	struct kpi_rules r = { SL_OVER_ANSWERED, false };
	ck_assert(isnan(kpi_value(KPI_ASA, &c, NULL, NULL, &r, 0)));
	ck_assert_double_eq(kpi_value(KPI_ABANDON_RATE, &c, NULL, NULL, &r, 0), 1.0);
	ck_assert_double_eq(kpi_value(KPI_ACCESSIBILITY, &c, NULL, NULL, &r, 0), 0.0);
	ck_assert_double_eq(kpi_value(KPI_MEAN_WAIT, &c, NULL, NULL, &r, 0), 2.0);
	ck_assert_double_eq(kpi_value(KPI_MAX_WAIT, &c, NULL, NULL, &r, 0), 3.0);
	r.abandon_excludes_short = true;
	ck_assert(isnan(kpi_value(KPI_ABANDON_RATE, &c, NULL, NULL, &r, 0)));
}
END_TEST

/* Missing inputs: no percentiles, no agent time. */
START_TEST(test_missing_inputs)
{
	struct kpi_counts c = hand();
	struct kpi_rules r = { SL_OVER_ANSWERED, false };
	ck_assert(isnan(kpi_value(KPI_P90_WAIT, &c, NULL, &agents, &r, 0)));
	ck_assert(isnan(kpi_value(KPI_P95_WAIT, &c, NULL, &agents, &r, 0)));
	ck_assert(isnan(kpi_value(KPI_OCCUPANCY, &c, NULL, NULL, &r, 0)));
	ck_assert(isnan(kpi_value(KPI_COUNT, &c, NULL, &agents, &r, 0)));
}
END_TEST

START_TEST(test_unknown_names)
{
	enum kpi k = KPI_ASA;
	ck_assert_int_eq(kpi_parse("service level", &k), STATUS_EINVAL);
	ck_assert_int_eq(kpi_parse("SERVICE_LEVEL", &k), STATUS_EINVAL);
	ck_assert_int_eq(kpi_parse("asa", &k), STATUS_EINVAL);
	ck_assert_int_eq(kpi_parse("", &k), STATUS_EINVAL);
	ck_assert_int_eq(kpi_parse("service_level ", &k), STATUS_EINVAL);
	ck_assert_int_eq(k, KPI_ASA); /* untouched */
	ck_assert_str_eq(kpi_name(KPI_COUNT), "unknown");
	ck_assert_str_eq(kpi_name((enum kpi)99), "unknown");

	enum sl_formula f = SL_OVER_PRESENTED;
	ck_assert_int_eq(kpi_sl_formula_parse("over answered", &f), STATUS_EINVAL);
	ck_assert_int_eq(kpi_sl_formula_parse("excluding_short", &f), STATUS_EINVAL);
	ck_assert_int_eq(kpi_sl_formula_parse("", &f), STATUS_EINVAL);
	ck_assert_int_eq(f, SL_OVER_PRESENTED);
	ck_assert_str_eq(kpi_sl_formula_name((enum sl_formula)5), "unknown");
	ck_assert_str_eq(kpi_sl_formula_name((enum sl_formula)99), "unknown");
	ck_assert(isnan(kpi_service_level(&(struct kpi_counts){ .answered = 1 },
					  (enum sl_formula)99, 0)));
}
END_TEST

Suite *kpi_suite(void)
{
	Suite *s = suite_create("kpi");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_service_level_formulas);
	tcase_add_test(tc, test_kpi_value_all);
	tcase_add_test(tc, test_rules);
	tcase_add_test(tc, test_counts_add);
	tcase_add_test(tc, test_names_round_trip);
	tcase_add_test(tc, test_sl_names_round_trip);
	tcase_add_test(tc, test_classification);
	suite_add_tcase(s, tc);

	tc = tcase_create("limits");
	tcase_add_test(tc, test_perfect_period);
	tcase_add_test(tc, test_last_threshold);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_test(tc, test_zero_denominators);
	tcase_add_test(tc, test_partial_zero);
	tcase_add_test(tc, test_missing_inputs);
	tcase_add_test(tc, test_unknown_names);
	suite_add_tcase(s, tc);
	return s;
}
