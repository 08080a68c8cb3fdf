/*
 * trace.c: streaming readers of contact records (see trace.h).
 *
 * One line reader serves both formats: a buffer of TRACE_LINE_MAX bytes
 * filled by fread, lines found with memchr and handed out in place, the
 * unread tail moved to the front before each refill.  A line that does not
 * fit is reported and skipped up to its line feed.
 *
 * CSV goes through libcsv (Debian libcsv-dev, linked as -lcsv), fed one
 * physical line at a time.  Its terminator is set to LF alone and CR is one
 * of its "spaces", so "\r\n" ends a row while a CR inside quotes stays, and
 * a fed line either completes exactly one row or leaves a quoted field
 * open; CSV_REPALL_NL reports blank lines as empty rows, which are
 * dropped; CSV_STRICT refuses a stray quote.  libcsv hands each field to a
 * callback from its own buffer (grown once, reused); the fields of mapped
 * columns are copied into one row buffer, so nothing is allocated per row.
 *
 * The Anonymous Bank reader splits each line on runs of whitespace in place
 * and classifies the row by the rules of the data's README ("Cleaning
 * notes"): PHANTOM and VRU-only HANG rows are counted and dropped.
 *
 * Values are parsed strictly by hand (digits, separators and ranges
 * checked before any strtod), as in units.c; dates go through
 * horizon_date_from_civil, which refuses impossible dates.
 */
#include "trace.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <csv.h>

#include "status.h"
#include "units.h"
#include "../models/horizon.h"

#define QUOTE_MAX 40       /* bytes of a bad value quoted in a message */
#define LIST_COLUMNS_MAX 40 /* header columns listed in a message */
#define AB_FIELDS 17

/* ---- mapping roles -------------------------------------------------------- */

enum role {
	ROLE_ARRIVAL, ROLE_DATE, ROLE_TIME, ROLE_TYPE, ROLE_HANDLE, ROLE_WAIT,
	ROLE_PATIENCE, ROLE_OUTCOME, ROLE_AGENT, ROLE_PRIORITY, N_ROLES
};

static const char *const role_names[N_ROLES] = {
	"arrival", "date", "time", "type", "handle", "wait", "patience",
	"outcome", "agent", "priority"
};

/* Outcome word lists, in the order they are tried. */
enum { LIST_ANSWERED, LIST_ABANDONED, LIST_UNKNOWN, N_LISTS };

static const char *const list_keys[N_LISTS] = {
	"answered_values", "abandoned_values", "unknown_values"
};

static const char *const default_answered[] = { "answered", "agent", "served", "handled" };
static const char *const default_abandoned[] = { "abandoned", "abandon", "hang" };

static const char *const ab_header[AB_FIELDS] = {
	"vru+line", "call_id", "customer_id", "priority", "type", "date",
	"vru_entry", "vru_exit", "vru_time", "q_start", "q_exit", "q_time",
	"outcome", "ser_start", "ser_exit", "ser_time", "server"
};

enum {
	AB_VRU_LINE, AB_CALL_ID, AB_CUSTOMER_ID, AB_PRIORITY, AB_TYPE, AB_DATE,
	AB_VRU_ENTRY, AB_VRU_EXIT, AB_VRU_TIME, AB_Q_START, AB_Q_EXIT, AB_Q_TIME,
	AB_OUTCOME, AB_SER_START, AB_SER_EXIT, AB_SER_TIME, AB_SERVER
};

struct trace_reader {
	char *path;                 /* owned copy, for messages */
	FILE *f;
	FILE *errors;
	enum trace_kind kind;
	bool skip_bad_rows;
	struct trace_stats stats;
	uint64_t n_reported;        /* bad rows reported while skipping */
	int failed;                 /* sticky status after an I/O error */

	/* line reader */
	char *buf;                  /* TRACE_LINE_MAX bytes */
	size_t start, end;          /* unread bytes are buf[start, end) */
	bool eof;
	int64_t lineno;             /* line number of the last line handed out */
	bool first_line;            /* the next line is the file's first */

	/* CSV */
	struct csv_parser csv;
	bool csv_ready;
	bool in_header;             /* the callbacks are collecting the header */
	bool nomem;                 /* a callback ran out of memory */
	char *hdrbuf;               /* header names, NUL-separated */
	size_t hdrlen, hdrcap;
	size_t *hdroff;             /* offset of each name in hdrbuf */
	size_t ncols, hdrcols_cap;
	int64_t header_line;
	int role_col[N_ROLES];      /* column of each role, -1 when none */
	bool *col_used;             /* per column: some role reads it */
	size_t *col_off, *col_len;  /* per column: the field in rowbuf */
	char *rowbuf;               /* fields of used columns, NUL-terminated */
	size_t rowlen, rowcap;
	size_t nfields;             /* fields of the current row so far */
	bool row_done;
	int64_t row_line;           /* first line of the current row, 0 = none */
	size_t row_bytes;
	char *mapbuf;               /* owned copy of the mapping, cut in place */
	const char *role_colname[N_ROLES];
	bool default_mapping;
	const char **lists[N_LISTS];
	size_t nlist[N_LISTS];
	bool list_given[N_LISTS];
};

/* ---- messages --------------------------------------------------------------- */

static void say(struct trace_reader *r, int64_t line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* One message "PATH:LINE: ..." (or "PATH: ..." when line is 0). */
static void say(struct trace_reader *r, int64_t line, const char *fmt, ...)
{
	if (!r->errors)
		return;
	if (line > 0)
		fprintf(r->errors, "%s:%" PRId64 ": ", r->path, line);
	else
		fprintf(r->errors, "%s: ", r->path);
	va_list ap;
	va_start(ap, fmt);
	vfprintf(r->errors, fmt, ap);
	va_end(ap);
	fputc('\n', r->errors);
}

/* A malformed row: printed, or while skipping counted and printed for the
 * first TRACE_REPORT_MAX rows only. */
static void bad_row(struct trace_reader *r, int64_t line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void bad_row(struct trace_reader *r, int64_t line, const char *fmt, ...)
{
	if (!r->errors)
		return;
	if (r->skip_bad_rows) {
		r->n_reported++;
		if (r->n_reported > TRACE_REPORT_MAX + 1)
			return;
		if (r->n_reported == TRACE_REPORT_MAX + 1) {
			fprintf(r->errors, "%s:%" PRId64 ": more bad rows: skipped and counted "
				"without a message\n", r->path, line);
			return;
		}
	}
	fprintf(r->errors, "%s:%" PRId64 ": ", r->path, line);
	va_list ap;
	va_start(ap, fmt);
	vfprintf(r->errors, fmt, ap);
	va_end(ap);
	fputc('\n', r->errors);
}

/* s[0, n) for a message: at most QUOTE_MAX bytes, control characters,
 * quotes and backslashes escaped, "..." when cut. */
struct quoted {
	char s[4 * QUOTE_MAX + 8];
};

static struct quoted quote(const char *s, size_t n)
{
	struct quoted q;
	size_t k = 0;
	for (size_t i = 0; i < n && i < QUOTE_MAX; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\') {
			q.s[k++] = '\\';
			q.s[k++] = (char)c;
		} else if (c < 0x20 || c == 0x7f) {
			static const char hex[] = "0123456789abcdef";
			q.s[k++] = '\\';
			q.s[k++] = 'x';
			q.s[k++] = hex[c >> 4];
			q.s[k++] = hex[c & 15];
		} else {
			q.s[k++] = (char)c;
		}
	}
	if (n > QUOTE_MAX) {
		memcpy(q.s + k, "...", 3);
		k += 3;
	}
	q.s[k] = '\0';
	return q;
}

/* ---- the line reader --------------------------------------------------------- */

enum { LINE_OK = 1, LINE_EOF = 0, LINE_TOO_LONG = -1, LINE_IOERR = -2 };

/* Reads into buf[end, TRACE_LINE_MAX).  LINE_OK, or LINE_IOERR. */
static int fill(struct trace_reader *r)
{
	errno = 0;
	size_t got = fread(r->buf + r->end, 1, TRACE_LINE_MAX - r->end, r->f);
	r->end += got;
	if (got == 0) {
		if (ferror(r->f)) {
			int e = errno ? errno : EIO;
			say(r, 0, "cannot read: %s", strerror(e));
			r->failed = STATUS_EIO;
			return LINE_IOERR;
		}
		r->eof = true;
	}
	return LINE_OK;
}

/* The next line, in place, with its line end ("\n"; the last line may have
 * none).  LINE_OK, LINE_EOF, LINE_TOO_LONG (reported as the caller decides,
 * at r->lineno; the line has been skipped), LINE_IOERR (reported). */
static int line_next(struct trace_reader *r, char **line, size_t *len)
{
	for (;;) {
		char *p = r->buf + r->start;
		char *nl = memchr(p, '\n', r->end - r->start);
		if (nl || (r->eof && r->start < r->end)) {
			*line = p;
			*len = nl ? (size_t)(nl + 1 - p) : r->end - r->start;
			r->start += *len;
			r->lineno++;
			if (r->first_line) {
				r->first_line = false;
				if (*len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0) {
					*line += 3;  /* UTF-8 byte-order mark */
					*len -= 3;
				}
			}
			return LINE_OK;
		}
		if (r->eof)
			return LINE_EOF;
		if (r->start == 0 && r->end == TRACE_LINE_MAX) {
			/* No line end in a full buffer: skip to the next one. */
			r->lineno++;
			r->first_line = false;
			for (;;) {
				r->start = r->end = 0;
				if (fill(r) != LINE_OK)
					return LINE_IOERR;
				nl = memchr(r->buf, '\n', r->end);
				if (nl) {
					r->start = (size_t)(nl + 1 - r->buf);
					break;
				}
				if (r->eof)
					break;
			}
			return LINE_TOO_LONG;
		}
		memmove(r->buf, r->buf + r->start, r->end - r->start);
		r->end -= r->start;
		r->start = 0;
		if (fill(r) != LINE_OK)
			return LINE_IOERR;
	}
}

/* ---- value parsers -------------------------------------------------------------- */

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Digits at s (at least min, at most max) as a number; *end after them. */
static bool scan_digits(const char *s, int min, int max, long long *v, const char **end)
{
	long long x = 0;
	int n = 0;
	while (is_digit(s[n]) && n < max) {
		x = x * 10 + (s[n] - '0');
		n++;
	}
	if (n < min || is_digit(s[n]))
		return false;
	*v = x;
	*end = s + n;
	return true;
}

/* An optional fraction ".ddd" at s, added to *v; *end after it. */
static bool scan_fraction(const char *s, double *v, const char **end)
{
	const char *p = s;
	if (*p == '.') {
		if (!is_digit(*++p))
			return false;
		while (is_digit(*p))
			p++;
		*v += strtod(s, NULL);  /* ".ddd": digits only, checked */
	}
	*end = p;
	return true;
}

/* H:MM:SS at s: 1 to max_h hour digits, hour below max_hour (0: no bound),
 * minutes and seconds two digits below 60, a fraction when frac.  *end
 * after it. */
static bool scan_hms(const char *s, int max_h, long long max_hour, bool frac,
		     double *sec, const char **end)
{
	long long h, m, x;
	const char *p;
	if (!scan_digits(s, 1, max_h, &h, &p) || *p != ':' ||
	    (max_hour > 0 && h >= max_hour))
		return false;
	if (!scan_digits(p + 1, 2, 2, &m, &p) || *p != ':' || m >= 60)
		return false;
	if (!scan_digits(p + 1, 2, 2, &x, &p) || x >= 60)
		return false;
	double v = (double)(h * 3600 + m * 60 + x);
	if (frac && !scan_fraction(p, &v, &p))
		return false;
	*sec = v;
	*end = p;
	return true;
}

/* A time of day "H:MM:SS" or "HH:MM:SS", optional fraction, whole string. */
static bool parse_clock(const char *s, double *sec)
{
	const char *end;
	return scan_hms(s, 2, 24, true, sec, &end) && *end == '\0';
}

/* "YYYY-MM-DD" at s as a day number; *end after it. */
static bool scan_date(const char *s, int64_t *day, const char **end)
{
	long long y, m, d;
	const char *p;
	if (!scan_digits(s, 4, 4, &y, &p) || *p != '-' ||
	    !scan_digits(p + 1, 2, 2, &m, &p) || *p != '-' ||
	    !scan_digits(p + 1, 2, 2, &d, &p))
		return false;
	if (horizon_date_from_civil((int)y, (int)m, (int)d, day) != STATUS_OK)
		return false;
	*end = p;
	return true;
}

/* "YYYY-MM-DD HH:MM:SS" or with 'T', optional fraction and 'Z'. */
static bool parse_timestamp(const char *s, int64_t *day, double *sec)
{
	const char *p;
	if (!scan_date(s, day, &p) || (*p != ' ' && *p != 'T'))
		return false;
	if (!scan_hms(p + 1, 2, 24, true, sec, &p))
		return false;
	if (*p == 'Z')
		p++;
	return *p == '\0';
}

/* Seconds ("12", "12.5", ".5") or H:MM:SS (hours unbounded, fraction
 * allowed); never negative. */
static bool parse_duration(const char *s, double *sec)
{
	const char *p;
	if (strchr(s, ':'))
		return scan_hms(s, 9, 0, true, sec, &p) && *p == '\0';
	long long whole;
	double v = 0.0;
	p = s;
	if (is_digit(*p) && !scan_digits(p, 1, 15, &whole, &p))
		return false;
	if (p == s && !(*p == '.' && is_digit(p[1])))
		return false;
	if (!scan_fraction(p, &v, &p) || *p != '\0')
		return false;
	*sec = strtod(s, NULL);  /* checked above: digits and a fraction only */
	return true;
}

/* A whole number >= 0 that fits an int (at most 9 digits). */
static bool parse_count(const char *s, long long *v)
{
	const char *p;
	return scan_digits(s, 1, 9, v, &p) && *p == '\0';
}

/* ---- the mapping ---------------------------------------------------------------- */

static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
	return s;
}

static void mapping_error(struct trace_reader *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void mapping_error(struct trace_reader *r, const char *fmt, ...)
{
	if (!r->errors)
		return;
	fputs("mapping: ", r->errors);
	va_list ap;
	va_start(ap, fmt);
	vfprintf(r->errors, fmt, ap);
	va_end(ap);
	fputc('\n', r->errors);
}

#define EXP_KEYS "arrival, date, time, type, handle, wait, patience, outcome, " \
	"agent, priority, answered_values, abandoned_values or unknown_values"

/* Parses r->mapbuf (cut in place).  STATUS_OK, STATUS_EINVAL (printed) or
 * STATUS_ENOMEM. */
static int mapping_parse(struct trace_reader *r)
{
	char *s = r->mapbuf;
	for (;;) {
		char *comma = strchr(s, ',');
		if (comma)
			*comma = '\0';
		char *item = trim(s);
		char *eq = strchr(item, '=');
		if (*item == '\0') {
			mapping_error(r, "empty entry; expected key=value entries separated by ','");
			return STATUS_EINVAL;
		}
		if (!eq) {
			mapping_error(r, "\"%s\": expected key=value", quote(item, strlen(item)).s);
			return STATUS_EINVAL;
		}
		*eq = '\0';
		char *key = trim(item), *value = trim(eq + 1);
		int role = -1, list = -1;
		for (int k = 0; k < N_ROLES; k++)
			if (strcmp(key, role_names[k]) == 0)
				role = k;
		for (int k = 0; k < N_LISTS; k++)
			if (strcmp(key, list_keys[k]) == 0)
				list = k;
		if (role < 0 && list < 0) {
			mapping_error(r, "unknown key \"%s\"; expected %s",
				      quote(key, strlen(key)).s, EXP_KEYS);
			return STATUS_EINVAL;
		}
		if (*value == '\0') {
			mapping_error(r, "%s= has no value; expected %s", key,
				      role >= 0 ? "a column name" : "words separated by '|'");
			return STATUS_EINVAL;
		}
		if ((role >= 0 && r->role_colname[role]) || (list >= 0 && r->list_given[list])) {
			mapping_error(r, "%s= given twice", key);
			return STATUS_EINVAL;
		}
		if (role >= 0) {
			if (strchr(value, '|')) {
				mapping_error(r, "%s=%s: expected one column name", key,
					      quote(value, strlen(value)).s);
				return STATUS_EINVAL;
			}
			r->role_colname[role] = value;
		} else {
			size_t n = 1;
			for (const char *p = value; *p; p++)
				n += *p == '|';
			const char **words = malloc(n * sizeof *words);
			if (!words)
				return STATUS_ENOMEM;
			r->lists[list] = words;
			r->list_given[list] = true;
			r->nlist[list] = 0;
			char *w = value;
			for (;;) {
				char *bar = strchr(w, '|');
				if (bar)
					*bar = '\0';
				char *t = trim(w);
				if (*t == '\0') {
					mapping_error(r, "%s=: an empty word; expected words "
						      "separated by '|'", key);
					return STATUS_EINVAL;
				}
				words[r->nlist[list]++] = t;
				if (!bar)
					break;
				w = bar + 1;
			}
		}
		if (!comma)
			break;
		s = comma + 1;
	}

	if (r->role_colname[ROLE_ARRIVAL] &&
	    (r->role_colname[ROLE_DATE] || r->role_colname[ROLE_TIME])) {
		mapping_error(r, "arrival= and date=/time= both given; expected arrival= "
			      "(a timestamp) or date= and time=");
		return STATUS_EINVAL;
	}
	if (!r->role_colname[ROLE_ARRIVAL] &&
	    !(r->role_colname[ROLE_DATE] && r->role_colname[ROLE_TIME])) {
		mapping_error(r, "%s; expected arrival= (a timestamp column) or both date= and time=",
			      r->role_colname[ROLE_DATE] ? "date= without time=" :
			      r->role_colname[ROLE_TIME] ? "time= without date=" :
			      "no arrival column");
		return STATUS_EINVAL;
	}
	for (int k = 0; k < N_LISTS; k++)
		if (r->list_given[k] && !r->role_colname[ROLE_OUTCOME]) {
			mapping_error(r, "%s= given without outcome=", list_keys[k]);
			return STATUS_EINVAL;
		}
	for (int k = 0; k < N_LISTS; k++)
		if (!r->list_given[k]) {
			r->lists[k] = (const char **)(k == LIST_ANSWERED ? default_answered :
						      k == LIST_ABANDONED ? default_abandoned : NULL);
			r->nlist[k] = k == LIST_ANSWERED ? 4 : k == LIST_ABANDONED ? 3 : 0;
		}
	for (int a = 0; a < N_LISTS; a++)
		for (size_t i = 0; i < r->nlist[a]; i++)
			for (int b = a; b < N_LISTS; b++)
				for (size_t j = (b == a ? i + 1 : 0); j < r->nlist[b]; j++)
					if (strcasecmp(r->lists[a][i], r->lists[b][j]) == 0) {
						mapping_error(r, "outcome word \"%s\" given twice "
							      "(%s and %s)",
							      quote(r->lists[a][i],
								    strlen(r->lists[a][i])).s,
							      r->list_given[a] ? list_keys[a] :
							      "the default words",
							      r->list_given[b] ? list_keys[b] :
							      "the default words");
						return STATUS_EINVAL;
					}
	return STATUS_OK;
}

/* ---- CSV ---------------------------------------------------------------------- */

static int csv_is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static int csv_is_term(unsigned char c)
{
	return c == '\n';
}

static void csv_field(void *s, size_t len, void *data)
{
	struct trace_reader *r = data;
	if (r->in_header) {
		r->nfields++;
		if (r->ncols == r->hdrcols_cap) {
			size_t cap = r->hdrcols_cap ? 2 * r->hdrcols_cap : 32;
			size_t *p = realloc(r->hdroff, cap * sizeof *p);
			if (!p) {
				r->nomem = true;
				return;
			}
			r->hdroff = p;
			r->hdrcols_cap = cap;
		}
		if (r->hdrlen + len + 1 > r->hdrcap) {
			r->nomem = true;  /* cannot happen: the header is <= TRACE_LINE_MAX */
			return;
		}
		r->hdroff[r->ncols++] = r->hdrlen;
		if (len)
			memcpy(r->hdrbuf + r->hdrlen, s, len);
		r->hdrbuf[r->hdrlen + len] = '\0';
		r->hdrlen += len + 1;
		return;
	}
	size_t i = r->nfields++;
	if (i >= r->ncols || !r->col_used[i])
		return;
	if (r->rowlen + len + 1 > r->rowcap) {
		r->nomem = true;  /* cannot happen: a record is <= TRACE_LINE_MAX */
		return;
	}
	r->col_off[i] = r->rowlen;
	r->col_len[i] = len;
	if (len)
		memcpy(r->rowbuf + r->rowlen, s, len);
	r->rowbuf[r->rowlen + len] = '\0';
	r->rowlen += len + 1;
}

static void csv_row(int c, void *data)
{
	(void)c;
	struct trace_reader *r = data;
	r->row_done = true;
}

/* Forgets a half-read row (after an error). */
static void csv_reset(struct trace_reader *r)
{
	unsigned char opts = (unsigned char)csv_get_opts(&r->csv);
	csv_set_opts(&r->csv, CSV_STRICT);
	csv_fini(&r->csv, NULL, NULL, NULL);
	csv_set_opts(&r->csv, opts);
	r->row_done = false;
	r->nfields = 0;
	r->rowlen = 0;
	r->row_line = 0;
	r->row_bytes = 0;
}

/* Reads one non-blank CSV row through libcsv.  1 a row (its fields in
 * nfields, col_off/col_len, header names when in_header), 0 end of file,
 * -STATUS_EINVAL a malformed row (reported with bad_row, or say when
 * in_header), -STATUS_EIO, -STATUS_ENOMEM. */
static int csv_read_row(struct trace_reader *r)
{
	r->row_done = false;
	r->nfields = 0;
	r->rowlen = 0;
	r->row_line = 0;
	r->row_bytes = 0;
	for (;;) {
		char *line;
		size_t len;
		int st = line_next(r, &line, &len);
		if (st == LINE_IOERR)
			return -STATUS_EIO;
		if (st == LINE_TOO_LONG) {
			if (r->in_header)
				say(r, r->lineno, "line too long: more than %d bytes", TRACE_LINE_MAX);
			else
				bad_row(r, r->lineno, "line too long: more than %d bytes", TRACE_LINE_MAX);
			csv_reset(r);
			return -STATUS_EINVAL;
		}
		if (st == LINE_EOF) {
			if (r->row_line == 0)
				return 0;
			/* The last row has no line end, or a quote is still open. */
			int64_t at = r->row_line;
			if (csv_fini(&r->csv, csv_field, csv_row, r) != 0) {
				if (r->in_header)
					say(r, at, "a quoted field is not closed at the end of the file");
				else
					bad_row(r, at, "a quoted field is not closed at the end of the file");
				csv_reset(r);
				r->row_line = at;
				return -STATUS_EINVAL;
			}
			if (r->nomem)
				return -STATUS_ENOMEM;
			if (r->row_done && r->nfields > 0) {
				r->row_line = at;
				return 1;
			}
			return 0;
		}
		if (r->row_line == 0)
			r->row_line = r->lineno;
		r->row_bytes += len;
		if (r->row_bytes > TRACE_LINE_MAX) {
			int64_t at = r->row_line;
			if (r->in_header)
				say(r, at, "record too long: more than %d bytes (a quoted field "
				    "not closed?)", TRACE_LINE_MAX);
			else
				bad_row(r, at, "record too long: more than %d bytes (a quoted field "
					"not closed?)", TRACE_LINE_MAX);
			csv_reset(r);
			r->row_line = at;
			return -STATUS_EINVAL;
		}
		size_t used = csv_parse(&r->csv, line, len, csv_field, csv_row, r);
		if (r->nomem || csv_error(&r->csv) == CSV_ENOMEM)
			return -STATUS_ENOMEM;
		if (used < len) {
			int64_t at = r->lineno;
			const char *what = "a quote inside an unquoted field, or text after a "
				"closing quote; expected a field quoted whole, with inner quotes doubled";
			if (r->in_header)
				say(r, at, "%s", what);
			else
				bad_row(r, at, "%s", what);
			int64_t first = r->row_line;
			csv_reset(r);
			r->row_line = first;
			return -STATUS_EINVAL;
		}
		if (r->row_done) {
			if (r->nfields > 0)
				return 1;
			/* A blank line. */
			r->row_done = false;
			r->row_line = 0;
			r->row_bytes = 0;
		}
	}
}

/* The field of role k in the current row, or NULL when unmapped. */
static const char *field_of(const struct trace_reader *r, int k, size_t *len)
{
	int c = r->role_col[k];
	if (c < 0)
		return NULL;
	*len = r->col_len[c];
	return r->rowbuf + r->col_off[c];
}

static const char *colname(const struct trace_reader *r, int k)
{
	return r->hdrbuf + r->hdroff[r->role_col[k]];
}

#define EXP_DURATION "a duration in seconds >= 0 (\"185\", \"12.5\") or H:MM:SS"

/* An optional duration (empty: NAN). */
static bool csv_duration(struct trace_reader *r, int k, double *out)
{
	size_t len;
	const char *s = field_of(r, k, &len);
	*out = NAN;
	if (!s || len == 0)
		return true;
	if (!parse_duration(s, out)) {
		bad_row(r, r->row_line, "%s: expected " EXP_DURATION "; got \"%s\"",
			colname(r, k), quote(s, len).s);
		return false;
	}
	return true;
}

static bool csv_text(struct trace_reader *r, int k, char out[TRACE_TEXT_MAX])
{
	size_t len;
	const char *s = field_of(r, k, &len);
	out[0] = '\0';
	if (!s)
		return true;
	if (len >= TRACE_TEXT_MAX) {
		bad_row(r, r->row_line, "%s: expected text of at most %d bytes; got \"%s\"",
			colname(r, k), TRACE_TEXT_MAX - 1, quote(s, len).s);
		return false;
	}
	memcpy(out, s, len + 1);
	return true;
}

static void list_words(char *out, size_t n, const struct trace_reader *r, int list)
{
	size_t k = 0;
	out[0] = '\0';
	for (size_t i = 0; i < r->nlist[list] && k + 1 < n; i++)
		k += (size_t)snprintf(out + k, n - k, "%s%s", i ? ", " : "", r->lists[list][i]);
}

static bool csv_outcome(struct trace_reader *r, enum trace_outcome *out)
{
	size_t len;
	const char *s = field_of(r, ROLE_OUTCOME, &len);
	*out = TRACE_UNKNOWN;
	if (!s || len == 0)
		return true;
	static const enum trace_outcome of_list[N_LISTS] = {
		TRACE_ANSWERED, TRACE_ABANDONED, TRACE_UNKNOWN
	};
	for (int l = 0; l < N_LISTS; l++)
		for (size_t i = 0; i < r->nlist[l]; i++)
			if (strcasecmp(s, r->lists[l][i]) == 0) {
				*out = of_list[l];
				return true;
			}
	char ans[256], aba[256], unk[256];
	list_words(ans, sizeof ans, r, LIST_ANSWERED);
	list_words(aba, sizeof aba, r, LIST_ABANDONED);
	list_words(unk, sizeof unk, r, LIST_UNKNOWN);
	bad_row(r, r->row_line, "%s: expected %s (answered), %s (abandoned)%s%s%s or an "
		"empty field; got \"%s\"", colname(r, ROLE_OUTCOME), ans, aba,
		r->nlist[LIST_UNKNOWN] ? ", " : "", unk,
		r->nlist[LIST_UNKNOWN] ? " (unknown)" : "", quote(s, len).s);
	return false;
}

/* Converts the current row.  1, or -STATUS_EINVAL (reported). */
static int csv_convert(struct trace_reader *r, struct trace_record *rec)
{
	if (r->nfields != r->ncols) {
		bad_row(r, r->row_line, "expected %zu fields, as in the header; got %zu",
			r->ncols, r->nfields);
		return -STATUS_EINVAL;
	}
	struct trace_record t = { .line = r->row_line };
	size_t len = 0;
	const char *s;
	for (int k = 0; k < N_ROLES; k++) {
		s = field_of(r, k, &len);
		if (s && strlen(s) != len) {
			bad_row(r, r->row_line, "%s: a NUL byte in the field; expected text",
				colname(r, k));
			return -STATUS_EINVAL;
		}
	}
	if (r->role_col[ROLE_ARRIVAL] >= 0) {
		s = field_of(r, ROLE_ARRIVAL, &len);
		if (!parse_timestamp(s, &t.date, &t.time_s)) {
			bad_row(r, r->row_line, "%s: expected a timestamp \"YYYY-MM-DD HH:MM:SS\" "
				"or \"YYYY-MM-DDTHH:MM:SS\" (a valid date, hour < 24); got \"%s\"",
				colname(r, ROLE_ARRIVAL), quote(s, len).s);
			return -STATUS_EINVAL;
		}
	} else {
		const char *p;
		s = field_of(r, ROLE_DATE, &len);
		if (!scan_date(s, &t.date, &p) || *p != '\0') {
			bad_row(r, r->row_line, "%s: expected a date \"YYYY-MM-DD\"; got \"%s\"",
				colname(r, ROLE_DATE), quote(s, len).s);
			return -STATUS_EINVAL;
		}
		s = field_of(r, ROLE_TIME, &len);
		if (!parse_clock(s, &t.time_s)) {
			bad_row(r, r->row_line, "%s: expected a time of day \"H:MM:SS\" or "
				"\"HH:MM:SS\" (hour < 24); got \"%s\"",
				colname(r, ROLE_TIME), quote(s, len).s);
			return -STATUS_EINVAL;
		}
	}
	if (!csv_text(r, ROLE_TYPE, t.type) || !csv_text(r, ROLE_AGENT, t.agent) ||
	    !csv_duration(r, ROLE_HANDLE, &t.handle_s) ||
	    !csv_duration(r, ROLE_WAIT, &t.wait_s) ||
	    !csv_duration(r, ROLE_PATIENCE, &t.patience_s) || !csv_outcome(r, &t.outcome))
		return -STATUS_EINVAL;
	s = field_of(r, ROLE_PRIORITY, &len);
	if (s && len > 0) {
		long long v;
		if (!parse_count(s, &v)) {
			bad_row(r, r->row_line, "%s: expected a whole number >= 0; got \"%s\"",
				colname(r, ROLE_PRIORITY), quote(s, len).s);
			return -STATUS_EINVAL;
		}
		t.priority = (int)v;
	}
	if (t.outcome == TRACE_ABANDONED && isnan(t.patience_s))
		t.patience_s = t.wait_s;
	*rec = t;
	return 1;
}

/* Matches the mapping to the header.  STATUS_OK or STATUS_EINVAL (printed). */
static int csv_bind(struct trace_reader *r)
{
	for (int k = 0; k < N_ROLES; k++) {
		r->role_col[k] = -1;
		const char *want = r->role_colname[k];
		if (!want)
			continue;
		size_t found = 0, first = 0, second = 0;
		for (size_t c = 0; c < r->ncols; c++)
			if (strcmp(r->hdrbuf + r->hdroff[c], want) == 0) {
				if (found == 0)
					first = c;
				else if (found == 1)
					second = c;
				found++;
			}
		if (found > 1) {
			say(r, r->header_line, "column \"%s\" (%s=) appears %zu times in the header "
			    "(columns %zu and %zu); expected once", want, role_names[k], found,
			    first + 1, second + 1);
			return STATUS_EINVAL;
		}
		if (found == 1) {
			r->role_col[k] = (int)first;
			r->col_used[first] = true;
			continue;
		}
		if (r->default_mapping && k != ROLE_ARRIVAL)
			continue;  /* optional in ccsim's own format */
		char cols[1024];
		size_t n = 0;
		cols[0] = '\0';
		for (size_t c = 0; c < r->ncols && c < LIST_COLUMNS_MAX && n + 1 < sizeof cols; c++) {
			const char *name = r->hdrbuf + r->hdroff[c];
			n += (size_t)snprintf(cols + n, sizeof cols - n, "%s\"%s\"", c ? ", " : "",
					      quote(name, strlen(name)).s);
		}
		if (r->ncols > LIST_COLUMNS_MAX && n + 1 < sizeof cols)
			snprintf(cols + n, sizeof cols - n, ", ... (%zu columns)", r->ncols);
		bool anonbank = r->ncols > 0 &&
				strncmp(r->hdrbuf + r->hdroff[0], "vru+line", 8) == 0;
		say(r, r->header_line, "no column \"%s\" (%s=) in the header%s; the header's "
		    "columns are %s%s", quote(want, strlen(want)).s, role_names[k],
		    r->default_mapping ? " (the default mapping, ccsim's own format; give a "
		    "mapping for other files)" : "", cols,
		    anonbank ? "; this looks like an Anonymous Bank file: --format anonbank"
			     : "");
		return STATUS_EINVAL;
	}
	return STATUS_OK;
}

static int csv_open(struct trace_reader *r, const struct trace_format *fmt)
{
	const char *mapping = fmt && fmt->mapping && *fmt->mapping ? fmt->mapping :
		TRACE_DEFAULT_MAPPING;
	r->default_mapping = !(fmt && fmt->mapping && *fmt->mapping);
	char sep = fmt && fmt->separator ? fmt->separator : ',';
	if (sep != ',' && sep != ';' && sep != '\t') {
		say(r, 0, "separator '%s': expected ',', ';' or a tab",
		    quote(&sep, 1).s);
		return STATUS_EINVAL;
	}
	r->mapbuf = strdup(mapping);
	if (!r->mapbuf)
		return STATUS_ENOMEM;
	int st = mapping_parse(r);
	if (st != STATUS_OK)
		return st;

	if (csv_init(&r->csv, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL) != 0)
		return STATUS_ENOMEM;
	r->csv_ready = true;
	csv_set_delim(&r->csv, (unsigned char)sep);
	csv_set_space_func(&r->csv, csv_is_space);
	csv_set_term_func(&r->csv, csv_is_term);
	csv_set_blk_size(&r->csv, 4096);

	r->hdrcap = 2 * (size_t)TRACE_LINE_MAX + 2;
	r->hdrbuf = malloc(r->hdrcap);
	if (!r->hdrbuf)
		return STATUS_ENOMEM;
	r->in_header = true;
	int got = csv_read_row(r);
	r->in_header = false;
	if (got == -STATUS_EIO || got == -STATUS_ENOMEM)
		return -got;
	if (got < 0)
		return STATUS_EINVAL;
	if (got == 0) {
		say(r, 1, "empty file, expected a header row");
		return STATUS_EINVAL;
	}
	r->header_line = r->row_line;

	r->col_used = calloc(r->ncols, sizeof *r->col_used);
	r->col_off = calloc(r->ncols, sizeof *r->col_off);
	r->col_len = calloc(r->ncols, sizeof *r->col_len);
	r->rowcap = TRACE_LINE_MAX + N_ROLES + 1;
	r->rowbuf = malloc(r->rowcap);
	if (!r->col_used || !r->col_off || !r->col_len || !r->rowbuf)
		return STATUS_ENOMEM;
	return csv_bind(r);
}

static int csv_next(struct trace_reader *r, struct trace_record *rec)
{
	for (;;) {
		int st = csv_read_row(r);
		if (st == 0)
			return 0;
		if (st == -STATUS_EIO || st == -STATUS_ENOMEM)
			return st;
		r->stats.rows++;
		if (st > 0)
			st = csv_convert(r, rec);
		if (st > 0)
			return 1;
		if (!r->skip_bad_rows)
			return st;
		r->stats.skipped_bad++;
	}
}

/* ---- Anonymous Bank ---------------------------------------------------------------- */

/* Splits line (cut in place) on runs of whitespace into at most max
 * fields; returns the number of fields seen (possibly more than max). */
static size_t split_ws(char *line, size_t len, char **field, size_t max)
{
	size_t n = 0, i = 0;
	for (;;) {
		while (i < len && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r' ||
				   line[i] == '\n'))
			line[i++] = '\0';
		if (i >= len)
			break;
		if (n < max)
			field[n] = line + i;
		n++;
		while (i < len && line[i] != ' ' && line[i] != '\t' && line[i] != '\r' &&
		       line[i] != '\n')
			i++;
	}
	return n;
}

/* Next non-blank line, split.  1, 0 at the end, -STATUS_EINVAL for a line
 * too long (not reported), -STATUS_EIO.  *nul tells a line holding a NUL
 * byte (its fields are then cut short). */
static int ab_line(struct trace_reader *r, char **field, size_t *n, bool *nul)
{
	for (;;) {
		char *line;
		size_t len;
		int st = line_next(r, &line, &len);
		if (st == LINE_EOF)
			return 0;
		if (st == LINE_IOERR)
			return -STATUS_EIO;
		if (st == LINE_TOO_LONG)
			return -STATUS_EINVAL;
		*nul = memchr(line, '\0', len) != NULL;
		*n = split_ws(line, len, field, AB_FIELDS);
		if (*n > 0 || *nul)
			return 1;
	}
}

static int ab_open(struct trace_reader *r)
{
	char *field[AB_FIELDS];
	size_t n;
	bool nul;
	int st = ab_line(r, field, &n, &nul);
	if (st == -STATUS_EIO)
		return STATUS_EIO;
	if (st == -STATUS_EINVAL) {
		say(r, r->lineno, "line too long: more than %d bytes", TRACE_LINE_MAX);
		return STATUS_EINVAL;
	}
	if (st == 0) {
		say(r, 1, "empty file, expected a header row");
		return STATUS_EINVAL;
	}
	r->header_line = r->lineno;
	bool ok = n == AB_FIELDS && !nul;
	for (size_t i = 0; ok && i < AB_FIELDS; i++)
		ok = strcmp(field[i], ab_header[i]) == 0;
	if (!ok) {
		say(r, r->lineno, "expected the Anonymous Bank header, the 17 fields vru+line "
		    "call_id customer_id priority type date vru_entry vru_exit vru_time q_start "
		    "q_exit q_time outcome ser_start ser_exit ser_time server; got \"%s\"%s",
		    n > 0 ? quote(field[0], strlen(field[0])).s : "",
		    n > 1 ? " ..." : "");
		return STATUS_EINVAL;
	}
	return STATUS_OK;
}

#define EXP_CLOCK "a time h:mm:ss (hour < 24)"

/* A clock field h:mm:ss without fraction. */
static bool ab_clock(struct trace_reader *r, char **field, int i, double *sec)
{
	const char *end;
	if (scan_hms(field[i], 2, 24, false, sec, &end) && *end == '\0')
		return true;
	bad_row(r, r->lineno, "%s: expected " EXP_CLOCK "; got \"%s\"", ab_header[i],
		quote(field[i], strlen(field[i])).s);
	return false;
}

/* Whole seconds, >= 0 unless negative_ok. */
static bool ab_seconds(struct trace_reader *r, char **field, int i, bool negative_ok,
		       long long *v)
{
	const char *s = field[i], *end;
	bool neg = negative_ok && *s == '-';
	if (scan_digits(s + neg, 1, 9, v, &end) && *end == '\0') {
		if (neg)
			*v = -*v;
		return true;
	}
	bad_row(r, r->lineno, "%s: expected whole seconds%s; got \"%s\"", ab_header[i],
		negative_ok ? "" : " >= 0", quote(s, strlen(s)).s);
	return false;
}

static bool ab_text(struct trace_reader *r, char **field, int i, char out[TRACE_TEXT_MAX])
{
	size_t len = strlen(field[i]);
	if (len >= TRACE_TEXT_MAX) {
		bad_row(r, r->lineno, "%s: expected text of at most %d bytes; got \"%s\"",
			ab_header[i], TRACE_TEXT_MAX - 1, quote(field[i], len).s);
		return false;
	}
	memcpy(out, field[i], len + 1);
	return true;
}

enum ab_class { AB_RECORD, AB_PHANTOM, AB_VRU_ONLY };

/* Converts a split row.  1 (*cls says whether it is a record), or
 * -STATUS_EINVAL (reported). */
static int ab_convert(struct trace_reader *r, char **field, size_t n,
		      struct trace_record *rec, enum ab_class *cls)
{
	if (n != AB_FIELDS) {
		bad_row(r, r->lineno, "expected %d fields separated by tabs or spaces; got %zu",
			AB_FIELDS, n);
		return -STATUS_EINVAL;
	}
	struct trace_record t = { .line = r->lineno };
	long long prio, yymmdd, vru_time, q_time, ser_time;
	const char *end;
	if (!scan_digits(field[AB_PRIORITY], 1, 9, &prio, &end) || *end != '\0') {
		bad_row(r, r->lineno, "priority: expected a whole number >= 0; got \"%s\"",
			quote(field[AB_PRIORITY], strlen(field[AB_PRIORITY])).s);
		return -STATUS_EINVAL;
	}
	t.priority = (int)prio;
	if (!ab_text(r, field, AB_TYPE, t.type))
		return -STATUS_EINVAL;
	if (!scan_digits(field[AB_DATE], 6, 6, &yymmdd, &end) || *end != '\0' ||
	    horizon_date_from_civil((int)(yymmdd / 10000 >= 70 ? 1900 : 2000) +
				    (int)(yymmdd / 10000), (int)(yymmdd / 100 % 100),
				    (int)(yymmdd % 100), &t.date) != STATUS_OK) {
		bad_row(r, r->lineno, "date: expected a date YYMMDD; got \"%s\"",
			quote(field[AB_DATE], strlen(field[AB_DATE])).s);
		return -STATUS_EINVAL;
	}
	double entry, exit_, q_start, clock;
	if (!ab_clock(r, field, AB_VRU_ENTRY, &entry) || !ab_clock(r, field, AB_VRU_EXIT, &exit_) ||
	    !ab_seconds(r, field, AB_VRU_TIME, true, &vru_time) ||
	    !ab_clock(r, field, AB_Q_START, &q_start) || !ab_clock(r, field, AB_Q_EXIT, &clock) ||
	    !ab_seconds(r, field, AB_Q_TIME, false, &q_time) ||
	    !ab_clock(r, field, AB_SER_START, &clock) || !ab_clock(r, field, AB_SER_EXIT, &clock) ||
	    !ab_seconds(r, field, AB_SER_TIME, false, &ser_time))
		return -STATUS_EINVAL;
	const char *outcome = field[AB_OUTCOME];
	bool agent = strcmp(outcome, "AGENT") == 0, hang = strcmp(outcome, "HANG") == 0;
	if (!agent && !hang && strcmp(outcome, "PHANTOM") != 0) {
		bad_row(r, r->lineno, "outcome: expected AGENT, HANG or PHANTOM; got \"%s\"",
			quote(outcome, strlen(outcome)).s);
		return -STATUS_EINVAL;
	}
	bool no_server = strcmp(field[AB_SERVER], "NO_SERVER") == 0;
	if (!no_server && !ab_text(r, field, AB_SERVER, t.agent))
		return -STATUS_EINVAL;
	if (!agent && !hang) {
		*cls = AB_PHANTOM;
		return 1;
	}
	if (hang && q_start == 0.0) {
		*cls = AB_VRU_ONLY;
		return 1;
	}
	t.time_s = exit_;
	if (exit_ < entry && vru_time >= 0)
		t.date++;  /* left the VRU after midnight */
	t.wait_s = (double)q_time;
	t.outcome = agent ? TRACE_ANSWERED : TRACE_ABANDONED;
	t.handle_s = agent && !no_server && ser_time > 0 ? (double)ser_time : NAN;
	t.patience_s = agent ? NAN : (double)q_time;
	*cls = AB_RECORD;
	*rec = t;
	return 1;
}

static int ab_next(struct trace_reader *r, struct trace_record *rec)
{
	for (;;) {
		char *field[AB_FIELDS];
		size_t n;
		bool nul = false;
		int st = ab_line(r, field, &n, &nul);
		if (st == 0 || st == -STATUS_EIO)
			return st;
		r->stats.rows++;
		enum ab_class cls = AB_RECORD;
		if (st == -STATUS_EINVAL) {
			bad_row(r, r->lineno, "line too long: more than %d bytes", TRACE_LINE_MAX);
		} else if (nul) {
			bad_row(r, r->lineno, "a NUL byte in the line; expected text");
			st = -STATUS_EINVAL;
		} else
			st = ab_convert(r, field, n, rec, &cls);
		if (st < 0) {
			if (!r->skip_bad_rows)
				return st;
			r->stats.skipped_bad++;
			continue;
		}
		if (cls == AB_PHANTOM)
			r->stats.skipped_phantom++;
		else if (cls == AB_VRU_ONLY)
			r->stats.skipped_vru_only++;
		else
			return 1;
	}
}

/* ---- the interface ---------------------------------------------------------------- */

int trace_open(const char *path, const struct trace_format *fmt,
	       struct trace_reader **out, FILE *errors)
{
	if (!out)
		return STATUS_EINVAL;
	*out = NULL;
	if (!path) {
		if (errors)
			fprintf(errors, "(null): cannot open: no file name\n");
		return STATUS_EINVAL;
	}
	struct trace_reader *r = calloc(1, sizeof *r);
	if (!r)
		goto nomem;
	r->errors = errors;
	r->kind = fmt ? fmt->kind : TRACE_CSV;
	r->skip_bad_rows = fmt && fmt->skip_bad_rows;
	r->first_line = true;
	r->path = strdup(path);
	r->buf = malloc(TRACE_LINE_MAX);
	if (!r->path || !r->buf)
		goto nomem;
	if (r->kind != TRACE_CSV && r->kind != TRACE_ANONBANK) {
		say(r, 0, "unknown trace format %d", (int)r->kind);
		trace_close(r);
		return STATUS_EINVAL;
	}
	r->f = fopen(path, "rb");
	struct stat sb;
	int e = errno;
	if (r->f && fstat(fileno(r->f), &sb) == 0 && S_ISDIR(sb.st_mode))
		e = EISDIR;
	else if (r->f)
		e = 0;
	if (e) {
		say(r, 0, "cannot open: %s", strerror(e));
		trace_close(r);
		return STATUS_EIO;
	}
	int st = r->kind == TRACE_CSV ? csv_open(r, fmt) : ab_open(r);
	if (st == STATUS_ENOMEM)
		goto nomem;
	if (st != STATUS_OK) {
		trace_close(r);
		return st;
	}
	*out = r;
	return STATUS_OK;

nomem:
	if (errors)
		fprintf(errors, "%s: out of memory\n", path);
	trace_close(r);
	return STATUS_ENOMEM;
}

int trace_next(struct trace_reader *r, struct trace_record *rec)
{
	if (!r || !rec)
		return -STATUS_EINVAL;
	if (r->failed)
		return -r->failed;
	struct trace_record t;
	int st = r->kind == TRACE_CSV ? csv_next(r, &t) : ab_next(r, &t);
	if (st == -STATUS_EIO || st == -STATUS_ENOMEM)
		r->failed = -st;
	if (st != 1)
		return st;
	r->stats.records++;
	if (t.outcome == TRACE_ANSWERED) {
		r->stats.answered++;
		r->stats.answered_no_handle += isnan(t.handle_s);
	} else if (t.outcome == TRACE_ABANDONED) {
		r->stats.abandoned++;
	} else {
		r->stats.unknown++;
	}
	*rec = t;
	return 1;
}

const struct trace_stats *trace_stats(const struct trace_reader *r)
{
	return &r->stats;
}

void trace_close(struct trace_reader *r)
{
	if (!r)
		return;
	if (r->f)
		fclose(r->f);
	if (r->csv_ready)
		csv_free(&r->csv);
	for (int k = 0; k < N_LISTS; k++)
		if (r->list_given[k])
			free((void *)r->lists[k]);
	free(r->mapbuf);
	free(r->hdrbuf);
	free(r->hdroff);
	free(r->col_used);
	free(r->col_off);
	free(r->col_len);
	free(r->rowbuf);
	free(r->buf);
	free(r->path);
	free(r);
}

const char *trace_outcome_name(enum trace_outcome o)
{
	switch (o) {
	case TRACE_ANSWERED: return "answered";
	case TRACE_ABANDONED: return "abandoned";
	default: return "unknown";
	}
}
