/*
 * check_calendar.c: the event calendar (sim/calendar.c).
 *
 * Expected orders come from an independent reference: every scheduled event
 * is also written to a plain array as (time, scheduling index), the array is
 * sorted with qsort, and the calendar must pop exactly that sequence.  Ties
 * at equal time must pop in scheduling order (FIFO), which the reference
 * encodes through the scheduling index.  After every mutating call in the
 * randomised tests the heap invariant and the slot back-pointers are checked
 * directly (white box: heap[parent] before heap[child], slots[heap[i].slot]
 * .pos == i), so a broken sift is caught where it happens.
 * Random times come from GSL's MT19937 with fixed seeds; nothing here is
 * statistical, so there is no tolerance.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <check.h>
#include <gsl/gsl_rng.h>

#include "../sim/calendar.h"
#include "../sim/status.h"

Suite *calendar_suite(void);

/* ck_assert records its location on every call (a write to a pipe); hot
 * loops use this instead, which only costs when it fails. */
#define REQUIRE(cond, ...) \
	do { \
		if (!(cond)) \
			ck_abort_msg(__VA_ARGS__); \
	} while (0)

/* A reference event: time and the index in scheduling order (stored as id). */
struct ref {
	double time;
	uint32_t id;
};

static int ref_cmp(const void *pa, const void *pb)
{
	const struct ref *a = pa, *b = pb;
	if (a->time != b->time)
		return a->time < b->time ? -1 : 1;
	return a->id < b->id ? -1 : a->id > b->id;
}

/* The heap invariant and the slot positions, checked from outside. */
static int heap_ok(const struct calendar *cal)
{
	for (uint32_t i = 0; i < cal->n; i++) {
		if (cal->slots[cal->heap[i].slot].pos != i)
			return 0;
		if (i > 0) {
			const struct calendar_entry *p = &cal->heap[(i - 1) / 2];
			const struct calendar_entry *c = &cal->heap[i];
			if (c->time < p->time || (c->time == p->time && c->seq < p->seq))
				return 0;
		}
	}
	return 1;
}

/* Pops everything and compares with the sorted reference ref[0..n). */
static void pop_all_expect(struct calendar *cal, struct ref *ref, size_t n)
{
	qsort(ref, n, sizeof *ref, ref_cmp);
	struct calendar_event ev;
	for (size_t i = 0; i < n; i++) {
		REQUIRE(calendar_pop(cal, &ev) == 1, "pop %zu: calendar empty", i);
		REQUIRE(ev.time == ref[i].time && ev.id == ref[i].id,
			"pop %zu: got (%g, %u), expected (%g, %u)", i, ev.time,
			ev.id, ref[i].time, ref[i].id);
		REQUIRE(cal->now == ev.time, "pop %zu: now %g", i, cal->now);
	}
	ck_assert_int_eq(calendar_pop(cal, &ev), 0);
	ck_assert_uint_eq(calendar_pending(cal), 0);
}

/* ---- core ---------------------------------------------------------------- */

/* 1000 events at 3 distinct times, interleaved: event i at time 1 + (i % 3)
 * but scheduled in the order 0, 1, 2, ...  Hand count: time 1 holds ids
 * 0, 3, ..., 999 (334 events), time 2 ids 1, 4, ..., 997 (333), time 3 ids
 * 2, 5, ..., 998 (333); each group must come out in increasing id. */
START_TEST(test_fifo_ties)
{
	struct calendar *cal = calendar_alloc(16);
	ck_assert_ptr_nonnull(cal);
	static const double times[3] = { 3.0, 1.0, 2.0 };
	for (uint32_t i = 0; i < 1000; i++)
		ck_assert_int_eq(calendar_schedule(cal, times[i % 3], 7, i, NULL),
				 STATUS_OK);
	ck_assert_uint_eq(calendar_pending(cal), 1000);
	struct calendar_event ev;
	uint32_t n_at[3] = { 0, 0, 0 };
	uint32_t expect_first[3] = { 1, 2, 0 }; /* residue of id per time 1,2,3 */
	for (int g = 0; g < 3; g++) {
		uint32_t want = expect_first[g];
		uint32_t group = want == 0 ? 334 : 333;
		for (uint32_t j = 0; j < group; j++) {
			ck_assert_int_eq(calendar_pop(cal, &ev), 1);
			ck_assert_double_eq(ev.time, (double)(g + 1));
			ck_assert_uint_eq(ev.type, 7);
			ck_assert_uint_eq(ev.id, want);
			want += 3;
			n_at[g]++;
		}
	}
	ck_assert_uint_eq(n_at[0] + n_at[1] + n_at[2], 1000);
	ck_assert_int_eq(calendar_pop(cal, &ev), 0);
	calendar_free(cal);
}
END_TEST

/* All events at one time: pure FIFO. */
START_TEST(test_fifo_single_time)
{
	struct calendar *cal = calendar_alloc(0);
	for (uint32_t i = 0; i < 500; i++)
		ck_assert_int_eq(calendar_schedule(cal, 42.5, i % 5, i, NULL), STATUS_OK);
	struct calendar_event ev;
	for (uint32_t i = 0; i < 500; i++) {
		ck_assert_int_eq(calendar_pop(cal, &ev), 1);
		ck_assert_uint_eq(ev.id, i);
		ck_assert_uint_eq(ev.type, i % 5);
		ck_assert_double_eq(ev.time, 42.5);
	}
	calendar_free(cal);
}
END_TEST

/* Random integer times in [0, 50) (many ties) pop sorted by (time, seq). */
START_TEST(test_random_sorted)
{
	enum { N = 20000 };
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(r, 20240601);
	struct calendar *cal = calendar_alloc(64);
	struct ref *ref = malloc(N * sizeof *ref);
	for (uint32_t i = 0; i < N; i++) {
		double t = (double)gsl_rng_uniform_int(r, 50);
		ref[i] = (struct ref){ t, i };
		REQUIRE(calendar_schedule(cal, t, 0, i, NULL) == STATUS_OK, "schedule %u", i);
		if (i % 997 == 0)
			ck_assert(heap_ok(cal));
	}
	ck_assert(heap_ok(cal));
	pop_all_expect(cal, ref, N);
	ck_assert_uint_eq(cal->n_fired, N);
	free(ref);
	calendar_free(cal);
	gsl_rng_free(r);
}
END_TEST

/* Continuous random times: the same, and the clock never goes back. */
START_TEST(test_random_continuous)
{
	enum { N = 5000 };
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(r, 7);
	struct calendar *cal = calendar_alloc(10);
	struct ref *ref = malloc(N * sizeof *ref);
	for (uint32_t i = 0; i < N; i++) {
		double t = 1000.0 * gsl_rng_uniform(r);
		ref[i] = (struct ref){ t, i };
		ck_assert_int_eq(calendar_schedule(cal, t, 1, i, NULL), STATUS_OK);
	}
	pop_all_expect(cal, ref, N);
	free(ref);
	calendar_free(cal);
	gsl_rng_free(r);
}
END_TEST

/* Hand-built heap: times 1, 10, 2, 11, 12, 3, 4 scheduled in that order
 * give the heap array [1, 10, 2, 11, 12, 3, 4] (no sift moves anything).
 * Cancelling 12 (index 4, parent 10) moves the last entry 4 into index 4,
 * where it must sift UP past 10.  Cancelling the top (1) and the most
 * recently scheduled (4) are the other two shapes. */
START_TEST(test_cancel_shapes)
{
	static const double t[7] = { 1, 10, 2, 11, 12, 3, 4 };
	uint32_t h[7];
	struct calendar_event ev;

	/* middle, needing a sift up */
	struct calendar *cal = calendar_alloc(0);
	for (uint32_t i = 0; i < 7; i++)
		ck_assert_int_eq(calendar_schedule(cal, t[i], 0, i, &h[i]), STATUS_OK);
	for (uint32_t i = 0; i < 7; i++)
		ck_assert_double_eq(cal->heap[i].time, t[i]);
	calendar_cancel(cal, h[4]);
	ck_assert(heap_ok(cal));
	ck_assert_uint_eq(calendar_pending(cal), 6);
	static const double after_mid[6] = { 1, 2, 3, 4, 10, 11 };
	for (int i = 0; i < 6; i++) {
		ck_assert_int_eq(calendar_pop(cal, &ev), 1);
		ck_assert_double_eq(ev.time, after_mid[i]);
	}
	ck_assert_int_eq(calendar_pop(cal, &ev), 0);

	/* top */
	calendar_reset(cal);
	for (uint32_t i = 0; i < 7; i++)
		calendar_schedule(cal, t[i], 0, i, &h[i]);
	calendar_cancel(cal, h[0]);
	ck_assert(heap_ok(cal));
	static const double after_top[6] = { 2, 3, 4, 10, 11, 12 };
	for (int i = 0; i < 6; i++) {
		ck_assert_int_eq(calendar_pop(cal, &ev), 1);
		ck_assert_double_eq(ev.time, after_top[i]);
	}

	/* last in the heap array (the most recently scheduled) */
	calendar_reset(cal);
	for (uint32_t i = 0; i < 7; i++)
		calendar_schedule(cal, t[i], 0, i, &h[i]);
	calendar_cancel(cal, h[6]);
	ck_assert(heap_ok(cal));
	static const double after_last[6] = { 1, 2, 3, 10, 11, 12 };
	for (int i = 0; i < 6; i++) {
		ck_assert_int_eq(calendar_pop(cal, &ev), 1);
		ck_assert_double_eq(ev.time, after_last[i]);
	}

	/* the only event */
	calendar_reset(cal);
	calendar_schedule(cal, 5.0, 0, 0, &h[0]);
	calendar_cancel(cal, h[0]);
	ck_assert_uint_eq(calendar_pending(cal), 0);
	ck_assert_int_eq(calendar_pop(cal, &ev), 0);
	ck_assert_uint_eq(cal->n_fired, 0);
	calendar_free(cal);
}
END_TEST

/* Cancelling among ties keeps the FIFO order of the survivors. */
START_TEST(test_cancel_ties)
{
	struct calendar *cal = calendar_alloc(0);
	uint32_t h[10];
	for (uint32_t i = 0; i < 10; i++)
		calendar_schedule(cal, 5.0, 0, i, &h[i]);
	calendar_cancel(cal, h[0]);
	calendar_cancel(cal, h[5]);
	calendar_cancel(cal, h[9]);
	ck_assert(heap_ok(cal));
	static const uint32_t want[7] = { 1, 2, 3, 4, 6, 7, 8 };
	struct calendar_event ev;
	for (int i = 0; i < 7; i++) {
		ck_assert_int_eq(calendar_pop(cal, &ev), 1);
		ck_assert_uint_eq(ev.id, want[i]);
	}
	ck_assert_int_eq(calendar_pop(cal, &ev), 0);
	calendar_free(cal);
}
END_TEST

/* Random mix: schedule 4000, cancel a random half in random order, pop;
 * exactly the survivors come out, in (time, seq) order. */
START_TEST(test_cancel_random)
{
	enum { N = 4000 };
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(r, 99);
	struct calendar *cal = calendar_alloc(100);
	uint32_t *h = malloc(N * sizeof *h);
	uint32_t *perm = malloc(N * sizeof *perm);
	double *t = malloc(N * sizeof *t);
	struct ref *ref = malloc(N * sizeof *ref);
	for (uint32_t i = 0; i < N; i++) {
		t[i] = (double)gsl_rng_uniform_int(r, 300);
		ck_assert_int_eq(calendar_schedule(cal, t[i], 0, i, &h[i]), STATUS_OK);
		perm[i] = i;
	}
	for (uint32_t i = N - 1; i > 0; i--) { /* Fisher-Yates */
		uint32_t j = (uint32_t)gsl_rng_uniform_int(r, i + 1);
		uint32_t x = perm[i];
		perm[i] = perm[j];
		perm[j] = x;
	}
	char *gone = calloc(N, 1);
	for (uint32_t i = 0; i < N / 2; i++) {
		calendar_cancel(cal, h[perm[i]]);
		gone[perm[i]] = 1;
		if (i % 101 == 0)
			ck_assert(heap_ok(cal));
	}
	ck_assert(heap_ok(cal));
	size_t n = 0;
	for (uint32_t i = 0; i < N; i++)
		if (!gone[i])
			ref[n++] = (struct ref){ t[i], i };
	ck_assert_uint_eq(n, N / 2);
	ck_assert_uint_eq(calendar_pending(cal), N / 2);
	pop_all_expect(cal, ref, n);
	free(gone);
	free(ref);
	free(t);
	free(perm);
	free(h);
	calendar_free(cal);
	gsl_rng_free(r);
}
END_TEST

/* Cancelled slots are reused: alternate schedule and cancel well beyond the
 * capacity while never holding more than 40 events; the storage must not
 * grow (steady state does not allocate), and the events that remain pop in
 * order with their own (type, id), never a cancelled one's. */
START_TEST(test_cancel_reuse)
{
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(r, 5);
	struct calendar *cal = calendar_alloc(64);
	ck_assert_uint_eq(cal->cap, 64);
	uint32_t live_h[40];
	uint32_t live_id[40];
	double live_t[40];
	int n_live = 0;
	uint32_t next_id = 0;
	for (int step = 0; step < 20000; step++) {
		if (n_live < 40 && (n_live == 0 || gsl_rng_uniform(r) < 0.55)) {
			double tt = (double)gsl_rng_uniform_int(r, 1000);
			REQUIRE(calendar_schedule(cal, tt, next_id % 3, next_id,
						  &live_h[n_live]) == STATUS_OK, "step %d", step);
			REQUIRE(live_h[n_live] < cal->cap, "step %d: handle", step);
			live_id[n_live] = next_id++;
			live_t[n_live] = tt;
			n_live++;
		} else {
			int j = (int)gsl_rng_uniform_int(r, (unsigned long)n_live);
			calendar_cancel(cal, live_h[j]);
			n_live--;
			live_h[j] = live_h[n_live];
			live_id[j] = live_id[n_live];
			live_t[j] = live_t[n_live];
		}
		REQUIRE(calendar_pending(cal) == (size_t)n_live, "step %d: pending", step);
	}
	ck_assert(heap_ok(cal));
	ck_assert_uint_eq(cal->cap, 64);
	ck_assert_uint_gt(next_id, 64); /* slots really were reused */
	/* handles of the live events are distinct */
	for (int i = 0; i < n_live; i++)
		for (int j = i + 1; j < n_live; j++)
			ck_assert_uint_ne(live_h[i], live_h[j]);
	struct ref ref[40];
	for (int i = 0; i < n_live; i++)
		ref[i] = (struct ref){ live_t[i], live_id[i] };
	/* ids grow with scheduling order, so (time, id) order is (time, seq) */
	qsort(ref, (size_t)n_live, sizeof ref[0], ref_cmp);
	struct calendar_event ev;
	for (int i = 0; i < n_live; i++) {
		ck_assert_int_eq(calendar_pop(cal, &ev), 1);
		ck_assert_uint_eq(ev.id, ref[i].id);
		ck_assert_uint_eq(ev.type, ref[i].id % 3);
		ck_assert_double_eq(ev.time, ref[i].time);
	}
	ck_assert_int_eq(calendar_pop(cal, &ev), 0);
	calendar_free(cal);
	gsl_rng_free(r);
}
END_TEST

/* A hold model: pop one, schedule one later; the clock only moves forward
 * and n_fired counts the pops. */
START_TEST(test_now_and_fired)
{
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(r, 11);
	struct calendar *cal = calendar_alloc(0);
	ck_assert_double_eq(cal->now, 0.0);
	ck_assert_uint_eq(cal->n_fired, 0);
	for (uint32_t i = 0; i < 100; i++)
		calendar_schedule(cal, 10.0 * gsl_rng_uniform(r), 0, i, NULL);
	struct calendar_event ev;
	double last = 0.0;
	for (uint64_t k = 1; k <= 10000; k++) {
		REQUIRE(calendar_pop(cal, &ev) == 1, "pop %d", (int)k);
		REQUIRE(ev.time >= last, "clock went back at pop %d", (int)k);
		REQUIRE(cal->now == ev.time, "now at pop %d", (int)k);
		REQUIRE(cal->n_fired == k, "n_fired at pop %d", (int)k);
		last = ev.time;
		REQUIRE(calendar_schedule(cal, cal->now + 10.0 * gsl_rng_uniform(r),
					  0, ev.id, NULL) == STATUS_OK, "schedule %d", (int)k);
		REQUIRE(calendar_pending(cal) == 100, "pending at pop %d", (int)k);
	}
	/* scheduling at exactly now is allowed (zero delay); nothing else is
	 * pending at now (times are continuous), so it fires next */
	ck_assert_int_eq(calendar_schedule(cal, cal->now, 9, 123456, NULL), STATUS_OK);
	ck_assert_int_eq(calendar_pop(cal, &ev), 1);
	ck_assert_uint_eq(ev.id, 123456);
	ck_assert_double_eq(ev.time, last);
	calendar_free(cal);
	gsl_rng_free(r);
}
END_TEST

/* reset empties, zeroes clock and counters, keeps storage, and the calendar
 * works again from time 0 with FIFO ties restarting from sequence 0. */
START_TEST(test_reset)
{
	struct calendar *cal = calendar_alloc(0);
	for (uint32_t i = 0; i < 300; i++)
		calendar_schedule(cal, 100.0 + i, 0, i, NULL);
	uint32_t cap = cal->cap;
	ck_assert_uint_ge(cap, 300);
	struct calendar_event ev;
	for (int i = 0; i < 10; i++)
		calendar_pop(cal, &ev);
	ck_assert_double_eq(cal->now, 109.0);
	calendar_reset(cal);
	ck_assert_uint_eq(calendar_pending(cal), 0);
	ck_assert_double_eq(cal->now, 0.0);
	ck_assert_uint_eq(cal->n_fired, 0);
	ck_assert_uint_eq(cal->next_seq, 0);
	ck_assert_uint_eq(cal->cap, cap);
	ck_assert_int_eq(calendar_pop(cal, &ev), 0);
	/* time 1 would have been in the past before the reset */
	for (uint32_t i = 0; i < cap; i++) /* fill exactly: no growth */
		ck_assert_int_eq(calendar_schedule(cal, (double)(i % 2), 0, i, NULL),
				 STATUS_OK);
	ck_assert_uint_eq(cal->cap, cap);
	for (uint32_t i = 0; i < cap; i += 2) {
		ck_assert_int_eq(calendar_pop(cal, &ev), 1);
		ck_assert_uint_eq(ev.id, i);
	}
	for (uint32_t i = 1; i < cap; i += 2) {
		ck_assert_int_eq(calendar_pop(cal, &ev), 1);
		ck_assert_uint_eq(ev.id, i);
	}
	ck_assert_uint_eq(cal->n_fired, cap);
	calendar_free(cal);
}
END_TEST

/* The same operations on two calendars give the same pops, bit for bit. */
static void run_script(struct calendar *cal, unsigned long seed,
		       struct calendar_event *out, size_t n_out)
{
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(r, seed);
	uint32_t h[64];
	int nh = 0;
	size_t k = 0;
	while (k < n_out) {
		double u = gsl_rng_uniform(r);
		if (u < 0.5 || calendar_pending(cal) == 0) {
			double t = cal->now + floor(20.0 * gsl_rng_uniform(r));
			uint32_t hh;
			calendar_schedule(cal, t, (uint32_t)(k % 4), (uint32_t)k, &hh);
			if (nh < 64)
				h[nh++] = hh;
		} else if (u < 0.6 && nh > 0) {
			/* cancel a remembered handle if it is still pending and
			 * valid: only handles of events scheduled after the last
			 * pop are kept, so they cannot have fired */
			calendar_cancel(cal, h[--nh]);
		} else {
			calendar_pop(cal, &out[k++]);
			nh = 0;
		}
	}
	gsl_rng_free(r);
}

START_TEST(test_determinism)
{
	enum { N = 3000 };
	struct calendar_event *a = calloc(N, sizeof *a), *b = calloc(N, sizeof *b);
	struct calendar *c1 = calendar_alloc(0), *c2 = calendar_alloc(1000);
	run_script(c1, 31337, a, N);
	run_script(c2, 31337, b, N);
	for (size_t i = 0; i < N; i++) {
		ck_assert_uint_eq(a[i].id, b[i].id);
		ck_assert_uint_eq(a[i].type, b[i].type);
		ck_assert(a[i].time == b[i].time);
	}
	/* a different script gives a different sequence (sanity of the test) */
	calendar_reset(c2);
	run_script(c2, 31338, b, N);
	size_t same = 0;
	for (size_t i = 0; i < N; i++)
		same += a[i].id == b[i].id && a[i].time == b[i].time;
	ck_assert_uint_lt(same, N);
	calendar_free(c1);
	calendar_free(c2);
	free(a);
	free(b);
}
END_TEST

START_TEST(test_free_null)
{
	calendar_free(NULL);
}
END_TEST

/* ---- limits -------------------------------------------------------------- */

/* 100,000 pending events from a capacity of 64: growth keeps every event and
 * the order; the capacity is a power-of-two multiple of 64. */
START_TEST(test_growth)
{
	enum { N = 100000 };
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(r, 424242);
	struct calendar *cal = calendar_alloc(0);
	ck_assert_uint_eq(cal->cap, 64);
	struct ref *ref = malloc(N * sizeof *ref);
	for (uint32_t i = 0; i < N; i++) {
		double t = floor(86400.0 * gsl_rng_uniform(r));
		ref[i] = (struct ref){ t, i };
		REQUIRE(calendar_schedule(cal, t, i & 0xff, i, NULL) == STATUS_OK,
			"schedule %u", i);
	}
	ck_assert_uint_eq(calendar_pending(cal), N);
	ck_assert_uint_eq(cal->cap, 131072); /* 64 * 2^11 */
	ck_assert(heap_ok(cal));
	pop_all_expect(cal, ref, N);
	ck_assert_uint_eq(cal->n_fired, N);
	free(ref);
	calendar_free(cal);
	gsl_rng_free(r);
}
END_TEST

/* Events can be scheduled at 0, at -0.0 (== 0), at exactly now, and at the
 * largest finite double. */
START_TEST(test_extreme_times)
{
	struct calendar *cal = calendar_alloc(0);
	ck_assert_int_eq(calendar_schedule(cal, 0.0, 0, 0, NULL), STATUS_OK);
	ck_assert_int_eq(calendar_schedule(cal, -0.0, 0, 1, NULL), STATUS_OK);
	ck_assert_int_eq(calendar_schedule(cal, 1.7976931348623157e308, 0, 2, NULL),
			 STATUS_OK);
	ck_assert_int_eq(calendar_schedule(cal, 4.9e-324, 0, 3, NULL), STATUS_OK);
	struct calendar_event ev;
	static const uint32_t want[4] = { 0, 1, 3, 2 };
	for (int i = 0; i < 4; i++) {
		ck_assert_int_eq(calendar_pop(cal, &ev), 1);
		ck_assert_uint_eq(ev.id, want[i]);
	}
	ck_assert_double_eq(cal->now, 1.7976931348623157e308);
	ck_assert_int_eq(calendar_schedule(cal, 1.7976931348623157e308, 0, 4, NULL),
			 STATUS_OK);
	calendar_free(cal);
}
END_TEST

/* Type and id carry their full 32-bit range. */
START_TEST(test_payload_range)
{
	struct calendar *cal = calendar_alloc(0);
	calendar_schedule(cal, 1.0, UINT32_MAX, UINT32_MAX - 1, NULL);
	calendar_schedule(cal, 1.0, 0, 0, NULL);
	struct calendar_event ev;
	calendar_pop(cal, &ev);
	ck_assert_uint_eq(ev.type, UINT32_MAX);
	ck_assert_uint_eq(ev.id, UINT32_MAX - 1);
	calendar_pop(cal, &ev);
	ck_assert_uint_eq(ev.type, 0);
	ck_assert_uint_eq(ev.id, 0);
	calendar_free(cal);
}
END_TEST

/* ---- errors -------------------------------------------------------------- */

START_TEST(test_schedule_invalid)
{
	struct calendar *cal = calendar_alloc(0);
	uint32_t h = 12345;
	ck_assert_int_eq(calendar_schedule(cal, NAN, 0, 0, &h), STATUS_EINVAL);
	ck_assert_int_eq(calendar_schedule(cal, INFINITY, 0, 0, &h), STATUS_EINVAL);
	ck_assert_int_eq(calendar_schedule(cal, -INFINITY, 0, 0, &h), STATUS_EINVAL);
	ck_assert_int_eq(calendar_schedule(cal, -1e-300, 0, 0, &h), STATUS_EINVAL);
	ck_assert_uint_eq(h, 12345); /* handle untouched on error */
	ck_assert_uint_eq(calendar_pending(cal), 0);

	calendar_schedule(cal, 10.0, 0, 0, NULL);
	calendar_schedule(cal, 20.0, 0, 1, NULL);
	struct calendar_event ev;
	calendar_pop(cal, &ev);
	ck_assert_double_eq(cal->now, 10.0);
	/* the past, relative to the clock */
	ck_assert_int_eq(calendar_schedule(cal, 9.999, 0, 2, NULL), STATUS_EINVAL);
	ck_assert_int_eq(calendar_schedule(cal, 0.0, 0, 2, NULL), STATUS_EINVAL);
	ck_assert_uint_eq(calendar_pending(cal), 1);
	/* a failed schedule does not consume a sequence number */
	uint64_t seq = cal->next_seq;
	ck_assert_int_eq(calendar_schedule(cal, NAN, 0, 2, NULL), STATUS_EINVAL);
	ck_assert_uint_eq(cal->next_seq, seq);
	ck_assert_int_eq(calendar_pop(cal, &ev), 1);
	ck_assert_uint_eq(ev.id, 1);
	calendar_free(cal);
}
END_TEST

/* Pop on an empty calendar returns 0 and leaves the clock and counters. */
START_TEST(test_pop_empty)
{
	struct calendar *cal = calendar_alloc(0);
	struct calendar_event ev = { -1.0, 77, 88 };
	ck_assert_int_eq(calendar_pop(cal, &ev), 0);
	ck_assert_double_eq(cal->now, 0.0);
	ck_assert_uint_eq(cal->n_fired, 0);
	calendar_schedule(cal, 3.0, 0, 0, NULL);
	calendar_pop(cal, &ev);
	ck_assert_int_eq(calendar_pop(cal, &ev), 0);
	ck_assert_int_eq(calendar_pop(cal, &ev), 0);
	ck_assert_double_eq(cal->now, 3.0);
	ck_assert_uint_eq(cal->n_fired, 1);
	calendar_free(cal);
}
END_TEST

/* A capacity hint that cannot be indexed by 32-bit slots fails cleanly. */
START_TEST(test_alloc_too_big)
{
	ck_assert_ptr_null(calendar_alloc((size_t)UINT32_MAX));
	ck_assert_ptr_null(calendar_alloc(SIZE_MAX));
}
END_TEST

Suite *calendar_suite(void)
{
	Suite *s = suite_create("calendar");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_fifo_ties);
	tcase_add_test(tc, test_fifo_single_time);
	tcase_add_test(tc, test_random_sorted);
	tcase_add_test(tc, test_random_continuous);
	tcase_add_test(tc, test_cancel_shapes);
	tcase_add_test(tc, test_cancel_ties);
	tcase_add_test(tc, test_cancel_random);
	tcase_add_test(tc, test_cancel_reuse);
	tcase_add_test(tc, test_now_and_fired);
	tcase_add_test(tc, test_reset);
	tcase_add_test(tc, test_determinism);
	tcase_add_test(tc, test_free_null);
	suite_add_tcase(s, tc);

	tc = tcase_create("limits");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_growth);
	tcase_add_test(tc, test_extreme_times);
	tcase_add_test(tc, test_payload_range);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_test(tc, test_schedule_invalid);
	tcase_add_test(tc, test_pop_empty);
	tcase_add_test(tc, test_alloc_too_big);
	suite_add_tcase(s, tc);
	return s;
}
