/*
 * check_commit.c: commitments and verdicts (models/commit.c).
 *
 * The rules (commit.h, docs/kpis.md):
 *   holds    AT_LEAST: value >= target; AT_MOST: value <= target; NaN never
 *   verdict  MET      when p_met >= confidence
 *            MISSED   otherwise, when the CI lies wholly on the wrong side
 *                     (AT_LEAST: ci_hi < target; AT_MOST: ci_lo > target)
 *            AT_RISK  otherwise
 * Each case below is one row of that table, with the boundaries (equality
 * with the target, p_met equal to the confidence, a CI touching the target)
 * taken on both sides.
 */
#include <math.h>
#include <string.h>
#include <check.h>

#include "../models/commit.h"
#include "../sim/status.h"

Suite *commit_suite(void);

static struct commitment make(enum commit_direction d, double target)
{
	struct commitment c;
	memset(&c, 0, sizeof c);
	strcpy(c.name, "test");
	c.kpi = KPI_SERVICE_LEVEL;
	c.target = target;
	c.direction = d;
	c.period = PERIOD_INTERVAL;
	return c;
}

/* ---- core ---------------------------------------------------------------- */

START_TEST(test_holds_at_least)
{
	struct commitment c = make(AT_LEAST, 0.8); /* SL at least 80% */
	ck_assert(commitment_holds(&c, 0.8));   /* equality keeps it */
	ck_assert(commitment_holds(&c, 0.81));
	ck_assert(commitment_holds(&c, 1.0));
	ck_assert(!commitment_holds(&c, 0.79));
	ck_assert(!commitment_holds(&c, nextafter(0.8, 0.0)));
	ck_assert(!commitment_holds(&c, 0.0));
	ck_assert(!commitment_holds(&c, NAN));
	ck_assert(commitment_holds(&c, INFINITY));
	ck_assert(!commitment_holds(&c, -INFINITY));
}
END_TEST

START_TEST(test_holds_at_most)
{
	struct commitment c = make(AT_MOST, 20.0); /* ASA at most 20 s */
	c.kpi = KPI_ASA;
	ck_assert(commitment_holds(&c, 20.0));
	ck_assert(commitment_holds(&c, 19.0));
	ck_assert(commitment_holds(&c, 0.0));
	ck_assert(!commitment_holds(&c, 21.0));
	ck_assert(!commitment_holds(&c, nextafter(20.0, 100.0)));
	ck_assert(!commitment_holds(&c, NAN));
	ck_assert(!commitment_holds(&c, INFINITY));
	ck_assert(commitment_holds(&c, -INFINITY));
}
END_TEST

START_TEST(test_verdict_at_least)
{
	struct commitment c = make(AT_LEAST, 0.8);
	/* MET: p_met reaches the confidence, whatever the CI */
	ck_assert_int_eq(commitment_verdict(&c, 0.95, 0.81, 0.85, 0.95), VERDICT_MET);
	ck_assert_int_eq(commitment_verdict(&c, 0.99, 0.81, 0.85, 0.95), VERDICT_MET);
	ck_assert_int_eq(commitment_verdict(&c, 1.0, 0.81, 0.85, 0.95), VERDICT_MET);
	ck_assert_int_eq(commitment_verdict(&c, 0.96, 0.70, 0.75, 0.95), VERDICT_MET);
	/* just below the confidence */
	ck_assert_int_eq(commitment_verdict(&c, nextafter(0.95, 0.0), 0.81, 0.85, 0.95),
			 VERDICT_AT_RISK);
	/* MISSED: the CI wholly below the target */
	ck_assert_int_eq(commitment_verdict(&c, 0.10, 0.70, 0.79, 0.95), VERDICT_MISSED);
	ck_assert_int_eq(commitment_verdict(&c, 0.0, 0.70, nextafter(0.8, 0.0), 0.95),
			 VERDICT_MISSED);
	/* the CI touching the target is not wholly below: AT_RISK */
	ck_assert_int_eq(commitment_verdict(&c, 0.10, 0.70, 0.80, 0.95), VERDICT_AT_RISK);
	/* the CI straddling or above the target with p_met short: AT_RISK */
	ck_assert_int_eq(commitment_verdict(&c, 0.60, 0.75, 0.85, 0.95), VERDICT_AT_RISK);
	ck_assert_int_eq(commitment_verdict(&c, 0.90, 0.82, 0.86, 0.95), VERDICT_AT_RISK);
}
END_TEST

START_TEST(test_verdict_at_most)
{
	struct commitment c = make(AT_MOST, 20.0);
	ck_assert_int_eq(commitment_verdict(&c, 0.95, 15.0, 18.0, 0.95), VERDICT_MET);
	ck_assert_int_eq(commitment_verdict(&c, 0.97, 25.0, 30.0, 0.95), VERDICT_MET);
	/* MISSED: the CI wholly above the target */
	ck_assert_int_eq(commitment_verdict(&c, 0.20, 21.0, 30.0, 0.95), VERDICT_MISSED);
	ck_assert_int_eq(commitment_verdict(&c, 0.20, nextafter(20.0, 100.0), 30.0, 0.95),
			 VERDICT_MISSED);
	/* the CI touching the target: AT_RISK */
	ck_assert_int_eq(commitment_verdict(&c, 0.20, 20.0, 30.0, 0.95), VERDICT_AT_RISK);
	/* straddling, or wholly below with p_met short */
	ck_assert_int_eq(commitment_verdict(&c, 0.50, 18.0, 22.0, 0.95), VERDICT_AT_RISK);
	ck_assert_int_eq(commitment_verdict(&c, 0.90, 10.0, 15.0, 0.95), VERDICT_AT_RISK);
	/* wrong side for AT_LEAST is the right side here: not MISSED */
	ck_assert_int_eq(commitment_verdict(&c, 0.10, 5.0, 10.0, 0.95), VERDICT_AT_RISK);
}
END_TEST

/* Other confidence levels. */
START_TEST(test_verdict_confidence)
{
	struct commitment c = make(AT_LEAST, 0.8);
	ck_assert_int_eq(commitment_verdict(&c, 0.80, 0.7, 0.9, 0.80), VERDICT_MET);
	ck_assert_int_eq(commitment_verdict(&c, 0.79, 0.7, 0.9, 0.80), VERDICT_AT_RISK);
	ck_assert_int_eq(commitment_verdict(&c, 1.0, 0.7, 0.9, 1.0), VERDICT_MET);
	ck_assert_int_eq(commitment_verdict(&c, 0.999, 0.7, 0.9, 1.0), VERDICT_AT_RISK);
	ck_assert_int_eq(commitment_verdict(&c, 0.0, 0.7, 0.9, 0.0), VERDICT_MET);
}
END_TEST

START_TEST(test_names_round_trip)
{
	static const char *const periods[] = { "interval", "day", "week", "horizon" };
	for (int p = PERIOD_INTERVAL; p <= PERIOD_HORIZON; p++) {
		ck_assert_str_eq(commit_period_name((enum commit_period)p), periods[p]);
		enum commit_period q = PERIOD_HORIZON + 1;
		ck_assert_int_eq(commit_period_parse(periods[p], &q), STATUS_OK);
		ck_assert_int_eq(q, p);
	}
	static const char *const dirs[] = { "at_least", "at_most" };
	for (int d = AT_LEAST; d <= AT_MOST; d++) {
		ck_assert_str_eq(commit_direction_name((enum commit_direction)d), dirs[d]);
		enum commit_direction e = AT_MOST + 1;
		ck_assert_int_eq(commit_direction_parse(dirs[d], &e), STATUS_OK);
		ck_assert_int_eq(e, d);
	}
	ck_assert_str_eq(verdict_name(VERDICT_MET), "met");
	ck_assert_str_eq(verdict_name(VERDICT_AT_RISK), "at risk");
	ck_assert_str_eq(verdict_name(VERDICT_MISSED), "missed");
}
END_TEST

/* ---- limits -------------------------------------------------------------- */

/* A zero target and a degenerate (point) CI. */
START_TEST(test_degenerate)
{
	struct commitment c = make(AT_MOST, 0.0); /* abandon rate at most 0 */
	c.kpi = KPI_ABANDON_RATE;
	ck_assert(commitment_holds(&c, 0.0));
	ck_assert(commitment_holds(&c, -0.0));
	ck_assert(!commitment_holds(&c, 1e-300));
	ck_assert_int_eq(commitment_verdict(&c, 0.5, 0.0, 0.0, 0.95), VERDICT_AT_RISK);
	ck_assert_int_eq(commitment_verdict(&c, 0.5, 0.01, 0.01, 0.95), VERDICT_MISSED);
	struct commitment l = make(AT_LEAST, 1.0); /* SL at least 100% */
	ck_assert(commitment_holds(&l, 1.0));
	ck_assert_int_eq(commitment_verdict(&l, 0.5, 1.0, 1.0, 0.95), VERDICT_AT_RISK);
	ck_assert_int_eq(commitment_verdict(&l, 0.5, 0.99, 0.99, 0.95), VERDICT_MISSED);
}
END_TEST

/* ---- errors -------------------------------------------------------------- */

/* An undefined p_met never gives MET; an undefined CI never gives MISSED
 * (a NaN p_met with a CI wholly on the wrong side is still MISSED). */
START_TEST(test_verdict_nan)
{
	struct commitment c = make(AT_LEAST, 0.8);
	ck_assert_int_eq(commitment_verdict(&c, NAN, 0.7, 0.75, 0.95), VERDICT_MISSED);
	ck_assert_int_eq(commitment_verdict(&c, NAN, 0.7, 0.9, 0.95), VERDICT_AT_RISK);
	ck_assert_int_eq(commitment_verdict(&c, 0.5, NAN, NAN, 0.95), VERDICT_AT_RISK);
	struct commitment m = make(AT_MOST, 20.0);
	ck_assert_int_eq(commitment_verdict(&m, 0.5, NAN, NAN, 0.95), VERDICT_AT_RISK);
	ck_assert_int_eq(commitment_verdict(&m, NAN, 25.0, 30.0, 0.95), VERDICT_MISSED);
}
END_TEST

START_TEST(test_unknown_names)
{
	enum commit_period p = PERIOD_DAY;
	ck_assert_int_eq(commit_period_parse("month", &p), STATUS_EINVAL);
	ck_assert_int_eq(commit_period_parse("Day", &p), STATUS_EINVAL);
	ck_assert_int_eq(commit_period_parse("", &p), STATUS_EINVAL);
	ck_assert_int_eq(commit_period_parse("intervals", &p), STATUS_EINVAL);
	ck_assert_int_eq(p, PERIOD_DAY); /* untouched */
	enum commit_direction d = AT_MOST;
	ck_assert_int_eq(commit_direction_parse("at least", &d), STATUS_EINVAL);
	ck_assert_int_eq(commit_direction_parse(">=", &d), STATUS_EINVAL);
	ck_assert_int_eq(commit_direction_parse("", &d), STATUS_EINVAL);
	ck_assert_int_eq(d, AT_MOST);
	ck_assert_str_eq(commit_period_name((enum commit_period)(PERIOD_HORIZON + 1)), "unknown");
	ck_assert_str_eq(commit_period_name((enum commit_period)-1), "unknown");
	ck_assert_str_eq(commit_direction_name((enum commit_direction)2), "unknown");
	ck_assert_str_eq(verdict_name((enum verdict)3), "unknown");
	ck_assert_str_eq(verdict_name((enum verdict)-1), "unknown");
}
END_TEST

Suite *commit_suite(void)
{
	Suite *s = suite_create("commit");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_holds_at_least);
	tcase_add_test(tc, test_holds_at_most);
	tcase_add_test(tc, test_verdict_at_least);
	tcase_add_test(tc, test_verdict_at_most);
	tcase_add_test(tc, test_verdict_confidence);
	tcase_add_test(tc, test_names_round_trip);
	suite_add_tcase(s, tc);

	tc = tcase_create("limits");
	tcase_add_test(tc, test_degenerate);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_test(tc, test_verdict_nan);
	tcase_add_test(tc, test_unknown_names);
	suite_add_tcase(s, tc);
	return s;
}
