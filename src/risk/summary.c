/* SPDX-License-Identifier: GPL-3.0-or-later
 * The result of keel_risk_run from its samples and sums, and keel.h's
 * accessors. Percentiles are nearest-rank (the smallest finish with at least
 * p % of the iterations at or before it: always a date some iteration
 * reached); a task's swing is how far its project's mean finish moves between
 * the iterations in which it ran in its shortest tenth and those in which it
 * ran in its longest, a tornado chart's bar (docs/risk.md).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "risk/risk.h"

static keel_time nearest_rank(const keel_time *sorted, int64_t n, double p)
{
    int64_t rank = (int64_t)ceil(p * (double)n / 100.0 - 1e-9);
    rank = rank < 1 ? 1 : rank > n ? n : rank;
    return sorted[rank - 1];
}

static int cmp_time(const void *a, const void *b)
{
    keel_time x = *(const keel_time *)a, y = *(const keel_time *)b;
    return (x > y) - (x < y);
}

/* Percentiles, extremes, mean and probabilities of one project's finish
 * (q = nprojects: the portfolio); sorted is scratch for n samples. */
static void finish_stats(keel_risk *r, int q, keel_time *sorted)
{
    int64_t n = r->info.iterations;
    keel_risk_project *rp = &r->projects[q];
    const keel_time *x = r->samples + (size_t)q * (size_t)n;
    rp->samples = x;
    rp->percentile = r->pct + (size_t)q * (size_t)r->info.npercentiles;
    if (rp->plan_finish == KEEL_TIME_NONE) {
        rp->mean = rp->min = rp->max = KEEL_TIME_NONE;
        rp->p_deadline = rp->p_plan = NAN;
        for (int k = 0; k < r->info.npercentiles; k++)
            r->pct[(size_t)q * (size_t)r->info.npercentiles + (size_t)k] = KEEL_TIME_NONE;
        return;
    }
    memcpy(sorted, x, (size_t)n * sizeof *sorted);
    qsort(sorted, (size_t)n, sizeof *sorted, cmp_time);
    int64_t offsets = 0, by_deadline = 0, by_plan = 0;
    for (int64_t i = 0; i < n; i++) {
        offsets += x[i] - rp->plan_finish;
        by_deadline += rp->deadline != KEEL_TIME_NONE && x[i] <= rp->deadline;
        by_plan += x[i] <= rp->plan_finish;
    }
    rp->min = sorted[0];
    rp->max = sorted[n - 1];
    rp->mean = rp->plan_finish + llround((double)offsets / (double)n);
    rp->p_plan = (double)by_plan / (double)n;
    rp->p_deadline = rp->deadline == KEEL_TIME_NONE ? NAN : (double)by_deadline / (double)n;
    for (int k = 0; k < r->info.npercentiles; k++)
        r->pct[(size_t)q * (size_t)r->info.npercentiles + (size_t)k] =
            nearest_rank(sorted, n, r->percentiles[k]);
}

/* The difference of the means of two groups of iterations (sums of working
 * minutes); NAN when one is empty. */
static double swing(int64_t n_low, int64_t low, int64_t n_high, int64_t high)
{
    if (n_low == 0 || n_high == 0)
        return NAN;
    return (double)high / (double)n_high - (double)low / (double)n_low;
}

static void task_stats(keel_risk *r, const keel_risk_model *m, const keel_risk_worker *s)
{
    const keel_problem *P = m->P;
    for (int t = 0; t < r->ntasks; t++)
        r->tasks[t] = (keel_risk_task){.swing = NAN, .portfolio_swing = NAN};
    for (int j = 0; j < P->njobs; j++) {
        keel_risk_task *rt = &r->tasks[P->task[j]];
        rt->source = (keel_risk_source)m->source[j];
        rt->optimistic = m->lo[j];
        rt->most_likely = m->mode[j];
        rt->pessimistic = m->hi[j];
        rt->criticality = (double)s->critical[j] / (double)r->info.iterations;
        if (m->hi[j] <= m->lo[j])
            continue;
        rt->swing = swing(s->n_low[j], s->low[j], s->n_high[j], s->high[j]);
        rt->portfolio_swing = swing(s->n_low[j], s->plow[j], s->n_high[j], s->phigh[j]);
    }
}

typedef struct ranked {
    double swing, criticality;
    int task;
} ranked;

static int cmp_ranked(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    if (x->swing != y->swing)
        return x->swing > y->swing ? -1 : 1;
    if (x->criticality != y->criticality)
        return x->criticality > y->criticality ? -1 : 1;
    return (x->task > y->task) - (x->task < y->task);
}

/* The tornado list of project q (q = nprojects: the portfolio's, over every
 * task by its portfolio swing): tasks with a positive swing that were on
 * their project's critical chain at least once (a task that never was
 * cannot move the finish: its swing is noise), largest first. */
static void rank_drivers(keel_risk *r, const keel_risk_model *m, int q, int max, ranked *buf)
{
    const keel_problem *P = m->P;
    bool all = q == P->nprojects;
    int n = 0;
    for (int k = 0; k < m->nuncertain; k++) {
        int j = m->uncertain[k];
        const keel_risk_task *rt = &r->tasks[P->task[j]];
        double s = all ? rt->portfolio_swing : rt->swing;
        if ((all || P->project[j] == q) && s > 0 && rt->criticality > 0)
            buf[n++] = (ranked){s, rt->criticality, P->task[j]};
    }
    qsort(buf, (size_t)n, sizeof *buf, cmp_ranked);
    keel_risk_project *rp = &r->projects[q];
    int *out = r->drivers + (size_t)q * (size_t)max;
    rp->ndrivers = n < max ? n : max;
    rp->drivers = out;
    for (int i = 0; i < rp->ndrivers; i++)
        out[i] = buf[i].task;
}

keel_status keel_risk_summarise(keel_risk *r, const keel_risk_model *m,
                                const keel_risk_worker *sums, int drivers, keel_error *err)
{
    size_t nq = (size_t)r->nprojects + 1;
    keel_time *sorted = malloc((size_t)r->info.iterations * sizeof *sorted);
    ranked *buf = malloc(((size_t)m->nuncertain + 1) * sizeof *buf);
    r->pct = malloc(nq * (size_t)r->info.npercentiles * sizeof *r->pct);
    r->drivers = malloc((nq * (size_t)drivers + 1) * sizeof *r->drivers);
    keel_status st = KEEL_OK;
    if (!sorted || !buf || !r->pct || !r->drivers) {
        st = keel_error_nomem(err);
        goto done;
    }
    for (size_t q = 0; q < nq; q++)
        finish_stats(r, (int)q, sorted);
    task_stats(r, m, sums);
    for (size_t q = 0; q < nq; q++)
        rank_drivers(r, m, (int)q, drivers, buf);
done:
    free(sorted);
    free(buf);
    return st;
}

/* ---------------------------------------------------------------- accessors */

void keel_risk_free(keel_risk *r)
{
    if (!r)
        return;
    free(r->samples);
    free(r->pct);
    free(r->projects);
    free(r->tasks);
    free(r->drivers);
    free(r);
}

keel_risk_info keel_risk_get(const keel_risk *r)
{
    keel_risk_info none = {0};
    return r ? r->info : none;
}

keel_risk_project keel_risk_project_get(const keel_risk *r, int project)
{
    keel_risk_project none = {.plan_finish = KEEL_TIME_NONE, .retimed_finish = KEEL_TIME_NONE,
                              .deadline = KEEL_TIME_NONE, .p_deadline = NAN, .p_plan = NAN,
                              .mean = KEEL_TIME_NONE, .min = KEEL_TIME_NONE,
                              .max = KEEL_TIME_NONE};
    if (!r || project < -1 || project >= r->nprojects)
        return none;
    return r->projects[project < 0 ? r->nprojects : project];
}

keel_risk_task keel_risk_task_get(const keel_risk *r, int task)
{
    keel_risk_task none = {.swing = NAN, .portfolio_swing = NAN};
    return r && task >= 0 && task < r->ntasks ? r->tasks[task] : none;
}

int keel_risk_histogram(const keel_risk *r, int project, int nbins, int64_t *counts,
                        keel_time *edges)
{
    keel_risk_project rp = keel_risk_project_get(r, project);
    if (nbins < 1 || !rp.samples || rp.min == KEEL_TIME_NONE)
        return 0;
    int64_t span = rp.max - rp.min + 1;
    int64_t width = (span + nbins - 1) / nbins;
    if (!r->research && span > (int64_t)nbins * 1440)
        width = (width + 1439) / 1440 * 1440;
    int used = (int)((span + width - 1) / width);
    for (int k = 0; k <= used; k++)
        edges[k] = rp.min + k * width;
    for (int k = 0; k < used; k++)
        counts[k] = 0;
    for (int64_t i = 0; i < r->info.iterations; i++)
        counts[(rp.samples[i] - rp.min) / width]++;
    return used;
}
