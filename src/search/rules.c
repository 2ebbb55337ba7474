/* SPDX-License-Identifier: GPL-3.0-or-later
 * Priority rules (Kolisch 1996; Kolisch & Hartmann 1999, "Heuristic algorithms
 * for solving the resource-constrained project scheduling problem:
 * classification and computational analysis") and regret-based biased random
 * sampling (Kolisch & Drexl 1996, "Adaptive search for solving hard project
 * scheduling problems", Naval Research Logistics 43:23-40).
 *
 * WCS (Kolisch 1996) is dynamic: the slack of j in the worst case that another
 * eligible job goes first. Computing it needs a schedule-state look-ahead per
 * decision; we use its static core instead: LST, ties broken by LFT. This is a
 * documented simplification.
 */
#include "search/rules.h"

#include <math.h>
#include <stdlib.h>

const char *keel_rule_name(keel_rule r)
{
    static const char *names[] = {"lft", "lst", "minslk", "grpw", "wcs", "random"};
    return r < KEEL_RULE_COUNT ? names[r] : "?";
}

void keel_rules_values(const keel_problem *P, keel_rule r, const keel_plan *early,
                       const keel_plan *late, keel_rng *rng, double *prio)
{
    double span = (double)(late->makespan - P->origin) + 1.0;
    for (int j = 0; j < P->njobs; j++) {
        double ls = (double)(late->start[j] - P->origin);
        double lf = (double)(late->finish[j] - P->origin);
        switch (r) {
        case KEEL_RULE_LFT:
            prio[j] = lf;
            break;
        case KEEL_RULE_LST:
            prio[j] = ls;
            break;
        case KEEL_RULE_MINSLK:
            prio[j] = (double)(late->start[j] - early->start[j]);
            break;
        case KEEL_RULE_GRPW: {
            double w = (double)P->dur[j];
            for (int a = P->succ_start[j]; a < P->succ_start[j + 1]; a++)
                w += (double)P->dur[P->succ[a].job];
            prio[j] = -w;
            break;
        }
        case KEEL_RULE_WCS:
            prio[j] = ls + lf / (2.0 * span);
            break;
        default:
            prio[j] = keel_rng_unit(rng);
            break;
        }
    }
}

/* The exact draw: index e of elig with probability weight_e / sum. */
static double weight(double worst, double p, double alpha, double eps)
{
    double g = worst - p + eps;
    return alpha == 1.0 ? g : alpha == 0.0 ? 1.0 : pow(g, alpha);
}

static double max_prio(const double *prio, const int *elig, int ne)
{
    double worst = prio[elig[0]];
    for (int e = 1; e < ne; e++)
        worst = prio[elig[e]] > worst ? prio[elig[e]] : worst;
    return worst;
}

static int draw_exact(const double *prio, const int *elig, int ne, double worst,
                      double alpha, double eps, keel_rng *rng)
{
    double total = 0;
    for (int e = 0; e < ne; e++)
        total += weight(worst, prio[elig[e]], alpha, eps);
    double x = keel_rng_unit(rng) * total;
    for (int e = 0; e < ne; e++) {
        x -= weight(worst, prio[elig[e]], alpha, eps);
        if (x < 0)
            return e;
    }
    return ne - 1;
}

static void sample_small(const keel_problem *P, const double *prio, double alpha, double eps,
                         keel_rng *rng, int *list, int *scratch)
{
    int n = P->njobs, ne = 0, out = 0;
    int *npred = scratch, *elig = scratch + n;
    for (int j = 0; j < n; j++) {
        npred[j] = P->pred_start[j + 1] - P->pred_start[j];
        if (npred[j] == 0)
            elig[ne++] = j;
    }
    while (ne > 0) {
        int pick = draw_exact(prio, elig, ne, max_prio(prio, elig, ne), alpha, eps, rng);
        int j = elig[pick];
        elig[pick] = elig[--ne];
        list[out++] = j;
        for (int a = P->succ_start[j]; a < P->succ_start[j + 1]; a++)
            if (--npred[P->succ[a].job] == 0)
                elig[ne++] = P->succ[a].job;
    }
}

/* Large portfolios have thousands of eligible jobs at once: with alpha 1 the
 * weights worst + eps - prio are affine, so Fenwick trees over the job index
 * of the eligible count and prio sum give each draw in O(log n). "worst" is
 * the largest prio seen eligible so far (not recomputed when that job leaves),
 * which keeps every weight positive and the draw biased the same way. */
typedef struct fenwick {
    int n, top;     /* top: the largest power of two <= n */
    int *count;
    double *sum;
} fenwick;

static void fenwick_add(fenwick *f, int j, int dc, double dp)
{
    for (int i = j + 1; i <= f->n; i += i & -i) {
        f->count[i] += dc;
        f->sum[i] += dp;
    }
}

/* The eligible job at weight position x (0 <= x < total weight). */
static int fenwick_find(const fenwick *f, double c, double x)
{
    int pos = 0;
    for (int k = f->top; k > 0; k >>= 1) {
        int next = pos + k;
        if (next > f->n)
            continue;
        double w = f->count[next] * c - f->sum[next];
        if (w <= x) {
            x -= w;
            pos = next;
        }
    }
    return pos; /* 0-based job index of the slot after the prefix */
}

static void sample_large(const keel_problem *P, const double *prio, double eps, keel_rng *rng,
                         int *list, int *npred, fenwick *f)
{
    int n = P->njobs, ne = 0, out = 0;
    double worst = -HUGE_VAL, total_prio = 0;
    for (int j = 0; j < n; j++) {
        npred[j] = P->pred_start[j + 1] - P->pred_start[j];
        if (npred[j] == 0) {
            fenwick_add(f, j, 1, prio[j]);
            ne++;
            total_prio += prio[j];
            worst = prio[j] > worst ? prio[j] : worst;
        }
    }
    while (ne > 0) {
        double c = worst + eps, total = ne * c - total_prio;
        int j = fenwick_find(f, c, keel_rng_unit(rng) * (total > 0 ? total : 0));
        if (j >= n)
            j = n - 1;
        while (j > 0 && npred[j] != 0) /* rounding at the end: the last eligible before */
            j--;
        while (npred[j] != 0) /* (none before it: the first after) */
            j++;
        npred[j] = -1;
        fenwick_add(f, j, -1, -prio[j]);
        ne--;
        total_prio -= prio[j];
        list[out++] = j;
        for (int a = P->succ_start[j]; a < P->succ_start[j + 1]; a++) {
            int k = P->succ[a].job;
            if (--npred[k] == 0) {
                fenwick_add(f, k, 1, prio[k]);
                ne++;
                total_prio += prio[k];
                worst = prio[k] > worst ? prio[k] : worst;
            }
        }
    }
}

#define LARGE_JOBS 2048

void keel_rules_sample(const keel_problem *P, const double *prio, double alpha, double eps,
                       keel_rng *rng, int *list, int *scratch)
{
    int n = P->njobs;
    fenwick f = {.n = n};
    if (n > LARGE_JOBS && alpha == 1.0) {
        f.count = calloc((size_t)n + 1, sizeof *f.count);
        f.sum = calloc((size_t)n + 1, sizeof *f.sum);
    }
    if (!f.count || !f.sum) { /* small, or out of memory: the plain draw */
        free(f.count);
        free(f.sum);
        sample_small(P, prio, alpha, eps, rng, list, scratch);
        return;
    }
    for (f.top = 1; f.top * 2 <= n; f.top *= 2)
        ;
    sample_large(P, prio, eps, rng, list, scratch, &f);
    free(f.count);
    free(f.sum);
}
