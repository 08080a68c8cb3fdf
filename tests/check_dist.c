/*
 * check_dist.c: tests of models/dist (duration distributions).
 *
 * core:   for each distribution, at a fixed seed (mt19937), 200,000 draws;
 *         the sample mean and variance must agree with dist_mean and
 *         dist_variance and with closed forms computed here independently
 *         (libm's tgamma/exp, hand-worked values), within 4 standard errors.
 *         The shape is checked by a chi-square test on 20 equiprobable bins
 *         (probability integral transform through gsl_cdf_*_P) at level
 *         0.001; empirical and histogram by their cell frequencies.
 *         Deterministic is exact; copies draw the same sequence.
 * limits: degenerate but valid inputs (shape 1, one value, one bin, zero
 *         weights, enormous weights, tiny Weibull shapes whose moments
 *         overflow, generators with a short range).
 * errors: every constructor with every kind of invalid input returns
 *         STATUS_EINVAL and leaves a struct that dist_destroy accepts.
 *
 * Why 4 standard errors: with a fixed seed the result is deterministic, but
 * the tolerance states how far an honest sampler may stray; a two-sided
 * normal deviation beyond 4 SE has probability 6e-5, while a wrong
 * parameterisation (shape and scale swapped, mean for rate) is off by
 * hundreds of SE at n = 200,000.  The SE of the sample variance is
 * sqrt((m4 - s^4) / n), with m4 the sample fourth central moment.
 */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <check.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_rng.h>

#include "../models/dist.h"
#include "../sim/status.h"

#define SEED 20240611UL
#define NDRAWS 200000
#define NSE 4.0            /* tolerance of the moment checks, in SE */
#define GOF_BINS 20        /* equiprobable bins of the chi-square test */
#define GOF_ALPHA 0.001    /* level of the chi-square tests */
#define REL_EXACT 1e-12    /* dist_mean/variance against closed forms */

/* ck_assert records a checkpoint (a write to Check's pipe) every time it
 * passes; in loops over many draws, test first and call Check only on a
 * failure. */
#define REQUIRE(cond, ...)                                                    \
	do {                                                                  \
		if (!(cond))                                                  \
			ck_abort_msg(__VA_ARGS__);                            \
	} while (0)

static gsl_rng *rng_new(void)
{
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	ck_assert_ptr_nonnull(r);
	gsl_rng_set(r, SEED);
	return r;
}

static void assert_rel(double got, double want, double rel, const char *what)
{
	ck_assert_msg(fabs(got - want) <= rel * fabs(want),
		      "%s: got %.17g, want %.17g (rel. tol. %g)", what, got,
		      want, rel);
}

/* n draws of d into a fresh array (caller frees). */
static double *draw(const struct dist *d, size_t n)
{
	double *x = malloc(n * sizeof *x);
	ck_assert_ptr_nonnull(x);
	gsl_rng *r = rng_new();
	for (size_t i = 0; i < n; i++)
		x[i] = dist_sample(d, r);
	gsl_rng_free(r);
	return x;
}

/*
 * Sample mean and variance of x against a mean and variance, within NSE
 * standard errors; also every draw finite and >= 0 (durations).
 */
static void check_moments(const double *x, size_t n, double mean, double var,
			  const char *what)
{
	double s = 0.0;
	for (size_t i = 0; i < n; i++) {
		REQUIRE(isfinite(x[i]) && x[i] >= 0.0, "%s: draw %zu is %g",
			what, i, x[i]);
		s += x[i];
	}
	double xbar = s / (double)n, m2 = 0.0, m4 = 0.0;
	for (size_t i = 0; i < n; i++) {
		double e = x[i] - xbar;
		m2 += e * e;
		m4 += e * e * e * e;
	}
	double s2 = m2 / (double)(n - 1);
	m4 /= (double)n;
	double se_mean = sqrt(var / (double)n);
	double se_var = sqrt((m4 - s2 * s2) / (double)n);
	ck_assert_msg(fabs(xbar - mean) <= NSE * se_mean,
		      "%s: sample mean %.6g, expected %.6g (4 SE = %.3g)", what,
		      xbar, mean, NSE * se_mean);
	ck_assert_msg(fabs(s2 - var) <= NSE * se_var,
		      "%s: sample variance %.6g, expected %.6g (4 SE = %.3g)",
		      what, s2, var, NSE * se_var);
}

/* Pearson's statistic of observed counts against expected counts. */
static double chisq(const size_t *obs, const double *expect, size_t cells)
{
	double x2 = 0.0;
	for (size_t j = 0; j < cells; j++) {
		double dev = (double)obs[j] - expect[j];
		x2 += dev * dev / expect[j];
	}
	return x2;
}

static void check_chisq(double x2, size_t df, const char *what)
{
	double crit = gsl_cdf_chisq_Qinv(GOF_ALPHA, (double)df);
	ck_assert_msg(x2 <= crit, "%s: chi-square %.2f > %.2f (df %zu)", what,
		      x2, crit, df);
}

/* The cdf under test, with its two parameters. */
typedef double cdf_fn(double x, const double *par);

static double cdf_exponential(double x, const double *par)
{
	return gsl_cdf_exponential_P(x, par[0]);   /* par: mean */
}

static double cdf_lognormal(double x, const double *par)
{
	return gsl_cdf_lognormal_P(x, par[0], par[1]);   /* mu, sigma */
}

static double cdf_gamma(double x, const double *par)
{
	return gsl_cdf_gamma_P(x, par[0], par[1]);   /* shape, scale */
}

static double cdf_weibull(double x, const double *par)
{
	return gsl_cdf_weibull_P(x, par[1], par[0]);   /* par: shape, scale */
}

static double cdf_flat(double x, const double *par)
{
	return gsl_cdf_flat_P(x, par[0], par[1]);   /* a, b */
}

/*
 * Chi-square goodness of fit on GOF_BINS equiprobable bins: bin j holds the
 * draws with F(x) in [j/B, (j+1)/B), each with expected count n/B.
 */
static void check_fit(const double *x, size_t n, cdf_fn *cdf, const double *par,
		      const char *what)
{
	size_t obs[GOF_BINS] = { 0 };
	double expect[GOF_BINS];
	for (size_t i = 0; i < n; i++) {
		double u = cdf(x[i], par);
		size_t j = (size_t)(u * GOF_BINS);
		obs[j < GOF_BINS ? j : GOF_BINS - 1]++;
	}
	for (size_t j = 0; j < GOF_BINS; j++)
		expect[j] = (double)n / GOF_BINS;
	check_chisq(chisq(obs, expect, GOF_BINS), GOF_BINS - 1, what);
}

/* ---------------------------------------------------------------- core */

static const double emp_values[] = { 10.0, 20.0, 20.0, 60.0 };
static const double hist_edges[] = { 0.0, 60.0, 120.0, 300.0 };
static const double hist_weights[] = { 1.0, 2.0, 1.0 };

/* One distribution under test, with moments and cdf parameters worked out
 * here from the textbook formulas (not from dist.c). */
struct dcase {
	const char *name;
	struct dist d;
	double mean, var;
	cdf_fn *cdf;        /* NULL: fit checked elsewhere */
	double par[2];
};

#define NCASES 12

static void make_case(int i, struct dcase *c)
{
	int rc = STATUS_EINVAL;
	memset(c, 0, sizeof *c);
	switch (i) {
	case 0:
		c->name = "exponential(mean 180)";
		rc = dist_exponential(&c->d, 180.0);
		c->mean = 180.0;
		c->var = 32400.0;
		c->cdf = cdf_exponential;
		c->par[0] = 180.0;
		break;
	case 1: {
		/* sd = 0.8 * 240 = 192; ln X ~ N(mu, s^2), s^2 = ln 1.64 */
		c->name = "lognormal(mean 240, cv 0.8)";
		rc = dist_lognormal_mean_cv(&c->d, 240.0, 0.8);
		c->mean = 240.0;
		c->var = 192.0 * 192.0;
		c->cdf = cdf_lognormal;
		c->par[1] = sqrt(log(1.64));
		c->par[0] = log(240.0) - log(1.64) / 2.0;
		break;
	}
	case 2:
		c->name = "lognormal(mu 5, sigma 0.5)";
		rc = dist_lognormal_mu_sigma(&c->d, 5.0, 0.5);
		c->mean = exp(5.125);
		c->var = (exp(0.25) - 1.0) * exp(10.25);
		c->cdf = cdf_lognormal;
		c->par[0] = 5.0;
		c->par[1] = 0.5;
		break;
	case 3:
		/* cv 0.5: shape 4, scale 60 */
		c->name = "gamma(mean 240, cv 0.5)";
		rc = dist_gamma_mean_cv(&c->d, 240.0, 0.5);
		c->mean = 240.0;
		c->var = 120.0 * 120.0;
		c->cdf = cdf_gamma;
		c->par[0] = 4.0;
		c->par[1] = 60.0;
		break;
	case 4:
		/* shape < 1 takes another branch of GSL's sampler */
		c->name = "gamma(shape 0.7, scale 100)";
		rc = dist_gamma_shape_scale(&c->d, 0.7, 100.0);
		c->mean = 70.0;
		c->var = 7000.0;
		c->cdf = cdf_gamma;
		c->par[0] = 0.7;
		c->par[1] = 100.0;
		break;
	case 5:
		/* 3 phases of mean 100: variance 3 * 100^2 */
		c->name = "erlang(k 3, mean 300)";
		rc = dist_erlang(&c->d, 3, 300.0);
		c->mean = 300.0;
		c->var = 30000.0;
		c->cdf = cdf_gamma;
		c->par[0] = 3.0;
		c->par[1] = 100.0;
		break;
	case 6:
		/* Rayleigh: G(3/2) = sqrt(pi)/2, G(2) = 1 */
		c->name = "weibull(shape 2, scale 100)";
		rc = dist_weibull(&c->d, 2.0, 100.0);
		c->mean = 50.0 * sqrt(M_PI);
		c->var = 10000.0 * (1.0 - M_PI / 4.0);
		c->cdf = cdf_weibull;
		c->par[0] = 2.0;
		c->par[1] = 100.0;
		break;
	case 7: {
		double g1 = tgamma(1.0 + 1.0 / 0.8), g2 = tgamma(1.0 + 2.0 / 0.8);
		c->name = "weibull(shape 0.8, scale 150)";
		rc = dist_weibull(&c->d, 0.8, 150.0);
		c->mean = 150.0 * g1;
		c->var = 150.0 * 150.0 * (g2 - g1 * g1);
		c->cdf = cdf_weibull;
		c->par[0] = 0.8;
		c->par[1] = 150.0;
		break;
	}
	case 8:
		c->name = "uniform(30, 90)";
		rc = dist_uniform(&c->d, 30.0, 90.0);
		c->mean = 60.0;
		c->var = 60.0 * 60.0 / 12.0;
		c->cdf = cdf_flat;
		c->par[0] = 30.0;
		c->par[1] = 90.0;
		break;
	case 9:
		/* deviations -17.5, -7.5, -7.5, 32.5: sum of squares 1475 */
		c->name = "empirical(10, 20, 20, 60)";
		rc = dist_empirical(&c->d, emp_values, 4);
		c->mean = 27.5;
		c->var = 1475.0 / 4.0;
		break;
	case 10:
		/* p = 1/4, 1/2, 1/4; E X = 7.5 + 45 + 52.5 = 105;
		 * E X^2 = (1200 + 2 * 8400 + 46800) / 4 = 16200 */
		c->name = "histogram(0|60|120|300; 1, 2, 1)";
		rc = dist_histogram(&c->d, hist_edges, hist_weights, 3);
		c->mean = 105.0;
		c->var = 16200.0 - 105.0 * 105.0;
		break;
	case 11:
		c->name = "deterministic(42.5)";
		rc = dist_deterministic(&c->d, 42.5);
		c->mean = 42.5;
		c->var = 0.0;
		break;
	}
	ck_assert_msg(rc == STATUS_OK, "case %d: constructor failed (%d)", i, rc);
}

/* Closed forms, sample moments and (where a cdf is given) the fit. */
START_TEST(test_moments_and_fit)
{
	struct dcase c;
	make_case(_i, &c);
	if (c.var == 0.0) {   /* deterministic: see test_deterministic */
		dist_destroy(&c.d);
		return;
	}
	assert_rel(dist_mean(&c.d), c.mean, REL_EXACT, c.name);
	assert_rel(dist_variance(&c.d), c.var, REL_EXACT, c.name);

	double *x = draw(&c.d, NDRAWS);
	check_moments(x, NDRAWS, c.mean, c.var, c.name);
	check_moments(x, NDRAWS, dist_mean(&c.d), dist_variance(&c.d), c.name);
	if (c.cdf)
		check_fit(x, NDRAWS, c.cdf, c.par, c.name);
	free(x);
	dist_destroy(&c.d);
}
END_TEST

START_TEST(test_kinds)
{
	static const enum dist_kind want[NCASES] = {
		DIST_EXPONENTIAL, DIST_LOGNORMAL, DIST_LOGNORMAL, DIST_GAMMA,
		DIST_GAMMA, DIST_ERLANG, DIST_WEIBULL, DIST_WEIBULL,
		DIST_UNIFORM, DIST_EMPIRICAL, DIST_HISTOGRAM, DIST_DETERMINISTIC
	};
	for (int i = 0; i < NCASES; i++) {
		struct dcase c;
		make_case(i, &c);
		ck_assert_int_eq(c.d.kind, want[i]);
		dist_destroy(&c.d);
	}
}
END_TEST

START_TEST(test_empirical_frequencies)
{
	struct dist d;
	ck_assert_int_eq(dist_empirical(&d, emp_values, 4), STATUS_OK);
	double *x = draw(&d, NDRAWS);
	size_t obs[3] = { 0 };
	for (size_t i = 0; i < NDRAWS; i++) {
		if (x[i] == 10.0)
			obs[0]++;
		else if (x[i] == 20.0)
			obs[1]++;
		else if (x[i] == 60.0)
			obs[2]++;
		else
			ck_abort_msg("draw %zu is %g, not a listed value", i,
				     x[i]);
	}
	/* 20 is listed twice: probability 1/2 */
	double expect[3] = { NDRAWS / 4.0, NDRAWS / 2.0, NDRAWS / 4.0 };
	check_chisq(chisq(obs, expect, 3), 2, "empirical frequencies");
	free(x);
	dist_destroy(&d);
}
END_TEST

/* Mass per bin, then uniformity inside each bin (10 equal sub-bins). */
START_TEST(test_histogram_bins)
{
	enum { NB = 3, SUB = 10 };
	const double p[NB] = { 0.25, 0.5, 0.25 };
	struct dist d;
	ck_assert_int_eq(dist_histogram(&d, hist_edges, hist_weights, NB),
			 STATUS_OK);
	double *x = draw(&d, NDRAWS);
	size_t mass[NB] = { 0 }, cell[NB * SUB] = { 0 };
	double emass[NB], ecell[NB * SUB];
	for (size_t i = 0; i < NDRAWS; i++) {
		REQUIRE(x[i] >= hist_edges[0] && x[i] < hist_edges[NB],
			"draw %zu = %g outside the edges", i, x[i]);
		size_t b = 0;
		while (x[i] >= hist_edges[b + 1])
			b++;
		double pos = (x[i] - hist_edges[b]) /
			     (hist_edges[b + 1] - hist_edges[b]);
		size_t s = (size_t)(pos * SUB);
		mass[b]++;
		cell[b * SUB + (s < SUB ? s : SUB - 1)]++;
	}
	for (size_t b = 0; b < NB; b++) {
		emass[b] = NDRAWS * p[b];
		for (size_t s = 0; s < SUB; s++)
			ecell[b * SUB + s] = NDRAWS * p[b] / SUB;
	}
	check_chisq(chisq(mass, emass, NB), NB - 1, "histogram bin mass");
	check_chisq(chisq(cell, ecell, NB * SUB), NB * SUB - 1,
		    "histogram uniformity within bins");
	free(x);
	dist_destroy(&d);
}
END_TEST

START_TEST(test_deterministic)
{
	struct dist d;
	ck_assert_int_eq(dist_deterministic(&d, 42.5), STATUS_OK);
	ck_assert(dist_mean(&d) == 42.5);
	ck_assert(dist_variance(&d) == 0.0);
	gsl_rng *r = rng_new();
	for (int i = 0; i < 1000; i++)
		REQUIRE(dist_sample(&d, r) == 42.5, "draw %d not 42.5", i);
	gsl_rng_free(r);
	dist_destroy(&d);
}
END_TEST

/* The copy is deep (the original is destroyed before the copy is used) and
 * draws the same sequence from the same seed. */
START_TEST(test_copy_same_sequence)
{
	enum { N = 2000 };
	double from_orig[N];
	struct dcase c;
	struct dist copy;
	make_case(_i, &c);
	ck_assert_int_eq(dist_copy(&copy, &c.d), STATUS_OK);
	ck_assert_int_eq(copy.kind, c.d.kind);
	ck_assert(dist_mean(&copy) == dist_mean(&c.d));
	ck_assert(dist_variance(&copy) == dist_variance(&c.d));
	if (c.d.values)
		ck_assert_ptr_ne(copy.values, c.d.values);
	if (c.d.table)
		ck_assert_ptr_ne(copy.table, c.d.table);

	gsl_rng *r = rng_new();
	for (int i = 0; i < N; i++)
		from_orig[i] = dist_sample(&c.d, r);
	dist_destroy(&c.d);
	gsl_rng_set(r, SEED);
	for (int i = 0; i < N; i++)
		REQUIRE(dist_sample(&copy, r) == from_orig[i],
			"%s: copy differs at draw %d", c.name, i);
	gsl_rng_free(r);
	dist_destroy(&copy);
}
END_TEST

/* The constructors copy their arrays: scribbling on the caller's arrays
 * afterwards changes nothing. */
START_TEST(test_arrays_copied)
{
	double v[] = { 5.0, 7.0 };
	double e[] = { 0.0, 1.0, 2.0 }, w[] = { 1.0, 1.0 };
	struct dist de, dh;
	ck_assert_int_eq(dist_empirical(&de, v, 2), STATUS_OK);
	ck_assert_int_eq(dist_histogram(&dh, e, w, 2), STATUS_OK);
	v[0] = v[1] = 1e9;
	e[1] = 1e9;
	e[2] = 2e9;
	w[0] = 0.0;
	gsl_rng *r = rng_new();
	for (int i = 0; i < 1000; i++) {
		double x = dist_sample(&de, r);
		REQUIRE(x == 5.0 || x == 7.0, "empirical drew %g", x);
		x = dist_sample(&dh, r);
		REQUIRE(x >= 0.0 && x < 2.0, "histogram drew %g", x);
	}
	ck_assert(dist_mean(&de) == 6.0);
	ck_assert(dist_mean(&dh) == 1.0);
	gsl_rng_free(r);
	dist_destroy(&de);
	dist_destroy(&dh);
}
END_TEST

START_TEST(test_kind_names)
{
	static const char *const names[] = {
		"exponential", "lognormal", "gamma", "erlang", "weibull",
		"deterministic", "uniform", "empirical", "histogram"
	};
	static const enum dist_kind kinds[] = {
		DIST_EXPONENTIAL, DIST_LOGNORMAL, DIST_GAMMA, DIST_ERLANG,
		DIST_WEIBULL, DIST_DETERMINISTIC, DIST_UNIFORM, DIST_EMPIRICAL,
		DIST_HISTOGRAM
	};
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		enum dist_kind k = DIST_HISTOGRAM;
		ck_assert_str_eq(dist_kind_name(kinds[i]), names[i]);
		ck_assert_int_eq(dist_kind_parse(names[i], &k), STATUS_OK);
		ck_assert_int_eq(k, kinds[i]);
	}
}
END_TEST

/* -------------------------------------------------------------- limits */

START_TEST(test_shape_one)
{
	/* Weibull and gamma with shape 1, Erlang with one phase: exponential */
	struct dist d;
	ck_assert_int_eq(dist_weibull(&d, 1.0, 200.0), STATUS_OK);
	assert_rel(dist_mean(&d), 200.0, REL_EXACT, "weibull(1, 200) mean");
	assert_rel(dist_variance(&d), 40000.0, REL_EXACT, "weibull(1, 200) var");
	ck_assert_int_eq(dist_erlang(&d, 1, 50.0), STATUS_OK);
	assert_rel(dist_mean(&d), 50.0, REL_EXACT, "erlang(1, 50) mean");
	assert_rel(dist_variance(&d), 2500.0, REL_EXACT, "erlang(1, 50) var");
	ck_assert_int_eq(dist_gamma_mean_cv(&d, 50.0, 1.0), STATUS_OK);
	assert_rel(dist_mean(&d), 50.0, REL_EXACT, "gamma(50, cv 1) mean");
	assert_rel(dist_variance(&d), 2500.0, REL_EXACT, "gamma(50, cv 1) var");
	dist_destroy(&d);
}
END_TEST

/* Tiny Weibull shapes: G(1 + 2/k) is far beyond a double.  The moments must
 * come back finite where they fit, +INFINITY where they do not, never NaN,
 * and without tripping GSL's (aborting) error handler. */
START_TEST(test_weibull_tiny_shape)
{
	struct dist d;
	/* k = 0.01: mean G(101) = 100!, variance overflows */
	ck_assert_int_eq(dist_weibull(&d, 0.01, 1.0), STATUS_OK);
	assert_rel(dist_mean(&d), tgamma(101.0), 1e-12, "weibull(0.01) mean");
	ck_assert(isinf(dist_variance(&d)) && dist_variance(&d) > 0);

	/* k = 0.005, l = 1e-300: G(201) ~ 7.9e374 and G(401) ~ 6.4e866 are
	 * out of range, yet the moments fit: libm's lgamma gives them */
	ck_assert_int_eq(dist_weibull(&d, 0.005, 1e-300), STATUS_OK);
	double lg1 = lgamma(201.0), lg2 = lgamma(401.0), ll = log(1e-300);
	double mean = exp(ll + lg1);
	double var = exp(2.0 * ll + lg2) * (1.0 - exp(2.0 * lg1 - lg2));
	assert_rel(dist_mean(&d), mean, 1e-10, "weibull(0.005, 1e-300) mean");
	assert_rel(dist_variance(&d), var, 1e-10, "weibull(0.005, 1e-300) var");

	ck_assert_int_eq(dist_weibull(&d, 1e-3, 1.0), STATUS_OK);
	ck_assert(isinf(dist_mean(&d)) && isinf(dist_variance(&d)));
	ck_assert_int_eq(dist_weibull(&d, DBL_TRUE_MIN, 1.0), STATUS_OK);
	ck_assert(isinf(dist_mean(&d)) && isinf(dist_variance(&d)));
	dist_destroy(&d);
}
END_TEST

START_TEST(test_lognormal_overflow)
{
	/* sigma 30: mean exp(450) fits, variance exp(900)^2 does not */
	struct dist d;
	ck_assert_int_eq(dist_lognormal_mu_sigma(&d, 0.0, 30.0), STATUS_OK);
	assert_rel(dist_mean(&d), exp(450.0), 1e-12, "lognormal(0, 30) mean");
	ck_assert(isinf(dist_variance(&d)));
	dist_destroy(&d);
}
END_TEST

/* cv so small (or large) that the derived parameters leave the doubles:
 * rejected rather than stored as 0 or infinity. */
START_TEST(test_extreme_cv)
{
	struct dist d;
	ck_assert_int_eq(dist_gamma_mean_cv(&d, 100.0, 1e-3), STATUS_OK);
	assert_rel(dist_variance(&d), 0.01, 1e-12, "gamma cv 1e-3 var");
	ck_assert_int_eq(dist_gamma_mean_cv(&d, 100.0, 1e-200), STATUS_EINVAL);
	ck_assert_int_eq(dist_gamma_mean_cv(&d, 100.0, 1e200), STATUS_EINVAL);
	ck_assert_int_eq(dist_lognormal_mean_cv(&d, 100.0, 1e-150), STATUS_OK);
	assert_rel(dist_mean(&d), 100.0, 1e-12, "lognormal cv 1e-150 mean");
	ck_assert_int_eq(dist_lognormal_mean_cv(&d, 100.0, 1e-170), STATUS_EINVAL);
	ck_assert_int_eq(dist_lognormal_mean_cv(&d, 100.0, 1e200), STATUS_EINVAL);
	dist_destroy(&d);
}
END_TEST

START_TEST(test_single_values)
{
	const double v = 7.0, big[] = { DBL_MAX, DBL_MAX };
	struct dist d;
	gsl_rng *r = rng_new();

	ck_assert_int_eq(dist_empirical(&d, &v, 1), STATUS_OK);
	for (int i = 0; i < 100; i++)
		REQUIRE(dist_sample(&d, r) == 7.0, "draw %d not 7", i);
	ck_assert(dist_mean(&d) == 7.0 && dist_variance(&d) == 0.0);
	dist_destroy(&d);

	/* values near DBL_MAX: the mean must not overflow */
	ck_assert_int_eq(dist_empirical(&d, big, 2), STATUS_OK);
	ck_assert(dist_mean(&d) == DBL_MAX && dist_variance(&d) == 0.0);
	dist_destroy(&d);

	ck_assert_int_eq(dist_deterministic(&d, 0.0), STATUS_OK);
	ck_assert(dist_sample(&d, r) == 0.0);
	dist_destroy(&d);

	ck_assert_int_eq(dist_uniform(&d, 0.0, 1e-9), STATUS_OK);
	for (int i = 0; i < 100; i++) {
		double x = dist_sample(&d, r);
		REQUIRE(x >= 0.0 && x < 1e-9, "uniform drew %g", x);
	}
	dist_destroy(&d);
	gsl_rng_free(r);
}
END_TEST

START_TEST(test_histogram_limits)
{
	struct dist d;
	gsl_rng *r = rng_new();

	/* one bin: uniform on it */
	const double e1[] = { 5.0, 15.0 }, w1[] = { 3.0 };
	ck_assert_int_eq(dist_histogram(&d, e1, w1, 1), STATUS_OK);
	assert_rel(dist_mean(&d), 10.0, REL_EXACT, "one-bin mean");
	assert_rel(dist_variance(&d), 100.0 / 12.0, REL_EXACT, "one-bin var");
	for (int i = 0; i < 1000; i++) {
		double x = dist_sample(&d, r);
		REQUIRE(x >= 5.0 && x < 15.0, "one-bin drew %g", x);
	}
	dist_destroy(&d);

	/* a zero-weight bin is never drawn; mass 1/2 at centres 5 and 25:
	 * variance 10^2 + 10^2/12 */
	const double e3[] = { 0.0, 10.0, 20.0, 30.0 }, w3[] = { 1.0, 0.0, 1.0 };
	ck_assert_int_eq(dist_histogram(&d, e3, w3, 3), STATUS_OK);
	assert_rel(dist_mean(&d), 15.0, REL_EXACT, "gap mean");
	assert_rel(dist_variance(&d), 100.0 + 100.0 / 12.0, REL_EXACT, "gap var");
	for (int i = 0; i < 10000; i++) {
		double x = dist_sample(&d, r);
		REQUIRE(x < 10.0 || x >= 20.0, "drew %g from an empty bin", x);
	}
	dist_destroy(&d);

	/* weights whose sum overflows a double are still valid */
	const double wbig[] = { DBL_MAX, DBL_MAX };
	ck_assert_int_eq(dist_histogram(&d, e3, wbig, 2), STATUS_OK);
	assert_rel(dist_mean(&d), 10.0, REL_EXACT, "huge-weight mean");
	dist_destroy(&d);
	gsl_rng_free(r);
}
END_TEST

/* More values than the generator has outputs (gsl_rng_uni: 32767): the
 * index must stay in range. */
START_TEST(test_empirical_short_generator)
{
	enum { N = 40000 };
	double *v = malloc(N * sizeof *v);
	ck_assert_ptr_nonnull(v);
	for (size_t i = 0; i < N; i++)
		v[i] = (double)i;
	struct dist d;
	ck_assert_int_eq(dist_empirical(&d, v, N), STATUS_OK);
	gsl_rng *r = gsl_rng_alloc(gsl_rng_uni);
	ck_assert_ptr_nonnull(r);
	gsl_rng_set(r, SEED);
	double s = 0.0;
	for (int i = 0; i < 10000; i++) {
		double x = dist_sample(&d, r);
		REQUIRE(x >= 0.0 && x < N, "drew %g", x);
		s += x;
	}
	/* mean (N-1)/2, sd N/sqrt(12): 4 SE of 10,000 draws is ~460 */
	ck_assert(fabs(s / 10000.0 - (N - 1) / 2.0) < 4.0 * N / sqrt(12.0 * 10000.0));
	gsl_rng_free(r);
	dist_destroy(&d);
	free(v);
}
END_TEST

START_TEST(test_destroy_twice)
{
	struct dist d = { 0 };
	dist_destroy(&d);           /* zeroed */
	dist_destroy(NULL);
	ck_assert_int_eq(dist_histogram(&d, hist_edges, hist_weights, 3),
			 STATUS_OK);
	dist_destroy(&d);
	ck_assert_ptr_null(d.values);
	ck_assert_ptr_null(d.table);
	dist_destroy(&d);           /* again */

	struct dist copy;
	ck_assert_int_eq(dist_copy(&copy, &d), STATUS_OK);   /* of a zeroed one */
	dist_destroy(&copy);
	ck_assert_int_eq(dist_exponential(&d, 1.0), STATUS_OK);
	ck_assert_int_eq(dist_copy(&d, &d), STATUS_OK);     /* onto itself */
	ck_assert(dist_mean(&d) == 1.0);
	dist_destroy(&d);
}
END_TEST

/* -------------------------------------------------------------- errors */

/* Fills d with garbage, so that a constructor that fails without zeroing
 * it would make dist_destroy free a wild pointer. */
#define EXPECT_EINVAL(call)                                                   \
	do {                                                                  \
		memset(&d, 0xA5, sizeof d);                                   \
		int rc_ = (call);                                             \
		ck_assert_msg(rc_ == STATUS_EINVAL, "%s returned %d", #call, rc_); \
		ck_assert_ptr_null(d.values);                                 \
		ck_assert_ptr_null(d.table);                                  \
		dist_destroy(&d);                                             \
	} while (0)

/* Not a positive, finite duration, scale, shape or cv. */
static const double not_positive[] = { 0.0, -0.0, -1.0, -DBL_MIN, NAN,
				       INFINITY, -INFINITY };
#define NNP (sizeof not_positive / sizeof not_positive[0])

START_TEST(test_parametric_errors)
{
	struct dist d;
	for (size_t i = 0; i < NNP; i++) {
		double x = not_positive[i];
		EXPECT_EINVAL(dist_exponential(&d, x));
		EXPECT_EINVAL(dist_lognormal_mean_cv(&d, x, 0.5));
		EXPECT_EINVAL(dist_lognormal_mean_cv(&d, 100.0, x));
		EXPECT_EINVAL(dist_lognormal_mu_sigma(&d, 4.0, x));
		EXPECT_EINVAL(dist_gamma_mean_cv(&d, x, 0.5));
		EXPECT_EINVAL(dist_gamma_mean_cv(&d, 100.0, x));
		EXPECT_EINVAL(dist_gamma_shape_scale(&d, x, 10.0));
		EXPECT_EINVAL(dist_gamma_shape_scale(&d, 2.0, x));
		EXPECT_EINVAL(dist_erlang(&d, 2, x));
		EXPECT_EINVAL(dist_weibull(&d, x, 10.0));
		EXPECT_EINVAL(dist_weibull(&d, 2.0, x));
	}
	/* mu may be any finite number, but must be finite */
	EXPECT_EINVAL(dist_lognormal_mu_sigma(&d, NAN, 1.0));
	EXPECT_EINVAL(dist_lognormal_mu_sigma(&d, INFINITY, 1.0));
	EXPECT_EINVAL(dist_lognormal_mu_sigma(&d, -INFINITY, 1.0));
	EXPECT_EINVAL(dist_erlang(&d, 0, 100.0));
	/* a subnormal mean split into many phases underflows to a zero scale */
	EXPECT_EINVAL(dist_erlang(&d, 1000000u, DBL_TRUE_MIN));
}
END_TEST

START_TEST(test_deterministic_uniform_errors)
{
	struct dist d;
	EXPECT_EINVAL(dist_deterministic(&d, -1.0));
	EXPECT_EINVAL(dist_deterministic(&d, -DBL_MIN));
	EXPECT_EINVAL(dist_deterministic(&d, NAN));
	EXPECT_EINVAL(dist_deterministic(&d, INFINITY));
	EXPECT_EINVAL(dist_deterministic(&d, -INFINITY));

	EXPECT_EINVAL(dist_uniform(&d, -1.0, 5.0));    /* a < 0 */
	EXPECT_EINVAL(dist_uniform(&d, 5.0, 5.0));     /* a == b */
	EXPECT_EINVAL(dist_uniform(&d, 6.0, 5.0));     /* a > b */
	EXPECT_EINVAL(dist_uniform(&d, NAN, 5.0));
	EXPECT_EINVAL(dist_uniform(&d, 0.0, NAN));
	EXPECT_EINVAL(dist_uniform(&d, 0.0, INFINITY));
	EXPECT_EINVAL(dist_uniform(&d, INFINITY, INFINITY));
	EXPECT_EINVAL(dist_uniform(&d, -INFINITY, 0.0));
}
END_TEST

START_TEST(test_empirical_errors)
{
	struct dist d;
	const double ok[] = { 1.0, 2.0, 3.0 };
	const double v_neg[] = { 1.0, -2.0, 3.0 }, v_nan[] = { 1.0, NAN, 3.0 },
		     v_inf[] = { 1.0, 2.0, INFINITY };
	EXPECT_EINVAL(dist_empirical(&d, ok, 0));      /* empty list */
	EXPECT_EINVAL(dist_empirical(&d, NULL, 3));
	EXPECT_EINVAL(dist_empirical(&d, v_neg, 3));
	EXPECT_EINVAL(dist_empirical(&d, v_nan, 3));
	EXPECT_EINVAL(dist_empirical(&d, v_inf, 3));
}
END_TEST

START_TEST(test_histogram_errors)
{
	struct dist d;
	const double e[] = { 0.0, 10.0, 20.0, 30.0 }, w[] = { 1.0, 2.0, 1.0 };
	const double e_eq[] = { 0.0, 10.0, 10.0, 30.0 };
	const double e_dec[] = { 0.0, 20.0, 10.0, 30.0 };
	const double e_neg[] = { -5.0, 10.0, 20.0, 30.0 };
	const double e_nan[] = { 0.0, NAN, 20.0, 30.0 };
	const double e_nan0[] = { NAN, 10.0, 20.0, 30.0 };
	const double e_inf[] = { 0.0, 10.0, 20.0, INFINITY };
	const double w_neg[] = { 1.0, -1.0, 1.0 }, w_nan[] = { 1.0, NAN, 1.0 },
		     w_inf[] = { 1.0, INFINITY, 1.0 }, w_zero[] = { 0.0, 0.0, 0.0 };

	EXPECT_EINVAL(dist_histogram(&d, e, w, 0));   /* no bins */
	EXPECT_EINVAL(dist_histogram(&d, NULL, w, 3));
	EXPECT_EINVAL(dist_histogram(&d, e, NULL, 3));
	EXPECT_EINVAL(dist_histogram(&d, e_eq, w, 3));   /* non-increasing */
	EXPECT_EINVAL(dist_histogram(&d, e_dec, w, 3));
	EXPECT_EINVAL(dist_histogram(&d, e_neg, w, 3));
	EXPECT_EINVAL(dist_histogram(&d, e_nan, w, 3));
	EXPECT_EINVAL(dist_histogram(&d, e_nan0, w, 3));
	EXPECT_EINVAL(dist_histogram(&d, e_inf, w, 3));
	EXPECT_EINVAL(dist_histogram(&d, e, w_neg, 3));
	EXPECT_EINVAL(dist_histogram(&d, e, w_nan, 3));
	EXPECT_EINVAL(dist_histogram(&d, e, w_inf, 3));
	EXPECT_EINVAL(dist_histogram(&d, e, w_zero, 3));   /* zero sum */
}
END_TEST

START_TEST(test_null_arguments)
{
	struct dist d = { 0 };
	ck_assert_int_eq(dist_exponential(NULL, 1.0), STATUS_EINVAL);
	ck_assert_int_eq(dist_uniform(NULL, 0.0, 1.0), STATUS_EINVAL);
	ck_assert_int_eq(dist_empirical(NULL, hist_edges, 2), STATUS_EINVAL);
	ck_assert_int_eq(dist_histogram(NULL, hist_edges, hist_weights, 3),
			 STATUS_EINVAL);
	ck_assert_int_eq(dist_copy(NULL, &d), STATUS_EINVAL);
	ck_assert_int_eq(dist_copy(&d, NULL), STATUS_EINVAL);
}
END_TEST

START_TEST(test_kind_parse_errors)
{
	static const char *const bad[] = {
		"normal", "", "exponentia", "exponential ", "erlang2", "hist"
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		enum dist_kind k = DIST_WEIBULL;
		ck_assert_int_eq(dist_kind_parse(bad[i], &k), STATUS_EINVAL);
		ck_assert_int_eq(k, DIST_WEIBULL);   /* untouched */
	}
	enum dist_kind k;
	ck_assert_int_eq(dist_kind_parse(NULL, &k), STATUS_EINVAL);
	ck_assert_int_eq(dist_kind_parse("gamma", NULL), STATUS_EINVAL);
	ck_assert_str_eq(dist_kind_name((enum dist_kind)99), "unknown");
}
END_TEST

/* X given X > w by tail inversion against rejection (draw X until it
 * exceeds w: an independent, exact method): 100,000 draws each, w = 60 s;
 * every draw exceeds w, and the two conditional means agree within 5
 * standard errors of their difference.  Deterministic and w = 0 by hand. */
START_TEST(test_sample_above)
{
	struct dist d[5];
	memset(d, 0, sizeof d);
	ck_assert_int_eq(dist_exponential(&d[0], 120.0), STATUS_OK);
	ck_assert_int_eq(dist_weibull(&d[1], 0.7, 100.0), STATUS_OK);
	ck_assert_int_eq(dist_lognormal_mean_cv(&d[2], 100.0, 1.5), STATUS_OK);
	ck_assert_int_eq(dist_gamma_mean_cv(&d[3], 100.0, 0.7), STATUS_OK);
	ck_assert_int_eq(dist_uniform(&d[4], 0.0, 300.0), STATUS_OK);
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(r, 2024);
	const double w = 60.0;
	enum { N = 100000 };
	for (int i = 0; i < 5; i++) {
		double s1 = 0, q1 = 0, s2 = 0, q2 = 0;
		for (int j = 0; j < N; j++) {
			double x = dist_sample_above(&d[i], w, r);
			ck_assert(x > w);
			s1 += x;
			q1 += x * x;
			double y;
			do
				y = dist_sample(&d[i], r);
			while (!(y > w));
			s2 += y;
			q2 += y * y;
		}
		double m1 = s1 / N, m2 = s2 / N;
		double v1 = q1 / N - m1 * m1, v2 = q2 / N - m2 * m2;
		double se = sqrt((v1 + v2) / N);
		ck_assert_msg(fabs(m1 - m2) < 5 * se, "%s: mean above %g: %g by inversion, "
			      "%g by rejection (se %g)", dist_kind_name(d[i].kind), w, m1, m2, se);
		dist_destroy(&d[i]);
	}
	struct dist c;
	memset(&c, 0, sizeof c);
	ck_assert_int_eq(dist_deterministic(&c, 90.0), STATUS_OK);
	ck_assert(dist_sample_above(&c, w, r) == 90.0);
	ck_assert(dist_sample_above(&c, 120.0, r) == 120.0); /* no mass above */
	ck_assert(dist_sample_above(&c, 0.0, r) == 90.0);
	dist_destroy(&c);
	gsl_rng_free(r);
}
END_TEST

Suite *dist_suite(void);

Suite *dist_suite(void)
{
	Suite *s = suite_create("dist");

	TCase *tc = tcase_create("core");
	tcase_add_loop_test(tc, test_moments_and_fit, 0, NCASES);
	tcase_add_test(tc, test_kinds);
	tcase_add_test(tc, test_empirical_frequencies);
	tcase_add_test(tc, test_histogram_bins);
	tcase_add_test(tc, test_deterministic);
	tcase_add_loop_test(tc, test_copy_same_sequence, 0, NCASES);
	tcase_add_test(tc, test_arrays_copied);
	tcase_add_test(tc, test_kind_names);
	tcase_add_test(tc, test_sample_above);
	suite_add_tcase(s, tc);

	tc = tcase_create("limits");
	tcase_add_test(tc, test_shape_one);
	tcase_add_test(tc, test_weibull_tiny_shape);
	tcase_add_test(tc, test_lognormal_overflow);
	tcase_add_test(tc, test_extreme_cv);
	tcase_add_test(tc, test_single_values);
	tcase_add_test(tc, test_histogram_limits);
	tcase_add_test(tc, test_empirical_short_generator);
	tcase_add_test(tc, test_destroy_twice);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_test(tc, test_parametric_errors);
	tcase_add_test(tc, test_deterministic_uniform_errors);
	tcase_add_test(tc, test_empirical_errors);
	tcase_add_test(tc, test_histogram_errors);
	tcase_add_test(tc, test_null_arguments);
	tcase_add_test(tc, test_kind_parse_errors);
	suite_add_tcase(s, tc);

	return s;
}
