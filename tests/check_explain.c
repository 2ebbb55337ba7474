/* SPDX-License-Identifier: GPL-3.0-or-later
 * keel_explain: why tasks start late. On generated portfolios every claim is
 * checked against the schedule with code of its own (not the profile the
 * explanation uses): each blocking resource named lacks capacity at the
 * moment given (the task's units plus those of the tasks holding it exceed
 * its capacity there), that moment lies in the interval the task would have
 * occupied from the start ruled out, the tasks named do hold it then, the
 * blocks cover every start from the preferred one to the actual one, and the
 * minutes add up to the task's and the project's delay. The explanation of
 * the leveled files read back equals that of the result.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "analysis/cpm.h"
#include "analysis/leveled.h"
#include "analysis/schedule.h"
#include "base/timefmt.h"
#include "model/model.h"
#include "search/plan.h"
#include "search/problem.h"
#include "solvers/solver.h"
#include "testutil.h"

static keel_portfolio *load(const char *const *files, int n, const keel_load_options *lo)
{
    keel_portfolio *p = NULL;
    keel_error err = {0};
    ck_assert_msg(keel_portfolio_load(files, n, lo, &p, &err) == KEEL_OK, "%s",
                  err.message);
    return p;
}

static keel_result *level(const keel_portfolio *p, const char *solvers, int64_t budget)
{
    keel_options o;
    keel_options_init(&o);
    snprintf(o.solvers, sizeof o.solvers, "%s", solvers);
    o.schedules = budget;
    return test_level(p, &o);
}

static keel_explanation *explain(const keel_portfolio *p, const keel_schedule *s)
{
    keel_explanation *e = NULL;
    keel_error err = {0};
    ck_assert_msg(keel_explain(p, s, &e, &err) == KEEL_OK, "%s", err.message);
    return e;
}

/* ---------------------------------------------------------------- independent checks */

static int32_t units_on(const keel_portfolio *p, int t, int r)
{
    int32_t u = 0;
    for (int a = p->asg_start[t]; a < p->asg_start[t + 1]; a++)
        if (p->assignments[a].resource == r)
            u += p->assignments[a].units;
    return u;
}

/* Units of resource r held at t by the leaves other than `self` (a task
 * holds its units over [start, finish)), and whether `task` is one of them. */
static int32_t held_at(const keel_portfolio *p, const keel_schedule *s, int r,
                       keel_time t, int self, int task, bool *holds)
{
    int32_t load = 0;
    *holds = false;
    for (int k = 0; k < p->ntasks; k++) {
        if (k == self || p->tasks[k].summary || !(s->start[k] <= t && t < s->finish[k]))
            continue;
        int32_t u = units_on(p, k, r);
        load += u;
        if (k == task && u > 0)
            *holds = true;
    }
    return load;
}

/* Whether resource r has room for task j's units at moment x (as the
 * leveler sees it: leveled work resources, demands it can ever meet). */
static bool room_at(const keel_portfolio *p, const keel_schedule *s, int j, int r,
                    keel_time x)
{
    const keel_resource *res = &p->resources[r];
    int32_t need = units_on(p, j, r), most = 0;
    for (int i = 0; i < res->capacity.n; i++)
        most = res->capacity.units[i] > most ? res->capacity.units[i] : most;
    if (res->type != KEEL_RES_WORK || !res->can_level || need <= 0 || need > most)
        return true;
    bool holds;
    return need + held_at(p, s, r, x, j, -1, &holds) <= keel_resource_capacity_at(res, x);
}

/* An unforced block: the task fits at `at`, checked at every moment its
 * window [at, finish) could change (its start, other tasks' starts and
 * capacity steps inside it). */
static void check_fits(const keel_portfolio *p, const keel_schedule *s, int j,
                       keel_time at)
{
    keel_time f = keel_calendar_add_work(keel_task_cal(p, j), at, p->tasks[j].duration);
    for (int a = p->asg_start[j]; a < p->asg_start[j + 1]; a++) {
        int r = p->assignments[a].resource;
        ck_assert_msg(room_at(p, s, j, r, at), "unforced, yet no room at its start");
        for (int k = 0; k < p->ntasks; k++)
            if (!p->tasks[k].summary && s->start[k] > at && s->start[k] < f)
                ck_assert(room_at(p, s, j, r, s->start[k]));
        const keel_capacity *c = &p->resources[r].capacity;
        for (int i = 1; i < c->n; i++)
            if (c->at[i] > at && c->at[i] < f)
                ck_assert(room_at(p, s, j, r, c->at[i]));
    }
}

static void check_block(const keel_portfolio *p, const keel_schedule *s,
                        const keel_why_task *w, const keel_why_block *b)
{
    const keel_task *t = &p->tasks[w->task];
    ck_assert(b->at >= w->preferred_start && b->until > b->at && b->until <= w->start);
    if (b->resource < 0) {
        check_fits(p, s, w->task, b->at);
        return;
    }
    const keel_resource *res = &p->resources[b->resource];
    keel_time finish =
        keel_calendar_add_work(keel_task_cal(p, w->task), b->at, t->duration);
    ck_assert_msg(b->when >= b->at && b->when < finish,
                  "UID %d: moment outside the window", t->uid);
    bool holds;
    int32_t cap = keel_resource_capacity_at(res, b->when);
    int32_t need = units_on(p, w->task, b->resource);
    int32_t held = held_at(p, s, b->resource, b->when, w->task, -1, &holds);
    ck_assert_int_eq(cap, b->capacity);
    ck_assert_int_eq(need, b->need);
    ck_assert_msg(need + held > cap,
                  "task UID %d '%s': %s is not at capacity at the moment named "
                  "(need %d + held %d <= %d)",
                  t->uid, t->name, res->name, need, held, cap);
    int32_t named = 0;
    for (int h = 0; h < b->nholders; h++) {
        ck_assert_int_ne(b->holders[h], w->task);
        held_at(p, s, b->resource, b->when, w->task, b->holders[h], &holds);
        ck_assert_msg(holds, "a task named does not hold %s then", res->name);
        named += units_on(p, b->holders[h], b->resource);
    }
    ck_assert_int_eq(named, b->held);
    ck_assert_int_eq(named, held);
}

/* The blocks cover [preferred_start, start) without a gap; their minutes add
 * up to the delay. Returns the number of unforced blocks. */
static int check_task(const keel_portfolio *p, const keel_schedule *s,
                      const keel_explanation *e, int i)
{
    keel_why_task w = keel_explanation_task(e, i);
    ck_assert_int_eq(w.start, s->start[w.task]);
    ck_assert(w.delay > 0 || w.inherited > 0);
    ck_assert(w.delay == 0 || w.start > w.preferred_start);
    ck_assert(w.inherited == 0 || w.driver >= 0);
    ck_assert_int_eq(w.preferred_start, keel_leveled_early_start(p, s, w.task));
    keel_time covered = w.preferred_start;
    double minutes = 0;
    int unforced = 0;
    for (int k = 0; k < w.nblocks; k++) {
        keel_why_block b = keel_explanation_block(e, i, k);
        check_block(p, s, &w, &b);
        ck_assert_msg(b.at <= covered, "UID %d: starts before %lld not explained",
                      p->tasks[w.task].uid, (long long)b.at);
        covered = b.until > covered ? b.until : covered;
        minutes += b.minutes;
        unforced += b.resource < 0;
    }
    if (w.delay > 0)
        ck_assert_int_eq(covered, w.start);
    ck_assert_msg(fabs(minutes - (double)w.delay) < 1e-6 * (1 + (double)w.delay),
                  "blocks %.3f, delay %lld", minutes, (long long)w.delay);
    return unforced;
}

static void check_projects(const keel_portfolio *p, const keel_result *r,
                           const keel_explanation *e)
{
    for (int q = 0; q < p->nprojects; q++) {
        keel_why_project w = keel_explanation_project(e, q);
        ck_assert_int_eq(w.delay, keel_result_project_get(r, q).delay);
        double sum = 0, prev = INFINITY;
        for (int i = 0; i < w.nshares; i++) {
            keel_why_share sh = keel_explanation_share(e, q, i);
            ck_assert(sh.minutes <= prev); /* ranked */
            prev = sh.minutes;
            sum += sh.minutes;
            double held = 0;
            for (int h = 0; h < sh.nholders; h++)
                held += sh.holder_minutes[h];
            if (sh.resource >= 0)
                ck_assert(fabs(held - sh.minutes) < 1e-6 * (1 + sh.minutes));
        }
        ck_assert_msg(fabs(sum - (double)w.delay) < 1e-6 * (1 + (double)w.delay),
                      "%s: shares %.3f, delay %lld", p->projects[q].name, sum,
                      (long long)w.delay);
    }
}

/* Every check above on one result; returns the unforced blocks. */
static int check_all(const keel_portfolio *p, const keel_result *r, int *delayed)
{
    const keel_schedule *s = keel_result_schedule(r);
    keel_explanation *e = explain(p, s);
    int unforced = 0;
    for (int i = 0; i < keel_explanation_ntasks(e); i++) {
        unforced += check_task(p, s, e, i);
        *delayed += keel_explanation_task(e, i).delay > 0;
    }
    for (int t = 0; t < p->ntasks; t++)
        if (keel_explanation_find(e, t) >= 0)
            ck_assert_int_eq(keel_explanation_task(e, keel_explanation_find(e, t)).task,
                             t);
    check_projects(p, r, e);
    keel_explanation_free(e);
    return unforced;
}

/* ---------------------------------------------------------------- generated portfolios
 */

/* The MS Project-like serial pass alone (keel_level may start from a
 * parallel-SGS rule pass, which can leave a task later than it fits), as a
 * result summarised by keel_result_of_schedule. */
static keel_result *serial_pass(const keel_portfolio *p)
{
    keel_problem *P = NULL;
    keel_error err = {0};
    ck_assert(keel_problem_new(p, &P, &err) == KEEL_OK);
    keel_plan plan;
    ck_assert(keel_plan_init(&plan, P->njobs));
    keel_solve_options so = {.objective = KEEL_OBJ_WDELAY, .budget = 1};
    keel_rng rng;
    keel_rng_seed(&rng, 1, 0xfeed);
    keel_solve_result res;
    ck_assert(keel_solver_msp_standard(P, &so, &rng, NULL, &plan, &res, &err) == KEEL_OK);
    keel_schedule *s = keel_schedule_new(p->ntasks);
    for (int j = 0; j < P->njobs; j++) {
        s->start[P->task[j]] = plan.start[j];
        s->finish[P->task[j]] = plan.finish[j];
    }
    keel_schedule_roll_up(p, s);
    keel_result *r = NULL;
    ck_assert_msg(keel_result_of_schedule(p, s, NULL, &r, &err) == KEEL_OK, "%s",
                  err.message);
    keel_schedule_free(s);
    keel_plan_release(&plan);
    keel_problem_free(P);
    return r;
}

static const char *generator(void)
{
    const char *g = test_generator();
    if (g)
        return g;
    ck_abort_msg("no portfolio generator: set KEEL_GEN (make test does) or build "
                 "build/release/gen_portfolio");
    return NULL;
}

static keel_portfolio *generated(int seed, char *dir, size_t size)
{
    snprintf(dir, size, "%s/explain-gen-%d", test_tmpdir(), seed);
    char cmd[1024];
    snprintf(cmd, sizeof cmd,
             "rm -rf '%s' && %s --projects 5 --tasks 40 --resources 8 --team 5 --seed %d "
             "-o '%s' >/dev/null",
             dir, generator(), seed, dir);
    ck_assert_msg(system(cmd) == 0, "%s", cmd);
    char pf[1100];
    snprintf(pf, sizeof pf, "%s/portfolio.txt", dir);
    keel_load_options lo = {.portfolio_file = pf};
    return load(NULL, 0, &lo);
}

START_TEST(generated_claims_hold)
{
    char dir[512];
    keel_portfolio *p = generated(_i + 1, dir, sizeof dir);
    int delayed = 0;
    keel_result *r = serial_pass(p);
    /* a serial generator's schedule: no task could start earlier */
    ck_assert_int_eq(check_all(p, r, &delayed), 0);
    keel_result_free(r);
    r = level(p, "msp-standard", 1);
    check_all(p, r, &delayed);
    keel_result_free(r);
    r = level(p, "ga", 300);
    check_all(p, r, &delayed);
    keel_result_free(r);
    ck_assert_msg(delayed > 10, "too few delayed tasks (%d) to test anything", delayed);
    keel_portfolio_free(p);
}
END_TEST

/* What the files written say is what the result said. */
START_TEST(written_files_explain_the_same)
{
    char dir[512], out[600];
    keel_portfolio *p = generated(7, dir, sizeof dir);
    keel_result *r = level(p, "ga", 200);
    keel_error err = {0};
    snprintf(out, sizeof out, "%s/leveled", dir);
    ck_assert_msg(keel_result_write_mspdi(p, r, out, &err) == KEEL_OK, "%s", err.message);
    const char *files[8];
    char paths[8][700];
    for (int q = 0; q < p->nprojects; q++) {
        snprintf(paths[q], sizeof paths[q], "%s/%s", out, p->projects[q].name);
        files[q] = paths[q];
    }
    char pool[700];
    snprintf(pool, sizeof pool, "%s/resource-pool.xml", dir);
    keel_load_options lo = {.pool_file = pool};
    keel_portfolio *back = load(files, p->nprojects, &lo);
    keel_schedule *s = NULL;
    ck_assert(keel_schedule_from_input(back, &s, &err) == KEEL_OK);
    keel_explanation *a = explain(p, keel_result_schedule(r)), *b = explain(back, s);
    ck_assert_int_eq(keel_explanation_ntasks(a), keel_explanation_ntasks(b));
    for (int q = 0; q < p->nprojects; q++) {
        keel_why_project x = keel_explanation_project(a, q),
                         y = keel_explanation_project(b, q);
        ck_assert_int_eq(x.delay, y.delay);
        ck_assert_int_eq(x.nshares, y.nshares);
        for (int i = 0; i < x.nshares;
             i++) { /* resources by name: the order of loading differs */
            keel_why_share u = keel_explanation_share(a, q, i);
            bool found = false;
            for (int k = 0; k < y.nshares && !found; k++) {
                keel_why_share v = keel_explanation_share(b, q, k);
                found = u.resource < 0
                            ? v.resource == u.resource
                            : v.resource >= 0 &&
                                  strcmp(p->resources[u.resource].name,
                                         back->resources[v.resource].name) == 0;
                if (found)
                    ck_assert(fabs(u.minutes - v.minutes) < 1e-6 * (1 + u.minutes));
            }
            ck_assert(found);
        }
    }
    keel_explanation_free(a);
    keel_explanation_free(b);
    keel_schedule_free(s);
    keel_portfolio_free(back);
    keel_result_free(r);
    keel_portfolio_free(p);
}
END_TEST

/* ---------------------------------------------------------------- by hand */

/* First (priority 900) and Second (100) both need Ann full time on Monday;
 * After follows Second. Second waits a day for Ann, held by First; After
 * inherits that day; the project is a day late, all of it Ann's. */
static const char two_on_ann[] =
    "<?xml version=\"1.0\"?>\n<Project xmlns=\"http://schemas.microsoft.com/project\">\n"
    "<StartDate>2026-03-02T08:00:00</StartDate><Tasks>\n"
    "<Task><UID>1</UID><ID>1</ID><Name>First</Name><Priority>900</Priority>"
    "<Duration>PT8H0M0S</Duration></Task>\n"
    "<Task><UID>2</UID><ID>2</ID><Name>Second</Name><Priority>100</Priority>"
    "<Duration>PT8H0M0S</Duration></Task>\n"
    "<Task><UID>3</UID><ID>3</ID><Name>After</Name><Duration>PT8H0M0S</Duration>"
    "<PredecessorLink><PredecessorUID>2</PredecessorUID><Type>1</Type></"
    "PredecessorLink></Task>\n"
    "</Tasks><Resources><Resource><UID>1</UID><Name>Ann</Name><MaxUnits>1</MaxUnits>"
    "%s</Resource></Resources><Assignments>\n"
    "<Assignment><UID>1</UID><TaskUID>1</TaskUID><ResourceUID>1</ResourceUID><Units>1</"
    "Units>"
    "</Assignment>\n<Assignment><UID>2</UID><TaskUID>2</TaskUID><ResourceUID>1</"
    "ResourceUID>"
    "<Units>1</Units></Assignment>\n</Assignments></Project>\n";

static keel_portfolio *load_doc(const char *name, const char *extra)
{
    char text[4096], path[512];
    snprintf(text, sizeof text, two_on_ann, extra);
    const char *files[] = {test_write_file(name, text, path, sizeof path)};
    return load(files, 1, NULL);
}

static keel_time at(const char *iso)
{
    keel_time t = KEEL_TIME_NONE;
    ck_assert(keel_parse_datetime(iso, &t));
    return t;
}

START_TEST(by_hand)
{
    keel_portfolio *p = load_doc("explain_two.xml", "");
    keel_result *r = level(p, "msp-standard", 1);
    keel_explanation *e = explain(p, keel_result_schedule(r));
    ck_assert_int_eq(keel_explanation_ntasks(e), 2);
    keel_why_task second = keel_explanation_task(e, 0),
                  after = keel_explanation_task(e, 1);
    ck_assert_int_eq(second.task, 1);
    ck_assert_int_eq(second.delay, 480);
    ck_assert_int_eq(second.inherited, 0);
    ck_assert_int_eq(second.preferred_start, at("2026-03-02T08:00:00"));
    ck_assert_int_eq(second.nblocks, 1);
    keel_why_block b = keel_explanation_block(e, 0, 0);
    ck_assert_int_eq(b.resource, 0);
    ck_assert_int_eq(b.at, at("2026-03-02T08:00:00"));
    ck_assert_int_eq(b.until, at("2026-03-03T08:00:00"));
    ck_assert_int_eq(b.when, b.at);
    ck_assert(b.minutes == 480);
    ck_assert_int_eq(b.need, 1000);
    ck_assert_int_eq(b.capacity, 1000);
    ck_assert_int_eq(b.held, 1000);
    ck_assert_int_eq(b.nholders, 1);
    ck_assert_int_eq(b.holders[0], 0);
    ck_assert_int_eq(after.task, 2);
    ck_assert_int_eq(after.delay, 0);
    ck_assert_int_eq(after.inherited, 480);
    ck_assert_int_eq(after.driver, 1);
    ck_assert_int_eq(after.nblocks, 0);
    keel_why_project w = keel_explanation_project(e, 0);
    ck_assert_int_eq(w.delay, 480);
    ck_assert_int_eq(w.last_task, 2);
    ck_assert_int_eq(w.nshares, 1);
    keel_why_share sh = keel_explanation_share(e, 0, 0);
    ck_assert_int_eq(sh.resource, 0);
    ck_assert(sh.minutes == 480);
    ck_assert_int_eq(sh.nholders, 1);
    ck_assert_int_eq(sh.holder_projects[0], 0);
    /* out of range: zeroed, never a crash */
    ck_assert_int_eq(keel_explanation_task(e, 2).task, -1);
    ck_assert_int_eq(keel_explanation_block(e, 0, 1).nholders, 0);
    ck_assert_int_eq(keel_explanation_find(e, 0), -1);
    ck_assert_int_eq(keel_explanation_share(e, 0, 1).resource, 0);
    ck_assert_int_eq(keel_explanation_project(e, 1).last_task, -1);
    keel_explanation_free(e);
    keel_result_free(r);
    keel_portfolio_free(p);
}
END_TEST

/* Ann is away on Monday: First waits for her own capacity, with nobody to
 * name, and the delay is charged to Ann with no holding project. */
START_TEST(capacity_itself)
{
    keel_portfolio *p = load_doc(
        "explain_away.xml",
        "<AvailabilityPeriods><AvailabilityPeriod><AvailableFrom>2026-03-02T00:00:00"
        "</AvailableFrom><AvailableTo>2026-03-02T23:59:00</AvailableTo><AvailableUnits>0"
        "</AvailableUnits></AvailabilityPeriod><AvailabilityPeriod><AvailableFrom>"
        "2026-03-03T00:00:00</AvailableFrom><AvailableUnits>1</AvailableUnits>"
        "</AvailabilityPeriod></AvailabilityPeriods>");
    keel_result *r = level(p, "msp-standard", 1);
    keel_explanation *e = explain(p, keel_result_schedule(r));
    int i = keel_explanation_find(e, 0);
    ck_assert_int_ge(i, 0);
    keel_why_block b = keel_explanation_block(e, i, 0);
    ck_assert_int_eq(b.resource, 0);
    ck_assert_int_eq(b.capacity, 0);
    ck_assert_int_eq(b.nholders, 0);
    keel_why_share sh = keel_explanation_share(e, 0, 0);
    ck_assert_int_eq(sh.resource, 0);
    ck_assert_int_eq(sh.nholders, 2); /* First waited for Ann, Second for First */
    bool nobody = false;
    for (int h = 0; h < sh.nholders; h++)
        nobody = nobody || sh.holder_projects[h] == -1;
    ck_assert(nobody);
    int delayed = 0;
    check_all(p, r, &delayed);
    keel_explanation_free(e);
    keel_result_free(r);
    keel_portfolio_free(p);
}
END_TEST

START_TEST(bad_schedule)
{
    keel_portfolio *p = load_doc("explain_bad.xml", "");
    keel_schedule *s = NULL;
    keel_error err = {0};
    ck_assert(keel_schedule_from_input(p, &s, &err) == KEEL_OK);
    s->start[0] = KEEL_TIME_NONE;
    keel_explanation *e = (keel_explanation *)1;
    ck_assert_int_eq(keel_explain(p, s, &e, &err), KEEL_ERR_INVALID);
    ck_assert_ptr_null(e);
    ck_assert_msg(strstr(err.message, "explain_bad.xml") && strstr(err.message, "UID 1"),
                  "%s", err.message);
    keel_schedule_free(s);
    keel_portfolio_free(p);
}
END_TEST

Suite *suite_explain(void)
{
    Suite *s = suite_create("explain");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, by_hand);
    tcase_add_test(tc, capacity_itself);
    tcase_add_test(tc, bad_schedule);
    tcase_add_loop_test(tc, generated_claims_hold, 0, 3);
    tcase_add_test(tc, written_files_explain_the_same);
    suite_add_tcase(s, tc);
    return s;
}
