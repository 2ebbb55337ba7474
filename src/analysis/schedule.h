/* SPDX-License-Identifier: GPL-3.0-or-later
 * A schedule: a start and finish for every task of a portfolio (summaries span
 * their leaves). Plain arrays so that solvers, the verifier and the writers
 * share one representation.
 */
#ifndef KEEL_SCHEDULE_H
#define KEEL_SCHEDULE_H

#include "model/model.h"

struct keel_schedule {
    int ntasks;
    keel_time *start, *finish;
    bool *unresolved; /* NULL, or per task: left in conflict by leveling within
                         slack (for reports; the verifier does not look at it) */
};

/* A schedule with every date KEEL_TIME_NONE; NULL when out of memory. */
keel_schedule *keel_schedule_new(int ntasks);
/* Copies src into dst (same ntasks). */
void keel_schedule_copy(keel_schedule *dst, const keel_schedule *src);
/* Sets each summary task to span its leaves. */
void keel_schedule_roll_up(const keel_portfolio *p, keel_schedule *s);

/* KEEL_OK when s has p's tasks and every leaf dated; else KEEL_ERR_INVALID
 * naming the first leaf without dates (file:line). */
keel_status keel_schedule_check(const keel_portfolio *p, const keel_schedule *s,
                                keel_error *err);

/* Project q's finish in s: its latest leaf finish, never before cpm_finish (its
 * resource-free CPM finish). *delay receives the working minutes from
 * cpm_finish to it on the project calendar: the project delay keel reports.
 * Cannot fail. */
keel_time keel_schedule_project_finish(const keel_portfolio *p, const keel_schedule *s, int q,
                                       keel_time cpm_finish, int64_t *delay);

#endif
