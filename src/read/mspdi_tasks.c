/* SPDX-License-Identifier: GPL-3.0-or-later
 * The MSPDI reader, tasks (mspdi_read.c gives the order of work): every
 * <Task> with its durations, constraint, progress, leveling delay and place in
 * the outline; summary tasks checked against their children. Predecessor
 * links are collected here and read by mspdi_links.c once all tasks exist.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "base/timefmt.h"
#include "read/mspdi_internal.h"

/* ------------------------------------------------------------ tasks */

enum {
    T_UID, T_ID, T_NAME, T_ISNULL, T_OUTLINE, T_SUMMARY, T_PRIORITY, T_START, T_FINISH,
    T_DURATION, T_DURFMT, T_MILESTONE, T_ASTART, T_AFINISH, T_PCT, T_REMDUR, T_CTYPE, T_CDATE,
    T_CAL, T_DEADLINE, T_SPLIT, T_LDELAY, T_LDFMT, T_IGNRC, T_MANUAL, T_EXTERNAL, T_PRESTART,
    T_PREFINISH, T_N
};
static const char *const task_fields[T_N] = {
    "UID", "ID", "Name", "IsNull", "OutlineLevel", "Summary", "Priority", "Start", "Finish",
    "Duration", "DurationFormat", "Milestone", "ActualStart", "ActualFinish",
    "PercentComplete", "RemainingDuration", "ConstraintType", "ConstraintDate", "CalendarUID",
    "Deadline", "LevelingCanSplit", "LevelingDelay", "LevelingDelayFormat",
    "IgnoreResourceCalendar", "Manual", "ExternalTask", "PreLeveledStart", "PreLeveledFinish",
};

static const char *const constraint_names[8] = {"ASAP", "ALAP", "MSO", "MFO",
                                                "SNET", "SNLT", "FNET", "FNLT"};

/* LevelingDelay is in tenths of a minute whatever LevelingDelayFormat says
 * (MPXJ MSPDIReader.readTask: `Duration.convertUnits(duration / 10,
 * TimeUnit.MINUTES, format, ...)`; docs/mspdi.md §4): elapsed minutes for
 * elapsed formats (MS Project's default is 8, elapsed days), working minutes
 * otherwise. The model keeps elapsed minutes, so working minutes are scaled
 * by a calendar week (10080 / MinutesPerWeek), the calendar-free reading of
 * MinutesPerWeek; exact only on average. */
static keel_status read_leveling_delay(mspdi_reader *r, const keel_xml_node *const *f,
                                       const char *subject, keel_task *t)
{
    double v = 0;
    int64_t fmt = 8;
    keel_status st;
    if ((st = keel_mspdi_get_double(&r->c, f[T_LDELAY], subject, -MSPDI_MAX_TENTHS, MSPDI_MAX_TENTHS,
                                    &v)) != KEEL_OK ||
        (st = keel_mspdi_get_int(&r->c, f[T_LDFMT], subject, 0, 1000, &fmt)) != KEEL_OK)
        return st;
    double minutes = v / 10.0;
    if (!keel_mspdi_is_elapsed_format(fmt))
        minutes = minutes * KEEL_MINUTES_PER_WEEK / r->proj.minutes_per_week;
    t->leveling_delay = llround(minutes);
    return KEEL_OK;
}

/* Progress: a finished task has nothing left; a started one its
 * RemainingDuration (or the part PercentComplete leaves). */
static keel_status read_progress(mspdi_reader *r, const keel_xml_node *const *f, const char *subject,
                                 keel_task *t)
{
    int64_t pct = 0, remaining = -1;
    keel_status st;
    if ((st = keel_mspdi_get_time(&r->c, f[T_ASTART], subject, &t->actual_start)) != KEEL_OK ||
        (st = keel_mspdi_get_time(&r->c, f[T_AFINISH], subject, &t->actual_finish)) != KEEL_OK ||
        (st = keel_mspdi_get_int(&r->c, f[T_PCT], subject, 0, 100, &pct)) != KEEL_OK ||
        (st = keel_mspdi_get_duration(&r->c, f[T_REMDUR], subject, false, &remaining)) !=
            KEEL_OK)
        return st;
    t->percent_complete = (int)pct;
    t->duration = t->total_duration;
    if (t->actual_finish != KEEL_TIME_NONE || pct == 100)
        t->duration = 0;
    else if (t->actual_start != KEEL_TIME_NONE)
        t->duration = remaining >= 0 ? remaining : t->total_duration * (100 - pct) / 100;
    return KEEL_OK;
}

static keel_status read_constraint(mspdi_reader *r, const keel_xml_node *const *f, const char *subject,
                                   keel_task *t)
{
    int64_t type = 0;
    keel_status st;
    if ((st = keel_mspdi_get_int(&r->c, f[T_CTYPE], subject, 0, 7, &type)) != KEEL_OK ||
        (st = keel_mspdi_get_time(&r->c, f[T_CDATE], subject, &t->constraint_date)) != KEEL_OK ||
        (st = keel_mspdi_get_time(&r->c, f[T_DEADLINE], subject, &t->deadline)) != KEEL_OK)
        return st;
    t->constraint = (keel_constraint_type)type;
    if (type <= KEEL_ALAP)
        t->constraint_date = KEEL_TIME_NONE;
    else if (t->constraint_date == KEEL_TIME_NONE)
        return keel_mspdi_fail(&r->c, f[T_CTYPE], 0,
                               "%s: ConstraintType %lld (%s) needs a ConstraintDate", subject,
                               (long long)type, constraint_names[type]);
    return KEEL_OK;
}

/* The fields of a task that is kept; t has uid, id, name and line set. */
static keel_status read_task_fields(mspdi_reader *r, const keel_xml_node *const *f, keel_task *t)
{
    mspdi_ctx *c = &r->c;
    char subject[300];
    keel_mspdi_task_subject(t, subject, sizeof subject);
    int64_t level = 1, priority = 500, cal = -1, durfmt = 7;
    bool manual = false;
    keel_status st;
    if ((st = keel_mspdi_get_int(c, f[T_OUTLINE], subject, -1000000, 1000000, &level)) != KEEL_OK ||
        (st = keel_mspdi_get_int(c, f[T_PRIORITY], subject, 0, 1000, &priority)) != KEEL_OK ||
        (st = keel_mspdi_get_duration(c, f[T_DURATION], subject, false, &t->total_duration)) !=
            KEEL_OK ||
        (st = keel_mspdi_get_int(c, f[T_DURFMT], subject, INT32_MIN, INT32_MAX, &durfmt)) !=
            KEEL_OK ||
        (st = keel_mspdi_get_bool(c, f[T_MILESTONE], subject, &t->milestone)) != KEEL_OK ||
        (st = keel_mspdi_get_time(c, f[T_START], subject, &t->start)) != KEEL_OK ||
        (st = keel_mspdi_get_time(c, f[T_FINISH], subject, &t->finish)) != KEEL_OK ||
        (st = keel_mspdi_get_time(c, f[T_PRESTART], subject, &t->pre_start)) != KEEL_OK ||
        (st = keel_mspdi_get_time(c, f[T_PREFINISH], subject, &t->pre_finish)) != KEEL_OK ||
        (st = keel_mspdi_get_int(c, f[T_CAL], subject, INT32_MIN, INT32_MAX, &cal)) != KEEL_OK ||
        (st = keel_mspdi_get_bool(c, f[T_IGNRC], subject, &t->ignore_resource_calendar)) !=
            KEEL_OK ||
        (st = keel_mspdi_get_bool(c, f[T_SPLIT], subject, &t->can_split)) != KEEL_OK ||
        (st = keel_mspdi_get_bool(c, f[T_MANUAL], subject, &manual)) != KEEL_OK ||
        (st = read_constraint(r, f, subject, t)) != KEEL_OK ||
        (st = read_progress(r, f, subject, t)) != KEEL_OK ||
        (st = read_leveling_delay(r, f, subject, t)) != KEEL_OK)
        return st;
    if (level < 1) {
        if (!keel_mspdi_warn(c, f[T_OUTLINE], "%s: OutlineLevel %lld taken as 1", subject,
                             (long long)level))
            return keel_error_nomem(c->err);
        level = 1;
    }
    t->outline_level = (int)level;
    t->priority = (int)priority;
    /* PT24H0M0S in elapsed days is 24 clock hours (model.h keel_task.elapsed) */
    t->elapsed = keel_mspdi_is_elapsed_format(durfmt) && !keel_mspdi_is_percent_format(durfmt);
    if (f[T_CAL] && cal >= 0) {
        const mspdi_uid *u = keel_mspdi_uid_find(&c->cals, cal);
        if (!u)
            return keel_mspdi_fail(c, f[T_CAL], 0, "%s: calendar UID %lld does not exist",
                                   subject, (long long)cal);
        t->task_calendar = u->index;
    }
    t->manual = manual;
    /* where the user put it: before leveling delayed it, when that is known */
    keel_time anchor = t->leveling_delay != 0 && t->pre_start != KEEL_TIME_NONE ? t->pre_start
                                                                               : t->start;
    if (manual && anchor != KEEL_TIME_NONE) {
        t->constraint = KEEL_MSO;
        t->constraint_date = anchor;
    }
    return KEEL_OK;
}

/* Hooks the new task (index i) into the outline: its parent is the nearest
 * preceding task with a lower outline level. */
static keel_status place_in_outline(mspdi_reader *r, int i, void *stackp)
{
    KEEL_VEC(int) *stack = stackp;
    keel_task *tasks = r->c.b->tasks.data;
    while (stack->len > 0 && tasks[stack->data[stack->len - 1]].outline_level >=
                                 tasks[i].outline_level)
        stack->len--;
    tasks[i].parent = stack->len > 0 ? stack->data[stack->len - 1] : -1;
    if (tasks[i].parent >= 0)
        tasks[tasks[i].parent].summary = true;
    if (!KEEL_VEC_PUSH(stack, i))
        return keel_error_nomem(r->c.err);
    return KEEL_OK;
}

/* The project summary task (UID 0) carries the project's priority and a
 * deadline (mspdi_read.c add_project decides the project's). */
static keel_status read_project_task(mspdi_reader *r, const keel_xml_node *const *f)
{
    int64_t priority = -1;
    keel_status st;
    if ((st = keel_mspdi_get_int(&r->c, f[T_PRIORITY], "project summary task", 0, 1000,
                                 &priority)) != KEEL_OK ||
        (st = keel_mspdi_get_time(&r->c, f[T_DEADLINE], "project summary task",
                                  &r->project_deadline)) != KEEL_OK)
        return st;
    r->project_priority = (int)priority;
    return KEEL_OK;
}

static keel_status read_task(mspdi_reader *r, const keel_xml_node *n, void *stack)
{
    mspdi_ctx *c = &r->c;
    const keel_xml_node *f[T_N];
    keel_mspdi_fields(n, task_fields, T_N, f);
    int64_t uid = 0, id = -1;
    bool is_null = false, external = false, summary_flag = false;
    keel_status st;
    if (!f[T_UID])
        return keel_mspdi_fail(c, n, 0, "task: no UID");
    if ((st = keel_mspdi_get_int(c, f[T_UID], "task", INT32_MIN, INT32_MAX, &uid)) != KEEL_OK ||
        (st = keel_mspdi_get_int(c, f[T_ID], "task", -1, INT32_MAX, &id)) != KEEL_OK ||
        (st = keel_mspdi_get_bool(c, f[T_ISNULL], "task", &is_null)) != KEEL_OK ||
        (st = keel_mspdi_get_bool(c, f[T_EXTERNAL], "task", &external)) != KEEL_OK ||
        (st = keel_mspdi_get_bool(c, f[T_SUMMARY], "task", &summary_flag)) != KEEL_OK)
        return st;
    mspdi_uid entry = {uid, -1, keel_xml_line(n)};
    /* UID 0 is the project summary; null tasks are blank rows; external tasks
     * are placeholders for another file's task (cross-project links name it). */
    if (uid == 0 || is_null || external) {
        if (uid == 0 && (st = read_project_task(r, f)) != KEEL_OK)
            return st;
        return KEEL_VEC_PUSH(&r->tasks, entry) ? KEEL_OK : keel_error_nomem(c->err);
    }
    keel_task t;
    memset(&t, 0, sizeof t);
    t.project = (int)r->c.b->projects.len;
    t.uid = (int32_t)uid;
    t.id = (int32_t)id;
    t.line = entry.line;
    t.parent = -1;
    t.task_calendar = t.calendar = -1;
    t.constraint_date = t.deadline = t.actual_start = t.actual_finish = KEEL_TIME_NONE;
    t.start = t.finish = t.fixed_start = t.fixed_finish = KEEL_TIME_NONE;
    t.pre_start = t.pre_finish = KEEL_TIME_NONE;
    t.name = keel_xml_text_dup(f[T_NAME], c->b->arena);
    if (!t.name)
        return keel_error_nomem(c->err);
    if ((st = read_task_fields(r, f, &t)) != KEEL_OK ||
        (st = keel_mspdi_read_task_extra(r, n, &t)) != KEEL_OK)
        return st;
    entry.index = (int)c->b->tasks.len;
    mspdi_uid identry = {id, entry.index, entry.line};
    if (!KEEL_VEC_PUSH(&c->b->tasks, t) || !KEEL_VEC_PUSH(&r->tasks, entry) ||
        (id >= 0 && !KEEL_VEC_PUSH(&r->ids, identry)))
        return keel_error_nomem(c->err);
    if (summary_flag) /* remembered for the check after the outline is known */
        c->b->tasks.data[entry.index].summary = true;
    return place_in_outline(r, entry.index, stack);
}

/* Summary 1 on a task without subtasks: MS Project computes Summary from the
 * outline, so such a flag comes from another tool; the task is scheduled as
 * a normal task. */
static keel_status check_summaries(mspdi_reader *r, int first)
{
    keel_builder *b = r->c.b;
    int n = (int)b->tasks.len;
    bool *has_children = calloc((size_t)(n - first) + 1, 1);
    if (!has_children)
        return keel_error_nomem(r->c.err);
    for (int i = first; i < n; i++)
        if (b->tasks.data[i].parent >= 0)
            has_children[b->tasks.data[i].parent - first] = true;
    keel_status st = KEEL_OK;
    for (int i = first; i < n && st == KEEL_OK; i++) {
        keel_task *t = &b->tasks.data[i];
        if (t->summary && !has_children[i - first]) {
            t->summary = false;
            if (!keel_builder_warn(b, r->c.file, t->line,
                                   "task UID %d '%.200s': Summary 1 without subtasks; "
                                   "scheduled as a normal task",
                                   (int)t->uid, t->name))
                st = keel_error_nomem(r->c.err);
        }
    }
    free(has_children);
    return st;
}

keel_status keel_mspdi_read_tasks(mspdi_reader *r)
{
    mspdi_ctx *c = &r->c;
    KEEL_VEC(int) stack = {0};
    int first = (int)c->b->tasks.len;
    keel_status st = KEEL_OK;
    for (const keel_xml_node *ts = keel_xml_first(r->root); ts; ts = keel_xml_next(ts)) {
        if (!keel_xml_is(ts, "Tasks"))
            continue;
        for (const keel_xml_node *n = keel_xml_first(ts); n; n = keel_xml_next(n)) {
            if (!keel_xml_is(n, "Task"))
                continue;
            size_t before = c->b->tasks.len;
            if ((st = read_task(r, n, &stack)) != KEEL_OK)
                goto done;
            if (c->b->tasks.len == before)
                continue;
            for (const keel_xml_node *l = keel_xml_first(n); l; l = keel_xml_next(l)) {
                struct pending_link pl = {(int)before, l};
                if (keel_xml_is(l, "PredecessorLink") && !KEEL_VEC_PUSH(&r->links, pl)) {
                    st = keel_error_nomem(c->err);
                    goto done;
                }
            }
        }
    }
    if ((st = keel_mspdi_uid_sort(c, &r->tasks, "task", "UID")) != KEEL_OK ||
        (st = keel_mspdi_uid_sort(c, &r->ids, "task", "ID")) != KEEL_OK ||
        (st = check_summaries(r, first)) != KEEL_OK)
        goto done;
done:
    KEEL_VEC_FREE(&stack);
    return st;
}
