/* tally.c: Welford running mean and variance, Student-t CI (see tally.h). */
#include <math.h>
#include <gsl/gsl_cdf.h>
#include "status.h"
#include "tally.h"

void tally_reset(struct tally *t)
{
	t->n = 0;
	t->mean = 0.0;
	t->m2 = 0.0;
	t->min = INFINITY;
	t->max = -INFINITY;
}

void tally_add(struct tally *t, double x)
{
	t->n++;
	double d = x - t->mean;
	t->mean += d / (double)t->n;
	t->m2 += d * (x - t->mean);
	if (x < t->min)
		t->min = x;
	if (x > t->max)
		t->max = x;
}

double tally_mean(const struct tally *t)
{
	return t->n ? t->mean : NAN;
}

double tally_variance(const struct tally *t)
{
	return t->n > 1 ? t->m2 / (double)(t->n - 1) : NAN;
}

int tally_ci(const struct tally *t, double level, double *lo, double *hi)
{
	*lo = *hi = NAN;
	if (!(level > 0.0 && level < 1.0))
		return STATUS_EINVAL;
	if (t->n < 2)
		return STATUS_EDOM;
	double q = gsl_cdf_tdist_Pinv(0.5 + level / 2.0, (double)(t->n - 1));
	double half = q * sqrt(tally_variance(t) / (double)t->n);
	*lo = t->mean - half;
	*hi = t->mean + half;
	return STATUS_OK;
}
