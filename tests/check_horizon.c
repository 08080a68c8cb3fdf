/*
 * check_horizon.c: the interval timeline and civil dates (models/horizon.c).
 *
 * Independent sources:
 *  - day numbers and weekdays checked outside the code while writing the
 *    test, with GNU date (`date -u -d 2026-11-29 +%s` / 86400 = 20786,
 *    `date -d 2026-11-29 +%A` = Sunday) and Python's datetime
 *    (date.toordinal() - date(1970,1,1).toordinal(), .weekday()):
 *      1970-01-01 = 0 (Thu)        2000-03-01 = 11017 (Wed)
 *      2026-11-29 = 20786 (Sun)    2026-03-02 = 20514 (Mon)
 *      1900-01-01 = -25567 (Mon)   2100-12-31 = 47846 (Fri)
 *      2000-02-29 = 11016 (Tue)    1969-12-31 = -1 (Wed)
 *      0001-01-01 = -719162 (Mon)  9999-12-31 = 2932896 (Fri)
 *  - a day-by-day walk from 1900-01-01 to 2100-12-31 with a calendar
 *    written here (month lengths, Gregorian leap rule), which must agree
 *    with both conversions and the weekday on every one of 73,414 days;
 *  - hand arithmetic for a 2-day 07:00-20:00 horizon of 30-minute intervals:
 *    window 46,800 s, 26 intervals a day, interval k of day d starts at
 *    d * 86400 + 25200 + (k mod 26) * 1800.
 */
#include <math.h>
#include <check.h>

#include "../models/horizon.h"
#include "../sim/status.h"

Suite *horizon_suite(void);

#define REQUIRE(cond, ...) \
	do { \
		if (!(cond)) \
			ck_abort_msg(__VA_ARGS__); \
	} while (0)

/* ---- core: civil dates ---------------------------------------------------- */

struct known {
	int y, m, d;
	int64_t day;
	int wd; /* 0 = Monday */
};

static const struct known known[] = {
	{ 1970, 1, 1, 0, 3 },
	{ 2000, 3, 1, 11017, 2 },
	{ 2026, 11, 29, 20786, 6 },
	{ 2026, 3, 2, 20514, 0 },
	{ 1900, 1, 1, -25567, 0 },
	{ 2100, 12, 31, 47846, 4 },
	{ 2000, 2, 29, 11016, 1 },
	{ 1969, 12, 31, -1, 2 },
	{ 2024, 2, 29, 19782, 3 },
	{ 1600, 3, 1, -135080, 2 },
};

START_TEST(test_known_dates)
{
	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
		const struct known *k = &known[i];
		int64_t day = 0;
		ck_assert_int_eq(horizon_date_from_civil(k->y, k->m, k->d, &day), STATUS_OK);
		ck_assert_int_eq(day, k->day);
		int y, m, d;
		horizon_civil_from_date(k->day, &y, &m, &d);
		ck_assert_int_eq(y, k->y);
		ck_assert_int_eq(m, k->m);
		ck_assert_int_eq(d, k->d);
		ck_assert_int_eq(horizon_weekday(k->day), k->wd);
	}
}
END_TEST

static int walk_leap(int y)
{
	if (y % 400 == 0)
		return 1;
	if (y % 100 == 0)
		return 0;
	return y % 4 == 0;
}

/* Day-by-day walk over 1900..2100. */
START_TEST(test_walk_1900_2100)
{
	int y = 1900, m = 1, d = 1;
	int64_t n = -25567; /* 1900-01-01, a Monday */
	int wd = 0;
	long days = 0;
	for (;;) {
		int64_t got = 12345678;
		REQUIRE(horizon_date_from_civil(y, m, d, &got) == STATUS_OK,
			"%04d-%02d-%02d rejected", y, m, d);
		REQUIRE(got == n, "%04d-%02d-%02d -> %lld, expected %lld", y, m, d,
			(long long)got, (long long)n);
		int yy, mm, dd;
		horizon_civil_from_date(n, &yy, &mm, &dd);
		REQUIRE(yy == y && mm == m && dd == d, "%lld -> %04d-%02d-%02d", (long long)n,
			yy, mm, dd);
		REQUIRE(horizon_weekday(n) == wd, "%04d-%02d-%02d weekday %d", y, m, d,
			horizon_weekday(n));
		days++;
		if (y == 2100 && m == 12 && d == 31)
			break;
		/* the next day, by hand */
		static const int len[13] = { 0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
		int ml = m == 2 && walk_leap(y) ? 29 : len[m];
		/* the day after the last of the month is invalid */
		if (d == ml) {
			int64_t junk;
			REQUIRE(horizon_date_from_civil(y, m, ml + 1, &junk) == STATUS_EINVAL,
				"%04d-%02d-%02d accepted", y, m, ml + 1);
		}
		if (++d > ml) {
			d = 1;
			if (++m > 12) {
				m = 1;
				y++;
			}
		}
		n++;
		wd = (wd + 1) % 7;
	}
	ck_assert_int_eq(n, 47846);
	ck_assert_int_eq(days, 73414); /* 201 years, 49 leap days (2000 is one) */
}
END_TEST

START_TEST(test_leap_rules)
{
	int64_t day;
	ck_assert_int_eq(horizon_date_from_civil(2000, 2, 29, &day), STATUS_OK);
	ck_assert_int_eq(horizon_date_from_civil(2024, 2, 29, &day), STATUS_OK);
	ck_assert_int_eq(horizon_date_from_civil(1900, 2, 29, &day), STATUS_EINVAL);
	ck_assert_int_eq(horizon_date_from_civil(2100, 2, 29, &day), STATUS_EINVAL);
	ck_assert_int_eq(horizon_date_from_civil(2026, 2, 29, &day), STATUS_EINVAL);
	ck_assert_int_eq(horizon_date_from_civil(2026, 4, 31, &day), STATUS_EINVAL);
	ck_assert_int_eq(horizon_date_from_civil(2026, 12, 31, &day), STATUS_OK);
	ck_assert_int_eq(horizon_date_from_civil(2026, 12, 32, &day), STATUS_EINVAL);
}
END_TEST

/* The weekday repeats every 7 days, also before 1970 (negative numbers). */
START_TEST(test_weekday_negative)
{
	ck_assert_int_eq(horizon_weekday(-1), 2);  /* 1969-12-31 Wed */
	ck_assert_int_eq(horizon_weekday(-3), 0);  /* 1969-12-29 Mon */
	ck_assert_int_eq(horizon_weekday(-4), 6);  /* 1969-12-28 Sun */
	ck_assert_int_eq(horizon_weekday(-7), 3);
	ck_assert_int_eq(horizon_weekday(-719162), 0); /* 0001-01-01 Mon */
	for (int64_t n = -1000; n < 1000; n++) {
		int w = horizon_weekday(n);
		REQUIRE(w >= 0 && w <= 6 && w == horizon_weekday(n + 7), "weekday %lld",
			(long long)n);
	}
}
END_TEST

/* ---- core: the interval timeline ------------------------------------------ */

static struct horizon two_days(void)
{
	struct horizon h;
	ck_assert_int_eq(horizon_init(&h, 20514, 2, 7 * 3600.0, 20 * 3600.0, 1800.0, 0.0),
			 STATUS_OK);
	return h;
}

START_TEST(test_init_fields)
{
	struct horizon h = two_days();
	ck_assert_int_eq(h.start_date, 20514);
	ck_assert_int_eq(h.days, 2);
	ck_assert_int_eq(h.per_day, 26);
	ck_assert_int_eq(h.n_intervals, 52);
	ck_assert_int_eq(h.n_warmup, 0);
	ck_assert_double_eq(h.day_start_s, 25200.0);
	ck_assert_double_eq(h.day_end_s, 72000.0);
	ck_assert_double_eq(h.interval_s, 1800.0);
	/* a 1-hour warm-up is 2 intervals */
	ck_assert_int_eq(horizon_init(&h, 0, 2, 25200, 72000, 1800, 3600), STATUS_OK);
	ck_assert_int_eq(h.n_warmup, 2);
	ck_assert_double_eq(h.warmup_s, 3600.0);
	/* 15- and 60-minute intervals of the same window */
	ck_assert_int_eq(horizon_init(&h, 0, 1, 25200, 72000, 900, 0), STATUS_OK);
	ck_assert_int_eq(h.per_day, 52);
	ck_assert_int_eq(horizon_init(&h, 0, 7, 25200, 72000, 3600, 0), STATUS_OK);
	ck_assert_int_eq(h.per_day, 13);
	ck_assert_int_eq(h.n_intervals, 91);
}
END_TEST

START_TEST(test_interval_bounds)
{
	struct horizon h = two_days();
	ck_assert_double_eq(horizon_interval_start(&h, 0), 25200.0);
	ck_assert_double_eq(horizon_interval_end(&h, 0), 27000.0);
	ck_assert_double_eq(horizon_interval_start(&h, 1), 27000.0);
	ck_assert_double_eq(horizon_interval_start(&h, 25), 70200.0);
	ck_assert_double_eq(horizon_interval_end(&h, 25), 72000.0);
	ck_assert_double_eq(horizon_interval_start(&h, 26), 111600.0); /* day 1, 07:00 */
	ck_assert_double_eq(horizon_interval_start(&h, 27), 113400.0);
	ck_assert_double_eq(horizon_interval_start(&h, 51), 156600.0);
	ck_assert_double_eq(horizon_interval_end(&h, 51), 158400.0);  /* day 1, 20:00 */
	ck_assert_int_eq(horizon_interval_day(&h, 0), 0);
	ck_assert_int_eq(horizon_interval_day(&h, 25), 0);
	ck_assert_int_eq(horizon_interval_day(&h, 26), 1);
	ck_assert_int_eq(horizon_interval_day(&h, 51), 1);
}
END_TEST

START_TEST(test_interval_at)
{
	struct horizon h = two_days();
	ck_assert_int_eq(horizon_interval_at(&h, 25200.0), 0);
	ck_assert_int_eq(horizon_interval_at(&h, 26999.999), 0);
	ck_assert_int_eq(horizon_interval_at(&h, 27000.0), 1);
	ck_assert_int_eq(horizon_interval_at(&h, 12 * 3600.0), 10); /* 12:00: 5 h in */
	ck_assert_int_eq(horizon_interval_at(&h, 71999.9), 25);
	ck_assert_int_eq(horizon_interval_at(&h, 111600.0), 26);
	ck_assert_int_eq(horizon_interval_at(&h, 158399.0), 51);
	/* gaps and outside */
	ck_assert_int_eq(horizon_interval_at(&h, 0.0), -1);
	ck_assert_int_eq(horizon_interval_at(&h, 25199.9), -1);
	ck_assert_int_eq(horizon_interval_at(&h, 72000.0), -1);   /* 20:00 day 0 */
	ck_assert_int_eq(horizon_interval_at(&h, 86400.0), -1);   /* midnight */
	ck_assert_int_eq(horizon_interval_at(&h, 111599.0), -1);  /* 06:59:59 day 1 */
	ck_assert_int_eq(horizon_interval_at(&h, 158400.0), -1);  /* 20:00 day 1 */
	ck_assert_int_eq(horizon_interval_at(&h, 2 * 86400.0 + 25200.0), -1); /* day 2 */
	ck_assert_int_eq(horizon_interval_at(&h, -1.0), -1);
	ck_assert_int_eq(horizon_interval_at(&h, NAN), -1);
	ck_assert_int_eq(horizon_interval_at(&h, INFINITY), -1);
	/* start and midpoint of every interval map back to it */
	for (int k = 0; k < h.n_intervals; k++) {
		double a = horizon_interval_start(&h, k);
		ck_assert_int_eq(horizon_interval_at(&h, a), k);
		ck_assert_int_eq(horizon_interval_at(&h, a + 900.0), k);
	}
}
END_TEST

/* Durations that are whole numbers of intervals only up to rounding: 4.1
 * minutes (245.99999999999997 s) divides 08:00-14:50 (24600 s) 100 times;
 * sub-second intervals are contiguous inside a window, decided on indices. */
START_TEST(test_rounded_intervals)
{
	struct horizon h;
	ck_assert_int_eq(horizon_init(&h, 0, 2, 8 * 3600.0, 14 * 3600.0 + 50 * 60.0,
				      4.1 * 60.0, 2 * 4.1 * 60.0), STATUS_OK);
	ck_assert_int_eq(h.per_day, 100);
	ck_assert_int_eq(h.n_warmup, 2);
	ck_assert_int_eq(horizon_init(&h, 0, 1, 0.0, 1.0, 0.1, 0.0), STATUS_OK);
	ck_assert_int_eq(h.per_day, 10);
	for (int k = 0; k < 9; k++)
		ck_assert(horizon_contiguous(&h, k));
	ck_assert(!horizon_contiguous(&h, 9));
	/* Not a whole number, even with rounding: refused. */
	ck_assert_int_eq(horizon_init(&h, 0, 1, 0.0, 3600.0, 7 * 60.0, 0.0), STATUS_EINVAL);
}
END_TEST

START_TEST(test_contiguous)
{
	struct horizon h = two_days();
	for (int k = 0; k < 25; k++)
		ck_assert(horizon_contiguous(&h, k));
	ck_assert(!horizon_contiguous(&h, 25)); /* 20:00 day 0 -> 07:00 day 1 */
	for (int k = 26; k < 51; k++)
		ck_assert(horizon_contiguous(&h, k));
	ck_assert(!horizon_contiguous(&h, 51)); /* the last interval */

	/* 00:00-24:00: contiguous across midnight */
	struct horizon f;
	ck_assert_int_eq(horizon_init(&f, 0, 3, 0.0, 86400.0, 3600.0, 0.0), STATUS_OK);
	ck_assert_int_eq(f.n_intervals, 72);
	ck_assert_double_eq(horizon_interval_end(&f, 23), 86400.0);
	ck_assert_double_eq(horizon_interval_start(&f, 24), 86400.0);
	for (int k = 0; k < 71; k++)
		ck_assert(horizon_contiguous(&f, k));
	ck_assert(!horizon_contiguous(&f, 71));
	ck_assert_int_eq(horizon_interval_at(&f, 86399.0), 23);
	ck_assert_int_eq(horizon_interval_at(&f, 86400.0), 24);
	ck_assert_int_eq(horizon_interval_at(&f, 3 * 86400.0), -1);
}
END_TEST

/* ---- limits --------------------------------------------------------------- */

START_TEST(test_date_range_ends)
{
	int64_t day;
	ck_assert_int_eq(horizon_date_from_civil(1, 1, 1, &day), STATUS_OK);
	ck_assert_int_eq(day, -719162);
	ck_assert_int_eq(horizon_date_from_civil(9999, 12, 31, &day), STATUS_OK);
	ck_assert_int_eq(day, 2932896);
	int y, m, d;
	horizon_civil_from_date(-719162, &y, &m, &d);
	ck_assert(y == 1 && m == 1 && d == 1);
	horizon_civil_from_date(2932896, &y, &m, &d);
	ck_assert(y == 9999 && m == 12 && d == 31);
	ck_assert_int_eq(horizon_weekday(2932896), 4);
}
END_TEST

/* A one-interval day, the full day as one interval, and the largest valid
 * warm-up (one interval short of the horizon). */
START_TEST(test_timeline_edges)
{
	struct horizon h;
	ck_assert_int_eq(horizon_init(&h, 0, 1, 0.0, 86400.0, 86400.0, 0.0), STATUS_OK);
	ck_assert_int_eq(h.n_intervals, 1);
	ck_assert(!horizon_contiguous(&h, 0));
	ck_assert_int_eq(horizon_interval_at(&h, 86399.999), 0);
	ck_assert_int_eq(horizon_init(&h, 0, 2, 25200, 72000, 1800, 51 * 1800.0), STATUS_OK);
	ck_assert_int_eq(h.n_warmup, 51);
	/* a warm-up longer than a day's window counts whole intervals of
	 * window time: 86400 s of 30-minute intervals is 48 intervals (26 of
	 * day 0 and 22 of day 1) */
	ck_assert_int_eq(horizon_init(&h, 0, 2, 25200, 72000, 1800, 86400.0), STATUS_OK);
	ck_assert_int_eq(h.n_warmup, 48);
	/* a 20-minute interval divides 07:00-20:00 (39 of them) */
	ck_assert_int_eq(horizon_init(&h, 0, 1, 25200, 72000, 1200, 0), STATUS_OK);
	ck_assert_int_eq(h.per_day, 39);
}
END_TEST

/* ---- errors --------------------------------------------------------------- */

START_TEST(test_invalid_dates)
{
	int64_t day = 777;
	ck_assert_int_eq(horizon_date_from_civil(2026, 2, 29, &day), STATUS_EINVAL);
	ck_assert_int_eq(horizon_date_from_civil(2023, 13, 1, &day), STATUS_EINVAL);
	ck_assert_int_eq(horizon_date_from_civil(2023, 0, 1, &day), STATUS_EINVAL);
	ck_assert_int_eq(horizon_date_from_civil(2023, 1, 0, &day), STATUS_EINVAL);
	ck_assert_int_eq(horizon_date_from_civil(2023, 1, -1, &day), STATUS_EINVAL);
	ck_assert_int_eq(horizon_date_from_civil(2023, -1, 1, &day), STATUS_EINVAL);
	ck_assert_int_eq(horizon_date_from_civil(0, 1, 1, &day), STATUS_EINVAL);
	ck_assert_int_eq(horizon_date_from_civil(10000, 1, 1, &day), STATUS_EINVAL);
	ck_assert_int_eq(horizon_date_from_civil(-5, 1, 1, &day), STATUS_EINVAL);
	ck_assert_int_eq(day, 777); /* untouched */
}
END_TEST

START_TEST(test_init_errors)
{
	struct horizon h;
	/* interval not dividing the window: 46800 / 420 = 111.4 */
	ck_assert_int_eq(horizon_init(&h, 0, 1, 25200, 72000, 420, 0), STATUS_EINVAL);
	/* warm-up not a whole number of intervals */
	ck_assert_int_eq(horizon_init(&h, 0, 1, 25200, 72000, 1800, 1000), STATUS_EINVAL);
	/* warm-up as long as the horizon (26 intervals) or longer */
	ck_assert_int_eq(horizon_init(&h, 0, 1, 25200, 72000, 1800, 26 * 1800.0),
			 STATUS_EINVAL);
	ck_assert_int_eq(horizon_init(&h, 0, 1, 25200, 72000, 1800, 30 * 1800.0),
			 STATUS_EINVAL);
	ck_assert_int_eq(horizon_init(&h, 0, 1, 25200, 72000, 1800, -1800), STATUS_EINVAL);
	ck_assert_int_eq(horizon_init(&h, 0, 1, 25200, 72000, 1800, NAN), STATUS_EINVAL);
	ck_assert_int_eq(horizon_init(&h, 0, 1, 25200, 72000, 1800, INFINITY), STATUS_EINVAL);
	/* days < 1 */
	ck_assert_int_eq(horizon_init(&h, 0, 0, 25200, 72000, 1800, 0), STATUS_EINVAL);
	ck_assert_int_eq(horizon_init(&h, 0, -3, 25200, 72000, 1800, 0), STATUS_EINVAL);
	/* empty or reversed window */
	ck_assert_int_eq(horizon_init(&h, 0, 1, 36000, 36000, 1800, 0), STATUS_EINVAL);
	ck_assert_int_eq(horizon_init(&h, 0, 1, 72000, 25200, 1800, 0), STATUS_EINVAL);
	/* window outside [0, 86400] */
	ck_assert_int_eq(horizon_init(&h, 0, 1, 0, 86401, 1800, 0), STATUS_EINVAL);
	ck_assert_int_eq(horizon_init(&h, 0, 1, -1800, 72000, 1800, 0), STATUS_EINVAL);
	ck_assert_int_eq(horizon_init(&h, 0, 1, NAN, 72000, 1800, 0), STATUS_EINVAL);
	ck_assert_int_eq(horizon_init(&h, 0, 1, 0, INFINITY, 1800, 0), STATUS_EINVAL);
	/* bad interval */
	ck_assert_int_eq(horizon_init(&h, 0, 1, 25200, 72000, 0, 0), STATUS_EINVAL);
	ck_assert_int_eq(horizon_init(&h, 0, 1, 25200, 72000, -1800, 0), STATUS_EINVAL);
	ck_assert_int_eq(horizon_init(&h, 0, 1, 25200, 72000, NAN, 0), STATUS_EINVAL);
	ck_assert_int_eq(horizon_init(&h, 0, 1, 25200, 72000, INFINITY, 0), STATUS_EINVAL);
	/* interval longer than the window */
	ck_assert_int_eq(horizon_init(&h, 0, 1, 25200, 72000, 86400, 0), STATUS_EINVAL);
	/* too many intervals: more than 1e6 a day, more than 1e8 in all */
	ck_assert_int_eq(horizon_init(&h, 0, 1, 0, 86400, 0.01, 0), STATUS_EINVAL);
	ck_assert_int_eq(horizon_init(&h, 0, 1200, 0, 86400, 1, 0), STATUS_EINVAL);
	ck_assert_int_eq(horizon_init(&h, 0, 1000, 0, 86400, 1, 0), STATUS_OK);
}
END_TEST

Suite *horizon_suite(void)
{
	Suite *s = suite_create("horizon");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_known_dates);
	tcase_add_test(tc, test_rounded_intervals);
	tcase_add_test(tc, test_walk_1900_2100);
	tcase_add_test(tc, test_leap_rules);
	tcase_add_test(tc, test_weekday_negative);
	tcase_add_test(tc, test_init_fields);
	tcase_add_test(tc, test_interval_bounds);
	tcase_add_test(tc, test_interval_at);
	tcase_add_test(tc, test_contiguous);
	suite_add_tcase(s, tc);

	tc = tcase_create("limits");
	tcase_add_test(tc, test_date_range_ends);
	tcase_add_test(tc, test_timeline_edges);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_test(tc, test_invalid_dates);
	tcase_add_test(tc, test_init_errors);
	suite_add_tcase(s, tc);
	return s;
}
