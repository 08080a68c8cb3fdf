/*
 * fit.c: distributions and arrival variability estimated from call records.
 *
 * 1. Complete positive samples x_1..x_n (seconds), maximum likelihood.
 *    Write m = (1/n) sum x_i, l = (1/n) sum ln x_i.
 *
 *    exponential  r = 1/m;  lnL = n ln r - n;  se(r) = r / sqrt(n).
 *    lognormal    mu = l, sigma^2 = (1/n) sum (ln x_i - mu)^2 (the MLE,
 *                 divisor n);  lnL = -n (l + ln sigma + ln(2 pi)/2 + 1/2);
 *                 se(mu) = sigma / sqrt(n), se(sigma) = sigma / sqrt(2n).
 *    gamma        theta = m / k, where k solves ln k - psi(k) = s with
 *                 s = ln m - l >= 0 (Jensen; 0 only when all x are equal).
 *                 Newton on u = ln k: the left side is decreasing and
 *                 convex in u, so from Minka's start
 *                   k0 = (3 - s + sqrt((s - 3)^2 + 24 s)) / (12 s)
 *                 (Thom 1958's approximation, refined by Minka 2002) the
 *                 iterates converge in a few steps; they stop when u moves
 *                 by less than 1e-10 (relative change of k).  s is taken as
 *                 log1p((1/n) sum expm1(ln x_i - l)), exact even for nearly
 *                 equal data, and for k >= 20 both ln k - psi(k) and
 *                 k psi'(k) - 1 come from their asymptotic series (their
 *                 direct difference would lose digits as k grows).
 *                 lnL = n ((k - 1) l - k - k ln theta - ln G(k)).
 *                 Observed information (per observation) at the MLE
 *                   [ psi'(k)    1/theta     ]
 *                   [ 1/theta    k/theta^2   ],
 *                 inverse over n: var k = k / (n (k psi'(k) - 1)),
 *                 var theta = theta^2 psi'(k) / (n (k psi'(k) - 1)).
 *    weibull      k solves the profile equation
 *                   h(k) = sum x^k ln x / sum x^k - 1/k - l = 0,
 *                 lambda = ((1/n) sum x^k)^(1/k).  h rises strictly from -inf
 *                 (k -> 0) to max ln x - l > 0 (k -> inf), so its root is
 *                 unique; h'(k) = (variance of ln x under weights x^k) +
 *                 1/k^2.  Newton from k0 = pi / (sqrt 6 sd(ln x)) (the
 *                 shape whose log-variance matches), kept inside a bracket
 *                 found by doubling and halving, bisecting when a step
 *                 leaves it; stop at relative change 1e-10.  The sums are
 *                 taken over (x/x_max)^k, which cannot overflow.
 *                 lnL = n (ln k - k ln lambda + (k - 1) l - 1).
 *                 With z_i = (x_i/lambda)^k, y_i = ln(x_i/lambda), the
 *                 observed information at the MLE is
 *                   [ n/k^2 + sum z y^2       -(k/lambda) sum z y ]
 *                   [ -(k/lambda) sum z y      n k^2 / lambda^2   ],
 *                 inverted as a 2x2 matrix.
 *    All:         AIC = 2p - 2 lnL (p = 1 for the exponential, else 2);
 *                 KS distance D = max_i max(i/n - F(x_(i)), F(x_(i)) - (i-1)/n)
 *                 over the sorted sample.  With estimated parameters D is
 *                 smaller than for a fully specified F (Lilliefors), so
 *                 1.36/sqrt(n) is a conservative 5% bound.
 *    Fitted mean and cv: exponential 1/r and 1; lognormal exp(mu + s^2/2)
 *    and sqrt(exp(s^2) - 1); gamma k theta and 1/sqrt(k); Weibull
 *    lambda G(1 + 1/k) and sqrt(G(1 + 2/k)/G(1 + 1/k)^2 - 1) (through
 *    lgamma and expm1; a mean beyond a double is +INFINITY).
 *
 * 2. Right-censored times (patience): record i has time t_i and an event
 *    flag; an abandoned call's patience is t_i (event), an answered call's
 *    patience only exceeds its wait t_i (censored).  Patience and wait are
 *    assumed independent given the records (Brown et al. 2005).
 *
 *    Kaplan-Meier: at the distinct event times t_(1) < t_(2) < ..., with
 *    n_j records of time >= t_j at risk and d_j events at t_j,
 *      S(t_j) = prod_{i<=j} (1 - d_i/n_i),
 *      Var S(t_j) = S(t_j)^2 sum_{i<=j} d_i / (n_i (n_i - d_i))   (Greenwood).
 *    A censoring tied with an event counts as still at risk.  When every
 *    record at risk has its event (n_j = d_j) S drops to 0 and its
 *    variance is given as 0 (Greenwood's term is 0 * inf there).
 *
 *    Exponential: lnL = d ln r - r sum_all t, so r = d / sum_all t,
 *    lnL = d ln r - d, se(r) = r / sqrt(d) (d events).
 *    Weibull: lnL = d ln k - d k ln lambda + (k - 1) sum_ev ln t
 *    - sum_all (t/lambda)^k; the score in lambda gives
 *    lambda^k = sum_all t^k / d and the profile equation
 *      sum_all t^k ln t / sum_all t^k - 1/k - (1/d) sum_ev ln t = 0,
 *    solved as in the complete case (which it is when every record is an
 *    event).  A root exists iff the largest time exceeds the mean event
 *    log-time, i.e. unless every event sits at the largest time.  The
 *    observed information is the complete one with n replaced by d in its
 *    non-sum terms and the sums over all records.
 *    Zero times: see FIT_ZERO_TIME_S in fit.h (an event at 0 is taken at
 *    0.5 s in both censored MLEs, so their AICs compare the same data; a
 *    censoring at 0 contributes S(0) = 1, i.e. nothing).
 *    Goodness of fit: ks_d = sup_t |S_KM(t) - S(t)| for t up to the largest
 *    time; S_KM is a step function and S continuous and decreasing, so the
 *    sup is reached just before or at an event time, or at the largest time.
 *
 * 3. Poisson-gamma day effect (Jongbloed & Koole 2001): N[d][k] given B_d
 *    is Poisson(B_d lambda_k), B_d ~ Gamma(shape 1/c^2, scale c^2), mean 1,
 *    variance c^2.  Then E N[d][k] = lambda_k,
 *    Var N[d][k] = lambda_k + c^2 lambda_k^2 (variance-to-mean ratio
 *    1 + c^2 lambda_k), and the daily total T_d = sum_k N[d][k] has mean
 *    Lambda = sum_k lambda_k and variance Lambda + c^2 Lambda^2.  Estimates:
 *    lambda_k = mean over days of N[d][k] (unbiased, variance
 *    (lambda_k + c^2 lambda_k^2) / D), and by moments on the totals
 *      c^2 = max(0, (s_T^2 - mean_T) / mean_T^2),
 *    s_T^2 with divisor D - 1.  Bias: numerator and denominator are
 *    unbiased, the ratio is not.  To first order (delta method, with
 *    Var mean_T = Var T / D, Cov(s_T^2, mean_T) = mu_3 / D and the mixture's
 *    third central moment mu_3 = Lambda + 3 c^2 Lambda^2 + 2 c^4 Lambda^3)
 *      E[c^2 estimate] = c^2 (1 - (c^2 + 1/Lambda) / D),
 *    a relative bias of -2e-5 at c = 0.2, D = 2000 (a simulation at D = 10
 *    and 40 agrees within its error).  The clamp at 0 biases it upwards when
 *    c is near 0: pure Poisson days give 0 about half the time and
 *    otherwise a value of order sqrt(2/D)/Lambda.  The standard error is
 *    about c^2 sqrt(2/D) when c^2 Lambda >> 1 (the gamma's small excess
 *    kurtosis, 6 c^2, aside).  Pooling day types with different profiles
 *    inflates c^2: fit one day type at a time.
 *
 * References: A. M. Law, Simulation Modeling and Analysis (5th ed., 2015),
 * ch. 6 (MLEs of the families, their information matrices, KS tests);
 * T. P. Minka (2002), Estimating a gamma distribution; H. C. S. Thom (1958);
 * E. L. Kaplan and P. Meier (1958), Nonparametric estimation from
 * incomplete observations, JASA 53; M. Greenwood (1926), The natural
 * duration of cancer; L. Brown, N. Gans, A. Mandelbaum, A. Sakov, H. Shen,
 * S. Zeltyn and L. Zhao (2005), Statistical analysis of a telephone call
 * center, JASA 100; G. Jongbloed and G. Koole (2001), Managing uncertainty
 * in call centres using Poisson mixtures, Applied Stochastic Models in
 * Business and Industry 17.
 */
#include "fit.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_sf_psi.h>

#include "../sim/status.h"

#define TOL_REL 1e-10       /* relative change that ends an iteration */
#define MAX_ITER 200
#define SHAPE_MIN 1e-10     /* a Weibull bracket beyond these has no root */
#define SHAPE_MAX 1e10
#define ASYMPTOTIC_K 20.0   /* from here on psi and psi' by their series */
#define TEMME_K 1e5         /* from here on the gamma cdf by Temme's expansion */
#define LN_SQRT_2PI 0.918938533204672741780329736406
#define PI_OVER_SQRT6 1.28254983016118640

static const char *const family_names[] = {
	[FIT_EXPONENTIAL] = "exponential",
	[FIT_LOGNORMAL] = "lognormal",
	[FIT_GAMMA] = "gamma",
	[FIT_WEIBULL] = "weibull",
};

const char *fit_family_name(enum fit_family f)
{
	if ((unsigned)f >= FIT_NFAMILIES)
		return "unknown";
	return family_names[f];
}

/* *r becomes a zeroed result of family f with status st; st is returned. */
static int reset(struct fit_result *r, enum fit_family f, int st)
{
	*r = (struct fit_result){ .family = f, .status = st };
	return st;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Mean and cv of a fitted family (p1, p2 as in fit.h). */
static void moments(enum fit_family f, double p1, double p2, double *mean,
		    double *cv)
{
	switch (f) {
	case FIT_EXPONENTIAL:
		*mean = 1.0 / p1;
		*cv = 1.0;
		break;
	case FIT_LOGNORMAL:
		*mean = exp(p1 + p2 * p2 / 2.0);
		*cv = sqrt(expm1(p2 * p2));
		break;
	case FIT_GAMMA:
		*mean = p1 * p2;
		*cv = 1.0 / sqrt(p1);
		break;
	case FIT_WEIBULL: {
		double g1 = gsl_sf_lngamma(1.0 + 1.0 / p1);
		double g2 = gsl_sf_lngamma(1.0 + 2.0 / p1);
		*mean = exp(log(p2) + g1);
		*cv = sqrt(expm1(g2 - 2.0 * g1));
		break;
	}
	}
}

/* Common tail of every fit: moments, AIC. */
static void finish(struct fit_result *r, int nparams)
{
	moments(r->family, r->p1, r->p2, &r->mean, &r->cv);
	r->aic = 2.0 * nparams - 2.0 * r->loglik;
	r->status = STATUS_OK;
}

/* ---- Complete samples ---------------------------------------------------- */

/* What every complete-sample fit needs: the log-values sorted (lx, owned by
 * the caller of the public function) and their summaries. */
struct sample {
	const double *lx;   /* ln x, increasing */
	size_t n;
	double mean;        /* (1/n) sum x */
	double mean_log;    /* l = (1/n) sum ln x */
	bool all_equal;
};

/* Validates x (n >= 1, all finite and > 0) and fills *s, writing the sorted
 * logs into buf (n doubles). */
static int sample_load(const double *x, size_t n, double *buf, struct sample *s)
{
	double sum = 0.0, sum_log = 0.0;
	for (size_t i = 0; i < n; i++) {
		if (!(isfinite(x[i]) && x[i] > 0.0))
			return STATUS_EINVAL;
		sum += x[i];
		buf[i] = log(x[i]);
		sum_log += buf[i];
	}
	qsort(buf, n, sizeof *buf, cmp_double);
	*s = (struct sample){
		.lx = buf,
		.n = n,
		.mean = sum / (double)n,
		.mean_log = sum_log / (double)n,
		.all_equal = buf[0] == buf[n - 1],
	};
	return STATUS_OK;
}

/* Gamma(k, theta) cdf at x = exp(lx).  Below TEMME_K, GSL's; from there on
 * (where GSL's incomplete gamma function gives up on some arguments near
 * the mean, through the error handler, from k about 1e6) Temme's uniform
 * expansion to its first correction term, with lam = x/(k theta),
 * eta = sign(lam - 1) sqrt(2 (lam - 1 - ln lam)):
 *   P = erfc(-eta sqrt(k/2))/2 - e^{-k eta^2/2} / sqrt(2 pi k) c0(eta),
 *   c0 = 1/(lam - 1) - 1/eta  (-1/3 + eta/12 near eta = 0),
 * whose error is O(k^{-3/2}), below 1e-10 here (DLMF 8.12). */
static double gamma_cdf_at_log(double k, double theta, double lx)
{
	if (k < TEMME_K)
		return gsl_cdf_gamma_P(exp(lx), k, theta);
	double u = expm1(lx - log(k) - log(theta));
	double eta = (u < 0.0 ? -1.0 : 1.0) * sqrt(2.0 * (u - log1p(u)));
	double c0 = fabs(eta) < 1e-3 ? -1.0 / 3.0 + eta / 12.0 : 1.0 / u - 1.0 / eta;
	return 0.5 * erfc(-eta * sqrt(k / 2.0)) -
	       exp(-k * eta * eta / 2.0) / sqrt(2.0 * M_PI * k) * c0;
}

/* The fitted cdf at x = exp(lx). */
static double cdf_at_log(enum fit_family f, double p1, double p2, double lx)
{
	switch (f) {
	case FIT_EXPONENTIAL:
		return -expm1(-p1 * exp(lx));
	case FIT_LOGNORMAL:
		return gsl_cdf_ugaussian_P((lx - p1) / p2);
	case FIT_GAMMA:
		return gamma_cdf_at_log(p1, p2, lx);
	case FIT_WEIBULL:
		return -expm1(-exp(p1 * (lx - log(p2))));
	}
	return 0.0;
}

static double ks_complete(const struct sample *s, enum fit_family f, double p1,
			  double p2)
{
	double d = 0.0, n = (double)s->n;
	for (size_t i = 0; i < s->n; i++) {
		double F = cdf_at_log(f, p1, p2, s->lx[i]);
		double above = (double)(i + 1) / n - F, below = F - (double)i / n;
		if (above > d)
			d = above;
		if (below > d)
			d = below;
	}
	return d;
}

/* ln k - psi(k), accurate for every k > 0. */
static double lnk_minus_psi(double k)
{
	if (k >= ASYMPTOTIC_K) {
		double q = 1.0 / k, q2 = q * q;
		return q * (0.5 + q * (1.0 / 12.0 -
			   q2 * (1.0 / 120.0 - q2 * (1.0 / 252.0 - q2 / 240.0))));
	}
	return log(k) - gsl_sf_psi(k);
}

/* k psi'(k) - 1 (> 0), accurate for every k > 0. */
static double kpsi1_minus_1(double k)
{
	if (k >= ASYMPTOTIC_K) {
		double q = 1.0 / k, q2 = q * q;
		return q * (0.5 + q * (1.0 / 6.0 -
			   q2 * (1.0 / 30.0 - q2 * (1.0 / 42.0 - q2 / 30.0))));
	}
	return k * gsl_sf_psi_1(k) - 1.0;
}

/*
 * The Weibull profile equation, shared by complete and censored samples:
 * lt[0..m) are the log-times entering sum t^k, d the number of events and
 * ev_log their mean log-time.  Writes the shape *k and ln lambda.
 */
struct profile {
	const double *lt;
	size_t m;
	double top;         /* max lt: the sums run over exp(k (lt - top)) <= 1 */
	double target;      /* ev_log - top (< 0 when a root exists) */
};

/* h(k) and h'(k); see the header comment. */
static double profile_h(const struct profile *p, double k, double *dh)
{
	double s0 = 0.0, s1 = 0.0, s2 = 0.0;
	for (size_t i = 0; i < p->m; i++) {
		double t = p->lt[i] - p->top;
		double w = exp(k * t);
		s0 += w;
		s1 += w * t;
		s2 += w * t * t;
	}
	double a = s1 / s0, v = s2 / s0 - a * a;
	if (dh)
		*dh = (v > 0.0 ? v : 0.0) + 1.0 / (k * k);
	return a - 1.0 / k - p->target;
}

static int weibull_solve(const double *lt, size_t m, double d, double ev_log,
			 double *k_out, double *loglam)
{
	struct profile p = { .lt = lt, .m = m, .top = lt[0] };
	double sum = 0.0;
	for (size_t i = 0; i < m; i++) {
		if (lt[i] > p.top)
			p.top = lt[i];
		sum += lt[i];
	}
	p.target = ev_log - p.top;
	if (!(p.target < 0.0))
		return STATUS_EDOM;

	/* Start where a Weibull's log-variance, pi^2 / (6 k^2), matches. */
	double mean = sum / (double)m, ss = 0.0;
	for (size_t i = 0; i < m; i++)
		ss += (lt[i] - mean) * (lt[i] - mean);
	double sd = sqrt(ss / (double)m);
	double k = sd > 0.0 ? PI_OVER_SQRT6 / sd : 1.0;
	if (!(k > SHAPE_MIN && k < SHAPE_MAX))
		k = 1.0;

	/* Bracket the root: h(lo) <= 0 <= h(hi). */
	double lo = k, hi = k, h = profile_h(&p, k, NULL);
	if (h < 0.0) {
		while (profile_h(&p, hi, NULL) < 0.0) {
			lo = hi;
			hi *= 2.0;
			if (hi > SHAPE_MAX)
				return STATUS_EDOM;
		}
	} else if (h > 0.0) {
		while (profile_h(&p, lo, NULL) > 0.0) {
			hi = lo;
			lo /= 2.0;
			if (lo < SHAPE_MIN)
				return STATUS_EDOM;
		}
	}

	/* Newton, falling back on bisection when a step leaves the bracket. */
	int converged = h == 0.0;
	for (int it = 0; it < MAX_ITER && !converged; it++) {
		double dh;
		h = profile_h(&p, k, &dh);
		if (h == 0.0)
			break;
		if (h < 0.0)
			lo = k;
		else
			hi = k;
		double next = k - h / dh;
		if (!(next > lo && next < hi))
			next = 0.5 * (lo + hi);
		converged = fabs(next - k) <= TOL_REL * k;
		k = next;
	}
	if (!converged && h != 0.0)
		return STATUS_EDOM;

	double s0 = 0.0;
	for (size_t i = 0; i < m; i++)
		s0 += exp(k * (lt[i] - p.top));
	*k_out = k;
	*loglam = p.top + log(s0 / d) / k;
	return isfinite(*loglam) ? STATUS_OK : STATUS_EDOM;
}

/* Standard errors of (k, lambda) from the observed information, see the
 * header comment; d events, sums over lt[0..m). */
static int weibull_se(const double *lt, size_t m, double d, double k,
		      double loglam, double *se_k, double *se_lam)
{
	double szy = 0.0, szy2 = 0.0;
	for (size_t i = 0; i < m; i++) {
		double y = lt[i] - loglam, z = exp(k * y);
		szy += z * y;
		szy2 += z * y * y;
	}
	/* Information with lambda factored out: [a, b/lam; b/lam, c/lam^2]. */
	double a = d / (k * k) + szy2, b = -k * szy, c = d * k * k;
	double det = a * c - b * b;
	if (!(det > 0.0))
		return STATUS_EDOM;
	*se_k = sqrt(c / det);
	*se_lam = exp(loglam) * sqrt(a / det);
	return STATUS_OK;
}

/* The MLE of family f from the prepared sample; *r filled either way. */
static int fit_sample(enum fit_family f, const struct sample *s,
		      struct fit_result *r)
{
	double n = (double)s->n;
	int st;

	reset(r, f, STATUS_OK);
	if (f != FIT_EXPONENTIAL && s->n < 2)
		return reset(r, f, STATUS_EINVAL);
	if (f != FIT_EXPONENTIAL && s->all_equal)
		return reset(r, f, STATUS_EDOM);

	switch (f) {
	case FIT_EXPONENTIAL: {
		double rate = 1.0 / s->mean;
		if (!(isfinite(rate) && rate > 0.0))
			return reset(r, f, STATUS_EDOM);
		r->p1 = rate;
		r->se1 = rate / sqrt(n);
		r->loglik = n * log(rate) - n;
		break;
	}
	case FIT_LOGNORMAL: {
		double mu = s->mean_log, ss = 0.0;
		for (size_t i = 0; i < s->n; i++)
			ss += (s->lx[i] - mu) * (s->lx[i] - mu);
		double sigma = sqrt(ss / n);
		if (!(sigma > 0.0 && isfinite(sigma)))
			return reset(r, f, STATUS_EDOM);
		r->p1 = mu;
		r->p2 = sigma;
		r->se1 = sigma / sqrt(n);
		r->se2 = sigma / sqrt(2.0 * n);
		r->loglik = -n * (mu + log(sigma) + LN_SQRT_2PI + 0.5);
		break;
	}
	case FIT_GAMMA: {
		/* s = ln(mean) - mean(ln x), free of cancellation. */
		double acc = 0.0;
		for (size_t i = 0; i < s->n; i++)
			acc += expm1(s->lx[i] - s->mean_log);
		double gs = log1p(acc / n);
		if (!(gs > 0.0 && isfinite(gs)))
			return reset(r, f, STATUS_EDOM);
		double u = log((3.0 - gs + sqrt((gs - 3.0) * (gs - 3.0) + 24.0 * gs)) /
			       (12.0 * gs));
		int converged = 0;
		for (int it = 0; it < MAX_ITER && !converged; it++) {
			double k = exp(u);
			double step = (lnk_minus_psi(k) - gs) / kpsi1_minus_1(k);
			if (!isfinite(step))
				break;
			u += step;
			converged = fabs(step) <= TOL_REL;
		}
		double k = exp(u);
		if (!converged || !(isfinite(k) && k > 0.0))
			return reset(r, f, STATUS_EDOM);
		double theta = s->mean / k, q = kpsi1_minus_1(k);
		double psi1 = (q + 1.0) / k;
		r->p1 = k;
		r->p2 = theta;
		r->se1 = sqrt(k / (n * q));
		r->se2 = theta * sqrt(psi1 / (n * q));
		r->loglik = n * ((k - 1.0) * s->mean_log - k - k * log(theta) -
				 gsl_sf_lngamma(k));
		break;
	}
	case FIT_WEIBULL: {
		double k, loglam;
		st = weibull_solve(s->lx, s->n, n, s->mean_log, &k, &loglam);
		if (st == STATUS_OK)
			st = weibull_se(s->lx, s->n, n, k, loglam, &r->se1, &r->se2);
		if (st != STATUS_OK)
			return reset(r, f, st);
		r->p1 = k;
		r->p2 = exp(loglam);
		r->loglik = n * (log(k) - k * loglam + (k - 1.0) * s->mean_log - 1.0);
		break;
	}
	default:
		return reset(r, f, STATUS_EINVAL);
	}
	r->n = s->n;
	r->events = s->n;
	r->ks_d = ks_complete(s, f, r->p1, r->p2);
	finish(r, f == FIT_EXPONENTIAL ? 1 : 2);
	return STATUS_OK;
}

/* Scratch of n doubles: the caller's, or a fresh one (*owned set). */
static double *scratch(double *work, size_t n, double **owned)
{
	*owned = NULL;
	if (work)
		return work;
	if (n > SIZE_MAX / sizeof(double))
		return NULL;
	*owned = malloc(n * sizeof(double));
	return *owned;
}

int fit_family(enum fit_family f, const double *x, size_t n, double *work,
	       struct fit_result *r)
{
	if (!r)
		return STATUS_EINVAL;
	if ((unsigned)f >= FIT_NFAMILIES)
		return reset(r, FIT_EXPONENTIAL, STATUS_EINVAL);
	if (!x || n < (f == FIT_EXPONENTIAL ? 1u : 2u))
		return reset(r, f, STATUS_EINVAL);
	double *owned, *buf = scratch(work, n, &owned);
	if (!buf)
		return reset(r, f, STATUS_ENOMEM);
	struct sample s;
	int st = sample_load(x, n, buf, &s);
	if (st == STATUS_OK)
		st = fit_sample(f, &s, r);
	else
		reset(r, f, st);
	free(owned);
	return st;
}

int fit_exponential(const double *x, size_t n, double *work, struct fit_result *r)
{
	return fit_family(FIT_EXPONENTIAL, x, n, work, r);
}

int fit_lognormal(const double *x, size_t n, double *work, struct fit_result *r)
{
	return fit_family(FIT_LOGNORMAL, x, n, work, r);
}

int fit_gamma(const double *x, size_t n, double *work, struct fit_result *r)
{
	return fit_family(FIT_GAMMA, x, n, work, r);
}

int fit_weibull(const double *x, size_t n, double *work, struct fit_result *r)
{
	return fit_family(FIT_WEIBULL, x, n, work, r);
}

int fit_best(const double *x, size_t n, double *work,
	     struct fit_result all[FIT_NFAMILIES], struct fit_result *best)
{
	if (!best)
		return STATUS_EINVAL;
	reset(best, FIT_EXPONENTIAL, STATUS_EINVAL);
	if (!x || n == 0)
		return STATUS_EINVAL;
	double *owned, *buf = scratch(work, n, &owned);
	if (!buf)
		return reset(best, FIT_EXPONENTIAL, STATUS_ENOMEM);
	struct sample s;
	int st = sample_load(x, n, buf, &s);
	if (st != STATUS_OK) {
		free(owned);
		return reset(best, FIT_EXPONENTIAL, st);
	}
	struct fit_result res[FIT_NFAMILIES];
	int found = -1;
	for (int f = 0; f < FIT_NFAMILIES; f++) {
		fit_sample((enum fit_family)f, &s, &res[f]);
		if (res[f].status == STATUS_OK &&
		    (found < 0 || res[f].aic < res[found].aic))
			found = f;
	}
	free(owned);
	if (all)
		memcpy(all, res, sizeof res);
	if (found < 0)
		return reset(best, FIT_EXPONENTIAL, STATUS_EDOM);
	*best = res[found];
	return STATUS_OK;
}

/* ---- Censored samples ---------------------------------------------------- */

struct rec {
	double t;
	bool event;
};

/* By time; at equal times events first.  (km_sorted counts a whole tie as
 * at risk whatever its order; the rule only fixes the order.) */
static int cmp_rec(const void *a, const void *b)
{
	const struct rec *x = a, *y = b;
	if (x->t != y->t)
		return (x->t > y->t) - (x->t < y->t);
	return (int)y->event - (int)x->event;
}

/* Validated, sorted copy of the records (caller frees); *d gets the number
 * of events.  With zero_time, events at 0 are moved to FIT_ZERO_TIME_S. */
static int records_load(const double *t, const bool *event, size_t n,
			bool zero_time, struct rec **out, size_t *d)
{
	*out = NULL;
	*d = 0;
	if (!t || !event || n == 0)
		return STATUS_EINVAL;
	for (size_t i = 0; i < n; i++)
		if (!(isfinite(t[i]) && t[i] >= 0.0))
			return STATUS_EINVAL;
	if (n > SIZE_MAX / sizeof(struct rec))
		return STATUS_ENOMEM;
	struct rec *r = malloc(n * sizeof *r);
	if (!r)
		return STATUS_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		r[i].t = t[i];
		r[i].event = event[i];
		if (zero_time && event[i] && t[i] == 0.0)
			r[i].t = FIT_ZERO_TIME_S;
		*d += event[i] ? 1u : 0u;
	}
	qsort(r, n, sizeof *r, cmp_rec);
	*out = r;
	return STATUS_OK;
}

/* Kaplan-Meier over sorted records; returns the number of steps. */
static size_t km_sorted(const struct rec *r, size_t n, struct fit_km_step *steps)
{
	size_t m = 0, i = 0;
	double surv = 1.0, green = 0.0;
	while (i < n) {
		size_t j = i, d = 0;
		while (j < n && r[j].t == r[i].t) {
			d += r[j].event ? 1u : 0u;
			j++;
		}
		if (d > 0) {
			size_t at_risk = n - i;
			surv *= 1.0 - (double)d / (double)at_risk;
			if (at_risk > d)
				green += (double)d /
					 ((double)at_risk * (double)(at_risk - d));
			else
				surv = 0.0;
			steps[m++] = (struct fit_km_step){
				.time = r[i].t,
				.at_risk = at_risk,
				.events = d,
				.surv = surv,
				.var = surv > 0.0 ? surv * surv * green : 0.0,
			};
		}
		i = j;
	}
	return m;
}

int fit_km(const double *t, const bool *event, size_t n, struct fit_km_step *steps,
	   size_t *m)
{
	if (!m)
		return STATUS_EINVAL;
	*m = 0;
	if (!steps)
		return STATUS_EINVAL;
	struct rec *r;
	size_t d;
	int st = records_load(t, event, n, false, &r, &d);
	if (st != STATUS_OK)
		return st;
	if (d > 0)
		*m = km_sorted(r, n, steps);
	free(r);
	return d > 0 ? STATUS_OK : STATUS_EDOM;
}

/* Fitted survival function at t > 0. */
static double surv_at(const struct fit_result *r, double t)
{
	if (r->family == FIT_EXPONENTIAL)
		return exp(-r->p1 * t);
	return exp(-pow(t / r->p2, r->p1));
}

/* sup_t |S_KM(t) - S(t)| on [0, largest time]. */
static double ks_censored(const struct fit_result *r, const struct fit_km_step *s,
			  size_t m, double t_max)
{
	double d = 0.0, before = 1.0;
	for (size_t j = 0; j < m; j++) {
		double S = surv_at(r, s[j].time);
		d = fmax(d, fmax(fabs(before - S), fabs(s[j].surv - S)));
		before = s[j].surv;
	}
	if (m > 0 && t_max > s[m - 1].time)
		d = fmax(d, fabs(before - surv_at(r, t_max)));
	return d;
}

/* Working arrays of a censored fit. */
struct censored {
	struct rec *r;               /* sorted records, zero events moved */
	size_t n, d;
	struct fit_km_step *steps;   /* KM of r */
	size_t m;
	double *lt;                  /* log-times of records with t > 0 */
	size_t nlt;
	double sum_t;                /* sum of all times */
	double ev_log;               /* mean log-time of the events */
};

static void censored_free(struct censored *c)
{
	free(c->r);
	free(c->steps);
	free(c->lt);
}

static int censored_load(const double *t, const bool *event, size_t n,
			 struct censored *c)
{
	*c = (struct censored){ .n = n };
	int st = records_load(t, event, n, true, &c->r, &c->d);
	if (st != STATUS_OK)
		return st;
	if (c->d == 0)
		return STATUS_EDOM;
	if (n > SIZE_MAX / sizeof *c->steps)
		return STATUS_ENOMEM;
	c->steps = malloc(n * sizeof *c->steps);
	c->lt = malloc(n * sizeof *c->lt);
	if (!c->steps || !c->lt)
		return STATUS_ENOMEM;
	double ev = 0.0;
	for (size_t i = 0; i < n; i++) {
		c->sum_t += c->r[i].t;
		if (c->r[i].t > 0.0)
			c->lt[c->nlt++] = log(c->r[i].t);
		if (c->r[i].event)
			ev += log(c->r[i].t);
	}
	c->ev_log = ev / (double)c->d;
	c->m = km_sorted(c->r, n, c->steps);
	return isfinite(c->sum_t) ? STATUS_OK : STATUS_EDOM;
}

static int censored_fit(enum fit_family f, const struct censored *c,
			struct fit_result *r)
{
	double d = (double)c->d;
	reset(r, f, STATUS_OK);
	if (f == FIT_EXPONENTIAL) {
		double rate = d / c->sum_t;
		r->p1 = rate;
		r->se1 = rate / sqrt(d);
		r->loglik = d * log(rate) - d;
	} else {
		double k, loglam;
		int st = weibull_solve(c->lt, c->nlt, d, c->ev_log, &k, &loglam);
		if (st == STATUS_OK)
			st = weibull_se(c->lt, c->nlt, d, k, loglam, &r->se1, &r->se2);
		if (st != STATUS_OK)
			return reset(r, f, st);
		r->p1 = k;
		r->p2 = exp(loglam);
		r->loglik = d * (log(k) - k * loglam + (k - 1.0) * c->ev_log - 1.0);
	}
	r->n = c->n;
	r->events = c->d;
	r->ks_d = ks_censored(r, c->steps, c->m, c->r[c->n - 1].t);
	finish(r, f == FIT_EXPONENTIAL ? 1 : 2);
	return STATUS_OK;
}

static int censored_one(enum fit_family f, const double *t, const bool *event,
			size_t n, struct fit_result *r)
{
	if (!r)
		return STATUS_EINVAL;
	struct censored c;
	int st = censored_load(t, event, n, &c);
	if (st == STATUS_OK)
		st = censored_fit(f, &c, r);
	else
		reset(r, f, st);
	censored_free(&c);
	return st;
}

int fit_censored_exponential(const double *t, const bool *event, size_t n,
			     struct fit_result *r)
{
	return censored_one(FIT_EXPONENTIAL, t, event, n, r);
}

int fit_censored_weibull(const double *t, const bool *event, size_t n,
			 struct fit_result *r)
{
	return censored_one(FIT_WEIBULL, t, event, n, r);
}

int fit_censored_best(const double *t, const bool *event, size_t n,
		      struct fit_result all[FIT_NCENSORED], struct fit_result *best)
{
	static const enum fit_family fams[FIT_NCENSORED] = { FIT_EXPONENTIAL,
							     FIT_WEIBULL };
	if (!best)
		return STATUS_EINVAL;
	struct censored c;
	struct fit_result res[FIT_NCENSORED];
	int st = censored_load(t, event, n, &c);
	int found = -1;
	for (int i = 0; i < FIT_NCENSORED; i++) {
		if (st == STATUS_OK)
			censored_fit(fams[i], &c, &res[i]);
		else
			reset(&res[i], fams[i], st);
		if (res[i].status == STATUS_OK &&
		    (found < 0 || res[i].aic < res[found].aic))
			found = i;
	}
	censored_free(&c);
	if (all)
		memcpy(all, res, sizeof res);
	if (st != STATUS_OK)
		return reset(best, FIT_EXPONENTIAL, st);
	if (found < 0)
		return reset(best, FIT_EXPONENTIAL, STATUS_EDOM);
	*best = res[found];
	return STATUS_OK;
}

/* ---- Poisson-gamma day effect -------------------------------------------- */

int fit_poisson_gamma(const double *counts, size_t days, size_t slots,
		      double *lambda, double *slot_var,
		      struct fit_overdispersion *out)
{
	if (!out)
		return STATUS_EINVAL;
	*out = (struct fit_overdispersion){ .days = days, .slots = slots };
	if (!counts || !lambda || days < 2 || slots == 0 ||
	    slots > SIZE_MAX / days)
		return STATUS_EINVAL;
	for (size_t i = 0; i < days * slots; i++)
		if (!(isfinite(counts[i]) && counts[i] >= 0.0))
			return STATUS_EINVAL;

	double D = (double)days, total = 0.0;
	for (size_t k = 0; k < slots; k++) {
		double s = 0.0;
		for (size_t d = 0; d < days; d++)
			s += counts[d * slots + k];
		lambda[k] = s / D;
		total += lambda[k];
	}
	if (!(total > 0.0))
		return STATUS_EDOM;

	/* Daily totals, second pass. */
	double ss = 0.0;
	for (size_t d = 0; d < days; d++) {
		double td = 0.0;
		for (size_t k = 0; k < slots; k++)
			td += counts[d * slots + k];
		ss += (td - total) * (td - total);
	}
	out->total_mean = total;
	out->total_var = ss / (D - 1.0);
	out->c2_raw = (out->total_var - total) / (total * total);
	out->c2 = out->c2_raw > 0.0 ? out->c2_raw : 0.0;
	out->c = sqrt(out->c2);

	double obs = 0.0, fit = 0.0;
	for (size_t k = 0; k < slots; k++) {
		double v = 0.0;
		for (size_t d = 0; d < days; d++) {
			double e = counts[d * slots + k] - lambda[k];
			v += e * e;
		}
		v /= D - 1.0;
		if (slot_var)
			slot_var[k] = v;
		if (lambda[k] >= FIT_VMR_MIN_MEAN) {
			out->vmr_slots++;
			obs += v / lambda[k];
			fit += 1.0 + out->c2 * lambda[k];
		}
	}
	out->vmr_obs = out->vmr_slots ? obs / (double)out->vmr_slots : NAN;
	out->vmr_fit = out->vmr_slots ? fit / (double)out->vmr_slots : NAN;
	return STATUS_OK;
}

/* ---- Conversion ---------------------------------------------------------- */

int fit_to_dist(const struct fit_result *r, struct dist *d)
{
	if (!r || !d || r->status != STATUS_OK)
		return STATUS_EINVAL;
	switch (r->family) {
	case FIT_EXPONENTIAL:
		return dist_exponential(d, 1.0 / r->p1);
	case FIT_LOGNORMAL:
		return dist_lognormal_mu_sigma(d, r->p1, r->p2);
	case FIT_GAMMA:
		return dist_gamma_shape_scale(d, r->p1, r->p2);
	case FIT_WEIBULL:
		return dist_weibull(d, r->p1, r->p2);
	}
	return STATUS_EINVAL;
}
