/* SPDX-License-Identifier: GPL-3.0-or-later
 * From a research portfolio to an ILP instance for a horizon T: one grid unit
 * is one period. Windows run from the CPM early start to T minus the job's
 * tail (the longest start-to-end path through the start-to-start arcs), which
 * keeps the time-indexed model small: variables exist only inside windows.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "ilp.h"

/* The start-to-start distance a link imposes: S_succ >= S_pred + dist. */
static int64_t link_distance(const keel_link *l, int64_t dp, int64_t ds)
{
    switch (l->type) {
    case KEEL_LINK_FS: return dp + l->lag;
    case KEEL_LINK_SS: return l->lag;
    case KEEL_LINK_FF: return dp + l->lag - ds;
    case KEEL_LINK_SF: return l->lag - ds;
    }
    return 0;
}

static keel_ilp *alloc_instance(int njobs, int nlinks, int nres, int nprojects, int horizon)
{
    keel_ilp *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    size_t nj = (size_t)njobs + 1;
    m->duration = calloc(nj, sizeof(int));
    m->est = calloc(nj, sizeof(int));
    m->lst = calloc(nj, sizeof(int));
    m->project = calloc(nj, sizeof(int));
    m->task = calloc(nj, sizeof(int));
    m->arcs = calloc((size_t)nlinks + 1, sizeof(keel_ilp_arc));
    m->capacity = calloc((size_t)nres * (size_t)horizon + 1, sizeof(int32_t));
    m->demand = calloc(nj * ((size_t)nres + 1), sizeof(int32_t));
    m->weight = calloc((size_t)nprojects + 1, sizeof(double));
    m->due = calloc((size_t)nprojects + 1, sizeof(int));
    if (!m->duration || !m->est || !m->lst || !m->project || !m->task || !m->arcs ||
        !m->capacity || !m->demand || !m->weight || !m->due) {
        keel_ilp_free(m);
        return NULL;
    }
    return m;
}

/* Arcs between leaves; windows from CPM and the backward tails. */
static void fill_jobs(const keel_portfolio *p, const keel_cpm *c, const int *job_of, keel_ilp *m,
                      int64_t horizon)
{
    for (int j = 0; j < m->njobs; j++) {
        const keel_task *t = &p->tasks[m->task[j]];
        m->duration[j] = (int)t->duration;
        m->project[j] = t->project;
        m->est[j] = (int)(t->fixed ? t->fixed_start : c->es[m->task[j]]);
    }
    for (int q = 0; q < p->nlinks; q++) {
        const keel_link *l = &p->links[q];
        int i = job_of[l->pred], j = job_of[l->succ];
        if (i < 0 || j < 0)
            continue;
        m->arcs[m->narcs++] = (keel_ilp_arc){
            .pred = i, .succ = j, .dist = (int)link_distance(l, m->duration[i], m->duration[j])};
    }
    /* Latest starts in reverse topological order (jobs are in topological
     * order): T - d_j, and no later than each successor's latest start minus
     * the arc's distance. */
    for (int j = m->njobs - 1; j >= 0; j--) {
        const int task = m->task[j];
        int64_t lst = horizon - m->duration[j];
        for (int q = p->succ_start[task]; q < p->succ_start[task + 1]; q++) {
            const keel_link *l = &p->links[p->succ_link[q]];
            int s = job_of[l->succ];
            if (s < 0)
                continue;
            int64_t d = link_distance(l, m->duration[j], m->duration[s]);
            if (m->lst[s] - d < lst)
                lst = m->lst[s] - d;
        }
        if (p->tasks[task].fixed)
            lst = m->est[j];
        m->lst[j] = (int)(lst < INT_MIN / 2 ? INT_MIN / 2 : lst);
    }
}

static void fill_resources(const keel_portfolio *p, const int *job_of, const int *res_of,
                           keel_ilp *m)
{
    for (int r = 0; r < p->nresources; r++) {
        int k = res_of[r];
        if (k < 0)
            continue;
        for (int t = 0; t < m->horizon; t++) {
            int32_t cap = keel_resource_capacity_at(&p->resources[r], t);
            m->capacity[(size_t)k * m->horizon + t] = cap < 0 ? 0 : cap;
        }
    }
    for (int a = 0; a < p->nassignments; a++) {
        const keel_assignment *as = &p->assignments[a];
        int j = job_of[as->task], k = res_of[as->resource];
        if (j >= 0 && k >= 0 && as->units > 0)
            m->demand[(size_t)j * m->nres + k] += as->units;
    }
}

static keel_status check_input(const keel_portfolio *p, const keel_cpm *c, int64_t horizon,
                               keel_error *err)
{
    if (!p->research)
        return keel_error_set(err, KEEL_ERR_INVALID, NULL, 0,
                              "ILP: only research portfolios (periods) are supported");
    if (horizon < 1 || horizon > 10000000)
        return keel_error_set(err, KEEL_ERR_INVALID, NULL, 0, "ILP: horizon %lld out of range",
                              (long long)horizon);
    for (int q = 0; q < p->nleaves; q++) {
        const keel_task *t = &p->tasks[p->topo[q]];
        keel_time es = t->fixed ? t->fixed_start : c->es[p->topo[q]];
        if (t->duration > 10000000 || es < 0 || es > 10000000)
            return keel_error_set(err, KEEL_ERR_INVALID, NULL, 0,
                                  "ILP: task '%s': start or duration out of range", t->name);
    }
    return KEEL_OK;
}

keel_status keel_ilp_from_portfolio(const keel_portfolio *p, const keel_cpm *c,
                                    keel_ilp_objective objective, int64_t horizon,
                                    keel_ilp **out, keel_error *err)
{
    int *job_of = NULL, *res_of = NULL;
    keel_ilp *m = NULL;
    *out = NULL;
    keel_status st = check_input(p, c, horizon, err);
    if (st != KEEL_OK)
        goto done;
    job_of = malloc(sizeof(int) * ((size_t)p->ntasks + 1));
    res_of = malloc(sizeof(int) * ((size_t)p->nresources + 1));
    if (!job_of || !res_of)
        goto nomem;
    int nres = 0;
    for (int r = 0; r < p->nresources; r++) {
        const keel_resource *res = &p->resources[r];
        res_of[r] = res->type == KEEL_RES_WORK && res->can_level ? nres++ : -1;
    }
    m = alloc_instance(p->nleaves, p->nlinks, nres, p->nprojects, (int)horizon);
    if (!m)
        goto nomem;
    m->njobs = p->nleaves;
    m->nres = nres;
    m->nprojects = p->nprojects;
    m->horizon = (int)horizon;
    m->objective = objective;
    for (int t = 0; t < p->ntasks; t++)
        job_of[t] = -1;
    for (int q = 0; q < p->nleaves; q++) {
        job_of[p->topo[q]] = q;
        m->task[q] = p->topo[q];
    }
    for (int q = 0; q < p->nprojects; q++) {
        m->weight[q] = p->projects[q].weight;
        keel_time due = p->projects[q].deadline;
        m->due[q] = due == KEEL_TIME_NONE || due > horizon ? (int)horizon : due < 0 ? 0 : (int)due;
    }
    fill_jobs(p, c, job_of, m, horizon);
    fill_resources(p, job_of, res_of, m);
    *out = m;
    m = NULL;
    goto done;
nomem:
    st = keel_error_nomem(err);
done:
    keel_ilp_free(m);
    free(job_of);
    free(res_of);
    return st;
}
