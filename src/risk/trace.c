/* SPDX-License-Identifier: GPL-3.0-or-later
 * The critical chain of a project in one iteration's schedule, resources
 * included: walking back from the jobs that end the project, a job is driven
 * by each predecessor whose link puts its start where it is, and, when the
 * job started later than its links allowed (a resource held it), by the jobs
 * that share a resource with it and released it at that start (they finished
 * at the start or in the non-working time just before it). A fixed job, a
 * release date or a constraint ends a chain. This is the resource-constrained
 * critical chain in the sense of Goldratt's critical chain and of Bowers
 * (1995, "Criticality in resource constrained networks", JORS 46:80-91),
 * computed from the schedule alone, as the explanation of a delay must be.
 */
#include "base/sort.h"
#include "risk/risk.h"

/* The earliest start arc a (into job k) allows in schedule s. */
static keel_time arc_bound(const keel_problem *P, const keel_plan *s, int k, const keel_arc *a)
{
    switch (a->type) {
    case KEEL_LINK_FS:
        return keel_problem_lag(P, k, a, s->finish[a->job]);
    case KEEL_LINK_SS:
        return keel_problem_lag(P, k, a, s->start[a->job]);
    case KEEL_LINK_FF:
        return keel_problem_sub(P, k, keel_problem_lag(P, k, a, s->finish[a->job]), P->dur[k]);
    default: /* SF */
        return keel_problem_sub(P, k, keel_problem_lag(P, k, a, s->start[a->job]), P->dur[k]);
    }
}

static void push(keel_risk_worker *w, int *n, int j)
{
    if (w->mark[j] == w->stamp)
        return;
    w->mark[j] = w->stamp;
    w->stack[(*n)++] = j;
}

/* Jobs by finish, once per iteration, for the resource hand-overs. */
static void sort_by_finish(keel_risk_worker *w)
{
    const keel_plan *s = &w->plan;
    keel_time lo = s->finish[0];
    for (int j = 1; j < s->njobs; j++)
        lo = s->finish[j] < lo ? s->finish[j] : lo;
    for (int j = 0; j < s->njobs; j++)
        w->keys[j] = ((uint64_t)(s->finish[j] - lo) << 24) | (uint64_t)j;
    keel_sort_u64(w->keys, (size_t)s->njobs);
    w->key_base = lo;
    w->nkeys = s->njobs;
}

static bool share_resource(const keel_problem *P, int a, int b)
{
    for (int x = P->dem_start[a]; x < P->dem_start[a + 1]; x++)
        for (int y = P->dem_start[b]; y < P->dem_start[b + 1]; y++)
            if (P->dem_res[x] == P->dem_res[y])
                return true;
    return false;
}

/* Pushes the jobs that released a resource of k at k's start. */
static void push_releasers(keel_risk_worker *w, int *n, int k)
{
    const keel_problem *P = &w->view;
    keel_time start = w->plan.start[k];
    keel_time from = P->continuous ? start : keel_calendar_prev_work_end(P->cal[k], start);
    if (!w->nkeys)
        sort_by_finish(w);
    uint64_t lo = (uint64_t)(from - w->key_base) << 24;
    int a = 0, b = w->nkeys;
    while (a < b) { /* the first job finishing at or after `from` */
        int mid = a + (b - a) / 2;
        if (w->keys[mid] < lo)
            a = mid + 1;
        else
            b = mid;
    }
    for (; a < w->nkeys && w->plan.finish[w->keys[a] & 0xffffff] <= start; a++) {
        int i = (int)(w->keys[a] & 0xffffff);
        if (i != k && share_resource(P, i, k))
            push(w, n, i);
    }
}

/* Pushes what drives job k's start. */
static void push_drivers(keel_risk_worker *w, int *n, int k)
{
    const keel_problem *P = &w->view;
    const keel_plan *s = &w->plan;
    if (P->flags[k] & KEEL_JOB_FIXED)
        return;
    for (int x = P->pred_start[k]; x < P->pred_start[k + 1]; x++)
        if (keel_problem_snap(P, k, arc_bound(P, s, k, &P->pred[x])) >= s->start[k])
            push(w, n, P->pred[x].job);
    if (P->flags[k] & KEEL_JOB_PINNED)
        return;
    keel_time links = keel_problem_snap(P, k, keel_sgs_precedence_start(P, s, k));
    if (s->start[k] > links && P->dem_start[k + 1] > P->dem_start[k])
        push_releasers(w, n, k);
}

void keel_risk_trace(const keel_risk_model *m, keel_risk_worker *w, int q)
{
    if (++w->stamp == 0) { /* the stamps wrapped around: start afresh */
        for (int j = 0; j < w->plan.njobs; j++)
            w->mark[j] = 0;
        w->stamp = 1;
    }
    int n = 0;
    for (int x = m->proj_start[q]; x < m->proj_start[q + 1]; x++)
        if (w->plan.finish[m->proj_job[x]] == w->finish[q])
            push(w, &n, m->proj_job[x]);
    while (n > 0) {
        int k = w->stack[--n];
        if (w->view.project[k] == q)
            w->critical[k]++;
        push_drivers(w, &n, k);
    }
}
