/*
 * horizon.h: the simulated timeline, cut into intervals.
 *
 * Time is seconds since midnight of day 0 (the horizon's start date).  Each
 * of the `days` days is simulated over its window [day_start, day_end) of
 * the clock, cut into intervals of equal length (15, 30 or 60 minutes, or
 * any length dividing the window).  Interval k (0-based over the whole
 * horizon) belongs to day k / per_day and starts at
 *     day * 86400 + day_start + (k mod per_day) * interval.
 * The first warmup / interval intervals (counted over window time, so a
 * warm-up may span several day windows) form the warm-up: simulated, but
 * left out of day and horizon figures.
 * The last cooldown_days days form the cool-down, the warm-up's mirror:
 * simulated (traffic, staffing, backlogs) so that work received before it
 * can be finished and judged, but left out of day, week and horizon
 * figures, and contacts received in it are not counted.
 * Civil dates are counted as days since 1970-01-01 (proleptic Gregorian).
 */
#ifndef CCSIM_HORIZON_H
#define CCSIM_HORIZON_H

#include <stdbool.h>
#include <stdint.h>

#define HORIZON_DAY_S 86400.0

struct horizon {
	int64_t start_date;   /* day number (days since 1970-01-01) of day 0 */
	int days;
	double day_start_s;   /* window start, seconds after midnight */
	double day_end_s;     /* window end (<= 86400) */
	double interval_s;
	double warmup_s;      /* window time, a whole number of intervals */
	int per_day;          /* intervals per day */
	int n_intervals;      /* days * per_day */
	int n_warmup;         /* intervals in the warm-up */
	int cooldown_days;    /* the last days: simulated, not judged (0) */
};

/* Days before the cool-down: the days whose figures are judged (together
 * with the warm-up's, which are left out as well). */
static inline int horizon_judged_days(const struct horizon *h)
{
	return h->days - h->cooldown_days;
}

/* Fills h; STATUS_EINVAL when days < 1, the window is empty or outside
 * [0, 86400], the interval does not divide the window, or the warm-up is not
 * a whole number of intervals shorter than the horizon. */
int horizon_init(struct horizon *h, int64_t start_date, int days,
		 double day_start_s, double day_end_s, double interval_s,
		 double warmup_s);

double horizon_interval_start(const struct horizon *h, int k);
double horizon_interval_end(const struct horizon *h, int k);
static inline int horizon_interval_day(const struct horizon *h, int k)
{
	return k / h->per_day;
}
/* The interval containing time t, or -1 when t is outside every window. */
int horizon_interval_at(const struct horizon *h, double t);
/* True when interval k+1 starts exactly where interval k ends. */
bool horizon_contiguous(const struct horizon *h, int k);

/* Day number of a civil date; STATUS_EINVAL for an impossible date. */
int horizon_date_from_civil(int year, int month, int day, int64_t *out);
void horizon_civil_from_date(int64_t date, int *year, int *month, int *day);
/* 0 = Monday ... 6 = Sunday. */
int horizon_weekday(int64_t date);

#endif
