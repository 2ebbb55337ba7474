/* SPDX-License-Identifier: GPL-3.0-or-later
 * The independent verifier: checks any schedule against the model on the exact
 * minute timeline, sharing nothing with the solvers beyond model and calendar.
 * Resource load is counted only in each task's working time on its calendar
 * (the solvers reserve the whole interval, which is stricter), so a schedule
 * the solvers emit always passes. Links are met when the successor's date is at
 * or after the bound, or differs from it only by non-working time; a link from
 * a summary's start (a group of links, model.h) by its earliest leaf.
 * "No later than" constraints and deadlines (of tasks, and of projects) are
 * reported but accepted: the leveler may have to break them, as MS Project's
 * leveling does. Each accepted conflict carries its reason
 * (keel_accept_reason); for overloads the rule is in verify_load.c.
 */
#include "analysis/verify.h"

#include <stdlib.h>
#include <string.h>

#include "base/error.h"

static keel_status add(keel_conflicts *c, keel_conflict k, keel_error *err)
{
    if (!KEEL_VEC_PUSH(&c->items, k))
        return keel_error_nomem(err);
    return KEEL_OK;
}

/* A broken soft rule: reported, not a failure. */
static keel_status add_accepted(keel_conflicts *c, keel_conflict k, keel_error *err)
{
    k.accepted = true;
    k.accept_reason = KEEL_ACCEPT_SOFT;
    return add(c, k, err);
}

static keel_conflict make(keel_conflict_kind kind, int task, int other, keel_time from,
                          keel_time to)
{
    keel_conflict k = {.kind = kind, .resource = -1, .task = task, .other = other,
                       .from = from, .to = to, .project = -1};
    return k;
}

/* Lag arithmetic of its own (not cpm.c's), on the successor's lag calendar. */
keel_time keel_verify_lagged(const keel_portfolio *p, const keel_link *l, keel_time from)
{
    if (l->lag_kind == KEEL_LAG_ELAPSED || l->lag == 0)
        return from + (l->lag_kind == KEEL_LAG_ELAPSED ? l->lag : 0);
    const keel_task *s = &p->tasks[l->succ];
    int cal = s->task_calendar >= 0 ? s->task_calendar : p->projects[s->project].calendar;
    return keel_calendar_add_work(&p->calendars[cal], from, l->lag);
}

/* date >= bound, up to non-working time of cal. */
static bool not_before(const keel_calendar *cal, keel_time date, keel_time bound)
{
    return date >= bound || keel_calendar_work_between(cal, date, bound) == 0;
}

/* The date link l requires of its successor's start or finish. */
static keel_time link_bound(const keel_portfolio *p, const keel_schedule *s, const keel_link *l)
{
    bool from_finish = l->type == KEEL_LINK_FS || l->type == KEEL_LINK_FF;
    return keel_verify_lagged(p, l, from_finish ? s->finish[l->pred] : s->start[l->pred]);
}

/* Task j's predecessor links, run by run (keel_pred_run_end): a group from a
 * summary's start is met when its least bound is; it names the summary. */
static keel_status check_links_into(const keel_portfolio *p, const keel_schedule *s, int j,
                                    keel_conflicts *c, keel_error *err)
{
    int end = p->pred_start[j + 1];
    for (int k = p->pred_start[j]; k < end;) {
        int stop = keel_pred_run_end(p, k, end);
        const keel_link *l = &p->links[p->pred_link[k]];
        keel_time bound = link_bound(p, s, l);
        for (int i = k + 1; i < stop; i++) {
            keel_time b = link_bound(p, s, &p->links[p->pred_link[i]]);
            bound = b < bound ? b : bound;
        }
        k = stop;
        bool to_finish = l->type == KEEL_LINK_FF || l->type == KEEL_LINK_SF;
        keel_time date = to_finish ? s->finish[j] : s->start[j];
        if (not_before(keel_task_cal(p, j), date, bound))
            continue;
        keel_conflict x = make(KEEL_CONFLICT_LINK, j, l->group >= 0 ? l->src_pred : l->pred,
                               bound, date);
        x.accepted = p->tasks[j].fixed;
        x.accept_reason = x.accepted ? KEEL_ACCEPT_STARTED : KEEL_ACCEPT_NONE;
        keel_status st = add(c, x, err);
        if (st != KEEL_OK)
            return st;
    }
    return KEEL_OK;
}

static keel_status check_links(const keel_portfolio *p, const keel_schedule *s,
                               keel_conflicts *c, keel_error *err)
{
    keel_status st = KEEL_OK;
    for (int j = 0; j < p->ntasks && st == KEEL_OK; j++)
        st = check_links_into(p, s, j, c, err);
    return st;
}

static bool good_start(const keel_portfolio *p, int t, keel_time start)
{
    const keel_calendar *cal = keel_task_cal(p, t);
    if (keel_calendar_is_working(cal, start))
        return true;
    return p->tasks[t].duration == 0 && keel_calendar_prev_work_end(cal, start) == start;
}

/* Dates inside the calendar, duration kept, progress kept, constraints met. */
static keel_status check_task(const keel_portfolio *p, const keel_schedule *s, int t,
                              keel_conflicts *c, keel_error *err)
{
    const keel_task *task = &p->tasks[t];
    keel_time st = s->start[t], fi = s->finish[t];
    const keel_calendar *cal = keel_task_cal(p, t);
    keel_conflict k = make(KEEL_CONFLICT_CALENDAR, t, -1, st, fi);
    if (st == KEEL_TIME_NONE || fi == KEEL_TIME_NONE) {
        k.kind = KEEL_CONFLICT_CALENDAR;
        return add(c, k, err);
    }
    if (task->fixed) {
        k.kind = KEEL_CONFLICT_PROGRESS;
        if (st != task->fixed_start || fi != task->fixed_finish)
            return add(c, k, err);
        return KEEL_OK;
    }
    if (!good_start(p, t, st) || keel_calendar_work_between(cal, st, fi) != task->duration)
        return add(c, k, err);
    k.kind = KEEL_CONFLICT_CONSTRAINT;
    const keel_project *pr = &p->projects[task->project];
    if (!not_before(cal, st, pr->start))
        return add(c, k, err);
    keel_time d = task->constraint_date;
    if (d == KEEL_TIME_NONE)
        return KEEL_OK;
    switch (task->constraint) {
    case KEEL_MSO:
    case KEEL_SNET:
        if (!not_before(cal, st, d))
            return add(c, k, err);
        if (task->constraint == KEEL_MSO && !not_before(cal, d, st))
            return add_accepted(c, k, err);
        break;
    case KEEL_MFO:
    case KEEL_FNET:
        if (!not_before(cal, fi, d))
            return add(c, k, err);
        if (task->constraint == KEEL_MFO && !not_before(cal, d, fi))
            return add_accepted(c, k, err);
        break;
    case KEEL_SNLT:
        if (!not_before(cal, d, st))
            return add_accepted(c, k, err);
        break;
    case KEEL_FNLT:
        if (!not_before(cal, d, fi))
            return add_accepted(c, k, err);
        break;
    default:
        break;
    }
    return KEEL_OK;
}

/* ---------------------------------------------------------------- deadlines */

static keel_status add_late(const keel_portfolio *p, keel_conflicts *c, int task, int project,
                            keel_time deadline, keel_time finish, keel_error *err)
{
    keel_conflict k = make(KEEL_CONFLICT_DEADLINE, task, -1, deadline, finish);
    k.project = project;
    k.late = keel_project_work(p, p->tasks[task].project, deadline, finish);
    return add_accepted(c, k, err);
}

/* Deadlines are soft (MS Project only flags a missed one): every task that
 * finishes after its Deadline (a summary by its last leaf) and every project
 * that finishes after its deadline is reported, accepted. finish[] holds the
 * leaves' finishes rolled up to their summaries. */
static keel_status report_deadlines(const keel_portfolio *p, const keel_time *finish,
                                    const int *last, keel_conflicts *c, keel_error *err)
{
    keel_status st = KEEL_OK;
    for (int t = 0; t < p->ntasks && st == KEEL_OK; t++) {
        keel_time d = p->tasks[t].deadline;
        if (d != KEEL_TIME_NONE && finish[t] != KEEL_TIME_NONE && finish[t] > d)
            st = add_late(p, c, t, -1, d, finish[t], err);
    }
    for (int q = 0; q < p->nprojects && st == KEEL_OK; q++) {
        keel_time d = p->projects[q].deadline;
        if (d != KEEL_TIME_NONE && last[q] >= 0 && finish[last[q]] > d)
            st = add_late(p, c, last[q], q, d, finish[last[q]], err);
    }
    return st;
}

static keel_status check_deadlines(const keel_portfolio *p, const keel_schedule *s,
                                   keel_conflicts *c, keel_error *err)
{
    keel_time *finish = malloc(sizeof(keel_time) * (size_t)(p->ntasks + 1));
    int *last = malloc(sizeof(int) * (size_t)(p->nprojects + 1));
    if (!finish || !last) {
        free(finish);
        free(last);
        return keel_error_nomem(err);
    }
    for (int t = 0; t < p->ntasks; t++)
        finish[t] = p->tasks[t].summary ? KEEL_TIME_NONE : s->finish[t];
    for (int q = 0; q < p->nprojects; q++)
        last[q] = -1;
    for (int t = 0; t < p->ntasks; t++) {
        if (p->tasks[t].summary || finish[t] == KEEL_TIME_NONE)
            continue;
        for (int a = p->tasks[t].parent; a >= 0; a = p->tasks[a].parent)
            if (finish[a] == KEEL_TIME_NONE || finish[t] > finish[a])
                finish[a] = finish[t];
        int q = p->tasks[t].project;
        if (last[q] < 0 || finish[t] >= finish[last[q]]) /* ties: the later row */
            last[q] = t;
    }
    keel_status st = report_deadlines(p, finish, last, c, err);
    free(finish);
    free(last);
    return st;
}

/* True when assignment a repeats a resource of an earlier assignment of its task. */
static bool repeats_resource(const keel_portfolio *p, int t, int a)
{
    for (int b = p->asg_start[t]; b < a; b++)
        if (p->assignments[b].resource == p->assignments[a].resource)
            return true;
    return false;
}

/* Each work resource with the tasks assigned to it, each once (grouped in one
 * pass, so that the check is linear in the assignments). */
static keel_status check_resources(const keel_portfolio *p, const keel_schedule *s,
                                   keel_conflicts *c, keel_error *err)
{
    int nr = p->nresources, *start = calloc((size_t)nr + 2, sizeof(int));
    int *tasks = malloc(sizeof(int) * (size_t)(p->nassignments + 1));
    if (!start || !tasks) {
        free(start);
        free(tasks);
        return keel_error_nomem(err);
    }
    for (int t = 0; t < p->ntasks; t++)
        for (int a = p->asg_start[t]; a < p->asg_start[t + 1]; a++)
            start[p->assignments[a].resource + 2] += !repeats_resource(p, t, a);
    for (int r = 0; r < nr; r++) /* start[r + 1]: where r's tasks begin */
        start[r + 2] += start[r + 1];
    for (int t = 0; t < p->ntasks; t++)
        for (int a = p->asg_start[t]; a < p->asg_start[t + 1]; a++)
            if (!repeats_resource(p, t, a))
                tasks[start[p->assignments[a].resource + 1]++] = t;
    /* now start[r] is where r's tasks begin and start[r + 1] where they end */
    keel_status st = KEEL_OK;
    for (int r = 0; r < nr && st == KEEL_OK; r++)
        if (p->resources[r].type == KEEL_RES_WORK)
            st = keel_verify_resource(p, s, r, tasks + start[r], start[r + 1] - start[r], c,
                                      err);
    free(start);
    free(tasks);
    return st;
}

keel_status keel_verify(const keel_portfolio *p, const keel_schedule *s,
                        keel_conflicts **out, keel_error *err)
{
    *out = NULL;
    keel_conflicts *c = calloc(1, sizeof *c);
    if (!c)
        return keel_error_nomem(err);
    keel_status st = KEEL_OK;
    for (int t = 0; t < p->ntasks && st == KEEL_OK; t++)
        if (!p->tasks[t].summary)
            st = check_task(p, s, t, c, err);
    if (st == KEEL_OK)
        st = check_links(p, s, c, err);
    if (st == KEEL_OK)
        st = check_resources(p, s, c, err);
    if (st == KEEL_OK)
        st = check_deadlines(p, s, c, err);
    if (st != KEEL_OK) {
        keel_conflicts_free(c);
        return st;
    }
    *out = c;
    return KEEL_OK;
}

void keel_conflicts_free(keel_conflicts *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->items.len; i++)
        free((void *)c->items.data[i].tasks);
    KEEL_VEC_FREE(&c->items);
    free(c);
}

int keel_conflicts_count(const keel_conflicts *c)
{
    return c ? (int)c->items.len : 0;
}

int keel_conflicts_failures(const keel_conflicts *c)
{
    int n = 0;
    for (size_t i = 0; c && i < c->items.len; i++)
        n += !c->items.data[i].accepted;
    return n;
}

const char *keel_accept_reason_text(keel_accept_reason reason)
{
    switch (reason) {
    case KEEL_ACCEPT_NONE: return "";
    case KEEL_ACCEPT_FIXED: return "fixed tasks alone over capacity";
    case KEEL_ACCEPT_SINGLE: return "single task over capacity";
    case KEEL_ACCEPT_NOT_LEVELED: return "not leveled";
    case KEEL_ACCEPT_SOFT: return "soft constraint";
    case KEEL_ACCEPT_TIED: return "priority-1000 task with its own predecessors";
    case KEEL_ACCEPT_STARTED: return "started task keeps its dates";
    }
    return "";
}

const keel_conflict *keel_conflicts_get(const keel_conflicts *c, int i)
{
    return c && i >= 0 && (size_t)i < c->items.len ? &c->items.data[i] : NULL;
}
