/* SPDX-License-Identifier: GPL-3.0-or-later
 * Elapsed durations and lags as MS Project computes them: every elapsed and
 * estimated-elapsed DurationFormat runs round the clock (PT24H0M0S in elapsed
 * days is Wednesday 08:00 to Thursday 08:00, nights and weekends included),
 * elapsed and elapsed-percent lags are clock time; leveling keeps that, the
 * verifier agrees, and the writer leaves Duration and DurationFormat alone.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "analysis/cpm.h"
#include "analysis/verify.h"
#include "base/readfile.h"
#include "base/timefmt.h"
#include "run/level.h"
#include "testutil.h"

/* Wednesday 2009-03-25 08:00 on the default Standard calendar (no <Calendars>). */
#define HEAD                                                                              \
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"                                        \
    "<Project xmlns=\"http://schemas.microsoft.com/project\">\n"                         \
    "<StartDate>2009-03-25T08:00:00</StartDate>\n<Tasks>\n"
#define TASK(uid, dur, fmt, more)                                                         \
    "<Task><UID>" #uid "</UID><ID>" #uid "</ID><Name>T" #uid "</Name>"                  \
    "<OutlineLevel>1</OutlineLevel><Duration>" dur "</Duration>"                         \
    "<DurationFormat>" #fmt "</DurationFormat>" more "</Task>\n"
#define LINK(pred, lag, fmt)                                                              \
    "<PredecessorLink><PredecessorUID>" #pred "</PredecessorUID><Type>1</Type>"         \
    "<LinkLag>" #lag "</LinkLag><LagFormat>" #fmt "</LagFormat></PredecessorLink>"

static const char *const doc =
    HEAD
    TASK(1, "PT24H0M0S", 8, "")                       /* 1ed */
    TASK(2, "PT8H0M0S", 7, LINK(1, 0, 7))             /* 1d after T1 */
    TASK(3, "PT168H0M0S", 42, "")                     /* 1ew? (estimated) */
    TASK(4, "PT1H0M0S", 6, LINK(2, 14400, 8))         /* 1eh, one elapsed day after T2 */
    TASK(5, "PT8H0M0S", 7, LINK(1, 50, 20))           /* 1d, 50 % elapsed of T1 after */
    TASK(6, "PT720H0M0S", 12, "")                     /* 1emo */
    TASK(7, "PT48H0M0S", 40, LINK(4, 0, 7))           /* 2ed?, over the weekend */
    TASK(8, "PT0H30M0S", 36, "")                      /* 30em? */
    TASK(9, "PT16H0M0S", 7, LINK(3, 0, 7))            /* working, after a week */
    "</Tasks>\n"
    "<Resources><Resource><UID>1</UID><ID>1</ID><Name>Crew</Name><Type>1</Type>"
    "<MaxUnits>1</MaxUnits></Resource></Resources>\n"
    "<Assignments>"
    "<Assignment><UID>1</UID><TaskUID>1</TaskUID><ResourceUID>1</ResourceUID>"
    "<Units>1</Units></Assignment>"
    "<Assignment><UID>2</UID><TaskUID>3</TaskUID><ResourceUID>1</ResourceUID>"
    "<Units>1</Units></Assignment>"
    "</Assignments>\n</Project>\n";

START_TEST(elapsed_durations_run_round_the_clock)
{
    char path[512];
    keel_portfolio *p = test_load_file(test_write_file("elapsed.xml", doc, path, sizeof path));
    keel_cpm *c = NULL;
    keel_error err = {0};
    ck_assert(keel_cpm_run(p, &c, &err) == KEEL_OK);
    static const struct {
        int uid;
        const char *start, *finish;
    } want[] = {
        {1, "2009-03-25T08:00:00", "2009-03-26T08:00:00"}, /* MS Project's own dates */
        {2, "2009-03-26T08:00:00", "2009-03-26T17:00:00"},
        {3, "2009-03-25T08:00:00", "2009-04-01T08:00:00"},
        {4, "2009-03-27T17:00:00", "2009-03-27T18:00:00"}, /* Thu 17:00 + 24 h */
        {5, "2009-03-27T08:00:00", "2009-03-27T17:00:00"}, /* Thu 08:00 + 12 h, snapped */
        {6, "2009-03-25T08:00:00", "2009-04-24T08:00:00"},
        {7, "2009-03-27T18:00:00", "2009-03-29T18:00:00"}, /* Friday to Sunday */
        {8, "2009-03-25T08:00:00", "2009-03-25T08:30:00"},
        {9, "2009-04-01T08:00:00", "2009-04-02T17:00:00"},
    };
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        int t = test_task_of(p, want[i].uid);
        ASSERT_AT(c->es[t], want[i].start);
        ASSERT_AT(c->ef[t], want[i].finish);
    }
    ck_assert_int_eq(keel_portfolio_nwarnings(p), 0);
    keel_cpm_free(c);
    keel_portfolio_free(p);
}
END_TEST

/* The text of the first <name> inside the <Task> with UID uid in xml. */
static void task_field(const char *xml, int uid, const char *name, char *out, size_t size)
{
    char key[64], open[64];
    snprintf(key, sizeof key, "<UID>%d</UID>", uid);
    snprintf(open, sizeof open, "<%s>", name);
    const char *t = strstr(xml, key), *end = t ? strstr(t, "</Task>") : NULL;
    const char *f = t ? strstr(t, open) : NULL;
    ck_assert_msg(f && f < end, "task %d has no %s", uid, name);
    f += strlen(open);
    size_t n = (size_t)(strchr(f, '<') - f);
    ck_assert(n < size);
    memcpy(out, f, n);
    out[n] = '\0';
}

START_TEST(leveled_elapsed_tasks_verify_and_keep_their_duration)
{
    char path[512], dir[512], out[600];
    keel_portfolio *p = test_load_file(test_write_file("elapsed.xml", doc, path, sizeof path));
    static const char *solvers[] = {"msp-standard", "ga", "ilp-lns"};
    for (int i = 0; i < 3; i++) {
        keel_options o;
        keel_options_init(&o);
        snprintf(o.solvers, sizeof o.solvers, "%s", solvers[i]);
        o.schedules = 200;
        keel_result *r = NULL;
        keel_error err = {0};
        ck_assert_msg(keel_level(p, &o, &r, &err) == KEEL_OK, "%s", err.message);
        const keel_schedule *s = keel_result_schedule(r);
        int t1 = test_task_of(p, 1), t3 = test_task_of(p, 3);
        /* one crew: the two elapsed tasks no longer overlap, and each still
         * lasts its clock time */
        ck_assert(s->finish[t1] <= s->start[t3] || s->finish[t3] <= s->start[t1]);
        ck_assert_int_eq(s->finish[t1] - s->start[t1], 1440);
        ck_assert_int_eq(s->finish[t3] - s->start[t3], 7 * 1440);
        snprintf(dir, sizeof dir, "%s/elapsed-out", test_tmpdir());
        ck_assert_msg(keel_result_write_mspdi(p, r, dir, &err) == KEEL_OK, "%s", err.message);
        snprintf(out, sizeof out, "%s/elapsed.xml", dir);
        char *xml = NULL;
        size_t len = 0;
        ck_assert(keel_file_read(out, 1 << 20, &xml, &len, &err) == KEEL_OK);
        char v[64];
        task_field(xml, 3, "Duration", v, sizeof v);
        ck_assert_str_eq(v, "PT168H0M0S");
        task_field(xml, 3, "DurationFormat", v, sizeof v);
        ck_assert_str_eq(v, "42");
        free(xml);
        /* what was written verifies as it stands */
        keel_portfolio *q = test_load_file(out);
        keel_schedule *in = NULL;
        keel_conflicts *k = NULL;
        ck_assert(keel_schedule_from_input(q, &in, &err) == KEEL_OK);
        ck_assert(keel_verify(q, in, &k, &err) == KEEL_OK);
        ck_assert_int_eq(keel_conflicts_count(k), 0);
        for (int t = 0; t < keel_portfolio_ntasks(q); t++) {
            ck_assert_int_eq(keel_schedule_start(in, t), s->start[t]);
            ck_assert_int_eq(keel_schedule_finish(in, t), s->finish[t]);
        }
        keel_conflicts_free(k);
        keel_schedule_free(in);
        keel_portfolio_free(q);
        keel_result_free(r);
    }
    keel_portfolio_free(p);
}
END_TEST

Suite *suite_elapsed(void)
{
    Suite *s = suite_create("elapsed");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, elapsed_durations_run_round_the_clock);
    tcase_add_test(tc, leveled_elapsed_tasks_verify_and_keep_their_duration);
    suite_add_tcase(s, tc);
    return s;
}
