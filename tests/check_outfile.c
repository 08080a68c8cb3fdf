/*
 * check_outfile.c: atomic writes and mkdir -p (sim/outfile.c).
 *
 * Each test works in its own fresh directory from mkdtemp and looks at the
 * directory listing afterwards: a commit leaves exactly the target, an abort
 * or a failure leaves exactly what was there before.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <check.h>

#include "../sim/outfile.h"
#include "../sim/status.h"

Suite *outfile_suite(void);

static char tmpdir[64];

static void setup(void)
{
	snprintf(tmpdir, sizeof tmpdir, "/tmp/check_outfile.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

/* rm -r of the test directory (only files and directories are made). */
static void remove_tree(const char *path)
{
	DIR *d = opendir(path);
	if (d != NULL) {
		struct dirent *e;
		while ((e = readdir(d)) != NULL) {
			if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
				continue;
			char sub[512];
			snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
			remove_tree(sub);
		}
		closedir(d);
		chmod(path, 0700);
		rmdir(path);
	} else {
		unlink(path);
	}
}

static void teardown(void)
{
	chmod(tmpdir, 0700);
	remove_tree(tmpdir);
}

/* Number of entries of dir other than . and ..; the only one's name goes to
 * `only` when there is exactly one. */
static int count_entries(const char *dir, char *only, size_t n)
{
	DIR *d = opendir(dir);
	ck_assert_ptr_nonnull(d);
	int count = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (count == 0 && only != NULL && n > 0) {
			size_t len = strnlen(e->d_name, n - 1);
			memcpy(only, e->d_name, len);
			only[len] = '\0';
		}
		count++;
	}
	closedir(d);
	return count;
}

static void read_all(const char *path, char *buf, size_t n)
{
	FILE *f = fopen(path, "r");
	ck_assert_ptr_nonnull(f);
	size_t got = fread(buf, 1, n - 1, f);
	buf[got] = '\0';
	fclose(f);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

static int is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* ------------------------------------------------------------------ core */

START_TEST(test_commit_creates_file)
{
	char path[128], name[64], text[128];
	snprintf(path, sizeof path, "%s/out.txt", tmpdir);
	struct outfile of;
	ck_assert_int_eq(outfile_open(&of, path), STATUS_OK);
	ck_assert_ptr_nonnull(of.fp);
	ck_assert_str_eq(of.path, path);
	/* The temporary file is beside the target, named after it. */
	ck_assert_int_eq(strncmp(of.tmp_path, path, strlen(path)), 0);
	ck_assert_int_eq(strncmp(of.tmp_path + strlen(path), ".tmp.", 5), 0);
	ck_assert_int_eq(access(of.tmp_path, F_OK), 0);
	/* The target does not exist before the commit. */
	ck_assert_int_ne(access(path, F_OK), 0);
	fputs("hello, world\n", of.fp);
	fprintf(of.fp, "%d\n", 42);
	ck_assert_int_eq(outfile_commit(&of), STATUS_OK);
	ck_assert_ptr_null(of.fp);
	ck_assert_ptr_null(of.tmp_path);

	read_all(path, text, sizeof text);
	ck_assert_str_eq(text, "hello, world\n42\n");
	ck_assert_int_eq(count_entries(tmpdir, name, sizeof name), 1);
	ck_assert_str_eq(name, "out.txt");
}
END_TEST

START_TEST(test_commit_replaces_file)
{
	char path[128], text[128];
	snprintf(path, sizeof path, "%s/out.txt", tmpdir);
	write_file(path, "old contents that are longer\n");
	struct outfile of;
	ck_assert_int_eq(outfile_open(&of, path), STATUS_OK);
	fputs("new\n", of.fp);
	/* Until the commit the old file is intact. */
	read_all(path, text, sizeof text);
	ck_assert_str_eq(text, "old contents that are longer\n");
	ck_assert_int_eq(outfile_commit(&of), STATUS_OK);
	read_all(path, text, sizeof text);
	ck_assert_str_eq(text, "new\n");
	ck_assert_int_eq(count_entries(tmpdir, NULL, 0), 1);
}
END_TEST

START_TEST(test_commit_mode_follows_umask)
{
	char path[128];
	snprintf(path, sizeof path, "%s/out.txt", tmpdir);
	mode_t old = umask(022);
	struct outfile of;
	ck_assert_int_eq(outfile_open(&of, path), STATUS_OK);
	ck_assert_int_eq(outfile_commit(&of), STATUS_OK);
	umask(old);
	struct stat st;
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0644);
}
END_TEST

/* outfile_write: DIR/NAME (a '/' added between them, not doubled) holds
 * what fill wrote when fill succeeds; when fill fails nothing is left, an
 * old file is kept, and fill's status comes back. */
static int fill_text(FILE *fp, const void *arg)
{
	fputs(arg, fp);
	return STATUS_OK;
}

static int fill_fails(FILE *fp, const void *arg)
{
	(void)arg;
	fputs("half", fp);
	return STATUS_ERANGE;
}

START_TEST(test_write_fill)
{
	char path[128], dir[80], text[128];
	snprintf(path, sizeof path, "%s/a.txt", tmpdir);
	ck_assert_int_eq(outfile_write(tmpdir, "a.txt", fill_text, "one\n"), STATUS_OK);
	read_all(path, text, sizeof text);
	ck_assert_str_eq(text, "one\n");
	snprintf(dir, sizeof dir, "%s/", tmpdir);
	ck_assert_int_eq(outfile_write(dir, "a.txt", fill_text, "two\n"), STATUS_OK);
	read_all(path, text, sizeof text);
	ck_assert_str_eq(text, "two\n");
	ck_assert_int_eq(outfile_write(tmpdir, "a.txt", fill_fails, NULL), STATUS_ERANGE);
	read_all(path, text, sizeof text);
	ck_assert_str_eq(text, "two\n");
	ck_assert_int_eq(outfile_write(tmpdir, "b.txt", fill_fails, NULL), STATUS_ERANGE);
	ck_assert_int_eq(count_entries(tmpdir, NULL, 0), 1);
}
END_TEST

START_TEST(test_abort_leaves_nothing)
{
	char path[128];
	snprintf(path, sizeof path, "%s/out.txt", tmpdir);
	struct outfile of;
	ck_assert_int_eq(outfile_open(&of, path), STATUS_OK);
	fputs("half a file", of.fp);
	outfile_abort(&of);
	ck_assert_ptr_null(of.fp);
	ck_assert_ptr_null(of.path);
	ck_assert_int_eq(count_entries(tmpdir, NULL, 0), 0);
}
END_TEST

START_TEST(test_abort_keeps_old_file)
{
	char path[128], name[64], text[64];
	snprintf(path, sizeof path, "%s/keep.txt", tmpdir);
	write_file(path, "kept\n");
	struct outfile of;
	ck_assert_int_eq(outfile_open(&of, path), STATUS_OK);
	fputs("replacement", of.fp);
	outfile_abort(&of);
	read_all(path, text, sizeof text);
	ck_assert_str_eq(text, "kept\n");
	ck_assert_int_eq(count_entries(tmpdir, name, sizeof name), 1);
	ck_assert_str_eq(name, "keep.txt");
}
END_TEST

START_TEST(test_mkdirs_nested)
{
	char path[192];
	snprintf(path, sizeof path, "%s/a/b/c", tmpdir);
	ck_assert_int_eq(outfile_mkdirs(path), STATUS_OK);
	ck_assert(is_dir(path));
	/* Again: the directories already exist, which is fine. */
	ck_assert_int_eq(outfile_mkdirs(path), STATUS_OK);
	/* Trailing and doubled slashes. */
	snprintf(path, sizeof path, "%s/x//y/", tmpdir);
	ck_assert_int_eq(outfile_mkdirs(path), STATUS_OK);
	snprintf(path, sizeof path, "%s/x/y", tmpdir);
	ck_assert(is_dir(path));
	/* A file can then be written in the new directory. */
	snprintf(path, sizeof path, "%s/a/b/c/f.txt", tmpdir);
	struct outfile of;
	ck_assert_int_eq(outfile_open(&of, path), STATUS_OK);
	ck_assert_int_eq(outfile_commit(&of), STATUS_OK);
	ck_assert_int_eq(access(path, F_OK), 0);
}
END_TEST

START_TEST(test_mkdirs_relative)
{
	char cwd[512];
	ck_assert_ptr_nonnull(getcwd(cwd, sizeof cwd));
	ck_assert_int_eq(chdir(tmpdir), 0);
	int rc = outfile_mkdirs("rel/sub");
	int ok = is_dir("rel/sub");
	ck_assert_int_eq(chdir(cwd), 0);
	ck_assert_int_eq(rc, STATUS_OK);
	ck_assert(ok);
}
END_TEST

/* ---------------------------------------------------------------- errors */

START_TEST(test_open_missing_dir)
{
	char path[128];
	snprintf(path, sizeof path, "%s/no/such/dir/out.txt", tmpdir);
	struct outfile of;
	errno = 0;
	ck_assert_int_eq(outfile_open(&of, path), STATUS_EIO);
	ck_assert_int_eq(errno, ENOENT);
	ck_assert_ptr_null(of.fp);
	ck_assert_ptr_null(of.path);
	ck_assert_ptr_null(of.tmp_path);
	ck_assert_int_eq(count_entries(tmpdir, NULL, 0), 0);
}
END_TEST

START_TEST(test_open_dir_is_a_file)
{
	char file[128], path[160];
	snprintf(file, sizeof file, "%s/plain", tmpdir);
	write_file(file, "x");
	snprintf(path, sizeof path, "%s/out.txt", file);
	struct outfile of;
	errno = 0;
	ck_assert_int_eq(outfile_open(&of, path), STATUS_EIO);
	ck_assert_int_eq(errno, ENOTDIR);
	ck_assert_int_eq(count_entries(tmpdir, NULL, 0), 1);
}
END_TEST

START_TEST(test_open_unwritable_dir)
{
	/* Root writes anywhere: the permission check is then meaningless. */
	if (geteuid() == 0)
		return;
	char dir[128], path[160];
	snprintf(dir, sizeof dir, "%s/ro", tmpdir);
	ck_assert_int_eq(mkdir(dir, 0555), 0);
	snprintf(path, sizeof path, "%s/out.txt", dir);
	struct outfile of;
	errno = 0;
	ck_assert_int_eq(outfile_open(&of, path), STATUS_EIO);
	ck_assert_int_eq(errno, EACCES);
	ck_assert_int_eq(count_entries(dir, NULL, 0), 0);
}
END_TEST

START_TEST(test_open_bad_path)
{
	struct outfile of;
	ck_assert_int_eq(outfile_open(&of, ""), STATUS_EIO);
	ck_assert_int_eq(outfile_open(&of, NULL), STATUS_EIO);
}
END_TEST

START_TEST(test_commit_onto_directory)
{
	/* The rename fails (the target is a non-empty directory): the commit
	 * reports it and removes its temporary file. */
	char path[128], inner[160];
	snprintf(path, sizeof path, "%s/target", tmpdir);
	ck_assert_int_eq(mkdir(path, 0700), 0);
	snprintf(inner, sizeof inner, "%s/inside", path);
	write_file(inner, "x");
	struct outfile of;
	ck_assert_int_eq(outfile_open(&of, path), STATUS_OK);
	fputs("data\n", of.fp);
	ck_assert_int_eq(outfile_commit(&of), STATUS_EIO);
	ck_assert_ptr_null(of.tmp_path);
	ck_assert_int_eq(count_entries(tmpdir, NULL, 0), 1);
	ck_assert(is_dir(path));
}
END_TEST

START_TEST(test_commit_after_write_error)
{
	/* A stream error (here: writing to a stream opened for writing after
	 * a failed read marks it) makes the commit fail and leave nothing. */
	char path[128];
	snprintf(path, sizeof path, "%s/out.txt", tmpdir);
	struct outfile of;
	ck_assert_int_eq(outfile_open(&of, path), STATUS_OK);
	fputs("partial", of.fp);
	ck_assert_int_eq(fgetc(of.fp), EOF);   /* read on a "w" stream */
	ck_assert(ferror(of.fp));
	ck_assert_int_eq(outfile_commit(&of), STATUS_EIO);
	ck_assert_int_eq(count_entries(tmpdir, NULL, 0), 0);
}
END_TEST

START_TEST(test_mkdirs_through_file)
{
	char file[128], path[160];
	snprintf(file, sizeof file, "%s/plain", tmpdir);
	write_file(file, "x");
	snprintf(path, sizeof path, "%s/sub/dir", file);
	ck_assert_int_eq(outfile_mkdirs(path), STATUS_EIO);
	/* A file where the last directory should be. */
	ck_assert_int_eq(outfile_mkdirs(file), STATUS_EIO);
	ck_assert_int_eq(errno, ENOTDIR);
	ck_assert_int_eq(outfile_mkdirs(""), STATUS_EIO);
}
END_TEST

Suite *outfile_suite(void)
{
	Suite *s = suite_create("outfile");

	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_commit_creates_file);
	tcase_add_test(tc, test_commit_replaces_file);
	tcase_add_test(tc, test_commit_mode_follows_umask);
	tcase_add_test(tc, test_abort_leaves_nothing);
	tcase_add_test(tc, test_write_fill);
	tcase_add_test(tc, test_abort_keeps_old_file);
	tcase_add_test(tc, test_mkdirs_nested);
	tcase_add_test(tc, test_mkdirs_relative);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_open_missing_dir);
	tcase_add_test(tc, test_open_dir_is_a_file);
	tcase_add_test(tc, test_open_unwritable_dir);
	tcase_add_test(tc, test_open_bad_path);
	tcase_add_test(tc, test_commit_onto_directory);
	tcase_add_test(tc, test_commit_after_write_error);
	tcase_add_test(tc, test_mkdirs_through_file);
	suite_add_tcase(s, tc);
	return s;
}
