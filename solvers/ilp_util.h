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
 * The budget is kept: every call adds its share to the worker's credit, and
 * everything the worker does is paid from it (GLPK's nodes, a solve charged
 * at most its node limit; the share handed to the GA or the branch and
 * bound), so an ILP worker never reports more schedules than it was granted
 * in all. A GLPK step dearer than one round's share waits for the credit of
 * several rounds; a run whose whole share cannot pay for a node never
 * solves with GLPK (its worker then runs the GA on half of each share).
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
    int64_t credit;      /* schedules granted to the worker, not spent yet */
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

/* Pays n schedules from the worker's credit and counts them in res. */
static inline void keel_ilp_charge(keel_ilp_state *st, keel_solve_result *res, int64_t n)
{
    st->credit -= n;
    res->schedules += n;
}

/* The schedules a GLPK solve with node limit `limit` is charged: the nodes
 * it used (at least one), never more than its limit (GLPK may open the
 * children of its last node before it stops). */
static inline int64_t keel_ilp_solve_cost(int64_t nodes_used, int64_t limit)
{
    int64_t n = nodes_used > 0 ? nodes_used : 1;
    return (n < limit ? n : limit) * KEEL_ILP_NODE_COST;
}

/* The share of a call that the GA or the branch and bound gets when GLPK does
 * not solve: half of it (the rest stays in the credit for GLPK), all of the
 * credit once GLPK has given up. */
static inline int64_t keel_ilp_spare_budget(const keel_ilp_state *st, int64_t share)
{
    int64_t b = st->give_up ? st->credit : share - share / 2;
    return b < st->credit ? b : st->credit;
}

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
