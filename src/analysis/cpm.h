/* SPDX-License-Identifier: GPL-3.0-or-later
 * Critical-path method over the whole portfolio: forward and backward passes
 * with all link types, lags (working or elapsed), constraints, deadlines,
 * calendars and progress, ignoring resources. Its finishes are also the
 * resource-free lower bound of the leveler. Early dates are the scheduled
 * dates: an As Late As Possible task's are its late dates (cpm.c).
 */
#ifndef KEEL_CPM_H
#define KEEL_CPM_H

#include "model/model.h"

struct keel_cpm {
    int ntasks, nprojects;
    keel_time *es, *ef, *ls, *lf;  /* per task; summaries roll up */
    int64_t *total_slack, *free_slack; /* working minutes on the project calendar */
    bool *critical;                /* total slack <= 0 within its project */
    bool *portfolio_critical;      /* zero slack against the portfolio finish */
    keel_time *project_start, *project_finish;
    int64_t *project_length;       /* working minutes start..finish, project calendar */
    keel_time finish;              /* the latest project finish */
    bool *drives;                  /* per link: keel_link_drivers of the early dates */
};

/* The time a link lets its successor start or finish: `from` is the
 * predecessor's start or finish (by link type), moved by the lag on the
 * successor's lag calendar. Cannot fail. */
keel_time keel_link_apply_lag(const keel_portfolio *p, const keel_link *l, keel_time from);
/* The inverse: the latest predecessor date that still lets `to` hold. */
keel_time keel_link_unapply_lag(const keel_portfolio *p, const keel_link *l, keel_time to);

/* The earliest start of task j that its release, constraints and links allow
 * (not snapped to working time) when its predecessors have the dates
 * start[]/finish[] (per task). A group of links from a summary's start binds
 * by its least date. Cannot fail. */
keel_time keel_links_start_bound(const keel_portfolio *p, int j, const keel_time *start,
                                 const keel_time *finish);
/* The same, and in *driver the predecessor whose link gives that start (the
 * first of equal ones), or -1 when the task's release or constraint does. */
keel_time keel_links_start_driver(const keel_portfolio *p, int j, const keel_time *start,
                                  const keel_time *finish, int *driver);
/* Per link, whether it binds its predecessor in backward passes, with the
 * dates start[]/finish[]: always outside a group; in a group only for the leaf
 * whose date gives the group's least bound (the first on ties), since the
 * others may move later without moving the summary's start. A malloc'd array
 * of p->nlinks, or NULL when out of memory. */
bool *keel_link_drivers(const keel_portfolio *p, const keel_time *start,
                        const keel_time *finish);

/* Where a task may start given a bound on its start: the next working instant,
 * except that a zero-duration task may sit at the end of a working interval
 * (a milestone after a task ending at 17:00 is at 17:00, as in MS Project). */
keel_time keel_task_snap_start(const keel_portfolio *p, int task, keel_time t);

/* The calendar lags of links into `task` are counted on. */
const keel_calendar *keel_task_lag_cal(const keel_portfolio *p, int task);

/* Where an As Late As Possible task starts: at its late start, unless its
 * predecessors (bound: keel_links_start_bound) allow only a later one; snapped
 * like any start. Cannot fail. */
keel_time keel_alap_start(const keel_portfolio *p, int task, keel_time bound,
                          keel_time late_start);

/* Earliest start a task's own constraints and its project's release allow. */
keel_time keel_task_release(const keel_portfolio *p, int task);

/* Latest finish a task's own constraints and deadline allow, or KEEL_TIME_NONE. */
keel_time keel_task_latest_finish(const keel_portfolio *p, int task);

#endif
