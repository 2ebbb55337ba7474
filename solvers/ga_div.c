/* SPDX-License-Identifier: GPL-3.0-or-later
 * Biased-fitness survival (ga_div.h). Distances are computed afresh for every
 * pair at each survival: m^2 / 2 fingerprint differences, about a tenth of
 * the GA's time on j120 (perf); bounding them by the rows' nearest lists gave
 * no measurable gain. Ranks and keys are integers: no rounding decides who
 * survives.
 */
#include "base/sort.h"
#include "solvers/ga_div.h"

#include <stdlib.h>

#define DIV_WIDTH 128
#define DIV_NCLOSE_MAX 16
#define DIV_BLOCK 8

struct keel_div {
    int n, cap, sampled, width; /* width: sampled padded to whole blocks */
    int *pos;        /* [n] position of each job in the list at hand */
    int *sample;     /* [sampled] the jobs of a fingerprint */
    int64_t *nearest; /* [cap * DIV_NCLOSE_MAX] each row's nearest, ascending */
    int *count;      /* [cap] entries of each row */
    int64_t *near;   /* [cap] summed distance to the nclose nearest */
    int *rank;       /* [cap] rank by that distance, most distant first */
    uint64_t *keys;  /* [cap] sort buffer: key << 20 | individual */
};

keel_div *keel_div_new(int njobs, int cap)
{
    if (cap >= 1 << 20) /* individuals must fit the keys' low 20 bits */
        return NULL;
    keel_div *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    d->n = njobs;
    d->cap = cap;
    d->sampled = njobs < DIV_WIDTH ? njobs : DIV_WIDTH;
    d->width = (d->sampled + DIV_BLOCK - 1) / DIV_BLOCK * DIV_BLOCK;
    d->pos = malloc(((size_t)njobs + 1) * sizeof *d->pos);
    d->sample = malloc(((size_t)d->width + 1) * sizeof *d->sample);
    d->nearest = malloc(((size_t)cap + 1) * DIV_NCLOSE_MAX * sizeof *d->nearest);
    d->count = malloc(((size_t)cap + 1) * sizeof *d->count);
    d->near = malloc(((size_t)cap + 1) * sizeof *d->near);
    d->rank = malloc(((size_t)cap + 1) * sizeof *d->rank);
    d->keys = malloc(((size_t)cap + 1) * sizeof *d->keys);
    if (!d->pos || !d->sample || !d->nearest || !d->count || !d->near || !d->rank ||
        !d->keys) {
        keel_div_free(d);
        return NULL;
    }
    for (int k = 0; k < d->sampled; k++) /* evenly spaced, all jobs when few */
        d->sample[k] = (int)((int64_t)k * njobs / d->sampled);
    return d;
}

void keel_div_free(keel_div *d)
{
    if (!d)
        return;
    free(d->pos);
    free(d->sample);
    free(d->nearest);
    free(d->count);
    free(d->near);
    free(d->rank);
    free(d->keys);
    free(d);
}

int keel_div_width(const keel_div *d)
{
    return d->width;
}

void keel_div_fingerprint(keel_div *d, const int *list, int32_t *fp)
{
    for (int i = 0; i < d->n; i++)
        d->pos[list[i]] = i;
    for (int k = 0; k < d->width; k++)
        fp[k] = k < d->sampled ? d->pos[d->sample[k]] : 0;
}

/* Fingerprints are padded with zeros to whole blocks of DIV_BLOCK entries:
 * fixed-length inner loops that the compiler turns into vector code. */
static int64_t distance(const int32_t *a, const int32_t *b, int width)
{
    int64_t s = 0;
    for (int k = 0; k < width; k += DIV_BLOCK) {
        int32_t part = 0;
        for (int i = 0; i < DIV_BLOCK; i++) {
            int32_t x = a[k + i] - b[k + i];
            part += x < 0 ? -x : x;
        }
        s += part;
    }
    return s;
}

/* Inserts x into the ascending best[0..*k) of at most nclose entries. */
static void keep_nearest(int64_t *best, int *k, int nclose, int64_t x)
{
    if (*k == nclose && x >= best[nclose - 1])
        return;
    int i = *k < nclose ? (*k)++ : nclose - 1;
    for (; i > 0 && best[i - 1] > x; i--)
        best[i] = best[i - 1];
    best[i] = x;
}

static int64_t *row(const keel_div *d, int a)
{
    return d->nearest + (size_t)a * DIV_NCLOSE_MAX;
}

/* Summed distance of each individual to its nclose nearest others; every
 * pair is measured once and offered to both rows. */
static void nearest_sums(keel_div *d, int32_t *const *fp, int m, int nclose)
{
    for (int a = 0; a < m; a++)
        d->count[a] = 0;
    for (int a = 0; a < m; a++)
        for (int b = a + 1; b < m; b++) {
            int64_t x = distance(fp[a], fp[b], d->width);
            keep_nearest(row(d, a), &d->count[a], nclose, x);
            keep_nearest(row(d, b), &d->count[b], nclose, x);
        }
    for (int a = 0; a < m; a++) {
        int64_t s = 0;
        for (int i = 0; i < d->count[a]; i++)
            s += row(d, a)[i];
        d->near[a] = s;
    }
}

void keel_div_select(keel_div *d, int32_t *const *fp, const bool *clone, int m, int keep,
                     int nclose, int elite, int *chosen)
{
    nclose = nclose < 1 ? 1 : nclose > DIV_NCLOSE_MAX ? DIV_NCLOSE_MAX : nclose;
    nearest_sums(d, fp, m, nclose);
    for (int a = 0; a < m; a++) { /* most distant first, then the better; clones last */
        int64_t far = clone[a] ? 0 : d->near[a] + 1;
        d->keys[a] = (uint64_t)(INT64_C(0xffffffffff) - far) << 20 | (uint64_t)a;
    }
    keel_sort_u64(d->keys, (size_t)m);
    for (int r = 0; r < m; r++)
        d->rank[d->keys[r] & 0xfffff] = r;
    /* value rank + (1 - elite / m) * distance rank, scaled by m to integers */
    int64_t w = m - (elite < m ? elite : m);
    for (int a = 0; a < m; a++) {
        uint64_t biased = (uint64_t)((int64_t)a * m + w * d->rank[a]);
        if (clone[a])
            biased += (uint64_t)2 * m * m; /* behind every distinct one */
        if (a == 0)
            biased = 0; /* the best stays */
        d->keys[a] = biased << 20 | (uint64_t)a;
    }
    keel_sort_u64(d->keys, (size_t)m);
    for (int a = 0; a < m; a++)
        d->count[a] = 0; /* reused: 1 marks a survivor */
    for (int r = 0; r < keep && r < m; r++)
        d->count[d->keys[r] & 0xfffff] = 1;
    for (int a = 0, k = 0; a < m; a++)
        if (d->count[a])
            chosen[k++] = a;
}
