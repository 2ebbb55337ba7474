/* SPDX-License-Identifier: GPL-3.0-or-later
 * The roulette-wheel draw (keel_rng_pick, rng.h): frequencies follow the
 * odds, entries <= 0 (and NaN) are never drawn, none positive gives -1, and
 * every call takes exactly one number from the stream.
 */
#include <check.h>
#include <math.h>

#include "base/rng.h"

START_TEST(pick_follows_the_odds)
{
    const double odds[] = {0, 1, -3, 6, 0, 3, NAN};
    int count[7] = {0}, draws = 100000;
    keel_rng rng;
    keel_rng_seed(&rng, 5, 0);
    for (int i = 0; i < draws; i++) {
        int k = keel_rng_pick(&rng, odds, 7);
        ck_assert_int_ge(k, 0);
        ck_assert_int_lt(k, 7);
        count[k]++;
    }
    ck_assert_int_eq(count[0] + count[2] + count[4] + count[6], 0);
    /* 1 : 6 : 3 of 10; four standard deviations of a binomial count */
    const int expect[] = {0, draws / 10, 0, 6 * draws / 10, 0, 3 * draws / 10, 0};
    for (int k = 1; k <= 5; k += 2) {
        double p = (double)expect[k] / draws, sd = sqrt(draws * p * (1 - p));
        ck_assert_msg(fabs((double)(count[k] - expect[k])) < 4 * sd, "entry %d: %d draws, %d expected",
                      k, count[k], expect[k]);
    }
}
END_TEST

START_TEST(pick_without_odds_and_stream)
{
    const double none[] = {0, -1, 0}, one[] = {0, 0, 2.5};
    keel_rng a, b;
    keel_rng_seed(&a, 9, 1);
    keel_rng_seed(&b, 9, 1);
    ck_assert_int_eq(keel_rng_pick(&a, none, 3), -1);
    ck_assert_int_eq(keel_rng_pick(&a, none, 0), -1);
    ck_assert_int_eq(keel_rng_pick(&a, one, 3), 2);
    /* three picks took three numbers: both streams are in step again */
    for (int i = 0; i < 3; i++)
        keel_rng_next(&b);
    ck_assert_uint_eq(keel_rng_next(&a), keel_rng_next(&b));
}
END_TEST

Suite *suite_rng(void)
{
    Suite *s = suite_create("rng");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, pick_follows_the_odds);
    tcase_add_test(tc, pick_without_odds_and_stream);
    suite_add_tcase(s, tc);
    return s;
}
