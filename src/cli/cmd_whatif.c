/* SPDX-License-Identifier: GPL-3.0-or-later
 * keel whatif: level the portfolio under what-if scenarios and print them side
 * by side (text, JSON or CSV); optionally write each scenario's leveled files.
 * --shard K/N runs a share of the scenarios and prints its JSON; --merge joins
 * such shard files into the comparison of the whole list. --report FILE
 * writes the HTML report of the base with the comparison as a section.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"

typedef struct whatif_args {
    keel_options opt;
    const char *scenarios, *sweep, *out_dir, *report;
    cli_sections sections; /* the report's health and risk */
    bool csv, merge;
    int shard, nshards;
} whatif_args;

static bool parse_shard(const char *s, whatif_args *a)
{
    char *end;
    long k = strtol(s, &end, 10);
    if (end == s || *end != '/')
        return false;
    const char *n_text = end + 1;
    long n = strtol(n_text, &end, 10);
    if (end == n_text || *end || n < 1 || n > 100000 || k < 1 || k > n)
        return false;
    a->shard = (int)k;
    a->nshards = (int)n;
    return true;
}

static int extra(int argc, char **argv, int i, void *ctx)
{
    whatif_args *a = ctx;
    const char *o = argv[i];
    bool takes = !strcmp(o, "--scenarios") || !strcmp(o, "--sweep") || !strcmp(o, "-o") ||
                 !strcmp(o, "--output") || !strcmp(o, "--shard") ||
                 !strcmp(o, "--report");
    if (!strcmp(o, "--csv")) {
        a->csv = true;
        return 1;
    }
    int used = takes ? 0 : cli_sections_option(argc, argv, i, &a->sections);
    if (!takes)
        return used ? used : cli_parse_option(argc, argv, i, &a->opt);
    if (i + 1 >= argc) {
        fprintf(stderr, "keel: error: %s needs a value\n", o);
        return -1;
    }
    const char *v = argv[i + 1];
    if (!strcmp(o, "--scenarios"))
        a->scenarios = v;
    else if (!strcmp(o, "--sweep"))
        a->sweep = v;
    else if (!strcmp(o, "--report"))
        a->report = v;
    else if (!strcmp(o, "--shard") && !parse_shard(v, a)) {
        fprintf(stderr, "keel: error: --shard '%s': expected K/N with 1 <= K <= N\n", v);
        return CLI_BAD_VALUE;
    } else if (o[1] == 'o' || !strcmp(o, "--output"))
        a->out_dir = v;
    return 2;
}

static int print_rendered(const keel_whatif *w, keel_format f)
{
    char *text = NULL;
    keel_error err = {0};
    if (keel_whatif_render(w, f, &text, &err) != KEEL_OK)
        return cli_fail(&err);
    fputs(text, stdout);
    keel_text_free(text);
    return EXIT_OK;
}

static keel_format format_of(const cli_common *c, const whatif_args *a)
{
    return c->json || a->nshards > 0 ? KEEL_FORMAT_JSON
           : a->csv                  ? KEEL_FORMAT_CSV
                                     : KEEL_FORMAT_TEXT;
}

/* keel whatif --merge SHARD.json... [--json|--csv] */
static int merge(int argc, char **argv)
{
    const char **files = calloc((size_t)argc, sizeof *files);
    int n = 0;
    bool as_json = false, as_csv = false;
    if (!files)
        return EXIT_INTERNAL;
    for (int i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "--merge"))
            continue;
        if (!strcmp(argv[i], "--json") || !strcmp(argv[i], "--csv")) {
            as_json |= argv[i][2] == 'j';
            as_csv |= argv[i][2] == 'c';
        } else if (argv[i][0] == '-') {
            fprintf(stderr, "keel: error: --merge takes shard files and --json or --csv, "
                            "not '%s'\n", argv[i]);
            free(files);
            return EXIT_USAGE;
        } else {
            files[n++] = argv[i];
        }
    }
    keel_whatif *w = NULL;
    keel_error err = {0};
    int rc = n == 0 ? (fprintf(stderr, "keel: error: --merge needs shard files\n"), EXIT_USAGE)
         : keel_whatif_merge(files, n, &w, &err) != KEEL_OK
             ? cli_fail(&err)
             : print_rendered(w, as_json ? KEEL_FORMAT_JSON : as_csv ? KEEL_FORMAT_CSV : KEEL_FORMAT_TEXT);
    keel_whatif_free(w);
    free(files);
    return rc;
}

static keel_status prepare(const cli_common *c, const whatif_args *a, const keel_portfolio *p,
                           keel_scenarios **s, keel_error *err)
{
    keel_status st = a->scenarios ? keel_scenarios_read(a->scenarios, p, &c->load, s, err)
                                  : keel_scenarios_new(p, s, err);
    if (st == KEEL_OK && a->sweep)
        st = keel_scenarios_add_sweep(*s, a->sweep, err);
    return st;
}

/* The report's target (--report), checked before the run: beside the
 * inputs of every scenario, never over one. */
static keel_status prepare_report(const keel_portfolio *p, const keel_scenarios *s,
                                  const whatif_args *a, keel_output **o, keel_error *err)
{
    char dir[4096];
    const char *name = cli_split_path(a->report, dir, sizeof dir);
    keel_status st = cli_output_begin(dir, o, err);
    if (st == KEEL_OK)
        st = keel_output_protect_scenarios(*o, s, err);
    if (st == KEEL_OK)
        st = keel_output_add_report(*o, p, name, false, err);
    if (st == KEEL_OK)
        st = keel_output_check(*o, err);
    return st;
}

/* The report of the base with the comparison as a section. */
static keel_status put_report(const keel_whatif *w, const whatif_args *a, keel_output *o,
                              keel_error *err)
{
    const keel_portfolio *base = keel_whatif_portfolio(w, 0);
    const keel_result *r = keel_whatif_result(w, 0);
    keel_explanation *why = NULL;
    keel_report *rep = NULL;
    keel_status st = keel_explain(base, keel_result_schedule(r), &why, err);
    if (st == KEEL_OK)
        st = cli_report_build(base, r, why, &a->opt, &a->sections, w, &rep, err);
    if (st == KEEL_OK)
        st = cli_report_put(rep, a->report, o, err);
    if (st == KEEL_OK)
        st = keel_output_commit(o, err);
    keel_report_free(rep);
    keel_explanation_free(why);
    return st;
}

static int run(const cli_common *c, whatif_args *a, const keel_portfolio *p)
{
    keel_scenarios *s = NULL;
    keel_whatif *w = NULL;
    keel_output *ro = NULL;
    keel_error err = {0};
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    keel_status st = prepare(c, a, p, &s, &err);
    if (st == KEEL_OK && a->report)
        st = prepare_report(p, s, a, &ro, &err);
    if (st == KEEL_OK)
        st = keel_whatif_run(s, &a->opt, a->nshards ? a->shard : 1,
                             a->nshards ? a->nshards : 1, &w, &err);
    if (st == KEEL_OK && a->out_dir)
        st = keel_whatif_write_mspdi(w, a->out_dir, &err);
    if (st == KEEL_OK && a->report)
        st = put_report(w, a, ro, &err);
    int rc = st != KEEL_OK ? cli_fail(&err) : print_rendered(w, format_of(c, a));
    if (rc == EXIT_OK && !a->opt.quiet) {
        fflush(stdout);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        int n = keel_whatif_count(w) - 1;
        fprintf(stderr, "keel: the base and %d scenario%s leveled in %.1f s, %d at a time%s%s\n",
                n, n == 1 ? "" : "s",
                (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec),
                a->opt.threads, a->out_dir ? "; files in " : "", a->out_dir ? a->out_dir : "");
        if (a->report)
            fprintf(stderr, "keel: wrote the report %s\n", a->report);
    }
    keel_output_free(ro);
    keel_whatif_free(w);
    keel_scenarios_free(s);
    return rc;
}

int cmd_whatif(int argc, char **argv)
{
    for (int i = 2; i < argc; i++)
        if (!strcmp(argv[i], "--merge"))
            return merge(argc, argv);
    whatif_args a = {0};
    keel_options_init(&a.opt);
    cli_sections_init(&a.sections);
    cli_common c;
    int rc = EXIT_OK;
    if (!cli_parse_common(argc, argv, 2, &c, extra, &a))
        rc = c.status;
    else if (!a.scenarios && !a.sweep)
        rc = (fprintf(stderr, "keel: error: whatif needs --scenarios FILE or --sweep "
                              "RESOURCE=+A..+B\n"), EXIT_USAGE);
    else if (a.nshards && a.csv)
        rc = (fprintf(stderr, "keel: error: --shard writes JSON (for --merge); --csv comes "
                              "with the merge\n"), EXIT_USAGE);
    else if (a.nshards && a.report)
        rc = (fprintf(stderr, "keel: error: --report compares every scenario: run it "
                              "without --shard\n"), EXIT_USAGE);
    else if (!a.report && (a.sections.risk || a.sections.no_health))
        rc = (fprintf(stderr, "keel: error: --risk, --risk-iterations and --no-health "
                              "are options of the report: give --report FILE\n"),
              EXIT_USAGE);
    keel_portfolio *p = NULL;
    if (rc == EXIT_OK)
        rc = cli_load(&c, &p);
    if (rc == EXIT_OK)
        rc = run(&c, &a, p);
    keel_portfolio_free(p);
    cli_common_free(&c);
    return rc;
}
