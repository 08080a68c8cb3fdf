/*
 * bench.c: `make bench`, speed and memory of the simulator on fixed
 * workloads (not a test: figures depend on the machine).
 *
 *   1. ccsim engine: the given scenario (default scenarios/erlang-a.cfg, an
 *      M/M/100+M queue with about 1,000,000 calls per replication) run
 *      through experiment_run with every KPI collected: one replication,
 *      then four, to show that peak memory does not grow with the calls.
 *      A second scenario, when given (make bench: multichannel-week.cfg,
 *      calls with e-mails, letters, complaints and recourse), runs with its
 *      own number of replications; written contacts count as contacts.
 *   1b. Replay: a trace of the first scenario's calls (Poisson at its
 *      first type's forecast, exponential talk times at its handle mean,
 *      answered with wait 0), written to a temporary CSV file in 27 line
 *      groups (each in time order, as the Anonymous Bank files come), then
 *      read, sorted (external merge sort, sim/replay.h) and replayed once:
 *      rows/s of reading and sorting, calls/s and events/s of the replay.
 *   2. Baseline: a minimal hand-written M/M/c+M loop (binary heap of event
 *      times, FIFO ring of waiting calls, lazy abandonment) with the same
 *      rates and number of calls, collecting only answered-within-20 s.  It
 *      bounds what the engine could reach on this machine.
 *   3. Analytic models: time per evaluation of Erlang C and Erlang A (all
 *      figures of erlang_c / erlang_a) at 100, 1,000, 10,000 and 50,000
 *      agents with load 0.98 n, and of a staffing search for 80/20.
 * Rates are calls and events per second of CPU time of this process.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>
#include <gsl/gsl_randist.h>
#include "experiment.h"
#include "../models/erlang.h"
#include "rng.h"
#include "replay.h"
#include "scenario.h"
#include "status.h"

static double cpu_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static double peak_mib(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_maxrss / 1024.0; /* Linux reports KiB */
}

static int bench_engine(const struct scenario *sc, int replications)
{
	struct experiment *ex = experiment_alloc(sc, replications, sc->seed);
	if (!ex)
		return 1;
	double t0 = cpu_seconds();
	int rc = experiment_run(ex, NULL, NULL);
	double dt = cpu_seconds() - t0;
	if (rc != STATUS_OK) {
		experiment_free(ex);
		return 1;
	}
	double contacts = (double)(ex->calls + ex->written);
	printf("engine    %-28s %2d rep  %9.0f contacts (%.0f written)  %6.2f s  %8.3g contacts/s  %8.3g events/s  peak %6.1f MiB\n",
	       sc->name, replications, contacts, (double)ex->written, dt, contacts / dt,
	       (double)ex->events / dt, peak_mib());
	experiment_free(ex);
	return 0;
}

/* ---- baseline M/M/c+M ---------------------------------------------------- */

struct bl_event { double t; int kind; long id; };

static void bl_push(struct bl_event *h, long *n, struct bl_event e)
{
	long i = (*n)++;
	while (i > 0 && h[(i - 1) / 2].t > e.t) {
		h[i] = h[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	h[i] = e;
}

static struct bl_event bl_pop(struct bl_event *h, long *n)
{
	struct bl_event top = h[0], last = h[--(*n)];
	long i = 0;
	for (;;) {
		long c = 2 * i + 1;
		if (c >= *n)
			break;
		if (c + 1 < *n && h[c + 1].t < h[c].t)
			c++;
		if (h[c].t >= last.t)
			break;
		h[i] = h[c];
		i = c;
	}
	h[i] = last;
	return top;
}

static void bench_baseline(int agents, double lambda, double mu, double theta,
			   long calls)
{
	enum { ARRIVE, DEPART, ABANDON };
	long cap = 1 << 16, ring = 1 << 16;
	struct bl_event *heap = malloc(cap * sizeof *heap);
	double *arrival = malloc(ring * sizeof *arrival); /* by call id mod ring */
	char *gone = calloc(ring, 1);
	long *queue = malloc(ring * sizeof *queue);
	gsl_rng *r = rng_stream_alloc();
	if (!heap || !arrival || !gone || !queue || !r)
		goto done;
	rng_stream_set(r, 1, 0, 0);
	long n = 0, qh = 0, qt = 0, next_id = 0, within = 0, answered = 0, events = 0;
	int idle = agents;
	double t0 = cpu_seconds();
	bl_push(heap, &n, (struct bl_event){ gsl_ran_exponential(r, 1 / lambda), ARRIVE, 0 });
	while (n > 0) {
		struct bl_event e = bl_pop(heap, &n);
		events++;
		if (e.kind == ARRIVE) {
			long id = next_id++;
			arrival[id % ring] = e.t;
			gone[id % ring] = 0;
			if (next_id < calls)
				bl_push(heap, &n, (struct bl_event){ e.t + gsl_ran_exponential(r, 1 / lambda), ARRIVE, 0 });
			if (idle > 0) {
				idle--;
				answered++;
				within++;
				bl_push(heap, &n, (struct bl_event){ e.t + gsl_ran_exponential(r, 1 / mu), DEPART, id });
			} else {
				queue[qt++ % ring] = id;
				bl_push(heap, &n, (struct bl_event){ e.t + gsl_ran_exponential(r, 1 / theta), ABANDON, id });
			}
		} else if (e.kind == ABANDON) {
			if (gone[e.id % ring] == 0) /* not answered yet: leaves */
				gone[e.id % ring] = 1; /* skipped when the ring reaches it */
		} else {
			idle++;
			while (qh < qt && gone[queue[qh % ring] % ring])
				qh++;
			if (qh < qt) {
				long id = queue[qh++ % ring];
				gone[id % ring] = 2; /* answered: its abandon event is ignored */
				idle--;
				answered++;
				if (e.t - arrival[id % ring] <= 20)
					within++;
				bl_push(heap, &n, (struct bl_event){ e.t + gsl_ran_exponential(r, 1 / mu), DEPART, id });
			}
		}
		if (n + 4 > cap) {
			cap *= 2;
			heap = realloc(heap, cap * sizeof *heap);
			if (!heap)
				goto done;
		}
	}
	double dt = cpu_seconds() - t0;
	printf("baseline  M/M/%d+M hand-written loop  1 rep  %9ld calls  %6.2f s  %8.3g calls/s  %8.3g events/s  (SL %.4f over answered)\n",
	       agents, calls, dt, calls / dt, events / dt, (double)within / answered);
done:
	free(heap);
	free(arrival);
	free(gone);
	free(queue);
	gsl_rng_free(r);
}

/* Mean CPU time of one call of fn over at least 0.2 s of repetitions. */
static double time_per_call(int (*fn)(const struct erlang_input *, struct erlang_result *),
			    const struct erlang_input *in, struct erlang_result *out)
{
	long reps = 0;
	double t0 = cpu_seconds(), dt;
	do {
		for (int i = 0; i < 16; i++)
			fn(in, out);
		reps += 16;
		dt = cpu_seconds() - t0;
	} while (dt < 0.2);
	return dt / (double)reps;
}

static void bench_erlang(void)
{
	static const int sizes[] = { 100, 1000, 10000, 50000 };
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		int n = sizes[i];
		struct erlang_input in = { .traffic = 0.98 * n, .aht_s = 240.0,
					   .patience_s = 180.0, .threshold_s = 20.0,
					   .agents = n };
		struct erlang_result r;
		double tc = time_per_call(erlang_c, &in, &r);
		double ta = time_per_call(erlang_a, &in, &r);
		struct erlang_targets tg = { .has_sl = true, .sl = 0.8, .sl_threshold_s = 20.0 };
		int required = 0;
		double t0 = cpu_seconds();
		int reps = 0;
		do {
			erlang_staff(&in, &tg, 1000000, &required, &r);
			reps++;
		} while (cpu_seconds() - t0 < 0.2);
		double ts = (cpu_seconds() - t0) / reps;
		printf("erlang    n = %-6d a = %-8.0f  erlang_c %9.2f us  erlang_a %9.2f us"
		       "  staffing search (A, 80/20) %9.2f us -> %d agents\n",
		       n, in.traffic, 1e6 * tc, 1e6 * ta, 1e6 * ts, required);
	}
}

/* Writes the replay trace (see the file's head): group g of G holds calls
 * g, g + G, ... of one Poisson sequence, regenerated for each group. */
static long write_trace(FILE *f, const struct scenario *sc)
{
	const struct contact_type_config *ct = &sc->centre.types[0];
	const struct horizon *h = &sc->centre.horizon;
	double rate = ct->forecast[0] / h->interval_s, mean = dist_mean(&ct->handle);
	double end = h->days * HORIZON_DAY_S;
	enum { GROUPS = 27 };
	long n = 0;
	gsl_rng *r = rng_stream_alloc();
	if (!r)
		return -1;
	fputs("arrival,type,handle_s,wait_s,outcome\n", f);
	for (int g = 0; g < GROUPS; g++) {
		rng_stream_set(r, 7, 0, 0);
		double t = 0.0;
		for (long i = 0;; i++) {
			t += gsl_ran_exponential(r, 1.0 / rate);
			double talk = gsl_ran_exponential(r, mean);
			if (t >= end)
				break;
			if (i % GROUPS != g)
				continue;
			int y, m, d;
			long long ms = (long long)floor(t * 1000.0), day_ms = 86400000;
			long long in_day = ms % day_ms;
			horizon_civil_from_date(h->start_date + ms / day_ms, &y, &m, &d);
			fprintf(f, "%04d-%02d-%02d %02lld:%02lld:%02lld.%03lld,%s,%.3f,0,answered\n",
				y, m, d, in_day / 3600000, in_day / 60000 % 60, in_day / 1000 % 60,
				in_day % 1000, ct->name, talk);
			n++;
		}
	}
	gsl_rng_free(r);
	return fflush(f) == 0 ? n : -1;
}

static int bench_replay(struct scenario *sc)
{
	FILE *f = tmpfile();
	char path[64];
	if (!f)
		return 1;
	long rows = write_trace(f, sc);
	snprintf(path, sizeof path, "/proc/self/fd/%d", fileno(f));
	struct replay_options opt = { .format = { .kind = TRACE_CSV } };
	struct replay *rp = NULL;
	struct experiment *ex = NULL;
	int rc = 1;
	double t0 = cpu_seconds();
	if (rows < 0 || replay_open(path, &opt, &sc->centre, &rp, stderr) != STATUS_OK)
		goto done;
	double t1 = cpu_seconds();
	if (!(ex = experiment_alloc(sc, 1, sc->seed)))
		goto done;
	experiment_set_replay(ex, replay_source(rp));
	if (experiment_run(ex, NULL, NULL) != STATUS_OK)
		goto done;
	double t2 = cpu_seconds();
	printf("replay    %-28s  1 rep  %9ld rows  read+sort %5.2f s  %8.3g rows/s (%llu runs)"
	       "  replay %5.2f s  %8.3g calls/s  %8.3g events/s  peak %6.1f MiB\n",
	       sc->name, rows, t1 - t0, (double)rows / (t1 - t0),
	       (unsigned long long)replay_stats(rp)->runs, t2 - t1,
	       (double)ex->calls / (t2 - t1), (double)ex->events / (t2 - t1), peak_mib());
	rc = 0;
done:
	experiment_free(ex);
	replay_free(rp);
	fclose(f);
	return rc;
}

/* The engine on a second scenario (deferred work), or 0 when none given. */
static int bench_more(const char *path)
{
	struct scenario sc;
	if (!path)
		return 0;
	if (scenario_load(path, &sc, stderr) != STATUS_OK)
		return 2;
	int rc = bench_engine(&sc, sc.replications);
	scenario_destroy(&sc);
	return rc;
}

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "scenarios/erlang-a.cfg";
	struct scenario sc;
	if (scenario_load(path, &sc, stderr) != STATUS_OK)
		return 2;
	printf("ccsim bench on %s (CPU time of this process)\n", path);
	int rc = bench_engine(&sc, 1) || bench_engine(&sc, 4) ||
		 bench_more(argc > 2 ? argv[2] : NULL);
	/* The baseline uses the scenario's first type and group at interval 0. */
	const struct contact_type_config *ct = &sc.centre.types[0];
	double lambda = ct->forecast[0] / sc.centre.horizon.interval_s;
	double mu = 1.0 / dist_mean(&ct->handle);
	double theta = ct->has_patience ? 1.0 / dist_mean(&ct->patience) : 1e-12;
	long calls = 0;
	for (int k = 0; k < sc.centre.horizon.n_intervals; k++)
		calls += (long)ct->forecast[k];
	bench_baseline(sc.centre.groups[0].staffing[0], lambda, mu, theta, calls);
	bench_erlang();
	rc = rc || bench_replay(&sc);
	scenario_destroy(&sc);
	return rc;
}
