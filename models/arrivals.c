/*
 * arrivals.c: piecewise-constant-rate Poisson arrivals by inversion of the
 * cumulative rate (see arrivals.h).
 */
#include <math.h>
#include <gsl/gsl_randist.h>
#include "arrivals.h"

void arrivals_start(struct arrivals *a, const struct horizon *h,
		    const double *forecast)
{
	a->h = h;
	a->forecast = forecast;
	a->k = 0;
	a->t = horizon_interval_start(h, 0);
}

int arrivals_next(struct arrivals *a, gsl_rng *r, double *t, int *interval)
{
	const struct horizon *h = a->h;
	double need = gsl_ran_exponential(r, 1.0); /* cumulative rate to spend */
	while (a->k < h->n_intervals) {
		double end = horizon_interval_end(h, a->k);
		double rate = a->forecast[a->k] / h->interval_s;
		double left = rate * (end - a->t);
		if (need < left) {
			a->t += need / rate;
			if (a->t >= end) /* rounded up to the boundary: stay inside k */
				a->t = nextafter(end, -INFINITY);
			*t = a->t;
			*interval = a->k;
			return 1;
		}
		need -= left;
		if (++a->k < h->n_intervals)
			a->t = horizon_interval_start(h, a->k);
	}
	return 0;
}
