/* SPDX-License-Identifier: GPL-3.0-or-later
 * Leveling within slack (MS Project's "level only within available slack"):
 * no task may finish after its late finish from the resource-free critical
 * path, so no project finish moves. Lists come from the latest-start rule with
 * task priority first, then from regret-based biased sampling on it (Kolisch &
 * Drexl 1996); the schedule leaving the fewest tasks in conflict wins.
 */
#include <stdlib.h>

#include "base/error.h"
#include "search/rules.h"
#include "solvers/solver.h"

typedef struct within {
    const keel_problem *P;
    keel_sgs *w;
    double *prio;
    int *list, *scratch;
    bool *flags;
    keel_plan cur;
} within;

/* Lower value first: high task priority, then early latest start. */
static void priorities(const keel_problem *P, const keel_time *latest_finish, double *prio)
{
    for (int j = 0; j < P->njobs; j++) {
        const keel_task *t = &P->portfolio->tasks[P->task[j]];
        double ls = (double)(latest_finish[j] - P->origin) - (double)P->dur[j];
        prio[j] = (1000.0 - t->priority) * 1e12 + ls;
    }
}

static keel_status within_init(within *x, const keel_problem *P, keel_error *err)
{
    size_t n = (size_t)P->njobs + 1;
    x->P = P;
    x->prio = malloc(n * sizeof *x->prio);
    x->list = malloc(n * sizeof *x->list);
    x->scratch = malloc(2 * n * sizeof *x->scratch);
    x->flags = malloc(n * sizeof *x->flags);
    if (!x->prio || !x->list || !x->scratch || !x->flags || !keel_plan_init(&x->cur, P->njobs))
        return keel_error_nomem(err);
    return keel_sgs_new(P, 0, &x->w, err);
}

static void within_free(within *x)
{
    keel_sgs_free(x->w);
    keel_plan_release(&x->cur);
    free(x->prio);
    free(x->list);
    free(x->scratch);
    free(x->flags);
}

keel_status keel_solver_within_slack(const keel_problem *P, const keel_time *latest_finish,
                                     int64_t budget, keel_rng *rng, keel_plan *best,
                                     bool *unresolved, int *nunresolved, int64_t *schedules,
                                     keel_error *err)
{
    within x = {0};
    *nunresolved = -1;
    *schedules = 0;
    keel_status st = within_init(&x, P, err);
    if (st != KEEL_OK) {
        within_free(&x);
        return st;
    }
    priorities(P, latest_finish, x.prio);
    for (int64_t it = 0; it < budget && *nunresolved != 0; it++) {
        if (it == 0)
            keel_sgs_list_from_keys(x.w, x.prio, x.list);
        else
            keel_rules_sample(P, x.prio, 1.0, 1.0, rng, x.list, x.scratch);
        int n = keel_sgs_serial_within(x.w, x.list, latest_finish, &x.cur, x.flags);
        ++*schedules;
        if (*nunresolved < 0 || n < *nunresolved) {
            *nunresolved = n;
            keel_plan_copy(best, &x.cur);
            for (int j = 0; j < P->njobs; j++)
                unresolved[j] = x.flags[j];
        }
    }
    within_free(&x);
    return st;
}
