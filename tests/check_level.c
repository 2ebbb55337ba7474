/* SPDX-License-Identifier: GPL-3.0-or-later
 * keel_level end to end: every solver on every small instance (research and
 * MSPDI) gives a schedule the independent verifier accepts; priority-1000 and
 * started tasks do not move; within slack no project finish moves; the same
 * seed and budget give the same schedule, with one thread or two.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "analysis/cpm.h"
#include "analysis/verify.h"
#include "run/level.h"
#include "testutil.h"

static const char *example[] = {"instances/example/erp-upgrade.xml",
                                "instances/example/website-relaunch.xml",
                                "instances/example/office-move.xml"};
static const keel_load_options example_opts = {.portfolio_file =
                                                   "instances/example/portfolio.txt"};

static keel_portfolio *load(const char *const *files, int n, const keel_load_options *lo)
{
    keel_portfolio *p = NULL;
    keel_error err = {0};
    ck_assert_msg(keel_portfolio_load(files, n, lo, &p, &err) == KEEL_OK, "%s", err.message);
    return p;
}

static keel_result *level(const keel_portfolio *p, const char *solvers, int threads,
                          int64_t budget, bool within)
{
    keel_options o;
    keel_options_init(&o);
    snprintf(o.solvers, sizeof o.solvers, "%s", solvers);
    o.threads = threads;
    o.schedules = budget;
    o.within_slack = within;
    keel_result *r = NULL;
    keel_error err = {0};
    ck_assert_msg(keel_level(p, &o, &r, &err) == KEEL_OK, "%s: %s", solvers, err.message);
    return r;
}

/* Small instances, so that the table runs every solver (exact ones included)
 * quickly under the sanitizers. */
static const char *instances[] = {
    "instances/psplib/j30/j301_1.sm",
    "instances/psplib/j30/j3013_4.sm",
    "instances/psplib/j30/j3046_10.sm",
    "instances/mpsplib/mp_j30_a2_nr1.xml",
};

START_TEST(every_solver_every_instance_verified)
{
    for (const keel_solver *s = keel_solvers; s->name; s++) {
        for (size_t i = 0; i < sizeof instances / sizeof *instances; i++) {
            keel_portfolio *p = load(&instances[i], 1, NULL);
            keel_result *r = level(p, s->name, 1, 300, false);
            test_assert_verified(p, r);
            ck_assert(keel_result_get(r).makespan >= keel_result_get(r).lower_bound);
            keel_result_free(r);
            keel_portfolio_free(p);
        }
        keel_portfolio *p = load(example, 3, &example_opts);
        keel_result *r = level(p, s->name, 1, 300, false);
        test_assert_verified(p, r);
        ck_assert_int_gt(keel_result_get(r).conflicts_before, 0);
        keel_result_free(r);
        keel_portfolio_free(p);
    }
}
END_TEST

START_TEST(known_optimum_reached)
{
    /* j301_1: optimum 43 (j30opt.sm) */
    keel_portfolio *p = load(&instances[0], 1, NULL);
    keel_result *r = level(p, "default", 1, 2000, false);
    ck_assert_int_eq(keel_result_get(r).makespan, 43);
    keel_result_free(r);
    keel_portfolio_free(p);
}
END_TEST

/* The earliest start links, constraints and the project start allow a task in
 * schedule s: a priority-1000 task must sit exactly there. */
static keel_time precedence_start(const keel_portfolio *p, const keel_schedule *s, int t)
{
    keel_time b = keel_task_release(p, t);
    for (int k = p->pred_start[t]; k < p->pred_start[t + 1]; k++) {
        const keel_link *l = &p->links[p->pred_link[k]];
        keel_time from = keel_link_from_finish(l->type) ? s->finish[l->pred] : s->start[l->pred];
        keel_time x = keel_link_apply_lag(p, l, from);
        if (keel_link_to_finish(l->type))
            x = keel_calendar_sub_work(keel_task_cal(p, t), x, p->tasks[t].duration);
        b = x > b ? x : b;
    }
    return keel_task_snap_start(p, t, b);
}

START_TEST(pinned_and_started_tasks_stay)
{
    keel_portfolio *p = load(example, 3, &example_opts);
    keel_result *r = level(p, "default", 1, 2000, false);
    const keel_schedule *s = keel_result_schedule(r);
    int pinned = 0, fixed = 0;
    for (int t = 0; t < p->ntasks; t++) {
        const keel_task *task = &p->tasks[t];
        if (task->fixed) {
            ck_assert_int_eq(s->start[t], task->fixed_start);
            ck_assert_int_eq(s->finish[t], task->fixed_finish);
            fixed++;
        } else if (task->pinned) {
            ck_assert_int_eq(s->start[t], precedence_start(p, s, t));
            pinned++;
        }
    }
    ck_assert_int_gt(fixed, 0);
    ck_assert_int_gt(pinned, 0);
    keel_result_free(r);
    keel_portfolio_free(p);
}
END_TEST

START_TEST(within_slack_keeps_project_finishes)
{
    keel_portfolio *p = load(example, 3, &example_opts);
    keel_result *r = level(p, "default", 1, 500, true);
    keel_result_info in = keel_result_get(r);
    for (int q = 0; q < p->nprojects; q++) {
        keel_result_project rp = keel_result_project_get(r, q);
        ck_assert_int_le(rp.finish, rp.cpm_finish);
        ck_assert_int_eq(rp.delay, 0);
    }
    /* the verifier sees the conflicts the tasks left unresolved cause, as
     * keel verify on the files written would; the result counts them so */
    keel_conflicts *c = NULL;
    keel_error err = {0};
    const keel_schedule *s = keel_result_schedule(r);
    ck_assert(keel_verify(p, s, &c, &err) == KEEL_OK);
    int fails = keel_conflicts_failures(c);
    ck_assert_int_gt(in.unresolved, 0);
    ck_assert_int_gt(fails, 0);
    ck_assert_int_eq(in.conflicts_after, keel_conflicts_count(c));
    ck_assert_int_eq(in.conflicts_after - in.conflicts_after_accepted, fails);
    for (int i = 0; i < keel_conflicts_count(c); i++) {
        const keel_conflict *k = keel_conflicts_get(c, i);
        bool left = false;
        for (int x = 0; x < k->ntasks; x++)
            left = left || keel_result_task_unresolved(r, k->tasks[x]);
        ck_assert(k->accepted || (k->kind == KEEL_CONFLICT_RESOURCE && left));
    }
    /* conflicts left: not a leveled schedule, so no gap and no optimum */
    ck_assert(!in.optimal);
    ck_assert(in.gap != in.gap);
    keel_conflicts_free(c);
    keel_result_free(r);
    keel_portfolio_free(p);
}
END_TEST

static bool same_schedule(const keel_result *a, const keel_result *b)
{
    const keel_schedule *x = keel_result_schedule(a), *y = keel_result_schedule(b);
    return memcmp(x->start, y->start, sizeof(keel_time) * (size_t)x->ntasks) == 0 &&
           memcmp(x->finish, y->finish, sizeof(keel_time) * (size_t)x->ntasks) == 0;
}

START_TEST(deterministic_for_seed_and_budget)
{
    keel_portfolio *p = load(example, 3, &example_opts);
    for (int threads = 1; threads <= 2; threads++) {
        keel_result *a = level(p, "ga,sampling", threads, 3000, false);
        keel_result *b = level(p, "ga,sampling", threads, 3000, false);
        ck_assert(same_schedule(a, b));
        ck_assert(keel_result_get(a).value == keel_result_get(b).value);
        keel_result_free(a);
        keel_result_free(b);
    }
    keel_portfolio_free(p);
}
END_TEST

Suite *suite_level(void)
{
    Suite *s = suite_create("level");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, every_solver_every_instance_verified);
    tcase_add_test(tc, known_optimum_reached);
    tcase_add_test(tc, pinned_and_started_tasks_stay);
    tcase_add_test(tc, within_slack_keeps_project_finishes);
    tcase_add_test(tc, deterministic_for_seed_and_budget);
    suite_add_tcase(s, tc);
    return s;
}
