/* SPDX-License-Identifier: GPL-3.0-or-later
 * Internals of keel_level (level.c, level_solve.c): the result object and the
 * state of one run.
 */
#ifndef KEEL_LEVEL_H
#define KEEL_LEVEL_H

#include "analysis/cpm.h"
#include "analysis/schedule.h"
#include "solvers/solver.h"

/* The solvers the driver runs when the user does not choose. */
#define KEEL_DEFAULT_SOLVERS "ga,ilp-exact,ga,ga,ga,ga,ga,ga" /* one ILP worker up to 8 threads */
#define KEEL_MAX_SOLVERS 16

struct keel_result {
    char objective[32];
    keel_result_info info;
    int nprojects;
    keel_result_project *projects;
    keel_schedule *before, *after;
    keel_conflicts *conflicts;
};

typedef struct keel_run {
    const keel_portfolio *p;
    const keel_options *o;
    keel_result *r;
    keel_cpm *cpm;
    keel_problem *P;
    const keel_solver *solvers[KEEL_MAX_SOLVERS];
    int nsolvers;
    keel_plan best;
} keel_run;

keel_result *keel_result_alloc(const keel_portfolio *p);

/* Finds the leveled plan (run->best): first feasible schedule, driver, bound. */
keel_status keel_level_solve(keel_run *run, double t0, keel_error *err);

#endif
