/* SPDX-License-Identifier: GPL-3.0-or-later
 * Leveling at portfolio scale: writing a whole portfolio (leveled dates
 * computed once) gives the same files as writing each project alone; the
 * time-limit share of the driver never lifts a spent limit.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/readfile.h"
#include "run/level.h"
#include "testutil.h"
#include "write/mspdi_write.h"

static const keel_load_options example_opts = {.portfolio_file =
                                                   "instances/example/portfolio.txt"};

static keel_portfolio *load_example(void)
{
    keel_portfolio *p = NULL;
    keel_error err = {0};
    ck_assert_msg(keel_portfolio_load(NULL, 0, &example_opts, &p, &err) == KEEL_OK, "%s",
                  err.message);
    return p;
}

static keel_result *level(const keel_portfolio *p, const char *solvers, int threads,
                          int64_t budget)
{
    keel_options o;
    keel_options_init(&o);
    snprintf(o.solvers, sizeof o.solvers, "%s", solvers);
    o.threads = threads;
    o.schedules = budget;
    keel_result *r = NULL;
    keel_error err = {0};
    ck_assert_msg(keel_level(p, &o, &r, &err) == KEEL_OK, "%s", err.message);
    return r;
}

static char *slurp(const char *path, size_t *len)
{
    char *buf = NULL;
    keel_error err = {0};
    ck_assert_msg(keel_file_read(path, 1 << 26, &buf, len, &err) == KEEL_OK, "%s",
                  err.message);
    return buf;
}

START_TEST(portfolio_write_equals_project_writes)
{
    keel_portfolio *p = load_example();
    keel_result *r = level(p, "ga", 1, 2000);
    char dir[512], one[600], all[600];
    snprintf(dir, sizeof dir, "%s/scale_write", test_tmpdir());
    keel_error err = {0};
    ck_assert_msg(keel_result_write_mspdi(p, r, dir, &err) == KEEL_OK, "%s", err.message);
    for (int q = 0; q < keel_portfolio_nprojects(p); q++) {
        const char *base = keel_path_basename(keel_project_get(p, q).file);
        snprintf(all, sizeof all, "%s/%s", dir, base);
        snprintf(one, sizeof one, "%s/scale_one_%s", test_tmpdir(), base);
        ck_assert_msg(keel_mspdi_write(p, q, keel_result_schedule(r), keel_result_before(r),
                                       one, &err) == KEEL_OK,
                      "%s", err.message);
        size_t na = 0, no = 0;
        char *a = slurp(all, &na), *o = slurp(one, &no);
        ck_assert_msg(na == no && memcmp(a, o, na) == 0, "%s differs", base);
        free(a);
        free(o);
        remove(all);
        remove(one);
    }
    remove(dir);
    keel_result_free(r);
    keel_portfolio_free(p);
}
END_TEST

/* A limit spent before the search still gives a verified schedule: the first
 * pass, never an error or a lifted limit. */
START_TEST(spent_time_limit_gives_first_pass)
{
    keel_portfolio *p = load_example();
    keel_options o;
    keel_options_init(&o);
    o.time_limit = 1e-6;
    keel_result *r = NULL;
    keel_error err = {0};
    ck_assert_msg(keel_level(p, &o, &r, &err) == KEEL_OK, "%s", err.message);
    keel_result_info in = keel_result_get(r);
    ck_assert(in.value <= in.baseline);
    ck_assert_int_le(in.schedules, 64);
    keel_result_free(r);
    keel_portfolio_free(p);
}
END_TEST

Suite *suite_scale(void)
{
    Suite *s = suite_create("scale");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, portfolio_write_equals_project_writes);
    tcase_add_test(tc, spent_time_limit_gives_first_pass);
    suite_add_tcase(s, tc);
    return s;
}
