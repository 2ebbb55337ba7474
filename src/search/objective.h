/* SPDX-License-Identifier: GPL-3.0-or-later
 * Objectives of a schedule (docs/scale.md, docs/mspdi.md §8): makespan, total makespan
 * (TMS), average project delay (APD), priority-weighted delay and weighted
 * tardiness against project deadlines. Lower is better; ties go to the
 * shorter makespan.
 */
#ifndef KEEL_OBJECTIVE_H
#define KEEL_OBJECTIVE_H

#include "search/sgs.h"

typedef enum keel_objective_kind {
    KEEL_OBJ_MAKESPAN, /* latest finish - origin */
    KEEL_OBJ_TMS,      /* max project finish - min release (Homberger 2007) */
    KEEL_OBJ_APD,      /* mean over projects of the delay (finish - CPM finish) */
    KEEL_OBJ_WDELAY,   /* sum of weight * delay */
    KEEL_OBJ_WTARDY,   /* sum of weight * max(0, finish - deadline) */
    /* (delays and tardiness in working days of the project's calendar) */
} keel_objective_kind;

typedef struct keel_objective {
    keel_objective_kind kind;
    const keel_problem *P;
    keel_time *cpm_finish;   /* [nprojects] resource-free project finish */
    keel_time *finish;       /* [nprojects] scratch: project finishes */
} keel_objective;

/* True for the objectives of the portfolio's finish (makespan, TMS), false
 * for those that add up each project's delay or lateness. */
static inline bool keel_objective_by_finish(keel_objective_kind k)
{
    return k == KEEL_OBJ_MAKESPAN || k == KEEL_OBJ_TMS;
}

/* Computes the resource-free project finishes. Fails with KEEL_ERR_NOMEM;
 * then o holds nothing. */
keel_status keel_objective_init(keel_objective *o, const keel_problem *P,
                                keel_objective_kind kind, keel_error *err);
void keel_objective_release(keel_objective *o);

/* Project finishes of s into o->finish and the objective value. Projects with
 * no jobs finish at their release. Cannot fail. */
double keel_objective_value(keel_objective *o, const keel_plan *s);

/* <0 when (va, ma) is better than (vb, mb), 0 when equal, >0 when worse. */
int keel_objective_compare(double va, keel_time ma, double vb, keel_time mb);

/* Parses "makespan", "tms", "apd", "wdelay", "wtardy"; -1 when unknown. */
int keel_objective_parse(const char *name);

#endif
