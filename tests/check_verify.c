/* SPDX-License-Identifier: GPL-3.0-or-later
 * The verifier's acceptance rule on hand-made schedules: an overload is a
 * failure unless leveling could not have removed it (the fixed tasks alone
 * exceed capacity, one task alone does, the resource is not leveled, or the
 * movable tasks in it are predecessors of a priority-1000 task there); soft
 * constraints and links into started tasks are accepted; each accepted
 * conflict says why.
 */
#include <check.h>

#include "analysis/verify.h"
#include "toy_model.h"

#define U KEEL_UNITS_ONE

typedef struct placed {
    keel_portfolio *p;
    keel_schedule *s;
    keel_conflicts *c;
} placed;

/* Verifies p with task i at [start[i], start[i] + duration). */
static placed verify_at(keel_portfolio *p, const keel_time *start)
{
    placed x = {.p = p, .s = keel_schedule_new(p->ntasks)};
    ck_assert_ptr_nonnull(x.s);
    for (int t = 0; t < p->ntasks; t++) {
        x.s->start[t] = start[t];
        x.s->finish[t] = start[t] + p->tasks[t].duration;
    }
    keel_error err = {0};
    ck_assert(keel_verify(p, x.s, &x.c, &err) == KEEL_OK);
    return x;
}

static void placed_free(placed *x)
{
    keel_conflicts_free(x->c);
    keel_schedule_free(x->s);
    keel_portfolio_free(x->p);
}

/* The only conflict of x: its kind and reason. */
static void expect_one(const placed *x, keel_conflict_kind kind, keel_accept_reason why)
{
    ck_assert_int_eq(keel_conflicts_count(x->c), 1);
    const keel_conflict *k = keel_conflicts_get(x->c, 0);
    ck_assert_int_eq(k->kind, kind);
    ck_assert_int_eq(k->accept_reason, why);
    ck_assert_int_eq(k->accepted, why != KEEL_ACCEPT_NONE);
    ck_assert_int_eq(keel_conflicts_failures(x->c), why == KEEL_ACCEPT_NONE);
}

/* Resource R with capacity cap; tasks of the given durations, priorities and
 * units on R. */
static void tasks_on_r(keel_builder *b, int32_t cap, int n, const int64_t *dur,
                       const int *prio, const int32_t *units, bool level)
{
    toy_init(b);
    keel_time at = 0;
    int r = toy_resource(b, level, 1, &at, &cap);
    for (int i = 0; i < n; i++) {
        int t = toy_task(b, dur[i], prio[i]);
        if (units[i] > 0)
            toy_use(b, t, r, units[i]);
    }
}

START_TEST(movable_over_capacity_fails)
{
    keel_builder b;
    int64_t dur[] = {4, 4};
    int prio[] = {500, 500};
    int32_t units[] = {U, 2 * U};
    tasks_on_r(&b, 2 * U, 2, dur, prio, units, true);
    keel_time start[] = {0, 2};
    placed x = verify_at(toy_finish(&b), start);
    expect_one(&x, KEEL_CONFLICT_RESOURCE, KEEL_ACCEPT_NONE);
    const keel_conflict *k = keel_conflicts_get(x.c, 0);
    ck_assert_int_eq(k->from, 2);
    ck_assert_int_eq(k->to, 4);
    ck_assert_int_eq(k->load, 3 * U);
    placed_free(&x);
}
END_TEST

START_TEST(movable_over_pinned_fails)
{
    /* the defect: a movable task placed across a priority-1000 task that fits
     * alone is an avoidable overload */
    keel_builder b;
    int64_t dur[] = {1, 20};
    int prio[] = {1000, 500};
    int32_t units[] = {3 * U / 2, 3 * U / 2};
    tasks_on_r(&b, 5 * U / 2, 2, dur, prio, units, true);
    keel_time start[] = {5, 0};
    placed x = verify_at(toy_finish(&b), start);
    expect_one(&x, KEEL_CONFLICT_RESOURCE, KEEL_ACCEPT_NONE);
    placed_free(&x);
}
END_TEST

START_TEST(fixed_tasks_alone)
{
    /* two priority-1000 tasks and a started one exceed capacity alone; a
     * movable task over them does not change that */
    keel_builder b;
    int64_t dur[] = {3, 3, 3, 3};
    int prio[] = {1000, 1000, 500, 500};
    int32_t units[] = {U, U, U, U};
    tasks_on_r(&b, 2 * U, 4, dur, prio, units, true);
    b.tasks.data[2].actual_start = 0;
    keel_time start[] = {0, 0, 0, 1};
    placed x = verify_at(toy_finish(&b), start);
    expect_one(&x, KEEL_CONFLICT_RESOURCE, KEEL_ACCEPT_FIXED);
    ck_assert_str_eq(keel_accept_reason_text(KEEL_ACCEPT_FIXED),
                     "fixed tasks alone over capacity");
    placed_free(&x);
}
END_TEST

START_TEST(single_task_over_capacity)
{
    keel_builder b;
    int64_t dur[] = {3, 3};
    int prio[] = {500, 500};
    int32_t units[] = {3 * U, U};
    tasks_on_r(&b, 2 * U, 2, dur, prio, units, true);
    keel_time start[] = {0, 1};
    placed x = verify_at(toy_finish(&b), start);
    expect_one(&x, KEEL_CONFLICT_RESOURCE, KEEL_ACCEPT_SINGLE);
    ck_assert_str_eq(keel_accept_reason_text(KEEL_ACCEPT_SINGLE), "single task over capacity");
    placed_free(&x);
}
END_TEST

START_TEST(resource_not_leveled)
{
    keel_builder b;
    int64_t dur[] = {3, 3};
    int prio[] = {500, 500};
    int32_t units[] = {U, U};
    tasks_on_r(&b, U, 2, dur, prio, units, false);
    keel_time start[] = {0, 1};
    placed x = verify_at(toy_finish(&b), start);
    expect_one(&x, KEEL_CONFLICT_RESOURCE, KEEL_ACCEPT_NOT_LEVELED);
    ck_assert_str_eq(keel_accept_reason_text(KEEL_ACCEPT_NOT_LEVELED), "not leveled");
    placed_free(&x);
}
END_TEST

START_TEST(pinned_with_its_predecessors)
{
    /* M -SS+1-> P (priority 1000): P follows M wherever M goes, so leveling
     * cannot move M around P; a task P does not depend on could */
    for (int linked = 0; linked <= 1; linked++) {
        keel_builder b;
        int64_t dur[] = {4, 3};
        int prio[] = {500, 1000};
        int32_t units[] = {U, U};
        tasks_on_r(&b, U, 2, dur, prio, units, true);
        if (linked)
            toy_link(&b, 0, 1, KEEL_LINK_SS, 1);
        keel_time start[] = {0, 2};
        placed x = verify_at(toy_finish(&b), start);
        expect_one(&x, KEEL_CONFLICT_RESOURCE, linked ? KEEL_ACCEPT_TIED : KEEL_ACCEPT_NONE);
        placed_free(&x);
    }
    /* through a chain: A -FS-> B -FF-> P; not through a started task */
    for (int started = 0; started <= 1; started++) {
        keel_builder b;
        int64_t dur[] = {4, 1, 3};
        int prio[] = {500, 500, 1000};
        int32_t units[] = {U, 0, U};
        tasks_on_r(&b, U, 3, dur, prio, units, true);
        toy_link(&b, 0, 1, KEEL_LINK_FS, 0);
        toy_link(&b, 1, 2, KEEL_LINK_FF, 0);
        if (started)
            b.tasks.data[1].actual_start = 4;
        keel_time start[] = {0, 4, 2};
        placed x = verify_at(toy_finish(&b), start);
        expect_one(&x, KEEL_CONFLICT_RESOURCE, started ? KEEL_ACCEPT_NONE : KEEL_ACCEPT_TIED);
        placed_free(&x);
    }
    ck_assert_str_eq(keel_accept_reason_text(KEEL_ACCEPT_TIED),
                     "priority-1000 task with its own predecessors");
}
END_TEST

START_TEST(every_stretch_must_be_unavoidable)
{
    /* one conflict over [0, 4): fixed tasks alone over capacity in [0, 2),
     * two movable tasks in [2, 4) */
    keel_builder b;
    int64_t dur[] = {2, 2, 2, 2};
    int prio[] = {1000, 1000, 500, 500};
    int32_t units[] = {U, U, U, U};
    tasks_on_r(&b, U, 4, dur, prio, units, true);
    keel_time start[] = {0, 0, 2, 2};
    placed x = verify_at(toy_finish(&b), start);
    expect_one(&x, KEEL_CONFLICT_RESOURCE, KEEL_ACCEPT_NONE);
    placed_free(&x);
}
END_TEST

START_TEST(soft_constraint_and_started_link)
{
    keel_builder b;
    int64_t dur[] = {3, 2};
    int prio[] = {500, 500};
    int32_t units[] = {0, 0};
    tasks_on_r(&b, U, 2, dur, prio, units, true);
    b.tasks.data[0].constraint = KEEL_SNLT;
    b.tasks.data[0].constraint_date = 1;
    keel_time start[] = {2, 0};
    placed x = verify_at(toy_finish(&b), start);
    expect_one(&x, KEEL_CONFLICT_CONSTRAINT, KEEL_ACCEPT_SOFT);
    ck_assert_str_eq(keel_accept_reason_text(KEEL_ACCEPT_SOFT), "soft constraint");
    placed_free(&x);
    /* a started task before its predecessor's finish: the link is broken, the
     * task keeps its dates */
    tasks_on_r(&b, U, 2, dur, prio, units, true);
    toy_link(&b, 0, 1, KEEL_LINK_FS, 0);
    b.tasks.data[1].actual_start = 1;
    keel_time again[] = {0, 1};
    x = verify_at(toy_finish(&b), again);
    expect_one(&x, KEEL_CONFLICT_LINK, KEEL_ACCEPT_STARTED);
    placed_free(&x);
    ck_assert_str_eq(keel_accept_reason_text(KEEL_ACCEPT_NONE), "");
}
END_TEST

Suite *suite_verify(void)
{
    Suite *s = suite_create("verify");
    TCase *tc = tcase_create("accept");
    tcase_add_test(tc, movable_over_capacity_fails);
    tcase_add_test(tc, movable_over_pinned_fails);
    tcase_add_test(tc, fixed_tasks_alone);
    tcase_add_test(tc, single_task_over_capacity);
    tcase_add_test(tc, resource_not_leveled);
    tcase_add_test(tc, pinned_with_its_predecessors);
    tcase_add_test(tc, every_stretch_must_be_unavoidable);
    tcase_add_test(tc, soft_constraint_and_started_link);
    suite_add_tcase(s, tc);
    return s;
}
