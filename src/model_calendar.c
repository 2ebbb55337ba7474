/* SPDX-License-Identifier: GPL-3.0-or-later
 * Calendars of the model: every definition compiled, and each task's effective
 * calendar. MS Project schedules a task with resources on the resources'
 * calendars, and on the common working time of the task calendar and the
 * resource calendars when the task has its own calendar (unless
 * IgnoreResourceCalendar). With several resources keel uses the time common to
 * all of them (MS Project runs each assignment on its own calendar; keel keeps
 * one interval per task, see README "Time"). Lags use the successor's task
 * calendar, else its project calendar (MS Project KB 159773).
 */
#include <stdio.h>
#include <string.h>

#include "error.h"
#include "model_build.h"

#define MAX_KEY 16

typedef struct cal_key {
    int n;
    int cal[MAX_KEY]; /* base first, then sorted resource calendars */
    int index;        /* compiled calendar */
} cal_key;

typedef struct cal_state {
    keel_portfolio *p;
    KEEL_VEC(keel_calendar) cals;
    KEEL_VEC(cal_key) keys;
} cal_state;

static keel_status compile_defs(cal_state *s, keel_error *err)
{
    keel_portfolio *p = s->p;
    if (!KEEL_VEC_RESERVE(&s->cals, (size_t)p->ndefs + 1))
        return keel_error_nomem(err);
    for (int i = 0; i < p->ndefs; i++) {
        const char *file = NULL;
        for (int j = 0; j < p->nprojects && !file; j++)
            if (p->projects[j].calendar == i)
                file = p->projects[j].file;
        keel_calendar c;
        keel_status st = keel_calendar_compile(p->calendar_defs, p->ndefs, i, p->arena,
                                               file, &c, err);
        if (st != KEEL_OK)
            return st;
        s->cals.data[s->cals.len++] = c;
    }
    return KEEL_OK;
}

static void insert_sorted(cal_key *k, int cal)
{
    for (int i = 1; i < k->n; i++)
        if (k->cal[i] == cal)
            return;
    if (k->n == MAX_KEY)
        return; /* more distinct calendars than this on one task: keep the first */
    int i = k->n++;
    while (i > 1 && k->cal[i - 1] > cal) {
        k->cal[i] = k->cal[i - 1];
        i--;
    }
    k->cal[i] = cal;
}

/* The calendars a task runs on: base (task or first resource or project
 * calendar) and the other resource calendars. */
static cal_key task_key(const keel_portfolio *p, int t)
{
    const keel_task *task = &p->tasks[t];
    cal_key k = {.n = 1, .cal = {task->task_calendar}};
    cal_key res = {.n = 1};
    for (int a = p->asg_start[t]; a < p->asg_start[t + 1]; a++) {
        const keel_resource *r = &p->resources[p->assignments[a].resource];
        if (r->type == KEEL_RES_WORK && r->calendar >= 0 && p->assignments[a].units > 0)
            insert_sorted(&res, r->calendar);
    }
    if (task->task_calendar >= 0) {
        if (!task->ignore_resource_calendar)
            for (int i = 1; i < res.n; i++)
                insert_sorted(&k, res.cal[i]);
    } else if (res.n > 1) {
        k.cal[0] = res.cal[1];
        for (int i = 2; i < res.n; i++)
            insert_sorted(&k, res.cal[i]);
    } else {
        k.cal[0] = p->projects[task->project].calendar;
    }
    return k;
}

static keel_status intersect_key(cal_state *s, cal_key *k, keel_error *err)
{
    for (size_t i = 0; i < s->keys.len; i++) {
        cal_key *o = &s->keys.data[i];
        if (o->n == k->n && memcmp(o->cal, k->cal, sizeof(int) * (size_t)k->n) == 0) {
            k->index = o->index;
            return KEEL_OK;
        }
    }
    keel_calendar acc = s->cals.data[k->cal[0]];
    for (int i = 1; i < k->n; i++) {
        keel_calendar next;
        keel_status st = keel_calendar_intersect(&acc, &s->cals.data[k->cal[i]], s->p->arena,
                                                 &next, err);
        if (st != KEEL_OK)
            return st;
        acc = next;
    }
    k->index = (int)s->cals.len;
    if (!KEEL_VEC_PUSH(&s->cals, acc) || !KEEL_VEC_PUSH(&s->keys, *k))
        return keel_error_nomem(err);
    return KEEL_OK;
}

/* When a task's calendars share no working time (a day-shift and a night-shift
 * resource on one task), MS Project runs each assignment on its own calendar;
 * keel keeps one interval per task, so it falls back to the first calendar
 * and says so. */
static keel_status effective_calendars(cal_state *s, keel_builder *b, keel_error *err)
{
    keel_portfolio *p = s->p;
    for (int t = 0; t < p->ntasks; t++) {
        cal_key k = task_key(p, t);
        k.index = k.cal[0];
        if (k.n > 1) {
            keel_error why = {0};
            keel_status st = intersect_key(s, &k, &why);
            if (st == KEEL_ERR_NOMEM)
                return keel_error_nomem(err);
            if (st != KEEL_OK) {
                const keel_project *pr = &p->projects[p->tasks[t].project];
                k.index = k.cal[0];
                if (!keel_builder_warn(b, pr->file ? pr->file : pr->name, p->tasks[t].line,
                                       "task UID %d '%s': its calendars share no working "
                                       "time; it runs on calendar '%s'",
                                       p->tasks[t].uid, p->tasks[t].name,
                                       s->cals.data[k.cal[0]].name))
                    return keel_error_nomem(err);
            }
        }
        p->tasks[t].calendar = k.index;
    }
    return KEEL_OK;
}

keel_status keel_model_calendars(keel_builder *b, keel_portfolio *p, keel_error *err)
{
    cal_state s = {.p = p};
    keel_status st = compile_defs(&s, err);
    if (st == KEEL_OK)
        st = effective_calendars(&s, b, err);
    if (st == KEEL_OK) {
        p->ncalendars = (int)s.cals.len;
        p->calendars = keel_arena_dup(p->arena, s.cals.data, s.cals.len, sizeof(keel_calendar));
        if (!p->calendars)
            st = keel_error_nomem(err);
    }
    KEEL_VEC_FREE(&s.cals);
    KEEL_VEC_FREE(&s.keys);
    return st;
}
