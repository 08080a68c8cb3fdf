/*
 * scenario.c: reads a libconfig scenario file into struct scenario.
 *
 * The only file of ccsim that includes <libconfig.h>.  libconfig does the
 * syntax; this file checks every setting against docs/scenario.md: known
 * keys only, the right types, finite numbers, units (units.h), ranges, and
 * the references between sections (handles and commitments name contact
 * types).  It then builds the plain structs the models take.
 *
 * Every problem becomes one line "FILE:LINE: path: what is wrong; what was
 * expected", where path names the setting the way a user would find it
 * ("contact_types[0].handle_time.mean").  A missing setting is reported at
 * the line of the group that should hold it (line 1 for the top level, also
 * for an empty file).  Loading goes on after a problem, so one run shows
 * them all; the lines are printed at the end sorted by line.  A file with
 * any problem yields STATUS_EINVAL and an empty scenario.
 *
 * Forecasts and staffing plans are expanded to one value per interval of
 * the whole horizon: a single value fills every interval, a list of
 * per_day values repeats every day, a list of n_intervals values is taken
 * as it is.
 *
 * Deferred contact types (channel email, web or letter) take their own
 * settings and refuse the voice ones (and voice types the deferred ones):
 * arrivals per interval (forecast), per day (per_day, or per_weekday laid
 * on the horizon's dates by weekday) spread by an hourly profile or
 * received in one batch, or none of their own when another type's
 * complaints or recourse names them; one step (handle_time, deadline) or a
 * steps list; an initial backlog; one follow-up.  References are linked
 * after the section that defines their targets: follow-ups once every
 * contact type is read (a follow-up must name another deferred type, and
 * follow-ups must not loop), step groups once the agent groups are read,
 * commitments last (a deferred type takes the task KPIs of models/kpi.h,
 * names one of its steps, and is judged per day, week or horizon).
 *
 * Known libconfig 1.5 quirks handled or documented: arrays [ ] must hold
 * values of one type (the syntax error gets a hint); integers beyond 32
 * bits need an L suffix (5000000000L), without it libconfig truncates them
 * silently, which this file cannot see; on some syntax errors (a stray
 * string such as a file holding only "") libconfig 1.5 leaks the string's
 * buffer (libconfig issue #142, fixed upstream in 1.7.3).
 */
#include "scenario.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libconfig.h>

#include "status.h"
#include "units.h"
#include "../models/bizcal.h"
#include "../models/centre.h"
#include "../models/commit.h"
#include "../models/dist.h"
#include "../models/horizon.h"
#include "../models/hours.h"
#include "../models/kpi.h"

#define MAX_DAYS 3660
#define MAX_REPLICATIONS 100000
#define MAX_INTERVALS 5000000
#define MAX_STAFF 1000000
#define MAX_WAIT_HIST_S 86400.0
#define DEFAULT_SEED 1
#define DEFAULT_REPLICATIONS 20
#define DEFAULT_CONFIDENCE 0.95
#define DEFAULT_WAIT_HIST_S 3600.0
#define DEFAULT_SL_THRESHOLD_S 20.0

#define EXP_DURATION "a duration such as \"20s\", \"5m\", \"1.5h\" or \"2d\", " \
	"or a number of seconds >= 0"
#define EXP_FRACTION "a fraction such as \"80%\" or 0.8, within 0 to 1"
#define EXP_DATE "a date \"YYYY-MM-DD\""
#define EXP_TIME "a time of day \"HH:MM\" or \"HH:MM:SS\" from 00:00 to 24:00"
#define EXP_NAME "a name of letters, digits, '_', '.' or '-'"

/* ---- problems ------------------------------------------------------------ */

struct problem {
	const char *file;
	unsigned line;
	size_t seq;
	char *msg;
};

struct loader {
	const char *path;
	FILE *errors;
	struct problem *problems;
	size_t n_problems, cap_problems;
	size_t n_errors;          /* problems found, printed or pending */
	bool nomem;
	struct scenario *sc;
	bool horizon_ok;          /* sc->centre.horizon is valid */
	bool channel_ok[CENTRE_MAX_TYPES]; /* contact type t's channel was understood */
};

/* Enough for any path, value or list of names this file prints. */
struct text {
	char s[512];
};

static void text_add(struct text *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void text_add(struct text *t, const char *fmt, ...)
{
	size_t len = strlen(t->s);
	if (len + 1 >= sizeof t->s)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(t->s + len, sizeof t->s - len, fmt, ap);
	va_end(ap);
}

static void report(struct loader *ld, const config_setting_t *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Records one problem at the line of setting `at` (line 1 when the setting
 * has none, as the root has). */
static void report(struct loader *ld, const config_setting_t *at, const char *fmt, ...)
{
	const char *file = NULL;
	unsigned line = 0;
	if (at) {
		file = config_setting_source_file(at);
		line = config_setting_source_line(at);
	}
	if (!file)
		file = ld->path;
	if (line == 0)
		line = 1;
	ld->n_errors++;

	va_list ap;
	va_start(ap, fmt);
	int len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	char *msg = len >= 0 ? malloc((size_t)len + 1) : NULL;
	if (msg && ld->n_problems == ld->cap_problems) {
		size_t cap = ld->cap_problems ? 2 * ld->cap_problems : 16;
		struct problem *p = realloc(ld->problems, cap * sizeof *p);
		if (!p) {
			free(msg);
			msg = NULL;
		} else {
			ld->problems = p;
			ld->cap_problems = cap;
		}
	}
	va_start(ap, fmt);
	if (!msg) {
		/* Out of memory: print at once, unsorted, rather than lose it. */
		fprintf(ld->errors, "%s:%u: ", file, line);
		vfprintf(ld->errors, fmt, ap);
		fputc('\n', ld->errors);
	} else {
		vsnprintf(msg, (size_t)len + 1, fmt, ap);
		ld->problems[ld->n_problems] = (struct problem){
			.file = file, .line = line, .seq = ld->n_problems, .msg = msg };
		ld->n_problems++;
	}
	va_end(ap);
}

static int problem_cmp(const void *pa, const void *pb)
{
	const struct problem *a = pa, *b = pb;
	int f = strcmp(a->file, b->file);
	if (f != 0)
		return f;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* Prints the recorded problems in file and line order and frees them. */
static void flush_problems(struct loader *ld)
{
	if (ld->n_problems > 1)
		qsort(ld->problems, ld->n_problems, sizeof *ld->problems, problem_cmp);
	for (size_t i = 0; i < ld->n_problems; i++) {
		fprintf(ld->errors, "%s:%u: %s\n", ld->problems[i].file,
			ld->problems[i].line, ld->problems[i].msg);
		free(ld->problems[i].msg);
	}
	free(ld->problems);
	ld->problems = NULL;
	ld->n_problems = ld->cap_problems = 0;
}

/* ---- describing settings --------------------------------------------------- */

/* The path of s from the root: "contact_types[0].handle_time.mean". */
static struct text path_of(const config_setting_t *s)
{
	const config_setting_t *chain[64];
	int n = 0;
	struct text t = { "" };
	for (const config_setting_t *p = s; p && config_setting_parent(p) && n < 64;
	     p = config_setting_parent(p))
		chain[n++] = p;
	if (n == 0) {
		text_add(&t, "the top level");
		return t;
	}
	for (int i = n - 1; i >= 0; i--) {
		const config_setting_t *parent = config_setting_parent(chain[i]);
		if (config_setting_is_list(parent) || config_setting_is_array(parent))
			text_add(&t, "[%d]", config_setting_index(chain[i]));
		else
			text_add(&t, "%s%s", t.s[0] ? "." : "", config_setting_name(chain[i]));
	}
	return t;
}

/* The path of a member `name` of group g (which may be the root). */
static struct text member_path(const config_setting_t *g, const char *name)
{
	struct text t = { "" };
	if (config_setting_parent(g))
		t = path_of(g);
	text_add(&t, "%s%s", t.s[0] ? "." : "", name);
	return t;
}

/* A short rendering of the value of s, for "got ..." in messages. */
static struct text describe(const config_setting_t *s)
{
	struct text t = { "" };
	switch (config_setting_type(s)) {
	case CONFIG_TYPE_STRING: {
		const char *v = config_setting_get_string(s);
		size_t n = 0;
		text_add(&t, "\"");
		for (const unsigned char *p = (const unsigned char *)v; *p; p++, n++) {
			if (n == 40) {
				text_add(&t, "...");
				break;
			}
			if (*p == '"' || *p == '\\')
				text_add(&t, "\\%c", *p);
			else if (*p < 0x20 || *p >= 0x7f)
				text_add(&t, "\\x%02x", *p);
			else
				text_add(&t, "%c", *p);
		}
		text_add(&t, "\"");
		break;
	}
	case CONFIG_TYPE_INT:
	case CONFIG_TYPE_INT64:
		text_add(&t, "%lld", config_setting_get_int64(s));
		break;
	case CONFIG_TYPE_FLOAT:
		text_add(&t, "%g", config_setting_get_float(s));
		break;
	case CONFIG_TYPE_BOOL:
		text_add(&t, "%s", config_setting_get_bool(s) ? "true" : "false");
		break;
	case CONFIG_TYPE_GROUP:
		text_add(&t, "a group { }");
		break;
	case CONFIG_TYPE_LIST:
		text_add(&t, "a list ( )");
		break;
	case CONFIG_TYPE_ARRAY:
		text_add(&t, "an array [ ]");
		break;
	default:
		text_add(&t, "nothing");
		break;
	}
	return t;
}

static void type_error(struct loader *ld, const config_setting_t *s, const char *expected)
{
	report(ld, s, "%s: expected %s; got %s", path_of(s).s, expected, describe(s).s);
}

static void missing(struct loader *ld, const config_setting_t *g, const char *name,
		    const char *expected)
{
	report(ld, g, "missing required setting '%s' (%s)", member_path(g, name).s, expected);
}

/* Reports every member of group g whose name is not in `allowed` (NULL
 * terminated).  `takes` overrides the list shown (NULL: the names). */
static void check_keys(struct loader *ld, const config_setting_t *g,
		       const char *const *allowed, const char *takes)
{
	struct text list = { "" };
	if (!takes) {
		for (int i = 0; allowed[i]; i++)
			text_add(&list, "%s%s", i ? ", " : "", allowed[i]);
		takes = list.s;
	}
	int n = config_setting_length(g);
	for (int i = 0; i < n; i++) {
		const config_setting_t *m = config_setting_get_elem(g, (unsigned)i);
		const char *name = config_setting_name(m);
		bool known = false;
		for (int k = 0; allowed[k] && !known; k++)
			known = name && strcmp(name, allowed[k]) == 0;
		if (!known)
			report(ld, m, "unknown setting '%s' in %s; expected one of: %s",
			       name ? name : "?", path_of(g).s, takes);
	}
}

/* ---- values ---------------------------------------------------------------- */

static bool is_number(const config_setting_t *s)
{
	return config_setting_is_number(s);
}

static double number_of(const config_setting_t *s)
{
	if (config_setting_type(s) == CONFIG_TYPE_FLOAT)
		return config_setting_get_float(s);
	return (double)config_setting_get_int64(s);
}

static bool is_int(const config_setting_t *s)
{
	return config_setting_type(s) == CONFIG_TYPE_INT ||
	       config_setting_type(s) == CONFIG_TYPE_INT64;
}

/* A finite number (any sign). */
static bool val_number(struct loader *ld, const config_setting_t *s, double *out)
{
	if (!is_number(s) || !isfinite(number_of(s))) {
		type_error(ld, s, "a finite number");
		return false;
	}
	*out = number_of(s);
	return true;
}

/* A finite number > 0. */
static bool val_positive(struct loader *ld, const config_setting_t *s, double *out)
{
	if (!is_number(s) || !isfinite(number_of(s)) || !(number_of(s) > 0.0)) {
		type_error(ld, s, "a number > 0");
		return false;
	}
	*out = number_of(s);
	return true;
}

static bool val_int(struct loader *ld, const config_setting_t *s, long long lo,
		    long long hi, long long *out)
{
	long long v = is_int(s) ? config_setting_get_int64(s) : 0;
	if (!is_int(s) || v < lo || v > hi) {
		char expected[96];
		snprintf(expected, sizeof expected, "a whole number from %lld to %lld", lo, hi);
		type_error(ld, s, expected);
		return false;
	}
	*out = v;
	return true;
}

static bool val_string(struct loader *ld, const config_setting_t *s, const char *expected,
		       const char **out)
{
	if (config_setting_type(s) != CONFIG_TYPE_STRING) {
		type_error(ld, s, expected);
		return false;
	}
	*out = config_setting_get_string(s);
	return true;
}

static bool val_bool(struct loader *ld, const config_setting_t *s, bool *out)
{
	if (config_setting_type(s) != CONFIG_TYPE_BOOL) {
		type_error(ld, s, "true or false");
		return false;
	}
	*out = config_setting_get_bool(s);
	return true;
}

/* A duration: a string with a unit, or a number of seconds, finite, >= 0. */
static bool val_duration(struct loader *ld, const config_setting_t *s, double *out)
{
	double v;
	bool ok;
	if (config_setting_type(s) == CONFIG_TYPE_STRING) {
		ok = units_duration(config_setting_get_string(s), &v) == STATUS_OK;
	} else if (is_number(s)) {
		v = number_of(s);
		ok = isfinite(v) && v >= 0.0;
	} else {
		ok = false;
	}
	if (!ok) {
		type_error(ld, s, EXP_DURATION);
		return false;
	}
	*out = v;
	return true;
}

/* A duration that must be > 0. */
static bool val_duration_positive(struct loader *ld, const config_setting_t *s, double *out)
{
	double v;
	if (!val_duration(ld, s, &v))
		return false;
	if (!(v > 0.0)) {
		report(ld, s, "%s: must be longer than 0; got %s", path_of(s).s, describe(s).s);
		return false;
	}
	*out = v;
	return true;
}

static bool val_fraction(struct loader *ld, const config_setting_t *s, double *out)
{
	double v;
	bool ok;
	if (config_setting_type(s) == CONFIG_TYPE_STRING) {
		ok = units_fraction(config_setting_get_string(s), &v) == STATUS_OK;
	} else if (is_number(s)) {
		v = number_of(s);
		ok = isfinite(v) && v >= 0.0 && v <= 1.0;
	} else {
		ok = false;
	}
	if (!ok) {
		type_error(ld, s, EXP_FRACTION);
		return false;
	}
	*out = v;
	return true;
}

static bool val_time_of_day(struct loader *ld, const config_setting_t *s, double *out)
{
	if (config_setting_type(s) != CONFIG_TYPE_STRING ||
	    units_time_of_day(config_setting_get_string(s), out) != STATUS_OK) {
		type_error(ld, s, EXP_TIME);
		return false;
	}
	return true;
}

static bool val_date(struct loader *ld, const config_setting_t *s, int64_t *out)
{
	if (config_setting_type(s) != CONFIG_TYPE_STRING ||
	    units_date(config_setting_get_string(s), out) != STATUS_OK) {
		type_error(ld, s, EXP_DATE " that exists in the calendar");
		return false;
	}
	return true;
}

/* Letters, digits, '_', '.', '-'; 1 to max - 1 characters. */
static bool valid_name(const char *s, size_t max)
{
	size_t n = strlen(s);
	if (n == 0 || n >= max)
		return false;
	for (const char *p = s; *p; p++) {
		char c = *p;
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			  (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
		if (!ok)
			return false;
	}
	return true;
}

/* A name setting (required member "name" of g) copied into out[max]. */
static bool read_name(struct loader *ld, const config_setting_t *g, char *out, size_t max)
{
	const config_setting_t *s = config_setting_get_member(g, "name");
	const char *v;
	if (!s) {
		missing(ld, g, "name", EXP_NAME);
		return false;
	}
	if (!val_string(ld, s, EXP_NAME, &v))
		return false;
	if (!valid_name(v, max)) {
		char expected[128];
		snprintf(expected, sizeof expected, EXP_NAME ", 1 to %zu characters", max - 1);
		type_error(ld, s, expected);
		return false;
	}
	memcpy(out, v, strlen(v) + 1);
	return true;
}

/* ---- formatting helpers for messages --------------------------------------- */

/* "07:30" (or "07:30:15") from seconds after midnight. */
static struct text clock_text(double s)
{
	struct text t = { "" };
	long v = lround(s);
	if (v % 60)
		text_add(&t, "%02ld:%02ld:%02ld", v / 3600, v / 60 % 60, v % 60);
	else
		text_add(&t, "%02ld:%02ld", v / 3600, v / 60 % 60);
	return t;
}

/* "30m", "1h", "45s", "90.5s" from seconds. */
static struct text duration_text(double s)
{
	struct text t = { "" };
	if (s > 0 && fmod(s, 86400.0) == 0.0)
		text_add(&t, "%gd", s / 86400.0);
	else if (s > 0 && fmod(s, 3600.0) == 0.0)
		text_add(&t, "%gh", s / 3600.0);
	else if (s > 0 && fmod(s, 60.0) == 0.0)
		text_add(&t, "%gm", s / 60.0);
	else
		text_add(&t, "%gs", s);
	return t;
}

/* ---- horizon --------------------------------------------------------------- */

static void parse_horizon(struct loader *ld, const config_setting_t *root)
{
	static const char *const keys[] = {
		"start", "days", "day_start", "day_end", "interval", "warmup", "cooldown",
		NULL };
	const config_setting_t *g = config_setting_get_member(root, "horizon");
	if (!g) {
		missing(ld, root, "horizon",
			"a group { start = \"YYYY-MM-DD\"; interval = \"30m\"; }");
		return;
	}
	if (!config_setting_is_group(g)) {
		type_error(ld, g, "a group { start = \"YYYY-MM-DD\"; interval = \"30m\"; }");
		return;
	}
	check_keys(ld, g, keys, NULL);

	bool ok = true, start_ok = true;
	int64_t start = 0;
	long long days = 1;
	double day_start = 0.0, day_end = HORIZON_DAY_S, interval = 0.0, warmup = 0.0;
	const config_setting_t *s;

	if (!(s = config_setting_get_member(g, "start"))) {
		missing(ld, g, "start", EXP_DATE);
		start_ok = false;
	} else {
		start_ok = val_date(ld, s, &start);
	}
	if ((s = config_setting_get_member(g, "days")))
		ok &= val_int(ld, s, 1, MAX_DAYS, &days);
	if ((s = config_setting_get_member(g, "day_start")))
		ok &= val_time_of_day(ld, s, &day_start);
	const config_setting_t *end_s = config_setting_get_member(g, "day_end");
	if (end_s)
		ok &= val_time_of_day(ld, end_s, &day_end);
	const config_setting_t *interval_s = config_setting_get_member(g, "interval");
	if (!interval_s) {
		missing(ld, g, "interval", "a duration such as \"15m\", \"30m\" or \"1h\"");
		ok = false;
	} else {
		ok &= val_duration_positive(ld, interval_s, &interval);
	}
	const config_setting_t *warmup_s = config_setting_get_member(g, "warmup");
	if (warmup_s)
		ok &= val_duration(ld, warmup_s, &warmup);
	double cooldown = 0.0;
	const config_setting_t *cooldown_s = config_setting_get_member(g, "cooldown");
	if (cooldown_s)
		ok &= val_duration(ld, cooldown_s, &cooldown);
	if (!ok)
		return;

	if (day_end <= day_start) {
		report(ld, end_s ? end_s : g,
		       "%s: the day window ends at %s, not after it starts at %s; "
		       "expected day_end later than day_start",
		       member_path(g, "day_end").s, clock_text(day_end).s,
		       clock_text(day_start).s);
		return;
	}
	double window = day_end - day_start;
	double per_day = window / interval;
	if (fabs(per_day - nearbyint(per_day)) > 1e-9 * per_day || nearbyint(per_day) < 1) {
		report(ld, interval_s,
		       "%s: %s does not cut the day window %s-%s (%s) into whole "
		       "intervals; expected a divisor of it such as 15m, 30m or 1h",
		       path_of(interval_s).s, duration_text(interval).s,
		       clock_text(day_start).s, clock_text(day_end).s,
		       duration_text(window).s);
		return;
	}
	double n_intervals = nearbyint(per_day) * (double)days;
	if (n_intervals > MAX_INTERVALS) {
		report(ld, interval_s,
		       "%s: the horizon has %.0f intervals; expected at most %d "
		       "(use fewer days or longer intervals)",
		       path_of(interval_s).s, n_intervals, MAX_INTERVALS);
		return;
	}
	double n_warm = warmup / interval;
	if (warmup_s && (fabs(n_warm - nearbyint(n_warm)) > 1e-9 * (n_warm + 1) ||
			 nearbyint(n_warm) >= n_intervals)) {
		report(ld, warmup_s,
		       "%s: %s; expected a whole number of intervals (%s each) "
		       "shorter than the horizon",
		       path_of(warmup_s).s, duration_text(warmup).s,
		       duration_text(interval).s);
		return;
	}
	if (!start_ok)
		return;
	struct horizon *h = &ld->sc->centre.horizon;
	if (horizon_init(h, start, (int)days, day_start, day_end, interval, warmup) != STATUS_OK) {
		report(ld, g,
		       "horizon: %lld days of %s-%s in intervals of %s with a warm-up "
		       "of %s is not a valid horizon; expected an interval that divides "
		       "the window and a warm-up of whole intervals shorter than the horizon",
		       days, clock_text(day_start).s, clock_text(day_end).s,
		       duration_text(interval).s, duration_text(warmup).s);
		memset(h, 0, sizeof *h);
		return;
	}
	double n_cool = cooldown / HORIZON_DAY_S;
	if (cooldown_s && (n_cool != nearbyint(n_cool) ||
			   (nearbyint(n_cool) + 1) * h->per_day > h->n_intervals - h->n_warmup)) {
		report(ld, cooldown_s,
		       "%s: %s; expected whole days (\"21d\") that leave at least one "
		       "day after the warm-up to judge (the horizon has %lld days)",
		       path_of(cooldown_s).s, duration_text(cooldown).s, days);
		memset(h, 0, sizeof *h);
		return;
	}
	h->cooldown_days = (int)nearbyint(n_cool);
	ld->horizon_ok = true;
}

/* ---- opening hours --------------------------------------------------------- */

static const char *const weekday_keys[7] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" };

#define EXP_RANGE "an opening range \"HH:MM-HH:MM\" such as \"08:00-17:30\""

static void parse_range(struct loader *ld, const config_setting_t *s, int wd)
{
	const char *v;
	if (!val_string(ld, s, EXP_RANGE ", a list of them, or \"closed\"", &v))
		return;
	const char *dash = strchr(v, '-');
	char open_txt[16], close_txt[16];
	double open_s, close_s;
	size_t n_open = dash ? (size_t)(dash - v) : 0;
	if (!dash || n_open >= sizeof open_txt || strlen(dash + 1) >= sizeof close_txt) {
		type_error(ld, s, EXP_RANGE);
		return;
	}
	memcpy(open_txt, v, n_open);
	open_txt[n_open] = '\0';
	strcpy(close_txt, dash + 1);
	if (units_time_of_day(open_txt, &open_s) != STATUS_OK ||
	    units_time_of_day(close_txt, &close_s) != STATUS_OK) {
		type_error(ld, s, EXP_RANGE);
		return;
	}
	struct hours *h = &ld->sc->centre.hours;
	if (close_s <= open_s) {
		report(ld, s, "%s: the range %s closes before it opens; expected the "
		       "closing time later (split a range over midnight in two days)",
		       path_of(s).s, describe(s).s);
		return;
	}
	if (h->n_ranges[wd] >= HOURS_MAX_RANGES) {
		report(ld, s, "%s: too many opening ranges on %s; expected at most %d",
		       path_of(s).s, weekday_keys[wd], HOURS_MAX_RANGES);
		return;
	}
	if (hours_add_range(h, wd, open_s, close_s) != STATUS_OK)
		report(ld, s, "%s: the range %s overlaps another range of %s; expected "
		       "separate ranges", path_of(s).s, describe(s).s, weekday_keys[wd]);
}

static void parse_opening(struct loader *ld, const config_setting_t *root)
{
	static const char *const keys[] = {
		"mon", "tue", "wed", "thu", "fri", "sat", "sun", "closed_dates", NULL };
	struct hours *h = &ld->sc->centre.hours;
	hours_always_open(h);
	const config_setting_t *g = config_setting_get_member(root, "opening");
	if (!g)
		return;
	if (!config_setting_is_group(g)) {
		type_error(ld, g, "a group { mon = \"08:00-18:00\"; ... }");
		return;
	}
	check_keys(ld, g, keys, NULL);
	for (int wd = 0; wd < 7; wd++)
		hours_close_weekday(h, wd);
	for (int wd = 0; wd < 7; wd++) {
		const config_setting_t *s = config_setting_get_member(g, weekday_keys[wd]);
		if (!s)
			continue;
		if (config_setting_type(s) == CONFIG_TYPE_STRING &&
		    strcmp(config_setting_get_string(s), "closed") == 0)
			continue;
		if (config_setting_is_list(s) || config_setting_is_array(s)) {
			int n = config_setting_length(s);
			for (int i = 0; i < n; i++)
				parse_range(ld, config_setting_get_elem(s, (unsigned)i), wd);
		} else {
			parse_range(ld, s, wd);
		}
	}
	const config_setting_t *cd = config_setting_get_member(g, "closed_dates");
	if (!cd)
		return;
	if (!config_setting_is_list(cd) && !config_setting_is_array(cd)) {
		type_error(ld, cd, "a list of dates such as [\"2026-12-25\", \"2026-12-26\"]");
		return;
	}
	int n = config_setting_length(cd);
	for (int i = 0; i < n; i++) {
		const config_setting_t *e = config_setting_get_elem(cd, (unsigned)i);
		int64_t date;
		if (!val_date(ld, e, &date))
			continue;
		if (hours_add_closed(h, date) != STATUS_OK) {
			report(ld, e, "%s: too many closed dates; expected at most %d",
			       path_of(e).s, HOURS_MAX_CLOSED);
			return;
		}
	}
}

/* ---- forecasts and staffing plans ------------------------------------------ */

/* What a series of values per interval may be, for messages. */
static struct text series_lengths(const struct horizon *h)
{
	struct text t = { "" };
	if (h->days == 1)
		text_add(&t, "%d (one per %s interval of %s-%s)", h->per_day,
			 duration_text(h->interval_s).s, clock_text(h->day_start_s).s,
			 clock_text(h->day_end_s).s);
	else if (h->days == 7)
		text_add(&t, "%d (one per %s interval of %s-%s, repeated every day) "
			 "or %d (one per interval of the %d-day horizon)", h->per_day,
			 duration_text(h->interval_s).s, clock_text(h->day_start_s).s,
			 clock_text(h->day_end_s).s, h->n_intervals, h->days);
	else
		text_add(&t, "%d (one per %s interval of %s-%s, repeated every day), "
			 "%d (one week, Monday to Sunday, repeated every week) "
			 "or %d (one per interval of the %d-day horizon)", h->per_day,
			 duration_text(h->interval_s).s, clock_text(h->day_start_s).s,
			 clock_text(h->day_end_s).s, 7 * h->per_day, h->n_intervals, h->days);
	return t;
}

/* Expected calls per interval above this are refused: a replication with
 * them would run for hours and queue more calls than memory holds. */
#define MAX_FORECAST 1e7
#define EXP_FORECAST "a number of calls per interval from 0 to 10000000, or a rate such as \"120/30m\""
#define EXP_STAFFING "a whole number of agents from 0 to 1000000"

/* One value of a forecast: calls per interval, or a rate string. */
static bool forecast_value(struct loader *ld, const config_setting_t *e, double *out)
{
	double v;
	bool ok;
	if (config_setting_type(e) == CONFIG_TYPE_STRING) {
		ok = units_rate(config_setting_get_string(e), &v) == STATUS_OK;
		if (ok) {
			v = ld->horizon_ok ? v * ld->sc->centre.horizon.interval_s : 0.0;
			ok = isfinite(v) && v <= MAX_FORECAST;
		}
	} else if (is_number(e)) {
		v = number_of(e);
		ok = isfinite(v) && v >= 0.0 && v <= MAX_FORECAST;
	} else {
		ok = false;
	}
	if (!ok) {
		type_error(ld, e, EXP_FORECAST);
		return false;
	}
	*out = v;
	return true;
}

static bool staffing_value(struct loader *ld, const config_setting_t *e, double *out)
{
	long long v;
	if (!val_int(ld, e, 0, MAX_STAFF, &v))
		return false;
	*out = (double)v;
	return true;
}

/* Reads member `name` of g, a single value or a list of per_day or
 * n_intervals values, into a heap array of n_intervals values (doubles, or
 * ints when `ints`) stored at *out.  Leaves *out NULL on error. */
static void parse_series(struct loader *ld, const config_setting_t *g, const char *name,
			 bool ints, void **out)
{
	bool (*value)(struct loader *, const config_setting_t *, double *) =
		ints ? staffing_value : forecast_value;
	const char *expected = ints ? EXP_STAFFING : EXP_FORECAST;
	const config_setting_t *s = config_setting_get_member(g, name);
	const struct horizon *h = &ld->sc->centre.horizon;
	*out = NULL;
	if (!s) {
		struct text t = { "" };
		text_add(&t, "%s, or a list of them", expected);
		missing(ld, g, name, t.s);
		return;
	}
	double *vals;
	size_t n;
	bool ok = true;
	if (config_setting_is_list(s) || config_setting_is_array(s)) {
		n = (size_t)config_setting_length(s);
		if (n == 0) {
			report(ld, s, "%s: the list is empty; expected %s",
			       path_of(s).s, ld->horizon_ok ? series_lengths(h).s : "values");
			return;
		}
		vals = malloc(n * sizeof *vals);
		if (!vals) {
			ld->nomem = true;
			return;
		}
		for (size_t i = 0; i < n; i++)
			ok &= value(ld, config_setting_get_elem(s, (unsigned)i), &vals[i]);
	} else if (config_setting_is_group(s)) {
		struct text t = { "" };
		text_add(&t, "%s, or a list of them", expected);
		type_error(ld, s, t.s);
		return;
	} else {
		n = 1;
		vals = malloc(sizeof *vals);
		if (!vals) {
			ld->nomem = true;
			return;
		}
		ok = value(ld, s, &vals[0]);
	}
	if (!ok || !ld->horizon_ok) {
		free(vals);
		return;
	}
	size_t total = (size_t)h->n_intervals, per_day = (size_t)h->per_day;
	bool weekly = n == 7 * per_day && n != total;
	if (n != 1 && n != per_day && n != total && !weekly) {
		report(ld, s, "%s: %zu values; expected %s", path_of(s).s, n,
		       series_lengths(h).s);
		free(vals);
		return;
	}
	void *arr = ints ? calloc(total, sizeof(int)) : calloc(total, sizeof(double));
	if (!arr) {
		free(vals);
		ld->nomem = true;
		return;
	}
	for (size_t k = 0; k < total; k++) {
		size_t wd = (size_t)horizon_weekday(h->start_date + (int64_t)(k / per_day));
		double v = n == 1 ? vals[0] : n == total ? vals[k]
			 : weekly ? vals[wd * per_day + k % per_day] : vals[k % per_day];
		if (ints)
			((int *)arr)[k] = (int)v;
		else
			((double *)arr)[k] = v;
	}
	free(vals);
	*out = arr;
}

/* ---- distributions --------------------------------------------------------- */

#define EXP_DIST "a distribution such as { dist = \"exponential\"; mean = \"3m\"; }"

struct dist_reader {
	struct loader *ld;
	const config_setting_t *g;
	const char *kind;
	bool ok;
};

/* The required parameter `name` of the distribution group, or NULL. */
static const config_setting_t *param(struct dist_reader *r, const char *name,
				     const char *expected)
{
	const config_setting_t *s = config_setting_get_member(r->g, name);
	if (!s) {
		struct text t = { "" };
		text_add(&t, "dist = \"%s\" needs '%s', %s", r->kind, name, expected);
		missing(r->ld, r->g, name, t.s);
		r->ok = false;
	}
	return s;
}

static double param_duration(struct dist_reader *r, const char *name, bool positive)
{
	const config_setting_t *s = param(r, name, positive ? "a duration > 0" : "a duration");
	double v = 0.0;
	if (s && !(positive ? val_duration_positive(r->ld, s, &v) : val_duration(r->ld, s, &v)))
		r->ok = false;
	return v;
}

static double param_number(struct dist_reader *r, const char *name, bool positive)
{
	const config_setting_t *s = param(r, name, positive ? "a number > 0" : "a number");
	double v = 0.0;
	if (s && !(positive ? val_positive(r->ld, s, &v) : val_number(r->ld, s, &v)))
		r->ok = false;
	return v;
}

/* A list of durations (durations) or of numbers >= 0 (weights) as a heap
 * array; NULL with r->ok false on error. */
static double *param_list(struct dist_reader *r, const char *name, bool durations, size_t *n)
{
	const char *expected = durations ? "a list of durations such as [\"1m\", \"2m\"]"
					 : "a list of numbers >= 0 such as [1, 2.5]";
	const config_setting_t *s = param(r, name, expected);
	*n = 0;
	if (!s)
		return NULL;
	if ((!config_setting_is_list(s) && !config_setting_is_array(s)) ||
	    config_setting_length(s) == 0) {
		type_error(r->ld, s, expected);
		r->ok = false;
		return NULL;
	}
	size_t len = (size_t)config_setting_length(s);
	double *v = malloc(len * sizeof *v);
	if (!v) {
		r->ld->nomem = true;
		r->ok = false;
		return NULL;
	}
	bool ok = true;
	for (size_t i = 0; i < len; i++) {
		const config_setting_t *e = config_setting_get_elem(s, (unsigned)i);
		if (durations) {
			ok &= val_duration(r->ld, e, &v[i]);
		} else if (!is_number(e) || !isfinite(number_of(e)) || number_of(e) < 0) {
			type_error(r->ld, e, "a number >= 0");
			ok = false;
		} else {
			v[i] = number_of(e);
		}
	}
	if (!ok) {
		free(v);
		r->ok = false;
		return NULL;
	}
	*n = len;
	return v;
}

/* Which of two parameter sets a group uses: 0 for (a1, a2), 1 for (b1, b2);
 * -1 (reported) when it mixes them. */
static int param_form(struct dist_reader *r, const char *a1, const char *a2,
		      const char *b1, const char *b2)
{
	bool a = config_setting_get_member(r->g, a1) || config_setting_get_member(r->g, a2);
	bool b = config_setting_get_member(r->g, b1) || config_setting_get_member(r->g, b2);
	if (a && b) {
		report(r->ld, r->g, "%s: dist = \"%s\" takes either %s and %s or %s "
		       "and %s, not both", path_of(r->g).s, r->kind, a1, a2, b1, b2);
		r->ok = false;
		return -1;
	}
	return b ? 1 : 0;
}

/* Reads the distribution group g into *d.  False (reported) on error, with
 * *d destroyable. */
/* Largest mean duration accepted from a distribution (about 3 years). */
#define MAX_DIST_MEAN_S 1e8

static bool parse_dist(struct loader *ld, const config_setting_t *g, struct dist *d)
{
	memset(d, 0, sizeof *d);
	if (!config_setting_is_group(g)) {
		type_error(ld, g, EXP_DIST);
		return false;
	}
	const config_setting_t *ks = config_setting_get_member(g, "dist");
	const char *kind_name;
	if (!ks) {
		missing(ld, g, "dist", "the name of a distribution such as \"exponential\"");
		return false;
	}
	if (!val_string(ld, ks, "the name of a distribution such as \"exponential\"", &kind_name))
		return false;
	enum dist_kind kind;
	if (dist_kind_parse(kind_name, &kind) != STATUS_OK) {
		struct text names = { "" };
		for (int k = DIST_EXPONENTIAL; k <= DIST_HISTOGRAM; k++)
			text_add(&names, "%s%s", k ? ", " : "", dist_kind_name((enum dist_kind)k));
		report(ld, ks, "%s: unknown distribution %s; expected one of: %s",
		       path_of(ks).s, describe(ks).s, names.s);
		return false;
	}

	static const char *const k_exp[] = { "dist", "mean", NULL };
	static const char *const k_logn[] = { "dist", "mean", "cv", "mu", "sigma", NULL };
	static const char *const k_gamma[] = { "dist", "mean", "cv", "shape", "scale", NULL };
	static const char *const k_erlang[] = { "dist", "k", "mean", NULL };
	static const char *const k_weib[] = { "dist", "shape", "scale", NULL };
	static const char *const k_det[] = { "dist", "value", NULL };
	static const char *const k_unif[] = { "dist", "min", "max", NULL };
	static const char *const k_emp[] = { "dist", "values", NULL };
	static const char *const k_hist[] = { "dist", "edges", "weights", NULL };
	static const struct {
		const char *const *keys;
		const char *takes;
	} forms[] = {
		[DIST_EXPONENTIAL] = { k_exp, "dist, mean" },
		[DIST_LOGNORMAL] = { k_logn, "dist, mean, cv (or mu, sigma)" },
		[DIST_GAMMA] = { k_gamma, "dist, mean, cv (or shape, scale)" },
		[DIST_ERLANG] = { k_erlang, "dist, k, mean" },
		[DIST_WEIBULL] = { k_weib, "dist, shape, scale" },
		[DIST_DETERMINISTIC] = { k_det, "dist, value" },
		[DIST_UNIFORM] = { k_unif, "dist, min, max" },
		[DIST_EMPIRICAL] = { k_emp, "dist, values" },
		[DIST_HISTOGRAM] = { k_hist, "dist, edges, weights" },
	};
	struct text takes = { "" };
	text_add(&takes, "%s (for dist = \"%s\")", forms[kind].takes, kind_name);
	size_t before = ld->n_errors;
	check_keys(ld, g, forms[kind].keys, takes.s);

	struct dist_reader r = { .ld = ld, .g = g, .kind = kind_name, .ok = true };
	int st = STATUS_EINVAL;
	switch (kind) {
	case DIST_EXPONENTIAL: {
		double m = param_duration(&r, "mean", true);
		if (r.ok)
			st = dist_exponential(d, m);
		break;
	}
	case DIST_LOGNORMAL:
	case DIST_GAMMA: {
		bool logn = kind == DIST_LOGNORMAL;
		const char *b1 = logn ? "mu" : "shape", *b2 = logn ? "sigma" : "scale";
		int form = param_form(&r, "mean", "cv", b1, b2);
		if (form == 0) {
			double m = param_duration(&r, "mean", true);
			double cv = param_number(&r, "cv", true);
			if (r.ok)
				st = logn ? dist_lognormal_mean_cv(d, m, cv)
					  : dist_gamma_mean_cv(d, m, cv);
		} else if (form == 1 && logn) {
			double mu = param_number(&r, "mu", false);
			double sigma = param_number(&r, "sigma", true);
			if (r.ok)
				st = dist_lognormal_mu_sigma(d, mu, sigma);
		} else if (form == 1) {
			double shape = param_number(&r, "shape", true);
			double scale = param_duration(&r, "scale", true);
			if (r.ok)
				st = dist_gamma_shape_scale(d, shape, scale);
		}
		break;
	}
	case DIST_ERLANG: {
		const config_setting_t *ks2 = param(&r, "k", "a whole number >= 1");
		long long k = 1;
		if (ks2 && !val_int(ld, ks2, 1, 1000000, &k))
			r.ok = false;
		double m = param_duration(&r, "mean", true);
		if (r.ok)
			st = dist_erlang(d, (unsigned)k, m);
		break;
	}
	case DIST_WEIBULL: {
		double shape = param_number(&r, "shape", true);
		double scale = param_duration(&r, "scale", true);
		if (r.ok)
			st = dist_weibull(d, shape, scale);
		break;
	}
	case DIST_DETERMINISTIC: {
		double v = param_duration(&r, "value", false);
		if (r.ok)
			st = dist_deterministic(d, v);
		break;
	}
	case DIST_UNIFORM: {
		double lo = param_duration(&r, "min", false);
		double hi = param_duration(&r, "max", false);
		if (r.ok && !(lo < hi)) {
			report(ld, config_setting_get_member(g, "max"),
			       "%s: max (%gs) must be greater than min (%gs)",
			       member_path(g, "max").s, hi, lo);
			r.ok = false;
		}
		if (r.ok)
			st = dist_uniform(d, lo, hi);
		break;
	}
	case DIST_EMPIRICAL: {
		size_t n;
		double *v = param_list(&r, "values", true, &n);
		if (r.ok)
			st = dist_empirical(d, v, n);
		free(v);
		break;
	}
	case DIST_HISTOGRAM: {
		size_t ne, nw;
		double *edges = param_list(&r, "edges", true, &ne);
		double *weights = param_list(&r, "weights", false, &nw);
		if (r.ok && (ne < 2 || nw != ne - 1)) {
			report(ld, config_setting_get_member(g, "weights"),
			       "%s: %zu weights for %zu edges; expected one weight per bin "
			       "(%zu), and at least two edges", member_path(g, "weights").s,
			       nw, ne, ne > 0 ? ne - 1 : 0);
			r.ok = false;
		}
		for (size_t i = 1; r.ok && i < ne; i++)
			if (!(edges[i] > edges[i - 1])) {
				report(ld, config_setting_get_member(g, "edges"),
				       "%s: edges must increase; edge %zu (%gs) is not above "
				       "edge %zu (%gs)", member_path(g, "edges").s, i + 1,
				       edges[i], i, edges[i - 1]);
				r.ok = false;
			}
		double sum = 0.0;
		for (size_t i = 0; r.ok && i < nw; i++)
			sum += weights[i];
		if (r.ok && !(sum > 0.0)) {
			report(ld, config_setting_get_member(g, "weights"),
			       "%s: the weights sum to 0; expected at least one weight > 0",
			       member_path(g, "weights").s);
			r.ok = false;
		}
		if (r.ok)
			st = dist_histogram(d, edges, weights, nw);
		free(edges);
		free(weights);
		break;
	}
	}
	if (st == STATUS_ENOMEM) {
		ld->nomem = true;
		return false;
	}
	if (r.ok && st != STATUS_OK) {
		report(ld, g, "%s: the %s distribution's parameters are not valid; "
		       "expected %s", path_of(g).s, kind_name, forms[kind].takes);
		r.ok = false;
	}
	/* Durations whose mean or spread overflow would give infinite draws. */
	if (r.ok && st == STATUS_OK &&
	    !(dist_mean(d) <= MAX_DIST_MEAN_S && isfinite(dist_variance(d)))) {
		report(ld, g, "%s: the %s distribution's mean (%gs) or variance is too large; "
		       "expected a mean of at most 1e8 s and a finite variance",
		       path_of(g).s, kind_name, dist_mean(d));
		dist_destroy(d);
		r.ok = false;
	}
	return r.ok && ld->n_errors == before;
}

/* ---- contact types --------------------------------------------------------- */

static const char *const channel_names[] = {
	[CHANNEL_VOICE] = "voice", [CHANNEL_EMAIL] = "email",
	[CHANNEL_WEB] = "web", [CHANNEL_LETTER] = "letter" };

/* Settings that only one kind of contact type takes (handle_time, forecast
 * and complaints are for both). */
static const char *const voice_only_keys[] = {
	"wrap_up", "patience", "short_abandon", "sl_threshold", "sl_formula",
	"abandon_excludes_short", NULL };
static const char *const deferred_only_keys[] = {
	"per_day", "per_weekday", "profile", "batch", "steps", "deadline", "recourse",
	"initial_backlog", NULL };

#define EXP_DEADLINE "a deadline with its clock such as \"24h\", \"24bh\", \"2bd\" or " \
	"\"1mo\" (calendar hours, business hours, business days, calendar months)"
#define EXP_PER_DAY "a number of contacts per day from 0 to 10000000"
#define EXP_STEP "a step { name = \"answer\"; handle_time = { ... }; deadline = \"2bd\"; }"
#define MAX_BACKLOG 10000000

/* `"email"` when the type has its name, else its path. */
static struct text type_label(const struct contact_type_config *t, const config_setting_t *g)
{
	struct text s = { "" };
	if (t->name[0])
		text_add(&s, "\"%s\"", t->name);
	else
		s = path_of(g);
	return s;
}

/* The largest day-level busyness coefficient of variation accepted. */
#define MAX_BUSYNESS_CV 10.0

/* The longest deadline accepted: ten years on any clock. */
#define MAX_DEADLINE_DAYS 3650.0

static bool val_deadline(struct loader *ld, const config_setting_t *s, struct deadline *out)
{
	if (config_setting_type(s) != CONFIG_TYPE_STRING ||
	    units_deadline(config_setting_get_string(s), out) != STATUS_OK) {
		type_error(ld, s, EXP_DEADLINE);
		return false;
	}
	double days = out->amount;
	if (out->clock == CLOCK_CALENDAR || out->clock == CLOCK_BUSINESS_HOURS)
		days /= HORIZON_DAY_S;
	else if (out->clock == CLOCK_CALENDAR_MONTHS)
		days *= MAX_DEADLINE_DAYS / 120.0;  /* 120 months at most */
	if (days > MAX_DEADLINE_DAYS) {
		report(ld, s, "%s: %s is longer than ten years; expected a deadline of "
		       "at most 3650 days (120 months)", path_of(s).s, describe(s).s);
		return false;
	}
	bool business = out->clock == CLOCK_BUSINESS_HOURS || out->clock == CLOCK_BUSINESS_DAYS;
	const struct hours *h = &ld->sc->centre.hours;
	int ranges = 0;
	for (int wd = 0; wd < 7; wd++)
		ranges += h->n_ranges[wd];
	if (business && ranges == 0) {
		report(ld, s, "%s: %s runs on business time but the opening hours have "
		       "none (closed every day); expected a calendar deadline such as "
		       "\"24h\" or \"1mo\", or opening hours", path_of(s).s, describe(s).s);
		return false;
	}
	return true;
}

static void parse_voice(struct loader *ld, const config_setting_t *g,
			struct contact_type_config *t)
{
	const config_setting_t *s;
	void *fc;
	parse_series(ld, g, "forecast", false, &fc);
	t->forecast = fc;
	t->arrive = ARRIVE_FORECAST;

	if (!(s = config_setting_get_member(g, "handle_time")))
		missing(ld, g, "handle_time", EXP_DIST);
	else
		parse_dist(ld, s, &t->handle);
	if ((s = config_setting_get_member(g, "wrap_up"))) {
		if (parse_dist(ld, s, &t->wrap))
			t->has_wrap = true;
		else
			dist_destroy(&t->wrap);
	}
	if ((s = config_setting_get_member(g, "patience"))) {
		if (config_setting_type(s) == CONFIG_TYPE_STRING) {
			if (strcmp(config_setting_get_string(s), "infinite") != 0)
				type_error(ld, s, EXP_DIST " or \"infinite\"");
		} else if (!config_setting_is_group(s)) {
			type_error(ld, s, EXP_DIST " or \"infinite\"");
		} else if (parse_dist(ld, s, &t->patience)) {
			t->has_patience = true;
		} else {
			dist_destroy(&t->patience);
		}
	}
	if ((s = config_setting_get_member(g, "short_abandon")))
		val_duration(ld, s, &t->short_abandon_s);
	if ((s = config_setting_get_member(g, "sl_threshold")))
		val_duration(ld, s, &t->threshold_s[0]);
	if ((s = config_setting_get_member(g, "sl_formula"))) {
		const char *v;
		if (val_string(ld, s, "the name of a service-level formula", &v) &&
		    kpi_sl_formula_parse(v, &t->rules.sl_formula) != STATUS_OK) {
			struct text names = { "" };
			for (int f = SL_OVER_ANSWERED; f <= SL_EXCLUDING_SHORT; f++)
				text_add(&names, "%s%s", f ? ", " : "",
					 kpi_sl_formula_name((enum sl_formula)f));
			report(ld, s, "%s: unknown service-level formula %s; expected one of: %s",
			       path_of(s).s, describe(s).s, names.s);
		}
	}
	if ((s = config_setting_get_member(g, "abandon_excludes_short")))
		val_bool(ld, s, &t->rules.abandon_excludes_short);
}

/* Contacts per day: per_day (one value, or one per day of the horizon) or
 * per_weekday (seven values, Monday first, laid on the horizon's dates),
 * as a heap array of horizon.days values at *out (NULL on error). */
static void parse_daily(struct loader *ld, const config_setting_t *s, bool weekday,
			double **out)
{
	const struct horizon *h = &ld->sc->centre.horizon;
	*out = NULL;
	size_t n = 1;
	if (config_setting_is_list(s) || config_setting_is_array(s)) {
		n = (size_t)config_setting_length(s);
	} else if (weekday || !is_number(s)) {
		type_error(ld, s, weekday ? "a list of 7 numbers of contacts per day, "
			   "Monday to Sunday, such as [400, 380, 350, 350, 300, 0, 0]"
			   : EXP_PER_DAY ", or a list of one per day of the horizon");
		return;
	}
	double vals[7] = { 0 };
	double *v = weekday ? vals : malloc(n ? n * sizeof *v : 1);
	if (!v) {
		ld->nomem = true;
		return;
	}
	bool ok = true;
	for (size_t i = 0; i < n; i++) {
		const config_setting_t *e = n == 1 && !config_setting_is_list(s) &&
			!config_setting_is_array(s) ? s : config_setting_get_elem(s, (unsigned)i);
		double x = is_number(e) ? number_of(e) : NAN;
		if (!(isfinite(x) && x >= 0.0 && x <= MAX_FORECAST)) {
			type_error(ld, e, EXP_PER_DAY);
			ok = false;
		} else if (!weekday || i < 7) {
			v[i] = x;
		}
	}
	if (weekday && n != 7) {
		report(ld, s, "%s: %zu values; expected 7 (mon, tue, wed, thu, fri, sat, sun)",
		       path_of(s).s, n);
		ok = false;
	} else if (!weekday && ld->horizon_ok && n != 1 && n != (size_t)h->days) {
		report(ld, s, "%s: %zu values; expected 1 (every day) or %d (one per day of "
		       "the horizon)", path_of(s).s, n, h->days);
		ok = false;
	}
	if (ok && ld->horizon_ok) {
		double *days = malloc((size_t)h->days * sizeof *days);
		if (!days) {
			ld->nomem = true;
		} else {
			for (int d = 0; d < h->days; d++)
				days[d] = weekday ? v[horizon_weekday(h->start_date + d)]
					: v[n == 1 ? 0 : (size_t)d];
			*out = days;
		}
	}
	if (!weekday)
		free(v);
}

/* profile: 24 weights >= 0, one per hour, normalised into shares. */
static void parse_profile(struct loader *ld, const config_setting_t *s, double share[24])
{
	const char *expected = "a list of 24 weights >= 0, one per hour from 00:00 to 23:00";
	if (!config_setting_is_list(s) && !config_setting_is_array(s)) {
		type_error(ld, s, expected);
		return;
	}
	int n = config_setting_length(s);
	double w[24], sum = 0.0;
	bool ok = true;
	for (int i = 0; i < n; i++) {
		const config_setting_t *e = config_setting_get_elem(s, (unsigned)i);
		double x = is_number(e) ? number_of(e) : NAN;
		if (!(isfinite(x) && x >= 0.0)) {
			type_error(ld, e, "a weight >= 0");
			ok = false;
		} else if (i < 24) {
			w[i] = x;
			sum += x;
		}
	}
	if (n != 24) {
		report(ld, s, "%s: %d values; expected 24 (one per hour from 00:00 to 23:00)",
		       path_of(s).s, n);
		return;
	}
	if (!ok)
		return;
	if (!(sum > 0.0) || !isfinite(sum)) {
		report(ld, s, "%s: the weights sum to %g; expected a finite sum > 0 "
		       "(at least one weight > 0)", path_of(s).s, sum);
		return;
	}
	for (int i = 0; i < 24; i++)
		share[i] = w[i] / sum;
}

/* How a deferred type receives its contacts. */
static void parse_arrivals(struct loader *ld, const config_setting_t *g,
			   struct contact_type_config *t)
{
	static const char *const keys[] = { "forecast", "per_day", "per_weekday" };
	const config_setting_t *s = NULL;
	int which = -1;
	for (int i = 0; i < 3; i++) {
		const config_setting_t *m = config_setting_get_member(g, keys[i]);
		if (!m)
			continue;
		if (which < 0) {
			which = i;
			s = m;
		} else {
			report(ld, m, "%s: %s has arrivals from %s already; expected one of "
			       "forecast, per_day or per_weekday", path_of(m).s,
			       type_label(t, g).s, keys[which]);
		}
	}
	const config_setting_t *profile = config_setting_get_member(g, "profile");
	const config_setting_t *batch = config_setting_get_member(g, "batch");
	if (which != 1 && which != 2) {
		const config_setting_t *extra[2] = { profile, batch };
		for (int i = 0; i < 2; i++)
			if (extra[i])
				report(ld, extra[i], "%s: %s goes with per_day or per_weekday; "
				       "%s has %s", path_of(extra[i]).s,
				       config_setting_name(extra[i]), type_label(t, g).s,
				       which == 0 ? "a forecast per interval" : "no daily arrivals");
	}
	if (which < 0) {
		t->arrive = ARRIVE_NONE;   /* checked once every follow-up is known */
		return;
	}
	if (which == 0) {
		void *fc;
		t->arrive = ARRIVE_FORECAST;
		parse_series(ld, g, "forecast", false, &fc);
		t->forecast = fc;
		return;
	}
	parse_daily(ld, s, which == 2, &t->per_day);
	t->arrive = ARRIVE_DAILY;
	if (profile && batch) {
		report(ld, batch, "%s: batch and profile exclude each other; expected "
		       "profile (spread over the day) or batch (all at one time of day)",
		       path_of(batch).s);
	} else if (batch) {
		double v;
		t->arrive = ARRIVE_BATCH;
		if (val_time_of_day(ld, batch, &v)) {
			if (v < HORIZON_DAY_S)
				t->batch_s = v;
			else
				report(ld, batch, "%s: expected a time of day before 24:00 such "
				       "as \"09:00\"; got %s", path_of(batch).s,
				       describe(batch).s);
		}
	} else if (profile) {
		parse_profile(ld, profile, t->profile);
	}
}

/* One step (a group of the steps list) into *st. */
static void parse_step(struct loader *ld, const config_setting_t *e,
		       struct step_config *st)
{
	static const char *const keys[] = { "name", "handle_time", "deadline", "group", NULL };
	const config_setting_t *s;
	st->group = -1;
	if (!config_setting_is_group(e)) {
		type_error(ld, e, EXP_STEP);
		return;
	}
	check_keys(ld, e, keys, NULL);
	read_name(ld, e, st->name, sizeof st->name);
	if (!(s = config_setting_get_member(e, "handle_time")))
		missing(ld, e, "handle_time", EXP_DIST);
	else
		parse_dist(ld, s, &st->handle);
	if (!(s = config_setting_get_member(e, "deadline")))
		missing(ld, e, "deadline", EXP_DEADLINE);
	else
		val_deadline(ld, s, &st->deadline);
	const char *v;
	if ((s = config_setting_get_member(e, "group")))
		val_string(ld, s, "the name of an agent group", &v);  /* linked later */
}

/* The work of a deferred type: one inline step, or a steps list. */
static void parse_work(struct loader *ld, const config_setting_t *g,
		       struct contact_type_config *t)
{
	const config_setting_t *l = config_setting_get_member(g, "steps");
	const config_setting_t *s;
	if (!l) {
		struct step_config *st = &t->steps[0];
		t->n_steps = 1;
		strcpy(st->name, "answer");
		st->group = -1;
		if (!(s = config_setting_get_member(g, "handle_time")))
			missing(ld, g, "handle_time", EXP_DIST ", or a steps list");
		else
			parse_dist(ld, s, &st->handle);
		if (!(s = config_setting_get_member(g, "deadline")))
			missing(ld, g, "deadline", EXP_DEADLINE ", or a steps list");
		else
			val_deadline(ld, s, &st->deadline);
		return;
	}
	static const char *const inline_keys[] = { "handle_time", "deadline" };
	for (int i = 0; i < 2; i++)
		if ((s = config_setting_get_member(g, inline_keys[i])))
			report(ld, s, "%s: %s has a steps list; expected %s inside each "
			       "step, not beside the list", path_of(s).s, type_label(t, g).s,
			       inline_keys[i]);
	char exp_list[160];
	snprintf(exp_list, sizeof exp_list, "a list ( { name = ...; handle_time = ...; "
		 "deadline = ...; } ) of 1 to %d steps", CENTRE_MAX_STEPS);
	if (!config_setting_is_list(l)) {
		type_error(ld, l, exp_list);
		return;
	}
	int n = config_setting_length(l);
	if (n == 0) {
		report(ld, l, "%s: the list is empty; expected %s", path_of(l).s, exp_list);
		return;
	}
	if (n > CENTRE_MAX_STEPS) {
		report(ld, l, "%s: %d steps; expected at most %d", path_of(l).s, n,
		       CENTRE_MAX_STEPS);
		n = CENTRE_MAX_STEPS;
	}
	t->n_steps = n;
	for (int i = 0; i < n; i++) {
		const config_setting_t *e = config_setting_get_elem(l, (unsigned)i);
		parse_step(ld, e, &t->steps[i]);
		for (int j = 0; j < i && t->steps[i].name[0]; j++)
			if (strcmp(t->steps[j].name, t->steps[i].name) == 0) {
				report(ld, config_setting_get_member(e, "name"),
				       "%s: duplicate step name \"%s\" (also at line %u); "
				       "expected unique names within %s",
				       member_path(e, "name").s, t->steps[i].name,
				       config_setting_source_line(config_setting_get_elem(l, (unsigned)j)),
				       type_label(t, g).s);
				break;
			}
	}
}

static void parse_initial_backlog(struct loader *ld, const config_setting_t *s,
				  struct initial_backlog *ib)
{
	static const char *const keys[] = { "count", "age", NULL };
	if (!config_setting_is_group(s)) {
		type_error(ld, s, "a group { count = 120; age = { dist = \"uniform\"; "
			   "min = \"0s\"; max = \"3d\"; }; }");
		return;
	}
	check_keys(ld, s, keys, NULL);
	const config_setting_t *cs = config_setting_get_member(s, "count");
	long long count = -1;
	if (!cs)
		missing(ld, s, "count", "a whole number of contacts from 0 to 10000000");
	else if (!val_int(ld, cs, 0, MAX_BACKLOG, &count))
		count = -1;
	const config_setting_t *as = config_setting_get_member(s, "age");
	if (as) {
		parse_dist(ld, as, &ib->age);
		if (count == 0)
			dist_destroy(&ib->age);  /* nothing to draw */
	} else if (count > 0) {
		missing(ld, s, "age", "the ages of the waiting contacts, needed when "
			"count > 0: " EXP_DIST);
	}
	if (count >= 0)
		ib->count = (int)count;
}

static void parse_deferred(struct loader *ld, const config_setting_t *g,
			   struct contact_type_config *t)
{
	for (int h = 0; h < 24; h++)
		t->profile[h] = 1.0 / 24.0;
	parse_arrivals(ld, g, t);
	parse_work(ld, g, t);
	const config_setting_t *s = config_setting_get_member(g, "initial_backlog");
	if (s)
		parse_initial_backlog(ld, s, &t->initial);
}

/* The follow-up group of type g that counts (complaints, else recourse on
 * a deferred type), with its key in *key; NULL when none. */
static const config_setting_t *follow_up_of(const config_setting_t *g, bool deferred,
					    const char **key)
{
	const config_setting_t *s = config_setting_get_member(g, "complaints");
	*key = "complaints";
	if (!s && deferred) {
		s = config_setting_get_member(g, "recourse");
		*key = "recourse";
	}
	return s;
}

/* A follow-up group: its share and delay; the type is linked once every
 * contact type is read (it may name a later one). */
static void parse_follow_up(struct loader *ld, const config_setting_t *s,
			    struct follow_up *fu)
{
	static const char *const keys[] = { "type", "share", "delay", NULL };
	if (!config_setting_is_group(s)) {
		type_error(ld, s, "a follow-up { type = \"complaint\"; share = \"2%\"; "
			   "delay = { dist = ...; }; }");
		return;
	}
	check_keys(ld, s, keys, NULL);
	const config_setting_t *m;
	const char *v;
	if (!(m = config_setting_get_member(s, "type")))
		missing(ld, s, "type", "the name of a deferred contact type");
	else
		val_string(ld, m, "the name of a deferred contact type", &v);
	if (!(m = config_setting_get_member(s, "share")))
		missing(ld, s, "share", EXP_FRACTION);
	else
		val_fraction(ld, m, &fu->share);
	if ((m = config_setting_get_member(s, "delay"))) {
		if (parse_dist(ld, m, &fu->delay))
			fu->has_delay = true;
		else
			dist_destroy(&fu->delay);
	}
}

/* Reads contact type g into *t; *channel_ok tells whether its channel was
 * understood (when not, the rest of it is not judged). */
static void parse_type(struct loader *ld, const config_setting_t *g,
		       struct contact_type_config *t, bool *channel_ok)
{
	static const char *const keys[] = {
		"name", "channel", "forecast", "handle_time", "wrap_up", "patience",
		"short_abandon", "sl_threshold", "sl_formula", "abandon_excludes_short",
		"per_day", "per_weekday", "profile", "batch", "steps", "deadline",
		"complaints", "recourse", "initial_backlog", "busyness_cv", NULL };
	t->n_thresholds = 1;
	t->threshold_s[0] = DEFAULT_SL_THRESHOLD_S;
	t->rules.sl_formula = SL_OVER_PRESENTED;
	t->rules.abandon_excludes_short = false;
	t->channel = CHANNEL_VOICE;
	t->arrive = ARRIVE_FORECAST;
	t->follow_up.type = -1;
	*channel_ok = false;
	if (!config_setting_is_group(g)) {
		type_error(ld, g, "a contact type { name = \"calls\"; forecast = ...; "
			   "handle_time = { ... }; }");
		return;
	}
	check_keys(ld, g, keys, NULL);
	read_name(ld, g, t->name, sizeof t->name);

	const config_setting_t *s;
	if ((s = config_setting_get_member(g, "channel"))) {
		const char *v;
		if (!val_string(ld, s, "\"voice\", \"email\", \"web\" or \"letter\"", &v))
			return;
		int ch = -1;
		for (int i = 0; i < 4; i++)
			if (strcmp(v, channel_names[i]) == 0)
				ch = i;
		if (ch < 0) {
			report(ld, s, "%s: unknown channel %s; expected one of: voice, email, "
			       "web, letter", path_of(s).s, describe(s).s);
			return;
		}
		t->channel = (enum channel)ch;
	}
	*channel_ok = true;
	bool deferred = channel_is_deferred(t->channel);

	const char *const *wrong = deferred ? voice_only_keys : deferred_only_keys;
	for (int i = 0; wrong[i]; i++)
		if ((s = config_setting_get_member(g, wrong[i])))
			report(ld, s, "%s: %s is for %s contact types; %s has channel %s, so "
			       "expected no %s setting", path_of(s).s, wrong[i],
			       deferred ? "voice" : "deferred (email, web, letter)",
			       type_label(t, g).s, channel_names[t->channel], wrong[i]);

	if (deferred)
		parse_deferred(ld, g, t);
	else
		parse_voice(ld, g, t);
	if ((s = config_setting_get_member(g, "busyness_cv"))) {
		double cv;
		if (!is_number(s) || !(number_of(s) >= 0.0 && number_of(s) <= MAX_BUSYNESS_CV))
			type_error(ld, s, "a coefficient of variation from 0 (plain Poisson) "
				   "to 10, such as 0.15");
		else if ((cv = number_of(s)) > 0.0 && t->arrive == ARRIVE_NONE)
			report(ld, s, "%s: %s receives only follow-ups, which have no "
			       "day-level busyness; expected no busyness_cv", path_of(s).s,
			       type_label(t, g).s);
		else
			t->busyness_cv = cv;
	}

	const char *key;
	const config_setting_t *fu = follow_up_of(g, deferred, &key);
	const config_setting_t *rec = config_setting_get_member(g, "recourse");
	if (deferred && rec && rec != fu)
		report(ld, rec, "%s: %s has complaints already (line %u); expected one "
		       "follow-up per contact type, complaints or recourse",
		       path_of(rec).s, type_label(t, g).s, config_setting_source_line(fu));
	if (fu)
		parse_follow_up(ld, fu, &t->follow_up);
}

/* The list member `name` of root, checked to hold 1..max (min_one) or
 * 0..max entries; NULL when absent (reported if required) or wrong. */
static const config_setting_t *get_list(struct loader *ld, const config_setting_t *root,
					const char *name, bool required, int max,
					const char *example, int *n)
{
	const config_setting_t *l = config_setting_get_member(root, name);
	*n = 0;
	if (!l) {
		if (required)
			missing(ld, root, name, example);
		return NULL;
	}
	if (!config_setting_is_list(l)) {
		type_error(ld, l, example);
		return NULL;
	}
	*n = config_setting_length(l);
	if (required && *n == 0) {
		report(ld, l, "%s: the list is empty; expected at least one entry, %s",
		       path_of(l).s, example);
		return NULL;
	}
	if (*n > max) {
		report(ld, l, "%s: %d entries; expected at most %d", path_of(l).s, *n, max);
		*n = max;
	}
	return l;
}

static int find_type(const struct centre_config *c, const char *name)
{
	for (int i = 0; i < c->n_types; i++)
		if (c->types[i].name[0] && strcmp(c->types[i].name, name) == 0)
			return i;
	return -1;
}

/* The names of the contact types (only the deferred ones, but `except`,
 * when `deferred`). */
static struct text some_type_names(const struct loader *ld, bool deferred, int except)
{
	const struct centre_config *c = &ld->sc->centre;
	struct text t = { "" };
	bool first = true;
	for (int i = 0; i < c->n_types; i++)
		if (c->types[i].name[0] && find_type(c, c->types[i].name) == i && i != except &&
		    (!deferred || (ld->channel_ok[i] &&
				   channel_is_deferred(c->types[i].channel)))) {
			text_add(&t, "%s%s", first ? "" : ", ", c->types[i].name);
			first = false;
		}
	if (first)
		text_add(&t, "(none defined)");
	return t;
}

static struct text type_names(const struct loader *ld)
{
	return some_type_names(ld, false, -1);
}

/* Is contact type t a deferred one, with its channel understood? */
static bool is_deferred(const struct loader *ld, int t)
{
	return t >= 0 && ld->channel_ok[t] &&
	       channel_is_deferred(ld->sc->centre.types[t].channel);
}

/* Links each follow-up to the type it names, refusing unknown, voice and
 * self references and loops. */
static void link_follow_ups(struct loader *ld, const config_setting_t *l)
{
	struct centre_config *c = &ld->sc->centre;
	for (int t = 0; t < c->n_types; t++) {
		const config_setting_t *g = config_setting_get_elem(l, (unsigned)t);
		const char *key;
		const config_setting_t *fu;
		if (!ld->channel_ok[t] ||
		    !(fu = follow_up_of(g, is_deferred(ld, t), &key)) ||
		    !config_setting_is_group(fu))
			continue;
		const config_setting_t *ts = config_setting_get_member(fu, "type");
		if (!ts || config_setting_type(ts) != CONFIG_TYPE_STRING)
			continue;  /* reported */
		int u = find_type(c, config_setting_get_string(ts));
		if (u < 0)
			report(ld, ts, "%s: unknown contact type %s; expected one of the "
			       "deferred contact types: %s", path_of(ts).s, describe(ts).s,
			       some_type_names(ld, true, t).s);
		else if (u == t)
			report(ld, ts, "%s: %s names its own contact type; expected another "
			       "deferred contact type: %s", path_of(ts).s, describe(ts).s,
			       some_type_names(ld, true, t).s);
		else if (!ld->channel_ok[u])
			continue;  /* its channel is reported */
		else if (!is_deferred(ld, u))
			report(ld, ts, "%s: %s type %s is not a deferred contact type "
			       "(it has channel voice); expected one of: %s", path_of(ts).s,
			       key, describe(ts).s, some_type_names(ld, true, t).s);
		else
			c->types[t].follow_up.type = u;
	}
	/* A loop of follow-ups would never end: report it once, at its first type. */
	for (int t = 0; t < c->n_types; t++) {
		int u = c->types[t].follow_up.type, n = 0, low = t;
		while (u >= 0 && u != t && n <= c->n_types) {
			if (u < low)
				low = u;
			u = c->types[u].follow_up.type;
			n++;
		}
		if (u != t || low != t)
			continue;
		struct text chain = { "" };
		text_add(&chain, "%s", c->types[t].name);
		for (u = c->types[t].follow_up.type; ; u = c->types[u].follow_up.type) {
			text_add(&chain, " -> %s", c->types[u].name);
			if (u == t)
				break;
		}
		const char *key;
		const config_setting_t *fu = follow_up_of(config_setting_get_elem(l, (unsigned)t),
							  is_deferred(ld, t), &key);
		const config_setting_t *ts = config_setting_get_member(fu, "type");
		report(ld, ts, "%s: the follow-ups form a loop (%s); expected a chain "
		       "that ends", path_of(ts).s, chain.s);
	}
}

/* A deferred type without arrivals of its own must be some follow-up's
 * type (named by any type, whatever else is wrong with that one). */
static void check_arrivals(struct loader *ld, const config_setting_t *l)
{
	const struct centre_config *c = &ld->sc->centre;
	for (int t = 0; t < c->n_types; t++) {
		if (!is_deferred(ld, t) || c->types[t].arrive != ARRIVE_NONE ||
		    !c->types[t].name[0])
			continue;
		bool named = false;
		for (int u = 0; u < c->n_types && !named; u++) {
			const config_setting_t *g = config_setting_get_elem(l, (unsigned)u);
			static const char *const keys[] = { "complaints", "recourse" };
			for (int k = 0; k < 2 && !named && u != t; k++) {
				const config_setting_t *fu = config_setting_get_member(g, keys[k]);
				const config_setting_t *ts = fu && config_setting_is_group(fu)
					? config_setting_get_member(fu, "type") : NULL;
				named = ts && config_setting_type(ts) == CONFIG_TYPE_STRING &&
					strcmp(config_setting_get_string(ts), c->types[t].name) == 0;
			}
		}
		if (!named)
			report(ld, config_setting_get_elem(l, (unsigned)t),
			       "%s: contact type \"%s\" has no arrivals; expected forecast, "
			       "per_day or per_weekday, or its name as the type of another "
			       "contact type's complaints or recourse",
			       path_of(config_setting_get_elem(l, (unsigned)t)).s,
			       c->types[t].name);
	}
}

static void parse_types(struct loader *ld, const config_setting_t *root)
{
	struct centre_config *c = &ld->sc->centre;
	int n;
	const config_setting_t *l = get_list(ld, root, "contact_types", true, CENTRE_MAX_TYPES,
		"a list ( { name = \"calls\"; ... } ) of contact types", &n);
	if (!l)
		return;
	c->types = calloc((size_t)n, sizeof *c->types);
	if (!c->types) {
		ld->nomem = true;
		return;
	}
	c->n_types = n;
	for (int i = 0; i < n; i++) {
		const config_setting_t *g = config_setting_get_elem(l, (unsigned)i);
		parse_type(ld, g, &c->types[i], &ld->channel_ok[i]);
		for (int j = 0; j < i && c->types[i].name[0]; j++)
			if (strcmp(c->types[j].name, c->types[i].name) == 0) {
				report(ld, config_setting_get_member(g, "name"),
				       "%s: duplicate contact type name \"%s\" (also at line %u); "
				       "expected unique names", member_path(g, "name").s,
				       c->types[i].name,
				       config_setting_source_line(config_setting_get_elem(l, (unsigned)j)));
				break;
			}
	}
	link_follow_ups(ld, l);
	check_arrivals(ld, l);
}

/* ---- agent groups ---------------------------------------------------------- */

static const char *const order_names[] = { [ORDER_EDF] = "edf", [ORDER_FIFO] = "fifo" };

static void parse_group(struct loader *ld, const config_setting_t *g,
			struct agent_group_config *a)
{
	static const char *const keys[] = { "name", "handles", "staffing", "work_order",
					    "reserve", NULL };
	const struct centre_config *c = &ld->sc->centre;
	a->order = ORDER_EDF;
	if (!config_setting_is_group(g)) {
		type_error(ld, g, "an agent group { name = \"front\"; handles = [\"calls\"]; "
			   "staffing = ...; }");
		return;
	}
	check_keys(ld, g, keys, NULL);
	read_name(ld, g, a->name, sizeof a->name);
	struct text label = { "" };
	if (a->name[0])
		text_add(&label, "agent group \"%s\"", a->name);
	else
		text_add(&label, "this agent group");

	const config_setting_t *h = config_setting_get_member(g, "handles");
	const char *exp_handles = "a list of contact type names such as [\"calls\"]";
	if (!h) {
		report(ld, g, "%s: %s handles no contact type: missing required setting "
		       "'handles' (%s)", path_of(g).s, label.s, exp_handles);
	} else if (!config_setting_is_list(h) && !config_setting_is_array(h)) {
		type_error(ld, h, exp_handles);
	} else if (config_setting_length(h) == 0) {
		report(ld, h, "%s: %s handles no contact type; expected %s",
		       path_of(h).s, label.s, exp_handles);
	} else {
		int n = config_setting_length(h);
		for (int i = 0; i < n; i++) {
			const config_setting_t *e = config_setting_get_elem(h, (unsigned)i);
			const char *v;
			if (!val_string(ld, e, "the name of a contact type", &v) || c->n_types == 0)
				continue;  /* no contact types: reported already */
			int t = find_type(c, v);
			if (t < 0) {
				report(ld, e, "%s: unknown contact type %s; expected one of: %s",
				       path_of(e).s, describe(e).s, type_names(ld).s);
				continue;
			}
			bool dup = false;
			for (int j = 0; j < a->n_handles && !dup; j++)
				dup = a->handles[j] == t;
			if (dup) {
				report(ld, e, "%s: contact type %s is listed twice; expected "
				       "each type once", path_of(e).s, describe(e).s);
				continue;
			}
			if (a->n_handles < CENTRE_MAX_TYPES)
				a->handles[a->n_handles++] = t;
		}
	}
	void *st;
	parse_series(ld, g, "staffing", true, &st);
	a->staffing = st;

	const config_setting_t *s = config_setting_get_member(g, "work_order");
	const char *v;
	if (s && val_string(ld, s, "\"edf\" or \"fifo\"", &v)) {
		if (strcmp(v, order_names[ORDER_EDF]) == 0)
			a->order = ORDER_EDF;
		else if (strcmp(v, order_names[ORDER_FIFO]) == 0)
			a->order = ORDER_FIFO;
		else
			report(ld, s, "%s: unknown work order %s; expected one of: edf "
			       "(earliest deadline first), fifo (first in, first out)",
			       path_of(s).s, describe(s).s);
	}
	long long reserve;
	if ((s = config_setting_get_member(g, "reserve")) &&
	    val_int(ld, s, 0, 1000000, &reserve)) {
		bool voice = false, written = false;
		for (int i = 0; i < a->n_handles; i++) {
			bool d = channel_is_deferred(c->types[a->handles[i]].channel);
			voice |= !d;
			written |= d;
		}
		a->reserve = (int)reserve;
		if (reserve > 0 && a->n_handles > 0 && !(voice && written))
			report(ld, s, "%s: %s keeps agents free for calls but does not handle "
			       "both calls and deferred contacts; expected reserve only on a "
			       "group that blends them", path_of(s).s, label.s);
	}
}

static int find_group(const struct centre_config *c, const char *name)
{
	for (int i = 0; i < c->n_groups; i++)
		if (c->groups[i].name[0] && strcmp(c->groups[i].name, name) == 0)
			return i;
	return -1;
}

static void parse_groups(struct loader *ld, const config_setting_t *root)
{
	struct centre_config *c = &ld->sc->centre;
	int n;
	const config_setting_t *l = get_list(ld, root, "agent_groups", true, CENTRE_MAX_GROUPS,
		"a list ( { name = \"front\"; handles = [\"calls\"]; staffing = 10; } )", &n);
	if (!l)
		return;
	c->groups = calloc((size_t)n, sizeof *c->groups);
	if (!c->groups) {
		ld->nomem = true;
		return;
	}
	c->n_groups = n;
	size_t before = ld->n_errors;
	for (int i = 0; i < n; i++) {
		const config_setting_t *g = config_setting_get_elem(l, (unsigned)i);
		parse_group(ld, g, &c->groups[i]);
		for (int j = 0; j < i && c->groups[i].name[0]; j++)
			if (strcmp(c->groups[j].name, c->groups[i].name) == 0) {
				report(ld, config_setting_get_member(g, "name"),
				       "%s: duplicate agent group name \"%s\" (also at line %u); "
				       "expected unique names", member_path(g, "name").s,
				       c->groups[i].name,
				       config_setting_source_line(config_setting_get_elem(l, (unsigned)j)));
				break;
			}
	}
	if (ld->n_errors != before)
		return;
	/* Every contact type, voice or deferred, needs someone to handle it. */
	const config_setting_t *tl = config_setting_get_member(root, "contact_types");
	for (int t = 0; t < c->n_types; t++) {
		bool served = false;
		for (int g = 0; g < c->n_groups && !served; g++)
			served = centre_group_serves(&c->groups[g], t);
		if (!served && c->types[t].name[0])
			report(ld, config_setting_get_elem(tl, (unsigned)t),
			       "contact type \"%s\" is handled by no agent group; expected it "
			       "in the handles of a group in agent_groups", c->types[t].name);
	}
}

/* Links the `group` of each step to an agent group that handles its type. */
static void link_step_groups(struct loader *ld, const config_setting_t *root)
{
	struct centre_config *c = &ld->sc->centre;
	const config_setting_t *tl = config_setting_get_member(root, "contact_types");
	bool all_named = c->n_groups > 0;
	for (int g = 0; g < c->n_groups; g++)
		all_named &= c->groups[g].name[0] != '\0';
	for (int t = 0; t < c->n_types; t++) {
		struct contact_type_config *ct = &c->types[t];
		const config_setting_t *l = is_deferred(ld, t)
			? config_setting_get_member(config_setting_get_elem(tl, (unsigned)t), "steps")
			: NULL;
		if (!l || !config_setting_is_list(l))
			continue;
		for (int i = 0; i < ct->n_steps; i++) {
			const config_setting_t *e = config_setting_get_elem(l, (unsigned)i);
			const config_setting_t *gs = config_setting_is_group(e)
				? config_setting_get_member(e, "group") : NULL;
			if (!gs || config_setting_type(gs) != CONFIG_TYPE_STRING)
				continue;
			const char *name = config_setting_get_string(gs);
			int g = find_group(c, name);
			if (g < 0) {
				if (!all_named)
					continue;  /* it may be the group whose name is wrong */
				struct text names = { "" };
				for (int k = 0; k < c->n_groups; k++)
					text_add(&names, "%s%s", k ? ", " : "", c->groups[k].name);
				report(ld, gs, "%s: step \"%s\" of \"%s\": unknown agent group %s; "
				       "expected one of: %s", path_of(gs).s, ct->steps[i].name,
				       ct->name, describe(gs).s, names.s);
			} else if (!centre_group_serves(&c->groups[g], t)) {
				report(ld, gs, "%s: step \"%s\" of \"%s\": agent group %s does not "
				       "handle \"%s\"; expected a group with \"%s\" in its handles",
				       path_of(gs).s, ct->steps[i].name, ct->name, describe(gs).s,
				       ct->name, ct->name);
			} else {
				ct->steps[i].group = g;
			}
		}
	}
}

/* ---- commitments ----------------------------------------------------------- */

static bool kpi_is_time(enum kpi k)
{
	return k == KPI_ASA || k == KPI_MEAN_WAIT || k == KPI_P90_WAIT ||
	       k == KPI_P95_WAIT || k == KPI_MAX_WAIT;
}

static struct text kpi_names(bool task)
{
	struct text names = { "" };
	int n = task ? TASK_KPI_COUNT : KPI_COUNT;
	for (int k = 0; k < n; k++)
		text_add(&names, "%s%s", k ? ", " : "",
			 task ? kpi_task_name((enum task_kpi)k) : kpi_name((enum kpi)k));
	return names;
}

static struct text step_names(const struct contact_type_config *t)
{
	struct text names = { "" };
	for (int i = 0; i < t->n_steps; i++)
		text_add(&names, "%s%s", i ? ", " : "", t->steps[i].name);
	return names;
}

/* A response-time target, on the clock of the step's deadline: business
 * days as a number (or "2bd"), business hours as a duration (or "12bh"),
 * other clocks as a duration, all stored as bizcal_elapsed measures them. */
static bool val_response(struct loader *ld, const config_setting_t *s,
			 enum deadline_clock clock, double *out)
{
	struct deadline d;
	bool str = config_setting_type(s) == CONFIG_TYPE_STRING;
	if (clock == CLOCK_BUSINESS_DAYS) {
		bool ok;
		if (str)
			ok = units_deadline(config_setting_get_string(s), &d) == STATUS_OK &&
			     d.clock == CLOCK_BUSINESS_DAYS;
		else
			ok = is_number(s) && isfinite(number_of(s)) && number_of(s) >= 0.0;
		if (!ok) {
			type_error(ld, s, "a number of business days >= 0 such as 2 or \"2bd\" "
				   "(the step's deadline counts business days)");
			return false;
		}
		*out = str ? d.amount : number_of(s);
		return true;
	}
	if (clock == CLOCK_BUSINESS_HOURS && str &&
	    units_deadline(config_setting_get_string(s), &d) == STATUS_OK &&
	    d.clock == CLOCK_BUSINESS_HOURS) {
		*out = d.amount;
		return true;
	}
	return val_duration(ld, s, out);
}

static void parse_commitment(struct loader *ld, const config_setting_t *g,
			     struct commitment *cm)
{
	static const char *const keys[] = {
		"name", "kpi", "contact_type", "threshold", "target", "direction",
		"period", "step", NULL };
	struct centre_config *c = &ld->sc->centre;
	cm->step = -1;
	if (!config_setting_is_group(g)) {
		type_error(ld, g, "a commitment { name = ...; kpi = ...; contact_type = ...; "
			   "target = ...; direction = ...; period = ...; }");
		return;
	}
	check_keys(ld, g, keys, NULL);

	const config_setting_t *s;
	const char *v;
	const char *exp_name = "a name of 1 to 95 printable characters";
	if (!(s = config_setting_get_member(g, "name"))) {
		missing(ld, g, "name", exp_name);
	} else if (val_string(ld, s, exp_name, &v)) {
		size_t len = strlen(v);
		bool printable = len > 0 && len < sizeof cm->name;
		for (const unsigned char *p = (const unsigned char *)v; *p && printable; p++)
			printable = *p >= 0x20 && *p != 0x7f;
		if (!printable)
			type_error(ld, s, exp_name);
		else
			memcpy(cm->name, v, len + 1);
	}

	int t = -1;
	cm->contact_type = -1;
	if (!(s = config_setting_get_member(g, "contact_type"))) {
		missing(ld, g, "contact_type", "the name of a contact type");
	} else if (val_string(ld, s, "the name of a contact type", &v)) {
		t = find_type(c, v);
		if (t < 0 && c->n_types > 0)
			report(ld, s, "%s: unknown contact type %s; expected one of: %s",
			       path_of(s).s, describe(s).s, type_names(ld).s);
		cm->contact_type = t;
	}
	/* The kind of KPI follows the channel; unknown when the type is. */
	bool deferred = is_deferred(ld, t);
	bool voice = t >= 0 && ld->channel_ok[t] && !deferred;
	struct contact_type_config *ct = t >= 0 ? &c->types[t] : NULL;

	bool kpi_ok = false, task = deferred;
	const char *exp_kpi = deferred ? "a KPI name such as \"within_deadline\""
				       : "a KPI name such as \"service_level\"";
	if (!(s = config_setting_get_member(g, "kpi"))) {
		missing(ld, g, "kpi", exp_kpi);
	} else if (val_string(ld, s, exp_kpi, &v)) {
		if (deferred) {
			kpi_ok = kpi_task_parse(v, &cm->task_kpi) == STATUS_OK;
			if (!kpi_ok)
				report(ld, s, "%s: unknown KPI %s for the deferred contact type "
				       "\"%s\"; expected one of: %s", path_of(s).s,
				       describe(s).s, ct->name, kpi_names(true).s);
		} else if (kpi_parse(v, &cm->kpi) == STATUS_OK) {
			kpi_ok = true;
		} else if (kpi_task_parse(v, &cm->task_kpi) == STATUS_OK) {
			if (voice)
				report(ld, s, "%s: %s is a KPI of deferred work; \"%s\" has "
				       "channel voice, so expected one of: %s", path_of(s).s,
				       describe(s).s, ct->name, kpi_names(false).s);
			else
				kpi_ok = task = true;   /* the type is unknown */
		} else {
			report(ld, s, "%s: unknown KPI %s; expected one of: %s",
			       path_of(s).s, describe(s).s, kpi_names(false).s);
		}
	}

	s = config_setting_get_member(g, "step");
	if (deferred && ct->n_steps > 0) {   /* none: its steps are in error */
		if (!s) {
			if (ct->n_steps > 1) {
				struct text e = { "" };
				text_add(&e, "\"%s\" has %d steps; expected one of: %s",
					 ct->name, ct->n_steps, step_names(ct).s);
				missing(ld, g, "step", e.s);
			} else {
				cm->step = 0;
			}
		} else if (val_string(ld, s, "the name of a step", &v)) {
			for (int i = 0; i < ct->n_steps && cm->step < 0; i++)
				if (strcmp(ct->steps[i].name, v) == 0)
					cm->step = i;
			if (cm->step < 0)
				report(ld, s, "%s: unknown step %s of \"%s\"; expected one of: %s",
				       path_of(s).s, describe(s).s, ct->name, step_names(ct).s);
		}
	} else if (s && voice) {
		report(ld, s, "%s: steps are for deferred contact types; \"%s\" has channel "
		       "voice, so expected no step setting", path_of(s).s, ct->name);
	}

	s = config_setting_get_member(g, "threshold");
	if (kpi_ok && (task || !kpi_uses_threshold(cm->kpi))) {
		if (s && task)
			report(ld, s, "%s: the KPI '%s' takes no threshold; expected no "
			       "threshold setting (deferred work is judged against each "
			       "step's deadline)", path_of(s).s, kpi_task_name(cm->task_kpi));
		else if (s)
			report(ld, s, "%s: the KPI '%s' takes no threshold; expected no "
			       "threshold setting (only answered_within and service_level "
			       "use one)", path_of(s).s, kpi_name(cm->kpi));
		cm->threshold_s = 0.0;
		cm->threshold_index = 0;
	} else if (kpi_ok) {
		double T = t >= 0 ? c->types[t].threshold_s[0] : 0.0;
		bool ok = s ? val_duration(ld, s, &T) : true;
		if (ok && t >= 0) {
			cm->threshold_s = T;
			cm->threshold_index = centre_type_threshold(&c->types[t], T);
			if (cm->threshold_index < 0)
				report(ld, s ? s : g, "%s: contact type \"%s\" has too many "
				       "distinct thresholds; expected at most %d",
				       member_path(g, "threshold").s, c->types[t].name,
				       KPI_MAX_THRESHOLDS);
		}
	}

	if (!(s = config_setting_get_member(g, "target"))) {
		missing(ld, g, "target", "a fraction, a duration or a count, as the KPI");
	} else if (kpi_ok && task) {
		enum task_kpi k = cm->task_kpi;
		if (kpi_task_is_ratio(k))
			val_fraction(ld, s, &cm->target);
		else if (kpi_task_is_response(k))
			val_response(ld, s, deferred && cm->step >= 0
				     ? ct->steps[cm->step].deadline.clock : CLOCK_CALENDAR,
				     &cm->target);
		else if (k == TASK_OLDEST_AGE)
			val_duration(ld, s, &cm->target);
		else if (!is_number(s) || !isfinite(number_of(s)) || number_of(s) < 0)
			type_error(ld, s, "a count >= 0");
		else
			cm->target = number_of(s);
	} else if (kpi_ok) {
		if (kpi_is_ratio(cm->kpi))
			val_fraction(ld, s, &cm->target);
		else if (kpi_is_time(cm->kpi))
			val_duration(ld, s, &cm->target);
		else if (!is_number(s) || !isfinite(number_of(s)) || number_of(s) < 0)
			type_error(ld, s, "a count >= 0");
		else
			cm->target = number_of(s);
	}

	if (!(s = config_setting_get_member(g, "direction"))) {
		missing(ld, g, "direction", "\"at_least\" or \"at_most\"");
	} else if (val_string(ld, s, "\"at_least\" or \"at_most\"", &v) &&
		   commit_direction_parse(v, &cm->direction) != STATUS_OK) {
		report(ld, s, "%s: unknown direction %s; expected one of: %s, %s",
		       path_of(s).s, describe(s).s, commit_direction_name(AT_LEAST),
		       commit_direction_name(AT_MOST));
	}

	if (!(s = config_setting_get_member(g, "period"))) {
		missing(ld, g, "period", task ? "\"day\", \"week\" or \"horizon\""
			: "\"interval\", \"day\", \"week\" or \"horizon\"");
	} else if (val_string(ld, s, "\"interval\", \"day\", \"week\" or \"horizon\"", &v)) {
		if (commit_period_parse(v, &cm->period) != STATUS_OK)
			report(ld, s, "%s: unknown period %s; expected one of: %s, %s, %s, %s",
			       path_of(s).s, describe(s).s, commit_period_name(PERIOD_INTERVAL),
			       commit_period_name(PERIOD_DAY), commit_period_name(PERIOD_WEEK),
			       commit_period_name(PERIOD_HORIZON));
		else if (task && cm->period == PERIOD_INTERVAL)
			report(ld, s, "%s: deferred work is judged per day, week or horizon, "
			       "not per interval; expected the period \"day\", \"week\" or "
			       "\"horizon\"", path_of(s).s);
		else if (kpi_ok && task && cm->period == PERIOD_WEEK &&
			 cm->task_kpi == TASK_P90_RESPONSE)
			report(ld, s, "%s: %s is not kept per week; expected the period "
			       "\"day\" or \"horizon\"", path_of(s).s,
			       kpi_task_name(cm->task_kpi));
		else if (kpi_ok && !task && cm->period == PERIOD_WEEK &&
			 (cm->kpi == KPI_P90_WAIT || cm->kpi == KPI_P95_WAIT))
			report(ld, s, "%s: %s is not kept per week; expected the period "
			       "\"interval\", \"day\" or \"horizon\"", path_of(s).s,
			       kpi_name(cm->kpi));
	}
}

static void parse_commitments(struct loader *ld, const config_setting_t *root)
{
	struct scenario *sc = ld->sc;
	int n;
	const config_setting_t *l = get_list(ld, root, "commitments", false, 100000,
		"a list ( { name = ...; kpi = ...; ... } ) of commitments", &n);
	if (!l || n == 0)
		return;
	sc->commitments = calloc((size_t)n, sizeof *sc->commitments);
	if (!sc->commitments) {
		ld->nomem = true;
		return;
	}
	sc->n_commitments = n;
	for (int i = 0; i < n; i++) {
		const config_setting_t *g = config_setting_get_elem(l, (unsigned)i);
		parse_commitment(ld, g, &sc->commitments[i]);
		const char *name = sc->commitments[i].name;
		for (int j = 0; j < i && name[0]; j++)
			if (strcmp(sc->commitments[j].name, name) == 0) {
				report(ld, config_setting_get_member(g, "name"),
				       "%s: duplicate commitment name \"%s\" (also at line %u); "
				       "expected unique names", member_path(g, "name").s, name,
				       config_setting_source_line(config_setting_get_elem(l, (unsigned)j)));
				break;
			}
	}
}

/* ---- the top level --------------------------------------------------------- */

static void parse_root(struct loader *ld, const config_setting_t *root)
{
	static const char *const keys[] = {
		"name", "seed", "replications", "confidence", "wait_histogram_max",
		"horizon", "opening", "contact_types", "agent_groups", "commitments",
		NULL };
	struct scenario *sc = ld->sc;
	sc->seed = DEFAULT_SEED;
	sc->replications = DEFAULT_REPLICATIONS;
	sc->confidence = DEFAULT_CONFIDENCE;
	sc->centre.wait_hist_max_s = DEFAULT_WAIT_HIST_S;

	check_keys(ld, root, keys, NULL);
	read_name(ld, root, sc->name, sizeof sc->name);

	const config_setting_t *s;
	long long v;
	if ((s = config_setting_get_member(root, "seed")) &&
	    val_int(ld, s, 0, INT64_MAX, &v))
		sc->seed = (uint64_t)v;
	if ((s = config_setting_get_member(root, "replications")) &&
	    val_int(ld, s, 1, MAX_REPLICATIONS, &v))
		sc->replications = (int)v;
	if ((s = config_setting_get_member(root, "confidence"))) {
		double f;
		if (val_fraction(ld, s, &f)) {
			if (f > 0.0 && f < 1.0)
				sc->confidence = f;
			else
				report(ld, s, "%s: expected a fraction strictly between 0 and 1 "
				       "such as 0.95; got %s", path_of(s).s, describe(s).s);
		}
	}
	if ((s = config_setting_get_member(root, "wait_histogram_max"))) {
		double w;
		if (val_duration_positive(ld, s, &w)) {
			if (w <= MAX_WAIT_HIST_S)
				sc->centre.wait_hist_max_s = w;
			else
				report(ld, s, "%s: expected at most 24h; got %s",
				       path_of(s).s, describe(s).s);
		}
	}
	parse_horizon(ld, root);
	parse_opening(ld, root);
	parse_types(ld, root);
	parse_groups(ld, root);
	link_step_groups(ld, root);
	parse_commitments(ld, root);
}

/* ---- loading --------------------------------------------------------------- */

/* libconfig's message, with a hint for the riddles among them. */
static const char *syntax_hint(const char *text)
{
	if (text && strstr(text, "mismatched element type"))
		return " (the values of an array [ ] must all have one type: write "
		       "120.0 rather than 120 beside 130.5, or use a list ( ))";
	if (text && strstr(text, "duplicate setting"))
		return " (each setting may appear once in its group)";
	return " (expected libconfig syntax: name = value; with groups { }, "
	       "lists ( ) and arrays [ ])";
}

void scenario_destroy(struct scenario *sc)
{
	if (!sc)
		return;
	centre_config_destroy(&sc->centre);
	free(sc->commitments);
	memset(sc, 0, sizeof *sc);
}

int scenario_load(const char *path, struct scenario *sc, FILE *errors)
{
	memset(sc, 0, sizeof *sc);
	if (!errors)
		errors = stderr;
	if (!path) {
		fprintf(errors, "(null): cannot read: no file name\n");
		return STATUS_EIO;
	}
	FILE *fp = fopen(path, "r");
	if (!fp) {
		fprintf(errors, "%s: cannot read: %s\n", path, strerror(errno));
		return STATUS_EIO;
	}
	struct stat st;
	if (fstat(fileno(fp), &st) == 0 && S_ISDIR(st.st_mode)) {
		fprintf(errors, "%s: cannot read: %s\n", path, strerror(EISDIR));
		fclose(fp);
		return STATUS_EIO;
	}

	/* @include "x.cfg" is looked for beside the scenario file. */
	char *dir = strdup(path);
	if (!dir) {
		fclose(fp);
		return STATUS_ENOMEM;
	}
	char *slash = strrchr(dir, '/');
	if (slash)
		slash[slash == dir ? 1 : 0] = '\0';
	else
		strcpy(dir, ".");

	config_t cfg;
	config_init(&cfg);
	config_set_include_dir(&cfg, dir);
	errno = 0;
	int parsed = config_read(&cfg, fp);
	int read_errno = errno;
	bool io_error = ferror(fp) != 0;
	fclose(fp);
	free(dir);

	if (io_error || (!parsed && config_error_type(&cfg) == CONFIG_ERR_FILE_IO &&
			 !config_error_file(&cfg))) {
		fprintf(errors, "%s: cannot read: %s\n", path,
			strerror(read_errno ? read_errno : EIO));
		config_destroy(&cfg);
		return STATUS_EIO;
	}
	if (!parsed) {
		const char *file = config_error_file(&cfg) ? config_error_file(&cfg) : path;
		int line = config_error_line(&cfg);
		const char *text = config_error_text(&cfg);
		fprintf(errors, "%s:%d: %s%s\n", file, line > 0 ? line : 1,
			text ? text : "cannot parse", syntax_hint(text));
		config_destroy(&cfg);
		return STATUS_EINVAL;
	}

	struct loader ld = { .path = path, .errors = errors, .sc = sc };
	parse_root(&ld, config_root_setting(&cfg));
	flush_problems(&ld);
	config_destroy(&cfg);

	if (ld.nomem || ld.n_errors > 0) {
		scenario_destroy(sc);
		if (ld.nomem) {
			fprintf(errors, "%s: out of memory while loading\n", path);
			return STATUS_ENOMEM;
		}
		return STATUS_EINVAL;
	}
	return STATUS_OK;
}
