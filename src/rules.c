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

void keel_rules_sample(const keel_problem *P, const double *prio, double alpha, double eps,
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
        double worst = prio[elig[0]], total = 0;
        for (int e = 1; e < ne; e++)
            worst = prio[elig[e]] > worst ? prio[elig[e]] : worst;
        for (int e = 0; e < ne; e++) {
            double g = worst - prio[elig[e]] + eps;
            total += alpha == 1.0 ? g : alpha == 0.0 ? 1.0 : pow(g, alpha);
        }
        double x = keel_rng_unit(rng) * total;
        int pick = ne - 1;
        for (int e = 0; e < ne; e++) {
            double g = worst - prio[elig[e]] + eps;
            x -= alpha == 1.0 ? g : alpha == 0.0 ? 1.0 : pow(g, alpha);
            if (x < 0) {
                pick = e;
                break;
            }
        }
        int j = elig[pick];
        elig[pick] = elig[--ne];
        list[out++] = j;
        for (int a = P->succ_start[j]; a < P->succ_start[j + 1]; a++)
            if (--npred[P->succ[a].job] == 0)
                elig[ne++] = P->succ[a].job;
    }
}
