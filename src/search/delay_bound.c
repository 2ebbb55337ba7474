/* SPDX-License-Identifier: GPL-3.0-or-later
 * The resource-competition bound on project delay (see delay_bound.h). The
 * completion times follow the classic single-machine argument for sums of
 * completion times (the i-th completion is at least the shortest time to
 * process some i jobs; Baker 1974, "Introduction to sequencing and
 * scheduling", ch. 2), with release dates and a capacity that varies over
 * time; the assignment of projects to completion slots is solved by the
 * Hungarian method (Kuhn 1955) with potentials, O(K^3) for K projects.
 */
#include "search/delay_bound.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"

/* The work of one project on one resource. */
typedef struct share {
    int project;
    double area;        /* units x minutes on the resource's measure */
    keel_time release;  /* earliest start of any of it */
    keel_time base;     /* the project's CPM finish (deadline for tardiness) */
    int64_t tail;       /* elapsed time from the work's end to the project's, at least */
    double weight;
} share;

typedef struct bound_run {
    const keel_problem *P;
    const keel_objective *o;
    int64_t *tail;          /* [njobs] shortest chain of successors in elapsed time */
    keel_plan early;
    const keel_calendar **measure; /* [nres] the resource's calendar, or NULL (elapsed) */
    share *shares;          /* [nres * nprojects] */
    double *own;            /* [nprojects] delay from the project's own work */
} bound_run;

/* Elapsed time from a job's finish to its project's finish, at least: chains
 * of finish-to-start and finish-to-finish links with lags >= 0 inside the
 * project (working minutes never exceed elapsed ones). */
static void chain_tails(const keel_problem *P, int64_t *tail)
{
    for (int j = P->njobs - 1; j >= 0; j--) {
        int64_t best = 0;
        for (int a = P->succ_start[j]; a < P->succ_start[j + 1]; a++) {
            const keel_arc *arc = &P->succ[a];
            int k = arc->job;
            if (P->project[k] != P->project[j] || arc->lag < 0)
                continue;
            int64_t t = -1;
            if (arc->type == KEEL_LINK_FS)
                t = arc->lag + P->dur[k] + tail[k];
            else if (arc->type == KEEL_LINK_FF)
                t = arc->lag + tail[k];
            best = t > best ? t : best;
        }
        tail[j] = best;
    }
}

/* The measure of each resource: its own calendar (elapsed time for a
 * resource without one, and on research instances). */
static void measures(bound_run *b)
{
    const keel_problem *P = b->P;
    const keel_portfolio *p = P->portfolio;
    for (int r = 0; r < P->nres; r++) {
        int c = p->resources[P->res[r]].calendar;
        b->measure[r] = c >= 0 && !P->continuous ? &p->calendars[c] : NULL;
    }
}

/* True when job j provably works only inside the working time of rc, the
 * calendar of leveled resource r that it uses: it runs on rc, or on the
 * common working time of its resources' calendars (a calendar none of them
 * is, so not the fallback to the first one when they share no time). Then
 * a job of d working minutes holds r for d minutes of rc. */
static bool job_within(const keel_problem *P, int j, int r, const keel_calendar *rc)
{
    if (P->cal[j] == rc)
        return true;
    const keel_portfolio *p = P->portfolio;
    const keel_task *t = &p->tasks[P->task[j]];
    if (t->task_calendar >= 0 &&
        (t->ignore_resource_calendar || &p->calendars[t->task_calendar] == P->cal[j]))
        return false;
    bool uses_r = false;
    for (int a = p->asg_start[P->task[j]]; a < p->asg_start[P->task[j] + 1]; a++) {
        const keel_assignment *as = &p->assignments[a];
        const keel_resource *res = &p->resources[as->resource];
        if (res->type != KEEL_RES_WORK || res->calendar < 0 || as->units <= 0)
            continue;
        if (&p->calendars[res->calendar] == P->cal[j])
            return false;
        uses_r = uses_r || as->resource == P->res[r];
    }
    return uses_r;
}

static double project_weight(const keel_objective *o, int q)
{
    const keel_project *pr = &o->P->portfolio->projects[q];
    if (o->kind == KEEL_OBJ_APD)
        return 1.0;
    if (o->kind == KEEL_OBJ_WTARDY && pr->deadline == KEEL_TIME_NONE)
        return 0.0;
    return pr->weight;
}

/* The date after which finishing project q's work delays the objective. */
static keel_time due_date(const keel_objective *o, int q)
{
    if (o->kind == KEEL_OBJ_WTARDY)
        return o->P->portfolio->projects[q].deadline;
    return o->cpm_finish[q];
}

static void collect_shares(bound_run *b)
{
    const keel_problem *P = b->P;
    int np = P->nprojects;
    for (int i = 0; i < P->nres * np; i++)
        b->shares[i] = (share){.project = i % np, .release = KEEL_TIME_NONE,
                               .base = KEEL_TIME_NONE};
    for (int j = 0; j < P->njobs; j++) {
        if ((P->flags[j] & (KEEL_JOB_FIXED | KEEL_JOB_PINNED)) || P->dur[j] <= 0)
            continue;
        int q = P->project[j];
        keel_time due = due_date(b->o, q);
        for (int d = P->dem_start[j]; d < P->dem_start[j + 1]; d++) {
            int r = P->dem_res[d];
            if (b->measure[r] && !job_within(P, j, r, b->measure[r]))
                continue; /* left out: a relaxation */
            share *s = &b->shares[(size_t)r * np + q];
            bool first = s->release == KEEL_TIME_NONE;
            s->area += (double)P->dur[j] * P->dem_units[d];
            if (first || b->early.start[j] < s->release)
                s->release = b->early.start[j];
            /* the work ends with some job: the least tail after it counts */
            if (first || b->tail[j] < s->tail)
                s->tail = b->tail[j];
            s->base = due;
            s->weight = due == KEEL_TIME_NONE ? 0.0 : project_weight(b->o, q);
        }
    }
}

/* The weighted delay (working days of the project, as the objective counts
 * it) when share s's work is done at `done`. */
static double lateness(const bound_run *b, const share *s, keel_time done)
{
    if (done == KEEL_TIME_NONE || done + s->tail <= s->base)
        return 0;
    return s->weight * keel_project_days(b->P->portfolio, s->project, s->base, done + s->tail);
}

/* The earliest time by which `area` can be done on resource r from `from`;
 * KEEL_TIME_NONE when the capacity never allows it. */
static keel_time completion(const bound_run *b, int r, keel_time from, double area)
{
    const keel_problem_cap *cap = &b->P->cap[r];
    const keel_calendar *c = b->measure[r];
    int i = keel_step_index(cap->at, cap->n, from);
    for (; i < cap->n; i++) {
        keel_time t0 = cap->at[i] > from ? cap->at[i] : from;
        int32_t u = cap->units[i];
        if (u <= 0)
            continue;
        double need = ceil(area / u);
        if (i + 1 < cap->n) {
            keel_time t1 = cap->at[i + 1];
            double avail = (double)(c ? keel_calendar_work_between(c, t0, t1) : t1 - t0);
            if (need > avail) {
                area -= avail * u;
                continue;
            }
        }
        return c ? keel_calendar_add_work(c, t0, (int64_t)need) : t0 + (keel_time)need;
    }
    /* no capacity from some date on: what is left may only overload there */
    if (area > 0 && cap->n > 0 && cap->units[cap->n - 1] <= 0)
        return cap->at[cap->n - 1] > from ? cap->at[cap->n - 1] : from;
    return area <= 0 ? from : KEEL_TIME_NONE;
}

/* Minimum-cost assignment of rows to columns of the n x n matrix a (row
 * major); returns its cost. u, v, minv: n + 1 doubles; p, way: n + 1 ints;
 * used: n + 1 bools. */
typedef struct hungarian {
    double *u, *v, *minv;
    int *p, *way;
    bool *used;
} hungarian;

static double assign(const double *a, int n, hungarian *h)
{
    for (int j = 0; j <= n; j++)
        h->u[j] = h->v[j] = 0, h->p[j] = 0;
    for (int i = 1; i <= n; i++) {
        h->p[0] = i;
        int j0 = 0;
        for (int j = 0; j <= n; j++)
            h->minv[j] = HUGE_VAL, h->used[j] = false;
        do {
            h->used[j0] = true;
            int i0 = h->p[j0], j1 = 0;
            double delta = HUGE_VAL;
            for (int j = 1; j <= n; j++) {
                if (h->used[j])
                    continue;
                double cur = a[(size_t)(i0 - 1) * n + (j - 1)] - h->u[i0] - h->v[j];
                if (cur < h->minv[j])
                    h->minv[j] = cur, h->way[j] = j0;
                if (h->minv[j] < delta)
                    delta = h->minv[j], j1 = j;
            }
            for (int j = 0; j <= n; j++) {
                if (h->used[j])
                    h->u[h->p[j]] += delta, h->v[j] -= delta;
                else
                    h->minv[j] -= delta;
            }
            j0 = j1;
        } while (h->p[j0] != 0);
        do {
            int j1 = h->way[j0];
            h->p[j0] = h->p[j1];
            j0 = j1;
        } while (j0);
    }
    double cost = 0;
    for (int j = 1; j <= n; j++)
        cost += a[(size_t)(h->p[j] - 1) * n + (j - 1)];
    return cost;
}

static int by_release(const void *x, const void *y)
{
    const share *a = x, *b = y;
    if (a->release != b->release)
        return a->release < b->release ? -1 : 1;
    return a->project - b->project;
}

static int by_double(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

#define MAX_THRESHOLDS 64 /* release thresholds tried per resource (see slots) */

/* slot[i]: no i + 1 of the k shares (sorted by release) can all be done
 * before it. Thresholds: each release (or, above MAX_THRESHOLDS shares,
 * every few releases: a share's set is then taken from an earlier release,
 * which only lowers the slot). area: k scratch doubles. */
static bool slots(const bound_run *b, int r, const share *s, int k, double *area,
                  keel_time *slot)
{
    for (int i = 0; i < k; i++)
        slot[i] = KEEL_TIME_NONE;
    int step = k > MAX_THRESHOLDS ? (k + MAX_THRESHOLDS - 1) / MAX_THRESHOLDS : 1;
    for (int m = 0; m < k; m += step) {
        int n = k - m;
        for (int i = 0; i < n; i++)
            area[i] = s[m + i].area;
        qsort(area, (size_t)n, sizeof *area, by_double);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += area[i];
            keel_time c = completion(b, r, s[m].release, sum);
            if (c == KEEL_TIME_NONE)
                return false; /* the capacity ends: no bound from this resource */
            if (slot[i] == KEEL_TIME_NONE || c < slot[i])
                slot[i] = c;
        }
    }
    return true;
}

/* Scratch for one resource of up to np shares. */
typedef struct scratch {
    share *s;
    double *area, *cost;
    keel_time *slot;
    hungarian h;
} scratch;

/* The least weighted lateness of resource r's projects, and each one's own
 * lateness alone into b->own (the larger of its resources'). */
static double resource_bound(bound_run *b, int r, scratch *x, int *competing)
{
    const keel_problem *P = b->P;
    int np = P->nprojects, k = 0;
    for (int q = 0; q < np; q++) {
        const share *s = &b->shares[(size_t)r * np + q];
        if (s->area <= 0 || s->weight <= 0)
            continue;
        x->s[k++] = *s;
        double late = lateness(b, s, completion(b, r, s->release, s->area));
        b->own[q] = late > b->own[q] ? late : b->own[q];
    }
    *competing = k;
    if (k < 2)
        return 0;
    qsort(x->s, (size_t)k, sizeof *x->s, by_release);
    if (!slots(b, r, x->s, k, x->area, x->slot))
        return 0;
    for (int i = 0; i < k; i++)
        for (int t = 0; t < k; t++)
            x->cost[(size_t)i * k + t] = lateness(b, &x->s[i], x->slot[t]);
    return assign(x->cost, k, &x->h);
}

static bool scratch_init(scratch *x, int np)
{
    size_t n = (size_t)np + 2;
    x->s = malloc(n * sizeof *x->s);
    x->area = malloc(n * sizeof *x->area);
    x->slot = malloc(n * sizeof *x->slot);
    x->cost = malloc(n * n * sizeof *x->cost);
    x->h.u = malloc(n * sizeof(double));
    x->h.v = malloc(n * sizeof(double));
    x->h.minv = malloc(n * sizeof(double));
    x->h.p = malloc(n * sizeof(int));
    x->h.way = malloc(n * sizeof(int));
    x->h.used = malloc(n * sizeof(bool));
    return x->s && x->area && x->slot && x->cost && x->h.u && x->h.v && x->h.minv &&
           x->h.p && x->h.way && x->h.used;
}

static void scratch_free(scratch *x)
{
    free(x->s);
    free(x->area);
    free(x->slot);
    free(x->cost);
    free(x->h.u);
    free(x->h.v);
    free(x->h.minv);
    free(x->h.p);
    free(x->h.way);
    free(x->h.used);
}

static void run_free(bound_run *b)
{
    free(b->tail);
    free(b->measure);
    free(b->shares);
    free(b->own);
    keel_plan_release(&b->early);
}

typedef struct ranked {
    double value;
    int resource, competing;
} ranked;

static int by_value_desc(const void *x, const void *y)
{
    const ranked *a = x, *b = y;
    if (a->value != b->value)
        return a->value > b->value ? -1 : 1;
    return a->resource - b->resource;
}

/* Resources whose projects are all still free, best first: their bounds
 * add up (each project's delay is counted on one resource only). */
static double disjoint_sum(const bound_run *b, ranked *rk, bool *taken, keel_delay_bound *out)
{
    const keel_problem *P = b->P;
    int np = P->nprojects;
    qsort(rk, (size_t)P->nres, sizeof *rk, by_value_desc);
    for (int q = 0; q < np; q++)
        taken[q] = false;
    double sum = 0;
    for (int i = 0; i < P->nres && rk[i].value > 0; i++) {
        const share *s = &b->shares[(size_t)rk[i].resource * np];
        bool free_set = true;
        for (int q = 0; q < np && free_set; q++)
            free_set = !(s[q].area > 0 && s[q].weight > 0 && taken[q]);
        if (!free_set)
            continue;
        for (int q = 0; q < np; q++)
            taken[q] = taken[q] || (s[q].area > 0 && s[q].weight > 0);
        sum += rk[i].value;
        if (out->nresources++ == 0) {
            out->resource = rk[i].resource;
            out->nprojects = rk[i].competing;
        }
    }
    return sum;
}

static void best_bound(bound_run *b, scratch *x, ranked *rk, bool *taken,
                       keel_delay_bound *out)
{
    const keel_problem *P = b->P;
    for (int r = 0; r < P->nres; r++) {
        rk[r] = (ranked){.resource = r};
        rk[r].value = resource_bound(b, r, x, &rk[r].competing);
    }
    out->value = disjoint_sum(b, rk, taken, out);
    double own = 0;
    for (int q = 0; q < P->nprojects; q++)
        own += b->own[q];
    if (own > out->value) {
        out->value = own;
        out->resource = -1;
        out->nprojects = 0;
        out->nresources = 0;
    }
    if (b->o->kind == KEEL_OBJ_APD)
        out->value /= P->nprojects;
}

keel_status keel_delay_bound_compute(const keel_problem *P, const keel_objective *o,
                                     keel_delay_bound *out, keel_error *err)
{
    *out = (keel_delay_bound){.resource = -1};
    if ((o->kind != KEEL_OBJ_WDELAY && o->kind != KEEL_OBJ_APD && o->kind != KEEL_OBJ_WTARDY) ||
        P->nprojects < 1 || P->nres < 1)
        return KEEL_OK;
    bound_run b = {.P = P, .o = o};
    scratch x = {0};
    size_t np = (size_t)P->nprojects + 1;
    b.tail = malloc(((size_t)P->njobs + 1) * sizeof *b.tail);
    b.measure = malloc(((size_t)P->nres + 1) * sizeof *b.measure);
    b.shares = malloc((size_t)P->nres * np * sizeof *b.shares);
    b.own = calloc(np, sizeof *b.own);
    ranked *rk = malloc(((size_t)P->nres + 1) * sizeof *rk);
    bool *taken = malloc(np * sizeof *taken);
    bool ok = b.tail && b.measure && b.shares && b.own && rk && taken &&
              keel_plan_init(&b.early, P->njobs) && scratch_init(&x, P->nprojects);
    if (ok) {
        keel_sgs_cpm(P, &b.early, NULL);
        chain_tails(P, b.tail);
        measures(&b);
        collect_shares(&b);
        best_bound(&b, &x, rk, taken, out);
    }
    free(rk);
    free(taken);
    scratch_free(&x);
    run_free(&b);
    return ok ? KEEL_OK : keel_error_nomem(err);
}
