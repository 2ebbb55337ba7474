/* SPDX-License-Identifier: GPL-3.0-or-later
 * Critical blockers of a schedule (ga_crit.h): jobs sorted by finish, walked
 * from the latest finish down, so that every job is marked before it is
 * reached; a marked job's blockers are the equal range of finishes at its
 * start.
 */
#include "solvers/ga_crit.h"

#include <stdlib.h>
#include <string.h>

#include "base/sort.h"

struct keel_crit {
    const keel_problem *P;
    uint64_t *keys;    /* [njobs] (finish - earliest finish) << 24 | job */
    unsigned char *on; /* [njobs] on a critical chain */
};

keel_crit *keel_crit_new(const keel_problem *P)
{
    keel_crit *c = calloc(1, sizeof *c);
    size_t n = (size_t)P->njobs + 1;
    if (!c || !(c->keys = malloc(n * sizeof *c->keys)) || !(c->on = malloc(n))) {
        keel_crit_free(c);
        return NULL;
    }
    c->P = P;
    return c;
}

void keel_crit_free(keel_crit *c)
{
    if (!c)
        return;
    free(c->keys);
    free(c->on);
    free(c);
}

static bool share_resource(const keel_problem *P, int i, int j)
{
    for (int a = P->dem_start[i]; a < P->dem_start[i + 1]; a++)
        for (int b = P->dem_start[j]; b < P->dem_start[j + 1]; b++)
            if (P->dem_res[a] == P->dem_res[b])
                return true;
    return false;
}

/* First index of keys whose finish offset is at least off. */
static int lower_bound(const uint64_t *keys, int n, uint64_t off)
{
    int lo = 0, hi = n;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if ((keys[mid] >> 24) < off)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Keeps a uniform sample of max pairs among the seen ones (reservoir). */
static void offer(keel_rng *rng, int max, int *pairs, int *kept, int *seen, int i, int j)
{
    int k = (*seen)++;
    if (k >= max && (k = (int)keel_rng_below(rng, (uint32_t)(k + 1))) >= max)
        return;
    pairs[2 * k] = i;
    pairs[2 * k + 1] = j;
    if (*kept < max)
        (*kept)++;
}

/* Marks the blockers of job j: the jobs of positive duration that finish at
 * its start and precede it or share a resource with it. */
static void mark_blockers(keel_crit *c, const keel_plan *s, keel_time lo, int j,
                          keel_rng *rng, int max, int *pairs, int *kept, int *seen)
{
    const keel_problem *P = c->P;
    int n = P->njobs;
    if (s->start[j] < lo)
        return;
    uint64_t off = (uint64_t)(s->start[j] - lo);
    for (int q = lower_bound(c->keys, n, off); q < n && (c->keys[q] >> 24) == off; q++) {
        int i = (int)(c->keys[q] & 0xffffff);
        if (i == j || s->start[i] == s->finish[i])
            continue;
        bool pred = keel_problem_is_pred(P, i, j);
        if (!pred && !share_resource(P, i, j))
            continue;
        c->on[i] = 1;
        if (!pred)
            offer(rng, max, pairs, kept, seen, i, j);
    }
}

int keel_crit_pairs(keel_crit *c, const keel_plan *s, keel_rng *rng, int max, int *pairs)
{
    int n = c->P->njobs, kept = 0, seen = 0;
    if (n == 0 || max <= 0)
        return 0;
    keel_time lo = s->finish[0];
    for (int j = 1; j < n; j++)
        lo = s->finish[j] < lo ? s->finish[j] : lo;
    for (int j = 0; j < n; j++) {
        c->keys[j] = ((uint64_t)(s->finish[j] - lo) << 24) | (uint64_t)j;
        c->on[j] = s->finish[j] == s->makespan;
    }
    keel_sort_u64(c->keys, (size_t)n);
    for (int q = n - 1; q >= 0; q--) {
        int j = (int)(c->keys[q] & 0xffffff);
        if (c->on[j])
            mark_blockers(c, s, lo, j, rng, max, pairs, &kept, &seen);
    }
    return kept;
}

void keel_crit_move(const keel_problem *P, int *list, int *pos, int blocker, int job)
{
    int n = P->njobs;
    for (int q = 0; q < n; q++)
        pos[list[q]] = q;
    int from = pos[job], to = pos[blocker];
    for (int a = P->pred_start[job]; a < P->pred_start[job + 1]; a++)
        if (pos[P->pred[a].job] + 1 > to)
            to = pos[P->pred[a].job] + 1;
    if (to >= from)
        return;
    memmove(list + to + 1, list + to, (size_t)(from - to) * sizeof *list);
    list[to] = job;
}
