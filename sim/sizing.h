/*
 * sizing.h: the `ccsim erlang` command, staffing from the analytic models.
 *
 * Offered traffic a = calls per interval * AHT / interval length (Erlangs).
 * Without a patience the Erlang C model (M/M/n) is used, with one the
 * Erlang A model (M/M/n+M); models/erlang.h computes the figures and finds
 * the smallest number of agents meeting the targets (service level,
 * ASA, abandonment, occupancy).  Scheduled agents allow for shrinkage:
 * ceil(required / (1 - shrinkage)).
 *
 * The command sizes one interval (--calls, --interval, --aht) or every row
 * of a forecast CSV (--forecast), prints a table or JSON and, for a
 * forecast, writes sizing.csv and its plots (sizing.png, sizing.svg).
 * `ccsim erlang --help` documents the flags, the forecast columns, the
 * outputs and the exit status (0 success, 2 bad input or usage, nothing
 * written; 1 targets that cannot be met or any other failure).
 *
 * The parsers and the forecast reader are exported for the tests; the
 * program only needs sizing_main.
 */
#ifndef CCSIM_SIZING_H
#define CCSIM_SIZING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "../models/erlang.h"

#define SIZING_MAX_AGENTS 1000000   /* staffing cap for --agents and targets */
#define SIZING_DEFAULT_THRESHOLD_S 20.0 /* SL threshold when --sl is absent */

/* `ccsim erlang ...`: argv[0] is "erlang".  Prints to stdout and stderr,
 * writes files for --forecast, and returns the process exit status. */
int sizing_main(int argc, char **argv);

/* ---- values on the command line; each STATUS_OK or STATUS_EINVAL, the
 * output untouched on error. */

/* A plain decimal number >= 0 ("300", "56.1", "2e3"): no sign, no unit,
 * no spaces, no inf or nan. */
int sizing_parse_number(const char *s, double *v);

/* A service-level target "X/T" or "X%/T": X in percent, above 0 and below
 * 100 (a bare X of 1 or less is refused as ambiguous: write 0.8%); T a
 * duration with a unit (units_duration, "0" accepted).  "80/20s" gives
 * 0.8 and 20 s. */
int sizing_parse_sl(const char *s, double *sl, double *threshold_s);

/* An agent count: decimal digits, 1 to SIZING_MAX_AGENTS. */
int sizing_parse_agents(const char *s, int *agents);

/* Calls per interval: a number >= 0 ("300"), or a rate with a unit
 * ("600/1h") converted to the interval of interval_s seconds (> 0). */
int sizing_parse_calls(const char *s, double interval_s, double *calls);

/* A duration in a forecast cell: with a unit ("4m") or plain seconds
 * ("240"); must be > 0. */
int sizing_parse_cell_duration(const char *s, double *seconds);

/* a = calls * aht_s / interval_s; STATUS_EINVAL when an input is out of
 * range (calls < 0, aht_s or interval_s <= 0, anything not finite) or a
 * is not finite. */
int sizing_traffic(double calls, double interval_s, double aht_s,
		   double *erlangs);

/* ---- the command line */

struct sizing_options {
	bool has_calls;     double calls;        /* per interval */
	const char *calls_text;                  /* as given (a rate needs the interval) */
	bool has_interval;  double interval_s;
	bool has_aht;       double aht_s;
	bool has_patience;  double patience_s;   /* INFINITY when absent */
	bool has_agents;    int agents;
	struct erlang_targets targets;
	bool has_shrinkage; double shrinkage;    /* 0 when absent */
	bool json;
	const char *forecast;                    /* NULL: one interval */
	const char *out_dir;                     /* NULL: the default */
};

/* Parses argv (argv[0] = "erlang") into o and checks the combination.
 * Returns 0 when o is ready, -1 after printing the help on stdout, or 2
 * after one line "ccsim erlang: ..." on errors. */
int sizing_parse_args(int argc, char **argv, struct sizing_options *o,
		      FILE *errors);

/* ---- forecasts */

struct sizing_row {
	char *start;          /* the interval label as written (owned) */
	long line;            /* line of the file where the row starts */
	double calls;
	double aht_s;
	double patience_s;    /* INFINITY: Erlang C */
};

struct sizing_forecast {
	struct sizing_row *rows;  /* owned */
	size_t n_rows;
	size_t cap;
};

/* Reads a forecast CSV (RFC 4180, a header row naming the columns start,
 * calls, aht, patience in any order and case; start and calls required).
 * Empty or absent aht and patience cells take aht_s (NaN: none; then a
 * missing AHT is an error) and patience_s (INFINITY: Erlang C).
 * STATUS_OK; STATUS_EINVAL after one line "PATH:LINE: what is wrong" on
 * errors; STATUS_EIO (cannot open or read, after "PATH: reason");
 * STATUS_ENOMEM.  On error fc is left empty.  Free with
 * sizing_forecast_destroy. */
int sizing_forecast_read(const char *path, double aht_s, double patience_s,
			 struct sizing_forecast *fc, FILE *errors);

/* Frees what fc owns and empties it; an empty or zeroed fc is fine. */
void sizing_forecast_destroy(struct sizing_forecast *fc);

#endif
