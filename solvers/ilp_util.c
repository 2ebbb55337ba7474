/* SPDX-License-Identifier: GPL-3.0-or-later
 * Shared parts of the ILP solvers (see ilp_util.h).
 */
#include "solvers/ilp_util.h"

#include <math.h>
#include <stdlib.h>

keel_ilp_state *keel_ilp_state_get(const keel_solve_options *o)
{
    if (!o->state)
        return NULL;
    if (!*o->state)
        *o->state = calloc(1, sizeof(keel_ilp_state));
    return *o->state;
}

void keel_solver_ilp_free_state(void *state)
{
    if (state)
        keel_bnb_free(((keel_ilp_state *)state)->bnb);
    free(state);
}

bool keel_ilp_grid_starts(const keel_problem *P, const keel_ilp_grid *g, const keel_plan *s,
                          int *start)
{
    for (int j = 0; j < P->njobs; j++) {
        int64_t t = keel_ilp_grid_at(g, s->start[j], false);
        if (t < 0 || t > 1000000 || (g->exact && keel_ilp_grid_time(g, t) != s->start[j] &&
                                     P->fixed_start[j] == KEEL_TIME_NONE))
            return false;
        start[j] = (int)t;
    }
    return true;
}

void keel_ilp_decode(keel_sgs *w, const keel_ilp_grid *g, const int *start, keel_plan *raw,
                     int *list, keel_plan *out)
{
    const keel_problem *P = keel_sgs_problem(w);
    raw->makespan = g->origin;
    for (int j = 0; j < P->njobs; j++) {
        raw->start[j] = keel_ilp_grid_time(g, start[j]);
        raw->finish[j] = keel_problem_finish(P, j, raw->start[j]);
        if (raw->finish[j] > raw->makespan)
            raw->makespan = raw->finish[j];
    }
    keel_sgs_list_from_plan(w, raw, list);
    keel_sgs_serial(w, list, out);
}

double keel_ilp_finish_value(const keel_problem *P, keel_objective_kind kind, keel_time finish)
{
    if (kind == KEEL_OBJ_MAKESPAN)
        return (double)(finish - P->origin);
    if (kind != KEEL_OBJ_TMS || P->nprojects == 0)
        return NAN;
    keel_time lo = P->release[0], hi = finish;
    for (int k = 0; k < P->nprojects; k++) {
        lo = P->release[k] < lo ? P->release[k] : lo;
        hi = P->release[k] > hi ? P->release[k] : hi;
    }
    return (double)(hi - lo);
}

void keel_ilp_solver_params(const keel_solve_options *o, double t0, int64_t nodes,
                            double max_seconds, keel_ilp_params *par)
{
    keel_ilp_params_init(par);
    par->node_limit = nodes > 0 ? nodes : 1;
    par->iteration_limit = par->node_limit * KEEL_ILP_NODE_ITERATIONS;
    par->max_nonzeros = KEEL_ILP_MAX_NONZEROS;
    par->stop = o->stop;
    if (o->time_limit > 0) {
        /* the heuristic workers wait for the round's end: at most
         * max_seconds, and a third of the time left (at least a second) */
        double left = o->time_limit - (keel_clock_seconds() - t0);
        double cap = left / 3 > 1 ? left / 3 : left;
        if (max_seconds > 0 && max_seconds < cap)
            cap = max_seconds;
        par->time_limit_ms = cap > 0.001 ? (int64_t)(cap * 1000) : 1;
    }
}
