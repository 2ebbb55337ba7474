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
 * The budget is a total: the rounds' shares add up to it and a worker never
 * spends more than the shares it was granted (the ILP workers keep theirs as
 * a credit for steps dearer than one share: solvers/ilp_util.h), so a run
 * reports at most the budget.
 * With a time limit (the run depends on timing anyway) workers also share
 * while a round runs: each offers its new best schedules to one slot under
 * a lock and takes a better one from it at its own checkpoints (a GA
 * generation, a step of the portfolio search), so that a find reaches the
 * others in a moment instead of at the end of a round.
 * keel_driver_each runs independent jobs (risk iterations, what-if
 * scenarios, files read or written) on the same threads, so that OpenMP
 * stays in this one file.
 */
#include "run/driver.h"

#include <math.h>
#include <omp.h>
#include <stdlib.h>

#include "base/clock.h"
#include "base/error.h"

#define LARGE_JOBS 5000 /* jobs above which time-limited runs share by time */
#define SLICES 10       /* rounds of a time-limited run on a large problem */
#define MIN_SLICE 1.0   /* seconds, at least, per such round */

/* The live slot (keel_share): the best schedule any worker offered. */
typedef struct live {
    omp_lock_t lock;
    keel_plan plan;
    double value;
    const char *by;
    double at;            /* clock when it was offered */
} live;

static void live_offer(void *ctx, const keel_plan *s, double value, const char *by)
{
    live *l = ctx;
    omp_set_lock(&l->lock);
    if (keel_objective_compare(value, s->makespan, l->value, l->plan.makespan) < 0) {
        keel_plan_copy(&l->plan, s);
        l->value = value;
        l->by = by;
        l->at = keel_clock_seconds();
    }
    omp_unset_lock(&l->lock);
}

static bool live_take(void *ctx, double value, keel_time makespan, keel_plan *into,
                      double *got, const char **by)
{
    live *l = ctx;
    bool better = false;
    omp_set_lock(&l->lock);
    if (keel_objective_compare(l->value, l->plan.makespan, value, makespan) < 0) {
        keel_plan_copy(into, &l->plan);
        *got = l->value;
        *by = l->by;
        better = true;
    }
    omp_unset_lock(&l->lock);
    return better;
}

/* The live slot of a run: on with a time limit and more than one worker. */
typedef struct sharing {
    bool on;
    live slot;
    keel_share share;
} sharing;

static bool sharing_init(sharing *sh, const keel_problem *P, const keel_config *c,
                         const keel_plan *best, double value)
{
    *sh = (sharing){.on = c->time_limit > 0 && c->user->threads > 1};
    if (!sh->on)
        return true;
    if (!keel_plan_init(&sh->slot.plan, P->njobs))
        return false;
    keel_plan_copy(&sh->slot.plan, best);
    sh->slot.value = value;
    omp_init_lock(&sh->slot.lock);
    sh->share = (keel_share){live_offer, live_take, &sh->slot};
    return true;
}

static void sharing_release(sharing *sh)
{
    if (!sh->on)
        return;
    omp_destroy_lock(&sh->slot.lock);
    keel_plan_release(&sh->slot.plan);
}

/* After a round: a schedule offered during it that the round's best does
 * not beat becomes the best (found by its finder, when it was offered); an
 * equal one credits its finder, who had it first. The slot then holds the
 * best (an ILP worker's find included). */
static void merge_live(sharing *sh, keel_plan *best, double *value, double t0,
                       keel_driver_result *r)
{
    if (!sh->on)
        return;
    live *l = &sh->slot;
    int cmp = l->by ? keel_objective_compare(l->value, l->plan.makespan, *value,
                                             best->makespan)
                    : 1;
    if (cmp < 0) {
        keel_plan_copy(best, &l->plan);
        *value = l->value;
    }
    if (cmp <= 0) {
        r->solver = l->by;
        r->best_seconds = l->at - t0;
    }
    live_offer(l, best, *value, r->solver);
}

typedef struct worker {
    const keel_solver *solver;
    keel_rng rng;
    keel_plan best;
    keel_solve_result res;
    keel_status status;
    keel_error err;
    void *state;           /* the solver's, kept between rounds */
    int peer, peers;       /* earlier workers with the same solver; all of them */
} worker;

/* Large problems with a time limit share by time: in rounds of a budget in
 * schedules, one schedule of 50,000 tasks takes as long as hundreds on a
 * research instance, so a worker that spends its share quickly (the ILP's
 * neighbourhoods) would wait for the others for most of the run. */
/* The one progress path: the user's callback, called from the calling thread
 * at the end of each round and, when a single worker runs on that thread,
 * from the worker's ticks at most every half second. */
typedef struct progress {
    const keel_config *c;
    double t0, last;
    int64_t before;      /* schedules of earlier rounds (a tick counts its own) */
} progress;

static void report(progress *pg, int64_t schedules, double best, bool always)
{
    double now = keel_clock_seconds();
    if (!pg->c->progress || (!always && now - pg->last < 0.5))
        return;
    pg->last = now;
    pg->c->user->progress(now - pg->t0, schedules, best, pg->c->user->progress_ctx);
}

static void tick(int64_t schedules, double best, void *ctx)
{
    progress *pg = ctx;
    report(pg, pg->before + schedules, best, false);
}

static bool by_time(const keel_problem *P, const keel_config *c)
{
    return c->time_limit > 0 && c->user->threads > 1 && P->njobs > LARGE_JOBS;
}

static int64_t round_budget(const keel_config *c, int64_t left)
{
    int threads = c->user->threads;
    int64_t rounds = c->user->iterations;
    if (rounds <= 0 && threads == 1)
        return left; /* nothing to share: one round keeps the solver's own state */
    if (rounds <= 0)
        rounds = 10;
    int64_t per = c->budget / rounds;
    if (c->user->iterations <= 0 && c->time_limit > 0 && per > 20000 * (int64_t)threads)
        per = 20000 * (int64_t)threads; /* short rounds so that sharing happens */
    if (per < threads)
        per = threads;
    return per < left ? per : left;
}

static void run_worker(const keel_problem *P, const keel_config *c, worker *w,
                       const keel_plan *incumbent, int64_t budget, double time_left,
                       double bound, progress *pg, const keel_share *share)
{
    keel_solve_options so = {.objective = c->objective, .budget = budget,
                             .time_limit = time_left, .lower_bound = bound,
                             .state = &w->state, .stop = c->user->stop, .share = share,
                             .peer = w->peer, .peers = w->peers};
    if (c->user->threads == 1 && c->progress) {
        so.tick = tick;
        so.tick_ctx = pg;
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

static bool workers_init(worker *ws, const keel_problem *P, const keel_config *c)
{
    for (int i = 0; i < c->user->threads; i++) {
        ws[i].solver = c->solvers[i % c->nsolvers];
        for (int k = 0; k < c->user->threads; k++) {
            const keel_solver *other = c->solvers[k % c->nsolvers];
            ws[i].peer += k < i && other == ws[i].solver;
            ws[i].peers += other == ws[i].solver;
        }
        keel_rng_seed(&ws[i].rng, c->user->seed, (uint64_t)i);
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

/* One round of every worker; adds their schedules and bounds to r. */
static keel_status run_round(const keel_problem *P, const keel_config *c, worker *ws,
                             const keel_plan *best, int64_t round, int64_t share,
                             double time_left, progress *pg, const sharing *sh,
                             keel_driver_result *r, int64_t *used, keel_error *err)
{
    const int threads = c->user->threads;
    const keel_share *live_share = sh->on ? &sh->share : NULL;
    pg->before = r->schedules;
#pragma omp parallel for num_threads(threads) schedule(static, 1)
    for (int i = 0; i < threads; i++)
        run_worker(P, c, &ws[i], best, share + (i < round % threads), time_left, r->bound, pg,
                   live_share);
    *used = 0;
    for (int i = 0; i < threads; i++) {
        if (ws[i].status != KEEL_OK) {
            if (err)
                *err = ws[i].err;
            return ws[i].status;
        }
        r->schedules += ws[i].res.schedules;
        *used += ws[i].res.schedules;
        if (ws[i].res.bound > r->bound)
            r->bound = ws[i].res.bound;
    }
    return KEEL_OK;
}

static keel_status run_rounds(const keel_problem *P, const keel_config *c, double lower_bound,
                              worker *ws, keel_objective *obj, keel_plan *best,
                              sharing *sh, keel_driver_result *r, keel_error *err)
{
    const int threads = c->user->threads;
    const double limit = c->time_limit;
    double t0 = keel_clock_seconds(), value = keel_objective_value(obj, best);
    progress pg = {c, t0, t0, 0};
    int64_t left = c->budget, granted = 0;
    r->bound = lower_bound > 0 ? lower_bound : 0;
    /* proven optimal: nothing to search */
    while (left > 0 && !(value <= r->bound + 1e-9 * fabs(value))) {
        if (c->user->stop && *c->user->stop) { /* the user's stop: keep the best */
            r->stopped = true;
            break;
        }
        double elapsed = keel_clock_seconds() - t0;
        if (limit > 0 && elapsed >= limit)
            break;
        double time_left = limit > 0 ? limit - elapsed : 0;
        int64_t round = round_budget(c, left), share = round / threads, used = 0;
        if (by_time(P, c)) { /* a slice of time each, the whole budget */
            round = left;
            share = left / threads;
            time_left = fmin(time_left, fmax(MIN_SLICE, limit / SLICES));
        }
        keel_status st = run_round(P, c, ws, best, round, share, time_left, &pg, sh, r, &used,
                                   err);
        if (st != KEEL_OK)
            return st;
        /* the budget is what the rounds granted, or what the workers spent when
         * that is more (solvers keep to their shares; this keeps the total
         * to the budget whatever one of them does) */
        granted += by_time(P, c) ? (used > 0 ? used : 1) : round;
        left = c->budget - (granted > r->schedules ? granted : r->schedules);
        r->rounds++;
        share_best(obj, ws, threads, best, &value, t0, r);
        merge_live(sh, best, &value, t0, r);
        report(&pg, r->schedules, value, true);
        if (c->user->iterations > 0 && r->rounds >= c->user->iterations)
            break;
    }
    r->value = value;
    r->seconds = keel_clock_seconds() - t0;
    return KEEL_OK;
}

keel_status keel_driver_run(const keel_problem *P, const keel_config *c, double lower_bound,
                            keel_plan *best, keel_driver_result *r, keel_error *err)
{
    *r = (keel_driver_result){.solver = "initial"};
    int threads = c->user->threads;
    if (threads < 1 || c->nsolvers < 1)
        return keel_error_set(err, KEEL_ERR_INVALID, NULL, 0, "driver: no workers");
    keel_objective obj;
    keel_status st = keel_objective_init(&obj, P, c->objective, err);
    if (st != KEEL_OK)
        return st;
    worker *ws = calloc((size_t)threads, sizeof *ws);
    sharing sh = {0};
    if (!ws || !workers_init(ws, P, c) ||
        !sharing_init(&sh, P, c, best, keel_objective_value(&obj, best)))
        st = keel_error_nomem(err);
    else
        st = run_rounds(P, c, lower_bound, ws, &obj, best, &sh, r, err);
    sharing_release(&sh);
    workers_free(ws, threads);
    keel_objective_release(&obj);
    return st;
}

/* ---------------------------------------------------------------- independent jobs */

typedef struct job_failure {
    int64_t i;             /* lowest failing job of this worker, -1 for none */
    keel_status st;
    keel_error err;
} job_failure;

keel_status keel_driver_each(int64_t n, int threads, keel_driver_job job, void *ctx,
                             keel_error *err)
{
    if (threads < 1)
        return keel_error_set(err, KEEL_ERR_INVALID, NULL, 0, "driver: no workers");
    job_failure *fail = calloc((size_t)threads, sizeof *fail);
    if (!fail)
        return keel_error_nomem(err);
    for (int w = 0; w < threads; w++)
        fail[w].i = -1;
#pragma omp parallel for num_threads(threads) schedule(dynamic, 1)
    for (int64_t i = 0; i < n; i++) {
        job_failure *f = &fail[omp_get_thread_num()];
        keel_error e = {0};
        keel_status st = job(ctx, omp_get_thread_num(), i, &e);
        if (st != KEEL_OK && (f->i < 0 || i < f->i))
            *f = (job_failure){i, st, e};
    }
    keel_status st = KEEL_OK;
    int64_t first = -1;
    for (int w = 0; w < threads; w++)
        if (fail[w].i >= 0 && (first < 0 || fail[w].i < first)) {
            first = fail[w].i;
            st = fail[w].st;
            if (err)
                *err = fail[w].err;
        }
    free(fail);
    return st;
}
