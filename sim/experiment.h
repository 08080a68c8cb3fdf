/*
 * experiment.h: independent replications of a scenario and their aggregates.
 *
 * Replication r runs the centre with streams seeded from (seed, r).  After
 * each replication the KPIs of every interval, day and the horizon (warm-up
 * and cool-down excluded from days, weeks and horizon) are computed from the counts and added to
 * running tallies across replications; commitments are judged on every
 * (replication, period) pair (see commit.h).  Nothing is kept per call, and
 * the results do not depend on how fast the machine runs.
 */
#ifndef CCSIM_EXPERIMENT_H
#define CCSIM_EXPERIMENT_H

#include <stdint.h>
#include "scenario.h"
#include "tally.h"
#include "../models/erlang.h"

struct commit_outcome {
	struct tally per_replication;  /* the replication values of the estimate */
	uint64_t pairs;                /* (replication, period) pairs judged */
	uint64_t met;                  /* of which the commitment held */
	double estimate, ci_lo, ci_hi; /* NaN when undefined */
	double p_met;                  /* NaN when no pair was judged */
	enum verdict verdict;
};

/* What the stationary formulas predict for one interval taken alone: its
 * forecast calls, mean handle + wrap-up time, mean patience and scheduled
 * agents.  A status other than STATUS_OK means no figure: STATUS_EDOM when
 * the interval has no agent or (Erlang A) the type has no patience,
 * STATUS_EUNSTABLE when Erlang C's load reaches the agents (its result then
 * holds the limits: service level 0, infinite waits). */
struct analytic {
	int c_status, a_status;
	struct erlang_result c, a;
};

struct experiment {
	const struct scenario *sc;     /* borrowed */
	int replications;
	uint64_t seed;
	int n_types, n_groups, n_intervals, n_days;
	/* Tallies across replications of KPI values (threshold: the type's
	 * SL threshold, index 0):
	 *   interval[(t * n_intervals + k) * KPI_COUNT + kpi]
	 *   day[(t * n_days + d) * KPI_COUNT + kpi]
	 *   horizon[t * KPI_COUNT + kpi]                                    */
	struct tally *interval;
	struct tally *day;
	struct tally *horizon;
	/* Mean agents logged in, by group and interval: logged[g * n_intervals + k]. */
	struct tally *logged;
	/* Deferred work, by task cell j = t * CENTRE_MAX_STEPS + s (step s of
	 * deferred type t; other cells stay empty), weeks Monday to Sunday
	 * (week w holds days experiment_week_first_day(w) ..):
	 *   task_day[(j * n_days + d) * TASK_KPI_COUNT + kpi]
	 *   task_week[(j * n_weeks + w) * TASK_KPI_COUNT + kpi]
	 *   task_horizon[j * TASK_KPI_COUNT + kpi]                          */
	int n_weeks;
	struct tally *task_day;
	struct tally *task_week;
	struct tally *task_horizon;
	struct commit_outcome *commits; /* sc->n_commitments */
	struct analytic *analytic;      /* [t * n_intervals + k] */
	/* Optional, set after experiment_alloc (NULL: none): recorded calls
	 * replayed instead of the voice types' generated arrivals, and a
	 * function called after each replication with its centre. */
	const struct replay_source *replay;
	void (*observe)(void *arg, const struct centre *c);
	void *observe_arg;
	uint64_t calls;                 /* received over all replications */
	uint64_t written;               /* deferred contacts, all replications */
	uint64_t events;                /* fired over all replications */
};

/* An experiment of `replications` replications (>= 1) of sc from `seed`.
 * NULL when out of memory. */
struct experiment *experiment_alloc(const struct scenario *sc, int replications,
				    uint64_t seed);
void experiment_free(struct experiment *ex);

/* ccsim replay: every replication replays src's calls (centre_set_replay;
 * src is borrowed and must outlive the run). */
void experiment_set_replay(struct experiment *ex, const struct replay_source *src);
/* After each replication, before its results are folded in, observe(arg,
 * centre) may read the centre's counts (ccsim replay tallies its own
 * figures so).  NULL: nothing is called. */
void experiment_set_observer(struct experiment *ex,
			     void (*observe)(void *arg, const struct centre *c), void *arg);

/* Runs every replication, then computes estimates, CIs and verdicts.
 * progress (may be NULL) is called after each replication.  Returns
 * STATUS_OK or the centre's status (centre_run); a replay source's read
 * failure comes back as its (positive) status. */
int experiment_run(struct experiment *ex,
		   void (*progress)(void *arg, int done, int total), void *arg);

static inline const struct tally *
experiment_interval(const struct experiment *ex, int t, int k, int kpi)
{
	return &ex->interval[((size_t)t * ex->n_intervals + k) * KPI_COUNT + kpi];
}
static inline const struct tally *
experiment_day(const struct experiment *ex, int t, int d, int kpi)
{
	return &ex->day[((size_t)t * ex->n_days + d) * KPI_COUNT + kpi];
}
static inline const struct tally *
experiment_horizon(const struct experiment *ex, int t, int kpi)
{
	return &ex->horizon[(size_t)t * KPI_COUNT + kpi];
}

static inline const struct analytic *
experiment_analytic(const struct experiment *ex, int t, int k)
{
	return &ex->analytic[(size_t)t * ex->n_intervals + k];
}

static inline const struct tally *
experiment_task_day(const struct experiment *ex, int t, int s, int d, int kpi)
{
	size_t j = (size_t)t * CENTRE_MAX_STEPS + (size_t)s;
	return &ex->task_day[(j * ex->n_days + d) * TASK_KPI_COUNT + kpi];
}
static inline const struct tally *
experiment_task_week(const struct experiment *ex, int t, int s, int w, int kpi)
{
	size_t j = (size_t)t * CENTRE_MAX_STEPS + (size_t)s;
	return &ex->task_week[(j * ex->n_weeks + w) * TASK_KPI_COUNT + kpi];
}
static inline const struct tally *
experiment_task_horizon(const struct experiment *ex, int t, int s, int kpi)
{
	size_t j = (size_t)t * CENTRE_MAX_STEPS + (size_t)s;
	return &ex->task_horizon[j * TASK_KPI_COUNT + kpi];
}

/* The week (Monday to Sunday, 0 = the horizon's first) holding day d, and
 * the first horizon day of week w (day 0 for a partial first week). */
int experiment_week_of_day(const struct experiment *ex, int d);
int experiment_week_first_day(const struct experiment *ex, int w);
/* Days and weeks before the cool-down (horizon.h): those that reports list. */
int experiment_judged_days(const struct experiment *ex);
int experiment_judged_weeks(const struct experiment *ex);

/* Scheduled agents in interval k over the groups serving type t. */
int experiment_scheduled(const struct experiment *ex, int t, int k);

#endif
