/*
 * commit.h: service commitments and their verdicts.
 *
 * A commitment says: over every <period> (interval, day, week or the whole
 * horizon), the <kpi> of <contact type>, with threshold T where the KPI has
 * one, is at least / at most <target>.
 *
 * Over R replications, each with its periods p (warm-up excluded, periods
 * where the KPI is undefined skipped):
 *   estimate   mean over replications of (mean over the periods of the
 *              replication of the KPI); for the horizon period it is the mean
 *              of the horizon KPI
 *   CI95       Student-t interval of that mean over the R replication values
 *   p_met      share of (replication, period) pairs in which the KPI keeps
 *              the commitment
 *   verdict    MET      when p_met >= confidence (default 0.95)
 *              MISSED   otherwise, when the CI lies wholly on the wrong side
 *                       of the target (at least: CI high < target;
 *                       at most: CI low > target)
 *              AT_RISK  otherwise
 */
#ifndef CCSIM_COMMIT_H
#define CCSIM_COMMIT_H

#include <stdbool.h>
#include "kpi.h"

#define COMMIT_NAME_MAX 96

/* A week runs Monday to Sunday; the horizon's first and last weeks may be
 * partial (they hold only the horizon's days). */
enum commit_period { PERIOD_INTERVAL, PERIOD_DAY, PERIOD_WEEK, PERIOD_HORIZON };
enum commit_direction { AT_LEAST, AT_MOST };
enum verdict { VERDICT_MET, VERDICT_AT_RISK, VERDICT_MISSED };

/* A commitment on a deferred contact type names one of its steps
 * (step >= 0) and a task KPI (task_kpi); one on a voice type has step = -1
 * and a voice KPI (kpi).  Deferred KPIs are judged per day, week or
 * horizon, never per interval; a response-time target is in the step
 * deadline's unit (seconds, or business days on a "bd" deadline). */
struct commitment {
	char name[COMMIT_NAME_MAX];
	enum kpi kpi;
	int step;
	enum task_kpi task_kpi;
	int contact_type;          /* index into the centre's contact types */
	double threshold_s;        /* T, for KPIs that use one */
	int threshold_index;       /* slot of T in the contact type's thresholds */
	double target;             /* ratios as fractions, times in seconds */
	enum commit_direction direction;
	enum commit_period period;
};

/* Does value keep the commitment?  False for NaN. */
bool commitment_holds(const struct commitment *c, double value);

enum verdict commitment_verdict(const struct commitment *c, double p_met,
				double ci_lo, double ci_hi, double confidence);

const char *commit_period_name(enum commit_period p);
int commit_period_parse(const char *s, enum commit_period *p);
const char *commit_direction_name(enum commit_direction d);
int commit_direction_parse(const char *s, enum commit_direction *d);
const char *verdict_name(enum verdict v);

#endif
