/* SPDX-License-Identifier: GPL-3.0-or-later
 * Schedules (see schedule.h) and the schedule as it stands in the input files.
 */
#include "analysis/schedule.h"

#include <stdlib.h>
#include <string.h>

#include "analysis/cpm.h"
#include "base/error.h"

keel_schedule *keel_schedule_new(int ntasks)
{
    keel_schedule *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->ntasks = ntasks;
    s->start = malloc(sizeof(keel_time) * (size_t)(ntasks + 1));
    s->finish = malloc(sizeof(keel_time) * (size_t)(ntasks + 1));
    if (!s->start || !s->finish) {
        keel_schedule_free(s);
        return NULL;
    }
    for (int i = 0; i < ntasks; i++)
        s->start[i] = s->finish[i] = KEEL_TIME_NONE;
    return s;
}

void keel_schedule_free(keel_schedule *s)
{
    if (!s)
        return;
    free(s->start);
    free(s->finish);
    free(s->unresolved);
    free(s);
}

void keel_schedule_copy(keel_schedule *dst, const keel_schedule *src)
{
    memcpy(dst->start, src->start, sizeof(keel_time) * (size_t)src->ntasks);
    memcpy(dst->finish, src->finish, sizeof(keel_time) * (size_t)src->ntasks);
}

keel_time keel_schedule_start(const keel_schedule *s, int task)
{
    return s && task >= 0 && task < s->ntasks ? s->start[task] : KEEL_TIME_NONE;
}

keel_time keel_schedule_finish(const keel_schedule *s, int task)
{
    return s && task >= 0 && task < s->ntasks ? s->finish[task] : KEEL_TIME_NONE;
}

void keel_schedule_roll_up(const keel_portfolio *p, keel_schedule *s)
{
    for (int t = 0; t < p->ntasks; t++)
        if (p->tasks[t].summary)
            s->start[t] = s->finish[t] = KEEL_TIME_NONE;
    for (int t = 0; t < p->ntasks; t++) {
        if (p->tasks[t].summary || s->start[t] == KEEL_TIME_NONE)
            continue;
        for (int a = p->tasks[t].parent; a >= 0; a = p->tasks[a].parent) {
            if (s->start[a] == KEEL_TIME_NONE || s->start[t] < s->start[a])
                s->start[a] = s->start[t];
            if (s->finish[a] == KEEL_TIME_NONE || s->finish[t] > s->finish[a])
                s->finish[a] = s->finish[t];
        }
    }
}

keel_status keel_schedule_check(const keel_portfolio *p, const keel_schedule *s,
                                keel_error *err)
{
    if (!s || s->ntasks != p->ntasks)
        return keel_error_set(err, KEEL_ERR_INVALID, NULL, 0,
                              "schedule does not match the portfolio (%d tasks)", p->ntasks);
    for (int t = 0; t < p->ntasks; t++)
        if (!p->tasks[t].summary &&
            (s->start[t] == KEEL_TIME_NONE || s->finish[t] == KEEL_TIME_NONE))
            return keel_error_set(err, KEEL_ERR_INVALID, p->projects[p->tasks[t].project].file,
                                  p->tasks[t].line, "task UID %d '%s': no dates",
                                  (int)p->tasks[t].uid, p->tasks[t].name);
    return KEEL_OK;
}

keel_time keel_schedule_project_finish(const keel_portfolio *p, const keel_schedule *s, int q,
                                       keel_time cpm_finish, int64_t *delay)
{
    const keel_project *pr = &p->projects[q];
    keel_time finish = cpm_finish;
    for (int t = pr->first_task; t < pr->first_task + pr->ntasks; t++)
        if (!p->tasks[t].summary && s->finish[t] > finish)
            finish = s->finish[t];
    *delay = keel_project_work(p, q, cpm_finish, finish);
    return finish;
}

keel_status keel_schedule_from_input(const keel_portfolio *p, keel_schedule **out,
                                     keel_error *err)
{
    *out = NULL;
    keel_cpm *cpm = NULL;
    keel_status st = keel_cpm_run(p, &cpm, err);
    if (st != KEEL_OK)
        return st;
    keel_schedule *s = keel_schedule_new(p->ntasks);
    if (!s) {
        keel_cpm_free(cpm);
        return keel_error_nomem(err);
    }
    for (int t = 0; t < p->ntasks; t++) {
        const keel_task *task = &p->tasks[t];
        bool dated = task->start != KEEL_TIME_NONE && task->finish != KEEL_TIME_NONE;
        s->start[t] = task->fixed ? task->fixed_start : dated ? task->start : cpm->es[t];
        s->finish[t] = task->fixed ? task->fixed_finish : dated ? task->finish : cpm->ef[t];
    }
    keel_schedule_roll_up(p, s);
    keel_cpm_free(cpm);
    *out = s;
    return KEEL_OK;
}
