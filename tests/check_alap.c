/* SPDX-License-Identifier: GPL-3.0-or-later
 * As Late As Possible tasks through leveling and writing. Hand-made files on
 * the default Standard calendar from Monday 2025-01-13 08:00, each with one
 * best schedule, so the dates are known: leveling never puts an ALAP task
 * before its resource-free place (MS Project's leveling only delays), moves it
 * up to a successor that leveling delayed, and where the capacity holds it
 * earlier the written LevelingDelay counts back from its late start. The
 * written files read back with the dates written and verify; the delays
 * re-derive every start (docs/mspdi.md §4). Generated portfolios full of ALAP
 * tasks level with every solver and verify.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "analysis/cpm.h"
#include "analysis/leveled.h"
#include "analysis/verify.h"
#include "base/timefmt.h"
#include "run/level.h"
#include "testutil.h"

#define HEAD                                                                              \
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"                                        \
    "<Project xmlns=\"http://schemas.microsoft.com/project\">\n"                         \
    "<StartDate>2025-01-13T08:00:00</StartDate>\n<Tasks>\n"
/* A task of `hours` working hours; more: constraint, priority, links. */
#define TASK(uid, hours, more)                                                            \
    "<Task><UID>" #uid "</UID><ID>" #uid "</ID><Name>T" #uid "</Name>"                  \
    "<OutlineLevel>1</OutlineLevel><Duration>PT" #hours "H0M0S</Duration>"               \
    "<DurationFormat>7</DurationFormat><LevelingDelay>0</LevelingDelay>"                 \
    "<LevelingDelayFormat>8</LevelingDelayFormat>" more "</Task>\n"
#define ALAP "<ConstraintType>1</ConstraintType>"
#define LINK(pred)                                                                        \
    "<PredecessorLink><PredecessorUID>" #pred "</PredecessorUID><Type>1</Type>"         \
    "</PredecessorLink>"
#define CREW                                                                              \
    "</Tasks>\n<Resources><Resource><UID>1</UID><ID>1</ID><Name>Crew</Name>"             \
    "<Type>1</Type><MaxUnits>1</MaxUnits></Resource></Resources>\n<Assignments>"
#define USES(uid)                                                                         \
    "<Assignment><UID>" #uid "</UID><TaskUID>" #uid "</TaskUID><ResourceUID>1"          \
    "</ResourceUID><Units>1</Units></Assignment>"
#define TAIL "</Assignments>\n</Project>\n"

typedef struct want {
    int uid;
    const char *start;
} want;

static keel_result *level(const keel_portfolio *p, const char *solvers)
{
    keel_options o;
    keel_options_init(&o);
    o.schedules = 400;
    o.seed = 3;
    if (solvers)
        snprintf(o.solvers, sizeof o.solvers, "%s", solvers);
    keel_result *r = NULL;
    keel_error err = {0};
    ck_assert_msg(keel_level(p, &o, &r, &err) == KEEL_OK, "%s", err.message);
    return r;
}

/* The written file's dates are the leveled ones, it verifies, and every
 * leaf's start follows from what was written: an ASAP leaf's from its
 * predecessors plus its delay, an ALAP leaf's from its late start plus its
 * delay (never before its predecessors). Returns the ALAP delays' sum. */
static int64_t written_reads_back(const keel_portfolio *p, const keel_result *r,
                                  const char *name)
{
    char dir[512], path[600];
    snprintf(dir, sizeof dir, "%s/alap-%s", test_tmpdir(), name);
    mkdir(dir, 0777);
    keel_error err = {0};
    ck_assert_msg(keel_result_write_mspdi(p, r, dir, &err) == KEEL_OK, "%s", err.message);
    snprintf(path, sizeof path, "%s/%s.xml", dir, name);
    keel_portfolio *q = test_load_file(path);
    keel_schedule *back = keel_schedule_new(q->ntasks);
    const keel_schedule *s = keel_result_schedule(r);
    for (int t = 0; t < q->ntasks; t++) {
        int u = test_task_of(p, q->tasks[t].uid);
        ck_assert(q->tasks[t].start == s->start[u] && q->tasks[t].finish == s->finish[u]);
        back->start[t] = q->tasks[t].start;
        back->finish[t] = q->tasks[t].finish;
    }
    keel_conflicts *c = NULL;
    ck_assert(keel_verify(q, back, &c, &err) == KEEL_OK);
    ck_assert_int_eq(keel_conflicts_failures(c), 0);
    keel_leveled *lv = NULL;
    ck_assert(keel_leveled_compute(q, back, NULL, &lv, &err) == KEEL_OK);
    int64_t sum = 0;
    for (int t = 0; t < q->ntasks; t++) {
        const keel_task *x = &q->tasks[t];
        if (x->summary)
            continue;
        keel_time e = keel_leveled_early_start(q, back, t), at;
        if (x->constraint == KEEL_ALAP) {
            at = keel_alap_start(q, t, e, lv->task[t].ls + x->leveling_delay);
            sum += x->leveling_delay;
        } else {
            at = keel_task_snap_start(q, t, e + x->leveling_delay);
        }
        ck_assert_msg(at == x->start, "%s UID %d: start %lld, read back %lld", name,
                      x->uid, (long long)x->start, (long long)at);
    }
    keel_leveled_free(lv);
    keel_conflicts_free(c);
    keel_schedule_free(back);
    keel_portfolio_free(q);
    return sum;
}

/* The file <tmp>/<name>.xml holding doc, loaded. */
static keel_portfolio *load_doc(const char *name, const char *doc)
{
    char file[64], path[512];
    snprintf(file, sizeof file, "%s.xml", name);
    return test_load_file(test_write_file(file, doc, path, sizeof path));
}

/* Levels p: the leaves of w start as given, the project ends at finish, the
 * written file reads back with ALAP delays adding up to `delays`. */
static void level_case(const keel_portfolio *p, const char *name, const want *w, int n,
                       const char *finish, int64_t delays)
{
    keel_result *r = level(p, NULL);
    const keel_schedule *s = keel_result_schedule(r);
    for (int i = 0; i < n; i++)
        ASSERT_AT(s->start[test_task_of(p, w[i].uid)], w[i].start);
    ASSERT_AT(keel_result_project_get(r, 0).finish, finish);
    ck_assert_int_eq(written_reads_back(p, r, name), delays);
    keel_result_free(r);
}

/* T3 waits for the crew until T1 is done; the ALAP order T2 goes with it,
 * right before it (where nothing but the post-search pass puts it). */
static const char *const follows_doc =
    HEAD TASK(1, 16, "") TASK(2, 8, ALAP) TASK(3, 8, LINK(2))
    CREW USES(1) USES(3) TAIL;

START_TEST(alap_follows_a_delayed_successor)
{
    keel_portfolio *p = load_doc("follows", follows_doc);
    keel_cpm *c = NULL;
    keel_error err = {0};
    ck_assert(keel_cpm_run(p, &c, &err) == KEEL_OK);
    ASSERT_AT(c->es[test_task_of(p, 2)], "2025-01-13T08:00:00"); /* T3 has Tuesday */
    ASSERT_AT(c->es[test_task_of(p, 3)], "2025-01-14T08:00:00");
    keel_cpm_free(c);
    static const want w[] = {{1, "2025-01-13T08:00:00"}, {2, "2025-01-14T08:00:00"},
                             {3, "2025-01-15T08:00:00"}};
    level_case(p, "follows", w, 3, "2025-01-15T17:00:00", 0); /* T2 at its late dates */
    keel_portfolio_free(p);
}
END_TEST

/* T2's place is Friday (just before T3, after T1 and T0); the crew is busy
 * with T1 then, and leveling does not bring T2 forward into the free Monday
 * and Tuesday: it goes after T1, and T3 after it. */
static const char *const not_earlier_doc =
    HEAD TASK(4, 16, "") TASK(1, 24, LINK(4)) TASK(2, 8, ALAP) TASK(3, 8, LINK(1) LINK(2))
    CREW USES(1) USES(2) TAIL;

START_TEST(alap_never_before_its_place)
{
    keel_portfolio *p = load_doc("not_earlier", not_earlier_doc);
    static const want w[] = {{4, "2025-01-13T08:00:00"}, {1, "2025-01-15T08:00:00"},
                             {2, "2025-01-20T08:00:00"}, {3, "2025-01-21T08:00:00"}};
    level_case(p, "not_earlier", w, 4, "2025-01-21T17:00:00", 0);
    keel_portfolio_free(p);
}
END_TEST

/* The crew is Thursday and Friday with T5 (priority 1000, Start No Earlier
 * Than Thursday), so T3 waits until Monday; T2 could follow it only into T5's
 * days and stays on Wednesday, its place. T3 carries the delay, so T2 is at
 * its late dates (its predecessors bind to T3's start less its delay). */
static const char *const held_doc =
    HEAD TASK(1, 24, "") TASK(2, 8, ALAP) TASK(3, 8, LINK(1) LINK(2)) TASK(7, 8, LINK(3))
    TASK(5, 16, "<Priority>1000</Priority><ConstraintType>4</ConstraintType>"
                "<ConstraintDate>2025-01-16T08:00:00</ConstraintDate>")
    CREW USES(2) USES(3) USES(5) TAIL;

START_TEST(alap_held_by_capacity)
{
    keel_portfolio *p = load_doc("held", held_doc);
    static const want w[] = {{1, "2025-01-13T08:00:00"}, {2, "2025-01-15T08:00:00"},
                             {5, "2025-01-16T08:00:00"}, {3, "2025-01-20T08:00:00"},
                             {7, "2025-01-21T08:00:00"}};
    level_case(p, "held", w, 5, "2025-01-21T17:00:00", 0);
    keel_portfolio_free(p);
}
END_TEST

/* Seven crew days make the project end Tuesday 21st; T2 (crew) sits at its
 * place, Thursday, right before T6, which now has slack: by the late dates
 * T2 would be on Monday 20th, so its delay is four elapsed days back. */
static const char *const slack_doc =
    HEAD TASK(1, 40, "") TASK(2, 8, ALAP) TASK(6, 8, LINK(2)) TASK(3, 24, "")
    TASK(4, 24, "")
    CREW USES(2) USES(3) USES(4) TAIL;

START_TEST(alap_before_a_successor_with_slack)
{
    keel_portfolio *p = load_doc("slack", slack_doc);
    static const want w[] = {{1, "2025-01-13T08:00:00"}, {2, "2025-01-16T08:00:00"},
                             {6, "2025-01-17T08:00:00"}};
    level_case(p, "slack", w, 3, "2025-01-21T17:00:00", -4 * 1440);
    keel_portfolio_free(p);
}
END_TEST

/* ---------------------------------------------------------------- generated */

static const char *generator(void)
{
    const char *g = test_generator();
    return g ? g : "build/release/gen_portfolio";
}

/* A portfolio where one leaf in five is ALAP, leveled by each solver: every
 * result verifies, no ALAP task starts before its resource-free place or
 * after what its successors allow, and the written files read back. */
START_TEST(generated_alap_portfolios_level)
{
    char dir[512], cmd[1200], pf[600];
    snprintf(dir, sizeof dir, "%s/alap-gen", test_tmpdir());
    snprintf(cmd, sizeof cmd, "%s --projects 3 --tasks 40 --resources 9 --seed 5 "
             "--features all,alap=20 -o %s > /dev/null", generator(), dir);
    ck_assert_int_eq(system(cmd), 0);
    snprintf(pf, sizeof pf, "%s/portfolio.txt", dir);
    keel_load_options lo = {.portfolio_file = pf};
    keel_portfolio *p = NULL;
    keel_error err = {0};
    ck_assert_msg(keel_portfolio_load(NULL, 0, &lo, &p, &err) == KEEL_OK, "%s",
                  err.message);
    keel_cpm *c = NULL;
    ck_assert(keel_cpm_run(p, &c, &err) == KEEL_OK);
    static const char *const mixes[] = {"msp-standard", "ga", "sampling", "ilp-lns"};
    int alap = 0, tight = 0;
    for (size_t m = 0; m < sizeof mixes / sizeof *mixes; m++) {
        keel_result *r = level(p, mixes[m]);
        const keel_schedule *s = keel_result_schedule(r);
        ck_assert_int_eq(keel_conflicts_failures(keel_result_conflicts(r)), 0);
        for (int t = 0; t < p->ntasks; t++) {
            const keel_task *x = &p->tasks[t];
            if (x->summary || x->constraint != KEEL_ALAP || x->fixed)
                continue;
            alap++;
            ck_assert_msg(s->start[t] >= c->es[t], "UID %d before its place", x->uid);
            keel_time latest = INT64_MAX;
            for (int k = p->succ_start[t]; k < p->succ_start[t + 1]; k++) {
                const keel_link *l = &p->links[p->succ_link[k]];
                if (l->type == KEEL_LINK_FS && l->lag == 0 && s->start[l->succ] < latest)
                    latest = s->start[l->succ];
            }
            const keel_calendar *cal = keel_task_cal(p, t);
            tight += keel_calendar_work_between(cal, s->finish[t], latest) == 0;
        }
        keel_result_free(r);
    }
    ck_assert_int_gt(alap, 40);
    ck_assert_int_gt(tight, 0); /* some sit right before a successor */
    keel_cpm_free(c);
    keel_portfolio_free(p);
}
END_TEST

Suite *suite_alap(void)
{
    Suite *s = suite_create("alap");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, alap_follows_a_delayed_successor);
    tcase_add_test(tc, alap_never_before_its_place);
    tcase_add_test(tc, alap_held_by_capacity);
    tcase_add_test(tc, alap_before_a_successor_with_slack);
    tcase_add_test(tc, generated_alap_portfolios_level);
    suite_add_tcase(s, tc);
    return s;
}
