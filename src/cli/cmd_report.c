/* SPDX-License-Identifier: GPL-3.0-or-later
 * keel report: the consolidated HTML report (and CSV exports with --csv DIR)
 * of the dates as they stand in the files (input plans, or the outputs of
 * `keel level`), or of keel's leveling with --level. Prints why projects
 * slip and what it wrote.
 */
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

typedef struct report_args {
    cli_pmo pmo;
    const char *csv_dir;
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
    return cli_pmo_option(argc, argv, i, &a->pmo);
}

keel_status cli_write_report(const keel_portfolio *p, const keel_result *r,
                             const keel_explanation *why, const char *html, const char *csv_dir,
                             keel_error *err)
{
    keel_report *rep = NULL;
    keel_status st = keel_report_new(p, r, why, &rep, err);
    if (st == KEEL_OK && html)
        st = keel_report_write_html(rep, html, err);
    if (st == KEEL_OK && csv_dir)
        st = keel_report_write_csv(rep, csv_dir, err);
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

int cmd_report(int argc, char **argv)
{
    report_args a = {0};
    keel_options_init(&a.pmo.opt);
    cli_common c;
    if (!cli_parse_common(argc, argv, 2, &c, extra, &a)) {
        cli_common_free(&c);
        return EXIT_USAGE;
    }
    if (!a.pmo.out && !a.csv_dir) {
        fprintf(stderr, "keel: error: report needs -o FILE.html or --csv DIR\n");
        cli_common_free(&c);
        return EXIT_USAGE;
    }
    keel_portfolio *p = NULL;
    keel_result *r = NULL;
    keel_explanation *why = NULL;
    int rc = cli_load(&c, &p);
    if (rc == EXIT_OK) {
        keel_error err = {0};
        keel_status st = cli_pmo_result(p, &a.pmo, &r, &err);
        if (st == KEEL_OK)
            st = keel_explain(p, keel_result_schedule(r), &why, &err);
        if (st == KEEL_OK)
            st = cli_write_report(p, r, why, a.pmo.out, a.csv_dir, &err);
        if (st != KEEL_OK) {
            rc = cli_fail(&err);
        } else {
            cli_print_why(p, why);
            print_written(a.pmo.out, a.csv_dir);
        }
    }
    keel_explanation_free(why);
    keel_result_free(r);
    keel_portfolio_free(p);
    cli_common_free(&c);
    return rc;
}
