/* SPDX-License-Identifier: GPL-3.0-or-later
 * Schedule health, the checks on the critical-path dates and durations (DCMA
 * points 6-8): high float, negative float and high duration. Float is keel's
 * CPM total slack (working minutes on the project calendar, late dates
 * tightened by deadlines and "no later than" constraints, as MS Project
 * computes it); 44 working days are 44 of the project's working days
 * (MinutesPerDay).
 */
#include "health/health.h"

static int high_float(const health_ctx *c, int t, int64_t *value, const char **why)
{
    int64_t limit = KEEL_HEALTH_LONG_DAYS * keel_health_day(c->p, c->p->tasks[t].project);
    *value = c->cpm->total_slack[t];
    *why = "total slack above 44 days";
    return *value > limit;
}

static int negative_float(const health_ctx *c, int t, int64_t *value, const char **why)
{
    *value = c->cpm->total_slack[t];
    *why = "negative total slack";
    return *value < 0;
}

/* DCMA judges the baseline duration; a task without a baseline is judged by
 * its duration as planned. */
static int high_duration(const health_ctx *c, int t, int64_t *value, const char **why)
{
    const keel_task *k = &c->p->tasks[t];
    bool base = k->has_baseline && k->baseline_duration >= 0;
    *value = base ? k->baseline_duration : k->total_duration;
    *why = base ? "baseline duration above 44 days" : "duration above 44 days";
    return *value > KEEL_HEALTH_LONG_DAYS * keel_health_day(c->p, k->project);
}

bool keel_health_high_float(const health_ctx *c, int q, health_tally *out)
{
    return keel_health_each_task(c, q, out, high_float);
}

bool keel_health_negative_float(const health_ctx *c, int q, health_tally *out)
{
    return keel_health_each_task(c, q, out, negative_float);
}

bool keel_health_high_duration(const health_ctx *c, int q, health_tally *out)
{
    return keel_health_each_task(c, q, out, high_duration);
}
