/* SPDX-License-Identifier: GPL-3.0-or-later
 * The builder: growable arrays that readers fill, file by file, before
 * keel_model_finish (model.c) validates them and freezes them into the
 * immutable keel_portfolio of model.h. A reader that fails half-way rolls the
 * builder back to a mark, so a portfolio never holds half a file.
 */
#ifndef KEEL_BUILDER_H
#define KEEL_BUILDER_H

#include "model/model.h"

typedef struct keel_builder {
    keel_arena *arena;  /* becomes the portfolio's arena */
    bool research;
    KEEL_VEC(keel_project) projects;
    KEEL_VEC(keel_task) tasks;
    KEEL_VEC(keel_link) links;       /* may reference summary tasks */
    KEEL_VEC(keel_resource) resources;
    KEEL_VEC(keel_assignment) assignments;
    KEEL_VEC(keel_calendar_def) calendar_defs;
    KEEL_VEC(keel_external_link) external_links;
    KEEL_VEC(const char *) warnings;   /* arena strings */
} keel_builder;

/* Returns false when out of memory. */
bool keel_builder_init(keel_builder *b);
/* Frees everything, including the arena (unless finish took it). NULL-safe. */
void keel_builder_release(keel_builder *b);

/* What a reader that fails half-way undoes: the lengths of the builder's
 * arrays (and the research flag) before it began. */
typedef struct keel_builder_mark {
    size_t projects, tasks, links, resources, assignments, defs, external, warnings;
    bool research;
} keel_builder_mark;

/* Takes a mark; keel_builder_rollback drops everything added since. Neither
 * can fail. (Memory taken from the arena in between stays until release.) */
keel_builder_mark keel_builder_mark_take(const keel_builder *b);
void keel_builder_rollback(keel_builder *b, const keel_builder_mark *m);

/* Adds a warning "file:line: text" (line 0 omits it). Returns false when out of
 * memory. */
bool keel_builder_warn(keel_builder *b, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Returns the index of the resource named `name` (trimmed, case-insensitive),
 * or -1. */
int keel_builder_find_resource(const keel_builder *b, const char *name);

/* Validates and freezes the model: checks references, expands summary links,
 * compiles calendars and effective task calendars, builds adjacency and the
 * topological order. On success *out owns the arena and b is emptied. On
 * failure (KEEL_ERR_PARSE, KEEL_ERR_CYCLE listing the tasks on the cycle,
 * KEEL_ERR_NOMEM) *out is NULL and b is left for keel_builder_release. */
keel_status keel_model_finish(keel_builder *b, keel_portfolio **out, keel_error *err);

#endif
