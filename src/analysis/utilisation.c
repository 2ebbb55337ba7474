/* SPDX-License-Identifier: GPL-3.0-or-later
 * Resource utilisation over a span (utilisation.h). Available work is the
 * capacity step function integrated over the resource's working time; booked
 * work is units times the task's working minutes inside the span.
 */
#include "analysis/utilisation.h"

static keel_time max_t(keel_time a, keel_time b) { return a > b ? a : b; }
static keel_time min_t(keel_time a, keel_time b) { return a < b ? a : b; }

static const keel_calendar *resource_cal(const keel_portfolio *p, const keel_resource *r)
{
    if (r->calendar >= 0 && r->calendar < p->ncalendars)
        return &p->calendars[r->calendar];
    return &p->calendars[p->projects[0].calendar];
}

/* Capacity times working minutes over [from, to), in units x minutes. */
static double available(const keel_portfolio *p, const keel_resource *r, keel_time from,
                        keel_time to)
{
    const keel_calendar *cal = resource_cal(p, r);
    const keel_capacity *c = &r->capacity;
    double sum = 0;
    for (int i = 0; i < c->n; i++) {
        keel_time a = i == 0 ? from : max_t(c->at[i], from);
        keel_time b = i + 1 < c->n ? min_t(c->at[i + 1], to) : to;
        if (b > a && c->units[i] > 0)
            sum += (double)c->units[i] * (double)keel_calendar_work_between(cal, a, b);
    }
    return sum;
}

void keel_utilisation(const keel_portfolio *p, const keel_schedule *s, keel_time from,
                      keel_time to, double *share)
{
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
            share[p->assignments[k].resource] += work * p->assignments[k].units;
    }
    for (int r = 0; r < p->nresources; r++) {
        const keel_resource *res = &p->resources[r];
        double avail = res->type == KEEL_RES_WORK ? available(p, res, from, to) : 0;
        share[r] = avail > 0 ? share[r] / avail : 0;
    }
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
