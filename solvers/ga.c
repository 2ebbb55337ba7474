/* SPDX-License-Identifier: GPL-3.0-or-later
 * Activity-list genetic algorithm with justification on every individual.
 * Representation and two-point crossover follow Hartmann (1998), "A
 * competitive genetic algorithm for resource-constrained project scheduling",
 * NRL 45:733-750; every individual is decoded by the serial SGS and improved by
 * double justification, and its list is rewritten from the justified schedule
 * (the Lamarckian step of Valls, Ballestin & Quintanilla 2008, "A hybrid
 * genetic algorithm for the resource-constrained project scheduling problem",
 * EJOR 185:495-508). The initial population comes from regret-based biased
 * sampling on LFT (Kolisch & Drexl 1996). Survival keeps the best distinct
 * individuals of parents and children ((mu + lambda), Hartmann 1998).
 */
#include "error.h"
#include "fbi.h"
#include "rules.h"
#include "solver.h"

#include <stdlib.h>
#include <string.h>

#ifndef GA_PM
#define GA_PM 0.05
#endif

typedef struct indiv {
    double value;
    keel_time makespan;
    uint64_t hash;
    int *list;
} indiv;

typedef struct ga {
    const keel_problem *P;
    const keel_solve_options *o;
    keel_rng *rng;
    keel_sgs *w;
    keel_objective obj;
    keel_plan cur;
    keel_plan *best;
    keel_solve_result *res;
    int n, pop, nall;
    indiv *ind;          /* [2 * pop]: parents then children */
    int *lists;          /* storage of every individual's list */
    int *order;          /* [2 * pop] sort buffer */
    unsigned char *taken;
    double t0;
} ga;

static uint64_t hash_plan(const keel_plan *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (int j = 0; j < s->njobs; j++)
        h = (h ^ (uint64_t)s->start[j]) * 1099511628211ULL;
    return h;
}

/* Decodes x->list (serial SGS + justification), writes the justified list back
 * and updates the best schedule. */
static void evaluate(ga *g, indiv *x)
{
    keel_sgs_serial(g->w, x->list, &g->cur);
    g->res->schedules++;
    int64_t left = g->o->budget - g->res->schedules;
    g->res->schedules += keel_fbi(g->w, &g->cur, (int)(left < 4 ? left : 4));
    x->value = keel_objective_value(&g->obj, &g->cur);
    x->makespan = g->cur.makespan;
    x->hash = hash_plan(&g->cur);
    keel_sgs_list_from_plan(g->w, &g->cur, x->list);
    if (!g->res->found ||
        keel_objective_compare(x->value, x->makespan, g->res->value, g->best->makespan) < 0) {
        keel_plan_copy(g->best, &g->cur);
        g->res->value = x->value;
        g->res->found = true;
    }
}

static bool out_of_budget(ga *g)
{
    if (g->res->schedules >= g->o->budget)
        return true;
    return g->o->time_limit > 0 && keel_solver_clock() - g->t0 > g->o->time_limit;
}

/* Two-point crossover (Hartmann 1998): child = a[0..q1), then b's jobs not yet
 * taken up to position q2, then a's remaining jobs. Precedence-feasible when a
 * and b are. */
static void crossover(ga *g, const int *a, const int *b, int *child)
{
    int n = g->n, q1 = (int)keel_rng_below(g->rng, (uint32_t)n + 1);
    int q2 = (int)keel_rng_below(g->rng, (uint32_t)n + 1);
    if (q1 > q2) {
        int t = q1;
        q1 = q2;
        q2 = t;
    }
    memset(g->taken, 0, (size_t)n);
    int k = 0;
    for (int i = 0; i < q1; i++) {
        child[k++] = a[i];
        g->taken[a[i]] = 1;
    }
    for (int i = 0; i < n && k < q2; i++)
        if (!g->taken[b[i]]) {
            child[k++] = b[i];
            g->taken[b[i]] = 1;
        }
    for (int i = 0; i < n; i++)
        if (!g->taken[a[i]]) {
            child[k++] = a[i];
            g->taken[a[i]] = 1;
        }
}

static bool is_pred(const keel_problem *P, int i, int j)
{
    for (int a = P->pred_start[j]; a < P->pred_start[j + 1]; a++)
        if (P->pred[a].job == i)
            return true;
    return false;
}

/* Swaps neighbours with probability pm when they are not linked. */
static void mutate(ga *g, int *list, double pm)
{
    for (int i = 0; i + 1 < g->n; i++)
        if (keel_rng_unit(g->rng) < pm && !is_pred(g->P, list[i], list[i + 1])) {
            int t = list[i];
            list[i] = list[i + 1];
            list[i + 1] = t;
        }
}

static int tournament(ga *g)
{
    int a = (int)keel_rng_below(g->rng, (uint32_t)g->pop);
    int b = (int)keel_rng_below(g->rng, (uint32_t)g->pop);
    const indiv *x = &g->ind[a], *y = &g->ind[b];
    return keel_objective_compare(x->value, x->makespan, y->value, y->makespan) <= 0 ? a : b;
}

static bool better(const ga *g, int a, int b)
{
    const indiv *x = &g->ind[a], *y = &g->ind[b];
    int c = keel_objective_compare(x->value, x->makespan, y->value, y->makespan);
    return c < 0 || (c == 0 && a < b);
}

/* Keeps the best distinct pop of ind[0..m) in ind[0..pop). */
static void survive(ga *g, int m)
{
    for (int i = 0; i < m; i++)
        g->order[i] = i;
    for (int i = 1; i < m; i++) { /* insertion sort: no global comparator state */
        int x = g->order[i], k = i;
        while (k > 0 && better(g, x, g->order[k - 1])) {
            g->order[k] = g->order[k - 1];
            k--;
        }
        g->order[k] = x;
    }
    indiv tmp[2 * 128 + 2], *keep = tmp;
    indiv *big = NULL;
    if (m > (int)(sizeof tmp / sizeof *tmp))
        keep = big = malloc((size_t)m * sizeof *keep);
    if (!keep)
        return; /* out of memory: keep the population as it is */
    int k = 0;
    for (int r = 0; r < m; r++) { /* distinct first */
        indiv *x = &g->ind[g->order[r]];
        if (k > 0 && keep[k - 1].hash == x->hash && keep[k - 1].value == x->value)
            continue;
        keep[k++] = *x;
        g->order[r] = -1;
    }
    for (int r = 0; r < m; r++) /* duplicates fill up when needed */
        if (g->order[r] >= 0)
            keep[k++] = g->ind[g->order[r]];
    memcpy(g->ind, keep, (size_t)m * sizeof *keep);
    free(big);
}

static void run_ga(ga *g)
{
    int n = g->n;
    for (int i = 0; i < g->pop && !out_of_budget(g); i++, g->nall++)
        evaluate(g, &g->ind[i]);
    if (g->nall < g->pop)
        return;
    while (!out_of_budget(g)) {
        int m = g->pop;
        for (int c = 0; c + 1 < g->pop + 1 && !out_of_budget(g); c += 2) {
            int a = tournament(g), b = tournament(g);
            int *ma = g->ind[a].list, *fa = g->ind[b].list;
            crossover(g, ma, fa, g->ind[m].list);
            mutate(g, g->ind[m].list, GA_PM);
            evaluate(g, &g->ind[m++]);
            if (out_of_budget(g) || m >= 2 * g->pop)
                break;
            crossover(g, fa, ma, g->ind[m].list);
            mutate(g, g->ind[m].list, GA_PM);
            evaluate(g, &g->ind[m++]);
        }
        survive(g, m);
    }
    (void)n;
}

/* Population size by budget and size: small projects profit from diversity,
 * large ones from more generations (tuned on PSPLIB j30/j120 samples). */
static int pop_size(const keel_solve_options *o, int n)
{
    static const int small[3] = {40, 128, 128}, large[3] = {20, 40, 100};
    const int *t = n <= 64 ? small : large;
    return o->budget <= 1000 ? t[0] : o->budget <= 5000 ? t[1] : t[2];
}

static keel_status init_population(ga *g, const keel_plan *incumbent, keel_error *err)
{
    const keel_problem *P = g->P;
    keel_plan early = {0}, late = {0};
    double *prio = malloc(((size_t)g->n + 1) * sizeof *prio);
    int *scratch = malloc(((size_t)g->n + 1) * 2 * sizeof *scratch);
    keel_status st = KEEL_OK;
    if (!prio || !scratch || !keel_plan_init(&early, g->n) || !keel_plan_init(&late, g->n)) {
        st = keel_error_nomem(err);
        goto done;
    }
    keel_sgs_cpm(P, &early, &late);
    keel_rules_values(P, KEEL_RULE_LFT, &early, &late, g->rng, prio);
    for (int i = 0; i < g->pop; i++) {
        if (i == 0 && incumbent)
            keel_sgs_list_from_plan(g->w, incumbent, g->ind[i].list);
        else if (i <= 1)
            keel_sgs_list_from_keys(g->w, prio, g->ind[i].list);
        else
            keel_rules_sample(P, prio, 1.0, 1.0, g->rng, g->ind[i].list, scratch);
    }
done:
    free(prio);
    free(scratch);
    keel_plan_release(&early);
    keel_plan_release(&late);
    return st;
}

keel_status keel_solver_ga(const keel_problem *P, const keel_solve_options *o, keel_rng *rng,
                           const keel_plan *incumbent, keel_plan *best,
                           keel_solve_result *res, keel_error *err)
{
    ga g = {.P = P, .o = o, .rng = rng, .best = best, .res = res, .n = P->njobs};
    keel_status st = KEEL_OK;
    *res = (keel_solve_result){0};
    g.t0 = keel_solver_clock();
    g.pop = pop_size(o, P->njobs);
    size_t m = 2 * (size_t)g.pop + 2;
    if ((st = keel_sgs_new(P, 0, &g.w, err)) != KEEL_OK ||
        (st = keel_objective_init(&g.obj, P, o->objective, err)) != KEEL_OK)
        goto done;
    g.ind = calloc(m, sizeof *g.ind);
    g.lists = malloc(m * ((size_t)g.n + 1) * sizeof *g.lists);
    g.order = malloc(m * sizeof *g.order);
    g.taken = malloc((size_t)g.n + 1);
    if (!g.ind || !g.lists || !g.order || !g.taken || !keel_plan_init(&g.cur, g.n)) {
        st = keel_error_nomem(err);
        goto done;
    }
    for (size_t i = 0; i < m; i++)
        g.ind[i].list = g.lists + i * ((size_t)g.n + 1);
    if ((st = init_population(&g, incumbent, err)) != KEEL_OK)
        goto done;
    run_ga(&g);
done:
    keel_sgs_free(g.w);
    keel_objective_release(&g.obj);
    keel_plan_release(&g.cur);
    free(g.ind);
    free(g.lists);
    free(g.order);
    free(g.taken);
    return st;
}
