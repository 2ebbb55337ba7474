/* SPDX-License-Identifier: GPL-3.0-or-later
 * Files saved by MS Project (tests/data/mspdi, from MPXJ's test data): keel's
 * critical path against the Start and Finish MS Project stored, for every
 * automatically scheduled leaf task without progress, with the known number
 * of equal tasks per file (a regression fails), and every file leveled by
 * every solver family with the result verified. The comparison is ours; the
 * known differences are listed with their cause in tests/data/mspdi/README.md.
 */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <string.h>

#include "analysis/cpm.h"
#include "analysis/verify.h"
#include "run/level.h"

#define DATA "tests/data/mspdi/"

static const struct known {
    const char *file;
    int compared, equal;
} known[] = {
    /* all three tasks manually scheduled, two started */
    {"mpxj_assignment-assignments-project2019-mspdi.xml", 0, 0},
    /* calendars only */
    {"mpxj_calendar-recurring-exceptions-project2016-mspdi.xml", 0, 0},
    /* UID 2 runs two assignments on different calendars (keel: one calendar
     * per task); UID 21's finish, driven by an SF link, is stored at the next
     * working period's start (08:00 the next day for keel's 17:00: the same
     * working instant) */
    {"mpxj_sample.xml", 16, 14},
    /* every task manually scheduled */
    {"mpxj_task-links-project2019-mspdi.xml", 0, 0},
};

static keel_portfolio *load(const char *path)
{
    keel_portfolio *p = NULL;
    keel_error err = {0};
    ck_assert_msg(keel_portfolio_load(&path, 1, NULL, &p, &err) == KEEL_OK, "%s: %s", path,
                  err.message);
    return p;
}

/* Compared: a leaf task that is not manual, has no progress and has both
 * stored dates; equal: CPM's early dates are those dates. */
static void compare_cpm(const keel_portfolio *p, int *compared, int *equal)
{
    keel_cpm *c = NULL;
    keel_error err = {0};
    ck_assert(keel_cpm_run(p, &c, &err) == KEEL_OK);
    *compared = *equal = 0;
    for (int t = 0; t < p->ntasks; t++) {
        const keel_task *x = &p->tasks[t];
        if (x->summary || x->manual || x->actual_start != KEEL_TIME_NONE ||
            x->percent_complete > 0 || x->start == KEEL_TIME_NONE ||
            x->finish == KEEL_TIME_NONE)
            continue;
        (*compared)++;
        *equal += c->es[t] == x->start && c->ef[t] == x->finish;
    }
    keel_cpm_free(c);
}

static void level_verified(const keel_portfolio *p, const char *solvers, bool within)
{
    keel_options o;
    keel_options_init(&o);
    snprintf(o.solvers, sizeof o.solvers, "%s", solvers);
    o.schedules = 200;
    o.within_slack = within;
    keel_result *r = NULL;
    keel_error err = {0};
    ck_assert_msg(keel_level(p, &o, &r, &err) == KEEL_OK, "%s: %s", solvers, err.message);
    keel_conflicts *c = NULL;
    ck_assert(keel_verify(p, keel_result_schedule(r), &c, &err) == KEEL_OK);
    ck_assert_int_eq(keel_conflicts_failures(c), 0);
    keel_conflicts_free(c);
    keel_result_free(r);
}

START_TEST(cpm_equals_ms_project)
{
    for (size_t i = 0; i < sizeof known / sizeof *known; i++) {
        char path[512];
        snprintf(path, sizeof path, DATA "%s", known[i].file);
        keel_portfolio *p = load(path);
        int compared, equal;
        compare_cpm(p, &compared, &equal);
        ck_assert_msg(compared == known[i].compared && equal == known[i].equal,
                      "%s: %d of %d tasks equal MS Project's dates, known %d of %d",
                      known[i].file, equal, compared, known[i].equal, known[i].compared);
        level_verified(p, "default", false);
        level_verified(p, "msp-standard", false);
        level_verified(p, "ga,ilp-lns", false);
        level_verified(p, "default", true);
        keel_portfolio_free(p);
    }
}
END_TEST

/* A file added to tests/data/mspdi needs its row above. */
START_TEST(every_file_is_known)
{
    DIR *d = opendir(DATA);
    ck_assert(d != NULL);
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t n = strlen(e->d_name);
        if (n < 4 || strcmp(e->d_name + n - 4, ".xml") != 0)
            continue;
        bool found = false;
        for (size_t i = 0; i < sizeof known / sizeof *known; i++)
            found = found || strcmp(known[i].file, e->d_name) == 0;
        ck_assert_msg(found, "%s has no row in check_real_files.c", e->d_name);
    }
    closedir(d);
}
END_TEST

Suite *suite_real_files(void)
{
    Suite *s = suite_create("real_files");
    TCase *tc = tcase_create("msp");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, cpm_equals_ms_project);
    tcase_add_test(tc, every_file_is_known);
    suite_add_tcase(s, tc);
    return s;
}
