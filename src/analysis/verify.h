/* SPDX-License-Identifier: GPL-3.0-or-later
 * The independent verifier (keel_verify in keel.h), its resource check
 * (verify_load.c) and the tasks a priority-1000 task depends on (verify_tied.c).
 */
#ifndef KEEL_VERIFY_H
#define KEEL_VERIFY_H

#include "analysis/schedule.h"
#include "model/model.h"

struct keel_conflicts {
    KEEL_VEC(keel_conflict) items; /* each item's tasks array is malloc'd */
};

/* Appends the intervals where resource r is loaded above its capacity;
 * tasks[0..ntasks) are the tasks assigned to r (each once). */
keel_status keel_verify_resource(const keel_portfolio *p, const keel_schedule *s, int r,
                                 const int *tasks, int ntasks, keel_conflicts *c,
                                 keel_error *err);

/* The date link l asks of its successor when its predecessor's date is from:
 * the lag on the successor's lag calendar, or elapsed. Cannot fail. */
keel_time keel_verify_lagged(const keel_portfolio *p, const keel_link *l, keel_time from);

/* Marks (mark[task] = stamp) the tasks task t depends on through links: its
 * predecessors, theirs, ..., through tasks that are not started. stack has
 * room for every task. Cannot fail. */
void keel_verify_mark_tied(const keel_portfolio *p, int t, int *mark, int stamp, int *stack);

#endif
