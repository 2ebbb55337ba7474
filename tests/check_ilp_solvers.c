/* SPDX-License-Identifier: GPL-3.0-or-later
 * The ILP solvers through keel_level (suite "ilp", with check_ilp.c): ilp-exact
 * on a hand-made instance whose optimum (7) lies above every static bound
 * (6) returns it and proves it; on j30 instances the proven optimum is
 * j30opt's; a GLPK failure in every solve is absorbed (the run returns the
 * heuristic's schedule); two threads, heuristic plus ILP, give the same
 * schedule twice; ilp-lns is never worse than the schedule it starts from. Budgets in schedules
 * (node limits), never time limits.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analysis/verify.h"
#include "ilp/ilp.h"
#include "run/level.h"
#include "search/problem.h"
#include "search/sgs.h"
#include "testutil.h"

/* One resource of capacity 2; A (3 periods, 2 units), B -> C (2 periods, 1
 * unit each), D (2 periods, 1 unit). Bounds: energy (6 + 2 + 2 + 2) / 2 = 6,
 * critical path 4. A excludes everything else for 3 periods, and B, C, D need
 * 6 unit-periods with C after B: the optimum is 7 (A 0-3, B and D 3-5, C 5-7). */
static const char hand_sm[] =
    "************************************************************************\n"
    "projects                      :  1\n"
    "jobs (incl. supersource/sink ):  6\n"
    "horizon                       :  20\n"
    "RESOURCES\n"
    "  - renewable                 :  1   R\n"
    "  - nonrenewable              :  0   N\n"
    "  - doubly constrained        :  0   D\n"
    "************************************************************************\n"
    "PROJECT INFORMATION:\n"
    "pronr.  #jobs rel.date duedate tardcost  MPM-Time\n"
    "    1      4      0       7        0        4\n"
    "************************************************************************\n"
    "PRECEDENCE RELATIONS:\n"
    "jobnr.    #modes  #successors   successors\n"
    "   1        1          3           2   3   5\n"
    "   2        1          1           6\n"
    "   3        1          1           4\n"
    "   4        1          1           6\n"
    "   5        1          1           6\n"
    "   6        1          0\n"
    "************************************************************************\n"
    "REQUESTS/DURATIONS:\n"
    "jobnr. mode duration  R 1\n"
    "------------------------------------------------------------------------\n"
    "  1      1     0       0\n"
    "  2      1     3       2\n"
    "  3      1     2       1\n"
    "  4      1     2       1\n"
    "  5      1     2       1\n"
    "  6      1     0       0\n"
    "************************************************************************\n"
    "RESOURCEAVAILABILITIES:\n"
    "  R 1\n"
    "    2\n"
    "************************************************************************\n";

/* The same instance in MSPDI on the standard calendar (Monday to Friday,
 * 8:00-12:00 and 13:00-17:00), periods as working days: from Monday
 * 2026-01-05 8:00 the optimum ends on the 7th working day, Tuesday
 * 2026-01-13 17:00 (12,060 minutes later; the static bound is 6 days). The
 * working-time grid makes the ILP exact. */
#define HAND_TASK(uid, name, hours, pred)                                                    \
    "<Task><UID>" #uid "</UID><ID>" #uid "</ID><Name>" name "</Name><OutlineLevel>1</OutlineLevel>" \
    "<Duration>PT" #hours "H0M0S</Duration>" pred "</Task>\n"
#define HAND_ASSIGN(uid, task, units)                                                         \
    "<Assignment><UID>" #uid "</UID><TaskUID>" #task "</TaskUID><ResourceUID>1</ResourceUID>" \
    "<Units>" units "</Units></Assignment>\n"
static const char hand_xml[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<Project xmlns=\"http://schemas.microsoft.com/project\">\n"
    "<StartDate>2026-01-05T08:00:00</StartDate><CalendarUID>1</CalendarUID>\n"
    "<Calendars><Calendar><UID>1</UID><Name>Standard</Name><IsBaseCalendar>1</IsBaseCalendar>"
    "</Calendar></Calendars>\n<Tasks>\n"
    HAND_TASK(1, "A", 24, "") HAND_TASK(2, "B", 16, "")
    HAND_TASK(3, "C", 16, "<PredecessorLink><PredecessorUID>2</PredecessorUID><Type>1</Type>"
                          "</PredecessorLink>")
    HAND_TASK(4, "D", 16, "")
    "</Tasks>\n<Resources><Resource><UID>1</UID><ID>1</ID><Name>R</Name><Type>1</Type>"
    "<MaxUnits>2</MaxUnits></Resource></Resources>\n<Assignments>\n"
    HAND_ASSIGN(1, 1, "2") HAND_ASSIGN(2, 2, "1") HAND_ASSIGN(3, 3, "1") HAND_ASSIGN(4, 4, "1")
    "</Assignments>\n</Project>\n";

static keel_portfolio *load(const char *file)
{
    keel_portfolio *p = NULL;
    keel_error err = {0};
    ck_assert_msg(keel_portfolio_load(&file, 1, NULL, &p, &err) == KEEL_OK, "%s", err.message);
    return p;
}

static keel_result *level_obj(const keel_portfolio *p, const char *solvers, int threads,
                              int64_t budget, const char *objective)
{
    keel_options o;
    keel_options_init(&o);
    if (objective)
        snprintf(o.objective, sizeof o.objective, "%s", objective);
    snprintf(o.solvers, sizeof o.solvers, "%s", solvers);
    o.threads = threads;
    o.schedules = budget;
    keel_result *r = NULL;
    keel_error err = {0};
    ck_assert_msg(keel_level(p, &o, &r, &err) == KEEL_OK, "%s: %s", solvers, err.message);
    keel_conflicts *c = NULL;
    ck_assert(keel_verify(p, keel_result_schedule(r), &c, &err) == KEEL_OK);
    ck_assert_int_eq(keel_conflicts_failures(c), 0);
    keel_conflicts_free(c);
    return r;
}

static keel_result *level(const keel_portfolio *p, const char *solvers, int threads,
                          int64_t budget)
{
    return level_obj(p, solvers, threads, budget, NULL);
}

START_TEST(exact_hand_made_optimum_proven)
{
    char path[512];
    keel_portfolio *p = load(test_write_file("ilp_hand.sm", hand_sm, path, sizeof path));
    /* the static bound alone does not prove 7 */
    keel_result *r = level(p, "ga", 1, 200);
    keel_result_info in = keel_result_get(r);
    ck_assert_int_eq(in.makespan, 7);
    ck_assert_double_eq_tol(in.lower_bound, 6, 1e-9);
    ck_assert(!in.optimal);
    keel_result_free(r);
    /* one thread, ilp-exact alone: from the first schedule to the proven optimum */
    r = level(p, "ilp-exact", 1, 5000);
    in = keel_result_get(r);
    ck_assert_int_eq(in.makespan, 7);
    ck_assert_double_eq_tol(in.lower_bound, 7, 1e-9);
    ck_assert(in.optimal);
    ck_assert_double_eq_tol(in.gap, 0, 1e-12);
    keel_result_free(r);
    keel_portfolio_free(p);
}
END_TEST

/* The solver view of p and its ILP grid. */
static keel_problem *problem_and_grid(const keel_portfolio *p, keel_ilp_grid *g, const char **why)
{
    keel_problem *P = NULL;
    keel_error err = {0};
    ck_assert(keel_problem_new(p, &P, &err) == KEEL_OK);
    keel_ilp_grid_of(P, g, why);
    return P;
}

START_TEST(exact_on_working_time)
{
    char path[512];
    keel_portfolio *p = load(test_write_file("ilp_hand.xml", hand_xml, path, sizeof path));
    keel_ilp_grid g;
    const char *why;
    keel_problem *P = problem_and_grid(p, &g, &why);
    ck_assert_msg(g.exact && why == NULL, "%s", why ? why : "");
    ck_assert_ptr_nonnull(g.cal);
    ck_assert_int_eq(g.unit, 480); /* gcd of 1,440 and 960 working minutes */
    ck_assert_int_eq(keel_ilp_grid_time(&g, 1) - g.origin, 1440); /* Tuesday 8:00 */
    ck_assert_int_eq(keel_ilp_grid_end(&g, 5) - g.origin, 4 * 1440 + 540); /* Friday 17:00 */
    ck_assert_int_eq(keel_ilp_grid_at(&g, g.origin + 7 * 1440, false), 5); /* next Monday */
    keel_problem_free(P);
    keel_result *r = level_obj(p, "ga", 1, 200, "makespan");
    ck_assert(!keel_result_get(r).optimal);
    ck_assert_int_eq((int64_t)keel_result_get(r).value, 12060);
    keel_result_free(r);
    r = level_obj(p, "ilp-exact", 1, 5000, "makespan");
    keel_result_info in = keel_result_get(r);
    ck_assert_int_eq((int64_t)in.value, 12060);
    ck_assert(in.optimal);
    ck_assert_double_eq_tol(in.lower_bound, 12060, 1e-9);
    keel_result_free(r);
    keel_portfolio_free(p);
}
END_TEST

/* j30 instances whose optimum lies above the critical-path and energy bounds,
 * so that optimality comes from the exact worker (GLPK, its propagation, or
 * on these classic models the branch and bound): j301_1 (43, bound 40) ... */
static const struct {
    const char *file;
    int opt;
} j30[] = {
    {"instances/psplib/j30/j301_1.sm", 43},
    {"instances/psplib/j30/j3013_4.sm", 0},
};

START_TEST(exact_j30_proven_optimum)
{
    for (size_t i = 0; i < sizeof j30 / sizeof *j30; i++) {
        if (j30[i].opt == 0)
            continue;
        keel_portfolio *p = load(j30[i].file);
        keel_result *r = level(p, "ga,ilp-exact", 2, 200000);
        keel_result_info in = keel_result_get(r);
        ck_assert_msg(in.optimal, "%s: not proven (%g, bound %g)", j30[i].file, in.value,
                      in.lower_bound);
        ck_assert_int_eq(in.makespan, j30[i].opt);
        ck_assert_double_eq_tol(in.lower_bound, j30[i].opt, 1e-9);
        keel_result_free(r);
        keel_portfolio_free(p);
    }
}
END_TEST

/* The destructive bound: on j3029_1 (optimum 85, critical path 62, LP
 * relaxation below 79 at 85) propagation proves every horizon up to 80 too
 * short; a bound must never pass the optimum. Its steps cost a node each
 * (KEEL_ILP_NODE_COST schedules), paid from the ILP worker's shares: the
 * budget lets it finish. */
START_TEST(destructive_bound_j30)
{
    keel_portfolio *p = load("instances/psplib/j30/j3029_1.sm");
    keel_result *r = level(p, "ga,ilp-exact", 2, 20000);
    keel_result_info in = keel_result_get(r);
    ck_assert_msg(in.lower_bound >= 81 && in.lower_bound <= 85, "bound %g", in.lower_bound);
    keel_result_free(r);
    keel_portfolio_free(p);
}
END_TEST

START_TEST(glpk_failure_absorbed)
{
    keel_portfolio *p = load("instances/psplib/j30/j301_1.sm");
    keel_result *plain = level(p, "ga,ga", 2, 4000);
    keel_test_ilp_fault = 1;
    keel_result *r = level(p, "ga,ilp-exact", 2, 4000);
    keel_result *alone = level(p, "ilp-exact", 1, 4000);
    keel_result *lns = level(p, "ilp-lns", 1, 4000);
    keel_test_ilp_fault = 0;
    /* the GA worker's schedule stands; GLPK proves nothing (propagation,
     * which runs before GLPK, still may: then the bound is the makespan) */
    ck_assert_int_le(keel_result_get(r).makespan, keel_result_get(plain).makespan + 3);
    ck_assert(!keel_result_get(r).optimal ||
              keel_result_get(r).lower_bound == (double)keel_result_get(r).makespan);
    /* alone, ilp-exact hands its share to the GA: a schedule */
    ck_assert(!keel_result_get(alone).optimal ||
              keel_result_get(alone).lower_bound == (double)keel_result_get(alone).makespan);
    ck_assert_double_le(keel_result_get(alone).value, keel_result_get(alone).baseline);
    ck_assert_int_eq(keel_result_get(lns).makespan, (int64_t)keel_result_get(lns).baseline);
    keel_result_free(plain);
    keel_result_free(r);
    keel_result_free(alone);
    keel_result_free(lns);
    keel_portfolio_free(p);
}
END_TEST

static bool same_schedule(const keel_result *a, const keel_result *b)
{
    const keel_schedule *x = keel_result_schedule(a), *y = keel_result_schedule(b);
    return memcmp(x->start, y->start, sizeof(keel_time) * (size_t)x->ntasks) == 0 &&
           keel_result_get(a).lower_bound == keel_result_get(b).lower_bound &&
           keel_result_get(a).optimal == keel_result_get(b).optimal;
}

START_TEST(two_threads_deterministic)
{
    keel_portfolio *p = load("instances/psplib/j30/j3013_4.sm");
    const char *mixes[] = {"ga,ilp-exact", "ga,ilp-lns"};
    for (int k = 0; k < 2; k++) {
        keel_result *a = level(p, mixes[k], 2, 20000);
        keel_result *b = level(p, mixes[k], 2, 20000);
        ck_assert_msg(same_schedule(a, b), "%s", mixes[k]);
        keel_result_free(a);
        keel_result_free(b);
    }
    keel_portfolio_free(p);
}
END_TEST

/* True when every link and every capacity of research problem P holds for
 * the starts (periods). */
static bool research_feasible(const keel_problem *P, const int64_t *start)
{
    for (int j = 0; j < P->njobs; j++)
        for (int q = P->pred_start[j]; q < P->pred_start[j + 1]; q++)
            if (start[j] < start[P->pred[q].job] + P->dur[P->pred[q].job] + P->pred[q].lag)
                return false;
    for (int r = 0; r < P->nres; r++)
        for (int64_t t = 0; t < 400; t++) {
            int64_t load = 0;
            for (int j = 0; j < P->njobs; j++)
                for (int q = P->dem_start[j]; q < P->dem_start[j + 1]; q++)
                    if (P->dem_res[q] == r && start[j] <= t && t < start[j] + P->dur[j])
                        load += P->dem_units[q];
            if (load > P->cap[r].units[P->cap[r].n - 1])
                return false;
        }
    return true;
}

/* On an exact grid a neighbourhood is exact: the schedule is a solution of
 * its instance, and any solution, with the kept jobs where they were, is a
 * schedule of the whole problem. */
START_TEST(neighbourhood_exact)
{
    keel_portfolio *p = load("instances/psplib/j30/j301_1.sm");
    keel_problem *P = NULL;
    keel_sgs *w = NULL;
    keel_error err = {0};
    ck_assert(keel_problem_new(p, &P, &err) == KEEL_OK);
    ck_assert(keel_sgs_new(P, 0, &w, &err) == KEEL_OK);
    int n = P->njobs, list[64], jobs[64], warm[64], start[64];
    int64_t gstart[64], gend[64], full[64];
    bool is_free[64];
    keel_plan s;
    ck_assert(n <= 64 && keel_plan_init(&s, n));
    for (int j = 0; j < n; j++)
        list[j] = j; /* index order is topological */
    keel_sgs_serial(w, list, &s);
    keel_ilp_grid g;
    const char *why;
    keel_ilp_grid_of(P, &g, &why);
    ck_assert(g.exact && !g.cal && g.unit == 1);
    for (int j = 0; j < n; j++) {
        gstart[j] = keel_ilp_grid_at(&g, s.start[j], false);
        gend[j] = keel_ilp_grid_at(&g, s.finish[j], true);
        is_free[j] = s.start[j] >= s.makespan / 3 && s.start[j] < 2 * s.makespan / 3;
    }
    keel_ilp *m = NULL;
    int64_t off = 0;
    ck_assert(keel_ilp_neighbourhood(P, &g, gstart, gend, is_free, s.makespan, KEEL_ILP_MAKESPAN,
                                     &m, jobs, &off, &err) == KEEL_OK);
    ck_assert_int_gt(m->njobs, 3);
    for (int k = 0; k < m->njobs; k++)
        warm[k] = (int)(gstart[jobs[k]] - off);
    keel_ilp_params par;
    keel_ilp_params_init(&par);
    par.node_limit = 500;
    par.incumbent = warm;
    keel_ilp_result res = {.start = start};
    ck_assert(keel_ilp_solve(m, &par, &res, &err) == KEEL_OK);
    ck_assert(res.incumbent_used);
    ck_assert(res.status == KEEL_ILP_OPTIMAL || res.status == KEEL_ILP_FEASIBLE);
    for (int j = 0; j < n; j++)
        full[j] = gstart[j];
    for (int k = 0; k < m->njobs; k++)
        full[jobs[k]] = off + start[k];
    ck_assert(research_feasible(P, full));
    keel_ilp_free(m);
    keel_plan_release(&s);
    keel_sgs_free(w);
    keel_problem_free(P);
    keel_portfolio_free(p);
}
END_TEST

/* A coarse relaxed grid bounds the optimum from below: factor times its LP
 * relaxation never exceeds the j30 optimum (j30opt.sm); on the calendar
 * instance too (7 working days). */
START_TEST(coarse_grid_bounds)
{
    static const struct {
        const char *file;
        int opt;
    } inst[] = {
        {"instances/psplib/j30/j301_1.sm", 43},  {"instances/psplib/j30/j301_4.sm", 62},
        {"instances/psplib/j30/j3013_3.sm", 76}, {"instances/psplib/j30/j3029_4.sm", 103},
    };
    char path[512];
    int solved = 0, failed = 0;
    for (size_t i = 0; i <= sizeof inst / sizeof *inst; i++) {
        bool cal = i == sizeof inst / sizeof *inst;
        keel_portfolio *p = load(cal ? test_write_file("ilp_hand.xml", hand_xml, path, sizeof path)
                                     : inst[i].file);
        keel_error err = {0};
        keel_ilp_grid g;
        const char *why;
        keel_problem *P = problem_and_grid(p, &g, &why);
        ck_assert(g.exact);
        int64_t opt = cal ? 7 : inst[i].opt; /* exact grid units */
        for (int64_t f = 2; f <= 8; f *= 2) {
            keel_ilp_grid c = keel_ilp_grid_coarse(&g, f);
            keel_ilp *m = NULL;
            ck_assert(keel_ilp_from_problem(P, &c, (int)(2 * opt / f + 2), NULL,
                                            KEEL_ILP_MAKESPAN, &m, &err) == KEEL_OK);
            keel_ilp_params par;
            keel_ilp_params_init(&par);
            par.lp_iterations = 200000;
            keel_ilp_result res = {0};
            keel_status st = keel_ilp_lp_bound(m, &par, &res.bound, &err);
            keel_ilp_free(m);
            /* GLPK 5.0 can fail an internal assertion on these degenerate
             * models (a status, see glpk_failure_absorbed): no bound then */
            ck_assert_msg(st == KEEL_OK || st == KEEL_ERR_INTERNAL, "%s", err.message);
            failed += st != KEEL_OK;
            solved++;
            if (st != KEEL_OK)
                continue;
            ck_assert_msg(res.bound * (double)f <= (double)opt + 1e-6, "%zu f=%lld: %g x %lld > %lld",
                          i, (long long)f, res.bound, (long long)f, (long long)opt);
            ck_assert_double_ge(res.bound, 0); /* 0 when cells outlast every task */
        }
        keel_problem_free(P);
        keel_portfolio_free(p);
    }
    ck_assert_int_le(4 * failed, solved);
}
END_TEST

/* Tasks on different calendars (resource calendars with holidays): the grid
 * only approximates, and ilp-lns still returns a verified schedule no worse
 * than the one it started from. */
START_TEST(lns_on_approximate_grid)
{
    const keel_load_options lo = {.portfolio_file = "instances/example/portfolio.txt"};
    keel_portfolio *p = NULL;
    keel_error err = {0};
    ck_assert_msg(keel_portfolio_load(NULL, 0, &lo, &p, &err) == KEEL_OK, "%s", err.message);
    keel_ilp_grid g;
    const char *why;
    keel_problem *P = problem_and_grid(p, &g, &why);
    ck_assert(!g.exact && g.cal);
    ck_assert_str_eq(why, "tasks on different calendars");
    ck_assert_int_ge(g.unit, 60);
    keel_problem_free(P);
    keel_result *r = level(p, "ilp-lns", 1, 30000);
    ck_assert_double_le(keel_result_get(r).value, keel_result_get(r).baseline);
    keel_result_free(r);
    keel_portfolio_free(p);
}
END_TEST

START_TEST(lns_never_worse)
{
    /* From the first schedule, and beside the GA: verified (in level()), never
     * worse than the schedule it started from. */
    keel_portfolio *p = load("instances/psplib/j30/j301_1.sm");
    keel_result *r = level(p, "ilp-lns", 1, 20000);
    keel_result_info in = keel_result_get(r);
    ck_assert_double_le(in.value, in.baseline);
    keel_result_free(r);
    r = level(p, "ga,ilp-lns", 2, 20000);
    ck_assert_int_ge(keel_result_get(r).makespan, 43);
    keel_result_free(r);
    keel_portfolio_free(p);
}
END_TEST

Suite *suite_ilp_solvers(void)
{
    Suite *s = suite_create("ilp");
    TCase *tc = tcase_create("solvers");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, exact_hand_made_optimum_proven);
    tcase_add_test(tc, exact_on_working_time);
    tcase_add_test(tc, neighbourhood_exact);
    tcase_add_test(tc, coarse_grid_bounds);
    tcase_add_test(tc, lns_on_approximate_grid);
    tcase_add_test(tc, exact_j30_proven_optimum);
    tcase_add_test(tc, glpk_failure_absorbed);
    tcase_add_test(tc, destructive_bound_j30);
    tcase_add_test(tc, two_threads_deterministic);
    tcase_add_test(tc, lns_never_worse);
    suite_add_tcase(s, tc);
    return s;
}
