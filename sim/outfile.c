/*
 * outfile.c: atomic file writes (see outfile.h).
 *
 * outfile_open creates "PATH.tmp.XXXXXX" with mkstemp: the temporary file
 * lives in the target's own directory, so the final rename(2) stays on one
 * file system and is atomic.  outfile_commit makes the bytes durable before
 * the rename (fflush, fsync, fclose), so a crash leaves either the old file
 * or the complete new one under the final name, never half a file.  On any
 * failure the temporary file is removed: nothing is left behind.
 * The file is created with mkstemp's mode 0600 and widened to 0666 less the
 * umask on commit, like a file made by fopen.
 */
#include "outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "status.h"

static const char tmp_suffix[] = ".tmp.XXXXXX";

static void outfile_clear(struct outfile *of)
{
	free(of->path);
	free(of->tmp_path);
	of->fp = NULL;
	of->path = NULL;
	of->tmp_path = NULL;
}

/* The process umask, read without changing it for longer than one call. */
static mode_t current_umask(void)
{
	mode_t m = umask(022);
	umask(m);
	return m;
}

int outfile_open(struct outfile *of, const char *path)
{
	of->fp = NULL;
	of->path = NULL;
	of->tmp_path = NULL;
	if (path == NULL || *path == '\0') {
		errno = EINVAL;
		return STATUS_EIO;
	}
	size_t len = strlen(path);
	of->path = malloc(len + 1);
	of->tmp_path = malloc(len + sizeof tmp_suffix);
	if (of->path == NULL || of->tmp_path == NULL) {
		outfile_clear(of);
		errno = ENOMEM;
		return STATUS_ENOMEM;
	}
	memcpy(of->path, path, len + 1);
	memcpy(of->tmp_path, path, len);
	memcpy(of->tmp_path + len, tmp_suffix, sizeof tmp_suffix);

	int fd = mkstemp(of->tmp_path);
	if (fd < 0) {
		int e = errno;
		outfile_clear(of);
		errno = e;
		return STATUS_EIO;
	}
	of->fp = fdopen(fd, "w");
	if (of->fp == NULL) {
		int e = errno;
		close(fd);
		unlink(of->tmp_path);
		outfile_clear(of);
		errno = e;
		return STATUS_EIO;
	}
	return STATUS_OK;
}

int outfile_commit(struct outfile *of)
{
	if (of->fp == NULL) {
		outfile_clear(of);
		errno = EINVAL;
		return STATUS_EIO;
	}
	int e = 0;
	if (ferror(of->fp))
		e = EIO;
	if (fflush(of->fp) != 0 && e == 0)
		e = errno;
	int fd = fileno(of->fp);
	if (e == 0 && fchmod(fd, 0666 & ~current_umask()) != 0)
		e = errno;
	if (e == 0 && fsync(fd) != 0)
		e = errno;
	if (fclose(of->fp) != 0 && e == 0)
		e = errno;
	of->fp = NULL;
	if (e == 0 && rename(of->tmp_path, of->path) != 0)
		e = errno;
	if (e != 0) {
		unlink(of->tmp_path);
		outfile_clear(of);
		errno = e;
		return STATUS_EIO;
	}
	outfile_clear(of);
	return STATUS_OK;
}

void outfile_abort(struct outfile *of)
{
	int e = errno;
	if (of->fp != NULL)
		fclose(of->fp);
	if (of->tmp_path != NULL)
		unlink(of->tmp_path);
	outfile_clear(of);
	errno = e;
}

/* mkdir that accepts a directory already there. */
static int mkdir_one(const char *dir)
{
	if (mkdir(dir, 0777) == 0)
		return 0;
	int e = errno;
	struct stat st;
	if (e == EEXIST && stat(dir, &st) == 0) {
		if (S_ISDIR(st.st_mode))
			return 0;
		errno = ENOTDIR;
		return -1;
	}
	errno = e;
	return -1;
}

int outfile_mkdirs(const char *dir)
{
	if (dir == NULL || *dir == '\0') {
		errno = EINVAL;
		return STATUS_EIO;
	}
	size_t len = strlen(dir);
	char *buf = malloc(len + 1);
	if (buf == NULL) {
		errno = ENOMEM;
		return STATUS_EIO;
	}
	memcpy(buf, dir, len + 1);
	/* Drop trailing slashes ("a/b/" is "a/b"), keeping a lone "/". */
	while (len > 1 && buf[len - 1] == '/')
		buf[--len] = '\0';

	int rc = STATUS_OK;
	/* Create each prefix ending just before a '/', then the whole path. */
	for (size_t i = 1; i <= len; i++) {
		if (i < len && buf[i] != '/')
			continue;
		if (i < len && buf[i - 1] == '/')
			continue;            /* "a//b": skip the empty component */
		char saved = buf[i];
		buf[i] = '\0';
		if (mkdir_one(buf) != 0)
			rc = STATUS_EIO;
		buf[i] = saved;
		if (rc != STATUS_OK)
			break;
	}
	int e = errno;
	free(buf);
	errno = e;
	return rc;
}

/* "DIR/NAME", malloc'd; NULL when out of memory. */
static char *join_path(const char *dir, const char *name)
{
	size_t a = strlen(dir), b = strlen(name);
	char *p = malloc(a + b + 2);
	if (p == NULL)
		return NULL;
	memcpy(p, dir, a);
	size_t i = a;
	if (a > 0 && dir[a - 1] != '/')
		p[i++] = '/';
	memcpy(p + i, name, b + 1);
	return p;
}

int outfile_write(const char *dir, const char *name,
		  int (*fill)(FILE *fp, const void *arg), const void *arg)
{
	char *path = join_path(dir, name);
	if (path == NULL)
		return STATUS_ENOMEM;
	struct outfile of;
	int rc = outfile_open(&of, path);
	free(path);
	if (rc != STATUS_OK)
		return rc;
	rc = fill(of.fp, arg);
	if (rc == STATUS_OK && ferror(of.fp))
		rc = STATUS_EIO;
	if (rc != STATUS_OK) {
		outfile_abort(&of);
		return rc;
	}
	return outfile_commit(&of);
}
