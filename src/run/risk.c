/* SPDX-License-Identifier: GPL-3.0-or-later
 * keel_risk_run: the Monte Carlo risk analysis of a plan (src/risk/). Builds
 * the shared model once (the plan's start order as the activity list, every
 * job's three-point estimate, the plan's finishes, the plan re-timed with
 * its planned durations), runs the iterations as independent jobs on the
 * driver's threads, adds the workers' integer sums and summarises. Also the
 * risk options.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/schedule.h"
#include "base/clock.h"
#include "base/error.h"
#include "risk/risk.h"
#include "run/driver.h"

#define MAX_ITERATIONS 10000000
#define MAX_DRIVERS 1000

void keel_risk_options_init(keel_risk_options *o)
{
    memset(o, 0, sizeof *o);
    o->iterations = 1000;
    o->seed = 1;
    o->threads = 1;
    o->npercentiles = 3;
    o->percentiles[0] = 50;
    o->percentiles[1] = 80;
    o->percentiles[2] = 95;
    o->file_estimates = true;
    o->drivers = 10;
}

static bool whole(const char *s, long long lo, long long hi, long long *out)
{
    char *end = NULL;
    long long v = strtoll(s, &end, 10);
    if (end == s || *end || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

/* "50,80,95": 1..KEEL_RISK_MAX_PERCENTILES numbers in 0..100. */
static bool parse_percentiles(const char *s, keel_risk_options *o)
{
    keel_risk_options t = *o;
    t.npercentiles = 0;
    for (const char *c = s;;) {
        char *end = NULL;
        double v = strtod(c, &end);
        if (end == c || !(v >= 0 && v <= 100) || t.npercentiles == KEEL_RISK_MAX_PERCENTILES)
            return false;
        t.percentiles[t.npercentiles++] = v;
        if (*end == '\0')
            break;
        if (*end != ',')
            return false;
        c = end + 1;
    }
    *o = t;
    return true;
}

keel_status keel_risk_options_set(keel_risk_options *o, const char *name, const char *value,
                                  keel_error *err)
{
    long long v = 0;
    const char *range;
    if (strcmp(name, "iterations") == 0) {
        range = "a whole number in 1..10000000";
        if (whole(value, 1, MAX_ITERATIONS, &v))
            return o->iterations = v, KEEL_OK;
    } else if (strcmp(name, "seed") == 0) {
        range = "a whole number in 0..4294967295";
        if (whole(value, 0, 4294967295LL, &v))
            return o->seed = (uint64_t)v, KEEL_OK;
    } else if (strcmp(name, "threads") == 0) {
        range = "a whole number in 1..256";
        if (whole(value, 1, 256, &v))
            return o->threads = (int)v, KEEL_OK;
    } else if (strcmp(name, "drivers") == 0) {
        range = "a whole number in 0..1000";
        if (whole(value, 0, MAX_DRIVERS, &v))
            return o->drivers = (int)v, KEEL_OK;
    } else if (strcmp(name, "file-estimates") == 0) {
        range = "0 or 1";
        if (whole(value, 0, 1, &v))
            return o->file_estimates = v, KEEL_OK;
    } else if (strcmp(name, "percentiles") == 0) {
        range = "1 to 8 numbers in 0..100, separated by commas (50,80,95)";
        if (parse_percentiles(value, o))
            return KEEL_OK;
    } else {
        return keel_error_set(err, KEEL_ERR_INVALID, NULL, 0, "unknown risk option '%.60s'",
                              name);
    }
    return keel_error_set(err, KEEL_ERR_INVALID, NULL, 0, "--%s: '%.60s' is not %s", name,
                          value, range);
}

/* The same ranges for options filled in by hand. */
static keel_status check_options(const keel_risk_options *o, keel_error *err)
{
    const char *bad = o->iterations < 1 || o->iterations > MAX_ITERATIONS ? "iterations"
                      : o->threads < 1 || o->threads > 256             ? "threads"
                      : o->drivers < 0 || o->drivers > MAX_DRIVERS     ? "drivers"
                      : o->npercentiles < 1 || o->npercentiles > KEEL_RISK_MAX_PERCENTILES
                          ? "percentiles"
                          : NULL;
    for (int k = 0; !bad && k < o->npercentiles; k++)
        if (!(o->percentiles[k] >= 0 && o->percentiles[k] <= 100))
            bad = "percentiles";
    if (!bad)
        return KEEL_OK;
    return keel_error_set(err, KEEL_ERR_INVALID, NULL, 0,
                          "--%s: out of range (iterations 1..10000000, threads 1..256, "
                          "drivers 0..1000, 1..8 percentiles in 0..100)",
                          bad);
}

/* ---------------------------------------------------------------- the model */

typedef struct setup {
    keel_risk_model m;
    keel_plan plan, nominal;
    keel_sgs *sgs;           /* on the shared problem, for the list and the nominal pass */
} setup;

static bool alloc_model(setup *s, const keel_problem *P)
{
    size_t n = (size_t)P->njobs + 1, q = (size_t)P->nprojects + 2;
    keel_risk_model *m = &s->m;
    m->list = malloc(n * sizeof *m->list);
    m->lo = malloc(n * sizeof *m->lo);
    m->mode = malloc(n * sizeof *m->mode);
    m->hi = malloc(n * sizeof *m->hi);
    m->source = malloc(n);
    m->uncertain = malloc(n * sizeof *m->uncertain);
    m->proj_start = calloc(q, sizeof *m->proj_start);
    m->proj_job = malloc(n * sizeof *m->proj_job);
    m->plan_finish = malloc(q * sizeof *m->plan_finish);
    return m->list && m->lo && m->mode && m->hi && m->source && m->uncertain &&
           m->proj_start && m->proj_job && m->plan_finish &&
           keel_plan_init(&s->plan, P->njobs) && keel_plan_init(&s->nominal, P->njobs);
}

static void free_setup(setup *s)
{
    keel_risk_model *m = &s->m;
    void *arrays[] = {m->list,       m->lo,       m->mode,       m->hi, m->source,
                      m->uncertain,  m->proj_start, m->proj_job, m->plan_finish};
    for (size_t k = 0; k < sizeof arrays / sizeof *arrays; k++)
        free(arrays[k]);
    keel_plan_release(&s->plan);
    keel_plan_release(&s->nominal);
    keel_sgs_free(s->sgs);
}

/* The jobs of each project, grouped (CSR). */
static void group_projects(keel_risk_model *m)
{
    const keel_problem *P = m->P;
    int np = P->nprojects;
    for (int j = 0; j < P->njobs; j++)
        m->proj_start[P->project[j] + 1]++;
    for (int q = 0; q < np; q++)
        m->proj_start[q + 1] += m->proj_start[q];
    int *fill = m->uncertain; /* free until the estimates */
    for (int q = 0; q < np; q++)
        fill[q] = m->proj_start[q];
    for (int j = 0; j < P->njobs; j++)
        m->proj_job[fill[P->project[j]]++] = j;
}

/* Each project's latest finish in plan, the portfolio's at [nprojects];
 * KEEL_TIME_NONE for a project without jobs. */
static void project_finishes(const keel_risk_model *m, const keel_plan *plan, keel_time *finish)
{
    int np = m->P->nprojects;
    finish[np] = KEEL_TIME_NONE;
    for (int q = 0; q < np; q++) {
        finish[q] = KEEL_TIME_NONE;
        for (int k = m->proj_start[q]; k < m->proj_start[q + 1]; k++)
            if (plan->finish[m->proj_job[k]] > finish[q])
                finish[q] = plan->finish[m->proj_job[k]];
        finish[np] = finish[q] > finish[np] ? finish[q] : finish[np];
    }
}

/* The plan as the solver's jobs; KEEL_ERR_INVALID when it is not p's. */
static keel_status read_plan(const keel_problem *P, const keel_schedule *sched, keel_plan *out,
                             keel_error *err)
{
    if (!sched || sched->ntasks != P->portfolio->ntasks)
        return keel_error_set(err, KEEL_ERR_INVALID, NULL, 0,
                              "risk: the plan is not a schedule of this portfolio");
    for (int j = 0; j < P->njobs; j++) {
        int t = P->task[j];
        out->start[j] = sched->start[t];
        out->finish[j] = sched->finish[t];
        if (out->start[j] == KEEL_TIME_NONE || out->finish[j] == KEEL_TIME_NONE) {
            const keel_task *k = &P->portfolio->tasks[t];
            return keel_error_set(err, KEEL_ERR_INVALID, NULL, 0,
                                  "risk: the plan has no dates for task UID %d '%.200s'",
                                  (int)k->uid, k->name);
        }
    }
    return KEEL_OK;
}

/* The shared model; the plan's and the re-timed finishes go to r. */
static keel_status build_model(setup *s, const keel_problem *P, const keel_schedule *sched,
                               const keel_risk_options *o, keel_risk *r, keel_error *err)
{
    keel_risk_model *m = &s->m;
    m->P = P;
    m->seed = o->seed;
    m->iterations = o->iterations;
    if (!alloc_model(s, P))
        return keel_error_nomem(err);
    keel_status st = read_plan(P, sched, &s->plan, err);
    if (st == KEEL_OK)
        st = keel_sgs_new(P, 0, &s->sgs, err);
    if (st != KEEL_OK)
        return st;
    keel_sgs_list_from_plan(s->sgs, &s->plan, m->list);
    group_projects(m);
    project_finishes(m, &s->plan, m->plan_finish);
    st = keel_risk_estimates(m, o->file_estimates, &r->info.from_files,
                             &r->info.from_portfolio, err);
    if (st != KEEL_OK)
        return st;
    keel_sgs_serial(s->sgs, m->list, &s->nominal); /* the planned durations */
    keel_time *retimed = malloc(((size_t)P->nprojects + 1) * sizeof *retimed);
    if (!retimed)
        return keel_error_nomem(err);
    project_finishes(m, &s->nominal, retimed);
    for (int q = 0; q <= P->nprojects; q++) {
        r->projects[q].plan_finish = m->plan_finish[q];
        r->projects[q].retimed_finish = retimed[q];
        r->projects[q].deadline = q < P->nprojects ? P->portfolio->projects[q].deadline
                                                   : KEEL_TIME_NONE;
    }
    free(retimed);
    return KEEL_OK;
}

/* ---------------------------------------------------------------- the run */

static keel_risk *alloc_result(const keel_portfolio *p, const keel_risk_options *o)
{
    keel_risk *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    size_t nq = (size_t)p->nprojects + 1;
    r->research = p->research;
    r->nprojects = p->nprojects;
    r->ntasks = p->ntasks;
    r->samples = malloc(nq * (size_t)o->iterations * sizeof *r->samples);
    r->projects = calloc(nq, sizeof *r->projects);
    r->tasks = calloc((size_t)p->ntasks + 1, sizeof *r->tasks);
    if (!r->samples || !r->projects || !r->tasks) {
        keel_risk_free(r);
        return NULL;
    }
    memcpy(r->percentiles, o->percentiles, sizeof r->percentiles);
    r->info.iterations = o->iterations;
    r->info.seed = o->seed;
    r->info.threads = o->threads;
    r->info.npercentiles = o->npercentiles;
    r->info.percentiles = r->percentiles;
    return r;
}

typedef struct run_ctx {
    const keel_risk_model *m;
    keel_risk_worker *workers;
    keel_time *samples;
} run_ctx;

static keel_status one_iteration(void *ctx, int worker, int64_t i, keel_error *err)
{
    (void)err;
    run_ctx *c = ctx;
    keel_risk_iterate(c->m, &c->workers[worker], i, c->samples);
    return KEEL_OK;
}

/* Adds every worker's sums into the first one's. */
static void add_sums(keel_risk_worker *w, int n, int njobs)
{
    for (int k = 1; k < n; k++)
        for (int j = 0; j < njobs; j++) {
            w[0].critical[j] += w[k].critical[j];
            w[0].n_low[j] += w[k].n_low[j];
            w[0].n_high[j] += w[k].n_high[j];
            w[0].low[j] += w[k].low[j];
            w[0].high[j] += w[k].high[j];
            w[0].plow[j] += w[k].plow[j];
            w[0].phigh[j] += w[k].phigh[j];
        }
}

static keel_status simulate(const setup *s, const keel_risk_options *o, keel_risk *r,
                            keel_error *err)
{
    int n = o->threads;
    keel_risk_worker *w = calloc((size_t)n, sizeof *w);
    if (!w)
        return keel_error_nomem(err);
    keel_status st = KEEL_OK;
    int ready = 0;
    for (; ready < n && st == KEEL_OK; ready += st == KEEL_OK)
        st = keel_risk_worker_init(&w[ready], &s->m, err);
    if (st == KEEL_OK) {
        run_ctx ctx = {&s->m, w, r->samples};
        st = keel_driver_each(o->iterations, n, one_iteration, &ctx, err);
    }
    if (st == KEEL_OK) {
        add_sums(w, n, s->m.P->njobs);
        st = keel_risk_summarise(r, &s->m, &w[0], o->drivers, err);
    }
    for (int k = 0; k < ready; k++)
        keel_risk_worker_release(&w[k], &s->m);
    free(w);
    return st;
}

keel_status keel_risk_run(const keel_portfolio *p, const keel_schedule *plan,
                          const keel_risk_options *o, keel_risk **out, keel_error *err)
{
    *out = NULL;
    double t0 = keel_clock_seconds();
    keel_status st = check_options(o, err);
    if (st != KEEL_OK)
        return st;
    keel_risk *r = alloc_result(p, o);
    if (!r)
        return keel_error_nomem(err);
    keel_problem *P = NULL;
    setup s = {0};
    st = keel_problem_new(p, &P, err);
    if (st == KEEL_OK)
        st = build_model(&s, P, plan, o, r, err);
    if (st == KEEL_OK)
        st = simulate(&s, o, r, err);
    free_setup(&s);
    keel_problem_free(P);
    if (st != KEEL_OK) {
        keel_risk_free(r);
        return st;
    }
    r->info.uncertain = s.m.nuncertain;
    r->info.seconds = keel_clock_seconds() - t0;
    *out = r;
    return KEEL_OK;
}
