/* SPDX-License-Identifier: GPL-3.0-or-later
 * Resource clusters (search/clusters.h) and leveling by clusters
 * (run/level_clusters.c): which projects form a cluster; a portfolio of
 * several clusters levels each as a portfolio of its own (its result equals
 * leveling its projects alone at its share of the budget), never worse than
 * the whole search at the same budget, verified; one cluster takes the
 * whole path unchanged. Fixed seeds and budgets.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "analysis/schedule.h"
#include "model/overlay.h"
#include "search/clusters.h"
#include "testutil.h"
#include "toy_model.h"

#define U KEEL_UNITS_ONE

/* A further project of toy tasks (toy_model.h makes project 0). */
static int add_project(keel_builder *b)
{
    static const char *const names[] = {"toy1", "toy2", "toy3", "toy4"};
    keel_project pr = b->projects.data[0];
    pr.name = names[b->projects.len - 1];
    pr.first_task = (int)b->tasks.len;
    pr.ntasks = 0;
    ck_assert(KEEL_VEC_PUSH(&b->projects, pr));
    return (int)b->projects.len - 1;
}

/* Task of dur periods in project q (the last one added). */
static int add_task(keel_builder *b, int q, int64_t dur)
{
    int t = toy_task(b, dur, 500);
    b->projects.data[0].ntasks = b->projects.data[1].first_task;
    b->tasks.data[t].project = q;
    b->projects.data[q].ntasks++;
    return t;
}

static int add_resource(keel_builder *b, bool can_level, const char *name)
{
    keel_time at[] = {0};
    int32_t units[] = {U};
    int r = toy_resource(b, can_level, 1, at, units);
    b->resources.data[r].name = name;
    return r;
}

static keel_clusters clusters_of(const keel_portfolio *p)
{
    keel_problem *P = NULL;
    keel_error err = {0};
    ck_assert(keel_problem_new(p, &P, &err) == KEEL_OK);
    keel_clusters c;
    ck_assert(keel_clusters_find(P, &c, &err) == KEEL_OK);
    keel_problem_free(P);
    return c;
}

/* Projects 0..3 of two tasks each (a link inside each); resource use and a
 * link across projects as the case asks. */
static keel_clusters hand_made(int which)
{
    keel_builder b;
    toy_init(&b);
    toy_task(&b, 2, 500);
    toy_task(&b, 3, 500);
    for (int q = 1; q < 4; q++) {
        add_project(&b);
        add_task(&b, q, 2);
        add_task(&b, q, 3);
    }
    for (int q = 0; q < 4; q++)
        toy_link(&b, 2 * q, 2 * q + 1, KEEL_LINK_FS, 0);
    int r0 = add_resource(&b, true, "R0"), r1 = add_resource(&b, true, "R1"),
        off = add_resource(&b, false, "Not leveled");
    toy_use(&b, 0, r0, U);  /* projects 0 and 1 share R0 */
    toy_use(&b, 3, r0, U);
    toy_use(&b, 4, r1, U);  /* project 2 alone on R1 */
    toy_use(&b, 7, off, U); /* project 3 on a resource not leveled ... */
    if (which >= 1)
        toy_use(&b, 1, off, U); /* ... which joins nothing */
    if (which >= 2)
        toy_link(&b, 5, 6, KEEL_LINK_SS, 1); /* a cross-project link: 2 and 3 */
    if (which >= 3)
        toy_use(&b, 6, r1, U);  /* and 3 now shares R1 with 2 */
    if (which >= 4)
        toy_use(&b, 2, r1, U);  /* and 1 with both: one cluster */
    keel_portfolio *p = toy_finish(&b);
    keel_clusters c = clusters_of(p);
    keel_portfolio_free(p);
    return c;
}

START_TEST(clusters_of_hand_made)
{
    static const int expect[][4] = {{0, 0, 1, 2}, {0, 0, 1, 2}, {0, 0, 1, 1},
                                    {0, 0, 1, 1}, {0, 0, 0, 0}};
    static const int count[] = {3, 3, 2, 2, 1};
    for (int w = 0; w < 5; w++) {
        keel_clusters c = hand_made(w);
        ck_assert_int_eq(c.n, count[w]);
        for (int q = 0; q < 4; q++)
            ck_assert_msg(c.of_project[q] == expect[w][q], "case %d project %d: %d", w, q,
                          c.of_project[q]);
        int jobs = 0;
        for (int i = 0; i < c.n; i++)
            jobs += c.njobs[i];
        ck_assert_int_eq(jobs, 8);
        keel_clusters_release(&c);
    }
}
END_TEST

static keel_options options(const char *objective, int threads, int64_t budget)
{
    keel_options o;
    keel_options_init(&o);
    snprintf(o.objective, sizeof o.objective, "%s", objective);
    o.threads = threads;
    o.schedules = budget;
    return o;
}

/* Two projects with tasks on resources of their own and one without tasks
 * (a cluster with nothing to level): two clusters leveled, verified. */
START_TEST(project_without_tasks)
{
    keel_builder b;
    toy_init(&b);
    toy_task(&b, 2, 500);
    toy_task(&b, 3, 500);
    add_project(&b);
    add_task(&b, 1, 4);
    add_task(&b, 1, 1);
    add_project(&b);
    int r0 = add_resource(&b, true, "R0"), r1 = add_resource(&b, true, "R1");
    toy_use(&b, 0, r0, U);
    toy_use(&b, 1, r0, U);
    toy_use(&b, 2, r1, U);
    toy_use(&b, 3, r1, U);
    keel_portfolio *p = toy_finish(&b);
    keel_clusters c = clusters_of(p);
    ck_assert_int_eq(c.n, 3);
    ck_assert_int_eq(c.njobs[2], 0);
    keel_clusters_release(&c);
    keel_options o = options("apd", 2, 50);
    keel_result *r = test_level(p, &o);
    keel_result_info in = keel_result_get(r);
    ck_assert_int_eq(in.clusters, 2);
    ck_assert_msg(fabs(in.value - 1) < 1e-9, "apd %g", in.value); /* (2 + 1 + 0) / 3 */
    test_assert_verified(p, r);
    keel_result_free(r);
    keel_portfolio_free(p);
}
END_TEST

/* gen_portfolio's portfolio.txt (features: summary links, started,
 * priority-1000 and ALAP tasks, ...) in a directory of the tmpdir. */
static keel_portfolio *generated(int projects, int clusters, int seed)
{
    const char *g = test_generator();
    ck_assert_msg(g, "set KEEL_GEN to the gen_portfolio binary (make test does)");
    char dir[512], cmd[1400];
    snprintf(dir, sizeof dir, "%s/clusters-%d-%d-%d", test_tmpdir(), projects, clusters,
             seed);
    snprintf(cmd, sizeof cmd, "'%s' --projects %d --tasks 40 --resources 12 --clusters %d "
             "--seed %d --features all -o '%s' >/dev/null", g, projects, clusters, seed, dir);
    ck_assert_int_eq(system(cmd), 0);
    return test_load_dir(dir);
}

START_TEST(clusters_of_generated)
{
    for (int k = 1; k <= 3; k++) {
        keel_portfolio *p = generated(6, k, 2);
        keel_clusters c = clusters_of(p);
        ck_assert_int_eq(c.n, k);
        for (int q = 0; q < p->nprojects; q++)
            ck_assert_int_eq(c.of_project[q], q % k); /* the generator's groups */
        keel_clusters_release(&c);
        keel_portfolio_free(p);
    }
}
END_TEST

static bool same_dates(const keel_schedule *a, const keel_schedule *b)
{
    for (int t = 0; t < a->ntasks; t++)
        if (a->start[t] != b->start[t] || a->finish[t] != b->finish[t])
            return false;
    return true;
}

static const char *const objectives[] = {"weighted-delay", "apd", "tms"};

/* Three clusters at 600 schedules: never worse than the whole search at
 * that budget, verified, the same for a second run. */
START_TEST(decomposed_not_worse_than_whole)
{
    keel_portfolio *p = generated(9, 3, 4);
    keel_options o = options(objectives[_i], 2, 600);
    keel_result *by = test_level(p, &o), *again = test_level(p, &o);
    o.no_clusters = true;
    keel_result *whole = test_level(p, &o);
    keel_result_info a = keel_result_get(by), w = keel_result_get(whole);
    ck_assert_int_eq(a.clusters, 3);
    ck_assert_int_eq(w.clusters, 1);
    ck_assert_msg(a.value <= w.value + 1e-9, "%s: clusters %g, whole %g", objectives[_i],
                  a.value, w.value);
    ck_assert_msg(a.lower_bound <= a.value + 1e-9 && !(a.lower_bound < w.lower_bound - 1e-9),
                  "bound %g (whole %g) for %g", a.lower_bound, w.lower_bound, a.value);
    ck_assert(same_dates(keel_result_schedule(by), keel_result_schedule(again)));
    test_assert_verified(p, by);
    keel_result_free(by);
    keel_result_free(again);
    keel_result_free(whole);
    keel_portfolio_free(p);
}
END_TEST

/* Each cluster's dates are what leveling its projects alone gives at its
 * budget (in its own, smaller schedules): the other clusters change nothing. */
START_TEST(cluster_equals_its_projects_alone)
{
    keel_portfolio *p = generated(6, 2, 5);
    keel_clusters c = clusters_of(p);
    ck_assert_int_eq(c.n, 2);
    const int64_t budget = 500;
    keel_options o = options("apd", 2, budget);
    keel_result *r = test_level(p, &o);
    const keel_schedule *s = keel_result_schedule(r);
    for (int i = 0; i < c.n; i++) {
        keel_project_change ch[16];
        for (int q = 0; q < p->nprojects; q++) {
            keel_project_change_init(&ch[q]);
            ch[q].removed = c.of_project[q] != i;
        }
        keel_overlay ov = {.projects = ch};
        keel_portfolio *alone = NULL;
        int *map = NULL;
        keel_error err = {0};
        ck_assert(keel_model_derive(p, &ov, &alone, &map, &err) == KEEL_OK);
        keel_options oa = options("apd", 2, budget);
        keel_result *ra = test_level(alone, &oa);
        const keel_schedule *sa = keel_result_schedule(ra);
        for (int t = 0; t < p->ntasks; t++)
            if (map[t] >= 0)
                ck_assert_msg(s->start[t] == sa->start[map[t]] &&
                                  s->finish[t] == sa->finish[map[t]],
                              "cluster %d task %d: %lld..%lld alone %lld..%lld", i, t,
                              (long long)s->start[t], (long long)s->finish[t],
                              (long long)sa->start[map[t]], (long long)sa->finish[map[t]]);
        keel_result_free(ra);
        free(map);
        keel_portfolio_free(alone);
    }
    keel_clusters_release(&c);
    keel_result_free(r);
    keel_portfolio_free(p);
}
END_TEST

/* One cluster (a generated portfolio, an MPSPLIB instance, a PSPLIB one):
 * the whole path, the same dates and figures as with no_clusters. */
START_TEST(one_cluster_takes_the_whole_path)
{
    keel_portfolio *ps[] = {generated(5, 1, 6),
                            test_load_file("instances/mpsplib/mp_j30_a10_nr2.xml"),
                            test_load_file("instances/psplib/j30/j3029_1.sm")};
    for (int k = 0; k < 3; k++) {
        keel_options o = options("default", 2, 400);
        keel_result *a = test_level(ps[k], &o);
        o.no_clusters = true;
        keel_result *b = test_level(ps[k], &o);
        keel_result_info ia = keel_result_get(a), ib = keel_result_get(b);
        ck_assert_int_eq(ia.clusters, 1);
        ck_assert(same_dates(keel_result_schedule(a), keel_result_schedule(b)));
        ck_assert(ia.value == ib.value && ia.schedules == ib.schedules);
        ck_assert_str_eq(ia.solver, ib.solver);
        keel_result_free(a);
        keel_result_free(b);
        keel_portfolio_free(ps[k]);
    }
}
END_TEST

/* Progress reports the whole portfolio's objective, never above where it
 * was and never below the result; a stop in the first cluster's search
 * keeps the best full plan: the others at the start, verified. */
typedef struct seen {
    int n;
    double last;
    bool rose;
    volatile sig_atomic_t *stop; /* set at the first report, unless NULL */
} seen;

static void on_progress(double seconds, int64_t schedules, double best, void *ctx)
{
    seen *s = ctx;
    s->rose |= s->n > 0 && best > s->last + 1e-9;
    s->last = best;
    s->n++;
    if (s->stop)
        *s->stop = 1;
}

START_TEST(progress_and_stop_see_the_whole)
{
    keel_portfolio *p = generated(6, 3, 7);
    keel_options o = options("weighted-delay", 1, 300);
    seen s = {0};
    o.progress = on_progress;
    o.progress_ctx = &s;
    keel_result *r = test_level(p, &o);
    keel_result_info in = keel_result_get(r);
    ck_assert_int_ge(s.n, 1);
    ck_assert(!s.rose);
    ck_assert_msg(fabs(s.last - in.value) < 1e-6 * (1 + in.value), "last %g, result %g",
                  s.last, in.value);
    volatile sig_atomic_t stop = 0;
    seen s2 = {.stop = &stop};
    o.progress_ctx = &s2;
    o.stop = &stop;
    keel_result *st = test_level(p, &o);
    keel_result_info is = keel_result_get(st);
    ck_assert(is.stopped);
    ck_assert_int_eq(is.clusters, 3);
    ck_assert(is.value >= in.value - 1e-9);
    ck_assert(is.value <= fmin(is.baseline, is.rules_value) + 1e-9);
    test_assert_verified(p, st);
    keel_result_free(st);
    keel_result_free(r);
    keel_portfolio_free(p);
}
END_TEST

Suite *suite_clusters(void)
{
    Suite *s = suite_create("clusters");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, clusters_of_hand_made);
    tcase_add_test(tc, clusters_of_generated);
    tcase_add_test(tc, project_without_tasks);
    tcase_add_loop_test(tc, decomposed_not_worse_than_whole, 0, 3);
    tcase_add_test(tc, cluster_equals_its_projects_alone);
    tcase_add_test(tc, one_cluster_takes_the_whole_path);
    tcase_add_test(tc, progress_and_stop_see_the_whole);
    suite_add_tcase(s, tc);
    return s;
}
