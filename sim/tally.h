/*
 * tally.h: running statistics of a sequence of observations.
 *
 * Welford's (1962) update keeps the count, mean and sum of squared
 * deviations without storing the observations and without the cancellation
 * of the textbook sum-of-squares formula:
 *     d = x - mean;  mean += d / n;  m2 += d * (x - mean)
 * The sample variance is m2 / (n - 1).  A confidence interval for the mean
 * uses Student's t with n - 1 degrees of freedom:
 *     mean +- t_{(1+level)/2, n-1} * sqrt(var / n)
 */
#ifndef CCSIM_TALLY_H
#define CCSIM_TALLY_H

#include <stdint.h>

struct tally {
	uint64_t n;
	double mean;
	double m2;
	double min;
	double max;
};

void tally_reset(struct tally *t);
void tally_add(struct tally *t, double x);

/* Mean of the observations; NaN when there are none. */
double tally_mean(const struct tally *t);
/* Sample variance (divisor n - 1); NaN when n < 2. */
double tally_variance(const struct tally *t);

/* Two-sided confidence interval for the mean at `level` (0 < level < 1).
 * Returns STATUS_EDOM (and writes NaN) when n < 2 and STATUS_EINVAL for a
 * level outside (0, 1). */
int tally_ci(const struct tally *t, double level, double *lo, double *hi);

#endif
