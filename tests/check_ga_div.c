/* SPDX-License-Identifier: GPL-3.0-or-later
 * Biased-fitness survival (ga_div.h): fingerprints are list positions, and
 * the chosen individuals equal a direct computation of the definition (value
 * rank plus weighted rank of the distance to the nearest others, clones last,
 * the best kept) on random populations.
 */
#include <check.h>
#include <stdlib.h>

#include "base/rng.h"
#include "solvers/ga_div.h"

START_TEST(fingerprint_is_positions)
{
    int n = 30, list[30];
    for (int i = 0; i < n; i++)
        list[i] = (i * 7) % n; /* 7 is prime to 30: a permutation */
    keel_div *d = keel_div_new(n, 4);
    ck_assert_ptr_nonnull(d);
    int width = keel_div_width(d);
    ck_assert_int_ge(width, n);
    int32_t fp[256];
    keel_div_fingerprint(d, list, fp);
    for (int i = 0; i < n; i++)
        ck_assert_int_eq(fp[list[i]], i);
    for (int k = n; k < width; k++)
        ck_assert_int_eq(fp[k], 0);
    keel_div_free(d);

    d = keel_div_new(1000, 4); /* large lists are sampled */
    ck_assert_int_le(keel_div_width(d), 128);
    keel_div_free(d);
}
END_TEST

static int64_t dist(const int32_t *a, const int32_t *b, int w)
{
    int64_t s = 0;
    for (int k = 0; k < w; k++)
        s += labs((long)a[k] - b[k]);
    return s;
}

/* The definition, directly: O(m^2 log m), doubles for the weighted ranks. */
static void reference(int32_t **fp, const bool *clone, int w, int m, int keep, int nclose,
                      int elite, bool *chosen)
{
    double near[64], biased[64];
    for (int a = 0; a < m; a++) {
        int64_t d[64];
        int k = 0;
        for (int b = 0; b < m; b++)
            if (b != a)
                d[k++] = dist(fp[a], fp[b], w);
        for (int i = 0; i < nclose; i++) /* selection of the nclose smallest */
            for (int j = i + 1; j < k; j++)
                if (d[j] < d[i]) {
                    int64_t t = d[i];
                    d[i] = d[j];
                    d[j] = t;
                }
        near[a] = 0;
        for (int i = 0; i < nclose && i < k; i++)
            near[a] += (double)d[i];
        if (clone[a])
            near[a] = -1;
    }
    for (int a = 0; a < m; a++) {
        int rank = 0; /* more distant first, ties to the better value */
        for (int b = 0; b < m; b++)
            rank += near[b] > near[a] || (near[b] == near[a] && b < a);
        biased[a] = (double)a / (m - 1) + (1.0 - (double)elite / m) * rank / (m - 1);
        if (clone[a])
            biased[a] += 10;
        chosen[a] = false;
    }
    biased[0] = -1;
    for (int r = 0; r < keep; r++) {
        int pick = -1;
        for (int a = 0; a < m; a++)
            if (!chosen[a] && (pick < 0 || biased[a] < biased[pick] - 1e-12))
                pick = a;
        chosen[pick] = true;
    }
}

START_TEST(select_matches_definition)
{
    keel_rng rng;
    keel_rng_seed(&rng, 5, 0);
    int n = 20;
    keel_div *d = keel_div_new(n, 64);
    int w = keel_div_width(d);
    int32_t store[64][128], *fp[64];
    bool clone[64], want[64];
    int chosen[64], list[20];
    for (int rep = 0; rep < 200; rep++) {
        int m = 2 + (int)keel_rng_below(&rng, 60);
        int keep = 1 + (int)keel_rng_below(&rng, (uint32_t)m);
        int nclose = 1 + (int)keel_rng_below(&rng, 6);
        int elite = (int)keel_rng_below(&rng, (uint32_t)m + 1);
        for (int a = 0; a < m; a++) {
            fp[a] = store[a];
            clone[a] = a > 0 && keel_rng_below(&rng, 5) == 0;
            if (clone[a]) { /* a worse copy of an earlier one */
                int b = (int)keel_rng_below(&rng, (uint32_t)a);
                for (int k = 0; k < w; k++)
                    store[a][k] = store[b][k];
                continue;
            }
            for (int i = 0; i < n; i++)
                list[i] = i;
            for (int i = n - 1; i > 0; i--) { /* a few swaps: near lists */
                int j = (int)keel_rng_below(&rng, (uint32_t)i + 1);
                if (keel_rng_below(&rng, 3) == 0) {
                    int t = list[i];
                    list[i] = list[j];
                    list[j] = t;
                }
            }
            keel_div_fingerprint(d, list, fp[a]);
        }
        keel_div_select(d, fp, clone, m, keep, nclose, elite, chosen);
        reference(fp, clone, w, m, keep, nclose, elite, want);
        for (int r = 0; r < keep; r++) {
            ck_assert_msg(want[chosen[r]], "rep %d: %d chosen, not defined", rep,
                          chosen[r]);
            ck_assert(r == 0 || chosen[r] > chosen[r - 1]);
        }
        ck_assert_int_eq(chosen[0], 0); /* the best stays */
    }
    keel_div_free(d);
}
END_TEST

START_TEST(no_weight_is_truncation)
{
    int n = 10, m = 8, list[10], chosen[8];
    keel_div *d = keel_div_new(n, m);
    int32_t store[8][128], *fp[8];
    bool clone[8] = {false, true, false, false, true, false, false, false};
    for (int a = 0; a < m; a++) {
        for (int i = 0; i < n; i++)
            list[i] = (i + a) % n;
        fp[a] = store[a];
        keel_div_fingerprint(d, list, fp[a]);
    }
    keel_div_select(d, fp, clone, m, 4, 3, m, chosen); /* elite = m: weight 0 */
    int want[4] = {0, 2, 3, 5};                         /* the best distinct */
    for (int r = 0; r < 4; r++)
        ck_assert_int_eq(chosen[r], want[r]);
    keel_div_free(d);
}
END_TEST

Suite *suite_ga_div(void)
{
    Suite *s = suite_create("ga_div");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, fingerprint_is_positions);
    tcase_add_test(tc, select_matches_definition);
    tcase_add_test(tc, no_weight_is_truncation);
    suite_add_tcase(s, tc);
    return s;
}
