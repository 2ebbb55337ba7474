/* SPDX-License-Identifier: GPL-3.0-or-later
 * The portfolio model: keel_model_finish validates what readers put in the
 * builder (builder.c) and freezes it into the immutable keel_portfolio
 * (model.h), with the graph (graph.c) and calendar (calendars.c) steps.
 * Effective task calendars follow MS Project: a task calendar if set, else the
 * calendars of its assigned resources, else the project calendar; with both a
 * task calendar and resources, the common working time (see README "Time").
 */
#include "model/model.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/error.h"
#include "model/builder.h"
#include "model/finish.h"

int keel_step_index(const keel_time *at, int n, keel_time t)
{
    int lo = 0, hi = n - 1;
    while (lo < hi) {
        int mid = (lo + hi + 1) / 2;
        if (at[mid] <= t)
            lo = mid;
        else
            hi = mid - 1;
    }
    return lo;
}

int32_t keel_resource_capacity_at(const keel_resource *r, keel_time t)
{
    const keel_capacity *c = &r->capacity;
    return c->n == 0 ? r->max_units : c->units[keel_step_index(c->at, c->n, t)];
}

int keel_portfolio_find_resource(const keel_portfolio *p, const char *name)
{
    for (int r = 0; r < p->nresources; r++)
        if (keel_resource_name_same(p->resources[r].name, name))
            return r;
    return -1;
}

double keel_priority_weight(int priority)
{
    int q = priority < 0 ? 0 : priority > 1000 ? 1000 : priority;
    return exp2((q - 500) / 100.0);
}

/* ---------------------------------------------------------------- validation */

static const char *project_file(const keel_builder *b, int project)
{
    const keel_project *p = &b->projects.data[project];
    return p->file ? p->file : p->name;
}

static keel_status check_tasks(const keel_builder *b, keel_error *err)
{
    for (size_t i = 0; i < b->tasks.len; i++) {
        const keel_task *t = &b->tasks.data[i];
        const char *file = project_file(b, t->project);
        if (t->duration < 0 || t->total_duration < 0)
            return keel_error_set(err, KEEL_ERR_PARSE, file, t->line,
                                  "task UID %d '%s': negative duration", t->uid, t->name);
        if (t->priority < 0 || t->priority > 1000)
            return keel_error_set(err, KEEL_ERR_PARSE, file, t->line,
                                  "task UID %d '%s': priority %d outside 0..1000", t->uid,
                                  t->name, t->priority);
        if (t->task_calendar >= (int)b->calendar_defs.len)
            return keel_error_set(err, KEEL_ERR_PARSE, file, t->line,
                                  "task UID %d '%s': calendar does not exist", t->uid,
                                  t->name);
    }
    return KEEL_OK;
}

static keel_status check_references(const keel_builder *b, keel_error *err)
{
    int ntasks = (int)b->tasks.len, nres = (int)b->resources.len;
    for (size_t i = 0; i < b->links.len; i++) {
        const keel_link *l = &b->links.data[i];
        if (l->pred < 0 || l->pred >= ntasks || l->succ < 0 || l->succ >= ntasks)
            return keel_error_set(err, KEEL_ERR_PARSE, NULL, l->line,
                                  "link %zu: task index out of range", i);
    }
    for (size_t i = 0; i < b->assignments.len; i++) {
        const keel_assignment *a = &b->assignments.data[i];
        if (a->task < 0 || a->task >= ntasks || a->resource < 0 || a->resource >= nres)
            return keel_error_set(err, KEEL_ERR_PARSE, NULL, a->line,
                                  "assignment UID %d: task or resource does not exist",
                                  a->uid);
        if (a->units < 0)
            return keel_error_set(err, KEEL_ERR_PARSE, project_file(b, b->tasks.data[a->task].project),
                                  a->line, "assignment UID %d: negative units", a->uid);
    }
    for (size_t i = 0; i < b->projects.len; i++) {
        const keel_project *p = &b->projects.data[i];
        for (size_t j = 0; j < i; j++)
            if (strcmp(b->projects.data[j].name, p->name) == 0)
                return keel_error_set(err, KEEL_ERR_INVALID, project_file(b, (int)i), 0,
                                      "project '%s' is also loaded from %s: project names "
                                      "must be unique",
                                      p->name, project_file(b, (int)j));
        if (p->calendar < 0 || p->calendar >= (int)b->calendar_defs.len)
            return keel_error_set(err, KEEL_ERR_PARSE, project_file(b, (int)i), 0,
                                  "project '%s': no project calendar", p->name);
    }
    return check_tasks(b, err);
}

/* ---------------------------------------------------------------- finish */

static keel_status freeze_arrays(keel_builder *b, keel_portfolio *p, keel_error *err)
{
    keel_arena *a = p->arena;
#define FREEZE(dst, vec, count)                                                           \
    do {                                                                                  \
        p->count = (int)b->vec.len;                                                       \
        p->dst = keel_arena_dup(a, b->vec.data, b->vec.len, sizeof *b->vec.data);         \
        if (!p->dst)                                                                      \
            return keel_error_nomem(err);                                                 \
    } while (0)
    FREEZE(projects, projects, nprojects);
    FREEZE(tasks, tasks, ntasks);
    FREEZE(resources, resources, nresources);
    FREEZE(calendar_defs, calendar_defs, ndefs);
#undef FREEZE
    return KEEL_OK;
}

static keel_status build_capacities(keel_portfolio *p, keel_error *err)
{
    for (int r = 0; r < p->nresources; r++) {
        keel_resource *res = &p->resources[r];
        if (res->capacity.n > 0)
            continue;
        res->capacity.n = 1;
        res->capacity.at = keel_arena_alloc(p->arena, sizeof(keel_time));
        res->capacity.units = keel_arena_alloc(p->arena, sizeof(int32_t));
        if (!res->capacity.at || !res->capacity.units)
            return keel_error_nomem(err);
        res->capacity.at[0] = KEEL_TIME_NONE;
        res->capacity.units[0] = res->max_units;
    }
    return KEEL_OK;
}

/* A project without a weight of its own (NAN: no portfolio file gave one)
 * weighs by its priority. */
static void default_weights(keel_portfolio *p)
{
    for (int q = 0; q < p->nprojects; q++)
        if (isnan(p->projects[q].weight)) {
            p->projects[q].weight = keel_priority_weight(p->projects[q].priority);
            p->projects[q].weight_by_priority = true;
        }
}

/* Started tasks keep their dates; priority-1000 tasks are never delayed. */
static void mark_fixed(keel_portfolio *p)
{
    for (int i = 0; i < p->ntasks; i++) {
        keel_task *t = &p->tasks[i];
        t->fixed_start = t->fixed_finish = KEEL_TIME_NONE;
        t->fixed = !t->summary && t->actual_start != KEEL_TIME_NONE;
        t->pinned = !t->summary && !t->fixed && t->priority >= 1000;
        if (!t->fixed)
            continue;
        const keel_calendar *cal = keel_task_cal(p, i);
        t->fixed_start = t->actual_start;
        if (t->actual_finish != KEEL_TIME_NONE && t->actual_finish >= t->actual_start)
            t->fixed_finish = t->actual_finish;
        else if (t->finish != KEEL_TIME_NONE && t->finish >= t->actual_start)
            t->fixed_finish = t->finish;
        else
            t->fixed_finish = keel_calendar_add_work(cal, t->actual_start, t->total_duration);
    }
}

keel_status keel_model_finish(keel_builder *b, keel_portfolio **out, keel_error *err)
{
    *out = NULL;
    keel_status st = check_references(b, err);
    if (st != KEEL_OK)
        return st;
    keel_portfolio *p = calloc(1, sizeof *p);
    if (!p)
        return keel_error_nomem(err);
    p->arena = b->arena;
    p->research = b->research;
    st = freeze_arrays(b, p, err);
    if (st == KEEL_OK)
        st = keel_model_graph(b, p, err);
    if (st == KEEL_OK)
        st = keel_model_calendars(b, p, err);
    if (st == KEEL_OK)
        st = build_capacities(p, err);
    if (st == KEEL_OK) {
        p->nwarnings = (int)b->warnings.len;
        p->warnings = keel_arena_dup(p->arena, b->warnings.data, b->warnings.len,
                                     sizeof(const char *));
        if (!p->warnings)
            st = keel_error_nomem(err);
    }
    if (st != KEEL_OK) {
        free(p); /* the arena stays with the builder */
        return st;
    }
    mark_fixed(p);
    default_weights(p);
    b->arena = NULL; /* the portfolio owns it now */
    keel_builder_release(b);
    *out = p;
    return KEEL_OK;
}

void keel_portfolio_free(keel_portfolio *p)
{
    if (!p)
        return;
    keel_arena_free(p->arena);
    free(p);
}
