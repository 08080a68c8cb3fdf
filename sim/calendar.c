/*
 * calendar.c: binary min-heap of events ordered by (time, seq); see
 * calendar.h.  Sift operations move entries and keep each slot's `pos` equal
 * to its entry's index in the heap, which makes cancellation O(log n).
 */
#include <math.h>
#include <stdlib.h>
#include "calendar.h"
#include "status.h"

static inline int entry_before(const struct calendar_entry *x,
			       const struct calendar_entry *y)
{
	return x->time < y->time || (x->time == y->time && x->seq < y->seq);
}

static inline void place(struct calendar *cal, uint32_t i,
			 const struct calendar_entry *e)
{
	cal->heap[i] = *e;
	cal->slots[e->slot].pos = i;
}

static void sift_up(struct calendar *cal, uint32_t i, struct calendar_entry e)
{
	while (i > 0) {
		uint32_t parent = (i - 1) / 2;
		if (!entry_before(&e, &cal->heap[parent]))
			break;
		place(cal, i, &cal->heap[parent]);
		i = parent;
	}
	place(cal, i, &e);
}

static void sift_down(struct calendar *cal, uint32_t i, struct calendar_entry e)
{
	for (;;) {
		uint32_t child = 2 * i + 1;
		if (child >= cal->n)
			break;
		if (child + 1 < cal->n &&
		    entry_before(&cal->heap[child + 1], &cal->heap[child]))
			child++;
		if (!entry_before(&cal->heap[child], &e))
			break;
		place(cal, i, &cal->heap[child]);
		i = child;
	}
	place(cal, i, &e);
}

/* Chains slots [from, to) into the free list in front of the current head. */
static void free_range(struct calendar *cal, uint32_t from, uint32_t to)
{
	for (uint32_t s = to; s-- > from;) {
		cal->slots[s].pos = cal->free_slot;
		cal->free_slot = s;
	}
}

static int grow(struct calendar *cal)
{
	uint32_t cap = cal->cap ? cal->cap * 2 : 64;
	if (cap <= cal->cap)
		return STATUS_ENOMEM;
	struct calendar_entry *heap = realloc(cal->heap, cap * sizeof *heap);
	if (!heap)
		return STATUS_ENOMEM;
	cal->heap = heap;
	struct calendar_slot *slots = realloc(cal->slots, cap * sizeof *slots);
	if (!slots)
		return STATUS_ENOMEM;
	cal->slots = slots;
	free_range(cal, cal->cap, cap);
	cal->cap = cap;
	return STATUS_OK;
}

struct calendar *calendar_alloc(size_t cap_hint)
{
	struct calendar *cal = calloc(1, sizeof *cal);
	if (!cal)
		return NULL;
	cal->free_slot = CALENDAR_NONE;
	cal->cap = 0;
	size_t want = cap_hint < 64 ? 64 : cap_hint;
	if (want > UINT32_MAX / 2)
		goto fail;
	cal->heap = malloc(want * sizeof *cal->heap);
	cal->slots = malloc(want * sizeof *cal->slots);
	if (!cal->heap || !cal->slots)
		goto fail;
	cal->cap = (uint32_t)want;
	calendar_reset(cal);
	return cal;
fail:
	calendar_free(cal);
	return NULL;
}

void calendar_free(struct calendar *cal)
{
	if (!cal)
		return;
	free(cal->heap);
	free(cal->slots);
	free(cal);
}

void calendar_reset(struct calendar *cal)
{
	cal->now = 0.0;
	cal->next_seq = 0;
	cal->n_fired = 0;
	cal->n = 0;
	cal->free_slot = CALENDAR_NONE;
	free_range(cal, 0, cal->cap);
}

int calendar_schedule(struct calendar *cal, double time, uint32_t type,
		      uint32_t id, uint32_t *handle)
{
	if (!isfinite(time) || time < cal->now)
		return STATUS_EINVAL;
	if (cal->free_slot == CALENDAR_NONE) {
		int rc = grow(cal);
		if (rc != STATUS_OK)
			return rc;
	}
	uint32_t slot = cal->free_slot;
	cal->free_slot = cal->slots[slot].pos;
	cal->slots[slot].type = type;
	cal->slots[slot].id = id;
	struct calendar_entry e = { time, cal->next_seq++, slot };
	sift_up(cal, cal->n++, e);
	if (handle)
		*handle = slot;
	return STATUS_OK;
}

void calendar_cancel(struct calendar *cal, uint32_t handle)
{
	uint32_t i = cal->slots[handle].pos;
	struct calendar_entry last = cal->heap[--cal->n];
	if (i < cal->n) {
		if (i > 0 && entry_before(&last, &cal->heap[(i - 1) / 2]))
			sift_up(cal, i, last);
		else
			sift_down(cal, i, last);
	}
	cal->slots[handle].pos = cal->free_slot;
	cal->free_slot = handle;
}

int calendar_pop(struct calendar *cal, struct calendar_event *ev)
{
	if (cal->n == 0)
		return 0;
	struct calendar_entry top = cal->heap[0];
	const struct calendar_slot *s = &cal->slots[top.slot];
	ev->time = top.time;
	ev->type = s->type;
	ev->id = s->id;
	struct calendar_entry last = cal->heap[--cal->n];
	if (cal->n > 0)
		sift_down(cal, 0, last);
	cal->slots[top.slot].pos = cal->free_slot;
	cal->free_slot = top.slot;
	cal->now = top.time;
	cal->n_fired++;
	return 1;
}
