/*
 * check_hours.c: opening hours and closed dates (models/hours.c).
 *
 * The week used throughout starts on Monday 2026-03-02, day number 20514
 * (checked with `date -u -d 2026-03-02 +%s` / 86400 and `+%A`); the
 * following Monday 2026-03-09 is 20521, Saturday 2026-03-07 is 20519,
 * Sunday 2026-03-08 is 20520, Friday 2026-12-25 is 20812.  The plan:
 *   Monday          09:00-12:00 and 13:00-17:00   (two ranges, lunch gap)
 *   Tuesday-Friday  08:00-18:00
 *   Saturday        10:00-14:00
 *   Sunday          closed
 * Expected open/closed states are read off that plan by hand; ranges are
 * half-open, so the centre is open at open_s and closed at close_s.
 */
#include <math.h>
#include <check.h>

#include "../models/horizon.h"
#include "../models/hours.h"
#include "../sim/status.h"

Suite *hours_suite(void);

#define H(x) ((x) * 3600.0)
#define DAY 86400.0
#define MON 20514 /* 2026-03-02 */

static void plan(struct hours *h)
{
	hours_always_open(h);
	for (int wd = 0; wd < 7; wd++)
		hours_close_weekday(h, wd);
	ck_assert_int_eq(hours_add_range(h, 0, H(9), H(12)), STATUS_OK);
	ck_assert_int_eq(hours_add_range(h, 0, H(13), H(17)), STATUS_OK);
	for (int wd = 1; wd <= 4; wd++)
		ck_assert_int_eq(hours_add_range(h, wd, H(8), H(18)), STATUS_OK);
	ck_assert_int_eq(hours_add_range(h, 5, H(10), H(14)), STATUS_OK);
}

/* ---- core ---------------------------------------------------------------- */

START_TEST(test_always_open)
{
	struct hours h;
	hours_always_open(&h);
	ck_assert_uint_eq(h.n_closed, 0);
	for (int day = 0; day < 14; day++)
		for (int q = 0; q < 96; q++) /* every quarter hour */
			ck_assert(hours_is_open(&h, MON, day * DAY + q * 900.0));
	ck_assert(hours_is_open(&h, MON, 86399.999));
	ck_assert(hours_is_open(&h, MON, 0.0));
}
END_TEST

START_TEST(test_monday_two_ranges)
{
	struct hours h;
	plan(&h);
	ck_assert(!hours_is_open(&h, MON, 0.0));
	ck_assert(!hours_is_open(&h, MON, H(9) - 0.001));
	ck_assert(hours_is_open(&h, MON, H(9)));        /* open at open_s */
	ck_assert(hours_is_open(&h, MON, H(10.5)));
	ck_assert(hours_is_open(&h, MON, H(12) - 0.001));
	ck_assert(!hours_is_open(&h, MON, H(12)));      /* closed at close_s */
	ck_assert(!hours_is_open(&h, MON, H(12.5)));    /* lunch */
	ck_assert(hours_is_open(&h, MON, H(13)));
	ck_assert(hours_is_open(&h, MON, H(16.99)));
	ck_assert(!hours_is_open(&h, MON, H(17)));
	ck_assert(!hours_is_open(&h, MON, H(23.99)));
}
END_TEST

START_TEST(test_week)
{
	struct hours h;
	plan(&h);
	/* Tuesday (day 1) */
	ck_assert(!hours_is_open(&h, MON, DAY + H(7.99)));
	ck_assert(hours_is_open(&h, MON, DAY + H(8)));
	ck_assert(hours_is_open(&h, MON, DAY + H(12.5))); /* no lunch gap */
	ck_assert(!hours_is_open(&h, MON, DAY + H(18)));
	/* Friday (day 4) */
	ck_assert(hours_is_open(&h, MON, 4 * DAY + H(17.5)));
	/* Saturday (day 5) */
	ck_assert(!hours_is_open(&h, MON, 5 * DAY + H(9)));
	ck_assert(hours_is_open(&h, MON, 5 * DAY + H(10)));
	ck_assert(!hours_is_open(&h, MON, 5 * DAY + H(14)));
	/* Sunday (day 6): closed all day */
	for (int q = 0; q < 96; q++)
		ck_assert(!hours_is_open(&h, MON, 6 * DAY + q * 900.0));
	/* next Monday (day 7) */
	ck_assert(hours_is_open(&h, MON, 7 * DAY + H(9.5)));
	ck_assert(!hours_is_open(&h, MON, 7 * DAY + H(12.5)));
}
END_TEST

/* The weekday follows the start date: starting on Sunday 2026-11-29
 * (20786), day 0 is closed and day 1 is a Monday. */
START_TEST(test_start_date_weekday)
{
	struct hours h;
	plan(&h);
	ck_assert(!hours_is_open(&h, 20786, H(10)));
	ck_assert(hours_is_open(&h, 20786, DAY + H(10)));
	ck_assert(!hours_is_open(&h, 20786, DAY + H(12.5)));
	/* starting on Saturday 2026-03-07 (20519): day 0 10:00 open */
	ck_assert(hours_is_open(&h, 20519, H(10)));
	ck_assert(!hours_is_open(&h, 20519, H(15)));
	ck_assert(!hours_is_open(&h, 20519, DAY + H(10))); /* Sunday */
	ck_assert(hours_is_open(&h, 20519, 2 * DAY + H(9))); /* Monday */
}
END_TEST

START_TEST(test_closed_dates)
{
	struct hours h;
	plan(&h);
	ck_assert_int_eq(hours_add_closed(&h, 20521), STATUS_OK); /* Mon 2026-03-09 */
	ck_assert_int_eq(hours_add_closed(&h, 20812), STATUS_OK); /* Fri 2026-12-25 */
	ck_assert_uint_eq(h.n_closed, 2);
	/* the first Monday is open, the second closed all day */
	ck_assert(hours_is_open(&h, MON, H(9.5)));
	ck_assert(!hours_is_open(&h, MON, 7 * DAY + H(9.5)));
	ck_assert(!hours_is_open(&h, MON, 7 * DAY + H(13.5)));
	/* the Tuesday after is open again */
	ck_assert(hours_is_open(&h, MON, 8 * DAY + H(9.5)));
	/* Christmas: 20812 - 20514 = 298 days after the start */
	ck_assert(hours_is_open(&h, MON, 297 * DAY + H(9.5)));
	ck_assert(!hours_is_open(&h, MON, 298 * DAY + H(9.5)));
	/* same date through another start date */
	ck_assert(!hours_is_open(&h, 20812, H(9.5)));
	/* closed dates also close an always-open centre */
	struct hours a;
	hours_always_open(&a);
	hours_add_closed(&a, MON + 1);
	ck_assert(hours_is_open(&a, MON, DAY - 0.001));
	ck_assert(!hours_is_open(&a, MON, DAY));
	ck_assert(!hours_is_open(&a, MON, 2 * DAY - 0.001));
	ck_assert(hours_is_open(&a, MON, 2 * DAY));
}
END_TEST

/* Adjacent ranges [9,12) and [12,13) touch but do not overlap. */
/* Whole-interval states, read off the plan by hand. */
START_TEST(test_open_over)
{
	struct hours h;
	plan(&h);
	ck_assert_int_eq(hours_open_over(&h, MON, H(9), H(9.5)), 1);     /* Mon 09:00-09:30 */
	ck_assert_int_eq(hours_open_over(&h, MON, H(11.5), H(12)), 1);   /* ends at close */
	ck_assert_int_eq(hours_open_over(&h, MON, H(12), H(12.5)), 0);   /* lunch gap */
	ck_assert_int_eq(hours_open_over(&h, MON, H(8.5), H(9.5)), -1);  /* opens inside */
	ck_assert_int_eq(hours_open_over(&h, MON, H(11.5), H(13.5)), -1);/* spans the gap */
	ck_assert_int_eq(hours_open_over(&h, MON, H(7), H(8)), 0);       /* before opening */
	ck_assert_int_eq(hours_open_over(&h, MON, 6 * DAY + H(10), 6 * DAY + H(11)), 0); /* Sunday */
	ck_assert_int_eq(hours_open_over(&h, MON, 5 * DAY + H(10), 5 * DAY + H(14)), 1); /* Saturday */
	ck_assert_int_eq(hours_add_closed(&h, MON + 1), STATUS_OK);
	ck_assert_int_eq(hours_open_over(&h, MON, DAY + H(10), DAY + H(11)), 0); /* closed date */
}
END_TEST

START_TEST(test_adjacent_ranges)
{
	struct hours h;
	plan(&h);
	ck_assert_int_eq(hours_add_range(&h, 0, H(12), H(13)), STATUS_OK);
	ck_assert_int_eq(h.n_ranges[0], 3);
	ck_assert(hours_is_open(&h, MON, H(12)));
	ck_assert(hours_is_open(&h, MON, H(12.99)));
	ck_assert(hours_is_open(&h, MON, H(13)));
	/* range order does not matter: added in reverse */
	struct hours r;
	hours_always_open(&r);
	hours_close_weekday(&r, 2);
	ck_assert_int_eq(hours_add_range(&r, 2, H(20), H(22)), STATUS_OK);
	ck_assert_int_eq(hours_add_range(&r, 2, H(6), H(8)), STATUS_OK);
	ck_assert(hours_is_open(&r, MON, 2 * DAY + H(7)));
	ck_assert(hours_is_open(&r, MON, 2 * DAY + H(21)));
	ck_assert(!hours_is_open(&r, MON, 2 * DAY + H(12)));
}
END_TEST

/* ---- limits -------------------------------------------------------------- */

/* A range ending at 24:00 covers the last instant of the day; midnight
 * belongs to the next day. */
START_TEST(test_until_midnight)
{
	struct hours h;
	hours_always_open(&h);
	for (int wd = 0; wd < 7; wd++)
		hours_close_weekday(&h, wd);
	ck_assert_int_eq(hours_add_range(&h, 0, H(22), DAY), STATUS_OK); /* Monday */
	ck_assert(hours_is_open(&h, MON, DAY - 0.001));
	ck_assert(!hours_is_open(&h, MON, DAY));        /* Tuesday 00:00 */
	ck_assert_int_eq(hours_add_range(&h, 1, 0.0, H(2)), STATUS_OK);
	ck_assert(hours_is_open(&h, MON, DAY));
	ck_assert(!hours_is_open(&h, MON, DAY + H(2)));
}
END_TEST

/* Four ranges fit (HOURS_MAX_RANGES), a fifth does not. */
START_TEST(test_max_ranges)
{
	struct hours h;
	hours_always_open(&h);
	hours_close_weekday(&h, 3);
	for (int i = 0; i < HOURS_MAX_RANGES; i++)
		ck_assert_int_eq(hours_add_range(&h, 3, H(2 * i), H(2 * i + 1)), STATUS_OK);
	ck_assert_int_eq(hours_add_range(&h, 3, H(20), H(21)), STATUS_EINVAL);
	ck_assert_int_eq(h.n_ranges[3], HOURS_MAX_RANGES);
	for (int i = 0; i < HOURS_MAX_RANGES; i++) {
		ck_assert(hours_is_open(&h, MON, 3 * DAY + H(2 * i + 0.5)));
		ck_assert(!hours_is_open(&h, MON, 3 * DAY + H(2 * i + 1.5)));
	}
}
END_TEST

/* 366 closed dates fit; all are honoured. */
START_TEST(test_max_closed)
{
	struct hours h;
	hours_always_open(&h);
	for (int i = 0; i < HOURS_MAX_CLOSED; i++)
		ck_assert_int_eq(hours_add_closed(&h, MON + 2 * i), STATUS_OK);
	ck_assert_uint_eq(h.n_closed, HOURS_MAX_CLOSED);
	ck_assert(!hours_is_open(&h, MON, 2 * 365 * DAY + H(12)));
	ck_assert(hours_is_open(&h, MON, (2 * 365 + 1) * DAY + H(12)));
}
END_TEST

/* ---- errors -------------------------------------------------------------- */

START_TEST(test_overlap)
{
	struct hours h;
	plan(&h);
	/* overlaps [9,12) inside, across each end, and containing it */
	ck_assert_int_eq(hours_add_range(&h, 0, H(10), H(11)), STATUS_EINVAL);
	ck_assert_int_eq(hours_add_range(&h, 0, H(8), H(9.5)), STATUS_EINVAL);
	ck_assert_int_eq(hours_add_range(&h, 0, H(11.5), H(12.5)), STATUS_EINVAL);
	ck_assert_int_eq(hours_add_range(&h, 0, H(8), H(18)), STATUS_EINVAL);
	ck_assert_int_eq(hours_add_range(&h, 0, H(9), H(12)), STATUS_EINVAL); /* equal */
	/* overlapping the always-open default */
	struct hours a;
	hours_always_open(&a);
	ck_assert_int_eq(hours_add_range(&a, 0, H(9), H(10)), STATUS_EINVAL);
	/* nothing was added */
	ck_assert_int_eq(h.n_ranges[0], 2);
	ck_assert(!hours_is_open(&h, MON, H(12.5)));
}
END_TEST

START_TEST(test_bad_range)
{
	struct hours h;
	plan(&h);
	ck_assert_int_eq(hours_add_range(&h, 6, H(10), H(10)), STATUS_EINVAL); /* empty */
	ck_assert_int_eq(hours_add_range(&h, 6, H(11), H(10)), STATUS_EINVAL); /* reversed */
	ck_assert_int_eq(hours_add_range(&h, 6, -1.0, H(10)), STATUS_EINVAL);
	ck_assert_int_eq(hours_add_range(&h, 6, H(10), DAY + 1.0), STATUS_EINVAL);
	ck_assert_int_eq(hours_add_range(&h, 6, NAN, H(10)), STATUS_EINVAL);
	ck_assert_int_eq(hours_add_range(&h, 6, H(10), NAN), STATUS_EINVAL);
	ck_assert_int_eq(hours_add_range(&h, 7, H(10), H(11)), STATUS_EINVAL); /* weekday */
	ck_assert_int_eq(hours_add_range(&h, -1, H(10), H(11)), STATUS_EINVAL);
	ck_assert_int_eq(h.n_ranges[6], 0);
}
END_TEST

START_TEST(test_too_many_closed)
{
	struct hours h;
	hours_always_open(&h);
	for (int i = 0; i < HOURS_MAX_CLOSED; i++)
		hours_add_closed(&h, i);
	ck_assert_int_eq(hours_add_closed(&h, 99999), STATUS_ERANGE);
	ck_assert_uint_eq(h.n_closed, HOURS_MAX_CLOSED);
	ck_assert(hours_is_open(&h, 99999, H(12))); /* not recorded */
}
END_TEST

Suite *hours_suite(void)
{
	Suite *s = suite_create("hours");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_always_open);
	tcase_add_test(tc, test_monday_two_ranges);
	tcase_add_test(tc, test_week);
	tcase_add_test(tc, test_start_date_weekday);
	tcase_add_test(tc, test_closed_dates);
	tcase_add_test(tc, test_adjacent_ranges);
	tcase_add_test(tc, test_open_over);
	suite_add_tcase(s, tc);

	tc = tcase_create("limits");
	tcase_add_test(tc, test_until_midnight);
	tcase_add_test(tc, test_max_ranges);
	tcase_add_test(tc, test_max_closed);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_test(tc, test_overlap);
	tcase_add_test(tc, test_bad_range);
	tcase_add_test(tc, test_too_many_closed);
	suite_add_tcase(s, tc);
	return s;
}
