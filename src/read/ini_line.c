/* SPDX-License-Identifier: GPL-3.0-or-later
 * Lexical pieces of keel's INI-like text files (see ini_line.h).
 */
#include "read/ini_line.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/error.h"
#include "base/timefmt.h"

#define MAX_AMOUNT_MILLI 1000000000000LL /* |amount| up to 10^9 units */
#define MAX_PERIOD 1000000000000LL

char *keel_ini_trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

/* Cuts a comment off: '#' or ';' first on the line, or '#' after a blank. */
static void strip_comment(char *s)
{
    char *t = s;
    while (*t == ' ' || *t == '\t')
        t++;
    if (*t == '#' || *t == ';') {
        *t = '\0';
        return;
    }
    if (!*t)
        return;
    for (char *c = t + 1; *c; c++)
        if (*c == '#' && (c[-1] == ' ' || c[-1] == '\t')) {
            *c = '\0';
            return;
        }
}

keel_status keel_ini_each_line(const char *name, const char *text, size_t len,
                               keel_status (*line_fn)(void *ctx, char *line, int lineno),
                               void *ctx, keel_error *err)
{
    char *buf = malloc(len + 1);
    if (!buf)
        return keel_error_nomem(err);
    memcpy(buf, text, len);
    buf[len] = '\0';
    keel_status st = KEEL_OK;
    int lineno = 0;
    for (char *s = buf, *next; st == KEEL_OK && s && s < buf + len; s = next) {
        lineno++;
        char *nl = memchr(s, '\n', (size_t)(buf + len - s));
        next = nl ? nl + 1 : NULL;
        if (nl)
            *nl = '\0';
        if (strlen(s) != (size_t)((nl ? nl : buf + len) - s)) {
            st = keel_error_set(err, KEEL_ERR_PARSE, name, lineno,
                                "the line contains a NUL byte (not a text file?)");
            break;
        }
        strip_comment(s);
        s = keel_ini_trim(s);
        if (*s)
            st = line_fn(ctx, s, lineno);
    }
    free(buf);
    return st;
}

bool keel_ini_parse_uint(const char *s, int64_t max, int64_t *v)
{
    int64_t x = 0;
    if (!*s)
        return false;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || x > (max - (*s - '0')) / 10)
            return false;
        x = x * 10 + (*s - '0');
    }
    *v = x;
    return true;
}

bool keel_ini_parse_when(const char *s, bool end_of_day, keel_time *t, bool *periods)
{
    int64_t n;
    if (keel_ini_parse_uint(s, MAX_PERIOD, &n)) {
        *t = n;
        *periods = true;
        return true;
    }
    if (!keel_parse_datetime(s, t))
        return false;
    if (end_of_day && strlen(s) == 10)
        *t += 1440;
    *periods = false;
    return true;
}

bool keel_ini_parse_amount(const char *t, keel_ini_amount *a)
{
    static const struct {
        const char *name;
        keel_ini_unit unit;
        bool elapsed;
    } units[] = {{"m", KEEL_INI_MINUTES, false}, {"h", KEEL_INI_HOURS, false},
                 {"d", KEEL_INI_DAYS, false},    {"w", KEEL_INI_WEEKS, false},
                 {"mo", KEEL_INI_MONTHS, false}, {"em", KEEL_INI_MINUTES, true},
                 {"eh", KEEL_INI_HOURS, true},   {"ed", KEEL_INI_DAYS, true},
                 {"ew", KEEL_INI_WEEKS, true},   {"emo", KEEL_INI_MONTHS, true},
                 {"%", KEEL_INI_PERCENT, false}};
    const char *c = t;
    int sign = 1;
    if (*c == '+' || *c == '-')
        sign = *c++ == '-' ? -1 : 1;
    int64_t milli = 0;
    int digits = 0, decimals = -1;
    for (; (*c >= '0' && *c <= '9') || (*c == '.' && decimals < 0); c++) {
        if (*c == '.') {
            decimals = 0;
            continue;
        }
        if (decimals >= 3)
            return false;
        if (decimals >= 0)
            decimals++;
        milli = milli * 10 + (*c - '0');
        if (milli > MAX_AMOUNT_MILLI)
            return false;
        digits++;
    }
    if (!digits)
        return false;
    for (int d = decimals < 0 ? 0 : decimals; d < 3; d++)
        milli *= 10;
    if (milli > MAX_AMOUNT_MILLI)
        return false;
    for (size_t i = 0; i < sizeof units / sizeof *units; i++)
        if (strcasecmp(c, units[i].name) == 0) {
            a->milli = sign * milli;
            a->unit = units[i].unit;
            a->elapsed = units[i].elapsed;
            return true;
        }
    return false;
}

static int64_t round_div(int64_t num, int64_t den) /* den > 0, half away from zero */
{
    return num >= 0 ? (num + den / 2) / den : -((-num + den / 2) / den);
}

bool keel_ini_amount_minutes(const keel_ini_amount *a, const keel_project *project,
                             int64_t duration, int64_t *out)
{
    int64_t mpd = project->minutes_per_day > 0 ? project->minutes_per_day : 480;
    int64_t mpw = project->minutes_per_week > 0 ? project->minutes_per_week : 2400;
    int64_t dpm = project->days_per_month > 0 ? project->days_per_month : 20;
    int64_t f;
    switch (a->unit) {
    case KEEL_INI_MINUTES:
        f = 1;
        break;
    case KEEL_INI_HOURS:
        f = 60;
        break;
    case KEEL_INI_DAYS:
        f = a->elapsed ? 1440 : mpd;
        break;
    case KEEL_INI_WEEKS:
        f = a->elapsed ? 10080 : mpw;
        break;
    case KEEL_INI_MONTHS:
        f = a->elapsed ? 43200 : dpm * mpd;
        break;
    default:
        /* percent of the duration: d * milli / 100000 */
        if (duration < 0 || (duration > 0 && llabs(a->milli) > INT64_MAX / duration))
            return false;
        *out = round_div(duration * a->milli, 100000);
        return true;
    }
    if (f > 0 && llabs(a->milli) > INT64_MAX / f)
        return false;
    *out = round_div(a->milli * f, 1000);
    return true;
}

#define MAX_UNITS_MILLI 1000000000LL /* 10^6 units */

bool keel_ini_parse_units(const char *s, int32_t *units, bool *relative)
{
    *relative = *s == '+' || *s == '-';
    keel_ini_amount a;
    char buf[64];
    size_t n = strlen(s);
    bool percent = n > 0 && s[n - 1] == '%';
    if (n == 0 || n + 2 > sizeof buf)
        return false;
    /* the amount grammar with the unit "m": a signed number, 3 decimals */
    snprintf(buf, sizeof buf, "%.*sm", (int)(n - percent), s);
    if (!keel_ini_parse_amount(buf, &a) ||
        llabs(a.milli) > MAX_UNITS_MILLI * (percent ? 100 : 1) ||
        (percent && a.milli % 100 != 0))
        return false;
    *units = (int32_t)(percent ? a.milli / 100 : a.milli);
    return true;
}

const char *keel_ini_parse_capacity(char *v, keel_ini_capacity *c, const char **token)
{
    char *save = NULL, *tok = strtok_r(v, " \t", &save);
    *c = (keel_ini_capacity){.from = KEEL_TIME_NONE, .to = KEEL_TIME_NONE};
    *token = tok ? tok : "";
    if (!tok || !keel_ini_parse_units(tok, &c->units, &c->relative))
        return "capacity: '%.60s' is not a number of units (+1, -0.5, 2) or a percentage "
               "(150%%, +50%%), at most 3 decimals and 10^6 units";
    if (!c->relative && c->units < 0)
        return "capacity: '%.60s' is negative";
    while ((tok = strtok_r(NULL, " \t", &save))) {
        bool from = strcasecmp(tok, "from") == 0, to = strcasecmp(tok, "to") == 0;
        keel_time *t = from ? &c->from : &c->to;
        *token = tok;
        if ((!from && !to) || *t != KEEL_TIME_NONE)
            return "capacity: unexpected '%.60s' (expected 'from DATE' and/or 'to DATE', "
                   "each once)";
        char *when = strtok_r(NULL, " \t", &save);
        if (!when)
            return "capacity: '%.60s' needs a date";
        *token = when;
        if (!keel_ini_parse_when(when, to, t, from ? &c->from_periods : &c->to_periods))
            return "capacity: '%.60s' is not a date (YYYY-MM-DD or YYYY-MM-DDTHH:MM) or a "
                   "period number";
    }
    if (c->from != KEEL_TIME_NONE && c->to != KEEL_TIME_NONE && c->to <= c->from)
        return "capacity: 'to' is not after 'from'";
    return NULL;
}
