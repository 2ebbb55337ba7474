/* SPDX-License-Identifier: GPL-3.0-or-later
 * The rule-based single passes a portfolio starts from: every portfolio rule
 * (search/portfolio_rules.h) through the serial SGS and through the parallel
 * SGS, each schedule evaluated on the objective; the best is kept, so that
 * keel never loses to one pass of a sensible rule. One pass at 45,000 jobs
 * takes about a tenth of a second; the passes stop at the time limit (after
 * the first).
 */
#include <stdlib.h>

#include "base/error.h"
#include "search/portfolio_rules.h"
#include "solvers/solver.h"

/* "rule <name>" and "rule <name> (parallel SGS)", for res->by. */
static const char *pass_name(keel_prule r, bool parallel)
{
    static const char *names[2][KEEL_PRULE_COUNT] = {
        {"rule project-lft", "rule project-lst", "rule project-minslk", "rule weighted-slack",
         "rule project-wspt", "rule priority-lft", "rule portfolio-lft", "rule est"},
        {"rule project-lft (parallel SGS)", "rule project-lst (parallel SGS)",
         "rule project-minslk (parallel SGS)", "rule weighted-slack (parallel SGS)",
         "rule project-wspt (parallel SGS)", "rule priority-lft (parallel SGS)",
         "rule portfolio-lft (parallel SGS)", "rule est (parallel SGS)"}};
    return names[parallel][r];
}

typedef struct passes {
    const keel_problem *P;
    const keel_solve_options *o;
    keel_sgs *w;
    keel_objective obj;
    keel_prule_data data;
    keel_plan cur;
    double *key;
    int *list;
    double t0;
} passes;

static bool out_of_time(const passes *s, const keel_solve_result *res)
{
    if (res->schedules >= s->o->budget)
        return true;
    return res->found && (keel_solve_stopped(s->o) || (s->o->time_limit > 0 &&
                                                       keel_clock_seconds() - s->t0 >
                                                           s->o->time_limit));
}

static void consider(passes *s, keel_plan *best, keel_solve_result *res, const char *by)
{
    double v = keel_objective_value(&s->obj, &s->cur);
    res->schedules++;
    if (!res->found ||
        keel_objective_compare(v, s->cur.makespan, res->value, best->makespan) < 0) {
        keel_plan_copy(best, &s->cur);
        res->value = v;
        res->found = true;
        res->by = by;
    }
}

/* The parallel SGS advances one decision time at a time over every job;
 * beyond this size one pass takes seconds (45,000 jobs: 5 to 11 s against
 * 0.2 s for a serial pass), so large portfolios use the serial SGS only. */
#define PARALLEL_SGS_JOBS 5000

static void run_passes(passes *s, keel_plan *best, keel_solve_result *res)
{
    int schemes = s->P->njobs <= PARALLEL_SGS_JOBS ? 2 : 1;
    for (int r = 0; r < KEEL_PRULE_COUNT; r++) {
        for (int parallel = 0; parallel < schemes; parallel++) {
            if (out_of_time(s, res))
                return;
            keel_prule_keys(&s->data, (keel_prule)r, s->key);
            if (parallel) {
                keel_sgs_parallel(s->w, s->key, &s->cur);
            } else {
                keel_sgs_list_from_keys(s->w, s->key, s->list);
                keel_sgs_serial(s->w, s->list, &s->cur);
            }
            consider(s, best, res, pass_name((keel_prule)r, parallel));
        }
    }
}

static keel_status passes_init(passes *s, const keel_problem *P, const keel_solve_options *o,
                               keel_error *err)
{
    keel_status st = keel_sgs_new(P, 0, &s->w, err);
    if (st == KEEL_OK)
        st = keel_objective_init(&s->obj, P, o->objective, err);
    if (st == KEEL_OK)
        st = keel_prule_data_init(&s->data, P, o->objective, err);
    if (st != KEEL_OK)
        return st;
    s->key = malloc(((size_t)P->njobs + 1) * sizeof *s->key);
    s->list = malloc(((size_t)P->njobs + 1) * sizeof *s->list);
    if (!s->key || !s->list || !keel_plan_init(&s->cur, P->njobs))
        return keel_error_nomem(err);
    return KEEL_OK;
}

static void passes_free(passes *s)
{
    keel_sgs_free(s->w);
    keel_objective_release(&s->obj);
    keel_prule_data_release(&s->data);
    keel_plan_release(&s->cur);
    free(s->key);
    free(s->list);
}

keel_status keel_solver_rules(const keel_problem *P, const keel_solve_options *o,
                              keel_rng *rng, const keel_plan *incumbent, keel_plan *best,
                              keel_solve_result *res, keel_error *err)
{
    passes s = {.P = P, .o = o, .t0 = keel_clock_seconds()};
    *res = (keel_solve_result){0};
    keel_status st = passes_init(&s, P, o, err);
    if (st == KEEL_OK)
        run_passes(&s, best, res);
    if (st == KEEL_OK && incumbent) { /* never worse than the incumbent */
        double v = keel_objective_value(&s.obj, incumbent);
        if (!res->found ||
            keel_objective_compare(v, incumbent->makespan, res->value, best->makespan) < 0) {
            keel_plan_copy(best, incumbent);
            res->value = v;
            res->found = true;
            res->by = NULL;
        }
    }
    passes_free(&s);
    return st;
}
