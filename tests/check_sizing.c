/*
 * check_sizing.c: tests of sim/sizing (the `ccsim erlang` command's
 * parsers, command line and forecast reader).  Run from the repository
 * root (make check does): fixtures are in tests/forecasts/.
 *
 * core:   each value form against hand-worked results (80/20s is 0.8 and
 *         20 s; 600/1h over 30 minutes is 300 calls; 300 calls of 4 minutes
 *         in 30 minutes are 300 * 240 / 1800 = 40 Erlangs); a whole command
 *         line into its options; the fixtures read row by row with the
 *         values and line numbers counted by hand (day.csv: 26 rows on
 *         lines 2 to 27; excel.csv: byte-order mark, CRLF, upper-case
 *         names, a blank line, rows on lines 2 and 4; erlang-a.csv: quoted
 *         labels holding a comma).
 * limits: the edges of every range (1 and 1000000 agents, 0% and 99.99%
 *         shrinkage, 100% occupancy, SL 1%/0 and 99.9/1d, zero calls); the
 *         parser called again after an error (getopt reset); destroying an
 *         empty forecast.
 * errors: every rejected value (signs, NaN, infinity, hexadecimal,
 *         spaces, missing units, out of range), leaving the output
 *         untouched; every command-line error with its exact one-line
 *         message and status 2; every malformed forecast (tests/forecasts/
 *         bad-*.csv, a NUL byte, a missing file, a folder) with its exact
 *         "FILE:LINE: " prefix, its message, one line, and the forecast
 *         left empty.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <check.h>

#include "../sim/sizing.h"
#include "../sim/status.h"

#define FIX "tests/forecasts/"
#define SENTINEL -12345.0

/* ------------------------------------------------------------- helpers */

static int count_lines(const char *text)
{
	int n = 0;
	for (const char *p = text; *p; p++)
		n += *p == '\n';
	return n;
}

/* Runs sizing_parse_args on the NULL-terminated list after "erlang";
 * *text receives what it printed on errors (caller frees). */
static int parse(struct sizing_options *o, char **text, const char *first, ...)
{
	char *argv[64];
	int argc = 0;
	argv[argc++] = "erlang";
	va_list ap;
	va_start(ap, first);
	for (const char *a = first; a != NULL; a = va_arg(ap, const char *)) {
		ck_assert_int_lt(argc, 63);
		argv[argc++] = (char *)a;
	}
	va_end(ap);
	argv[argc] = NULL;
	size_t len;
	*text = NULL;
	FILE *f = open_memstream(text, &len);
	ck_assert_ptr_nonnull(f);
	int rc = sizing_parse_args(argc, argv, o, f);
	ck_assert_int_eq(fclose(f), 0);
	return rc;
}

/* The command line must fail with exactly one line: "ccsim erlang: " msg. */
#define PARSE_FAILS(msg, ...) do { \
	struct sizing_options o_; \
	char *t_; \
	int rc_ = parse(&o_, &t_, __VA_ARGS__, (const char *)NULL); \
	ck_assert_msg(rc_ == 2, "status %d for %s", rc_, msg); \
	ck_assert_str_eq(t_, "ccsim erlang: " msg "\n"); \
	free(t_); \
} while (0)

static int read_fc(const char *path, double aht, double patience,
		   struct sizing_forecast *fc, char **text)
{
	size_t len;
	*text = NULL;
	FILE *f = open_memstream(text, &len);
	ck_assert_ptr_nonnull(f);
	int st = sizing_forecast_read(path, aht, patience, fc, f);
	ck_assert_int_eq(fclose(f), 0);
	return st;
}

/* The forecast must be refused with one line "path:line: msg". */
static void fc_fails(const char *path, double aht, const char *msg)
{
	struct sizing_forecast fc = { NULL, 0, 0 };
	char *text;
	int st = read_fc(path, aht, INFINITY, &fc, &text);
	ck_assert_msg(st == STATUS_EINVAL, "%s: status %d", path, st);
	char want[512];
	snprintf(want, sizeof want, "%s:%s\n", path, msg);
	ck_assert_str_eq(text, want);
	ck_assert_int_eq(count_lines(text), 1);
	ck_assert_ptr_null(fc.rows);
	ck_assert_uint_eq(fc.n_rows, 0);
	free(text);
}

static void number_bad(const char *s)
{
	double v = SENTINEL;
	ck_assert_msg(sizing_parse_number(s, &v) == STATUS_EINVAL,
		      "number \"%s\" accepted", s ? s : "(null)");
	ck_assert(v == SENTINEL);
}

static void sl_is(const char *s, double sl, double t)
{
	double a = SENTINEL, b = SENTINEL;
	ck_assert_msg(sizing_parse_sl(s, &a, &b) == STATUS_OK, "\"%s\" rejected", s);
	ck_assert_msg(fabs(a - sl) <= 1e-15 && b == t, "\"%s\": %.17g / %.17g s", s, a, b);
}

static void sl_bad(const char *s)
{
	double a = SENTINEL, b = SENTINEL;
	ck_assert_msg(sizing_parse_sl(s, &a, &b) == STATUS_EINVAL, "SL \"%s\" accepted", s);
	ck_assert(a == SENTINEL && b == SENTINEL);
}

static void agents_bad(const char *s)
{
	int n = -7;
	ck_assert_msg(sizing_parse_agents(s, &n) == STATUS_EINVAL, "agents \"%s\" accepted", s);
	ck_assert_int_eq(n, -7);
}

static void calls_bad(const char *s)
{
	double v = SENTINEL;
	ck_assert_msg(sizing_parse_calls(s, 1800.0, &v) == STATUS_EINVAL,
		      "calls \"%s\" accepted", s);
	ck_assert(v == SENTINEL);
}

static void cell_bad(const char *s)
{
	double v = SENTINEL;
	ck_assert_msg(sizing_parse_cell_duration(s, &v) == STATUS_EINVAL,
		      "cell \"%s\" accepted", s);
	ck_assert(v == SENTINEL);
}

/* ---------------------------------------------------------------- core */

START_TEST(test_numbers)
{
	double v;
	ck_assert_int_eq(sizing_parse_number("300", &v), STATUS_OK);
	ck_assert(v == 300.0);
	ck_assert_int_eq(sizing_parse_number("56.1", &v), STATUS_OK);
	ck_assert(v == 56.1);
	ck_assert_int_eq(sizing_parse_number("2e3", &v), STATUS_OK);
	ck_assert(v == 2000.0);
	ck_assert_int_eq(sizing_parse_number(".5", &v), STATUS_OK);
	ck_assert(v == 0.5);
	ck_assert_int_eq(sizing_parse_number("1.5E-1", &v), STATUS_OK);
	ck_assert(v == 0.15);
}
END_TEST

START_TEST(test_sl)
{
	sl_is("80/20s", 0.8, 20.0);
	sl_is("80%/20s", 0.8, 20.0);
	sl_is("95.5/1m", 0.955, 60.0);
	sl_is("90%/0.5m", 0.9, 30.0);
	sl_is("50/0", 0.5, 0.0);
}
END_TEST

START_TEST(test_agents_calls_cells)
{
	int n;
	ck_assert_int_eq(sizing_parse_agents("46", &n), STATUS_OK);
	ck_assert_int_eq(n, 46);
	double v;
	ck_assert_int_eq(sizing_parse_calls("300", 1800.0, &v), STATUS_OK);
	ck_assert(v == 300.0);
	/* 600 per hour over half an hour: 600 / 3600 * 1800 = 300 */
	ck_assert_int_eq(sizing_parse_calls("600/1h", 1800.0, &v), STATUS_OK);
	ck_assert_msg(fabs(v - 300.0) < 1e-12, "%.17g", v);
	/* 10 a minute over 15 minutes: 150 */
	ck_assert_int_eq(sizing_parse_calls("10/1m", 900.0, &v), STATUS_OK);
	ck_assert_msg(fabs(v - 150.0) < 1e-12, "%.17g", v);
	ck_assert_int_eq(sizing_parse_cell_duration("4m", &v), STATUS_OK);
	ck_assert(v == 240.0);
	ck_assert_int_eq(sizing_parse_cell_duration("240", &v), STATUS_OK);
	ck_assert(v == 240.0);
	ck_assert_int_eq(sizing_parse_cell_duration("1.5h", &v), STATUS_OK);
	ck_assert(v == 5400.0);
	ck_assert_int_eq(sizing_parse_cell_duration("90s", &v), STATUS_OK);
	ck_assert(v == 90.0);
}
END_TEST

START_TEST(test_traffic)
{
	double a;
	/* the consultant's example: 300 * 240 / 1800 = 40 Erlangs */
	ck_assert_int_eq(sizing_traffic(300.0, 1800.0, 240.0, &a), STATUS_OK);
	ck_assert(a == 40.0);
	/* 56 * 240 / 1800 = 7.4666... */
	ck_assert_int_eq(sizing_traffic(56.0, 1800.0, 240.0, &a), STATUS_OK);
	ck_assert_msg(fabs(a - 7.466666666666667) < 1e-14, "%.17g", a);
	ck_assert_int_eq(sizing_traffic(0.0, 1800.0, 240.0, &a), STATUS_OK);
	ck_assert(a == 0.0);
	/* 120 calls a quarter-hour, 3.5 minutes: 120 * 210 / 900 = 28 */
	ck_assert_int_eq(sizing_traffic(120.0, 900.0, 210.0, &a), STATUS_OK);
	ck_assert(a == 28.0);
}
END_TEST

START_TEST(test_args_single)
{
	struct sizing_options o;
	char *t;
	int rc = parse(&o, &t, "--calls", "300", "--interval", "30m", "--aht", "4m",
		       "--sl", "80/20s", "--asa", "30s", "--shrinkage", "30%",
		       "--agents", "44", "--json", (const char *)NULL);
	ck_assert_int_eq(rc, 0);
	ck_assert_str_eq(t, "");
	free(t);
	ck_assert(o.has_calls && o.calls == 300.0);
	ck_assert(o.has_interval && o.interval_s == 1800.0);
	ck_assert(o.has_aht && o.aht_s == 240.0);
	ck_assert(!o.has_patience && isinf(o.patience_s));
	ck_assert(o.has_agents && o.agents == 44);
	ck_assert(o.targets.has_sl && o.targets.sl == 0.8 &&
		  o.targets.sl_threshold_s == 20.0);
	ck_assert(o.targets.has_asa && o.targets.asa_s == 30.0);
	ck_assert(!o.targets.has_abandon && !o.targets.has_occupancy);
	ck_assert(o.has_shrinkage && o.shrinkage == 0.3);
	ck_assert(o.json);
	ck_assert_ptr_null(o.forecast);
	ck_assert_ptr_null(o.out_dir);

	/* a rate is converted with the interval, whatever the flags' order;
	 * --flag=value works too */
	rc = parse(&o, &t, "--calls=600/1h", "--patience", "3m", "--abandon", "5%",
		   "--max-occupancy", "0.85", "--aht", "240s", "--interval", "30m",
		   (const char *)NULL);
	ck_assert_int_eq(rc, 0);
	free(t);
	ck_assert_msg(fabs(o.calls - 300.0) < 1e-12, "%.17g", o.calls);
	ck_assert(o.has_patience && o.patience_s == 180.0);
	ck_assert(o.targets.has_abandon && o.targets.abandon == 0.05);
	ck_assert(o.targets.has_occupancy && o.targets.occupancy == 0.85);
	ck_assert(!o.has_shrinkage && o.shrinkage == 0.0);
	ck_assert(!o.json);
}
END_TEST

START_TEST(test_args_forecast)
{
	struct sizing_options o;
	char *t;
	int rc = parse(&o, &t, "--forecast", FIX "day.csv", "--interval", "30m",
		       "--sl", "80/20s", "--out", "somewhere", (const char *)NULL);
	ck_assert_int_eq(rc, 0);
	free(t);
	ck_assert_str_eq(o.forecast, FIX "day.csv");
	ck_assert_str_eq(o.out_dir, "somewhere");
	ck_assert(!o.has_aht && !o.has_calls);
}
END_TEST

START_TEST(test_read_day)
{
	/* day.csv: start,calls,aht; aht 4m, 4m, 250, then empty (the
	 * default, here 200 s) but 4.5m at 09:30 and 3.5m, 210 at the end */
	struct sizing_forecast fc;
	char *text;
	ck_assert_int_eq(read_fc(FIX "day.csv", 200.0, INFINITY, &fc, &text), STATUS_OK);
	ck_assert_str_eq(text, "");
	free(text);
	ck_assert_uint_eq(fc.n_rows, 26);
	static const double calls[26] = {
		56, 75, 102, 142, 180, 218, 249, 278, 266, 233, 183, 161, 170,
		187, 214, 229, 227, 203, 170, 146, 117, 100, 85, 73, 70, 59
	};
	for (size_t i = 0; i < fc.n_rows; i++) {
		const struct sizing_row *r = &fc.rows[i];
		char want[32];
		snprintf(want, sizeof want, "%02d:%s", 7 + (int)i / 2, i % 2 ? "30" : "00");
		ck_assert_str_eq(r->start, want);
		ck_assert_int_eq(r->line, (long)i + 2);
		ck_assert(r->calls == calls[i]);
		ck_assert(isinf(r->patience_s));
		double aht = i < 2 ? 240 : i == 2 ? 250 : i == 5 ? 270 : i >= 24 ? 210 : 200;
		ck_assert_msg(r->aht_s == aht, "row %zu: aht %g, want %g", i, r->aht_s, aht);
	}
	sizing_forecast_destroy(&fc);
	ck_assert_ptr_null(fc.rows);
	ck_assert_uint_eq(fc.n_rows, 0);
}
END_TEST

START_TEST(test_read_excel)
{
	/* byte-order mark, CRLF, "Start,CALLS, Aht ", a blank line between
	 * the rows: rows on lines 2 and 4 */
	struct sizing_forecast fc;
	char *text;
	ck_assert_int_eq(read_fc(FIX "excel.csv", NAN, INFINITY, &fc, &text), STATUS_OK);
	free(text);
	ck_assert_uint_eq(fc.n_rows, 2);
	ck_assert_str_eq(fc.rows[0].start, "2026-03-02 07:00");
	ck_assert_str_eq(fc.rows[1].start, "2026-03-02 07:30");
	ck_assert_int_eq(fc.rows[0].line, 2);
	ck_assert_int_eq(fc.rows[1].line, 4);
	ck_assert(fc.rows[0].calls == 10.0 && fc.rows[1].calls == 20.0);
	ck_assert(fc.rows[0].aht_s == 180.0 && fc.rows[1].aht_s == 180.0);
	sizing_forecast_destroy(&fc);
}
END_TEST

START_TEST(test_read_erlang_a)
{
	/* quoted labels with a comma; patience 3m, empty (default), 90, 2m */
	struct sizing_forecast fc;
	char *text;
	ck_assert_int_eq(read_fc(FIX "erlang-a.csv", NAN, 150.0, &fc, &text), STATUS_OK);
	free(text);
	ck_assert_uint_eq(fc.n_rows, 4);
	ck_assert_str_eq(fc.rows[0].start, "Mon 2 Mar, 07:00");
	ck_assert_str_eq(fc.rows[3].start, "Mon 2 Mar, 08:30");
	ck_assert(fc.rows[1].calls == 240.5 && fc.rows[3].calls == 0.0);
	ck_assert(fc.rows[1].aht_s == 240.0);
	ck_assert(fc.rows[0].patience_s == 180.0);
	ck_assert(fc.rows[1].patience_s == 150.0);
	ck_assert(fc.rows[2].patience_s == 90.0);
	ck_assert(fc.rows[3].patience_s == 120.0);
	ck_assert_int_eq(fc.rows[3].line, 5);
	sizing_forecast_destroy(&fc);
	/* without a default patience the empty cell is Erlang C */
	ck_assert_int_eq(read_fc(FIX "erlang-a.csv", NAN, INFINITY, &fc, &text), STATUS_OK);
	free(text);
	ck_assert(isinf(fc.rows[1].patience_s));
	sizing_forecast_destroy(&fc);
}
END_TEST

/* -------------------------------------------------------------- limits */

START_TEST(test_limits_values)
{
	int n;
	ck_assert_int_eq(sizing_parse_agents("1", &n), STATUS_OK);
	ck_assert_int_eq(n, 1);
	ck_assert_int_eq(sizing_parse_agents("1000000", &n), STATUS_OK);
	ck_assert_int_eq(n, SIZING_MAX_AGENTS);
	agents_bad("1000001");
	ck_assert_int_eq(sizing_parse_agents("0000046", &n), STATUS_OK);
	ck_assert_int_eq(n, 46);

	sl_is("1%/0", 0.01, 0.0);
	sl_is("99.9/1d", 0.999, 86400.0);
	sl_is("1.5/20s", 0.015, 20.0);       /* above 1: percent */
	sl_is("0.5%/20s", 0.005, 20.0);

	double v;
	ck_assert_int_eq(sizing_parse_number("0", &v), STATUS_OK);
	ck_assert(v == 0.0);
	ck_assert_int_eq(sizing_parse_calls("0", 1800.0, &v), STATUS_OK);
	ck_assert(v == 0.0);
	ck_assert_int_eq(sizing_parse_number("1e308", &v), STATUS_OK);
	ck_assert(v == 1e308);
	ck_assert_int_eq(sizing_parse_cell_duration("0.001s", &v), STATUS_OK);
	ck_assert(v == 0.001);
}
END_TEST

START_TEST(test_limits_args)
{
	struct sizing_options o;
	char *t;
	/* 0% shrinkage, 99.99%, 100% occupancy, 1000000 agents */
	int rc = parse(&o, &t, "--calls", "0", "--interval", "1s", "--aht", "1s",
		       "--max-occupancy", "100%", "--shrinkage", "0%", "--agents",
		       "1000000", (const char *)NULL);
	ck_assert_int_eq(rc, 0);
	free(t);
	ck_assert(o.has_shrinkage && o.shrinkage == 0.0 && o.targets.occupancy == 1.0);
	ck_assert_int_eq(o.agents, 1000000);
	rc = parse(&o, &t, "--calls", "1", "--interval", "1s", "--aht", "1s",
		   "--sl", "80/20s", "--shrinkage", "99.99%", (const char *)NULL);
	ck_assert_int_eq(rc, 0);
	free(t);
	ck_assert_msg(fabs(o.shrinkage - 0.9999) < 1e-15, "%.17g", o.shrinkage);

	/* after an error in the middle of a line, the parser starts afresh */
	PARSE_FAILS("--aht: expected a duration with a unit such as 4m, got '4'",
		    "--calls", "300", "--aht", "4", "--interval", "30m");
	rc = parse(&o, &t, "--calls", "300", "--interval", "30m", "--aht", "4m",
		   "--agents", "40", (const char *)NULL);
	ck_assert_int_eq(rc, 0);
	free(t);
	ck_assert(o.aht_s == 240.0 && o.agents == 40);
}
END_TEST

START_TEST(test_limits_destroy)
{
	struct sizing_forecast fc = { NULL, 0, 0 };
	sizing_forecast_destroy(&fc);
	sizing_forecast_destroy(&fc);
	sizing_forecast_destroy(NULL);
}
END_TEST

/* -------------------------------------------------------------- errors */

START_TEST(test_bad_values)
{
	number_bad(NULL);
	number_bad("");
	number_bad("-1");
	number_bad("+1");
	number_bad(" 1");
	number_bad("1 ");
	number_bad("nan");
	number_bad("inf");
	number_bad("NaN");
	number_bad("infinity");
	number_bad("0x10");
	number_bad("1e400");
	number_bad("1e");
	number_bad("1e+");
	number_bad(".");
	number_bad("1.2.3");
	number_bad("4m");
	number_bad("5%");
	number_bad("abc");

	sl_bad(NULL);
	sl_bad("");
	sl_bad("80");          /* no threshold */
	sl_bad("80/");
	sl_bad("/20s");
	sl_bad("80/20");       /* threshold without a unit */
	sl_bad("80/-20s");
	sl_bad("120/20s");     /* over 100% */
	sl_bad("100/20s");     /* 100% cannot be reached */
	sl_bad("100%/20s");
	sl_bad("0/20s");
	sl_bad("0%/20s");
	sl_bad("0.8/20s");     /* ambiguous: write 80 or 0.8% */
	sl_bad("1/20s");
	sl_bad("-80/20s");
	sl_bad("nan/20s");
	sl_bad("80%%/20s");
	sl_bad("80/20s/3");
	sl_bad("80 /20s");
	sl_bad("80/inf");
	sl_bad("80/1e400s");

	agents_bad(NULL);
	agents_bad("");
	agents_bad("0");
	agents_bad("-4");
	agents_bad("+4");
	agents_bad("4.5");
	agents_bad("4e2");
	agents_bad(" 4");
	agents_bad("99999999999999999999999999");
	agents_bad("abc");

	calls_bad("");
	calls_bad("-3");
	calls_bad("nan");
	calls_bad("inf");
	calls_bad("300/30");   /* a rate needs a unit */
	calls_bad("300/0s");
	calls_bad("300/-1h");
	calls_bad("/1h");
	calls_bad("300 ");
	double v = SENTINEL;
	ck_assert_int_eq(sizing_parse_calls("300", 0.0, &v), STATUS_EINVAL);
	ck_assert_int_eq(sizing_parse_calls("300", NAN, &v), STATUS_EINVAL);
	ck_assert_int_eq(sizing_parse_calls("1e308/1s", 1e10, &v), STATUS_EINVAL);
	ck_assert(v == SENTINEL);

	cell_bad("");
	cell_bad("0");
	cell_bad("0s");
	cell_bad("-4m");
	cell_bad("4x");
	cell_bad("four");
	cell_bad("nan");
	cell_bad("inf");
	cell_bad("1e400");

	ck_assert_int_eq(sizing_traffic(-1.0, 1800.0, 240.0, &v), STATUS_EINVAL);
	ck_assert_int_eq(sizing_traffic(NAN, 1800.0, 240.0, &v), STATUS_EINVAL);
	ck_assert_int_eq(sizing_traffic(300.0, 0.0, 240.0, &v), STATUS_EINVAL);
	ck_assert_int_eq(sizing_traffic(300.0, 1800.0, 0.0, &v), STATUS_EINVAL);
	ck_assert_int_eq(sizing_traffic(300.0, 1800.0, -240.0, &v), STATUS_EINVAL);
	ck_assert_int_eq(sizing_traffic(300.0, 1800.0, INFINITY, &v), STATUS_EINVAL);
	ck_assert_int_eq(sizing_traffic(1e300, 1e-10, 1e300, &v), STATUS_EINVAL);
	ck_assert(v == SENTINEL);
}
END_TEST

START_TEST(test_bad_args)
{
	PARSE_FAILS("--aht: expected a duration with a unit such as 4m, got '4'",
		    "--calls", "300", "--interval", "30m", "--aht", "4", "--sl", "80/20s");
	PARSE_FAILS("--aht: expected a duration above 0 such as 4m, got '0'",
		    "--aht", "0");
	PARSE_FAILS("--aht: expected a duration above 0 with a unit such as 4m, got '-4m'",
		    "--aht", "-4m");
	PARSE_FAILS("--aht: expected a duration above 0 with a unit such as 4m, got 'nan'",
		    "--aht", "nan");
	PARSE_FAILS("--interval: expected a duration with a unit such as 30m, got '30'",
		    "--interval", "30");
	PARSE_FAILS("--patience: expected a duration above 0 such as 3m, got '0'",
		    "--patience", "0");
	PARSE_FAILS("--asa: expected a duration above 0 such as 30s, got '0s'",
		    "--asa", "0s");
	PARSE_FAILS("--calls: expected a number of calls per interval such as 300 or a "
		    "rate such as 600/1h, got '300/30'", "--calls", "300/30");
	PARSE_FAILS("--calls: expected a number of calls per interval such as 300 or a "
		    "rate such as 600/1h, got 'inf'", "--calls", "inf");
	PARSE_FAILS("--sl: expected PERCENT/THRESHOLD such as 80/20s or 80%/20s (above 0 "
		    "and below 100%, the threshold with a unit), got '80'", "--sl", "80");
	PARSE_FAILS("--sl: expected PERCENT/THRESHOLD such as 80/20s or 80%/20s (above 0 "
		    "and below 100%, the threshold with a unit), got '120%/20s'",
		    "--sl", "120%/20s");
	PARSE_FAILS("--abandon: expected a percentage above 0% and up to 100% such as 5% "
		    "(or a fraction such as 0.05), got '105%'", "--abandon", "105%");
	PARSE_FAILS("--abandon: expected a percentage above 0% and up to 100% such as 5% "
		    "(or a fraction such as 0.05), got '5'", "--abandon", "5");
	PARSE_FAILS("--max-occupancy: expected a percentage above 0% and up to 100% such "
		    "as 85% (or a fraction such as 0.85), got '0%'", "--max-occupancy", "0%");
	PARSE_FAILS("--shrinkage: expected a percentage from 0% to below 100% such as 30% "
		    "(or a fraction such as 0.3), got '100%'", "--shrinkage", "100%");
	PARSE_FAILS("--agents: expected a whole number of agents from 1 to 1000000, got '0'",
		    "--agents", "0");
	PARSE_FAILS("--agents: expected a whole number of agents from 1 to 1000000, got "
		    "'1000001'", "--agents", "1000001");
	PARSE_FAILS("--sl given twice", "--sl", "80/20s", "--sl", "90/10s");
	PARSE_FAILS("unknown option '--fast' (see ccsim erlang --help)", "--fast");
	PARSE_FAILS("unknown option '-x' (see ccsim erlang --help)", "-x");
	PARSE_FAILS("option '--sl' needs a value (see ccsim erlang --help)",
		    "--calls", "300", "--sl");
	PARSE_FAILS("unexpected argument 'extra' (see ccsim erlang --help)",
		    "--calls", "300", "--interval", "30m", "--aht", "4m", "extra");
	PARSE_FAILS("--forecast: expected a file name", "--forecast", "");
	PARSE_FAILS("--out: expected a folder name", "--out", "");
	/* a value holding control characters is shown with '?' */
	PARSE_FAILS("--aht: expected a duration above 0 with a unit such as 4m, got '4?m'",
		    "--aht", "4\nm");

	/* combinations */
	PARSE_FAILS("missing --calls, --interval, --aht (see ccsim erlang --help)",
		    "--sl", "80/20s");
	PARSE_FAILS("missing --aht (see ccsim erlang --help)",
		    "--calls", "300", "--interval", "30m", "--sl", "80/20s");
	PARSE_FAILS("give --agents N or a target (--sl, --asa, --abandon or "
		    "--max-occupancy)", "--calls", "300", "--interval", "30m", "--aht", "4m");
	PARSE_FAILS("--abandon needs --patience (Erlang C has no abandonment)",
		    "--calls", "300", "--interval", "30m", "--aht", "4m", "--abandon", "5%");
	PARSE_FAILS("--shrinkage applies to the required agents: give a target (--sl, "
		    "--asa, --abandon or --max-occupancy)", "--calls", "300", "--interval",
		    "30m", "--aht", "4m", "--agents", "40", "--shrinkage", "30%");
	PARSE_FAILS("--out is only for --forecast (nothing is written otherwise)",
		    "--calls", "300", "--interval", "30m", "--aht", "4m", "--agents", "40",
		    "--out", "x");
	PARSE_FAILS("--calls and --forecast exclude each other: the forecast gives the "
		    "calls", "--forecast", "f.csv", "--calls", "3", "--interval", "30m",
		    "--sl", "80/20s");
	PARSE_FAILS("--agents cannot be used with --forecast: give targets to size each "
		    "interval", "--forecast", "f.csv", "--agents", "3", "--interval", "30m",
		    "--sl", "80/20s");
	PARSE_FAILS("missing --interval (the length of the forecast's intervals, such as "
		    "30m)", "--forecast", "f.csv", "--sl", "80/20s");
	PARSE_FAILS("--forecast needs a target (--sl, --asa, --abandon or "
		    "--max-occupancy)", "--forecast", "f.csv", "--interval", "30m");
	PARSE_FAILS("--calls: '1e308/1s' gives too many calls per interval",
		    "--calls", "1e308/1s", "--interval", "1000d", "--aht", "4m",
		    "--agents", "3");
}
END_TEST

START_TEST(test_bad_forecasts)
{
	fc_fails(FIX "bad-empty.csv", 240.0, "1: empty file: expected a header row naming "
		 "the columns start, calls (and aht, patience)");
	fc_fails(FIX "bad-blank.csv", 240.0, "1: empty file: expected a header row naming "
		 "the columns start, calls (and aht, patience)");
	fc_fails(FIX "bad-header-only.csv", 240.0, "1: no data rows after the header");
	fc_fails(FIX "bad-unknown-column.csv", 240.0, "1: unknown column 'pateince' in the "
		 "header (the columns are start, calls, aht, patience)");
	fc_fails(FIX "bad-duplicate-column.csv", 240.0, "1: column 'calls' appears twice "
		 "in the header");
	/* a blank line first: the header is on line 2 */
	fc_fails(FIX "bad-missing-calls.csv", 240.0, "2: the header has no 'calls' column "
		 "(start and calls are required)");
	fc_fails(FIX "bad-no-aht.csv", NAN, "1: the header has no 'aht' column and no "
		 "--aht is given: give one or the other");
	fc_fails(FIX "bad-empty-aht.csv", NAN, "3: aht: empty, and no --aht is given");
	/* after a blank line: line 5 */
	fc_fails(FIX "bad-calls.csv", 240.0, "5: calls: expected a number of calls >= 0, "
		 "got 'abc'");
	fc_fails(FIX "bad-negative.csv", 240.0, "2: calls: expected a number of calls >= 0, "
		 "got '-5'");
	fc_fails(FIX "bad-nan.csv", 240.0, "3: calls: expected a number of calls >= 0, "
		 "got 'nan'");
	fc_fails(FIX "bad-aht.csv", 240.0, "3: aht: expected a duration above 0 such as 4m "
		 "or 240 (seconds), got '0'");
	fc_fails(FIX "bad-aht-unit.csv", 240.0, "2: aht: expected a duration above 0 such "
		 "as 4m or 240 (seconds), got '4x'");
	fc_fails(FIX "bad-patience.csv", 240.0, "3: patience: expected a duration above 0 "
		 "such as 3m or 180 (seconds), got '-3m'");
	fc_fails(FIX "bad-fields.csv", 240.0, "3: 3 fields, but the header has 2");
	fc_fails(FIX "bad-empty-start.csv", 240.0, "3: start: empty interval label");
	fc_fails(FIX "bad-multiline.csv", 240.0, "2: start: the label holds a line break "
		 "or another control character");
	fc_fails(FIX "bad-quote.csv", 240.0, "3: misplaced double quote (a quote inside "
		 "an unquoted field, or text after a closing quote)");
	/* the quote opens on line 3 and runs to the end of the file */
	fc_fails(FIX "bad-unterminated.csv", 240.0, "3: unterminated quoted field (a double "
		 "quote opened in this row is never closed)");
}
END_TEST

START_TEST(test_bad_files)
{
	struct sizing_forecast fc;
	char *text;
	ck_assert_int_eq(read_fc(FIX "no-such-file.csv", 240.0, INFINITY, &fc, &text),
			 STATUS_EIO);
	ck_assert_str_eq(text, FIX "no-such-file.csv: cannot open the forecast: "
			 "No such file or directory\n");
	free(text);
	ck_assert_int_eq(read_fc("tests/forecasts", 240.0, INFINITY, &fc, &text), STATUS_EIO);
	ck_assert_str_eq(text, "tests/forecasts: cannot read the forecast: Is a directory\n");
	free(text);
	ck_assert_ptr_null(fc.rows);

	/* a NUL byte on line 3; binary garbage in the header */
	char path[] = "/tmp/check_sizing.XXXXXX";
	int fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	static const char nul[] = "start,calls\n07:00,1\n07:30,2\0003\n";
	ck_assert_int_eq(write(fd, nul, sizeof nul - 1), (int)(sizeof nul - 1));
	close(fd);
	char want[256];
	snprintf(want, sizeof want, "3: a NUL byte: this is not a text CSV file");
	fc_fails(path, 240.0, want);
	FILE *f = fopen(path, "wb");
	ck_assert_ptr_nonnull(f);
	fputs("\x01\x02\xff{{{,calls\n", f);
	fclose(f);
	fc_fails(path, 240.0, "1: unknown column '???{{{' in the header (the "
		 "columns are start, calls, aht, patience)");
	unlink(path);
}
END_TEST

Suite *sizing_suite(void);

Suite *sizing_suite(void)
{
	Suite *s = suite_create("sizing");
	TCase *core = tcase_create("core");
	tcase_add_test(core, test_numbers);
	tcase_add_test(core, test_sl);
	tcase_add_test(core, test_agents_calls_cells);
	tcase_add_test(core, test_traffic);
	tcase_add_test(core, test_args_single);
	tcase_add_test(core, test_args_forecast);
	tcase_add_test(core, test_read_day);
	tcase_add_test(core, test_read_excel);
	tcase_add_test(core, test_read_erlang_a);
	suite_add_tcase(s, core);
	TCase *limits = tcase_create("limits");
	tcase_add_test(limits, test_limits_values);
	tcase_add_test(limits, test_limits_args);
	tcase_add_test(limits, test_limits_destroy);
	suite_add_tcase(s, limits);
	TCase *errors = tcase_create("errors");
	tcase_add_test(errors, test_bad_values);
	tcase_add_test(errors, test_bad_args);
	tcase_add_test(errors, test_bad_forecasts);
	tcase_add_test(errors, test_bad_files);
	suite_add_tcase(s, errors);
	return s;
}
