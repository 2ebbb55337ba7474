/* SPDX-License-Identifier: GPL-3.0-or-later
 * Resource load on the exact minute timeline for the verifier: every task adds
 * its units over its own working intervals between start and finish; a sweep
 * over those events and the capacity steps finds the overloaded intervals.
 * Overloads separated only by idle time (nights, weekends) are reported as one
 * conflict, so that users see "Mon 08:00 - Fri 17:00" rather than ten pieces.
 *
 * The acceptance rule: an overload is accepted (reported, not a failure) only
 * when leveling could not have removed it, in every stretch of it: the resource
 * is not leveled (CanLevel 0); one task alone needs more than the resource has
 * at that time; the tasks that may not move (started, priority 1000) alone
 * exceed the capacity, i.e. the overload stays when every movable task is
 * taken out; or they do so together with the movable tasks that a
 * priority-1000 task in it depends on through links (verify_tied.c): moving
 * those drags it along. Any other overload is a failure: a movable task could
 * have gone around the others.
 */
#include <stdlib.h>
#include <string.h>

#include "analysis/verify.h"
#include "base/error.h"

typedef struct event {
    keel_time at;
    int32_t delta; /* units; 0 for a capacity step */
    int task;      /* -1 for a capacity step */
} event;

typedef KEEL_VEC(event) event_vec;

typedef struct sweep {
    const keel_portfolio *p;
    int resource;
    event_vec events;
    int32_t units;  /* of the task whose intervals are being added */
    int task;
    bool nomem;
} sweep;

static bool push_interval(keel_time from, keel_time to, void *ctx)
{
    sweep *w = ctx;
    event a = {from, w->units, w->task}, b = {to, -w->units, w->task};
    if (!KEEL_VEC_PUSH(&w->events, a) || !KEEL_VEC_PUSH(&w->events, b)) {
        w->nomem = true;
        return false;
    }
    return true;
}

/* The units task t holds on resource r (two assignments of one resource add). */
static int32_t task_units(const keel_portfolio *p, int t, int r)
{
    int32_t u = 0;
    for (int a = p->asg_start[t]; a < p->asg_start[t + 1]; a++)
        if (p->assignments[a].resource == r)
            u += p->assignments[a].units;
    return u;
}

static bool collect_events(sweep *w, const keel_schedule *s, const int *tasks, int ntasks)
{
    const keel_portfolio *p = w->p;
    for (int i = 0; i < ntasks; i++) {
        int t = tasks[i];
        if (p->tasks[t].summary || s->start[t] == KEEL_TIME_NONE)
            continue;
        w->units = task_units(p, t, w->resource);
        if (w->units <= 0 || s->finish[t] <= s->start[t])
            continue;
        w->task = t;
        keel_calendar_each_interval(keel_task_cal(p, t), s->start[t], s->finish[t],
                                    push_interval, w);
        if (w->nomem)
            return false;
    }
    const keel_capacity *cap = &p->resources[w->resource].capacity;
    for (int i = 1; i < cap->n; i++) {
        event e = {cap->at[i], 0, -1};
        if (!KEEL_VEC_PUSH(&w->events, e))
            return false;
    }
    return true;
}

static int by_time(const void *a, const void *b)
{
    const event *x = a, *y = b;
    if (x->at != y->at)
        return x->at < y->at ? -1 : 1;
    return x->delta < y->delta ? -1 : x->delta > y->delta;
}

/* The conflict being built while the sweep runs. */
typedef struct open_conflict {
    bool open;
    bool failed;     /* some overloaded stretch leveling should have removed */
    keel_accept_reason reason; /* of its first stretch */
    keel_conflict k;
    KEEL_VEC(int) tasks;
} open_conflict;

static bool add_active(open_conflict *oc, const int *active, int nactive, int *mark,
                       int stamp)
{
    for (int i = 0; i < nactive; i++) {
        int t = active[i];
        if (mark[t] == stamp)
            continue;
        mark[t] = stamp;
        if (!KEEL_VEC_PUSH(&oc->tasks, t))
            return false;
    }
    return true;
}

static keel_status close_conflict(const keel_portfolio *p, open_conflict *oc,
                                  keel_conflicts *c, keel_error *err)
{
    if (!oc->open)
        return KEEL_OK;
    oc->open = false;
    keel_conflict k = oc->k;
    k.accept_reason = !p->resources[k.resource].can_level ? KEEL_ACCEPT_NOT_LEVELED
                      : oc->failed                        ? KEEL_ACCEPT_NONE
                                                          : oc->reason;
    k.accepted = k.accept_reason != KEEL_ACCEPT_NONE;
    k.ntasks = (int)oc->tasks.len;
    k.tasks = oc->tasks.data; /* ownership moves to the conflict */
    k.task = k.ntasks ? oc->tasks.data[0] : -1;
    oc->tasks.data = NULL;
    oc->tasks.len = oc->tasks.cap = 0;
    if (!KEEL_VEC_PUSH(&c->items, k)) {
        free((void *)k.tasks);
        return keel_error_nomem(err);
    }
    return KEEL_OK;
}

typedef struct state {
    const keel_portfolio *p;
    int *active, nactive, *pos, *mark, stamp;
    int32_t *units;   /* per task: its units on the resource while active */
    int32_t load, immovable; /* all active units, and those of fixed/pinned tasks */
    int *tie_mark, tie_stamp, *tie_stack; /* what active pinned tasks depend on */
} state;

static bool immovable(const keel_task *t) { return t->fixed || t->pinned; }

/* The units of the active tasks that may not move and of those an active
 * priority-1000 task depends on through links. */
static int32_t tied_load(state *st)
{
    const keel_portfolio *p = st->p;
    st->tie_stamp++;
    for (int i = 0; i < st->nactive; i++)
        if (p->tasks[st->active[i]].pinned)
            keel_verify_mark_tied(p, st->active[i], st->tie_mark, st->tie_stamp,
                                  st->tie_stack);
    int32_t load = st->immovable;
    for (int i = 0; i < st->nactive; i++) {
        int t = st->active[i];
        if (!immovable(&p->tasks[t]) && st->tie_mark[t] == st->tie_stamp)
            load += st->units[t];
    }
    return load;
}

/* Why leveling could not have removed this overloaded stretch, or
 * KEEL_ACCEPT_NONE when it could have. */
static keel_accept_reason unavoidable(state *st, int32_t cap)
{
    for (int i = 0; i < st->nactive; i++)
        if (st->units[st->active[i]] > cap)
            return KEEL_ACCEPT_SINGLE;
    if (st->immovable > cap)
        return KEEL_ACCEPT_FIXED;
    if (tied_load(st) > cap)
        return KEEL_ACCEPT_TIED;
    return KEEL_ACCEPT_NONE;
}

static void apply(state *st, const event *e)
{
    if (e->task < 0)
        return;
    st->load += e->delta;
    int t = e->task;
    if (immovable(&st->p->tasks[t]))
        st->immovable += e->delta;
    if (e->delta > 0) {
        st->units[t] = e->delta;
        st->pos[t] = st->nactive;
        st->active[st->nactive++] = t;
    } else {
        int i = st->pos[t], last = st->active[--st->nactive];
        st->active[i] = last;
        st->pos[last] = i;
    }
}

/* A new stretch of overload at `at` with capacity cap joins the open conflict. */
static bool extend(const keel_portfolio *p, state *st, open_conflict *oc, int r,
                   keel_time at, keel_time next, int32_t cap)
{
    if (!oc->open) {
        oc->open = true;
        oc->failed = false;
        oc->reason = KEEL_ACCEPT_NONE;
        st->stamp++;
        oc->k = (keel_conflict){.kind = KEEL_CONFLICT_RESOURCE, .resource = r, .task = -1,
                                .other = -1, .from = at, .capacity = cap};
    }
    oc->k.to = next;
    if (p->resources[r].can_level && !oc->failed) {
        keel_accept_reason why = unavoidable(st, cap);
        oc->failed = why == KEEL_ACCEPT_NONE;
        if (oc->reason == KEEL_ACCEPT_NONE)
            oc->reason = why;
    }
    if (st->load > oc->k.load)
        oc->k.load = st->load;
    if (cap < oc->k.capacity)
        oc->k.capacity = cap;
    return add_active(oc, st->active, st->nactive, st->mark, st->stamp);
}

static keel_status run_sweep(const keel_portfolio *p, sweep *w, state *st,
                             keel_conflicts *c, keel_error *err)
{
    const keel_resource *res = &p->resources[w->resource];
    open_conflict oc = {0};
    keel_status rc = KEEL_OK;
    size_t n = w->events.len;
    for (size_t i = 0; i < n && rc == KEEL_OK;) {
        keel_time at = w->events.data[i].at;
        for (; i < n && w->events.data[i].at == at; i++)
            apply(st, &w->events.data[i]);
        keel_time next = i < n ? w->events.data[i].at : at;
        int32_t cap = keel_resource_capacity_at(res, at);
        if (st->load > cap && next > at) {
            if (!extend(p, st, &oc, w->resource, at, next, cap))
                rc = keel_error_nomem(err);
        } else if (st->load > 0) {
            rc = close_conflict(p, &oc, c, err);
        }
    }
    if (rc == KEEL_OK)
        rc = close_conflict(p, &oc, c, err);
    KEEL_VEC_FREE(&oc.tasks);
    return rc;
}

keel_status keel_verify_resource(const keel_portfolio *p, const keel_schedule *s, int r,
                                 const int *tasks, int ntasks, keel_conflicts *c,
                                 keel_error *err)
{
    sweep w = {.p = p, .resource = r};
    state st = {.p = p};
    keel_status rc = KEEL_OK;
    size_t n = (size_t)p->ntasks + 1;
    st.active = malloc(n * sizeof(int));
    st.pos = malloc(n * sizeof(int));
    st.mark = calloc(n, sizeof(int));
    st.units = calloc(n, sizeof(int32_t));
    st.tie_mark = calloc(n, sizeof(int));
    st.tie_stack = malloc(n * sizeof(int));
    if (!st.active || !st.pos || !st.mark || !st.units || !st.tie_mark || !st.tie_stack ||
        !collect_events(&w, s, tasks, ntasks)) {
        rc = keel_error_nomem(err);
        goto done;
    }
    /* at equal times, ends before starts (see by_time) */
    if (w.events.len > 1)
        qsort(w.events.data, w.events.len, sizeof(event), by_time);
    rc = run_sweep(p, &w, &st, c, err);
done:
    KEEL_VEC_FREE(&w.events);
    free(st.active);
    free(st.pos);
    free(st.mark);
    free(st.units);
    free(st.tie_mark);
    free(st.tie_stack);
    return rc;
}
