/* SPDX-License-Identifier: GPL-3.0-or-later
 * Lower bounds: critical path and energy on PSPLIB j30, and on MPSPLIB the
 * total-makespan bound of instances/mpsplib/results/computed_bounds.csv
 * (TMS_LB = max(CPM finish, min arrival + energy of the global resources) -
 * min arrival); the LP bound lies between the critical path and the optimum.
 */
#include <check.h>
#include <math.h>

#include "analysis/bounds.h"
#include "ilp/ilp.h"
#include "read/mpsplib_read.h"
#include "read/psplib_read.h"

static void load(const char *path, bool mpsplib, keel_portfolio **p, keel_cpm **c)
{
    keel_builder b;
    ck_assert(keel_builder_init(&b));
    keel_error err = {0};
    keel_status st = mpsplib ? keel_mpsplib_read(path, &b, NULL, &err)
                             : keel_psplib_read(path, &b, NULL, NULL, &err);
    ck_assert_msg(st == KEEL_OK, "%s", err.message);
    ck_assert_msg(keel_model_finish(&b, p, &err) == KEEL_OK, "%s", err.message);
    keel_builder_release(&b);
    ck_assert(keel_cpm_run(*p, c, &err) == KEEL_OK);
}

START_TEST(j30_bounds)
{
    /* j301_1: critical path 38, optimum 43. */
    keel_portfolio *p;
    keel_cpm *c;
    load("instances/psplib/j30/j301_1.sm", false, &p, &c);
    keel_bounds *b = NULL;
    keel_error err = {0};
    ck_assert(keel_bounds_compute(p, c, &b, &err) == KEEL_OK);
    ck_assert_int_eq(b->cp_finish, 38);
    ck_assert(b->energy_finish <= 43);
    ck_assert_int_eq(b->finish_lb, b->cp_finish > b->energy_finish ? b->cp_finish
                                                                   : b->energy_finish);
    ck_assert_int_eq(b->tms_lb, b->finish_lb);
    ck_assert_int_eq(b->project_finish_lb[0], b->finish_lb);
    double lp = 0;
    ck_assert(keel_ilp_portfolio_lp_bound(p, c, KEEL_ILP_MAKESPAN, 43, NULL, &lp, &err) == KEEL_OK);
    ck_assert(lp >= 38 - 1e-6 && lp <= 43 + 1e-6);
    ck_assert(keel_ilp_portfolio_lp_bound(p, c, KEEL_ILP_MAKESPAN, 37, NULL, &lp, &err) == KEEL_OK);
    ck_assert(lp == HUGE_VAL); /* below the critical path */
    keel_bounds_free(b);
    keel_cpm_free(c);
    keel_portfolio_free(p);
}
END_TEST

/* From computed_bounds.csv: TMS_LB, all 24 instances. */
static const struct {
    const char *file;
    int64_t tms_lb;
} mp[] = {
    {"instances/mpsplib/mp_j120_a10_nr1.xml", 118},
    {"instances/mpsplib/mp_j120_a10_nr2.xml", 197},
    {"instances/mpsplib/mp_j120_a10_nr3.xml", 138},
    {"instances/mpsplib/mp_j120_a20_nr1.xml", 73},
    {"instances/mpsplib/mp_j120_a20_nr2.xml", 160},
    {"instances/mpsplib/mp_j120_a20_nr3.xml", 154},
    {"instances/mpsplib/mp_j120_a2_nr1.xml", 129},
    {"instances/mpsplib/mp_j120_a2_nr2.xml", 109},
    {"instances/mpsplib/mp_j120_a2_nr3.xml", 257},
    {"instances/mpsplib/mp_j120_a5_nr1.xml", 73},
    {"instances/mpsplib/mp_j120_a5_nr2.xml", 102},
    {"instances/mpsplib/mp_j120_a5_nr3.xml", 190},
    {"instances/mpsplib/mp_j30_a10_nr1.xml", 178},
    {"instances/mpsplib/mp_j30_a10_nr2.xml", 89},
    {"instances/mpsplib/mp_j30_a10_nr3.xml", 233},
    {"instances/mpsplib/mp_j30_a20_nr1.xml", 406},
    {"instances/mpsplib/mp_j30_a20_nr2.xml", 263},
    {"instances/mpsplib/mp_j30_a20_nr3.xml", 293},
    {"instances/mpsplib/mp_j30_a2_nr1.xml", 66},
    {"instances/mpsplib/mp_j30_a2_nr2.xml", 47},
    {"instances/mpsplib/mp_j30_a2_nr3.xml", 60},
    {"instances/mpsplib/mp_j30_a5_nr1.xml", 72},
    {"instances/mpsplib/mp_j30_a5_nr2.xml", 71},
    {"instances/mpsplib/mp_j30_a5_nr3.xml", 81},
};

START_TEST(mpsplib_tms_lb)
{
    keel_portfolio *p;
    keel_cpm *c;
    load(mp[_i].file, true, &p, &c);
    keel_bounds *b = NULL;
    keel_error err = {0};
    ck_assert(keel_bounds_compute(p, c, &b, &err) == KEEL_OK);
    /* The classic bound equals the table; ours (each resource from the earliest
     * start of its own jobs) is never weaker. */
    keel_time plain = b->cp_finish > b->energy_finish_plain ? b->cp_finish : b->energy_finish_plain;
    ck_assert_msg(plain - b->min_start == mp[_i].tms_lb, "%s: TMS_LB %lld, expected %lld",
                  mp[_i].file, (long long)(plain - b->min_start), (long long)mp[_i].tms_lb);
    ck_assert(b->tms_lb >= mp[_i].tms_lb);
    for (int q = 0; q < p->nprojects; q++)
        ck_assert(b->project_finish_lb[q] >= c->project_finish[q]);
    ck_assert(b->delay_lb >= 0);
    keel_bounds_free(b);
    keel_cpm_free(c);
    keel_portfolio_free(p);
}
END_TEST

Suite *suite_bounds(void)
{
    Suite *s = suite_create("bounds");
    TCase *tc = tcase_create("bounds");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, j30_bounds);
    tcase_add_loop_test(tc, mpsplib_tms_lb, 0, (int)(sizeof mp / sizeof mp[0]));
    suite_add_tcase(s, tc);
    return s;
}
