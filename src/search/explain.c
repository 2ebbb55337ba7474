/* SPDX-License-Identifier: GPL-3.0-or-later
 * Why tasks start late (keel_explain in keel.h), from the schedule alone: every
 * other task is placed in a resource profile (profile.h) at its dates; a late
 * task is taken out and each earlier start is tried. The walk over candidate
 * starts is the serial schedule generator's (Kolisch 1996, EJOR 90:320-333):
 * a start is blocked by the first shortage in its window, and every start up
 * to the end of that shortage is blocked by the same resource, so the next
 * candidate is the earliest end of a shortage. The candidates partition the
 * delay, so the blocks' minutes add up to it exactly. Delays inherited through
 * links are traced back per project (explain_project.c).
 */
#include "search/explain.h"

#include <stdlib.h>
#include <string.h>

#include "analysis/leveled.h"
#include "base/error.h"

/* A shortage found for a start: demand slot, resource, moment and its end. */
typedef struct blocker {
    int slot;            /* demand index of the job, P->dem_start[j] + slot */
    keel_time when, until;
} blocker;

/* A block being extended while consecutive starts stay blocked by it. */
typedef struct run {
    bool open;
    size_t block;        /* its index in e->blocks */
} run;

typedef struct ctx {
    const keel_portfolio *p;
    const keel_schedule *s;
    keel_schedule *unpushed; /* s with ALAP tasks where they would be without
                                following their successors (unpush_alap) */
    const keel_problem *P;
    keel_profile *pf;
    keel_explanation *e;
    int *user_start, *user_job; /* jobs demanding leveled resource r:
                                   user_job[user_start[r] .. user_start[r+1]) */
    int32_t *user_units;
    int *by_start;       /* the users of each resource by start (user indices) */
    keel_time *ustart;   /* their starts, in that order */
    keel_time *maxspan;  /* [nres] the longest user of each resource */
    int *hits;           /* scratch: users holding a resource at a moment */
    blocker *blk;        /* scratch, one per demand of the job */
    run *runs;
    bool *blocking;      /* per demand of the job: blocks the current start */
    double *by_project;  /* scratch per project (+1 for "no holder") */
} ctx;

static bool build_users(ctx *c)
{
    const keel_problem *P = c->P;
    int nd = P->dem_start[P->njobs];
    c->user_start = calloc((size_t)P->nres + 2, sizeof(int));
    c->user_job = malloc(((size_t)nd + 1) * sizeof(int));
    c->user_units = malloc(((size_t)nd + 1) * sizeof(int32_t));
    if (!c->user_start || !c->user_job || !c->user_units)
        return false;
    for (int d = 0; d < nd; d++)
        c->user_start[P->dem_res[d] + 2]++;
    for (int r = 0; r < P->nres; r++)
        c->user_start[r + 2] += c->user_start[r + 1];
    for (int j = 0; j < P->njobs; j++)
        for (int d = P->dem_start[j]; d < P->dem_start[j + 1]; d++) {
            int at = c->user_start[P->dem_res[d] + 1]++;
            c->user_job[at] = j;
            c->user_units[at] = P->dem_units[d];
        }
    return true;
}

static keel_time job_start(const ctx *c, int j) { return c->s->start[c->P->task[j]]; }
static keel_time job_finish(const ctx *c, int j) { return c->s->finish[c->P->task[j]]; }

typedef struct user_at {
    keel_time start;
    int u;
} user_at;

static int by_start_then_user(const void *a, const void *b)
{
    const user_at *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return x->u - y->u;
}

/* The users of each resource by start, and its longest user: the users
 * holding it at t start in (t - longest, t], a short stretch of the list
 * (scanning every user of a resource per question took seconds at 45,000
 * tasks). */
static bool index_users(ctx *c)
{
    const keel_problem *P = c->P;
    int nd = c->user_start[P->nres];
    user_at *tmp = malloc(((size_t)nd + 1) * sizeof *tmp);
    c->by_start = malloc(((size_t)nd + 1) * sizeof(int));
    c->ustart = malloc(((size_t)nd + 1) * sizeof(keel_time));
    c->maxspan = calloc((size_t)P->nres + 1, sizeof(keel_time));
    c->hits = malloc(((size_t)nd + 1) * sizeof(int));
    if (!tmp || !c->by_start || !c->ustart || !c->maxspan || !c->hits) {
        free(tmp);
        return false;
    }
    for (int r = 0; r < P->nres; r++) {
        int lo = c->user_start[r], hi = c->user_start[r + 1];
        for (int u = lo; u < hi; u++) {
            int k = c->user_job[u];
            tmp[u] = (user_at){job_start(c, k), u};
            keel_time span = job_finish(c, k) - job_start(c, k);
            c->maxspan[r] = span > c->maxspan[r] ? span : c->maxspan[r];
        }
        qsort(tmp + lo, (size_t)(hi - lo), sizeof *tmp, by_start_then_user);
        for (int q = lo; q < hi; q++) {
            c->by_start[q] = tmp[q].u;
            c->ustart[q] = tmp[q].start;
        }
    }
    free(tmp);
    return true;
}

/* The users of resource r other than job j that hold it at t, into c->hits
 * in user order (the order the report lists them in); returns how many. */
static int users_holding(ctx *c, int j, int r, keel_time t)
{
    int lo = c->user_start[r], hi = c->user_start[r + 1], n = 0;
    keel_time after = t - c->maxspan[r];
    while (lo < hi) { /* the first user starting after `after` */
        int mid = lo + (hi - lo) / 2;
        if (c->ustart[mid] <= after)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (int q = lo; q < c->user_start[r + 1] && c->ustart[q] <= t; q++) {
        int u = c->by_start[q], k = c->user_job[u];
        if (k != j && t < job_finish(c, k))
            c->hits[n++] = u;
    }
    for (int i = 1; i < n; i++) { /* insertion sort: a handful */
        int x = c->hits[i], m = i;
        for (; m > 0 && c->hits[m - 1] > x; m--)
            c->hits[m] = c->hits[m - 1];
        c->hits[m] = x;
    }
    return n;
}

/* The shortages that block job j starting at `at` (its window [at, f)). */
static int find_blockers(ctx *c, int j, keel_time at, keel_time f)
{
    const keel_problem *P = c->P;
    int nb = 0;
    for (int d = P->dem_start[j]; d < P->dem_start[j + 1]; d++) {
        keel_time until;
        keel_time when =
            keel_profile_shortage(c->pf, P->dem_res[d], P->dem_units[d], at, f, &until);
        if (when != KEEL_TIME_NONE)
            c->blk[nb++] = (blocker){d - P->dem_start[j], when, until};
    }
    return nb;
}

/* Capacity of leveled resource r at t, as the leveler sees it. */
static int32_t capacity_at(const keel_problem *P, int r, keel_time t)
{
    const keel_problem_cap *cap = &P->cap[r];
    return cap->units[keel_step_index(cap->at, cap->n, t)];
}

/* The jobs other than j holding leveled resource r at t: pushed to holders
 * (as portfolio tasks) when `holders` is given; their units in *held; their
 * share of `minutes` by units into c->by_project. */
static bool holders_at(ctx *c, int j, int r, keel_time t, double minutes, int32_t *held,
                       bool record)
{
    keel_explanation *e = c->e;
    int n = users_holding(c, j, r, t);
    *held = 0;
    for (int i = 0; i < n; i++) {
        int u = c->hits[i];
        *held += c->user_units[u];
        if (record && !KEEL_VEC_PUSH(&e->holders, c->P->task[c->user_job[u]]))
            return false;
    }
    if (minutes <= 0)
        return true;
    if (*held <= 0) { /* the capacity itself is short there: no one to name */
        c->by_project[c->p->nprojects] += minutes;
        return true;
    }
    for (int i = 0; i < n; i++) {
        int u = c->hits[i];
        c->by_project[c->P->project[c->user_job[u]]] +=
            minutes * c->user_units[u] / *held;
    }
    return true;
}

/* Adds c->by_project (then cleared) to the task's own shares of resource res. */
static bool flush_shares(ctx *c, int res)
{
    keel_explanation *e = c->e;
    for (int q = 0; q <= c->p->nprojects; q++) {
        double m = c->by_project[q];
        if (m <= 0)
            continue;
        c->by_project[q] = 0;
        int holder = q < c->p->nprojects ? q : -1;
        size_t i = e->own_mark;
        while (i < e->own.len &&
               (e->own.data[i].resource != res || e->own.data[i].holder != holder))
            i++;
        if (i < e->own.len) {
            e->own.data[i].minutes += m;
        } else {
            keel_why_own o = {res, holder, m};
            if (!KEEL_VEC_PUSH(&e->own, o))
                return false;
        }
    }
    return true;
}

static bool open_block(ctx *c, int j, const blocker *b, keel_time at)
{
    const keel_problem *P = c->P;
    keel_explanation *e = c->e;
    int d = P->dem_start[j] + b->slot, r = P->dem_res[d];
    keel_why_block_rec rec = {.first_holder = e->holders.len};
    rec.b = (keel_why_block){.resource = P->res[r],
                             .at = at,
                             .until = at,
                             .when = b->when,
                             .need = P->dem_units[d],
                             .capacity = capacity_at(P, r, b->when)};
    int32_t held = 0;
    if (!holders_at(c, j, r, b->when, 0, &held, true))
        return false;
    rec.b.held = held;
    rec.b.nholders = (int)(e->holders.len - rec.first_holder);
    c->runs[b->slot] = (run){true, e->blocks.len};
    return KEEL_VEC_PUSH(&e->blocks, rec);
}

/* Charges the span [at, next) to the blockers of a start at `at`. */
static bool charge(ctx *c, int j, int nb, keel_time at, keel_time next, double span)
{
    const keel_problem *P = c->P;
    keel_explanation *e = c->e;
    int ndem = P->dem_start[j + 1] - P->dem_start[j];
    memset(c->blocking, 0, (size_t)ndem * sizeof(bool));
    for (int i = 0; i < nb; i++) {
        const blocker *b = &c->blk[i];
        int d = P->dem_start[j] + b->slot;
        if (!c->runs[b->slot].open && !open_block(c, j, b, at))
            return false;
        keel_why_block_rec *rec = &e->blocks.data[c->runs[b->slot].block];
        rec->b.until = next;
        rec->b.minutes += span / nb;
        int32_t held;
        if (!holders_at(c, j, P->dem_res[d], b->when, span / nb, &held, false) ||
            !flush_shares(c, P->res[P->dem_res[d]]))
            return false;
        c->blocking[b->slot] = true;
    }
    for (int slot = 0; slot < ndem; slot++)
        if (!c->blocking[slot])
            c->runs[slot].open = false;
    return true;
}

static bool unforced(ctx *c, keel_time at, keel_time start, double minutes)
{
    keel_why_block_rec rec = {.first_holder = c->e->holders.len};
    rec.b = (keel_why_block){.resource = KEEL_WHY_UNFORCED, .at = at, .until = start,
                             .when = KEEL_TIME_NONE, .minutes = minutes};
    keel_why_own o = {KEEL_WHY_UNFORCED, -1, minutes};
    return KEEL_VEC_PUSH(&c->e->blocks, rec) && KEEL_VEC_PUSH(&c->e->own, o);
}

static int by_at_then_resource(const void *a, const void *b)
{
    const keel_why_block *x = &((const keel_why_block_rec *)a)->b;
    const keel_why_block *y = &((const keel_why_block_rec *)b)->b;
    if (x->at != y->at)
        return x->at < y->at ? -1 : 1;
    return (x->resource > y->resource) - (x->resource < y->resource);
}

/* The blocks of job j, late from `from` to its start in the schedule. */
static bool explain_job(ctx *c, int j, keel_time from)
{
    const keel_problem *P = c->P;
    const keel_calendar *cal = keel_task_cal(c->p, P->task[j]);
    keel_time start = job_start(c, j), finish = job_finish(c, j);
    size_t first = c->e->blocks.len;
    bool ok = true;
    for (int slot = 0; slot < P->dem_start[j + 1] - P->dem_start[j]; slot++)
        c->runs[slot].open = false;
    keel_profile_place(c->pf, j, start, finish, -1);
    for (keel_time at = from; ok && at < start;) {
        int nb = find_blockers(c, j, at, keel_problem_finish(P, j, at));
        if (nb == 0) {
            ok = unforced(c, at, start,
                          (double)keel_calendar_work_between(cal, at, start));
            break;
        }
        keel_time next = INT64_MAX;
        for (int i = 0; i < nb; i++)
            next = c->blk[i].until < next ? c->blk[i].until : next;
        next = next == INT64_MAX ? start : keel_problem_snap(P, j, next);
        next = next > start ? start : next;
        ok =
            charge(c, j, nb, at, next, (double)keel_calendar_work_between(cal, at, next));
        at = next;
    }
    keel_profile_place(c->pf, j, start, finish, +1);
    if (ok && c->e->blocks.len - first > 1)
        qsort(c->e->blocks.data + first, c->e->blocks.len - first,
              sizeof(keel_why_block_rec), by_at_then_resource);
    return ok;
}

/* Lists task t when it starts later than its CPM early start. An As Late As
 * Possible task has no delay of its own: beyond what its predecessors pass
 * on (inherited) it only follows its successors, whose delays are theirs. */
static bool explain_task(ctx *c, const keel_cpm *cpm, int t)
{
    const keel_portfolio *p = c->p;
    bool alap = p->tasks[t].constraint == KEEL_ALAP && !p->tasks[t].fixed;
    keel_explanation *e = c->e;
    const keel_calendar *cal = keel_task_cal(p, t);
    keel_why_task_rec rec = {.first_block = e->blocks.len, .first_own = e->own.len};
    keel_why_task *w = &rec.w;
    w->task = t;
    w->start = c->s->start[t];
    w->finish = c->s->finish[t];
    w->early_start = cpm->es[t];
    w->preferred_start = keel_leveled_preferred_start(p, c->unpushed, t, &w->driver);
    if (alap && w->preferred_start < w->early_start)
        w->preferred_start = w->early_start; /* its place by the late dates */
    if (w->preferred_start > w->early_start)
        w->inherited =
            keel_calendar_work_between(cal, w->early_start, w->preferred_start);
    if (w->start > w->preferred_start && !alap)
        w->delay = keel_calendar_work_between(cal, w->preferred_start, w->start);
    if (w->inherited <= 0)
        w->driver = -1;
    if (w->delay <= 0 && w->inherited <= 0)
        return true;
    e->own_mark = e->own.len;
    int j = c->P->job_of_task[t];
    if (w->delay > 0 && !explain_job(c, j, w->preferred_start))
        return false;
    w->nblocks = (int)(e->blocks.len - rec.first_block);
    rec.nown = (int)(e->own.len - rec.first_own);
    e->index[t] = (int)e->tasks.len;
    return KEEL_VEC_PUSH(&e->tasks, rec);
}

static keel_status setup(ctx *c, keel_error *err)
{
    const keel_problem *P = c->P;
    int maxd = 1;
    for (int j = 0; j < P->njobs; j++)
        if (P->dem_start[j + 1] - P->dem_start[j] > maxd)
            maxd = P->dem_start[j + 1] - P->dem_start[j];
    c->blk = malloc((size_t)maxd * sizeof *c->blk);
    c->runs = calloc((size_t)maxd, sizeof *c->runs);
    c->blocking = calloc((size_t)maxd, sizeof(bool));
    c->by_project = calloc((size_t)c->p->nprojects + 1, sizeof(double));
    c->e->index = malloc(((size_t)c->p->ntasks + 1) * sizeof(int));
    if (!c->blk || !c->runs || !c->blocking || !c->by_project || !c->e->index ||
        !build_users(c) || !index_users(c))
        return keel_error_nomem(err);
    for (int t = 0; t < c->p->ntasks; t++)
        c->e->index[t] = -1;
    keel_status st = keel_profile_new(P, 2, &c->pf, err);
    for (int j = 0; st == KEEL_OK && j < P->njobs; j++)
        keel_profile_place(c->pf, j, job_start(c, j), job_finish(c, j), +1);
    return st;
}

/* The schedule with every As Late As Possible task where its predecessors
 * and its resource-free place (cpm->es) put it, not where it followed its
 * successors: the dates the others' preferred starts come from, as a task
 * late by its own wait must not seem to inherit that wait from the ALAP task
 * that then moved up to it. */
static keel_schedule *unpush_alap(const keel_portfolio *p, const keel_schedule *s,
                                  const keel_cpm *cpm)
{
    keel_schedule *a = keel_schedule_new(p->ntasks);
    if (!a)
        return NULL;
    keel_schedule_copy(a, s);
    for (int i = 0; i < p->nleaves; i++) {
        int j = p->topo[i];
        const keel_task *t = &p->tasks[j];
        if (t->constraint != KEEL_ALAP || t->fixed)
            continue;
        keel_time b = keel_links_start_bound(p, j, a->start, a->finish);
        a->start[j] = keel_task_snap_start(p, j, b > cpm->es[j] ? b : cpm->es[j]);
        a->finish[j] = keel_calendar_add_work(keel_task_cal(p, j), a->start[j], t->duration);
    }
    return a;
}

static keel_status explain_all(ctx *c, keel_error *err)
{
    keel_cpm *cpm = NULL;
    keel_status st = keel_cpm_run(c->p, &cpm, err);
    if (st == KEEL_OK && !(c->unpushed = unpush_alap(c->p, c->s, cpm)))
        st = keel_error_nomem(err);
    if (st == KEEL_OK)
        st = keel_problem_new(c->p, (keel_problem **)&c->P, err);
    if (st == KEEL_OK)
        st = setup(c, err);
    for (int t = 0; st == KEEL_OK && t < c->p->ntasks; t++)
        if (!c->p->tasks[t].summary && !explain_task(c, cpm, t))
            st = keel_error_nomem(err);
    if (st == KEEL_OK)
        st = keel_explain_projects(c->p, c->s, cpm, c->e, err);
    keel_cpm_free(cpm);
    return st;
}

keel_status keel_explain(const keel_portfolio *p, const keel_schedule *s,
                         keel_explanation **out, keel_error *err)
{
    *out = NULL;
    keel_status st = keel_schedule_check(p, s, err);
    if (st != KEEL_OK)
        return st;
    ctx c = {.p = p, .s = s, .e = calloc(1, sizeof(keel_explanation))};
    if (!c.e)
        return keel_error_nomem(err);
    c.e->ntasks = p->ntasks;
    c.e->nprojects = p->nprojects;
    st = explain_all(&c, err);
    keel_profile_free(c.pf);
    keel_schedule_free(c.unpushed);
    keel_problem_free((keel_problem *)c.P);
    free(c.user_start);
    free(c.user_job);
    free(c.user_units);
    free(c.by_start);
    free(c.ustart);
    free(c.maxspan);
    free(c.hits);
    free(c.blk);
    free(c.runs);
    free(c.blocking);
    free(c.by_project);
    if (st != KEEL_OK) {
        keel_explanation_free(c.e);
        return st;
    }
    *out = c.e;
    return KEEL_OK;
}
