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
    return cli_parse_option(argc, argv, i, &a->opt);
}

/* A delay of working minutes of project q: "8.0 d" (periods for research). */
static const char *days_text(const keel_portfolio *p, int q, int64_t minutes, char *buf,
                             size_t size)
{
    if (keel_portfolio_is_research(p))
        snprintf(buf, size, "%lld", (long long)minutes);
    else
        snprintf(buf, size, "%.1f d", (double)minutes / keel_project_get(p, q).minutes_per_day);
    return buf;
}

static const char *deadline_text(const keel_portfolio *p, int q, keel_result_project rp,
                                 char *buf, size_t size)
{
    char late[32];
    switch (rp.deadline_state) {
    case KEEL_DEADLINE_NONE:
        return "-";
    case KEEL_DEADLINE_MET:
        return "yes";
    case KEEL_DEADLINE_MISSED:
        break;
    }
    snprintf(buf, size, "NO, %s late", days_text(p, q, rp.late, late, sizeof late));
    return buf;
}

/* Delay objectives count working days (weighted); spans elapsed time. */
static bool delay_objective(const char *name)
{
    return strcmp(name, "makespan") != 0 && strcmp(name, "tms") != 0;
}

static void print_objective(const keel_portfolio *p, const keel_result_info *in)
{
    bool research = keel_portfolio_is_research(p), delay = delay_objective(in->objective);
    double unit = research || delay ? 1 : 1440;
    const char *name = research ? "" : delay ? " d" : " elapsed days";
    printf("objective %s: %.6g%s (MS Project-like priority, standard: %.6g%s)", in->objective,
           in->value / unit, name, in->baseline / unit, name);
    if (isfinite(in->lower_bound))
        printf("; lower bound %.6g%s", in->lower_bound / unit, name);
    if (isfinite(in->gap))
        printf(", gap %.2f %%", 100 * in->gap);
    if (in->optimal)
        printf(" (optimal)");
    printf("\n");
}

static void print_text(const keel_portfolio *p, const keel_result *r)
{
    keel_result_info in = keel_result_get(r);
    char a[32], b[32], c[32], d[32], e[48];
    printf("%-28s %-20s %-20s %10s  %-20s %s\n", "project", "CPM finish", "leveled finish",
           "delay", "deadline", "met");
    for (int q = 0; q < keel_portfolio_nprojects(p); q++) {
        keel_result_project rp = keel_result_project_get(r, q);
        printf("%-28s %-20s %-20s %10s  %-20s %s\n", keel_project_get(p, q).name,
               keel_time_format(p, rp.cpm_finish, a, sizeof a),
               keel_time_format(p, rp.finish, b, sizeof b),
               days_text(p, q, rp.delay, d, sizeof d),
               keel_time_format(p, rp.deadline, c, sizeof c),
               deadline_text(p, q, rp, e, sizeof e));
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
    print_objective(p, &in);
    printf("best schedule by %s; %lld schedules in %.3f s (first feasible after %.3f s)\n",
           in.solver, (long long)in.schedules, in.seconds, in.first_feasible_seconds);
}

/* Minutes and days of working time of project q (days: null for research). */
static void json_minutes(json *j, const keel_portfolio *p, int q, const char *key,
                         int64_t minutes, bool known)
{
    char name[40];
    snprintf(name, sizeof name, "%s_minutes", key);
    if (known)
        json_int(j, name, minutes);
    else
        json_str(j, name, NULL);
    snprintf(name, sizeof name, "%s_days", key);
    json_num(j, name, known && !keel_portfolio_is_research(p)
                          ? (double)minutes / keel_project_get(p, q).minutes_per_day
                          : NAN);
}

static void json_project(json *j, const keel_portfolio *p, int q, keel_result_project rp)
{
    json_obj(j, NULL);
    json_str(j, "name", keel_project_get(p, q).name);
    json_time(j, "cpm_finish", p, rp.cpm_finish);
    json_time(j, "leveled_finish", p, rp.finish);
    json_minutes(j, p, q, "delay", rp.delay, true);
    json_time(j, "deadline", p, rp.deadline);
    if (rp.deadline_state == KEEL_DEADLINE_NONE)
        json_str(j, "deadline_met", NULL);
    else
        json_bool(j, "deadline_met", rp.deadline_state == KEEL_DEADLINE_MET);
    json_minutes(j, p, q, "late", rp.late, rp.deadline_state != KEEL_DEADLINE_NONE);
    json_close_obj(j);
}

static void print_json(const keel_portfolio *p, const keel_result *r)
{
    keel_result_info in = keel_result_get(r);
    json j;
    json_begin(&j, stdout);
    json_obj(&j, NULL);
    json_arr(&j, "projects");
    for (int q = 0; q < keel_portfolio_nprojects(p); q++)
        json_project(&j, p, q, keel_result_project_get(r, q));
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
    json_str(&j, "objective_unit", keel_portfolio_is_research(p) ? "periods"
                                   : delay_objective(in.objective) ? "days"
                                                                    : "minutes");
    json_num(&j, "first_feasible_seconds", in.first_feasible_seconds);
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
    double t0 = cli_seconds();
    int rc = cli_load(&c, &p);
    if (rc == EXIT_OK) {
        keel_error err = {0};
        cli_share_time_limit(&a.opt, t0, cli_seconds() - t0, a.out_dir != NULL);
        keel_status st = cli_level(p, &a.opt, &r, &err);
        if (st == KEEL_OK && a.out_dir)
            st = keel_result_write_mspdi(p, r, a.out_dir, &err);
        if (st != KEEL_OK)
            rc = cli_fail(&err);
        else if (c.json)
            print_json(p, r);
        else
            print_text(p, r);
        if (st == KEEL_OK && a.out_dir && !c.json)
            printf("wrote %d leveled file%s into %s\n", keel_portfolio_nprojects(p),
                   keel_portfolio_nprojects(p) == 1 ? "" : "s", a.out_dir);
    }
    keel_result_free(r);
    keel_portfolio_free(p);
    cli_common_free(&c);
    return rc;
}
