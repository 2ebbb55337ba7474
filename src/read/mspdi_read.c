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
 * The families of elements live in their own files: calendars
 * (mspdi_calendar.c), tasks (mspdi_tasks.c), links (mspdi_links.c),
 * resources and assignments (mspdi_resources.c); field helpers in
 * mspdi_util.c.
 */
#include "read/mspdi_read.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "base/readfile.h"
#include "read/mspdi_internal.h"

#define MSPDI_NS "http://schemas.microsoft.com/project"
/* Larger files are refused before reading: about 100 times the largest real
 * project files (a 5,000-task project is about 10 MB). */
#define MSPDI_MAX_BYTES KEEL_MAX_INPUT_BYTES

/* ------------------------------------------------------------ header */

/* The project is named after its file (keel_project.name), not <Name>, so
 * that cross-project links ("file\\ID") and reports agree. */
enum { H_START, H_CAL, H_MPD, H_MPW, H_DPM, H_STATUS, H_N };
static const char *const header_fields[H_N] = {
    "StartDate", "CalendarUID", "MinutesPerDay", "MinutesPerWeek", "DaysPerMonth", "StatusDate",
};

static keel_status read_header(mspdi_reader *r)
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
    p->name = keel_arena_strdup(c->b->arena, keel_mspdi_basename(c->file));
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

/* ------------------------------------------------------------ document */

static void take_snapshot(mspdi_reader *r)
{
    keel_builder *b = r->c.b;
    r->snap.mark = keel_builder_mark_take(b);
}

static void roll_back(mspdi_reader *r)
{
    keel_builder *b = r->c.b;
    for (size_t i = r->snap.saved.len; i-- > 0;)
        b->resources.data[r->snap.saved.data[i].index] = r->snap.saved.data[i].r;
    keel_builder_rollback(b, &r->snap.mark);
}

static keel_status check_root(mspdi_reader *r)
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

/* The most common Priority of the tasks first..end-1 below 1000 (1000 means
 * "do not level", not the project's rank), the higher one on ties; 500 when
 * there is none. */
static int common_priority(const keel_task *tasks, int first, int end)
{
    int count[1000] = {0}, best = 500;
    for (int i = first; i < end; i++)
        if (tasks[i].priority >= 0 && tasks[i].priority < 1000)
            count[tasks[i].priority]++;
    for (int v = 999; v >= 0; v--)
        if (count[v] > count[best])
            best = v;
    return best;
}

/* The project's priority is the project summary task's (UID 0), else its
 * tasks' most common one; its deadline the latest Deadline of UID 0 and the
 * tasks (MS Project has deadlines on tasks only); its weight is left to
 * keel_model_finish (by priority) unless a portfolio file sets one. */
static void project_targets(mspdi_reader *r, int first_task)
{
    const keel_builder *b = r->c.b;
    keel_project *p = &r->proj;
    int end = (int)b->tasks.len;
    p->priority = r->project_priority >= 0 ? r->project_priority
                                           : common_priority(b->tasks.data, first_task, end);
    p->deadline = r->project_deadline;
    for (int i = first_task; i < end; i++)
        if (b->tasks.data[i].deadline != KEEL_TIME_NONE &&
            (p->deadline == KEEL_TIME_NONE || b->tasks.data[i].deadline > p->deadline))
            p->deadline = b->tasks.data[i].deadline;
    p->weight = NAN;
}

/* The project: StartDate, else the earliest task Start. */
static keel_status add_project(mspdi_reader *r, int first_task)
{
    keel_builder *b = r->c.b;
    keel_project *p = &r->proj;
    p->first_task = first_task;
    p->ntasks = (int)b->tasks.len - first_task;
    project_targets(r, first_task);
    for (int i = first_task; p->start == KEEL_TIME_NONE && i < (int)b->tasks.len; i++)
        if (b->tasks.data[i].start != KEEL_TIME_NONE)
            p->start = b->tasks.data[i].start;
    for (int i = first_task; i < (int)b->tasks.len; i++)
        if (b->tasks.data[i].start != KEEL_TIME_NONE && b->tasks.data[i].start < p->start)
            p->start = b->tasks.data[i].start;
    return KEEL_VEC_PUSH(&b->projects, *p) ? KEEL_OK : keel_error_nomem(r->c.err);
}

static keel_status read_document(mspdi_reader *r, const keel_xml_doc *doc)
{
    keel_status st;
    r->root = keel_xml_root(doc);
    r->project_priority = -1;
    r->project_deadline = KEEL_TIME_NONE;
    if ((st = check_root(r)) != KEEL_OK ||
        (st = keel_mspdi_read_calendars(&r->c, r->root)) != KEEL_OK ||
        (st = read_header(r)) != KEEL_OK)
        return st;
    if (!r->c.pool) {
        int first = (int)r->c.b->tasks.len;
        if ((st = keel_mspdi_read_tasks(r)) != KEEL_OK || (st = keel_mspdi_read_links(r)) != KEEL_OK)
            return st;
        r->proj.first_task = first;
    }
    if ((st = keel_mspdi_read_resources(r)) != KEEL_OK)
        return st;
    if (r->c.pool)
        return KEEL_OK;
    if ((st = keel_mspdi_read_assignments(r)) != KEEL_OK)
        return st;
    return add_project(r, r->proj.first_task);
}

/* The writer patches the very bytes that were read and checked, so a file
 * replaced during a run cannot end up in its output. */
static keel_status keep_source(keel_builder *b, const char *buf, size_t len, keel_error *err)
{
    char *copy = keel_arena_alloc(b->arena, len + 1);
    if (!copy)
        return keel_error_nomem(err);
    memcpy(copy, buf, len);
    copy[len] = '\0';
    keel_project *p = &b->projects.data[b->projects.len - 1];
    p->source = copy;
    p->source_len = len;
    return KEEL_OK;
}

/* A file read and parsed, not yet in a builder (keel_mspdi_doc_load). */
struct keel_mspdi_doc {
    const char *name;
    char *buf;
    size_t len;
    keel_xml_doc *xml;
};

/* The document into b (read_document), or b as it was on failure. */
static keel_status add_parsed(const char *name, const char *buf, size_t len,
                              const keel_xml_doc *doc, keel_builder *b,
                              const keel_mspdi_options *opts, keel_error *err)
{
    mspdi_reader r;
    memset(&r, 0, sizeof r);
    r.c.file = name;
    r.c.b = b;
    r.c.pool = opts && opts->pool;
    r.c.err = err;
    take_snapshot(&r);
    keel_status st = read_document(&r, doc);
    if (st == KEEL_OK && !r.c.pool)
        st = keep_source(b, buf, len, err);
    if (st != KEEL_OK)
        roll_back(&r);
    KEEL_VEC_FREE(&r.c.cals);
    KEEL_VEC_FREE(&r.tasks);
    KEEL_VEC_FREE(&r.ids);
    KEEL_VEC_FREE(&r.res);
    KEEL_VEC_FREE(&r.links);
    KEEL_VEC_FREE(&r.snap.saved);
    return st;
}

keel_status keel_mspdi_parse(const char *name, const char *buf, size_t len, keel_builder *b,
                             const keel_mspdi_options *opts, keel_error *err)
{
    keel_xml_doc *doc = NULL;
    keel_status st = keel_xml_parse(name, buf, len, &doc, err);
    if (st == KEEL_OK)
        st = add_parsed(name, buf, len, doc, b, opts, err);
    keel_xml_free(doc);
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

void keel_mspdi_init(void)
{
    keel_xml_init();
}

keel_status keel_mspdi_doc_load(const char *path, keel_mspdi_doc **out, keel_error *err)
{
    keel_mspdi_doc *d = calloc(1, sizeof *d);
    *out = NULL;
    if (!d)
        return keel_error_nomem(err);
    d->name = path;
    keel_status st = keel_file_read(path, MSPDI_MAX_BYTES, &d->buf, &d->len, err);
    if (st == KEEL_OK)
        st = keel_xml_parse(path, d->buf, d->len, &d->xml, err);
    if (st != KEEL_OK) {
        keel_mspdi_doc_free(d);
        return st;
    }
    *out = d;
    return KEEL_OK;
}

keel_status keel_mspdi_doc_add(const keel_mspdi_doc *d, keel_builder *b, keel_error *err)
{
    return add_parsed(d->name, d->buf, d->len, d->xml, b, NULL, err);
}

void keel_mspdi_doc_free(keel_mspdi_doc *d)
{
    if (!d)
        return;
    keel_xml_free(d->xml);
    free(d->buf);
    free(d);
}
