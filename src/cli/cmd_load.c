/* SPDX-License-Identifier: GPL-3.0-or-later
 * keel load: per work resource and day, week or month, the load against
 * capacity before leveling (the resource-free CPM dates) and after (the
 * dates in the files, or keel's leveling with --level); availability changes
 * are listed and show in the capacity. Text on stdout, CSV with --csv (on
 * stdout, or written atomically to -o FILE).
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

typedef struct load_args {
    cli_pmo pmo;
    keel_period by;
    bool csv, json;
} load_args;

static int extra(int argc, char **argv, int i, void *ctx)
{
    load_args *a = ctx;
    if (strcmp(argv[i], "--csv") == 0) {
        a->csv = true;
        return 1;
    }
    if (strcmp(argv[i], "--by") == 0 || strncmp(argv[i], "--by=", 5) == 0) {
        const char *v = argv[i][4] == '=' ? argv[i] + 5
                        : i + 1 < argc    ? argv[i + 1]
                                          : NULL;
        if (!keel_period_parse(v, &a->by)) {
            fprintf(stderr, "keel: error: --by: '%s' is not day, week or month\n",
                    v ? v : "");
            return CLI_BAD_VALUE;
        }
        return argv[i][4] == '=' ? 1 : 2;
    }
    return cli_pmo_option(argc, argv, i, &a->pmo);
}

static void print_availability(const keel_portfolio *p, int r)
{
    char buf[32];
    printf("%s (max units %.2f", keel_resource_get(p, r).name,
           (double)keel_resource_get(p, r).max_units / KEEL_UNITS_ONE);
    for (int i = 1; i < keel_resource_nsteps(p, r); i++) {
        keel_availability a = keel_resource_step(p, r, i);
        printf("%s%.2f from %s", i == 1 ? "; availability " : ", ",
               (double)a.units / KEEL_UNITS_ONE,
               keel_time_format(p, a.from, buf, sizeof buf));
    }
    printf(")\n");
}

/* " 140%!" (above capacity marked), padded unless it ends the line. */
static void print_percent(double load, double capacity, bool last)
{
    bool over = load > capacity + 0.5;
    if (capacity > 0)
        printf(" %6.0f%%", 100 * load / capacity);
    else
        printf(" %7s", "-");
    printf("%s", over ? "!" : last ? "" : " ");
}

static void print_text(const keel_portfolio *p, const keel_load_table *l, keel_period by)
{
    static const char *heads[] = {"day", "week of", "month"};
    double unit = keel_portfolio_is_research(p) ? 1 : 60;
    char buf[32];
    for (int r = 0; r < keel_portfolio_nresources(p); r++) {
        if (!keel_resource_get(p, r).work)
            continue;
        print_availability(p, r);
        printf("  %-12s %10s %10s %8s %10s %8s\n", heads[by],
               unit > 1 ? "capacity h" : "capacity", unit > 1 ? "before h" : "before",
               "%", unit > 1 ? "after h" : "after", "%");
        for (int i = 0; i < keel_load_table_nperiods(l); i++) {
            keel_load_cell c = keel_load_table_get(l, r, i);
            keel_time_format(p, keel_load_table_period(l, i), buf, sizeof buf);
            if (!keel_portfolio_is_research(p))
                buf[by == KEEL_PERIOD_MONTH ? 7 : 10] = '\0';
            printf("  %-12s %10.1f %10.1f", buf, c.capacity / unit, c.before / unit);
            print_percent(c.before, c.capacity, false);
            printf(" %10.1f", c.after / unit);
            print_percent(c.after, c.capacity, true);
            printf("\n");
        }
    }
}

/* -o FILE: an output set for its folder, the file declared and checked
 * before any work. */
static keel_status prepare(const keel_portfolio *p, load_args *a, keel_output **o,
                           keel_error *err)
{
    char dir[4096];
    const char *name = cli_split_path(a->pmo.out, dir, sizeof dir);
    keel_status st = cli_output_begin(dir, o, err);
    if (st == KEEL_OK)
        st = keel_output_protect_inputs(*o, p, err);
    if (st == KEEL_OK)
        st = keel_output_add(*o, name, 150 * 400 * (int64_t)keel_portfolio_nresources(p),
                             NULL, err);
    if (st == KEEL_OK)
        st = keel_output_check(*o, err);
    return st;
}

/* The array of one column of resource r's cells: 0 capacity, 1 before,
 * 2 after, in hours (periods for research instances). */
static void json_column(json *j, const keel_portfolio *p, const keel_load_table *l, int r,
                        const char *key, int which)
{
    double unit = keel_portfolio_is_research(p) ? 1 : 60;
    json_arr(j, key);
    for (int i = 0; i < keel_load_table_nperiods(l); i++) {
        keel_load_cell c = keel_load_table_get(l, r, i);
        json_num(j, NULL, (which == 0 ? c.capacity : which == 1 ? c.before : c.after) / unit);
    }
    json_close_arr(j);
}

static void json_resource(json *j, const keel_portfolio *p, const keel_load_table *l, int r)
{
    json_obj(j, NULL);
    json_str(j, "name", keel_resource_get(p, r).name);
    json_num(j, "max_units", (double)keel_resource_get(p, r).max_units / KEEL_UNITS_ONE);
    json_arr(j, "availability");
    for (int i = 1; i < keel_resource_nsteps(p, r); i++) {
        keel_availability av = keel_resource_step(p, r, i);
        json_obj(j, NULL);
        json_time(j, "from", p, av.from);
        json_num(j, "units", (double)av.units / KEEL_UNITS_ONE);
        json_close_obj(j);
    }
    json_close_arr(j);
    json_column(j, p, l, r, "capacity", 0);
    json_column(j, p, l, r, "before", 1);
    json_column(j, p, l, r, "after", 2);
    json_close_obj(j);
}

/* --json: the periods (starts, then the end of the last) and per work
 * resource its availability steps and one array per column. */
static void print_json(const keel_portfolio *p, const keel_load_table *l, keel_period by)
{
    static const char *names[] = {"day", "week", "month"};
    json j;
    json_begin(&j, stdout);
    json_obj(&j, NULL);
    json_str(&j, "by", names[by]);
    json_str(&j, "unit", keel_portfolio_is_research(p) ? "periods" : "hours");
    json_arr(&j, "periods");
    for (int i = 0; i <= keel_load_table_nperiods(l); i++)
        json_time(&j, NULL, p, keel_load_table_period(l, i));
    json_close_arr(&j);
    json_arr(&j, "resources");
    for (int r = 0; r < keel_portfolio_nresources(p); r++)
        if (keel_resource_get(p, r).work)
            json_resource(&j, p, l, r);
    json_close_arr(&j);
    json_close_obj(&j);
    json_end(&j);
}

static keel_status output(const keel_portfolio *p, const keel_load_table *l, load_args *a,
                          keel_output *o, keel_error *err)
{
    if (!a->csv && !o) {
        if (a->json)
            print_json(p, l, a->by);
        else
            print_text(p, l, a->by);
        return KEEL_OK;
    }
    char *text = NULL, dir[4096];
    keel_status st = keel_load_table_csv(p, l, &text, err);
    if (st == KEEL_OK && o)
        st = keel_output_put(o, cli_split_path(a->pmo.out, dir, sizeof dir), text,
                             strlen(text), err);
    if (st == KEEL_OK && o)
        st = keel_output_commit(o, err);
    else if (st == KEEL_OK)
        fputs(text, stdout);
    keel_text_free(text);
    return st;
}

static int run_load(load_args *a, const keel_portfolio *p)
{
    keel_error err = {0};
    keel_output *o = NULL;
    keel_result *r = NULL;
    keel_load_table *l = NULL;
    keel_status st = a->pmo.out ? prepare(p, a, &o, &err) : KEEL_OK;
    if (st == KEEL_OK)
        st = cli_pmo_result(p, &a->pmo, &r, &err);
    if (st == KEEL_OK)
        st = keel_load_table_compute(p, keel_result_before(r), keel_result_schedule(r),
                                     a->by, &l, &err);
    if (st == KEEL_OK)
        st = output(p, l, a, o, &err);
    int rc = st == KEEL_OK ? EXIT_OK : cli_fail(&err);
    if (st == KEEL_OK && o)
        printf("wrote %s\n", a->pmo.out);
    keel_output_free(o);
    keel_load_table_free(l);
    keel_result_free(r);
    return rc;
}

int cmd_load(int argc, char **argv)
{
    load_args a = {.by = KEEL_PERIOD_WEEK};
    keel_options_init(&a.pmo.opt);
    cli_common c;
    if (!cli_parse_common(argc, argv, 2, &c, extra, &a)) {
        cli_common_free(&c);
        return c.status;
    }
    keel_portfolio *p = NULL;
    a.json = c.json;
    int rc = cli_load(&c, &p);
    if (rc == EXIT_OK)
        rc = run_load(&a, p);
    keel_portfolio_free(p);
    cli_common_free(&c);
    return rc;
}
