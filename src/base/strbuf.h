/* SPDX-License-Identifier: GPL-3.0-or-later
 * A growable text buffer for the library's renderers (tables, JSON, CSV): the
 * library never prints, so it builds text in memory and hands it over.
 * Out of memory is sticky (as SQLite's): appends after a failure do nothing
 * and keel_strbuf_ok says false, so a renderer checks once at the end.
 */
#ifndef KEEL_STRBUF_H
#define KEEL_STRBUF_H

#include <stdbool.h>
#include <stddef.h>

typedef struct keel_strbuf {
    char *data;   /* NUL-terminated when len > 0 or after keel_strbuf_take */
    size_t len, cap;
    bool failed;  /* an allocation failed: the text is incomplete */
} keel_strbuf;

/* Appends formatted text. Cannot fail (see failed). */
void keel_strbuf_printf(keel_strbuf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Appends n bytes of s, or the string s. */
void keel_strbuf_add(keel_strbuf *b, const char *s, size_t n);
void keel_strbuf_puts(keel_strbuf *b, const char *s);
/* Appends a string as a JSON string literal (quotes and escapes). */
void keel_strbuf_json_string(keel_strbuf *b, const char *s);
/* Appends a double so that strtod gives the same value back: the shortest of
 * %.15g, %.16g, %.17g that round-trips; non-finite values as "null". */
void keel_strbuf_json_double(keel_strbuf *b, double v);
/* True when no append failed. */
bool keel_strbuf_ok(const keel_strbuf *b);
/* Hands the text (malloc'd, NUL-terminated, never NULL on success) to the
 * caller and empties b; NULL when an append failed (b is freed then). */
char *keel_strbuf_take(keel_strbuf *b, size_t *len);
void keel_strbuf_free(keel_strbuf *b);

#endif
