/*
 * rng.h: independent random-number streams.
 *
 * Every random source of a model (arrivals of a contact type, its handle
 * times, its patience, ...) draws from its own GSL generator.  The seed of a
 * stream is a hash (SplitMix64 finaliser) of (scenario seed, replication,
 * stream number), so a replication can be rerun alone and two scenarios
 * compared side by side see the same numbers for the same source (common
 * random numbers).  The generator is MT19937 (gsl_rng_mt19937), which GSL
 * seeds from 32 bits: the hash is folded to 32 bits, so two different
 * triples share a stream with probability about 2^-32 per pair.
 */
#ifndef CCSIM_RNG_H
#define CCSIM_RNG_H

#include <stdint.h>
#include <gsl/gsl_rng.h>

/* The 64-bit seed of stream `stream` in replication `replication`. */
uint64_t rng_stream_seed(uint64_t seed, uint64_t replication, uint64_t stream);

/* A new generator, or NULL when out of memory.  Free with gsl_rng_free. */
gsl_rng *rng_stream_alloc(void);

/* Reseeds r as stream `stream` of replication `replication`. */
void rng_stream_set(gsl_rng *r, uint64_t seed, uint64_t replication,
		    uint64_t stream);

#endif
