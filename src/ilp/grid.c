/* SPDX-License-Identifier: GPL-3.0-or-later
 * The time grid of the ILP models (ilp.h): elapsed time for continuous
 * calendars, otherwise the working time of one calendar, so that a portfolio
 * on an office calendar needs no variables for nights and weekends. Exact when
 * everything runs on that calendar (then every SGS schedule lies on the grid);
 * otherwise an approximation that large-neighbourhood search uses to propose
 * orders, which the serial SGS decodes on the true calendars.
 */
#include <stdlib.h>

#include "ilp/ilp.h"

#define INEXACT_UNIT 60 /* minutes: the finest grid of an approximate model */
#define MAX_CALENDARS 32 /* distinct calendars counted for the reference */

static bool same_cal(const keel_calendar *a, const keel_calendar *b)
{
    return a == b || keel_calendar_same(a, b);
}

/* The calendar of most jobs with work (the first one on ties, and past
 * MAX_CALENDARS distinct ones only those seen so far count). */
static const keel_calendar *reference_calendar(const keel_problem *P)
{
    const keel_calendar *cal[MAX_CALENDARS];
    int count[MAX_CALENDARS], n = 0, best = -1;
    for (int j = 0; j < P->njobs; j++) {
        if (P->dur[j] == 0)
            continue;
        int k = 0;
        while (k < n && cal[k] != P->cal[j])
            k++;
        if (k == n) {
            if (n == MAX_CALENDARS)
                continue;
            cal[n] = P->cal[j];
            count[n++] = 0;
        }
        count[k]++;
        if (best < 0 || count[k] > count[best])
            best = k;
    }
    return best < 0 ? (P->njobs > 0 ? P->cal[0] : NULL) : cal[best];
}

/* Why a grid on cal (NULL: elapsed time) is not exact for P, or NULL. */
static const char *inexact_reason(const keel_problem *P, const keel_calendar *cal)
{
    for (int j = 0; j < P->njobs; j++) {
        if (P->flags[j] & KEEL_JOB_PINNED)
            return "pinned tasks";
        for (int q = P->pred_start[j]; q < P->pred_start[j + 1]; q++)
            if (P->pred[q].group != KEEL_ARC_ALONE) /* the model binds every arc */
                return "links from a summary's start";
        if (!cal)
            continue; /* on elapsed time calendars and lag kinds do not matter */
        if ((P->dur[j] > 0 || P->dem_start[j + 1] > P->dem_start[j]) &&
            !same_cal(P->cal[j], cal))
            return "tasks on different calendars";
        for (int q = P->pred_start[j]; q < P->pred_start[j + 1]; q++) {
            const keel_arc *a = &P->pred[q];
            if (a->lag != 0 && a->elapsed)
                return "elapsed-time lags";
            if (a->lag != 0 && !same_cal(P->lag_cal[j], cal))
                return "lags on different calendars";
        }
    }
    return NULL;
}

static int64_t floor_div(int64_t a, int64_t b)
{
    return a >= 0 ? a / b : -((-a + b - 1) / b);
}

/* Working time since the origin (elapsed time without a calendar). */
static int64_t since_origin(const keel_ilp_grid *g, keel_time t)
{
    return g->cal ? keel_calendar_work_between(g->cal, g->origin, t) : t - g->origin;
}

static int64_t exact_unit(const keel_problem *P, const keel_ilp_grid *g)
{
    int64_t unit = 0;
    for (int j = 0; j < P->njobs; j++) {
        unit = keel_gcd(unit, P->dur[j]);
        unit = keel_gcd(unit, since_origin(g, P->est[j]));
        if (P->fixed_start[j] != KEEL_TIME_NONE)
            unit = keel_gcd(keel_gcd(unit, since_origin(g, P->fixed_start[j])),
                         since_origin(g, P->fixed_finish[j]));
        for (int q = P->pred_start[j]; q < P->pred_start[j + 1]; q++)
            unit = keel_gcd(unit, P->pred[q].lag);
    }
    for (int k = 0; k < P->nprojects; k++)
        unit = keel_gcd(unit, since_origin(g, P->release[k]));
    for (int r = 0; r < P->nres; r++)
        for (int i = 1; i < P->cap[r].n; i++)
            if (P->cap[r].at[i] > P->origin)
                unit = keel_gcd(unit, since_origin(g, P->cap[r].at[i]));
    return unit > 0 ? unit : 1;
}

void keel_ilp_grid_of(const keel_problem *P, keel_ilp_grid *g, const char **why)
{
    *g = (keel_ilp_grid){.origin = P->origin, .unit = 1};
    g->cal = P->continuous ? NULL : reference_calendar(P);
    *why = inexact_reason(P, g->cal);
    g->exact = *why == NULL;
    g->unit = exact_unit(P, g);
    if (!g->exact && g->cal && g->unit < INEXACT_UNIT)
        g->unit = INEXACT_UNIT;
}

keel_time keel_ilp_grid_time(const keel_ilp_grid *g, int64_t t)
{
    if (!g->cal)
        return g->origin + t * g->unit;
    return keel_calendar_next_work(g->cal, keel_calendar_add_work(g->cal, g->origin, t * g->unit));
}

keel_time keel_ilp_grid_end(const keel_ilp_grid *g, int64_t t)
{
    if (!g->cal)
        return g->origin + t * g->unit;
    return keel_calendar_add_work(g->cal, g->origin, t * g->unit);
}

int64_t keel_ilp_grid_at(const keel_ilp_grid *g, keel_time t, bool up)
{
    int64_t w = since_origin(g, t);
    if (up)
        return -floor_div(-w, g->unit);
    return floor_div(w, g->unit);
}

int64_t keel_ilp_grid_near(const keel_ilp_grid *g, keel_time t)
{
    int64_t w = since_origin(g, t) + g->unit / 2;
    return w >= 0 ? w / g->unit : -((-w + g->unit - 1) / g->unit);
}

keel_ilp_grid keel_ilp_grid_coarse(const keel_ilp_grid *g, int64_t factor)
{
    keel_ilp_grid c = *g;
    c.unit = g->unit * (factor > 1 ? factor : 1);
    c.exact = false;
    c.relaxed = true;
    return c;
}

int64_t keel_ilp_grid_work(const keel_ilp_grid *g, keel_time a, keel_time b)
{
    return since_origin(g, b) - since_origin(g, a);
}

int64_t keel_ilp_grid_len(const keel_ilp_grid *g, int64_t w)
{
    if (g->relaxed)
        return floor_div(w, g->unit);
    if (g->exact || w == 0)
        return w / g->unit;
    int64_t n = (w + (w >= 0 ? g->unit / 2 : -(g->unit / 2))) / g->unit;
    return w > 0 && n == 0 ? 1 : n;
}
