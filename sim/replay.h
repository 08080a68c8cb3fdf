/*
 * replay.h: recorded calls replayed through the centre (ccsim replay), and
 * what actually happened to them.
 *
 * replay_open reads a trace (trace.h) once.  Each record inside the day
 * windows of the scenario's horizon is kept as a compact call (40 bytes:
 * arrival in seconds since midnight of the horizon's day 0, the scenario's
 * voice type, recorded handle time, patience and wait); records outside
 * are counted and dropped.  The calls are put in time order by an external
 * merge sort, so memory stays bounded whatever the trace's length and
 * order (the Anonymous Bank files are ordered by VRU line):
 *   runs    the calls are read into a buffer of `chunk` calls; each full
 *           buffer is sorted (qsort on arrival time, ties in input order)
 *           and appended as a run to one temporary file (tmpfile());
 *   merge   each replication reads the runs back through a buffer of at
 *           most REPLAY_BLOCK calls per run and a binary heap of the run
 *           heads (ties to the earlier run), so the calls come out in time
 *           order, ties in input order: a stable sort, the same call
 *           sequence for any chunk size.
 * A trace that fits in one chunk is sorted in memory and needs no file.
 * Memory: chunk x 40 bytes while reading, runs x REPLAY_BLOCK x 40 bytes
 * while replaying (runs = calls / chunk).
 *
 * What each record becomes (struct replay_call, models/centre.h):
 *   handle_s    the recorded handle time, NaN when absent (the engine
 *               draws one from the type's handle time distribution)
 *   answered    patience: the recorded one when the trace has it (a
 *               simulated trace), else NaN, drawn from the type's patience
 *               given that it exceeds the recorded wait (the caller waited
 *               that long and did not hang up; dist_sample_above)
 *   abandoned   patience: the recorded patience, else the recorded wait;
 *               NaN (drawn from scratch) when neither is recorded
 *   unknown     patience NaN, drawn from scratch (wait 0)
 * Trace type names map to the scenario's voice types: an entry of
 * `types` ("PS=calls,PE=calls"), else a voice type of the same name, else,
 * when `types` is not given and the scenario has exactly one voice type,
 * that one.  A record whose type maps nowhere is a bad row.
 *
 * Actual KPIs.  In the same pass, every record inside the windows whose
 * outcome and wait are recorded is counted into a struct kpi_counts of its
 * type and interval (by arrival), as the centre counts simulated calls:
 * received (every record inside the windows), presented = answered +
 * abandoned, answered and abandoned within each threshold T of the type
 * (wait <= T), short abandons (wait < the type's short_abandon), sums of
 * waits.  Records of unknown outcome or without a wait are left out of
 * them (and counted).  Days and hours of the day sum the intervals as the
 * experiment does: days before the cool-down, warm-up intervals left out;
 * an interval belongs to the hour in which it starts.
 *
 * Replayed per day and per hour of the day: the same measures, computed
 * per replication from the centre's counts (replay_observe, called by the
 * experiment after each replication) and tallied across replications.
 * Every voice type gets thresholds of 20 s and 60 s besides its own
 * (centre_type_threshold), so that service levels within 20 s and 60 s
 * are available on both sides whatever the scenario's thresholds.
 */
#ifndef CCSIM_REPLAY_H
#define CCSIM_REPLAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "tally.h"
#include "trace.h"
#include "../models/centre.h"

#define REPLAY_CHUNK_DEFAULT ((size_t)1 << 18)  /* calls sorted at once: 10 MiB */
#define REPLAY_BLOCK 1024                       /* calls read at once per run */
#define REPLAY_HOURS 24

/* What the comparisons measure, per day and per hour of the day.  The
 * service levels use the type's formula (kpi.h): SL at the type's own
 * threshold, and within 20 s and 60 s. */
enum replay_measure {
	REPLAY_PRESENTED,
	REPLAY_ANSWERED,
	REPLAY_ABANDONED,
	REPLAY_SL,
	REPLAY_SL_20S,
	REPLAY_SL_60S,
	REPLAY_ABANDON_RATE,
	REPLAY_ASA,
	REPLAY_MEASURES
};

struct replay_options {
	struct trace_format format;
	const char *types;     /* "TRACE=SCENARIO,...", NULL or "" for none */
	size_t chunk;          /* calls sorted in memory at once; 0: default */
	uint64_t min_calls;    /* periods with fewer recorded presented calls
				  are left out of the error figures (a rate
				  over a handful of calls is noise); 0: none */
};

struct replay_stats {
	uint64_t rows;         /* data rows of the trace */
	uint64_t calls;        /* records inside the day windows: replayed */
	uint64_t outside;      /* records outside the horizon's day windows */
	uint64_t skipped_bad;  /* malformed rows and unmapped types skipped */
	uint64_t unmeasured;   /* calls without an outcome or a wait: not in
				  the actual figures */
	uint64_t runs;         /* sorted runs (1: sorted in memory) */
	int64_t first_date, last_date; /* of the records read (day numbers) */
};

struct replay;

/* Reads the trace at path into a sorted replay for the scenario's centre
 * cfg, and counts its actual KPIs.  cfg is changed: every voice type gets
 * the thresholds 20 s and 60 s (if it lacks them), and its forecast becomes
 * the trace's calls per interval (so that the Erlang columns and the
 * expected calls of the report describe the replayed traffic).  cfg must
 * outlive the replay.  Returns STATUS_OK and *out (free with replay_free);
 * else *out is NULL, cfg's forecasts are unchanged, and one line was
 * printed to errors (NULL: nothing printed):
 *   STATUS_EINVAL  a bad row or mapping ("FILE:LINE: ..."), a bad --types
 *                  entry ("--types: ..."), no record inside the horizon's
 *                  day windows ("FILE: ..."), a voice type without room
 *                  for the 20 s and 60 s thresholds
 *   STATUS_EIO     the trace cannot be read or the temporary file written
 *   STATUS_ENOMEM */
int replay_open(const char *path, const struct replay_options *opt,
		struct centre_config *cfg, struct replay **out, FILE *errors);
void replay_free(struct replay *rp);

/* The calls in time order, for centre_set_replay / experiment_set_replay;
 * valid until replay_free.  rewind() restarts from the first call. */
const struct replay_source *replay_source(struct replay *rp);

const struct replay_stats *replay_stats(const struct replay *rp);

/* After each replication (experiment_set_observer; arg is the replay):
 * tallies the replayed measures of every day and hour of the day. */
void replay_observe(void *arg, const struct centre *c);

/* Replications observed. */
int replay_replications(const struct replay *rp);

/* Recorded counts of voice type t in interval k. */
const struct kpi_counts *replay_actual(const struct replay *rp, int t, int k);

/* True when day d is judged (before the cool-down, not wholly in the
 * warm-up), and when hour h of the day holds the start of an interval. */
bool replay_day_judged(const struct replay *rp, int d);
bool replay_hour_used(const struct replay *rp, int h);

/* Actual value of measure m for type t on day d, at hour h of the day
 * (days summed), or in interval k; NaN when undefined. */
double replay_actual_day(const struct replay *rp, int t, int d, enum replay_measure m);
double replay_actual_hour(const struct replay *rp, int t, int h, enum replay_measure m);
double replay_actual_interval(const struct replay *rp, int t, int k, enum replay_measure m);

/* Tallies over replications of the replayed measure. */
const struct tally *replay_day(const struct replay *rp, int t, int d, enum replay_measure m);
const struct tally *replay_hour(const struct replay *rp, int t, int h, enum replay_measure m);

/* Error of the replay on measure m over the judged days (hours: false) or
 * the hours of the day (hours: true) with at least the options' min_calls
 * recorded presented calls, where both the actual value and the replayed
 * mean are defined: mae = mean |replayed - actual|, bias = mean (replayed -
 * actual), rmse.  Returns how many periods; 0 leaves NaN. */
int replay_error(const struct replay *rp, int t, bool hours, enum replay_measure m,
		 double *mae, double *bias, double *rmse);

/* Does the trace give any actual figure for type t? */
bool replay_has_actual(const struct replay *rp, int t);

/* Stable names in CSV: "presented", "answered", "abandoned",
 * "service_level", "service_level_20s", "service_level_60s",
 * "abandon_rate", "asa_s". */
const char *replay_measure_name(enum replay_measure m);
bool replay_measure_is_ratio(enum replay_measure m);

/* Overrides the staffing of agent groups with a plan CSV (docs/replay.md):
 * header "interval_start,<group>,<group>...", then one row per interval of
 * the horizon, in any order, "YYYY-MM-DD HH:MM[:SS]" its start, then whole
 * numbers of agents (0 to 1,000,000).  Groups not in the header keep their
 * plan.  STATUS_OK; STATUS_EINVAL after one line "FILE:LINE: ..." (cfg
 * unchanged); STATUS_EIO (cannot open or read: one line); STATUS_ENOMEM. */
int replay_staffing_load(const char *path, struct centre_config *cfg, FILE *errors);

#endif
