/*
 * report.h: what a run tells its user.
 *
 *   report_table       aligned text on a stream: commitments with estimate,
 *                      CI, probability met and verdict; then, per contact
 *                      type, a per-interval view (presented, answered,
 *                      abandoned, SL, ASA, agents, occupancy)
 *   report_summary     the summary.json object (jansson), stable keys
 *   report_write_*     summary.json, intervals.csv, days.csv,
 *                      commitments.csv into a directory, each written
 *                      atomically (outfile.h)
 * Undefined values (NaN) are printed as "-" in tables, null in JSON and an
 * empty field in CSV.  Numbers are printed with fixed formats so that the
 * same experiment gives the same bytes.
 */
#ifndef CCSIM_REPORT_H
#define CCSIM_REPORT_H

#include <stdio.h>
#include "experiment.h"

void report_table(FILE *out, const struct experiment *ex);

/* Writes the summary JSON object (indented, keys in a fixed order, ends with
 * a newline) to out.  STATUS_OK, STATUS_ENOMEM or STATUS_EIO. */
int report_summary(FILE *out, const struct experiment *ex);

/* Each writes DIR/<file> atomically; STATUS_OK, STATUS_EIO or STATUS_ENOMEM. */
int report_write_summary(const struct experiment *ex, const char *dir);
int report_write_intervals(const struct experiment *ex, const char *dir);
int report_write_days(const struct experiment *ex, const char *dir);
int report_write_commitments(const struct experiment *ex, const char *dir);

#endif
