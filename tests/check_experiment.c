/*
 * check_experiment.c: replications and their aggregates (sim/experiment.c).
 *
 * A hand-built scenario (two contact types, two agent groups, a closed hour,
 * an interval without traffic, a warm-up hour) and a hand-built set of
 * commitments.  The experiment's figures are recounted here from the centre
 * itself: each replication is rerun with centre_run on the same seed (runs
 * are bit-for-bit repeatable), the periods are summed by hand, and the KPIs
 * are taken from kpi_value.  So the test checks the bookkeeping of the
 * experiment (which periods count, warm-up exclusion, pairs, p_met, the
 * per-replication estimate and its Student-t interval, verdicts) against an
 * independent implementation of the rules of commit.h:
 *   pairs      interval: replications x non-warm-up intervals where the KPI
 *              is defined (a service level needs presented > 0); day:
 *              replications x days not wholly in the warm-up; horizon:
 *              replications
 *   p_met      met / pairs
 *   estimate   mean over replications of the mean over periods
 *   CI95       mean +- t_{0.975, R-1} s / sqrt(R)
 *   verdict    MET when p_met >= confidence; MISSED when the CI lies wholly
 *              on the wrong side of the target; AT_RISK otherwise
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <check.h>
#include <gsl/gsl_cdf.h>

#include "../models/centre.h"
#include "../models/commit.h"
#include "../models/kpi.h"
#include "../sim/experiment.h"
#include "../sim/scenario.h"
#include "../sim/status.h"
#include "../sim/tally.h"

Suite *experiment_suite(void);

#define REPS 12
#define SEED 99u
#define N_COMMITS 7

/* ---- the scenario ------------------------------------------------------- */

/* Monday 2024-01-01 and Tuesday, window 08:00-12:00 in hours (8 intervals),
 * warm-up `warmup_h` hours.
 *   type 0 "sales":   60 calls/h, none Monday 11-12 (k = 3); handle 240 s,
 *                     patience 180 s, T = 20 s
 *   type 1 "service": 30 calls/h; handle 300 s, patience 300 s, T = 30 s
 *   group 0 handles sales; group 1 handles service, then sales
 *   Tuesday 10:00-11:00 (k = 6) is closed. */
static const int staff0[8] = { 4, 5, 5, 3, 4, 6, 6, 2 };
static const int staff1[8] = { 3, 3, 2, 2, 4, 4, 1, 3 };

static void add_commitment(struct scenario *sc, const char *name, int type,
			   enum kpi kpi, double threshold_s, double target,
			   enum commit_direction dir, enum commit_period period)
{
	struct commitment *cm = &sc->commitments[sc->n_commitments++];
	memset(cm, 0, sizeof *cm);
	snprintf(cm->name, sizeof cm->name, "%s", name);
	cm->kpi = kpi;
	cm->contact_type = type;
	cm->threshold_s = threshold_s;
	cm->threshold_index = kpi_uses_threshold(kpi)
		? centre_type_threshold(&sc->centre.types[type], threshold_s) : 0;
	ck_assert_int_ge(cm->threshold_index, 0);
	cm->target = target;
	cm->direction = dir;
	cm->period = period;
}

static void scenario_build(struct scenario *sc, double warmup_h)
{
	memset(sc, 0, sizeof *sc);
	strcpy(sc->name, "two types");
	sc->seed = SEED;
	sc->replications = REPS;
	sc->confidence = 0.9;
	struct centre_config *cfg = &sc->centre;
	int64_t monday;
	ck_assert_int_eq(horizon_date_from_civil(2024, 1, 1, &monday), STATUS_OK);
	ck_assert_int_eq(horizon_init(&cfg->horizon, monday, 2, 8 * 3600.0, 12 * 3600.0,
				      3600.0, warmup_h * 3600.0), STATUS_OK);
	ck_assert_int_eq(cfg->horizon.n_intervals, 8);
	hours_always_open(&cfg->hours);
	hours_close_weekday(&cfg->hours, 1);
	ck_assert_int_eq(hours_add_range(&cfg->hours, 1, 0.0, 10 * 3600.0), STATUS_OK);
	ck_assert_int_eq(hours_add_range(&cfg->hours, 1, 11 * 3600.0, 86400.0), STATUS_OK);

	cfg->n_types = 2;
	cfg->types = calloc(2, sizeof *cfg->types);
	cfg->n_groups = 2;
	cfg->groups = calloc(2, sizeof *cfg->groups);
	ck_assert(cfg->types && cfg->groups);
	static const double handle[2] = { 240.0, 300.0 }, patience[2] = { 180.0, 300.0 };
	static const double rate[2] = { 60.0, 30.0 }, sl_t[2] = { 20.0, 30.0 };
	for (int t = 0; t < 2; t++) {
		struct contact_type_config *ct = &cfg->types[t];
		snprintf(ct->name, sizeof ct->name, t ? "service" : "sales");
		ct->forecast = calloc(8, sizeof *ct->forecast);
		ck_assert_ptr_nonnull(ct->forecast);
		for (int k = 0; k < 8; k++)
			ct->forecast[k] = rate[t];
		ck_assert_int_eq(dist_exponential(&ct->handle, handle[t]), STATUS_OK);
		ct->has_patience = true;
		ck_assert_int_eq(dist_exponential(&ct->patience, patience[t]), STATUS_OK);
		ct->short_abandon_s = 5.0;
		ct->rules.sl_formula = SL_OVER_PRESENTED;
		ct->n_thresholds = 1;
		ct->threshold_s[0] = sl_t[t];
	}
	cfg->types[0].forecast[3] = 0.0;
	for (int g = 0; g < 2; g++) {
		struct agent_group_config *gc = &cfg->groups[g];
		snprintf(gc->name, sizeof gc->name, "group%d", g);
		gc->staffing = calloc(8, sizeof *gc->staffing);
		ck_assert_ptr_nonnull(gc->staffing);
		for (int k = 0; k < 8; k++)
			gc->staffing[k] = g ? staff1[k] : staff0[k];
	}
	cfg->groups[0].n_handles = 1;
	cfg->groups[0].handles[0] = 0;
	cfg->groups[1].n_handles = 2;
	cfg->groups[1].handles[0] = 1;
	cfg->groups[1].handles[1] = 0;
	cfg->wait_hist_max_s = 1800.0;

	sc->commitments = calloc(N_COMMITS, sizeof *sc->commitments);
	ck_assert_ptr_nonnull(sc->commitments);
	add_commitment(sc, "sales sl interval", 0, KPI_SERVICE_LEVEL, 20.0, 0.7,
		       AT_LEAST, PERIOD_INTERVAL);
	add_commitment(sc, "sales abandons day", 0, KPI_ABANDON_RATE, 0.0, 0.1,
		       AT_MOST, PERIOD_DAY);
	add_commitment(sc, "service sl horizon", 1, KPI_SERVICE_LEVEL, 30.0, 0.8,
		       AT_LEAST, PERIOD_HORIZON);
	add_commitment(sc, "sales sl40 impossible", 0, KPI_SERVICE_LEVEL, 40.0, 1.01,
		       AT_LEAST, PERIOD_HORIZON);
	add_commitment(sc, "service presented", 1, KPI_PRESENTED, 0.0, 0.0,
		       AT_LEAST, PERIOD_INTERVAL);
	add_commitment(sc, "sales asa interval", 0, KPI_ASA, 0.0, 15.0,
		       AT_MOST, PERIOD_INTERVAL);
	add_commitment(sc, "service mean wait day", 1, KPI_MEAN_WAIT, 0.0, 1e6,
		       AT_MOST, PERIOD_DAY);
	ck_assert_int_eq(sc->n_commitments, N_COMMITS);
	ck_assert_int_eq(sc->commitments[3].threshold_index, 1); /* T = 40 added */
}

static void scenario_free_by_hand(struct scenario *sc)
{
	centre_config_destroy(&sc->centre);
	free(sc->commitments);
	memset(sc, 0, sizeof *sc);
}

static struct experiment *run(const struct scenario *sc, int reps)
{
	struct experiment *ex = experiment_alloc(sc, reps, sc->seed);
	ck_assert_ptr_nonnull(ex);
	ck_assert_int_eq(experiment_run(ex, NULL, NULL), STATUS_OK);
	return ex;
}

/* ---- the recount -------------------------------------------------------- */

struct recount {
	uint64_t pairs, met;
	struct tally per_rep;    /* replication means over periods */
	uint64_t defined_intervals; /* interval commitments: periods judged */
};

static struct kpi_counts sum_counts(const struct centre *c, int t, int k0, int k1)
{
	struct kpi_counts s;
	memset(&s, 0, sizeof s);
	for (int k = k0; k < k1; k++)
		kpi_counts_add(&s, centre_counts(c, t, k));
	return s;
}

static bool holds(const struct commitment *cm, double v)
{
	if (isnan(v))
		return false;
	return cm->direction == AT_LEAST ? v >= cm->target : v <= cm->target;
}

/* Replays every replication and judges every commitment by hand.  Only KPIs
 * computed from counts alone are used in the commitments above. */
static void recount_all(const struct scenario *sc, int reps, struct recount *out,
			uint64_t *calls, uint64_t *events)
{
	const struct centre_config *cfg = &sc->centre;
	const struct horizon *h = &cfg->horizon;
	struct centre *c = centre_alloc(cfg);
	ck_assert_ptr_nonnull(c);
	memset(out, 0, (size_t)sc->n_commitments * sizeof *out);
	for (int i = 0; i < sc->n_commitments; i++)
		tally_reset(&out[i].per_rep);
	*calls = *events = 0;
	for (int r = 0; r < reps; r++) {
		ck_assert_int_eq(centre_run(c, sc->seed, (uint64_t)r), STATUS_OK);
		*calls += centre_calls(c);
		*events += centre_events(c);
		for (int i = 0; i < sc->n_commitments; i++) {
			const struct commitment *cm = &sc->commitments[i];
			const struct contact_type_config *ct = &cfg->types[cm->contact_type];
			double sum = 0.0;
			int n = 0;
			/* The periods: [k0, k1) ranges of intervals, warm-up cut. */
			int ranges[64][2], nr = 0;
			if (cm->period == PERIOD_INTERVAL) {
				for (int k = h->n_warmup; k < h->n_intervals; k++) {
					ranges[nr][0] = k;
					ranges[nr++][1] = k + 1;
				}
			} else if (cm->period == PERIOD_DAY) {
				for (int d = 0; d < h->days; d++) {
					int k0 = d * h->per_day, k1 = k0 + h->per_day;
					if (k1 <= h->n_warmup)
						continue;
					ranges[nr][0] = k0 > h->n_warmup ? k0 : h->n_warmup;
					ranges[nr++][1] = k1;
				}
			} else {
				ranges[0][0] = h->n_warmup;
				ranges[0][1] = h->n_intervals;
				nr = 1;
			}
			for (int p = 0; p < nr; p++) {
				struct kpi_counts s = sum_counts(c, cm->contact_type,
								 ranges[p][0], ranges[p][1]);
				double v = kpi_value(cm->kpi, &s, NULL, NULL, &ct->rules,
						     cm->threshold_index);
				if (isnan(v))
					continue;
				out[i].pairs++;
				if (holds(cm, v))
					out[i].met++;
				sum += v;
				n++;
			}
			if (n > 0)
				tally_add(&out[i].per_rep, sum / n);
		}
	}
	centre_free(c);
}

/* ---- tests -------------------------------------------------------------- */

START_TEST(test_commitments_recounted)
{
	struct scenario sc;
	scenario_build(&sc, 1.0);
	struct experiment *ex = run(&sc, REPS);
	struct recount rc[N_COMMITS];
	uint64_t calls, events;
	recount_all(&sc, REPS, rc, &calls, &events);
	ck_assert_uint_eq(ex->calls, calls);
	ck_assert_uint_eq(ex->events, events);
	double tq = gsl_cdf_tdist_Pinv(0.975, REPS - 1);
	for (int i = 0; i < N_COMMITS; i++) {
		const struct commit_outcome *o = &ex->commits[i];
		ck_assert_msg(o->pairs == rc[i].pairs, "commitment %d: pairs %llu, recount %llu",
			      i, (unsigned long long)o->pairs, (unsigned long long)rc[i].pairs);
		ck_assert_uint_eq(o->met, rc[i].met);
		ck_assert_double_eq(o->p_met, (double)o->met / (double)o->pairs);
		ck_assert_uint_eq(o->per_replication.n, REPS);
		double mean = tally_mean(&rc[i].per_rep);
		double half = tq * sqrt(tally_variance(&rc[i].per_rep) / REPS);
		double tol = 1e-9 * (1.0 + fabs(mean));
		ck_assert_double_eq_tol(o->estimate, mean, tol);
		ck_assert_double_eq_tol(o->ci_lo, mean - half, tol);
		ck_assert_double_eq_tol(o->ci_hi, mean + half, tol);
		/* The estimate lies within the replication values. */
		ck_assert(o->per_replication.min <= o->estimate + tol);
		ck_assert(o->estimate <= o->per_replication.max + tol);
		ck_assert_double_eq_tol(o->per_replication.min, rc[i].per_rep.min, tol);
		ck_assert_double_eq_tol(o->per_replication.max, rc[i].per_rep.max, tol);
	}
	experiment_free(ex);
	scenario_free_by_hand(&sc);
}
END_TEST

/* The number of judged pairs follows from the periods alone. */
START_TEST(test_pairs_by_period)
{
	struct scenario sc;
	scenario_build(&sc, 1.0);
	struct experiment *ex = run(&sc, REPS);
	/* Interval SL of sales: 8 intervals - 1 warm-up - Monday 11-12 (no
	 * forecast) - Tuesday 10-11 (closed) = 5 with presented > 0. */
	ck_assert_uint_eq(ex->commits[0].pairs, REPS * 5);
	ck_assert_uint_eq(ex->commits[5].pairs, REPS * 5);   /* ASA: answered > 0 */
	/* Presented is defined (0) even where nothing was presented. */
	ck_assert_uint_eq(ex->commits[4].pairs, REPS * 7);
	ck_assert_double_eq(ex->commits[4].p_met, 1.0);
	/* Day commitments: both days (Monday only partly in the warm-up). */
	ck_assert_uint_eq(ex->commits[1].pairs, REPS * 2);
	ck_assert_uint_eq(ex->commits[6].pairs, REPS * 2);
	ck_assert_double_eq(ex->commits[6].p_met, 1.0);
	/* Horizon commitments: one pair per replication. */
	ck_assert_uint_eq(ex->commits[2].pairs, REPS);
	ck_assert_uint_eq(ex->commits[3].pairs, REPS);
	ck_assert_uint_eq(ex->commits[3].met, 0);
	/* And they match the non-warm-up intervals with presented > 0, counted
	 * from the interval tallies: presented has one value per replication,
	 * its minimum tells whether it was ever 0. */
	int busy = 0;
	for (int k = ex->sc->centre.horizon.n_warmup; k < ex->n_intervals; k++) {
		const struct tally *p = experiment_interval(ex, 0, k, KPI_PRESENTED);
		ck_assert_uint_eq(p->n, REPS);
		if (p->min > 0)
			busy++;
		else
			ck_assert_double_eq(p->max, 0.0);
	}
	ck_assert_uint_eq(ex->commits[0].pairs, (uint64_t)REPS * (uint64_t)busy);
	/* An interval KPI that is undefined (SL with nothing presented) is
	 * left out of the interval tally too. */
	ck_assert_uint_eq(experiment_interval(ex, 0, 3, KPI_SERVICE_LEVEL)->n, 0);
	ck_assert_uint_eq(experiment_interval(ex, 0, 6, KPI_SERVICE_LEVEL)->n, 0);
	ck_assert(experiment_interval(ex, 0, 6, KPI_RECEIVED)->min > 0);
	experiment_free(ex);
	scenario_free_by_hand(&sc);
}
END_TEST

/* Verdicts: MET, MISSED, and AT_RISK for a target set at the estimate. */
START_TEST(test_verdicts)
{
	struct scenario sc;
	scenario_build(&sc, 1.0);
	struct experiment *ex = run(&sc, REPS);
	for (int i = 0; i < N_COMMITS; i++) {
		const struct commit_outcome *o = &ex->commits[i];
		const struct commitment *cm = &sc.commitments[i];
		enum verdict want;
		if (o->p_met >= sc.confidence)
			want = VERDICT_MET;
		else if (cm->direction == AT_LEAST ? o->ci_hi < cm->target
						   : o->ci_lo > cm->target)
			want = VERDICT_MISSED;
		else
			want = VERDICT_AT_RISK;
		ck_assert_int_eq(o->verdict, want);
	}
	ck_assert_int_eq(ex->commits[3].verdict, VERDICT_MISSED); /* SL >= 101% */
	ck_assert_int_eq(ex->commits[4].verdict, VERDICT_MET);    /* presented >= 0 */

	/* Same seed, the horizon SL of service now targets its own estimate:
	 * identical replications, about half of them meet it, the CI holds the
	 * target: at risk.  Likewise at most. */
	double est = ex->commits[2].estimate;
	struct commit_outcome before = ex->commits[2];
	experiment_free(ex);
	sc.commitments[2].target = est;
	sc.commitments[6].target = 0.0;  /* mean wait <= 0: missed */
	ex = run(&sc, REPS);
	ck_assert_double_eq(ex->commits[2].estimate, before.estimate);
	ck_assert_double_eq(ex->commits[2].ci_lo, before.ci_lo);
	ck_assert_uint_eq(ex->commits[2].pairs, before.pairs);
	ck_assert(ex->commits[2].p_met > 0.0 && ex->commits[2].p_met < sc.confidence);
	ck_assert(ex->commits[2].ci_lo < est && est < ex->commits[2].ci_hi);
	ck_assert_int_eq(ex->commits[2].verdict, VERDICT_AT_RISK);
	ck_assert_double_eq(ex->commits[6].p_met, 0.0);
	ck_assert_int_eq(ex->commits[6].verdict, VERDICT_MISSED);
	sc.commitments[6].target = ex->commits[6].estimate;
	experiment_free(ex);
	ex = run(&sc, REPS);
	ck_assert_int_eq(ex->commits[6].verdict, VERDICT_AT_RISK);
	experiment_free(ex);
	scenario_free_by_hand(&sc);
}
END_TEST

/* The rules of commitment_verdict at their edges. */
START_TEST(test_verdict_rules)
{
	struct commitment least = { .target = 0.8, .direction = AT_LEAST };
	struct commitment most = { .target = 0.05, .direction = AT_MOST };
	ck_assert_int_eq(commitment_verdict(&least, 0.95, 0.1, 0.2, 0.95), VERDICT_MET);
	ck_assert_int_eq(commitment_verdict(&least, 0.949, 0.1, 0.2, 0.95), VERDICT_MISSED);
	ck_assert_int_eq(commitment_verdict(&least, 0.5, 0.7, 0.8, 0.95), VERDICT_AT_RISK);
	ck_assert_int_eq(commitment_verdict(&least, 0.5, 0.7, 0.79, 0.95), VERDICT_MISSED);
	ck_assert_int_eq(commitment_verdict(&least, 0.5, NAN, NAN, 0.95), VERDICT_AT_RISK);
	ck_assert_int_eq(commitment_verdict(&least, NAN, NAN, NAN, 0.95), VERDICT_AT_RISK);
	ck_assert_int_eq(commitment_verdict(&most, 1.0, 0.2, 0.3, 0.95), VERDICT_MET);
	ck_assert_int_eq(commitment_verdict(&most, 0.0, 0.05, 0.3, 0.95), VERDICT_AT_RISK);
	ck_assert_int_eq(commitment_verdict(&most, 0.0, 0.051, 0.3, 0.95), VERDICT_MISSED);
	ck_assert(commitment_holds(&least, 0.8));
	ck_assert(!commitment_holds(&least, 0.7999));
	ck_assert(commitment_holds(&most, 0.05));
	ck_assert(!commitment_holds(&most, NAN));
}
END_TEST

/* Warm-up intervals count in interval tallies but in no day or horizon
 * figure: counts of days and horizon are sums of their non-warm-up
 * intervals, replication by replication, hence in the mean too. */
START_TEST(test_warmup_excluded)
{
	static const enum kpi counted[] = { KPI_RECEIVED, KPI_PRESENTED, KPI_ANSWERED,
					    KPI_ABANDONED, KPI_ANSWERED_WITHIN };
	for (int w = 1; w <= 4; w += 3) { /* Monday partly, or wholly, warm-up */
		struct scenario sc;
		scenario_build(&sc, (double)w);
		struct experiment *ex = run(&sc, REPS);
		const struct horizon *h = &sc.centre.horizon;
		ck_assert_int_eq(h->n_warmup, w);
		for (int t = 0; t < 2; t++)
			for (size_t j = 0; j < sizeof counted / sizeof counted[0]; j++) {
				enum kpi kpi = counted[j];
				double all = 0.0, day[2] = { 0.0, 0.0 };
				for (int k = 0; k < h->n_intervals; k++) {
					const struct tally *it = experiment_interval(ex, t, k, kpi);
					ck_assert_uint_eq(it->n, REPS);
					if (k < h->n_warmup)
						continue;
					all += tally_mean(it);
					day[k / h->per_day] += tally_mean(it);
				}
				const struct tally *ht = experiment_horizon(ex, t, kpi);
				ck_assert_uint_eq(ht->n, REPS);
				ck_assert_double_eq_tol(tally_mean(ht), all, 1e-9 * (1.0 + all));
				for (int d = 0; d < 2; d++) {
					const struct tally *dt = experiment_day(ex, t, d, kpi);
					if ((d + 1) * h->per_day <= h->n_warmup) {
						ck_assert_uint_eq(dt->n, 0);
						continue;
					}
					ck_assert_uint_eq(dt->n, REPS);
					ck_assert_double_eq_tol(tally_mean(dt), day[d],
								1e-9 * (1.0 + day[d]));
				}
			}
		/* A day wholly in the warm-up is not judged. */
		int days = w >= h->per_day ? 1 : 2;
		ck_assert_uint_eq(ex->commits[1].pairs, (uint64_t)REPS * (uint64_t)days);
		ck_assert_uint_eq(ex->commits[2].pairs, REPS);
		experiment_free(ex);
		scenario_free_by_hand(&sc);
	}
}
END_TEST

START_TEST(test_scheduled_and_logged)
{
	struct scenario sc;
	scenario_build(&sc, 1.0);
	struct experiment *ex = run(&sc, REPS);
	for (int k = 0; k < 8; k++) {
		/* Sales: group 0 and the generalists; service: generalists only. */
		ck_assert_int_eq(experiment_scheduled(ex, 0, k), staff0[k] + staff1[k]);
		ck_assert_int_eq(experiment_scheduled(ex, 1, k), staff1[k]);
	}
	/* Mean agents logged in: the plan, exactly, in an interval that follows
	 * no drop and is not a day's last (overtime after the window's end
	 * counts there); at least the plan everywhere. */
	for (int g = 0; g < 2; g++) {
		const int *staff = g ? staff1 : staff0;
		for (int k = 0; k < 8; k++) {
			const struct tally *l = &ex->logged[(size_t)g * 8 + k];
			ck_assert_uint_eq(l->n, REPS);
			ck_assert(l->min >= staff[k] - 1e-9);
			bool first = k % 4 == 0, last = k % 4 == 3;
			if (!last && (first || staff[k] >= staff[k - 1])) {
				ck_assert_double_eq_tol(l->min, staff[k], 1e-9);
				ck_assert_double_eq_tol(l->max, staff[k], 1e-9);
			}
		}
	}
	/* Occupancy of a type pools the groups that serve it. */
	ck_assert(tally_mean(experiment_horizon(ex, 0, KPI_OCCUPANCY)) > 0.0);
	ck_assert(tally_mean(experiment_horizon(ex, 0, KPI_OCCUPANCY)) < 1.0);
	experiment_free(ex);
	scenario_free_by_hand(&sc);
}
END_TEST

static void count_progress(void *arg, int done, int total)
{
	int *seen = arg;
	ck_assert_int_eq(done, seen[0] + 1);
	ck_assert_int_eq(total, seen[1]);
	seen[0] = done;
}

START_TEST(test_progress_and_determinism)
{
	struct scenario sc;
	scenario_build(&sc, 1.0);
	struct experiment *a = experiment_alloc(&sc, 5, sc.seed);
	ck_assert_ptr_nonnull(a);
	int seen[2] = { 0, 5 };
	ck_assert_int_eq(experiment_run(a, count_progress, seen), STATUS_OK);
	ck_assert_int_eq(seen[0], 5);
	struct experiment *b = run(&sc, 5);
	for (int i = 0; i < N_COMMITS; i++) {
		ck_assert_uint_eq(a->commits[i].pairs, b->commits[i].pairs);
		ck_assert_uint_eq(a->commits[i].met, b->commits[i].met);
		ck_assert_int_eq(memcmp(&a->commits[i].per_replication,
					&b->commits[i].per_replication,
					sizeof a->commits[i].per_replication), 0);
	}
	ck_assert_int_eq(memcmp(a->horizon, b->horizon,
				2 * KPI_COUNT * sizeof *a->horizon), 0);
	/* Another seed: other numbers. */
	struct experiment *c = experiment_alloc(&sc, 5, sc.seed + 1);
	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(experiment_run(c, NULL, NULL), STATUS_OK);
	ck_assert(a->calls != c->calls ||
		  tally_mean(experiment_horizon(a, 0, KPI_MEAN_WAIT)) !=
		  tally_mean(experiment_horizon(c, 0, KPI_MEAN_WAIT)));
	experiment_free(a);
	experiment_free(b);
	experiment_free(c);
	scenario_free_by_hand(&sc);
}
END_TEST

/* ---- limits ------------------------------------------------------------- */

/* One replication: no CI, so never MISSED; p_met still decides MET. */
START_TEST(test_one_replication)
{
	struct scenario sc;
	scenario_build(&sc, 1.0);
	struct experiment *ex = run(&sc, 1);
	for (int i = 0; i < N_COMMITS; i++) {
		const struct commit_outcome *o = &ex->commits[i];
		ck_assert_uint_eq(o->per_replication.n, 1);
		ck_assert(isnan(o->ci_lo) && isnan(o->ci_hi));
		ck_assert(!isnan(o->estimate));
		ck_assert_int_eq(o->verdict,
				 o->p_met >= sc.confidence ? VERDICT_MET : VERDICT_AT_RISK);
	}
	ck_assert_int_eq(ex->commits[3].verdict, VERDICT_AT_RISK);
	ck_assert_int_eq(ex->commits[4].verdict, VERDICT_MET);
	experiment_free(ex);
	scenario_free_by_hand(&sc);
}
END_TEST

/* A contact type without any traffic: its service levels are undefined
 * everywhere, so nothing is judged and nothing is estimated. */
START_TEST(test_no_traffic_commitment)
{
	struct scenario sc;
	scenario_build(&sc, 1.0);
	for (int k = 0; k < 8; k++)
		sc.centre.types[1].forecast[k] = 0.0;
	struct experiment *ex = run(&sc, 3);
	const struct commit_outcome *o = &ex->commits[2];
	ck_assert_uint_eq(o->pairs, 0);
	ck_assert_uint_eq(o->per_replication.n, 0);
	ck_assert(isnan(o->p_met));
	ck_assert(isnan(o->estimate) && isnan(o->ci_lo) && isnan(o->ci_hi));
	ck_assert_int_eq(o->verdict, VERDICT_AT_RISK);
	ck_assert_uint_eq(experiment_horizon(ex, 1, KPI_SERVICE_LEVEL)->n, 0);
	ck_assert_uint_eq(experiment_horizon(ex, 1, KPI_PRESENTED)->n, 3);
	ck_assert_double_eq(tally_mean(experiment_horizon(ex, 1, KPI_PRESENTED)), 0.0);
	/* Presented >= 0 per interval is still judged (and met). */
	ck_assert_uint_eq(ex->commits[4].pairs, 3 * 7);
	ck_assert_int_eq(ex->commits[4].verdict, VERDICT_MET);
	experiment_free(ex);
	scenario_free_by_hand(&sc);
}
END_TEST

/* Weeks run Monday to Sunday: 10 days from Thursday 2024-01-04 to Saturday
 * 2024-01-13 make two weeks, Thu-Sun and Mon-Sat.  A week commitment on
 * `answered` is judged on 2 pairs per replication, and (no warm-up) each
 * replication's mean over its two weeks is half its horizon total, so the
 * estimate is half the horizon mean. */
START_TEST(test_weeks)
{
	struct scenario sc;
	memset(&sc, 0, sizeof sc);
	strcpy(sc.name, "weeks");
	sc.seed = SEED;
	sc.replications = 5;
	sc.confidence = 0.95;
	struct centre_config *cfg = &sc.centre;
	int64_t thursday;
	ck_assert_int_eq(horizon_date_from_civil(2024, 1, 4, &thursday), STATUS_OK);
	ck_assert_int_eq(horizon_weekday(thursday), 3);
	ck_assert_int_eq(horizon_init(&cfg->horizon, thursday, 10, 9 * 3600.0,
				      11 * 3600.0, 3600.0, 0.0), STATUS_OK);
	hours_always_open(&cfg->hours);
	cfg->n_types = cfg->n_groups = 1;
	cfg->types = calloc(1, sizeof *cfg->types);
	cfg->groups = calloc(1, sizeof *cfg->groups);
	ck_assert(cfg->types && cfg->groups);
	struct contact_type_config *ct = &cfg->types[0];
	strcpy(ct->name, "calls");
	ct->forecast = calloc(20, sizeof *ct->forecast);
	cfg->groups[0].staffing = calloc(20, sizeof *cfg->groups[0].staffing);
	ck_assert(ct->forecast && cfg->groups[0].staffing);
	for (int k = 0; k < 20; k++) {
		ct->forecast[k] = 30.0;
		cfg->groups[0].staffing[k] = 4;
	}
	ck_assert_int_eq(dist_exponential(&ct->handle, 300.0), STATUS_OK);
	ct->rules.sl_formula = SL_OVER_PRESENTED;
	ct->n_thresholds = 1;
	ct->threshold_s[0] = 20.0;
	cfg->groups[0].n_handles = 1;
	cfg->wait_hist_max_s = 3600.0;
	sc.commitments = calloc(1, sizeof *sc.commitments);
	ck_assert_ptr_nonnull(sc.commitments);
	add_commitment(&sc, "answered per week", 0, KPI_ANSWERED, 0.0, 0.0, AT_LEAST,
		       PERIOD_WEEK);
	struct experiment *ex = experiment_alloc(&sc, sc.replications, sc.seed);
	ck_assert_ptr_nonnull(ex);
	ck_assert_int_eq(experiment_run(ex, NULL, NULL), STATUS_OK);
	const struct commit_outcome *o = &ex->commits[0];
	ck_assert_uint_eq(o->pairs, 2 * 5);
	ck_assert_uint_eq(o->met, 2 * 5);
	double horizon = tally_mean(experiment_horizon(ex, 0, KPI_ANSWERED));
	ck_assert_double_eq_tol(o->estimate, horizon / 2.0, 1e-9 * horizon);
	experiment_free(ex);
	free(sc.commitments);
	centre_config_destroy(&sc.centre);
}
END_TEST

START_TEST(test_no_commitments_and_free)
{
	struct scenario sc;
	scenario_build(&sc, 1.0);
	sc.n_commitments = 0;
	struct experiment *ex = run(&sc, 2);
	ck_assert_int_eq(ex->n_types, 2);
	ck_assert_int_eq(ex->n_groups, 2);
	ck_assert_int_eq(ex->n_intervals, 8);
	ck_assert_int_eq(ex->n_days, 2);
	ck_assert_int_eq(ex->replications, 2);
	ck_assert(ex->calls > 0 && ex->events > ex->calls);
	experiment_free(ex);
	experiment_free(NULL);
	scenario_free_by_hand(&sc);
}
END_TEST

Suite *experiment_suite(void)
{
	Suite *s = suite_create("experiment");
	TCase *core = tcase_create("core");
	tcase_set_timeout(core, 120);
	tcase_add_test(core, test_commitments_recounted);
	tcase_add_test(core, test_pairs_by_period);
	tcase_add_test(core, test_verdicts);
	tcase_add_test(core, test_verdict_rules);
	tcase_add_test(core, test_warmup_excluded);
	tcase_add_test(core, test_scheduled_and_logged);
	tcase_add_test(core, test_progress_and_determinism);
	tcase_add_test(core, test_weeks);
	suite_add_tcase(s, core);

	TCase *limits = tcase_create("limits");
	tcase_set_timeout(limits, 120);
	tcase_add_test(limits, test_one_replication);
	tcase_add_test(limits, test_no_traffic_commitment);
	tcase_add_test(limits, test_no_commitments_and_free);
	suite_add_tcase(s, limits);
	return s;
}
