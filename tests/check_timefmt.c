/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <check.h>
#include <string.h>

#include "base/timefmt.h"

START_TEST(epoch_is_a_sunday)
{
    keel_time t;
    ck_assert(keel_parse_datetime("1984-01-01T00:00:00", &t));
    ck_assert_int_eq(t, 0);
    ck_assert_int_eq(keel_weekday(0), 0);
    ck_assert(keel_parse_datetime("2025-01-06T08:00:00", &t)); /* a Monday */
    ck_assert_int_eq(keel_weekday(keel_day_of(t)), 1);
    ck_assert_int_eq(t % 1440, 480);
}
END_TEST

START_TEST(round_trip_dates)
{
    char buf[32];
    keel_time t;
    const char *dates[] = {"2024-02-29T23:59:00", "1983-12-31T12:00:00", "2049-12-31T23:59:00"};
    for (int i = 0; i < 3; i++) {
        ck_assert(keel_parse_datetime(dates[i], &t));
        ck_assert_str_eq(keel_format_datetime(t, buf, sizeof buf), dates[i]);
    }
    ck_assert(!keel_parse_datetime("2023-02-29T00:00:00", &t));
    ck_assert(!keel_parse_datetime("2023-13-01", &t));
    ck_assert(!keel_parse_datetime("garbage", &t));
    ck_assert(keel_parse_datetime("2025-01-06", &t));
}
END_TEST

/* Every minute of a day, every day of years 1 to 9999 (a prime step), and
 * the edges: the formatted text is 19 characters and reads back; years
 * outside 0..9999 still format (with printf's widths). */
START_TEST(formatted_dates_read_back)
{
    char buf[32];
    keel_time t, back, first, last;
    ck_assert(keel_parse_datetime("0001-01-01T00:00:00", &first));
    ck_assert(keel_parse_datetime("9999-12-31T23:59:00", &last));
    for (t = first; t <= last; t += 1440 * 7 + 13) {
        ck_assert_uint_eq(strlen(keel_format_datetime(t, buf, sizeof buf)), 19);
        ck_assert_msg(keel_parse_datetime(buf, &back) && back == t, "%s", buf);
    }
    for (t = 0; t < 1440; t++) {
        keel_format_datetime(t, buf, sizeof buf);
        ck_assert(keel_parse_datetime(buf, &back) && back == t);
    }
    ck_assert_str_eq(keel_format_datetime(last, buf, sizeof buf), "9999-12-31T23:59:00");
    ck_assert_str_eq(keel_format_datetime(last + 1, buf, sizeof buf), "10000-01-01T00:00:00");
    ck_assert_str_eq(keel_format_datetime(0, buf, 11), "1984-01-01"); /* cut like snprintf */
}
END_TEST

START_TEST(durations)
{
    int64_t m;
    char buf[40];
    ck_assert(keel_parse_duration("PT16H0M0S", 1000000, &m));
    ck_assert_int_eq(m, 960);
    ck_assert(keel_parse_duration("PT-8H0M0S", 1000000, &m));
    ck_assert_int_eq(m, -480);
    ck_assert(keel_parse_duration("P1DT2H30M", 1000000, &m));
    ck_assert_int_eq(m, 1440 + 150);
    ck_assert(keel_parse_duration("PT0.5H0M0S", 1000000, &m));
    ck_assert_int_eq(m, 30);
    ck_assert(!keel_parse_duration("PT1000000000000H", 1000000, &m));
    ck_assert(!keel_parse_duration("8 hours", 1000000, &m));
    ck_assert(!keel_parse_duration("P", 1000000, &m));
    ck_assert_str_eq(keel_format_duration(990, buf, sizeof buf), "PT16H30M0S");
    ck_assert_str_eq(keel_format_duration(-480, buf, sizeof buf), "PT-8H0M0S");
    int32_t c;
    ck_assert(keel_parse_clock("24:00:00", &c));
    ck_assert_int_eq(c, 1440);
    ck_assert(!keel_parse_clock("25:00:00", &c));
}
END_TEST

Suite *suite_timefmt(void)
{
    Suite *s = suite_create("timefmt");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, epoch_is_a_sunday);
    tcase_add_test(tc, round_trip_dates);
    tcase_add_test(tc, formatted_dates_read_back);
    tcase_add_test(tc, durations);
    suite_add_tcase(s, tc);
    return s;
}
