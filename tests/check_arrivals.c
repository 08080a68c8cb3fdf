/*
 * check_arrivals.c: piecewise-constant-rate Poisson arrivals
 * (models/arrivals.c).
 *
 * The process is checked against the properties that define it, not against
 * its own algorithm: with forecast F_k, the count in interval k is Poisson
 * with mean F_k (so its variance is F_k too), counts of different intervals
 * are independent, arrival instants inside an interval are uniform, and no
 * arrival falls in a zero-rate interval or outside the day windows.
 * All draws use GSL's MT19937 with fixed seeds, and every statistical
 * assertion states its tolerance:
 *   mean of N counts        |mean - F| < 4 sqrt(F / N)
 *   sample variance         |s^2 - F| < 4 sqrt((F + 2 F^2) / N)
 *                           (Var s^2 ~ (mu4 - sigma^4) / N, mu4 = F + 3 F^2)
 *   chi-square of the count distribution against the Poisson pmf (cells
 *   pooled to expected >= 5) below chi2_{0.999}(cells - 1)
 *   correlation of two intervals' counts  |r| < 4 / sqrt(N)
 *   mean position in the interval         |m - 1/2| < 4 sqrt(1/12/n)
 */
#include <math.h>
#include <stdlib.h>
#include <check.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "../models/arrivals.h"
#include "../models/horizon.h"
#include "../sim/status.h"

Suite *arrivals_suite(void);

#define REQUIRE(cond, ...) \
	do { \
		if (!(cond)) \
			ck_abort_msg(__VA_ARGS__); \
	} while (0)

enum { NREP = 2000, MAXK = 64 };

/* Counts per interval over NREP replications; also checks, for every
 * arrival, that times increase, that the interval is the one containing the
 * time, and that the time lies in [start, end) of that interval. */
static void count_reps(const struct horizon *h, const double *forecast,
		       unsigned long seed, int nrep, int (*counts)[MAXK],
		       double *pos_sum, long *pos_n)
{
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(r, seed);
	for (int i = 0; i < h->n_intervals; i++) {
		if (pos_sum)
			pos_sum[i] = 0.0;
		if (pos_n)
			pos_n[i] = 0;
	}
	for (int rep = 0; rep < nrep; rep++) {
		struct arrivals a;
		arrivals_start(&a, h, forecast);
		for (int k = 0; k < h->n_intervals; k++)
			counts[rep][k] = 0;
		double t, last = -1.0;
		int k;
		while (arrivals_next(&a, r, &t, &k)) {
			REQUIRE(k >= 0 && k < h->n_intervals, "interval %d", k);
			REQUIRE(t > last, "times not increasing: %.17g after %.17g", t, last);
			double s = horizon_interval_start(h, k), e = horizon_interval_end(h, k);
			REQUIRE(t >= s && t < e, "t %.17g outside interval %d [%g, %g)", t, k, s, e);
			REQUIRE(horizon_interval_at(h, t) == k, "t %.17g: interval_at %d, not %d",
				t, horizon_interval_at(h, t), k);
			counts[rep][k]++;
			if (pos_sum) {
				pos_sum[k] += (t - s) / h->interval_s;
				pos_n[k]++;
			}
			last = t;
		}
		/* the end is sticky */
		REQUIRE(arrivals_next(&a, r, &t, &k) == 0, "arrival after the end");
	}
	gsl_rng_free(r);
}

static void mean_var(int (*counts)[MAXK], int nrep, int k, double *mean, double *var)
{
	double s = 0.0;
	for (int i = 0; i < nrep; i++)
		s += counts[i][k];
	double m = s / nrep, ss = 0.0;
	for (int i = 0; i < nrep; i++)
		ss += (counts[i][k] - m) * (counts[i][k] - m);
	*mean = m;
	*var = ss / (nrep - 1);
}

/* Chi-square of the observed count distribution of column k against
 * Poisson(F): cells 0, 1, ... merged left to right until each expects at
 * least 5, the upper tail folded into the last cell.  Returns the statistic
 * and writes the number of cells. */
static double chi2_poisson(int (*counts)[MAXK], int nrep, int k, double F, int *cells)
{
	enum { KMAX = 400 };
	static long obs[KMAX + 1];
	for (int i = 0; i <= KMAX; i++)
		obs[i] = 0;
	for (int i = 0; i < nrep; i++)
		obs[counts[i][k] < KMAX ? counts[i][k] : KMAX]++;
	double chi2 = 0.0, e_acc = 0.0, o_acc = 0.0;
	int n = 0;
	int x = 0;
	for (; x < KMAX; x++) {
		e_acc += nrep * gsl_ran_poisson_pdf((unsigned)x, F);
		o_acc += obs[x];
		double tail = nrep * gsl_cdf_poisson_Q((unsigned)x, F);
		if (e_acc >= 5.0 && tail >= 5.0) {
			chi2 += (o_acc - e_acc) * (o_acc - e_acc) / e_acc;
			n++;
			e_acc = o_acc = 0.0;
		} else if (e_acc >= 5.0 && tail < 5.0) {
			break; /* fold the rest into this cell */
		}
	}
	/* last cell: what is accumulated plus the tail above x */
	double e_tail = e_acc + nrep * gsl_cdf_poisson_Q((unsigned)x, F);
	double o_tail = o_acc;
	for (int y = x + 1; y <= KMAX; y++)
		o_tail += obs[y];
	chi2 += (o_tail - e_tail) * (o_tail - e_tail) / e_tail;
	n++;
	*cells = n;
	return chi2;
}

/* ---- core ---------------------------------------------------------------- */

/* One day 09:00-11:00 in 30-minute intervals, forecast {10, 0, 50, 5}. */
static struct horizon four(void)
{
	struct horizon h;
	ck_assert_int_eq(horizon_init(&h, 20514, 1, 9 * 3600.0, 11 * 3600.0, 1800.0, 0.0),
			 STATUS_OK);
	ck_assert_int_eq(h.n_intervals, 4);
	return h;
}

START_TEST(test_poisson_counts)
{
	static const double F[4] = { 10, 0, 50, 5 };
	struct horizon h = four();
	static int counts[NREP][MAXK];
	double pos_sum[MAXK];
	long pos_n[MAXK];
	count_reps(&h, F, 20260302, NREP, counts, pos_sum, pos_n);
	for (int k = 0; k < 4; k++) {
		double m, v;
		mean_var(counts, NREP, k, &m, &v);
		if (F[k] == 0) {
			ck_assert_double_eq(m, 0.0); /* none at all in a zero interval */
			ck_assert_int_eq(pos_n[k], 0);
			continue;
		}
		double tol_m = 4.0 * sqrt(F[k] / NREP);
		double tol_v = 4.0 * sqrt((F[k] + 2.0 * F[k] * F[k]) / NREP);
		ck_assert_msg(fabs(m - F[k]) < tol_m, "interval %d: mean %g vs %g (tol %g)",
			      k, m, F[k], tol_m);
		ck_assert_msg(fabs(v - F[k]) < tol_v, "interval %d: var %g vs %g (tol %g)",
			      k, v, F[k], tol_v);
		int cells;
		double chi2 = chi2_poisson(counts, NREP, k, F[k], &cells);
		double crit = gsl_cdf_chisq_Qinv(0.001, cells - 1);
		ck_assert_msg(cells >= 3, "interval %d: %d cells", k, cells);
		ck_assert_msg(chi2 < crit, "interval %d: chi2 %g >= %g (%d cells)", k, chi2,
			      crit, cells);
		/* uniform position inside the interval */
		double pm = pos_sum[k] / pos_n[k];
		ck_assert_msg(fabs(pm - 0.5) < 4.0 * sqrt(1.0 / 12.0 / pos_n[k]),
			      "interval %d: mean position %g", k, pm);
	}
	/* dispersion of the total: Poisson(65) */
	double s = 0.0, ss = 0.0;
	for (int i = 0; i < NREP; i++) {
		int tot = counts[i][0] + counts[i][1] + counts[i][2] + counts[i][3];
		s += tot;
		ss += (double)tot * tot;
	}
	double m = s / NREP, v = (ss - NREP * m * m) / (NREP - 1);
	ck_assert(fabs(m - 65.0) < 4.0 * sqrt(65.0 / NREP));
	ck_assert(fabs(v - 65.0) < 4.0 * sqrt((65.0 + 2.0 * 65.0 * 65.0) / NREP));
}
END_TEST

/* Counts of different intervals are uncorrelated. */
START_TEST(test_independent_intervals)
{
	static const double F[4] = { 10, 0, 50, 5 };
	struct horizon h = four();
	static int counts[NREP][MAXK];
	count_reps(&h, F, 4242, NREP, counts, NULL, NULL);
	static const int pairs[3][2] = { { 0, 2 }, { 2, 3 }, { 0, 3 } };
	for (int p = 0; p < 3; p++) {
		int a = pairs[p][0], b = pairs[p][1];
		double ma, va, mb, vb, c = 0.0;
		mean_var(counts, NREP, a, &ma, &va);
		mean_var(counts, NREP, b, &mb, &vb);
		for (int i = 0; i < NREP; i++)
			c += (counts[i][a] - ma) * (counts[i][b] - mb);
		double rho = c / (NREP - 1) / sqrt(va * vb);
		ck_assert_msg(fabs(rho) < 4.0 / sqrt((double)NREP), "corr(%d,%d) = %g", a, b,
			      rho);
	}
}
END_TEST

/* Two days 07:00-20:00: no arrival in the overnight gap, counts per day
 * right, zero intervals empty.  The forecast is 20 per interval, with the
 * first and last interval of each day and every fifth interval at zero. */
START_TEST(test_day_windows)
{
	struct horizon h;
	ck_assert_int_eq(horizon_init(&h, 20514, 2, 25200, 72000, 1800, 0), STATUS_OK);
	double F[52];
	double total = 0.0;
	for (int k = 0; k < 52; k++) {
		int j = k % 26;
		F[k] = (j == 0 || j == 25 || k % 5 == 0) ? 0.0 : 20.0;
		total += F[k];
	}
	enum { R = 300 };
	static int counts[R][MAXK];
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(r, 777);
	double s = 0.0;
	for (int rep = 0; rep < R; rep++) {
		struct arrivals a;
		arrivals_start(&a, &h, F);
		double t, last = -1.0;
		int k, n = 0;
		for (int j = 0; j < 52; j++)
			counts[rep][j] = 0;
		while (arrivals_next(&a, r, &t, &k)) {
			double in_day = fmod(t, 86400.0);
			REQUIRE(in_day >= 25200.0 && in_day < 72000.0, "t %.17g in a gap", t);
			REQUIRE(t < 2 * 86400.0, "t %.17g after the horizon", t);
			REQUIRE(t > last, "not increasing");
			REQUIRE(horizon_interval_at(&h, t) == k, "interval of %.17g", t);
			REQUIRE(F[k] > 0.0, "arrival in zero-rate interval %d", k);
			counts[rep][k]++;
			last = t;
			n++;
		}
		s += n;
	}
	gsl_rng_free(r);
	double m = s / R;
	ck_assert_msg(fabs(m - total) < 4.0 * sqrt(total / R), "mean total %g vs %g", m,
		      total);
	/* the first interval of day 1 after the gap gets its share */
	double m27 = 0.0;
	for (int rep = 0; rep < R; rep++)
		m27 += counts[rep][27];
	m27 /= R;
	ck_assert_msg(fabs(m27 - 20.0) < 4.0 * sqrt(20.0 / R), "interval 27: %g", m27);
}
END_TEST

/* The same seed gives the same arrivals (common random numbers). */
START_TEST(test_reproducible)
{
	static const double F[4] = { 10, 0, 50, 5 };
	struct horizon h = four();
	gsl_rng *r1 = gsl_rng_alloc(gsl_rng_mt19937), *r2 = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(r1, 99);
	gsl_rng_set(r2, 99);
	struct arrivals a1, a2;
	arrivals_start(&a1, &h, F);
	arrivals_start(&a2, &h, F);
	double t1, t2;
	int k1, k2, n = 0;
	for (;;) {
		int g1 = arrivals_next(&a1, r1, &t1, &k1);
		int g2 = arrivals_next(&a2, r2, &t2, &k2);
		ck_assert_int_eq(g1, g2);
		if (!g1)
			break;
		ck_assert(t1 == t2);
		ck_assert_int_eq(k1, k2);
		n++;
	}
	ck_assert_int_gt(n, 0);
	gsl_rng_free(r1);
	gsl_rng_free(r2);
}
END_TEST

/* ---- limits -------------------------------------------------------------- */

START_TEST(test_all_zero)
{
	static const double F[4] = { 0, 0, 0, 0 };
	struct horizon h = four();
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	struct arrivals a;
	arrivals_start(&a, &h, F);
	double t = -7.0;
	int k = -7;
	ck_assert_int_eq(arrivals_next(&a, r, &t, &k), 0);
	ck_assert_int_eq(arrivals_next(&a, r, &t, &k), 0);
	ck_assert_double_eq(t, -7.0); /* outputs untouched */
	ck_assert_int_eq(k, -7);
	gsl_rng_free(r);
}
END_TEST

/* A heavy interval (100,000 expected) between two empty ones: one draw is
 * within 4 sqrt(F) of F, and all arrivals are in interval 1. */
START_TEST(test_heavy_interval)
{
	static const double F[4] = { 0, 1e5, 0, 0 };
	struct horizon h = four();
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(r, 1);
	struct arrivals a;
	arrivals_start(&a, &h, F);
	double t, last = 0.0;
	int k;
	long n = 0;
	while (arrivals_next(&a, r, &t, &k)) {
		REQUIRE(k == 1, "interval %d", k);
		REQUIRE(t > last, "not increasing");
		last = t;
		n++;
	}
	ck_assert_msg(fabs(n - 1e5) < 4.0 * sqrt(1e5), "n = %ld", n);
	gsl_rng_free(r);
}
END_TEST

/* A tiny forecast (1e-4 per interval, 4 intervals, 2,000 draws: 0.8
 * expected in all) gives almost nothing: at most 5 (P(>5) ~ 1e-4). */
START_TEST(test_tiny_forecast)
{
	static const double F[4] = { 1e-4, 1e-4, 1e-4, 1e-4 };
	struct horizon h = four();
	static int counts[NREP][MAXK];
	count_reps(&h, F, 5, NREP, counts, NULL, NULL);
	long n = 0;
	for (int i = 0; i < NREP; i++)
		for (int k = 0; k < 4; k++)
			n += counts[i][k];
	ck_assert_int_le(n, 5);
}
END_TEST

/* A deterministic generator: gsl_rng_uniform returns a fixed u. */
static void fixed_set(void *state, unsigned long seed)
{
	(void)state;
	(void)seed;
}
static double fixed_u;
static unsigned long fixed_get(void *state)
{
	(void)state;
	return (unsigned long)(fixed_u * 4294967296.0);
}
static double fixed_get_double(void *state)
{
	(void)state;
	return fixed_u;
}
static const gsl_rng_type fixed_type = { "fixed", 0xffffffffUL, 0, sizeof(int),
					 fixed_set, fixed_get, fixed_get_double };

/*
 * Rounding at an interval's end: when the remaining cumulative rate `need`
 * is smaller than what the current interval holds (the arrival belongs to
 * it) but a->t + need / rate rounds up to the interval's end, the arrival
 * must still be reported inside the interval, not carried into a later one
 * or lost.  The test builds that state directly: the last interval of the
 * horizon, the previous arrival one ulp before its end, and an exponential
 * draw of 0.9 of what remains.  Exactly one arrival is due in [t, end).
 */
START_TEST(test_boundary_rounding)
{
	struct horizon h;
	ck_assert_int_eq(horizon_init(&h, 0, 1, 0.0, 3600.0, 3600.0, 0.0), STATUS_OK);
	gsl_rng *r = gsl_rng_alloc(&fixed_type);
	fixed_u = 1e-3;
	double need = gsl_ran_exponential(r, 1.0); /* what arrivals_next will draw */
	double end = 3600.0, t0 = nextafter(end, 0.0);
	double rate = need / (0.9 * (end - t0));  /* so that need = 0.9 left */
	double F[1] = { rate * 3600.0 };
	/* preconditions of the scenario, in the code's own arithmetic */
	double rr = F[0] / 3600.0;
	ck_assert(need < rr * (end - t0));
	ck_assert(t0 + need / rr >= end);
	struct arrivals a;
	arrivals_start(&a, &h, F);
	a.t = t0; /* as if the previous arrival had been at t0 */
	double t = -1.0;
	int k = -1;
	int got = arrivals_next(&a, r, &t, &k);
	gsl_rng_free(r); /* before any assertion: no leak when it fails */
	ck_assert_msg(got == 1,
		      "arrival due in [%.17g, %.17g) lost "
		      "by rounding at the interval end", t0, end);
	ck_assert_int_eq(k, 0);
	ck_assert(t >= t0 && t < end);
}
END_TEST

Suite *arrivals_suite(void)
{
	Suite *s = suite_create("arrivals");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, test_poisson_counts);
	tcase_add_test(tc, test_independent_intervals);
	tcase_add_test(tc, test_day_windows);
	tcase_add_test(tc, test_reproducible);
	suite_add_tcase(s, tc);

	tc = tcase_create("limits");
	tcase_add_test(tc, test_all_zero);
	tcase_add_test(tc, test_heavy_interval);
	tcase_add_test(tc, test_tiny_forecast);
	tcase_add_test(tc, test_boundary_rounding);
	suite_add_tcase(s, tc);
	return s;
}
