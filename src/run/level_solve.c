/* SPDX-License-Identifier: GPL-3.0-or-later
 * The search part of keel_level: the MS Project-like single pass gives the
 * first feasible schedule and the baseline users compare against; the driver
 * improves it; the lower bound gives the gap to the best possible schedule.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/bounds.h"
#include "search/delay_bound.h"
#include "search/sgs.h"
#include "base/clock.h"
#include "base/error.h"
#include "run/driver.h"
#include "run/level.h"

#define WITHIN_SLACK_LISTS 2000 /* lists tried when leveling within slack */
#define MIN_SEARCH_SECONDS 1e-3 /* the driver's share of a spent time limit */
#define RULE_PASSES 64          /* more than the rule passes: they all run */

keel_status keel_level_first(keel_run *run, keel_search_outcome *out, keel_error *err)
{
    if (!keel_plan_init(&run->best, run->P->njobs))
        return keel_error_nomem(err);
    keel_solve_options so = {.objective = run->c->objective, .budget = 1};
    keel_rng rng;
    keel_rng_seed(&rng, run->c->user->seed, 0xfeed);
    keel_solve_result res;
    keel_status st = keel_solver_msp_standard(run->P, &so, &rng, NULL, &run->best, &res, err);
    out->baseline = res.value;
    out->first_feasible_seconds = keel_clock_seconds() - run->t0;
    return st;
}

/* The driver's share of a time limit: what keel_level has not used so far,
 * less what it needs after the search; at least a moment, so that a limit
 * already spent stops the driver at once instead of lifting the limit. */
keel_config keel_level_driver_config(const keel_run *run)
{
    keel_config c = *run->c;
    if (c.time_limit > 0) {
        double left = c.time_limit - (keel_clock_seconds() - run->t0) - run->after_search;
        c.time_limit = left > MIN_SEARCH_SECONDS ? left : MIN_SEARCH_SECONDS;
    }
    return c;
}

/* A portfolio starts from the best rule-based pass when it beats the MS
 * Project-like one. A single project (the research instances the GA's
 * published figures come from) keeps the MS Project-like start. */
keel_status keel_level_rules(keel_run *run, keel_search_outcome *out, keel_error *err)
{
    out->rules_value = NAN;
    out->start_by = "initial";
    const volatile sig_atomic_t *stop = run->c->user->stop;
    if (run->P->nprojects < 2 || (stop && *stop))
        return KEEL_OK;
    keel_config dc = keel_level_driver_config(run);
    keel_solve_options so = {.objective = run->c->objective, .budget = RULE_PASSES,
                             .time_limit = dc.time_limit, .stop = stop};
    keel_rng rng;
    keel_rng_seed(&rng, run->c->user->seed, 0x5011);
    keel_solve_result res;
    keel_plan plan = {0};
    if (!keel_plan_init(&plan, run->P->njobs))
        return keel_error_nomem(err);
    keel_status st = keel_solver_rules(run->P, &so, &rng, NULL, &plan, &res, err);
    if (st == KEEL_OK && res.found) {
        out->rules_value = res.value;
        out->rules_best = res.by;
        out->rules_finish = plan.makespan;
        out->start_schedules = res.schedules;
        if (keel_objective_compare(res.value, plan.makespan, out->baseline,
                                   run->best.makespan) < 0) {
            keel_plan_copy(&run->best, &plan);
            out->start_by = res.by;
        }
    }
    out->start_seconds = keel_clock_seconds() - run->t0;
    keel_plan_release(&plan);
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

/* The resource-competition bound on delay objectives (search/delay_bound.h)
 * when it beats the critical-path and energy one; says how it was found. */
static keel_status competition_bound(keel_run *run, double *bound, keel_search_outcome *out,
                                     keel_error *err)
{
    keel_objective obj;
    keel_delay_bound db;
    keel_status st = keel_objective_init(&obj, run->P, run->c->objective, err);
    if (st != KEEL_OK)
        return st;
    st = keel_delay_bound_compute(run->P, &obj, &db, err);
    keel_objective_release(&obj);
    if (st != KEEL_OK || !(db.value > *bound))
        return st;
    *bound = db.value;
    if (db.resource >= 0)
        snprintf(out->bound_how, sizeof out->bound_how,
                 "competition for %d resource%s sharing no project, the most for '%s' "
                 "(%d projects)",
                 db.nresources, db.nresources == 1 ? "" : "s",
                 run->p->resources[run->P->res[db.resource]].name, db.nprojects);
    else
        snprintf(out->bound_how, sizeof out->bound_how,
                 "each project's own work on its resources");
    return KEEL_OK;
}

keel_status keel_level_bound(keel_run *run, double *bound, keel_search_outcome *out,
                            keel_error *err)
{
    keel_bounds *b = NULL;
    keel_status st = keel_bounds_compute(run->p, run->cpm, &b, err);
    if (st != KEEL_OK)
        return st;
    *bound = objective_bound(run, b);
    keel_bounds_free(b);
    snprintf(out->bound_how, sizeof out->bound_how, "critical path and resource energy");
    st = competition_bound(run, bound, out, err);
    return KEEL_OK;
}

/* The reported bound: the static one (critical path, energy), or a solver's
 * proven bound (ilp-exact: GLPK's MIP bound, or an infeasible model below the
 * incumbent) when larger, never above the value found. */
double keel_level_reported_bound(double fixed, double proven, double value)
{
    double b = proven > fixed || isnan(fixed) ? proven : fixed;
    return b > value ? value : b;
}

keel_status keel_level_value(const keel_run *run, double *value, keel_error *err)
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
    keel_status st = keel_level_value(run, &out->value, err);
    double fixed = NAN;
    if (st == KEEL_OK)
        st = keel_level_bound(run, &fixed, out, err);
    out->lower_bound = keel_level_reported_bound(fixed, 0, out->value);
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

keel_status keel_level_search(keel_run *run, keel_search_outcome *out, keel_error *err)
{
    double fixed = 0;
    keel_status st = keel_level_bound(run, &fixed, out, err);
    if (st != KEEL_OK)
        return st;
    keel_driver_result dr;
    double driver_t0 = keel_clock_seconds();
    keel_config dc = keel_level_driver_config(run);
    st = keel_driver_run(run->P, &dc, isfinite(fixed) ? fixed : 0, &run->best, &dr, err);
    if (st != KEEL_OK)
        return st;
    out->value = dr.value;
    out->schedules = dr.schedules + 1 + out->start_schedules;
    out->rounds = dr.rounds;
    bool improved = strcmp(dr.solver, "initial") != 0;
    bool from_rules = strcmp(out->start_by, "initial") != 0;
    out->stopped = dr.stopped;
    out->solver = improved ? dr.solver : out->start_by;
    out->best_seconds = improved     ? driver_t0 - run->t0 + dr.best_seconds
                        : from_rules ? out->start_seconds
                                     : out->first_feasible_seconds;
    out->lower_bound = keel_level_reported_bound(fixed, dr.bound, out->value);
    if (dr.bound > fixed)
        snprintf(out->bound_how, sizeof out->bound_how, "integer program (GLPK)");
    return KEEL_OK;
}

/* As Late As Possible tasks end the search as late as their successors and
 * the capacity allow (keel_sgs_alap): whatever found the schedule treated
 * them as a release date, and no project finish, so no objective, changes. */
static keel_status place_alap(keel_run *run, keel_error *err)
{
    if (run->P->nalap == 0)
        return KEEL_OK;
    keel_sgs *w = NULL;
    keel_status st = keel_sgs_new(run->P, 0, &w, err);
    if (st == KEEL_OK)
        keel_sgs_alap(w, &run->best);
    keel_sgs_free(w);
    return st;
}

keel_status keel_level_solve(keel_run *run, keel_search_outcome *out, keel_error *err)
{
    keel_status st = keel_level_first(run, out, err);
    if (st != KEEL_OK)
        return st;
    if (run->c->user->within_slack) {
        st = solve_within_slack(run, out, err);
        return st == KEEL_OK ? place_alap(run, err) : st;
    }
    st = keel_level_rules(run, out, err);
    if (st == KEEL_OK && run->start)
        st = keel_level_warm(run, out, err);
    bool decomposed = false;
    if (st == KEEL_OK)
        st = keel_level_clusters(run, out, &decomposed, err);
    if (st == KEEL_OK && !decomposed)
        st = keel_level_search(run, out, err);
    if (st == KEEL_OK && run->start)
        st = keel_level_keep(run, out, err);
    return st == KEEL_OK ? place_alap(run, err) : st;
}

/* The given schedule as the plan (its leaves' dates), for evaluation. */
static void plan_from_schedule(const keel_problem *P, const keel_schedule *s, keel_plan *plan)
{
    for (int j = 0; j < P->njobs; j++) {
        plan->start[j] = s->start[P->task[j]];
        plan->finish[j] = s->finish[P->task[j]];
    }
    keel_plan_set_makespan(plan);
}

keel_status keel_level_evaluate(keel_run *run, const keel_schedule *given,
                                keel_search_outcome *out, keel_error *err)
{
    keel_status st = keel_level_first(run, out, err);
    if (st != KEEL_OK)
        return st;
    plan_from_schedule(run->P, given, &run->best);
    out->solver = "none";
    out->best_seconds = out->first_feasible_seconds;
    return value_and_bound(run, out, err);
}
