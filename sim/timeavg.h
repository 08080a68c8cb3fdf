/*
 * timeavg.h: integral of a piecewise-constant quantity over time.
 *
 * For a level L(t) that changes at instants t_i, the area over [a, b] is
 * sum L(t_i) (t_{i+1} - t_i); its time average is area / (b - a).  Used for
 * agent-seconds busy and logged in, split at interval boundaries.
 */
#ifndef CCSIM_TIMEAVG_H
#define CCSIM_TIMEAVG_H

struct timeavg {
	double level;   /* current value of L */
	double since;   /* time of the last change or cut */
	double area;    /* integral since the last cut */
};

/* Starts at time t with level L and zero area. */
void timeavg_start(struct timeavg *ta, double t, double level);
/* The level becomes `level` at time t (t >= since). */
void timeavg_set(struct timeavg *ta, double t, double level);
/* Adds delta to the level at time t. */
void timeavg_add(struct timeavg *ta, double t, double delta);
/* Returns the area accumulated up to t and starts a new one at t. */
double timeavg_cut(struct timeavg *ta, double t);

#endif
