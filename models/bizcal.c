/*
 * bizcal.c: arithmetic on business time (see bizcal.h, docs/calendar.md).
 *
 * A time t is split into its date, start_date + floor(t / 86400), and its
 * second of the day.  Within a day the work is a walk over at most
 * HOURS_MAX_RANGES merged ranges.  Across days every question is a sum over
 * a span of dates [d0, d1) of one per-weekday value v[wd] (business
 * seconds, 1 for a day with hours, 1 for a day not open 00:00-24:00), with
 * closed dates contributing a fixed value instead:
 *
 *     sum = (n / 7) * (v[0] + ... + v[6])
 *         + v over the n mod 7 leading weekdays
 *         + sum over closed dates c in [d0, d1) of (v_closed - v[wd(c)])
 *
 * where n = d1 - d0; the closed dates in the span are found by binary
 * search in the sorted list.  The sum never decreases as d1 grows, so "the
 * day on which the sum reaches x" is found by doubling the span until it
 * does, then bisecting: O(log n) sums.  No loop runs over days.
 */
#include <math.h>
#include <stdlib.h>

#include "bizcal.h"
#include "horizon.h"
#include "../sim/status.h"

#define DAY HORIZON_DAY_S

static int cmp_date(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

int bizcal_init(struct bizcal *c, const struct hours *h, int64_t start_date)
{
	if (c == NULL || h == NULL || start_date < BIZCAL_MIN_DATE ||
	    start_date > BIZCAL_MAX_DATE || h->n_closed > HOURS_MAX_CLOSED)
		return STATUS_EINVAL;
	/* Built aside, so that c is untouched on error. */
	struct bizcal b;
	b.start_date = start_date;
	b.week_open_days = 0.0;
	for (int wd = 0; wd < 7; wd++) {
		int n = h->n_ranges[wd];
		if (n < 0 || n > HOURS_MAX_RANGES)
			return STATUS_EINVAL;
		double o[HOURS_MAX_RANGES], e[HOURS_MAX_RANGES];
		for (int i = 0; i < n; i++) {
			double oi = h->open_s[wd][i], ei = h->close_s[wd][i];
			if (!(oi >= 0.0 && oi < ei && ei <= DAY))
				return STATUS_EINVAL;
			/* insertion sort by opening time */
			int j = i;
			for (; j > 0 && o[j - 1] > oi; j--) {
				o[j] = o[j - 1];
				e[j] = e[j - 1];
			}
			o[j] = oi;
			e[j] = ei;
		}
		int nb = 0;
		b.day_s[wd] = 0.0;
		for (int i = 0; i < n; i++) {
			if (i > 0 && o[i] < e[i - 1])
				return STATUS_EINVAL; /* overlap */
			b.day_s[wd] += e[i] - o[i];
			if (nb > 0 && o[i] == b.close_s[wd][nb - 1]) {
				b.close_s[wd][nb - 1] = e[i]; /* touching: one stretch */
			} else {
				b.open_s[wd][nb] = o[i];
				b.close_s[wd][nb] = e[i];
				nb++;
			}
		}
		b.n_blocks[wd] = nb;
		b.day_open[wd] = nb > 0 ? 1.0 : 0.0;
		b.day_broken[wd] = nb == 1 && b.open_s[wd][0] == 0.0 &&
				   b.close_s[wd][0] == DAY ? 0.0 : 1.0;
		b.week_open_days += b.day_open[wd];
	}
	for (size_t i = 0; i < h->n_closed; i++)
		b.closed[i] = h->closed[i];
	qsort(b.closed, h->n_closed, sizeof b.closed[0], cmp_date);
	b.n_closed = 0;
	for (size_t i = 0; i < h->n_closed; i++)
		if (b.n_closed == 0 || b.closed[i] != b.closed[b.n_closed - 1])
			b.closed[b.n_closed++] = b.closed[i];
	*c = b;
	return STATUS_OK;
}

/* ---- dates and times ------------------------------------------------------ */

/* Splits t into its date and second of the day in [0, 86400); false when t
 * is not finite or its date is outside the supported range. */
static bool split(const struct bizcal *c, double t, int64_t *date, double *sod)
{
	if (!isfinite(t))
		return false;
	double lo = (double)(BIZCAL_MIN_DATE - c->start_date);
	double hi = (double)(BIZCAL_MAX_DATE - c->start_date);
	double k = floor(t / DAY);
	if (!(k >= lo - 1.0 && k <= hi + 1.0))
		return false;
	double s = t - k * DAY;
	/* t / DAY may round up to the next whole day just before midnight. */
	if (s < 0.0) {
		k -= 1.0;
		s += DAY;
		if (s >= DAY)
			s = nextafter(DAY, 0.0);
	} else if (s >= DAY) {
		k += 1.0;
		s -= DAY;
	}
	if (k < lo || k > hi)
		return false;
	*date = c->start_date + (int64_t)k;
	*sod = s;
	return true;
}

/* The time of second sod (may be 86400) of date. */
static double time_of(const struct bizcal *c, int64_t date, double sod)
{
	return (double)(date - c->start_date) * DAY + sod;
}

/* Index of the first closed date >= d. */
static size_t first_closed_from(const struct bizcal *c, int64_t d)
{
	size_t lo = 0, hi = c->n_closed;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (c->closed[mid] < d)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static bool is_closed_date(const struct bizcal *c, int64_t d)
{
	size_t i = first_closed_from(c, d);
	return i < c->n_closed && c->closed[i] == d;
}

bool bizcal_is_business_day(const struct bizcal *c, int64_t d)
{
	return c->n_blocks[horizon_weekday(d)] > 0 && !is_closed_date(c, d);
}

static double last_close(const struct bizcal *c, int wd)
{
	return c->close_s[wd][c->n_blocks[wd] - 1];
}

/* Business seconds of date d within [s0, s1), 0 <= s0 <= s1 <= 86400. */
static double day_business(const struct bizcal *c, int64_t d, double s0, double s1)
{
	if (is_closed_date(c, d))
		return 0.0;
	int wd = horizon_weekday(d);
	double sum = 0.0;
	for (int i = 0; i < c->n_blocks[wd]; i++) {
		double from = fmax(s0, c->open_s[wd][i]), to = fmin(s1, c->close_s[wd][i]);
		if (to > from)
			sum += to - from;
	}
	return sum;
}

/* Sum over the dates d in [d0, d1) of v[weekday(d)], a closed date giving
 * v_closed instead (see the top of the file). */
static double span_sum(const struct bizcal *c, const double v[7], double v_closed,
		       int64_t d0, int64_t d1)
{
	if (d1 <= d0)
		return 0.0;
	int64_t n = d1 - d0;
	int wd0 = horizon_weekday(d0);
	double week = 0.0, lead = 0.0;
	for (int i = 0; i < 7; i++) {
		week += v[i];
		if (i < n % 7)
			lead += v[(wd0 + i) % 7];
	}
	double sum = (double)(n / 7) * week + lead;
	for (size_t i = first_closed_from(c, d0); i < c->n_closed && c->closed[i] < d1; i++)
		sum += v_closed - v[horizon_weekday(c->closed[i])];
	return sum;
}

/* The first date e >= d0 with span_sum(d0, e + 1) >= target (> 0), looking
 * no further than BIZCAL_MAX_DATE; false when there is none. */
static bool find_day(const struct bizcal *c, const double v[7], double v_closed,
		     int64_t d0, double target, int64_t *e)
{
	if (d0 > BIZCAL_MAX_DATE)
		return false;
	int64_t n_max = BIZCAL_MAX_DATE - d0 + 1;
	int64_t lo = 0, hi = 1; /* the sum over lo days is < target */
	while (span_sum(c, v, v_closed, d0, d0 + hi) < target) {
		if (hi == n_max)
			return false;
		lo = hi;
		hi = hi > n_max / 2 ? n_max : 2 * hi;
	}
	while (hi - lo > 1) {
		int64_t mid = lo + (hi - lo) / 2;
		if (span_sum(c, v, v_closed, d0, d0 + mid) >= target)
			hi = mid;
		else
			lo = mid;
	}
	*e = d0 + hi - 1;
	return true;
}

/* ---- opening and closing -------------------------------------------------- */

/* bizcal_next_open on a split time; also gives the date and second of the
 * day of the opening found. */
static int next_open_at(const struct bizcal *c, double t, int64_t d, double s,
			double *u, int64_t *u_date, double *u_sod)
{
	if (!is_closed_date(c, d)) {
		int wd = horizon_weekday(d);
		for (int i = 0; i < c->n_blocks[wd]; i++) {
			if (s < c->close_s[wd][i]) {
				*u_date = d;
				if (s >= c->open_s[wd][i]) {
					*u_sod = s;
					*u = t;
				} else {
					*u_sod = c->open_s[wd][i];
					*u = time_of(c, d, *u_sod);
				}
				return STATUS_OK;
			}
		}
	}
	int64_t e;
	if (c->week_open_days == 0.0 || !find_day(c, c->day_open, 0.0, d + 1, 1.0, &e)) {
		*u = INFINITY;
		return STATUS_EDOM;
	}
	*u_date = e;
	*u_sod = c->open_s[horizon_weekday(e)][0];
	*u = time_of(c, e, *u_sod);
	return STATUS_OK;
}

bool bizcal_is_open(const struct bizcal *c, double t)
{
	int64_t d;
	double s;
	if (c == NULL || !split(c, t, &d, &s) || is_closed_date(c, d))
		return false;
	int wd = horizon_weekday(d);
	for (int i = 0; i < c->n_blocks[wd]; i++)
		if (s >= c->open_s[wd][i] && s < c->close_s[wd][i])
			return true;
	return false;
}

int bizcal_next_open(const struct bizcal *c, double t, double *u)
{
	int64_t d, u_date;
	double s, u_sod;
	if (c == NULL || u == NULL || !split(c, t, &d, &s))
		return STATUS_EINVAL;
	return next_open_at(c, t, d, s, u, &u_date, &u_sod);
}

int bizcal_next_close(const struct bizcal *c, double t, double *u)
{
	int64_t d;
	double s;
	if (c == NULL || u == NULL || !split(c, t, &d, &s))
		return STATUS_EINVAL;
	if (!bizcal_is_open(c, t)) {
		*u = t;
		return STATUS_OK;
	}
	int wd = horizon_weekday(d);
	int i = 0;
	while (!(s < c->close_s[wd][i])) /* the stretch holding s */
		i++;
	if (c->close_s[wd][i] < DAY) {
		*u = time_of(c, d, c->close_s[wd][i]);
		return STATUS_OK;
	}
	/* Open until midnight: the stretch goes on through every following
	 * date open 00:00-24:00 and ends on the first date f that is not. */
	int64_t f;
	if (!find_day(c, c->day_broken, 1.0, d + 1, 1.0, &f)) {
		*u = INFINITY;
		return STATUS_EDOM;
	}
	int fwd = horizon_weekday(f);
	if (!is_closed_date(c, f) && c->n_blocks[fwd] > 0 && c->open_s[fwd][0] == 0.0)
		*u = time_of(c, f, c->close_s[fwd][0]);
	else
		*u = time_of(c, f, 0.0);
	return STATUS_OK;
}

int bizcal_clock_start(const struct bizcal *c, double t, enum deadline_clock clock,
		       double *start)
{
	int64_t d;
	double s;
	if (c == NULL || start == NULL || !split(c, t, &d, &s))
		return STATUS_EINVAL;
	switch (clock) {
	case CLOCK_CALENDAR:
	case CLOCK_CALENDAR_MONTHS:
		*start = t;
		return STATUS_OK;
	case CLOCK_BUSINESS_HOURS:
	case CLOCK_BUSINESS_DAYS:
		return bizcal_next_open(c, t, start);
	}
	return STATUS_EINVAL;
}

/* ---- business time -------------------------------------------------------- */

int bizcal_business_time(const struct bizcal *c, double a, double b, double *seconds)
{
	int64_t da, db;
	double sa, sb;
	if (c == NULL || seconds == NULL || !split(c, a, &da, &sa) || !split(c, b, &db, &sb))
		return STATUS_EINVAL;
	if (b <= a)
		*seconds = 0.0;
	else if (da == db)
		*seconds = day_business(c, da, sa, sb);
	else
		*seconds = day_business(c, da, sa, DAY) + span_sum(c, c->day_s, 0.0, da + 1, db) +
			   day_business(c, db, 0.0, sb);
	return STATUS_OK;
}

/* The instant at which x business seconds (x > 0) have passed since second
 * s of date d, counting that date's hours from s only; false when x does
 * not fit in date d (*x is then reduced by what it holds). */
static bool within_day(const struct bizcal *c, int64_t d, double s, double *x, double *u)
{
	int wd = horizon_weekday(d);
	for (int i = 0; i < c->n_blocks[wd]; i++) {
		if (c->close_s[wd][i] <= s)
			continue;
		double from = fmax(s, c->open_s[wd][i]), avail = c->close_s[wd][i] - from;
		if (*x <= avail) {
			*u = time_of(c, d, from + *x);
			return true;
		}
		*x -= avail;
	}
	return false;
}

int bizcal_add_business(const struct bizcal *c, double t, double seconds, double *u)
{
	int64_t d, d0;
	double s, s0, start;
	if (c == NULL || u == NULL || !split(c, t, &d, &s) || !(seconds >= 0.0) ||
	    !isfinite(seconds))
		return STATUS_EINVAL;
	int rc = next_open_at(c, t, d, s, &start, &d0, &s0);
	if (rc != STATUS_OK) {
		*u = start;
		return rc;
	}
	if (seconds == 0.0) {
		*u = start;
		return STATUS_OK;
	}
	double x = seconds;
	if (within_day(c, d0, s0, &x, u))
		return STATUS_OK;
	/* x is left after the clock-start day: find the business day e on
	 * which it runs out, then the instant within e. */
	int64_t e;
	if (!find_day(c, c->day_s, 0.0, d0 + 1, x, &e))
		return STATUS_ERANGE;
	x -= span_sum(c, c->day_s, 0.0, d0 + 1, e);
	x = fmax(x, 0.0);
	if (!within_day(c, e, 0.0, &x, u)) /* only by rounding */
		*u = time_of(c, e, last_close(c, horizon_weekday(e)));
	return STATUS_OK;
}

/* ---- deadlines ------------------------------------------------------------ */

static bool whole(double x)
{
	return x == floor(x);
}

/* date moved m months on, the day of the month clamped; false past 9999. */
static bool add_months(int64_t date, int64_t m, int64_t *out)
{
	int y, mo, dd;
	horizon_civil_from_date(date, &y, &mo, &dd);
	int64_t total = (int64_t)y * 12 + (mo - 1) + m;
	int64_t ny = total / 12;
	if (ny > 9999)
		return false;
	int nm = (int)(total % 12) + 1;
	while (horizon_date_from_civil((int)ny, nm, dd, out) != STATUS_OK)
		dd--; /* 31 -> 30 -> 29 -> 28: the last day of month nm */
	return true;
}

int bizcal_deadline(const struct bizcal *c, double t, const struct deadline *dl, double *due)
{
	int64_t d;
	double s;
	if (c == NULL || dl == NULL || due == NULL || !split(c, t, &d, &s) ||
	    !(dl->amount >= 0.0) || !isfinite(dl->amount))
		return STATUS_EINVAL;
	double end = time_of(c, BIZCAL_MAX_DATE + 1, 0.0); /* 10000-01-01 00:00 */
	switch (dl->clock) {
	case CLOCK_CALENDAR: {
		double u = t + dl->amount;
		if (!(u <= end))
			return STATUS_ERANGE;
		*due = u;
		return STATUS_OK;
	}
	case CLOCK_BUSINESS_HOURS:
		return bizcal_add_business(c, t, dl->amount, due);
	case CLOCK_BUSINESS_DAYS: {
		if (!whole(dl->amount))
			return STATUS_EINVAL;
		int64_t d0, e;
		double start, s0;
		int rc = next_open_at(c, t, d, s, &start, &d0, &s0);
		if (rc != STATUS_OK) {
			*due = start;
			return rc;
		}
		e = d0;
		if (dl->amount > 0.0 && !find_day(c, c->day_open, 0.0, d0 + 1, dl->amount, &e))
			return STATUS_ERANGE;
		*due = time_of(c, e, last_close(c, horizon_weekday(e)));
		return STATUS_OK;
	}
	case CLOCK_CALENDAR_MONTHS: {
		if (!whole(dl->amount))
			return STATUS_EINVAL;
		int64_t nd;
		if (dl->amount > 12.0 * 10000 || !add_months(d, (int64_t)dl->amount, &nd))
			return STATUS_ERANGE;
		*due = time_of(c, nd, s);
		return STATUS_OK;
	}
	}
	return STATUS_EINVAL;
}

/* The business-day count of a completion at `done` (split as dx, sx) for a
 * clock started on date d0: the business days after d0 up to the first
 * business day X whose last closing time is >= done. */
static int elapsed_days(const struct bizcal *c, int64_t d0, int64_t dx, double sx,
			double *elapsed)
{
	int64_t x;
	if (sx == 0.0 && dx - 1 >= d0 && bizcal_is_business_day(c, dx - 1) &&
	    last_close(c, horizon_weekday(dx - 1)) == DAY)
		x = dx - 1; /* exactly at the midnight closing of the day before */
	else if (bizcal_is_business_day(c, dx) && sx <= last_close(c, horizon_weekday(dx)))
		x = dx;
	else if (!find_day(c, c->day_open, 0.0, dx + 1, 1.0, &x)) {
		*elapsed = INFINITY;
		return STATUS_EDOM;
	}
	*elapsed = span_sum(c, c->day_open, 0.0, d0 + 1, x + 1);
	return STATUS_OK;
}

int bizcal_elapsed(const struct bizcal *c, double received, double done,
		   enum deadline_clock clock, double *elapsed)
{
	int64_t dr, dx;
	double sr, sx;
	if (c == NULL || elapsed == NULL || !split(c, received, &dr, &sr) ||
	    !split(c, done, &dx, &sx) || done < received)
		return STATUS_EINVAL;
	switch (clock) {
	case CLOCK_CALENDAR:
	case CLOCK_CALENDAR_MONTHS:
		*elapsed = done - received;
		return STATUS_OK;
	case CLOCK_BUSINESS_HOURS:
		return bizcal_business_time(c, received, done, elapsed);
	case CLOCK_BUSINESS_DAYS: {
		int64_t d0;
		double start, s0;
		int rc = next_open_at(c, received, dr, sr, &start, &d0, &s0);
		if (rc != STATUS_OK) {
			*elapsed = start;
			return rc;
		}
		if (done <= start) {
			*elapsed = 0.0;
			return STATUS_OK;
		}
		return elapsed_days(c, d0, dx, sx, elapsed);
	}
	}
	return STATUS_EINVAL;
}
