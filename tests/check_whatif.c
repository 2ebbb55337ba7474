/* SPDX-License-Identifier: GPL-3.0-or-later
 * What-if scenarios through keel.h: resolving a scenario file against the
 * example portfolio (errors with file:line before anything runs), the
 * comparison it gives, shards merged into the same bytes as one run, the
 * leveled folders (verified, all or nothing, never over an input), and the
 * sanity users rely on, on generated portfolios: more capacity never makes
 * the objective or any project worse than the base, removing a project never
 * delays the others, and results do not depend on the thread count.
 */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "keel.h"
#include "testutil.h"

static keel_portfolio *example(void)
{
    keel_load_options lo = {NULL, "instances/example/portfolio.txt"};
    keel_portfolio *p = NULL;
    keel_error err;
    ck_assert_msg(keel_portfolio_load(NULL, 0, &lo, &p, &err) == KEEL_OK, "%s", err.message);
    return p;
}

static keel_scenarios *scenarios(const keel_portfolio *p, const char *text)
{
    keel_load_options lo = {NULL, "instances/example/portfolio.txt"};
    keel_scenarios *s = NULL;
    keel_error err;
    ck_assert_msg(keel_scenarios_parse("s.txt", text, strlen(text), p, &lo, &s, &err) ==
                      KEEL_OK,
                  "%s", err.message);
    return s;
}

static keel_options options(int threads, int64_t schedules)
{
    keel_options o;
    keel_options_init(&o);
    o.threads = threads;
    o.schedules = schedules;
    o.quiet = true;
    return o;
}

static keel_whatif *run(const keel_scenarios *s, const keel_options *o, int k, int n)
{
    keel_whatif *w = NULL;
    keel_error err;
    ck_assert_msg(keel_whatif_run(s, o, k, n, &w, &err) == KEEL_OK, "%s", err.message);
    return w;
}

static char *render(const keel_whatif *w, keel_format f)
{
    char *text = NULL;
    keel_error err;
    ck_assert(keel_whatif_render(w, f, &text, &err) == KEEL_OK);
    return text;
}

static int project_of(const keel_whatif *w, const char *name)
{
    for (int q = 0; q < keel_whatif_nprojects(w); q++)
        if (strcmp(keel_whatif_project(w, q), name) == 0)
            return q;
    ck_abort_msg("no project %s", name);
    return -1;
}

static const char *const example_scenarios =
    "[scenario hire-ivo]\ncapacity Ivo Petrov = +1 from 2026-01-05\n"
    "[scenario cancel-office]\nremove = office\n"
    "[scenario later-web]\npostpone web = 10d\npriority erp = 900\n"
    "[scenario leave]\ncapacity ben okafor = 0 from 2026-03-02 to 2026-03-13\n";

START_TEST(example_comparison)
{
    keel_portfolio *p = example();
    keel_scenarios *s = scenarios(p, example_scenarios);
    ck_assert_int_eq(keel_scenarios_count(s), 4);
    ck_assert_str_eq(keel_scenarios_name(s, 2), "later-web");
    keel_options o = options(2, 300);
    keel_whatif *w = run(s, &o, 1, 1);
    ck_assert_int_eq(keel_whatif_count(w), 5);
    ck_assert_int_eq(keel_whatif_nprojects(w), 3);
    keel_whatif_info base = keel_whatif_get(w, 0), hire = keel_whatif_get(w, 1);
    ck_assert_str_eq(base.name, "base");
    ck_assert_int_eq(base.deadlines, 3);
    ck_assert(hire.value <= base.value); /* more capacity is never worse */
    ck_assert(base.most_loaded != NULL && base.load > 0 && base.load <= 1.5);
    int office = project_of(w, "office-move.xml"), web = project_of(w, "website-relaunch.xml");
    keel_whatif_cell c = keel_whatif_cell_get(w, 2, office);
    ck_assert(!c.present && c.removed);
    ck_assert_int_eq(keel_whatif_get(w, 2).deadlines, 2);
    for (int q = 0; q < 3; q++) /* removing a project never delays the others */
        if (q != office)
            ck_assert(keel_whatif_cell_get(w, 2, q).finish <= keel_whatif_cell_get(w, 0, q).finish);
    /* the postponed project starts 10 working days later */
    const keel_portfolio *later = keel_whatif_portfolio(w, 3);
    ck_assert(keel_project_get(later, 1).start > keel_project_get(p, 1).start + 10 * 1440);
    ck_assert_int_eq(keel_project_get(later, 0).priority, 900);
    ck_assert(keel_whatif_cell_get(w, 3, web).finish > keel_whatif_cell_get(w, 3, web).cpm_finish ||
              keel_whatif_cell_get(w, 3, web).delay == 0);
    for (int i = 0; i < keel_whatif_count(w); i++) /* every schedule verified */
        ck_assert_int_eq(keel_conflicts_failures(keel_result_conflicts(keel_whatif_result(w, i))), 0);
    char *text = render(w, KEEL_FORMAT_TEXT);
    ck_assert_msg(strstr(text, "cancel-office") && strstr(text, "removed") &&
                      strstr(text, "deadlines met") && strstr(text, "most loaded") &&
                      strstr(text, "later-web: postpone web = 10d; priority erp = 900"),
                  "%s", text);
    keel_text_free(text);
    /* the grid holds the text table's cells */
    keel_whatif_grid *g = NULL;
    keel_error err;
    ck_assert(keel_whatif_grid_get(w, &g, &err) == KEEL_OK);
    ck_assert_int_eq(g->ncols, 1 + keel_whatif_count(w));
    ck_assert_int_eq(g->nrows, keel_whatif_nprojects(w) + 3);
    ck_assert_str_eq(g->header[2], "hire-ivo");
    ck_assert_str_eq(g->cells[office * g->ncols + 3], "removed");
    ck_assert_str_eq(g->cells[(g->nrows - 1) * g->ncols], "most loaded");
    char *table = render(w, KEEL_FORMAT_TEXT);
    for (int i = 0; i < g->ncols * g->nrows; i++)
        ck_assert_msg(strstr(table, g->cells[i]), "%s not in the text", g->cells[i]);
    keel_text_free(table);
    keel_whatif_grid_free(g);
    char *csv = render(w, KEEL_FORMAT_CSV);
    ck_assert(strncmp(csv, "scenario,project,status,", 24) == 0);
    ck_assert(strstr(csv, "\ncancel-office,office-move.xml,removed,"));
    keel_text_free(csv);
    keel_whatif_free(w);
    keel_scenarios_free(s);
    keel_portfolio_free(p);
}
END_TEST

static char *write_temp(const char *name, const char *text)
{
    static char path[8][512];
    static int k;
    char *buf = path[k++ % 8];
    test_write_file(name, text, buf, 512);
    return buf;
}

START_TEST(shards_merge)
{
    keel_portfolio *p = example();
    keel_scenarios *s = scenarios(p, example_scenarios);
    keel_error err;
    ck_assert(keel_scenarios_add_sweep(s, "Ben Okafor=+0..+1", &err) == KEEL_OK);
    ck_assert_int_eq(keel_scenarios_count(s), 6);
    ck_assert_str_eq(keel_scenarios_name(s, 5), "Ben_Okafor+1");
    keel_options o1 = options(1, 200), o2 = options(2, 200);
    keel_whatif *whole = run(s, &o1, 1, 1);
    char *want[3] = {render(whole, KEEL_FORMAT_TEXT), render(whole, KEEL_FORMAT_JSON),
                     render(whole, KEEL_FORMAT_CSV)};
    const char *files[3];
    for (int k = 1; k <= 3; k++) { /* shards on two threads: the same results */
        keel_whatif *part = run(s, &o2, k, 3);
        ck_assert_int_eq(keel_whatif_count(part), 1 + 2);
        char *json = render(part, KEEL_FORMAT_JSON), name[32];
        snprintf(name, sizeof name, "shard-%d.json", k);
        files[3 - k] = write_temp(name, json); /* any order */
        keel_text_free(json);
        keel_whatif_free(part);
    }
    keel_whatif *merged = NULL;
    ck_assert_msg(keel_whatif_merge(files, 3, &merged, &err) == KEEL_OK, "%s", err.message);
    keel_format f[3] = {KEEL_FORMAT_TEXT, KEEL_FORMAT_JSON, KEEL_FORMAT_CSV};
    for (int i = 0; i < 3; i++) {
        char *got = render(merged, f[i]);
        ck_assert_str_eq(got, want[i]);
        keel_text_free(got);
        keel_text_free(want[i]);
    }
    ck_assert_ptr_null(keel_whatif_result(merged, 0));
    ck_assert(keel_whatif_write_mspdi(merged, "/nonexistent", &err) == KEEL_ERR_INVALID);
    keel_whatif_free(merged);
    /* missing, repeated and foreign shards */
    const char *two[2] = {files[0], files[1]};
    ck_assert(keel_whatif_merge(two, 2, &merged, &err) == KEEL_ERR_INVALID);
    ck_assert_msg(strstr(err.message, "shard files were given"), "%s", err.message);
    const char *again[3] = {files[0], files[0], files[1]};
    ck_assert(keel_whatif_merge(again, 3, &merged, &err) == KEEL_ERR_INVALID);
    ck_assert_msg(strstr(err.message, "is also"), "%s", err.message);
    keel_options o3 = options(1, 201);
    keel_whatif *other = run(s, &o3, 2, 3);
    char *json = render(other, KEEL_FORMAT_JSON);
    const char *mixed[3] = {files[0], write_temp("other.json", json), files[2]};
    ck_assert(keel_whatif_merge(mixed, 3, &merged, &err) == KEEL_ERR_INVALID);
    ck_assert_msg(strstr(err.message, "another run"), "%s", err.message);
    const char *whole_file[1] = {write_temp("whole.json", json)};
    keel_text_free(json);
    const char *bad[1] = {write_temp("bad.json", "{\"format\":\"keel-whatif\",\n\"version\":2}")};
    ck_assert(keel_whatif_merge(bad, 1, &merged, &err) == KEEL_ERR_PARSE);
    ck_assert_msg(strstr(err.message, "bad.json:2: not a keel what-if result: version"), "%s",
                  err.message);
    ck_assert(merged == NULL);
    (void)whole_file;
    keel_whatif_free(other);
    keel_whatif_free(whole);
    keel_scenarios_free(s);
    keel_portfolio_free(p);
}
END_TEST

START_TEST(resolve_errors)
{
    keel_portfolio *p = example();
    static const struct {
        const char *text, *msg;
    } cases[] = {
        {"[scenario a]\ncapacity Nobody = +1\n", "s.txt:2: capacity Nobody = +1: no resource"},
        {"[scenario a]\nremove = nothing\n", "s.txt:2: remove = nothing: no project 'nothing'"},
        {"[scenario a]\ncapacity Ivo Petrov = +1 from 2031-01-01\n", "starts after the "
                                                                      "portfolio's horizon"},
        {"[scenario a]\ncapacity Ivo Petrov = +1 to 2025-12-01\n", "ends before the "
                                                                    "portfolio's horizon"},
        {"[scenario a]\n\ncapacity Ivo Petrov = -3 from 2026-02-02\n",
         "s.txt:3: capacity Ivo Petrov = -3 from 2026-02-02: the capacity of 'Ivo Petrov' "
         "would be -2.000 units from 2026-02-02T00:00:00"},
        {"[scenario a]\ncapacity Ivo Petrov = 1 from 12\n", "give a date"},
        {"[scenario a]\npostpone web = 2026-01-01\n", "not after the project's start"},
        {"[scenario a]\npostpone web = 2031-01-01\n", "lies after the portfolio's horizon"},
        {"[scenario a]\npostpone web = 1d\npostpone web = 2d\n", "s.txt:3: postpone web = 2d: "
                                                                  "the project is postponed twice"},
        {"[scenario a]\nremove = web\nweight web = 2\n", "s.txt:3: weight web = 2: the project "
                                                         "is removed"},
        {"[scenario a]\nremove = web\nremove = website-relaunch.xml\n", "already removed"},
        {"[scenario a]\nremove = erp\nremove = web\nremove = office\n", "removes every project"},
        {"[scenario a]\ndeadline erp = 2020-01-01\n", "lies before the portfolio's horizon"},
        {"[scenario a]\nadd = missing.xml\n", "s.txt:2: scenario 'a': missing.xml: cannot open"},
        {"[scenario a]\nadd = instances/example/erp-upgrade.xml\n", "s.txt:2: scenario 'a': "},
    };
    keel_load_options lo = {NULL, "instances/example/portfolio.txt"};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        keel_scenarios *s = NULL;
        keel_error err = {0};
        keel_status st = keel_scenarios_parse("s.txt", cases[i].text, strlen(cases[i].text), p,
                                              &lo, &s, &err);
        ck_assert_msg(st != KEEL_OK && s == NULL, "case %zu passed", i);
        ck_assert_msg(strstr(err.message, cases[i].msg), "case %zu: %s", i, err.message);
    }
    keel_scenarios *s = NULL;
    keel_error err;
    ck_assert(keel_scenarios_new(p, &s, &err) == KEEL_OK);
    const char *sweeps[] = {"Nobody=+0..+1", "Ivo Petrov=+3..+1", "Ivo Petrov", "Ivo Petrov=+0..+200",
                            "Ivo Petrov=-5..+0"};
    for (size_t i = 0; i < sizeof sweeps / sizeof *sweeps; i++) {
        ck_assert_msg(keel_scenarios_add_sweep(s, sweeps[i], &err) == KEEL_ERR_INVALID, "%s",
                      sweeps[i]);
        ck_assert_int_eq(keel_scenarios_count(s), 0);
    }
    ck_assert(keel_scenarios_add_sweep(s, "Ivo Petrov=0..1/0.5", &err) == KEEL_OK);
    ck_assert_int_eq(keel_scenarios_count(s), 3);
    ck_assert_str_eq(keel_scenarios_name(s, 1), "Ivo_Petrov+0.5");
    ck_assert(keel_scenarios_add_sweep(s, "Ivo Petrov=0..1", &err) == KEEL_ERR_INVALID);
    keel_scenarios_free(s);
    keel_portfolio_free(p);
}
END_TEST

static void copy_file(const char *from, const char *to)
{
    FILE *a = fopen(from, "rb"), *b = fopen(to, "wb");
    ck_assert(a && b);
    char buf[8192];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, a)) > 0)
        ck_assert(fwrite(buf, 1, n, b) == n);
    fclose(a);
    fclose(b);
}

static bool exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* No file of dir is a staging leftover. */
static void no_staged(const char *dir)
{
    DIR *d = opendir(dir);
    ck_assert(d);
    for (struct dirent *e; (e = readdir(d));)
        ck_assert_msg(!strstr(e->d_name, ".keel-"), "%s/%s left", dir, e->d_name);
    closedir(d);
}

/* The folder's files, loaded with its portfolio.txt, pass keel_verify and
 * finish each project where the comparison says. */
static void check_folder(const keel_whatif *w, int i, const char *dir)
{
    char path[600];
    snprintf(path, sizeof path, "%s/%s/portfolio.txt", dir, keel_whatif_get(w, i).name);
    keel_load_options lo = {NULL, path};
    keel_portfolio *p = NULL;
    keel_schedule *s = NULL;
    keel_conflicts *c = NULL;
    keel_error err;
    ck_assert_msg(keel_portfolio_load(NULL, 0, &lo, &p, &err) == KEEL_OK, "%s", err.message);
    ck_assert(keel_schedule_from_input(p, &s, &err) == KEEL_OK);
    ck_assert(keel_verify(p, s, &c, &err) == KEEL_OK);
    ck_assert_msg(keel_conflicts_failures(c) == 0, "%s: %d conflicts", path,
                  keel_conflicts_failures(c));
    for (int q = 0; q < keel_portfolio_nprojects(p); q++) {
        keel_project_info pi = keel_project_get(p, q);
        keel_time finish = KEEL_TIME_NONE;
        for (int t = pi.first_task; t < pi.first_task + pi.ntasks; t++)
            if (!keel_task_get(p, t).summary && keel_schedule_finish(s, t) > finish)
                finish = keel_schedule_finish(s, t);
        keel_whatif_cell cell = keel_whatif_cell_get(w, i, project_of(w, pi.name));
        ck_assert(cell.present);
        ck_assert(finish <= cell.finish); /* the cell is at least the CPM finish */
        ck_assert(finish == cell.finish || cell.finish == cell.cpm_finish);
    }
    snprintf(path, sizeof path, "%s/%s", dir, keel_whatif_get(w, i).name);
    no_staged(path);
    keel_conflicts_free(c);
    keel_schedule_free(s);
    keel_portfolio_free(p);
}

START_TEST(write_folders)
{
    keel_portfolio *p = example();
    keel_scenarios *s = scenarios(p, example_scenarios);
    keel_options o = options(2, 200);
    keel_whatif *w = run(s, &o, 1, 1);
    char dir[512], cmd[600];
    snprintf(dir, sizeof dir, "%s/whatif-out", test_tmpdir());
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    ck_assert(system(cmd) == 0);
    keel_error err;
    ck_assert_msg(keel_whatif_write_mspdi(w, dir, &err) == KEEL_OK, "%s", err.message);
    for (int i = 0; i < keel_whatif_count(w); i++)
        check_folder(w, i, dir);
    snprintf(cmd, sizeof cmd, "%s/cancel-office/office-move.xml", dir);
    ck_assert(!exists(cmd));
    ck_assert_msg(keel_whatif_write_mspdi(w, dir, &err) == KEEL_OK, "%s", err.message); /* again */
    keel_whatif_free(w);
    keel_scenarios_free(s);
    keel_portfolio_free(p);
}
END_TEST

START_TEST(write_never_over_inputs)
{
    /* the inputs sit in DIR/base/, where the base's leveled files would go */
    char dir[400], base[500], path[700], cmd[1000];
    snprintf(dir, sizeof dir, "%s/whatif-inputs", test_tmpdir());
    snprintf(base, sizeof base, "%s/base", dir);
    snprintf(cmd, sizeof cmd, "rm -rf '%s' && mkdir -p '%s'", dir, base);
    ck_assert(system(cmd) == 0);
    const char *names[] = {"erp-upgrade.xml", "website-relaunch.xml", "office-move.xml",
                           "portfolio.txt"};
    for (int i = 0; i < 4; i++) {
        char from[300];
        snprintf(from, sizeof from, "instances/example/%s", names[i]);
        snprintf(path, sizeof path, "%s/%s", base, names[i]);
        copy_file(from, path);
    }
    keel_load_options lo = {NULL, path};
    keel_portfolio *p = NULL;
    keel_scenarios *s = NULL;
    keel_error err;
    ck_assert(keel_portfolio_load(NULL, 0, &lo, &p, &err) == KEEL_OK);
    const char *text = "[scenario one]\nremove = web\n";
    ck_assert(keel_scenarios_parse("s.txt", text, strlen(text), p, &lo, &s, &err) == KEEL_OK);
    keel_options o = options(1, 100);
    keel_whatif *w = run(s, &o, 1, 1);
    struct stat before, after;
    snprintf(path, sizeof path, "%s/erp-upgrade.xml", base);
    ck_assert(stat(path, &before) == 0);
    ck_assert(keel_whatif_write_mspdi(w, dir, &err) == KEEL_ERR_INVALID);
    ck_assert_msg(strstr(err.message, "refusing to overwrite the input file"), "%s", err.message);
    ck_assert(stat(path, &after) == 0 && after.st_mtime == before.st_mtime &&
              after.st_size == before.st_size);
    snprintf(path, sizeof path, "%s/one", dir);
    ck_assert_msg(!exists(path), "nothing may be written");
    no_staged(base);
    keel_whatif_free(w);
    keel_scenarios_free(s);
    keel_portfolio_free(p);
}
END_TEST

/* A generated portfolio (benchmarks/gen_portfolio.c) in the temporary
 * folder; NULL when the generator is not known (KEEL_GEN unset). */
static keel_portfolio *generated(const char *dir, keel_load_options *lo, char *pool, char *pf)
{
    const char *gen = getenv("KEEL_GEN");
    if (!gen || !*gen)
        return NULL;
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "'%s' --projects 6 --tasks 40 --resources 10 --seed 5 -o '%s' "
             ">/dev/null", gen, dir);
    ck_assert(system(cmd) == 0);
    sprintf(pool, "%s/resource-pool.xml", dir);
    sprintf(pf, "%s/portfolio.txt", dir);
    *lo = (keel_load_options){pool, pf};
    keel_portfolio *p = NULL;
    keel_error err;
    ck_assert_msg(keel_portfolio_load(NULL, 0, lo, &p, &err) == KEEL_OK, "%s", err.message);
    return p;
}

START_TEST(sanity_generated)
{
    char dir[512], pool[600], pf[600];
    snprintf(dir, sizeof dir, "%s/whatif-gen", test_tmpdir());
    keel_load_options lo;
    keel_portfolio *p = generated(dir, &lo, pool, pf);
    if (!p)
        return; /* no generator: `make test` always sets it */
    keel_error err;
    keel_options o = options(2, 1000);
    keel_scenarios *none = NULL;
    ck_assert(keel_scenarios_new(p, &none, &err) == KEEL_OK);
    keel_whatif *b = run(none, &o, 1, 1);
    char sweep[200], text[2000] = "";
    snprintf(sweep, sizeof sweep, "%s=+0..+2", keel_whatif_get(b, 0).most_loaded);
    for (int q = 0; q < keel_portfolio_nprojects(p); q++) {
        char one[100];
        snprintf(one, sizeof one, "[scenario rm-%d]\nremove = %s\n", q,
                 keel_project_get(p, q).name);
        strcat(text, one);
    }
    keel_scenarios *s = NULL;
    ck_assert(keel_scenarios_parse("s.txt", text, strlen(text), p, &lo, &s, &err) == KEEL_OK);
    ck_assert_msg(keel_scenarios_add_sweep(s, sweep, &err) == KEEL_OK, "%s", err.message);
    keel_whatif *w = run(s, &o, 1, 1);
    keel_whatif_info base = keel_whatif_get(w, 0);
    ck_assert(base.value == keel_whatif_get(b, 0).value);
    int more = 0;
    for (int i = 1; i < keel_whatif_count(w); i++) {
        keel_whatif_info in = keel_whatif_get(w, i);
        if (in.sweep) /* more capacity: never a worse objective */
            ck_assert_msg(in.value <= base.value, "%s: %g > base %g", in.name, in.value,
                          base.value);
        more += in.sweep && in.value < base.value;
        for (int q = 0; q < keel_whatif_nprojects(w); q++) {
            keel_whatif_cell c = keel_whatif_cell_get(w, i, q), c0 = keel_whatif_cell_get(w, 0, q);
            ck_assert(c.present || c.removed);
            if (c.present) /* nor any project later, and removing one delays no other */
                ck_assert_msg(c.finish <= c0.finish, "%s: %s later than in the base", in.name,
                              keel_whatif_project(w, q));
        }
    }
    ck_assert_msg(more > 0, "more capacity of the most loaded resource helped nowhere");
    /* the results do not depend on the threads */
    keel_options o1 = options(1, 1000);
    keel_whatif *w1 = run(s, &o1, 1, 1);
    char *a = render(w, KEEL_FORMAT_JSON), *c = render(w1, KEEL_FORMAT_JSON);
    ck_assert_str_eq(a, c);
    keel_text_free(a);
    keel_text_free(c);
    keel_whatif_free(w1);
    keel_whatif_free(w);
    keel_whatif_free(b);
    keel_scenarios_free(s);
    keel_scenarios_free(none);
    keel_portfolio_free(p);
}
END_TEST

Suite *suite_whatif(void)
{
    Suite *s = suite_create("whatif");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, example_comparison);
    tcase_add_test(tc, shards_merge);
    tcase_add_test(tc, resolve_errors);
    tcase_add_test(tc, write_folders);
    tcase_add_test(tc, write_never_over_inputs);
    tcase_add_test(tc, sanity_generated);
    suite_add_tcase(s, tc);
    return s;
}
