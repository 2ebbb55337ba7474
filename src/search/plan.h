/* SPDX-License-Identifier: GPL-3.0-or-later
 * A plan: the start and finish of every job of a solver problem (problem.h),
 * the value that schedule generation produces and solvers exchange.
 */
#ifndef KEEL_PLAN_H
#define KEEL_PLAN_H

#include <stdbool.h>

#include "keel.h"

/* A schedule of the jobs of a problem. */
typedef struct keel_plan {
    int njobs;
    keel_time *start, *finish; /* [njobs] minutes (periods) */
    keel_time makespan;        /* latest finish of any job */
} keel_plan;

/* Allocates the arrays (false when out of memory; then nothing is held). */
bool keel_plan_init(keel_plan *s, int njobs);
/* Frees the arrays; the plan may be initialised again. Cannot fail. */
void keel_plan_release(keel_plan *s);
/* Copies src into dst, allocated for as many jobs. Cannot fail. */
void keel_plan_copy(keel_plan *dst, const keel_plan *src);
/* Sets s->makespan to the latest finish of its jobs (KEEL_TIME_NONE without
 * jobs), after the dates were set one by one. Cannot fail. */
void keel_plan_set_makespan(keel_plan *s);

#endif
