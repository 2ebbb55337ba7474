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
    int npinned;      /* pinned jobs (priority 1000) */
    int *npred;       /* [njobs] predecessors not yet scheduled (parallel SGS) */
    int *elig;        /* [njobs] eligible jobs (parallel SGS) */
    keel_time *pest;  /* [njobs] precedence-earliest start of eligible jobs */
    uint64_t *keys;   /* [njobs] sort keys */
    int *heap;        /* [njobs] */
    double *dkey;     /* [njobs] */
    const double *hkey; /* keys of the heap in use */
    /* the serial engine (see serial_run) */
    const keel_time *not_before;    /* [njobs] earliest starts of this pass, or NULL */
    const keel_time *latest_finish; /* [njobs] within slack, or NULL */
    bool *unresolved;               /* [njobs] within slack: placed in conflict */
    int *pos;         /* [njobs] position in the list of the pass */
    bool *placed;     /* [njobs] in the profile now */
    keel_time *floor; /* [njobs] no start before (a displaced job: where it was) */
    int *pend;        /* heap of displaced jobs waiting, by list position */
    int npend;
    int *stack;       /* [njobs] scratch of graph walks */
    int *mark;        /* [njobs] == stamp: an ancestor of the pinned job placed */
    int stamp;
    int64_t displaced; /* displacements in this pass (a safety limit) */
    int *drags;       /* [njobs] times a pinned job was moved by its predecessors */
    keel_time *undo;  /* [3 * njobs] job, start, finish of moves to take back */
    keel_time *pfinish; /* [nprojects] right-justification limits per project */
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
    w->pos = malloc(n * sizeof *w->pos);
    w->placed = malloc(n * sizeof *w->placed);
    w->floor = malloc(n * sizeof *w->floor);
    w->pend = malloc(n * sizeof *w->pend);
    w->stack = malloc(n * sizeof *w->stack);
    w->mark = calloc(n, sizeof *w->mark);
    w->undo = malloc(3 * n * sizeof *w->undo);
    w->drags = malloc(n * sizeof *w->drags);
    w->pfinish = malloc(((size_t)P->nprojects + 1) * sizeof *w->pfinish);
    if (!w->drags || !w->pfinish || !w->fixed || !w->npred || !w->elig || !w->pest ||
        !w->keys || !w->heap || !w->dkey || !w->pos || !w->placed || !w->floor ||
        !w->pend || !w->stack || !w->mark || !w->undo) {
        keel_sgs_free(w);
        return keel_error_nomem(err);
    }
    for (int j = 0; j < P->njobs; j++) {
        if (P->flags[j] & KEEL_JOB_FIXED)
            w->fixed[w->nfixed++] = j;
        if (P->flags[j] & KEEL_JOB_PINNED)
            w->npinned++;
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
    free(w->pos);
    free(w->placed);
    free(w->floor);
    free(w->pend);
    free(w->stack);
    free(w->mark);
    free(w->undo);
    free(w->drags);
    free(w->pfinish);
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

/* An empty profile but for the fixed jobs, which are placed first. */
static void place_fixed(keel_sgs *w, keel_plan *out)
{
    const keel_problem *P = w->P;
    keel_profile_reset(w->pf);
    for (int k = 0; k < w->nfixed; k++) {
        int j = w->fixed[k];
        out->start[j] = P->fixed_start[j];
        out->finish[j] = P->fixed_finish[j];
        keel_profile_place(w->pf, j, P->fixed_start[j], P->fixed_finish[j], 1);
    }
}

/* Places job j at its earliest feasible start >= t (pinned: at t, snapped). */
static void place_job(keel_sgs *w, keel_plan *out, int j, keel_time t)
{
    const keel_problem *P = w->P;
    keel_time s, f;
    if (P->flags[j] & KEEL_JOB_PINNED) {
        s = keel_problem_snap(P, j, t);
        f = keel_problem_finish(P, j, s);
    } else {
        s = keel_profile_earliest_finish(w->pf, j, t, &f);
    }
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

/* ---------------------------------------------------------------- serial SGS */

/* The serial engine. Jobs are placed in list order; fixed jobs are in the
 * profile before the first. A pinned job goes where its links put it; when
 * it lands on movable jobs placed before it and does not fit, those jobs are
 * displaced: taken out, and placed again after it, no earlier than they were
 * (as MS Project delays the tasks around a task it may not move). A job that
 * is placed again rechecks its successors: those whose links it now breaks
 * (and pinned ones no longer as early as their links allow) are displaced too.
 * Displaced jobs wait in a heap by list position and go before the rest of
 * the list, so every job is placed after its predecessors. Starts only ever
 * grow, so the pass ends. A movable job the pinned one depends on through
 * links stays: moved past it, it would drag the pinned job along. */

static void pend_push(keel_sgs *w, int j)
{
    int i = w->npend++;
    while (i > 0 && w->pos[w->pend[(i - 1) / 2]] > w->pos[j]) {
        w->pend[i] = w->pend[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    w->pend[i] = j;
}

static int pend_pop(keel_sgs *w)
{
    int top = w->pend[0], x = w->pend[--w->npend], i = 0;
    for (;;) {
        int c = 2 * i + 1;
        if (c >= w->npend)
            break;
        if (c + 1 < w->npend && w->pos[w->pend[c + 1]] < w->pos[w->pend[c]])
            c++;
        if (w->pos[w->pend[c]] >= w->pos[x])
            break;
        w->pend[i] = w->pend[c];
        i = c;
    }
    if (w->npend > 0)
        w->pend[i] = x;
    return top;
}

/* Places j at [s, f), f its finish from s. */
static void put_at(keel_sgs *w, keel_plan *out, int j, keel_time s, keel_time f)
{
    out->start[j] = s;
    out->finish[j] = f;
    keel_profile_place(w->pf, j, s, f, 1);
    w->placed[j] = true;
}

static void put(keel_sgs *w, keel_plan *out, int j, keel_time s)
{
    put_at(w, out, j, s, keel_problem_finish(w->P, j, s));
}

/* Takes placed job j out of the profile; it waits to be placed again. */
static void displace(keel_sgs *w, keel_plan *out, int j)
{
    keel_profile_place(w->pf, j, out->start[j], out->finish[j], -1);
    w->placed[j] = false;
    if (!(w->P->flags[j] & KEEL_JOB_PINNED) && out->start[j] > w->floor[j])
        w->floor[j] = out->start[j];
    pend_push(w, j);
}

/* Marks the jobs pinned job j depends on through links (its predecessors,
 * theirs, ...), through jobs that are not fixed: a fixed job stays whatever
 * its predecessors do. Delaying one of them can delay j, so the pass does not
 * move them around j (the verifier accepts that, verify_tied.c). */
static void mark_ancestors(keel_sgs *w, int j)
{
    const keel_problem *P = w->P;
    int n = 0;
    w->stamp++;
    w->stack[n++] = j;
    while (n > 0) {
        int x = w->stack[--n];
        for (int a = P->pred_start[x]; a < P->pred_start[x + 1]; a++) {
            int i = P->pred[a].job;
            if (w->mark[i] == w->stamp || (P->flags[i] & KEEL_JOB_FIXED))
                continue;
            w->mark[i] = w->stamp;
            w->stack[n++] = i;
        }
    }
}

/* Pinned jobs whose places chase each other: P lands on a predecessor of Q,
 * which moved after P drags Q onto a predecessor of P, which drags P, and so
 * on. A pinned job dragged more often than this in one pass, or any pinned
 * job once the pass has displaced this many jobs, yields: it goes where it
 * fits, later than its links allow (keel_level reports such delays). */
#define PINNED_DRAGS 4
static int64_t displace_limit(const keel_problem *P) { return 16 * (int64_t)P->njobs + 1024; }

/* Pinned job j is about to take [s, f): on each resource where it does not
 * fit, the movable jobs placed over that interval go, but its ancestors. */
static void make_room(keel_sgs *w, keel_plan *out, int j, keel_time s, keel_time f)
{
    const keel_problem *P = w->P;
    if (f <= s || keel_profile_fits(w->pf, j, s, f))
        return;
    bool marked = false;
    for (int d = P->dem_start[j]; d < P->dem_start[j + 1]; d++) {
        int r = P->dem_res[d];
        if (keel_profile_fits_units(w->pf, r, P->dem_units[d], s, f))
            continue;
        for (int q = P->res_job_start[r]; q < P->res_job_start[r + 1]; q++) {
            int m = P->res_jobs[q];
            if (!w->placed[m] || (P->flags[m] & (KEEL_JOB_FIXED | KEEL_JOB_PINNED)) ||
                out->start[m] >= f || out->finish[m] <= s)
                continue;
            if (!marked)
                mark_ancestors(w, j);
            marked = true;
            if (w->mark[m] != w->stamp) {
                displace(w, out, m);
                w->displaced++;
            }
        }
    }
}

/* After j was placed again: displaces the successors whose links it now
 * breaks, and pinned ones that no longer start as early as their links allow. */
static void recheck_successors(keel_sgs *w, keel_plan *out, int j)
{
    const keel_problem *P = w->P;
    for (int a = P->succ_start[j]; a < P->succ_start[j + 1]; a++) {
        int y = P->succ[a].job;
        if (!w->placed[y] || (P->flags[y] & KEEL_JOB_FIXED))
            continue;
        keel_time t = keel_sgs_precedence_start(P, out, y);
        bool moved = (P->flags[y] & KEEL_JOB_PINNED) ? keel_problem_snap(P, y, t) != out->start[y]
                                                     : t > out->start[y];
        if (moved && (P->flags[y] & KEEL_JOB_PINNED))
            w->drags[y]++;
        if (moved)
            displace(w, out, y);
    }
}

static void place_movable(keel_sgs *w, keel_plan *out, int j, keel_time t)
{
    const keel_problem *P = w->P;
    t = w->floor[j] > t ? w->floor[j] : t;
    keel_time f, s = keel_profile_earliest_finish(w->pf, j, t, &f);
    if (w->latest_finish) {
        /* no room inside its slack: it stays where its links put it, in conflict */
        w->unresolved[j] = f > w->latest_finish[j];
        if (w->unresolved[j]) {
            s = keel_problem_snap(P, j, t);
            f = keel_problem_finish(P, j, s);
        }
    }
    put_at(w, out, j, s, f);
}

static void place_one(keel_sgs *w, keel_plan *out, int j, bool again)
{
    const keel_problem *P = w->P;
    keel_time t = keel_sgs_precedence_start(P, out, j);
    if ((P->flags[j] & KEEL_JOB_PINNED) &&
        (w->drags[j] > PINNED_DRAGS || w->displaced > displace_limit(P))) {
        put(w, out, j, keel_profile_earliest(w->pf, j, t)); /* it yields */
    } else if (P->flags[j] & KEEL_JOB_PINNED) {
        keel_time s = keel_problem_snap(P, j, t);
        make_room(w, out, j, s, keel_problem_finish(P, j, s));
        put(w, out, j, s);
    } else {
        place_movable(w, out, j, t);
    }
    if (again) /* only a job placed before can have placed successors */
        recheck_successors(w, out, j);
}

/* The pass from list position `from` on; list[0..from) are reserved at their
 * dates in out, as a pass of the same prefix placed them. */
static void serial_run(keel_sgs *w, const int *list, int from, keel_plan *out)
{
    const keel_problem *P = w->P;
    int n = P->njobs;
    place_fixed(w, out);
    for (int j = 0; j < n; j++) {
        w->placed[j] = (P->flags[j] & KEEL_JOB_FIXED) != 0;
        w->floor[j] = KEEL_TIME_NONE;
        w->drags[j] = 0;
        if (w->not_before && !(P->flags[j] & KEEL_JOB_PINNED))
            w->floor[j] = w->not_before[j];
        if (w->unresolved)
            w->unresolved[j] = false;
    }
    for (int k = 0; k < n; k++)
        w->pos[list[k]] = k;
    for (int k = 0; k < from; k++)
        if (!w->placed[list[k]])
            put(w, out, list[k], out->start[list[k]]);
    w->npend = 0;
    w->displaced = 0;
    for (int k = from;;) {
        bool again = w->npend > 0;
        int j = again ? pend_pop(w) : k < n ? list[k++] : -1;
        if (j < 0)
            break;
        if (!w->placed[j])
            place_one(w, out, j, again);
    }
    set_makespan(out);
}

void keel_sgs_serial_not_before(keel_sgs *w, const int *list, const keel_time *not_before,
                                keel_plan *out)
{
    w->not_before = not_before;
    serial_run(w, list, 0, out);
    w->not_before = NULL;
}

void keel_sgs_serial(keel_sgs *w, const int *list, keel_plan *out)
{
    serial_run(w, list, 0, out);
}

void keel_sgs_serial_resume(keel_sgs *w, const int *list, int from, keel_plan *out)
{
    /* with pinned jobs a later one may have displaced an earlier job: whole */
    serial_run(w, list, w->npinned > 0 || from <= 0 ? 0 : from < w->P->njobs ? from : w->P->njobs,
               out);
}

int keel_sgs_serial_within(keel_sgs *w, const int *list, const keel_time *latest_finish,
                           keel_plan *out, bool *unresolved)
{
    w->latest_finish = latest_finish;
    w->unresolved = unresolved;
    serial_run(w, list, 0, out);
    w->latest_finish = NULL;
    w->unresolved = NULL;
    int n = 0;
    for (int j = 0; j < w->P->njobs; j++)
        n += unresolved[j];
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

/* True when every pinned job of the placed plan fits beside the others. */
static bool pinned_fit(keel_sgs *w, const keel_plan *out)
{
    const keel_problem *P = w->P;
    bool fit = true;
    for (int j = 0; j < P->njobs && fit && w->npinned > 0; j++) {
        if (!(P->flags[j] & KEEL_JOB_PINNED))
            continue;
        keel_profile_place(w->pf, j, out->start[j], out->finish[j], -1);
        fit = keel_profile_fits(w->pf, j, out->start[j], out->finish[j]);
        keel_profile_place(w->pf, j, out->start[j], out->finish[j], 1);
    }
    return fit;
}

void keel_sgs_parallel(keel_sgs *w, const double *prio, keel_plan *out)
{
    const keel_problem *P = w->P;
    int n = P->njobs, nelig = 0, done = 0;
    place_fixed(w, out);
    for (int j = 0; j < n; j++)
        w->npred[j] = P->pred_start[j + 1] - P->pred_start[j];
    for (int j = 0; j < n; j++)
        if (w->npred[j] == 0 && !(P->flags[j] & KEEL_JOB_FIXED)) {
            w->pest[j] = keel_sgs_precedence_start(P, out, j);
            w->elig[nelig++] = j;
        }
    /* after the loop above: a job whose only predecessors are fixed becomes
     * eligible here, once */
    for (int k = 0; k < w->nfixed; k++)
        release_succs(w, out, w->fixed[k], &nelig);
    done = w->nfixed;
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
    if (!pinned_fit(w, out)) {
        /* a pinned job landed on jobs started before it: the serial engine
         * places the same order around it */
        keel_sgs_list_from_plan(w, out, w->elig);
        serial_run(w, w->elig, 0, out);
    }
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

/* True when job j of s, moved from [os, of) to its dates in s, asks no
 * successor to start later than it does (or than it already had to). The
 * finish bound of keel_sgs_successor_finish, turned back into a start on
 * j's calendar, can start later than a start-to-start or start-to-finish
 * link allows when the lag counts on another calendar (a task off on a day
 * the lag's calendar works): so the move is checked the way links are
 * applied forwards. */
static bool keeps_successors(const keel_problem *P, keel_plan *s, int j, keel_time os,
                             keel_time of)
{
    for (int a = P->succ_start[j]; a < P->succ_start[j + 1]; a++) {
        int k = P->succ[a].job;
        keel_time ns = s->start[j], nf = s->finish[j];
        keel_time after = keel_sgs_precedence_start(P, s, k);
        if (after <= s->start[k])
            continue;
        s->start[j] = os;
        s->finish[j] = of;
        keel_time before = keel_sgs_precedence_start(P, s, k);
        s->start[j] = ns;
        s->finish[j] = nf;
        if (after > before)
            return false;
    }
    return true;
}

/* Each project's finish in s, into w->pfinish. */
static void project_finishes(keel_sgs *w, const keel_plan *s)
{
    const keel_problem *P = w->P;
    for (int q = 0; q < P->nprojects; q++)
        w->pfinish[q] = KEEL_TIME_NONE;
    for (int j = 0; j < P->njobs; j++)
        if (s->finish[j] > w->pfinish[P->project[j]])
            w->pfinish[P->project[j]] = s->finish[j];
}

/* Moves movable job j of s (in the profile) as late as its successors, lim
 * and the free capacity allow; never earlier. */
static void shift_job_right(keel_sgs *w, keel_plan *s, int j, keel_time lim)
{
    const keel_problem *P = w->P;
    keel_time hi = keel_sgs_successor_finish(P, s, j, lim);
    if (hi <= s->finish[j])
        return;
    keel_profile_place(w->pf, j, s->start[j], s->finish[j], -1);
    keel_time f = keel_profile_latest(w->pf, j, s->finish[j], hi);
    if (f != KEEL_TIME_NONE && f > s->finish[j]) {
        keel_time st = keel_problem_sub(P, j, f, P->dur[j]);
        if (keel_problem_finish(P, j, st) == f && st >= s->start[j]) {
            keel_time os = s->start[j], of = s->finish[j];
            s->start[j] = st;
            s->finish[j] = f;
            if (!keeps_successors(P, s, j, os, of)) {
                s->start[j] = os;
                s->finish[j] = of;
            }
        }
    }
    keel_profile_place(w->pf, j, s->start[j], s->finish[j], 1);
}

/* Right justification; with `per_project`, every job stays within its
 * project's finish in s instead of the makespan. */
static void shift_right(keel_sgs *w, keel_plan *s, bool per_project)
{
    const keel_problem *P = w->P;
    if (per_project)
        project_finishes(w, s);
    order_by(w, s->finish, true);
    for (int q = 0; q < P->njobs; q++) {
        int j = (int)w->keys[q];
        if (P->flags[j] & (KEEL_JOB_FIXED | KEEL_JOB_PINNED))
            continue;
        shift_job_right(w, s, j, per_project ? w->pfinish[P->project[j]] : s->makespan);
    }
}

/* Moves job j of s to [st, finish(st)) in the profile, logging where it was. */
static void move_logged(keel_sgs *w, keel_plan *s, int j, keel_time st, int *nlog)
{
    keel_time *e = w->undo + 3 * (*nlog)++;
    e[0] = j;
    e[1] = s->start[j];
    e[2] = s->finish[j];
    keel_profile_place(w->pf, j, s->start[j], s->finish[j], -1);
    s->start[j] = st;
    s->finish[j] = keel_problem_finish(w->P, j, st);
    keel_profile_place(w->pf, j, st, s->finish[j], 1);
}

/* Takes back the moves of the log, last first. */
static void undo_moves(keel_sgs *w, keel_plan *s, int nlog)
{
    while (nlog > 0) {
        const keel_time *e = w->undo + 3 * --nlog;
        int j = (int)e[0];
        keel_profile_place(w->pf, j, s->start[j], s->finish[j], -1);
        s->start[j] = e[1];
        s->finish[j] = e[2];
        keel_profile_place(w->pf, j, e[1], e[2], 1);
    }
}

/* True when pinned job y fits at st beside everything else placed. */
static bool pinned_fits_at(keel_sgs *w, const keel_plan *s, int y, keel_time st)
{
    keel_profile_place(w->pf, y, s->start[y], s->finish[y], -1);
    bool fit = keel_profile_fits(w->pf, y, st, keel_problem_finish(w->P, y, st));
    keel_profile_place(w->pf, y, s->start[y], s->finish[y], 1);
    return fit;
}

/* Job j moved earlier: its pinned successors (and theirs) follow to where
 * their links now let them start, each only where it fits. False when one
 * does not fit (or the log is full); the caller then takes the moves back,
 * so that a pinned job always starts as early as its links allow. */
static bool pull_pinned(keel_sgs *w, keel_plan *s, int j, int *nlog)
{
    const keel_problem *P = w->P;
    int n = 0;
    w->stack[n++] = j;
    while (n > 0) {
        int x = w->stack[--n];
        for (int a = P->succ_start[x]; a < P->succ_start[x + 1]; a++) {
            int y = P->succ[a].job;
            if (!(P->flags[y] & KEEL_JOB_PINNED))
                continue;
            keel_time t = keel_problem_snap(P, y, keel_sgs_precedence_start(P, s, y));
            if (t >= s->start[y])
                continue;
            if (*nlog >= P->njobs || n >= P->njobs || !pinned_fits_at(w, s, y, t))
                return false;
            move_logged(w, s, y, t, nlog);
            w->stack[n++] = y;
        }
    }
    return true;
}

/* Moves job j as early as its links and the free capacity allow, with its
 * pinned successors; nothing moves when they cannot follow. */
static void move_left(keel_sgs *w, keel_plan *s, int j)
{
    const keel_problem *P = w->P;
    keel_time t = keel_sgs_precedence_start(P, s, j);
    if (t >= s->start[j])
        return;
    keel_time st;
    if (P->flags[j] & KEEL_JOB_PINNED) {
        st = keel_problem_snap(P, j, t);
        if (st >= s->start[j] || !pinned_fits_at(w, s, j, st))
            return;
    } else {
        keel_profile_place(w->pf, j, s->start[j], s->finish[j], -1);
        st = keel_profile_earliest(w->pf, j, t);
        keel_profile_place(w->pf, j, s->start[j], s->finish[j], 1);
        if (st >= s->start[j])
            return;
    }
    int nlog = 0;
    move_logged(w, s, j, st, &nlog);
    if (!pull_pinned(w, s, j, &nlog))
        undo_moves(w, s, nlog);
}

static void shift_left(keel_sgs *w, keel_plan *s)
{
    const keel_problem *P = w->P;
    order_by(w, s->start, false);
    for (int q = 0; q < P->njobs; q++) {
        int j = (int)w->keys[q];
        if (!(P->flags[j] & KEEL_JOB_FIXED))
            move_left(w, s, j);
    }
    set_makespan(s);
}

/* The profile of every job of s. */
static void load_profile(keel_sgs *w, const keel_plan *s)
{
    const keel_problem *P = w->P;
    keel_profile_reset(w->pf);
    order_by(w, s->start, false); /* by start: the profile's steps grow at their ends */
    for (int q = 0; q < P->njobs; q++) {
        int j = (int)w->keys[q];
        keel_profile_place(w->pf, j, s->start[j], s->finish[j], 1);
    }
}

static void justify(keel_sgs *w, keel_plan *s, bool right, bool per_project)
{
    load_profile(w, s);
    if (right)
        shift_right(w, s, per_project);
    else
        shift_left(w, s);
}

void keel_sgs_justify(keel_sgs *w, keel_plan *s, bool right)
{
    justify(w, s, right, false);
}

void keel_sgs_justify_projects(keel_sgs *w, keel_plan *s)
{
    justify(w, s, true, true);
}

/* A milestone at the start of a working period goes to the end of the
 * previous one, the same working instant (as cpm.c's late dates), when its
 * predecessors allow. */
static void milestone_back(keel_sgs *w, keel_plan *s, int j)
{
    const keel_problem *P = w->P;
    if (P->dur[j] != 0 || P->continuous)
        return;
    keel_time t = keel_calendar_prev_work_end(P->cal[j], s->start[j]);
    if (t < s->start[j] && t >= keel_sgs_precedence_start(P, s, j))
        s->start[j] = s->finish[j] = t;
}

void keel_sgs_alap(keel_sgs *w, keel_plan *s)
{
    const keel_problem *P = w->P;
    if (P->nalap == 0)
        return;
    load_profile(w, s);
    project_finishes(w, s);
    for (int j = P->njobs - 1; j >= 0; j--) {
        if ((P->flags[j] & (KEEL_JOB_ALAP | KEEL_JOB_PINNED)) != KEEL_JOB_ALAP)
            continue;
        keel_time lim = w->pfinish[P->project[j]], own = P->latest_finish[j];
        shift_job_right(w, s, j, own != KEEL_TIME_NONE && own < lim ? own : lim);
        milestone_back(w, s, j);
    }
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
