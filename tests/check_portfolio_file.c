/* SPDX-License-Identifier: GPL-3.0-or-later
 * Portfolio text file: parsing, errors with file:line, and applying settings
 * and cross-project links to a builder (MSPDI-like and research projects).
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/error.h"
#include "base/timefmt.h"
#include "model/model.h"
#include "read/mpsplib_read.h"
#include "read/portfolio_file.h"
#include "read/psplib_read.h"
#include "testutil.h"

static const char *const example = "# keel portfolio\n"
                                   "[project erp]            # name used in links\n"
                                   "file = erp.xml\n"
                                   "priority = 800           # 0..1000\n"
                                   "weight = 2.5\n"
                                   "release = 2025-01-06\n"
                                   "deadline = 2025-06-30T17:00\n"
                                   "\n"
                                   "; another comment style\n"
                                   "[project web]\n"
                                   "deadline = 2025-07-31\n"
                                   "[links]\n"
                                   "erp:12 -> web:3 FS +2d\n"
                                   "erp:12 -> web:4 SS -4h\n"
                                   "web:4 -> erp:13 3ed\n"
                                   "erp:12->web:5 FF 50%\n"
                                   "erp:13 -> web:5 1.5w\n"
                                   "web:3 -> erp:13 SF\n";

static keel_portfolio_file *parse_ok(const char *name, const char *text)
{
    keel_portfolio_file *pf = NULL;
    keel_error err;
    keel_status st = keel_portfolio_file_parse(name, text, strlen(text), &pf, &err);
    ck_assert_msg(st == KEEL_OK, "%s", err.message);
    return pf;
}

static void expect_error(const char *text, const char *prefix, const char *needle)
{
    keel_portfolio_file *pf = NULL;
    keel_error err;
    keel_error_clear(&err);
    keel_status st = keel_portfolio_file_parse("pf.txt", text, strlen(text), &pf, &err);
    ck_assert_msg(st == KEEL_ERR_PARSE, "no error for: %s", text);
    ck_assert_ptr_null(pf);
    ck_assert_msg(strncmp(err.message, prefix, strlen(prefix)) == 0,
                  "message '%s' does not start with '%s'", err.message, prefix);
    ck_assert_msg(strstr(err.message, needle), "message '%s' lacks '%s'", err.message,
                  needle);
}

START_TEST(parse_example)
{
    keel_portfolio_file *pf = parse_ok("plans/portfolio.txt", example);
    ck_assert_str_eq(pf->path, "plans/portfolio.txt");
    ck_assert_int_eq(pf->nprojects, 2);
    const keel_pfile_project *erp = &pf->projects[0], *web = &pf->projects[1];
    ck_assert_str_eq(erp->name, "erp");
    ck_assert_str_eq(erp->file, "plans/erp.xml");
    ck_assert_int_eq(erp->priority, 800);
    ck_assert(erp->weight == 2.5);
    keel_time t;
    ck_assert(keel_parse_datetime("2025-01-06T00:00", &t));
    ck_assert_int_eq(erp->release, t);
    ck_assert(!erp->release_periods);
    ck_assert(keel_parse_datetime("2025-06-30T17:00", &t));
    ck_assert_int_eq(erp->deadline, t);
    ck_assert_int_eq(erp->line, 2);
    ck_assert_ptr_null(web->file);
    ck_assert_int_eq(web->priority, -1);
    ck_assert(isnan(web->weight));
    ck_assert_int_eq(web->release, KEEL_TIME_NONE);
    ck_assert(keel_parse_datetime("2025-08-01", &t)); /* end of 2025-07-31 */
    ck_assert_int_eq(web->deadline, t);
    ck_assert_int_eq(pf->nlinks, 6);
    const keel_pfile_link *l = pf->links;
    ck_assert_int_eq(l[0].pred_project, 0);
    ck_assert_int_eq(l[0].pred_uid, 12);
    ck_assert_int_eq(l[0].succ_project, 1);
    ck_assert_int_eq(l[0].succ_uid, 3);
    ck_assert_int_eq(l[0].type, KEEL_LINK_FS);
    ck_assert_int_eq(l[0].lag_milli, 2000);
    ck_assert_int_eq(l[0].unit, KEEL_INI_DAYS);
    ck_assert(!l[0].elapsed);
    ck_assert_int_eq(l[0].line, 13);
    ck_assert_int_eq(l[1].type, KEEL_LINK_SS);
    ck_assert_int_eq(l[1].lag_milli, -4000);
    ck_assert_int_eq(l[1].unit, KEEL_INI_HOURS);
    ck_assert_int_eq(l[2].type, KEEL_LINK_FS);
    ck_assert(l[2].elapsed);
    ck_assert_int_eq(l[2].unit, KEEL_INI_DAYS);
    ck_assert_int_eq(l[3].type, KEEL_LINK_FF);
    ck_assert_int_eq(l[3].unit, KEEL_INI_PERCENT);
    ck_assert_int_eq(l[3].lag_milli, 50000);
    ck_assert_int_eq(l[4].lag_milli, 1500);
    ck_assert_int_eq(l[5].type, KEEL_LINK_SF);
    ck_assert_int_eq(l[5].lag_milli, 0);
    ck_assert_int_eq(keel_portfolio_file_find(pf, "web"), 1);
    ck_assert_int_eq(keel_portfolio_file_find(pf, "nope"), -1);
    keel_portfolio_file_free(pf);
    /* empty and comment-only files are valid and empty */
    pf = parse_ok("e.txt", "");
    ck_assert_int_eq(pf->nprojects + pf->nlinks, 0);
    keel_portfolio_file_free(pf);
    pf = parse_ok("e.txt", "# nothing\r\n   \n[links]\n");
    keel_portfolio_file_free(pf);
}
END_TEST

START_TEST(parse_errors)
{
    expect_error("[project a]\n[links]\na:1 -> foo:2\n",
                 "pf.txt:3:", "link: unknown project 'foo'");
    expect_error("[project a]\nfile = x\nowner = me\n",
                 "pf.txt:3:", "unknown key 'owner'");
    expect_error("[project a]\n[project a]\n", "pf.txt:2:", "section given twice");
    expect_error("[project a]\npriority = 1001\n", "pf.txt:2:", "0..1000");
    expect_error("[project a]\npriority = high\n", "pf.txt:2:", "0..1000");
    expect_error("[project a]\nweight = -1\n", "pf.txt:2:", "weight");
    expect_error("[project a]\nweight = nan\n", "pf.txt:2:", "weight");
    expect_error("[project a]\nrelease = 2025-02-30\n", "pf.txt:2:", "not a date");
    expect_error("[project a]\ndeadline =\n", "pf.txt:2:", "no value");
    expect_error("[project a]\nweight = 1\nweight = 2\n", "pf.txt:3:", "given twice");
    expect_error("file = a.xml\n", "pf.txt:1:", "outside a [project] section");
    expect_error("[project a]\njust words\n", "pf.txt:2:", "expected 'key = value'");
    expect_error("[projects]\n", "pf.txt:1:", "unknown section");
    expect_error("[project a b]\n", "pf.txt:1:", "project name");
    expect_error("[project ]\n", "pf.txt:1:", "unknown section");
    expect_error("[project a\n", "pf.txt:1:", "section header");
    expect_error("[project a]\n[links]\na:1 -> a:2 FS +2x\n", "pf.txt:3:", "'+2x'");
    expect_error("[project a]\n[links]\na:1 -> a:2 +2d FS\n", "pf.txt:3:", "'FS'");
    expect_error("[project a]\n[links]\na:1 -> a:2 FS 2d 3d\n",
                 "pf.txt:3:", "unexpected '3d'");
    expect_error("[project a]\n[links]\na:1 -> a:2 2.1234d\n", "pf.txt:3:", "2.1234d");
    expect_error("[project a]\n[links]\na:1 -> a:2 99999999999999d\n",
                 "pf.txt:3:", "lag");
    expect_error("[project a]\n[links]\na:1 a:2\n", "pf.txt:3:", "expected 'PROJECT:UID");
    expect_error("[project a]\n[links]\na:x -> a:2\n", "pf.txt:3:", "not a task UID");
    expect_error("[project a]\n[links]\na -> a:2\n", "pf.txt:3:", "not PROJECT:UID");
    expect_error("[project a]\n[links]\na:1 ->\n", "pf.txt:3:", "no successor");
    expect_error("[project a]\n[links]\na:1 -> a:1\n", "pf.txt:3:", "own predecessor");
    expect_error("[project a]\n[links]\na:99999999999 -> a:1\n", "pf.txt:3:", "UID");
    char nul[] = "[project a]\nfile = x\0y\n";
    keel_portfolio_file *pf = NULL;
    keel_error err;
    ck_assert_int_eq(keel_portfolio_file_parse("pf.txt", nul, sizeof nul - 1, &pf, &err),
                     KEEL_ERR_PARSE);
    ck_assert_msg(strstr(err.message, "pf.txt:2:"), "%s", err.message);
    ck_assert_int_eq(keel_portfolio_file_read("/nonexistent/pf.txt", &pf, &err),
                     KEEL_ERR_IO);
    ck_assert_ptr_null(pf);
}
END_TEST

/* Two MSPDI-like projects built by hand: erp.xml (UIDs 12, 13) and web.xml
 * (UIDs 3, 4, 5), 8-hour days. */
static void build_two(keel_builder *b)
{
    ck_assert(keel_builder_init(b));
    const char *names[2] = {"erp.xml", "web.xml"},
               *files[2] = {"plans/erp.xml", "web.xml"};
    const int32_t uids[2][3] = {{12, 13, -1}, {3, 4, 5}};
    for (int p = 0; p < 2; p++) {
        keel_project pr = {.name = names[p],
                           .file = files[p],
                           .calendar = -1,
                           .status_date = KEEL_TIME_NONE,
                           .deadline = KEEL_TIME_NONE,
                           .priority = 500,
                           .weight = 1,
                           .minutes_per_day = 480,
                           .minutes_per_week = 2400,
                           .days_per_month = 20,
                           .first_task = (int)b->tasks.len};
        for (int i = 0; i < 3 && uids[p][i] >= 0; i++) {
            keel_task t = {.project = p,
                           .uid = uids[p][i],
                           .name = "t",
                           .duration = 960,
                           .total_duration = 960};
            ck_assert(KEEL_VEC_PUSH(&b->tasks, t));
            pr.ntasks++;
        }
        ck_assert(KEEL_VEC_PUSH(&b->projects, pr));
    }
}

START_TEST(apply_mspdi)
{
    keel_builder b;
    keel_error err;
    build_two(&b);
    keel_portfolio_file *pf = parse_ok("plans/portfolio.txt", example);
    keel_status st = keel_portfolio_file_apply(pf, &b, &err);
    ck_assert_msg(st == KEEL_OK, "%s", err.message);
    const keel_project *erp = &b.projects.data[0], *web = &b.projects.data[1];
    ck_assert_int_eq(erp->priority, 800);
    ck_assert(erp->weight == 2.5);
    ck_assert_int_eq(erp->start, pf->projects[0].release);
    ck_assert_int_eq(erp->deadline, pf->projects[0].deadline);
    ck_assert_int_eq(web->priority, 500);
    ck_assert_int_eq(web->deadline, pf->projects[1].deadline);
    ck_assert_uint_eq(b.links.len, 6);
    const keel_link *l = b.links.data;
    /* erp:12 is task 0, erp:13 task 1, web:3 task 2, web:4 task 3, web:5 task 4 */
    ck_assert_int_eq(l[0].pred, 0);
    ck_assert_int_eq(l[0].succ, 2);
    ck_assert_int_eq(l[0].lag, 960); /* +2d of 480 minutes */
    ck_assert_int_eq(l[0].lag_kind, KEEL_LAG_WORK);
    ck_assert_int_eq(l[0].line, 13);
    ck_assert_int_eq(l[1].lag, -240);
    ck_assert_int_eq(l[2].pred, 3);
    ck_assert_int_eq(l[2].succ, 1);
    ck_assert_int_eq(l[2].lag, 3 * 1440);
    ck_assert_int_eq(l[2].lag_kind, KEEL_LAG_ELAPSED);
    ck_assert_int_eq(l[3].lag, 480); /* 50 % of 960 */
    ck_assert_int_eq(l[3].type, KEEL_LINK_FF);
    ck_assert_int_eq(l[4].lag, 3600); /* 1.5 weeks of 2400 */
    ck_assert_int_eq(l[5].type, KEEL_LINK_SF);
    keel_portfolio_file_free(pf);
    keel_builder_release(&b);
}
END_TEST

static void expect_apply_error(const char *text, const char *prefix, const char *needle)
{
    keel_builder b;
    keel_error err;
    build_two(&b);
    keel_portfolio_file *pf = parse_ok("pf.txt", text);
    keel_status st = keel_portfolio_file_apply(pf, &b, &err);
    ck_assert_msg(st == KEEL_ERR_PARSE, "no error for: %s", text);
    ck_assert_msg(strncmp(err.message, prefix, strlen(prefix)) == 0,
                  "message '%s' does not start with '%s'", err.message, prefix);
    ck_assert_msg(strstr(err.message, needle), "message '%s' lacks '%s'", err.message,
                  needle);
    /* nothing changed */
    ck_assert_uint_eq(b.links.len, 0);
    ck_assert_int_eq(b.projects.data[0].priority, 500);
    ck_assert_int_eq(b.projects.data[1].priority, 500);
    keel_portfolio_file_free(pf);
    keel_builder_release(&b);
}

START_TEST(apply_errors)
{
    expect_apply_error("[project erp]\npriority = 1\n[project web]\npriority = 2\n"
                       "[links]\nerp:12 -> web:3\nerp:99 -> web:3\n",
                       "pf.txt:7:", "project 'erp' has no task with UID 99");
    expect_apply_error("[project erp]\npriority=1\n[project crm]\n",
                       "pf.txt:3:", "project 'crm': no loaded project is named crm");
    expect_apply_error("[project x]\nfile = other/erp2.xml\n",
                       "pf.txt:1:", "no loaded project has file other/erp2.xml");
    expect_apply_error("[project erp]\npriority = 1\nrelease = 12\n",
                       "pf.txt:3:", "give a date");
    expect_apply_error("[project erp]\n[project e2]\nfile = elsewhere/erp.xml\n",
                       "pf.txt:2:", "the same loaded project");
}
END_TEST

START_TEST(apply_research)
{
    keel_builder b;
    keel_error err;
    ck_assert(keel_builder_init(&b));
    ck_assert_int_eq(
        keel_mpsplib_read("instances/mpsplib/mp_j30_a2_nr1.xml", &b, NULL, &err),
        KEEL_OK);
    size_t nlinks = b.links.len;
    keel_portfolio_file *pf =
        parse_ok("pf.txt", "[project p1:j3015_5]\npriority = 900\ndeadline = 80\n"
                           "[project p2:j3015_5]\nrelease = 3\nweight = 0\n"
                           "[links]\np1:j3015_5:32 -> p2:j3015_5:1 FS 2m\n");
    ck_assert_int_eq(keel_portfolio_file_apply(pf, &b, &err), KEEL_OK);
    ck_assert_int_eq(b.projects.data[0].priority, 900);
    ck_assert_int_eq(b.projects.data[0].deadline, 80);
    ck_assert_int_eq(b.projects.data[1].start, 3);
    ck_assert(b.projects.data[1].weight == 0);
    ck_assert_uint_eq(b.links.len, nlinks + 1);
    const keel_link *l = &b.links.data[nlinks];
    ck_assert_int_eq(l->pred, 31);
    ck_assert_int_eq(l->succ, 32);
    ck_assert_int_eq(l->lag, 2);
    keel_portfolio *p = NULL;
    keel_status st = keel_model_finish(&b, &p, &err);
    ck_assert_msg(st == KEEL_OK, "%s", err.message);
    keel_portfolio_free(p);
    keel_builder_release(&b);
    keel_portfolio_file_free(pf);

    /* dates are refused for research instances; a project matches by name
     * without extension */
    ck_assert(keel_builder_init(&b));
    ck_assert_int_eq(
        keel_psplib_read("instances/psplib/j30/j301_1.sm", &b, NULL, NULL, &err),
        KEEL_OK);
    pf = parse_ok("pf.txt", "[project j301_1]\nrelease = 2025-01-01\n");
    ck_assert_int_eq(keel_portfolio_file_apply(pf, &b, &err), KEEL_ERR_PARSE);
    ck_assert_msg(strstr(err.message, "pf.txt:2:") && strstr(err.message, "periods"),
                  "%s", err.message);
    keel_portfolio_file_free(pf);
    keel_builder_release(&b);
}
END_TEST

START_TEST(read_file)
{
    char path[512];
    test_write_file("keel_portfolio.txt", example, path, sizeof path);
    keel_portfolio_file *pf = NULL;
    keel_error err;
    ck_assert_int_eq(keel_portfolio_file_read(path, &pf, &err), KEEL_OK);
    char want[600];
    snprintf(want, sizeof want, "%s/erp.xml", test_tmpdir());
    ck_assert_str_eq(pf->projects[0].file, want);
    keel_portfolio_file_free(pf);
}
END_TEST

START_TEST(mutations)
{
    /* Byte substitutions never crash or leak. */
    size_t n = strlen(example);
    char text[2048];
    const char subst[] = "[]:#=\n-> 9%";
    for (size_t i = 0; i < n; i++)
        for (size_t s = 0; s < sizeof subst - 1; s++) {
            memcpy(text, example, n);
            text[i] = subst[s];
            keel_portfolio_file *pf = NULL;
            keel_error err;
            keel_status st = keel_portfolio_file_parse("m.txt", text, n, &pf, &err);
            ck_assert(st == KEEL_OK || st == KEEL_ERR_PARSE);
            if (st == KEEL_OK) {
                keel_builder b;
                build_two(&b);
                st = keel_portfolio_file_apply(pf, &b, &err);
                ck_assert(st == KEEL_OK || st == KEEL_ERR_PARSE);
                keel_builder_release(&b);
            }
            keel_portfolio_file_free(pf);
        }
}
END_TEST

START_TEST(example_file)
{
    /* The shipped example portfolio parses as documented. */
    keel_portfolio_file *pf = NULL;
    keel_error err;
    keel_status st =
        keel_portfolio_file_read("instances/example/portfolio.txt", &pf, &err);
    ck_assert_msg(st == KEEL_OK, "%s", err.message);
    ck_assert_int_eq(pf->nprojects, 3);
    ck_assert_str_eq(pf->projects[0].name, "erp");
    ck_assert_str_eq(pf->projects[0].file, "instances/example/erp-upgrade.xml");
    ck_assert_int_eq(pf->projects[2].priority, 300);
    ck_assert_int_eq(pf->nlinks, 2);
    ck_assert_int_eq(pf->links[1].pred_project, 2);
    ck_assert_int_eq(pf->links[1].pred_uid, 16);
    ck_assert_int_eq(pf->links[1].lag_milli, 1000);
    ck_assert_int_eq(pf->links[1].unit, KEEL_INI_DAYS);
    keel_portfolio_file_free(pf);
}
END_TEST

Suite *suite_portfolio_file(void)
{
    Suite *s = suite_create("portfolio_file");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, parse_example);
    tcase_add_test(tc, parse_errors);
    tcase_add_test(tc, apply_mspdi);
    tcase_add_test(tc, apply_errors);
    tcase_add_test(tc, apply_research);
    tcase_add_test(tc, read_file);
    tcase_add_test(tc, example_file);
    tcase_add_test(tc, mutations);
    suite_add_tcase(s, tc);
    return s;
}
