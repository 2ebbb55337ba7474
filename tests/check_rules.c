/* SPDX-License-Identifier: GPL-3.0-or-later
 * Biased random sampling gives precedence-feasible activity lists, on small
 * instances (exact draw) and on portfolios above the Fenwick-tree threshold.
 */
#include <check.h>
#include <stdlib.h>

#include "search/rules.h"
#include "search/sgs.h"

static void check_instance(const char *path, int min_jobs)
{
    const char *files[] = {path};
    keel_portfolio *p = NULL;
    keel_error err = {0};
    ck_assert_msg(keel_portfolio_load(files, 1, NULL, &p, &err) == KEEL_OK, "%s", err.message);
    keel_problem *P = NULL;
    ck_assert(keel_problem_new(p, &P, &err) == KEEL_OK);
    ck_assert_int_ge(P->njobs, min_jobs);
    size_t n = (size_t)P->njobs + 1;
    double *prio = malloc(n * sizeof *prio);
    int *list = malloc(n * sizeof *list), *scratch = malloc(2 * n * sizeof *scratch);
    keel_rng rng;
    keel_rng_seed(&rng, 5, 1);
    for (int rep = 0; rep < 5; rep++) {
        for (int j = 0; j < P->njobs; j++)
            prio[j] = (double)(j % 97) * (rep + 1);
        keel_rules_sample(P, prio, 1.0, 1.0, &rng, list, scratch);
        ck_assert(keel_sgs_list_feasible(P, list, scratch));
    }
    free(prio);
    free(list);
    free(scratch);
    keel_problem_free(P);
    keel_portfolio_free(p);
}

START_TEST(sampled_lists_are_feasible)
{
    check_instance("instances/psplib/j120/j1201_1.sm", 122);
    check_instance("instances/mpsplib/mp_j120_a20_nr1.xml", 2049); /* Fenwick draws */
}
END_TEST

Suite *suite_rules(void)
{
    Suite *s = suite_create("rules");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, sampled_lists_are_feasible);
    suite_add_tcase(s, tc);
    return s;
}
