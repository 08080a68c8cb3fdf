/*
 * main.c: the ccsim command line.
 *
 *   ccsim run FILE [--replications N] [--seed S] [--out DIR] [--json] [--quiet]
 *   ccsim replay TRACE --scenario FILE [options]   (docs/replay.md)
 *   ccsim erlang ...                               (sizing.h)
 *   ccsim --help | --version
 *
 * Exit status: 0 success, 2 bad input or usage (nothing written), 1 any
 * other failure.  The run's results are computed in full before any file is
 * written, and every file is written atomically.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <gsl/gsl_errno.h>
#include "datadir.h"
#include "experiment.h"
#include "outfile.h"
#include "plot.h"
#include "replay.h"
#include "report.h"
#include "scenario.h"
#include "sizing.h"
#include "fitcmd.h"
#include "status.h"

#define EXIT_USAGE 2

static const char usage_main[] =
	"usage: ccsim <command> [options]\n"
	"\n"
	"Simulates a contact centre and tells whether its service commitments\n"
	"will be kept.\n"
	"\n"
	"commands:\n"
	"  run FILE     simulate the scenario FILE and judge its commitments\n"
	"  replay TRACE replay recorded calls through a scenario; compare with the record\n"
	"  fit TRACE    fit arrivals, handle time, patience and staffing to a trace;\n"
	"               write them as a runnable scenario\n"
	"  erlang       Erlang C / Erlang A calculator: evaluate or size a staffing\n"
	"\n"
	"options:\n"
	"  -h, --help     show this help (ccsim <command> --help)\n"
	"  -V, --version  show the version\n";

static const char usage_run[] =
	"usage: ccsim run FILE [--replications N] [--seed S] [--out DIR] [--json] [--quiet]\n"
	"\n"
	"Runs independent replications of the scenario FILE, prints each\n"
	"commitment with its estimate, 95% confidence interval, probability of\n"
	"being met and verdict, then a per-interval view and, for written contacts,\n"
	"the deferred work; writes summary.json, intervals.csv, days.csv,\n"
	"commitments.csv, deferred_days.csv, deferred_weeks.csv and plots into DIR.\n"
	"\n"
	"options:\n"
	"  -r, --replications N  replications (1 to 100000; default: the scenario's)\n"
	"  -s, --seed S          base seed, an integer >= 0 (default: the scenario's)\n"
	"  -o, --out DIR         output folder (default: out/<scenario name>)\n"
	"  -j, --json            print summary.json on stdout instead of the table\n"
	"  -q, --quiet           print nothing on stdout and no progress\n"
	"  -h, --help            show this help\n";

static const char usage_replay[] =
	"usage: ccsim replay TRACE --scenario FILE [--staffing PLAN.csv]\n"
	"         [--format csv|anonbank] [--columns MAPPING] [--separator SEP]\n"
	"         [--types TRACE=SCENARIO,...] [--skip-bad-rows] [--chunk N]\n"
	"         [--error-min-calls N]\n"
	"         [--replications N] [--seed S] [--out DIR] [--quiet]\n"
	"\n"
	"Replays the calls recorded in TRACE (arrival times, types, handle times,\n"
	"waits and outcomes) through the centre of scenario FILE, its staffing\n"
	"plan or PLAN.csv, instead of generated arrivals: what is not recorded is\n"
	"drawn from the scenario.  Prints and writes what `ccsim run` does, then\n"
	"the replayed KPIs per day and per hour of the day beside the recorded\n"
	"ones, with their errors; writes actual.csv, actual_days.csv,\n"
	"actual_hours.csv and actual_errors.csv too.  docs/replay.md has the\n"
	"details.\n"
	"\n"
	"options:\n"
	"  -S, --scenario FILE    the scenario (required)\n"
	"  -p, --staffing PLAN    agents per interval of the horizon, a CSV with the\n"
	"                         header interval_start,<group>,... (overrides the plan)\n"
	"  -f, --format FMT       csv (default) or anonbank (Anonymous Bank records)\n"
	"  -c, --columns MAPPING  CSV columns, e.g. \"arrival=StartTime,type=Queue,\n"
	"                         wait=WaitSec,handle=TalkSec,outcome=Result\"\n"
	"                         (default: ccsim's own arrival,type,handle_s,...)\n"
	"  -d, --separator SEP    ',' (default), ';' or tab\n"
	"  -t, --types MAP        trace type -> scenario voice type: \"PS=calls,PE=calls\"\n"
	"  -k, --skip-bad-rows    count and skip malformed rows instead of stopping\n"
	"  -C, --chunk N          calls sorted in memory at once, 40 bytes each (default\n"
	"                         262144); a longer trace is merge-sorted through a\n"
	"                         temporary file\n"
	"  -m, --error-min-calls N  leave days and hours with fewer than N recorded\n"
	"                         calls out of the error figures (default 0: none)\n"
	"  -r, --replications N   replications (1 to 100000; default: the scenario's)\n"
	"  -s, --seed S           base seed, an integer >= 0 (default: the scenario's)\n"
	"  -o, --out DIR          output folder (default: out/<scenario name>-replay)\n"
	"  -q, --quiet            print nothing on stdout and no progress\n"
	"  -h, --help             show this help\n";

static int usage_error_in(const char *cmd, const char *fmt, const char *arg)
{
	fprintf(stderr, "ccsim: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, " (see ccsim %s --help)\n", cmd);
	return EXIT_USAGE;
}

static int usage_error(const char *fmt, const char *arg)
{
	return usage_error_in("run", fmt, arg);
}

static int parse_u64(const char *s, uint64_t max, uint64_t *out)
{
	if (!s || !*s || *s == '-' || *s == '+' || *s == ' ')
		return STATUS_EINVAL;
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || *end || v > max)
		return STATUS_EINVAL;
	*out = v;
	return STATUS_OK;
}

static void show_progress(void *arg, int done, int total)
{
	(void)arg;
	fprintf(stderr, "\rreplication %d/%d", done, total);
	if (done == total)
		fputc('\n', stderr);
}

struct run_options {
	const char *file;
	const char *out_dir;
	int replications;  /* 0: the scenario's */
	bool has_seed;
	uint64_t seed;
	bool json, quiet;
};

static int parse_run(int argc, char **argv, struct run_options *o)
{
	static const struct option longopts[] = {
		{ "replications", required_argument, NULL, 'r' },
		{ "seed", required_argument, NULL, 's' },
		{ "out", required_argument, NULL, 'o' },
		{ "json", no_argument, NULL, 'j' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	opterr = 0;
	optind = 1;
	int ch;
	uint64_t v;
	while ((ch = getopt_long(argc, argv, ":r:s:o:jqh", longopts, NULL)) != -1) {
		switch (ch) {
		case 'r':
			if (parse_u64(optarg, 100000, &v) != STATUS_OK || v < 1)
				return usage_error("--replications: expected an integer from 1 to 100000, got '%s'", optarg);
			o->replications = (int)v;
			break;
		case 's':
			if (parse_u64(optarg, UINT64_MAX, &v) != STATUS_OK)
				return usage_error("--seed: expected an integer >= 0, got '%s'", optarg);
			o->has_seed = true;
			o->seed = v;
			break;
		case 'o':
			if (!*optarg)
				return usage_error("--out: expected a folder name%s", "");
			o->out_dir = optarg;
			break;
		case 'j': o->json = true; break;
		case 'q': o->quiet = true; break;
		case 'h': fputs(usage_run, stdout); return -1;
		case ':': return usage_error("option '%s' needs a value", argv[optind - 1]);
		default: return usage_error("unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return usage_error("run: missing the scenario FILE%s", "");
	if (optind + 1 < argc)
		return usage_error("run: unexpected argument '%s'", argv[optind + 1]);
	o->file = argv[optind];
	return 0;
}

static int write_outputs(const struct experiment *ex, const char *dir, bool quiet)
{
	if (outfile_mkdirs(dir) != STATUS_OK) {
		fprintf(stderr, "ccsim: cannot create folder %s: %s\n", dir, strerror(errno));
		return 1;
	}
	if (report_write_summary(ex, dir) != STATUS_OK ||
	    report_write_intervals(ex, dir) != STATUS_OK ||
	    report_write_days(ex, dir) != STATUS_OK ||
	    report_write_commitments(ex, dir) != STATUS_OK ||
	    report_write_deferred(ex, dir) != STATUS_OK) {
		fprintf(stderr, "ccsim: cannot write results into %s: %s\n", dir, strerror(errno));
		return 1;
	}
	if (!plot_available() || !plot_template_dir()) {
		if (!quiet)
			fprintf(stderr, "ccsim: gnuplot or the plot templates not found: plots skipped\n");
		return 0;
	}
	if (plot_experiment(ex, dir, stderr) != STATUS_OK)
		return 1;
	return 0;
}

/* A scenario named without a folder that does not exist here is looked up
 * among the bundled scenarios (build tree or installation), with or without
 * its .cfg suffix. */
static const char *resolve_scenario(const char *file, char *buf, size_t n)
{
	if (access(file, F_OK) == 0 || strchr(file, '/'))
		return file;
	char dir[PATH_MAX], name[NAME_MAX + 1];
	const char *ext = strrchr(file, '.');
	snprintf(name, sizeof name, "%s%s", file, ext && !strcmp(ext, ".cfg") ? "" : ".cfg");
	if (datadir_find(NULL, "scenarios", name, dir, sizeof dir) &&
	    snprintf(buf, n, "%s/%s", dir, name) < (int)n)
		return buf;
	return file;
}

/* Loads the scenario named on the command line into *sc: 0, or the exit
 * status (after the loader's messages): 2 for bad input, 1 out of memory. */
static int load_scenario(const char *name, struct scenario *sc)
{
	char found[PATH_MAX];
	int rc = scenario_load(resolve_scenario(name, found, sizeof found), sc, stderr);
	if (rc == STATUS_ENOMEM) {
		fprintf(stderr, "ccsim: out of memory\n");
		return 1;
	}
	return rc == STATUS_OK ? 0 : EXIT_USAGE;
}

static int cmd_run(int argc, char **argv)
{
	struct run_options o = { 0 };
	int rc = parse_run(argc, argv, &o);
	if (rc != 0)
		return rc < 0 ? 0 : rc;
	struct scenario sc;
	if ((rc = load_scenario(o.file, &sc)) != 0)
		return rc;
	int replications = o.replications ? o.replications : sc.replications;
	uint64_t seed = o.has_seed ? o.seed : sc.seed;
	char dir[PATH_MAX];
	if (o.out_dir)
		snprintf(dir, sizeof dir, "%s", o.out_dir);
	else
		snprintf(dir, sizeof dir, "out/%s", sc.name);

	int status = 1;
	struct experiment *ex = experiment_alloc(&sc, replications, seed);
	if (!ex) {
		fprintf(stderr, "ccsim: out of memory\n");
		goto done;
	}
	bool progress = !o.quiet && isatty(STDERR_FILENO);
	rc = experiment_run(ex, progress ? show_progress : NULL, NULL);
	if (rc == STATUS_ERANGE) {
		fprintf(stderr, "ccsim: %s: a drawn duration is not finite: a distribution's "
			"parameters are too extreme\n", o.file);
		status = EXIT_USAGE;
		goto done;
	}
	if (rc != STATUS_OK) {
		fprintf(stderr, "ccsim: the simulation stopped: %s\n", status_str(rc));
		goto done;
	}
	status = write_outputs(ex, dir, o.quiet);
	if (status != 0)
		goto done;
	if (o.json)
		status = report_summary(stdout, ex) == STATUS_OK ? 0 : 1;
	else if (!o.quiet)
		report_table(stdout, ex);
	if (fflush(stdout) != 0)
		status = 1;
done:
	experiment_free(ex);
	scenario_destroy(&sc);
	return status;
}

struct replay_cli {
	const char *trace, *scenario, *staffing, *out_dir;
	struct replay_options opt;
	int replications;  /* 0: the scenario's */
	bool has_seed;
	uint64_t seed;
	bool quiet;
};

static int parse_replay(int argc, char **argv, struct replay_cli *o)
{
	static const struct option longopts[] = {
		{ "scenario", required_argument, NULL, 'S' },
		{ "staffing", required_argument, NULL, 'p' },
		{ "format", required_argument, NULL, 'f' },
		{ "columns", required_argument, NULL, 'c' },
		{ "separator", required_argument, NULL, 'd' },
		{ "types", required_argument, NULL, 't' },
		{ "skip-bad-rows", no_argument, NULL, 'k' },
		{ "chunk", required_argument, NULL, 'C' },
		{ "error-min-calls", required_argument, NULL, 'm' },
		{ "replications", required_argument, NULL, 'r' },
		{ "seed", required_argument, NULL, 's' },
		{ "out", required_argument, NULL, 'o' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	opterr = 0;
	optind = 1;
	int ch;
	uint64_t v;
	while ((ch = getopt_long(argc, argv, ":S:p:f:c:d:t:kC:m:r:s:o:qh", longopts, NULL)) != -1) {
		switch (ch) {
		case 'S': o->scenario = optarg; break;
		case 'p': o->staffing = optarg; break;
		case 'f':
			if (!strcmp(optarg, "csv"))
				o->opt.format.kind = TRACE_CSV;
			else if (!strcmp(optarg, "anonbank"))
				o->opt.format.kind = TRACE_ANONBANK;
			else
				return usage_error_in("replay", "--format: expected csv or anonbank, "
						      "got '%s'", optarg);
			break;
		case 'c': o->opt.format.mapping = optarg; break;
		case 'd':
			if (!strcmp(optarg, ",") || !strcmp(optarg, ";"))
				o->opt.format.separator = optarg[0];
			else if (!strcmp(optarg, "\t") || !strcmp(optarg, "\\t") ||
				 !strcmp(optarg, "tab"))
				o->opt.format.separator = '\t';
			else
				return usage_error_in("replay", "--separator: expected ',', ';' or "
						      "tab, got '%s'", optarg);
			break;
		case 't': o->opt.types = optarg; break;
		case 'k': o->opt.format.skip_bad_rows = true; break;
		case 'C':
			if (parse_u64(optarg, UINT32_MAX, &v) != STATUS_OK || v < 1)
				return usage_error_in("replay", "--chunk: expected an integer from 1 "
						      "to 4294967295, got '%s'", optarg);
			o->opt.chunk = (size_t)v;
			break;
		case 'm':
			if (parse_u64(optarg, UINT32_MAX, &v) != STATUS_OK)
				return usage_error_in("replay", "--error-min-calls: expected an "
						      "integer from 0 to 4294967295, got '%s'", optarg);
			o->opt.min_calls = v;
			break;
		case 'r':
			if (parse_u64(optarg, 100000, &v) != STATUS_OK || v < 1)
				return usage_error_in("replay", "--replications: expected an integer "
						      "from 1 to 100000, got '%s'", optarg);
			o->replications = (int)v;
			break;
		case 's':
			if (parse_u64(optarg, UINT64_MAX, &v) != STATUS_OK)
				return usage_error_in("replay", "--seed: expected an integer >= 0, "
						      "got '%s'", optarg);
			o->has_seed = true;
			o->seed = v;
			break;
		case 'o':
			if (!*optarg)
				return usage_error_in("replay", "--out: expected a folder name%s", "");
			o->out_dir = optarg;
			break;
		case 'q': o->quiet = true; break;
		case 'h': fputs(usage_replay, stdout); return -1;
		case ':': return usage_error_in("replay", "option '%s' needs a value",
						argv[optind - 1]);
		default: return usage_error_in("replay", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return usage_error_in("replay", "replay: missing the TRACE file%s", "");
	if (optind + 1 < argc)
		return usage_error_in("replay", "replay: unexpected argument '%s'", argv[optind + 1]);
	o->trace = argv[optind];
	if (!o->scenario)
		return usage_error_in("replay", "replay: missing --scenario FILE%s", "");
	if (o->opt.format.kind == TRACE_ANONBANK && (o->opt.format.mapping || o->opt.format.separator))
		return usage_error_in("replay", "--columns and --separator are for --format csv%s", "");
	return 0;
}

/* What replay noticed, on stderr at the end. */
static void replay_notes(const struct replay *rp, const char *trace, bool quiet)
{
	const struct replay_stats *st = replay_stats(rp);
	if (!quiet && st->outside > 0)
		fprintf(stderr, "ccsim: %" PRIu64 " of the %" PRIu64 " calls of %s fall outside "
			"the horizon's day windows: not replayed\n", st->outside,
			st->outside + st->calls, trace);
	if (!quiet && st->unmeasured > 0)
		fprintf(stderr, "ccsim: %" PRIu64 " call%s without a recorded outcome or wait: "
			"replayed, but not in the actual figures\n", st->unmeasured,
			st->unmeasured == 1 ? "" : "s");
	if (st->skipped_bad > 0)
		fprintf(stderr, "ccsim: skipped %" PRIu64 " bad row%s of %s\n", st->skipped_bad,
			st->skipped_bad == 1 ? "" : "s", trace);
}

static int cmd_replay(int argc, char **argv)
{
	struct replay_cli o = { 0 };
	int rc = parse_replay(argc, argv, &o);
	if (rc != 0)
		return rc < 0 ? 0 : rc;
	struct scenario sc;
	if ((rc = load_scenario(o.scenario, &sc)) != 0)
		return rc;
	int status = EXIT_USAGE;
	struct replay *rp = NULL;
	struct experiment *ex = NULL;
	if (o.staffing && (rc = replay_staffing_load(o.staffing, &sc.centre, stderr)) != STATUS_OK) {
		status = rc == STATUS_ENOMEM ? 1 : EXIT_USAGE;
		goto done;
	}
	if ((rc = replay_open(o.trace, &o.opt, &sc.centre, &rp, stderr)) != STATUS_OK) {
		status = rc == STATUS_ENOMEM ? 1 : EXIT_USAGE;
		goto done;
	}
	int replications = o.replications ? o.replications : sc.replications;
	uint64_t seed = o.has_seed ? o.seed : sc.seed;
	char dir[PATH_MAX];
	if (o.out_dir)
		snprintf(dir, sizeof dir, "%s", o.out_dir);
	else
		snprintf(dir, sizeof dir, "out/%s-replay", sc.name);
	status = 1;
	if (!(ex = experiment_alloc(&sc, replications, seed))) {
		fprintf(stderr, "ccsim: out of memory\n");
		goto done;
	}
	experiment_set_replay(ex, replay_source(rp));
	experiment_set_observer(ex, replay_observe, rp);
	bool progress = !o.quiet && isatty(STDERR_FILENO);
	rc = experiment_run(ex, progress ? show_progress : NULL, NULL);
	if (rc == STATUS_ERANGE) {
		fprintf(stderr, "ccsim: %s: a drawn duration is not finite: a distribution's "
			"parameters are too extreme\n", o.scenario);
		status = EXIT_USAGE;
		goto done;
	}
	if (rc == STATUS_EIO) {
		fprintf(stderr, "ccsim: cannot read back the sorted calls of %s (temporary "
			"file): %s\n", o.trace, strerror(errno));
		goto done;
	}
	if (rc != STATUS_OK) {
		fprintf(stderr, "ccsim: the replay stopped: %s\n", status_str(rc));
		goto done;
	}
	status = write_outputs(ex, dir, o.quiet);
	if (status != 0)
		goto done;
	if (report_write_actual(ex, rp, dir) != STATUS_OK) {
		fprintf(stderr, "ccsim: cannot write results into %s: %s\n", dir, strerror(errno));
		status = 1;
		goto done;
	}
	if (!o.quiet) {
		report_table(stdout, ex);
		report_replay_table(stdout, ex, rp);
	}
	if (fflush(stdout) != 0)
		status = 1;
	replay_notes(rp, o.trace, o.quiet);
done:
	experiment_free(ex);
	replay_free(rp);
	scenario_destroy(&sc);
	return status;
}

/* The commands: argv[0] of each is its name. */
static const struct command {
	const char *name;
	int (*main)(int argc, char **argv);
} commands[] = {
	{ "run", cmd_run },
	{ "replay", cmd_replay },
	{ "erlang", sizing_main },
	{ "fit", fitcmd_main },
};

int main(int argc, char **argv)
{
	/* GSL failures come back as status codes; the default handler aborts. */
	gsl_set_error_handler_off();
	if (argc < 2) {
		fputs(usage_main, stderr);
		return EXIT_USAGE;
	}
	const char *cmd = argv[1];
	if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
		fputs(usage_main, stdout);
		return 0;
	}
	if (!strcmp(cmd, "-V") || !strcmp(cmd, "--version")) {
		printf("ccsim %s\n", CCSIM_VERSION);
		return 0;
	}
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (!strcmp(cmd, commands[i].name))
			return commands[i].main(argc - 1, argv + 1);
	fprintf(stderr, "ccsim: unknown command '%s' (see ccsim --help)\n", cmd);
	return EXIT_USAGE;
}
