/* SPDX-License-Identifier: GPL-3.0-or-later
 * What-if building blocks: the scenario file (statements, errors with
 * file:line), capacity units and changes, scenario portfolios derived from an
 * immutable base (copy on write, removal compacts a consistent model), the
 * portfolio file's [resource] sections, and the JSON reader.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/json.h"
#include "base/timefmt.h"
#include "model/overlay.h"
#include "read/portfolio_file.h"
#include "read/scenario_file.h"
#include "testutil.h"

static keel_time at(const char *s)
{
    keel_time t = KEEL_TIME_NONE;
    ck_assert(keel_parse_datetime(s, &t));
    return t;
}

START_TEST(parse_example)
{
    const char *text = "# scenarios\n"
                       "[scenario hire]\n"
                       "capacity Ivo Petrov = +1 from 2026-03-02   # a hire\n"
                       "capacity Anna Berg = 150% to 2026-04-30\n"
                       "capacity  tester  = 0 from 2026-07-06 to 2026-07-17T12:00\n"
                       "[scenario cancel.web_2]\n"
                       "remove = web\n"
                       "postpone erp = 10d\n"
                       "postpone office = 2026-03-02\n"
                       "priority erp = 900\n"
                       "weight erp = 2.5\n"
                       "deadline web = none\n"
                       "deadline office = 2026-06-30\n"
                       "add = plans/new crm.xml\n"
                       "[scenario empty]\n";
    keel_scenario_file *f = NULL;
    keel_error err;
    ck_assert_msg(keel_scenario_file_parse("dir/s.txt", text, strlen(text), &f, &err) ==
                      KEEL_OK,
                  "%s", err.message);
    ck_assert_int_eq(f->nscenarios, 3);
    const keel_scenario_def *a = &f->scenarios[0], *b = &f->scenarios[1];
    ck_assert_str_eq(a->name, "hire");
    ck_assert_int_eq(a->nchanges, 3);
    ck_assert_str_eq(a->changes[0].target, "Ivo Petrov");
    ck_assert_str_eq(a->changes[0].text, "capacity Ivo Petrov = +1 from 2026-03-02");
    ck_assert(a->changes[0].capacity.relative);
    ck_assert_int_eq(a->changes[0].capacity.units, 1000);
    ck_assert(a->changes[0].capacity.from == at("2026-03-02"));
    ck_assert(a->changes[0].capacity.to == KEEL_TIME_NONE);
    ck_assert(!a->changes[1].capacity.relative);
    ck_assert_int_eq(a->changes[1].capacity.units, 1500);
    ck_assert(a->changes[1].capacity.to == at("2026-05-01")); /* end of that day */
    ck_assert_str_eq(a->changes[2].target, "tester");
    ck_assert_int_eq(a->changes[2].capacity.units, 0);
    ck_assert(a->changes[2].capacity.to == at("2026-07-17T12:00"));
    ck_assert_int_eq(a->changes[2].line, 5);
    ck_assert_str_eq(b->name, "cancel.web_2");
    ck_assert_int_eq(b->nchanges, 8);
    ck_assert_int_eq(b->changes[0].kind, KEEL_CHANGE_REMOVE);
    ck_assert_str_eq(b->changes[0].target, "web");
    ck_assert_int_eq(b->changes[1].kind, KEEL_CHANGE_POSTPONE);
    ck_assert(!b->changes[1].to_date);
    ck_assert_int_eq(b->changes[1].amount.milli, 10000);
    ck_assert_int_eq(b->changes[1].amount.unit, KEEL_INI_DAYS);
    ck_assert(b->changes[2].to_date);
    ck_assert(b->changes[2].date.t == at("2026-03-02"));
    ck_assert_int_eq(b->changes[3].priority, 900);
    ck_assert(b->changes[4].weight == 2.5);
    ck_assert(b->changes[5].date.t == KEEL_TIME_NONE);
    ck_assert(b->changes[6].date.t == at("2026-07-01"));
    ck_assert_str_eq(b->changes[7].target, "dir/plans/new crm.xml");
    ck_assert_int_eq(f->scenarios[2].nchanges, 0);
    keel_scenario_file_free(f);
}
END_TEST

START_TEST(parse_errors)
{
    static const struct {
        const char *text;
        int line;
        const char *msg;
    } cases[] = {
        {"remove = erp\n", 1, "outside a [scenario] section"},
        {"[scenario a]\n[scenario a]\n", 2, "given twice (first on line 1)"},
        {"[scenario base]\n", 1, "not 'base'"},
        {"[scenario a b]\n", 1, "use letters, digits"},
        {"[scenario .x]\n", 1, "not starting with '.'"},
        {"[project a]\n", 1, "expected [scenario NAME]"},
        {"[scenario a\n", 1, "expected '[scenario NAME]'"},
        {"[scenario a]\nfoo = 1\n", 2, "unknown statement 'foo'"},
        {"[scenario a]\ncapacity = +1\n", 2, "name what it changes"},
        {"[scenario a]\nremove erp = x\n", 2, "write 'remove = NAME'"},
        {"[scenario a]\ncapacity R = \n", 2, "no value"},
        {"[scenario a]\ncapacity R = lots\n", 2, "not a number of units"},
        {"[scenario a]\ncapacity R = 1.0005\n", 2, "not a number of units"},
        {"[scenario a]\ncapacity R = 0.05%\n", 2, "not a number of units"},
        {"[scenario a]\ncapacity R = 2000000\n", 2, "not a number of units"},
        {"[scenario a]\ncapacity R = +1 from\n", 2, "'from' needs a date"},
        {"[scenario a]\ncapacity R = +1 since 2026-01-01\n", 2, "unexpected 'since'"},
        {"[scenario a]\ncapacity R = +1 from 2026-02-30\n", 2, "not a date"},
        {"[scenario a]\ncapacity R = 1 from 2026-03-01 to 2026-02-01\n", 2, "not after"},
        {"[scenario a]\ncapacity R = 1 to 2026-03-01 to 2026-04-01\n", 2, "each once"},
        {"[scenario a]\npostpone p = -2d\n", 2, "not a positive amount"},
        {"[scenario a]\npostpone p = 10%\n", 2, "not a positive amount"},
        {"[scenario a]\npostpone p = soon\n", 2, "neither an amount of time"},
        {"[scenario a]\npriority p = 1001\n", 2, "0..1000"},
        {"[scenario a]\nweight p = -1\n", 2, "number >= 0"},
        {"[scenario a]\ndeadline p = tomorrow\n", 2, "not a date"},
        {"# nothing\n", 0, "no [scenario NAME] section"},
        {"[scenario a]\nremove = x\0y\n", 2, "NUL byte"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        keel_scenario_file *f = NULL;
        keel_error err = {0};
        size_t len = strlen(cases[i].text);
        if (strstr(cases[i].msg, "NUL"))
            len = strlen(cases[i].text) + 4;
        keel_status st = keel_scenario_file_parse("s.txt", cases[i].text, len, &f, &err);
        ck_assert_msg(st == KEEL_ERR_PARSE, "case %zu: status %d", i, st);
        ck_assert(f == NULL);
        ck_assert_msg(strstr(err.message, cases[i].msg), "case %zu: %s", i, err.message);
        char prefix[32];
        snprintf(prefix, sizeof prefix, cases[i].line ? "s.txt:%d: " : "s.txt: ", cases[i].line);
        ck_assert_msg(strncmp(err.message, prefix, strlen(prefix)) == 0, "case %zu: %s", i,
                      err.message);
    }
}
END_TEST

START_TEST(units)
{
    int32_t u;
    bool rel;
    ck_assert(keel_ini_parse_units("+1", &u, &rel) && rel && u == 1000);
    ck_assert(keel_ini_parse_units("-0.25", &u, &rel) && rel && u == -250);
    ck_assert(keel_ini_parse_units("2", &u, &rel) && !rel && u == 2000);
    ck_assert(keel_ini_parse_units("12.5%", &u, &rel) && !rel && u == 125);
    ck_assert(keel_ini_parse_units("+50%", &u, &rel) && rel && u == 500);
    ck_assert(!keel_ini_parse_units("", &u, &rel));
    ck_assert(!keel_ini_parse_units("1e3", &u, &rel));
    ck_assert(!keel_ini_parse_units("%", &u, &rel));
    ck_assert(!keel_ini_parse_units("1.5d", &u, &rel));
}
END_TEST

/* A capacity of steps "units@minute ..." with the first at minus infinity. */
static void check_steps(const keel_capacity *c, int n, const keel_time *t, const int32_t *u)
{
    ck_assert_int_eq(c->n, n);
    for (int i = 0; i < n; i++) {
        ck_assert(c->at[i] == t[i]);
        ck_assert_int_eq(c->units[i], u[i]);
    }
}

START_TEST(capacity_apply)
{
    keel_arena *a = keel_arena_new();
    keel_time t0[] = {KEEL_TIME_NONE, 100, 200};
    int32_t u0[] = {1000, 500, 1000};
    keel_capacity base = {3, t0, u0}, out;
    keel_time neg;
    int32_t left;
    keel_error err;
    /* +1 from 150 to 300: splits the middle step, merges nothing */
    keel_capacity_change c = {0, true, 1000, 150, 300};
    ck_assert(keel_capacity_apply(a, &base, &c, &out, &neg, &left, &err) == KEEL_OK);
    check_steps(&out, 5, (keel_time[]){KEEL_TIME_NONE, 100, 150, 200, 300},
                (int32_t[]){1000, 500, 1500, 2000, 1000});
    /* set to 1 over [100, 200): the steps merge away */
    c = (keel_capacity_change){0, false, 1000, 100, 200};
    ck_assert(keel_capacity_apply(a, &base, &c, &out, &neg, &left, &err) == KEEL_OK);
    check_steps(&out, 1, (keel_time[]){KEEL_TIME_NONE}, (int32_t[]){1000});
    /* in place, open range: -0.5 for ever */
    keel_capacity same = base;
    c = (keel_capacity_change){0, true, -500, KEEL_TIME_NONE, KEEL_TIME_NONE};
    ck_assert(keel_capacity_apply(a, &same, &c, &same, &neg, &left, &err) == KEEL_OK);
    check_steps(&same, 3, t0, (int32_t[]){500, 0, 500});
    ck_assert_int_eq(u0[1], 500); /* the input is never written */
    /* below zero: the first moment is reported */
    c = (keel_capacity_change){0, true, -600, 50, KEEL_TIME_NONE};
    ck_assert(keel_capacity_apply(a, &base, &c, &out, &neg, &left, &err) == KEEL_ERR_INVALID);
    ck_assert(neg == 100);
    ck_assert_int_eq(left, -100);
    keel_arena_free(a);
}
END_TEST

static keel_portfolio *load_example(const char *portfolio)
{
    keel_load_options lo = {NULL, portfolio};
    keel_portfolio *p = NULL;
    keel_error err;
    ck_assert_msg(keel_portfolio_load(NULL, 0, &lo, &p, &err) == KEEL_OK, "%s", err.message);
    return p;
}

/* Links, assignments, adjacency and order of p refer to its own tasks. */
static void check_consistent(const keel_portfolio *p)
{
    int *pos = calloc((size_t)p->ntasks, sizeof *pos);
    for (int t = 0; t < p->ntasks; t++)
        pos[t] = -1;
    for (int i = 0; i < p->nleaves; i++)
        pos[p->topo[i]] = i;
    for (int q = 0, next = 0; q < p->nprojects; q++) {
        ck_assert_int_eq(p->projects[q].first_task, next);
        next += p->projects[q].ntasks;
        for (int t = p->projects[q].first_task; t < next; t++)
            ck_assert_int_eq(p->tasks[t].project, q);
    }
    for (int i = 0; i < p->nlinks; i++) {
        const keel_link *l = &p->links[i];
        ck_assert(l->pred >= 0 && l->pred < p->ntasks && l->succ >= 0 && l->succ < p->ntasks);
        ck_assert(pos[l->pred] >= 0 && pos[l->pred] < pos[l->succ]);
    }
    for (int t = 0; t < p->ntasks; t++) {
        for (int k = p->succ_start[t]; k < p->succ_start[t + 1]; k++)
            ck_assert_int_eq(p->links[p->succ_link[k]].pred, t);
        for (int k = p->pred_start[t]; k < p->pred_start[t + 1]; k++)
            ck_assert_int_eq(p->links[p->pred_link[k]].succ, t);
        for (int k = p->asg_start[t]; k < p->asg_start[t + 1]; k++)
            ck_assert_int_eq(p->assignments[k].task, t);
        ck_assert(p->tasks[t].parent < 0 || p->tasks[p->tasks[t].parent].project ==
                                                p->tasks[t].project);
    }
    ck_assert_int_eq(p->asg_start[p->ntasks], p->nassignments);
    free(pos);
}

START_TEST(derive)
{
    keel_portfolio *b = load_example("instances/example/portfolio.txt");
    int ntasks = b->ntasks, nlinks = b->nlinks, web = 1;
    ck_assert_str_eq(b->projects[web].alias, "web");
    keel_project_change pc[3];
    for (int q = 0; q < 3; q++)
        keel_project_change_init(&pc[q]);
    pc[web].removed = true;
    pc[0].priority = 900;
    pc[2].release = b->projects[2].start + 7 * 1440;
    int r = keel_portfolio_find_resource(b, " ivo PETROV ");
    ck_assert_int_ge(r, 0);
    keel_capacity_change cc = {r, true, 1000, KEEL_TIME_NONE, KEEL_TIME_NONE};
    keel_overlay o = {pc, 1, &cc};
    keel_portfolio *d = NULL;
    int *map = NULL;
    keel_error err;
    ck_assert_msg(keel_model_derive(b, &o, &d, &map, &err) == KEEL_OK, "%s", err.message);
    ck_assert_int_eq(d->nprojects, 2);
    ck_assert_int_eq(d->ntasks, ntasks - b->projects[web].ntasks);
    ck_assert_int_lt(d->nlinks, nlinks); /* the cross-project link erp -> web went */
    ck_assert_int_eq(d->projects[0].priority, 900);
    ck_assert(d->projects[1].start == b->projects[2].start + 7 * 1440);
    ck_assert_str_eq(d->projects[1].name, "office-move.xml");
    for (int t = 0; t < b->ntasks; t++) {
        ck_assert_int_eq(map[t] < 0, b->tasks[t].project == web);
        if (map[t] >= 0)
            ck_assert_int_eq(d->tasks[map[t]].uid, b->tasks[t].uid);
    }
    ck_assert(keel_resource_capacity_at(&d->resources[r], at("2026-03-02T10:00")) ==
              keel_resource_capacity_at(&b->resources[r], at("2026-03-02T10:00")) + 1000);
    check_consistent(d);
    /* the base is untouched */
    ck_assert_int_eq(b->nprojects, 3);
    ck_assert_int_eq(b->ntasks, ntasks);
    ck_assert_int_eq(b->projects[0].priority, 800);
    check_consistent(b);
    /* every project removed is refused */
    for (int q = 0; q < 3; q++)
        pc[q].removed = true;
    keel_portfolio *none = NULL;
    ck_assert(keel_model_derive(b, &o, &none, NULL, &err) == KEEL_ERR_INVALID);
    ck_assert(none == NULL);
    free(map);
    keel_portfolio_free(d);
    keel_portfolio_free(b);
}
END_TEST

static keel_status load_erp(const char *portfolio_text, keel_portfolio **p, keel_error *err)
{
    char path[512];
    const char *files[] = {"instances/example/erp-upgrade.xml"};
    keel_load_options lo = {NULL, test_write_file("res.txt", portfolio_text, path, sizeof path)};
    return keel_portfolio_load(files, 1, &lo, p, err);
}

START_TEST(portfolio_resources)
{
    keel_portfolio *b = NULL, *p = NULL;
    keel_error err;
    ck_assert(load_erp("# none\n", &b, &err) == KEEL_OK);
    ck_assert_msg(load_erp("[resource  ivo petrov ]\ncapacity = +1 from 2026-03-02\n"
                           "capacity = 0 from 2026-04-06 to 2026-04-10\n",
                           &p, &err) == KEEL_OK,
                  "%s", err.message);
    int rb = keel_portfolio_find_resource(b, "Ivo Petrov");
    int rp = keel_portfolio_find_resource(p, "Ivo Petrov");
    const keel_resource *R = &p->resources[rp], *B = &b->resources[rb];
    keel_time t = at("2026-03-03T10:00"), u = at("2026-04-13T10:00");
    ck_assert_int_eq(keel_resource_capacity_at(R, t), keel_resource_capacity_at(B, t) + 1000);
    ck_assert_int_eq(keel_resource_capacity_at(R, at("2026-04-08T10:00")), 0);
    ck_assert_int_eq(keel_resource_capacity_at(R, u), keel_resource_capacity_at(B, u) + 1000);
    ck_assert_int_eq(keel_resource_capacity_at(R, at("2026-01-05T10:00")),
                     keel_resource_capacity_at(B, at("2026-01-05T10:00")));
    keel_portfolio_free(p);
    keel_portfolio_free(b);
    static const struct {
        const char *text, *msg;
    } bad[] = {
        {"[resource Nobody]\ncapacity = +1\n", "res.txt:1: resource 'Nobody': no loaded"},
        {"[resource Ivo Petrov]\ncapacity = -9\n", "res.txt:2: resource 'Ivo Petrov': the "
                                                   "capacity would be"},
        {"[resource Ivo Petrov]\ncapacity = 1 from 12\n", "res.txt:2: resource 'Ivo Petrov': "
                                                          "capacity: give a date"},
        {"[resource Ivo Petrov]\nweight = 1\n", "res.txt:2: unknown key 'weight'"},
        {"[resource Ivo Petrov]\n[resource ivo petrov]\n", "res.txt:2: resource 'ivo petrov': "
                                                           "section given twice"},
        {"[resource Ivo Petrov]\ncapacity = lots\n", "res.txt:2: capacity: 'lots'"},
        {"[resource ]\n", "res.txt:1: unknown section '[resource]'"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        p = NULL;
        ck_assert(load_erp(bad[i].text, &p, &err) == KEEL_ERR_PARSE);
        ck_assert(p == NULL);
        ck_assert_msg(strstr(err.message, bad[i].msg), "case %zu: %s", i, err.message);
    }
}
END_TEST

START_TEST(priority_moves_weight)
{
    keel_portfolio *b = NULL, *d = NULL;
    keel_error err;
    ck_assert(load_erp("# no weight: by priority\n", &b, &err) == KEEL_OK);
    ck_assert(b->projects[0].weight_by_priority);
    keel_project_change pc;
    keel_project_change_init(&pc);
    pc.priority = 700;
    keel_overlay o = {&pc, 0, NULL};
    ck_assert(keel_model_derive(b, &o, &d, NULL, &err) == KEEL_OK);
    ck_assert(d->projects[0].weight == keel_priority_weight(700));
    keel_portfolio_free(d);
    pc.weight = 2; /* a weight given wins */
    ck_assert(keel_model_derive(b, &o, &d, NULL, &err) == KEEL_OK);
    ck_assert(d->projects[0].weight == 2 && !d->projects[0].weight_by_priority);
    keel_portfolio_free(d);
    keel_portfolio_free(b);
}
END_TEST

START_TEST(json_reader)
{
    const char *text = "{\"a\": [1, -2.5e1, true, false, null, \"x\\u00e9\\ud83d\\ude00\\n\"],\n"
                       " \"b\": {\"c\": 12345678901234}}";
    keel_json_doc doc;
    keel_error err;
    ck_assert_msg(keel_json_parse("t.json", text, strlen(text), &doc, &err) == KEEL_OK, "%s",
                  err.message);
    const keel_json *a = keel_json_get(doc.root, "a");
    ck_assert_int_eq(a->n, 6);
    ck_assert(a->items[1]->number == -25);
    ck_assert(a->items[2]->boolean && !a->items[3]->boolean);
    ck_assert_int_eq(a->items[4]->kind, KEEL_JSON_NULL);
    ck_assert_str_eq(a->items[5]->text, "x\xc3\xa9\xf0\x9f\x98\x80\n");
    int64_t v;
    ck_assert(keel_json_int(keel_json_get(keel_json_get(doc.root, "b"), "c"), &v));
    ck_assert(v == 12345678901234LL);
    ck_assert(!keel_json_int(a->items[1], &v));
    ck_assert_int_eq(keel_json_get(doc.root, "b")->line, 2);
    keel_json_doc_free(&doc);
    static const struct {
        const char *text, *msg;
    } bad[] = {{"{\"a\" 1}", "t.json:1: JSON: expected ':'"},
               {"[1,\n2,,3]", "t.json:2: JSON: bad number"},
               {"\"abc", "unterminated string"},
               {"\"\\x\"", "bad escape"},
               {"\"\\ud800\"", "bad escape"},
               {"\"\\u0000\"", "bad escape"},
               {"[01]", "bad number"},
               {"[1] 2", "text after the end"},
               {"tru", "unexpected word"},
               {"", "unexpected end"},
               {"{\"a\":[1}", "expected ',' or ']'"}};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        ck_assert(keel_json_parse("t.json", bad[i].text, strlen(bad[i].text), &doc, &err) ==
                  KEEL_ERR_PARSE);
        ck_assert_msg(strstr(err.message, bad[i].msg), "case %zu: %s", i, err.message);
        ck_assert(doc.root == NULL && doc.arena == NULL);
    }
    char deep[300];
    memset(deep, '[', 200);
    deep[200] = '\0';
    ck_assert(keel_json_parse("t.json", deep, 200, &doc, &err) == KEEL_ERR_PARSE);
    ck_assert(strstr(err.message, "nested too deeply"));
}
END_TEST

Suite *suite_scenario(void)
{
    Suite *s = suite_create("scenario");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, parse_example);
    tcase_add_test(tc, parse_errors);
    tcase_add_test(tc, units);
    tcase_add_test(tc, capacity_apply);
    tcase_add_test(tc, derive);
    tcase_add_test(tc, portfolio_resources);
    tcase_add_test(tc, priority_moves_weight);
    tcase_add_test(tc, json_reader);
    suite_add_tcase(s, tc);
    return s;
}
