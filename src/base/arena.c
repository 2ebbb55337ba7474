/* SPDX-License-Identifier: GPL-3.0-or-later
 * Bump allocator in chained blocks (see arena.h).
 */
#include "base/arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define BLOCK_SIZE (64 * 1024)
#define ALIGN 16

typedef struct block {
    struct block *next;
    size_t used, size;
    _Alignas(ALIGN) unsigned char data[];
} block;

struct keel_arena {
    block *head;
};

keel_arena *keel_arena_new(void)
{
    return calloc(1, sizeof(keel_arena));
}

void keel_arena_free(keel_arena *a)
{
    if (!a)
        return;
    for (block *b = a->head, *next; b; b = next) {
        next = b->next;
        free(b);
    }
    free(a);
}

static block *push_block(keel_arena *a, size_t size)
{
    block *b = malloc(sizeof(block) + size);
    if (!b)
        return NULL;
    b->used = 0;
    b->size = size;
    b->next = a->head;
    a->head = b;
    return b;
}

void *keel_arena_alloc(keel_arena *a, size_t size)
{
    size = (size + ALIGN - 1) & ~(size_t)(ALIGN - 1);
    if (size == 0)
        size = ALIGN;
#ifdef KEEL_SANITIZE
    block *b = push_block(a, size);
#else
    block *b = a->head;
    if (!b || b->size - b->used < size) {
        /* Large requests get a block of their own so that small ones keep filling
         * the current block. */
        if (size > BLOCK_SIZE / 4) {
            block *big = push_block(a, size);
            if (!big)
                return NULL;
            if (b) { /* keep the partly used block at the head */
                a->head = b;
                big->next = b->next;
                b->next = big;
            }
            big->used = size;
            memset(big->data, 0, size);
            return big->data;
        }
        b = push_block(a, BLOCK_SIZE);
    }
#endif
    if (!b)
        return NULL;
    void *p = b->data + b->used;
    b->used += size;
    memset(p, 0, size);
    return p;
}

void *keel_arena_dup(keel_arena *a, const void *src, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        return NULL;
    void *p = keel_arena_alloc(a, n * size);
    if (p && n)
        memcpy(p, src, n * size);
    return p;
}

char *keel_arena_strndup(keel_arena *a, const char *s, size_t n)
{
    if (!s)
        return NULL;
    char *p = keel_arena_alloc(a, n + 1);
    if (p)
        memcpy(p, s, n);
    return p;
}

char *keel_arena_strdup(keel_arena *a, const char *s)
{
    return s ? keel_arena_strndup(a, s, strlen(s)) : NULL;
}
