/* SPDX-License-Identifier: GPL-3.0-or-later
 * Multi-pass sampling: each pass draws an activity list by regret-based biased
 * random sampling (Kolisch & Drexl 1996) on one of the priority rules in turn,
 * builds it with the serial SGS, and improves it by forward-backward
 * improvement (Tormos & Lova 2001). Keeps the best schedule by the objective.
 */
#include "base/error.h"
#include "search/fbi.h"
#include "search/rules.h"
#include "solvers/solver.h"

#include <stdlib.h>

keel_status keel_solver_sampling(const keel_problem *P, const keel_solve_options *o,
                                 keel_rng *rng, const keel_plan *incumbent, keel_plan *best,
                                 keel_solve_result *res, keel_error *err)
{
    keel_status st = KEEL_OK;
    int n = P->njobs;
    keel_sgs *w = NULL;
    keel_objective obj = {0};
    keel_plan early = {0}, late = {0}, cur = {0};
    double *prio = NULL;
    int *list = NULL, *scratch = NULL;
    double t0 = keel_clock_seconds();
    *res = (keel_solve_result){0};
    if ((st = keel_sgs_new(P, 0, &w, err)) != KEEL_OK ||
        (st = keel_objective_init(&obj, P, o->objective, err)) != KEEL_OK)
        goto done;
    prio = malloc(((size_t)n + 1) * KEEL_RULE_COUNT * sizeof *prio);
    list = malloc(((size_t)n + 1) * sizeof *list);
    scratch = malloc(((size_t)n + 1) * 2 * sizeof *scratch);
    if (!prio || !list || !scratch || !keel_plan_init(&early, n) || !keel_plan_init(&late, n) ||
        !keel_plan_init(&cur, n)) {
        st = keel_error_nomem(err);
        goto done;
    }
    keel_sgs_cpm(P, &early, &late);
    for (int r = 0; r < KEEL_RULE_COUNT; r++)
        keel_rules_values(P, (keel_rule)r, &early, &late, rng, prio + (size_t)r * n);
    if (incumbent) {
        keel_plan_copy(best, incumbent);
        res->value = keel_objective_value(&obj, best);
        res->found = true;
    }
    for (int64_t it = 0; res->schedules < o->budget; it++) {
        if (keel_solve_stopped(o) ||
            (o->time_limit > 0 && keel_clock_seconds() - t0 > o->time_limit))
            break;
        int r = (int)(it % KEEL_RULE_COUNT);
        /* The first pass of each rule is the rule itself, then samples. */
        if (it < KEEL_RULE_COUNT)
            keel_sgs_list_from_keys(w, prio + (size_t)r * n, list);
        else
            keel_rules_sample(P, prio + (size_t)r * n, 1.0, 1.0, rng, list, scratch);
        keel_sgs_serial(w, list, &cur);
        res->schedules++;
        int64_t left = o->budget - res->schedules;
        res->schedules += keel_fbi_objective(w, &cur, &obj, (int)(left < 6 ? left : 6));
        double v = keel_objective_value(&obj, &cur);
        if (!res->found || keel_objective_compare(v, cur.makespan, res->value, best->makespan) < 0) {
            keel_plan_copy(best, &cur);
            res->value = v;
            res->found = true;
        }
    }
done:
    keel_sgs_free(w);
    keel_objective_release(&obj);
    keel_plan_release(&early);
    keel_plan_release(&late);
    keel_plan_release(&cur);
    free(prio);
    free(list);
    free(scratch);
    return st;
}
