/*
 * horizon.c: the timeline of intervals and civil-date arithmetic (see
 * horizon.h).  Dates use the proleptic Gregorian calendar counted from
 * 1970-01-01 (day 0, a Thursday); the conversion shifts the year to start
 * in March so that the leap day falls at the end of the shifted year, then
 * counts whole 400-year eras (146097 days each).
 */
#include <math.h>
#include "horizon.h"
#include "../sim/status.h"

static int is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int64_t y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

int horizon_date_from_civil(int year, int month, int day, int64_t *out)
{
	if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 ||
	    day > month_days(year, month))
		return STATUS_EINVAL;
	int64_t y = year - (month <= 2);
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t year_of_era = y - era * 400;                      /* [0, 399] */
	int64_t shifted_month = month > 2 ? month - 3 : month + 9; /* March = 0 */
	int64_t day_of_year = (153 * shifted_month + 2) / 5 + day - 1;
	int64_t day_of_era = year_of_era * 365 + year_of_era / 4 -
			     year_of_era / 100 + day_of_year;
	*out = era * 146097 + day_of_era - 719468;
	return STATUS_OK;
}

void horizon_civil_from_date(int64_t date, int *year, int *month, int *day)
{
	int64_t z = date + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t day_of_era = z - era * 146097;
	int64_t year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 -
			       day_of_era / 146096) / 365;
	int64_t day_of_year = day_of_era -
			      (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
	int64_t shifted_month = (5 * day_of_year + 2) / 153;
	*day = (int)(day_of_year - (153 * shifted_month + 2) / 5 + 1);
	*month = (int)(shifted_month < 10 ? shifted_month + 3 : shifted_month - 9);
	*year = (int)(year_of_era + era * 400 + (*month <= 2));
}

int horizon_weekday(int64_t date)
{
	/* 1970-01-01 was a Thursday (3 with Monday = 0). */
	int64_t r = (date + 3) % 7;
	return (int)(r < 0 ? r + 7 : r);
}

int horizon_init(struct horizon *h, int64_t start_date, int days,
		 double day_start_s, double day_end_s, double interval_s,
		 double warmup_s)
{
	if (days < 1 || !isfinite(day_start_s) || !isfinite(day_end_s) ||
	    day_start_s < 0 || day_end_s > HORIZON_DAY_S || day_end_s <= day_start_s ||
	    !(interval_s > 0) || !isfinite(interval_s) || !(warmup_s >= 0) ||
	    !isfinite(warmup_s))
		return STATUS_EINVAL;
	/* Whole numbers of intervals, up to rounding in the durations given
	 * (4.1 minutes is 245.99999999999997 s). */
	double per_day = (day_end_s - day_start_s) / interval_s;
	if (fabs(per_day - round(per_day)) > 1e-9 * per_day || round(per_day) < 1 ||
	    per_day > 1e6)
		return STATUS_EINVAL;
	per_day = round(per_day);
	double n_warmup = warmup_s / interval_s;
	if (fabs(n_warmup - round(n_warmup)) > 1e-9 * (n_warmup + 1))
		return STATUS_EINVAL;
	n_warmup = round(n_warmup);
	if (n_warmup >= per_day * days)
		return STATUS_EINVAL;
	if (per_day * days > 1e8)
		return STATUS_EINVAL;
	h->start_date = start_date;
	h->days = days;
	h->day_start_s = day_start_s;
	h->day_end_s = day_end_s;
	h->interval_s = interval_s;
	h->warmup_s = warmup_s;
	h->per_day = (int)per_day;
	h->n_intervals = h->per_day * days;
	h->n_warmup = (int)n_warmup;
	h->cooldown_days = 0;
	return STATUS_OK;
}

double horizon_interval_start(const struct horizon *h, int k)
{
	int day = k / h->per_day;
	return day * HORIZON_DAY_S + h->day_start_s + (k % h->per_day) * h->interval_s;
}

double horizon_interval_end(const struct horizon *h, int k)
{
	return horizon_interval_start(h, k) + h->interval_s;
}

int horizon_interval_at(const struct horizon *h, double t)
{
	if (!(t >= 0))
		return -1;
	double day = floor(t / HORIZON_DAY_S);
	if (day >= h->days)
		return -1;
	double in_day = t - day * HORIZON_DAY_S;
	if (in_day < h->day_start_s || in_day >= h->day_end_s)
		return -1;
	int j = (int)((in_day - h->day_start_s) / h->interval_s);
	if (j >= h->per_day)
		j = h->per_day - 1;
	return (int)day * h->per_day + j;
}

bool horizon_contiguous(const struct horizon *h, int k)
{
	if (k + 1 >= h->n_intervals)
		return false;
	/* Decided on indices, not on floating-point times. */
	return (k + 1) % h->per_day != 0 ||
	       (h->day_start_s == 0.0 && h->day_end_s == HORIZON_DAY_S);
}
