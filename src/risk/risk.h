/* SPDX-License-Identifier: GPL-3.0-or-later
 * Schedule risk by Monte Carlo simulation of a plan (keel_risk_run). Each
 * iteration draws every job's duration from its three-point estimate (a
 * triangular distribution, inverse transform of one uniform per job) and
 * re-times the plan with the serial schedule generator, the plan's start
 * order as the activity list, so that resources stay respected: the
 * schedule that results when the plan is followed (Kolisch 1996's serial SGS
 * as priority-list scheduling). An iteration depends only on the seed and
 * its index; its outputs go to its own slots or into integer sums, so the
 * result is the same for any thread count.
 *
 * estimate.c: the three-point estimates; iterate.c: one iteration; trace.c:
 * the critical chain of an iteration (resources included); summary.c: the
 * result (percentiles, probabilities, drivers, histogram) and its accessors.
 */
#ifndef KEEL_RISK_H
#define KEEL_RISK_H

#include "search/sgs.h"

/* What every iteration reads; built once, read-only during the run. */
typedef struct keel_risk_model {
    const keel_problem *P;
    uint64_t seed;
    int64_t iterations;
    int *list;                /* [njobs] the plan's start order */
    int64_t *lo, *mode, *hi;  /* [njobs] remaining working minutes: optimistic,
                                 most likely, pessimistic (all equal: certain) */
    uint8_t *source;          /* [njobs] keel_risk_source of the estimate */
    int nuncertain;
    int *uncertain;           /* the jobs with lo < hi, ascending */
    int64_t extra;            /* sum of hi - planned duration (the view's horizon) */
    int *proj_start, *proj_job; /* jobs of project q: proj_job[proj_start[q]..
                                   proj_start[q+1]-1] */
    keel_time *plan_finish;   /* [nprojects + 1] finishes of the plan, the
                                 portfolio last; KEEL_TIME_NONE without jobs */
} keel_risk_model;

/* One worker's scratch memory and its sums over the iterations it ran. */
typedef struct keel_risk_worker {
    keel_problem view;        /* P with this worker's durations */
    int64_t *dur;
    keel_time *est, *fixed_finish;
    keel_sgs *sgs;
    keel_plan plan;
    double *u;                /* [njobs] this iteration's uniform per job */
    keel_time *finish;        /* [nprojects + 1] this iteration's finishes */
    int64_t *own, *port;      /* [nprojects] working minutes (project calendar) from
                                 the plan's finish to this iteration's, of the
                                 project and of the portfolio */
    uint64_t *keys;           /* [njobs] jobs by finish (trace.c) */
    int nkeys;                /* 0 until sorted in this iteration */
    keel_time key_base;       /* the earliest finish, origin of the keys */
    int *stack;               /* [njobs] */
    uint32_t *mark;           /* [njobs] trace stamps */
    uint32_t stamp;
    /* sums (integers: any order gives the same totals) */
    int64_t *critical;        /* [njobs] iterations on its project's critical chain */
    int64_t *n_low, *n_high;  /* [njobs] iterations in the shortest / longest tenth */
    int64_t *low, *high;      /* [njobs] sums of `own` of its project there */
    int64_t *plow, *phigh;    /* [njobs] sums of `port` of its project there */
} keel_risk_worker;

/* The result of keel_risk_run (keel.h's accessors read it). */
struct keel_risk {
    keel_risk_info info;
    double percentiles[KEEL_RISK_MAX_PERCENTILES];
    bool research;               /* time in periods */
    int nprojects, ntasks;
    keel_time *samples;          /* [(nprojects + 1) * iterations], the portfolio last */
    keel_time *pct;              /* [(nprojects + 1) * npercentiles] */
    keel_risk_project *projects; /* [nprojects + 1] */
    keel_risk_task *tasks;       /* [ntasks] */
    int *drivers;                /* [(nprojects + 1) * max drivers] */
};

/* The estimates of every job of m->P (lo, mode, hi, uncertain, extra):
 * MS Project's three-point estimate (Duration1-3) when use_files and the
 * task has one, else the portfolio file's spread, else none. Counts the
 * tasks by source. Fails with KEEL_ERR_PARSE naming file, line and task for
 * an incomplete, negative or inverted estimate, or KEEL_ERR_NOMEM. */
keel_status keel_risk_estimates(keel_risk_model *m, bool use_files, int *from_files,
                                int *from_portfolio, keel_error *err);
/* Duration (working minutes) at quantile u of job j's triangular
 * distribution, at least 1 when the job has a duration. Cannot fail. */
int64_t keel_risk_quantile(const keel_risk_model *m, int j, double u);

/* Allocates a worker for m (its view, generator and sums). Fails with
 * KEEL_ERR_NOMEM; the worker is then released. */
keel_status keel_risk_worker_init(keel_risk_worker *w, const keel_risk_model *m,
                                  keel_error *err);
void keel_risk_worker_release(keel_risk_worker *w, const keel_risk_model *m);

/* Iteration i: samples, re-times, writes each project's finish into
 * samples[q * iterations + i] (the portfolio's at q = nprojects) and adds to
 * the worker's sums. Cannot fail. */
void keel_risk_iterate(const keel_risk_model *m, keel_risk_worker *w, int64_t i,
                       keel_time *samples);

/* Marks the critical chain of project q in w->plan (trace.c): adds 1 to
 * w->critical of each job of q on it. Cannot fail. */
void keel_risk_trace(const keel_risk_model *m, keel_risk_worker *w, int q);

/* Fills r from the samples (already in r) and the sums of every worker added
 * into `sums` (summary.c): percentiles, probabilities, per-task criticality
 * and swing, tornado lists of at most `drivers` tasks. Fails with
 * KEEL_ERR_NOMEM. */
keel_status keel_risk_summarise(keel_risk *r, const keel_risk_model *m,
                                const keel_risk_worker *sums, int drivers, keel_error *err);

#endif
