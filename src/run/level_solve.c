/* SPDX-License-Identifier: GPL-3.0-or-later
 * The search part of keel_level: the MS Project-like single pass gives the
 * first feasible schedule and the baseline users compare against; the driver
 * improves it; the lower bound gives the gap to the best possible schedule.
 */
#include <math.h>
#include <stdlib.h>

#include "analysis/bounds.h"
#include "base/error.h"
#include "run/driver.h"
#include "run/level.h"

#define DEFAULT_BUDGET 50000
#define DEFAULT_PLACEMENTS 6000000
#define MIN_DEFAULT_BUDGET 100
#define UNLIMITED_BUDGET ((int64_t)1 << 50)
#define WITHIN_SLACK_LISTS 2000 /* lists tried when leveling within slack */

/* The default budget keeps the run in seconds to a minute: 50,000 schedules
 * up to 120 tasks (the research protocol), then about 6 million task
 * placements in all. */
static int64_t budget_of(const keel_options *o, int njobs)
{
    if (o->schedules > 0)
        return o->schedules;
    if (o->time_limit > 0)
        return UNLIMITED_BUDGET;
    if (njobs <= 120)
        return DEFAULT_BUDGET;
    int64_t b = DEFAULT_PLACEMENTS / njobs;
    return b < MIN_DEFAULT_BUDGET ? MIN_DEFAULT_BUDGET : b;
}

static keel_status first_feasible(keel_run *run, keel_objective_kind kind, keel_error *err)
{
    keel_solve_options so = {.objective = kind, .budget = 1, .seed = run->o->seed};
    keel_rng rng;
    keel_rng_seed(&rng, run->o->seed, 0xfeed);
    keel_solve_result res;
    keel_status st = keel_solver_msp_standard(run->P, &so, &rng, NULL, &run->best, &res, err);
    run->r->info.baseline = res.value;
    return st;
}

/* A lower bound on the objective from the critical path and resource energy
 * (bounds.c), in the objective's own units. */
static double objective_bound(const keel_run *run, const keel_bounds *b,
                              keel_objective_kind kind)
{
    const keel_portfolio *p = run->p;
    double sum = 0;
    switch (kind) {
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
            sum += p->projects[q].weight *
                   (double)(b->project_finish_lb[q] - run->cpm->project_finish[q]);
        return sum;
    }
    return NAN;
}

static keel_status static_bound(keel_run *run, keel_objective_kind kind, double *bound,
                               keel_error *err)
{
    keel_bounds *b = NULL;
    keel_status st = keel_bounds_compute(run->p, run->cpm, &b, err);
    if (st != KEEL_OK)
        return st;
    *bound = objective_bound(run, b, kind);
    keel_bounds_free(b);
    return KEEL_OK;
}

/* The reported bound: the static one (critical path, energy), or a solver's
 * proven bound (ilp-exact: GLPK's MIP bound, or an infeasible model below the
 * incumbent) when larger. */
static keel_status lower_bound(keel_run *run, keel_objective_kind kind, double proven,
                               keel_error *err)
{
    keel_result_info *info = &run->r->info;
    keel_status st = static_bound(run, kind, &info->lower_bound, err);
    if (st != KEEL_OK)
        return st;
    if (proven > info->lower_bound || isnan(info->lower_bound))
        info->lower_bound = proven > info->value ? info->value : proven;
    info->optimal = info->value <= info->lower_bound;
    info->gap = info->lower_bound > 0 ? (info->value - info->lower_bound) / info->lower_bound
                : info->optimal ? 0
                                : NAN;
    return KEEL_OK;
}

static void forward_progress(double seconds, int64_t schedules, double best, void *ctx)
{
    const keel_options *o = ctx;
    o->progress(seconds, schedules, best, o->progress_ctx);
}

/* Within slack: every task finishes by its late finish from the resource-free
 * critical path (never before its early finish), so no project finish moves. */
static keel_status solve_within_slack(keel_run *run, keel_error *err)
{
    const keel_problem *P = run->P;
    keel_time *latest = malloc(sizeof(keel_time) * (size_t)(P->njobs + 1));
    bool *flags = malloc(sizeof(bool) * (size_t)(P->njobs + 1));
    keel_schedule *after = run->r->after;
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
    keel_rng_seed(&rng, run->o->seed, 0x51ac);
    int64_t budget = budget_of(run->o, P->njobs) < WITHIN_SLACK_LISTS ? budget_of(run->o, P->njobs)
                                                            : WITHIN_SLACK_LISTS;
    keel_status st = keel_solver_within_slack(P, latest, budget, &rng, &run->best, flags,
                                              &run->r->info.unresolved,
                                              &run->r->info.schedules, err);
    for (int j = 0; st == KEEL_OK && j < P->njobs; j++)
        after->unresolved[P->task[j]] = flags[j];
    run->r->info.solver = "within-slack";
    free(latest);
    free(flags);
    return st;
}

keel_status keel_level_solve(keel_run *run, double t0, keel_error *err)
{
    const keel_options *o = run->o;
    keel_objective_kind kind = (keel_objective_kind)keel_objective_parse(o->objective);
    if (!keel_plan_init(&run->best, run->P->njobs))
        return keel_error_nomem(err);
    keel_status st = first_feasible(run, kind, err);
    if (st != KEEL_OK)
        return st;
    run->r->info.first_feasible_seconds = keel_clock_seconds() - t0;
    if (o->within_slack) {
        st = solve_within_slack(run, err);
        run->r->info.best_seconds = keel_clock_seconds() - t0;
        if (st == KEEL_OK) {
            keel_objective obj;
            st = keel_objective_init(&obj, run->P, kind, err);
            if (st == KEEL_OK) {
                run->r->info.value = keel_objective_value(&obj, &run->best);
                keel_objective_release(&obj);
            }
        }
        return st == KEEL_OK ? lower_bound(run, kind, 0, err) : st;
    }
    double bound = 0;
    st = static_bound(run, kind, &bound, err);
    if (st != KEEL_OK)
        return st;
    keel_driver_options d = {
        .threads = o->threads, .solvers = run->solvers, .nsolvers = run->nsolvers,
        .objective = kind, .budget = budget_of(o, run->P->njobs), .rounds = o->iterations,
        .time_limit = o->time_limit, .seed = o->seed,
        .lower_bound = isfinite(bound) ? bound : 0,
        .progress = (o->progress && !o->quiet) ? forward_progress : NULL,
        .progress_ctx = (void *)o};
    keel_driver_result dr;
    double driver_t0 = keel_clock_seconds();
    st = keel_driver_run(run->P, &d, &run->best, &dr, err);
    if (st != KEEL_OK)
        return st;
    keel_result_info *info = &run->r->info;
    info->value = dr.value;
    info->schedules = dr.schedules + 1;
    info->rounds = dr.rounds;
    info->solver = dr.solver;
    info->best_seconds = dr.best_seconds > 0 ? driver_t0 - t0 + dr.best_seconds
                                             : info->first_feasible_seconds;
    return lower_bound(run, kind, dr.bound, err);
}
