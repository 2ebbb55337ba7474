/* SPDX-License-Identifier: GPL-3.0-or-later
 * Resource clusters (clusters.h): connected components of projects by
 * union-find over shared leveled resources and links.
 */
#include "search/clusters.h"

#include <stdlib.h>

#include "base/error.h"

static int find_root(int *up, int q)
{
    while (up[q] != q) {
        up[q] = up[up[q]]; /* path halving */
        q = up[q];
    }
    return q;
}

static void join(int *up, int a, int b)
{
    a = find_root(up, a);
    b = find_root(up, b);
    if (a != b) /* the lower index is the root: numbering follows it */
        up[a > b ? a : b] = a < b ? a : b;
}

static void join_all(const keel_problem *P, int *up)
{
    const keel_portfolio *p = P->portfolio;
    for (int r = 0; r < P->nres; r++)
        for (int i = P->res_job_start[r] + 1; i < P->res_job_start[r + 1]; i++)
            join(up, P->project[P->res_jobs[P->res_job_start[r]]], P->project[P->res_jobs[i]]);
    for (int j = 0; j < P->njobs; j++)
        for (int a = P->succ_start[j]; a < P->succ_start[j + 1]; a++)
            join(up, P->project[j], P->project[P->succ[a].job]);
    for (int i = 0; i < p->nrelations; i++)
        join(up, p->tasks[p->relations[i].pred].project, p->tasks[p->relations[i].succ].project);
}

static void count_members(const keel_problem *P, keel_clusters *c)
{
    for (int q = 0; q < P->nprojects; q++)
        c->nprojects[c->of_project[q]]++;
    for (int j = 0; j < P->njobs; j++)
        c->njobs[c->of_project[P->project[j]]]++;
}

keel_status keel_clusters_find(const keel_problem *P, keel_clusters *out, keel_error *err)
{
    *out = (keel_clusters){0};
    size_t np = (size_t)P->nprojects + 1;
    int *up = malloc(np * sizeof *up);
    out->of_project = malloc(np * sizeof *out->of_project);
    out->njobs = calloc(np, sizeof *out->njobs);
    out->nprojects = calloc(np, sizeof *out->nprojects);
    if (!up || !out->of_project || !out->njobs || !out->nprojects) {
        free(up);
        keel_clusters_release(out);
        return keel_error_nomem(err);
    }
    for (int q = 0; q < P->nprojects; q++)
        up[q] = q;
    join_all(P, up);
    for (int q = 0; q < P->nprojects; q++) /* roots come first: lower index */
        out->of_project[q] = find_root(up, q) == q ? out->n++ : out->of_project[find_root(up, q)];
    count_members(P, out);
    free(up);
    return KEEL_OK;
}

void keel_clusters_release(keel_clusters *c)
{
    free(c->of_project);
    free(c->njobs);
    free(c->nprojects);
    *c = (keel_clusters){0};
}
