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

/* ------------------------------------------------------------ solver problems */

static int64_t gcd64(int64_t a, int64_t b)
{
    a = a < 0 ? -a : a;
    b = b < 0 ? -b : b;
    while (b) {
        int64_t t = a % b;
        a = b;
        b = t;
    }
    return a;
}

bool keel_ilp_grid_of(const keel_problem *P, keel_ilp_grid *g, const char **why)
{
    *why = NULL;
    g->origin = P->origin;
    g->unit = 0;
    if (!P->continuous) {
        *why = "working-time calendars (only continuous calendars have an exact grid)";
        return false;
    }
    for (int j = 0; j < P->njobs; j++) {
        if (P->flags[j] & KEEL_JOB_PINNED) {
            *why = "pinned tasks";
            return false;
        }
        g->unit = gcd64(g->unit, P->dur[j]);
        g->unit = gcd64(g->unit, P->est[j] - P->origin);
        if (P->fixed_start[j] != KEEL_TIME_NONE)
            g->unit = gcd64(gcd64(g->unit, P->fixed_start[j] - P->origin),
                            P->fixed_finish[j] - P->origin);
        for (int q = P->pred_start[j]; q < P->pred_start[j + 1]; q++)
            g->unit = gcd64(g->unit, P->pred[q].lag);
    }
    for (int k = 0; k < P->nprojects; k++)
        g->unit = gcd64(g->unit, P->release[k] - P->origin);
    for (int r = 0; r < P->nres; r++)
        for (int i = 1; i < P->cap[r].n; i++)
            if (P->cap[r].at[i] > P->origin)
                g->unit = gcd64(g->unit, P->cap[r].at[i] - P->origin);
    if (g->unit <= 0)
        g->unit = 1;
    return true;
}

/* S_succ >= S_pred + dist in grid units for arc a into job j from job i. */
static int64_t arc_distance(const keel_problem *P, int i, int j, const keel_arc *a)
{
    switch (a->type) {
    case KEEL_LINK_FS: return P->dur[i] + a->lag;
    case KEEL_LINK_SS: return a->lag;
    case KEEL_LINK_FF: return P->dur[i] + a->lag - P->dur[j];
    case KEEL_LINK_SF: return a->lag - P->dur[j];
    }
    return 0;
}

static int32_t capacity_at(const keel_problem_cap *c, keel_time t)
{
    int i = 0;
    while (i + 1 < c->n && c->at[i + 1] <= t)
        i++;
    return c->units[i] < 0 ? 0 : c->units[i];
}

/* Arcs (those into the problem's fixed jobs are left out: a relaxation) and
 * windows by a forward and a backward pass in topological (index) order. */
static void problem_windows(const keel_problem *P, const keel_ilp_grid *g, const int *fixed_at,
                            keel_ilp *m)
{
    for (int j = 0; j < m->njobs; j++) {
        bool pfixed = P->fixed_start[j] != KEEL_TIME_NONE;
        int64_t es = ((pfixed ? P->fixed_start[j] : P->est[j]) - g->origin) / g->unit;
        for (int q = P->pred_start[j]; !pfixed && q < P->pred_start[j + 1]; q++) {
            int i = P->pred[q].job;
            int dist = (int)(arc_distance(P, i, j, &P->pred[q]) / g->unit);
            m->arcs[m->narcs++] = (keel_ilp_arc){.pred = i, .succ = j, .dist = dist};
            if (m->est[i] + dist > es)
                es = m->est[i] + dist;
        }
        if (fixed_at && fixed_at[j] >= 0)
            es = fixed_at[j];
        m->est[j] = (int)(es < 0 ? 0 : es > INT_MAX / 2 ? INT_MAX / 2 : es);
        m->lst[j] = pfixed || (fixed_at && fixed_at[j] >= 0) ? m->est[j] : m->horizon - m->duration[j];
    }
    for (int a = m->narcs - 1; a >= 0; a--) { /* arcs are grouped by increasing succ */
        const keel_ilp_arc *arc = &m->arcs[a];
        if (m->lst[arc->succ] - arc->dist < m->lst[arc->pred])
            m->lst[arc->pred] = m->lst[arc->succ] - arc->dist;
    }
}

keel_status keel_ilp_from_problem(const keel_problem *P, const keel_ilp_grid *g, int horizon,
                                  const int *fixed_at, keel_ilp_objective objective,
                                  keel_ilp **out, keel_error *err)
{
    *out = NULL;
    if (horizon < 1 || horizon > 1000000 || g->unit < 1)
        return keel_error_set(err, KEEL_ERR_INVALID, NULL, 0, "ILP: horizon %d out of range",
                              horizon);
    int64_t cells = (int64_t)horizon * (P->nres > 0 ? P->nres : 1);
    if (cells > 50000000)
        return keel_error_set(err, KEEL_ERR_INVALID, NULL, 0, "ILP: grid too large");
    int narcs = P->pred_start[P->njobs];
    keel_ilp *m = alloc_instance(P->njobs, narcs, P->nres, P->nprojects, horizon);
    if (!m)
        return keel_error_nomem(err);
    m->njobs = P->njobs;
    m->nres = P->nres;
    m->nprojects = P->nprojects > 0 ? P->nprojects : 1;
    m->horizon = horizon;
    m->objective = objective;
    for (int j = 0; j < P->njobs; j++) {
        m->duration[j] = (int)(P->dur[j] / g->unit);
        m->project[j] = P->project[j];
        m->task[j] = P->task[j];
        for (int q = P->dem_start[j]; q < P->dem_start[j + 1]; q++)
            m->demand[(size_t)j * m->nres + P->dem_res[q]] += P->dem_units[q];
    }
    for (int q = 0; q < P->nprojects; q++) {
        const keel_project *pr = &P->portfolio->projects[q];
        m->weight[q] = pr->weight;
        keel_time due = pr->deadline;
        int64_t d = due == KEEL_TIME_NONE ? horizon : (due - g->origin) / g->unit;
        m->due[q] = (int)(d > horizon ? horizon : d < 0 ? 0 : d);
    }
    for (int r = 0; r < P->nres; r++)
        for (int t = 0; t < horizon; t++)
            m->capacity[(size_t)r * horizon + t] =
                capacity_at(&P->cap[r], g->origin + (keel_time)t * g->unit);
    problem_windows(P, g, fixed_at, m);
    *out = m;
    return KEEL_OK;
}
