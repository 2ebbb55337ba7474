/* SPDX-License-Identifier: GPL-3.0-or-later
 * Small hand-made portfolios for the Check suites: one project on the
 * continuous calendar (time in periods from 0), tasks, links, resources with
 * capacity steps, assignments. Header-only so that a suite includes what it
 * uses; every call asserts, so a test needs no error handling.
 */
#ifndef KEEL_TOY_MODEL_H
#define KEEL_TOY_MODEL_H

#include <check.h>
#include <string.h>

#include "model/builder.h"
#include "read/psplib_read.h"

static inline void toy_init(keel_builder *b)
{
    ck_assert(keel_builder_init(b));
    b->research = true;
    int cal = keel_psplib_continuous_calendar(b);
    ck_assert_int_ge(cal, 0);
    keel_project pr = {.name = "toy", .calendar = cal, .start = 0,
                       .status_date = KEEL_TIME_NONE, .deadline = KEEL_TIME_NONE,
                       .priority = 500, .weight = 1};
    ck_assert(KEEL_VEC_PUSH(&b->projects, pr));
}

/* A task of dur periods (0: a milestone); priority 1000 pins it. */
static inline int toy_task(keel_builder *b, int64_t dur, int priority)
{
    keel_task t = {.project = 0, .uid = (int32_t)b->tasks.len + 1, .name = "t",
                   .outline_level = 1, .parent = -1, .milestone = dur == 0, .duration = dur,
                   .total_duration = dur, .task_calendar = -1, .priority = priority,
                   .constraint_date = KEEL_TIME_NONE, .deadline = KEEL_TIME_NONE,
                   .actual_start = KEEL_TIME_NONE, .actual_finish = KEEL_TIME_NONE,
                   .start = KEEL_TIME_NONE, .finish = KEEL_TIME_NONE};
    t.id = t.uid;
    ck_assert(KEEL_VEC_PUSH(&b->tasks, t));
    b->projects.data[0].ntasks = (int)b->tasks.len;
    return (int)b->tasks.len - 1;
}

static inline void toy_link(keel_builder *b, int pred, int succ, keel_link_type type,
                            int64_t lag)
{
    keel_link l = {.pred = pred, .succ = succ, .type = type, .lag_kind = KEEL_LAG_WORK,
                   .lag = lag};
    ck_assert(KEEL_VEC_PUSH(&b->links, l));
}

/* A work resource with units[i] (KEEL_UNITS_ONE = 1) from at[i] on; at[0] is
 * ignored (minus infinity). n >= 1. */
static inline int toy_resource(keel_builder *b, bool can_level, int n, const keel_time *at,
                               const int32_t *units)
{
    keel_resource r = {.name = b->resources.len ? "S" : "R", .type = KEEL_RES_WORK,
                       .can_level = can_level, .max_units = units[0], .calendar = -1};
    r.capacity.n = n;
    r.capacity.at = keel_arena_alloc(b->arena, (size_t)n * sizeof(keel_time));
    r.capacity.units = keel_arena_alloc(b->arena, (size_t)n * sizeof(int32_t));
    ck_assert(r.capacity.at && r.capacity.units);
    memcpy(r.capacity.at, at, (size_t)n * sizeof(keel_time));
    memcpy(r.capacity.units, units, (size_t)n * sizeof(int32_t));
    r.capacity.at[0] = KEEL_TIME_NONE;
    for (int i = 1; i < n; i++)
        r.max_units = units[i] > r.max_units ? units[i] : r.max_units;
    ck_assert(KEEL_VEC_PUSH(&b->resources, r));
    return (int)b->resources.len - 1;
}

/* Task uses `units` (KEEL_UNITS_ONE = 1) of resource res. */
static inline void toy_use(keel_builder *b, int task, int res, int32_t units)
{
    keel_assignment a = {.task = task, .resource = res, .units = units,
                         .start = KEEL_TIME_NONE, .finish = KEEL_TIME_NONE};
    ck_assert(KEEL_VEC_PUSH(&b->assignments, a));
}

static inline keel_portfolio *toy_finish(keel_builder *b)
{
    keel_portfolio *p = NULL;
    keel_error err = {0};
    ck_assert_msg(keel_model_finish(b, &p, &err) == KEEL_OK, "%s", err.message);
    keel_builder_release(b);
    return p;
}

#endif
