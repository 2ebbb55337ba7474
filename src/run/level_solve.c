/* SPDX-License-Identifier: GPL-3.0-or-later
 * The search part of keel_level: the MS Project-like single pass gives the
 * first feasible schedule and the baseline users compare against; the driver
 * improves it; the lower bound gives the gap to the best possible schedule.
 */
#include <math.h>
#include <stdlib.h>

#include "analysis/bounds.h"
#include "base/clock.h"
#include "base/error.h"
#include "run/driver.h"
#include "run/level.h"

#define WITHIN_SLACK_LISTS 2000 /* lists tried when leveling within slack */
#define MIN_SEARCH_SECONDS 1e-3 /* the driver's share of a spent time limit */

static keel_status first_feasible(keel_run *run, keel_search_outcome *out, keel_error *err)
{
    keel_solve_options so = {.objective = run->c->objective, .budget = 1};
    keel_rng rng;
    keel_rng_seed(&rng, run->c->user->seed, 0xfeed);
    keel_solve_result res;
    keel_status st = keel_solver_msp_standard(run->P, &so, &rng, NULL, &run->best, &res, err);
    out->baseline = res.value;
    out->first_feasible_seconds = keel_clock_seconds() - run->t0;
    return st;
}

/* A lower bound on the objective from the critical path and resource energy
 * (bounds.c), in the objective's own units. */
static double objective_bound(const keel_run *run, const keel_bounds *b)
{
    const keel_portfolio *p = run->p;
    double sum = 0;
    switch (run->c->objective) {
    case KEEL_OBJ_MAKESPAN:
        return (double)(b->finish_lb - run->P->origin);
    case KEEL_OBJ_TMS:
        return (double)b->tms_lb;
    case KEEL_OBJ_WTARDY:
        return b->tardiness_lb;
    case KEEL_OBJ_APD:
        return p->nprojects ? b->delay_lb / p->nprojects : 0;
    case KEEL_OBJ_WDELAY:
        for (int q = 0; q < p->nprojects; q++)
            sum += p->projects[q].weight * keel_project_days(p, q, run->cpm->project_finish[q],
                                                             b->project_finish_lb[q]);
        return sum;
    }
    return NAN;
}

static keel_status static_bound(keel_run *run, double *bound, keel_error *err)
{
    keel_bounds *b = NULL;
    keel_status st = keel_bounds_compute(run->p, run->cpm, &b, err);
    if (st != KEEL_OK)
        return st;
    *bound = objective_bound(run, b);
    keel_bounds_free(b);
    return KEEL_OK;
}

/* The reported bound: the static one (critical path, energy), or a solver's
 * proven bound (ilp-exact: GLPK's MIP bound, or an infeasible model below the
 * incumbent) when larger, never above the value found. */
static double reported_bound(double fixed, double proven, double value)
{
    if (proven > fixed || isnan(fixed))
        return proven > value ? value : proven;
    return fixed;
}

static keel_status plan_value(const keel_run *run, double *value, keel_error *err)
{
    keel_objective obj;
    keel_status st = keel_objective_init(&obj, run->P, run->c->objective, err);
    if (st == KEEL_OK) {
        *value = keel_objective_value(&obj, &run->best);
        keel_objective_release(&obj);
    }
    return st;
}

/* The value of run->best and the static bound, for runs without a driver. */
static keel_status value_and_bound(keel_run *run, keel_search_outcome *out,
                                   keel_error *err)
{
    keel_status st = plan_value(run, &out->value, err);
    double fixed = NAN;
    if (st == KEEL_OK)
        st = static_bound(run, &fixed, err);
    out->lower_bound = reported_bound(fixed, 0, out->value);
    return st;
}

/* Within slack: every task finishes by its late finish from the resource-free
 * critical path (never before its early finish), so no project finish moves. */
static keel_status solve_within_slack(keel_run *run, keel_search_outcome *out,
                                      keel_error *err)
{
    const keel_problem *P = run->P;
    keel_time *latest = malloc(sizeof(keel_time) * (size_t)(P->njobs + 1));
    bool *flags = malloc(sizeof(bool) * (size_t)(P->njobs + 1));
    keel_schedule *after = run->after;
    after->unresolved = calloc((size_t)run->p->ntasks + 1, sizeof(bool));
    if (!latest || !flags || !after->unresolved) {
        free(latest);
        free(flags);
        return keel_error_nomem(err);
    }
    for (int j = 0; j < P->njobs; j++) {
        int t = P->task[j];
        latest[j] = run->cpm->lf[t] > run->cpm->ef[t] ? run->cpm->lf[t] : run->cpm->ef[t];
    }
    keel_rng rng;
    keel_rng_seed(&rng, run->c->user->seed, 0x51ac);
    int64_t budget = run->c->budget < WITHIN_SLACK_LISTS ? run->c->budget : WITHIN_SLACK_LISTS;
    keel_status st = keel_solver_within_slack(P, latest, budget, &rng, &run->best, flags,
                                              &out->unresolved, &out->schedules, err);
    for (int j = 0; st == KEEL_OK && j < P->njobs; j++)
        after->unresolved[P->task[j]] = flags[j];
    out->solver = "within-slack";
    out->best_seconds = keel_clock_seconds() - run->t0;
    free(latest);
    free(flags);
    return st == KEEL_OK ? value_and_bound(run, out, err) : st;
}

/* The driver's share of a time limit: what keel_level has not used so far,
 * less what it needs after the search; at least a moment, so that a limit
 * already spent stops the driver at once instead of lifting the limit. */
static keel_config driver_config(const keel_run *run)
{
    keel_config c = *run->c;
    if (c.time_limit > 0) {
        double left = c.time_limit - (keel_clock_seconds() - run->t0) - run->after_search;
        c.time_limit = left > MIN_SEARCH_SECONDS ? left : MIN_SEARCH_SECONDS;
    }
    return c;
}

static keel_status search(keel_run *run, keel_search_outcome *out, keel_error *err)
{
    double fixed = 0;
    keel_status st = static_bound(run, &fixed, err);
    if (st != KEEL_OK)
        return st;
    keel_driver_result dr;
    double driver_t0 = keel_clock_seconds();
    keel_config dc = driver_config(run);
    st = keel_driver_run(run->P, &dc, isfinite(fixed) ? fixed : 0, &run->best, &dr, err);
    if (st != KEEL_OK)
        return st;
    out->value = dr.value;
    out->schedules = dr.schedules + 1;
    out->rounds = dr.rounds;
    out->stopped = dr.stopped;
    out->solver = dr.solver;
    out->best_seconds = dr.best_seconds > 0 ? driver_t0 - run->t0 + dr.best_seconds
                                            : out->first_feasible_seconds;
    out->lower_bound = reported_bound(fixed, dr.bound, out->value);
    return KEEL_OK;
}

keel_status keel_level_solve(keel_run *run, keel_search_outcome *out, keel_error *err)
{
    if (!keel_plan_init(&run->best, run->P->njobs))
        return keel_error_nomem(err);
    keel_status st = first_feasible(run, out, err);
    if (st != KEEL_OK)
        return st;
    if (run->c->user->within_slack)
        return solve_within_slack(run, out, err);
    return search(run, out, err);
}

/* The given schedule as the plan (its leaves' dates), for evaluation. */
static void plan_from_schedule(const keel_problem *P, const keel_schedule *s, keel_plan *plan)
{
    plan->makespan = KEEL_TIME_NONE;
    for (int j = 0; j < P->njobs; j++) {
        plan->start[j] = s->start[P->task[j]];
        plan->finish[j] = s->finish[P->task[j]];
        if (plan->makespan == KEEL_TIME_NONE || plan->finish[j] > plan->makespan)
            plan->makespan = plan->finish[j];
    }
}

keel_status keel_level_evaluate(keel_run *run, const keel_schedule *given,
                                keel_search_outcome *out, keel_error *err)
{
    if (!keel_plan_init(&run->best, run->P->njobs))
        return keel_error_nomem(err);
    keel_status st = first_feasible(run, out, err);
    if (st != KEEL_OK)
        return st;
    plan_from_schedule(run->P, given, &run->best);
    out->solver = "none";
    out->best_seconds = out->first_feasible_seconds;
    return value_and_bound(run, out, err);
}
