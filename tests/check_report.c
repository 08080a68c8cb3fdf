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
	c->kpi = KPI_SERVICE_LEVEL;
	c->contact_type = 0;
	c->threshold_s = 20.0;
	c->threshold_index = 0;
	c->target = 0.8;
	c->direction = AT_LEAST;
	c->period = PERIOD_INTERVAL;
	c = &f->commits[1];
	snprintf(c->name, sizeof c->name, "Abandons, \"daily\"");
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
	ck_assert_str_eq(line, "name,kpi,contact_type,threshold_s,period,direction,"
			 "target,estimate,ci_lo,ci_hi,p_met,verdict,pairs,met");
	ck_assert(nth_line(text, 1, line, sizeof line));
	ck_assert_str_eq(line, "SL 80/20,service_level,calls,20,interval,at_least,"
			 "0.8,0.8,0.551586,1.04841,0.666667,at_risk,3,2");
	/* RFC 4180: the name holds a comma and quotes, so it is quoted and its
	 * quotes doubled; abandon_rate has no threshold (empty field). */
	ck_assert(nth_line(text, 2, line, sizeof line));
	ck_assert_str_eq(line, "\"Abandons, \"\"daily\"\"\",abandon_rate,calls,,day,"
			 "at_most,0.05,0.12,0.08,0.16,0,missed,3,0");
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
			 "at_most,0.05,,,,,missed,0,0");
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
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_write_missing_dir);
	tcase_add_test(tc, test_write_leaves_only_outputs);
	tcase_add_test(tc, test_summary_write_error);
	suite_add_tcase(s, tc);
	return s;
}
