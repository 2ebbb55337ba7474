/* SPDX-License-Identifier: GPL-3.0-or-later
 * Calendars: working time on the keel timeline (minutes since 1984-01-01 00:00,
 * a Sunday, so day d has weekday d % 7 with 0 = Sunday as in MSPDI's DayType-1).
 *
 * A calendar is defined by a weekly pattern, optional work weeks (a different
 * pattern for a range of days) and exceptions (days with their own hours, or
 * none), inheriting day by day from a base calendar. keel_calendar_compile
 * turns a definition into a compiled calendar: the weekly pattern repeated
 * forever, and the days whose hours differ from it (from exceptions and work
 * weeks) with their own hours. All arithmetic goes through the cumulative
 * working time W(t) (working minutes from an arbitrary origin to t), so every
 * query is a binary search and exact at any distance.
 *
 * Conventions (these decide the dates users see):
 * - add_work(t, w), w > 0: the earliest e with work(t, e) = w, so a task ends
 *   at the end of its last working interval (17:00), not at the next start.
 * - next_work(t): the first working instant >= t (a task starting at 17:00 on
 *   an 08:00-17:00 day starts at 08:00 the next working day).
 * - sub_work(t, w), w > 0: the latest s with work(s, t) = w.
 *
 * Which hours a day has (MS Project's rules): an exception anywhere in the base
 * chain, the most derived one first (a base calendar's holidays apply to the
 * calendars derived from it); otherwise, level by level from the most derived,
 * the day of a work week covering it, then the calendar's own weekday, each when
 * set. A day no level sets has no working time.
 */
#ifndef KEEL_CALENDAR_H
#define KEEL_CALENDAR_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "keel.h"

#define KEEL_MINUTES_PER_DAY 1440
#define KEEL_MINUTES_PER_WEEK 10080
#define KEEL_MAX_SPANS 8

/* Working hours of one day: spans [from, to) in minutes after midnight,
 * 0 <= from < to <= 1440, sorted, not overlapping. */
typedef struct keel_day {
    bool set;     /* false: inherit this day from the base calendar */
    bool working; /* false: no working time that day (nspans 0) */
    int nspans;
    struct {
        int32_t from, to; /* minutes after midnight */
    } spans[KEEL_MAX_SPANS];
} keel_day;

/* A work week: `days` apply to days first_day..last_day (day numbers since the
 * epoch, inclusive) instead of the calendar's own week. */
typedef struct keel_work_week {
    int64_t first_day, last_day; /* days since 1984-01-01 */
    keel_day days[7];            /* index 0 = Sunday */
} keel_work_week;

/* An exception: days first_day..last_day (inclusive) have `day` as their hours.
 * Recurring exceptions are expanded by the reader into one entry per occurrence. */
typedef struct keel_exception {
    int64_t first_day, last_day; /* days since 1984-01-01 */
    keel_day day;                /* day.set is true */
} keel_exception;

/* A calendar as defined in the input. Index-based so that it can sit in the
 * portfolio arena; base is an index into the same definition array or -1. */
typedef struct keel_calendar_def {
    const char *name;
    int32_t uid;         /* MSPDI UID, or -1 */
    int base;            /* index of the base calendar definition, -1 for a base */
    keel_day week[7];    /* index 0 = Sunday; unset days inherit from base */
    int nweeks;
    keel_work_week *weeks;
    int nexceptions;
    keel_exception *exceptions;
    int line;            /* source line, 0 if none */
    const char *file;    /* the file it was read from, NULL if none */
} keel_calendar_def;

/* One exceptional day of a compiled calendar: a day whose working hours differ
 * from the weekly pattern. W is the cumulative working time (calendar.c). */
typedef struct keel_cal_day {
    int64_t day;    /* days since 1984-01-01 */
    int64_t wstart; /* W at 00:00 of this day */
    int64_t shift;  /* W minus the pattern's W on the regular days after this one */
    int32_t first;  /* its hours: spans[first .. first + nspans) of the calendar */
    int32_t nspans;
} keel_cal_day;

/* Working minutes [from, to) after midnight, 0 <= from < to <= 1440. */
typedef struct keel_cal_span {
    int32_t from, to;
} keel_cal_span;

/* A compiled calendar. Immutable after compilation; shared read-only (two
 * calendars may share their arrays). Its memory is proportional to its
 * exceptional days, not to the dates they span. */
typedef struct keel_calendar {
    const char *name;
    bool continuous;      /* always working: every minute (period) counts */
    /* The weekly pattern: intervals within one week starting Sunday 00:00,
     * merged; wcum[i] = working minutes in intervals 0..i-1 (nweek + 1 entries). */
    int nweek;
    int32_t *wfrom, *wto;
    int64_t *wcum;
    int64_t week_work;    /* working minutes per week, > 0 unless continuous */
    /* Exactly the days whose hours differ from the pattern's (from exceptions
     * and work weeks through the base chain), ascending, each with its sorted
     * spans, merged where they touch. */
    int ndays;
    keel_cal_day *days;
    int nspans;
    keel_cal_span *spans;
    /* Buckets over the exceptional days, so that the SGS's lookups take a
     * step instead of a binary search over years of holidays (derived from
     * days; nbuckets 0 = none): by_day[k] is the first exceptional day on or
     * after the week week0 + k, by_work[k] the first whose wstart is at least
     * work0 + k * week_work; both end with ndays at [nbuckets]. */
    int nbuckets;
    int64_t week0, work0;
    int32_t *by_day, *by_work;
} keel_calendar;

/* The continuous calendar (research instances, and as a neutral element). */
const keel_calendar *keel_calendar_continuous(void);

/* Compiles definition `index` of defs (resolving its base chain) into *out,
 * allocating from arena. Fails with KEEL_ERR_PARSE when the calendar has no
 * working time in its weekly pattern (even if exceptions or work weeks add
 * some), its base chain loops or names a missing calendar, a day's spans are
 * unsorted or outside the day, or its exceptions and work weeks span more than
 * 400 years; KEEL_ERR_INVALID for a bad index; KEEL_ERR_NOMEM. file names the
 * source for the message. On failure *out is unchanged. */
keel_status keel_calendar_compile(const keel_calendar_def *defs, int ndefs, int index,
                                  keel_arena *arena, const char *file,
                                  keel_calendar *out, keel_error *err);

/* Compiles the intersection of calendars a and b (working where both work),
 * named "A & B", into *out, allocating from arena (nothing is shared with a or
 * b). Fails with KEEL_ERR_PARSE when the intersection has no weekly working
 * time, or KEEL_ERR_NOMEM; *out is then unchanged. */
keel_status keel_calendar_intersect(const keel_calendar *a, const keel_calendar *b,
                                    keel_arena *arena, keel_calendar *out, keel_error *err);

/* Times and amounts of work must stay below 2^50 in magnitude.
 * Working minutes in [a, b); negative when b < a; 0 when either is
 * KEEL_TIME_NONE (a project without tasks or dates). Cannot fail. */
int64_t keel_calendar_work_between(const keel_calendar *c, keel_time a, keel_time b);
/* w >= 0: earliest e >= t with work(t, e) == w (add_work(t, 0) == t).
 * w < 0: sub_work(t, -w). Cannot fail. */
keel_time keel_calendar_add_work(const keel_calendar *c, keel_time t, int64_t w);
/* w >= 0: latest s <= t with work(s, t) == w (sub_work(t, 0) == t). */
keel_time keel_calendar_sub_work(const keel_calendar *c, keel_time t, int64_t w);
/* First working instant >= t. */
keel_time keel_calendar_next_work(const keel_calendar *c, keel_time t);
/* w > 0: the first working instant s >= t (next_work) and, in *finish, the
 * finish of w working minutes from s (add_work(s, w)), in one lookup of t. */
keel_time keel_calendar_start_finish(const keel_calendar *c, keel_time t, int64_t w,
                                     keel_time *finish);
/* w > 0: the latest instant f <= t that ends a working minute
 * (prev_work_end) and, in *start, the latest start of w working minutes
 * ending at f (sub_work(f, w)), in one lookup of t. */
keel_time keel_calendar_finish_start(const keel_calendar *c, keel_time t, int64_t w,
                                     keel_time *start);
/* Latest instant <= t that ends a working minute (t itself when the minute
 * before t is working). */
keel_time keel_calendar_prev_work_end(const keel_calendar *c, keel_time t);
/* True when the minute [t, t+1) is working time. */
bool keel_calendar_is_working(const keel_calendar *c, keel_time t);
/* Calls fn(from, to, ctx) for each working interval overlapping [a, b), clipped
 * to it, in order; stops early when fn returns false. Touching pieces are
 * merged (a night shift across midnight is one interval). Time is linear in the
 * number of intervals visited. */
void keel_calendar_each_interval(const keel_calendar *c, keel_time a, keel_time b,
                                 bool (*fn)(keel_time from, keel_time to, void *ctx),
                                 void *ctx);

/* Whether a and b have the same working time everywhere (names aside), and a
 * hash consistent with it: compiled calendars are canonical, so equal working
 * time means equal contents. */
bool keel_calendar_same(const keel_calendar *a, const keel_calendar *b);
uint64_t keel_calendar_hash(const keel_calendar *c);

#endif
