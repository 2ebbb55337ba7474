/* SPDX-License-Identifier: GPL-3.0-or-later
 * Objectives (see objective.h). APD and TMS follow Homberger (2007), "A
 * multi-agent system for the decentralized resource-constrained multi-project
 * scheduling problem", ITOR 14:565-589; project delay is the leveled finish
 * minus the resource-free (CPM) finish, so APD = mean(finish - CPM finish).
 * Delays and tardiness count working days of each project's calendar (what a
 * PMO reads in the level table; periods for research instances); makespan and
 * TMS count elapsed time.
 */
#include "search/objective.h"

#include <stdlib.h>
#include <string.h>

#include "base/error.h"

keel_status keel_objective_init(keel_objective *o, const keel_problem *P,
                                keel_objective_kind kind, keel_error *err)
{
    memset(o, 0, sizeof *o);
    o->kind = kind;
    o->P = P;
    keel_plan early = {0};
    size_t np = (size_t)P->nprojects + 1;
    o->cpm_finish = calloc(np, sizeof *o->cpm_finish);
    o->finish = malloc(np * sizeof *o->finish);
    if (!o->cpm_finish || !o->finish || !keel_plan_init(&early, P->njobs)) {
        keel_objective_release(o);
        return keel_error_nomem(err);
    }
    keel_sgs_cpm(P, &early, NULL);
    keel_objective_value(o, &early);
    memcpy(o->cpm_finish, o->finish, np * sizeof *o->finish);
    keel_plan_release(&early);
    return KEEL_OK;
}

void keel_objective_release(keel_objective *o)
{
    free(o->cpm_finish);
    free(o->finish);
    o->cpm_finish = o->finish = NULL;
}

double keel_objective_value(keel_objective *o, const keel_plan *s)
{
    const keel_problem *P = o->P;
    for (int k = 0; k < P->nprojects; k++)
        o->finish[k] = P->release[k];
    for (int j = 0; j < P->njobs; j++)
        if (s->finish[j] > o->finish[P->project[j]])
            o->finish[P->project[j]] = s->finish[j];
    const keel_project *proj = P->portfolio->projects;
    double v = 0;
    switch (o->kind) {
    case KEEL_OBJ_MAKESPAN:
        return (double)(s->makespan - P->origin);
    case KEEL_OBJ_TMS: {
        keel_time lo = P->release[0], hi = o->finish[0];
        for (int k = 1; k < P->nprojects; k++) {
            lo = P->release[k] < lo ? P->release[k] : lo;
            hi = o->finish[k] > hi ? o->finish[k] : hi;
        }
        return P->nprojects ? (double)(hi - lo) : 0;
    }
    case KEEL_OBJ_APD:
        for (int k = 0; k < P->nprojects; k++)
            v += keel_project_days(P->portfolio, k, o->cpm_finish[k], o->finish[k]);
        return P->nprojects ? v / P->nprojects : 0;
    case KEEL_OBJ_WDELAY:
        for (int k = 0; k < P->nprojects; k++)
            v += proj[k].weight *
                 keel_project_days(P->portfolio, k, o->cpm_finish[k], o->finish[k]);
        return v;
    case KEEL_OBJ_WTARDY:
        for (int k = 0; k < P->nprojects; k++)
            if (proj[k].deadline != KEEL_TIME_NONE && o->finish[k] > proj[k].deadline)
                v += proj[k].weight *
                     keel_project_days(P->portfolio, k, proj[k].deadline, o->finish[k]);
        return v;
    }
    return 0;
}

int keel_objective_compare(double va, keel_time ma, double vb, keel_time mb)
{
    const double eps = 1e-9;
    if (va < vb - eps)
        return -1;
    if (va > vb + eps)
        return 1;
    return (ma > mb) - (ma < mb);
}

int keel_objective_parse(const char *name)
{
    static const char *names[] = {"makespan", "tms", "apd", "weighted-delay", "tardiness"};
    for (int i = 0; i < 5; i++)
        if (strcmp(name, names[i]) == 0)
            return i;
    return -1;
}
