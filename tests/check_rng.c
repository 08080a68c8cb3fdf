/*
 * check_rng.c: stream seeding (sim/rng.c).
 *
 * Independent sources:
 *  - the published SplitMix64 test vectors (Vigna's splitmix64.c, state 0):
 *    outputs 0xe220a8397b1dcdaf, 0x6e789e6aa1b965f4, 0x06c45d188009454f.
 *    The finaliser of rng.c is SplitMix64's output function, so
 *    mix64(k * golden) is the (k+1)-th output; choosing replication and
 *    stream to cancel the XORs steers rng_stream_seed onto those values;
 *  - counting: 100 x 100 x 8 triples must give 80,000 distinct 64-bit seeds;
 *  - statistics with a fixed seed: the mean of 1e5 uniforms lies within 4
 *    standard errors (sqrt(1/12/n)) of 1/2, and a 10-cell chi-square stays
 *    below the 0.999 quantile of chi-square(9), 27.877.
 */
#include <math.h>
#include <stdlib.h>
#include <check.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_rng.h>

#include "../sim/rng.h"

Suite *rng_suite(void);

#define GOLDEN 0x9e3779b97f4a7c15ULL
#define SM0 0xe220a8397b1dcdafULL /* SplitMix64(0): 1st output */
#define SM1 0x6e789e6aa1b965f4ULL /* 2nd */
#define SM2 0x06c45d188009454fULL /* 3rd */

/* ---- core ---------------------------------------------------------------- */

/* seed(s, r, t) = mix(mix(mix(s) ^ r) ^ t) with mix(0) = SM0,
 * mix(golden) = SM1, mix(2 golden) = SM2. */
START_TEST(test_splitmix_vectors)
{
	/* mix(0) = SM0; SM0 ^ SM0 = 0 -> SM0; SM0 ^ SM0 = 0 -> SM0 */
	ck_assert_uint_eq(rng_stream_seed(0, SM0, SM0), SM0);
	/* mix(0) = SM0; ^ SM0 -> 0 -> SM0; ^ (SM0 ^ golden) -> golden -> SM1 */
	ck_assert_uint_eq(rng_stream_seed(0, SM0, SM0 ^ GOLDEN), SM1);
	/* mix(0) = SM0; ^ (SM0 ^ golden) -> golden -> SM1;
	 * ^ (SM1 ^ 2 golden) -> 2 golden -> SM2 */
	ck_assert_uint_eq(rng_stream_seed(0, SM0 ^ GOLDEN, SM1 ^ (2 * GOLDEN)), SM2);
}
END_TEST

static void draw(gsl_rng *r, unsigned long *out, int n)
{
	for (int i = 0; i < n; i++)
		out[i] = gsl_rng_get(r);
}

/* The generator is MT19937 and the same triple reproduces the same numbers,
 * whether in a fresh generator or by reseeding a used one. */
START_TEST(test_same_triple_same_sequence)
{
	enum { N = 1000 };
	unsigned long a[N], b[N], c[N];
	gsl_rng *r1 = rng_stream_alloc(), *r2 = rng_stream_alloc();
	ck_assert_ptr_nonnull(r1);
	ck_assert_ptr_nonnull(r2);
	ck_assert_str_eq(gsl_rng_name(r1), "mt19937");
	rng_stream_set(r1, 12345, 7, 3);
	draw(r1, a, N);
	rng_stream_set(r2, 12345, 7, 3);
	draw(r2, b, N);
	rng_stream_set(r1, 12345, 7, 3); /* reseed a used generator */
	draw(r1, c, N);
	for (int i = 0; i < N; i++) {
		ck_assert_uint_eq(a[i], b[i]);
		ck_assert_uint_eq(a[i], c[i]);
	}
	gsl_rng_free(r1);
	gsl_rng_free(r2);
}
END_TEST

/* Number of equal positions in the first n outputs of two triples; for
 * unrelated 32-bit streams the expectation is n / 2^32, i.e. 0. */
static int matches(uint64_t s1, uint64_t r1, uint64_t t1, uint64_t s2, uint64_t r2,
		   uint64_t t2, int n)
{
	gsl_rng *a = rng_stream_alloc(), *b = rng_stream_alloc();
	rng_stream_set(a, s1, r1, t1);
	rng_stream_set(b, s2, r2, t2);
	int m = 0;
	for (int i = 0; i < n; i++)
		m += gsl_rng_get(a) == gsl_rng_get(b);
	gsl_rng_free(a);
	gsl_rng_free(b);
	return m;
}

START_TEST(test_different_triples_differ)
{
	/* neighbouring stream, replication, seed; and swapped roles */
	ck_assert_int_le(matches(1, 0, 0, 1, 0, 1, 1000), 1);
	ck_assert_int_le(matches(1, 0, 0, 1, 1, 0, 1000), 1);
	ck_assert_int_le(matches(1, 0, 0, 2, 0, 0, 1000), 1);
	ck_assert_int_le(matches(1, 2, 3, 1, 3, 2, 1000), 1);
	ck_assert_int_le(matches(0, 0, 0, 0, 0, 1, 1000), 1);
	ck_assert_int_le(matches(5, 1, 0, 5, 0, 1, 1000), 1);
}
END_TEST

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

/* 100 seeds x 100 replications x 8 streams: 80,000 distinct 64-bit seeds. */
START_TEST(test_seed_grid_distinct)
{
	enum { NS = 100, NR = 100, NT = 8, N = NS * NR * NT };
	uint64_t *v = malloc(N * sizeof *v);
	size_t n = 0;
	for (uint64_t s = 0; s < NS; s++)
		for (uint64_t r = 0; r < NR; r++)
			for (uint64_t t = 0; t < NT; t++)
				v[n++] = rng_stream_seed(s, r, t);
	qsort(v, n, sizeof *v, cmp_u64);
	size_t dups = 0;
	for (size_t i = 1; i < n; i++)
		dups += v[i] == v[i - 1];
	ck_assert_uint_eq(dups, 0);
	free(v);
}
END_TEST

/* Uniformity of a stream: mean within 4 SE of 1/2 and a chi-square over 10
 * equal cells below chi2_{0.999}(9). */
START_TEST(test_uniformity)
{
	enum { N = 100000, K = 10 };
	gsl_rng *r = rng_stream_alloc();
	rng_stream_set(r, 2026, 0, 0);
	double sum = 0.0;
	long cell[K] = { 0 };
	for (int i = 0; i < N; i++) {
		double u = gsl_rng_uniform(r);
		sum += u;
		cell[(int)(u * K)]++;
	}
	double se = sqrt(1.0 / 12.0 / N);
	ck_assert_msg(fabs(sum / N - 0.5) < 4.0 * se, "mean %g", sum / N);
	double chi2 = 0.0, e = (double)N / K;
	for (int k = 0; k < K; k++)
		chi2 += (cell[k] - e) * (cell[k] - e) / e;
	ck_assert_msg(chi2 < 27.877, "chi2 %g", chi2); /* chi2_{0.999}(9) */
	ck_assert(fabs(gsl_cdf_chisq_Qinv(0.001, 9) - 27.877) < 1e-3);
	gsl_rng_free(r);
}
END_TEST

/* Streams of one replication are uncorrelated: the sample correlation of
 * paired uniforms from streams 0 and 1 is within 4 / sqrt(n) of 0. */
START_TEST(test_streams_uncorrelated)
{
	enum { N = 50000 };
	gsl_rng *a = rng_stream_alloc(), *b = rng_stream_alloc();
	rng_stream_set(a, 1, 0, 0);
	rng_stream_set(b, 1, 0, 1);
	double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
	for (int i = 0; i < N; i++) {
		double x = gsl_rng_uniform(a), y = gsl_rng_uniform(b);
		sx += x;
		sy += y;
		sxx += x * x;
		syy += y * y;
		sxy += x * y;
	}
	double cov = sxy / N - (sx / N) * (sy / N);
	double corr = cov / sqrt((sxx / N - (sx / N) * (sx / N)) *
				 (syy / N - (sy / N) * (sy / N)));
	ck_assert_msg(fabs(corr) < 4.0 / sqrt((double)N), "corr %g", corr);
	gsl_rng_free(a);
	gsl_rng_free(b);
}
END_TEST

/* ---- limits -------------------------------------------------------------- */

/* Extreme inputs still give working, distinct streams. */
START_TEST(test_extreme_inputs)
{
	ck_assert_uint_ne(rng_stream_seed(UINT64_MAX, UINT64_MAX, UINT64_MAX),
			  rng_stream_seed(UINT64_MAX, UINT64_MAX, UINT64_MAX - 1));
	ck_assert_uint_ne(rng_stream_seed(0, 0, 0), 0);
	ck_assert_int_le(matches(UINT64_MAX, 0, 0, 0, 0, 0, 1000), 1);
	gsl_rng *r = rng_stream_alloc();
	rng_stream_set(r, UINT64_MAX, UINT64_MAX, UINT64_MAX);
	double u = gsl_rng_uniform(r);
	ck_assert(u >= 0.0 && u < 1.0);
	gsl_rng_free(r);
}
END_TEST

Suite *rng_suite(void)
{
	Suite *s = suite_create("rng");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_splitmix_vectors);
	tcase_add_test(tc, test_same_triple_same_sequence);
	tcase_add_test(tc, test_different_triples_differ);
	tcase_add_test(tc, test_seed_grid_distinct);
	tcase_add_test(tc, test_uniformity);
	tcase_add_test(tc, test_streams_uncorrelated);
	suite_add_tcase(s, tc);

	tc = tcase_create("limits");
	tcase_add_test(tc, test_extreme_inputs);
	suite_add_tcase(s, tc);
	return s;
}
