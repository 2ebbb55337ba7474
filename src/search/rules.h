/* SPDX-License-Identifier: GPL-3.0-or-later
 * Priority rules and regret-based biased random sampling.
 * A priority value is a double; lower values are scheduled first.
 */
#ifndef KEEL_RULES_H
#define KEEL_RULES_H

#include "base/rng.h"
#include "search/sgs.h"

typedef enum keel_rule {
    KEEL_RULE_LFT,    /* latest finish time */
    KEEL_RULE_LST,    /* latest start time */
    KEEL_RULE_MINSLK, /* minimum total slack */
    KEEL_RULE_GRPW,   /* greatest rank positional weight */
    KEEL_RULE_WCS,    /* worst-case slack, static simplification (rules.c) */
    KEEL_RULE_RANDOM,
    KEEL_RULE_COUNT
} keel_rule;

const char *keel_rule_name(keel_rule r);

/* Fills prio[njobs] for rule r from the resource-free dates (keel_sgs_cpm);
 * RANDOM draws from rng. Cannot fail. */
void keel_rules_values(const keel_problem *P, keel_rule r, const keel_plan *early,
                       const keel_plan *late, keel_rng *rng, double *prio);

/* A precedence-feasible activity list by regret-based biased random sampling
 * (Kolisch & Drexl 1996): among the eligible jobs E, j is drawn with weight
 * (max_{i in E} prio_i - prio_j + eps)^alpha. alpha 0 is uniform sampling.
 * scratch holds 2 * njobs ints. Cannot fail. */
void keel_rules_sample(const keel_problem *P, const double *prio, double alpha, double eps,
                       keel_rng *rng, int *list, int *scratch);

#endif
