/* SPDX-License-Identifier: GPL-3.0-or-later
 * Resource load per period (keel_load_table in keel.h): what MS Project's
 * Resource Usage view shows as Work against Available. A task adds units x its
 * working minutes in each period (on its calendar, as the verifier counts
 * load); a resource offers its availability units over its working time
 * (analysis/worktime.h: its calendar, else its tasks' calendars). Periods
 * are civil days, ISO weeks (from Monday) or months on the keel timeline, or
 * blocks of 1, 7 or 30 periods for research instances.
 */
#include "analysis/load_table.h"

#include <stdlib.h>
#include <string.h>

#include "analysis/worktime.h"
#include "analysis/schedule.h"
#include "base/error.h"
#include "base/timefmt.h"

struct keel_load_table {
    int nresources, nperiods;
    keel_time *bounds;     /* [nperiods + 1] period starts, then the end */
    keel_load_cell *cells; /* [nresources * nperiods], resource-major */
    bool *work;            /* [nresources] a work resource (has a row) */
};

bool keel_period_parse(const char *text, keel_period *out)
{
    static const char *names[] = {"day", "week", "month"};
    for (int i = 0; i < 3; i++)
        if (text && strcmp(text, names[i]) == 0) {
            *out = (keel_period)i;
            return true;
        }
    return false;
}

keel_time keel_period_floor(bool research, keel_period by, keel_time t)
{
    static const int64_t research_len[] = {1, 7, 30};
    if (research) {
        int64_t n = research_len[by];
        return t >= 0 ? t / n * n : -((-t + n - 1) / n) * n;
    }
    int64_t day = keel_day_of(t);
    if (by == KEEL_PERIOD_WEEK)
        day -= (keel_weekday(day) + 6) % 7; /* back to Monday */
    if (by == KEEL_PERIOD_MONTH) {
        int64_t y;
        int m, d;
        keel_civil_from_days(day, &y, &m, &d);
        day = keel_days_from_civil(y, m, 1);
    }
    return day * KEEL_MINUTES_PER_DAY;
}

keel_time keel_period_next(bool research, keel_period by, keel_time t)
{
    static const int64_t research_len[] = {1, 7, 30};
    if (research)
        return t + research_len[by];
    if (by == KEEL_PERIOD_DAY)
        return t + KEEL_MINUTES_PER_DAY;
    if (by == KEEL_PERIOD_WEEK)
        return t + KEEL_MINUTES_PER_WEEK;
    int64_t y;
    int m, d;
    keel_civil_from_days(keel_day_of(t), &y, &m, &d);
    return keel_days_from_civil(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1) *
           KEEL_MINUTES_PER_DAY;
}

static void span_of(const keel_portfolio *p, const keel_schedule *s, keel_time *lo,
                    keel_time *hi)
{
    for (int t = 0; s && t < p->ntasks; t++) {
        if (p->tasks[t].summary || s->start[t] == KEEL_TIME_NONE)
            continue;
        if (*lo == KEEL_TIME_NONE || s->start[t] < *lo)
            *lo = s->start[t];
        if (*hi == KEEL_TIME_NONE || s->finish[t] > *hi)
            *hi = s->finish[t];
    }
}

static bool make_periods(const keel_portfolio *p, const keel_schedule *before,
                         const keel_schedule *after, keel_period by, keel_load_table *l)
{
    keel_time lo = KEEL_TIME_NONE, hi = KEEL_TIME_NONE;
    span_of(p, before, &lo, &hi);
    span_of(p, after, &lo, &hi);
    if (lo == KEEL_TIME_NONE)
        return (l->bounds = calloc(1, sizeof(keel_time))) != NULL;
    int n = 0;
    for (keel_time t = keel_period_floor(p->research, by, lo); t < hi || n == 0;
         t = keel_period_next(p->research, by, t))
        n++;
    l->bounds = malloc(((size_t)n + 1) * sizeof(keel_time));
    if (!l->bounds)
        return false;
    l->bounds[0] = keel_period_floor(p->research, by, lo);
    for (int i = 1; i <= n; i++)
        l->bounds[i] = keel_period_next(p->research, by, l->bounds[i - 1]);
    l->nperiods = n;
    return true;
}

static void fill_capacity(const keel_worktime *av, keel_load_table *l, int r)
{
    for (int i = 0; i < l->nperiods; i++) {
        keel_load_cell *c = &l->cells[(size_t)r * l->nperiods + i];
        c->capacity = keel_worktime_work(av, r, l->bounds[i], l->bounds[i + 1],
                                             &c->min_units, &c->max_units);
    }
}

/* Index of the period holding t (t within the table's span). */
static int period_index(const keel_load_table *l, keel_time t)
{
    int lo = 0, hi = l->nperiods - 1;
    while (lo < hi) {
        int mid = (lo + hi + 1) / 2;
        if (l->bounds[mid] <= t)
            lo = mid;
        else
            hi = mid - 1;
    }
    return lo;
}

static void add_load(const keel_portfolio *p, keel_load_table *l, const keel_schedule *s,
                     bool after)
{
    for (int t = 0; s && t < p->ntasks; t++) {
        if (p->tasks[t].summary || s->start[t] == KEEL_TIME_NONE ||
            s->finish[t] <= s->start[t])
            continue;
        const keel_calendar *cal = keel_task_cal(p, t);
        for (int a = p->asg_start[t]; a < p->asg_start[t + 1]; a++) {
            const keel_assignment *as = &p->assignments[a];
            if (!l->work[as->resource] || as->units <= 0)
                continue;
            double units = (double)as->units / KEEL_UNITS_ONE;
            for (int i = period_index(l, s->start[t]);
                 i < l->nperiods && l->bounds[i] < s->finish[t]; i++) {
                keel_time from = s->start[t] > l->bounds[i] ? s->start[t] : l->bounds[i];
                keel_time to =
                    s->finish[t] < l->bounds[i + 1] ? s->finish[t] : l->bounds[i + 1];
                double w = units * (double)keel_calendar_work_between(cal, from, to);
                keel_load_cell *c = &l->cells[(size_t)as->resource * l->nperiods + i];
                *(after ? &c->after : &c->before) += w;
            }
        }
    }
}

static keel_status check(const keel_portfolio *p, const keel_schedule *s, keel_error *err)
{
    if (s && s->ntasks != p->ntasks)
        return keel_error_set(err, KEEL_ERR_INVALID, NULL, 0,
                              "schedule does not match the portfolio (%d tasks)",
                              p->ntasks);
    return KEEL_OK;
}

keel_status keel_load_table_compute(const keel_portfolio *p, const keel_schedule *before,
                                    const keel_schedule *after, keel_period by,
                                    keel_load_table **out, keel_error *err)
{
    *out = NULL;
    keel_status st = check(p, before, err);
    if (st == KEEL_OK)
        st = after
                 ? check(p, after, err)
                 : keel_error_set(err, KEEL_ERR_INVALID, NULL, 0, "no schedule to load");
    if (st != KEEL_OK)
        return st;
    if ((unsigned)by > KEEL_PERIOD_MONTH)
        return keel_error_set(err, KEEL_ERR_INVALID, NULL, 0, "unknown period %d",
                              (int)by);
    keel_load_table *l = calloc(1, sizeof *l);
    if (!l || !make_periods(p, before, after, by, l))
        goto nomem;
    l->nresources = p->nresources;
    l->work = calloc((size_t)p->nresources + 1, sizeof(bool));
    l->cells = calloc((size_t)p->nresources * (size_t)l->nperiods + 1, sizeof *l->cells);
    if (!l->work || !l->cells)
        goto nomem;
    keel_worktime av;
    if (keel_worktime_init(&av, p, err) != KEEL_OK) {
        keel_load_table_free(l);
        return KEEL_ERR_NOMEM;
    }
    for (int r = 0; r < p->nresources; r++) {
        l->work[r] = p->resources[r].type == KEEL_RES_WORK;
        if (l->work[r])
            fill_capacity(&av, l, r);
    }
    keel_worktime_release(&av);
    add_load(p, l, before, false);
    add_load(p, l, after, true);
    *out = l;
    return KEEL_OK;
nomem:
    keel_load_table_free(l);
    return keel_error_nomem(err);
}

void keel_load_table_free(keel_load_table *l)
{
    if (!l)
        return;
    free(l->bounds);
    free(l->cells);
    free(l->work);
    free(l);
}

int keel_load_table_nperiods(const keel_load_table *l)
{
    return l ? l->nperiods : 0;
}

keel_time keel_load_table_period(const keel_load_table *l, int i)
{
    return l && i >= 0 && i <= l->nperiods && l->nperiods > 0 ? l->bounds[i]
                                                              : KEEL_TIME_NONE;
}

keel_load_cell keel_load_table_get(const keel_load_table *l, int resource, int period)
{
    keel_load_cell none = {0};
    if (!l || resource < 0 || resource >= l->nresources || !l->work[resource] ||
        period < 0 || period >= l->nperiods)
        return none;
    return l->cells[(size_t)resource * l->nperiods + period];
}
