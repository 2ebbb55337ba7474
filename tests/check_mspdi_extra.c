/* SPDX-License-Identifier: GPL-3.0-or-later
 * The MSPDI reader's fields for analysis (read/mspdi_extra.c): the PERT
 * three-point estimate in Duration1-3 (ExtendedAttribute by FieldID) and
 * Baseline 0; bad values there are warnings, never errors.
 */
#include <check.h>
#include <string.h>

#include "base/timefmt.h"
#include "model/model.h"
#include "read/mspdi_read.h"

#define HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" \
             "<Project xmlns=\"http://schemas.microsoft.com/project\">\n" \
             "<StartDate>2026-01-05T08:00:00</StartDate>\n<Tasks>\n"
#define TAIL "</Tasks>\n</Project>\n"
#define EA(id, v) "<ExtendedAttribute><FieldID>" #id "</FieldID><Value>" v \
                  "</Value><DurationFormat>7</DurationFormat></ExtendedAttribute>"

static keel_builder b;

static void setup(void)
{
    ck_assert(keel_builder_init(&b));
}

static void teardown(void)
{
    keel_builder_release(&b);
}

static void parse(const char *xml)
{
    keel_error err = {0};
    keel_mspdi_options o = {0};
    ck_assert_msg(keel_mspdi_parse("x.xml", xml, strlen(xml), &b, &o, &err) == KEEL_OK, "%s",
                  err.message);
}

static const keel_task *uid(int u)
{
    for (size_t i = 0; i < b.tasks.len; i++)
        if (b.tasks.data[i].uid == u)
            return &b.tasks.data[i];
    ck_abort_msg("no task UID %d", u);
    return NULL;
}

static bool warned(const char *text)
{
    for (size_t i = 0; i < b.warnings.len; i++)
        if (strstr(b.warnings.data[i], text))
            return true;
    return false;
}

START_TEST(pert_fields)
{
    parse(HEAD
          "<Task><UID>1</UID><ID>1</ID><Name>A</Name><OutlineLevel>1</OutlineLevel>"
          "<Duration>PT16H0M0S</Duration>\n"
          EA(188743785, "PT40H0M0S") EA(188743783, "PT8H0M0S") "\n"
          EA(188743784, "PT16H0M0S") EA(188743955, "PT99H0M0S") "</Task>\n"
          "<Task><UID>2</UID><ID>2</ID><Name>B</Name><OutlineLevel>1</OutlineLevel>"
          "<Duration>PT8H0M0S</Duration>" EA(188743784, "-PT8H0M0S") "</Task>\n"
          "<Task><UID>3</UID><ID>3</ID><Name>C</Name><OutlineLevel>1</OutlineLevel>"
          "<Duration>PT8H0M0S</Duration>" EA(188743783, "soon") "</Task>\n"
          "<Task><UID>4</UID><ID>4</ID><Name>D</Name><OutlineLevel>1</OutlineLevel>"
          "<Duration>PT8H0M0S</Duration></Task>\n" TAIL);
    const keel_task *a = uid(1);
    ck_assert_int_eq(a->estimate_mask, 7);
    ck_assert_int_eq(a->estimate[0], 480);
    ck_assert_int_eq(a->estimate[1], 960);
    ck_assert_int_eq(a->estimate[2], 2400);
    ck_assert_int_eq(a->estimate_line, 6);
    /* a negative value is kept for the risk analysis to refuse, with its task */
    ck_assert_int_eq(uid(2)->estimate_mask, 2);
    ck_assert_int_eq(uid(2)->estimate[1], -480);
    ck_assert_int_eq(uid(3)->estimate_mask, 0);
    ck_assert(warned("x.xml:9: task UID 3 'C': Value 'soon' is not a duration"));
    ck_assert(warned("(ignored)"));
    ck_assert_int_eq(uid(4)->estimate_mask, 0);
}
END_TEST

START_TEST(baseline)
{
    parse(HEAD
          "<Task><UID>1</UID><ID>1</ID><Name>A</Name><OutlineLevel>1</OutlineLevel>"
          "<Duration>PT16H0M0S</Duration>"
          "<Baseline><Number>1</Number><Finish>2026-02-02T17:00:00</Finish></Baseline>"
          "<Baseline><Number>0</Number><Start>2026-01-05T08:00:00</Start>"
          "<Finish>2026-01-06T17:00:00</Finish><Duration>PT16H0M0S</Duration></Baseline>"
          "</Task>\n"
          "<Task><UID>2</UID><ID>2</ID><Name>B</Name><OutlineLevel>1</OutlineLevel>"
          "<Duration>PT8H0M0S</Duration></Task>\n"
          "<Task><UID>3</UID><ID>3</ID><Name>C</Name><OutlineLevel>1</OutlineLevel>"
          "<Duration>PT8H0M0S</Duration>"
          "<Baseline><Number>0</Number><Finish>yesterday</Finish></Baseline></Task>\n" TAIL);
    const keel_task *a = uid(1);
    keel_time s, f;
    ck_assert(keel_parse_datetime("2026-01-05T08:00", &s));
    ck_assert(keel_parse_datetime("2026-01-06T17:00", &f));
    ck_assert(a->has_baseline);
    ck_assert_int_eq(a->baseline_start, s);
    ck_assert_int_eq(a->baseline_finish, f);
    ck_assert_int_eq(a->baseline_duration, 960);
    ck_assert(!uid(2)->has_baseline);
    ck_assert_int_eq(uid(2)->baseline_finish, KEEL_TIME_NONE);
    ck_assert_int_eq(uid(2)->baseline_duration, -1);
    ck_assert(!uid(3)->has_baseline);
    ck_assert(warned("task UID 3 'C': Finish 'yesterday' is not a date"));
}
END_TEST

Suite *suite_mspdi_extra(void)
{
    Suite *s = suite_create("mspdi_extra");
    TCase *tc = tcase_create("fields");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, pert_fields);
    tcase_add_test(tc, baseline);
    suite_add_tcase(s, tc);
    return s;
}
