/* SPDX-License-Identifier: GPL-3.0-or-later
 * Growable arrays: `KEEL_VEC(int) v = {0}; if (!KEEL_VEC_PUSH(&v, 3)) fail;`.
 * A vector owns its malloc'd buffer; free it with KEEL_VEC_FREE. PUSH and
 * RESERVE evaluate to false when out of memory and leave the vector intact.
 */
#ifndef KEEL_VEC_H
#define KEEL_VEC_H

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#define KEEL_VEC(T)                                                                       \
    struct {                                                                              \
        T *data;                                                                          \
        size_t len, cap;                                                                  \
    }

/* Grows the buffer so that it holds at least n elements; false when out of memory. */
static inline bool keel_vec_grow(void **data, size_t *cap, size_t n, size_t elem)
{
    if (n <= *cap)
        return true;
    size_t c = *cap ? *cap : 8;
    while (c < n) {
        if (c > SIZE_MAX / 2 / elem)
            return false;
        c *= 2;
    }
    void *p = realloc(*data, c * elem);
    if (!p)
        return false;
    *data = p;
    *cap = c;
    return true;
}

#define KEEL_VEC_RESERVE(v, n)                                                            \
    keel_vec_grow((void **)&(v)->data, &(v)->cap, (n), sizeof *(v)->data)
#define KEEL_VEC_PUSH(v, x)                                                               \
    (KEEL_VEC_RESERVE((v), (v)->len + 1) ? ((v)->data[(v)->len++] = (x), true) : false)
#define KEEL_VEC_FREE(v)                                                                  \
    do {                                                                                  \
        free((v)->data);                                                                  \
        (v)->data = NULL;                                                                 \
        (v)->len = (v)->cap = 0;                                                          \
    } while (0)

#endif
