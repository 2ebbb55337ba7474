/* SPDX-License-Identifier: GPL-3.0-or-later
 * Survival by biased fitness for the GA: an individual's rank by value plus a
 * weighted rank by how far its activity list lies from its nearest others
 * (Vidal, Crainic, Gendreau, Lahrichi & Rei 2012, "A hybrid genetic algorithm
 * for multidepot and periodic vehicle routing problems", Operations Research
 * 60:611-624, section 4.3). Without it the population of j120 collapses onto
 * one schedule's neighbourhood well before 50,000 schedules
 * (docs/ga-experiments.md, round 6).
 */
#ifndef KEEL_GA_DIV_H
#define KEEL_GA_DIV_H

#include <stdbool.h>
#include <stdint.h>

typedef struct keel_div keel_div;

/* Scratch for lists of njobs and up to cap (< 2^20) individuals. NULL when
 * out of memory. */
keel_div *keel_div_new(int njobs, int cap);
void keel_div_free(keel_div *d);

/* Entries of a fingerprint (at most 128: large projects are sampled). */
int keel_div_width(const keel_div *d);
/* The fingerprint of a list: the positions of evenly spaced jobs. Two lists'
 * distance is the sum of their fingerprints' absolute differences. */
void keel_div_fingerprint(keel_div *d, const int *list, int32_t *fp);

/* Of m individuals in order of value (best first), with fingerprints fp[i]
 * and clone[i] set when a better one has the same schedule, chooses keep
 * (<= m) and writes their indices ascending to chosen. Each is ranked by
 * value plus (1 - elite / m) times its rank by the summed distance to its
 * nclose nearest others; clones go last and the best always stays.
 * Deterministic; no allocation. */
void keel_div_select(keel_div *d, int32_t *const *fp, const bool *clone, int m, int keep,
                     int nclose, int elite, int *chosen);

#endif
