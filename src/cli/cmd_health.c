/* SPDX-License-Identifier: GPL-3.0-or-later
 * keel health: the DCMA 14-point schedule assessment of every input project
 * and of the portfolio, as text, JSON or CSV. Findings are not errors: the
 * exit code is 0 whatever they are, unless the files cannot be read.
 */
#include <math.h>
#include <string.h>

#include "cli.h"

#define TEXT_ITEMS 10 /* offending items shown per check without --all */

typedef struct health_args {
    const char *status_date, *csv;
    bool all;
} health_args;

enum { UNIT_NONE, UNIT_MINUTES, UNIT_DATE };

/* What an item's value is, by check. */
static int value_unit(keel_health_check c)
{
    switch (c) {
    case KEEL_HEALTH_HARD_CONSTRAINTS:
    case KEEL_HEALTH_INVALID_DATES:
    case KEEL_HEALTH_MISSED_TASKS:
    case KEEL_HEALTH_BEI:
        return UNIT_DATE;
    case KEEL_HEALTH_LOGIC:
    case KEEL_HEALTH_RELATIONSHIP_TYPES:
    case KEEL_HEALTH_CPLI:
        return UNIT_NONE;
    default:
        return UNIT_MINUTES;
    }
}

static const char *rule_name(keel_health_rule r)
{
    static const char *const names[] = {"at_most", "at_least", "none", "index", "test"};
    return (unsigned)r < 5 ? names[r] : "?";
}

static int extra(int argc, char **argv, int i, void *ctx)
{
    health_args *a = ctx;
    const char *arg = argv[i];
    if (strcmp(arg, "--all") == 0) {
        a->all = true;
        return 1;
    }
    static const char *const tables[] = {"checks", "tasks", NULL};
    if (strcmp(arg, "--csv") == 0)
        return cli_take_choice(argc, argv, i, tables, &a->csv);
    if (strcmp(arg, "--status-date") != 0)
        return 0;
    if (i + 1 >= argc) {
        fprintf(stderr, "keel: error: %s needs a value\n", arg);
        return -1;
    }
    a->status_date = argv[i + 1];
    return 2;
}

/* ---------------------------------------------------------------- text */

static void print_days(const keel_portfolio *p, int project, int64_t minutes)
{
    int32_t mpd = keel_project_get(p, project).minutes_per_day;
    if (keel_portfolio_is_research(p) || mpd <= 0)
        printf("%lld", (long long)minutes);
    else
        printf("%.1f d", (double)minutes / mpd);
}

static void print_value(const keel_health_result *r)
{
    char buf[32];
    if (!r->applicable)
        snprintf(buf, sizeof buf, "-");
    else if (r->rule == KEEL_HEALTH_INDEX || r->rule == KEEL_HEALTH_TEST)
        snprintf(buf, sizeof buf, "%.2f", r->value);
    else
        snprintf(buf, sizeof buf, "%.1f %%", r->value);
    printf("%10s", buf);
}

static void print_threshold(const keel_health_result *r)
{
    char buf[32];
    switch (r->rule) {
    case KEEL_HEALTH_AT_MOST:
        snprintf(buf, sizeof buf, "<= %g %%", r->threshold);
        break;
    case KEEL_HEALTH_AT_LEAST:
        snprintf(buf, sizeof buf, ">= %g %%", r->threshold);
        break;
    case KEEL_HEALTH_NONE:
        snprintf(buf, sizeof buf, "none");
        break;
    case KEEL_HEALTH_INDEX:
        snprintf(buf, sizeof buf, ">= %.2f", r->threshold);
        break;
    default:
        snprintf(buf, sizeof buf, "moves");
        break;
    }
    printf("  %-9s", buf);
}

static void print_row(const keel_health_result *r)
{
    printf("  %2d  %-30s %7lld %7lld", r->number, r->title, (long long)r->count,
           (long long)r->total);
    print_value(r);
    print_threshold(r);
    if (r->applicable)
        printf("  %s\n", r->pass ? "pass" : "FAIL");
    else
        printf("  n/a (%s)\n", r->note ? r->note : "not applicable");
}

static void print_item(const keel_portfolio *p, const keel_health_result *r,
                       const keel_health_item *it)
{
    keel_task_info ti = keel_task_get(p, it->task);
    char buf[32];
    printf("  %2d  %s UID %d '%s'", r->number, keel_project_get(p, ti.project).name, ti.uid,
           ti.name);
    if (it->other >= 0) {
        keel_task_info oi = keel_task_get(p, it->other);
        printf(" after %s UID %d '%s'", keel_project_get(p, oi.project).name, oi.uid, oi.name);
    }
    printf(": %s", it->why);
    int unit = value_unit(r->check);
    if (unit == UNIT_DATE) {
        printf(" (%s)", keel_time_format(p, it->value, buf, sizeof buf));
    } else if (unit == UNIT_MINUTES) {
        printf(" (");
        print_days(p, ti.project, it->value);
        printf(")");
    }
    printf("\n");
}

static void print_table(const keel_portfolio *p, const keel_health *h, int q, bool all)
{
    printf("  %2s  %-30s %7s %7s %10s  %-9s  %s\n", "#", "check", "count", "total", "value",
           "threshold", "result");
    int passed = 0, applicable = 0;
    for (int c = 0; c < KEEL_HEALTH_NCHECKS; c++) {
        keel_health_result r = keel_health_get(h, q, (keel_health_check)c);
        print_row(&r);
        applicable += r.applicable;
        passed += r.applicable && r.pass;
    }
    for (int c = 0; c < KEEL_HEALTH_NCHECKS; c++) {
        keel_health_result r = keel_health_get(h, q, (keel_health_check)c);
        int shown = all || r.nitems <= TEXT_ITEMS ? r.nitems : TEXT_ITEMS;
        for (int i = 0; i < shown; i++)
            print_item(p, &r, &r.items[i]);
        if (shown < r.nitems)
            printf("  %2d  ... and %d more (--all lists every one)\n", r.number,
                   r.nitems - shown);
    }
    printf("  %d of %d applicable checks pass\n", passed, applicable);
}

static void print_text(const keel_portfolio *p, const keel_health *h, bool all)
{
    char buf[32];
    int n = keel_portfolio_nprojects(p);
    for (int q = 0; q < n; q++) {
        keel_time sd = keel_health_status_date(h, q);
        printf("project %s, status date %s\n", keel_project_get(p, q).name,
               sd == KEEL_TIME_NONE ? "none" : keel_time_format(p, sd, buf, sizeof buf));
        print_table(p, h, q, all);
    }
    if (n > 1) {
        printf("portfolio (%d projects)\n", n);
        print_table(p, h, -1, false);
    }
}

/* ---------------------------------------------------------------- JSON */

static void json_item(json *j, const keel_portfolio *p, const keel_health_result *r,
                      const keel_health_item *it)
{
    json_obj(j, NULL);
    json_task_id(j, p, it->task);
    json_task_ref(j, p, "predecessor", it->other);
    int unit = value_unit(r->check);
    if (unit == UNIT_DATE)
        json_time(j, "value", p, it->value);
    else if (unit == UNIT_MINUTES)
        json_int(j, "value", it->value);
    json_str(j, "why", it->why);
    json_close_obj(j);
}

static void json_checks(json *j, const keel_portfolio *p, const keel_health *h, int q)
{
    json_arr(j, "checks");
    for (int c = 0; c < KEEL_HEALTH_NCHECKS; c++) {
        keel_health_result r = keel_health_get(h, q, (keel_health_check)c);
        json_obj(j, NULL);
        json_int(j, "number", r.number);
        json_str(j, "name", r.name);
        json_str(j, "title", r.title);
        json_str(j, "rule", rule_name(r.rule));
        json_num(j, "threshold", r.threshold);
        json_bool(j, "applicable", r.applicable);
        json_str(j, "note", r.note);
        json_int(j, "count", r.count);
        json_int(j, "total", r.total);
        json_num(j, "value", r.value);
        json_bool(j, "pass", r.pass);
        json_str(j, "value_unit", value_unit(r.check) == UNIT_DATE      ? "date"
                                  : value_unit(r.check) == UNIT_MINUTES ? "working minutes"
                                                                        : NULL);
        json_arr(j, "items");
        for (int i = 0; i < r.nitems; i++)
            json_item(j, p, &r, &r.items[i]);
        json_close_arr(j);
        json_close_obj(j);
    }
    json_close_arr(j);
}

static void print_json(const keel_portfolio *p, const keel_health *h)
{
    json j;
    json_begin(&j, stdout);
    json_obj(&j, NULL);
    json_arr(&j, "projects");
    for (int q = 0; q < keel_portfolio_nprojects(p); q++) {
        json_obj(&j, NULL);
        json_str(&j, "name", keel_project_get(p, q).name);
        json_time(&j, "status_date", p, keel_health_status_date(h, q));
        json_checks(&j, p, h, q);
        json_close_obj(&j);
    }
    json_close_arr(&j);
    json_obj(&j, "portfolio");
    json_checks(&j, p, h, -1);
    json_close_obj(&j);
    json_close_obj(&j);
    json_end(&j);
}

/* ---------------------------------------------------------------- CSV */

static void csv_checks(const keel_portfolio *p, const keel_health *h)
{
    static const char *const head[] = {"project", "number", "check", "title", "applicable",
                                       "count", "total", "value", "threshold", "rule",
                                       "pass", "note"};
    csv c;
    csv_begin(&c, stdout);
    csv_header(&c, head, 12);
    int n = keel_portfolio_nprojects(p);
    for (int q = -1; q < n; q++)
        for (int k = 0; k < KEEL_HEALTH_NCHECKS; k++) {
            keel_health_result r = keel_health_get(h, q, (keel_health_check)k);
            csv_str(&c, q < 0 ? "(portfolio)" : keel_project_get(p, q).name);
            csv_int(&c, r.number);
            csv_str(&c, r.name);
            csv_str(&c, r.title);
            csv_str(&c, r.applicable ? "yes" : "no");
            csv_int(&c, r.count);
            csv_int(&c, r.total);
            csv_num(&c, r.value);
            csv_num(&c, r.threshold);
            csv_str(&c, rule_name(r.rule));
            csv_str(&c, !r.applicable ? "" : r.pass ? "pass" : "fail");
            csv_str(&c, r.note);
            csv_end(&c);
        }
}

static void csv_tasks(const keel_portfolio *p, const keel_health *h)
{
    static const char *const head[] = {"project", "number", "check", "uid", "name",
                                       "predecessor_project", "predecessor_uid",
                                       "predecessor_name", "value", "unit", "why"};
    csv c;
    csv_begin(&c, stdout);
    csv_header(&c, head, 11);
    for (int q = 0; q < keel_portfolio_nprojects(p); q++)
        for (int k = 0; k < KEEL_HEALTH_NCHECKS; k++) {
            keel_health_result r = keel_health_get(h, q, (keel_health_check)k);
            int unit = value_unit(r.check);
            for (int i = 0; i < r.nitems; i++) {
                const keel_health_item *it = &r.items[i];
                keel_task_info ti = keel_task_get(p, it->task);
                keel_task_info oi = keel_task_get(p, it->other);
                csv_str(&c, keel_project_get(p, q).name);
                csv_int(&c, r.number);
                csv_str(&c, r.name);
                csv_int(&c, ti.uid);
                csv_str(&c, ti.name);
                csv_str(&c, it->other >= 0 ? keel_project_get(p, oi.project).name : NULL);
                if (it->other >= 0)
                    csv_int(&c, oi.uid);
                else
                    csv_str(&c, NULL);
                csv_str(&c, it->other >= 0 ? oi.name : NULL);
                if (unit == UNIT_DATE)
                    csv_time(&c, p, it->value);
                else if (unit == UNIT_MINUTES)
                    csv_int(&c, it->value);
                else
                    csv_str(&c, NULL);
                csv_str(&c, unit == UNIT_DATE      ? "date"
                            : unit == UNIT_MINUTES ? "working minutes"
                                                   : NULL);
                csv_str(&c, it->why);
                csv_end(&c);
            }
        }
}

int cmd_health(int argc, char **argv)
{
    health_args a = {0};
    cli_common c;
    if (!cli_parse_common(argc, argv, 2, &c, extra, &a) || !cli_one_format(&c, a.csv)) {
        int rc = c.status != EXIT_OK ? c.status : EXIT_USAGE;
        cli_common_free(&c);
        return rc;
    }
    keel_portfolio *p = NULL;
    keel_health *h = NULL;
    int rc = cli_load(&c, &p);
    if (rc == EXIT_OK) {
        keel_error err = {0};
        keel_health_options o;
        keel_health_options_init(&o);
        keel_status st = KEEL_OK;
        if (a.status_date &&
            (st = keel_time_parse(p, a.status_date, &o.status_date, &err)) != KEEL_OK) {
            char msg[sizeof err.message];
            snprintf(msg, sizeof msg, "--status-date: %.400s", err.message);
            memcpy(err.message, msg, sizeof msg);
        }
        if (st == KEEL_OK)
            st = keel_health_run(p, &o, &h, &err);
        if (st != KEEL_OK)
            rc = cli_fail(&err);
        else if (c.json)
            print_json(p, h);
        else if (a.csv && a.csv[0] == 'c')
            csv_checks(p, h);
        else if (a.csv)
            csv_tasks(p, h);
        else
            print_text(p, h, a.all);
    }
    keel_health_free(h);
    keel_portfolio_free(p);
    cli_common_free(&c);
    return rc;
}
