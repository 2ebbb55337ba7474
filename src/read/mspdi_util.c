/* SPDX-License-Identifier: GPL-3.0-or-later
 * Field helpers of the MSPDI reader (see mspdi_internal.h): UID maps, typed
 * field readers that report "file:line: subject: Field 'text' problem", and
 * warnings. Kept apart so that reader files stay about the MSPDI elements.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "base/timefmt.h"
#include "read/mspdi_internal.h"

static int cmp_uid(const void *a, const void *b)
{
    const mspdi_uid *x = a, *y = b;
    if (x->uid != y->uid)
        return (x->uid > y->uid) - (x->uid < y->uid);
    return (x->line > y->line) - (x->line < y->line);
}

keel_status keel_mspdi_uid_sort(mspdi_ctx *c, mspdi_uid_map *map, const char *what,
                                const char *key)
{
    if (map->len > 1)
        qsort(map->data, map->len, sizeof *map->data, cmp_uid);
    for (size_t i = 1; i < map->len; i++)
        if (map->data[i].uid == map->data[i - 1].uid)
            return keel_error_set(c->err, KEEL_ERR_PARSE, c->file, map->data[i].line,
                                  "%s %s %lld: duplicate %s (first at line %d)", what, key,
                                  (long long)map->data[i].uid, key, map->data[i - 1].line);
    return KEEL_OK;
}

const mspdi_uid *keel_mspdi_uid_find(const mspdi_uid_map *map, int64_t uid)
{
    size_t lo = 0, hi = map->len;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (map->data[mid].uid < uid)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < map->len && map->data[lo].uid == uid ? &map->data[lo] : NULL;
}

void keel_mspdi_fields(const keel_xml_node *n, const char *const *names, int count,
                       const keel_xml_node **out)
{
    uint64_t seen = 0;
    for (int i = 0; i < count; i++)
        out[i] = NULL;
    for (const keel_xml_node *ch = keel_xml_first(n); ch; ch = keel_xml_next(ch)) {
        const char *name = keel_xml_name(ch);
        for (int i = 0; i < count; i++) {
            if (!(seen >> i & 1) && name[0] == names[i][0] && strcmp(name, names[i]) == 0) {
                out[i] = ch;
                seen |= 1ULL << i;
                break;
            }
        }
    }
}

keel_status keel_mspdi_fail(mspdi_ctx *c, const keel_xml_node *f, int line, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return keel_error_set(c->err, KEEL_ERR_PARSE, c->file, f ? keel_xml_line(f) : line, "%s",
                          msg);
}

bool keel_mspdi_warn(mspdi_ctx *c, const keel_xml_node *f, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return keel_builder_warn(c->b, c->file, keel_xml_line(f), "%s", msg);
}

keel_status keel_mspdi_get_int(mspdi_ctx *c, const keel_xml_node *f, const char *subject,
                               int64_t lo, int64_t hi, int64_t *out)
{
    if (!f)
        return KEEL_OK;
    char buf[64];
    int64_t v;
    keel_xml_text(f, buf, sizeof buf);
    if (!keel_xml_parse_whole(buf, &v)) /* the writer's rule too ("4.0" is 4) */
        return keel_mspdi_fail(c, f, 0, "%s: %s '%s' is not an integer", subject,
                               keel_xml_name(f), buf);
    if (v < lo || v > hi)
        return keel_mspdi_fail(c, f, 0, "%s: %s %lld is out of range %lld..%lld", subject,
                               keel_xml_name(f), (long long)v, (long long)lo, (long long)hi);
    *out = v;
    return KEEL_OK;
}

keel_status keel_mspdi_get_bool(mspdi_ctx *c, const keel_xml_node *f, const char *subject,
                                bool *out)
{
    if (!f)
        return KEEL_OK;
    char buf[64];
    keel_xml_text(f, buf, sizeof buf);
    if (!keel_xml_parse_bool(buf, out))
        return keel_mspdi_fail(c, f, 0, "%s: %s '%s' is not 0 or 1", subject, keel_xml_name(f),
                               buf);
    return KEEL_OK;
}

keel_status keel_mspdi_get_double(mspdi_ctx *c, const keel_xml_node *f, const char *subject,
                                  double lo, double hi, double *out)
{
    if (!f)
        return KEEL_OK;
    char buf[64];
    double v;
    keel_xml_text(f, buf, sizeof buf);
    if (!keel_xml_parse_double(buf, &v))
        return keel_mspdi_fail(c, f, 0, "%s: %s '%s' is not a number", subject,
                               keel_xml_name(f), buf);
    if (v < lo || v > hi)
        return keel_mspdi_fail(c, f, 0, "%s: %s %g is out of range %g..%g", subject,
                               keel_xml_name(f), v, lo, hi);
    *out = v;
    return KEEL_OK;
}

keel_status keel_mspdi_get_time(mspdi_ctx *c, const keel_xml_node *f, const char *subject,
                                keel_time *out)
{
    if (!f)
        return KEEL_OK;
    char buf[64];
    keel_xml_text(f, buf, sizeof buf);
    if (!buf[0]) /* an empty date element means "no date" */
        return KEEL_OK;
    keel_time t;
    if (!keel_parse_datetime(buf, &t))
        return keel_mspdi_fail(c, f, 0, "%s: %s '%s' is not a date (YYYY-MM-DDTHH:MM:SS)",
                               subject, keel_xml_name(f), buf);
    /* MS Project's dates lie in 1984..2149; far-off dates only blow up the
     * calendars' explicit spans, so they are refused */
    if (!keel_time_in_range(t))
        return keel_mspdi_fail(c, f, 0, "%s: %s '%s' is outside the years %d..%d", subject,
                               keel_xml_name(f), buf, KEEL_YEAR_FIRST, KEEL_YEAR_LAST);
    *out = t;
    return KEEL_OK;
}

keel_status keel_mspdi_get_duration(mspdi_ctx *c, const keel_xml_node *f, const char *subject,
                                    bool allow_negative, int64_t *out)
{
    if (!f)
        return KEEL_OK;
    char buf[80];
    int64_t v;
    keel_xml_text(f, buf, sizeof buf);
    if (!keel_parse_duration(buf, KEEL_MAX_SPAN_MINUTES, &v)) {
        if (keel_parse_duration(buf, INT64_MAX / 4, &v))
            return keel_mspdi_fail(c, f, 0,
                                   "%s: %s '%s' is longer than the years %d..%d keel's dates span",
                                   subject, keel_xml_name(f), buf, KEEL_YEAR_FIRST,
                                   KEEL_YEAR_LAST);
        return keel_mspdi_fail(c, f, 0, "%s: %s '%s' is not a duration (PT<h>H<m>M<s>S)",
                               subject, keel_xml_name(f), buf);
    }
    if (v < 0 && !allow_negative)
        return keel_mspdi_fail(c, f, 0, "%s: %s '%s' is negative", subject, keel_xml_name(f),
                               buf);
    *out = v;
    return KEEL_OK;
}

const char *keel_mspdi_basename(const char *path)
{
    const char *s = path;
    for (const char *p = path; *p; p++)
        if (*p == '/' || *p == '\\')
            s = p + 1;
    return s;
}

bool keel_mspdi_is_elapsed_format(int64_t fmt)
{
    if (fmt >= 32)
        fmt -= 32;
    return fmt == 4 || fmt == 6 || fmt == 8 || fmt == 10 || fmt == 12 || fmt == 20;
}

bool keel_mspdi_is_percent_format(int64_t fmt)
{
    return fmt == 19 || fmt == 20 || fmt == 51 || fmt == 52;
}

void keel_mspdi_task_subject(const keel_task *t, char *buf, size_t size)
{
    snprintf(buf, size, "task UID %d '%.200s'", (int)t->uid, t->name);
}
