/*
 * rng.c: stream seeding (see rng.h).  The SplitMix64 finaliser (Steele,
 * Lea & Flood 2014) mixes (seed, replication, stream) so that neighbouring
 * triples give unrelated generator seeds.
 */
#include "rng.h"

static uint64_t mix64(uint64_t z)
{
	z += 0x9e3779b97f4a7c15ULL;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

uint64_t rng_stream_seed(uint64_t seed, uint64_t replication, uint64_t stream)
{
	return mix64(mix64(mix64(seed) ^ replication) ^ stream);
}

gsl_rng *rng_stream_alloc(void)
{
	return gsl_rng_alloc(gsl_rng_mt19937);
}

void rng_stream_set(gsl_rng *r, uint64_t seed, uint64_t replication,
		    uint64_t stream)
{
	uint64_t s = rng_stream_seed(seed, replication, stream);
	unsigned long folded = (unsigned long)((s ^ (s >> 32)) & 0xffffffffULL);
	/* MT19937 in GSL maps seed 0 to its default seed; avoid the alias. */
	gsl_rng_set(r, folded ? folded : 0x5eed);
}
