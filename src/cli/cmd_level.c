/* SPDX-License-Identifier: GPL-3.0-or-later
 * keel level: level a portfolio, print per project CPM finish, leveled finish,
 * delay and deadline, and write one leveled MSPDI file per input project.
 */
#include <math.h>
#include <string.h>

#include "cli.h"

typedef struct level_args {
    keel_options opt;
    const char *out_dir;
    const char *report;    /* --report FILE: the HTML report */
} level_args;

static int extra(int argc, char **argv, int i, void *ctx)
{
    level_args *a = ctx;
    if (strcmp(argv[i], "-o") == 0 || strcmp(argv[i], "--output") == 0) {
        if (i + 1 >= argc) {
            fprintf(stderr, "keel: error: %s needs a directory\n", argv[i]);
            return -1;
        }
        a->out_dir = argv[i + 1];
        return 2;
    }
    if (strcmp(argv[i], "--report") == 0) {
        if (i + 1 >= argc) {
            fprintf(stderr, "keel: error: --report needs a file name\n");
            return -1;
        }
        a->report = argv[i + 1];
        return 2;
    }
    return cli_parse_option(argc, argv, i, &a->opt);
}

static void print_delay(const keel_portfolio *p, int q, int64_t delay)
{
    int32_t mpd = keel_project_get(p, q).minutes_per_day;
    if (keel_portfolio_is_research(p) || mpd <= 0)
        printf("%10lld", (long long)delay);
    else
        printf("%8.1f d", (double)delay / mpd);
}

static void print_text(const keel_portfolio *p, const keel_result *r)
{
    keel_result_info in = keel_result_get(r);
    char a[32], b[32], c[32];
    printf("%-28s %-20s %-20s %10s  %-20s %s\n", "project", "CPM finish", "leveled finish",
           "delay", "deadline", "met");
    for (int q = 0; q < keel_portfolio_nprojects(p); q++) {
        keel_result_project rp = keel_result_project_get(r, q);
        printf("%-28s %-20s %-20s ", keel_project_get(p, q).name,
               keel_time_format(p, rp.cpm_finish, a, sizeof a),
               keel_time_format(p, rp.finish, b, sizeof b));
        print_delay(p, q, rp.delay);
        printf("  %-20s %s\n", keel_time_format(p, rp.deadline, c, sizeof c),
               rp.deadline == KEEL_TIME_NONE ? "-" : rp.deadline_met ? "yes" : "NO");
    }
    printf("overallocations: %d before leveling, %d conflicts left after (all accepted)\n",
           in.conflicts_before, in.conflicts_after);
    if (in.unresolved > 0) {
        printf("within slack, %d task%s could not be leveled:", in.unresolved,
               in.unresolved == 1 ? "" : "s");
        for (int t = 0, n = 0; t < keel_portfolio_ntasks(p); t++)
            if (keel_result_task_unresolved(r, t)) {
                keel_task_info ti = keel_task_get(p, t);
                printf("%s %s UID %d '%s'", n++ ? "," : "",
                       keel_project_get(p, ti.project).name, ti.uid, ti.name);
            }
        printf("\n");
    }
    /* objectives count elapsed minutes on MSPDI models: show days */
    double unit = keel_portfolio_is_research(p) ? 1 : 1440;
    const char *name = keel_portfolio_is_research(p) ? "" : " elapsed days";
    printf("objective %s: %.6g%s (MS Project-like priority, standard: %.6g)", in.objective,
           in.value / unit, name, in.baseline / unit);
    if (isfinite(in.lower_bound))
        printf("; lower bound %.6g", in.lower_bound / unit);
    if (isfinite(in.gap))
        printf(", gap %.2f %%", 100 * in.gap);
    if (in.optimal)
        printf(" (optimal)");
    printf("\nbest schedule by %s; %lld schedules in %.3f s (first feasible after %.3f s)\n",
           in.solver, (long long)in.schedules, in.seconds, in.first_feasible_seconds);
}

static void print_json(const keel_portfolio *p, const keel_result *r,
                       const keel_explanation *why)
{
    keel_result_info in = keel_result_get(r);
    json j;
    json_begin(&j, stdout);
    json_obj(&j, NULL);
    json_arr(&j, "projects");
    for (int q = 0; q < keel_portfolio_nprojects(p); q++) {
        keel_result_project rp = keel_result_project_get(r, q);
        json_obj(&j, NULL);
        json_str(&j, "name", keel_project_get(p, q).name);
        json_time(&j, "cpm_finish", p, rp.cpm_finish);
        json_time(&j, "leveled_finish", p, rp.finish);
        json_int(&j, "delay", rp.delay);
        json_time(&j, "deadline", p, rp.deadline);
        json_bool(&j, "deadline_met", rp.deadline_met);
        json_close_obj(&j);
    }
    json_close_arr(&j);
    json_int(&j, "conflicts_before", in.conflicts_before);
    json_int(&j, "conflicts_after", in.conflicts_after);
    json_arr(&j, "unresolved");
    for (int t = 0; t < keel_portfolio_ntasks(p); t++)
        if (keel_result_task_unresolved(r, t)) {
            keel_task_info ti = keel_task_get(p, t);
            json_obj(&j, NULL);
            json_str(&j, "project", keel_project_get(p, ti.project).name);
            json_int(&j, "uid", ti.uid);
            json_str(&j, "name", ti.name);
            json_close_obj(&j);
        }
    json_close_arr(&j);
    cli_json_outcome(&j, &in);
    json_str(&j, "objective_unit", keel_portfolio_is_research(p) ? "periods" : "minutes");
    json_num(&j, "first_feasible_seconds", in.first_feasible_seconds);
    if (why)
        cli_json_why(&j, p, why);
    json_close_obj(&j);
    json_end(&j);
}

int cmd_level(int argc, char **argv)
{
    level_args a = {0};
    keel_options_init(&a.opt);
    cli_common c;
    if (!cli_parse_common(argc, argv, 2, &c, extra, &a)) {
        cli_common_free(&c);
        return EXIT_USAGE;
    }
    keel_portfolio *p = NULL;
    keel_result *r = NULL;
    keel_explanation *why = NULL;
    int rc = cli_load(&c, &p);
    if (rc == EXIT_OK) {
        keel_error err = {0};
        keel_status st = a.report ? keel_output_check(p, a.report, &err) : KEEL_OK;
        if (st == KEEL_OK)
            st = cli_level(p, &a.opt, &r, &err);
        if (st == KEEL_OK && a.out_dir)
            st = keel_result_write_mspdi(p, r, a.out_dir, &err);
        if (st == KEEL_OK)
            st = keel_explain(p, keel_result_schedule(r), &why, &err);
        if (st == KEEL_OK && a.report)
            st = cli_write_report(p, r, why, a.report, NULL, &err);
        if (st != KEEL_OK)
            rc = cli_fail(&err);
        else if (c.json)
            print_json(p, r, why);
        else
            print_text(p, r);
        if (st == KEEL_OK && !c.json)
            cli_print_why(p, why);
        if (st == KEEL_OK && a.out_dir && !c.json)
            printf("wrote %d leveled file%s into %s\n", keel_portfolio_nprojects(p),
                   keel_portfolio_nprojects(p) == 1 ? "" : "s", a.out_dir);
        if (st == KEEL_OK && a.report && !c.json)
            printf("wrote the report %s\n", a.report);
    }
    keel_explanation_free(why);
    keel_result_free(r);
    keel_portfolio_free(p);
    cli_common_free(&c);
    return rc;
}
