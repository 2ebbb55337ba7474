/* SPDX-License-Identifier: GPL-3.0-or-later
 * The builder readers fill (builder.h): growable arrays, marks to roll back a
 * file that failed half-way, warnings, and resources found by name.
 */
#include "model/builder.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

bool keel_builder_init(keel_builder *b)
{
    memset(b, 0, sizeof *b);
    b->arena = keel_arena_new();
    return b->arena != NULL;
}

void keel_builder_release(keel_builder *b)
{
    if (!b)
        return;
    KEEL_VEC_FREE(&b->projects);
    KEEL_VEC_FREE(&b->tasks);
    KEEL_VEC_FREE(&b->links);
    KEEL_VEC_FREE(&b->resources);
    KEEL_VEC_FREE(&b->assignments);
    KEEL_VEC_FREE(&b->calendar_defs);
    KEEL_VEC_FREE(&b->external_links);
    KEEL_VEC_FREE(&b->warnings);
    keel_arena_free(b->arena);
    b->arena = NULL;
}

keel_builder_mark keel_builder_mark_take(const keel_builder *b)
{
    keel_builder_mark m = {b->projects.len,       b->tasks.len,     b->links.len,
                           b->resources.len,      b->assignments.len, b->calendar_defs.len,
                           b->external_links.len, b->warnings.len,  b->research};
    return m;
}

void keel_builder_rollback(keel_builder *b, const keel_builder_mark *m)
{
    b->projects.len = m->projects;
    b->tasks.len = m->tasks;
    b->links.len = m->links;
    b->resources.len = m->resources;
    b->assignments.len = m->assignments;
    b->calendar_defs.len = m->defs;
    b->external_links.len = m->external;
    b->warnings.len = m->warnings;
    b->research = m->research;
}

bool keel_builder_warn(keel_builder *b, const char *file, int line, const char *fmt, ...)
{
    char msg[512];
    size_t n = 0;
    if (file && line > 0)
        n = (size_t)snprintf(msg, sizeof msg, "%s:%d: ", file, line);
    else if (file)
        n = (size_t)snprintf(msg, sizeof msg, "%s: ", file);
    if (n >= sizeof msg)
        n = sizeof msg - 1;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg + n, sizeof msg - n, fmt, ap);
    va_end(ap);
    const char *copy = keel_arena_strdup(b->arena, msg);
    return copy && KEEL_VEC_PUSH(&b->warnings, copy);
}

/* Compares names trimmed and case-insensitively, as resources join by name. */
bool keel_resource_name_same(const char *a, const char *b)
{
    while (isspace((unsigned char)*a))
        a++;
    while (isspace((unsigned char)*b))
        b++;
    size_t na = strlen(a), nb = strlen(b);
    while (na && isspace((unsigned char)a[na - 1]))
        na--;
    while (nb && isspace((unsigned char)b[nb - 1]))
        nb--;
    if (na != nb)
        return false;
    for (size_t i = 0; i < na; i++)
        if (tolower((unsigned char)a[i]) != tolower((unsigned char)b[i]))
            return false;
    return true;
}

int keel_builder_find_resource(const keel_builder *b, const char *name)
{
    for (size_t i = 0; i < b->resources.len; i++)
        if (keel_resource_name_same(b->resources.data[i].name, name))
            return (int)i;
    return -1;
}
