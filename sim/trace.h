/*
 * trace.h: contact records (call logs) read from files, one at a time.
 *
 * A trace is a file of past contacts, one per row, read to replay its
 * arrivals or to fit distributions.  The reader streams: it holds one line
 * buffer of TRACE_LINE_MAX bytes and the header, and allocates nothing per
 * row, so a file of tens of millions of rows is read in constant memory.
 * Records come in file order (the Anonymous Bank files are ordered by VRU
 * line, not by time: a replay sorts or merges them).
 *
 * Two formats:
 *
 * TRACE_CSV: RFC 4180 text (libcsv: quoted fields may hold the separator,
 * doubled quotes and line ends) with a header row, separator ',' (default),
 * ';' or tab.  Spaces around unquoted fields are trimmed; blank lines are
 * skipped; rows end with LF or CRLF; a UTF-8 byte-order mark before the
 * header is ignored.  Every row must have as many fields as the header.
 * A mapping says which columns hold what, so an ACD export is read as it
 * is:
 *
 *     "arrival=StartTime,type=Queue,handle=TalkSec,wait=WaitSec,
 *      outcome=Result,agent=AgentId,patience=AbandonSec"
 *
 *   entries   key=value, separated by ','; spaces around keys, values and
 *             list items are ignored; each key at most once; column names
 *             match the header exactly (case included) and cannot contain
 *             ',' or '|'
 *   columns   arrival    a timestamp: "YYYY-MM-DD HH:MM:SS" or
 *                        "YYYY-MM-DDTHH:MM:SS", optional fraction of a
 *                        second (".250"), optional trailing "Z" (ignored:
 *                        times are taken as the local wall clock written)
 *             date, time instead of arrival, both: "YYYY-MM-DD" and
 *                        "H:MM:SS" or "HH:MM:SS" (optional fraction)
 *             type, agent       text, at most 63 bytes
 *             handle, wait, patience
 *                        durations: seconds ("185", "12.5") or H:MM:SS
 *                        ("0:03:05"); never negative
 *             outcome    case-insensitive: answered, agent, served,
 *                        handled give TRACE_ANSWERED; abandoned, abandon,
 *                        hang give TRACE_ABANDONED; anything else is an
 *                        error
 *             priority   a whole number >= 0
 *   values    answered_values=a|b, abandoned_values=c|d: replace that
 *             outcome's default words; unknown_values=e|f: words that
 *             give TRACE_UNKNOWN (transfers, call-backs, ...)
 * Hours are 0 to 23, minutes and seconds 0 to 59; dates are checked (no
 * 30 February).  arrival (or date and time) is required in every row; an
 * empty cell of another column means "absent": NAN, "" or 0, and
 * TRACE_UNKNOWN for outcome.  An abandoned record without a patience value
 * takes its wait as patience.
 *
 * The default mapping (mapping NULL or "") reads ccsim's own CSV trace
 * format, whose columns are
 *     arrival,type,handle_s,wait_s,patience_s,outcome,agent,priority
 * (arrival "YYYY-MM-DD HH:MM:SS[.fff]", durations in seconds, outcome
 * "answered" or "abandoned" or empty); only arrival is required there, the
 * other columns are read when the header has them.  With a mapping, every
 * column it names must be in the header.
 *
 * TRACE_ANONBANK: the "Anonymous Bank" call records (Israel, 1999; see
 * ../shared/data/anonymous-bank-1999/README.md): the header row of the 17
 * fields vru+line ... server, then one call per row; fields split on any
 * run of tabs or spaces; CRLF or LF; times h:mm:ss; dates YYMMDD (YY 70-99
 * is 19YY, 00-69 is 20YY).  A row becomes:
 *   date, time_s  vru_exit on the row's date, the moment the call left the
 *                 VRU for the queue or an agent.  A row carries the date of
 *                 its vru_entry; a vru_exit earlier on the clock with
 *                 vru_time >= 0 crossed midnight (next date).  vru_time is
 *                 exactly vru_exit - vru_entry in both files, and negative
 *                 in 58 rows (up to -192 s): the VRU's clocks disagree, no
 *                 midnight is crossed, and the date stays.
 *   type, priority  as written
 *   outcome       AGENT: TRACE_ANSWERED.  HANG with q_start != 0:00:00:
 *                 TRACE_ABANDONED, patience_s = wait_s = q_time.  HANG with
 *                 q_start = 0:00:00 (hung up in the VRU, never queued) and
 *                 PHANTOM (virtual calls) are skipped and counted.
 *   wait_s        q_time (0 for a call sent straight to an agent)
 *   handle_s      ser_time for an AGENT row with a named server and
 *                 ser_time > 0 (talk time only: the data have no wrap-up);
 *                 NAN otherwise (NO_SERVER rows and ser_time 0 are not
 *                 real services)
 *   agent         server, "" for NO_SERVER
 * Every time field must be a valid h:mm:ss clock, q_time and ser_time whole
 * seconds >= 0, vru_time whole seconds.
 *
 * Errors print one line to `errors` (when not NULL): "FILE: cannot open:
 * <strerror>" (STATUS_EIO); "FILE:LINE: <field>: expected ...; got
 * \"<text>\"" for a bad value (the text quoted, escaped and cut after 40
 * bytes); "mapping: ..." for a mapping that cannot be understood.  An empty
 * file (nothing but blank lines) is an error, "empty file, expected a
 * header row"; a file with a header and no rows gives no records.
 */
#ifndef CCSIM_TRACE_H
#define CCSIM_TRACE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* Longest line accepted, in bytes, counting its line end; a CSV record
 * spread over several lines (quoted line ends) is held to it as a whole. */
#define TRACE_LINE_MAX 65536
#define TRACE_TEXT_MAX 64      /* type and agent, with their NUL */
/* With skip_bad_rows, messages for the first this many bad rows. */
#define TRACE_REPORT_MAX 10

#define TRACE_DEFAULT_MAPPING "arrival=arrival,type=type,handle=handle_s," \
	"wait=wait_s,patience=patience_s,outcome=outcome,agent=agent,priority=priority"

enum trace_outcome { TRACE_ANSWERED, TRACE_ABANDONED, TRACE_UNKNOWN };

enum trace_kind { TRACE_CSV, TRACE_ANONBANK };

struct trace_format {
	enum trace_kind kind;
	const char *mapping;   /* TRACE_CSV: see above; NULL or "" = default */
	char separator;        /* TRACE_CSV: ',', ';' or '\t'; 0 = ',' */
	bool skip_bad_rows;    /* count and skip malformed rows (see trace_next) */
};

struct trace_record {
	int64_t date;           /* day number (days since 1970-01-01) of the arrival */
	double time_s;          /* seconds after midnight of date, [0, 86400) */
	char type[TRACE_TEXT_MAX];  /* contact type as written, "" when none */
	double handle_s;        /* talk/handle time, NAN when absent or not usable */
	double wait_s;          /* time in queue, NAN when absent */
	double patience_s;      /* abandoned: time to abandon (= wait); NAN when unknown */
	enum trace_outcome outcome;
	char agent[TRACE_TEXT_MAX]; /* agent id, "" when none */
	int priority;           /* 0 when absent */
	int64_t line;           /* line of the file where the row starts */
};

struct trace_stats {
	uint64_t rows;             /* data rows read (header and blank lines not counted) */
	uint64_t records;          /* records returned */
	uint64_t skipped_bad;      /* malformed rows skipped (skip_bad_rows) */
	uint64_t skipped_phantom;  /* Anonymous Bank PHANTOM rows */
	uint64_t skipped_vru_only; /* Anonymous Bank HANG rows that never queued */
	uint64_t answered, abandoned, unknown; /* records by outcome */
	uint64_t answered_no_handle; /* answered records with handle_s NAN */
};

struct trace_reader;

/* Opens path and reads its header.  fmt NULL means TRACE_CSV with the
 * default mapping.  Returns STATUS_OK and *out (free with trace_close);
 * STATUS_EIO when the file cannot be opened or read, STATUS_EINVAL for an
 * empty file, a bad header or mapping, STATUS_ENOMEM; each after one line
 * to errors (NULL prints nothing), with *out set to NULL. */
int trace_open(const char *path, const struct trace_format *fmt,
	       struct trace_reader **out, FILE *errors);

/* Reads the next record into *rec.  Returns 1 (a record), 0 (end of file),
 * or a negative status: -STATUS_EINVAL for a malformed row, after one line
 * "FILE:LINE: ..." to errors; the next call goes on with the next row.
 * With skip_bad_rows, malformed rows are counted in skipped_bad and
 * skipped instead (messages for the first TRACE_REPORT_MAX only).
 * -STATUS_EIO when reading fails (then on every later call);
 * -STATUS_ENOMEM.  *rec is only written when 1 is returned. */
int trace_next(struct trace_reader *r, struct trace_record *rec);

/* Counters so far; valid until trace_close. */
const struct trace_stats *trace_stats(const struct trace_reader *r);

/* Closes the file and frees r; trace_close(NULL) does nothing. */
void trace_close(struct trace_reader *r);

/* "answered", "abandoned" or "unknown". */
const char *trace_outcome_name(enum trace_outcome o);

#endif
