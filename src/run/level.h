/* SPDX-License-Identifier: GPL-3.0-or-later
 * Internals of keel_level (level.c, level_solve.c): the result object, the
 * state of one run and what the search part hands back. level.c alone writes
 * the result's summary (keel_result_info), from these parts.
 */
#ifndef KEEL_LEVEL_H
#define KEEL_LEVEL_H

#include "analysis/cpm.h"
#include "analysis/schedule.h"
#include "run/config.h"

struct keel_result {
    keel_result_info info;
    char objective[32];
    int nprojects;
    keel_result_project *projects;
    keel_schedule *before, *after;
    keel_conflicts *conflicts;
    char bound_how[160];
    char solver[80];       /* info.solver's text */
    int threads;           /* the run's worker threads: the writer renders
                              this many files at once */
};

/* A start for a scenario's search (whatif.c): the base's leveled dates
 * mapped onto this portfolio's tasks (level_start.c). */
typedef struct keel_level_start {
    const keel_time *start;       /* [ntasks]: the task's start in the base, or
                                     KEEL_TIME_NONE (a task new in the scenario) */
    const keel_time *keep_finish; /* [nprojects] or NULL: the scenario only relaxes
                                     the base, so no project should finish after
                                     keep_finish[q] (the base's finish) */
} keel_level_start;

typedef struct keel_run {
    const keel_portfolio *p;
    const keel_config *c;
    keel_cpm *cpm;
    keel_problem *P;
    keel_plan best;
    const keel_level_start *start; /* NULL: keel's own first schedule only */
    keel_plan warm;                /* the start as a schedule of P (level_start.c) */
    bool warm_best;                /* the search began from it */
    keel_schedule *after;  /* within slack: receives the unresolved flags */
    double t0;             /* clock at the start of keel_level */
    double after_search;   /* seconds the run needs after the search (the final
                              verification, measured on the first one): kept
                              out of the driver's share of a time limit */
} keel_run;

/* What the search found, for the summary. */
typedef struct keel_search_outcome {
    double value, baseline;       /* objective of best and of the MS Project-like pass */
    double lower_bound;           /* static or proven, whichever is larger; NAN if none */
    int64_t schedules, rounds;
    const char *solver;
    double first_feasible_seconds, best_seconds;
    int unresolved;               /* within slack: tasks left in conflict */
    double rules_value;           /* the best rule-based pass, NAN if none ran */
    keel_time rules_finish;       /* its latest finish, KEEL_TIME_NONE if none */
    const char *rules_best;       /* its name ("rule project-lft"), NULL if none */
    const char *start_by;         /* what the driver started from: "initial" (the
                                     MS Project-like pass) or the rule pass */
    int64_t start_schedules;      /* rule passes made */
    double start_seconds;         /* when the rule passes ended */
    char bound_how[160];          /* how lower_bound was found */
    bool stopped;                 /* the user's stop request ended the search */
    int clusters;                 /* resource clusters leveled one by one, 1 = whole */
    char solver_names[80];        /* a decomposed run's solvers ("ga+portfolio"):
                                     solver points here then */
} keel_search_outcome;

keel_result *keel_result_alloc(const keel_portfolio *p);

/* keel_level with a start (NULL: keel_level itself). Same failures. */
keel_status keel_level_from(const keel_portfolio *p, const keel_options *o,
                            const keel_level_start *start, keel_result **out,
                            keel_error *err);

/* The start as a schedule of run->P (run->warm): the base's dates repaired
 * for the scenario by the serial scheme that never moves a job earlier than
 * its base start, then left-justified. It becomes the incumbent (run->best)
 * when it is at least as good as the first schedule. Fails with
 * KEEL_ERR_NOMEM. */
keel_status keel_level_warm(keel_run *run, keel_search_outcome *out, keel_error *err);
/* After the search: names the start as the solver when nothing improved on
 * it; with keep_finish, when the search's schedule finishes a project later
 * than keep_finish and the start does not, returns the start's schedule
 * instead. Fails with KEEL_ERR_NOMEM. */
keel_status keel_level_keep(keel_run *run, keel_search_outcome *out, keel_error *err);

/* The portfolio's makespan and total project delay (working days). */
typedef struct keel_totals {
    keel_time makespan;
    double delay_days;
    keel_time start;              /* the earliest project start (of the makespan) */
} keel_totals;

/* Per project finishes of r->after, delays against the CPM finishes and
 * deadlines into r->projects. Cannot fail. */
keel_totals keel_result_projects(const keel_portfolio *p, keel_result *r, const keel_cpm *cpm);


/* Finds the leveled plan (run->best): first feasible schedule, driver, bound.
 * Fails with KEEL_ERR_NOMEM or a solver's error. */
keel_status keel_level_solve(keel_run *run, keel_search_outcome *out, keel_error *err);

/* The steps of keel_level_solve, also run on each resource cluster
 * (level_clusters.c). keel_level_first: run->best allocated and set to the
 * MS Project-like pass, the baseline. keel_level_rules: for a portfolio, the
 * best rule-based pass replaces it when better. keel_level_search: the static
 * bound, then the driver from run->best. Fail with KEEL_ERR_NOMEM or a
 * solver's error. */
keel_status keel_level_first(keel_run *run, keel_search_outcome *out, keel_error *err);
keel_status keel_level_rules(keel_run *run, keel_search_outcome *out, keel_error *err);
keel_status keel_level_search(keel_run *run, keel_search_outcome *out, keel_error *err);
/* The configuration the driver gets now: the time left of the limit, less
 * what the run needs after the search (at least a moment). Cannot fail. */
keel_config keel_level_driver_config(const keel_run *run);
/* The static bound (critical path, energy, competition) and how it was found
 * (out->bound_how). Fails with KEEL_ERR_NOMEM. */
keel_status keel_level_bound(keel_run *run, double *bound, keel_search_outcome *out,
                             keel_error *err);
/* The bound to report: the larger of fixed and proven, never above value. */
double keel_level_reported_bound(double fixed, double proven, double value);
/* The objective of run->best. Fails with KEEL_ERR_NOMEM. */
keel_status keel_level_value(const keel_run *run, double *value, keel_error *err);

/* When run->p falls into several resource clusters (search/clusters.h),
 * levels each on its own from run->best and joins the plans into run->best,
 * filling out as keel_level_search does; *done tells whether it did (one
 * cluster: nothing happens, the caller searches the whole). Fails with
 * KEEL_ERR_NOMEM or a solver's error; run->best is then still a full plan. */
keel_status keel_level_clusters(keel_run *run, keel_search_outcome *out, bool *done,
                                keel_error *err);

/* For keel_result_of_schedule: the baseline, the value of the given schedule
 * (copied into run->best) and the static bound, without searching. */
keel_status keel_level_evaluate(keel_run *run, const keel_schedule *given,
                                keel_search_outcome *out, keel_error *err);

#endif
