/*
 * dist.h: probability distributions of durations (seconds).
 *
 * Used for handle times, after-call work and caller patience.  Each
 * distribution can be sampled with an explicit gsl_rng and reports its mean
 * and variance, so a report can show what a scenario implies.
 *
 *   exponential(mean m)          mean m, variance m^2
 *   lognormal(mu, sigma)         ln X ~ N(mu, sigma^2); mean exp(mu + s^2/2),
 *                                variance (exp(s^2) - 1) exp(2 mu + s^2);
 *                                from (mean m, cv c): s^2 = ln(1 + c^2),
 *                                mu = ln m - s^2 / 2
 *   gamma(shape k, scale th)     mean k th, variance k th^2;
 *                                from (mean m, cv c): k = 1/c^2, th = m c^2
 *   erlang(k, mean m)            gamma with integer shape k, scale m / k
 *   weibull(shape k, scale l)    mean l G(1 + 1/k),
 *                                variance l^2 (G(1 + 2/k) - G(1 + 1/k)^2)
 *   deterministic(v)             always v
 *   uniform(a, b)                mean (a + b)/2, variance (b - a)^2 / 12
 *   empirical(v_1..v_n)          each value with probability 1/n
 *   histogram(edges e_0..e_n, weights w_1..w_n)
 *                                bin i chosen with probability w_i / sum w,
 *                                then uniform on [e_{i-1}, e_i)
 * References: Law, Simulation Modeling and Analysis (5th ed.), ch. 6;
 * the GSL manual, "Random Number Distributions".
 */
#ifndef CCSIM_DIST_H
#define CCSIM_DIST_H

#include <stddef.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>

enum dist_kind {
	DIST_EXPONENTIAL,
	DIST_LOGNORMAL,
	DIST_GAMMA,
	DIST_ERLANG,
	DIST_WEIBULL,
	DIST_DETERMINISTIC,
	DIST_UNIFORM,
	DIST_EMPIRICAL,
	DIST_HISTOGRAM
};

struct dist {
	enum dist_kind kind;
	double a, b;            /* parameters, meaning depends on kind (see dist.c) */
	size_t n;               /* empirical: values; histogram: bins */
	double *values;         /* empirical values (n); histogram: n + 1 edges then
	                           n normalised bin probabilities (owned) */
	gsl_ran_discrete_t *table; /* histogram bin chooser (owned) */
};

/* Constructors.  Each validates its parameters (finite, positive where a
 * duration or a scale must be, cv > 0, a < b, non-empty lists, non-negative
 * values and weights with a positive sum, increasing edges) and returns
 * STATUS_OK, STATUS_EINVAL or STATUS_ENOMEM.  On failure *d is left
 * destroyable (dist_destroy is a no-op on it).  Arrays are copied. */
int dist_exponential(struct dist *d, double mean);
int dist_lognormal_mean_cv(struct dist *d, double mean, double cv);
int dist_lognormal_mu_sigma(struct dist *d, double mu, double sigma);
int dist_gamma_mean_cv(struct dist *d, double mean, double cv);
int dist_gamma_shape_scale(struct dist *d, double shape, double scale);
int dist_erlang(struct dist *d, unsigned k, double mean);
int dist_weibull(struct dist *d, double shape, double scale);
int dist_deterministic(struct dist *d, double value);   /* value >= 0 */
int dist_uniform(struct dist *d, double a, double b);   /* 0 <= a < b */
int dist_empirical(struct dist *d, const double *values, size_t n);
int dist_histogram(struct dist *d, const double *edges, const double *weights,
		   size_t nbins);

/* Frees what a constructor allocated; safe on a zeroed or failed struct. */
void dist_destroy(struct dist *d);
/* Deep copy of src into dst (STATUS_OK or STATUS_ENOMEM). */
int dist_copy(struct dist *dst, const struct dist *src);

double dist_sample(const struct dist *d, gsl_rng *r);
/* A draw of X given X > w (w >= 0): the patience of a caller who is known
 * to have waited w without hanging up.  Exact by inversion of the tail:
 * exponential w + X (no memory); Weibull (shape k, scale l)
 * l ((w/l)^k - ln U)^(1/k); lognormal, gamma and Erlang Qinv(U Q(w)) with
 * Q = 1 - F (GSL's upper-tail inverses, accurate far in the tail); uniform
 * on (max(a, w), b).  Empirical and histogram: rejection, at most 10,000
 * draws.  When P(X > w) is 0 (or the tail is beyond double precision, or
 * rejection fails) the result is w itself: the caller was patient exactly
 * as long as observed, no more. */
double dist_sample_above(const struct dist *d, double w, gsl_rng *r);
double dist_mean(const struct dist *d);
double dist_variance(const struct dist *d);

/* Stable lower-case name of a kind ("exponential", "lognormal", ...). */
const char *dist_kind_name(enum dist_kind k);
/* Parses such a name; STATUS_EINVAL when unknown. */
int dist_kind_parse(const char *name, enum dist_kind *k);

#endif
