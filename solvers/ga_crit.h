/* SPDX-License-Identifier: GPL-3.0-or-later
 * Critical blockers of a schedule for the GA's critical move. A job on a
 * critical chain (a chain of jobs, each starting exactly when the previous
 * finishes, that ends at the makespan) and held back by a resource-sharing job
 * that finishes at its start can only start earlier if it goes ahead of that
 * blocker. This is the critical-block reasoning of neighbourhoods for shop
 * scheduling (Nowicki & Smutnicki 1996, "A fast taboo search algorithm for the
 * job shop problem", Management Science 42:797-813) applied to activity lists.
 */
#ifndef KEEL_GA_CRIT_H
#define KEEL_GA_CRIT_H

#include "base/rng.h"
#include "search/sgs.h"

typedef struct keel_crit keel_crit;

/* Scratch for a problem. Returns NULL when out of memory. */
keel_crit *keel_crit_new(const keel_problem *P);
void keel_crit_free(keel_crit *c);

/* Up to max (blocker, job) pairs of s, drawn uniformly from all of them, into
 * pairs[0..2 max); returns how many. A pair's jobs share a resource, the
 * blocker is no predecessor of the job, finishes at its start and both lie on
 * a critical chain. Chains follow exact finish = start equalities: on working
 * calendars or with lags they may end early (fewer pairs, never wrong ones).
 * O(n log n), no allocation. */
int keel_crit_pairs(keel_crit *c, const keel_plan *s, keel_rng *rng, int max, int *pairs);

/* Moves job ahead of blocker in list, but not ahead of any of its
 * predecessors; list stays precedence-feasible. Nothing when job already
 * precedes blocker. pos is scratch [njobs]. */
void keel_crit_move(const keel_problem *P, int *list, int *pos, int blocker, int job);

#endif
