/* SPDX-License-Identifier: GPL-3.0-or-later
 * keel risk: Monte Carlo schedule risk of the leveled plan (or of the files'
 * own dates with --plan input): per project the finish percentiles and the
 * probability of meeting its deadline, the portfolio's finish, each task's
 * criticality and the tornado lists of drivers, as text, JSON or CSV. Bad
 * options or estimates are reported before anything is printed.
 */
#include <math.h>
#include <string.h>

#include "cli.h"

#define TEXT_DRIVERS 5 /* drivers per list in the text output */
#define JSON_BINS 20   /* histogram bins in the JSON output */

typedef struct risk_args {
    keel_options opt;          /* leveling (--plan level), seed, threads */
    keel_risk_options risk;
    const char *iterations, *percentiles, *drivers, *csv;
    bool no_file_estimates, input_plan;
} risk_args;

static int takes(int argc, char **argv, int i, const char **slot)
{
    if (i + 1 >= argc) {
        fprintf(stderr, "keel: error: %s needs a value\n", argv[i]);
        return -1;
    }
    *slot = argv[i + 1];
    return 2;
}

static int extra(int argc, char **argv, int i, void *ctx)
{
    risk_args *a = ctx;
    const char *arg = argv[i], *plan = NULL;
    if (strcmp(arg, "--iterations") == 0)
        return takes(argc, argv, i, &a->iterations);
    if (strcmp(arg, "--percentiles") == 0)
        return takes(argc, argv, i, &a->percentiles);
    if (strcmp(arg, "--drivers") == 0)
        return takes(argc, argv, i, &a->drivers);
    if (strcmp(arg, "--no-file-estimates") == 0)
        return a->no_file_estimates = true, 1;
    static const char *const tables[] = {"projects", "tasks", "drivers", "finishes", NULL};
    static const char *const plans[] = {"level", "input", NULL};
    if (strcmp(arg, "--csv") == 0)
        return cli_take_choice(argc, argv, i, tables, &a->csv);
    if (strcmp(arg, "--plan") == 0) {
        int used = cli_take_choice(argc, argv, i, plans, &plan);
        a->input_plan = used > 0 && plan == plans[1];
        return used;
    }
    return cli_parse_option(argc, argv, i, &a->opt);
}

/* The risk options from the command line; false after printing an error. */
static bool risk_options(risk_args *a)
{
    keel_risk_options_init(&a->risk);
    a->risk.seed = a->opt.seed;
    a->risk.threads = a->opt.threads;
    a->risk.file_estimates = !a->no_file_estimates;
    const char *names[3] = {"iterations", "percentiles", "drivers"};
    const char *values[3] = {a->iterations, a->percentiles, a->drivers};
    for (int k = 0; k < 3; k++) {
        keel_error err = {0};
        if (values[k] && keel_risk_options_set(&a->risk, names[k], values[k], &err) != KEEL_OK) {
            fprintf(stderr, "keel: error: %s\n", err.message);
            return false;
        }
    }
    return true;
}

/* ---------------------------------------------------------------- text */

static void print_days(const keel_portfolio *p, int q, double minutes)
{
    int32_t mpd = keel_project_get(p, q).minutes_per_day;
    if (keel_portfolio_is_research(p) || mpd <= 0)
        printf("%+8.0f", minutes);
    else
        printf("%+7.1f d", minutes / mpd);
}

static const char *label(const keel_portfolio *p, int q)
{
    return q < 0 ? "portfolio" : keel_project_get(p, q).name;
}

static void print_finishes(const keel_portfolio *p, const keel_risk *r, int q)
{
    keel_risk_info in = keel_risk_get(r);
    keel_risk_project rp = keel_risk_project_get(r, q);
    char buf[32];
    printf("%-28s %-20s", label(p, q), keel_time_format(p, rp.plan_finish, buf, sizeof buf));
    for (int k = 0; k < in.npercentiles; k++)
        printf(" %-20s", keel_time_format(p, rp.percentile[k], buf, sizeof buf));
    printf(" %-20s", keel_time_format(p, rp.deadline, buf, sizeof buf));
    if (isnan(rp.p_deadline))
        printf("  -\n");
    else
        printf("  %5.1f %%\n", 100 * rp.p_deadline);
}

static void print_drivers(const keel_portfolio *p, const keel_risk *r, int q, int max)
{
    keel_risk_project rp = keel_risk_project_get(r, q);
    if (rp.ndrivers == 0)
        return;
    if (q >= 0)
        printf("drivers of %s:\n", label(p, q));
    else
        printf("drivers of the portfolio finish:\n");
    for (int i = 0; i < rp.ndrivers && i < max; i++) {
        int t = rp.drivers[i];
        keel_task_info ti = keel_task_get(p, t);
        keel_risk_task rt = keel_risk_task_get(r, t);
        printf("  %2d ", i + 1);
        print_days(p, ti.project, q < 0 ? rt.portfolio_swing : rt.swing);
        printf("  critical %3.0f %%  %s UID %d '%s'\n", 100 * rt.criticality,
               keel_project_get(p, ti.project).name, ti.uid, ti.name);
    }
}

static void print_text(const keel_portfolio *p, const keel_risk *r, bool input_plan)
{
    keel_risk_info in = keel_risk_get(r);
    char buf[32], head[16];
    printf("risk of the %s: %lld iterations, seed %llu; %d task%s vary (%d by three-point "
           "estimates in the files, %d by the portfolio file)\n",
           input_plan ? "plan in the files" : "leveled plan", (long long)in.iterations,
           (unsigned long long)in.seed, in.uncertain, in.uncertain == 1 ? "" : "s",
           in.from_files, in.from_portfolio);
    printf("%-28s %-20s", "project", "plan finish");
    for (int k = 0; k < in.npercentiles; k++) {
        snprintf(head, sizeof head, "P%g", in.percentiles[k]);
        printf(" %-20s", head);
    }
    printf(" %-20s  %s\n", "deadline", "on time");
    int n = keel_portfolio_nprojects(p);
    for (int q = 0; q < n; q++)
        print_finishes(p, r, q);
    print_finishes(p, r, -1);
    for (int q = 0; q < n; q++) {
        keel_risk_project rp = keel_risk_project_get(r, q);
        if (rp.retimed_finish != rp.plan_finish)
            printf("note: %s re-timed with its planned durations finishes %s: the plan is "
                   "not what the serial generator makes of its start order\n",
                   label(p, q), keel_time_format(p, rp.retimed_finish, buf, sizeof buf));
    }
    for (int q = 0; q < n; q++)
        print_drivers(p, r, q, TEXT_DRIVERS);
    print_drivers(p, r, -1, TEXT_DRIVERS);
    printf("(drivers: how far the mean finish moves between the iterations in which the "
           "task ran in its shortest and in its longest tenth; critical: share of "
           "iterations on its project's critical chain)\n");
}

/* ---------------------------------------------------------------- JSON */

static void json_finishes(json *j, const keel_portfolio *p, const keel_risk *r, int q)
{
    keel_risk_info in = keel_risk_get(r);
    keel_risk_project rp = keel_risk_project_get(r, q);
    json_time(j, "plan_finish", p, rp.plan_finish);
    json_time(j, "retimed_finish", p, rp.retimed_finish);
    json_time(j, "deadline", p, rp.deadline);
    json_num(j, "p_deadline", rp.p_deadline);
    json_num(j, "p_plan", rp.p_plan);
    json_time(j, "mean", p, rp.mean);
    json_time(j, "min", p, rp.min);
    json_time(j, "max", p, rp.max);
    json_arr(j, "percentiles");
    for (int k = 0; k < in.npercentiles; k++) {
        json_obj(j, NULL);
        json_num(j, "p", in.percentiles[k]);
        json_time(j, "finish", p, rp.percentile[k]);
        json_close_obj(j);
    }
    json_close_arr(j);
    int64_t counts[JSON_BINS];
    keel_time edges[JSON_BINS + 1];
    int bins = keel_risk_histogram(r, q, JSON_BINS, counts, edges);
    json_obj(j, "histogram");
    json_arr(j, "edges");
    for (int k = 0; bins && k <= bins; k++)
        json_time(j, NULL, p, edges[k]);
    json_close_arr(j);
    json_arr(j, "counts");
    for (int k = 0; k < bins; k++)
        json_int(j, NULL, counts[k]);
    json_close_arr(j);
    json_close_obj(j);
}

static void json_drivers(json *j, const keel_portfolio *p, const keel_risk *r, int q)
{
    keel_risk_project rp = keel_risk_project_get(r, q);
    json_arr(j, "drivers");
    for (int i = 0; i < rp.ndrivers; i++) {
        keel_risk_task rt = keel_risk_task_get(r, rp.drivers[i]);
        json_obj(j, NULL);
        json_task_id(j, p, rp.drivers[i]);
        json_num(j, "swing", q < 0 ? rt.portfolio_swing : rt.swing);
        json_num(j, "criticality", rt.criticality);
        json_close_obj(j);
    }
    json_close_arr(j);
}

static const char *source_name(keel_risk_source s)
{
    return s == KEEL_RISK_FILE ? "file" : s == KEEL_RISK_PORTFOLIO ? "portfolio" : "none";
}

static void json_tasks(json *j, const keel_portfolio *p, const keel_risk *r)
{
    json_arr(j, "tasks");
    for (int t = 0; t < keel_portfolio_ntasks(p); t++) {
        keel_task_info ti = keel_task_get(p, t);
        if (ti.summary)
            continue;
        keel_risk_task rt = keel_risk_task_get(r, t);
        json_obj(j, NULL);
        json_task_id(j, p, t);
        json_str(j, "source", source_name(rt.source));
        json_int(j, "optimistic", rt.optimistic);
        json_int(j, "most_likely", rt.most_likely);
        json_int(j, "pessimistic", rt.pessimistic);
        json_num(j, "criticality", rt.criticality);
        json_num(j, "swing", rt.swing);
        json_num(j, "portfolio_swing", rt.portfolio_swing);
        json_close_obj(j);
    }
    json_close_arr(j);
}

static void print_json(const keel_portfolio *p, const keel_risk *r, bool input_plan)
{
    keel_risk_info in = keel_risk_get(r);
    json j;
    json_begin(&j, stdout);
    json_obj(&j, NULL);
    json_str(&j, "plan", input_plan ? "input" : "level");
    json_int(&j, "iterations", in.iterations);
    json_int(&j, "seed", (long long)in.seed);
    json_int(&j, "uncertain", in.uncertain);
    json_int(&j, "from_files", in.from_files);
    json_int(&j, "from_portfolio", in.from_portfolio);
    json_str(&j, "duration_unit", keel_portfolio_is_research(p) ? "periods" : "working minutes");
    json_arr(&j, "projects");
    for (int q = 0; q < keel_portfolio_nprojects(p); q++) {
        json_obj(&j, NULL);
        json_str(&j, "name", keel_project_get(p, q).name);
        json_finishes(&j, p, r, q);
        json_drivers(&j, p, r, q);
        json_close_obj(&j);
    }
    json_close_arr(&j);
    json_obj(&j, "portfolio");
    json_finishes(&j, p, r, -1);
    json_drivers(&j, p, r, -1);
    json_close_obj(&j);
    json_tasks(&j, p, r);
    json_close_obj(&j);
    json_end(&j);
}

/* ---------------------------------------------------------------- CSV */

static void csv_projects(const keel_portfolio *p, const keel_risk *r)
{
    keel_risk_info in = keel_risk_get(r);
    csv c;
    csv_begin(&c, stdout);
    static const char *const head[] = {"project", "plan_finish", "retimed_finish", "deadline",
                                       "p_deadline", "p_plan", "mean", "min"};
    for (int k = 0; k < 8; k++)
        csv_str(&c, head[k]);
    char name[32];
    for (int k = 0; k < in.npercentiles; k++) {
        snprintf(name, sizeof name, "P%g", in.percentiles[k]);
        csv_str(&c, name);
    }
    csv_str(&c, "max");
    csv_end(&c);
    for (int q = 0; q <= keel_portfolio_nprojects(p); q++) {
        int who = q < keel_portfolio_nprojects(p) ? q : -1;
        keel_risk_project rp = keel_risk_project_get(r, who);
        csv_str(&c, who < 0 ? "(portfolio)" : label(p, who));
        csv_time(&c, p, rp.plan_finish);
        csv_time(&c, p, rp.retimed_finish);
        csv_time(&c, p, rp.deadline);
        csv_num(&c, rp.p_deadline);
        csv_num(&c, rp.p_plan);
        csv_time(&c, p, rp.mean);
        csv_time(&c, p, rp.min);
        for (int k = 0; k < in.npercentiles; k++)
            csv_time(&c, p, rp.percentile[k]);
        csv_time(&c, p, rp.max);
        csv_end(&c);
    }
}

static void csv_tasks(const keel_portfolio *p, const keel_risk *r)
{
    static const char *const head[] = {"project",     "uid",         "name",
                                       "source",      "optimistic",  "most_likely",
                                       "pessimistic", "criticality", "swing",
                                       "portfolio_swing"};
    csv c;
    csv_begin(&c, stdout);
    csv_header(&c, head, 10);
    for (int t = 0; t < keel_portfolio_ntasks(p); t++) {
        keel_task_info ti = keel_task_get(p, t);
        if (ti.summary)
            continue;
        keel_risk_task rt = keel_risk_task_get(r, t);
        csv_str(&c, label(p, ti.project));
        csv_int(&c, ti.uid);
        csv_str(&c, ti.name);
        csv_str(&c, source_name(rt.source));
        csv_int(&c, rt.optimistic);
        csv_int(&c, rt.most_likely);
        csv_int(&c, rt.pessimistic);
        csv_num(&c, rt.criticality);
        csv_num(&c, rt.swing);
        csv_num(&c, rt.portfolio_swing);
        csv_end(&c);
    }
}

static void csv_drivers(const keel_portfolio *p, const keel_risk *r)
{
    static const char *const head[] = {"scope", "rank", "project", "uid",
                                       "name",  "swing", "criticality"};
    csv c;
    csv_begin(&c, stdout);
    csv_header(&c, head, 7);
    for (int q = 0; q <= keel_portfolio_nprojects(p); q++) {
        int who = q < keel_portfolio_nprojects(p) ? q : -1;
        keel_risk_project rp = keel_risk_project_get(r, who);
        for (int i = 0; i < rp.ndrivers; i++) {
            keel_task_info ti = keel_task_get(p, rp.drivers[i]);
            keel_risk_task rt = keel_risk_task_get(r, rp.drivers[i]);
            csv_str(&c, who < 0 ? "(portfolio)" : label(p, who));
            csv_int(&c, i + 1);
            csv_str(&c, label(p, ti.project));
            csv_int(&c, ti.uid);
            csv_str(&c, ti.name);
            csv_num(&c, who < 0 ? rt.portfolio_swing : rt.swing);
            csv_num(&c, rt.criticality);
            csv_end(&c);
        }
    }
}

static void csv_finishes(const keel_portfolio *p, const keel_risk *r)
{
    int n = keel_portfolio_nprojects(p);
    csv c;
    csv_begin(&c, stdout);
    csv_str(&c, "iteration");
    for (int q = 0; q < n; q++)
        csv_str(&c, label(p, q));
    csv_str(&c, "(portfolio)");
    csv_end(&c);
    for (int64_t i = 0; i < keel_risk_get(r).iterations; i++) {
        csv_int(&c, i + 1);
        for (int q = 0; q <= n; q++)
            csv_time(&c, p, keel_risk_project_get(r, q < n ? q : -1).samples[i]);
        csv_end(&c);
    }
}

static void print_result(const cli_common *c, const risk_args *a, const keel_portfolio *p,
                         const keel_risk *r)
{
    if (c->json)
        print_json(p, r, a->input_plan);
    else if (!a->csv)
        print_text(p, r, a->input_plan);
    else if (a->csv[0] == 'p')
        csv_projects(p, r);
    else if (a->csv[0] == 't')
        csv_tasks(p, r);
    else if (a->csv[0] == 'd')
        csv_drivers(p, r);
    else
        csv_finishes(p, r);
}

/* ---------------------------------------------------------------- command */

static keel_status run_risk(risk_args *a, const keel_portfolio *p, keel_risk **out,
                            keel_error *err)
{
    keel_result *leveled = NULL;
    keel_schedule *input = NULL;
    keel_status st = a->input_plan ? keel_schedule_from_input(p, &input, err)
                                   : cli_level(p, &a->opt, false, &leveled, err);
    if (st == KEEL_OK)
        st = keel_risk_run(p, a->input_plan ? input : keel_result_schedule(leveled), &a->risk,
                           out, err);
    keel_schedule_free(input);
    keel_result_free(leveled);
    return st;
}

int cmd_risk(int argc, char **argv)
{
    risk_args a = {0};
    keel_options_init(&a.opt);
    cli_common c;
    if (!cli_parse_common(argc, argv, 2, &c, extra, &a) || !cli_one_format(&c, a.csv)) {
        int rc = c.status != EXIT_OK ? c.status : EXIT_USAGE;
        cli_common_free(&c);
        return rc;
    }
    keel_portfolio *p = NULL;
    keel_risk *r = NULL;
    int rc = risk_options(&a) ? cli_load(&c, &p) : EXIT_INPUT;
    if (rc == EXIT_OK) {
        keel_error err = {0};
        if (run_risk(&a, p, &r, &err) != KEEL_OK)
            rc = cli_fail(&err);
        else
            print_result(&c, &a, p, r);
    }
    keel_risk_free(r);
    keel_portfolio_free(p);
    cli_common_free(&c);
    return rc;
}
