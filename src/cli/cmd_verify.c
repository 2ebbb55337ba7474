/* SPDX-License-Identifier: GPL-3.0-or-later
 * keel verify: every conflict in the dates as they stand in the input files.
 */
#include <math.h>

#include "cli.h"

static const char *kind_name(keel_conflict_kind k)
{
    switch (k) {
    case KEEL_CONFLICT_RESOURCE: return "overallocation";
    case KEEL_CONFLICT_LINK: return "broken link";
    case KEEL_CONFLICT_CALENDAR: return "calendar";
    case KEEL_CONFLICT_CONSTRAINT: return "constraint";
    case KEEL_CONFLICT_PROGRESS: return "progress";
    case KEEL_CONFLICT_DEADLINE: return "deadline";
    }
    return "conflict";
}

static void print_task(const keel_portfolio *p, int t)
{
    keel_task_info ti = keel_task_get(p, t);
    printf("%s UID %d '%s'", keel_project_get(p, ti.project).name, ti.uid, ti.name);
}

/* "2.0 d" of project q's working days (periods for research instances). */
static void print_days(const keel_portfolio *p, int q, int64_t minutes)
{
    if (keel_portfolio_is_research(p))
        printf("%lld periods", (long long)minutes);
    else
        printf("%.1f d", (double)minutes / keel_project_get(p, q).minutes_per_day);
}

/* A missed deadline: the task's own, or its project's (the last task named). */
static void print_deadline(const keel_portfolio *p, const keel_conflict *k)
{
    char a[32], b[32];
    int q = keel_task_get(p, k->task).project;
    if (k->project >= 0) {
        printf("project %s finishes %s (last task UID %d '%s')", keel_project_get(p, q).name,
               keel_time_format(p, k->to, a, sizeof a), keel_task_get(p, k->task).uid,
               keel_task_get(p, k->task).name);
    } else {
        print_task(p, k->task);
        printf(" finishes %s", keel_time_format(p, k->to, a, sizeof a));
    }
    printf(", deadline %s: ", keel_time_format(p, k->from, b, sizeof b));
    print_days(p, q, k->late);
    printf(" late");
}

static void print_conflict(const keel_portfolio *p, const keel_conflict *k)
{
    char a[32], b[32], u[16], v[16];
    if (k->accepted)
        printf("%s (accepted: %s): ", kind_name(k->kind),
               keel_accept_reason_text(k->accept_reason));
    else
        printf("%s: ", kind_name(k->kind));
    if (k->kind == KEEL_CONFLICT_RESOURCE) {
        printf("resource '%s' %s .. %s: load %s > capacity %s; tasks: ",
               keel_resource_get(p, k->resource).name, keel_time_format(p, k->from, a, sizeof a),
               keel_time_format(p, k->to, b, sizeof b), cli_units(k->load, u, sizeof u),
               cli_units(k->capacity, v, sizeof v));
        for (int i = 0; i < k->ntasks; i++) {
            printf("%s", i ? ", " : "");
            print_task(p, k->tasks[i]);
        }
    } else if (k->kind == KEEL_CONFLICT_DEADLINE) {
        print_deadline(p, k);
    } else if (k->kind == KEEL_CONFLICT_LINK) {
        print_task(p, k->other);
        printf(" -> ");
        print_task(p, k->task);
        printf(": needs %s, has %s", keel_time_format(p, k->from, a, sizeof a),
               keel_time_format(p, k->to, b, sizeof b));
    } else {
        print_task(p, k->task);
        printf(": %s .. %s", keel_time_format(p, k->from, a, sizeof a),
               keel_time_format(p, k->to, b, sizeof b));
    }
    printf("\n");
}

static void json_deadline(json *j, const keel_portfolio *p, const keel_conflict *k)
{
    int q = keel_task_get(p, k->task).project;
    if (k->project >= 0)
        json_str(j, "project", keel_project_get(p, q).name);
    json_int(j, "late_minutes", k->late);
    json_num(j, "late_days", keel_portfolio_is_research(p)
                                 ? NAN
                                 : (double)k->late / keel_project_get(p, q).minutes_per_day);
}

static void json_conflict(json *j, const keel_portfolio *p, const keel_conflict *k)
{
    json_obj(j, NULL);
    json_str(j, "kind", kind_name(k->kind));
    json_bool(j, "accepted", k->accepted);
    json_str(j, "accept_reason", k->accepted ? keel_accept_reason_text(k->accept_reason) : NULL);
    json_time(j, "from", p, k->from);
    json_time(j, "to", p, k->to);
    if (k->kind == KEEL_CONFLICT_RESOURCE) {
        json_str(j, "resource", keel_resource_get(p, k->resource).name);
        json_num(j, "load", (double)k->load / KEEL_UNITS_ONE);
        json_num(j, "capacity", (double)k->capacity / KEEL_UNITS_ONE);
        json_arr(j, "tasks");
        for (int i = 0; i < k->ntasks; i++)
            json_task_ref(j, p, NULL, k->tasks[i]);
        json_close_arr(j);
    } else {
        json_task_ref(j, p, "task", k->task);
        json_task_ref(j, p, "predecessor", k->other);
    }
    if (k->kind == KEEL_CONFLICT_DEADLINE)
        json_deadline(j, p, k);
    json_close_obj(j);
}

/* "deadlines: tasks 3 (1 missed), projects 2 (1 missed)" when there are any. */
static void print_deadline_summary(const keel_portfolio *p, const keel_conflicts *c)
{
    int tasks = 0, projects = 0, tasks_missed = 0, projects_missed = 0;
    for (int t = 0; t < keel_portfolio_ntasks(p); t++)
        tasks += keel_task_get(p, t).deadline != KEEL_TIME_NONE;
    for (int q = 0; q < keel_portfolio_nprojects(p); q++)
        projects += keel_project_get(p, q).deadline != KEEL_TIME_NONE;
    for (int i = 0; i < keel_conflicts_count(c); i++) {
        const keel_conflict *k = keel_conflicts_get(c, i);
        if (k->kind == KEEL_CONFLICT_DEADLINE) {
            tasks_missed += k->project < 0;
            projects_missed += k->project >= 0;
        }
    }
    if (tasks + projects > 0)
        printf("deadlines: %d on tasks (%d missed), %d of projects (%d missed)\n", tasks,
               tasks_missed, projects, projects_missed);
}

static void report(const keel_portfolio *p, const keel_conflicts *c, bool as_json)
{
    int n = keel_conflicts_count(c);
    if (as_json) {
        json j;
        json_begin(&j, stdout);
        json_obj(&j, NULL);
        json_int(&j, "conflicts", n);
        json_int(&j, "failures", keel_conflicts_failures(c));
        json_arr(&j, "items");
        for (int i = 0; i < n; i++)
            json_conflict(&j, p, keel_conflicts_get(c, i));
        json_close_arr(&j);
        json_close_obj(&j);
        json_end(&j);
        return;
    }
    for (int i = 0; i < n; i++)
        print_conflict(p, keel_conflicts_get(c, i));
    print_deadline_summary(p, c);
    int fails = keel_conflicts_failures(c);
    printf("%d conflict%s (%d accepted)\n", n, n == 1 ? "" : "s", n - fails);
}

int cmd_verify(int argc, char **argv)
{
    cli_common opt;
    if (!cli_parse_common(argc, argv, 2, &opt, NULL, NULL)) {
        cli_common_free(&opt);
        return opt.status;
    }
    keel_portfolio *p = NULL;
    keel_schedule *s = NULL;
    keel_conflicts *c = NULL;
    keel_error err = {0};
    int rc = cli_load(&opt, &p);
    if (rc == EXIT_OK && (keel_schedule_from_input(p, &s, &err) != KEEL_OK ||
                          keel_verify(p, s, &c, &err) != KEEL_OK))
        rc = cli_fail(&err);
    if (rc == EXIT_OK) {
        report(p, c, opt.json);
        /* accepted conflicts (fixed or priority-1000 tasks, resources not
         * leveled, demands above capacity, soft constraints) are listed but
         * do not make a schedule fail */
        rc = keel_conflicts_failures(c) ? EXIT_CONFLICTS : EXIT_OK;
    }
    keel_conflicts_free(c);
    keel_schedule_free(s);
    keel_portfolio_free(p);
    cli_common_free(&opt);
    return rc;
}
