/* SPDX-License-Identifier: GPL-3.0-or-later
 * Resource profile (see profile.h). The earliest-start search is the classic
 * one of the serial SGS (Kolisch 1996, "Serial and parallel resource-
 * constrained project scheduling methods revisited", EJOR 90:320-333): test
 * the window [s, finish(s)); on a conflict jump past the latest conflicting
 * period, since every start up to it would still cover it (finish is
 * non-decreasing in the start on any calendar). The backward search mirrors
 * it: jump the finish back to the start of the earliest conflict.
 */
#include "search/profile.h"

#include <stdlib.h>
#include <string.h>

#include "base/error.h"

#define INDEXED_LIMIT (1 << 26) /* free-capacity cells of a time-indexed profile */

typedef struct steps {
    int len, cap, len0;
    keel_time *t;     /* t[0] = KEEL_TIME_NONE; step i covers [t[i], t[i+1]) */
    int32_t *a;       /* free units */
    keel_time *t0;    /* initial steps (capacity) */
    int32_t *a0;
} steps;

struct keel_profile {
    const keel_problem *P;
    bool indexed;
    /* time-indexed */
    keel_time origin;
    int64_t H;        /* periods covered: origin .. origin + H - 1 */
    int32_t *free0, *free;
    /* breakpoints */
    steps *st;
};

bool keel_profile_indexed(const keel_profile *pf) { return pf->indexed; }

static bool init_indexed(keel_profile *pf)
{
    const keel_problem *P = pf->P;
    size_t cells = (size_t)P->nres * (size_t)pf->H;
    pf->free0 = malloc((cells ? cells : 1) * sizeof(int32_t));
    pf->free = malloc((cells ? cells : 1) * sizeof(int32_t));
    if (!pf->free0 || !pf->free)
        return false;
    for (int r = 0; r < P->nres; r++) {
        const keel_problem_cap *c = &P->cap[r];
        int32_t *row = pf->free0 + (size_t)r * pf->H;
        for (int i = 0; i < c->n; i++) {
            int64_t from = i == 0 ? 0 : c->at[i] - pf->origin;
            int64_t to = i + 1 < c->n ? c->at[i + 1] - pf->origin : pf->H;
            from = from < 0 ? 0 : from;
            to = to > pf->H ? pf->H : to;
            for (int64_t x = from; x < to; x++)
                row[x] = c->units[i];
        }
    }
    return true;
}

static bool init_steps(keel_profile *pf)
{
    const keel_problem *P = pf->P;
    pf->st = calloc((size_t)P->nres + 1, sizeof *pf->st);
    if (!pf->st)
        return false;
    for (int d = 0; d < P->dem_start[P->njobs]; d++)
        pf->st[P->dem_res[d]].cap += 4;
    for (int r = 0; r < P->nres; r++) {
        steps *s = &pf->st[r];
        const keel_problem_cap *c = &P->cap[r];
        s->cap += c->n + 8;
        s->len0 = c->n;
        s->t = malloc((size_t)s->cap * sizeof *s->t);
        s->a = malloc((size_t)s->cap * sizeof *s->a);
        s->t0 = malloc((size_t)c->n * sizeof *s->t0);
        s->a0 = malloc((size_t)c->n * sizeof *s->a0);
        if (!s->t || !s->a || !s->t0 || !s->a0)
            return false;
        memcpy(s->t0, c->at, (size_t)c->n * sizeof *s->t0);
        memcpy(s->a0, c->units, (size_t)c->n * sizeof *s->a0);
        s->t0[0] = KEEL_TIME_NONE;
    }
    return true;
}

/* Pinned jobs displace others (sgs.c), which can carry a schedule past the
 * horizon that bounds every plain SGS schedule: such problems use breakpoints,
 * which have no horizon. */
static bool has_pinned(const keel_problem *P)
{
    for (int j = 0; j < P->njobs; j++)
        if (P->flags[j] & KEEL_JOB_PINNED)
            return true;
    return false;
}

keel_status keel_profile_new(const keel_problem *P, int force, keel_profile **out,
                             keel_error *err)
{
    *out = NULL;
    if (force == 1 && !P->continuous)
        return keel_error_set(err, KEEL_ERR_INVALID, NULL, 0,
                              "a time-indexed profile needs continuous calendars");
    keel_profile *pf = calloc(1, sizeof *pf);
    if (!pf)
        return keel_error_nomem(err);
    pf->P = P;
    pf->origin = P->origin;
    pf->H = keel_problem_horizon(P) - P->origin;
    pf->indexed = force == 1 || (force == 0 && P->continuous && !has_pinned(P) &&
                                 pf->H * (P->nres ? P->nres : 1) <= INDEXED_LIMIT);
    if (!(pf->indexed ? init_indexed(pf) : init_steps(pf))) {
        keel_profile_free(pf);
        return keel_error_nomem(err);
    }
    keel_profile_reset(pf);
    *out = pf;
    return KEEL_OK;
}

void keel_profile_free(keel_profile *pf)
{
    if (!pf)
        return;
    free(pf->free0);
    free(pf->free);
    if (pf->st) {
        for (int r = 0; r < pf->P->nres; r++) {
            free(pf->st[r].t);
            free(pf->st[r].a);
            free(pf->st[r].t0);
            free(pf->st[r].a0);
        }
        free(pf->st);
    }
    free(pf);
}

void keel_profile_reset(keel_profile *pf)
{
    const keel_problem *P = pf->P;
    if (pf->indexed) {
        memcpy(pf->free, pf->free0, (size_t)P->nres * (size_t)pf->H * sizeof(int32_t));
        return;
    }
    for (int r = 0; r < P->nres; r++) {
        steps *s = &pf->st[r];
        s->len = s->len0;
        memcpy(s->t, s->t0, (size_t)s->len0 * sizeof *s->t);
        memcpy(s->a, s->a0, (size_t)s->len0 * sizeof *s->a);
    }
}

/* ---------------------------------------------------------------- breakpoints */

/* Index of the step containing x (the last with t <= x). */
static int find_step(const steps *s, keel_time x)
{
    int lo = 0, hi = s->len - 1;
    while (lo < hi) {
        int mid = (lo + hi + 1) >> 1;
        if (s->t[mid] <= x)
            lo = mid;
        else
            hi = mid - 1;
    }
    return lo;
}

/* Merges neighbouring steps with equal free units. */
static void compact(steps *s)
{
    int w = 1;
    for (int i = 1; i < s->len; i++) {
        if (s->a[i] == s->a[w - 1])
            continue;
        s->t[w] = s->t[i];
        s->a[w++] = s->a[i];
    }
    s->len = w;
}

/* Makes x a breakpoint and returns its step index. */
static int split(steps *s, keel_time x)
{
    int i = find_step(s, x);
    if (s->t[i] == x)
        return i;
    memmove(s->t + i + 2, s->t + i + 1, (size_t)(s->len - i - 1) * sizeof *s->t);
    memmove(s->a + i + 2, s->a + i + 1, (size_t)(s->len - i - 1) * sizeof *s->a);
    s->t[i + 1] = x;
    s->a[i + 1] = s->a[i];
    s->len++;
    return i + 1;
}

static void place_steps(keel_profile *pf, int j, keel_time b, keel_time e, int sign)
{
    const keel_problem *P = pf->P;
    for (int d = P->dem_start[j]; d < P->dem_start[j + 1]; d++) {
        steps *s = &pf->st[P->dem_res[d]];
        if (s->len + 2 > s->cap)
            compact(s); /* then at most capacity steps + 2 per placed job: fits */
        int i = split(s, b);
        int k = split(s, e);
        int32_t u = sign * P->dem_units[d];
        for (int q = i; q < k; q++)
            s->a[q] -= u;
    }
}

/* A step of resource r from `at` on where `units` do not fit is a conflict,
 * unless the resource never has that many units again from `at` on (a
 * capacity that drops for good): there no start helps, the demand overloads
 * it alone, and the verifier accepts that (single task over capacity). */
static bool real_conflict(const keel_problem *P, int r, keel_time at, int32_t units)
{
    return keel_problem_fits_later(P, r, at, units);
}

/* Latest conflict end in [b, e) over j's demands, or KEEL_TIME_NONE. */
static keel_time conflict_end_steps(const keel_profile *pf, int j, keel_time b, keel_time e)
{
    const keel_problem *P = pf->P;
    keel_time ce = KEEL_TIME_NONE;
    for (int d = P->dem_start[j]; d < P->dem_start[j + 1]; d++) {
        const steps *s = &pf->st[P->dem_res[d]];
        int32_t u = P->dem_units[d];
        for (int q = find_step(s, b); q < s->len && s->t[q] < e; q++)
            if (s->a[q] < u && real_conflict(P, P->dem_res[d], s->t[q] > b ? s->t[q] : b, u)) {
                keel_time end = q + 1 < s->len ? s->t[q + 1] : INT64_MAX;
                ce = end > ce ? end : ce;
            }
    }
    return ce;
}

/* Earliest conflict start in [b, e) (clipped to b), or KEEL_TIME_NONE. */
static keel_time conflict_start_steps(const keel_profile *pf, int j, keel_time b, keel_time e)
{
    const keel_problem *P = pf->P;
    keel_time cs = INT64_MAX;
    for (int d = P->dem_start[j]; d < P->dem_start[j + 1]; d++) {
        const steps *s = &pf->st[P->dem_res[d]];
        int32_t u = P->dem_units[d];
        for (int q = find_step(s, b); q < s->len && s->t[q] < e; q++)
            if (s->a[q] < u && real_conflict(P, P->dem_res[d], s->t[q] > b ? s->t[q] : b, u)) {
                keel_time st = q > 0 ? s->t[q] : b;
                cs = st < cs ? st : cs;
                break;
            }
    }
    return cs == INT64_MAX ? KEEL_TIME_NONE : cs;
}

/* ---------------------------------------------------------------- time-indexed */

static void place_indexed(keel_profile *pf, int j, keel_time b, keel_time e, int sign)
{
    const keel_problem *P = pf->P;
    int64_t x0 = b - pf->origin, x1 = e - pf->origin;
    x0 = x0 < 0 ? 0 : x0;
    x1 = x1 > pf->H ? pf->H : x1;
    for (int d = P->dem_start[j]; d < P->dem_start[j + 1]; d++) {
        int32_t *row = pf->free + (size_t)P->dem_res[d] * pf->H;
        int32_t u = sign * P->dem_units[d];
        for (int64_t x = x0; x < x1; x++)
            row[x] -= u;
    }
}

/* Latest conflicting period + 1 in [b, e), or KEEL_TIME_NONE. */
static keel_time conflict_end_indexed(const keel_profile *pf, int j, keel_time b, keel_time e)
{
    const keel_problem *P = pf->P;
    int64_t x0 = b - pf->origin, x1 = e - pf->origin, best = -1;
    x0 = x0 < 0 ? 0 : x0;
    x1 = x1 > pf->H ? pf->H : x1;
    for (int d = P->dem_start[j]; d < P->dem_start[j + 1]; d++) {
        const int32_t *row = pf->free + (size_t)P->dem_res[d] * pf->H;
        int32_t u = P->dem_units[d];
        for (int64_t x = x1 - 1; x > best && x >= x0; x--)
            if (row[x] < u && real_conflict(P, P->dem_res[d], pf->origin + x, u)) {
                best = x;
                break;
            }
    }
    return best < 0 ? KEEL_TIME_NONE : pf->origin + best + 1;
}

static keel_time conflict_start_indexed(const keel_profile *pf, int j, keel_time b, keel_time e)
{
    const keel_problem *P = pf->P;
    int64_t x0 = b - pf->origin, x1 = e - pf->origin, best = INT64_MAX;
    x0 = x0 < 0 ? 0 : x0;
    x1 = x1 > pf->H ? pf->H : x1;
    for (int d = P->dem_start[j]; d < P->dem_start[j + 1]; d++) {
        const int32_t *row = pf->free + (size_t)P->dem_res[d] * pf->H;
        int32_t u = P->dem_units[d];
        int64_t lim = x1 < best ? x1 : best;
        for (int64_t x = x0; x < lim; x++)
            if (row[x] < u && real_conflict(P, P->dem_res[d], pf->origin + x, u)) {
                best = x;
                break;
            }
    }
    return best == INT64_MAX ? KEEL_TIME_NONE : pf->origin + best;
}

/* ---------------------------------------------------------------- interface */

void keel_profile_place(keel_profile *pf, int j, keel_time s, keel_time f, int sign)
{
    if (f <= s)
        return;
    if (pf->indexed)
        place_indexed(pf, j, s, f, sign);
    else
        place_steps(pf, j, s, f, sign);
}

static keel_time conflict_end(const keel_profile *pf, int j, keel_time b, keel_time e)
{
    return pf->indexed ? conflict_end_indexed(pf, j, b, e) : conflict_end_steps(pf, j, b, e);
}

static keel_time conflict_start(const keel_profile *pf, int j, keel_time b, keel_time e)
{
    return pf->indexed ? conflict_start_indexed(pf, j, b, e) : conflict_start_steps(pf, j, b, e);
}

bool keel_profile_fits(keel_profile *pf, int j, keel_time s, keel_time f)
{
    return f <= s || conflict_end(pf, j, s, f) == KEEL_TIME_NONE;
}

bool keel_profile_fits_units(const keel_profile *pf, int r, int32_t units, keel_time s,
                             keel_time f)
{
    if (f <= s)
        return true;
    if (pf->indexed) {
        int64_t x0 = s - pf->origin, x1 = f - pf->origin;
        x0 = x0 < 0 ? 0 : x0;
        x1 = x1 > pf->H ? pf->H : x1;
        const int32_t *row = pf->free + (size_t)r * pf->H;
        for (int64_t x = x0; x < x1; x++)
            if (row[x] < units && real_conflict(pf->P, r, pf->origin + x, units))
                return false;
        return true;
    }
    const steps *st = &pf->st[r];
    for (int q = find_step(st, s); q < st->len && st->t[q] < f; q++)
        if (st->a[q] < units && real_conflict(pf->P, r, st->t[q] > s ? st->t[q] : s, units))
            return false;
    return true;
}

keel_time keel_profile_earliest_finish(keel_profile *pf, int j, keel_time t, keel_time *finish)
{
    const keel_problem *P = pf->P;
    if (P->dur[j] == 0 || P->dem_start[j] == P->dem_start[j + 1]) {
        keel_time s = keel_problem_snap(P, j, t);
        *finish = keel_problem_finish(P, j, s);
        return s;
    }
    for (;;) {
        keel_time f, s = keel_problem_start_finish(P, j, t, &f);
        keel_time ce = conflict_end(pf, j, s, f);
        /* (no conflict is without end: where a demand exceeds what the resource
         * has for good, real_conflict excuses it) */
        if (ce == KEEL_TIME_NONE || ce == INT64_MAX) {
            *finish = f;
            return s;
        }
        t = ce;
    }
}

keel_time keel_profile_earliest(keel_profile *pf, int j, keel_time t)
{
    keel_time f;
    return keel_profile_earliest_finish(pf, j, t, &f);
}

keel_time keel_profile_latest(keel_profile *pf, int j, keel_time lo, keel_time hi)
{
    const keel_problem *P = pf->P;
    bool free_job = P->dur[j] == 0 || P->dem_start[j] == P->dem_start[j + 1];
    keel_time f = hi;
    for (;;) {
        if (free_job) {
            f = keel_problem_snap_back(P, j, f);
            return f < lo ? KEEL_TIME_NONE : f;
        }
        keel_time s;
        f = keel_problem_finish_start(P, j, f, &s);
        if (f < lo)
            return KEEL_TIME_NONE;
        keel_time cs = conflict_start(pf, j, s, f);
        if (cs == KEEL_TIME_NONE)
            return f;
        f = cs;
    }
}

int32_t keel_profile_free_at(const keel_profile *pf, int r, keel_time t)
{
    if (pf->indexed) {
        int64_t x = t - pf->origin;
        if (x < 0 || x >= pf->H)
            return pf->P->cap[r].units[pf->P->cap[r].n - 1];
        return pf->free[(size_t)r * pf->H + x];
    }
    const steps *s = &pf->st[r];
    return s->a[find_step(s, t)];
}

static keel_time shortage_steps(const steps *s, int32_t units, keel_time b, keel_time e,
                                keel_time *until)
{
    int q = find_step(s, b); /* t[0] is minus infinity, so t[q] < e holds here */
    while (q < s->len && s->t[q] < e && s->a[q] >= units)
        q++;
    if (q >= s->len || s->t[q] >= e)
        return KEEL_TIME_NONE;
    keel_time at = s->t[q] > b ? s->t[q] : b;
    while (q < s->len && s->a[q] < units)
        q++;
    *until = q < s->len ? s->t[q] : INT64_MAX;
    return at;
}

static keel_time shortage_indexed(const keel_profile *pf, int r, int32_t units, keel_time b,
                                  keel_time e, keel_time *until)
{
    const int32_t *row = pf->free + (size_t)r * pf->H;
    const keel_problem_cap *cap = &pf->P->cap[r];
    int64_t x = b - pf->origin, x1 = e - pf->origin;
    x = x < 0 ? 0 : x;
    x1 = x1 > pf->H ? pf->H : x1;
    while (x < x1 && row[x] >= units)
        x++;
    if (x >= x1)
        return KEEL_TIME_NONE;
    keel_time at = pf->origin + x;
    while (x < pf->H && row[x] < units)
        x++;
    if (x < pf->H)
        *until = pf->origin + x;
    else /* past the horizon the capacity is its last step's */
        *until = cap->units[cap->n - 1] >= units ? pf->origin + pf->H : INT64_MAX;
    return at;
}

keel_time keel_profile_shortage(const keel_profile *pf, int r, int32_t units, keel_time b,
                                keel_time e, keel_time *until)
{
    *until = INT64_MAX;
    if (e <= b)
        return KEEL_TIME_NONE;
    if (pf->indexed)
        return shortage_indexed(pf, r, units, b, e, until);
    return shortage_steps(&pf->st[r], units, b, e, until);
}
