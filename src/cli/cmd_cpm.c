/* SPDX-License-Identifier: GPL-3.0-or-later
 * keel cpm: the critical path of every project of a portfolio.
 */
#include <stdlib.h>

#include "cli.h"

static void print_length(const keel_portfolio *p, const keel_project_info *pi, int64_t len)
{
    if (keel_portfolio_is_research(p))
        printf("%lld periods", (long long)len);
    else if (pi->minutes_per_day > 0)
        printf("%.2f days (%lld working minutes)", (double)len / pi->minutes_per_day,
               (long long)len);
    else
        printf("%lld working minutes", (long long)len);
}

static void print_text(const keel_portfolio *p, const keel_cpm *c)
{
    char a[32], b[32];
    for (int q = 0; q < keel_portfolio_nprojects(p); q++) {
        keel_project_info pi = keel_project_get(p, q);
        keel_cpm_project cp = keel_cpm_project_get(c, q);
        printf("project %s\n  start %s, CPM finish %s, critical path ", pi.name,
               keel_time_format(p, cp.start, a, sizeof a),
               keel_time_format(p, cp.finish, b, sizeof b));
        print_length(p, &pi, cp.length);
        printf("\n  critical tasks:");
        int n = 0;
        for (int t = pi.first_task; t < pi.first_task + pi.ntasks; t++) {
            keel_task_info ti = keel_task_get(p, t);
            if (!ti.summary && keel_cpm_task_get(c, t).critical)
                printf("%s UID %d '%s'", n++ ? "," : "", ti.uid, ti.name);
        }
        printf("%s\n", n ? "" : " none");
    }
    printf("portfolio finish %s\n",
           keel_time_format(p, keel_cpm_portfolio_finish(c), a, sizeof a));
}

static void json_task(json *j, const keel_portfolio *p, const keel_cpm *c, int t)
{
    keel_task_info ti = keel_task_get(p, t);
    keel_cpm_task ct = keel_cpm_task_get(c, t);
    json_obj(j, NULL);
    json_task_id(j, p, t);
    json_bool(j, "summary", ti.summary);
    json_int(j, "duration", ti.duration);
    json_bool(j, "elapsed", ti.elapsed);
    json_time(j, "deadline", p, ti.deadline);
    json_time(j, "early_start", p, ct.early_start);
    json_time(j, "early_finish", p, ct.early_finish);
    json_time(j, "late_start", p, ct.late_start);
    json_time(j, "late_finish", p, ct.late_finish);
    json_int(j, "total_slack", ct.total_slack);
    json_int(j, "free_slack", ct.free_slack);
    json_bool(j, "critical", ct.critical);
    json_close_obj(j);
}

static void print_json(const keel_portfolio *p, const keel_cpm *c)
{
    json j;
    json_begin(&j, stdout);
    json_obj(&j, NULL);
    json_arr(&j, "projects");
    for (int q = 0; q < keel_portfolio_nprojects(p); q++) {
        keel_project_info pi = keel_project_get(p, q);
        keel_cpm_project cp = keel_cpm_project_get(c, q);
        json_obj(&j, NULL);
        json_str(&j, "name", pi.name);
        json_time(&j, "start", p, cp.start);
        json_time(&j, "finish", p, cp.finish);
        json_int(&j, "critical_path_length", cp.length);
        json_arr(&j, "critical_tasks");
        for (int t = pi.first_task; t < pi.first_task + pi.ntasks; t++)
            if (!keel_task_get(p, t).summary && keel_cpm_task_get(c, t).critical)
                json_int(&j, NULL, keel_task_get(p, t).uid);
        json_close_arr(&j);
        json_close_obj(&j);
    }
    json_close_arr(&j);
    json_time(&j, "finish", p, keel_cpm_portfolio_finish(c));
    if (keel_portfolio_is_research(p)) {
        keel_time s = keel_cpm_project_get(c, 0).start;
        for (int q = 1; q < keel_portfolio_nprojects(p); q++)
            if (keel_cpm_project_get(c, q).start < s)
                s = keel_cpm_project_get(c, q).start;
        json_int(&j, "makespan", keel_cpm_portfolio_finish(c) - s);
    }
    json_arr(&j, "tasks");
    for (int t = 0; t < keel_portfolio_ntasks(p); t++)
        json_task(&j, p, c, t);
    json_close_arr(&j);
    json_close_obj(&j);
    json_end(&j);
}

int cmd_cpm(int argc, char **argv)
{
    cli_common opt;
    if (!cli_parse_common(argc, argv, 2, &opt, NULL, NULL)) {
        cli_common_free(&opt);
        return opt.status;
    }
    keel_portfolio *p = NULL;
    keel_cpm *c = NULL;
    int rc = cli_load(&opt, &p);
    if (rc == EXIT_OK) {
        keel_error err = {0};
        if (keel_cpm_run(p, &c, &err) != KEEL_OK)
            rc = cli_fail(&err);
        else if (opt.json)
            print_json(p, c);
        else
            print_text(p, c);
    }
    keel_cpm_free(c);
    keel_portfolio_free(p);
    cli_common_free(&opt);
    return rc;
}
