/* SPDX-License-Identifier: GPL-3.0-or-later
 * Schedule health, the checks of progress against the status date and the
 * baseline (DCMA points 9, 11 and 14): invalid dates, missed tasks and the
 * baseline execution index. Without a status date they do not apply; missed
 * tasks and BEI also need baseline finishes (MSPDI <Baseline> number 0).
 * Forecast dates are the task's Start and Finish as the file has them (keel's
 * CPM dates for a task without them).
 */
#include "health/health.h"

static bool no_status(const health_ctx *c, int q, health_tally *out)
{
    if (c->status[q] != KEEL_TIME_NONE)
        return false;
    out->applicable = false;
    out->note = "no status date";
    return true;
}

/* What is wrong with a task's dates at status date sd, or NULL. */
static const char *invalid_date(const health_ctx *c, int t, keel_time sd, keel_time *when)
{
    const keel_task *k = &c->p->tasks[t];
    keel_time start = k->start != KEEL_TIME_NONE ? k->start : c->cpm->es[t];
    keel_time finish = k->finish != KEEL_TIME_NONE ? k->finish : c->cpm->ef[t];
    bool done = k->actual_finish != KEEL_TIME_NONE || k->percent_complete >= 100;
    if (k->actual_start != KEEL_TIME_NONE && k->actual_start > sd)
        return *when = k->actual_start, "actual start after the status date";
    if (k->actual_finish != KEEL_TIME_NONE && k->actual_finish > sd)
        return *when = k->actual_finish, "actual finish after the status date";
    if (k->actual_start == KEEL_TIME_NONE && !done && start < sd)
        return *when = start, "forecast start before the status date";
    if (!done && finish < sd)
        return *when = finish, "forecast finish before the status date";
    return NULL;
}

bool keel_health_invalid_dates(const health_ctx *c, int q, health_tally *out)
{
    if (no_status(c, q, out))
        return true;
    const keel_portfolio *p = c->p;
    const keel_project *pr = &p->projects[q];
    for (int t = pr->first_task; t < pr->first_task + pr->ntasks; t++) {
        if (p->tasks[t].summary)
            continue;
        out->total++;
        keel_time when = KEEL_TIME_NONE;
        const char *why = invalid_date(c, t, c->status[q], &when);
        if (!why)
            continue;
        out->count++;
        if (!keel_health_add(out, t, -1, when, why))
            return false;
    }
    return true;
}

/* A leaf whose baseline says it finishes by the status date. */
static bool due(const health_ctx *c, int t, keel_time sd)
{
    const keel_task *k = &c->p->tasks[t];
    return !k->summary && k->has_baseline && k->baseline_finish != KEEL_TIME_NONE &&
           k->baseline_finish <= sd;
}

static bool has_baselines(const health_ctx *c, int q, health_tally *out)
{
    const keel_project *pr = &c->p->projects[q];
    for (int t = pr->first_task; t < pr->first_task + pr->ntasks; t++)
        if (c->p->tasks[t].has_baseline && c->p->tasks[t].baseline_finish != KEEL_TIME_NONE)
            return true;
    out->applicable = false;
    out->note = "no baseline";
    return false;
}

/* Missed: due by the status date and finished after the baseline finish, or
 * not finished at all. */
bool keel_health_missed(const health_ctx *c, int q, health_tally *out)
{
    if (no_status(c, q, out) || !has_baselines(c, q, out))
        return true;
    const keel_project *pr = &c->p->projects[q];
    for (int t = pr->first_task; t < pr->first_task + pr->ntasks; t++) {
        if (!due(c, t, c->status[q]))
            continue;
        out->total++;
        const keel_task *k = &c->p->tasks[t];
        keel_time done = keel_health_finished_at(k);
        if (done != KEEL_TIME_NONE && done <= k->baseline_finish)
            continue;
        out->count++;
        if (!keel_health_add(out, t, -1, k->baseline_finish,
                             done == KEEL_TIME_NONE ? "not finished" : "finished late"))
            return false;
    }
    return true;
}

/* BEI: tasks finished (whenever baselined) over tasks due by the status
 * date. The items are the due tasks not finished. */
bool keel_health_bei(const health_ctx *c, int q, health_tally *out)
{
    if (no_status(c, q, out) || !has_baselines(c, q, out))
        return true;
    const keel_project *pr = &c->p->projects[q];
    int64_t finished = 0;
    for (int t = pr->first_task; t < pr->first_task + pr->ntasks; t++) {
        const keel_task *k = &c->p->tasks[t];
        if (k->summary)
            continue;
        bool done = keel_health_finished_at(k) != KEEL_TIME_NONE;
        finished += done;
        if (!due(c, t, c->status[q]))
            continue;
        out->total++;
        if (done)
            continue;
        out->count++;
        if (!keel_health_add(out, t, -1, k->baseline_finish, "due but not finished"))
            return false;
    }
    if (out->total == 0) {
        out->applicable = false;
        out->note = "no task due by the status date";
        return true;
    }
    out->value = (double)finished / (double)out->total;
    return true;
}
