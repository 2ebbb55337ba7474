/* SPDX-License-Identifier: GPL-3.0-or-later
 * keel clear: MS Project's "Clear Leveling" (keel_clear_leveling): every task
 * back at its resource-free critical-path dates, written as one MSPDI file per
 * input project into -o DIR; prints per project the finish before and after.
 */
#include <string.h>

#include "cli.h"

static int out_dir(int argc, char **argv, int i, void *ctx)
{
    if (strcmp(argv[i], "-o") != 0 && strcmp(argv[i], "--output") != 0)
        return 0;
    if (i + 1 >= argc) {
        fprintf(stderr, "keel: error: %s needs a directory\n", argv[i]);
        return -1;
    }
    *(const char **)ctx = argv[i + 1];
    return 2;
}

/* The latest finish of project q's tasks in s. */
static keel_time finish_of(const keel_portfolio *p, const keel_schedule *s, int q)
{
    keel_project_info pi = keel_project_get(p, q);
    keel_time f = KEEL_TIME_NONE;
    for (int t = pi.first_task; t < pi.first_task + pi.ntasks; t++)
        if (!keel_task_get(p, t).summary && keel_schedule_finish(s, t) > f)
            f = keel_schedule_finish(s, t);
    return f;
}

static void report(const keel_portfolio *p, const keel_schedule *in, const keel_result *r,
                   const char *dir, bool as_json)
{
    char a[32], b[32];
    json j;
    if (as_json) {
        json_begin(&j, stdout);
        json_obj(&j, NULL);
        json_arr(&j, "projects");
    } else {
        printf("%-28s %-20s %-20s\n", "project", "finish as read", "cleared finish");
    }
    for (int q = 0; q < keel_portfolio_nprojects(p); q++) {
        keel_time before = finish_of(p, in, q), after = keel_result_project_get(r, q).finish;
        if (!as_json) {
            printf("%-28s %-20s %-20s\n", keel_project_get(p, q).name,
                   keel_time_format(p, before, a, sizeof a),
                   keel_time_format(p, after, b, sizeof b));
            continue;
        }
        json_obj(&j, NULL);
        json_str(&j, "name", keel_project_get(p, q).name);
        json_time(&j, "finish_as_read", p, before);
        json_time(&j, "cleared_finish", p, after);
        json_close_obj(&j);
    }
    if (as_json) {
        json_close_arr(&j);
        json_str(&j, "output", dir);
        json_close_obj(&j);
        json_end(&j);
    } else {
        printf("wrote %d cleared file%s into %s\n", keel_portfolio_nprojects(p),
               keel_portfolio_nprojects(p) == 1 ? "" : "s", dir);
    }
}

int cmd_clear(int argc, char **argv)
{
    const char *dir = NULL;
    cli_common c;
    if (!cli_parse_common(argc, argv, 2, &c, out_dir, &dir)) {
        cli_common_free(&c);
        return c.status;
    }
    if (!dir) {
        fprintf(stderr, "keel: error: clear needs -o DIR for the cleared files\n");
        cli_common_free(&c);
        return EXIT_USAGE;
    }
    keel_portfolio *p = NULL;
    keel_schedule *in = NULL;
    keel_result *r = NULL;
    keel_error err = {0};
    int rc = cli_load(&c, &p);
    if (rc == EXIT_OK && (keel_schedule_from_input(p, &in, &err) != KEEL_OK ||
                          keel_clear_leveling(p, &r, &err) != KEEL_OK ||
                          keel_result_write_mspdi(p, r, dir, &err) != KEEL_OK))
        rc = cli_fail(&err);
    if (rc == EXIT_OK)
        report(p, in, r, dir, c.json);
    keel_result_free(r);
    keel_schedule_free(in);
    keel_portfolio_free(p);
    cli_common_free(&c);
    return rc;
}
