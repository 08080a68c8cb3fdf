/*
 * plot.c: the plot driver, the only module that starts gnuplot (plot.h).
 *
 * C writes the data, gnuplot draws it: for each contact type and each
 * template (plots/service_level.gp, plots/load.gp) the driver runs
 *     gnuplot -e "datafile='D/intervals.csv'; outfile='TMP'; term='png';
 *                 ctype='calls'; target=0.8; threshold=20; interval_s=1800"
 *             TEMPLATE_DIR/<template>.gp
 * once for PNG (pngcairo, 1000x500) and once for SVG (1000x500), the
 * templates choosing the terminal from `term`.  gnuplot writes to a
 * temporary name in D made with mkstemp ("D/<template>-<type>.png.tmp.XXXXXX")
 * that is renamed to D/<template>-<type>.png (or .svg) when gnuplot exits
 * with status 0, and removed otherwise, so a failed plot leaves no file.
 *
 * gnuplot is started with posix_spawnp, without a shell: the arguments need
 * no shell quoting.  The -e text is gnuplot code, though, and its strings
 * are single-quoted gnuplot literals, in which a single quote cannot be
 * written: paths and type names holding one (or a control character) are
 * refused with a message.  A type name must also read back from the CSV
 * exactly as it is written, so names with a comma or a double quote (quoted
 * in the CSV) are refused too.  In file names a type name keeps only
 * [A-Za-z0-9_-], anything else becoming '_'.
 *
 * target and threshold: the first service_level commitment on the type whose
 * threshold is the type's SL threshold (the one intervals.csv reports),
 * preferring period interval, then day, then horizon; without one, target is
 * NaN (no target line) and threshold the type's SL threshold.
 *
 * Deferred (written) contact types have no interval view: instead, when
 * there is one, plots/backlog.gp draws backlog.png/svg once for them all
 * from D/deferred_days.csv (datafile) and D/deferred_weeks.csv (weekfile),
 * the series given as gnuplot arrays, one entry per (type, step):
 *     nseries=2; array stype[2] = ['email', 'complaint'];
 *     array sstep[2] = ['reply', 'acknowledge'];
 *     array sdeadline[2] = ['24bh', '2bd']; array starget[2] = [0.9, NaN]
 * starget: the step's within_deadline commitment, per week first, else
 * per day, else over the horizon; NaN (no line) without one.
 *
 * plot_render runs any other template the same way (datafile, outfile and
 * term, then the caller's variables), for the plots that are not an
 * experiment's (`ccsim erlang --forecast` draws plots/sizing.gp with it).
 *
 * gnuplot's messages go to a temporary file and are copied to `errors`.
 * plot_template_dir keeps its answer in a static buffer: the program is
 * single-threaded, and the answer is the same for the whole run.
 */
#include "plot.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "datadir.h"
#include "report.h"
#include "status.h"

#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

extern char **environ;

static const char *const templates[] = { "service_level", "load" };

static const struct plot_format {
	const char *term;       /* the template's `term` variable */
	const char *ext;
} formats[] = { { "png", "png" }, { "svg", "svg" } };

/* Runs argv (searched in PATH) with stdin and stdout on /dev/null and stderr
 * on err_fd (or /dev/null when err_fd < 0), and waits for it.  Its exit
 * status, or -1 when it could not be started or did not exit normally. */
static int run(char *const argv[], int err_fd)
{
	posix_spawn_file_actions_t fa;
	if (posix_spawn_file_actions_init(&fa) != 0)
		return -1;
	int rc = posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null",
						  O_RDONLY, 0);
	if (rc == 0)
		rc = posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO,
						      "/dev/null", O_WRONLY, 0);
	if (rc == 0)
		rc = err_fd >= 0 ?
			posix_spawn_file_actions_adddup2(&fa, err_fd, STDERR_FILENO) :
			posix_spawn_file_actions_addopen(&fa, STDERR_FILENO,
							 "/dev/null", O_WRONLY, 0);
	pid_t pid;
	if (rc == 0)
		rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc != 0) {
		errno = rc;
		return -1;
	}
	int st;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

int plot_available(void)
{
	char *argv[] = { "gnuplot", "--version", NULL };
	return run(argv, -1) == 0;
}

const char *plot_template_dir(void)
{
	static char dir[PATH_MAX];
	return datadir_find("CCSIM_PLOTS", "plots", "service_level.gp", dir,
			    sizeof dir) ? dir : NULL;
}

/* Can s go inside a single-quoted gnuplot string? */
static bool gp_literal_ok(const char *s)
{
	for (; *s != '\0'; s++)
		if (*s == '\'' || (unsigned char)*s < 0x20 || *s == 0x7f)
			return false;
	return true;
}

/* Type name as a file-name part: [A-Za-z0-9_-], others to '_'. */
static void sanitise(const char *name, char *out, size_t n)
{
	size_t i = 0;
	for (; name[i] != '\0' && i + 1 < n; i++) {
		unsigned char c = (unsigned char)name[i];
		bool keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
			    (c >= '0' && c <= '9') || c == '_' || c == '-';
		out[i] = keep ? (char)c : '_';
	}
	if (i == 0 && n > 1)
		out[i++] = '_';
	out[i] = '\0';
}

/* The SL target of type t (NaN when none) and the threshold to show. */
static void sl_target(const struct experiment *ex, int t, double *target,
		      double *threshold)
{
	const struct scenario *sc = ex->sc;
	const struct contact_type_config *ct = &sc->centre.types[t];
	int best = -1;
	for (int i = 0; i < sc->n_commitments; i++) {
		const struct commitment *c = &sc->commitments[i];
		if (c->contact_type != t || c->kpi != KPI_SERVICE_LEVEL ||
		    c->threshold_index != 0)
			continue;
		if (best < 0 || c->period < sc->commitments[best].period)
			best = i;
	}
	*target = best >= 0 ? sc->commitments[best].target : NAN;
	*threshold = ct->threshold_s[0];
}

/* "%.10g", or gnuplot's NaN. */
static void gp_number(char *buf, size_t n, double v)
{
	if (isfinite(v))
		snprintf(buf, n, "%.10g", v);
	else
		snprintf(buf, n, "NaN");
}

/* Copies what gnuplot wrote to log into errors, then empties log. */
static void pass_messages(FILE *log, FILE *errors)
{
	if (log == NULL)
		return;
	fflush(log);
	rewind(log);
	if (errors != NULL) {
		char buf[512];
		size_t got;
		while ((got = fread(buf, 1, sizeof buf, log)) > 0)
			fwrite(buf, 1, got, errors);
	}
	rewind(log);
	if (ftruncate(fileno(log), 0) != 0)
		clearerr(log);
}

/* The within_deadline target of step s of type t, NaN when none: a
 * commitment per week first (what the plot shows), else per day, else over
 * the horizon. */
static double backlog_target(const struct experiment *ex, int t, int s)
{
	static const int rank[] = { [PERIOD_WEEK] = 0, [PERIOD_DAY] = 1,
				    [PERIOD_HORIZON] = 2, [PERIOD_INTERVAL] = 3 };
	const struct scenario *sc = ex->sc;
	int best = -1;
	for (int i = 0; i < sc->n_commitments; i++) {
		const struct commitment *c = &sc->commitments[i];
		if (c->contact_type != t || c->step != s ||
		    c->task_kpi != TASK_WITHIN_DEADLINE)
			continue;
		if (best < 0 || rank[c->period] < rank[sc->commitments[best].period])
			best = i;
	}
	return best >= 0 ? sc->commitments[best].target : NAN;
}

/* Appends printf-formatted text to the growing string *buf (length *len,
 * capacity *cap); false when out of memory. */
static bool append_text(char **buf, size_t *len, size_t *cap, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static bool append_text(char **buf, size_t *len, size_t *cap, const char *fmt, ...)
{
	for (;;) {
		va_list ap;
		va_start(ap, fmt);
		int n = vsnprintf(*buf + *len, *cap - *len, fmt, ap);
		va_end(ap);
		if (n < 0)
			return false;
		if ((size_t)n < *cap - *len) {
			*len += (size_t)n;
			return true;
		}
		size_t ncap = 2 * *cap + (size_t)n;
		char *nb = realloc(*buf, ncap);
		if (nb == NULL)
			return false;
		*buf = nb;
		*cap = ncap;
	}
}

/* backlog.png/svg from deferred_days.csv and deferred_weeks.csv, when the
 * scenario has deferred types: each (type, step) a series, passed to the
 * template as gnuplot arrays (stype, sstep, sdeadline, starget). */
static int plot_backlog(const struct experiment *ex, const char *dir, FILE *errors)
{
	const struct centre_config *cc = &ex->sc->centre;
	char days[PATH_MAX], weeks[PATH_MAX], dl[48], tg[32];
	int nseries = 0;
	for (int t = 0; t < ex->n_types; t++) {
		const struct contact_type_config *ct = &cc->types[t];
		if (!channel_is_deferred(ct->channel))
			continue;
		for (int s = 0; s < ct->n_steps; s++) {
			const char *names[] = { ct->name, ct->steps[s].name };
			for (int i = 0; i < 2; i++)
				if (!gp_literal_ok(names[i]) ||
				    strpbrk(names[i], ",\"") != NULL) {
					if (errors != NULL)
						fprintf(errors, "plot: name %s holds a "
							"quote, a comma or a control "
							"character; the backlog plot is "
							"skipped\n", names[i]);
					return STATUS_EIO;
				}
			nseries++;
		}
	}
	if (nseries == 0)
		return STATUS_OK;
	int n1 = snprintf(days, sizeof days, "%s/deferred_days.csv", dir);
	int n2 = snprintf(weeks, sizeof weeks, "%s/deferred_weeks.csv", dir);
	if (n1 < 0 || (size_t)n1 >= sizeof days || n2 < 0 ||
	    (size_t)n2 >= sizeof weeks || access(days, R_OK) != 0 ||
	    access(weeks, R_OK) != 0) {
		if (errors != NULL)
			fprintf(errors, "plot: cannot read %s/deferred_days.csv "
				"and deferred_weeks.csv\n", dir);
		return STATUS_EIO;
	}

	size_t len = 0, cap = 256;
	char *vars = malloc(cap);
	if (vars == NULL)
		return STATUS_EIO;
	vars[0] = '\0';
	bool ok = append_text(&vars, &len, &cap, "weekfile='%s'; nseries=%d",
			      weeks, nseries);
	static const char *const arrays[] = { "stype", "sstep", "sdeadline", "starget" };
	for (size_t a = 0; a < sizeof arrays / sizeof arrays[0] && ok; a++) {
		ok = append_text(&vars, &len, &cap, "; array %s[%d] = [", arrays[a],
				 nseries);
		int i = 0;
		for (int t = 0; t < ex->n_types && ok; t++) {
			const struct contact_type_config *ct = &cc->types[t];
			for (int s = 0; channel_is_deferred(ct->channel) &&
			     s < ct->n_steps && ok; s++, i++) {
				const char *sep = i > 0 ? ", " : "";
				if (a == 0)
					ok = append_text(&vars, &len, &cap, "%s'%s'", sep,
							 ct->name);
				else if (a == 1)
					ok = append_text(&vars, &len, &cap, "%s'%s'", sep,
							 ct->steps[s].name);
				else if (a == 2) {
					report_deadline(&ct->steps[s].deadline, dl, sizeof dl);
					ok = append_text(&vars, &len, &cap, "%s'%s'", sep, dl);
				} else {
					gp_number(tg, sizeof tg, backlog_target(ex, t, s));
					ok = append_text(&vars, &len, &cap, "%s%s", sep, tg);
				}
			}
		}
		if (ok)
			ok = append_text(&vars, &len, &cap, "]");
	}
	int rc = ok ? plot_render("backlog", days, dir, "backlog", vars, errors)
		    : STATUS_EIO;
	free(vars);
	return rc;
}

int plot_experiment(const struct experiment *ex, const char *dir, FILE *errors)
{
	const char *tdir = plot_template_dir();
	if (tdir == NULL) {
		if (errors != NULL)
			fprintf(errors, "plot: no gnuplot templates found (looked "
				"in $CCSIM_PLOTS, <program>/../plots, "
				"<program>/../share/ccsim/plots and %s/plots)\n",
				CCSIM_DATADIR);
		return STATUS_EIO;
	}
	if (!gp_literal_ok(dir)) {
		if (errors != NULL)
			fprintf(errors, "plot: the directory name %s holds a "
				"quote or a control character that gnuplot "
				"cannot be given; no plots drawn\n", dir);
		return STATUS_EIO;
	}
	char data[PATH_MAX];
	int n = snprintf(data, sizeof data, "%s/intervals.csv", dir);
	if (n < 0 || (size_t)n >= sizeof data || access(data, R_OK) != 0) {
		if (errors != NULL)
			fprintf(errors, "plot: cannot read %s/intervals.csv\n", dir);
		return STATUS_EIO;
	}

	int rc = STATUS_OK;
	for (int t = 0; t < ex->n_types; t++) {
		const char *name = ex->sc->centre.types[t].name;
		if (channel_is_deferred(ex->sc->centre.types[t].channel))
			continue;  /* no interval view: plot_backlog draws it */
		if (!gp_literal_ok(name) || strpbrk(name, ",\"") != NULL) {
			if (errors != NULL)
				fprintf(errors, "plot: contact type name %s holds a "
					"quote, a comma or a control character; "
					"its plots are skipped\n", name);
			rc = STATUS_EIO;
			continue;
		}
		char safe[CENTRE_NAME_MAX], base[CENTRE_NAME_MAX + 32];
		char vars[CENTRE_NAME_MAX + 160], tg[32], th[32], iv[32];
		double target, threshold;
		sanitise(name, safe, sizeof safe);
		sl_target(ex, t, &target, &threshold);
		gp_number(tg, sizeof tg, target);
		gp_number(th, sizeof th, threshold);
		gp_number(iv, sizeof iv, ex->sc->centre.horizon.interval_s);
		snprintf(vars, sizeof vars, "ctype='%s'; target=%s; threshold=%s; "
			 "interval_s=%s", name, tg, th, iv);
		for (size_t i = 0; i < sizeof templates / sizeof templates[0]; i++) {
			snprintf(base, sizeof base, "%s-%s", templates[i], safe);
			if (plot_render(templates[i], data, dir, base, vars,
					errors) != STATUS_OK)
				rc = STATUS_EIO;
		}
	}
	if (plot_backlog(ex, dir, errors) != STATUS_OK)
		rc = STATUS_EIO;
	return rc;
}

/* One format of plot_render: gnuplot -e "<vars>" <script> into a temporary
 * file renamed to final.  STATUS_OK or STATUS_EIO (after a message). */
static int render_one(const char *script, const char *datafile,
		      const char *final, const struct plot_format *fmt,
		      const char *vars, FILE *log, FILE *errors)
{
	char tmp[PATH_MAX];
	int n = snprintf(tmp, sizeof tmp, "%s.tmp.XXXXXX", final);
	if (n < 0 || (size_t)n >= sizeof tmp) {
		if (errors != NULL)
			fprintf(errors, "plot: path too long: %s\n", final);
		return STATUS_EIO;
	}
	size_t cap = strlen(datafile) + strlen(tmp) + strlen(vars) + 64;
	char *code = malloc(cap);
	if (code == NULL)
		return STATUS_EIO;
	int fd = mkstemp(tmp);
	if (fd < 0) {
		if (errors != NULL)
			fprintf(errors, "plot: cannot create %s: %s\n", tmp,
				strerror(errno));
		free(code);
		return STATUS_EIO;
	}
	mode_t mask = umask(022);
	umask(mask);
	(void)fchmod(fd, 0666 & ~mask);   /* on failure only less readable */
	close(fd);
	snprintf(code, cap, "datafile='%s'; outfile='%s'; term='%s'; %s",
		 datafile, tmp, fmt->term, vars);

	char *argv[] = { "gnuplot", "-e", code, (char *)script, NULL };
	if (errors != NULL)
		fflush(errors);
	int st = run(argv, log != NULL ? fileno(log) : -1);
	int e = errno;
	pass_messages(log, errors);
	free(code);
	if (st == 0) {
		if (rename(tmp, final) == 0)
			return STATUS_OK;
		e = errno;
	}
	unlink(tmp);
	if (errors != NULL) {
		if (st == 0)
			fprintf(errors, "plot: cannot rename to %s: %s\n", final,
				strerror(e));
		else if (st < 0)
			fprintf(errors, "plot: cannot run gnuplot: %s\n",
				strerror(e));
		else
			fprintf(errors, "plot: gnuplot failed (status %d) on %s\n",
				st, script);
	}
	return STATUS_EIO;
}

int plot_render(const char *tpl, const char *datafile, const char *dir,
		const char *base, const char *vars, FILE *errors)
{
	char tdir[PATH_MAX], name[PATH_MAX], script[2 * PATH_MAX];
	int n = snprintf(name, sizeof name, "%s.gp", tpl);
	if (n > 0 && (size_t)n < sizeof name &&
	    datadir_find("CCSIM_PLOTS", "plots", name, tdir, sizeof tdir))
		n = snprintf(script, sizeof script, "%s/%s", tdir, name);
	else
		n = -1;
	if (n < 0 || (size_t)n >= sizeof script || access(script, R_OK) != 0) {
		if (errors != NULL)
			fprintf(errors, "plot: template %s.gp not found (looked "
				"in $CCSIM_PLOTS, <program>/../plots, "
				"<program>/../share/ccsim/plots and %s/plots)\n",
				tpl, CCSIM_DATADIR);
		return STATUS_EIO;
	}
	if (!gp_literal_ok(datafile) || !gp_literal_ok(dir)) {
		if (errors != NULL)
			fprintf(errors, "plot: the file name %s holds a quote or "
				"a control character that gnuplot cannot be "
				"given; no plots drawn\n", datafile);
		return STATUS_EIO;
	}
	FILE *log = tmpfile();
	int rc = STATUS_OK;
	for (size_t f = 0; f < sizeof formats / sizeof formats[0]; f++) {
		char final[PATH_MAX];
		n = snprintf(final, sizeof final, "%s/%s.%s", dir, base,
			     formats[f].ext);
		if (n < 0 || (size_t)n >= sizeof final) {
			if (errors != NULL)
				fprintf(errors, "plot: path too long in %s\n", dir);
			rc = STATUS_EIO;
			continue;
		}
		if (render_one(script, datafile, final, &formats[f],
			       vars != NULL ? vars : "", log, errors) != STATUS_OK)
			rc = STATUS_EIO;
	}
	if (log != NULL)
		fclose(log);
	return rc;
}
