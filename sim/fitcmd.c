/*
 * fitcmd.c: the `ccsim fit` command (see fitcmd.h and --help below).
 *
 * Trace mode, in three steps, so that bad input writes nothing:
 *
 * 1. collect: one pass of trace_next.  Every record (whatever its type)
 *    marks its date as having records (a date of the span without any
 *    becomes a closed date).  A selected record (all, or those whose type is
 *    in --types) adds 1 to the count of its (date, interval); an answered
 *    one offers its handle time (> 0) to the handle reservoir and, with a
 *    wait, the censored patience record (wait, no event) to the patience
 *    reservoir; an abandoned one offers (patience, event).  An answered
 *    record with an agent id, a handle time and an arrival t marks the
 *    (date, interval, agent) cells its service [t + wait, t + wait + handle]
 *    overlaps (strictly: a service ending exactly where an interval starts
 *    does not reach it; a missing wait counts as 0; a service longer than a
 *    day is clipped at a day and counted), in a hash set of 64-bit keys
 *    (date, interval, agent index).
 *    Counts live in a date-indexed array grown geometrically (re-based when
 *    an earlier date comes, as the Anonymous Bank files are not in time
 *    order); its span is capped at FITCMD_MAX_SPAN_DAYS.
 * 2. estimate: the day window (earliest to latest interval holding an
 *    arrival on some day), the opening hours (per weekday: the window when
 *    some date of that weekday has an arrival, else closed) and closed dates
 *    (dates without records, on open weekdays); per day type, the matrix of
 *    counts of its dates that have records (dates x window intervals) goes
 *    to fit_poisson_gamma: lambda_k is the forecast of every date of that
 *    type, c its busyness.  The scenario's busyness_cv is
 *        c = sqrt( sum_g N_g c_g^2 / sum_g N_g )
 *    over the day types g with at least two dates, N_g their calls: the c^2
 *    that the calls see on average, since c^2 is the variance of the day
 *    factor and each type's share of that variance is its share of calls.
 *    (The largest c_g is given in a comment.)  fit_best picks the handle
 *    family (smallest AIC), fit_censored_best the patience, fit_km gives
 *    the Kaplan-Meier curve the comments compare it with.  Staffing per
 *    interval is the number of distinct agents serving in it: a lower bound
 *    on the agents logged in, as an idle agent leaves no record.  Without
 *    any agent id it is the Erlang C requirement for 80% within 20 s
 *    (erlang_staff with the interval's forecast and the fitted mean handle
 *    time; 0 for an interval without calls).
 * 3. write: the scenario (outfile: atomic), the summary on stdout, and with
 *    --plots the data files and their plots (plot_render, plots/fit_*.gp).
 *
 * Counts mode (--counts): a CSV with DateTime and Calls columns (libcsv,
 * strict), one row per fixed-width bin.  The bin width is the smallest
 * positive gap between consecutive rows of a date (--interval when no date
 * has two rows); every bin must lie inside one interval (its start's offset
 * in the interval plus its width at most the interval), and no interval of a
 * date may hold more rows than bins fit in it.  Bins add to the counts of
 * their (date, interval); an interval of the window that fewer bins cover
 * than fit in it (the US bank's lone 21:00-21:05 bin) is reported.  The
 * dates present are the days; the day-type fits and the report follow as
 * in trace mode.
 *
 * Numbers in the scenario: forecast values with three decimals (always a
 * float, as a libconfig array needs one type), parameters with six
 * significant digits, never a bare integer where a float is meant.
 */
#include "fitcmd.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <csv.h>
#include <gsl/gsl_randist.h>

#include "../models/erlang.h"
#include "../models/fit.h"
#include "../models/horizon.h"
#include "csvout.h"
#include "outfile.h"
#include "plot.h"
#include "status.h"
#include "trace.h"
#include "units.h"

#define EXIT_USAGE 2
#define EXIT_FAIL 1
#define MAX_TYPES 64               /* names in --types */
#define MAX_AGENTS (1u << 20)      /* distinct agent ids (20 bits of a key) */
#define MAX_CLOSED_DATES 366       /* the scenario's limit */
#define MAX_INTERVALS 5000000L     /* the scenario's horizon limit */
#define MAX_BUSYNESS_CV 10.0       /* the scenario's limit */
#define KEY_DATE_BIAS (1LL << 22)  /* dates as positive numbers in keys */
#define KM_POINTS_MAX 4000         /* Kaplan-Meier steps in the data file */
#define CURVE_POINTS 200           /* fitted survival curves */
#define HIST_BINS 60               /* handle-time histogram */
#define SL_TARGET 0.8              /* Erlang C staffing: 80% ... */
#define SL_THRESHOLD_S 20.0        /* ... within 20 s */

static const char *const wd_key[7] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" };
static const char *const wd_name[7] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
static const char *const wd_full[7] = { "Monday", "Tuesday", "Wednesday", "Thursday",
					"Friday", "Saturday", "Sunday" };

static const char usage_fit[] =
	"usage: ccsim fit TRACE [--format csv|anonbank] [--columns MAPPING]\n"
	"                 [--separator C] [--skip-bad-rows] [--interval D]\n"
	"                 [--day-types GROUPS] [--types T,...] [--out FILE]\n"
	"                 [--plots DIR] [--name NAME]\n"
	"       ccsim fit --counts FILE.csv [--interval D] [--day-types GROUPS]\n"
	"                 [--plots DIR] [--name NAME]\n"
	"\n"
	"Estimates a runnable scenario from a call log: the horizon and opening\n"
	"hours it covers, the arrivals per interval of each day type with their\n"
	"day-to-day over-dispersion (Poisson-gamma busyness_cv), the handle-time\n"
	"distribution (exponential, lognormal, gamma or Weibull, smallest AIC), the\n"
	"patience (exponential or Weibull, fitted under censoring: answered calls\n"
	"only show that their patience exceeded their wait) and the staffing (the\n"
	"distinct agents serving in each interval: a lower bound, idle agents leave\n"
	"no record; Erlang C 80/20 when the trace names no agent).  Comments in the\n"
	"scenario give every fitted value with its standard error, the AIC and\n"
	"Kolmogorov-Smirnov distance of each family, Kaplan-Meier against the\n"
	"fitted patience, and the variance-to-mean ratios of the arrivals.\n"
	"\n"
	"input:\n"
	"  TRACE              the call log, one call per row\n"
	"  --format F         csv (default: ccsim's trace format, columns arrival,\n"
	"                     type, handle_s, wait_s, patience_s, outcome, agent) or\n"
	"                     anonbank (the Anonymous Bank 1999 files)\n"
	"  --columns MAPPING  csv: which columns hold what, e.g.\n"
	"                     \"arrival=StartTime,handle=TalkSec,wait=WaitSec,\n"
	"                     outcome=Result,agent=AgentId\" (see docs/fit.md)\n"
	"  --separator C      csv: ',' (default), ';' or tab ('tab' or '\\t')\n"
	"  --skip-bad-rows    skip malformed rows (counted) instead of stopping\n"
	"  --types T,...      keep only the calls of these types (PS,PE); the other\n"
	"                     records still mark their dates as open\n"
	"estimates:\n"
	"  --interval D       interval length, dividing 24h: 15m, 30m (default), 1h\n"
	"  --day-types G      groups of weekdays sharing one arrival profile, e.g.\n"
	"                     \"sun-thu,fri,sat\" (default: each weekday its own)\n"
	"output:\n"
	"  --out FILE         the scenario (default out/NAME.cfg)\n"
	"  --plots DIR        write fit_arrivals.csv, fit_handle.csv and\n"
	"                     fit_patience.csv into DIR and, with gnuplot, their\n"
	"                     plots (.png and .svg)\n"
	"  --name NAME        the scenario's name (default: TRACE's base name)\n"
	"  --counts FILE.csv  arrival counts only: a CSV with columns DateTime\n"
	"                     (2003-03-03T07:00:00Z; a trailing Z is ignored) and\n"
	"                     Calls, one row per bin of fixed width; prints the\n"
	"                     over-dispersion per day type and, with --plots, the\n"
	"                     arrivals plot; writes no scenario (counts give no\n"
	"                     handle time or patience)\n"
	"  -h, --help         show this help\n"
	"\n"
	"Each flag may be given once.  Samples of handle times and of patience\n"
	"records are capped at 2,000,000 each by reservoir sampling with a fixed\n"
	"seed: the same trace always gives the same scenario.\n"
	"\n"
	"exit status: 0 success; 2 bad input or usage (one line on stderr; nothing\n"
	"written): unknown flags, a missing or malformed file, an empty trace, a\n"
	"trace without handle times, a bad --interval or --day-types; 1 any other\n"
	"failure (memory, reading, writing, gnuplot).\n";

/* ------------------------------------------------------------- messages */

static int say(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("ccsim fit: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	return EXIT_USAGE;
}

static int oom(void)
{
	fputs("ccsim fit: out of memory\n", stderr);
	return EXIT_FAIL;
}

/* Text safe inside a comment or a message: control characters and bytes
 * beyond ASCII become '?', at most n - 1 bytes (cut with "..."). */
static const char *plain(const char *s, char *buf, size_t n)
{
	size_t i = 0;
	for (; s[i] != '\0' && i + 1 < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		buf[i] = ch < 0x20 || ch >= 0x7f ? '?' : (char)ch;
	}
	buf[i] = '\0';
	if (s[i] != '\0' && n > 4)
		memcpy(buf + n - 4, "...", 4);
	return buf;
}

#define PLAIN(s) plain((s), (char[256]){ 0 }, 256)

/* ------------------------------------------------------- small formats */

static const char *date_text(int64_t date, char *buf)
{
	int y, m, d;
	horizon_civil_from_date(date, &y, &m, &d);
	snprintf(buf, 16, "%04d-%02d-%02d", y, m, d);
	return buf;
}
#define DATE(d) date_text((d), (char[16]){ 0 })

/* HH:MM, or HH:MM:SS when the seconds are not 0; 24:00 allowed. */
static const char *clock_text(double s, char *buf)
{
	int t = (int)lround(fmin(fmax(s, 0.0), 86400.0));
	if (t % 60 == 0)
		snprintf(buf, 16, "%02d:%02d", t / 3600, t / 60 % 60);
	else
		snprintf(buf, 16, "%02d:%02d:%02d", t / 3600, t / 60 % 60, t % 60);
	return buf;
}
#define CLOCK(s) clock_text((s), (char[16]){ 0 })

/* A libconfig float: %.6g, with ".0" added when that reads as an integer. */
static const char *num_text(double v, char *buf)
{
	snprintf(buf, 32, "%.6g", v);
	if (strpbrk(buf, ".en") == NULL)
		strcat(buf, ".0");
	return buf;
}
#define NUM(v) num_text((v), (char[40]){ 0 })

/* A duration for a message or comment: "30m", "1h", "90s". */
static const char *duration_text(double s, char *buf)
{
	if (fmod(s, 3600.0) == 0.0)
		snprintf(buf, 32, "%gh", s / 3600.0);
	else if (fmod(s, 60.0) == 0.0)
		snprintf(buf, 32, "%gm", s / 60.0);
	else
		snprintf(buf, 32, "%gs", s);
	return buf;
}
#define DURATION(s) duration_text((s), (char[32]){ 0 })

/* --------------------------------------------------------- value parsers */

int fitcmd_parse_interval(const char *s, double *interval_s)
{
	double v;
	if (s == NULL || interval_s == NULL || units_duration(s, &v) != STATUS_OK)
		return STATUS_EINVAL;
	if (!(v >= 60.0 && v <= 86400.0) || v != floor(v) ||
	    fmod(86400.0, v) != 0.0)
		return STATUS_EINVAL;
	*interval_s = v;
	return STATUS_OK;
}

void fitcmd_day_types_default(struct fitcmd_day_types *dt)
{
	dt->n = 7;
	for (int wd = 0; wd < 7; wd++) {
		dt->of_weekday[wd] = wd;
		snprintf(dt->name[wd], sizeof dt->name[wd], "%s", wd_key[wd]);
	}
}

static int weekday_of(const char *s, size_t len)
{
	if (len != 3)
		return -1;
	char low[4];
	for (size_t i = 0; i < 3; i++)
		low[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] - 'A' + 'a' : s[i]);
	low[3] = '\0';
	for (int wd = 0; wd < 7; wd++)
		if (strcmp(low, wd_key[wd]) == 0)
			return wd;
	return -1;
}

static int dt_error(FILE *errors, const char *fmt, ...)
{
	if (errors != NULL) {
		va_list ap;
		va_start(ap, fmt);
		fputs("ccsim fit: --day-types: ", errors);
		vfprintf(errors, fmt, ap);
		fputc('\n', errors);
		va_end(ap);
	}
	return STATUS_EINVAL;
}

int fitcmd_parse_day_types(const char *s, struct fitcmd_day_types *dt,
			   FILE *errors)
{
	static const char expect[] = "expected groups of weekdays separated by "
		"commas, each a weekday (mon ... sun) or a range such as sun-thu, "
		"every weekday in exactly one group, e.g. \"sun-thu,fri,sat\"";
	if (s == NULL || dt == NULL)
		return STATUS_EINVAL;
	struct fitcmd_day_types out = { .n = 0 };
	for (int wd = 0; wd < 7; wd++)
		out.of_weekday[wd] = -1;
	const char *p = s;
	for (;;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		const char *a = p, *b = p + len;
		while (a < b && (*a == ' ' || *a == '\t'))
			a++;
		while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
			b--;
		char tok[64];
		snprintf(tok, sizeof tok, "%.*s", (int)(b - a), a);
		if (b == a)
			return dt_error(errors, "an empty group in '%s'; %s",
					PLAIN(s), expect);
		if (out.n == 7)
			return dt_error(errors, "more than 7 groups in '%s'; %s",
					PLAIN(s), expect);
		const char *dash = memchr(a, '-', (size_t)(b - a));
		int from, to;
		if (dash == NULL) {
			from = to = weekday_of(a, (size_t)(b - a));
		} else {
			from = weekday_of(a, (size_t)(dash - a));
			to = weekday_of(dash + 1, (size_t)(b - dash - 1));
		}
		if (from < 0 || to < 0)
			return dt_error(errors, "unknown weekday or range '%s'; %s",
					PLAIN(tok), expect);
		for (int wd = from;; wd = (wd + 1) % 7) {
			if (out.of_weekday[wd] >= 0)
				return dt_error(errors, "%s is in two groups ('%s' "
						"and '%s'); %s", wd_key[wd],
						out.name[out.of_weekday[wd]],
						PLAIN(tok), expect);
			out.of_weekday[wd] = out.n;
			if (wd == to)
				break;
		}
		for (size_t i = 0; tok[i] != '\0'; i++)
			if (tok[i] >= 'A' && tok[i] <= 'Z')
				tok[i] = (char)(tok[i] - 'A' + 'a');
		snprintf(out.name[out.n], sizeof out.name[out.n], "%.15s", tok);
		out.n++;
		if (comma == NULL)
			break;
		p = comma + 1;
	}
	for (int wd = 0; wd < 7; wd++)
		if (out.of_weekday[wd] < 0)
			return dt_error(errors, "%s is in no group of '%s'; %s",
					wd_key[wd], PLAIN(s), expect);
	*dt = out;
	return STATUS_OK;
}

/* A scenario name: 1 to 63 of [A-Za-z0-9_.-]. */
static bool valid_name(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n >= 64)
		return false;
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];
		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		      (ch >= '0' && ch <= '9') || ch == '_' || ch == '.' || ch == '-'))
			return false;
	}
	return true;
}

/* The base name of path without its extension, made a valid name (other
 * characters become '-'); "fit" when nothing is left. */
static void name_from_path(const char *path, char *buf, size_t n)
{
	const char *slash = strrchr(path, '/');
	const char *b = slash != NULL ? slash + 1 : path;
	const char *dot = strrchr(b, '.');
	size_t len = dot != NULL && dot != b ? (size_t)(dot - b) : strlen(b);
	if (len > 63)
		len = 63;
	if (len >= n)
		len = n - 1;
	for (size_t i = 0; i < len; i++) {
		char ch = b[i];
		bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
			  (ch >= '0' && ch <= '9') || ch == '_' || ch == '.' ||
			  ch == '-';
		buf[i] = ok ? ch : '-';
	}
	buf[len] = '\0';
	if (len == 0)
		snprintf(buf, n, "fit");
}

/* ------------------------------------------------------------- reservoir */

int fitcmd_reservoir_init(struct fitcmd_reservoir *r, size_t max,
			  bool with_flags, unsigned long seed)
{
	memset(r, 0, sizeof *r);
	r->max = max > 0 ? max : 1;
	r->cap = r->max < 1024 ? r->max : 1024;
	r->x = malloc(r->cap * sizeof *r->x);
	if (with_flags)
		r->flag = malloc(r->cap * sizeof *r->flag);
	r->rng = gsl_rng_alloc(gsl_rng_mt19937);
	if (r->x == NULL || (with_flags && r->flag == NULL) || r->rng == NULL) {
		fitcmd_reservoir_destroy(r);
		return STATUS_ENOMEM;
	}
	gsl_rng_set(r->rng, seed);
	return STATUS_OK;
}

int fitcmd_reservoir_add(struct fitcmd_reservoir *r, double x, bool flag)
{
	if (r->n < r->max) {
		if (r->n == r->cap) {
			size_t cap = r->cap * 2 < r->max ? r->cap * 2 : r->max;
			double *nx = realloc(r->x, cap * sizeof *nx);
			if (nx == NULL)
				return STATUS_ENOMEM;
			r->x = nx;
			if (r->flag != NULL) {
				bool *nf = realloc(r->flag, cap * sizeof *nf);
				if (nf == NULL)
					return STATUS_ENOMEM;
				r->flag = nf;
			}
			r->cap = cap;
		}
		r->x[r->n] = x;
		if (r->flag != NULL)
			r->flag[r->n] = flag;
		r->n++;
	} else {
		/* Value number seen (from 0) is kept with probability
		 * max / (seen + 1), in place of a uniformly chosen one. */
		uint64_t j;
		if (r->seen < 0xffffffffULL)
			j = gsl_rng_uniform_int(r->rng, (unsigned long)(r->seen + 1));
		else
			j = (uint64_t)(gsl_rng_uniform(r->rng) * (double)(r->seen + 1));
		if (j < r->max) {
			r->x[j] = x;
			if (r->flag != NULL)
				r->flag[j] = flag;
		}
	}
	r->seen++;
	return STATUS_OK;
}

void fitcmd_reservoir_destroy(struct fitcmd_reservoir *r)
{
	if (r == NULL)
		return;
	free(r->x);
	free(r->flag);
	if (r->rng != NULL)
		gsl_rng_free(r->rng);
	memset(r, 0, sizeof *r);
}

/* ------------------------------------------------------------- the grid */

/* Counts per (date, interval of the day) over the dates lo .. lo+days-1. */
struct grid {
	int per_day;
	bool with_bins;      /* counts mode: keep bins[] */
	int64_t lo;
	int days, cap;
	double *count;       /* cap * per_day: selected arrivals */
	uint32_t *bins;      /* cap * per_day: rows per cell (counts mode) */
	uint64_t *records;   /* cap: records (rows) of any type per date */
};

static void grid_destroy(struct grid *g)
{
	free(g->count);
	free(g->bins);
	free(g->records);
	memset(g, 0, sizeof *g);
}

/* Room for need rows (at most FITCMD_MAX_SPAN_DAYS), doubling. */
static int grid_reserve(struct grid *g, int need)
{
	if (need <= g->cap)
		return STATUS_OK;
	int cap = g->cap < 8 ? 8 : g->cap;
	while (cap < need)
		cap *= 2;
	if (cap > FITCMD_MAX_SPAN_DAYS)
		cap = FITCMD_MAX_SPAN_DAYS;
	size_t cells = (size_t)cap * (size_t)g->per_day;
	double *c = realloc(g->count, cells * sizeof *c);
	if (c == NULL)
		return STATUS_ENOMEM;
	g->count = c;
	if (g->with_bins) {
		uint32_t *b = realloc(g->bins, cells * sizeof *b);
		if (b == NULL)
			return STATUS_ENOMEM;
		g->bins = b;
	}
	uint64_t *r = realloc(g->records, (size_t)cap * sizeof *r);
	if (r == NULL)
		return STATUS_ENOMEM;
	g->records = r;
	g->cap = cap;
	return STATUS_OK;
}

static void grid_zero_rows(struct grid *g, int from, int to)
{
	size_t pd = (size_t)g->per_day;
	for (int r = from; r < to; r++) {
		for (size_t k = 0; k < pd; k++)
			g->count[(size_t)r * pd + k] = 0.0;
		if (g->with_bins)
			memset(g->bins + (size_t)r * pd, 0, pd * sizeof *g->bins);
		g->records[r] = 0;
	}
}

/* The row of date, extending the grid to it.  STATUS_OK, STATUS_ERANGE
 * when the span would exceed FITCMD_MAX_SPAN_DAYS, STATUS_ENOMEM. */
static int grid_row(struct grid *g, int64_t date, int *row)
{
	if (g->days == 0) {
		if (grid_reserve(g, 1) != STATUS_OK)
			return STATUS_ENOMEM;
		g->lo = date;
		g->days = 1;
		grid_zero_rows(g, 0, 1);
	} else if (date < g->lo) {
		int64_t span = g->lo + g->days - date;
		if (span > FITCMD_MAX_SPAN_DAYS)
			return STATUS_ERANGE;
		if (grid_reserve(g, (int)span) != STATUS_OK)
			return STATUS_ENOMEM;
		int shift = (int)(g->lo - date);
		size_t pd = (size_t)g->per_day;
		memmove(g->count + (size_t)shift * pd, g->count,
			(size_t)g->days * pd * sizeof *g->count);
		if (g->with_bins)
			memmove(g->bins + (size_t)shift * pd, g->bins,
				(size_t)g->days * pd * sizeof *g->bins);
		memmove(g->records + shift, g->records,
			(size_t)g->days * sizeof *g->records);
		grid_zero_rows(g, 0, shift);
		g->lo = date;
		g->days = (int)span;
	} else if (date >= g->lo + g->days) {
		int64_t span = date - g->lo + 1;
		if (span > FITCMD_MAX_SPAN_DAYS)
			return STATUS_ERANGE;
		if (grid_reserve(g, (int)span) != STATUS_OK)
			return STATUS_ENOMEM;
		grid_zero_rows(g, g->days, (int)span);
		g->days = (int)span;
	}
	*row = (int)(date - g->lo);
	return STATUS_OK;
}

/* ------------------------------------------------------------ hash sets */

static uint64_t mix64(uint64_t x)
{
	/* splitmix64's finaliser */
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return x;
}

/* Non-zero 64-bit keys, open addressing, at most half full; with values
 * (a map of sums) or without (a set). */
struct keymap {
	uint64_t *k;
	double *v;       /* cap values, or NULL for a set */
	bool values;
	size_t cap, n;   /* cap a power of two, or 0 */
};

static void keymap_destroy(struct keymap *s)
{
	free(s->k);
	free(s->v);
	bool values = s->values;
	memset(s, 0, sizeof *s);
	s->values = values;
}

static size_t keymap_slot(const uint64_t *tab, size_t cap, uint64_t key)
{
	size_t i = (size_t)mix64(key) & (cap - 1);
	while (tab[i] != 0 && tab[i] != key)
		i = (i + 1) & (cap - 1);
	return i;
}

/* Adds key (a set) or adds x to its value (a map).  STATUS_OK or
 * STATUS_ENOMEM. */
static int keymap_add(struct keymap *s, uint64_t key, double x)
{
	if (2 * (s->n + 1) > s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 1024;
		uint64_t *tab = calloc(cap, sizeof *tab);
		double *val = s->values ? calloc(cap, sizeof *val) : NULL;
		if (tab == NULL || (s->values && val == NULL)) {
			free(tab);
			free(val);
			return STATUS_ENOMEM;
		}
		for (size_t i = 0; i < s->cap; i++)
			if (s->k[i] != 0) {
				size_t j = keymap_slot(tab, cap, s->k[i]);
				tab[j] = s->k[i];
				if (val != NULL)
					val[j] = s->v[i];
			}
		free(s->k);
		free(s->v);
		s->k = tab;
		s->v = val;
		s->cap = cap;
	}
	size_t i = keymap_slot(s->k, s->cap, key);
	if (s->k[i] == 0) {
		s->k[i] = key;
		s->n++;
	}
	if (s->v != NULL)
		s->v[i] += x;
	return STATUS_OK;
}

/* Agent ids to indices 0, 1, ... in order of first appearance. */
struct agentmap {
	char (*id)[TRACE_TEXT_MAX];   /* n ids */
	size_t n, cap;
	int32_t *slot;                /* tcap entries, -1 empty */
	size_t tcap;
};

static void agentmap_destroy(struct agentmap *m)
{
	free(m->id);
	free(m->slot);
	memset(m, 0, sizeof *m);
}

static uint64_t hash_text(const char *s)
{
	uint64_t h = 1469598103934665603ULL;   /* FNV-1a */
	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

/* The index of id, added if new.  STATUS_OK, STATUS_ERANGE (more than
 * MAX_AGENTS ids), STATUS_ENOMEM. */
static int agentmap_index(struct agentmap *m, const char *id, uint32_t *out)
{
	if (2 * (m->n + 1) > m->tcap) {
		size_t tcap = m->tcap ? 2 * m->tcap : 256;
		int32_t *slot = malloc(tcap * sizeof *slot);
		if (slot == NULL)
			return STATUS_ENOMEM;
		for (size_t i = 0; i < tcap; i++)
			slot[i] = -1;
		for (size_t a = 0; a < m->n; a++) {
			size_t i = (size_t)hash_text(m->id[a]) & (tcap - 1);
			while (slot[i] >= 0)
				i = (i + 1) & (tcap - 1);
			slot[i] = (int32_t)a;
		}
		free(m->slot);
		m->slot = slot;
		m->tcap = tcap;
	}
	size_t i = (size_t)hash_text(id) & (m->tcap - 1);
	while (m->slot[i] >= 0) {
		if (strcmp(m->id[m->slot[i]], id) == 0) {
			*out = (uint32_t)m->slot[i];
			return STATUS_OK;
		}
		i = (i + 1) & (m->tcap - 1);
	}
	if (m->n == MAX_AGENTS)
		return STATUS_ERANGE;
	if (m->n == m->cap) {
		size_t cap = m->cap ? 2 * m->cap : 64;
		char (*nid)[TRACE_TEXT_MAX] = realloc(m->id, cap * sizeof *nid);
		if (nid == NULL)
			return STATUS_ENOMEM;
		m->id = nid;
		m->cap = cap;
	}
	snprintf(m->id[m->n], TRACE_TEXT_MAX, "%s", id);
	m->slot[i] = (int32_t)m->n;
	*out = (uint32_t)m->n++;
	return STATUS_OK;
}

/* (date, interval of the day, agent) as a non-zero key: the biased date
 * (< 2^23 for years 0 to 9999) above 11 bits of interval (< 2048) and 20
 * bits of agent. */
static uint64_t cell_key(int64_t date, int slot, uint32_t agent)
{
	return ((uint64_t)(date + KEY_DATE_BIAS) << 31) |
	       ((uint64_t)slot << 20) | (uint64_t)agent;
}

static void cell_unkey(uint64_t key, int64_t *date, int *slot)
{
	*date = (int64_t)(key >> 31) - KEY_DATE_BIAS;
	*slot = (int)((key >> 20) & 0x7ff);
}

/* ------------------------------------------------------- command line */

struct options {
	const char *trace;         /* NULL in counts mode */
	const char *counts;        /* --counts FILE, or NULL */
	struct trace_format fmt;
	const char *format_text;
	double interval_s;
	int per_day;
	struct fitcmd_day_types dt;
	bool day_types_given;
	int n_types;               /* 0: every record */
	char types[MAX_TYPES][TRACE_TEXT_MAX];
	const char *out;           /* NULL: out/NAME.cfg */
	const char *plots;         /* NULL: no plots */
	char name[64];
};

enum flag {
	F_FORMAT = 256, F_COLUMNS, F_SEPARATOR, F_SKIP, F_INTERVAL, F_DAY_TYPES,
	F_TYPES, F_OUT, F_PLOTS, F_NAME, F_COUNTS, F_HELP, F_END
};

static const struct option longopts[] = {
	{ "format", required_argument, NULL, F_FORMAT },
	{ "columns", required_argument, NULL, F_COLUMNS },
	{ "separator", required_argument, NULL, F_SEPARATOR },
	{ "skip-bad-rows", no_argument, NULL, F_SKIP },
	{ "interval", required_argument, NULL, F_INTERVAL },
	{ "day-types", required_argument, NULL, F_DAY_TYPES },
	{ "types", required_argument, NULL, F_TYPES },
	{ "out", required_argument, NULL, F_OUT },
	{ "plots", required_argument, NULL, F_PLOTS },
	{ "name", required_argument, NULL, F_NAME },
	{ "counts", required_argument, NULL, F_COUNTS },
	{ "help", no_argument, NULL, F_HELP },
	{ NULL, 0, NULL, 0 }
};

static int parse_types(const char *s, struct options *o)
{
	const char *p = s;
	o->n_types = 0;
	for (;;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		const char *a = p, *b = p + len;
		while (a < b && (*a == ' ' || *a == '\t'))
			a++;
		while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
			b--;
		if (b == a || (size_t)(b - a) >= TRACE_TEXT_MAX)
			return say("--types: expected contact types separated by "
				   "commas, each 1 to %d bytes, such as PS,PE; got "
				   "'%s'", TRACE_TEXT_MAX - 1, PLAIN(s));
		if (o->n_types == MAX_TYPES)
			return say("--types: more than %d types in '%s'", MAX_TYPES,
				   PLAIN(s));
		snprintf(o->types[o->n_types++], TRACE_TEXT_MAX, "%.*s",
			 (int)(b - a), a);
		if (comma == NULL)
			return 0;
		p = comma + 1;
	}
}

/* Parses argv into o.  0 when ready, -1 after the help, 2 after a message. */
static int parse_args(int argc, char **argv, struct options *o)
{
	memset(o, 0, sizeof *o);
	o->fmt.kind = TRACE_CSV;
	o->interval_s = 1800.0;
	fitcmd_day_types_default(&o->dt);
	bool seen[F_END - F_FORMAT] = { false };
	bool name_given = false;
	opterr = 0;
	optind = 0;   /* full reset of getopt: callable again */
	int ch;
	while ((ch = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		if (ch >= F_FORMAT && ch < F_END && ch != F_HELP) {
			if (seen[ch - F_FORMAT])
				return say("--%s given twice",
					   longopts[ch - F_FORMAT].name);
			seen[ch - F_FORMAT] = true;
		}
		switch (ch) {
		case F_FORMAT:
			if (strcmp(optarg, "csv") == 0)
				o->fmt.kind = TRACE_CSV;
			else if (strcmp(optarg, "anonbank") == 0)
				o->fmt.kind = TRACE_ANONBANK;
			else
				return say("--format: expected csv or anonbank, got "
					   "'%s'", PLAIN(optarg));
			o->format_text = optarg;
			break;
		case F_COLUMNS:
			o->fmt.mapping = optarg;
			break;
		case F_SEPARATOR:
			if (strcmp(optarg, ",") == 0 || strcmp(optarg, ";") == 0)
				o->fmt.separator = optarg[0];
			else if (strcmp(optarg, "tab") == 0 ||
				 strcmp(optarg, "\\t") == 0 ||
				 strcmp(optarg, "\t") == 0)
				o->fmt.separator = '\t';
			else
				return say("--separator: expected ',', ';' or tab "
					   "('tab'), got '%s'", PLAIN(optarg));
			break;
		case F_SKIP:
			o->fmt.skip_bad_rows = true;
			break;
		case F_INTERVAL:
			if (fitcmd_parse_interval(optarg, &o->interval_s) !=
			    STATUS_OK)
				return say("--interval: expected a duration from 1m "
					   "to 24h that divides 24h into whole "
					   "intervals, such as 15m, 30m or 1h; got "
					   "'%s'", PLAIN(optarg));
			break;
		case F_DAY_TYPES:
			if (fitcmd_parse_day_types(optarg, &o->dt, stderr) !=
			    STATUS_OK)
				return EXIT_USAGE;
			o->day_types_given = true;
			break;
		case F_TYPES:
			if (parse_types(optarg, o) != 0)
				return EXIT_USAGE;
			break;
		case F_OUT:
			if (optarg[0] == '\0')
				return say("--out: expected a file name");
			o->out = optarg;
			break;
		case F_PLOTS:
			if (optarg[0] == '\0')
				return say("--plots: expected a folder");
			o->plots = optarg;
			break;
		case F_NAME:
			if (!valid_name(optarg))
				return say("--name: expected 1 to 63 letters, digits, "
					   "'_', '.' or '-', got '%s'",
					   PLAIN(optarg));
			snprintf(o->name, sizeof o->name, "%s", optarg);
			name_given = true;
			break;
		case F_COUNTS:
			o->counts = optarg;
			break;
		case 'h':
		case F_HELP:
			fputs(usage_fit, stdout);
			return -1;
		case ':':
			return say("%s needs a value (see ccsim fit --help)",
				   argv[optind - 1]);
		default:
			return say("unknown option '%s' (see ccsim fit --help)",
				   PLAIN(argv[optind - 1]));
		}
	}
	int rest = argc - optind;
	if (o->counts != NULL) {
		if (rest > 0)
			return say("--counts takes no TRACE (got '%s')",
				   PLAIN(argv[optind]));
		static const int trace_only[] = { F_FORMAT, F_COLUMNS, F_SEPARATOR,
						  F_SKIP, F_TYPES };
		for (size_t i = 0; i < sizeof trace_only / sizeof *trace_only; i++)
			if (seen[trace_only[i] - F_FORMAT])
				return say("--%s is for a TRACE, not for --counts",
					   longopts[trace_only[i] - F_FORMAT].name);
		if (o->out != NULL)
			return say("--out: --counts writes no scenario (counts give "
				   "no handle times or patience); see docs/fit.md");
	} else {
		if (rest == 0)
			return say("missing TRACE (see ccsim fit --help)");
		if (rest > 1)
			return say("one TRACE expected, got also '%s'",
				   PLAIN(argv[optind + 1]));
		o->trace = argv[optind];
		if (o->fmt.kind == TRACE_ANONBANK &&
		    (o->fmt.mapping != NULL || o->fmt.separator != 0))
			return say("--columns and --separator are for --format "
				   "csv");
	}
	o->per_day = (int)lround(86400.0 / o->interval_s);
	if (!name_given)
		name_from_path(o->trace ? o->trace : o->counts, o->name,
			       sizeof o->name);
	return 0;
}

/* ------------------------------------------------------------- collect */

struct collected {
	struct grid g;
	struct keymap cells;            /* (date, interval, agent) serving */
	struct keymap busy;             /* (date, interval, 0): busy seconds */
	struct agentmap agents;
	struct fitcmd_reservoir handle; /* handle times > 0 of answered calls */
	struct fitcmd_reservoir pat;    /* patience records, flag = event */
	struct trace_stats stats;
	uint64_t selected, other_types;
	uint64_t answered, abandoned, unknown;
	uint64_t handles;               /* answered with a handle time > 0 */
	uint64_t handle_zero;           /* answered with a handle time of 0 */
	uint64_t answered_no_wait;      /* answered without a wait */
	uint64_t waited_zero;           /* answered with a wait of 0 */
	uint64_t abandoned_no_patience; /* abandoned without patience or wait */
	uint64_t short_abandons;        /* abandoned within 5 s */
	uint64_t services;              /* answered with an agent and a handle */
	uint64_t services_clipped;      /* of which longer than a day */
};

static void collected_destroy(struct collected *c)
{
	grid_destroy(&c->g);
	keymap_destroy(&c->cells);
	keymap_destroy(&c->busy);
	agentmap_destroy(&c->agents);
	fitcmd_reservoir_destroy(&c->handle);
	fitcmd_reservoir_destroy(&c->pat);
}

static bool selected(const struct options *o, const char *type)
{
	if (o->n_types == 0)
		return true;
	for (int i = 0; i < o->n_types; i++)
		if (strcmp(o->types[i], type) == 0)
			return true;
	return false;
}

/* Marks the cells a service overlaps: [start, start + handle] after
 * midnight of date, strictly overlapping [jI, (j+1)I). */
static int mark_service(const struct options *o, struct collected *c,
			int64_t date, double start, double handle, uint32_t agent)
{
	if (handle > 86400.0) {
		handle = 86400.0;
		c->services_clipped++;
	}
	double end = start + handle, I = o->interval_s;
	for (int64_t s = (int64_t)floor(start / I); (double)s * I < end; s++) {
		int64_t d = date + s / o->per_day;
		int slot = (int)(s % o->per_day);
		double busy = fmin(end, (double)(s + 1) * I) - fmax(start, (double)s * I);
		if (keymap_add(&c->cells, cell_key(d, slot, agent), 0.0) != STATUS_OK ||
		    keymap_add(&c->busy, cell_key(d, slot, 0), busy) != STATUS_OK)
			return STATUS_ENOMEM;
	}
	c->services++;
	return STATUS_OK;
}

/* One record.  0, or the exit status after a message. */
static int take(const struct options *o, struct collected *c,
		const struct trace_record *rec)
{
	int row, st = grid_row(&c->g, rec->date, &row);
	if (st == STATUS_ERANGE) {
		int64_t lo = c->g.lo, hi = c->g.lo + c->g.days - 1;
		return say("%s:%lld: the date %s takes the trace's span (%s to "
			   "%s so far) beyond %d days; expected a trace of at "
			   "most %d days", PLAIN(o->trace), (long long)rec->line,
			   DATE(rec->date), DATE(rec->date < lo ? rec->date : lo),
			   DATE(rec->date > hi ? rec->date : hi),
			   FITCMD_MAX_SPAN_DAYS, FITCMD_MAX_SPAN_DAYS);
	}
	if (st != STATUS_OK)
		return oom();
	c->g.records[row]++;
	if (!selected(o, rec->type)) {
		c->other_types++;
		return 0;
	}
	c->selected++;
	int slot = (int)(rec->time_s / o->interval_s);
	if (slot >= o->per_day)
		slot = o->per_day - 1;
	c->g.count[(size_t)row * (size_t)o->per_day + (size_t)slot] += 1.0;

	st = STATUS_OK;
	if (rec->outcome == TRACE_ANSWERED) {
		c->answered++;
		bool has_handle = isfinite(rec->handle_s) && rec->handle_s > 0.0;
		if (has_handle) {
			c->handles++;
			st = fitcmd_reservoir_add(&c->handle, rec->handle_s, false);
		} else if (rec->handle_s == 0.0) {
			c->handle_zero++;
		}
		if (st == STATUS_OK && isfinite(rec->wait_s)) {
			if (rec->wait_s == 0.0)
				c->waited_zero++;
			st = fitcmd_reservoir_add(&c->pat, rec->wait_s, false);
		} else if (st == STATUS_OK) {
			c->answered_no_wait++;
		}
		if (st == STATUS_OK && has_handle && rec->agent[0] != '\0') {
			uint32_t a;
			st = agentmap_index(&c->agents, rec->agent, &a);
			if (st == STATUS_ERANGE)
				return say("%s:%lld: more than %u distinct agent ids",
					   PLAIN(o->trace), (long long)rec->line,
					   MAX_AGENTS);
			double wait = isfinite(rec->wait_s) ? rec->wait_s : 0.0;
			if (st == STATUS_OK)
				st = mark_service(o, c, rec->date,
						  rec->time_s + wait, rec->handle_s, a);
		}
	} else if (rec->outcome == TRACE_ABANDONED) {
		c->abandoned++;
		if (isfinite(rec->patience_s)) {
			if (rec->patience_s <= FITCMD_SHORT_ABANDON_S)
				c->short_abandons++;
			st = fitcmd_reservoir_add(&c->pat, rec->patience_s, true);
		} else {
			c->abandoned_no_patience++;
		}
	} else {
		c->unknown++;
	}
	return st == STATUS_OK ? 0 : oom();
}

/* The streaming pass.  0, or the exit status after a message. */
static int collect(const struct options *o, struct collected *c)
{
	memset(c, 0, sizeof *c);
	c->g.per_day = o->per_day;
	c->busy.values = true;
	if (fitcmd_reservoir_init(&c->handle, FITCMD_SAMPLE_MAX, false,
				  FITCMD_RESERVOIR_SEED) != STATUS_OK ||
	    fitcmd_reservoir_init(&c->pat, FITCMD_SAMPLE_MAX, true,
				  FITCMD_RESERVOIR_SEED + 1) != STATUS_OK)
		return oom();
	struct trace_reader *tr = NULL;
	int st = trace_open(o->trace, &o->fmt, &tr, stderr);
	if (st == STATUS_ENOMEM)
		return oom();
	if (st != STATUS_OK)
		return EXIT_USAGE;   /* "FILE: cannot open: ..." or a bad header */
	struct trace_record rec;
	int got, rc = 0;
	while ((got = trace_next(tr, &rec)) == 1)
		if ((rc = take(o, c, &rec)) != 0)
			break;
	if (rc == 0 && got < 0) {
		if (got == -STATUS_EINVAL)
			rc = EXIT_USAGE;   /* "FILE:LINE: ..." printed */
		else if (got == -STATUS_ENOMEM)
			rc = oom();
		else
			rc = EXIT_FAIL;    /* "FILE: cannot read: ..." printed */
	}
	c->stats = *trace_stats(tr);
	trace_close(tr);
	return rc;
}

/* ------------------------------------------------------------ day types */

struct daytype {
	int days;            /* dates of the type used */
	double calls;        /* arrivals over those dates */
	double *lambda;      /* per_w: mean count per interval (the forecast) */
	double *var;         /* per_w: sample variance across the dates (NaN
	                        with fewer than 2 dates) */
	int status;          /* fit_poisson_gamma's; -1 with fewer than 2 dates */
	struct fit_overdispersion od;
};

static bool has_c(const struct daytype *t)
{
	return t->status == STATUS_OK;
}

static void daytypes_destroy(struct daytype dt[7])
{
	for (int i = 0; i < 7; i++) {
		free(dt[i].lambda);
		free(dt[i].var);
	}
	memset(dt, 0, 7 * sizeof *dt);
}

/* Per day type, the dates of rows with use_row set, over the window
 * intervals k0 .. k0 + per_w - 1: their profile and Poisson-gamma fit.
 * STATUS_OK or STATUS_ENOMEM. */
static int fit_day_types(const struct grid *g, int k0, int per_w,
			 const bool *use_row, const struct fitcmd_day_types *types,
			 struct daytype dt[7])
{
	memset(dt, 0, 7 * sizeof *dt);
	double *mat = malloc((size_t)g->days * (size_t)per_w * sizeof *mat);
	if (mat == NULL)
		return STATUS_ENOMEM;
	for (int t = 0; t < types->n; t++) {
		struct daytype *x = &dt[t];
		x->lambda = calloc((size_t)per_w, sizeof *x->lambda);
		x->var = malloc((size_t)per_w * sizeof *x->var);
		if (x->lambda == NULL || x->var == NULL) {
			free(mat);
			return STATUS_ENOMEM;
		}
		for (int k = 0; k < per_w; k++)
			x->var[k] = NAN;
		int n = 0;
		for (int r = 0; r < g->days; r++) {
			if (!use_row[r] ||
			    types->of_weekday[horizon_weekday(g->lo + r)] != t)
				continue;
			const double *src = g->count + (size_t)r * (size_t)g->per_day + k0;
			memcpy(mat + (size_t)n * (size_t)per_w, src,
			       (size_t)per_w * sizeof *mat);
			for (int k = 0; k < per_w; k++)
				x->calls += src[k];
			n++;
		}
		x->days = n;
		x->status = -1;
		if (n >= 2) {
			x->status = fit_poisson_gamma(mat, (size_t)n, (size_t)per_w,
						      x->lambda, x->var, &x->od);
		} else if (n == 1) {
			memcpy(x->lambda, mat, (size_t)per_w * sizeof *mat);
		}
	}
	free(mat);
	return STATUS_OK;
}

/* sqrt of the call-weighted mean of c^2 over the day types with a fit; the
 * largest c into *c_max and its type into *t_max (-1 when none). */
static double busyness(const struct daytype *dt, int n, double *c_max,
		       int *t_max)
{
	double w = 0.0, s = 0.0;
	*c_max = 0.0;
	*t_max = -1;
	for (int t = 0; t < n; t++) {
		if (!has_c(&dt[t]))
			continue;
		w += dt[t].calls;
		s += dt[t].calls * dt[t].od.c2;
		if (*t_max < 0 || dt[t].od.c > *c_max) {
			*c_max = dt[t].od.c;
			*t_max = t;
		}
	}
	return w > 0.0 ? sqrt(s / w) : 0.0;
}

/* ------------------------------------------------------------- estimate */

struct model {
	int k0, per_w, days;     /* window: intervals k0 .. k0 + per_w - 1 */
	int64_t start;           /* first date */
	bool *open_row;          /* days: the date has records */
	int n_open;
	bool weekday_open[7];    /* some date of that weekday has an arrival */
	int weekday_arrivals[7]; /* dates of each weekday with an arrival */
	int weekday_dates[7];    /* dates of each weekday in the span */
	int n_closed;            /* dates without records on open weekdays */
	struct daytype dt[7];
	double cv, c_max;        /* busyness_cv written, largest c */
	int t_max;               /* the type of c_max, -1 none */
	bool cv_clamped;
	double *forecast;        /* days * per_w */
	int *staffing;           /* days * per_w */
	bool inferred;           /* staffing from agent ids (else Erlang C) */
	int peak_k;              /* window interval with the most arrivals */
	double peak_agents;      /* mean staffing there over the open dates */
	double peak_busy;        /* mean agents busy there (inferred only) */
	double *busy;            /* days * per_w: agent-seconds of service / I */
	struct fit_result h_all[FIT_NFAMILIES], h;
	double h_mean, h_cv;     /* of the handle sample */
	bool has_pat;
	struct fit_result p_all[FIT_NCENSORED], p;
	struct fit_km_step *km;
	size_t km_n, p_events, p_zero;
};

static void model_destroy(struct model *m)
{
	free(m->open_row);
	daytypes_destroy(m->dt);
	free(m->forecast);
	free(m->staffing);
	free(m->busy);
	free(m->km);
	memset(m, 0, sizeof *m);
}

/* Survival of a fitted patience at t. */
static double fit_surv(const struct fit_result *r, double t)
{
	if (r->family == FIT_EXPONENTIAL)
		return exp(-r->p1 * t);
	return exp(-pow(t / r->p2, r->p1));
}

/* Kaplan-Meier at t (1 before the first event), with its Greenwood
 * variance. */
static double km_at(const struct fit_km_step *km, size_t n, double t,
		    double *var)
{
	double s = 1.0, v = 0.0;
	for (size_t i = 0; i < n && km[i].time <= t; i++) {
		s = km[i].surv;
		v = km[i].var;
	}
	if (var != NULL)
		*var = v;
	return s;
}

static int staff_erlang(const struct options *o, struct model *m)
{
	struct erlang_targets tg = { .has_sl = true, .sl = SL_TARGET,
				     .sl_threshold_s = SL_THRESHOLD_S };
	for (int r = 0; r < m->days; r++) {
		for (int k = 0; k < m->per_w; k++) {
			size_t i = (size_t)r * (size_t)m->per_w + (size_t)k;
			double calls = m->forecast[i];
			if (!(calls > 0.0)) {
				m->staffing[i] = 0;
				continue;
			}
			struct erlang_input in = {
				.traffic = calls * m->h.mean / o->interval_s,
				.aht_s = m->h.mean, .patience_s = INFINITY,
				.threshold_s = SL_THRESHOLD_S, .agents = 1 };
			struct erlang_result res;
			int n, st = erlang_staff(&in, &tg, 1000000, &n, &res);
			if (st != STATUS_OK) {
				fprintf(stderr, "ccsim fit: Erlang C cannot staff %s "
					"%s (%.1f calls, handle %.1f s): %s\n",
					DATE(m->start + r),
					CLOCK((m->k0 + k) * o->interval_s), calls,
					m->h.mean, status_str(st));
				return EXIT_FAIL;
			}
			m->staffing[i] = n;
		}
	}
	return 0;
}

/* Everything the scenario says.  0, or the exit status after a message. */
static int estimate(const struct options *o, struct collected *c,
		    struct model *m)
{
	memset(m, 0, sizeof *m);
	m->t_max = -1;
	if (c->stats.records == 0)
		return say("%s: no records (an empty trace)", PLAIN(o->trace));
	if (c->selected == 0) {
		char list[512] = "";
		for (int i = 0; i < o->n_types; i++) {
			strncat(list, i ? "," : "", sizeof list - strlen(list) - 1);
			strncat(list, o->types[i], sizeof list - strlen(list) - 1);
		}
		return say("%s: no records of the types %s (--types)",
			   PLAIN(o->trace), PLAIN(list));
	}
	if (c->handles == 0)
		return say("%s: no handle times in the trace (no answered record "
			   "has a handle time above 0)", PLAIN(o->trace));

	const struct grid *g = &c->g;
	size_t pd = (size_t)g->per_day;
	int kmin = g->per_day, kmax = -1;
	for (int r = 0; r < g->days; r++)
		for (int k = 0; k < g->per_day; k++)
			if (g->count[(size_t)r * pd + (size_t)k] > 0.0) {
				if (k < kmin)
					kmin = k;
				if (k > kmax)
					kmax = k;
			}
	m->k0 = kmin;
	m->per_w = kmax - kmin + 1;
	m->days = g->days;
	m->start = g->lo;
	if ((long)m->days * m->per_w > MAX_INTERVALS)
		return say("%s: %d days of %d intervals make %ld intervals; a "
			   "scenario holds at most %ld (give a longer --interval)",
			   PLAIN(o->trace), m->days, m->per_w,
			   (long)m->days * m->per_w, MAX_INTERVALS);

	m->open_row = calloc((size_t)m->days, sizeof *m->open_row);
	size_t cells = (size_t)m->days * (size_t)m->per_w;
	m->forecast = calloc(cells, sizeof *m->forecast);
	m->staffing = calloc(cells, sizeof *m->staffing);
	m->busy = calloc(cells, sizeof *m->busy);
	if (m->open_row == NULL || m->forecast == NULL || m->staffing == NULL ||
	    m->busy == NULL)
		return oom();
	for (int r = 0; r < m->days; r++) {
		int wd = horizon_weekday(m->start + r);
		m->weekday_dates[wd]++;
		m->open_row[r] = g->records[r] > 0;
		m->n_open += m->open_row[r];
		double sum = 0.0;
		for (int k = 0; k < g->per_day; k++)
			sum += g->count[(size_t)r * pd + (size_t)k];
		if (sum > 0.0) {
			m->weekday_open[wd] = true;
			m->weekday_arrivals[wd]++;
		}
	}
	for (int r = 0; r < m->days; r++)
		if (!m->open_row[r] && m->weekday_open[horizon_weekday(m->start + r)])
			m->n_closed++;
	if (m->n_closed > MAX_CLOSED_DATES)
		return say("%s: %d dates without records on open weekdays; a "
			   "scenario holds at most %d closed dates",
			   PLAIN(o->trace), m->n_closed, MAX_CLOSED_DATES);

	if (fit_day_types(g, m->k0, m->per_w, m->open_row, &o->dt, m->dt) !=
	    STATUS_OK)
		return oom();
	m->cv = busyness(m->dt, o->dt.n, &m->c_max, &m->t_max);
	if (m->cv > MAX_BUSYNESS_CV) {
		m->cv = MAX_BUSYNESS_CV;
		m->cv_clamped = true;
	}
	for (int r = 0; r < m->days; r++) {
		if (!m->open_row[r])
			continue;
		const struct daytype *t =
			&m->dt[o->dt.of_weekday[horizon_weekday(m->start + r)]];
		memcpy(m->forecast + (size_t)r * (size_t)m->per_w, t->lambda,
		       (size_t)m->per_w * sizeof *m->forecast);
	}

	/* Handle times. */
	int st = fit_best(c->handle.x, c->handle.n, NULL, m->h_all, &m->h);
	if (st == STATUS_ENOMEM)
		return oom();
	if (st != STATUS_OK) {
		fprintf(stderr, "ccsim fit: %s: cannot fit the handle times: %s\n",
			PLAIN(o->trace), status_str(st));
		return EXIT_FAIL;
	}
	double s1 = 0.0, s2 = 0.0;
	for (size_t i = 0; i < c->handle.n; i++)
		s1 += c->handle.x[i];
	m->h_mean = s1 / (double)c->handle.n;
	for (size_t i = 0; i < c->handle.n; i++)
		s2 += (c->handle.x[i] - m->h_mean) * (c->handle.x[i] - m->h_mean);
	m->h_cv = c->handle.n > 1 ?
		sqrt(s2 / (double)(c->handle.n - 1)) / m->h_mean : NAN;

	/* Patience. */
	for (size_t i = 0; i < c->pat.n; i++) {
		m->p_events += c->pat.flag[i];
		m->p_zero += !c->pat.flag[i] && c->pat.x[i] == 0.0;
	}
	if (m->p_events > 0) {
		st = fit_censored_best(c->pat.x, c->pat.flag, c->pat.n, m->p_all,
				       &m->p);
		if (st == STATUS_ENOMEM)
			return oom();
		if (st == STATUS_OK) {
			m->km = malloc(c->pat.n * sizeof *m->km);
			if (m->km == NULL)
				return oom();
			st = fit_km(c->pat.x, c->pat.flag, c->pat.n, m->km,
				    &m->km_n);
			if (st == STATUS_ENOMEM)
				return oom();
			m->has_pat = st == STATUS_OK;
		}
	}

	/* Staffing. */
	m->inferred = c->agents.n > 0;
	if (m->inferred) {
		for (size_t i = 0; i < c->cells.cap; i++) {
			if (c->cells.k[i] == 0)
				continue;
			int64_t date;
			int slot;
			cell_unkey(c->cells.k[i], &date, &slot);
			int64_t r = date - m->start;
			int k = slot - m->k0;
			if (r < 0 || r >= m->days || !m->open_row[r] || k < 0 ||
			    k >= m->per_w)
				continue;
			m->staffing[(size_t)r * (size_t)m->per_w + (size_t)k]++;
		}
		for (size_t i = 0; i < c->busy.cap; i++) {
			if (c->busy.k[i] == 0)
				continue;
			int64_t date;
			int slot;
			cell_unkey(c->busy.k[i], &date, &slot);
			int64_t r = date - m->start;
			int k = slot - m->k0;
			if (r < 0 || r >= m->days || !m->open_row[r] || k < 0 ||
			    k >= m->per_w)
				continue;
			m->busy[(size_t)r * (size_t)m->per_w + (size_t)k] =
				c->busy.v[i] / o->interval_s;
		}
	} else if ((st = staff_erlang(o, m)) != 0) {
		return st;
	}
	double best = -1.0;
	for (int k = 0; k < m->per_w; k++) {
		double sum = 0.0, agents = 0.0, busy = 0.0;
		for (int r = 0; r < m->days; r++) {
			if (!m->open_row[r])
				continue;
			size_t i = (size_t)r * (size_t)m->per_w + (size_t)k;
			sum += g->count[(size_t)r * pd + (size_t)(m->k0 + k)];
			agents += m->staffing[i];
			busy += m->busy[i];
		}
		if (sum > best) {
			int n = m->n_open > 0 ? m->n_open : 1;
			best = sum;
			m->peak_k = k;
			m->peak_agents = agents / n;
			m->peak_busy = busy / n;
		}
	}
	return 0;
}

/* ------------------------------------------------------------- scenario */

/* A standard error with two significant digits, without an exponent for
 * the values a fit gives (1234 -> "1234", 12.3 -> "12", 0.0123 -> "0.012"). */
static const char *se_text(double v, char *buf)
{
	if (!isfinite(v))
		snprintf(buf, 32, "?");
	else if (fabs(v) >= 10.0)
		snprintf(buf, 32, "%.0f", v);
	else
		snprintf(buf, 32, "%.2g", v);
	return buf;
}
#define SE(v) se_text((v), (char[32]){ 0 })

/* "mean 187.3 s +/- 1.2" and the like: the fitted parameters of r. */
static const char *params_text(const struct fit_result *r, char *buf, size_t n)
{
	switch (r->family) {
	case FIT_EXPONENTIAL:
		snprintf(buf, n, "mean %.4g s +/- %s", 1.0 / r->p1,
			 SE(r->se1 / (r->p1 * r->p1)));
		break;
	case FIT_LOGNORMAL:
		snprintf(buf, n, "mu %.5g +/- %s, sigma %.4g +/- %s", r->p1,
			 SE(r->se1), r->p2, SE(r->se2));
		break;
	case FIT_GAMMA:
	case FIT_WEIBULL:
		snprintf(buf, n, "shape %.4g +/- %s, scale %.4g s +/- %s",
			 r->p1, SE(r->se1), r->p2, SE(r->se2));
		break;
	}
	return buf;
}

/* The setting of a fitted distribution: { dist = ...; ... }. */
static void dist_setting(FILE *f, const struct fit_result *r)
{
	switch (r->family) {
	case FIT_EXPONENTIAL:
		fprintf(f, "{ dist = \"exponential\"; mean = %s; }", NUM(1.0 / r->p1));
		break;
	case FIT_LOGNORMAL:
		fprintf(f, "{ dist = \"lognormal\"; mu = %s; sigma = %s; }",
			NUM(r->p1), NUM(r->p2));
		break;
	case FIT_GAMMA:
		fprintf(f, "{ dist = \"gamma\"; shape = %s; scale = %s; }",
			NUM(r->p1), NUM(r->p2));
		break;
	case FIT_WEIBULL:
		fprintf(f, "{ dist = \"weibull\"; shape = %s; scale = %s; }",
			NUM(r->p1), NUM(r->p2));
		break;
	}
}

static void fit_table(FILE *f, const struct fit_result *all, int n,
		      const struct fit_result *best, const char *ks_note)
{
	fprintf(f, "    #   %-12s %-46s %14s %14s %8s\n", "family",
		"parameters (+/- 1 SE)", "log-lik", "AIC", ks_note);
	for (int i = 0; i < n; i++) {
		const struct fit_result *r = &all[i];
		char p[160];
		if (r->status != STATUS_OK) {
			fprintf(f, "    #   %-12s no fit: %s\n",
				fit_family_name(r->family), status_str(r->status));
			continue;
		}
		fprintf(f, "    #   %-12s %-46s %14.1f %14.1f %8.4f%s\n",
			fit_family_name(r->family), params_text(r, p, sizeof p),
			r->loglik, r->aic, r->ks_d,
			r->family == best->family ? "  <- smallest AIC" : "");
	}
}

static void list_weekdays(FILE *f, const struct fitcmd_day_types *dt, int t)
{
	bool first = true;
	for (int wd = 0; wd < 7; wd++)
		if (dt->of_weekday[wd] == t) {
			fprintf(f, "%s%s", first ? "" : " ", wd_name[wd]);
			first = false;
		}
}

static void write_arrival_comments(FILE *f, const struct options *o,
				   const struct model *m)
{
	fprintf(f,
		"    # Arrivals.  Each date's forecast is the mean count per "
		"interval over the\n"
		"    # dates with records of its day type (--day-types):");
	for (int t = 0; t < o->dt.n; t++) {
		fprintf(f, "%s%s (", t % 3 == 0 ? "\n    #   " : "; ", o->dt.name[t]);
		list_weekdays(f, &o->dt, t);
		fputc(')', f);
	}
	fprintf(f,
		".\n"
		"    # Day-to-day busyness (Poisson-gamma: the day's rate is the "
		"profile times a\n"
		"    # gamma factor of mean 1 and cv c), by moments on the daily "
		"totals:\n"
		"    #   %-10s %5s %11s %10s %8s %8s %8s %8s\n", "day type", "days",
		"calls/day", "sd/day", "c", "VMR obs", "Poisson", "VMR fit");
	for (int t = 0; t < o->dt.n; t++) {
		const struct daytype *x = &m->dt[t];
		if (x->days == 0) {
			fprintf(f, "    #   %-10s %5d   no date with records\n",
				o->dt.name[t], 0);
			continue;
		}
		if (!has_c(x)) {
			fprintf(f, "    #   %-10s %5d %11.1f   %s\n", o->dt.name[t],
				x->days, x->calls / x->days,
				x->days < 2 ? "one date: no variance, c not estimated" :
					      "no arrivals: c not estimated");
			continue;
		}
		fprintf(f, "    #   %-10s %5d %11.1f %10.1f %8.4f", o->dt.name[t],
			x->days, x->od.total_mean, sqrt(x->od.total_var), x->od.c);
		if (x->od.vmr_slots > 0)
			fprintf(f, " %8.2f %8.2f %8.2f\n", x->od.vmr_obs, 1.0,
				x->od.vmr_fit);
		else
			fprintf(f, " %8s %8s %8s\n", "-", "-", "-");
	}
	fprintf(f,
		"    # c^2 = (sd/day^2 - calls/day) / calls/day^2 (0 when "
		"negative).  VMR: the\n"
		"    # variance-to-mean ratio of one interval's count across the "
		"dates, averaged\n"
		"    # over the intervals with a mean of at least %g: observed, "
		"Poisson's (1) and\n"
		"    # the fitted 1 + c^2 lambda_k.  busyness_cv is the square root "
		"of the\n"
		"    # call-weighted mean of c^2 over the day types",
		FIT_VMR_MIN_MEAN);
	if (m->t_max >= 0)
		fprintf(f, " (the largest c:\n    # %.4f, %s)", m->c_max,
			o->dt.name[m->t_max]);
	fprintf(f, ".%s\n", m->cv_clamped ? "  It is clamped to 10, the "
		"largest a scenario takes." : "");
}

static void write_forecast(FILE *f, const struct options *o,
			   const struct model *m, bool staffing)
{
	fprintf(f, "    %s = [\n", staffing ? "staffing" : "forecast");
	for (int r = 0; r < m->days; r++) {
		fputs("      ", f);
		for (int k = 0; k < m->per_w; k++) {
			size_t i = (size_t)r * (size_t)m->per_w + (size_t)k;
			if (staffing)
				fprintf(f, "%d", m->staffing[i]);
			else
				fprintf(f, "%.3f", m->forecast[i]);
			fputs(k + 1 < m->per_w || r + 1 < m->days ? ", " : "  ", f);
		}
		int64_t date = m->start + r;
		int wd = horizon_weekday(date);
		if (m->open_row[r])
			fprintf(f, "# %s %s, day type %s\n", DATE(date),
				wd_name[wd], o->dt.name[o->dt.of_weekday[wd]]);
		else
			fprintf(f, "# %s %s: no record, closed\n", DATE(date),
				wd_name[wd]);
	}
	fputs("    ];\n", f);
}

static void write_patience(FILE *f, const struct collected *c,
			   const struct model *m)
{
	if (!m->has_pat) {
		fprintf(f,
			"    # Patience: not estimated, the trace has no abandoned "
			"call with a patience\n"
			"    # or wait (%llu abandoned).  Callers never hang up in "
			"this scenario: edit\n"
			"    # if they do.\n"
			"    patience = \"infinite\";\n",
			(unsigned long long)c->abandoned);
		return;
	}
	size_t n = c->pat.n;
	fprintf(f,
		"    # Patience, maximum likelihood under right censoring over %zu "
		"calls%s:\n"
		"    # %zu abandoned (events at their patience) and %zu answered "
		"(censored at\n"
		"    # their wait: each was at least that patient; the %zu answered "
		"at once add\n"
		"    # nothing).  Abandons at 0 s count at %g s (models/fit.h).\n",
		n, c->pat.seen > n ? " (a reservoir sample)" : "", m->p_events,
		n - m->p_events, m->p_zero, FIT_ZERO_TIME_S);
	fit_table(f, m->p_all, FIT_NCENSORED, &m->p, "KS D*");
	fprintf(f,
		"    # * KS D: the largest gap between the fitted survival and "
		"Kaplan-Meier.\n"
		"    # P(patience > t), Kaplan-Meier (+/- 1 Greenwood SE) against "
		"the fits:\n"
		"    #   %8s %21s %12s %12s\n", "t", "Kaplan-Meier",
		"exponential", "weibull");
	static const double times[] = { 5, 10, 20, 30, 60, 120, 180, 300, 600,
					900, 1800, 3600 };
	double tmax = m->km_n > 0 ? m->km[m->km_n - 1].time : 0.0;
	for (size_t i = 0; i < sizeof times / sizeof *times; i++) {
		if (times[i] > tmax && i > 0)
			break;
		double var, s = km_at(m->km, m->km_n, times[i], &var);
		fprintf(f, "    #   %8s %11.4f +/- %.4f", DURATION(times[i]), s,
			sqrt(var));
		for (int j = 0; j < FIT_NCENSORED; j++) {
			if (m->p_all[j].status == STATUS_OK)
				fprintf(f, " %12.4f", fit_surv(&m->p_all[j], times[i]));
			else
				fprintf(f, " %12s", "-");
		}
		fputc('\n', f);
	}
	fprintf(f, "    # Chosen: %s, mean %.1f s.\n",
		fit_family_name(m->p.family), m->p.mean);
	fprintf(f, "    # Short abandons (<= %g s): %llu of %llu abandoned "
		"(%.1f%%), %.1f%% of the calls.\n", FITCMD_SHORT_ABANDON_S,
		(unsigned long long)c->short_abandons,
		(unsigned long long)c->abandoned,
		c->abandoned ? 100.0 * (double)c->short_abandons /
				       (double)c->abandoned : 0.0,
		100.0 * (double)c->short_abandons / (double)c->selected);
	fputs("    patience = ", f);
	dist_setting(f, &m->p);
	fputs(";\n", f);
}

/* The rows the reader left out, "" when none: "3 malformed, 278 phantom,
 * 1941 hung up in the VRU" (the non-zero ones). */
static const char *skipped_text(const struct trace_stats *ts, char *buf,
				size_t n)
{
	const uint64_t v[3] = { ts->skipped_bad, ts->skipped_phantom,
				ts->skipped_vru_only };
	static const char *const what[3] = { "malformed", "phantom",
					     "hung up in the VRU" };
	size_t used = 0;
	buf[0] = '\0';
	for (int i = 0; i < 3; i++)
		if (v[i] > 0 && used < n)
			used += (size_t)snprintf(buf + used, n - used, "%s%llu %s",
						 used ? ", " : "",
						 (unsigned long long)v[i], what[i]);
	return buf;
}

/* "  key = value;   # comment", the comments aligned. */
static void setting(FILE *f, const char *text, const char *comment)
{
	fprintf(f, "  %-26s # %s\n", text, comment);
}

static void write_scenario(FILE *f, const struct options *o,
			   const struct collected *c, const struct model *m)
{
	const struct trace_stats *ts = &c->stats;
	fprintf(f, "# %s.cfg: a scenario fitted by `ccsim fit` from %s (%s).\n#\n",
		o->name, PLAIN(o->trace),
		o->fmt.kind == TRACE_ANONBANK ? "Anonymous Bank format" :
						 "CSV trace");
	fprintf(f, "# The trace: %llu rows, %llu records", (unsigned long long)ts->rows,
		(unsigned long long)ts->records);
	char left[160];
	if (skipped_text(ts, left, sizeof left)[0] != '\0')
		fprintf(f, " (left out: %s)", left);
	fprintf(f, ";\n# calls kept: %llu", (unsigned long long)c->selected);
	if (o->n_types > 0) {
		fputs(" of the types", f);
		for (int i = 0; i < o->n_types; i++)
			fprintf(f, "%s%s", i ? ", " : " ", PLAIN(o->types[i]));
		fprintf(f, " (%llu records of other types left out)",
			(unsigned long long)c->other_types);
	}
	fprintf(f, ";\n# of which %llu answered, %llu abandoned, %llu of unknown "
		"outcome.\n", (unsigned long long)c->answered,
		(unsigned long long)c->abandoned, (unsigned long long)c->unknown);
	fprintf(f,
		"# Every value below is estimated from these records "
		"(docs/fit.md says how),\n"
		"# except the commitments at the end, which the trace cannot "
		"give: edit them.\n"
		"# Run it as it is with\n"
		"#     ccsim run %s.cfg\n\n", o->name);

	fprintf(f, "name = \"%s\";\nseed = 1;\nreplications = 20;\n\n", o->name);

	int64_t last = m->start + m->days - 1;
	char t[96], cm[160];
	const char *open_at = CLOCK(m->k0 * o->interval_s);
	const char *close_at = CLOCK((m->k0 + m->per_w) * o->interval_s);
	fputs("horizon = {\n", f);
	snprintf(t, sizeof t, "start = \"%s\";", DATE(m->start));
	snprintf(cm, sizeof cm, "the trace's first date (%s)",
		 wd_full[horizon_weekday(m->start)]);
	setting(f, t, cm);
	snprintf(t, sizeof t, "days = %d;", m->days);
	snprintf(cm, sizeof cm, "to its last date, %s", DATE(last));
	setting(f, t, cm);
	snprintf(t, sizeof t, "day_start = \"%s\";", open_at);
	setting(f, t, "the earliest interval with an arrival on some date");
	snprintf(t, sizeof t, "day_end = \"%s\";", close_at);
	setting(f, t, "the end of the latest one");
	snprintf(t, sizeof t, "interval = \"%s\";", DURATION(o->interval_s));
	snprintf(cm, sizeof cm, "%d intervals a day (--interval)", m->per_w);
	setting(f, t, cm);
	fputs("};\n\n", f);

	fprintf(f,
		"# Opening: the day window on each weekday with an arrival on "
		"some date, else\n"
		"# closed; closed dates: the dates of the span without any record "
		"(on open\n"
		"# weekdays): nobody is staffed and no call is presented on "
		"them.\n"
		"opening = {\n");
	for (int wd = 0; wd < 7; wd++) {
		if (m->weekday_open[wd]) {
			snprintf(t, sizeof t, "%s = \"%s-%s\";", wd_key[wd],
				 open_at, close_at);
			snprintf(cm, sizeof cm, "arrivals on %d of the %d %ss",
				 m->weekday_arrivals[wd], m->weekday_dates[wd],
				 wd_full[wd]);
		} else {
			snprintf(t, sizeof t, "%s = \"closed\";", wd_key[wd]);
			if (m->weekday_dates[wd] == 0)
				snprintf(cm, sizeof cm, "no %s in the span",
					 wd_full[wd]);
			else
				snprintf(cm, sizeof cm, "no arrival on any of the "
					 "%d %ss", m->weekday_dates[wd],
					 wd_full[wd]);
		}
		setting(f, t, cm);
	}
	if (m->n_closed > 0) {
		fputs("  closed_dates = [", f);
		int i = 0;
		for (int r = 0; r < m->days; r++) {
			if (m->open_row[r] ||
			    !m->weekday_open[horizon_weekday(m->start + r)])
				continue;
			fprintf(f, "%s\"%s\"", i == 0 ? "" : i % 6 ? ", " : ",\n    ",
				DATE(m->start + r));
			i++;
		}
		fputs("];\n", f);
	} else {
		fputs("  # closed_dates: none (every date of the span has "
		      "records)\n", f);
	}
	fputs("};\n\n", f);

	fputs("contact_types = (\n  {\n    name = \"calls\";\n"
	      "    channel = \"voice\";\n", f);
	write_arrival_comments(f, o, m);
	fprintf(f, "    busyness_cv = %s;\n", NUM(m->cv));
	write_forecast(f, o, m, false);

	size_t hn = c->handle.n;
	fprintf(f,
		"    # Handle time (as recorded: talk time, plus wrap-up only if "
		"the trace holds\n"
		"    # it), maximum likelihood over %zu answered calls with a "
		"handle time above 0%s:\n",
		hn, c->handle.seen > hn ? "\n    # (a reservoir sample of "
		"the answered calls)" : "");
	fit_table(f, m->h_all, FIT_NFAMILIES, &m->h, "KS D*");
	fprintf(f,
		"    # * KS D: the largest gap between the empirical and fitted "
		"cdfs; %.4f\n"
		"    # (1.36/sqrt(n)) bounds it at 5%% for a cdf not fitted to the "
		"sample.\n"
		"    # Chosen: %s, mean %.1f s, cv %.3f (the sample: mean %.1f s, "
		"cv %.3f).\n",
		1.36 / sqrt((double)hn), fit_family_name(m->h.family), m->h.mean,
		m->h.cv, m->h_mean, m->h_cv);
	fputs("    handle_time = ", f);
	dist_setting(f, &m->h);
	fputs(";\n", f);
	write_patience(f, c, m);
	fprintf(f, "    short_abandon = \"%gs\";      # hang-ups within %g s "
		"count as short abandons\n", FITCMD_SHORT_ABANDON_S,
		FITCMD_SHORT_ABANDON_S);
	fputs("    sl_threshold = \"20s\";\n  }\n);\n\n", f);

	fputs("agent_groups = (\n  {\n    name = \"agents\";\n"
	      "    handles = [\"calls\"];\n", f);
	if (m->inferred)
		fprintf(f,
			"    # Staffing: per interval, the distinct agent ids whose "
			"service [answer,\n"
			"    # answer + handle] overlaps it (answer = arrival + "
			"wait).  A LOWER BOUND\n"
			"    # on the agents who worked in it: an idle agent leaves "
			"no record, and\n"
			"    # neither does wrap-up that the trace does not hold.  "
			"But the simulation\n"
			"    # keeps each of them for the whole interval, while an "
			"agent seen serving\n"
			"    # for a few minutes may have logged in or out within "
			"it: check the\n"
			"    # simulated service level against the trace's before "
			"trusting the plan.\n"
			"    # %zu agent ids; at the peak (%s), on average over the "
			"%d dates with\n"
			"    # records, %.1f agents served and %.1f were busy at a "
			"time (service\n"
			"    # seconds / interval: a lower bound on the agents logged "
			"in at a time).\n",
			c->agents.n, CLOCK((m->k0 + m->peak_k) * o->interval_s),
			m->n_open, m->peak_agents, m->peak_busy);
	else
		fprintf(f,
			"    # Staffing: the trace names no agent, so this is what "
			"Erlang C requires\n"
			"    # for %g%% of the calls within %g s in each interval "
			"taken alone (its\n"
			"    # forecast, the fitted mean handle time %.1f s; no "
			"abandonment, no\n"
			"    # shrinkage), 0 where no call is expected.  At the peak "
			"(%s) %.1f agents\n"
			"    # on average over the %d dates with records.\n",
			100.0 * SL_TARGET, SL_THRESHOLD_S, m->h.mean,
			CLOCK((m->k0 + m->peak_k) * o->interval_s), m->peak_agents,
			m->n_open);
	write_forecast(f, o, m, true);
	fputs("  }\n);\n\n", f);

	fputs("# Commitments: the trace cannot give them.  These two are common "
	      "ones: edit\n"
	      "# them to your own (docs/scenario.md, commitments).\n"
	      "commitments = (\n"
	      "  { name = \"SL 80/20 per day\"; kpi = \"service_level\"; "
	      "contact_type = \"calls\";\n"
	      "    threshold = \"20s\"; target = \"80%\"; direction = "
	      "\"at_least\"; period = \"day\"; },\n"
	      "  { name = \"abandonment at most 10% per day\"; kpi = "
	      "\"abandon_rate\"; contact_type = \"calls\";\n"
	      "    target = \"10%\"; direction = \"at_most\"; period = \"day\"; }\n"
	      ");\n", f);
}

/* ------------------------------------------------------------- summary */

static void print_day_types(FILE *out, const struct fitcmd_day_types *dt,
			    const struct daytype *x)
{
	fprintf(out, "  %-10s %5s %11s %10s %8s %8s %8s %8s\n", "day type", "days",
		"calls/day", "sd/day", "c", "VMR obs", "Poisson", "VMR fit");
	fprintf(out, "  -----------------------------------------------------"
		"---------------------\n");
	for (int t = 0; t < dt->n; t++) {
		const struct daytype *y = &x[t];
		if (y->days == 0) {
			fprintf(out, "  %-10s %5d   no date\n", dt->name[t], 0);
		} else if (!has_c(y)) {
			fprintf(out, "  %-10s %5d %11.1f   %s\n", dt->name[t], y->days,
				y->calls / y->days, y->days < 2 ?
				"c not estimated (one date)" :
				"c not estimated (no arrivals)");
		} else {
			fprintf(out, "  %-10s %5d %11.1f %10.1f %8.4f", dt->name[t],
				y->days, y->od.total_mean, sqrt(y->od.total_var),
				y->od.c);
			if (y->od.vmr_slots > 0)
				fprintf(out, " %8.2f %8.2f %8.2f\n", y->od.vmr_obs,
					1.0, y->od.vmr_fit);
			else
				fprintf(out, " %8s %8s %8s\n", "-", "-", "-");
		}
	}
}

static void print_summary(FILE *out, const struct options *o,
			  const struct collected *c, const struct model *m,
			  const char *path)
{
	fprintf(out, "ccsim fit: %s (%s)\n", PLAIN(o->trace),
		o->fmt.kind == TRACE_ANONBANK ? "Anonymous Bank format" :
						 "CSV trace");
	fprintf(out, "  dates        %s to %s: %d days, %d with records, %d "
		"closed dates\n", DATE(m->start), DATE(m->start + m->days - 1),
		m->days, m->n_open, m->n_closed);
	fprintf(out, "  window       %s-%s, %d intervals of %s a day\n",
		CLOCK(m->k0 * o->interval_s),
		CLOCK((m->k0 + m->per_w) * o->interval_s), m->per_w,
		DURATION(o->interval_s));
	char left[160];
	fprintf(out, "  records      %llu rows, %llu records",
		(unsigned long long)c->stats.rows,
		(unsigned long long)c->stats.records);
	if (skipped_text(&c->stats, left, sizeof left)[0] != '\0')
		fprintf(out, " (left out: %s)", left);
	fprintf(out, "; %llu calls kept", (unsigned long long)c->selected);
	if (o->n_types > 0) {
		fputs(" (types", out);
		for (int i = 0; i < o->n_types; i++)
			fprintf(out, "%s%s", i ? ", " : " ", PLAIN(o->types[i]));
		fputc(')', out);
	}
	fprintf(out, ": %llu answered, %llu abandoned, %llu unknown\n\n",
		(unsigned long long)c->answered, (unsigned long long)c->abandoned,
		(unsigned long long)c->unknown);
	print_day_types(out, &o->dt, m->dt);
	fprintf(out, "  busyness_cv %.4f: the square root of the call-weighted "
		"mean of c^2%s\n\n", m->cv, m->cv_clamped ? " (clamped to 10)" : "");
	fprintf(out, "  handle time  %s, mean %.1f s, cv %.3f (%zu answered "
		"calls; smallest AIC)\n", fit_family_name(m->h.family), m->h.mean,
		m->h.cv, c->handle.n);
	if (m->has_pat)
		fprintf(out, "  patience     %s, mean %.1f s (%zu abandoned, %zu "
			"censored at their wait)\n", fit_family_name(m->p.family),
			m->p.mean, m->p_events, c->pat.n - m->p_events);
	else
		fprintf(out, "  patience     not estimated (no abandoned call): "
			"infinite\n");
	fprintf(out, "  short abandons  %llu of %llu abandoned within %g s\n",
		(unsigned long long)c->short_abandons,
		(unsigned long long)c->abandoned, FITCMD_SHORT_ABANDON_S);
	if (m->inferred)
		fprintf(out, "  agents       %.1f at the peak (%s), mean over the "
			"dates with records; %zu agent ids: a lower bound (idle "
			"agents leave no record); %.1f busy at a time\n",
			m->peak_agents, CLOCK((m->k0 + m->peak_k) * o->interval_s),
			c->agents.n, m->peak_busy);
	else
		fprintf(out, "  agents       %.1f at the peak (%s), mean over the "
			"dates with records: Erlang C 80/20 (the trace names no "
			"agent)\n", m->peak_agents,
			CLOCK((m->k0 + m->peak_k) * o->interval_s));
	fprintf(out, "\nwrote %s\n", path);
}

/* ------------------------------------------------------- plot data files */

/* fit_arrivals.csv: per day type and window interval the mean and sd of
 * the counts across the dates, Poisson's sd and the fitted model's. */
static int write_arrivals_csv(const char *path, const struct fitcmd_day_types *dt,
			      const struct daytype *x, int k0, int per_w,
			      double interval_s)
{
	struct outfile of;
	int rc = outfile_open(&of, path);
	if (rc != STATUS_OK)
		return rc;
	FILE *f = of.fp;
	fputs("day_type,start,start_h,days,mean,sd,sd_poisson,sd_fit,c\n", f);
	for (int t = 0; t < dt->n; t++) {
		const struct daytype *y = &x[t];
		if (y->days == 0)
			continue;
		for (int k = 0; k < per_w; k++) {
			double l = y->lambda[k], s = (k0 + k) * interval_s;
			double c2 = has_c(y) ? y->od.c2 : NAN;
			csvout_text(f, dt->name[t]);
			fprintf(f, ",%s,", CLOCK(s));
			csvout_num(f, s / 3600.0);
			fprintf(f, ",%d,", y->days);
			csvout_num(f, l);
			fputc(',', f);
			csvout_num(f, sqrt(y->var[k]));
			fputc(',', f);
			csvout_num(f, sqrt(l));
			fputc(',', f);
			csvout_num(f, sqrt(l + c2 * l * l));
			fputc(',', f);
			csvout_num(f, has_c(y) ? y->od.c : NAN);
			fputc('\n', f);
		}
	}
	return outfile_commit(&of);
}

static double family_pdf(const struct fit_result *r, double x)
{
	switch (r->family) {
	case FIT_EXPONENTIAL:
		return gsl_ran_exponential_pdf(x, 1.0 / r->p1);
	case FIT_LOGNORMAL:
		return x > 0.0 ? gsl_ran_lognormal_pdf(x, r->p1, r->p2) : 0.0;
	case FIT_GAMMA:
		return gsl_ran_gamma_pdf(x, r->p1, r->p2);
	case FIT_WEIBULL:
		return gsl_ran_weibull_pdf(x, r->p2, r->p1);
	}
	return NAN;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* fit_handle.csv: a histogram of the handle sample up to its 99th
 * percentile (observed density) against the fitted densities at the bin
 * centres.  *tail gets the share of the sample beyond the last bin. */
static int write_handle_csv(const char *path, const struct fitcmd_reservoir *h,
			    const struct fit_result *all, double *tail)
{
	size_t n = h->n;
	double *x = malloc(n * sizeof *x);
	if (x == NULL)
		return STATUS_ENOMEM;
	memcpy(x, h->x, n * sizeof *x);
	qsort(x, n, sizeof *x, cmp_double);
	double top = x[(size_t)floor(0.99 * (double)(n - 1))];
	if (!(top > 0.0))
		top = x[n - 1];
	double w = top / HIST_BINS;
	size_t counts[HIST_BINS] = { 0 }, beyond = 0;
	for (size_t i = 0; i < n; i++) {
		size_t b = (size_t)(x[i] / w);
		if (x[i] > top)
			beyond++;
		else
			counts[b < HIST_BINS ? b : HIST_BINS - 1]++;
	}
	free(x);
	*tail = (double)beyond / (double)n;
	struct outfile of;
	int rc = outfile_open(&of, path);
	if (rc != STATUS_OK)
		return rc;
	FILE *f = of.fp;
	fputs("bin_lo,bin_hi,centre,observed,exponential,lognormal,gamma,weibull\n", f);
	for (int b = 0; b < HIST_BINS; b++) {
		double lo = b * w, hi = (b + 1) * w, mid = (lo + hi) / 2.0;
		csvout_num(f, lo);
		fputc(',', f);
		csvout_num(f, hi);
		fputc(',', f);
		csvout_num(f, mid);
		fputc(',', f);
		csvout_num(f, (double)counts[b] / ((double)n * w));
		for (int j = 0; j < FIT_NFAMILIES; j++) {
			fputc(',', f);
			csvout_num(f, all[j].status == STATUS_OK ?
					      family_pdf(&all[j], mid) : NAN);
		}
		fputc('\n', f);
	}
	return outfile_commit(&of);
}

/* fit_patience.csv: rows "km" (the Kaplan-Meier steps, with a 95%
 * Greenwood band, thinned to about KM_POINTS_MAX) and rows "fit" (the
 * fitted survivals on a grid up to the last event time). */
static int write_patience_csv(const char *path, const struct model *m)
{
	struct outfile of;
	int rc = outfile_open(&of, path);
	if (rc != STATUS_OK)
		return rc;
	FILE *f = of.fp;
	fputs("kind,time,km,km_lo,km_hi,exponential,weibull\n", f);
	fputs("km,0,1,1,1,,\n", f);
	size_t stride = m->km_n / KM_POINTS_MAX + 1;
	for (size_t i = 0; i < m->km_n; i++) {
		if (i % stride != 0 && i + 1 != m->km_n)
			continue;
		const struct fit_km_step *s = &m->km[i];
		double h = 1.96 * sqrt(s->var);
		fputs("km,", f);
		csvout_num(f, s->time);
		fputc(',', f);
		csvout_num(f, s->surv);
		fputc(',', f);
		csvout_num(f, fmax(0.0, s->surv - h));
		fputc(',', f);
		csvout_num(f, fmin(1.0, s->surv + h));
		fputs(",,\n", f);
	}
	double tmax = m->km_n > 0 ? m->km[m->km_n - 1].time : 1.0;
	for (int i = 0; i <= CURVE_POINTS; i++) {
		double t = tmax * i / CURVE_POINTS;
		fputs("fit,", f);
		csvout_num(f, t);
		fputs(",,,", f);
		for (int j = 0; j < FIT_NCENSORED; j++) {
			fputc(',', f);
			csvout_num(f, m->p_all[j].status == STATUS_OK ?
					      fit_surv(&m->p_all[j], t) : NAN);
		}
		fputc('\n', f);
	}
	return outfile_commit(&of);
}

/* Copies s into buf keeping what a single-quoted gnuplot string can hold. */
static void gp_text(const char *s, char *buf, size_t n)
{
	size_t i = 0;
	for (; s[i] != '\0' && i + 1 < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		buf[i] = ch == '\'' || ch < 0x20 || ch == 0x7f ? '_' : (char)ch;
	}
	buf[i] = '\0';
}

/* Writes DIR/<base>.csv through writer's result, then the plot; returns 0
 * or EXIT_FAIL after a message. */
static int plot_one(const char *dir, const char *base, const char *vars,
		    bool draw)
{
	if (!draw)
		return 0;
	char path[4200];
	snprintf(path, sizeof path, "%s/%s.csv", dir, base);
	return plot_render(base, path, dir, base, vars, stderr) == STATUS_OK ?
		       0 : EXIT_FAIL;
}

static bool plots_drawable(const char *dir)
{
	bool ok = plot_available() && plot_template_dir() != NULL;
	if (!ok)
		fprintf(stderr, "ccsim fit: gnuplot or the plot templates not "
			"found: plots skipped (data files written to %s)\n",
			PLAIN(dir));
	return ok;
}

static char *arrivals_vars(const struct options *o, const struct daytype *x)
{
	char name[128], types[256] = "";
	gp_text(o->name, name, sizeof name);
	for (int t = 0; t < o->dt.n; t++) {
		if (x[t].days == 0)
			continue;
		if (types[0] != '\0')
			strcat(types, " ");
		strcat(types, o->dt.name[t]);
	}
	char *vars = malloc(512);
	if (vars != NULL)
		snprintf(vars, 512, "name='%s'; types='%s'; interval_s=%.10g",
			 name, types, o->interval_s);
	return vars;
}

static int write_plots(const struct options *o, const struct collected *c,
		       const struct model *m, bool *drawn)
{
	const char *dir = o->plots;
	char path[4200], name[128], vars[1024], fams[128] = "";
	if (outfile_mkdirs(dir) != STATUS_OK) {
		fprintf(stderr, "ccsim fit: cannot create folder %s: %s\n",
			PLAIN(dir), strerror(errno));
		return EXIT_FAIL;
	}
	gp_text(o->name, name, sizeof name);
	double tail = 0.0;
	snprintf(path, sizeof path, "%s/fit_arrivals.csv", dir);
	int st = write_arrivals_csv(path, &o->dt, m->dt, m->k0, m->per_w,
				    o->interval_s);
	if (st == STATUS_OK) {
		snprintf(path, sizeof path, "%s/fit_handle.csv", dir);
		st = write_handle_csv(path, &c->handle, m->h_all, &tail);
	}
	if (st == STATUS_OK && m->has_pat) {
		snprintf(path, sizeof path, "%s/fit_patience.csv", dir);
		st = write_patience_csv(path, m);
	}
	if (st == STATUS_ENOMEM)
		return oom();
	if (st != STATUS_OK) {
		fprintf(stderr, "ccsim fit: cannot write %s: %s\n", PLAIN(path),
			strerror(errno));
		return EXIT_FAIL;
	}
	bool draw = plots_drawable(dir);
	char *av = arrivals_vars(o, m->dt);
	if (av == NULL)
		return oom();
	int rc = plot_one(dir, "fit_arrivals", av, draw);
	free(av);
	for (int j = 0; j < FIT_NFAMILIES; j++)
		if (m->h_all[j].status == STATUS_OK) {
			if (fams[0] != '\0')
				strcat(fams, " ");
			strcat(fams, fit_family_name((enum fit_family)j));
		}
	snprintf(vars, sizeof vars, "name='%s'; chosen='%s'; families='%s'; "
		 "n=%zu; tail=%.6g", name, fit_family_name(m->h.family), fams,
		 c->handle.n, tail);
	if (rc == 0)
		rc = plot_one(dir, "fit_handle", vars, draw);
	if (rc == 0 && m->has_pat) {
		fams[0] = '\0';
		for (int j = 0; j < FIT_NCENSORED; j++)
			if (m->p_all[j].status == STATUS_OK) {
				if (fams[0] != '\0')
					strcat(fams, " ");
				strcat(fams, fit_family_name(m->p_all[j].family));
			}
		snprintf(vars, sizeof vars, "name='%s'; chosen='%s'; "
			 "families='%s'; events=%zu; n=%zu", name,
			 fit_family_name(m->p.family), fams, m->p_events,
			 c->pat.n);
		rc = plot_one(dir, "fit_patience", vars, draw);
	}
	*drawn = rc == 0 && draw;
	return rc;
}

/* ---------------------------------------------------------- trace mode */

/* True, after a message, when what went to stdout could not be written. */
static bool stdout_failed(void)
{
	if (fflush(stdout) == 0 && !ferror(stdout))
		return false;
	fprintf(stderr, "ccsim fit: cannot write the results on stdout: %s\n",
		strerror(errno));
	return true;
}

static int write_scenario_file(const char *path, const struct options *o,
			       const struct collected *c, const struct model *m)
{
	char dir[4200];
	snprintf(dir, sizeof dir, "%s", path);
	char *slash = strrchr(dir, '/');
	if (slash != NULL && slash != dir) {
		*slash = '\0';
		if (outfile_mkdirs(dir) != STATUS_OK) {
			fprintf(stderr, "ccsim fit: cannot create folder %s: %s\n",
				PLAIN(dir), strerror(errno));
			return EXIT_FAIL;
		}
	}
	struct outfile of;
	int st = outfile_open(&of, path);
	if (st == STATUS_OK) {
		write_scenario(of.fp, o, c, m);
		st = outfile_commit(&of);
	}
	if (st == STATUS_ENOMEM)
		return oom();
	if (st != STATUS_OK) {
		fprintf(stderr, "ccsim fit: cannot write %s: %s\n", PLAIN(path),
			strerror(errno));
		return EXIT_FAIL;
	}
	return 0;
}

static int run_trace(const struct options *o)
{
	struct collected c;
	struct model m;
	memset(&m, 0, sizeof m);
	int rc = collect(o, &c);
	if (rc == 0)
		rc = estimate(o, &c, &m);
	char path[4200];
	if (o->out != NULL)
		snprintf(path, sizeof path, "%s", o->out);
	else
		snprintf(path, sizeof path, "out/%s.cfg", o->name);
	if (rc == 0)
		rc = write_scenario_file(path, o, &c, &m);
	bool drawn = false;
	if (rc == 0 && o->plots != NULL)
		rc = write_plots(o, &c, &m, &drawn);
	if (rc == 0) {
		print_summary(stdout, o, &c, &m, path);
		if (o->plots != NULL)
			fprintf(stdout, "wrote %s/fit_arrivals.csv, fit_handle.csv%s"
				"%s\n", PLAIN(o->plots),
				m.has_pat ? ", fit_patience.csv" : "",
				drawn ? " and their plots (.png, .svg)" : "");
		if (stdout_failed())
			rc = EXIT_FAIL;
	}
	model_destroy(&m);
	collected_destroy(&c);
	return rc;
}

/* --------------------------------------------------------- counts mode */

#define COUNTS_FIELD_MAX 64

struct counts_reader {
	const char *path;
	long line;                /* the line being parsed */
	int rc;                   /* exit status of the first error, or 0 */
	bool header_done;
	int nf, ncols;            /* fields of the current row, of the header */
	int col_dt, col_calls;    /* their columns, -1 until found */
	char dt[COUNTS_FIELD_MAX], calls[COUNTS_FIELD_MAX];
	double interval_s;
	struct grid *g;
	unsigned char *tod;       /* 86400: a bin starts at this second */
	bool have_prev;
	int64_t prev_date;
	long prev_sec, min_gap;   /* min_gap 0: no two rows on one date */
	uint64_t rows;
	double total;
};

static bool is_digits(const char *s, int n)
{
	for (int i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static int num2(const char *s)
{
	return (s[0] - '0') * 10 + (s[1] - '0');
}

/* "YYYY-MM-DD[T ]HH:MM[:SS][Z]" into a date and whole seconds. */
static int parse_stamp(const char *s, int64_t *date, long *sec)
{
	size_t n = strlen(s);
	if (n > 0 && s[n - 1] == 'Z')
		n--;
	if (!(n == 16 || n == 19) || !is_digits(s, 4) || s[4] != '-' ||
	    !is_digits(s + 5, 2) || s[7] != '-' || !is_digits(s + 8, 2) ||
	    (s[10] != 'T' && s[10] != ' ') || !is_digits(s + 11, 2) ||
	    s[13] != ':' || !is_digits(s + 14, 2))
		return STATUS_EINVAL;
	int h = num2(s + 11), mi = num2(s + 14), se = 0;
	if (n == 19) {
		if (s[16] != ':' || !is_digits(s + 17, 2))
			return STATUS_EINVAL;
		se = num2(s + 17);
	}
	if (h > 23 || mi > 59 || se > 59)
		return STATUS_EINVAL;
	int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + num2(s + 2);
	if (horizon_date_from_civil(y, num2(s + 5), num2(s + 8), date) !=
	    STATUS_OK)
		return STATUS_EINVAL;
	*sec = h * 3600L + mi * 60L + se;
	return STATUS_OK;
}

static int counts_error(struct counts_reader *cr, const char *fmt, ...)
{
	if (cr->rc != 0)
		return cr->rc;
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "%s:%ld: ", PLAIN(cr->path), cr->line);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	cr->rc = EXIT_USAGE;
	return cr->rc;
}

static void counts_field(void *s, size_t len, void *data)
{
	struct counts_reader *cr = data;
	if (cr->rc != 0)
		return;
	const char *t = s != NULL ? s : "";
	int i = cr->nf++;
	if (!cr->header_done) {
		if (i == 0 && len >= 3 && memcmp(t, "\xef\xbb\xbf", 3) == 0) {
			t += 3;   /* a UTF-8 byte-order mark */
			len -= 3;
		}
		if (len == 8 && strncasecmp(t, "datetime", 8) == 0)
			cr->col_dt = cr->col_dt < 0 ? i : -2;
		else if (len == 5 && strncasecmp(t, "calls", 5) == 0)
			cr->col_calls = cr->col_calls < 0 ? i : -2;
		return;
	}
	char *dst = i == cr->col_dt ? cr->dt : i == cr->col_calls ? cr->calls : NULL;
	if (dst == NULL)
		return;
	if (len >= COUNTS_FIELD_MAX) {
		counts_error(cr, "a %s of %zu bytes; expected at most %d",
			     i == cr->col_dt ? "DateTime" : "Calls", len,
			     COUNTS_FIELD_MAX - 1);
		return;
	}
	memcpy(dst, t, len);
	dst[len] = '\0';
}

static void counts_row(int end, void *data)
{
	(void)end;
	struct counts_reader *cr = data;
	int nf = cr->nf;
	cr->nf = 0;
	if (cr->rc != 0)
		return;
	if (!cr->header_done) {
		if (cr->col_dt < 0 || cr->col_calls < 0) {
			counts_error(cr, "expected a header row naming the columns "
				     "DateTime and Calls once each");
			return;
		}
		cr->header_done = true;
		cr->ncols = nf;
		return;
	}
	if (nf != cr->ncols) {
		counts_error(cr, "%d fields; expected %d as in the header", nf,
			     cr->ncols);
		return;
	}
	int64_t date;
	long sec;
	if (parse_stamp(cr->dt, &date, &sec) != STATUS_OK) {
		counts_error(cr, "DateTime: expected a timestamp such as "
			     "2003-03-03T07:00:00Z (or \"2003-03-03 07:00\"); got "
			     "\"%s\"", PLAIN(cr->dt));
		return;
	}
	char *endp;
	errno = 0;
	double v = strtod(cr->calls, &endp);
	if (cr->calls[0] == '\0' || *endp != '\0' || errno != 0 ||
	    !isfinite(v) || v < 0.0 || cr->calls[0] == ' ') {
		counts_error(cr, "Calls: expected a number of calls >= 0; got "
			     "\"%s\"", PLAIN(cr->calls));
		return;
	}
	int row, st = grid_row(cr->g, date, &row);
	if (st == STATUS_ERANGE) {
		counts_error(cr, "the date %s takes the span beyond %d days",
			     DATE(date), FITCMD_MAX_SPAN_DAYS);
		return;
	}
	if (st != STATUS_OK) {
		cr->rc = oom();
		return;
	}
	int slot = (int)(sec / (long)cr->interval_s);
	size_t cell = (size_t)row * (size_t)cr->g->per_day + (size_t)slot;
	cr->g->count[cell] += v;
	cr->g->bins[cell]++;
	cr->g->records[row]++;
	cr->tod[sec] = 1;
	if (cr->have_prev && date == cr->prev_date && sec != cr->prev_sec) {
		long gap = labs(sec - cr->prev_sec);
		if (cr->min_gap == 0 || gap < cr->min_gap)
			cr->min_gap = gap;
	}
	cr->have_prev = true;
	cr->prev_date = date;
	cr->prev_sec = sec;
	cr->rows++;
	cr->total += v;
}

/* Reads the counts file into g.  0, or the exit status after a message. */
static int read_counts(const char *path, struct counts_reader *cr)
{
	FILE *fp = fopen(path, "rb");
	if (fp == NULL) {
		fprintf(stderr, "%s: cannot open: %s\n", PLAIN(path),
			strerror(errno));
		return EXIT_USAGE;
	}
	struct csv_parser p;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
		fclose(fp);
		return oom();
	}
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	while (cr->rc == 0 && (len = getline(&line, &cap, fp)) > 0) {
		cr->line++;
		if (csv_parse(&p, line, (size_t)len, counts_field, counts_row,
			      cr) != (size_t)len && cr->rc == 0)
			counts_error(cr, "%s", csv_error(&p) == CSV_EPARSE ?
				     "malformed CSV (a quote inside an unquoted "
				     "field, or text after a closing quote)" :
				     csv_strerror(csv_error(&p)));
	}
	bool read_failed = ferror(fp) != 0;
	if (cr->rc == 0 && !read_failed &&
	    csv_fini(&p, counts_field, counts_row, cr) != 0)
		counts_error(cr, "an unterminated quoted field");
	free(line);
	csv_free(&p);
	fclose(fp);
	if (cr->rc == 0 && read_failed) {
		fprintf(stderr, "%s: cannot read: %s\n", PLAIN(path),
			strerror(errno));
		return EXIT_FAIL;
	}
	if (cr->rc == 0 && !cr->header_done) {
		fprintf(stderr, "%s: empty file, expected a header row naming "
			"DateTime and Calls\n", PLAIN(path));
		return EXIT_USAGE;
	}
	if (cr->rc == 0 && cr->rows == 0) {
		fprintf(stderr, "%s: no rows after the header\n", PLAIN(path));
		return EXIT_USAGE;
	}
	return cr->rc;
}

static int run_counts(const struct options *o)
{
	struct grid g = { .per_day = o->per_day, .with_bins = true };
	struct counts_reader cr = { .path = o->counts, .col_dt = -1,
				    .col_calls = -1, .interval_s = o->interval_s,
				    .g = &g };
	struct daytype dt[7];
	memset(dt, 0, sizeof dt);
	bool *use = NULL;
	int rc = 0;
	cr.tod = calloc(86400, 1);
	if (cr.tod == NULL) {
		rc = oom();
		goto done;
	}
	if ((rc = read_counts(o->counts, &cr)) != 0)
		goto done;

	/* The bins: width, alignment on the intervals, no duplicates. */
	long I = (long)o->interval_s;
	long w = cr.min_gap > 0 ? cr.min_gap : I;
	if (w > I) {
		rc = say("%s: bins of %s are longer than the --interval of %s; "
			 "expected an --interval that is a multiple of the bins",
			 PLAIN(o->counts), DURATION((double)w), DURATION(o->interval_s));
		goto done;
	}
	for (long t = 0; t < 86400; t++)
		if (cr.tod[t] && t % I + w > I) {
			rc = say("%s: the bin starting at %s (%s wide) straddles two "
				 "intervals of %s; expected an --interval that is "
				 "a multiple of the bins", PLAIN(o->counts),
				 CLOCK((double)t), DURATION((double)w),
				 DURATION(o->interval_s));
			goto done;
		}
	long fit_bins = I / w;
	size_t pd = (size_t)g.per_day;
	for (int r = 0; r < g.days; r++)
		for (size_t k = 0; k < pd; k++)
			if (g.bins[(size_t)r * pd + k] > (uint32_t)fit_bins) {
				rc = say("%s: %s %s: %u rows in one interval that "
					 "holds %ld bins of %s (a repeated "
					 "timestamp?)", PLAIN(o->counts),
					 DATE(g.lo + r), CLOCK((double)k * I),
					 g.bins[(size_t)r * pd + k], fit_bins,
					 DURATION((double)w));
				goto done;
			}

	/* Window: the intervals holding a bin on some date. */
	int kmin = g.per_day, kmax = -1;
	uint32_t *most = calloc(pd, sizeof *most);
	use = calloc((size_t)(g.days > 0 ? g.days : 1), sizeof *use);
	if (most == NULL || use == NULL) {
		free(most);
		rc = oom();
		goto done;
	}
	int n_dates = 0;
	for (int r = 0; r < g.days; r++) {
		use[r] = g.records[r] > 0;
		n_dates += use[r];
		for (size_t k = 0; k < pd; k++) {
			uint32_t b = g.bins[(size_t)r * pd + k];
			if (b == 0)
				continue;
			if ((int)k < kmin)
				kmin = (int)k;
			if ((int)k > kmax)
				kmax = (int)k;
			if (b > most[k])
				most[k] = b;
		}
	}
	int per_w = kmax - kmin + 1;
	if (fit_day_types(&g, kmin, per_w, use, &o->dt, dt) != STATUS_OK) {
		free(most);
		rc = oom();
		goto done;
	}

	printf("ccsim fit --counts: %s\n", PLAIN(o->counts));
	printf("  rows         %llu bins of %s, %.0f calls\n",
	       (unsigned long long)cr.rows, DURATION((double)w), cr.total);
	printf("  dates        %s to %s: %d with rows of the %d in the span\n",
	       DATE(g.lo), DATE(g.lo + g.days - 1), n_dates, g.days);
	printf("  window       %s-%s, %d intervals of %s a day\n",
	       CLOCK(kmin * o->interval_s), CLOCK((kmax + 1) * o->interval_s),
	       per_w, DURATION(o->interval_s));
	for (int k = kmin; k <= kmax; k++)
		if (most[k] < (uint32_t)fit_bins)
			printf("  note         the interval %s holds at most %u of "
			       "its %ld bins on any date: its count covers "
			       "%s only\n", CLOCK(k * o->interval_s), most[k],
			       fit_bins, DURATION((double)most[k] * (double)w));
	free(most);
	putchar('\n');
	print_day_types(stdout, &o->dt, dt);
	double c_max;
	int t_max;
	double cv = busyness(dt, o->dt.n, &c_max, &t_max);
	printf("\n  c: the cv of the day's busyness factor (Poisson-gamma), by "
	       "moments on the daily\n"
	       "  totals: c^2 = (sd/day^2 - calls/day) / calls/day^2.  VMR: "
	       "variance-to-mean\n"
	       "  ratio of one interval's count across the dates, averaged "
	       "over the intervals\n"
	       "  with a mean of at least %g: observed, Poisson's, and the "
	       "fitted 1 + c^2 lambda_k.\n"
	       "  All day types: busyness_cv %.4f (square root of the "
	       "call-weighted mean of c^2).\n"
	       "  No scenario is written: counts give no handle times or "
	       "patience.\n", FIT_VMR_MIN_MEAN, cv);

	if (o->plots != NULL) {
		char path[4200];
		if (outfile_mkdirs(o->plots) != STATUS_OK) {
			fprintf(stderr, "ccsim fit: cannot create folder %s: %s\n",
				PLAIN(o->plots), strerror(errno));
			rc = EXIT_FAIL;
			goto done;
		}
		snprintf(path, sizeof path, "%s/fit_arrivals.csv", o->plots);
		int st = write_arrivals_csv(path, &o->dt, dt, kmin, per_w,
					    o->interval_s);
		if (st != STATUS_OK) {
			fprintf(stderr, "ccsim fit: cannot write %s: %s\n",
				PLAIN(path), strerror(errno));
			rc = EXIT_FAIL;
			goto done;
		}
		bool draw = plots_drawable(o->plots);
		char *av = arrivals_vars(o, dt);
		if (av == NULL) {
			rc = oom();
			goto done;
		}
		rc = plot_one(o->plots, "fit_arrivals", av, draw);
		free(av);
		if (rc == 0)
			printf("\nwrote %s%s\n", PLAIN(path), draw ?
			       " and its plot fit_arrivals.png, .svg" : "");
	}
	if (rc == 0 && stdout_failed())
		rc = EXIT_FAIL;
done:
	daytypes_destroy(dt);
	free(use);
	free(cr.tod);
	grid_destroy(&g);
	return rc;
}

/* ------------------------------------------------------------- command */

int fitcmd_main(int argc, char **argv)
{
	struct options o;
	int rc = parse_args(argc, argv, &o);
	if (rc != 0)
		return rc < 0 ? 0 : rc;
	return o.counts != NULL ? run_counts(&o) : run_trace(&o);
}
