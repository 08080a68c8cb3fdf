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
 * Deferred types: 4t arrivals and batch sizes, 4t+1 step handle times,
 * drawn when each step becomes ready (so in an order that depends on the
 * staffing: the streams of deferred work are common across scenarios only
 * for their first steps received before any agent works), 4t+3 initial
 * backlog ages; stream 4 * CENTRE_MAX_TYPES + t holds the follow-up draws
 * (share and delay), made at each completion.
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

enum {
	EV_ARRIVAL, EV_DEPART, EV_ABANDON, EV_INTERVAL, EV_WINDOW_END, EV_CUT_OFF,
	EV_TASK_DONE, EV_RECEIVE, EV_BATCH, EV_DAY_END
};

/* Response-time histograms of deferred steps, on the deadline's clock, in
 * two tiers.  With u = the deadline (at least 1 h; a month counts 31
 * days), fine bins of u / 400 over [0, 8 u) read a p90 near the deadline
 * to 0.25% of it; the responses beyond go to TASK_COARSE_BINS coarse bins
 * over [0, horizon + 31 days), so a p90 among them is read to 0.1% of that
 * span; beyond both, the largest response (an upper bound, hist.h).  On
 * "bd" deadlines, one fine bin per business day over [0, 8 D + horizon +
 * 62) and the p90 is the smallest whole number of days holding 90%. */
#define TASK_BINS_PER_DEADLINE 400.0
#define TASK_DEADLINES_KEPT 8.0
#define TASK_COARSE_BINS 1000.0

struct contact {
	double arrival;       /* voice: arrival; deferred: receipt */
	double service_s;     /* voice: handle + wrap-up, drawn at arrival;
				 deferred: the current step's handle time */
	union {
		double patience_s;  /* voice */
		double due;         /* deferred: the current step's deadline */
	};
	uint32_t prev, next;  /* queue or backlog links, or free-list link in next */
	union {
		uint32_t timer;     /* voice: abandonment event, or NONE */
		uint32_t heap_pos;  /* deferred: position in its backlog's heap */
	};
	union {
		int32_t interval;   /* voice: arrival interval */
		int32_t bucket;     /* deferred: receipt day, or days (not counted) */
	};
	uint16_t type;
	uint16_t group;       /* serving group */
	uint8_t step;         /* deferred: the step in hand or waiting */
};

struct queue {
	uint32_t head, tail;
	uint32_t length;
};

/* The backlog of one step of a deferred type: a binary min-heap on
 * (deadline, join sequence) for EDF, and a list through the contacts'
 * prev/next links in join order for FIFO; a contact knows its heap
 * position, so either order removes it in O(log n). */
struct backlog_entry {
	double due;
	uint64_t seq;
	uint32_t id;
};

struct backlog {
	struct backlog_entry *heap;
	uint32_t n, cap;
	struct queue fifo;    /* join order */
};

struct type_state {
	struct arrivals arrivals;
	gsl_rng *rng[STREAMS_PER_TYPE];
	gsl_rng *follow;      /* follow-up draws (share, delay) */
	struct queue queue;
	struct horizon hourly; /* ARRIVE_DAILY: 24 one-hour intervals a day */
	double *hourly_forecast;
	gsl_rng *busy;        /* day-level busyness draws */
	double *day_factor;   /* [d]: this replication's busyness, 1 without */
	double *busy_forecast; /* ARRIVE_FORECAST with busyness: forecast x factor */
	int batch_day;        /* ARRIVE_BATCH: day of the pending batch */
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
	uint64_t written;         /* deferred contacts received */
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
	/* deferred work, by task cell j = type * CENTRE_MAX_STEPS + step */
	struct bizcal biz;
	double horizon_end, warmup_end, cooldown_start;
	uint64_t join_seq;
	struct backlog *backlogs;         /* [j] */
	int *group_cells, *group_n_cells; /* [g * TASK_CELLS + i], in priority order */
	struct task_counts *task_counts;  /* [j * (days + 1) + bucket] */
	struct hist *task_hist;           /* [2 (j * (days + 1) + d)]: fine, coarse;
					     d = days: the horizon */
	uint32_t *task_bins;
	double *task_p90;                 /* [j * (days + 1) + d], d = days: horizon */
	double *ages;                     /* initial backlog ages, sorted */
	bool *closed_day;                 /* [d]: a closed date, nobody works */
	/* replay (centre_set_replay) */
	const struct replay_source *replay;
	double replay_last;               /* time of the last call read */
	uint64_t replay_outside;
};

#define TASK_CELLS (CENTRE_MAX_TYPES * CENTRE_MAX_STEPS)

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

static size_t task_cell(int t, int s)
{
	return (size_t)t * CENTRE_MAX_STEPS + (size_t)s;
}

/* Can group g take step s of deferred type t? */
static bool group_may_do(const struct centre_config *cfg, int g, int t, int s)
{
	int only = cfg->types[t].steps[s].group;
	return centre_group_serves(&cfg->groups[g], t) && (only < 0 || only == g);
}

/* Histogram range of a step: bin width and upper end on its clock. */
/* Fine and coarse histogram ranges of a step (width and upper end). */
static void task_hist_range(const struct step_config *st, int days, double range[4])
{
	double u = st->deadline.amount, span = (days + 31.0) * HORIZON_DAY_S;
	switch (st->deadline.clock) {
	case CLOCK_BUSINESS_DAYS:
		range[0] = 1.0;
		range[1] = TASK_DEADLINES_KEPT * u + days + 62.0;
		range[2] = range[3] = 1.0;  /* unused: the fine tier holds all */
		return;
	case CLOCK_CALENDAR_MONTHS:
		u *= 31.0 * HORIZON_DAY_S;
		break;
	default:
		break;
	}
	if (u < 3600.0)
		u = 3600.0;
	range[0] = u / TASK_BINS_PER_DEADLINE;
	range[1] = TASK_DEADLINES_KEPT * u;
	range[3] = span > range[1] ? span : range[1];
	range[2] = range[3] / TASK_COARSE_BINS;
}

/* Records x in a two-tier histogram: the coarse tier takes the fine one's
 * overflow. */
static void task_hist_add(struct hist two[2], double x)
{
	hist_add(&two[0], x);
	if (x >= two[0].width * (double)two[0].nbins)
		hist_add(&two[1], x);
}

/* Bins of both tiers of a step's histogram. */
static size_t task_hist_bins(const double range[4])
{
	return hist_bins(range[0], range[1]) + hist_bins(range[2], range[3]);
}

/* The p-quantile over a fine tier and the coarse tier that holds its
 * overflow; NaN when empty. */
static double two_tier_quantile(const struct hist *fine, const struct hist *coarse,
				double p)
{
	double rank = p * (double)fine->total, kept = (double)(fine->total - fine->overflow);
	if (rank <= kept || coarse->total == 0)
		return hist_quantile(fine, p);
	return hist_quantile(coarse, (rank - kept) / (double)coarse->total);
}

/* What deferred work needs beyond the voice centre: the business calendar,
 * backlogs, each group's task cells in priority order, per-day counts and
 * response histograms, hourly arrival grids and the initial-backlog buffer. */
static int alloc_deferred(struct centre *c)
{
	const struct centre_config *cfg = c->cfg;
	const struct horizon *h = &cfg->horizon;
	size_t nd = (size_t)h->days + 1, nj = (size_t)cfg->n_types * CENTRE_MAX_STEPS;
	if (bizcal_init(&c->biz, &cfg->hours, h->start_date) != STATUS_OK)
		return STATUS_EINVAL;
	c->horizon_end = h->days * HORIZON_DAY_S;
	c->warmup_end = h->n_warmup > 0 ? horizon_interval_start(h, h->n_warmup) : 0.0;
	c->cooldown_start = horizon_judged_days(h) * HORIZON_DAY_S;
	c->backlogs = calloc(nj, sizeof *c->backlogs);
	c->group_cells = malloc((size_t)cfg->n_groups * TASK_CELLS * sizeof *c->group_cells);
	c->group_n_cells = calloc((size_t)cfg->n_groups, sizeof *c->group_n_cells);
	c->task_counts = calloc(nj * nd, sizeof *c->task_counts);
	c->task_hist = calloc(2 * nj * nd, sizeof *c->task_hist);
	c->task_p90 = malloc(nj * nd * sizeof *c->task_p90);
	c->closed_day = malloc(nd * sizeof *c->closed_day);
	if (!c->closed_day || !c->backlogs || !c->group_cells || !c->group_n_cells || !c->task_counts ||
	    !c->task_hist || !c->task_p90)
		return STATUS_ENOMEM;
	for (size_t d = 0; d < nd; d++)
		c->closed_day[d] = hours_closed_date(&cfg->hours, h->start_date + (int64_t)d);
	for (int g = 0; g < cfg->n_groups; g++) {
		const struct agent_group_config *gc = &cfg->groups[g];
		for (int i = 0; i < gc->n_handles; i++) {
			int t = gc->handles[i];
			for (int s = 0; s < cfg->types[t].n_steps; s++)
				if (channel_is_deferred(cfg->types[t].channel) &&
				    group_may_do(cfg, g, t, s))
					c->group_cells[g * TASK_CELLS + c->group_n_cells[g]++] =
						(int)task_cell(t, s);
		}
	}
	size_t bins = 0, most = 0;
	for (int t = 0; t < cfg->n_types; t++) {
		const struct contact_type_config *ct = &cfg->types[t];
		if (!channel_is_deferred(ct->channel))
			continue;
		for (int s = 0; s < ct->n_steps; s++) {
			double range[4];
			task_hist_range(&ct->steps[s], h->days, range);
			bins += nd * task_hist_bins(range);
		}
		if ((size_t)ct->initial.count > most)
			most = (size_t)ct->initial.count;
		if (ct->arrive == ARRIVE_DAILY) {
			struct type_state *ts = &c->types[t];
			horizon_init(&ts->hourly, h->start_date, h->days, 0.0, HORIZON_DAY_S,
				     3600.0, 0.0);
			ts->hourly_forecast = malloc((size_t)h->days * 24 * sizeof(double));
			if (!ts->hourly_forecast)
				return STATUS_ENOMEM;
		}
	}
	c->task_bins = malloc((bins ? bins : 1) * sizeof *c->task_bins);
	c->ages = malloc((most ? most : 1) * sizeof *c->ages);
	if (!c->task_bins || !c->ages)
		return STATUS_ENOMEM;
	uint32_t *next = c->task_bins;
	for (int t = 0; t < cfg->n_types; t++) {
		const struct contact_type_config *ct = &cfg->types[t];
		if (!channel_is_deferred(ct->channel))
			continue;
		for (int s = 0; s < ct->n_steps; s++) {
			double range[4];
			task_hist_range(&ct->steps[s], h->days, range);
			for (size_t d = 0; d < nd; d++) {
				struct hist *two = &c->task_hist[2 * (task_cell(t, s) * nd + d)];
				hist_init(&two[0], range[0], range[1], next);
				next += hist_bins(range[0], range[1]);
				hist_init(&two[1], range[2], range[3], next);
				next += hist_bins(range[2], range[3]);
			}
		}
	}
	return STATUS_OK;
}

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
	for (size_t t = 0; t < nt; t++) {
		for (int s = 0; s < STREAMS_PER_TYPE; s++)
			if (!(c->types[t].rng[s] = rng_stream_alloc()))
				goto fail;
		if (!(c->types[t].follow = rng_stream_alloc()) ||
		    !(c->types[t].busy = rng_stream_alloc()) ||
		    !(c->types[t].day_factor = malloc(nd * sizeof(double))))
			goto fail;
		if (cfg->types[t].arrive == ARRIVE_FORECAST && cfg->types[t].busyness_cv > 0 &&
		    !(c->types[t].busy_forecast = malloc(n * sizeof(double))))
			goto fail;
	}
	c->n_contacts = 256;
	c->contacts = malloc(c->n_contacts * sizeof *c->contacts);
	if (!c->contacts || alloc_deferred(c) != STATUS_OK)
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
	for (int t = 0; c->types && t < c->cfg->n_types; t++) {
		for (int s = 0; s < STREAMS_PER_TYPE; s++)
			gsl_rng_free(c->types[t].rng[s]);
		gsl_rng_free(c->types[t].follow);
		gsl_rng_free(c->types[t].busy);
		free(c->types[t].day_factor);
		free(c->types[t].busy_forecast);
		free(c->types[t].hourly_forecast);
	}
	for (size_t j = 0; c->backlogs && j < (size_t)c->cfg->n_types * CENTRE_MAX_STEPS; j++)
		free(c->backlogs[j].heap);
	free(c->backlogs);
	free(c->group_cells);
	free(c->group_n_cells);
	free(c->task_counts);
	free(c->task_hist);
	free(c->task_bins);
	free(c->task_p90);
	free(c->ages);
	free(c->closed_day);
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
		if (k >= h->n_warmup && d < horizon_judged_days(h) &&
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

static uint32_t next_task(struct centre *c, int g);
static bool may_start_task(const struct centre *c, int g);
static int start_task(struct centre *c, uint32_t id, int g, double now);

/* Idle agents of group g take waiting calls, then (before their window's
 * end) deferred tasks, while both remain. */
static int serve_queues(struct centre *c, int g, double now)
{
	struct group_state *gs = &c->groups[g];
	while (gs->logged_in > gs->busy) {
		int rc;
		uint32_t id = next_waiting(c, g);
		if (id != NONE)
			rc = answer(c, id, g, now);
		else if (may_start_task(c, g) && (id = next_task(c, g)) != NONE)
			rc = start_task(c, id, g, now);
		else
			break;
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

/* ---- deferred work: backlogs ------------------------------------------- */

static bool entry_less(const struct backlog_entry *a, const struct backlog_entry *b)
{
	return a->due < b->due || (a->due == b->due && a->seq < b->seq);
}

static void heap_place(struct centre *c, struct backlog *b, uint32_t i,
		       struct backlog_entry e)
{
	b->heap[i] = e;
	c->contacts[e.id].heap_pos = i;
}

static void heap_up(struct centre *c, struct backlog *b, uint32_t i)
{
	struct backlog_entry e = b->heap[i];
	while (i > 0 && entry_less(&e, &b->heap[(i - 1) / 2])) {
		heap_place(c, b, i, b->heap[(i - 1) / 2]);
		i = (i - 1) / 2;
	}
	heap_place(c, b, i, e);
}

static void heap_down(struct centre *c, struct backlog *b, uint32_t i)
{
	struct backlog_entry e = b->heap[i];
	for (;;) {
		uint32_t l = 2 * i + 1, m = l;
		if (l >= b->n)
			break;
		if (l + 1 < b->n && entry_less(&b->heap[l + 1], &b->heap[l]))
			m = l + 1;
		if (!entry_less(&b->heap[m], &e))
			break;
		heap_place(c, b, i, b->heap[m]);
		i = m;
	}
	heap_place(c, b, i, e);
}

/* Adds contact id, waiting for its current step, to backlog b. */
static int backlog_push(struct centre *c, struct backlog *b, uint32_t id)
{
	if (b->n == b->cap) {
		uint32_t cap = b->cap ? 2 * b->cap : 64;
		struct backlog_entry *p = realloc(b->heap, cap * sizeof *p);
		if (!p)
			return STATUS_ENOMEM;
		b->heap = p;
		b->cap = cap;
	}
	queue_push(c, &b->fifo, id);
	b->heap[b->n] = (struct backlog_entry){ c->contacts[id].due, c->join_seq++, id };
	heap_up(c, b, b->n++);
	return STATUS_OK;
}

static void backlog_remove(struct centre *c, struct backlog *b, uint32_t id)
{
	queue_remove(c, &b->fifo, id);
	uint32_t i = c->contacts[id].heap_pos;
	struct backlog_entry last = b->heap[--b->n];
	if (i == b->n)
		return;
	heap_place(c, b, i, last);
	if (i > 0 && entry_less(&last, &b->heap[(i - 1) / 2]))
		heap_up(c, b, i);
	else
		heap_down(c, b, i);
}

/* The task group g takes next by its work order, removed from its backlog;
 * NONE when its backlogs are empty.  Inside a backlog equal deadlines go in
 * join order; between backlogs, to the first in the group's priority list. */
static uint32_t next_task(struct centre *c, int g)
{
	bool edf = c->cfg->groups[g].order == ORDER_EDF;
	struct backlog *best = NULL;
	const struct backlog_entry *top = NULL;
	for (int i = 0; i < c->group_n_cells[g]; i++) {
		struct backlog *b = &c->backlogs[c->group_cells[g * TASK_CELLS + i]];
		if (b->n == 0)
			continue;
		const struct backlog_entry *e =
			edf ? &b->heap[0] : &b->heap[c->contacts[b->fifo.head].heap_pos];
		if (!top || (edf ? e->due < top->due : e->seq < top->seq)) {
			best = b;
			top = e;
		}
	}
	if (!best)
		return NONE;
	uint32_t id = top->id;
	backlog_remove(c, best, id);
	return id;
}

/* ---- deferred work: dynamics -------------------------------------------- */

static struct task_counts *task_counts_at(struct centre *c, int t, int s, int bucket)
{
	return &c->task_counts[task_cell(t, s) * ((size_t)c->cfg->horizon.days + 1) +
			       (size_t)bucket];
}

/* The deadline of step s of a type-t contact received at `receipt`;
 * infinite when the centre never opens again (or not before 9999). */
static double step_due(const struct centre *c, int t, int s, double receipt)
{
	double due;
	if (bizcal_deadline(&c->biz, receipt, &c->cfg->types[t].steps[s].deadline,
			    &due) != STATUS_OK)
		return INFINITY;
	return due;
}

/* May an idle agent of group g start a deferred task now?  Not after its
 * window's end, nor when that would leave fewer than `reserve` idle. */
static bool may_start_task(const struct centre *c, int g)
{
	const struct group_state *gs = &c->groups[g];
	return !gs->draining &&
	       gs->logged_in - gs->busy - 1 >= c->cfg->groups[g].reserve;
}

static int start_task(struct centre *c, uint32_t id, int g, double now)
{
	struct group_state *gs = &c->groups[g];
	c->contacts[id].group = (uint16_t)g;
	gs->busy++;
	timeavg_add(&gs->busy_area, now, 1);
	return calendar_schedule(c->cal, now + c->contacts[id].service_s, EV_TASK_DONE,
				 id, NULL);
}

/* The current step of contact id is ready: its deadline and handle time
 * are set; an idle agent of the first group (scenario order) that may do
 * it starts it, else it joins its backlog. */
static int task_ready(struct centre *c, uint32_t id, double now)
{
	const struct centre_config *cfg = c->cfg;
	struct contact *x = &c->contacts[id];
	int t = x->type, s = x->step;
	x->due = step_due(c, t, s, x->arrival);
	x->service_s = dist_sample(&cfg->types[t].steps[s].handle, c->types[t].rng[1]);
	if (!isfinite(x->service_s))
		return STATUS_ERANGE;
	for (int g = 0; g < cfg->n_groups; g++) {
		if (may_start_task(c, g) && group_may_do(cfg, g, t, s))
			return start_task(c, id, g, now);
	}
	return backlog_push(c, &c->backlogs[task_cell(t, s)], id);
}

/* A deferred contact is received: counted for each of its steps on its
 * receipt day, or in the uncounted bucket when it belongs to the initial
 * backlog (`before`), the warm-up or the cool-down; its first step made
 * ready. */
static int receive(struct centre *c, uint32_t id, double now, bool before)
{
	const struct centre_config *cfg = c->cfg;
	struct contact *x = &c->contacts[id];
	const struct contact_type_config *ct = &cfg->types[x->type];
	c->written++;
	x->step = 0;
	x->timer = NONE;
	bool counted = !before && x->arrival >= c->warmup_end &&
		       x->arrival < c->cooldown_start;
	x->bucket = counted ? (int32_t)floor(x->arrival / HORIZON_DAY_S) : cfg->horizon.days;
	for (int s = 0; s < ct->n_steps; s++)
		task_counts_at(c, x->type, s, x->bucket)->received++;
	return task_ready(c, id, now);
}

/* A new contact of type t received at `when` (an event then, unless now);
 * `before`: one of the initial backlog. */
static int receive_at(struct centre *c, int t, double when, double now, bool before)
{
	uint32_t id = contact_new(c);
	if (id == NONE)
		return STATUS_ENOMEM;
	c->contacts[id].arrival = when;
	c->contacts[id].type = (uint16_t)t;
	if (when <= now)
		return receive(c, id, now, before);
	return calendar_schedule(c->cal, when, EV_RECEIVE, id, NULL);
}

/* A contact of type t was completed at now: with the type's share, a
 * follow-up contact is received after its delay, if before the horizon's
 * end.  The share is drawn for every completion (aligned streams). */
static int follow_up(struct centre *c, int t, double now)
{
	const struct follow_up *f = &c->cfg->types[t].follow_up;
	if (f->type < 0)
		return STATUS_OK;
	gsl_rng *r = c->types[t].follow;
	if (gsl_rng_uniform(r) >= f->share)
		return STATUS_OK;
	double when = now + (f->has_delay ? dist_sample(&f->delay, r) : 0.0);
	if (isnan(when) || when < now)
		return STATUS_ERANGE;
	if (when >= c->horizon_end)
		return STATUS_OK;
	return receive_at(c, f->type, when, now, false);
}

/* Schedules type t's batch on the first business day from day d on. */
static int schedule_batch(struct centre *c, int t, int d)
{
	const struct centre_config *cfg = c->cfg;
	for (; d < cfg->horizon.days; d++)
		if (bizcal_is_business_day(&c->biz, cfg->horizon.start_date + d)) {
			c->types[t].batch_day = d;
			return calendar_schedule(c->cal, d * HORIZON_DAY_S + cfg->types[t].batch_s,
						 EV_BATCH, (uint32_t)t, NULL);
		}
	return STATUS_OK;
}

static int on_batch(struct centre *c, int t, double now)
{
	struct type_state *ts = &c->types[t];
	unsigned n = gsl_ran_poisson(ts->rng[0], c->cfg->types[t].per_day[ts->batch_day] *
					      ts->day_factor[ts->batch_day]);
	for (unsigned i = 0; i < n; i++) {
		int rc = receive_at(c, t, now, now, false);
		if (rc != STATUS_OK)
			return rc;
	}
	return schedule_batch(c, t, ts->batch_day + 1);
}

static int by_age_descending(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x < y) - (x > y);
}

/* The initial backlog of type t: received at -age, oldest first. */
static int initial_backlog(struct centre *c, int t)
{
	const struct initial_backlog *ib = &c->cfg->types[t].initial;
	for (int i = 0; i < ib->count; i++) {
		c->ages[i] = dist_sample(&ib->age, c->types[t].rng[3]);
		if (!isfinite(c->ages[i]) || c->ages[i] < 0)
			return STATUS_ERANGE;
	}
	qsort(c->ages, (size_t)ib->count, sizeof *c->ages, by_age_descending);
	for (int i = 0; i < ib->count; i++) {
		int rc = receive_at(c, t, -c->ages[i], 0.0, true);
		if (rc != STATUS_OK)
			return rc;
	}
	return STATUS_OK;
}

/* Midnight ending day d: the size of each backlog and its oldest age. */
static int on_day_end(struct centre *c, int d, double now)
{
	const struct centre_config *cfg = c->cfg;
	for (int t = 0; t < cfg->n_types; t++)
		for (int s = 0; s < cfg->types[t].n_steps; s++) {
			const struct backlog *b = &c->backlogs[task_cell(t, s)];
			double oldest = now;
			uint64_t waiting = 0;
			for (uint32_t i = 0; i < b->n; i++) {
				double a = c->contacts[b->heap[i].id].arrival;
				if (a >= now)
					continue;  /* the next day's, received at midnight */
				waiting++;
				if (a < oldest)
					oldest = a;
			}
			struct task_counts *k = task_counts_at(c, t, s, d);
			k->backlog = waiting;
			k->oldest_age_s = now - oldest;
		}
	if (d + 1 < cfg->horizon.days)
		return calendar_schedule(c->cal, (d + 2) * HORIZON_DAY_S, EV_DAY_END,
					 (uint32_t)d + 1, NULL);
	return STATUS_OK;
}

/* Step x->step of contact id completed at now. */
static void record_completion(struct centre *c, const struct contact *x, double now)
{
	const struct centre_config *cfg = c->cfg;
	int t = x->type, s = x->step, days = cfg->horizon.days;
	struct task_counts *k = task_counts_at(c, t, s, x->bucket);
	double elapsed;
	k->completed++;
	if (now <= x->due)
		k->within_deadline++;
	if (bizcal_elapsed(&c->biz, x->arrival, now, cfg->types[t].steps[s].deadline.clock,
			   &elapsed) != STATUS_OK)
		elapsed = INFINITY;
	k->response_sum += elapsed;
	if (x->bucket < days) {
		size_t j = task_cell(t, s) * ((size_t)days + 1);
		task_hist_add(&c->task_hist[2 * (j + (size_t)x->bucket)], elapsed);
		task_hist_add(&c->task_hist[2 * (j + (size_t)days)], elapsed);
	}
}

static int agent_free(struct centre *c, int g, double now);

static int on_task_done(struct centre *c, uint32_t id, double now)
{
	struct contact *x = &c->contacts[id];
	int g = x->group, t = x->type, rc;
	record_completion(c, x, now);
	if (x->step + 1 < c->cfg->types[t].n_steps) {
		x->step++;
		rc = task_ready(c, id, now);
	} else {
		contact_release(c, id);
		rc = follow_up(c, t, now);
	}
	if (rc != STATUS_OK)
		return rc;
	return agent_free(c, g, now);
}

/* After the last event: open tasks are "not yet due" or "open and late"
 * at the horizon's end, each later step of their contact as well. */
static void close_backlogs(struct centre *c)
{
	const struct centre_config *cfg = c->cfg;
	for (int t = 0; t < cfg->n_types; t++)
		for (int s = 0; s < cfg->types[t].n_steps; s++) {
			struct backlog *b = &c->backlogs[task_cell(t, s)];
			for (uint32_t i = 0; i < b->n; i++) {
				const struct contact *x = &c->contacts[b->heap[i].id];
				for (int j = s; j < cfg->types[t].n_steps; j++) {
					double due = j == s ? x->due : step_due(c, t, j, x->arrival);
					struct task_counts *k = task_counts_at(c, t, j, x->bucket);
					if (due > c->horizon_end)
						k->not_yet_due++;
					else
						k->open_late++;
				}
			}
			b->n = 0;
			b->fifo.head = b->fifo.tail = NONE;
			b->fifo.length = 0;
		}
}

/* 90th percentiles of response times, per receipt day and horizon; whole
 * business days on a "bd" clock (the data are whole numbers). */
static void task_percentiles(struct centre *c)
{
	const struct centre_config *cfg = c->cfg;
	size_t nd = (size_t)cfg->horizon.days + 1;
	for (int t = 0; t < cfg->n_types; t++)
		for (int s = 0; s < cfg->types[t].n_steps; s++)
			for (size_t d = 0; d < nd; d++) {
				size_t i = task_cell(t, s) * nd + d;
				const struct hist *two = &c->task_hist[2 * i];
				bool days = cfg->types[t].steps[s].deadline.clock ==
					    CLOCK_BUSINESS_DAYS;
				double p = days ? hist_quantile_bin(&two[0], 0.90)
						: two_tier_quantile(&two[0], &two[1], 0.90);
				c->task_p90[i] = p;
			}
}

static int schedule_arrival(struct centre *c, int t)
{
	struct type_state *ts = &c->types[t];
	double when;
	int k;
	const struct contact_type_config *ct = &c->cfg->types[t];
	if (ct->arrive != ARRIVE_FORECAST && ct->arrive != ARRIVE_DAILY)
		return STATUS_OK;
	if (!arrivals_next(&ts->arrivals, ts->rng[0], &when, &k))
		return STATUS_OK;
	uint32_t id = contact_new(c);
	if (id == NONE)
		return STATUS_ENOMEM;
	struct contact *x = &c->contacts[id];
	x->arrival = when;
	x->interval = k;
	x->type = (uint16_t)t;
	x->timer = NONE;
	if (channel_is_deferred(ct->channel))
		return calendar_schedule(c->cal, when, EV_ARRIVAL, id, NULL);
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

/* Reads the next replayed call that falls inside a day window and
 * schedules its arrival; calls outside are counted and passed over. */
static int schedule_replayed(struct centre *c)
{
	const struct centre_config *cfg = c->cfg;
	struct replay_call rc;
	int k;
	for (;;) {
		int st = c->replay->next(c->replay->arg, &rc);
		if (st <= 0)
			return -st;  /* the end (STATUS_OK), or the source's failure */
		if (!(rc.time >= c->replay_last) || rc.type < 0 || rc.type >= cfg->n_types ||
		    channel_is_deferred(cfg->types[rc.type].channel))
			return STATUS_EINVAL;
		c->replay_last = rc.time;
		if ((k = horizon_interval_at(&cfg->horizon, rc.time)) >= 0)
			break;
		c->replay_outside++;
	}
	uint32_t id = contact_new(c);
	if (id == NONE)
		return STATUS_ENOMEM;
	const struct contact_type_config *ct = &cfg->types[rc.type];
	struct type_state *ts = &c->types[rc.type];
	struct contact *x = &c->contacts[id];
	x->arrival = rc.time;
	x->interval = k;
	x->type = (uint16_t)rc.type;
	x->timer = NONE;
	x->service_s = isnan(rc.handle_s) ? dist_sample(&ct->handle, ts->rng[1]) : rc.handle_s;
	if (ct->has_wrap)
		x->service_s += dist_sample(&ct->wrap, ts->rng[2]);
	if (!isnan(rc.patience_s))
		x->patience_s = rc.patience_s;
	else
		x->patience_s = ct->has_patience ? dist_sample_above(&ct->patience,
					isnan(rc.waited_s) ? 0.0 : rc.waited_s, ts->rng[3]) : INFINITY;
	if (!isfinite(x->service_s) || x->service_s < 0 || !(x->patience_s >= 0))
		return isnan(rc.handle_s) ? STATUS_ERANGE : STATUS_EINVAL;
	return calendar_schedule(c->cal, rc.time, EV_ARRIVAL, id, NULL);
}

static int on_arrival(struct centre *c, uint32_t id, double now)
{
	struct contact *x = &c->contacts[id];
	int t = x->type;
	const struct centre_config *cfg = c->cfg;
	if (channel_is_deferred(cfg->types[t].channel)) {
		int rc = schedule_arrival(c, t);
		return rc == STATUS_OK ? receive(c, id, now, false) : rc;
	}
	c->calls++;
	struct kpi_counts *k = &c->counts[cell(c, t, x->interval)];
	k->received++;
	int rc = c->replay ? schedule_replayed(c) : schedule_arrival(c, t);
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

/* An agent of group g has ended a contact: it logs off when its group is
 * above target, else takes a waiting call, else (not after its window) the
 * next deferred task; a draining agent with no call left logs off. */
static int agent_free(struct centre *c, int g, double now)
{
	struct group_state *gs = &c->groups[g];
	gs->busy--;
	timeavg_add(&gs->busy_area, now, -1);
	if (!gs->draining && gs->logged_in > gs->target) {
		agents_log(c, g, now, -1);
		return STATUS_OK;
	}
	uint32_t next = next_waiting(c, g);
	if (next != NONE)
		return answer(c, next, g, now);
	if (!gs->draining) {
		if (may_start_task(c, g) && (next = next_task(c, g)) != NONE)
			return start_task(c, next, g, now);
		return STATUS_OK;
	}
	agents_log(c, g, now, -1);
	if (gs->logged_in == 0)
		return cut_off(c, now, false);
	return STATUS_OK;
}

static int on_depart(struct centre *c, uint32_t id, double now)
{
	int g = c->contacts[id].group, t = c->contacts[id].type;
	contact_release(c, id);
	int rc = follow_up(c, t, now);
	return rc == STATUS_OK ? agent_free(c, g, now) : rc;
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
		gs->target = c->closed_day[horizon_interval_day(&cfg->horizon, k)]
				     ? 0 : cfg->groups[g].staffing[k];
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

/* This replication's day factors of type t (1 without busyness), and the
 * expected arrivals they scale. */
static void busyness(struct centre *c, int t, uint64_t seed, uint64_t replication)
{
	const struct centre_config *cfg = c->cfg;
	const struct contact_type_config *ct = &cfg->types[t];
	const struct horizon *h = &cfg->horizon;
	struct type_state *ts = &c->types[t];
	double cv = ct->busyness_cv;
	rng_stream_set(ts->busy, seed, replication,
		       (uint64_t)(STREAMS_PER_TYPE + 1) * CENTRE_MAX_TYPES + (uint64_t)t);
	for (int d = 0; d < h->days; d++)
		ts->day_factor[d] = cv > 0 ? gsl_ran_gamma(ts->busy, 1.0 / (cv * cv), cv * cv)
					   : 1.0;
	if (ts->busy_forecast)
		for (int k = 0; k < h->n_intervals; k++)
			ts->busy_forecast[k] = ct->forecast[k] *
					       ts->day_factor[horizon_interval_day(h, k)];
	if (ct->arrive == ARRIVE_DAILY)
		for (int d = 0; d < h->days; d++)
			for (int hr = 0; hr < 24; hr++)
				ts->hourly_forecast[d * 24 + hr] =
					ct->per_day[d] * ct->profile[hr] * ts->day_factor[d];
}

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
	c->written = 0;
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
	size_t nj = (size_t)cfg->n_types * CENTRE_MAX_STEPS, nb = (size_t)cfg->horizon.days + 1;
	c->join_seq = 0;
	memset(c->task_counts, 0, nj * nb * sizeof *c->task_counts);
	for (size_t j = 0; j < nj; j++) {
		c->backlogs[j].n = 0;
		c->backlogs[j].fifo.head = c->backlogs[j].fifo.tail = NONE;
		c->backlogs[j].fifo.length = 0;
		for (size_t d = 0; d < nb; d++) {
			c->task_p90[j * nb + d] = NAN;
			for (int tier = 0; tier < 2; tier++)
				if (c->task_hist[2 * (j * nb + d) + tier].count)
					hist_reset(&c->task_hist[2 * (j * nb + d) + tier]);
		}
	}
	for (int t = 0; t < cfg->n_types; t++) {
		struct type_state *ts = &c->types[t];
		const struct contact_type_config *ct = &cfg->types[t];
		for (int s = 0; s < STREAMS_PER_TYPE; s++)
			rng_stream_set(ts->rng[s], seed, replication,
				       (uint64_t)t * STREAMS_PER_TYPE + (uint64_t)s);
		rng_stream_set(ts->follow, seed, replication,
			       (uint64_t)CENTRE_MAX_TYPES * STREAMS_PER_TYPE + (uint64_t)t);
		busyness(c, t, seed, replication);
		if (ct->arrive == ARRIVE_DAILY)
			arrivals_start(&ts->arrivals, &ts->hourly, ts->hourly_forecast);
		else
			arrivals_start(&ts->arrivals, &cfg->horizon,
				       ts->busy_forecast ? ts->busy_forecast : ct->forecast);
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
	bool deferred = false;
	if (rc == STATUS_OK && c->replay) {
		c->replay_last = -INFINITY;
		c->replay_outside = 0;
		rc = c->replay->rewind(c->replay->arg);
		if (rc == STATUS_OK)
			rc = schedule_replayed(c);
	}
	for (int t = 0; rc == STATUS_OK && t < cfg->n_types; t++) {
		if (c->replay && !channel_is_deferred(cfg->types[t].channel))
			continue;
		rc = schedule_arrival(c, t);
		if (!channel_is_deferred(cfg->types[t].channel))
			continue;
		deferred = true;
		if (rc == STATUS_OK && cfg->types[t].arrive == ARRIVE_BATCH)
			rc = schedule_batch(c, t, 0);
		if (rc == STATUS_OK && cfg->types[t].initial.count > 0)
			rc = initial_backlog(c, t);
	}
	if (rc == STATUS_OK && deferred)
		rc = calendar_schedule(c->cal, HORIZON_DAY_S, EV_DAY_END, 0, NULL);
	struct calendar_event ev;
	while (rc == STATUS_OK && calendar_pop(c->cal, &ev)) {
		switch (ev.type) {
		case EV_ARRIVAL: rc = on_arrival(c, ev.id, ev.time); break;
		case EV_DEPART: rc = on_depart(c, ev.id, ev.time); break;
		case EV_ABANDON: rc = on_abandon(c, ev.id, ev.time); break;
		case EV_INTERVAL: rc = on_interval(c, (int)ev.id, ev.time); break;
		case EV_WINDOW_END: rc = on_window_end(c, (int)ev.id, ev.time); break;
		case EV_CUT_OFF: rc = cut_off(c, ev.time, true); break;
		case EV_TASK_DONE: rc = on_task_done(c, ev.id, ev.time); break;
		case EV_RECEIVE: rc = receive(c, ev.id, ev.time, false); break;
		case EV_BATCH: rc = on_batch(c, (int)ev.id, ev.time); break;
		case EV_DAY_END: rc = on_day_end(c, (int)ev.id, ev.time); break;
		}
	}
	cut_agent_time(c, c->cal->now);
	if (rc != STATUS_OK)
		return rc;
	close_backlogs(c);
	task_percentiles(c);
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

void centre_set_replay(struct centre *c, const struct replay_source *src)
{
	c->replay = src;
}

uint64_t centre_replay_outside(const struct centre *c)
{
	return c->replay_outside;
}

const struct task_counts *centre_task_counts(const struct centre *c, int t, int s, int d)
{
	return &c->task_counts[task_cell(t, s) * ((size_t)c->cfg->horizon.days + 1) + (size_t)d];
}

double centre_task_day_p90(const struct centre *c, int t, int s, int d)
{
	return c->task_p90[task_cell(t, s) * ((size_t)c->cfg->horizon.days + 1) + (size_t)d];
}

double centre_task_horizon_p90(const struct centre *c, int t, int s)
{
	size_t nb = (size_t)c->cfg->horizon.days + 1;
	return c->task_p90[task_cell(t, s) * nb + nb - 1];
}

double centre_horizon_end(const struct centre *c)
{
	return c->horizon_end;
}

uint64_t centre_events(const struct centre *c)
{
	return c->cal->n_fired;
}

uint64_t centre_calls(const struct centre *c)
{
	return c->calls;
}

uint64_t centre_written(const struct centre *c)
{
	return c->written;
}
