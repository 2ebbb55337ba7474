/* SPDX-License-Identifier: GPL-3.0-or-later
 * keel_level: the leveling pipeline. Resource-free CPM (the pre-leveled dates
 * and the per-project reference finishes), the verifier on the input files'
 * own dates (the conflicts before), the MS Project-like single pass as the
 * first feasible schedule and baseline, the parallel driver, then the
 * independent verifier on the result before anyone sees it (the conflicts
 * after: what keel verify says about the files written).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/cpm.h"
#include "analysis/verify.h"
#include "base/clock.h"
#include "base/error.h"
#include "run/level.h"

/* What follows the search (the verification of the result, its summary)
 * takes about as long as the verification of the CPM schedule; a margin for
 * a busy machine. */
#define AFTER_SEARCH_FACTOR 1.5
#define AFTER_SEARCH_MIN 0.02

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

/* The resource-free CPM schedule (the writer's pre-leveled dates). */
static void before_schedule(const keel_portfolio *p, keel_result *r, const keel_cpm *cpm)
{
    for (int t = 0; t < p->ntasks; t++) {
        r->before->start[t] = cpm->es[t];
        r->before->finish[t] = cpm->ef[t];
    }
}

/* The conflicts of the input files' own dates, as keel verify counts them. */
static keel_status input_conflicts(const keel_portfolio *p, keel_result *r, keel_error *err)
{
    keel_schedule *s = NULL;
    keel_conflicts *c = NULL;
    keel_status st = keel_schedule_from_input(p, &s, err);
    if (st == KEEL_OK)
        st = keel_verify(p, s, &c, err);
    if (st == KEEL_OK) {
        r->info.conflicts_before = keel_conflicts_count(c);
        r->info.conflicts_before_accepted = r->info.conflicts_before - keel_conflicts_failures(c);
    }
    keel_conflicts_free(c);
    keel_schedule_free(s);
    return st;
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

/* Priority-1000 tasks of the leveled schedule later than their links allow
 * (an ALAP one: than its links and its resource-free place, cpm->es). */
static int pinned_delayed(const keel_portfolio *p, const keel_schedule *s, const keel_cpm *cpm)
{
    int n = 0;
    for (int t = 0; t < p->ntasks; t++) {
        const keel_task *x = &p->tasks[t];
        if (!x->pinned || x->summary)
            continue;
        keel_time b = keel_links_start_bound(p, t, s->start, s->finish);
        if (x->constraint == KEEL_ALAP && !x->fixed && cpm->es[t] > b)
            b = cpm->es[t];
        n += s->start[t] != keel_task_snap_start(p, t, b);
    }
    return n;
}

/* True when conflict k is an overload of a task that leveling within slack
 * had to leave in conflict: reported (keel verify fails it too), not a bug. */
static bool left_within_slack(const keel_schedule *s, const keel_conflict *k)
{
    if (k->kind != KEEL_CONFLICT_RESOURCE || !s->unresolved)
        return false;
    for (int i = 0; i < k->ntasks; i++)
        if (s->unresolved[k->tasks[i]])
            return true;
    return false;
}

/* A schedule keel emits must pass its own verifier; anything else is a bug.
 * The verifier sees only the dates, as keel verify sees the written files. */
static keel_status check_after(const keel_portfolio *p, keel_result *r, keel_error *err)
{
    keel_status st = keel_verify(p, r->after, &r->conflicts, err);
    if (st != KEEL_OK)
        return st;
    int n = keel_conflicts_count(r->conflicts), fails = keel_conflicts_failures(r->conflicts);
    for (int i = 0; fails && i < n; i++) {
        const keel_conflict *k = keel_conflicts_get(r->conflicts, i);
        if (k->accepted || left_within_slack(r->after, k))
            continue;
        static const char *kinds[] = {"overallocation", "broken link", "calendar",
                                      "constraint", "progress", "deadline"};
        const keel_task *t = &p->tasks[k->task >= 0 ? k->task : 0];
        const keel_task *o = k->other >= 0 ? &p->tasks[k->other] : t;
        return keel_error_set(err, KEEL_ERR_INTERNAL, NULL, 0,
                              "leveled schedule failed verification (a bug, please report "
                              "it): %d conflict%s, first: %s, task UID %d '%s' (other UID "
                              "%d), times %lld..%lld",
                              fails, fails == 1 ? "" : "s", kinds[k->kind], t->uid, t->name,
                              o->uid, (long long)k->from, (long long)k->to);
    }
    return KEEL_OK;
}

static void deadline_result(const keel_portfolio *p, int q, keel_result_project *rp)
{
    rp->deadline = p->projects[q].deadline;
    rp->late = 0;
    if (rp->deadline == KEEL_TIME_NONE) {
        rp->deadline_state = KEEL_DEADLINE_NONE;
    } else if (rp->finish <= rp->deadline) {
        rp->deadline_state = KEEL_DEADLINE_MET;
    } else {
        rp->deadline_state = KEEL_DEADLINE_MISSED;
        rp->late = keel_project_work(p, q, rp->deadline, rp->finish);
    }
}

keel_totals keel_result_projects(const keel_portfolio *p, keel_result *r, const keel_cpm *cpm)
{
    keel_time lo = KEEL_TIME_NONE, hi = KEEL_TIME_NONE;
    double delay_days = 0;
    for (int q = 0; q < p->nprojects; q++) {
        keel_result_project *rp = &r->projects[q];
        rp->cpm_finish = cpm->project_finish[q];
        rp->finish = keel_schedule_project_finish(p, r->after, q, rp->cpm_finish, &rp->delay);
        deadline_result(p, q, rp);
        delay_days += (double)rp->delay / keel_project_day(p, q);
        if (lo == KEEL_TIME_NONE || cpm->project_start[q] < lo)
            lo = cpm->project_start[q];
        if (hi == KEEL_TIME_NONE || rp->finish > hi)
            hi = rp->finish;
    }
    return (keel_totals){hi - lo, delay_days, lo};
}

/* The one place that writes the result's summary (the conflict counts
 * come from input_conflicts and check_after). A schedule with conflicts left
 * (within slack) is not a leveled schedule: no gap, not optimal. */
static void summarise(const keel_portfolio *p, keel_result *r, const keel_search_outcome *s,
                      keel_totals t, const keel_cpm *cpm)
{
    keel_result_info *in = &r->info;
    in->conflicts_after = keel_conflicts_count(r->conflicts);
    in->conflicts_after_accepted = in->conflicts_after - keel_conflicts_failures(r->conflicts);
    in->pinned_delayed = pinned_delayed(p, r->after, cpm);
    bool leveled = in->conflicts_after == in->conflicts_after_accepted;
    in->objective = r->objective;
    in->value = s->value;
    in->baseline = s->baseline;
    in->lower_bound = s->lower_bound;
    in->optimal = leveled && s->value <= s->lower_bound;
    in->gap = !leveled               ? NAN
              : s->lower_bound > 0 ? (s->value - s->lower_bound) / s->lower_bound
              : in->optimal        ? 0
                                   : NAN;
    in->makespan = t.makespan;
    in->tms = (double)t.makespan;
    in->apd = p->nprojects ? t.delay_days / p->nprojects : 0;
    in->schedules = s->schedules;
    in->rounds = s->rounds;
    in->first_feasible_seconds = s->first_feasible_seconds;
    in->best_seconds = s->best_seconds;
    snprintf(r->solver, sizeof r->solver, "%s", s->solver ? s->solver : "");
    in->solver = s->solver ? r->solver : NULL;
    in->clusters = s->clusters > 1 ? s->clusters : 1;
    in->unresolved = s->unresolved;
    in->rules_value = s->rules_value;
    in->rules_best = s->rules_best;
    in->rules_makespan = s->rules_finish == KEEL_TIME_NONE ? 0 : s->rules_finish - t.start;
    snprintf(r->bound_how, sizeof r->bound_how, "%s", s->bound_how);
    in->lower_bound_how = isnan(s->lower_bound) ? NULL : r->bound_how;
    in->stopped = s->stopped;
}

/* Levels p, or (given non-NULL) summarises the given schedule without
 * searching; then a given schedule's conflicts are reported, not failures. */
static keel_status run_pipeline(const keel_portfolio *p, const keel_config *c,
                                const keel_level_start *start, const keel_schedule *given,
                                keel_result *r, keel_error *err)
{
    keel_run run = {.p = p, .c = c, .after = r->after, .t0 = keel_clock_seconds(),
                    .start = start};
    keel_search_outcome found = {.lower_bound = NAN, .rules_value = NAN,
                                 .rules_finish = KEEL_TIME_NONE};
    keel_status st = keel_cpm_run(p, &run.cpm, err);
    double verify_t0 = keel_clock_seconds();
    if (st == KEEL_OK) {
        before_schedule(p, r, run.cpm);
        st = input_conflicts(p, r, err);
    }
    run.after_search = AFTER_SEARCH_FACTOR * (keel_clock_seconds() - verify_t0) + AFTER_SEARCH_MIN;
    if (st == KEEL_OK)
        st = keel_problem_new(p, &run.P, err);
    if (st == KEEL_OK)
        st = given ? keel_level_evaluate(&run, given, &found, err)
                   : keel_level_solve(&run, &found, err);
    if (st == KEEL_OK) {
        plan_to_schedule(p, run.P, &run.best, r->after);
        keel_totals t = keel_result_projects(p, r, run.cpm);
        st = given ? keel_verify(p, r->after, &r->conflicts, err) : check_after(p, r, err);
        if (st == KEEL_OK)
            summarise(p, r, &found, t, run.cpm);
    }
    r->info.seconds = keel_clock_seconds() - run.t0;
    keel_plan_release(&run.best);
    keel_plan_release(&run.warm);
    keel_problem_free(run.P);
    keel_cpm_free(run.cpm);
    return st;
}

keel_status keel_level(const keel_portfolio *p, const keel_options *opts, keel_result **out,
                       keel_error *err)
{
    return keel_level_from(p, opts, NULL, out, err);
}

static keel_status level_with(const keel_portfolio *p, const keel_options *opts,
                              const keel_level_start *start, const keel_schedule *given,
                              keel_result **out, keel_error *err)
{
    *out = NULL;
    keel_options defaults;
    if (!opts) {
        keel_options_init(&defaults);
        opts = &defaults;
    }
    keel_config c;
    keel_status st = keel_config_resolve(p, opts, &c, err);
    if (st != KEEL_OK)
        return st;
    keel_result *r = keel_result_alloc(p);
    if (!r)
        return keel_error_nomem(err);
    snprintf(r->objective, sizeof r->objective, "%s", c.objective_name);
    r->threads = opts->threads;
    st = run_pipeline(p, &c, start, given, r, err);
    if (st != KEEL_OK) {
        keel_result_free(r);
        return st;
    }
    *out = r;
    return KEEL_OK;
}

keel_status keel_level_from(const keel_portfolio *p, const keel_options *opts,
                            const keel_level_start *start, keel_result **out,
                            keel_error *err)
{
    return level_with(p, opts, start, NULL, out, err);
}

keel_status keel_result_of_schedule(const keel_portfolio *p, const keel_schedule *s,
                                    const keel_options *o, keel_result **out, keel_error *err)
{
    *out = NULL;
    keel_status st = keel_schedule_check(p, s, err);
    return st == KEEL_OK ? level_with(p, o, NULL, s, out, err) : st;
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
