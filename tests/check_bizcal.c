/*
 * check_bizcal.c: business-time arithmetic (models/bizcal.c).
 *
 * Every expected value below is worked out by hand in the comment beside
 * it; day numbers and weekdays were checked with GNU date, e.g.
 * `date -u -d 2026-05-01 +%A` (Friday) and `date -u -d 2026-05-01 +%s`
 * divided by 86400 (20574).
 *
 * The plan used throughout starts on Monday 2026-04-27 (day number 20570,
 * time 0 = its midnight):
 *   Mon, Tue, Thu, Fri   08:00-18:00                  10 h
 *   Wed                  08:00-12:00 and 13:00-18:00   9 h (lunch break)
 *   Sat                  09:00-12:00                   3 h
 *   Sun                  closed
 * so an ordinary week holds 10+10+9+10+10+3 = 52 business hours.  Friday
 * 2026-05-01 (day 4) is a public holiday (a closed date), so the first week
 * holds 52 - 10 = 42 h.  Day numbers relative to the start:
 *   0 Mon 04-27   1 Tue 04-28   2 Wed 04-29   3 Thu 04-30   4 Fri 05-01 (holiday)
 *   5 Sat 05-02   6 Sun 05-03   7 Mon 05-04   8 Tue 05-05   9 Wed 05-06
 *  10 Thu 05-07  11 Fri 05-08  12 Sat 05-09  13 Sun 05-10  14 Mon 05-11
 * T(d, h) is hour h of relative day d.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>
#include <check.h>

#include "../models/bizcal.h"
#include "../models/horizon.h"
#include "../models/hours.h"
#include "../sim/status.h"

Suite *bizcal_suite(void);

#define H(x) ((x) * 3600.0)
#define DAY 86400.0
#define T(d, h) ((d) * DAY + H(h))
#define START 20570   /* Monday 2026-04-27 */
#define HOLIDAY 20574 /* Friday 2026-05-01 */
#define SENTINEL -12345.0

static void closed_all_week(struct hours *h)
{
	hours_always_open(h);
	for (int wd = 0; wd < 7; wd++)
		hours_close_weekday(h, wd);
}

static void plan_hours(struct hours *h)
{
	closed_all_week(h);
	for (int wd = 0; wd <= 4; wd++)
		if (wd != 2)
			ck_assert_int_eq(hours_add_range(h, wd, H(8), H(18)), STATUS_OK);
	/* Wednesday's ranges given in reverse order: bizcal sorts them. */
	ck_assert_int_eq(hours_add_range(h, 2, H(13), H(18)), STATUS_OK);
	ck_assert_int_eq(hours_add_range(h, 2, H(8), H(12)), STATUS_OK);
	ck_assert_int_eq(hours_add_range(h, 5, H(9), H(12)), STATUS_OK);
	ck_assert_int_eq(hours_add_closed(h, HOLIDAY), STATUS_OK);
}

static void plan(struct bizcal *c)
{
	struct hours h;
	plan_hours(&h);
	ck_assert_int_eq(bizcal_init(c, &h, START), STATUS_OK);
}

/* Open Monday 08:00-18:00 only. */
static void mondays(struct hours *h)
{
	closed_all_week(h);
	ck_assert_int_eq(hours_add_range(h, 0, H(8), H(18)), STATUS_OK);
}

/* Asserts that f(...) returned STATUS_OK with *out == want (exactly: all
 * the values used are whole seconds). */
#define ASSERT_OK_EQ(call, out, want)                                                  \
	do {                                                                           \
		double want_ = (want);                                                 \
		out = SENTINEL;                                                        \
		int rc_ = (call);                                                      \
		ck_assert_msg(rc_ == STATUS_OK, "%s: status %d", #call, rc_);          \
		ck_assert_msg(out == want_, "%s: got %.17g (day %g + %g h), want %.17g " \
			      "(day %g + %g h)", #call, out, floor(out / DAY),         \
			      fmod(out, DAY) / 3600.0, want_, floor(want_ / DAY),      \
			      fmod(want_, DAY) / 3600.0);                              \
	} while (0)

static double next_open(const struct bizcal *c, double t)
{
	double u = SENTINEL;
	ck_assert_int_eq(bizcal_next_open(c, t, &u), STATUS_OK);
	return u;
}

static double add_bh(const struct bizcal *c, double t, double hours)
{
	double u = SENTINEL;
	ck_assert_int_eq(bizcal_add_business(c, t, H(hours), &u), STATUS_OK);
	return u;
}

static double btime(const struct bizcal *c, double a, double b)
{
	double s = SENTINEL;
	ck_assert_int_eq(bizcal_business_time(c, a, b, &s), STATUS_OK);
	return s;
}

static double due(const struct bizcal *c, double t, enum deadline_clock clock, double amount)
{
	struct deadline d = { clock, amount };
	double u = SENTINEL;
	int rc = bizcal_deadline(c, t, &d, &u);
	ck_assert_msg(rc == STATUS_OK, "deadline at %g: status %d", t, rc);
	return u;
}

static double elapsed(const struct bizcal *c, double r, double x, enum deadline_clock clock)
{
	double e = SENTINEL;
	ck_assert_int_eq(bizcal_elapsed(c, r, x, clock, &e), STATUS_OK);
	return e;
}

/* ---- core ------------------------------------------------------------------ */

/* bizcal_is_open agrees with hours_is_open (the independent reference) at
 * every quarter hour of three weeks, the week before the start included. */
START_TEST(test_is_open_matches_hours)
{
	struct hours h;
	plan_hours(&h);
	struct bizcal c;
	ck_assert_int_eq(bizcal_init(&c, &h, START), STATUS_OK);
	for (int q = -7 * 96; q < 14 * 96; q++)
		ck_assert_msg(bizcal_is_open(&c, q * 900.0) == hours_is_open(&h, START, q * 900.0),
			      "quarter %d", q);
	ck_assert(bizcal_is_open(&c, T(0, 8)));          /* open at opening */
	ck_assert(!bizcal_is_open(&c, T(0, 18)));        /* closed at closing */
	ck_assert(!bizcal_is_open(&c, T(4, 10)));        /* holiday */
}
END_TEST

START_TEST(test_clock_start)
{
	struct bizcal c;
	plan(&c);
	ck_assert(next_open(&c, T(0, 3)) == T(0, 8));    /* Mon night -> Mon 08:00 */
	ck_assert(next_open(&c, T(0, 8)) == T(0, 8));    /* exactly at opening: open */
	ck_assert(next_open(&c, T(0, 10)) == T(0, 10));  /* open: the clock starts at once */
	ck_assert(next_open(&c, T(0, 18)) == T(1, 8));   /* exactly at closing: closed */
	ck_assert(next_open(&c, T(2, 12)) == T(2, 13));  /* Wed lunch starts at 12:00 */
	ck_assert(next_open(&c, T(2, 12.5)) == T(2, 13));
	ck_assert(next_open(&c, T(3, 20)) == T(5, 9));   /* Thu evening, Fri holiday -> Sat */
	ck_assert(next_open(&c, T(4, 10)) == T(5, 9));   /* on the holiday -> Sat 09:00 */
	ck_assert(next_open(&c, T(5, 11.75)) == T(5, 11.75));
	ck_assert(next_open(&c, T(5, 12)) == T(7, 8));   /* Sat noon -> Mon 05-04 08:00 */
	ck_assert(next_open(&c, T(6, 10)) == T(7, 8));   /* Sunday */
	ck_assert(next_open(&c, T(-1, 22)) == T(0, 8));  /* Sun 04-26, before the start */
	ck_assert(next_open(&c, T(-3, 20)) == T(-2, 9)); /* Fri 04-24 evening -> Sat 04-25 */

	double s;
	/* the calendar clocks start at receipt, open or not */
	ASSERT_OK_EQ(bizcal_clock_start(&c, T(6, 10), CLOCK_CALENDAR, &s), s, T(6, 10));
	ASSERT_OK_EQ(bizcal_clock_start(&c, T(6, 10), CLOCK_CALENDAR_MONTHS, &s), s, T(6, 10));
	ASSERT_OK_EQ(bizcal_clock_start(&c, T(6, 10), CLOCK_BUSINESS_HOURS, &s), s, T(7, 8));
	ASSERT_OK_EQ(bizcal_clock_start(&c, T(6, 10), CLOCK_BUSINESS_DAYS, &s), s, T(7, 8));
}
END_TEST

START_TEST(test_next_close)
{
	struct bizcal c;
	plan(&c);
	double u;
	ASSERT_OK_EQ(bizcal_next_close(&c, T(0, 10), &u), u, T(0, 18));
	ASSERT_OK_EQ(bizcal_next_close(&c, T(0, 8), &u), u, T(0, 18));
	ASSERT_OK_EQ(bizcal_next_close(&c, T(2, 9), &u), u, T(2, 12));    /* lunch */
	ASSERT_OK_EQ(bizcal_next_close(&c, T(2, 13), &u), u, T(2, 18));
	ASSERT_OK_EQ(bizcal_next_close(&c, T(5, 10), &u), u, T(5, 12));   /* Saturday */
	/* closed at t: t itself */
	ASSERT_OK_EQ(bizcal_next_close(&c, T(2, 12.5), &u), u, T(2, 12.5));
	ASSERT_OK_EQ(bizcal_next_close(&c, T(0, 18), &u), u, T(0, 18));
	ASSERT_OK_EQ(bizcal_next_close(&c, T(6, 10), &u), u, T(6, 10));
	ASSERT_OK_EQ(bizcal_next_close(&c, T(4, 10), &u), u, T(4, 10));   /* holiday */
}
END_TEST

START_TEST(test_business_time)
{
	struct bizcal c;
	plan(&c);
	/* the first week: 52 h less the holiday's 10 h */
	ck_assert(btime(&c, T(0, 0), T(7, 0)) == H(42));
	/* two weeks: 42 + 52 */
	ck_assert(btime(&c, T(0, 0), T(14, 0)) == H(94));
	/* the week before the start has no holiday */
	ck_assert(btime(&c, T(-7, 0), T(0, 0)) == H(52));
	/* Thu 14:00 to Tue 05-05 15:00: Thu 4 + Fri 0 + Sat 3 + Sun 0 + Mon 10
	 * + Tue 7 = 24 h */
	ck_assert(btime(&c, T(3, 14), T(8, 15)) == H(24));
	/* Wed 11:00-14:00 across the lunch break: 11-12 and 13-14 */
	ck_assert(btime(&c, T(2, 11), T(2, 14)) == H(2));
	/* Sat 11:00 to Mon 09:00: Sat 11-12 and Mon 08-09 */
	ck_assert(btime(&c, T(5, 11), T(7, 9)) == H(2));
	/* within closed time */
	ck_assert(btime(&c, T(4, 0), T(5, 0)) == 0.0);  /* the holiday */
	ck_assert(btime(&c, T(6, 0), T(7, 0)) == 0.0);  /* Sunday */
	ck_assert(btime(&c, T(0, 18), T(1, 8)) == 0.0); /* a night */
	/* empty and reversed spans */
	ck_assert(btime(&c, T(0, 10), T(0, 10)) == 0.0);
	ck_assert(btime(&c, T(8, 10), T(0, 10)) == 0.0);
	/* a year of 365 days: 52 whole weeks (52 * 52 h) less the holiday,
	 * plus day 364, Monday 2027-04-26 (10 h): 2704 - 10 + 10 = 2704 h */
	ck_assert(btime(&c, T(0, 0), T(365, 0)) == H(2704));
	/* additive: hour by hour over two weeks adds up to 94 h */
	double sum = 0.0;
	for (int k = 0; k < 14 * 24; k++)
		sum += btime(&c, H(k), H(k + 1));
	ck_assert(sum == H(94));
}
END_TEST

START_TEST(test_business_hours_deadline)
{
	struct bizcal c;
	plan(&c);
	/* Thu 14:00 + 24bh, across the holiday and the weekend: Thu 14-18 (4),
	 * Fri holiday (0), Sat 09-12 (3, total 7), Sun (0), Mon 08-18 (10,
	 * total 17), Tue 08:00 + 7 h = Tue 05-05 15:00 */
	ck_assert(add_bh(&c, T(3, 14), 24) == T(8, 15));
	ck_assert(due(&c, T(3, 14), CLOCK_BUSINESS_HOURS, H(24)) == T(8, 15));
	/* received on the holiday at 11:00: the clock starts Sat 09:00; Sat 3,
	 * Mon 10 (13), Tue 10 (23), Wed 08:00 + 1 h = Wed 05-06 09:00 */
	ck_assert(add_bh(&c, T(4, 11), 24) == T(9, 9));
	/* Wed 10:00 + 5bh: 10-12 (2), lunch, 13:00 + 3 h = 16:00 */
	ck_assert(add_bh(&c, T(2, 10), 5) == T(2, 16));
	/* a deadline that uses up a range ends at its closing time, not at
	 * the next opening: Wed 10:00 + 2bh = 12:00; Mon 08:00 + 10bh = 18:00 */
	ck_assert(add_bh(&c, T(2, 10), 2) == T(2, 12));
	ck_assert(add_bh(&c, T(0, 8), 10) == T(0, 18));
	/* received exactly at closing: the clock starts Tue 08:00 */
	ck_assert(add_bh(&c, T(0, 18), 1) == T(1, 9));
	/* Sat 11:00 + 1bh = Sat 12:00; + 1.5bh = Mon 08:30 */
	ck_assert(add_bh(&c, T(5, 11), 1) == T(5, 12));
	ck_assert(add_bh(&c, T(5, 11), 1.5) == T(7, 8.5));
	/* 0bh: the clock start */
	ck_assert(add_bh(&c, T(6, 10), 0) == T(7, 8));
	ck_assert(add_bh(&c, T(0, 10), 0) == T(0, 10));
	/* from Monday midnight, 94bh (two weeks' worth, see test_business_time)
	 * end when the last range before day 14 closes: Sat 05-09 12:00 */
	ck_assert(add_bh(&c, T(0, 0), 94) == T(12, 12));
	/* one more business hour: Mon 05-11 09:00 */
	ck_assert(add_bh(&c, T(0, 0), 95) == T(14, 9));
	/* the calendar clock ignores the hours: Sun 10:00 + 24h = Mon 10:00 */
	ck_assert(due(&c, T(6, 10), CLOCK_CALENDAR, H(24)) == T(7, 10));
}
END_TEST

START_TEST(test_business_days_deadline)
{
	struct bizcal c;
	plan(&c);
	/* Mon 10:00, open: day 0 is Monday; Tue is 1, Wed is 2 -> Wed 18:00 */
	ck_assert(due(&c, T(0, 10), CLOCK_BUSINESS_DAYS, 2) == T(2, 18));
	/* 0bd: the close of the clock-start day */
	ck_assert(due(&c, T(0, 10), CLOCK_BUSINESS_DAYS, 0) == T(0, 18));
	/* Wed during lunch (closed): the clock starts 13:00 the same day */
	ck_assert(due(&c, T(2, 12.5), CLOCK_BUSINESS_DAYS, 0) == T(2, 18));
	/* Sat 14:00 (after Saturday's close) and Sunday: the clock starts Mon
	 * 05-04 08:00, day 0; Tue 1, Wed 2 -> Wed 05-06 18:00 */
	ck_assert(due(&c, T(5, 14), CLOCK_BUSINESS_DAYS, 2) == T(9, 18));
	ck_assert(due(&c, T(6, 10), CLOCK_BUSINESS_DAYS, 2) == T(9, 18));
	/* Sat 10:00, open: Saturday is day 0; Mon 1, Tue 2 -> Tue 05-05 18:00 */
	ck_assert(due(&c, T(5, 10), CLOCK_BUSINESS_DAYS, 2) == T(8, 18));
	/* Thu 10:00: the holiday is skipped; Sat 1 (closes 12:00), Mon 2 */
	ck_assert(due(&c, T(3, 10), CLOCK_BUSINESS_DAYS, 1) == T(5, 12));
	ck_assert(due(&c, T(3, 10), CLOCK_BUSINESS_DAYS, 2) == T(7, 18));
	/* on the holiday: clock Sat 09:00 (day 0), 1bd -> Mon 05-04 18:00 */
	ck_assert(due(&c, T(4, 10), CLOCK_BUSINESS_DAYS, 1) == T(7, 18));
	/* Mon 10:00, 10bd: Tue 1, Wed 2, Thu 3, (Fri holiday), Sat 4, Mon 5,
	 * Tue 6, Wed 7, Thu 8, Fri 9, Sat 05-09 10 -> Sat 12:00 */
	ck_assert(due(&c, T(0, 10), CLOCK_BUSINESS_DAYS, 10) == T(12, 12));
	/* Thu 20:00: clock Sat 09:00 (day 0); Mon 1, Tue 2, Wed 3, Thu 4,
	 * Fri 5, Sat 6, Mon 7, Tue 8, Wed 9, Thu 05-14 10 -> 18:00 */
	ck_assert(due(&c, T(3, 20), CLOCK_BUSINESS_DAYS, 10) == T(17, 18));
	/* a deadline day with a lunch break is due at its last closing */
	ck_assert(due(&c, T(1, 9), CLOCK_BUSINESS_DAYS, 1) == T(2, 18));
}
END_TEST

/* Calendar months from a start date of Thursday 2026-01-01 (20454). */
START_TEST(test_months)
{
	struct hours h;
	plan_hours(&h);
	struct bizcal c;
	const int64_t jan1 = 20454;
	ck_assert_int_eq(bizcal_init(&c, &h, jan1), STATUS_OK);
#define AT(date, hour) (((date) - jan1) * DAY + H(hour))
	/* 2026-01-31 (20484) 15:30 + 1mo: 2026 is not leap -> 2026-02-28
	 * (20512), same time */
	ck_assert(due(&c, AT(20484, 15.5), CLOCK_CALENDAR_MONTHS, 1) == AT(20512, 15.5));
	/* 2028-01-31 (21214) + 1mo: 2028 is leap -> 2028-02-29 (21243) */
	ck_assert(due(&c, AT(21214, 9), CLOCK_CALENDAR_MONTHS, 1) == AT(21243, 9));
	/* + 13mo from 2026-01-31 -> 2027-02-28 (20877) */
	ck_assert(due(&c, AT(20484, 9), CLOCK_CALENDAR_MONTHS, 13) == AT(20877, 9));
	/* 2024-02-29 (19782, before the start date) + 12mo -> 2025-02-28 (20147) */
	ck_assert(due(&c, AT(19782, 0), CLOCK_CALENDAR_MONTHS, 12) == AT(20147, 0));
	/* 2026-03-31 (20543) + 1mo -> 2026-04-30 (20573) */
	ck_assert(due(&c, AT(20543, 23.5), CLOCK_CALENDAR_MONTHS, 1) == AT(20573, 23.5));
	/* 2026-12-31 (20818) + 2mo -> 2027-02-28 (20877), across a year end */
	ck_assert(due(&c, AT(20818, 12), CLOCK_CALENDAR_MONTHS, 2) == AT(20877, 12));
	/* no clamping needed: 2026-01-15 + 1mo = 2026-02-15 (31 days later) */
	ck_assert(due(&c, AT(20468, 12), CLOCK_CALENDAR_MONTHS, 1) == AT(20468 + 31, 12));
	/* 0mo: the receipt itself, closed time or not (a Sunday night) */
	ck_assert(due(&c, AT(20484 + 1, 23), CLOCK_CALENDAR_MONTHS, 0) == AT(20485, 23));
#undef AT
}
END_TEST

START_TEST(test_elapsed)
{
	struct bizcal c;
	plan(&c);
	/* calendar: Mon 10:00 to Tue 11:00 = 25 h; months count seconds too */
	ck_assert(elapsed(&c, T(0, 10), T(1, 11), CLOCK_CALENDAR) == H(25));
	ck_assert(elapsed(&c, T(0, 10), T(1, 11), CLOCK_CALENDAR_MONTHS) == H(25));
	/* business hours: Thu 14:00 to Tue 05-05 15:00 = 24 h (see above) */
	ck_assert(elapsed(&c, T(3, 14), T(8, 15), CLOCK_BUSINESS_HOURS) == H(24));
	/* Sun 10:00 to Mon 09:30: the clock starts Mon 08:00 -> 1.5 h */
	ck_assert(elapsed(&c, T(6, 10), T(7, 9.5), CLOCK_BUSINESS_HOURS) == H(1.5));
	/* completed before the clock started */
	ck_assert(elapsed(&c, T(6, 10), T(6, 11), CLOCK_BUSINESS_HOURS) == 0.0);
	/* business days, received Mon 10:00 (day 0 = Monday) */
	ck_assert(elapsed(&c, T(0, 10), T(0, 17), CLOCK_BUSINESS_DAYS) == 0);
	ck_assert(elapsed(&c, T(0, 10), T(0, 18), CLOCK_BUSINESS_DAYS) == 0); /* at the close */
	ck_assert(elapsed(&c, T(0, 10), T(0, 18.5), CLOCK_BUSINESS_DAYS) == 1); /* after it: Tue */
	ck_assert(elapsed(&c, T(0, 10), T(2, 12.5), CLOCK_BUSINESS_DAYS) == 2); /* Wed lunch */
	ck_assert(elapsed(&c, T(0, 10), T(2, 18), CLOCK_BUSINESS_DAYS) == 2);   /* the 2bd deadline */
	ck_assert(elapsed(&c, T(0, 10), T(2, 18.5), CLOCK_BUSINESS_DAYS) == 3);
	/* Tue 1, Wed 2, Thu 3, (holiday), Sat 4 */
	ck_assert(elapsed(&c, T(0, 10), T(5, 10), CLOCK_BUSINESS_DAYS) == 4);
	/* done on the holiday: falls due on Sat, 4; on Sunday: Mon 05-04, 5 */
	ck_assert(elapsed(&c, T(0, 10), T(4, 10), CLOCK_BUSINESS_DAYS) == 4);
	ck_assert(elapsed(&c, T(0, 10), T(6, 10), CLOCK_BUSINESS_DAYS) == 5);
	/* received Sat 14:00: the clock starts Mon 05-04 08:00 */
	ck_assert(elapsed(&c, T(5, 14), T(6, 10), CLOCK_BUSINESS_DAYS) == 0); /* before it */
	ck_assert(elapsed(&c, T(5, 14), T(7, 12), CLOCK_BUSINESS_DAYS) == 0);
	ck_assert(elapsed(&c, T(5, 14), T(9, 18), CLOCK_BUSINESS_DAYS) == 2);
	ck_assert(elapsed(&c, T(0, 10), T(0, 10), CLOCK_BUSINESS_DAYS) == 0);
	ck_assert(elapsed(&c, T(0, 10), T(0, 10), CLOCK_CALENDAR) == 0);
}
END_TEST

/* On its own clock, elapsed <= D exactly when done <= the D deadline;
 * checked for several receipts, D = 0..10 and every 30 minutes over three
 * weeks. */
START_TEST(test_elapsed_matches_deadline)
{
	struct bizcal c;
	plan(&c);
	const double receipts[] = { T(0, 10), T(2, 12.5), T(3, 20), T(4, 10), T(5, 10),
				    T(5, 14), T(6, 23), T(-1, 3) };
	for (size_t r = 0; r < sizeof receipts / sizeof receipts[0]; r++) {
		for (int d = 0; d <= 10; d++) {
			double bd_due = due(&c, receipts[r], CLOCK_BUSINESS_DAYS, d);
			double bh_due = due(&c, receipts[r], CLOCK_BUSINESS_HOURS, H(d * 3));
			for (int k = 0; k < 21 * 48; k++) {
				double x = receipts[r] + k * 1800.0;
				double e = elapsed(&c, receipts[r], x, CLOCK_BUSINESS_DAYS);
				ck_assert_msg((e <= d) == (x <= bd_due), "receipt %zu, %dbd, k %d", r, d, k);
				/* business hours: met implies within the amount; after
				 * the deadline, the amount plus the business time since
				 * (so in closed time just after it, the amount exactly) */
				double eh = elapsed(&c, receipts[r], x, CLOCK_BUSINESS_HOURS);
				if (x <= bh_due)
					ck_assert(eh <= H(d * 3));
				else
					ck_assert(eh == H(d * 3) + btime(&c, bh_due, x));
			}
		}
	}
}
END_TEST

/* Against a brute-force count: every boundary of the plan falls on a
 * quarter hour, so each quarter hour is wholly open or closed, and
 * hours_is_open (the independent reference) at its start says which.
 * Business time is then a count of open quarters, t + k quarters of
 * business time is the end of the k-th open quarter from t, and the D-th
 * business day is found by walking dates. */
#define Q 900.0
#define Q0 (-7 * 96)   /* the week before the start */
#define NQ (28 * 96)   /* four weeks */
START_TEST(test_against_brute_force)
{
	struct hours h;
	plan_hours(&h);
	struct bizcal c;
	ck_assert_int_eq(bizcal_init(&c, &h, START), STATUS_OK);
	static int open_q[NQ], before[NQ + 1]; /* before[i]: open quarters < i */
	before[0] = 0;
	for (int i = 0; i < NQ; i++) {
		open_q[i] = hours_is_open(&h, START, (Q0 + i) * Q);
		before[i + 1] = before[i] + open_q[i];
	}
	for (int i = 0; i < NQ; i += 5)
		for (int j = i; j <= NQ; j += 7)
			ck_assert(btime(&c, (Q0 + i) * Q, (Q0 + j) * Q) == (before[j] - before[i]) * Q);
	for (int i = 0; i < 21 * 96; i += 3) {
		double t = (Q0 + i) * Q;
		for (int k = 1; k <= 150; k += 7) {
			int j = i, n = 0;
			while (n < k)
				n += open_q[j++];
			ck_assert_msg(add_bh(&c, t, k * 0.25) == (Q0 + j) * Q, "quarter %d + %d", i, k);
		}
		/* business days: the clock starts at the first open quarter */
		int j = i;
		while (!open_q[j])
			j++;
		int d0 = (Q0 + j) / 96 - ((Q0 + j) % 96 < 0);
		for (int dd = 0; dd <= 6; dd++) {
			int day = d0, n = 0;
			for (;;) {
				bool any = false;
				for (int q = 0; q < 96; q++)
					any = any || hours_is_open(&h, START, day * DAY + q * Q);
				if (any && day > d0)
					n++;
				if (any && n == dd)
					break;
				day++;
			}
			int last = 95;
			while (!hours_is_open(&h, START, day * DAY + last * Q))
				last--;
			ck_assert(due(&c, t, CLOCK_BUSINESS_DAYS, dd) == day * DAY + (last + 1) * Q);
		}
	}
}
END_TEST
#undef Q
#undef Q0
#undef NQ

/* A centre open 24/7: business time is calendar time. */
START_TEST(test_always_open)
{
	struct hours h;
	hours_always_open(&h);
	struct bizcal c;
	ck_assert_int_eq(bizcal_init(&c, &h, START), STATUS_OK);
	const double ts[] = { 0.0, 1.5, T(0, 23.75), T(3, 12), T(100, 7), T(-20, 5) };
	for (size_t i = 0; i < sizeof ts / sizeof ts[0]; i++) {
		for (size_t j = 0; j < sizeof ts / sizeof ts[0]; j++)
			ck_assert(btime(&c, ts[i], ts[j]) == fmax(ts[j] - ts[i], 0.0));
		ck_assert(next_open(&c, ts[i]) == ts[i]);
		ck_assert(add_bh(&c, ts[i], 0.25) == ts[i] + H(0.25));
		ck_assert(add_bh(&c, ts[i], 24) == ts[i] + H(24));
		ck_assert(add_bh(&c, ts[i], 1000) == ts[i] + H(1000));
		ck_assert(elapsed(&c, ts[i], ts[i] + H(30), CLOCK_BUSINESS_HOURS) == H(30));
	}
	/* it never closes up to the end of 9999-12-31 */
	double u;
	ck_assert_int_eq(bizcal_next_close(&c, T(0, 10), &u), STATUS_EDOM);
	ck_assert(u == INFINITY);
	/* every day is a business day closing at 24:00 (the next midnight):
	 * Mon 10:00 + 2bd = Wed 24:00 = Thu 00:00 */
	ck_assert(due(&c, T(0, 10), CLOCK_BUSINESS_DAYS, 2) == T(3, 0));
	ck_assert(elapsed(&c, T(0, 10), T(3, 0), CLOCK_BUSINESS_DAYS) == 2);
	ck_assert(elapsed(&c, T(0, 10), T(3, 0) + 1.0, CLOCK_BUSINESS_DAYS) == 3);

	/* with Wednesday (day 2) closed: Mon 10:00 closes at Wed 00:00; Tue
	 * 12:00 + 24bh = Thu 12:00; the week holds 6 days */
	ck_assert_int_eq(hours_add_closed(&h, START + 2), STATUS_OK);
	ck_assert_int_eq(bizcal_init(&c, &h, START), STATUS_OK);
	ASSERT_OK_EQ(bizcal_next_close(&c, T(0, 10), &u), u, T(2, 0));
	ck_assert(add_bh(&c, T(1, 12), 24) == T(3, 12));
	ck_assert(btime(&c, T(0, 0), T(7, 0)) == 6 * DAY);
	ck_assert(next_open(&c, T(2, 5)) == T(3, 0));
}
END_TEST

/* Duplicate closed dates count once; touching ranges are one stretch. */
START_TEST(test_init)
{
	struct hours h;
	plan_hours(&h);
	ck_assert_int_eq(hours_add_closed(&h, HOLIDAY), STATUS_OK);
	ck_assert_int_eq(hours_add_closed(&h, HOLIDAY), STATUS_OK);
	ck_assert_int_eq(hours_add_closed(&h, START + 100), STATUS_OK); /* unsorted */
	ck_assert_int_eq(hours_add_closed(&h, START - 100), STATUS_OK);
	struct bizcal c;
	ck_assert_int_eq(bizcal_init(&c, &h, START), STATUS_OK);
	ck_assert_uint_eq(c.n_closed, 3);
	ck_assert(btime(&c, T(0, 0), T(7, 0)) == H(42)); /* not 32 or 22 */
	/* the hours are copied: changing them afterwards does not reach c */
	hours_close_weekday(&h, 0);
	ck_assert(bizcal_is_open(&c, T(0, 10)));

	/* Monday 08-12 + 12-18 is one stretch 08-18 */
	closed_all_week(&h);
	ck_assert_int_eq(hours_add_range(&h, 0, H(12), H(18)), STATUS_OK);
	ck_assert_int_eq(hours_add_range(&h, 0, H(8), H(12)), STATUS_OK);
	ck_assert_int_eq(bizcal_init(&c, &h, START), STATUS_OK);
	ck_assert_int_eq(c.n_blocks[0], 1);
	double u;
	ASSERT_OK_EQ(bizcal_next_close(&c, T(0, 10), &u), u, T(0, 18));
	ck_assert(add_bh(&c, T(0, 10), 3) == T(0, 13));
	/* and 0bd is due at 18:00 */
	ck_assert(due(&c, T(0, 10), CLOCK_BUSINESS_DAYS, 0) == T(0, 18));
}
END_TEST

/* ---- limits ---------------------------------------------------------------- */

/* Monday 22:00-24:00 and Tuesday 00:00-02:00 are one stretch. */
START_TEST(test_across_midnight)
{
	struct hours h;
	closed_all_week(&h);
	ck_assert_int_eq(hours_add_range(&h, 0, H(22), DAY), STATUS_OK);
	ck_assert_int_eq(hours_add_range(&h, 1, 0.0, H(2)), STATUS_OK);
	struct bizcal c;
	ck_assert_int_eq(bizcal_init(&c, &h, START), STATUS_OK);
	double u;
	ASSERT_OK_EQ(bizcal_next_close(&c, T(0, 23), &u), u, T(1, 2));
	ASSERT_OK_EQ(bizcal_next_close(&c, T(1, 0), &u), u, T(1, 2));
	ck_assert(add_bh(&c, T(0, 23), 2) == T(1, 1));
	ck_assert(add_bh(&c, T(0, 23), 1) == T(1, 0));   /* exactly midnight */
	ck_assert(add_bh(&c, T(0, 23), 4) == T(7, 23));  /* next week */
	ck_assert(btime(&c, T(0, 22), T(1, 2)) == H(4));
	ck_assert(next_open(&c, T(0, 21)) == T(0, 22));
	/* business days are dates: Monday closes at 24:00, Tuesday at 02:00 */
	ck_assert(due(&c, T(0, 23), CLOCK_BUSINESS_DAYS, 0) == T(1, 0));
	ck_assert(due(&c, T(0, 23), CLOCK_BUSINESS_DAYS, 1) == T(1, 2));
	ck_assert(elapsed(&c, T(0, 23), T(1, 0), CLOCK_BUSINESS_DAYS) == 0); /* Mon's close */
	ck_assert(elapsed(&c, T(0, 23), T(1, 1), CLOCK_BUSINESS_DAYS) == 1);
	/* with Tuesday a closed date the stretch ends at Monday midnight */
	ck_assert_int_eq(hours_add_closed(&h, START + 1), STATUS_OK);
	ck_assert_int_eq(bizcal_init(&c, &h, START), STATUS_OK);
	ASSERT_OK_EQ(bizcal_next_close(&c, T(0, 23), &u), u, T(1, 0));
	ck_assert(add_bh(&c, T(0, 23), 2) == T(7, 23));
}
END_TEST

/* A receipt five years ahead: Saturday 2031-05-03 (22402, relative day
 * 22402 - 20570 = 1832) at 14:00, after Saturday's close.  The clock
 * starts Monday 2031-05-05 (day 1834) 08:00; 2bd -> Wed 2031-05-07 (day
 * 1836) 18:00; 24bh -> Mon 10 + Tue 10 + Wed 08-12 (4) = Wed 12:00, the
 * start of the lunch break. */
START_TEST(test_far_ahead)
{
	struct bizcal c;
	plan(&c);
	ck_assert(next_open(&c, T(1832, 14)) == T(1834, 8));
	ck_assert(due(&c, T(1832, 14), CLOCK_BUSINESS_DAYS, 2) == T(1836, 18));
	ck_assert(add_bh(&c, T(1832, 14), 24) == T(1836, 12));
	/* the year before that Monday holds 52 whole weeks: 52 * 52 h */
	ck_assert(btime(&c, T(1834 - 364, 0), T(1834, 0)) == H(52 * 52));
	/* a huge amount stays consistent: 1e6 bh later, exactly 1e6 bh lie
	 * between the clock start and the deadline (about 370 years on) */
	double u = add_bh(&c, T(0, 10), 1e6);
	ck_assert(btime(&c, T(0, 10), u) == H(1e6));
	ck_assert(bizcal_is_open(&c, u - 1.0));
}
END_TEST

/* Open on Mondays only, with 366 closed Mondays in a row (HOURS_MAX_CLOSED):
 * from Tuesday (day 1) the next opening is on Monday day 7 + 366 * 7 =
 * 2569, 2033-05-09. */
START_TEST(test_long_closure)
{
	struct hours h;
	mondays(&h);
	for (int i = 1; i <= HOURS_MAX_CLOSED; i++)
		ck_assert_int_eq(hours_add_closed(&h, START + 7 * i), STATUS_OK);
	struct bizcal c;
	ck_assert_int_eq(bizcal_init(&c, &h, START), STATUS_OK);
	ck_assert(next_open(&c, T(1, 0)) == T(2569, 8));
	ck_assert(due(&c, T(0, 10), CLOCK_BUSINESS_DAYS, 1) == T(2569, 18));
	ck_assert(add_bh(&c, T(0, 10), 9) == T(2569, 9));
	ck_assert(btime(&c, T(0, 0), T(2570, 0)) == H(20));
	ck_assert(elapsed(&c, T(0, 10), T(2569, 12), CLOCK_BUSINESS_DAYS) == 1);
}
END_TEST

/* The end of the supported dates, 9999-12-31, a Friday.  Open on Mondays
 * only: after Monday 9999-12-27 (2932892) it never opens again. */
START_TEST(test_end_of_dates)
{
	struct hours h;
	mondays(&h);
	struct bizcal c;
	ck_assert_int_eq(bizcal_init(&c, &h, START), STATUS_OK);
	const double mon = (2932892 - START) * DAY;
	double u;
	ck_assert(next_open(&c, mon + H(10)) == mon + H(10));
	ck_assert(due(&c, mon + H(10), CLOCK_BUSINESS_DAYS, 0) == mon + H(18));
	ck_assert_int_eq(bizcal_next_open(&c, mon + DAY, &u), STATUS_EDOM);
	ck_assert(u == INFINITY);
	ck_assert_int_eq(bizcal_add_business(&c, mon + DAY, H(1), &u), STATUS_EDOM);
	ck_assert(u == INFINITY);
	/* the clock starts, but the deadline lies beyond 9999-12-31 */
	u = SENTINEL;
	ck_assert_int_eq(bizcal_add_business(&c, mon + H(10), H(9), &u), STATUS_ERANGE);
	struct deadline bd = { CLOCK_BUSINESS_DAYS, 1 };
	ck_assert_int_eq(bizcal_deadline(&c, mon + H(10), &bd, &u), STATUS_ERANGE);
	struct deadline mo = { CLOCK_CALENDAR_MONTHS, 1 };
	ck_assert_int_eq(bizcal_deadline(&c, mon + H(10), &mo, &u), STATUS_ERANGE);
	struct deadline cal = { CLOCK_CALENDAR, 1e9 };
	ck_assert_int_eq(bizcal_deadline(&c, mon + H(10), &cal, &u), STATUS_ERANGE);
	ck_assert(u == SENTINEL);
	/* 9999-12-31 23:00 + 1h is the end of the last day: still accepted */
	cal.amount = H(1);
	ck_assert(due(&c, mon + T(4, 23), CLOCK_CALENDAR, H(1)) == mon + T(5, 0));
	/* received after the last Monday: never opens, elapsed business days
	 * undefined */
	ck_assert_int_eq(bizcal_elapsed(&c, mon + DAY, mon + 2 * DAY, CLOCK_BUSINESS_DAYS, &u),
			 STATUS_EDOM);
	ck_assert(u == INFINITY);
	/* beyond 9999-12-31, before 0001-01-01, far away or not finite: a bad
	 * time, whatever the function */
	const double bad[] = { mon + 5 * DAY, (-719162 - START) * DAY - 1.0, 1e13, -1e13,
			       1e300, INFINITY, -INFINITY, NAN };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		u = SENTINEL;
		ck_assert_int_eq(bizcal_next_open(&c, bad[i], &u), STATUS_EINVAL);
		ck_assert_int_eq(bizcal_next_close(&c, bad[i], &u), STATUS_EINVAL);
		ck_assert_int_eq(bizcal_add_business(&c, bad[i], H(1), &u), STATUS_EINVAL);
		ck_assert_int_eq(bizcal_business_time(&c, 0.0, bad[i], &u), STATUS_EINVAL);
		ck_assert_int_eq(bizcal_business_time(&c, bad[i], 0.0, &u), STATUS_EINVAL);
		ck_assert_int_eq(bizcal_deadline(&c, bad[i], &cal, &u), STATUS_EINVAL);
		ck_assert_int_eq(bizcal_clock_start(&c, bad[i], CLOCK_CALENDAR, &u), STATUS_EINVAL);
		ck_assert_int_eq(bizcal_elapsed(&c, 0.0, bad[i], CLOCK_CALENDAR, &u), STATUS_EINVAL);
		ck_assert_int_eq(bizcal_elapsed(&c, bad[i], 0.0, CLOCK_CALENDAR, &u), STATUS_EINVAL);
		ck_assert(!bizcal_is_open(&c, bad[i]));
		ck_assert(u == SENTINEL);
	}
	/* the first day, 0001-01-01 (a Monday), is supported */
	const double first = (-719162 - START) * DAY;
	ck_assert(next_open(&c, first) == first + H(8));
}
END_TEST

/* Instants a hair before midnight stay on their own day. */
START_TEST(test_before_midnight)
{
	struct hours h;
	closed_all_week(&h);
	ck_assert_int_eq(hours_add_range(&h, 0, H(22), DAY), STATUS_OK); /* Mon */
	struct bizcal c;
	ck_assert_int_eq(bizcal_init(&c, &h, START), STATUS_OK);
	double t = nextafter(DAY, 0.0);   /* Monday, 1 ulp before Tuesday */
	ck_assert(bizcal_is_open(&c, t));
	ck_assert(next_open(&c, t) == t);
	ck_assert(!bizcal_is_open(&c, DAY));
	ck_assert(next_open(&c, DAY) == T(7, 22));
	t = nextafter(7 * DAY, 0.0);      /* Sunday night, 1 ulp before Monday */
	ck_assert(next_open(&c, t) == T(7, 22));
}
END_TEST

/* ---- errors ---------------------------------------------------------------- */

/* A centre that never opens: business clocks are undefined (STATUS_EDOM
 * with INFINITY), calendar clocks still work, business time is 0. */
START_TEST(test_never_open)
{
	struct hours h;
	closed_all_week(&h);
	struct bizcal c;
	ck_assert_int_eq(bizcal_init(&c, &h, START), STATUS_OK);
	double u = SENTINEL;
	ck_assert_int_eq(bizcal_next_open(&c, T(0, 10), &u), STATUS_EDOM);
	ck_assert(u == INFINITY);
	u = SENTINEL;
	ck_assert_int_eq(bizcal_clock_start(&c, T(0, 10), CLOCK_BUSINESS_DAYS, &u), STATUS_EDOM);
	ck_assert(u == INFINITY);
	u = SENTINEL;
	ck_assert_int_eq(bizcal_add_business(&c, T(0, 10), 0.0, &u), STATUS_EDOM);
	ck_assert(u == INFINITY);
	struct deadline d = { CLOCK_BUSINESS_HOURS, H(24) };
	u = SENTINEL;
	ck_assert_int_eq(bizcal_deadline(&c, T(0, 10), &d, &u), STATUS_EDOM);
	ck_assert(u == INFINITY);
	d.clock = CLOCK_BUSINESS_DAYS;
	d.amount = 2;
	u = SENTINEL;
	ck_assert_int_eq(bizcal_deadline(&c, T(0, 10), &d, &u), STATUS_EDOM);
	ck_assert(u == INFINITY);
	u = SENTINEL;
	ck_assert_int_eq(bizcal_elapsed(&c, T(0, 10), T(3, 0), CLOCK_BUSINESS_DAYS, &u),
			 STATUS_EDOM);
	ck_assert(u == INFINITY);
	ck_assert(due(&c, T(0, 10), CLOCK_CALENDAR, H(24)) == T(1, 10));
	ck_assert(due(&c, T(0, 10), CLOCK_CALENDAR_MONTHS, 1) == T(30, 10)); /* 04-27 -> 05-27 */
	ck_assert(btime(&c, T(0, 0), T(700, 0)) == 0.0);
	ck_assert(elapsed(&c, T(0, 10), T(3, 0), CLOCK_BUSINESS_HOURS) == 0.0);
	ck_assert(!bizcal_is_open(&c, T(0, 10)));
	ASSERT_OK_EQ(bizcal_next_close(&c, T(0, 10), &u), u, T(0, 10));
	/* closed dates alone cannot make a centre with hours never open: the
	 * holiday list is a few hundred dates long */
	struct hours a;
	hours_always_open(&a);
	for (int i = 0; i < HOURS_MAX_CLOSED; i++)
		hours_add_closed(&a, START + i);
	ck_assert_int_eq(bizcal_init(&c, &a, START), STATUS_OK);
	ck_assert(next_open(&c, 0.0) == HOURS_MAX_CLOSED * DAY);
}
END_TEST

START_TEST(test_bad_hours)
{
	struct hours h;
	struct bizcal c, good;
	plan(&good);
	memcpy(&c, &good, sizeof c);
	plan_hours(&h);
	ck_assert_int_eq(bizcal_init(NULL, &h, START), STATUS_EINVAL);
	ck_assert_int_eq(bizcal_init(&c, NULL, START), STATUS_EINVAL);
	ck_assert_int_eq(bizcal_init(&c, &h, BIZCAL_MAX_DATE + 1), STATUS_EINVAL);
	ck_assert_int_eq(bizcal_init(&c, &h, BIZCAL_MIN_DATE - 1), STATUS_EINVAL);
	/* ranges written straight into the struct, not through hours_add_range */
	struct {
		double open, close;
	} bad[] = { { H(10), H(10) }, { H(11), H(10) }, { -1.0, H(10) }, { H(10), DAY + 1.0 },
		    { NAN, H(10) }, { H(10), NAN }, { H(8), H(9) } /* overlaps 08-18 */ };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		plan_hours(&h);
		h.open_s[0][1] = bad[i].open;
		h.close_s[0][1] = bad[i].close;
		h.n_ranges[0] = 2;
		ck_assert_int_eq(bizcal_init(&c, &h, START), STATUS_EINVAL);
	}
	plan_hours(&h);
	h.n_ranges[3] = HOURS_MAX_RANGES + 1;
	ck_assert_int_eq(bizcal_init(&c, &h, START), STATUS_EINVAL);
	h.n_ranges[3] = -1;
	ck_assert_int_eq(bizcal_init(&c, &h, START), STATUS_EINVAL);
	plan_hours(&h);
	h.n_closed = HOURS_MAX_CLOSED + 1;
	ck_assert_int_eq(bizcal_init(&c, &h, START), STATUS_EINVAL);
	/* c is untouched by every failure */
	ck_assert(memcmp(&c, &good, sizeof c) == 0);
	ck_assert_int_eq(bizcal_init(&c, &h, BIZCAL_MAX_DATE + 1), STATUS_EINVAL);
}
END_TEST

START_TEST(test_bad_arguments)
{
	struct bizcal c;
	plan(&c);
	double u = SENTINEL;
	struct deadline bad[] = {
		{ CLOCK_CALENDAR, -1.0 }, { CLOCK_CALENDAR, NAN }, { CLOCK_CALENDAR, INFINITY },
		{ CLOCK_BUSINESS_HOURS, -H(1) }, { CLOCK_BUSINESS_HOURS, NAN },
		{ CLOCK_BUSINESS_HOURS, INFINITY }, { CLOCK_BUSINESS_DAYS, 1.5 },
		{ CLOCK_BUSINESS_DAYS, -1.0 }, { CLOCK_CALENDAR_MONTHS, 0.5 },
		{ CLOCK_CALENDAR_MONTHS, -1.0 }, { (enum deadline_clock)7, 1.0 },
		{ (enum deadline_clock)-1, 1.0 },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ck_assert_msg(bizcal_deadline(&c, T(0, 10), &bad[i], &u) == STATUS_EINVAL,
			      "deadline %zu accepted", i);
	struct deadline ok = { CLOCK_CALENDAR, 1.0 };
	ck_assert_int_eq(bizcal_deadline(&c, T(0, 10), NULL, &u), STATUS_EINVAL);
	ck_assert_int_eq(bizcal_deadline(&c, T(0, 10), &ok, NULL), STATUS_EINVAL);
	ck_assert_int_eq(bizcal_deadline(NULL, T(0, 10), &ok, &u), STATUS_EINVAL);
	/* huge whole amounts: the deadline lies beyond 9999-12-31 */
	struct deadline huge[] = { { CLOCK_BUSINESS_DAYS, 1e15 }, { CLOCK_CALENDAR_MONTHS, 1e15 },
				   { CLOCK_BUSINESS_HOURS, 1e300 }, { CLOCK_CALENDAR, 1e300 } };
	for (size_t i = 0; i < sizeof huge / sizeof huge[0]; i++)
		ck_assert_int_eq(bizcal_deadline(&c, T(0, 10), &huge[i], &u), STATUS_ERANGE);
	ck_assert_int_eq(bizcal_add_business(&c, T(0, 10), -1.0, &u), STATUS_EINVAL);
	ck_assert_int_eq(bizcal_add_business(&c, T(0, 10), NAN, &u), STATUS_EINVAL);
	ck_assert_int_eq(bizcal_add_business(&c, T(0, 10), INFINITY, &u), STATUS_EINVAL);
	ck_assert_int_eq(bizcal_add_business(&c, T(0, 10), 1.0, NULL), STATUS_EINVAL);
	/* done before received; an unknown clock */
	ck_assert_int_eq(bizcal_elapsed(&c, T(1, 10), T(0, 10), CLOCK_CALENDAR, &u), STATUS_EINVAL);
	ck_assert_int_eq(bizcal_elapsed(&c, T(1, 10), T(1, 9), CLOCK_BUSINESS_DAYS, &u),
			 STATUS_EINVAL);
	ck_assert_int_eq(bizcal_elapsed(&c, T(0, 10), T(1, 10), (enum deadline_clock)9, &u),
			 STATUS_EINVAL);
	ck_assert_int_eq(bizcal_elapsed(&c, T(0, 10), T(1, 10), CLOCK_CALENDAR, NULL),
			 STATUS_EINVAL);
	ck_assert_int_eq(bizcal_clock_start(&c, T(0, 10), (enum deadline_clock)9, &u),
			 STATUS_EINVAL);
	ck_assert_int_eq(bizcal_next_open(NULL, 0.0, &u), STATUS_EINVAL);
	ck_assert_int_eq(bizcal_next_open(&c, 0.0, NULL), STATUS_EINVAL);
	ck_assert_int_eq(bizcal_next_close(&c, 0.0, NULL), STATUS_EINVAL);
	ck_assert_int_eq(bizcal_business_time(&c, 0.0, 1.0, NULL), STATUS_EINVAL);
	ck_assert(!bizcal_is_open(NULL, 0.0));
	ck_assert(u == SENTINEL);
}
END_TEST

Suite *bizcal_suite(void)
{
	Suite *s = suite_create("bizcal");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_is_open_matches_hours);
	tcase_add_test(tc, test_clock_start);
	tcase_add_test(tc, test_next_close);
	tcase_add_test(tc, test_business_time);
	tcase_add_test(tc, test_business_hours_deadline);
	tcase_add_test(tc, test_business_days_deadline);
	tcase_add_test(tc, test_months);
	tcase_add_test(tc, test_elapsed);
	tcase_add_test(tc, test_elapsed_matches_deadline);
	tcase_add_test(tc, test_against_brute_force);
	tcase_add_test(tc, test_always_open);
	tcase_add_test(tc, test_init);
	suite_add_tcase(s, tc);

	tc = tcase_create("limits");
	tcase_add_test(tc, test_across_midnight);
	tcase_add_test(tc, test_far_ahead);
	tcase_add_test(tc, test_long_closure);
	tcase_add_test(tc, test_end_of_dates);
	tcase_add_test(tc, test_before_midnight);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_test(tc, test_never_open);
	tcase_add_test(tc, test_bad_hours);
	tcase_add_test(tc, test_bad_arguments);
	suite_add_tcase(s, tc);
	return s;
}
