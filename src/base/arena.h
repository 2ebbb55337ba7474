/* SPDX-License-Identifier: GPL-3.0-or-later
 * A bump allocator: the portfolio's tasks, links, names and calendars live in
 * one arena freed by one call. Under KEEL_SANITIZE every allocation is its own
 * malloc so that AddressSanitizer still sees overruns and use-after-free.
 */
#ifndef KEEL_ARENA_H
#define KEEL_ARENA_H

#include <stddef.h>

typedef struct keel_arena keel_arena;

/* Returns NULL when out of memory. */
keel_arena *keel_arena_new(void);
/* Frees everything the arena handed out. NULL-safe. */
void keel_arena_free(keel_arena *a);
/* Zeroed memory aligned for any type; NULL when out of memory. size 0 gives a
 * valid unique pointer. */
void *keel_arena_alloc(keel_arena *a, size_t size);
/* Copies n elements of size each into the arena; NULL when out of memory. */
void *keel_arena_dup(keel_arena *a, const void *src, size_t n, size_t size);
/* Copies a string (NULL gives NULL); NULL also when out of memory. */
char *keel_arena_strdup(keel_arena *a, const char *s);
char *keel_arena_strndup(keel_arena *a, const char *s, size_t n);

#endif
