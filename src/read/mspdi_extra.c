/* SPDX-License-Identifier: GPL-3.0-or-later
 * The MSPDI reader, what analyses beyond leveling take from a <Task>: its
 * baseline (<Baseline> number 0: Start, Finish, Duration) for the schedule
 * health checks, and the three-point estimate of MS Project's PERT analysis
 * for risk: the custom fields Duration1-3 (optimistic, expected, pessimistic),
 * stored as <ExtendedAttribute> children with FieldID 188743783..188743785
 * (docs/risk.md). Values are kept as read; keel_risk_run judges them. A
 * malformed value here is a warning, never an error: leveling does not use
 * these fields and must not fail because of them.
 */
#include <string.h>

#include "base/error.h"
#include "read/mspdi_internal.h"

/* MS Project's field ids: task fields are 0x0B400000 plus the field's index,
 * Duration1..3 the indices 103..105 (Microsoft's PjField enumeration:
 * pjTaskDuration1 = 188743783). */
#define FIELD_DURATION1 188743783

enum { X_FIELD, X_VALUE, X_N };
static const char *const attribute_fields[X_N] = {"FieldID", "Value"};

enum { B_NUMBER, B_START, B_FINISH, B_DURATION, B_N };
static const char *const baseline_fields[B_N] = {"Number", "Start", "Finish", "Duration"};

/* Reads one field with a reader helper; a failure becomes a warning and false. */
static bool read_or_warn(mspdi_reader *r, keel_status st, keel_error *scratch, bool *nomem)
{
    if (st == KEEL_OK)
        return true;
    if (st == KEEL_ERR_NOMEM || !keel_builder_warn(r->c.b, NULL, 0, "%s (ignored)",
                                                   scratch->message))
        *nomem = true;
    return false;
}

static void read_estimate(mspdi_reader *r, const keel_xml_node *n, const char *subject,
                          keel_task *t, bool *nomem)
{
    const keel_xml_node *f[X_N];
    keel_mspdi_fields(n, attribute_fields, X_N, f);
    int64_t id = 0, minutes = 0;
    keel_error scratch = {0};
    keel_error *saved = r->c.err;
    r->c.err = &scratch;
    bool ok = f[X_FIELD] && read_or_warn(r, keel_mspdi_get_int(&r->c, f[X_FIELD], subject, 0,
                                                               INT32_MAX, &id),
                                         &scratch, nomem);
    int i = (int)(id - FIELD_DURATION1);
    ok = ok && i >= 0 && i < 3 && f[X_VALUE] && !(t->estimate_mask & (1u << i));
    ok = ok && read_or_warn(r, keel_mspdi_get_duration(&r->c, f[X_VALUE], subject, true,
                                                       &minutes),
                            &scratch, nomem);
    r->c.err = saved;
    if (!ok)
        return;
    if (!t->estimate_mask || keel_xml_line(n) < t->estimate_line)
        t->estimate_line = keel_xml_line(n);
    t->estimate[i] = minutes;
    t->estimate_mask |= (uint8_t)(1u << i);
}

static void read_baseline(mspdi_reader *r, const keel_xml_node *n, const char *subject,
                          keel_task *t, bool *nomem)
{
    const keel_xml_node *f[B_N];
    keel_mspdi_fields(n, baseline_fields, B_N, f);
    int64_t number = 0, duration = -1;
    keel_time start = KEEL_TIME_NONE, finish = KEEL_TIME_NONE;
    keel_error scratch = {0};
    keel_error *saved = r->c.err;
    r->c.err = &scratch;
    bool ok =
        read_or_warn(r, keel_mspdi_get_int(&r->c, f[B_NUMBER], subject, 0, 10, &number),
                     &scratch, nomem) &&
        number == 0 && !t->has_baseline &&
        read_or_warn(r, keel_mspdi_get_time(&r->c, f[B_START], subject, &start), &scratch,
                     nomem) &&
        read_or_warn(r, keel_mspdi_get_time(&r->c, f[B_FINISH], subject, &finish), &scratch,
                     nomem) &&
        read_or_warn(r, keel_mspdi_get_duration(&r->c, f[B_DURATION], subject, false,
                                                &duration),
                     &scratch, nomem);
    r->c.err = saved;
    if (!ok)
        return;
    t->has_baseline = true;
    t->baseline_start = start;
    t->baseline_finish = finish;
    t->baseline_duration = duration;
}

keel_status keel_mspdi_read_task_extra(mspdi_reader *r, const keel_xml_node *task,
                                       keel_task *t)
{
    char subject[300];
    keel_mspdi_task_subject(t, subject, sizeof subject);
    bool nomem = false;
    t->baseline_start = t->baseline_finish = KEEL_TIME_NONE;
    t->baseline_duration = -1;
    for (const keel_xml_node *n = keel_xml_first(task); n && !nomem; n = keel_xml_next(n)) {
        if (keel_xml_is(n, "ExtendedAttribute"))
            read_estimate(r, n, subject, t, &nomem);
        else if (keel_xml_is(n, "Baseline"))
            read_baseline(r, n, subject, t, &nomem);
    }
    return nomem ? keel_error_nomem(r->c.err) : KEEL_OK;
}
