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

keel_status cli_report_put(const keel_report *rep, const char *html, keel_output *o,
                           keel_error *err)
{
    char dir[4096];
    const char *name = cli_split_path(html, dir, sizeof dir);
    return keel_output_put_report(o, rep, name, false, err);
}

void cli_sections_init(cli_sections *s)
{
    *s = (cli_sections){0};
    keel_risk_options_init(&s->risk_opt);
}

int cli_sections_option(int argc, char **argv, int i, cli_sections *s)
{
    if (strcmp(argv[i], "--no-health") == 0)
        return s->no_health = true, 1;
    if (strcmp(argv[i], "--risk") == 0)
        return s->risk = true, 1;
    if (strcmp(argv[i], "--risk-iterations") != 0)
        return 0;
    if (i + 1 >= argc) {
        fprintf(stderr, "keel: error: --risk-iterations needs a value\n");
        return -1;
    }
    keel_error err = {0};
    if (keel_risk_options_set(&s->risk_opt, "iterations", argv[i + 1], &err) != KEEL_OK) {
        /* the message names "--iterations" */
        fprintf(stderr, "keel: error: --risk-%s\n", err.message + 2);
        return CLI_BAD_VALUE;
    }
    s->risk = true;
    return 2;
}

static keel_status add_health(keel_report *rep, const keel_portfolio *p, keel_error *err)
{
    keel_health *h = NULL;
    keel_status st = keel_health_run(p, NULL, &h, err);
    if (st == KEEL_OK)
        st = keel_report_add_health(rep, h, err);
    keel_health_free(h);
    return st;
}

static keel_status add_risk(keel_report *rep, const keel_portfolio *p,
                            const keel_result *r, const keel_options *o,
                            const cli_sections *sec, keel_error *err)
{
    keel_risk_options ro = sec->risk_opt;
    ro.seed = o->seed;
    ro.threads = o->threads;
    keel_risk *risk = NULL;
    keel_status st = keel_risk_run(p, keel_result_schedule(r), &ro, &risk, err);
    if (st == KEEL_OK)
        st = keel_report_add_risk(rep, risk, err);
    keel_risk_free(risk);
    return st;
}

keel_status cli_report_build(const keel_portfolio *p, const keel_result *r,
                             const keel_explanation *why, const keel_options *o,
                             const cli_sections *sec, const keel_whatif *w,
                             keel_report **out, keel_error *err)
{
    keel_report *rep = NULL;
    keel_status st = keel_report_new(p, r, why, &rep, err);
    if (st == KEEL_OK && w)
        st = keel_report_add_whatif(rep, w, err);
    if (st == KEEL_OK && !sec->no_health)
        st = add_health(rep, p, err);
    if (st == KEEL_OK && sec->risk)
        st = add_risk(rep, p, r, o, sec, err);
    if (st != KEEL_OK) {
        keel_report_free(rep);
        rep = NULL;
    }
    *out = rep;
    return st;
}
