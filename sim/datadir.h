/*
 * datadir.h: finding ccsim's bundled files (plot templates, example
 * scenarios) from the build tree or an installation.
 *
 * A file <sub>/<name> is looked up, in order, in
 *   $<env>/<name>                      when the environment variable is set
 *   <exe dir>/../<sub>/<name>          the build tree (bin/ccsim)
 *   <exe dir>/../share/ccsim/<sub>/<name>   an installation under PREFIX
 *   CCSIM_DATADIR/<sub>/<name>         the compile-time install location
 * where <exe dir> is the folder of /proc/self/exe.
 */
#ifndef CCSIM_DATADIR_H
#define CCSIM_DATADIR_H

#include <stddef.h>

/* Writes the folder holding <sub>/<name> into dir (size n) and returns 1,
 * or returns 0 when none of the places has it.  env may be NULL. */
int datadir_find(const char *env, const char *sub, const char *name,
		 char *dir, size_t n);

#endif
