/* SPDX-License-Identifier: GPL-3.0-or-later
 * Resource peaks of a schedule (ga_peak.h). Time is compressed to the distinct
 * start and finish dates so that calendars in minutes cost no more than PSPLIB
 * periods: O(n log n) per call, no allocation.
 */
#include "solvers/ga_peak.h"

#include <stdlib.h>

#include "base/sort.h"

struct keel_peak {
    const keel_problem *P;
    double *weight;   /* [njobs] sum over demands of units / capacity */
    keel_time *ev;    /* [2 njobs] event dates */
    double *rate;     /* [4 njobs] utilization from ev[i] to ev[i+1], then the
                         integral from ev[0] to ev[i] */
};

static double capacity(const keel_problem_cap *c)
{
    int32_t m = 0;
    for (int i = 0; i < c->n; i++)
        m = c->units[i] > m ? c->units[i] : m;
    return m > 0 ? (double)m : 1.0;
}

keel_peak *keel_peak_new(const keel_problem *P)
{
    keel_peak *k = calloc(1, sizeof *k);
    size_t n = (size_t)P->njobs + 1;
    if (!k || !(k->weight = calloc(n, sizeof *k->weight)) ||
        !(k->ev = malloc(2 * n * sizeof *k->ev)) || !(k->rate = malloc(4 * n * sizeof *k->rate))) {
        keel_peak_free(k);
        return NULL;
    }
    k->P = P;
    for (int j = 0; j < P->njobs; j++)
        for (int d = P->dem_start[j]; d < P->dem_start[j + 1]; d++)
            k->weight[j] += (double)P->dem_units[d] / capacity(&P->cap[P->dem_res[d]]);
    return k;
}

void keel_peak_free(keel_peak *k)
{
    if (!k)
        return;
    free(k->weight);
    free(k->ev);
    free(k->rate);
    free(k);
}

/* Index of t in the sorted distinct ev[0..m). */
static int find(const keel_time *ev, int m, keel_time t)
{
    int lo = 0, hi = m - 1;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (ev[mid] < t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Utilization integrated from ev[0] to t (segment pointer *i advances). */
static double integral_to(const keel_peak *k, int m, const double *cum, int *i, keel_time t)
{
    while (*i + 1 < m && k->ev[*i + 1] <= t)
        (*i)++;
    return cum[*i] + k->rate[*i] * (double)(t - k->ev[*i]);
}

void keel_peak_segment(keel_peak *k, const keel_plan *s, const int *list, double frac, int *q1,
                       int *q2)
{
    const keel_problem *P = k->P;
    int n = P->njobs, m = 0;
    for (int j = 0; j < n; j++) {
        k->ev[m++] = s->start[j];
        k->ev[m++] = s->finish[j];
    }
    keel_sort_i64(k->ev, (size_t)m);
    int u = 0;
    for (int i = 0; i < m; i++)
        if (u == 0 || k->ev[i] != k->ev[u - 1])
            k->ev[u++] = k->ev[i];
    m = u;
    for (int i = 0; i < m; i++)
        k->rate[i] = 0;
    for (int j = 0; j < n; j++) {
        if (s->finish[j] <= s->start[j])
            continue;
        k->rate[find(k->ev, m, s->start[j])] += k->weight[j];
        k->rate[find(k->ev, m, s->finish[j])] -= k->weight[j];
    }
    /* rate: prefix sums of the differences; cum: their integral. */
    double *cum = k->rate + m;
    double acc = 0, area = 0;
    for (int i = 0; i < m; i++) {
        acc += k->rate[i];
        k->rate[i] = acc;
        cum[i] = area;
        if (i + 1 < m)
            area += acc * (double)(k->ev[i + 1] - k->ev[i]);
    }
    keel_time len = (keel_time)(frac * (double)(s->makespan - P->origin));
    if (len < 1)
        len = 1;
    keel_time t1 = k->ev[0];
    double best = -1;
    int hi = 0;
    for (int i = 0; i < m && k->ev[i] + len <= k->ev[m - 1] + 0; i++) {
        double v = integral_to(k, m, cum, &hi, k->ev[i] + len) - cum[i];
        if (v > best + 1e-9) {
            best = v;
            t1 = k->ev[i];
        }
    }
    int q = 0;
    while (q < n && s->start[list[q]] < t1)
        q++;
    *q1 = q;
    while (q < n && s->start[list[q]] < t1 + len)
        q++;
    *q2 = q;
}
