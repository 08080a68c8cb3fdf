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
 *               changes (to zero on a closed date: nobody works then): idle agents log in or off at once, busy agents above
 *               the target log off when their call ends.  At the end of a day
 *               window (or of the horizon) the staffing becomes zero but
 *               agents still logged in serve the calls left in queue first;
 *               calls that nobody can serve any more are disconnected
 *               (closing cut-off, see centre.c).
 *
 *
 * Deferred contacts (e-mail, web, letter; docs/deferred.md) are received at
 * any hour and never abandon.  Each goes through its type's steps in order;
 * a step is a task with its own handle time and a deadline counted from
 * the contact's receipt on the deadline's clock (bizcal.h).
 *   receipt     counted for every step on its receipt day; step 0 ready.
 *   ready       the step's deadline and handle time are set; an idle agent
 *               of the first group (scenario order) that may do it and may
 *               start a task (its window open, its reserve kept) starts
 *               it, else it joins the step's backlog.
 *   agent free  a waiting call first (as above); otherwise, unless its
 *               window has ended or starting would leave fewer than the
 *               group's `reserve` agents idle, the next task of the
 *               backlogs its group may work: earliest deadline first (ORDER_EDF) or first
 *               joined (ORDER_FIFO), ties to the group's priority list.
 *               A task is never pre-empted by a call.
 *   task done   the next step is ready, or after the last one a follow-up
 *               contact may be received (struct follow_up); an answered
 *               call's end may create one too.
 *   midnight    each backlog's size and oldest age are recorded.
 *   the end     at the horizon's end (midnight after its last day) no new
 *               contact is received; once the last event has run, every
 *               open task is "not yet due" (deadline after the end) or
 *               "open and late".
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
#include "bizcal.h"
#include "dist.h"
#include "horizon.h"
#include "hours.h"
#include "kpi.h"

#define CENTRE_NAME_MAX 64
#define CENTRE_MAX_TYPES 32
#define CENTRE_MAX_GROUPS 32

#define CENTRE_MAX_STEPS 4

/* Voice contacts are answered live and may abandon; the other channels are
 * deferred: their contacts wait in a backlog until an agent takes them. */
enum channel { CHANNEL_VOICE, CHANNEL_EMAIL, CHANNEL_WEB, CHANNEL_LETTER };

static inline bool channel_is_deferred(enum channel ch)
{
	return ch != CHANNEL_VOICE;
}

/* How the contacts of a type are received (deferred types choose one; voice
 * types always use ARRIVE_FORECAST):
 *   ARRIVE_FORECAST  Poisson with forecast[k] expected in interval k
 *                    (received inside the day windows only)
 *   ARRIVE_DAILY     Poisson over the whole calendar day: day d's expected
 *                    count per_day[d] spread over its 24 hours by profile
 *   ARRIVE_BATCH     one batch per business day (a date with opening hours,
 *                    not a closed date) at time of day batch_s, of
 *                    Poisson(per_day[d]) contacts; no batch on other days
 *   ARRIVE_NONE      only created by another type's follow-up (complaints
 *                    from calls, recourse from complaints) */
enum arrive_mode { ARRIVE_FORECAST, ARRIVE_DAILY, ARRIVE_BATCH, ARRIVE_NONE };

/* A step of a deferred contact: a task with its handle time and a deadline
 * measured from the contact's receipt (models/bizcal.h).  Steps are done in
 * order: step s+1 joins its backlog when step s is completed.  group >= 0
 * restricts the step to that agent group (which must handle the type);
 * -1 lets every group that handles the type take it. */
struct step_config {
	char name[CENTRE_NAME_MAX];
	struct dist handle;        /* owned */
	struct deadline deadline;
	int group;
};

/* A share of the contacts of a type, once completed (a voice call when its
 * handling ends, a deferred contact when its last step is done), creates a
 * contact of another (deferred) type received `delay` later: complaints
 * from calls, recourse from complaints.  type < 0: none. */
struct follow_up {
	int type;
	double share;              /* in [0, 1] */
	bool has_delay;            /* false: received at once */
	struct dist delay;         /* owned, if has_delay */
};

/* Contacts already waiting when the horizon starts (deferred types): count
 * contacts received at 0 - age, ages drawn from `age`; every step open. */
struct initial_backlog {
	int count;
	struct dist age;           /* owned, if count > 0 */
};

/* Which deferred task a free agent of a group takes:
 *   ORDER_EDF   the earliest deadline among the backlogs the group handles
 *               (ties: the group's priority list, then arrival order)
 *   ORDER_FIFO  the task that joined its backlog first */
enum work_order { ORDER_EDF, ORDER_FIFO };

struct contact_type_config {
	char name[CENTRE_NAME_MAX];
	enum channel channel;
	enum arrive_mode arrive;
	double *forecast;          /* ARRIVE_FORECAST: n_intervals values (owned) */
	double *per_day;           /* ARRIVE_DAILY, ARRIVE_BATCH: days values (owned) */
	double profile[24];        /* ARRIVE_DAILY: shares of each hour, sum 1 */
	double batch_s;            /* ARRIVE_BATCH: time of day of the batch */
	struct dist handle;        /* voice: handle time (owned) */
	bool has_wrap;
	struct dist wrap;          /* after-call work (owned, if has_wrap) */
	bool has_patience;         /* false: callers never hang up */
	struct dist patience;      /* owned, if has_patience */
	double short_abandon_s;    /* 0: no short abandons */
	struct kpi_rules rules;
	int n_thresholds;          /* >= 1; threshold_s[0] is the SL threshold */
	double threshold_s[KPI_MAX_THRESHOLDS];
	/* deferred types only */
	int n_steps;               /* >= 1 */
	struct step_config steps[CENTRE_MAX_STEPS];
	struct initial_backlog initial;
	/* any type */
	struct follow_up follow_up;
	/* Day-level busyness (Poisson-gamma): each day of each replication the
	 * type's expected arrivals of that day (forecast, per_day) are
	 * multiplied by B ~ Gamma(shape 1/cv^2, scale cv^2), mean 1 and
	 * coefficient of variation cv, drawn independently per day and type;
	 * 0 keeps plain Poisson arrivals.  A day's count then has mean L and
	 * variance L + cv^2 L^2. */
	double busyness_cv;
};

struct agent_group_config {
	char name[CENTRE_NAME_MAX];
	int *staffing;             /* agents per interval, n_intervals values (owned) */
	int n_handles;
	int handles[CENTRE_MAX_TYPES]; /* contact-type indices, by priority */
	enum work_order order;     /* deferred tasks; default ORDER_EDF */
	int reserve;               /* agents kept free for calls (call blending):
				      an agent starts a deferred task only when
				      at least `reserve` other agents of its
				      group stay idle; default 0 */
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

/* A recorded call to replay (ccsim replay): it arrives at `time` (seconds
 * since midnight of the horizon's day 0) as a call of voice type `type`.
 * handle_s is its recorded handle time, or NaN to draw one from the type
 * (a wrap-up, when the type has one, is always drawn and added);
 * patience_s its recorded patience (an abandoned call: the time it hung up
 * after), INFINITY for none, or NaN to draw one from the type's patience
 * given that it exceeds waited_s (an answered call that waited waited_s was
 * at least that patient; dist_sample_above).  */
struct replay_call {
	double time;
	int type;
	double handle_s;
	double patience_s;
	double waited_s;
};

/* Where replayed calls come from: next() writes the next call in time order
 * and returns 1, returns 0 at the end, or a negative status (STATUS_*) on
 * failure; rewind() starts again from the first call (each replication
 * replays the same calls).  Both get arg. */
struct replay_source {
	int (*next)(void *arg, struct replay_call *call);
	int (*rewind)(void *arg);
	void *arg;
};

/* Runtime for cfg (borrowed: must outlive the centre).  NULL when out of
 * memory.  Free with centre_free (NULL is fine). */
struct centre *centre_alloc(const struct centre_config *cfg);
void centre_free(struct centre *c);

/* Replays src's calls instead of generating the voice types' arrivals
 * (deferred types keep theirs); NULL goes back to generating.  src is
 * borrowed: it must outlive the runs.  Calls outside every day window of
 * the horizon are not simulated and are counted (centre_replay_outside). */
void centre_set_replay(struct centre *c, const struct replay_source *src);
/* Replayed calls left out in the last replication: before or after the
 * horizon, or outside its day windows. */
uint64_t centre_replay_outside(const struct centre *c);

/* Runs one replication from an empty centre: clears the tallies, reseeds the
 * streams from (seed, replication) and simulates until the last call has
 * left.  Returns STATUS_OK, STATUS_ENOMEM, or STATUS_ERANGE when a drawn
 * duration is not finite (a distribution with extreme parameters). */
int centre_run(struct centre *c, uint64_t seed, uint64_t replication);
/* With a replay source, centre_run also returns STATUS_EINVAL when a call
 * comes earlier than the one before it, names a type that is not a voice
 * type, or holds a negative or NaN time, and the source's own status (made
 * positive) when it fails. */

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
/* Deferred work of the last replication, for step s of deferred type t.
 * Day d in [0, days) holds the contacts received on calendar day d after
 * the warm-up and before the cool-down (horizon.h); d == days holds the
 * initial backlog and those received during the warm-up or the cool-down,
 * which no day or horizon figure includes.  The backlog and oldest-age
 * fields of day d are the snapshot at the end of day d (midnight: tasks
 * received before it and not started), whatever the receipt day.  The p90
 * response of the contacts received on day d, and over all counted days;
 * NaN when none completed. */
const struct task_counts *centre_task_counts(const struct centre *c, int t, int s, int d);
double centre_task_day_p90(const struct centre *c, int t, int s, int d);
double centre_task_horizon_p90(const struct centre *c, int t, int s);
/* The end of the horizon (midnight after its last day), at which open
 * tasks are judged "not yet due" or "open and late". */
double centre_horizon_end(const struct centre *c);

/* Events fired and calls received in the last replication. */
uint64_t centre_events(const struct centre *c);
uint64_t centre_calls(const struct centre *c);
/* Deferred contacts received in the last replication (initial backlog and
 * follow-ups included). */
uint64_t centre_written(const struct centre *c);

#endif
