/* SPDX-License-Identifier: GPL-3.0-or-later
 * keel_level: the leveling pipeline. Resource-free CPM (the "before" schedule
 * and the per-project reference finishes), the MS Project-like single pass as
 * the first feasible schedule and baseline, the parallel driver, then the
 * independent verifier on the result before anyone sees it.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/cpm.h"
#include "analysis/verify.h"
#include "base/error.h"
#include "run/driver.h"
#include "run/level.h"

static double now(void)
{
    return keel_clock_seconds();
}

static const char *default_objective(const keel_portfolio *p)
{
    if (!p->research)
        return "weighted-delay";
    return p->nprojects == 1 ? "makespan" : "tms";
}

static keel_status parse_solvers(const char *list, const keel_solver **out, int *n,
                                 keel_error *err)
{
    if (strcmp(list, "default") == 0)
        list = KEEL_DEFAULT_SOLVERS;
    char buf[sizeof(((keel_options *)0)->solvers)];
    snprintf(buf, sizeof buf, "%s", list);
    *n = 0;
    for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save)) {
        const keel_solver *s = keel_solver_find(tok);
        if (!s)
            return keel_error_set(err, KEEL_ERR_INVALID, NULL, 0,
                                  "--solvers: unknown solver '%s'", tok);
        if (*n < KEEL_MAX_SOLVERS)
            out[(*n)++] = s;
    }
    if (*n == 0)
        return keel_error_set(err, KEEL_ERR_INVALID, NULL, 0, "--solvers: empty list");
    return KEEL_OK;
}

keel_result *keel_result_alloc(const keel_portfolio *p)
{
    keel_result *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->nprojects = p->nprojects;
    r->projects = calloc((size_t)p->nprojects + 1, sizeof *r->projects);
    r->after = keel_schedule_new(p->ntasks);
    r->before = keel_schedule_new(p->ntasks);
    if (!r->projects || !r->after || !r->before) {
        keel_result_free(r);
        return NULL;
    }
    return r;
}

void keel_result_free(keel_result *r)
{
    if (!r)
        return;
    free(r->projects);
    keel_schedule_free(r->after);
    keel_schedule_free(r->before);
    keel_conflicts_free(r->conflicts);
    free(r);
}

/* The resource-free CPM schedule and the number of conflicts in it. */
static keel_status before_schedule(const keel_portfolio *p, keel_result *r,
                                   const keel_cpm *cpm, keel_error *err)
{
    for (int t = 0; t < p->ntasks; t++) {
        r->before->start[t] = cpm->es[t];
        r->before->finish[t] = cpm->ef[t];
    }
    keel_conflicts *c = NULL;
    keel_status st = keel_verify(p, r->before, &c, err);
    if (st != KEEL_OK)
        return st;
    for (int i = 0; i < keel_conflicts_count(c); i++)
        r->info.conflicts_before += keel_conflicts_get(c, i)->kind == KEEL_CONFLICT_RESOURCE;
    keel_conflicts_free(c);
    return KEEL_OK;
}

static void plan_to_schedule(const keel_portfolio *p, const keel_problem *P,
                             const keel_plan *plan, keel_schedule *s)
{
    for (int j = 0; j < P->njobs; j++) {
        s->start[P->task[j]] = plan->start[j];
        s->finish[P->task[j]] = plan->finish[j];
    }
    keel_schedule_roll_up(p, s);
}

/* A schedule keel emits must pass its own verifier; anything else is a bug. */
static keel_status check_after(const keel_portfolio *p, keel_result *r, keel_error *err)
{
    keel_status st = keel_verify(p, r->after, &r->conflicts, err);
    if (st != KEEL_OK)
        return st;
    int fails = keel_conflicts_failures(r->conflicts);
    r->info.conflicts_after = keel_conflicts_count(r->conflicts);
    for (int i = 0; fails && i < keel_conflicts_count(r->conflicts); i++) {
        const keel_conflict *k = keel_conflicts_get(r->conflicts, i);
        if (k->accepted)
            continue;
        static const char *kinds[] = {"overallocation", "broken link", "calendar",
                                      "constraint", "progress"};
        const keel_task *t = &p->tasks[k->task >= 0 ? k->task : 0];
        const keel_task *o = k->other >= 0 ? &p->tasks[k->other] : t;
        return keel_error_set(err, KEEL_ERR_INTERNAL, NULL, 0,
                              "leveled schedule failed verification (a bug, please report "
                              "it): %d conflict(s), first: %s, task UID %d '%s' (other UID "
                              "%d), times %lld..%lld",
                              fails, kinds[k->kind], t->uid, t->name, o->uid,
                              (long long)k->from, (long long)k->to);
    }
    return KEEL_OK;
}

static void project_results(const keel_portfolio *p, keel_result *r, const keel_cpm *cpm)
{
    keel_time lo = KEEL_TIME_NONE, hi = KEEL_TIME_NONE;
    double delay_sum = 0;
    for (int q = 0; q < p->nprojects; q++) {
        const keel_project *pr = &p->projects[q];
        keel_result_project *rp = &r->projects[q];
        rp->cpm_finish = cpm->project_finish[q];
        rp->finish = rp->cpm_finish;
        for (int t = pr->first_task; t < pr->first_task + pr->ntasks; t++)
            if (!p->tasks[t].summary && r->after->finish[t] > rp->finish)
                rp->finish = r->after->finish[t];
        rp->delay = keel_calendar_work_between(&p->calendars[pr->calendar], rp->cpm_finish,
                                               rp->finish);
        rp->deadline = pr->deadline;
        rp->deadline_met = pr->deadline == KEEL_TIME_NONE || rp->finish <= pr->deadline;
        delay_sum += (double)(rp->finish - rp->cpm_finish);
        if (lo == KEEL_TIME_NONE || cpm->project_start[q] < lo)
            lo = cpm->project_start[q];
        if (hi == KEEL_TIME_NONE || rp->finish > hi)
            hi = rp->finish;
    }
    r->info.makespan = hi - lo;
    r->info.tms = (double)(hi - lo);
    r->info.apd = p->nprojects ? delay_sum / p->nprojects : 0;
}

static keel_status run_pipeline(const keel_portfolio *p, const keel_options *o,
                                keel_result *r, keel_error *err)
{
    double t0 = now();
    keel_run run = {.p = p, .o = o, .r = r};
    keel_status st = keel_cpm_run(p, &run.cpm, err);
    if (st == KEEL_OK)
        st = before_schedule(p, r, run.cpm, err);
    if (st == KEEL_OK)
        st = parse_solvers(o->solvers, run.solvers, &run.nsolvers, err);
    if (st == KEEL_OK)
        st = keel_problem_new(p, &run.P, err);
    if (st == KEEL_OK)
        st = keel_level_solve(&run, t0, err);
    if (st == KEEL_OK) {
        plan_to_schedule(p, run.P, &run.best, r->after);
        project_results(p, r, run.cpm);
        st = check_after(p, r, err);
    }
    r->info.seconds = now() - t0;
    keel_plan_release(&run.best);
    keel_problem_free(run.P);
    keel_cpm_free(run.cpm);
    return st;
}

keel_status keel_level(const keel_portfolio *p, const keel_options *opts, keel_result **out,
                       keel_error *err)
{
    *out = NULL;
    keel_options o = *opts;
    if (strcmp(o.objective, "default") == 0 || o.objective[0] == '\0')
        snprintf(o.objective, sizeof o.objective, "%s", default_objective(p));
    if (keel_objective_parse(o.objective) < 0)
        return keel_error_set(err, KEEL_ERR_INVALID, NULL, 0,
                              "--objective: unknown objective '%s'", o.objective);
    keel_result *r = keel_result_alloc(p);
    if (!r)
        return keel_error_nomem(err);
    snprintf(r->objective, sizeof r->objective, "%s", o.objective);
    r->info.objective = r->objective;
    keel_status st = run_pipeline(p, &o, r, err);
    if (st != KEEL_OK) {
        keel_result_free(r);
        return st;
    }
    *out = r;
    return KEEL_OK;
}

keel_result_info keel_result_get(const keel_result *r)
{
    keel_result_info none = {0};
    return r ? r->info : none;
}

keel_result_project keel_result_project_get(const keel_result *r, int project)
{
    keel_result_project none = {0};
    if (!r || project < 0 || project >= r->nprojects)
        return none;
    return r->projects[project];
}

const keel_schedule *keel_result_schedule(const keel_result *r)
{
    return r ? r->after : NULL;
}

const keel_schedule *keel_result_before(const keel_result *r)
{
    return r ? r->before : NULL;
}

bool keel_result_task_unresolved(const keel_result *r, int task)
{
    return r && r->after->unresolved && task >= 0 && task < r->after->ntasks &&
           r->after->unresolved[task];
}

const keel_conflicts *keel_result_conflicts(const keel_result *r)
{
    return r ? r->conflicts : NULL;
}
