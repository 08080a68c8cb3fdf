/*
 * check_units.c: tests of sim/units (values written with units).
 *
 * core:   every accepted form of each kind of value, against hand-worked
 *         results (1.5h = 5400 s; 120/30m = 120/1800 per second; day
 *         numbers of dates from Python's datetime: date(2024, 2, 29) -
 *         date(1970, 1, 1) = 19782 days).
 * limits: the edges of each range: 24:00, 100%, 0%, "0", tiny and huge but
 *         finite numbers, leap days of century years, the first and last
 *         representable dates.
 * errors: every rejection: empty and NULL strings, spaces, signs, NaN and
 *         infinity, overflow ("1e400s"), a missing or unknown unit, bad
 *         separators, impossible times and dates.  A rejected value leaves
 *         the output untouched.
 */
#include <math.h>
#include <stdint.h>
#include <check.h>

#include "../sim/status.h"
#include "../models/bizcal.h"
#include "../sim/units.h"

#define SENTINEL -12345.0

static void duration_is(const char *s, double want)
{
	double v = SENTINEL;
	ck_assert_msg(units_duration(s, &v) == STATUS_OK, "\"%s\" rejected", s);
	ck_assert_msg(fabs(v - want) <= 1e-15 * fabs(want), "\"%s\": got %.17g s, want %.17g s",
		      s, v, want);
}

static void duration_bad(const char *s)
{
	double v = SENTINEL;
	ck_assert_msg(units_duration(s, &v) == STATUS_EINVAL, "duration \"%s\" accepted (%g)",
		      s ? s : "(null)", v);
	ck_assert(v == SENTINEL);
}

static void fraction_is(const char *s, double want)
{
	double v = SENTINEL;
	ck_assert_msg(units_fraction(s, &v) == STATUS_OK, "\"%s\" rejected", s);
	ck_assert_msg(fabs(v - want) <= 1e-15, "\"%s\": got %.17g, want %.17g", s, v, want);
}

static void fraction_bad(const char *s)
{
	double v = SENTINEL;
	ck_assert_msg(units_fraction(s, &v) == STATUS_EINVAL, "fraction \"%s\" accepted (%g)",
		      s ? s : "(null)", v);
	ck_assert(v == SENTINEL);
}

static void time_is(const char *s, double want)
{
	double v = SENTINEL;
	ck_assert_msg(units_time_of_day(s, &v) == STATUS_OK, "\"%s\" rejected", s);
	ck_assert_msg(v == want, "\"%s\": got %.17g s, want %.17g s", s, v, want);
}

static void time_bad(const char *s)
{
	double v = SENTINEL;
	ck_assert_msg(units_time_of_day(s, &v) == STATUS_EINVAL, "time \"%s\" accepted (%g)",
		      s ? s : "(null)", v);
	ck_assert(v == SENTINEL);
}

static void date_is(const char *s, int64_t want)
{
	int64_t v = -999999999;
	ck_assert_msg(units_date(s, &v) == STATUS_OK, "\"%s\" rejected", s);
	ck_assert_msg(v == want, "\"%s\": got day %lld, want %lld", s, (long long)v,
		      (long long)want);
}

static void date_bad(const char *s)
{
	int64_t v = -999999999;
	ck_assert_msg(units_date(s, &v) == STATUS_EINVAL, "date \"%s\" accepted (%lld)",
		      s ? s : "(null)", (long long)v);
	ck_assert(v == -999999999);
}

static void rate_is(const char *s, double want)
{
	double v = SENTINEL;
	ck_assert_msg(units_rate(s, &v) == STATUS_OK, "\"%s\" rejected", s);
	ck_assert_msg(fabs(v - want) <= 1e-15 * fabs(want), "\"%s\": got %.17g /s, want %.17g /s",
		      s, v, want);
}

static void rate_bad(const char *s)
{
	double v = SENTINEL;
	ck_assert_msg(units_rate(s, &v) == STATUS_EINVAL, "rate \"%s\" accepted (%g)",
		      s ? s : "(null)", v);
	ck_assert(v == SENTINEL);
}

/* ---- core ------------------------------------------------------------------ */

START_TEST(test_duration_forms)
{
	duration_is("20s", 20.0);
	duration_is("5m", 300.0);
	duration_is("1h", 3600.0);
	duration_is("2d", 172800.0);
	duration_is("1.5h", 5400.0);
	duration_is("0.5m", 30.0);
	duration_is(".5m", 30.0);
	duration_is("3.m", 180.0);
	duration_is("2.5e1s", 25.0);
	duration_is("1E2s", 100.0);
	duration_is("36e-1h", 12960.0);
	duration_is("007s", 7.0);
	duration_is("0s", 0.0);
	duration_is("0", 0.0);
}
END_TEST

START_TEST(test_fraction_forms)
{
	fraction_is("80%", 0.8);
	fraction_is("0.8", 0.8);
	fraction_is("12.5%", 0.125);
	fraction_is(".95", 0.95);
	fraction_is("5%", 0.05);
	fraction_is("0.5%", 0.005);
	fraction_is("1", 1.0);
	fraction_is("0", 0.0);
}
END_TEST

START_TEST(test_time_forms)
{
	time_is("00:00", 0.0);
	time_is("07:30", 27000.0);
	time_is("12:00:30", 43230.0);
	time_is("23:59:59", 86399.0);
	time_is("20:00", 72000.0);
	time_is("24:00", 86400.0);
}
END_TEST

START_TEST(test_date_forms)
{
	date_is("1970-01-01", 0);
	date_is("1969-12-31", -1);
	date_is("2000-02-29", 11016);
	date_is("2024-02-29", 19782);
	date_is("2026-03-02", 20514);
	date_is("2024-12-25", 20082);
}
END_TEST

START_TEST(test_rate_forms)
{
	rate_is("120/30m", 120.0 / 1800.0);
	rate_is("31.5/1m", 0.525);
	rate_is("1890/1h", 0.525);
	rate_is("1/1s", 1.0);
	rate_is("2.5/0.5s", 5.0);
	rate_is("1e3/1d", 1000.0 / 86400.0);
}
END_TEST

/* ---- limits ---------------------------------------------------------------- */

START_TEST(test_duration_limits)
{
	duration_is("1e300d", 1e300 * 86400.0);       /* huge but finite */
	duration_is("1e-300s", 1e-300);
	duration_is("1e-400s", 0.0);                  /* underflows to 0 */
	duration_is("0.0s", 0.0);
	duration_bad("1e305d");                       /* finite number, infinite seconds */
	duration_bad("1e309s");
}
END_TEST

START_TEST(test_fraction_limits)
{
	fraction_is("100%", 1.0);
	fraction_is("0%", 0.0);
	fraction_is("1.0", 1.0);
	fraction_is("100.0%", 1.0);
	fraction_bad("100.0001%");
	fraction_bad("1.0000001");
}
END_TEST

START_TEST(test_time_limits)
{
	time_is("24:00:00", 86400.0);
	time_is("00:00:00", 0.0);
	time_is("00:00:01", 1.0);
	time_bad("24:00:01");
	time_bad("24:01");
	time_bad("23:60");
}
END_TEST

START_TEST(test_date_limits)
{
	date_is("2000-02-29", 11016);   /* divisible by 400: leap */
	date_bad("1900-02-29");         /* divisible by 100: not leap */
	date_bad("2100-02-29");
	date_is("2100-02-28", 47540);
	date_is("2024-12-31", 20088);
	date_is("2023-12-31", 19722);
	date_is("9999-12-31", 2932896);
	date_is("0001-01-01", -719162);
}
END_TEST

START_TEST(test_rate_limits)
{
	rate_is("0/1h", 0.0);
	rate_is("0/0.001s", 0.0);
	rate_bad("1e308/1e-10s");       /* the quotient overflows */
	rate_bad("1/0");
	rate_bad("1/0s");
	rate_bad("1/1e-400s");          /* the period underflows to 0 */
}
END_TEST

/* ---- errors ---------------------------------------------------------------- */

START_TEST(test_duration_errors)
{
	static const char *const bad[] = {
		"", " ", "s", "m", ".s", ".", "20", "0.0", "00", "1.5",
		"-5s", "+5s", "-0s", " 20s", "20s ", "20 s", "2 0s",
		"nan", "nans", "NaN", "inf", "infs", "infinity", "-inf",
		"1e400s", "1e", "1es", "1e+s", "1e-s", "0x10s", "0x1p3s",
		"20x", "20ss", "20sm", "5M", "1H", "2D", "20S", "20sec",
		"1,5h", "1:30", "20s\n", "\t20s", "20s;",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		duration_bad(bad[i]);
	duration_bad(NULL);
	ck_assert_int_eq(units_duration("20s", NULL), STATUS_EINVAL);
}
END_TEST

START_TEST(test_fraction_errors)
{
	static const char *const bad[] = {
		"", "%", "120%", "101%", "1.5", "2", "80", "-0.1", "-5%", "+0.5",
		"80 %", " 80%", "80% ", "80%%", "0.8x", "nan", "inf", "nan%",
		"inf%", "1e400%", "0x1", "80 percent", "8O%",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		fraction_bad(bad[i]);
	fraction_bad(NULL);
	ck_assert_int_eq(units_fraction("80%", NULL), STATUS_EINVAL);
}
END_TEST

START_TEST(test_time_errors)
{
	static const char *const bad[] = {
		"", "7:00", "07:0", "7:5", "0700", "07-00", "07.00", "07:00:",
		"07:00:0", "07:00:00:00", "25:00", "99:00", "12:60", "12:99",
		"12:00:60", "24:30", "-1:00", " 07:00", "07:00 ", "ab:cd",
		"07:0a", "\xef\xbc\x91\xef\xbc\x92:00", "07h00", "12:00pm",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		time_bad(bad[i]);
	time_bad(NULL);
	ck_assert_int_eq(units_time_of_day("07:00", NULL), STATUS_EINVAL);
}
END_TEST

START_TEST(test_date_errors)
{
	static const char *const bad[] = {
		"", "2026-02-29", "2023-02-29", "2026-13-01", "2026-00-10",
		"2026-01-00", "2026-01-32", "2026-04-31", "2026-06-31",
		"2026-09-31", "2026-11-31", "0000-01-01", "26-03-02",
		"2026/03/02", "2026-3-2", "2026-03-2", "02-03-2026",
		"2026-03-02 ", " 2026-03-02", "2026-03-02T00:00", "2026-0a-02",
		"+026-03-02", "-026-03-02", "20260302", "2026--3-02",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		date_bad(bad[i]);
	date_bad(NULL);
	ck_assert_int_eq(units_date("2026-03-02", NULL), STATUS_EINVAL);
}
END_TEST

START_TEST(test_rate_errors)
{
	static const char *const bad[] = {
		"", "120", "120/", "/30m", "120/30", "120/m", "120 /30m",
		"120/ 30m", "120/30m ", "-120/30m", "120/-30m", "+120/30m",
		"120//30m", "120/30m/2", "nan/1m", "inf/1m", "120/infs",
		"1e400/1m", "120%/1h", "120/1x", "120s/1h",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		rate_bad(bad[i]);
	rate_bad(NULL);
	ck_assert_int_eq(units_rate("120/30m", NULL), STATUS_EINVAL);
}
END_TEST


/* ---- deadlines (units_deadline) ---------------------------------------------- */

static void deadline_is(const char *s, enum deadline_clock clock, double amount)
{
	struct deadline d = { (enum deadline_clock)99, SENTINEL };
	ck_assert_msg(units_deadline(s, &d) == STATUS_OK, "\"%s\" rejected", s);
	ck_assert_msg(d.clock == clock, "\"%s\": clock %d, want %d", s, (int)d.clock, (int)clock);
	ck_assert_msg(fabs(d.amount - amount) <= 1e-15 * fabs(amount),
		      "\"%s\": got %.17g, want %.17g", s, d.amount, amount);
}

static void deadline_bad(const char *s)
{
	struct deadline d = { (enum deadline_clock)99, SENTINEL };
	ck_assert_msg(units_deadline(s, &d) == STATUS_EINVAL, "deadline \"%s\" accepted",
		      s ? s : "(null)");
	ck_assert(d.clock == (enum deadline_clock)99 && d.amount == SENTINEL);
}

/* core: each clock; calendar amounts in seconds, business hours in
 * business seconds (1.5bh = 5400), days and months as counts. */
START_TEST(test_deadline_forms)
{
	deadline_is("24h", CLOCK_CALENDAR, 86400.0);
	deadline_is("90m", CLOCK_CALENDAR, 5400.0);
	deadline_is("2d", CLOCK_CALENDAR, 172800.0);
	deadline_is("30s", CLOCK_CALENDAR, 30.0);
	deadline_is("1.5h", CLOCK_CALENDAR, 5400.0);
	deadline_is("24bh", CLOCK_BUSINESS_HOURS, 86400.0);
	deadline_is("1.5bh", CLOCK_BUSINESS_HOURS, 5400.0);
	deadline_is(".5bh", CLOCK_BUSINESS_HOURS, 1800.0);
	deadline_is("1e1bh", CLOCK_BUSINESS_HOURS, 36000.0);
	deadline_is("2bd", CLOCK_BUSINESS_DAYS, 2.0);
	deadline_is("10bd", CLOCK_BUSINESS_DAYS, 10.0);
	deadline_is("1mo", CLOCK_CALENDAR_MONTHS, 1.0);
	deadline_is("12mo", CLOCK_CALENDAR_MONTHS, 12.0);
	deadline_is("1m", CLOCK_CALENDAR, 60.0); /* minutes, not months */
}
END_TEST

/* limits: zero on every clock (written with its unit), leading zeros,
 * the largest whole count, huge but finite calendar amounts. */
START_TEST(test_deadline_limits)
{
	deadline_is("0h", CLOCK_CALENDAR, 0.0);
	deadline_is("0s", CLOCK_CALENDAR, 0.0);
	deadline_is("0bh", CLOCK_BUSINESS_HOURS, 0.0);
	deadline_is("0bd", CLOCK_BUSINESS_DAYS, 0.0);
	deadline_is("0mo", CLOCK_CALENDAR_MONTHS, 0.0);
	deadline_is("007bd", CLOCK_BUSINESS_DAYS, 7.0);
	deadline_is("9007199254740991bd", CLOCK_BUSINESS_DAYS, 9007199254740991.0); /* 2^53 - 1 */
	deadline_bad("9007199254740992bd");   /* 2^53 */
	deadline_bad("9007199254740993bd");   /* rounds to 2^53 */
	deadline_bad("99999999999999999999mo");
	deadline_is("1e300d", CLOCK_CALENDAR, 1e300 * 86400.0);
	deadline_is("1e-400bh", CLOCK_BUSINESS_HOURS, 0.0); /* underflows to 0 */
	deadline_bad("1e305d");   /* finite number, infinite seconds */
	deadline_bad("1e306bh");
}
END_TEST

START_TEST(test_deadline_errors)
{
	static const char *const bad[] = {
		"", "24", "0", "1.5", "bh", "bd", "mo", "h", ".bh",
		"-24h", "-1bh", "-2bd", "-1mo", "+2bd", "-0bd",
		"1.5bd", "2.bd", "2.0bd", "1e1bd", "2e0mo", ".5mo", "1.5mo",
		" 24h", "24h ", "24 h", "24 bh", "2 bd", "2bd ", " 1mo",
		"nan", "nanbh", "infbh", "inf", "NaNbd", "infbd", "1e400bh", "1e400h",
		"24b", "24hb", "24bhh", "24BH", "24Bh", "2BD", "1MO", "1Mo", "1mon",
		"1month", "1mos", "2bdays", "2b", "2dd", "2bm", "2bs", "0x10bd",
		"24h\n", "\t24h", "2bd;", "2,5bh", "1:30bh", "24h2bd",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		deadline_bad(bad[i]);
	deadline_bad(NULL);
	ck_assert_int_eq(units_deadline("2bd", NULL), STATUS_EINVAL);
}
END_TEST

Suite *units_suite(void);

Suite *units_suite(void)
{
	Suite *s = suite_create("units");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_duration_forms);
	tcase_add_test(tc, test_fraction_forms);
	tcase_add_test(tc, test_time_forms);
	tcase_add_test(tc, test_date_forms);
	tcase_add_test(tc, test_rate_forms);
	tcase_add_test(tc, test_deadline_forms);
	suite_add_tcase(s, tc);

	tc = tcase_create("limits");
	tcase_add_test(tc, test_duration_limits);
	tcase_add_test(tc, test_fraction_limits);
	tcase_add_test(tc, test_time_limits);
	tcase_add_test(tc, test_date_limits);
	tcase_add_test(tc, test_rate_limits);
	tcase_add_test(tc, test_deadline_limits);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_test(tc, test_duration_errors);
	tcase_add_test(tc, test_fraction_errors);
	tcase_add_test(tc, test_time_errors);
	tcase_add_test(tc, test_date_errors);
	tcase_add_test(tc, test_rate_errors);
	tcase_add_test(tc, test_deadline_errors);
	suite_add_tcase(s, tc);
	return s;
}
