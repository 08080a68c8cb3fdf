/*
 * centre.h: the contact centre's dynamics (inbound voice).
 *
 * Contact types arrive by their own Poisson processes (arrivals.h), are
 * received at every hour, presented only while the centre is open
 * (hours.h), and are routed to agent groups.  A group serves the contact
 * types of its `handles` list in priority order.
 *
 *   arrival     received++; if closed: done.  Else presented++; if a group
 *               that handles the type has an idle agent (groups in scenario
 *               order), the call is answered at once; otherwise it joins the
 *               FIFO queue of its type and, if it has a patience, an
 *               abandonment timer is set at arrival + patience.
 *   answer      wait = now - arrival; the agent is busy for handle + wrap-up.
 *   abandon     the caller leaves the queue (B++, short if wait < threshold).
 *   agent free  if the group has more agents logged in than its staffing
 *               for the current interval, the agent logs off; otherwise it
 *               takes the head of the first non-empty queue in its list.
 *   interval    at each interval start the staffing target of every group
 *               changes: idle agents log in or off at once, busy agents above
 *               the target log off when their call ends.  At the end of a day
 *               window (or of the horizon) the staffing becomes zero but
 *               agents still logged in serve the calls left in queue first;
 *               calls that nobody can serve any more are disconnected
 *               (closing cut-off, see centre.c).
 *
 * The model holds no per-call allocation: contacts come from a pool that
 * grows geometrically to the largest number in the system at once and is
 * reused across replications.  Queues are intrusive doubly-linked lists
 * through the pool, so an abandon leaves its queue in O(1).
 *
 * Wait percentiles: the waits of an interval's calls go into a histogram
 * (1 s bins) taken from a pool when its first call is presented.  Once the
 * interval has ended and each of its calls has been answered or has
 * abandoned, its p90 and p95 are computed, its histogram is merged into its
 * day's and the horizon's (warm-up excluded) and goes back to the pool; a
 * day's histogram likewise when all its intervals are done.  Memory follows
 * the number of intervals open at once, not the horizon's length nor the
 * number of calls.
 */
#ifndef CCSIM_CENTRE_H
#define CCSIM_CENTRE_H

#include <stdbool.h>
#include <stdint.h>
#include "dist.h"
#include "horizon.h"
#include "hours.h"
#include "kpi.h"

#define CENTRE_NAME_MAX 64
#define CENTRE_MAX_TYPES 32
#define CENTRE_MAX_GROUPS 32

enum channel { CHANNEL_VOICE };

struct contact_type_config {
	char name[CENTRE_NAME_MAX];
	enum channel channel;
	double *forecast;          /* expected arrivals, n_intervals values (owned) */
	struct dist handle;        /* handle time (owned) */
	bool has_wrap;
	struct dist wrap;          /* after-call work (owned, if has_wrap) */
	bool has_patience;         /* false: callers never hang up */
	struct dist patience;      /* owned, if has_patience */
	double short_abandon_s;    /* 0: no short abandons */
	struct kpi_rules rules;
	int n_thresholds;          /* >= 1; threshold_s[0] is the SL threshold */
	double threshold_s[KPI_MAX_THRESHOLDS];
};

struct agent_group_config {
	char name[CENTRE_NAME_MAX];
	int *staffing;             /* agents per interval, n_intervals values (owned) */
	int n_handles;
	int handles[CENTRE_MAX_TYPES]; /* contact-type indices, by priority */
};

struct centre_config {
	struct horizon horizon;
	struct hours hours;
	int n_types;
	struct contact_type_config *types;   /* owned */
	int n_groups;
	struct agent_group_config *groups;   /* owned */
	double wait_hist_max_s;              /* histogram range, 1 s bins */
};

/* Does group g handle contact type `type`? */
bool centre_group_serves(const struct agent_group_config *g, int type);

/* Frees what the config owns (not cfg itself).  Safe on a zeroed config. */
void centre_config_destroy(struct centre_config *cfg);
/* Index of a thresold T of type t, adding it if new; -1 when full. */
int centre_type_threshold(struct contact_type_config *t, double threshold_s);

struct centre;

/* Runtime for cfg (borrowed: must outlive the centre).  NULL when out of
 * memory.  Free with centre_free (NULL is fine). */
struct centre *centre_alloc(const struct centre_config *cfg);
void centre_free(struct centre *c);

/* Runs one replication from an empty centre: clears the tallies, reseeds the
 * streams from (seed, replication) and simulates until the last call has
 * left.  Returns STATUS_OK, STATUS_ENOMEM, or STATUS_ERANGE when a drawn
 * duration is not finite (a distribution with extreme parameters). */
int centre_run(struct centre *c, uint64_t seed, uint64_t replication);

/* Results of the last replication. */
const struct kpi_counts *centre_counts(const struct centre *c, int type, int k);
/* Wait percentiles of the presented calls of a type in interval k, in day d
 * (its non-warm-up intervals) and over the horizon (every non-warm-up
 * interval); NaN when there were none. */
const struct kpi_waits *centre_interval_waits(const struct centre *c, int type, int k);
const struct kpi_waits *centre_day_waits(const struct centre *c, int type, int d);
const struct kpi_waits *centre_horizon_waits(const struct centre *c, int type);
/* Most wait histograms held at once during the last replication. */
size_t centre_hist_peak(const struct centre *c);
/* Agent-seconds busy and logged in of group g during interval k. */
double centre_busy_s(const struct centre *c, int g, int k);
double centre_logged_s(const struct centre *c, int g, int k);
/* Events fired and calls received in the last replication. */
uint64_t centre_events(const struct centre *c);
uint64_t centre_calls(const struct centre *c);

#endif
