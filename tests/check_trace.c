/*
 * check_trace.c: tests of sim/trace (contact records read from files).
 *
 * core:   hand-written traces in tests/traces/ (described in its README.md),
 *         every field of every record and every counter checked against
 *         values worked out by hand from the rows: the Anonymous Bank quirks
 *         (CRLF and LF, spaces for a tab, 0:00:00, PHANTOM, VRU-only HANG,
 *         NO_SERVER, ser_time 0, midnight, clock skew, priority 2), ccsim's
 *         own CSV, an ACD export read through a mapping (quoting, both
 *         timestamp styles, H:MM:SS durations), ';' and tab separators,
 *         date and time columns, explicit outcome words.  Day numbers from
 *         Python: date(1999, 2, 1) - date(1970, 1, 1) = 10623 days,
 *         date(2024, 3, 1) - date(1970, 1, 1) = 19783.
 * limits: header-only files, blank lines, a byte-order mark, a file without
 *         a final line end, the longest accepted line, a million rows in
 *         bounded memory, and the Anonymous Bank months against the counts
 *         and statistics of their README ("Reference statistics"), computed
 *         there independently of this reader (skipped with a message when
 *         $CCSIM_DATA, default ../shared/data, does not hold them).
 * errors: every message, with its FILE:LINE and its return code: files that
 *         cannot be opened, empty files, bad mappings and headers, each bad
 *         value, bad quoting, lines too long; going on after an error; and
 *         skip_bad_rows counting.
 */
#define _GNU_SOURCE  /* open_memstream, mkdtemp */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>
#include <check.h>

#include "../sim/status.h"
#include "../sim/trace.h"
#include "../models/horizon.h"

#define TRACES "tests/traces/"
#define D1999_02_01 10623
#define D2024_03_01 19783

#define ACD_MAPPING "arrival=StartTime,type=Queue,handle=TalkTime,wait=WaitSec," \
	"outcome=Result,agent=AgentId,patience=AbandonSec"
#define SEMI_MAPPING "date=Day, time=Time, type=Skill, handle=Talk, wait=Queue, " \
	"outcome=Status, priority=Prio, answered_values=OK|Done, abandoned_values=Lost, " \
	"unknown_values=Transfer"

/* ---- helpers -------------------------------------------------------------- */

/* A temporary directory for generated files, made and removed per test. */
static char tmpdir[64];
static char tmppaths[16][128];
static int n_tmp;

static void tmp_setup(void)
{
	snprintf(tmpdir, sizeof tmpdir, "%s", "/tmp/check_trace.XXXXXX");
	ck_assert(mkdtemp(tmpdir) != NULL);
	n_tmp = 0;
}

static void tmp_teardown(void)
{
	for (int i = 0; i < n_tmp; i++)
		unlink(tmppaths[i]);
	rmdir(tmpdir);
}

/* Writes len bytes of text (strlen when len is 0) to tmpdir/name. */
static const char *write_tmp(const char *name, const char *text, size_t len)
{
	ck_assert(n_tmp < 16);
	char *path = tmppaths[n_tmp++];
	snprintf(path, sizeof tmppaths[0], "%s/%s", tmpdir, name);
	FILE *f = fopen(path, "wb");
	ck_assert(f != NULL);
	if (len == 0)
		len = strlen(text);
	ck_assert_uint_eq(fwrite(text, 1, len, f), len);
	ck_assert_int_eq(fclose(f), 0);
	return path;
}

/* Error output caught in memory. */
struct capture {
	char *buf;
	size_t len;
	FILE *f;
};

static FILE *cap_open(struct capture *c)
{
	c->buf = NULL;
	c->len = 0;
	c->f = open_memstream(&c->buf, &c->len);
	ck_assert(c->f != NULL);
	return c->f;
}

/* Closes the capture and checks it holds exactly the formatted text. */
static void cap_is(struct capture *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void cap_is(struct capture *c, const char *fmt, ...)
{
	char want[4096];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(want, sizeof want, fmt, ap);
	va_end(ap);
	fclose(c->f);
	ck_assert_msg(strcmp(c->buf, want) == 0, "message:\n  got  [%s]\n  want [%s]", c->buf, want);
	free(c->buf);
}

static bool same(double a, double b)
{
	return (isnan(a) && isnan(b)) || fabs(a - b) <= 1e-9 * fmax(1.0, fabs(b));
}

static void rec_is(const struct trace_record *r, int64_t line, int64_t date, double time_s,
		   const char *type, double handle, double wait, double patience,
		   enum trace_outcome outcome, const char *agent, int priority)
{
	ck_assert_msg(r->line == line, "line %lld, want %lld", (long long)r->line, (long long)line);
	ck_assert_msg(r->date == date, "line %lld: date %lld, want %lld", (long long)line,
		      (long long)r->date, (long long)date);
	ck_assert_msg(same(r->time_s, time_s), "line %lld: time %.17g, want %.17g",
		      (long long)line, r->time_s, time_s);
	ck_assert_msg(strcmp(r->type, type) == 0, "line %lld: type [%s], want [%s]",
		      (long long)line, r->type, type);
	ck_assert_msg(same(r->handle_s, handle), "line %lld: handle %g, want %g",
		      (long long)line, r->handle_s, handle);
	ck_assert_msg(same(r->wait_s, wait), "line %lld: wait %g, want %g", (long long)line,
		      r->wait_s, wait);
	ck_assert_msg(same(r->patience_s, patience), "line %lld: patience %g, want %g",
		      (long long)line, r->patience_s, patience);
	ck_assert_msg(r->outcome == outcome, "line %lld: outcome %s, want %s", (long long)line,
		      trace_outcome_name(r->outcome), trace_outcome_name(outcome));
	ck_assert_msg(strcmp(r->agent, agent) == 0, "line %lld: agent [%s], want [%s]",
		      (long long)line, r->agent, agent);
	ck_assert_msg(r->priority == priority, "line %lld: priority %d, want %d",
		      (long long)line, r->priority, priority);
}

static void stats_are(const struct trace_reader *r, uint64_t rows, uint64_t records,
		      uint64_t bad, uint64_t phantom, uint64_t vru_only, uint64_t answered,
		      uint64_t abandoned, uint64_t unknown, uint64_t no_handle)
{
	const struct trace_stats *s = trace_stats(r);
	ck_assert_uint_eq(s->rows, rows);
	ck_assert_uint_eq(s->records, records);
	ck_assert_uint_eq(s->skipped_bad, bad);
	ck_assert_uint_eq(s->skipped_phantom, phantom);
	ck_assert_uint_eq(s->skipped_vru_only, vru_only);
	ck_assert_uint_eq(s->answered, answered);
	ck_assert_uint_eq(s->abandoned, abandoned);
	ck_assert_uint_eq(s->unknown, unknown);
	ck_assert_uint_eq(s->answered_no_handle, no_handle);
}

static struct trace_reader *open_ok(const char *path, const struct trace_format *fmt)
{
	struct trace_reader *r = NULL;
	struct capture c;
	int st = trace_open(path, fmt, &r, cap_open(&c));
	fclose(c.f);
	ck_assert_msg(st == STATUS_OK, "%s: status %d: %s", path, st, c.buf);
	free(c.buf);
	ck_assert(r != NULL);
	return r;
}

static struct trace_record next_ok(struct trace_reader *r)
{
	struct trace_record rec;
	int st = trace_next(r, &rec);
	ck_assert_msg(st == 1, "trace_next returned %d", st);
	return rec;
}

static void at_end(struct trace_reader *r)
{
	struct trace_record rec;
	ck_assert_int_eq(trace_next(r, &rec), 0);
	ck_assert_int_eq(trace_next(r, &rec), 0);
}

static const struct trace_format AB = { .kind = TRACE_ANONBANK };

/* Opening fails with status st and exactly the message want (formatted
 * with the path as its one %s, when it has one). */
static void open_fails(const char *path, const struct trace_format *fmt, int st,
		       const char *want)
{
	struct trace_reader *r = (struct trace_reader *)&r;
	struct capture c;
	ck_assert_int_eq(trace_open(path, fmt, &r, cap_open(&c)), st);
	ck_assert(r == NULL);
	cap_is(&c, want, path);
}

/* A CSV of text read with fmt: the first row fails with st and the
 * message "PATH:" want. */
static void csv_row_fails(const char *text, const struct trace_format *fmt, int st,
			  const char *want)
{
	const char *path = write_tmp("bad.csv", text, 0);
	struct trace_record rec;
	rec.line = -7;
	struct capture c;
	struct trace_reader *r = NULL;
	ck_assert_int_eq(trace_open(path, fmt, &r, cap_open(&c)), STATUS_OK);
	int got = trace_next(r, &rec);
	ck_assert_msg(got == st, "%s: returned %d; want %d and %s", text, got, st, want);
	ck_assert(rec.line == -7);  /* untouched */
	cap_is(&c, "%s:%s", path, want);
	ck_assert_uint_eq(trace_stats(r)->rows, 1);
	ck_assert_uint_eq(trace_stats(r)->records, 0);
	trace_close(r);
	n_tmp--;
	unlink(path);
}

#define AB_HEADER "vru+line\tcall_id\tcustomer_id\tpriority\ttype\tdate\tvru_entry\t" \
	"vru_exit\tvru_time\tq_start\tq_exit\tq_time\toutcome\tser_start\tser_exit\t" \
	"ser_time\tserver\n"
#define AB_GOOD "AA0101\t34536\t0\t0\tPS\t990201\t7:02:47\t7:02:56\t9\t0:00:00\t0:00:00\t0\t" \
	"AGENT\t7:02:55\t7:05:41\t166\tDORIT\n"

/* An Anonymous Bank row (after the header) fails with the message want. */
static void ab_row_fails(const char *row, const char *want)
{
	char text[1024];
	snprintf(text, sizeof text, "%s%s", AB_HEADER, row);
	const char *path = write_tmp("bad.txt", text, 0);
	struct capture c;
	struct trace_reader *r = NULL;
	ck_assert_int_eq(trace_open(path, &AB, &r, cap_open(&c)), STATUS_OK);
	struct trace_record rec;
	ck_assert_int_eq(trace_next(r, &rec), -STATUS_EINVAL);
	cap_is(&c, "%s:2: %s\n", path, want);
	trace_close(r);
	n_tmp--;
	unlink(path);
}

#define HDR_FORMS "arrival,type,handle_s,wait_s,patience_s,outcome,agent,priority\n"

/* ---- core: Anonymous Bank --------------------------------------------------- */

START_TEST(test_ab_crlf)
{
	struct trace_reader *r = open_ok(TRACES "ab_crlf.txt", &AB);
	struct trace_record x;
	const int64_t d = D1999_02_01;
	/* Served by a named agent: handle = ser_time; arrival = vru_exit 7:02:56. */
	x = next_ok(r);
	rec_is(&x, 2, d, 7 * 3600 + 2 * 60 + 56, "PS", 166, 0, NAN, TRACE_ANSWERED, "DORIT", 0);
	/* AGENT with NO_SERVER: answered, no handle time, no agent. */
	x = next_ok(r);
	rec_is(&x, 3, d, 7 * 3600 + 31 * 60 + 55, "PS", NAN, 0, NAN, TRACE_ANSWERED, "", 0);
	/* HANG after queueing, priority 2: patience = wait = q_time. */
	x = next_ok(r);
	rec_is(&x, 4, d, 8 * 3600 + 9 * 60 + 22, "PS", NAN, 5, 5, TRACE_ABANDONED, "", 2);
	/* Line 5 (VRU-only HANG) and line 6 (PHANTOM) are skipped.  Line 7:
	 * vru_exit 21:27:26 before vru_entry 21:28:22 with vru_time -56: clock
	 * skew, the date stays 1999-02-10. */
	x = next_ok(r);
	rec_is(&x, 7, d + 9, 21 * 3600 + 27 * 60 + 26, "PS", 46, 81, NAN, TRACE_ANSWERED,
	       "DARMON", 1);
	/* Named server, ser_start 0:00:00, ser_time 0: no handle time. */
	x = next_ok(r);
	rec_is(&x, 8, d + 1, 13 * 3600 + 44 * 60 + 53, "PS", NAN, 13, NAN, TRACE_ANSWERED,
	       "YIFAT", 2);
	/* 990228 23:59:50 -> 0:00:05 with vru_time 15: 1999-03-01 at 5 s. */
	x = next_ok(r);
	rec_is(&x, 9, d + 28, 5, "NE", 165, 21, NAN, TRACE_ANSWERED, "SHLOMO", 0);
	x = next_ok(r);
	rec_is(&x, 10, d, 13 * 3600 + 13 * 60 + 2, "TT", 51, 26, NAN, TRACE_ANSWERED, "DORIT", 2);
	at_end(r);
	stats_are(r, 9, 7, 0, 1, 1, 6, 1, 0, 2);
	trace_close(r);
}
END_TEST

START_TEST(test_ab_lf_spaces)
{
	struct trace_reader *r = open_ok(TRACES "ab_lf.txt", &AB);
	struct trace_record x;
	/* "0   NW": spaces instead of the tab. */
	x = next_ok(r);
	rec_is(&x, 2, D1999_02_01, 7 * 3600 + 54 * 60 + 51, "NW", 92, 0, NAN, TRACE_ANSWERED,
	       "TOVA", 0);
	/* Spaces and tabs mixed; 1999-01-21 is 11 days before 1999-02-01. */
	x = next_ok(r);
	rec_is(&x, 3, D1999_02_01 - 11, 23 * 3600 + 59 * 60 + 54, "PE", 98, 0, NAN,
	       TRACE_ANSWERED, "AVNI", 0);
	/* HANG that joined the queue (q_start 10:00:00) for 0 s: an abandon. */
	x = next_ok(r);
	rec_is(&x, 4, D1999_02_01 + 1, 10 * 3600, "IN", NAN, 0, 0, TRACE_ABANDONED, "", 0);
	at_end(r);  /* line 5 PHANTOM, then a blank line */
	stats_are(r, 4, 3, 0, 1, 0, 2, 1, 0, 0);
	trace_close(r);
}
END_TEST

/* ---- core: CSV --------------------------------------------------------------- */

START_TEST(test_csv_default)
{
	struct trace_reader *r = open_ok(TRACES "ccsim.csv", NULL);
	struct trace_record x;
	x = next_ok(r);
	rec_is(&x, 2, D2024_03_01, 8 * 3600, "retail", 185, 0, NAN, TRACE_ANSWERED, "A17", 0);
	/* A quoted type with a comma and a doubled quote; abandoned without
	 * patience_s: patience = wait. */
	x = next_ok(r);
	rec_is(&x, 3, D2024_03_01, 8 * 3600 + 12.25, "loans, \"gold\"", NAN, 42.5, 42.5,
	       TRACE_ABANDONED, "", 1);
	/* Spaces around " retail " trimmed; outcome case-insensitive. */
	x = next_ok(r);
	rec_is(&x, 4, D2024_03_01, 86399.5, "retail", 300, 3, NAN, TRACE_ANSWERED, "B 2", 0);
	/* Every optional cell empty. */
	x = next_ok(r);
	rec_is(&x, 5, D2024_03_01 - 1, 0, "", NAN, NAN, NAN, TRACE_UNKNOWN, "", 0);
	at_end(r);
	stats_are(r, 4, 4, 0, 0, 0, 2, 1, 1, 0);
	trace_close(r);
}
END_TEST

START_TEST(test_csv_mapping)
{
	struct trace_format fmt = { .mapping = ACD_MAPPING };
	struct trace_reader *r = open_ok(TRACES "acd.csv", &fmt);
	struct trace_record x;
	const int64_t d = D2024_03_01 + 3;
	/* 'T' and 'Z'; H:MM:SS talk time; unmapped CallId and Notes (quoted,
	 * with a comma and doubled quotes) ignored; CRLF. */
	x = next_ok(r);
	rec_is(&x, 2, d, 9 * 3600 + 15 * 60 + 30, "Sales", 185, 12, NAN, TRACE_ANSWERED, "ag-1", 0);
	/* Abandon with its own patience (0:01:40), not the wait. */
	x = next_ok(r);
	rec_is(&x, 3, d, 9 * 3600 + 16 * 60 + 0.5, "Support", NAN, 95, 100, TRACE_ABANDONED, "", 0);
	/* Space-separated timestamp; 1:02:03.5 = 3723.5 s. */
	x = next_ok(r);
	rec_is(&x, 4, d, 9 * 3600 + 17 * 60, "Support", 3723.5, 0, NAN, TRACE_ANSWERED, "ag-2", 0);
	at_end(r);
	stats_are(r, 3, 3, 0, 0, 0, 2, 1, 0, 0);
	trace_close(r);
}
END_TEST

START_TEST(test_csv_semicolon_date_time)
{
	struct trace_format fmt = { .mapping = SEMI_MAPPING, .separator = ';' };
	struct trace_reader *r = open_ok(TRACES "acd_semicolon.csv", &fmt);
	struct trace_record x;
	/* A quoted ';'; "ok" is one of answered_values (any case); H:MM:SS. */
	x = next_ok(r);
	rec_is(&x, 2, D2024_03_01, 7 * 3600 + 5 * 60 + 9, "Billing; level 2", 120, 15, NAN,
	       TRACE_ANSWERED, "", 3);
	/* A quoted line end: the record spans lines 3 and 4. */
	x = next_ok(r);
	rec_is(&x, 3, D2024_03_01, 17 * 3600 + 45 * 60, "multi\nline", NAN, 30, 30,
	       TRACE_ABANDONED, "", 0);
	x = next_ok(r);
	rec_is(&x, 5, D2024_03_01 + 1, 0.125, "Billing", 60, 0, NAN, TRACE_UNKNOWN, "", 0);
	at_end(r);
	stats_are(r, 3, 3, 0, 0, 0, 1, 1, 1, 0);
	trace_close(r);
}
END_TEST

START_TEST(test_csv_tab_and_partial_default)
{
	/* Tab separator; ccsim's format with only some of its columns, in
	 * another order; CRLF; no line end at the end of the file. */
	const char *path = write_tmp("t.tsv", "outcome\tarrival\twait_s\r\n"
				     "abandoned\t2024-03-01 12:00:00\t0:00:30\r\n"
				     "answered\t2024-03-01T12:00:01\t7", 0);
	struct trace_format fmt = { .separator = '\t' };
	struct trace_reader *r = open_ok(path, &fmt);
	struct trace_record x = next_ok(r);
	rec_is(&x, 2, D2024_03_01, 12 * 3600, "", NAN, 30, 30, TRACE_ABANDONED, "", 0);
	x = next_ok(r);
	rec_is(&x, 3, D2024_03_01, 12 * 3600 + 1, "", NAN, 7, NAN, TRACE_ANSWERED, "", 0);
	at_end(r);
	stats_are(r, 2, 2, 0, 0, 0, 1, 1, 0, 1);
	trace_close(r);
}
END_TEST

START_TEST(test_csv_same_column_twice)
{
	/* One column may serve two roles (wait and patience here). */
	const char *path = write_tmp("w.csv", "t,w,o\n2024-03-01 00:00:01,12,hang\n", 0);
	struct trace_format fmt = { .mapping = "arrival=t,wait=w,patience=w,outcome=o" };
	struct trace_reader *r = open_ok(path, &fmt);
	struct trace_record x = next_ok(r);
	rec_is(&x, 2, D2024_03_01, 1, "", NAN, 12, 12, TRACE_ABANDONED, "", 0);
	at_end(r);
	trace_close(r);
}
END_TEST

START_TEST(test_csv_value_forms)
{
	/* Each accepted form of a duration, a timestamp and a priority. */
	const char *path = write_tmp("forms.csv", HDR_FORMS
		"2024-03-01 00:00:00,,12,,,,,0\n"
		"2024-03-01T00:00:00.000,,12.5,,,,,00\n"
		"2024-03-01 0:00:00Z,,.5,,,,,7\n"
		"2024-03-01T23:59:59.999999Z,,0:00:00,,,,,123456789\n"
		"2024-03-01 00:00:00,,100:00:00.25,,,,,\n"
		"2024-03-01 00:00:00,,0012,,,,,\n"
		"2024-03-01 00:00:00,,999999999999999,,,,,\n", 0);
	const double handle[] = { 12, 12.5, 0.5, 0, 360000.25, 12, 999999999999999.0 };
	const double time_s[] = { 0, 0, 0, 86399.999999, 0, 0, 0 };
	const int prio[] = { 0, 0, 7, 123456789, 0, 0, 0 };
	struct trace_reader *r = open_ok(path, NULL);
	for (int i = 0; i < 7; i++) {
		struct trace_record x = next_ok(r);
		rec_is(&x, 2 + i, D2024_03_01, time_s[i], "", handle[i], NAN, NAN, TRACE_UNKNOWN,
		       "", prio[i]);
	}
	at_end(r);
	trace_close(r);
}
END_TEST

START_TEST(test_outcome_names)
{
	ck_assert_str_eq(trace_outcome_name(TRACE_ANSWERED), "answered");
	ck_assert_str_eq(trace_outcome_name(TRACE_ABANDONED), "abandoned");
	ck_assert_str_eq(trace_outcome_name(TRACE_UNKNOWN), "unknown");
	trace_close(NULL);
}
END_TEST

/* ---- limits ------------------------------------------------------------------- */

START_TEST(test_header_only)
{
	struct trace_reader *r = open_ok(write_tmp("h.csv", "arrival,type\n\n\n", 0), NULL);
	at_end(r);
	stats_are(r, 0, 0, 0, 0, 0, 0, 0, 0, 0);
	trace_close(r);
	r = open_ok(write_tmp("h.txt", AB_HEADER, 0), &AB);
	at_end(r);
	stats_are(r, 0, 0, 0, 0, 0, 0, 0, 0, 0);
	trace_close(r);
}
END_TEST

START_TEST(test_blank_lines_and_bom)
{
	/* A UTF-8 byte-order mark (as spreadsheets write), blank lines before
	 * the header and between rows, a line of spaces. */
	const char *path = write_tmp("b.csv", "\xef\xbb\xbf\n\narrival,priority\r\n\r\n"
				     "2024-03-01 00:00:00,7\n   \n2024-03-01 00:00:02,\n  \r", 0);
	struct trace_reader *r = open_ok(path, NULL);
	struct trace_record x = next_ok(r);
	rec_is(&x, 5, D2024_03_01, 0, "", NAN, NAN, NAN, TRACE_UNKNOWN, "", 7);
	x = next_ok(r);
	rec_is(&x, 7, D2024_03_01, 2, "", NAN, NAN, NAN, TRACE_UNKNOWN, "", 0);
	at_end(r);
	stats_are(r, 2, 2, 0, 0, 0, 0, 0, 2, 0);
	trace_close(r);
}
END_TEST

START_TEST(test_longest_line)
{
	/* A line of exactly TRACE_LINE_MAX bytes with its "\n" is accepted;
	 * the type column carries the padding as an unmapped column. */
	static char text[2 * TRACE_LINE_MAX];
	const char *head = "arrival,pad\n2024-03-01 00:00:03,";
	size_t n = strlen(head);
	memcpy(text, head, n);
	size_t line2 = strlen("2024-03-01 00:00:03,");
	memset(text + n, 'x', TRACE_LINE_MAX - line2 - 1);
	n += TRACE_LINE_MAX - line2 - 1;
	text[n++] = '\n';
	struct trace_reader *r = open_ok(write_tmp("long.csv", text, n), NULL);
	struct trace_record x = next_ok(r);
	rec_is(&x, 2, D2024_03_01, 3, "", NAN, NAN, NAN, TRACE_UNKNOWN, "", 0);
	at_end(r);
	trace_close(r);
}
END_TEST

static long peak_rss_kib(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

START_TEST(test_million_rows)
{
	/* 10^6 rows (about 50 MB): read in a constant, small amount of memory.
	 * Every 7th call is abandoned; the arrival advances one second a row
	 * from 2024-03-01 00:00:00. */
	const long n = 1000000;
	char path[128];
	snprintf(path, sizeof path, "%s/million.csv", tmpdir);
	snprintf(tmppaths[n_tmp++], sizeof tmppaths[0], "%s", path);
	FILE *f = fopen(path, "w");
	ck_assert(f != NULL);
	fputs("arrival,type,handle_s,wait_s,patience_s,outcome,agent,priority\n", f);
	for (long i = 0; i < n; i++) {
		long day = i / 86400, s = i % 86400;
		if (i % 7 == 6)
			fprintf(f, "2024-03-%02ld %02ld:%02ld:%02ld,retail,,%ld.5,,abandoned,,0\n",
				day + 1, s / 3600, s / 60 % 60, s % 60, i % 100);
		else
			fprintf(f, "2024-03-%02ld %02ld:%02ld:%02ld,\"retail, web\",%ld,0,,answered,"
				"A%ld,1\n", day + 1, s / 3600, s / 60 % 60, s % 60, i % 600, i % 40);
	}
	ck_assert_int_eq(fclose(f), 0);

	long rss0 = peak_rss_kib();
	clock_t t0 = clock();
	struct trace_reader *r = open_ok(path, NULL);
	struct trace_record x;
	double wait_sum = 0.0;
	long count = 0;
	int st;
	while ((st = trace_next(r, &x)) == 1) {
		count++;
		wait_sum += x.wait_s;
	}
	ck_assert_int_eq(st, 0);
	double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	long grew = peak_rss_kib() - rss0;
	/* The last row: i = 999999, day 11, 999999 - 11 * 86400 = 49599 s. */
	rec_is(&x, n + 1, D2024_03_01 + 11, 49599, "retail, web", 999999 % 600, 0, NAN,
	       TRACE_ANSWERED, "A39", 1);
	ck_assert_int_eq(count, n);
	/* Abandons: i = 6, 13, ...: 142857 of them, waits (i % 100) + 0.5. */
	double want = 0.0;
	for (long i = 6; i < n; i += 7)
		want += (double)(i % 100) + 0.5;
	ck_assert_msg(same(wait_sum, want), "wait sum %.17g, want %.17g", wait_sum, want);
	stats_are(r, n, n, 0, 0, 0, n - 142857, 142857, 0, 0);
	trace_close(r);
	ck_assert_msg(grew < 4096, "peak RSS grew by %ld KiB while reading", grew);
	if (getenv("CCSIM_TEST_VERBOSE"))
		printf("trace: %ld rows in %.2f s (%.0f rows/s), peak RSS +%ld KiB\n", n, secs,
		       n / secs, grew);
}
END_TEST

struct month_ref {
	const char *file;
	uint64_t rows, phantom, vru_only, demand;
	double abandon_pct;           /* one decimal, as in the README */
	uint64_t n_handle;            /* service times: named agent, > 0 */
	double handle_mean, asa, abandon_wait;
	int days, days_sun_thu;
	int first_day, last_day;      /* YYMMDD */
	double sun_thu_mean, sun_thu_sd;
	int sun_thu_min, sun_thu_max;
	double fri_mean, sat_mean;
};

/* The README's "Reference statistics" for the two months. */
static const struct month_ref months[] = {
	{ "january.txt", 31599, 240, 1198, 30161, 10.3, 26332,
	  188.0, 35.0, 60.7, 29, 19, 990101, 990131, 1429, 291, 993, 2053, 415, 186 },
	{ "february.txt", 33344, 278, 1941, 31125, 12.7, 26586,
	  179.6, 40.8, 65.5, 28, 20, 990201, 990228, 1435, 161, 1159, 1788, 428, 179 },
};

static void check_month(const struct month_ref *m)
{
	const char *dir = getenv("CCSIM_DATA");
	char path[4096];
	snprintf(path, sizeof path, "%s/anonymous-bank-1999/%s",
		 dir && *dir ? dir : "../shared/data", m->file);
	if (access(path, R_OK) != 0) {
		printf("check_trace: %s not found: Anonymous Bank check skipped "
		       "(set CCSIM_DATA)\n", path);
		return;
	}
	struct trace_reader *r = open_ok(path, &AB);
	struct trace_record x;
	double handle_sum = 0.0, wait_answered = 0.0, wait_abandoned = 0.0;
	uint64_t n_handle = 0;
	int64_t first = INT64_MAX, last = INT64_MIN;
	static int per_day[64];
	memset(per_day, 0, sizeof per_day);
	int64_t base;
	ck_assert_int_eq(horizon_date_from_civil(1999, m->first_day / 100 % 100, 1, &base), 0);
	int st;
	while ((st = trace_next(r, &x)) == 1) {
		if (!isnan(x.handle_s)) {
			handle_sum += x.handle_s;
			n_handle++;
			ck_assert(x.outcome == TRACE_ANSWERED && x.agent[0] != '\0' && x.handle_s > 0);
		}
		if (x.outcome == TRACE_ANSWERED)
			wait_answered += x.wait_s;
		else
			wait_abandoned += x.wait_s;
		first = x.date < first ? x.date : first;
		last = x.date > last ? x.date : last;
		ck_assert(x.date - base >= 0 && x.date - base < 64);
		per_day[x.date - base]++;
	}
	ck_assert_int_eq(st, 0);
	const struct trace_stats *s = trace_stats(r);
	ck_assert_uint_eq(s->rows, m->rows);
	ck_assert_uint_eq(s->skipped_phantom, m->phantom);
	ck_assert_uint_eq(s->skipped_vru_only, m->vru_only);
	ck_assert_uint_eq(s->records, m->demand);
	ck_assert_uint_eq(s->skipped_bad, 0);
	ck_assert_uint_eq(s->rows, s->records + s->skipped_phantom + s->skipped_vru_only);
	ck_assert_uint_eq(s->answered + s->abandoned, s->records);
	double pct = 100.0 * (double)s->abandoned / (double)s->records;
	ck_assert_msg(fabs(pct - m->abandon_pct) < 0.05, "abandonment %.3f%%, README %.1f%%",
		      pct, m->abandon_pct);
	ck_assert_uint_eq(n_handle, m->n_handle);
	ck_assert_uint_eq(s->answered - n_handle, s->answered_no_handle);
	ck_assert_msg(fabs(handle_sum / n_handle - m->handle_mean) < 0.05, "handle mean %.3f",
		      handle_sum / n_handle);
	ck_assert_msg(fabs(wait_answered / s->answered - m->asa) < 0.05, "ASA %.3f",
		      wait_answered / s->answered);
	ck_assert_msg(fabs(wait_abandoned / s->abandoned - m->abandon_wait) < 0.05,
		      "abandon wait %.3f", wait_abandoned / s->abandoned);
	int64_t want_first, want_last;
	ck_assert_int_eq(horizon_date_from_civil(1999, m->first_day / 100 % 100,
						 m->first_day % 100, &want_first), 0);
	ck_assert_int_eq(horizon_date_from_civil(1999, m->last_day / 100 % 100,
						 m->last_day % 100, &want_last), 0);
	ck_assert(first == want_first && last == want_last);

	/* Agent demand per day: Sunday to Thursday (weekday 6, 0..3), Friday,
	 * Saturday. */
	int days = 0, n_st = 0, lo = INT32_MAX, hi = 0, n_fri = 0, n_sat = 0;
	double sum = 0, sum2 = 0, fri = 0, sat = 0;
	for (int i = 0; i < 64; i++) {
		if (per_day[i] == 0)
			continue;
		days++;
		int wd = horizon_weekday(base + i);
		if (wd == 4) {
			fri += per_day[i];
			n_fri++;
		} else if (wd == 5) {
			sat += per_day[i];
			n_sat++;
		} else {
			sum += per_day[i];
			sum2 += (double)per_day[i] * per_day[i];
			n_st++;
			lo = per_day[i] < lo ? per_day[i] : lo;
			hi = per_day[i] > hi ? per_day[i] : hi;
		}
	}
	ck_assert_int_eq(days, m->days);
	ck_assert_int_eq(n_st, m->days_sun_thu);
	double mean = sum / n_st, sd = sqrt((sum2 - n_st * mean * mean) / (n_st - 1));
	ck_assert_msg(fabs(mean - m->sun_thu_mean) < 0.5, "Sun-Thu mean %.2f", mean);
	ck_assert_msg(fabs(sd - m->sun_thu_sd) < 0.5, "Sun-Thu sd %.2f", sd);
	ck_assert_int_eq(lo, m->sun_thu_min);
	ck_assert_int_eq(hi, m->sun_thu_max);
	ck_assert_msg(fabs(fri / n_fri - m->fri_mean) < 0.5, "Friday mean %.2f", fri / n_fri);
	ck_assert_msg(fabs(sat / n_sat - m->sat_mean) < 0.5, "Saturday mean %.2f", sat / n_sat);
	trace_close(r);
}

START_TEST(test_anonymous_bank_february)
{
	check_month(&months[1]);
}
END_TEST

START_TEST(test_anonymous_bank_january)
{
	check_month(&months[0]);
}
END_TEST

/* ---- errors -------------------------------------------------------------------- */

START_TEST(test_open_errors)
{
	open_fails(TRACES "missing.csv", NULL, STATUS_EIO,
		   "%s: cannot open: No such file or directory\n");
	open_fails("tests/traces", NULL, STATUS_EIO, "%s: cannot open: Is a directory\n");
	open_fails(write_tmp("empty.csv", "", 0), NULL, STATUS_EINVAL,
		   "%s:1: empty file, expected a header row\n");
	open_fails(write_tmp("blank.csv", "\n  \r\n\n", 0), NULL, STATUS_EINVAL,
		   "%s:1: empty file, expected a header row\n");
	open_fails(write_tmp("empty.txt", "", 0), &AB, STATUS_EINVAL,
		   "%s:1: empty file, expected a header row\n");
	struct trace_reader *r = (struct trace_reader *)&r;
	ck_assert_int_eq(trace_open(NULL, NULL, &r, NULL), STATUS_EINVAL);
	ck_assert(r == NULL);
	ck_assert_int_eq(trace_open(TRACES "missing.csv", NULL, &r, NULL), STATUS_EIO);
	ck_assert_int_eq(trace_open(TRACES "ccsim.csv", NULL, NULL, NULL), STATUS_EINVAL);
	struct trace_format bad_kind = { .kind = (enum trace_kind)7 };
	open_fails(TRACES "ccsim.csv", &bad_kind, STATUS_EINVAL,
		   "%s: unknown trace format 7\n");
	/* Reading fails: /proc/self/mem at offset 0 is unmapped memory. */
	open_fails("/proc/self/mem", NULL, STATUS_EIO, "%s: cannot read: Input/output error\n");
	open_fails("/proc/self/mem", &AB, STATUS_EIO, "%s: cannot read: Input/output error\n");
	struct capture c;
	ck_assert_int_eq(trace_open(NULL, NULL, &r, cap_open(&c)), STATUS_EINVAL);
	cap_is(&c, "(null): cannot open: no file name\n");
	ck_assert_int_eq(trace_next(NULL, &(struct trace_record){ 0 }), -STATUS_EINVAL);
	struct trace_format quiet = { .mapping = "bad" };
	ck_assert_int_eq(trace_open(TRACES "acd.csv", &quiet, &r, NULL), STATUS_EINVAL);
	struct trace_format pipe = { .separator = '|' };
	open_fails(TRACES "ccsim.csv", &pipe, STATUS_EINVAL,
		   "%s: separator '|': expected ',', ';' or a tab\n");
}
END_TEST

static void mapping_fails(const char *mapping, const char *want)
{
	struct trace_format fmt = { .mapping = mapping };
	open_fails(TRACES "acd.csv", &fmt, STATUS_EINVAL, want);
}

START_TEST(test_mapping_errors)
{
	mapping_fails("arival=StartTime", "mapping: unknown key \"arival\"; expected arrival, "
		      "date, time, type, handle, wait, patience, outcome, agent, priority, "
		      "answered_values, abandoned_values or unknown_values\n");
	mapping_fails("arrival", "mapping: \"arrival\": expected key=value\n");
	mapping_fails("arrival= ", "mapping: arrival= has no value; expected a column name\n");
	mapping_fails("arrival=StartTime,,type=Queue",
		      "mapping: empty entry; expected key=value entries separated by ','\n");
	mapping_fails("arrival=StartTime,arrival=Queue", "mapping: arrival= given twice\n");
	mapping_fails("arrival=StartTime|Queue",
		      "mapping: arrival=StartTime|Queue: expected one column name\n");
	mapping_fails("type=Queue", "mapping: no arrival column; expected arrival= "
		      "(a timestamp column) or both date= and time=\n");
	mapping_fails("date=StartTime", "mapping: date= without time=; expected arrival= "
		      "(a timestamp column) or both date= and time=\n");
	mapping_fails("time=StartTime", "mapping: time= without date=; expected arrival= "
		      "(a timestamp column) or both date= and time=\n");
	mapping_fails("arrival=StartTime,date=A,time=B", "mapping: arrival= and date=/time= "
		      "both given; expected arrival= (a timestamp) or date= and time=\n");
	mapping_fails("arrival=StartTime,answered_values=ok",
		      "mapping: answered_values= given without outcome=\n");
	mapping_fails("arrival=StartTime,outcome=Result,answered_values=ok||done",
		      "mapping: answered_values=: an empty word; expected words separated by '|'\n");
	mapping_fails("arrival=StartTime,outcome=Result,abandoned_values=",
		      "mapping: abandoned_values= has no value; expected words separated by '|'\n");
	mapping_fails("arrival=StartTime,outcome=Result,unknown_values=Hang",
		      "mapping: outcome word \"hang\" given twice (the default words and "
		      "unknown_values)\n");
	mapping_fails("arrival=StartTime,outcome=Result,answered_values=ok|OK",
		      "mapping: outcome word \"ok\" given twice (answered_values and "
		      "answered_values)\n");
	/* Column names that the header lacks: named, with the header's list. */
	mapping_fails("arrival=StartTme", "%s:1: no column \"StartTme\" (arrival=) in the "
		      "header; the header's columns are \"CallId\", \"StartTime\", \"Queue\", "
		      "\"WaitSec\", \"TalkTime\", \"Result\", \"AgentId\", \"AbandonSec\", "
		      "\"Notes\"\n");
	mapping_fails(ACD_MAPPING ",priority=prio", "%s:1: no column \"prio\" (priority=) in "
		      "the header; the header's columns are \"CallId\", \"StartTime\", \"Queue\", "
		      "\"WaitSec\", \"TalkTime\", \"Result\", \"AgentId\", \"AbandonSec\", "
		      "\"Notes\"\n");
	/* The default mapping on an ACD export. */
	open_fails(TRACES "acd.csv", NULL, STATUS_EINVAL, "%s:1: no column \"arrival\" "
		   "(arrival=) in the header (the default mapping, ccsim's own format; give a "
		   "mapping for other files); the header's columns are \"CallId\", "
		   "\"StartTime\", \"Queue\", \"WaitSec\", \"TalkTime\", \"Result\", "
		   "\"AgentId\", \"AbandonSec\", \"Notes\"\n");
	/* An Anonymous Bank file read as CSV: the hint names its format. */
	open_fails(TRACES "ab_lf.txt", NULL, STATUS_EINVAL, "%s:1: no column \"arrival\" "
		   "(arrival=) in the header (the default mapping, ccsim's own format; give a "
		   "mapping for other files); the header's columns are \"vru+line\\x09call_id"
		   "\\x09customer_id\\x09priority\\x09ty...\"; this looks like an Anonymous "
		   "Bank file: --format anonbank\n");
	/* The wrong separator: one column. */
	struct trace_format fmt = { .mapping = SEMI_MAPPING };
	open_fails(TRACES "acd_semicolon.csv", &fmt, STATUS_EINVAL, "%s:1: no column \"Day\" "
		   "(date=) in the header; the header's columns are "
		   "\"Day;Time;Skill;Talk;Queue;Status;Prio\"\n");
	/* Long headers: the first 40 columns listed. */
	char wide[1024];
	size_t n = 0;
	for (int i = 1; i <= 45; i++)
		n += (size_t)snprintf(wide + n, sizeof wide - n, "%sc%d", i > 1 ? "," : "", i);
	snprintf(wide + n, sizeof wide - n, "\n");
	char want[2048];
	n = (size_t)snprintf(want, sizeof want, "%%s:1: no column \"arrival\" (arrival=) in the "
			     "header (the default mapping, ccsim's own format; give a mapping for "
			     "other files); the header's columns are ");
	for (int i = 1; i <= 40; i++)
		n += (size_t)snprintf(want + n, sizeof want - n, "%s\"c%d\"", i > 1 ? ", " : "", i);
	snprintf(want + n, sizeof want - n, ", ... (45 columns)\n");
	open_fails(write_tmp("wide.csv", wide, 0), NULL, STATUS_EINVAL, want);
	open_fails(write_tmp("dup.csv", "arrival,x,arrival\n", 0), NULL, STATUS_EINVAL,
		   "%s:1: column \"arrival\" (arrival=) appears 2 times in the header "
		   "(columns 1 and 3); expected once\n");
}
END_TEST

START_TEST(test_header_errors)
{
	open_fails(write_tmp("q.csv", "arrival,\"ty\"pe\n", 0), NULL, STATUS_EINVAL,
		   "%s:1: a quote inside an unquoted field, or text after a closing quote; "
		   "expected a field quoted whole, with inner quotes doubled\n");
	open_fails(write_tmp("q2.csv", "arrival,\"type\n", 0), NULL, STATUS_EINVAL,
		   "%s:1: a quoted field is not closed at the end of the file\n");
	open_fails(TRACES "ccsim.csv", &AB, STATUS_EINVAL, "%s:1: expected the Anonymous Bank "
		   "header, the 17 fields vru+line call_id customer_id priority type date "
		   "vru_entry vru_exit vru_time q_start q_exit q_time outcome ser_start ser_exit "
		   "ser_time server; got \"arrival,type,handle_s,wait_s,patience_s,...\"\n");
	static char text[2 * TRACE_LINE_MAX];
	memset(text, 'a', TRACE_LINE_MAX + 1);
	text[TRACE_LINE_MAX + 1] = '\n';
	open_fails(write_tmp("longh.csv", text, TRACE_LINE_MAX + 2), NULL, STATUS_EINVAL,
		   "%s:1: line too long: more than 65536 bytes\n");
	open_fails(write_tmp("longh.txt", text, TRACE_LINE_MAX + 2), &AB, STATUS_EINVAL,
		   "%s:1: line too long: more than 65536 bytes\n");
	/* Without a final line end. */
	open_fails(write_tmp("longh2.csv", text, TRACE_LINE_MAX + 1), NULL, STATUS_EINVAL,
		   "%s:1: line too long: more than 65536 bytes\n");
	/* A header whose quoted name runs over many lines. */
	size_t n = (size_t)snprintf(text, sizeof text, "\n\"");
	for (int i = 0; i < 6000; i++)
		n += (size_t)snprintf(text + n, sizeof text - n, "0123456789\n");
	open_fails(write_tmp("longh3.csv", text, n), NULL, STATUS_EINVAL,
		   "%s:2: record too long: more than 65536 bytes (a quoted field not closed?)\n");
}
END_TEST

#define HDR "arrival,type,handle_s,wait_s,patience_s,outcome,agent,priority\n"

START_TEST(test_csv_value_errors)
{
	const int E = -STATUS_EINVAL;
	const struct trace_format *def = NULL;
	const char *ts = "arrival: expected a timestamp \"YYYY-MM-DD HH:MM:SS\" or "
		"\"YYYY-MM-DDTHH:MM:SS\" (a valid date, hour < 24); got ";
	char want[512];
	const char *bad_ts[] = {
		"2024-02-30 08:00:00", "2024-03-01 24:00:00", "2024-03-01 08:60:00",
		"2024-03-01 08:00:60", "2024-03-01 8:00", "2024-03-01", "2024-03-01+08:00:00",
		"2024-3-01 08:00:00", "2024-03-01 08:00:00.", "2024-03-01 08:00:00Z ",
		"2024-03-01 08:00:00+02:00", "2023-02-29 00:00:00", "0000-01-01 00:00:00",
		"2024-03-01 008:00:00", "",
	};
	for (size_t i = 0; i < sizeof bad_ts / sizeof *bad_ts; i++) {
		char text[256];
		snprintf(text, sizeof text, "arrival\n\"%s\"\n", bad_ts[i]);
		/* "...Z " keeps its trailing space inside quotes. */
		snprintf(want, sizeof want, "2: %s\"%s\"\n", ts, bad_ts[i]);
		csv_row_fails(text, def, E, want);
	}
	const char *dur = "expected a duration in seconds >= 0 (\"185\", \"12.5\") or H:MM:SS; got ";
	const char *bad_dur[] = { "-5", "nan", "NaN", "inf", "1e3", "12.", "0x10", "+3", "1:5:00",
				  "0:60:00", "0:00:60", "1:00", "5 s", ".", "1,5",
				  "1234567890123456", "1:00:00.", ":00:00", "1234567890:00:00" };
	for (size_t i = 0; i < sizeof bad_dur / sizeof *bad_dur; i++) {
		char text[256];
		snprintf(text, sizeof text, HDR "2024-03-01 08:00:00,,\"%s\",,,,,\n", bad_dur[i]);
		snprintf(want, sizeof want, "2: handle_s: %s\"%s\"\n", dur, bad_dur[i]);
		csv_row_fails(text, def, E, want);
	}
	csv_row_fails(HDR "2024-03-01 08:00:00,,,-0.5,,,,\n", def, E,
		      "2: wait_s: expected a duration in seconds >= 0 (\"185\", \"12.5\") or "
		      "H:MM:SS; got \"-0.5\"\n");
	csv_row_fails(HDR "2024-03-01 08:00:00,,,,nan,,,\n", def, E,
		      "2: patience_s: expected a duration in seconds >= 0 (\"185\", \"12.5\") or "
		      "H:MM:SS; got \"nan\"\n");
	csv_row_fails(HDR "2024-03-01 08:00:00,,,,,transfer,,\n", def, E,
		      "2: outcome: expected answered, agent, served, handled (answered), "
		      "abandoned, abandon, hang (abandoned) or an empty field; got \"transfer\"\n");
	struct trace_format words = { .mapping = "arrival=arrival,outcome=outcome,"
				      "answered_values=OK,unknown_values=xfer|vm" };
	csv_row_fails(HDR "2024-03-01 08:00:00,,,,,answered,,\n", &words, E,
		      "2: outcome: expected OK (answered), abandoned, abandon, hang (abandoned), "
		      "xfer, vm (unknown) or an empty field; got \"answered\"\n");
	csv_row_fails(HDR "2024-03-01 08:00:00,,,,,,,-1\n", def, E,
		      "2: priority: expected a whole number >= 0; got \"-1\"\n");
	csv_row_fails(HDR "2024-03-01 08:00:00,,,,,,,1.5\n", def, E,
		      "2: priority: expected a whole number >= 0; got \"1.5\"\n");
	csv_row_fails(HDR "2024-03-01 08:00:00,,,,,,,1234567890\n", def, E,
		      "2: priority: expected a whole number >= 0; got \"1234567890\"\n");
	csv_row_fails(HDR "2024-03-01 08:00:00,"
		      "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijkl,,,,,,\n",
		      def, E, "2: type: expected text of at most 63 bytes; got "
		      "\"abcdefghijklmnopqrstuvwxyzabcdefghijklmn...\"\n");
	csv_row_fails(HDR "2024-03-01 08:00:00,,,,,,\"tab\there, \"\"q\"\" and \\ and more "
		      "text to cut, much more text to cut off\",\n", def, E,
		      "2: agent: expected text of at most 63 bytes; got "
		      "\"tab\\x09here, \\\"q\\\" and \\\\ and more text to cut...\"\n");
	/* Wrong field counts. */
	csv_row_fails(HDR "2024-03-01 08:00:00,retail\n", def, E,
		      "2: expected 8 fields, as in the header; got 2\n");
	csv_row_fails(HDR "2024-03-01 08:00:00,,,,,,,,\n", def, E,
		      "2: expected 8 fields, as in the header; got 9\n");
	/* Bad quoting; an unclosed quote at the end. */
	csv_row_fails(HDR "2024-03-01 08:00:00,re\"tail,,,,,,\n", def, E,
		      "2: a quote inside an unquoted field, or text after a closing quote; "
		      "expected a field quoted whole, with inner quotes doubled\n");
	csv_row_fails(HDR "2024-03-01 08:00:00,\"retail\"x,,,,,,\n", def, E,
		      "2: a quote inside an unquoted field, or text after a closing quote; "
		      "expected a field quoted whole, with inner quotes doubled\n");
	csv_row_fails(HDR "2024-03-01 08:00:00,\"retail,,,,,,\n2024-03-01 08:00:00,,,,,,,\n",
		      def, E, "2: a quoted field is not closed at the end of the file\n");
	/* A NUL byte. */
	const char nul[] = HDR "2024-03-01 08:00:00,re\0tail,,,,,,\n";
	const char *path = write_tmp("nul.csv", nul, sizeof nul - 1);
	struct capture c;
	struct trace_reader *r = NULL;
	ck_assert_int_eq(trace_open(path, NULL, &r, cap_open(&c)), STATUS_OK);
	struct trace_record x;
	ck_assert_int_eq(trace_next(r, &x), E);
	cap_is(&c, "%s:2: type: a NUL byte in the field; expected text\n", path);
	trace_close(r);
	/* Date and time columns. */
	struct trace_format dt = { .mapping = "date=d,time=t" };
	csv_row_fails("d,t\n2024-02-30,08:00:00\n", &dt, E,
		      "2: d: expected a date \"YYYY-MM-DD\"; got \"2024-02-30\"\n");
	csv_row_fails("d,t\n24-03-01,08:00:00\n", &dt, E,
		      "2: d: expected a date \"YYYY-MM-DD\"; got \"24-03-01\"\n");
	csv_row_fails("d,t\n2024-03-01,24:00:00\n", &dt, E,
		      "2: t: expected a time of day \"H:MM:SS\" or \"HH:MM:SS\" (hour < 24); "
		      "got \"24:00:00\"\n");
	csv_row_fails("d,t\n2024-03-01,7:60:00\n", &dt, E,
		      "2: t: expected a time of day \"H:MM:SS\" or \"HH:MM:SS\" (hour < 24); "
		      "got \"7:60:00\"\n");
	csv_row_fails("d,t\n2024-03-01,\n", &dt, E,
		      "2: t: expected a time of day \"H:MM:SS\" or \"HH:MM:SS\" (hour < 24); "
		      "got \"\"\n");
}
END_TEST

START_TEST(test_csv_long_lines)
{
	/* A line of TRACE_LINE_MAX + 1 bytes: reported at its line, skipped to
	 * its line end; the next row is read. */
	static char text[3 * TRACE_LINE_MAX];
	size_t n = (size_t)snprintf(text, sizeof text, "arrival,pad\n2024-03-01 00:00:01,");
	memset(text + n, 'x', TRACE_LINE_MAX);
	n += TRACE_LINE_MAX;
	n += (size_t)snprintf(text + n, sizeof text - n, "\n2024-03-01 00:00:02,y\n");
	const char *path = write_tmp("long.csv", text, n);
	struct capture c;
	struct trace_reader *r = NULL;
	ck_assert_int_eq(trace_open(path, NULL, &r, cap_open(&c)), STATUS_OK);
	struct trace_record x;
	ck_assert_int_eq(trace_next(r, &x), -STATUS_EINVAL);
	x = next_ok(r);
	rec_is(&x, 3, D2024_03_01, 2, "", NAN, NAN, NAN, TRACE_UNKNOWN, "", 0);
	at_end(r);
	cap_is(&c, "%s:2: line too long: more than 65536 bytes\n", path);
	stats_are(r, 2, 1, 0, 0, 0, 0, 0, 1, 0);
	trace_close(r);

	/* A quoted field over many short lines: the record is too long. */
	n = (size_t)snprintf(text, sizeof text, "arrival,pad\n2024-03-01 00:00:01,\"");
	for (int i = 0; i < 7000; i++)
		n += (size_t)snprintf(text + n, sizeof text - n, "0123456789\n");
	n += (size_t)snprintf(text + n, sizeof text - n, "\"\n");
	path = write_tmp("longrec.csv", text, n);
	ck_assert_int_eq(trace_open(path, NULL, &r, cap_open(&c)), STATUS_OK);
	ck_assert_int_eq(trace_next(r, &x), -STATUS_EINVAL);
	fflush(c.f);
	char want[256];
	snprintf(want, sizeof want, "%s:2: record too long: more than 65536 bytes "
		 "(a quoted field not closed?)\n", path);
	ck_assert_str_eq(c.buf, want);
	trace_close(r);
	fclose(c.f);
	free(c.buf);

	/* Anonymous Bank: a long data line. */
	n = (size_t)snprintf(text, sizeof text, AB_HEADER);
	memset(text + n, 'x', TRACE_LINE_MAX + 10);
	n += TRACE_LINE_MAX + 10;
	n += (size_t)snprintf(text + n, sizeof text - n, "\n" AB_GOOD);
	path = write_tmp("long.txt", text, n);
	ck_assert_int_eq(trace_open(path, &AB, &r, cap_open(&c)), STATUS_OK);
	ck_assert_int_eq(trace_next(r, &x), -STATUS_EINVAL);
	x = next_ok(r);
	ck_assert_int_eq(x.line, 3);
	at_end(r);
	cap_is(&c, "%s:2: line too long: more than 65536 bytes\n", path);
	trace_close(r);

	/* A long last line without a line end, then nothing. */
	n = (size_t)snprintf(text, sizeof text, "arrival\n2024-03-01 00:00:01\n");
	memset(text + n, 'x', TRACE_LINE_MAX + 10);
	n += TRACE_LINE_MAX + 10;
	path = write_tmp("long2.csv", text, n);
	ck_assert_int_eq(trace_open(path, NULL, &r, cap_open(&c)), STATUS_OK);
	x = next_ok(r);
	ck_assert_int_eq(trace_next(r, &x), -STATUS_EINVAL);
	at_end(r);
	cap_is(&c, "%s:3: line too long: more than 65536 bytes\n", path);
	trace_close(r);
}
END_TEST

START_TEST(test_ab_value_errors)
{
	ab_row_fails("AA0101\t34536\t0\t0\tPS\t990201\t7:02:47\t7:02:56\t9\t0:00:00\t0:00:00\t0\t"
		     "AGENT\t7:02:55\t7:05:41\t166\n",
		     "expected 17 fields separated by tabs or spaces; got 16");
	ab_row_fails("AA0101\t34536\t0\t0\tPS\t990201\t7:02:47\t7:02:56\t9\t0:00:00\t0:00:00\t0\t"
		     "AGENT\t7:02:55\t7:05:41\t166\tDORIT\tX\n",
		     "expected 17 fields separated by tabs or spaces; got 18");
	ab_row_fails("AA0101\t34536\t0\tx\tPS\t990201\t7:02:47\t7:02:56\t9\t0:00:00\t0:00:00\t0\t"
		     "AGENT\t7:02:55\t7:05:41\t166\tDORIT\n",
		     "priority: expected a whole number >= 0; got \"x\"");
	ab_row_fails("AA0101\t34536\t0\t0\tPS\t990230\t7:02:47\t7:02:56\t9\t0:00:00\t0:00:00\t0\t"
		     "AGENT\t7:02:55\t7:05:41\t166\tDORIT\n",
		     "date: expected a date YYMMDD; got \"990230\"");
	ab_row_fails("AA0101\t34536\t0\t0\tPS\t19990201\t7:02:47\t7:02:56\t9\t0:00:00\t0:00:00\t"
		     "0\tAGENT\t7:02:55\t7:05:41\t166\tDORIT\n",
		     "date: expected a date YYMMDD; got \"19990201\"");
	ab_row_fails("AA0101\t34536\t0\t0\tPS\t990201\t7:2:47\t7:02:56\t9\t0:00:00\t0:00:00\t0\t"
		     "AGENT\t7:02:55\t7:05:41\t166\tDORIT\n",
		     "vru_entry: expected a time h:mm:ss (hour < 24); got \"7:2:47\"");
	ab_row_fails("AA0101\t34536\t0\t0\tPS\t990201\t7:02:47\t24:00:00\t9\t0:00:00\t0:00:00\t0\t"
		     "AGENT\t7:02:55\t7:05:41\t166\tDORIT\n",
		     "vru_exit: expected a time h:mm:ss (hour < 24); got \"24:00:00\"");
	ab_row_fails("AA0101\t34536\t0\t0\tPS\t990201\t7:02:47\t7:02:56\t9\t0:00:00\t0:00:00\t0\t"
		     "AGENT\t7:02:55\t7:60:41\t166\tDORIT\n",
		     "ser_exit: expected a time h:mm:ss (hour < 24); got \"7:60:41\"");
	ab_row_fails("AA0101\t34536\t0\t0\tPS\t990201\t7:02:47\t7:02:56\t9\t0:00:00.5\t0:00:00\t0\t"
		     "AGENT\t7:02:55\t7:05:41\t166\tDORIT\n",
		     "q_start: expected a time h:mm:ss (hour < 24); got \"0:00:00.5\"");
	ab_row_fails("AA0101\t34536\t0\t0\tPS\t990201\t7:02:47\t7:02:56\t9x\t0:00:00\t0:00:00\t0\t"
		     "AGENT\t7:02:55\t7:05:41\t166\tDORIT\n",
		     "vru_time: expected whole seconds; got \"9x\"");
	ab_row_fails("AA0101\t34536\t0\t0\tPS\t990201\t7:02:47\t7:02:56\t9\t0:00:00\t0:00:00\t-1\t"
		     "AGENT\t7:02:55\t7:05:41\t166\tDORIT\n",
		     "q_time: expected whole seconds >= 0; got \"-1\"");
	ab_row_fails("AA0101\t34536\t0\t0\tPS\t990201\t7:02:47\t7:02:56\t9\t0:00:00\t0:00:00\t0\t"
		     "AGENT\t7:02:55\t7:05:41\t16.6\tDORIT\n",
		     "ser_time: expected whole seconds >= 0; got \"16.6\"");
	ab_row_fails("AA0101\t34536\t0\t0\tPS\t990201\t7:02:47\t7:02:56\t9\t0:00:00\t0:00:00\t0\t"
		     "ABANDON\t7:02:55\t7:05:41\t166\tDORIT\n",
		     "outcome: expected AGENT, HANG or PHANTOM; got \"ABANDON\"");
	ab_row_fails("AA0101\t34536\t0\t0\tPS\t990201\t7:02:47\t7:02:56\t9\t0:00:00\t0:00:00\t0\t"
		     "AGENT\t7:02:55\t7:05:41\t166\t"
		     "D0123456789012345678901234567890123456789012345678901234567890123\n",
		     "server: expected text of at most 63 bytes; got "
		     "\"D012345678901234567890123456789012345678...\"");
	ab_row_fails("AA0101\t34536\t0\t0\tPS0123456789012345678901234567890123456789012345678901"
		     "23456789ABCD\t990201\t7:02:47\t7:02:56\t9\t0:00:00\t0:00:00\t0\t"
		     "AGENT\t7:02:55\t7:05:41\t166\tDORIT\n",
		     "type: expected text of at most 63 bytes; got "
		     "\"PS01234567890123456789012345678901234567...\"");
	const char nul[] = AB_HEADER "AA0101\t3\0\t0\n";
	const char *path = write_tmp("nul.txt", nul, sizeof nul - 1);
	struct capture c;
	struct trace_reader *r = NULL;
	ck_assert_int_eq(trace_open(path, &AB, &r, cap_open(&c)), STATUS_OK);
	struct trace_record x;
	ck_assert_int_eq(trace_next(r, &x), -STATUS_EINVAL);
	cap_is(&c, "%s:2: a NUL byte in the line; expected text\n", path);
	trace_close(r);
}
END_TEST

START_TEST(test_go_on_after_error)
{
	/* Without skip_bad_rows each bad row is an error return, and the next
	 * call reads on. */
	const char *path = write_tmp("mixed.csv", HDR
				     "2024-03-01 08:00:00,a,,,,,,\n"
				     "2024-03-01 08:00:0x,b,,,,,,\n"
				     "2024-03-01 08:00:02,c,,,,,,\n"
				     "2024-03-01 08:00:03,d,\"x,,,,,\n", 0);
	struct capture c;
	struct trace_reader *r = NULL;
	ck_assert_int_eq(trace_open(path, NULL, &r, cap_open(&c)), STATUS_OK);
	struct trace_record x = next_ok(r);
	ck_assert_str_eq(x.type, "a");
	ck_assert_int_eq(trace_next(r, &x), -STATUS_EINVAL);
	x = next_ok(r);
	ck_assert_str_eq(x.type, "c");
	ck_assert_int_eq(x.line, 4);
	ck_assert_int_eq(trace_next(r, &x), -STATUS_EINVAL);
	at_end(r);
	stats_are(r, 4, 2, 0, 0, 0, 0, 0, 2, 0);
	cap_is(&c, "%s:3: arrival: expected a timestamp \"YYYY-MM-DD HH:MM:SS\" or "
	       "\"YYYY-MM-DDTHH:MM:SS\" (a valid date, hour < 24); got \"2024-03-01 08:00:0x\"\n"
	       "%s:5: a quoted field is not closed at the end of the file\n", path, path);
	trace_close(r);
}
END_TEST

START_TEST(test_skip_bad_rows)
{
	/* CSV: rows 3 and 5 bad (a bad duration, bad quoting), both counted and
	 * reported; the good rows come through. */
	const char *path = write_tmp("skip.csv", HDR
				     "2024-03-01 08:00:00,a,,,,,,\n"
				     "2024-03-01 08:00:01,b,-1,,,,,\n"
				     "2024-03-01 08:00:02,c,,,,,,\n"
				     "2024-03-01 08:00:03,\"d\"d,,,,,,\n"
				     "2024-03-01 08:00:04,e,,,,,,\n", 0);
	struct trace_format fmt = { .skip_bad_rows = true };
	struct capture c;
	struct trace_reader *r = NULL;
	ck_assert_int_eq(trace_open(path, &fmt, &r, cap_open(&c)), STATUS_OK);
	const char *want_types[] = { "a", "c", "e" };
	const int64_t want_lines[] = { 2, 4, 6 };
	for (int i = 0; i < 3; i++) {
		struct trace_record x = next_ok(r);
		ck_assert_str_eq(x.type, want_types[i]);
		ck_assert_int_eq(x.line, want_lines[i]);
	}
	at_end(r);
	stats_are(r, 5, 3, 2, 0, 0, 0, 0, 3, 0);
	cap_is(&c, "%s:3: handle_s: expected a duration in seconds >= 0 (\"185\", \"12.5\") or "
	       "H:MM:SS; got \"-1\"\n"
	       "%s:5: a quote inside an unquoted field, or text after a closing quote; "
	       "expected a field quoted whole, with inner quotes doubled\n", path, path);
	trace_close(r);

	/* Anonymous Bank: 12 bad rows among good ones; messages for the first
	 * TRACE_REPORT_MAX, one more line, then silence. */
	static char text[8192];
	size_t n = (size_t)snprintf(text, sizeof text, AB_HEADER AB_GOOD);
	for (int i = 0; i < 12; i++)
		n += (size_t)snprintf(text + n, sizeof text - n, "bad row %d\n" AB_GOOD, i);
	path = write_tmp("skip.txt", text, n);
	struct trace_format abskip = { .kind = TRACE_ANONBANK, .skip_bad_rows = true };
	ck_assert_int_eq(trace_open(path, &abskip, &r, cap_open(&c)), STATUS_OK);
	struct trace_record x;
	int records = 0, st;
	while ((st = trace_next(r, &x)) == 1)
		records++;
	ck_assert_int_eq(st, 0);
	ck_assert_int_eq(records, 13);
	stats_are(r, 25, 13, 12, 0, 0, 13, 0, 0, 0);
	fclose(c.f);
	char want[8192];
	size_t k = 0;
	for (int i = 0; i < TRACE_REPORT_MAX; i++)
		k += (size_t)snprintf(want + k, sizeof want - k, "%s:%d: expected 17 fields "
				      "separated by tabs or spaces; got 3\n", path, 3 + 2 * i);
	snprintf(want + k, sizeof want - k, "%s:%d: more bad rows: skipped and counted without "
		 "a message\n", path, 3 + 2 * TRACE_REPORT_MAX);
	ck_assert_str_eq(c.buf, want);
	free(c.buf);
	trace_close(r);

	/* errors NULL: nothing printed, still counted. */
	ck_assert_int_eq(trace_open(path, &abskip, &r, NULL), STATUS_OK);
	while (trace_next(r, &x) == 1)
		;
	ck_assert_uint_eq(trace_stats(r)->skipped_bad, 12);
	trace_close(r);
}
END_TEST

Suite *trace_suite(void);

Suite *trace_suite(void)
{
	Suite *s = suite_create("trace");
	TCase *core = tcase_create("core");
	tcase_add_checked_fixture(core, tmp_setup, tmp_teardown);
	tcase_add_test(core, test_ab_crlf);
	tcase_add_test(core, test_ab_lf_spaces);
	tcase_add_test(core, test_csv_default);
	tcase_add_test(core, test_csv_mapping);
	tcase_add_test(core, test_csv_semicolon_date_time);
	tcase_add_test(core, test_csv_tab_and_partial_default);
	tcase_add_test(core, test_csv_same_column_twice);
	tcase_add_test(core, test_csv_value_forms);
	tcase_add_test(core, test_outcome_names);
	suite_add_tcase(s, core);

	TCase *limits = tcase_create("limits");
	tcase_add_checked_fixture(limits, tmp_setup, tmp_teardown);
	tcase_set_timeout(limits, 60);
	tcase_add_test(limits, test_header_only);
	tcase_add_test(limits, test_blank_lines_and_bom);
	tcase_add_test(limits, test_longest_line);
	tcase_add_test(limits, test_million_rows);
	tcase_add_test(limits, test_anonymous_bank_february);
	tcase_add_test(limits, test_anonymous_bank_january);
	suite_add_tcase(s, limits);

	TCase *errors = tcase_create("errors");
	tcase_add_checked_fixture(errors, tmp_setup, tmp_teardown);
	tcase_add_test(errors, test_open_errors);
	tcase_add_test(errors, test_mapping_errors);
	tcase_add_test(errors, test_header_errors);
	tcase_add_test(errors, test_csv_value_errors);
	tcase_add_test(errors, test_csv_long_lines);
	tcase_add_test(errors, test_ab_value_errors);
	tcase_add_test(errors, test_go_on_after_error);
	tcase_add_test(errors, test_skip_bad_rows);
	suite_add_tcase(s, errors);
	return s;
}
