/* SPDX-License-Identifier: GPL-3.0-or-later
 * Leveling delays, early/late dates and slacks of a leveled schedule (see
 * leveled.h for the conventions). The passes mirror cpm.c's over the leaves
 * in topological order, with the leveled dates fixed as early dates.
 */
#include "analysis/leveled.h"

#include <stdlib.h>

#include "analysis/cpm.h"
#include "base/error.h"

static keel_time max_time(keel_time a, keel_time b)
{
    return a > b ? a : b;
}

static keel_time min_time(keel_time a, keel_time b)
{
    return a < b ? a : b;
}

keel_time keel_leveled_preferred_start(const keel_portfolio *p, const keel_schedule *s, int j,
                                        int *driver)
{
    const keel_task *t = &p->tasks[j];
    if (driver)
        *driver = -1;
    if (t->fixed)
        return t->fixed_start;
    int d;
    keel_time e = keel_links_start_driver(p, j, s->start, s->finish, driver ? driver : &d);
    return keel_task_snap_start(p, j, e);
}

keel_time keel_leveled_early_start(const keel_portfolio *p, const keel_schedule *s, int j)
{
    return keel_leveled_preferred_start(p, s, j, NULL);
}

static int64_t project_work(const keel_portfolio *p, int task, keel_time a, keel_time b)
{
    const keel_calendar *pc = &p->calendars[p->projects[p->tasks[task].project].calendar];
    return keel_calendar_work_between(pc, a, b);
}

static bool is_alap(const keel_task *t)
{
    return t->constraint == KEEL_ALAP && !t->fixed;
}

/* The date a successor's link binds to, with the successor's delay kept (an
 * ALAP successor's delay counts from its late dates, not from the links). */
static keel_time bound_date(const keel_portfolio *p, const keel_leveled *lv,
                            const keel_link *l, bool late)
{
    const keel_leveled_task *s = &lv->task[l->succ];
    keel_time d = keel_link_to_finish(l->type) ? (late ? s->lf : s->ef)
                                               : (late ? s->ls : s->es);
    return is_alap(&p->tasks[l->succ]) ? d : d - s->delay;
}

static void backward(const keel_portfolio *p, const bool *drives, keel_leveled *lv, int j,
                     keel_time anchor)
{
    const keel_task *t = &p->tasks[j];
    keel_leveled_task *x = &lv->task[j];
    if (t->fixed) {
        x->ls = x->es;
        x->lf = x->ef;
        return;
    }
    const keel_calendar *cal = keel_task_cal(p, j);
    keel_time f = anchor, own = keel_task_latest_finish(p, j);
    if (own != KEEL_TIME_NONE)
        f = min_time(f, own);
    for (int k = p->succ_start[j]; k < p->succ_start[j + 1]; k++) {
        const keel_link *l = &p->links[p->succ_link[k]];
        if (!drives[p->succ_link[k]])
            continue;
        keel_time bound = keel_link_unapply_lag(p, l, bound_date(p, lv, l, true));
        if (!keel_link_from_finish(l->type))
            bound = keel_calendar_add_work(cal, bound, t->duration);
        f = min_time(f, bound);
    }
    f = keel_calendar_prev_work_end(cal, f); /* as cpm.c */
    x->lf = f;
    x->ls = keel_calendar_sub_work(cal, f, t->duration);
}

static void slacks(const keel_portfolio *p, const bool *drives, keel_leveled *lv, int j)
{
    keel_leveled_task *x = &lv->task[j];
    x->start_slack = project_work(p, j, x->es, x->ls);
    x->finish_slack = project_work(p, j, x->ef, x->lf);
    x->total_slack = min_time(x->start_slack, x->finish_slack);
    int64_t fs = x->total_slack;
    for (int k = p->succ_start[j]; k < p->succ_start[j + 1]; k++) {
        const keel_link *l = &p->links[p->succ_link[k]];
        if (!drives[p->succ_link[k]])
            continue;
        keel_time from = keel_link_from_finish(l->type) ? x->ef : x->es;
        int64_t room =
            project_work(p, j, keel_link_apply_lag(p, l, from), bound_date(p, lv, l, false));
        fs = min_time(fs, room);
    }
    x->free_slack = fs < 0 ? 0 : fs;
}

static void widen(keel_leveled_task *a, const keel_leveled_task *t, bool first)
{
    a->start = first ? t->start : min_time(a->start, t->start);
    a->finish = first ? t->finish : max_time(a->finish, t->finish);
    a->es = first ? t->es : min_time(a->es, t->es);
    a->ef = first ? t->ef : max_time(a->ef, t->ef);
    a->ls = first ? t->ls : min_time(a->ls, t->ls);
    a->lf = first ? t->lf : max_time(a->lf, t->lf);
    a->free_slack = first ? t->free_slack : min_time(a->free_slack, t->free_slack);
    if (t->pre_start != KEEL_TIME_NONE) {
        bool none = a->pre_start == KEEL_TIME_NONE;
        a->pre_start = none ? t->pre_start : min_time(a->pre_start, t->pre_start);
        a->pre_finish = none ? t->pre_finish : max_time(a->pre_finish, t->pre_finish);
    }
    a->dated = true;
}

/* Summaries and projects span their leaves; their slacks follow their dates
 * (free slack is the least of their leaves'). */
static void roll_up(const keel_portfolio *p, keel_leveled *lv)
{
    for (int t = 0; t < p->ntasks; t++) {
        if (p->tasks[t].summary)
            continue;
        for (int a = p->tasks[t].parent; a >= 0; a = p->tasks[a].parent)
            widen(&lv->task[a], &lv->task[t], !lv->task[a].dated);
        keel_leveled_task *pr = &lv->project[p->tasks[t].project];
        widen(pr, &lv->task[t], !pr->dated);
    }
    for (int t = 0; t < p->ntasks + p->nprojects; t++) {
        keel_leveled_task *x = t < p->ntasks ? &lv->task[t] : &lv->project[t - p->ntasks];
        if ((t < p->ntasks && !p->tasks[t].summary) || !x->dated)
            continue;
        const keel_calendar *pc =
            &p->calendars[p->projects[t < p->ntasks ? p->tasks[t].project : t - p->ntasks]
                              .calendar];
        x->start_slack = keel_calendar_work_between(pc, x->es, x->ls);
        x->finish_slack = keel_calendar_work_between(pc, x->ef, x->lf);
        x->total_slack = min_time(x->start_slack, x->finish_slack);
    }
}

static keel_status check_input(const keel_portfolio *p, const keel_schedule *leveled,
                               const keel_schedule *before, keel_error *err)
{
    if (before && before->ntasks != p->ntasks)
        return keel_error_set(err, KEEL_ERR_INVALID, NULL, 0,
                              "schedule does not match the portfolio (%d tasks)", p->ntasks);
    return keel_schedule_check(p, leveled, err);
}

static void forward_leaf(const keel_portfolio *p, const keel_schedule *leveled,
                         const keel_schedule *before, keel_leveled *lv, int j)
{
    keel_leveled_task *x = &lv->task[j];
    x->dated = true;
    x->start = x->es = leveled->start[j];
    x->finish = x->ef = leveled->finish[j];
    if (before) {
        x->pre_start = before->start[j];
        x->pre_finish = before->finish[j];
    }
    const keel_task *t = &p->tasks[j];
    keel_time e = keel_leveled_early_start(p, leveled, j);
    if (!t->fixed && x->start > e) {
        x->delay = x->start - e;
        x->delay_work = keel_calendar_work_between(keel_task_cal(p, j), e, x->start);
    }
}

/* An ALAP leaf's delay counts from its place by the late dates (x->ls, the
 * start keel_alap_start gives with its predecessors at their leveled dates):
 * 0 there, else its start minus its late start, negative when it starts
 * earlier (held by the capacity or by a successor with slack), as MS Project
 * counts a delay back from the finish of a task scheduled as late as
 * possible (docs/mspdi.md §4). The task then starts at max(early start, late
 * start + delay). */
static void alap_delay(const keel_portfolio *p, const keel_schedule *leveled, keel_leveled *lv,
                       int j)
{
    keel_leveled_task *x = &lv->task[j];
    keel_time e = keel_leveled_early_start(p, leveled, j);
    x->delay = x->delay_work = 0;
    if (x->start == keel_alap_start(p, j, e, x->ls))
        return;
    x->delay = x->start - x->ls;
    x->delay_work = keel_calendar_work_between(keel_task_cal(p, j), x->ls, x->start);
}

keel_status keel_leveled_compute(const keel_portfolio *p, const keel_schedule *leveled,
                                 const keel_schedule *before, keel_leveled **out,
                                 keel_error *err)
{
    *out = NULL;
    keel_status st = check_input(p, leveled, before, err);
    if (st != KEEL_OK)
        return st;
    keel_leveled *lv = calloc(1, sizeof *lv);
    if (!lv)
        return keel_error_nomem(err);
    lv->ntasks = p->ntasks;
    lv->nprojects = p->nprojects;
    lv->task = calloc((size_t)p->ntasks + 1, sizeof *lv->task);
    lv->project = calloc((size_t)p->nprojects + 1, sizeof *lv->project);
    if (!lv->task || !lv->project) {
        keel_leveled_free(lv);
        return keel_error_nomem(err);
    }
    for (int i = 0; i < p->ntasks + p->nprojects; i++) {
        keel_leveled_task *x = i < p->ntasks ? &lv->task[i] : &lv->project[i - p->ntasks];
        x->pre_start = x->pre_finish = KEEL_TIME_NONE;
    }
    for (int i = 0; i < p->nleaves; i++)
        forward_leaf(p, leveled, before, lv, p->topo[i]);
    /* Each project's late dates anchor at its leveled finish. */
    keel_time *anchor = calloc((size_t)p->nprojects + 1, sizeof *anchor);
    bool *drives = keel_link_drivers(p, leveled->start, leveled->finish);
    if (!anchor || !drives) {
        free(anchor);
        free(drives);
        keel_leveled_free(lv);
        return keel_error_nomem(err);
    }
    for (int q = 0; q < p->nprojects; q++)
        anchor[q] = KEEL_TIME_NONE;
    for (int i = 0; i < p->nleaves; i++) {
        int j = p->topo[i], q = p->tasks[j].project;
        anchor[q] = max_time(anchor[q], lv->task[j].finish);
    }
    for (int i = p->nleaves - 1; i >= 0; i--) {
        int j = p->topo[i];
        backward(p, drives, lv, j, anchor[p->tasks[j].project]);
    }
    free(anchor);
    for (int i = 0; i < p->nleaves; i++)
        if (is_alap(&p->tasks[p->topo[i]]))
            alap_delay(p, leveled, lv, p->topo[i]);
    for (int i = 0; i < p->nleaves; i++)
        slacks(p, drives, lv, p->topo[i]);
    free(drives);
    roll_up(p, lv);
    *out = lv;
    return KEEL_OK;
}

void keel_leveled_free(keel_leveled *l)
{
    if (!l)
        return;
    free(l->task);
    free(l->project);
    free(l);
}
