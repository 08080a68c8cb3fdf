/*
 * experiment.c: replications and their aggregation (see experiment.h).
 *
 * After replication r, for each contact type t:
 *   interval k   KPIs of the counts of k (warm-up included, flagged later)
 *   day d        KPIs of the summed counts of d's non-warm-up intervals
 *   horizon      KPIs of the summed counts of every non-warm-up interval
 * Wait percentiles come from the centre (computed as each period
 * completes); occupancy from the summed agent-seconds of the groups that
 * serve t.  Every defined value is added to the tally of its cell, so each
 * tally ends with one observation per replication (independent, identically
 * distributed), which is what the Student-t CI assumes.
 *
 * Days of the cool-down (horizon.h) are simulated but, like the warm-up,
 * neither tallied as days nor judged (their intervals are tallied for the
 * interval view only).
 *
 * A deferred type has no interval figures: for each of its steps, the task
 * counts of each receipt day after the warm-up (models/kpi.h), of each week
 * (the sums of its days) and of the horizon go to their tallies, and its
 * commitments are judged on them.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "experiment.h"
#include "status.h"
#include "../models/centre.h"

/* One period of a type in one replication: summed counts and agent time,
 * and the centre's wait percentiles. */
struct period_sum {
	struct kpi_counts counts;
	const struct kpi_waits *waits;
	struct kpi_agent_time agents;
};

int experiment_scheduled(const struct experiment *ex, int t, int k)
{
	const struct centre_config *cfg = &ex->sc->centre;
	int agents = 0;
	if (hours_closed_date(&cfg->hours, cfg->horizon.start_date +
					   horizon_interval_day(&cfg->horizon, k)))
		return 0;
	for (int g = 0; g < cfg->n_groups; g++)
		if (centre_group_serves(&cfg->groups[g], t))
			agents += cfg->groups[g].staffing[k];
	return agents;
}

static void period_clear(struct period_sum *p)
{
	memset(&p->counts, 0, sizeof p->counts);
	p->waits = NULL;
	p->agents.busy_s = p->agents.logged_s = 0;
}

/* Adds interval k of type t from the centre's last replication into p. */
static void period_add(struct period_sum *p, const struct centre *c,
		       const struct centre_config *cfg, int t, int k)
{
	kpi_counts_add(&p->counts, centre_counts(c, t, k));
	for (int g = 0; g < cfg->n_groups; g++)
		if (centre_group_serves(&cfg->groups[g], t)) {
			p->agents.busy_s += centre_busy_s(c, g, k);
			p->agents.logged_s += centre_logged_s(c, g, k);
		}
}

static double period_kpi(const struct period_sum *p,
			 const struct contact_type_config *ct, enum kpi kpi, int ti)
{
	return kpi_value(kpi, &p->counts, p->waits, &p->agents, &ct->rules, ti);
}

static void tally_kpis(struct tally *cells, const struct period_sum *p,
		       const struct contact_type_config *ct)
{
	for (int kpi = 0; kpi < KPI_COUNT; kpi++) {
		double v = period_kpi(p, ct, (enum kpi)kpi, 0);
		if (!isnan(v))
			tally_add(&cells[kpi], v);
	}
}

struct experiment *experiment_alloc(const struct scenario *sc, int replications,
				    uint64_t seed)
{
	const struct centre_config *cfg = &sc->centre;
	struct experiment *ex = calloc(1, sizeof *ex);
	if (!ex)
		return NULL;
	ex->sc = sc;
	ex->replications = replications;
	ex->seed = seed;
	ex->n_types = cfg->n_types;
	ex->n_groups = cfg->n_groups;
	ex->n_intervals = cfg->horizon.n_intervals;
	ex->n_days = cfg->horizon.days;
	size_t ni = (size_t)ex->n_types * ex->n_intervals * KPI_COUNT;
	size_t nd = (size_t)ex->n_types * ex->n_days * KPI_COUNT;
	size_t nh = (size_t)ex->n_types * KPI_COUNT;
	size_t nl = (size_t)ex->n_groups * ex->n_intervals;
	ex->interval = malloc(ni * sizeof *ex->interval);
	ex->day = malloc(nd * sizeof *ex->day);
	ex->horizon = malloc(nh * sizeof *ex->horizon);
	ex->logged = malloc(nl * sizeof *ex->logged);
	ex->commits = calloc(sc->n_commitments ? (size_t)sc->n_commitments : 1,
			     sizeof *ex->commits);
	ex->analytic = calloc((size_t)ex->n_types * ex->n_intervals, sizeof *ex->analytic);
	ex->n_weeks = (ex->n_days - 1 + horizon_weekday(cfg->horizon.start_date)) / 7 + 1;
	size_t nj = (size_t)ex->n_types * CENTRE_MAX_STEPS * TASK_KPI_COUNT;
	size_t ntd = nj * (size_t)ex->n_days, ntw = nj * (size_t)ex->n_weeks;
	ex->task_day = malloc(ntd * sizeof *ex->task_day);
	ex->task_week = malloc(ntw * sizeof *ex->task_week);
	ex->task_horizon = malloc(nj * sizeof *ex->task_horizon);
	if (!ex->interval || !ex->day || !ex->horizon || !ex->logged || !ex->commits ||
	    !ex->analytic || !ex->task_day || !ex->task_week || !ex->task_horizon)
		goto fail;
	for (size_t i = 0; i < ntd; i++) tally_reset(&ex->task_day[i]);
	for (size_t i = 0; i < ntw; i++) tally_reset(&ex->task_week[i]);
	for (size_t i = 0; i < nj; i++) tally_reset(&ex->task_horizon[i]);
	for (size_t i = 0; i < ni; i++) tally_reset(&ex->interval[i]);
	for (size_t i = 0; i < nd; i++) tally_reset(&ex->day[i]);
	for (size_t i = 0; i < nh; i++) tally_reset(&ex->horizon[i]);
	for (size_t i = 0; i < nl; i++) tally_reset(&ex->logged[i]);
	for (int i = 0; i < sc->n_commitments; i++)
		tally_reset(&ex->commits[i].per_replication);
	return ex;
fail:
	experiment_free(ex);
	return NULL;
}

void experiment_free(struct experiment *ex)
{
	if (!ex)
		return;
	free(ex->interval);
	free(ex->day);
	free(ex->horizon);
	free(ex->logged);
	free(ex->commits);
	free(ex->analytic);
	free(ex->task_day);
	free(ex->task_week);
	free(ex->task_horizon);
	free(ex);
}

/* Judges commitment i on one period's value. */
static void judge(struct commit_outcome *o, const struct commitment *cm,
		  double value, struct tally *periods)
{
	if (isnan(value))
		return;
	o->pairs++;
	if (commitment_holds(cm, value))
		o->met++;
	tally_add(periods, value);
}

/* Judges the commitments of type t on `period` with the sums p. */
static void judge_period(struct experiment *ex, int t, enum commit_period period,
			 const struct period_sum *p, struct tally *commit_periods)
{
	const struct scenario *sc = ex->sc;
	const struct contact_type_config *ct = &sc->centre.types[t];
	for (int i = 0; i < sc->n_commitments; i++) {
		const struct commitment *cm = &sc->commitments[i];
		if (cm->contact_type == t && cm->period == period)
			judge(&ex->commits[i], cm,
			      period_kpi(p, ct, cm->kpi, cm->threshold_index),
			      &commit_periods[i]);
	}
}

static void period_merge(struct period_sum *into, const struct period_sum *p)
{
	kpi_counts_add(&into->counts, &p->counts);
	into->agents.busy_s += p->agents.busy_s;
	into->agents.logged_s += p->agents.logged_s;
}

int experiment_week_of_day(const struct experiment *ex, int d)
{
	return (d + horizon_weekday(ex->sc->centre.horizon.start_date)) / 7;
}

int experiment_week_first_day(const struct experiment *ex, int w)
{
	int first = 7 * w - horizon_weekday(ex->sc->centre.horizon.start_date);
	return first > 0 ? first : 0;
}

int experiment_judged_days(const struct experiment *ex)
{
	return horizon_judged_days(&ex->sc->centre.horizon);
}

int experiment_judged_weeks(const struct experiment *ex)
{
	return experiment_week_of_day(ex, experiment_judged_days(ex) - 1) + 1;
}

/* One period of a deferred step in one replication: summed counts and the
 * 90th percentile response (NaN for weeks: not kept). */
static void tally_task_kpis(struct tally *cells, const struct task_counts *k, double p90)
{
	for (int kpi = 0; kpi < TASK_KPI_COUNT; kpi++) {
		double v = kpi_task_value((enum task_kpi)kpi, k, p90);
		if (!isnan(v))
			tally_add(&cells[kpi], v);
	}
}

static void judge_task_period(struct experiment *ex, int t, int s,
			      enum commit_period period, const struct task_counts *k,
			      double p90, struct tally *commit_periods)
{
	const struct scenario *sc = ex->sc;
	for (int i = 0; i < sc->n_commitments; i++) {
		const struct commitment *cm = &sc->commitments[i];
		if (cm->contact_type == t && cm->step == s && cm->period == period)
			judge(&ex->commits[i], cm, kpi_task_value(cm->task_kpi, k, p90),
			      &commit_periods[i]);
	}
}

/* Day d opens a week (Monday, or the horizon's first day), closes one
 * (Sunday, or the last judged day), lies wholly in the warm-up. */
static bool week_opens(const struct horizon *h, int d)
{
	return d == 0 || horizon_weekday(h->start_date + d) == 0;
}

static bool week_closes(const struct horizon *h, int d)
{
	return horizon_weekday(h->start_date + d) == 6 || d == horizon_judged_days(h) - 1;
}

static bool in_warmup(const struct horizon *h, int d)
{
	return (d + 1) * h->per_day <= h->n_warmup;
}

/* Folds the deferred results of step s of type t into the tallies: days
 * after the warm-up, weeks (Monday to Sunday) on the sums of their days,
 * and the horizon. */
static void collect_step(struct experiment *ex, const struct centre *c, int t, int s,
			 struct tally *commit_periods)
{
	const struct horizon *h = &ex->sc->centre.horizon;
	size_t j = (size_t)t * CENTRE_MAX_STEPS + (size_t)s;
	struct task_counts week, all;
	bool week_judged = false;
	memset(&all, 0, sizeof all);
	for (int d = 0; d < horizon_judged_days(h); d++) {
		int w = experiment_week_of_day(ex, d);
		if (week_opens(h, d)) {
			memset(&week, 0, sizeof week);
			week_judged = false;
		}
		const struct task_counts *k = centre_task_counts(c, t, s, d);
		if (!in_warmup(h, d)) {
			/* a warm-up day holds no receipt, but its snapshot */
			kpi_task_counts_add(&week, k);
			kpi_task_counts_add(&all, k);
			double p90 = centre_task_day_p90(c, t, s, d);
			tally_task_kpis(&ex->task_day[(j * ex->n_days + d) * TASK_KPI_COUNT], k, p90);
			judge_task_period(ex, t, s, PERIOD_DAY, k, p90, commit_periods);
			week_judged = true;
		}
		if (week_closes(h, d) && week_judged) {
			tally_task_kpis(&ex->task_week[(j * ex->n_weeks + w) * TASK_KPI_COUNT],
					&week, NAN);
			judge_task_period(ex, t, s, PERIOD_WEEK, &week, NAN, commit_periods);
		}
	}
	double p90 = centre_task_horizon_p90(c, t, s);
	tally_task_kpis(&ex->task_horizon[j * TASK_KPI_COUNT], &all, p90);
	judge_task_period(ex, t, s, PERIOD_HORIZON, &all, p90, commit_periods);
}

/* Folds replication results of type t into the experiment's tallies.
 * Weeks run Monday to Sunday and are judged on the sums of their days
 * (they have no wait percentiles: the loader refuses them per week). */
static void collect_type(struct experiment *ex, const struct centre *c, int t,
			 struct period_sum *day, struct period_sum *all,
			 struct period_sum *one, struct tally *commit_periods)
{
	const struct scenario *sc = ex->sc;
	const struct centre_config *cfg = &sc->centre;
	const struct horizon *h = &cfg->horizon;
	const struct contact_type_config *ct = &cfg->types[t];
	struct period_sum week;
	bool week_judged = false;  /* the week holds a day after the warm-up */
	period_clear(all);
	for (int i = 0; i < sc->n_commitments; i++)
		tally_reset(&commit_periods[i]);
	if (channel_is_deferred(ct->channel)) {
		for (int s = 0; s < ct->n_steps; s++)
			collect_step(ex, c, t, s, commit_periods);
		goto per_replication;
	}
	for (int d = 0; d < h->days; d++) {
		if (week_opens(h, d)) {
			period_clear(&week);
			week_judged = false;
		}
		period_clear(day);
		for (int j = 0; j < h->per_day; j++) {
			int k = d * h->per_day + j;
			period_clear(one);
			period_add(one, c, cfg, t, k);
			one->waits = centre_interval_waits(c, t, k);
			tally_kpis(&ex->interval[((size_t)t * ex->n_intervals + k) * KPI_COUNT],
				   one, ct);
			if (k < h->n_warmup || d >= horizon_judged_days(h))
				continue;
			period_merge(day, one);
			judge_period(ex, t, PERIOD_INTERVAL, one, commit_periods);
		}
		if (d >= horizon_judged_days(h))
			continue;  /* the cool-down: intervals shown, not judged */
		day->waits = centre_day_waits(c, t, d);
		period_merge(all, day);
		period_merge(&week, day);
		if (!in_warmup(h, d)) {
			tally_kpis(&ex->day[((size_t)t * ex->n_days + d) * KPI_COUNT], day, ct);
			judge_period(ex, t, PERIOD_DAY, day, commit_periods);
			week_judged = true;
		}
		if (week_closes(h, d) && week_judged)
			judge_period(ex, t, PERIOD_WEEK, &week, commit_periods);
	}
	all->waits = centre_horizon_waits(c, t);
	tally_kpis(&ex->horizon[(size_t)t * KPI_COUNT], all, ct);
	judge_period(ex, t, PERIOD_HORIZON, all, commit_periods);
per_replication:
	for (int i = 0; i < sc->n_commitments; i++) {
		const struct commitment *cm = &sc->commitments[i];
		if (cm->contact_type == t && commit_periods[i].n > 0)
			tally_add(&ex->commits[i].per_replication,
				  tally_mean(&commit_periods[i]));
	}
}

/* Erlang C and A for each interval taken alone (see struct analytic). */
static void predict(struct experiment *ex)
{
	const struct centre_config *cfg = &ex->sc->centre;
	for (int t = 0; t < ex->n_types; t++) {
		const struct contact_type_config *ct = &cfg->types[t];
		bool deferred = channel_is_deferred(ct->channel);
		double aht = deferred ? 0.0 : dist_mean(&ct->handle) +
				(ct->has_wrap ? dist_mean(&ct->wrap) : 0.0);
		for (int k = 0; k < ex->n_intervals; k++) {
			struct analytic *an = &ex->analytic[(size_t)t * ex->n_intervals + k];
			an->c_status = an->a_status = STATUS_EDOM;
			if (deferred)
				continue;
			struct erlang_input in = {
				.traffic = ct->forecast[k] * aht / cfg->horizon.interval_s,
				.aht_s = aht,
				.patience_s = INFINITY,
				.threshold_s = ct->threshold_s[0],
				.agents = experiment_scheduled(ex, t, k),
			};
			if (in.agents < 1)
				continue;
			an->c_status = erlang_c(&in, &an->c);
			if (!ct->has_patience)
				continue;
			in.patience_s = dist_mean(&ct->patience);
			an->a_status = erlang_a(&in, &an->a);
		}
	}
}

static void conclude(struct experiment *ex)
{
	const struct scenario *sc = ex->sc;
	for (int i = 0; i < sc->n_commitments; i++) {
		struct commit_outcome *o = &ex->commits[i];
		o->estimate = tally_mean(&o->per_replication);
		tally_ci(&o->per_replication, 0.95, &o->ci_lo, &o->ci_hi);
		o->p_met = o->pairs ? (double)o->met / (double)o->pairs : NAN;
		o->verdict = commitment_verdict(&sc->commitments[i], o->p_met,
						o->ci_lo, o->ci_hi, sc->confidence);
	}
}

void experiment_set_replay(struct experiment *ex, const struct replay_source *src)
{
	ex->replay = src;
}

void experiment_set_observer(struct experiment *ex,
			     void (*observe)(void *arg, const struct centre *c), void *arg)
{
	ex->observe = observe;
	ex->observe_arg = arg;
}

int experiment_run(struct experiment *ex,
		   void (*progress)(void *arg, int done, int total), void *arg)
{
	const struct scenario *sc = ex->sc;
	const struct centre_config *cfg = &sc->centre;
	int rc = STATUS_ENOMEM;
	struct centre *c = centre_alloc(cfg);
	struct tally *commit_periods =
		calloc(sc->n_commitments ? (size_t)sc->n_commitments : 1,
		       sizeof *commit_periods);
	struct period_sum day, all, one;
	if (!c || !commit_periods)
		goto done;
	if (ex->replay)
		centre_set_replay(c, ex->replay);
	for (int r = 0; r < ex->replications; r++) {
		rc = centre_run(c, ex->seed, (uint64_t)r);
		if (rc != STATUS_OK)
			goto done;
		if (ex->observe)
			ex->observe(ex->observe_arg, c);
		ex->calls += centre_calls(c);
		ex->written += centre_written(c);
		ex->events += centre_events(c);
		for (int t = 0; t < cfg->n_types; t++)
			collect_type(ex, c, t, &day, &all, &one, commit_periods);
		for (int g = 0; g < cfg->n_groups; g++)
			for (int k = 0; k < ex->n_intervals; k++)
				tally_add(&ex->logged[(size_t)g * ex->n_intervals + k],
					  centre_logged_s(c, g, k) / cfg->horizon.interval_s);
		if (progress)
			progress(arg, r + 1, ex->replications);
	}
	conclude(ex);
	predict(ex);
	rc = STATUS_OK;
done:
	centre_free(c);
	free(commit_periods);
	return rc;
}
