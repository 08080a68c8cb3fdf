/*
 * erlang.h: stationary analytic models of a single queue with n agents.
 *
 * Poisson arrivals at rate lambda, exponential handle times of mean
 * 1/mu (the AHT), n agents, FIFO; offered traffic a = lambda / mu Erlangs.
 *   Erlang B (Erlang 1917)      M/M/n/n: blocking probability B(n, a)
 *   Erlang C (Erlang 1917)      M/M/n: callers wait as long as needed;
 *                               stable only when a < n
 *   Erlang A (Palm 1943; Garnett, Mandelbaum & Reiman 2002)
 *                               M/M/n+M: each caller hangs up after an
 *                               exponential patience of mean 1/theta
 * Every figure is computed without factorials or powers that overflow
 * (recursions, series scaled by their largest term, numerical integration
 * for very long series); the formulas and their derivations are in
 * docs/erlang.md.
 *
 * Conventions: times in seconds; probabilities as fractions.
 *   service_level           P(answered and wait <= T), over presented calls
 *   service_level_answered  P(wait <= T | answered)
 *   asa_s                   mean wait of answered calls
 *   mean_wait_s             mean wait of presented calls (an abandoned call
 *                           counts its wait until it hangs up)
 *   occupancy               a (1 - p_abandon) / n
 */
#ifndef CCSIM_ERLANG_H
#define CCSIM_ERLANG_H

#include <stdbool.h>

enum erlang_model { ERLANG_C, ERLANG_A };

struct erlang_input {
	double traffic;      /* a = lambda * AHT in Erlangs, finite, >= 0 */
	double aht_s;        /* 1/mu, finite, > 0 */
	double patience_s;   /* 1/theta, > 0; INFINITY selects Erlang C */
	double threshold_s;  /* T, finite, >= 0 */
	int agents;          /* n >= 1 */
};

struct erlang_result {
	enum erlang_model model;
	double traffic;
	int agents;
	double p_wait;
	double service_level;
	double service_level_answered;
	double asa_s;
	double mean_wait_s;
	double mean_queue;   /* mean number of callers waiting */
	double p_abandon;    /* 0 for Erlang C */
	double occupancy;
};

/* Erlang B blocking probability B(n, a) by the recursion
 * B(0) = 1, B(k) = a B(k-1) / (k + a B(k-1)).  STATUS_OK or STATUS_EINVAL
 * (n < 0, a negative or not finite). */
int erlang_b(int n, double a, double *blocking);

/* Erlang C figures for in (patience ignored).  When a >= n the system is
 * unstable: returns STATUS_EUNSTABLE and writes the limits (p_wait 1,
 * service levels 0, waits and queue INFINITY, occupancy 1).  STATUS_EINVAL
 * for invalid input.  Never NaN. */
int erlang_c(const struct erlang_input *in, struct erlang_result *out);

/* Erlang A figures for in (patience_s finite and > 0): stable for every
 * load.  STATUS_OK or STATUS_EINVAL (also when n patience / AHT or
 * a patience / AHT leaves the range of a double); *out is left untouched on
 * STATUS_EINVAL.  Never NaN. */
int erlang_a(const struct erlang_input *in, struct erlang_result *out);

/* Erlang A when in->patience_s is finite, Erlang C when it is INFINITY. */
int erlang_eval(const struct erlang_input *in, struct erlang_result *out);

/* Staffing targets; a target is ignored unless its has_ flag is set. */
struct erlang_targets {
	bool has_sl;        double sl, sl_threshold_s; /* service_level >= sl within T */
	bool has_asa;       double asa_s;              /* asa_s <= */
	bool has_abandon;   double abandon;            /* p_abandon <= (Erlang A) */
	bool has_occupancy; double occupancy;          /* occupancy <= */
};

/* The smallest number of agents n (1 <= n <= max_agents) whose figures meet
 * every target, with in->agents ignored and in->threshold_s replaced by the
 * SL target's threshold when there is one.  Writes n and its figures.
 * STATUS_OK; STATUS_EINVAL for invalid input or no target; STATUS_ERANGE
 * when even max_agents do not meet the targets (then *required is
 * max_agents and *out its figures, to show how far short they fall). */
int erlang_staff(const struct erlang_input *in, const struct erlang_targets *t,
		 int max_agents, int *required, struct erlang_result *out);

/* Agents to schedule so that `required` remain after shrinkage s
 * (0 <= s < 1): ceil(required / (1 - s)), free of floating-point excess
 * (10 at 50% is 20, not 21); the unrounded figure goes to *unrounded when
 * not NULL.  -1 for s outside [0, 1), a negative `required` or a result
 * above INT_MAX. */
int erlang_scheduled(int required, double shrinkage, double *unrounded);

const char *erlang_model_name(enum erlang_model m); /* "erlang-c", "erlang-a" */

#endif
