/*
 * check_report.c: the table, summary.json and the CSV files (sim/report.c).
 *
 * The experiment is built by hand, without simulating: one contact type
 * "calls", one group, a horizon of one day of two 30-minute intervals from
 * Monday 2024-03-04 07:00 with the first interval as warm-up, and two
 * commitments whose outcomes are set directly.  Tallies get known values,
 * so every figure the report prints is known in advance:
 *   horizon service level: {0.7, 0.8, 0.9}: mean 0.8, s = 0.1,
 *     95% CI 0.8 -+ t_{0.975,2} 0.1 / sqrt(3), t_{0.975,2} = 4.302653
 *     (any Student-t table), i.e. [0.551586, 1.048414]
 *   horizon ASA: one observation (12): mean 12, CI undefined (null)
 *   horizon max wait: no observation: mean undefined (null)
 * Outputs are read back (json_load_file, plain text) and compared.
 */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <check.h>
#include <jansson.h>

#include "../sim/experiment.h"
#include "../sim/report.h"
#include "../sim/status.h"

Suite *report_suite(void);

#define T975_2 4.302653   /* Student t, 0.975 quantile, 2 degrees of freedom */

struct fixture {
	struct scenario sc;
	struct contact_type_config type;
	struct agent_group_config group;
	int staffing[2];
	double forecast[2];
	struct commitment commits[2];
	struct experiment ex;
	struct tally interval[2 * KPI_COUNT];
	struct tally day[KPI_COUNT];
	struct tally horizon[KPI_COUNT];
	struct tally logged[2];
	struct commit_outcome outcomes[2];
	struct analytic analytic[2];
};

static struct fixture fx;
static char tmpdir[64];

static void add_all(struct tally *t, const double *v, int n)
{
	for (int i = 0; i < n; i++)
		tally_add(t, v[i]);
}

static void build(struct fixture *f)
{
	memset(f, 0, sizeof *f);
	struct scenario *sc = &f->sc;
	snprintf(sc->name, sizeof sc->name, "test-centre");
	sc->seed = 42;
	sc->replications = 3;
	sc->confidence = 0.95;

	int64_t date;
	ck_assert_int_eq(horizon_date_from_civil(2024, 3, 4, &date), STATUS_OK);
	ck_assert_int_eq(horizon_init(&sc->centre.horizon, date, 1, 7 * 3600.0,
				      8 * 3600.0, 1800.0, 1800.0), STATUS_OK);
	ck_assert_int_eq(sc->centre.horizon.n_intervals, 2);
	ck_assert_int_eq(sc->centre.horizon.n_warmup, 1);
	hours_always_open(&sc->centre.hours);

	snprintf(f->type.name, sizeof f->type.name, "calls");
	f->type.n_thresholds = 1;
	f->type.threshold_s[0] = 20.0;
	f->forecast[0] = 30.0;
	f->forecast[1] = 40.0;
	f->type.forecast = f->forecast;
	sc->centre.n_types = 1;
	sc->centre.types = &f->type;

	snprintf(f->group.name, sizeof f->group.name, "agents");
	f->staffing[0] = 3;
	f->staffing[1] = 4;
	f->group.staffing = f->staffing;
	f->group.n_handles = 1;
	f->group.handles[0] = 0;
	sc->centre.n_groups = 1;
	sc->centre.groups = &f->group;

	struct commitment *c = &f->commits[0];
	snprintf(c->name, sizeof c->name, "SL 80/20");
	c->step = -1;
	c->kpi = KPI_SERVICE_LEVEL;
	c->contact_type = 0;
	c->threshold_s = 20.0;
	c->threshold_index = 0;
	c->target = 0.8;
	c->direction = AT_LEAST;
	c->period = PERIOD_INTERVAL;
	c = &f->commits[1];
	snprintf(c->name, sizeof c->name, "Abandons, \"daily\"");
	c->step = -1;
	c->kpi = KPI_ABANDON_RATE;
	c->contact_type = 0;
	c->target = 0.05;
	c->direction = AT_MOST;
	c->period = PERIOD_DAY;
	sc->n_commitments = 2;
	sc->commitments = f->commits;

	struct experiment *ex = &f->ex;
	ex->sc = sc;
	ex->replications = 3;
	ex->seed = 42;
	ex->n_types = 1;
	ex->n_groups = 1;
	ex->n_intervals = 2;
	ex->n_days = 1;
	ex->interval = f->interval;
	ex->day = f->day;
	ex->horizon = f->horizon;
	ex->logged = f->logged;
	ex->commits = f->outcomes;
	/* Interval 0: Erlang C unstable (its limits), no Erlang A figure.
	 * Interval 1: both models give figures. */
	ex->analytic = f->analytic;
	f->analytic[0] = (struct analytic){
		.c_status = STATUS_EUNSTABLE, .a_status = STATUS_EDOM,
		.c = { .p_wait = 1, .service_level = 0, .asa_s = INFINITY, .occupancy = 1 } };
	f->analytic[1] = (struct analytic){
		.c_status = STATUS_OK, .a_status = STATUS_OK,
		.c = { .p_wait = 0.25, .service_level = 0.85, .asa_s = 10.5, .occupancy = 0.8 },
		.a = { .p_wait = 0.2, .service_level = 0.88, .asa_s = 8, .p_abandon = 0.02,
		       .mean_wait_s = 7.5, .occupancy = 0.78 } };
	ex->calls = 12345;
	ex->events = 67890;
	for (int i = 0; i < 2 * KPI_COUNT; i++)
		tally_reset(&f->interval[i]);
	for (int i = 0; i < KPI_COUNT; i++) {
		tally_reset(&f->day[i]);
		tally_reset(&f->horizon[i]);
	}

	/* Interval 1 (07:30): three replications. */
	struct tally *k1 = &f->interval[1 * KPI_COUNT];
	add_all(&k1[KPI_PRESENTED], (const double[]){ 38, 40, 42 }, 3);
	add_all(&k1[KPI_ANSWERED], (const double[]){ 36, 38, 40 }, 3);
	add_all(&k1[KPI_ABANDONED], (const double[]){ 2, 2, 2 }, 3);
	add_all(&k1[KPI_SERVICE_LEVEL], (const double[]){ 0.7, 0.8, 0.9 }, 3);
	add_all(&k1[KPI_ASA], (const double[]){ 10, 12, 14 }, 3);
	add_all(&k1[KPI_OCCUPANCY], (const double[]){ 0.85, 0.85, 0.85 }, 3);
	/* Interval 0 (07:00, warm-up): SL undefined in every replication. */
	struct tally *k0 = &f->interval[0];
	add_all(&k0[KPI_PRESENTED], (const double[]){ 0, 0, 0 }, 3);

	add_all(&f->day[KPI_SERVICE_LEVEL], (const double[]){ 0.7, 0.8, 0.9 }, 3);
	add_all(&f->day[KPI_PRESENTED], (const double[]){ 38, 40, 42 }, 3);
	add_all(&f->horizon[KPI_SERVICE_LEVEL], (const double[]){ 0.7, 0.8, 0.9 }, 3);
	add_all(&f->horizon[KPI_PRESENTED], (const double[]){ 38, 40, 42 }, 3);
	tally_add(&f->horizon[KPI_ASA], 12.0);

	tally_reset(&f->logged[0]);
	tally_reset(&f->logged[1]);
	add_all(&f->logged[0], (const double[]){ 2.5, 2.5, 2.5 }, 3);
	add_all(&f->logged[1], (const double[]){ 3.5, 4.0, 4.5 }, 3);

	double half = T975_2 * 0.1 / sqrt(3.0);
	struct commit_outcome *o = &f->outcomes[0];
	tally_reset(&o->per_replication);
	add_all(&o->per_replication, (const double[]){ 0.7, 0.8, 0.9 }, 3);
	o->pairs = 3;
	o->met = 2;
	o->estimate = 0.8;
	o->ci_lo = 0.8 - half;
	o->ci_hi = 0.8 + half;
	o->p_met = 2.0 / 3.0;
	o->verdict = VERDICT_AT_RISK;
	o = &f->outcomes[1];
	tally_reset(&o->per_replication);
	o->pairs = 3;
	o->met = 0;
	o->estimate = 0.12;
	o->ci_lo = 0.08;
	o->ci_hi = 0.16;
	o->p_met = 0.0;
	o->verdict = VERDICT_MISSED;
}

static void setup(void)
{
	build(&fx);
	snprintf(tmpdir, sizeof tmpdir, "/tmp/check_report.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void teardown(void)
{
	DIR *d = opendir(tmpdir);
	if (d != NULL) {
		struct dirent *e;
		char path[400];
		while ((e = readdir(d)) != NULL) {
			if (e->d_name[0] == '.' && (e->d_name[1] == '\0' ||
			    (e->d_name[1] == '.' && e->d_name[2] == '\0')))
				continue;
			snprintf(path, sizeof path, "%s/%s", tmpdir, e->d_name);
			unlink(path);
		}
		closedir(d);
	}
	rmdir(tmpdir);
}

/* The whole of DIR/name, malloc'd (the caller frees). */
static char *slurp(const char *name)
{
	char path[200];
	snprintf(path, sizeof path, "%s/%s", tmpdir, name);
	FILE *f = fopen(path, "r");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	size_t cap = 4096, len = 0;
	char *buf = malloc(cap);
	ck_assert_ptr_nonnull(buf);
	size_t got;
	while ((got = fread(buf + len, 1, cap - len - 1, f)) > 0) {
		len += got;
		if (cap - len - 1 == 0) {
			cap *= 2;
			buf = realloc(buf, cap);
			ck_assert_ptr_nonnull(buf);
		}
	}
	buf[len] = '\0';
	fclose(f);
	return buf;
}

/* Line i (0-based) of text, copied into line; 0 when there is none. */
static int nth_line(const char *text, int i, char *line, size_t n)
{
	const char *p = text;
	for (; i > 0; i--) {
		p = strchr(p, '\n');
		if (p == NULL)
			return 0;
		p++;
	}
	if (*p == '\0')
		return 0;
	const char *e = strchr(p, '\n');
	size_t len = e != NULL ? (size_t)(e - p) : strlen(p);
	ck_assert_uint_lt(len, n);
	memcpy(line, p, len);
	line[len] = '\0';
	return 1;
}

static int count_lines(const char *text)
{
	int n = 0;
	for (const char *p = text; *p != '\0'; p++)
		if (*p == '\n')
			n++;
	return n;
}

/* Field i (0-based) of a CSV line without quoted fields. */
static const char *field(const char *line, int i, char *out, size_t n)
{
	const char *p = line;
	for (; i > 0; i--) {
		p = strchr(p, ',');
		ck_assert_ptr_nonnull(p);
		p++;
	}
	size_t len = strcspn(p, ",");
	ck_assert_uint_lt(len, n);
	memcpy(out, p, len);
	out[len] = '\0';
	return out;
}

/* Index of the column named name in a header line, or -1. */
static int column_of(const char *header, const char *name)
{
	char f[64];
	int i = 0;
	const char *p = header;
	for (;;) {
		size_t len = strcspn(p, ",");
		if (len < sizeof f) {
			memcpy(f, p, len);
			f[len] = '\0';
			if (strcmp(f, name) == 0)
				return i;
		}
		if (p[len] == '\0')
			return -1;
		p += len + 1;
		i++;
	}
}

static json_t *load_summary(void)
{
	ck_assert_int_eq(report_write_summary(&fx.ex, tmpdir), STATUS_OK);
	char path[200];
	snprintf(path, sizeof path, "%s/summary.json", tmpdir);
	json_error_t err;
	json_t *root = json_load_file(path, 0, &err);
	ck_assert_msg(root != NULL, "summary.json: line %d: %s", err.line, err.text);
	return root;
}

static double jnum(const json_t *v)
{
	ck_assert_msg(json_is_number(v), "expected a number");
	return json_number_value(v);
}

/* ------------------------------------------------------------------ JSON */

START_TEST(test_summary_top_level)
{
	json_t *root = load_summary();
	ck_assert_str_eq(json_string_value(json_object_get(root, "scenario")),
			 "test-centre");
	ck_assert_int_eq(json_integer_value(json_object_get(root, "replications")), 3);
	ck_assert_int_eq(json_integer_value(json_object_get(root, "seed")), 42);
	ck_assert_double_eq_tol(jnum(json_object_get(root, "confidence")), 0.95, 1e-12);
	ck_assert_int_eq(json_integer_value(json_object_get(root, "calls_simulated")),
			 12345);
	ck_assert_int_eq(json_integer_value(json_object_get(root, "events")), 67890);
	ck_assert(json_is_array(json_object_get(root, "commitments")));
	ck_assert(json_is_object(json_object_get(root, "kpis")));
	json_decref(root);

	/* Keys in their fixed order, the file ending with a newline. */
	char *text = slurp("summary.json");
	const char *keys[] = { "\"scenario\"", "\"replications\"", "\"seed\"",
			       "\"confidence\"", "\"commitments\"", "\"kpis\"",
			       "\"calls_simulated\"", "\"events\"" };
	const char *prev = text;
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		const char *at = strstr(text, keys[i]);
		ck_assert_msg(at != NULL && at >= prev, "key %s out of order", keys[i]);
		prev = at;
	}
	size_t len = strlen(text);
	ck_assert_uint_gt(len, 0);
	ck_assert_int_eq(text[len - 1], '\n');
	ck_assert_ptr_null(strstr(text, "NaN"));
	ck_assert_ptr_null(strstr(text, "nan"));
	free(text);
}
END_TEST

START_TEST(test_summary_commitments)
{
	json_t *root = load_summary();
	json_t *arr = json_object_get(root, "commitments");
	ck_assert_uint_eq(json_array_size(arr), 2);

	json_t *c = json_array_get(arr, 0);
	ck_assert_str_eq(json_string_value(json_object_get(c, "name")), "SL 80/20");
	ck_assert_str_eq(json_string_value(json_object_get(c, "kpi")), "service_level");
	ck_assert_str_eq(json_string_value(json_object_get(c, "contact_type")), "calls");
	ck_assert_double_eq_tol(jnum(json_object_get(c, "threshold_s")), 20.0, 1e-12);
	ck_assert_str_eq(json_string_value(json_object_get(c, "period")), "interval");
	ck_assert_double_eq_tol(jnum(json_object_get(c, "target")), 0.8, 1e-12);
	ck_assert_str_eq(json_string_value(json_object_get(c, "direction")), "at_least");
	ck_assert_double_eq_tol(jnum(json_object_get(c, "estimate")), 0.8, 1e-9);
	json_t *ci = json_object_get(c, "ci95");
	ck_assert_uint_eq(json_array_size(ci), 2);
	ck_assert_double_eq_tol(jnum(json_array_get(ci, 0)), 0.551586, 1e-6);
	ck_assert_double_eq_tol(jnum(json_array_get(ci, 1)), 1.048414, 1e-6);
	ck_assert_double_eq_tol(jnum(json_object_get(c, "p_met")), 2.0 / 3.0, 1e-9);
	ck_assert_str_eq(json_string_value(json_object_get(c, "verdict")), "at_risk");

	c = json_array_get(arr, 1);
	ck_assert_str_eq(json_string_value(json_object_get(c, "name")),
			 "Abandons, \"daily\"");
	ck_assert_str_eq(json_string_value(json_object_get(c, "kpi")), "abandon_rate");
	/* abandon_rate has no threshold: no threshold_s key at all. */
	ck_assert_ptr_null(json_object_get(c, "threshold_s"));
	ck_assert_str_eq(json_string_value(json_object_get(c, "period")), "day");
	ck_assert_str_eq(json_string_value(json_object_get(c, "direction")), "at_most");
	ck_assert_double_eq_tol(jnum(json_object_get(c, "target")), 0.05, 1e-12);
	ck_assert_double_eq_tol(jnum(json_object_get(c, "estimate")), 0.12, 1e-12);
	ci = json_object_get(c, "ci95");
	ck_assert_double_eq_tol(jnum(json_array_get(ci, 0)), 0.08, 1e-12);
	ck_assert_double_eq_tol(jnum(json_array_get(ci, 1)), 0.16, 1e-12);
	ck_assert_double_eq(jnum(json_object_get(c, "p_met")), 0.0);
	ck_assert_str_eq(json_string_value(json_object_get(c, "verdict")), "missed");
	json_decref(root);
}
END_TEST

START_TEST(test_summary_kpis)
{
	json_t *root = load_summary();
	json_t *calls = json_object_get(json_object_get(root, "kpis"), "calls");
	ck_assert(json_is_object(calls));
	/* Every KPI, by its stable name. */
	ck_assert_uint_eq(json_object_size(calls), KPI_COUNT);
	const char *required[] = { "presented", "answered", "abandoned",
		"service_level", "abandon_rate", "accessibility", "asa_s",
		"mean_wait_s", "p90_wait_s", "occupancy" };
	for (size_t i = 0; i < sizeof required / sizeof required[0]; i++) {
		json_t *k = json_object_get(calls, required[i]);
		ck_assert_msg(json_is_object(k), "kpis.calls.%s missing", required[i]);
		ck_assert(json_is_array(json_object_get(k, "ci95")));
		ck_assert_ptr_nonnull(json_object_get(k, "mean"));
	}

	/* SL: mean 0.8 (a fraction, not 80) and the hand-computed CI. */
	json_t *sl = json_object_get(calls, "service_level");
	double half = T975_2 * 0.1 / sqrt(3.0);
	ck_assert_double_eq_tol(jnum(json_object_get(sl, "mean")), 0.8, 1e-9);
	json_t *ci = json_object_get(sl, "ci95");
	ck_assert_double_eq_tol(jnum(json_array_get(ci, 0)), 0.8 - half, 1e-6);
	ck_assert_double_eq_tol(jnum(json_array_get(ci, 1)), 0.8 + half, 1e-6);

	json_t *pres = json_object_get(calls, "presented");
	ck_assert_double_eq_tol(jnum(json_object_get(pres, "mean")), 40.0, 1e-9);
	ci = json_object_get(pres, "ci95");
	/* s = 2: 40 -+ 4.302653 * 2 / sqrt(3) */
	ck_assert_double_eq_tol(jnum(json_array_get(ci, 0)),
				40.0 - T975_2 * 2.0 / sqrt(3.0), 1e-5);

	/* One observation: a mean, but no CI (null, null). */
	json_t *asa = json_object_get(calls, "asa_s");
	ck_assert_double_eq_tol(jnum(json_object_get(asa, "mean")), 12.0, 1e-12);
	ci = json_object_get(asa, "ci95");
	ck_assert_uint_eq(json_array_size(ci), 2);
	ck_assert(json_is_null(json_array_get(ci, 0)));
	ck_assert(json_is_null(json_array_get(ci, 1)));

	/* No observation: NaN mean, written as null. */
	json_t *mx = json_object_get(calls, "max_wait_s");
	ck_assert(json_is_null(json_object_get(mx, "mean")));
	json_decref(root);

	/* The KPIs come in enum order in the file. */
	char *text = slurp("summary.json");
	const char *prev = strstr(text, "\"kpis\"");
	ck_assert_ptr_nonnull(prev);
	for (int k = 0; k < KPI_COUNT; k++) {
		char key[64];
		snprintf(key, sizeof key, "\"%s\":", kpi_name((enum kpi)k));
		const char *at = strstr(prev, key);
		ck_assert_msg(at != NULL, "%s not after the previous KPI", key);
		prev = at;
	}
	free(text);
}
END_TEST

START_TEST(test_summary_stream)
{
	/* report_summary on a stream gives the same bytes as the file. */
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	ck_assert_ptr_nonnull(mem);
	ck_assert_int_eq(report_summary(mem, &fx.ex), STATUS_OK);
	fclose(mem);
	ck_assert_int_eq(report_write_summary(&fx.ex, tmpdir), STATUS_OK);
	char *file = slurp("summary.json");
	ck_assert_str_eq(buf, file);
	/* Indented by two spaces. */
	ck_assert_int_eq(strncmp(buf, "{\n  \"scenario\": \"test-centre\",\n", 31), 0);
	free(file);
	free(buf);
}
END_TEST

/* ------------------------------------------------------------------- CSV */

static const char intervals_header[] =
	"contact_type,interval,day,start,start_s,warmup,agents_scheduled,"
	"agents_logged_mean,"
	"received_mean,received_lo,received_hi,"
	"presented_mean,presented_lo,presented_hi,"
	"answered_mean,answered_lo,answered_hi,"
	"abandoned_mean,abandoned_lo,abandoned_hi,"
	"short_abandons_mean,short_abandons_lo,short_abandons_hi,"
	"answered_within_mean,answered_within_lo,answered_within_hi,"
	"service_level_mean,service_level_lo,service_level_hi,"
	"abandon_rate_mean,abandon_rate_lo,abandon_rate_hi,"
	"accessibility_mean,accessibility_lo,accessibility_hi,"
	"asa_s_mean,asa_s_lo,asa_s_hi,"
	"mean_wait_s_mean,mean_wait_s_lo,mean_wait_s_hi,"
	"p90_wait_s_mean,p90_wait_s_lo,p90_wait_s_hi,"
	"p95_wait_s_mean,p95_wait_s_lo,p95_wait_s_hi,"
	"max_wait_s_mean,max_wait_s_lo,max_wait_s_hi,"
	"occupancy_mean,occupancy_lo,occupancy_hi,"
	"erlang_c_stable,erlang_c_p_wait,erlang_c_service_level,erlang_c_asa_s,"
	"erlang_c_occupancy,erlang_a_p_wait,erlang_a_service_level,erlang_a_asa_s,"
	"erlang_a_abandon_rate,erlang_a_mean_wait_s,erlang_a_occupancy";

START_TEST(test_intervals_csv)
{
	ck_assert_int_eq(report_write_intervals(&fx.ex, tmpdir), STATUS_OK);
	char *text = slurp("intervals.csv");
	char hdr[2048], row0[2048], row1[2048], f[64];

	ck_assert_int_eq(count_lines(text), 1 + 2);
	ck_assert(nth_line(text, 0, hdr, sizeof hdr));
	ck_assert_str_eq(hdr, intervals_header);
	ck_assert(nth_line(text, 1, row0, sizeof row0));
	ck_assert(nth_line(text, 2, row1, sizeof row1));

	/* Every row has as many fields as the header. */
	int ncol = 8 + 3 * KPI_COUNT;
	ck_assert_int_eq(column_of(hdr, "occupancy_hi"), ncol - 1);
	field(row1, ncol - 1, f, sizeof f);
	ck_assert_int_eq(strchr(row1, '\n') == NULL, 1);

	/* Interval 0: Monday 2024-03-04 07:00, warm-up, 3 scheduled. */
	ck_assert_str_eq(field(row0, 0, f, sizeof f), "calls");
	ck_assert_str_eq(field(row0, 1, f, sizeof f), "0");
	ck_assert_str_eq(field(row0, 2, f, sizeof f), "0");
	ck_assert_str_eq(field(row0, 3, f, sizeof f), "2024-03-04 07:00");
	ck_assert_str_eq(field(row0, 4, f, sizeof f), "25200");
	ck_assert_str_eq(field(row0, 5, f, sizeof f), "1");
	ck_assert_str_eq(field(row0, 6, f, sizeof f), "3");
	ck_assert_str_eq(field(row0, 7, f, sizeof f), "2.5");
	/* SL undefined there: empty fields. */
	int sl = column_of(hdr, "service_level_mean");
	ck_assert_str_eq(field(row0, sl, f, sizeof f), "");
	ck_assert_str_eq(field(row0, sl + 1, f, sizeof f), "");
	/* Presented 0, 0, 0: mean 0, a zero-width CI. */
	int pr = column_of(hdr, "presented_mean");
	ck_assert_str_eq(field(row0, pr, f, sizeof f), "0");
	ck_assert_str_eq(field(row0, pr + 1, f, sizeof f), "0");

	/* Interval 1: 07:30, 4 scheduled, 4 logged in on average. */
	ck_assert_str_eq(field(row1, 1, f, sizeof f), "1");
	ck_assert_str_eq(field(row1, 3, f, sizeof f), "2024-03-04 07:30");
	ck_assert_str_eq(field(row1, 4, f, sizeof f), "27000");
	ck_assert_str_eq(field(row1, 5, f, sizeof f), "0");
	ck_assert_str_eq(field(row1, 6, f, sizeof f), "4");
	ck_assert_str_eq(field(row1, 7, f, sizeof f), "4");
	ck_assert_str_eq(field(row1, sl, f, sizeof f), "0.8");
	ck_assert_double_eq_tol(atof(field(row1, sl + 1, f, sizeof f)),
				0.8 - T975_2 * 0.1 / sqrt(3.0), 1e-5);
	ck_assert_double_eq_tol(atof(field(row1, sl + 2, f, sizeof f)),
				0.8 + T975_2 * 0.1 / sqrt(3.0), 1e-5);
	ck_assert_str_eq(field(row1, column_of(hdr, "asa_s_mean"), f, sizeof f), "12");
	ck_assert_str_eq(field(row1, column_of(hdr, "presented_mean"), f, sizeof f),
			 "40");
	ck_assert_str_eq(field(row1, column_of(hdr, "occupancy_mean"), f, sizeof f),
			 "0.85");
	/* Erlang columns: unstable C in interval 0 (limits, infinite ASA
	 * empty, no A); both models in interval 1. */
	int cs = column_of(hdr, "erlang_c_stable");
	ck_assert_int_eq(cs, ncol);
	ck_assert_str_eq(field(row0, cs, f, sizeof f), "0");
	ck_assert_str_eq(field(row0, column_of(hdr, "erlang_c_service_level"), f, sizeof f), "0");
	ck_assert_str_eq(field(row0, column_of(hdr, "erlang_c_asa_s"), f, sizeof f), "");
	ck_assert_str_eq(field(row0, column_of(hdr, "erlang_a_service_level"), f, sizeof f), "");
	ck_assert_str_eq(field(row1, cs, f, sizeof f), "1");
	ck_assert_str_eq(field(row1, column_of(hdr, "erlang_c_asa_s"), f, sizeof f), "10.5");
	ck_assert_str_eq(field(row1, column_of(hdr, "erlang_a_abandon_rate"), f, sizeof f), "0.02");
	ck_assert_str_eq(field(row1, column_of(hdr, "erlang_a_occupancy"), f, sizeof f), "0.78");
	free(text);
}
END_TEST

/* days.csv: header, one row for the one day, values from the day tallies. */
START_TEST(test_days_csv)
{
	ck_assert_int_eq(report_write_days(&fx.ex, tmpdir), STATUS_OK);
	char *text = slurp("days.csv");
	char hdr[2048], row[2048], f[64];
	ck_assert_int_eq(count_lines(text), 1 + 1);
	ck_assert(nth_line(text, 0, hdr, sizeof hdr));
	static const char start[] = "contact_type,day,date,weekday,received_mean,received_lo,received_hi,";
	ck_assert(strncmp(hdr, start, strlen(start)) == 0);
	ck_assert_int_eq(column_of(hdr, "occupancy_hi"), 4 + 3 * KPI_COUNT - 1);
	ck_assert(nth_line(text, 1, row, sizeof row));
	ck_assert_str_eq(field(row, 0, f, sizeof f), "calls");
	ck_assert_str_eq(field(row, 1, f, sizeof f), "0");
	ck_assert_str_eq(field(row, 2, f, sizeof f), "2024-03-04");
	ck_assert_str_eq(field(row, 3, f, sizeof f), "Mon");
	int sl = column_of(hdr, "service_level_mean");
	ck_assert_str_eq(field(row, sl, f, sizeof f), "0.8");
	ck_assert_double_eq_tol(atof(field(row, sl + 1, f, sizeof f)),
				0.8 - T975_2 * 0.1 / sqrt(3.0), 1e-5);
	ck_assert_str_eq(field(row, column_of(hdr, "presented_mean"), f, sizeof f), "40");
	/* No ASA observation on that day: empty. */
	ck_assert_str_eq(field(row, column_of(hdr, "asa_s_mean"), f, sizeof f), "");
	free(text);
}
END_TEST

START_TEST(test_commitments_csv)
{
	ck_assert_int_eq(report_write_commitments(&fx.ex, tmpdir), STATUS_OK);
	char *text = slurp("commitments.csv");
	char line[1024];

	ck_assert_int_eq(count_lines(text), 1 + 2);
	ck_assert(nth_line(text, 0, line, sizeof line));
	/* step, added for deferred types, comes last: the other columns keep
	 * their positions. */
	ck_assert_str_eq(line, "name,kpi,contact_type,threshold_s,period,direction,"
			 "target,estimate,ci_lo,ci_hi,p_met,verdict,pairs,met,step");
	ck_assert(nth_line(text, 1, line, sizeof line));
	ck_assert_str_eq(line, "SL 80/20,service_level,calls,20,interval,at_least,"
			 "0.8,0.8,0.551586,1.04841,0.666667,at_risk,3,2,");
	/* RFC 4180: the name holds a comma and quotes, so it is quoted and its
	 * quotes doubled; abandon_rate has no threshold (empty field); a voice
	 * commitment has no step (empty field). */
	ck_assert(nth_line(text, 2, line, sizeof line));
	ck_assert_str_eq(line, "\"Abandons, \"\"daily\"\"\",abandon_rate,calls,,day,"
			 "at_most,0.05,0.12,0.08,0.16,0,missed,3,0,");
	free(text);
}
END_TEST

START_TEST(test_commitments_csv_nan)
{
	/* Undefined outcome: empty fields, not "nan". */
	fx.outcomes[1].estimate = NAN;
	fx.outcomes[1].ci_lo = NAN;
	fx.outcomes[1].ci_hi = NAN;
	fx.outcomes[1].p_met = NAN;
	fx.outcomes[1].pairs = 0;
	ck_assert_int_eq(report_write_commitments(&fx.ex, tmpdir), STATUS_OK);
	char *text = slurp("commitments.csv");
	char line[1024];
	ck_assert(nth_line(text, 2, line, sizeof line));
	ck_assert_str_eq(line, "\"Abandons, \"\"daily\"\"\",abandon_rate,calls,,day,"
			 "at_most,0.05,,,,,missed,0,0,");
	free(text);

	/* ... and null in JSON. */
	json_t *root = load_summary();
	json_t *c = json_array_get(json_object_get(root, "commitments"), 1);
	ck_assert(json_is_null(json_object_get(c, "estimate")));
	ck_assert(json_is_null(json_object_get(c, "p_met")));
	ck_assert(json_is_null(json_array_get(json_object_get(c, "ci95"), 0)));
	json_decref(root);
}
END_TEST

/* ----------------------------------------------------------------- table */

static char *table_text(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	ck_assert_ptr_nonnull(mem);
	report_table(mem, &fx.ex);
	fclose(mem);
	return buf;
}

/* The line of text that contains needle, copied into line. */
static int line_with(const char *text, const char *needle, char *line, size_t n)
{
	const char *at = strstr(text, needle);
	if (at == NULL)
		return 0;
	const char *b = at;
	while (b > text && b[-1] != '\n')
		b--;
	const char *e = strchr(at, '\n');
	size_t len = e != NULL ? (size_t)(e - b) : strlen(b);
	ck_assert_uint_lt(len, n);
	memcpy(line, b, len);
	line[len] = '\0';
	return 1;
}

START_TEST(test_table_commitments)
{
	char *text = table_text();
	char line[512];
	/* Header line: scenario, replications, seed. */
	ck_assert(nth_line(text, 0, line, sizeof line));
	ck_assert_ptr_nonnull(strstr(line, "test-centre"));
	ck_assert_ptr_nonnull(strstr(line, "3 replications"));
	ck_assert_ptr_nonnull(strstr(line, "seed 42"));

	ck_assert(line_with(text, "SL 80/20", line, sizeof line));
	ck_assert_ptr_nonnull(strstr(line, "service_level(20s)"));
	ck_assert_ptr_nonnull(strstr(line, "interval"));
	ck_assert_ptr_nonnull(strstr(line, ">= 80.0%"));
	ck_assert_ptr_nonnull(strstr(line, "[55.2%, 104.8%]"));
	ck_assert_ptr_nonnull(strstr(line, "66.7%"));
	ck_assert_ptr_nonnull(strstr(line, "at risk"));

	char line2[512];
	ck_assert(line_with(text, "Abandons, \"daily\"", line2, sizeof line2));
	ck_assert_ptr_nonnull(strstr(line2, "abandon_rate "));
	ck_assert_ptr_nonnull(strstr(line2, "<= 5.0%"));
	ck_assert_ptr_nonnull(strstr(line2, "12.0%"));
	ck_assert_ptr_nonnull(strstr(line2, "[8.0%, 16.0%]"));
	ck_assert_ptr_nonnull(strstr(line2, "0.0%"));
	ck_assert_ptr_nonnull(strstr(line2, "missed"));

	/* Aligned: the verdicts start in the same column. */
	ck_assert_int_eq(strstr(line, "at risk") - line, strstr(line2, "missed") - line2);
	free(text);
}
END_TEST

START_TEST(test_table_intervals)
{
	char *text = table_text();
	char w[512], k1[512], head[512];
	ck_assert(line_with(text, "Mon 07:00", w, sizeof w));
	ck_assert(line_with(text, "Mon 07:30", k1, sizeof k1));
	/* The warm-up interval is marked w, the other is not. */
	ck_assert_ptr_nonnull(strstr(w, "Mon 07:00 w"));
	ck_assert_ptr_null(strstr(k1, "Mon 07:30 w"));
	/* Undefined SL in the warm-up: "-". */
	ck_assert_ptr_nonnull(strstr(w, " - "));
	/* Interval 1: presented 40.0, answered 38.0, abandoned 2.0, SL 80.0,
	 * ASA 12.0, 4 agents, occupancy 85.0 */
	const char *want[] = { " 40.0", " 38.0", " 2.0", " 80.0", " 12.0",
			       " 4 ", " 85.0" };
	const char *p = k1;
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		const char *at = strstr(p, want[i]);
		ck_assert_msg(at != NULL, "'%s' missing or out of order in '%s'",
			      want[i], k1);
		p = at + 1;
	}
	/* Columns align: both rows and the header have the same length. */
	ck_assert(line_with(text, "presented", head, sizeof head));
	ck_assert_uint_eq(strlen(w), strlen(k1));
	ck_assert_uint_eq(strlen(head), strlen(k1));
	ck_assert_ptr_nonnull(strstr(text, "Intervals of calls"));
	free(text);
}
END_TEST

START_TEST(test_table_no_commitments)
{
	fx.sc.n_commitments = 0;
	char *text = table_text();
	ck_assert_ptr_nonnull(strstr(text, "Commitments: none"));
	ck_assert_ptr_null(strstr(text, "verdict"));
	free(text);
}
END_TEST

/* -------------------------------------------------------------- deferred */

/*
 * A second experiment, also by hand, with written work: nine days from
 * Wednesday 2024-03-06 (one 07:00-08:00 interval a day, no warm-up), so two
 * weeks: Wed 6 to Sun 10 (partial) and Mon 11 to Thu 14.  Types:
 *   0 calls      voice
 *   1 email      e-mail, 10 a day (daily arrivals); one step "reply", 24bh
 *   2 complaint  letter, from follow-ups only; steps "acknowledge" (2bd)
 *                and "answer" (1mo)
 * Tallies (three replications, so the CI half-width of a sample with
 * s = 0.1 is T975_2 * 0.1 / sqrt(3) = 0.248414):
 *   email/reply horizon: received 100, 110, 120; completed 90, 100, 110;
 *     within deadline 0.9, 0.8, 1.0 (mean 90.0%, CI [65.2%, 114.8%]);
 *     mean response 36000, 43200, 50400 business s (12.0bh); p90 72000
 *     (20.0bh); backlog 5, 7, 9 (7.0); oldest age 7200, 10800, 14400 s
 *     (3.0h)
 *   complaint/acknowledge horizon: received 10 x3; mean response 1, 2, 3
 *     bd (2.0bd); within deadline never defined (-)
 *   complaint/answer: no figure at all
 *   backlog by day: day 0 email 3, 4, 5 (4.0); day 1 acknowledge 2 (2.0);
 *     day 2 email 1, 1, 1; days 3 to 8 nothing (rows left out)
 *   within deadline by week: email week 0 0.95, 0.85, 0.9 (90.0%);
 *     acknowledge week 1 1, 1, 1 (100.0%)
 * Commitments, their outcomes set directly:
 *   0 "e-mail 90% in 24bh"  within_deadline email/reply >= 0.9 per week,
 *                           estimate 0.92 [0.90, 0.94]
 *   1 "ack 2bd on average"  mean_response complaint/acknowledge <= 2 per
 *                           day, estimate 2.3 [2.1, 2.5]
 *   2 "answer p90 15 days"  p90_response complaint/answer <= 1296000 s
 *                           over the horizon, estimate 432000, no CI
 *   3 "e-mail p90 20bh"     p90_response email/reply <= 72000 business s
 *                           per day, estimate 64800
 *   4 "backlog at most 150" backlog email/reply <= 150 per day, undefined
 */
#define D_DAYS 9
#define D_TYPES 3
#define D_CELLS (D_TYPES * CENTRE_MAX_STEPS)

struct dfixture {
	struct scenario sc;
	struct contact_type_config types[D_TYPES];
	struct agent_group_config group;
	int staffing[D_DAYS];
	double forecast[D_DAYS];
	double per_day[D_DAYS];
	struct commitment commits[5];
	struct experiment ex;
	struct tally interval[D_TYPES * D_DAYS * KPI_COUNT];
	struct tally day[D_TYPES * D_DAYS * KPI_COUNT];
	struct tally horizon[D_TYPES * KPI_COUNT];
	struct tally logged[D_DAYS];
	struct tally task_day[D_CELLS * D_DAYS * TASK_KPI_COUNT];
	struct tally task_week[D_CELLS * 2 * TASK_KPI_COUNT];
	struct tally task_horizon[D_CELLS * TASK_KPI_COUNT];
	struct commit_outcome outcomes[5];
	struct analytic analytic[D_TYPES * D_DAYS];
};

static struct dfixture dfx;

static void reset_all(struct tally *t, size_t n)
{
	for (size_t i = 0; i < n; i++)
		tally_reset(&t[i]);
}

/* The tallies of a task cell, writable. */
static struct tally *tday(int t, int s, int d)
{
	return &dfx.task_day[(((size_t)t * CENTRE_MAX_STEPS + s) * D_DAYS + d) * TASK_KPI_COUNT];
}
static struct tally *tweek(int t, int s, int w)
{
	return &dfx.task_week[(((size_t)t * CENTRE_MAX_STEPS + s) * 2 + w) * TASK_KPI_COUNT];
}
static struct tally *thorizon(int t, int s)
{
	return &dfx.task_horizon[((size_t)t * CENTRE_MAX_STEPS + s) * TASK_KPI_COUNT];
}

static void add_commit(int i, const char *name, int type, int step,
		       enum task_kpi kpi, double target, enum commit_direction dir,
		       enum commit_period period, double est, double lo, double hi)
{
	struct commitment *c = &dfx.commits[i];
	snprintf(c->name, sizeof c->name, "%s", name);
	c->contact_type = type;
	c->step = step;
	c->task_kpi = kpi;
	c->target = target;
	c->direction = dir;
	c->period = period;
	struct commit_outcome *o = &dfx.outcomes[i];
	tally_reset(&o->per_replication);
	o->pairs = 3;
	o->met = 3;
	o->estimate = est;
	o->ci_lo = lo;
	o->ci_hi = hi;
	o->p_met = 1.0;
	o->verdict = VERDICT_MET;
}

static void build_deferred(void)
{
	struct dfixture *f = &dfx;
	memset(f, 0, sizeof *f);
	struct scenario *sc = &f->sc;
	snprintf(sc->name, sizeof sc->name, "written");
	sc->seed = 7;
	sc->replications = 3;
	sc->confidence = 0.95;
	int64_t date;
	ck_assert_int_eq(horizon_date_from_civil(2024, 3, 6, &date), STATUS_OK);
	ck_assert_int_eq(horizon_init(&sc->centre.horizon, date, D_DAYS, 7 * 3600.0,
				      8 * 3600.0, 3600.0, 0.0), STATUS_OK);
	hours_always_open(&sc->centre.hours);

	struct contact_type_config *ct = &f->types[0];
	snprintf(ct->name, sizeof ct->name, "calls");
	ct->channel = CHANNEL_VOICE;
	ct->n_thresholds = 1;
	ct->threshold_s[0] = 20.0;
	for (int d = 0; d < D_DAYS; d++)
		f->forecast[d] = 10.0;
	ct->forecast = f->forecast;
	ck_assert_int_eq(dist_deterministic(&ct->handle, 240.0), STATUS_OK);

	ct = &f->types[1];
	snprintf(ct->name, sizeof ct->name, "email");
	ct->channel = CHANNEL_EMAIL;
	ct->arrive = ARRIVE_DAILY;
	for (int d = 0; d < D_DAYS; d++)
		f->per_day[d] = 10.0;
	ct->per_day = f->per_day;
	ct->n_steps = 1;
	snprintf(ct->steps[0].name, sizeof ct->steps[0].name, "reply");
	ck_assert_int_eq(dist_deterministic(&ct->steps[0].handle, 300.0), STATUS_OK);
	ct->steps[0].deadline = (struct deadline){ CLOCK_BUSINESS_HOURS, 24 * 3600.0 };
	ct->steps[0].group = -1;

	ct = &f->types[2];
	snprintf(ct->name, sizeof ct->name, "complaint");
	ct->channel = CHANNEL_LETTER;
	ct->arrive = ARRIVE_NONE;
	ct->n_steps = 2;
	snprintf(ct->steps[0].name, sizeof ct->steps[0].name, "acknowledge");
	ck_assert_int_eq(dist_deterministic(&ct->steps[0].handle, 120.0), STATUS_OK);
	ct->steps[0].deadline = (struct deadline){ CLOCK_BUSINESS_DAYS, 2 };
	snprintf(ct->steps[1].name, sizeof ct->steps[1].name, "answer");
	ck_assert_int_eq(dist_deterministic(&ct->steps[1].handle, 1800.0), STATUS_OK);
	ct->steps[1].deadline = (struct deadline){ CLOCK_CALENDAR_MONTHS, 1 };
	sc->centre.n_types = D_TYPES;
	sc->centre.types = f->types;

	snprintf(f->group.name, sizeof f->group.name, "agents");
	for (int d = 0; d < D_DAYS; d++)
		f->staffing[d] = 2;
	f->group.staffing = f->staffing;
	f->group.n_handles = 3;
	f->group.handles[0] = 0;
	f->group.handles[1] = 1;
	f->group.handles[2] = 2;
	sc->centre.n_groups = 1;
	sc->centre.groups = &f->group;

	add_commit(0, "e-mail 90% in 24bh", 1, 0, TASK_WITHIN_DEADLINE, 0.9,
		   AT_LEAST, PERIOD_WEEK, 0.92, 0.90, 0.94);
	add_commit(1, "ack 2bd on average", 2, 0, TASK_MEAN_RESPONSE, 2.0,
		   AT_MOST, PERIOD_DAY, 2.3, 2.1, 2.5);
	add_commit(2, "answer p90 15 days", 2, 1, TASK_P90_RESPONSE, 1296000.0,
		   AT_MOST, PERIOD_HORIZON, 432000.0, NAN, NAN);
	add_commit(3, "e-mail p90 20bh", 1, 0, TASK_P90_RESPONSE, 72000.0,
		   AT_MOST, PERIOD_DAY, 64800.0, 61200.0, 68400.0);
	add_commit(4, "backlog at most 150", 1, 0, TASK_BACKLOG, 150.0,
		   AT_MOST, PERIOD_DAY, NAN, NAN, NAN);
	f->outcomes[4].p_met = NAN;
	f->outcomes[4].pairs = f->outcomes[4].met = 0;
	sc->n_commitments = 5;
	sc->commitments = f->commits;

	struct experiment *ex = &f->ex;
	ex->sc = sc;
	ex->replications = 3;
	ex->seed = 7;
	ex->n_types = D_TYPES;
	ex->n_groups = 1;
	ex->n_intervals = D_DAYS;
	ex->n_days = D_DAYS;
	ex->n_weeks = 2;
	ex->interval = f->interval;
	ex->day = f->day;
	ex->horizon = f->horizon;
	ex->logged = f->logged;
	ex->task_day = f->task_day;
	ex->task_week = f->task_week;
	ex->task_horizon = f->task_horizon;
	ex->commits = f->outcomes;
	ex->analytic = f->analytic;
	for (size_t i = 0; i < sizeof f->analytic / sizeof f->analytic[0]; i++)
		f->analytic[i].c_status = f->analytic[i].a_status = STATUS_EDOM;
	reset_all(f->interval, sizeof f->interval / sizeof f->interval[0]);
	reset_all(f->day, sizeof f->day / sizeof f->day[0]);
	reset_all(f->horizon, sizeof f->horizon / sizeof f->horizon[0]);
	reset_all(f->logged, sizeof f->logged / sizeof f->logged[0]);
	reset_all(f->task_day, sizeof f->task_day / sizeof f->task_day[0]);
	reset_all(f->task_week, sizeof f->task_week / sizeof f->task_week[0]);
	reset_all(f->task_horizon, sizeof f->task_horizon / sizeof f->task_horizon[0]);
	/* The calls: 10 presented on each day, so their views have rows. */
	for (int d = 0; d < D_DAYS; d++) {
		add_all(&f->interval[d * KPI_COUNT + KPI_PRESENTED],
			(const double[]){ 10, 10, 10 }, 3);
		add_all(&f->day[d * KPI_COUNT + KPI_RECEIVED],
			(const double[]){ 10, 10, 10 }, 3);
	}

	struct tally *h = thorizon(1, 0);
	add_all(&h[TASK_RECEIVED], (const double[]){ 100, 110, 120 }, 3);
	add_all(&h[TASK_COMPLETED], (const double[]){ 90, 100, 110 }, 3);
	add_all(&h[TASK_WITHIN_DEADLINE], (const double[]){ 0.9, 0.8, 1.0 }, 3);
	add_all(&h[TASK_MEAN_RESPONSE], (const double[]){ 36000, 43200, 50400 }, 3);
	tally_add(&h[TASK_P90_RESPONSE], 72000);
	add_all(&h[TASK_BACKLOG], (const double[]){ 5, 7, 9 }, 3);
	add_all(&h[TASK_OLDEST_AGE], (const double[]){ 7200, 10800, 14400 }, 3);
	h = thorizon(2, 0);
	add_all(&h[TASK_RECEIVED], (const double[]){ 10, 10, 10 }, 3);
	add_all(&h[TASK_MEAN_RESPONSE], (const double[]){ 1, 2, 3 }, 3);

	add_all(&tday(1, 0, 0)[TASK_BACKLOG], (const double[]){ 3, 4, 5 }, 3);
	add_all(&tday(1, 0, 0)[TASK_RECEIVED], (const double[]){ 10, 12, 14 }, 3);
	tally_add(&tday(2, 0, 1)[TASK_BACKLOG], 2);
	add_all(&tday(1, 0, 2)[TASK_BACKLOG], (const double[]){ 1, 1, 1 }, 3);
	add_all(&tweek(1, 0, 0)[TASK_WITHIN_DEADLINE], (const double[]){ 0.95, 0.85, 0.9 }, 3);
	add_all(&tweek(2, 0, 1)[TASK_WITHIN_DEADLINE], (const double[]){ 1, 1, 1 }, 3);
}

static void setup_deferred(void)
{
	build_deferred();
	snprintf(tmpdir, sizeof tmpdir, "/tmp/check_report.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static char *dtable_text(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	ck_assert_ptr_nonnull(mem);
	report_table(mem, &dfx.ex);
	fclose(mem);
	return buf;
}

/* The exact header of both deferred CSV files after their first columns. */
static const char task_columns[] =
	"received_mean,received_ci_lo,received_ci_hi,"
	"completed_mean,completed_ci_lo,completed_ci_hi,"
	"completed_within_deadline_mean,completed_within_deadline_ci_lo,"
	"completed_within_deadline_ci_hi,"
	"within_deadline_mean,within_deadline_ci_lo,within_deadline_ci_hi,"
	"not_yet_due_mean,not_yet_due_ci_lo,not_yet_due_ci_hi,"
	"open_late_mean,open_late_ci_lo,open_late_ci_hi,"
	"mean_response_mean,mean_response_ci_lo,mean_response_ci_hi,"
	"p90_response_mean,p90_response_ci_lo,p90_response_ci_hi,"
	"backlog_mean,backlog_ci_lo,backlog_ci_hi,"
	"oldest_age_s_mean,oldest_age_s_ci_lo,oldest_age_s_ci_hi";

START_TEST(test_deferred_days_csv)
{
	ck_assert_int_eq(report_write_deferred(&dfx.ex, tmpdir), STATUS_OK);
	char *text = slurp("deferred_days.csv");
	char hdr[2048], row[2048], want[2048], f[64];
	snprintf(want, sizeof want, "type,step,date,weekday,%s", task_columns);
	ck_assert(nth_line(text, 0, hdr, sizeof hdr));
	ck_assert_str_eq(hdr, want);
	/* 3 (type, step) cells x 9 days; the voice type has none. */
	ck_assert_int_eq(count_lines(text), 1 + 3 * D_DAYS);
	ck_assert_ptr_null(strstr(text, "calls"));

	/* email/reply, day 0: backlog 3, 4, 5 (mean 4, CI 4 -+ 4.302653 / sqrt 3),
	 * received 10, 12, 14; the rest empty. */
	ck_assert(nth_line(text, 1, row, sizeof row));
	ck_assert_str_eq(field(row, 0, f, sizeof f), "email");
	ck_assert_str_eq(field(row, 1, f, sizeof f), "reply");
	ck_assert_str_eq(field(row, 2, f, sizeof f), "2024-03-06");
	ck_assert_str_eq(field(row, 3, f, sizeof f), "Wed");
	int bl = column_of(hdr, "backlog_mean");
	ck_assert_str_eq(field(row, bl, f, sizeof f), "4");
	ck_assert_double_eq_tol(atof(field(row, bl + 1, f, sizeof f)),
				4.0 - T975_2 / sqrt(3.0), 1e-5);
	ck_assert_str_eq(field(row, column_of(hdr, "received_mean"), f, sizeof f), "12");
	int wd = column_of(hdr, "within_deadline_mean");
	ck_assert_str_eq(field(row, wd, f, sizeof f), "");
	ck_assert_str_eq(field(row, wd + 1, f, sizeof f), "");
	ck_assert_str_eq(field(row, wd + 2, f, sizeof f), "");
	ck_assert_int_eq(column_of(hdr, "oldest_age_s_ci_hi"), 4 + 3 * TASK_KPI_COUNT - 1);

	/* complaint/acknowledge, day 1 (row 1 + 9 + 1): one backlog value, so a
	 * mean and no CI. */
	ck_assert(nth_line(text, 1 + D_DAYS + 1, row, sizeof row));
	ck_assert_ptr_nonnull(strstr(row, "complaint,acknowledge,2024-03-07,Thu,"));
	ck_assert_str_eq(field(row, bl, f, sizeof f), "2");
	ck_assert_str_eq(field(row, bl + 1, f, sizeof f), "");
	/* complaint/answer, last day: Thursday 2024-03-14, every field empty. */
	ck_assert(nth_line(text, 3 * D_DAYS, row, sizeof row));
	snprintf(want, sizeof want, "complaint,answer,2024-03-14,Thu");
	for (int k = 0; k < 3 * TASK_KPI_COUNT; k++)
		strcat(want, ",");
	ck_assert_str_eq(row, want);
	ck_assert_ptr_null(strstr(text, "nan"));
	free(text);
}
END_TEST

START_TEST(test_deferred_weeks_csv)
{
	ck_assert_int_eq(report_write_deferred(&dfx.ex, tmpdir), STATUS_OK);
	char *text = slurp("deferred_weeks.csv");
	char hdr[2048], row[2048], want[2048], f[64];
	snprintf(want, sizeof want, "type,step,week_start,%s", task_columns);
	ck_assert(nth_line(text, 0, hdr, sizeof hdr));
	ck_assert_str_eq(hdr, want);
	ck_assert_int_eq(count_lines(text), 1 + 3 * 2);
	int wd = column_of(hdr, "within_deadline_mean");
	/* Weeks start on the first day (a Wednesday), then on Monday 11. */
	ck_assert(nth_line(text, 1, row, sizeof row));
	ck_assert_ptr_nonnull(strstr(row, "email,reply,2024-03-06,"));
	ck_assert_str_eq(field(row, wd, f, sizeof f), "0.9");
	ck_assert(nth_line(text, 2, row, sizeof row));
	ck_assert_ptr_nonnull(strstr(row, "email,reply,2024-03-11,"));
	ck_assert_str_eq(field(row, wd, f, sizeof f), "");
	ck_assert(nth_line(text, 4, row, sizeof row));
	ck_assert_ptr_nonnull(strstr(row, "complaint,acknowledge,2024-03-11,"));
	ck_assert_str_eq(field(row, wd, f, sizeof f), "1");
	/* Three equal values: a zero-width CI. */
	ck_assert_str_eq(field(row, wd + 1, f, sizeof f), "1");
	ck_assert_str_eq(field(row, wd + 2, f, sizeof f), "1");
	free(text);
}
END_TEST

START_TEST(test_deferred_csv_voice_only)
{
	/* No deferred type: both files, header only. */
	ck_assert_int_eq(report_write_deferred(&fx.ex, tmpdir), STATUS_OK);
	char *text = slurp("deferred_days.csv");
	char want[2048];
	snprintf(want, sizeof want, "type,step,date,weekday,%s\n", task_columns);
	ck_assert_str_eq(text, want);
	free(text);
	text = slurp("deferred_weeks.csv");
	snprintf(want, sizeof want, "type,step,week_start,%s\n", task_columns);
	ck_assert_str_eq(text, want);
	free(text);
}
END_TEST

START_TEST(test_deferred_voice_files)
{
	/* intervals.csv and days.csv hold the voice type only. */
	ck_assert_int_eq(report_write_intervals(&dfx.ex, tmpdir), STATUS_OK);
	char *text = slurp("intervals.csv");
	ck_assert_int_eq(count_lines(text), 1 + D_DAYS);
	ck_assert_ptr_null(strstr(text, "email"));
	ck_assert_ptr_null(strstr(text, "complaint"));
	free(text);
	ck_assert_int_eq(report_write_days(&dfx.ex, tmpdir), STATUS_OK);
	text = slurp("days.csv");
	ck_assert_int_eq(count_lines(text), 1 + D_DAYS);
	ck_assert_ptr_null(strstr(text, "email"));
	free(text);
}
END_TEST

START_TEST(test_deferred_commitments_csv)
{
	ck_assert_int_eq(report_write_commitments(&dfx.ex, tmpdir), STATUS_OK);
	char *text = slurp("commitments.csv");
	char line[1024];
	ck_assert_int_eq(count_lines(text), 1 + 5);
	/* The task KPI's name, no threshold, the step's name last. */
	ck_assert(nth_line(text, 1, line, sizeof line));
	ck_assert_str_eq(line, "e-mail 90% in 24bh,within_deadline,email,,week,"
			 "at_least,0.9,0.92,0.9,0.94,1,met,3,3,reply");
	ck_assert(nth_line(text, 2, line, sizeof line));
	ck_assert_str_eq(line, "ack 2bd on average,mean_response,complaint,,day,"
			 "at_most,2,2.3,2.1,2.5,1,met,3,3,acknowledge");
	ck_assert(nth_line(text, 5, line, sizeof line));
	ck_assert_str_eq(line, "backlog at most 150,backlog,email,,day,"
			 "at_most,150,,,,,met,0,0,reply");
	free(text);
}
END_TEST

START_TEST(test_deferred_summary)
{
	ck_assert_int_eq(report_write_summary(&dfx.ex, tmpdir), STATUS_OK);
	char path[200];
	snprintf(path, sizeof path, "%s/summary.json", tmpdir);
	json_error_t err;
	json_t *root = json_load_file(path, 0, &err);
	ck_assert_msg(root != NULL, "summary.json: line %d: %s", err.line, err.text);

	/* Commitments on steps: task KPI, type, step and the unit of target
	 * and estimate; no threshold. */
	json_t *arr = json_object_get(root, "commitments");
	ck_assert_uint_eq(json_array_size(arr), 5);
	static const struct { const char *kpi, *type, *step, *unit; } want[] = {
		{ "within_deadline", "email", "reply", "fraction" },
		{ "mean_response", "complaint", "acknowledge", "bd" },
		{ "p90_response", "complaint", "answer", "s" },
		{ "p90_response", "email", "reply", "business_s" },
		{ "backlog", "email", "reply", "count" },
	};
	for (size_t i = 0; i < 5; i++) {
		json_t *c = json_array_get(arr, i);
		ck_assert_str_eq(json_string_value(json_object_get(c, "kpi")), want[i].kpi);
		ck_assert_str_eq(json_string_value(json_object_get(c, "contact_type")),
				 want[i].type);
		ck_assert_str_eq(json_string_value(json_object_get(c, "step")), want[i].step);
		ck_assert_str_eq(json_string_value(json_object_get(c, "unit")), want[i].unit);
		ck_assert_ptr_null(json_object_get(c, "threshold_s"));
	}
	ck_assert_double_eq_tol(jnum(json_object_get(json_array_get(arr, 1), "target")),
				2.0, 1e-12);
	ck_assert(json_is_null(json_object_get(json_array_get(arr, 4), "estimate")));

	/* "kpis": the voice type only. */
	json_t *kpis = json_object_get(root, "kpis");
	ck_assert_uint_eq(json_object_size(kpis), 1);
	ck_assert(json_is_object(json_object_get(kpis, "calls")));

	/* "deferred": one object per (type, step). */
	json_t *def = json_object_get(root, "deferred");
	ck_assert(json_is_array(def));
	ck_assert_uint_eq(json_array_size(def), 3);
	static const struct { const char *type, *step, *channel, *deadline, *clock; } cells[] = {
		{ "email", "reply", "email", "24bh", "business_hours" },
		{ "complaint", "acknowledge", "letter", "2bd", "business_days" },
		{ "complaint", "answer", "letter", "1mo", "calendar_months" },
	};
	for (size_t i = 0; i < 3; i++) {
		json_t *o = json_array_get(def, i);
		ck_assert_str_eq(json_string_value(json_object_get(o, "type")), cells[i].type);
		ck_assert_str_eq(json_string_value(json_object_get(o, "step")), cells[i].step);
		ck_assert_str_eq(json_string_value(json_object_get(o, "channel")),
				 cells[i].channel);
		ck_assert_str_eq(json_string_value(json_object_get(o, "deadline")),
				 cells[i].deadline);
		ck_assert_str_eq(json_string_value(json_object_get(o, "clock")), cells[i].clock);
		json_t *hz = json_object_get(o, "horizon");
		ck_assert_uint_eq(json_object_size(hz), TASK_KPI_COUNT);
		for (int k = 0; k < TASK_KPI_COUNT; k++) {
			json_t *v = json_object_get(hz, kpi_task_name((enum task_kpi)k));
			ck_assert_ptr_nonnull(v);
			ck_assert_ptr_nonnull(json_object_get(v, "mean"));
			ck_assert_uint_eq(json_array_size(json_object_get(v, "ci95")), 2);
		}
		ck_assert_uint_eq(json_array_size(json_object_get(o, "days")), D_DAYS);
		ck_assert_uint_eq(json_array_size(json_object_get(o, "weeks")), 2);
	}
	json_t *e = json_array_get(def, 0);
	json_t *wd = json_object_get(json_object_get(e, "horizon"), "within_deadline");
	ck_assert_double_eq_tol(jnum(json_object_get(wd, "mean")), 0.9, 1e-9);
	ck_assert_double_eq_tol(jnum(json_array_get(json_object_get(wd, "ci95"), 0)),
				0.9 - T975_2 * 0.1 / sqrt(3.0), 1e-6);
	json_t *d0 = json_array_get(json_object_get(e, "days"), 0);
	ck_assert_str_eq(json_string_value(json_object_get(d0, "date")), "2024-03-06");
	ck_assert_double_eq_tol(jnum(json_object_get(json_object_get(d0, "backlog"),
						     "mean")), 4.0, 1e-12);
	json_t *w1 = json_array_get(json_object_get(e, "weeks"), 1);
	ck_assert_str_eq(json_string_value(json_object_get(w1, "first_date")), "2024-03-11");
	ck_assert(json_is_null(json_object_get(json_object_get(w1, "within_deadline"),
					       "mean")));
	/* Undefined share: null, never NaN. */
	json_t *ack = json_object_get(json_array_get(def, 1), "horizon");
	ck_assert(json_is_null(json_object_get(json_object_get(ack, "within_deadline"),
					       "mean")));

	/* Inputs of a deferred type. */
	json_t *in = json_object_get(json_object_get(root, "inputs"), "email");
	ck_assert_str_eq(json_string_value(json_object_get(in, "channel")), "email");
	ck_assert_str_eq(json_string_value(json_object_get(in, "arrivals")), "daily");
	ck_assert_double_eq_tol(jnum(json_object_get(in, "expected_contacts")), 90.0, 1e-9);
	json_t *st = json_array_get(json_object_get(in, "steps"), 0);
	ck_assert_str_eq(json_string_value(json_object_get(st, "name")), "reply");
	ck_assert_str_eq(json_string_value(json_object_get(st, "deadline")), "24bh");
	in = json_object_get(json_object_get(root, "inputs"), "complaint");
	ck_assert(json_is_null(json_object_get(in, "expected_contacts")));
	json_decref(root);

	/* "deferred" comes between "kpis" and "inputs"; no NaN anywhere. */
	char *text = slurp("summary.json");
	const char *k = strstr(text, "\"kpis\""), *d = strstr(text, "\"deferred\""),
		   *i = strstr(text, "\"inputs\"");
	ck_assert(k != NULL && d != NULL && i != NULL && k < d && d < i);
	ck_assert_ptr_null(strstr(text, "NaN"));
	ck_assert_ptr_null(strstr(text, "nan"));
	free(text);
}
END_TEST

START_TEST(test_summary_no_deferred)
{
	/* A voice-only run has an empty "deferred" array. */
	json_t *root = load_summary();
	json_t *def = json_object_get(root, "deferred");
	ck_assert(json_is_array(def));
	ck_assert_uint_eq(json_array_size(def), 0);
	json_decref(root);
}
END_TEST

START_TEST(test_deferred_table_commitments)
{
	char *text = dtable_text();
	char l0[512], l1[512], l2[512], l3[512], l4[512];
	ck_assert(line_with(text, "e-mail 90% in 24bh", l0, sizeof l0));
	ck_assert_ptr_nonnull(strstr(l0, "within_deadline email/reply"));
	ck_assert_ptr_nonnull(strstr(l0, " week "));
	ck_assert_ptr_nonnull(strstr(l0, ">= 90.0%"));
	ck_assert_ptr_nonnull(strstr(l0, "92.0%"));
	ck_assert_ptr_nonnull(strstr(l0, "[90.0%, 94.0%]"));
	ck_assert(line_with(text, "ack 2bd on average", l1, sizeof l1));
	ck_assert_ptr_nonnull(strstr(l1, "mean_response complaint/acknowledge"));
	ck_assert_ptr_nonnull(strstr(l1, "<= 2bd"));
	ck_assert_ptr_nonnull(strstr(l1, " 2.3bd"));
	ck_assert_ptr_nonnull(strstr(l1, "[2.1bd, 2.5bd]"));
	/* On a calendar-month deadline, times are durations. */
	ck_assert(line_with(text, "answer p90 15 days", l2, sizeof l2));
	ck_assert_ptr_nonnull(strstr(l2, "p90_response complaint/answer"));
	ck_assert_ptr_nonnull(strstr(l2, "<= 15d"));
	ck_assert_ptr_nonnull(strstr(l2, " 5.0d "));
	/* On a business-hour deadline, business hours. */
	ck_assert(line_with(text, "e-mail p90 20bh", l3, sizeof l3));
	ck_assert_ptr_nonnull(strstr(l3, "<= 20bh"));
	ck_assert_ptr_nonnull(strstr(l3, " 18.0bh"));
	ck_assert_ptr_nonnull(strstr(l3, "[17.0bh, 19.0bh]"));
	/* A count; undefined estimate "-". */
	ck_assert(line_with(text, "backlog at most 150", l4, sizeof l4));
	ck_assert_ptr_nonnull(strstr(l4, "<= 150 "));
	ck_assert_ptr_null(strstr(l4, "nan"));
	/* Aligned: every verdict in the same column. */
	long at = strstr(l0, "met") - l0;
	ck_assert_int_eq(strstr(l1, "met") - l1, at);
	ck_assert_int_eq(strstr(l2, "met") - l2, at);
	ck_assert_int_eq(strstr(l4, " met") + 1 - l4, at);
	free(text);
}
END_TEST

START_TEST(test_deferred_table_views)
{
	char *text = dtable_text();
	char line[512], head[512];
	/* Voice views for the voice type only. */
	ck_assert_ptr_nonnull(strstr(text, "Intervals of calls"));
	ck_assert_ptr_nonnull(strstr(text, "Days of calls"));
	ck_assert_ptr_null(strstr(text, "Intervals of email"));
	ck_assert_ptr_null(strstr(text, "Days of complaint"));
	/* Inputs of the deferred types. */
	ck_assert(line_with(text, "email: email", line, sizeof line));
	ck_assert_ptr_nonnull(strstr(line, "daily arrivals, 90 expected"));
	ck_assert_ptr_nonnull(strstr(line, "reply 24bh (deterministic, mean 300.0 s)"));
	ck_assert(line_with(text, "complaint: letter", line, sizeof line));
	ck_assert_ptr_nonnull(strstr(line, "follow-ups only"));
	ck_assert_ptr_nonnull(strstr(line, "acknowledge 2bd"));
	ck_assert_ptr_nonnull(strstr(line, "answer 1mo"));

	/* The horizon's deferred work, one row per (type, step). */
	const char *sec = strstr(text, "\nDeferred work");
	ck_assert_ptr_nonnull(sec);
	ck_assert(line_with(sec, "deadline", head, sizeof head));
	ck_assert(line_with(sec, "  email ", line, sizeof line));
	const char *want[] = { "reply", "24bh", "110.0", "100.0", "90.0%",
			       "[65.2%, 114.8%]", "12.0bh", "20.0bh", "7.0", "3.0h" };
	const char *p = line;
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		const char *a = strstr(p, want[i]);
		ck_assert_msg(a != NULL, "'%s' missing or out of order in '%s'", want[i], line);
		p = a + strlen(want[i]);
	}
	ck_assert_uint_eq(strlen(line), strlen(head));
	char ack[512], ans[512];
	ck_assert(line_with(sec, "acknowledge", ack, sizeof ack));
	ck_assert_ptr_nonnull(strstr(ack, "2bd"));
	ck_assert_ptr_nonnull(strstr(ack, "2.0bd"));
	ck_assert_uint_eq(strlen(ack), strlen(head));
	ck_assert(line_with(sec, "answer", ans, sizeof ans));
	ck_assert_ptr_nonnull(strstr(ans, "1mo"));
	ck_assert_uint_eq(strlen(ans), strlen(head));
	ck_assert_ptr_null(strstr(text, "nan"));

	/* End-of-day backlog: a column per (type, step), days without any
	 * figure left out. */
	const char *bsec = strstr(text, "\nEnd-of-day backlog");
	ck_assert_ptr_nonnull(bsec);
	ck_assert(line_with(bsec, "email/reply", head, sizeof head));
	ck_assert_ptr_nonnull(strstr(head, "complaint/acknowledge"));
	ck_assert_ptr_nonnull(strstr(head, "complaint/answer"));
	ck_assert(line_with(bsec, "Wed 2024-03-06", line, sizeof line));
	ck_assert_ptr_nonnull(strstr(line, " 4.0 "));
	ck_assert_uint_eq(strlen(line), strlen(head));
	ck_assert(line_with(bsec, "Thu 2024-03-07", line, sizeof line));
	ck_assert_ptr_nonnull(strstr(line, " 2.0 "));
	const char *wsec = strstr(text, "\nShare within deadline per week");
	ck_assert_ptr_nonnull(wsec);
	size_t blen = (size_t)(wsec - bsec);
	char *btab = strndup(bsec, blen);
	ck_assert_ptr_null(strstr(btab, "Sat 2024-03-09"));
	ck_assert_ptr_null(strstr(btab, "Mon 2024-03-11"));
	free(btab);

	/* Share within deadline per week, weeks by their first day. */
	ck_assert(line_with(wsec, "Wed 2024-03-06", line, sizeof line));
	ck_assert_ptr_nonnull(strstr(line, "90.0%"));
	ck_assert(line_with(wsec, "Mon 2024-03-11", line, sizeof line));
	ck_assert_ptr_nonnull(strstr(line, "100.0%"));
	ck_assert(line_with(wsec, "week from", head, sizeof head));
	ck_assert_uint_eq(strlen(line), strlen(head));
	free(text);
}
END_TEST

START_TEST(test_table_no_deferred)
{
	char *text = table_text();
	ck_assert_ptr_null(strstr(text, "Deferred work"));
	ck_assert_ptr_null(strstr(text, "backlog"));
	free(text);
}
END_TEST

START_TEST(test_table_stable)
{
	/* The same experiment, the same bytes. */
	char *a = dtable_text(), *b = dtable_text();
	ck_assert_str_eq(a, b);
	free(a);
	free(b);
}
END_TEST

/* ---------------------------------------------------------------- errors */

START_TEST(test_write_missing_dir)
{
	char dir[128];
	snprintf(dir, sizeof dir, "%s/missing", tmpdir);
	ck_assert_int_eq(report_write_summary(&fx.ex, dir), STATUS_EIO);
	ck_assert_int_eq(report_write_intervals(&fx.ex, dir), STATUS_EIO);
	ck_assert_int_eq(report_write_commitments(&fx.ex, dir), STATUS_EIO);
	ck_assert_int_ne(access(dir, F_OK), 0);
}
END_TEST

START_TEST(test_write_leaves_only_outputs)
{
	ck_assert_int_eq(report_write_summary(&fx.ex, tmpdir), STATUS_OK);
	ck_assert_int_eq(report_write_intervals(&fx.ex, tmpdir), STATUS_OK);
	ck_assert_int_eq(report_write_commitments(&fx.ex, tmpdir), STATUS_OK);
	DIR *d = opendir(tmpdir);
	ck_assert_ptr_nonnull(d);
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		ck_assert_msg(strcmp(e->d_name, "summary.json") == 0 ||
			      strcmp(e->d_name, "intervals.csv") == 0 ||
			      strcmp(e->d_name, "commitments.csv") == 0,
			      "unexpected file %s", e->d_name);
		n++;
	}
	closedir(d);
	ck_assert_int_eq(n, 3);
}
END_TEST

START_TEST(test_summary_write_error)
{
	/* /dev/full accepts the open and fails the writes. */
	FILE *full = fopen("/dev/full", "w");
	if (full == NULL)
		return;
	setvbuf(full, NULL, _IONBF, 0);
	ck_assert_int_eq(report_summary(full, &fx.ex), STATUS_EIO);
	fclose(full);
}
END_TEST

Suite *report_suite(void)
{
	Suite *s = suite_create("report");

	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_summary_top_level);
	tcase_add_test(tc, test_summary_commitments);
	tcase_add_test(tc, test_summary_kpis);
	tcase_add_test(tc, test_summary_stream);
	tcase_add_test(tc, test_intervals_csv);
	tcase_add_test(tc, test_days_csv);
	tcase_add_test(tc, test_commitments_csv);
	tcase_add_test(tc, test_commitments_csv_nan);
	tcase_add_test(tc, test_table_commitments);
	tcase_add_test(tc, test_table_intervals);
	tcase_add_test(tc, test_table_no_commitments);
	tcase_add_test(tc, test_table_no_deferred);
	tcase_add_test(tc, test_summary_no_deferred);
	tcase_add_test(tc, test_deferred_csv_voice_only);
	suite_add_tcase(s, tc);

	tc = tcase_create("deferred");
	tcase_add_checked_fixture(tc, setup_deferred, teardown);
	tcase_add_test(tc, test_deferred_days_csv);
	tcase_add_test(tc, test_deferred_weeks_csv);
	tcase_add_test(tc, test_deferred_voice_files);
	tcase_add_test(tc, test_deferred_commitments_csv);
	tcase_add_test(tc, test_deferred_summary);
	tcase_add_test(tc, test_deferred_table_commitments);
	tcase_add_test(tc, test_deferred_table_views);
	tcase_add_test(tc, test_table_stable);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_write_missing_dir);
	tcase_add_test(tc, test_write_leaves_only_outputs);
	tcase_add_test(tc, test_summary_write_error);
	suite_add_tcase(s, tc);
	return s;
}
