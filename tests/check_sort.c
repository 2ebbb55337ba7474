/* SPDX-License-Identifier: GPL-3.0-or-later
 * The key sorts (sort.h) against qsort on random, duplicate-heavy, sorted,
 * reversed and organ-pipe inputs of many sizes, signed keys included.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "base/rng.h"
#include "base/sort.h"

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* Pattern p of size n: 0 random, 1 eight distinct values, 2 sorted, 3
 * reversed, 4 organ pipe. */
static void fill(uint64_t *a, size_t n, int p, keel_rng *rng)
{
    for (size_t i = 0; i < n; i++) {
        uint64_t r = (uint64_t)keel_rng_below(rng, UINT32_MAX) << 32;
        r |= keel_rng_below(rng, UINT32_MAX);
        uint64_t pipe = i < n / 2 ? i : n - i;
        a[i] = p == 0 ? r : p == 1 ? r % 8 : p == 2 ? i : p == 3 ? n - i : pipe;
    }
}

START_TEST(sorts_like_qsort)
{
    keel_rng rng;
    keel_rng_seed(&rng, 11, 0);
    size_t sizes[] = {0, 1, 2, 3, 15, 16, 17, 33, 100, 122, 257, 1000, 5000};
    uint64_t *a = malloc(5000 * sizeof *a), *b = malloc(5000 * sizeof *b);
    for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++)
        for (int p = 0; p < 5; p++)
            for (int rep = 0; rep < 4; rep++) {
                size_t n = sizes[s];
                fill(a, n, p, &rng);
                memcpy(b, a, n * sizeof *a);
                keel_sort_u64(a, n);
                qsort(b, n, sizeof *b, cmp_u64);
                ck_assert_msg(memcmp(a, b, n * sizeof *a) == 0, "n %zu pattern %d", n, p);
                for (size_t i = 0; i < n; i++) /* signed: half the keys negative */
                    a[i] = b[i] = (uint64_t)((int64_t)(b[i] % 2000) - 1000);
                keel_sort_i64((int64_t *)a, n);
                qsort(b, n, sizeof *b, cmp_i64);
                ck_assert_msg(memcmp(a, b, n * sizeof *a) == 0, "signed: n %zu", n);
            }
    free(a);
    free(b);
}
END_TEST

Suite *suite_sort(void)
{
    Suite *s = suite_create("sort");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, sorts_like_qsort);
    suite_add_tcase(s, tc);
    return s;
}
