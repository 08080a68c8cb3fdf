/*
 * check_tally.c: running mean, variance and Student-t CI (sim/tally.c).
 *
 * Sources of the expected values:
 *  - hand computation: {2,4,4,4,5,5,7,9} has mean 40/8 = 5 and squared
 *    deviations 9+1+1+1+0+0+4+16 = 32, so sample variance 32/7; 1..10 has
 *    mean 5.5 and sample variance n(n+1)/12 = 110/12;
 *  - Student-t quantiles from published tables (e.g. NIST/SEMATECH
 *    e-Handbook, Table 1.3.6.7.2): t_{0.975,2} = 4.302652730,
 *    t_{0.975,9} = 2.262157163, t_{0.95,9} = 1.833112933,
 *    t_{0.995,2} = 9.924843201, t_{0.975,inf} -> 1.959963985;
 *  - a two-pass mean/variance computed here on stored data, for random
 *    inputs (fixed seed).
 * Tolerances are relative 1e-9 on closed forms (the tabled t values carry
 * 10 significant digits) unless stated.
 */
#include <math.h>
#include <stdlib.h>
#include <check.h>
#include <gsl/gsl_rng.h>

#include "../sim/status.h"
#include "../sim/tally.h"

Suite *tally_suite(void);

#define CLOSE(x, want, rel) \
	ck_assert_msg(fabs((x) - (want)) <= (rel) * fmax(1.0, fabs(want)), \
		      "%s = %.17g, expected %.17g", #x, (double)(x), (double)(want))

static void fill(struct tally *t, const double *x, size_t n, double offset)
{
	tally_reset(t);
	for (size_t i = 0; i < n; i++)
		tally_add(t, offset + x[i]);
}

static const double hand[8] = { 2, 4, 4, 4, 5, 5, 7, 9 };

/* ---- core ---------------------------------------------------------------- */

START_TEST(test_hand_data)
{
	struct tally t;
	fill(&t, hand, 8, 0.0);
	ck_assert_uint_eq(t.n, 8);
	CLOSE(tally_mean(&t), 5.0, 1e-15);
	CLOSE(tally_variance(&t), 32.0 / 7.0, 1e-15);
	ck_assert_double_eq(t.min, 2.0);
	ck_assert_double_eq(t.max, 9.0);
}
END_TEST

/* Order does not matter (same multiset reversed). */
START_TEST(test_order)
{
	double rev[8];
	for (int i = 0; i < 8; i++)
		rev[i] = hand[7 - i];
	struct tally t;
	fill(&t, rev, 8, 0.0);
	CLOSE(tally_mean(&t), 5.0, 1e-15);
	CLOSE(tally_variance(&t), 32.0 / 7.0, 1e-15);
	ck_assert_double_eq(t.min, 2.0);
	ck_assert_double_eq(t.max, 9.0);
}
END_TEST

/* Negative values and min/max tracking from the first observation. */
START_TEST(test_min_max)
{
	struct tally t;
	tally_reset(&t);
	tally_add(&t, -3.5);
	ck_assert_double_eq(t.min, -3.5);
	ck_assert_double_eq(t.max, -3.5);
	tally_add(&t, -10.0);
	tally_add(&t, 2.25);
	tally_add(&t, 0.0);
	ck_assert_double_eq(t.min, -10.0);
	ck_assert_double_eq(t.max, 2.25);
	/* mean (-3.5 - 10 + 2.25 + 0) / 4 = -2.8125 */
	CLOSE(tally_mean(&t), -2.8125, 1e-15);
	/* deviations -0.6875, -7.1875, 5.0625, 2.8125:
	 * squares 0.47265625 + 51.66015625 + 25.62890625 + 7.91015625
	 *       = 85.671875; / 3 */
	CLOSE(tally_variance(&t), 85.671875 / 3.0, 1e-14);
}
END_TEST

/* Large offsets: the naive sum-of-squares formula loses every digit at 1e9
 * (x^2 ~ 1e18 against a spread of 32); Welford must not. */
START_TEST(test_large_offset)
{
	struct tally t;
	fill(&t, hand, 8, 1e9);
	CLOSE(tally_mean(&t), 1e9 + 5.0, 1e-15);
	ck_assert(fabs(tally_variance(&t) - 32.0 / 7.0) < 1e-6);
	ck_assert_double_eq(t.min, 1e9 + 2.0);
	ck_assert_double_eq(t.max, 1e9 + 9.0);

	/* 1e12 + small: still the exact spread to 1e-4 */
	fill(&t, hand, 8, 1e12);
	ck_assert(fabs(tally_mean(&t) - (1e12 + 5.0)) < 1e-3);
	ck_assert(fabs(tally_variance(&t) - 32.0 / 7.0) < 1e-4);

	/* 1e9 + tiny: 0.001 steps */
	static const double small[5] = { 0.001, 0.002, 0.003, 0.004, 0.005 };
	fill(&t, small, 5, 1e9);
	/* sample variance of 1..5 is 2.5, scaled by 1e-6 */
	ck_assert(fabs(tally_variance(&t) - 2.5e-6) < 1e-9);
}
END_TEST

/* Random data against a two-pass computation on the stored values. */
START_TEST(test_vs_two_pass)
{
	enum { N = 10000 };
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(r, 2024);
	double *x = malloc(N * sizeof *x);
	struct tally t;
	tally_reset(&t);
	double lo = INFINITY, hi = -INFINITY;
	for (int i = 0; i < N; i++) {
		x[i] = 300.0 + 50.0 * gsl_rng_uniform(r) - 20.0 * gsl_rng_uniform(r);
		tally_add(&t, x[i]);
		lo = fmin(lo, x[i]);
		hi = fmax(hi, x[i]);
	}
	double s = 0.0;
	for (int i = 0; i < N; i++)
		s += x[i];
	double mean = s / N, ss = 0.0;
	for (int i = 0; i < N; i++)
		ss += (x[i] - mean) * (x[i] - mean);
	CLOSE(tally_mean(&t), mean, 1e-12);
	CLOSE(tally_variance(&t), ss / (N - 1), 1e-10);
	ck_assert_double_eq(t.min, lo);
	ck_assert_double_eq(t.max, hi);
	ck_assert_uint_eq(t.n, N);
	free(x);
	gsl_rng_free(r);
}
END_TEST

/* n = 3 {0.7, 0.8, 0.9}: mean 0.8, s = 0.1, 95%:
 * half = 4.302652730 * 0.1 / sqrt(3) = 0.2484138... */
START_TEST(test_ci_n3)
{
	struct tally t;
	static const double x[3] = { 0.7, 0.8, 0.9 };
	fill(&t, x, 3, 0.0);
	double lo, hi;
	ck_assert_int_eq(tally_ci(&t, 0.95, &lo, &hi), STATUS_OK);
	double half = 4.302652730 * 0.1 / sqrt(3.0);
	CLOSE(lo, 0.8 - half, 1e-9);
	CLOSE(hi, 0.8 + half, 1e-9);
	/* 99%: t_{0.995,2} = 9.924843201 */
	ck_assert_int_eq(tally_ci(&t, 0.99, &lo, &hi), STATUS_OK);
	half = 9.924843201 * 0.1 / sqrt(3.0);
	CLOSE(lo, 0.8 - half, 1e-9);
	CLOSE(hi, 0.8 + half, 1e-9);
}
END_TEST

/* n = 10, values 1..10: mean 5.5, var 110/12. */
START_TEST(test_ci_n10)
{
	struct tally t;
	tally_reset(&t);
	for (int i = 1; i <= 10; i++)
		tally_add(&t, (double)i);
	CLOSE(tally_variance(&t), 110.0 / 12.0, 1e-14);
	double lo, hi;
	ck_assert_int_eq(tally_ci(&t, 0.95, &lo, &hi), STATUS_OK);
	double se = sqrt(110.0 / 12.0 / 10.0);
	CLOSE(lo, 5.5 - 2.262157163 * se, 1e-9);
	CLOSE(hi, 5.5 + 2.262157163 * se, 1e-9);
	/* 90%: t_{0.95,9} = 1.833112933 */
	ck_assert_int_eq(tally_ci(&t, 0.90, &lo, &hi), STATUS_OK);
	CLOSE(lo, 5.5 - 1.833112933 * se, 1e-9);
	CLOSE(hi, 5.5 + 1.833112933 * se, 1e-9);
}
END_TEST

/* n = 2 (the smallest with a CI): {1, 3}: mean 2, s^2 = 2, se = 1,
 * t_{0.975,1} = 12.70620474. */
START_TEST(test_ci_n2)
{
	struct tally t;
	tally_reset(&t);
	tally_add(&t, 1.0);
	tally_add(&t, 3.0);
	double lo, hi;
	ck_assert_int_eq(tally_ci(&t, 0.95, &lo, &hi), STATUS_OK);
	CLOSE(lo, 2.0 - 12.70620474, 1e-9);
	CLOSE(hi, 2.0 + 12.70620474, 1e-9);
}
END_TEST

START_TEST(test_reset_clears)
{
	struct tally t;
	fill(&t, hand, 8, 0.0);
	tally_reset(&t);
	ck_assert_uint_eq(t.n, 0);
	ck_assert(isnan(tally_mean(&t)));
	tally_add(&t, 7.0);
	ck_assert_double_eq(tally_mean(&t), 7.0);
	ck_assert_double_eq(t.min, 7.0);
	ck_assert_double_eq(t.max, 7.0);
}
END_TEST

/* ---- limits -------------------------------------------------------------- */

/* A constant: variance exactly 0, CI collapses to the point. */
START_TEST(test_constant)
{
	struct tally t;
	tally_reset(&t);
	for (int i = 0; i < 100000; i++)
		tally_add(&t, 0.1);
	ck_assert_double_eq(tally_mean(&t), 0.1);
	ck_assert_double_eq(tally_variance(&t), 0.0);
	double lo, hi;
	ck_assert_int_eq(tally_ci(&t, 0.95, &lo, &hi), STATUS_OK);
	ck_assert_double_eq(lo, 0.1);
	ck_assert_double_eq(hi, 0.1);
}
END_TEST

/* Large n: the t quantile tends to the normal one, 1.959963985.  With
 * 200,000 alternating 0/1, mean 0.5 and var = n / (4 (n - 1)). */
START_TEST(test_large_n)
{
	enum { N = 200000 };
	struct tally t;
	tally_reset(&t);
	for (int i = 0; i < N; i++)
		tally_add(&t, (double)(i & 1));
	CLOSE(tally_mean(&t), 0.5, 1e-14);
	double var = (double)N / (4.0 * (N - 1));
	CLOSE(tally_variance(&t), var, 1e-12);
	double lo, hi;
	ck_assert_int_eq(tally_ci(&t, 0.95, &lo, &hi), STATUS_OK);
	double half = (hi - lo) / 2.0;
	double z = half / sqrt(var / N);
	/* t_{0.975, 199999} = 1.959978... ; within 2e-5 of 1.959963985 */
	ck_assert(z > 1.959963985 && z < 1.959963985 + 2e-5);
}
END_TEST

/* n = 1: mean is the value, variance undefined. */
START_TEST(test_single)
{
	struct tally t;
	tally_reset(&t);
	tally_add(&t, 42.0);
	ck_assert_double_eq(tally_mean(&t), 42.0);
	ck_assert(isnan(tally_variance(&t)));
}
END_TEST

/* ---- errors -------------------------------------------------------------- */

START_TEST(test_empty)
{
	struct tally t;
	tally_reset(&t);
	ck_assert(isnan(tally_mean(&t)));
	ck_assert(isnan(tally_variance(&t)));
	double lo = 0, hi = 0;
	ck_assert_int_eq(tally_ci(&t, 0.95, &lo, &hi), STATUS_EDOM);
	ck_assert(isnan(lo) && isnan(hi));
}
END_TEST

START_TEST(test_ci_n1)
{
	struct tally t;
	tally_reset(&t);
	tally_add(&t, 3.0);
	double lo = 0, hi = 0;
	ck_assert_int_eq(tally_ci(&t, 0.95, &lo, &hi), STATUS_EDOM);
	ck_assert(isnan(lo) && isnan(hi));
}
END_TEST

START_TEST(test_ci_bad_level)
{
	struct tally t;
	fill(&t, hand, 8, 0.0);
	static const double bad[] = { 0.0, 1.0, -0.5, 1.5, NAN, INFINITY, -INFINITY };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		double lo = 0, hi = 0;
		ck_assert_int_eq(tally_ci(&t, bad[i], &lo, &hi), STATUS_EINVAL);
		ck_assert(isnan(lo) && isnan(hi));
	}
	/* both faults at once: the level is reported */
	struct tally e;
	tally_reset(&e);
	double lo, hi;
	ck_assert_int_eq(tally_ci(&e, 2.0, &lo, &hi), STATUS_EINVAL);
}
END_TEST

Suite *tally_suite(void)
{
	Suite *s = suite_create("tally");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_hand_data);
	tcase_add_test(tc, test_order);
	tcase_add_test(tc, test_min_max);
	tcase_add_test(tc, test_large_offset);
	tcase_add_test(tc, test_vs_two_pass);
	tcase_add_test(tc, test_ci_n3);
	tcase_add_test(tc, test_ci_n10);
	tcase_add_test(tc, test_ci_n2);
	tcase_add_test(tc, test_reset_clears);
	suite_add_tcase(s, tc);

	tc = tcase_create("limits");
	tcase_add_test(tc, test_constant);
	tcase_add_test(tc, test_large_n);
	tcase_add_test(tc, test_single);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_test(tc, test_empty);
	tcase_add_test(tc, test_ci_n1);
	tcase_add_test(tc, test_ci_bad_level);
	suite_add_tcase(s, tc);
	return s;
}
