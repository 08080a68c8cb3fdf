/*
 * units.h: parsing of the values a scenario or a command line writes with
 * units.
 *
 *   durations      "20s", "5m", "1.5h", "2d" (seconds, minutes, hours, days);
 *                  "0" alone is accepted; other bare numbers are rejected
 *                  (give the unit)
 *   fractions      "80%" or "0.8", within [0, 1]
 *   times of day   "HH:MM" or "HH:MM:SS", 00:00 to 24:00
 *   dates          "YYYY-MM-DD" (proleptic Gregorian), as a day number
 *   rates          "120/30m": count per duration, returned per second
 *   deadlines      "24h" (a duration: calendar time), "1.5bh" (business
 *                  hours), "2bd" (business days), "1mo" (calendar months);
 *                  see models/bizcal.h
 * All return STATUS_OK or STATUS_EINVAL; numbers must be finite and,
 * except where stated, non-negative.  Leading or trailing spaces are errors.
 */
#ifndef CCSIM_UNITS_H
#define CCSIM_UNITS_H

#include <stdint.h>

struct deadline; /* models/bizcal.h */

int units_duration(const char *s, double *seconds);
int units_fraction(const char *s, double *fraction);
int units_time_of_day(const char *s, double *seconds);
int units_date(const char *s, int64_t *day_number);
int units_rate(const char *s, double *per_second);
/* A deadline on its clock: <number><s|m|h|d> is calendar time in seconds
 * (as units_duration, but a bare "0" is rejected: it names no clock);
 * <number>bh is business hours, stored as business seconds; <digits>bd is
 * business days and <digits>mo calendar months, whole numbers written
 * with digits only ("2", not "2.0" or "2e0"), below 2^53. */
int units_deadline(const char *s, struct deadline *d);

#endif
