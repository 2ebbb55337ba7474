/* SPDX-License-Identifier: GPL-3.0-or-later
 * Calendars of the model: every definition compiled, and each task's effective
 * calendar. MS Project schedules a task with resources on the resources'
 * calendars, and on the common working time of the task calendar and the
 * resource calendars when the task has its own calendar (unless
 * IgnoreResourceCalendar). With several resources keel uses the time common to
 * all of them (MS Project runs each assignment on its own calendar; keel keeps
 * one interval per task, see README "Time"). A task with an elapsed duration
 * runs on a 24-hour calendar whatever its calendars. Lags use the successor's
 * task calendar, else its project calendar (MS Project KB 159773).
 */
#include <stdio.h>
#include <string.h>

#include "base/error.h"
#include "model/finish.h"

#define MAX_KEY 16

typedef struct cal_key {
    int n;
    int cal[MAX_KEY]; /* base first, then sorted resource calendars */
    int index;        /* compiled calendar, -1 when the calendars share no time */
} cal_key;

/* An open-addressing set of keys (indices into a vector of cal_key), grown to
 * stay at most half full. */
typedef struct key_table {
    int *slot; /* -1 when empty */
    size_t cap, len;
} key_table;

typedef struct cal_state {
    keel_portfolio *p;
    KEEL_VEC(keel_calendar) cals;
    int *canon;              /* per definition: the first identical definition */
    KEEL_VEC(cal_key) keys;  /* task keys as read (definition indices) */
    KEEL_VEC(cal_key) ckeys; /* the same with identical definitions merged */
    KEEL_VEC(keel_calendar) shared; /* per canonical key: its working time */
    key_table kt, ckt;
} cal_state;

static uint64_t key_hash(const cal_key *k)
{
    uint64_t h = (uint64_t)k->n * 0x9e3779b97f4a7c15ULL;
    for (int i = 0; i < k->n; i++)
        h = (h ^ (uint64_t)(uint32_t)k->cal[i]) * 0xff51afd7ed558ccdULL;
    return h ^ (h >> 29);
}

static bool key_equal(const cal_key *a, const cal_key *b)
{
    return a->n == b->n && memcmp(a->cal, b->cal, sizeof(int) * (size_t)a->n) == 0;
}

/* The slot of key k in t (holding -1 when k is absent). */
static size_t key_slot(const key_table *t, const cal_key *keys, const cal_key *k)
{
    size_t i = (size_t)key_hash(k) & (t->cap - 1);
    while (t->slot[i] >= 0 && !key_equal(&keys[t->slot[i]], k))
        i = (i + 1) & (t->cap - 1);
    return i;
}

/* Makes room for one more key; false when out of memory. */
static bool key_reserve(key_table *t, const cal_key *keys)
{
    if (2 * (t->len + 1) <= t->cap) return true;
    size_t cap = t->cap ? 2 * t->cap : 64;
    int *slot = malloc(cap * sizeof *slot);
    if (!slot) return false;
    for (size_t i = 0; i < cap; i++)
        slot[i] = -1;
    key_table n = {.slot = slot, .cap = cap, .len = t->len};
    for (size_t i = 0; i < t->cap; i++)
        if (t->slot[i] >= 0) n.slot[key_slot(&n, keys, &keys[t->slot[i]])] = t->slot[i];
    free(t->slot);
    *t = n;
    return true;
}

/* Compiles every definition; definitions with the same working time as an
 * earlier one share its arrays (canon records which). */
static keel_status compile_defs(cal_state *s, keel_error *err)
{
    keel_portfolio *p = s->p;
    size_t cap = 64;
    while (cap < 2 * (size_t)p->ndefs)
        cap *= 2;
    int *slot = malloc(cap * sizeof *slot);
    uint64_t *hash = malloc(((size_t)p->ndefs + 1) * sizeof *hash);
    s->canon = malloc(((size_t)p->ndefs + 1) * sizeof *s->canon);
    if (!slot || !hash || !s->canon || !KEEL_VEC_RESERVE(&s->cals, (size_t)p->ndefs + 1)) {
        free(slot);
        free(hash);
        return keel_error_nomem(err);
    }
    for (size_t i = 0; i < cap; i++)
        slot[i] = -1;
    keel_status st = KEEL_OK;
    for (int i = 0; i < p->ndefs && st == KEEL_OK; i++) {
        const char *file = p->calendar_defs[i].file;
        for (int j = 0; j < p->nprojects && !file; j++)
            if (p->projects[j].calendar == i)
                file = p->projects[j].file;
        keel_calendar c;
        st = keel_calendar_compile(p->calendar_defs, p->ndefs, i, p->arena, file, &c, err);
        if (st != KEEL_OK)
            break;
        hash[i] = keel_calendar_hash(&c);
        size_t h = (size_t)hash[i] & (cap - 1);
        while (slot[h] >= 0 &&
               (hash[slot[h]] != hash[i] || !keel_calendar_same(&s->cals.data[slot[h]], &c)))
            h = (h + 1) & (cap - 1);
        if (slot[h] < 0) {
            slot[h] = i;
        } else { /* share the earlier one's arrays, keep the name */
            const char *name = c.name;
            c = s->cals.data[slot[h]];
            c.name = name;
        }
        s->canon[i] = slot[h];
        s->cals.data[s->cals.len++] = c;
    }
    free(slot);
    free(hash);
    return st;
}

static void insert_sorted(cal_key *k, int cal)
{
    for (int i = 1; i < k->n; i++)
        if (k->cal[i] == cal)
            return;
    if (k->n == MAX_KEY)
        return; /* more distinct calendars than this on one task: keep the first */
    int i = k->n++;
    while (i > 1 && k->cal[i - 1] > cal) {
        k->cal[i] = k->cal[i - 1];
        i--;
    }
    k->cal[i] = cal;
}

/* The calendars a task runs on: base (task or first resource or project
 * calendar) and the other resource calendars. */
static cal_key task_key(const keel_portfolio *p, int t)
{
    const keel_task *task = &p->tasks[t];
    cal_key k = {.n = 1, .cal = {task->task_calendar}};
    cal_key res = {.n = 1};
    for (int a = p->asg_start[t]; a < p->asg_start[t + 1]; a++) {
        const keel_resource *r = &p->resources[p->assignments[a].resource];
        if (r->type == KEEL_RES_WORK && r->calendar >= 0 && p->assignments[a].units > 0)
            insert_sorted(&res, r->calendar);
    }
    if (task->task_calendar >= 0) {
        if (!task->ignore_resource_calendar)
            for (int i = 1; i < res.n; i++)
                insert_sorted(&k, res.cal[i]);
    } else if (res.n > 1) {
        k.cal[0] = res.cal[1];
        for (int i = 2; i < res.n; i++)
            insert_sorted(&k, res.cal[i]);
    } else {
        k.cal[0] = p->projects[task->project].calendar;
    }
    return k;
}

/* The name of the intersection of k's calendars as keel_calendar_intersect
 * folds it: "A & B & C", a continuous calendar leaving the other's name. */
static bool key_name(cal_state *s, const cal_key *k, const char **out)
{
    const keel_calendar *c = &s->cals.data[k->cal[0]];
    const char *name = c->name;
    bool continuous = c->continuous;
    for (int i = 1; i < k->n; i++) {
        const keel_calendar *next = &s->cals.data[k->cal[i]];
        if (continuous) {
            name = next->name;
        } else if (!next->continuous) {
            const char *x = name ? name : "?", *y = next->name ? next->name : "?";
            size_t n = strlen(x) + strlen(y) + 4;
            char *j = keel_arena_alloc(s->p->arena, n);
            if (!j) return false;
            snprintf(j, n, "%s & %s", x, y);
            name = j;
        }
        continuous = continuous && next->continuous;
    }
    *out = name;
    return true;
}

/* The working time of canonical key ck (sorted, identical definitions
 * merged): ck->index into s->shared, -1 when the calendars share no time.
 * Intersection is commutative and compiled calendars canonical, so every key
 * with the same canonical key has the same working time. */
static keel_status intersect_canonical(cal_state *s, cal_key *ck, keel_error *err)
{
    if (!key_reserve(&s->ckt, s->ckeys.data)) return keel_error_nomem(err);
    size_t slot = key_slot(&s->ckt, s->ckeys.data, ck);
    if (s->ckt.slot[slot] >= 0) {
        ck->index = s->ckeys.data[s->ckt.slot[slot]].index;
        return KEEL_OK;
    }
    keel_status st = KEEL_OK;
    keel_calendar acc = s->cals.data[ck->cal[0]];
    for (int i = 1; i < ck->n && st == KEEL_OK; i++) {
        keel_calendar next;
        st = keel_calendar_intersect(&acc, &s->cals.data[ck->cal[i]], s->p->arena, &next, err);
        acc = next;
    }
    if (st == KEEL_ERR_NOMEM) return st;
    ck->index = -1;
    if (st == KEEL_OK) {
        ck->index = (int)s->shared.len;
        if (!KEEL_VEC_PUSH(&s->shared, acc)) return keel_error_nomem(err);
    }
    if (!KEEL_VEC_PUSH(&s->ckeys, *ck)) return keel_error_nomem(err);
    s->ckt.slot[slot] = (int)s->ckeys.len - 1;
    s->ckt.len++;
    return KEEL_OK;
}

/* Sets k->index to the compiled calendar of task key k (-1 when its calendars
 * share no working time): one calendar per distinct key, in order of first
 * use, named after k's own calendars, sharing the arrays of any identical one. */
static keel_status intersect_key(cal_state *s, cal_key *k, keel_error *err)
{
    if (!key_reserve(&s->kt, s->keys.data)) return keel_error_nomem(err);
    size_t slot = key_slot(&s->kt, s->keys.data, k);
    if (s->kt.slot[slot] >= 0) {
        k->index = s->keys.data[s->kt.slot[slot]].index;
        return KEEL_OK;
    }
    cal_key ck = {.n = 0};
    for (int i = 0; i < k->n; i++) {
        int c = s->canon[k->cal[i]], j = ck.n++;
        while (j > 0 && ck.cal[j - 1] > c) {
            ck.cal[j] = ck.cal[j - 1];
            j--;
        }
        ck.cal[j] = c;
        if (j > 0 && ck.cal[j - 1] == c) { /* duplicate: drop it again */
            memmove(&ck.cal[j], &ck.cal[j + 1], sizeof(int) * (size_t)(ck.n - j - 1));
            ck.n--;
        }
    }
    keel_status st = intersect_canonical(s, &ck, err);
    if (st != KEEL_OK) return st;
    k->index = -1;
    if (ck.index >= 0) {
        keel_calendar c = s->shared.data[ck.index];
        k->index = (int)s->cals.len;
        if (!key_name(s, k, &c.name) || !KEEL_VEC_PUSH(&s->cals, c))
            return keel_error_nomem(err);
    }
    if (!KEEL_VEC_PUSH(&s->keys, *k)) return keel_error_nomem(err);
    s->kt.slot[slot] = (int)s->keys.len - 1;
    s->kt.len++;
    return KEEL_OK;
}

/* The calendar of elapsed durations: every minute of every day. Returns its
 * index, or -1 when out of memory. */
static int add_round_the_clock(cal_state *s)
{
    keel_calendar c = *keel_calendar_continuous();
    c.name = "24 hours (elapsed duration)";
    return KEEL_VEC_PUSH(&s->cals, c) ? (int)s->cals.len - 1 : -1;
}

/* When a task's calendars share no working time (a day-shift and a night-shift
 * resource on one task), MS Project runs each assignment on its own calendar;
 * keel keeps one interval per task, so it falls back to the first calendar
 * and says so. */
static keel_status effective_calendars(cal_state *s, keel_builder *b, keel_error *err)
{
    keel_portfolio *p = s->p;
    int round_the_clock = -1;
    for (int t = 0; t < p->ntasks; t++) {
        if (p->tasks[t].elapsed) {
            if (round_the_clock < 0 && (round_the_clock = add_round_the_clock(s)) < 0)
                return keel_error_nomem(err);
            p->tasks[t].calendar = round_the_clock;
            continue;
        }
        cal_key k = task_key(p, t);
        k.index = k.cal[0];
        if (k.n > 1) {
            keel_error why = {0};
            if (intersect_key(s, &k, &why) != KEEL_OK)
                return keel_error_nomem(err);
            if (k.index < 0) {
                const keel_project *pr = &p->projects[p->tasks[t].project];
                k.index = k.cal[0];
                if (!keel_builder_warn(b, pr->file ? pr->file : pr->name, p->tasks[t].line,
                                       "task UID %d '%s': its calendars share no working "
                                       "time; it runs on calendar '%s'",
                                       p->tasks[t].uid, p->tasks[t].name,
                                       s->cals.data[k.cal[0]].name))
                    return keel_error_nomem(err);
            }
        }
        p->tasks[t].calendar = k.index;
    }
    return KEEL_OK;
}

keel_status keel_model_calendars(keel_builder *b, keel_portfolio *p, keel_error *err)
{
    cal_state s = {.p = p};
    keel_status st = compile_defs(&s, err);
    if (st == KEEL_OK)
        st = effective_calendars(&s, b, err);
    if (st == KEEL_OK) {
        p->ncalendars = (int)s.cals.len;
        p->calendars = keel_arena_dup(p->arena, s.cals.data, s.cals.len, sizeof(keel_calendar));
        if (!p->calendars)
            st = keel_error_nomem(err);
    }
    KEEL_VEC_FREE(&s.cals);
    KEEL_VEC_FREE(&s.keys);
    KEEL_VEC_FREE(&s.ckeys);
    KEEL_VEC_FREE(&s.shared);
    free(s.kt.slot);
    free(s.ckt.slot);
    free(s.canon);
    return st;
}
