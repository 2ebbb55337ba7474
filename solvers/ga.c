/* SPDX-License-Identifier: GPL-3.0-or-later
 * Activity-list genetic algorithm with justification on every individual.
 * Representation and two-point crossover follow Hartmann (1998), "A
 * competitive genetic algorithm for resource-constrained project scheduling",
 * NRL 45:733-750; every individual is decoded by the serial SGS and improved by
 * double justification, and its list is rewritten from the justified schedule
 * (the Lamarckian step of Valls, Ballestin & Quintanilla 2008, "A hybrid
 * genetic algorithm for the resource-constrained project scheduling problem",
 * EJOR 185:495-508). Half of the children come from their peak crossover
 * (ga_peak.h): the mother's resource-densest stretch is kept in place; 30 %
 * get a critical move (ga_crit.h): a job the mother's schedule shows held
 * back by a resource blocker on a critical chain goes ahead of that blocker.
 * The initial population comes from regret-based biased sampling on LFT
 * (Kolisch & Drexl 1996), the incumbent first when given. Parents are drawn
 * by tournaments (2 or 3). Survival chooses among parents and children by
 * value and by distance to the others (ga_div.h, the biased fitness of Vidal
 * et al. 2012), so that the population does not collapse onto one schedule;
 * ties of value and makespan go to the lower sum of start times. The
 * constants below are the measured best; the variants that lost are recorded
 * in docs/ga-experiments.md, not compiled in.
 */
#include "base/error.h"
#include "search/fbi.h"
#include "search/rules.h"
#include "solvers/ga_crit.h"
#include "solvers/ga_div.h"
#include "solvers/ga_peak.h"
#include "solvers/solver.h"

#include <stdlib.h>
#include <string.h>

#define GA_PM 0.05
#define GA_FBI 2 /* justification passes after each decoding: one double pass */
#define GA_PEAK_P 0.5 /* share of peak crossovers (Valls et al. 2008) */
#define GA_CRIT_P 0.3 /* share of children given a critical move */
#define GA_CRIT_KEEP 4 /* critical pairs remembered per individual */
#define GA_NCLOSE 5 /* neighbours that measure an individual's distance (ga_div.h) */
#define GA_ELITE_DIV 4 /* elite = (parents + children) / this: weight 1 - 1/4 */
#define GA_PEAK_LO 0.1 /* peak window: this to GA_PEAK_HI of the makespan */
#define GA_PEAK_HI 0.5

typedef struct indiv {
    double value;
    keel_time makespan;
    uint64_t hash;
    int q1, q2;          /* resource peak as list positions (ga_peak.h) */
    int64_t start_sum;   /* breaks ties of value and makespan: lower wins */
    int ncrit;
    int crit[2 * GA_CRIT_KEEP]; /* (blocker, job) pairs (ga_crit.h) */
    int *list;
    int32_t *fp;         /* fingerprint of the list (ga_div.h) */
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
    indiv *keep;         /* [2 * pop] survival buffer */
    int *lists;          /* storage of every individual's list */
    int32_t *fps;        /* ... and fingerprint */
    int32_t **fp_sorted; /* [2 * pop] fingerprints in order of value */
    bool *clone;         /* [2 * pop] same schedule as a better one */
    int *order;          /* [2 * pop] sort buffer */
    unsigned char *taken;
    int tour;            /* tournament size */
    keel_peak *peak;
    keel_crit *crit;
    keel_div *div;
    double *prio;        /* [n] LFT priorities for sampling */
    int *scratch;        /* [2 n] */
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
    g->res->schedules +=
        keel_fbi_objective(g->w, &g->cur, &g->obj, (int)(left < GA_FBI ? left : GA_FBI));
    x->value = keel_objective_value(&g->obj, &g->cur);
    x->makespan = g->cur.makespan;
    x->hash = hash_plan(&g->cur);
    x->start_sum = 0;
    for (int j = 0; j < g->n; j++)
        x->start_sum += g->cur.start[j] - g->P->origin;
    keel_sgs_list_from_plan(g->w, &g->cur, x->list);
    keel_div_fingerprint(g->div, x->list, x->fp);
    x->ncrit = keel_crit_pairs(g->crit, &g->cur, g->rng, GA_CRIT_KEEP, x->crit);
    double frac = GA_PEAK_LO + (GA_PEAK_HI - GA_PEAK_LO) * keel_rng_unit(g->rng);
    keel_peak_segment(g->peak, &g->cur, x->list, frac, &x->q1, &x->q2);
    if (!g->res->found ||
        keel_objective_compare(x->value, x->makespan, g->res->value, g->best->makespan) < 0) {
        keel_plan_copy(g->best, &g->cur);
        g->res->value = x->value;
        g->res->found = true;
        keel_solve_offer(g->o, g->best, x->value, "ga");
    }
}

static void inject(ga *g, const keel_plan *incumbent);

/* A better schedule another worker offered becomes the best and joins the
 * population (live sharing, with a time limit only). */
static void take_shared(ga *g)
{
    double v;
    const char *by;
    if (g->res->found &&
        keel_solve_take(g->o, g->res->value, g->best->makespan, g->best, &v, &by)) {
        g->res->value = v;
        inject(g, g->best);
    }
}

static bool out_of_budget(ga *g)
{
    if (g->res->schedules >= g->o->budget)
        return true;
    return keel_solve_stopped(g->o) ||
           (g->o->time_limit > 0 && keel_clock_seconds() - g->t0 > g->o->time_limit);
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

/* Peak crossover (Valls, Ballestin & Quintanilla 2008): the child keeps the
 * mother's resource peak a[q1..q2) in place and in her order; the jobs before
 * it and after it follow the father's order. Precedence-feasible when a and b
 * are: every predecessor of a job of a[0..q1) is in a[0..q1). */
static void crossover_peak(ga *g, const int *a, int q1, int q2, const int *b, int *child)
{
    int n = g->n, k = 0;
    memset(g->taken, 0, (size_t)n);
    for (int i = 0; i < q1; i++)
        g->taken[a[i]] = 1;
    for (int i = 0; i < n && k < q1; i++)
        if (g->taken[b[i]] == 1) {
            child[k++] = b[i];
            g->taken[b[i]] = 2;
        }
    for (int i = q1; i < q2; i++) {
        child[k++] = a[i];
        g->taken[a[i]] = 2;
    }
    for (int i = 0; i < n; i++)
        if (!g->taken[b[i]])
            child[k++] = b[i];
}

/* Swaps neighbours with probability pm when they are not linked. */
static void mutate(ga *g, int *list, double pm)
{
    for (int i = 0; i + 1 < g->n; i++)
        if (keel_rng_unit(g->rng) < pm &&
            !keel_problem_is_pred(g->P, list[i], list[i + 1])) {
            int t = list[i];
            list[i] = list[i + 1];
            list[i + 1] = t;
        }
}

static void make_child(ga *g, int a, int b, int *child)
{
    const indiv *ma = &g->ind[a];
    if (keel_rng_unit(g->rng) < GA_PEAK_P && ma->q2 > ma->q1)
        crossover_peak(g, ma->list, ma->q1, ma->q2, g->ind[b].list, child);
    else
        crossover(g, ma->list, g->ind[b].list, child);
    mutate(g, child, GA_PM);
    if (keel_rng_unit(g->rng) < GA_CRIT_P && ma->ncrit > 0) {
        const int *pair = ma->crit + 2 * keel_rng_below(g->rng, (uint32_t)ma->ncrit);
        keel_crit_move(g->P, child, g->scratch, pair[0], pair[1]);
    }
}

/* Objective, then makespan, then the sum of start times: among equal
 * makespans, the schedule that does its work earlier is the likelier to
 * shorten, which gives the search a direction across a plateau. */
static int compare(const indiv *x, const indiv *y)
{
    int c = keel_objective_compare(x->value, x->makespan, y->value, y->makespan);
    return c ? c : (x->start_sum > y->start_sum) - (x->start_sum < y->start_sum);
}

static int tournament(ga *g)
{
    int a = (int)keel_rng_below(g->rng, (uint32_t)g->pop);
    for (int k = 1; k < g->tour; k++) {
        int b = (int)keel_rng_below(g->rng, (uint32_t)g->pop);
        if (compare(&g->ind[b], &g->ind[a]) < 0)
            a = b;
    }
    return a;
}

static bool better(const ga *g, int a, int b)
{
    int c = compare(&g->ind[a], &g->ind[b]);
    return c < 0 || (c == 0 && a < b);
}

static void sort_by_value(ga *g, int m)
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
}

/* Keeps pop of ind[0..m) in ind[0..pop), best first, chosen by value and
 * distance to the others (ga_div.h); the rest follow. */
static void survive(ga *g, int m)
{
    sort_by_value(g, m);
    indiv *sorted = g->keep;
    for (int r = 0; r < m; r++) {
        sorted[r] = g->ind[g->order[r]];
        g->fp_sorted[r] = sorted[r].fp;
        g->clone[r] = false;
        for (int q = r - 1; q >= 0 && compare(&sorted[q], &sorted[r]) == 0; q--)
            if (sorted[q].hash == sorted[r].hash)
                g->clone[r] = true;
    }
    keel_div_select(g->div, g->fp_sorted, g->clone, m, g->pop, GA_NCLOSE,
                    m / GA_ELITE_DIV, g->order);
    int k = 0;
    for (int i = 0; i < g->pop; i++) {
        g->ind[k++] = sorted[g->order[i]];
        sorted[g->order[i]].list = NULL; /* taken */
    }
    for (int r = 0; r < m; r++)
        if (sorted[r].list)
            g->ind[k++] = sorted[r];
}

static void run_ga(ga *g)
{
    int n = g->n;
    for (int i = g->nall; i < g->pop && !out_of_budget(g); i++, g->nall++)
        evaluate(g, &g->ind[i]);
    if (g->nall < g->pop)
        return;
    while (!out_of_budget(g)) {
        int m = g->pop;
        for (int c = 0; c + 1 < g->pop + 1 && !out_of_budget(g); c += 2) {
            int a = tournament(g), b = tournament(g);
            make_child(g, a, b, g->ind[m].list);
            evaluate(g, &g->ind[m++]);
            if (out_of_budget(g) || m >= 2 * g->pop)
                break;
            make_child(g, b, a, g->ind[m].list);
            evaluate(g, &g->ind[m++]);
        }
        survive(g, m);
        take_shared(g);
        if (g->o->tick)
            g->o->tick(g->res->schedules, g->res->value, g->o->tick_ctx);
    }
    (void)n;
}

/* Population size by budget and size: small projects profit from diversity,
 * large ones from more generations (tuned on PSPLIB j30/j120 samples). */
static int pop_size(const keel_solve_options *o, int n)
{
#define GA_POP_L 20, 80, 250
#define GA_POP_S 40, 128, 128
    static const int small[3] = {40, 128, 128}, large[3] = {20, 80, 250};
    const int *t = n <= 64 ? small : large;
    return o->budget <= 1000 ? t[0] : o->budget <= 5000 ? t[1] : t[2];
}

static keel_status init_population(ga *g, const keel_plan *incumbent, keel_error *err)
{
    const keel_problem *P = g->P;
    keel_plan early = {0}, late = {0};
    double *prio = g->prio;
    int *scratch = g->scratch;
    keel_status st = KEEL_OK;
    if (!keel_plan_init(&early, g->n) || !keel_plan_init(&late, g->n)) {
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
        else if (out_of_budget(g)) /* a huge portfolio at a short limit: no time to
                                      sample, the run ends before evaluating these */
            memcpy(g->ind[i].list, g->ind[1].list, sizeof(int) * (size_t)g->n);
        else
            keel_rules_sample(P, prio, 1.0, 1.0, g->rng, g->ind[i].list, scratch);
    }
done:
    keel_plan_release(&early);
    keel_plan_release(&late);
    return st;
}

static void ga_free(ga *g)
{
    if (!g)
        return;
    keel_sgs_free(g->w);
    keel_objective_release(&g->obj);
    keel_plan_release(&g->cur);
    free(g->ind);
    free(g->keep);
    free(g->lists);
    free(g->fps);
    free(g->fp_sorted);
    free(g->clone);
    free(g->order);
    free(g->taken);
    keel_peak_free(g->peak);
    keel_crit_free(g->crit);
    keel_div_free(g->div);
    free(g->prio);
    free(g->scratch);
    free(g);
}

void keel_solver_ga_free_state(void *state)
{
    ga_free(state);
}

static keel_status ga_new(const keel_problem *P, const keel_solve_options *o, ga **out,
                          keel_error *err)
{
    ga *g = calloc(1, sizeof *g);
    if (!g)
        return keel_error_nomem(err);
    *g = (ga){.P = P, .n = P->njobs};
    g->pop = pop_size(o, P->njobs);
    /* More selection pressure only where it measured better: 3 beat 2 on j120
     * at 5,000 (33.18 -> 33.01 %) but lost at 50,000 (30.07 -> 30.43 %, every
     * 10th) and at 1,000 (34.78 -> 34.89 %). */
    g->tour = o->budget > 1000 && o->budget <= 5000 ? 3 : 2;
    size_t m = 2 * (size_t)g->pop + 2;
    keel_status st;
    if ((st = keel_sgs_new(P, 0, &g->w, err)) != KEEL_OK ||
        (st = keel_objective_init(&g->obj, P, o->objective, err)) != KEEL_OK) {
        ga_free(g);
        return st;
    }
    g->ind = calloc(m, sizeof *g->ind);
    g->keep = calloc(m, sizeof *g->keep);
    g->lists = malloc(m * ((size_t)g->n + 1) * sizeof *g->lists);
    g->order = malloc(m * sizeof *g->order);
    g->div = keel_div_new(g->n, (int)m);
    size_t width = g->div ? (size_t)keel_div_width(g->div) : 0;
    g->fps = malloc(m * (width + 1) * sizeof *g->fps);
    g->fp_sorted = malloc(m * sizeof *g->fp_sorted);
    g->clone = malloc(m * sizeof *g->clone);
    g->taken = malloc((size_t)g->n + 1);
    g->peak = keel_peak_new(P);
    g->crit = keel_crit_new(P);
    g->prio = malloc(((size_t)g->n + 1) * sizeof *g->prio);
    g->scratch = malloc(((size_t)g->n + 1) * 2 * sizeof *g->scratch);
    if (!g->ind || !g->keep || !g->lists || !g->order || !g->taken || !g->peak || !g->crit ||
        !g->div || !g->fps || !g->fp_sorted || !g->clone || !g->prio || !g->scratch ||
        !keel_plan_init(&g->cur, g->n)) {
        ga_free(g);
        return keel_error_nomem(err);
    }
    for (size_t i = 0; i < m; i++) {
        g->ind[i].list = g->lists + i * ((size_t)g->n + 1);
        g->ind[i].fp = g->fps + i * (width + 1);
    }
    *out = g;
    return KEEL_OK;
}

/* A later round of the parallel driver: the shared incumbent (perhaps another
 * worker's) replaces the worst individual when it is better. */
static void inject(ga *g, const keel_plan *incumbent)
{
    if (!incumbent || g->nall < g->pop || out_of_budget(g))
        return;
    indiv *worst = &g->ind[g->pop - 1]; /* survive() keeps them best first */
    double v = keel_objective_value(&g->obj, incumbent);
    if (keel_objective_compare(v, incumbent->makespan, worst->value, worst->makespan) >= 0)
        return;
    keel_sgs_list_from_plan(g->w, incumbent, worst->list);
    evaluate(g, worst);
}

keel_status keel_solver_ga(const keel_problem *P, const keel_solve_options *o, keel_rng *rng,
                           const keel_plan *incumbent, keel_plan *best,
                           keel_solve_result *res, keel_error *err)
{
    ga *g = o->state ? *o->state : NULL;
    keel_status st = KEEL_OK;
    bool fresh = g == NULL;
    *res = (keel_solve_result){.by = "ga"};
    if (fresh && (st = ga_new(P, o, &g, err)) != KEEL_OK)
        return st;
    g->o = o;
    g->rng = rng;
    g->best = best;
    g->res = res;
    g->t0 = keel_clock_seconds();
    if (fresh)
        st = init_population(g, incumbent, err);
    if (st == KEEL_OK && incumbent) { /* never return worse than the incumbent */
        keel_plan_copy(best, incumbent);
        res->value = keel_objective_value(&g->obj, best);
        res->found = true;
    }
    if (st == KEEL_OK) {
        if (!fresh)
            inject(g, incumbent);
        run_ga(g);
    }
    if (o->state && st == KEEL_OK)
        *o->state = g; /* kept for the next round; the driver frees it */
    else {
        ga_free(g);
        if (o->state)
            *o->state = NULL;
    }
    return st;
}

keel_status keel_solver_ga_share(const keel_problem *P, const keel_solve_options *o,
                                 keel_rng *rng, const keel_plan *incumbent, keel_plan *best,
                                 keel_solve_result *res, keel_error *err)
{
    keel_solve_options own = *o;
    own.state = NULL;
    return keel_solver_ga(P, &own, rng, incumbent, best, res, err);
}
