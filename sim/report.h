/*
 * report.h: what a run tells its user.
 *
 *   report_table       aligned text on a stream: commitments with estimate,
 *                      CI, probability met and verdict; then, per voice
 *                      contact type, a per-day and a per-interval view
 *                      (presented, answered, abandoned, SL, ASA, agents,
 *                      occupancy); then, when the scenario has deferred
 *                      (written) types, one row per (type, step) over the
 *                      horizon, the end-of-day backlog per day and the
 *                      share within deadline per week
 *   report_summary     the summary.json object (jansson), stable keys;
 *                      "kpis" holds the voice types, "deferred" one object
 *                      per (deferred type, step)
 *   report_replay_table, report_write_actual   ccsim replay: recorded
 *                      beside replayed figures (below)
 *   report_write_*     summary.json, intervals.csv, days.csv (voice types),
 *                      commitments.csv, deferred_days.csv and
 *                      deferred_weeks.csv into a directory, each written
 *                      atomically (outfile.h)
 * Task KPIs follow their step's deadline clock: the share within deadline
 * is a fraction ("93.4%" in the table), response times are business days
 * on a "bd" deadline ("2.3bd"), business seconds on a "bh" one ("18.5bh"
 * in the table), seconds otherwise (a duration such as "18.2h").
 * Undefined values (NaN) are printed as "-" in tables, null in JSON and an
 * empty field in CSV.  Numbers are printed with fixed formats so that the
 * same experiment gives the same bytes.
 */
#ifndef CCSIM_REPORT_H
#define CCSIM_REPORT_H

#include <stdio.h>
#include "experiment.h"
#include "replay.h"

void report_table(FILE *out, const struct experiment *ex);

/* A deadline as a scenario writes it, into buf (size n), returned:
 * "24bh", "2bd", "1mo", calendar time in the largest unit dividing it
 * exactly ("1d", "36h", "90m", "30.5s"). */
const char *report_deadline(const struct deadline *d, char *buf, size_t n);

/* Writes the summary JSON object (indented, keys in a fixed order, ends with
 * a newline) to out.  STATUS_OK, STATUS_ENOMEM or STATUS_EIO. */
int report_summary(FILE *out, const struct experiment *ex);

/* Each writes DIR/<file> atomically; STATUS_OK, STATUS_EIO or STATUS_ENOMEM. */
int report_write_summary(const struct experiment *ex, const char *dir);
int report_write_intervals(const struct experiment *ex, const char *dir);
int report_write_days(const struct experiment *ex, const char *dir);
int report_write_commitments(const struct experiment *ex, const char *dir);
/* Writes DIR/deferred_days.csv (type,step,date,weekday, then
 * <kpi>_mean,<kpi>_ci_lo,<kpi>_ci_hi for every task KPI, one row per
 * deferred type, step and day) and DIR/deferred_weeks.csv (type,step,
 * week_start, the same KPI columns, one row per week, Monday to Sunday,
 * week_start its first day in the horizon).  A scenario without a
 * deferred type gets both files with their header row only, so that the
 * set of files a run writes does not depend on the scenario. */
int report_write_deferred(const struct experiment *ex, const char *dir);

/* ccsim replay: what was recorded beside what the replay gives.
 * report_replay_table prints, per voice type with actual figures, the
 * tables "Replayed vs actual, per day" and "..., per hour of the day"
 * (calls presented, SL with its 95% CI, abandon rate, ASA; replayed
 * means over the replications beside the recorded values) and, under
 * each, the mean absolute error and bias of the SL (the type's, within
 * 20 s and within 60 s), the abandon rate and the ASA.
 * report_write_actual writes DIR/actual.csv (contact_type, interval,
 * start, start_s, warmup, received, then the recorded measures of
 * replay.h per interval), DIR/actual_days.csv (contact_type, day, date,
 * weekday) and DIR/actual_hours.csv (contact_type, hour) with, for every
 * measure m, m (recorded) and replayed_m_mean, replayed_m_lo,
 * replayed_m_hi, and DIR/actual_errors.csv (contact_type, period "day" or
 * "hour", measure, n, mae, bias, rmse); ratios as fractions. */
void report_replay_table(FILE *out, const struct experiment *ex, const struct replay *rp);
int report_write_actual(const struct experiment *ex, const struct replay *rp, const char *dir);

#endif
