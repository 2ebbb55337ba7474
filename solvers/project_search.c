/* SPDX-License-Identifier: GPL-3.0-or-later
 * Project-level local search for portfolios (solver "portfolio"). A schedule
 * is the serial SGS of an activity list. Two phases:
 * 1. blends: the own-finish LFT rule with whole projects in order of weight
 *    per work mixed in at a few strengths (portfolio_rules.h); the best start
 *    is kept;
 * 2. cycles: every project right-justified against its own finish and the
 *    list of the justified starts decoded again by the serial SGS (for the
 *    makespan: right-justified against the makespan, every job left, then
 *    decoded). The right pass hands early capacity to the projects that
 *    finish early; the serial pass is the left pass, one that lets jobs
 *    take gaps one-by-one shifts cannot (on calendars a justified schedule
 *    is seldom the serial schedule of its own order). For delay objectives
 *    a left pass between the two made the walk worse and slower (100
 *    projects x 500 tasks, 10 s: weighted delay 2.4 % higher); for the
 *    makespan it pays (0.5 % at equal schedules). A cycle may be worse than
 *    the one before and the walk goes on from it (it finds better ones
 *    beyond: on 100 projects x 500 tasks, APD 8 % below the start in twenty
 *    cycles); after PATIENCE cycles without a new best it restarts from the
 *    best schedule kicked by a shift: a
 *    delayed project's keys, anchored at its decoded starts, move earlier
 *    from a point in time on, alone or while another gives way, or a project
 *    with little delay gives way. A kick decodes only the tail of the list
 *    after the first changed position (keel_sgs_serial_resume).
 * This is iterated local search (Lourenco, Martin & Stuetzle 2003) around
 * forward-backward improvement (Tormos & Lova 2001) with the re-decoding of
 * Valls, Ballestin & Quintanilla (2005). State is kept between the driver's
 * rounds; a better shared incumbent replaces it.
 * Workers that run this search side by side (peers) on large problems
 * (SHARED_DESCENT_JOBS and up) under weighted delay share one descent: each
 * breaks near-ties of the decoded order at random (starts jittered by up
 * to JITTER of the job's duration; a walk so jittered is as good as the
 * plain one), so that two cycles from one schedule differ, and a peer goes
 * on from another's better schedule as soon as it sees it. The walk then
 * takes, cycle by cycle, the better of two ways down: on 100 projects x
 * 500 tasks at 10 s, where the first descent takes all the time, two
 * threads end lower than one in 8 of 9 runs, 0.9 % on average (three
 * portfolios, three seeds); without jitter both peers made the same cycles
 * and a second thread bought 0.1 %. Elsewhere it was measured worse and is
 * off: on smaller problems the walk soon lives on kicks, and a shared,
 * greedier descent ends in worse places (25 projects x 500 tasks: 4 %
 * above one thread over six seeds); on 100 x 500 under APD two threads
 * ended 3 to 6 % above one (four runs, two portfolios; even without
 * jitter: the cause is not found) and under the makespan 1.5 %. There
 * every other peer starts its cycles from the start instead of the best
 * blend and takes another's schedule only when it kicks (at par with one
 * thread: APD 918.3 / 855.4 against 918.6 / 856.8).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "search/fbi.h"
#include "search/portfolio_rules.h"
#include "solvers/solver.h"

#define SHIFT_LO 0.02  /* a shift moves keys by this to SHIFT_LO + SHIFT_SPAN */
#define SHIFT_SPAN 0.4 /* of the project's span of keys */
#define DELAY_EPS 1.0  /* every project can be drawn */
#define PATIENCE 3     /* cycles without a new best before a kick */
#define JITTER 0.25    /* of a job's duration: peers' random tie-breaks */
#define SHARED_DESCENT_JOBS 20000 /* peers share their descent from this size */

static const double BLENDS[] = {0.1, 0.2, 0.4, 0.8, 1.6};
#define NBLENDS ((int)(sizeof BLENDS / sizeof BLENDS[0]))

enum { PHASE_BLENDS, PHASE_CYCLES };

typedef struct psearch {
    const keel_problem *P;
    keel_sgs *w;
    keel_objective obj;
    int *pstart, *pjobs;  /* jobs of project q: pjobs[pstart[q] .. pstart[q+1]) */
    double *key, *cand;   /* [njobs] keys of cur, of the candidate */
    int *list, *clist;    /* [njobs] list of cur, of the candidate */
    keel_plan cur, trial; /* cur = the serial SGS of list (near enough, see
                             restart_from) */
    keel_plan best;       /* the best schedule this worker has seen */
    double value, best_value;
    double *pdelay; /* [nprojects] weighted delay of cur per project */
    keel_prule_data rules;
    const keel_solve_options *o; /* of the current round */
    int phase;
    int blends;   /* blends tried so far */
    int blend0;   /* the first one: workers start at different ones */
    int64_t idle; /* cycles since the last new best */
    bool shared_descent; /* peers on a large problem: see the top */
} psearch;

static void psearch_free(psearch *s)
{
    if (!s) return;
    keel_sgs_free(s->w);
    keel_objective_release(&s->obj);
    free(s->pstart);
    free(s->pjobs);
    free(s->key);
    free(s->cand);
    free(s->list);
    free(s->clist);
    free(s->pdelay);
    keel_plan_release(&s->cur);
    keel_plan_release(&s->trial);
    keel_plan_release(&s->best);
    keel_prule_data_release(&s->rules);
    free(s);
}
void keel_solver_portfolio_free_state(void *state)
{
    psearch_free(state);
}

static void group_by_project(psearch *s)
{
    const keel_problem *P = s->P;
    for (int q = 0; q <= P->nprojects; q++)
        s->pstart[q] = 0;
    for (int j = 0; j < P->njobs; j++)
        s->pstart[P->project[j] + 1]++;
    for (int q = 0; q < P->nprojects; q++)
        s->pstart[q + 1] += s->pstart[q];
    int *next = s->clist; /* scratch */
    for (int q = 0; q < P->nprojects; q++)
        next[q] = s->pstart[q];
    for (int j = 0; j < P->njobs; j++)
        s->pjobs[next[P->project[j]]++] = j;
}

static keel_status psearch_new(const keel_problem *P, keel_objective_kind kind,
                               psearch **out, keel_error *err)
{
    psearch *s = calloc(1, sizeof *s);
    if (!s) return keel_error_nomem(err);
    s->P = P;
    keel_status st = keel_sgs_new(P, 0, &s->w, err);
    if (st == KEEL_OK) st = keel_objective_init(&s->obj, P, kind, err);
    if (st == KEEL_OK) st = keel_prule_data_init(&s->rules, P, kind, err);
    size_t n = (size_t)P->njobs + 1, np = (size_t)P->nprojects + 2;
    if (st == KEEL_OK) {
        s->pstart = malloc(np * sizeof *s->pstart);
        s->pjobs = malloc(n * sizeof *s->pjobs);
        s->key = malloc(n * sizeof *s->key);
        s->cand = malloc(n * sizeof *s->cand);
        s->list = malloc(n * sizeof *s->list);
        s->clist = malloc((n > np ? n : np) * sizeof *s->clist);
        s->pdelay = malloc(np * sizeof *s->pdelay);
        if (!s->pstart || !s->pjobs || !s->key || !s->cand || !s->list || !s->clist ||
            !s->pdelay || !keel_plan_init(&s->cur, P->njobs) ||
            !keel_plan_init(&s->trial, P->njobs) || !keel_plan_init(&s->best, P->njobs))
            st = keel_error_nomem(err);
    }
    if (st != KEEL_OK) {
        psearch_free(s);
        return st;
    }
    group_by_project(s);
    *out = s;
    return KEEL_OK;
}

/* Per-project weighted delay of the schedule just evaluated (obj.finish). */
static void project_delays(psearch *s)
{
    const keel_problem *P = s->P;
    bool weighted = s->obj.kind == KEEL_OBJ_WDELAY || s->obj.kind == KEEL_OBJ_WTARDY;
    for (int q = 0; q < P->nprojects; q++) {
        double d = (double)(s->obj.finish[q] - s->obj.cpm_finish[q]);
        double w = weighted ? P->portfolio->projects[q].weight : 1.0;
        s->pdelay[q] = (d > 0 ? d : 0) * w;
    }
}

/* Keys at the decoded starts; equal starts keep their list order. */
static void anchor_keys(psearch *s)
{
    const keel_problem *P = s->P;
    double n = (double)P->njobs + 1.0;
    for (int k = 0; k < P->njobs; k++) {
        int j = s->list[k];
        s->key[j] = (double)(s->cur.start[j] - P->origin) + (double)k / n;
    }
}

/* cur (value, delays, keys) after cur and list changed. */
static void took(psearch *s, double value)
{
    s->value = value;
    keel_objective_value(&s->obj, &s->cur);
    project_delays(s);
    anchor_keys(s);
}

/* Records plan (of value v) when it beats the best and offers it to the
 * other workers; true then. */
static bool consider(psearch *s, const keel_plan *plan, double v)
{
    if (keel_objective_compare(v, plan->makespan, s->best_value, s->best.makespan) >= 0)
        return false;
    keel_plan_copy(&s->best, plan);
    s->best_value = v;
    s->idle = 0;
    keel_solve_offer(s->o, &s->best, v, "portfolio");
    return true;
}

/* cur becomes plan (decoded again from its start order). */
static void restart_from(psearch *s, const keel_plan *plan)
{
    keel_sgs_list_from_plan(s->w, plan, s->list);
    keel_sgs_serial(s->w, s->list, &s->cur);
    double v = keel_objective_value(&s->obj, &s->cur);
    double inc = keel_objective_value(&s->obj, plan);
    if (keel_objective_compare(inc, plan->makespan, v, s->cur.makespan) < 0) {
        /* the incumbent is no serial schedule of its own order: keep its dates
         * (a resumed decode reserves the kept prefix as it stands) */
        keel_plan_copy(&s->cur, plan);
        v = inc;
    }
    took(s, v);
}

/* A better schedule another worker offered becomes the best. Peers that
 * share the descent go on cycling from it (their jitter makes their cycles
 * differ from the finder's); otherwise the next step kicks it (a cycle from
 * it would repeat the finder's own), and other peers take it only when
 * they kick. Returns the schedules it took. */
static int take_shared(psearch *s)
{
    double v;
    const char *by;
    bool kicking = s->idle >= PATIENCE;
    if (s->o->peers > 1 && !s->shared_descent && !kicking)
        return 0; /* its own walk until it kicks */
    if (!keel_solve_take(s->o, s->best_value, s->best.makespan, &s->best, &v, &by))
        return 0;
    s->best_value = v;
    if (!s->shared_descent || kicking) {
        s->idle = PATIENCE;
        return 0;
    }
    restart_from(s, &s->best);
    s->idle = 0;
    return 1;
}

/* A project drawn with probability proportional to weight (delay + eps) or,
 * when `inverse`, to 1 / (weighted delay + eps). */
static int draw_project(const psearch *s, keel_rng *rng, bool inverse, int not )
{
    int np = s->P->nprojects;
    double total = 0;
    for (int q = 0; q < np; q++)
        if (q != not &&s->pstart[q + 1] > s->pstart[q])
            total +=
                inverse ? 1.0 / (s->pdelay[q] + DELAY_EPS) : s->pdelay[q] + DELAY_EPS;
    double x = keel_rng_unit(rng) * total;
    int last = -1;
    for (int q = 0; q < np; q++) {
        if (q == not || s->pstart[q + 1] == s->pstart[q]) continue;
        last = q;
        x -= inverse ? 1.0 / (s->pdelay[q] + DELAY_EPS) : s->pdelay[q] + DELAY_EPS;
        if (x < 0) return q;
    }
    return last;
}

/* Shifts the keys of project q at or after time `from` by delta. */
static void shift_project(psearch *s, int q, double from, double delta)
{
    for (int i = s->pstart[q]; i < s->pstart[q + 1]; i++) {
        int j = s->pjobs[i];
        if (s->key[j] >= from) s->cand[j] = s->key[j] + delta;
    }
}

static double project_span(const psearch *s, int q, double *lo)
{
    double a = HUGE_VAL, b = -HUGE_VAL;
    for (int i = s->pstart[q]; i < s->pstart[q + 1]; i++) {
        double k = s->key[s->pjobs[i]];
        a = k < a ? k : a;
        b = k > b ? k : b;
    }
    *lo = a;
    return b - a + 1.0;
}

/* Keys of a kick: shifts of keys from a point in time on. */
static void shift_keys(psearch *s, keel_rng *rng)
{
    memcpy(s->cand, s->key, sizeof(double) * (size_t)s->P->njobs);
    int kind = (int)keel_rng_below(rng, 3);
    int p = draw_project(s, rng, kind == 2, -1);
    if (p < 0) return;
    double lo, span = project_span(s, p, &lo);
    double from = lo + keel_rng_unit(rng) * span * 0.9;
    double delta = (SHIFT_LO + SHIFT_SPAN * keel_rng_unit(rng)) * span;
    shift_project(s, p, from, kind == 2 ? delta : -delta);
    if (kind == 1) {
        int q = draw_project(s, rng, true, p);
        if (q >= 0) shift_project(s, q, from - delta, delta);
    }
}

static int first_difference(const int *a, const int *b, int n)
{
    int k = 0;
    while (k < n && a[k] == b[k])
        k++;
    return k;
}

/* Decodes the candidate keys (the tail after the first changed position);
 * returns its value in trial, or NAN when the list did not change. */
static double decode_candidate(psearch *s)
{
    keel_sgs_list_from_keys(s->w, s->cand, s->clist);
    int from = first_difference(s->list, s->clist, s->P->njobs);
    if (from == s->P->njobs) return NAN;
    keel_plan_copy(&s->trial, &s->cur);
    keel_sgs_serial_resume(s->w, s->clist, from, &s->trial);
    return keel_objective_value(&s->obj, &s->trial);
}

/* trial and clist become cur and list. */
static void take_trial(psearch *s, double v)
{
    keel_plan t = s->cur;
    s->cur = s->trial;
    s->trial = t;
    int *l = s->list;
    s->list = s->clist;
    s->clist = l;
    took(s, v);
}

/* Phase 1: one blend, kept when better than cur. */
static void blend_step(psearch *s)
{
    double alpha = BLENDS[(s->blend0 + s->blends++) % NBLENDS];
    keel_prule_blend_keys(&s->rules, alpha, NULL, s->cand);
    double v = decode_candidate(s);
    if (!isnan(v) &&
        keel_objective_compare(v, s->trial.makespan, s->value, s->cur.makespan) < 0) {
        take_trial(s, v);
        consider(s, &s->cur, v);
    } else {
        keel_objective_value(&s->obj, &s->cur); /* obj.finish back to cur's */
    }
    if (s->blends == NBLENDS) s->phase = PHASE_CYCLES;
}

/* A cycle's justification: right (every project against its own finish),
 * and for the makespan right against it and then left. */
static void justify(psearch *s, keel_plan *plan)
{
    if (!keel_objective_by_finish(s->obj.kind)) {
        keel_sgs_justify_projects(s->w, plan);
        return;
    }
    keel_sgs_justify(s->w, plan, true);
    keel_sgs_justify(s->w, plan, false);
}

/* The list of plan's starts; peers break near-ties at random. */
static void decode_order(psearch *s, const keel_plan *plan, keel_rng *rng, int *list)
{
    const keel_problem *P = s->P;
    if (!s->shared_descent) {
        keel_sgs_list_from_plan(s->w, plan, list);
        return;
    }
    for (int j = 0; j < P->njobs; j++)
        s->cand[j] = (double)(plan->start[j] - P->origin) +
                     keel_rng_unit(rng) * JITTER * (double)(plan->finish[j] - plan->start[j]);
    keel_sgs_list_from_keys(s->w, s->cand, list);
}

static bool same_dates(const keel_plan *a, const keel_plan *b)
{
    return memcmp(a->start, b->start, sizeof(keel_time) * (size_t)a->njobs) == 0;
}

/* Phase 2: one cycle from cur; the walk goes on from its decoded schedule. */
static void cycle_step(psearch *s, keel_rng *rng)
{
    keel_plan_copy(&s->trial, &s->cur);
    justify(s, &s->trial);
    consider(s, &s->trial, keel_objective_value(&s->obj, &s->trial));
    decode_order(s, &s->trial, rng, s->clist);
    keel_sgs_serial(s->w, s->clist, &s->trial);
    bool moved = !same_dates(&s->trial, &s->cur);
    double v = keel_objective_value(&s->obj, &s->trial);
    consider(s, &s->trial, v);
    take_trial(s, v);
    if (!moved) s->idle = PATIENCE; /* a fixed point: kick at once */
}

/* A kick: the best schedule, a shift of keys, the tail decoded again. */
static void kick(psearch *s, keel_rng *rng)
{
    restart_from(s, &s->best);
    shift_keys(s, rng);
    double v = decode_candidate(s);
    if (!isnan(v)) {
        take_trial(s, v);
        consider(s, &s->cur, v);
    }
    s->idle = 0;
}

/* The schedules the next step counts (a cycle: its passes and decode). */
static int step_cost(const psearch *s)
{
    if (s->phase == PHASE_BLENDS || s->idle >= PATIENCE)
        return 1;
    return keel_objective_by_finish(s->obj.kind) ? 3 : 2;
}

/* One step; returns the schedules it counts. */
static int step(psearch *s, keel_rng *rng)
{
    int cost = step_cost(s);
    if (s->phase == PHASE_BLENDS) {
        blend_step(s);
    } else if (s->idle >= PATIENCE) {
        kick(s, rng);
    } else {
        s->idle++;
        cycle_step(s, rng);
    }
    return cost;
}

/* Out of budget, stopped, or (with a time limit) without the time the next
 * step takes: at 100,000 tasks a cycle takes a second, which would run
 * past the limit. */
static bool out_of_budget(const keel_solve_options *o, const keel_solve_result *res,
                          const psearch *s, double t0, double per_schedule)
{
    if (res->schedules + step_cost(s) > o->budget || keel_solve_stopped(o)) return true;
    return o->time_limit > 0 &&
           keel_clock_seconds() - t0 + per_schedule * step_cost(s) > o->time_limit;
}

/* The state of a first round: from the incumbent (or a plain list). */
static keel_status first_round(const keel_problem *P, const keel_solve_options *o,
                               keel_rng *rng, const keel_plan *incumbent, psearch **out,
                               keel_error *err)
{
    psearch *s = NULL;
    keel_status st = psearch_new(P, o->objective, &s, err);
    if (st != KEEL_OK) return st;
    s->o = o;
    s->shared_descent = o->peers > 1 && P->njobs >= SHARED_DESCENT_JOBS &&
                        s->obj.kind == KEEL_OBJ_WDELAY;
    s->blend0 = (int)keel_rng_below(rng, NBLENDS);
    if (o->peer % 2 == 1)
        s->phase = PHASE_CYCLES; /* its own walk: from the start, not the best blend */
    if (incumbent) {
        restart_from(s, incumbent);
        keel_plan_copy(&s->best, incumbent);
        s->best_value = keel_objective_value(&s->obj, incumbent);
        keel_objective_value(&s->obj, &s->cur);
    } else {
        for (int j = 0; j < P->njobs; j++)
            s->list[j] = j;
        keel_sgs_serial(s->w, s->list, &s->cur);
        took(s, keel_objective_value(&s->obj, &s->cur));
        keel_plan_copy(&s->best, &s->cur);
        s->best_value = s->value;
    }
    *out = s;
    return KEEL_OK;
}

keel_status keel_solver_portfolio(const keel_problem *P, const keel_solve_options *o,
                                  keel_rng *rng, const keel_plan *incumbent,
                                  keel_plan *best, keel_solve_result *res,
                                  keel_error *err)
{
    double t0 = keel_clock_seconds();
    psearch *s = o->state ? *o->state : NULL;
    *res = (keel_solve_result){.by = "portfolio"};
    if (!s) {
        keel_status st = first_round(P, o, rng, incumbent, &s, err);
        if (st != KEEL_OK) return st;
        res->schedules++;
    } else if (incumbent) {
        s->o = o;
        double v = keel_objective_value(&s->obj, incumbent);
        if (keel_objective_compare(v, incumbent->makespan, s->best_value,
                                   s->best.makespan) < 0) {
            consider(s, incumbent, v);
            restart_from(s, incumbent);
            res->schedules++;
        }
    }
    s->o = o;
    double per_schedule = 0; /* seconds a schedule of the last step took */
    while (!out_of_budget(o, res, s, t0, per_schedule)) {
        res->schedules += take_shared(s);
        double t = keel_clock_seconds();
        int cost = step(s, rng);
        res->schedules += cost;
        per_schedule = (keel_clock_seconds() - t) / cost;
        if (o->tick) o->tick(res->schedules, s->best_value, o->tick_ctx);
    }
    keel_plan_copy(best, &s->best);
    res->value = s->best_value;
    res->found = true;
    if (o->state)
        *o->state = s;
    else
        psearch_free(s);
    return KEEL_OK;
}
