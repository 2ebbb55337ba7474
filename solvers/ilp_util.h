/* SPDX-License-Identifier: GPL-3.0-or-later
 * What the ILP solvers (ilp_exact.c, ilp_lns.c) share: the budget unit, the
 * per-worker state and the way a GLPK schedule becomes a plan.
 *
 * Budget unit: one branch-and-bound node of GLPK (its subproblem count, the
 * root LP included, at least one per solve) counts as KEEL_ILP_NODE_COST
 * generated schedules; node limits are derived from the round's share of the
 * budget, so a run without --time-limit is deterministic; so is the limit
 * on simplex iterations (KEEL_ILP_NODE_ITERATIONS a node), which bounds the
 * work of nodes whose LP is slow. With a time limit GLPK also gets the time
 * left.
 *
 * Never an infeasible schedule: a GLPK schedule is only used as an activity
 * list (jobs by ILP start) that the serial SGS decodes again, so what an ILP
 * worker returns is an SGS schedule (each start no later than the ILP's), and
 * keel_level verifies it like any other.
 */
#ifndef KEEL_ILP_UTIL_H
#define KEEL_ILP_UTIL_H

#include "ilp/ilp.h"
#include "search/bnb.h"
#include "solvers/solver.h"

#define KEEL_ILP_NODE_COST 500  /* schedules per branch-and-bound node */
#define KEEL_ILP_NODE_ITERATIONS 200 /* simplex iterations a node may take on
                                        average (degenerate models take many) */
#define KEEL_ILP_MAX_NONZEROS 3000000

/* Kept between rounds in the worker's state slot. */
typedef struct keel_ilp_state {
    int64_t ub;          /* grid makespan the exact solver last worked below */
    int64_t banked;      /* nodes granted while ub stayed the same */
    int64_t last_limit;  /* node limit of the last solve at ub */
    int solves;          /* solves at ub */
    bool give_up;        /* no model at ub (too large, GLPK failed) */
    int64_t failures;    /* GLPK failures absorbed */
    int64_t lb;          /* grid makespan every schedule reaches (proven) */
    bool bounded;        /* lb comes from the destructive bound (once a run) */
    keel_bnb *bnb;       /* ilp-exact's branch and bound, resumed each round */
    double bnb_spent, glpk_spent; /* effort of each: seconds with a time
                                     limit, else schedules */
} keel_ilp_state;

/* The state in o->state, created on first use; NULL without a slot or memory. */
keel_ilp_state *keel_ilp_state_get(const keel_solve_options *o);

/* Grid starts of plan s, rounded down on approximate grids (false when a job
 * is off an exact grid). */
bool keel_ilp_grid_starts(const keel_problem *P, const keel_ilp_grid *g, const keel_plan *s,
                          int *start);

/* Decodes grid starts: the raw schedule (raw), its activity list (list) and
 * the serial SGS schedule of that list into out. Cannot fail. */
void keel_ilp_decode(keel_sgs *w, const keel_ilp_grid *g, const int *start, keel_plan *raw,
                     int *list, keel_plan *out);

/* The objective of a schedule finishing at `finish` (absolute), for the
 * objectives that only depend on the latest finish; NAN for others. */
double keel_ilp_finish_value(const keel_problem *P, keel_objective_kind kind, keel_time finish);

/* Parameters for one solve: node limit, model size limit and, only when the
 * run has a time limit, at most max_seconds (0 = no cap) and a third of the
 * time left. */
void keel_ilp_solver_params(const keel_solve_options *o, double t0, int64_t nodes,
                            double max_seconds, keel_ilp_params *par);

#endif
