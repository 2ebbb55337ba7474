/* SPDX-License-Identifier: GPL-3.0-or-later
 * Critical-path, energy and LP lower bounds (see bounds.h). The energy bound
 * of a resource starts at the earliest CPM start among the jobs that use it,
 * which is at least the earliest arrival used by Homberger's MPSPLIB bound.
 */
#include "analysis/bounds.h"

#include <math.h>
#include <stdlib.h>

#include "base/error.h"

/* The constant capacity of a resource, or 0 when it varies or is zero. */
static int64_t constant_capacity(const keel_resource *r)
{
    if (r->type != KEEL_RES_WORK || !r->can_level || r->capacity.n < 1)
        return 0;
    int32_t u = r->capacity.units[0];
    for (int i = 1; i < r->capacity.n; i++)
        if (r->capacity.units[i] != u)
            return 0;
    return u > 0 ? u : 0;
}

static int64_t ceil_div(int64_t a, int64_t b)
{
    return a <= 0 ? 0 : (a + b - 1) / b;
}

/* Work (duration x units) and earliest CPM start per resource over the tasks
 * first..end-1, one pass over their assignments. */
typedef struct energy {
    int64_t *work;
    keel_time *first;
} energy;

static void accumulate(const keel_portfolio *p, const keel_cpm *c, int first, int end,
                       energy *e)
{
    for (int r = 0; r < p->nresources; r++) {
        e->work[r] = 0;
        e->first[r] = KEEL_TIME_NONE;
    }
    for (int t = first; t < end; t++) {
        const keel_task *task = &p->tasks[t];
        if (task->summary || task->duration <= 0)
            continue;
        for (int a = p->asg_start[t]; a < p->asg_start[t + 1]; a++) {
            const keel_assignment *as = &p->assignments[a];
            if (as->units <= 0)
                continue;
            e->work[as->resource] += task->duration * (int64_t)as->units;
            if (e->first[as->resource] == KEEL_TIME_NONE || c->es[t] < e->first[as->resource])
                e->first[as->resource] = c->es[t];
        }
    }
}

/* The earliest start plus the work at full capacity (from, when given,
 * replaces the earliest start); KEEL_TIME_NONE when the resource is unused. */
static keel_time energy_bound(const energy *e, int r, int64_t cap, keel_time from)
{
    if (e->first[r] == KEEL_TIME_NONE)
        return KEEL_TIME_NONE;
    return (from != KEEL_TIME_NONE ? from : e->first[r]) + ceil_div(e->work[r], cap);
}

/* shared[r]: jobs of two or more projects use resource r. */
static void shared_resources(const keel_portfolio *p, bool *shared, int *owner)
{
    for (int r = 0; r < p->nresources; r++) {
        shared[r] = false;
        owner[r] = -1;
    }
    for (int a = 0; a < p->nassignments; a++) {
        const keel_assignment *as = &p->assignments[a];
        if (as->units <= 0)
            continue;
        int q = p->tasks[as->task].project, r = as->resource;
        shared[r] = shared[r] || (owner[r] >= 0 && owner[r] != q);
        owner[r] = q;
    }
}

static keel_time max_time(keel_time a, keel_time b)
{
    return a == KEEL_TIME_NONE ? b : b == KEEL_TIME_NONE ? a : a > b ? a : b;
}

static void project_bounds(const keel_portfolio *p, const keel_cpm *c, keel_bounds *b,
                           energy *e)
{
    for (int q = 0; q < p->nprojects; q++) {
        const keel_project *pr = &p->projects[q];
        accumulate(p, c, pr->first_task, pr->first_task + pr->ntasks, e);
        keel_time lb = c->project_finish[q];
        for (int r = 0; r < p->nresources; r++) {
            int64_t cap = constant_capacity(&p->resources[r]);
            if (cap > 0)
                lb = max_time(lb, energy_bound(e, r, cap, KEEL_TIME_NONE));
        }
        b->project_finish_lb[q] = lb;
        double w = pr->weight;
        b->sum_finish_lb += w * (double)lb;
        b->delay_lb += keel_project_days(p, q, c->project_finish[q], lb);
        keel_time due = pr->deadline;
        if (due != KEEL_TIME_NONE && lb > due)
            b->tardiness_lb += w * keel_project_days(p, q, due, lb);
    }
}

static void portfolio_bounds(const keel_portfolio *p, const keel_cpm *c, keel_bounds *b,
                             energy *e, bool *shared, int *owner)
{
    accumulate(p, c, 0, p->ntasks, e);
    shared_resources(p, shared, owner);
    b->energy_finish = b->energy_finish_plain = KEEL_TIME_NONE;
    for (int r = 0; r < p->nresources; r++) {
        int64_t cap = constant_capacity(&p->resources[r]);
        if (cap <= 0)
            continue;
        b->energy_finish = max_time(b->energy_finish, energy_bound(e, r, cap, KEEL_TIME_NONE));
        if (shared[r])
            b->energy_finish_plain =
                max_time(b->energy_finish_plain, energy_bound(e, r, cap, b->min_start));
    }
}

keel_status keel_bounds_compute(const keel_portfolio *p, const keel_cpm *c, keel_bounds **out,
                                keel_error *err)
{
    *out = NULL;
    keel_bounds *b = calloc(1, sizeof *b);
    if (!b || !(b->project_finish_lb = calloc((size_t)p->nprojects + 1, sizeof(keel_time)))) {
        free(b);
        return keel_error_nomem(err);
    }
    b->nprojects = p->nprojects;
    b->min_start = KEEL_TIME_NONE;
    b->cp_finish = KEEL_TIME_NONE;
    for (int q = 0; q < p->nprojects; q++) {
        if (b->min_start == KEEL_TIME_NONE || c->project_start[q] < b->min_start)
            b->min_start = c->project_start[q];
        b->cp_finish = max_time(b->cp_finish, c->project_finish[q]);
    }
    size_t nr = (size_t)p->nresources + 1;
    energy e = {malloc(nr * sizeof(int64_t)), malloc(nr * sizeof(keel_time))};
    bool *shared = malloc(nr * sizeof(bool));
    int *owner = malloc(nr * sizeof(int));
    if (!e.work || !e.first || !shared || !owner) {
        free(e.work);
        free(e.first);
        free(shared);
        free(owner);
        keel_bounds_free(b);
        return keel_error_nomem(err);
    }
    portfolio_bounds(p, c, b, &e, shared, owner);
    b->finish_lb = max_time(b->cp_finish, b->energy_finish);
    b->tms_lb = b->finish_lb == KEEL_TIME_NONE ? 0 : b->finish_lb - b->min_start;
    project_bounds(p, c, b, &e);
    free(e.work);
    free(e.first);
    free(shared);
    free(owner);
    *out = b;
    return KEEL_OK;
}

void keel_bounds_free(keel_bounds *b)
{
    if (!b)
        return;
    free(b->project_finish_lb);
    free(b);
}
