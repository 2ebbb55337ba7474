/* SPDX-License-Identifier: GPL-3.0-or-later
 * The portfolio file's uncertainty (read/portfolio_file.c): the per-project
 * key, [uncertainty] lines by task-name pattern and their precedence, the
 * pattern matcher, and every malformed form with its file:line message.
 */
#include <check.h>
#include <string.h>

#include "model/model.h"
#include "read/portfolio_file.h"

static keel_portfolio_file *parse_ok(const char *text)
{
    keel_portfolio_file *pf = NULL;
    keel_error err = {0};
    ck_assert_msg(keel_portfolio_file_parse("pf.txt", text, strlen(text), &pf, &err) ==
                      KEEL_OK,
                  "%s", err.message);
    return pf;
}

static void expect_error(const char *text, const char *prefix, const char *needle)
{
    keel_portfolio_file *pf = NULL;
    keel_error err = {0};
    ck_assert_int_eq(keel_portfolio_file_parse("pf.txt", text, strlen(text), &pf, &err),
                     KEEL_ERR_PARSE);
    ck_assert_ptr_null(pf);
    ck_assert_msg(strncmp(err.message, prefix, strlen(prefix)) == 0 &&
                      strstr(err.message, needle),
                  "'%s' (expected '%s' ... '%s')", err.message, prefix, needle);
}

START_TEST(parse_spreads)
{
    keel_portfolio_file *pf = parse_ok("[uncertainty]\n"
                                       "erp:*migration* = 0% +150%  # before its section\n"
                                       "[project erp]\n"
                                       "uncertainty = -10% +40%\n"
                                       "[project web]\n"
                                       "[uncertainty]\n"
                                       "Test* = -20.5% 100%\n"
                                       "*:odd: name = -5% 5%\n");
    ck_assert(pf->projects[0].spread);
    ck_assert_int_eq(pf->projects[0].spread_lo, -100);
    ck_assert_int_eq(pf->projects[0].spread_hi, 400);
    ck_assert(!pf->projects[1].spread);
    ck_assert_int_eq(pf->nrules, 3);
    ck_assert_int_eq(pf->rules[0].project, 0);
    ck_assert_str_eq(pf->rules[0].pattern, "*migration*");
    ck_assert_int_eq(pf->rules[0].lo, 0);
    ck_assert_int_eq(pf->rules[0].hi, 1500);
    ck_assert_int_eq(pf->rules[0].line, 2);
    ck_assert_int_eq(pf->rules[1].project, -1);
    ck_assert_int_eq(pf->rules[1].lo, -205);
    ck_assert_str_eq(pf->rules[2].pattern, "odd: name");
    ck_assert_int_eq(pf->rules[2].project, -1);
    keel_portfolio_file_free(pf);
}
END_TEST

START_TEST(spread_errors)
{
    expect_error("[project a]\nuncertainty = +10% +40%\n", "pf.txt:2:", "-100..0");
    expect_error("[project a]\nuncertainty = -110% +40%\n", "pf.txt:2:", "-100..0");
    expect_error("[project a]\nuncertainty = -10% -40%\n", "pf.txt:2:", "0..10000");
    expect_error("[project a]\nuncertainty = -10%\n", "pf.txt:2:", "two percentages");
    expect_error("[project a]\nuncertainty = -10% 40% 50%\n", "pf.txt:2:", "two percentages");
    expect_error("[project a]\nuncertainty = -10 40\n", "pf.txt:2:", "two percentages");
    expect_error("[project a]\nuncertainty = -10.25% 40%\n", "pf.txt:2:", "two percentages");
    expect_error("[project a]\nuncertainty = -1% 1%\nuncertainty = -1% 1%\n", "pf.txt:3:",
                 "given twice");
    expect_error("[uncertainty]\nTest\n", "pf.txt:2:", "PATTERN = LOW% HIGH%");
    expect_error("[uncertainty]\n = -1% 1%\n", "pf.txt:2:", "empty task name pattern");
    expect_error("[uncertainty]\nx:T* = -1% 1%\n[project y]\n", "pf.txt:2:",
                 "unknown project 'x'");
    expect_error("[uncertain]\n", "pf.txt:1:", "[uncertainty]");
}
END_TEST

START_TEST(patterns)
{
    ck_assert(keel_pattern_match("Test*", "testing the API"));
    ck_assert(keel_pattern_match("*migration*", "Data Migration design"));
    ck_assert(keel_pattern_match("*", ""));
    ck_assert(keel_pattern_match("a?c", "abc"));
    ck_assert(keel_pattern_match("*a*b", "xxaxxab"));
    ck_assert(keel_pattern_match("**x", "x"));
    ck_assert(!keel_pattern_match("a?c", "ac"));
    ck_assert(!keel_pattern_match("Test*", "A test"));
    ck_assert(!keel_pattern_match("*a*b", "xxaxxa"));
    ck_assert(!keel_pattern_match("", "x"));
}
END_TEST

/* erp.xml: tasks "Data migration", "Test plan", a summary; web.xml: "Test
 * run", "Build". */
static void build(keel_builder *b)
{
    ck_assert(keel_builder_init(b));
    const char *names[2][3] = {{"Data migration", "Test plan", "Phase"}, {"Test run", "Build", NULL}};
    for (int p = 0; p < 2; p++) {
        keel_project pr = {.name = p ? "web.xml" : "erp.xml", .calendar = -1,
                           .status_date = KEEL_TIME_NONE, .deadline = KEEL_TIME_NONE,
                           .priority = 500, .weight = 1, .minutes_per_day = 480,
                           .first_task = (int)b->tasks.len};
        for (int i = 0; i < 3 && names[p][i]; i++) {
            keel_task t = {.project = p, .uid = i + 1, .name = names[p][i],
                           .duration = 960, .total_duration = 960, .summary = i == 2};
            ck_assert(KEEL_VEC_PUSH(&b->tasks, t));
            pr.ntasks++;
        }
        ck_assert(KEEL_VEC_PUSH(&b->projects, pr));
    }
}

START_TEST(apply_precedence)
{
    keel_builder b;
    build(&b);
    keel_portfolio_file *pf = parse_ok("[project erp]\nuncertainty = -10% +40%\n"
                                       "[project web]\n"
                                       "[uncertainty]\n"
                                       "erp:*migration* = 0% +150%\n"
                                       "test* = -20% +100%\n");
    keel_error err = {0};
    ck_assert_msg(keel_portfolio_file_apply(pf, &b, &err) == KEEL_OK, "%s", err.message);
    const keel_task *t = b.tasks.data;
    ck_assert(t[0].spread && t[0].spread_lo == 0 && t[0].spread_hi == 1500);     /* rule */
    ck_assert(t[1].spread && t[1].spread_lo == -200 && t[1].spread_hi == 1000);  /* rule */
    ck_assert(!t[2].spread);                                                      /* summary */
    ck_assert(t[3].spread && t[3].spread_lo == -200);                             /* any project */
    ck_assert(!t[4].spread);                                                      /* none */
    keel_portfolio_file_free(pf);
    keel_builder_release(&b);
    build(&b);
    pf = parse_ok("[project erp]\nuncertainty = -10% +40%\n");
    ck_assert(keel_portfolio_file_apply(pf, &b, &err) == KEEL_OK);
    ck_assert(b.tasks.data[0].spread && b.tasks.data[0].spread_hi == 400); /* project key */
    ck_assert(!b.tasks.data[3].spread);
    keel_portfolio_file_free(pf);
    keel_builder_release(&b);
}
END_TEST

Suite *suite_pfile_spread(void)
{
    Suite *s = suite_create("pfile_spread");
    TCase *tc = tcase_create("uncertainty");
    tcase_add_test(tc, parse_spreads);
    tcase_add_test(tc, spread_errors);
    tcase_add_test(tc, patterns);
    tcase_add_test(tc, apply_precedence);
    suite_add_tcase(s, tc);
    return s;
}
