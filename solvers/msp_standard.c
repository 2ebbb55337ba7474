/* SPDX-License-Identifier: GPL-3.0-or-later
 * MS Project's "priority, standard" leveling order as one serial SGS pass, a
 * familiar baseline (docs/mspdi.md §8; KB 197106: standard order delays
 * successors before predecessors, later start first, tasks without hard
 * constraints, more weighted slack, lower priority, higher ID; "priority,
 * standard" puts priority first). Read the other way round, it is the order
 * in which tasks keep their place: priority (project, then task) descending,
 * predecessors first, early start, hard constraints first, total slack
 * (our "weighted slack": MS Project's potential-delay weighting is not
 * documented), ID. One schedule; no improvement.
 */
#include "base/error.h"
#include "solvers/solver.h"

#include <stdlib.h>

typedef struct rowkey {
    int job;
    int prio, task_prio, hard, id;
    keel_time es;
    int64_t slack;
} rowkey;

static int cmp_row(const void *a, const void *b)
{
    const rowkey *x = a, *y = b;
    if (x->prio != y->prio)
        return y->prio - x->prio;
    if (x->task_prio != y->task_prio)
        return y->task_prio - x->task_prio;
    if (x->es != y->es)
        return x->es < y->es ? -1 : 1;
    if (x->hard != y->hard)
        return y->hard - x->hard;
    if (x->slack != y->slack)
        return x->slack < y->slack ? -1 : 1;
    if (x->id != y->id)
        return x->id < y->id ? -1 : 1;
    return x->job - y->job;
}

static bool is_hard(keel_constraint_type c)
{
    return c == KEEL_MSO || c == KEEL_MFO || c == KEEL_SNLT || c == KEEL_FNLT;
}

keel_status keel_solver_msp_standard(const keel_problem *P, const keel_solve_options *o,
                                     keel_rng *rng, const keel_plan *incumbent,
                                     keel_plan *best, keel_solve_result *res,
                                     keel_error *err)
{
    keel_status st = KEEL_OK;
    int n = P->njobs;
    keel_sgs *w = NULL;
    keel_objective obj = {0};
    keel_plan early = {0}, late = {0};
    rowkey *rows = NULL;
    double *key = NULL;
    int *list = NULL;
    *res = (keel_solve_result){0};
    if ((st = keel_sgs_new(P, 0, &w, err)) != KEEL_OK ||
        (st = keel_objective_init(&obj, P, o->objective, err)) != KEEL_OK)
        goto done;
    rows = malloc(((size_t)n + 1) * sizeof *rows);
    key = malloc(((size_t)n + 1) * sizeof *key);
    list = malloc(((size_t)n + 1) * sizeof *list);
    if (!rows || !key || !list || !keel_plan_init(&early, n) || !keel_plan_init(&late, n)) {
        st = keel_error_nomem(err);
        goto done;
    }
    keel_sgs_cpm(P, &early, &late);
    const keel_portfolio *pf = P->portfolio;
    for (int j = 0; j < n; j++) {
        const keel_task *t = &pf->tasks[P->task[j]];
        rows[j] = (rowkey){.job = j, .prio = pf->projects[t->project].priority,
                           .task_prio = t->priority, .hard = is_hard(t->constraint),
                           .id = t->id >= 0 ? t->id : t->uid, .es = early.start[j],
                           .slack = late.start[j] - early.start[j]};
    }
    qsort(rows, (size_t)n, sizeof *rows, cmp_row);
    for (int q = 0; q < n; q++)
        key[rows[q].job] = (double)q;
    keel_sgs_list_from_keys(w, key, list);
    if (o->budget > 0) {
        keel_sgs_serial(w, list, best);
        res->schedules = 1;
        res->value = keel_objective_value(&obj, best);
        res->found = true;
    }
done:
    keel_sgs_free(w);
    keel_objective_release(&obj);
    keel_plan_release(&early);
    keel_plan_release(&late);
    free(rows);
    free(key);
    free(list);
    return st;
}
