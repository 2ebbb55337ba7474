/* SPDX-License-Identifier: GPL-3.0-or-later
 * What the files of the MSPDI reader share: the per-file reading context,
 * UID maps and field helpers. Not part of any public interface.
 */
#ifndef KEEL_MSPDI_INTERNAL_H
#define KEEL_MSPDI_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "base/timefmt.h"
#include "base/vec.h"
#include "keel.h"
#include "model/builder.h"
#include "read/xml_util.h"

/* A UID of the file and what it maps to: a builder index, or -1 for an entity
 * that was skipped (IsNull, UID 0, nameless). */
typedef struct mspdi_uid {
    int64_t uid;
    int index;
    int line;
} mspdi_uid;

typedef KEEL_VEC(mspdi_uid) mspdi_uid_map;

typedef struct mspdi_ctx {
    const char *file;     /* path as given, for messages */
    keel_builder *b;
    bool pool;
    keel_error *err;
    mspdi_uid_map cals;   /* calendar UID -> calendar_defs index (sorted) */
    size_t nexception_days; /* recurring exception entries made so far */
} mspdi_ctx;

/* Most exception entries one file may expand to (recurrences included). */
#define MSPDI_MAX_EXCEPTIONS 500000

/* Sorts map by key (then line). If a key occurs twice, fails with "file:line:
 * <what> <key> n: duplicate <key> (first at line m)" (key: "UID" or "ID"). */
keel_status keel_mspdi_uid_sort(mspdi_ctx *c, mspdi_uid_map *map, const char *what,
                                const char *key);
/* The entry for uid in a sorted map, or NULL. */
const mspdi_uid *keel_mspdi_uid_find(const mspdi_uid_map *map, int64_t uid);

/* Collects the first child element of n named names[i] into out[i] (NULL when
 * absent). count is at most 64. */
void keel_mspdi_fields(const keel_xml_node *n, const char *const *names, int count,
                       const keel_xml_node **out);

/* Field readers. An absent field (f NULL) leaves *out alone and succeeds. A
 * malformed or out-of-range value fails with "file:line: <subject>: <Field>
 * 'text' <problem>" at the field's line. */
keel_status keel_mspdi_get_int(mspdi_ctx *c, const keel_xml_node *f, const char *subject,
                               int64_t lo, int64_t hi, int64_t *out);
keel_status keel_mspdi_get_bool(mspdi_ctx *c, const keel_xml_node *f, const char *subject,
                                bool *out);
keel_status keel_mspdi_get_double(mspdi_ctx *c, const keel_xml_node *f, const char *subject,
                                  double lo, double hi, double *out);
keel_status keel_mspdi_get_time(mspdi_ctx *c, const keel_xml_node *f, const char *subject,
                                keel_time *out);
/* Durations are capped at KEEL_MAX_SPAN_MINUTES; negative ones are rejected
 * unless allow_negative. */
keel_status keel_mspdi_get_duration(mspdi_ctx *c, const keel_xml_node *f, const char *subject,
                                    bool allow_negative, int64_t *out);
/* A parse error at node f's line (or at line `line` when f is NULL). */
keel_status keel_mspdi_fail(mspdi_ctx *c, const keel_xml_node *f, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* A warning at node f's line; false when out of memory. */
bool keel_mspdi_warn(mspdi_ctx *c, const keel_xml_node *f, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* MS Project's default hours for weekday dow (0 = Sunday): Mon-Fri
 * 08:00-12:00 and 13:00-17:00, weekends off. */
void keel_mspdi_standard_day(int dow, keel_day *out);

/* Reads every <Calendars>/<Calendar> of root into b->calendar_defs and fills
 * c->cals (sorted). Fails with KEEL_ERR_PARSE or KEEL_ERR_NOMEM. */
keel_status keel_mspdi_read_calendars(mspdi_ctx *c, const keel_xml_node *root);
/* Appends a "Standard" base calendar (MS Project's default week) and returns
 * its index, or -1 when out of memory. */
int keel_mspdi_add_standard_calendar(mspdi_ctx *c);

/* Lags and leveling delays, in tenths of a minute: at most the span of keel's
 * dates (a delay between two dates the writer may write must read back). */
#define MSPDI_MAX_TENTHS ((double)KEEL_MAX_SPAN_MINUTES * 10)

/* What a failed read must undo. */
typedef struct snapshot {
    keel_builder_mark mark;
    KEEL_VEC(struct saved_resource { int index; keel_resource r; }) saved;
} snapshot;

typedef struct mspdi_reader {
    mspdi_ctx c;
    const keel_xml_node *root;
    mspdi_uid_map tasks;     /* task UID -> task index (-1: skipped) */
    mspdi_uid_map ids;       /* task ID -> task index */
    mspdi_uid_map res;       /* resource UID -> resource index (-1: skipped) */
    KEEL_VEC(struct pending_link { int succ; const keel_xml_node *n; }) links;
    keel_project proj;
    int project_priority;    /* the project summary task's Priority, -1 when absent */
    keel_time project_deadline; /* its Deadline, KEEL_TIME_NONE when absent */
    snapshot snap;
} mspdi_reader;

/* The element families, in the order mspdi_read.c calls them. Each fails with
 * KEEL_ERR_PARSE ("file:line: subject: problem") or KEEL_ERR_NOMEM. */
keel_status keel_mspdi_read_tasks(mspdi_reader *r);
keel_status keel_mspdi_read_links(mspdi_reader *r);
keel_status keel_mspdi_read_resources(mspdi_reader *r);
keel_status keel_mspdi_read_assignments(mspdi_reader *r);
/* The baseline and PERT estimate of the task read from element `task`
 * (mspdi_extra.c); malformed values are warnings. Fails with KEEL_ERR_NOMEM. */
keel_status keel_mspdi_read_task_extra(mspdi_reader *r, const keel_xml_node *task,
                                       keel_task *t);

/* The file name without its folders. */
const char *keel_mspdi_basename(const char *path);
/* DurationFormat / LagFormat codes: elapsed (e: 4, 6, 8, 10, 12, 20 and the
 * estimated variants 32 higher) and percent (19, 20, 51, 52). */
bool keel_mspdi_is_elapsed_format(int64_t fmt);
bool keel_mspdi_is_percent_format(int64_t fmt);
/* "task UID 17 'Design'" for messages. */
void keel_mspdi_task_subject(const keel_task *t, char *buf, size_t size);

#endif
