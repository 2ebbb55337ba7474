/* SPDX-License-Identifier: GPL-3.0-or-later
 * Exact scheduling by integer programming with GLPK: a time-indexed model
 * (Pritsker, Watters & Wolfe 1969, "Multiproject and multiresource scheduling
 * via zero-one programming", Management Science 16(1):93-108) with the
 * disaggregated precedence constraints of Christofides, Alvarez-Valdes &
 * Tamarit 1987 ("Project scheduling with resource constraints: a branch and
 * bound approach", EJOR 29:262-273), over a small "ILP instance" on an integer
 * grid. The instance knows nothing of calendars or the portfolio:
 * keel_ilp_from_portfolio builds one for a research portfolio, and a
 * large-neighbourhood search can build others (fixed jobs, narrow windows).
 *
 * ilp.c is the only file that includes glpk.h. GLPK's fatal errors become
 * KEEL_ERR_INTERNAL (never abort()); its terminal output is off.
 * Thread safety: Debian's GLPK keeps its environment per thread, so calls in
 * different threads are independent; one thread runs one call at a time.
 */
#ifndef KEEL_ILP_H
#define KEEL_ILP_H

#include <stdbool.h>
#include <stdint.h>

#include "analysis/cpm.h"
#include "keel.h"
#include "model/model.h"
#include "search/problem.h"

typedef enum keel_ilp_objective {
    KEEL_ILP_MAKESPAN,           /* latest finish of any job */
    KEEL_ILP_WEIGHTED_FINISH,    /* sum_p weight[p] * F_p, F_p = latest finish of
                                    project p's jobs; with the CPM finishes as
                                    constants this is also (weighted) total or
                                    average project delay */
    KEEL_ILP_WEIGHTED_TARDINESS, /* sum_p weight[p] * max(0, F_p - due[p]) */
} keel_ilp_objective;

/* A precedence arc as a minimum start-to-start distance:
 * S[succ] >= S[pred] + dist (grid units, may be negative). Links convert as
 * FS: d_pred + lag, SS: lag, FF: d_pred + lag - d_succ, SF: lag - d_succ. */
typedef struct keel_ilp_arc {
    int pred, succ;
    int dist; /* grid units */
} keel_ilp_arc;

/* An instance. Jobs start in their window [est, lst] (a window of size one
 * fixes a job) and run without interruption; every job must finish by
 * horizon (lst + duration <= horizon). A converter-made instance owns its
 * arrays (keel_ilp_free); one filled by hand points to the caller's. */
typedef struct keel_ilp {
    int njobs, narcs, nres, nprojects;
    int horizon;          /* grid periods 0 .. horizon-1 */
    int *duration;        /* [njobs] grid units, >= 0 */
    int *est, *lst;       /* [njobs] start window, grid units */
    keel_ilp_arc *arcs;   /* [narcs] */
    int *project;         /* [njobs] 0 .. nprojects-1 */
    int32_t *capacity;    /* [nres * horizon] resource-major: capacity of k in
                             period t is capacity[k * horizon + t] */
    int32_t *demand;      /* [njobs * nres] job-major, >= 0 */
    keel_ilp_objective objective;
    double *weight;       /* [nprojects], NULL = all 1 */
    int *due;             /* [nprojects] grid units, tardiness only */
    int *task;            /* [njobs] portfolio task of each job (converter), or NULL */
} keel_ilp;

/* Frees a converter-made instance and its arrays. NULL-safe. */
void keel_ilp_free(keel_ilp *m);

/* Builds the instance of a research portfolio (p->research; one grid unit is
 * one period, grid time 0 is time 0) for the horizon T (periods): jobs are the
 * leaves in topological order, windows from the CPM early starts (releases and
 * arrivals included) to T minus the job's tail (the longest path from its start
 * to the end of the portfolio), so variables exist only inside windows. Only
 * work resources that are leveled count. Fails with KEEL_ERR_INVALID (not a
 * research portfolio, horizon out of range), KEEL_ERR_NOMEM; *out is then NULL.
 * A horizon below the critical path gives empty windows (the solve reports
 * infeasible), not an error. */
keel_status keel_ilp_from_portfolio(const keel_portfolio *p, const keel_cpm *c,
                                    keel_ilp_objective objective, int64_t horizon,
                                    keel_ilp **out, keel_error *err);

/* A grid for a solver problem. Without a calendar, grid time t is the instant
 * origin + t * unit. With one, grid time counts working time of that
 * calendar: grid time t is t * unit working minutes after origin, so nights,
 * weekends and holidays take no grid periods. */
typedef struct keel_ilp_grid {
    keel_time origin;         /* minutes (periods) */
    int64_t unit;             /* minutes (periods) per grid period, >= 1 */
    const keel_calendar *cal; /* NULL: elapsed time (continuous calendars) */
    bool exact;               /* the grid model's optimum is the problem's;
                                 otherwise the model only approximates it
                                 (good for proposals, not for bounds) */
    bool relaxed;             /* a coarse bound-only grid (keel_ilp_grid_coarse) */
} keel_ilp_grid;

/* The grid of P. Exact when every job with work and every working-time lag
 * runs on one calendar (or all calendars are continuous), no lag is elapsed
 * time on a working-time calendar and no job is pinned: unit is then the gcd
 * of the durations, lags, earliest starts, project releases, fixed dates and
 * capacity changes (all in that calendar's working time since P->origin), so
 * every active schedule (every SGS schedule, and an optimal one for any
 * regular objective) starts its jobs on the grid and the grid model's optimum
 * is the problem's. Research instances get unit 1 (or coarser). Otherwise the
 * grid counts working time of the calendar most jobs use, in units of at
 * least an hour, and *why says why it is not exact (NULL when it is). Cannot
 * fail. */
void keel_ilp_grid_of(const keel_problem *P, keel_ilp_grid *g, const char **why);

/* A bound-only grid `factor` times coarser than the exact grid g: models on
 * it relax the problem. A schedule's job starting at fine grid time s maps to
 * cell floor(s / factor); it occupies floor(d / factor) whole cells from
 * there (durations, lags and earliest starts round down) and, because two
 * jobs in one cell then run together at some instant of that cell or the
 * next, a cell's capacity is the most the resource has over those two
 * cells. Every schedule of the problem thus maps to a schedule of the model
 * whose makespan is at most the problem's over factor, so factor times the
 * model's optimum (or any bound on it) bounds the problem's makespan. */
keel_ilp_grid keel_ilp_grid_coarse(const keel_ilp_grid *g, int64_t factor);

/* The instant grid period t starts (the next working instant on a calendar). */
keel_time keel_ilp_grid_time(const keel_ilp_grid *g, int64_t t);
/* The instant grid time t ends the work before it (a finish: 17:00 rather
 * than the next morning). */
keel_time keel_ilp_grid_end(const keel_ilp_grid *g, int64_t t);
/* Grid time of instant t: working time since origin over unit, rounded down,
 * or up when up is true; keel_ilp_grid_near rounds to the nearest. */
int64_t keel_ilp_grid_at(const keel_ilp_grid *g, keel_time t, bool up);
int64_t keel_ilp_grid_near(const keel_ilp_grid *g, keel_time t);
/* Grid periods of w working minutes: exact grids divide, relaxed ones round
 * down, approximate ones round to the nearest period (at least one when w >
 * 0). */
int64_t keel_ilp_grid_len(const keel_ilp_grid *g, int64_t w);
/* Working minutes (minutes without a calendar) from a to b on g's time. */
int64_t keel_ilp_grid_work(const keel_ilp_grid *g, keel_time a, keel_time b);

/* The instance of P on grid g for horizon T (grid units): windows from a
 * forward and a backward pass; the problem's fixed jobs keep their dates and
 * links into them are left out (a relaxation, so bounds stay valid); jobs
 * with fixed_at[j] >= 0 (fixed_at may be NULL) are fixed at that grid start
 * (large-neighbourhood search). Jobs, projects, weights and due dates are P's.
 * On success *out is the caller's (keel_ilp_free). Fails with
 * KEEL_ERR_INVALID (horizon out of range, grid too large) or KEEL_ERR_NOMEM;
 * *out is NULL then. */
keel_status keel_ilp_from_problem(const keel_problem *P, const keel_ilp_grid *g, int horizon,
                                  const int *fixed_at, keel_ilp_objective objective,
                                  keel_ilp **out, keel_error *err);

/* A neighbourhood of a schedule as a small instance: only the jobs with
 * is_free[j] become ILP jobs (jobs[k] is the problem job of ILP job k, jobs
 * has room for njobs), every other job stays at its grid dates gstart[j] ..
 * gend[j] (one entry per job; every job lasts its span there, which reflects
 * its own calendar): its links bound the free jobs' windows and its units
 * leave residual capacities. The instance covers grid times offset
 * .. offset + m->horizon - 1 of g only (its times are relative to *offset),
 * and only the resources the free jobs use; every free job finishes by grid
 * time `horizon`. On approximate grids a window may leave no room; the solve
 * then says infeasible. On success *out is the caller's (keel_ilp_free).
 * Fails with KEEL_ERR_INVALID (no free job, or a window too long) or
 * KEEL_ERR_NOMEM; *out is NULL then. */
keel_status keel_ilp_neighbourhood(const keel_problem *P, const keel_ilp_grid *g,
                                   const int64_t *gstart, const int64_t *gend, const bool *is_free,
                                   int64_t horizon, keel_ilp_objective objective, keel_ilp **out,
                                   int *jobs, int64_t *offset, keel_error *err);

typedef struct keel_ilp_params {
    int64_t time_limit_ms; /* wall clock, 0 = none (nondeterministic) */
    int64_t node_limit;    /* branch-and-bound nodes, 0 = none (deterministic) */
    const volatile sig_atomic_t *stop; /* stops the search when it becomes non-zero;
                                          may be NULL */
    const int *incumbent;  /* [njobs] start per job (grid units), or NULL: given
                              to GLPK as its first integer solution, so it
                              prunes everything not better */
    int64_t max_nonzeros;  /* refuse larger models (KEEL_ERR_INVALID); 0 = 20M */
    int64_t iteration_limit; /* simplex iterations in all (root LP and every
                              node), 0 = none; deterministic, and unlike the
                              node limit it bounds nodes whose LP is slow */
    int64_t shave_work;    /* shaving effort before the model is built
                              (keel_ilp_propagate); 0 = propagation only */
    int64_t lp_iterations; /* simplex iterations of the root LP, 0 = none (a
                              limit reached gives no bound; deterministic) */
} keel_ilp_params;

/* A link seam for tests: the library's keel_ilp_fault (fault.c, alone in
 * its object file) returns false; the test program links its own, which can
 * make every GLPK solve fail inside the guarded region (an invalid call), so
 * that the tests see how a GLPK failure is absorbed. */
bool keel_ilp_fault(void);

/* Defaults: no limits, no incumbent. Cannot fail. */
void keel_ilp_params_init(keel_ilp_params *par);

typedef enum keel_ilp_status {
    KEEL_ILP_OPTIMAL,     /* start[] is an optimal schedule */
    KEEL_ILP_FEASIBLE,    /* start[] is feasible; a limit stopped the proof */
    KEEL_ILP_INFEASIBLE,  /* proven: no schedule within the windows */
    KEEL_ILP_NO_SOLUTION, /* a limit stopped the search before any schedule */
    KEEL_ILP_ERROR,       /* the call failed (see its keel_status) */
} keel_ilp_status;

typedef struct keel_ilp_result {
    keel_ilp_status status;
    int *start;           /* the caller's array of njobs; filled when OPTIMAL or
                             FEASIBLE (may be NULL to skip) */
    double objective;     /* of start[] (grid units, weighted) */
    double bound;         /* proven lower bound on the objective (GLPK's best
                             node, or the LP relaxation); HUGE_VAL when infeasible */
    double lp_bound;      /* the root LP relaxation value */
    int64_t nodes;        /* branch-and-bound nodes created */
    bool incumbent_used;  /* GLPK accepted params->incumbent */
    int ncols, nrows;     /* model size */
    int64_t nonzeros;
} keel_ilp_result;

const char *keel_ilp_status_name(keel_ilp_status s);

/* Solves the instance by branch and bound. Returns KEEL_OK with res->status
 * telling the outcome ("infeasible" is an outcome, not an error). Fails with
 * KEEL_ERR_INVALID (a malformed instance, or a model over max_nonzeros),
 * KEEL_ERR_NOMEM, or KEEL_ERR_INTERNAL (GLPK reported a fatal error; the
 * thread's GLPK environment has been freed and the process goes on); then
 * res->status is KEEL_ILP_ERROR. */
keel_status keel_ilp_solve(const keel_ilp *m, const keel_ilp_params *par, keel_ilp_result *res,
                           keel_error *err);

/* Solves only the LP relaxation and returns its value in *bound (HUGE_VAL
 * when the relaxation is infeasible, which proves the instance infeasible;
 * -HUGE_VAL when a limit stopped it). Fails like keel_ilp_solve. */
keel_status keel_ilp_lp_bound(const keel_ilp *m, const keel_ilp_params *par, double *bound,
                              keel_error *err);

/* The LP relaxation of the time-indexed model of a research portfolio for
 * horizon T (periods) (lp_bound.c): a lower bound on the objective of every
 * schedule that finishes by T, so pass T = the makespan of a known schedule
 * (larger T only weakens it). For KEEL_ILP_MAKESPAN the value is a finish
 * time. *bound is HUGE_VAL when no schedule finishes by T. Fails like
 * keel_ilp_from_portfolio and keel_ilp_lp_bound. */
keel_status keel_ilp_portfolio_lp_bound(const keel_portfolio *p, const keel_cpm *c,
                                        keel_ilp_objective objective, int64_t horizon,
                                        const keel_ilp_params *par, double *bound,
                                        keel_error *err);

/* Tightens m's start windows by constraint propagation (ilp_propagate.c):
 * removes only starts that no schedule within the windows uses, so every
 * schedule of m, and its optimum, remain. shave_work bounds the effort of
 * shaving in elementary steps (0: no shaving; about 10^8 steps take a few
 * tenths of a second; a count, so results stay deterministic). *feasible is
 * false when propagation proves that no schedule fits; the windows are then
 * unspecified. Fails only with KEEL_ERR_NOMEM. */
keel_status keel_ilp_propagate(keel_ilp *m, int64_t shave_work, bool *feasible,
                               keel_error *err);

#endif
