/* SPDX-License-Identifier: GPL-3.0-or-later
 * The MSPDI reader: a <Project xmlns="http://schemas.microsoft.com/project">
 * document into a keel_builder (one keel_project). Children are found by
 * local name in any order and unknown elements are ignored, so files from
 * Project 2003 to 2019 and from other tools read alike. Units (docs/mspdi.md
 * §2-§4): durations in PT hours form, lags and leveling delays in tenths of a
 * minute, units as fractions (1.0 = KEEL_UNITS_ONE).
 *
 * Order of work: header, calendars, tasks (a UID map; the outline gives
 * parents), links (after all tasks: predecessors may come later and percent
 * lags need the predecessor's duration), resources (joined across files by
 * name), assignments. On failure the builder is cut back to what it held.
 */
#include "read/mspdi_read.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "base/readfile.h"
#include "base/timefmt.h"
#include "read/mspdi_internal.h"

#define MSPDI_NS "http://schemas.microsoft.com/project"
/* Lags and leveling delays: at most 100 years, in tenths of a minute. */
#define MAX_TENTHS (100.0 * 366 * 1440 * 10)
#define MAX_UNITS 1e6
/* Larger files are refused (libxml2 takes an int length). */
#define MSPDI_MAX_BYTES ((size_t)1 << 30)

/* What a failed read must undo. */
typedef struct snapshot {
    keel_builder_mark mark;
    KEEL_VEC(struct saved_resource { int index; keel_resource r; }) saved;
} snapshot;

typedef struct reader {
    mspdi_ctx c;
    const keel_xml_node *root;
    mspdi_uid_map tasks;     /* task UID -> task index (-1: skipped) */
    mspdi_uid_map ids;       /* task ID -> task index */
    mspdi_uid_map res;       /* resource UID -> resource index (-1: skipped) */
    KEEL_VEC(struct pending_link { int succ; const keel_xml_node *n; }) links;
    keel_project proj;
    int project_priority;
    keel_time project_deadline;
    snapshot snap;
} reader;

static const char *basename_of(const char *path)
{
    const char *s = path;
    for (const char *p = path; *p; p++)
        if (*p == '/' || *p == '\\')
            s = p + 1;
    return s;
}

static bool is_elapsed_format(int64_t fmt)
{
    if (fmt >= 32)
        fmt -= 32;
    return fmt == 4 || fmt == 6 || fmt == 8 || fmt == 10 || fmt == 12 || fmt == 20;
}

static bool is_percent_format(int64_t fmt)
{
    return fmt == 19 || fmt == 20 || fmt == 51 || fmt == 52;
}

/* ------------------------------------------------------------ header */

/* The project is named after its file (keel_project.name), not <Name>, so
 * that cross-project links ("file\\ID") and reports agree. */
enum { H_START, H_CAL, H_MPD, H_MPW, H_DPM, H_STATUS, H_N };
static const char *const header_fields[H_N] = {
    "StartDate", "CalendarUID", "MinutesPerDay", "MinutesPerWeek", "DaysPerMonth", "StatusDate",
};

static keel_status read_header(reader *r)
{
    mspdi_ctx *c = &r->c;
    const keel_xml_node *f[H_N];
    keel_mspdi_fields(r->root, header_fields, H_N, f);
    keel_project *p = &r->proj;
    int64_t mpd = 480, mpw = 2400, dpm = 20, cal = -1;
    p->start = p->status_date = p->deadline = KEEL_TIME_NONE;
    keel_status st;
    if ((st = keel_mspdi_get_time(c, f[H_START], "project", &p->start)) != KEEL_OK ||
        (st = keel_mspdi_get_time(c, f[H_STATUS], "project", &p->status_date)) != KEEL_OK ||
        (st = keel_mspdi_get_int(c, f[H_MPD], "project", 1, 1440, &mpd)) != KEEL_OK ||
        (st = keel_mspdi_get_int(c, f[H_MPW], "project", 1, 10080, &mpw)) != KEEL_OK ||
        (st = keel_mspdi_get_int(c, f[H_DPM], "project", 1, 31, &dpm)) != KEEL_OK ||
        (st = keel_mspdi_get_int(c, f[H_CAL], "project", INT32_MIN, INT32_MAX, &cal)) != KEEL_OK)
        return st;
    p->minutes_per_day = (int32_t)mpd;
    p->minutes_per_week = (int32_t)mpw;
    p->days_per_month = (int32_t)dpm;
    p->name = keel_arena_strdup(c->b->arena, basename_of(c->file));
    p->file = keel_arena_strdup(c->b->arena, c->file);
    if (!p->name || !p->file)
        return keel_error_nomem(c->err);
    p->priority = 500;
    p->weight = 1.0;
    p->calendar = -1;
    if (f[H_CAL] && cal >= 0) {
        const mspdi_uid *u = keel_mspdi_uid_find(&c->cals, cal);
        if (!u)
            return keel_mspdi_fail(c, f[H_CAL], 0, "project: calendar UID %lld does not exist",
                                   (long long)cal);
        p->calendar = u->index;
    }
    if (p->calendar < 0 && (p->calendar = keel_mspdi_add_standard_calendar(c)) < 0)
        return keel_error_nomem(c->err);
    return KEEL_OK;
}

/* ------------------------------------------------------------ tasks */

enum {
    T_UID, T_ID, T_NAME, T_ISNULL, T_OUTLINE, T_SUMMARY, T_PRIORITY, T_START, T_FINISH,
    T_DURATION, T_DURFMT, T_MILESTONE, T_ASTART, T_AFINISH, T_PCT, T_REMDUR, T_CTYPE, T_CDATE,
    T_CAL, T_DEADLINE, T_SPLIT, T_LDELAY, T_LDFMT, T_IGNRC, T_MANUAL, T_EXTERNAL, T_N
};
static const char *const task_fields[T_N] = {
    "UID", "ID", "Name", "IsNull", "OutlineLevel", "Summary", "Priority", "Start", "Finish",
    "Duration", "DurationFormat", "Milestone", "ActualStart", "ActualFinish",
    "PercentComplete", "RemainingDuration", "ConstraintType", "ConstraintDate", "CalendarUID",
    "Deadline", "LevelingCanSplit", "LevelingDelay", "LevelingDelayFormat",
    "IgnoreResourceCalendar", "Manual", "ExternalTask",
};

static const char *const constraint_names[8] = {"ASAP", "ALAP", "MSO", "MFO",
                                                "SNET", "SNLT", "FNET", "FNLT"};

static void task_subject(const keel_task *t, char *buf, size_t size)
{
    snprintf(buf, size, "task UID %d '%.200s'", (int)t->uid, t->name);
}

/* LevelingDelay is in tenths of a minute whatever LevelingDelayFormat says
 * (MPXJ MSPDIReader.readTask: `Duration.convertUnits(duration / 10,
 * TimeUnit.MINUTES, format, ...)`; docs/mspdi.md §4): elapsed minutes for
 * elapsed formats (MS Project's default is 8, elapsed days), working minutes
 * otherwise. The model keeps elapsed minutes, so working minutes are scaled
 * by a calendar week (10080 / MinutesPerWeek), the calendar-free reading of
 * MinutesPerWeek; exact only on average. */
static keel_status read_leveling_delay(reader *r, const keel_xml_node *const *f,
                                       const char *subject, keel_task *t)
{
    double v = 0;
    int64_t fmt = 8;
    keel_status st;
    if ((st = keel_mspdi_get_double(&r->c, f[T_LDELAY], subject, -MAX_TENTHS, MAX_TENTHS,
                                    &v)) != KEEL_OK ||
        (st = keel_mspdi_get_int(&r->c, f[T_LDFMT], subject, 0, 1000, &fmt)) != KEEL_OK)
        return st;
    double minutes = v / 10.0;
    if (!is_elapsed_format(fmt))
        minutes = minutes * KEEL_MINUTES_PER_WEEK / r->proj.minutes_per_week;
    t->leveling_delay = llround(minutes);
    return KEEL_OK;
}

/* Progress: a finished task has nothing left; a started one its
 * RemainingDuration (or the part PercentComplete leaves). */
static keel_status read_progress(reader *r, const keel_xml_node *const *f, const char *subject,
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

static keel_status read_constraint(reader *r, const keel_xml_node *const *f, const char *subject,
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
static keel_status read_task_fields(reader *r, const keel_xml_node *const *f, keel_task *t)
{
    mspdi_ctx *c = &r->c;
    char subject[300];
    task_subject(t, subject, sizeof subject);
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
    if (is_elapsed_format(durfmt) && !is_percent_format(durfmt) && t->total_duration > 0 &&
        !keel_mspdi_warn(c, f[T_DURFMT],
                         "%s: elapsed duration (DurationFormat %lld) is scheduled as working "
                         "time",
                         subject, (long long)durfmt))
        return keel_error_nomem(c->err);
    if (f[T_CAL] && cal >= 0) {
        const mspdi_uid *u = keel_mspdi_uid_find(&c->cals, cal);
        if (!u)
            return keel_mspdi_fail(c, f[T_CAL], 0, "%s: calendar UID %lld does not exist",
                                   subject, (long long)cal);
        t->task_calendar = u->index;
    }
    t->manual = manual;
    if (manual && t->start != KEEL_TIME_NONE) {
        t->constraint = KEEL_MSO;
        t->constraint_date = t->start;
    }
    return KEEL_OK;
}

/* Hooks the new task (index i) into the outline: its parent is the nearest
 * preceding task with a lower outline level. */
static keel_status place_in_outline(reader *r, int i, void *stackp)
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

/* The project summary task (UID 0) carries the project's priority and
 * deadline. */
static keel_status read_project_task(reader *r, const keel_xml_node *const *f)
{
    int64_t priority = r->project_priority;
    keel_status st;
    if ((st = keel_mspdi_get_int(&r->c, f[T_PRIORITY], "project summary task", 0, 1000,
                                 &priority)) != KEEL_OK ||
        (st = keel_mspdi_get_time(&r->c, f[T_DEADLINE], "project summary task",
                                  &r->project_deadline)) != KEEL_OK)
        return st;
    r->project_priority = (int)priority;
    return KEEL_OK;
}

static keel_status read_task(reader *r, const keel_xml_node *n, void *stack)
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
    t.name = keel_xml_text_dup(f[T_NAME], c->b->arena);
    if (!t.name)
        return keel_error_nomem(c->err);
    if ((st = read_task_fields(r, f, &t)) != KEEL_OK)
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
static keel_status check_summaries(reader *r, int first)
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

static keel_status read_tasks(reader *r)
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

/* ------------------------------------------------------------ links */

enum { L_PRED, L_TYPE, L_CROSS, L_CROSSNAME, L_LAG, L_LAGFMT, L_N };
static const char *const link_fields[L_N] = {"PredecessorUID", "Type", "CrossProject",
                                             "CrossProjectName", "LinkLag", "LagFormat"};

/* LinkLag is in tenths of a minute for every format except percent (19, 20
 * and their estimated variants 51, 52), where it is the plain percentage:
 * MPXJ MSPDIReader.readPredecessor uses `Duration.getInstance(lag,
 * lagUnits)` for PERCENT/ELAPSED_PERCENT and `lag / 10.0` minutes otherwise,
 * and MSPDIWriter.writePredecessor writes the percentage unscaled. A percent
 * lag is that share of the predecessor's Duration, resolved here. */
static keel_status read_lag(reader *r, const keel_xml_node *const *f, const char *subject,
                            int pred, keel_lag_kind *kind, int64_t *lag)
{
    double v = 0;
    int64_t fmt = 7;
    keel_status st;
    if ((st = keel_mspdi_get_double(&r->c, f[L_LAG], subject, -MAX_TENTHS, MAX_TENTHS, &v)) !=
            KEEL_OK ||
        (st = keel_mspdi_get_int(&r->c, f[L_LAGFMT], subject, 0, 1000, &fmt)) != KEEL_OK)
        return st;
    *kind = is_elapsed_format(fmt) ? KEEL_LAG_ELAPSED : KEEL_LAG_WORK;
    if (!is_percent_format(fmt)) {
        *lag = llround(v / 10.0);
        return KEEL_OK;
    }
    if (v < -100000 || v > 100000)
        return keel_mspdi_fail(&r->c, f[L_LAG], 0, "%s: percent lag %g%% is absurd", subject, v);
    if (pred < 0) {
        *lag = 0;
        return keel_mspdi_warn(&r->c, f[L_LAG],
                               "%s: percent lag on a cross-project link taken as 0", subject)
                   ? KEEL_OK
                   : keel_error_nomem(r->c.err);
    }
    *lag = llround(v / 100.0 * (double)r->c.b->tasks.data[pred].total_duration);
    return KEEL_OK;
}

/* CrossProjectName "path\ID": the project is the file name of path. */
static keel_status read_external(reader *r, const keel_xml_node *const *f, int succ,
                                 const char *subject, keel_link_type type, int line)
{
    mspdi_ctx *c = &r->c;
    char name[1024];
    keel_xml_text(f[L_CROSSNAME], name, sizeof name);
    char *sep = strrchr(name, '\\');
    int64_t id;
    if (!sep || sep == name || !keel_xml_parse_int(sep + 1, &id) || id < 0 || id > INT32_MAX)
        return keel_mspdi_warn(c, f[L_CROSSNAME] ? f[L_CROSSNAME] : f[L_CROSS],
                               "%s: CrossProjectName '%s' is not 'file\\ID'; link ignored",
                               subject, name)
                   ? KEEL_OK
                   : keel_error_nomem(c->err);
    *sep = '\0';
    keel_external_link x = {0};
    x.succ = succ;
    x.type = type;
    x.line = line;
    x.pred_id = (int32_t)id;
    x.project = keel_arena_strdup(c->b->arena, basename_of(name));
    keel_status st = read_lag(r, f, subject, -1, &x.lag_kind, &x.lag);
    if (st != KEEL_OK)
        return st;
    if (!x.project || !KEEL_VEC_PUSH(&c->b->external_links, x))
        return keel_error_nomem(c->err);
    return KEEL_OK;
}

static keel_status read_link(reader *r, int succ, const keel_xml_node *n)
{
    mspdi_ctx *c = &r->c;
    const keel_xml_node *f[L_N];
    keel_mspdi_fields(n, link_fields, L_N, f);
    char subject[300];
    task_subject(&c->b->tasks.data[succ], subject, sizeof subject);
    int64_t type = KEEL_LINK_FS, pred_uid = 0;
    bool cross = false;
    keel_status st;
    if ((st = keel_mspdi_get_int(c, f[L_TYPE], subject, 0, 3, &type)) != KEEL_OK ||
        (st = keel_mspdi_get_bool(c, f[L_CROSS], subject, &cross)) != KEEL_OK)
        return st;
    if (cross)
        return read_external(r, f, succ, subject, (keel_link_type)type, keel_xml_line(n));
    if (!f[L_PRED])
        return keel_mspdi_fail(c, n, 0, "%s: predecessor link without PredecessorUID", subject);
    if ((st = keel_mspdi_get_int(c, f[L_PRED], subject, INT32_MIN, INT32_MAX, &pred_uid)) !=
        KEEL_OK)
        return st;
    const mspdi_uid *u = keel_mspdi_uid_find(&r->tasks, pred_uid);
    if (!u)
        return keel_mspdi_fail(c, f[L_PRED], 0, "%s: predecessor UID %lld does not exist",
                               subject, (long long)pred_uid);
    if (u->index < 0)
        return keel_mspdi_warn(c, f[L_PRED],
                               "%s: predecessor UID %lld is the project summary, a blank or "
                               "an external task; link ignored",
                               subject, (long long)pred_uid)
                   ? KEEL_OK
                   : keel_error_nomem(c->err);
    keel_link l = {0};
    l.pred = u->index;
    l.succ = succ;
    l.type = (keel_link_type)type;
    l.line = keel_xml_line(n);
    if ((st = read_lag(r, f, subject, u->index, &l.lag_kind, &l.lag)) != KEEL_OK)
        return st;
    return KEEL_VEC_PUSH(&c->b->links, l) ? KEEL_OK : keel_error_nomem(c->err);
}

static keel_status read_links(reader *r)
{
    for (size_t i = 0; i < r->links.len; i++) {
        keel_status st = read_link(r, r->links.data[i].succ, r->links.data[i].n);
        if (st != KEEL_OK)
            return st;
    }
    return KEEL_OK;
}

/* ------------------------------------------------------------ resources */

enum {
    R_UID, R_NAME, R_TYPE, R_ISNULL, R_MAXUNITS, R_CANLEVEL, R_CAL, R_COST, R_FROM, R_TO,
    R_PERIODS, R_N
};
static const char *const res_fields[R_N] = {
    "UID", "Name", "Type", "IsNull", "MaxUnits", "CanLevel", "CalendarUID", "IsCostResource",
    "AvailableFrom", "AvailableTo", "AvailabilityPeriods",
};

typedef struct period {
    keel_time from, to; /* KEEL_TIME_NONE: open */
    int32_t units;
    int line;
} period;

static int cmp_period(const void *a, const void *b)
{
    const period *x = a, *y = b;
    return (x->from > y->from) - (x->from < y->from);
}

static int32_t to_units(double u)
{
    return (int32_t)llround(u * KEEL_UNITS_ONE);
}

/* 2049-12-31T23:59 on the keel timeline: MS Project's latest date. */
#define NA_END ((keel_time)24106 * 1440 + 1439)

/* AvailableTo names the last available minute (MS Project writes 23:59), so
 * the period ends one minute later. */
static keel_status read_period(reader *r, const keel_xml_node *n, const char *subject,
                               int32_t max_units, period *p)
{
    double units = (double)max_units / KEEL_UNITS_ONE;
    keel_status st;
    p->from = p->to = KEEL_TIME_NONE;
    p->line = keel_xml_line(n);
    if ((st = keel_mspdi_get_time(&r->c, keel_xml_child(n, "AvailableFrom"), subject,
                                  &p->from)) != KEEL_OK ||
        (st = keel_mspdi_get_time(&r->c, keel_xml_child(n, "AvailableTo"), subject, &p->to)) !=
            KEEL_OK ||
        (st = keel_mspdi_get_double(&r->c, keel_xml_child(n, "AvailableUnits"), subject, 0,
                                    MAX_UNITS, &units)) != KEEL_OK)
        return st;
    /* MS Project's "NA" dates (1984-01-01, 2049-12-31 23:59) leave a period open. */
    if (p->to != KEEL_TIME_NONE && p->to >= NA_END)
        p->to = KEEL_TIME_NONE;
    if (p->from != KEEL_TIME_NONE && p->from <= 0)
        p->from = KEEL_TIME_NONE;
    if (p->to != KEEL_TIME_NONE)
        p->to++;
    if (p->from != KEEL_TIME_NONE && p->to != KEEL_TIME_NONE && p->to <= p->from)
        return keel_mspdi_fail(&r->c, n, 0, "%s: availability period ends before it starts",
                               subject);
    p->units = to_units(units);
    return KEEL_OK;
}

/* Builds the step function: units inside the periods, 0 outside. */
static keel_status build_capacity(reader *r, period *ps, int n, const char *subject,
                                  keel_capacity *cap)
{
    qsort(ps, (size_t)n, sizeof *ps, cmp_period);
    keel_time *at = keel_arena_alloc(r->c.b->arena, sizeof *at * (size_t)(2 * n + 1));
    int32_t *units = keel_arena_alloc(r->c.b->arena, sizeof *units * (size_t)(2 * n + 1));
    if (!at || !units)
        return keel_error_nomem(r->c.err);
    int k = 0;
    at[k] = KEEL_TIME_NONE;
    units[k++] = 0;
    for (int i = 0; i < n; i++) {
        if (i > 0 && (ps[i - 1].to == KEEL_TIME_NONE || ps[i].from == KEEL_TIME_NONE ||
                      ps[i].from < ps[i - 1].to))
            return keel_mspdi_fail(&r->c, NULL, ps[i].line,
                                   "%s: availability periods overlap", subject);
        if (ps[i].from == KEEL_TIME_NONE || ps[i].from == at[k - 1])
            units[k - 1] = ps[i].units;
        else
            at[k] = ps[i].from, units[k++] = ps[i].units;
        if (ps[i].to != KEEL_TIME_NONE)
            at[k] = ps[i].to, units[k++] = 0;
    }
    cap->n = k;
    cap->at = at;
    cap->units = units;
    return KEEL_OK;
}

static keel_status read_capacity(reader *r, const keel_xml_node *const *f, const char *subject,
                                 int32_t max_units, keel_capacity *cap)
{
    KEEL_VEC(period) ps = {0};
    keel_status st = KEEL_OK;
    memset(cap, 0, sizeof *cap);
    for (const keel_xml_node *n = keel_xml_first(f[R_PERIODS]); n; n = keel_xml_next(n)) {
        period p;
        if (!keel_xml_is(n, "AvailabilityPeriod"))
            continue;
        if ((st = read_period(r, n, subject, max_units, &p)) != KEEL_OK)
            goto done;
        if (!KEEL_VEC_PUSH(&ps, p)) {
            st = keel_error_nomem(r->c.err);
            goto done;
        }
    }
    /* No periods: AvailableFrom/AvailableTo with MaxUnits make one (as MPXJ). */
    if (ps.len == 0 && (f[R_FROM] || f[R_TO])) {
        period p = {KEEL_TIME_NONE, KEEL_TIME_NONE, max_units, keel_xml_line(f[R_FROM] ? f[R_FROM] : f[R_TO])};
        if ((st = keel_mspdi_get_time(&r->c, f[R_FROM], subject, &p.from)) != KEEL_OK ||
            (st = keel_mspdi_get_time(&r->c, f[R_TO], subject, &p.to)) != KEEL_OK)
            goto done;
        if (p.to != KEEL_TIME_NONE)
            p.to++;
        if ((p.from != KEEL_TIME_NONE || p.to != KEEL_TIME_NONE) && !KEEL_VEC_PUSH(&ps, p)) {
            st = keel_error_nomem(r->c.err);
            goto done;
        }
    }
    if (ps.len > 0)
        st = build_capacity(r, ps.data, (int)ps.len, subject, cap);
done:
    KEEL_VEC_FREE(&ps);
    return st;
}

static bool same_capacity(const keel_capacity *a, const keel_capacity *b)
{
    if (a->n != b->n)
        return false;
    for (int i = 0; i < a->n; i++)
        if (a->at[i] != b->at[i] || a->units[i] != b->units[i])
            return false;
    return true;
}

/* What differs between an existing resource and a new definition, or NULL. */
static const char *difference(const keel_resource *old, const keel_resource *nw, char *buf,
                              size_t size)
{
    if (old->max_units != nw->max_units) {
        snprintf(buf, size, "MaxUnits %.2f differs from %.2f in %s",
                 (double)nw->max_units / KEEL_UNITS_ONE, (double)old->max_units / KEEL_UNITS_ONE,
                 old->file);
        return buf;
    }
    if (!same_capacity(&old->capacity, &nw->capacity)) {
        snprintf(buf, size, "availability periods differ from those in %s", old->file);
        return buf;
    }
    return NULL;
}

static keel_status save_resource(reader *r, int index)
{
    struct saved_resource s = {index, r->c.b->resources.data[index]};
    return KEEL_VEC_PUSH(&r->snap.saved, s) ? KEEL_OK : keel_error_nomem(r->c.err);
}

/* A resource whose name is already known: the pool decides, otherwise the
 * definitions must agree. */
static keel_status join_resource(reader *r, int index, const keel_resource *nw, int line)
{
    mspdi_ctx *c = &r->c;
    keel_resource *old = &c->b->resources.data[index];
    char diff[600];
    const char *d = difference(old, nw, diff, sizeof diff);
    if (old->pool && !c->pool) {
        if (d && !keel_builder_warn(c->b, c->file, line,
                                    "resource '%.200s': %s; the pool's values are used",
                                    nw->name, diff))
            return keel_error_nomem(c->err);
        return KEEL_OK;
    }
    if (c->pool && !old->pool) { /* a pool read after its sharers still rules */
        keel_status st = save_resource(r, index);
        if (st != KEEL_OK)
            return st;
        if (d && !keel_builder_warn(c->b, c->file, line,
                                    "resource '%.200s': the pool replaces values of %s",
                                    nw->name, old->file))
            return keel_error_nomem(c->err);
        *old = *nw;
        return KEEL_OK;
    }
    if (d)
        return keel_mspdi_fail(c, NULL, line, "resource '%s': %s (use --pool to decide)",
                               nw->name, diff);
    return KEEL_OK;
}

static keel_status read_resource_fields(reader *r, const keel_xml_node *const *f,
                                        const char *subject, keel_resource *res)
{
    mspdi_ctx *c = &r->c;
    int64_t type = KEEL_RES_WORK, cal = -1;
    double max_units = 1.0;
    bool cost = false;
    keel_status st;
    res->can_level = true;
    if ((st = keel_mspdi_get_int(c, f[R_TYPE], subject, 0, 2, &type)) != KEEL_OK ||
        (st = keel_mspdi_get_bool(c, f[R_COST], subject, &cost)) != KEEL_OK ||
        (st = keel_mspdi_get_double(c, f[R_MAXUNITS], subject, 0, MAX_UNITS, &max_units)) !=
            KEEL_OK ||
        (st = keel_mspdi_get_bool(c, f[R_CANLEVEL], subject, &res->can_level)) != KEEL_OK ||
        (st = keel_mspdi_get_int(c, f[R_CAL], subject, INT32_MIN, INT32_MAX, &cal)) != KEEL_OK)
        return st;
    res->type = cost ? KEEL_RES_COST : (keel_resource_type)type;
    res->max_units = to_units(max_units);
    res->calendar = -1;
    if (f[R_CAL] && cal >= 0) {
        const mspdi_uid *u = keel_mspdi_uid_find(&c->cals, cal);
        if (!u)
            return keel_mspdi_fail(c, f[R_CAL], 0, "%s: calendar UID %lld does not exist",
                                   subject, (long long)cal);
        res->calendar = u->index;
    }
    return read_capacity(r, f, subject, res->max_units, &res->capacity);
}

static keel_status read_resource(reader *r, const keel_xml_node *n)
{
    mspdi_ctx *c = &r->c;
    const keel_xml_node *f[R_N];
    keel_mspdi_fields(n, res_fields, R_N, f);
    int64_t uid = 0;
    bool is_null = false;
    keel_status st;
    if (!f[R_UID])
        return keel_mspdi_fail(c, n, 0, "resource: no UID");
    if ((st = keel_mspdi_get_int(c, f[R_UID], "resource", INT32_MIN, INT32_MAX, &uid)) !=
            KEEL_OK ||
        (st = keel_mspdi_get_bool(c, f[R_ISNULL], "resource", &is_null)) != KEEL_OK)
        return st;
    mspdi_uid entry = {uid, -1, keel_xml_line(n)};
    keel_resource res;
    memset(&res, 0, sizeof res);
    res.name = keel_xml_text_dup(f[R_NAME], c->b->arena);
    res.file = keel_arena_strdup(c->b->arena, c->file);
    if (!res.name || !res.file)
        return keel_error_nomem(c->err);
    /* UID 0 is MS Project's unnamed placeholder; nameless rows are skipped. */
    if (uid != 0 && !is_null && res.name[0]) {
        char subject[300];
        snprintf(subject, sizeof subject, "resource '%.200s'", res.name);
        res.line = entry.line;
        res.pool = c->pool;
        if ((st = read_resource_fields(r, f, subject, &res)) != KEEL_OK)
            return st;
        int index = keel_builder_find_resource(c->b, res.name);
        if (index >= 0) {
            if ((st = join_resource(r, index, &res, entry.line)) != KEEL_OK)
                return st;
        } else {
            index = (int)c->b->resources.len;
            if (!KEEL_VEC_PUSH(&c->b->resources, res))
                return keel_error_nomem(c->err);
        }
        entry.index = index;
    }
    return KEEL_VEC_PUSH(&r->res, entry) ? KEEL_OK : keel_error_nomem(c->err);
}

/* Calls fn on every <item> inside every <list> under the root. */
static keel_status each_item(reader *r, const char *list, const char *item,
                             keel_status (*fn)(reader *r, const keel_xml_node *n))
{
    for (const keel_xml_node *l = keel_xml_first(r->root); l; l = keel_xml_next(l)) {
        if (!keel_xml_is(l, list))
            continue;
        for (const keel_xml_node *n = keel_xml_first(l); n; n = keel_xml_next(n)) {
            keel_status st;
            if (keel_xml_is(n, item) && (st = fn(r, n)) != KEEL_OK)
                return st;
        }
    }
    return KEEL_OK;
}

static keel_status read_resources(reader *r)
{
    keel_status st = each_item(r, "Resources", "Resource", read_resource);
    return st != KEEL_OK ? st : keel_mspdi_uid_sort(&r->c, &r->res, "resource", "UID");
}

/* ------------------------------------------------------------ assignments */

enum { A_UID, A_TASK, A_RES, A_UNITS, A_WORK, A_START, A_FINISH, A_N };
static const char *const asg_fields[A_N] = {"UID",  "TaskUID", "ResourceUID", "Units",
                                            "Work", "Start",   "Finish"};

#define NULL_RESOURCE_UID (-65535)

static keel_status read_assignment(reader *r, const keel_xml_node *n)
{
    mspdi_ctx *c = &r->c;
    const keel_xml_node *f[A_N];
    keel_mspdi_fields(n, asg_fields, A_N, f);
    int64_t uid = -1, task_uid = 0, res_uid = 0;
    double units = 1.0;
    keel_assignment a = {0};
    a.start = a.finish = KEEL_TIME_NONE;
    a.line = keel_xml_line(n);
    char subject[300] = "assignment";
    keel_status st;
    if ((st = keel_mspdi_get_int(c, f[A_UID], subject, INT32_MIN, INT32_MAX, &uid)) != KEEL_OK)
        return st;
    if (f[A_UID])
        snprintf(subject, sizeof subject, "assignment UID %lld", (long long)uid);
    if (!f[A_TASK] || !f[A_RES])
        return keel_mspdi_fail(c, n, 0, "%s: needs TaskUID and ResourceUID", subject);
    if ((st = keel_mspdi_get_int(c, f[A_TASK], subject, INT32_MIN, INT32_MAX, &task_uid)) !=
            KEEL_OK ||
        (st = keel_mspdi_get_int(c, f[A_RES], subject, INT32_MIN, INT32_MAX, &res_uid)) !=
            KEEL_OK ||
        (st = keel_mspdi_get_double(c, f[A_UNITS], subject, 0, MAX_UNITS, &units)) != KEEL_OK ||
        (st = keel_mspdi_get_duration(c, f[A_WORK], subject, false, &a.work)) != KEEL_OK ||
        (st = keel_mspdi_get_time(c, f[A_START], subject, &a.start)) != KEEL_OK ||
        (st = keel_mspdi_get_time(c, f[A_FINISH], subject, &a.finish)) != KEEL_OK)
        return st;
    if (res_uid == NULL_RESOURCE_UID) /* MS Project's "no resource" assignment */
        return KEEL_OK;
    const mspdi_uid *tu = keel_mspdi_uid_find(&r->tasks, task_uid);
    const mspdi_uid *ru = keel_mspdi_uid_find(&r->res, res_uid);
    if (!tu)
        return keel_mspdi_fail(c, f[A_TASK], 0, "%s: task UID %lld does not exist", subject,
                               (long long)task_uid);
    if (!ru)
        return keel_mspdi_fail(c, f[A_RES], 0, "%s: resource UID %lld does not exist", subject,
                               (long long)res_uid);
    if (tu->index < 0 || ru->index < 0) {
        if (!keel_mspdi_warn(c, n, "%s: task UID %lld or resource UID %lld is a placeholder; "
                             "assignment ignored", subject, (long long)task_uid,
                             (long long)res_uid))
            return keel_error_nomem(c->err);
        return KEEL_OK;
    }
    a.uid = (int32_t)uid;
    a.task = tu->index;
    a.resource = ru->index;
    a.units = to_units(units);
    const keel_task *t = &c->b->tasks.data[a.task];
    const char *rname = c->b->resources.data[a.resource].name;
    if (a.units == 0 && !keel_mspdi_warn(c, f[A_UNITS], "%s: '%.200s' on task UID %d with "
                                         "Units 0 puts no load on the resource",
                                         subject, rname, (int)t->uid))
        return keel_error_nomem(c->err);
    if (t->summary && !keel_mspdi_warn(c, n, "%s: '%.200s' is assigned to summary task UID %d "
                                       "'%.200s'", subject, rname, (int)t->uid, t->name))
        return keel_error_nomem(c->err);
    return KEEL_VEC_PUSH(&c->b->assignments, a) ? KEEL_OK : keel_error_nomem(c->err);
}

static keel_status read_assignments(reader *r)
{
    return each_item(r, "Assignments", "Assignment", read_assignment);
}

/* ------------------------------------------------------------ document */

static void take_snapshot(reader *r)
{
    keel_builder *b = r->c.b;
    r->snap.mark = keel_builder_mark_take(b);
}

static void roll_back(reader *r)
{
    keel_builder *b = r->c.b;
    for (size_t i = r->snap.saved.len; i-- > 0;)
        b->resources.data[r->snap.saved.data[i].index] = r->snap.saved.data[i].r;
    keel_builder_rollback(b, &r->snap.mark);
}

static keel_status check_root(reader *r)
{
    const keel_xml_node *root = r->root;
    if (!root)
        return keel_mspdi_fail(&r->c, NULL, 0, "no root element");
    if (!keel_xml_is(root, "Project"))
        return keel_mspdi_fail(&r->c, root, 0, "root element <%.100s> is not an MSPDI <Project>",
                               keel_xml_name(root));
    const char *ns = keel_xml_ns(root);
    if (!ns)
        return keel_mspdi_fail(&r->c, root, 0,
                               "Project: no MSPDI namespace (expected xmlns=\"" MSPDI_NS "\")");
    if (strcmp(ns, MSPDI_NS) != 0)
        return keel_mspdi_fail(&r->c, root, 0,
                               "Project: namespace '%.200s' is not the MSPDI namespace \"" MSPDI_NS
                               "\"",
                               ns);
    return KEEL_OK;
}

/* The project: StartDate, else the earliest task Start. */
static keel_status add_project(reader *r, int first_task)
{
    keel_builder *b = r->c.b;
    keel_project *p = &r->proj;
    p->first_task = first_task;
    p->ntasks = (int)b->tasks.len - first_task;
    p->priority = r->project_priority;
    p->deadline = r->project_deadline;
    for (int i = first_task; p->start == KEEL_TIME_NONE && i < (int)b->tasks.len; i++)
        if (b->tasks.data[i].start != KEEL_TIME_NONE)
            p->start = b->tasks.data[i].start;
    for (int i = first_task; i < (int)b->tasks.len; i++)
        if (b->tasks.data[i].start != KEEL_TIME_NONE && b->tasks.data[i].start < p->start)
            p->start = b->tasks.data[i].start;
    return KEEL_VEC_PUSH(&b->projects, *p) ? KEEL_OK : keel_error_nomem(r->c.err);
}

static keel_status read_document(reader *r, const keel_xml_doc *doc)
{
    keel_status st;
    r->root = keel_xml_root(doc);
    r->project_priority = 500;
    r->project_deadline = KEEL_TIME_NONE;
    if ((st = check_root(r)) != KEEL_OK ||
        (st = keel_mspdi_read_calendars(&r->c, r->root)) != KEEL_OK ||
        (st = read_header(r)) != KEEL_OK)
        return st;
    if (!r->c.pool) {
        int first = (int)r->c.b->tasks.len;
        if ((st = read_tasks(r)) != KEEL_OK || (st = read_links(r)) != KEEL_OK)
            return st;
        r->proj.first_task = first;
    }
    if ((st = read_resources(r)) != KEEL_OK)
        return st;
    if (r->c.pool)
        return KEEL_OK;
    if ((st = read_assignments(r)) != KEEL_OK)
        return st;
    return add_project(r, r->proj.first_task);
}

keel_status keel_mspdi_parse(const char *name, const char *buf, size_t len, keel_builder *b,
                             const keel_mspdi_options *opts, keel_error *err)
{
    reader r;
    memset(&r, 0, sizeof r);
    r.c.file = name;
    r.c.b = b;
    r.c.pool = opts && opts->pool;
    r.c.err = err;
    take_snapshot(&r);
    keel_xml_doc *doc = NULL;
    keel_status st = keel_xml_parse(name, buf, len, &doc, err);
    if (st == KEEL_OK)
        st = read_document(&r, doc);
    if (st != KEEL_OK)
        roll_back(&r);
    keel_xml_free(doc);
    KEEL_VEC_FREE(&r.c.cals);
    KEEL_VEC_FREE(&r.tasks);
    KEEL_VEC_FREE(&r.ids);
    KEEL_VEC_FREE(&r.res);
    KEEL_VEC_FREE(&r.links);
    KEEL_VEC_FREE(&r.snap.saved);
    return st;
}

keel_status keel_mspdi_read(const char *path, keel_builder *b, const keel_mspdi_options *opts,
                            keel_error *err)
{
    char *buf = NULL;
    size_t len = 0;
    keel_status st = keel_file_read(path, MSPDI_MAX_BYTES, &buf, &len, err);
    if (st == KEEL_OK)
        st = keel_mspdi_parse(path, buf, len, b, opts, err);
    free(buf);
    return st;
}
