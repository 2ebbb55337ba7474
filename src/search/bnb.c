/* SPDX-License-Identifier: GPL-3.0-or-later
 * Branch and bound for the classic RCPSP (see bnb.h).
 *
 * Time is counted in grid units (the greatest common divisor of the
 * durations) from the origin. The search is an explicit stack of frames, one
 * per decision point, so that it can stop after any node and resume in the
 * next round of the parallel driver with a lower target: everything pruned
 * for a higher target stays pruned.
 */
#include "search/bnb.h"

#include <stdlib.h>
#include <string.h>

#include "base/error.h"

#define BNB_MAX_JOBS 64
#define BNB_MAX_CELLS 4000000 /* resources x grid periods of the usage profile */
#define MEMO_FIRST (1 << 16)     /* remembered nodes at first; doubles up to */
#define MEMO_ENTRIES (1 << 22)   /* ... this (96 MB of entries) */
#define MEMO_RUNNING (1 << 24)   /* running jobs over all remembered nodes (64 MB) */

enum { ENTER, DESCEND, BACKTRACK };
enum { UNDECIDED, STARTED, LEFT_OUT };

typedef struct frame {
    int t;             /* the decision point */
    int phase;
    uint64_t zero;     /* zero-duration jobs started on entering */
    int ne, i;         /* eligible jobs and the position being decided */
    int *e;            /* [n] eligible jobs, longest tail first */
    unsigned char *c;  /* [n] decision per position */
} frame;

/* An explored node, for the cutset rule: jobs started, the decision point,
 * and the jobs still running then with their finishes. */
typedef struct memo_entry {
    uint64_t set;
    int32_t t, nrun, next;
    int32_t running;   /* index into the pool: finish << 6 | job per job */
} memo_entry;

struct keel_bnb {
    const keel_problem *P;
    int n, nres, horizon;   /* schedules must finish by horizon (grid) */
    int64_t unit;
    int *dur, *tail, *dem;  /* dem: [n * nres] */
    int *cap, *use;         /* use: [nres * (cells per resource)] */
    int cells;
    int *start, *fin, *best, *est;
    uint64_t started, all, milestones; /* milestones: zero-duration jobs */
    frame *fr;
    int depth;
    bool begun, done, improved;
    int64_t steps;
    memo_entry *memo;
    int32_t *head, *pool;    /* head: [memo_cap] hash chains */
    int nmemo, npool, memo_cap, pool_cap;
};

static int64_t grid_unit(const keel_problem *P)
{
    int64_t u = 0;
    for (int j = 0; j < P->njobs; j++)
        u = keel_gcd(u, P->dur[j]);
    return u > 0 ? u : 1;
}

static bool constant_capacity(const keel_problem_cap *c)
{
    for (int i = 1; i < c->n; i++)
        if (c->units[i] != c->units[0])
            return false;
    return c->n > 0;
}

static bool classic(const keel_problem *P)
{
    if (P->njobs > BNB_MAX_JOBS || P->njobs == 0 || !P->continuous || !P->simple)
        return false;
    for (int j = 0; j < P->njobs; j++) {
        if (P->flags[j] || P->est[j] > P->origin)
            return false;
        for (int a = P->pred_start[j]; a < P->pred_start[j + 1]; a++)
            if (P->pred[a].type != KEEL_LINK_FS || P->pred[a].lag != 0)
                return false;
    }
    for (int r = 0; r < P->nres; r++)
        if (!constant_capacity(&P->cap[r]))
            return false;
    return true;
}

/* The grid period schedules must finish by to finish before ub. */
static int64_t horizon_of(const keel_problem *P, int64_t unit, keel_time ub)
{
    return (ub - 1 - P->origin) / unit;
}

bool keel_bnb_applies(const keel_problem *P, keel_time ub)
{
    if (!classic(P))
        return false;
    int64_t h = horizon_of(P, grid_unit(P), ub);
    return h >= 0 && (h + 1) * (P->nres > 0 ? P->nres : 1) <= BNB_MAX_CELLS;
}

void keel_bnb_free(keel_bnb *b)
{
    if (!b)
        return;
    free(b->dur);
    free(b->fr);
    free(b->use);
    free(b->memo);
    free(b->head);
    free(b->pool);
    free(b);
}

/* One allocation per array family keeps keel_bnb_free short. */
static bool allocate(keel_bnb *b)
{
    size_t n = (size_t)b->n, k = (size_t)(b->nres > 0 ? b->nres : 1);
    size_t ints = 6 * n + k + n * k + (n + 2) * 2 * (n + 1);
    b->dur = malloc(sizeof(int) * ints);
    b->fr = calloc(n + 2, sizeof *b->fr);
    b->use = calloc(k * (size_t)b->cells, sizeof(int));
    b->memo_cap = MEMO_FIRST;
    b->pool_cap = 4 * MEMO_FIRST;
    b->memo = malloc(sizeof(memo_entry) * (size_t)b->memo_cap);
    b->head = malloc(sizeof(int32_t) * (size_t)b->memo_cap);
    b->pool = malloc(sizeof(int32_t) * (size_t)b->pool_cap);
    if (!b->dur || !b->fr || !b->use || !b->memo || !b->head || !b->pool)
        return false;
    int *p = b->dur + n;
    b->tail = p, p += n;
    b->start = p, p += n;
    b->fin = p, p += n;
    b->best = p, p += n;
    b->est = p, p += n;
    b->cap = p, p += k;
    b->dem = p, p += n * k;
    for (size_t f = 0; f < n + 2; f++) {
        b->fr[f].e = p, p += n + 1;
        b->fr[f].c = (unsigned char *)p, p += n + 1;
    }
    memset(b->head, -1, sizeof(int32_t) * (size_t)b->memo_cap);
    return true;
}

static void load(keel_bnb *b)
{
    const keel_problem *P = b->P;
    for (int j = 0; j < b->n; j++) {
        b->dur[j] = (int)(P->dur[j] / b->unit);
        for (int r = 0; r < b->nres; r++)
            b->dem[j * b->nres + r] = 0;
        for (int a = P->dem_start[j]; a < P->dem_start[j + 1]; a++)
            b->dem[j * b->nres + P->dem_res[a]] += P->dem_units[a];
    }
    for (int r = 0; r < b->nres; r++)
        b->cap[r] = P->cap[r].units[0];
    for (int j = b->n - 1; j >= 0; j--) { /* jobs are in topological order */
        int longest = 0;
        for (int a = P->succ_start[j]; a < P->succ_start[j + 1]; a++)
            if (b->tail[P->succ[a].job] > longest)
                longest = b->tail[P->succ[a].job];
        b->tail[j] = b->dur[j] + longest;
    }
    b->all = b->n == 64 ? ~0ULL : (1ULL << b->n) - 1;
    for (int j = 0; j < b->n; j++)
        if (b->dur[j] == 0)
            b->milestones |= 1ULL << j;
}

keel_status keel_bnb_new(const keel_problem *P, keel_time ub, keel_bnb **out, keel_error *err)
{
    *out = NULL;
    if (!keel_bnb_applies(P, ub))
        return keel_error_set(err, KEEL_ERR_INVALID, NULL, 0,
                              "branch and bound: not a classic RCPSP");
    keel_bnb *b = calloc(1, sizeof *b);
    if (!b)
        return keel_error_nomem(err);
    *b = (keel_bnb){.P = P, .n = P->njobs, .nres = P->nres, .unit = grid_unit(P)};
    b->horizon = (int)horizon_of(P, b->unit, ub);
    b->cells = b->horizon + 1;
    if (!allocate(b)) {
        keel_bnb_free(b);
        return keel_error_nomem(err);
    }
    load(b);
    *out = b;
    return KEEL_OK;
}

static bool is_started(const keel_bnb *b, int j)
{
    return b->started >> j & 1;
}

static bool fits(const keel_bnb *b, int j, int t)
{
    if (t + b->dur[j] > b->horizon)
        return false;
    for (int r = 0; r < b->nres; r++) {
        int d = b->dem[j * b->nres + r];
        const int *u = b->use + (size_t)r * (size_t)b->cells;
        for (int x = t; d > 0 && x < t + b->dur[j]; x++)
            if (u[x] + d > b->cap[r])
                return false;
    }
    return true;
}

static void occupy(keel_bnb *b, int j, int t, int sign)
{
    for (int r = 0; r < b->nres; r++) {
        int d = sign * b->dem[j * b->nres + r];
        int *u = b->use + (size_t)r * (size_t)b->cells;
        for (int x = t; d != 0 && x < t + b->dur[j]; x++)
            u[x] += d;
    }
}

static void start_job(keel_bnb *b, int j, int t)
{
    b->started |= 1ULL << j;
    b->start[j] = t;
    b->fin[j] = t + b->dur[j];
    occupy(b, j, t, 1);
}

static void unstart_job(keel_bnb *b, int j)
{
    occupy(b, j, b->start[j], -1);
    b->started &= ~(1ULL << j);
}

/* When every predecessor of j has started: the latest of their finishes;
 * else -1. */
static int ready_at(const keel_bnb *b, int j)
{
    const keel_problem *P = b->P;
    int r = 0;
    for (int a = P->pred_start[j]; a < P->pred_start[j + 1]; a++) {
        int p = P->pred[a].job;
        if (!is_started(b, p))
            return -1;
        r = b->fin[p] > r ? b->fin[p] : r;
    }
    return r;
}

/* The critical-path bound from decision point t (earliest starts by
 * precedence, then the tails) and each resource's energy bound. */
static int lower_bound(keel_bnb *b, int t)
{
    const keel_problem *P = b->P;
    int lb = t;
    for (int j = 0; j < b->n; j++) {
        if (is_started(b, j)) {
            lb = b->fin[j] > lb ? b->fin[j] : lb;
            continue;
        }
        int e = t;
        for (int a = P->pred_start[j]; a < P->pred_start[j + 1]; a++) {
            int p = P->pred[a].job;
            int f = is_started(b, p) ? b->fin[p] : b->est[p] + b->dur[p];
            e = f > e ? f : e;
        }
        b->est[j] = e;
        lb = e + b->tail[j] > lb ? e + b->tail[j] : lb;
    }
    for (int r = 0; r < b->nres; r++) {
        int64_t work = 0;
        for (int j = 0; j < b->n; j++) {
            int d = b->dem[j * b->nres + r];
            int left = !is_started(b, j) ? b->dur[j] : b->fin[j] > t ? b->fin[j] - t : 0;
            work += (int64_t)d * left;
        }
        int64_t e = t + (work + b->cap[r] - 1) / (b->cap[r] > 0 ? b->cap[r] : 1);
        lb = e > lb ? (int)e : lb;
    }
    return lb;
}

static uint32_t bucket(const keel_bnb *b, uint64_t set)
{
    set ^= set >> 33;
    set *= 0xff51afd7ed558ccdULL;
    set ^= set >> 33;
    return (uint32_t)(set & (uint64_t)(b->memo_cap - 1));
}

/* The cutset rule: an explored node with the same jobs started, at the same
 * or an earlier decision point, whose running jobs finish no later than here,
 * leaves every completion of this node open to itself. */
static bool dominated(const keel_bnb *b, int t)
{
    for (int32_t k = b->head[bucket(b, b->started)]; k >= 0; k = b->memo[k].next) {
        const memo_entry *m = &b->memo[k];
        if (m->set != b->started || m->t > t)
            continue;
        const int32_t *run = b->pool + m->running;
        int a = 0;
        while (a < m->nrun && ((run[a] >> 6) <= t || b->fin[run[a] & 63] >= run[a] >> 6))
            a++;
        if (a == m->nrun)
            return true;
    }
    return false;
}

/* Doubles the table of remembered nodes (rebuilding the hash chains) or
 * the pool of their running jobs; false at the cap or out of memory. */
static bool grow_memo(keel_bnb *b)
{
    if (b->memo_cap >= MEMO_ENTRIES)
        return false;
    size_t cap = 2 * (size_t)b->memo_cap;
    memo_entry *m = realloc(b->memo, sizeof *m * cap);
    if (m)
        b->memo = m;
    int32_t *h = m ? realloc(b->head, sizeof *h * cap) : NULL;
    if (!h)
        return false;
    b->head = h;
    b->memo_cap = (int)cap;
    memset(b->head, -1, sizeof *h * cap);
    for (int k = 0; k < b->nmemo; k++) {
        uint32_t x = bucket(b, b->memo[k].set);
        b->memo[k].next = b->head[x];
        b->head[x] = k;
    }
    return true;
}

static bool grow_pool(keel_bnb *b)
{
    if (b->pool_cap >= MEMO_RUNNING)
        return false;
    int32_t *p = realloc(b->pool, sizeof *p * 2 * (size_t)b->pool_cap);
    if (!p)
        return false;
    b->pool = p;
    b->pool_cap *= 2;
    return true;
}

/* True when the node being left (decision point t, the current state)
 * dominates the remembered node m: it then takes m's place. */
static bool covers(const keel_bnb *b, int t, const memo_entry *m)
{
    if (m->set != b->started || m->t < t)
        return false;
    const int32_t *run = b->pool + m->running;
    for (int j = 0; j < b->n; j++) {
        if (!is_started(b, j) || b->fin[j] <= m->t)
            continue;
        int a = 0;
        while (a < m->nrun && (run[a] & 63) != j)
            a++;
        if (a == m->nrun || run[a] >> 6 < b->fin[j])
            return false;
    }
    return true;
}

/* Records an explored node, in the place of one it dominates if any: a node
 * dominates the nodes below it where it left every eligible job out, which
 * would otherwise fill the chain of its started set (when the table is full,
 * the search only prunes less). */
static void remember(keel_bnb *b, int t)
{
    int nrun = 0;
    for (int j = 0; j < b->n; j++)
        nrun += is_started(b, j) && b->fin[j] > t;
    uint32_t h = bucket(b, b->started);
    int32_t k = b->head[h];
    while (k >= 0 && !covers(b, t, &b->memo[k]))
        k = b->memo[k].next;
    if ((k < 0 && b->nmemo == b->memo_cap && !grow_memo(b)) ||
        (b->npool + nrun > b->pool_cap && !grow_pool(b)))
        return;
    if (k < 0) {
        h = bucket(b, b->started); /* the table may have grown */
        k = b->nmemo++;
        b->memo[k] = (memo_entry){.set = b->started, .next = b->head[h]};
        b->head[h] = k;
    }
    memo_entry *m = &b->memo[k];
    m->t = t;
    m->nrun = nrun;
    m->running = b->npool;
    for (int j = 0; j < b->n; j++)
        if (is_started(b, j) && b->fin[j] > t)
            b->pool[b->npool++] = b->fin[j] << 6 | j;
}

/* Zero-duration jobs start as soon as their predecessors finish. */
static uint64_t start_milestones(keel_bnb *b, int t)
{
    uint64_t zero = 0;
    for (bool more = true; more;) {
        more = false;
        for (uint64_t left = b->milestones & ~b->started; left; left &= left - 1) {
            int j = __builtin_ctzll(left), r;
            if ((r = ready_at(b, j)) >= 0 && r <= t) {
                start_job(b, j, r);
                zero |= 1ULL << j;
                more = true;
            }
        }
    }
    return zero;
}

/* Entering a node: false when it is pruned. Otherwise lists the eligible
 * jobs, the most critical first (the first dive is a parallel schedule by
 * longest tail). */
static bool open_frame(keel_bnb *b, frame *f)
{
    f->zero = start_milestones(b, f->t);
    if (lower_bound(b, f->t) > b->horizon || dominated(b, f->t))
        return false;
    f->ne = 0;
    for (int j = 0; j < b->n; j++) {
        int r;
        if (!is_started(b, j) && (r = ready_at(b, j)) >= 0 && r <= f->t)
            f->e[f->ne++] = j;
    }
    for (int i = 1; i < f->ne; i++) { /* insertion sort by tail, then index */
        int x = f->e[i], k = i;
        while (k > 0 && b->tail[f->e[k - 1]] < b->tail[x]) {
            f->e[k] = f->e[k - 1];
            k--;
        }
        f->e[k] = x;
    }
    memset(f->c, UNDECIDED, (size_t)f->ne);
    f->i = 0;
    return true;
}

static void push(keel_bnb *b, int t)
{
    frame *f = &b->fr[b->depth++];
    f->t = t;
    f->phase = ENTER;
    f->zero = 0;
    f->ne = 0;
}

static void pop(keel_bnb *b, bool explored)
{
    frame *f = &b->fr[b->depth - 1];
    if (explored)
        remember(b, f->t);
    for (int j = 0; j < b->n; j++)
        if (f->zero >> j & 1)
            unstart_job(b, j);
    b->depth--;
}

/* Starts, in order, every remaining eligible job that fits. */
static void descend(keel_bnb *b, frame *f)
{
    for (; f->i < f->ne; f->i++) {
        int j = f->e[f->i];
        if (fits(b, j, f->t)) {
            start_job(b, j, f->t);
            f->c[f->i] = STARTED;
        } else {
            f->c[f->i] = LEFT_OUT;
        }
    }
}

/* The next subset: the last job started is left out instead, and the jobs
 * after it are decided again. False when every subset was tried. */
static bool next_subset(keel_bnb *b, frame *f)
{
    for (int i = f->ne - 1; i >= 0; i--) {
        if (f->c[i] == STARTED) {
            unstart_job(b, f->e[i]);
            f->c[i] = LEFT_OUT;
            f->i = i + 1;
            return true;
        }
        f->c[i] = UNDECIDED;
    }
    return false;
}

/* True when job j, started at t, could start earlier in the partial schedule:
 * then no completion is active. The profile only falls at finishes, so the
 * candidates are j's ready time and the finishes before t. */
static bool left_shiftable(keel_bnb *b, int j, int t)
{
    int r = ready_at(b, j);
    bool shift = false;
    occupy(b, j, t, -1);
    if (r < t && fits(b, j, r))
        shift = true;
    for (int i = 0; i < b->n && !shift; i++)
        if (is_started(b, i) && b->fin[i] > r && b->fin[i] < t &&
            fits(b, j, b->fin[i]))
            shift = true;
    occupy(b, j, t, 1);
    return shift;
}

static void record(keel_bnb *b)
{
    int makespan = 0;
    for (int j = 0; j < b->n; j++)
        makespan = b->fin[j] > makespan ? b->fin[j] : makespan;
    memcpy(b->best, b->start, sizeof(int) * (size_t)b->n);
    b->improved = true;
    b->horizon = makespan - 1;
}

/* A subset of frame f is decided: checks it, then records a schedule or
 * opens the next decision point. */
static void leaf(keel_bnb *b, frame *f)
{
    for (int i = 0; i < f->ne; i++)
        if (f->c[i] == STARTED && left_shiftable(b, f->e[i], f->t))
            return;
    if (b->started == b->all) {
        record(b);
        return;
    }
    int next = -1;
    for (int j = 0; j < b->n; j++)
        if (is_started(b, j) && b->fin[j] > f->t && (next < 0 || b->fin[j] < next))
            next = b->fin[j];
    if (next >= 0)
        push(b, next);
}

/* One step: enter a node, decide one subset, or move to the next subset. */
static void step(keel_bnb *b)
{
    frame *f = &b->fr[b->depth - 1];
    b->steps++;
    switch (f->phase) {
    case ENTER:
        if (!open_frame(b, f)) {
            pop(b, false);
            return;
        }
        f->phase = DESCEND;
        return;
    case DESCEND:
        descend(b, f);
        f->phase = BACKTRACK;
        leaf(b, f); /* may push a child: f is resumed when it pops */
        return;
    default:
        if (next_subset(b, f))
            f->phase = DESCEND;
        else
            pop(b, true);
    }
}

int64_t keel_bnb_run(keel_bnb *b, int64_t steps, keel_time ub, keel_plan *out, bool *found)
{
    *found = false;
    int64_t h = horizon_of(b->P, b->unit, ub);
    if (h < b->horizon)
        b->horizon = (int)h;
    if (!b->begun) {
        b->begun = true;
        push(b, 0);
    }
    int64_t n0 = b->steps;
    b->improved = false;
    while (b->depth > 0 && b->steps - n0 < steps)
        step(b);
    b->done = b->depth == 0;
    if (b->improved) {
        const keel_problem *P = b->P;
        out->makespan = P->origin;
        for (int j = 0; j < b->n; j++) {
            out->start[j] = P->origin + b->best[j] * b->unit;
            out->finish[j] = keel_problem_finish(P, j, out->start[j]);
            out->makespan = out->finish[j] > out->makespan ? out->finish[j] : out->makespan;
        }
        *found = true;
    }
    return b->steps - n0;
}

bool keel_bnb_done(const keel_bnb *b)
{
    return b->done;
}
