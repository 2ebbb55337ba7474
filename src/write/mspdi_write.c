/* SPDX-License-Identifier: GPL-3.0-or-later
 * The MSPDI writer (see mspdi_write.h): parse the bytes the project was read
 * from, patch the fields keel computes, keep every other node verbatim and in
 * place, serialize to memory for an output set. An element that is missing is inserted where the MSPDI
 * element sequence puts it: before the first existing sibling that comes
 * later in the sequence (unknown siblings are stepped over), indented like
 * its siblings.
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
#include "write/mspdi_write.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "analysis/leveled.h"
#include "base/error.h"
#include "base/timefmt.h"
#include "write/mspdi_write_io.h"
#include "write/output.h"

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
#define ORDER_MAX 160

/* A sequence order with its names as the document's interned strings.
 * libxml2 interns every element name of a parsed document (and of the nodes
 * xmlNewDocNode makes) in the document's dictionary, so a name compares as
 * one pointer. At 100,000 tasks, comparing each child's name with strcmp
 * against the sequence was most of the writer's time. */
typedef struct field_order {
    const char *const *names;
    const xmlChar *key[ORDER_MAX];
    int n;
} field_order;

typedef struct writer {
    const keel_portfolio *p;
    int project;
    const keel_leveled *lv;
    bool have_before;
    xmlDocPtr doc;
    int32_t *uids;  /* the project's task UIDs, sorted, paired with index */
    int *index;
    field_order task_order, assignment_order, project_order;
} writer;

static bool is_element(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

/* The first child element called name. With a dictionary the name is looked
 * up once (absent from it: no element has that name) and children compare by
 * pointer. */
static xmlNode *child(xmlNode *n, const char *name)
{
    if (!n)
        return NULL;
    xmlDictPtr dict = n->doc ? n->doc->dict : NULL;
    if (!dict) {
        for (xmlNode *c = n->children; c; c = c->next)
            if (is_element(c, name))
                return c;
        return NULL;
    }
    const xmlChar *key = xmlDictExists(dict, (const xmlChar *)name, -1);
    for (xmlNode *c = key ? n->children : NULL; c; c = c->next)
        if (c->name == key && c->type == XML_ELEMENT_NODE)
            return c;
    return NULL;
}

/* Interns the order's names in doc's dictionary (false when out of memory). */
static bool order_init(field_order *fo, const char *const *names, xmlDocPtr doc)
{
    fo->names = names;
    fo->n = 0;
    for (; names[fo->n] && fo->n < ORDER_MAX; fo->n++) {
        fo->key[fo->n] = doc->dict ? xmlDictLookup(doc->dict, (const xmlChar *)names[fo->n], -1)
                                   : (const xmlChar *)names[fo->n];
        if (!fo->key[fo->n])
            return false;
    }
    return true;
}

/* Rank of an element name of the order's document in the order, or -1. */
static int order_rank(const field_order *fo, const xmlDoc *doc, const xmlChar *name)
{
    for (int i = 0; i < fo->n; i++)
        if (doc->dict ? fo->key[i] == name : strcmp((const char *)fo->key[i], (const char *)name) == 0)
            return i;
    return -1;
}

static int rank(const char *const *order, const char *name)
{
    for (int i = 0; order[i]; i++)
        if (strcmp(order[i], name) == 0)
            return i;
    return -1;
}

int keel_mspdi_task_rank(const char *name)
{
    return rank(TASK_ORDER, name);
}

int keel_mspdi_assignment_rank(const char *name)
{
    return rank(ASSIGNMENT_ORDER, name);
}

static bool is_blank_text(const xmlNode *n)
{
    if (!n || n->type != XML_TEXT_NODE || !n->content)
        return false;
    for (const xmlChar *s = n->content; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return false;
    return true;
}

/* Inserts a new <name>value</name> into parent at its sequence position and
 * copies the indentation of its neighbours. Returns false when out of memory. */
static bool insert_child(xmlNode *parent, const field_order *order, const char *name,
                         const char *value)
{
    int r = rank(order->names, name);
    xmlNode *later = NULL, *last = NULL;
    for (xmlNode *c = parent->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        int cr = later ? -1 : order_rank(order, parent->doc, c->name);
        if (cr > r && !later)
            later = c;
        last = c;
    }
    xmlNode *e = xmlNewDocNode(parent->doc, parent->ns, (const xmlChar *)name, NULL);
    if (!e)
        return false;
    xmlNode *text = xmlNewDocText(parent->doc, (const xmlChar *)value);
    if (!text) {
        xmlFreeNode(e);
        return false;
    }
    xmlAddChild(e, text);
    /* The blank text before a sibling element is the indentation to copy. */
    xmlNode *anchor = later ? later : last;
    xmlNode *ws = NULL;
    if (anchor && is_blank_text(anchor->prev)) {
        ws = xmlNewDocText(parent->doc, anchor->prev->content);
        if (!ws) {
            xmlFreeNode(e);
            return false;
        }
    }
    if (later) { /* <ws-before-later> e ws later */
        xmlAddPrevSibling(later, e);
        if (ws)
            xmlAddPrevSibling(later, ws);
    } else if (last) { /* last ws e <closing blank> */
        xmlNode *at = xmlAddNextSibling(last, ws ? ws : e);
        if (ws)
            xmlAddNextSibling(at, e);
    } else {
        xmlAddChild(parent, e);
    }
    return true;
}

/* Sets the text of parent's first <name> child to value (left alone when it
 * already reads so), or inserts one when insert is true. */
static bool set_field(xmlNode *parent, const field_order *order, const char *name,
                      const char *value, bool insert)
{
    xmlNode *c = child(parent, name);
    if (!c)
        return insert ? insert_child(parent, order, name, value) : true;
    xmlChar *old = xmlNodeGetContent(c);
    bool same = old && strcmp((const char *)old, value) == 0;
    xmlFree(old);
    if (same)
        return true;
    xmlNodeSetContent(c, NULL);
    xmlNode *text = xmlNewDocText(parent->doc, (const xmlChar *)value);
    if (!text)
        return false;
    xmlAddChild(c, text);
    return true;
}

static bool set_date(xmlNode *parent, const field_order *order, const char *name, keel_time t,
                     bool insert)
{
    if (t == KEEL_TIME_NONE)
        return true;
    char buf[32];
    return set_field(parent, order, name, keel_format_datetime(t, buf, sizeof buf), insert);
}

static bool set_int(xmlNode *parent, const field_order *order, const char *name, int64_t v,
                    bool insert)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%" PRId64, v);
    return set_field(parent, order, name, buf, insert);
}

/* Integer text of an element (false when absent or not an integer). */
static bool read_int(xmlNode *n, int64_t *out)
{
    if (!n)
        return false;
    xmlChar *s = xmlNodeGetContent(n);
    if (!s)
        return false;
    char *end;
    long long v = strtoll((const char *)s, &end, 10);
    while (*end == ' ' || *end == '\t' || *end == '\n' || *end == '\r')
        end++;
    bool ok = end != (char *)s && *end == '\0';
    xmlFree(s);
    *out = v;
    return ok;
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

static bool write_delay(xmlNode *task, const field_order *o, const keel_leveled_task *x)
{
    int64_t fmt = ELAPSED_DAYS_FORMAT;
    if (!read_int(child(task, "LevelingDelayFormat"), &fmt) ||
        (!elapsed_format(fmt) && !working_format(fmt)))
        fmt = ELAPSED_DAYS_FORMAT;
    int64_t minutes = elapsed_format(fmt) ? x->delay : x->delay_work;
    return set_int(task, o, "LevelingDelay", minutes * 10, true) &&
           set_int(task, o, "LevelingDelayFormat", fmt, true);
}

static bool has_cpm_fields(xmlNode *task)
{
    static const char *const names[] = {"EarlyStart", "EarlyFinish", "LateStart",
                                        "LateFinish", "FreeSlack",   "TotalSlack",
                                        "StartSlack", "FinishSlack"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (child(task, names[i]))
            return true;
    return false;
}

static bool write_cpm(xmlNode *task, const field_order *o, const keel_leveled_task *x)
{
    if (!has_cpm_fields(task))
        return true;
    /* StartSlack/FinishSlack are not in the pj12 schema: updated, never added. */
    return set_date(task, o, "EarlyStart", x->es, true) &&
           set_date(task, o, "EarlyFinish", x->ef, true) &&
           set_date(task, o, "LateStart", x->ls, true) &&
           set_date(task, o, "LateFinish", x->lf, true) &&
           set_int(task, o, "FreeSlack", x->free_slack * 10, true) &&
           set_int(task, o, "TotalSlack", x->total_slack * 10, true) &&
           set_int(task, o, "StartSlack", x->start_slack * 10, false) &&
           set_int(task, o, "FinishSlack", x->finish_slack * 10, false);
}

/* summary: a summary task or task 0, whose Duration follows its span. */
static bool write_task(writer *w, xmlNode *task, const keel_leveled_task *x, bool summary)
{
    const field_order *o = &w->task_order;
    if (!x->dated)
        return true;
    if (!set_date(task, o, "Start", x->start, true) ||
        !set_date(task, o, "Finish", x->finish, true))
        return false;
    if (summary && child(task, "Duration")) {
        const keel_project *pr = &w->p->projects[w->project];
        int64_t d = keel_calendar_work_between(&w->p->calendars[pr->calendar], x->start,
                                               x->finish);
        char buf[48];
        if (!set_field(task, o, "Duration", keel_format_duration(d, buf, sizeof buf), false))
            return false;
    }
    if (!write_cpm(task, o, x))
        return false;
    if (summary) { /* summaries are never delayed themselves */
        if (child(task, "LevelingDelay") && !set_int(task, o, "LevelingDelay", 0, false))
            return false;
    } else if (!write_delay(task, o, x)) {
        return false;
    }
    if (w->have_before && x->pre_start != KEEL_TIME_NONE &&
        (!set_date(task, o, "PreLeveledStart", x->pre_start, true) ||
         !set_date(task, o, "PreLeveledFinish", x->pre_finish, true)))
        return false;
    return true;
}

/* The portfolio task with this UID in the writer's project, or -1. */
static int find_task(const writer *w, int64_t uid)
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

static const keel_leveled_task *task_dates(const writer *w, xmlNode *n, bool *summary)
{
    int64_t uid;
    if (!read_int(child(n, "UID"), &uid))
        return NULL;
    int t = find_task(w, uid);
    if (t >= 0) {
        *summary = w->p->tasks[t].summary;
        return &w->lv->task[t];
    }
    if (uid == 0) { /* the project summary task */
        *summary = true;
        return &w->lv->project[w->project];
    }
    return NULL;
}

static bool patch_tasks(writer *w, xmlNode *root)
{
    for (xmlNode *n = child(child(root, "Tasks"), "Task"); n; n = n->next) {
        if (!is_element(n, "Task"))
            continue;
        bool summary = false;
        const keel_leveled_task *x = task_dates(w, n, &summary);
        if (x && !write_task(w, n, x, summary))
            return false;
    }
    return true;
}

/* The date text of element n (false when absent or not a date). */
static bool read_date(xmlNode *n, keel_time *out)
{
    xmlChar *s = n ? xmlNodeGetContent(n) : NULL;
    bool ok = s && keel_parse_datetime((const char *)s, out);
    xmlFree(s);
    return ok;
}

/* An assignment's dates follow its task: when the task moved, the assignment
 * keeps its working-time offset from the task's start and its own working
 * span (an assignment may start later, with a Delay, and end earlier than its
 * task), inside the task's new dates. An assignment that has started keeps its
 * ActualStart; one whose task did not move is left as it was. Without dates
 * of its own it takes the task's. Returns false when nothing is to change. */
static bool assignment_dates(const writer *w, xmlNode *n, int t, keel_time *start,
                             keel_time *finish)
{
    const keel_task *task = &w->p->tasks[t];
    const keel_leveled_task *x = &w->lv->task[t];
    keel_time as, af, actual;
    bool dated = read_date(child(n, "Start"), &as) && read_date(child(n, "Finish"), &af) &&
                 af >= as && task->start != KEEL_TIME_NONE;
    bool started = read_date(child(n, "ActualStart"), &actual);
    if (dated && x->start == task->start && x->finish == task->finish)
        return false;
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
    return true;
}

static bool patch_assignments(writer *w, xmlNode *root)
{
    const field_order *o = &w->assignment_order;
    for (xmlNode *n = child(child(root, "Assignments"), "Assignment"); n; n = n->next) {
        if (!is_element(n, "Assignment"))
            continue;
        int64_t uid;
        if (!read_int(child(n, "TaskUID"), &uid))
            continue;
        int t = find_task(w, uid);
        if (t < 0 || !w->lv->task[t].dated)
            continue;
        keel_time start, finish;
        if (assignment_dates(w, n, t, &start, &finish) &&
            (!set_date(n, o, "Start", start, true) || !set_date(n, o, "Finish", finish, true)))
            return false;
        if (child(n, "LevelingDelay") && !set_int(n, o, "LevelingDelay", 0, false))
            return false;
    }
    return true;
}

static bool patch_project(writer *w, xmlNode *root)
{
    const keel_leveled_task *x = &w->lv->project[w->project];
    if (!x->dated)
        return true;
    return set_date(root, &w->project_order, "FinishDate", x->finish, child(root, "StartDate"));
}

static int cmp_pair(const void *a, const void *b)
{
    const int64_t *x = a, *y = b;
    return (x[0] > y[0]) - (x[0] < y[0]);
}

/* Sorted UID -> task index map of the writer's project. */
static bool build_uid_map(writer *w)
{
    const keel_project *pr = &w->p->projects[w->project];
    size_t n = (size_t)pr->ntasks;
    int64_t *pairs = malloc((n + 1) * 2 * sizeof *pairs);
    w->uids = malloc((n + 1) * sizeof *w->uids);
    w->index = malloc((n + 1) * sizeof *w->index);
    if (!pairs || !w->uids || !w->index) {
        free(pairs);
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        pairs[2 * i] = w->p->tasks[pr->first_task + (int)i].uid;
        pairs[2 * i + 1] = pr->first_task + (int)i;
    }
    qsort(pairs, n, 2 * sizeof *pairs, cmp_pair);
    for (size_t i = 0; i < n; i++) {
        w->uids[i] = (int32_t)pairs[2 * i];
        w->index[i] = (int)pairs[2 * i + 1];
    }
    free(pairs);
    return true;
}

static keel_status check_args(const keel_portfolio *p, int project, keel_error *err)
{
    if (!p || project < 0 || project >= p->nprojects)
        return keel_error_set(err, KEEL_ERR_INVALID, NULL, 0, "mspdi write: bad project index");
    if (p->research || !p->projects[project].file || !p->projects[project].source)
        return keel_error_set(err, KEEL_ERR_INVALID, NULL, 0,
                              "project %d '%s' was not read from an MSPDI file", project,
                              p->projects[project].name);
    return KEEL_OK;
}

static keel_status patch(writer *w, const char *in, keel_error *err)
{
    xmlNode *root = xmlDocGetRootElement(w->doc);
    if (!is_element(root, "Project"))
        return keel_error_set(err, KEEL_ERR_PARSE, in, root ? xmlGetLineNo(root) : 0,
                              "not an MSPDI file: the root element is not <Project>");
    if (!order_init(&w->task_order, TASK_ORDER, w->doc) ||
        !order_init(&w->assignment_order, ASSIGNMENT_ORDER, w->doc) ||
        !order_init(&w->project_order, PROJECT_ORDER, w->doc) || !build_uid_map(w) ||
        !patch_project(w, root) || !patch_tasks(w, root) ||
        !patch_assignments(w, root))
        return keel_error_nomem(err);
    return KEEL_OK;
}

keel_status keel_mspdi_render_leveled(const keel_portfolio *p, int project,
                                      const keel_leveled *lv, bool have_before, char **out,
                                      size_t *len, keel_error *err)
{
    writer w = {.p = p, .project = project, .lv = lv, .have_before = have_before};
    *out = NULL;
    *len = 0;
    keel_status st = check_args(p, project, err);
    if (st != KEEL_OK)
        return st;
    if (!lv || lv->ntasks != p->ntasks || lv->nprojects != p->nprojects)
        return keel_error_set(err, KEEL_ERR_INVALID, NULL, 0,
                              "leveled dates do not match the portfolio (%d tasks)",
                              p->ntasks);
    const keel_project *pr = &p->projects[project];
    st = keel_mspdi_write_parse(pr->file, pr->source, pr->source_len, &w.doc, err);
    if (st == KEEL_OK)
        st = patch(&w, pr->file, err);
    if (st == KEEL_OK)
        st = keel_mspdi_write_serialize(w.doc, pr->file, out, len, err);
    if (w.doc)
        xmlFreeDoc(w.doc);
    free(w.uids);
    free(w.index);
    return st;
}

keel_status keel_mspdi_render(const keel_portfolio *p, int project, const keel_schedule *leveled,
                              const keel_schedule *before, char **out, size_t *len,
                              keel_error *err)
{
    keel_leveled *lv = NULL;
    *out = NULL;
    *len = 0;
    keel_status st = check_args(p, project, err);
    if (st == KEEL_OK)
        st = keel_leveled_compute(p, leveled, before, &lv, err);
    if (st == KEEL_OK)
        st = keel_mspdi_render_leveled(p, project, lv, before != NULL, out, len, err);
    keel_leveled_free(lv);
    return st;
}

/* dir part of path ("." when none), malloc'd; NULL when out of memory. */
static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return strdup(".");
    size_t n = slash == path ? 1 : (size_t)(slash - path);
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, path, n);
        d[n] = '\0';
    }
    return d;
}

keel_status keel_mspdi_write(const keel_portfolio *p, int project, const keel_schedule *leveled,
                             const keel_schedule *before, const char *out_path,
                             keel_error *err)
{
    if (!out_path || !*out_path || out_path[strlen(out_path) - 1] == '/')
        return keel_error_set(err, KEEL_ERR_INVALID, NULL, 0, "mspdi write: bad output path");
    keel_status st = check_args(p, project, err);
    if (st != KEEL_OK)
        return st;
    char *dir = dir_of(out_path), *text = NULL;
    size_t len = 0;
    keel_output *o = NULL;
    const char *name = strrchr(out_path, '/') ? strrchr(out_path, '/') + 1 : out_path;
    const char *in = p->projects[project].file;
    st = dir ? keel_output_open(dir, false, &o, err) : keel_error_nomem(err);
    if (st == KEEL_OK)
        st = keel_output_protect(o, in, err);
    if (st == KEEL_OK)
        st = keel_output_add(o, name, (int64_t)p->projects[project].source_len, in, err);
    if (st == KEEL_OK)
        st = keel_mspdi_render(p, project, leveled, before, &text, &len, err);
    if (st == KEEL_OK)
        st = keel_output_put(o, name, text, len, err);
    if (st == KEEL_OK)
        st = keel_output_commit(o, err);
    keel_output_free(o);
    free(text);
    free(dir);
    return st;
}
