/* SPDX-License-Identifier: GPL-3.0-or-later
 * The growable text buffer (strbuf.h).
 */
#include "base/strbuf.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool reserve(keel_strbuf *b, size_t extra)
{
    if (b->failed)
        return false;
    if (b->len + extra + 1 <= b->cap)
        return true;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + extra + 1) {
        if (cap > ((size_t)-1) / 2) {
            b->failed = true;
            return false;
        }
        cap *= 2;
    }
    char *d = realloc(b->data, cap);
    if (!d) {
        b->failed = true;
        return false;
    }
    b->data = d;
    b->cap = cap;
    return true;
}

void keel_strbuf_add(keel_strbuf *b, const char *s, size_t n)
{
    if (!reserve(b, n))
        return;
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void keel_strbuf_puts(keel_strbuf *b, const char *s)
{
    keel_strbuf_add(b, s, strlen(s));
}

void keel_strbuf_printf(keel_strbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || !reserve(b, (size_t)n)) {
        b->failed = true;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void keel_strbuf_json_string(keel_strbuf *b, const char *s)
{
    keel_strbuf_add(b, "\"", 1);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            keel_strbuf_printf(b, "\\%c", c);
        else if (c == '\n')
            keel_strbuf_add(b, "\\n", 2);
        else if (c == '\t')
            keel_strbuf_add(b, "\\t", 2);
        else if (c < 0x20)
            keel_strbuf_printf(b, "\\u%04x", c);
        else
            keel_strbuf_add(b, (const char *)&c, 1);
    }
    keel_strbuf_add(b, "\"", 1);
}

void keel_strbuf_json_double(keel_strbuf *b, double v)
{
    if (!isfinite(v)) {
        keel_strbuf_add(b, "null", 4);
        return;
    }
    char buf[40];
    for (int digits = 15; digits <= 17; digits++) {
        snprintf(buf, sizeof buf, "%.*g", digits, v);
        if (strtod(buf, NULL) == v)
            break;
    }
    keel_strbuf_add(b, buf, strlen(buf));
}

bool keel_strbuf_ok(const keel_strbuf *b)
{
    return !b->failed;
}

char *keel_strbuf_take(keel_strbuf *b, size_t *len)
{
    if (b->failed || !reserve(b, 0)) {
        keel_strbuf_free(b);
        return NULL;
    }
    char *s = b->data;
    if (len)
        *len = b->len;
    s[b->len] = '\0';
    *b = (keel_strbuf){0};
    return s;
}

void keel_strbuf_free(keel_strbuf *b)
{
    free(b->data);
    *b = (keel_strbuf){0};
}
