/* SPDX-License-Identifier: GPL-3.0-or-later
 * Deriving a scenario's portfolio from an immutable base (overlay.h): copy
 * on write of the arrays a scenario changes. Removing projects compacts the
 * tasks, links and assignments; the topological order is the base's order
 * filtered (a subsequence of a topological order is one), the adjacency is
 * rebuilt by the graph step's own code (finish.h).
 */
#include "model/overlay.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "model/finish.h"

#define ALLOC(p, ptr, n) ((ptr) = keel_arena_alloc((p)->arena, (size_t)(n) * sizeof *(ptr)))

void keel_project_change_init(keel_project_change *c)
{
    *c = (keel_project_change){.release = KEEL_TIME_NONE, .priority = -1, .weight = NAN,
                               .deadline = KEEL_TIME_NONE};
}

static bool in_range(const keel_capacity_change *c, keel_time t)
{
    /* t == KEEL_TIME_NONE stands for minus infinity */
    bool after_from = c->from == KEEL_TIME_NONE || (t != KEEL_TIME_NONE && t >= c->from);
    bool before_to = c->to == KEEL_TIME_NONE || t == KEEL_TIME_NONE || t < c->to;
    return after_from && before_to;
}

static int cmp_time(const void *a, const void *b)
{
    keel_time x = *(const keel_time *)a, y = *(const keel_time *)b;
    return (x > y) - (x < y);
}

keel_status keel_capacity_apply(keel_arena *a, const keel_capacity *in_,
                                const keel_capacity_change *c, keel_capacity *out_,
                                keel_time *negative_at, int32_t *negative_units,
                                keel_error *err)
{
    const keel_capacity in = *in_; /* out_ may be in_ */
    int m = 0;
    keel_time *at = malloc(sizeof(keel_time) * (size_t)(in.n + 2));
    if (!at)
        return keel_error_nomem(err);
    for (int i = 0; i < in.n; i++)
        at[m++] = in.at[i];
    if (c->from != KEEL_TIME_NONE)
        at[m++] = c->from;
    if (c->to != KEEL_TIME_NONE)
        at[m++] = c->to;
    qsort(at, (size_t)m, sizeof *at, cmp_time); /* KEEL_TIME_NONE (minimum) stays first */
    keel_capacity out = {0, keel_arena_alloc(a, sizeof(keel_time) * (size_t)m),
                         keel_arena_alloc(a, sizeof(int32_t) * (size_t)m)};
    keel_status st = out.at && out.units ? KEEL_OK : keel_error_nomem(err);
    for (int i = 0; i < m && st == KEEL_OK; i++) {
        if (i > 0 && at[i] == at[i - 1])
            continue;
        int64_t u = in.units[keel_step_index(in.at, in.n, at[i])];
        if (in_range(c, at[i]))
            u = c->relative ? u + c->units : c->units;
        if (u < 0 || u > INT32_MAX) {
            *negative_at = at[i];
            *negative_units = u < 0 ? (int32_t)(u < INT32_MIN ? INT32_MIN : u) : INT32_MAX;
            st = keel_error_set(err, KEEL_ERR_INVALID, NULL, 0, "capacity %s",
                                u < 0 ? "below zero" : "too large");
            break;
        }
        if (out.n > 0 && out.units[out.n - 1] == (int32_t)u)
            continue; /* no step here any more */
        out.at[out.n] = at[i];
        out.units[out.n++] = (int32_t)u;
    }
    free(at);
    if (st == KEEL_OK)
        *out_ = out;
    return st;
}

static keel_status apply_capacities(keel_portfolio *p, const keel_overlay *o,
                                    keel_error *err)
{
    if (o->ncapacity == 0)
        return KEEL_OK;
    keel_resource *res = keel_arena_dup(p->arena, p->resources, (size_t)p->nresources,
                                        sizeof *res);
    if (!res)
        return keel_error_nomem(err);
    p->resources = res;
    for (int i = 0; i < o->ncapacity; i++) {
        const keel_capacity_change *c = &o->capacity[i];
        if (c->resource < 0 || c->resource >= p->nresources)
            return keel_error_set(err, KEEL_ERR_INVALID, NULL, 0,
                                  "capacity change of resource %d: no such resource",
                                  c->resource);
        keel_capacity next;
        keel_time at;
        int32_t units;
        keel_status st = keel_capacity_apply(p->arena, &res[c->resource].capacity, c, &next,
                                             &at, &units, err);
        if (st != KEEL_OK)
            return st;
        res[c->resource].capacity = next;
    }
    return KEEL_OK;
}

static void apply_project(keel_project *q, const keel_project_change *c)
{
    if (c->release != KEEL_TIME_NONE)
        q->start = c->release;
    if (c->priority >= 0)
        q->priority = c->priority;
    if (!isnan(c->weight)) {
        q->weight = c->weight;
        q->weight_by_priority = false;
    } else if (c->priority >= 0 && q->weight_by_priority) {
        q->weight = keel_priority_weight(c->priority); /* a weight by priority follows it */
    }
    if (c->set_deadline)
        q->deadline = c->deadline;
}

/* Tasks of kept projects, contiguous as before; map[t] = new index or -1. */
static keel_status compact_tasks(keel_portfolio *p, const keel_portfolio *b, const bool *gone,
                                 int *map, keel_error *err)
{
    int *pmap = calloc((size_t)b->nprojects + 1, sizeof *pmap), np = 0, nt = 0;
    if (!pmap || !ALLOC(p, p->projects, b->nprojects + 1) || !ALLOC(p, p->tasks, b->ntasks + 1)) {
        free(pmap);
        return keel_error_nomem(err);
    }
    for (int q = 0; q < b->nprojects; q++) {
        const keel_project *bq = &b->projects[q];
        pmap[q] = gone[q] ? -1 : np;
        if (!gone[q]) {
            p->projects[np] = *bq;
            p->projects[np++].first_task = nt;
        }
        for (int t = bq->first_task; t < bq->first_task + bq->ntasks; t++)
            map[t] = gone[q] ? -1 : nt++;
    }
    for (int t = 0; t < b->ntasks; t++) {
        if (map[t] < 0)
            continue;
        keel_task *k = &p->tasks[map[t]];
        *k = b->tasks[t];
        k->project = pmap[k->project];
        k->parent = k->parent >= 0 ? map[k->parent] : -1;
    }
    p->nprojects = np;
    p->ntasks = nt;
    free(pmap);
    return KEEL_OK;
}

/* A link between kept tasks (its ends renumbered), or false. */
static bool keep_link(keel_link *l, const int *map)
{
    if (map[l->pred] < 0 || map[l->succ] < 0)
        return false;
    l->pred = map[l->pred];
    l->succ = map[l->succ];
    l->src_pred = l->src_pred >= 0 ? map[l->src_pred] : -1;
    l->src_succ = l->src_succ >= 0 ? map[l->src_succ] : -1;
    return true;
}

/* Links and assignments between kept tasks, the leaf order and adjacency. */
static keel_status compact_graph(keel_portfolio *p, const keel_portfolio *b, const int *map,
                                 keel_error *err)
{
    int *keys = NULL, *order = NULL, *lmap = NULL;
    if (!ALLOC(p, p->links, b->nlinks + 1) || !ALLOC(p, p->assignments, b->nassignments + 1) ||
        !ALLOC(p, p->topo, b->nleaves + 1) || !ALLOC(p, keys, b->nassignments + 1) ||
        !ALLOC(p, lmap, b->nlinks + 1) || !ALLOC(p, p->relations, b->nrelations + 1))
        return keel_error_nomem(err);
    p->nlinks = p->nassignments = p->nleaves = p->nrelations = 0;
    for (int i = 0; i < b->nlinks; i++) {
        keel_link l = b->links[i];
        lmap[i] = -1;
        if (!keep_link(&l, map))
            continue;
        /* a group is named by its first link; its links go or stay together
         * (one summary predecessor, one successor leaf) */
        l.group = l.group >= 0 ? lmap[l.group] : -1;
        lmap[i] = p->nlinks;
        p->links[p->nlinks++] = l;
    }
    for (int i = 0; i < b->nrelations; i++) { /* as written: only the ends count */
        keel_link l = b->relations[i];
        if (map[l.pred] < 0 || map[l.succ] < 0)
            continue;
        l.pred = map[l.pred];
        l.succ = map[l.succ];
        p->relations[p->nrelations++] = l;
    }
    for (int i = 0; i < b->nassignments; i++) { /* stays sorted by task */
        keel_assignment a = b->assignments[i];
        if (map[a.task] < 0)
            continue;
        a.task = map[a.task];
        keys[p->nassignments] = a.task;
        p->assignments[p->nassignments++] = a;
    }
    for (int i = 0; i < b->nleaves; i++)
        if (map[b->topo[i]] >= 0)
            p->topo[p->nleaves++] = map[b->topo[i]];
    if (!keel_model_group_by(p->arena, p->ntasks, p->nassignments, keys, &p->asg_start, &order))
        return keel_error_nomem(err);
    return keel_model_adjacency(p, err);
}

static keel_status derive_projects(keel_portfolio *p, const keel_portfolio *b,
                                   const keel_overlay *o, int *map, keel_error *err)
{
    bool *gone = calloc((size_t)b->nprojects + 1, sizeof *gone);
    bool any = false;
    keel_status st = gone ? KEEL_OK : keel_error_nomem(err);
    for (int q = 0; st == KEEL_OK && q < b->nprojects; q++)
        any |= gone[q] = o->projects && o->projects[q].removed;
    if (st == KEEL_OK && any)
        st = compact_tasks(p, b, gone, map, err);
    if (st == KEEL_OK && any && p->nprojects == 0)
        st = keel_error_set(err, KEEL_ERR_INVALID, NULL, 0,
                            "a scenario cannot remove every project");
    if (st == KEEL_OK && any)
        st = compact_graph(p, b, map, err);
    if (st == KEEL_OK && !any) {
        for (int t = 0; t < b->ntasks; t++)
            map[t] = t;
        if (!(p->projects = keel_arena_dup(p->arena, b->projects, (size_t)b->nprojects,
                                           sizeof *p->projects)))
            st = keel_error_nomem(err);
    }
    for (int q = 0, k = 0; st == KEEL_OK && o->projects && q < b->nprojects; q++)
        if (!gone[q])
            apply_project(&p->projects[k++], &o->projects[q]);
    free(gone);
    return st;
}

keel_status keel_model_derive(const keel_portfolio *base, const keel_overlay *o,
                              keel_portfolio **out, int **task_map, keel_error *err)
{
    *out = NULL;
    if (task_map)
        *task_map = NULL;
    keel_portfolio *p = malloc(sizeof *p);
    int *map = malloc(sizeof(int) * ((size_t)base->ntasks + 1));
    if (!p || !map) {
        free(p);
        free(map);
        return keel_error_nomem(err);
    }
    *p = *base; /* shares every array until one is replaced */
    p->base = base;
    keel_status st = (p->arena = keel_arena_new()) ? KEEL_OK : keel_error_nomem(err);
    if (st == KEEL_OK)
        st = derive_projects(p, base, o, map, err);
    if (st == KEEL_OK)
        st = apply_capacities(p, o, err);
    if (st != KEEL_OK) {
        keel_arena_free(p->arena);
        free(p);
        free(map);
        return st;
    }
    if (task_map)
        *task_map = map;
    else
        free(map);
    *out = p;
    return KEEL_OK;
}
