/* SPDX-License-Identifier: GPL-3.0-or-later
 * Calendars (see calendar.h): compilation of MSPDI-style definitions into
 * sorted working intervals, and exact arithmetic through the cumulative working
 * time W(t). Invariant: W is monotone, rises by at most 1 per minute, is the
 * weekly pattern repeated outside [c0, c1) (floor division by the week, so times
 * before 1984 work too) and the explicit intervals inside; every query is one
 * evaluation of W or of its inverse, each a binary search.
 */
#include "calendar.h"

#include <stdio.h>
#include <string.h>

#include "error.h"
#include "timefmt.h"
#include "vec.h"

#define WEEK KEEL_MINUTES_PER_WEEK
#define DAY KEEL_MINUTES_PER_DAY
/* Exceptions and work weeks may span at most this many days (400 years): the
 * explicit intervals cost memory per day. */
#define MAX_REGION_DAYS (400 * 366)
/* Day numbers beyond this are rejected, which keeps times far inside int64. */
#define MAX_ABS_DAY 100000000

/* ---------------------------------------------------------------------------
 * Cumulative working time and its inverse
 */

static int64_t floordiv(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && a < 0) ? q - 1 : q;
}

/* Working minutes in [from[0], t) of sorted intervals with prefix sums cum;
 * t must be >= from[0] or give 0. */
static int64_t prefix_work(const keel_time *from, const keel_time *to, const int64_t *cum,
                           int n, keel_time t)
{
    int lo = 0, hi = n; /* lo = number of intervals with from <= t */
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (from[mid] <= t)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0) return 0;
    int j = lo - 1;
    return cum[j] + (t < to[j] ? t : to[j]) - from[j];
}

/* The same for the weekly pattern (int32 offsets within one week). */
static int64_t week_prefix(const keel_calendar *c, int64_t r)
{
    int lo = 0, hi = c->nweek;
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

/* How much more work W has after the region than the weekly pattern alone. */
static int64_t region_shift(const keel_calendar *c)
{
    return c->region_work - (c->c1 - c->c0) / WEEK * c->week_work;
}

static int64_t cum_work(const keel_calendar *c, keel_time t)
{
    if (c->continuous) return t;
    if (c->c0 == c->c1 || t < c->c0) return periodic_w(c, t);
    if (t <= c->c1)
        return periodic_w(c, c->c0) + prefix_work(c->from, c->to, c->cum, c->nints, t);
    return periodic_w(c, t) + region_shift(c);
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

/* Smallest e with W(e) == v. */
static keel_time inverse(const keel_calendar *c, int64_t v)
{
    if (c->continuous) return v;
    if (c->c0 == c->c1) return periodic_inverse(c, v);
    int64_t w0 = periodic_w(c, c->c0);
    if (v <= w0) return periodic_inverse(c, v);
    if (v <= w0 + c->region_work) {
        int64_t k = v - w0;
        int j = find_minute(c->cum, c->nints, k);
        return c->from[j] + (k - c->cum[j]);
    }
    return periodic_inverse(c, v - region_shift(c));
}

int64_t keel_calendar_work_between(const keel_calendar *c, keel_time a, keel_time b)
{
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

bool keel_calendar_is_working(const keel_calendar *c, keel_time t)
{
    return cum_work(c, t + 1) > cum_work(c, t);
}

/* ---------------------------------------------------------------------------
 * Interval iteration: pieces are merged where they touch (midnight, the week
 * wrap, the region's edges), so a night shift is one interval.
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

static void emit_periodic(const keel_calendar *c, emitter *e, keel_time a, keel_time b)
{
    if (a >= b) return;
    for (int64_t q = floordiv(a, WEEK); q * WEEK < b && !e->stop; q++)
        for (int i = 0; i < c->nweek; i++)
            emit_clipped(e, q * WEEK + c->wfrom[i], q * WEEK + c->wto[i], a, b);
}

static void emit_region(const keel_calendar *c, emitter *e, keel_time a, keel_time b)
{
    int lo = 0, hi = c->nints; /* first interval ending after a */
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (c->to[mid] <= a)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (int i = lo; i < c->nints && c->from[i] < b && !e->stop; i++)
        emit_clipped(e, c->from[i], c->to[i], a, b);
}

void keel_calendar_each_interval(const keel_calendar *c, keel_time a, keel_time b,
                                 bool (*fn)(keel_time from, keel_time to, void *ctx),
                                 void *ctx)
{
    emitter e = {.fn = fn, .ctx = ctx};
    if (c->continuous) {
        emit(&e, a, b);
    } else {
        emit_periodic(c, &e, a, b < c->c0 ? b : c->c0);
        emit_region(c, &e, a > c->c0 ? a : c->c0, b < c->c1 ? b : c->c1);
        emit_periodic(c, &e, a > c->c1 ? a : c->c1, b);
    }
    if (e.have && !e.stop) fn(e.from, e.to, ctx);
}

/* ---------------------------------------------------------------------------
 * The continuous calendar
 */

static const keel_time no_times[1] = {0};
static const int64_t zero_cum[1] = {0};
static const int32_t whole_from[1] = {0}, whole_to[1] = {WEEK};
static const int64_t whole_cum[2] = {0, WEEK};

const keel_calendar *keel_calendar_continuous(void)
{
    /* The casts drop const only to fit the struct; nothing writes through them. */
    static const keel_calendar continuous = {
        .name = "continuous",
        .continuous = true,
        .from = (keel_time *)no_times,
        .to = (keel_time *)no_times,
        .cum = (int64_t *)zero_cum,
        .nweek = 1,
        .wfrom = (int32_t *)whole_from,
        .wto = (int32_t *)whole_to,
        .wcum = (int64_t *)whole_cum,
        .week_work = WEEK,
    };
    return &continuous;
}

/* ---------------------------------------------------------------------------
 * Building interval lists
 */

typedef struct builder {
    KEEL_VEC(keel_time) from;
    KEEL_VEC(keel_time) to;
} builder;

/* Appends [from, to), merging with the last interval when they touch. Intervals
 * arrive sorted. False when out of memory. */
static bool push(builder *b, keel_time from, keel_time to)
{
    if (from >= to) return true;
    if (b->to.len && b->to.data[b->to.len - 1] == from) {
        b->to.data[b->to.len - 1] = to;
        return true;
    }
    if (!KEEL_VEC_PUSH(&b->from, from)) return false;
    if (!KEEL_VEC_PUSH(&b->to, to)) {
        b->from.len--;
        return false;
    }
    return true;
}

static void builder_free(builder *b)
{
    KEEL_VEC_FREE(&b->from);
    KEEL_VEC_FREE(&b->to);
}

static bool push_day(builder *b, int64_t day, const keel_day *d)
{
    if (!d || !d->working) return true;
    for (int i = 0; i < d->nspans; i++)
        if (!push(b, day * DAY + d->spans[i].from, day * DAY + d->spans[i].to))
            return false;
    return true;
}

/* Prefix sums with one extra entry (cum[n] = total), so that lookups need no
 * special case for the last interval. NULL when out of memory. */
static int64_t *prefix_sums(keel_arena *arena, const keel_time *from, const keel_time *to,
                            size_t n)
{
    int64_t *cum = keel_arena_alloc(arena, (n + 1) * sizeof *cum);
    if (!cum) return NULL;
    for (size_t i = 0; i < n; i++)
        cum[i + 1] = cum[i] + (to[i] - from[i]);
    return cum;
}

/* Stores the region intervals of b in c (arena copies). */
static bool store_region(keel_calendar *c, keel_arena *arena, const builder *b)
{
    size_t n = b->from.len;
    c->from = keel_arena_dup(arena, b->from.data, n, sizeof *c->from);
    c->to = keel_arena_dup(arena, b->to.data, n, sizeof *c->to);
    c->cum = prefix_sums(arena, b->from.data, b->to.data, n);
    if (!c->from || !c->to || !c->cum) return false;
    c->nints = (int)n;
    c->region_work = c->cum[n];
    return true;
}

/* Stores the weekly pattern of b (offsets in [0, WEEK)) in c. */
static bool store_week(keel_calendar *c, keel_arena *arena, const builder *b)
{
    size_t n = b->from.len;
    c->wfrom = keel_arena_alloc(arena, (n ? n : 1) * sizeof *c->wfrom);
    c->wto = keel_arena_alloc(arena, (n ? n : 1) * sizeof *c->wto);
    c->wcum = prefix_sums(arena, b->from.data, b->to.data, n);
    if (!c->wfrom || !c->wto || !c->wcum) return false;
    for (size_t i = 0; i < n; i++) {
        c->wfrom[i] = (int32_t)b->from.data[i];
        c->wto[i] = (int32_t)b->to.data[i];
    }
    c->nweek = (int)n;
    c->week_work = c->wcum[n];
    return true;
}

/* A fully working week and region make W(t) = t: use the fast path and drop
 * the region, which adds nothing. */
static void detect_continuous(keel_calendar *c)
{
    if (c->week_work != WEEK || c->region_work != c->c1 - c->c0) return;
    c->continuous = true;
    c->c0 = c->c1 = 0;
    c->nints = 0;
    c->region_work = 0;
}

/* ---------------------------------------------------------------------------
 * Compiling a definition
 */

/* The compilation context: the base chain, most derived first. */
typedef struct chain {
    const keel_calendar_def *const *levels;
    int n;
    int64_t d0, d1;               /* region days [d0, d1), d0 == d1 if none */
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

/* Region days: every day an exception or work week of the chain touches, plus
 * at least 7 days each side, aligned to whole weeks (Sunday to Sunday). */
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
    ch->d0 = floordiv(lo - 7, 7) * 7;
    ch->d1 = floordiv(hi + 1 + 7 + 6, 7) * 7;
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
 * work week's day, then its own weekday, when set. */
static const keel_day *region_day(const chain *ch, int64_t k)
{
    if (ch->exc[k]) return ch->exc[k];
    int wd = keel_weekday(ch->d0 + k);
    int64_t nd = ch->d1 - ch->d0;
    for (int l = 0; l < ch->n; l++) {
        const keel_work_week *w = ch->weeks[l * nd + k];
        if (w && w->days[wd].set) return &w->days[wd];
        if (ch->levels[l]->week[wd].set) return &ch->levels[l]->week[wd];
    }
    return NULL;
}

static keel_status build_region(chain *ch, keel_calendar *c, keel_arena *arena,
                                keel_error *err)
{
    keel_status st = KEEL_OK;
    builder b = {0};
    int64_t nd = ch->d1 - ch->d0;
    ch->exc = calloc((size_t)(nd ? nd : 1), sizeof *ch->exc);
    ch->weeks = calloc((size_t)(nd ? nd * ch->n : 1), sizeof *ch->weeks);
    if (!ch->exc || !ch->weeks) {
        st = keel_error_nomem(err);
        goto done;
    }
    paint(ch);
    for (int64_t k = 0; k < nd; k++)
        if (!push_day(&b, ch->d0 + k, region_day(ch, k))) {
            st = keel_error_nomem(err);
            goto done;
        }
    c->c0 = ch->d0 * DAY;
    c->c1 = ch->d1 * DAY;
    if (!store_region(c, arena, &b)) st = keel_error_nomem(err);
done:
    free(ch->exc);
    free(ch->weeks);
    ch->exc = NULL;
    ch->weeks = NULL;
    builder_free(&b);
    return st;
}

static keel_status build_week(const chain *ch, keel_calendar *c, keel_arena *arena,
                              keel_error *err)
{
    builder b = {0};
    bool ok = true;
    for (int wd = 0; wd < 7 && ok; wd++)
        ok = push_day(&b, wd, plain_day(ch, wd));
    ok = ok && store_week(c, arena, &b);
    builder_free(&b);
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
    if (st == KEEL_OK) st = build_region(&ch, &c, arena, err);
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

typedef struct collector {
    builder b;
    bool ok;
} collector;

static bool collect(keel_time from, keel_time to, void *ctx)
{
    collector *col = ctx;
    col->ok = col->ok && push(&col->b, from, to);
    return col->ok;
}

/* Appends the intersection of two sorted interval lists to out. */
static bool intersect_lists(const builder *x, const builder *y, builder *out)
{
    size_t i = 0, j = 0;
    while (i < x->from.len && j < y->from.len) {
        keel_time f =
            x->from.data[i] > y->from.data[j] ? x->from.data[i] : y->from.data[j];
        keel_time t = x->to.data[i] < y->to.data[j] ? x->to.data[i] : y->to.data[j];
        if (f < t && !push(out, f, t)) return false;
        if (x->to.data[i] < y->to.data[j])
            i++;
        else
            j++;
    }
    return true;
}

/* Intersects the working intervals of a and b over [from, to) into out. */
static bool intersect_span(const keel_calendar *a, const keel_calendar *b, keel_time from,
                           keel_time to, builder *out)
{
    collector x = {.ok = true}, y = {.ok = true};
    keel_calendar_each_interval(a, from, to, collect, &x);
    keel_calendar_each_interval(b, from, to, collect, &y);
    bool ok = x.ok && y.ok && intersect_lists(&x.b, &y.b, out);
    builder_free(&x.b);
    builder_free(&y.b);
    return ok;
}

static keel_status copy_calendar(const keel_calendar *src, keel_arena *arena,
                                 keel_calendar *out, keel_error *err)
{
    keel_calendar c = *src;
    c.from = keel_arena_dup(arena, src->from, (size_t)src->nints, sizeof *c.from);
    c.to = keel_arena_dup(arena, src->to, (size_t)src->nints, sizeof *c.to);
    c.cum = keel_arena_dup(arena, src->cum, (size_t)src->nints + 1, sizeof *c.cum);
    c.wfrom = keel_arena_dup(arena, src->wfrom, (size_t)src->nweek, sizeof *c.wfrom);
    c.wto = keel_arena_dup(arena, src->wto, (size_t)src->nweek, sizeof *c.wto);
    c.wcum = keel_arena_dup(arena, src->wcum, (size_t)src->nweek + 1, sizeof *c.wcum);
    c.name = keel_arena_strdup(arena, src->name);
    if (!c.from || !c.to || !c.cum || !c.wfrom || !c.wto || !c.wcum ||
        (src->name && !c.name))
        return keel_error_nomem(err);
    *out = c;
    return KEEL_OK;
}

/* The region of the intersection: the hull of both regions (each week-aligned
 * with margins, so the hull is too). */
static void union_region(const keel_calendar *a, const keel_calendar *b, keel_calendar *c)
{
    bool ra = !a->continuous && a->c0 < a->c1, rb = !b->continuous && b->c0 < b->c1;
    c->c0 = c->c1 = 0;
    if (ra && rb) {
        c->c0 = a->c0 < b->c0 ? a->c0 : b->c0;
        c->c1 = a->c1 > b->c1 ? a->c1 : b->c1;
    } else if (ra || rb) {
        c->c0 = ra ? a->c0 : b->c0;
        c->c1 = ra ? a->c1 : b->c1;
    }
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

keel_status keel_calendar_intersect(const keel_calendar *a, const keel_calendar *b,
                                    keel_arena *arena, keel_calendar *out,
                                    keel_error *err)
{
    if (a->continuous || b->continuous)
        return copy_calendar(a->continuous ? b : a, arena, out, err);
    keel_calendar c = {0};
    builder wk = {0}, rg = {0};
    keel_status st = KEEL_OK;
    /* One week [0, WEEK) of each pattern, read through each_interval on a
     * calendar with no region, gives the weekly intersection. */
    keel_calendar pa = *a, pb = *b;
    pa.c0 = pa.c1 = pb.c0 = pb.c1 = 0;
    union_region(a, b, &c);
    bool ok = intersect_span(&pa, &pb, 0, WEEK, &wk) && store_week(&c, arena, &wk) &&
              intersect_span(a, b, c.c0, c.c1, &rg) && store_region(&c, arena, &rg) &&
              (c.name = joined_name(a, b, arena)) != NULL;
    if (!ok)
        st = keel_error_nomem(err);
    else if (c.week_work == 0)
        st = keel_error_set(err, KEEL_ERR_PARSE, NULL, 0,
                            "calendars '%s' and '%s' have no working time in common",
                            a->name ? a->name : "", b->name ? b->name : "");
    builder_free(&wk);
    builder_free(&rg);
    if (st == KEEL_OK) {
        detect_continuous(&c);
        *out = c;
    }
    return st;
}
