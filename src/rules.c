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
#include "rules.h"

#include <math.h>

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

/* Large eligible sets (portfolios of many projects run side by side) make the
 * exact draw O(n) per pick; with alpha 1 the weights are affine in prio, so a
 * uniform proposal accepted with probability weight / bound draws from the
 * same distribution in O(1) expected time for flat priorities. */
#define LARGE_ELIGIBLE 128
#define MAX_TRIES 32

static double max_prio(const double *prio, const int *elig, int ne)
{
    double worst = prio[elig[0]];
    for (int e = 1; e < ne; e++)
        worst = prio[elig[e]] > worst ? prio[elig[e]] : worst;
    return worst;
}

static double weight(double worst, double p, double alpha, double eps)
{
    double g = worst - p + eps;
    return alpha == 1.0 ? g : alpha == 0.0 ? 1.0 : pow(g, alpha);
}

/* The exact draw: index e of elig with probability weight_e / sum. */
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

/* Rejection draw for alpha 1; bound >= every weight. -1 when it gave up. */
static int draw_rejection(const double *prio, const int *elig, int ne, double worst,
                          double eps, double bound, keel_rng *rng)
{
    for (int k = 0; k < MAX_TRIES; k++) {
        int e = (int)keel_rng_below(rng, (uint32_t)ne);
        if (keel_rng_unit(rng) * bound < worst - prio[elig[e]] + eps)
            return e;
    }
    return -1;
}

void keel_rules_sample(const keel_problem *P, const double *prio, double alpha, double eps,
                       keel_rng *rng, int *list, int *scratch)
{
    int n = P->njobs, ne = 0, out = 0;
    int *npred = scratch, *elig = scratch + n;
    double lowest = n ? prio[0] : 0;
    for (int j = 0; j < n; j++) {
        npred[j] = P->pred_start[j + 1] - P->pred_start[j];
        if (npred[j] == 0)
            elig[ne++] = j;
        lowest = prio[j] < lowest ? prio[j] : lowest;
    }
    double worst = ne ? max_prio(prio, elig, ne) : 0;
    while (ne > 0) {
        int pick = -1;
        if (ne > LARGE_ELIGIBLE && alpha == 1.0)
            pick = draw_rejection(prio, elig, ne, worst, eps, worst - lowest + eps, rng);
        if (pick < 0)
            pick = draw_exact(prio, elig, ne, worst, alpha, eps, rng);
        int j = elig[pick];
        elig[pick] = elig[--ne];
        list[out++] = j;
        for (int a = P->succ_start[j]; a < P->succ_start[j + 1]; a++)
            if (--npred[P->succ[a].job] == 0) {
                int k = P->succ[a].job;
                elig[ne++] = k;
                worst = prio[k] > worst ? prio[k] : worst;
            }
        if (ne > 0 && prio[j] >= worst) /* the worst left: find the next one */
            worst = max_prio(prio, elig, ne);
    }
}
