/*
 * sizing.c: the `ccsim erlang` command (see sizing.h and --help below).
 *
 * Offered traffic a = calls * AHT / interval Erlangs goes to the analytic
 * models of models/erlang.h: Erlang C without a patience, Erlang A with one
 * (erlang_eval with patience INFINITY or finite).  Targets go to
 * erlang_staff, which finds the fewest agents (at most SIZING_MAX_AGENTS)
 * meeting them all; erlang_scheduled adds the shrinkage,
 * ceil(required / (1 - shrinkage)).  Every figure the models give is
 * monotone in the agents (service level up; waits, abandonment and
 * occupancy down), so N agents meet the targets exactly when N >= required.
 *
 * Flow: parse and check every flag, read and check the whole forecast,
 * size everything; only then create the output folder and write
 * (atomically: sizing.csv through outfile, the plots through plot_render),
 * and print last.  Bad input therefore writes nothing.
 *
 * Forecast CSV (libcsv, strict: a quote inside an unquoted field, text
 * after a closing quote or an unterminated quoted field are errors).  The
 * parser is fed one byte at a time so that each row knows the line where it
 * starts: a row opens at its first byte other than a space, a tab, CR or LF
 * (libcsv skips those before a row, and blank lines give no row), and lines
 * are counted at each LF, quoted newlines included.  A UTF-8 byte-order mark
 * (spreadsheets write one) is skipped.  Errors name the row's first line.
 *
 * Output: numbers in the table with fixed formats; JSON through jansson
 * with keys in a fixed order and non-finite numbers as null; sizing.csv as
 * RFC 4180 with a header row, text quoted by csv_fwrite when needed,
 * numbers as "%.6g", an infinite patience (Erlang C) as an empty field.
 */
#include "sizing.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>
#include <jansson.h>

#include "csvout.h"
#include "outfile.h"
#include "plot.h"
#include "status.h"
#include "units.h"

#define EXIT_USAGE 2
#define TABLE_SPAN 3       /* rows shown either side of the answer */

static const char usage_erlang[] =
	"usage: ccsim erlang --calls N --interval D --aht D [--patience D]\n"
	"                    [--agents N] [--sl X/T] [--asa D] [--abandon P]\n"
	"                    [--max-occupancy P] [--shrinkage P] [--json]\n"
	"       ccsim erlang --forecast FILE.csv --interval D [--aht D] [--patience D]\n"
	"                    TARGET... [--shrinkage P] [--json] [--out DIR]\n"
	"\n"
	"Sizes a queue of calls with the analytic Erlang models.  The offered\n"
	"traffic a = calls x AHT / interval (Erlangs) is served by Erlang C\n"
	"(M/M/n: callers wait as long as it takes) or, with --patience, by\n"
	"Erlang A (M/M/n+M: callers hang up after an exponential patience of\n"
	"that mean).\n"
	"\n"
	"inputs:\n"
	"  --calls N          calls per interval: a number (300) or a rate (600/1h)\n"
	"  --interval D       length of the interval (30m)\n"
	"  --aht D            average handle time (4m, 240s), above 0\n"
	"  --patience D       mean patience, above 0: selects Erlang A\n"
	"staffing to evaluate, targets to meet (at least one of them):\n"
	"  --agents N         evaluate N agents (1 to 1000000)\n"
	"  --sl X/T           service level: at least X% of the calls presented\n"
	"                     answered within T (80/20s or 80%/20s; X in percent)\n"
	"  --asa D            average speed of answer at most D (30s)\n"
	"  --abandon P        abandonment at most P (5%; needs a patience)\n"
	"  --max-occupancy P  agent occupancy at most P (85%)\n"
	"  --shrinkage P      share of paid time off the phones (30%; default 0):\n"
	"                     scheduled = ceil(required / (1 - P)); needs a target\n"
	"output:\n"
	"  --json             print JSON instead of the table\n"
	"  --forecast FILE    size every interval of a forecast CSV (see below)\n"
	"  --out DIR          folder for the forecast's files\n"
	"                     (default out/<FILE's base name>-sizing)\n"
	"  -h, --help         show this help\n"
	"\n"
	"Durations need a unit: s, m, h or d (4m, 1.5h; a bare 4 is refused).\n"
	"Percentages: 5% or 0.05.  Each flag may be given once.\n"
	"\n"
	"With targets, the fewest agents meeting them all (at most 1000000) are\n"
	"`required`; the table shows required-3 to required+3 agents (at least 1),\n"
	"Erlang C rows with agents <= traffic marked unstable (the queue grows\n"
	"without bound: waits infinite), then the agents to schedule.  With\n"
	"--agents N alone it shows N-3 to N+3.  With --agents N and targets, the\n"
	"figures are those of N (its row is added to the table) and it says\n"
	"whether N meets the targets.  Without --sl the service level is\n"
	"reported within 20s.\n"
	"\n"
	"JSON: one object with the keys, in this order, model (\"erlang-c\" or\n"
	"\"erlang-a\"), traffic_erlangs, agents, p_wait, service_level (answered\n"
	"within T over presented), service_level_answered (within T over\n"
	"answered), asa_s, mean_wait_s (over presented), p_abandon (0 for Erlang\n"
	"C), occupancy; with targets also required_agents, scheduled_agents,\n"
	"scheduled_agents_unrounded, the figures being those at required_agents;\n"
	"with --agents N and targets, those at N and a last key meets_targets.\n"
	"Probabilities as fractions, times in seconds.  An unstable Erlang C\n"
	"(agents <= traffic) gives asa_s and mean_wait_s null: JSON has no\n"
	"infinity.\n"
	"\n"
	"Forecast: a CSV file with a header row naming its columns (any order,\n"
	"any case; no other columns):\n"
	"  start     interval label, any text (07:00, 2026-03-02 07:30)    required\n"
	"  calls     calls in the interval, a number >= 0                  required\n"
	"  aht       handle time: 4m, or plain seconds (240)               optional\n"
	"  patience  mean patience, the same forms                         optional\n"
	"An absent column or an empty cell takes --aht or --patience; without\n"
	"either, a row needs its own aht, and a row without patience is Erlang C.\n"
	"Every row lasts --interval (required); targets are required; --calls\n"
	"and --agents are refused.  Writes, into DIR, sizing.csv (start, calls,\n"
	"aht_s, patience_s, traffic_erlangs, required_agents,\n"
	"scheduled_agents_unrounded, scheduled_agents, service_level, asa_s,\n"
	"p_abandon, occupancy; patience_s empty for Erlang C) and the plots\n"
	"sizing.png and sizing.svg (skipped, with a note on stderr, when gnuplot\n"
	"is missing).  Prints one line per interval, or with --json an array of\n"
	"the objects above, each starting with the keys start and calls.\n"
	"\n"
	"exit status: 0 success; 2 bad input or usage (one line on stderr, a bad\n"
	"forecast as FILE:LINE: what is wrong; nothing written); 1 targets that\n"
	"1000000 agents cannot meet, or any other failure (an output that cannot\n"
	"be written).\n";

/* ------------------------------------------------------------- messages */

static int say(FILE *errors, const char *fmt, ...)
{
	if (errors != NULL) {
		va_list ap;
		va_start(ap, fmt);
		fputs("ccsim erlang: ", errors);
		vfprintf(errors, fmt, ap);
		fputc('\n', errors);
		va_end(ap);
	}
	return EXIT_USAGE;
}

/* Bytes in a valid UTF-8 character at s (1 to 4), or 0. */
static int utf8_len(const unsigned char *s)
{
	int n = s[0] < 0x80 ? 1 : (s[0] & 0xe0) == 0xc0 ? 2 :
		(s[0] & 0xf0) == 0xe0 ? 3 : (s[0] & 0xf8) == 0xf0 ? 4 : 0;
	for (int i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

/* A value as a message may quote it: at most 40 characters (then "..."),
 * control characters and bytes that are not UTF-8 shown as '?'. */
static const char *shown(const char *s, char *buf, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t used = 0;
	int chars = 0;
	while (*p != '\0' && used + 8 < n) {
		if (chars == 40) {
			memcpy(buf + used, "...", 3);
			used += 3;
			break;
		}
		int len = utf8_len(p);
		if (len <= 1 || p[0] < 0x80) {
			buf[used++] = p[0] < 0x20 || p[0] >= 0x7f ? '?' : (char)p[0];
			p++;
		} else {
			memcpy(buf + used, p, (size_t)len);
			used += (size_t)len;
			p += len;
		}
		chars++;
	}
	buf[used] = '\0';
	return buf;
}

#define SHOWN(s) shown((s), (char[200]){ 0 }, 200)

/* ------------------------------------------------------ value parsers */

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

int sizing_parse_number(const char *s, double *v)
{
	if (s == NULL || v == NULL)
		return STATUS_EINVAL;
	/* The lexical form first, so that strtod's leniencies (spaces, signs,
	 * hexadecimal, inf, nan) never get in: digits, a point, an exponent. */
	const char *p = s;
	size_t digits = 0;
	while (is_digit(*p)) {
		p++;
		digits++;
	}
	if (*p == '.')
		for (p++; is_digit(*p); p++)
			digits++;
	if (digits == 0)
		return STATUS_EINVAL;
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (!is_digit(*p))
			return STATUS_EINVAL;
		while (is_digit(*p))
			p++;
	}
	if (*p != '\0')
		return STATUS_EINVAL;
	char *end;
	errno = 0;
	double x = strtod(s, &end);
	if (*end != '\0' || !isfinite(x))
		return STATUS_EINVAL;
	*v = x;
	return STATUS_OK;
}

int sizing_parse_sl(const char *s, double *sl, double *threshold_s)
{
	if (s == NULL || sl == NULL || threshold_s == NULL)
		return STATUS_EINVAL;
	const char *slash = strchr(s, '/');
	if (slash == NULL || slash == s || slash - s > 63)
		return STATUS_EINVAL;
	char pct[64];
	size_t len = (size_t)(slash - s);
	memcpy(pct, s, len);
	pct[len] = '\0';
	bool has_percent = pct[len - 1] == '%';
	if (has_percent)
		pct[len - 1] = '\0';
	double x, t;
	if (sizing_parse_number(pct, &x) != STATUS_OK || x <= 0.0 || x >= 100.0 ||
	    (!has_percent && x <= 1.0))
		return STATUS_EINVAL;
	if (units_duration(slash + 1, &t) != STATUS_OK)
		return STATUS_EINVAL;
	*sl = x / 100.0;
	*threshold_s = t;
	return STATUS_OK;
}

int sizing_parse_agents(const char *s, int *agents)
{
	if (s == NULL || agents == NULL || *s == '\0')
		return STATUS_EINVAL;
	long v = 0;
	for (const char *p = s; *p != '\0'; p++) {
		if (!is_digit(*p))
			return STATUS_EINVAL;
		v = v * 10 + (*p - '0');
		if (v > SIZING_MAX_AGENTS)
			return STATUS_EINVAL;
	}
	if (v < 1)
		return STATUS_EINVAL;
	*agents = (int)v;
	return STATUS_OK;
}

int sizing_parse_calls(const char *s, double interval_s, double *calls)
{
	if (s == NULL || calls == NULL || !isfinite(interval_s) || interval_s <= 0.0)
		return STATUS_EINVAL;
	double v;
	if (strchr(s, '/') != NULL) {
		if (units_rate(s, &v) != STATUS_OK)
			return STATUS_EINVAL;
		v *= interval_s;
		if (!isfinite(v))
			return STATUS_EINVAL;
	} else if (sizing_parse_number(s, &v) != STATUS_OK) {
		return STATUS_EINVAL;
	}
	*calls = v;
	return STATUS_OK;
}

int sizing_parse_cell_duration(const char *s, double *seconds)
{
	if (s == NULL || seconds == NULL)
		return STATUS_EINVAL;
	double v;
	if (units_duration(s, &v) != STATUS_OK &&
	    sizing_parse_number(s, &v) != STATUS_OK)
		return STATUS_EINVAL;
	if (!(v > 0.0) || !isfinite(v))
		return STATUS_EINVAL;
	*seconds = v;
	return STATUS_OK;
}

int sizing_traffic(double calls, double interval_s, double aht_s,
		   double *erlangs)
{
	if (erlangs == NULL || !isfinite(calls) || calls < 0.0 ||
	    !isfinite(interval_s) || interval_s <= 0.0 || !isfinite(aht_s) ||
	    aht_s <= 0.0)
		return STATUS_EINVAL;
	double a = calls * aht_s / interval_s;
	if (!isfinite(a))
		return STATUS_EINVAL;
	*erlangs = a;
	return STATUS_OK;
}

/* ------------------------------------------------------- command line */

enum flag {
	F_CALLS = 256, F_INTERVAL, F_AHT, F_PATIENCE, F_AGENTS, F_SL, F_ASA,
	F_ABANDON, F_OCCUPANCY, F_SHRINKAGE, F_JSON, F_FORECAST, F_OUT, F_HELP,
	F_END
};

static const struct option longopts[] = {
	{ "calls", required_argument, NULL, F_CALLS },
	{ "interval", required_argument, NULL, F_INTERVAL },
	{ "aht", required_argument, NULL, F_AHT },
	{ "patience", required_argument, NULL, F_PATIENCE },
	{ "agents", required_argument, NULL, F_AGENTS },
	{ "sl", required_argument, NULL, F_SL },
	{ "asa", required_argument, NULL, F_ASA },
	{ "abandon", required_argument, NULL, F_ABANDON },
	{ "max-occupancy", required_argument, NULL, F_OCCUPANCY },
	{ "shrinkage", required_argument, NULL, F_SHRINKAGE },
	{ "json", no_argument, NULL, F_JSON },
	{ "forecast", required_argument, NULL, F_FORECAST },
	{ "out", required_argument, NULL, F_OUT },
	{ "help", no_argument, NULL, F_HELP },
	{ NULL, 0, NULL, 0 }
};

/* A duration flag: with a unit, above 0 (the unit is the usual slip). */
static int flag_duration(FILE *errors, const char *flag, const char *s,
			 const char *example, double *out)
{
	double v;
	if (units_duration(s, &v) != STATUS_OK) {
		if (sizing_parse_number(s, &v) == STATUS_OK)
			return say(errors, "%s: expected a duration with a unit "
				   "such as %s, got '%s'", flag, example, SHOWN(s));
		return say(errors, "%s: expected a duration above 0 with a unit "
			   "such as %s, got '%s'", flag, example, SHOWN(s));
	}
	if (v <= 0.0)
		return say(errors, "%s: expected a duration above 0 such as %s, "
			   "got '%s'", flag, example, SHOWN(s));
	*out = v;
	return 0;
}

/* A percentage flag within (0, 1], or [0, 1) when zero_ok; example is
 * the percentage, fraction the same as a fraction. */
static int flag_fraction(FILE *errors, const char *flag, const char *s,
			 const char *example, const char *fraction,
			 bool zero_ok, double *out)
{
	double v;
	bool ok = units_fraction(s, &v) == STATUS_OK;
	if (ok && zero_ok && v >= 1.0)
		ok = false;
	if (ok && !zero_ok && v <= 0.0)
		ok = false;
	if (!ok)
		return say(errors, "%s: expected a percentage %s such as %s (or "
			   "a fraction such as %s), got '%s'", flag,
			   zero_ok ? "from 0% to below 100%" :
				     "above 0% and up to 100%",
			   example, fraction, SHOWN(s));
	*out = v;
	return 0;
}

static bool has_target(const struct erlang_targets *t)
{
	return t->has_sl || t->has_asa || t->has_abandon || t->has_occupancy;
}

/* The checks that concern the whole command line. */
static int check_combination(FILE *errors, struct sizing_options *o)
{
	bool targets = has_target(&o->targets);
	if (o->forecast != NULL) {
		if (o->has_calls)
			return say(errors, "--calls and --forecast exclude each "
				   "other: the forecast gives the calls");
		if (o->has_agents)
			return say(errors, "--agents cannot be used with "
				   "--forecast: give targets to size each "
				   "interval");
		if (!o->has_interval)
			return say(errors, "missing --interval (the length of "
				   "the forecast's intervals, such as 30m)");
		if (!targets)
			return say(errors, "--forecast needs a target (--sl, "
				   "--asa, --abandon or --max-occupancy)");
	} else {
		if (o->out_dir != NULL)
			return say(errors, "--out is only for --forecast (nothing "
				   "is written otherwise)");
		if (!o->has_calls || !o->has_interval || !o->has_aht) {
			char missing[64] = "";
			if (!o->has_calls)
				strcat(missing, ", --calls");
			if (!o->has_interval)
				strcat(missing, ", --interval");
			if (!o->has_aht)
				strcat(missing, ", --aht");
			return say(errors, "missing %s (see ccsim erlang --help)",
				   missing + 2);
		}
		if (!o->has_agents && !targets)
			return say(errors, "give --agents N or a target (--sl, "
				   "--asa, --abandon or --max-occupancy)");
		if (sizing_parse_calls(o->calls_text, o->interval_s,
				       &o->calls) != STATUS_OK)
			return say(errors, "--calls: '%s' gives too many calls "
				   "per interval", SHOWN(o->calls_text));
		if (o->targets.has_abandon && !o->has_patience)
			return say(errors, "--abandon needs --patience (Erlang C "
				   "has no abandonment)");
	}
	if (o->has_shrinkage && !targets)
		return say(errors, "--shrinkage applies to the required agents: "
			   "give a target (--sl, --asa, --abandon or "
			   "--max-occupancy)");
	return 0;
}

int sizing_parse_args(int argc, char **argv, struct sizing_options *o,
		      FILE *errors)
{
	memset(o, 0, sizeof *o);
	o->patience_s = INFINITY;
	bool seen[F_END - F_CALLS] = { false };
	opterr = 0;
	optind = 0;   /* full reset of getopt's state: callable again */
	int ch, rc;
	while ((ch = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		if (ch >= F_CALLS && ch < F_END && ch != F_HELP) {
			if (seen[ch - F_CALLS])
				return say(errors, "--%s given twice",
					   longopts[ch - F_CALLS].name);
			seen[ch - F_CALLS] = true;
		}
		double v, t;
		switch (ch) {
		case F_CALLS:
			if (sizing_parse_calls(optarg, 1.0, &v) != STATUS_OK)
				return say(errors, "--calls: expected a number "
					   "of calls per interval such as 300 or "
					   "a rate such as 600/1h, got '%s'",
					   SHOWN(optarg));
			o->has_calls = true;
			o->calls_text = optarg;
			break;
		case F_INTERVAL:
			if ((rc = flag_duration(errors, "--interval", optarg,
						"30m", &o->interval_s)) != 0)
				return rc;
			o->has_interval = true;
			break;
		case F_AHT:
			if ((rc = flag_duration(errors, "--aht", optarg, "4m",
						&o->aht_s)) != 0)
				return rc;
			o->has_aht = true;
			break;
		case F_PATIENCE:
			if ((rc = flag_duration(errors, "--patience", optarg,
						"3m", &o->patience_s)) != 0)
				return rc;
			o->has_patience = true;
			break;
		case F_AGENTS:
			if (sizing_parse_agents(optarg, &o->agents) != STATUS_OK)
				return say(errors, "--agents: expected a whole "
					   "number of agents from 1 to %d, got "
					   "'%s'", SIZING_MAX_AGENTS, SHOWN(optarg));
			o->has_agents = true;
			break;
		case F_SL:
			if (sizing_parse_sl(optarg, &v, &t) != STATUS_OK)
				return say(errors, "--sl: expected PERCENT/"
					   "THRESHOLD such as 80/20s or 80%%/20s "
					   "(above 0 and below 100%%, the "
					   "threshold with a unit), got '%s'",
					   SHOWN(optarg));
			o->targets.has_sl = true;
			o->targets.sl = v;
			o->targets.sl_threshold_s = t;
			break;
		case F_ASA:
			if ((rc = flag_duration(errors, "--asa", optarg, "30s",
						&o->targets.asa_s)) != 0)
				return rc;
			o->targets.has_asa = true;
			break;
		case F_ABANDON:
			if ((rc = flag_fraction(errors, "--abandon", optarg, "5%",
						"0.05", false, &o->targets.abandon)) != 0)
				return rc;
			o->targets.has_abandon = true;
			break;
		case F_OCCUPANCY:
			if ((rc = flag_fraction(errors, "--max-occupancy", optarg,
						"85%", "0.85", false,
						&o->targets.occupancy)) != 0)
				return rc;
			o->targets.has_occupancy = true;
			break;
		case F_SHRINKAGE:
			if ((rc = flag_fraction(errors, "--shrinkage", optarg,
						"30%", "0.3", true, &o->shrinkage)) != 0)
				return rc;
			o->has_shrinkage = true;
			break;
		case F_JSON:
			o->json = true;
			break;
		case F_FORECAST:
			if (*optarg == '\0')
				return say(errors, "--forecast: expected a file "
					   "name");
			o->forecast = optarg;
			break;
		case F_OUT:
			if (*optarg == '\0')
				return say(errors, "--out: expected a folder name");
			o->out_dir = optarg;
			break;
		case 'h':
		case F_HELP:
			fputs(usage_erlang, stdout);
			return -1;
		case ':':
			return say(errors, "option '%s' needs a value (see ccsim "
				   "erlang --help)", SHOWN(argv[optind - 1]));
		default:
			if (optopt > 0 && optopt < 256)   /* a short option */
				return say(errors, "unknown option '-%c' (see "
					   "ccsim erlang --help)",
					   optopt >= 0x20 && optopt < 0x7f ?
					   optopt : '?');
			return say(errors, "unknown option '%s' (see ccsim "
				   "erlang --help)", SHOWN(argv[optind - 1]));
		}
	}
	if (optind < argc)
		return say(errors, "unexpected argument '%s' (see ccsim erlang "
			   "--help)", SHOWN(argv[optind]));
	return check_combination(errors, o);
}

/* ----------------------------------------------------------- forecasts */

enum column { COL_START, COL_CALLS, COL_AHT, COL_PATIENCE, N_COLUMNS };
static const char *const column_names[N_COLUMNS] = {
	"start", "calls", "aht", "patience"
};

struct reader {
	const char *path;
	FILE *errors;
	double aht_s, patience_s;       /* defaults */
	struct sizing_forecast *fc;
	long line;                      /* line being fed */
	long row_line;                  /* first line of the open row */
	bool row_open;
	char **fields;                  /* the open row's fields (owned) */
	size_t n_fields, cap_fields;
	bool have_header;
	long header_line;
	size_t n_columns;               /* fields in the header */
	int col[N_COLUMNS];             /* field index of each column, or -1 */
	int status;                     /* STATUS_OK until the first error */
};

/* Reports "PATH:LINE: ..." once (the first error wins). */
static void reader_error(struct reader *r, long line, const char *fmt, ...)
{
	if (r->status != STATUS_OK)
		return;
	r->status = STATUS_EINVAL;
	if (r->errors == NULL)
		return;
	va_list ap;
	va_start(ap, fmt);
	fprintf(r->errors, "%s:%ld: ", r->path, line);
	vfprintf(r->errors, fmt, ap);
	fputc('\n', r->errors);
	va_end(ap);
}

static void free_fields(struct reader *r)
{
	for (size_t i = 0; i < r->n_fields; i++)
		free(r->fields[i]);
	r->n_fields = 0;
}

static void on_field(void *s, size_t len, void *data)
{
	struct reader *r = data;
	if (r->status != STATUS_OK)
		return;
	const char *text = s != NULL ? s : "";
	if (s == NULL)
		len = 0;
	if (memchr(text, '\0', len) != NULL) {
		reader_error(r, r->row_line, "a NUL byte: this is not a text "
			     "CSV file");
		return;
	}
	if (r->n_fields == r->cap_fields) {
		size_t cap = r->cap_fields ? 2 * r->cap_fields : 8;
		char **f = realloc(r->fields, cap * sizeof *f);
		if (f == NULL) {
			r->status = STATUS_ENOMEM;
			return;
		}
		r->fields = f;
		r->cap_fields = cap;
	}
	char *copy = malloc(len + 1);
	if (copy == NULL) {
		r->status = STATUS_ENOMEM;
		return;
	}
	memcpy(copy, text, len);
	copy[len] = '\0';
	r->fields[r->n_fields++] = copy;
}

static bool same_name(const char *a, const char *b)
{
	for (; *a != '\0' && *b != '\0'; a++, b++) {
		char x = *a >= 'A' && *a <= 'Z' ? (char)(*a - 'A' + 'a') : *a;
		if (x != *b)
			return false;
	}
	return *a == *b;
}

static void read_header(struct reader *r)
{
	long ln = r->row_line;
	for (int c = 0; c < N_COLUMNS; c++)
		r->col[c] = -1;
	for (size_t i = 0; i < r->n_fields; i++) {
		const char *name = r->fields[i];
		int c = 0;
		while (c < N_COLUMNS && !same_name(name, column_names[c]))
			c++;
		if (c == N_COLUMNS) {
			if (*name == '\0')
				reader_error(r, ln, "column %zu of the header has "
					     "no name (the columns are start, "
					     "calls, aht, patience)", i + 1);
			else
				reader_error(r, ln, "unknown column '%s' in the "
					     "header (the columns are start, "
					     "calls, aht, patience)", SHOWN(name));
			return;
		}
		if (r->col[c] >= 0) {
			reader_error(r, ln, "column '%s' appears twice in the "
				     "header", column_names[c]);
			return;
		}
		r->col[c] = (int)i;
	}
	if (r->col[COL_START] < 0 || r->col[COL_CALLS] < 0) {
		reader_error(r, ln, "the header has no '%s' column (start and "
			     "calls are required)",
			     r->col[COL_START] < 0 ? "start" : "calls");
		return;
	}
	if (r->col[COL_AHT] < 0 && isnan(r->aht_s)) {
		reader_error(r, ln, "the header has no 'aht' column and no --aht "
			     "is given: give one or the other");
		return;
	}
	r->have_header = true;
	r->header_line = ln;
	r->n_columns = r->n_fields;
}

/* The cell of column c, or NULL when the file has no such column. */
static const char *cell(const struct reader *r, enum column c)
{
	return r->col[c] >= 0 ? r->fields[r->col[c]] : NULL;
}

static void read_row(struct reader *r)
{
	long ln = r->row_line;
	if (r->n_fields != r->n_columns) {
		reader_error(r, ln, "%zu field%s, but the header has %zu",
			     r->n_fields, r->n_fields == 1 ? "" : "s",
			     r->n_columns);
		return;
	}
	struct sizing_row row = { .line = ln };
	const char *start = cell(r, COL_START);
	if (*start == '\0') {
		reader_error(r, ln, "start: empty interval label");
		return;
	}
	for (const char *c = start; *c != '\0'; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f) {
			reader_error(r, ln, "start: the label holds a line break "
				     "or another control character");
			return;
		}
	const char *calls = cell(r, COL_CALLS);
	if (sizing_parse_number(calls, &row.calls) != STATUS_OK) {
		reader_error(r, ln, "calls: expected a number of calls >= 0, "
			     "got '%s'", SHOWN(calls));
		return;
	}
	const char *aht = cell(r, COL_AHT);
	if (aht == NULL || *aht == '\0') {
		if (isnan(r->aht_s)) {
			reader_error(r, ln, "aht: empty, and no --aht is given");
			return;
		}
		row.aht_s = r->aht_s;
	} else if (sizing_parse_cell_duration(aht, &row.aht_s) != STATUS_OK) {
		reader_error(r, ln, "aht: expected a duration above 0 such as 4m "
			     "or 240 (seconds), got '%s'", SHOWN(aht));
		return;
	}
	const char *pat = cell(r, COL_PATIENCE);
	if (pat == NULL || *pat == '\0') {
		row.patience_s = r->patience_s;
	} else if (sizing_parse_cell_duration(pat, &row.patience_s) != STATUS_OK) {
		reader_error(r, ln, "patience: expected a duration above 0 such "
			     "as 3m or 180 (seconds), got '%s'", SHOWN(pat));
		return;
	}

	struct sizing_forecast *fc = r->fc;
	if (fc->n_rows == fc->cap) {
		size_t cap = fc->cap ? 2 * fc->cap : 32;
		struct sizing_row *rows = realloc(fc->rows, cap * sizeof *rows);
		if (rows == NULL) {
			r->status = STATUS_ENOMEM;
			return;
		}
		fc->rows = rows;
		fc->cap = cap;
	}
	/* The label moves from the field list into the row. */
	row.start = r->fields[r->col[COL_START]];
	r->fields[r->col[COL_START]] = NULL;
	fc->rows[fc->n_rows++] = row;
}

static void on_row(int c, void *data)
{
	(void)c;
	struct reader *r = data;
	if (r->status == STATUS_OK) {
		if (!r->have_header)
			read_header(r);
		else
			read_row(r);
	}
	free_fields(r);
	r->row_open = false;
}

void sizing_forecast_destroy(struct sizing_forecast *fc)
{
	if (fc == NULL)
		return;
	for (size_t i = 0; i < fc->n_rows; i++)
		free(fc->rows[i].start);
	free(fc->rows);
	fc->rows = NULL;
	fc->n_rows = 0;
	fc->cap = 0;
}

/* Feeds buf[0..n) to the parser byte by byte, keeping the line numbers. */
static void feed(struct reader *r, struct csv_parser *p,
		 const unsigned char *buf, size_t n)
{
	for (size_t i = 0; i < n && r->status == STATUS_OK; i++) {
		unsigned char b = buf[i];
		if (!r->row_open && b != ' ' && b != '\t' && b != '\r' &&
		    b != '\n') {
			r->row_open = true;
			r->row_line = r->line;
		}
		if (csv_parse(p, &b, 1, on_field, on_row, r) != 1) {
			if (csv_error(p) == CSV_EPARSE)
				reader_error(r, r->line, "misplaced double quote "
					     "(a quote inside an unquoted field, "
					     "or text after a closing quote)");
			else
				r->status = STATUS_ENOMEM;
		}
		if (b == '\n')
			r->line++;
	}
}

int sizing_forecast_read(const char *path, double aht_s, double patience_s,
			 struct sizing_forecast *fc, FILE *errors)
{
	fc->rows = NULL;
	fc->n_rows = 0;
	fc->cap = 0;
	FILE *f = fopen(path, "rb");
	if (f == NULL) {
		if (errors != NULL)
			fprintf(errors, "%s: cannot open the forecast: %s\n", path,
				strerror(errno));
		return STATUS_EIO;
	}
	struct csv_parser p;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
		fclose(f);
		return STATUS_ENOMEM;
	}
	struct reader r = {
		.path = path, .errors = errors, .aht_s = aht_s,
		.patience_s = patience_s, .fc = fc, .line = 1,
		.status = STATUS_OK,
	};
	unsigned char buf[8192];
	bool first = true;
	size_t got;
	while (r.status == STATUS_OK && (got = fread(buf, 1, sizeof buf, f)) > 0) {
		size_t skip = 0;
		if (first && got >= 3 && buf[0] == 0xef && buf[1] == 0xbb &&
		    buf[2] == 0xbf)
			skip = 3;    /* UTF-8 byte-order mark */
		first = false;
		feed(&r, &p, buf + skip, got - skip);
	}
	int status = r.status;
	if (status == STATUS_OK && ferror(f)) {
		if (errors != NULL)
			fprintf(errors, "%s: cannot read the forecast: %s\n", path,
				strerror(errno));
		status = STATUS_EIO;
	}
	if (status == STATUS_OK) {
		if (csv_fini(&p, on_field, on_row, &r) != 0) {
			if (csv_error(&p) == CSV_EPARSE)
				reader_error(&r, r.row_line, "unterminated quoted "
					     "field (a double quote opened in "
					     "this row is never closed)");
			else
				r.status = STATUS_ENOMEM;
		}
		status = r.status;
	}
	if (status == STATUS_OK && !r.have_header) {
		reader_error(&r, 1, "empty file: expected a header row naming "
			     "the columns start, calls (and aht, patience)");
		status = r.status;
	}
	if (status == STATUS_OK && fc->n_rows == 0) {
		reader_error(&r, r.header_line, "no data rows after the header");
		status = r.status;
	}
	if (status == STATUS_ENOMEM && errors != NULL)
		fprintf(errors, "%s: out of memory\n", path);
	free_fields(&r);
	free(r.fields);
	csv_free(&p);
	fclose(f);
	if (status != STATUS_OK)
		sizing_forecast_destroy(fc);
	return status;
}

/* ------------------------------------------------------------- sizing */

/* What one interval comes to. */
struct sized {
	double calls;
	struct erlang_input in;     /* agents: those of `at` */
	struct erlang_result at;    /* the figures reported */
	bool has_required;
	int required;
	int scheduled;
	double unrounded;
	bool has_agents;            /* --agents N evaluated */
	bool meets;                 /* N >= required */
	bool unstable;              /* `at` is an unstable Erlang C */
};

/* The figures of n agents; STATUS_OK, or STATUS_EUNSTABLE (Erlang C,
 * n <= a) with the limits.  Other failures: STATUS_EINVAL. */
static int eval_at(const struct erlang_input *in, int n,
		   struct erlang_result *out)
{
	struct erlang_input x = *in;
	x.agents = n;
	int st = erlang_eval(&x, out);
	return st == STATUS_OK || st == STATUS_EUNSTABLE ? st : STATUS_EINVAL;
}

/* Fills s->required, ->scheduled and ->unrounded, and s->at with the
 * figures at required.  STATUS_OK, STATUS_ERANGE (targets out of reach)
 * or STATUS_EINVAL. */
static int staff(struct sized *s, const struct erlang_targets *t,
		 double shrinkage)
{
	int required = 0;
	int st = erlang_staff(&s->in, t, SIZING_MAX_AGENTS, &required, &s->at);
	if (st != STATUS_OK)
		return st == STATUS_ERANGE ? STATUS_ERANGE : STATUS_EINVAL;
	double unrounded = NAN;
	int scheduled = erlang_scheduled(required, shrinkage, &unrounded);
	if (scheduled < required || !isfinite(unrounded))
		return STATUS_EINVAL;
	s->at.agents = required;
	s->has_required = true;
	s->required = required;
	s->scheduled = scheduled;
	s->unrounded = unrounded;
	s->in.agents = required;
	return STATUS_OK;
}

/* ----------------------------------------------------------------- JSON */

static void put(json_t *obj, const char *key, json_t *v, bool *bad)
{
	if (v == NULL || json_object_set_new(obj, key, v) != 0)
		*bad = true;
}

static json_t *num(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}

/* The object of sizing.h; start (NULL: none) and calls come first. */
static json_t *sized_json(const struct sized *s, const char *start,
			  bool with_calls)
{
	json_t *o = json_object();
	if (o == NULL)
		return NULL;
	bool bad = false;
	const struct erlang_result *r = &s->at;
	if (start != NULL)
		put(o, "start", json_string(start), &bad);
	if (with_calls)
		put(o, "calls", num(s->calls), &bad);
	put(o, "model", json_string(erlang_model_name(r->model)), &bad);
	put(o, "traffic_erlangs", num(s->in.traffic), &bad);
	put(o, "agents", json_integer(r->agents), &bad);
	put(o, "p_wait", num(r->p_wait), &bad);
	put(o, "service_level", num(r->service_level), &bad);
	put(o, "service_level_answered", num(r->service_level_answered), &bad);
	put(o, "asa_s", num(r->asa_s), &bad);
	put(o, "mean_wait_s", num(r->mean_wait_s), &bad);
	put(o, "p_abandon", num(r->p_abandon), &bad);
	put(o, "occupancy", num(r->occupancy), &bad);
	if (s->has_required) {
		put(o, "required_agents", json_integer(s->required), &bad);
		put(o, "scheduled_agents", json_integer(s->scheduled), &bad);
		put(o, "scheduled_agents_unrounded", num(s->unrounded), &bad);
		if (s->has_agents)
			put(o, "meets_targets", json_boolean(s->meets), &bad);
	}
	if (bad) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static int print_json(FILE *out, json_t *root)
{
	int rc = json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
			    JSON_REAL_PRECISION(10));
	if (rc != 0 || fputc('\n', out) == EOF)
		return STATUS_EIO;
	return STATUS_OK;
}

/* ---------------------------------------------------------------- table */

/* A number for a column: "%.*f", infinities as "inf". */
static const char *fmt(char *buf, size_t n, double v, int prec)
{
	if (isinf(v))
		snprintf(buf, n, "inf");
	else if (isnan(v))
		snprintf(buf, n, "-");
	else
		snprintf(buf, n, "%.*f", prec, v);
	return buf;
}

/* The targets for a person: "SL >= 80% within 20 s; ASA <= 30 s". */
static const char *targets_text(const struct erlang_targets *t, char *buf,
				size_t n)
{
	size_t used = 0;
	buf[0] = '\0';
	const char *sep = "";
	if (t->has_sl) {
		used += (size_t)snprintf(buf + used, n - used, "%sSL >= %g%% "
					 "within %g s", sep, 100.0 * t->sl,
					 t->sl_threshold_s);
		sep = "; ";
	}
	if (t->has_asa && used < n) {
		used += (size_t)snprintf(buf + used, n - used, "%sASA <= %g s",
					 sep, t->asa_s);
		sep = "; ";
	}
	if (t->has_abandon && used < n) {
		used += (size_t)snprintf(buf + used, n - used, "%sabandonment "
					 "<= %g%%", sep, 100.0 * t->abandon);
		sep = "; ";
	}
	if (t->has_occupancy && used < n)
		snprintf(buf + used, n - used, "%soccupancy <= %g%%", sep,
			 100.0 * t->occupancy);
	return buf;
}

static const char table_head[] =
	"  agents    SL %   ASA s  P(wait) %  abandon %   occ %\n"
	"  ----------------------------------------------------\n";

static void table_row(FILE *out, const struct erlang_result *r, int st,
		      const char *mark)
{
	char sl[32], asa[32], pw[32], ab[32], oc[32];
	fprintf(out, "  %6d  %6s  %6s  %9s  %9s  %6s", r->agents,
		fmt(sl, sizeof sl, 100.0 * r->service_level, 1),
		fmt(asa, sizeof asa, r->asa_s, 1),
		fmt(pw, sizeof pw, 100.0 * r->p_wait, 1),
		fmt(ab, sizeof ab, 100.0 * r->p_abandon, 2),
		fmt(oc, sizeof oc, 100.0 * r->occupancy, 1));
	if (*mark != '\0')
		fprintf(out, "  %s", mark);
	if (st == STATUS_EUNSTABLE)
		fprintf(out, "%sunstable", *mark != '\0' ? ", " : "  ");
	fputc('\n', out);
}

/* One row of the table: the figures of n agents, marked. */
static int table_one(FILE *out, const struct sized *s, int n, int extra)
{
	struct erlang_result r;
	int st = eval_at(&s->in, n, &r);
	if (st == STATUS_EINVAL)
		return STATUS_EINVAL;
	bool req = s->has_required && n == s->required;
	bool ag = s->has_agents && n == extra;
	table_row(out, &r, st, req && ag ? "<- required, --agents" :
			       req ? "<- required" : ag ? "<- --agents" : "");
	return STATUS_OK;
}

/* The rows lo..hi and, when outside them, the row of extra (0: none),
 * "..." marking the gap. */
static int table_rows(FILE *out, const struct sized *s, int lo, int hi,
		      int extra)
{
	bool before = extra > 0 && extra < lo, after = extra > hi;
	if (before) {
		if (table_one(out, s, extra, extra) != STATUS_OK)
			return STATUS_EINVAL;
		if (extra + 1 < lo)
			fputs("     ...\n", out);
	}
	for (int n = lo; n <= hi; n++)
		if (table_one(out, s, n, extra) != STATUS_OK)
			return STATUS_EINVAL;
	if (after) {
		if (hi + 1 < extra)
			fputs("     ...\n", out);
		if (table_one(out, s, extra, extra) != STATUS_OK)
			return STATUS_EINVAL;
	}
	return STATUS_OK;
}

static int print_single(FILE *out, const struct sizing_options *o,
			const struct sized *s)
{
	const struct erlang_input *in = &s->in;
	bool erlang_a = isfinite(in->patience_s);
	if (erlang_a)
		fprintf(out, "Erlang A: M/M/n+M, callers hang up after an "
			"exponential patience\n");
	else
		fprintf(out, "Erlang C: M/M/n, callers wait as long as it takes\n");
	fprintf(out, "  calls per interval  %.10g", s->calls);
	if (strchr(o->calls_text, '/') != NULL)
		fprintf(out, " (%s)", o->calls_text);
	fprintf(out, "\n  interval            %g s\n", o->interval_s);
	fprintf(out, "  AHT                 %g s\n", in->aht_s);
	if (erlang_a)
		fprintf(out, "  patience            %g s (mean)\n", in->patience_s);
	else
		fprintf(out, "  patience            none: no abandonment\n");
	fprintf(out, "  traffic             %.2f Erlangs\n", in->traffic);
	if (has_target(&o->targets)) {
		char tt[256];
		fprintf(out, "  targets             %s\n",
			targets_text(&o->targets, tt, sizeof tt));
	}
	if (!o->targets.has_sl)
		fprintf(out, "  SL threshold        %g s (the default; --sl sets "
			"it)\n", in->threshold_s);
	if (o->has_shrinkage)
		fprintf(out, "  shrinkage           %g%%\n", 100.0 * o->shrinkage);
	fputc('\n', out);

	int centre = s->has_required ? s->required : o->agents;
	int lo = centre - TABLE_SPAN < 1 ? 1 : centre - TABLE_SPAN;
	int hi = centre > SIZING_MAX_AGENTS - TABLE_SPAN ? SIZING_MAX_AGENTS :
							    centre + TABLE_SPAN;
	fputs(table_head, out);
	if (table_rows(out, s, lo, hi, s->has_agents ? o->agents : 0) != STATUS_OK)
		return STATUS_EINVAL;

	if (s->unstable)
		fprintf(out, "\n%d agents cannot carry %.2f Erlangs: the queue "
			"grows without bound (waits are infinite)\n", o->agents,
			in->traffic);
	if (s->has_required) {
		fprintf(out, "\nrequired agents   %d\n", s->required);
		if (o->has_shrinkage)
			fprintf(out, "scheduled agents  %d (%d / (1 - %g%%) = "
				"%.2f, rounded up)\n", s->scheduled, s->required,
				100.0 * o->shrinkage, s->unrounded);
		else
			fprintf(out, "scheduled agents  %d (no shrinkage)\n",
				s->scheduled);
		if (s->has_agents)
			fprintf(out, "%d agents %s the targets\n", o->agents,
				s->meets ? "meet" : "do not meet");
	}
	return STATUS_OK;
}

/* Display width of UTF-8 text: bytes that do not continue a character. */
static int text_width(const char *s)
{
	int w = 0;
	for (; *s != '\0'; s++)
		w += ((unsigned char)*s & 0xc0) != 0x80;
	return w;
}

static void print_forecast(FILE *out, const struct sizing_options *o,
			   const struct sizing_forecast *fc,
			   const struct sized *s, const char *dir, bool plots)
{
	int w = 5;
	for (size_t i = 0; i < fc->n_rows; i++) {
		int tw = text_width(fc->rows[i].start);
		if (tw > w)
			w = tw;
	}
	size_t n_c = 0;
	for (size_t i = 0; i < fc->n_rows; i++)
		n_c += s[i].at.model == ERLANG_C;
	fprintf(out, "Erlang sizing of %s: %zu interval%s of %g s\n",
		o->forecast, fc->n_rows, fc->n_rows == 1 ? "" : "s",
		o->interval_s);
	fprintf(out, "  model      %s\n", n_c == fc->n_rows ? "Erlang C (no "
		"patience: no abandonment)" : n_c == 0 ? "Erlang A (callers "
		"hang up after an exponential patience)" : "Erlang A where a "
		"patience is given, Erlang C elsewhere");
	char tt[256];
	fprintf(out, "  targets    %s\n", targets_text(&o->targets, tt, sizeof tt));
	fprintf(out, "  shrinkage  %g%%\n\n", 100.0 * o->shrinkage);

	fprintf(out, "  %-*s  %9s  %6s  %6s  %9s  %8s  %9s  %6s  %6s  %9s  %6s\n",
		w, "start", "calls", "AHT s", "pat s", "traffic E", "required",
		"scheduled", "SL %", "ASA s", "abandon %", "occ %");
	fputs("  ", out);
	for (int i = 0; i < w + 94; i++)
		fputc('-', out);
	fputc('\n', out);
	size_t peak = 0;
	for (size_t i = 0; i < fc->n_rows; i++) {
		const struct sizing_row *row = &fc->rows[i];
		const struct erlang_result *r = &s[i].at;
		char c[32], a[32], p[32], t[32], sl[32], asa[32], ab[32], oc[32];
		fprintf(out, "  %s%*s  %9s  %6s  %6s  %9s  %8d  %9d  %6s  %6s  "
			"%9s  %6s\n", row->start, w - text_width(row->start), "",
			fmt(c, sizeof c, row->calls, 1),
			fmt(a, sizeof a, row->aht_s, 1),
			isinf(row->patience_s) ? "-" :
				fmt(p, sizeof p, row->patience_s, 1),
			fmt(t, sizeof t, s[i].in.traffic, 2),
			s[i].required, s[i].scheduled,
			fmt(sl, sizeof sl, 100.0 * r->service_level, 1),
			fmt(asa, sizeof asa, r->asa_s, 1),
			fmt(ab, sizeof ab, 100.0 * r->p_abandon, 2),
			fmt(oc, sizeof oc, 100.0 * r->occupancy, 1));
		if (s[i].scheduled > s[peak].scheduled)
			peak = i;
	}
	fprintf(out, "\npeak: %d agents required, %d scheduled, at %s\n",
		s[peak].required, s[peak].scheduled, fc->rows[peak].start);
	fprintf(out, "wrote %s/sizing.csv%s\n", dir,
		plots ? ", sizing.png, sizing.svg" : "");
}

/* ------------------------------------------------------------- outputs */

static int write_csv(const char *path, const struct sizing_forecast *fc,
		     const struct sized *s)
{
	struct outfile of;
	int rc = outfile_open(&of, path);
	if (rc != STATUS_OK)
		return rc;
	FILE *f = of.fp;
	fputs("start,calls,aht_s,patience_s,traffic_erlangs,required_agents,"
	      "scheduled_agents_unrounded,scheduled_agents,service_level,asa_s,"
	      "p_abandon,occupancy\n", f);
	for (size_t i = 0; i < fc->n_rows; i++) {
		const struct sizing_row *row = &fc->rows[i];
		const struct erlang_result *r = &s[i].at;
		csvout_text(f, row->start);
		fputc(',', f);
		csvout_num(f, row->calls);
		fputc(',', f);
		csvout_num(f, row->aht_s);
		fputc(',', f);
		csvout_num(f, row->patience_s);
		fputc(',', f);
		csvout_num(f, s[i].in.traffic);
		fprintf(f, ",%d,", s[i].required);
		csvout_num(f, s[i].unrounded);
		fprintf(f, ",%d,", s[i].scheduled);
		csvout_num(f, r->service_level);
		fputc(',', f);
		csvout_num(f, r->asa_s);
		fputc(',', f);
		csvout_num(f, r->p_abandon);
		fputc(',', f);
		csvout_num(f, r->occupancy);
		fputc('\n', f);
	}
	return outfile_commit(&of);
}

/* Copies s into buf keeping what a single-quoted gnuplot string can hold. */
static void gp_text(const char *s, char *buf, size_t n)
{
	size_t i = 0;
	for (; s[i] != '\0' && i + 1 < n; i++) {
		unsigned char c = (unsigned char)s[i];
		buf[i] = c == '\'' || c < 0x20 || c == 0x7f ? '_' : (char)c;
	}
	buf[i] = '\0';
}

/* The base name of path without its extension: "a/day.csv" -> "day". */
static void base_name(const char *path, char *buf, size_t n)
{
	const char *slash = strrchr(path, '/');
	const char *b = slash != NULL ? slash + 1 : path;
	const char *dot = strrchr(b, '.');
	size_t len = dot != NULL && dot != b ? (size_t)(dot - b) : strlen(b);
	if (len == 0) {
		b = "forecast";
		len = strlen(b);
	}
	if (len >= n)
		len = n - 1;
	memcpy(buf, b, len);
	buf[len] = '\0';
}

/* The plots' variables: name, interval_s and a subtitle of the targets. */
static char *plot_vars(const struct sizing_options *o)
{
	char tt[256], text[512], sub[512], name[256], base[256];
	snprintf(text, sizeof text, "targets: %s; shrinkage %g%%",
		 targets_text(&o->targets, tt, sizeof tt), 100.0 * o->shrinkage);
	gp_text(text, sub, sizeof sub);
	base_name(o->forecast, base, sizeof base);
	gp_text(base, name, sizeof name);
	size_t cap = sizeof sub + sizeof name + 128;
	char *vars = malloc(cap);
	if (vars != NULL)
		snprintf(vars, cap, "name='%s'; subtitle='%s'; interval_s=%.10g",
			 name, sub, o->interval_s);
	return vars;
}

/* ------------------------------------------------------------- commands */

/* True, after a message, when what went to stdout could not be written. */
static bool stdout_failed(void)
{
	if (fflush(stdout) == 0 && !ferror(stdout))
		return false;
	fprintf(stderr, "ccsim erlang: cannot write the results on stdout: %s\n",
		strerror(errno));
	return true;
}

static int run_single(const struct sizing_options *o)
{
	struct sized s = { .calls = o->calls };
	if (sizing_traffic(o->calls, o->interval_s, o->aht_s,
			   &s.in.traffic) != STATUS_OK)
		return say(stderr, "the traffic --calls x --aht / --interval is "
			   "too large");
	s.in.aht_s = o->aht_s;
	s.in.patience_s = o->patience_s;
	s.in.threshold_s = o->targets.has_sl ? o->targets.sl_threshold_s :
					       SIZING_DEFAULT_THRESHOLD_S;
	s.in.agents = 1;
	if (has_target(&o->targets)) {
		int st = staff(&s, &o->targets, o->shrinkage);
		if (st == STATUS_ERANGE) {
			say(stderr, "the targets cannot be met with %d agents "
			    "or fewer (traffic %.2f Erlangs)", SIZING_MAX_AGENTS,
			    s.in.traffic);
			return 1;
		}
		if (st != STATUS_OK) {
			say(stderr, "the Erlang model refused these inputs");
			return 1;
		}
	}
	if (o->has_agents) {
		s.has_agents = true;
		s.meets = s.has_required && o->agents >= s.required;
		int st = eval_at(&s.in, o->agents, &s.at);
		if (st == STATUS_EINVAL) {
			say(stderr, "the Erlang model refused these inputs");
			return 1;
		}
		s.unstable = st == STATUS_EUNSTABLE;
		s.at.agents = o->agents;
	}
	/* The figures are at required or at N; the table evaluates the
	 * neighbours with in.agents ignored. */
	int rc = 0;
	if (o->json) {
		json_t *j = sized_json(&s, NULL, false);
		if (j == NULL) {
			fprintf(stderr, "ccsim erlang: out of memory\n");
			return 1;
		}
		rc = print_json(stdout, j) == STATUS_OK ? 0 : 1;
		json_decref(j);
	} else if (print_single(stdout, o, &s) != STATUS_OK) {
		say(stderr, "the Erlang model refused these inputs");
		rc = 1;
	}
	if (stdout_failed())
		rc = 1;
	return rc;
}

/* Sizes every row into s (n_rows entries).  0, or the exit status after a
 * message. */
static int size_forecast(const struct sizing_options *o,
			 const struct sizing_forecast *fc, struct sized *s)
{
	for (size_t i = 0; i < fc->n_rows; i++) {
		const struct sizing_row *row = &fc->rows[i];
		struct sized *x = &s[i];
		x->calls = row->calls;
		if (o->targets.has_abandon && isinf(row->patience_s)) {
			fprintf(stderr, "%s:%ld: --abandon needs a patience: this "
				"row has none (no patience column or cell, no "
				"--patience)\n", o->forecast, row->line);
			return EXIT_USAGE;
		}
		if (sizing_traffic(row->calls, o->interval_s, row->aht_s,
				   &x->in.traffic) != STATUS_OK) {
			fprintf(stderr, "%s:%ld: the traffic calls x aht / "
				"--interval is too large\n", o->forecast,
				row->line);
			return EXIT_USAGE;
		}
		x->in.aht_s = row->aht_s;
		x->in.patience_s = row->patience_s;
		x->in.threshold_s = o->targets.has_sl ?
			o->targets.sl_threshold_s : SIZING_DEFAULT_THRESHOLD_S;
		x->in.agents = 1;
		int st = staff(x, &o->targets, o->shrinkage);
		if (st == STATUS_ERANGE) {
			fprintf(stderr, "%s:%ld: the targets cannot be met with %d "
				"agents or fewer (traffic %.2f Erlangs)\n",
				o->forecast, row->line, SIZING_MAX_AGENTS,
				x->in.traffic);
			return 1;
		}
		if (st != STATUS_OK) {
			fprintf(stderr, "%s:%ld: the Erlang model refused this "
				"row\n", o->forecast, row->line);
			return 1;
		}
	}
	return 0;
}

static int run_forecast(const struct sizing_options *o)
{
	struct sizing_forecast fc;
	int st = sizing_forecast_read(o->forecast,
				      o->has_aht ? o->aht_s : NAN,
				      o->patience_s, &fc, stderr);
	if (st == STATUS_ENOMEM)
		return 1;
	if (st != STATUS_OK)
		return EXIT_USAGE;

	int rc = 1;
	char *vars = NULL;
	json_t *arr = NULL;
	struct sized *s = calloc(fc.n_rows, sizeof *s);
	if (s == NULL) {
		fprintf(stderr, "ccsim erlang: out of memory\n");
		goto done;
	}
	rc = size_forecast(o, &fc, s);
	if (rc != 0)
		goto done;
	rc = 1;
	if (o->json) {
		arr = json_array();
		for (size_t i = 0; arr != NULL && i < fc.n_rows; i++) {
			json_t *j = sized_json(&s[i], fc.rows[i].start, true);
			if (j == NULL || json_array_append_new(arr, j) != 0) {
				json_decref(arr);
				arr = NULL;
			}
		}
		if (arr == NULL) {
			fprintf(stderr, "ccsim erlang: out of memory\n");
			goto done;
		}
	}

	/* Everything is known: now write. */
	char dir[4096], base[256], path[4200];
	if (o->out_dir != NULL) {
		snprintf(dir, sizeof dir, "%s", o->out_dir);
	} else {
		base_name(o->forecast, base, sizeof base);
		snprintf(dir, sizeof dir, "out/%s-sizing", base);
	}
	snprintf(path, sizeof path, "%s/sizing.csv", dir);
	if (outfile_mkdirs(dir) != STATUS_OK) {
		fprintf(stderr, "ccsim erlang: cannot create folder %s: %s\n", dir,
			strerror(errno));
		goto done;
	}
	if (write_csv(path, &fc, s) != STATUS_OK) {
		fprintf(stderr, "ccsim erlang: cannot write %s: %s\n", path,
			strerror(errno));
		goto done;
	}
	bool plots = plot_available() && plot_template_dir() != NULL;
	if (!plots) {
		fprintf(stderr, "ccsim erlang: gnuplot or the plot templates not "
			"found: plots skipped\n");
	} else {
		vars = plot_vars(o);
		if (vars == NULL) {
			fprintf(stderr, "ccsim erlang: out of memory\n");
			goto done;
		}
		if (plot_render("sizing", path, dir, "sizing", vars, stderr) !=
		    STATUS_OK)
			goto done;
	}

	if (o->json)
		rc = print_json(stdout, arr) == STATUS_OK ? 0 : 1;
	else {
		print_forecast(stdout, o, &fc, s, dir, plots);
		rc = 0;
	}
	if (stdout_failed())
		rc = 1;
done:
	json_decref(arr);
	free(vars);
	free(s);
	sizing_forecast_destroy(&fc);
	return rc;
}

int sizing_main(int argc, char **argv)
{
	struct sizing_options o;
	int rc = sizing_parse_args(argc, argv, &o, stderr);
	if (rc != 0)
		return rc < 0 ? 0 : rc;
	return o.forecast != NULL ? run_forecast(&o) : run_single(&o);
}
