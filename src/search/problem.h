/* SPDX-License-Identifier: GPL-3.0-or-later
 * The solver's view of a portfolio: a compact, immutable copy of what the
 * leveling core reads in its inner loops, derived once from a keel_portfolio.
 *
 * Invariant: jobs are the leaf tasks renumbered 0..njobs-1 in the portfolio's
 * topological order, so every arc goes from a lower to a higher job index and
 * a list sorted by job index is precedence-feasible. All arcs are minimum time
 * lags ("a date of the successor >= a date of the predecessor + lag"); there
 * are no maximum time lags, so a serial pass in topological order always
 * finds a precedence-feasible schedule. Shared read-only by all workers.
 */
#ifndef KEEL_PROBLEM_H
#define KEEL_PROBLEM_H

#include <stdbool.h>
#include <stdint.h>

#include "keel.h"
#include "model/calendar.h"
#include "model/model.h"

/* One arc in a job's predecessor or successor list. */
typedef struct keel_arc {
    int job;         /* the job at the other end */
    uint8_t type;    /* keel_link_type */
    bool elapsed;    /* lag in plain minutes (else working time, successor calendar) */
    uint8_t group;   /* KEEL_ARC_* (keel_link.group): in a predecessor list, a
                        group's arcs are adjacent and bind by their least date;
                        backward passes may treat every arc as binding, which
                        only ever asks more */
    int64_t lag;     /* minutes (periods), may be negative */
} keel_arc;

enum {
    KEEL_ARC_ALONE = 0,  /* binds by itself */
    KEEL_ARC_FIRST = 1,  /* first arc of a group (a link from a summary's start) */
    KEEL_ARC_MORE = 2,   /* further arc of the group before it */
};

enum {
    KEEL_JOB_FIXED = 1,  /* kept at fixed_start..fixed_finish */
    KEEL_JOB_PINNED = 2, /* earliest start links allow, resources ignored */
    KEEL_JOB_ALAP = 4,   /* As Late As Possible (not started): never before its
                            resource-free place (its est), and after the search
                            as late as its successors allow (keel_sgs_alap) */
};

/* Capacity step function of one leveled resource: units[i] from at[i] until
 * at[i+1]; at[0] is KEEL_TIME_NONE (minus infinity). */
typedef struct keel_problem_cap {
    int n;
    const keel_time *at;
    const int32_t *units;
    int32_t *tail;        /* [n] the most units from step i on, for ever */
} keel_problem_cap;


typedef struct keel_problem {
    keel_arena *arena;             /* owns every array below */
    const keel_portfolio *portfolio;
    int njobs, nres, nprojects;
    bool continuous;               /* every job calendar is continuous: the hot
                                      path does plain arithmetic */
    bool simple;                   /* every arc is FS with lag >= 0, none grouped */
    int *task;                     /* [njobs] portfolio task of each job */
    int *job_of_task;              /* [ntasks] job of each task, -1 for summaries */
    int64_t *dur;                  /* [njobs] working minutes (periods) */
    const keel_calendar **cal;     /* [njobs] the job's calendar */
    const keel_calendar **lag_cal; /* [njobs] calendar of the lags of links into
                                      the job (keel_task_lag_cal) */
    int *project;                  /* [njobs] */
    uint8_t *flags;                /* [njobs] KEEL_JOB_* */
    keel_time *est;                /* [njobs] earliest start: project release,
                                      SNET/MSO/FNET/MFO constraints and, for an
                                      ALAP job, its CPM start (its late start) */
    keel_time *alap_start;         /* [njobs] an ALAP job's CPM start, else
                                      KEEL_TIME_NONE */
    keel_time *latest_finish;      /* [njobs] an ALAP job's own latest finish
                                      (deadline), KEEL_TIME_NONE when none */
    int nalap;                     /* ALAP jobs */
    keel_time *fixed_start, *fixed_finish; /* [njobs] KEEL_TIME_NONE unless fixed */
    int *pred_start;               /* [njobs+1] */
    keel_arc *pred;
    int *succ_start;               /* [njobs+1] */
    keel_arc *succ;
    int *dem_start;                /* [njobs+1] demands of job j: dem_res/dem_units
                                      [dem_start[j] .. dem_start[j+1]-1] */
    int *dem_res;                  /* leveled resource index 0..nres-1 */
    int32_t *dem_units;
    int *res;                      /* [nres] portfolio resource of each leveled one */
    int *res_job_start;            /* [nres+1] jobs demanding leveled resource r:
                                      res_jobs[res_job_start[r] .. res_job_start[r+1]-1] */
    int *res_jobs;
    keel_problem_cap *cap;         /* [nres] */
    int ndropped;                  /* demands dropped: above the most the resource
                                      ever has (the verifier accepts the overload) */
    keel_time *release;            /* [nprojects] project start */
    keel_time origin;              /* min over est and fixed starts */
    keel_time last_change;         /* latest release, fixed finish or capacity change */
    int64_t slack_sum;             /* sum of durations and |lags|: with last_change,
                                      bounds every makespan a SGS produces */
} keel_problem;

/* Derives the solver view of p. On success *out is the caller's
 * (keel_problem_free). Fails with KEEL_ERR_NOMEM, or as keel_cpm_run when p
 * has ALAP tasks (their places come from the CPM); *out is NULL then. */
keel_status keel_problem_new(const keel_portfolio *p, keel_problem **out, keel_error *err);
void keel_problem_free(keel_problem *P);

/* A view of P whose job durations may differ from P's (risk analysis samples
 * them per iteration): a copy of the struct that shares every array of P but
 * dur, est and fixed_finish, which point at the caller's arrays (njobs each,
 * filled from P here). It must not outlive P or those arrays and is never
 * freed. max_extra bounds the working minutes by which its durations will
 * exceed P's in total, so that its horizon still bounds every schedule.
 * Cannot fail. */
void keel_problem_view(const keel_problem *P, int64_t *dur, keel_time *est,
                       keel_time *fixed_finish, int64_t max_extra, keel_problem *view);
/* Sets job j of a view to last d working minutes: its earliest start follows
 * its finish constraint (FNET, MFO) and, for a started job, its fixed finish
 * moves by the change. Cannot fail. */
void keel_problem_set_duration(keel_problem *view, const keel_problem *P, int j, int64_t d);

/* A time no schedule built by a SGS over P can reach (exclusive). */
keel_time keel_problem_horizon(const keel_problem *P);
/* True when `units` of leveled resource r fit at some time at or after t:
 * otherwise no delay can resolve the demand (a capacity that drops for good). */
bool keel_problem_fits_later(const keel_problem *P, int r, keel_time t, int32_t units);

/* True when job i is a direct predecessor of job j (any link type). */
static inline bool keel_problem_is_pred(const keel_problem *P, int i, int j)
{
    for (int a = P->pred_start[j]; a < P->pred_start[j + 1]; a++)
        if (P->pred[a].job == i)
            return true;
    return false;
}

/* Greatest common divisor of |a| and |b| (0 when both are 0): the time
 * grids of the exact solvers. */
static inline int64_t keel_gcd(int64_t a, int64_t b)
{
    a = a < 0 ? -a : a;
    b = b < 0 ? -b : b;
    while (b) {
        int64_t t = a % b;
        a = b;
        b = t;
    }
    return a;
}

/* Calendar arithmetic with the continuous fast path. Cannot fail. */
static inline keel_time keel_problem_add(const keel_problem *P, int j, keel_time t, int64_t w)
{
    return P->continuous ? t + w : keel_calendar_add_work(P->cal[j], t, w);
}
static inline keel_time keel_problem_sub(const keel_problem *P, int j, keel_time t, int64_t w)
{
    return P->continuous ? t - w : keel_calendar_sub_work(P->cal[j], t, w);
}
/* First instant >= t at which job j may start (zero-duration jobs anywhere). */
static inline keel_time keel_problem_snap(const keel_problem *P, int j, keel_time t)
{
    if (P->continuous)
        return t;
    /* a milestone may sit at the end of a working interval (keel_task_snap_start) */
    if (P->dur[j] == 0 && keel_calendar_prev_work_end(P->cal[j], t) == t)
        return t;
    return keel_calendar_next_work(P->cal[j], t);
}
/* Latest instant <= t at which job j may finish. */
static inline keel_time keel_problem_snap_back(const keel_problem *P, int j, keel_time t)
{
    if (P->continuous)
        return t;
    if (P->dur[j] == 0 && keel_calendar_is_working(P->cal[j], t))
        return t;
    return keel_calendar_prev_work_end(P->cal[j], t);
}
/* For a job with a positive duration: its first possible start >= t (snap)
 * and, in *finish, the finish from there, in one calendar lookup. */
static inline keel_time keel_problem_start_finish(const keel_problem *P, int j, keel_time t,
                                                  keel_time *finish)
{
    if (P->continuous) {
        *finish = t + P->dur[j];
        return t;
    }
    return keel_calendar_start_finish(P->cal[j], t, P->dur[j], finish);
}
/* For a job with a positive duration: its latest possible finish <= t
 * (snap_back) and, in *start, the start that finish needs. */
static inline keel_time keel_problem_finish_start(const keel_problem *P, int j, keel_time t,
                                                  keel_time *start)
{
    if (P->continuous) {
        *start = t - P->dur[j];
        return t;
    }
    return keel_calendar_finish_start(P->cal[j], t, P->dur[j], start);
}
/* Finish of job j when it starts at s. */
static inline keel_time keel_problem_finish(const keel_problem *P, int j, keel_time s)
{
    return keel_problem_add(P, j, s, P->dur[j]);
}
/* Applies an arc's lag to a date of the predecessor, for successor j. */
static inline keel_time keel_problem_lag(const keel_problem *P, int j, const keel_arc *a,
                                         keel_time t)
{
    if (a->lag == 0)
        return t;
    return (P->continuous || a->elapsed) ? t + a->lag
                                         : keel_calendar_add_work(P->lag_cal[j], t, a->lag);
}
/* Inverse of keel_problem_lag for backward passes: the latest predecessor date
 * d with lag(d) <= t, for the successor j of arc a. */
static inline keel_time keel_problem_unlag(const keel_problem *P, int j, const keel_arc *a,
                                           keel_time t)
{
    if (a->lag == 0)
        return t;
    return (P->continuous || a->elapsed) ? t - a->lag
                                         : keel_calendar_add_work(P->lag_cal[j], t, -a->lag);
}

#endif
