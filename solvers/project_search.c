/* SPDX-License-Identifier: GPL-3.0-or-later
 * Project-level local search for portfolios (solver "portfolio"). A schedule
 * is a key per job (the serial SGS takes the eligible job with the lowest
 * key); keys are kept in time units, re-anchored at the decoded starts
 * after every accepted move, so that a shift of a day means a day. Moves act
 * on whole projects from a point in time on, the way a PMO re-prioritises:
 * - promote: a delayed project (drawn by its weighted delay) takes the
 *   resources earlier from a point on (its keys there shift down);
 * - swap: the same, while another project gives way (its keys shift up);
 * - demote: a project with little weighted delay gives way.
 * Only the tail of the list after the first changed position is decoded
 * again (keel_sgs_serial_resume), so a move costs what it changes. Late
 * acceptance hill climbing (Burke & Bykov 2017, "The late acceptance
 * hill-climbing heuristic", EJOR 258:70-78) accepts a move that is no worse
 * than the current schedule or than the one LAHC_LEN moves ago. State is
 * kept between the driver's rounds; a better shared incumbent replaces it.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "solvers/solver.h"

#define LAHC_LEN 16        /* late acceptance history */
#define SHIFT_LO 0.02      /* a move shifts keys by this to SHIFT_LO + SHIFT_SPAN */
#define SHIFT_SPAN 0.4     /* of the project's span of keys */
#define DELAY_EPS 1.0      /* every project can be drawn */

typedef struct psearch {
    const keel_problem *P;
    keel_sgs *w;
    keel_objective obj;
    int *pstart, *pjobs;   /* jobs of project q: pjobs[pstart[q] .. pstart[q+1]) */
    double *key, *cand;    /* [njobs] keys of cur, of the candidate */
    int *list, *clist;     /* [njobs] list of cur, of the candidate */
    keel_plan cur, trial;
    double value;          /* objective of cur */
    double *pdelay;        /* [nprojects] weighted delay of cur per project */
    double hist[LAHC_LEN];
    int64_t iter;
} psearch;

static void psearch_free(psearch *s)
{
    if (!s)
        return;
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

static keel_status psearch_new(const keel_problem *P, keel_objective_kind kind, psearch **out,
                               keel_error *err)
{
    psearch *s = calloc(1, sizeof *s);
    if (!s)
        return keel_error_nomem(err);
    s->P = P;
    keel_status st = keel_sgs_new(P, 0, &s->w, err);
    if (st == KEEL_OK)
        st = keel_objective_init(&s->obj, P, kind, err);
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
            !keel_plan_init(&s->trial, P->njobs))
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

/* cur becomes plan (decoded again from its start order). */
static void restart_from(psearch *s, const keel_plan *plan)
{
    keel_sgs_list_from_plan(s->w, plan, s->list);
    keel_sgs_serial(s->w, s->list, &s->cur);
    s->value = keel_objective_value(&s->obj, &s->cur);
    double inc = keel_objective_value(&s->obj, plan);
    if (keel_objective_compare(inc, plan->makespan, s->value, s->cur.makespan) < 0) {
        /* the incumbent is no serial schedule of its own order: keep its dates */
        keel_plan_copy(&s->cur, plan);
        s->value = inc;
    }
    keel_objective_value(&s->obj, &s->cur);
    project_delays(s);
    anchor_keys(s);
    for (int i = 0; i < LAHC_LEN; i++)
        s->hist[i] = s->value;
}

/* A project drawn with probability proportional to weight (delay + eps) or,
 * when `inverse`, to 1 / (weighted delay + eps). */
static int draw_project(const psearch *s, keel_rng *rng, bool inverse, int not)
{
    int np = s->P->nprojects;
    double total = 0;
    for (int q = 0; q < np; q++)
        if (q != not && s->pstart[q + 1] > s->pstart[q])
            total += inverse ? 1.0 / (s->pdelay[q] + DELAY_EPS) : s->pdelay[q] + DELAY_EPS;
    double x = keel_rng_unit(rng) * total;
    int last = -1;
    for (int q = 0; q < np; q++) {
        if (q == not || s->pstart[q + 1] == s->pstart[q])
            continue;
        last = q;
        x -= inverse ? 1.0 / (s->pdelay[q] + DELAY_EPS) : s->pdelay[q] + DELAY_EPS;
        if (x < 0)
            return q;
    }
    return last;
}

/* Shifts the keys of project q at or after time `from` by delta. */
static void shift_project(psearch *s, int q, double from, double delta)
{
    for (int i = s->pstart[q]; i < s->pstart[q + 1]; i++) {
        int j = s->pjobs[i];
        if (s->key[j] >= from)
            s->cand[j] = s->key[j] + delta;
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

static void make_move(psearch *s, keel_rng *rng)
{
    memcpy(s->cand, s->key, sizeof(double) * (size_t)s->P->njobs);
    int kind = (int)keel_rng_below(rng, 3);
    int p = draw_project(s, rng, kind == 2, -1);
    if (p < 0)
        return;
    double lo, span = project_span(s, p, &lo);
    double from = lo + keel_rng_unit(rng) * span * 0.9;
    double delta = (SHIFT_LO + SHIFT_SPAN * keel_rng_unit(rng)) * span;
    shift_project(s, p, from, kind == 2 ? delta : -delta);
    if (kind == 1) {
        int q = draw_project(s, rng, true, p);
        if (q >= 0)
            shift_project(s, q, from - delta, delta);
    }
}

static int first_difference(const int *a, const int *b, int n)
{
    int k = 0;
    while (k < n && a[k] == b[k])
        k++;
    return k;
}

/* Decodes the candidate; true when it is accepted (then it is cur). */
static bool try_candidate(psearch *s)
{
    keel_sgs_list_from_keys(s->w, s->cand, s->clist);
    int from = first_difference(s->list, s->clist, s->P->njobs);
    if (from == s->P->njobs)
        return false; /* the same list, the same schedule */
    keel_plan_copy(&s->trial, &s->cur);
    keel_sgs_serial_resume(s->w, s->clist, from, &s->trial);
    double v = keel_objective_value(&s->obj, &s->trial);
    double *h = &s->hist[s->iter % LAHC_LEN];
    bool accept = keel_objective_compare(v, s->trial.makespan, s->value, s->cur.makespan) <= 0 ||
                  v <= *h;
    if (accept) {
        keel_plan t = s->cur;
        s->cur = s->trial;
        s->trial = t;
        int *l = s->list;
        s->list = s->clist;
        s->clist = l;
        s->value = v;
        project_delays(s);
        anchor_keys(s);
    } else {
        keel_objective_value(&s->obj, &s->cur); /* obj.finish back to cur's */
    }
    if (s->value < *h)
        *h = s->value;
    return accept;
}

static bool out_of_budget(const keel_solve_options *o, const keel_solve_result *res, double t0)
{
    if (res->schedules >= o->budget)
        return true;
    return o->time_limit > 0 && keel_clock_seconds() - t0 > o->time_limit;
}

keel_status keel_solver_portfolio(const keel_problem *P, const keel_solve_options *o,
                                  keel_rng *rng, const keel_plan *incumbent, keel_plan *best,
                                  keel_solve_result *res, keel_error *err)
{
    double t0 = keel_clock_seconds();
    psearch *s = o->state ? *o->state : NULL;
    *res = (keel_solve_result){.by = "portfolio"};
    if (!s) {
        keel_status st = psearch_new(P, o->objective, &s, err);
        if (st != KEEL_OK)
            return st;
        if (incumbent) {
            restart_from(s, incumbent);
        } else {
            for (int j = 0; j < P->njobs; j++)
                s->list[j] = j;
            keel_sgs_serial(s->w, s->list, &s->trial);
            restart_from(s, &s->trial);
        }
        res->schedules++;
    } else if (incumbent) {
        double v = keel_objective_value(&s->obj, incumbent);
        if (keel_objective_compare(v, incumbent->makespan, s->value, s->cur.makespan) < 0) {
            restart_from(s, incumbent);
            res->schedules++;
        }
        keel_objective_value(&s->obj, &s->cur);
    }
    keel_plan_copy(best, &s->cur);
    res->value = s->value;
    res->found = true;
    while (!out_of_budget(o, res, t0)) {
        make_move(s, rng);
        s->iter++;
        res->schedules++;
        if (try_candidate(s) &&
            keel_objective_compare(s->value, s->cur.makespan, res->value, best->makespan) < 0) {
            keel_plan_copy(best, &s->cur);
            res->value = s->value;
        }
        if (o->tick && (s->iter & 15) == 0)
            o->tick(res->schedules, res->value, o->tick_ctx);
    }
    if (o->state)
        *o->state = s;
    else
        psearch_free(s);
    return KEEL_OK;
}
