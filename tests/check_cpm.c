/* SPDX-License-Identifier: GPL-3.0-or-later
 * CPM: every PSPLIB instance's critical path equals its file's MPM-Time, and
 * calendar cases checked against dates computed by hand.
 */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <string.h>

#include "analysis/cpm.h"
#include "base/timefmt.h"
#include "read/psplib_read.h"
#include "testutil.h"

static int check_dir(const char *dir)
{
    DIR *d = opendir(dir);
    ck_assert_msg(d != NULL, "cannot open %s", dir);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!strstr(e->d_name, ".sm"))
            continue;
        char path[512];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        keel_builder b;
        ck_assert(keel_builder_init(&b));
        keel_error err = {0};
        int64_t mpm = -1;
        ck_assert_msg(keel_psplib_read(path, &b, NULL, &mpm, &err) == KEEL_OK, "%s",
                      err.message);
        keel_portfolio *p = NULL;
        ck_assert_msg(keel_model_finish(&b, &p, &err) == KEEL_OK, "%s", err.message);
        keel_cpm *c = NULL;
        ck_assert(keel_cpm_run(p, &c, &err) == KEEL_OK);
        ck_assert_msg(c->project_finish[0] - c->project_start[0] == mpm,
                      "%s: cpm %lld, MPM-Time %lld", path,
                      (long long)(c->project_finish[0] - c->project_start[0]), (long long)mpm);
        keel_cpm_free(c);
        keel_portfolio_free(p);
        n++;
    }
    closedir(d);
    return n;
}

START_TEST(psplib_mpm_time)
{
    ck_assert_int_eq(check_dir("instances/psplib/j30"), 480);
    ck_assert_int_eq(check_dir("instances/psplib/j120"), 600);
}
END_TEST

/* ---------------------------------------------------------------- calendars */

static keel_time at(const char *s)
{
    keel_time t;
    ck_assert_msg(keel_parse_datetime(s, &t), "bad date %s", s);
    return t;
}

/* A one-project model on the standard calendar with a holiday on
 * 2025-01-15 (a Wednesday); the project starts Monday 2025-01-13 08:00. */
typedef struct model {
    keel_builder b;
    int project;
} model;

static void model_init(model *m)
{
    ck_assert(keel_builder_init(&m->b));
    keel_calendar_def def = {.name = "Standard", .uid = 1, .base = -1};
    test_office_week(def.week);
    keel_exception *x = keel_arena_alloc(m->b.arena, sizeof *x);
    x->first_day = x->last_day = keel_day_of(at("2025-01-15T00:00:00"));
    x->day.set = true;
    def.nexceptions = 1;
    def.exceptions = x;
    ck_assert(KEEL_VEC_PUSH(&m->b.calendar_defs, def));
    keel_project pr = {.name = "plan.xml", .file = "plan.xml", .calendar = 0,
                       .start = at("2025-01-13T08:00:00"), .status_date = KEEL_TIME_NONE,
                       .deadline = KEEL_TIME_NONE, .priority = 500, .weight = 1,
                       .minutes_per_day = 480, .minutes_per_week = 2400, .days_per_month = 20};
    ck_assert(KEEL_VEC_PUSH(&m->b.projects, pr));
}

static int add_task(model *m, const char *name, int64_t minutes)
{
    keel_task t = {.project = 0, .uid = (int32_t)m->b.tasks.len + 1, .name = name,
                   .outline_level = 1, .parent = -1, .milestone = minutes == 0,
                   .duration = minutes, .total_duration = minutes, .task_calendar = -1,
                   .priority = 500, .constraint_date = KEEL_TIME_NONE,
                   .deadline = KEEL_TIME_NONE, .actual_start = KEEL_TIME_NONE,
                   .actual_finish = KEEL_TIME_NONE, .start = KEEL_TIME_NONE,
                   .finish = KEEL_TIME_NONE};
    t.id = t.uid;
    ck_assert(KEEL_VEC_PUSH(&m->b.tasks, t));
    m->b.projects.data[0].ntasks = (int)m->b.tasks.len;
    return (int)m->b.tasks.len - 1;
}

static void add_link(model *m, int pred, int succ, keel_link_type type, keel_lag_kind kind,
                     int64_t lag)
{
    keel_link l = {.pred = pred, .succ = succ, .type = type, .lag_kind = kind, .lag = lag};
    ck_assert(KEEL_VEC_PUSH(&m->b.links, l));
}

static keel_cpm *run(model *m, keel_portfolio **p)
{
    keel_error err = {0};
    ck_assert_msg(keel_model_finish(&m->b, p, &err) == KEEL_OK, "%s", err.message);
    keel_cpm *c = NULL;
    ck_assert(keel_cpm_run(*p, &c, &err) == KEEL_OK);
    return c;
}

START_TEST(holiday_inside_task)
{
    model m;
    model_init(&m);
    int a = add_task(&m, "Design", 3 * 480); /* Mon, Tue, (Wed off), Thu */
    int b = add_task(&m, "Build", 480);
    add_link(&m, a, b, KEEL_LINK_FS, KEEL_LAG_WORK, 0);
    keel_portfolio *p;
    keel_cpm *c = run(&m, &p);
    ASSERT_AT(c->es[a], "2025-01-13T08:00:00");
    ASSERT_AT(c->ef[a], "2025-01-16T17:00:00");
    ASSERT_AT(c->es[b], "2025-01-17T08:00:00");
    ASSERT_AT(c->ef[b], "2025-01-17T17:00:00");
    ck_assert_int_eq(c->total_slack[a], 0);
    ck_assert(c->critical[b]);
    keel_cpm_free(c);
    keel_portfolio_free(p);
}
END_TEST

START_TEST(link_types_and_lags)
{
    model m;
    model_init(&m);
    int a = add_task(&m, "A", 2 * 480);  /* Mon 13 - Tue 14 */
    int ss = add_task(&m, "SS+4h", 480); /* starts Mon 13:00 +4h working = Mon 13:00 */
    int ff = add_task(&m, "FF+1d", 480); /* finishes 1 working day after Tue 17:00 */
    int sf = add_task(&m, "SF", 240);    /* finish >= A start + 2d */
    int el = add_task(&m, "FS+2ed", 60); /* elapsed: Tue 17:00 + 48h = Thu 17:00 */
    int neg = add_task(&m, "FS-1d", 480);
    add_link(&m, a, ss, KEEL_LINK_SS, KEEL_LAG_WORK, 240);
    add_link(&m, a, ff, KEEL_LINK_FF, KEEL_LAG_WORK, 480);
    add_link(&m, a, sf, KEEL_LINK_SF, KEEL_LAG_WORK, 2 * 480);
    add_link(&m, a, el, KEEL_LINK_FS, KEEL_LAG_ELAPSED, 2880);
    add_link(&m, a, neg, KEEL_LINK_FS, KEEL_LAG_WORK, -480);
    keel_portfolio *p;
    keel_cpm *c = run(&m, &p);
    ASSERT_AT(c->ef[a], "2025-01-14T17:00:00");
    ASSERT_AT(c->es[ss], "2025-01-13T13:00:00");
    ASSERT_AT(c->ef[ss], "2025-01-14T12:00:00");
    ASSERT_AT(c->ef[ff], "2025-01-16T17:00:00"); /* Wednesday is a holiday */
    ASSERT_AT(c->es[ff], "2025-01-16T08:00:00");
    ASSERT_AT(c->ef[sf], "2025-01-14T17:00:00"); /* Mon 08:00 + 2 working days */
    ASSERT_AT(c->es[sf], "2025-01-14T13:00:00");
    ASSERT_AT(c->es[el], "2025-01-17T08:00:00"); /* Thu 17:00 is the end of the day */
    ASSERT_AT(c->es[neg], "2025-01-14T08:00:00");
    keel_cpm_free(c);
    keel_portfolio_free(p);
}
END_TEST

START_TEST(start_at_five_pm_and_milestone)
{
    model m;
    model_init(&m);
    int a = add_task(&m, "A", 480);
    int ms = add_task(&m, "Done", 0);
    int b = add_task(&m, "B", 60);
    add_link(&m, a, ms, KEEL_LINK_FS, KEEL_LAG_WORK, 0);
    add_link(&m, ms, b, KEEL_LINK_FS, KEEL_LAG_WORK, 0);
    m.b.tasks.data[a].constraint = KEEL_SNET;
    m.b.tasks.data[a].constraint_date = at("2025-01-17T17:00:00"); /* Friday 17:00 */
    keel_portfolio *p;
    keel_cpm *c = run(&m, &p);
    ASSERT_AT(c->es[a], "2025-01-20T08:00:00");  /* next working instant: Monday */
    ASSERT_AT(c->ef[a], "2025-01-20T17:00:00");
    ASSERT_AT(c->es[ms], "2025-01-20T17:00:00"); /* milestone stays at 17:00 */
    ASSERT_AT(c->es[b], "2025-01-21T08:00:00");
    keel_cpm_free(c);
    keel_portfolio_free(p);
}
END_TEST

START_TEST(late_dates_slack_and_deadline)
{
    model m;
    model_init(&m);
    int a = add_task(&m, "Long", 4 * 480); /* Mon..Fri (Wed off) */
    int s = add_task(&m, "Short", 480);
    int z = add_task(&m, "End", 0);
    add_link(&m, a, z, KEEL_LINK_FS, KEEL_LAG_WORK, 0);
    add_link(&m, s, z, KEEL_LINK_FS, KEEL_LAG_WORK, 0);
    keel_portfolio *p;
    keel_cpm *c = run(&m, &p);
    ASSERT_AT(c->ef[a], "2025-01-17T17:00:00");
    ASSERT_AT(c->lf[s], "2025-01-17T17:00:00");
    ASSERT_AT(c->ls[s], "2025-01-17T08:00:00");
    ck_assert_int_eq(c->total_slack[s], 3 * 480);
    ck_assert_int_eq(c->free_slack[s], 3 * 480);
    ck_assert(!c->critical[s]);
    ck_assert(c->critical[a]);
    ck_assert_int_eq(c->project_length[0], 4 * 480);
    keel_cpm_free(c);
    keel_portfolio_free(p);

    model_init(&m);
    a = add_task(&m, "Late", 2 * 480);
    m.b.tasks.data[a].deadline = at("2025-01-13T17:00:00");
    c = run(&m, &p);
    ck_assert_int_eq(c->total_slack[a], -480); /* a day behind its deadline */
    ck_assert(c->critical[a]);
    keel_cpm_free(c);
    keel_portfolio_free(p);
}
END_TEST

/* ---------------------------------------------------------------- As Late As Possible
 * The week of 2025-01-13, Wednesday a holiday: "Long" runs Mon, Tue, Thu,
 * Fri; the project ends Friday 17:00 or, with "Next", Monday 20th 17:00. */

static int add_alap(model *m, const char *name, int64_t minutes)
{
    int t = add_task(m, name, minutes);
    m->b.tasks.data[t].constraint = KEEL_ALAP;
    return t;
}

static void fs(model *m, int a, int b)
{
    add_link(m, a, b, KEEL_LINK_FS, KEEL_LAG_WORK, 0);
}

START_TEST(alap_before_its_successor)
{
    model m;
    model_init(&m);
    int a = add_task(&m, "Long", 4 * 480), next = add_task(&m, "Next", 480);
    int order = add_alap(&m, "Order", 480), two = add_alap(&m, "Order 2", 480);
    int first = add_alap(&m, "Order 1", 480);
    fs(&m, a, next);
    fs(&m, order, next);
    fs(&m, first, two); /* a chain of two ALAP tasks */
    fs(&m, two, next);
    keel_portfolio *p;
    keel_cpm *c = run(&m, &p);
    ASSERT_AT(c->es[next], "2025-01-20T08:00:00"); /* successors are where they were */
    ASSERT_AT(c->es[order], "2025-01-17T08:00:00"); /* the day before, not Monday 13th */
    ASSERT_AT(c->ef[order], "2025-01-17T17:00:00");
    ASSERT_AT(c->es[two], "2025-01-17T08:00:00");
    ASSERT_AT(c->es[first], "2025-01-16T08:00:00"); /* Wednesday is a holiday */
    ck_assert_int_eq(c->es[order], c->ls[order]);
    ck_assert_int_eq(c->ef[first], c->lf[first]);
    for (int t = order; t <= first; t++) { /* zero slack, critical, as MS Project shows */
        ck_assert_int_eq(c->total_slack[t], 0);
        ck_assert_int_eq(c->free_slack[t], 0);
        ck_assert(c->critical[t]);
    }
    ASSERT_AT(c->project_finish[0], "2025-01-20T17:00:00");
    ASSERT_AT(c->project_start[0], "2025-01-13T08:00:00");
    keel_cpm_free(c);
    keel_portfolio_free(p);
}
END_TEST

START_TEST(alap_successors_follow)
{
    model m;
    model_init(&m);
    int a = add_task(&m, "Long", 4 * 480), end = add_task(&m, "End", 0);
    int b = add_alap(&m, "Prepare", 480), s = add_task(&m, "Install", 480);
    int lone = add_alap(&m, "Hand over", 240); /* no successor: ends with the project */
    fs(&m, a, end);
    fs(&m, b, s);
    fs(&m, s, end);
    keel_portfolio *p;
    keel_cpm *c = run(&m, &p);
    ASSERT_AT(c->es[b], "2025-01-16T08:00:00");
    ASSERT_AT(c->es[s], "2025-01-17T08:00:00"); /* pushed: its slack is used up */
    ck_assert_int_eq(c->total_slack[s], 0);
    ck_assert_int_eq(c->free_slack[b], 0);
    ASSERT_AT(c->es[end], "2025-01-17T17:00:00"); /* no project finishes later */
    ASSERT_AT(c->es[lone], "2025-01-17T13:00:00");
    ASSERT_AT(c->ef[lone], "2025-01-17T17:00:00");
    ck_assert_int_eq(c->total_slack[lone], 0);
    keel_cpm_free(c);
    keel_portfolio_free(p);
}
END_TEST

START_TEST(alap_milestone_and_predecessors)
{
    model m;
    model_init(&m);
    int a = add_task(&m, "Long", 4 * 480), next = add_task(&m, "Next", 480);
    int ms = add_alap(&m, "Ordered", 0);
    int pre = add_task(&m, "Plan", 480), late = add_alap(&m, "Behind", 2 * 480);
    fs(&m, a, next);
    fs(&m, ms, next);
    fs(&m, pre, late);
    m.b.tasks.data[late].deadline = at("2025-01-13T12:00:00"); /* cannot be met */
    keel_portfolio *p;
    keel_cpm *c = run(&m, &p);
    /* Monday 08:00 is the same working instant as Friday 17:00 */
    ASSERT_AT(c->es[ms], "2025-01-17T17:00:00");
    ASSERT_AT(c->lf[ms], "2025-01-17T17:00:00");
    /* its late start is before its predecessor ends: it waits for it */
    ASSERT_AT(c->es[late], "2025-01-14T08:00:00");
    ck_assert_int_lt(c->ls[late], c->es[late]);
    ck_assert_int_lt(c->total_slack[late], 0);
    keel_cpm_free(c);
    keel_portfolio_free(p);
}
END_TEST

START_TEST(cycle_is_reported)
{
    model m;
    model_init(&m);
    int a = add_task(&m, "Alpha", 60), b = add_task(&m, "Beta", 60);
    int g = add_task(&m, "Gamma", 60);
    add_link(&m, a, b, KEEL_LINK_FS, KEEL_LAG_WORK, 0);
    add_link(&m, b, g, KEEL_LINK_FS, KEEL_LAG_WORK, 0);
    add_link(&m, g, a, KEEL_LINK_SS, KEEL_LAG_WORK, 0);
    keel_portfolio *p = NULL;
    keel_error err = {0};
    ck_assert_int_eq(keel_model_finish(&m.b, &p, &err), KEEL_ERR_CYCLE);
    ck_assert_ptr_null(p);
    ck_assert_msg(strstr(err.message, "plan.xml") && strstr(err.message, "'Alpha'") &&
                      strstr(err.message, "'Beta'") && strstr(err.message, "'Gamma'"),
                  "%s", err.message);
    keel_builder_release(&m.b);
}
END_TEST

Suite *suite_cpm(void)
{
    Suite *s = suite_create("cpm");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, psplib_mpm_time);
    tcase_add_test(tc, holiday_inside_task);
    tcase_add_test(tc, link_types_and_lags);
    tcase_add_test(tc, start_at_five_pm_and_milestone);
    tcase_add_test(tc, late_dates_slack_and_deadline);
    tcase_add_test(tc, alap_before_its_successor);
    tcase_add_test(tc, alap_successors_follow);
    tcase_add_test(tc, alap_milestone_and_predecessors);
    tcase_add_test(tc, cycle_is_reported);
    suite_add_tcase(s, tc);
    return s;
}
