/* SPDX-License-Identifier: GPL-3.0-or-later
 * ilp-lns: large-neighbourhood search with the time-indexed ILP (ilp.h). Each
 * neighbourhood frees a few dozen jobs near a time point and keeps every other
 * job at its start; GLPK solves the small instance of the free jobs alone
 * (keel_ilp_neighbourhood: residual capacities, windows from the links to the
 * kept jobs), so its size does not grow with the portfolio. Time points, in
 * turn: the end of the schedule, or for the multi-project objectives the
 * finish of a delayed project, drawn with odds by what its delay costs in the
 * objective, so that a delayed high-weight project is chosen most often (the
 * critical tail: GLPK minimises the latest finish, or the weighted finishes); the busiest moment of a random resource
 * and a random job's start (GLPK minimises the weighted sum of the free jobs'
 * finishes: compaction). The ILP runs within the incumbent's end, warm-started
 * from the incumbent when its starts fit the model. Its dates, taken as they
 * are when they hold on the true calendars, or else as an order that the
 * serial SGS decodes again and forward-backward passes improve (the better of
 * the two), replace the current schedule when the objective is not worse; an
 * approximate grid (tasks on different calendars) thus still serves. Budget
 * (ilp_util.h): each neighbourhood spends at most LNS_NODES nodes, charged
 * KEEL_ILP_NODE_COST schedules each, plus the SGS passes, paid from the
 * worker's credit; neighbourhoods run while the credit affords one (fewer
 * nodes when it affords fewer), and a call whose credit affords none hands
 * half its share to the GA. Large-neighbourhood search after Shaw (1998); for
 * the RCPSP with a
 * time-indexed MIP see Palpant, Artigues & Michelon (2004), "LSSPER",
 * Annals of Operations Research 131:237-257.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "search/fbi.h"
#include "solvers/ilp_util.h"

#define LNS_NODES 10   /* branch-and-bound nodes per neighbourhood */
#define LNS_FREE 12    /* jobs freed per neighbourhood (about) */
#define LNS_FBI 4      /* forward-backward passes after decoding */
#define LNS_LARGE 2000 /* jobs above which one forward-backward pass is enough */
#define LNS_PERIODS 40 /* most periods the free jobs span on approximate grids */
#define LNS_DECODE (2 + LNS_FBI) /* schedules a neighbourhood's decoding counts at most */

typedef struct job_key {
    keel_time key;
    int job;
} job_key;

typedef struct lns {
    const keel_problem *P;
    const keel_solve_options *o;
    keel_rng *rng;
    keel_ilp_grid g, hg; /* the problem's grid; the current neighbourhood's */
    keel_sgs *w;
    keel_objective obj;
    bool obj_ready;
    keel_plan cur, raw, cand, kept;
    int *start, *jobs, *list, *warm;
    int64_t *gstart, *gend;
    bool *is_free;
    job_key *near;
    double value, t0;
    int64_t spent, credit; /* schedules spent in this call; the worker's credit */
    int kind, nfree;
    int focus; /* project whose jobs a neighbourhood prefers, or -1 */
    double *odds; /* [nprojects] what each project's delay costs (project_cost) */
} lns;

typedef struct load_event {
    keel_time at;
    int32_t delta;
} load_event;

static int by_time(const void *a, const void *b)
{
    const load_event *x = a, *y = b;
    if (x->at != y->at)
        return x->at < y->at ? -1 : 1;
    return x->delta - y->delta; /* releases first */
}

/* The moment resource r carries the most units in s (a sweep over its jobs'
 * starts and finishes); s->cur.start[0] when nothing uses it. */
static keel_time busiest(lns *s, int r)
{
    const keel_problem *P = s->P;
    size_t n = 0;
    for (int q = 0; q < P->dem_start[P->njobs]; q++)
        n += P->dem_res[q] == r;
    load_event *ev = malloc(sizeof *ev * (2 * n + 1));
    keel_time at = s->cur.start[0];
    if (!ev)
        return at;
    n = 0;
    for (int j = 0; j < P->njobs; j++)
        for (int q = P->dem_start[j]; q < P->dem_start[j + 1]; q++)
            if (P->dem_res[q] == r && s->cur.finish[j] > s->cur.start[j]) {
                ev[n++] = (load_event){s->cur.start[j], P->dem_units[q]};
                ev[n++] = (load_event){s->cur.finish[j], -P->dem_units[q]};
            }
    qsort(ev, n, sizeof *ev, by_time);
    int64_t load = 0, most = -1;
    for (size_t i = 0; i < n; i++) {
        load += ev[i].delta;
        if (load > most) {
            most = load;
            at = ev[i].at;
        }
    }
    free(ev);
    return at;
}

/* What project k's finish costs in s's objective, in weighted elapsed
 * minutes past its CPM finish (past its deadline for tardiness): the odds
 * that a neighbourhood is chosen around it. */
static double project_cost(const lns *s, int k)
{
    const keel_project *pr = &s->P->portfolio->projects[k];
    keel_time from = s->obj.cpm_finish[k];
    if (s->o->objective == KEEL_OBJ_WTARDY)
        from = pr->deadline == KEEL_TIME_NONE ? s->obj.finish[k] : pr->deadline;
    double late = s->obj.finish[k] > from ? (double)(s->obj.finish[k] - from) : 0;
    bool weighted = s->o->objective != KEEL_OBJ_APD && pr->weight > 0;
    return weighted ? late * pr->weight : late;
}

/* The finish of a delayed project drawn with odds by what its delay costs
 * (a delayed high-weight project most often; the end when none is late);
 * its jobs come first in the neighbourhood (s->focus). */
static keel_time delayed_project_end(lns *s)
{
    keel_objective_value(&s->obj, &s->cur); /* project finishes into obj.finish */
    for (int k = 0; k < s->P->nprojects; k++)
        s->odds[k] = project_cost(s, k);
    s->focus = keel_rng_pick(s->rng, s->odds, s->P->nprojects);
    return s->focus < 0 ? s->cur.makespan : s->obj.finish[s->focus];
}

/* The time point of the next neighbourhood; *tail when it ends a project. */
static keel_time pick_point(lns *s, bool *tail)
{
    const keel_problem *P = s->P;
    int kind = s->kind++ % 3;
    *tail = kind == 0 || (kind == 1 && P->nres == 0);
    if (*tail)
        return keel_objective_by_finish(s->o->objective) ? s->cur.makespan : delayed_project_end(s);
    if (kind == 2)
        return s->cur.start[keel_rng_below(s->rng, (uint32_t)P->njobs)];
    return busiest(s, (int)keel_rng_below(s->rng, (uint32_t)P->nres));
}

static int by_distance(const void *a, const void *b)
{
    const job_key *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return x->job - y->job;
}

/* Frees the nmax jobs starting nearest to point (ties by index); the problem's
 * fixed and pinned jobs stay. */
static int choose_free(lns *s, keel_time point, int nmax)
{
    const keel_problem *P = s->P;
    int n = 0;
    for (int j = 0; j < P->njobs; j++) {
        s->is_free[j] = false;
        if (P->fixed_start[j] != KEEL_TIME_NONE || (P->flags[j] & KEEL_JOB_PINNED))
            continue;
        keel_time d = s->cur.start[j] - point;
        d = d < 0 ? -d : d;
        /* the focused project's jobs count as four times nearer */
        s->near[n++] = (job_key){P->project[j] == s->focus ? d / 4 : d, j};
    }
    qsort(s->near, (size_t)n, sizeof *s->near, by_distance);
    int nfree = n < nmax ? n : nmax;
    for (int a = 0; a < nfree; a++)
        s->is_free[s->near[a].job] = true;
    return nfree;
}
/* Objective of a compaction: the sum of the free jobs' finishes, each
 * weighted by its project's weight for the multi-project objectives (one
 * "project" per job). */
static bool job_objective(const lns *s, keel_ilp *m)
{
    double *w = calloc((size_t)m->njobs + 1, sizeof(double));
    int *project = malloc(sizeof(int) * ((size_t)m->njobs + 1));
    if (!w || !project) {
        free(w);
        free(project);
        return false;
    }
    for (int k = 0; k < m->njobs; k++) {
        const keel_project *pr = &s->P->portfolio->projects[s->P->project[s->jobs[k]]];
        w[k] = keel_objective_by_finish(s->o->objective) || !(pr->weight > 0) ? 1 : pr->weight;
        project[k] = k;
    }
    free(m->weight);
    free(m->project);
    m->weight = w;
    m->project = project;
    m->nprojects = m->njobs;
    m->objective = KEEL_ILP_WEIGHTED_FINISH;
    return true;
}

/* The ILP's starts as a schedule of the whole problem (kept jobs where they
 * are), decoded by the serial SGS and improved. */
static double decode(lns *s, int64_t offset)
{
    const keel_problem *P = s->P;
    keel_plan_copy(&s->raw, &s->cur);
    for (int k = 0; k < s->nfree; k++) {
        int j = s->jobs[k];
        s->raw.start[j] = keel_ilp_grid_time(&s->hg, offset + s->start[k]);
        s->raw.finish[j] = keel_problem_finish(P, j, s->raw.start[j]);
        if (s->raw.finish[j] > s->raw.makespan)
            s->raw.makespan = s->raw.finish[j];
    }
    /* Two decodings: the ILP's dates kept where they hold (jobs it moved into
     * conflict and what they overlap are delayed, nothing moves earlier), and
     * the order decoded afresh and improved by forward-backward passes. A
     * fresh pass is not idempotent (a job moved earlier can push later
     * ones), which on a large portfolio undoes most local gains. */
    keel_sgs_list_from_plan(s->w, &s->raw, s->list);
    keel_sgs_serial_not_before(s->w, s->list, s->raw.start, &s->kept);
    double kept = keel_objective_value(&s->obj, &s->kept);
    keel_sgs_serial(s->w, s->list, &s->cand);
    s->spent += 2 + keel_fbi(s->w, &s->cand, P->njobs > LNS_LARGE ? 1 : LNS_FBI);
    double v = keel_objective_value(&s->obj, &s->cand);
    if (keel_objective_compare(kept, s->kept.makespan, v, s->cand.makespan) < 0) {
        keel_plan_copy(&s->cand, &s->kept);
        v = kept;
    }
    return v;
}

/* On an approximate grid, a unit coarse enough that the free jobs span at
 * most LNS_PERIODS periods: the model's size then does not depend on how
 * long the tasks are. */
static void coarsen(const lns *s, keel_ilp_grid *g)
{
    if (g->exact)
        return;
    keel_time first = KEEL_TIME_NONE, last = KEEL_TIME_NONE;
    for (int j = 0; j < s->P->njobs; j++)
        if (s->is_free[j]) {
            first = first == KEEL_TIME_NONE || s->cur.start[j] < first ? s->cur.start[j] : first;
            last = last == KEEL_TIME_NONE || s->cur.finish[j] > last ? s->cur.finish[j] : last;
        }
    if (first == KEEL_TIME_NONE)
        return;
    int64_t n = keel_ilp_grid_at(g, last, true) - keel_ilp_grid_at(g, first, false);
    if (n > LNS_PERIODS)
        g->unit *= (n + LNS_PERIODS - 1) / LNS_PERIODS;
}

/* Whether the ILP moved a free job from where the schedule has it. */
static bool moved(const lns *s)
{
    for (int k = 0; k < s->nfree; k++)
        if (s->start[k] != s->warm[k])
            return true;
    return false;
}

/* One neighbourhood of at most `nodes` GLPK nodes. Returns KEEL_OK also when
 * GLPK fails (absorbed), and KEEL_ERR_INVALID when there is nothing to free. */
static keel_status neighbourhood(lns *s, int64_t nodes, keel_error *err)
{
    const keel_problem *P = s->P;
    bool tail;
    s->focus = -1;
    keel_time point = pick_point(s, &tail);
    s->nfree = choose_free(s, point, tail ? 2 * LNS_FREE : LNS_FREE);
    if (s->nfree == 0)
        return KEEL_ERR_INVALID;
    s->hg = s->g;
    coarsen(s, &s->hg);
    for (int j = 0; j < P->njobs; j++) {
        s->gstart[j] = keel_ilp_grid_near(&s->hg, s->cur.start[j]);
        s->gend[j] = keel_ilp_grid_near(&s->hg, s->cur.finish[j]);
    }
    int64_t horizon = keel_ilp_grid_at(&s->hg, s->cur.makespan, true), offset = 0;
    bool makespan = tail && keel_objective_by_finish(s->o->objective);
    keel_ilp *m = NULL;
    keel_error e2 = {0};
    keel_status st = keel_ilp_neighbourhood(P, &s->hg, s->gstart, s->gend, s->is_free, horizon,
                                            KEEL_ILP_MAKESPAN, &m, s->jobs, &offset, &e2);
    if (st == KEEL_OK && !makespan && !job_objective(s, m))
        st = KEEL_ERR_NOMEM;
    keel_ilp_result ir = {.start = s->start};
    if (st == KEEL_OK) {
        keel_ilp_params par;
        keel_ilp_solver_params(s->o, s->t0, nodes, 0.5, &par);
        for (int k = 0; k < m->njobs; k++)
            s->warm[k] = (int)(s->gstart[s->jobs[k]] - offset);
        par.incumbent = s->warm; /* used only when it is a schedule of the model */
        st = keel_ilp_solve(m, &par, &ir, &e2);
    }
    keel_ilp_free(m);
    s->spent += keel_ilp_solve_cost(ir.nodes, nodes);
    if (st == KEEL_ERR_NOMEM)
        return keel_error_nomem(err);
    if (st != KEEL_OK || (ir.status != KEEL_ILP_OPTIMAL && ir.status != KEEL_ILP_FEASIBLE))
        return KEEL_OK;
    if (!moved(s))
        return KEEL_OK; /* the decoded schedule would be the current one */
    double v = decode(s, offset);
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
    keel_plan_release(&s->kept);
    free(s->start);
    free(s->jobs);
    free(s->list);
    free(s->warm);
    free(s->gstart);
    free(s->gend);
    free(s->is_free);
    free(s->near);
    free(s->odds);
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
    s->jobs = malloc(sizeof(int) * n);
    s->list = malloc(sizeof(int) * n);
    s->warm = malloc(sizeof(int) * n);
    s->gstart = malloc(sizeof(int64_t) * n);
    s->gend = malloc(sizeof(int64_t) * n);
    s->is_free = malloc(sizeof(bool) * n);
    s->near = malloc(sizeof(job_key) * n);
    s->odds = malloc(sizeof(double) * ((size_t)P->nprojects + 1));
    if (!s->start || !s->jobs || !s->list || !s->warm || !s->gstart || !s->gend || !s->is_free ||
        !s->near || !s->odds ||
        !keel_plan_init(&s->cur, P->njobs) || !keel_plan_init(&s->raw, P->njobs) ||
        !keel_plan_init(&s->cand, P->njobs) || !keel_plan_init(&s->kept, P->njobs))
        return keel_error_nomem(err);
    keel_plan_copy(&s->cur, incumbent);
    s->value = keel_objective_value(&s->obj, &s->cur);
    return KEEL_OK;
}

/* Neighbourhoods while the credit affords one (with fewer nodes when it
 * affords fewer than LNS_NODES). */
static keel_status search(lns *s, keel_error *err)
{
    keel_status st = KEEL_OK;
    const keel_solve_options *o = s->o;
    while (st == KEEL_OK && s->credit - s->spent >= KEEL_ILP_NODE_COST + LNS_DECODE) {
        if (keel_solve_stopped(o) ||
            (o->time_limit > 0 && keel_clock_seconds() - s->t0 >= o->time_limit))
            break;
        int64_t nodes = (s->credit - s->spent - LNS_DECODE) / KEEL_ILP_NODE_COST;
        st = neighbourhood(s, nodes < LNS_NODES ? nodes : LNS_NODES, err);
    }
    return st == KEEL_ERR_INVALID ? KEEL_OK : st;
}

/* A call whose credit affords no neighbourhood: the GA gets half the share
 * (keel_ilp_spare_budget), the rest stays in the credit. */
static keel_status spare(lns *s, keel_ilp_state *ist, keel_rng *rng,
                         const keel_plan *incumbent, keel_plan *best, keel_solve_result *res,
                         keel_error *err)
{
    keel_solve_options so = *s->o;
    so.budget = keel_ilp_spare_budget(ist, s->o->budget);
    keel_status st = so.budget > 0
                         ? keel_solver_ga_share(s->P, &so, rng, incumbent, best, res, err)
                         : KEEL_OK;
    ist->credit -= res->schedules;
    return st;
}

keel_status keel_solver_ilp_lns(const keel_problem *P, const keel_solve_options *o,
                                keel_rng *rng, const keel_plan *incumbent, keel_plan *best,
                                keel_solve_result *res, keel_error *err)
{
    lns s = {.P = P, .o = o, .rng = rng, .t0 = keel_clock_seconds()};
    keel_ilp_state local = {0}, *ist = keel_ilp_state_get(o);
    const char *why;
    *res = (keel_solve_result){0};
    /* nothing to improve: the GA uses the budget instead, as ilp-exact does */
    if (!incumbent || P->njobs == 0)
        return keel_solver_ga_share(P, o, rng, incumbent, best, res, err);
    ist = ist ? ist : &local;
    ist->credit += o->budget;
    s.credit = ist->credit;
    if (s.credit < KEEL_ILP_NODE_COST + LNS_DECODE)
        return spare(&s, ist, rng, incumbent, best, res, err);
    keel_ilp_grid_of(P, &s.g, &why);
    keel_status st = lns_init(&s, incumbent, err);
    double start_value = s.value;
    keel_time start_makespan = incumbent->makespan;
    /* every third neighbourhood starts from the schedule's end: vary by seed */
    s.kind = (int)keel_rng_below(rng, 3);
    if (st == KEEL_OK)
        st = search(&s, err);
    if (st == KEEL_OK &&
        keel_objective_compare(s.value, s.cur.makespan, start_value, start_makespan) < 0) {
        keel_plan_copy(best, &s.cur);
        res->value = s.value;
        res->found = true;
    }
    res->schedules = s.spent;
    ist->credit -= s.spent;
    lns_free(&s);
    return st;
}
