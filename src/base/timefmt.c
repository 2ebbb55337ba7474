/* SPDX-License-Identifier: GPL-3.0-or-later
 * Civil dates and MSPDI durations (see timefmt.h).
 */
#include "base/timefmt.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Days from 1970-01-01 to 1984-01-01. */
#define EPOCH_1984 5113
#define MINUTES_PER_DAY 1440

static int64_t days_since_1970(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

int64_t keel_days_from_civil(int64_t y, int m, int d)
{
    return days_since_1970(y, m, d) - EPOCH_1984;
}

void keel_civil_from_days(int64_t day, int64_t *y, int *m, int *d)
{
    int64_t z = day + EPOCH_1984 + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

int64_t keel_day_of(keel_time t)
{
    return t >= 0 ? t / MINUTES_PER_DAY : -((-t + MINUTES_PER_DAY - 1) / MINUTES_PER_DAY);
}

int keel_weekday(int64_t day)
{
    int64_t w = day % 7;
    return (int)(w < 0 ? w + 7 : w);
}

static bool digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)s[i]))
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

static int days_in_month(int64_t y, int m)
{
    static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : dm[m - 1];
}

bool keel_parse_clock(const char *s, int32_t *minutes)
{
    int h, m, sec = 0;
    if (!digits(s, 2, &h) || s[2] != ':' || !digits(s + 3, 2, &m))
        return false;
    const char *rest = s + 5;
    if (*rest == ':') {
        if (!digits(rest + 1, 2, &sec))
            return false;
        rest += 3;
        if (*rest == '.')
            for (rest++; isdigit((unsigned char)*rest); rest++)
                ;
    }
    if (*rest != '\0' || m > 59 || sec > 59 || h > 24 || (h == 24 && (m || sec)))
        return false;
    *minutes = h * 60 + m;
    return true;
}

bool keel_parse_datetime(const char *s, keel_time *out)
{
    int y, mo, d;
    while (isspace((unsigned char)*s))
        s++;
    if (!digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &mo) || s[7] != '-' ||
        !digits(s + 8, 2, &d))
        return false;
    if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo))
        return false;
    int32_t clock = 0;
    const char *rest = s + 10;
    if (*rest == 'T') {
        char buf[32];
        size_t n = strcspn(rest + 1, "Z+- \t\r\n");
        if (n >= sizeof buf)
            return false;
        memcpy(buf, rest + 1, n);
        buf[n] = '\0';
        if (!keel_parse_clock(buf, &clock))
            return false;
        rest += 1 + n;
        /* a zone designator is ignored: MSPDI dates are local wall time */
        if (*rest == 'Z')
            rest++;
        else if (*rest == '+' || *rest == '-')
            rest += strspn(rest + 1, "0123456789:") + 1;
    }
    while (isspace((unsigned char)*rest))
        rest++;
    if (*rest != '\0')
        return false;
    *out = keel_days_from_civil(y, mo, d) * MINUTES_PER_DAY + clock;
    return true;
}

/* n decimal digits of v (0 <= v < 10^n) at s. */
static void put_digits(char *s, int64_t v, int n)
{
    for (int i = n - 1; i >= 0; i--, v /= 10)
        s[i] = (char)('0' + v % 10);
}

char *keel_format_datetime(keel_time t, char *buf, size_t size)
{
    int64_t day = keel_day_of(t), y;
    int m, d;
    keel_civil_from_days(day, &y, &m, &d);
    int64_t minute = t - day * MINUTES_PER_DAY;
    if (y < 0 || y > 9999 || size < 20) { /* rare: let printf widen or cut */
        snprintf(buf, size, "%04" PRId64 "-%02d-%02dT%02d:%02d:00", y, m, d,
                 (int)(minute / 60), (int)(minute % 60));
        return buf;
    }
    /* By hand: the writer formats millions of dates, printf was a tenth of it. */
    memcpy(buf, "0000-00-00T00:00:00", 20);
    put_digits(buf, y, 4);
    put_digits(buf + 5, m, 2);
    put_digits(buf + 8, d, 2);
    put_digits(buf + 11, minute / 60, 2);
    put_digits(buf + 14, minute % 60, 2);
    return buf;
}

/* Reads a decimal number with optional fraction; returns the end or NULL. */
static const char *read_number(const char *s, double *v)
{
    if (!isdigit((unsigned char)*s) && *s != '.')
        return NULL;
    char *end;
    *v = strtod(s, &end);
    return end == s ? NULL : end;
}

bool keel_parse_duration(const char *s, int64_t max_minutes, int64_t *minutes)
{
    while (isspace((unsigned char)*s))
        s++;
    bool neg = false;
    if (*s == '-') {
        neg = true;
        s++;
    }
    if (*s++ != 'P')
        return false;
    double total = 0; /* minutes */
    bool in_time = false, any = false;
    while (*s && !isspace((unsigned char)*s)) {
        if (*s == 'T') {
            in_time = true;
            s++;
            continue;
        }
        if (*s == '-') { /* MS Project writes the sign inside: PT-8H0M0S */
            neg = !neg;
            s++;
        }
        double v;
        const char *end = read_number(s, &v);
        if (!end)
            return false;
        char unit = *end;
        double scale;
        if (unit == 'Y' && !in_time)
            scale = 365.0 * 1440;
        else if (unit == 'M' && !in_time)
            scale = 30.0 * 1440;
        else if (unit == 'W' && !in_time)
            scale = 7.0 * 1440;
        else if (unit == 'D' && !in_time)
            scale = 1440;
        else if (unit == 'H' && in_time)
            scale = 60;
        else if (unit == 'M' && in_time)
            scale = 1;
        else if (unit == 'S' && in_time)
            scale = 1.0 / 60;
        else
            return false;
        total += v * scale;
        if (total > (double)max_minutes + 0.5)
            return false;
        any = true;
        s = end + 1;
    }
    while (isspace((unsigned char)*s))
        s++;
    if (!any || *s != '\0')
        return false;
    int64_t m = (int64_t)(total + 0.5);
    *minutes = neg ? -m : m;
    return true;
}

char *keel_format_duration(int64_t minutes, char *buf, size_t size)
{
    int64_t a = minutes < 0 ? -minutes : minutes;
    snprintf(buf, size, "PT%s%" PRId64 "H%dM0S", minutes < 0 ? "-" : "", a / 60,
             (int)(a % 60));
    return buf;
}

bool keel_time_in_range(keel_time t)
{
    return t >= keel_days_from_civil(KEEL_YEAR_FIRST, 1, 1) * 1440 &&
           t < keel_days_from_civil(KEEL_YEAR_LAST + 1, 1, 1) * 1440;
}
