/*
 * hours.h: opening hours of the centre.
 *
 * For each weekday (0 = Monday ... 6 = Sunday) a list of ranges
 * [open, close) in seconds after midnight, and a list of closed dates (day
 * numbers, see horizon.h) on which the centre does not open at all.  A
 * contact arriving while the centre is closed is received but not presented.
 */
#ifndef CCSIM_HOURS_H
#define CCSIM_HOURS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HOURS_MAX_RANGES 4
#define HOURS_MAX_CLOSED 366

struct hours {
	int n_ranges[7];
	double open_s[7][HOURS_MAX_RANGES];
	double close_s[7][HOURS_MAX_RANGES];
	size_t n_closed;
	int64_t closed[HOURS_MAX_CLOSED];
};

/* Open every day, all day, no closed date. */
void hours_always_open(struct hours *h);
/* Removes every range of weekday wd (closed that weekday); ignores a wd
 * outside 0..6. */
void hours_close_weekday(struct hours *h, int wd);
/* Adds [open_s, close_s) to weekday wd.  STATUS_EINVAL when the range is
 * empty, outside [0, 86400], overlaps another, or there are too many. */
int hours_add_range(struct hours *h, int wd, double open_s, double close_s);
/* Adds a closed date.  STATUS_ERANGE when the list is full. */
int hours_add_closed(struct hours *h, int64_t date);

/* Is date (a day number) one of the closed dates? */
bool hours_closed_date(const struct hours *h, int64_t date);

/* Is the centre open at time t, seconds since midnight of day number
 * start_date? */
bool hours_is_open(const struct hours *h, int64_t start_date, double t);

/* Over [t0, t1) (within one day): 1 when open throughout, 0 when closed
 * throughout, -1 when it opens or closes inside. */
int hours_open_over(const struct hours *h, int64_t start_date, double t0,
		    double t1);

#endif
