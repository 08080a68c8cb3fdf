/* commit.c: judging commitments (the rules are in commit.h and docs/kpis.md). */
#include <math.h>
#include <string.h>
#include "commit.h"
#include "../sim/status.h"

bool commitment_holds(const struct commitment *c, double value)
{
	if (isnan(value))
		return false;
	return c->direction == AT_LEAST ? value >= c->target : value <= c->target;
}

enum verdict commitment_verdict(const struct commitment *c, double p_met,
				double ci_lo, double ci_hi, double confidence)
{
	if (p_met >= confidence)
		return VERDICT_MET;
	if (c->direction == AT_LEAST ? ci_hi < c->target : ci_lo > c->target)
		return VERDICT_MISSED;
	return VERDICT_AT_RISK;
}

static const char *const period_names[] = { "interval", "day", "week", "horizon" };
static const char *const direction_names[] = { "at_least", "at_most" };
static const char *const verdict_names[] = { "met", "at risk", "missed" };

const char *commit_period_name(enum commit_period p)
{
	return p >= PERIOD_INTERVAL && p <= PERIOD_HORIZON ? period_names[p] : "unknown";
}

int commit_period_parse(const char *s, enum commit_period *p)
{
	for (int i = PERIOD_INTERVAL; i <= PERIOD_HORIZON; i++)
		if (strcmp(s, period_names[i]) == 0) {
			*p = (enum commit_period)i;
			return STATUS_OK;
		}
	return STATUS_EINVAL;
}

const char *commit_direction_name(enum commit_direction d)
{
	return d == AT_LEAST || d == AT_MOST ? direction_names[d] : "unknown";
}

int commit_direction_parse(const char *s, enum commit_direction *d)
{
	for (int i = AT_LEAST; i <= AT_MOST; i++)
		if (strcmp(s, direction_names[i]) == 0) {
			*d = (enum commit_direction)i;
			return STATUS_OK;
		}
	return STATUS_EINVAL;
}

const char *verdict_name(enum verdict v)
{
	return v >= VERDICT_MET && v <= VERDICT_MISSED ? verdict_names[v] : "unknown";
}
