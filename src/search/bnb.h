/* SPDX-License-Identifier: GPL-3.0-or-later
 * Branch and bound for the classic RCPSP, resumable: a depth-first search
 * over decision points in time after Demeulemeester & Herroelen (1992, "A
 * branch-and-bound procedure for the multiple resource-constrained project
 * scheduling problem", Management Science 38:1803-1818; 1997, "New benchmark
 * results for the resource-constrained project scheduling problem",
 * Management Science 43:1485-1492). At each decision point (time 0 or a
 * finish) the search decides, job by job, which eligible jobs start now; a
 * job left out starts at a later decision point. Pruned: nodes whose
 * critical-path or resource-energy bound exceeds the target, schedules in
 * which a job just started could start earlier (not active), and nodes whose
 * started set was already explored with no later finishes (the cutset rule).
 *
 * It applies to the problems where those rules are exact: continuous time,
 * finish-to-start links without lag, constant capacities, no release dates,
 * fixed or pinned jobs, at most 64 jobs. The search looks for schedules
 * shorter than the best known; when it ends, the best known is optimal.
 */
#ifndef KEEL_BNB_H
#define KEEL_BNB_H

#include "search/problem.h"
#include "search/sgs.h"

typedef struct keel_bnb keel_bnb;

/* True when the search is exact for P (the conditions above) and its time
 * grid below ub stays small. */
bool keel_bnb_applies(const keel_problem *P, keel_time ub);

/* A search for schedules finishing before ub (absolute time). Fails with
 * KEEL_ERR_NOMEM, or KEEL_ERR_INVALID when !keel_bnb_applies. */
keel_status keel_bnb_new(const keel_problem *P, keel_time ub, keel_bnb **out, keel_error *err);
void keel_bnb_free(keel_bnb *b);

/* Continues the search for at most `steps` steps (entering a node, deciding
 * a subset of its eligible jobs, or moving to the next subset), now below
 * min(ub, best found). Returns the steps used. When it found a better schedule, *found
 * is true and the schedule is in out (allocated for P->njobs). */
int64_t keel_bnb_run(keel_bnb *b, int64_t steps, keel_time ub, keel_plan *out, bool *found);

/* True when the search has ended: no schedule finishes before the best
 * target it was given (nor before the best schedule it found). */
bool keel_bnb_done(const keel_bnb *b);

#endif
