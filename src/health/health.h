/* SPDX-License-Identifier: GPL-3.0-or-later
 * Schedule health (the DCMA 14-point assessment): what the check files share.
 * A check fills one tally per project from the model, its CPM and the status
 * date; health.c runs them, judges each tally against the check's threshold
 * and sums the projects into the portfolio's row. The definitions, and the
 * sources where they differ, are in docs/health.md.
 */
#ifndef KEEL_HEALTH_H
#define KEEL_HEALTH_H

#include "analysis/cpm.h"
#include "base/vec.h"
#include "model/model.h"

#define KEEL_HEALTH_LONG_DAYS 44   /* high float and high duration: working days */
#define KEEL_HEALTH_TEST_DAYS 600  /* the critical path test's delay: working days */

/* What one check found in one project. */
typedef struct health_tally {
    int64_t count, total;
    double value;          /* set by index checks and the test; else from count/total */
    bool applicable;
    const char *note;
    KEEL_VEC(keel_health_item) items;
} health_tally;

/* The inputs every check reads. */
typedef struct health_ctx {
    const keel_portfolio *p;
    const keel_cpm *cpm;
    const keel_time *status;  /* [nprojects] status date, KEEL_TIME_NONE when none */
} health_ctx;

/* How a check judges one task (keel_health_each_task). */
enum { HEALTH_SKIP = -1, HEALTH_FINE = 0, HEALTH_OFFENDS = 1 };
typedef int (*health_task_fn)(const health_ctx *c, int t, int64_t *value, const char **why);

/* Tallies the incomplete tasks of project q that judge does not skip: the
 * offending ones become items. False when out of memory. */
bool keel_health_each_task(const health_ctx *c, int q, health_tally *out, health_task_fn judge);

/* Adds an item; false when out of memory. */
bool keel_health_add(health_tally *t, int task, int other, int64_t value, const char *why);

/* A leaf task without an actual finish (and below 100 %). */
bool keel_health_incomplete(const keel_task *t);
/* A task that finished: its finish date (actual, else as planned), else
 * KEEL_TIME_NONE. */
keel_time keel_health_finished_at(const keel_task *t);
/* Working minutes in one working day of the task's project. */
int64_t keel_health_day(const keel_portfolio *p, int project);

/* The checks, one project each; false when out of memory. */
bool keel_health_logic(const health_ctx *c, int q, health_tally *out);
bool keel_health_leads(const health_ctx *c, int q, health_tally *out);
bool keel_health_lags(const health_ctx *c, int q, health_tally *out);
bool keel_health_types(const health_ctx *c, int q, health_tally *out);
bool keel_health_constraints(const health_ctx *c, int q, health_tally *out);
bool keel_health_high_float(const health_ctx *c, int q, health_tally *out);
bool keel_health_negative_float(const health_ctx *c, int q, health_tally *out);
bool keel_health_high_duration(const health_ctx *c, int q, health_tally *out);
bool keel_health_invalid_dates(const health_ctx *c, int q, health_tally *out);
bool keel_health_resources(const health_ctx *c, int q, health_tally *out);
bool keel_health_missed(const health_ctx *c, int q, health_tally *out);
bool keel_health_cpli(const health_ctx *c, int q, health_tally *out);
bool keel_health_bei(const health_ctx *c, int q, health_tally *out);

/* The critical path test for every project at once (it reruns the CPM, so
 * it works on the whole portfolio): out[q] for each project. Fails with
 * KEEL_ERR_NOMEM or a CPM error. */
keel_status keel_health_critical_test(const health_ctx *c, health_tally *out,
                                      keel_error *err);

/* The projects a result of keel_health_run covers (0 for NULL), so that a
 * reader can check it belongs to its portfolio. */
int keel_health_nprojects(const keel_health *h);

#endif
