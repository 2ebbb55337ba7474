/* SPDX-License-Identifier: GPL-3.0-or-later
 * Resource clusters: the groups of projects that share no leveled resource
 * and no link with the rest of the portfolio (two departments in one
 * portfolio file). The leveling of one group cannot move a task of another,
 * and every objective adds up (or takes the largest) over projects, so each
 * group can be leveled as a problem of its own (run/level_clusters.c).
 *
 * Invariant: projects are the unit. A project's delay is the finish of its
 * latest task, which couples all its tasks; two projects are joined when a
 * job of one and a job of the other demand the same leveled resource (a
 * demand the problem drops, above all the resource ever has, is placed on no
 * profile and joins nothing) or when a link joins them (cross-project links,
 * links on summary tasks as the files state them). Fixed, priority-1000 and
 * ALAP jobs join through their demands like any other: their load is on the
 * profile the others must fit around.
 */
#ifndef KEEL_CLUSTERS_H
#define KEEL_CLUSTERS_H

#include "search/problem.h"

typedef struct keel_clusters {
    int n;            /* clusters, >= 1 when there is a project */
    int *of_project;  /* [nprojects] cluster of each project: clusters are
                         numbered by their lowest project index */
    int *njobs;       /* [n] jobs of each cluster */
    int *nprojects;   /* [n] projects of each cluster */
} keel_clusters;

/* Finds the clusters of P's projects. On success *out holds malloc'd arrays
 * (keel_clusters_release). Fails with KEEL_ERR_NOMEM; *out is then empty. */
keel_status keel_clusters_find(const keel_problem *P, keel_clusters *out, keel_error *err);
void keel_clusters_release(keel_clusters *c);

#endif
