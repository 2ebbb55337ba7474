/* SPDX-License-Identifier: GPL-3.0-or-later
 * Derives the solver view (problem.h) from a portfolio, once per run.
 * Leveled demands are the assignments of work resources with CanLevel set;
 * a job's earliest start combines its project's release with the start and
 * finish "no earlier" parts of its constraint (SNET, MSO, FNET, MFO); the
 * "no later" parts (SNLT, FNLT, MSO, MFO) are left to the verifier and the
 * report, because a leveler that must delay cannot also honour them. An As
 * Late As Possible job starts no earlier than its resource-free place (the
 * CPM's, at its late dates), as MS Project's leveling only ever delays a
 * task from where the schedule put it; after the search it goes as late as
 * its successors allow (keel_sgs_alap).
 */
#include "search/problem.h"

#include "analysis/cpm.h"

#include <stdlib.h>
#include <string.h>

#include "base/error.h"

#define ALLOC(P, ptr, n) ((ptr) = keel_arena_alloc((P)->arena, (size_t)(n) * sizeof *(ptr)))

static keel_time max_time(keel_time a, keel_time b) { return a > b ? a : b; }

static keel_time constraint_est(const keel_problem *P, int j, const keel_task *t)
{
    keel_time e = P->est[j];
    if (t->constraint_date == KEEL_TIME_NONE)
        return e;
    switch (t->constraint) {
    case KEEL_SNET:
    case KEEL_MSO:
        return max_time(e, t->constraint_date);
    case KEEL_FNET:
    case KEEL_MFO:
        return max_time(e, keel_problem_sub(P, j, t->constraint_date, P->dur[j]));
    default:
        return e;
    }
}

/* The est of job j: its release, its constraint, an ALAP job's place. */
static keel_time job_est(const keel_problem *P, int j, const keel_task *t)
{
    keel_time e = constraint_est(P, j, t);
    return P->alap_start[j] != KEEL_TIME_NONE ? max_time(e, P->alap_start[j]) : e;
}

/* ALAP jobs: their CPM starts and own latest finishes. */
static keel_status fill_alap(keel_problem *P, const keel_portfolio *p, keel_error *err)
{
    for (int j = 0; j < P->njobs; j++) {
        P->alap_start[j] = P->latest_finish[j] = KEEL_TIME_NONE;
        const keel_task *t = &p->tasks[P->task[j]];
        if (t->constraint == KEEL_ALAP && !t->fixed) {
            P->flags[j] |= KEEL_JOB_ALAP;
            P->nalap++;
        }
    }
    if (P->nalap == 0)
        return KEEL_OK;
    keel_cpm *c = NULL;
    keel_status st = keel_cpm_run(p, &c, err);
    if (st != KEEL_OK)
        return st;
    for (int j = 0; j < P->njobs; j++) {
        if (!(P->flags[j] & KEEL_JOB_ALAP))
            continue;
        P->alap_start[j] = c->es[P->task[j]];
        P->latest_finish[j] = keel_task_latest_finish(p, P->task[j]);
        P->est[j] = max_time(P->est[j], P->alap_start[j]);
    }
    keel_cpm_free(c);
    return KEEL_OK;
}

static bool fill_jobs(keel_problem *P, const keel_portfolio *p)
{
    int n = P->njobs;
    if (!ALLOC(P, P->task, n) || !ALLOC(P, P->job_of_task, p->ntasks + 1) ||
        !ALLOC(P, P->dur, n) || !ALLOC(P, P->cal, n) || !ALLOC(P, P->lag_cal, n) || !ALLOC(P, P->project, n) ||
        !ALLOC(P, P->flags, n) || !ALLOC(P, P->est, n) || !ALLOC(P, P->fixed_start, n) ||
        !ALLOC(P, P->alap_start, n) || !ALLOC(P, P->latest_finish, n) ||
        !ALLOC(P, P->fixed_finish, n) || !ALLOC(P, P->release, P->nprojects + 1))
        return false;
    for (int i = 0; i < p->ntasks; i++)
        P->job_of_task[i] = -1;
    for (int k = 0; k < P->nprojects; k++)
        P->release[k] = p->projects[k].start;
    P->continuous = true;
    for (int j = 0; j < n; j++) {
        int ti = p->topo[j];
        const keel_task *t = &p->tasks[ti];
        P->task[j] = ti;
        P->job_of_task[ti] = j;
        P->dur[j] = t->duration;
        P->cal[j] = keel_task_cal(p, ti);
        P->lag_cal[j] = keel_task_lag_cal(p, ti);
        if (!P->cal[j]->continuous || !P->lag_cal[j]->continuous)
            P->continuous = false;
        P->project[j] = t->project;
        P->fixed_start[j] = P->fixed_finish[j] = KEEL_TIME_NONE;
        if (t->fixed) {
            P->flags[j] |= KEEL_JOB_FIXED;
            P->fixed_start[j] = t->fixed_start;
            P->fixed_finish[j] = t->fixed_finish;
        } else if (t->pinned) {
            P->flags[j] |= KEEL_JOB_PINNED;
        }
    }
    for (int j = 0; j < n; j++) {
        const keel_task *t = &p->tasks[P->task[j]];
        P->est[j] = P->release[t->project];
        P->est[j] = constraint_est(P, j, t);
    }
    return true;
}

static bool fill_arcs(keel_problem *P, const keel_portfolio *p)
{
    int n = P->njobs;
    if (!ALLOC(P, P->pred_start, n + 1) || !ALLOC(P, P->succ_start, n + 1))
        return false;
    int m = 0;
    for (int l = 0; l < p->nlinks; l++) {
        const keel_link *L = &p->links[l];
        int a = P->job_of_task[L->pred], b = P->job_of_task[L->succ];
        if (a < 0 || b < 0)
            continue;
        P->pred_start[b + 1]++;
        P->succ_start[a + 1]++;
        m++;
    }
    for (int j = 0; j < n; j++) {
        P->pred_start[j + 1] += P->pred_start[j];
        P->succ_start[j + 1] += P->succ_start[j];
    }
    int *pfill = calloc((size_t)n + 1, sizeof *pfill), *sfill = calloc((size_t)n + 1, sizeof *sfill);
    if (!pfill || !sfill || !ALLOC(P, P->pred, m + 1) || !ALLOC(P, P->succ, m + 1)) {
        free(pfill);
        free(sfill);
        return false;
    }
    P->simple = true;
    for (int l = 0; l < p->nlinks; l++) {
        const keel_link *L = &p->links[l];
        int a = P->job_of_task[L->pred], b = P->job_of_task[L->succ];
        if (a < 0 || b < 0)
            continue;
        keel_arc arc = {.type = (uint8_t)L->type, .elapsed = L->lag_kind == KEEL_LAG_ELAPSED,
                        .group = L->group < 0    ? KEEL_ARC_ALONE
                                 : L->group == l ? KEEL_ARC_FIRST
                                                 : KEEL_ARC_MORE,
                        .lag = L->lag};
        arc.job = a;
        P->pred[P->pred_start[b] + pfill[b]++] = arc;
        arc.job = b;
        P->succ[P->succ_start[a] + sfill[a]++] = arc;
        if (L->type != KEEL_LINK_FS || L->lag < 0 || L->group >= 0)
            P->simple = false;
        P->slack_sum += L->lag < 0 ? -L->lag : L->lag;
    }
    free(pfill);
    free(sfill);
    return true;
}

/* The most units resource r ever has: a demand above it can never be met. */
static int32_t peak_units(const keel_problem_cap *c)
{
    int32_t u = c->units[0];
    for (int i = 1; i < c->n; i++)
        u = c->units[i] > u ? c->units[i] : u;
    return u;
}

/* The inverse of the demands: the jobs of each leveled resource, by job. */
static bool index_jobs_by_resource(keel_problem *P)
{
    int m = P->dem_start[P->njobs];
    if (!ALLOC(P, P->res_job_start, P->nres + 1) || !ALLOC(P, P->res_jobs, m + 1))
        return false;
    memset(P->res_job_start, 0, sizeof(int) * (size_t)(P->nres + 1));
    for (int d = 0; d < m; d++)
        P->res_job_start[P->dem_res[d] + 1]++;
    for (int r = 0; r < P->nres; r++)
        P->res_job_start[r + 1] += P->res_job_start[r];
    int *fill = calloc((size_t)P->nres + 1, sizeof *fill);
    if (!fill)
        return false;
    for (int j = 0; j < P->njobs; j++)
        for (int d = P->dem_start[j]; d < P->dem_start[j + 1]; d++) {
            int r = P->dem_res[d];
            P->res_jobs[P->res_job_start[r] + fill[r]++] = j;
        }
    free(fill);
    return true;
}

/* Drops job j's demands (dem_start[j] .. m) above what their resource ever
 * has, after two assignments of one resource were added up: such a demand
 * can never be met, and kept it would make the job ignore its other
 * resources too (keel_profile_earliest). Returns the new end. */
static int drop_impossible(keel_problem *P, int j, int m)
{
    int kept = P->dem_start[j];
    for (int d = P->dem_start[j]; d < m; d++) {
        if (P->dem_units[d] > peak_units(&P->cap[P->dem_res[d]])) {
            P->ndropped++;
            continue;
        }
        P->dem_res[kept] = P->dem_res[d];
        P->dem_units[kept++] = P->dem_units[d];
    }
    return kept;
}

static bool fill_resources(keel_problem *P, const keel_portfolio *p)
{
    int *map = NULL;
    if (!ALLOC(P, map, p->nresources + 1) || !ALLOC(P, P->res, p->nresources + 1) ||
        !ALLOC(P, P->cap, p->nresources + 1))
        return false;
    for (int r = 0; r < p->nresources; r++) {
        const keel_resource *R = &p->resources[r];
        map[r] = -1;
        if (R->type != KEEL_RES_WORK || !R->can_level)
            continue;
        int k = P->nres++;
        map[r] = k;
        P->res[k] = r;
        static const keel_time none = KEEL_TIME_NONE;
        P->cap[k] = (keel_problem_cap){1, &none, &R->max_units, NULL};
        if (R->capacity.n > 0)
            P->cap[k] = (keel_problem_cap){R->capacity.n, R->capacity.at, R->capacity.units, NULL};
        if (P->cap[k].n > 1)
            P->last_change = max_time(P->last_change, P->cap[k].at[P->cap[k].n - 1]);
        if (!ALLOC(P, P->cap[k].tail, P->cap[k].n))
            return false;
        for (int i = P->cap[k].n - 1; i >= 0; i--) {
            int32_t u = P->cap[k].units[i];
            P->cap[k].tail[i] = i + 1 < P->cap[k].n && P->cap[k].tail[i + 1] > u
                                    ? P->cap[k].tail[i + 1]
                                    : u;
        }
    }
    int n = P->njobs;
    if (!ALLOC(P, P->dem_start, n + 1) || !ALLOC(P, P->dem_res, p->nassignments + 1) ||
        !ALLOC(P, P->dem_units, p->nassignments + 1))
        return false;
    int m = 0;
    for (int j = 0; j < n; j++) {
        int t = P->task[j];
        /* a started job holds its resources over its fixed dates, even when
         * nothing of it is left to schedule (the verifier counts that load) */
        bool holds = P->dur[j] > 0 || ((P->flags[j] & KEEL_JOB_FIXED) &&
                                       P->fixed_finish[j] > P->fixed_start[j]);
        P->dem_start[j] = m;
        for (int a = p->asg_start[t]; a < p->asg_start[t + 1]; a++) {
            const keel_assignment *A = &p->assignments[a];
            int k = map[A->resource];
            if (k < 0 || A->units <= 0 || !holds)
                continue;
            int d; /* merge two assignments of one resource */
            for (d = P->dem_start[j]; d < m && P->dem_res[d] != k; d++)
                ;
            if (d < m) {
                P->dem_units[d] += A->units;
                continue;
            }
            P->dem_res[m] = k;
            P->dem_units[m++] = A->units;
        }
        m = drop_impossible(P, j, m);
    }
    P->dem_start[n] = m;
    return index_jobs_by_resource(P);
}

keel_status keel_problem_new(const keel_portfolio *p, keel_problem **out, keel_error *err)
{
    *out = NULL;
    keel_problem *P = calloc(1, sizeof *P);
    if (!P || !(P->arena = keel_arena_new())) {
        free(P);
        return keel_error_nomem(err);
    }
    P->portfolio = p;
    P->njobs = p->nleaves;
    P->nprojects = p->nprojects;
    if (!fill_jobs(P, p) || !fill_arcs(P, p) || !fill_resources(P, p)) {
        keel_problem_free(P);
        return keel_error_nomem(err);
    }
    keel_status st = fill_alap(P, p, err);
    if (st != KEEL_OK) {
        keel_problem_free(P);
        return st;
    }
    P->origin = P->njobs ? P->est[0] : 0;
    for (int j = 0; j < P->njobs; j++) {
        P->origin = P->est[j] < P->origin ? P->est[j] : P->origin;
        if (P->fixed_start[j] != KEEL_TIME_NONE && P->fixed_start[j] < P->origin)
            P->origin = P->fixed_start[j];
        P->slack_sum += P->dur[j];
    }
    keel_time top = P->last_change;
    for (int j = 0; j < P->njobs; j++) {
        top = max_time(top, P->est[j]);
        if (P->fixed_finish[j] != KEEL_TIME_NONE)
            top = max_time(top, P->fixed_finish[j]);
    }
    P->last_change = max_time(top, P->origin);
    *out = P;
    return KEEL_OK;
}

bool keel_problem_fits_later(const keel_problem *P, int r, keel_time t, int32_t units)
{
    const keel_problem_cap *c = &P->cap[r];
    return units <= c->tail[keel_step_index(c->at, c->n, t)];
}

void keel_problem_view(const keel_problem *P, int64_t *dur, keel_time *est,
                       keel_time *fixed_finish, int64_t max_extra, keel_problem *view)
{
    *view = *P;
    view->arena = NULL;
    size_t n = (size_t)P->njobs;
    memcpy(dur, P->dur, n * sizeof *dur);
    memcpy(est, P->est, n * sizeof *est);
    memcpy(fixed_finish, P->fixed_finish, n * sizeof *fixed_finish);
    view->dur = dur;
    view->est = est;
    view->fixed_finish = fixed_finish;
    view->slack_sum = P->slack_sum + (max_extra > 0 ? max_extra : 0);
}

void keel_problem_set_duration(keel_problem *view, const keel_problem *P, int j, int64_t d)
{
    const keel_task *t = &P->portfolio->tasks[P->task[j]];
    view->dur[j] = d;
    view->est[j] = P->release[t->project];
    view->est[j] = job_est(view, j, t); /* an ALAP job keeps its nominal place */
    if (!(P->flags[j] & KEEL_JOB_FIXED))
        return;
    keel_time f = keel_calendar_add_work(P->cal[j], P->fixed_finish[j], d - P->dur[j]);
    view->fixed_finish[j] = f > P->fixed_start[j] ? f : P->fixed_start[j];
}

keel_time keel_problem_horizon(const keel_problem *P)
{
    return P->last_change + P->slack_sum + 1;
}

void keel_problem_free(keel_problem *P)
{
    if (!P)
        return;
    keel_arena_free(P->arena);
    free(P);
}
