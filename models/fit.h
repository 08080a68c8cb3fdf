/*
 * fit.h: models estimated from call records.
 *
 * Three estimators, all on plain arrays, all writing through pointers:
 *
 *   1. Maximum-likelihood fits of a positive sample (handle times, wrap-up)
 *      to the exponential, lognormal, gamma and Weibull families, each with
 *      its log-likelihood, AIC = 2p - 2 lnL, the Kolmogorov-Smirnov distance
 *      to the sample and the asymptotic standard errors of its parameters;
 *      fit_best keeps the family of smallest AIC.
 *   2. Right-censored samples (caller patience: an abandoned call shows its
 *      patience, an answered call only that its patience exceeded its wait):
 *      the Kaplan-Meier survival curve with Greenwood variances, and the
 *      exponential and Weibull MLEs under censoring.
 *   3. Day-level over-dispersion of arrival counts (Poisson-gamma mixture):
 *      the per-slot rates and the coefficient of variation c of a day's
 *      busyness factor, by the method of moments on daily totals.
 *
 * Parameters of struct fit_result, per family (the meaning of p1, p2):
 *
 *   family        p1                 p2                 density
 *   exponential   rate r (1/s)       0 (no parameter)   r e^{-r x}
 *   lognormal     mu (of ln X)       sigma (of ln X)    ln X ~ N(mu, sigma^2)
 *   gamma         shape k            scale theta (s)    x^{k-1} e^{-x/th} / (G(k) th^k)
 *   weibull       shape k            scale lambda (s)   (k/l)(x/l)^{k-1} e^{-(x/l)^k}
 *
 * Formulas, conventions and references are in fit.c.
 */
#ifndef CCSIM_FIT_H
#define CCSIM_FIT_H

#include <stdbool.h>
#include <stddef.h>

#include "dist.h"

enum fit_family {
	FIT_EXPONENTIAL,
	FIT_LOGNORMAL,
	FIT_GAMMA,
	FIT_WEIBULL
};
#define FIT_NFAMILIES 4

/* A censored event (an abandoned call) at time exactly 0 is taken to have
 * happened at this time (seconds) in the censored MLEs: records kept in
 * whole seconds put it in [0, 1), whose midpoint this is, and ln 0 has no
 * place in a Weibull likelihood.  A censoring time of 0 (a call answered at
 * once) tells nothing about patience (S(0) = 1) and adds nothing to the
 * likelihoods.  fit_km uses every time as given. */
#define FIT_ZERO_TIME_S 0.5

struct fit_result {
	enum fit_family family;
	int status;          /* STATUS_OK, or why this family has no fit (the
	                        per-family entries of fit_best and
	                        fit_censored_best); every other field is then 0 */
	double p1, p2;       /* parameters, see the table above */
	double se1, se2;     /* their asymptotic standard errors (inverse of the
	                        observed Fisher information); se2 = 0 for the
	                        exponential */
	double mean, cv;     /* of the fitted distribution (mean +INFINITY when
	                        it exceeds a double) */
	double loglik;       /* maximised log-likelihood, densities in 1/s */
	double aic;          /* 2p - 2 loglik, p = 1 or 2 parameters */
	double ks_d;         /* complete sample: sup_x |F_n(x) - F(x)|;
	                        censored: sup_t |S_KM(t) - S(t)| for t up to the
	                        largest time */
	size_t n;            /* observations (records) */
	size_t events;       /* uncensored among them (n for a complete sample) */
};

/* Complete samples.  x[0..n) must be finite and > 0; n >= 1 for the
 * exponential and n >= 2 for the others.  work is NULL or n doubles of
 * scratch space owned by the caller (it receives ln x in increasing order,
 * for the KS distance, and may be reused after the call); with NULL the
 * function allocates n doubles and frees them before it returns.  x is not
 * modified.
 * Returns STATUS_OK; STATUS_EINVAL (NULL pointers, n too small, a value
 * <= 0, NaN or infinite); STATUS_EDOM (no finite MLE: all values equal for
 * a two-parameter family, or the iteration failed to converge);
 * STATUS_ENOMEM.  On any failure *r is zeroed but for family and status. */
int fit_exponential(const double *x, size_t n, double *work, struct fit_result *r);
int fit_lognormal(const double *x, size_t n, double *work, struct fit_result *r);
int fit_gamma(const double *x, size_t n, double *work, struct fit_result *r);
int fit_weibull(const double *x, size_t n, double *work, struct fit_result *r);
/* One of the four by its enum (STATUS_EINVAL for an unknown family). */
int fit_family(enum fit_family f, const double *x, size_t n, double *work,
	       struct fit_result *r);

/* Fits all four families (sorting x once) and copies the one of smallest
 * AIC into *best (the first in enum order at a tie).  all is NULL or
 * FIT_NFAMILIES results, indexed by enum fit_family, whose status fields
 * say which families could be fitted.  A family without a fit is passed
 * over: with n = 1 the two-parameter families have status STATUS_EINVAL,
 * with an all-equal sample STATUS_EDOM, and only the exponential remains.
 * work as above.  Returns STATUS_OK, STATUS_EINVAL (bad input, as for
 * fit_exponential), STATUS_ENOMEM, or STATUS_EDOM if no family has a fit. */
int fit_best(const double *x, size_t n, double *work,
	     struct fit_result all[FIT_NFAMILIES], struct fit_result *best);

/* One step of a Kaplan-Meier curve, at a distinct event time. */
struct fit_km_step {
	double time;         /* event time t_j (seconds) */
	size_t at_risk;      /* n_j: records with time >= t_j */
	size_t events;       /* d_j: events at t_j */
	double surv;         /* S(t_j) = prod_{i <= j} (1 - d_i / n_i) */
	double var;          /* Greenwood's variance of S(t_j); 0 once S = 0 */
};

/* Kaplan-Meier estimator from n records (t[i] >= 0 finite, event[i] true
 * for an observed event, false for a right-censored time).  At equal
 * times events come before censorings (a call censored at t was still at
 * risk at t).  steps is owned by the caller and has room for n steps; *m
 * receives the number of distinct event times written, in increasing
 * order.  The function allocates one sort buffer of n records and frees
 * it.  Returns STATUS_OK; STATUS_EINVAL (NULL pointers, n = 0, a time < 0
 * or not finite); STATUS_EDOM when no record is an event (S = 1 throughout
 * and nothing to estimate; *m = 0); STATUS_ENOMEM. */
int fit_km(const double *t, const bool *event, size_t n, struct fit_km_step *steps,
	   size_t *m);

/* MLEs under right censoring, records as for fit_km (times of 0 as
 * FIT_ZERO_TIME_S says).  Each allocates its working arrays (O(n)) and
 * frees them.  Returns STATUS_OK; STATUS_EINVAL (bad records as for
 * fit_km); STATUS_EDOM (no event; for the Weibull also when the profile
 * equation has no root, e.g. every event at the largest time, or the
 * iteration fails); STATUS_ENOMEM.  On failure *r is zeroed but for family
 * and status. */
int fit_censored_exponential(const double *t, const bool *event, size_t n,
			     struct fit_result *r);
int fit_censored_weibull(const double *t, const bool *event, size_t n,
			 struct fit_result *r);

#define FIT_NCENSORED 2
/* Both censored fits; all is NULL or FIT_NCENSORED results (all[0] the
 * exponential, all[1] the Weibull); *best gets the smaller AIC (the
 * exponential at a tie).  Returns as the single fits, STATUS_EDOM only
 * when neither has a fit. */
int fit_censored_best(const double *t, const bool *event, size_t n,
		      struct fit_result all[FIT_NCENSORED], struct fit_result *best);

/* Slots whose mean count is at least this enter the variance-to-mean
 * ratios of struct fit_overdispersion (below it a Poisson count is too
 * discrete for its ratio to mean much). */
#define FIT_VMR_MIN_MEAN 5.0

/* Poisson-gamma fit of counts N[d][k], see fit_poisson_gamma. */
struct fit_overdispersion {
	size_t days, slots;  /* D, K */
	double total_mean;   /* mean_T: mean daily total, estimates Lambda */
	double total_var;    /* s_T^2: sample variance of daily totals (D - 1) */
	double c2_raw;       /* (s_T^2 - mean_T) / mean_T^2, may be < 0 */
	double c2;           /* max(0, c2_raw): variance of the day factor B_d */
	double c;            /* sqrt(c2): its coefficient of variation */
	size_t vmr_slots;    /* slots with lambda_k >= FIT_VMR_MIN_MEAN */
	double vmr_obs;      /* mean over those slots of s_k^2 / lambda_k */
	double vmr_fit;      /* mean over those slots of 1 + c2 lambda_k (1 for
	                        Poisson); both NaN when vmr_slots = 0 */
};

/* Counts of D = days days of one day type by K = slots intervals,
 * row-major: counts[d * slots + k], finite and >= 0.  Writes lambda[k]
 * (the mean count of slot k over the days; K doubles owned by the caller),
 * slot_var[k] (NULL or K doubles: the sample variance of slot k, divisor
 * D - 1; sqrt(slot_var[k] / D) is the standard error of lambda[k]) and
 * *out.  Returns STATUS_OK; STATUS_EINVAL (NULL pointers, D < 2, K = 0, a
 * count < 0 or not finite, D * K overflowing); STATUS_EDOM (every count 0:
 * no rate to scale). */
int fit_poisson_gamma(const double *counts, size_t days, size_t slots,
		      double *lambda, double *slot_var,
		      struct fit_overdispersion *out);

/* The fitted distribution as a struct dist (exponential of mean 1/rate,
 * lognormal, gamma or Weibull), for a scenario or a simulation.  Returns
 * what the dist constructor returns; STATUS_EINVAL for a result whose
 * status is not STATUS_OK. */
int fit_to_dist(const struct fit_result *r, struct dist *d);

/* Stable lower-case name of a family ("exponential", "lognormal", "gamma",
 * "weibull"; "unknown" otherwise). */
const char *fit_family_name(enum fit_family f);

#endif
