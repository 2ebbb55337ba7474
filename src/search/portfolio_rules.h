/* SPDX-License-Identifier: GPL-3.0-or-later
 * Priority rules for portfolios of projects: every project keeps its own
 * critical path. The classic rules (rules.h) measure slack against the
 * portfolio's latest finish, so a short project looks as if it had months of
 * slack and comes last; here a job's late dates come from a backward pass in
 * which each project ends at its own resource-free finish (the rule PMO
 * tools and the multi-project literature use: Kurtulus & Davis 1982;
 * Browning & Yassine 2010, "Resource-constrained multi-project scheduling:
 * priority rule performance revisited"). Weighted variants put the
 * objective's project weights into the order. Lower keys go first.
 */
#ifndef KEEL_PORTFOLIO_RULES_H
#define KEEL_PORTFOLIO_RULES_H

#include "search/objective.h"
#include "search/sgs.h"

typedef enum keel_prule {
    KEEL_PRULE_LFT,      /* latest finish, each project anchored at its own finish */
    KEEL_PRULE_LST,      /* latest start, likewise */
    KEEL_PRULE_MINSLK,   /* least slack against the own project's finish */
    KEEL_PRULE_WSLK,     /* earliest start + slack / relative project weight */
    KEEL_PRULE_WSPT,     /* whole projects by weight / work (Smith's rule), LFT inside */
    KEEL_PRULE_PRIO_LFT, /* project priority, then LFT */
    KEEL_PRULE_GLFT,     /* latest finish against the portfolio's finish */
    KEEL_PRULE_EST,      /* earliest start */
    KEEL_PRULE_COUNT
} keel_prule;

const char *keel_prule_name(keel_prule r);

/* What the rules read, computed once: resource-free early dates
 * (keel_sgs_cpm), late dates against each project's own finish and against
 * the portfolio's, the objective's project weights (1 for unweighted
 * objectives) and two project orders. */
typedef struct keel_prule_data {
    const keel_problem *P;
    keel_plan early, own_late, late;
    double *weight;       /* [nprojects] */
    double *wspt_rank;    /* [nprojects] 0 = most weight per unit of work */
    double *prio_rank;    /* [nprojects] 0 = highest priority (ties share a rank) */
    double span;          /* above every late finish - origin */
} keel_prule_data;

/* Computes the data for objective kind. Fails with KEEL_ERR_NOMEM; d then
 * holds nothing. */
keel_status keel_prule_data_init(keel_prule_data *d, const keel_problem *P,
                                 keel_objective_kind kind, keel_error *err);
void keel_prule_data_release(keel_prule_data *d);

/* Keys of rule r for every job (lower first; ties broken by the earliest
 * start inside the key). Cannot fail. */
void keel_prule_keys(const keel_prule_data *d, keel_prule r, double *key);

/* Keys between the own-finish LFT rule (alpha 0) and whole projects in an
 * order (alpha large): the project ranked r has its keys delayed by
 * r * alpha * span / nprojects. rank: a rank per project, NULL for weight
 * per work (d->wspt_rank). On a 100-project portfolio alpha 0.4 with that
 * order beats both ends by 5 % (APD). Cannot fail. */
void keel_prule_blend_keys(const keel_prule_data *d, double alpha, const double *rank,
                           double *key);

#endif
