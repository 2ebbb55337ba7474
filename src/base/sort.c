/* SPDX-License-Identifier: GPL-3.0-or-later
 * Introsort (Musser 1997, "Introspective sorting and selection algorithms",
 * Software: Practice and Experience 27:983-993): quicksort with a
 * median-of-three pivot, heapsort when the recursion gets too deep, insertion
 * sort for short runs.
 */
#include "base/sort.h"

#define SHORT_RUN 16

static void insertion_sort(uint64_t *a, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        uint64_t x = a[i];
        size_t k = i;
        for (; k > 0 && a[k - 1] > x; k--)
            a[k] = a[k - 1];
        a[k] = x;
    }
}

static void sift_down(uint64_t *a, size_t n, size_t i)
{
    uint64_t x = a[i];
    for (size_t c; (c = 2 * i + 1) < n; i = c) {
        if (c + 1 < n && a[c + 1] > a[c])
            c++;
        if (a[c] <= x)
            break;
        a[i] = a[c];
    }
    a[i] = x;
}

static void heap_sort(uint64_t *a, size_t n)
{
    for (size_t i = n / 2; i-- > 0;)
        sift_down(a, n, i);
    for (size_t end = n; end-- > 1;) {
        uint64_t t = a[0];
        a[0] = a[end];
        a[end] = t;
        sift_down(a, end, 0);
    }
}

static uint64_t median3(uint64_t x, uint64_t y, uint64_t z)
{
    if (x < y)
        return y < z ? y : (x < z ? z : x);
    return x < z ? x : (y < z ? z : y);
}

/* Hoare partition around a value of a[0..n): returns m with every a[0..m)
 * <= pivot <= every a[m..n), 0 < m < n. */
static size_t partition(uint64_t *a, size_t n, uint64_t pivot)
{
    size_t i = 0, j = n - 1;
    for (;;) {
        while (a[i] < pivot)
            i++;
        while (a[j] > pivot)
            j--;
        if (i >= j)
            return j + 1 < n ? j + 1 : j;
        uint64_t t = a[i];
        a[i++] = a[j];
        a[j--] = t;
    }
}

static void intro_sort(uint64_t *a, size_t n, int depth)
{
    while (n > SHORT_RUN) {
        if (depth-- == 0) {
            heap_sort(a, n);
            return;
        }
        size_t m = partition(a, n, median3(a[0], a[n / 2], a[n - 1]));
        if (m < n - m) { /* recurse into the smaller part: O(log n) stack */
            intro_sort(a, m, depth);
            a += m;
            n -= m;
        } else {
            intro_sort(a + m, n - m, depth);
            n = m;
        }
    }
    insertion_sort(a, n);
}

void keel_sort_u64(uint64_t *a, size_t n)
{
    int depth = 0;
    for (size_t m = n; m > 1; m >>= 1)
        depth += 2;
    intro_sort(a, n, depth);
}

void keel_sort_i64(int64_t *a, size_t n)
{
    uint64_t *u = (uint64_t *)a; /* same object, order kept by flipping the sign bit */
    for (size_t i = 0; i < n; i++)
        u[i] ^= UINT64_C(1) << 63;
    keel_sort_u64(u, n);
    for (size_t i = 0; i < n; i++)
        u[i] ^= UINT64_C(1) << 63;
}
