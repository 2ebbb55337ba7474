/* SPDX-License-Identifier: GPL-3.0-or-later
 * The MSPDI writer's rules (see mspdi_patch.h and mspdi_write.h): which
 * child of a Task, Assignment or the Project gets which value, and where a
 * missing one goes in the element sequence. The rules see the document only
 * through keel_patch_doc, so the tree writer and the byte patcher agree.
 *
 * LevelingDelay unit, verified in MPXJ (joniles/mpxj, src/main/java/org/mpxj/
 * mspdi/): MSPDIReader.readTask reads it as
 *   Duration.convertUnits(duration / 10, TimeUnit.MINUTES,
 *                         mpx.getLevelingDelayFormat(), ...)
 * and MSPDIWriter.writeTask writes
 *   10.0 * Duration.convertUnits(..., TimeUnit.MINUTES, ...).getDuration()
 * so the value is always tenths of a minute, whatever LevelingDelayFormat
 * says; the format only picks the display unit. For elapsed formats (4, 6, 8,
 * 10, 12 and their estimated +32 forms) those are elapsed minutes (MPXJ's
 * Duration.convertUnits: ELAPSED_DAYS = 60 * 24 minutes); for working formats
 * they are working minutes. keel writes format 8 (elapsed days, MS Project's
 * default) with elapsed minutes, and for a task whose input has a working
 * format it keeps that format and writes working minutes on the task's
 * calendar. See docs/mspdi.md §11-§12.
 */
#include "write/mspdi_patch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "base/timefmt.h"
#include "read/xml_util.h"

/* Task children in sequence order: the pj12 xsd's sequence merged with the
 * newer elements of MPXJ's schema (GUID, Active, Manual, DisplayAsSummary,
 * StartSlack, FinishSlack, *Text, Manual*), which keep the pj12 order. */
static const char *const TASK_ORDER[] = {
    "UID", "GUID", "ID", "Name", "Active", "Manual", "Type", "IsNull", "CreateDate",
    "Contact", "WBS", "WBSLevel", "OutlineNumber", "OutlineLevel", "Priority", "Start",
    "Finish", "Duration", "DurationFormat", "Work", "Stop", "Resume", "ResumeValid",
    "EffortDriven", "Recurring", "OverAllocated", "Estimated", "Milestone", "Summary",
    "DisplayAsSummary", "Critical", "IsSubproject", "IsSubprojectReadOnly", "SubprojectName",
    "ExternalTask", "ExternalTaskProject", "EarlyStart", "EarlyFinish", "LateStart",
    "LateFinish", "StartVariance", "FinishVariance", "WorkVariance", "FreeSlack", "TotalSlack",
    "StartSlack", "FinishSlack", "FixedCost", "FixedCostAccrual", "PercentComplete",
    "PercentWorkComplete", "Cost", "OvertimeCost", "OvertimeWork", "ActualStart",
    "ActualFinish", "ActualDuration", "ActualCost", "ActualOvertimeCost", "ActualWork",
    "ActualOvertimeWork", "RegularWork", "RemainingDuration", "RemainingCost",
    "RemainingWork", "RemainingOvertimeCost", "RemainingOvertimeWork", "ACWP", "CV",
    "ConstraintType", "CalendarUID", "ConstraintDate", "Deadline", "LevelAssignments",
    "LevelingCanSplit", "LevelingDelay", "LevelingDelayFormat", "PreLeveledStart",
    "PreLeveledFinish", "Hyperlink", "HyperlinkAddress", "HyperlinkSubAddress",
    "IgnoreResourceCalendar", "Notes", "HideBar", "Rollup", "BCWS", "BCWP",
    "PhysicalPercentComplete", "EarnedValueMethod", "PredecessorLink", "ActualWorkProtected",
    "ActualOvertimeWorkProtected", "ExtendedAttribute", "Baseline", "OutlineCode",
    "IsPublished", "StatusManager", "CommitmentStart", "CommitmentFinish", "CommitmentType",
    "StartText", "FinishText", "DurationText", "ManualStart", "ManualFinish",
    "ManualDuration", "TimephasedData", "Project", NULL};

/* Assignment children in sequence order (pj12 + MPXJ: GUID, RateScale); the
 * f404xxx extended fields come between Baseline and TimephasedData and are
 * stepped over as unknown. */
static const char *const ASSIGNMENT_ORDER[] = {
    "UID", "GUID", "TaskUID", "ResourceUID", "PercentWorkComplete", "ActualCost",
    "ActualFinish", "ActualOvertimeCost", "ActualOvertimeWork", "ActualStart", "ActualWork",
    "ACWP", "Confirmed", "Cost", "CostRateTable", "CostVariance", "CV", "Delay", "Finish",
    "FinishVariance", "Hyperlink", "HyperlinkAddress", "HyperlinkSubAddress", "WorkVariance",
    "HasFixedRateUnits", "FixedMaterial", "LevelingDelay", "LevelingDelayFormat",
    "LinkedFields", "Milestone", "Notes", "Overallocated", "OvertimeCost", "OvertimeWork",
    "PeakUnits", "RateScale", "RegularWork", "RemainingCost", "RemainingOvertimeCost",
    "RemainingOvertimeWork", "RemainingWork", "ResponsePending", "Start", "Stop", "Resume",
    "StartVariance", "Summary", "SV", "Units", "UpdateNeeded", "VAC", "Work", "WorkContour",
    "BCWS", "BCWP", "BookingType", "ActualWorkProtected", "ActualOvertimeWorkProtected",
    "CreationDate", "AssnOwner", "AssnOwnerGuid", "BudgetCost", "BudgetWork",
    "ExtendedAttribute", "Baseline", "TimephasedData", NULL};

/* Project header children around FinishDate (a new FinishDate goes right
 * after StartDate / ScheduleFromStart, before anything later). */
static const char *const PROJECT_ORDER[] = {
    "SaveVersion", "UID", "Name", "GUID", "Title", "Subject", "Category", "Company", "Manager",
    "Author", "CreationDate", "Revision", "LastSaved", "ScheduleFromStart", "StartDate",
    "FinishDate", NULL};

#define ELAPSED_DAYS_FORMAT 8
/* Room for a field's text; a longer one is read from the heap. */
#define TEXT_MAX 128

static const char *const FIELD_NAMES[KEEL_F_COUNT] = {
    "UID",        "TaskUID",         "Start",         "Finish",          "Duration",
    "EarlyStart", "EarlyFinish",     "LateStart",     "LateFinish",      "FreeSlack",
    "TotalSlack", "StartSlack",      "FinishSlack",   "LevelingDelay",   "LevelingDelayFormat",
    "PreLeveledStart", "PreLeveledFinish", "ActualStart", "StartDate",   "FinishDate"};

const char *keel_field_name(keel_field f)
{
    return f >= 0 && f < KEEL_F_COUNT ? FIELD_NAMES[f] : "";
}

const char *const *keel_mspdi_order(keel_parent_kind kind)
{
    return kind == KEEL_PARENT_TASK         ? TASK_ORDER
           : kind == KEEL_PARENT_ASSIGNMENT ? ASSIGNMENT_ORDER
                                            : PROJECT_ORDER;
}

int keel_mspdi_order_rank(keel_parent_kind kind, const char *name)
{
    const char *const *order = keel_mspdi_order(kind);
    for (int i = 0; order[i]; i++)
        if (strcmp(order[i], name) == 0)
            return i;
    return -1;
}

static bool has(const keel_patch_doc *d, void *node, keel_field f)
{
    return d->text(d->doc, node, f, NULL, 0) >= 0;
}

/* The text of child f as the reader sees it, white space around it left
 * out: in small (TEXT_MAX bytes) when it fits, else on the heap (the caller
 * frees *s when it is not small). 1 when read, 0 when absent, -1 when out of
 * memory. */
static int field_text(const keel_patch_doc *d, void *node, keel_field f, char *small, char **s)
{
    *s = small;
    int64_t n = d->text(d->doc, node, f, small, TEXT_MAX);
    if (n < 0)
        return 0;
    if (n >= TEXT_MAX) { /* white space around a value can make it long */
        if (!(*s = malloc((size_t)n + 1)))
            return -1;
        d->text(d->doc, node, f, *s, (size_t)n + 1);
    }
    char *a = *s, *b = a + strlen(a);
    while (*a == ' ' || *a == '\t' || *a == '\r' || *a == '\n')
        a++;
    while (b > a && (b[-1] == ' ' || b[-1] == '\t' || b[-1] == '\r' || b[-1] == '\n'))
        b--;
    memmove(*s, a, (size_t)(b - a));
    (*s)[b - a] = '\0';
    return 1;
}

/* Child f's text read by parse, the reader's rule for such a field
 * (keel_xml_parse_whole for integers, so a UID the reader took finds its
 * task here too; keel_parse_datetime for dates): 1 when read, 0 when absent
 * or not of that kind, -1 when out of memory. */
static int read_value(const keel_patch_doc *d, void *node, keel_field f,
                      bool (*parse)(const char *s, int64_t *out), int64_t *out)
{
    char small[TEXT_MAX], *s;
    int got = field_text(d, node, f, small, &s);
    if (got > 0)
        got = parse(s, out);
    if (s != small)
        free(s);
    return got;
}

static int read_int(const keel_patch_doc *d, void *node, keel_field f, int64_t *out)
{
    return read_value(d, node, f, keel_xml_parse_whole, out);
}

static int read_date(const keel_patch_doc *d, void *node, keel_field f, keel_time *out)
{
    return read_value(d, node, f, keel_parse_datetime, out);
}

static bool set_date(const keel_patch_doc *d, void *node, keel_parent_kind kind, keel_field f,
                     keel_time t, bool insert)
{
    if (t == KEEL_TIME_NONE)
        return true;
    char buf[32];
    return d->set(d->doc, node, kind, f, keel_format_datetime(t, buf, sizeof buf), insert);
}

static bool set_int(const keel_patch_doc *d, void *node, keel_parent_kind kind, keel_field f,
                    int64_t v, bool insert)
{
    char buf[32], *s = buf + sizeof buf - 1; /* by hand: printf was a tenth of the writer */
    uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    *s = '\0';
    do
        *--s = (char)('0' + u % 10);
    while (u /= 10);
    if (v < 0)
        *--s = '-';
    return d->set(d->doc, node, kind, f, s, insert);
}

static bool elapsed_format(int64_t f)
{
    int64_t b = f > 32 ? f - 32 : f;
    return b == 4 || b == 6 || b == 8 || b == 10 || b == 12;
}

static bool working_format(int64_t f)
{
    int64_t b = f > 32 ? f - 32 : f;
    return b == 3 || b == 5 || b == 7 || b == 9 || b == 11;
}

#define TASK KEEL_PARENT_TASK

static bool write_delay(const keel_patch_doc *d, void *task, const keel_leveled_task *x)
{
    int64_t fmt = ELAPSED_DAYS_FORMAT;
    int got = read_int(d, task, KEEL_F_LEVELING_DELAY_FORMAT, &fmt);
    if (got < 0)
        return false;
    if (!got || (!elapsed_format(fmt) && !working_format(fmt)))
        fmt = ELAPSED_DAYS_FORMAT;
    int64_t minutes = elapsed_format(fmt) ? x->delay : x->delay_work;
    return set_int(d, task, TASK, KEEL_F_LEVELING_DELAY, minutes * 10, true) &&
           set_int(d, task, TASK, KEEL_F_LEVELING_DELAY_FORMAT, fmt, true);
}

static bool has_cpm_fields(const keel_patch_doc *d, void *task)
{
    for (keel_field f = KEEL_F_EARLY_START; f <= KEEL_F_FINISH_SLACK; f++)
        if (has(d, task, f))
            return true;
    return false;
}

static bool write_cpm(const keel_patch_doc *d, void *task, const keel_leveled_task *x)
{
    if (!has_cpm_fields(d, task))
        return true;
    /* StartSlack/FinishSlack are not in the pj12 schema: updated, never added. */
    return set_date(d, task, TASK, KEEL_F_EARLY_START, x->es, true) &&
           set_date(d, task, TASK, KEEL_F_EARLY_FINISH, x->ef, true) &&
           set_date(d, task, TASK, KEEL_F_LATE_START, x->ls, true) &&
           set_date(d, task, TASK, KEEL_F_LATE_FINISH, x->lf, true) &&
           set_int(d, task, TASK, KEEL_F_FREE_SLACK, x->free_slack * 10, true) &&
           set_int(d, task, TASK, KEEL_F_TOTAL_SLACK, x->total_slack * 10, true) &&
           set_int(d, task, TASK, KEEL_F_START_SLACK, x->start_slack * 10, false) &&
           set_int(d, task, TASK, KEEL_F_FINISH_SLACK, x->finish_slack * 10, false);
}

/* summary: a summary task or task 0, whose Duration follows its span. */
static bool write_task(const keel_patcher *w, const keel_patch_doc *d, void *task,
                       const keel_leveled_task *x, bool summary)
{
    if (!x->dated)
        return true;
    if (!set_date(d, task, TASK, KEEL_F_START, x->start, true) ||
        !set_date(d, task, TASK, KEEL_F_FINISH, x->finish, true))
        return false;
    if (summary && has(d, task, KEEL_F_DURATION)) {
        const keel_project *pr = &w->p->projects[w->project];
        int64_t dur = keel_calendar_work_between(&w->p->calendars[pr->calendar], x->start,
                                                 x->finish);
        char buf[48];
        if (!d->set(d->doc, task, TASK, KEEL_F_DURATION,
                    keel_format_duration(dur, buf, sizeof buf), false))
            return false;
    }
    if (!write_cpm(d, task, x))
        return false;
    if (summary) { /* summaries are never delayed themselves */
        if (has(d, task, KEEL_F_LEVELING_DELAY) &&
            !set_int(d, task, TASK, KEEL_F_LEVELING_DELAY, 0, false))
            return false;
    } else if (!write_delay(d, task, x)) {
        return false;
    }
    if (w->have_before && x->pre_start != KEEL_TIME_NONE &&
        (!set_date(d, task, TASK, KEEL_F_PRE_LEVELED_START, x->pre_start, true) ||
         !set_date(d, task, TASK, KEEL_F_PRE_LEVELED_FINISH, x->pre_finish, true)))
        return false;
    return true;
}

/* The portfolio task with this UID in the patcher's project, or -1. */
static int find_task(const keel_patcher *w, int64_t uid)
{
    const keel_project *pr = &w->p->projects[w->project];
    int lo = 0, hi = pr->ntasks - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        if (w->uids[mid] == uid)
            return w->index[mid];
        if (w->uids[mid] < uid)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return -1;
}

bool keel_patch_task(const keel_patcher *w, const keel_patch_doc *d, void *task)
{
    int64_t uid;
    int got = read_int(d, task, KEEL_F_UID, &uid);
    if (got <= 0)
        return got == 0;
    int t = find_task(w, uid);
    if (t >= 0)
        return write_task(w, d, task, &w->lv->task[t], w->p->tasks[t].summary);
    if (uid == 0) /* the project summary task */
        return write_task(w, d, task, &w->lv->project[w->project], true);
    return true;
}

/* An assignment's dates follow its task: when the task moved, the assignment
 * keeps its working-time offset from the task's start and its own working
 * span (an assignment may start later, with a Delay, and end earlier than its
 * task), inside the task's new dates. An assignment that has started keeps its
 * ActualStart; one whose task did not move is left as it was. Without dates
 * of its own it takes the task's. Returns 1 with the new dates, 0 when
 * nothing is to change, -1 when out of memory. */
static int assignment_dates(const keel_patcher *w, const keel_patch_doc *d, void *n, int t,
                            keel_time *start, keel_time *finish)
{
    const keel_task *task = &w->p->tasks[t];
    const keel_leveled_task *x = &w->lv->task[t];
    keel_time as, af, actual;
    int has_start = read_date(d, n, KEEL_F_START, &as);
    int has_finish = read_date(d, n, KEEL_F_FINISH, &af);
    int started = read_date(d, n, KEEL_F_ACTUAL_START, &actual);
    if (has_start < 0 || has_finish < 0 || started < 0)
        return -1;
    bool dated = has_start && has_finish && af >= as && task->start != KEEL_TIME_NONE;
    if (dated && x->start == task->start && x->finish == task->finish)
        return 0;
    *start = x->start;
    *finish = x->finish;
    if (dated) {
        const keel_calendar *cal = keel_task_cal(w->p, t);
        int64_t offset = keel_calendar_work_between(cal, task->start, as);
        int64_t span = keel_calendar_work_between(cal, as, af);
        if (offset > 0)
            *start = keel_calendar_next_work(cal, keel_calendar_add_work(cal, x->start, offset));
        *finish = keel_calendar_add_work(cal, *start, span);
    }
    if (started)
        *start = actual;
    *start = *start < x->start && !started ? x->start : *start;
    *finish = *finish > x->finish ? x->finish : *finish;
    *finish = *finish < *start ? *start : *finish;
    return 1;
}

bool keel_patch_assignment(const keel_patcher *w, const keel_patch_doc *d, void *asg)
{
    const keel_parent_kind k = KEEL_PARENT_ASSIGNMENT;
    int64_t uid;
    int got = read_int(d, asg, KEEL_F_TASK_UID, &uid);
    if (got <= 0)
        return got == 0;
    int t = find_task(w, uid);
    if (t < 0 || !w->lv->task[t].dated)
        return true;
    keel_time start, finish;
    int change = assignment_dates(w, d, asg, t, &start, &finish);
    if (change < 0 || (change > 0 && (!set_date(d, asg, k, KEEL_F_START, start, true) ||
                                      !set_date(d, asg, k, KEEL_F_FINISH, finish, true))))
        return false;
    if (has(d, asg, KEEL_F_LEVELING_DELAY) &&
        !set_int(d, asg, k, KEEL_F_LEVELING_DELAY, 0, false))
        return false;
    return true;
}

bool keel_patch_project(const keel_patcher *w, const keel_patch_doc *d, void *root)
{
    const keel_leveled_task *x = &w->lv->project[w->project];
    if (!x->dated)
        return true;
    return set_date(d, root, KEEL_PARENT_PROJECT, KEEL_F_FINISH_DATE, x->finish,
                    has(d, root, KEEL_F_START_DATE));
}

static int cmp_pair(const void *a, const void *b)
{
    const int64_t *x = a, *y = b;
    return (x[0] > y[0]) - (x[0] < y[0]);
}

keel_status keel_patcher_init(keel_patcher *w, const keel_portfolio *p, int project,
                              const keel_leveled *lv, bool have_before, keel_error *err)
{
    *w = (keel_patcher){.p = p, .project = project, .lv = lv, .have_before = have_before};
    const keel_project *pr = &p->projects[project];
    size_t n = (size_t)pr->ntasks;
    int64_t *pairs = malloc((n + 1) * 2 * sizeof *pairs);
    w->uids = malloc((n + 1) * sizeof *w->uids);
    w->index = malloc((n + 1) * sizeof *w->index);
    if (!pairs || !w->uids || !w->index) {
        free(pairs);
        return keel_error_nomem(err);
    }
    for (size_t i = 0; i < n; i++) {
        pairs[2 * i] = p->tasks[pr->first_task + (int)i].uid;
        pairs[2 * i + 1] = pr->first_task + (int)i;
    }
    qsort(pairs, n, 2 * sizeof *pairs, cmp_pair);
    for (size_t i = 0; i < n; i++) {
        w->uids[i] = (int32_t)pairs[2 * i];
        w->index[i] = (int)pairs[2 * i + 1];
    }
    free(pairs);
    return KEEL_OK;
}

void keel_patcher_free(keel_patcher *w)
{
    free(w->uids);
    free(w->index);
    w->uids = NULL;
    w->index = NULL;
}
