/*
 * hours.c: opening hours per weekday and closed dates (see hours.h).
 * A time t (seconds since midnight of start_date) is open when its date is
 * not closed and its second of the day lies in one of its weekday's ranges.
 */
#include <math.h>
#include "hours.h"
#include "horizon.h"
#include "../sim/status.h"

void hours_always_open(struct hours *h)
{
	for (int wd = 0; wd < 7; wd++) {
		h->n_ranges[wd] = 1;
		h->open_s[wd][0] = 0.0;
		h->close_s[wd][0] = HORIZON_DAY_S;
	}
	h->n_closed = 0;
}

void hours_close_weekday(struct hours *h, int wd)
{
	if (wd >= 0 && wd < 7)
		h->n_ranges[wd] = 0;
}

int hours_add_range(struct hours *h, int wd, double open_s, double close_s)
{
	if (wd < 0 || wd > 6 || !(open_s >= 0) || !(close_s <= HORIZON_DAY_S) ||
	    !(open_s < close_s) || h->n_ranges[wd] >= HOURS_MAX_RANGES)
		return STATUS_EINVAL;
	for (int i = 0; i < h->n_ranges[wd]; i++)
		if (open_s < h->close_s[wd][i] && h->open_s[wd][i] < close_s)
			return STATUS_EINVAL;
	int n = h->n_ranges[wd]++;
	h->open_s[wd][n] = open_s;
	h->close_s[wd][n] = close_s;
	return STATUS_OK;
}

int hours_add_closed(struct hours *h, int64_t date)
{
	if (h->n_closed >= HOURS_MAX_CLOSED)
		return STATUS_ERANGE;
	h->closed[h->n_closed++] = date;
	return STATUS_OK;
}

bool hours_closed_date(const struct hours *h, int64_t date)
{
	for (size_t i = 0; i < h->n_closed; i++)
		if (h->closed[i] == date)
			return true;
	return false;
}

int hours_open_over(const struct hours *h, int64_t start_date, double t0,
		    double t1)
{
	double day = floor(t0 / HORIZON_DAY_S);
	int64_t date = start_date + (int64_t)day;
	if (hours_closed_date(h, date))
		return 0;
	double s0 = t0 - day * HORIZON_DAY_S, s1 = t1 - day * HORIZON_DAY_S;
	int wd = horizon_weekday(date);
	bool overlaps = false;
	for (int i = 0; i < h->n_ranges[wd]; i++) {
		if (h->open_s[wd][i] <= s0 && s1 <= h->close_s[wd][i])
			return 1;
		if (h->open_s[wd][i] < s1 && s0 < h->close_s[wd][i])
			overlaps = true;
	}
	return overlaps ? -1 : 0;
}

bool hours_is_open(const struct hours *h, int64_t start_date, double t)
{
	double day = floor(t / HORIZON_DAY_S);
	int64_t date = start_date + (int64_t)day;
	if (hours_closed_date(h, date))
		return false;
	double s = t - day * HORIZON_DAY_S;
	int wd = horizon_weekday(date);
	for (int i = 0; i < h->n_ranges[wd]; i++)
		if (s >= h->open_s[wd][i] && s < h->close_s[wd][i])
			return true;
	return false;
}
