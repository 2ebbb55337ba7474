/* SPDX-License-Identifier: GPL-3.0-or-later
 * ilp-lns: large-neighbourhood search with the time-indexed ILP (ilp.h). Each
 * neighbourhood frees about a dozen jobs and fixes every other job at its
 * incumbent start: the jobs starting nearest to a time point, chosen in turn
 * as the end of the schedule (the critical tail: GLPK minimises the
 * makespan), the busiest period of a random resource and a random job's start
 * (GLPK minimises the sum of the free jobs' finishes: compaction). The ILP
 * runs within the incumbent's makespan, warm-started from the incumbent (so it
 * always has a schedule); the result, decoded again by the serial SGS and
 * improved by forward-backward passes, replaces the current schedule when its
 * objective is not worse (any objective: the ILP only proposes an order). Budget: each neighbourhood spends at most LNS_NODES nodes, charged
 * KEEL_ILP_NODE_COST schedules each plus the FBI passes; neighbourhoods run
 * until the budget is spent (at least one per call). Problems without an
 * exact grid (ilp.h) get no neighbourhood.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "fbi.h"
#include "ilp_util.h"

#define LNS_NODES 10   /* branch-and-bound nodes per neighbourhood */
#define LNS_FREE 12    /* jobs freed per neighbourhood (about) */
#define LNS_FBI 4      /* forward-backward passes after decoding */

typedef struct lns {
    const keel_problem *P;
    const keel_solve_options *o;
    keel_rng *rng;
    keel_ilp_grid g;
    keel_sgs *w;
    keel_objective obj;
    bool obj_ready;
    keel_plan cur, raw, cand;
    int *start, *fixed_at, *list, *order;
    keel_time *key;
    double value, t0;
    int64_t spent;
    int kind;
} lns;

/* The time point of the next neighbourhood; *tail when it is the end. */
static keel_time pick_point(lns *s, bool *tail)
{
    const keel_problem *P = s->P;
    int kind = s->kind++ % 3;
    *tail = kind == 0 || (kind == 1 && P->nres == 0);
    if (*tail)
        return s->cur.makespan;
    if (kind == 2)
        return s->cur.start[keel_rng_below(s->rng, (uint32_t)P->njobs)];
    /* the busiest start of resource r: most units in use when a job starts */
    int r = (int)keel_rng_below(s->rng, (uint32_t)P->nres);
    keel_time at = s->cur.start[0];
    int64_t most = -1;
    for (int j = 0; j < P->njobs; j++) {
        int64_t load = 0;
        for (int i = 0; i < P->njobs; i++)
            if (s->cur.start[i] <= s->cur.start[j] && s->cur.start[j] < s->cur.finish[i])
                for (int q = P->dem_start[i]; q < P->dem_start[i + 1]; q++)
                    if (P->dem_res[q] == r)
                        load += P->dem_units[q];
        if (load > most) {
            most = load;
            at = s->cur.start[j];
        }
    }
    return at;
}

static bool before(const keel_time *key, int i, int j)
{
    return key[i] < key[j] || (key[i] == key[j] && i < j);
}

/* Frees the nmax jobs starting nearest to point (twice LNS_FREE for the tail);
 * fixed_at[] for the rest. */
static int choose_free(lns *s, keel_time point, int nmax)
{
    const keel_problem *P = s->P;
    for (int j = 0; j < P->njobs; j++) {
        s->order[j] = j;
        keel_time d = s->cur.start[j] - point;
        s->key[j] = d < 0 ? -d : d;
        s->fixed_at[j] = s->start[j];
    }
    /* insertion sort: njobs is small next to the ILP's work */
    for (int a = 1; a < P->njobs; a++)
        for (int b = a; b > 0 && before(s->key, s->order[b], s->order[b - 1]); b--) {
            int t = s->order[b];
            s->order[b] = s->order[b - 1];
            s->order[b - 1] = t;
        }
    int nfree = 0;
    for (int a = 0; a < P->njobs && nfree < nmax; a++) {
        int j = s->order[a];
        if (P->fixed_start[j] == KEEL_TIME_NONE) {
            s->fixed_at[j] = -1;
            nfree++;
        }
    }
    return nfree;
}

/* Objective: the sum of the free jobs' finishes (one "project" each; the
 * fixed jobs share one of weight 0). */
static bool set_objective(keel_ilp *m, const int *fixed_at, int nfree)
{
    double *w = calloc((size_t)nfree + 2, sizeof(double));
    if (!w)
        return false;
    int k = 0;
    for (int j = 0; j < m->njobs; j++) {
        m->project[j] = fixed_at[j] >= 0 ? nfree : k;
        if (fixed_at[j] < 0)
            w[k++] = 1;
    }
    free(m->weight);
    m->weight = w;
    m->nprojects = nfree + 1;
    m->objective = KEEL_ILP_WEIGHTED_FINISH;
    return true;
}

/* One neighbourhood. Returns KEEL_OK also when GLPK fails (absorbed). */
static keel_status neighbourhood(lns *s, keel_error *err)
{
    const keel_problem *P = s->P;
    if (!keel_ilp_grid_starts(P, &s->g, &s->cur, s->start))
        return KEEL_ERR_INVALID; /* off the grid: stop searching */
    bool tail;
    keel_time point = pick_point(s, &tail);
    int nfree = choose_free(s, point, tail ? 2 * LNS_FREE : LNS_FREE);
    int64_t h = (s->cur.makespan - s->g.origin + s->g.unit - 1) / s->g.unit;
    keel_ilp *m = NULL;
    keel_error e2 = {0};
    keel_status st = keel_ilp_from_problem(P, &s->g, (int)(h > 0 ? h : 1), s->fixed_at,
                                           KEEL_ILP_MAKESPAN, &m, &e2);
    if (st == KEEL_OK && !tail && !set_objective(m, s->fixed_at, nfree))
        st = KEEL_ERR_NOMEM;
    keel_ilp_result ir = {.start = s->start};
    if (st == KEEL_OK) {
        keel_ilp_params par;
        keel_ilp_solver_params(s->o, s->t0, LNS_NODES, 0.5, &par);
        par.incumbent = s->start; /* copied into GLPK's columns before the solve */
        st = keel_ilp_solve(m, &par, &ir, &e2);
    }
    keel_ilp_free(m);
    s->spent += (ir.nodes > 0 ? ir.nodes : 1) * KEEL_ILP_NODE_COST;
    if (st == KEEL_ERR_NOMEM)
        return keel_error_nomem(err);
    if (st != KEEL_OK || (ir.status != KEEL_ILP_OPTIMAL && ir.status != KEEL_ILP_FEASIBLE))
        return KEEL_OK;
    keel_ilp_decode(s->w, &s->g, s->start, &s->raw, s->list, &s->cand);
    s->spent += keel_fbi(s->w, &s->cand, LNS_FBI);
    double v = keel_objective_value(&s->obj, &s->cand);
    /* sideways moves too: the next neighbourhoods see another schedule */
    if (keel_objective_compare(v, s->cand.makespan, s->value, s->cur.makespan) <= 0) {
        keel_plan_copy(&s->cur, &s->cand);
        s->value = v;
    }
    return KEEL_OK;
}

static void lns_free(lns *s)
{
    keel_plan_release(&s->cur);
    keel_plan_release(&s->raw);
    keel_plan_release(&s->cand);
    free(s->start);
    free(s->fixed_at);
    free(s->list);
    free(s->order);
    free(s->key);
    keel_sgs_free(s->w);
    if (s->obj_ready)
        keel_objective_release(&s->obj);
}

static keel_status lns_init(lns *s, const keel_plan *incumbent, keel_error *err)
{
    const keel_problem *P = s->P;
    size_t n = (size_t)P->njobs + 1;
    keel_status st = keel_sgs_new(P, 0, &s->w, err);
    if (st != KEEL_OK)
        return st;
    st = keel_objective_init(&s->obj, P, s->o->objective, err);
    if (st != KEEL_OK)
        return st;
    s->obj_ready = true;
    s->start = malloc(sizeof(int) * n);
    s->fixed_at = malloc(sizeof(int) * n);
    s->list = malloc(sizeof(int) * n);
    s->order = malloc(sizeof(int) * n);
    s->key = malloc(sizeof(keel_time) * n);
    if (!s->start || !s->fixed_at || !s->list || !s->order || !s->key ||
        !keel_plan_init(&s->cur, P->njobs) || !keel_plan_init(&s->raw, P->njobs) ||
        !keel_plan_init(&s->cand, P->njobs))
        return keel_error_nomem(err);
    keel_plan_copy(&s->cur, incumbent);
    s->value = keel_objective_value(&s->obj, &s->cur);
    return KEEL_OK;
}

keel_status keel_solver_ilp_lns(const keel_problem *P, const keel_solve_options *o,
                                keel_rng *rng, const keel_plan *incumbent, keel_plan *best,
                                keel_solve_result *res, keel_error *err)
{
    lns s = {.P = P, .o = o, .rng = rng, .t0 = keel_solver_clock()};
    const char *why;
    *res = (keel_solve_result){0};
    /* nothing to improve, or a problem the ILP cannot model: the GA uses the
     * budget instead, as ilp-exact does */
    if (!incumbent || P->njobs == 0 || !keel_ilp_grid_of(P, &s.g, &why))
        return keel_solver_ga_share(P, o, rng, incumbent, best, res, err);
    keel_status st = lns_init(&s, incumbent, err);
    double start_value = s.value;
    keel_time start_makespan = incumbent->makespan;
    /* every third neighbourhood starts from the schedule's end: vary by seed */
    s.kind = (int)keel_rng_below(rng, 3);
    while (st == KEEL_OK && s.spent < o->budget) {
        if (o->time_limit > 0 && keel_solver_clock() - s.t0 >= o->time_limit)
            break;
        st = neighbourhood(&s, err);
    }
    if (st == KEEL_ERR_INVALID)
        st = KEEL_OK;
    if (st == KEEL_OK &&
        keel_objective_compare(s.value, s.cur.makespan, start_value, start_makespan) < 0) {
        keel_plan_copy(best, &s.cur);
        res->value = s.value;
        res->found = true;
    }
    res->schedules = s.spent;
    lns_free(&s);
    return st;
}
