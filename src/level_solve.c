/* SPDX-License-Identifier: GPL-3.0-or-later
 * The search part of keel_level: the MS Project-like single pass gives the
 * first feasible schedule and the baseline users compare against; the driver
 * improves it; the lower bound gives the gap to the best possible schedule.
 */
#include <math.h>

#include "driver.h"
#include "error.h"
#include "level.h"

#define DEFAULT_BUDGET 50000
#define UNLIMITED_BUDGET ((int64_t)1 << 50)

static int64_t budget_of(const keel_options *o)
{
    if (o->schedules > 0)
        return o->schedules;
    return o->time_limit > 0 ? UNLIMITED_BUDGET : DEFAULT_BUDGET;
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

/* Lower bound on the objective: the resource-free CPM for the makespan kinds;
 * delays and tardiness are bounded by zero only, so their gap stays unknown. */
static void lower_bound(keel_run *run, keel_objective_kind kind)
{
    keel_result_info *info = &run->r->info;
    info->lower_bound = NAN;
    info->gap = NAN;
    if (kind == KEEL_OBJ_MAKESPAN || kind == KEEL_OBJ_TMS) {
        keel_time lo = run->cpm->project_start[0];
        for (int q = 1; q < run->p->nprojects; q++)
            if (run->cpm->project_start[q] < lo)
                lo = run->cpm->project_start[q];
        if (kind == KEEL_OBJ_MAKESPAN)
            lo = run->P->origin;
        info->lower_bound = (double)(run->cpm->finish - lo);
    }
    if (isfinite(info->lower_bound) && info->lower_bound > 0) {
        info->gap = (info->value - info->lower_bound) / info->lower_bound;
        info->optimal = info->value <= info->lower_bound;
    }
}

static void forward_progress(double seconds, int64_t schedules, double best, void *ctx)
{
    const keel_options *o = ctx;
    o->progress(seconds, schedules, best, o->progress_ctx);
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
    run->r->info.first_feasible_seconds = keel_solver_clock() - t0;
    keel_driver_options d = {
        .threads = o->threads, .solvers = run->solvers, .nsolvers = run->nsolvers,
        .objective = kind, .budget = budget_of(o), .rounds = o->iterations,
        .time_limit = o->time_limit, .seed = o->seed,
        .progress = (o->progress && !o->quiet) ? forward_progress : NULL,
        .progress_ctx = (void *)o};
    keel_driver_result dr;
    st = keel_driver_run(run->P, &d, &run->best, &dr, err);
    if (st != KEEL_OK)
        return st;
    keel_result_info *info = &run->r->info;
    info->value = dr.value;
    info->schedules = dr.schedules + 1;
    info->rounds = dr.rounds;
    info->solver = dr.solver;
    lower_bound(run, kind);
    return KEEL_OK;
}
