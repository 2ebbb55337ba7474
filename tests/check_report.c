/* SPDX-License-Identifier: GPL-3.0-or-later
 * The PMO outputs: the resource load table (its totals equal the work of the
 * tasks and the capacity of the calendars, computed here independently, by
 * day, week and month), keel_result_of_schedule (a leveled schedule given
 * back summarises as keel_level did), the report (well-formed XML with a
 * chart per project and per work resource, added tables escaped, ids
 * checked) and atomic outputs that never replace an input.
 */
#include <check.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "analysis/schedule.h"
#include "analysis/utilisation.h"
#include "analysis/worktime.h"
#include "model/model.h"
#include "testutil.h"

static const keel_load_options example = {.portfolio_file =
                                              "instances/example/portfolio.txt"};

static keel_portfolio *load_example(void)
{
    keel_portfolio *p = NULL;
    keel_error err = {0};
    ck_assert_msg(keel_portfolio_load(NULL, 0, &example, &p, &err) == KEEL_OK, "%s",
                  err.message);
    return p;
}

static keel_result *level(const keel_portfolio *p)
{
    keel_options o;
    keel_options_init(&o);
    o.schedules = 1000;
    keel_result *r = NULL;
    keel_error err = {0};
    ck_assert_msg(keel_level(p, &o, &r, &err) == KEEL_OK, "%s", err.message);
    return r;
}

/* ---------------------------------------------------------------- load table */

/* The work of every assignment on its task's calendar, summed per resource. */
static double total_work(const keel_portfolio *p, const keel_schedule *s, int r)
{
    double w = 0;
    for (int a = 0; a < p->nassignments; a++) {
        const keel_assignment *as = &p->assignments[a];
        int t = as->task;
        if (as->resource == r && !p->tasks[t].summary && s->finish[t] > s->start[t])
            w += (double)as->units / KEEL_UNITS_ONE *
                 (double)keel_calendar_work_between(keel_task_cal(p, t), s->start[t],
                                                    s->finish[t]);
    }
    return w;
}

START_TEST(load_totals)
{
    keel_portfolio *p = load_example();
    keel_result *r = level(p);
    const keel_schedule *after = keel_result_schedule(r), *before = keel_result_before(r);
    double cap[3][64] = {{0}};
    for (keel_period by = KEEL_PERIOD_DAY; by <= KEEL_PERIOD_MONTH; by++) {
        keel_load_table *l = NULL;
        keel_error err = {0};
        ck_assert(keel_load_table_compute(p, before, after, by, &l, &err) == KEEL_OK);
        ck_assert_int_gt(keel_load_table_nperiods(l), 0);
        for (int i = 1; i <= keel_load_table_nperiods(l); i++)
            ck_assert(keel_load_table_period(l, i) > keel_load_table_period(l, i - 1));
        for (int res = 0; res < p->nresources && res < 64; res++) {
            double a = 0, b = 0;
            for (int i = 0; i < keel_load_table_nperiods(l); i++) {
                keel_load_cell c = keel_load_table_get(l, res, i);
                a += c.after;
                b += c.before;
                cap[by][res] += c.capacity;
            }
            ck_assert_msg(fabs(a - total_work(p, after, res)) < 1e-6, "%s",
                          p->resources[res].name);
            ck_assert(fabs(b - total_work(p, before, res)) < 1e-6);
        }
        keel_load_table_free(l);
    }
    for (int res = 0; res < p->nresources && res < 64; res++) /* months cover more days */
        ck_assert(cap[KEEL_PERIOD_DAY][res] <= cap[KEEL_PERIOD_MONTH][res] + 1e-6);
    keel_result_free(r);
    keel_portfolio_free(p);
}
END_TEST

START_TEST(load_capacity_by_week)
{
    keel_portfolio *p = load_example();
    keel_result *r = level(p);
    keel_load_table *l = NULL;
    keel_error err = {0};
    ck_assert(keel_load_table_compute(p, NULL, keel_result_schedule(r), KEEL_PERIOD_WEEK,
                                      &l, &err) == KEEL_OK);
    int henrik = -1;
    for (int res = 0; res < p->nresources; res++)
        if (strcmp(p->resources[res].name, "Henrik Sorensen") == 0)
            henrik = res;
    ck_assert_int_ge(henrik, 0);
    int full_weeks = 0;
    for (int i = 0; i < keel_load_table_nperiods(l); i++) {
        keel_load_cell c = keel_load_table_get(l, henrik, i);
        ck_assert(c.before == 0); /* no before schedule given */
        ck_assert_int_eq(c.min_units, 500);
        ck_assert_int_eq(c.max_units, 500);
        full_weeks += c.capacity == 0.5 * 40 * 60; /* half of a 40-hour week */
    }
    ck_assert_int_gt(full_weeks, 5);
    /* out of range and the wrong kind of resource: zeroed */
    ck_assert(keel_load_table_get(l, -1, 0).capacity == 0);
    ck_assert(keel_load_table_get(l, 0, keel_load_table_nperiods(l)).capacity == 0);
    ck_assert_int_eq(keel_load_table_period(l, -1), KEEL_TIME_NONE);
    keel_period by;
    ck_assert(keel_period_parse("month", &by) && by == KEEL_PERIOD_MONTH);
    ck_assert(!keel_period_parse("Week", &by) && !keel_period_parse(NULL, &by));
    keel_load_table_free(l);
    ck_assert_int_eq(keel_load_table_compute(p, NULL, NULL, KEEL_PERIOD_DAY, &l, &err),
                     KEEL_ERR_INVALID);
    ck_assert_ptr_null(l);
    keel_result_free(r);
    keel_portfolio_free(p);
}
END_TEST

/* Pat has no calendar of its own and works for a Monday-to-Friday project and
 * a Monday-to-Saturday one: the verifier lets Pat be loaded whenever one of
 * its tasks may work, so Pat's working time is the union of the two calendars
 * (48 hours a week). The load table, the what-if utilisation and the verifier
 * agree on it: a leveled schedule without conflicts has no week above
 * capacity (with the first project's calendar, the second week showed 48
 * hours of work against 40), and utilisation is the table's load over its
 * capacity. */
START_TEST(load_capacity_union_of_calendars)
{
    const char *files[] = {"tests/data/worktime/weekdays.xml",
                           "tests/data/worktime/six-days.xml"};
    keel_portfolio *p = NULL;
    keel_error err = {0};
    ck_assert_msg(keel_portfolio_load(files, 2, NULL, &p, &err) == KEEL_OK, "%s",
                  err.message);
    int pat = keel_portfolio_find_resource(p, "Pat");
    ck_assert_int_ge(pat, 0);
    ck_assert_int_lt(p->resources[pat].calendar, 0);
    keel_worktime wt;
    ck_assert(keel_worktime_init(&wt, p, &err) == KEEL_OK);
    int64_t monday = keel_days_from_civil(2026, 3, 2) * KEEL_MINUTES_PER_DAY;
    ck_assert_int_eq(keel_worktime_minutes(&wt, pat, monday, monday + 7 * 1440), 48 * 60);
    ck_assert_int_eq(
        keel_worktime_minutes(&wt, pat, monday + 5 * 1440, monday + 6 * 1440),
        480); /* Saturday: the second project works */
    ck_assert_int_eq(
        keel_worktime_minutes(&wt, pat, monday + 6 * 1440, monday + 7 * 1440),
        0); /* Sunday: nobody */
    keel_worktime_release(&wt);

    keel_result *r = level(p);
    ck_assert_int_eq(keel_result_get(r).conflicts_after, 0);
    keel_load_table *l = NULL;
    ck_assert(keel_load_table_compute(p, NULL, keel_result_schedule(r), KEEL_PERIOD_WEEK,
                                      &l, &err) == KEEL_OK);
    double busiest = 0;
    for (int i = 0; i < keel_load_table_nperiods(l); i++) {
        keel_load_cell c = keel_load_table_get(l, pat, i);
        ck_assert(fabs(c.capacity - 48 * 60) < 1e-9);
        ck_assert_msg(c.after <= c.capacity + 1e-9, "week %d: %g > %g", i, c.after,
                      c.capacity);
        busiest = c.after > busiest ? c.after : busiest;
    }
    ck_assert(busiest == 48 * 60); /* one week full on both calendars */
    double *share = calloc((size_t)p->nresources, sizeof *share);
    ck_assert_ptr_nonnull(share);
    for (int i = 0; i < keel_load_table_nperiods(l); i++) {
        ck_assert(
            keel_utilisation(p, keel_result_schedule(r), keel_load_table_period(l, i),
                             keel_load_table_period(l, i + 1), share, &err) == KEEL_OK);
        keel_load_cell c = keel_load_table_get(l, pat, i);
        ck_assert(fabs(share[pat] - c.after / c.capacity) < 1e-12);
    }
    free(share);
    keel_load_table_free(l);
    keel_result_free(r);
    keel_portfolio_free(p);
}
END_TEST

/* ---------------------------------------------------------------- given schedules */

START_TEST(result_of_leveled_schedule)
{
    keel_portfolio *p = load_example();
    keel_result *r = level(p), *g = NULL;
    keel_error err = {0};
    ck_assert(keel_result_of_schedule(p, keel_result_schedule(r), NULL, &g, &err) ==
              KEEL_OK);
    keel_result_info a = keel_result_get(r), b = keel_result_get(g);
    ck_assert(a.value == b.value);
    ck_assert(a.baseline == b.baseline);
    ck_assert_str_eq(b.solver, "none");
    ck_assert_int_eq(b.schedules, 0);
    ck_assert_int_eq(a.conflicts_before, b.conflicts_before);
    ck_assert_int_eq(a.conflicts_after, b.conflicts_after);
    for (int q = 0; q < p->nprojects; q++) {
        keel_result_project x = keel_result_project_get(r, q),
                            y = keel_result_project_get(g, q);
        ck_assert_int_eq(x.finish, y.finish);
        ck_assert_int_eq(x.delay, y.delay);
        ck_assert_int_eq(x.deadline_state, y.deadline_state);
        ck_assert_int_eq(x.late, y.late);
    }
    keel_result_free(g);
    /* the plan as given: its overloads are conflicts, not an error */
    keel_schedule *s = NULL;
    ck_assert(keel_schedule_from_input(p, &s, &err) == KEEL_OK);
    ck_assert(keel_result_of_schedule(p, s, NULL, &g, &err) == KEEL_OK);
    ck_assert_int_gt(keel_conflicts_failures(keel_result_conflicts(g)), 0);
    keel_result_free(g);
    s->start[1] = KEEL_TIME_NONE;
    g = (keel_result *)1;
    ck_assert_int_eq(keel_result_of_schedule(p, s, NULL, &g, &err), KEEL_ERR_INVALID);
    ck_assert_ptr_null(g);
    keel_schedule_free(s);
    keel_result_free(r);
    keel_portfolio_free(p);
}
END_TEST

/* ---------------------------------------------------------------- report */

static int count_class(xmlNode *n, const char *element, const char *cls)
{
    int k = 0;
    for (; n; n = n->next) {
        if (n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, element) == 0) {
            xmlChar *c = xmlGetProp(n, (const xmlChar *)"class");
            k += c && strstr((const char *)c, cls) != NULL;
            xmlFree(c);
        }
        k += count_class(n->children, element, cls);
    }
    return k;
}

/* The whole file, NUL-terminated (the caller frees it). */
static char *read_text(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    ck_assert_ptr_nonnull(f);
    fseek(f, 0, SEEK_END);
    *len = (size_t)ftell(f);
    rewind(f);
    char *text = calloc(*len + 1, 1);
    ck_assert_ptr_nonnull(text);
    ck_assert_uint_eq(fread(text, 1, *len, f), *len);
    fclose(f);
    return text;
}

static keel_report *example_report(keel_portfolio **p, keel_result **r,
                                   keel_explanation **e)
{
    *p = load_example();
    *r = level(*p);
    keel_error err = {0};
    ck_assert(keel_explain(*p, keel_result_schedule(*r), e, &err) == KEEL_OK);
    keel_report *rep = NULL;
    ck_assert_msg(keel_report_new(*p, *r, *e, &rep, &err) == KEEL_OK, "%s", err.message);
    return rep;
}

static void free_example(keel_report *rep, keel_portfolio *p, keel_result *r,
                         keel_explanation *e)
{
    keel_report_free(rep);
    keel_explanation_free(e);
    keel_result_free(r);
    keel_portfolio_free(p);
}

START_TEST(report_html)
{
    keel_portfolio *p;
    keel_result *r;
    keel_explanation *e;
    keel_report *rep = example_report(&p, &r, &e);
    keel_error err = {0};
    const char *header[] = {"Scenario", "Finish <p1>", "Delay"};
    const char *cells[] = {"base",       "2026-05-29", "8.0", "hire \"one\" & more",
                           "2026-05-20", "1.5"};
    ck_assert(keel_report_add_table(rep, "scenarios", "Scenarios", "What if <we> hire?",
                                    3, header, 2, cells, &err) == KEEL_OK);
    ck_assert_int_eq(
        keel_report_add_table(rep, "scenarios", "again", NULL, 3, header, 0, NULL, &err),
        KEEL_ERR_INVALID);
    ck_assert_int_eq(
        keel_report_add_table(rep, "summary", "built in", NULL, 3, header, 0, NULL, &err),
        KEEL_ERR_INVALID);
    ck_assert_int_eq(
        keel_report_add_table(rep, "a b", "space", NULL, 3, header, 0, NULL, &err),
        KEEL_ERR_INVALID);
    char path[512];
    snprintf(path, sizeof path, "%s/check-report.html", test_tmpdir());
    ck_assert_msg(keel_report_write_html(rep, path, &err) == KEEL_OK, "%s", err.message);
    xmlDoc *doc = xmlReadFile(path, NULL, XML_PARSE_NONET);
    ck_assert_msg(doc != NULL, "the report is not well-formed XML");
    xmlNode *root = xmlDocGetRootElement(doc);
    ck_assert_int_eq(count_class(root, "svg", "gantt"), p->nprojects);
    int work = 0;
    for (int res = 0; res < p->nresources; res++)
        work += p->resources[res].type == KEEL_RES_WORK;
    ck_assert_int_eq(count_class(root, "svg", "histogram"), work);
    ck_assert_int_eq(count_class(root, "section", "added"), 1);
    xmlFreeDoc(doc);
    size_t len = 0;
    char *text = read_text(path, &len);
    ck_assert_ptr_nonnull(strstr(text, "hire &quot;one&quot; &amp; more"));
    ck_assert_ptr_nonnull(strstr(text, "What if &lt;we&gt; hire?"));
    ck_assert_ptr_nonnull(strstr(text, "<td class=\"n\">1.5</td>"));
    ck_assert_ptr_null(strstr(text, "<script"));
    free(text);
    free_example(rep, p, r, e);
}
END_TEST

/* The sections of the other PMO features: the what-if comparison, health and
 * risk, each once and only of the report's portfolio, in the order added;
 * the page stays well-formed, with one risk histogram per project (their
 * bars are counted against keel risk in test_report_sections.sh). */
START_TEST(report_sections)
{
    keel_portfolio *p;
    keel_result *r;
    keel_explanation *e;
    keel_report *rep = example_report(&p, &r, &e);
    keel_error err = {0};
    static const char scenarios[] = "[scenario hire]\ncapacity Carla Nunes = +1\n";
    keel_scenarios *sc = NULL;
    ck_assert_msg(keel_scenarios_parse("s.txt", scenarios, sizeof scenarios - 1, p,
                                       &example, &sc, &err) == KEEL_OK,
                  "%s", err.message);
    keel_options o;
    keel_options_init(&o);
    o.schedules = 200;
    keel_whatif *w = NULL;
    ck_assert_msg(keel_whatif_run(sc, &o, 1, 1, &w, &err) == KEEL_OK, "%s", err.message);
    keel_health *h = NULL;
    ck_assert(keel_health_run(p, NULL, &h, &err) == KEEL_OK);
    keel_risk_options ro;
    keel_risk_options_init(&ro);
    ro.iterations = 50;
    keel_risk *risk = NULL;
    ck_assert(keel_risk_run(p, keel_result_schedule(r), &ro, &risk, &err) == KEEL_OK);
    /* a run of another portfolio is refused */
    const char *other_files[] = {"tests/data/worktime/weekdays.xml"};
    keel_portfolio *other = NULL;
    ck_assert(keel_portfolio_load(other_files, 1, NULL, &other, &err) == KEEL_OK);
    keel_health *oh = NULL;
    keel_risk *orisk = NULL;
    ck_assert(keel_health_run(other, NULL, &oh, &err) == KEEL_OK);
    keel_schedule *os = NULL;
    ck_assert(keel_schedule_from_input(other, &os, &err) == KEEL_OK);
    ck_assert(keel_risk_run(other, os, &ro, &orisk, &err) == KEEL_OK);
    ck_assert_int_eq(keel_report_add_health(rep, oh, &err), KEEL_ERR_INVALID);
    ck_assert_int_eq(keel_report_add_risk(rep, orisk, &err), KEEL_ERR_INVALID);
    /* each kind once */
    ck_assert_msg(keel_report_add_whatif(rep, w, &err) == KEEL_OK, "%s", err.message);
    ck_assert(keel_report_add_health(rep, h, &err) == KEEL_OK);
    ck_assert(keel_report_add_risk(rep, risk, &err) == KEEL_OK);
    ck_assert_int_eq(keel_report_add_risk(rep, risk, &err), KEEL_ERR_INVALID);
    ck_assert_int_eq(keel_report_add_whatif(rep, w, &err), KEEL_ERR_INVALID);
    char path[512];
    snprintf(path, sizeof path, "%s/check-sections.html", test_tmpdir());
    ck_assert_msg(keel_report_write_html(rep, path, &err) == KEEL_OK, "%s", err.message);
    xmlDoc *doc = xmlReadFile(path, NULL, XML_PARSE_NONET);
    ck_assert_msg(doc != NULL, "the report is not well-formed XML");
    xmlNode *root = xmlDocGetRootElement(doc);
    ck_assert_int_eq(count_class(root, "svg", "risk"), p->nprojects);
    ck_assert_int_eq(count_class(root, "section", "added"), 3);
    xmlFreeDoc(doc);
    size_t len = 0;
    char *text = read_text(path, &len);
    const char *a = strstr(text, "id=\"scenarios\""), *b = strstr(text, "id=\"health\""),
               *c = strstr(text, "id=\"risk\"");
    ck_assert(a && b && c && a < b && b < c);
    ck_assert_ptr_nonnull(strstr(text, "data-scenario=\"hire\""));
    ck_assert_ptr_nonnull(strstr(text, "capacity Carla Nunes = +1"));
    free(text);
    keel_schedule_free(os);
    keel_risk_free(orisk);
    keel_health_free(oh);
    keel_portfolio_free(other);
    keel_risk_free(risk);
    keel_health_free(h);
    keel_whatif_free(w);
    keel_scenarios_free(sc);
    free_example(rep, p, r, e);
}
END_TEST

static int temporaries(const char *dir)
{
    DIR *d = opendir(dir);
    int n = 0;
    for (struct dirent *x; d && (x = readdir(d));)
        n += strstr(x->d_name, ".keel-") != NULL;
    if (d)
        closedir(d);
    return n;
}

START_TEST(outputs_never_replace_inputs)
{
    keel_portfolio *p;
    keel_result *r;
    keel_explanation *e;
    keel_report *rep = example_report(&p, &r, &e);
    keel_error err = {0};
    const char *input = "instances/example/office-move.xml";
    struct stat before, after;
    ck_assert_int_eq(stat(input, &before), 0);
    ck_assert_int_eq(keel_report_write_html(rep, input, &err), KEEL_ERR_INVALID);
    ck_assert_ptr_nonnull(strstr(err.message, "refusing to overwrite the input file"));
    ck_assert_int_eq(
        keel_report_write_html(rep, "instances/example/../example/portfolio.txt", &err),
        KEEL_ERR_INVALID);
    ck_assert_int_eq(stat(input, &after), 0);
    ck_assert(before.st_size == after.st_size && before.st_mtime == after.st_mtime);
    ck_assert_int_eq(temporaries("instances/example"), 0);
    char dir[512], path[600];
    snprintf(dir, sizeof dir, "%s/check-report-csv", test_tmpdir());
    ck_assert_msg(keel_report_write_csv(rep, dir, &err) == KEEL_OK, "%s", err.message);
    snprintf(path, sizeof path, "%s/tasks.csv", dir);
    ck_assert_int_eq(stat(path, &after), 0);
    ck_assert_int_eq(temporaries(dir), 0);
    snprintf(path, sizeof path, "%s/check-report-new/sub/report.html", test_tmpdir());
    ck_assert_msg(keel_report_write_html(rep, path, &err) == KEEL_OK, "%s", err.message);
    ck_assert_int_eq(stat(path, &after), 0); /* the folders are created */
    ck_assert_int_eq(keel_report_write_html(rep, dir, &err), KEEL_ERR_IO);
    ck_assert_ptr_nonnull(strstr(err.message, "not a regular file"));
    free_example(rep, p, r, e);
}
END_TEST

Suite *suite_report(void)
{
    Suite *s = suite_create("report");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, load_totals);
    tcase_add_test(tc, load_capacity_by_week);
    tcase_add_test(tc, load_capacity_union_of_calendars);
    tcase_add_test(tc, result_of_leveled_schedule);
    tcase_add_test(tc, report_html);
    tcase_add_test(tc, report_sections);
    tcase_add_test(tc, outputs_never_replace_inputs);
    suite_add_tcase(s, tc);
    return s;
}
