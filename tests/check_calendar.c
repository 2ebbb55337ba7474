/* SPDX-License-Identifier: GPL-3.0-or-later
 * Calendar suite: the awkward cases of working-time arithmetic, each with a
 * hand-computed date (January 2025: Mon 6, Fri 10, Sat 11, Mon 13), plus
 * property checks of W(t) against its inverse.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/timefmt.h"
#include "model/calendar.h"

static keel_time T(const char *s)
{
    keel_time t;
    ck_assert_msg(keel_parse_datetime(s, &t), "bad date %s", s);
    return t;
}

static int64_t D(const char *s)
{
    return keel_day_of(T(s));
}

/* Asserts that t is the date s, printing both on failure. */
#define ck_assert_time(t, s)                                                             \
    do {                                                                                 \
        char buf_[32];                                                                   \
        keel_time t_ = (t);                                                              \
        ck_assert_msg(t_ == T(s), "got %s, want %s", keel_format_datetime(t_, buf_, 32), \
                      (s));                                                              \
    } while (0)

/* Checks for hot loops: ck_assert logs every passing check (a write per call),
 * which makes millions of them take minutes; these only act on failure. */
#define expect_eq(a, b)                                                                  \
    do {                                                                                 \
        long long a_ = (a), b_ = (b);                                                    \
        if (a_ != b_) ck_abort_msg("%s == %s failed: %lld != %lld", #a, #b, a_, b_);     \
    } while (0)
#define expect(x)                                                                        \
    do {                                                                                 \
        if (!(x)) ck_abort_msg("%s failed", #x);                                         \
    } while (0)

/* Sets d to n spans given as minute pairs; n == 0 makes it a non-working day. */
static void set_day(keel_day *d, int n, const int32_t *spans)
{
    memset(d, 0, sizeof *d);
    d->set = true;
    d->working = n > 0;
    d->nspans = n;
    for (int i = 0; i < n; i++) {
        d->spans[i].from = spans[2 * i];
        d->spans[i].to = spans[2 * i + 1];
    }
}

static const int32_t office[] = {480, 720, 780, 1020}; /* 08-12, 13-17 */

static void init_def(keel_calendar_def *d, const char *name, int uid, int base)
{
    memset(d, 0, sizeof *d);
    d->name = name;
    d->uid = uid;
    d->base = base;
    d->line = 10 + uid;
}

/* Standard: Mon-Fri 08:00-12:00, 13:00-17:00. */
static void standard_def(keel_calendar_def *d)
{
    init_def(d, "Standard", 1, -1);
    for (int w = 0; w < 7; w++)
        set_day(&d->week[w], w == 0 || w == 6 ? 0 : 2, office);
}

static keel_exception holiday(const char *first, const char *last)
{
    keel_exception e = {.first_day = D(first), .last_day = D(last)};
    set_day(&e.day, 0, NULL);
    return e;
}

static keel_arena *arena;

static void setup(void)
{
    arena = keel_arena_new();
    ck_assert_ptr_nonnull(arena);
}

static void teardown(void)
{
    keel_arena_free(arena);
}

static keel_calendar compile(const keel_calendar_def *defs, int n, int index)
{
    keel_calendar c;
    keel_error err = {0};
    keel_status st = keel_calendar_compile(defs, n, index, arena, "plan.xml", &c, &err);
    ck_assert_msg(st == KEEL_OK, "%s", err.message);
    return c;
}

static keel_calendar standard(void)
{
    keel_calendar_def d;
    standard_def(&d);
    return compile(&d, 1, 0);
}

START_TEST(start_at_five_pm)
{
    keel_calendar c = standard();
    ck_assert(!c.continuous);
    ck_assert_int_eq(c.week_work, 5 * 480);
    ck_assert_time(keel_calendar_next_work(&c, T("2025-01-06T17:00")),
                   "2025-01-07T08:00");
    ck_assert_time(keel_calendar_next_work(&c, T("2025-01-10T17:00")),
                   "2025-01-13T08:00");
    ck_assert_time(keel_calendar_next_work(&c, T("2025-01-06T12:00")),
                   "2025-01-06T13:00");
    ck_assert_time(keel_calendar_next_work(&c, T("2025-01-06T09:10")),
                   "2025-01-06T09:10");
    ck_assert_time(keel_calendar_add_work(&c, T("2025-01-10T17:00"), 480),
                   "2025-01-13T17:00");
    ck_assert_time(keel_calendar_add_work(&c, T("2025-01-06T08:00"), 480),
                   "2025-01-06T17:00");
    /* A task ends at the end of its last working minute, not at the next start. */
    ck_assert_time(keel_calendar_add_work(&c, T("2025-01-06T08:00"), 240),
                   "2025-01-06T12:00");
    ck_assert_int_eq(keel_calendar_add_work(&c, T("2025-01-11T10:00"), 0),
                     T("2025-01-11T10:00"));
}
END_TEST

START_TEST(holiday_inside_task)
{
    keel_calendar_def d;
    standard_def(&d);
    keel_exception h = holiday("2025-01-08", "2025-01-08");
    d.nexceptions = 1;
    d.exceptions = &h;
    keel_calendar c = compile(&d, 1, 0);
    /* Three days from Monday: Mon, Tue, (Wed off), Thu. */
    ck_assert_time(keel_calendar_add_work(&c, T("2025-01-06T08:00"), 3 * 480),
                   "2025-01-09T17:00");
    ck_assert(!keel_calendar_is_working(&c, T("2025-01-08T10:00")));
    ck_assert_int_eq(keel_calendar_work_between(&c, T("2025-01-06"), T("2025-01-13")),
                     4 * 480);
    ck_assert_time(keel_calendar_next_work(&c, T("2025-01-07T17:00")),
                   "2025-01-09T08:00");
    /* The week pattern still holds far from the exception. */
    ck_assert_time(keel_calendar_add_work(&c, T("2025-03-05T08:00"), 3 * 480),
                   "2025-03-07T17:00");
}
END_TEST

/* Base Standard with New Year's Day off; a resource calendar derived from it
 * with a vacation week and a Saturday morning. */
static void resource_defs(keel_calendar_def defs[2], keel_exception *ny,
                          keel_exception *vac)
{
    static const int32_t sat[] = {540, 780};
    standard_def(&defs[0]);
    *ny = holiday("2025-01-01", "2025-01-01");
    defs[0].nexceptions = 1;
    defs[0].exceptions = ny;
    init_def(&defs[1], "Alice", 2, 0);
    set_day(&defs[1].week[6], 1, sat);
    *vac = holiday("2025-01-13", "2025-01-17");
    defs[1].nexceptions = 1;
    defs[1].exceptions = vac;
}

START_TEST(derived_vacation)
{
    keel_calendar_def defs[2];
    keel_exception ny, vac;
    resource_defs(defs, &ny, &vac);
    keel_calendar base = compile(defs, 2, 0), res = compile(defs, 2, 1);
    ck_assert_str_eq(res.name, "Alice");
    ck_assert_int_eq(res.week_work, 5 * 480 + 240);
    /* Inherited holiday and own vacation. */
    ck_assert(!keel_calendar_is_working(&res, T("2025-01-01T09:00")));
    ck_assert(!keel_calendar_is_working(&res, T("2025-01-15T09:00")));
    ck_assert(keel_calendar_is_working(&base, T("2025-01-15T09:00")));
    ck_assert(keel_calendar_is_working(&res, T("2025-01-11T09:00")));
    ck_assert(!keel_calendar_is_working(&base, T("2025-01-11T09:00")));
    /* Friday 17:00 + 1 day: Saturday 4 h, the vacation week, Saturday 4 h. */
    ck_assert_time(keel_calendar_add_work(&res, T("2025-01-10T17:00"), 480),
                   "2025-01-18T13:00");
    ck_assert_time(keel_calendar_add_work(&res, T("2025-01-10T17:00"), 600),
                   "2025-01-20T10:00");
    ck_assert_time(keel_calendar_add_work(&base, T("2025-01-10T17:00"), 480),
                   "2025-01-13T17:00");
    ck_assert_time(keel_calendar_next_work(&res, T("2024-12-31T17:00")),
                   "2025-01-02T08:00");
}
END_TEST

START_TEST(base_exception_beats_derived_week)
{
    /* MS Project applies a base holiday even to a derived calendar that sets
     * that weekday itself; only the derived calendar's own exception overrides. */
    keel_calendar_def defs[2];
    keel_exception ny, vac, open[2];
    static const int32_t late[] = {600, 840};
    resource_defs(defs, &ny, &vac);
    set_day(&defs[1].week[3], 1, late); /* Wednesdays 10-14 */
    keel_calendar res = compile(defs, 2, 1);
    ck_assert(!keel_calendar_is_working(&res, T("2025-01-01T11:00")));
    ck_assert(keel_calendar_is_working(&res, T("2025-01-08T11:00")));
    ck_assert(!keel_calendar_is_working(&res, T("2025-01-08T09:00")));
    open[0] = vac;
    open[1] = (keel_exception){.first_day = D("2025-01-01"), .last_day = D("2025-01-01")};
    set_day(&open[1].day, 1, late);
    defs[1].nexceptions = 2;
    defs[1].exceptions = open;
    res = compile(defs, 2, 1);
    ck_assert(keel_calendar_is_working(&res, T("2025-01-01T11:00")));
    ck_assert_int_eq(keel_calendar_work_between(&res, T("2025-01-01"), T("2025-01-02")),
                     240);
}
END_TEST

/* Night shift starting Mon-Fri 23:00, until 08:00 with a break 03:00-04:00. */
static keel_calendar night_shift(void)
{
    static const int32_t eve[] = {1380, 1440}, morning[] = {0, 180, 240, 480},
                         both[] = {0, 180, 240, 480, 1380, 1440};
    keel_calendar_def d;
    init_def(&d, "Night", 3, -1);
    set_day(&d.week[0], 0, NULL);
    set_day(&d.week[1], 1, eve);
    for (int w = 2; w <= 5; w++)
        set_day(&d.week[w], 3, both);
    set_day(&d.week[6], 2, morning);
    return compile(&d, 1, 0);
}

typedef struct span_list {
    int n;
    keel_time from[16], to[16];
} span_list;

static bool record(keel_time from, keel_time to, void *ctx)
{
    span_list *l = ctx;
    expect(l->n < 16);
    l->from[l->n] = from;
    l->to[l->n++] = to;
    return true;
}

START_TEST(night_shift_across_midnight)
{
    keel_calendar c = night_shift();
    ck_assert_int_eq(c.week_work, 5 * 480);
    ck_assert_time(keel_calendar_add_work(&c, T("2025-01-06T23:00"), 480),
                   "2025-01-07T08:00");
    ck_assert_time(keel_calendar_next_work(&c, T("2025-01-06T12:00")),
                   "2025-01-06T23:00");
    ck_assert(keel_calendar_is_working(&c, T("2025-01-07T00:00")));
    ck_assert_int_eq(
        keel_calendar_work_between(&c, T("2025-01-06T23:00"), T("2025-01-07T01:00")),
        120);
    span_list l = {0};
    keel_calendar_each_interval(&c, T("2025-01-06"), T("2025-01-07T23:30"), record, &l);
    ck_assert_int_eq(l.n, 3);
    ck_assert_time(l.from[0], "2025-01-06T23:00"); /* one interval across midnight */
    ck_assert_time(l.to[0], "2025-01-07T03:00");
    ck_assert_time(l.from[1], "2025-01-07T04:00");
    ck_assert_time(l.to[1], "2025-01-07T08:00");
    ck_assert_time(l.from[2], "2025-01-07T23:00");
    ck_assert_time(l.to[2], "2025-01-07T23:30"); /* clipped */
    /* Friday night's shift ends Saturday 08:00. */
    ck_assert_time(keel_calendar_add_work(&c, T("2025-01-10T23:00"), 480),
                   "2025-01-11T08:00");
    ck_assert_time(keel_calendar_add_work(&c, T("2025-01-11T08:00"), 60),
                   "2025-01-14T00:00");
}
END_TEST

START_TEST(twenty_four_hours)
{
    static const int32_t all[] = {0, 1440};
    keel_calendar_def d;
    init_def(&d, "24 Hours", 4, -1);
    for (int w = 0; w < 7; w++)
        set_day(&d.week[w], 1, all);
    keel_calendar c = compile(&d, 1, 0);
    ck_assert(c.continuous);
    keel_time t = T("2025-01-10T17:00");
    ck_assert_int_eq(keel_calendar_add_work(&c, t, 3 * 1440) - t, 4320);
    ck_assert_time(keel_calendar_add_work(&c, t, 4320), "2025-01-13T17:00");
    /* A fully working exception removes nothing. */
    keel_exception e = {.first_day = D("2025-01-11"), .last_day = D("2025-01-11")};
    set_day(&e.day, 1, all);
    d.nexceptions = 1;
    d.exceptions = &e;
    ck_assert(compile(&d, 1, 0).continuous);
    /* A holiday does: not continuous, but still one interval across the week wrap. */
    e = holiday("2025-01-08", "2025-01-08");
    c = compile(&d, 1, 0);
    ck_assert(!c.continuous);
    span_list l = {0};
    keel_calendar_each_interval(&c, T("2025-01-03"), T("2025-01-14"), record, &l);
    ck_assert_int_eq(l.n, 2);
    ck_assert_time(l.to[0], "2025-01-08T00:00");
    ck_assert_time(l.from[1], "2025-01-09T00:00");
    l.n = 0;
    keel_calendar_each_interval(&c, T("2030-01-03"), T("2030-01-14"), record, &l);
    ck_assert_int_eq(l.n, 1);
}
END_TEST

START_TEST(continuous_and_elapsed_lag)
{
    const keel_calendar *c = keel_calendar_continuous();
    ck_assert(c->continuous);
    keel_time t = T("2025-01-10T17:00");
    /* Elapsed lag: the caller adds 2880 minutes; a calendar need not be involved. */
    ck_assert_time(t + 2880, "2025-01-12T17:00");
    ck_assert_int_eq(keel_calendar_add_work(c, t, 2880), t + 2880);
    ck_assert_int_eq(keel_calendar_sub_work(c, t, 2880), t - 2880);
    ck_assert_int_eq(keel_calendar_next_work(c, t), t);
    ck_assert_int_eq(keel_calendar_prev_work_end(c, t), t);
    ck_assert_int_eq(keel_calendar_work_between(c, -5, 7), 12);
    ck_assert(keel_calendar_is_working(c, -100));
    span_list l = {0};
    keel_calendar_each_interval(c, 0, 100000, record, &l);
    ck_assert_int_eq(l.n, 1);
    ck_assert_int_eq(l.to[0], 100000);
    /* Working-time lag across a weekend: 1 day = 480 working minutes. */
    keel_calendar s = standard();
    ck_assert_time(keel_calendar_add_work(&s, t, 480), "2025-01-13T17:00");
}
END_TEST

START_TEST(negative_lags)
{
    keel_calendar c = standard();
    ck_assert_time(keel_calendar_sub_work(&c, T("2025-01-13T08:00"), 480),
                   "2025-01-10T08:00");
    ck_assert_time(keel_calendar_add_work(&c, T("2025-01-13T08:00"), -480),
                   "2025-01-10T08:00");
    ck_assert_time(keel_calendar_sub_work(&c, T("2025-01-07T08:00"), 60),
                   "2025-01-06T16:00");
    ck_assert_time(keel_calendar_sub_work(&c, T("2025-01-06T17:00"), 480),
                   "2025-01-06T08:00");
    ck_assert_time(keel_calendar_sub_work(&c, T("2025-01-07T08:00"), 480),
                   "2025-01-06T08:00");
    ck_assert_time(keel_calendar_sub_work(&c, T("2025-01-06T14:00"), -60),
                   "2025-01-06T15:00");
    ck_assert_time(keel_calendar_prev_work_end(&c, T("2025-01-13T08:00")),
                   "2025-01-10T17:00");
    ck_assert_time(keel_calendar_prev_work_end(&c, T("2025-01-06T12:30")),
                   "2025-01-06T12:00");
    ck_assert_time(keel_calendar_prev_work_end(&c, T("2025-01-06T10:00")),
                   "2025-01-06T10:00");
    ck_assert_int_eq(
        keel_calendar_work_between(&c, T("2025-01-13T08:00"), T("2025-01-10T08:00")),
        -480);
}
END_TEST

START_TEST(summer_work_week)
{
    static const int32_t mt[] = {420, 720, 750, 930}, fri[] = {420, 660};
    keel_calendar_def d;
    standard_def(&d);
    keel_work_week ww = {.first_day = D("2025-06-02"), .last_day = D("2025-08-29")};
    for (int w = 1; w <= 4; w++)
        set_day(&ww.days[w], 2, mt);
    set_day(&ww.days[5], 1, fri); /* Saturday and Sunday unset: inherited */
    d.nweeks = 1;
    d.weeks = &ww;
    keel_calendar c = compile(&d, 1, 0);
    ck_assert_int_eq(keel_calendar_work_between(&c, T("2025-06-09"), T("2025-06-16")),
                     4 * 480 + 240);
    ck_assert_time(keel_calendar_add_work(&c, T("2025-06-06T07:00"), 240),
                   "2025-06-06T11:00");
    ck_assert_time(keel_calendar_add_work(&c, T("2025-06-06T11:00"), 60),
                   "2025-06-09T08:00");
    ck_assert_time(keel_calendar_next_work(&c, T("2025-06-09T12:10")),
                   "2025-06-09T12:30");
    /* Out of the summer schedule into the normal week. */
    ck_assert_time(keel_calendar_add_work(&c, T("2025-08-29T07:00"), 480),
                   "2025-09-01T12:00");
    ck_assert(!keel_calendar_is_working(&c, T("2025-09-01T07:30")));
    ck_assert(keel_calendar_is_working(&c, T("2025-08-25T07:30")));
}
END_TEST

START_TEST(working_saturday)
{
    static const int32_t sat[] = {540, 780};
    keel_calendar_def d;
    standard_def(&d);
    keel_exception e = {.first_day = D("2025-01-11"), .last_day = D("2025-01-11")};
    set_day(&e.day, 1, sat);
    d.nexceptions = 1;
    d.exceptions = &e;
    keel_calendar c = compile(&d, 1, 0);
    ck_assert(keel_calendar_is_working(&c, T("2025-01-11T10:00")));
    ck_assert(!keel_calendar_is_working(&c, T("2025-01-18T10:00")));
    ck_assert_time(keel_calendar_next_work(&c, T("2025-01-10T17:00")),
                   "2025-01-11T09:00");
    ck_assert_time(keel_calendar_add_work(&c, T("2025-01-10T17:00"), 300),
                   "2025-01-13T09:00");
    ck_assert_time(keel_calendar_sub_work(&c, T("2025-01-13T09:00"), 120),
                   "2025-01-11T12:00");
}
END_TEST

START_TEST(before_1984_and_2100)
{
    keel_calendar_def d;
    standard_def(&d);
    keel_exception h = holiday("2025-12-25", "2025-12-26");
    d.nexceptions = 1;
    d.exceptions = &h;
    keel_calendar c = compile(&d, 1, 0);
    ck_assert_time(keel_calendar_add_work(&c, T("1983-12-30T17:00"), 480),
                   "1984-01-02T17:00");
    ck_assert_time(keel_calendar_add_work(&c, T("1970-01-01T08:00"), 960),
                   "1970-01-02T17:00");
    ck_assert_time(keel_calendar_next_work(&c, T("1969-12-27T10:00")),
                   "1969-12-29T08:00");
    ck_assert_time(keel_calendar_sub_work(&c, T("1900-01-01T08:00"), 60),
                   "1899-12-29T16:00");
    ck_assert_time(keel_calendar_add_work(&c, T("2100-01-01T17:00"), 480),
                   "2100-01-04T17:00");
    /* 1900-01-01 and 2100-01-04 are Mondays: whole weeks minus the holidays. */
    int64_t days = D("2100-01-04") - D("1900-01-01");
    ck_assert_int_eq(days % 7, 0);
    ck_assert_int_eq(keel_calendar_work_between(&c, T("1900-01-01"), T("2100-01-04")),
                     days / 7 * 2400 - 960);
    /* Add then subtract is the identity on working instants. */
    const char *starts[] = {"1950-03-01T08:00", "1983-12-30T16:59", "2100-06-01T13:00",
                            "2099-12-31T11:00", "2025-12-24T16:00"};
    for (int i = 0; i < 5; i++) {
        keel_time t = T(starts[i]);
        ck_assert(keel_calendar_is_working(&c, t));
        for (int64_t w = 1; w < 100000; w = w * 3 + 7) {
            keel_time e = keel_calendar_add_work(&c, t, w);
            expect_eq(keel_calendar_sub_work(&c, e, w), t);
            expect_eq(keel_calendar_work_between(&c, t, e), w);
        }
    }
}
END_TEST

static keel_calendar early_bird(void)
{
    static const int32_t early[] = {360, 600};
    keel_calendar_def d;
    init_def(&d, "Early", 5, -1);
    for (int w = 0; w < 7; w++)
        set_day(&d.week[w], w == 0 ? 0 : 1, early);
    return compile(&d, 1, 0);
}

START_TEST(intersection)
{
    keel_calendar_def d;
    standard_def(&d);
    keel_exception h = holiday("2025-01-07", "2025-01-07");
    d.nexceptions = 1;
    d.exceptions = &h;
    keel_calendar s = compile(&d, 1, 0), e = early_bird(), x;
    keel_error err = {0};
    ck_assert_int_eq(keel_calendar_intersect(&s, &e, arena, &x, &err), KEEL_OK);
    ck_assert_str_eq(x.name, "Standard & Early");
    ck_assert_int_eq(x.week_work, 5 * 120);
    /* 08-10 on Mon, (Tue off), Wed. */
    ck_assert_time(keel_calendar_add_work(&x, T("2025-01-06T08:00"), 240),
                   "2025-01-08T10:00");
    ck_assert_time(keel_calendar_next_work(&x, T("2025-01-11T07:00")),
                   "2025-01-13T08:00");
    ck_assert_time(keel_calendar_add_work(&x, T("2030-01-07T09:00"), 120),
                   "2030-01-08T09:00");
    ck_assert_int_eq(
        keel_calendar_intersect(keel_calendar_continuous(), &s, arena, &x, &err),
        KEEL_OK);
    ck_assert_int_eq(keel_calendar_work_between(&x, T("2025-01-06"), T("2025-01-13")),
                     4 * 480);
    ck_assert_int_eq(keel_calendar_intersect(&s, &s, arena, &x, &err), KEEL_OK);
    ck_assert_int_eq(keel_calendar_work_between(&x, T("2025-01-06"), T("2025-01-13")),
                     4 * 480);
}
END_TEST

START_TEST(intersection_empty)
{
    static const int32_t all[] = {0, 1440};
    keel_calendar_def d;
    init_def(&d, "Weekend", 6, -1);
    set_day(&d.week[0], 1, all);
    set_day(&d.week[6], 1, all);
    for (int w = 1; w <= 5; w++)
        set_day(&d.week[w], 0, NULL);
    keel_calendar s = standard(), w = compile(&d, 1, 0), x;
    /* Saturday and Sunday form one interval across the week wrap. */
    span_list l = {0};
    keel_calendar_each_interval(&w, T("2025-01-10"), T("2025-01-14"), record, &l);
    ck_assert_int_eq(l.n, 1);
    ck_assert_time(l.from[0], "2025-01-11T00:00");
    ck_assert_time(l.to[0], "2025-01-13T00:00");
    keel_error err = {0};
    ck_assert_int_eq(keel_calendar_intersect(&s, &w, arena, &x, &err), KEEL_ERR_PARSE);
    ck_assert_ptr_nonnull(strstr(err.message, "no working time in common"));
}
END_TEST

/* Checks is_working, work_between, next_work and each_interval against each
 * other, minute by minute. */
static void check_consistency(const keel_calendar *c, keel_time a, keel_time b)
{
    int64_t sum = 0;
    span_list l;
    for (keel_time t = a; t < b; t++) {
        bool w = keel_calendar_is_working(c, t);
        expect_eq(keel_calendar_work_between(c, t, t + 1), w);
        sum += w;
        keel_time n = keel_calendar_next_work(c, t);
        expect(keel_calendar_is_working(c, n));
        expect_eq(keel_calendar_work_between(c, t, n), 0);
        l.n = 0;
        keel_calendar_each_interval(c, t, t + 1, record, &l);
        expect_eq(l.n, w);
    }
    expect_eq(keel_calendar_work_between(c, a, b), sum);
}

START_TEST(consistency)
{
    keel_calendar_def defs[2];
    keel_exception ny, vac;
    resource_defs(defs, &ny, &vac);
    keel_calendar res = compile(defs, 2, 1), night = night_shift();
    check_consistency(&res, T("2024-12-01"), T("2025-02-10"));
    check_consistency(&night, T("2025-01-01"), T("2025-01-20"));
}
END_TEST

START_TEST(no_working_time)
{
    static const int32_t sat[] = {540, 780};
    keel_calendar_def d;
    init_def(&d, "Empty", 5, -1);
    d.line = 12;
    for (int w = 0; w < 7; w++)
        set_day(&d.week[w], 0, NULL);
    keel_calendar c;
    keel_error err = {0};
    ck_assert_int_eq(keel_calendar_compile(&d, 1, 0, arena, "plan.xml", &c, &err),
                     KEEL_ERR_PARSE);
    ck_assert_str_eq(err.message,
                     "plan.xml:12: calendar UID 5 'Empty': has no working time");
    /* Exceptions that add hours do not help: the week itself has none. */
    keel_exception e = {.first_day = D("2025-01-11"), .last_day = D("2025-01-11")};
    set_day(&e.day, 1, sat);
    d.nexceptions = 1;
    d.exceptions = &e;
    ck_assert_int_eq(keel_calendar_compile(&d, 1, 0, arena, "plan.xml", &c, &err),
                     KEEL_ERR_PARSE);
}
END_TEST

START_TEST(base_chain_loop)
{
    keel_calendar_def defs[3];
    standard_def(&defs[0]);
    init_def(&defs[1], "A", 7, 2);
    init_def(&defs[2], "B", 8, 1);
    keel_calendar c;
    keel_error err = {0};
    ck_assert_int_eq(keel_calendar_compile(defs, 3, 1, arena, "plan.xml", &c, &err),
                     KEEL_ERR_PARSE);
    ck_assert_str_eq(err.message,
                     "plan.xml:17: calendar UID 7 'A': its base calendar chain loops");
    defs[2].base = 5;
    ck_assert_int_eq(keel_calendar_compile(defs, 3, 1, arena, "plan.xml", &c, &err),
                     KEEL_ERR_PARSE);
    defs[2].base = 0; /* now fine: A -> B -> Standard */
    c = compile(defs, 3, 1);
    ck_assert_int_eq(c.week_work, 2400);
}
END_TEST

START_TEST(invalid_hours)
{
    static const int32_t bad[] = {600, 540};
    keel_calendar_def d;
    standard_def(&d);
    set_day(&d.week[2], 1, bad);
    keel_calendar c;
    keel_error err = {0};
    ck_assert_int_eq(keel_calendar_compile(&d, 1, 0, arena, "plan.xml", &c, &err),
                     KEEL_ERR_PARSE);
    standard_def(&d);
    keel_exception h = holiday("1990-01-01", "2500-01-01");
    d.nexceptions = 1;
    d.exceptions = &h;
    ck_assert_int_eq(keel_calendar_compile(&d, 1, 0, arena, "plan.xml", &c, &err),
                     KEEL_ERR_PARSE);
}
END_TEST

static uint64_t next_random(uint64_t *s)
{
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return *s >> 33;
}

/* add_work gives exactly w and is minimal; sub_work likewise, backwards. */
static void check_random(const keel_calendar *c, uint64_t seed)
{
    keel_time base = T("2024-06-01");
    for (int i = 0; i < 3000; i++) {
        keel_time t = base + (keel_time)(next_random(&seed) % (3 * 525600)) - 525600;
        int64_t w = 1 + (int64_t)(next_random(&seed) % 30000);
        keel_time e = keel_calendar_add_work(c, t, w);
        expect_eq(keel_calendar_work_between(c, t, e), w);
        expect(keel_calendar_work_between(c, t, e - 1) < w);
        keel_time s = keel_calendar_sub_work(c, t, w);
        expect_eq(keel_calendar_work_between(c, s, t), w);
        expect(keel_calendar_work_between(c, s + 1, t) < w);
        keel_time n = keel_calendar_next_work(c, t),
                  p = keel_calendar_prev_work_end(c, t);
        expect(n >= t && p <= t);
        expect_eq(keel_calendar_work_between(c, p, n), 0);
    }
}

/* A random day: up to three spans, possibly touching (to test merging). */
static void random_day(keel_day *d, uint64_t *seed)
{
    int32_t spans[6];
    int n = 0, cursor = 0, want = (int)(next_random(seed) % 4);
    for (int i = 0; i < want; i++) {
        int32_t from =
            cursor + (int32_t)(next_random(seed) % 3 ? next_random(seed) % 400 : 0);
        int32_t to = from + 1 + (int32_t)(next_random(seed) % 600);
        if (to > 1440) break;
        spans[2 * n] = from;
        spans[2 * n++ + 1] = to;
        cursor = to;
    }
    set_day(d, n, spans);
    d->set = next_random(seed) % 4 != 0; /* sometimes inherit */
}

static void random_def(keel_calendar_def *d, int base, int64_t day0, keel_exception *exc,
                       keel_work_week *ww, uint64_t *seed)
{
    init_def(d, base < 0 ? "Base" : "Derived", base + 2, base);
    for (int w = 0; w < 7; w++)
        random_day(&d->week[w], seed);
    set_day(&d->week[1], 2, office); /* some working time in every week */
    d->nexceptions = 4;
    d->exceptions = exc;
    for (int i = 0; i < 4; i++) {
        exc[i].first_day = day0 + (int64_t)(next_random(seed) % 60);
        exc[i].last_day = exc[i].first_day + (int64_t)(next_random(seed) % 4);
        random_day(&exc[i].day, seed);
        exc[i].day.set = true;
    }
    d->nweeks = 1;
    d->weeks = ww;
    ww->first_day = day0 + (int64_t)(next_random(seed) % 60);
    ww->last_day = ww->first_day + (int64_t)(next_random(seed) % 30);
    for (int w = 0; w < 7; w++)
        random_day(&ww->days[w], seed);
}

static const keel_exception *find_exception(const keel_calendar_def *d, int64_t day)
{
    for (int i = 0; i < d->nexceptions; i++)
        if (d->exceptions[i].first_day <= day && day <= d->exceptions[i].last_day)
            return &d->exceptions[i];
    return NULL;
}

/* The rules of calendar.h, written out naively for one minute. */
static bool brute_working(const keel_calendar_def *defs, int index, keel_time t)
{
    int64_t day = keel_day_of(t), minute = t - day * 1440;
    int wd = keel_weekday(day);
    const keel_day *hours = NULL;
    for (int i = index; i >= 0 && !hours; i = defs[i].base) {
        const keel_exception *e = find_exception(&defs[i], day);
        hours = e ? &e->day : NULL;
    }
    for (int i = index; i >= 0 && !hours; i = defs[i].base) {
        for (int k = 0; k < defs[i].nweeks && !hours; k++) {
            const keel_work_week *w = &defs[i].weeks[k];
            if (w->first_day <= day && day <= w->last_day && w->days[wd].set)
                hours = &w->days[wd];
        }
        if (!hours && defs[i].week[wd].set) hours = &defs[i].week[wd];
    }
    for (int k = 0; hours && hours->working && k < hours->nspans; k++)
        if (hours->spans[k].from <= minute && minute < hours->spans[k].to) return true;
    return false;
}

START_TEST(random_calendars_match_brute_force)
{
    uint64_t seed = 42;
    for (int round = 0; round < 12; round++) {
        keel_calendar_def defs[2];
        keel_exception exc[2][4];
        keel_work_week ww[2];
        int64_t day0 = D("2025-03-01") - 3000 + (int64_t)(next_random(&seed) % 6000);
        random_def(&defs[0], -1, day0, exc[0], &ww[0], &seed);
        random_def(&defs[1], 0, day0, exc[1], &ww[1], &seed);
        keel_calendar base = compile(defs, 2, 0), der = compile(defs, 2, 1), x;
        keel_error err = {0};
        ck_assert_int_eq(keel_calendar_intersect(&base, &der, arena, &x, &err), KEEL_OK);
        for (keel_time t = (day0 - 21) * 1440; t < (day0 + 100) * 1440; t++) {
            bool b = brute_working(defs, 0, t), d = brute_working(defs, 1, t);
            expect_eq(keel_calendar_is_working(&base, t), b);
            expect_eq(keel_calendar_is_working(&der, t), d);
            expect_eq(keel_calendar_is_working(&x, t), b && d);
        }
        check_random(&der, seed);
    }
}
END_TEST

/* ---------------------------------------------------------------------------
 * The sparse representation: only days that differ from the week are stored.
 */

START_TEST(sparse_exceptional_days)
{
    /* 300 one-day holidays spread over three years: the weekday ones are the
     * only days stored, whatever the span. */
    keel_calendar_def d;
    standard_def(&d);
    keel_exception h[300];
    int64_t first = D("2024-01-01");
    int weekdays = 0;
    for (int i = 0; i < 300; i++) {
        h[i].first_day = h[i].last_day = first + (int64_t)i * 1100 / 300;
        set_day(&h[i].day, 0, NULL);
        int wd = keel_weekday(h[i].first_day);
        weekdays += wd != 0 && wd != 6;
    }
    d.nexceptions = 300;
    d.exceptions = h;
    keel_calendar c = compile(&d, 1, 0);
    ck_assert_int_eq(c.ndays, weekdays);
    ck_assert_int_eq(c.nspans, 0);
    ck_assert_int_eq(c.nweek, 10);
    for (int i = 0; i < c.ndays; i++) {
        ck_assert_int_eq(c.days[i].nspans, 0);
        if (i) ck_assert(c.days[i].day > c.days[i - 1].day);
    }
    ck_assert_int_eq(keel_calendar_work_between(&c, first * 1440, (first + 1100) * 1440),
                     (1100 / 7 * 5 + (1100 % 7 >= 5 ? 4 : 1100 % 7)) * 480 - weekdays * 480);
    /* An exception with the week's own hours, a work week equal to the week
     * and a weekend holiday change nothing, so nothing is stored. */
    keel_exception same = {.first_day = D("2025-01-08"), .last_day = D("2025-01-10")};
    set_day(&same.day, 2, office);
    keel_exception sat = holiday("2025-01-11", "2025-01-12");
    keel_exception two[2] = {same, sat};
    keel_work_week ww = {.first_day = D("2025-02-01"), .last_day = D("2025-12-31")};
    for (int w = 1; w <= 5; w++)
        set_day(&ww.days[w], 2, office);
    d.exceptions = two;
    d.nexceptions = 2;
    d.weeks = &ww;
    d.nweeks = 1;
    c = compile(&d, 1, 0);
    ck_assert_int_eq(c.ndays, 0);
    keel_calendar s = standard();
    ck_assert(keel_calendar_same(&c, &s));
    ck_assert(keel_calendar_hash(&c) == keel_calendar_hash(&s));
    /* A year-long work week with other hours stores its weekdays (and only
     * those that differ: its Fridays are the week's own). */
    static const int32_t short_day[] = {480, 720};
    for (int w = 1; w <= 4; w++)
        set_day(&ww.days[w], 1, short_day);
    d.nexceptions = 0;
    c = compile(&d, 1, 0);
    int64_t n = 0;
    for (int64_t k = ww.first_day; k <= ww.last_day; k++)
        n += keel_weekday(k) >= 1 && keel_weekday(k) <= 4;
    ck_assert_int_eq(c.ndays, n);
    ck_assert_int_eq(c.nspans, n);
    ck_assert(!keel_calendar_same(&c, &s));
}
END_TEST

START_TEST(canonical_intersections)
{
    /* Intersection is commutative and associative on the stored form, and a
     * calendar intersected with itself or with an identical copy is itself. */
    keel_calendar_def defs[2];
    keel_exception ny, vac;
    resource_defs(defs, &ny, &vac);
    keel_calendar base = compile(defs, 2, 0), res = compile(defs, 2, 1), bird = early_bird(),
                  night = night_shift(), ab, ba, abc, bc, a_bc, self;
    keel_error err = {0};
    ck_assert_int_eq(keel_calendar_intersect(&res, &bird, arena, &ab, &err), KEEL_OK);
    ck_assert_int_eq(keel_calendar_intersect(&bird, &res, arena, &ba, &err), KEEL_OK);
    ck_assert(keel_calendar_same(&ab, &ba));
    ck_assert(keel_calendar_hash(&ab) == keel_calendar_hash(&ba));
    ck_assert_int_eq(keel_calendar_intersect(&ab, &base, arena, &abc, &err), KEEL_OK);
    ck_assert_int_eq(keel_calendar_intersect(&bird, &base, arena, &bc, &err), KEEL_OK);
    ck_assert_int_eq(keel_calendar_intersect(&res, &bc, arena, &a_bc, &err), KEEL_OK);
    ck_assert(keel_calendar_same(&abc, &a_bc));
    ck_assert_int_eq(keel_calendar_intersect(&res, &res, arena, &self, &err), KEEL_OK);
    ck_assert(keel_calendar_same(&self, &res));
    ck_assert(!keel_calendar_same(&self, &base));
    /* The vacation's Saturday is no longer exceptional once Saturdays are off:
     * the intersection with Standard keeps only weekday differences. */
    ck_assert_int_eq(keel_calendar_intersect(&res, &base, arena, &self, &err), KEEL_OK);
    ck_assert(keel_calendar_same(&self, &(keel_calendar){0}) == false);
    ck_assert_int_eq(self.ndays, 6); /* New Year's Day and the vacation week */
    ck_assert_int_eq(keel_calendar_intersect(&night, &night, arena, &self, &err), KEEL_OK);
    ck_assert(keel_calendar_same(&self, &night));
    ck_assert(keel_calendar_same(keel_calendar_continuous(), keel_calendar_continuous()));
    ck_assert(!keel_calendar_same(keel_calendar_continuous(), &night));
}
END_TEST

/* Definitions with n exceptions (overlapping at times) and n / 8 + 1 disjoint
 * work weeks over [day0, day0 + span). */
static void scattered_def(keel_calendar_def *d, const char *name, int base, int64_t day0,
                          int span, int n, keel_exception *exc, keel_work_week *ww,
                          uint64_t *seed)
{
    init_def(d, name, base + 2, base);
    for (int w = 0; w < 7; w++)
        random_day(&d->week[w], seed);
    if (base < 0) set_day(&d->week[1], 2, office); /* some working time every week */
    d->nexceptions = n;
    d->exceptions = exc;
    for (int i = 0; i < n; i++) {
        exc[i].first_day = day0 + (int64_t)(next_random(seed) % (uint64_t)span);
        exc[i].last_day = exc[i].first_day + (int64_t)(next_random(seed) % 3);
        random_day(&exc[i].day, seed);
        exc[i].day.set = true;
    }
    d->nweeks = n / 8 + 1;
    d->weeks = ww;
    int slot = span / d->nweeks; /* MS Project's work weeks do not overlap */
    for (int i = 0; i < d->nweeks; i++) {
        ww[i].first_day = day0 + i * slot + (int64_t)(next_random(seed) % (uint64_t)(slot / 2));
        ww[i].last_day = ww[i].first_day + (int64_t)(next_random(seed) % (uint64_t)(slot / 2));
        for (int w = 0; w < 7; w++)
            random_day(&ww[i].days[w], seed);
    }
}

/* Working minutes of the naive reading, as a prefix count over a window. */
typedef struct brute_window {
    keel_time t0;
    int64_t n;     /* minutes */
    int32_t *pre;  /* pre[m] = working minutes in [t0, t0 + m), n + 1 entries */
} brute_window;

static brute_window brute_prefix(const keel_calendar_def *const *chain_defs, int nchain,
                                 const keel_calendar_def *defs, keel_time t0, int64_t n)
{
    brute_window b = {.t0 = t0, .n = n, .pre = malloc((size_t)(n + 1) * sizeof(int32_t))};
    ck_assert_ptr_nonnull(b.pre);
    b.pre[0] = 0;
    for (int64_t m = 0; m < n; m++) {
        bool w = true;
        for (int k = 0; k < nchain; k++)
            w = w && brute_working(defs, (int)(chain_defs[k] - defs), t0 + m);
        b.pre[m + 1] = b.pre[m] + w;
    }
    return b;
}

typedef struct interval_check {
    const brute_window *b;
    keel_time last_to;
    int64_t total;
} interval_check;

/* Each interval is working throughout, maximal inside the window, in order. */
static bool check_interval(keel_time from, keel_time to, void *ctx)
{
    interval_check *x = ctx;
    const brute_window *b = x->b;
    int64_t f = from - b->t0, t = to - b->t0;
    expect(f >= 0 && t <= b->n && f < t && from > x->last_to);
    expect_eq(b->pre[t] - b->pre[f], t - f);
    if (f > 0) expect_eq(b->pre[f] - b->pre[f - 1], 0);
    if (t < b->n) expect_eq(b->pre[t + 1] - b->pre[t], 0);
    x->last_to = to;
    x->total += t - f;
    return true;
}

/* Everything c answers inside the window, against the naive prefix counts:
 * W at every minute, add_work and sub_work (exact and minimal) from sampled
 * instants, next_work, prev_work_end and the intervals. */
static void check_against(const keel_calendar *c, const brute_window *b, uint64_t seed)
{
    keel_time t0 = b->t0;
    for (int64_t m = 0; m <= b->n; m++)
        if (keel_calendar_work_between(c, t0, t0 + m) != b->pre[m])
            ck_abort_msg("%s: W(%lld) - W(%lld) = %lld, want %lld", c->name,
                         (long long)(t0 + m), (long long)t0,
                         (long long)keel_calendar_work_between(c, t0, t0 + m),
                         (long long)b->pre[m]);
    for (int i = 0; i < 4000; i++) {
        int64_t m = (int64_t)(next_random(&seed) % (uint64_t)b->n);
        int64_t left = b->pre[b->n] - b->pre[m];
        if (left > 0) { /* add_work within the window: the first e reaching w */
            int64_t w = 1 + (int64_t)(next_random(&seed) % (uint64_t)left);
            int64_t lo = m, hi = b->n;
            while (lo < hi) {
                int64_t mid = lo + (hi - lo) / 2;
                if (b->pre[mid] - b->pre[m] >= w)
                    hi = mid;
                else
                    lo = mid + 1;
            }
            expect_eq(keel_calendar_add_work(c, t0 + m, w), t0 + lo);
            expect(keel_calendar_sub_work(c, t0 + lo, w) >= t0 + m);
            expect_eq(keel_calendar_next_work(c, t0 + m),
                      keel_calendar_add_work(c, t0 + m, 1) - 1);
        }
        if (b->pre[m] > 0) { /* sub_work: the last s with w minutes before m */
            int64_t w = 1 + (int64_t)(next_random(&seed) % (uint64_t)b->pre[m]);
            int64_t lo = 0, hi = m;
            while (lo < hi) {
                int64_t mid = lo + (hi - lo + 1) / 2;
                if (b->pre[m] - b->pre[mid] >= w)
                    lo = mid;
                else
                    hi = mid - 1;
            }
            expect_eq(keel_calendar_sub_work(c, t0 + m, w), t0 + lo);
            expect_eq(keel_calendar_add_work(c, t0 + m, -w), t0 + lo);
            int64_t p = m;
            while (p > 0 && b->pre[p] == b->pre[p - 1])
                p--;
            if (p > 0) expect_eq(keel_calendar_prev_work_end(c, t0 + m), t0 + p);
        }
    }
    interval_check x = {.b = b, .last_to = INT64_MIN};
    keel_calendar_each_interval(c, t0, t0 + b->n, check_interval, &x);
    expect_eq(x.total, b->pre[b->n]);
}

START_TEST(scattered_exceptions_match_brute_force)
{
    /* Three levels (base, derived, derived from derived) and an unrelated
     * calendar, each with dozens of exceptions and several work weeks over a
     * year; every compiled calendar and the intersections, minute by minute. */
    uint64_t seed = 7;
    enum { SPAN = 400, NEXC = 48 };
    for (int round = 0; round < 3; round++) {
        keel_calendar_def defs[4];
        static keel_exception exc[4][NEXC];
        static keel_work_week ww[4][NEXC / 8 + 1];
        int64_t day0 = D("2024-01-01") - 40000 + (int64_t)(next_random(&seed) % 80000);
        scattered_def(&defs[0], "Base", -1, day0, SPAN, NEXC, exc[0], ww[0], &seed);
        scattered_def(&defs[1], "Derived", 0, day0, SPAN, NEXC, exc[1], ww[1], &seed);
        scattered_def(&defs[2], "Grandchild", 1, day0, SPAN, NEXC, exc[2], ww[2], &seed);
        scattered_def(&defs[3], "Other", -1, day0, SPAN, NEXC, exc[3], ww[3], &seed);
        keel_calendar c[4];
        for (int i = 0; i < 4; i++)
            c[i] = compile(defs, 4, i);
        /* The window has regular weeks on both sides of the exceptions. */
        keel_time t0 = (day0 - 50) * 1440;
        int64_t n = (int64_t)(SPAN + 100) * 1440;
        for (int i = 0; i < 4; i++) {
            const keel_calendar_def *one[1] = {&defs[i]};
            brute_window b = brute_prefix(one, 1, defs, t0, n);
            ck_assert_msg(c[i].ndays <= SPAN + 50, "%d days stored", c[i].ndays);
            check_against(&c[i], &b, seed + (uint64_t)i);
            free(b.pre);
        }
        keel_calendar x, y;
        keel_error err = {0};
        keel_status st1 = keel_calendar_intersect(&c[2], &c[3], arena, &x, &err);
        keel_status st2 =
            st1 == KEEL_OK ? keel_calendar_intersect(&x, &c[0], arena, &y, &err) : st1;
        if (st1 == KEEL_OK) {
            const keel_calendar_def *two[2] = {&defs[2], &defs[3]};
            brute_window b = brute_prefix(two, 2, defs, t0, n);
            check_against(&x, &b, seed + 10);
            free(b.pre);
        }
        if (st2 == KEEL_OK) {
            const keel_calendar_def *three[3] = {&defs[2], &defs[3], &defs[0]};
            brute_window b = brute_prefix(three, 3, defs, t0, n);
            check_against(&y, &b, seed + 11);
            free(b.pre);
        }
    }
}
END_TEST

START_TEST(random_add_work)
{
    keel_calendar_def defs[2];
    keel_exception ny, vac;
    resource_defs(defs, &ny, &vac);
    keel_calendar res = compile(defs, 2, 1), night = night_shift(), s = standard(), x,
                  bird = early_bird();
    keel_error err = {0};
    ck_assert_int_eq(keel_calendar_intersect(&res, &bird, arena, &x, &err), KEEL_OK);
    check_random(&res, 1);
    check_random(&night, 2);
    check_random(&s, 3);
    check_random(&x, 4);
    check_random(keel_calendar_continuous(), 5);
}
END_TEST

Suite *suite_calendar(void)
{
    Suite *s = suite_create("calendar");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, start_at_five_pm);
    tcase_add_test(tc, holiday_inside_task);
    tcase_add_test(tc, derived_vacation);
    tcase_add_test(tc, base_exception_beats_derived_week);
    tcase_add_test(tc, night_shift_across_midnight);
    tcase_add_test(tc, twenty_four_hours);
    tcase_add_test(tc, continuous_and_elapsed_lag);
    tcase_add_test(tc, negative_lags);
    tcase_add_test(tc, summer_work_week);
    tcase_add_test(tc, working_saturday);
    tcase_add_test(tc, before_1984_and_2100);
    tcase_add_test(tc, intersection);
    tcase_add_test(tc, intersection_empty);
    tcase_add_test(tc, consistency);
    tcase_add_test(tc, no_working_time);
    tcase_add_test(tc, base_chain_loop);
    tcase_add_test(tc, invalid_hours);
    tcase_add_test(tc, random_add_work);
    tcase_add_test(tc, random_calendars_match_brute_force);
    tcase_add_test(tc, sparse_exceptional_days);
    tcase_add_test(tc, canonical_intersections);
    tcase_add_test(tc, scattered_exceptions_match_brute_force);
    suite_add_tcase(s, tc);
    return s;
}
