/*
 * units.c: strict parsing of values written with units (see units.h).
 *
 * Numbers are decimal only: digits with an optional fraction and an
 * optional exponent ("1.5", ".5", "2e3").  The lexical form is checked here
 * before strtod converts it, so strtod's own leniencies (leading spaces, a
 * sign, hexadecimal, "inf", "nan") never get in.  A value that overflows a
 * double ("1e400s") is rejected; one that underflows becomes 0.  strtod
 * follows LC_NUMERIC: ccsim never calls setlocale, so the decimal point is
 * '.'.
 *
 *   duration   <number><unit>, unit one of s, m, h, d (1, 60, 3600, 86400
 *              seconds); "0" is the only bare number accepted
 *   fraction   <number>% (divided by 100) or <number>, within [0, 1]
 *   time       HH:MM or HH:MM:SS, two digits each, HH 00..24, MM and SS
 *              00..59; 24 only as 24:00 or 24:00:00 (the end of the day)
 *   date       YYYY-MM-DD, four, two and two digits; validity (month
 *              lengths, 29 February) is horizon_date_from_civil's
 *   rate       <number>/<duration>, the duration > 0; per second
 *   deadline   <number><s|m|h|d> (calendar seconds), <number>bh (business
 *              hours, stored in seconds), <digits>bd (business days),
 *              <digits>mo (calendar months); "bd" and "mo" take whole
 *              numbers only, so "1.5bd" or "1e1mo" are rejected rather
 *              than rounded
 */
#include "units.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "status.h"
#include "../models/bizcal.h"
#include "../models/horizon.h"

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Scans a non-negative decimal number at the start of s.  On success stores
 * its value and the first character after it, and returns true. */
static bool scan_number(const char *s, double *value, const char **end)
{
	const char *p = s;
	size_t int_digits = 0, frac_digits = 0;

	while (is_digit(*p)) {
		p++;
		int_digits++;
	}
	if (*p == '.') {
		p++;
		while (is_digit(*p)) {
			p++;
			frac_digits++;
		}
	}
	if (int_digits + frac_digits == 0)
		return false;
	if (*p == 'e' || *p == 'E') {
		const char *q = p + 1;
		if (*q == '+' || *q == '-')
			q++;
		if (!is_digit(*q))
			return false;  /* "2e" or "2e+": no exponent digits */
		while (is_digit(*q))
			q++;
		p = q;
	}

	char *stop;
	errno = 0;
	double v = strtod(s, &stop);
	if (stop != p || !isfinite(v))
		return false;
	/* ERANGE with a finite result is an underflow: the value is ~0. */
	*value = v;
	*end = p;
	return true;
}

/* Seconds in one unit, or 0 when c is not a unit letter. */
static double unit_seconds(char c)
{
	switch (c) {
	case 's': return 1.0;
	case 'm': return 60.0;
	case 'h': return 3600.0;
	case 'd': return 86400.0;
	default: return 0.0;
	}
}

int units_duration(const char *s, double *seconds)
{
	if (s == NULL || seconds == NULL)
		return STATUS_EINVAL;
	if (strcmp(s, "0") == 0) {
		*seconds = 0.0;
		return STATUS_OK;
	}
	double v;
	const char *p;
	if (!scan_number(s, &v, &p))
		return STATUS_EINVAL;
	double unit = unit_seconds(p[0]);
	if (unit == 0.0 || p[1] != '\0')
		return STATUS_EINVAL;
	v *= unit;
	if (!isfinite(v))
		return STATUS_EINVAL;
	*seconds = v;
	return STATUS_OK;
}

int units_fraction(const char *s, double *fraction)
{
	if (s == NULL || fraction == NULL)
		return STATUS_EINVAL;
	double v;
	const char *p;
	if (!scan_number(s, &v, &p))
		return STATUS_EINVAL;
	if (p[0] == '%') {
		p++;
		v /= 100.0;
	}
	if (*p != '\0' || v > 1.0)
		return STATUS_EINVAL;
	*fraction = v;
	return STATUS_OK;
}

/* Two digits at s as a number 0..99, or -1. */
static int two_digits(const char *s)
{
	if (!is_digit(s[0]) || !is_digit(s[1]))
		return -1;
	return (s[0] - '0') * 10 + (s[1] - '0');
}

int units_time_of_day(const char *s, double *seconds)
{
	if (s == NULL || seconds == NULL)
		return STATUS_EINVAL;
	size_t len = strlen(s);
	if ((len != 5 && len != 8) || s[2] != ':' || (len == 8 && s[5] != ':'))
		return STATUS_EINVAL;
	int hh = two_digits(s), mm = two_digits(s + 3);
	int ss = len == 8 ? two_digits(s + 6) : 0;
	if (hh < 0 || mm < 0 || ss < 0 || hh > 24 || mm > 59 || ss > 59)
		return STATUS_EINVAL;
	if (hh == 24 && (mm != 0 || ss != 0))
		return STATUS_EINVAL;
	*seconds = hh * 3600.0 + mm * 60.0 + ss;
	return STATUS_OK;
}

int units_date(const char *s, int64_t *day_number)
{
	if (s == NULL || day_number == NULL)
		return STATUS_EINVAL;
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return STATUS_EINVAL;
	int y_hi = two_digits(s), y_lo = two_digits(s + 2);
	int month = two_digits(s + 5), day = two_digits(s + 8);
	if (y_hi < 0 || y_lo < 0 || month < 0 || day < 0)
		return STATUS_EINVAL;
	int64_t n;
	if (horizon_date_from_civil(y_hi * 100 + y_lo, month, day, &n) != STATUS_OK)
		return STATUS_EINVAL;
	*day_number = n;
	return STATUS_OK;
}

int units_rate(const char *s, double *per_second)
{
	if (s == NULL || per_second == NULL)
		return STATUS_EINVAL;
	double count, per;
	const char *p;
	if (!scan_number(s, &count, &p) || *p != '/')
		return STATUS_EINVAL;
	if (units_duration(p + 1, &per) != STATUS_OK || per <= 0.0)
		return STATUS_EINVAL;
	double v = count / per;
	if (!isfinite(v))
		return STATUS_EINVAL;
	*per_second = v;
	return STATUS_OK;
}

/* 2^53: every whole number below it is a double exactly, and a decimal
 * string whose value is below it converts exactly. */
#define UNITS_WHOLE_LIMIT 9007199254740992.0

int units_deadline(const char *s, struct deadline *d)
{
	if (s == NULL || d == NULL)
		return STATUS_EINVAL;
	double v;
	const char *p;
	if (!scan_number(s, &v, &p))
		return STATUS_EINVAL;
	if (strcmp(p, "bd") == 0 || strcmp(p, "mo") == 0) {
		for (const char *q = s; q < p; q++)
			if (!is_digit(*q))
				return STATUS_EINVAL;
		if (v >= UNITS_WHOLE_LIMIT)
			return STATUS_EINVAL;
		d->clock = p[0] == 'b' ? CLOCK_BUSINESS_DAYS : CLOCK_CALENDAR_MONTHS;
		d->amount = v;
		return STATUS_OK;
	}
	enum deadline_clock clock = CLOCK_CALENDAR;
	if (strcmp(p, "bh") == 0) {
		clock = CLOCK_BUSINESS_HOURS;
		v *= 3600.0;
	} else {
		double unit = unit_seconds(p[0]);
		if (unit == 0.0 || p[1] != '\0')
			return STATUS_EINVAL;
		v *= unit;
	}
	if (!isfinite(v))
		return STATUS_EINVAL;
	d->clock = clock;
	d->amount = v;
	return STATUS_OK;
}
