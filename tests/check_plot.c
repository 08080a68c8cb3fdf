/*
 * check_plot.c: the plot driver (sim/plot.c) with real gnuplot runs.
 *
 * Each test points $CCSIM_PLOTS at a temporary folder holding small
 * templates written here: `ok.gp` draws the two numbers of its data file,
 * `fails.gp` stops with an error.  What is checked: the PNG and SVG appear
 * (with the PNG signature and an <svg element), nothing temporary is left,
 * a failing template or a missing one leaves no file and says why, and
 * file names gnuplot cannot be given are refused before it runs.
 * gnuplot itself is required (`make run` and .ci/run install it).
 *
 * plot_experiment on written work: a hand-made experiment with one deferred
 * type (e-mail, step "reply", deadline 24bh, a weekly within-deadline
 * commitment) over nine days, its CSV files written by report.c, drawn
 * with the real plots/backlog.gp (copied from $CCSIM_PLOTS as `make check`
 * sets it, else ./plots): backlog.png and backlog.svg appear, the SVG
 * names the series and the target, and no voice plot is drawn for it.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <check.h>

#include "../sim/plot.h"
#include "../sim/report.h"
#include "../sim/status.h"

Suite *plot_suite(void);

static char dir[64];
static char real_plots[512];   /* the project's plots/, from $CCSIM_PLOTS */

static void write_file(const char *name, const char *text)
{
	char path[256];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
}

static void setup(void)
{
	strcpy(dir, "/tmp/check_plot_XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	setenv("CCSIM_PLOTS", dir, 1);
	write_file("ok.gp",
		   "if (term eq 'svg') { set terminal svg } "
		   "else { set terminal pngcairo }\n"
		   "set output outfile\n"
		   "plot datafile using 1:2 with lines title label\n");
	write_file("fails.gp", "print 'broken on purpose'\nexit status 3\n");
	write_file("data.txt", "0 1\n1 3\n2 2\n");
	/* What plot_template_dir looks for. */
	write_file("service_level.gp", "# the standard template's name\n");
}

static void teardown(void)
{
	DIR *d = opendir(dir);
	if (d != NULL) {
		struct dirent *e;
		char path[512];
		while ((e = readdir(d)) != NULL) {
			if (e->d_name[0] == '.')
				continue;
			snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
			unlink(path);
		}
		closedir(d);
	}
	rmdir(dir);
}

/* Files in dir whose name contains `part`. */
static int count_files(const char *part)
{
	int n = 0;
	DIR *d = opendir(dir);
	ck_assert_ptr_nonnull(d);
	struct dirent *e;
	while ((e = readdir(d)) != NULL)
		if (strstr(e->d_name, part) != NULL)
			n++;
	closedir(d);
	return n;
}

static char *slurp(const char *name, size_t *len)
{
	char path[256];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "rb");
	ck_assert_ptr_nonnull(f);
	char *buf = malloc(1 << 20);
	ck_assert_ptr_nonnull(buf);
	*len = fread(buf, 1, (1 << 20) - 1, f);
	buf[*len] = '\0';
	fclose(f);
	return buf;
}

START_TEST(test_template_dir_from_env)
{
	ck_assert(plot_available());
	const char *t = plot_template_dir();
	ck_assert_ptr_nonnull(t);
	ck_assert_str_eq(t, dir);
}
END_TEST

START_TEST(test_render_png_and_svg)
{
	char data[128];
	snprintf(data, sizeof data, "%s/data.txt", dir);
	ck_assert_int_eq(plot_render("ok", data, dir, "out", "label='series'", stderr),
			 STATUS_OK);
	size_t n;
	char *png = slurp("out.png", &n);
	ck_assert_uint_gt(n, 8);
	ck_assert_int_eq(memcmp(png, "\x89PNG\r\n\x1a\n", 8), 0);
	free(png);
	char *svg = slurp("out.svg", &n);
	ck_assert_ptr_nonnull(strstr(svg, "<svg"));
	ck_assert_ptr_nonnull(strstr(svg, "series"));
	free(svg);
	ck_assert_int_eq(count_files(".tmp"), 0);
}
END_TEST

/* Copies the project's template `name` into dir. */
static void copy_template(const char *name)
{
	char src[600];
	snprintf(src, sizeof src, "%s/%s", real_plots, name);
	FILE *in = fopen(src, "r");
	ck_assert_msg(in != NULL, "cannot read %s", src);
	char *text = malloc(1 << 16);
	ck_assert_ptr_nonnull(text);
	size_t n = fread(text, 1, (1 << 16) - 1, in);
	text[n] = '\0';
	fclose(in);
	write_file(name, text);
	free(text);
}

#define B_DAYS 9

START_TEST(test_backlog_plot)
{
	static struct scenario sc;
	static struct contact_type_config type;
	static struct commitment commit;
	static struct experiment ex;
	static struct tally task_day[CENTRE_MAX_STEPS * B_DAYS * TASK_KPI_COUNT];
	static struct tally task_week[CENTRE_MAX_STEPS * 2 * TASK_KPI_COUNT];
	static struct tally task_horizon[CENTRE_MAX_STEPS * TASK_KPI_COUNT];
	memset(&sc, 0, sizeof sc);
	memset(&type, 0, sizeof type);
	memset(&commit, 0, sizeof commit);
	memset(&ex, 0, sizeof ex);
	copy_template("backlog.gp");

	int64_t date;
	ck_assert_int_eq(horizon_date_from_civil(2024, 3, 6, &date), STATUS_OK);
	ck_assert_int_eq(horizon_init(&sc.centre.horizon, date, B_DAYS, 8 * 3600.0,
				      18 * 3600.0, 3600.0, 0.0), STATUS_OK);
	snprintf(sc.name, sizeof sc.name, "written");
	snprintf(type.name, sizeof type.name, "email");
	type.channel = CHANNEL_EMAIL;
	type.arrive = ARRIVE_NONE;
	type.n_steps = 1;
	snprintf(type.steps[0].name, sizeof type.steps[0].name, "reply");
	type.steps[0].deadline = (struct deadline){ CLOCK_BUSINESS_HOURS, 86400.0 };
	sc.centre.n_types = 1;
	sc.centre.types = &type;
	snprintf(commit.name, sizeof commit.name, "e-mail in time");
	commit.step = 0;
	commit.task_kpi = TASK_WITHIN_DEADLINE;
	commit.target = 0.9;
	commit.period = PERIOD_WEEK;
	sc.n_commitments = 1;
	sc.commitments = &commit;

	ex.sc = &sc;
	ex.replications = 2;
	ex.n_types = 1;
	ex.n_days = B_DAYS;
	ex.n_weeks = 2;
	ex.task_day = task_day;
	ex.task_week = task_week;
	ex.task_horizon = task_horizon;
	for (size_t i = 0; i < sizeof task_day / sizeof task_day[0]; i++)
		tally_reset(&task_day[i]);
	for (size_t i = 0; i < sizeof task_week / sizeof task_week[0]; i++)
		tally_reset(&task_week[i]);
	for (size_t i = 0; i < sizeof task_horizon / sizeof task_horizon[0]; i++)
		tally_reset(&task_horizon[i]);
	for (int d = 0; d < B_DAYS; d++) {
		tally_add(&task_day[d * TASK_KPI_COUNT + TASK_BACKLOG], 10.0 * d);
		tally_add(&task_day[d * TASK_KPI_COUNT + TASK_BACKLOG], 10.0 * d + 4);
	}
	tally_add(&task_week[TASK_WITHIN_DEADLINE], 0.93);
	tally_add(&task_week[TASK_KPI_COUNT + TASK_WITHIN_DEADLINE], 0.81);

	write_file("intervals.csv", "contact_type,interval\n");
	ck_assert_int_eq(report_write_deferred(&ex, dir), STATUS_OK);
	char *msg = NULL;
	size_t len = 0;
	FILE *err = open_memstream(&msg, &len);
	ck_assert_ptr_nonnull(err);
	int rc = plot_experiment(&ex, dir, err);
	fclose(err);
	ck_assert_msg(rc == STATUS_OK, "plot_experiment: %s", msg);
	ck_assert_str_eq(msg, "");
	free(msg);

	size_t n;
	char *png = slurp("backlog.png", &n);
	ck_assert_uint_gt(n, 8);
	ck_assert_int_eq(memcmp(png, "\x89PNG\r\n\x1a\n", 8), 0);
	free(png);
	char *svg = slurp("backlog.svg", &n);
	ck_assert_ptr_nonnull(strstr(svg, "<svg"));
	ck_assert_ptr_nonnull(strstr(svg, "email/reply (24bh)"));
	ck_assert_ptr_nonnull(strstr(svg, "target (dashed)"));
	free(svg);
	/* No interval view for a written type. */
	ck_assert_int_eq(count_files("service_level"), 1);   /* the stand-in template */
	ck_assert_int_eq(count_files("load"), 0);
	ck_assert_int_eq(count_files(".tmp"), 0);
}
END_TEST

START_TEST(test_failing_template)
{
	char data[128];
	snprintf(data, sizeof data, "%s/data.txt", dir);
	char *msg = NULL;
	size_t len = 0;
	FILE *err = open_memstream(&msg, &len);
	ck_assert_ptr_nonnull(err);
	ck_assert_int_eq(plot_render("fails", data, dir, "bad", NULL, err), STATUS_EIO);
	fclose(err);
	ck_assert_ptr_nonnull(strstr(msg, "gnuplot failed (status 3)"));
	ck_assert_ptr_nonnull(strstr(msg, "broken on purpose"));
	free(msg);
	ck_assert_int_eq(count_files("bad"), 0);
}
END_TEST

START_TEST(test_missing_template)
{
	char *msg = NULL;
	size_t len = 0;
	FILE *err = open_memstream(&msg, &len);
	ck_assert_int_eq(plot_render("nope", "data.txt", dir, "x", NULL, err), STATUS_EIO);
	fclose(err);
	ck_assert_ptr_nonnull(strstr(msg, "template nope.gp not found"));
	free(msg);
	ck_assert_int_eq(count_files("x."), 0);
}
END_TEST

START_TEST(test_quote_refused)
{
	char *msg = NULL;
	size_t len = 0;
	FILE *err = open_memstream(&msg, &len);
	ck_assert_int_eq(plot_render("ok", "it's.txt", dir, "q", NULL, err), STATUS_EIO);
	fclose(err);
	ck_assert_ptr_nonnull(strstr(msg, "quote"));
	free(msg);
	ck_assert_int_eq(count_files("q."), 0);
}
END_TEST

Suite *plot_suite(void)
{
	const char *env = getenv("CCSIM_PLOTS");
	snprintf(real_plots, sizeof real_plots, "%s", env != NULL ? env : "plots");
	Suite *s = suite_create("plot");
	TCase *core = tcase_create("core");
	tcase_add_checked_fixture(core, setup, teardown);
	tcase_set_timeout(core, 60);
	tcase_add_test(core, test_template_dir_from_env);
	tcase_add_test(core, test_render_png_and_svg);
	tcase_add_test(core, test_backlog_plot);
	suite_add_tcase(s, core);
	TCase *errors = tcase_create("errors");
	tcase_add_checked_fixture(errors, setup, teardown);
	tcase_set_timeout(errors, 60);
	tcase_add_test(errors, test_failing_template);
	tcase_add_test(errors, test_missing_template);
	tcase_add_test(errors, test_quote_refused);
	suite_add_tcase(s, errors);
	return s;
}
