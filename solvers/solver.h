/* SPDX-License-Identifier: GPL-3.0-or-later
 * The solver interface and the one table of solvers (registry.c). A solver is
 * a single-threaded policy over the mechanisms of src/ (SGS, FBI, rules); the
 * parallel driver runs several with different seeds. Same problem, options,
 * seed and incumbent give the same schedule; only time_limit (wall clock) can
 * make a run nondeterministic.
 */
#ifndef KEEL_SOLVER_H
#define KEEL_SOLVER_H

#include "base/clock.h"
#include "base/rng.h"
#include "search/objective.h"
#include "search/sgs.h"

/* Live sharing between the driver's workers while a round runs: a worker
 * offers each new best schedule and, at its own checkpoints, takes a better
 * one another worker offered. The driver sets it only when a time limit
 * already makes the run depend on timing; without one, workers share at the
 * ends of rounds only, so that a run stays reproducible. */
typedef struct keel_share {
    void (*offer)(void *ctx, const keel_plan *s, double value, const char *by);
    /* Copies the shared schedule into `into` when it is better than (value,
     * makespan): true then, with its value and finder in *got, *by. */
    bool (*take)(void *ctx, double value, keel_time makespan, keel_plan *into, double *got,
                 const char **by);
    void *ctx;
} keel_share;

typedef struct keel_solve_options {
    keel_objective_kind objective;
    int64_t budget;      /* generated schedules (each FBI pass counts), > 0 */
    double time_limit;   /* seconds of wall clock, 0 = none */
    double lower_bound;  /* the best proven lower bound on the objective the
                            driver knows (0 = none: every objective is >= 0);
                            a solver may stop when the incumbent reaches it */
    void **state;        /* the worker's slot for state kept between rounds
                            (NULL = none); freed by keel_solver.free_state */
    /* Called now and then (e.g. once a generation) with the schedules so far and
     * the best value; may be NULL. The driver sets it for a single worker, so
     * that long runs show progress. */
    void (*tick)(int64_t schedules, double best, void *ctx);
    void *tick_ctx;
    const volatile sig_atomic_t *stop; /* the user's stop request (keel_options),
                                          may be NULL: end as soon as it is set */
    const keel_share *share;           /* live sharing, NULL = none */
    int peer, peers;     /* workers before this one that run the same solver
                            (0: the first) and how many run it (1: alone), so
                            that peers can take different paths */
} keel_solve_options;

/* Offers a new best schedule to the other workers (nothing without sharing). */
static inline void keel_solve_offer(const keel_solve_options *o, const keel_plan *s,
                                    double value, const char *by)
{
    if (o->share)
        o->share->offer(o->share->ctx, s, value, by);
}

/* Takes another worker's schedule better than (value, makespan) into `into`;
 * false without sharing or when there is none. */
static inline bool keel_solve_take(const keel_solve_options *o, double value,
                                   keel_time makespan, keel_plan *into, double *got,
                                   const char **by)
{
    return o->share && o->share->take(o->share->ctx, value, makespan, into, got, by);
}

/* True when the user asked the run to stop. Cannot fail. */
static inline bool keel_solve_stopped(const keel_solve_options *o)
{
    return o->stop && *o->stop;
}

/* What a run returns: its best schedule (in best, allocated by the caller for
 * P->njobs), its objective value and the schedules used. */
typedef struct keel_solve_result {
    double value;
    int64_t schedules;
    bool found;          /* false only when the budget allowed no schedule */
    double bound;        /* a proven lower bound on the objective of every
                            schedule (exact solvers), 0 = none */
    const char *by;      /* the algorithm that found best when a solver handed
                            its share to another (NULL: the solver itself) */
} keel_solve_result;

/* A solver run. incumbent (may be NULL) is a feasible schedule to improve; best
 * receives the best schedule found (it may be the incumbent). Fails with
 * KEEL_ERR_NOMEM only; best is then unchanged. */
typedef keel_status (*keel_solver_fn)(const keel_problem *P, const keel_solve_options *o,
                                      keel_rng *rng, const keel_plan *incumbent,
                                      keel_plan *best, keel_solve_result *res,
                                      keel_error *err);

typedef struct keel_solver {
    const char *name;
    const char *description;
    keel_solver_fn run;
    void (*free_state)(void *state); /* frees what run left in *o->state; NULL
                                        for solvers that keep none */
} keel_solver;

/* The table, terminated by an entry with name NULL. */
extern const keel_solver keel_solvers[];
/* The solver named name, or NULL. */
const keel_solver *keel_solver_find(const char *name);

/* Solvers (one file each). */
keel_status keel_solver_sampling(const keel_problem *P, const keel_solve_options *o,
                                 keel_rng *rng, const keel_plan *incumbent, keel_plan *best,
                                 keel_solve_result *res, keel_error *err);
keel_status keel_solver_ga(const keel_problem *P, const keel_solve_options *o, keel_rng *rng,
                           const keel_plan *incumbent, keel_plan *best,
                           keel_solve_result *res, keel_error *err);
keel_status keel_solver_msp_standard(const keel_problem *P, const keel_solve_options *o,
                                     keel_rng *rng, const keel_plan *incumbent,
                                     keel_plan *best, keel_solve_result *res,
                                     keel_error *err);

/* The best of the rule-based single passes (rule_passes.c): every portfolio
 * rule through the serial and the parallel SGS; res->by names the rule. */
keel_status keel_solver_rules(const keel_problem *P, const keel_solve_options *o,
                              keel_rng *rng, const keel_plan *incumbent, keel_plan *best,
                              keel_solve_result *res, keel_error *err);

/* Project-level local search for portfolios (project_search.c); keeps its
 * state between rounds (freed by keel_solver_portfolio_free_state). */
keel_status keel_solver_portfolio(const keel_problem *P, const keel_solve_options *o,
                                  keel_rng *rng, const keel_plan *incumbent, keel_plan *best,
                                  keel_solve_result *res, keel_error *err);
void keel_solver_portfolio_free_state(void *state);

/* Integer programming with GLPK (ilp_exact.c, ilp_lns.c; budget units in
 * ilp_util.h). */
keel_status keel_solver_ilp_exact(const keel_problem *P, const keel_solve_options *o,
                                  keel_rng *rng, const keel_plan *incumbent, keel_plan *best,
                                  keel_solve_result *res, keel_error *err);
keel_status keel_solver_ilp_lns(const keel_problem *P, const keel_solve_options *o,
                                keel_rng *rng, const keel_plan *incumbent, keel_plan *best,
                                keel_solve_result *res, keel_error *err);
void keel_solver_ilp_free_state(void *state);
/* The GA on another solver's share: the same run without that solver's state
 * slot (each keeps its own). */
keel_status keel_solver_ga_share(const keel_problem *P, const keel_solve_options *o,
                                 keel_rng *rng, const keel_plan *incumbent, keel_plan *best,
                                 keel_solve_result *res, keel_error *err);
/* Frees the GA's population kept between rounds. */
void keel_solver_ga_free_state(void *state);

/* Levels within slack: every job finishes by latest_finish[job]; jobs that
 * cannot are left in conflict and marked in unresolved. Tries up to budget
 * lists; best receives the schedule with the fewest such jobs. Fails with
 * KEEL_ERR_NOMEM only. */
keel_status keel_solver_within_slack(const keel_problem *P, const keel_time *latest_finish,
                                     int64_t budget, keel_rng *rng, keel_plan *best,
                                     bool *unresolved, int *nunresolved, int64_t *schedules,
                                     keel_error *err);

#endif
