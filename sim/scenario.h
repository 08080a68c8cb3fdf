/*
 * scenario.h: a scenario file, parsed and validated.
 *
 * The only module that includes <libconfig.h>.  scenario_load reads a
 * libconfig file (syntax and every key in docs/scenario.md) into plain,
 * validated structs that the models take as they are.  Every problem found
 * is printed to `errors` as one line "FILE:LINE: what is wrong and what was
 * expected"; loading goes on after an error where it can, so a user sees
 * all the problems at once.
 */
#ifndef CCSIM_SCENARIO_H
#define CCSIM_SCENARIO_H

#include <stdint.h>
#include <stdio.h>
#include "../models/centre.h"
#include "../models/commit.h"

#define SCENARIO_NAME_MAX 64

struct scenario {
	char name[SCENARIO_NAME_MAX];
	uint64_t seed;             /* default 1 */
	int replications;          /* default 20 */
	double confidence;         /* for verdicts, default 0.95 */
	struct centre_config centre;
	int n_commitments;
	struct commitment *commitments; /* owned */
};

/* Loads path into *sc.  Returns STATUS_OK; STATUS_EINVAL after printing one
 * line per problem to errors (sc is then empty); STATUS_EIO when the file
 * cannot be read (one line too); STATUS_ENOMEM. */
int scenario_load(const char *path, struct scenario *sc, FILE *errors);

/* Frees what sc owns; safe on a zeroed or failed scenario. */
void scenario_destroy(struct scenario *sc);

#endif
