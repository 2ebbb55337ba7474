/* SPDX-License-Identifier: GPL-3.0-or-later
 * When a resource can work, and how much work it can give in a span of time:
 * its availability units (the capacity step function) over its working time.
 * The one definition the load table, the utilisation of what-if scenarios
 * and the report share, and the one the verifier implies: load counts in each
 * task's working time, and a task runs on the intersection of its calendar
 * with its resources' own calendars. So a resource with a calendar of its own
 * works on that calendar; one without works whenever a task it is assigned to
 * may work: the union of those tasks' calendars (task calendar, else project
 * calendar; elapsed tasks left out), which is the project calendar when its
 * projects share one. A resource nobody uses offers the first project's.
 */
#ifndef KEEL_WORKTIME_H
#define KEEL_WORKTIME_H

#include "model/model.h"

typedef struct keel_worktime {
    const keel_portfolio *p;
    int *start; /* [nresources + 1] */
    int *cal;   /* calendars (indices, distinct working time) of resource r:
                   cal[start[r] .. start[r + 1] - 1] */
} keel_worktime;

/* Finds the working time of every resource of p (borrowed: p must outlive
 * a). Fails with KEEL_ERR_NOMEM; a is then empty (release is still safe). */
keel_status keel_worktime_init(keel_worktime *a, const keel_portfolio *p,
                               keel_error *err);
void keel_worktime_release(keel_worktime *a);

/* Working minutes resource r offers in [from, to). Cannot fail. */
int64_t keel_worktime_minutes(const keel_worktime *a, int r, keel_time from,
                              keel_time to);

/* Work resource r can give in [from, to): availability units (1.0 = one full
 * unit) times its working minutes, step by step. When min_units/max_units are
 * not NULL they get the least and most units of the steps overlapping the span
 * (availability changes inside it). Cannot fail. */
double keel_worktime_work(const keel_worktime *a, int r, keel_time from, keel_time to,
                          int32_t *min_units, int32_t *max_units);

#endif
