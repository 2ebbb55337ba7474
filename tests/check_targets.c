/* SPDX-License-Identifier: GPL-3.0-or-later
 * Deadlines and priorities from the files: a project's deadline is its latest
 * task Deadline unless the portfolio file sets one; missed deadlines reach the
 * level result (in working minutes), the verifier (accepted findings) and the
 * tardiness objective; a project's priority weighs it in the default
 * objective (keel_priority_weight) unless the portfolio file gives a weight.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analysis/verify.h"
#include "run/level.h"
#include "testutil.h"

/* One project: UID 0 at `priority`, "Work" (5 days on the shared crew) and
 * the milestone "Done" after it with a Deadline on Wednesday of week two
 * (none when deadline is 0). Monday 2025-01-06 08:00, Standard calendar. */
static const char *project(const char *name, int priority, bool deadline)
{
    static char doc[4][2048];
    static int next;
    char *d = doc[next++ % 4];
    snprintf(d, sizeof doc[0],
             "<?xml version=\"1.0\"?>\n"
             "<Project xmlns=\"http://schemas.microsoft.com/project\">\n"
             "<StartDate>2025-01-06T08:00:00</StartDate><Tasks>\n"
             "<Task><UID>0</UID><ID>0</ID><Name>%s</Name><OutlineLevel>0</OutlineLevel>"
             "<Priority>%d</Priority></Task>\n"
             "<Task><UID>1</UID><ID>1</ID><Name>Work</Name><Duration>PT40H0M0S</Duration>"
             "</Task>\n"
             "<Task><UID>2</UID><ID>2</ID><Name>Done</Name><Milestone>1</Milestone>"
             "<Duration>PT0H0M0S</Duration>%s"
             "<PredecessorLink><PredecessorUID>1</PredecessorUID></PredecessorLink></Task>\n"
             "</Tasks><Resources><Resource><UID>1</UID><ID>1</ID><Name>Crew</Name>"
             "<Type>1</Type><MaxUnits>1</MaxUnits></Resource></Resources>\n"
             "<Assignments><Assignment><UID>1</UID><TaskUID>1</TaskUID>"
             "<ResourceUID>1</ResourceUID><Units>1</Units></Assignment></Assignments>\n"
             "</Project>\n",
             name, priority, deadline ? "<Deadline>2025-01-15T17:00:00</Deadline>" : "");
    return d;
}

typedef struct pair {
    char hi[512], lo[512], pf[512];
} pair;

/* hi.xml at priority 700, lo.xml at priority 100, and portfolio.txt with
 * `extra` (may be ""). */
static keel_portfolio *load_pair(pair *f, bool deadlines, const char *extra)
{
    test_write_file("hi.xml", project("hi", 700, deadlines), f->hi, sizeof f->hi);
    test_write_file("lo.xml", project("lo", 100, deadlines), f->lo, sizeof f->lo);
    char text[512];
    snprintf(text, sizeof text, "[project hi]\nfile = hi.xml\n\n[project lo]\nfile = lo.xml\n%s",
             extra);
    test_write_file("targets.txt", text, f->pf, sizeof f->pf);
    keel_load_options lo = {.portfolio_file = f->pf};
    keel_portfolio *p = NULL;
    keel_error err = {0};
    ck_assert_msg(keel_portfolio_load(NULL, 0, &lo, &p, &err) == KEEL_OK, "%s", err.message);
    return p;
}

static keel_result *level(const keel_portfolio *p, const char *objective)
{
    keel_options o;
    keel_options_init(&o);
    o.schedules = 300;
    if (objective)
        snprintf(o.objective, sizeof o.objective, "%s", objective);
    keel_result *r = NULL;
    keel_error err = {0};
    ck_assert_msg(keel_level(p, &o, &r, &err) == KEEL_OK, "%s", err.message);
    return r;
}

static int project_named(const keel_portfolio *p, const char *name)
{
    for (int q = 0; q < keel_portfolio_nprojects(p); q++)
        if (strcmp(keel_project_get(p, q).name, name) == 0)
            return q;
    ck_abort_msg("no project %s", name);
    return -1;
}

START_TEST(priority_weighs_the_default_objective)
{
    pair f;
    keel_portfolio *p = load_pair(&f, false, "");
    int hi = project_named(p, "hi.xml"), lo = project_named(p, "lo.xml");
    ck_assert(keel_project_get(p, hi).weight == 4.0);
    ck_assert(keel_project_get(p, lo).weight == 1.0 / 16);
    keel_result *r = level(p, NULL);
    ck_assert_int_eq(keel_result_project_get(r, hi).delay, 0);
    ck_assert_int_eq(keel_result_project_get(r, lo).delay, 5 * 480);
    ck_assert(keel_result_project_get(r, lo).deadline_state == KEEL_DEADLINE_NONE);
    ck_assert_int_eq(keel_result_project_get(r, lo).late, 0);
    /* delays in working days, weighted: lo's 5 days at 1/16 */
    ck_assert(fabs(keel_result_get(r).value - 5.0 / 16) < 1e-9);
    keel_result_free(r);
    keel_portfolio_free(p);
    /* the portfolio file's priority decides the weight; its weight wins */
    p = load_pair(&f, false, "priority = 900\n");
    r = level(p, NULL);
    ck_assert(keel_project_get(p, lo).weight == 16.0);
    ck_assert_int_eq(keel_result_project_get(r, lo).delay, 0);
    ck_assert_int_eq(keel_result_project_get(r, hi).delay, 5 * 480);
    keel_result_free(r);
    keel_portfolio_free(p);
    p = load_pair(&f, false, "priority = 900\nweight = 0.5\n");
    ck_assert(keel_project_get(p, lo).weight == 0.5);
    keel_portfolio_free(p);
}
END_TEST

START_TEST(missed_deadlines_reported_everywhere)
{
    pair f;
    keel_portfolio *p = load_pair(&f, true, "");
    int hi = project_named(p, "hi.xml"), lo = project_named(p, "lo.xml");
    keel_time due = keel_project_get(p, lo).deadline;
    char buf[32];
    ck_assert_str_eq(keel_time_format(p, due, buf, sizeof buf), "2025-01-15T17:00:00");
    keel_result *r = level(p, NULL);
    keel_result_project h = keel_result_project_get(r, hi), l = keel_result_project_get(r, lo);
    ck_assert(h.deadline_state == KEEL_DEADLINE_MET);
    ck_assert(l.deadline_state == KEEL_DEADLINE_MISSED);
    ck_assert_int_eq(l.late, 2 * 480); /* Friday 17:00 of week two: Thursday, Friday */
    /* the verifier reports the task's and the project's deadline, accepted */
    const keel_conflicts *c = keel_result_conflicts(r);
    int task_late = 0, project_late = 0;
    for (int i = 0; i < keel_conflicts_count(c); i++) {
        const keel_conflict *k = keel_conflicts_get(c, i);
        if (k->kind != KEEL_CONFLICT_DEADLINE)
            continue;
        ck_assert(k->accepted);
        ck_assert_int_eq(k->late, 960);
        ck_assert_int_eq(k->from, due);
        ck_assert_int_eq(keel_task_get(p, k->task).uid, 2);
        task_late += k->project < 0;
        project_late += k->project == lo;
    }
    ck_assert_int_eq(task_late, 1);
    ck_assert_int_eq(project_late, 1);
    ck_assert_int_eq(keel_conflicts_failures(c), 0);
    keel_result_free(r);
    /* tardiness: the late project is the cheap one, 2 days at 1/16 */
    r = level(p, "tardiness");
    ck_assert(fabs(keel_result_get(r).value - 2.0 / 16) < 1e-9);
    ck_assert(keel_result_project_get(r, lo).deadline_state == KEEL_DEADLINE_MISSED);
    keel_result_free(r);
    keel_portfolio_free(p);
    /* a portfolio deadline replaces the files' */
    p = load_pair(&f, true, "deadline = 2025-01-20T17:00\n");
    r = level(p, NULL);
    ck_assert(keel_result_project_get(r, lo).deadline_state == KEEL_DEADLINE_MET);
    keel_result_free(r);
    keel_portfolio_free(p);
}
END_TEST

Suite *suite_targets(void)
{
    Suite *s = suite_create("targets");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, priority_weighs_the_default_objective);
    tcase_add_test(tc, missed_deadlines_reported_everywhere);
    suite_add_tcase(s, tc);
    return s;
}
