/* SPDX-License-Identifier: GPL-3.0-or-later
 * A growable text buffer for the report writers (HTML, CSV): append plain,
 * formatted, HTML-escaped or CSV-quoted text. Out of memory is sticky (as in
 * SQLite's string builder): later appends do nothing and `nomem` stays set,
 * so writers check once at the end.
 */
#ifndef KEEL_BUF_H
#define KEEL_BUF_H

#include <stdbool.h>
#include <stddef.h>

typedef struct keel_buf {
    char *data;   /* NUL-terminated while not nomem */
    size_t len, cap;
    bool nomem;
} keel_buf;

void keel_buf_put(keel_buf *b, const char *s, size_t n);
void keel_buf_puts(keel_buf *b, const char *s);
void keel_buf_printf(keel_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Text with & < > " escaped (for element content and attribute values). */
void keel_buf_html(keel_buf *b, const char *s);
/* One CSV field (RFC 4180): quoted when it holds a comma, quote or line break. */
void keel_buf_csv(keel_buf *b, const char *s);
/* v with one decimal and no trailing ".0" (SVG coordinates), into buf (at
 * least 32 bytes). Returns buf. */
const char *keel_fmt1(double v, char *buf);
/* Frees the text; the buffer may be used again. */
void keel_buf_free(keel_buf *b);

#endif
