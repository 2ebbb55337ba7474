/* SPDX-License-Identifier: GPL-3.0-or-later
 * Calendars (see calendar.h): compilation of MSPDI-style definitions into a
 * weekly pattern plus the days that differ from it, and exact arithmetic
 * through the cumulative working time W(t). Invariant: W is monotone, rises by
 * at most 1 per minute, and is the pattern's periodic W (floor division by the
 * week, so times before 1984 work too) plus a correction that changes only
 * across exceptional days:
 *   - before the first exceptional day, W = periodic W;
 *   - on exceptional day i, W = wstart[i] + the day's own work so far;
 *   - on the regular days after day i (up to the next exceptional day),
 *     W = periodic W + shift[i].
 * Every query is one evaluation of W or of its inverse, each a binary search
 * over the exceptional days and one over the week. Compiled calendars are
 * canonical: an exceptional day is stored only when its hours differ from the
 * pattern's, and spans are merged, so equal working time means equal arrays.
 */
#include "model/calendar.h"

#include <stdio.h>
#include <string.h>

#include "base/error.h"
#include "base/timefmt.h"
#include "base/vec.h"

#define WEEK KEEL_MINUTES_PER_WEEK
#define DAY KEEL_MINUTES_PER_DAY
/* Exceptions and work weeks may span at most this many days (400 years). */
#define MAX_REGION_DAYS (400 * 366)
/* Day numbers beyond this are rejected, which keeps times far inside int64. */
#define MAX_ABS_DAY 100000000
/* Merged spans within one day are separated by at least a minute. */
#define MAX_DAY_SPANS (DAY / 2)

/* ---------------------------------------------------------------------------
 * Cumulative working time and its inverse
 */

static int64_t floordiv(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && a < 0) ? q - 1 : q;
}

/* Working minutes of the weekly pattern in [0, r), 0 <= r <= WEEK. */
static int64_t week_prefix(const keel_calendar *c, int64_t r)
{
    int lo = 0, hi = c->nweek; /* lo = number of intervals with from <= r */
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (c->wfrom[mid] <= r)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0) return 0;
    int j = lo - 1;
    return c->wcum[j] + (r < c->wto[j] ? r : c->wto[j]) - c->wfrom[j];
}

static int64_t periodic_w(const keel_calendar *c, keel_time t)
{
    int64_t q = floordiv(t, WEEK);
    return q * c->week_work + week_prefix(c, t - q * WEEK);
}

/* Working minutes of exceptional day d in [0, m) after its midnight. */
static int64_t day_prefix(const keel_calendar *c, const keel_cal_day *d, int64_t m)
{
    int64_t w = 0;
    for (int i = 0; i < d->nspans; i++) {
        const keel_cal_span *s = &c->spans[d->first + i];
        if (s->from >= m) break;
        w += (m < s->to ? m : s->to) - s->from;
    }
    return w;
}

/* The range [*lo, *hi) of exceptional days that bucket k of `by` narrows a
 * search to (k clipped to the buckets); false without buckets. */
static bool bucket_range(const keel_calendar *c, const int32_t *by, int64_t k, int *lo,
                         int *hi)
{
    if (c->nbuckets == 0)
        return false;
    if (k < 0) {
        *lo = 0;
        *hi = by[0];
    } else {
        k = k < c->nbuckets ? k : c->nbuckets - 1;
        *lo = by[k];
        *hi = k + 1 < c->nbuckets ? by[k + 1] : c->ndays;
    }
    return true;
}

/* Index of the last exceptional day <= day, or -1. */
static int find_day(const keel_calendar *c, int64_t day)
{
    int lo = 0, hi = c->ndays;
    bucket_range(c, c->by_day, floordiv(day, 7) - c->week0, &lo, &hi);
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (c->days[mid].day <= day)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo - 1;
}

static int64_t cum_work(const keel_calendar *c, keel_time t)
{
    if (c->continuous) return t;
    if (c->ndays == 0) return periodic_w(c, t);
    int64_t day = floordiv(t, DAY);
    int i = find_day(c, day);
    if (i < 0) return periodic_w(c, t);
    const keel_cal_day *d = &c->days[i];
    if (d->day == day) return d->wstart + day_prefix(c, d, t - day * DAY);
    return periodic_w(c, t) + d->shift;
}

/* Smallest index j with cum[j + 1] >= k (the interval holding the k-th minute). */
static int find_minute(const int64_t *cum, int n, int64_t k)
{
    int lo = 0, hi = n - 1;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (cum[mid + 1] >= k)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

/* Smallest e with periodic W(e) == v: the end of the v-th working minute. */
static keel_time periodic_inverse(const keel_calendar *c, int64_t v)
{
    int64_t q = floordiv(v - 1, c->week_work);
    int64_t k = v - q * c->week_work; /* 1..week_work */
    int j = find_minute(c->wcum, c->nweek, k);
    return q * WEEK + c->wfrom[j] + (k - c->wcum[j]);
}

/* Smallest e with W(e) == v. The v-th working minute lies after the start of
 * the last exceptional day i with wstart[i] < v (before every exceptional day
 * when there is none), and no later than the start of day i + 1, whose wstart
 * is >= v: so it is within day i, or in the regular stretch after it, where W
 * is the periodic W shifted and the periodic inverse cannot pass day i + 1. */
static keel_time inverse(const keel_calendar *c, int64_t v)
{
    if (c->continuous) return v;
    int lo = 0, hi = c->ndays;
    bucket_range(c, c->by_work, floordiv(v - 1 - c->work0, c->week_work), &lo, &hi);
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (c->days[mid].wstart < v)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0) return periodic_inverse(c, v);
    const keel_cal_day *d = &c->days[lo - 1];
    int64_t k = v - d->wstart; /* >= 1 */
    for (int i = 0; i < d->nspans; i++) {
        const keel_cal_span *s = &c->spans[d->first + i];
        if (k <= s->to - s->from) return d->day * DAY + s->from + k;
        k -= s->to - s->from;
    }
    return periodic_inverse(c, v - d->shift);
}

int64_t keel_calendar_work_between(const keel_calendar *c, keel_time a, keel_time b)
{
    if (a == KEEL_TIME_NONE || b == KEEL_TIME_NONE) /* a project without dates */
        return 0;
    return cum_work(c, b) - cum_work(c, a);
}

keel_time keel_calendar_add_work(const keel_calendar *c, keel_time t, int64_t w)
{
    if (w == 0) return t;
    if (w < 0) return keel_calendar_sub_work(c, t, -w);
    return inverse(c, cum_work(c, t) + w);
}

/* The latest s with W(s) == W(t) - w starts the minute that brings W back up,
 * so it is one before the end of the (W(t) - w + 1)-th working minute. */
keel_time keel_calendar_sub_work(const keel_calendar *c, keel_time t, int64_t w)
{
    if (w == 0) return t;
    if (w < 0) return keel_calendar_add_work(c, t, -w);
    return inverse(c, cum_work(c, t) - w + 1) - 1;
}

keel_time keel_calendar_next_work(const keel_calendar *c, keel_time t)
{
    return inverse(c, cum_work(c, t) + 1) - 1;
}

keel_time keel_calendar_prev_work_end(const keel_calendar *c, keel_time t)
{
    return inverse(c, cum_work(c, t));
}

/* next_work(t) ends no working minute before it, so W(next_work(t)) = W(t). */
keel_time keel_calendar_start_finish(const keel_calendar *c, keel_time t, int64_t w,
                                     keel_time *finish)
{
    int64_t v = cum_work(c, t);
    *finish = inverse(c, v + w);
    return inverse(c, v + 1) - 1;
}

/* prev_work_end(t) starts no working minute after it: W of it = W(t). */
keel_time keel_calendar_finish_start(const keel_calendar *c, keel_time t, int64_t w,
                                     keel_time *start)
{
    int64_t v = cum_work(c, t);
    *start = inverse(c, v - w + 1) - 1;
    return inverse(c, v);
}

bool keel_calendar_is_working(const keel_calendar *c, keel_time t)
{
    return cum_work(c, t + 1) > cum_work(c, t);
}

/* ---------------------------------------------------------------------------
 * Interval iteration: pieces are merged where they touch (midnight, the week
 * wrap, the edges of exceptional days), so a night shift is one interval.
 */

typedef struct emitter {
    bool (*fn)(keel_time from, keel_time to, void *ctx);
    void *ctx;
    keel_time from, to;
    bool have, stop;
} emitter;

static void emit(emitter *e, keel_time from, keel_time to)
{
    if (e->stop || from >= to) return;
    if (e->have && e->to == from) {
        e->to = to;
        return;
    }
    if (e->have && !e->fn(e->from, e->to, e->ctx)) {
        e->stop = true;
        return;
    }
    e->from = from;
    e->to = to;
    e->have = true;
}

static void emit_clipped(emitter *e, keel_time from, keel_time to, keel_time a,
                         keel_time b)
{
    emit(e, from > a ? from : a, to < b ? to : b);
}

/* The weekly pattern's intervals over [a, b). */
static void emit_periodic(const keel_calendar *c, emitter *e, keel_time a, keel_time b)
{
    if (a >= b) return;
    int64_t q = floordiv(a, WEEK);
    int lo = 0, hi = c->nweek; /* first interval of a's week ending after a */
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (q * WEEK + c->wto[mid] <= a)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (; q * WEEK < b && !e->stop; q++, lo = 0)
        for (int i = lo; i < c->nweek && q * WEEK + c->wfrom[i] < b; i++)
            emit_clipped(e, q * WEEK + c->wfrom[i], q * WEEK + c->wto[i], a, b);
}

void keel_calendar_each_interval(const keel_calendar *c, keel_time a, keel_time b,
                                 bool (*fn)(keel_time from, keel_time to, void *ctx),
                                 void *ctx)
{
    emitter e = {.fn = fn, .ctx = ctx};
    if (c->continuous) {
        emit(&e, a, b);
    } else if (a < b) {
        int64_t day = floordiv(a, DAY);
        int i = find_day(c, day);
        if (i < 0 || c->days[i].day < day) i++; /* first exceptional day >= a's */
        keel_time cur = a;
        while (cur < b && !e.stop) {
            keel_time next = i < c->ndays ? c->days[i].day * DAY : b;
            if (next > b) next = b;
            emit_periodic(c, &e, cur, next);
            if (next >= b) break;
            const keel_cal_day *d = &c->days[i++];
            for (int k = 0; k < d->nspans && !e.stop; k++)
                emit_clipped(&e, next + c->spans[d->first + k].from,
                             next + c->spans[d->first + k].to, a, b);
            cur = next + DAY;
        }
    }
    if (e.have && !e.stop) fn(e.from, e.to, ctx);
}

/* ---------------------------------------------------------------------------
 * Equality and hashing (compiled calendars are canonical)
 */

bool keel_calendar_same(const keel_calendar *a, const keel_calendar *b)
{
    if (a->continuous || b->continuous) return a->continuous == b->continuous;
    if (a->nweek != b->nweek || a->ndays != b->ndays || a->nspans != b->nspans)
        return false;
    size_t nw = (size_t)a->nweek, nd = (size_t)a->ndays, ns = (size_t)a->nspans;
    if ((nw && (memcmp(a->wfrom, b->wfrom, nw * sizeof *a->wfrom) != 0 ||
                memcmp(a->wto, b->wto, nw * sizeof *a->wto) != 0)) ||
        (ns && memcmp(a->spans, b->spans, ns * sizeof *a->spans) != 0))
        return false;
    for (size_t i = 0; i < nd; i++)
        if (a->days[i].day != b->days[i].day || a->days[i].nspans != b->days[i].nspans)
            return false;
    return true;
}

static uint64_t mix(uint64_t h, int64_t x)
{
    h ^= (uint64_t)x + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
    return h * 0xff51afd7ed558ccdULL;
}

uint64_t keel_calendar_hash(const keel_calendar *c)
{
    if (c->continuous) return 1;
    uint64_t h = mix(0, c->nweek);
    for (int i = 0; i < c->nweek; i++)
        h = mix(mix(h, c->wfrom[i]), c->wto[i]);
    h = mix(h, c->ndays);
    for (int i = 0; i < c->ndays; i++)
        h = mix(mix(h, c->days[i].day), c->days[i].nspans);
    for (int i = 0; i < c->nspans; i++)
        h = mix(mix(h, c->spans[i].from), c->spans[i].to);
    return h ? h : 2;
}

/* ---------------------------------------------------------------------------
 * The continuous calendar
 */

static const int32_t whole_from[1] = {0}, whole_to[1] = {WEEK};
static const int64_t whole_cum[2] = {0, WEEK};

const keel_calendar *keel_calendar_continuous(void)
{
    /* The casts drop const only to fit the struct; nothing writes through them. */
    static const keel_calendar continuous = {
        .name = "continuous",
        .continuous = true,
        .nweek = 1,
        .wfrom = (int32_t *)whole_from,
        .wto = (int32_t *)whole_to,
        .wcum = (int64_t *)whole_cum,
        .week_work = WEEK,
    };
    return &continuous;
}

/* ---------------------------------------------------------------------------
 * Building: one day's hours, the weekly pattern, the exceptional days
 */

/* Sorted, merged spans of one day. */
typedef struct day_hours {
    int n;
    keel_cal_span s[MAX_DAY_SPANS];
} day_hours;

/* Appends [from, to) (arriving sorted), merging with the last span when they
 * touch. */
static void hours_push(day_hours *h, int32_t from, int32_t to)
{
    if (from >= to) return;
    if (h->n && h->s[h->n - 1].to == from) {
        h->s[h->n - 1].to = to;
        return;
    }
    h->s[h->n].from = from;
    h->s[h->n++].to = to;
}

/* The hours of a definition's day (NULL: no working time). */
static void hours_of_def(const keel_day *d, day_hours *h)
{
    h->n = 0;
    if (!d || !d->working) return;
    for (int i = 0; i < d->nspans; i++)
        hours_push(h, d->spans[i].from, d->spans[i].to);
}

/* The pattern's hours on weekday wd. */
static void pattern_hours(const keel_calendar *c, int wd, day_hours *h)
{
    int32_t d0 = wd * DAY;
    h->n = 0;
    for (int i = 0; i < c->nweek; i++) {
        int32_t f = c->wfrom[i] > d0 ? c->wfrom[i] : d0;
        int32_t t = c->wto[i] < d0 + DAY ? c->wto[i] : d0 + DAY;
        hours_push(h, f - d0, t - d0);
    }
}

/* The hours of calendar c on day `day`. */
static void calendar_hours(const keel_calendar *c, int64_t day, int idx, day_hours *h)
{
    if (c->continuous) {
        h->n = 1;
        h->s[0].from = 0;
        h->s[0].to = DAY;
        return;
    }
    if (idx >= 0 && idx < c->ndays && c->days[idx].day == day) {
        const keel_cal_day *d = &c->days[idx];
        h->n = d->nspans;
        if (d->nspans) memcpy(h->s, &c->spans[d->first], (size_t)d->nspans * sizeof *h->s);
        return;
    }
    pattern_hours(c, keel_weekday(day), h);
}

static bool hours_equal(const day_hours *x, const day_hours *y)
{
    return x->n == y->n && memcmp(x->s, y->s, (size_t)x->n * sizeof *x->s) == 0;
}

static void hours_intersect(const day_hours *x, const day_hours *y, day_hours *out)
{
    int i = 0, j = 0;
    out->n = 0;
    while (i < x->n && j < y->n) {
        int32_t f = x->s[i].from > y->s[j].from ? x->s[i].from : y->s[j].from;
        int32_t t = x->s[i].to < y->s[j].to ? x->s[i].to : y->s[j].to;
        hours_push(out, f, t);
        if (x->s[i].to < y->s[j].to)
            i++;
        else
            j++;
    }
}

/* Exceptional days under construction (malloc'd; copied into the arena). */
typedef struct day_list {
    KEEL_VEC(keel_cal_day) days;
    KEEL_VEC(keel_cal_span) spans;
} day_list;

static void day_list_free(day_list *l)
{
    KEEL_VEC_FREE(&l->days);
    KEEL_VEC_FREE(&l->spans);
}

/* Appends day `day` with hours h (days arrive ascending). False when out of
 * memory. */
static bool day_list_push(day_list *l, int64_t day, const day_hours *h)
{
    keel_cal_day d = {.day = day, .first = (int32_t)l->spans.len, .nspans = h->n};
    if (!KEEL_VEC_RESERVE(&l->spans, l->spans.len + (size_t)h->n)) return false;
    if (l->spans.len + (size_t)h->n > INT32_MAX) return false;
    if (h->n) memcpy(l->spans.data + l->spans.len, h->s, (size_t)h->n * sizeof *h->s);
    l->spans.len += (size_t)h->n;
    return KEEL_VEC_PUSH(&l->days, d);
}

/* The buckets over c's exceptional days (calendar.h): any count is correct
 * (a lookup searches the range its bucket leaves), one per week spanned is
 * fast. */
#define MAX_BUCKETS (1 << 20)

static bool store_buckets(keel_calendar *c, keel_arena *arena)
{
    c->nbuckets = 0;
    c->by_day = c->by_work = NULL;
    const keel_cal_day *d = c->days;
    int nd = c->ndays;
    if (nd == 0 || c->week_work <= 0) return true;
    c->week0 = floordiv(d[0].day, 7);
    c->work0 = d[0].wstart - 1;
    int64_t n = floordiv(d[nd - 1].day, 7) - c->week0 + 1;
    int64_t nw = floordiv(d[nd - 1].wstart - 1 - c->work0, c->week_work) + 1;
    n = nw > n ? nw : n;
    n = n < MAX_BUCKETS ? n : MAX_BUCKETS;
    c->by_day = keel_arena_alloc(arena, (size_t)n * sizeof *c->by_day);
    c->by_work = keel_arena_alloc(arena, (size_t)n * sizeof *c->by_work);
    if (!c->by_day || !c->by_work) return false;
    for (int64_t k = 0, i = 0; k < n; k++) {
        while (i < nd && d[i].day < 7 * (c->week0 + k)) i++;
        c->by_day[k] = (int32_t)i;
    }
    for (int64_t k = 0, i = 0; k < n; k++) {
        while (i < nd && d[i].wstart <= c->work0 + k * c->week_work) i++;
        c->by_work[k] = (int32_t)i;
    }
    c->nbuckets = (int)n;
    return true;
}

/* Stores the exceptional days of l in c (arena copies) and computes each day's
 * W at its start and the shift after it; c's weekly pattern must be set. */
static bool store_days(keel_calendar *c, keel_arena *arena, const day_list *l)
{
    size_t nd = l->days.len, ns = l->spans.len;
    if (nd > INT32_MAX) return false;
    c->days = keel_arena_dup(arena, l->days.data, nd, sizeof *c->days);
    c->spans = keel_arena_dup(arena, l->spans.data, ns, sizeof *c->spans);
    if (!c->days || !c->spans) return false;
    c->ndays = (int)nd;
    c->nspans = (int)ns;
    int64_t shift = 0;
    for (size_t i = 0; i < nd; i++) {
        keel_cal_day *d = &c->days[i];
        keel_time t0 = d->day * DAY;
        d->wstart = periodic_w(c, t0) + shift;
        d->shift = d->wstart + day_prefix(c, d, DAY) - periodic_w(c, t0 + DAY);
        shift = d->shift;
    }
    return store_buckets(c, arena);
}

/* Stores the weekly pattern given as merged intervals within [0, WEEK). */
static bool store_week(keel_calendar *c, keel_arena *arena, const int32_t *from,
                       const int32_t *to, int n)
{
    c->wfrom = keel_arena_dup(arena, from, (size_t)n, sizeof *c->wfrom);
    c->wto = keel_arena_dup(arena, to, (size_t)n, sizeof *c->wto);
    c->wcum = keel_arena_alloc(arena, ((size_t)n + 1) * sizeof *c->wcum);
    if (!c->wfrom || !c->wto || !c->wcum) return false;
    for (int i = 0; i < n; i++)
        c->wcum[i + 1] = c->wcum[i] + (to[i] - from[i]);
    c->nweek = n;
    c->week_work = c->wcum[n];
    return true;
}

/* Weekly intervals under construction: at most one merged span per minute
 * pair, so a fixed buffer does. */
typedef struct week_list {
    int n;
    int32_t from[WEEK / 2], to[WEEK / 2];
} week_list;

static void week_push(week_list *w, int32_t from, int32_t to)
{
    if (from >= to) return;
    if (w->n && w->to[w->n - 1] == from) {
        w->to[w->n - 1] = to;
        return;
    }
    w->from[w->n] = from;
    w->to[w->n++] = to;
}

/* A fully working week without exceptional days makes W(t) = t: use the fast
 * path. (Canonical: a full week's exceptional day would have less work.) */
static void detect_continuous(keel_calendar *c)
{
    if (c->week_work == WEEK && c->ndays == 0) c->continuous = true;
}

/* ---------------------------------------------------------------------------
 * Compiling a definition
 */

/* The compilation context: the base chain, most derived first. */
typedef struct chain {
    const keel_calendar_def *const *levels;
    int n;
    int64_t d0, d1;               /* days [d0, d1) that exceptions or work weeks touch */
    const keel_day **exc;         /* per region day: winning exception or NULL */
    const keel_work_week **weeks; /* per level and region day: work week or NULL */
} chain;

static keel_status def_error(keel_error *err, const char *file,
                             const keel_calendar_def *d, const char *problem)
{
    return keel_error_set(err, KEEL_ERR_PARSE, file, d->line, "calendar UID %d '%s': %s",
                          (int)d->uid, d->name ? d->name : "", problem);
}

/* Fills levels with the base chain of index (levels has room for ndefs). */
static keel_status collect_chain(const keel_calendar_def *defs, int ndefs, int index,
                                 const char *file, const keel_calendar_def **levels,
                                 int *n, keel_error *err)
{
    int count = 0;
    for (int i = index; i >= 0; i = defs[i].base) {
        if (count == ndefs)
            return def_error(err, file, &defs[index], "its base calendar chain loops");
        levels[count++] = &defs[i];
        if (defs[i].base >= ndefs)
            return def_error(err, file, &defs[i], "its base calendar does not exist");
    }
    *n = count;
    return KEEL_OK;
}

static bool day_valid(const keel_day *d)
{
    if (!d->set || !d->working) return true;
    if (d->nspans < 0 || d->nspans > KEEL_MAX_SPANS) return false;
    int32_t prev = 0;
    for (int i = 0; i < d->nspans; i++) {
        if (d->spans[i].from < prev || d->spans[i].to <= d->spans[i].from ||
            d->spans[i].to > DAY)
            return false;
        prev = d->spans[i].to;
    }
    return true;
}

static bool range_valid(int64_t first, int64_t last)
{
    return first >= -MAX_ABS_DAY && last <= MAX_ABS_DAY;
}

/* Checks every day of one definition: spans sorted, inside the day, dates sane. */
static keel_status validate_def(const keel_calendar_def *d, const char *file,
                                keel_error *err)
{
    bool ok = true;
    for (int w = 0; w < 7; w++)
        ok = ok && day_valid(&d->week[w]);
    for (int i = 0; i < d->nweeks; i++) {
        ok = ok && range_valid(d->weeks[i].first_day, d->weeks[i].last_day);
        for (int w = 0; w < 7; w++)
            ok = ok && day_valid(&d->weeks[i].days[w]);
    }
    for (int i = 0; i < d->nexceptions; i++) {
        ok = ok && range_valid(d->exceptions[i].first_day, d->exceptions[i].last_day);
        ok = ok && day_valid(&d->exceptions[i].day);
    }
    return ok ? KEEL_OK : def_error(err, file, d, "invalid working hours or dates");
}

/* The day's hours from the calendar's own week, through the chain; NULL (no
 * working time) when no level sets the day. */
static const keel_day *plain_day(const chain *ch, int wd)
{
    for (int l = 0; l < ch->n; l++)
        if (ch->levels[l]->week[wd].set) return &ch->levels[l]->week[wd];
    return NULL;
}

static void widen(int64_t first, int64_t last, int64_t *lo, int64_t *hi)
{
    if (first > last) return;
    *lo = first < *lo ? first : *lo;
    *hi = last > *hi ? last : *hi;
}

/* Region days: every day an exception or work week of the chain touches. */
static void find_region(chain *ch)
{
    int64_t lo = INT64_MAX, hi = INT64_MIN;
    for (int l = 0; l < ch->n; l++) {
        const keel_calendar_def *d = ch->levels[l];
        for (int i = 0; i < d->nweeks; i++)
            widen(d->weeks[i].first_day, d->weeks[i].last_day, &lo, &hi);
        for (int i = 0; i < d->nexceptions; i++)
            widen(d->exceptions[i].first_day, d->exceptions[i].last_day, &lo, &hi);
    }
    if (lo > hi) {
        ch->d0 = ch->d1 = 0;
        return;
    }
    ch->d0 = lo;
    ch->d1 = hi + 1;
}

/* Marks, for each region day, the winning exception (most derived level first,
 * then the first listed) and each level's work week. */
static void paint(chain *ch)
{
    int64_t nd = ch->d1 - ch->d0;
    for (int l = 0; l < ch->n; l++) {
        const keel_calendar_def *d = ch->levels[l];
        for (int i = 0; i < d->nexceptions; i++)
            for (int64_t k = d->exceptions[i].first_day; k <= d->exceptions[i].last_day;
                 k++)
                if (!ch->exc[k - ch->d0]) ch->exc[k - ch->d0] = &d->exceptions[i].day;
        for (int i = 0; i < d->nweeks; i++)
            for (int64_t k = d->weeks[i].first_day; k <= d->weeks[i].last_day; k++)
                if (!ch->weeks[l * nd + k - ch->d0])
                    ch->weeks[l * nd + k - ch->d0] = &d->weeks[i];
    }
}

/* The hours of region day k: an exception anywhere in the chain (MS Project
 * applies a base calendar's holidays to derived calendars), else per level its
 * work week's day, then its own weekday, when set. *touched is false when no
 * exception or work week covers the day (it then follows the pattern). */
static const keel_day *region_day(const chain *ch, int64_t k, bool *touched)
{
    *touched = true;
    if (ch->exc[k]) return ch->exc[k];
    int wd = keel_weekday(ch->d0 + k);
    int64_t nd = ch->d1 - ch->d0;
    bool any = false;
    for (int l = 0; l < ch->n; l++)
        any = any || ch->weeks[l * nd + k];
    *touched = any;
    for (int l = 0; l < ch->n; l++) {
        const keel_work_week *w = ch->weeks[l * nd + k];
        if (w && w->days[wd].set) return &w->days[wd];
        if (ch->levels[l]->week[wd].set) return &ch->levels[l]->week[wd];
    }
    return NULL;
}

/* Records every region day whose hours differ from the pattern. */
static keel_status build_days(chain *ch, keel_calendar *c, keel_arena *arena,
                              keel_error *err)
{
    keel_status st = KEEL_OK;
    day_list dl = {0};
    day_hours *h = malloc(sizeof *h), *p = malloc(7 * sizeof *p);
    int64_t nd = ch->d1 - ch->d0;
    ch->exc = calloc((size_t)(nd ? nd : 1), sizeof *ch->exc);
    ch->weeks = calloc((size_t)(nd ? nd * ch->n : 1), sizeof *ch->weeks);
    if (!h || !p || !ch->exc || !ch->weeks) {
        st = keel_error_nomem(err);
        goto done;
    }
    for (int wd = 0; wd < 7; wd++)
        hours_of_def(plain_day(ch, wd), &p[wd]);
    paint(ch);
    for (int64_t k = 0; k < nd; k++) {
        bool touched;
        const keel_day *d = region_day(ch, k, &touched);
        if (!touched) continue;
        hours_of_def(d, h);
        if (hours_equal(h, &p[keel_weekday(ch->d0 + k)])) continue;
        if (!day_list_push(&dl, ch->d0 + k, h)) {
            st = keel_error_nomem(err);
            goto done;
        }
    }
    if (!store_days(c, arena, &dl)) st = keel_error_nomem(err);
done:
    free(ch->exc);
    free(ch->weeks);
    ch->exc = NULL;
    ch->weeks = NULL;
    free(h);
    free(p);
    day_list_free(&dl);
    return st;
}

static keel_status build_week(const chain *ch, keel_calendar *c, keel_arena *arena,
                              keel_error *err)
{
    week_list *w = malloc(sizeof *w);
    day_hours *h = malloc(sizeof *h);
    bool ok = w && h;
    if (ok) {
        w->n = 0;
        for (int wd = 0; wd < 7; wd++) {
            hours_of_def(plain_day(ch, wd), h);
            for (int i = 0; i < h->n; i++)
                week_push(w, wd * DAY + h->s[i].from, wd * DAY + h->s[i].to);
        }
        ok = store_week(c, arena, w->from, w->to, w->n);
    }
    free(w);
    free(h);
    return ok ? KEEL_OK : keel_error_nomem(err);
}

/* Validates the chain and its region; the definitions stay untouched. */
static keel_status check_chain(chain *ch, const char *file, keel_error *err)
{
    for (int l = 0; l < ch->n; l++) {
        keel_status st = validate_def(ch->levels[l], file, err);
        if (st != KEEL_OK) return st;
    }
    find_region(ch);
    if (ch->d1 - ch->d0 > MAX_REGION_DAYS)
        return def_error(err, file, ch->levels[0],
                         "exceptions and work weeks span more than 400 years");
    return KEEL_OK;
}

/* A weekly pattern without working time is an error even when exceptions or
 * work weeks add some: outside them no date could ever be reached. */
keel_status keel_calendar_compile(const keel_calendar_def *defs, int ndefs, int index,
                                  keel_arena *arena, const char *file, keel_calendar *out,
                                  keel_error *err)
{
    if (index < 0 || index >= ndefs)
        return keel_error_set(err, KEEL_ERR_INVALID, file, 0,
                              "calendar index %d out of range", index);
    keel_calendar c = {0};
    chain ch = {0};
    const keel_calendar_def **levels = calloc((size_t)ndefs, sizeof *levels);
    keel_status st = levels ? KEEL_OK : keel_error_nomem(err);
    if (st == KEEL_OK) st = collect_chain(defs, ndefs, index, file, levels, &ch.n, err);
    ch.levels = levels;
    if (st == KEEL_OK) st = check_chain(&ch, file, err);
    if (st == KEEL_OK) st = build_week(&ch, &c, arena, err);
    if (st == KEEL_OK && c.week_work == 0)
        st = def_error(err, file, &defs[index], "has no working time");
    if (st == KEEL_OK) st = build_days(&ch, &c, arena, err);
    if (st == KEEL_OK) {
        c.name = defs[index].name;
        detect_continuous(&c);
        *out = c;
    }
    free(levels);
    return st;
}

/* ---------------------------------------------------------------------------
 * Intersection
 */

static keel_status copy_calendar(const keel_calendar *src, keel_arena *arena,
                                 keel_calendar *out, keel_error *err)
{
    keel_calendar c = *src;
    c.wfrom = keel_arena_dup(arena, src->wfrom, (size_t)src->nweek, sizeof *c.wfrom);
    c.wto = keel_arena_dup(arena, src->wto, (size_t)src->nweek, sizeof *c.wto);
    c.wcum = keel_arena_dup(arena, src->wcum, (size_t)src->nweek + 1, sizeof *c.wcum);
    c.days = keel_arena_dup(arena, src->days, (size_t)src->ndays, sizeof *c.days);
    c.spans = keel_arena_dup(arena, src->spans, (size_t)src->nspans, sizeof *c.spans);
    c.name = keel_arena_strdup(arena, src->name);
    size_t nb = (size_t)src->nbuckets;
    c.by_day = nb ? keel_arena_dup(arena, src->by_day, nb, sizeof *c.by_day) : NULL;
    c.by_work = nb ? keel_arena_dup(arena, src->by_work, nb, sizeof *c.by_work) : NULL;
    if (!c.wfrom || !c.wto || !c.wcum || !c.days || !c.spans || (src->name && !c.name) ||
        (nb && (!c.by_day || !c.by_work)))
        return keel_error_nomem(err);
    *out = c;
    return KEEL_OK;
}

static char *joined_name(const keel_calendar *a, const keel_calendar *b,
                         keel_arena *arena)
{
    const char *x = a->name ? a->name : "?", *y = b->name ? b->name : "?";
    size_t n = strlen(x) + strlen(y) + 4;
    char *s = keel_arena_alloc(arena, n);
    if (s) snprintf(s, n, "%s & %s", x, y);
    return s;
}

/* The weekly patterns' intersection. */
static bool intersect_weeks(const keel_calendar *a, const keel_calendar *b,
                            keel_calendar *c, keel_arena *arena)
{
    week_list *w = malloc(sizeof *w);
    if (!w) return false;
    w->n = 0;
    int i = 0, j = 0;
    while (i < a->nweek && j < b->nweek) {
        int32_t f = a->wfrom[i] > b->wfrom[j] ? a->wfrom[i] : b->wfrom[j];
        int32_t t = a->wto[i] < b->wto[j] ? a->wto[i] : b->wto[j];
        week_push(w, f, t);
        if (a->wto[i] < b->wto[j])
            i++;
        else
            j++;
    }
    bool ok = store_week(c, arena, w->from, w->to, w->n);
    free(w);
    return ok;
}

/* Exceptional days of the intersection: only days exceptional in a or b can
 * differ from the intersected pattern; each keeps the hours common to both,
 * when they differ from the pattern's. */
static bool intersect_days(const keel_calendar *a, const keel_calendar *b,
                           keel_calendar *c, keel_arena *arena)
{
    day_list dl = {0};
    day_hours *h = malloc(4 * sizeof *h);
    bool ok = h != NULL;
    int i = 0, j = 0;
    while (ok && (i < a->ndays || j < b->ndays)) {
        int64_t day = i == a->ndays                ? b->days[j].day
                      : j == b->ndays              ? a->days[i].day
                      : a->days[i].day < b->days[j].day ? a->days[i].day
                                                        : b->days[j].day;
        calendar_hours(a, day, i, &h[0]);
        calendar_hours(b, day, j, &h[1]);
        hours_intersect(&h[0], &h[1], &h[2]);
        pattern_hours(c, keel_weekday(day), &h[3]);
        if (!hours_equal(&h[2], &h[3])) ok = day_list_push(&dl, day, &h[2]);
        if (i < a->ndays && a->days[i].day == day) i++;
        if (j < b->ndays && b->days[j].day == day) j++;
    }
    ok = ok && store_days(c, arena, &dl);
    free(h);
    day_list_free(&dl);
    return ok;
}

keel_status keel_calendar_intersect(const keel_calendar *a, const keel_calendar *b,
                                    keel_arena *arena, keel_calendar *out,
                                    keel_error *err)
{
    if (a->continuous || b->continuous)
        return copy_calendar(a->continuous ? b : a, arena, out, err);
    keel_calendar c = {0};
    if (!intersect_weeks(a, b, &c, arena)) return keel_error_nomem(err);
    if (c.week_work == 0)
        return keel_error_set(err, KEEL_ERR_PARSE, NULL, 0,
                              "calendars '%s' and '%s' have no working time in common",
                              a->name ? a->name : "", b->name ? b->name : "");
    if (!intersect_days(a, b, &c, arena) || !(c.name = joined_name(a, b, arena)))
        return keel_error_nomem(err);
    detect_continuous(&c);
    *out = c;
    return KEEL_OK;
}
