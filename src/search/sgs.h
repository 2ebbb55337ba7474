/* SPDX-License-Identifier: GPL-3.0-or-later
 * Schedule generation schemes over a problem (problem.h) and a resource
 * profile (profile.h): the serial SGS (activity list -> schedule), the parallel
 * SGS (priority values -> schedule) and left/right justification by shifting
 * (the passes of forward-backward improvement, fbi.c).
 *
 * The rule for jobs that may not move, in every pass: fixed (started) jobs
 * are in the profile before any other job is placed; a pinned (priority-1000)
 * job starts exactly where its links put it, ignoring resources but holding
 * them, and the movable jobs go around both: a movable job placed before a
 * pinned one that lands on it is displaced and placed again after it (serial
 * engine, sgs.c), a justification pass moves a pinned job only together with
 * the predecessor that lets it start earlier, and only where it fits. The one
 * exception are the movable jobs a pinned job depends on through links: it
 * would follow them wherever they went, so they stay (the verifier's rule,
 * verify_tied.c). Every other job starts at the earliest date its links, its
 * earliest start (release, constraints) and the free capacity allow. A
 * keel_sgs is one worker's scratch memory: allocated once, no allocation per
 * schedule.
 */
#ifndef KEEL_SGS_H
#define KEEL_SGS_H

#include "search/plan.h"
#include "search/problem.h"
#include "search/profile.h"

typedef struct keel_sgs keel_sgs;

/* force_profile: see keel_profile_new. Fails with KEEL_ERR_NOMEM; *out is NULL. */
keel_status keel_sgs_new(const keel_problem *P, int force_profile, keel_sgs **out,
                         keel_error *err);
void keel_sgs_free(keel_sgs *w);
const keel_problem *keel_sgs_problem(const keel_sgs *w);

/* Serial SGS: schedules the jobs in the order of list (all njobs, each job after
 * its predecessors). Cannot fail. */
void keel_sgs_serial(keel_sgs *w, const int *list, keel_plan *out);
/* The serial SGS where no job (but pinned and fixed ones) starts before
 * not_before[job]: given a schedule's own starts and a list by start, it
 * returns that schedule where nothing else changed, and where some jobs
 * moved it only delays what they now overlap, never moving a job earlier
 * (a plain pass may, and one job moved earlier can delay many). */
void keel_sgs_serial_not_before(keel_sgs *w, const int *list, const keel_time *not_before,
                                keel_plan *out);

/* The serial SGS of list re-decoded from position `from` on: out holds, for
 * list[0..from), the dates a serial pass of a list with that same prefix
 * gave; they are reserved as they stand (no search), the rest is placed as
 * keel_sgs_serial would, so the result equals keel_sgs_serial(list) at the
 * cost of the changed tail. Portfolios with pinned jobs (two passes) are
 * decoded whole. Cannot fail. */
void keel_sgs_serial_resume(keel_sgs *w, const int *list, int from, keel_plan *out);

/* Serial SGS that keeps every job within its latest finish (level within
 * slack): a job that finds no resource-feasible start early enough is placed
 * where its links allow, ignoring resources, and marked in unresolved[job].
 * Returns the number of such jobs. */
int keel_sgs_serial_within(keel_sgs *w, const int *list, const keel_time *latest_finish,
                           keel_plan *out, bool *unresolved);

/* Parallel SGS (Kelley 1963; Kolisch 1996): advances a decision time and starts,
 * in increasing prio order, every eligible job that fits there. When a pinned
 * job (started where its links put it) lands on jobs started before it, the
 * serial engine places the schedule's order again around it. Cannot fail. */
void keel_sgs_parallel(keel_sgs *w, const double *prio, keel_plan *out);

/* Justification by shifting (Valls, Ballestin & Quintanilla 2005): right
 * moves every job, in decreasing finish order, as late as its successors, the
 * makespan and the capacity allow (fixed and pinned jobs stay); left moves
 * them, in increasing start order, as early as possible, a job with the pinned
 * jobs that follow it, or not at all. The schedule stays feasible throughout;
 * no job's finish (right) or start (left) moves the wrong way. Cannot fail. */
void keel_sgs_justify(keel_sgs *w, keel_plan *s, bool right);
/* Right justification of a portfolio: every job moves as late as its
 * successors, the capacity and its own project's finish in s allow, so no
 * project finishes later (the right pass for delay objectives, where the
 * makespan as the limit would push short projects to the portfolio's end).
 * Cannot fail. */
void keel_sgs_justify_projects(keel_sgs *w, keel_plan *s);

/* As Late As Possible jobs (KEEL_JOB_ALAP), in reverse topological order so
 * that a chain of them moves together: each as late as its successors (at
 * s's dates), its project's finish in s, its own latest finish (deadline)
 * and the free capacity allow, never earlier; a milestone at the start of a
 * working period at the end of the previous one. Nothing else moves, no
 * project finishes later. Pinned ALAP jobs stay where their links and est
 * put them. Cannot fail. */
void keel_sgs_alap(keel_sgs *w, keel_plan *s);

/* An activity list from a schedule: jobs by start time (ties by index), made
 * precedence-feasible for general links. Cannot fail. */
void keel_sgs_list_from_plan(keel_sgs *w, const keel_plan *s, int *list);
/* A precedence-feasible list from keys: repeatedly the eligible job with the
 * lowest key (ties by index). Cannot fail. */
void keel_sgs_list_from_keys(keel_sgs *w, const double *key, int *list);

/* True when list is a permutation of the jobs with every job after its
 * predecessors. */
bool keel_sgs_list_feasible(const keel_problem *P, const int *list, int *scratch);

/* The earliest start of job j that its links (predecessors at s's dates) and
 * its earliest start allow, ignoring resources. Cannot fail. */
keel_time keel_sgs_precedence_start(const keel_problem *P, const keel_plan *s, int j);

/* The latest finish of job j that its successors (at s's dates) and hi allow,
 * ignoring resources. Cannot fail. */
keel_time keel_sgs_successor_finish(const keel_problem *P, const keel_plan *s, int j,
                                    keel_time hi);

/* Resource-free early dates (early) and late dates (late, may be NULL) against
 * the early makespan: the critical-path method on the solver's view, which
 * priority rules and objectives use. Cannot fail. */
void keel_sgs_cpm(const keel_problem *P, keel_plan *early, keel_plan *late);

#endif
