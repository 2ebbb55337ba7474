/* SPDX-License-Identifier: GPL-3.0-or-later
 * A lower bound on project delay objectives (weighted delay, APD,
 * tardiness) from the competition for each resource. A resource is a
 * single machine that works at its capacity: the projects that use it are
 * its jobs, each with its work on the resource (duration x units, counted in
 * the resource's working time when every task on it runs on its calendar,
 * else in elapsed time), the earliest start of that work and a due date (the
 * project's resource-free finish, less the shortest chain of its successors
 * after it). The i-th of these projects to finish its work cannot do so
 * before the least time in which any i of them can have their work done
 * (from the earliest start among them, at the resource's capacity over
 * time); an assignment of projects to those completion times (Hungarian
 * method) gives the least weighted lateness the resource forces. Resources
 * that share no project add up (taken greedily, largest first); the bound
 * is that sum, or the sum over projects of the delay each suffers from its
 * own work alone when that is larger. Relaxations:
 * preemption, the other resources and all links but the chain after the
 * work are dropped; fixed and priority-1000 tasks are left out.
 */
#ifndef KEEL_DELAY_BOUND_H
#define KEEL_DELAY_BOUND_H

#include "search/objective.h"

typedef struct keel_delay_bound {
    double value;       /* in the objective's units; 0 when nothing is forced */
    int resource;       /* leveled resource that gives the most, -1: projects alone */
    int nprojects;      /* projects competing for it */
    int nresources;     /* resources (sharing no project) whose bounds add up */
} keel_delay_bound;

/* Computes the bound of objective o (KEEL_OBJ_WDELAY, APD or WTARDY; 0 for
 * the others). Fails with KEEL_ERR_NOMEM; *out is then zero. */
keel_status keel_delay_bound_compute(const keel_problem *P, const keel_objective *o,
                                     keel_delay_bound *out, keel_error *err);

#endif
