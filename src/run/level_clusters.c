/* SPDX-License-Identifier: GPL-3.0-or-later
 * Leveling by resource clusters (search/clusters.h). When a portfolio falls
 * into groups of projects that share no leveled resource and no link, each
 * group is leveled as a portfolio of its own (the other projects removed,
 * model/overlay.h), one group after the other on every thread, and the
 * plans are joined. A group's search then pays only for its own jobs and
 * keeps what improves it whatever the other groups do. Each group has a
 * share of the work in proportion to its jobs: of the time left, and the
 * whole budget of schedules, a schedule of a group placing only its own
 * jobs (one schedule of the whole is one of every group; the schedules
 * reported count so).
 *
 * Invariant: run->best is a full, feasible plan at every moment (a group's
 * plan replaces its jobs' dates only when complete), so a stop between or
 * inside groups keeps the best. A group's plan is what keel_level finds for
 * its projects alone at the same budget, unless the restriction of
 * the whole portfolio's start (the MS Project-like or best rule pass, or a
 * scenario's base) is better on the group: that one is kept, so the joined
 * plan never loses to the start. Additive objectives (weighted delay, APD,
 * tardiness) are the sums of the groups' ones; spans (makespan, TMS) the
 * largest, which each group minimising its own also minimises.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/error.h"
#include "model/overlay.h"
#include "run/level.h"
#include "search/clusters.h"

#define MIN_SHARE_SECONDS 1e-3 /* a group's time when the limit is spent */

/* One group leveled as a portfolio of its own. */
typedef struct group {
    keel_portfolio *p;     /* the derived portfolio (the group's projects) */
    int *task_map;         /* [whole ntasks] task in p, -1 outside */
    int *job_map;          /* [group njobs] the whole problem's job */
    keel_options opts;
    keel_config c;
    keel_run run;
    keel_search_outcome out;
    keel_plan kept;        /* the whole start restricted to the group */
    double kept_value;
    double shift, scale;   /* its values in the whole's units: v * scale + shift */
    double part;           /* its start's value in the whole's units */
    double bound_part;     /* its lower bound in the whole's units, NAN: none */
    bool taken;            /* its plan replaced the restricted start */
} group;

typedef struct decomposition {
    keel_run *whole;
    keel_clusters cl;
    group *g;
    int current;
    int64_t schedules_before;
    double t0;             /* when the groups' searches began */
    double now;            /* the whole's objective of run->best */
} decomposition;

/* The whole's bound from the groups' bounds; a group without one adds
 * nothing. */
static double joined_bound(const decomposition *d)
{
    bool sum = !keel_objective_by_finish(d->whole->c->objective);
    double total = sum ? 0 : -INFINITY;
    for (int i = 0; i < d->cl.n; i++) {
        double x = d->g[i].bound_part;
        if (!isnan(x))
            total = sum ? total + x : fmax(total, x);
    }
    return isfinite(total) ? total : NAN;
}

/* Schedules of a group in schedules of the whole portfolio: one schedule
 * of the whole places every job once, one of a group only its own. */
static int64_t in_whole(const decomposition *d, int i, int64_t schedules)
{
    return (int64_t)llround((double)schedules * d->cl.njobs[i] / d->whole->P->njobs);
}

/* Progress of the whole: run->best with the current group's best in place
 * of its start (the better one is kept) for a sum; for a span, run->best's
 * until the group ends (the others' parts are not at hand). */
static void group_progress(double seconds, int64_t schedules, double best, void *ctx)
{
    (void)seconds;
    decomposition *d = ctx;
    const group *g = &d->g[d->current];
    const keel_options *u = d->whole->c->user;
    double value = d->now;
    if (!keel_objective_by_finish(d->whole->c->objective))
        value += fmin(best * g->scale + g->shift, g->part) - g->part;
    u->progress(keel_clock_seconds() - d->t0,
                d->schedules_before + in_whole(d, d->current, schedules), value,
                u->progress_ctx);
}

/* Earliest project release of a portfolio (TMS counts from it). */
static keel_time first_release(const keel_problem *P)
{
    keel_time lo = P->nprojects ? P->release[0] : 0;
    for (int k = 1; k < P->nprojects; k++)
        lo = P->release[k] < lo ? P->release[k] : lo;
    return lo;
}

/* How group values convert to the whole's: APD divides by the projects,
 * spans count from the origin (makespan) or first release (TMS). */
static void set_units(const keel_run *whole, group *g)
{
    const keel_problem *W = whole->P, *P = g->run.P;
    g->scale = 1;
    g->shift = 0;
    if (whole->c->objective == KEEL_OBJ_APD)
        g->scale = (double)P->nprojects / W->nprojects;
    else if (whole->c->objective == KEEL_OBJ_MAKESPAN)
        g->shift = (double)(P->origin - W->origin);
    else if (whole->c->objective == KEEL_OBJ_TMS)
        g->shift = (double)(first_release(P) - first_release(W));
}

/* The group's projects alone: the others removed. */
static keel_status derive(const keel_run *whole, const keel_clusters *cl, int i, group *g,
                          keel_error *err)
{
    int np = whole->p->nprojects;
    keel_project_change *ch = malloc(sizeof *ch * ((size_t)np + 1));
    if (!ch)
        return keel_error_nomem(err);
    for (int q = 0; q < np; q++) {
        keel_project_change_init(&ch[q]);
        ch[q].removed = cl->of_project[q] != i;
    }
    keel_overlay o = {.projects = ch};
    keel_status st = keel_model_derive(whole->p, &o, &g->p, &g->task_map, err);
    free(ch);
    return st;
}

/* The group's options: the whole's, with its shares and the whole's
 * objective (a default objective may depend on the projects); progress
 * goes through group_progress. */
static keel_status configure(decomposition *d, group *g, int64_t budget, double seconds,
                             keel_error *err)
{
    const keel_config *wc = d->whole->c;
    g->opts = *wc->user;
    g->opts.schedules = budget;
    g->opts.time_limit = seconds;
    snprintf(g->opts.objective, sizeof g->opts.objective, "%s", wc->objective_name);
    if (wc->progress) {
        g->opts.progress = group_progress;
        g->opts.progress_ctx = d;
    }
    return keel_config_resolve(g->p, &g->opts, &g->c, err);
}

/* The whole start restricted to the group, and its value there. */
static keel_status restrict_start(const keel_run *whole, group *g, keel_error *err)
{
    const keel_problem *W = whole->P, *P = g->run.P;
    g->job_map = malloc(sizeof *g->job_map * ((size_t)P->njobs + 1));
    if (!g->job_map || !keel_plan_init(&g->kept, P->njobs))
        return keel_error_nomem(err);
    for (int j = 0; j < W->njobs; j++) {
        int t = g->task_map[W->task[j]];
        if (t >= 0)
            g->job_map[P->job_of_task[t]] = j;
    }
    for (int j = 0; j < P->njobs; j++) {
        g->kept.start[j] = whole->best.start[g->job_map[j]];
        g->kept.finish[j] = whole->best.finish[g->job_map[j]];
    }
    keel_plan_set_makespan(&g->kept);
    keel_objective obj;
    keel_status st = keel_objective_init(&obj, P, whole->c->objective, err);
    if (st == KEEL_OK) {
        g->kept_value = keel_objective_value(&obj, &g->kept);
        keel_objective_release(&obj);
    }
    return st;
}

/* Everything about group i but its search: portfolio, CPM, problem, start. */
static keel_status prepare(decomposition *d, int i, keel_error *err)
{
    group *g = &d->g[i];
    keel_status st = derive(d->whole, &d->cl, i, g, err);
    if (st == KEEL_OK)
        st = keel_cpm_run(g->p, &g->run.cpm, err);
    if (st == KEEL_OK)
        st = keel_problem_new(g->p, &g->run.P, err);
    if (st == KEEL_OK)
        st = restrict_start(d->whole, g, err);
    if (st == KEEL_OK) {
        set_units(d->whole, g);
        g->part = g->kept_value * g->scale + g->shift;
    }
    return st;
}

/* Levels group i with its shares; its plan replaces its jobs' dates in the
 * whole's best when at least as good as the restricted start. */
static keel_status solve(decomposition *d, int i, int64_t budget, double seconds,
                         keel_error *err)
{
    group *g = &d->g[i];
    d->current = i;
    keel_status st = configure(d, g, budget, seconds, err);
    if (st != KEEL_OK)
        return st;
    g->run.p = g->p;
    g->run.c = &g->c;
    g->out = (keel_search_outcome){.lower_bound = NAN, .rules_value = NAN,
                                   .rules_finish = KEEL_TIME_NONE};
    st = keel_level_first(&g->run, &g->out, err);
    if (st == KEEL_OK)
        st = keel_level_rules(&g->run, &g->out, err);
    if (st == KEEL_OK)
        st = keel_level_search(&g->run, &g->out, err);
    if (st != KEEL_OK)
        return st;
    g->bound_part = g->out.lower_bound * g->scale + g->shift;
    g->taken = keel_objective_compare(g->out.value, g->run.best.makespan, g->kept_value,
                                      g->kept.makespan) <= 0;
    if (!g->taken)
        return KEEL_OK;
    keel_plan *w = &d->whole->best;
    for (int j = 0; j < g->run.P->njobs; j++) {
        w->start[g->job_map[j]] = g->run.best.start[j];
        w->finish[g->job_map[j]] = g->run.best.finish[j];
    }
    keel_plan_set_makespan(w);
    return keel_level_value(d->whole, &d->now, err);
}

/* Frees what a group holds but its figures (part, bound, outcome), once its
 * plan is in the whole's (or not needed). Cannot fail; may be repeated. */
static void release_group(group *g)
{
    keel_plan_release(&g->run.best);
    keel_plan_release(&g->kept);
    keel_problem_free(g->run.P);
    keel_cpm_free(g->run.cpm);
    keel_portfolio_free(g->p);
    free(g->task_map);
    free(g->job_map);
    g->run.P = NULL;
    g->run.cpm = NULL;
    g->p = NULL;
    g->task_map = g->job_map = NULL;
}

/* Levels the groups in order, each prepared just before its search and
 * freed after it (one group's data at a time); each takes its share of the
 * time still left. */
static keel_status solve_all(decomposition *d, keel_search_outcome *out, keel_error *err)
{
    keel_run *run = d->whole;
    const volatile sig_atomic_t *stop = run->c->user->stop;
    int left = run->P->njobs;
    d->t0 = keel_clock_seconds();
    for (int i = 0; i < d->cl.n; i++) {
        if (stop && *stop) {
            out->stopped = true;
            break;
        }
        int n = d->cl.njobs[i];
        if (n == 0) /* nothing to level: its projects finish at their starts */
            continue;
        double seconds = 0;
        if (run->c->time_limit > 0)
            seconds = fmax(MIN_SHARE_SECONDS,
                           keel_level_driver_config(run).time_limit * n / (left > 0 ? left : 1));
        d->g[i].run.t0 = keel_clock_seconds(); /* its preparation is on its time */
        keel_status st = prepare(d, i, err);
        if (st == KEEL_OK)
            st = solve(d, i, run->c->budget, seconds, err);
        release_group(&d->g[i]);
        if (st != KEEL_OK)
            return st;
        left -= n;
        d->schedules_before += in_whole(d, i, d->g[i].out.schedules);
    }
    return KEEL_OK;
}

/* The groups' solver names joined ("ga+portfolio"), each once; a group left
 * at the whole's start counts as that. */
static void name_solvers(const decomposition *d, keel_search_outcome *out)
{
    char *b = out->solver_names;
    size_t cap = sizeof out->solver_names;
    b[0] = '\0';
    for (int i = 0; i < d->cl.n; i++) {
        if (d->cl.njobs[i] == 0)
            continue;
        const char *name = d->g[i].taken ? d->g[i].out.solver : out->start_by;
        size_t len = strlen(name), at = strlen(b);
        bool seen = false;
        for (const char *p = strstr(b, name); p && !seen; p = strstr(p + 1, name))
            seen = (p == b || p[-1] == '+') && (p[len] == '\0' || p[len] == '+');
        if (!seen && at + len + 2 <= cap)
            snprintf(b + at, cap - at, "%s%s", at ? "+" : "", name);
    }
    out->solver = b;
}

/* The whole's outcome from its groups'. */
static keel_status summarise(const decomposition *d, double fixed, keel_search_outcome *out,
                             keel_error *err)
{
    keel_run *run = d->whole;
    keel_status st = keel_level_value(run, &out->value, err);
    if (st != KEEL_OK)
        return st;
    out->clusters = 0;
    out->schedules = 1 + out->start_schedules;
    out->rounds = 0;
    double found = -1;
    for (int i = 0; i < d->cl.n; i++) {
        const group *g = &d->g[i];
        out->clusters += d->cl.njobs[i] > 0;
        out->schedules += in_whole(d, i, g->out.schedules);
        out->rounds += g->out.rounds;
        out->stopped |= g->out.stopped;
        if (g->taken)
            found = fmax(found, g->run.t0 - run->t0 + g->out.best_seconds);
    }
    bool from_rules = strcmp(out->start_by, "initial") != 0;
    out->best_seconds = found >= 0    ? found
                        : from_rules ? out->start_seconds
                                     : out->first_feasible_seconds;
    name_solvers(d, out);
    double joined = joined_bound(d);
    if (joined > fixed || (isnan(fixed) && !isnan(joined)))
        snprintf(out->bound_how, sizeof out->bound_how,
                 "the %s of the bounds of its %d resource clusters",
                 !keel_objective_by_finish(run->c->objective) ? "sum" : "largest", out->clusters);
    out->lower_bound = keel_level_reported_bound(fixed, joined, out->value);
    return KEEL_OK;
}

static void release(decomposition *d)
{
    for (int i = 0; d->g && i < d->cl.n; i++)
        release_group(&d->g[i]);
    free(d->g);
    keel_clusters_release(&d->cl);
}

keel_status keel_level_clusters(keel_run *run, keel_search_outcome *out, bool *done,
                                keel_error *err)
{
    *done = false;
    /* stopped, or a time limit nearly spent: splitting (a critical path, a
     * solver view and first passes per cluster, about what the whole's
     * first passes cost) would take what is left; the whole keeps its start */
    const volatile sig_atomic_t *stop = run->c->user->stop;
    if (run->c->user->no_clusters || (stop && *stop) ||
        (run->c->time_limit > 0 &&
         keel_level_driver_config(run).time_limit < out->start_seconds))
        return KEEL_OK;
    decomposition d = {.whole = run};
    keel_status st = keel_clusters_find(run->P, &d.cl, err);
    int busy = 0; /* a project without tasks to place is a cluster of its own */
    for (int i = 0; st == KEEL_OK && i < d.cl.n; i++)
        busy += d.cl.njobs[i] > 0;
    if (st != KEEL_OK || busy < 2) {
        keel_clusters_release(&d.cl);
        return st;
    }
    double fixed = 0;
    d.g = calloc((size_t)d.cl.n, sizeof *d.g);
    st = d.g ? keel_level_bound(run, &fixed, out, err) : keel_error_nomem(err);
    for (int i = 0; d.g && i < d.cl.n; i++)
        d.g[i].bound_part = NAN;
    if (st == KEEL_OK)
        st = keel_level_value(run, &d.now, err);
    if (st == KEEL_OK)
        st = solve_all(&d, out, err);
    if (st == KEEL_OK)
        st = summarise(&d, fixed, out, err);
    *done = st == KEEL_OK;
    release(&d);
    return st;
}
