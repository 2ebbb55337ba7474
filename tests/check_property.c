/* SPDX-License-Identifier: GPL-3.0-or-later
 * A property test that no single file can satisfy by accident: portfolios of
 * the generator (benchmarks/gen_portfolio.c, $KEEL_GEN, --features all with
 * 6 % priority-1000 tasks:
 * summary links of all four types with lags, elapsed and estimated durations,
 * ALAP, constraints, priority-1000 and started tasks, resource calendars,
 * availability changes, deadlines), one per seed, and for each:
 *  - keel's CPM equals a second, deliberately simple one (tests/independent.h):
 *    links as the files state them (summaries expanded by the rule the README
 *    gives), time stepped an hour at a time over each task's working hours,
 *    early and late dates, As Late As Possible tasks at their late dates;
 *  - level never fails its verification, the verifier finds no failure, and
 *    every overload it accepts is unavoidable by the rule, recomputed hour by
 *    hour (the fixed tasks alone, one task alone, a resource not leveled, or a
 *    priority-1000 task with the tasks it depends on exceed the capacity);
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

#include "analysis/cpm.h"
#include "analysis/verify.h"
#include "independent.h"
#include "testutil.h"

#define SEEDS 30

extern char **environ;

/* ---------------------------------------------------------------- generating */

static const char *generator(void)
{
    const char *g = test_generator();
    ck_assert_msg(g, "set KEEL_GEN to the gen_portfolio binary (make test does)");
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

/* ---------------------------------------------------------------- checks */

static keel_portfolio *load(const char *pf)
{
    keel_load_options lo = {.portfolio_file = pf};
    keel_portfolio *p = NULL;
    keel_error err = {0};
    ck_assert_msg(keel_portfolio_load(NULL, 0, &lo, &p, &err) == KEEL_OK, "%s", err.message);
    return p;
}

static void same_dates(const keel_portfolio *p, int j, const char *what, keel_time k0,
                       keel_time k1, keel_time s0, keel_time s1, uint64_t seed)
{
    ck_assert_msg(k0 == s0 && k1 == s1, "seed %d, %s UID %d%s: %s keel %lld..%lld, simple "
                  "CPM %lld..%lld", (int)seed, p->projects[p->tasks[j].project].name,
                  p->tasks[j].uid, p->tasks[j].constraint == KEEL_ALAP ? " (ALAP)" : "", what,
                  (long long)k0, (long long)k1, (long long)s0, (long long)s1);
}

/* keel's early and late dates equal the simple CPM's; the early dates (with
 * ALAP tasks at their late dates) go to cpm_start for the fixed-task check. */
static void check_cpm(indep *x, uint64_t seed, keel_time *start)
{
    const keel_portfolio *p = x->p;
    size_t n = (size_t)p->ntasks + 1;
    keel_time *finish = malloc(n * sizeof *finish), *ls = malloc(n * sizeof *ls),
              *lf = malloc(n * sizeof *lf);
    bool *done = malloc(n);
    indep_cpm_late(x, start, finish, ls, lf, done);
    ck_assert_msg(!x->failed, "seed %d: %s", (int)seed, x->why);
    keel_cpm *c = NULL;
    keel_error err = {0};
    ck_assert(keel_cpm_run(p, &c, &err) == KEEL_OK);
    for (int j = 0; j < p->ntasks; j++) {
        if (p->tasks[j].summary)
            continue;
        same_dates(p, j, "early", c->es[j], c->ef[j], start[j], finish[j], seed);
        same_dates(p, j, "late", c->ls[j], c->lf[j], ls[j], lf[j], seed);
    }
    keel_cpm_free(c);
    free(finish);
    free(ls);
    free(lf);
    free(done);
}

/* Checks every overload the verifier accepted, hour by hour; counts them by
 * reason. */
static void check_accepted_overloads(indep *x, const keel_schedule *s,
                                     const keel_conflicts *c, uint64_t seed, int *by_reason)
{
    for (int i = 0; i < keel_conflicts_count(c); i++) {
        const keel_conflict *k = keel_conflicts_get(c, i);
        if (k->kind != KEEL_CONFLICT_RESOURCE)
            continue;
        ck_assert(k->accepted);
        by_reason[k->accept_reason]++;
        for (keel_time m = k->from; m < k->to; m += INDEP_STEP)
            ck_assert_msg(indep_unavoidable(x, s, k->resource, m),
                          "seed %d: an avoidable overload of '%s' at %lld accepted as '%s'",
                          (int)seed, x->p->resources[k->resource].name, (long long)m,
                          keel_accept_reason_text(k->accept_reason));
    }
}

/* Priority-1000 tasks where their links put them (but those the result
 * reports as delayed), started ones unmoved; returns the delayed ones. */
static int check_fixed_tasks(indep *x, const keel_schedule *s, const keel_time *cpm_start,
                             uint64_t seed)
{
    int late = 0;
    const keel_portfolio *p = x->p;
    bool *done = malloc((size_t)p->ntasks + 1);
    for (int j = 0; j < p->ntasks; j++) {
        const keel_task *t = &p->tasks[j];
        keel_time at;
        if (t->fixed)
            ck_assert(s->start[j] == t->fixed_start && s->finish[j] == t->fixed_finish);
        if (!t->pinned || t->summary)
            continue;
        ck_assert_msg(indep_pinned_start(x, s, j, done, cpm_start, &at), "seed %d: %s",
                      (int)seed, x->why);
        ck_assert_msg(s->start[j] >= at, "seed %d: priority-1000 UID %d at %lld, links say %lld",
                      (int)seed, t->uid, (long long)s->start[j], (long long)at);
        late += s->start[j] > at;
    }
    free(done);
    return late;
}

/* Levels and checks; returns the priority-1000 tasks the result delays. */
static int level_and_check(indep *x, uint64_t seed, const keel_time *cpm_start,
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
    ck_assert_msg(keel_level(x->p, &o, &r, &err) == KEEL_OK, "seed %d (%s): %s", (int)seed,
                  o.solvers, err.message);
    const keel_schedule *s = keel_result_schedule(r);
    ck_assert(keel_verify(x->p, s, &c, &err) == KEEL_OK);
    ck_assert_msg(keel_conflicts_failures(c) == 0, "seed %d: verification failures", (int)seed);
    check_accepted_overloads(x, s, c, seed, by_reason);
    int late = check_fixed_tasks(x, s, cpm_start, seed);
    ck_assert_msg(late == keel_result_get(r).pinned_delayed, "seed %d: %d priority-1000 tasks "
                  "late, %d reported", (int)seed, late, keel_result_get(r).pinned_delayed);
    keel_conflicts_free(c);
    keel_result_free(r);
    return late;
}

START_TEST(generated_portfolios)
{
    int pinned = 0, started = 0, elapsed = 0, summary_links = 0, alap = 0;
    int by_reason[KEEL_ACCEPT_STARTED + 1] = {0}, late = 0;
    for (uint64_t seed = 1; seed <= SEEDS; seed++) {
        char dir[512], pf[600];
        keel_portfolio *p = load(generate(seed, dir, sizeof dir, pf, sizeof pf));
        for (int t = 0; t < p->ntasks; t++) {
            pinned += p->tasks[t].pinned;
            started += p->tasks[t].fixed;
            elapsed += p->tasks[t].elapsed;
            alap += !p->tasks[t].summary && p->tasks[t].constraint == KEEL_ALAP;
        }
        for (int r = 0; r < p->nrelations; r++)
            summary_links += p->tasks[p->relations[r].pred].summary ||
                             p->tasks[p->relations[r].succ].summary;
        indep x;
        ck_assert(indep_init(&x, p));
        keel_time *cpm_start = malloc(((size_t)p->ntasks + 1) * sizeof *cpm_start);
        check_cpm(&x, seed, cpm_start);
        late += level_and_check(&x, seed, cpm_start, by_reason);
        free(cpm_start);
        indep_free(&x);
        keel_portfolio_free(p);
    }
    /* the features are there to be tested */
    ck_assert_int_gt(pinned, 20);
    ck_assert_int_gt(started, 20);
    ck_assert_int_gt(elapsed, 20);
    ck_assert_int_gt(summary_links, 20);
    ck_assert_int_gt(alap, 20);
    /* priority-1000 tasks yield their place only in rare chases */
    ck_assert_int_le(late * 50, pinned);
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
