/* SPDX-License-Identifier: GPL-3.0-or-later
 * Monte Carlo schedule risk (keel_risk_run): zero spread gives the leveled
 * finish at every percentile; a chain of triangular durations matches the
 * analytic mean within four standard errors; the same seed gives the same
 * result on any number of threads; criticality through a shared resource;
 * the tornado order; bad estimates and options fail naming the task or the
 * option.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "keel.h"
#include "model/calendar.h"
#include "model/model.h"
#include "testutil.h"

#define DATA "tests/data/risk/"

static keel_portfolio *load(const char *file, const char *pfile)
{
    keel_portfolio *p = NULL;
    keel_error err = {0};
    keel_load_options lo = {.portfolio_file = pfile};
    const char *files[] = {file};
    ck_assert_msg(keel_portfolio_load(files, file ? 1 : 0, &lo, &p, &err) == KEEL_OK, "%s",
                  err.message);
    return p;
}

static keel_risk *simulate(const keel_portfolio *p, const keel_schedule *plan, int64_t n,
                           int threads, uint64_t seed)
{
    keel_risk_options o;
    keel_risk_options_init(&o);
    o.iterations = n;
    o.threads = threads;
    o.seed = seed;
    keel_risk *r = NULL;
    keel_error err = {0};
    ck_assert_msg(keel_risk_run(p, plan, &o, &r, &err) == KEEL_OK, "%s", err.message);
    return r;
}

static keel_schedule *input_plan(const keel_portfolio *p)
{
    keel_schedule *s = NULL;
    keel_error err = {0};
    ck_assert(keel_schedule_from_input(p, &s, &err) == KEEL_OK);
    return s;
}

/* The example portfolio with every task at a zero spread: each percentile,
 * the extremes and the mean are the leveled finish. */
START_TEST(zero_spread)
{
    char cwd[512], text[2048], path[600];
    ck_assert(getcwd(cwd, sizeof cwd));
    snprintf(text, sizeof text,
             "[project erp]\nfile = %s/instances/example/erp-upgrade.xml\n"
             "uncertainty = 0%% 0%%\n"
             "[project web]\nfile = %s/instances/example/website-relaunch.xml\n"
             "release = 2026-01-12\n"
             "[project office]\nfile = %s/instances/example/office-move.xml\n"
             "release = 2026-02-02\n"
             "[uncertainty]\n* = 0%% 0%%\n[links]\nerp:22 -> web:21 FS +2d\n",
             cwd, cwd, cwd);
    keel_portfolio *p = load(NULL, test_write_file("zero.txt", text, path, sizeof path));
    keel_options lo;
    keel_options_init(&lo);
    lo.schedules = 2000;
    keel_result *lev = NULL;
    keel_error err = {0};
    ck_assert_msg(keel_level(p, &lo, &lev, &err) == KEEL_OK, "%s", err.message);
    keel_risk *r = simulate(p, keel_result_schedule(lev), 200, 2, 1);
    ck_assert_int_eq(keel_risk_get(r).uncertain, 0);
    ck_assert_int_gt(keel_risk_get(r).from_portfolio, 60);
    keel_time latest = KEEL_TIME_NONE;
    for (int q = 0; q <= keel_portfolio_nprojects(p); q++) {
        bool all = q == keel_portfolio_nprojects(p);
        keel_risk_project rp = keel_risk_project_get(r, all ? -1 : q);
        keel_time want = all ? latest : keel_result_project_get(lev, q).finish;
        latest = want > latest ? want : latest;
        ck_assert_int_eq(rp.plan_finish, want);
        ck_assert_int_eq(rp.retimed_finish, want);
        for (int k = 0; k < 3; k++)
            ck_assert_int_eq(rp.percentile[k], want);
        ck_assert(rp.min == want && rp.max == want && rp.mean == want && rp.p_plan == 1);
    }
    keel_risk_free(r);
    keel_result_free(lev);
    keel_portfolio_free(p);
}
END_TEST

/* The mean of the chain's finish (working minutes after its start) against
 * 20 x (480 + 960 + 2400) / 3, within four standard errors of the mean for
 * n iterations (plus the rounding of durations to whole minutes). */
static void chain_mean(int64_t n)
{
    keel_portfolio *p = load(DATA "chain.xml", NULL);
    keel_schedule *plan = input_plan(p);
    keel_risk *r = simulate(p, plan, n, 2, 7);
    keel_risk_project rp = keel_risk_project_get(r, 0);
    const keel_calendar *cal = &p->calendars[p->projects[0].calendar];
    double sum = 0, sq = 0;
    for (int64_t i = 0; i < n; i++) {
        double w = (double)keel_calendar_work_between(cal, p->projects[0].start, rp.samples[i]);
        sum += w;
        sq += w * w;
    }
    double mean = sum / (double)n, sd = sqrt(sq / (double)n - mean * mean);
    double se = sqrt(20 * 166400.0) / sqrt((double)n);
    ck_assert_msg(fabs(mean - 25600) < 4 * se + 10, "n %lld: mean %.1f, expected 25600 +- %.1f",
                  (long long)n, mean, 4 * se + 10);
    ck_assert_msg(fabs(sd - 1824) < 0.15 * 1824, "n %lld: sd %.1f, expected 1824", (long long)n,
                  sd);
    ck_assert_int_eq(keel_risk_get(r).from_files, 20);
    ck_assert_int_eq(keel_risk_get(r).uncertain, 20);
    keel_risk_free(r);
    keel_schedule_free(plan);
    keel_portfolio_free(p);
}

START_TEST(chain_matches_analytic_mean)
{
    chain_mean(300);
    chain_mean(3000);
}
END_TEST

/* Every step of the chain is critical in every iteration; the milestone at
 * its end too; the task beside it never. */
START_TEST(chain_criticality)
{
    keel_portfolio *p = load(DATA "chain.xml", NULL);
    keel_schedule *plan = input_plan(p);
    keel_risk *r = simulate(p, plan, 2000, 1, 3);
    for (int t = 0; t < 21; t++)
        ck_assert_msg(keel_risk_task_get(r, t).criticality == 1, "task %d", t);
    ck_assert(keel_risk_task_get(r, 21).criticality == 0);
    keel_risk_task step = keel_risk_task_get(r, 4);
    ck_assert_int_eq(step.source, KEEL_RISK_FILE);
    ck_assert(step.optimistic == 480 && step.most_likely == 960 && step.pessimistic == 2400);
    /* about 1370 (the means of the tenths of the distribution); the other
     * steps add noise of four standard errors, 730 at 2000 iterations */
    ck_assert_msg(step.swing > 640 && step.swing < 2100, "swing %.1f", step.swing);
    ck_assert(isnan(keel_risk_task_get(r, 21).swing));
    int64_t counts[10];
    keel_time edges[11];
    int bins = keel_risk_histogram(r, 0, 10, counts, edges);
    int64_t total = 0;
    for (int k = 0; k < bins; k++)
        total += counts[k];
    ck_assert_int_eq(total, 2000);
    ck_assert_int_eq(edges[0], keel_risk_project_get(r, 0).min);
    ck_assert_int_ge(edges[bins], keel_risk_project_get(r, 0).max);
    keel_risk_free(r);
    keel_schedule_free(plan);
    keel_portfolio_free(p);
}
END_TEST

/* Same seed: the same bytes whatever the thread count; another seed: not. */
START_TEST(same_seed_same_result)
{
    keel_portfolio *p = load(DATA "chain.xml", NULL);
    keel_schedule *plan = input_plan(p);
    keel_risk *a = simulate(p, plan, 257, 1, 11), *b = simulate(p, plan, 257, 3, 11);
    keel_risk *c = simulate(p, plan, 257, 2, 12);
    keel_risk_project pa = keel_risk_project_get(a, 0), pb = keel_risk_project_get(b, 0);
    ck_assert(memcmp(pa.samples, pb.samples, 257 * sizeof(keel_time)) == 0);
    ck_assert(memcmp(pa.percentile, pb.percentile, 3 * sizeof(keel_time)) == 0);
    for (int t = 0; t < keel_portfolio_ntasks(p); t++) {
        keel_risk_task x = keel_risk_task_get(a, t), y = keel_risk_task_get(b, t);
        ck_assert(x.criticality == y.criticality);
        ck_assert((isnan(x.swing) && isnan(y.swing)) || x.swing == y.swing);
    }
    ck_assert(memcmp(pa.samples, keel_risk_project_get(c, 0).samples,
                     257 * sizeof(keel_time)) != 0);
    keel_risk_free(a);
    keel_risk_free(b);
    keel_risk_free(c);
    keel_schedule_free(plan);
    keel_portfolio_free(p);
}
END_TEST

/* Review waits for the one person Design holds: both are on the critical
 * chain in every iteration, through the resource; Design's wider spread
 * makes it the first driver. */
START_TEST(resource_criticality)
{
    keel_portfolio *p = load(NULL, DATA "shared.txt");
    keel_options lo;
    keel_options_init(&lo);
    lo.schedules = 200;
    keel_result *lev = NULL;
    keel_error err = {0};
    ck_assert(keel_level(p, &lo, &lev, &err) == KEEL_OK);
    keel_risk *r = simulate(p, keel_result_schedule(lev), 300, 2, 5);
    ck_assert(keel_risk_task_get(r, 0).criticality == 1);
    ck_assert(keel_risk_task_get(r, 1).criticality == 1);
    ck_assert(keel_risk_task_get(r, 2).criticality == 0);
    keel_risk_project rp = keel_risk_project_get(r, 0);
    ck_assert_int_eq(rp.ndrivers, 2);
    ck_assert_int_eq(rp.drivers[0], 0);
    ck_assert_int_eq(rp.drivers[1], 1);
    ck_assert_int_eq(keel_risk_task_get(r, 1).source, KEEL_RISK_PORTFOLIO);
    ck_assert_int_eq(keel_risk_task_get(r, 0).optimistic, 720);   /* 3 days - 50 % */
    ck_assert_int_eq(keel_risk_task_get(r, 0).pessimistic, 2880); /* 3 days + 100 % */
    ck_assert(isnan(rp.p_deadline));
    keel_risk_free(r);
    keel_result_free(lev);
    keel_portfolio_free(p);
}
END_TEST

/* A project of one task with the estimate `ea` (ExtendedAttribute XML). */
static keel_status run_estimate(const char *ea, bool use_files, keel_error *err)
{
    char xml[2048], path[600];
    snprintf(xml, sizeof xml,
             "<?xml version=\"1.0\"?>\n<Project xmlns=\"http://schemas.microsoft.com/project\">\n"
             "<StartDate>2026-01-05T08:00:00</StartDate><Tasks>\n"
             "<Task><UID>7</UID><ID>1</ID><Name>Pour</Name><OutlineLevel>1</OutlineLevel>"
             "<Duration>PT16H0M0S</Duration>\n%s</Task>\n</Tasks></Project>\n",
             ea);
    keel_portfolio *p = load(test_write_file("est.xml", xml, path, sizeof path), NULL);
    keel_schedule *plan = input_plan(p);
    keel_risk_options o;
    keel_risk_options_init(&o);
    o.iterations = 10;
    o.file_estimates = use_files;
    keel_risk *r = NULL;
    keel_status st = keel_risk_run(p, plan, &o, &r, err);
    ck_assert(st == KEEL_OK ? r != NULL : r == NULL);
    keel_risk_free(r);
    keel_schedule_free(plan);
    keel_portfolio_free(p);
    return st;
}

#define EA(id, v) "<ExtendedAttribute><FieldID>" #id "</FieldID><Value>" v "</Value></ExtendedAttribute>"

static void expect_bad(const char *ea, const char *needle)
{
    keel_error err = {0};
    ck_assert_int_eq(run_estimate(ea, true, &err), KEEL_ERR_PARSE);
    ck_assert_msg(strstr(err.message, "est.xml:5: task UID 7 'Pour': three-point estimate: ") &&
                      strstr(err.message, needle),
                  "%s (expected %s)", err.message, needle);
}

START_TEST(bad_estimates)
{
    expect_bad(EA(188743783, "-PT8H0M0S") EA(188743784, "PT16H0M0S") EA(188743785, "PT24H0M0S"),
               "optimistic (Duration1) is negative (-1.00 d)");
    expect_bad(EA(188743783, "PT24H0M0S") EA(188743784, "PT16H0M0S") EA(188743785, "PT40H0M0S"),
               "optimistic (Duration1) 3.00 d is above expected (Duration2) 2.00 d");
    expect_bad(EA(188743783, "PT8H0M0S") EA(188743784, "PT40H0M0S") EA(188743785, "PT24H0M0S"),
               "expected (Duration2) 5.00 d is above pessimistic (Duration3) 3.00 d");
    expect_bad(EA(188743783, "PT8H0M0S") EA(188743785, "PT24H0M0S"),
               "expected (Duration2) is missing");
    keel_error err = {0};
    /* the fields are someone else's custom durations: ignore them */
    ck_assert_int_eq(run_estimate(EA(188743783, "-PT8H0M0S"), false, &err), KEEL_OK);
    ck_assert_int_eq(run_estimate(EA(188743783, "PT8H0M0S") EA(188743784, "PT16H0M0S")
                                      EA(188743785, "PT24H0M0S"),
                                  true, &err),
                     KEEL_OK);
}
END_TEST

/* A started task keeps the work it has done: 8 of its 16 hours are done, so
 * its remaining estimate is the whole one less 8 hours (at least a minute),
 * and the project's finish varies with it while its start stays. */
START_TEST(started_task)
{
    char xml[2048], path[600];
    snprintf(xml, sizeof xml,
             "<?xml version=\"1.0\"?>\n<Project xmlns=\"http://schemas.microsoft.com/project\">\n"
             "<StartDate>2026-01-05T08:00:00</StartDate><Tasks>\n"
             "<Task><UID>1</UID><ID>1</ID><Name>Pour</Name><OutlineLevel>1</OutlineLevel>"
             "<Duration>PT16H0M0S</Duration><ActualStart>2026-01-05T08:00:00</ActualStart>"
             "<PercentComplete>50</PercentComplete><RemainingDuration>PT8H0M0S</RemainingDuration>"
             "%s%s%s</Task>\n</Tasks></Project>\n",
             EA(188743783, "PT8H0M0S"), EA(188743784, "PT16H0M0S"), EA(188743785, "PT40H0M0S"));
    keel_portfolio *p = load(test_write_file("started.xml", xml, path, sizeof path), NULL);
    keel_schedule *plan = input_plan(p);
    keel_risk *r = simulate(p, plan, 200, 2, 9);
    keel_risk_task t = keel_risk_task_get(r, 0);
    ck_assert(t.optimistic == 1 && t.most_likely == 480 && t.pessimistic == 1920);
    keel_risk_project rp = keel_risk_project_get(r, 0);
    ck_assert_int_lt(rp.min, rp.max);
    ck_assert_int_gt(rp.min, keel_schedule_start(plan, 0));
    ck_assert_int_eq(rp.retimed_finish, rp.plan_finish);
    keel_risk_free(r);
    keel_schedule_free(plan);
    keel_portfolio_free(p);
}
END_TEST

START_TEST(bad_options)
{
    keel_risk_options o;
    keel_risk_options_init(&o);
    keel_error err = {0};
    ck_assert_int_eq(keel_risk_options_set(&o, "iterations", "0", &err), KEEL_ERR_INVALID);
    ck_assert_str_eq(err.message, "--iterations: '0' is not a whole number in 1..10000000");
    ck_assert_int_eq(keel_risk_options_set(&o, "percentiles", "50,101", &err), KEEL_ERR_INVALID);
    ck_assert_msg(strstr(err.message, "--percentiles: '50,101' is not"), "%s", err.message);
    ck_assert_int_eq(keel_risk_options_set(&o, "percentiles", "-1", &err), KEEL_ERR_INVALID);
    ck_assert_int_eq(keel_risk_options_set(&o, "percentiles", "50,,80", &err), KEEL_ERR_INVALID);
    ck_assert_int_eq(o.npercentiles, 3); /* unchanged */
    ck_assert_int_eq(keel_risk_options_set(&o, "percentiles", "10,12.5,99.9", &err), KEEL_OK);
    ck_assert(o.npercentiles == 3 && o.percentiles[1] == 12.5);
    ck_assert_int_eq(keel_risk_options_set(&o, "speed", "1", &err), KEEL_ERR_INVALID);
    /* options filled in by hand are checked by the run */
    keel_portfolio *p = load(DATA "chain.xml", NULL);
    keel_schedule *plan = input_plan(p);
    keel_risk *r = NULL;
    o.iterations = 0;
    ck_assert_int_eq(keel_risk_run(p, plan, &o, &r, &err), KEEL_ERR_INVALID);
    ck_assert_msg(strstr(err.message, "--iterations"), "%s", err.message);
    o.iterations = 10;
    o.percentiles[0] = 100.5;
    ck_assert_int_eq(keel_risk_run(p, plan, &o, &r, &err), KEEL_ERR_INVALID);
    ck_assert_msg(strstr(err.message, "--percentiles"), "%s", err.message);
    ck_assert_ptr_null(r);
    keel_schedule_free(plan);
    keel_portfolio_free(p);
}
END_TEST

Suite *suite_risk(void)
{
    Suite *s = suite_create("risk");
    TCase *tc = tcase_create("monte_carlo");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, zero_spread);
    tcase_add_test(tc, chain_matches_analytic_mean);
    tcase_add_test(tc, chain_criticality);
    tcase_add_test(tc, same_seed_same_result);
    tcase_add_test(tc, resource_criticality);
    tcase_add_test(tc, bad_estimates);
    tcase_add_test(tc, started_task);
    tcase_add_test(tc, bad_options);
    suite_add_tcase(s, tc);
    return s;
}
