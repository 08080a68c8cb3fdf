/*
 * centre.c: event handlers of the inbound voice centre (the dynamics are
 * described in centre.h).
 *
 * Events and their ids:
 *   EV_ARRIVAL     id = contact type; the next arrival of that type
 *   EV_DEPART      id = contact served; its agent becomes free
 *   EV_ABANDON     id = contact waiting; its patience ran out
 *   EV_INTERVAL    id = interval k; staffing changes to plan[k]
 *   EV_WINDOW_END  id = interval k, the last of a day window
 *   EV_CUT_OFF     the next day's window start after the horizon's last
 *                  window: calls still waiting are disconnected
 *
 * Closing cut-off: when no agent able to serve a contact type is logged in
 * any more after a window's end, the calls still queued for that type are
 * disconnected and counted as abandoned at that instant (not as abandoned
 * within T nor as short abandons); so are the calls still waiting when the
 * next day's window opens (after the horizon's last day too, unless the
 * windows fill whole days: then the last queue is served to the end).
 *
 * Random streams of contact type t (rng.h): 4t arrivals, 4t+1 handle time,
 * 4t+2 wrap-up, 4t+3 patience.  Handle time, wrap-up and patience are drawn
 * at arrival, so each stream stays aligned with the arrival sequence
 * (common random numbers across scenarios that differ only in staffing).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "arrivals.h"
#include "centre.h"
#include "../sim/calendar.h"
#include "../sim/hist.h"
#include "../sim/rng.h"
#include "../sim/status.h"
#include "../sim/timeavg.h"

#define NONE UINT32_MAX
#define STREAMS_PER_TYPE 4

enum { EV_ARRIVAL, EV_DEPART, EV_ABANDON, EV_INTERVAL, EV_WINDOW_END, EV_CUT_OFF };

struct contact {
	double arrival;
	double service_s;     /* handle + wrap-up, drawn at arrival */
	double patience_s;
	uint32_t prev, next;  /* queue links, or free-list link in next */
	uint32_t timer;       /* abandonment event, or NONE */
	int32_t interval;     /* arrival interval */
	uint16_t type;
	uint16_t group;       /* serving group */
};

struct queue {
	uint32_t head, tail;
	uint32_t length;
};

struct type_state {
	struct arrivals arrivals;
	gsl_rng *rng[STREAMS_PER_TYPE];
	struct queue queue;
};

struct group_state {
	int target;       /* staffing of the current interval */
	int logged_in;    /* idle + busy */
	int busy;
	bool draining;    /* after a window's end: serve the queue, then leave */
	struct timeavg busy_area, logged_area;
};

struct centre {
	const struct centre_config *cfg;
	struct calendar *cal;
	struct type_state *types;
	struct group_state *groups;
	struct contact *contacts;
	uint32_t n_contacts, free_contact;
	int stats_k;      /* interval receiving agent time */
	uint64_t calls;
	int8_t *open_over; /* per interval: hours_open_over of the interval */
	/* results: [type * n_intervals + k] and [group * n_intervals + k] */
	struct kpi_counts *counts;
	double *busy_s, *logged_s;
	/* wait histograms, pooled (see centre.h) */
	size_t bins_per_hist;
	struct hist *hists;
	uint32_t *hist_bins;      /* bins_per_hist counters per histogram */
	int32_t *hist_next;       /* free list */
	int32_t free_hist;
	uint32_t n_hists, hists_used, hists_peak;
	int32_t *interval_hist;   /* [type * n_intervals + k], -1: none */
	uint32_t *waiting;        /* [type * n_intervals + k]: waits not known yet */
	uint8_t *done;            /* [type * n_intervals + k]: percentiles taken */
	int32_t *day_hist;        /* [type * days + d], -1: none */
	int32_t *day_left;        /* [type * days + d]: intervals not done yet */
	int32_t *horizon_hist;    /* [type], -1: none */
	int ended;                /* intervals whose end has passed */
	struct kpi_waits *interval_waits, *day_waits, *horizon_waits;
};

/* ---- configuration ---------------------------------------------------- */

void centre_config_destroy(struct centre_config *cfg)
{
	if (!cfg)
		return;
	for (int t = 0; cfg->types && t < cfg->n_types; t++) {
		struct contact_type_config *ct = &cfg->types[t];
		free(ct->forecast);
		dist_destroy(&ct->handle);
		dist_destroy(&ct->wrap);
		dist_destroy(&ct->patience);
		free(ct->per_day);
		for (int i = 0; i < ct->n_steps; i++)
			dist_destroy(&ct->steps[i].handle);
		dist_destroy(&ct->initial.age);
		dist_destroy(&ct->follow_up.delay);
	}
	for (int g = 0; cfg->groups && g < cfg->n_groups; g++)
		free(cfg->groups[g].staffing);
	free(cfg->types);
	free(cfg->groups);
	memset(cfg, 0, sizeof *cfg);
}

bool centre_group_serves(const struct agent_group_config *g, int type)
{
	for (int i = 0; i < g->n_handles; i++)
		if (g->handles[i] == type)
			return true;
	return false;
}

int centre_type_threshold(struct contact_type_config *t, double threshold_s)
{
	for (int i = 0; i < t->n_thresholds; i++)
		if (t->threshold_s[i] == threshold_s)
			return i;
	if (t->n_thresholds >= KPI_MAX_THRESHOLDS)
		return -1;
	t->threshold_s[t->n_thresholds] = threshold_s;
	return t->n_thresholds++;
}

/* ---- allocation --------------------------------------------------------- */

struct centre *centre_alloc(const struct centre_config *cfg)
{
	struct centre *c = calloc(1, sizeof *c);
	if (!c)
		return NULL;
	c->cfg = cfg;
	c->free_hist = -1;
	size_t n = (size_t)cfg->horizon.n_intervals;
	size_t nt = (size_t)cfg->n_types, ng = (size_t)cfg->n_groups;
	c->cal = calendar_alloc(1024);
	c->types = calloc(nt, sizeof *c->types);
	c->groups = calloc(ng, sizeof *c->groups);
	size_t nd = (size_t)cfg->horizon.days;
	c->counts = calloc(nt * n, sizeof *c->counts);
	c->busy_s = calloc(ng * n, sizeof *c->busy_s);
	c->logged_s = calloc(ng * n, sizeof *c->logged_s);
	c->open_over = malloc(n * sizeof *c->open_over);
	c->bins_per_hist = hist_bins(1.0, cfg->wait_hist_max_s);
	c->interval_hist = malloc(nt * n * sizeof *c->interval_hist);
	c->waiting = malloc(nt * n * sizeof *c->waiting);
	c->done = malloc(nt * n * sizeof *c->done);
	c->day_hist = malloc(nt * nd * sizeof *c->day_hist);
	c->day_left = malloc(nt * nd * sizeof *c->day_left);
	c->horizon_hist = malloc(nt * sizeof *c->horizon_hist);
	c->interval_waits = malloc(nt * n * sizeof *c->interval_waits);
	c->day_waits = malloc(nt * nd * sizeof *c->day_waits);
	c->horizon_waits = malloc(nt * sizeof *c->horizon_waits);
	if (!c->cal || !c->types || !c->groups || !c->counts || !c->busy_s ||
	    !c->logged_s || !c->open_over || !c->interval_hist || !c->waiting ||
	    !c->done || !c->day_hist || !c->day_left || !c->horizon_hist ||
	    !c->interval_waits || !c->day_waits || !c->horizon_waits)
		goto fail;
	for (size_t k = 0; k < n; k++)
		c->open_over[k] = (int8_t)hours_open_over(
			&cfg->hours, cfg->horizon.start_date,
			horizon_interval_start(&cfg->horizon, (int)k),
			horizon_interval_end(&cfg->horizon, (int)k));
	for (size_t t = 0; t < nt; t++)
		for (int s = 0; s < STREAMS_PER_TYPE; s++)
			if (!(c->types[t].rng[s] = rng_stream_alloc()))
				goto fail;
	c->n_contacts = 256;
	c->contacts = malloc(c->n_contacts * sizeof *c->contacts);
	if (!c->contacts)
		goto fail;
	return c;
fail:
	centre_free(c);
	return NULL;
}

void centre_free(struct centre *c)
{
	if (!c)
		return;
	for (int t = 0; c->types && t < c->cfg->n_types; t++)
		for (int s = 0; s < STREAMS_PER_TYPE; s++)
			gsl_rng_free(c->types[t].rng[s]);
	calendar_free(c->cal);
	free(c->types);
	free(c->groups);
	free(c->counts);
	free(c->hists);
	free(c->hist_bins);
	free(c->hist_next);
	free(c->interval_hist);
	free(c->waiting);
	free(c->done);
	free(c->day_hist);
	free(c->day_left);
	free(c->horizon_hist);
	free(c->interval_waits);
	free(c->day_waits);
	free(c->horizon_waits);
	free(c->busy_s);
	free(c->logged_s);
	free(c->open_over);
	free(c->contacts);
	free(c);
}

/* ---- contact pool and queues -------------------------------------------- */

static void free_contacts_from(struct centre *c, uint32_t from)
{
	for (uint32_t i = c->n_contacts; i-- > from;) {
		c->contacts[i].next = c->free_contact;
		c->free_contact = i;
	}
}

static uint32_t contact_new(struct centre *c)
{
	if (c->free_contact == NONE) {
		uint32_t old = c->n_contacts;
		if (old > UINT32_MAX / 4)
			return NONE;
		struct contact *p = realloc(c->contacts, 2 * (size_t)old * sizeof *p);
		if (!p)
			return NONE;
		c->contacts = p;
		c->n_contacts = 2 * old;
		free_contacts_from(c, old);
	}
	uint32_t id = c->free_contact;
	c->free_contact = c->contacts[id].next;
	return id;
}

static void contact_release(struct centre *c, uint32_t id)
{
	c->contacts[id].next = c->free_contact;
	c->free_contact = id;
}

static void queue_push(struct centre *c, struct queue *q, uint32_t id)
{
	struct contact *x = &c->contacts[id];
	x->prev = q->tail;
	x->next = NONE;
	if (q->tail != NONE)
		c->contacts[q->tail].next = id;
	else
		q->head = id;
	q->tail = id;
	q->length++;
}

static void queue_remove(struct centre *c, struct queue *q, uint32_t id)
{
	struct contact *x = &c->contacts[id];
	if (x->prev != NONE)
		c->contacts[x->prev].next = x->next;
	else
		q->head = x->next;
	if (x->next != NONE)
		c->contacts[x->next].prev = x->prev;
	else
		q->tail = x->prev;
	q->length--;
}

/* ---- wait histograms ----------------------------------------------------- */

/* A cleared histogram from the pool, or -1 when out of memory.  The pool
 * doubles when empty (rare: it only grows past the most ever open at once). */
static int32_t hist_acquire(struct centre *c)
{
	if (c->free_hist < 0) {
		uint32_t old = c->n_hists, cap = old ? 2 * old : 16;
		struct hist *h = realloc(c->hists, cap * sizeof *h);
		if (!h)
			return -1;
		c->hists = h;
		int32_t *next = realloc(c->hist_next, cap * sizeof *next);
		if (!next)
			return -1;
		c->hist_next = next;
		uint32_t *bins = realloc(c->hist_bins, cap * c->bins_per_hist * sizeof *bins);
		if (!bins)
			return -1;
		c->hist_bins = bins;
		for (uint32_t i = 0; i < cap; i++) /* the counters may have moved */
			c->hists[i].count = bins + i * c->bins_per_hist;
		for (uint32_t i = cap; i-- > old;) {
			hist_init(&c->hists[i], 1.0, c->cfg->wait_hist_max_s,
				  bins + i * c->bins_per_hist);
			c->hist_next[i] = c->free_hist;
			c->free_hist = (int32_t)i;
		}
		c->n_hists = cap;
	}
	int32_t i = c->free_hist;
	c->free_hist = c->hist_next[i];
	hist_reset(&c->hists[i]);
	if (++c->hists_used > c->hists_peak)
		c->hists_peak = c->hists_used;
	return i;
}

static void hist_release(struct centre *c, int32_t i)
{
	c->hist_next[i] = c->free_hist;
	c->free_hist = i;
	c->hists_used--;
}

static struct kpi_waits percentiles(const struct centre *c, int32_t i)
{
	struct kpi_waits w = { NAN, NAN };
	if (i >= 0) {
		w.p90_s = hist_quantile(&c->hists[i], 0.90);
		w.p95_s = hist_quantile(&c->hists[i], 0.95);
	}
	return w;
}

/* Merges histogram i into *into, taking one from the pool if needed. */
static int merge_into(struct centre *c, int32_t *into, int32_t i)
{
	if (*into < 0 && (*into = hist_acquire(c)) < 0)
		return STATUS_ENOMEM;
	hist_merge(&c->hists[*into], &c->hists[i]);
	return STATUS_OK;
}

/* Interval k of type t has ended and every wait in it is known: take its
 * percentiles, pass its waits on to its day and the horizon, free it. */
static int interval_done(struct centre *c, int t, int k)
{
	const struct horizon *h = &c->cfg->horizon;
	size_t i = (size_t)t * (size_t)h->n_intervals + (size_t)k;
	int32_t hk = c->interval_hist[i];
	int d = horizon_interval_day(h, k);
	size_t id = (size_t)t * (size_t)h->days + (size_t)d;
	c->done[i] = 1;
	c->interval_waits[i] = percentiles(c, hk);
	if (hk >= 0) {
		if (k >= h->n_warmup &&
		    (merge_into(c, &c->day_hist[id], hk) != STATUS_OK ||
		     merge_into(c, &c->horizon_hist[t], hk) != STATUS_OK))
			return STATUS_ENOMEM;
		hist_release(c, hk);
		c->interval_hist[i] = -1;
	}
	if (--c->day_left[id] == 0) {
		c->day_waits[id] = percentiles(c, c->day_hist[id]);
		if (c->day_hist[id] >= 0)
			hist_release(c, c->day_hist[id]);
		c->day_hist[id] = -1;
	}
	return STATUS_OK;
}

/* Interval k has ended: close it for every type whose waits are known. */
static int interval_ended(struct centre *c, int k)
{
	size_t n = (size_t)c->cfg->horizon.n_intervals;
	c->ended = k + 1;
	for (int t = 0; t < c->cfg->n_types; t++) {
		size_t i = (size_t)t * n + (size_t)k;
		if (c->waiting[i] == 0 && !c->done[i]) {
			int rc = interval_done(c, t, k);
			if (rc != STATUS_OK)
				return rc;
		}
	}
	return STATUS_OK;
}

/* ---- tallies ------------------------------------------------------------ */

static size_t cell(const struct centre *c, int type_or_group, int k)
{
	return (size_t)type_or_group * (size_t)c->cfg->horizon.n_intervals + (size_t)k;
}

/* How a presented call's wait ended. */
enum outcome { ANSWERED, ABANDONED, DISCONNECTED };

/* Records the wait of a call that leaves the queue.  A call disconnected at
 * closing counts as abandoned (B) but neither within T (B_T) nor short
 * (B_s): it did not choose to hang up. */
static int record_wait(struct centre *c, const struct contact *x, double wait,
		       enum outcome how)
{
	const struct contact_type_config *ct = &c->cfg->types[x->type];
	size_t i = cell(c, x->type, x->interval);
	struct kpi_counts *k = &c->counts[i];
	if (how != DISCONNECTED) {
		uint64_t *within = how == ANSWERED ? k->answered_within
						   : k->abandoned_within;
		for (int j = 0; j < ct->n_thresholds; j++)
			if (wait <= ct->threshold_s[j])
				within[j]++;
	}
	if (how == ANSWERED) {
		k->answered++;
		k->wait_answered_s += wait;
	} else {
		k->abandoned++;
		if (how == ABANDONED && wait < ct->short_abandon_s)
			k->short_abandons++;
	}
	k->wait_all_s += wait;
	if (wait > k->max_wait_s)
		k->max_wait_s = wait;
	hist_add(&c->hists[c->interval_hist[i]], wait);
	if (--c->waiting[i] == 0 && x->interval < c->ended)
		return interval_done(c, x->type, x->interval);
	return STATUS_OK;
}

/* Closes the agent-time areas of the current statistics interval at now. */
static void cut_agent_time(struct centre *c, double now)
{
	for (int g = 0; g < c->cfg->n_groups; g++) {
		struct group_state *gs = &c->groups[g];
		size_t i = cell(c, g, c->stats_k);
		c->busy_s[i] += timeavg_cut(&gs->busy_area, now);
		c->logged_s[i] += timeavg_cut(&gs->logged_area, now);
	}
}

static void agents_log(struct centre *c, int g, double now, int delta)
{
	c->groups[g].logged_in += delta;
	timeavg_add(&c->groups[g].logged_area, now, delta);
}

/* ---- dynamics ----------------------------------------------------------- */

static int answer(struct centre *c, uint32_t id, int g, double now)
{
	struct contact *x = &c->contacts[id];
	struct group_state *gs = &c->groups[g];
	x->group = (uint16_t)g;
	gs->busy++;
	timeavg_add(&gs->busy_area, now, 1);
	int rc = record_wait(c, x, now - x->arrival, ANSWERED);
	if (rc != STATUS_OK)
		return rc;
	return calendar_schedule(c->cal, now + x->service_s, EV_DEPART, id, NULL);
}

/* The head of the first non-empty queue group g handles, or NONE. */
static uint32_t next_waiting(struct centre *c, int g)
{
	const struct agent_group_config *gc = &c->cfg->groups[g];
	for (int i = 0; i < gc->n_handles; i++) {
		struct queue *q = &c->types[gc->handles[i]].queue;
		if (q->head != NONE) {
			uint32_t id = q->head;
			queue_remove(c, q, id);
			if (c->contacts[id].timer != NONE)
				calendar_cancel(c->cal, c->contacts[id].timer);
			return id;
		}
	}
	return NONE;
}

/* Idle agents of group g take waiting calls while both remain. */
static int serve_queues(struct centre *c, int g, double now)
{
	struct group_state *gs = &c->groups[g];
	while (gs->logged_in > gs->busy) {
		uint32_t id = next_waiting(c, g);
		if (id == NONE)
			break;
		int rc = answer(c, id, g, now);
		if (rc != STATUS_OK)
			return rc;
	}
	return STATUS_OK;
}

/* Closing cut-off: disconnect the calls that no logged-in agent can serve,
 * or (all) every call still waiting. */
static int cut_off(struct centre *c, double now, bool all)
{
	const struct centre_config *cfg = c->cfg;
	for (int t = 0; t < cfg->n_types; t++) {
		struct queue *q = &c->types[t].queue;
		if (q->length == 0)
			continue;
		bool served = false;
		for (int g = 0; g < cfg->n_groups && !served && !all; g++)
			served = c->groups[g].logged_in > 0 &&
				 centre_group_serves(&cfg->groups[g], t);
		while (!served && q->head != NONE) {
			uint32_t id = q->head;
			queue_remove(c, q, id);
			if (c->contacts[id].timer != NONE)
				calendar_cancel(c->cal, c->contacts[id].timer);
			int rc = record_wait(c, &c->contacts[id],
					     now - c->contacts[id].arrival, DISCONNECTED);
			contact_release(c, id);
			if (rc != STATUS_OK)
				return rc;
		}
	}
	return STATUS_OK;
}

static int schedule_arrival(struct centre *c, int t)
{
	struct type_state *ts = &c->types[t];
	double when;
	int k;
	if (!arrivals_next(&ts->arrivals, ts->rng[0], &when, &k))
		return STATUS_OK;
	uint32_t id = contact_new(c);
	if (id == NONE)
		return STATUS_ENOMEM;
	const struct contact_type_config *ct = &c->cfg->types[t];
	struct contact *x = &c->contacts[id];
	x->arrival = when;
	x->interval = k;
	x->type = (uint16_t)t;
	x->timer = NONE;
	x->service_s = dist_sample(&ct->handle, ts->rng[1]);
	if (ct->has_wrap)
		x->service_s += dist_sample(&ct->wrap, ts->rng[2]);
	x->patience_s = ct->has_patience ? dist_sample(&ct->patience, ts->rng[3])
					 : INFINITY;
	/* A distribution with extreme parameters can overflow a draw. */
	if (!isfinite(x->service_s) || !(x->patience_s >= 0) || isnan(x->patience_s))
		return STATUS_ERANGE;
	return calendar_schedule(c->cal, when, EV_ARRIVAL, id, NULL);
}

static int on_arrival(struct centre *c, uint32_t id, double now)
{
	struct contact *x = &c->contacts[id];
	int t = x->type;
	const struct centre_config *cfg = c->cfg;
	c->calls++;
	struct kpi_counts *k = &c->counts[cell(c, t, x->interval)];
	k->received++;
	int rc = schedule_arrival(c, t);
	if (rc != STATUS_OK)
		return rc;
	x = &c->contacts[id]; /* the pool may have moved */
	int open = c->open_over[x->interval];
	if (open == 0 || (open < 0 && !hours_is_open(&cfg->hours,
						      cfg->horizon.start_date, now))) {
		contact_release(c, id);
		return STATUS_OK;
	}
	k->presented++;
	size_t i = cell(c, t, x->interval);
	if (c->waiting[i]++ == 0 && c->interval_hist[i] < 0 &&
	    (c->interval_hist[i] = hist_acquire(c)) < 0)
		return STATUS_ENOMEM;
	for (int g = 0; g < cfg->n_groups; g++) {
		struct group_state *gs = &c->groups[g];
		if (gs->logged_in > gs->busy && !gs->draining &&
		    centre_group_serves(&cfg->groups[g], t))
			return answer(c, id, g, now);
	}
	queue_push(c, &c->types[t].queue, id);
	if (isfinite(x->patience_s))
		return calendar_schedule(c->cal, now + x->patience_s, EV_ABANDON, id,
					 &c->contacts[id].timer);
	return STATUS_OK;
}

static int on_abandon(struct centre *c, uint32_t id, double now)
{
	struct contact *x = &c->contacts[id];
	queue_remove(c, &c->types[x->type].queue, id);
	int rc = record_wait(c, x, now - x->arrival, ABANDONED);
	contact_release(c, id);
	return rc;
}

static int on_depart(struct centre *c, uint32_t id, double now)
{
	int g = c->contacts[id].group;
	struct group_state *gs = &c->groups[g];
	contact_release(c, id);
	gs->busy--;
	timeavg_add(&gs->busy_area, now, -1);
	if (!gs->draining && gs->logged_in > gs->target) {
		agents_log(c, g, now, -1);
		return STATUS_OK;
	}
	uint32_t next = next_waiting(c, g);
	if (next != NONE)
		return answer(c, next, g, now);
	if (gs->draining) {
		agents_log(c, g, now, -1);
		if (gs->logged_in == 0)
			return cut_off(c, now, false);
	}
	return STATUS_OK;
}

static int on_interval(struct centre *c, int k, double now)
{
	const struct centre_config *cfg = c->cfg;
	cut_agent_time(c, now);
	c->stats_k = k;
	if (k > 0 && horizon_contiguous(&cfg->horizon, k - 1)) {
		int rc = interval_ended(c, k - 1);
		if (rc != STATUS_OK)
			return rc;
	} else if (k > 0) {
		/* A new window: calls of an earlier one still waiting (its
		 * drain outlasted the night) are disconnected now. */
		int rc = cut_off(c, now, true);
		if (rc != STATUS_OK)
			return rc;
	}
	for (int g = 0; g < cfg->n_groups; g++) {
		struct group_state *gs = &c->groups[g];
		gs->draining = false;
		gs->target = cfg->groups[g].staffing[k];
		int idle = gs->logged_in - gs->busy;
		if (gs->logged_in < gs->target)
			agents_log(c, g, now, gs->target - gs->logged_in);
		else if (gs->logged_in > gs->target && idle > 0) {
			int leave = gs->logged_in - gs->target;
			agents_log(c, g, now, -(leave < idle ? leave : idle));
		}
	}
	for (int g = 0; g < cfg->n_groups; g++) {
		int rc = serve_queues(c, g, now);
		if (rc != STATUS_OK)
			return rc;
	}
	double end = horizon_interval_end(&cfg->horizon, k);
	if (horizon_contiguous(&cfg->horizon, k))
		return calendar_schedule(c->cal, end, EV_INTERVAL, (uint32_t)k + 1, NULL);
	return calendar_schedule(c->cal, end, EV_WINDOW_END, (uint32_t)k, NULL);
}

static int on_window_end(struct centre *c, int k, double now)
{
	const struct centre_config *cfg = c->cfg;
	for (int g = 0; g < cfg->n_groups; g++) {
		struct group_state *gs = &c->groups[g];
		gs->draining = true;
		gs->target = 0;
		agents_log(c, g, now, -(gs->logged_in - gs->busy));
	}
	int rc = interval_ended(c, k);
	if (rc == STATUS_OK)
		rc = cut_off(c, now, false);
	if (rc != STATUS_OK)
		return rc;
	/* The next window's start: the next interval, or after the horizon's
	 * last window the moment the next day's would open (so that the last
	 * day ends as the others do); none when the windows fill the days. */
	const struct horizon *h = &cfg->horizon;
	if (k + 1 < h->n_intervals)
		return calendar_schedule(c->cal, horizon_interval_start(h, k + 1),
					 EV_INTERVAL, (uint32_t)k + 1, NULL);
	if (h->day_start_s > 0.0 || h->day_end_s < HORIZON_DAY_S)
		return calendar_schedule(c->cal, horizon_interval_start(h, k + 1),
					 EV_CUT_OFF, 0, NULL);
	return STATUS_OK;
}

/* ---- a replication ------------------------------------------------------ */

static void reset(struct centre *c, uint64_t seed, uint64_t replication)
{
	const struct centre_config *cfg = c->cfg;
	size_t n = (size_t)cfg->horizon.n_intervals;
	double t0 = horizon_interval_start(&cfg->horizon, 0);
	calendar_reset(c->cal);
	c->free_contact = NONE;
	free_contacts_from(c, 0);
	c->stats_k = 0;
	c->calls = 0;
	memset(c->counts, 0, (size_t)cfg->n_types * n * sizeof *c->counts);
	c->free_hist = -1;
	for (uint32_t i = c->n_hists; i-- > 0;) {
		c->hist_next[i] = c->free_hist;
		c->free_hist = (int32_t)i;
	}
	c->hists_used = c->hists_peak = 0;
	c->ended = 0;
	const struct kpi_waits none = { NAN, NAN };
	size_t nk = (size_t)cfg->n_types * n, nd = (size_t)cfg->n_types * cfg->horizon.days;
	for (size_t i = 0; i < nk; i++) {
		c->interval_hist[i] = -1;
		c->waiting[i] = 0;
		c->done[i] = 0;
		c->interval_waits[i] = none;
	}
	for (size_t i = 0; i < nd; i++) {
		c->day_hist[i] = -1;
		c->day_left[i] = cfg->horizon.per_day;
		c->day_waits[i] = none;
	}
	for (int t = 0; t < cfg->n_types; t++) {
		c->horizon_hist[t] = -1;
		c->horizon_waits[t] = none;
	}
	memset(c->busy_s, 0, (size_t)cfg->n_groups * n * sizeof *c->busy_s);
	memset(c->logged_s, 0, (size_t)cfg->n_groups * n * sizeof *c->logged_s);
	for (int g = 0; g < cfg->n_groups; g++) {
		struct group_state *gs = &c->groups[g];
		memset(gs, 0, sizeof *gs);
		timeavg_start(&gs->busy_area, t0, 0);
		timeavg_start(&gs->logged_area, t0, 0);
	}
	for (int t = 0; t < cfg->n_types; t++) {
		struct type_state *ts = &c->types[t];
		for (int s = 0; s < STREAMS_PER_TYPE; s++)
			rng_stream_set(ts->rng[s], seed, replication,
				       (uint64_t)t * STREAMS_PER_TYPE + (uint64_t)s);
		arrivals_start(&ts->arrivals, &cfg->horizon, cfg->types[t].forecast);
		ts->queue.head = ts->queue.tail = NONE;
		ts->queue.length = 0;
	}
}

int centre_run(struct centre *c, uint64_t seed, uint64_t replication)
{
	const struct centre_config *cfg = c->cfg;
	reset(c, seed, replication);
	int rc = calendar_schedule(c->cal, horizon_interval_start(&cfg->horizon, 0),
				   EV_INTERVAL, 0, NULL);
	for (int t = 0; rc == STATUS_OK && t < cfg->n_types; t++)
		rc = schedule_arrival(c, t);
	struct calendar_event ev;
	while (rc == STATUS_OK && calendar_pop(c->cal, &ev)) {
		switch (ev.type) {
		case EV_ARRIVAL: rc = on_arrival(c, ev.id, ev.time); break;
		case EV_DEPART: rc = on_depart(c, ev.id, ev.time); break;
		case EV_ABANDON: rc = on_abandon(c, ev.id, ev.time); break;
		case EV_INTERVAL: rc = on_interval(c, (int)ev.id, ev.time); break;
		case EV_WINDOW_END: rc = on_window_end(c, (int)ev.id, ev.time); break;
		case EV_CUT_OFF: rc = cut_off(c, ev.time, true); break;
		}
	}
	cut_agent_time(c, c->cal->now);
	if (rc != STATUS_OK)
		return rc;
	/* Every call has left: whatever is still open is complete. */
	size_t n = (size_t)cfg->horizon.n_intervals;
	for (int t = 0; rc == STATUS_OK && t < cfg->n_types; t++)
		for (size_t k = 0; rc == STATUS_OK && k < n; k++)
			if (!c->done[(size_t)t * n + k])
				rc = interval_done(c, t, (int)k);
	for (int t = 0; t < cfg->n_types; t++) {
		c->horizon_waits[t] = percentiles(c, c->horizon_hist[t]);
		if (c->horizon_hist[t] >= 0)
			hist_release(c, c->horizon_hist[t]);
		c->horizon_hist[t] = -1;
	}
	return rc;
}

/* ---- results ------------------------------------------------------------ */

const struct kpi_counts *centre_counts(const struct centre *c, int type, int k)
{
	return &c->counts[cell(c, type, k)];
}

const struct kpi_waits *centre_interval_waits(const struct centre *c, int type, int k)
{
	return &c->interval_waits[cell(c, type, k)];
}

const struct kpi_waits *centre_day_waits(const struct centre *c, int type, int d)
{
	return &c->day_waits[(size_t)type * (size_t)c->cfg->horizon.days + (size_t)d];
}

const struct kpi_waits *centre_horizon_waits(const struct centre *c, int type)
{
	return &c->horizon_waits[type];
}

size_t centre_hist_peak(const struct centre *c)
{
	return c->hists_peak;
}

double centre_busy_s(const struct centre *c, int g, int k)
{
	return c->busy_s[cell(c, g, k)];
}

double centre_logged_s(const struct centre *c, int g, int k)
{
	return c->logged_s[cell(c, g, k)];
}

uint64_t centre_events(const struct centre *c)
{
	return c->cal->n_fired;
}

uint64_t centre_calls(const struct centre *c)
{
	return c->calls;
}
