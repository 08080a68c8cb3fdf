/*
 * arrivals.h: Poisson arrivals with a rate constant within each interval.
 *
 * Interval k of the horizon has expected count F_k (the forecast), hence
 * rate lambda_k = F_k / interval.  The next arrival after t is found by
 * inversion of the cumulative rate: draw E ~ Exp(1) and advance through the
 * intervals, spending lambda_k * (time left in k) of E in each, until E is
 * used up inside one of them.  The counts per interval are then independent
 * Poisson(F_k), exactly (Cinlar 1975; Law, ch. 6.12).  Gaps between day
 * windows have rate zero.  One exponential draw per arrival.
 */
#ifndef CCSIM_ARRIVALS_H
#define CCSIM_ARRIVALS_H

#include <gsl/gsl_rng.h>
#include "horizon.h"

struct arrivals {
	const struct horizon *h;
	const double *forecast;   /* expected arrivals per interval (borrowed) */
	int k;                    /* current interval */
	double t;                 /* time of the last arrival */
};

/* Prepares a stream over h with forecast[h->n_intervals] (borrowed). */
void arrivals_start(struct arrivals *a, const struct horizon *h,
		    const double *forecast);
/* Draws the next arrival: writes its time and interval and returns 1, or
 * returns 0 when no arrival remains before the horizon's end. */
int arrivals_next(struct arrivals *a, gsl_rng *r, double *t, int *interval);

#endif
