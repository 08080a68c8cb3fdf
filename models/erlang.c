/*
 * erlang.c: Erlang B, C and A (M/M/n/n, M/M/n and M/M/n+M), stationary,
 * exact in double precision from one agent to millions, never overflowing.
 *
 * Notation (docs/erlang.md derives every formula): lambda arrival rate,
 * mu = 1/AHT, theta = 1/patience, n agents, a = lambda/mu Erlangs,
 * B = B(n, a), x = n mu/theta, y = lambda/theta, tau = theta T.
 *
 *   Erlang B   B_0 = 1, B_k = a B_{k-1} / (k + a B_{k-1}), run on its
 *              reciprocal 1/B_k = 1 + (k/a)/B_{k-1} (no division in the
 *              loop); 1 - B_k = c/(1 + c), c = (k/a)/B_{k-1}, free of
 *              cancellation.
 *   Erlang C   C = n B / (n - a + a B),  1 - C = (n - a)(1 - B) / (n - a + a B),
 *              SL = (1 - C) + C (1 - e^{-(n - a) T/AHT}), ASA = C AHT / (n - a),
 *              Lq = C a / (n - a); a >= n is STATUS_EUNSTABLE with the limits.
 *   Erlang A   m callers waiting has weight q_m = y^m / ((x+1)...(x+m))
 *              relative to n busy agents and none waiting; A = sum_m q_m,
 *              F = sum_m t_m with t_m = q_m / (x+m+1).  Given a wait:
 *                P(wait)          = A B / (1 - B + A B)
 *                P(abandon|wait)  = sum m q_m / (y A)
 *                P(served|wait)   = x F / A
 *                theta E[W;served|wait] = x sum t_m H_m / A,
 *                                   H_m = sum_{i=1}^{m+1} 1/(x+i)
 *                P(served, W > T|wait) = x z^{x+1} e^{y(1-z)} F(yz) / A,  z = e^{-tau}
 *                P(served, W <= T|wait) = x sum_{j>=1} P(J = j) F_j / A,
 *                                   J negative binomial (x+1, 1-z),
 *                                   F_j = sum_{m<j} t_m
 *              SL = 1 - P(wait) + P(wait) P(served, W <= T|wait),
 *              mean queue = P(wait) y P(abandon|wait), mean wait of
 *              presented calls = P(abandon)/theta (Little),
 *              ASA = P(wait) E[W;served|wait] / (1 - P(abandon)).
 *
 * How nothing overflows: every Erlang A sum is taken relative to its largest
 * term (at m* = floor(y - x) or 0), whose log is known in closed form
 * through Loader's saddle-point pieces bd0 and stirlerr; the sum starts
 * where the terms have fallen below e^-45 of the largest and stops when a
 * geometric bound on the rest is below 1e-17 of the sum.  A enters only
 * through ln A, so P(wait) = B / (B + (1 - B)/A) tends to 1 without
 * overflow.  A series costs about 19 sqrt(y) terms when y > x and
 * min(45 / ln((x+1)/y), 9.5 sqrt(x)) otherwise; past SERIES_MAX terms (y
 * beyond about a million: long patience on a large overloaded centre)
 * the same figures come from their integral form over the time a waiting
 * caller needs to reach an agent, by Gauss-Legendre panels sized to the
 * local scale of its log-concave integrand (quad_*), in at most a few
 * hundred panels.  Both agree with a long-double birth-death chain to
 * about 1e-12 (tests/check_erlang.c, docs/erlang.md).
 *
 * Units: seconds and fractions; inputs as in erlang.h.
 * References: A. K. Erlang (1917); C. Palm (1943); O. Garnett, A. Mandelbaum
 * and M. Reiman (2002), Designing a call center with impatient customers,
 * M&SOM 4(3); C. Loader (2000), Fast and accurate computation of binomial
 * probabilities.
 */
#include "erlang.h"

#include <float.h>
#include <limits.h>
#include <math.h>
#include <gsl/gsl_sf_gamma.h>

#include "../sim/status.h"

/* A series of positive terms stops when a bound on its rest is below this
 * fraction of its sum. */
#define TAIL_EPS 1e-17
/* Beyond this many terms the Erlang A figures come from quadrature. */
#define SERIES_MAX 2.0e4
/* Scaled recursions renormalise by 2^-SCALE_BITS past 2^SCALE_BITS. */
#define SCALE_BITS 400
#define LN_SQRT_2PI 0.918938533204672741780329736406
#define LN2 0.693147180559945309417232121458

/* ---- Erlang B ----------------------------------------------------------- */

/*
 * B(k, a) and 1 - B(k, a), advanced one agent at a time.  The recursion
 * B_k = a B_{k-1} / (k + a B_{k-1}) runs on its reciprocal,
 *   1/B_k = 1 + (k/a) / B_{k-1},
 * the same recursion without a division in the loop (a chain of one
 * multiplication and one addition per agent instead of a division, about
 * 2.5 times faster); every term is positive, so it is as stable.  With
 * c = (k/a) / B_{k-1}: B_k = 1/(1 + c) and 1 - B_k = c/(1 + c), free of
 * cancellation when B is near 1.  When 1/B overflows, B has underflowed:
 * 0, and 1 - B is 1.
 */
struct eb {
	double a;
	int k;
	double r;  /* 1/B_k, +inf once B_k < DBL_MIN */
	double c;  /* (k/a)/B_{k-1}; 1 - B_k = c/r */
};

static void eb_start(struct eb *e, double a)
{
	*e = (struct eb){ .a = a, .k = 0, .r = 1.0, .c = 0.0 };
}

/* Advance e to n >= e->k agents. */
static void eb_advance(struct eb *e, int n)
{
	double inv_a = 1.0 / e->a, r = e->r, c = e->c;
	int k = e->k;
	if (e->a == 0.0 && k < n) { /* B = 0 from one agent on */
		k = n;
		r = INFINITY;
	}
	while (k < n && r < INFINITY) {
		int stop = n - k > 4096 ? k + 4096 : n;
		for (; k < stop; ) {
			k++;
			c = (double)k * inv_a * r;
			r = 1.0 + c;
		}
	}
	if (r == INFINITY)
		k = n;
	e->k = k;
	e->r = r;
	e->c = c;
}

static double eb_b(const struct eb *e)
{
	return 1.0 / e->r;
}

static double eb_nb(const struct eb *e)
{
	if (e->r == INFINITY)
		return 1.0;
	return e->c / e->r;
}

int erlang_b(int n, double a, double *blocking)
{
	if (!blocking || n < 0 || !isfinite(a) || a < 0.0)
		return STATUS_EINVAL;
	struct eb e;
	eb_start(&e, a);
	eb_advance(&e, n);
	*blocking = eb_b(&e);
	return STATUS_OK;
}

/* ---- special functions -------------------------------------------------- */

/* e^{-v} - 1 + v >= 0, accurate near 0. */
static double gfun(double v)
{
	if (fabs(v) < 0.25) {
		double term = 0.5 * v * v, s = term;
		for (int k = 3; k < 40; k++) {
			term *= -v / k;
			s += term;
			if (fabs(term) <= 1e-18 * s)
				break;
		}
		return s;
	}
	return expm1(-v) + v;
}

/* Loader's stirlerr: ln Gamma(v+1) - (v + 1/2) ln v + v - ln sqrt(2 pi). */
static double stirlerr(double v)
{
	if (v < 15.0)
		return gsl_sf_lngamma(v + 1.0) - (v + 0.5) * log(v) + v - LN_SQRT_2PI;
	double r = 1.0 / v, r2 = r * r;
	return r * (1.0 / 12 - r2 * (1.0 / 360 - r2 * (1.0 / 1260 - r2 * (1.0 / 1680 -
		r2 * (1.0 / 1188 - r2 * (691.0 / 360360))))));
}

/* Loader's bd0: v ln(v/u) + u - v >= 0 without cancellation. */
static double bd0(double v, double u)
{
	if (v == 0.0)
		return u;
	if (!(u > 0.0))
		return INFINITY;
	double d = v - u;
	if (fabs(d) < 0.1 * (v + u)) {
		double s = d / (v + u), s2 = s * s, sum = d * s, ej = 2.0 * v * s;
		for (int j = 1; j < 1000; j++) {
			ej *= s2;
			double next = sum + ej / (2 * j + 1);
			if (next == sum)
				break;
			sum = next;
		}
		return sum;
	}
	return v * log(v / u) + u - v;
}

/* ln q_{m1}(u) - ln q_{m2}(u), with q_m(u) = u^m / ((x+1)...(x+m)):
 * ln Gamma(x+m+1) by Stirling with stirlerr, the large parts gathered
 * into bd0 so that nothing of the size of x ln x cancels. */
static double lnq_diff(double x, double u, double m1, double m2)
{
	if (m1 == m2)
		return 0.0;
	double v1 = x + m1, v2 = x + m2;
	return bd0(v2, u) - bd0(v1, u) + 0.5 * log(v2 / v1) + stirlerr(v2) - stirlerr(v1);
}

/* sum_{i=1}^{k} 1/(x+i) = psi(x+k+1) - psi(x+1), k >= 0 an integer. */
static double harmonic(double x, double k)
{
	double h = 0.0;
	if (k <= 512.0) {
		for (double i = k; i >= 1.0; i--)
			h += 1.0 / (x + i);
		return h;
	}
	double c = x + 1.0, done = 0.0;
	while (c < 16.0 && done < k) {
		h += 1.0 / c;
		c += 1.0;
		done += 1.0;
	}
	/* psi(b) - psi(c), b = c + kk, c >= 16: the asymptotic series of psi
	 * differenced term by term, each difference formed without cancellation
	 * (c^{-2j} - b^{-2j} = c^{-2j} (1 - e^{-2 j L}), L = ln(b/c)). */
	static const double coef[] = { 1.0 / 12, -1.0 / 120, 1.0 / 252, -1.0 / 240,
				       1.0 / 132, -691.0 / 32760 };
	double kk = k - done, b = c + kk, L = log1p(kk / c);
	double s = L + kk / (2.0 * b * c), c2 = 1.0 / (c * c), cp = 1.0;
	for (int j = 1; j <= 6; j++) {
		cp *= c2;
		s += coef[j - 1] * cp * -expm1(-2.0 * j * L);
	}
	return h + s;
}

/* ---- Erlang A by series ------------------------------------------------- */

/* Sums over m of the weights q_m(u), relative to the largest, q_{mode}. */
struct qs {
	double mode;     /* m*, floor(u - x) or 0 */
	double lnq_mode; /* ln q_{m*}(u) */
	double q0;       /* sum w_m, w_m = q_m / q_{m*} */
	double q1;       /* sum m w_m */
	double t0;       /* sum w_m / (x+m+1) */
	double t1;       /* sum w_m H_m / (x+m+1) */
};

/* Expected number of terms of qseries(x, u). */
static double series_terms(double x, double u)
{
	if (u > x)
		return 2.0 * (1.0 + sqrt(90.0 * u)) + 2.0;
	double l0 = log((x + 1.0) / u);
	return fmin(45.0 / l0, sqrt(90.0 * (x + 1.0))) + 2.0;
}

/* The sums of struct qs for u > 0; only mode, lnq_mode, q0 and t0 unless
 * full.  False if the series has not converged within four times its
 * expected length (never seen; the caller then integrates instead). */
static bool qseries(double x, double u, bool full, struct qs *s)
{
	double mode = u > x ? floor(u - x) : 0.0;
	double lo = 0.0, w = 1.0;
	s->mode = mode;
	s->lnq_mode = mode > 0.0 ? lnq_diff(x, u, mode, 0.0) : 0.0;
	if (mode > 0.0) {
		/* Below m* the ratios q_{m-1}/q_m = (x+m)/u < 1 shrink, and
		 * ln(q_{m*-d}/q_{m*}) <= -d(d-1)/(2u): start d below the mode,
		 * further if the geometric bound on what lies below says so. */
		double d = 1.0 + ceil(sqrt(90.0 * u));
		for (;;) {
			lo = mode > d ? mode - d : 0.0;
			if (lo == 0.0)
				break;
			double lw = lnq_diff(x, u, lo, mode);
			double r = (x + lo) / u, omr = (u - (x + lo)) / u;
			if (lw + log(r / omr) < log(TAIL_EPS) - 2.0)
				break;
			d = ceil(1.5 * d);
		}
		w = lo < mode ? exp(lnq_diff(x, u, lo, mode)) : 1.0;
	}

	double q0 = 0.0, q1 = 0.0, t0 = 0.0, t1 = 0.0; /* finished blocks */
	double b0 = 0.0, b1 = 0.0, c0 = 0.0, c1 = 0.0; /* current block */
	double H = full ? harmonic(x, lo) : 0.0;
	double limit = 4.0 * series_terms(x, u) + 1000.0, count = 0.0;
	for (double m = lo;; m += 1.0) {
		double d = x + m + 1.0, inv = 1.0 / d;
		double tm = w * inv;
		b0 += w;
		c0 += tm;
		if (full) {
			H += inv;
			b1 += m * w;
			c1 += tm * H;
		}
		double r = u * inv;
		count += 1.0;
		if (fmod(count, 256.0) == 0.0) { /* blocked sums: error ~ sqrt */
			q0 += b0;
			q1 += b1;
			t0 += c0;
			t1 += c1;
			b0 = b1 = c0 = c1 = 0.0;
		}
		if (m >= mode) { /* from here the ratios r are below 1 and falling */
			double omr = (d - u) * inv, g = r / omr;
			if (w * g <= TAIL_EPS * (q0 + b0)) {
				if (!full)
					break;
				double g2 = g / omr;
				if (w * (m * g + g2) <= TAIL_EPS * (q1 + b1) &&
				    (H * w * g + w * g2 * inv) * inv <= TAIL_EPS * (t1 + c1))
					break;
			}
		}
		w *= r;
		if (w == 0.0)
			break;
		if (count > limit)
			return false;
	}
	s->q0 = q0 + b0;
	s->q1 = q1 + b1;
	s->t0 = t0 + c0;
	s->t1 = t1 + c1;
	return true;
}

/* ---- Erlang A by quadrature --------------------------------------------- */

/* With u = theta V (V the time a waiting caller needs to reach an agent,
 * ignoring its own patience), given a wait:
 *   A = x int_0^inf e^{phi(u)} du,  phi(u) = y (1 - e^{-u}) - x u,
 * and P(served|wait), P(abandon|wait), theta E[W;served|wait] and
 * P(served, W <= T|wait) are the integrals of e^{-u}, 1 - e^{-u}, u e^{-u}
 * and e^{-u} 1{u <= tau} against the same density, over A / x.  phi is
 * concave; its peak is at u0 = ln(y/x) when y > x (phi(u0 + v) - phi(u0) =
 * -x g(v)) and at 0 otherwise (phi(u) = -(x - y) u - y g(u)), g(v) =
 * e^{-v} - 1 + v. */
struct qctx {
	double x, y, u0, xy; /* xy = e^{-u0} */
	bool interior;
};

struct qint {
	double A, S, B, U, T;
};

static const double gl16[8][2] = {
	{ 0.989400934991649932601, 0.0271524594117540948074 },
	{ 0.94457502307323257609, 0.0622535239386478928357 },
	{ 0.865631202387831743866, 0.0951585116824927848209 },
	{ 0.755404408355003033891, 0.124628971255533872049 },
	{ 0.617876244402643748452, 0.149595988816576732093 },
	{ 0.45801677765722738635, 0.169156519395002538251 },
	{ 0.281603550779258913231, 0.182603415044923588872 },
	{ 0.0950125098376374401741, 0.18945061045506849626 },
};

/* log of the density at v = u - u0, relative to its peak; its first and
 * second derivatives. */
static double qphi(const struct qctx *c, double v)
{
	if (c->interior)
		return -c->x * gfun(v);
	return -(c->x - c->y) * v - c->y * gfun(v);
}

static void qdphi(const struct qctx *c, double v, double *d1, double *d2)
{
	if (c->interior) {
		*d1 = c->x * expm1(-v);
		*d2 = -c->x * exp(-v);
	} else {
		*d1 = -(c->x - c->y) + c->y * expm1(-v);
		*d2 = -c->y * exp(-v);
	}
}

/* 16-point Gauss-Legendre over [lo, hi]; only the T integrand if tonly.
 * Returns the panel's integral of the T (and S) integrand. */
static double qpanel(const struct qctx *c, double lo, double hi, bool tonly, struct qint *s)
{
	double half = 0.5 * (hi - lo), mid = 0.5 * (hi + lo);
	double A = 0.0, S = 0.0, B = 0.0, U = 0.0;
	for (int i = 0; i < 8; i++) {
		for (int sign = -1; sign <= 1; sign += 2) {
			double v = mid + sign * half * gl16[i][0], wt = gl16[i][1];
			double ph = qphi(c, v), u = c->u0 + v;
			double es = c->xy * exp(ph - v); /* e^{-u} e^{phi} */
			S += wt * es;
			if (!tonly) {
				double e = exp(ph);
				A += wt * e;
				B += wt * -expm1(-u) * e;
				U += wt * u * es;
			}
		}
	}
	if (tonly) {
		s->T += half * S;
		return half * S;
	}
	s->A += half * A;
	s->S += half * S;
	s->B += half * B;
	s->U += half * U;
	return half * S;
}

/* Integrate panel [lo, hi] and its share of [0, tau]. */
static void qpanel_t(const struct qctx *c, double lo, double hi, double vt, struct qint *s)
{
	double sp = qpanel(c, lo, hi, false, s);
	if (hi <= vt)
		s->T += sp;
	else if (lo < vt)
		qpanel(c, lo, vt, true, s);
}

/* Panel width at v: the log of the integrands (slope d1 - shift, give or
 * take the e^{-u} factor's 1) changes by about one unit over it; never
 * below a few units in the last place of v, so that a walk always moves. */
static double qstep(const struct qctx *c, double v, double shift)
{
	double d1, d2;
	qdphi(c, v, &d1, &d2);
	double h = 1.0 / fmax(fabs(d1 - shift) + 1.0, sqrt(fabs(d2)));
	return fmax(h, 8.0 * DBL_EPSILON * fabs(v));
}

/* The T integrand alone, over [lo, hi], relative to e^{off}. */
static double qpanel_tail(const struct qctx *c, double lo, double hi, double off)
{
	double half = 0.5 * (hi - lo), mid = 0.5 * (hi + lo), S = 0.0;
	for (int i = 0; i < 8; i++) {
		double v1 = mid - half * gl16[i][0], v2 = mid + half * gl16[i][0];
		S += gl16[i][1] * (exp(qphi(c, v1) - v1 - off) + exp(qphi(c, v2) - v2 - off));
	}
	return half * S;
}

/* ln of the integral of the T integrand over u in [0, tau] when tau lies
 * left of its peak, so that it rises all the way to vt = tau - u0: panels
 * from vt leftwards, relative to the value at vt, for a relative (not only
 * absolute) accuracy when the service level is tiny. */
static double qwithin_left(const struct qctx *c, double vt)
{
	double lo_end = c->interior ? -c->u0 : 0.0, off = qphi(c, vt) - vt, sum = 0.0;
	/* the result is below e^{off} tau / (integral of the density), and
	 * tau < 710, the integral > 1e-154: nothing to compute beyond this */
	if (off < -1200.0)
		return -INFINITY;
	int panels = 0;
	for (double v = vt; v > lo_end && panels < 100000; panels++) {
		double lo = fmax(v - qstep(c, v, 1.0), lo_end), d1, d2;
		sum += qpanel_tail(c, lo, v, off);
		v = lo;
		double ps = qphi(c, v) - v - off;
		qdphi(c, v, &d1, &d2);
		if (ps < -60.0 && exp(ps) / (d1 - 1.0) <= 1e-20 * sum)
			break;
	}
	return log(c->xy) + off + log(sum);
}

struct afig {
	double lnA;    /* ln A */
	double served; /* P(served|wait) */
	double ab;     /* P(abandon|wait) */
	double ew;     /* theta E[W;served|wait] */
	double win;    /* P(served, W <= T|wait) */
};

static void quad_figures(double x, double y, double tau, struct afig *f)
{
	struct qctx c = { .x = x, .y = y, .interior = y > x };
	c.u0 = c.interior ? log(y / x) : 0.0;
	c.xy = c.interior ? x / y : 1.0;
	/* the T integrand e^{-u} e^{phi} peaks at v_s (phi' = 1) */
	double vt = tau - c.u0, vs = c.interior ? -log1p(1.0 / x) : 0.0;
	bool left = vt < vs;
	struct qint s = { 0 };
	const double stop = -60.0;
	int panels = 0;

	/* right of the peak */
	for (double v = 0.0; panels < 100000; panels++) {
		double hi = v + qstep(&c, v, 0.0);
		qpanel_t(&c, v, hi, left ? -INFINITY : vt, &s);
		v = hi;
		double ph = qphi(&c, v), d1, d2;
		qdphi(&c, v, &d1, &d2);
		if (v > 60.0) { /* e^{-u} is negligible; the rest of A and B is
				 * an exponential tail of rate |phi'| */
			double tail = exp(ph) / fabs(d1);
			s.A += tail;
			s.B += tail;
			break;
		}
		if (ph < stop && exp(ph) / fabs(d1) <= 1e-20 * s.A)
			break;
	}
	/* left of the peak, down to u = 0 */
	if (c.interior) {
		for (double v = 0.0; v > -c.u0 && panels < 200000; panels++) {
			double lo = fmax(v - qstep(&c, v, 0.0), -c.u0);
			qpanel_t(&c, lo, v, left ? -INFINITY : vt, &s);
			v = lo;
			double ph = qphi(&c, v), d1, d2;
			qdphi(&c, v, &d1, &d2);
			if (ph < stop && exp(ph) / fabs(d1) <= 1e-20 * s.A)
				break;
		}
	}
	f->lnA = log(x) + (c.interior ? bd0(x, y) : 0.0) + log(s.A);
	f->served = s.S / s.A;
	f->ab = s.B / s.A;
	f->ew = s.U / s.A;
	if (tau == 0.0)
		f->win = 0.0;
	else if (left)
		f->win = exp(qwithin_left(&c, vt) - log(s.A));
	else
		f->win = s.T / s.A;
}

/* ---- Erlang A: service level ------------------------------------------- */

/* P(served, W <= T | wait) summed directly: x sum_{j>=1} P(J = j) F_j / A,
 * J ~ negative binomial (x+1, w), w = 1 - z, P(J = 0) = z^{x+1}; every term
 * positive.  With p_j = P(J = j) and t_j the terms of F:
 *   G_{j+1} = pi_j (G_j + h_j),  h_{j+1} = pi_j y/(x+j+2) h_j,
 *   pi_j = p_{j+1}/p_j = w (x+j+1)/(j+1),  G_j = p_j F_j,  h_j = p_j t_j,
 * from G_0 = 0, h_0 = 1/(x+1), the factor z^{x+1} = e^{-(x+1) tau} kept
 * apart and G, h and the sum S renormalised together by powers of 2.  p
 * and F are log-concave in j, so G is: once G_{j+1}/G_j = r < 1, what is
 * left is at most G_{j+1} r / (1 - r).  Returns -1 past limit terms. */
static double within_direct(double x, double y, double tau, const struct qs *m, double limit)
{
	double w = -expm1(-tau), G = 0.0, h = 1.0 / (x + 1.0), S = 0.0;
	int e = 0;
	for (double j = 0.0;; j += 1.0) {
		if (j > limit)
			return -1.0;
		double pi = w * (x + j + 1.0) / (j + 1.0);
		double g = pi * (G + h);
		double r = g / G; /* +inf while G = 0 */
		h *= pi * y / (x + j + 2.0);
		G = g;
		S += G;
		if (r < 1.0 && G * r <= TAIL_EPS * S * (1.0 - r))
			break;
		if (G > 0x1p400 || S > 0x1p600) {
			G = ldexp(G, -SCALE_BITS);
			h = ldexp(h, -SCALE_BITS);
			S = ldexp(S, -SCALE_BITS);
			e++;
		} else if (G < 0x1p-400 && S < 0x1p200) {
			G = ldexp(G, SCALE_BITS);
			h = ldexp(h, SCALE_BITS);
			S = ldexp(S, SCALE_BITS);
			e--;
		}
		if (G == 0.0 && h == 0.0)
			break;
	}
	double lnw = log(x) + log(S) + e * SCALE_BITS * LN2 - (x + 1.0) * tau - m->lnq_mode -
		     log(m->q0);
	return exp(lnw);
}

/* Expected length of within_direct: G grows at least up to the mode of J,
 * about (x+1)(e^tau - 1), and while F grows faster than p falls, up to
 * about w y. */
static double within_terms(double x, double y, double tau)
{
	double jn = (x + 1.0) * expm1(tau), sd = sqrt((x + 1.0) * -expm1(-tau)) * exp(tau);
	return fmax(jn + 10.0 * sd, -expm1(-tau) * y + 10.0 * sqrt(y)) + 100.0;
}

/* P(served, W <= T | wait), given the main sums m for u = y; -1 when a
 * series would be too long (the caller then integrates). */
static double within(double x, double y, double tau, const struct qs *m, double served)
{
	if (tau == 0.0)
		return 0.0;
	double z = exp(-tau), yz = y * z, wout = 0.0;
	if (yz > 0.0) {
		/* P(served, W > T | wait) = x z^{x+1} e^{y(1-z)} F(yz) / A, with
		 * F(yz) = q_{k*}(yz) o.t0 and A = q_{m*}(y) m->q0; X is the log of
		 * z^{x+1} e^{y(1-z)} q_{k*}(yz) / q_{m*}(y), simplified so that
		 * no large terms cancel (docs/erlang.md). */
		struct qs o;
		if (series_terms(x, yz) > SERIES_MAX || !qseries(x, yz, false, &o))
			return -1.0;
		double X;
		if (m->mode == 0.0) {
			X = -(x + 1.0 - y) * tau - y * gfun(tau);
		} else {
			double k = o.mode, mm = m->mode;
			X = -tau - bd0(x + k, yz) + bd0(x + mm, y) + 0.5 * log((x + mm) / (x + k)) +
			    stirlerr(x + mm) - stirlerr(x + k);
		}
		wout = exp(log(x) + X + log(o.t0) - log(m->q0));
	}
	if (wout <= 0.5 * served)
		return served - wout;
	/* Most served callers wait longer than T: sum the within part directly.
	 * Its terms grow up to the mode of J and on while F grows faster than
	 * the pmf of J falls, about w y terms; both are below y - x here. */
	double len = within_terms(x, y, tau);
	if (len > SERIES_MAX)
		return -1.0;
	double win = within_direct(x, y, tau, m, 4.0 * len + 1000.0);
	return win < 0.0 ? -1.0 : fmin(win, served);
}

/* The figures by series; false when a series would be too long. */
static bool series_figures(double x, double y, double tau, struct afig *f)
{
	struct qs m;
	if (!qseries(x, y, true, &m))
		return false;
	f->lnA = m.lnq_mode + log(m.q0);
	f->served = x * m.t0 / m.q0;
	f->ab = m.q1 / (y * m.q0);
	f->ew = x * m.t1 / m.q0;
	f->win = within(x, y, tau, &m, f->served);
	if (f->win < 0.0) { /* the service level alone by quadrature */
		struct afig q;
		quad_figures(x, y, tau, &q);
		f->win = q.win;
	}
	return true;
}

/* ---- figures ------------------------------------------------------------ */

static double clamp01(double p)
{
	return p < 0.0 ? 0.0 : p > 1.0 ? 1.0 : p;
}

static bool finite_pos(double v)
{
	return isfinite(v) && v > 0.0;
}

static bool finite_nonneg(double v)
{
	return isfinite(v) && v >= 0.0;
}

/* traffic, AHT and threshold as erlang.h requires. */
static bool valid_common(const struct erlang_input *in)
{
	return in && finite_nonneg(in->traffic) && finite_pos(in->aht_s) &&
	       finite_nonneg(in->threshold_s);
}

/* Erlang C for n agents given B = B(n, a) and nb = 1 - B. */
static int c_figures(double a, double aht, double T, int n, double b, double nb,
		     struct erlang_result *r)
{
	*r = (struct erlang_result){ .model = ERLANG_C, .traffic = a, .agents = n };
	if (a >= n) {
		r->p_wait = 1.0;
		r->service_level = 0.0;
		r->service_level_answered = 0.0;
		r->asa_s = INFINITY;
		r->mean_wait_s = INFINITY;
		r->mean_queue = INFINITY;
		r->p_abandon = 0.0;
		r->occupancy = 1.0;
		return STATUS_EUNSTABLE;
	}
	double gap = n - a, den = gap + a * b;
	double c = clamp01(n * b / den), nc = clamp01(gap * nb / den);
	r->p_wait = c;
	r->service_level = clamp01(nc + c * -expm1(-gap * T / aht));
	r->service_level_answered = r->service_level;
	r->asa_s = c * aht / gap;
	r->mean_wait_s = r->asa_s;
	r->mean_queue = c * a / gap;
	r->p_abandon = 0.0;
	r->occupancy = a / n;
	return STATUS_OK;
}

/* x = n patience/AHT and y = a patience/AHT, or false when they leave the
 * range of a double. */
static bool a_scales(const struct erlang_input *in, int n, double *x, double *y)
{
	double ratio = in->patience_s / in->aht_s;
	*x = n * ratio;
	*y = in->traffic * ratio;
	return isfinite(*x) && *x >= DBL_MIN && isfinite(*y);
}

/* Erlang A for n agents given B and 1 - B; the input is valid. */
static void a_figures(const struct erlang_input *in, int n, double b, double nb,
		      struct erlang_result *r)
{
	double a = in->traffic, pat = in->patience_s, x, y;
	a_scales(in, n, &x, &y);
	*r = (struct erlang_result){ .model = ERLANG_A, .traffic = a, .agents = n };
	r->occupancy = clamp01(a / n);
	r->service_level = 1.0;
	r->service_level_answered = 1.0;
	if (b == 0.0 || y == 0.0) /* nobody waits */
		return;

	struct afig f;
	double tau = in->threshold_s / pat;
	if (series_terms(x, y) > SERIES_MAX || !series_figures(x, y, tau, &f))
		quad_figures(x, y, tau, &f);
	double inv_a = exp(-f.lnA), den = b + nb * inv_a;
	double pw = clamp01(b / den), npw = clamp01(nb * inv_a / den);
	double served = clamp01(f.served), ab = clamp01(f.ab), win = fmin(clamp01(f.win), served);
	double answered = npw + pw * served; /* 1 - P(abandon) */

	r->p_wait = pw;
	r->p_abandon = clamp01(pw * ab);
	r->mean_queue = pw * y * ab;
	r->mean_wait_s = r->p_abandon * pat;
	r->service_level = clamp01(npw + pw * win);
	r->occupancy = clamp01(a * answered / n);
	if (answered > 0.0) {
		r->service_level_answered = clamp01(r->service_level / answered);
		r->asa_s = pw * f.ew * pat / answered;
	} else { /* no call answered within double precision */
		r->service_level_answered = 0.0;
		r->asa_s = served > 0.0 ? f.ew * pat / served : INFINITY;
	}
}

/* The public evaluations (erlang.h).  On STATUS_EINVAL *out is left alone;
 * on STATUS_EUNSTABLE (Erlang C, a >= n) it holds the limits. */
int erlang_c(const struct erlang_input *in, struct erlang_result *out)
{
	if (!out || !valid_common(in) || in->agents < 1)
		return STATUS_EINVAL;
	struct eb e;
	eb_start(&e, in->traffic);
	if (in->traffic < in->agents)
		eb_advance(&e, in->agents);
	return c_figures(in->traffic, in->aht_s, in->threshold_s, in->agents, eb_b(&e), eb_nb(&e),
			 out);
}

int erlang_a(const struct erlang_input *in, struct erlang_result *out)
{
	double x, y;
	if (!out || !valid_common(in) || in->agents < 1 || !finite_pos(in->patience_s) ||
	    !a_scales(in, in->agents, &x, &y))
		return STATUS_EINVAL;
	struct eb e;
	eb_start(&e, in->traffic);
	eb_advance(&e, in->agents);
	a_figures(in, in->agents, eb_b(&e), eb_nb(&e), out);
	return STATUS_OK;
}

int erlang_eval(const struct erlang_input *in, struct erlang_result *out)
{
	if (in && isinf(in->patience_s) && in->patience_s > 0.0)
		return erlang_c(in, out);
	return erlang_a(in, out);
}

/* ---- staffing ----------------------------------------------------------- */

static bool frac(double p)
{
	return p >= 0.0 && p <= 1.0;
}

static bool valid_targets(const struct erlang_targets *t)
{
	if (!t || !(t->has_sl || t->has_asa || t->has_abandon || t->has_occupancy))
		return false;
	if (t->has_sl && !(frac(t->sl) && finite_nonneg(t->sl_threshold_s)))
		return false;
	if (t->has_asa && !finite_nonneg(t->asa_s))
		return false;
	if (t->has_abandon && !frac(t->abandon))
		return false;
	if (t->has_occupancy && !(t->occupancy > 0.0 && t->occupancy <= 1.0))
		return false;
	return true;
}

/* Figures at n agents from the Erlang B state e (advanced to n). */
static int staff_eval(const struct erlang_input *in, bool model_c, const struct eb *e,
		      struct erlang_result *r)
{
	if (model_c)
		return c_figures(in->traffic, in->aht_s, in->threshold_s, e->k, eb_b(e), eb_nb(e), r);
	a_figures(in, e->k, eb_b(e), eb_nb(e), r);
	return STATUS_OK;
}

static bool meets(const struct erlang_targets *t, int st, const struct erlang_result *r)
{
	if (st != STATUS_OK)
		return false;
	return (!t->has_sl || r->service_level >= t->sl) &&
	       (!t->has_asa || r->asa_s <= t->asa_s) &&
	       (!t->has_abandon || r->p_abandon <= t->abandon) &&
	       (!t->has_occupancy || r->occupancy <= t->occupancy);
}

/*
 * Every figure is monotone in n (more agents: less waiting, less
 * abandonment, lower occupancy), so the search gallops upward from the
 * lower bound (Erlang C: floor(a) + 1, the first stable n; Erlang A: 1) in
 * steps 1, 2, 4, ... and then bisects between the last n that fails and
 * the first that meets.  Erlang B is carried forward one agent at a time
 * from the last failing n and never recomputed from 1, so the whole search
 * costs O(n) recursion steps and O(log n) evaluations of the figures.
 * On STATUS_ERANGE, *required is max_agents and *out its figures.
 */
int erlang_staff(const struct erlang_input *in0, const struct erlang_targets *t,
		 int max_agents, int *required, struct erlang_result *out)
{
	if (!in0 || !required || !out || max_agents < 1 || !valid_targets(t))
		return STATUS_EINVAL;
	struct erlang_input in = *in0;
	if (t->has_sl)
		in.threshold_s = t->sl_threshold_s;
	in.agents = 1;
	if (!valid_common(&in) || !(in.patience_s > 0.0))
		return STATUS_EINVAL;
	bool model_c = isinf(in.patience_s);
	double x, y;
	if (!model_c && !a_scales(&in, max_agents, &x, &y))
		return STATUS_EINVAL;
	if (!model_c && !a_scales(&in, 1, &x, &y))
		return STATUS_EINVAL;

	int lo = 1;
	if (model_c)
		lo = in.traffic >= (double)max_agents ? max_agents : (int)floor(in.traffic) + 1;
	struct eb e, e_fail;
	struct erlang_result r, best;
	eb_start(&e, in.traffic);
	eb_advance(&e, lo);
	int st = staff_eval(&in, model_c, &e, &r);
	if (meets(t, st, &r)) {
		*required = lo;
		*out = r;
		return STATUS_OK;
	}
	if (lo == max_agents) {
		*required = max_agents;
		*out = r;
		return STATUS_ERANGE;
	}
	/* gallop: e_fail is at the last n that failed */
	e_fail = e;
	long long step = 1;
	int hi;
	for (;;) {
		long long probe = (long long)e_fail.k + step;
		hi = probe > max_agents ? max_agents : (int)probe;
		e = e_fail;
		eb_advance(&e, hi);
		st = staff_eval(&in, model_c, &e, &r);
		if (meets(t, st, &r))
			break;
		if (hi == max_agents) {
			*required = max_agents;
			*out = r;
			return STATUS_ERANGE;
		}
		e_fail = e;
		step *= 2;
	}
	best = r;
	/* bisect: e_fail.k fails, hi meets */
	while (hi - e_fail.k > 1) {
		int mid = e_fail.k + (hi - e_fail.k) / 2;
		e = e_fail;
		eb_advance(&e, mid);
		st = staff_eval(&in, model_c, &e, &r);
		if (meets(t, st, &r)) {
			hi = mid;
			best = r;
		} else {
			e_fail = e;
		}
	}
	*required = hi;
	*out = best;
	return STATUS_OK;
}

/*
 * ceil(required / (1 - s)).  The quotient carries a rounding error of a
 * few units in the last place, amplified by 1/(1 - s) through the rounding
 * of 1 - s (1 - 0.9 is 0.09999999999999998); a quotient within that error
 * of an integer is that integer (10 at 50% is 20, not 21).  Returns -1 when
 * required < 0, s is outside [0, 1) (or NaN), or the result exceeds
 * INT_MAX; *unrounded is then left alone.
 */
int erlang_scheduled(int required, double shrinkage, double *unrounded)
{
	if (required < 0 || !(shrinkage >= 0.0 && shrinkage < 1.0))
		return -1;
	double keep = 1.0 - shrinkage, u = required / keep;
	double r = ceil(u - u * (8.0 * DBL_EPSILON / keep));
	if (r > INT_MAX)
		return -1;
	if (unrounded)
		*unrounded = u;
	return (int)r;
}

const char *erlang_model_name(enum erlang_model m)
{
	switch (m) {
	case ERLANG_C: return "erlang-c";
	case ERLANG_A: return "erlang-a";
	}
	return "unknown";
}
