/* SPDX-License-Identifier: GPL-3.0-or-later
 * A property test that no single file can satisfy by accident: portfolios of
 * the generator (benchmarks/gen_portfolio.c, $KEEL_GEN, --features all with
 * 6 % priority-1000 tasks:
 * summary links of all four types with lags, elapsed and estimated durations,
 * ALAP, constraints, priority-1000 and started tasks, resource calendars,
 * availability changes, deadlines), one per seed, and for each:
 *  - keel's CPM equals a second, deliberately simple one written here: links
 *    as the files state them (summaries expanded by the rule the README gives),
 *    time stepped an hour at a time over each task's working hours;
 *  - level never fails its verification, the verifier finds no failure, and
 *    every overload it accepts is unavoidable by the rule, recomputed here hour
 *    by hour (the fixed tasks alone, one task alone, a resource not leveled, or
 *    a priority-1000 task with the tasks it depends on exceed the capacity);
 *  - priority-1000 tasks start where their links put them, started tasks keep
 *    their dates.
 * Generated data keeps every date, duration and lag on the hour (asserted), so
 * the hour steps are exact. Budgets are schedules, never time.
 */
#include <check.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "analysis/cpm.h"
#include "analysis/verify.h"
#include "model/model.h"
#include "testutil.h"

#define Q 60         /* the time step, minutes */
#define SEEDS 30
#define MAX_STEPS (24 * 366 * 12) /* hour steps in a dozen years: a runaway guard */

extern char **environ;

/* ---------------------------------------------------------------- generating */

static const char *generator(void)
{
    const char *g = getenv("KEEL_GEN");
    static const char *const known[] = {"build/asan/gen_portfolio",
                                        "build/release/gen_portfolio"};
    for (size_t i = 0; (!g || !*g) && i < sizeof known / sizeof *known; i++)
        if (access(known[i], X_OK) == 0)
            g = known[i];
    ck_assert_msg(g && *g, "set KEEL_GEN to the gen_portfolio binary (make test does)");
    return g;
}

/* Generates the portfolio of seed into dir; returns the portfolio file path. */
static const char *generate(uint64_t seed, char *dir, size_t size, char *pf, size_t pfsize)
{
    char s[32], np[16], nt[16], nr[16];
    int projects = 3 + (int)(seed % 4), tasks = 20 + (int)(seed * 13 % 41);
    snprintf(dir, size, "%s/property-%llu", test_tmpdir(), (unsigned long long)seed);
    snprintf(s, sizeof s, "%llu", (unsigned long long)seed);
    snprintf(np, sizeof np, "%d", projects);
    snprintf(nt, sizeof nt, "%d", tasks);
    snprintf(nr, sizeof nr, "%d", 3 * projects);
    char *argv[] = {(char *)generator(), "--projects", np, "--tasks", nt, "--resources", nr,
                    "--seed", s, "--features", "all,pinned=6", "-o", dir, NULL};
    pid_t pid;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    ck_assert_int_eq(posix_spawn(&pid, argv[0], &fa, NULL, argv, environ), 0);
    posix_spawn_file_actions_destroy(&fa);
    int status = 0;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "%s failed", argv[0]);
    snprintf(pf, pfsize, "%s/portfolio.txt", dir);
    return pf;
}

/* ---------------------------------------------------------------- time, simply */

/* Where a task works: round the clock with an elapsed duration, else on the
 * working time common to its resources' calendars, else on its project's
 * calendar (the README's rule; generated tasks have no task calendar). */
static bool task_works(const keel_portfolio *p, int t, keel_time x)
{
    const keel_task *task = &p->tasks[t];
    if (task->elapsed)
        return true;
    bool any = false;
    for (int a = p->asg_start[t]; a < p->asg_start[t + 1]; a++) {
        int c = p->resources[p->assignments[a].resource].calendar;
        if (c < 0)
            continue;
        any = true;
        if (!keel_calendar_is_working(&p->calendars[c], x))
            return false;
    }
    return any || keel_calendar_is_working(&p->calendars[p->projects[task->project].calendar], x);
}

/* A lag counts on the successor's project calendar. */
static bool lag_works(const keel_portfolio *p, int t, keel_time x)
{
    return keel_calendar_is_working(&p->calendars[p->projects[p->tasks[t].project].calendar], x);
}

typedef bool (*works_fn)(const keel_portfolio *p, int t, keel_time x);

/* w minutes of work after (w >= 0) or before (w < 0) x, an hour at a time. */
static keel_time step_work(const keel_portfolio *p, int t, works_fn works, keel_time x, int64_t w)
{
    ck_assert_msg(x % Q == 0 && w % Q == 0, "time %lld or amount %lld off the hour",
                  (long long)x, (long long)w);
    for (int64_t done = 0, n = 0; done < (w < 0 ? -w : w); n++) {
        ck_assert(n < MAX_STEPS);
        if (w > 0) {
            done += works(p, t, x) ? Q : 0;
            x += Q;
        } else {
            x -= Q;
            done += works(p, t, x) ? Q : 0;
        }
    }
    return x;
}

/* The first moment >= x task t may start: a working hour, or for a milestone
 * also the end of a working stretch. */
static keel_time first_start(const keel_portfolio *p, int t, keel_time x)
{
    if (p->tasks[t].duration == 0 && !task_works(p, t, x) && task_works(p, t, x - Q))
        return x;
    for (int n = 0; !task_works(p, t, x); n++) {
        ck_assert(n < MAX_STEPS);
        x += Q;
    }
    return x;
}

/* ---------------------------------------------------------------- links as written */

typedef struct deps {
    int n;            /* tasks */
    int *leaf_first;  /* [n+1] leaves of task t: leaf[leaf_first[t] .. leaf_first[t+1]) */
    int *leaf;
    bool *done;
    keel_time *start, *finish;
} deps;

static bool within(const keel_portfolio *p, int t, int s)
{
    for (; t >= 0; t = p->tasks[t].parent)
        if (t == s)
            return true;
    return false;
}

/* The leaves of every task (a leaf's are itself), from the outline. */
static void leaves_of(const keel_portfolio *p, deps *d)
{
    d->n = p->ntasks;
    d->leaf_first = calloc((size_t)p->ntasks + 1, sizeof(int));
    d->leaf = malloc(sizeof(int) * (size_t)p->ntasks * 8 + 1);
    d->done = calloc((size_t)p->ntasks, sizeof(bool));
    d->start = calloc((size_t)p->ntasks, sizeof(keel_time));
    d->finish = calloc((size_t)p->ntasks, sizeof(keel_time));
    int m = 0, cap = p->ntasks * 8;
    for (int t = 0; t < p->ntasks; t++) {
        d->leaf_first[t] = m;
        for (int u = 0; u < p->ntasks; u++)
            if (!p->tasks[u].summary && within(p, u, t)) {
                ck_assert_int_lt(m, cap);
                d->leaf[m++] = u;
            }
    }
    d->leaf_first[p->ntasks] = m;
}

static void deps_free(deps *d)
{
    free(d->leaf_first);
    free(d->leaf);
    free(d->done);
    free(d->start);
    free(d->finish);
}

/* The date relation l asks of leaf j, from the dates in d (its predecessor a
 * summary: the last finish of its leaves, or the first start). false when a
 * predecessor leaf has no date yet. */
static bool relation_bound(const keel_portfolio *p, const deps *d, const keel_link *l, int j,
                           keel_time *out)
{
    bool from_finish = l->type == KEEL_LINK_FS || l->type == KEEL_LINK_FF;
    keel_time from = KEEL_TIME_NONE;
    ck_assert_int_lt(d->leaf_first[l->pred], d->leaf_first[l->pred + 1]);
    for (int k = d->leaf_first[l->pred]; k < d->leaf_first[l->pred + 1]; k++) {
        int i = d->leaf[k];
        if (!d->done[i])
            return false;
        keel_time x = from_finish ? d->finish[i] : d->start[i];
        if (from == KEEL_TIME_NONE || (from_finish ? x > from : x < from))
            from = x;
    }
    keel_time b = l->lag_kind == KEEL_LAG_ELAPSED ? from + l->lag
                                                  : step_work(p, j, lag_works, from, l->lag);
    if (l->type == KEEL_LINK_FF || l->type == KEEL_LINK_SF)
        b = step_work(p, j, task_works, b, -p->tasks[j].duration);
    *out = b;
    return true;
}

/* The earliest start of leaf j by its project start, its constraint and the
 * relations into it or a summary around it; false when not all are known. */
static bool earliest_start(const keel_portfolio *p, const deps *d, int j, keel_time *out)
{
    const keel_task *t = &p->tasks[j];
    keel_time s = p->projects[t->project].start, c = t->constraint_date;
    if (c != KEEL_TIME_NONE && (t->constraint == KEEL_SNET || t->constraint == KEEL_MSO))
        s = c > s ? c : s;
    if (c != KEEL_TIME_NONE && (t->constraint == KEEL_FNET || t->constraint == KEEL_MFO)) {
        keel_time b = step_work(p, j, task_works, c, -t->duration);
        s = b > s ? b : s;
    }
    for (int r = 0; r < p->nrelations; r++) {
        keel_time b;
        if (!within(p, j, p->relations[r].succ))
            continue;
        if (!relation_bound(p, d, &p->relations[r], j, &b))
            return false;
        s = b > s ? b : s;
    }
    *out = first_start(p, j, s);
    return true;
}

/* Early dates of every leaf, pass after pass over the leaves whose
 * predecessors are all dated, until every leaf is. */
static void simple_cpm(const keel_portfolio *p, deps *d)
{
    for (int left = p->nleaves, pass = 0; left > 0; pass++) {
        ck_assert_msg(pass <= p->ntasks, "relations with a cycle");
        for (int j = 0; j < p->ntasks; j++) {
            const keel_task *t = &p->tasks[j];
            keel_time s;
            if (t->summary || d->done[j])
                continue;
            if (t->fixed) {
                d->start[j] = t->fixed_start;
                d->finish[j] = t->fixed_finish;
            } else if (earliest_start(p, d, j, &s)) {
                d->start[j] = s;
                d->finish[j] = step_work(p, j, task_works, s, t->duration);
            } else {
                continue;
            }
            d->done[j] = true;
            left--;
        }
    }
}

/* ---------------------------------------------------------------- checks */

static keel_portfolio *load(const char *pf)
{
    keel_load_options lo = {.portfolio_file = pf};
    keel_portfolio *p = NULL;
    keel_error err = {0};
    ck_assert_msg(keel_portfolio_load(NULL, 0, &lo, &p, &err) == KEEL_OK, "%s", err.message);
    return p;
}

static void check_cpm(const keel_portfolio *p, const deps *d, uint64_t seed)
{
    keel_cpm *c = NULL;
    keel_error err = {0};
    ck_assert(keel_cpm_run(p, &c, &err) == KEEL_OK);
    for (int j = 0; j < p->ntasks; j++)
        if (!p->tasks[j].summary)
            ck_assert_msg(c->es[j] == d->start[j] && c->ef[j] == d->finish[j],
                          "seed %d, %s UID %d: keel %lld..%lld, simple CPM %lld..%lld",
                          (int)seed, p->projects[p->tasks[j].project].name, p->tasks[j].uid,
                          (long long)c->es[j], (long long)c->ef[j], (long long)d->start[j],
                          (long long)d->finish[j]);
    keel_cpm_free(c);
}

/* Marks the leaves pinned leaf t depends on through relations, through leaves
 * that are not started. */
static void mark_depended(const keel_portfolio *p, const deps *d, int t, bool *mark)
{
    for (int r = 0; r < p->nrelations; r++) {
        const keel_link *l = &p->relations[r];
        if (!within(p, t, l->succ))
            continue;
        for (int k = d->leaf_first[l->pred]; k < d->leaf_first[l->pred + 1]; k++) {
            int i = d->leaf[k];
            if (!mark[i] && !p->tasks[i].fixed) {
                mark[i] = true;
                mark_depended(p, d, i, mark);
            }
        }
    }
}

static int32_t units_on(const keel_portfolio *p, int t, int r)
{
    int32_t u = 0;
    for (int a = p->asg_start[t]; a < p->asg_start[t + 1]; a++)
        u += p->assignments[a].resource == r ? p->assignments[a].units : 0;
    return u;
}

/* True when the load of resource r at hour x of schedule s (tasks at work
 * then) is within capacity, or over it for a reason leveling cannot remove. */
static bool unavoidable_at(const keel_portfolio *p, const deps *d, const keel_schedule *s,
                           int r, keel_time x, bool *mark)
{
    int32_t cap = keel_resource_capacity_at(&p->resources[r], x), load = 0, fixed = 0, tied = 0;
    bool single = false;
    memset(mark, 0, sizeof(bool) * (size_t)p->ntasks);
    for (int t = 0; t < p->ntasks; t++)
        if (p->tasks[t].pinned && s->start[t] <= x && x < s->finish[t] && task_works(p, t, x))
            mark_depended(p, d, t, mark);
    for (int t = 0; t < p->ntasks; t++) {
        int32_t u = units_on(p, t, r);
        if (u == 0 || p->tasks[t].summary || x < s->start[t] || x >= s->finish[t] ||
            !task_works(p, t, x))
            continue;
        bool fix = p->tasks[t].fixed || p->tasks[t].pinned;
        load += u;
        single = single || u > cap;
        fixed += fix ? u : 0;
        tied += fix || mark[t] ? u : 0;
    }
    return load <= cap || !p->resources[r].can_level || single || fixed > cap || tied > cap;
}

/* Checks every overload the verifier accepted; counts them by reason. */
static void check_accepted_overloads(const keel_portfolio *p, const deps *d,
                                     const keel_schedule *s, const keel_conflicts *c,
                                     uint64_t seed, int *by_reason)
{
    bool *mark = malloc(sizeof(bool) * (size_t)p->ntasks + 1);
    for (int i = 0; i < keel_conflicts_count(c); i++) {
        const keel_conflict *k = keel_conflicts_get(c, i);
        if (k->kind != KEEL_CONFLICT_RESOURCE)
            continue;
        ck_assert(k->accepted);
        by_reason[k->accept_reason]++;
        for (keel_time x = k->from; x < k->to; x += Q)
            ck_assert_msg(unavoidable_at(p, d, s, k->resource, x, mark),
                          "seed %d: an avoidable overload of '%s' at %lld accepted as '%s'",
                          (int)seed, p->resources[k->resource].name, (long long)x,
                          keel_accept_reason_text(k->accept_reason));
    }
    free(mark);
}

/* Priority-1000 tasks where their links put them, started ones unmoved. */
static void check_fixed_tasks(const keel_portfolio *p, const keel_schedule *s, uint64_t seed)
{
    deps d = {0};
    leaves_of(p, &d);
    for (int j = 0; j < p->ntasks; j++) {
        d.done[j] = !p->tasks[j].summary;
        d.start[j] = s->start[j];
        d.finish[j] = s->finish[j];
    }
    for (int j = 0; j < p->ntasks; j++) {
        const keel_task *t = &p->tasks[j];
        keel_time at;
        if (t->fixed)
            ck_assert(s->start[j] == t->fixed_start && s->finish[j] == t->fixed_finish);
        if (t->pinned && !t->summary) {
            ck_assert(earliest_start(p, &d, j, &at));
            ck_assert_msg(s->start[j] == at, "seed %d: priority-1000 UID %d at %lld, links "
                          "say %lld", (int)seed, t->uid, (long long)s->start[j], (long long)at);
        }
    }
    deps_free(&d);
}

static void level_and_check(const keel_portfolio *p, const deps *d, uint64_t seed,
                            int *by_reason)
{
    static const char *const mixes[] = {"default", "ga", "sampling", "msp-standard", "ilp-lns"};
    keel_options o;
    keel_options_init(&o);
    snprintf(o.solvers, sizeof o.solvers, "%s", mixes[seed % 5]);
    o.schedules = 300;
    o.seed = seed;
    keel_result *r = NULL;
    keel_conflicts *c = NULL;
    keel_error err = {0};
    ck_assert_msg(keel_level(p, &o, &r, &err) == KEEL_OK, "seed %d (%s): %s", (int)seed,
                  o.solvers, err.message);
    const keel_schedule *s = keel_result_schedule(r);
    ck_assert(keel_verify(p, s, &c, &err) == KEEL_OK);
    ck_assert_msg(keel_conflicts_failures(c) == 0, "seed %d: verification failures", (int)seed);
    check_accepted_overloads(p, d, s, c, seed, by_reason);
    check_fixed_tasks(p, s, seed);
    keel_conflicts_free(c);
    keel_result_free(r);
}

START_TEST(generated_portfolios)
{
    int pinned = 0, started = 0, elapsed = 0, summary_links = 0;
    int by_reason[KEEL_ACCEPT_STARTED + 1] = {0};
    for (uint64_t seed = 1; seed <= SEEDS; seed++) {
        char dir[512], pf[600];
        keel_portfolio *p = load(generate(seed, dir, sizeof dir, pf, sizeof pf));
        for (int t = 0; t < p->ntasks; t++) {
            pinned += p->tasks[t].pinned;
            started += p->tasks[t].fixed;
            elapsed += p->tasks[t].elapsed;
        }
        for (int r = 0; r < p->nrelations; r++)
            summary_links += p->tasks[p->relations[r].pred].summary ||
                             p->tasks[p->relations[r].succ].summary;
        deps d = {0};
        leaves_of(p, &d);
        simple_cpm(p, &d);
        check_cpm(p, &d, seed);
        level_and_check(p, &d, seed, by_reason);
        deps_free(&d);
        keel_portfolio_free(p);
    }
    /* the features are there to be tested */
    ck_assert_int_gt(pinned, 20);
    ck_assert_int_gt(started, 20);
    ck_assert_int_gt(elapsed, 20);
    ck_assert_int_gt(summary_links, 20);
    /* and the acceptance rule had cases to judge, of more than one kind */
    ck_assert_int_gt(by_reason[KEEL_ACCEPT_FIXED], 0);
    ck_assert_int_gt(by_reason[KEEL_ACCEPT_TIED], 0);
}
END_TEST

Suite *suite_property(void)
{
    Suite *s = suite_create("property");
    TCase *tc = tcase_create("generated");
    tcase_set_timeout(tc, 900);
    tcase_add_test(tc, generated_portfolios);
    suite_add_tcase(s, tc);
    return s;
}
