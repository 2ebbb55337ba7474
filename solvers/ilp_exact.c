/* SPDX-License-Identifier: GPL-3.0-or-later
 * ilp-exact: the whole problem as one time-indexed ILP (ilp.h) with horizon
 * T = UB - 1 grid periods, UB the incumbent's makespan. Tight windows keep the
 * model small. GLPK then either finds a schedule with makespan below UB
 * (optimal when it finishes: the model minimises the makespan), or proves that
 * none exists, which proves the incumbent optimal; a stopped search still
 * gives a bound (GLPK's best node, at least the LP relaxation). For the
 * makespan and TMS objectives (both a function of the latest finish only)
 * on an exact grid (ilp.h). Other objectives and problems without an exact
 * grid (tasks on different calendars, pinned tasks) have no whole model:
 * there the worker runs ilp-lns, which needs none. When the model is too
 * large, GLPK fails, and in rounds where it does not solve (below), the
 * worker runs the GA (solvers/ga.c) on its share instead, so that its share
 * of a deterministic budget is never wasted; a model too large still yields
 * a bound from a coarser relaxed grid (keel_ilp_grid_coarse), once per
 * incumbent.
 *
 * On classic RCPSP models of at most 64 jobs (bnb.h) the worker also runs a
 * combinatorial branch and bound, which resumes between rounds; it gets the
 * rounds where GLPK does not solve, and GLPK waits while the branch and bound
 * has had less than twice GLPK's effort (seconds with a time limit, else
 * counted schedules), so it gets about two thirds.
 *
 * Rounds: the driver restarts a solver every round, and GLPK cannot resume a
 * search, so the worker's state keeps the credit its shares grant (ilp_util.h)
 * and, while UB stays the same, solves again only when the credit affords
 * twice the last solve's node limit (iterative deepening). Every step is paid
 * from the credit, the destructive bound's too, so the worker never spends
 * more than its shares; in rounds where GLPK does not solve, the branch and
 * bound or the GA gets half of the share.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "base/error.h"
#include "solvers/ilp_util.h"

#define COARSE_MAX 256  /* coarsest relaxed grid tried (times the exact unit) */
#define COARSE_ITERATIONS 200000 /* simplex iterations on a relaxed grid */
#define SHAVE_WORK 150000000      /* shaving steps before each solve (~0.3 s;
                                     enough for every j30 model measured) */
#define BOUND_SHAVE_WORK SHAVE_WORK /* ... per horizon of the destructive bound */
#define BNB_STEPS 10 /* branch-and-bound steps per schedule of budget (a step
                        takes about a fifteenth of a j30 schedule's time) */
#define BNB_SHARE 2 /* the branch and bound's effort over GLPK's, where it
                       applies: on the six slowest j30 models at 10 s, 2
                       found the optima 1.0-1.5 s sooner than 1 (j3029_8:
                       3.3 s, was 4.8) and proved j3013_5 at 6.1 s (was
                       8.0); 3 gained little more */
#define BNB_SLICE 1000 /* steps between looks at the clock (0.5 ms on j30; steps
                          on long grids take longer) */

typedef struct exact_run {
    const keel_problem *P;
    const keel_solve_options *o;
    keel_ilp_grid g;
    keel_ilp_state *st;
    int64_t ub;           /* incumbent makespan, grid units */
    double t0;
} exact_run;

/* The effort of a share that started at t0 and spent `spent` schedules:
 * seconds in time-limited runs, else the schedules. */
static double effort(const exact_run *x, double t0, int64_t spent)
{
    return x->o->time_limit > 0 ? keel_clock_seconds() - t0 : (double)spent;
}

/* Nodes for this call, 0 to skip it: the credit affords no node, or not
 * twice the last solve's limit at this ub (or nothing to do). */
static int64_t node_limit(exact_run *x)
{
    keel_ilp_state *st = x->st;
    if (st->ub != x->ub) { /* a new incumbent: what holds for any stays */
        *st = (keel_ilp_state){.ub = x->ub,
                               .credit = st->credit,
                               .failures = st->failures,
                               .lb = st->lb,
                               .bounded = st->bounded,
                               .bnb = st->bnb,
                               .bnb_spent = st->bnb_spent,
                               .glpk_spent = st->glpk_spent};
    }
    int64_t afford = st->credit / KEEL_ILP_NODE_COST;
    if (st->give_up || afford < 1 || (st->last_limit > 0 && afford < 2 * st->last_limit))
        return 0;
    st->last_limit = afford;
    return afford;
}

/* A schedule from the ILP's starts, re-decoded by the serial SGS. */
static keel_status take_schedule(exact_run *x, const int *start, const keel_plan *incumbent,
                                 keel_plan *best, keel_solve_result *res, keel_error *err)
{
    const keel_problem *P = x->P;
    keel_sgs *w = NULL;
    keel_plan raw = {0};
    int *list = malloc(sizeof(int) * ((size_t)P->njobs + 1));
    keel_status st = keel_sgs_new(P, 0, &w, err);
    if (st == KEEL_OK && (!list || !keel_plan_init(&raw, P->njobs)))
        st = keel_error_nomem(err);
    if (st == KEEL_OK) {
        keel_ilp_decode(w, &x->g, start, &raw, list, best);
        res->value = keel_ilp_finish_value(P, x->o->objective, best->makespan);
        res->found = best->makespan < incumbent->makespan;
        if (!res->found)
            keel_plan_copy(best, incumbent);
    }
    keel_plan_release(&raw);
    keel_sgs_free(w);
    free(list);
    return st;
}

/* The bound on the objective from "no schedule finishes before grid time f". */
static double bound_of(const exact_run *x, int64_t f)
{
    double v = keel_ilp_finish_value(x->P, x->o->objective, keel_ilp_grid_end(&x->g, f));
    return isnan(v) || v < 0 ? 0 : v;
}

/* The exact model is too large: a bound from the LP relaxation on relaxed
 * grids 2, 4, 8, ... times coarser (keel_ilp_grid_coarse), the first whose
 * model fits. (Branch and bound on these degenerate models can stall inside
 * one node's simplex, which no node limit stops.) */
static keel_status coarse_bound(exact_run *x, keel_solve_result *res, keel_error *err)
{
    for (int64_t f = 2; f <= COARSE_MAX && x->st->credit >= KEEL_ILP_NODE_COST; f *= 2) {
        keel_ilp_grid c = keel_ilp_grid_coarse(&x->g, f);
        int64_t horizon = (x->ub - 1) / f; /* where a makespan below ub maps */
        if (horizon < 1)
            return KEEL_OK;
        keel_ilp *m = NULL;
        keel_error e2 = {0};
        keel_status st = keel_ilp_from_problem(x->P, &c, (int)horizon, NULL, KEEL_ILP_MAKESPAN,
                                               &m, &e2);
        double lp = -HUGE_VAL;
        if (st == KEEL_OK) {
            keel_ilp_params par;
            keel_ilp_solver_params(x->o, x->t0, 1, 1.0, &par);
            par.lp_iterations = COARSE_ITERATIONS;
            st = keel_ilp_lp_bound(m, &par, &lp, &e2);
        }
        keel_ilp_free(m);
        if (st == KEEL_ERR_NOMEM)
            return keel_error_nomem(err);
        if (st == KEEL_ERR_INVALID)
            continue; /* still too large */
        if (st != KEEL_OK)
            return KEEL_OK;
        keel_ilp_charge(x->st, res, KEEL_ILP_NODE_COST);
        int64_t lb = lp == HUGE_VAL                ? x->ub /* no schedule below ub */
                     : isfinite(lp) && lp > 0 ? (int64_t)ceil(lp * (double)f - 1e-6)
                                              : 0;
        res->bound = bound_of(x, lb < x->ub ? lb : x->ub);
        return KEEL_OK;
    }
    return KEEL_OK;
}

/* Whether propagation with shaving leaves room for a schedule finishing by
 * grid time horizon (*possible false: proven impossible). */
static keel_status horizon_possible(const exact_run *x, int64_t horizon, bool *possible,
                                    keel_error *err)
{
    keel_ilp *m = NULL;
    keel_status st = keel_ilp_from_problem(x->P, &x->g, (int)horizon, NULL, KEEL_ILP_MAKESPAN,
                                           &m, err);
    if (st == KEEL_OK)
        st = keel_ilp_propagate(m, BOUND_SHAVE_WORK, possible, err);
    keel_ilp_free(m);
    return st;
}

/* A destructive lower bound (Klein & Scholl 1999, "Computing lower bounds by
 * destructive improvement: an application to resource-constrained project
 * scheduling", EJOR 112:322-346): bisection for the longest horizon below
 * the incumbent that propagation proves too short. It holds whatever the
 * incumbent, so it runs once a run (resumed while the credit ran out: each
 * step costs a node); solve_below tries ub - 1 itself. */
static keel_status destructive_bound(exact_run *x, keel_solve_result *res, keel_error *err)
{
    keel_ilp_state *st = x->st;
    int64_t lo = st->lb, hi = x->ub - 1; /* every schedule reaches lo */
    st->bounded = true;
    while (lo < hi) {
        if (st->credit < KEEL_ILP_NODE_COST) {
            st->bounded = false; /* the next round goes on from lo */
            break;
        }
        int64_t mid = lo + (hi - lo) / 2;
        bool possible = true;
        keel_error e2 = {0};
        keel_status s = horizon_possible(x, mid, &possible, &e2);
        keel_ilp_charge(st, res, KEEL_ILP_NODE_COST);
        if (s == KEEL_ERR_NOMEM) {
            *err = e2;
            return s;
        }
        if (s != KEEL_OK)
            break; /* model too large: no bound this way */
        if (possible)
            hi = mid;
        else
            lo = mid + 1;
    }
    st->lb = lo;
    return KEEL_OK;
}

static keel_status solve_below(exact_run *x, int64_t nodes, const keel_plan *incumbent,
                               keel_plan *best, keel_solve_result *res, keel_error *err)
{
    if (nodes > x->st->credit / KEEL_ILP_NODE_COST) /* the bound spent some */
        nodes = x->st->credit / KEEL_ILP_NODE_COST;
    if (nodes < 1)
        return KEEL_OK;
    keel_ilp *m = NULL;
    int *start = malloc(sizeof(int) * ((size_t)x->P->njobs + 1));
    if (!start)
        return keel_error_nomem(err);
    keel_error e2 = {0};
    keel_status st = keel_ilp_from_problem(x->P, &x->g, (int)(x->ub - 1), NULL,
                                           KEEL_ILP_MAKESPAN, &m, &e2);
    keel_ilp_result ir = {.start = start};
    if (st == KEEL_OK) {
        keel_ilp_params par;
        /* with a time limit, also deepen in time: 0.25 s, 0.5 s, 1 s, ... */
        int k = x->st->solves < 8 ? x->st->solves : 8;
        x->st->solves++;
        keel_ilp_solver_params(x->o, x->t0, nodes, 0.25 * (double)(1 << k), &par);
        par.shave_work = SHAVE_WORK;
        st = keel_ilp_solve(m, &par, &ir, &e2);
    }
    if (st == KEEL_ERR_NOMEM) {
        *err = e2;
        goto done;
    }
    if (st != KEEL_OK) { /* too large, or GLPK failed: absorbed, not retried at ub */
        x->st->give_up = true;
        x->st->failures += st == KEEL_ERR_INTERNAL;
        st = st == KEEL_ERR_INVALID ? coarse_bound(x, res, err) : KEEL_OK;
        goto done;
    }
    keel_ilp_charge(x->st, res, keel_ilp_solve_cost(ir.nodes, nodes));
    int64_t lb = ir.status == KEEL_ILP_INFEASIBLE ? x->ub
                 : isfinite(ir.bound)             ? (int64_t)ceil(ir.bound - 1e-6)
                                                  : 0;
    res->bound = bound_of(x, lb < x->ub ? lb : x->ub);
    if (ir.status == KEEL_ILP_OPTIMAL || ir.status == KEEL_ILP_FEASIBLE)
        st = take_schedule(x, start, incumbent, best, res, err);
done:
    keel_ilp_free(m);
    free(start);
    return st;
}

/* Runs the branch and bound on `budget` schedules, in slices so that a time
 * limit is kept. Returns the steps taken. */
static int64_t run_bnb(exact_run *x, int64_t budget, keel_time ub, keel_plan *found,
                       bool *better)
{
    const keel_solve_options *o = x->o;
    int64_t limit = budget < INT64_MAX / BNB_STEPS ? budget * BNB_STEPS : INT64_MAX;
    int64_t steps = 0;
    *better = false;
    while (steps < limit && !keel_bnb_done(x->st->bnb)) {
        int64_t slice = limit - steps < BNB_SLICE ? limit - steps : BNB_SLICE;
        bool b = false;
        steps += keel_bnb_run(x->st->bnb, slice, ub, found, &b);
        if (b) {
            *better = true;
            ub = found->makespan;
        }
        if (keel_solve_stopped(o) ||
            (o->time_limit > 0 && keel_clock_seconds() - x->t0 > o->time_limit))
            break;
    }
    return steps;
}

/* Classic RCPSP models: the share of a round where GLPK does not run goes to
 * the branch and bound (bnb.h), resumed where the last round left it. It
 * finds what both GA workers missed on j30 (j3029_1, j3029_8) in about two
 * seconds, and when it ends the best schedule is proven optimal. */
static keel_status bnb_share(exact_run *x, int64_t budget, const keel_plan *incumbent,
                             keel_plan *best, keel_solve_result *res, keel_error *err)
{
    const keel_problem *P = x->P;
    keel_ilp_state *st = x->st;
    keel_plan found = {0};
    int *start = malloc(sizeof(int) * ((size_t)P->njobs + 1));
    keel_status s = start && keel_plan_init(&found, P->njobs) ? KEEL_OK : keel_error_nomem(err);
    if (s == KEEL_OK && !st->bnb)
        s = keel_bnb_new(P, incumbent->makespan, &st->bnb, err);
    bool better = false;
    if (s == KEEL_OK) {
        int64_t steps = run_bnb(x, budget, incumbent->makespan, &found, &better);
        keel_ilp_charge(st, res, (steps + BNB_STEPS - 1) / BNB_STEPS);
        res->by = better ? "bnb" : NULL;
        if (better && keel_ilp_grid_starts(P, &x->g, &found, start))
            s = take_schedule(x, start, incumbent, best, res, err);
        else
            better = false;
    }
    if (s == KEEL_OK && !better) {
        keel_plan_copy(best, incumbent);
        res->value = keel_ilp_finish_value(P, x->o->objective, incumbent->makespan);
    }
    if (s == KEEL_OK && keel_bnb_done(st->bnb))
        res->bound = keel_ilp_finish_value(P, x->o->objective, best->makespan);
    keel_plan_release(&found);
    free(start);
    return s;
}

/* The share of a round where GLPK does not run goes to a GA run of its own,
 * started without the incumbent: the GA worker already evolves from that,
 * and a population that has converged misses some optima that independent
 * runs find (at 10 s, 2 of the 5 j30 optima no run had found). The incumbent
 * is returned when that run does no better. */
static keel_status spare_share(const keel_problem *P, const keel_solve_options *o,
                               int64_t budget, keel_rng *rng, const keel_plan *incumbent,
                               keel_plan *best, keel_solve_result *res, keel_error *err)
{
    keel_objective obj;
    keel_solve_options so = *o;
    so.budget = budget;
    keel_status st = budget > 0 ? keel_solver_ga_share(P, &so, rng, NULL, best, res, err)
                                : KEEL_OK;
    if (st != KEEL_OK || !incumbent)
        return st;
    if ((st = keel_objective_init(&obj, P, o->objective, err)) != KEEL_OK)
        return st;
    double v = keel_objective_value(&obj, incumbent);
    if (!res->found ||
        keel_objective_compare(v, incumbent->makespan, res->value, best->makespan) <= 0) {
        keel_plan_copy(best, incumbent);
        res->value = v;
        res->found = true;
    }
    keel_objective_release(&obj);
    return KEEL_OK;
}

/* True when the branch and bound applies and has not ended. */
static bool bnb_pending(const exact_run *x, const keel_plan *incumbent)
{
    return x->st->bnb ? !keel_bnb_done(x->st->bnb)
                      : keel_bnb_applies(x->P, incumbent->makespan);
}

/* The share of a round GLPK leaves (keel_ilp_spare_budget): the branch and
 * bound where it is pending, else the GA; paid from the credit and added to
 * what res counts already. */
static keel_status spare(exact_run *x, keel_rng *rng, const keel_plan *incumbent,
                         keel_plan *best, keel_solve_result *res, keel_error *err)
{
    int64_t budget = keel_ilp_spare_budget(x->st, x->o->budget), before = res->schedules;
    if (bnb_pending(x, incumbent)) {
        double t0 = keel_clock_seconds();
        keel_status st = bnb_share(x, budget, incumbent, best, res, err);
        x->st->bnb_spent += effort(x, t0, res->schedules - before);
        return st;
    }
    keel_solve_result ga = {0};
    keel_status st = spare_share(x->P, x->o, budget, rng, incumbent, best, &ga, err);
    x->st->credit -= ga.schedules;
    ga.schedules += before;
    ga.bound = ga.bound > res->bound ? ga.bound : res->bound;
    *res = ga;
    return st;
}

/* A round where GLPK solves: the destructive bound once a run, then the
 * model below the incumbent. */
static keel_status glpk_share(exact_run *x, int64_t nodes, keel_rng *rng,
                              const keel_plan *incumbent, keel_plan *best,
                              keel_solve_result *res, keel_error *err)
{
    double t0 = keel_clock_seconds();
    keel_status st = x->st->bounded ? KEEL_OK : destructive_bound(x, res, err);
    int64_t bounding = res->schedules; /* what the destructive bound spent */
    if (st == KEEL_OK)
        st = solve_below(x, nodes, incumbent, best, res, err);
    x->st->glpk_spent += effort(x, t0, res->schedules);
    if (st == KEEL_OK && res->schedules == bounding) /* no solve: the share goes elsewhere */
        st = spare(x, rng, incumbent, best, res, err);
    if (st == KEEL_OK && x->st->lb > 0 && bound_of(x, x->st->lb) > res->bound)
        res->bound = bound_of(x, x->st->lb);
    return st;
}

keel_status keel_solver_ilp_exact(const keel_problem *P, const keel_solve_options *o,
                                  keel_rng *rng, const keel_plan *incumbent, keel_plan *best,
                                  keel_solve_result *res, keel_error *err)
{
    exact_run x = {.P = P, .o = o, .t0 = keel_clock_seconds()};
    const char *why;
    keel_ilp_state local = {0};
    *res = (keel_solve_result){0};
    if (!incumbent)
        return keel_solver_ga_share(P, o, rng, incumbent, best, res, err);
    keel_ilp_grid_of(P, &x.g, &why);
    if (!x.g.exact || isnan(keel_ilp_finish_value(P, o->objective, incumbent->makespan))) {
        /* no whole model: improve the schedule piecewise */
        keel_status st = keel_solver_ilp_lns(P, o, rng, incumbent, best, res, err);
        res->by = res->by ? res->by : "ilp-lns";
        return st;
    }
    x.st = keel_ilp_state_get(o);
    if (!x.st)
        x.st = &local;
    x.st->credit += o->budget;
    x.ub = keel_ilp_grid_at(&x.g, incumbent->makespan, true);
    double value = keel_ilp_finish_value(P, o->objective, incumbent->makespan);
    if (x.ub < 2 || value <= o->lower_bound)
        return KEEL_OK;
    /* the branch and bound, where it applies, gets BNB_SHARE times GLPK's effort */
    int64_t nodes = bnb_pending(&x, incumbent) && x.st->bnb_spent < BNB_SHARE * x.st->glpk_spent
                        ? 0
                        : node_limit(&x);
    keel_status st = nodes == 0 ? spare(&x, rng, incumbent, best, res, err)
                                : glpk_share(&x, nodes, rng, incumbent, best, res, err);
    if (x.st == &local)
        keel_bnb_free(local.bnb);
    return st;
}
