/* SPDX-License-Identifier: GPL-3.0-or-later
 * A leveled schedule in MS Project's terms: per task the leveling delay that
 * re-derives its start from its (leveled) predecessors, and the early/late
 * dates and slacks of a critical-path pass over the leveled dates. The MSPDI
 * writer turns these into LevelingDelay, EarlyStart, TotalSlack and friends.
 *
 * Choices (MS Project's view after leveling, docs/mspdi.md §10-§11):
 * - Early dates are the leveled dates: after leveling MS Project shows a
 *   delayed task's Early Start at its leveled start.
 * - Late dates come from a backward pass in which every task keeps its
 *   leveling delay: a successor with delay d and late start LS binds its
 *   predecessors as if it had to start at LS - d. Each project anchors at its
 *   own leveled finish, tightened by deadlines and "no later than" constraints.
 * - Slacks are working minutes on the project calendar (as keel_cpm's).
 * - An As Late As Possible leaf is placed from its late dates, not its
 *   links: its delay is its start minus its late start (0 when it is where
 *   its late dates and predecessors put it, negative when it starts earlier),
 *   and its predecessors bind to its late dates without that delay.
 */
#ifndef KEEL_LEVELED_H
#define KEEL_LEVELED_H

#include <stdbool.h>
#include <stdint.h>

#include "analysis/schedule.h"
#include "model/model.h"

typedef struct keel_leveled_task {
    bool dated;                 /* false: a summary without leaves (no dates) */
    keel_time start, finish;    /* leveled; summaries span their leaves */
    keel_time pre_start, pre_finish; /* before leveling, KEEL_TIME_NONE without one */
    keel_time es, ef, ls, lf;
    int64_t total_slack, free_slack, start_slack, finish_slack; /* working minutes,
                                                                    project calendar */
    int64_t delay;              /* elapsed minutes leveling added (0 for summaries
                                   and started tasks); an As Late As Possible
                                   leaf's counts from its late start and may be
                                   negative (leveled.c, alap_delay) */
    int64_t delay_work;         /* the same delay in working minutes on the task's
                                   calendar (for working LevelingDelayFormats) */
} keel_leveled_task;

typedef struct keel_leveled {
    int ntasks, nprojects;
    keel_leveled_task *task;    /* per portfolio task */
    keel_leveled_task *project; /* per project: the span of its leaves (task 0) */
} keel_leveled;

/* Computes delays, early/late dates and slacks for every task of p from the
 * leveled schedule (leaf dates are used; summaries are rolled up here) and
 * optionally the schedule before leveling (may be NULL). Fails with
 * KEEL_ERR_INVALID when a schedule does not match p or a leaf has no dates,
 * or KEEL_ERR_NOMEM; then *out is NULL. */
keel_status keel_leveled_compute(const keel_portfolio *p, const keel_schedule *leveled,
                                 const keel_schedule *before, keel_leveled **out,
                                 keel_error *err);
void keel_leveled_free(keel_leveled *l);

/* The earliest start a leaf's constraints, project start and the given dates of
 * its predecessors allow (snapped to working time): the start it would have
 * with no leveling delay. Cannot fail. */
keel_time keel_leveled_early_start(const keel_portfolio *p, const keel_schedule *s, int task);
/* The same, and in *driver the predecessor whose link gives that start (the
 * first of equal ones), or -1 when the task's release or constraint does. */
keel_time keel_leveled_preferred_start(const keel_portfolio *p, const keel_schedule *s, int task,
                                        int *driver);

#endif
