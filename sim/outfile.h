/*
 * outfile.h: atomic file writes.
 *
 * outfile_open creates a temporary file beside the target (same directory,
 * so rename is atomic); outfile_commit flushes, closes and renames it over
 * the target; outfile_abort closes and removes it.  An interrupted run never
 * leaves half a file under the final name.
 */
#ifndef CCSIM_OUTFILE_H
#define CCSIM_OUTFILE_H

#include <stdio.h>

struct outfile {
	FILE *fp;        /* write here between open and commit/abort */
	char *path;      /* final name (owned) */
	char *tmp_path;  /* temporary name (owned) */
};

/* STATUS_OK, STATUS_EIO (with errno set) or STATUS_ENOMEM. */
int outfile_open(struct outfile *of, const char *path);
/* STATUS_OK or STATUS_EIO (the temporary file is then removed). */
int outfile_commit(struct outfile *of);
void outfile_abort(struct outfile *of);

/* Writes DIR/NAME atomically: opens it, lets fill(fp, arg) write it, and
 * commits it when fill returns STATUS_OK and no write failed; otherwise
 * nothing is left and the status is fill's, STATUS_EIO or STATUS_ENOMEM. */
int outfile_write(const char *dir, const char *name,
		  int (*fill)(FILE *fp, const void *arg), const void *arg);

/* Creates dir and its parents (like mkdir -p).  STATUS_OK or STATUS_EIO. */
int outfile_mkdirs(const char *dir);

#endif
