/* SPDX-License-Identifier: GPL-3.0-or-later
 * The independent verifier (keel_verify in keel.h) and its resource check.
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

#endif
