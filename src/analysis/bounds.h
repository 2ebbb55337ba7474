/* SPDX-License-Identifier: GPL-3.0-or-later
 * Lower bounds for a portfolio, to report an optimality gap for every run:
 * the critical path (CPM), resource energy (a resource of constant capacity
 * cannot do its total work faster than at full capacity: from the earliest
 * start of its jobs, ceil(sum d_j r_jk / cap_k) periods; Stinson, Davis &
 * Khumawala 1978 call it the resource-based bound). The LP relaxation of the
 * time-indexed ILP is in the ILP layer (ilp/lp_bound.c).
 */
#ifndef KEEL_BOUNDS_H
#define KEEL_BOUNDS_H

#include "analysis/cpm.h"
#include "model/model.h"

typedef struct keel_bounds {
    int nprojects;
    keel_time min_start;       /* earliest project start (arrival) */
    keel_time cp_finish;       /* latest CPM finish */
    keel_time energy_finish;   /* max over resources of the energy bound on the
                                  finish of their last job (KEEL_TIME_NONE if none) */
    keel_time energy_finish_plain; /* Homberger's MPSPLIB form, for comparison:
                                  resources shared by several projects only,
                                  from the earliest project start; never above
                                  energy_finish (KEEL_TIME_NONE if none) */
    keel_time finish_lb;       /* max(cp_finish, energy_finish): the latest finish */
    int64_t tms_lb;            /* finish_lb - min_start: total makespan (TMS) */
    keel_time *project_finish_lb; /* [nprojects] max(CPM finish, the energy bound
                                  of the project's own work on each resource) */
    double sum_finish_lb;      /* sum_p weight_p * project_finish_lb[p] */
    double tardiness_lb;       /* sum_p weight_p * max(0, project_finish_lb[p] -
                                  deadline_p) (projects with a deadline) */
    double delay_lb;           /* sum_p (project_finish_lb[p] - CPM finish_p): a
                                  bound on total project delay (APD * n) */
    /* (tardiness_lb and delay_lb in working days of each project's calendar,
       as the objectives count them: keel_project_days) */
} keel_bounds;

/* Computes the CPM and energy bounds. Time-varying capacities give no energy
 * bound for that resource (it is skipped). On success *out is the caller's
 * (keel_bounds_free). Fails with KEEL_ERR_NOMEM; *out is then NULL. */
keel_status keel_bounds_compute(const keel_portfolio *p, const keel_cpm *c, keel_bounds **out,
                                keel_error *err);
void keel_bounds_free(keel_bounds *b);

#endif
