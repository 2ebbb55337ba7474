/* SPDX-License-Identifier: GPL-3.0-or-later
 * A resource's working time and available work (worktime.h). The calendars
 * of a resource without its own are collected once from its assignments
 * (pairs sorted and made unique, then calendars with the same working time
 * dropped); a span's working minutes on several calendars merge their working
 * intervals, so time two calendars share counts once.
 */
#include "analysis/worktime.h"

#include <stdlib.h>

#include "base/error.h"
#include "base/vec.h"

typedef struct pair {
    int r, cal;
} pair;

static int by_pair(const void *x, const void *y)
{
    const pair *a = x, *b = y;
    if (a->r != b->r)
        return a->r < b->r ? -1 : 1;
    return (a->cal > b->cal) - (a->cal < b->cal);
}

/* The calendar a task gives a resource without one: the task's own calendar,
 * else its project's; -1 for elapsed and summary tasks (round the clock). */
static int task_base_calendar(const keel_portfolio *p, int t)
{
    const keel_task *k = &p->tasks[t];
    if (k->summary || k->elapsed)
        return -1;
    return k->task_calendar >= 0 ? k->task_calendar : p->projects[k->project].calendar;
}

/* (resource, calendar) for every resource: its own, or its tasks' ones. */
static pair *collect(const keel_portfolio *p, int *n)
{
    pair *v = malloc(sizeof *v * ((size_t)p->nresources + (size_t)p->nassignments + 1));
    if (!v)
        return NULL;
    int k = 0;
    for (int r = 0; r < p->nresources; r++)
        if (p->resources[r].calendar >= 0)
            v[k++] = (pair){r, p->resources[r].calendar};
    for (int i = 0; i < p->nassignments; i++) {
        const keel_assignment *as = &p->assignments[i];
        int c = task_base_calendar(p, as->task);
        if (p->resources[as->resource].calendar < 0 && as->units > 0 && c >= 0)
            v[k++] = (pair){as->resource, c};
    }
    qsort(v, (size_t)k, sizeof *v, by_pair);
    *n = k;
    return v;
}

/* Appends calendar c to resource r's list unless one with the same working
 * time is there already. */
static void add_distinct(keel_worktime *a, int r, int c, int *len)
{
    const keel_portfolio *p = a->p;
    for (int i = a->start[r]; i < *len; i++)
        if (a->cal[i] == c ||
            keel_calendar_same(&p->calendars[a->cal[i]], &p->calendars[c]))
            return;
    a->cal[(*len)++] = c;
}

keel_status keel_worktime_init(keel_worktime *a, const keel_portfolio *p, keel_error *err)
{
    *a = (keel_worktime){.p = p};
    int n = 0;
    pair *v = collect(p, &n);
    a->start = malloc(sizeof(int) * ((size_t)p->nresources + 1));
    a->cal = malloc(sizeof(int) * ((size_t)n + (size_t)p->nresources + 1));
    if (!v || !a->start || !a->cal) {
        free(v);
        keel_worktime_release(a);
        return keel_error_nomem(err);
    }
    int len = 0, i = 0;
    for (int r = 0; r < p->nresources; r++) {
        a->start[r] = len;
        for (; i < n && v[i].r == r; i++)
            add_distinct(a, r, v[i].cal, &len);
        if (len == a->start[r] && p->nprojects > 0) /* nobody uses it */
            a->cal[len++] = p->projects[0].calendar;
    }
    a->start[p->nresources] = len;
    free(v);
    return KEEL_OK;
}

void keel_worktime_release(keel_worktime *a)
{
    free(a->start);
    free(a->cal);
    *a = (keel_worktime){0};
}

typedef KEEL_VEC(keel_time) time_vec;

typedef struct span_list {
    time_vec at; /* from, to, from, to, ... */
    bool nomem;
} span_list;

static bool push_span(keel_time from, keel_time to, void *ctx)
{
    span_list *s = ctx;
    if (!KEEL_VEC_PUSH(&s->at, from) || !KEEL_VEC_PUSH(&s->at, to))
        s->nomem = true;
    return !s->nomem;
}

static int by_from(const void *x, const void *y)
{
    const keel_time *a = x, *b = y;
    return (a[0] > b[0]) - (a[0] < b[0]);
}

/* Working minutes of the union of several calendars: their intervals merged. */
static int64_t union_minutes(const keel_worktime *a, int r, keel_time from, keel_time to)
{
    span_list s = {0};
    for (int i = a->start[r]; i < a->start[r + 1] && !s.nomem; i++)
        keel_calendar_each_interval(&a->p->calendars[a->cal[i]], from, to, push_span, &s);
    if (s.nomem) { /* cannot fail: fall back to the first calendar */
        KEEL_VEC_FREE(&s.at);
        return keel_calendar_work_between(&a->p->calendars[a->cal[a->start[r]]], from,
                                          to);
    }
    size_t n = s.at.len / 2;
    if (n > 1)
        qsort(s.at.data, n, 2 * sizeof(keel_time), by_from);
    int64_t sum = 0;
    keel_time end = KEEL_TIME_NONE;
    for (size_t i = 0; i < n; i++) {
        keel_time x = s.at.data[2 * i], y = s.at.data[2 * i + 1];
        if (end != KEEL_TIME_NONE && x < end)
            x = end;
        if (y > x) {
            sum += y - x;
            end = y;
        }
    }
    KEEL_VEC_FREE(&s.at);
    return sum;
}

int64_t keel_worktime_minutes(const keel_worktime *a, int r, keel_time from, keel_time to)
{
    int n = a->start[r + 1] - a->start[r];
    if (to <= from || n == 0)
        return 0;
    if (n == 1)
        return keel_calendar_work_between(&a->p->calendars[a->cal[a->start[r]]], from,
                                          to);
    return union_minutes(a, r, from, to);
}

double keel_worktime_work(const keel_worktime *a, int r, keel_time from, keel_time to,
                          int32_t *min_units, int32_t *max_units)
{
    const keel_resource *res = &a->p->resources[r];
    const keel_capacity *cap = &res->capacity;
    int32_t lo = keel_resource_capacity_at(res, from), hi = lo;
    double sum = 0;
    if (cap->n == 0)
        sum = (double)lo / KEEL_UNITS_ONE * (double)keel_worktime_minutes(a, r, from, to);
    for (int k = cap->n ? keel_step_index(cap->at, cap->n, from) : 0; k < cap->n; k++) {
        keel_time x = k == 0 || cap->at[k] < from ? from : cap->at[k];
        keel_time y = k + 1 < cap->n && cap->at[k + 1] < to ? cap->at[k + 1] : to;
        if (x >= to)
            break;
        int32_t u = cap->units[k];
        lo = u < lo ? u : lo;
        hi = u > hi ? u : hi;
        if (u > 0)
            sum += (double)u / KEEL_UNITS_ONE * (double)keel_worktime_minutes(a, r, x, y);
    }
    if (min_units)
        *min_units = lo;
    if (max_units)
        *max_units = hi;
    return sum;
}
