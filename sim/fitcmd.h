/*
 * fitcmd.h: the `ccsim fit` command, a runnable scenario estimated from a
 * call log.
 *
 *   ccsim fit TRACE [--format csv|anonbank] [--columns MAPPING]
 *             [--separator C] [--skip-bad-rows] [--interval D]
 *             [--day-types GROUPS] [--types T,...] [--out FILE]
 *             [--plots DIR] [--name NAME]
 *   ccsim fit --counts FILE.csv [--interval D] [--day-types GROUPS]
 *             [--plots DIR] [--name NAME]
 *
 * One streaming pass over the trace (sim/trace.h) collects, in memory that
 * does not grow with the number of records:
 *   - arrivals per (date, interval of the day), in an array of the trace's
 *     date span (at most FITCMD_MAX_SPAN_DAYS days) by intervals per day;
 *   - the (date, interval, agent) cells in which an agent was serving;
 * and two samples that do grow, each capped at FITCMD_SAMPLE_MAX by
 * reservoir sampling (Vitter's algorithm R) with an mt19937 generator of
 * fixed seed FITCMD_RESERVOIR_SEED, so that the same trace always gives the
 * same sample and the same scenario:
 *   - handle times of answered records,
 *   - (time, event) patience records: abandoned calls (event at their
 *     patience) and answered calls (censored at their wait).
 * From these models/fit.h estimates the day-type arrival profiles and the
 * Poisson-gamma busyness c (fit_poisson_gamma), the handle-time family
 * (fit_best), the patience (fit_censored_best, against Kaplan-Meier), and
 * the staffing is inferred as the distinct agents serving in each interval
 * (a lower bound), or from Erlang C 80/20 when the trace names no agents.
 * The result is written as a scenario file that `ccsim run` runs as it is,
 * commented with every fitted value and its uncertainty (docs/fit.md).
 *
 * --counts reads arrival counts only (a CSV DateTime,Calls of fixed-width
 * bins) and reports their over-dispersion per day type; it writes no
 * scenario (counts say nothing of handle times or patience).
 *
 * Exit status: 0 success; 2 usage or input error (one line on stderr,
 * nothing written); 1 any other failure (memory, reading, writing, gnuplot).
 * `ccsim fit --help` documents everything.  The program needs fitcmd_main;
 * the rest is exported for the tests.
 */
#ifndef CCSIM_FITCMD_H
#define CCSIM_FITCMD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <gsl/gsl_rng.h>

#define FITCMD_SAMPLE_MAX 2000000     /* cap of each sample (reservoir) */
#define FITCMD_RESERVOIR_SEED 20260301UL /* mt19937 seed of the reservoirs */
#define FITCMD_MAX_SPAN_DAYS 3660     /* longest date span of a trace */
#define FITCMD_SHORT_ABANDON_S 5.0    /* abandons within this are "short" */

/* `ccsim fit ...`: argv[0] is "fit".  Prints to stdout and stderr, writes
 * the scenario (and plots) and returns the process exit status. */
int fitcmd_main(int argc, char **argv);

/* --interval: a duration with a unit (units_duration), a whole number of
 * seconds from 1 minute to 24 hours that divides 24 hours.  STATUS_OK or
 * STATUS_EINVAL (*interval_s untouched). */
int fitcmd_parse_interval(const char *s, double *interval_s);

/* Day types: a partition of the weekdays into groups. */
struct fitcmd_day_types {
	int n;                /* groups, 1 to 7 */
	int of_weekday[7];    /* group of each weekday, 0 = Monday */
	char name[7][16];     /* each group as written, lower case ("sun-thu") */
};

/* The default: each weekday its own group, named "mon" ... "sun". */
void fitcmd_day_types_default(struct fitcmd_day_types *dt);

/* "sun-thu,fri,sat": groups separated by commas, each a weekday (mon, tue,
 * wed, thu, fri, sat, sun; any case) or a range a-b going forward from a
 * to b (sun-thu is sun, mon, tue, wed, thu; fri-mon wraps over the
 * weekend); spaces around groups are ignored.  Every weekday in exactly
 * one group.  STATUS_OK, or STATUS_EINVAL after one line "ccsim fit:
 * --day-types: ..." to errors (NULL: silent); *dt is untouched then. */
int fitcmd_parse_day_types(const char *s, struct fitcmd_day_types *dt,
			   FILE *errors);

/* A sample of at most `max` values drawn uniformly from a stream of any
 * length (algorithm R: the first max values are kept; the i-th value after
 * them, i counted from 0 over the whole stream, replaces a uniformly
 * chosen kept value with probability max / (i + 1)).  Each value may carry
 * a flag (the patience records' event flag), kept or replaced with it. */
struct fitcmd_reservoir {
	double *x;            /* n values (owned) */
	bool *flag;           /* n flags, or NULL without flags (owned) */
	size_t n, cap, max;
	uint64_t seen;        /* values offered so far */
	gsl_rng *rng;         /* mt19937 (owned) */
};

/* STATUS_OK or STATUS_ENOMEM (then r is destroyable); max >= 1. */
int fitcmd_reservoir_init(struct fitcmd_reservoir *r, size_t max,
			  bool with_flags, unsigned long seed);
/* STATUS_OK or STATUS_ENOMEM (r unchanged). */
int fitcmd_reservoir_add(struct fitcmd_reservoir *r, double x, bool flag);
/* Frees what r owns; safe on a zeroed or failed reservoir. */
void fitcmd_reservoir_destroy(struct fitcmd_reservoir *r);

#endif
