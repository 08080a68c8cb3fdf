/*
 * calendar.h: the event calendar of the discrete-event kernel.
 *
 * A binary min-heap ordered by (time, sequence number).  Every scheduled
 * event receives the next sequence number, so events at the same time fire in
 * the order they were scheduled (FIFO ties) and a run is repeatable bit for
 * bit.  Event records live in a slot pool; the heap holds (time, seq, slot)
 * entries inline so comparisons touch one cache line.  A slot remembers its
 * heap position, so an event can be cancelled in O(log n) (an abandonment
 * timer when the caller is answered, for instance).
 *
 * Storage grows geometrically when more events are pending than ever before
 * and never shrinks: in steady state scheduling does not allocate.
 * The calendar knows nothing about contact centres: an event is a type and an
 * id, both chosen by the model.
 */
#ifndef CCSIM_CALENDAR_H
#define CCSIM_CALENDAR_H

#include <stddef.h>
#include <stdint.h>

#define CALENDAR_NONE UINT32_MAX /* an invalid event handle */

struct calendar_entry {
	double time;
	uint64_t seq;
	uint32_t slot;
};

struct calendar_slot {
	uint32_t type;
	uint32_t id;
	uint32_t pos; /* position in heap, or next free slot when free */
};

struct calendar {
	double now;                     /* time of the last event popped */
	uint64_t next_seq;
	uint64_t n_fired;               /* events popped since calendar_reset */
	struct calendar_entry *heap;
	struct calendar_slot *slots;
	uint32_t n, cap;                /* pending events, capacity of both arrays */
	uint32_t free_slot;             /* head of the free-slot list */
};

/* A popped event. */
struct calendar_event {
	double time;
	uint32_t type;
	uint32_t id;
};

/* Allocates a calendar able to hold cap_hint pending events before growing.
 * Returns NULL when out of memory.  Free with calendar_free (NULL is fine). */
struct calendar *calendar_alloc(size_t cap_hint);
void calendar_free(struct calendar *cal);

/* Empties the calendar and sets the clock, sequence and counters to zero;
 * keeps the storage. */
void calendar_reset(struct calendar *cal);

/* Schedules (type, id) at time (>= now, finite).  Writes a handle for
 * calendar_cancel into *handle when handle is not NULL.  Returns STATUS_OK,
 * STATUS_EINVAL for a time in the past or not finite, or STATUS_ENOMEM. */
int calendar_schedule(struct calendar *cal, double time, uint32_t type,
		      uint32_t id, uint32_t *handle);

/* Removes a pending event.  The handle must come from calendar_schedule and
 * the event must not have fired or been cancelled already. */
void calendar_cancel(struct calendar *cal, uint32_t handle);

/* Pops the earliest event into *ev, advances the clock to its time and
 * returns 1; returns 0 when the calendar is empty. */
int calendar_pop(struct calendar *cal, struct calendar_event *ev);

static inline size_t calendar_pending(const struct calendar *cal)
{
	return cal->n;
}

#endif
