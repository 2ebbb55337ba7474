/* SPDX-License-Identifier: GPL-3.0-or-later
 * Constraint propagation on the start windows of an ILP instance (ilp.h), so
 * that GLPK gets fewer variables and a tighter LP, and many "no schedule
 * below UB" questions are answered before GLPK starts. The rules are the
 * classic ones of constraint-based scheduling (Baptiste, Le Pape & Nuijten
 * 2001, "Constraint-Based Scheduling", Kluwer; Brucker & Knust 2000, "A
 * linear programming and constraint propagation-based lower bound for the
 * RCPSP", EJOR 127:355-362):
 * - precedence: the arcs' minimum distances (Bellman-Ford to a fixpoint);
 * - time-tabling: a job whose window is shorter than its duration surely
 *   runs in [lst, est + d) (its compulsory part); no other job may start
 *   where it would exceed a capacity beside those parts;
 * - disjunctions: two jobs that cannot run together on some resource and
 *   cannot be ordered one way are ordered the other way;
 * - energetic reasoning as a check: the work that must fall inside an
 *   interval fits the capacity there;
 * - shaving: a job's earliest (latest) start is tried alone; when
 *   propagation then fails, that start is impossible and is removed.
 * Every rule removes only starts that no schedule within the windows uses,
 * so the instance keeps every schedule and every optimum.
 */
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "ilp/ilp.h"

#define MAX_DISJUNCTIVE_JOBS 600      /* pairs are stored: n^2 / 2 */
#define ENERGY_CHECK_WORK 4000000     /* n^3 * resources: check at every fixpoint */
#define ENERGY_ONCE_WORK 100000000    /* ... or once, after propagation */

/* The windows and compulsory parts at one point of a search. */
typedef struct snapshot {
    int *est, *lst;
    int64_t *load;
} snapshot;

typedef struct prop {
    const keel_ilp *m;
    int *est, *lst;
    int64_t *load;      /* [nres * horizon] sum of the compulsory parts */
    int *pairs;         /* [2 * npairs] jobs that never run together */
    int npairs;
    int64_t *cap_sum;   /* [nres * (horizon + 1)] prefix sums of capacity */
    bool energy;        /* the energetic check is cheap enough to repeat */
    bool energy_once;   /* ... or at least to run once */
    snapshot trial;     /* the state before a shaving trial */
    int64_t work;       /* elementary steps so far (deterministic effort) */
} prop;

static int32_t demand(const prop *p, int j, int k)
{
    return p->m->demand[(size_t)j * p->m->nres + k];
}

static int32_t cap(const prop *p, int k, int t)
{
    return p->m->capacity[(size_t)k * p->m->horizon + t];
}

/* Adds (sign 1) or removes (-1) j's compulsory part; false when adding
 * exceeds a capacity. */
static bool add_part(prop *p, int j, int sign)
{
    const keel_ilp *m = p->m;
    bool ok = true;
    int lo = p->lst[j], hi = p->est[j] + m->duration[j];
    for (int k = 0; k < m->nres; k++) {
        int32_t r = demand(p, j, k);
        int64_t *row = p->load + (size_t)k * m->horizon;
        for (int t = lo; r > 0 && t < hi; t++) {
            row[t] += sign * r;
            ok = ok && row[t] <= cap(p, k, t);
        }
    }
    return ok;
}

/* Narrows j's window to [est, lst] (never widens it); false when the window
 * empties or the new compulsory part overloads a resource. */
static bool narrow(prop *p, int j, int est, int lst, bool *changed)
{
    if (est <= p->est[j] && lst >= p->lst[j])
        return true;
    *changed = true;
    add_part(p, j, -1);
    if (est > p->est[j])
        p->est[j] = est;
    if (lst < p->lst[j])
        p->lst[j] = lst;
    if (p->est[j] > p->lst[j])
        return false;
    return add_part(p, j, 1);
}

static bool propagate_arcs(prop *p, bool *changed)
{
    const keel_ilp *m = p->m;
    p->work += m->narcs;
    for (int a = 0; a < m->narcs; a++) {
        int i = m->arcs[a].pred, j = m->arcs[a].succ, d = m->arcs[a].dist;
        if (!narrow(p, j, p->est[i] + d, p->lst[j], changed) ||
            !narrow(p, i, p->est[i], p->lst[j] - d, changed))
            return false;
    }
    return true;
}

/* Whether j fits at start time t beside the other jobs' compulsory parts. */
static bool fits_at(prop *p, int j, int t)
{
    const keel_ilp *m = p->m;
    bool own = t >= p->lst[j] && t < p->est[j] + m->duration[j];
    p->work += m->nres;
    for (int k = 0; k < m->nres; k++) {
        int32_t r = demand(p, j, k);
        if (r > 0 && p->load[(size_t)k * m->horizon + t] - (own ? r : 0) + r > cap(p, k, t))
            return false;
    }
    return true;
}

/* The earliest start in j's window where it fits throughout, or -1. */
static int earliest_fit(prop *p, int j)
{
    int d = p->m->duration[j];
    for (int s = p->est[j]; s <= p->lst[j];) {
        int t = s;
        while (t < s + d && fits_at(p, j, t))
            t++;
        if (t == s + d)
            return s;
        s = t + 1;
    }
    return -1;
}

/* The latest start in j's window where it fits throughout, or -1. */
static int latest_fit(prop *p, int j)
{
    int d = p->m->duration[j];
    for (int s = p->lst[j]; s >= p->est[j];) {
        int t = s + d - 1;
        while (t >= s && fits_at(p, j, t))
            t--;
        if (t < s)
            return s;
        s = t - d;
    }
    return -1;
}

static bool uses_resources(const prop *p, int j)
{
    for (int k = 0; k < p->m->nres; k++)
        if (demand(p, j, k) > 0)
            return p->m->duration[j] > 0;
    return false;
}

static bool propagate_timetable(prop *p, bool *changed)
{
    for (int j = 0; j < p->m->njobs; j++) {
        if (!uses_resources(p, j) || p->est[j] == p->lst[j])
            continue;
        int lo = earliest_fit(p, j);
        if (lo < 0 || !narrow(p, j, lo, p->lst[j], changed))
            return false;
        int hi = latest_fit(p, j);
        if (hi < 0 || !narrow(p, j, p->est[j], hi, changed))
            return false;
    }
    return true;
}

static bool propagate_pairs(prop *p, bool *changed)
{
    const int *dur = p->m->duration;
    p->work += p->npairs;
    for (int q = 0; q < p->npairs; q++) {
        int i = p->pairs[2 * q], j = p->pairs[2 * q + 1];
        bool i_first = p->est[i] + dur[i] <= p->lst[j];
        bool j_first = p->est[j] + dur[j] <= p->lst[i];
        if (!i_first && !j_first)
            return false;
        if (!j_first && (!narrow(p, j, p->est[i] + dur[i], p->lst[j], changed) ||
                         !narrow(p, i, p->est[i], p->lst[j] - dur[i], changed)))
            return false;
        if (!i_first && (!narrow(p, i, p->est[j] + dur[j], p->lst[i], changed) ||
                         !narrow(p, j, p->est[j], p->lst[i] - dur[j], changed)))
            return false;
    }
    return true;
}

/* Work of j that falls inside [a, b) in every placement of its window. */
static int64_t must_work(const prop *p, int j, int a, int b)
{
    int d = p->m->duration[j];
    int w = b - a;
    if (d < w)
        w = d;
    if (p->est[j] + d - a < w)
        w = p->est[j] + d - a;
    if (b - p->lst[j] < w)
        w = b - p->lst[j];
    return w > 0 ? w : 0;
}

static bool energy_fits(prop *p, int k, int a, int b)
{
    const keel_ilp *m = p->m;
    p->work += m->njobs;
    const int64_t *sum = p->cap_sum + (size_t)k * (m->horizon + 1);
    int64_t room = sum[b] - sum[a], need = 0;
    for (int j = 0; j < m->njobs && need <= room; j++) {
        int32_t r = demand(p, j, k);
        if (r > 0)
            need += r * must_work(p, j, a, b);
    }
    return need <= room;
}

/* Energetic reasoning (Lopez, Erschler & Esquirol 1992) over the intervals
 * from an earliest or latest start to an earliest or latest finish. */
static bool check_energy(prop *p)
{
    const keel_ilp *m = p->m;
    for (int k = 0; k < m->nres; k++)
        for (int x = 0; x < 2 * m->njobs; x++) {
            int jx = x / 2, a = x % 2 ? p->lst[jx] : p->est[jx];
            if (demand(p, jx, k) <= 0)
                continue;
            for (int y = 0; y < 2 * m->njobs; y++) {
                int jy = y / 2, b = (y % 2 ? p->lst[jy] : p->est[jy]) + m->duration[jy];
                if (b > a && demand(p, jy, k) > 0 && !energy_fits(p, k, a, b))
                    return false;
            }
        }
    return true;
}

/* All rules to a fixpoint; false when no schedule fits the windows. */
static bool fixpoint(prop *p)
{
    bool changed = true;
    while (changed) {
        changed = false;
        if (!propagate_arcs(p, &changed))
            return false;
        if (changed)
            continue; /* cheap rules first */
        if (!propagate_timetable(p, &changed) || !propagate_pairs(p, &changed))
            return false;
        if (!changed && p->energy && !check_energy(p))
            return false;
    }
    return true;
}

static bool snap_alloc(snapshot *s, const keel_ilp *m)
{
    s->est = malloc(sizeof(int) * ((size_t)m->njobs + 1));
    s->lst = malloc(sizeof(int) * ((size_t)m->njobs + 1));
    s->load = malloc(sizeof(int64_t) * ((size_t)m->nres * m->horizon + 1));
    return s->est && s->lst && s->load;
}

static void snap_free(snapshot *s)
{
    free(s->est);
    free(s->lst);
    free(s->load);
}

static void save(const prop *p, snapshot *s)
{
    const keel_ilp *m = p->m;
    memcpy(s->est, p->est, sizeof(int) * (size_t)m->njobs);
    memcpy(s->lst, p->lst, sizeof(int) * (size_t)m->njobs);
    memcpy(s->load, p->load, sizeof(int64_t) * (size_t)m->nres * m->horizon);
}

static void restore(prop *p, const snapshot *s)
{
    const keel_ilp *m = p->m;
    memcpy(p->est, s->est, sizeof(int) * (size_t)m->njobs);
    memcpy(p->lst, s->lst, sizeof(int) * (size_t)m->njobs);
    memcpy(p->load, s->load, sizeof(int64_t) * (size_t)m->nres * m->horizon);
}

/* Whether some schedule might start j in [lo, hi] (propagation finds no
 * contradiction); the windows are left as they were. */
static bool possible(prop *p, int j, int lo, int hi)
{
    bool changed = false;
    save(p, &p->trial);
    p->work += p->m->njobs + (int64_t)p->m->nres * p->m->horizon;
    bool ok = narrow(p, j, lo, hi, &changed) && fixpoint(p);
    restore(p, &p->trial);
    return ok;
}

/* Shaving: removes starts at both ends of the windows whose trial fails,
 * until the work done reaches limit; false when no schedule fits. */
static bool shave(prop *p, int64_t limit)
{
    bool changed = true;
    while (changed && p->work < limit) {
        changed = false;
        for (int j = 0; j < p->m->njobs && p->work < limit; j++) {
            while (p->est[j] < p->lst[j] && p->work < limit) {
                if (possible(p, j, p->est[j], p->est[j]))
                    break;
                if (!narrow(p, j, p->est[j] + 1, p->lst[j], &changed) || !fixpoint(p))
                    return false;
            }
            while (p->est[j] < p->lst[j] && p->work < limit) {
                if (possible(p, j, p->lst[j], p->lst[j]))
                    break;
                if (!narrow(p, j, p->est[j], p->lst[j] - 1, &changed) || !fixpoint(p))
                    return false;
            }
        }
    }
    return true;
}

/* Pairs of jobs with work that together exceed some resource's largest
 * capacity: they never run at the same time. */
static bool find_pairs(prop *p)
{
    const keel_ilp *m = p->m;
    int n = m->njobs;
    if (n > MAX_DISJUNCTIVE_JOBS)
        return true;
    int32_t *most = calloc((size_t)m->nres + 1, sizeof(int32_t));
    p->pairs = malloc(sizeof(int) * ((size_t)n * n + 1));
    if (!most || !p->pairs) {
        free(most);
        return false;
    }
    for (int k = 0; k < m->nres; k++)
        for (int t = 0; t < m->horizon; t++)
            most[k] = cap(p, k, t) > most[k] ? cap(p, k, t) : most[k];
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n && uses_resources(p, i); j++) {
            bool clash = false;
            if (!uses_resources(p, j))
                continue;
            for (int k = 0; k < m->nres && !clash; k++)
                clash = demand(p, i, k) + demand(p, j, k) > most[k];
            if (clash) {
                p->pairs[2 * p->npairs] = i;
                p->pairs[2 * p->npairs + 1] = j;
                p->npairs++;
            }
        }
    free(most);
    return true;
}

static bool setup(prop *p, keel_ilp *m)
{
    size_t cells = (size_t)m->nres * m->horizon + 1;
    *p = (prop){.m = m, .est = m->est, .lst = m->lst};
    p->load = calloc(cells, sizeof(int64_t));
    p->cap_sum = malloc(sizeof(int64_t) * ((size_t)m->nres * (m->horizon + 1) + 1));
    if (!p->load || !p->cap_sum || !snap_alloc(&p->trial, m))
        return false;
    for (int k = 0; k < m->nres; k++) {
        int64_t *sum = p->cap_sum + (size_t)k * (m->horizon + 1);
        sum[0] = 0;
        for (int t = 0; t < m->horizon; t++)
            sum[t + 1] = sum[t] + cap(p, k, t);
    }
    double work = (double)m->njobs * m->njobs * m->njobs * (m->nres > 0 ? m->nres : 1);
    p->energy = work <= ENERGY_CHECK_WORK;
    p->energy_once = work <= ENERGY_ONCE_WORK;
    return find_pairs(p);
}

static void release(prop *p)
{
    free(p->load);
    free(p->cap_sum);
    snap_free(&p->trial);
    free(p->pairs);
}

/* Whether every window is non-empty and every compulsory part fits. */
static bool add_all_parts(prop *p)
{
    for (int j = 0; j < p->m->njobs; j++)
        if (p->est[j] > p->lst[j] || !add_part(p, j, 1))
            return false;
    return true;
}

keel_status keel_ilp_propagate(keel_ilp *m, int64_t shave_work, bool *feasible,
                               keel_error *err)
{
    prop p;
    keel_status st = KEEL_OK;
    *feasible = false;
    if (!setup(&p, m)) {
        st = keel_error_nomem(err);
        goto done;
    }
    *feasible = add_all_parts(&p) && fixpoint(&p) && (p.energy || !p.energy_once || check_energy(&p)) &&
                shave(&p, p.work + shave_work);
done:
    release(&p);
    return st;
}
