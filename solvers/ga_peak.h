/* SPDX-License-Identifier: GPL-3.0-or-later
 * The resource peak of a schedule for the peak crossover of Valls, Ballestin &
 * Quintanilla (2008), "A hybrid genetic algorithm for the resource-constrained
 * project scheduling problem", EJOR 185:495-508 (section 3.3).
 */
#ifndef KEEL_GA_PEAK_H
#define KEEL_GA_PEAK_H

#include "search/sgs.h"

typedef struct keel_peak keel_peak;

/* Scratch for a problem. Returns NULL when out of memory. */
keel_peak *keel_peak_new(const keel_problem *P);
void keel_peak_free(keel_peak *k);

/* The window [t1, t1 + len) of s, with len = frac * (makespan - origin), of
 * greatest resource utilization (sum over resources of usage / capacity,
 * integrated over time), as list positions: *q1 is the first position of list
 * whose job starts at or after t1, *q2 the first at or after t1 + len (list
 * need not be sorted by start; positions are scanned in order). Cannot fail. */
void keel_peak_segment(keel_peak *k, const keel_plan *s, const int *list, double frac, int *q1,
                       int *q2);

#endif
