/* SPDX-License-Identifier: GPL-3.0-or-later
 * Markup helpers of the report writers (see markup.h).
 */
#include "report/markup.h"

#include <stdio.h>
#include <string.h>

void keel_html_text(keel_strbuf *b, const char *s)
{
    const char *run = s;
    for (; *s; s++) {
        const char *rep = *s == '&'   ? "&amp;"
                          : *s == '<' ? "&lt;"
                          : *s == '>' ? "&gt;"
                          : *s == '"' ? "&quot;"
                                      : NULL;
        if (!rep) continue;
        keel_strbuf_add(b, run, (size_t)(s - run));
        keel_strbuf_puts(b, rep);
        run = s + 1;
    }
    keel_strbuf_add(b, run, (size_t)(s - run));
}

void keel_csv_field(keel_strbuf *b, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        keel_strbuf_puts(b, s);
        return;
    }
    keel_strbuf_add(b, "\"", 1);
    for (const char *q; (q = strchr(s, '"')); s = q + 1) {
        keel_strbuf_add(b, s, (size_t)(q - s) + 1);
        keel_strbuf_add(b, "\"", 1);
    }
    keel_strbuf_puts(b, s);
    keel_strbuf_add(b, "\"", 1);
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
