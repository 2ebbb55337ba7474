/* SPDX-License-Identifier: GPL-3.0-or-later
 * Schedule health (the DCMA 14-point assessment) on hand-made MSPDI files
 * whose every count is known by construction (tests/data/health/, each file
 * says how in its header comment), the portfolio's sums, the status date
 * option, and the baseline and PERT fields the reader takes for it.
 */
#include <check.h>
#include <math.h>
#include <string.h>

#include "keel.h"
#include "testutil.h"

#define DATA "tests/data/health/"

static keel_portfolio *load(const char *const *files, int n)
{
    keel_portfolio *p = NULL;
    keel_error err = {0};
    ck_assert_msg(keel_portfolio_load(files, n, NULL, &p, &err) == KEEL_OK, "%s", err.message);
    return p;
}

static keel_health *run(const keel_portfolio *p, const keel_health_options *o)
{
    keel_health *h = NULL;
    keel_error err = {0};
    ck_assert_msg(keel_health_run(p, o, &h, &err) == KEEL_OK, "%s", err.message);
    return h;
}

/* Asserts count, total and the verdict of one check. */
static void expect(const keel_health *h, int q, keel_health_check c, long long count,
                   long long total, bool pass)
{
    keel_health_result r = keel_health_get(h, q, c);
    ck_assert_msg(r.applicable, "check %d: not applicable (%s)", r.number, r.note);
    ck_assert_msg(r.count == count && r.total == total && r.pass == pass,
                  "check %d (%s): %lld of %lld, %s; expected %lld of %lld, %s", r.number,
                  r.name, (long long)r.count, (long long)r.total, r.pass ? "pass" : "fail",
                  count, total, pass ? "pass" : "fail");
}

static void expect_na(const keel_health *h, int q, keel_health_check c, const char *note)
{
    keel_health_result r = keel_health_get(h, q, c);
    ck_assert_msg(!r.applicable && !r.pass && isnan(r.value), "check %d applies", r.number);
    ck_assert_str_eq(r.note, note);
}

/* The UIDs of a check's items, in order, as "1 9 10". */
static const char *uids(const keel_portfolio *p, const keel_health *h, int q,
                        keel_health_check c, char *buf, size_t size)
{
    keel_health_result r = keel_health_get(h, q, c);
    size_t n = 0;
    buf[0] = '\0';
    for (int i = 0; i < r.nitems && n < size; i++)
        n += (size_t)snprintf(buf + n, size - n, "%s%d", i ? " " : "",
                              keel_task_get(p, r.items[i].task).uid);
    return buf;
}

START_TEST(structure_checks)
{
    const char *f[] = {DATA "structure.xml"};
    keel_portfolio *p = load(f, 1);
    keel_health *h = run(p, NULL);
    char b[128];
    expect(h, 0, KEEL_HEALTH_LOGIC, 3, 10, false);
    ck_assert_str_eq(uids(p, h, 0, KEEL_HEALTH_LOGIC, b, sizeof b), "1 9 10");
    ck_assert_str_eq(keel_health_get(h, 0, KEEL_HEALTH_LOGIC).items[2].why,
                     "no predecessor and no successor");
    expect(h, 0, KEEL_HEALTH_LEADS, 1, 8, false);
    keel_health_item lead = keel_health_get(h, 0, KEEL_HEALTH_LEADS).items[0];
    ck_assert_int_eq(keel_task_get(p, lead.task).uid, 5);
    ck_assert_int_eq(keel_task_get(p, lead.other).uid, 4);
    ck_assert_int_eq(lead.value, -240);
    expect(h, 0, KEEL_HEALTH_LAGS, 1, 8, false);
    ck_assert_int_eq(keel_health_get(h, 0, KEEL_HEALTH_LAGS).items[0].value, 480);
    expect(h, 0, KEEL_HEALTH_RELATIONSHIP_TYPES, 2, 8, false);
    ck_assert(fabs(keel_health_get(h, 0, KEEL_HEALTH_RELATIONSHIP_TYPES).value - 75) < 1e-9);
    ck_assert_str_eq(uids(p, h, 0, KEEL_HEALTH_RELATIONSHIP_TYPES, b, sizeof b), "4 6");
    expect(h, 0, KEEL_HEALTH_HARD_CONSTRAINTS, 2, 10, false);
    ck_assert_str_eq(uids(p, h, 0, KEEL_HEALTH_HARD_CONSTRAINTS, b, sizeof b), "7 8");
    ck_assert_str_eq(keel_health_get(h, 0, KEEL_HEALTH_HARD_CONSTRAINTS).items[1].why, "FNLT");
    expect(h, 0, KEEL_HEALTH_HIGH_FLOAT, 0, 10, true);
    expect(h, 0, KEEL_HEALTH_NEGATIVE_FLOAT, 0, 10, true);
    expect(h, 0, KEEL_HEALTH_HIGH_DURATION, 0, 10, true);
    expect(h, 0, KEEL_HEALTH_RESOURCES, 3, 10, false);
    ck_assert_str_eq(uids(p, h, 0, KEEL_HEALTH_RESOURCES, b, sizeof b), "5 9 10");
    expect(h, 0, KEEL_HEALTH_CRITICAL_PATH_TEST, 0, 1, true);
    ck_assert_str_eq(uids(p, h, 0, KEEL_HEALTH_CRITICAL_PATH_TEST, b, sizeof b), "1");
    expect_na(h, 0, KEEL_HEALTH_INVALID_DATES, "no status date");
    expect_na(h, 0, KEEL_HEALTH_MISSED_TASKS, "no status date");
    expect_na(h, 0, KEEL_HEALTH_BEI, "no status date");
    expect_na(h, 0, KEEL_HEALTH_CPLI, "no baseline finish or deadline");
    keel_health_free(h);
    keel_portfolio_free(p);
}
END_TEST

START_TEST(float_checks)
{
    const char *f[] = {DATA "float.xml"};
    keel_portfolio *p = load(f, 1);
    keel_health *h = run(p, NULL);
    char b[128];
    expect(h, 0, KEEL_HEALTH_HIGH_FLOAT, 1, 4, false);
    keel_health_item hf = keel_health_get(h, 0, KEEL_HEALTH_HIGH_FLOAT).items[0];
    ck_assert_int_eq(keel_task_get(p, hf.task).uid, 3);
    ck_assert_int_eq(hf.value, 60 * 480);
    expect(h, 0, KEEL_HEALTH_NEGATIVE_FLOAT, 2, 4, false);
    ck_assert_str_eq(uids(p, h, 0, KEEL_HEALTH_NEGATIVE_FLOAT, b, sizeof b), "1 4");
    ck_assert_int_eq(keel_health_get(h, 0, KEEL_HEALTH_NEGATIVE_FLOAT).items[1].value,
                     -41 * 480);
    expect(h, 0, KEEL_HEALTH_HIGH_DURATION, 2, 4, false);
    ck_assert_str_eq(uids(p, h, 0, KEEL_HEALTH_HIGH_DURATION, b, sizeof b), "1 2");
    keel_health_item base = keel_health_get(h, 0, KEEL_HEALTH_HIGH_DURATION).items[1];
    ck_assert_int_eq(base.value, 50 * 480);
    ck_assert_str_eq(base.why, "baseline duration above 44 days");
    expect(h, 0, KEEL_HEALTH_HARD_CONSTRAINTS, 1, 4, false);
    expect(h, 0, KEEL_HEALTH_LOGIC, 4, 4, false);
    expect(h, 0, KEEL_HEALTH_CRITICAL_PATH_TEST, 0, 1, true);
    ck_assert_str_eq(uids(p, h, 0, KEEL_HEALTH_CRITICAL_PATH_TEST, b, sizeof b), "1");
    keel_health_free(h);
    keel_portfolio_free(p);
}
END_TEST

/* The most critical task is not joined to the finish: the test fails. */
START_TEST(critical_path_test_fails)
{
    const char *f[] = {DATA "broken.xml"};
    keel_portfolio *p = load(f, 1);
    keel_health *h = run(p, NULL);
    char b[32];
    expect(h, 0, KEEL_HEALTH_CRITICAL_PATH_TEST, 1, 1, false);
    ck_assert_str_eq(uids(p, h, 0, KEEL_HEALTH_CRITICAL_PATH_TEST, b, sizeof b), "1");
    ck_assert(keel_health_get(h, 0, KEEL_HEALTH_CRITICAL_PATH_TEST).value == 0);
    expect(h, 0, KEEL_HEALTH_NEGATIVE_FLOAT, 1, 3, false);
    keel_health_free(h);
    keel_portfolio_free(p);
}
END_TEST

START_TEST(progress_checks)
{
    const char *f[] = {DATA "progress.xml"};
    keel_portfolio *p = load(f, 1);
    keel_health *h = run(p, NULL);
    char b[128];
    expect(h, 0, KEEL_HEALTH_MISSED_TASKS, 3, 4, false);
    ck_assert_str_eq(uids(p, h, 0, KEEL_HEALTH_MISSED_TASKS, b, sizeof b), "2 3 4");
    ck_assert_str_eq(keel_health_get(h, 0, KEEL_HEALTH_MISSED_TASKS).items[2].why,
                     "not finished");
    expect(h, 0, KEEL_HEALTH_BEI, 1, 4, false);
    ck_assert(fabs(keel_health_get(h, 0, KEEL_HEALTH_BEI).value - 0.75) < 1e-12);
    ck_assert_str_eq(uids(p, h, 0, KEEL_HEALTH_BEI, b, sizeof b), "4");
    expect(h, 0, KEEL_HEALTH_INVALID_DATES, 2, 7, false);
    ck_assert_str_eq(uids(p, h, 0, KEEL_HEALTH_INVALID_DATES, b, sizeof b), "5 7");
    ck_assert_str_eq(keel_health_get(h, 0, KEEL_HEALTH_INVALID_DATES).items[1].why,
                     "actual start after the status date");
    expect(h, 0, KEEL_HEALTH_CPLI, 1, 1, false);
    ck_assert(fabs(keel_health_get(h, 0, KEEL_HEALTH_CPLI).value - 0.8) < 1e-12);
    expect(h, 0, KEEL_HEALTH_NEGATIVE_FLOAT, 2, 4, false);
    expect(h, 0, KEEL_HEALTH_LOGIC, 1, 4, false);
    keel_health_free(h);
    keel_portfolio_free(p);
}
END_TEST

START_TEST(cpli_and_bei)
{
    const char *f[] = {DATA "cpli.xml"};
    keel_portfolio *p = load(f, 1);
    keel_health *h = run(p, NULL);
    expect(h, 0, KEEL_HEALTH_CPLI, 1, 1, false);
    ck_assert(fabs(keel_health_get(h, 0, KEEL_HEALTH_CPLI).value - 0.8) < 1e-12);
    expect(h, 0, KEEL_HEALTH_BEI, 0, 1, true);
    ck_assert(keel_health_get(h, 0, KEEL_HEALTH_BEI).value == 1);
    expect(h, 0, KEEL_HEALTH_MISSED_TASKS, 0, 1, true);
    expect(h, 0, KEEL_HEALTH_INVALID_DATES, 0, 3, true);
    keel_health_free(h);
    keel_portfolio_free(p);
}
END_TEST

/* A status date given to the run replaces the files': a week later every
 * remaining task of cpli.xml is due and late. */
START_TEST(status_date_option)
{
    const char *f[] = {DATA "cpli.xml"};
    keel_portfolio *p = load(f, 1);
    keel_health_options o;
    keel_health_options_init(&o);
    keel_error err = {0};
    ck_assert(keel_time_parse(p, "2026-01-16", &o.status_date, &err) == KEEL_OK);
    char buf[32];
    ck_assert_str_eq(keel_time_format(p, o.status_date, buf, sizeof buf),
                     "2026-01-17T00:00:00");
    keel_health *h = run(p, &o);
    ck_assert_int_eq(keel_health_status_date(h, 0), o.status_date);
    expect(h, 0, KEEL_HEALTH_MISSED_TASKS, 1, 2, false);
    expect(h, 0, KEEL_HEALTH_BEI, 1, 2, false);
    expect(h, 0, KEEL_HEALTH_INVALID_DATES, 1, 3, false); /* UID 2 should have started */
    keel_health_free(h);
    ck_assert(keel_time_parse(p, "next week", &o.status_date, &err) == KEEL_ERR_INVALID);
    ck_assert_msg(strstr(err.message, "'next week' is not a date"), "%s", err.message);
    keel_portfolio_free(p);
}
END_TEST

/* The portfolio's row sums the projects' counts; the critical path test
 * counts failing projects; CPLI is the lowest; BEI the ratio of the sums. */
START_TEST(portfolio_sums)
{
    const char *f[] = {DATA "structure.xml", DATA "broken.xml", DATA "progress.xml",
                       DATA "cpli.xml"};
    keel_portfolio *p = load(f, 4);
    keel_health *h = run(p, NULL);
    expect(h, -1, KEEL_HEALTH_LOGIC, 3 + 3 + 1 + 1, 10 + 3 + 4 + 2, false);
    expect(h, -1, KEEL_HEALTH_LEADS, 1, 8 + 1 + 4 + 2, false);
    expect(h, -1, KEEL_HEALTH_CRITICAL_PATH_TEST, 1, 4, false);
    expect(h, -1, KEEL_HEALTH_MISSED_TASKS, 3, 5, false);
    expect(h, -1, KEEL_HEALTH_BEI, 1, 5, false);
    ck_assert(fabs(keel_health_get(h, -1, KEEL_HEALTH_BEI).value - 4.0 / 5) < 1e-12);
    /* broken.xml's project deadline is its only task Deadline (Permit, Monday
     * noon), which its finish misses by far: the lowest CPLI */
    expect(h, -1, KEEL_HEALTH_CPLI, 3, 3, false);
    ck_assert(fabs(keel_health_get(h, -1, KEEL_HEALTH_CPLI).value - 0.05) < 1e-12);
    keel_health_result r = keel_health_get(h, -1, KEEL_HEALTH_CRITICAL_PATH_TEST);
    ck_assert_int_eq(r.nitems, 1); /* only the failing project's task */
    ck_assert_str_eq(keel_project_get(p, keel_task_get(p, r.items[0].task).project).name,
                     "broken.xml");
    ck_assert_int_eq(keel_health_get(h, 7, KEEL_HEALTH_LOGIC).number, 0); /* out of range */
    keel_health_free(h);
    keel_portfolio_free(p);
}
END_TEST

Suite *suite_health(void)
{
    Suite *s = suite_create("health");
    TCase *tc = tcase_create("dcma");
    tcase_add_test(tc, structure_checks);
    tcase_add_test(tc, float_checks);
    tcase_add_test(tc, critical_path_test_fails);
    tcase_add_test(tc, progress_checks);
    tcase_add_test(tc, cpli_and_bei);
    tcase_add_test(tc, status_date_option);
    tcase_add_test(tc, portfolio_sums);
    suite_add_tcase(s, tc);
    return s;
}
