/*
 * check_timeavg.c: area under a piecewise-constant level (sim/timeavg.c).
 *
 * Every expected area is a hand sum of level x duration rectangles, written
 * out beside the assertion.  Levels and times are small integers or dyadic
 * fractions, so the sums are exact in binary floating point and compared
 * with ==.  A randomised test checks that cutting at interval boundaries
 * splits the area without losing or double-counting any (the cuts add up
 * to the area of an uncut copy), to 1e-9 relative.
 */
#include <math.h>
#include <check.h>
#include <gsl/gsl_rng.h>

#include "../sim/timeavg.h"

Suite *timeavg_suite(void);

/* ---- core ---------------------------------------------------------------- */

/* level 2 on [0,10), 5 on [10,15), 4 on [15,20): 20 + 25 + 20 = 65;
 * then 4 on [20,30): 40; then 0 on [30,40): 0. */
START_TEST(test_hand_areas)
{
	struct timeavg ta;
	timeavg_start(&ta, 0.0, 2.0);
	timeavg_set(&ta, 10.0, 5.0);
	timeavg_add(&ta, 15.0, -1.0);
	ck_assert_double_eq(ta.level, 4.0);
	ck_assert_double_eq(timeavg_cut(&ta, 20.0), 65.0);
	ck_assert_double_eq(timeavg_cut(&ta, 30.0), 40.0);
	timeavg_set(&ta, 30.0, 0.0);
	ck_assert_double_eq(timeavg_cut(&ta, 40.0), 0.0);
}
END_TEST

/* Agents logged in over a 30-minute interval: 3 agents from 0, a 4th logs in
 * at 600, one leaves at 1500: 3*600 + 4*900 + 3*300 = 1800 + 3600 + 900 =
 * 6300 agent-seconds, time average 6300 / 1800 = 3.5 agents. */
START_TEST(test_time_average)
{
	struct timeavg ta;
	timeavg_start(&ta, 0.0, 3.0);
	timeavg_add(&ta, 600.0, 1.0);
	timeavg_add(&ta, 1500.0, -1.0);
	double area = timeavg_cut(&ta, 1800.0);
	ck_assert_double_eq(area, 6300.0);
	ck_assert_double_eq(area / 1800.0, 3.5);
}
END_TEST

/* A start away from 0 and a cut at the start instant. */
START_TEST(test_offset_start)
{
	struct timeavg ta;
	timeavg_start(&ta, 100.0, 3.0);
	ck_assert_double_eq(ta.area, 0.0);
	ck_assert_double_eq(timeavg_cut(&ta, 100.0), 0.0);
	ck_assert_double_eq(timeavg_cut(&ta, 160.0), 180.0); /* 3 * 60 */
	ck_assert_double_eq(ta.since, 160.0);
}
END_TEST

/* Changes inside a cut period accumulate; the cut restarts the area but
 * keeps the level.  Level 1 on [0,5), 2 on [5,7), cut at 8 (area 5 + 2*3 =
 * 11); level 2 continues: 2 on [8,9), 0.5 on [9,12), cut: 2 + 1.5 = 3.5. */
START_TEST(test_cut_keeps_level)
{
	struct timeavg ta;
	timeavg_start(&ta, 0.0, 1.0);
	timeavg_set(&ta, 5.0, 2.0);
	ck_assert_double_eq(timeavg_cut(&ta, 8.0), 11.0);
	ck_assert_double_eq(ta.level, 2.0);
	timeavg_set(&ta, 9.0, 0.5);
	ck_assert_double_eq(timeavg_cut(&ta, 12.0), 3.5);
}
END_TEST

/* Two cuts at the same instant: the second is empty. */
START_TEST(test_double_cut)
{
	struct timeavg ta;
	timeavg_start(&ta, 0.0, 7.0);
	ck_assert_double_eq(timeavg_cut(&ta, 4.0), 28.0);
	ck_assert_double_eq(timeavg_cut(&ta, 4.0), 0.0);
}
END_TEST

/* Several changes at one instant: only the last level counts after it. */
START_TEST(test_same_instant_changes)
{
	struct timeavg ta;
	timeavg_start(&ta, 0.0, 0.0);
	timeavg_set(&ta, 10.0, 1.0);
	timeavg_set(&ta, 10.0, 9.0);
	timeavg_add(&ta, 10.0, -2.0); /* 7 from t = 10 */
	ck_assert_double_eq(timeavg_cut(&ta, 12.0), 14.0);
}
END_TEST

/* Cutting at every interval boundary: the parts add up to the uncut area,
 * and each part equals a direct hand-coded integration of the same step
 * function over its interval. */
START_TEST(test_cuts_sum)
{
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(r, 77);
	enum { N = 400 };
	double tc[N], lv[N];
	double t = 0.0;
	for (int i = 0; i < N; i++) {
		t += 60.0 * gsl_rng_uniform(r);
		tc[i] = t;
		lv[i] = (double)gsl_rng_uniform_int(r, 20);
	}
	const double T = 1800.0;
	int n_int = (int)ceil(t / T) + 1;
	struct timeavg cut, whole;
	timeavg_start(&cut, 0.0, 0.0);
	timeavg_start(&whole, 0.0, 0.0);
	double sum = 0.0;
	int k = 0, i = 0;
	while (k < n_int) {
		double b = (k + 1) * T;
		for (; i < N && tc[i] < b; i++) {
			timeavg_set(&cut, tc[i], lv[i]);
			timeavg_set(&whole, tc[i], lv[i]);
		}
		double part = timeavg_cut(&cut, b);
		/* direct integration over [kT, (k+1)T) of the step function */
		double direct = 0.0, level = 0.0, from = k * T;
		for (int j = 0; j < N; j++) {
			if (tc[j] <= k * T) {
				level = lv[j];
				continue;
			}
			if (tc[j] >= b)
				break;
			direct += level * (tc[j] - from);
			from = tc[j];
			level = lv[j];
		}
		direct += level * (b - from);
		ck_assert_msg(fabs(part - direct) <= 1e-9 * fmax(1.0, direct),
			      "interval %d: %g vs %g", k, part, direct);
		sum += part;
		k++;
	}
	double total = timeavg_cut(&whole, n_int * T);
	ck_assert_msg(fabs(sum - total) <= 1e-9 * total, "%g vs %g", sum, total);
	gsl_rng_free(r);
}
END_TEST

/* ---- limits -------------------------------------------------------------- */

/* A zero-length period has zero area whatever the level. */
START_TEST(test_zero_length)
{
	struct timeavg ta;
	timeavg_start(&ta, 5.0, 1e300);
	ck_assert_double_eq(timeavg_cut(&ta, 5.0), 0.0);
}
END_TEST

/* Negative levels integrate as negative areas (the module does not clamp). */
START_TEST(test_negative_level)
{
	struct timeavg ta;
	timeavg_start(&ta, 0.0, -2.0);
	timeavg_add(&ta, 3.0, 2.0);
	ck_assert_double_eq(timeavg_cut(&ta, 10.0), -6.0);
}
END_TEST

/* A long horizon (a year of seconds) with a fractional level. */
START_TEST(test_long_horizon)
{
	struct timeavg ta;
	timeavg_start(&ta, 0.0, 0.25);
	ck_assert_double_eq(timeavg_cut(&ta, 365.0 * 86400.0), 0.25 * 365.0 * 86400.0);
}
END_TEST

Suite *timeavg_suite(void)
{
	Suite *s = suite_create("timeavg");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_hand_areas);
	tcase_add_test(tc, test_time_average);
	tcase_add_test(tc, test_offset_start);
	tcase_add_test(tc, test_cut_keeps_level);
	tcase_add_test(tc, test_double_cut);
	tcase_add_test(tc, test_same_instant_changes);
	tcase_add_test(tc, test_cuts_sum);
	suite_add_tcase(s, tc);

	tc = tcase_create("limits");
	tcase_add_test(tc, test_zero_length);
	tcase_add_test(tc, test_negative_level);
	tcase_add_test(tc, test_long_horizon);
	suite_add_tcase(s, tc);
	return s;
}
