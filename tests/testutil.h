/* SPDX-License-Identifier: GPL-3.0-or-later
 * Helpers shared by the Check suites.
 */
#ifndef KEEL_TESTUTIL_H
#define KEEL_TESTUTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "base/timefmt.h"
#include "model/calendar.h"

/* The ILP test seam (tests/seams.c): non-zero makes every GLPK solve of the
 * process fail inside GLPK (set it before a run, not during one). */
extern int keel_test_ilp_fault;

/* The output seam (tests/seams.c): operation op (keel_output_op) fails with
 * errno e after `skip` calls of it have passed, once. */
extern int keel_test_output_fault_op, keel_test_output_fault_skip,
    keel_test_output_fault_errno;
static inline void test_output_fault(int op, int skip, int e)
{
    keel_test_output_fault_op = op;
    keel_test_output_fault_skip = skip;
    keel_test_output_fault_errno = e;
}

/* Directory for files a test writes (set by `make test`), else /tmp. */
static inline const char *test_tmpdir(void)
{
    const char *d = getenv("KEEL_TMP");
    return d && *d ? d : "/tmp";
}

/* The portfolio generator: $KEEL_GEN (set by `make test`), else the first
 * built one; NULL when there is none. */
static inline const char *test_generator(void)
{
    const char *g = getenv("KEEL_GEN");
    static const char *const known[] = {"build/asan/gen_portfolio",
                                        "build/release/gen_portfolio"};
    for (size_t i = 0; (!g || !*g) && i < sizeof known / sizeof *known; i++)
        if (access(known[i], X_OK) == 0)
            g = known[i];
    return g && *g ? g : NULL;
}

/* Writes text to <tmpdir>/<name> and returns the path in buf. */
static inline const char *test_write_file(const char *name, const char *text, char *buf,
                                          size_t size)
{
    snprintf(buf, size, "%s/%s", test_tmpdir(), name);
    FILE *f = fopen(buf, "wb");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
    return buf;
}

/* MS Project's Standard week: Monday to Friday 08:00-12:00 and 13:00-17:00. */
static inline void test_office_week(keel_day week[7])
{
    for (int d = 0; d < 7; d++) {
        keel_day day = {.set = true};
        if (d >= 1 && d <= 5) {
            day.working = true;
            day.nspans = 2;
            day.spans[0].from = 480;
            day.spans[0].to = 720;
            day.spans[1].from = 780;
            day.spans[1].to = 1020;
        }
        week[d] = day;
    }
}

#ifdef ck_assert_msg /* the suites (check.h included first) */
#include "keel.h"

/* One MSPDI file as a portfolio; asserts that it loads. */
static inline keel_portfolio *test_load_file(const char *path)
{
    keel_portfolio *p = NULL;
    keel_error err = {0};
    ck_assert_msg(keel_portfolio_load(&path, 1, NULL, &p, &err) == KEEL_OK, "%s",
                  err.message);
    return p;
}

/* DIR/portfolio.txt as a portfolio; asserts that it loads. */
static inline keel_portfolio *test_load_dir(const char *dir)
{
    char pf[1024];
    ck_assert(snprintf(pf, sizeof pf, "%s/portfolio.txt", dir) < (int)sizeof pf);
    keel_load_options lo = {.portfolio_file = pf};
    keel_portfolio *p = NULL;
    keel_error err = {0};
    ck_assert_msg(keel_portfolio_load(NULL, 0, &lo, &p, &err) == KEEL_OK, "%s", err.message);
    return p;
}

/* keel_level with options o; asserts that it succeeds. */
static inline keel_result *test_level(const keel_portfolio *p, const keel_options *o)
{
    keel_result *r = NULL;
    keel_error err = {0};
    ck_assert_msg(keel_level(p, o, &r, &err) == KEEL_OK, "%s", err.message);
    return r;
}

/* The verifier run again on a result, independently of keel_level's own
 * check: no conflict that is not accepted. */
static inline void test_assert_verified(const keel_portfolio *p, const keel_result *r)
{
    keel_conflicts *c = NULL;
    keel_error err = {0};
    ck_assert(keel_verify(p, keel_result_schedule(r), &c, &err) == KEEL_OK);
    ck_assert_int_eq(keel_conflicts_failures(c), 0);
    keel_conflicts_free(c);
}

/* The index of the task with this UID; asserts that there is one. */
static inline int test_task_of(const keel_portfolio *p, int uid)
{
    for (int t = 0; t < keel_portfolio_ntasks(p); t++)
        if (keel_task_get(p, t).uid == uid)
            return t;
    ck_abort_msg("no task UID %d", uid);
    return -1;
}
#endif

/* Asserts that keel time t reads s (YYYY-MM-DDTHH:MM:SS); needs check.h. */
#define ASSERT_AT(t, s)                                                                   \
    do {                                                                                  \
        char buf_[32];                                                                    \
        ck_assert_str_eq(keel_format_datetime((t), buf_, sizeof buf_), (s));              \
    } while (0)

#endif
