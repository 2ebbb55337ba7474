/* SPDX-License-Identifier: GPL-3.0-or-later
 * Deliberately simple second implementations, shared by the property test
 * (tests/check_property.c) and the fixed-task bench (benchmarks/accept_check.c):
 *  - a CPM on the links as the files state them (p->relations; a summary
 *    expanded by the README's rule: a link into it binds each of its leaves,
 *    one from its finish waits for its last leaf, one from its start for its
 *    first), time stepped an hour at a time over each task's working hours;
 *    with As Late As Possible tasks: late dates by a backward pass, then the
 *    early dates again with each ALAP task at its late start (MS Project's
 *    rule, README);
 *  - the acceptance rule for an overload, recomputed at one hour.
 * They use keel's model as read (tasks, outline, relations, calendars as
 * "is this minute working") and nothing of its scheduling code. Times,
 * durations and lags must lie on the hour (generated portfolios do); anything
 * else is reported, not guessed. Header-only, plain C (no Check).
 */
#ifndef KEEL_INDEPENDENT_H
#define KEEL_INDEPENDENT_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/schedule.h"
#include "model/model.h"

#define INDEP_STEP 60                 /* minutes */
#define INDEP_MAX_STEPS (24 * 366 * 12) /* hour steps in a dozen years */

typedef struct indep {
    const keel_portfolio *p;
    int *leaf_first, *leaf;  /* leaves of task t: leaf[leaf_first[t] .. leaf_first[t+1]) */
    int *rel_first, *rel;    /* relations into task t (as written) */
    int *out_first, *out;    /* relations out of task t (as written) */
    bool *mark;              /* [ntasks] scratch */
    bool failed;             /* an off-hour time, a cycle: message in why */
    char why[256];
} indep;

static inline void indep_fail(indep *x, const char *what, long long v)
{
    if (!x->failed)
        snprintf(x->why, sizeof x->why, "%s %lld", what, v);
    x->failed = true;
}

/* Index: each task's leaves (walking up from each leaf) and the relations
 * into each task. Returns false when out of memory. */
static inline bool indep_init(indep *x, const keel_portfolio *p)
{
    memset(x, 0, sizeof *x);
    x->p = p;
    int n = p->ntasks, m = 0;
    x->leaf_first = calloc((size_t)n + 2, sizeof(int));
    x->rel_first = calloc((size_t)n + 2, sizeof(int));
    x->out_first = calloc((size_t)n + 2, sizeof(int));
    x->mark = calloc((size_t)n + 1, sizeof(bool));
    if (!x->leaf_first || !x->rel_first || !x->out_first || !x->mark)
        return false;
    for (int t = 0; t < n; t++)
        for (int u = p->tasks[t].summary ? -1 : t; u >= 0; u = p->tasks[u].parent)
            x->leaf_first[u + 2]++, m++;
    for (int r = 0; r < p->nrelations; r++) {
        x->rel_first[p->relations[r].succ + 2]++;
        x->out_first[p->relations[r].pred + 2]++;
    }
    for (int t = 0; t < n; t++) {
        x->leaf_first[t + 2] += x->leaf_first[t + 1];
        x->rel_first[t + 2] += x->rel_first[t + 1];
        x->out_first[t + 2] += x->out_first[t + 1];
    }
    x->leaf = malloc(sizeof(int) * ((size_t)m + 1));
    x->rel = malloc(sizeof(int) * ((size_t)p->nrelations + 1));
    x->out = malloc(sizeof(int) * ((size_t)p->nrelations + 1));
    if (!x->leaf || !x->rel || !x->out)
        return false;
    for (int t = 0; t < n; t++)
        for (int u = p->tasks[t].summary ? -1 : t; u >= 0; u = p->tasks[u].parent)
            x->leaf[x->leaf_first[u + 1]++] = t;
    for (int r = 0; r < p->nrelations; r++) {
        x->rel[x->rel_first[p->relations[r].succ + 1]++] = r;
        x->out[x->out_first[p->relations[r].pred + 1]++] = r;
    }
    return true;
}

static inline void indep_free(indep *x)
{
    free(x->leaf_first);
    free(x->leaf);
    free(x->rel_first);
    free(x->rel);
    free(x->out_first);
    free(x->out);
    free(x->mark);
}

/* ---------------------------------------------------------------- time */

/* Where task t works at minute m: round the clock with an elapsed duration,
 * else the working time common to its resources' calendars, else its
 * project's calendar (the README's rule; no task calendars here). */
static inline bool indep_task_works(const keel_portfolio *p, int t, keel_time m)
{
    const keel_task *task = &p->tasks[t];
    if (task->elapsed)
        return true;
    bool any = false;
    for (int a = p->asg_start[t]; a < p->asg_start[t + 1]; a++) {
        int c = p->resources[p->assignments[a].resource].calendar;
        if (c < 0)
            continue;
        any = true;
        if (!keel_calendar_is_working(&p->calendars[c], m))
            return false;
    }
    return any ||
           keel_calendar_is_working(&p->calendars[p->projects[task->project].calendar], m);
}

/* Lags count on the successor's project calendar. */
static inline bool indep_lag_works(const keel_portfolio *p, int t, keel_time m)
{
    return keel_calendar_is_working(&p->calendars[p->projects[p->tasks[t].project].calendar],
                                    m);
}

/* w minutes of work after (w >= 0) or before (w < 0) m, an hour at a time. */
static inline keel_time indep_step(indep *x, int t, bool lag, keel_time m, int64_t w)
{
    if (m % INDEP_STEP || w % INDEP_STEP) {
        indep_fail(x, "time or amount off the hour:", (long long)(m % INDEP_STEP ? m : w));
        return m;
    }
    int64_t done = 0, need = w < 0 ? -w : w;
    for (long n = 0; done < need && n < INDEP_MAX_STEPS; n++) {
        keel_time at = w > 0 ? m : m - INDEP_STEP;
        if (lag ? indep_lag_works(x->p, t, at) : indep_task_works(x->p, t, at))
            done += INDEP_STEP;
        m += w > 0 ? INDEP_STEP : -INDEP_STEP;
    }
    if (done < need)
        indep_fail(x, "no working time for task", (long long)t);
    return m;
}

/* The first moment >= m task t may start: a working hour, or for a milestone
 * also the end of a working stretch. */
static inline keel_time indep_first_start(indep *x, int t, keel_time m)
{
    const keel_portfolio *p = x->p;
    if (p->tasks[t].duration == 0 && !indep_task_works(p, t, m) &&
        indep_task_works(p, t, m - INDEP_STEP))
        return m;
    for (long n = 0; !indep_task_works(p, t, m); n++) {
        if (n >= INDEP_MAX_STEPS) {
            indep_fail(x, "no working time for task", (long long)t);
            break;
        }
        m += INDEP_STEP;
    }
    return m;
}

/* ---------------------------------------------------------------- links as written */

/* `from` moved by relation l's lag (sign 1) or back by it (sign -1), for
 * successor leaf j: elapsed lags in clock time, others in working hours. */
static inline keel_time indep_lagged(indep *x, const keel_link *l, int j, keel_time from,
                                     int sign)
{
    return l->lag_kind == KEEL_LAG_ELAPSED ? from + sign * l->lag
                                           : indep_step(x, j, true, from, sign * l->lag);
}

/* The date relation l asks of leaf j, with the leaves' dates in start/finish
 * (a summary predecessor: the last finish of its leaves, or the first
 * start). false when a predecessor leaf is not dated yet (done). */
static inline bool indep_bound(indep *x, const keel_link *l, int j, const keel_time *start,
                               const keel_time *finish, const bool *done, keel_time *out)
{
    bool from_finish = l->type == KEEL_LINK_FS || l->type == KEEL_LINK_FF;
    keel_time from = KEEL_TIME_NONE;
    for (int k = x->leaf_first[l->pred]; k < x->leaf_first[l->pred + 1]; k++) {
        int i = x->leaf[k];
        if (!done[i])
            return false;
        keel_time d = from_finish ? finish[i] : start[i];
        if (from == KEEL_TIME_NONE || (from_finish ? d > from : d < from))
            from = d;
    }
    if (from == KEEL_TIME_NONE) {
        indep_fail(x, "a link from a summary without leaves, task", (long long)l->pred);
        return false;
    }
    keel_time b = indep_lagged(x, l, j, from, 1);
    if (l->type == KEEL_LINK_FF || l->type == KEEL_LINK_SF)
        b = indep_step(x, j, false, b, -x->p->tasks[j].duration);
    *out = b;
    return true;
}

/* The earliest start of leaf j by its project start, its constraint, the
 * relations into it and into the summaries around it, and floor
 * (KEEL_TIME_NONE: none); false when a predecessor is not dated yet. */
static inline bool indep_earliest_from(indep *x, int j, const keel_time *start,
                                       const keel_time *finish, const bool *done,
                                       keel_time floor, keel_time *out)
{
    const keel_portfolio *p = x->p;
    const keel_task *t = &p->tasks[j];
    keel_time s = p->projects[t->project].start, c = t->constraint_date;
    if (c != KEEL_TIME_NONE && (t->constraint == KEEL_SNET || t->constraint == KEEL_MSO))
        s = c > s ? c : s;
    if (c != KEEL_TIME_NONE && (t->constraint == KEEL_FNET || t->constraint == KEEL_MFO)) {
        keel_time b = indep_step(x, j, false, c, -t->duration);
        s = b > s ? b : s;
    }
    for (int u = j; u >= 0; u = p->tasks[u].parent)
        for (int k = x->rel_first[u]; k < x->rel_first[u + 1]; k++) {
            keel_time b;
            if (!indep_bound(x, &p->relations[x->rel[k]], j, start, finish, done, &b))
                return false;
            s = b > s ? b : s;
        }
    *out = indep_first_start(x, j, floor > s ? floor : s);
    return true;
}

static inline bool indep_earliest(indep *x, int j, const keel_time *start,
                                  const keel_time *finish, const bool *done, keel_time *out)
{
    return indep_earliest_from(x, j, start, finish, done, KEEL_TIME_NONE, out);
}

/* Dates of every leaf into start/finish: pass after pass over the leaves
 * whose predecessors are all dated; with late_start, an ALAP leaf no earlier
 * than its late start. done is scratch. */
static inline void indep_forward(indep *x, keel_time *start, keel_time *finish, bool *done,
                                 const keel_time *late_start)
{
    const keel_portfolio *p = x->p;
    memset(done, 0, sizeof(bool) * (size_t)p->ntasks);
    for (int left = p->nleaves, pass = 0; left > 0 && !x->failed; pass++) {
        if (pass > p->ntasks) {
            indep_fail(x, "relations with a cycle, leaves left:", left);
            break;
        }
        for (int j = 0; j < p->ntasks; j++) {
            const keel_task *t = &p->tasks[j];
            if (t->summary || done[j])
                continue;
            keel_time floor = late_start && t->constraint == KEEL_ALAP ? late_start[j]
                                                                       : KEEL_TIME_NONE;
            if (t->fixed) {
                start[j] = t->fixed_start;
                finish[j] = t->fixed_finish;
            } else if (indep_earliest_from(x, j, start, finish, done, floor, &start[j])) {
                finish[j] = indep_step(x, j, false, start[j], t->duration);
            } else {
                continue;
            }
            done[j] = true;
            left--;
        }
    }
}

/* ---------------------------------------------------------------- late dates */

/* The leaf of summary (or leaf) a that binds through relation l out of it:
 * every leaf for a link from the finish; for one from the start the leaf
 * whose lagged start (for successor leaf c) is least, the first on ties.
 * True when leaf j binds. */
static inline bool indep_binds(indep *x, const keel_link *l, int j, int c,
                               const keel_time *start)
{
    if (!x->p->tasks[l->pred].summary || l->type == KEEL_LINK_FS || l->type == KEEL_LINK_FF)
        return true;
    int best = -1;
    keel_time least = KEEL_TIME_NONE;
    for (int k = x->leaf_first[l->pred]; k < x->leaf_first[l->pred + 1]; k++) {
        int i = x->leaf[k];
        keel_time d = indep_lagged(x, l, c, start[i], 1);
        if (best < 0 || d < least || (d == least && i < best)) {
            best = i;
            least = d;
        }
    }
    return best == j;
}

/* The latest finish of leaf j that relation l (out of j or a summary around
 * it) allows, given its successor leaves' late dates; false while one of them
 * has none yet (done). */
static inline bool indep_latest_by(indep *x, const keel_link *l, int j, const keel_time *start,
                                   const keel_time *ls, const keel_time *lf, const bool *done,
                                   keel_time *f)
{
    const keel_portfolio *p = x->p;
    for (int k = x->leaf_first[l->succ]; k < x->leaf_first[l->succ + 1]; k++) {
        int c = x->leaf[k];
        if (!done[c])
            return false;
        if (!indep_binds(x, l, j, c, start))
            continue;
        bool to_finish = l->type == KEEL_LINK_FF || l->type == KEEL_LINK_SF;
        keel_time b = indep_lagged(x, l, c, to_finish ? lf[c] : ls[c], -1);
        if (l->type == KEEL_LINK_SS || l->type == KEEL_LINK_SF)
            b = indep_step(x, j, false, b, p->tasks[j].duration);
        *f = b < *f ? b : *f;
    }
    return true;
}

/* Latest finish leaf j's own deadline and "no later" constraint allow, or
 * KEEL_TIME_NONE. */
static inline keel_time indep_own_latest(indep *x, int j)
{
    const keel_task *t = &x->p->tasks[j];
    keel_time f = t->deadline, d = t->constraint_date, c = KEEL_TIME_NONE;
    if (d != KEEL_TIME_NONE && (t->constraint == KEEL_MFO || t->constraint == KEEL_FNLT))
        c = d;
    if (d != KEEL_TIME_NONE && (t->constraint == KEEL_MSO || t->constraint == KEEL_SNLT))
        c = indep_step(x, j, false, d, t->duration);
    return c != KEEL_TIME_NONE && (f == KEEL_TIME_NONE || c < f) ? c : f;
}

/* Late dates of leaf j from its project's finish (anchor), its own limits
 * and its successors; false while a successor has none yet. */
static inline bool indep_late_leaf(indep *x, int j, keel_time anchor, const keel_time *start,
                                   keel_time *ls, keel_time *lf, const bool *done)
{
    const keel_portfolio *p = x->p;
    const keel_task *t = &p->tasks[j];
    keel_time f = anchor, own = indep_own_latest(x, j);
    f = own != KEEL_TIME_NONE && own < f ? own : f;
    for (int u = j; u >= 0; u = p->tasks[u].parent)
        for (int k = x->out_first[u]; k < x->out_first[u + 1]; k++)
            if (!indep_latest_by(x, &p->relations[x->out[k]], j, start, ls, lf, done, &f))
                return false;
    for (long n = 0; !indep_task_works(p, j, f - INDEP_STEP) && n < INDEP_MAX_STEPS; n++)
        f -= INDEP_STEP; /* the end of the last working hour */
    lf[j] = f;
    ls[j] = indep_step(x, j, false, f, -t->duration);
    return true;
}

/* Late dates of every leaf (pass after pass over the leaves whose successors
 * are all dated), each project anchored at its leaves' latest finish. */
static inline void indep_late(indep *x, const keel_time *start, const keel_time *finish,
                              keel_time *ls, keel_time *lf, bool *done)
{
    const keel_portfolio *p = x->p;
    keel_time *anchor = malloc(sizeof(keel_time) * ((size_t)p->nprojects + 1));
    if (!anchor) {
        indep_fail(x, "out of memory", 0);
        return;
    }
    for (int q = 0; q < p->nprojects; q++)
        anchor[q] = KEEL_TIME_NONE;
    for (int j = 0; j < p->ntasks; j++)
        if (!p->tasks[j].summary && finish[j] > anchor[p->tasks[j].project])
            anchor[p->tasks[j].project] = finish[j];
    memset(done, 0, sizeof(bool) * (size_t)p->ntasks);
    for (int left = p->nleaves, pass = 0; left > 0 && !x->failed; pass++) {
        if (pass > p->ntasks) {
            indep_fail(x, "relations with a cycle, leaves left:", left);
            break;
        }
        for (int j = p->ntasks - 1; j >= 0; j--) {
            const keel_task *t = &p->tasks[j];
            if (t->summary || done[j])
                continue;
            if (t->fixed) {
                ls[j] = t->fixed_start;
                lf[j] = t->fixed_finish;
            } else if (!indep_late_leaf(x, j, anchor[t->project], start, ls, lf, done)) {
                continue;
            }
            done[j] = true;
            left--;
        }
    }
    free(anchor);
}

/* Dates of every leaf: early dates, and when there are As Late As Possible
 * leaves, late dates (ls, lf) and the dates again with each ALAP leaf at its
 * late start. ls and lf may be NULL when not wanted. done is scratch. */
static inline void indep_cpm_late(indep *x, keel_time *start, keel_time *finish,
                                  keel_time *ls, keel_time *lf, bool *done)
{
    const keel_portfolio *p = x->p;
    indep_forward(x, start, finish, done, NULL);
    bool alap = false;
    for (int j = 0; j < p->ntasks; j++)
        alap = alap || (!p->tasks[j].summary && p->tasks[j].constraint == KEEL_ALAP);
    if ((!alap && !ls) || x->failed)
        return;
    keel_time *own_ls = ls, *own_lf = lf;
    if (!ls) {
        own_ls = malloc(sizeof(keel_time) * ((size_t)p->ntasks + 1));
        own_lf = malloc(sizeof(keel_time) * ((size_t)p->ntasks + 1));
    }
    if (own_ls && own_lf) {
        indep_late(x, start, finish, own_ls, own_lf, done);
        if (alap && !x->failed)
            indep_forward(x, start, finish, done, own_ls);
    } else {
        indep_fail(x, "out of memory", 0);
    }
    if (!ls) {
        free(own_ls);
        free(own_lf);
    }
}

static inline void indep_cpm(indep *x, keel_time *start, keel_time *finish, bool *done)
{
    indep_cpm_late(x, start, finish, NULL, NULL, done);
}

/* ---------------------------------------------------------------- acceptance */

/* Marks the leaves pinned leaf t depends on through relations, through
 * leaves that are not started. */
static inline void indep_mark_depended(indep *x, int t)
{
    const keel_portfolio *p = x->p;
    for (int u = t; u >= 0; u = p->tasks[u].parent)
        for (int k = x->rel_first[u]; k < x->rel_first[u + 1]; k++) {
            int pred = p->relations[x->rel[k]].pred;
            for (int q = x->leaf_first[pred]; q < x->leaf_first[pred + 1]; q++) {
                int i = x->leaf[q];
                if (!x->mark[i] && !p->tasks[i].fixed) {
                    x->mark[i] = true;
                    indep_mark_depended(x, i);
                }
            }
        }
}

static inline bool indep_active(const keel_portfolio *p, const keel_schedule *s, int t,
                                keel_time m)
{
    return !p->tasks[t].summary && s->start[t] <= m && m < s->finish[t] &&
           indep_task_works(p, t, m);
}

/* The units task t holds on resource r when assignment a is its first there
 * (two assignments of one resource add), else 0. */
static inline int32_t indep_units(const keel_portfolio *p, int t, int r, int a)
{
    int32_t u = 0;
    for (int b = p->asg_start[t]; b < p->asg_start[t + 1]; b++) {
        if (p->assignments[b].resource != r)
            continue;
        if (b < a)
            return 0;
        u += p->assignments[b].units;
    }
    return u;
}

/* True when resource r at minute m of schedule s is within capacity, or over
 * it for a reason leveling cannot remove: the resource is not leveled, one
 * task alone, the started and priority-1000 tasks alone, or those with the
 * tasks a priority-1000 task there depends on exceed the capacity. */
static inline bool indep_unavoidable(indep *x, const keel_schedule *s, int r, keel_time m)
{
    const keel_portfolio *p = x->p;
    int32_t cap = keel_resource_capacity_at(&p->resources[r], m), load = 0, fixed = 0, tied = 0;
    bool single = false;
    memset(x->mark, 0, sizeof(bool) * (size_t)p->ntasks);
    for (int t = 0; t < p->ntasks; t++)
        if (p->tasks[t].pinned && indep_active(p, s, t, m))
            indep_mark_depended(x, t);
    for (int a = 0; a < p->nassignments; a++) {
        int t = p->assignments[a].task;
        if (p->assignments[a].resource != r || !indep_active(p, s, t, m))
            continue;
        int32_t u = indep_units(p, t, r, a);
        bool fix = p->tasks[t].fixed || p->tasks[t].pinned;
        load += u;
        single = single || u > cap;
        fixed += fix ? u : 0;
        tied += fix || x->mark[t] ? u : 0;
    }
    return load <= cap || !p->resources[r].can_level || single || fixed > cap || tied > cap;
}

/* Where links put priority-1000 leaf j in schedule s (its predecessors at
 * their dates there), an ALAP one no earlier than its CPM start (cpm_start,
 * from indep_cpm); false (x->failed) when that cannot be computed. */
static inline bool indep_pinned_start(indep *x, const keel_schedule *s, int j, bool *done,
                                      const keel_time *cpm_start, keel_time *out)
{
    const keel_task *t = &x->p->tasks[j];
    for (int k = 0; k < x->p->ntasks; k++)
        done[k] = !x->p->tasks[k].summary;
    keel_time floor = t->constraint == KEEL_ALAP ? cpm_start[j] : KEEL_TIME_NONE;
    return indep_earliest_from(x, j, s->start, s->finish, done, floor, out) && !x->failed;
}

#endif
