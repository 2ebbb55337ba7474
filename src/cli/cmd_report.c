/* SPDX-License-Identifier: GPL-3.0-or-later
 * keel report: the consolidated HTML report (and CSV exports with --csv DIR)
 * of the dates as they stand in the files (input plans, or the outputs of
 * `keel level`), or of keel's leveling with --level; with the schedule
 * health of the plans and, with --risk, the schedule risk of the reported
 * dates. Targets are checked before any work; each folder's files are
 * renamed into place together. Prints why projects slip and what it wrote.
 */
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

typedef struct report_args {
    cli_pmo pmo;
    const char *csv_dir;
    cli_sections sections; /* health, risk */
    bool json;
    keel_output *html_set, *csv_set; /* csv_set NULL: the CSV go into html_set */
} report_args;

static int extra(int argc, char **argv, int i, void *ctx)
{
    report_args *a = ctx;
    if (strcmp(argv[i], "--csv") == 0) {
        if (i + 1 >= argc) {
            fprintf(stderr, "keel: error: --csv needs a directory\n");
            return -1;
        }
        a->csv_dir = argv[i + 1];
        return 2;
    }
    int used = cli_sections_option(argc, argv, i, &a->sections);
    return used ? used : cli_pmo_option(argc, argv, i, &a->pmo);
}

static keel_status prepare(const keel_portfolio *p, report_args *a, keel_error *err)
{
    char dir[4096] = "";
    keel_status st = KEEL_OK;
    if (a->pmo.out) {
        cli_split_path(a->pmo.out, dir, sizeof dir);
        st = cli_report_prepare(p, a->pmo.out, NULL, NULL, &a->html_set, err);
    }
    if (st != KEEL_OK || !a->csv_dir)
        return st;
    keel_output *o = a->html_set;
    if (!a->html_set || !cli_same_folder(a->csv_dir, dir)) {
        st = cli_output_begin(a->csv_dir, &a->csv_set, err);
        o = a->csv_set;
    }
    if (st == KEEL_OK)
        st = keel_output_add_report(o, p, NULL, true, err);
    if (st == KEEL_OK)
        st = keel_output_check(o, err);
    return st;
}

static keel_status write(const keel_portfolio *p, const keel_result *r,
                         const keel_explanation *why, report_args *a, keel_error *err)
{
    char dir[4096];
    keel_report *rep = NULL;
    keel_status st =
        cli_report_build(p, r, why, &a->pmo.opt, &a->sections, NULL, &rep, err);
    if (st == KEEL_OK && a->html_set)
        st = keel_output_put_report(a->html_set, rep,
                                    cli_split_path(a->pmo.out, dir, sizeof dir),
                                    a->csv_dir && !a->csv_set, err);
    if (st == KEEL_OK && a->csv_set)
        st = keel_output_put_report(a->csv_set, rep, NULL, true, err);
    if (st == KEEL_OK && a->html_set)
        st = keel_output_commit(a->html_set, err);
    if (st == KEEL_OK && a->csv_set)
        st = keel_output_commit(a->csv_set, err);
    keel_report_free(rep);
    return st;
}

static void print_written(const char *html, const char *csv_dir)
{
    struct stat sb;
    if (html && stat(html, &sb) == 0)
        printf("wrote %s (%.1f MB)\n", html, (double)sb.st_size / 1e6);
    if (csv_dir)
        printf("wrote projects.csv, tasks.csv and load.csv into %s\n", csv_dir);
}

/* --json: what was written, and why projects slip. */
static void print_json(const keel_portfolio *p, const keel_explanation *why,
                       const report_args *a)
{
    json j;
    json_begin(&j, stdout);
    json_obj(&j, NULL);
    json_str(&j, "report", a->pmo.out);
    json_str(&j, "csv", a->csv_dir);
    cli_json_why(&j, p, why);
    json_close_obj(&j);
    json_end(&j);
}

static int run_report(report_args *a, const keel_portfolio *p)
{
    keel_error err = {0};
    keel_result *r = NULL;
    keel_explanation *why = NULL;
    keel_status st = prepare(p, a, &err);
    if (st == KEEL_OK)
        st = cli_pmo_result(p, &a->pmo, &r, &err);
    if (st == KEEL_OK)
        st = keel_explain(p, keel_result_schedule(r), &why, &err);
    if (st == KEEL_OK)
        st = write(p, r, why, a, &err);
    int rc = st == KEEL_OK ? EXIT_OK : cli_fail(&err);
    if (st == KEEL_OK && a->json) {
        print_json(p, why, a);
    } else if (st == KEEL_OK) {
        cli_print_why(p, why);
        print_written(a->pmo.out, a->csv_dir);
    }
    keel_output_free(a->csv_set);
    keel_output_free(a->html_set);
    keel_explanation_free(why);
    keel_result_free(r);
    return rc;
}

int cmd_report(int argc, char **argv)
{
    report_args a = {0};
    keel_options_init(&a.pmo.opt);
    cli_sections_init(&a.sections);
    cli_common c;
    if (!cli_parse_common(argc, argv, 2, &c, extra, &a)) {
        cli_common_free(&c);
        return c.status;
    }
    if (!a.pmo.out && !a.csv_dir) {
        fprintf(stderr, "keel: error: report needs -o FILE.html or --csv DIR\n");
        cli_common_free(&c);
        return EXIT_USAGE;
    }
    a.json = c.json;
    keel_portfolio *p = NULL;
    int rc = cli_load(&c, &p);
    if (rc == EXIT_OK)
        rc = run_report(&a, p);
    keel_portfolio_free(p);
    cli_common_free(&c);
    return rc;
}
