/* SPDX-License-Identifier: GPL-3.0-or-later
 * One Monte Carlo iteration of keel_risk_run: a random stream seeded from
 * the run's seed and the iteration index (never from the worker), one
 * uniform per uncertain job in job order, durations by the inverse of each
 * job's triangular distribution, the serial schedule generator over the
 * plan's start order, then the project finishes, their critical chains and
 * the sums of the tornado lists. Each worker owns a view of the problem with
 * its own durations; the shared problem is never written.
 */
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "base/rng.h"
#include "risk/risk.h"

#define RISK_STREAMS 0x5249534bULL /* keeps risk's streams apart from the leveler's */
#define TAIL 0.1                   /* the shortest and longest tenth of a duration */

keel_status keel_risk_worker_init(keel_risk_worker *w, const keel_risk_model *m,
                                  keel_error *err)
{
    const keel_problem *P = m->P;
    size_t n = (size_t)P->njobs + 1, q = (size_t)P->nprojects + 2;
    memset(w, 0, sizeof *w);
    w->dur = malloc(n * sizeof *w->dur);
    w->est = malloc(n * sizeof *w->est);
    w->fixed_finish = malloc(n * sizeof *w->fixed_finish);
    w->u = calloc(n, sizeof *w->u);
    w->finish = malloc(q * sizeof *w->finish);
    w->own = malloc(q * sizeof *w->own);
    w->port = malloc(q * sizeof *w->port);
    w->keys = malloc(n * sizeof *w->keys);
    w->stack = malloc(n * sizeof *w->stack);
    w->mark = calloc(n, sizeof *w->mark);
    int64_t **sums[] = {&w->critical, &w->n_low, &w->n_high, &w->low, &w->high, &w->plow,
                        &w->phigh};
    bool ok = w->dur && w->est && w->fixed_finish && w->u && w->finish && w->own && w->port &&
              w->keys &&
              w->stack && w->mark && keel_plan_init(&w->plan, P->njobs);
    for (size_t k = 0; k < sizeof sums / sizeof *sums; k++)
        ok = ok && (*sums[k] = calloc(n, sizeof(int64_t)));
    if (!ok) {
        keel_risk_worker_release(w, m);
        return keel_error_nomem(err);
    }
    keel_problem_view(P, w->dur, w->est, w->fixed_finish, m->extra, &w->view);
    keel_status st = keel_sgs_new(&w->view, 0, &w->sgs, err);
    if (st != KEEL_OK)
        keel_risk_worker_release(w, m);
    return st;
}

void keel_risk_worker_release(keel_risk_worker *w, const keel_risk_model *m)
{
    (void)m;
    keel_sgs_free(w->sgs);
    keel_plan_release(&w->plan);
    void *arrays[] = {w->dur,    w->est,   w->fixed_finish, w->u,        w->finish,
                      w->own,    w->port,  w->keys,         w->stack,    w->mark,
                      w->critical, w->n_low, w->n_high,     w->low,      w->high,
                      w->plow,   w->phigh};
    for (size_t k = 0; k < sizeof arrays / sizeof *arrays; k++)
        free(arrays[k]);
    memset(w, 0, sizeof *w);
}

static void sample(const keel_risk_model *m, keel_risk_worker *w, int64_t i)
{
    keel_rng rng;
    keel_rng_seed(&rng, m->seed ^ RISK_STREAMS, (uint64_t)i);
    for (int k = 0; k < m->nuncertain; k++) {
        int j = m->uncertain[k];
        w->u[j] = keel_rng_unit(&rng);
        keel_problem_set_duration(&w->view, m->P, j, keel_risk_quantile(m, j, w->u[j]));
    }
}

/* Each project's finish (the latest of its jobs) and the portfolio's, and
 * how far they are from the plan's in working time of each project. */
static void finishes(const keel_risk_model *m, keel_risk_worker *w)
{
    const keel_portfolio *p = m->P->portfolio;
    int np = m->P->nprojects;
    w->finish[np] = KEEL_TIME_NONE;
    for (int q = 0; q < np; q++) {
        keel_time f = KEEL_TIME_NONE;
        for (int k = m->proj_start[q]; k < m->proj_start[q + 1]; k++)
            f = w->plan.finish[m->proj_job[k]] > f ? w->plan.finish[m->proj_job[k]] : f;
        w->finish[q] = f;
        w->finish[np] = f > w->finish[np] ? f : w->finish[np];
    }
    for (int q = 0; q < np; q++) {
        const keel_calendar *cal = &p->calendars[p->projects[q].calendar];
        if (w->finish[q] == KEEL_TIME_NONE)
            continue;
        w->own[q] = keel_calendar_work_between(cal, m->plan_finish[q], w->finish[q]);
        w->port[q] = keel_calendar_work_between(cal, m->plan_finish[np], w->finish[np]);
    }
}

/* The tornado sums: how late the project and the portfolio finished in the
 * iterations in which a job ran in its shortest or longest tenth. */
static void add_tails(const keel_risk_model *m, keel_risk_worker *w)
{
    for (int k = 0; k < m->nuncertain; k++) {
        int j = m->uncertain[k], q = m->P->project[j];
        if (w->u[j] < TAIL) {
            w->n_low[j]++;
            w->low[j] += w->own[q];
            w->plow[j] += w->port[q];
        } else if (w->u[j] >= 1 - TAIL) {
            w->n_high[j]++;
            w->high[j] += w->own[q];
            w->phigh[j] += w->port[q];
        }
    }
}

void keel_risk_iterate(const keel_risk_model *m, keel_risk_worker *w, int64_t i,
                       keel_time *samples)
{
    int np = m->P->nprojects;
    sample(m, w, i);
    keel_sgs_serial(w->sgs, m->list, &w->plan);
    finishes(m, w);
    for (int q = 0; q <= np; q++)
        samples[(size_t)q * (size_t)m->iterations + (size_t)i] = w->finish[q];
    w->nkeys = 0;
    for (int q = 0; q < np; q++)
        if (w->finish[q] != KEEL_TIME_NONE)
            keel_risk_trace(m, w, q);
    add_tails(m, w);
}
