/* SPDX-License-Identifier: GPL-3.0-or-later
 * The settings of one leveling run: the user's keel_options as given, plus
 * what keel derives from them once (the objective, the budget, the solver
 * mix, whether to report progress). Every default that depends on the
 * portfolio is decided here and nowhere else; the driver and keel_level read
 * the options through this struct instead of copying them.
 */
#ifndef KEEL_CONFIG_H
#define KEEL_CONFIG_H

#include "model/model.h"
#include "solvers/solver.h"

/* The solvers the driver runs when the user does not choose. One small
 * project (up to KEEL_ILP_JOBS tasks, PSPLIB j30): the GA and one ILP
 * worker, which proves optima there; larger single projects: GA islands,
 * the ILP worker from the third thread on (there it mostly adds proofs and
 * a tighter bound, while a second GA that shares its finds pays at equal
 * wall time). Several projects: the GA and
 * the portfolio search side by side. Large portfolios: the portfolio search
 * on every worker (the GA evaluates a few hundred schedules in a minute
 * there). */
#define KEEL_DEFAULT_SOLVERS "ga,ilp-exact,ga,ga,ga,ga,ga,ga"
#define KEEL_ISLAND_SOLVERS "ga,ga,ilp-exact,ga,ga,ga,ga,ga"
#define KEEL_PORTFOLIO_SOLVERS "ga,portfolio,ilp-exact,ga,portfolio,ga,portfolio,ga"
#define KEEL_LARGE_SOLVERS "portfolio"
#define KEEL_ILP_JOBS 60
#define KEEL_LARGE_JOBS 5000
#define KEEL_MAX_SOLVERS 16

typedef struct keel_config {
    const keel_options *user;          /* as given: threads, seed, iterations,
                                          time limit, within slack, progress */
    char objective_name[32];           /* "default" resolved */
    keel_objective_kind objective;
    int64_t budget;                    /* schedules over all workers */
    double time_limit;                 /* seconds the driver may search (0 =
                                          none): the user's limit less what the
                                          rest of the run needs (level_solve.c) */
    const keel_solver *solvers[KEEL_MAX_SOLVERS]; /* worker w runs solvers[w % n] */
    int nsolvers;
    bool progress;                     /* call user->progress (set, and not quiet) */
} keel_config;

/* Resolves o for portfolio p into c (which keeps a pointer to o: o must
 * outlive c). Fails with KEEL_ERR_INVALID naming the option: an unknown
 * objective or solver, an empty solver list. */
keel_status keel_config_resolve(const keel_portfolio *p, const keel_options *o,
                                keel_config *c, keel_error *err);

#endif
