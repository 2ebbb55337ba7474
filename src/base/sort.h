/* SPDX-License-Identifier: GPL-3.0-or-later
 * Sorting of plain integer keys for the hot paths (justification, list from
 * schedule, resource peaks, critical blockers): qsort's comparison callback
 * made these sorts a third of the GA's time on j120.
 */
#ifndef KEEL_SORT_H
#define KEEL_SORT_H

#include <stddef.h>
#include <stdint.h>

/* Ascending, in place; O(n log n) worst case (introsort). Cannot fail. */
void keel_sort_u64(uint64_t *a, size_t n);
/* The same for signed keys. */
void keel_sort_i64(int64_t *a, size_t n);

#endif
