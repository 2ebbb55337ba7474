/* SPDX-License-Identifier: GPL-3.0-or-later
 * Scenario overlays: a what-if scenario is the loaded portfolio plus a few
 * changes (capacity of resources over time, projects removed, releases,
 * priorities, weights, deadlines). keel_model_derive builds the scenario's
 * own keel_portfolio from an immutable base without touching it.
 *
 * Copy on write: the derived portfolio has its own arena for the arrays that
 * change (the projects always, the resources when a capacity changes, tasks,
 * links, assignments, adjacency and order only when projects are removed) and
 * points into the base for everything else (calendars, names, and the task
 * graph of a scenario that removes nothing). So every module that reads a
 * portfolio (critical path, solver view, verifier, writer) sees the scenario
 * exactly, while a scenario costs little more than its changes. The base must
 * outlive every portfolio derived from it.
 */
#ifndef KEEL_OVERLAY_H
#define KEEL_OVERLAY_H

#include "model/model.h"

/* One change of a resource's capacity over [from, to) (KEEL_TIME_NONE: open
 * on that side): units added (relative) or set. */
typedef struct keel_capacity_change {
    int resource;
    bool relative;
    int32_t units;        /* KEEL_UNITS_ONE = 1.0 */
    keel_time from, to;
} keel_capacity_change;

/* Per project of the base; a field left at its "unchanged" value keeps the base's. */
typedef struct keel_project_change {
    bool removed;
    keel_time release;    /* new project start, KEEL_TIME_NONE: unchanged */
    int priority;         /* -1: unchanged */
    double weight;        /* NAN: unchanged */
    bool set_deadline;    /* replace the deadline by `deadline` (NONE: no deadline) */
    keel_time deadline;
} keel_project_change;

typedef struct keel_overlay {
    const keel_project_change *projects; /* [base->nprojects], or NULL: none */
    int ncapacity;
    const keel_capacity_change *capacity; /* applied in order */
} keel_overlay;

/* Sets every field of c to "unchanged". Cannot fail. */
void keel_project_change_init(keel_project_change *c);

/* The step function of `in` with change c applied, in arena a (out may be
 * in; the result shares no memory with it). in must have n >= 1. Fails with KEEL_ERR_NOMEM, or KEEL_ERR_INVALID when the
 * capacity would drop below zero somewhere in the range: *negative_at is then
 * the first such moment (KEEL_TIME_NONE for minus infinity) and *negative_units
 * the capacity there. */
keel_status keel_capacity_apply(keel_arena *a, const keel_capacity *in,
                                const keel_capacity_change *c, keel_capacity *out,
                                keel_time *negative_at, int32_t *negative_units,
                                keel_error *err);

/* The portfolio of base with overlay o applied (o's capacity changes must
 * keep every capacity >= 0, see keel_capacity_apply). On success *out is the
 * caller's (keel_portfolio_free) and, when task_map is not NULL, *task_map
 * (malloc'd, [base->ntasks]) gives each base task's index in *out, -1 for
 * tasks of removed projects. Links from or to removed projects are dropped.
 * Fails with KEEL_ERR_NOMEM or KEEL_ERR_INVALID (a capacity below zero, every
 * project removed); then *out is NULL. */
keel_status keel_model_derive(const keel_portfolio *base, const keel_overlay *o,
                              keel_portfolio **out, int **task_map, keel_error *err);

#endif
