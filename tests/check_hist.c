/*
 * check_hist.c: fixed-width histogram and quantiles (sim/hist.c).
 *
 * The quantile definition (hist.h): the smallest x with F(x) >= p, where F
 * is the empirical distribution with the observations of a bin spread
 * uniformly over it (linear inside the bin); quantiles in the overflow bin
 * are reported as the maximum observed, and no quantile exceeds the
 * maximum.  Expected values are derived by hand from that definition in
 * the comment above each test.  The statistical test draws 10,000
 * exponential waits (fixed seed) and compares with the exact sorted-sample
 * quantile x_(ceil(n p)) (error below one bin width, deterministic) and with
 * the closed form -mu ln(1 - p) (tolerance 4 standard errors of a sample
 * quantile, sqrt(p (1 - p) / n) / f(x_p), plus one bin).
 */
#include <math.h>
#include <stdlib.h>
#include <check.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "../sim/hist.h"

Suite *hist_suite(void);

#define CLOSE(x, want, tol) \
	ck_assert_msg(fabs((x) - (want)) <= (tol), "%s = %.17g, expected %.17g", \
		      #x, (double)(x), (double)(want))

/* ---- core ---------------------------------------------------------------- */

START_TEST(test_bins)
{
	ck_assert_uint_eq(hist_bins(1.0, 600.0), 600);
	ck_assert_uint_eq(hist_bins(15.0, 100.0), 7); /* 6 2/3 rounded up */
	ck_assert_uint_eq(hist_bins(0.5, 10.0), 20);
	ck_assert_uint_eq(hist_bins(2.0, 1.0), 1);
}
END_TEST

/* init zeroes the caller's storage. */
START_TEST(test_init_zeroes)
{
	uint32_t count[10];
	for (int i = 0; i < 10; i++)
		count[i] = 0xdeadbeef;
	struct hist h;
	hist_init(&h, 1.0, 10.0, count);
	ck_assert_uint_eq(h.nbins, 10);
	ck_assert_uint_eq(h.total, 0);
	ck_assert_uint_eq(h.overflow, 0);
	ck_assert_double_eq(h.max, 0.0);
	for (int i = 0; i < 10; i++)
		ck_assert_uint_eq(count[i], 0);
}
END_TEST

/* Bins are half-open [i w, (i+1) w). */
START_TEST(test_bin_edges)
{
	uint32_t count[4];
	struct hist h;
	hist_init(&h, 2.0, 8.0, count);
	hist_add(&h, 0.0);
	hist_add(&h, 1.999);
	hist_add(&h, 2.0);
	hist_add(&h, 5.0);
	hist_add(&h, 7.999);
	hist_add(&h, 8.0);    /* = upper: overflow */
	ck_assert_uint_eq(count[0], 2);
	ck_assert_uint_eq(count[1], 1);
	ck_assert_uint_eq(count[2], 1);
	ck_assert_uint_eq(count[3], 1);
	ck_assert_uint_eq(h.overflow, 1);
	ck_assert_uint_eq(h.total, 6);
	ck_assert_double_eq(h.max, 8.0);
}
END_TEST

/* 1 s bins, one value in the middle of each of bins 0..9 (0.5, ..., 9.5),
 * so F(x) = x / 10 on [0, 10] and the p-quantile is 10 p, capped at the
 * maximum 9.5:
 *   p = 0.9  -> 9.0   p = 0.5  -> 5.0   p = 0.25 -> 2.5   p = 0.05 -> 0.5
 *   p = 0.95 -> 9.5   p = 1    -> 10 capped to 9.5       p = 0 -> 0 */
START_TEST(test_quantile_uniform_hand)
{
	uint32_t count[10];
	struct hist h;
	hist_init(&h, 1.0, 10.0, count);
	for (int i = 0; i < 10; i++)
		hist_add(&h, i + 0.5);
	CLOSE(hist_quantile(&h, 0.9), 9.0, 1e-12);
	CLOSE(hist_quantile(&h, 0.5), 5.0, 1e-12);
	CLOSE(hist_quantile(&h, 0.25), 2.5, 1e-12);
	CLOSE(hist_quantile(&h, 0.05), 0.5, 1e-12);
	CLOSE(hist_quantile(&h, 0.95), 9.5, 1e-12);
	CLOSE(hist_quantile(&h, 1.0), 9.5, 1e-12);
	CLOSE(hist_quantile(&h, 0.0), 0.0, 1e-12);
}
END_TEST

/* 2 s bins, uneven counts: bin 0 {0.1, 0.5, 1.9}, bin 1 {2.5}, bin 2 {},
 * bin 3 {6.0, 6.5, 7.0, 7.5}; n = 8, max 7.5.  F rises 3/8 over [0,2],
 * 1/8 over [2,4], stays at 4/8 over [4,6], rises 4/8 over [6,8]:
 *   p = 0.125: 1/8 = (3/8)(x/2)        -> x = 2/3
 *   p = 0.375: end of bin 0            -> 2.0
 *   p = 0.5:   end of bin 1 (smallest) -> 4.0 (not 6.0: F is flat after 4)
 *   p = 0.75:  6 + 2 (0.25 / 0.5)      -> 7.0
 *   p = 0.9:   6 + 2 (0.4 / 0.5) = 7.6 -> capped at max 7.5 */
START_TEST(test_quantile_uneven_hand)
{
	uint32_t count[5];
	struct hist h;
	hist_init(&h, 2.0, 10.0, count);
	static const double x[8] = { 0.1, 0.5, 1.9, 2.5, 6.0, 6.5, 7.0, 7.5 };
	for (int i = 0; i < 8; i++)
		hist_add(&h, x[i]);
	CLOSE(hist_quantile(&h, 0.125), 2.0 / 3.0, 1e-12);
	CLOSE(hist_quantile(&h, 0.375), 2.0, 1e-12);
	CLOSE(hist_quantile(&h, 0.5), 4.0, 1e-12);
	CLOSE(hist_quantile(&h, 0.75), 7.0, 1e-12);
	CLOSE(hist_quantile(&h, 0.9), 7.5, 1e-12);
}
END_TEST

/* Whole numbers in unit bins: the bin's lower edge is the exact sample
 * quantile, the smallest x with F(x) >= p.  Data {0 x9, 1}: F(0) = 0.9, so
 * the 0.9-quantile is 0 (interpolation would give 1, the maximum) and the
 * 0.95-quantile 1.  Data {2 x18, 3, 5}: p = 0.9 -> 2, 0.95 -> 2 (rank 19:
 * F(2) = 0.9 < 0.95, F(3) = 0.95) -> 3, 1.0 -> 5; beyond the range the
 * maximum; empty or bad p: NaN. */
START_TEST(test_quantile_bin_hand)
{
	uint32_t c[10];
	struct hist h;
	hist_init(&h, 1.0, 10.0, c);
	for (int i = 0; i < 9; i++)
		hist_add(&h, 0.0);
	hist_add(&h, 1.0);
	CLOSE(hist_quantile_bin(&h, 0.9), 0.0, 0.0);
	CLOSE(hist_quantile_bin(&h, 0.95), 1.0, 0.0);
	hist_reset(&h);
	for (int i = 0; i < 18; i++)
		hist_add(&h, 2.0);
	hist_add(&h, 3.0);
	hist_add(&h, 5.0);
	CLOSE(hist_quantile_bin(&h, 0.9), 2.0, 0.0);
	CLOSE(hist_quantile_bin(&h, 0.95), 3.0, 0.0);
	CLOSE(hist_quantile_bin(&h, 1.0), 5.0, 0.0);
	hist_add(&h, 40.0); /* overflow: the 1.0-quantile is the maximum */
	CLOSE(hist_quantile_bin(&h, 1.0), 40.0, 0.0);
	ck_assert(isnan(hist_quantile_bin(&h, 1.5)));
	hist_reset(&h);
	ck_assert(isnan(hist_quantile_bin(&h, 0.5)));
}
END_TEST

/* Quantiles are non-decreasing in p. */
START_TEST(test_quantile_monotone)
{
	uint32_t count[50];
	struct hist h;
	hist_init(&h, 1.0, 50.0, count);
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(r, 3);
	for (int i = 0; i < 500; i++)
		hist_add(&h, gsl_ran_exponential(r, 10.0));
	double last = -1.0;
	for (int k = 0; k <= 1000; k++) {
		double q = hist_quantile(&h, k / 1000.0);
		ck_assert(q >= last);
		ck_assert(q <= h.max);
		last = q;
	}
	gsl_rng_free(r);
}
END_TEST

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* 10,000 exponential waits, mean 60 s, 1 s bins up to 1200 s. */
START_TEST(test_quantile_exponential)
{
	enum { N = 10000 };
	const double mu = 60.0;
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(r, 20260301);
	size_t nb = hist_bins(1.0, 1200.0);
	uint32_t *count = malloc(nb * sizeof *count);
	struct hist h;
	hist_init(&h, 1.0, 1200.0, count);
	double *x = malloc(N * sizeof *x);
	for (int i = 0; i < N; i++) {
		x[i] = gsl_ran_exponential(r, mu);
		hist_add(&h, x[i]);
	}
	qsort(x, N, sizeof *x, cmp_double);
	ck_assert_double_eq(h.max, x[N - 1]);
	static const double ps[] = { 0.01, 0.1, 0.25, 0.5, 0.8, 0.9, 0.95, 0.99, 0.999 };
	for (size_t i = 0; i < sizeof ps / sizeof ps[0]; i++) {
		double p = ps[i];
		double q = hist_quantile(&h, p);
		size_t rank = (size_t)ceil(p * N); /* 1-based */
		double exact = x[rank - 1];
		ck_assert_msg(fabs(q - exact) < 1.0,
			      "p=%g: hist %g vs sample %g", p, q, exact);
		double closed = -mu * log(1.0 - p);
		double se = mu * sqrt(p / ((1.0 - p) * N));
		ck_assert_msg(fabs(q - closed) < 4.0 * se + 1.0,
			      "p=%g: hist %g vs closed form %g (se %g)", p, q, closed, se);
	}
	free(x);
	free(count);
	gsl_rng_free(r);
}
END_TEST

/* Overflow: quantiles that fall past the last bin are the maximum. */
START_TEST(test_overflow)
{
	uint32_t count[10];
	struct hist h;
	hist_init(&h, 1.0, 10.0, count);
	hist_add(&h, 5.0);
	hist_add(&h, 50.0);
	hist_add(&h, 100.0);
	ck_assert_uint_eq(h.total, 3);
	ck_assert_uint_eq(h.overflow, 2);
	ck_assert_double_eq(h.max, 100.0);
	/* rank 0.6 inside bin 5 (1 obs): 5 + 0.6 */
	CLOSE(hist_quantile(&h, 0.2), 5.6, 1e-12);
	/* rank 1 = end of bin 5 */
	CLOSE(hist_quantile(&h, 1.0 / 3.0), 6.0, 1e-12);
	/* past the bins */
	ck_assert_double_eq(hist_quantile(&h, 0.5), 100.0);
	ck_assert_double_eq(hist_quantile(&h, 0.9), 100.0);
	ck_assert_double_eq(hist_quantile(&h, 1.0), 100.0);
}
END_TEST

/* Merging two halves equals filling one histogram with everything. */
START_TEST(test_merge)
{
	uint32_t ca[20], cb[20], cc[20];
	struct hist a, b, all;
	hist_init(&a, 0.5, 10.0, ca);
	hist_init(&b, 0.5, 10.0, cb);
	hist_init(&all, 0.5, 10.0, cc);
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(r, 8);
	for (int i = 0; i < 1000; i++) {
		double v = gsl_ran_exponential(r, 3.0);
		hist_add(i % 3 ? &a : &b, v);
		hist_add(&all, v);
	}
	hist_add(&b, 25.0); /* overflow and max on the source side */
	hist_add(&all, 25.0);
	hist_merge(&a, &b);
	ck_assert_uint_eq(a.total, 1001);
	ck_assert_uint_eq(a.total, all.total);
	ck_assert_uint_eq(a.overflow, all.overflow);
	ck_assert_double_eq(a.max, 25.0);
	for (int i = 0; i < 20; i++)
		ck_assert_uint_eq(ca[i], cc[i]);
	for (int k = 0; k <= 20; k++)
		ck_assert_double_eq(hist_quantile(&a, k / 20.0), hist_quantile(&all, k / 20.0));
	/* the source is unchanged */
	ck_assert_uint_eq(b.total, 1000 / 3 + 1 + 1);
	/* merging into a larger max keeps it */
	hist_reset(&b);
	hist_add(&b, 1.0);
	hist_merge(&a, &b);
	ck_assert_double_eq(a.max, 25.0);
	ck_assert_uint_eq(a.total, 1002);
	gsl_rng_free(r);
}
END_TEST

/* Merging an empty histogram changes nothing; merging into an empty one
 * copies. */
START_TEST(test_merge_empty)
{
	uint32_t ca[10], cb[10];
	struct hist a, b;
	hist_init(&a, 1.0, 10.0, ca);
	hist_init(&b, 1.0, 10.0, cb);
	hist_add(&b, 3.5);
	hist_merge(&a, &b);
	ck_assert_uint_eq(a.total, 1);
	ck_assert_uint_eq(ca[3], 1);
	ck_assert_double_eq(a.max, 3.5);
	hist_reset(&b);
	hist_merge(&a, &b);
	ck_assert_uint_eq(a.total, 1);
	ck_assert_double_eq(a.max, 3.5);
}
END_TEST

START_TEST(test_reset)
{
	uint32_t c[10];
	struct hist h;
	hist_init(&h, 1.0, 10.0, c);
	hist_add(&h, 2.0);
	hist_add(&h, 20.0);
	hist_reset(&h);
	ck_assert_uint_eq(h.total, 0);
	ck_assert_uint_eq(h.overflow, 0);
	ck_assert_double_eq(h.max, 0.0);
	ck_assert_uint_eq(c[2], 0);
	ck_assert(isnan(hist_quantile(&h, 0.5)));
}
END_TEST

/* ---- limits -------------------------------------------------------------- */

/* Negative values count as 0 (bin 0, max stays 0). */
START_TEST(test_negative)
{
	uint32_t c[10];
	struct hist h;
	hist_init(&h, 1.0, 10.0, c);
	hist_add(&h, -5.0);
	hist_add(&h, -1e-300);
	hist_add(&h, -INFINITY);
	ck_assert_uint_eq(c[0], 3);
	ck_assert_uint_eq(h.total, 3);
	ck_assert_double_eq(h.max, 0.0);
	/* every quantile of an all-zero sample is 0 (capped at the max) */
	ck_assert_double_eq(hist_quantile(&h, 0.5), 0.0);
	ck_assert_double_eq(hist_quantile(&h, 1.0), 0.0);
}
END_TEST

/* Infinity goes to overflow; a quantile there reports it as the max. */
START_TEST(test_infinite)
{
	uint32_t c[10];
	struct hist h;
	hist_init(&h, 1.0, 10.0, c);
	hist_add(&h, 1.0);
	hist_add(&h, INFINITY);
	ck_assert_uint_eq(h.overflow, 1);
	ck_assert(isinf(h.max));
	ck_assert(isinf(hist_quantile(&h, 1.0)));
	CLOSE(hist_quantile(&h, 0.25), 1.5, 1e-12);
}
END_TEST

/* One bin only: linear interpolation over [0, w) capped at the max. */
START_TEST(test_one_bin)
{
	uint32_t c[1];
	struct hist h;
	hist_init(&h, 60.0, 60.0, c);
	ck_assert_uint_eq(h.nbins, 1);
	for (int i = 0; i < 4; i++)
		hist_add(&h, 10.0 * (i + 1)); /* 10, 20, 30, 40 */
	CLOSE(hist_quantile(&h, 0.5), 30.0, 1e-12);  /* 60 * 0.5 */
	CLOSE(hist_quantile(&h, 0.75), 40.0, 1e-12); /* 45 capped at 40 */
}
END_TEST

/* ---- errors -------------------------------------------------------------- */

START_TEST(test_empty_nan)
{
	uint32_t c[10];
	struct hist h;
	hist_init(&h, 1.0, 10.0, c);
	ck_assert(isnan(hist_quantile(&h, 0.0)));
	ck_assert(isnan(hist_quantile(&h, 0.5)));
	ck_assert(isnan(hist_quantile(&h, 1.0)));
}
END_TEST

/* p outside [0, 1] (or NaN) has no quantile. */
START_TEST(test_bad_p)
{
	uint32_t c[10];
	struct hist h;
	hist_init(&h, 1.0, 10.0, c);
	hist_add(&h, 3.0);
	ck_assert(isnan(hist_quantile(&h, -0.1)));
	ck_assert(isnan(hist_quantile(&h, 1.1)));
	ck_assert(isnan(hist_quantile(&h, NAN)));
}
END_TEST

Suite *hist_suite(void)
{
	Suite *s = suite_create("hist");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_bins);
	tcase_add_test(tc, test_init_zeroes);
	tcase_add_test(tc, test_bin_edges);
	tcase_add_test(tc, test_quantile_uniform_hand);
	tcase_add_test(tc, test_quantile_uneven_hand);
	tcase_add_test(tc, test_quantile_bin_hand);
	tcase_add_test(tc, test_quantile_monotone);
	tcase_add_test(tc, test_quantile_exponential);
	tcase_add_test(tc, test_overflow);
	tcase_add_test(tc, test_merge);
	tcase_add_test(tc, test_merge_empty);
	tcase_add_test(tc, test_reset);
	suite_add_tcase(s, tc);

	tc = tcase_create("limits");
	tcase_add_test(tc, test_negative);
	tcase_add_test(tc, test_infinite);
	tcase_add_test(tc, test_one_bin);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_test(tc, test_empty_nan);
	tcase_add_test(tc, test_bad_p);
	suite_add_tcase(s, tc);
	return s;
}
