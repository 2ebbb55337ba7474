/* SPDX-License-Identifier: GPL-3.0-or-later
 * Parallel portfolio of solvers (see driver.h). Each round, every worker runs
 * its solver on its share of the round's budget, starting from the shared
 * incumbent; after the round the best worker schedule (lowest objective, then
 * makespan, then worker index) becomes the incumbent. Only counts decide when
 * a round ends, so a run is reproducible; with one thread there is a single
 * round (unless --iterations asks for more) so that a solver keeps its own
 * search state.
 * Exact solvers also return a proven lower bound; the driver keeps the largest
 * and stops as soon as the incumbent reaches it (proven optimal).
 */
#include "run/driver.h"

#include <math.h>
#include <omp.h>
#include <stdlib.h>

#include "base/error.h"

#define LARGE_JOBS 5000 /* jobs above which time-limited runs share by time */
#define SLICES 10       /* rounds of a time-limited run on a large problem */
#define MIN_SLICE 1.0   /* seconds, at least, per such round */

typedef struct worker {
    const keel_solver *solver;
    keel_rng rng;
    keel_plan best;
    keel_solve_result res;
    keel_status status;
    keel_error err;
    void *state;           /* the solver's, kept between rounds */
} worker;

/* Large problems with a time limit share by time: in rounds of a budget in
 * schedules, one schedule of 50,000 tasks takes as long as hundreds on a
 * research instance, so a worker that spends its share quickly (the ILP's
 * neighbourhoods) would wait for the others for most of the run. */
static bool by_time(const keel_problem *P, const keel_driver_options *o)
{
    return o->time_limit > 0 && o->threads > 1 && P->njobs > LARGE_JOBS;
}

static int64_t round_budget(const keel_driver_options *o, int64_t left)
{
    int64_t rounds = o->rounds;
    if (rounds <= 0 && o->threads == 1)
        return left; /* nothing to share: one round keeps the solver's own state */
    if (rounds <= 0)
        rounds = 10;
    int64_t per = o->budget / rounds;
    if (o->rounds <= 0 && o->time_limit > 0 && per > 20000 * (int64_t)o->threads)
        per = 20000 * (int64_t)o->threads; /* short rounds so that sharing happens */
    if (per < o->threads)
        per = o->threads;
    return per < left ? per : left;
}

/* Progress of a single worker, at most every half second (its thread is the
 * caller's: OpenMP runs a team of one on it). */
typedef struct ticker {
    const keel_driver_options *o;
    double t0, last;
} ticker;

static void tick(int64_t schedules, double best, void *ctx)
{
    ticker *t = ctx;
    double now = keel_clock_seconds();
    if (now - t->last < 0.5)
        return;
    t->last = now;
    t->o->progress(now - t->t0, schedules, best, t->o->progress_ctx);
}

static void run_worker(const keel_problem *P, const keel_driver_options *o, worker *w,
                       const keel_plan *incumbent, int64_t budget, double time_left,
                       double bound)
{
    ticker t = {o, keel_clock_seconds(), keel_clock_seconds()};
    keel_solve_options so = {.objective = o->objective, .budget = budget,
                             .seed = o->seed, .time_limit = time_left,
                             .lower_bound = bound, .state = &w->state};
    if (o->threads == 1 && o->progress) {
        so.tick = tick;
        so.tick_ctx = &t;
    }
    w->res = (keel_solve_result){0};
    if (budget <= 0)
        return;
    w->status = w->solver->run(P, &so, &w->rng, incumbent, &w->best, &w->res, &w->err);
}

/* Takes the best worker schedule as the new incumbent when it is better. */
static void share_best(keel_objective *obj, worker *ws, int n, keel_plan *best,
                       double *value, double t0, keel_driver_result *r)
{
    int pick = -1;
    double pv = *value;
    keel_time pm = best->makespan;
    for (int i = 0; i < n; i++) {
        if (!ws[i].res.found)
            continue;
        double v = keel_objective_value(obj, &ws[i].best);
        if (keel_objective_compare(v, ws[i].best.makespan, pv, pm) < 0) {
            pick = i;
            pv = v;
            pm = ws[i].best.makespan;
        }
    }
    if (pick < 0)
        return;
    keel_plan_copy(best, &ws[pick].best);
    *value = pv;
    r->best_seconds = keel_clock_seconds() - t0;
    r->solver = ws[pick].res.by ? ws[pick].res.by : ws[pick].solver->name;
}

static bool workers_init(worker *ws, const keel_problem *P, const keel_driver_options *o)
{
    for (int i = 0; i < o->threads; i++) {
        ws[i].solver = o->solvers[i % o->nsolvers];
        keel_rng_seed(&ws[i].rng, o->seed, (uint64_t)i);
        if (!keel_plan_init(&ws[i].best, P->njobs))
            return false;
    }
    return true;
}

static void workers_free(worker *ws, int n)
{
    for (int i = 0; ws && i < n; i++) {
        keel_plan_release(&ws[i].best);
        if (ws[i].state && ws[i].solver->free_state)
            ws[i].solver->free_state(ws[i].state);
    }
    free(ws);
}

static keel_status run_rounds(const keel_problem *P, const keel_driver_options *o,
                              worker *ws, keel_objective *obj, keel_plan *best,
                              keel_driver_result *r, keel_error *err)
{
    double t0 = keel_clock_seconds(), value = keel_objective_value(obj, best);
    int64_t left = o->budget;
    r->bound = o->lower_bound > 0 ? o->lower_bound : 0;
    /* proven optimal: nothing to search */
    while (left > 0 && !(value <= r->bound + 1e-9 * fabs(value))) {
        double elapsed = keel_clock_seconds() - t0;
        if (o->time_limit > 0 && elapsed >= o->time_limit)
            break;
        double time_left = o->time_limit > 0 ? o->time_limit - elapsed : 0;
        int64_t round = round_budget(o, left), share = round / o->threads, used = 0;
        if (by_time(P, o)) { /* a slice of time each, the whole budget */
            round = left;
            share = left / o->threads;
            time_left = fmin(time_left, fmax(MIN_SLICE, o->time_limit / SLICES));
        }
#pragma omp parallel for num_threads(o->threads) schedule(static, 1)
        for (int i = 0; i < o->threads; i++)
            run_worker(P, o, &ws[i], best, share + (i < round % o->threads), time_left,
                       r->bound);
        for (int i = 0; i < o->threads; i++) {
            if (ws[i].status != KEEL_OK) {
                if (err)
                    *err = ws[i].err;
                return ws[i].status;
            }
            r->schedules += ws[i].res.schedules;
            used += ws[i].res.schedules;
            if (ws[i].res.bound > r->bound)
                r->bound = ws[i].res.bound;
        }
        left -= by_time(P, o) ? (used > 0 ? used : 1) : round;
        r->rounds++;
        share_best(obj, ws, o->threads, best, &value, t0, r);
        if (o->progress)
            o->progress(keel_clock_seconds() - t0, r->schedules, value, o->progress_ctx);
        if (o->rounds > 0 && r->rounds >= o->rounds)
            break;
    }
    r->value = value;
    r->seconds = keel_clock_seconds() - t0;
    return KEEL_OK;
}

keel_status keel_driver_run(const keel_problem *P, const keel_driver_options *o,
                            keel_plan *best, keel_driver_result *r, keel_error *err)
{
    *r = (keel_driver_result){.solver = "initial"};
    if (o->threads < 1 || o->nsolvers < 1)
        return keel_error_set(err, KEEL_ERR_INVALID, NULL, 0, "driver: no workers");
    keel_objective obj;
    keel_status st = keel_objective_init(&obj, P, o->objective, err);
    if (st != KEEL_OK)
        return st;
    worker *ws = calloc((size_t)o->threads, sizeof *ws);
    if (!ws || !workers_init(ws, P, o))
        st = keel_error_nomem(err);
    else
        st = run_rounds(P, o, ws, &obj, best, r, err);
    workers_free(ws, o->threads);
    keel_objective_release(&obj);
    return st;
}
