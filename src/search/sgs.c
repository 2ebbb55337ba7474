/* SPDX-License-Identifier: GPL-3.0-or-later
 * Schedule generation schemes (see sgs.h). Follows Kolisch (1996), "Serial and
 * parallel resource-constrained project scheduling methods revisited", EJOR
 * 90:320-333, generalized to minimum time lags of the four link types and to
 * calendars: a job's finish is add_work(calendar, start, duration), its start
 * is snapped to working time (zero-duration jobs are not snapped, so that a
 * milestone may sit at the end of a working interval, as MS Project puts it).
 */
#include "search/sgs.h"

#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "base/sort.h"

struct keel_sgs {
    const keel_problem *P;
    keel_profile *pf;
    int nfixed;
    int *fixed;       /* fixed jobs */
    int npinned;
    int *pinned;      /* pinned jobs (priority 1000) */
    keel_time *held;  /* [njobs] where a pinned job was reserved, or KEEL_TIME_NONE */
    int *npred;       /* [njobs] predecessors not yet scheduled (parallel SGS) */
    int *elig;        /* [njobs] eligible jobs (parallel SGS) */
    keel_time *pest;  /* [njobs] precedence-earliest start of eligible jobs */
    uint64_t *keys;   /* [njobs] sort keys */
    int *heap;        /* [njobs] */
    double *dkey;     /* [njobs] */
    const double *hkey; /* keys of the heap in use */
    const keel_time *not_before; /* [njobs] earliest starts of this pass, or NULL */
};

keel_status keel_sgs_new(const keel_problem *P, int force_profile, keel_sgs **out,
                         keel_error *err)
{
    *out = NULL;
    keel_sgs *w = calloc(1, sizeof *w);
    if (!w)
        return keel_error_nomem(err);
    w->P = P;
    keel_status st = keel_profile_new(P, force_profile, &w->pf, err);
    if (st != KEEL_OK) {
        free(w);
        return st;
    }
    size_t n = (size_t)P->njobs + 1;
    w->fixed = malloc(n * sizeof *w->fixed);
    w->npred = malloc(n * sizeof *w->npred);
    w->elig = malloc(n * sizeof *w->elig);
    w->pest = malloc(n * sizeof *w->pest);
    w->keys = malloc(n * sizeof *w->keys);
    w->heap = malloc(n * sizeof *w->heap);
    w->dkey = malloc(n * sizeof *w->dkey);
    w->pinned = malloc(n * sizeof *w->pinned);
    w->held = malloc(n * sizeof *w->held);
    if (!w->fixed || !w->npred || !w->elig || !w->pest || !w->keys || !w->heap || !w->dkey ||
        !w->pinned || !w->held) {
        keel_sgs_free(w);
        return keel_error_nomem(err);
    }
    for (int j = 0; j < P->njobs; j++) {
        if (P->flags[j] & KEEL_JOB_FIXED)
            w->fixed[w->nfixed++] = j;
        if (P->flags[j] & KEEL_JOB_PINNED)
            w->pinned[w->npinned++] = j;
    }
    *out = w;
    return KEEL_OK;
}

void keel_sgs_free(keel_sgs *w)
{
    if (!w)
        return;
    keel_profile_free(w->pf);
    free(w->fixed);
    free(w->npred);
    free(w->elig);
    free(w->pest);
    free(w->keys);
    free(w->heap);
    free(w->dkey);
    free(w->pinned);
    free(w->held);
    free(w);
}

const keel_problem *keel_sgs_problem(const keel_sgs *w) { return w->P; }

/* The date arc a lets successor j have: its start (FS, SS) or finish (FF, SF). */
static inline keel_time arc_bound(const keel_problem *P, int j, const keel_arc *a,
                                  const keel_plan *s)
{
    bool from_finish = a->type == KEEL_LINK_FS || a->type == KEEL_LINK_FF;
    return keel_problem_lag(P, j, a, from_finish ? s->finish[a->job] : s->start[a->job]);
}

keel_time keel_sgs_precedence_start(const keel_problem *P, const keel_plan *s, int j)
{
    keel_time t = P->est[j];
    const keel_arc *a = P->pred + P->pred_start[j], *end = P->pred + P->pred_start[j + 1];
    if (P->simple) {
        for (; a < end; a++) {
            keel_time b = a->lag ? keel_problem_lag(P, j, a, s->finish[a->job])
                                 : s->finish[a->job];
            t = b > t ? b : t;
        }
        return t;
    }
    keel_time fb = KEEL_TIME_NONE;
    for (; a < end; a++) {
        keel_time b = arc_bound(P, j, a, s);
        for (; a + 1 < end && a[1].group == KEEL_ARC_MORE; a++) { /* least of a group */
            keel_time c = arc_bound(P, j, a + 1, s);
            b = c < b ? c : b;
        }
        if (a->type == KEEL_LINK_FS || a->type == KEEL_LINK_SS)
            t = b > t ? b : t;
        else
            fb = b > fb ? b : fb;
    }
    if (fb != KEEL_TIME_NONE) {
        keel_time b = keel_problem_sub(P, j, fb, P->dur[j]);
        t = b > t ? b : t;
    }
    return t;
}

/* An empty profile but for the fixed jobs. */
static void reserve_fixed(keel_sgs *w)
{
    const keel_problem *P = w->P;
    keel_profile_reset(w->pf);
    for (int k = 0; k < w->nfixed; k++) {
        int j = w->fixed[k];
        keel_profile_place(w->pf, j, P->fixed_start[j], P->fixed_finish[j], 1);
    }
}

/* Places the fixed jobs; returns nothing, cannot fail. */
static void place_fixed(keel_sgs *w, keel_plan *out)
{
    const keel_problem *P = w->P;
    reserve_fixed(w);
    for (int k = 0; k < w->nfixed; k++) {
        int j = w->fixed[k];
        out->start[j] = P->fixed_start[j];
        out->finish[j] = P->fixed_finish[j];
    }
}

/* Places job j at its earliest feasible start >= t. */
static void place_job(keel_sgs *w, keel_plan *out, int j, keel_time t)
{
    const keel_problem *P = w->P;
    keel_time s = (P->flags[j] & KEEL_JOB_PINNED) ? keel_problem_snap(P, j, t)
                                                  : keel_profile_earliest(w->pf, j, t);
    keel_time f = keel_problem_finish(P, j, s);
    out->start[j] = s;
    out->finish[j] = f;
    keel_profile_place(w->pf, j, s, f, 1);
}

static void set_makespan(keel_plan *out)
{
    keel_time m = KEEL_TIME_NONE;
    for (int j = 0; j < out->njobs; j++)
        m = out->finish[j] > m ? out->finish[j] : m;
    out->makespan = out->njobs ? m : 0;
}

/* One serial pass; pinned jobs found in held[] were reserved before the pass
 * and keep their place when their links still put them there. */
static void serial_pass(keel_sgs *w, const int *list, int from, keel_plan *out,
                        bool use_held)
{
    const keel_problem *P = w->P;
    for (int k = from; k < P->njobs; k++) {
        int j = list[k];
        if (P->flags[j] & KEEL_JOB_FIXED)
            continue;
        keel_time t = keel_sgs_precedence_start(P, out, j);
        if (w->not_before && !(P->flags[j] & KEEL_JOB_PINNED) && w->not_before[j] > t)
            t = w->not_before[j];
        if (use_held && w->held[j] != KEEL_TIME_NONE) {
            if (keel_problem_snap(P, j, t) == w->held[j])
                continue; /* already in place */
            keel_profile_place(w->pf, j, out->start[j], out->finish[j], -1);
        }
        place_job(w, out, j, t);
    }
}

void keel_sgs_serial_not_before(keel_sgs *w, const int *list, const keel_time *not_before,
                                keel_plan *out)
{
    w->not_before = not_before;
    keel_sgs_serial(w, list, out);
    w->not_before = NULL;
}

void keel_sgs_serial(keel_sgs *w, const int *list, keel_plan *out)
{
    place_fixed(w, out);
    serial_pass(w, list, 0, out, false);
    if (w->npinned > 0) {
        /* Priority-1000 jobs ignore resources; a job placed before one in the
         * list may overlap it. A second pass reserves them where the first put
         * them, so that the others go around them, as MS Project's leveling
         * delays the other tasks. */
        for (int j = 0; j < w->P->njobs; j++)
            w->held[j] = KEEL_TIME_NONE;
        for (int k = 0; k < w->npinned; k++)
            w->held[w->pinned[k]] = out->start[w->pinned[k]];
        place_fixed(w, out);
        for (int k = 0; k < w->npinned; k++) {
            int j = w->pinned[k];
            keel_profile_place(w->pf, j, out->start[j], out->finish[j], 1);
        }
        serial_pass(w, list, 0, out, true);
    }
    set_makespan(out);
}

void keel_sgs_serial_resume(keel_sgs *w, const int *list, int from, keel_plan *out)
{
    if (w->npinned > 0 || from <= 0) { /* two passes, or nothing kept */
        keel_sgs_serial(w, list, out);
        return;
    }
    place_fixed(w, out);
    for (int k = 0; k < from && k < w->P->njobs; k++) {
        int j = list[k];
        if (!(w->P->flags[j] & KEEL_JOB_FIXED))
            keel_profile_place(w->pf, j, out->start[j], out->finish[j], 1);
    }
    serial_pass(w, list, from, out, false);
    set_makespan(out);
}

int keel_sgs_serial_within(keel_sgs *w, const int *list, const keel_time *latest_finish,
                           keel_plan *out, bool *unresolved)
{
    const keel_problem *P = w->P;
    int n = 0;
    place_fixed(w, out);
    for (int k = 0; k < P->njobs; k++) {
        int j = list[k];
        unresolved[j] = false;
        if (P->flags[j] & KEEL_JOB_FIXED)
            continue;
        keel_time t = keel_sgs_precedence_start(P, out, j);
        place_job(w, out, j, t);
        if (out->finish[j] <= latest_finish[j] || (P->flags[j] & KEEL_JOB_PINNED))
            continue;
        /* no room inside its slack: it stays where its links put it, in conflict */
        keel_profile_place(w->pf, j, out->start[j], out->finish[j], -1);
        out->start[j] = keel_problem_snap(P, j, t);
        out->finish[j] = keel_problem_finish(P, j, out->start[j]);
        keel_profile_place(w->pf, j, out->start[j], out->finish[j], 1);
        unresolved[j] = true;
        n++;
    }
    set_makespan(out);
    return n;
}

/* ---------------------------------------------------------------- parallel SGS */

/* Marks j scheduled: successors whose last predecessor it was become eligible. */
static void release_succs(keel_sgs *w, const keel_plan *out, int j, int *nelig)
{
    const keel_problem *P = w->P;
    for (int a = P->succ_start[j]; a < P->succ_start[j + 1]; a++) {
        int k = P->succ[a].job;
        if (--w->npred[k] == 0 && !(P->flags[k] & KEEL_JOB_FIXED)) {
            w->pest[k] = keel_sgs_precedence_start(P, out, k);
            w->elig[(*nelig)++] = k;
        }
    }
}

/* Sorts elig[0..n) by prio, ties by index (insertion sort: the set is small). */
static void sort_eligible(int *elig, int n, const double *prio)
{
    for (int i = 1; i < n; i++) {
        int x = elig[i], k = i;
        while (k > 0 && (prio[elig[k - 1]] > prio[x] ||
                         (prio[elig[k - 1]] == prio[x] && elig[k - 1] > x))) {
            elig[k] = elig[k - 1];
            k--;
        }
        elig[k] = x;
    }
}

/* Starts every eligible job that fits at t, in prio order; returns how many. */
static int start_at(keel_sgs *w, const double *prio, keel_plan *out, keel_time t, int *nelig)
{
    const keel_problem *P = w->P;
    int started = 0;
    sort_eligible(w->elig, *nelig, prio);
    for (int e = 0; e < *nelig; e++) {
        int j = w->elig[e];
        bool pinned = P->flags[j] & KEEL_JOB_PINNED;
        if (!pinned && (w->pest[j] > t || keel_problem_snap(P, j, t) != t))
            continue;
        /* (earliest, not fits: a demand above what the resource has from here
         * on fits nowhere, and the serial SGS places it where it overloads) */
        if (!pinned && keel_profile_earliest(w->pf, j, t) != t)
            continue;
        place_job(w, out, j, pinned ? w->pest[j] : t);
        w->elig[e--] = w->elig[--*nelig]; /* remove; re-sorted below */
        started++;
        release_succs(w, out, j, nelig);
        sort_eligible(w->elig, *nelig, prio);
        e = -1; /* restart: a newly eligible job may come first */
    }
    return started;
}

void keel_sgs_parallel(keel_sgs *w, const double *prio, keel_plan *out)
{
    const keel_problem *P = w->P;
    int n = P->njobs, nelig = 0, done = 0;
    place_fixed(w, out);
    for (int j = 0; j < n; j++)
        w->npred[j] = P->pred_start[j + 1] - P->pred_start[j];
    for (int k = 0; k < w->nfixed; k++)
        release_succs(w, out, w->fixed[k], &nelig);
    done = w->nfixed;
    for (int j = 0; j < n; j++)
        if (w->npred[j] == 0 && !(P->flags[j] & KEEL_JOB_FIXED)) {
            w->pest[j] = keel_sgs_precedence_start(P, out, j);
            w->elig[nelig++] = j;
        }
    keel_time t = P->origin;
    while (done < n) {
        done += start_at(w, prio, out, t, &nelig);
        if (done >= n)
            break;
        keel_time next = INT64_MAX;
        if (nelig == 0)
            break; /* cannot happen: the precedence graph is acyclic */
        for (int e = 0; e < nelig; e++) {
            int j = w->elig[e];
            keel_time from = w->pest[j] > t ? w->pest[j] : t + 1;
            keel_time s = keel_profile_earliest(w->pf, j, from);
            next = s < next ? s : next;
        }
        t = next;
    }
    set_makespan(out);
}

/* ---------------------------------------------------------------- justification */

/* Fills w->keys with jobs ordered by t (ascending, or descending when desc),
 * ties by index (descending when desc). The job is in the low 24 bits. */
static void order_by(keel_sgs *w, const keel_time *t, bool desc)
{
    const keel_problem *P = w->P;
    keel_time lo = t[0], hi = t[0];
    for (int j = 1; j < P->njobs; j++) {
        lo = t[j] < lo ? t[j] : lo;
        hi = t[j] > hi ? t[j] : hi;
    }
    for (int j = 0; j < P->njobs; j++) {
        uint64_t k = ((uint64_t)(t[j] - lo) << 24) | (uint64_t)j;
        w->keys[j] = desc ? ~k : k;
    }
    (void)hi;
    keel_sort_u64(w->keys, (size_t)P->njobs);
    for (int j = 0; j < P->njobs; j++)
        w->keys[j] = (desc ? ~w->keys[j] : w->keys[j]) & 0xffffff;
}

/* The latest finish of j that its successors (at s's dates) and hi allow. */
keel_time keel_sgs_successor_finish(const keel_problem *P, const keel_plan *s, int j, keel_time hi)
{
    keel_time f = hi;
    for (int a = P->succ_start[j]; a < P->succ_start[j + 1]; a++) {
        const keel_arc *arc = &P->succ[a];
        int k = arc->job;
        keel_time b;
        switch (arc->type) {
        case KEEL_LINK_FS:
            b = keel_problem_unlag(P, k, arc, s->start[k]);
            break;
        case KEEL_LINK_SS:
            b = keel_problem_finish(P, j, keel_problem_unlag(P, k, arc, s->start[k]));
            break;
        case KEEL_LINK_FF:
            b = keel_problem_unlag(P, k, arc, s->finish[k]);
            break;
        default: /* SF */
            b = keel_problem_finish(P, j, keel_problem_unlag(P, k, arc, s->finish[k]));
            break;
        }
        f = b < f ? b : f;
    }
    return f;
}

static void shift_right(keel_sgs *w, keel_plan *s)
{
    const keel_problem *P = w->P;
    order_by(w, s->finish, true);
    for (int q = 0; q < P->njobs; q++) {
        int j = (int)w->keys[q];
        if (P->flags[j] & (KEEL_JOB_FIXED | KEEL_JOB_PINNED))
            continue;
        keel_time hi = keel_sgs_successor_finish(P, s, j, s->makespan);
        if (hi <= s->finish[j])
            continue;
        keel_profile_place(w->pf, j, s->start[j], s->finish[j], -1);
        keel_time f = keel_profile_latest(w->pf, j, s->finish[j], hi);
        if (f != KEEL_TIME_NONE && f > s->finish[j]) {
            keel_time st = keel_problem_sub(P, j, f, P->dur[j]);
            if (keel_problem_finish(P, j, st) == f && st >= s->start[j]) {
                s->start[j] = st;
                s->finish[j] = f;
            }
        }
        keel_profile_place(w->pf, j, s->start[j], s->finish[j], 1);
    }
}

static void shift_left(keel_sgs *w, keel_plan *s)
{
    const keel_problem *P = w->P;
    order_by(w, s->start, false);
    for (int q = 0; q < P->njobs; q++) {
        int j = (int)w->keys[q];
        if (P->flags[j] & KEEL_JOB_FIXED)
            continue;
        keel_time t = keel_sgs_precedence_start(P, s, j);
        if (t >= s->start[j] && !(P->flags[j] & KEEL_JOB_PINNED))
            continue;
        keel_profile_place(w->pf, j, s->start[j], s->finish[j], -1);
        keel_time s0 = s->start[j], f0 = s->finish[j];
        place_job(w, s, j, t);
        if (s->start[j] > s0 && !(P->flags[j] & KEEL_JOB_PINNED)) {
            /* its old slot overlaps a pinned job that ignores resources: stay */
            keel_profile_place(w->pf, j, s->start[j], s->finish[j], -1);
            s->start[j] = s0;
            s->finish[j] = f0;
            keel_profile_place(w->pf, j, s0, f0, 1);
        }
    }
    set_makespan(s);
}

void keel_sgs_justify(keel_sgs *w, keel_plan *s, bool right)
{
    const keel_problem *P = w->P;
    keel_profile_reset(w->pf);
    for (int j = 0; j < P->njobs; j++)
        keel_profile_place(w->pf, j, s->start[j], s->finish[j], 1);
    if (right)
        shift_right(w, s);
    else
        shift_left(w, s);
}

/* ---------------------------------------------------------------- lists */

static bool heap_less(const keel_sgs *w, int a, int b)
{
    double ka = w->hkey[a], kb = w->hkey[b];
    return ka < kb || (ka == kb && a < b);
}

static void heap_push(keel_sgs *w, int *n, int j)
{
    int i = (*n)++;
    while (i > 0 && heap_less(w, j, w->heap[(i - 1) / 2])) {
        w->heap[i] = w->heap[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    w->heap[i] = j;
}

static int heap_pop(keel_sgs *w, int *n)
{
    int top = w->heap[0], x = w->heap[--*n], i = 0;
    for (;;) {
        int c = 2 * i + 1;
        if (c >= *n)
            break;
        if (c + 1 < *n && heap_less(w, w->heap[c + 1], w->heap[c]))
            c++;
        if (!heap_less(w, w->heap[c], x))
            break;
        w->heap[i] = w->heap[c];
        i = c;
    }
    if (*n > 0)
        w->heap[i] = x;
    return top;
}

void keel_sgs_list_from_keys(keel_sgs *w, const double *key, int *list)
{
    const keel_problem *P = w->P;
    int n = P->njobs, hn = 0, out = 0;
    w->hkey = key;
    for (int j = 0; j < n; j++) {
        w->npred[j] = P->pred_start[j + 1] - P->pred_start[j];
        if (w->npred[j] == 0)
            heap_push(w, &hn, j);
    }
    while (hn > 0) {
        int j = heap_pop(w, &hn);
        list[out++] = j;
        for (int a = P->succ_start[j]; a < P->succ_start[j + 1]; a++)
            if (--w->npred[P->succ[a].job] == 0)
                heap_push(w, &hn, P->succ[a].job);
    }
}

void keel_sgs_list_from_plan(keel_sgs *w, const keel_plan *s, int *list)
{
    const keel_problem *P = w->P;
    order_by(w, s->start, false);
    for (int q = 0; q < P->njobs; q++)
        list[q] = (int)w->keys[q];
    if (P->simple) /* FS, lags >= 0, topological numbering: already feasible */
        return;
    double *key = w->dkey;
    for (int q = 0; q < P->njobs; q++)
        key[list[q]] = (double)q;
    keel_sgs_list_from_keys(w, key, list);
}

bool keel_sgs_list_feasible(const keel_problem *P, const int *list, int *pos)
{
    for (int j = 0; j < P->njobs; j++)
        pos[j] = -1;
    for (int q = 0; q < P->njobs; q++) {
        int j = list[q];
        if (j < 0 || j >= P->njobs || pos[j] >= 0)
            return false;
        pos[j] = q;
    }
    for (int j = 0; j < P->njobs; j++)
        for (int a = P->pred_start[j]; a < P->pred_start[j + 1]; a++)
            if (pos[P->pred[a].job] > pos[j])
                return false;
    return true;
}

/* ---------------------------------------------------------------- resource-free bounds */

void keel_sgs_cpm(const keel_problem *P, keel_plan *early, keel_plan *late)
{
    for (int j = 0; j < P->njobs; j++) {
        keel_time s = P->fixed_start[j];
        if (!(P->flags[j] & KEEL_JOB_FIXED))
            s = keel_problem_snap(P, j, keel_sgs_precedence_start(P, early, j));
        early->start[j] = s;
        early->finish[j] = (P->flags[j] & KEEL_JOB_FIXED) ? P->fixed_finish[j]
                                                          : keel_problem_finish(P, j, s);
    }
    set_makespan(early);
    if (!late)
        return;
    for (int j = P->njobs - 1; j >= 0; j--) {
        if (P->flags[j] & (KEEL_JOB_FIXED | KEEL_JOB_PINNED)) {
            late->start[j] = early->start[j];
            late->finish[j] = early->finish[j];
            continue;
        }
        keel_time f = keel_problem_snap_back(P, j, keel_sgs_successor_finish(P, late, j, early->makespan));
        late->finish[j] = f;
        late->start[j] = keel_problem_sub(P, j, f, P->dur[j]);
    }
    late->makespan = early->makespan;
}
