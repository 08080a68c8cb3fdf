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
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <check.h>

#include "../sim/plot.h"
#include "../sim/status.h"

Suite *plot_suite(void);

static char dir[64];

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
	Suite *s = suite_create("plot");
	TCase *core = tcase_create("core");
	tcase_add_checked_fixture(core, setup, teardown);
	tcase_set_timeout(core, 60);
	tcase_add_test(core, test_template_dir_from_env);
	tcase_add_test(core, test_render_png_and_svg);
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
