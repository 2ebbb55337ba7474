/* SPDX-License-Identifier: GPL-3.0-or-later
 * keel_clear_leveling (MS Project's "Clear Leveling"): the example leveled
 * and then cleared has its critical-path dates back (the pre-leveled dates the
 * leveling wrote) and no leveling delay; clearing again changes nothing; a
 * manually scheduled task that leveling moved goes back to where it was.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/cpm.h"
#include "base/readfile.h"
#include "run/level.h"
#include "testutil.h"

static const char *const names[] = {"erp-upgrade.xml", "website-relaunch.xml",
                                    "office-move.xml"};

/* dir/portfolio.txt: the example's. */
static void copy_portfolio(const char *dir)
{
    char *text = NULL, path[512];
    size_t len = 0;
    keel_error err = {0};
    ck_assert(keel_file_read("instances/example/portfolio.txt", 1 << 20, &text, &len, &err) ==
              KEEL_OK);
    snprintf(path, sizeof path, "%s/portfolio.txt", dir);
    FILE *f = fopen(path, "wb");
    ck_assert(f && fwrite(text, 1, len, f) == len && fclose(f) == 0);
    free(text);
}

static char *file_text(const char *dir, const char *name)
{
    char path[512], *text = NULL;
    size_t len = 0;
    keel_error err = {0};
    snprintf(path, sizeof path, "%s/%s", dir, name);
    ck_assert_msg(keel_file_read(path, 1 << 24, &text, &len, &err) == KEEL_OK, "%s",
                  err.message);
    return text;
}

/* Clears p and writes the result into dir. */
static void clear_into(const keel_portfolio *p, const char *dir)
{
    keel_result *r = NULL;
    keel_error err = {0};
    ck_assert_msg(keel_clear_leveling(p, &r, &err) == KEEL_OK, "%s", err.message);
    ck_assert(keel_result_before(r) == NULL);
    ck_assert_str_eq(keel_result_get(r).solver, "clear");
    ck_assert_msg(keel_result_write_mspdi(p, r, dir, &err) == KEEL_OK, "%s", err.message);
    keel_result_free(r);
}

START_TEST(level_then_clear_gives_the_cpm_dates)
{
    char leveled[512], cleared[512], again[512];
    snprintf(leveled, sizeof leveled, "%s/clear-leveled", test_tmpdir());
    snprintf(cleared, sizeof cleared, "%s/clear-cleared", test_tmpdir());
    snprintf(again, sizeof again, "%s/clear-again", test_tmpdir());
    keel_portfolio *orig = test_load_dir("instances/example");
    keel_options o;
    keel_options_init(&o);
    o.schedules = 500;
    keel_result *r = NULL;
    keel_error err = {0};
    ck_assert_msg(keel_level(orig, &o, &r, &err) == KEEL_OK, "%s", err.message);
    ck_assert(keel_result_write_mspdi(orig, r, leveled, &err) == KEEL_OK);
    copy_portfolio(leveled);
    keel_portfolio *lev = test_load_dir(leveled);
    int moved = 0;
    for (int t = 0; t < lev->ntasks; t++)
        moved += lev->tasks[t].leveling_delay != 0;
    ck_assert_int_gt(moved, 0);
    clear_into(lev, cleared);
    copy_portfolio(cleared);
    keel_portfolio *clr = test_load_dir(cleared);
    keel_cpm *c = NULL;
    ck_assert(keel_cpm_run(orig, &c, &err) == KEEL_OK);
    ck_assert_int_eq(clr->ntasks, orig->ntasks);
    for (int t = 0; t < clr->ntasks; t++) {
        const keel_task *x = &clr->tasks[t];
        ck_assert_int_eq(x->leveling_delay, 0);
        if (x->summary)
            continue;
        ck_assert_msg(x->start == c->es[t] && x->finish == c->ef[t],
                      "task UID %d: cleared %lld..%lld, CPM %lld..%lld", (int)x->uid,
                      (long long)x->start, (long long)x->finish, (long long)c->es[t],
                      (long long)c->ef[t]);
        /* the pre-leveled dates the leveling wrote */
        ck_assert_int_eq(x->pre_start, x->start);
        ck_assert_int_eq(x->pre_finish, x->finish);
    }
    /* clearing a cleared portfolio changes nothing */
    clear_into(clr, again);
    for (int i = 0; i < 3; i++) {
        char *a = file_text(cleared, names[i]), *b = file_text(again, names[i]);
        ck_assert_msg(strcmp(a, b) == 0, "%s changed when cleared twice", names[i]);
        free(a);
        free(b);
    }
    keel_cpm_free(c);
    keel_result_free(r);
    keel_portfolio_free(orig);
    keel_portfolio_free(lev);
    keel_portfolio_free(clr);
}
END_TEST

/* Two tasks on one person: "Fixed slot" is manually scheduled on Monday,
 * "Other" (priority 900) is automatic; leveling delays the manual task. */
static const char *const doc_manual =
    "<?xml version=\"1.0\"?>\n<Project xmlns=\"http://schemas.microsoft.com/project\">\n"
    "<StartDate>2025-01-06T08:00:00</StartDate><Tasks>\n"
    "<Task><UID>1</UID><ID>1</ID><Name>Fixed slot</Name><Manual>1</Manual>"
    "<Start>2025-01-06T08:00:00</Start><Finish>2025-01-07T17:00:00</Finish>"
    "<Duration>PT16H0M0S</Duration></Task>\n"
    "<Task><UID>2</UID><ID>2</ID><Name>Other</Name><Priority>900</Priority>"
    "<Start>2025-01-06T08:00:00</Start><Finish>2025-01-06T17:00:00</Finish>"
    "<Duration>PT8H0M0S</Duration></Task>\n"
    "</Tasks><Resources><Resource><UID>1</UID><ID>1</ID><Name>Ann</Name><Type>1</Type>"
    "<MaxUnits>1</MaxUnits></Resource></Resources>\n<Assignments>"
    "<Assignment><UID>1</UID><TaskUID>1</TaskUID><ResourceUID>1</ResourceUID>"
    "<Units>1</Units></Assignment>"
    "<Assignment><UID>2</UID><TaskUID>2</TaskUID><ResourceUID>1</ResourceUID>"
    "<Units>1</Units></Assignment></Assignments>\n</Project>\n";

static keel_portfolio *load_file(const char *path)
{
    keel_portfolio *p = NULL;
    keel_error err = {0};
    ck_assert_msg(keel_portfolio_load(&path, 1, NULL, &p, &err) == KEEL_OK, "%s", err.message);
    return p;
}

START_TEST(a_manual_task_goes_back)
{
    char in[512], leveled[512], cleared[512], path[600];
    test_write_file("manual.xml", doc_manual, in, sizeof in);
    snprintf(leveled, sizeof leveled, "%s/clear-manual-leveled", test_tmpdir());
    snprintf(cleared, sizeof cleared, "%s/clear-manual-cleared", test_tmpdir());
    keel_portfolio *p = load_file(in);
    keel_options o;
    keel_options_init(&o);
    o.schedules = 100;
    snprintf(o.solvers, sizeof o.solvers, "msp-standard");
    keel_result *r = NULL;
    keel_error err = {0};
    ck_assert_msg(keel_level(p, &o, &r, &err) == KEEL_OK, "%s", err.message);
    ck_assert(keel_result_write_mspdi(p, r, leveled, &err) == KEEL_OK);
    snprintf(path, sizeof path, "%s/manual.xml", leveled);
    keel_portfolio *lev = load_file(path);
    char buf[32];
    ck_assert_str_eq(keel_time_format(lev, lev->tasks[0].start, buf, sizeof buf),
                     "2025-01-07T08:00:00"); /* delayed behind "Other" */
    clear_into(lev, cleared);
    snprintf(path, sizeof path, "%s/manual.xml", cleared);
    keel_portfolio *clr = load_file(path);
    ck_assert_str_eq(keel_time_format(clr, clr->tasks[0].start, buf, sizeof buf),
                     "2025-01-06T08:00:00");
    ck_assert_int_eq(clr->tasks[0].leveling_delay, 0);
    keel_result_free(r);
    keel_portfolio_free(p);
    keel_portfolio_free(lev);
    keel_portfolio_free(clr);
}
END_TEST

Suite *suite_clear(void)
{
    Suite *s = suite_create("clear");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, level_then_clear_gives_the_cpm_dates);
    tcase_add_test(tc, a_manual_task_goes_back);
    suite_add_tcase(s, tc);
    return s;
}
