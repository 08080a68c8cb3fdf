/*
 * hist.h: fixed-width histogram for waiting times, with quantiles.
 *
 * Bins of width w cover [0, upper); bin i counts observations in
 * [i w, (i+1) w).  Observations at or above `upper` are counted in an
 * overflow bin; the exact maximum is kept.  The p-quantile is the smallest x
 * with F(x) >= p, interpolated linearly inside its bin, so its error is below
 * one bin width (1 s bins give percentiles to 1 s).  A quantile that falls
 * in the overflow bin is reported as the maximum observed (an upper bound).
 */
#ifndef CCSIM_HIST_H
#define CCSIM_HIST_H

#include <stddef.h>
#include <stdint.h>

struct hist {
	double width;
	size_t nbins;
	uint32_t *count;     /* nbins counters */
	uint64_t total;      /* observations, overflow included */
	uint64_t overflow;
	double max;          /* largest observation, 0 when empty */
};

/* Initialises h over [0, upper) with bins of `width`, using caller-provided
 * storage `count` of hist_bins(width, upper) counters (zeroed here). */
void hist_init(struct hist *h, double width, double upper, uint32_t *count);
/* Number of bins hist_init needs. */
size_t hist_bins(double width, double upper);

void hist_reset(struct hist *h);
/* Records x (>= 0; negative values count as 0). */
void hist_add(struct hist *h, double x);
/* Adds the counts of src (same width and bins) into dst. */
void hist_merge(struct hist *dst, const struct hist *src);

/* The p-quantile (0 <= p <= 1); NaN when the histogram is empty or p is
 * outside [0, 1]. */
double hist_quantile(const struct hist *h, double p);
/* The lower edge of the bin holding the p-quantile (no interpolation): for
 * whole-number data in bins of width 1 it is the exact sample quantile, the
 * smallest x with F(x) >= p.  The maximum observed when it falls in the
 * overflow bin; NaN as hist_quantile. */
double hist_quantile_bin(const struct hist *h, double p);

#endif
