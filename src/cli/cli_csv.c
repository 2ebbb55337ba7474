/* SPDX-License-Identifier: GPL-3.0-or-later
 * CSV output for spreadsheets (RFC 4180): a field is quoted when it holds a
 * comma, a quote or a line break, quotes doubled; rows end with CRLF as the
 * RFC asks, which every spreadsheet reads.
 */
#include <math.h>
#include <string.h>

#include "cli.h"

void csv_begin(csv *c, FILE *out)
{
    c->out = out;
    c->first = true;
}

static void separator(csv *c)
{
    if (!c->first)
        fputc(',', c->out);
    c->first = false;
}

void csv_str(csv *c, const char *s)
{
    separator(c);
    if (!s)
        return;
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, c->out);
        return;
    }
    fputc('"', c->out);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', c->out);
        fputc(*s, c->out);
    }
    fputc('"', c->out);
}

void csv_int(csv *c, long long v)
{
    separator(c);
    fprintf(c->out, "%lld", v);
}

void csv_num(csv *c, double v)
{
    separator(c);
    if (isfinite(v))
        fprintf(c->out, "%.6g", v);
}

void csv_time(csv *c, const keel_portfolio *p, keel_time t)
{
    char buf[32];
    csv_str(c, t == KEEL_TIME_NONE ? NULL : keel_time_format(p, t, buf, sizeof buf));
}

void csv_end(csv *c)
{
    fputs("\r\n", c->out);
    c->first = true;
}

void csv_header(csv *c, const char *const *names, int n)
{
    for (int i = 0; i < n; i++)
        csv_str(c, names[i]);
    csv_end(c);
}
