/* SPDX-License-Identifier: GPL-3.0-or-later
 * Starting a scenario's search from the base schedule (level.h), so that a
 * scenario that only relaxes the base (more capacity, fewer projects) never
 * looks worse than it. The base's dates are repaired for the scenario by the
 * serial scheme that never places a job before its base start (a job that no
 * longer fits there only delays what it overlaps; jobs new in the scenario are
 * placed by their early start), then every job is shifted left as far as the
 * scenario allows (justification never moves a job later). For a relaxation
 * the repair changes nothing, so the start is the base schedule restricted to
 * the scenario, improved: no project finishes later than in the base.
 */
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "run/level.h"
#include "search/objective.h"

/* The start's dates as a plan (early dates for new jobs) and its job list. */
static void start_plan(const keel_run *run, keel_sgs *w, keel_time *not_before,
                       keel_plan *dates, int *list)
{
    const keel_problem *P = run->P;
    keel_sgs_cpm(P, dates, NULL);
    for (int j = 0; j < P->njobs; j++) {
        not_before[j] = run->start->start[P->task[j]];
        if (not_before[j] != KEEL_TIME_NONE) {
            dates->start[j] = not_before[j];
            dates->finish[j] = keel_problem_finish(P, j, not_before[j]);
        }
    }
    keel_sgs_list_from_plan(w, dates, list);
}

keel_status keel_level_warm(keel_run *run, keel_search_outcome *out, keel_error *err)
{
    const keel_problem *P = run->P;
    keel_sgs *w = NULL;
    keel_plan dates = {0};
    keel_objective obj = {0};
    keel_time *not_before = malloc(sizeof(keel_time) * ((size_t)P->njobs + 1));
    int *list = malloc(sizeof(int) * ((size_t)P->njobs + 1));
    keel_status st = not_before && list && keel_plan_init(&dates, P->njobs) &&
                             keel_plan_init(&run->warm, P->njobs)
                         ? KEEL_OK
                         : keel_error_nomem(err);
    if (st == KEEL_OK)
        st = keel_sgs_new(P, 0, &w, err);
    if (st == KEEL_OK)
        st = keel_objective_init(&obj, P, run->c->objective, err);
    if (st == KEEL_OK) {
        start_plan(run, w, not_before, &dates, list);
        keel_sgs_serial_not_before(w, list, not_before, &run->warm);
        keel_sgs_justify(w, &run->warm, false);
        double warm = keel_objective_value(&obj, &run->warm);
        double first = keel_objective_value(&obj, &run->best);
        run->warm_best =
            keel_objective_compare(warm, run->warm.makespan, first, run->best.makespan) <= 0;
        if (run->warm_best)
            keel_plan_copy(&run->best, &run->warm);
    }
    (void)out;
    keel_objective_release(&obj);
    keel_sgs_free(w);
    keel_plan_release(&dates);
    free(not_before);
    free(list);
    return st;
}

/* True when no project of plan s finishes after keep[q]. */
static bool keeps_finishes(const keel_run *run, const keel_plan *s)
{
    const keel_problem *P = run->P;
    for (int j = 0; j < P->njobs; j++)
        if (s->finish[j] > run->start->keep_finish[P->project[j]])
            return false;
    return true;
}

keel_status keel_level_keep(keel_run *run, keel_search_outcome *out, keel_error *err)
{
    if (run->warm_best && strcmp(out->solver, "initial") == 0)
        out->solver = "base schedule";
    if (!run->start->keep_finish || !run->warm.start || keeps_finishes(run, &run->best) ||
        !keeps_finishes(run, &run->warm))
        return KEEL_OK;
    keel_objective obj;
    keel_status st = keel_objective_init(&obj, run->P, run->c->objective, err);
    if (st != KEEL_OK)
        return st;
    keel_plan_copy(&run->best, &run->warm);
    out->value = keel_objective_value(&obj, &run->best);
    out->solver = "base schedule";
    keel_objective_release(&obj);
    return KEEL_OK;
}
