/* datadir.c: search for bundled files (see datadir.h). */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "datadir.h"

#ifndef CCSIM_DATADIR
#define CCSIM_DATADIR "/usr/local/share/ccsim"
#endif

/* Copies candidate into dir and returns 1 if candidate/name is readable. */
static int try_dir(const char *candidate, const char *name, char *dir, size_t n)
{
	char path[2 * PATH_MAX];
	if (snprintf(path, sizeof path, "%s/%s", candidate, name) >= (int)sizeof path)
		return 0;
	if (access(path, R_OK) != 0)
		return 0;
	return snprintf(dir, n, "%s", candidate) < (int)n;
}

int datadir_find(const char *env, const char *sub, const char *name,
		 char *dir, size_t n)
{
	char candidate[PATH_MAX + 64];
	const char *from_env = env ? getenv(env) : NULL;
	if (from_env && *from_env && try_dir(from_env, name, dir, n))
		return 1;
	char exe[PATH_MAX];
	ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (len > 0) {
		exe[len] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			snprintf(candidate, sizeof candidate, "%s/../%s", exe, sub);
			if (try_dir(candidate, name, dir, n))
				return 1;
			snprintf(candidate, sizeof candidate, "%s/../share/ccsim/%s", exe, sub);
			if (try_dir(candidate, name, dir, n))
				return 1;
		}
	}
	snprintf(candidate, sizeof candidate, "%s/%s", CCSIM_DATADIR, sub);
	return try_dir(candidate, name, dir, n);
}
