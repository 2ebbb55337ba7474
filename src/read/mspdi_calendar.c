/* SPDX-License-Identifier: GPL-3.0-or-later
 * MSPDI calendars into keel_calendar_defs: the week (WeekDay DayType 1..7 =
 * Sunday..Saturday), work weeks, and exceptions in both formats (legacy
 * DayType 0 days with a TimePeriod; Project 2007+ <Exceptions>, whose
 * recurrences are expanded here into concrete days). As MPXJ does
 * (MSPDIReader.readCalendar), legacy exception days are read only when a
 * calendar has no 2007 exceptions, because MS Project writes both.
 * Recurrence codes and expansion rules follow MPXJ (MSPDIReader
 * .readRecurringData, RecurringData.getDates): Type 1 daily, 2 yearly on a
 * month day, 3 yearly on the n-th weekday, 4 monthly on a day, 5 monthly on
 * the n-th weekday, 6 weekly, 7 daily (every Period days); Month is 0-based,
 * MonthPosition 0..3 = first..fourth and 4 = last, MonthItem 3..9 = Sunday..
 * Saturday, DaysOfWeek bit 0 = Sunday. The ToDate bounds the dates; without
 * one, Occurrences does.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "base/timefmt.h"
#include "read/mspdi_internal.h"

/* At most this many occurrences per exception. */
#define MAX_OCCURRENCES 100000

/* Open-ended recurrences and work weeks end with the last day a date may
 * name (the field readers refuse years after 2200). */
static int64_t last_allowed_day(void)
{
    return keel_days_from_civil(KEEL_YEAR_LAST, 12, 31);
}

typedef KEEL_VEC(keel_exception) exc_vec;
typedef KEEL_VEC(keel_work_week) week_vec;

void keel_mspdi_standard_day(int dow, keel_day *out)
{
    memset(out, 0, sizeof *out);
    out->set = true;
    if (dow == 0 || dow == 6)
        return;
    out->working = true;
    out->nspans = 2;
    out->spans[0].from = 8 * 60;
    out->spans[0].to = 12 * 60;
    out->spans[1].from = 13 * 60;
    out->spans[1].to = 17 * 60;
}

static int cmp_span(const void *a, const void *b)
{
    const int32_t *x = a, *y = b;
    return (x[0] > y[0]) - (x[0] < y[0]);
}

/* Reads <WorkingTimes>: sorted, merged spans. FromTime/ToTime that do not
 * parse or do not make a span are skipped with a warning (real files hold
 * values like "17:-0:00"); ToTime 00:00:00 is the end of the day. */
static keel_status read_spans(mspdi_ctx *c, const keel_xml_node *times, const char *subject,
                              keel_day *day)
{
    int32_t spans[64][2];
    int n = 0;
    for (const keel_xml_node *w = keel_xml_first(times); w; w = keel_xml_next(w)) {
        if (!keel_xml_is(w, "WorkingTime"))
            continue;
        char fb[64], tb[64];
        const keel_xml_node *fn = keel_xml_child(w, "FromTime"), *tn = keel_xml_child(w, "ToTime");
        if (!fn || !tn)
            continue;
        keel_xml_text(fn, fb, sizeof fb);
        keel_xml_text(tn, tb, sizeof tb);
        int32_t from, to;
        if (!keel_parse_clock(fb, &from) || !keel_parse_clock(tb, &to)) {
            if (!keel_mspdi_warn(c, w, "%s: working time '%s'-'%s' is not a time; ignored",
                                 subject, fb, tb))
                return keel_error_nomem(c->err);
            continue;
        }
        if (to == 0)
            to = KEEL_MINUTES_PER_DAY;
        if (from >= KEEL_MINUTES_PER_DAY || to <= from) {
            if (!keel_mspdi_warn(c, w,
                                 "%s: working time %s-%s is empty or crosses midnight "
                                 "(split it at 00:00); ignored",
                                 subject, fb, tb))
                return keel_error_nomem(c->err);
            continue;
        }
        if (n == 64)
            return keel_mspdi_fail(c, w, 0, "%s: more than 64 working times in a day", subject);
        spans[n][0] = from;
        spans[n][1] = to;
        n++;
    }
    qsort(spans, (size_t)n, sizeof spans[0], cmp_span);
    day->nspans = 0;
    for (int i = 0; i < n; i++) {
        int k = day->nspans;
        if (k > 0 && spans[i][0] <= day->spans[k - 1].to) {
            if (spans[i][1] > day->spans[k - 1].to)
                day->spans[k - 1].to = spans[i][1];
            continue;
        }
        if (k == KEEL_MAX_SPANS)
            return keel_mspdi_fail(c, times, 0, "%s: more than %d working times in a day",
                                   subject, KEEL_MAX_SPANS);
        day->spans[k].from = spans[i][0];
        day->spans[k].to = spans[i][1];
        day->nspans++;
    }
    return KEEL_OK;
}

/* A day from an element with DayWorking and WorkingTimes (WeekDay or
 * Exception). A working day without times gets MS Project's default hours. */
static keel_status read_day(mspdi_ctx *c, const keel_xml_node *n, const char *subject,
                            keel_day *day)
{
    memset(day, 0, sizeof *day);
    day->set = true;
    bool working = false;
    const keel_xml_node *times = keel_xml_child(n, "WorkingTimes");
    keel_status st = keel_mspdi_get_bool(c, keel_xml_child(n, "DayWorking"), subject, &working);
    if (st != KEEL_OK)
        return st;
    if (!working)
        return KEEL_OK;
    if ((st = read_spans(c, times, subject, day)) != KEEL_OK)
        return st;
    if (day->nspans == 0) {
        keel_mspdi_standard_day(1, day); /* a weekday's hours, even on a weekend */
        return KEEL_OK;
    }
    day->working = true;
    return KEEL_OK;
}

/* TimePeriod FromDate..ToDate as inclusive day numbers. A ToDate at exactly
 * midnight after FromDate is taken as an exclusive end. */
static keel_status read_period(mspdi_ctx *c, const keel_xml_node *tp, const char *subject,
                               bool *has_to, int64_t *first, int64_t *last)
{
    keel_time from = KEEL_TIME_NONE, to = KEEL_TIME_NONE;
    keel_status st = keel_mspdi_get_time(c, keel_xml_child(tp, "FromDate"), subject, &from);
    if (st == KEEL_OK)
        st = keel_mspdi_get_time(c, keel_xml_child(tp, "ToDate"), subject, &to);
    if (st != KEEL_OK)
        return st;
    if (from == KEEL_TIME_NONE)
        return keel_mspdi_fail(c, tp, 0, "%s: time period without FromDate", subject);
    *has_to = to != KEEL_TIME_NONE;
    *first = keel_day_of(from);
    *last = *first;
    if (*has_to) {
        *last = keel_day_of(to);
        if (to % KEEL_MINUTES_PER_DAY == 0 && *last > *first)
            (*last)--;
        if (*last < *first)
            return keel_mspdi_fail(c, tp, 0, "%s: time period ends before it starts", subject);
    }
    return KEEL_OK;
}

static keel_status push_exception(mspdi_ctx *c, exc_vec *v, const keel_xml_node *n,
                                  int64_t first, int64_t last, const keel_day *day)
{
    if (++c->nexception_days > MSPDI_MAX_EXCEPTIONS)
        return keel_mspdi_fail(c, n, 0, "calendar exceptions: more than %d exception entries",
                               MSPDI_MAX_EXCEPTIONS);
    keel_exception e = {first, last, *day};
    if (!KEEL_VEC_PUSH(v, e))
        return keel_error_nomem(c->err);
    return KEEL_OK;
}

/* ------------------------------------------------------------ recurrences */

typedef struct recur {
    int type;            /* 1..7 */
    int64_t period;      /* every `period` days/weeks/months */
    int64_t occurrences; /* used when there is no ToDate */
    int days_of_week;    /* bit 0 = Sunday */
    int month_item;      /* 0 day, 1 weekday, 2 weekend day, 3..9 Sunday..Saturday */
    int month_position;  /* 0..3 first..fourth, 4 last */
    int month;           /* 1..12 */
    int month_day;       /* 1..31 */
    int64_t start, finish; /* inclusive day bounds (last_allowed_day() if none) */
    bool has_finish;
} recur;

typedef struct emitter {
    mspdi_ctx *c;
    exc_vec *v;
    size_t first;         /* this exception's first entry in v */
    const keel_xml_node *n;
    const keel_day *day;
    int64_t count;
    keel_status st;
} emitter;

/* Emits one occurrence day; returns false when the recurrence is complete or
 * failed. */
static bool emit(emitter *e, const recur *r, int64_t d)
{
    if (d < r->start)
        return true;
    if (d > r->finish || (!r->has_finish && e->count >= r->occurrences))
        return false;
    if (e->count >= MAX_OCCURRENCES) {
        e->st = keel_mspdi_fail(e->c, e->n, 0, "calendar exception: more than %d occurrences",
                                MAX_OCCURRENCES);
        return false;
    }
    e->count++;
    /* consecutive days of one exception share an entry (daily rules, weekly
     * rules over adjacent days), which keeps long recurrences small */
    if (e->v->len > e->first && e->v->data[e->v->len - 1].last_day == d - 1) {
        e->v->data[e->v->len - 1].last_day = d;
        return true;
    }
    e->st = push_exception(e->c, e->v, e->n, d, d, e->day);
    return e->st == KEEL_OK;
}

static bool more(const emitter *e, const recur *r, int64_t d)
{
    return e->st == KEEL_OK && d <= r->finish && (r->has_finish || e->count < r->occurrences);
}

static int days_in_month(int64_t y, int m)
{
    return (int)(keel_days_from_civil(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1) -
                 keel_days_from_civil(y, m, 1));
}

static bool item_matches(int item, int dow)
{
    switch (item) {
    case 0: return true;
    case 1: return dow >= 1 && dow <= 5;
    case 2: return dow == 0 || dow == 6;
    default: return dow == item - 3;
    }
}

/* The day of the month (y, m) that is the month_position-th day matching
 * month_item (or the last one for position 4). */
static int64_t relative_day(int64_t y, int m, int item, int position)
{
    int64_t first = keel_days_from_civil(y, m, 1);
    int len = days_in_month(y, m);
    if (position >= 4) {
        for (int64_t d = first + len - 1; d >= first; d--)
            if (item_matches(item, keel_weekday(d)))
                return d;
        return first + len - 1;
    }
    int seen = 0;
    for (int64_t d = first; d < first + len; d++)
        if (item_matches(item, keel_weekday(d)) && seen++ == position)
            return d;
    return first + len - 1;
}

static void expand_daily(emitter *e, const recur *r)
{
    for (int64_t d = r->start; more(e, r, d); d += r->period)
        if (!emit(e, r, d))
            break;
}

static void expand_weekly(emitter *e, const recur *r)
{
    int64_t week = r->start - keel_weekday(r->start); /* the Sunday of its week */
    for (; more(e, r, week); week += 7 * r->period)
        for (int dow = 0; dow < 7; dow++)
            if ((r->days_of_week >> dow & 1) && !emit(e, r, week + dow))
                return;
}

static void expand_monthly(emitter *e, const recur *r, bool relative)
{
    int64_t y;
    int m, d0;
    keel_civil_from_days(r->start, &y, &m, &d0);
    if (!relative && r->month_day < d0) /* MPXJ: this month's date already passed */
        m++;
    for (;;) {
        y += (m - 1) / 12;
        m = (m - 1) % 12 + 1;
        int64_t first = keel_days_from_civil(y, m, 1);
        if (!more(e, r, first))
            return;
        int64_t d;
        if (relative) {
            d = relative_day(y, m, r->month_item, r->month_position);
        } else {
            int md = r->month_day > days_in_month(y, m) ? days_in_month(y, m) : r->month_day;
            d = first + md - 1;
        }
        if (!emit(e, r, d))
            return;
        m += (int)(r->period > 1200 ? 1200 : r->period);
    }
}

static void expand_yearly(emitter *e, const recur *r, bool relative)
{
    int64_t y;
    int m0, d0;
    keel_civil_from_days(r->start, &y, &m0, &d0);
    for (;; y++) {
        int64_t first = keel_days_from_civil(y, r->month, 1);
        if (!more(e, r, first < r->start ? r->start : first))
            return;
        int64_t d;
        if (relative) {
            d = relative_day(y, r->month, r->month_item, r->month_position);
        } else {
            int len = days_in_month(y, r->month);
            d = first + (r->month_day > len ? len : r->month_day) - 1;
        }
        if (!emit(e, r, d))
            return;
    }
}

static keel_status read_recur(mspdi_ctx *c, const keel_xml_node *n, const char *subject,
                              recur *r)
{
    static const char *const names[] = {"Occurrences", "Period", "DaysOfWeek", "MonthItem",
                                        "MonthPosition", "Month", "MonthDay"};
    const keel_xml_node *f[7];
    keel_mspdi_fields(n, names, 7, f);
    int64_t v[7] = {1, 1, 0, 3, 0, 0, 1};
    const int64_t lo[7] = {0, 1, 0, 0, 0, 0, 1}, hi[7] = {MAX_OCCURRENCES, 100000, 127, 9, 4, 11, 31};
    for (int i = 0; i < 7; i++) {
        keel_status st = keel_mspdi_get_int(c, f[i], subject, lo[i], hi[i], &v[i]);
        if (st != KEEL_OK)
            return st;
    }
    r->occurrences = v[0] < 1 ? 1 : v[0];
    r->period = v[1];
    r->days_of_week = (int)v[2];
    r->month_item = (int)v[3];
    r->month_position = (int)v[4];
    r->month = (int)v[5] + 1;
    r->month_day = (int)v[6];
    return KEEL_OK;
}

/* One <Exception> of the 2007 format. */
/* A base calendar (the kind tasks and projects run on) closed for more than
 * a year in one stretch is almost always a typing slip ("2126" for "2026"):
 * every task that reaches it would silently wait years. A resource calendar
 * closed for good (someone left) is normal and not reported. */
#define LONG_CLOSURE_DAYS 366

static keel_status warn_long_closure(mspdi_ctx *c, const keel_xml_node *n, const char *subject,
                                     const recur *r)
{
    char a[32], b[32];
    return keel_mspdi_warn(c, n,
                           "%s: makes %lld days non-working in one stretch (%.10s to %.10s); "
                           "tasks on this calendar that reach it wait until it ends",
                           subject, (long long)(r->finish - r->start + 1),
                           keel_format_datetime(r->start * 1440, a, sizeof a),
                           keel_format_datetime(r->finish * 1440, b, sizeof b))
               ? KEEL_OK
               : keel_error_nomem(c->err);
}

static keel_status read_exception(mspdi_ctx *c, const keel_xml_node *n, const char *calname,
                                  bool is_base, exc_vec *v)
{
    char subject[300];
    char name[100];
    keel_xml_text(keel_xml_child(n, "Name"), name, sizeof name);
    snprintf(subject, sizeof subject, "calendar '%s': exception '%s'", calname, name);
    const keel_xml_node *tp = keel_xml_child(n, "TimePeriod");
    if (!tp) /* MPXJ ignores such exceptions too (Vico writes FromTime/ToTime) */
        return keel_mspdi_warn(c, n, "%s: no TimePeriod; ignored", subject)
                   ? KEEL_OK
                   : keel_error_nomem(c->err);
    recur r = {0};
    int64_t type = 0;
    keel_day day;
    keel_status st = read_period(c, tp, subject, &r.has_finish, &r.start, &r.finish);
    if (st == KEEL_OK)
        st = keel_mspdi_get_int(c, keel_xml_child(n, "Type"), subject, 0, 8, &type);
    if (st == KEEL_OK)
        st = read_recur(c, n, subject, &r);
    if (st == KEEL_OK)
        st = read_day(c, n, subject, &day);
    if (st != KEEL_OK)
        return st;
    r.type = (int)type;
    if (!r.has_finish)
        r.finish = last_allowed_day();
    bool stretch = type == 0 || type == 8 || (type == 1 && r.period == 1 && r.has_finish);
    if (stretch && is_base && !day.working && r.finish - r.start >= LONG_CLOSURE_DAYS &&
        (st = warn_long_closure(c, n, subject, &r)) != KEEL_OK)
        return st;
    if (stretch)
        return push_exception(c, v, n, r.start, r.finish, &day);
    emitter e = {c, v, v->len, n, &day, 0, KEEL_OK};
    switch (type) {
    case 1:
    case 7: expand_daily(&e, &r); break;
    case 2: expand_yearly(&e, &r, false); break;
    case 3: expand_yearly(&e, &r, true); break;
    case 4: expand_monthly(&e, &r, false); break;
    case 5: expand_monthly(&e, &r, true); break;
    case 6: expand_weekly(&e, &r); break;
    }
    return e.st;
}

/* ------------------------------------------------------------ weeks */

/* <WeekDays> of a calendar or work week. Legacy exception days (DayType 0)
 * go to exc when exc is not NULL. */
static keel_status read_week_days(mspdi_ctx *c, const keel_xml_node *wd, const char *subject,
                                  keel_day week[7], exc_vec *exc)
{
    for (const keel_xml_node *n = keel_xml_first(wd); n; n = keel_xml_next(n)) {
        if (!keel_xml_is(n, "WeekDay"))
            continue;
        int64_t type = -1;
        keel_status st = keel_mspdi_get_int(c, keel_xml_child(n, "DayType"), subject, -1000000,
                                            1000000, &type);
        if (st != KEEL_OK)
            return st;
        if (type >= 1 && type <= 7) {
            if ((st = read_day(c, n, subject, &week[type - 1])) != KEEL_OK)
                return st;
        } else if (type == 0 && exc) {
            const keel_xml_node *tp = keel_xml_child(n, "TimePeriod");
            int64_t first, last;
            bool has_to;
            keel_day day;
            if (!tp)
                continue;
            if ((st = read_period(c, tp, subject, &has_to, &first, &last)) != KEEL_OK ||
                (st = read_day(c, n, subject, &day)) != KEEL_OK ||
                (st = push_exception(c, exc, n, first, last, &day)) != KEEL_OK)
                return st;
        } else if (type != 0) {
            if (!keel_mspdi_warn(c, n, "%s: DayType %lld is not 0..7; ignored", subject,
                                 (long long)type))
                return keel_error_nomem(c->err);
        }
    }
    return KEEL_OK;
}

static keel_status read_work_weeks(mspdi_ctx *c, const keel_xml_node *wws, const char *subject,
                                   week_vec *weeks)
{
    for (const keel_xml_node *n = keel_xml_first(wws); n; n = keel_xml_next(n)) {
        if (!keel_xml_is(n, "WorkWeek"))
            continue;
        keel_work_week w;
        memset(&w, 0, sizeof w);
        const keel_xml_node *tp = keel_xml_child(n, "TimePeriod");
        const keel_xml_node *wd = keel_xml_child(n, "WeekDays");
        bool has_to;
        keel_status st;
        if (!tp) {
            if (!keel_mspdi_warn(c, n, "%s: work week without TimePeriod; ignored", subject))
                return keel_error_nomem(c->err);
            continue;
        }
        if ((st = read_period(c, tp, subject, &has_to, &w.first_day, &w.last_day)) != KEEL_OK)
            return st;
        if (!has_to)
            w.last_day = last_allowed_day();
        if (wd) { /* as MPXJ: a day missing from WeekDays is not working */
            for (int i = 0; i < 7; i++)
                w.days[i].set = true;
            if ((st = read_week_days(c, wd, subject, w.days, NULL)) != KEEL_OK)
                return st;
        }
        if (!KEEL_VEC_PUSH(weeks, w))
            return keel_error_nomem(c->err);
    }
    return KEEL_OK;
}

/* ------------------------------------------------------------ calendars */

enum { C_UID, C_NAME, C_ISBASE, C_BASE, C_WEEKDAYS, C_EXCEPTIONS, C_WORKWEEKS, C_N };
static const char *const cal_fields[C_N] = {
    "UID", "Name", "IsBaseCalendar", "BaseCalendarUID", "WeekDays", "Exceptions", "WorkWeeks",
};

static bool has_child(const keel_xml_node *n, const char *name)
{
    return keel_xml_child(n, name) != NULL;
}

/* Reads one <Calendar>; *base_uid is its BaseCalendarUID (or -1). */
static keel_status read_calendar(mspdi_ctx *c, const keel_xml_node *n, int64_t *base_uid)
{
    const keel_xml_node *f[C_N];
    keel_mspdi_fields(n, cal_fields, C_N, f);
    keel_calendar_def def;
    memset(&def, 0, sizeof def);
    def.line = keel_xml_line(n);
    def.file = keel_arena_strdup(c->b->arena, c->file);
    def.base = -1;
    int64_t uid = 0;
    bool is_base = false;
    exc_vec exc = {0};
    week_vec weeks = {0};
    char subject[300];
    keel_status st = KEEL_OK;
    if (!f[C_UID]) {
        st = keel_mspdi_fail(c, n, 0, "calendar: no UID");
        goto done;
    }
    def.name = keel_xml_text_dup(f[C_NAME], c->b->arena);
    if (!def.name || !def.file) {
        st = keel_error_nomem(c->err);
        goto done;
    }
    snprintf(subject, sizeof subject, "calendar '%s'", def.name);
    *base_uid = -1;
    if ((st = keel_mspdi_get_int(c, f[C_UID], subject, INT32_MIN, INT32_MAX, &uid)) != KEEL_OK ||
        (st = keel_mspdi_get_bool(c, f[C_ISBASE], subject, &is_base)) != KEEL_OK ||
        (st = keel_mspdi_get_int(c, f[C_BASE], subject, INT32_MIN, INT32_MAX, base_uid)) !=
            KEEL_OK)
        goto done;
    def.uid = (int32_t)uid;
    if (is_base)
        *base_uid = -1;
    bool new_exceptions = f[C_EXCEPTIONS] && has_child(f[C_EXCEPTIONS], "Exception");
    if ((st = read_week_days(c, f[C_WEEKDAYS], subject, def.week,
                             new_exceptions ? NULL : &exc)) != KEEL_OK)
        goto done;
    for (const keel_xml_node *e = keel_xml_first(f[C_EXCEPTIONS]); e; e = keel_xml_next(e))
        if (keel_xml_is(e, "Exception") &&
            (st = read_exception(c, e, def.name, is_base, &exc)) != KEEL_OK)
            goto done;
    if ((st = read_work_weeks(c, f[C_WORKWEEKS], subject, &weeks)) != KEEL_OK)
        goto done;
    def.nexceptions = (int)exc.len;
    def.nweeks = (int)weeks.len;
    def.exceptions = keel_arena_dup(c->b->arena, exc.data, exc.len, sizeof *exc.data);
    def.weeks = keel_arena_dup(c->b->arena, weeks.data, weeks.len, sizeof *weeks.data);
    mspdi_uid entry = {uid, (int)c->b->calendar_defs.len, def.line};
    if (!def.exceptions || !def.weeks || !KEEL_VEC_PUSH(&c->cals, entry) ||
        !KEEL_VEC_PUSH(&c->b->calendar_defs, def))
        st = keel_error_nomem(c->err);
done:
    KEEL_VEC_FREE(&exc);
    KEEL_VEC_FREE(&weeks);
    return st;
}

/* Base calendars get MS Project's default hours on days their WeekDays leave
 * out, so that a base calendar is complete on its own. */
static void complete_base(keel_calendar_def *def)
{
    for (int d = 0; d < 7; d++)
        if (!def->week[d].set)
            keel_mspdi_standard_day(d, &def->week[d]);
}

keel_status keel_mspdi_read_calendars(mspdi_ctx *c, const keel_xml_node *root)
{
    size_t first = c->b->calendar_defs.len;
    KEEL_VEC(int64_t) bases = {0};
    keel_status st = KEEL_OK;
    for (const keel_xml_node *cs = keel_xml_first(root); cs; cs = keel_xml_next(cs)) {
        if (!keel_xml_is(cs, "Calendars"))
            continue;
        for (const keel_xml_node *n = keel_xml_first(cs); n; n = keel_xml_next(n)) {
            if (!keel_xml_is(n, "Calendar"))
                continue;
            int64_t base = -1;
            if ((st = read_calendar(c, n, &base)) != KEEL_OK)
                goto done;
            if (!KEEL_VEC_PUSH(&bases, base)) {
                st = keel_error_nomem(c->err);
                goto done;
            }
        }
    }
    if ((st = keel_mspdi_uid_sort(c, &c->cals, "calendar", "UID")) != KEEL_OK)
        goto done;
    /* A BaseCalendarUID that names no other calendar (-1 in 2003 files, 0 in
     * 2019 files) means "no base". */
    for (size_t i = 0; i < bases.len; i++) {
        keel_calendar_def *def = &c->b->calendar_defs.data[first + i];
        const mspdi_uid *base = keel_mspdi_uid_find(&c->cals, bases.data[i]);
        def->base = base && base->index != (int)(first + i) ? base->index : -1;
    }
    for (size_t i = 0; i < bases.len; i++) {
        keel_calendar_def *def = &c->b->calendar_defs.data[first + i];
        if (def->base < 0)
            complete_base(def);
    }
done:
    KEEL_VEC_FREE(&bases);
    return st;
}

int keel_mspdi_add_standard_calendar(mspdi_ctx *c)
{
    keel_calendar_def def;
    memset(&def, 0, sizeof def);
    def.name = "Standard";
    def.uid = -1;
    def.base = -1;
    def.exceptions = keel_arena_alloc(c->b->arena, 0);
    def.weeks = keel_arena_alloc(c->b->arena, 0);
    complete_base(&def);
    if (!def.exceptions || !def.weeks || !KEEL_VEC_PUSH(&c->b->calendar_defs, def))
        return -1;
    return (int)c->b->calendar_defs.len - 1;
}
