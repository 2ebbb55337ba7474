/* SPDX-License-Identifier: GPL-3.0-or-later
 * Why tasks start late and which resources account for each project's delay
 * (keel_explain in keel.h). explain.c finds, for every late task, the
 * resources that rule out each earlier start and the tasks holding them;
 * explain_project.c traces each project's delay back through the links and
 * shares it out; explain_get.c has the accessors.
 *
 * Invariant: a listed task's blocks cover [preferred_start, start) and their
 * minutes add up to its delay; its own shares add up to the same.
 */
#ifndef KEEL_EXPLAIN_H
#define KEEL_EXPLAIN_H

#include "analysis/cpm.h"
#include "analysis/schedule.h"
#include "search/problem.h"
#include "search/profile.h"

/* Part of a task's own delay charged to a resource (or KEEL_WHY_UNFORCED)
 * and held by tasks of project `holder` (-1: no task held it, the capacity
 * itself was short). */
typedef struct keel_why_own {
    int resource, holder;
    double minutes;
} keel_why_own;

typedef struct keel_why_block_rec {
    keel_why_block b;      /* b.holders is set by the accessor */
    size_t first_holder;   /* into keel_explanation.holders */
} keel_why_block_rec;

typedef struct keel_why_task_rec {
    keel_why_task w;
    size_t first_block, first_own;
    int nown;
} keel_why_task_rec;

typedef struct keel_why_share_rec {
    keel_why_share s;      /* s.holder_* are set by the accessor */
    size_t first_holder;   /* into share_projects / share_minutes */
} keel_why_share_rec;

struct keel_explanation {
    int ntasks, nprojects;
    int *index;            /* [ntasks] position in tasks, -1 */
    KEEL_VEC(keel_why_task_rec) tasks;
    KEEL_VEC(keel_why_block_rec) blocks;
    KEEL_VEC(int) holders;
    KEEL_VEC(keel_why_own) own;
    size_t own_mark;       /* first own share of the task being explained */
    keel_why_project *projects;  /* [nprojects] */
    size_t *first_share;   /* [nprojects + 1] into shares */
    KEEL_VEC(keel_why_share_rec) shares;
    KEEL_VEC(int) share_projects;
    KEEL_VEC(double) share_minutes;
};

/* Per project: its delay, traced back from its last-finishing leaf along the
 * predecessors that set each preferred start, with every task's own shares
 * scaled so that they add up to the project's delay. Fills e->projects,
 * first_share and shares. Fails with KEEL_ERR_NOMEM only. */
keel_status keel_explain_projects(const keel_portfolio *p, const keel_schedule *s,
                                  const keel_cpm *cpm, keel_explanation *e,
                                  keel_error *err);

#endif
