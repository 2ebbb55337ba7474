/* SPDX-License-Identifier: GPL-3.0-or-later
 * The MSPDI reader, resources and assignments: capacity over time from
 * MaxUnits and availability periods, resources joined across files by name
 * (a pool file decides), and the units of each assignment.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "base/timefmt.h"
#include "read/mspdi_internal.h"

#define MAX_UNITS 1e6

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
static keel_status read_period(mspdi_reader *r, const keel_xml_node *n, const char *subject,
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
static keel_status build_capacity(mspdi_reader *r, period *ps, int n, const char *subject,
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

static keel_status read_capacity(mspdi_reader *r, const keel_xml_node *const *f, const char *subject,
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

static keel_status save_resource(mspdi_reader *r, int index)
{
    struct saved_resource s = {index, r->c.b->resources.data[index]};
    return KEEL_VEC_PUSH(&r->snap.saved, s) ? KEEL_OK : keel_error_nomem(r->c.err);
}

/* A resource whose name is already known: the pool decides, otherwise the
 * definitions must agree. */
static keel_status join_resource(mspdi_reader *r, int index, const keel_resource *nw, int line)
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

static keel_status read_resource_fields(mspdi_reader *r, const keel_xml_node *const *f,
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

static keel_status read_resource(mspdi_reader *r, const keel_xml_node *n)
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
static keel_status each_item(mspdi_reader *r, const char *list, const char *item,
                             keel_status (*fn)(mspdi_reader *r, const keel_xml_node *n))
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

keel_status keel_mspdi_read_resources(mspdi_reader *r)
{
    keel_status st = each_item(r, "Resources", "Resource", read_resource);
    return st != KEEL_OK ? st : keel_mspdi_uid_sort(&r->c, &r->res, "resource", "UID");
}

/* ------------------------------------------------------------ assignments */

enum { A_UID, A_TASK, A_RES, A_UNITS, A_WORK, A_START, A_FINISH, A_N };
static const char *const asg_fields[A_N] = {"UID",  "TaskUID", "ResourceUID", "Units",
                                            "Work", "Start",   "Finish"};

#define NULL_RESOURCE_UID (-65535)

static keel_status read_assignment(mspdi_reader *r, const keel_xml_node *n)
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

keel_status keel_mspdi_read_assignments(mspdi_reader *r)
{
    return each_item(r, "Assignments", "Assignment", read_assignment);
}
