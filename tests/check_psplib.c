/* SPDX-License-Identifier: GPL-3.0-or-later
 * PSPLIB reader: real instances, and bad input that must give a parse error
 * with file:line (never a crash or a leak).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "model/model.h"
#include "read/psplib_read.h"
#include "testutil.h"

#define J301 "instances/psplib/j30/j301_1.sm"

static keel_builder b;

static void setup(void)
{
    ck_assert(keel_builder_init(&b));
}

static void teardown(void)
{
    keel_builder_release(&b);
}

/* A minimal valid instance; tests break it in one place. */
static const char *const small = "projects                      :  1\n"
                                 "jobs (incl. supersource/sink ):  4\n"
                                 "horizon                       :  5\n"
                                 "RESOURCES\n"
                                 "  - renewable                 :  2   R\n"
                                 "  - nonrenewable              :  0   N\n"
                                 "  - doubly constrained        :  0   D\n"
                                 "****\n"
                                 "PROJECT INFORMATION:\n"
                                 "pronr.  #jobs rel.date duedate tardcost  MPM-Time\n"
                                 "    1     2      0       3       1       3\n"
                                 "****\n"
                                 "PRECEDENCE RELATIONS:\n"
                                 "jobnr.    #modes  #successors   successors\n"
                                 "   1        1          2           2   3\n"
                                 "   2        1          1           4\n"
                                 "   3        1          1           4\n"
                                 "   4        1          0\n"
                                 "****\n"
                                 "REQUESTS/DURATIONS:\n"
                                 "jobnr. mode duration  R 1  R 2\n"
                                 "------------------------------\n"
                                 "  1      1     0       0    0\n"
                                 "  2      1     3       2    0\n"
                                 "  3      1     2       1    1\n"
                                 "  4      1     0       0    0\n"
                                 "****\n"
                                 "RESOURCEAVAILABILITIES:\n"
                                 "  R 1  R 2\n"
                                 "    2    1\n"
                                 "****\n";

/* Replaces the first occurrence of `from` in small by `to` and parses it. */
static keel_status parse_edit(const char *from, const char *to, keel_error *err)
{
    char text[4096];
    const char *at = strstr(small, from);
    ck_assert_ptr_nonnull(at);
    snprintf(text, sizeof text, "%.*s%s%s", (int)(at - small), small, to,
             at + strlen(from));
    keel_psplib *in = NULL;
    keel_status st = keel_psplib_parse("t.sm", text, strlen(text), &in, err);
    if (st == KEEL_OK)
        ck_assert_ptr_nonnull(in);
    else
        ck_assert_ptr_null(in);
    keel_psplib_free(in);
    return st;
}

static void expect_error(const char *from, const char *to, const char *prefix,
                         const char *needle)
{
    keel_error err;
    keel_error_clear(&err);
    keel_status st = parse_edit(from, to, &err);
    ck_assert_msg(st == KEEL_ERR_PARSE, "expected a parse error for '%s'", to);
    ck_assert_msg(strncmp(err.message, prefix, strlen(prefix)) == 0,
                  "message '%s' does not start with '%s'", err.message, prefix);
    ck_assert_msg(strstr(err.message, needle), "message '%s' lacks '%s'", err.message,
                  needle);
    ck_assert_int_gt(err.line, 0);
}

START_TEST(j301_1)
{
    keel_error err;
    int project = -2;
    int64_t mpm = -1;
    keel_status st = keel_psplib_read(J301, &b, &project, &mpm, &err);
    ck_assert_msg(st == KEEL_OK, "%s", err.message);
    ck_assert_int_eq(project, 0);
    ck_assert_int_eq(mpm, 38);
    ck_assert(b.research);
    ck_assert_uint_eq(b.projects.len, 1);
    const keel_project *p = &b.projects.data[0];
    ck_assert_str_eq(p->name, "j301_1.sm");
    ck_assert_str_eq(p->file, J301);
    ck_assert_int_eq(p->start, 0);
    ck_assert_int_eq(p->priority, 500);
    ck_assert(p->weight == 1.0);
    ck_assert_int_eq(p->first_task, 0);
    ck_assert_int_eq(p->ntasks, 32);
    ck_assert_uint_eq(b.tasks.len, 32);
    ck_assert_uint_eq(b.calendar_defs.len, 1);
    ck_assert_str_eq(b.calendar_defs.data[p->calendar].name, "continuous");
    for (int d = 0; d < 7; d++) {
        ck_assert(b.calendar_defs.data[0].week[d].working);
        ck_assert_int_eq(b.calendar_defs.data[0].week[d].spans[0].to, 1440);
    }
    /* R1..R4 with capacities 12 13 4 12 */
    ck_assert_uint_eq(b.resources.len, 4);
    const int cap[4] = {12, 13, 4, 12};
    for (int k = 0; k < 4; k++) {
        char name[16];
        snprintf(name, sizeof name, "R%d", k + 1);
        ck_assert_str_eq(b.resources.data[k].name, name);
        ck_assert_int_eq(b.resources.data[k].max_units, cap[k] * KEEL_UNITS_ONE);
        ck_assert(b.resources.data[k].can_level);
        ck_assert_int_eq(b.resources.data[k].type, KEEL_RES_WORK);
        ck_assert_int_eq(b.resources.data[k].calendar, -1);
    }
    /* job 1: source, job 2: duration 8 demanding 4 of R1, job 32: sink */
    const keel_task *t = b.tasks.data;
    ck_assert_int_eq(t[0].uid, 1);
    ck_assert(t[0].milestone);
    ck_assert_int_eq(t[0].duration, 0);
    ck_assert_str_eq(t[1].name, "job 2");
    ck_assert_int_eq(t[1].id, 2);
    ck_assert_int_eq(t[1].duration, 8);
    ck_assert(!t[1].milestone);
    ck_assert_int_eq(t[1].parent, -1);
    ck_assert_int_eq(t[1].outline_level, 1);
    ck_assert_int_eq(t[1].constraint, KEEL_ASAP);
    ck_assert(t[1].start == KEEL_TIME_NONE && t[1].constraint_date == KEEL_TIME_NONE);
    ck_assert_int_eq(t[1].task_calendar, -1);
    ck_assert_int_eq(t[12].duration, 6);  /* job 13: 6, 4 of R1 */
    ck_assert_int_eq(t[15].duration, 10); /* job 16: 10, 5 of R4 */
    ck_assert(t[31].milestone);
    /* links: job 1 -> 2 3 4 first; every link is FS 0 and forward */
    ck_assert_uint_eq(b.links.len, 48);
    ck_assert_int_eq(b.links.data[0].pred, 0);
    ck_assert_int_eq(b.links.data[0].succ, 1);
    for (size_t i = 0; i < b.links.len; i++) {
        ck_assert_int_eq(b.links.data[i].type, KEEL_LINK_FS);
        ck_assert_int_eq(b.links.data[i].lag, 0);
        ck_assert_int_lt(b.links.data[i].pred, b.links.data[i].succ);
    }
    /* demands of jobs 2, 13 and 16 */
    int found = 0;
    for (size_t i = 0; i < b.assignments.len; i++) {
        const keel_assignment *a = &b.assignments.data[i];
        ck_assert_int_gt(a->units, 0);
        if (a->task == 1 && a->resource == 0 && a->units == 4000) found++;
        if (a->task == 12 && a->resource == 0 && a->units == 4000) found++;
        if (a->task == 15 && a->resource == 3 && a->units == 5000) found++;
        ck_assert_int_ne(a->task, 0);
        ck_assert_int_ne(a->task, 31);
    }
    ck_assert_int_eq(found, 3);
}
END_TEST

START_TEST(j120_instance)
{
    keel_psplib *in = NULL;
    keel_error err;
    keel_status st = keel_psplib_load("instances/psplib/j120/j1201_1.sm", &in, &err);
    ck_assert_msg(st == KEEL_OK, "%s", err.message);
    ck_assert_int_eq(in->njobs, 122);
    ck_assert_int_eq(in->nres, 4);
    ck_assert_int_gt(in->mpm_time, 0);
    ck_assert_int_eq(in->succ_start[0], 0);
    keel_psplib_free(in);
}
END_TEST

START_TEST(all_j30_parse)
{
    /* Every j30 instance parses, has 32 jobs and numbering is topological. */
    for (int par = 1; par <= 48; par++)
        for (int inst = 1; inst <= 10; inst++) {
            char path[128];
            snprintf(path, sizeof path, "instances/psplib/j30/j30%d_%d.sm", par, inst);
            keel_psplib *in = NULL;
            keel_error err;
            ck_assert_msg(keel_psplib_load(path, &in, &err) == KEEL_OK, "%s",
                          err.message);
            ck_assert_int_eq(in->njobs, 32);
            for (int j = 0; j < in->njobs; j++)
                for (int i = in->succ_start[j]; i < in->succ_start[j + 1]; i++)
                    ck_assert_int_gt(in->succ[i], j);
            keel_psplib_free(in);
        }
}
END_TEST

START_TEST(small_ok)
{
    keel_psplib *in = NULL;
    keel_error err;
    ck_assert_int_eq(keel_psplib_parse("t.sm", small, strlen(small), &in, &err), KEEL_OK);
    ck_assert_int_eq(in->njobs, 4);
    ck_assert_int_eq(in->nres, 2);
    ck_assert_int_eq(in->horizon, 5);
    ck_assert_int_eq(in->mpm_time, 3);
    ck_assert_int_eq(in->capacity[0], 2);
    ck_assert_int_eq(in->demand[2 * 2 + 1], 1);
    ck_assert_int_eq(in->prec_line[0], 15);
    ck_assert_int_eq(in->req_line[3], 26);
    ck_assert_int_eq(in->avail_line, 30);
    /* Added twice with a map: the second project reuses resource 0. */
    int p1, p2;
    ck_assert_int_eq(keel_psplib_add(in, &b, NULL, &p1, &err), KEEL_OK);
    int map[2] = {0, -1};
    keel_psplib_add_opts o = {.project_name = "second",
                              .start = 7,
                              .resource_map = map,
                              .resource_prefix = "x:"};
    ck_assert_int_eq(keel_psplib_add(in, &b, &o, &p2, &err), KEEL_OK);
    ck_assert_int_eq(p2, 1);
    ck_assert_uint_eq(b.resources.len, 3);
    ck_assert_str_eq(b.resources.data[2].name, "x:R2");
    ck_assert_str_eq(b.projects.data[1].name, "second");
    ck_assert_int_eq(b.projects.data[1].start, 7);
    ck_assert_int_eq(b.projects.data[1].first_task, 4);
    ck_assert_int_eq(b.projects.data[1].calendar, b.projects.data[0].calendar);
    ck_assert_uint_eq(b.calendar_defs.len, 1);
    ck_assert_uint_eq(b.links.len, 8);
    ck_assert_int_eq(b.links.data[4].pred, 4);
    ck_assert_uint_eq(b.assignments.len, 6);
    ck_assert_int_eq(b.assignments.data[5].resource, 2); /* job 3 of the 2nd, R2 */
    map[0] = 99;
    ck_assert_int_eq(keel_psplib_add(in, &b, &o, &p2, &err), KEEL_ERR_INVALID);
    ck_assert_uint_eq(b.projects.len, 2);
    keel_psplib_free(in);
    /* CRLF line endings are fine */
    char crlf[4096];
    size_t n = 0;
    for (const char *c = small; *c; c++) {
        if (*c == '\n') crlf[n++] = '\r';
        crlf[n++] = *c;
    }
    ck_assert_int_eq(keel_psplib_parse("crlf.sm", crlf, n, &in, &err), KEEL_OK);
    keel_psplib_free(in);
}
END_TEST

START_TEST(bad_input)
{
    expect_error("PRECEDENCE RELATIONS:\n"
                 "jobnr.    #modes  #successors   successors\n"
                 "   1        1          2           2   3\n"
                 "   2        1          1           4\n"
                 "   3        1          1           4\n"
                 "   4        1          0\n",
                 "", "t.sm:25:", "section PRECEDENCE RELATIONS is missing");
    expect_error("PRECEDENCE RELATIONS:", "PRECEDENCE:", "t.sm:13:", "unexpected text");
    expect_error("RESOURCEAVAILABILITIES:\n  R 1  R 2\n    2    1\n", "",
                 "t.sm:28:", "RESOURCEAVAILABILITIES is missing");
    expect_error("   2        1          1           4\n",
                 "   2        3          1           4\n", "t.sm:16:", "3 modes");
    expect_error("   2        1          1           4\n",
                 "   2        1          1           9\n",
                 "t.sm:16:", "successor 9 does not exist");
    expect_error("   2        1          1           4\n",
                 "   2        1          1           2\n", "t.sm:16:", "own successor");
    expect_error("   1        1          2           2   3\n",
                 "   1        1          2           2   2\n",
                 "t.sm:15:", "listed twice");
    expect_error("   1        1          2           2   3\n",
                 "   1        1          3           2   3\n",
                 "t.sm:15:", "3 successors declared, 2 listed");
    expect_error("   1        1          2           2   3\n",
                 "   1        1          2           2   3 4\n",
                 "t.sm:15:", "more successors");
    expect_error("   3        1          1           4\n",
                 "   5        1          1           4\n",
                 "t.sm:17:", "job 5 where job 3");
    expect_error("   3        1          1           4\n   4        1          0\n",
                 "   3        1          1           4\n", "t.sm:19:", "3 of 4 jobs");
    expect_error("jobs (incl. supersource/sink ):  4",
                 "jobs (incl. supersource/sink ):  1000000000",
                 "t.sm:2:", "out of range");
    expect_error("jobs (incl. supersource/sink ):  4",
                 "jobs (incl. supersource/sink ):  99999", "t.sm:2:", "cannot fit");
    expect_error("jobs (incl. supersource/sink ):  4",
                 "jobs (incl. supersource/sink ):  99999999999999999999999",
                 "t.sm:2:", "too large");
    expect_error("jobs (incl. supersource/sink ):  4\n", "",
                 "t.sm:8:", "must come first");
    expect_error("  3      1     2       1    1\n",
                 "  3      1     2000000000       1    1\n", "t.sm:25:", "out of range");
    expect_error("  3      1     2       1    1\n", "  3      1     2       1\n",
                 "t.sm:25:", "too short");
    expect_error("  3      1     2       1    1\n",
                 "  3      1     2       1    1    1\n", "t.sm:25:", "extra");
    expect_error("  3      1     2       1    1\n", "  3      1     -2       1    1\n",
                 "t.sm:25:", "'-2'");
    expect_error("  3      1     2       1    1\n", "  3      2     2       1    1\n",
                 "t.sm:25:", "mode 2");
    expect_error("    2    1\n", "    2    x\n", "t.sm:30:", "found 'x'");
    expect_error("  - nonrenewable              :  0",
                 "  - nonrenewable              :  2", "t.sm:6:", "single-mode");
    expect_error("    1     2      0       3       1       3\n",
                 "    1     5      0       3       1       3\n", "t.sm:11:", "#jobs");
    expect_error("REQUESTS/DURATIONS:\n", "PRECEDENCE RELATIONS:\n",
                 "t.sm:20:", "appears twice");
    expect_error("  4      1     0       0    0\n",
                 "  4      1     0       0    0\nnoise\n", "t.sm:27:", "unexpected text");
}
END_TEST

START_TEST(truncated_and_empty)
{
    keel_error err;
    keel_psplib *in = NULL;
    /* Every prefix of a valid file is an error, none crashes. */
    size_t n = strlen(small);
    for (size_t len = 0; len + 6 < n; len++) {
        keel_status st = keel_psplib_parse("cut.sm", small, len, &in, &err);
        ck_assert_msg(st == KEEL_ERR_PARSE, "prefix %zu parsed", len);
        ck_assert_ptr_null(in);
        ck_assert_msg(strncmp(err.message, "cut.sm:", 7) == 0, "%s", err.message);
        ck_assert_int_gt(err.line, 0);
    }
    ck_assert_int_eq(keel_psplib_parse("empty.sm", "", 0, &in, &err), KEEL_ERR_PARSE);
    ck_assert_str_eq(err.message, "empty.sm:1: empty file, not a PSPLIB instance");
    char path[512];
    test_write_file("keel_empty.sm", "", path, sizeof path);
    ck_assert_int_eq(keel_psplib_read(path, &b, NULL, NULL, &err), KEEL_ERR_PARSE);
    ck_assert_uint_eq(b.projects.len, 0);
    ck_assert_int_eq(
        keel_psplib_read("instances/psplib/nonexistent.sm", &b, NULL, NULL, &err),
        KEEL_ERR_IO);
    ck_assert_msg(strstr(err.message, "nonexistent.sm: cannot open"), "%s", err.message);
    /* binary junk with NULs */
    char junk[300];
    for (size_t i = 0; i < sizeof junk; i++)
        junk[i] = (char)(i * 37 + 11);
    ck_assert_int_eq(keel_psplib_parse("junk.sm", junk, sizeof junk, &in, &err),
                     KEEL_ERR_PARSE);
    /* a second PSPLIB file into the same builder is refused */
    ck_assert_int_eq(keel_psplib_read(J301, &b, NULL, NULL, &err), KEEL_OK);
    ck_assert_int_eq(keel_psplib_read(J301, &b, NULL, NULL, &err), KEEL_ERR_PARSE);
    ck_assert_uint_eq(b.projects.len, 1);
}
END_TEST

START_TEST(mutations)
{
    /* Flip bytes of a valid file: the parser must answer, never crash or leak. */
    char text[4096];
    size_t n = strlen(small);
    const char subst[] = "0 9\n*-:x\r";
    for (size_t i = 0; i < n; i++)
        for (size_t s = 0; s < sizeof subst - 1; s++) {
            memcpy(text, small, n);
            text[i] = subst[s];
            keel_psplib *in = NULL;
            keel_error err;
            keel_status st = keel_psplib_parse("m.sm", text, n, &in, &err);
            ck_assert(st == KEEL_OK || st == KEEL_ERR_PARSE);
            if (st == KEEL_OK) {
                keel_builder bb;
                ck_assert(keel_builder_init(&bb));
                ck_assert_int_eq(keel_psplib_add(in, &bb, NULL, NULL, &err), KEEL_OK);
                keel_builder_release(&bb);
            }
            keel_psplib_free(in);
        }
}
END_TEST

START_TEST(finish_model)
{
    /* Through keel_model_finish: a valid portfolio, and a cycle is reported. */
    keel_error err;
    keel_portfolio *pf = NULL;
    ck_assert_int_eq(keel_psplib_read(J301, &b, NULL, NULL, &err), KEEL_OK);
    keel_status st = keel_model_finish(&b, &pf, &err);
    ck_assert_msg(st == KEEL_OK, "%s", err.message);
    ck_assert(pf->research);
    ck_assert_int_eq(pf->nprojects, 1);
    ck_assert_int_eq(pf->ntasks, 32);
    ck_assert_int_eq(pf->nresources, 4);
    ck_assert_int_eq(pf->nleaves, 32);
    ck_assert_int_eq(pf->topo[0], 0);
    ck_assert(pf->calendars[pf->tasks[5].calendar].continuous);
    keel_portfolio_free(pf);

    char text[4096];
    const char *from = "   4        1          0\n";
    const char *at = strstr(small, from);
    snprintf(text, sizeof text, "%.*s   4        1          1           2\n%s",
             (int)(at - small), small, at + strlen(from));
    keel_psplib *in = NULL;
    ck_assert_int_eq(keel_psplib_parse("cyc.sm", text, strlen(text), &in, &err), KEEL_OK);
    keel_builder c;
    ck_assert(keel_builder_init(&c));
    ck_assert_int_eq(keel_psplib_add(in, &c, NULL, NULL, &err), KEEL_OK);
    ck_assert_int_eq(keel_model_finish(&c, &pf, &err), KEEL_ERR_CYCLE);
    ck_assert_ptr_null(pf);
    keel_builder_release(&c);
    keel_psplib_free(in);
}
END_TEST

Suite *suite_psplib(void)
{
    Suite *s = suite_create("psplib");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, j301_1);
    tcase_add_test(tc, j120_instance);
    tcase_add_test(tc, all_j30_parse);
    tcase_add_test(tc, small_ok);
    tcase_add_test(tc, bad_input);
    tcase_add_test(tc, truncated_and_empty);
    tcase_add_test(tc, mutations);
    tcase_add_test(tc, finish_model);
    suite_add_tcase(s, tc);
    return s;
}
