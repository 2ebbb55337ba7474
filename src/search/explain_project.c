/* SPDX-License-Identifier: GPL-3.0-or-later
 * A project's delay by resource (see explain.h). The delay is traced back from
 * the project's last-finishing leaf: a task's shift from its CPM early start
 * is its own delay (charged to the resources that blocked it) plus what it
 * inherited from the predecessor that set its preferred start, which is
 * charged to whatever shifted that predecessor, in proportion. Every share is
 * scaled so that the shares add up to the project's delay in working minutes
 * of the project calendar, as keel reports it.
 */
#include <stdlib.h>

#include "base/error.h"
#include "search/explain.h"

typedef KEEL_VEC(keel_why_own) own_vec;

static bool add(own_vec *v, int resource, int holder, double minutes)
{
    if (minutes <= 0)
        return true;
    for (size_t i = 0; i < v->len; i++)
        if (v->data[i].resource == resource && v->data[i].holder == holder) {
            v->data[i].minutes += minutes;
            return true;
        }
    keel_why_own o = {resource, holder, minutes};
    return KEEL_VEC_PUSH(v, o);
}

/* Working minutes a listed task moved from its CPM early start, 0 if unlisted. */
static double shift_of(const keel_explanation *e, int task)
{
    int i = e->index[task];
    return i < 0 ? 0 : (double)(e->tasks.data[i].w.delay + e->tasks.data[i].w.inherited);
}

/* The leaf of project q that finishes last (the one that moved most among
 * equal finishes), -1 when it has none. */
static int last_leaf(const keel_portfolio *p, const keel_schedule *s,
                     const keel_explanation *e, int q)
{
    const keel_project *pr = &p->projects[q];
    int best = -1;
    for (int t = pr->first_task; t < pr->first_task + pr->ntasks; t++) {
        if (p->tasks[t].summary)
            continue;
        if (best < 0 || s->finish[t] > s->finish[best] ||
            (s->finish[t] == s->finish[best] && shift_of(e, t) > shift_of(e, best)))
            best = t;
    }
    return best;
}

/* Adds `delay` minutes of the project to v, traced back from leaf x. */
static bool trace(const keel_explanation *e, int x, double delay, own_vec *v)
{
    double shift = shift_of(e, x);
    if (shift <= 0)
        return add(v, KEEL_WHY_LINKS, -1, delay);
    double scale = delay / shift;
    for (int steps = 0; steps <= e->ntasks; steps++) {
        const keel_why_task_rec *rec = &e->tasks.data[e->index[x]];
        for (int i = 0; i < rec->nown; i++) {
            const keel_why_own *o = &e->own.data[rec->first_own + (size_t)i];
            if (!add(v, o->resource, o->holder, o->minutes * scale))
                return false;
        }
        double inherited = (double)rec->w.inherited, before = 0;
        if (inherited <= 0)
            break;
        if (rec->w.driver >= 0)
            before = shift_of(e, rec->w.driver);
        if (before <= 0)
            return add(v, KEEL_WHY_LINKS, -1, inherited * scale);
        scale *= inherited / before;
        x = rec->w.driver;
    }
    return true;
}

static int by_resource(const void *a, const void *b)
{
    const keel_why_own *x = a, *y = b;
    if (x->resource != y->resource)
        return x->resource < y->resource ? -1 : 1;
    return (x->minutes < y->minutes) - (x->minutes > y->minutes); /* most first */
}

static int by_minutes(const void *a, const void *b)
{
    const keel_why_share *x = &((const keel_why_share_rec *)a)->s;
    const keel_why_share *y = &((const keel_why_share_rec *)b)->s;
    if (x->minutes != y->minutes)
        return x->minutes < y->minutes ? 1 : -1;
    return (x->resource > y->resource) - (x->resource < y->resource);
}

/* Groups v by resource into the explanation's shares for one project. */
static bool group(keel_explanation *e, own_vec *v)
{
    size_t first = e->shares.len;
    if (v->len > 1)
        qsort(v->data, v->len, sizeof *v->data, by_resource);
    for (size_t i = 0; i < v->len;) {
        keel_why_share_rec rec = {.first_holder = e->share_projects.len};
        rec.s.resource = v->data[i].resource;
        for (; i < v->len && v->data[i].resource == rec.s.resource; i++) {
            rec.s.minutes += v->data[i].minutes;
            if (rec.s.resource < 0)
                continue; /* unforced and link shares have no holders */
            rec.s.nholders++;
            if (!KEEL_VEC_PUSH(&e->share_projects, v->data[i].holder) ||
                !KEEL_VEC_PUSH(&e->share_minutes, v->data[i].minutes))
                return false;
        }
        if (!KEEL_VEC_PUSH(&e->shares, rec))
            return false;
    }
    if (e->shares.len - first > 1)
        qsort(e->shares.data + first, e->shares.len - first, sizeof(keel_why_share_rec),
              by_minutes);
    return true;
}

keel_status keel_explain_projects(const keel_portfolio *p, const keel_schedule *s,
                                  const keel_cpm *cpm, keel_explanation *e,
                                  keel_error *err)
{
    e->projects = calloc((size_t)p->nprojects + 1, sizeof *e->projects);
    e->first_share = calloc((size_t)p->nprojects + 1, sizeof *e->first_share);
    if (!e->projects || !e->first_share)
        return keel_error_nomem(err);
    own_vec v = {0};
    bool ok = true;
    for (int q = 0; ok && q < p->nprojects; q++) {
        keel_why_project *w = &e->projects[q];
        w->cpm_finish = cpm->project_finish[q];
        w->finish = keel_schedule_project_finish(p, s, q, w->cpm_finish, &w->delay);
        w->last_task = last_leaf(p, s, e, q);
        e->first_share[q] = e->shares.len;
        v.len = 0;
        if (w->delay > 0 && w->last_task >= 0)
            ok = trace(e, w->last_task, (double)w->delay, &v) && group(e, &v);
        w->nshares = (int)(e->shares.len - e->first_share[q]);
    }
    e->first_share[p->nprojects] = e->shares.len;
    KEEL_VEC_FREE(&v);
    return ok ? KEEL_OK : keel_error_nomem(err);
}
