/* SPDX-License-Identifier: GPL-3.0-or-later
 * Resource utilisation over a span (utilisation.h). Available work is the
 * capacity step function over the resource's working time (worktime.h, as
 * the load table counts it); booked work is units times the task's working
 * minutes inside the span.
 */
#include "analysis/utilisation.h"

#include "analysis/worktime.h"

static keel_time max_t(keel_time a, keel_time b) { return a > b ? a : b; }
static keel_time min_t(keel_time a, keel_time b) { return a < b ? a : b; }

keel_status keel_utilisation(const keel_portfolio *p, const keel_schedule *s,
                             keel_time from, keel_time to, double *share,
                             keel_error *err)
{
    keel_worktime wt;
    keel_status st = keel_worktime_init(&wt, p, err);
    if (st != KEEL_OK)
        return st;
    for (int r = 0; r < p->nresources; r++)
        share[r] = 0;
    for (int t = 0; t < p->ntasks; t++) {
        if (p->tasks[t].summary || s->start[t] == KEEL_TIME_NONE)
            continue;
        keel_time a = max_t(s->start[t], from), b = min_t(s->finish[t], to);
        if (b <= a)
            continue;
        double work = (double)keel_calendar_work_between(keel_task_cal(p, t), a, b);
        for (int k = p->asg_start[t]; k < p->asg_start[t + 1]; k++)
            share[p->assignments[k].resource] +=
                work * p->assignments[k].units / KEEL_UNITS_ONE;
    }
    for (int r = 0; r < p->nresources; r++) {
        bool work = p->resources[r].type == KEEL_RES_WORK;
        double avail = work ? keel_worktime_work(&wt, r, from, to, NULL, NULL) : 0;
        share[r] = avail > 0 ? share[r] / avail : 0;
    }
    keel_worktime_release(&wt);
    return KEEL_OK;
}

int keel_utilisation_top(const keel_portfolio *p, const double *share)
{
    int best = -1;
    for (int r = 0; r < p->nresources; r++)
        if (p->resources[r].type == KEEL_RES_WORK && share[r] > 0 &&
            (best < 0 || share[r] > share[best]))
            best = r;
    return best;
}
