/* SPDX-License-Identifier: GPL-3.0-or-later
 * The report writers' text buffer (see buf.h).
 */
#include "report/buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool reserve(keel_buf *b, size_t more)
{
    if (b->nomem)
        return false;
    if (b->len + more + 1 <= b->cap)
        return true;
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->len + more + 1)
        cap *= 2;
    char *d = realloc(b->data, cap);
    if (!d) {
        b->nomem = true;
        return false;
    }
    b->data = d;
    b->cap = cap;
    return true;
}

void keel_buf_put(keel_buf *b, const char *s, size_t n)
{
    if (!reserve(b, n))
        return;
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void keel_buf_puts(keel_buf *b, const char *s)
{
    keel_buf_put(b, s, strlen(s));
}

void keel_buf_printf(keel_buf *b, const char *fmt, ...)
{
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->nomem = true;
        return;
    }
    if ((size_t)n < sizeof small) {
        keel_buf_put(b, small, (size_t)n);
        return;
    }
    if (!reserve(b, (size_t)n))
        return;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void keel_buf_html(keel_buf *b, const char *s)
{
    const char *run = s;
    for (; *s; s++) {
        const char *rep = *s == '&' ? "&amp;" : *s == '<' ? "&lt;" : *s == '>' ? "&gt;"
                        : *s == '"' ? "&quot;" : NULL;
        if (!rep)
            continue;
        keel_buf_put(b, run, (size_t)(s - run));
        keel_buf_puts(b, rep);
        run = s + 1;
    }
    keel_buf_put(b, run, (size_t)(s - run));
}

void keel_buf_csv(keel_buf *b, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        keel_buf_puts(b, s);
        return;
    }
    keel_buf_put(b, "\"", 1);
    for (const char *q; (q = strchr(s, '"')); s = q + 1) {
        keel_buf_put(b, s, (size_t)(q - s) + 1);
        keel_buf_put(b, "\"", 1);
    }
    keel_buf_puts(b, s);
    keel_buf_put(b, "\"", 1);
}

const char *keel_fmt1(double v, char *buf)
{
    snprintf(buf, 32, "%.1f", v);
    size_t n = strlen(buf);
    if (n >= 2 && buf[n - 2] == '.' && buf[n - 1] == '0')
        buf[n - 2] = '\0';
    if (strcmp(buf, "-0") == 0)
        strcpy(buf, "0");
    return buf;
}

void keel_buf_free(keel_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
    b->nomem = false;
}
