/*
 * bizcal.h: arithmetic on business time.
 *
 * Business time is the time during which the centre is open, read off its
 * opening hours (hours.h): per weekday a few ranges [open, close) in seconds
 * after midnight, and closed dates on which it does not open at all.
 * Written contacts (e-mails, letters, complaints) carry a deadline measured
 * on one of four clocks (see docs/calendar.md for worked examples):
 *
 *   CLOCK_CALENDAR         seconds of wall-clock time, from receipt
 *   CLOCK_BUSINESS_HOURS   seconds of business time, from the clock start
 *   CLOCK_BUSINESS_DAYS    whole business days (dates with opening hours
 *                          that are not closed dates), the clock-start day
 *                          being day 0; due at the last closing time of
 *                          the D-th business day after it
 *   CLOCK_CALENDAR_MONTHS  whole months, from receipt: same time of day,
 *                          same day of the month M months later, clamped to
 *                          that month's last day (31 January + 1 month =
 *                          28 or 29 February)
 *
 * The clock of a business clock starts when the contact is received if the
 * centre is open then, else at the next opening.  Ranges are half-open: a
 * contact received exactly at a closing time arrives outside hours.
 * Ranges that touch (12:00 closes, 12:00 opens) and a range ending at 24:00
 * followed by one starting at 00:00 on the next open date are one
 * continuous stretch of business time.
 *
 * Times are seconds since midnight of the start date (day number, see
 * horizon.h); a time before the start date is negative.  Every time given
 * must be finite and fall on a date from 0001-01-01 to 9999-12-31 (the
 * dates horizon.h converts), else STATUS_EINVAL.  No function allocates or
 * loops over days: counts over a span of dates use whole weeks plus the
 * closed dates inside the span (a binary search in the sorted list), and
 * the day on which a count is reached is found by doubling then bisecting,
 * so each call costs O(log(days spanned) * (closed dates + ranges)) at
 * worst, whether the answer lies a day or a millennium ahead.  A search
 * that finds nothing before 9999-12-31 ends with STATUS_EDOM (never opens
 * again) or STATUS_ERANGE (the answer lies beyond that date).
 */
#ifndef CCSIM_BIZCAL_H
#define CCSIM_BIZCAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hours.h"

/* The dates a bizcal handles: 0001-01-01 and 9999-12-31 as day numbers. */
#define BIZCAL_MIN_DATE INT64_C(-719162)
#define BIZCAL_MAX_DATE INT64_C(2932896)

enum deadline_clock {
	CLOCK_CALENDAR,
	CLOCK_BUSINESS_HOURS,
	CLOCK_BUSINESS_DAYS,
	CLOCK_CALENDAR_MONTHS
};

/* A deadline as written in a scenario (units_deadline parses it):
 *   "24h"  {CLOCK_CALENDAR, 86400}          amount in seconds
 *   "24bh" {CLOCK_BUSINESS_HOURS, 86400}    amount in business seconds
 *   "2bd"  {CLOCK_BUSINESS_DAYS, 2}         a whole number of days
 *   "1mo"  {CLOCK_CALENDAR_MONTHS, 1}       a whole number of months
 * amount is finite and >= 0. */
struct deadline {
	enum deadline_clock clock;
	double amount;
};

/* A business calendar: the opening hours copied into a form that answers
 * quickly (ranges sorted and touching ones merged, closed dates sorted and
 * distinct).  A plain value: it points to nothing, may be copied, and needs
 * no freeing.  Fill it with bizcal_init; do not edit the fields. */
struct bizcal {
	int64_t start_date;                      /* day number of time 0 */
	int n_blocks[7];                         /* per weekday, 0 = Monday */
	double open_s[7][HOURS_MAX_RANGES];      /* merged ranges, ascending */
	double close_s[7][HOURS_MAX_RANGES];
	double day_s[7];        /* business seconds of that weekday */
	double day_open[7];     /* 1 when that weekday has hours, else 0 */
	double day_broken[7];   /* 0 when open 00:00-24:00 in one stretch, else 1 */
	double week_open_days;  /* sum of day_open */
	size_t n_closed;
	int64_t closed[HOURS_MAX_CLOSED];        /* ascending, distinct */
};

/* Builds c from opening hours h and the day number of time 0.  h is only
 * read; later changes to h do not reach c.  A centre that never opens is
 * accepted (calendar deadlines still work; business ones give STATUS_EDOM).
 * Returns STATUS_OK, or STATUS_EINVAL when c or h is NULL, start_date is
 * outside [BIZCAL_MIN_DATE, BIZCAL_MAX_DATE], a weekday has a negative or
 * too large n_ranges, a range is not within [0, 86400] with open < close
 * (NaN included), two ranges of a weekday overlap, or n_closed exceeds
 * HOURS_MAX_CLOSED.  Duplicate closed dates count once. */
int bizcal_init(struct bizcal *c, const struct hours *h, int64_t start_date);

/* Is day number d a business day: a date with opening hours that is not a
 * closed date? */
bool bizcal_is_business_day(const struct bizcal *c, int64_t d);

/* Is the centre open at t?  False when t is outside the supported dates. */
bool bizcal_is_open(const struct bizcal *c, double t);

/* The first instant u >= t at which the centre is open: t itself when open
 * at t, else the next opening.  STATUS_EDOM, with *u = INFINITY, when it
 * never opens again up to 9999-12-31 (a centre with no hours at all, for
 * one).  STATUS_EINVAL for a bad t (*u untouched). */
int bizcal_next_open(const struct bizcal *c, double t, double *u);

/* The first instant u >= t at which the centre is closed: t itself when
 * closed at t, else the end of the stretch of business time containing t
 * (across touching ranges and across midnight).  STATUS_EDOM, with
 * *u = INFINITY, when it stays open up to the end of 9999-12-31 (a centre
 * open 24/7 without a closed date).  STATUS_EINVAL for a bad t. */
int bizcal_next_close(const struct bizcal *c, double t, double *u);

/* When the clock of a contact received at t starts: t on the calendar
 * clocks, bizcal_next_open(t) on the business clocks (same errors;
 * STATUS_EINVAL also for an unknown clock). */
int bizcal_clock_start(const struct bizcal *c, double t,
		       enum deadline_clock clock, double *start);

/* Business seconds in [a, b); 0 when b <= a.  On a centre open 24/7 this
 * is b - a.  STATUS_EINVAL for a bad a or b. */
int bizcal_business_time(const struct bizcal *c, double a, double b,
			 double *seconds);

/* The instant at which `seconds` of business time have passed since t: the
 * earliest u with bizcal_business_time(t, u) >= seconds, so a deadline that
 * uses up a range exactly falls on its closing time, not on the next
 * opening.  With seconds = 0 it is the clock start, bizcal_next_open(t).
 * STATUS_EINVAL for a bad t or seconds (negative, NaN, infinite);
 * STATUS_EDOM (*u = INFINITY) when the centre never opens again;
 * STATUS_ERANGE when the answer lies after 9999-12-31. */
int bizcal_add_business(const struct bizcal *c, double t, double seconds,
			double *u);

/* The deadline of a contact received at t:
 *   CALENDAR         t + amount
 *   BUSINESS_HOURS   bizcal_add_business(t, amount)
 *   BUSINESS_DAYS    the clock starts at s = bizcal_next_open(t); the day of
 *                    s is day 0; due at the last closing time of the
 *                    amount-th business day after it (of day 0 itself when
 *                    amount = 0).  A range ending at 24:00 closes at the
 *                    next midnight.
 *   CALENDAR_MONTHS  t moved amount months on, same time of day, the day
 *                    of the month clamped to the target month's length
 * STATUS_EINVAL for a bad t, a NULL d, an unknown clock, an amount that is
 * negative or not finite, or not a whole number on BUSINESS_DAYS and
 * CALENDAR_MONTHS; STATUS_EDOM (*due = INFINITY) on a business clock when
 * the centre never opens again; STATUS_ERANGE when the deadline lies after
 * 9999-12-31. */
int bizcal_deadline(const struct bizcal *c, double t, const struct deadline *d,
		    double *due);

/* How long a contact received at `received` and completed at `done` took,
 * measured on a deadline's own clock:
 *   CALENDAR         done - received, in seconds
 *   BUSINESS_HOURS   business seconds in [received, done) (the time before
 *                    the clock start holds none); 0 when done comes before
 *                    the clock start
 *   BUSINESS_DAYS    the number of business days after the clock-start day
 *                    up to the day on which `done` falls due: that is the
 *                    first business day whose last closing time is >= done,
 *                    so 0 when completed on the clock-start day before its
 *                    close, and a completion after a day's close (or on a
 *                    closed day) counts towards the next business day.
 *                    Hence elapsed <= D exactly when done <= the D-bd
 *                    deadline.
 *   CALENDAR_MONTHS  done - received, in seconds (months are not of one
 *                    length; compare done with bizcal_deadline instead)
 * Whether a deadline was met is decided by done <= bizcal_deadline(...):
 * on BUSINESS_HOURS a completion in closed time just after the deadline
 * shows the full amount elapsed, not more.
 * STATUS_EINVAL for bad times, done < received or an unknown clock;
 * STATUS_EDOM (*elapsed = INFINITY) on BUSINESS_DAYS when the centre never
 * opens again after received or after done. */
int bizcal_elapsed(const struct bizcal *c, double received, double done,
		   enum deadline_clock clock, double *elapsed);

#endif
