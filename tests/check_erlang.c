/*
 * check_erlang.c: Erlang B, C and A (models/erlang.c) against independent
 * sources.
 *
 * core    Published table values (Erlang B, Erlang C) and small systems
 *         worked by hand; Erlang C's closed-form service level against the
 *         sum over queue states; Erlang A against the birth-death chain
 *         solved here in long double (below); theta = mu, where the number
 *         in system is Poisson(a); the service level's ends (T = 0 and
 *         hours) and ASA as the integral of the service level; Erlang A
 *         tending to Erlang C as patience grows; staffing and shrinkage.
 * limits  1 to 50,000 agents near and far from saturation: finite figures,
 *         probabilities in [0, 1], monotone in n, Erlang B and C against a
 *         long-double recursion, Erlang A against the chain; patience a
 *         million times the AHT (the quadrature regime); zero and tiny
 *         traffic.
 * errors  Every invalid input, the unstable Erlang C limits, staffing with
 *         no target, invalid targets, max_agents reached.
 *
 * The M/M/n+M reference
 * ---------------------
 * States j = 0, 1, ... callers in system; birth rate lambda, death rate
 * min(j, n) mu + max(j - n, 0) theta.  The weights p_j (p_0 = 1, p_j =
 * p_{j-1} a / j up to n, then p_{n+m} = p_{n+m-1} lambda / (n mu + m theta))
 * are formed in long double, rescaled by 1e-1000 whenever they pass
 * 1e1000 (1e-150 past 1e150 where long double is no wider than double),
 * and cut at the first m past the mode where a geometric bound on the rest
 * is below 1e-22 of the queue's weight.  By PASTA an arrival sees
 * them: P(wait) = sum_{m>=0} p_{n+m} / Z, E[Q] = sum m p_{n+m} / Z,
 * P(abandon) = theta E[Q] / lambda, mean wait = E[Q] / lambda.  A caller
 * who finds m waiting reaches an agent after V = sum_{i=0}^{m} Exp(n mu +
 * i theta) and is served if its own Exp(theta) patience is longer, so
 * (multiplying the densities by e^{-theta v}) with x = n mu / theta:
 *   P(served | m)             = x / (x + m + 1),
 *   E[W; served | m]          = x / (x + m + 1) sum_{i=1}^{m+1} 1 / (theta (x + i)),
 *   P(served, W <= T | m)     = x / (x + m + 1) I_w(m + 1, x + 1),
 * w = 1 - e^{-theta T}, I the regularised incomplete beta function; for
 * an integer first argument I_w(m + 1, b) = P(J >= m + 1) with J negative
 * binomial, P(J = j) = Gamma(b + j) / (Gamma(b) j!) w^j (1 - w)^b.  The
 * test forms that pmf by its recursion in long double and the tails by
 * adding upward from the far end, with no subtraction; test_tagged_caller
 * checks the identity against gsl_sf_beta_inc, and u_0, u_1 against the
 * hypoexponential closed forms.  These per-caller probabilities are the
 * definitions; models/erlang.c never forms them: it sums over the queue
 * relative to its largest term, uses closed forms of the sums over m and
 * J, and integrates numerically for very long patience, and no code is
 * shared.
 *
 * Tolerances: 1e-9 relative (the requirement) for every figure
 * against the references; values below 1e-290 are compared absolutely
 * (the double result underflows where the long double one does not).
 */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <check.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_sf_gamma.h>

#include "../models/erlang.h"
#include "../sim/status.h"

Suite *erlang_suite(void);

#define REL 1e-9

/* ck_assert records a checkpoint each time it passes; in loops, test first
 * and call Check only on a failure. */
#define REQUIRE(cond, ...)                                                    \
	do {                                                                  \
		if (!(cond))                                                  \
			ck_abort_msg(__VA_ARGS__);                            \
	} while (0)

/* |v - ref| <= tol |ref|, or both below 1e-290 in absolute terms. */
static bool close_rel(double v, long double ref, double tol)
{
	if (!isfinite(v))
		return false;
	if (fabsl(ref) < 1e-290L)
		return fabs(v - (double)ref) <= 1e-290;
	return fabsl((long double)v - ref) <= tol * fabsl(ref);
}

#define CLOSE(v, ref, tol, what)                                              \
	REQUIRE(close_rel((v), (ref), (tol)), "%s: %.17g, expected %.17Lg (rel %.3g)", \
		(what), (double)(v), (long double)(ref),                     \
		(double)(fabsl((long double)(v) - (ref)) / fabsl(ref)))

static struct erlang_input input(double a, double aht, double pat, double T, int n)
{
	struct erlang_input in = { .traffic = a, .aht_s = aht, .patience_s = pat,
				   .threshold_s = T, .agents = n };
	return in;
}

/* Figures are finite where they should be and probabilities in [0, 1]. */
static void sane(const struct erlang_result *r, const char *what)
{
	const double p[] = { r->p_wait, r->service_level, r->service_level_answered,
			     r->p_abandon, r->occupancy };
	for (size_t i = 0; i < sizeof p / sizeof p[0]; i++)
		REQUIRE(p[i] >= 0.0 && p[i] <= 1.0, "%s: probability %zu = %g", what, i, p[i]);
	REQUIRE(isfinite(r->asa_s) && r->asa_s >= 0.0, "%s: asa %g", what, r->asa_s);
	REQUIRE(isfinite(r->mean_wait_s) && r->mean_wait_s >= 0.0, "%s: mean wait %g", what,
		r->mean_wait_s);
	REQUIRE(isfinite(r->mean_queue) && r->mean_queue >= 0.0, "%s: queue %g", what,
		r->mean_queue);
	REQUIRE(r->service_level <= 1.0 - r->p_abandon + 1e-15, "%s: SL %g above answered %g",
		what, r->service_level, 1.0 - r->p_abandon);
}

/* ---- long-double references -------------------------------------------- */

static long double erlang_b_ld(int n, long double a)
{
	long double b = 1.0L;
	for (int k = 1; k <= n; k++)
		b = a * b / (k + a * b);
	return b;
}

/* Scaling of the long-double recursions (plain doubles where long double
 * is no wider). */
#if LDBL_MAX_10_EXP >= 4000
#define LD_BIG 1e1000L
#define LD_SMALL 1e-1000L
#else
#define LD_BIG 1e150L
#define LD_SMALL 1e-150L
#endif

/* P(J >= m + 1) for m = 0..K into tail, J ~ NB(b, w), ln(1 - w) = lz.  The
 * pmf by P(J = j) = P(J = j-1) w (b + j - 1) / j from P(J = 0) = e^{b lz},
 * rescaled by powers of two (exactly) and that factor kept apart: its
 * error grows like j ulps, where ln Gamma(b + j) - ln Gamma(b) would lose
 * the size of b ln b in ulps. */
static void nb_tails(long double b, long double w, long double lz, long K, long double *tail)
{
	long double *pmf = malloc((size_t)(K + 2) * sizeof *pmf);
	ck_assert_ptr_nonnull(pmf);
	long double p = 1.0L, cdf = 0.0L, t = 0.0L, ln2 = logl(2.0L);
	long e = 0;
	for (long j = 0; j <= K + 1; j++) {
		if (j > 0)
			p *= w * (b + j - 1) / j;
		if (p > 0x1p200L) {
			p = ldexpl(p, -200);
			e += 200;
		} else if (p > 0.0L && p < 0x1p-200L) {
			p = ldexpl(p, 200);
			e -= 200;
		}
		pmf[j] = p > 0.0L ? expl(b * lz + e * ln2 + logl(p)) : 0.0L;
	}
	for (long j = 0; j <= K; j++)
		cdf += pmf[j];
	if (cdf < 0.5L) {
		t = 1.0L - cdf;
	} else { /* the rest beyond K, summed outward */
		p = pmf[K + 1];
		for (long j = K + 1; p > 0.0L; j++) {
			t += p;
			p *= w * (b + j) / (j + 1);
			if (p <= 1e-25L * t)
				break;
		}
	}
	tail[K] = t;
	for (long m = K - 1; m >= 0; m--)
		tail[m] = tail[m + 1] + pmf[m + 1];
	free(pmf);
}

struct chain {
	long double p_wait, mean_queue, p_abandon, sl, asa, mean_wait;
	long states;
};

/* The M/M/n+M figures (see the top of the file). */
static void chain_solve(int n, double a, double aht, double pat, double T, struct chain *c)
{
	const long double BIG = LD_BIG, SMALL = LD_SMALL;
	long double lam = (long double)a / aht, th = 1.0L / pat;
	long double x = (long double)n * pat / aht, y = (long double)a * pat / aht;
	long double tau = (long double)T / pat;
	long double p = 1.0L, Z = 1.0L, Zlow = 1.0L;
	for (int j = 1; j <= n; j++) {
		p *= (long double)a / j;
		if (p > BIG) {
			p *= SMALL;
			Z *= SMALL;
			Zlow *= SMALL;
		}
		if (j < n) {
			Z += p;
			Zlow += p;
		}
	}
	/* length of the queue part */
	long double q = 1.0L, sum = 0.0L;
	long K = 0;
	for (long m = 0;; m++) {
		if (m > 0)
			q *= y / (x + m);
		if (q > BIG) {
			q *= SMALL;
			sum *= SMALL;
		}
		sum += q;
		long double r = y / (x + m + 1);
		if (r < 1.0L && q * (m + 1 + 1 / (1 - r)) / (1 - r) < 1e-22L * sum) {
			K = m;
			break;
		}
	}
	long double *tail = malloc((size_t)(K + 1) * sizeof *tail);
	ck_assert_ptr_nonnull(tail);
	if (T > 0.0)
		nb_tails(x + 1, -expm1l(-tau), -tau, K, tail);
	long double PQ = 0.0L, EQ = 0.0L, SW = 0.0L, AN = 0.0L, H = 0.0L;
	q = p; /* p_n */
	for (long m = 0; m <= K; m++) {
		if (m > 0)
			q *= y / (x + m);
		if (q > BIG) {
			q *= SMALL;
			Z *= SMALL;
			Zlow *= SMALL;
			PQ *= SMALL;
			EQ *= SMALL;
			SW *= SMALL;
			AN *= SMALL;
		}
		long double served = x / (x + m + 1);
		H += 1.0L / (x + m + 1);
		PQ += q;
		Z += q;
		EQ += m * q;
		if (T > 0.0)
			SW += q * served * tail[m];
		AN += q * served * H / th;
	}
	free(tail);
	c->states = n + K + 1;
	c->p_wait = PQ / Z;
	c->mean_queue = EQ / Z;
	c->p_abandon = th * c->mean_queue / lam;
	c->sl = (Zlow + SW) / Z;
	c->asa = AN / Z / (1.0L - c->p_abandon);
	c->mean_wait = c->mean_queue / lam;
}

/* CCSIM_TEST_VERBOSE=1 prints the largest relative errors found. */
static bool verbose(void)
{
	const char *v = getenv("CCSIM_TEST_VERBOSE");
	return v && *v && strcmp(v, "0") != 0;
}

static double rel_err(double v, long double ref)
{
	if (fabsl(ref) < 1e-290L)
		return 0.0;
	return (double)(fabsl((long double)v - ref) / fabsl(ref));
}

/* Every figure of erlang_a against the chain, to tol; returns the largest
 * relative error. */
static double check_against_chain(int n, double a, double aht, double pat, double T, double tol)
{
	struct erlang_input in = input(a, aht, pat, T, n);
	struct erlang_result r;
	struct chain c;
	char what[160];
	snprintf(what, sizeof what, "n=%d a=%g aht=%g patience=%g T=%g", n, a, aht, pat, T);
	REQUIRE(erlang_a(&in, &r) == STATUS_OK, "%s: status", what);
	sane(&r, what);
	REQUIRE(r.model == ERLANG_A && r.agents == n && r.traffic == a, "%s: echo", what);
	chain_solve(n, a, aht, pat, T, &c);
	const char *names[] = { "p_wait", "p_abandon", "mean_queue", "mean_wait_s",
				"service_level", "service_level_answered", "asa_s", "occupancy" };
	const double got[] = { r.p_wait, r.p_abandon, r.mean_queue, r.mean_wait_s,
			       r.service_level, r.service_level_answered, r.asa_s, r.occupancy };
	const long double want[] = { c.p_wait, c.p_abandon, c.mean_queue, c.mean_wait,
				     c.sl, c.sl / (1.0L - c.p_abandon), c.asa,
				     (long double)a * (1.0L - c.p_abandon) / n };
	double worst = 0.0;
	for (size_t i = 0; i < sizeof got / sizeof got[0]; i++) {
		REQUIRE(close_rel(got[i], want[i], tol), "%s %s: %.17g, expected %.17Lg", what,
			names[i], got[i], want[i]);
		worst = fmax(worst, rel_err(got[i], want[i]));
	}
	if (verbose() && worst > 1e-13)
		fprintf(stderr, "  %s: %ld states, largest relative error %.2g\n", what, c.states,
			worst);
	return worst;
}

static void report(const char *test, double worst)
{
	if (verbose())
		fprintf(stderr, "%s: largest relative error against the chain %.2g\n", test, worst);
}

/* ---- core: published and hand values ----------------------------------- */

START_TEST(test_erlang_b_published)
{
	double b;
	/* Erlang B tables (and the issue): 10 circuits, 5 Erlangs: 1.838%;
	 * 10 circuits, 10 Erlangs: 21.46%; 5 circuits, 2 Erlangs: 3.67%. */
	ck_assert_int_eq(erlang_b(10, 5.0, &b), STATUS_OK);
	ck_assert_double_eq_tol(b, 0.01838, 5e-6);
	ck_assert_int_eq(erlang_b(10, 10.0, &b), STATUS_OK);
	ck_assert_double_eq_tol(b, 0.2146, 5e-5);
	ck_assert_int_eq(erlang_b(5, 2.0, &b), STATUS_OK);
	ck_assert_double_eq_tol(b, 0.0367, 5e-5);
	/* Erlang's calculator manual (erlang.com, "How much traffic can a
	 * trunk group handle"): 15 lines at 1% blocking carry 8.108 Erlangs. */
	ck_assert_int_eq(erlang_b(15, 8.108, &b), STATUS_OK);
	ck_assert_double_eq_tol(b, 0.0100, 5e-5);
	/* By hand from B = (a^n/n!) / sum_k a^k/k!: B(1,1) = 1/2,
	 * B(2,1) = (1/2)/(5/2) = 1/5, B(3,2) = (4/3)/(19/3) = 4/19. */
	ck_assert_int_eq(erlang_b(1, 1.0, &b), STATUS_OK);
	ck_assert_double_eq_tol(b, 0.5, 1e-16);
	ck_assert_int_eq(erlang_b(2, 1.0, &b), STATUS_OK);
	ck_assert_double_eq_tol(b, 0.2, 1e-16);
	ck_assert_int_eq(erlang_b(3, 2.0, &b), STATUS_OK);
	ck_assert_double_eq_tol(b, 4.0 / 19.0, 1e-16);
	/* no agents: everyone blocked; no traffic: nobody */
	ck_assert_int_eq(erlang_b(0, 3.0, &b), STATUS_OK);
	ck_assert_double_eq(b, 1.0);
	ck_assert_int_eq(erlang_b(7, 0.0, &b), STATUS_OK);
	ck_assert_double_eq(b, 0.0);
	ck_assert_int_eq(erlang_b(0, 0.0, &b), STATUS_OK);
	ck_assert_double_eq(b, 1.0);
}
END_TEST

START_TEST(test_erlang_c_published)
{
	struct erlang_result r;
	/* Erlang C tables (and the issue): 10 Erlangs on 11 agents waits with
	 * probability 0.6821, on 14 agents 0.1741. */
	struct erlang_input in = input(10.0, 180.0, INFINITY, 20.0, 11);
	ck_assert_int_eq(erlang_c(&in, &r), STATUS_OK);
	ck_assert_double_eq_tol(r.p_wait, 0.6821, 5e-5);
	in.agents = 14;
	ck_assert_int_eq(erlang_c(&in, &r), STATUS_OK);
	ck_assert_double_eq_tol(r.p_wait, 0.1741, 5e-5);
	ck_assert(r.model == ERLANG_C && r.agents == 14 && r.traffic == 10.0);

	/* M/M/1, rho = 0.7, AHT 1 s: C = rho, ASA = rho/(1 - rho),
	 * Lq = rho^2/(1 - rho), SL(T) = 1 - rho e^{-(1 - rho) T}. */
	in = input(0.7, 1.0, INFINITY, 2.0, 1);
	ck_assert_int_eq(erlang_c(&in, &r), STATUS_OK);
	ck_assert_double_eq_tol(r.p_wait, 0.7, 1e-15);
	ck_assert_double_eq_tol(r.asa_s, 0.7 / 0.3, 1e-14);
	ck_assert_double_eq_tol(r.mean_wait_s, 0.7 / 0.3, 1e-14);
	ck_assert_double_eq_tol(r.mean_queue, 0.49 / 0.3, 1e-14);
	ck_assert_double_eq_tol(r.service_level, 1.0 - 0.7 * exp(-0.6), 1e-15);
	ck_assert_double_eq(r.service_level_answered, r.service_level);
	ck_assert_double_eq_tol(r.occupancy, 0.7, 1e-15);
	ck_assert_double_eq(r.p_abandon, 0.0);

	/* M/M/2 with a = 1: C = 2 rho^2/(1 + rho) = 1/3; a = 2 on 3 agents:
	 * B = 4/19, C = 3 B / (3 - 2 (1 - B)) = 4/9. */
	in = input(1.0, 60.0, INFINITY, 0.0, 2);
	ck_assert_int_eq(erlang_c(&in, &r), STATUS_OK);
	ck_assert_double_eq_tol(r.p_wait, 1.0 / 3.0, 1e-15);
	ck_assert_double_eq_tol(r.service_level, 2.0 / 3.0, 1e-15);
	ck_assert_double_eq_tol(r.asa_s, 60.0 / 3.0, 1e-12);
	in = input(2.0, 60.0, INFINITY, 0.0, 3);
	ck_assert_int_eq(erlang_c(&in, &r), STATUS_OK);
	ck_assert_double_eq_tol(r.p_wait, 4.0 / 9.0, 1e-15);
}
END_TEST

/* The closed form SL = 1 - C e^{-(n - a) T/AHT} against the sum over the
 * state met on arrival: in state n + m the wait is the (m+1)-th departure
 * of n busy agents, Gamma(m + 1, AHT/n), and P(N = n + m) = C (1-rho) rho^m. */
START_TEST(test_erlang_c_sl_routes)
{
	static const struct { int n; double a, aht, T; } cs[] = {
		{ 11, 10.0, 180.0, 20.0 }, { 14, 10.0, 180.0, 20.0 }, { 1, 0.5, 60.0, 30.0 },
		{ 100, 95.0, 300.0, 15.0 }, { 50, 49.5, 240.0, 60.0 }, { 3, 2.0, 10.0, 1.0 },
		{ 1000, 900.0, 180.0, 5.0 },
	};
	for (size_t i = 0; i < sizeof cs / sizeof cs[0]; i++) {
		struct erlang_input in = input(cs[i].a, cs[i].aht, INFINITY, cs[i].T, cs[i].n);
		struct erlang_result r;
		ck_assert_int_eq(erlang_c(&in, &r), STATUS_OK);
		double rho = cs[i].a / cs[i].n, c = r.p_wait, s = 1.0 - c, pm = c * (1.0 - rho);
		for (int m = 0; pm > 1e-20 * c; m++, pm *= rho)
			s += pm * gsl_cdf_gamma_P(cs[i].T, m + 1.0, cs[i].aht / cs[i].n);
		ck_assert_double_eq_tol(r.service_level, s, 1e-12);
		/* and the mean: E[W] = sum_m P(N = n+m) (m+1) AHT/n */
		double ew = 0.0;
		pm = c * (1.0 - rho);
		for (int m = 0; pm > 1e-20 * c; m++, pm *= rho)
			ew += pm * (m + 1.0) * cs[i].aht / cs[i].n;
		ck_assert_double_eq_tol(r.asa_s, ew, 1e-10 * ew);
	}
}
END_TEST

/* ---- core: Erlang A ----------------------------------------------------- */

/* The tagged-caller probabilities behind the reference: the negative
 * binomial tails equal gsl_sf_beta_inc, and m = 0, 1 match the
 * hypoexponential closed forms (rates a_i = n mu + i theta, b_i = a_i +
 * theta; u_m = P(served within T | m)). */
START_TEST(test_tagged_caller)
{
	gsl_error_handler_t *old = gsl_set_error_handler_off();
	static const struct { double x, tau; } cs[] = {
		{ 0.3, 0.05 }, { 3.0, 0.5 }, { 20.0, 0.1 }, { 100.0, 0.02 }, { 600.0, 0.001 },
		{ 50.0, 3.0 },
	};
	for (size_t i = 0; i < sizeof cs / sizeof cs[0]; i++) {
		long K = 200;
		long double tail[201];
		double x = cs[i].x, tau = cs[i].tau, w = -expm1(-tau);
		nb_tails(x + 1, -expm1l(-(long double)tau), -(long double)tau, K, tail);
		for (long m = 0; m <= K; m++) {
			gsl_sf_result bi;
			if (gsl_sf_beta_inc_e(m + 1.0, x + 1.0, w, &bi) != GSL_SUCCESS)
				continue;
			REQUIRE(close_rel(bi.val, tail[m], 1e-10) || bi.val < 1e-280,
				"x=%g tau=%g m=%ld: beta_inc %.17g, tail %.17Lg", x, tau, m, bi.val,
				tail[m]);
		}
		/* theta = 1, n mu = x */
		double a0 = x, a1 = x + 1.0, b0 = a0 + 1.0, b1 = a1 + 1.0, T = tau;
		double u0 = a0 / b0 * -expm1(-b0 * T);
		double u1 = a0 / b0 * a1 / b1 *
			    (1.0 - (b1 * exp(-b0 * T) - b0 * exp(-b1 * T)) / (b1 - b0));
		ck_assert_double_eq_tol(x / (x + 1.0) * (double)tail[0], u0, 1e-13 * u0);
		ck_assert_double_eq_tol(x / (x + 2.0) * (double)tail[1], u1, 1e-12 * u1);
	}
	gsl_set_error_handler(old);
}
END_TEST

/* The grid of the issue: 1, 10, 100, 1000 agents; under, critically and
 * over loaded; short and long patience; thresholds 0, 20 s, 1 h, 10 h. */
START_TEST(test_erlang_a_chain)
{
	static const int ns[] = { 1, 10, 100, 1000 };
	static const double loads[] = { 0.7, 1.0, 1.5 };
	static const double pats[] = { 30.0, 3600.0 };
	static const double Ts[] = { 0.0, 20.0, 3600.0, 36000.0 };
	double worst = 0.0;
	for (size_t i = 0; i < 4; i++)
		for (size_t l = 0; l < 3; l++)
			for (size_t p = 0; p < 2; p++)
				for (size_t t = 0; t < 4; t++)
					worst = fmax(worst, check_against_chain(ns[i], loads[l] * ns[i],
										180.0, pats[p], Ts[t],
										REL));
	/* odd cases: fractional traffic, patience far below and far above
	 * the AHT, a few thousand agents, a threshold of a hundredth of a second */
	worst = fmax(worst, check_against_chain(7, 3.3, 240.0, 5.0, 10.0, REL));
	worst = fmax(worst, check_against_chain(2, 1.999, 600.0, 86400.0, 60.0, REL));
	worst = fmax(worst, check_against_chain(1, 0.2, 3600.0, 1.0, 0.5, REL));
	worst = fmax(worst, check_against_chain(25, 40.0, 30.0, 1200.0, 0.01, REL));
	worst = fmax(worst, check_against_chain(3000, 2990.0, 180.0, 300.0, 20.0, REL));
	worst = fmax(worst, check_against_chain(5000, 6000.0, 180.0, 120.0, 30.0, REL));
	worst = fmax(worst, check_against_chain(4000, 3000.0, 60.0, 7200.0, 5.0, REL));
	report("test_erlang_a_chain", worst);
}
END_TEST

/* theta = mu: the number in system is that of M/M/infinity, Poisson(a). */
START_TEST(test_erlang_a_poisson)
{
	static const struct { int n; double a; } cs[] = {
		{ 10, 8.0 }, { 100, 94.5 }, { 50, 70.0 }, { 1, 3.0 }, { 1000, 1000.0 },
	};
	for (size_t i = 0; i < sizeof cs / sizeof cs[0]; i++) {
		int n = cs[i].n;
		double a = cs[i].a;
		struct erlang_input in = input(a, 200.0, 200.0, 20.0, n);
		struct erlang_result r;
		ck_assert_int_eq(erlang_a(&in, &r), STATUS_OK);
		ck_assert_double_eq_tol(r.p_wait, gsl_cdf_poisson_Q((unsigned)n - 1, a),
					1e-10 * r.p_wait);
		/* E[(N - n)^+] = a - n + E[(n - N)^+] */
		double below = 0.0;
		for (int j = 0; j < n; j++)
			below += (n - j) * gsl_ran_poisson_pdf((unsigned)j, a);
		ck_assert_double_eq_tol(r.mean_queue, a - n + below, 1e-9 * r.mean_queue);
	}
}
END_TEST

/* The service level is exact at both ends: at T = 0 it is P(no wait), and
 * for thresholds of hours it is P(answered) = 1 - P(abandon) (not
 * P(no wait), where public calculators leave it); in between it rises. */
START_TEST(test_erlang_a_sl_ends)
{
	static const struct { int n; double a, pat; } cs[] = {
		{ 100, 95.0, 300.0 }, { 10, 15.0, 60.0 }, { 1000, 990.0, 1800.0 }, { 1, 0.9, 30.0 },
	};
	for (size_t i = 0; i < sizeof cs / sizeof cs[0]; i++) {
		struct erlang_input in = input(cs[i].a, 180.0, cs[i].pat, 0.0, cs[i].n);
		struct erlang_result r0, r, rinf;
		ck_assert_int_eq(erlang_a(&in, &r0), STATUS_OK);
		ck_assert_double_eq_tol(r0.service_level, 1.0 - r0.p_wait, 1e-15);
		in.threshold_s = 1e7;
		ck_assert_int_eq(erlang_a(&in, &rinf), STATUS_OK);
		ck_assert_double_eq_tol(rinf.service_level, 1.0 - rinf.p_abandon, 1e-15);
		ck_assert_double_eq_tol(rinf.service_level_answered, 1.0, 1e-15);
		ck_assert(rinf.service_level > r0.service_level + 1e-3);
		double prev = r0.service_level;
		for (double T = 1.0; T < 2e5; T *= 1.7) {
			in.threshold_s = T;
			ck_assert_int_eq(erlang_a(&in, &r), STATUS_OK);
			REQUIRE(r.service_level >= prev * (1.0 - 1e-14), "SL falls at T=%g", T);
			REQUIRE(r.service_level <= rinf.service_level * (1.0 + 1e-14), "SL at T=%g", T);
			prev = r.service_level;
		}
	}
}
END_TEST

struct sl_param {
	struct erlang_input in;
	double answered;
};

static double sl_gap(double t, void *vp)
{
	struct sl_param *p = vp;
	struct erlang_result r;
	p->in.threshold_s = t;
	if (erlang_a(&p->in, &r) != STATUS_OK)
		return NAN;
	return p->answered - r.service_level;
}

/* E[W; answered] = int_0^inf P(answered, W > t) dt: ASA times P(answered)
 * is the area between P(answered) and the service-level curve.  This ties
 * ASA to the service level, which the chain checks independently. */
START_TEST(test_erlang_a_asa_integral)
{
	static const struct { int n; double a, pat; } cs[] = {
		{ 10, 9.0, 300.0 }, { 100, 120.0, 600.0 }, { 3, 2.0, 60.0 }, { 200, 180.0, 3600.0 },
	};
	gsl_integration_workspace *ws = gsl_integration_workspace_alloc(1000);
	ck_assert_ptr_nonnull(ws);
	for (size_t i = 0; i < sizeof cs / sizeof cs[0]; i++) {
		struct sl_param p = { .in = input(cs[i].a, 180.0, cs[i].pat, 0.0, cs[i].n) };
		struct erlang_result r;
		ck_assert_int_eq(erlang_a(&p.in, &r), STATUS_OK);
		p.answered = 1.0 - r.p_abandon;
		gsl_function f = { .function = sl_gap, .params = &p };
		double area, err;
		ck_assert_int_eq(gsl_integration_qagiu(&f, 0.0, 0.0, 1e-11, 1000, ws, &area, &err), 0);
		ck_assert_double_eq_tol(r.asa_s * p.answered, area, 1e-9 * area);
	}
	gsl_integration_workspace_free(ws);
}
END_TEST

/*
 * Patience -> infinity: Erlang A tends to Erlang C.  With rho = a/n < 1
 * the queue weights are rho^m prod_{i<=m} (1 + i/x)^{-1} instead of rho^m,
 * x = n patience/AHT; each factor lies in [1 - m(m+1)/(2x), 1], so A falls
 * short of 1/(1 - rho) by at most rho/(x (1 - rho)^3) and every figure
 * (ratios of such sums against factors growing at most like m^2) moves by
 * O(1/(x (1 - rho)^3)).  The tolerance is 20/(x (1 - rho)^3): about 4e-6
 * at 1e9 s, 4e-9 at 1e12 s here.  The difference must also shrink with
 * theta: a thousandfold for a thousandfold longer patience.
 */
START_TEST(test_erlang_a_to_c)
{
	static const struct { int n; double a; } cs[] = { { 10, 8.0 }, { 100, 90.0 }, { 1, 0.5 } };
	for (size_t i = 0; i < sizeof cs / sizeof cs[0]; i++) {
		struct erlang_input in = input(cs[i].a, 180.0, INFINITY, 20.0, cs[i].n);
		struct erlang_result c, a9, a12;
		ck_assert_int_eq(erlang_eval(&in, &c), STATUS_OK);
		ck_assert(c.model == ERLANG_C);
		double rho = cs[i].a / cs[i].n, gap9 = 0.0, gap12 = 0.0;
		for (int k = 0; k < 2; k++) {
			double pat = k == 0 ? 1e9 : 1e12, x = cs[i].n * pat / 180.0;
			double tol = 20.0 / (x * pow(1.0 - rho, 3.0));
			in.patience_s = pat;
			struct erlang_result *r = k == 0 ? &a9 : &a12;
			ck_assert_int_eq(erlang_eval(&in, r), STATUS_OK);
			ck_assert(r->model == ERLANG_A);
			const double got[] = { r->p_wait, r->service_level, r->asa_s,
					       r->mean_queue, r->occupancy };
			const double want[] = { c.p_wait, c.service_level, c.asa_s,
						c.mean_queue, c.occupancy };
			for (size_t j = 0; j < 5; j++) {
				double d = fabs(got[j] - want[j]) / want[j];
				REQUIRE(d <= tol, "n=%d patience=%g figure %zu: %.17g vs %.17g",
					cs[i].n, pat, j, got[j], want[j]);
				if (k == 0)
					gap9 = fmax(gap9, d);
				else
					gap12 = fmax(gap12, d);
			}
			ck_assert(r->p_abandon > 0.0 && r->p_abandon <= tol);
		}
		REQUIRE(gap12 <= gap9 / 500.0 + 1e-14, "n=%d: gaps %g then %g", cs[i].n, gap9, gap12);
	}
}
END_TEST

/* ---- core: staffing and shrinkage --------------------------------------- */

static bool same_result(const struct erlang_result *p, const struct erlang_result *q)
{
	return p->model == q->model && p->traffic == q->traffic && p->agents == q->agents &&
	       p->p_wait == q->p_wait && p->service_level == q->service_level &&
	       p->service_level_answered == q->service_level_answered &&
	       p->asa_s == q->asa_s && p->mean_wait_s == q->mean_wait_s &&
	       p->mean_queue == q->mean_queue && p->p_abandon == q->p_abandon &&
	       p->occupancy == q->occupancy;
}

/* n meets every set target and n - 1 misses one; *out is the figures at n. */
static void check_smallest(const struct erlang_input *in0, const struct erlang_targets *t, int n,
			   const struct erlang_result *out)
{
	struct erlang_input in = *in0;
	if (t->has_sl)
		in.threshold_s = t->sl_threshold_s;
	struct erlang_result r;
	in.agents = n;
	int st = erlang_eval(&in, &r);
	ck_assert_int_eq(st, STATUS_OK);
	ck_assert(same_result(&r, out));
	ck_assert(!t->has_sl || r.service_level >= t->sl);
	ck_assert(!t->has_asa || r.asa_s <= t->asa_s);
	ck_assert(!t->has_abandon || r.p_abandon <= t->abandon);
	ck_assert(!t->has_occupancy || r.occupancy <= t->occupancy);
	if (n == 1)
		return;
	in.agents = n - 1;
	st = erlang_eval(&in, &r);
	bool meets = st == STATUS_OK && (!t->has_sl || r.service_level >= t->sl) &&
		     (!t->has_asa || r.asa_s <= t->asa_s) &&
		     (!t->has_abandon || r.p_abandon <= t->abandon) &&
		     (!t->has_occupancy || r.occupancy <= t->occupancy);
	ck_assert(!meets);
}

/* 300 calls per 30 minutes, AHT 4 minutes: a = 40 Erlangs; 80% within
 * 20 s.  Independently: C(n) from its definition in long double,
 * C = (a^n/n! n/(n-a)) / (sum_{k<n} a^k/k! + a^n/n! n/(n-a)), SL = 1 - C
 * e^{-(n-a) 20/240}, scanned from n = 41: 46 agents (45 give 0.7754). */
START_TEST(test_staff_hand_case)
{
	long double a = 40.0L, term = 1.0L, below = 0.0L;
	int expect = 0;
	for (int n = 1; n < 100; n++) {
		below += term; /* sum_{k<n} a^k/k! */
		term *= a / n; /* a^n/n! */
		if (n <= 40)
			continue;
		long double top = term * n / (n - a), c = top / (below + top);
		long double sl = 1.0L - c * expl(-(n - a) * 20.0L / 240.0L);
		if (sl >= 0.8L) {
			expect = n;
			break;
		}
	}
	ck_assert_int_eq(expect, 46);
	struct erlang_input in = input(40.0, 240.0, INFINITY, 0.0, 0);
	struct erlang_targets t = { .has_sl = true, .sl = 0.8, .sl_threshold_s = 20.0 };
	struct erlang_result r;
	int n = 0;
	ck_assert_int_eq(erlang_staff(&in, &t, 1000, &n, &r), STATUS_OK);
	ck_assert_int_eq(n, 46);
	ck_assert_double_eq_tol(r.service_level, 0.8387898061, 1e-10);
	check_smallest(&in, &t, n, &r);
}
END_TEST

START_TEST(test_staff_targets)
{
	static const struct {
		double a, aht, pat;
		struct erlang_targets t;
	} cs[] = {
		{ 40.0, 240.0, INFINITY, { .has_asa = true, .asa_s = 15.0 } },
		{ 40.0, 240.0, INFINITY, { .has_occupancy = true, .occupancy = 0.85 } },
		{ 40.0, 240.0, INFINITY, { .has_abandon = true, .abandon = 0.0 } },
		{ 900.0, 180.0, INFINITY, { .has_sl = true, .sl = 0.9, .sl_threshold_s = 10.0,
					    .has_asa = true, .asa_s = 5.0 } },
		{ 40.0, 240.0, 120.0, { .has_sl = true, .sl = 0.8, .sl_threshold_s = 20.0 } },
		{ 40.0, 240.0, 120.0, { .has_abandon = true, .abandon = 0.03 } },
		{ 40.0, 240.0, 120.0, { .has_asa = true, .asa_s = 10.0,
					.has_occupancy = true, .occupancy = 0.9 } },
		{ 2500.0, 300.0, 200.0, { .has_sl = true, .sl = 0.95, .sl_threshold_s = 30.0,
					  .has_abandon = true, .abandon = 0.01,
					  .has_asa = true, .asa_s = 4.0,
					  .has_occupancy = true, .occupancy = 0.97 } },
		{ 0.0, 240.0, 120.0, { .has_sl = true, .sl = 1.0, .sl_threshold_s = 0.0 } },
		{ 0.3, 240.0, INFINITY, { .has_sl = true, .sl = 0.5, .sl_threshold_s = 0.0 } },
		{ 12.5, 60.0, 30.0, { .has_sl = true, .sl = 0.0, .sl_threshold_s = 5.0 } },
	};
	for (size_t i = 0; i < sizeof cs / sizeof cs[0]; i++) {
		struct erlang_input in = input(cs[i].a, cs[i].aht, cs[i].pat, 7.0, 12345);
		struct erlang_result r;
		int n = -1;
		ck_assert_int_eq(erlang_staff(&in, &cs[i].t, 100000, &n, &r), STATUS_OK);
		ck_assert_int_ge(n, 1);
		ck_assert_int_eq(r.agents, n);
		check_smallest(&in, &cs[i].t, n, &r);
	}
	/* Erlang C: an abandonment target alone gives the first stable n */
	struct erlang_input in = input(40.0, 240.0, INFINITY, 0.0, 1);
	struct erlang_targets t = { .has_abandon = true, .abandon = 0.0 };
	struct erlang_result r;
	int n;
	ck_assert_int_eq(erlang_staff(&in, &t, 1000, &n, &r), STATUS_OK);
	ck_assert_int_eq(n, 41);
	in.traffic = 40.5;
	ck_assert_int_eq(erlang_staff(&in, &t, 1000, &n, &r), STATUS_OK);
	ck_assert_int_eq(n, 41);
	/* without an SL target the input's threshold is used */
	in = input(40.0, 240.0, INFINITY, 20.0, 1);
	t = (struct erlang_targets){ .has_asa = true, .asa_s = 15.0 };
	ck_assert_int_eq(erlang_staff(&in, &t, 1000, &n, &r), STATUS_OK);
	struct erlang_result r2;
	in.agents = n;
	ck_assert_int_eq(erlang_c(&in, &r2), STATUS_OK);
	ck_assert_double_eq(r.service_level, r2.service_level);
}
END_TEST

START_TEST(test_scheduled)
{
	double u = -1.0;
	ck_assert_int_eq(erlang_scheduled(10, 0.0, &u), 10);
	ck_assert_double_eq(u, 10.0);
	ck_assert_int_eq(erlang_scheduled(10, 0.3, &u), 15); /* 14.29 */
	ck_assert_double_eq_tol(u, 10.0 / 0.7, 1e-12);
	ck_assert_int_eq(erlang_scheduled(10, 0.5, &u), 20); /* exactly 20 */
	ck_assert_int_eq(erlang_scheduled(10, 0.9, NULL), 100); /* 1 - 0.9 rounds low */
	ck_assert_int_eq(erlang_scheduled(7, 0.8, NULL), 35);
	ck_assert_int_eq(erlang_scheduled(46, 0.35, NULL), 71); /* 70.77 */
	ck_assert_int_eq(erlang_scheduled(0, 0.5, &u), 0);
	ck_assert_double_eq(u, 0.0);
	ck_assert_int_eq(erlang_scheduled(1, 0.999, NULL), 1000);
	ck_assert_int_eq(erlang_scheduled(3, 0.25, NULL), 4);
	ck_assert_int_eq(erlang_scheduled(3, 0.26, NULL), 5); /* 4.05 */
	/* every shrinkage in whole percent against integer arithmetic:
	 * ceil(100 r / (100 - p)) */
	for (int p = 0; p < 100; p++)
		for (int req = 0; req <= 200; req += 7) {
			int want = (100 * req + (100 - p) - 1) / (100 - p);
			REQUIRE(erlang_scheduled(req, p / 100.0, NULL) == want, "req %d at %d%%", req, p);
		}
}
END_TEST

/* ---- limits ------------------------------------------------------------- */

/* Figures at n, then at n + 1, for Erlang C (when stable) and Erlang A. */
static void stability_case(int n, double a)
{
	char what[120];
	struct erlang_result r[2][2];
	for (int k = 0; k < 2; k++) {
		struct erlang_input in = input(a, 180.0, INFINITY, 20.0, n + k);
		int st = erlang_c(&in, &r[0][k]);
		snprintf(what, sizeof what, "erlang-c n=%d a=%.17g", n + k, a);
		if (a < n + k) {
			REQUIRE(st == STATUS_OK, "%s: status %d", what, st);
			sane(&r[0][k], what);
		} else {
			REQUIRE(st == STATUS_EUNSTABLE, "%s: status %d", what, st);
		}
		in.patience_s = 300.0;
		snprintf(what, sizeof what, "erlang-a n=%d a=%.17g", n + k, a);
		REQUIRE(erlang_a(&in, &r[1][k]) == STATUS_OK, "%s: status", what);
		sane(&r[1][k], what);
	}
	/* monotone in n, to rounding */
	for (int m = (a < n ? 0 : 1); m < 2; m++) {
		const struct erlang_result *p = &r[m][0], *q = &r[m][1];
		REQUIRE(q->p_wait <= p->p_wait * (1 + 1e-13), "model %d n=%d a=%g p_wait", m, n, a);
		REQUIRE(q->service_level >= p->service_level * (1 - 1e-13), "model %d n=%d a=%g SL",
			m, n, a);
		REQUIRE(q->asa_s <= p->asa_s * (1 + 1e-13), "model %d n=%d a=%g ASA", m, n, a);
		REQUIRE(q->p_abandon <= p->p_abandon * (1 + 1e-13), "model %d n=%d a=%g ab", m, n,
			a);
		REQUIRE(q->occupancy <= p->occupancy * (1 + 1e-13), "model %d n=%d a=%g occ", m, n,
			a);
	}
	/* Erlang B and C against long double */
	double b;
	ck_assert_int_eq(erlang_b(n, a, &b), STATUS_OK);
	long double bl = erlang_b_ld(n, a);
	snprintf(what, sizeof what, "erlang_b n=%d a=%.17g", n, a);
	CLOSE(b, bl, 1e-12, what);
	if (a < n) {
		long double cl = n * bl / (n - a * (1.0L - bl));
		snprintf(what, sizeof what, "erlang_c n=%d a=%.17g", n, a);
		CLOSE(r[0][0].p_wait, cl, 1e-12, what);
		long double gap = n - (long double)a, ncl = gap * (1.0L - bl) / (gap + a * bl);
		long double sl = ncl + cl * -expm1l(-gap * 20.0L / 180.0L);
		CLOSE(r[0][0].service_level, sl, 1e-12, what);
		CLOSE(r[0][0].asa_s, cl * 180.0L / gap, 1e-12, what);
	}
}

START_TEST(test_stability)
{
	static const int ns[] = { 1, 10, 100, 1000, 10000, 50000 };
	for (size_t i = 0; i < sizeof ns / sizeof ns[0]; i++) {
		int n = ns[i];
		const double as[] = { 1e-6, 0.5 * n, 0.9 * n, 0.99 * n, n - 0.01, 1.2 * n, 3.0 * n };
		for (size_t j = 0; j < sizeof as / sizeof as[0]; j++)
			stability_case(n, as[j]);
	}
}
END_TEST

/* The chain at many agents, near and far from saturation. */
START_TEST(test_large_chain)
{
	double worst = 0.0;
	worst = fmax(worst, check_against_chain(10000, 9800.0, 180.0, 300.0, 20.0, REL));
	worst = fmax(worst, check_against_chain(50000, 49999.99, 180.0, 300.0, 20.0, REL));
	worst = fmax(worst, check_against_chain(50000, 60000.0, 180.0, 300.0, 20.0, REL));
	worst = fmax(worst, check_against_chain(50000, 45000.0, 180.0, 600.0, 10.0, REL));
	worst = fmax(worst, check_against_chain(20000, 20000.0, 180.0, 36000.0, 20.0, REL));
	report("test_large_chain", worst);
}
END_TEST

/* Patience a million times the AHT and more (the figures come from the
 * integral form there): still the chain's values. */
START_TEST(test_long_patience)
{
	double worst = 0.0;
	worst = fmax(worst, check_against_chain(100, 99.9, 10.0, 1e6, 20.0, REL));
	worst = fmax(worst, check_against_chain(10, 10.1, 10.0, 1e6, 3600.0, REL));
	worst = fmax(worst, check_against_chain(1, 0.999, 10.0, 1e8, 600.0, REL));
	worst = fmax(worst, check_against_chain(1000, 1500.0, 10.0, 36000.0, 36000.0, REL));
	worst = fmax(worst, check_against_chain(50000, 60000.0, 180.0, 3600.0, 3600.0, REL));
	report("test_long_patience", worst);
	/* huge queues: finite, P(wait) -> 1, P(abandon) -> 1 - 1/rho */
	struct erlang_input in = input(5e4, 10.0, 1e12, 60.0, 40000);
	struct erlang_result r;
	ck_assert_int_eq(erlang_a(&in, &r), STATUS_OK);
	sane(&r, "patience 1e12, overloaded");
	ck_assert_double_eq(r.p_wait, 1.0);
	ck_assert_double_eq_tol(r.p_abandon, 0.2, 1e-12);
	ck_assert_double_eq_tol(r.occupancy, 1.0, 1e-12);
	ck_assert_double_eq_tol(r.asa_s, 1e12 * log(1.25), 1e-6 * 1e12);
}
END_TEST

START_TEST(test_zero_traffic)
{
	struct erlang_input in = input(0.0, 180.0, 300.0, 20.0, 5);
	struct erlang_result r;
	for (int k = 0; k < 2; k++) {
		in.patience_s = k == 0 ? 300.0 : INFINITY;
		ck_assert_int_eq(erlang_eval(&in, &r), STATUS_OK);
		ck_assert_double_eq(r.p_wait, 0.0);
		ck_assert_double_eq(r.service_level, 1.0);
		ck_assert_double_eq(r.service_level_answered, 1.0);
		ck_assert_double_eq(r.asa_s, 0.0);
		ck_assert_double_eq(r.mean_wait_s, 0.0);
		ck_assert_double_eq(r.mean_queue, 0.0);
		ck_assert_double_eq(r.p_abandon, 0.0);
		ck_assert_double_eq(r.occupancy, 0.0);
	}
	/* tiny traffic on one agent: B = a/(1+a), A = 1 + y/(x+1) + ...,
	 * P(wait) = A B / (1 - B + A B); then the chain */
	in = input(1e-9, 180.0, 300.0, 20.0, 1);
	ck_assert_int_eq(erlang_a(&in, &r), STATUS_OK);
	double x = 300.0 / 180.0, y = 1e-9 * x, B = 1e-9 / (1.0 + 1e-9);
	double A = 1.0 + y / (x + 1.0) * (1.0 + y / (x + 2.0));
	ck_assert_double_eq_tol(r.p_wait, A * B / (1.0 - B + A * B), 1e-15 * r.p_wait);
	(void)check_against_chain(1, 1e-9, 180.0, 300.0, 20.0, REL);
	(void)check_against_chain(3, 1e-5, 180.0, 1.0, 0.0, REL);
	/* patience a thousandth of the AHT and a millionth */
	(void)check_against_chain(4, 6.0, 180.0, 0.18, 0.1, REL);
	(void)check_against_chain(2, 5.0, 3600.0, 0.0036, 0.001, REL);
}
END_TEST

/* ---- errors ------------------------------------------------------------- */

START_TEST(test_invalid_inputs)
{
	struct erlang_result r;
	const struct erlang_input ok = input(10.0, 180.0, 300.0, 20.0, 12);
	ck_assert_int_eq(erlang_a(&ok, &r), STATUS_OK);
	ck_assert_int_eq(erlang_c(&ok, &r), STATUS_OK);
	const double bad_traffic[] = { NAN, -1.0, INFINITY, -INFINITY, -1e-300 };
	const double bad_aht[] = { NAN, 0.0, -180.0, INFINITY };
	const double bad_T[] = { NAN, -1.0, INFINITY, -1e-300 };
	const int bad_n[] = { 0, -1, -100000 };
	const double bad_pat[] = { NAN, 0.0, -300.0, -INFINITY };
	for (size_t i = 0; i < sizeof bad_traffic / sizeof bad_traffic[0]; i++) {
		struct erlang_input in = ok;
		in.traffic = bad_traffic[i];
		ck_assert_int_eq(erlang_a(&in, &r), STATUS_EINVAL);
		ck_assert_int_eq(erlang_c(&in, &r), STATUS_EINVAL);
		ck_assert_int_eq(erlang_eval(&in, &r), STATUS_EINVAL);
	}
	for (size_t i = 0; i < sizeof bad_aht / sizeof bad_aht[0]; i++) {
		struct erlang_input in = ok;
		in.aht_s = bad_aht[i];
		ck_assert_int_eq(erlang_a(&in, &r), STATUS_EINVAL);
		ck_assert_int_eq(erlang_c(&in, &r), STATUS_EINVAL);
	}
	for (size_t i = 0; i < sizeof bad_T / sizeof bad_T[0]; i++) {
		struct erlang_input in = ok;
		in.threshold_s = bad_T[i];
		ck_assert_int_eq(erlang_a(&in, &r), STATUS_EINVAL);
		ck_assert_int_eq(erlang_c(&in, &r), STATUS_EINVAL);
	}
	for (size_t i = 0; i < sizeof bad_n / sizeof bad_n[0]; i++) {
		struct erlang_input in = ok;
		in.agents = bad_n[i];
		ck_assert_int_eq(erlang_a(&in, &r), STATUS_EINVAL);
		ck_assert_int_eq(erlang_c(&in, &r), STATUS_EINVAL);
	}
	for (size_t i = 0; i < sizeof bad_pat / sizeof bad_pat[0]; i++) {
		struct erlang_input in = ok;
		in.patience_s = bad_pat[i];
		ck_assert_int_eq(erlang_a(&in, &r), STATUS_EINVAL);
		ck_assert_int_eq(erlang_eval(&in, &r), STATUS_EINVAL);
		/* Erlang C ignores the patience */
		ck_assert_int_eq(erlang_c(&in, &r), STATUS_OK);
	}
	/* Erlang A needs a finite patience */
	struct erlang_input in = ok;
	in.patience_s = INFINITY;
	ck_assert_int_eq(erlang_a(&in, &r), STATUS_EINVAL);
	ck_assert_int_eq(erlang_eval(&in, &r), STATUS_OK);
	ck_assert(r.model == ERLANG_C);
	/* patience/AHT ratios that leave the range of a double */
	in = ok;
	in.patience_s = 1e300;
	in.aht_s = 1e-10;
	ck_assert_int_eq(erlang_a(&in, &r), STATUS_EINVAL);
	in = ok;
	in.patience_s = 1e-310;
	ck_assert_int_eq(erlang_a(&in, &r), STATUS_EINVAL);
	/* NULL */
	ck_assert_int_eq(erlang_a(NULL, &r), STATUS_EINVAL);
	ck_assert_int_eq(erlang_a(&ok, NULL), STATUS_EINVAL);
	ck_assert_int_eq(erlang_c(NULL, &r), STATUS_EINVAL);
	ck_assert_int_eq(erlang_c(&ok, NULL), STATUS_EINVAL);
	ck_assert_int_eq(erlang_eval(NULL, &r), STATUS_EINVAL);
	/* Erlang B */
	double b;
	ck_assert_int_eq(erlang_b(-1, 1.0, &b), STATUS_EINVAL);
	ck_assert_int_eq(erlang_b(3, -1.0, &b), STATUS_EINVAL);
	ck_assert_int_eq(erlang_b(3, NAN, &b), STATUS_EINVAL);
	ck_assert_int_eq(erlang_b(3, INFINITY, &b), STATUS_EINVAL);
	ck_assert_int_eq(erlang_b(3, 1.0, NULL), STATUS_EINVAL);
	/* names */
	ck_assert_str_eq(erlang_model_name(ERLANG_C), "erlang-c");
	ck_assert_str_eq(erlang_model_name(ERLANG_A), "erlang-a");
	ck_assert_str_eq(erlang_model_name((enum erlang_model)7), "unknown");
}
END_TEST

/* Load at or above the agents: STATUS_EUNSTABLE and the exact limits. */
START_TEST(test_unstable)
{
	static const struct { int n; double a; } cs[] = {
		{ 10, 10.0 }, { 10, 10.5 }, { 1, 1e300 }, { 50000, 50000.0 }, { 3, 1e6 },
	};
	for (size_t i = 0; i < sizeof cs / sizeof cs[0]; i++) {
		struct erlang_input in = input(cs[i].a, 180.0, INFINITY, 20.0, cs[i].n);
		struct erlang_result r;
		for (int k = 0; k < 2; k++) {
			memset(&r, 0xff, sizeof r);
			int st = k == 0 ? erlang_c(&in, &r) : erlang_eval(&in, &r);
			ck_assert_int_eq(st, STATUS_EUNSTABLE);
			ck_assert(r.model == ERLANG_C);
			ck_assert_int_eq(r.agents, cs[i].n);
			ck_assert_double_eq(r.traffic, cs[i].a);
			ck_assert_double_eq(r.p_wait, 1.0);
			ck_assert_double_eq(r.service_level, 0.0);
			ck_assert_double_eq(r.service_level_answered, 0.0);
			ck_assert(isinf(r.asa_s) && r.asa_s > 0);
			ck_assert(isinf(r.mean_wait_s) && r.mean_wait_s > 0);
			ck_assert(isinf(r.mean_queue) && r.mean_queue > 0);
			ck_assert_double_eq(r.p_abandon, 0.0);
			ck_assert_double_eq(r.occupancy, 1.0);
		}
		/* the same load with abandonment is stable */
		in.patience_s = 300.0;
		if (cs[i].a < 1e10) {
			ck_assert_int_eq(erlang_a(&in, &r), STATUS_OK);
			sane(&r, "erlang-a at the Erlang C limit");
		}
	}
	/* just below the limit: finite */
	struct erlang_input in = input(10.0 - 1e-9, 180.0, INFINITY, 20.0, 10);
	struct erlang_result r;
	ck_assert_int_eq(erlang_c(&in, &r), STATUS_OK);
	ck_assert(isfinite(r.asa_s) && r.asa_s > 1e9);
	ck_assert(r.p_wait <= 1.0 && r.p_wait > 0.999);
}
END_TEST

START_TEST(test_staff_errors)
{
	struct erlang_input in = input(40.0, 240.0, INFINITY, 20.0, 1);
	struct erlang_targets t = { .has_sl = true, .sl = 0.8, .sl_threshold_s = 20.0 };
	struct erlang_result r;
	int n = -7;
	/* no target at all */
	struct erlang_targets none = { .sl = 0.8, .sl_threshold_s = 20.0, .asa_s = 1.0 };
	ck_assert_int_eq(erlang_staff(&in, &none, 100, &n, &r), STATUS_EINVAL);
	ck_assert_int_eq(n, -7);
	/* invalid targets */
	const struct erlang_targets bad[] = {
		{ .has_sl = true, .sl = 1.01, .sl_threshold_s = 20.0 },
		{ .has_sl = true, .sl = -0.1, .sl_threshold_s = 20.0 },
		{ .has_sl = true, .sl = NAN, .sl_threshold_s = 20.0 },
		{ .has_sl = true, .sl = 0.8, .sl_threshold_s = -1.0 },
		{ .has_sl = true, .sl = 0.8, .sl_threshold_s = INFINITY },
		{ .has_sl = true, .sl = 0.8, .sl_threshold_s = NAN },
		{ .has_asa = true, .asa_s = -1.0 },
		{ .has_asa = true, .asa_s = INFINITY },
		{ .has_asa = true, .asa_s = NAN },
		{ .has_abandon = true, .abandon = 1.5 },
		{ .has_abandon = true, .abandon = -0.01 },
		{ .has_abandon = true, .abandon = NAN },
		{ .has_occupancy = true, .occupancy = 0.0 },
		{ .has_occupancy = true, .occupancy = 1.01 },
		{ .has_occupancy = true, .occupancy = NAN },
		{ .has_sl = true, .sl = 0.8, .sl_threshold_s = 20.0,
		  .has_occupancy = true, .occupancy = -1.0 },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		REQUIRE(erlang_staff(&in, &bad[i], 100, &n, &r) == STATUS_EINVAL, "target %zu", i);
	/* invalid input, bounds, NULL */
	struct erlang_input b = in;
	b.traffic = -1.0;
	ck_assert_int_eq(erlang_staff(&b, &t, 100, &n, &r), STATUS_EINVAL);
	b = in;
	b.aht_s = 0.0;
	ck_assert_int_eq(erlang_staff(&b, &t, 100, &n, &r), STATUS_EINVAL);
	b = in;
	b.patience_s = 0.0;
	ck_assert_int_eq(erlang_staff(&b, &t, 100, &n, &r), STATUS_EINVAL);
	b = in;
	b.patience_s = NAN;
	ck_assert_int_eq(erlang_staff(&b, &t, 100, &n, &r), STATUS_EINVAL);
	b = in;
	b.threshold_s = -1.0; /* replaced by the SL target's threshold */
	ck_assert_int_eq(erlang_staff(&b, &t, 100, &n, &r), STATUS_OK);
	struct erlang_targets occ = { .has_occupancy = true, .occupancy = 0.9 };
	ck_assert_int_eq(erlang_staff(&b, &occ, 100, &n, &r), STATUS_EINVAL);
	ck_assert_int_eq(erlang_staff(&in, &t, 0, &n, &r), STATUS_EINVAL);
	ck_assert_int_eq(erlang_staff(&in, &t, -5, &n, &r), STATUS_EINVAL);
	ck_assert_int_eq(erlang_staff(NULL, &t, 100, &n, &r), STATUS_EINVAL);
	ck_assert_int_eq(erlang_staff(&in, NULL, 100, &n, &r), STATUS_EINVAL);
	ck_assert_int_eq(erlang_staff(&in, &t, 100, NULL, &r), STATUS_EINVAL);
	ck_assert_int_eq(erlang_staff(&in, &t, 100, &n, NULL), STATUS_EINVAL);

	/* max_agents reached: STATUS_ERANGE with the figures at max_agents */
	ck_assert_int_eq(erlang_staff(&in, &t, 45, &n, &r), STATUS_ERANGE);
	ck_assert_int_eq(n, 45);
	ck_assert_int_eq(r.agents, 45);
	ck_assert_double_eq_tol(r.service_level, 0.7753926888, 1e-9);
	ck_assert_int_eq(erlang_staff(&in, &t, 46, &n, &r), STATUS_OK);
	ck_assert_int_eq(n, 46);
	/* Erlang C cannot even be stable within max_agents */
	ck_assert_int_eq(erlang_staff(&in, &t, 40, &n, &r), STATUS_ERANGE);
	ck_assert_int_eq(n, 40);
	ck_assert_double_eq(r.p_wait, 1.0);
	ck_assert(isinf(r.asa_s));
	/* targets that no number of agents up to the bound meets: an ASA of
	 * a millisecond with 1,000 Erlangs on at most 1,050 agents; with
	 * abandonment, 0.01% abandonment on at most 1,000 agents */
	struct erlang_input big = input(1000.0, 180.0, INFINITY, 0.0, 1);
	struct erlang_targets asa = { .has_asa = true, .asa_s = 0.001 };
	ck_assert_int_eq(erlang_staff(&big, &asa, 1050, &n, &r), STATUS_ERANGE);
	ck_assert(r.asa_s > 0.001 && isfinite(r.asa_s));
	big.patience_s = 60.0;
	struct erlang_targets ab = { .has_abandon = true, .abandon = 1e-4 };
	ck_assert_int_eq(erlang_staff(&big, &ab, 1000, &n, &r), STATUS_ERANGE);
	ck_assert_int_eq(n, 1000);
	ck_assert(r.p_abandon > 1e-4);
	ck_assert_int_eq(erlang_staff(&big, &ab, 1, &n, &r), STATUS_ERANGE);
	ck_assert_int_eq(n, 1);
	/* and a bound that is reachable but large: the search is O(n) in
	 * Erlang B steps and O(log n) evaluations */
	ck_assert_int_eq(erlang_staff(&big, &ab, 2000000000, &n, &r), STATUS_OK);
	check_smallest(&big, &ab, n, &r);
}
END_TEST

START_TEST(test_scheduled_errors)
{
	double u = 42.0;
	ck_assert_int_eq(erlang_scheduled(10, 1.0, &u), -1);
	ck_assert_int_eq(erlang_scheduled(10, -0.1, &u), -1);
	ck_assert_int_eq(erlang_scheduled(10, NAN, &u), -1);
	ck_assert_int_eq(erlang_scheduled(10, INFINITY, &u), -1);
	ck_assert_int_eq(erlang_scheduled(-1, 0.3, &u), -1);
	ck_assert_double_eq(u, 42.0); /* left alone */
	ck_assert_int_eq(erlang_scheduled(2000000000, 0.5, &u), -1); /* beyond INT_MAX */
}
END_TEST

Suite *erlang_suite(void)
{
	Suite *s = suite_create("erlang");

	TCase *core = tcase_create("core");
	tcase_set_timeout(core, 300);
	tcase_add_test(core, test_erlang_b_published);
	tcase_add_test(core, test_erlang_c_published);
	tcase_add_test(core, test_erlang_c_sl_routes);
	tcase_add_test(core, test_tagged_caller);
	tcase_add_test(core, test_erlang_a_chain);
	tcase_add_test(core, test_erlang_a_poisson);
	tcase_add_test(core, test_erlang_a_sl_ends);
	tcase_add_test(core, test_erlang_a_asa_integral);
	tcase_add_test(core, test_erlang_a_to_c);
	tcase_add_test(core, test_staff_hand_case);
	tcase_add_test(core, test_staff_targets);
	tcase_add_test(core, test_scheduled);
	suite_add_tcase(s, core);

	TCase *limits = tcase_create("limits");
	tcase_set_timeout(limits, 300);
	tcase_add_test(limits, test_stability);
	tcase_add_test(limits, test_large_chain);
	tcase_add_test(limits, test_long_patience);
	tcase_add_test(limits, test_zero_traffic);
	suite_add_tcase(s, limits);

	TCase *errors = tcase_create("errors");
	tcase_add_test(errors, test_invalid_inputs);
	tcase_add_test(errors, test_unstable);
	tcase_add_test(errors, test_staff_errors);
	tcase_add_test(errors, test_scheduled_errors);
	suite_add_tcase(s, errors);
	return s;
}
