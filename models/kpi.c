/*
 * kpi.c: KPI formulas over raw counts (the definitions are in kpi.h and
 * docs/kpis.md).
 */
#include <math.h>
#include <string.h>
#include "kpi.h"
#include "../sim/status.h"

static const char *const kpi_names[KPI_COUNT] = {
	[KPI_RECEIVED] = "received",
	[KPI_PRESENTED] = "presented",
	[KPI_ANSWERED] = "answered",
	[KPI_ABANDONED] = "abandoned",
	[KPI_SHORT_ABANDONS] = "short_abandons",
	[KPI_ANSWERED_WITHIN] = "answered_within",
	[KPI_SERVICE_LEVEL] = "service_level",
	[KPI_ABANDON_RATE] = "abandon_rate",
	[KPI_ACCESSIBILITY] = "accessibility",
	[KPI_ASA] = "asa_s",
	[KPI_MEAN_WAIT] = "mean_wait_s",
	[KPI_P90_WAIT] = "p90_wait_s",
	[KPI_P95_WAIT] = "p95_wait_s",
	[KPI_MAX_WAIT] = "max_wait_s",
	[KPI_OCCUPANCY] = "occupancy",
};

static const char *const sl_names[] = {
	[SL_OVER_ANSWERED] = "over_answered",
	[SL_OVER_PRESENTED] = "over_presented",
	[SL_EXCLUDING_ABANDONED_WITHIN] = "excluding_abandoned_within",
	[SL_COUNTING_ABANDONED_WITHIN] = "counting_abandoned_within",
	[SL_EXCLUDING_SHORT] = "excluding_short_abandons",
};

static double ratio(double num, double den)
{
	return den > 0 ? num / den : NAN;
}

void kpi_counts_add(struct kpi_counts *dst, const struct kpi_counts *src)
{
	dst->received += src->received;
	dst->presented += src->presented;
	dst->answered += src->answered;
	dst->abandoned += src->abandoned;
	dst->short_abandons += src->short_abandons;
	for (int i = 0; i < KPI_MAX_THRESHOLDS; i++) {
		dst->answered_within[i] += src->answered_within[i];
		dst->abandoned_within[i] += src->abandoned_within[i];
	}
	dst->wait_answered_s += src->wait_answered_s;
	dst->wait_all_s += src->wait_all_s;
	if (src->max_wait_s > dst->max_wait_s)
		dst->max_wait_s = src->max_wait_s;
}

void kpi_task_counts_add(struct task_counts *dst, const struct task_counts *src)
{
	dst->received += src->received;
	dst->completed += src->completed;
	dst->within_deadline += src->within_deadline;
	dst->not_yet_due += src->not_yet_due;
	dst->open_late += src->open_late;
	dst->response_sum += src->response_sum;
	if (src->backlog > dst->backlog)
		dst->backlog = src->backlog;
	if (src->oldest_age_s > dst->oldest_age_s)
		dst->oldest_age_s = src->oldest_age_s;
}

double kpi_task_value(enum task_kpi kpi, const struct task_counts *c, double p90)
{
	double done = (double)c->completed;
	switch (kpi) {
	case TASK_RECEIVED: return (double)c->received;
	case TASK_COMPLETED: return done;
	case TASK_COMPLETED_WITHIN: return (double)c->within_deadline;
	case TASK_WITHIN_DEADLINE:
		return ratio((double)c->within_deadline,
			     (double)(c->received - c->not_yet_due));
	case TASK_NOT_YET_DUE: return (double)c->not_yet_due;
	case TASK_OPEN_LATE: return (double)c->open_late;
	case TASK_MEAN_RESPONSE: return ratio(c->response_sum, done);
	case TASK_P90_RESPONSE: return done > 0 ? p90 : NAN;
	case TASK_BACKLOG: return (double)c->backlog;
	case TASK_OLDEST_AGE: return c->oldest_age_s;
	case TASK_KPI_COUNT: break;
	}
	return NAN;
}

static const char *const task_names[TASK_KPI_COUNT] = {
	[TASK_RECEIVED] = "received",
	[TASK_COMPLETED] = "completed",
	[TASK_COMPLETED_WITHIN] = "completed_within_deadline",
	[TASK_WITHIN_DEADLINE] = "within_deadline",
	[TASK_NOT_YET_DUE] = "not_yet_due",
	[TASK_OPEN_LATE] = "open_late",
	[TASK_MEAN_RESPONSE] = "mean_response",
	[TASK_P90_RESPONSE] = "p90_response",
	[TASK_BACKLOG] = "backlog",
	[TASK_OLDEST_AGE] = "oldest_age_s",
};

const char *kpi_task_name(enum task_kpi kpi)
{
	return kpi >= 0 && kpi < TASK_KPI_COUNT ? task_names[kpi] : "unknown";
}

int kpi_task_parse(const char *name, enum task_kpi *kpi)
{
	for (int i = 0; i < TASK_KPI_COUNT; i++)
		if (strcmp(name, task_names[i]) == 0) {
			*kpi = (enum task_kpi)i;
			return STATUS_OK;
		}
	return STATUS_EINVAL;
}

bool kpi_task_is_ratio(enum task_kpi kpi)
{
	return kpi == TASK_WITHIN_DEADLINE;
}

bool kpi_task_is_response(enum task_kpi kpi)
{
	return kpi == TASK_MEAN_RESPONSE || kpi == TASK_P90_RESPONSE;
}

double kpi_service_level(const struct kpi_counts *c, enum sl_formula f, int ti)
{
	double a = (double)c->answered, b = (double)c->abandoned;
	double at = (double)c->answered_within[ti], bt = (double)c->abandoned_within[ti];
	switch (f) {
	case SL_OVER_ANSWERED: return ratio(at, a);
	case SL_OVER_PRESENTED: return ratio(at, a + b);
	case SL_EXCLUDING_ABANDONED_WITHIN: return ratio(at, a + b - bt);
	case SL_COUNTING_ABANDONED_WITHIN: return ratio(at + bt, a + b);
	case SL_EXCLUDING_SHORT: return ratio(at, a + b - (double)c->short_abandons);
	}
	return NAN;
}

double kpi_value(enum kpi kpi, const struct kpi_counts *c, const struct kpi_waits *waits,
		 const struct kpi_agent_time *agents, const struct kpi_rules *rules,
		 int ti)
{
	double a = (double)c->answered, b = (double)c->abandoned;
	double bs = (double)c->short_abandons;
	switch (kpi) {
	case KPI_RECEIVED: return (double)c->received;
	case KPI_PRESENTED: return (double)c->presented;
	case KPI_ANSWERED: return a;
	case KPI_ABANDONED: return b;
	case KPI_SHORT_ABANDONS: return bs;
	case KPI_ANSWERED_WITHIN: return (double)c->answered_within[ti];
	case KPI_SERVICE_LEVEL: return kpi_service_level(c, rules->sl_formula, ti);
	case KPI_ABANDON_RATE:
		return rules->abandon_excludes_short ? ratio(b - bs, a + b - bs)
						     : ratio(b, a + b);
	case KPI_ACCESSIBILITY: return ratio(a, a + b);
	case KPI_ASA: return ratio(c->wait_answered_s, a);
	case KPI_MEAN_WAIT: return ratio(c->wait_all_s, a + b);
	case KPI_P90_WAIT: return waits ? waits->p90_s : NAN;
	case KPI_P95_WAIT: return waits ? waits->p95_s : NAN;
	case KPI_MAX_WAIT: return a + b > 0 ? c->max_wait_s : NAN;
	case KPI_OCCUPANCY: return agents ? ratio(agents->busy_s, agents->logged_s) : NAN;
	case KPI_COUNT: break;
	}
	return NAN;
}

const char *kpi_name(enum kpi kpi)
{
	return kpi >= 0 && kpi < KPI_COUNT ? kpi_names[kpi] : "unknown";
}

int kpi_parse(const char *name, enum kpi *kpi)
{
	for (int i = 0; i < KPI_COUNT; i++)
		if (strcmp(name, kpi_names[i]) == 0) {
			*kpi = (enum kpi)i;
			return STATUS_OK;
		}
	return STATUS_EINVAL;
}

bool kpi_uses_threshold(enum kpi kpi)
{
	return kpi == KPI_ANSWERED_WITHIN || kpi == KPI_SERVICE_LEVEL;
}

bool kpi_is_ratio(enum kpi kpi)
{
	return kpi == KPI_SERVICE_LEVEL || kpi == KPI_ABANDON_RATE ||
	       kpi == KPI_ACCESSIBILITY || kpi == KPI_OCCUPANCY;
}

const char *kpi_sl_formula_name(enum sl_formula f)
{
	return f >= SL_OVER_ANSWERED && f <= SL_EXCLUDING_SHORT ? sl_names[f] : "unknown";
}

int kpi_sl_formula_parse(const char *name, enum sl_formula *f)
{
	for (int i = SL_OVER_ANSWERED; i <= SL_EXCLUDING_SHORT; i++)
		if (strcmp(name, sl_names[i]) == 0) {
			*f = (enum sl_formula)i;
			return STATUS_OK;
		}
	return STATUS_EINVAL;
}
