/* SPDX-License-Identifier: GPL-3.0-or-later
 * MPSPLIB reader: real instances (projects, global vs local resources,
 * arrivals), every instance through keel_model_finish, and bad XML.
 */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "model/model.h"
#include "read/mpsplib_read.h"
#include "testutil.h"

#define MPDIR "instances/mpsplib/"

static keel_builder b;

static void setup(void)
{
    ck_assert(keel_builder_init(&b));
}

static void teardown(void)
{
    keel_builder_release(&b);
}

static int find_res(const char *name)
{
    for (size_t r = 0; r < b.resources.len; r++)
        if (strcmp(b.resources.data[r].name, name) == 0) return (int)r;
    return -1;
}

START_TEST(a2_nr1)
{
    keel_error err;
    keel_mpsplib_info info;
    keel_status st = keel_mpsplib_read(MPDIR "mp_j30_a2_nr1.xml", &b, &info, &err);
    ck_assert_msg(st == KEEL_OK, "%s", err.message);
    ck_assert_str_eq(info.name, "mp_j30_a2_nr1");
    ck_assert_int_eq(info.first_project, 0);
    ck_assert_int_eq(info.nprojects, 2);
    ck_assert_int_eq(info.nresources, 4);
    ck_assert_int_eq(info.nglobal, 2);
    ck_assert_int_eq(info.first_global, 0);
    ck_assert(b.research);
    /* the same .sm twice: distinct projects and tasks */
    ck_assert_uint_eq(b.projects.len, 2);
    ck_assert_str_eq(b.projects.data[0].name, "p1:j3015_5");
    ck_assert_str_eq(b.projects.data[1].name, "p2:j3015_5");
    ck_assert_str_eq(b.projects.data[1].file, MPDIR "KolischInstanzen/j30/j3015_5.sm");
    ck_assert_int_eq(b.projects.data[1].first_task, 32);
    ck_assert_uint_eq(b.tasks.len, 64);
    ck_assert_int_eq(b.tasks.data[40].project, 1);
    /* 2 global (32, 62) + 2 local per project (25, 25 from the .sm) */
    ck_assert_uint_eq(b.resources.len, 6);
    ck_assert_int_eq(find_res("G1"), 0);
    ck_assert_int_eq(b.resources.data[0].max_units, 32 * KEEL_UNITS_ONE);
    ck_assert_int_eq(b.resources.data[find_res("G2")].max_units, 62 * KEEL_UNITS_ONE);
    ck_assert_int_eq(find_res("G3"), -1);
    const char *local[] = {"j3015_5#1:R3", "j3015_5#1:R4", "j3015_5#2:R3",
                           "j3015_5#2:R4"};
    for (int i = 0; i < 4; i++) {
        int r = find_res(local[i]);
        ck_assert_msg(r >= 0, "%s missing", local[i]);
        ck_assert_int_eq(b.resources.data[r].max_units, 25 * KEEL_UNITS_ONE);
    }
    /* every assignment of project 2 draws on G1/G2 or on its own locals */
    int r23 = find_res("j3015_5#2:R3"), r24 = find_res("j3015_5#2:R4");
    for (size_t i = 0; i < b.assignments.len; i++) {
        const keel_assignment *a = &b.assignments.data[i];
        if (b.tasks.data[a->task].project == 1)
            ck_assert(a->resource <= 1 || a->resource == r23 || a->resource == r24);
    }
    keel_portfolio *p = NULL;
    st = keel_model_finish(&b, &p, &err);
    ck_assert_msg(st == KEEL_OK, "%s", err.message);
    ck_assert_int_eq(p->nprojects, 2);
    keel_portfolio_free(p);
}
END_TEST

START_TEST(arrivals)
{
    keel_error err;
    keel_mpsplib_info info;
    ck_assert_int_eq(keel_mpsplib_read(MPDIR "mp_j120_a2_nr2.xml", &b, &info, &err),
                     KEEL_OK);
    ck_assert_int_eq(info.nglobal, 1);
    ck_assert_uint_eq(b.resources.len, 1 + 2 * 3);
    ck_assert_str_eq(b.projects.data[0].name, "p1:j12058_10");
    ck_assert_int_eq(b.projects.data[0].start, 0);
    ck_assert_int_eq(b.projects.data[1].start, 5);
    ck_assert_int_eq(b.projects.data[1].ntasks, 122);
}
END_TEST

START_TEST(all_instances)
{
    DIR *d = opendir(MPDIR);
    ck_assert_ptr_nonnull(d);
    int n = 0;
    for (struct dirent *e; (e = readdir(d));) {
        size_t len = strlen(e->d_name);
        if (strncmp(e->d_name, "mp_", 3) != 0 || len < 5 ||
            strcmp(e->d_name + len - 4, ".xml"))
            continue;
        char path[512];
        snprintf(path, sizeof path, MPDIR "%s", e->d_name);
        keel_builder bb;
        keel_error err;
        keel_mpsplib_info info;
        ck_assert(keel_builder_init(&bb));
        keel_status st = keel_mpsplib_read(path, &bb, &info, &err);
        ck_assert_msg(st == KEEL_OK, "%s", err.message);
        /* aN in the name is the project count */
        const char *a = strstr(e->d_name, "_a");
        ck_assert_int_eq(info.nprojects, atoi(a + 2));
        ck_assert_int_eq(strncmp(info.name, e->d_name, len - 4), 0);
        keel_portfolio *p = NULL;
        st = keel_model_finish(&bb, &p, &err);
        ck_assert_msg(st == KEEL_OK, "%s: %s", path, err.message);
        ck_assert_int_eq(p->nresources,
                         info.nglobal + info.nprojects * (4 - info.nglobal));
        keel_portfolio_free(p);
        keel_builder_release(&bb);
        n++;
    }
    closedir(d);
    ck_assert_int_eq(n, 24);
}
END_TEST

/* Parses text as if it were instances/mpsplib/t.xml (so .sm paths resolve). */
static void expect_error(const char *text, keel_status want, const char *prefix,
                         const char *needle)
{
    keel_error err;
    keel_error_clear(&err);
    keel_status st =
        keel_mpsplib_parse(MPDIR "t.xml", text, strlen(text), &b, NULL, &err);
    ck_assert_msg(st == want, "status %d for: %s (%s)", st, text, err.message);
    ck_assert_msg(strncmp(err.message, prefix, strlen(prefix)) == 0,
                  "message '%s' does not start with '%s'", err.message, prefix);
    ck_assert_msg(strstr(err.message, needle), "message '%s' lacks '%s'", err.message,
                  needle);
    ck_assert_uint_eq(b.projects.len, 0);
    ck_assert_uint_eq(b.resources.len, 0);
    ck_assert_uint_eq(b.tasks.len, 0);
}

#define HEAD "<mp-list>\n<mp>\n<name>t</name>\n<project-list>\n"
#define PROJ(f, s) "<project><filename>" f "</filename><start>" s "</start></project>\n"
#define J "KolischInstanzen/j30/j3015_5.sm"
#define RES4                                                                             \
    "</project-list>\n<resources><resource>3</resource><resource>0</resource>"           \
    "<resource>0</resource><resource>0</resource></resources>\n</mp>\n</mp-list>\n"

START_TEST(bad_input)
{
    /* sanity: the template is valid */
    keel_error err;
    const char *ok = HEAD PROJ(J, "4") RES4;
    ck_assert_int_eq(keel_mpsplib_parse(MPDIR "t.xml", ok, strlen(ok), &b, NULL, &err),
                     KEEL_OK);
    ck_assert_int_eq(b.projects.data[0].start, 4);
    keel_builder_release(&b);
    ck_assert(keel_builder_init(&b));

    expect_error(HEAD PROJ("KolischInstanzen/j30/nope.sm", "0") RES4, KEEL_ERR_IO,
                 MPDIR "t.xml:5:",
                 "project 1: " MPDIR "KolischInstanzen/j30/nope.sm: cannot open");
    expect_error(HEAD PROJ(J, "0") PROJ(J, "x") RES4, KEEL_ERR_PARSE,
                 MPDIR "t.xml:6:", "'x' is not an integer");
    expect_error(HEAD PROJ(J, "-1") RES4, KEEL_ERR_PARSE,
                 MPDIR "t.xml:5:", "not an integer");
    expect_error(HEAD PROJ(J, "99999999999999999999") RES4, KEEL_ERR_PARSE,
                 MPDIR "t.xml:5:", "not an integer");
    expect_error(HEAD "<project><filename>" J "</filename></project>\n" RES4,
                 KEEL_ERR_PARSE, MPDIR "t.xml:5:", "<start> is missing");
    expect_error(HEAD PROJ(J, "0") "</project-list>\n<resources><resource>3</resource>"
                                   "</resources></mp></mp-list>",
                 KEEL_ERR_PARSE,
                 MPDIR "t.xml:5:", "has 4 resources, <resources> lists 1");
    expect_error(HEAD PROJ(J, "0") "</project-list>\n</mp></mp-list>", KEEL_ERR_PARSE,
                 MPDIR "t.xml:2:", "<resources> is missing");
    expect_error(HEAD RES4, KEEL_ERR_PARSE, MPDIR "t.xml:2:", "no <project>");
    expect_error(HEAD PROJ(J, "0") "<bogus/>" RES4, KEEL_ERR_PARSE,
                 MPDIR "t.xml:6:", "unexpected element <bogus>");
    expect_error(HEAD PROJ(J, "0"), KEEL_ERR_PARSE, MPDIR "t.xml:", "XML:");
    expect_error("<Project/>", KEEL_ERR_PARSE, MPDIR "t.xml:1:", "not <mp-list>");
    expect_error("", KEEL_ERR_PARSE, MPDIR "t.xml:1:", "empty file");
    expect_error("garbage", KEEL_ERR_PARSE, MPDIR "t.xml:1:", "XML:");
    expect_error("<mp-list><mp/><mp/></mp-list>", KEEL_ERR_PARSE,
                 MPDIR "t.xml:1:", "more than one <mp>");
    /* an external entity is neither fetched nor expanded */
    expect_error(
        "<!DOCTYPE mp-list [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n" HEAD PROJ(
            J, "&x;") RES4,
        KEEL_ERR_PARSE, MPDIR "t.xml:6:", "entity references");
    /* a .sm error is reported in the .sm */
    char path[512], xml[1024];
    test_write_file("keel_bad.sm", "projects : 1\n", path, sizeof path);
    snprintf(xml, sizeof xml, HEAD PROJ("%s", "0") RES4, path);
    expect_error(xml, KEEL_ERR_PARSE, path, "is missing");
    ck_assert_int_eq(keel_mpsplib_read("instances/mpsplib/none.xml", &b, NULL, &err),
                     KEEL_ERR_IO);
}
END_TEST

START_TEST(mutations)
{
    /* Byte substitutions of a small valid file never crash or leak. */
    const char *ok = HEAD PROJ(J, "4") RES4;
    size_t n = strlen(ok);
    char text[1024];
    const char subst[] = "<>/&9 x";
    for (size_t i = 0; i < n; i++)
        for (size_t s = 0; s < sizeof subst - 1; s++) {
            memcpy(text, ok, n);
            text[i] = subst[s];
            keel_builder bb;
            keel_error err;
            ck_assert(keel_builder_init(&bb));
            keel_status st = keel_mpsplib_parse(MPDIR "t.xml", text, n, &bb, NULL, &err);
            ck_assert(st == KEEL_OK || st == KEEL_ERR_PARSE || st == KEEL_ERR_IO);
            keel_builder_release(&bb);
        }
}
END_TEST

Suite *suite_mpsplib(void)
{
    Suite *s = suite_create("mpsplib");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, a2_nr1);
    tcase_add_test(tc, arrivals);
    tcase_add_test(tc, all_instances);
    tcase_add_test(tc, bad_input);
    tcase_add_test(tc, mutations);
    suite_add_tcase(s, tc);
    return s;
}
