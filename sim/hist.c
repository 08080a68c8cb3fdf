/* hist.c: fixed-width histogram and its quantiles (see hist.h). */
#include <math.h>
#include <string.h>
#include "hist.h"

size_t hist_bins(double width, double upper)
{
	return (size_t)ceil(upper / width);
}

void hist_init(struct hist *h, double width, double upper, uint32_t *count)
{
	h->width = width;
	h->nbins = hist_bins(width, upper);
	h->count = count;
	hist_reset(h);
}

void hist_reset(struct hist *h)
{
	memset(h->count, 0, h->nbins * sizeof *h->count);
	h->total = 0;
	h->overflow = 0;
	h->max = 0.0;
}

void hist_add(struct hist *h, double x)
{
	if (!(x > 0.0))
		x = 0.0;
	double b = x / h->width;
	if (b < (double)h->nbins)
		h->count[(size_t)b]++;
	else
		h->overflow++;
	h->total++;
	if (x > h->max)
		h->max = x;
}

void hist_merge(struct hist *dst, const struct hist *src)
{
	for (size_t i = 0; i < dst->nbins; i++)
		dst->count[i] += src->count[i];
	dst->total += src->total;
	dst->overflow += src->overflow;
	if (src->max > dst->max)
		dst->max = src->max;
}

double hist_quantile(const struct hist *h, double p)
{
	if (h->total == 0 || !(p >= 0.0 && p <= 1.0))
		return NAN;
	/* Smallest x with F(x) >= p: the rank p * total, reached inside bin i
	 * after `below` observations, at the fraction (rank - below) / count[i]
	 * of the bin. */
	double rank = p * (double)h->total;
	double below = 0.0;
	for (size_t i = 0; i < h->nbins; i++) {
		double c = h->count[i];
		if (c > 0 && below + c >= rank) {
			double x = h->width * ((double)i + (rank - below) / c);
			return x < h->max ? x : h->max;
		}
		below += c;
	}
	return h->max;
}

double hist_quantile_bin(const struct hist *h, double p)
{
	if (h->total == 0 || !(p >= 0.0 && p <= 1.0))
		return NAN;
	double rank = p * (double)h->total, below = 0.0;
	for (size_t i = 0; i < h->nbins; i++) {
		below += h->count[i];
		if (h->count[i] > 0 && below >= rank)
			return h->width * (double)i;
	}
	return h->max;
}
