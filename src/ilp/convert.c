/* SPDX-License-Identifier: GPL-3.0-or-later
 * From a research portfolio to an ILP instance for a horizon T: one grid unit
 * is one period. Windows run from the CPM early start to T minus the job's
 * tail (the longest start-to-end path through the start-to-start arcs), which
 * keeps the time-indexed model small: variables exist only inside windows.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "ilp/ilp.h"

/* The start-to-start distance a link of `type` imposes, S_succ >= S_pred +
 * dist, for durations dp (predecessor) and ds (successor) in any one unit. */
static int64_t distance(int type, int64_t lag, int64_t dp, int64_t ds)
{
    switch (type) {
    case KEEL_LINK_FS: return dp + lag;
    case KEEL_LINK_SS: return lag;
    case KEEL_LINK_FF: return dp + lag - ds;
    case KEEL_LINK_SF: return lag - ds;
    }
    return 0;
}

static int64_t link_distance(const keel_link *l, int64_t dp, int64_t ds)
{
    return distance(l->type, l->lag, dp, ds);
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

/* Grid periods job j occupies: a fixed job its fixed dates, others their
 * duration. */
static int64_t job_len(const keel_problem *P, const keel_ilp_grid *g, int j)
{
    if (P->fixed_start[j] == KEEL_TIME_NONE)
        return keel_ilp_grid_len(g, P->dur[j]);
    if (g->relaxed)
        return keel_ilp_grid_len(g, keel_ilp_grid_work(g, P->fixed_start[j], P->fixed_finish[j]));
    return keel_ilp_grid_at(g, P->fixed_finish[j], true) -
           keel_ilp_grid_at(g, P->fixed_start[j], false);
}

/* Working minutes job j takes (a fixed job: between its dates). */
static int64_t job_work(const keel_problem *P, const keel_ilp_grid *g, int j)
{
    if (P->fixed_start[j] == KEEL_TIME_NONE)
        return P->dur[j];
    return keel_ilp_grid_work(g, P->fixed_start[j], P->fixed_finish[j]);
}

/* S_succ >= S_pred + dist in grid units for arc a between jobs i (pred) and
 * j (succ); a's type and lag are the link's. A relaxed grid rounds the whole
 * distance down (rounding its parts could overstate it). */
static int64_t arc_distance(const keel_problem *P, const keel_ilp_grid *g, int i, int j,
                            const keel_arc *a)
{
    if (g->relaxed)
        return keel_ilp_grid_len(g, distance(a->type, a->lag, job_work(P, g, i), job_work(P, g, j)));
    return distance(a->type, keel_ilp_grid_len(g, a->lag), job_len(P, g, i), job_len(P, g, j));
}

static int32_t capacity_at(const keel_problem_cap *c, keel_time t)
{
    int i = 0;
    while (i + 1 < c->n && c->at[i + 1] <= t)
        i++;
    return c->units[i] < 0 ? 0 : c->units[i];
}

/* The most units of c over [a, b). */
static int32_t capacity_max(const keel_problem_cap *c, keel_time a, keel_time b)
{
    int32_t most = capacity_at(c, a);
    for (int i = 1; i < c->n; i++)
        if (c->at[i] > a && c->at[i] < b && c->units[i] > most)
            most = c->units[i];
    return most;
}

/* Capacity of grid period t: at its start, or on a relaxed grid the most
 * over it and the next (see keel_ilp_grid_coarse). */
static int32_t period_capacity(const keel_problem_cap *c, const keel_ilp_grid *g, int64_t t)
{
    keel_time at = keel_ilp_grid_time(g, t);
    return g->relaxed ? capacity_max(c, at, keel_ilp_grid_time(g, t + 2)) : capacity_at(c, at);
}

static int clamp_int(int64_t v)
{
    return (int)(v < INT_MIN / 2 ? INT_MIN / 2 : v > INT_MAX / 2 ? INT_MAX / 2 : v);
}

/* Arcs (those into the problem's fixed jobs are left out: a relaxation) and
 * windows by a forward and a backward pass in topological (index) order. */
static void problem_windows(const keel_problem *P, const keel_ilp_grid *g, const int *fixed_at,
                            keel_ilp *m)
{
    for (int j = 0; j < m->njobs; j++) {
        bool pfixed = P->fixed_start[j] != KEEL_TIME_NONE;
        int64_t es = keel_ilp_grid_at(g, pfixed ? P->fixed_start[j] : P->est[j],
                                      !pfixed && !g->relaxed);
        for (int q = P->pred_start[j]; !pfixed && q < P->pred_start[j + 1]; q++) {
            int i = P->pred[q].job;
            int dist = clamp_int(arc_distance(P, g, i, j, &P->pred[q]));
            m->arcs[m->narcs++] = (keel_ilp_arc){.pred = i, .succ = j, .dist = dist};
            if (m->est[i] + dist > es)
                es = m->est[i] + dist;
        }
        if (fixed_at && fixed_at[j] >= 0)
            es = fixed_at[j];
        m->est[j] = clamp_int(es < 0 ? 0 : es);
        m->lst[j] = pfixed || (fixed_at && fixed_at[j] >= 0) ? m->est[j] : m->horizon - m->duration[j];
    }
    for (int a = m->narcs - 1; a >= 0; a--) { /* arcs are grouped by increasing succ */
        const keel_ilp_arc *arc = &m->arcs[a];
        if (m->lst[arc->succ] - arc->dist < m->lst[arc->pred])
            m->lst[arc->pred] = m->lst[arc->succ] - arc->dist;
    }
}

static void set_projects(const keel_problem *P, const keel_ilp_grid *g, keel_ilp *m)
{
    for (int q = 0; q < P->nprojects; q++) {
        const keel_project *pr = &P->portfolio->projects[q];
        m->weight[q] = pr->weight;
        keel_time due = pr->deadline;
        int64_t d = due == KEEL_TIME_NONE ? m->horizon : keel_ilp_grid_at(g, due, false);
        m->due[q] = (int)(d > m->horizon ? m->horizon : d < 0 ? 0 : d);
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
        m->duration[j] = clamp_int(job_len(P, g, j));
        m->project[j] = P->project[j];
        m->task[j] = P->task[j];
        for (int q = P->dem_start[j]; q < P->dem_start[j + 1]; q++)
            m->demand[(size_t)j * m->nres + P->dem_res[q]] += P->dem_units[q];
    }
    set_projects(P, g, m);
    for (int r = 0; r < P->nres; r++)
        for (int t = 0; t < horizon; t++)
            m->capacity[(size_t)r * horizon + t] = period_capacity(&P->cap[r], g, t);
    problem_windows(P, g, fixed_at, m);
    *out = m;
    return KEEL_OK;
}

/* ------------------------------------------------------------ neighbourhoods */

typedef struct hood {
    const keel_problem *P;
    const keel_ilp_grid *g;
    const int64_t *gstart, *gend;
    const bool *is_free;
    int *local;     /* [njobs] ILP job of each free job, -1 otherwise */
    int *res_local; /* [nres] ILP resource of each resource the free jobs use */
    int64_t *est, *lst;
    int nfree, nres, narcs;
} hood;

/* Grid periods of job j in the schedule: its span there, which reflects its
 * own calendar (at least one period for a job with work). */
static int64_t span(const hood *h, int j)
{
    int64_t n = h->gend[j] - h->gstart[j];
    return n <= 0 && h->P->dur[j] > 0 ? 1 : n < 0 ? 0 : n;
}

/* arc_distance with the jobs' spans in the schedule. */
static int64_t hood_distance(const hood *h, int i, int j, const keel_arc *a)
{
    return distance(a->type, keel_ilp_grid_len(h->g, a->lag), span(h, i), span(h, j));
}

/* Windows of the free jobs in absolute grid time: the links to kept jobs at
 * their grid starts (on approximate grids only from predecessors: the SGS
 * pushes a kept successor that a proposal overtakes), then a forward and a
 * backward pass over the free ones. On approximate grids the rounded spans
 * can make the schedule itself break a link or a window; those are widened
 * so that the schedule stays a solution (incumbent_fits does the same for
 * capacities): GLPK then starts from it and only proposes better ones. */
static void hood_windows(hood *h, const int *jobs, int64_t horizon, keel_ilp_arc *arcs)
{
    const keel_problem *P = h->P;
    /* a job moves at most the neighbourhood's own length: the model stays
     * small however far its links would let it go */
    int64_t first = INT64_MAX, last = INT64_MIN;
    for (int k = 0; k < h->nfree; k++) {
        first = h->gstart[jobs[k]] < first ? h->gstart[jobs[k]] : first;
        last = h->gend[jobs[k]] > last ? h->gend[jobs[k]] : last;
    }
    int64_t reach = last - first;
    for (int k = 0; k < h->nfree; k++) {
        int j = jobs[k];
        h->est[k] = keel_ilp_grid_at(h->g, P->est[j], true);
        if (h->est[k] < first - reach)
            h->est[k] = first - reach;
        h->lst[k] = horizon - span(h, j);
        if (h->lst[k] > last + reach - span(h, j))
            h->lst[k] = last + reach - span(h, j);
        for (int q = P->pred_start[j]; q < P->pred_start[j + 1]; q++) {
            int i = P->pred[q].job;
            int64_t d = hood_distance(h, i, j, &P->pred[q]);
            if (h->is_free[i] && !h->g->exact && h->gstart[j] - h->gstart[i] < d)
                d = h->gstart[j] - h->gstart[i]; /* see incumbent_fits */
            if (h->is_free[i])
                arcs[h->narcs++] = (keel_ilp_arc){.pred = h->local[i], .succ = k, .dist = clamp_int(d)};
            else if (h->gstart[i] + d > h->est[k])
                h->est[k] = h->gstart[i] + d;
        }
        for (int q = P->succ_start[j]; h->g->exact && q < P->succ_start[j + 1]; q++) {
            int s = P->succ[q].job;
            if (!h->is_free[s]) {
                int64_t d = hood_distance(h, j, s, &P->succ[q]);
                if (h->gstart[s] - d < h->lst[k])
                    h->lst[k] = h->gstart[s] - d;
            }
        }
    }
    for (int k = 0; !h->g->exact && k < h->nfree; k++) {
        int64_t at = h->gstart[jobs[k]];
        h->est[k] = at < h->est[k] ? at : h->est[k];
        h->lst[k] = at > h->lst[k] ? at : h->lst[k];
    }
    for (int a = 0; a < h->narcs; a++) {
        const keel_ilp_arc *arc = &arcs[a];
        if (h->est[arc->pred] + arc->dist > h->est[arc->succ])
            h->est[arc->succ] = h->est[arc->pred] + arc->dist;
    }
    for (int a = h->narcs - 1; a >= 0; a--) {
        const keel_ilp_arc *arc = &arcs[a];
        if (h->lst[arc->succ] - arc->dist < h->lst[arc->pred])
            h->lst[arc->pred] = h->lst[arc->succ] - arc->dist;
    }
    /* an approximate grid can leave no room: then the window is the earliest
     * start (the ILP may be infeasible; the caller skips the neighbourhood) */
    for (int k = 0; k < h->nfree; k++)
        if (h->lst[k] < h->est[k])
            h->lst[k] = h->est[k];
}

/* Residual capacities on [lo, lo + H): the capacity at each period's start,
 * less the units of every job that is not free in the periods it occupies. */
static void hood_capacity(const hood *h, int64_t lo, keel_ilp *m)
{
    const keel_problem *P = h->P;
    int H = m->horizon;
    for (int r = 0; r < P->nres; r++)
        if (h->res_local[r] >= 0)
            for (int t = 0; t < H; t++)
                m->capacity[(size_t)h->res_local[r] * H + t] =
                    capacity_at(&P->cap[r], keel_ilp_grid_time(h->g, lo + t));
    for (int i = 0; i < P->njobs; i++) {
        if (h->is_free[i])
            continue;
        int64_t a = h->gstart[i] - lo, b = a + span(h, i);
        if (b <= 0 || a >= H)
            continue;
        a = a < 0 ? 0 : a;
        b = b > H ? H : b;
        for (int q = P->dem_start[i]; q < P->dem_start[i + 1]; q++) {
            int k = h->res_local[P->dem_res[q]];
            for (int64_t t = a; k >= 0 && t < b; t++) {
                int32_t *c = &m->capacity[(size_t)k * H + t];
                *c = *c > P->dem_units[q] ? *c - P->dem_units[q] : 0;
            }
        }
    }
}

/* Approximate grids: the free jobs' units where the schedule has them fit in
 * the residual capacity (raised where rounding left too little). */
static bool incumbent_fits(const hood *h, const int *jobs, int64_t lo, keel_ilp *m)
{
    int H = m->horizon;
    int32_t *use = calloc((size_t)m->nres * H + 1, sizeof(int32_t));
    if (!use)
        return false;
    for (int k = 0; k < h->nfree; k++) {
        int j = jobs[k];
        int64_t a = h->gstart[j] - lo, b = a + span(h, j);
        for (int r = 0; r < m->nres; r++) {
            int32_t d = m->demand[(size_t)k * m->nres + r];
            for (int64_t t = a < 0 ? 0 : a; d > 0 && t < b && t < H; t++)
                use[(size_t)r * H + t] += d;
        }
    }
    for (size_t c = 0; c < (size_t)m->nres * H; c++)
        if (m->capacity[c] < use[c])
            m->capacity[c] = use[c];
    free(use);
    return true;
}

static keel_status hood_build(hood *h, int *jobs, int64_t horizon, keel_ilp_objective objective,
                              keel_ilp **out, int64_t *offset, keel_error *err)
{
    const keel_problem *P = h->P;
    int narcs = 0;
    for (int k = 0; k < h->nfree; k++)
        narcs += P->pred_start[jobs[k] + 1] - P->pred_start[jobs[k]];
    keel_ilp_arc *arcs = malloc(sizeof *arcs * ((size_t)narcs + 1));
    if (!arcs)
        return keel_error_nomem(err);
    hood_windows(h, jobs, horizon, arcs);
    int64_t lo = INT64_MAX, hi = INT64_MIN;
    for (int k = 0; k < h->nfree; k++) {
        int64_t end = h->lst[k] + span(h, jobs[k]);
        lo = h->est[k] < lo ? h->est[k] : lo;
        hi = end > hi ? end : hi;
    }
    if (hi - lo < 1 || hi - lo > 100000 || (hi - lo) * (h->nres > 0 ? h->nres : 1) > 5000000) {
        free(arcs);
        return keel_error_set(err, KEEL_ERR_INVALID, NULL, 0, "ILP: neighbourhood too long");
    }
    keel_ilp *m = alloc_instance(h->nfree, h->narcs, h->nres, P->nprojects, (int)(hi - lo));
    if (!m) {
        free(arcs);
        return keel_error_nomem(err);
    }
    m->njobs = h->nfree;
    m->narcs = h->narcs;
    m->nres = h->nres;
    m->nprojects = P->nprojects > 0 ? P->nprojects : 1;
    m->horizon = (int)(hi - lo);
    m->objective = objective;
    for (int a = 0; a < h->narcs; a++)
        m->arcs[a] = arcs[a];
    free(arcs);
    for (int k = 0; k < h->nfree; k++) {
        int j = jobs[k];
        m->duration[k] = clamp_int(span(h, j));
        m->est[k] = clamp_int(h->est[k] - lo);
        m->lst[k] = clamp_int(h->lst[k] - lo);
        m->project[k] = P->project[j];
        m->task[k] = P->task[j];
        for (int q = P->dem_start[j]; q < P->dem_start[j + 1]; q++)
            m->demand[(size_t)k * m->nres + h->res_local[P->dem_res[q]]] += P->dem_units[q];
    }
    set_projects(P, h->g, m);
    hood_capacity(h, lo, m);
    if (!h->g->exact && !incumbent_fits(h, jobs, lo, m)) {
        keel_ilp_free(m);
        return keel_error_nomem(err);
    }
    *offset = lo;
    *out = m;
    return KEEL_OK;
}

keel_status keel_ilp_neighbourhood(const keel_problem *P, const keel_ilp_grid *g,
                                   const int64_t *gstart, const int64_t *gend, const bool *is_free,
                                   int64_t horizon, keel_ilp_objective objective, keel_ilp **out,
                                   int *jobs, int64_t *offset, keel_error *err)
{
    *out = NULL;
    hood h = {.P = P, .g = g, .gstart = gstart, .gend = gend, .is_free = is_free};
    h.local = malloc(sizeof(int) * ((size_t)P->njobs + 1));
    h.res_local = malloc(sizeof(int) * ((size_t)P->nres + 1));
    h.est = malloc(sizeof(int64_t) * ((size_t)P->njobs + 1));
    h.lst = malloc(sizeof(int64_t) * ((size_t)P->njobs + 1));
    keel_status st = KEEL_OK;
    if (!h.local || !h.res_local || !h.est || !h.lst) {
        st = keel_error_nomem(err);
        goto done;
    }
    for (int r = 0; r < P->nres; r++)
        h.res_local[r] = -1;
    for (int j = 0; j < P->njobs; j++) {
        h.local[j] = -1;
        if (!is_free[j])
            continue;
        jobs[h.nfree] = j;
        h.local[j] = h.nfree++;
        for (int q = P->dem_start[j]; q < P->dem_start[j + 1]; q++)
            if (h.res_local[P->dem_res[q]] < 0)
                h.res_local[P->dem_res[q]] = h.nres++;
    }
    if (h.nfree == 0)
        st = keel_error_set(err, KEEL_ERR_INVALID, NULL, 0, "ILP: no free job");
    else
        st = hood_build(&h, jobs, horizon, objective, out, offset, err);
done:
    free(h.local);
    free(h.res_local);
    free(h.est);
    free(h.lst);
    return st;
}
