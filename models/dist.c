/*
 * dist.c: probability distributions of durations (seconds).
 *
 * Handle times, after-call work and caller patience are drawn from these.
 * Sampling uses GSL's generators with an explicit gsl_rng and never
 * allocates; means and variances are closed forms:
 *
 *   exponential(m)        E = m,              Var = m^2
 *   lognormal(mu, s)      E = exp(mu + s^2/2),
 *                         Var = (exp(s^2) - 1) exp(2 mu + s^2)
 *   gamma(k, th)          E = k th,           Var = k th^2   (erlang: k integer)
 *   weibull(k, l)         E = l G(1 + 1/k),
 *                         Var = l^2 (G(1 + 2/k) - G(1 + 1/k)^2)
 *   deterministic(v)      E = v,              Var = 0
 *   uniform(a, b)         E = (a + b)/2,      Var = (b - a)^2 / 12
 *   empirical(v_1..v_n)   E = mean of v_i,    Var = (1/n) sum (v_i - E)^2
 *   histogram             E = sum p_i c_i,
 *                         Var = sum p_i ((c_i - E)^2 + w_i^2/12)
 *                         (bin i: probability p_i, centre c_i, width w_i; the
 *                         law of total variance over "which bin", then
 *                         uniform within the bin)
 *
 * G is the gamma function.  Where a moment exceeds the range of a double
 * (a Weibull with a tiny shape, a lognormal with a huge sigma) it is
 * returned as +INFINITY, never NaN.
 *
 * What struct dist's fields hold, per kind:
 *
 *   kind            a                 b                 n, values, table
 *   exponential     mean              -                 -
 *   lognormal       mu (of ln X)      sigma (of ln X)   -
 *   gamma           shape k           scale theta       -
 *   erlang          shape k (integer) scale mean / k    -
 *   weibull         shape k           scale lambda      -
 *   deterministic   value             -                 -
 *   uniform         lower a           upper b           -
 *   empirical       -                 -                 n values, values[0..n-1]
 *   histogram       -                 -                 n bins; values[0..n] are the
 *                                                       edges, values[n+1..2n] the bin
 *                                                       probabilities (normalised
 *                                                       weights); table draws the bin
 *
 * Unused fields are zero.  The histogram keeps its normalised weights after
 * the edges so that dist_copy can rebuild a bit-identical alias table (the
 * copy then draws the same sequence as the original) and so that the mean
 * and variance cost O(n) without reading GSL's table internals.
 *
 * Memory: a constructor first zeroes *d (so a failed one leaves nothing to
 * free); it must not be given a struct that still owns arrays.  The caller
 * owns the struct and releases it with dist_destroy.  gsl_ran_discrete_preproc
 * reports a failed allocation through the GSL error handler (which aborts
 * unless the program has replaced it) before returning NULL; only then does
 * STATUS_ENOMEM reach the caller.
 *
 * References: A. M. Law, Simulation Modeling and Analysis (5th ed.), ch. 6
 * and 8; the GSL manual, "Random Number Distributions" and "Gamma and Beta
 * Functions"; A. J. Walker (1977), the alias method behind gsl_ran_discrete.
 */
#include "dist.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sf_gamma.h>

#include "../sim/status.h"

static const char *const kind_names[] = {
	[DIST_EXPONENTIAL] = "exponential",
	[DIST_LOGNORMAL] = "lognormal",
	[DIST_GAMMA] = "gamma",
	[DIST_ERLANG] = "erlang",
	[DIST_WEIBULL] = "weibull",
	[DIST_DETERMINISTIC] = "deterministic",
	[DIST_UNIFORM] = "uniform",
	[DIST_EMPIRICAL] = "empirical",
	[DIST_HISTOGRAM] = "histogram",
};
#define NKINDS (sizeof kind_names / sizeof kind_names[0])

/* A finite, strictly positive number (a mean, a scale, a shape, a cv). */
static int positive(double x)
{
	return isfinite(x) && x > 0.0;
}

/* A finite, non-negative number (a duration that may be zero). */
static int nonnegative(double x)
{
	return isfinite(x) && x >= 0.0;
}

/* The first step of every constructor: *d becomes a zeroed struct of the
 * given kind, which dist_destroy accepts whatever happens next. */
static void reset(struct dist *d, enum dist_kind kind)
{
	*d = (struct dist){ .kind = kind };
}

/* A fresh array of count doubles, NULL when count * sizeof(double)
 * would overflow size_t or malloc fails. */
static double *alloc_doubles(size_t count)
{
	if (count == 0 || count > SIZE_MAX / sizeof(double))
		return NULL;
	return malloc(count * sizeof(double));
}

int dist_exponential(struct dist *d, double mean)
{
	if (!d)
		return STATUS_EINVAL;
	reset(d, DIST_EXPONENTIAL);
	if (!positive(mean))
		return STATUS_EINVAL;
	d->a = mean;
	return STATUS_OK;
}

int dist_lognormal_mu_sigma(struct dist *d, double mu, double sigma)
{
	if (!d)
		return STATUS_EINVAL;
	reset(d, DIST_LOGNORMAL);
	if (!isfinite(mu) || !positive(sigma))
		return STATUS_EINVAL;
	d->a = mu;
	d->b = sigma;
	return STATUS_OK;
}

int dist_lognormal_mean_cv(struct dist *d, double mean, double cv)
{
	if (!d)
		return STATUS_EINVAL;
	reset(d, DIST_LOGNORMAL);
	if (!positive(mean) || !positive(cv))
		return STATUS_EINVAL;
	/* s^2 = ln(1 + c^2), mu = ln m - s^2 / 2.  A cv so extreme that
	 * sigma underflows to 0 or overflows is rejected. */
	double s2 = log1p(cv * cv);
	double sigma = sqrt(s2);
	double mu = log(mean) - s2 / 2.0;
	if (!isfinite(mu) || !positive(sigma))
		return STATUS_EINVAL;
	d->a = mu;
	d->b = sigma;
	return STATUS_OK;
}

int dist_gamma_shape_scale(struct dist *d, double shape, double scale)
{
	if (!d)
		return STATUS_EINVAL;
	reset(d, DIST_GAMMA);
	if (!positive(shape) || !positive(scale))
		return STATUS_EINVAL;
	d->a = shape;
	d->b = scale;
	return STATUS_OK;
}

int dist_gamma_mean_cv(struct dist *d, double mean, double cv)
{
	if (!d)
		return STATUS_EINVAL;
	reset(d, DIST_GAMMA);
	if (!positive(mean) || !positive(cv))
		return STATUS_EINVAL;
	/* k = 1 / c^2, theta = m c^2; reject a cv whose square under- or
	 * overflows (the shape or the scale would not be finite and > 0). */
	double c2 = cv * cv;
	double shape = 1.0 / c2;
	double scale = mean * c2;
	if (!positive(shape) || !positive(scale))
		return STATUS_EINVAL;
	d->a = shape;
	d->b = scale;
	return STATUS_OK;
}

int dist_erlang(struct dist *d, unsigned k, double mean)
{
	if (!d)
		return STATUS_EINVAL;
	reset(d, DIST_ERLANG);
	if (k < 1 || !positive(mean))
		return STATUS_EINVAL;
	double scale = mean / (double)k;
	if (!positive(scale))   /* a subnormal mean over a large k */
		return STATUS_EINVAL;
	d->a = (double)k;
	d->b = scale;
	return STATUS_OK;
}

int dist_weibull(struct dist *d, double shape, double scale)
{
	if (!d)
		return STATUS_EINVAL;
	reset(d, DIST_WEIBULL);
	if (!positive(shape) || !positive(scale))
		return STATUS_EINVAL;
	d->a = shape;
	d->b = scale;
	return STATUS_OK;
}

int dist_deterministic(struct dist *d, double value)
{
	if (!d)
		return STATUS_EINVAL;
	reset(d, DIST_DETERMINISTIC);
	if (!nonnegative(value))
		return STATUS_EINVAL;
	d->a = value;
	return STATUS_OK;
}

int dist_uniform(struct dist *d, double a, double b)
{
	if (!d)
		return STATUS_EINVAL;
	reset(d, DIST_UNIFORM);
	if (!nonnegative(a) || !isfinite(b) || !(a < b))
		return STATUS_EINVAL;
	d->a = a;
	d->b = b;
	return STATUS_OK;
}

int dist_empirical(struct dist *d, const double *values, size_t n)
{
	if (!d)
		return STATUS_EINVAL;
	reset(d, DIST_EMPIRICAL);
	if (n < 1 || !values)
		return STATUS_EINVAL;
	for (size_t i = 0; i < n; i++)
		if (!nonnegative(values[i]))
			return STATUS_EINVAL;
	double *copy = alloc_doubles(n);
	if (!copy)
		return STATUS_ENOMEM;
	memcpy(copy, values, n * sizeof(double));
	d->values = copy;
	d->n = n;
	return STATUS_OK;
}

/* Builds the bin chooser of a histogram whose values array (edges, then
 * n probabilities) is already in place. */
static int histogram_table(struct dist *d)
{
	d->table = gsl_ran_discrete_preproc(d->n, d->values + d->n + 1);
	return d->table ? STATUS_OK : STATUS_ENOMEM;
}

int dist_histogram(struct dist *d, const double *edges, const double *weights,
		   size_t nbins)
{
	if (!d)
		return STATUS_EINVAL;
	reset(d, DIST_HISTOGRAM);
	if (nbins < 1 || !edges || !weights)
		return STATUS_EINVAL;
	if (!nonnegative(edges[0]))
		return STATUS_EINVAL;
	for (size_t i = 1; i <= nbins; i++)
		if (!isfinite(edges[i]) || !(edges[i] > edges[i - 1]))
			return STATUS_EINVAL;
	double wmax = 0.0;
	for (size_t i = 0; i < nbins; i++) {
		if (!nonnegative(weights[i]))
			return STATUS_EINVAL;
		if (weights[i] > wmax)
			wmax = weights[i];
	}
	if (!(wmax > 0.0))
		return STATUS_EINVAL;   /* all weights zero */

	/* 2 nbins + 1 doubles: edges, then probabilities (the count must
	 * not wrap around). */
	if (nbins > (SIZE_MAX / sizeof(double) - 1) / 2)
		return STATUS_ENOMEM;
	double *v = alloc_doubles(2 * nbins + 1);
	if (!v)
		return STATUS_ENOMEM;
	memcpy(v, edges, (nbins + 1) * sizeof(double));
	/* Normalise by the largest weight first, so that the sum cannot
	 * overflow however large the (finite) weights are; the sum is then
	 * in [1, nbins]. */
	double *p = v + nbins + 1, sum = 0.0;
	for (size_t i = 0; i < nbins; i++) {
		p[i] = weights[i] / wmax;
		sum += p[i];
	}
	for (size_t i = 0; i < nbins; i++)
		p[i] /= sum;
	d->values = v;
	d->n = nbins;
	int rc = histogram_table(d);
	if (rc != STATUS_OK)
		dist_destroy(d);
	return rc;
}

void dist_destroy(struct dist *d)
{
	if (!d)
		return;
	free(d->values);
	if (d->table)
		gsl_ran_discrete_free(d->table);
	*d = (struct dist){ 0 };
}

int dist_copy(struct dist *dst, const struct dist *src)
{
	if (!dst || !src)
		return STATUS_EINVAL;
	if (dst == src)
		return STATUS_OK;
	*dst = (struct dist){ .kind = src->kind, .a = src->a, .b = src->b };
	if (!src->values)
		return STATUS_OK;   /* a parametric kind */

	size_t count = src->kind == DIST_HISTOGRAM ? 2 * src->n + 1 : src->n;
	double *v = alloc_doubles(count);
	if (!v)
		return STATUS_ENOMEM;
	memcpy(v, src->values, count * sizeof(double));
	dst->values = v;
	dst->n = src->n;
	if (src->kind == DIST_HISTOGRAM) {
		int rc = histogram_table(dst);
		if (rc != STATUS_OK) {
			dist_destroy(dst);
			return rc;
		}
	}
	return STATUS_OK;
}

/* An index uniform on {0, ..., n - 1}.  gsl_rng_uniform_int is exact but
 * accepts n only up to the generator's range; beyond that (more values than
 * the generator has outputs), scale a uniform on [0, 1). */
static size_t uniform_index(gsl_rng *r, size_t n)
{
	unsigned long range = gsl_rng_max(r) - gsl_rng_min(r);
	if (n - 1 < range)
		return (size_t)gsl_rng_uniform_int(r, (unsigned long)n);
	size_t i = (size_t)(gsl_rng_uniform(r) * (double)n);
	return i < n ? i : n - 1;
}

double dist_sample(const struct dist *d, gsl_rng *r)
{
	switch (d->kind) {
	case DIST_EXPONENTIAL:
		return gsl_ran_exponential(r, d->a);
	case DIST_LOGNORMAL:
		return gsl_ran_lognormal(r, d->a, d->b);
	case DIST_GAMMA:
	case DIST_ERLANG:
		return gsl_ran_gamma(r, d->a, d->b);
	case DIST_WEIBULL:
		/* GSL's order is (scale, shape). */
		return gsl_ran_weibull(r, d->b, d->a);
	case DIST_DETERMINISTIC:
		return d->a;
	case DIST_UNIFORM:
		return gsl_ran_flat(r, d->a, d->b);
	case DIST_EMPIRICAL:
		return d->values[uniform_index(r, d->n)];
	case DIST_HISTOGRAM: {
		size_t i = gsl_ran_discrete(r, d->table);
		return gsl_ran_flat(r, d->values[i], d->values[i + 1]);
	}
	}
	return NAN;   /* not a constructed distribution */
}

/* ln G(x) for x >= 1, and G(x) itself through *g.  Below GSL_SF_GAMMA_XMAX,
 * *g comes from gsl_sf_gamma (more accurate than the exponential of the
 * logarithm).  Above it G(x) overflows a double and gsl_sf_gamma would say
 * so through the GSL error handler, which aborts by default; *g is then
 * +INFINITY and only gsl_sf_lngamma is used (itself +INFINITY for an
 * enormous x). */
static double weibull_gamma(double x, double *g)
{
	if (x < GSL_SF_GAMMA_XMAX) {
		*g = gsl_sf_gamma(x);
		return log(*g);
	}
	*g = INFINITY;
	return gsl_sf_lngamma(x);
}

/* l G(1 + 1/k). */
static double weibull_mean(double k, double l)
{
	double g1, lg1 = weibull_gamma(1.0 + 1.0 / k, &g1);
	if (isfinite(g1))
		return l * g1;
	return exp(log(l) + lg1);   /* a tiny scale may bring it back in range */
}

/* l^2 (G(1 + 2/k) - G(1 + 1/k)^2). */
static double weibull_variance(double k, double l)
{
	double g1, lg1 = weibull_gamma(1.0 + 1.0 / k, &g1);
	double g2, lg2 = weibull_gamma(1.0 + 2.0 / k, &g2);
	if (isfinite(g2))   /* then G1 is finite too */
		return l * (l * (g2 - g1 * g1));
	if (!isfinite(lg2))
		return INFINITY;
	/* l^2 G2 (1 - G1^2 / G2) in logarithms; G1^2 < G2 by log-convexity. */
	return exp(2.0 * log(l) + lg2 + log1p(-exp(2.0 * lg1 - lg2)));
}

/* Mean of the bin centres weighted by the bin probabilities. */
static double histogram_mean(const struct dist *d)
{
	const double *e = d->values, *p = d->values + d->n + 1;
	double m = 0.0;
	for (size_t i = 0; i < d->n; i++)
		m += p[i] * (e[i] / 2.0 + e[i + 1] / 2.0);
	return m;
}

double dist_mean(const struct dist *d)
{
	switch (d->kind) {
	case DIST_EXPONENTIAL:
	case DIST_DETERMINISTIC:
		return d->a;
	case DIST_LOGNORMAL:
		return exp(d->a + d->b * d->b / 2.0);
	case DIST_GAMMA:
	case DIST_ERLANG:
		return d->a * d->b;
	case DIST_WEIBULL:
		return weibull_mean(d->a, d->b);
	case DIST_UNIFORM:
		return d->a / 2.0 + d->b / 2.0;
	case DIST_EMPIRICAL: {
		/* Running mean: no overflow for large values. */
		double m = 0.0;
		for (size_t i = 0; i < d->n; i++)
			m += (d->values[i] - m) / (double)(i + 1);
		return m;
	}
	case DIST_HISTOGRAM:
		return histogram_mean(d);
	}
	return NAN;
}

double dist_variance(const struct dist *d)
{
	switch (d->kind) {
	case DIST_EXPONENTIAL:
		return d->a * d->a;
	case DIST_LOGNORMAL: {
		double s2 = d->b * d->b;
		return expm1(s2) * exp(2.0 * d->a + s2);
	}
	case DIST_GAMMA:
	case DIST_ERLANG:
		return d->a * d->b * d->b;
	case DIST_WEIBULL:
		return weibull_variance(d->a, d->b);
	case DIST_DETERMINISTIC:
		return 0.0;
	case DIST_UNIFORM: {
		double w = d->b - d->a;
		return w * w / 12.0;
	}
	case DIST_EMPIRICAL: {
		/* Two passes: the population variance about the mean. */
		double m = dist_mean(d), s = 0.0;
		for (size_t i = 0; i < d->n; i++) {
			double dev = d->values[i] - m;
			s += dev * dev;
		}
		return s / (double)d->n;
	}
	case DIST_HISTOGRAM: {
		const double *e = d->values, *p = d->values + d->n + 1;
		double m = histogram_mean(d), s = 0.0;
		for (size_t i = 0; i < d->n; i++) {
			double w = e[i + 1] - e[i];
			double dev = (e[i] / 2.0 + e[i + 1] / 2.0) - m;
			s += p[i] * (dev * dev + w * w / 12.0);
		}
		return s;
	}
	}
	return NAN;
}

const char *dist_kind_name(enum dist_kind k)
{
	if ((size_t)k < NKINDS && kind_names[k])
		return kind_names[k];
	return "unknown";
}

int dist_kind_parse(const char *name, enum dist_kind *k)
{
	if (!name || !k)
		return STATUS_EINVAL;
	for (size_t i = 0; i < NKINDS; i++) {
		if (strcmp(name, kind_names[i]) == 0) {
			*k = (enum dist_kind)i;
			return STATUS_OK;
		}
	}
	return STATUS_EINVAL;
}

/* Qinv(u Q(w)) for an upper-tail function and its inverse; w when the
 * tail at w is 0 (or too small to invert). */
static double tail_inverse(double q_w, double u, double (*qinv)(double, double, double),
			   double p1, double p2, double w)
{
	double q = u * q_w;
	if (!(q > 0.0))
		return w;
	double x = qinv(q, p1, p2);
	return isfinite(x) && x > w ? x : w;
}

double dist_sample_above(const struct dist *d, double w, gsl_rng *r)
{
	if (!(w > 0.0))
		return dist_sample(d, r);
	double u = gsl_rng_uniform_pos(r);
	switch (d->kind) {
	case DIST_EXPONENTIAL:
		return w + gsl_ran_exponential(r, d->a);
	case DIST_WEIBULL: {
		double k = d->a, l = d->b;
		return l * pow(pow(w / l, k) - log(u), 1.0 / k);
	}
	case DIST_LOGNORMAL:
		return tail_inverse(gsl_cdf_lognormal_Q(w, d->a, d->b), u,
				    gsl_cdf_lognormal_Qinv, d->a, d->b, w);
	case DIST_GAMMA:
	case DIST_ERLANG:
		return tail_inverse(gsl_cdf_gamma_Q(w, d->a, d->b), u, gsl_cdf_gamma_Qinv,
				    d->a, d->b, w);
	case DIST_UNIFORM:
		return w < d->b ? gsl_ran_flat(r, w > d->a ? w : d->a, d->b) : w;
	case DIST_DETERMINISTIC:
		return d->a > w ? d->a : w;
	case DIST_EMPIRICAL:
	case DIST_HISTOGRAM:
		for (int i = 0; i < 10000; i++) {
			double x = dist_sample(d, r);
			if (x > w)
				return x;
		}
		return w;
	}
	return w;
}
