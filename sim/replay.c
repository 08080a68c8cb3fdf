/*
 * replay.c: recorded calls in time order through an external merge sort,
 * their actual KPIs, the replayed ones per day and hour, and the staffing
 * plan CSV (see replay.h and docs/replay.md).
 *
 * The sort is the textbook two-phase external merge sort (Knuth, TAOCP
 * vol. 3, 5.4.1): sorted runs of at most `chunk` calls written one after
 * the other into one temporary file, then a k-way merge through a binary
 * heap of the run heads.  All runs share one file, so the number of open
 * files does not grow with the trace.
 */
#include "replay.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include <csv.h>

#include "status.h"

/* A call as replay keeps it: 40 bytes, written raw to the runs file. */
struct call {
	double time;        /* seconds since midnight of the horizon's day 0 */
	double handle_s;    /* NaN: drawn */
	double patience_s;  /* NaN: drawn above waited_s */
	double waited_s;
	int32_t type;       /* scenario type index */
	uint32_t seq;       /* input order within its chunk (ties) */
};

struct run {
	uint64_t start, len;   /* calls, in the runs file */
	uint64_t next;         /* next call of the run to read into buf */
	struct call *buf;      /* REPLAY_BLOCK-sized window */
	size_t pos, n;         /* buf[pos, n) not merged yet */
};

#define TYPE_CACHE 64

struct type_map {
	char trace[TRACE_TEXT_MAX];
	int type;
};

struct replay {
	const struct centre_config *cfg;
	uint64_t min_calls;       /* of a period in the error figures */
	struct replay_source src;
	struct replay_stats stats;
	/* sorted calls: in memory (tmp NULL) or runs in tmp */
	struct call *mem;
	size_t n_mem, pos_mem;
	FILE *tmp;
	struct run *runs;
	size_t n_runs;
	size_t *heap, heap_n;
	struct call *blocks;
	size_t block;
	/* actual counts */
	int n_types, n_intervals, n_days, per_day;
	int i20[CENTRE_MAX_TYPES], i60[CENTRE_MAX_TYPES];
	bool has_actual[CENTRE_MAX_TYPES];
	struct kpi_counts *actual;       /* [t * n_intervals + k] */
	struct kpi_counts *actual_days;  /* [t * n_days + d] */
	struct kpi_counts *actual_hours; /* [t * REPLAY_HOURS + h] */
	int *hour_of;                    /* per_day: hour of the day of interval j */
	bool hour_used[REPLAY_HOURS];
	/* replayed */
	int replications;
	struct tally *rep_days;          /* [(t * n_days + d) * REPLAY_MEASURES + m] */
	struct tally *rep_hours;         /* [(t * REPLAY_HOURS + h) * REPLAY_MEASURES + m] */
	struct kpi_counts *scratch;      /* REPLAY_HOURS + 1 sums */
};

static const char *const measure_names[REPLAY_MEASURES] = {
	[REPLAY_PRESENTED] = "presented",
	[REPLAY_ANSWERED] = "answered",
	[REPLAY_ABANDONED] = "abandoned",
	[REPLAY_SL] = "service_level",
	[REPLAY_SL_20S] = "service_level_20s",
	[REPLAY_SL_60S] = "service_level_60s",
	[REPLAY_ABANDON_RATE] = "abandon_rate",
	[REPLAY_ASA] = "asa_s",
};

const char *replay_measure_name(enum replay_measure m)
{
	return m >= 0 && m < REPLAY_MEASURES ? measure_names[m] : "unknown";
}

bool replay_measure_is_ratio(enum replay_measure m)
{
	return m == REPLAY_SL || m == REPLAY_SL_20S || m == REPLAY_SL_60S ||
	       m == REPLAY_ABANDON_RATE;
}

/* ---- the merge ----------------------------------------------------------- */

static int call_cmp(const void *a, const void *b)
{
	const struct call *x = a, *y = b;
	if (x->time < y->time)
		return -1;
	if (x->time > y->time)
		return 1;
	return (x->seq > y->seq) - (x->seq < y->seq);
}

static const struct call *run_head(const struct replay *rp, size_t i)
{
	const struct run *r = &rp->runs[i];
	return &r->buf[r->pos];
}

/* Heap order: earlier head first, ties to the earlier run (input order). */
static bool heap_less(const struct replay *rp, size_t a, size_t b)
{
	double ta = run_head(rp, a)->time, tb = run_head(rp, b)->time;
	return ta < tb || (ta == tb && a < b);
}

static void sift_down(struct replay *rp, size_t i)
{
	size_t *h = rp->heap, n = rp->heap_n;
	for (;;) {
		size_t l = 2 * i + 1, m = i;
		if (l < n && heap_less(rp, h[l], h[m]))
			m = l;
		if (l + 1 < n && heap_less(rp, h[l + 1], h[m]))
			m = l + 1;
		if (m == i)
			return;
		size_t t = h[i];
		h[i] = h[m];
		h[m] = t;
		i = m;
	}
}

/* Reads the next block of run r; r->n is 0 once the run is exhausted. */
static int run_load(struct replay *rp, struct run *r)
{
	uint64_t n = r->len - r->next;
	if (n > rp->block)
		n = rp->block;
	r->pos = 0;
	r->n = (size_t)n;
	if (n == 0)
		return STATUS_OK;
	off_t at = (off_t)((r->start + r->next) * sizeof(struct call));
	if (fseeko(rp->tmp, at, SEEK_SET) != 0 ||
	    fread(r->buf, sizeof(struct call), (size_t)n, rp->tmp) != n)
		return STATUS_EIO;
	r->next += n;
	return STATUS_OK;
}

static int src_rewind(void *arg)
{
	struct replay *rp = arg;
	if (!rp->tmp) {
		rp->pos_mem = 0;
		return STATUS_OK;
	}
	rp->heap_n = 0;
	for (size_t i = 0; i < rp->n_runs; i++) {
		struct run *r = &rp->runs[i];
		r->next = 0;
		int st = run_load(rp, r);
		if (st != STATUS_OK)
			return st;
		if (r->n > 0)
			rp->heap[rp->heap_n++] = i;
	}
	for (size_t i = rp->heap_n / 2; i-- > 0;)
		sift_down(rp, i);
	return STATUS_OK;
}

static void to_replay_call(const struct call *x, struct replay_call *out)
{
	out->time = x->time;
	out->type = x->type;
	out->handle_s = x->handle_s;
	out->patience_s = x->patience_s;
	out->waited_s = x->waited_s;
}

static int src_next(void *arg, struct replay_call *out)
{
	struct replay *rp = arg;
	if (!rp->tmp) {
		if (rp->pos_mem >= rp->n_mem)
			return 0;
		to_replay_call(&rp->mem[rp->pos_mem++], out);
		return 1;
	}
	if (rp->heap_n == 0)
		return 0;
	size_t i = rp->heap[0];
	struct run *r = &rp->runs[i];
	to_replay_call(&r->buf[r->pos++], out);
	if (r->pos == r->n) {
		int st = run_load(rp, r);
		if (st != STATUS_OK)
			return -st;
		if (r->n == 0)
			rp->heap[0] = rp->heap[--rp->heap_n];
	}
	sift_down(rp, 0);
	return 1;
}

/* ---- measures ------------------------------------------------------------ */

static double measure(const struct replay *rp, int t, const struct kpi_counts *c,
		      enum replay_measure m)
{
	const struct kpi_rules *rules = &rp->cfg->types[t].rules;
	switch (m) {
	case REPLAY_PRESENTED: return (double)c->presented;
	case REPLAY_ANSWERED: return (double)c->answered;
	case REPLAY_ABANDONED: return (double)c->abandoned;
	case REPLAY_SL: return kpi_service_level(c, rules->sl_formula, 0);
	case REPLAY_SL_20S: return kpi_service_level(c, rules->sl_formula, rp->i20[t]);
	case REPLAY_SL_60S: return kpi_service_level(c, rules->sl_formula, rp->i60[t]);
	case REPLAY_ABANDON_RATE: return kpi_value(KPI_ABANDON_RATE, c, NULL, NULL, rules, 0);
	case REPLAY_ASA: return kpi_value(KPI_ASA, c, NULL, NULL, rules, 0);
	case REPLAY_MEASURES: break;
	}
	return NAN;
}

static bool is_voice(const struct replay *rp, int t)
{
	return !channel_is_deferred(rp->cfg->types[t].channel);
}

bool replay_day_judged(const struct replay *rp, int d)
{
	const struct horizon *h = &rp->cfg->horizon;
	return d >= 0 && d < horizon_judged_days(h) && (d + 1) * h->per_day > h->n_warmup;
}

bool replay_hour_used(const struct replay *rp, int h)
{
	return h >= 0 && h < REPLAY_HOURS && rp->hour_used[h];
}

/* Sums the intervals of type t (counts from get) into days[d] and
 * hours[h] as the experiment sums days: judged days, warm-up left out. */
static void sum_periods(const struct replay *rp, int t,
			const struct kpi_counts *(*get)(const void *, int, int),
			const void *arg, struct kpi_counts *days, struct kpi_counts *hours,
			void (*day_done)(struct replay *, int, int, const struct kpi_counts *),
			struct replay *mut)
{
	const struct horizon *h = &rp->cfg->horizon;
	struct kpi_counts day;
	for (int d = 0; d < horizon_judged_days(h); d++) {
		memset(&day, 0, sizeof day);
		for (int j = 0; j < h->per_day; j++) {
			int k = d * h->per_day + j;
			if (k < h->n_warmup)
				continue;
			const struct kpi_counts *c = get(arg, t, k);
			kpi_counts_add(&day, c);
			kpi_counts_add(&hours[rp->hour_of[j]], c);
		}
		if (days)
			days[d] = day;
		if (day_done && replay_day_judged(rp, d))
			day_done(mut, t, d, &day);
	}
}

static const struct kpi_counts *actual_get(const void *arg, int t, int k)
{
	const struct replay *rp = arg;
	return &rp->actual[(size_t)t * rp->n_intervals + k];
}

static const struct kpi_counts *centre_get(const void *arg, int t, int k)
{
	return centre_counts(arg, t, k);
}

static void tally_measures(struct replay *rp, int t, struct tally *cells,
			   const struct kpi_counts *c)
{
	for (int m = 0; m < REPLAY_MEASURES; m++) {
		double v = measure(rp, t, c, (enum replay_measure)m);
		if (!isnan(v))
			tally_add(&cells[m], v);
	}
}

static void day_observed(struct replay *rp, int t, int d, const struct kpi_counts *c)
{
	tally_measures(rp, t, &rp->rep_days[((size_t)t * rp->n_days + d) * REPLAY_MEASURES], c);
}

void replay_observe(void *arg, const struct centre *c)
{
	struct replay *rp = arg;
	for (int t = 0; t < rp->n_types; t++) {
		if (!is_voice(rp, t))
			continue;
		memset(rp->scratch, 0, REPLAY_HOURS * sizeof *rp->scratch);
		sum_periods(rp, t, centre_get, c, NULL, rp->scratch, day_observed, rp);
		for (int h = 0; h < REPLAY_HOURS; h++)
			if (rp->hour_used[h])
				tally_measures(rp, t, &rp->rep_hours[((size_t)t * REPLAY_HOURS + h) *
								     REPLAY_MEASURES],
					       &rp->scratch[h]);
	}
	rp->replications++;
}

int replay_replications(const struct replay *rp)
{
	return rp->replications;
}

const struct kpi_counts *replay_actual(const struct replay *rp, int t, int k)
{
	return &rp->actual[(size_t)t * rp->n_intervals + k];
}

bool replay_has_actual(const struct replay *rp, int t)
{
	return t >= 0 && t < rp->n_types && rp->has_actual[t];
}

double replay_actual_day(const struct replay *rp, int t, int d, enum replay_measure m)
{
	if (!rp->has_actual[t] || !replay_day_judged(rp, d))
		return NAN;
	return measure(rp, t, &rp->actual_days[(size_t)t * rp->n_days + d], m);
}

double replay_actual_hour(const struct replay *rp, int t, int h, enum replay_measure m)
{
	if (!rp->has_actual[t] || !replay_hour_used(rp, h))
		return NAN;
	return measure(rp, t, &rp->actual_hours[(size_t)t * REPLAY_HOURS + h], m);
}

double replay_actual_interval(const struct replay *rp, int t, int k, enum replay_measure m)
{
	if (!rp->has_actual[t])
		return NAN;
	return measure(rp, t, replay_actual(rp, t, k), m);
}

const struct tally *replay_day(const struct replay *rp, int t, int d, enum replay_measure m)
{
	return &rp->rep_days[((size_t)t * rp->n_days + d) * REPLAY_MEASURES + m];
}

const struct tally *replay_hour(const struct replay *rp, int t, int h, enum replay_measure m)
{
	return &rp->rep_hours[((size_t)t * REPLAY_HOURS + h) * REPLAY_MEASURES + m];
}

int replay_error(const struct replay *rp, int t, bool hours, enum replay_measure m,
		 double *mae, double *bias, double *rmse)
{
	double sa = 0.0, sb = 0.0, s2 = 0.0;
	int n = 0;
	int periods = hours ? REPLAY_HOURS : rp->n_days;
	for (int p = 0; p < periods; p++) {
		double a = hours ? replay_actual_hour(rp, t, p, m) : replay_actual_day(rp, t, p, m);
		double r = tally_mean(hours ? replay_hour(rp, t, p, m) : replay_day(rp, t, p, m));
		double calls = hours ? replay_actual_hour(rp, t, p, REPLAY_PRESENTED)
				     : replay_actual_day(rp, t, p, REPLAY_PRESENTED);
		if (isnan(a) || isnan(r) || !(calls >= (double)rp->min_calls))
			continue;
		double e = r - a;
		sa += fabs(e);
		sb += e;
		s2 += e * e;
		n++;
	}
	*mae = n ? sa / n : NAN;
	*bias = n ? sb / n : NAN;
	*rmse = n ? sqrt(s2 / n) : NAN;
	return n;
}

const struct replay_source *replay_source(struct replay *rp)
{
	return &rp->src;
}

const struct replay_stats *replay_stats(const struct replay *rp)
{
	return &rp->stats;
}

void replay_free(struct replay *rp)
{
	if (!rp)
		return;
	if (rp->tmp)
		fclose(rp->tmp);
	free(rp->mem);
	free(rp->runs);
	free(rp->heap);
	free(rp->blocks);
	free(rp->actual);
	free(rp->actual_days);
	free(rp->actual_hours);
	free(rp->hour_of);
	free(rp->rep_days);
	free(rp->rep_hours);
	free(rp->scratch);
	free(rp);
}

/* ---- reading the trace ----------------------------------------------------- */

/* What replay_open keeps while it reads. */
struct reading {
	const char *path;
	FILE *errors;
	bool skip;
	struct type_map map[CENTRE_MAX_TYPES * 4];
	int n_map;
	bool has_map;
	struct type_map cache[TYPE_CACHE];
	int n_cache;
	int n_voice, only_voice;
	uint64_t type_reported;
	struct call *chunk;
	size_t n_chunk, alloc_chunk, cap_chunk, cap_runs;
	uint64_t written;
};

static void say(FILE *errors, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void say(FILE *errors, const char *fmt, ...)
{
	if (!errors)
		return;
	va_list ap;
	va_start(ap, fmt);
	vfprintf(errors, fmt, ap);
	va_end(ap);
	fputc('\n', errors);
}

/* The voice types of cfg as "a, b, c" into buf. */
static const char *voice_names(const struct centre_config *cfg, char *buf, size_t n)
{
	size_t used = 0;
	buf[0] = '\0';
	for (int t = 0; t < cfg->n_types; t++) {
		if (channel_is_deferred(cfg->types[t].channel))
			continue;
		int w = snprintf(buf + used, n - used, "%s%s", used ? ", " : "",
				 cfg->types[t].name);
		if (w < 0 || (size_t)w >= n - used)
			break;
		used += (size_t)w;
	}
	return buf;
}

static int voice_type(const struct centre_config *cfg, const char *name)
{
	for (int t = 0; t < cfg->n_types; t++)
		if (!channel_is_deferred(cfg->types[t].channel) &&
		    strcmp(cfg->types[t].name, name) == 0)
			return t;
	return -1;
}

static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
	return s;
}

/* Parses --types "A=x,B=y".  STATUS_OK or STATUS_EINVAL (printed). */
static int parse_types(struct reading *rd, const struct centre_config *cfg,
		       const char *spec)
{
	char names[CENTRE_MAX_TYPES * (CENTRE_NAME_MAX + 2)];
	rd->has_map = spec && *spec;
	if (!rd->has_map)
		return STATUS_OK;
	char *copy = strdup(spec);
	if (!copy)
		return STATUS_ENOMEM;
	int rc = STATUS_OK;
	char *save = NULL;
	for (char *e = strtok_r(copy, ",", &save); e; e = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(e, '=');
		if (!eq) {
			say(rd->errors, "--types: entry \"%s\": expected TRACE=SCENARIO, a type "
			    "name of the trace and a voice contact type of the scenario", trim(e));
			rc = STATUS_EINVAL;
			break;
		}
		*eq = '\0';
		char *from = trim(e), *to = trim(eq + 1);
		int t = voice_type(cfg, to);
		if (!*from || strlen(from) >= TRACE_TEXT_MAX) {
			say(rd->errors, "--types: entry \"%s=%s\": expected a trace type name of "
			    "1 to %d bytes before '='", from, to, TRACE_TEXT_MAX - 1);
			rc = STATUS_EINVAL;
			break;
		}
		if (t < 0) {
			say(rd->errors, "--types: %s=%s: \"%s\" is no voice contact type of the "
			    "scenario; expected one of %s", from, to, to,
			    voice_names(cfg, names, sizeof names));
			rc = STATUS_EINVAL;
			break;
		}
		for (int i = 0; i < rd->n_map; i++)
			if (strcmp(rd->map[i].trace, from) == 0) {
				say(rd->errors, "--types: trace type \"%s\" mapped twice", from);
				rc = STATUS_EINVAL;
				break;
			}
		if (rc != STATUS_OK)
			break;
		if (rd->n_map == (int)(sizeof rd->map / sizeof rd->map[0])) {
			say(rd->errors, "--types: more than %d entries",
			    (int)(sizeof rd->map / sizeof rd->map[0]));
			rc = STATUS_EINVAL;
			break;
		}
		snprintf(rd->map[rd->n_map].trace, TRACE_TEXT_MAX, "%s", from);
		rd->map[rd->n_map++].type = t;
	}
	free(copy);
	return rc;
}

/* The scenario type of trace type name, -1 when it maps nowhere. */
static int map_type(struct reading *rd, const struct centre_config *cfg, const char *name)
{
	for (int i = 0; i < rd->n_cache; i++)
		if (strcmp(rd->cache[i].trace, name) == 0)
			return rd->cache[i].type;
	int t = -1;
	for (int i = 0; i < rd->n_map && t < 0; i++)
		if (strcmp(rd->map[i].trace, name) == 0)
			t = rd->map[i].type;
	if (t < 0)
		t = voice_type(cfg, name);
	if (t < 0 && !rd->has_map && rd->n_voice == 1)
		t = rd->only_voice;
	if (rd->n_cache < TYPE_CACHE) {
		snprintf(rd->cache[rd->n_cache].trace, TRACE_TEXT_MAX, "%s", name);
		rd->cache[rd->n_cache++].type = t;
	}
	return t;
}

/* Sorts the chunk and appends it to the runs file. */
static int flush_run(struct replay *rp, struct reading *rd)
{
	qsort(rd->chunk, rd->n_chunk, sizeof *rd->chunk, call_cmp);
	if (!rp->tmp && !(rp->tmp = tmpfile())) {
		say(rd->errors, "%s: cannot create a temporary file to sort the calls: %s",
		    rd->path, strerror(errno));
		return STATUS_EIO;
	}
	if (rp->n_runs == rd->cap_runs) {
		size_t cap = rd->cap_runs ? 2 * rd->cap_runs : 16;
		struct run *runs = realloc(rp->runs, cap * sizeof *runs);
		if (!runs)
			return STATUS_ENOMEM;
		rp->runs = runs;
		rd->cap_runs = cap;
	}
	if (fwrite(rd->chunk, sizeof *rd->chunk, rd->n_chunk, rp->tmp) != rd->n_chunk) {
		say(rd->errors, "%s: cannot write the temporary file to sort the calls: %s",
		    rd->path, strerror(errno));
		return STATUS_EIO;
	}
	rp->runs[rp->n_runs++] = (struct run){ .start = rd->written, .len = rd->n_chunk };
	rd->written += rd->n_chunk;
	rd->n_chunk = 0;
	return STATUS_OK;
}

static int push_call(struct replay *rp, struct reading *rd, const struct call *x)
{
	if (rd->n_chunk == rd->alloc_chunk && rd->alloc_chunk < rd->cap_chunk) {
		/* The buffer grows to its cap, so a short trace takes little memory. */
		size_t n = rd->alloc_chunk ? 2 * rd->alloc_chunk : 4096;
		if (n > rd->cap_chunk)
			n = rd->cap_chunk;
		struct call *c = realloc(rd->chunk, n * sizeof *c);
		if (!c)
			return STATUS_ENOMEM;
		rd->chunk = c;
		rd->alloc_chunk = n;
	}
	if (rd->n_chunk == rd->cap_chunk) {
		int st = flush_run(rp, rd);
		if (st != STATUS_OK)
			return st;
	}
	rd->chunk[rd->n_chunk] = *x;
	rd->chunk[rd->n_chunk].seq = (uint32_t)rd->n_chunk;
	rd->n_chunk++;
	return STATUS_OK;
}

/* Counts a recorded call of type t in interval k into the actual figures. */
static void count_actual(struct replay *rp, int t, int k, const struct trace_record *rec)
{
	struct kpi_counts *c = &rp->actual[(size_t)t * rp->n_intervals + k];
	const struct contact_type_config *ct = &rp->cfg->types[t];
	c->received++;
	double wait = rec->wait_s;
	if (rec->outcome == TRACE_ABANDONED && isnan(wait))
		wait = rec->patience_s;
	if (rec->outcome == TRACE_UNKNOWN || isnan(wait)) {
		rp->stats.unmeasured++;
		return;
	}
	rp->has_actual[t] = true;
	c->presented++;
	bool answered = rec->outcome == TRACE_ANSWERED;
	uint64_t *within = answered ? c->answered_within : c->abandoned_within;
	for (int j = 0; j < ct->n_thresholds; j++)
		if (wait <= ct->threshold_s[j])
			within[j]++;
	if (answered) {
		c->answered++;
		c->wait_answered_s += wait;
	} else {
		c->abandoned++;
		if (wait < ct->short_abandon_s)
			c->short_abandons++;
	}
	c->wait_all_s += wait;
	if (wait > c->max_wait_s)
		c->max_wait_s = wait;
}

/* The call a record becomes (replay.h). */
static void make_call(const struct trace_record *rec, double time, int t, struct call *x)
{
	x->time = time;
	x->type = t;
	x->handle_s = rec->handle_s;
	x->patience_s = NAN;
	x->waited_s = 0.0;
	switch (rec->outcome) {
	case TRACE_ANSWERED:
		x->patience_s = rec->patience_s;   /* NaN unless simulated */
		x->waited_s = isnan(rec->wait_s) ? 0.0 : rec->wait_s;
		break;
	case TRACE_ABANDONED:
		x->patience_s = isnan(rec->patience_s) ? rec->wait_s : rec->patience_s;
		break;
	case TRACE_UNKNOWN:
		break;
	}
}

static const char *fmt_day(int64_t date, char *buf, size_t n)
{
	int y, m, d;
	horizon_civil_from_date(date, &y, &m, &d);
	snprintf(buf, n, "%04d-%02d-%02d", y, m, d);
	return buf;
}

static const char *fmt_tod(double s, char *buf, size_t n)
{
	int sec = (int)lround(s);
	if (sec % 60)
		snprintf(buf, n, "%02d:%02d:%02d", sec / 3600, sec / 60 % 60, sec % 60);
	else
		snprintf(buf, n, "%02d:%02d", sec / 3600, sec / 60 % 60);
	return buf;
}

/* "2026-03-02 to 2026-03-06, 07:00-20:00" */
static const char *fmt_horizon(const struct horizon *h, char *buf, size_t n)
{
	char a[16], b[16], c[16], d[16];
	snprintf(buf, n, "%s to %s, %s-%s", fmt_day(h->start_date, a, sizeof a),
		 fmt_day(h->start_date + h->days - 1, b, sizeof b),
		 fmt_tod(h->day_start_s, c, sizeof c), fmt_tod(h->day_end_s, d, sizeof d));
	return buf;
}

/* Adds the 20 s and 60 s thresholds to every voice type. */
static int add_thresholds(struct replay *rp, struct centre_config *cfg, FILE *errors)
{
	for (int t = 0; t < cfg->n_types; t++) {
		if (channel_is_deferred(cfg->types[t].channel))
			continue;
		rp->i20[t] = centre_type_threshold(&cfg->types[t], 20.0);
		rp->i60[t] = centre_type_threshold(&cfg->types[t], 60.0);
		if (rp->i20[t] < 0 || rp->i60[t] < 0) {
			say(errors, "contact type \"%s\": %d service-level thresholds already; "
			    "replay needs room for 20s and 60s (at most %d)", cfg->types[t].name,
			    cfg->types[t].n_thresholds, KPI_MAX_THRESHOLDS);
			return STATUS_EINVAL;
		}
	}
	return STATUS_OK;
}

static struct replay *replay_alloc(const struct centre_config *cfg)
{
	struct replay *rp = calloc(1, sizeof *rp);
	if (!rp)
		return NULL;
	const struct horizon *h = &cfg->horizon;
	rp->cfg = cfg;
	rp->n_types = cfg->n_types;
	rp->n_intervals = h->n_intervals;
	rp->n_days = h->days;
	rp->per_day = h->per_day;
	rp->src = (struct replay_source){ src_next, src_rewind, rp };
	rp->stats.first_date = INT64_MAX;
	rp->stats.last_date = INT64_MIN;
	size_t nt = (size_t)cfg->n_types;
	rp->actual = calloc(nt * (size_t)h->n_intervals, sizeof *rp->actual);
	rp->actual_days = calloc(nt * (size_t)h->days, sizeof *rp->actual_days);
	rp->actual_hours = calloc(nt * REPLAY_HOURS, sizeof *rp->actual_hours);
	rp->hour_of = calloc((size_t)h->per_day, sizeof *rp->hour_of);
	size_t nd = nt * (size_t)h->days * REPLAY_MEASURES;
	size_t nh = nt * REPLAY_HOURS * REPLAY_MEASURES;
	rp->rep_days = malloc(nd * sizeof *rp->rep_days);
	rp->rep_hours = malloc(nh * sizeof *rp->rep_hours);
	rp->scratch = calloc(REPLAY_HOURS, sizeof *rp->scratch);
	if (!rp->actual || !rp->actual_days || !rp->actual_hours || !rp->hour_of ||
	    !rp->rep_days || !rp->rep_hours || !rp->scratch)
		goto fail;
	for (size_t i = 0; i < nd; i++)
		tally_reset(&rp->rep_days[i]);
	for (size_t i = 0; i < nh; i++)
		tally_reset(&rp->rep_hours[i]);
	for (int j = 0; j < h->per_day; j++) {
		double s = h->day_start_s + j * h->interval_s;
		int hour = (int)floor(s / 3600.0);
		rp->hour_of[j] = hour < 0 ? 0 : hour > 23 ? 23 : hour;
		rp->hour_used[rp->hour_of[j]] = true;
	}
	return rp;
fail:
	replay_free(rp);
	return NULL;
}

/* Reads every record of tr into runs and actual counts. */
static int read_trace(struct replay *rp, struct reading *rd, struct trace_reader *tr,
		      const struct centre_config *cfg)
{
	const struct horizon *h = &cfg->horizon;
	char names[CENTRE_MAX_TYPES * (CENTRE_NAME_MAX + 2)];
	struct trace_record rec;
	struct call x;
	int st;
	while ((st = trace_next(tr, &rec)) == 1) {
		if (rec.date < rp->stats.first_date)
			rp->stats.first_date = rec.date;
		if (rec.date > rp->stats.last_date)
			rp->stats.last_date = rec.date;
		double time = (double)(rec.date - h->start_date) * HORIZON_DAY_S + rec.time_s;
		int k = horizon_interval_at(h, time);
		if (k < 0) {
			rp->stats.outside++;
			continue;
		}
		int t = map_type(rd, cfg, rec.type);
		if (t < 0) {
			if (!rd->skip) {
				say(rd->errors, "%s:%" PRId64 ": type \"%s\": no contact type of the "
				    "scenario; expected --types %s=NAME with NAME one of %s", rd->path,
				    rec.line, rec.type, *rec.type ? rec.type : "TYPE",
				    voice_names(cfg, names, sizeof names));
				return STATUS_EINVAL;
			}
			if (++rd->type_reported <= TRACE_REPORT_MAX)
				say(rd->errors, "%s:%" PRId64 ": type \"%s\": no contact type of the "
				    "scenario: skipped", rd->path, rec.line, rec.type);
			rp->stats.skipped_bad++;
			continue;
		}
		make_call(&rec, time, t, &x);
		count_actual(rp, t, k, &rec);
		if ((st = push_call(rp, rd, &x)) != STATUS_OK)
			return st;
		rp->stats.calls++;
	}
	return st == 0 ? STATUS_OK : -st;
}

/* After reading: runs ready to merge (or the one chunk kept in memory). */
static int finish_runs(struct replay *rp, struct reading *rd)
{
	if (rp->n_runs == 0) {
		qsort(rd->chunk, rd->n_chunk, sizeof *rd->chunk, call_cmp);
		rp->mem = rd->chunk;
		rp->n_mem = rd->n_chunk;
		rd->chunk = NULL;
		rp->stats.runs = 1;
		return STATUS_OK;
	}
	if (rd->n_chunk > 0) {
		int st = flush_run(rp, rd);
		if (st != STATUS_OK)
			return st;
	}
	free(rd->chunk);
	rd->chunk = NULL;
	if (fflush(rp->tmp) != 0) {
		say(rd->errors, "%s: cannot write the temporary file to sort the calls: %s",
		    rd->path, strerror(errno));
		return STATUS_EIO;
	}
	rp->stats.runs = rp->n_runs;
	rp->block = rd->cap_chunk < REPLAY_BLOCK ? rd->cap_chunk : REPLAY_BLOCK;
	rp->blocks = malloc(rp->n_runs * rp->block * sizeof *rp->blocks);
	rp->heap = malloc(rp->n_runs * sizeof *rp->heap);
	if (!rp->blocks || !rp->heap)
		return STATUS_ENOMEM;
	for (size_t i = 0; i < rp->n_runs; i++)
		rp->runs[i].buf = rp->blocks + i * rp->block;
	return STATUS_OK;
}

int replay_open(const char *path, const struct replay_options *opt,
		struct centre_config *cfg, struct replay **out, FILE *errors)
{
	*out = NULL;
	struct reading *rd = calloc(1, sizeof *rd);
	struct replay *rp = replay_alloc(cfg);
	struct trace_reader *tr = NULL;
	int st = STATUS_ENOMEM;
	if (!rd || !rp)
		goto done;
	rd->path = path;
	rd->errors = errors;
	rd->skip = opt->format.skip_bad_rows;
	rp->min_calls = opt->min_calls;
	rd->only_voice = -1;
	for (int t = 0; t < cfg->n_types; t++)
		if (!channel_is_deferred(cfg->types[t].channel)) {
			rd->n_voice++;
			rd->only_voice = t;
		}
	if ((st = add_thresholds(rp, cfg, errors)) != STATUS_OK ||
	    (st = parse_types(rd, cfg, opt->types)) != STATUS_OK)
		goto done;
	rd->cap_chunk = opt->chunk ? opt->chunk : REPLAY_CHUNK_DEFAULT;
	if (rd->cap_chunk > UINT32_MAX)
		rd->cap_chunk = UINT32_MAX;
	if ((st = trace_open(path, &opt->format, &tr, errors)) != STATUS_OK ||
	    (st = read_trace(rp, rd, tr, cfg)) != STATUS_OK)
		goto done;
	const struct trace_stats *ts = trace_stats(tr);
	rp->stats.rows = ts->rows;
	rp->stats.skipped_bad += ts->skipped_bad;
	if (rp->stats.calls == 0) {
		char hz[64], a[16], b[16];
		if (rp->stats.first_date <= rp->stats.last_date)
			say(errors, "%s: no call falls in the scenario's horizon (%s); the trace's "
			    "calls run from %s to %s", path, fmt_horizon(&cfg->horizon, hz, sizeof hz),
			    fmt_day(rp->stats.first_date, a, sizeof a),
			    fmt_day(rp->stats.last_date, b, sizeof b));
		else
			say(errors, "%s: no call to replay: the trace has no records", path);
		st = STATUS_EINVAL;
		goto done;
	}
	if ((st = finish_runs(rp, rd)) != STATUS_OK)
		goto done;
	/* Day and hour sums of the actual counts. */
	for (int t = 0; t < cfg->n_types; t++)
		if (is_voice(rp, t))
			sum_periods(rp, t, actual_get, rp, &rp->actual_days[(size_t)t * rp->n_days],
				    &rp->actual_hours[(size_t)t * REPLAY_HOURS], NULL, NULL);
	/* The trace's calls per interval become the voice forecasts. */
	for (int t = 0; t < cfg->n_types; t++)
		if (is_voice(rp, t))
			for (int k = 0; k < rp->n_intervals; k++)
				cfg->types[t].forecast[k] =
					(double)rp->actual[(size_t)t * rp->n_intervals + k].received;
	if ((st = src_rewind(rp)) != STATUS_OK) {
		say(errors, "%s: cannot read the temporary file of sorted calls: %s", path,
		    strerror(errno));
		goto done;
	}
	*out = rp;
	rp = NULL;
done:
	if (st == STATUS_ENOMEM)
		say(errors, "%s: out of memory", path);
	trace_close(tr);
	if (rd)
		free(rd->chunk);
	free(rd);
	replay_free(rp);
	return st;
}

/* ---- the staffing plan CSV ------------------------------------------------- */

#define PLAN_MAX_AGENTS 1000000

struct plan_reader {
	const char *path;
	FILE *errors;
	const struct centre_config *cfg;
	int status;
	long line, row_line, last_row_line, header_line;
	bool row_open, have_header;
	char **fields;           /* of the current row, owned */
	size_t n_fields, cap_fields;
	int n_cols;
	int col_group[CENTRE_MAX_GROUPS + 1]; /* column c > 0: its group */
	int *plan;               /* [c * n_intervals + k], columns 1.. */
	long *given;             /* per interval: line of its row, 0 = none */
	long rows;
};

static void plan_error(struct plan_reader *r, long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void plan_error(struct plan_reader *r, long line, const char *fmt, ...)
{
	if (r->status != STATUS_OK)
		return;
	r->status = STATUS_EINVAL;
	if (!r->errors)
		return;
	fprintf(r->errors, "%s:%ld: ", r->path, line);
	va_list ap;
	va_start(ap, fmt);
	vfprintf(r->errors, fmt, ap);
	va_end(ap);
	fputc('\n', r->errors);
}

static void plan_field(void *s, size_t len, void *data)
{
	struct plan_reader *r = data;
	if (r->status != STATUS_OK)
		return;
	if (r->n_fields == r->cap_fields) {
		size_t cap = r->cap_fields ? 2 * r->cap_fields : 16;
		char **f = realloc(r->fields, cap * sizeof *f);
		if (!f) {
			r->status = STATUS_ENOMEM;
			return;
		}
		r->fields = f;
		r->cap_fields = cap;
	}
	char *copy = malloc(len + 1);
	if (!copy) {
		r->status = STATUS_ENOMEM;
		return;
	}
	if (len)
		memcpy(copy, s, len);
	copy[len] = '\0';
	r->fields[r->n_fields++] = copy;
}

static void plan_free_fields(struct plan_reader *r)
{
	for (size_t i = 0; i < r->n_fields; i++)
		free(r->fields[i]);
	r->n_fields = 0;
}

static int agent_group(const struct centre_config *cfg, const char *name)
{
	for (int g = 0; g < cfg->n_groups; g++)
		if (strcmp(cfg->groups[g].name, name) == 0)
			return g;
	return -1;
}

static void plan_header(struct plan_reader *r)
{
	const struct centre_config *cfg = r->cfg;
	long ln = r->row_line;
	r->have_header = true;
	r->header_line = ln;
	if (r->n_fields < 2 || strcmp(r->fields[0], "interval_start") != 0) {
		plan_error(r, ln, "expected the header \"interval_start,<agent group>,...\" "
			   "naming one or more agent groups");
		return;
	}
	if (r->n_fields > (size_t)cfg->n_groups + 1) {
		plan_error(r, ln, "%zu columns of agents; the scenario has %d agent group%s",
			   r->n_fields - 1, cfg->n_groups, cfg->n_groups == 1 ? "" : "s");
		return;
	}
	r->n_cols = (int)r->n_fields;
	for (int c = 1; c < r->n_cols; c++) {
		int g = agent_group(cfg, r->fields[c]);
		if (g < 0) {
			char names[CENTRE_MAX_GROUPS * (CENTRE_NAME_MAX + 2)];
			size_t used = 0;
			names[0] = '\0';
			for (int i = 0; i < cfg->n_groups && used < sizeof names; i++) {
				int w = snprintf(names + used, sizeof names - used, "%s%s",
						 i ? ", " : "", cfg->groups[i].name);
				if (w < 0)
					break;
				used += (size_t)w;
			}
			plan_error(r, ln, "column \"%.64s\": no agent group of the scenario; "
				   "expected one of %s", r->fields[c], names);
			return;
		}
		for (int p = 1; p < c; p++)
			if (r->col_group[p] == g) {
				plan_error(r, ln, "column \"%s\" given twice", r->fields[c]);
				return;
			}
		r->col_group[c] = g;
	}
	size_t n = (size_t)r->n_cols * (size_t)cfg->horizon.n_intervals;
	r->plan = calloc(n, sizeof *r->plan);
	r->given = calloc((size_t)cfg->horizon.n_intervals, sizeof *r->given);
	if (!r->plan || !r->given)
		r->status = STATUS_ENOMEM;
}

static bool two_digits(const char *s, int *v)
{
	if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
		return false;
	*v = (s[0] - '0') * 10 + (s[1] - '0');
	return true;
}

/* "YYYY-MM-DD HH:MM" or "YYYY-MM-DD HH:MM:SS" into a day number and the
 * seconds after its midnight. */
static bool parse_start(const char *s, int64_t *date, double *sec)
{
	int y1, y2, mo, d, hh, mm, ss = 0;
	size_t n = strlen(s);
	if ((n != 16 && n != 19) || !two_digits(s, &y1) || !two_digits(s + 2, &y2) ||
	    s[4] != '-' || !two_digits(s + 5, &mo) || s[7] != '-' ||
	    !two_digits(s + 8, &d) || s[10] != ' ' || !two_digits(s + 11, &hh) ||
	    s[13] != ':' || !two_digits(s + 14, &mm) ||
	    (n == 19 && (s[16] != ':' || !two_digits(s + 17, &ss))))
		return false;
	if (hh > 23 || mm > 59 || ss > 59 ||
	    horizon_date_from_civil(y1 * 100 + y2, mo, d, date) != STATUS_OK)
		return false;
	*sec = hh * 3600.0 + mm * 60.0 + ss;
	return true;
}

static bool parse_agents(const char *s, int *v)
{
	if (!*s)
		return false;
	long long x = 0;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return false;
		x = x * 10 + (*p - '0');
		if (x > PLAN_MAX_AGENTS)
			return false;
	}
	*v = (int)x;
	return true;
}

static void plan_row(struct plan_reader *r)
{
	const struct horizon *h = &r->cfg->horizon;
	long ln = r->row_line;
	r->last_row_line = ln;
	if (r->n_fields != (size_t)r->n_cols) {
		plan_error(r, ln, "%zu field%s, but the header has %d", r->n_fields,
			   r->n_fields == 1 ? "" : "s", r->n_cols);
		return;
	}
	int64_t date;
	double sec;
	char hz[64];
	if (!parse_start(r->fields[0], &date, &sec)) {
		plan_error(r, ln, "interval_start: expected \"YYYY-MM-DD HH:MM\" (a valid "
			   "date and time); got \"%.40s\"", r->fields[0]);
		return;
	}
	double t = (double)(date - h->start_date) * HORIZON_DAY_S + sec;
	int k = horizon_interval_at(h, t);
	if (k < 0 || fabs(horizon_interval_start(h, k) - t) > 1e-6) {
		plan_error(r, ln, "interval_start: %s is not the start of an interval of the "
			   "horizon (%s, intervals of %g min); expected one row per interval",
			   r->fields[0], fmt_horizon(h, hz, sizeof hz), h->interval_s / 60.0);
		return;
	}
	if (r->given[k]) {
		plan_error(r, ln, "interval_start: %s given twice (first on line %ld)",
			   r->fields[0], r->given[k]);
		return;
	}
	r->given[k] = ln;
	for (int c = 1; c < r->n_cols; c++) {
		int v;
		if (!parse_agents(r->fields[c], &v)) {
			plan_error(r, ln, "%s: expected a whole number of agents from 0 to %d; "
				   "got \"%.40s\"", r->cfg->groups[r->col_group[c]].name,
				   PLAN_MAX_AGENTS, r->fields[c]);
			return;
		}
		r->plan[(size_t)c * h->n_intervals + k] = v;
	}
	r->rows++;
}

static void plan_row_end(int c, void *data)
{
	(void)c;
	struct plan_reader *r = data;
	if (r->status == STATUS_OK) {
		if (!r->have_header)
			plan_header(r);
		else
			plan_row(r);
	}
	plan_free_fields(r);
	r->row_open = false;
}

/* Feeds bytes one at a time so that every row knows its first line. */
static void plan_feed(struct plan_reader *r, struct csv_parser *p,
		      const unsigned char *buf, size_t n)
{
	for (size_t i = 0; i < n && r->status == STATUS_OK; i++) {
		unsigned char b = buf[i];
		if (!r->row_open && b != ' ' && b != '\t' && b != '\r' && b != '\n') {
			r->row_open = true;
			r->row_line = r->line;
		}
		if (csv_parse(p, &b, 1, plan_field, plan_row_end, r) != 1) {
			if (csv_error(p) == CSV_EPARSE)
				plan_error(r, r->line, "misplaced double quote (a quote inside "
					   "an unquoted field, or text after a closing quote)");
			else
				r->status = STATUS_ENOMEM;
		}
		if (b == '\n')
			r->line++;
	}
}

int replay_staffing_load(const char *path, struct centre_config *cfg, FILE *errors)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		say(errors, "%s: cannot open the staffing plan: %s", path, strerror(errno));
		return STATUS_EIO;
	}
	struct csv_parser p;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0) {
		fclose(f);
		return STATUS_ENOMEM;
	}
	struct plan_reader r = {
		.path = path, .errors = errors, .cfg = cfg, .status = STATUS_OK, .line = 1,
	};
	const struct horizon *h = &cfg->horizon;
	unsigned char buf[8192];
	size_t got;
	bool first = true;
	while (r.status == STATUS_OK && (got = fread(buf, 1, sizeof buf, f)) > 0) {
		size_t skip = first && got >= 3 && buf[0] == 0xef && buf[1] == 0xbb &&
			      buf[2] == 0xbf ? 3 : 0;   /* UTF-8 byte-order mark */
		first = false;
		plan_feed(&r, &p, buf + skip, got - skip);
	}
	if (r.status == STATUS_OK && ferror(f)) {
		say(errors, "%s: cannot read the staffing plan: %s", path, strerror(errno));
		r.status = STATUS_EIO;
	}
	if (r.status == STATUS_OK && csv_fini(&p, plan_field, plan_row_end, &r) != 0) {
		if (csv_error(&p) == CSV_EPARSE)
			plan_error(&r, r.row_line, "unterminated quoted field (a double quote "
				   "opened in this row is never closed)");
		else
			r.status = STATUS_ENOMEM;
	}
	if (r.status == STATUS_OK && !r.have_header)
		plan_error(&r, 1, "empty file: expected a header row "
			   "\"interval_start,<agent group>,...\"");
	for (int k = 0; r.status == STATUS_OK && k < h->n_intervals; k++)
		if (!r.given[k]) {
			char date[16], clock[16];
			int d = horizon_interval_day(h, k);
			plan_error(&r, r.last_row_line ? r.last_row_line : r.header_line,
				   "interval %s %s is missing; expected each of the %d intervals "
				   "of the horizon once (%ld given)", fmt_day(h->start_date + d, date,
				   sizeof date), fmt_tod(horizon_interval_start(h, k) -
				   d * HORIZON_DAY_S, clock, sizeof clock), h->n_intervals, r.rows);
		}
	if (r.status == STATUS_OK)
		for (int c = 1; c < r.n_cols; c++)
			memcpy(cfg->groups[r.col_group[c]].staffing,
			       &r.plan[(size_t)c * h->n_intervals],
			       (size_t)h->n_intervals * sizeof *r.plan);
	if (r.status == STATUS_ENOMEM)
		say(errors, "%s: out of memory", path);
	plan_free_fields(&r);
	free(r.fields);
	free(r.plan);
	free(r.given);
	csv_free(&p);
	fclose(f);
	return r.status;
}
