/* SPDX-License-Identifier: GPL-3.0-or-later
 * ILP (GLPK): hand-made instances with optima worked out by hand (every link
 * type through its start-to-start distance, a capacity dip, a fixed job, the
 * sum objectives), PSPLIB j30 instances at their known optimum (found) and one
 * below (proven infeasible), the LP bound, and a forced GLPK fatal error that
 * must come back as a status while the process goes on; the propagation
 * rules that tighten windows before GLPK, and shaving. Node limits only.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/cpm.h"
#include "ilp/ilp.h"
#include "read/psplib_read.h"
#include "testutil.h"

#define MAXJ 8

/* A hand-made instance in fixed arrays. */
typedef struct hand {
    keel_ilp m;
    int duration[MAXJ], est[MAXJ], lst[MAXJ], project[MAXJ], due[MAXJ];
    double weight[MAXJ];
    keel_ilp_arc arcs[MAXJ];
    int32_t capacity[64], demand[MAXJ];
} hand;

/* njobs jobs with the given durations and demands on one resource of capacity
 * cap over horizon h; loose windows [0, h - d]. */
static void hand_init(hand *x, int njobs, const int *dur, const int32_t *dem, int32_t cap, int h)
{
    memset(x, 0, sizeof *x);
    ck_assert(h <= 64 && njobs <= MAXJ);
    x->m = (keel_ilp){.njobs = njobs, .nres = 1, .nprojects = 1, .horizon = h,
                      .duration = x->duration, .est = x->est, .lst = x->lst,
                      .arcs = x->arcs, .project = x->project, .capacity = x->capacity,
                      .demand = x->demand, .weight = x->weight, .due = x->due};
    for (int j = 0; j < njobs; j++) {
        x->duration[j] = dur[j];
        x->demand[j] = dem[j];
        x->lst[j] = h - dur[j];
        x->weight[j] = 1;
    }
    for (int t = 0; t < h; t++)
        x->capacity[t] = cap;
}

static void hand_arc(hand *x, int i, int j, int dist)
{
    x->arcs[x->m.narcs++] = (keel_ilp_arc){.pred = i, .succ = j, .dist = dist};
}

/* Independent check of a schedule against the instance. */
static void check_schedule(const keel_ilp *m, const int *start)
{
    for (int j = 0; j < m->njobs; j++)
        ck_assert_msg(start[j] >= m->est[j] && start[j] <= m->lst[j], "job %d outside window", j);
    for (int a = 0; a < m->narcs; a++)
        ck_assert_msg(start[m->arcs[a].succ] >= start[m->arcs[a].pred] + m->arcs[a].dist,
                      "arc %d violated", a);
    for (int k = 0; k < m->nres; k++)
        for (int t = 0; t < m->horizon; t++) {
            int64_t load = 0;
            for (int j = 0; j < m->njobs; j++)
                if (start[j] <= t && t < start[j] + m->duration[j])
                    load += m->demand[(size_t)j * m->nres + k];
            ck_assert_msg(load <= m->capacity[(size_t)k * m->horizon + t],
                          "resource %d over capacity at %d", k, t);
        }
}

static keel_ilp_result solve_ok(const keel_ilp *m, const keel_ilp_params *par, int *start)
{
    keel_ilp_result res = {.start = start};
    keel_error err = {0};
    ck_assert_msg(keel_ilp_solve(m, par, &res, &err) == KEEL_OK, "%s", err.message);
    if (res.status == KEEL_ILP_OPTIMAL || res.status == KEEL_ILP_FEASIBLE)
        check_schedule(m, start);
    return res;
}

START_TEST(links_all_types)
{
    /* FS+1: 0->1 dist 3+1; SS+2: 0->2 dist 2; FF: 1->3 dist 2-1; SF+5: 2->3 dist
     * 5-1. S = 0, 4, 2, max(5, 6) = 6; makespan 7 (no resource pressure). */
    hand x;
    int dur[] = {3, 2, 4, 1};
    int32_t dem[] = {0, 0, 0, 0};
    hand_init(&x, 4, dur, dem, 1, 12);
    hand_arc(&x, 0, 1, 3 + 1);
    hand_arc(&x, 0, 2, 2);
    hand_arc(&x, 1, 3, 2 + 0 - 1);
    hand_arc(&x, 2, 3, 5 - 1);
    int start[4];
    keel_ilp_result r = solve_ok(&x.m, NULL, start);
    ck_assert_str_eq(keel_ilp_status_name(r.status), "optimal");
    ck_assert_double_eq_tol(r.objective, 7, 1e-6);
    ck_assert_double_eq_tol(r.bound, 7, 1e-6);
    ck_assert_int_eq(start[3], 6);
    /* A negative distance (a lead): 1 may start 2 before 0 does. */
    hand y;
    int dur2[] = {3, 3};
    int32_t dem2[] = {1, 1};
    hand_init(&y, 2, dur2, dem2, 2, 10);
    hand_arc(&y, 0, 1, -2);
    hand_arc(&y, 1, 0, 2); /* S0 >= S1 + 2 */
    r = solve_ok(&y.m, NULL, start);
    ck_assert_int_eq(r.status, KEEL_ILP_OPTIMAL);
    ck_assert_double_eq_tol(r.objective, 5, 1e-6);
    ck_assert_int_eq(start[0] - start[1], 2);
}
END_TEST

START_TEST(capacity_dip)
{
    /* Two jobs needing the whole capacity 2 for 2 periods; capacity is 1 in
     * periods 2-3, so the second waits until 4: makespan 6 (4 without the dip). */
    hand x;
    int dur[] = {2, 2};
    int32_t dem[] = {2, 2};
    hand_init(&x, 2, dur, dem, 2, 10);
    int start[2];
    keel_ilp_result r = solve_ok(&x.m, NULL, start);
    ck_assert_double_eq_tol(r.objective, 4, 1e-6);
    x.capacity[2] = x.capacity[3] = 1;
    r = solve_ok(&x.m, NULL, start);
    ck_assert_int_eq(r.status, KEEL_ILP_OPTIMAL);
    ck_assert_double_eq_tol(r.objective, 6, 1e-6);
    /* A job that fits nowhere: infeasible. */
    x.demand[1] = 3;
    r = solve_ok(&x.m, NULL, start);
    ck_assert_int_eq(r.status, KEEL_ILP_INFEASIBLE);
    ck_assert(r.bound == HUGE_VAL);
}
END_TEST

START_TEST(fixed_job)
{
    /* Job 0 fixed at 1..3 on a unit resource; job 1 (3 periods) cannot fit
     * before it, so it starts at 3: makespan 6. */
    hand x;
    int dur[] = {2, 3};
    int32_t dem[] = {1, 1};
    hand_init(&x, 2, dur, dem, 1, 10);
    x.est[0] = x.lst[0] = 1;
    int start[2];
    keel_ilp_result r = solve_ok(&x.m, NULL, start);
    ck_assert_int_eq(r.status, KEEL_ILP_OPTIMAL);
    ck_assert_double_eq_tol(r.objective, 6, 1e-6);
    ck_assert_int_eq(start[0], 1);
    ck_assert_int_eq(start[1], 3);
    /* An empty window is infeasible without asking GLPK. */
    x.lst[1] = -1;
    r = solve_ok(&x.m, NULL, start);
    ck_assert_int_eq(r.status, KEEL_ILP_INFEASIBLE);
}
END_TEST

START_TEST(sum_objectives)
{
    /* Two projects of one 3-period job each on a unit resource. */
    hand x;
    int dur[] = {3, 3};
    int32_t dem[] = {1, 1};
    hand_init(&x, 2, dur, dem, 1, 10);
    x.m.nprojects = 2;
    x.project[1] = 1;
    x.m.objective = KEEL_ILP_WEIGHTED_FINISH;
    x.weight[0] = 1;
    x.weight[1] = 3; /* the heavier goes first: 3*3 + 1*6 */
    int start[2];
    keel_ilp_result r = solve_ok(&x.m, NULL, start);
    ck_assert_int_eq(r.status, KEEL_ILP_OPTIMAL);
    ck_assert_double_eq_tol(r.objective, 15, 1e-6);
    ck_assert_int_eq(start[1], 0);
    x.m.objective = KEEL_ILP_WEIGHTED_TARDINESS;
    x.due[0] = x.due[1] = 3;
    x.weight[0] = 2;
    x.weight[1] = 1; /* now project 1 is late by 3 at weight 1 */
    r = solve_ok(&x.m, NULL, start);
    ck_assert_int_eq(r.status, KEEL_ILP_OPTIMAL);
    ck_assert_double_eq_tol(r.objective, 3, 1e-6);
    ck_assert_int_eq(start[0], 0);
}
END_TEST

START_TEST(incumbent_and_bad_input)
{
    hand x;
    int dur[] = {2, 3, 1};
    int32_t dem[] = {1, 1, 1};
    hand_init(&x, 3, dur, dem, 1, 10);
    hand_arc(&x, 0, 2, 2);
    keel_ilp_params par;
    keel_ilp_params_init(&par);
    int inc[] = {1, 3, 6}, start[3];
    par.incumbent = inc;
    keel_ilp_result r = solve_ok(&x.m, &par, start);
    ck_assert_int_eq(r.status, KEEL_ILP_OPTIMAL);
    ck_assert_double_eq_tol(r.objective, 6, 1e-6);
    ck_assert(r.incumbent_used);
    /* A bad instance is KEEL_ERR_INVALID. */
    x.arcs[0].succ = 7;
    keel_error err = {0};
    r.start = start;
    ck_assert_int_eq(keel_ilp_solve(&x.m, NULL, &r, &err), KEEL_ERR_INVALID);
    ck_assert_int_eq(r.status, KEEL_ILP_ERROR);
}
END_TEST

START_TEST(glpk_fatal_error_is_a_status)
{
    hand x;
    int dur[] = {2, 2};
    int32_t dem[] = {1, 1};
    hand_init(&x, 2, dur, dem, 1, 10);
    keel_ilp_params par;
    keel_ilp_params_init(&par);
    int start[2];
    keel_test_ilp_fault = 1;
    keel_error err = {0};
    keel_ilp_result r = {.start = start};
    ck_assert_int_eq(keel_ilp_solve(&x.m, &par, &r, &err), KEEL_ERR_INTERNAL);
    ck_assert_int_eq(r.status, KEEL_ILP_ERROR);
    ck_assert_msg(strstr(err.message, "GLPK failed: glp_set_col_bnds") != NULL, "%s",
                  err.message);
    /* The same thread goes on with a fresh GLPK environment. */
    double lb = 0;
    ck_assert_int_eq(keel_ilp_lp_bound(&x.m, &par, &lb, &err), KEEL_ERR_INTERNAL);
    keel_test_ilp_fault = 0;
    r = solve_ok(&x.m, NULL, start);
    ck_assert_int_eq(r.status, KEEL_ILP_OPTIMAL);
    ck_assert_double_eq_tol(r.objective, 4, 1e-6);
}
END_TEST

/* ---------------------------------------------------------------- PSPLIB */

typedef struct loaded {
    keel_portfolio *p;
    keel_cpm *c;
} loaded;

static loaded load_sm(const char *path)
{
    keel_builder b;
    ck_assert(keel_builder_init(&b));
    keel_error err = {0};
    ck_assert_msg(keel_psplib_read(path, &b, NULL, NULL, &err) == KEEL_OK, "%s", err.message);
    loaded l = {0};
    ck_assert_msg(keel_model_finish(&b, &l.p, &err) == KEEL_OK, "%s", err.message);
    keel_builder_release(&b);
    ck_assert(keel_cpm_run(l.p, &l.c, &err) == KEEL_OK);
    return l;
}

static void unload(loaded *l)
{
    keel_cpm_free(l->c);
    keel_portfolio_free(l->p);
}

static keel_ilp_result solve_j30(const loaded *l, int horizon, int64_t nodes, double *lp)
{
    keel_ilp *m = NULL;
    keel_error err = {0};
    ck_assert_msg(keel_ilp_from_portfolio(l->p, l->c, KEEL_ILP_MAKESPAN, horizon, &m, &err) ==
                      KEEL_OK,
                  "%s", err.message);
    ck_assert_int_eq(m->njobs, 32);
    keel_ilp_params par;
    keel_ilp_params_init(&par);
    par.node_limit = nodes;
    int start[32];
    keel_ilp_result r = solve_ok(m, &par, start);
    if (lp)
        ck_assert(keel_ilp_lp_bound(m, &par, lp, &err) == KEEL_OK);
    keel_ilp_free(m);
    return r;
}

/* Small/easy j30 instances with their optima from j30opt.sm. */
static const struct {
    const char *file;
    int opt;
} j30[] = {
    {"instances/psplib/j30/j301_1.sm", 43},
    {"instances/psplib/j30/j301_3.sm", 47},
};

START_TEST(j30_opt_and_below)
{
    loaded l = load_sm(j30[_i].file);
    double lp = 0;
    keel_ilp_result r = solve_j30(&l, j30[_i].opt, 5000, &lp);
    ck_assert_msg(r.status == KEEL_ILP_OPTIMAL, "%s: %s after %lld nodes", j30[_i].file,
                  keel_ilp_status_name(r.status), (long long)r.nodes);
    ck_assert_double_eq_tol(r.objective, j30[_i].opt, 1e-6);
    ck_assert(lp <= j30[_i].opt + 1e-6);
    ck_assert(lp >= l.c->project_finish[0] - 1e-6); /* at least the critical path */
    r = solve_j30(&l, j30[_i].opt - 1, 5000, NULL);
    ck_assert_msg(r.status == KEEL_ILP_INFEASIBLE, "%s at T-1: %s after %lld nodes",
                  j30[_i].file, keel_ilp_status_name(r.status), (long long)r.nodes);
    unload(&l);
}
END_TEST

START_TEST(node_limit_stops)
{
    /* With a 1-node limit a hard horizon stops early: no proof either way,
     * yet the bound is valid. */
    loaded l = load_sm("instances/psplib/j30/j301_1.sm");
    keel_ilp_result r = solve_j30(&l, 60, 1, NULL);
    ck_assert(r.status == KEEL_ILP_FEASIBLE || r.status == KEEL_ILP_NO_SOLUTION ||
              r.status == KEEL_ILP_OPTIMAL);
    ck_assert(r.bound <= 43 + 1e-6);
    unload(&l);
}
END_TEST

/* Each rule of keel_ilp_propagate on a case only it decides. */
START_TEST(propagation_rules)
{
    hand x;
    bool ok = false;
    keel_error err = {0};
    /* time-tabling and the disjunction: A (4 periods, start 0 or 1) surely
     * holds [1, 4) of the one unit, so B (2 periods) only fits at 4; then A
     * must start at 0 */
    hand_init(&x, 2, (int[]){4, 2}, (int32_t[]){1, 1}, 1, 6);
    x.lst[0] = 1;
    ck_assert(keel_ilp_propagate(&x.m, 0, &ok, &err) == KEEL_OK && ok);
    ck_assert_int_eq(x.est[1], 4);
    ck_assert_int_eq(x.lst[1], 4);
    ck_assert_int_eq(x.lst[0], 0);
    hand_init(&x, 2, (int[]){4, 2}, (int32_t[]){1, 1}, 1, 5); /* no room for B */
    x.lst[0] = 1;
    ck_assert(keel_ilp_propagate(&x.m, 0, &ok, &err) == KEEL_OK && !ok);
    /* arcs: B at least 3 after A and at most 1 after it */
    hand_init(&x, 2, (int[]){1, 1}, (int32_t[]){0, 0}, 1, 10);
    hand_arc(&x, 0, 1, 3);
    hand_arc(&x, 1, 0, -1);
    ck_assert(keel_ilp_propagate(&x.m, 0, &ok, &err) == KEEL_OK && !ok);
    /* energy: three 2-period jobs on one unit need 6 periods of 5, though
     * every pair fits and no job has a compulsory part */
    hand_init(&x, 3, (int[]){2, 2, 2}, (int32_t[]){1, 1, 1}, 1, 5);
    ck_assert(keel_ilp_propagate(&x.m, 0, &ok, &err) == KEEL_OK && !ok);
    hand_init(&x, 3, (int[]){2, 2, 2}, (int32_t[]){1, 1, 1}, 1, 6); /* fits */
    ck_assert(keel_ilp_propagate(&x.m, 100000, &ok, &err) == KEEL_OK && ok);
    for (int j = 0; j < 3; j++)
        ck_assert(x.est[j] == 0 || x.est[j] == 2 || x.est[j] == 4);
}
END_TEST

/* Shaving proves a hard j30 instance optimal (86, j30opt.sm) where plain
 * propagation and the LP see no contradiction at 85; on an easy one it keeps
 * the optimum. */
START_TEST(shaving_proves_j30)
{
    loaded l = load_sm("instances/psplib/j30/j3041_1.sm");
    keel_error err = {0};
    bool ok = false;
    for (int shave = 0; shave <= 1; shave++) {
        keel_ilp *m = NULL;
        ck_assert(keel_ilp_from_portfolio(l.p, l.c, KEEL_ILP_MAKESPAN, 85, &m, &err) == KEEL_OK);
        ck_assert(keel_ilp_propagate(m, shave ? 100000000 : 0, &ok, &err) == KEEL_OK);
        ck_assert(ok == !shave);
        keel_ilp_free(m);
    }
    unload(&l);
    l = load_sm(j30[0].file);
    keel_ilp *m = NULL;
    ck_assert(keel_ilp_from_portfolio(l.p, l.c, KEEL_ILP_MAKESPAN, j30[0].opt, &m, &err) ==
              KEEL_OK);
    keel_ilp_params par;
    keel_ilp_params_init(&par);
    par.shave_work = 100000000;
    par.node_limit = 5000;
    int start[32];
    keel_ilp_result r = solve_ok(m, &par, start);
    ck_assert_int_eq(r.status, KEEL_ILP_OPTIMAL);
    ck_assert_double_eq_tol(r.objective, j30[0].opt, 1e-6);
    keel_ilp_free(m);
    unload(&l);
}
END_TEST

Suite *suite_ilp(void)
{
    Suite *s = suite_create("ilp");
    TCase *tc = tcase_create("hand");
    tcase_add_test(tc, links_all_types);
    tcase_add_test(tc, capacity_dip);
    tcase_add_test(tc, fixed_job);
    tcase_add_test(tc, sum_objectives);
    tcase_add_test(tc, incumbent_and_bad_input);
    tcase_add_test(tc, glpk_fatal_error_is_a_status);
    tcase_add_test(tc, propagation_rules);
    suite_add_tcase(s, tc);
    tc = tcase_create("psplib");
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, j30_opt_and_below, 0, (int)(sizeof j30 / sizeof j30[0]));
    tcase_add_test(tc, node_limit_stops);
    tcase_add_test(tc, shaving_proves_j30);
    suite_add_tcase(s, tc);
    return s;
}
