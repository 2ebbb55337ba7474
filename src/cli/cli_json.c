/* SPDX-License-Identifier: GPL-3.0-or-later
 * A small streaming JSON writer for the CLI's --json outputs.
 */
#include <math.h>
#include <string.h>

#include "cli.h"

void json_begin(json *j, FILE *out)
{
    memset(j, 0, sizeof *j);
    j->out = out;
    j->first[0] = true;
}

void json_end(json *j)
{
    fputc('\n', j->out);
}

/* A string with JSON escapes. Runs of plain characters go out in one fwrite:
 * the level output of a 100,000-task portfolio is some 50 MB of strings. */
static void put_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (;;) {
        size_t n = 0;
        while ((unsigned char)s[n] >= 0x20 && s[n] != '"' && s[n] != '\\')
            n++;
        fwrite(s, 1, n, out);
        s += n;
        unsigned char c = (unsigned char)*s++;
        if (c == '\0')
            break;
        if (c == '"' || c == '\\')
            fprintf(out, "\\%c", c);
        else if (c == '\n')
            fputs("\\n", out);
        else if (c == '\t')
            fputs("\\t", out);
        else
            fprintf(out, "\\u%04x", c);
    }
    fputc('"', out);
}

/* Writes the separator and key for the next member. */
static void member(json *j, const char *key)
{
    if (!j->first[j->depth])
        fputc(',', j->out);
    j->first[j->depth] = false;
    if (key) {
        put_string(j->out, key);
        fputc(':', j->out);
    }
}

static void open(json *j, const char *key, char c)
{
    member(j, key);
    fputc(c, j->out);
    if (j->depth < 63)
        j->depth++;
    j->first[j->depth] = true;
}

void json_obj(json *j, const char *key)
{
    open(j, key, '{');
}

void json_arr(json *j, const char *key)
{
    open(j, key, '[');
}

void json_close_obj(json *j)
{
    j->depth--;
    fputc('}', j->out);
}

void json_close_arr(json *j)
{
    j->depth--;
    fputc(']', j->out);
}

void json_str(json *j, const char *key, const char *value)
{
    member(j, key);
    if (value)
        put_string(j->out, value);
    else
        fputs("null", j->out);
}

void json_int(json *j, const char *key, long long value)
{
    member(j, key);
    fprintf(j->out, "%lld", value);
}

void json_num(json *j, const char *key, double value)
{
    member(j, key);
    if (isfinite(value))
        fprintf(j->out, "%.6g", value);
    else
        fputs("null", j->out);
}

void json_bool(json *j, const char *key, bool value)
{
    member(j, key);
    fputs(value ? "true" : "false", j->out);
}

void json_time(json *j, const char *key, const keel_portfolio *p, keel_time t)
{
    if (t == KEEL_TIME_NONE) {
        json_str(j, key, NULL);
    } else if (keel_portfolio_is_research(p)) {
        json_int(j, key, (long long)t);
    } else {
        char buf[32];
        json_str(j, key, keel_time_format(p, t, buf, sizeof buf));
    }
}

void json_task_id(json *j, const keel_portfolio *p, int t)
{
    keel_task_info ti = keel_task_get(p, t);
    json_str(j, "project", keel_project_get(p, ti.project).name);
    json_int(j, "uid", ti.uid);
    json_str(j, "name", ti.name);
}

void json_task_ref(json *j, const keel_portfolio *p, const char *key, int t)
{
    if (t < 0)
        return;
    json_obj(j, key);
    json_task_id(j, p, t);
    json_close_obj(j);
}
