/*
 * check_fit.c: tests of models/fit (MLEs, Kaplan-Meier, Poisson-gamma).
 *
 * core:   hand-worked values: the sample {1, 2, 4, 8, 16} (exponential and
 *         lognormal MLEs, log-likelihoods, AICs and KS distances in closed
 *         form, worked below); a six-record Kaplan-Meier curve with a tied
 *         event pair and an event tied with a censoring (S and Greenwood by
 *         hand); 3 x 2 Poisson-gamma tables.  Gamma and Weibull have no
 *         closed form: their results are checked against the first-order
 *         conditions computed here with gsl_sf_psi and pow, against the
 *         log-likelihood summed from GSL's densities, against a local
 *         maximum (every small step in p1 or p2 lowers it), and their
 *         standard errors against the inverse of a finite-difference
 *         Hessian of that log-likelihood.
 *         Statistical checks, mt19937 with fixed seeds: each family drawn
 *         with GSL, n = 20,000, must give back its parameters within 4
 *         standard errors (its own, computed by fit), a KS distance below
 *         1.36/sqrt(n), and the smallest AIC among the four; the standard
 *         errors must match the spread of 200 fits of n = 500 within 15%
 *         (the sd of 200 normal estimates has a relative SE of 5%, so 15%
 *         is 3 SE); Kaplan-Meier of 20,000 exponential patiences censored
 *         by exponential waits (40% censored) within 4 Greenwood SE of
 *         exp(-t/mean); censored exponential and Weibull MLEs within 4 SE
 *         of the truth, and AIC picking the true one; Poisson-gamma with
 *         D = 2000 days, K = 20 slots, c = 0.2: c within 10%, every
 *         lambda_k within 3 SE, the fitted variance-to-mean ratio within 10%
 *         of the observed; pure Poisson days: c^2 below 1e-4 (its SE is
 *         about sqrt(2/D)/Lambda = 1.6e-5).
 *         On AIC with nested families: exponential data are also gamma and
 *         Weibull data (shape 1), so the bigger family wins its AIC when its
 *         likelihood-ratio statistic exceeds 2, with probability 0.16 each
 *         under the truth; with the fixed seeds here it does not (AIC
 *         margins 1.9 for the complete sample, 1.5 for the censored one).
 * limits: n = 1, shapes far from 1 (gamma 0.2, 400, 2e5 and 1e6, Weibull 0.3
 *         and 8; KS distances against GSL's cdfs where those work),
 *         scale equivariance over 12 orders of magnitude, censored fits
 *         of uncensored records equal to the complete fits, zero times,
 *         Kaplan-Meier without censoring and down to S = 0, caller's
 *         scratch against the function's own, slots too small for a ratio.
 * errors: every invalid input (n too small, values <= 0, NaN, infinity,
 *         NULL), all-equal samples (no finite MLE), no events, no root of
 *         the censored profile equation, counts that cannot be fitted.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <check.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sf_psi.h>

#include "../models/dist.h"
#include "../models/fit.h"
#include "../sim/status.h"

#define SEED 20240611UL
#define NBIG 20000
#define NSE 4.0             /* tolerance of the recovery checks, in SE */
#define NREP 200            /* repetitions of the SE-spread check */
#define NREP_N 500          /* their sample size */
#define SPREAD_TOL 0.15     /* SE against the spread of NREP fits */
#define REL_EXACT 1e-12     /* closed forms */
#define REL_ITER 1e-9       /* iterative solutions (stopped at 1e-10) */

#define REQUIRE(cond, ...)                                                    \
	do {                                                                  \
		if (!(cond))                                                  \
			ck_abort_msg(__VA_ARGS__);                            \
	} while (0)

static gsl_rng *rng_new(unsigned long seed)
{
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	ck_assert_ptr_nonnull(r);
	gsl_rng_set(r, seed);
	return r;
}

static void assert_rel(double got, double want, double rel, const char *what)
{
	ck_assert_msg(fabs(got - want) <= rel * fabs(want),
		      "%s: got %.17g, want %.17g (rel. tol. %g)", what, got,
		      want, rel);
}

static void assert_abs(double got, double want, double tol, const char *what)
{
	ck_assert_msg(fabs(got - want) <= tol,
		      "%s: got %.17g, want %.17g (abs. tol. %g)", what, got,
		      want, tol);
}

/* ---- The four families: truth, sampler, density ------------------------ */

struct truth {
	enum fit_family family;
	double p1, p2;      /* as in fit.h */
};

/* Durations of a plausible size: handle times around 3 minutes, patience
 * of a couple of minutes. */
static const struct truth truths[FIT_NFAMILIES] = {
	{ FIT_EXPONENTIAL, 1.0 / 180.0, 0.0 },
	{ FIT_LOGNORMAL, 5.0, 0.8 },
	{ FIT_GAMMA, 2.5, 80.0 },
	{ FIT_WEIBULL, 0.8, 120.0 },
};

static double draw_one(enum fit_family f, double p1, double p2, gsl_rng *r)
{
	switch (f) {
	case FIT_EXPONENTIAL:
		return gsl_ran_exponential(r, 1.0 / p1);
	case FIT_LOGNORMAL:
		return gsl_ran_lognormal(r, p1, p2);
	case FIT_GAMMA:
		return gsl_ran_gamma(r, p1, p2);
	case FIT_WEIBULL:
		return gsl_ran_weibull(r, p2, p1);
	}
	return 0.0;
}

static void draw(enum fit_family f, double p1, double p2, gsl_rng *r,
		 double *x, size_t n)
{
	for (size_t i = 0; i < n; i++)
		x[i] = draw_one(f, p1, p2, r);
}

/* Log-likelihood summed from GSL's densities: independent of fit.c. */
static double loglik_direct(enum fit_family f, double p1, double p2,
			    const double *x, size_t n)
{
	double s = 0.0;
	for (size_t i = 0; i < n; i++) {
		double p = 0.0;
		switch (f) {
		case FIT_EXPONENTIAL:
			p = gsl_ran_exponential_pdf(x[i], 1.0 / p1);
			break;
		case FIT_LOGNORMAL:
			p = gsl_ran_lognormal_pdf(x[i], p1, p2);
			break;
		case FIT_GAMMA:
			p = gsl_ran_gamma_pdf(x[i], p1, p2);
			break;
		case FIT_WEIBULL:
			p = gsl_ran_weibull_pdf(x[i], p2, p1);
			break;
		}
		s += log(p);
	}
	return s;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* KS distance from GSL's cdfs over a sorted copy: independent of fit.c. */
static double ks_direct(enum fit_family f, double p1, double p2, const double *x,
			size_t n)
{
	double *y = malloc(n * sizeof *y), d = 0.0;
	ck_assert_ptr_nonnull(y);
	memcpy(y, x, n * sizeof *y);
	qsort(y, n, sizeof *y, cmp_double);
	for (size_t i = 0; i < n; i++) {
		double F = 0.0;
		switch (f) {
		case FIT_EXPONENTIAL:
			F = gsl_cdf_exponential_P(y[i], 1.0 / p1);
			break;
		case FIT_LOGNORMAL:
			F = gsl_cdf_lognormal_P(y[i], p1, p2);
			break;
		case FIT_GAMMA:
			F = gsl_cdf_gamma_P(y[i], p1, p2);
			break;
		case FIT_WEIBULL:
			F = gsl_cdf_weibull_P(y[i], p2, p1);
			break;
		}
		d = fmax(d, fmax((double)(i + 1) / n - F, F - (double)i / n));
	}
	free(y);
	return d;
}

/* ---- core: hand-worked ----------------------------------------------------- */

/*
 * x = {1, 2, 4, 8, 16}, n = 5, sum 31.
 * Exponential: r = 5/31 = 0.16129032258064516;
 *   lnL = 5 ln(5/31) - 5 = -14.122746460255229, AIC = 2 - 2 lnL =
 *   30.245492920510459, se = r/sqrt 5 = 0.072131225080638377.
 *   KS: F(x) = 1 - e^{-5x/31} = .149, .276, .475, .725, .924 against the
 *   steps .2, .4, .6, .8, 1: the largest gap is F(1) - 0 =
 *   1 - e^{-5/31} = 0.14895504233077423.
 * Lognormal: ln x = j ln 2 (j = 0..4), mu = 2 ln 2 = 1.3862943611198906,
 *   sigma^2 = (4 + 1 + 0 + 1 + 4)(ln 2)^2 / 5 = 2 (ln 2)^2, sigma =
 *   sqrt(2) ln 2 = 0.98025814346854719; lnL = -(sum ln x + 5 ln sigma +
 *   (5/2) ln 2 pi + 5/2) = -(10 ln 2 + 5 ln sigma + 2.5 ln 2 pi + 2.5) =
 *   -13.926467820114358, AIC = 31.852935640228717.  The standardised logs
 *   are (j - 2)/sqrt 2, so F = Phi(-sqrt 2), Phi(-1/sqrt 2), 1/2, ... and
 *   the largest gap is 0.4 - Phi(-1/sqrt 2) = 0.16024993890652329.
 *   Mean exp(mu + sigma^2/2) = 4 e^{(ln 2)^2} = 6.4672266889666987,
 *   cv sqrt(e^{2 (ln 2)^2} - 1) = 1.2704581124166188.
 * So the lognormal fits better (higher lnL) but the exponential has the
 * smaller AIC: one parameter fewer is worth more than 0.196 of lnL.
 */
START_TEST(test_hand_five_points)
{
	const double x[] = { 4, 1, 16, 2, 8 };   /* order must not matter */
	struct fit_result r;

	ck_assert_int_eq(fit_exponential(x, 5, NULL, &r), STATUS_OK);
	ck_assert_int_eq(r.status, STATUS_OK);
	ck_assert_int_eq(r.family, FIT_EXPONENTIAL);
	ck_assert_uint_eq(r.n, 5);
	ck_assert_uint_eq(r.events, 5);
	assert_rel(r.p1, 5.0 / 31.0, REL_EXACT, "exp rate");
	ck_assert(r.p2 == 0.0 && r.se2 == 0.0);
	assert_rel(r.se1, 0.072131225080638377, REL_EXACT, "exp se");
	assert_rel(r.loglik, -14.122746460255229, REL_EXACT, "exp lnL");
	assert_rel(r.aic, 30.245492920510459, REL_EXACT, "exp AIC");
	assert_rel(r.ks_d, 0.14895504233077423, REL_EXACT, "exp KS");
	assert_rel(r.mean, 6.2, REL_EXACT, "exp mean");
	assert_rel(r.cv, 1.0, REL_EXACT, "exp cv");

	ck_assert_int_eq(fit_lognormal(x, 5, NULL, &r), STATUS_OK);
	assert_rel(r.p1, 1.3862943611198906, REL_EXACT, "ln mu");
	assert_rel(r.p2, 0.98025814346854719, REL_EXACT, "ln sigma");
	assert_rel(r.se1, 0.98025814346854719 / sqrt(5.0), REL_EXACT, "ln se mu");
	assert_rel(r.se2, 0.98025814346854719 / sqrt(10.0), REL_EXACT, "ln se s");
	assert_rel(r.loglik, -13.926467820114358, REL_EXACT, "ln lnL");
	assert_rel(r.aic, 31.852935640228717, REL_EXACT, "ln AIC");
	assert_rel(r.ks_d, 0.16024993890652329, 1e-10, "ln KS");
	assert_rel(r.mean, 6.4672266889666987, REL_EXACT, "ln mean");
	assert_rel(r.cv, 1.2704581124166188, REL_EXACT, "ln cv");

	struct fit_result all[FIT_NFAMILIES], best;
	ck_assert_int_eq(fit_best(x, 5, NULL, all, &best), STATUS_OK);
	for (int f = 0; f < FIT_NFAMILIES; f++) {
		ck_assert_int_eq(all[f].status, STATUS_OK);
		ck_assert_int_eq(all[f].family, f);
		ck_assert(best.aic <= all[f].aic);
	}
	ck_assert_int_eq(best.family, FIT_EXPONENTIAL);
	assert_rel(all[FIT_LOGNORMAL].aic, 31.852935640228717, REL_EXACT,
		   "best: lognormal entry");
}
END_TEST

/* Gamma and Weibull on a fixed sample: first-order conditions, the
 * direct log-likelihood, a local maximum, and SEs from a numerical Hessian. */
static void check_optimum(enum fit_family f, const double *x, size_t n,
			  const struct fit_result *r)
{
	double ll = loglik_direct(f, r->p1, r->p2, x, n);
	assert_rel(r->loglik, ll, 1e-11, "lnL against GSL densities");
	for (int j = -1; j <= 1; j += 2) {
		double e = 1e-5 * j;
		REQUIRE(loglik_direct(f, r->p1 * (1 + e), r->p2, x, n) < ll &&
			loglik_direct(f, r->p1, r->p2 * (1 + e), x, n) < ll,
			"%s: not a maximum", fit_family_name(f));
	}
	/* Observed information by central differences, steps h_i = 1e-4 p_i. */
	double p[2] = { r->p1, r->p2 }, h[2] = { 1e-4 * r->p1, 1e-4 * r->p2 };
	double H[2][2];
	for (int a = 0; a < 2; a++)
		for (int b = 0; b < 2; b++) {
			double s = 0.0;
			for (int sa = -1; sa <= 1; sa += 2)
				for (int sb = -1; sb <= 1; sb += 2) {
					double q[2] = { p[0], p[1] };
					q[a] += sa * h[a];
					q[b] += sb * h[b];
					s += sa * sb * loglik_direct(f, q[0], q[1], x, n);
				}
			H[a][b] = -s / (4.0 * h[a] * h[b]);
		}
	double det = H[0][0] * H[1][1] - H[0][1] * H[1][0];
	assert_rel(r->se1, sqrt(H[1][1] / det), 1e-5, "se1 against Hessian");
	assert_rel(r->se2, sqrt(H[0][0] / det), 1e-5, "se2 against Hessian");
}

START_TEST(test_gamma_weibull_conditions)
{
	gsl_rng *g = rng_new(SEED + 1);
	enum { N = 2000 };
	double *x = malloc(N * sizeof *x);
	ck_assert_ptr_nonnull(x);
	struct fit_result r;

	draw(FIT_GAMMA, 2.5, 80.0, g, x, N);
	ck_assert_int_eq(fit_gamma(x, N, NULL, &r), STATUS_OK);
	double m = 0.0, l = 0.0;
	for (int i = 0; i < N; i++) {
		m += x[i] / N;
		l += log(x[i]) / N;
	}
	/* ln k - psi(k) = ln m - l, theta = m / k. */
	assert_rel(log(r.p1) - gsl_sf_psi(r.p1), log(m) - l, REL_ITER,
		   "gamma score");
	assert_rel(r.p2, m / r.p1, REL_EXACT, "gamma scale");
	assert_rel(r.mean, m, REL_EXACT, "gamma mean");
	assert_rel(r.cv, 1.0 / sqrt(r.p1), REL_EXACT, "gamma cv");
	check_optimum(FIT_GAMMA, x, N, &r);

	draw(FIT_WEIBULL, 0.8, 120.0, g, x, N);
	ck_assert_int_eq(fit_weibull(x, N, NULL, &r), STATUS_OK);
	double sk = 0.0, skl = 0.0;
	l = 0.0;
	for (int i = 0; i < N; i++) {
		double xk = pow(x[i], r.p1);
		sk += xk;
		skl += xk * log(x[i]);
		l += log(x[i]) / N;
	}
	assert_abs(skl / sk - 1.0 / r.p1 - l, 0.0, REL_ITER, "weibull profile");
	assert_rel(r.p2, pow(sk / N, 1.0 / r.p1), REL_ITER, "weibull scale");
	assert_rel(r.mean, r.p2 * tgamma(1.0 + 1.0 / r.p1), 1e-12, "weibull mean");
	assert_rel(r.cv, sqrt(tgamma(1.0 + 2.0 / r.p1) /
			      gsl_pow_2(tgamma(1.0 + 1.0 / r.p1)) - 1.0),
		   1e-11, "weibull cv");
	check_optimum(FIT_WEIBULL, x, N, &r);

	free(x);
	gsl_rng_free(g);
}
END_TEST

/* Mean and cv agree with dist.c's moments of the same distribution. */
START_TEST(test_to_dist)
{
	gsl_rng *g = rng_new(SEED + 2);
	double x[300];
	for (int f = 0; f < FIT_NFAMILIES; f++) {
		struct fit_result r;
		struct dist d;
		draw((enum fit_family)f, truths[f].p1, truths[f].p2, g, x, 300);
		ck_assert_int_eq(fit_family((enum fit_family)f, x, 300, NULL, &r),
				 STATUS_OK);
		ck_assert_int_eq(fit_to_dist(&r, &d), STATUS_OK);
		assert_rel(r.mean, dist_mean(&d), 1e-12, "mean against dist");
		assert_rel(r.cv, sqrt(dist_variance(&d)) / dist_mean(&d), 1e-10,
			   "cv against dist");
		dist_destroy(&d);
	}
	gsl_rng_free(g);
}
END_TEST

START_TEST(test_family_names)
{
	ck_assert_str_eq(fit_family_name(FIT_EXPONENTIAL), "exponential");
	ck_assert_str_eq(fit_family_name(FIT_LOGNORMAL), "lognormal");
	ck_assert_str_eq(fit_family_name(FIT_GAMMA), "gamma");
	ck_assert_str_eq(fit_family_name(FIT_WEIBULL), "weibull");
	ck_assert_str_eq(fit_family_name((enum fit_family)9), "unknown");
}
END_TEST

/* ---- core: statistical ------------------------------------------------------ */

/* Family _i: n = 20,000 draws; its own fit within 4 SE, KS below the 5%
 * bound, and the smallest AIC of the four. */
START_TEST(test_recover)
{
	const struct truth *t = &truths[_i];
	gsl_rng *g = rng_new(SEED + 10 + (unsigned long)_i);
	double *x = malloc(NBIG * sizeof *x), *work = malloc(NBIG * sizeof *work);
	ck_assert(x && work);
	draw(t->family, t->p1, t->p2, g, x, NBIG);

	struct fit_result all[FIT_NFAMILIES], best;
	ck_assert_int_eq(fit_best(x, NBIG, work, all, &best), STATUS_OK);
	const struct fit_result *r = &all[t->family];
	ck_assert_int_eq(r->status, STATUS_OK);
	REQUIRE(fabs(r->p1 - t->p1) <= NSE * r->se1,
		"%s p1: %.6g, truth %.6g, se %.3g", fit_family_name(t->family),
		r->p1, t->p1, r->se1);
	if (t->family != FIT_EXPONENTIAL)
		REQUIRE(fabs(r->p2 - t->p2) <= NSE * r->se2,
			"%s p2: %.6g, truth %.6g, se %.3g",
			fit_family_name(t->family), r->p2, t->p2, r->se2);
	REQUIRE(r->ks_d < 1.36 / sqrt((double)NBIG), "%s KS %.4g",
		fit_family_name(t->family), r->ks_d);
	assert_abs(r->ks_d, ks_direct(t->family, r->p1, r->p2, x, NBIG), 1e-12,
		   "KS against GSL's cdf");
	REQUIRE(best.family == t->family, "AIC picks %s for %s data",
		fit_family_name(best.family), fit_family_name(t->family));

	/* The single-family call gives the same figures as fit_best's. */
	struct fit_result one;
	ck_assert_int_eq(fit_family(t->family, x, NBIG, NULL, &one), STATUS_OK);
	ck_assert(memcmp(&one, r, sizeof one) == 0);

	free(x);
	free(work);
	gsl_rng_free(g);
}
END_TEST

/* The computed SEs against the sd of NREP estimates at n = NREP_N. */
static void spread_check(const char *what, const double *est, double se_mean)
{
	double m = 0.0, ss = 0.0;
	for (int i = 0; i < NREP; i++)
		m += est[i] / NREP;
	for (int i = 0; i < NREP; i++)
		ss += (est[i] - m) * (est[i] - m);
	double sd = sqrt(ss / (NREP - 1));
	REQUIRE(fabs(se_mean / sd - 1.0) <= SPREAD_TOL,
		"%s: mean SE %.4g, sd of estimates %.4g", what, se_mean, sd);
}

START_TEST(test_se_spread)
{
	gsl_rng *g = rng_new(SEED + 20);
	double x[NREP_N], work[NREP_N], e1[NREP], e2[NREP];
	for (int f = 0; f < FIT_NFAMILIES; f++) {
		const struct truth *t = &truths[f];
		double s1 = 0.0, s2 = 0.0;
		for (int i = 0; i < NREP; i++) {
			struct fit_result r;
			draw(t->family, t->p1, t->p2, g, x, NREP_N);
			ck_assert_int_eq(fit_family(t->family, x, NREP_N, work, &r),
					 STATUS_OK);
			e1[i] = r.p1;
			e2[i] = r.p2;
			s1 += r.se1 / NREP;
			s2 += r.se2 / NREP;
		}
		spread_check(fit_family_name(t->family), e1, s1);
		if (t->family != FIT_EXPONENTIAL)
			spread_check(fit_family_name(t->family), e2, s2);
	}

	/* Censored Weibull, 40% censored (see test_censored_weibull). */
	bool ev[NREP_N];
	double s1 = 0.0, s2 = 0.0;
	for (int i = 0; i < NREP; i++) {
		struct fit_result r;
		for (int j = 0; j < NREP_N; j++) {
			double p = gsl_ran_weibull(g, 120.0, 0.7);
			double w = gsl_ran_exponential(g, 175.0);
			x[j] = p <= w ? p : w;
			ev[j] = p <= w;
		}
		ck_assert_int_eq(fit_censored_weibull(x, ev, NREP_N, &r), STATUS_OK);
		e1[i] = r.p1;
		e2[i] = r.p2;
		s1 += r.se1 / NREP;
		s2 += r.se2 / NREP;
	}
	spread_check("censored weibull shape", e1, s1);
	spread_check("censored weibull scale", e2, s2);
	gsl_rng_free(g);
}
END_TEST

/*
 * Kaplan-Meier by hand.  Records (time, event): (5,E) (3,C) (2,E) (7,C)
 * (5,E) (3,E); sorted 2E 3E 3C 5E 5E 7C.
 *   t = 2: at risk 6, 1 event: S = 5/6;              G = 1/(6 5) = 1/30
 *   t = 3: at risk 5 (the censoring at 3 counts), 1 event:
 *          S = 5/6 4/5 = 2/3;                       G += 1/(5 4) -> 1/12
 *   t = 5: at risk 3, 2 events: S = 2/3 1/3 = 2/9;   G += 2/(3 1) -> 3/4
 *   Greenwood: S^2 G = (25/36)/30 = 5/216, (4/9)/12 = 1/27, (4/81)(3/4) = 1/27.
 * The censoring at 7 adds no step.
 */
START_TEST(test_km_hand)
{
	const double t[] = { 5, 3, 2, 7, 5, 3 };
	const bool e[] = { true, false, true, false, true, true };
	struct fit_km_step s[6];
	size_t m = 99;
	ck_assert_int_eq(fit_km(t, e, 6, s, &m), STATUS_OK);
	ck_assert_uint_eq(m, 3);
	const double time[] = { 2, 3, 5 }, surv[] = { 5.0 / 6, 2.0 / 3, 2.0 / 9 };
	const double var[] = { 5.0 / 216, 1.0 / 27, 1.0 / 27 };
	const size_t risk[] = { 6, 5, 3 }, d[] = { 1, 1, 2 };
	for (size_t j = 0; j < 3; j++) {
		ck_assert(s[j].time == time[j]);
		ck_assert_uint_eq(s[j].at_risk, risk[j]);
		ck_assert_uint_eq(s[j].events, d[j]);
		assert_rel(s[j].surv, surv[j], REL_EXACT, "KM S");
		assert_rel(s[j].var, var[j], REL_EXACT, "Greenwood");
	}
}
END_TEST

/* S_KM at t: the last step at or before t. */
static double km_at(const struct fit_km_step *s, size_t m, double t, double *var)
{
	double S = 1.0, v = 0.0;
	for (size_t j = 0; j < m && s[j].time <= t; j++) {
		S = s[j].surv;
		v = s[j].var;
	}
	*var = v;
	return S;
}

/* Patience ~ exponential(mean p_mean) or Weibull(k, l), censored by
 * exponential waits of mean w_mean; returns the censored fraction. */
static double draw_censored(gsl_rng *g, bool weibull, double a, double b,
			    double w_mean, double *t, bool *e, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++) {
		double p = weibull ? gsl_ran_weibull(g, b, a) : gsl_ran_exponential(g, a);
		double w = gsl_ran_exponential(g, w_mean);
		t[i] = p <= w ? p : w;
		e[i] = p <= w;
		c += !e[i];
	}
	return (double)c / (double)n;
}

/* Exponential patience, mean 100 s, waits mean 150 s: censored with
 * probability (1/150) / (1/100 + 1/150) = 0.4. */
START_TEST(test_km_large)
{
	gsl_rng *g = rng_new(SEED + 30);
	double *t = malloc(NBIG * sizeof *t);
	bool *e = malloc(NBIG * sizeof *e);
	struct fit_km_step *s = malloc(NBIG * sizeof *s);
	ck_assert(t && e && s);
	double cens = draw_censored(g, false, 100.0, 0.0, 150.0, t, e, NBIG);
	assert_abs(cens, 0.4, 0.015, "censored fraction");
	size_t m;
	ck_assert_int_eq(fit_km(t, e, NBIG, s, &m), STATUS_OK);
	ck_assert_uint_eq(m, (size_t)((1.0 - cens) * NBIG + 0.5));
	const double at[] = { 10, 50, 100, 200, 300 };
	for (size_t i = 0; i < sizeof at / sizeof at[0]; i++) {
		double v, S = km_at(s, m, at[i], &v);
		REQUIRE(fabs(S - exp(-at[i] / 100.0)) <= NSE * sqrt(v),
			"KM S(%g) = %.5f, exp %.5f, se %.5f", at[i], S,
			exp(-at[i] / 100.0), sqrt(v));
	}

	/* Same records: censored exponential MLE, rate 1/100. */
	struct fit_result all[FIT_NCENSORED], best;
	ck_assert_int_eq(fit_censored_best(t, e, NBIG, all, &best), STATUS_OK);
	const struct fit_result *r = &all[0];
	ck_assert_int_eq(r->family, FIT_EXPONENTIAL);
	ck_assert_uint_eq(r->events, m);
	ck_assert_uint_eq(r->n, NBIG);
	REQUIRE(fabs(r->p1 - 0.01) <= NSE * r->se1, "rate %.6g se %.3g", r->p1,
		r->se1);
	REQUIRE(fabs(all[1].p1 - 1.0) <= NSE * all[1].se1,
		"weibull shape on exponential data %.4g se %.3g", all[1].p1,
		all[1].se1);
	REQUIRE(best.family == FIT_EXPONENTIAL, "AIC picks %s",
		fit_family_name(best.family));
	REQUIRE(r->ks_d < 0.02, "censored KS %.4g", r->ks_d);

	free(t);
	free(e);
	free(s);
	gsl_rng_free(g);
}
END_TEST

/* Weibull patience (shape 0.7, scale 120 s) censored by exponential waits
 * of mean 175 s: censored with probability E exp(-(W/120)^0.7) = 0.400
 * (numerical integration). */
START_TEST(test_censored_weibull)
{
	gsl_rng *g = rng_new(SEED + 31);
	double *t = malloc(NBIG * sizeof *t);
	bool *e = malloc(NBIG * sizeof *e);
	ck_assert(t && e);
	double cens = draw_censored(g, true, 0.7, 120.0, 175.0, t, e, NBIG);
	assert_abs(cens, 0.4, 0.015, "censored fraction");

	struct fit_result all[FIT_NCENSORED], best, one;
	ck_assert_int_eq(fit_censored_best(t, e, NBIG, all, &best), STATUS_OK);
	const struct fit_result *r = &all[1];
	ck_assert_int_eq(r->family, FIT_WEIBULL);
	REQUIRE(fabs(r->p1 - 0.7) <= NSE * r->se1, "shape %.5g se %.3g", r->p1,
		r->se1);
	REQUIRE(fabs(r->p2 - 120.0) <= NSE * r->se2, "scale %.5g se %.3g", r->p2,
		r->se2);
	ck_assert_int_eq(best.family, FIT_WEIBULL);
	REQUIRE(r->ks_d < 0.02, "censored KS %.4g", r->ks_d);
	REQUIRE(all[0].ks_d > 5 * r->ks_d, "exponential KS %.4g", all[0].ks_d);
	ck_assert_int_eq(fit_censored_weibull(t, e, NBIG, &one), STATUS_OK);
	ck_assert(memcmp(&one, r, sizeof one) == 0);

	/* Ignoring the censoring (abandoned calls only) biases the patience
	 * down: the mean of the events alone is far below the truth, the
	 * censored fit's is not. */
	double truth = 120.0 * tgamma(1.0 + 1.0 / 0.7), ev_mean = 0.0;
	size_t d = 0;
	for (size_t i = 0; i < NBIG; i++)
		if (e[i]) {
			ev_mean += t[i];
			d++;
		}
	ev_mean /= (double)d;
	ck_assert(ev_mean < 0.6 * truth);
	assert_rel(r->mean, truth, 0.05, "censored Weibull mean");

	free(t);
	free(e);
	gsl_rng_free(g);
}
END_TEST

/* Poisson-gamma by hand, D = 3 days, K = 2 slots.
 * counts {10, 20}, {30, 60}, {20, 40}: lambda = (20, 40); totals 30, 90,
 * 60, mean 60, s^2 = (900 + 900 + 0)/2 = 900; c^2 = (900 - 60)/3600 = 7/30.
 * Slot variances (100 + 0 + 100)/2 = 100 and (400 + 400)/2 = 400; ratios
 * 5 and 10, observed mean 7.5; fitted 1 + (7/30) 20 and 1 + (7/30) 40,
 * mean 1 + (7/30) 30 = 8.
 * counts {1, 3}, {2, 6}, {3, 3}: lambda = (2, 4), totals 4, 8, 6, mean 6,
 * s^2 = 4, c^2_raw = (4 - 6)/36 = -1/18, clamped to 0; no slot has a mean
 * of 5, so no ratio. */
START_TEST(test_pg_hand)
{
	const double a[] = { 10, 20, 30, 60, 20, 40 };
	double lambda[2], var[2];
	struct fit_overdispersion o;
	ck_assert_int_eq(fit_poisson_gamma(a, 3, 2, lambda, var, &o), STATUS_OK);
	ck_assert(lambda[0] == 20 && lambda[1] == 40);
	ck_assert(var[0] == 100 && var[1] == 400);
	ck_assert_uint_eq(o.days, 3);
	ck_assert_uint_eq(o.slots, 2);
	assert_rel(o.total_mean, 60, REL_EXACT, "mean_T");
	assert_rel(o.total_var, 900, REL_EXACT, "s_T^2");
	assert_rel(o.c2, 7.0 / 30, REL_EXACT, "c^2");
	assert_rel(o.c2_raw, 7.0 / 30, REL_EXACT, "c^2 raw");
	assert_rel(o.c, sqrt(7.0 / 30), REL_EXACT, "c");
	ck_assert_uint_eq(o.vmr_slots, 2);
	assert_rel(o.vmr_obs, 7.5, REL_EXACT, "vmr observed");
	assert_rel(o.vmr_fit, 8.0, REL_EXACT, "vmr fitted");

	const double b[] = { 1, 3, 2, 6, 3, 3 };
	ck_assert_int_eq(fit_poisson_gamma(b, 3, 2, lambda, NULL, &o), STATUS_OK);
	ck_assert(lambda[0] == 2 && lambda[1] == 4);
	assert_rel(o.c2_raw, -1.0 / 18, REL_EXACT, "c^2 raw");
	ck_assert(o.c2 == 0.0 && o.c == 0.0);
	ck_assert_uint_eq(o.vmr_slots, 0);
	ck_assert(isnan(o.vmr_obs) && isnan(o.vmr_fit));
}
END_TEST

#define PG_D 2000
#define PG_K 20

/* lambda_k = 20 + 8k calls per slot (Lambda = 1920 a day); c = cv of the
 * day factor (0: Poisson days). */
static void pg_draw(gsl_rng *g, double c, double *n)
{
	for (int d = 0; d < PG_D; d++) {
		double b = c > 0 ? gsl_ran_gamma(g, 1.0 / (c * c), c * c) : 1.0;
		for (int k = 0; k < PG_K; k++)
			n[d * PG_K + k] = gsl_ran_poisson(g, b * (20.0 + 8.0 * k));
	}
}

START_TEST(test_pg_recover)
{
	gsl_rng *g = rng_new(SEED + 40);
	double *n = malloc(PG_D * PG_K * sizeof *n), lambda[PG_K], var[PG_K];
	ck_assert_ptr_nonnull(n);
	struct fit_overdispersion o;
	const double c = 0.2;

	pg_draw(g, c, n);
	ck_assert_int_eq(fit_poisson_gamma(n, PG_D, PG_K, lambda, var, &o),
			 STATUS_OK);
	assert_rel(o.c, c, 0.10, "c");
	for (int k = 0; k < PG_K; k++) {
		double l = 20.0 + 8.0 * k, se = sqrt((l + c * c * l * l) / PG_D);
		REQUIRE(fabs(lambda[k] - l) <= 3.0 * se, "lambda[%d] = %.3f, %.0f, se %.3f",
			k, lambda[k], l, se);
	}
	ck_assert_uint_eq(o.vmr_slots, PG_K);
	assert_rel(o.vmr_fit, o.vmr_obs, 0.10, "fitted against observed ratio");
	ck_assert(o.vmr_obs > 3.0);   /* far from Poisson's 1 */

	pg_draw(g, 0.0, n);
	ck_assert_int_eq(fit_poisson_gamma(n, PG_D, PG_K, lambda, NULL, &o),
			 STATUS_OK);
	REQUIRE(o.c2 < 1e-4 && fabs(o.c2_raw) < 1e-4, "Poisson c^2 %.3g (raw %.3g)",
		o.c2, o.c2_raw);
	assert_abs(o.vmr_obs, 1.0, 0.1, "Poisson ratio observed");
	assert_abs(o.vmr_fit, 1.0, 0.02, "Poisson ratio fitted");

	free(n);
	gsl_rng_free(g);
}
END_TEST

/* ---- limits ----------------------------------------------------------------- */

START_TEST(test_one_point)
{
	const double x[] = { 42.0 };
	struct fit_result r, all[FIT_NFAMILIES], best;
	ck_assert_int_eq(fit_exponential(x, 1, NULL, &r), STATUS_OK);
	assert_rel(r.p1, 1.0 / 42, REL_EXACT, "rate");
	assert_rel(r.loglik, -log(42.0) - 1.0, REL_EXACT, "lnL");
	assert_rel(r.ks_d, 1.0 - exp(-1.0), REL_EXACT, "KS");
	ck_assert_int_eq(fit_best(x, 1, NULL, all, &best), STATUS_OK);
	ck_assert_int_eq(best.family, FIT_EXPONENTIAL);
	ck_assert_int_eq(all[FIT_EXPONENTIAL].status, STATUS_OK);
	for (int f = FIT_LOGNORMAL; f < FIT_NFAMILIES; f++) {
		ck_assert_int_eq(all[f].status, STATUS_EINVAL);
		ck_assert_int_eq(all[f].family, f);
		ck_assert(all[f].aic == 0.0 && all[f].p1 == 0.0);
	}
}
END_TEST

/* Shapes far from 1, n = 20,000, within 4 SE. */
START_TEST(test_extreme_shapes)
{
	static const struct truth cases[] = {
		{ FIT_GAMMA, 0.2, 500.0 },
		{ FIT_GAMMA, 400.0, 0.5 },
		{ FIT_GAMMA, 2e5, 5e-4 },   /* fit.c's cdf: Temme's expansion */
		{ FIT_GAMMA, 1e6, 1e-4 },   /* cv 0.1%: ln k - psi(k) ~ 5e-7 */
		{ FIT_WEIBULL, 0.3, 60.0 },
		{ FIT_WEIBULL, 8.0, 300.0 },
	};
	gsl_rng *g = rng_new(SEED + 50);
	double *x = malloc(NBIG * sizeof *x);
	ck_assert_ptr_nonnull(x);
	for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
		const struct truth *t = &cases[c];
		struct fit_result r;
		draw(t->family, t->p1, t->p2, g, x, NBIG);
		ck_assert_int_eq(fit_family(t->family, x, NBIG, NULL, &r), STATUS_OK);
		REQUIRE(fabs(r.p1 - t->p1) <= NSE * r.se1 &&
			fabs(r.p2 - t->p2) <= NSE * r.se2,
			"%s(%g, %g): %.6g (%.3g), %.6g (%.3g)",
			fit_family_name(t->family), t->p1, t->p2, r.p1, r.se1, r.p2,
			r.se2);
		REQUIRE(r.ks_d < 1.36 / sqrt((double)NBIG), "KS %.4g", r.ks_d);
		/* GSL's gamma cdf calls the error handler for some shapes
		 * from about 1e6 on: compare below that only. */
		if (t->p1 < 1e6)
			assert_abs(r.ks_d, ks_direct(t->family, r.p1, r.p2, x, NBIG),
				   1e-9, "KS against GSL's cdf");
	}
	free(x);
	gsl_rng_free(g);
}
END_TEST

/* Multiplying the data by s multiplies the scale by s, leaves the shape,
 * and shifts lnL by -n ln s (the density is in 1/s). */
START_TEST(test_scale_equivariance)
{
	gsl_rng *g = rng_new(SEED + 60);
	enum { N = 1000 };
	double x[N], y[N];
	const double scales[] = { 1e-6, 1e6 };
	for (int f = 0; f < FIT_NFAMILIES; f++) {
		struct fit_result a, b;
		draw((enum fit_family)f, truths[f].p1, truths[f].p2, g, x, N);
		ck_assert_int_eq(fit_family((enum fit_family)f, x, N, NULL, &a),
				 STATUS_OK);
		for (int s = 0; s < 2; s++) {
			for (int i = 0; i < N; i++)
				y[i] = x[i] * scales[s];
			ck_assert_int_eq(fit_family((enum fit_family)f, y, N, NULL, &b),
					 STATUS_OK);
			switch (f) {
			case FIT_EXPONENTIAL:
				assert_rel(b.p1, a.p1 / scales[s], 1e-12, "rate");
				break;
			case FIT_LOGNORMAL:
				assert_rel(b.p1, a.p1 + log(scales[s]), 1e-12, "mu");
				assert_rel(b.p2, a.p2, 1e-9, "sigma");
				break;
			default:
				assert_rel(b.p1, a.p1, 1e-9, "shape");
				assert_rel(b.p2, a.p2 * scales[s], 1e-9, "scale");
				assert_rel(b.se1, a.se1, 1e-8, "se shape");
				break;
			}
			assert_rel(b.loglik, a.loglik - N * log(scales[s]), 1e-9,
				   "lnL shift");
			assert_rel(b.ks_d, a.ks_d, 1e-6, "KS");
		}
	}
	gsl_rng_free(g);
}
END_TEST

/* Without censoring, the censored MLEs are the complete ones. */
START_TEST(test_censored_without_censoring)
{
	gsl_rng *g = rng_new(SEED + 70);
	enum { N = 3000 };
	double x[N];
	bool e[N];
	draw(FIT_WEIBULL, 1.7, 200.0, g, x, N);
	for (int i = 0; i < N; i++)
		e[i] = true;
	struct fit_result c, u;
	ck_assert_int_eq(fit_censored_weibull(x, e, N, &c), STATUS_OK);
	ck_assert_int_eq(fit_weibull(x, N, NULL, &u), STATUS_OK);
	assert_rel(c.p1, u.p1, REL_ITER, "shape");
	assert_rel(c.p2, u.p2, REL_ITER, "scale");
	assert_rel(c.se1, u.se1, 1e-8, "se shape");
	assert_rel(c.se2, u.se2, 1e-8, "se scale");
	assert_rel(c.loglik, u.loglik, 1e-11, "lnL");
	/* Complete data: the KM is the empirical survival function, and
	 * sup |S_KM - S| is the KS distance. */
	assert_rel(c.ks_d, u.ks_d, 1e-9, "KS");
	ck_assert_uint_eq(c.events, N);

	ck_assert_int_eq(fit_censored_exponential(x, e, N, &c), STATUS_OK);
	ck_assert_int_eq(fit_exponential(x, N, NULL, &u), STATUS_OK);
	assert_rel(c.p1, u.p1, REL_EXACT, "rate");
	assert_rel(c.loglik, u.loglik, REL_EXACT, "lnL");
	assert_rel(c.ks_d, u.ks_d, 1e-9, "KS");
	gsl_rng_free(g);
}
END_TEST

/* An event at 0 counts as one at FIT_ZERO_TIME_S; a censoring at 0 as no
 * record (but it is still counted in n). */
START_TEST(test_zero_times)
{
	gsl_rng *g = rng_new(SEED + 80);
	enum { N = 400 };
	double t[N + 2] = { 0 }, t2[N + 2];
	bool e[N + 2];
	draw_censored(g, true, 0.9, 60.0, 80.0, t, e, N);
	struct fit_result a, b;
	for (int fam = 0; fam < 2; fam++) {
		int (*fit)(const double *, const bool *, size_t, struct fit_result *) =
			fam ? fit_censored_weibull : fit_censored_exponential;
		/* Baseline: N records and one event at FIT_ZERO_TIME_S. */
		memcpy(t2, t, sizeof t);
		t2[N] = FIT_ZERO_TIME_S;
		e[N] = true;
		ck_assert_int_eq(fit(t2, e, N + 1, &a), STATUS_OK);
		/* Same with the event at 0 and one censoring at 0 added. */
		t2[N] = 0.0;
		t2[N + 1] = 0.0;
		e[N + 1] = false;
		ck_assert_int_eq(fit(t2, e, N + 2, &b), STATUS_OK);
		assert_rel(b.p1, a.p1, REL_EXACT, "p1");
		if (fam)
			assert_rel(b.p2, a.p2, REL_EXACT, "p2");
		assert_rel(b.loglik, a.loglik, REL_EXACT, "lnL");
		assert_rel(b.ks_d, a.ks_d, REL_EXACT, "KS");
		ck_assert_uint_eq(b.n, N + 2);
		ck_assert_uint_eq(b.events, a.events);
	}

	/* fit_km keeps the event at 0 where it is. */
	const double z[] = { 0, 1, 2 };
	const bool ze[] = { true, false, true };
	struct fit_km_step s[3];
	size_t m;
	ck_assert_int_eq(fit_km(z, ze, 3, s, &m), STATUS_OK);
	ck_assert_uint_eq(m, 2);
	ck_assert(s[0].time == 0.0);
	assert_rel(s[0].surv, 2.0 / 3, REL_EXACT, "S(0)");
	gsl_rng_free(g);
}
END_TEST

START_TEST(test_km_limits)
{
	/* No censoring: S is 1 - (records up to t)/n. */
	const double t[] = { 3, 1, 2, 2, 4 };
	const bool e[] = { true, true, true, true, true };
	struct fit_km_step s[5];
	size_t m;
	ck_assert_int_eq(fit_km(t, e, 5, s, &m), STATUS_OK);
	ck_assert_uint_eq(m, 4);
	const double surv[] = { 0.8, 0.4, 0.2, 0.0 };
	for (size_t j = 0; j < m; j++)
		assert_abs(s[j].surv, surv[j], 1e-15, "S uncensored");
	/* Greenwood without censoring is the binomial S (1 - S) / n. */
	for (size_t j = 0; j < 3; j++)
		assert_rel(s[j].var, surv[j] * (1 - surv[j]) / 5, 1e-14,
			   "Greenwood = binomial");
	ck_assert(s[3].var == 0.0);

	/* The hand example with a last event at 9: S drops to 0, var 0. */
	const double t2[] = { 5, 3, 2, 7, 5, 3, 9 };
	const bool e2[] = { true, false, true, false, true, true, true };
	struct fit_km_step s2[7];
	ck_assert_int_eq(fit_km(t2, e2, 7, s2, &m), STATUS_OK);
	ck_assert_uint_eq(m, 4);
	ck_assert_uint_eq(s2[3].at_risk, 1);
	ck_assert(s2[3].surv == 0.0 && s2[3].var == 0.0);

	/* One record, an event. */
	ck_assert_int_eq(fit_km(t, e, 1, s, &m), STATUS_OK);
	ck_assert_uint_eq(m, 1);
	ck_assert(s[0].surv == 0.0 && s[0].var == 0.0);
}
END_TEST

/* The caller's scratch and the function's own give the same result. */
START_TEST(test_work_buffer)
{
	gsl_rng *g = rng_new(SEED + 90);
	double x[500], work[500];
	draw(FIT_GAMMA, 3.0, 10.0, g, x, 500);
	for (int f = 0; f < FIT_NFAMILIES; f++) {
		struct fit_result a, b;
		ck_assert_int_eq(fit_family((enum fit_family)f, x, 500, NULL, &a),
				 STATUS_OK);
		ck_assert_int_eq(fit_family((enum fit_family)f, x, 500, work, &b),
				 STATUS_OK);
		ck_assert(memcmp(&a, &b, sizeof a) == 0);
	}
	gsl_rng_free(g);
}
END_TEST

/* A tiny slot among large ones: only the large ones enter the ratios. */
START_TEST(test_pg_small_slots)
{
	const double a[] = { 0, 10, 1, 30, 2, 20 };
	double lambda[2];
	struct fit_overdispersion o;
	ck_assert_int_eq(fit_poisson_gamma(a, 3, 2, lambda, NULL, &o), STATUS_OK);
	ck_assert_uint_eq(o.vmr_slots, 1);
	/* slot 1: mean 20, variance 100 -> 5; totals 10, 31, 22: mean 21,
	 * s^2 = (121 + 100 + 1)/2 = 111, c^2 = (111 - 21)/441 = 90/441. */
	assert_rel(o.vmr_obs, 5.0, REL_EXACT, "vmr obs");
	assert_rel(o.c2, 90.0 / 441, REL_EXACT, "c^2");
	assert_rel(o.vmr_fit, 1.0 + 20 * 90.0 / 441, REL_EXACT, "vmr fit");
}
END_TEST

/* ---- errors ----------------------------------------------------------------- */

static void expect_fail(enum fit_family f, const double *x, size_t n, int want)
{
	struct fit_result r;
	memset(&r, 0x5a, sizeof r);
	int st = fit_family(f, x, n, NULL, &r);
	REQUIRE(st == want, "%s n=%zu: status %d, want %d", fit_family_name(f), n,
		st, want);
	ck_assert_int_eq(r.status, want);
	ck_assert_int_eq(r.family, f);
	ck_assert(r.p1 == 0.0 && r.p2 == 0.0 && r.loglik == 0.0 && r.n == 0);
}

START_TEST(test_sample_errors)
{
	const double ok[] = { 1, 2, 3 }, neg[] = { 1, -2, 3 }, zero[] = { 1, 0, 3 };
	const double nan[] = { 1, NAN, 3 }, inf[] = { 1, INFINITY, 3 };
	const double same[] = { 7, 7, 7, 7 };
	for (int i = 0; i < FIT_NFAMILIES; i++) {
		enum fit_family f = (enum fit_family)i;
		expect_fail(f, ok, 0, STATUS_EINVAL);
		expect_fail(f, NULL, 3, STATUS_EINVAL);
		expect_fail(f, neg, 3, STATUS_EINVAL);
		expect_fail(f, zero, 3, STATUS_EINVAL);
		expect_fail(f, nan, 3, STATUS_EINVAL);
		expect_fail(f, inf, 3, STATUS_EINVAL);
		if (f != FIT_EXPONENTIAL) {
			expect_fail(f, ok, 1, STATUS_EINVAL);
			expect_fail(f, same, 4, STATUS_EDOM);
		}
	}
	ck_assert_int_eq(fit_exponential(ok, 3, NULL, NULL), STATUS_EINVAL);
	ck_assert_int_eq(fit_lognormal(ok, 1, NULL, &(struct fit_result){ 0 }),
			 STATUS_EINVAL);
	ck_assert_int_eq(fit_gamma(same, 4, NULL, &(struct fit_result){ 0 }),
			 STATUS_EDOM);
	ck_assert_int_eq(fit_weibull(same, 4, NULL, &(struct fit_result){ 0 }),
			 STATUS_EDOM);
	struct fit_result r;
	ck_assert_int_eq(fit_family((enum fit_family)7, ok, 3, NULL, &r),
			 STATUS_EINVAL);

	/* fit_best: an all-equal sample leaves the exponential. */
	struct fit_result all[FIT_NFAMILIES], best;
	ck_assert_int_eq(fit_best(same, 4, NULL, all, &best), STATUS_OK);
	ck_assert_int_eq(best.family, FIT_EXPONENTIAL);
	assert_rel(best.p1, 1.0 / 7, REL_EXACT, "rate");
	for (int f = FIT_LOGNORMAL; f < FIT_NFAMILIES; f++)
		ck_assert_int_eq(all[f].status, STATUS_EDOM);
	ck_assert_int_eq(fit_best(neg, 3, NULL, all, &best), STATUS_EINVAL);
	ck_assert_int_eq(best.status, STATUS_EINVAL);
	ck_assert_int_eq(fit_best(nan, 3, NULL, NULL, &best), STATUS_EINVAL);
	ck_assert_int_eq(fit_best(ok, 0, NULL, NULL, &best), STATUS_EINVAL);
	ck_assert_int_eq(fit_best(NULL, 3, NULL, NULL, &best), STATUS_EINVAL);
	ck_assert_int_eq(fit_best(ok, 3, NULL, NULL, NULL), STATUS_EINVAL);

	/* fit_to_dist of a failed fit. */
	struct dist d;
	ck_assert_int_eq(fit_to_dist(&all[FIT_GAMMA], &d), STATUS_EINVAL);
	ck_assert_int_eq(fit_to_dist(NULL, &d), STATUS_EINVAL);
	ck_assert_int_eq(fit_to_dist(&best, NULL), STATUS_EINVAL);
}
END_TEST

START_TEST(test_censored_errors)
{
	const double t[] = { 1, 2, 3 }, neg[] = { 1, -1, 3 }, nan[] = { 1, NAN, 3 };
	const bool none[] = { false, false, false };
	const bool some[] = { true, false, true };
	struct fit_km_step s[3];
	size_t m = 5;
	struct fit_result r, all[FIT_NCENSORED], best;

	ck_assert_int_eq(fit_km(t, none, 3, s, &m), STATUS_EDOM);
	ck_assert_uint_eq(m, 0);
	ck_assert_int_eq(fit_km(neg, some, 3, s, &m), STATUS_EINVAL);
	ck_assert_int_eq(fit_km(nan, some, 3, s, &m), STATUS_EINVAL);
	ck_assert_int_eq(fit_km(t, some, 0, s, &m), STATUS_EINVAL);
	ck_assert_int_eq(fit_km(NULL, some, 3, s, &m), STATUS_EINVAL);
	ck_assert_int_eq(fit_km(t, NULL, 3, s, &m), STATUS_EINVAL);
	ck_assert_int_eq(fit_km(t, some, 3, NULL, &m), STATUS_EINVAL);
	ck_assert_int_eq(fit_km(t, some, 3, s, NULL), STATUS_EINVAL);

	ck_assert_int_eq(fit_censored_exponential(t, none, 3, &r), STATUS_EDOM);
	ck_assert_int_eq(r.status, STATUS_EDOM);
	ck_assert_int_eq(fit_censored_weibull(t, none, 3, &r), STATUS_EDOM);
	ck_assert_int_eq(fit_censored_weibull(neg, some, 3, &r), STATUS_EINVAL);
	ck_assert_int_eq(fit_censored_exponential(nan, some, 3, &r), STATUS_EINVAL);
	ck_assert_int_eq(fit_censored_weibull(t, some, 0, &r), STATUS_EINVAL);
	ck_assert_int_eq(fit_censored_weibull(t, some, 3, NULL), STATUS_EINVAL);
	ck_assert_int_eq(fit_censored_best(t, none, 3, all, &best), STATUS_EDOM);
	ck_assert_int_eq(all[0].status, STATUS_EDOM);
	ck_assert_int_eq(all[1].status, STATUS_EDOM);
	ck_assert_int_eq(fit_censored_best(t, some, 3, all, NULL), STATUS_EINVAL);

	/* Every event at the largest time: no finite Weibull MLE (the shape
	 * runs to infinity), the exponential is fine and wins. */
	const double late[] = { 1, 2, 5, 5 };
	const bool late_e[] = { false, false, true, true };
	ck_assert_int_eq(fit_censored_weibull(late, late_e, 4, &r), STATUS_EDOM);
	ck_assert_int_eq(fit_censored_best(late, late_e, 4, all, &best), STATUS_OK);
	ck_assert_int_eq(best.family, FIT_EXPONENTIAL);
	assert_rel(best.p1, 2.0 / 13, REL_EXACT, "rate");
	ck_assert_int_eq(all[1].status, STATUS_EDOM);
	/* One record. */
	ck_assert_int_eq(fit_censored_weibull(t, some, 1, &r), STATUS_EDOM);
	ck_assert_int_eq(fit_censored_exponential(t, some, 1, &r), STATUS_OK);
	assert_rel(r.p1, 1.0, REL_EXACT, "rate");
}
END_TEST

START_TEST(test_pg_errors)
{
	const double a[] = { 1, 2, 3, 4 }, neg[] = { 1, -2, 3, 4 };
	const double nan[] = { 1, NAN, 3, 4 }, zero[] = { 0, 0, 0, 0 };
	double lambda[2];
	struct fit_overdispersion o;
	ck_assert_int_eq(fit_poisson_gamma(a, 1, 4, lambda, NULL, &o), STATUS_EINVAL);
	ck_assert_int_eq(fit_poisson_gamma(a, 4, 0, lambda, NULL, &o), STATUS_EINVAL);
	ck_assert_int_eq(fit_poisson_gamma(neg, 2, 2, lambda, NULL, &o), STATUS_EINVAL);
	ck_assert_int_eq(fit_poisson_gamma(nan, 2, 2, lambda, NULL, &o), STATUS_EINVAL);
	ck_assert_int_eq(fit_poisson_gamma(zero, 2, 2, lambda, NULL, &o), STATUS_EDOM);
	ck_assert_int_eq(fit_poisson_gamma(NULL, 2, 2, lambda, NULL, &o), STATUS_EINVAL);
	ck_assert_int_eq(fit_poisson_gamma(a, 2, 2, NULL, NULL, &o), STATUS_EINVAL);
	ck_assert_int_eq(fit_poisson_gamma(a, 2, 2, lambda, NULL, NULL), STATUS_EINVAL);
	ck_assert_int_eq(fit_poisson_gamma(a, SIZE_MAX / 2, 4, lambda, NULL, &o),
			 STATUS_EINVAL);
}
END_TEST

Suite *fit_suite(void);

Suite *fit_suite(void)
{
	Suite *s = suite_create("fit");

	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_hand_five_points);
	tcase_add_test(tc, test_gamma_weibull_conditions);
	tcase_add_test(tc, test_to_dist);
	tcase_add_test(tc, test_family_names);
	tcase_add_loop_test(tc, test_recover, 0, FIT_NFAMILIES);
	tcase_add_test(tc, test_se_spread);
	tcase_add_test(tc, test_km_hand);
	tcase_add_test(tc, test_km_large);
	tcase_add_test(tc, test_censored_weibull);
	tcase_add_test(tc, test_pg_hand);
	tcase_add_test(tc, test_pg_recover);
	suite_add_tcase(s, tc);

	tc = tcase_create("limits");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_one_point);
	tcase_add_test(tc, test_extreme_shapes);
	tcase_add_test(tc, test_scale_equivariance);
	tcase_add_test(tc, test_censored_without_censoring);
	tcase_add_test(tc, test_zero_times);
	tcase_add_test(tc, test_km_limits);
	tcase_add_test(tc, test_work_buffer);
	tcase_add_test(tc, test_pg_small_slots);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_test(tc, test_sample_errors);
	tcase_add_test(tc, test_censored_errors);
	tcase_add_test(tc, test_pg_errors);
	suite_add_tcase(s, tc);

	return s;
}
