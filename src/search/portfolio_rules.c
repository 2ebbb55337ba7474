/* SPDX-License-Identifier: GPL-3.0-or-later
 * Portfolio priority rules (see portfolio_rules.h). A key is a whole number
 * of minutes (periods) plus a fraction below one that breaks ties by the
 * earliest start, so one double carries both orders.
 */
#include "search/portfolio_rules.h"

#include <stdlib.h>
#include <string.h>

#include "base/error.h"

const char *keel_prule_name(keel_prule r)
{
    static const char *names[] = {"project-lft", "project-lst", "project-minslk",
                                  "weighted-slack", "project-wspt", "priority-lft",
                                  "portfolio-lft", "est"};
    return r < KEEL_PRULE_COUNT ? names[r] : "?";
}

/* Late dates when every project must end by its own resource-free finish
 * (and successors in other projects bind as usual): a backward pass in
 * reverse job order, which is a reverse topological order. */
static void own_late_dates(const keel_problem *P, const keel_plan *early, keel_plan *late,
                           keel_time *anchor)
{
    for (int q = 0; q < P->nprojects; q++)
        anchor[q] = P->release[q];
    for (int j = 0; j < P->njobs; j++)
        if (early->finish[j] > anchor[P->project[j]])
            anchor[P->project[j]] = early->finish[j];
    late->makespan = early->makespan;
    for (int j = P->njobs - 1; j >= 0; j--) {
        keel_time f = keel_sgs_successor_finish(P, late, j, anchor[P->project[j]]);
        late->finish[j] = f;
        late->start[j] = keel_problem_sub(P, j, f, P->dur[j]);
    }
}

typedef struct project_key {
    double major, minor; /* larger first */
    int project;
} project_key;

static int by_key_desc(const void *a, const void *b)
{
    const project_key *x = a, *y = b;
    if (x->major != y->major)
        return x->major > y->major ? -1 : 1;
    if (x->minor != y->minor)
        return x->minor > y->minor ? -1 : 1;
    return x->project - y->project;
}

/* rank[q]: position of project q when sorted by (major, minor) descending;
 * with `groups`, projects of equal major share the first position of theirs. */
static void rank_projects(project_key *k, int n, bool groups, double *rank)
{
    qsort(k, (size_t)n, sizeof *k, by_key_desc);
    for (int i = 0, first = 0; i < n; i++) {
        if (i > 0 && k[i].major != k[i - 1].major)
            first = i;
        rank[k[i].project] = groups ? first : i;
    }
}

static void project_orders(keel_prule_data *d, project_key *k, double *work)
{
    const keel_problem *P = d->P;
    int n = P->nprojects;
    for (int q = 0; q < n; q++)
        work[q] = 0;
    for (int j = 0; j < P->njobs; j++)
        work[P->project[j]] += (double)P->dur[j];
    for (int q = 0; q < n; q++)
        k[q] = (project_key){d->weight[q] / (work[q] + 1.0), 0, q};
    rank_projects(k, n, false, d->wspt_rank);
    for (int q = 0; q < n; q++)
        k[q] = (project_key){P->portfolio->projects[q].priority, d->weight[q], q};
    rank_projects(k, n, true, d->prio_rank);
}

static double late_span(const keel_prule_data *d)
{
    double span = 1.0;
    for (int j = 0; j < d->P->njobs; j++) {
        keel_time f = d->own_late.finish[j] > d->late.finish[j] ? d->own_late.finish[j]
                                                                : d->late.finish[j];
        double s = (double)(f - d->P->origin) + 1.0;
        span = s > span ? s : span;
    }
    return span;
}

keel_status keel_prule_data_init(keel_prule_data *d, const keel_problem *P,
                                 keel_objective_kind kind, keel_error *err)
{
    memset(d, 0, sizeof *d);
    d->P = P;
    size_t np = (size_t)P->nprojects + 1;
    keel_time *anchor = malloc(np * sizeof *anchor);
    project_key *keys = malloc(np * sizeof *keys);
    double *work = malloc(np * sizeof *work);
    d->weight = malloc(np * sizeof *d->weight);
    d->wspt_rank = malloc(np * sizeof *d->wspt_rank);
    d->prio_rank = malloc(np * sizeof *d->prio_rank);
    bool ok = anchor && keys && work && d->weight && d->wspt_rank && d->prio_rank &&
              keel_plan_init(&d->early, P->njobs) && keel_plan_init(&d->own_late, P->njobs) &&
              keel_plan_init(&d->late, P->njobs);
    if (ok) {
        bool weighted = kind == KEEL_OBJ_WDELAY || kind == KEEL_OBJ_WTARDY;
        for (int q = 0; q < P->nprojects; q++)
            d->weight[q] = weighted ? P->portfolio->projects[q].weight : 1.0;
        keel_sgs_cpm(P, &d->early, &d->late);
        own_late_dates(P, &d->early, &d->own_late, anchor);
        project_orders(d, keys, work);
        d->span = late_span(d);
    }
    free(anchor);
    free(keys);
    free(work);
    if (!ok) {
        keel_prule_data_release(d);
        return keel_error_nomem(err);
    }
    return KEEL_OK;
}

void keel_prule_data_release(keel_prule_data *d)
{
    keel_plan_release(&d->early);
    keel_plan_release(&d->own_late);
    keel_plan_release(&d->late);
    free(d->weight);
    free(d->wspt_rank);
    free(d->prio_rank);
    d->weight = d->wspt_rank = d->prio_rank = NULL;
}

static double mean_weight(const keel_prule_data *d)
{
    double sum = 0;
    for (int q = 0; q < d->P->nprojects; q++)
        sum += d->weight[q];
    return d->P->nprojects && sum > 0 ? sum / d->P->nprojects : 1.0;
}

#define MIN_RELATIVE_WEIGHT 0.05 /* a weight-0 project still gets its slack, x 20 */

void keel_prule_keys(const keel_prule_data *d, keel_prule r, double *key)
{
    const keel_problem *P = d->P;
    const keel_plan *e = &d->early, *ol = &d->own_late;
    double span = d->span, mean = mean_weight(d);
    for (int j = 0; j < P->njobs; j++) {
        int q = P->project[j];
        double es = (double)(e->start[j] - P->origin);
        double lf = (double)(ol->finish[j] - P->origin);
        double ls = (double)(ol->start[j] - P->origin);
        double tie = es / (span + 1.0);
        double wr = d->weight[q] / mean;
        switch (r) {
        case KEEL_PRULE_LFT:
            key[j] = lf + tie;
            break;
        case KEEL_PRULE_LST:
            key[j] = ls + tie;
            break;
        case KEEL_PRULE_MINSLK:
            key[j] = (ls - es) + tie;
            break;
        case KEEL_PRULE_WSLK:
            key[j] = es + (ls - es) / (wr > MIN_RELATIVE_WEIGHT ? wr : MIN_RELATIVE_WEIGHT);
            break;
        case KEEL_PRULE_WSPT:
            key[j] = d->wspt_rank[q] * (span + 1.0) + lf + tie;
            break;
        case KEEL_PRULE_PRIO_LFT:
            key[j] = d->prio_rank[q] * (span + 1.0) + lf + tie;
            break;
        case KEEL_PRULE_GLFT:
            key[j] = (double)(d->late.finish[j] - P->origin) + tie;
            break;
        default: /* EST, ties by the own latest finish */
            key[j] = es + lf / (span + 1.0);
            break;
        }
    }
}

void keel_prule_blend_keys(const keel_prule_data *d, double alpha, const double *rank,
                           double *key)
{
    const keel_problem *P = d->P;
    double step = alpha * d->span / (P->nprojects > 0 ? P->nprojects : 1);
    if (!rank)
        rank = d->wspt_rank;
    for (int j = 0; j < P->njobs; j++) {
        double es = (double)(d->early.start[j] - P->origin);
        double lf = (double)(d->own_late.finish[j] - P->origin);
        key[j] = rank[P->project[j]] * step + lf + es / (d->span + 1.0);
    }
}
