/* SPDX-License-Identifier: GPL-3.0-or-later
 * Project-level local search for portfolios (solver "portfolio"). A schedule
 * is a key per job (the serial SGS takes the eligible job with the lowest
 * key). Three phases, each move one decoded schedule:
 * 1. blends: the own-finish LFT rule with whole projects in order of weight
 *    per work mixed in at a few strengths (portfolio_rules.h); the best
 *    strength is kept;
 * 2. project order: at that strength, a project (drawn by its weighted
 *    delay, or at random to give way) trades places with one up to three
 *    places away in the order, the way a PMO re-prioritises;
 * 3. shifts (when the order no longer improves): keys in time units,
 *    re-anchored at the decoded starts after every accepted move; a delayed
 *    project takes the resources earlier from a point in time on, alone or
 *    while another gives way, or a project with little delay gives way.
 * Only the tail of the list after the first changed position is decoded
 * again (keel_sgs_serial_resume), so a move costs what it changes. Phases 2
 * and 3 use late acceptance hill climbing (Burke & Bykov 2017, "The late
 * acceptance hill-climbing heuristic", EJOR 258:70-78): a move no worse than
 * the current schedule or than the one LAHC_LEN moves ago is kept. State is
 * kept between the driver's rounds; a better shared incumbent replaces it.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "search/portfolio_rules.h"
#include "solvers/solver.h"

#define LAHC_LEN 16        /* late acceptance history */
#define SHIFT_LO 0.02      /* a shift moves keys by this to SHIFT_LO + SHIFT_SPAN */
#define SHIFT_SPAN 0.4     /* of the project's span of keys */
#define DELAY_EPS 1.0      /* every project can be drawn */
#define ORDER_REACH 3      /* a project trades places with one this far at most */
#define ORDER_PATIENCE 3   /* x projects: order moves without a gain before shifts */

static const double BLENDS[] = {0.1, 0.2, 0.4, 0.8, 1.6};
#define DEFAULT_ALPHA 0.4  /* phase 2's strength when no blend beats the start */
#define NBLENDS ((int)(sizeof BLENDS / sizeof BLENDS[0]))

enum { PHASE_BLENDS, PHASE_ORDER, PHASE_SHIFTS };

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
    keel_prule_data rules;
    int phase;
    int blends;            /* blends tried so far */
    int blend0;            /* the first one: workers start at different ones */
    double alpha;          /* the blend strength of phase 2 */
    double *rank;          /* [nprojects] order of phase 2 (0 first) */
    int *at;               /* [nprojects] the project at each rank */
    int moved[2];          /* the projects the last order move swapped, or -1 */
    int64_t idle;          /* moves since the last gain */
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
    free(s->rank);
    free(s->at);
    keel_plan_release(&s->cur);
    keel_plan_release(&s->trial);
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
    if (st == KEEL_OK)
        st = keel_prule_data_init(&s->rules, P, kind, err);
    size_t n = (size_t)P->njobs + 1, np = (size_t)P->nprojects + 2;
    if (st == KEEL_OK) {
        s->pstart = malloc(np * sizeof *s->pstart);
        s->pjobs = malloc(n * sizeof *s->pjobs);
        s->key = malloc(n * sizeof *s->key);
        s->cand = malloc(n * sizeof *s->cand);
        s->list = malloc(n * sizeof *s->list);
        s->clist = malloc((n > np ? n : np) * sizeof *s->clist);
        s->pdelay = malloc(np * sizeof *s->pdelay);
        s->rank = malloc(np * sizeof *s->rank);
        s->at = malloc(np * sizeof *s->at);
        if (!s->pstart || !s->pjobs || !s->key || !s->cand || !s->list || !s->clist ||
            !s->pdelay || !s->rank || !s->at || !keel_plan_init(&s->cur, P->njobs) ||
            !keel_plan_init(&s->trial, P->njobs))
            st = keel_error_nomem(err);
    }
    if (st != KEEL_OK) {
        psearch_free(s);
        return st;
    }
    group_by_project(s);
    for (int q = 0; q < P->nprojects; q++) {
        s->rank[q] = s->rules.wspt_rank[q];
        s->at[(int)s->rank[q]] = q;
    }
    s->moved[0] = s->moved[1] = -1;
    s->alpha = DEFAULT_ALPHA;
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

/* The order of phase 2 from the current schedule: projects by finish (an
 * incumbent another worker found carries its order this way). */
static void order_from_finishes(psearch *s)
{
    int np = s->P->nprojects;
    for (int q = 0; q < np; q++)
        s->at[q] = q;
    for (int i = 1; i < np; i++) { /* insertion sort by finish, ties by index */
        int q = s->at[i], k = i;
        while (k > 0 && s->obj.finish[s->at[k - 1]] > s->obj.finish[q]) {
            s->at[k] = s->at[k - 1];
            k--;
        }
        s->at[k] = q;
    }
    for (int r = 0; r < np; r++)
        s->rank[s->at[r]] = r;
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

/* Phase 2: project p trades places with the one up to ORDER_REACH places
 * ahead (p delayed) or behind (p giving way). */
static void order_move(psearch *s, keel_rng *rng)
{
    int np = s->P->nprojects;
    bool give_way = keel_rng_below(rng, 3) == 0;
    int p = draw_project(s, rng, give_way, -1);
    int reach = 1 + (int)keel_rng_below(rng, ORDER_REACH);
    int r = (int)s->rank[p], t = give_way ? r + reach : r - reach;
    t = t < 0 ? 0 : t >= np ? np - 1 : t;
    int q = s->at[t];
    s->moved[0] = p;
    s->moved[1] = q;
    s->rank[p] = t;
    s->rank[q] = r;
    s->at[t] = p;
    s->at[r] = q;
    keel_prule_blend_keys(&s->rules, s->alpha, s->rank, s->cand);
}

static void undo_order_move(psearch *s)
{
    int p = s->moved[0], q = s->moved[1];
    if (p < 0)
        return;
    double t = s->rank[p];
    s->rank[p] = s->rank[q];
    s->rank[q] = t;
    s->at[(int)s->rank[p]] = p;
    s->at[(int)s->rank[q]] = q;
    s->moved[0] = s->moved[1] = -1;
}

/* Phase 3: shifts of keys from a point in time on. */
static void shift_move(psearch *s, keel_rng *rng)
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

/* Decodes the candidate; true when it is accepted (then it is cur): when
 * better, or (unless strict) by late acceptance. */
static bool try_candidate(psearch *s, bool strict)
{
    keel_sgs_list_from_keys(s->w, s->cand, s->clist);
    int from = first_difference(s->list, s->clist, s->P->njobs);
    if (from == s->P->njobs)
        return false; /* the same list, the same schedule */
    keel_plan_copy(&s->trial, &s->cur);
    keel_sgs_serial_resume(s->w, s->clist, from, &s->trial);
    double v = keel_objective_value(&s->obj, &s->trial);
    double *h = &s->hist[s->iter % LAHC_LEN];
    int cmp = keel_objective_compare(v, s->trial.makespan, s->value, s->cur.makespan);
    bool accept = strict ? cmp < 0 : cmp <= 0 || v <= *h;
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

/* One move of the current phase; true when it was accepted. */
static bool step(psearch *s, keel_rng *rng)
{
    if (s->phase == PHASE_BLENDS) {
        double alpha = BLENDS[(s->blend0 + s->blends++) % NBLENDS];
        keel_prule_blend_keys(&s->rules, alpha, s->rank, s->cand);
        bool better = try_candidate(s, true);
        if (better)
            s->alpha = alpha;
        if (s->blends == NBLENDS)
            s->phase = PHASE_ORDER;
        return better;
    }
    if (s->phase == PHASE_ORDER) {
        order_move(s, rng);
        bool kept = try_candidate(s, false);
        if (!kept)
            undo_order_move(s);
        return kept;
    }
    shift_move(s, rng);
    return try_candidate(s, false);
}

static bool out_of_budget(const keel_solve_options *o, const keel_solve_result *res, double t0)
{
    if (res->schedules >= o->budget || keel_solve_stopped(o))
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
        s->blend0 = (int)keel_rng_below(rng, NBLENDS);
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
            order_from_finishes(s);
            res->schedules++;
        }
        keel_objective_value(&s->obj, &s->cur);
    }
    keel_plan_copy(best, &s->cur);
    res->value = s->value;
    res->found = true;
    while (!out_of_budget(o, res, t0)) {
        s->iter++;
        res->schedules++;
        if (step(s, rng) &&
            keel_objective_compare(s->value, s->cur.makespan, res->value, best->makespan) < 0) {
            keel_plan_copy(best, &s->cur);
            res->value = s->value;
            s->idle = 0;
        } else if (++s->idle > (int64_t)ORDER_PATIENCE * P->nprojects &&
                   s->phase == PHASE_ORDER) {
            s->phase = PHASE_SHIFTS;
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
