/* SPDX-License-Identifier: GPL-3.0-or-later
 * What the PMO commands (report, load, level --report) share: the result they
 * show, the portfolio leveled by keel (--level, with the solver options) or
 * the dates as they stand in the files (input plans, or outputs of `keel
 * level`) summarised the same way; and the output sets their files go into,
 * one per folder, prepared before the work and committed after it.
 */
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

int cli_pmo_option(int argc, char **argv, int i, cli_pmo *a)
{
    if (strcmp(argv[i], "--level") == 0) {
        a->level = true;
        return 1;
    }
    if (strcmp(argv[i], "-o") == 0 || strcmp(argv[i], "--output") == 0) {
        if (i + 1 >= argc) {
            fprintf(stderr, "keel: error: %s needs a file name\n", argv[i]);
            return -1;
        }
        a->out = argv[i + 1];
        return 2;
    }
    return cli_parse_option(argc, argv, i, &a->opt);
}

keel_status cli_pmo_result(const keel_portfolio *p, cli_pmo *a, keel_result **out,
                           keel_error *err)
{
    if (a->level)
        return cli_level(p, &a->opt, false, out, err);
    keel_schedule *s = NULL;
    keel_status st = keel_schedule_from_input(p, &s, err);
    if (st == KEEL_OK)
        st = keel_result_of_schedule(p, s, &a->opt, out, err);
    keel_schedule_free(s);
    return st;
}

const char *cli_split_path(const char *path, char *dir, size_t size)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        snprintf(dir, size, ".");
    else if (slash == path)
        snprintf(dir, size, "/");
    else
        snprintf(dir, size, "%.*s", (int)(slash - path), path);
    return slash ? slash + 1 : path;
}

bool cli_same_folder(const char *a, const char *b)
{
    struct stat x, y;
    return a && b && stat(a, &x) == 0 && stat(b, &y) == 0 && x.st_dev == y.st_dev &&
           x.st_ino == y.st_ino;
}

keel_status cli_output_begin(const char *dir, keel_output **o, keel_error *err)
{
    keel_status st = keel_output_begin(dir, o, err);
    for (int i = 0; st == KEEL_OK && i < keel_output_nnotes(*o); i++)
        fprintf(stderr, "keel: note: %s\n", keel_output_note(*o, i));
    return st;
}

keel_status cli_report_prepare(const keel_portfolio *p, const char *html, keel_output *o,
                               const char *o_dir, keel_output **own, keel_error *err)
{
    char dir[4096];
    const char *name = cli_split_path(html, dir, sizeof dir);
    keel_status st = KEEL_OK;
    if (!o || !cli_same_folder(dir, o_dir)) {
        st = cli_output_begin(dir, own, err);
        o = *own;
    }
    if (st == KEEL_OK)
        st = keel_output_add_report(o, p, name, false, err);
    if (st == KEEL_OK)
        st = keel_output_check(o, err);
    return st;
}

keel_status cli_report_put(const keel_portfolio *p, const keel_result *r,
                           const keel_explanation *why, const char *html, keel_output *o,
                           keel_error *err)
{
    char dir[4096];
    keel_report *rep = NULL;
    keel_status st = keel_report_new(p, r, why, &rep, err);
    if (st == KEEL_OK)
        st = keel_output_put_report(o, rep, cli_split_path(html, dir, sizeof dir), false,
                                    err);
    keel_report_free(rep);
    return st;
}
