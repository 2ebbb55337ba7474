/* SPDX-License-Identifier: GPL-3.0-or-later
 * Leveling at portfolio scale: writing a whole portfolio (leveled dates
 * computed once) gives the same files as writing each project alone; the
 * time-limit share of the driver never lifts a spent limit; re-decoding the
 * tail of a list equals decoding it whole; the rule passes never lose to the
 * MS Project-like pass; the portfolio search is deterministic per seed,
 * budget and threads and its schedules pass the verifier.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "analysis/schedule.h"
#include "analysis/verify.h"
#include "model/builder.h"
#include "model/model.h"
#include "read/psplib_read.h"
#include "search/fbi.h"
#include "base/readfile.h"
#include "base/rng.h"
#include "run/level.h"
#include "testutil.h"
#include "write/mspdi_write.h"

static const keel_load_options example_opts = {.portfolio_file =
                                                   "instances/example/portfolio.txt"};

static keel_portfolio *load_example(void)
{
    keel_portfolio *p = NULL;
    keel_error err = {0};
    ck_assert_msg(keel_portfolio_load(NULL, 0, &example_opts, &p, &err) == KEEL_OK, "%s",
                  err.message);
    return p;
}

static keel_result *level(const keel_portfolio *p, const char *solvers, int threads,
                          int64_t budget)
{
    keel_options o;
    keel_options_init(&o);
    snprintf(o.solvers, sizeof o.solvers, "%s", solvers);
    o.threads = threads;
    o.schedules = budget;
    keel_result *r = NULL;
    keel_error err = {0};
    ck_assert_msg(keel_level(p, &o, &r, &err) == KEEL_OK, "%s", err.message);
    return r;
}

static char *slurp(const char *path, size_t *len)
{
    char *buf = NULL;
    keel_error err = {0};
    ck_assert_msg(keel_file_read(path, 1 << 26, &buf, len, &err) == KEEL_OK, "%s",
                  err.message);
    return buf;
}

START_TEST(portfolio_write_equals_project_writes)
{
    keel_portfolio *p = load_example();
    keel_result *r = level(p, "ga", 1, 2000);
    char dir[512], one[600], all[600];
    snprintf(dir, sizeof dir, "%s/scale_write", test_tmpdir());
    keel_error err = {0};
    ck_assert_msg(keel_result_write_mspdi(p, r, dir, &err) == KEEL_OK, "%s", err.message);
    for (int q = 0; q < keel_portfolio_nprojects(p); q++) {
        const char *base = keel_path_basename(keel_project_get(p, q).file);
        snprintf(all, sizeof all, "%s/%s", dir, base);
        snprintf(one, sizeof one, "%s/scale_one_%s", test_tmpdir(), base);
        ck_assert_msg(keel_mspdi_write(p, q, keel_result_schedule(r), keel_result_before(r),
                                       one, &err) == KEEL_OK,
                      "%s", err.message);
        size_t na = 0, no = 0;
        char *a = slurp(all, &na), *o = slurp(one, &no);
        ck_assert_msg(na == no && memcmp(a, o, na) == 0, "%s differs", base);
        free(a);
        free(o);
        remove(all);
        remove(one);
    }
    remove(dir);
    keel_result_free(r);
    keel_portfolio_free(p);
}
END_TEST

/* A limit spent before the search still gives a verified schedule: the first
 * pass, never an error or a lifted limit. */
START_TEST(spent_time_limit_gives_first_pass)
{
    keel_portfolio *p = load_example();
    keel_options o;
    keel_options_init(&o);
    o.time_limit = 1e-6;
    keel_result *r = NULL;
    keel_error err = {0};
    ck_assert_msg(keel_level(p, &o, &r, &err) == KEEL_OK, "%s", err.message);
    keel_result_info in = keel_result_get(r);
    ck_assert(in.value <= in.baseline);
    ck_assert_int_le(in.schedules, 64);
    keel_result_free(r);
    keel_portfolio_free(p);
}
END_TEST

static keel_portfolio *load_file(const char *file)
{
    keel_portfolio *p = NULL;
    keel_error err = {0};
    ck_assert_msg(keel_portfolio_load(&file, 1, NULL, &p, &err) == KEEL_OK, "%s", err.message);
    return p;
}

static bool same_plan(const keel_plan *a, const keel_plan *b)
{
    for (int j = 0; j < a->njobs; j++)
        if (a->start[j] != b->start[j] || a->finish[j] != b->finish[j])
            return false;
    return a->makespan == b->makespan;
}

/* Lists from random keys; the second changes the keys of a random tail. */
START_TEST(resume_equals_whole_decode)
{
    const char *files[] = {"instances/mpsplib/mp_j30_a10_nr1.xml",
                           "instances/psplib/j30/j3013_4.sm"};
    keel_portfolio *p = load_file(files[_i]);
    keel_problem *P = NULL;
    keel_sgs *w = NULL;
    keel_error err = {0};
    ck_assert(keel_problem_new(p, &P, &err) == KEEL_OK);
    ck_assert(keel_sgs_new(P, 0, &w, &err) == KEEL_OK);
    int n = P->njobs;
    double *key = malloc(sizeof(double) * (size_t)n);
    int *a = malloc(sizeof(int) * (size_t)n), *b = malloc(sizeof(int) * (size_t)n);
    keel_plan pa = {0}, pb = {0}, whole = {0};
    ck_assert(keel_plan_init(&pa, n) && keel_plan_init(&pb, n) && keel_plan_init(&whole, n));
    keel_rng rng;
    keel_rng_seed(&rng, 7, 0);
    for (int round = 0; round < 50; round++) {
        for (int j = 0; j < n; j++)
            key[j] = keel_rng_unit(&rng);
        keel_sgs_list_from_keys(w, key, a);
        keel_sgs_serial(w, a, &pa);
        double cut = keel_rng_unit(&rng);
        for (int j = 0; j < n; j++)
            if (key[j] > cut)
                key[j] = cut + keel_rng_unit(&rng);
        keel_sgs_list_from_keys(w, key, b);
        int from = 0;
        while (from < n && a[from] == b[from])
            from++;
        keel_plan_copy(&pb, &pa);
        keel_sgs_serial_resume(w, b, from, &pb);
        keel_sgs_serial(w, b, &whole);
        ck_assert_msg(same_plan(&pb, &whole), "round %d, from %d of %d", round, from, n);
    }
    keel_plan_release(&pa);
    keel_plan_release(&pb);
    keel_plan_release(&whole);
    free(key);
    free(a);
    free(b);
    keel_sgs_free(w);
    keel_problem_free(P);
    keel_portfolio_free(p);
}
END_TEST

/* On portfolios (several projects) the start is the best of the MS
 * Project-like pass and the rule passes, on every objective. */
START_TEST(rule_start_never_loses)
{
    static const char *objectives[] = {"weighted-delay", "apd", "tms", "tardiness"};
    keel_portfolio *ps[2] = {load_example(), load_file("instances/mpsplib/mp_j30_a10_nr2.xml")};
    for (int k = 0; k < 2; k++)
        for (int i = 0; i < 4; i++) {
            keel_options o;
            keel_options_init(&o);
            snprintf(o.objective, sizeof o.objective, "%s", objectives[i]);
            snprintf(o.solvers, sizeof o.solvers, "msp-standard");
            o.schedules = 1;
            keel_result *r = NULL;
            keel_error err = {0};
            ck_assert_msg(keel_level(ps[k], &o, &r, &err) == KEEL_OK, "%s", err.message);
            keel_result_info in = keel_result_get(r);
            ck_assert(isfinite(in.rules_value) && in.rules_best);
            ck_assert(in.value <= in.baseline + 1e-9);
            ck_assert(in.value <= in.rules_value + 1e-9);
            test_assert_verified(ps[k], r);
            keel_result_free(r);
        }
    keel_portfolio_free(ps[0]);
    keel_portfolio_free(ps[1]);
}
END_TEST

static bool same_schedule(const keel_result *a, const keel_result *b)
{
    const keel_schedule *x = keel_result_schedule(a), *y = keel_result_schedule(b);
    for (int t = 0; t < x->ntasks; t++)
        if (x->start[t] != y->start[t] || x->finish[t] != y->finish[t])
            return false;
    return true;
}

/* Two runs of the portfolio search with one seed: the same schedule,
 * verified, never worse than the rule passes. */
static void assert_search_repeats(const keel_portfolio *p, int threads, int64_t budget)
{
    keel_result *a = level(p, "portfolio", threads, budget);
    keel_result *b = level(p, "portfolio", threads, budget);
    ck_assert(same_schedule(a, b));
    keel_result_info in = keel_result_get(a);
    ck_assert(in.value <= in.rules_value + 1e-9);
    test_assert_verified(p, a);
    keel_result_free(a);
    keel_result_free(b);
}

/* Same seed, same schedule; on two threads the two workers are peers whose
 * cycles break near-ties at random (on calendars: jittered by durations in
 * minutes). MPSPLIB and the example portfolio. */
START_TEST(portfolio_search_deterministic)
{
    keel_portfolio *p =
        _i == 0 ? load_file("instances/mpsplib/mp_j30_a10_nr2.xml") : load_example();
    for (int threads = 1; threads <= 2; threads++)
        assert_search_repeats(p, threads, 3000);
    keel_portfolio_free(p);
}
END_TEST

/* Above 20,000 jobs two peers of the portfolio search share one descent
 * (jittered cycles, each going on from the other's better schedule): still
 * the same schedule for the same seed (without a time limit they share at
 * the ends of rounds), verified, never worse than the rule passes. */
START_TEST(shared_descent_deterministic)
{
    const char *g = test_generator();
    ck_assert_msg(g, "set KEEL_GEN to the gen_portfolio binary (make test does)");
    char dir[512], pf[600], cmd[1200];
    snprintf(dir, sizeof dir, "%s/scale-descent", test_tmpdir());
    snprintf(cmd, sizeof cmd, "'%s' --projects 48 --tasks 500 --resources 144 --seed 3 "
             "-o '%s' >/dev/null", g, dir);
    ck_assert_int_eq(system(cmd), 0);
    snprintf(pf, sizeof pf, "%s/portfolio.txt", dir);
    keel_load_options lo = {.portfolio_file = pf};
    keel_portfolio *p = NULL;
    keel_problem *P = NULL;
    keel_error err = {0};
    ck_assert_msg(keel_portfolio_load(NULL, 0, &lo, &p, &err) == KEEL_OK, "%s", err.message);
    ck_assert(keel_problem_new(p, &P, &err) == KEEL_OK);
    ck_assert_int_ge(P->njobs, 20000);
    keel_problem_free(P);
    assert_search_repeats(p, 2, 40);
    keel_portfolio_free(p);
}
END_TEST

/* A plan of P passes keel's verifier (as a schedule of p's tasks). */
static void assert_plan_verified(const keel_portfolio *p, const keel_problem *P,
                                 const keel_plan *s)
{
    keel_schedule *x = keel_schedule_new(p->ntasks);
    ck_assert(x);
    for (int j = 0; j < P->njobs; j++) {
        x->start[P->task[j]] = s->start[j];
        x->finish[P->task[j]] = s->finish[j];
    }
    keel_schedule_roll_up(p, x);
    keel_conflicts *c = NULL;
    keel_error err = {0};
    ck_assert(keel_verify(p, x, &c, &err) == KEEL_OK);
    ck_assert_int_eq(keel_conflicts_failures(c), 0);
    keel_conflicts_free(c);
    keel_schedule_free(x);
}

/* Right justification against each project's own finish, then left: no
 * project finishes later (so no delay objective gets worse), the schedule
 * stays feasible, and keel_fbi_objective never returns a worse value. On
 * random lists of the example (calendars, all link types) and MPSPLIB. */
START_TEST(project_justification_keeps_finishes)
{
    keel_portfolio *p = _i == 0 ? load_example()
                                : load_file("instances/mpsplib/mp_j30_a10_nr1.xml");
    keel_problem *P = NULL;
    keel_sgs *w = NULL;
    keel_objective o;
    keel_error err = {0};
    ck_assert(keel_problem_new(p, &P, &err) == KEEL_OK);
    ck_assert(keel_sgs_new(P, 0, &w, &err) == KEEL_OK);
    ck_assert(keel_objective_init(&o, P, KEEL_OBJ_APD, &err) == KEEL_OK);
    int n = P->njobs, np = P->nprojects;
    double *key = malloc(sizeof(double) * (size_t)n);
    keel_time *finish = malloc(sizeof(keel_time) * (size_t)np);
    int *list = malloc(sizeof(int) * (size_t)n);
    keel_plan s = {0};
    ck_assert(keel_plan_init(&s, n));
    keel_rng rng;
    keel_rng_seed(&rng, 11, 0);
    for (int round = 0; round < 20; round++) {
        for (int j = 0; j < n; j++)
            key[j] = keel_rng_unit(&rng);
        keel_sgs_list_from_keys(w, key, list);
        keel_sgs_serial(w, list, &s);
        double v = keel_objective_value(&o, &s);
        memcpy(finish, o.finish, sizeof(keel_time) * (size_t)np);
        keel_sgs_justify_projects(w, &s);
        keel_objective_value(&o, &s);
        for (int q = 0; q < np; q++)
            ck_assert_int_le(o.finish[q], finish[q]);
        keel_sgs_justify(w, &s, false);
        keel_objective_value(&o, &s);
        for (int q = 0; q < np; q++)
            ck_assert_int_le(o.finish[q], finish[q]);
        assert_plan_verified(p, P, &s);
        keel_sgs_serial(w, list, &s);
        keel_fbi_objective(w, &s, &o, 6);
        ck_assert(keel_objective_value(&o, &s) <= v + 1e-9);
        assert_plan_verified(p, P, &s);
    }
    keel_plan_release(&s);
    free(key);
    free(finish);
    free(list);
    keel_objective_release(&o);
    keel_sgs_free(w);
    keel_problem_free(P);
    keel_portfolio_free(p);
}
END_TEST

/* The generator ($KEEL_GEN, as check_property.c): resource calendars, all
 * link types with working-time lags, summary links, started and
 * priority-1000 tasks. */
static const char *generated(int seed, char *dir, size_t size, char *pf, size_t pfsize)
{
    const char *g = test_generator();
    ck_assert_msg(g, "set KEEL_GEN to the gen_portfolio binary (make test does)");
    snprintf(dir, size, "%s/scale-gen-%d", test_tmpdir(), seed);
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "'%s' --projects 4 --tasks 80 --resources 10 --seed %d "
             "--features all -o '%s' >/dev/null", g, seed, dir);
    ck_assert_int_eq(system(cmd), 0);
    snprintf(pf, pfsize, "%s/portfolio.txt", dir);
    return pf;
}

/* Right justification (against the makespan and per project) and left keep
 * every link on portfolios with calendars: a job whose calendar is off on a
 * day its start-to-start lag counts may not be moved where its successor
 * would have to start later. Random lists of generated portfolios. */
START_TEST(justification_keeps_links)
{
    int moved = 0;
    for (int seed = 1; seed <= 6; seed++) {
        char dir[512], pf[600];
        keel_load_options lo = {.portfolio_file = generated(seed, dir, sizeof dir, pf,
                                                            sizeof pf)};
        keel_portfolio *p = NULL;
        keel_problem *P = NULL;
        keel_sgs *w = NULL;
        keel_error err = {0};
        ck_assert_msg(keel_portfolio_load(NULL, 0, &lo, &p, &err) == KEEL_OK, "%s",
                      err.message);
        ck_assert(keel_problem_new(p, &P, &err) == KEEL_OK);
        ck_assert(keel_sgs_new(P, 0, &w, &err) == KEEL_OK);
        int n = P->njobs;
        double *key = malloc(sizeof(double) * (size_t)n);
        int *list = malloc(sizeof(int) * (size_t)n);
        keel_plan s = {0}, t = {0};
        ck_assert(keel_plan_init(&s, n) && keel_plan_init(&t, n));
        keel_rng rng;
        keel_rng_seed(&rng, (uint64_t)seed, 3);
        for (int round = 0; round < 10; round++) {
            for (int j = 0; j < n; j++)
                key[j] = keel_rng_unit(&rng);
            keel_sgs_list_from_keys(w, key, list);
            keel_sgs_serial(w, list, &s);
            keel_plan_copy(&t, &s);
            if (round % 2)
                keel_sgs_justify_projects(w, &s);
            else
                keel_sgs_justify(w, &s, true);
            moved += memcmp(s.start, t.start, sizeof(keel_time) * (size_t)n) != 0;
            assert_plan_verified(p, P, &s);
            keel_sgs_justify(w, &s, false);
            assert_plan_verified(p, P, &s);
        }
        keel_plan_release(&s);
        keel_plan_release(&t);
        free(key);
        free(list);
        keel_sgs_free(w);
        keel_problem_free(P);
        keel_portfolio_free(p);
    }
    ck_assert_int_gt(moved, 30); /* the right passes did move jobs */
}
END_TEST

/* dir/pNN.xml: n copies of the example's projects, and dir/portfolio.txt
 * listing them; copy `broken` (if >= 0) is cut short. */
static void copies(const char *dir, int n, int broken, char *pfile, size_t size)
{
    static const char *src[] = {"instances/example/erp-upgrade.xml",
                                "instances/example/website-relaunch.xml",
                                "instances/example/office-move.xml"};
    char path[700];
    snprintf(pfile, size, "%s/portfolio.txt", dir);
    FILE *pf = fopen(pfile, "w");
    ck_assert(pf);
    for (int i = 0; i < n; i++) {
        size_t len = 0;
        char *text = slurp(src[i % 3], &len);
        snprintf(path, sizeof path, "%s/p%02d.xml", dir, i);
        FILE *f = fopen(path, "wb");
        ck_assert(f);
        fwrite(text, 1, i == broken ? len / 2 : len, f);
        fclose(f);
        free(text);
        fprintf(pf, "[project p%02d]\nfile = p%02d.xml\n", i, i);
    }
    fclose(pf);
}

static keel_status load_threads(const char *pfile, int threads, keel_portfolio **p,
                                keel_error *err)
{
    keel_load_options lo = {.portfolio_file = pfile};
    return keel_portfolio_load_threads(NULL, 0, &lo, threads, p, err);
}

/* Files read ahead in a second thread give the portfolio (and the first
 * failure) of reading them one by one: 20 files, more than one step. */
START_TEST(parallel_load_equals_serial)
{
    char dir[600], pfile[700];
    snprintf(dir, sizeof dir, "%s/scale_load", test_tmpdir());
    mkdir(dir, 0755);
    copies(dir, 20, -1, pfile, sizeof pfile);
    keel_portfolio *a = NULL, *b = NULL;
    keel_error err = {0};
    ck_assert_msg(load_threads(pfile, 1, &a, &err) == KEEL_OK, "%s", err.message);
    ck_assert_msg(load_threads(pfile, 2, &b, &err) == KEEL_OK, "%s", err.message);
    ck_assert_int_eq(a->nprojects, 20);
    ck_assert_int_eq(a->nprojects, b->nprojects);
    ck_assert_int_eq(a->ntasks, b->ntasks);
    ck_assert_int_eq(a->nresources, b->nresources);
    ck_assert_int_eq(a->nassignments, b->nassignments);
    for (int q = 0; q < a->nprojects; q++) {
        ck_assert_str_eq(a->projects[q].name, b->projects[q].name);
        ck_assert_int_eq(a->projects[q].source_len, b->projects[q].source_len);
        ck_assert(memcmp(a->projects[q].source, b->projects[q].source,
                         a->projects[q].source_len) == 0);
    }
    for (int t = 0; t < a->ntasks; t++) {
        ck_assert_str_eq(a->tasks[t].name, b->tasks[t].name);
        ck_assert_int_eq(a->tasks[t].duration, b->tasks[t].duration);
        ck_assert_int_eq(a->tasks[t].start, b->tasks[t].start);
    }
    keel_portfolio_free(a);
    keel_portfolio_free(b);
    copies(dir, 20, 13, pfile, sizeof pfile);
    keel_error e1 = {0}, e2 = {0};
    ck_assert_int_eq(load_threads(pfile, 1, &a, &e1), KEEL_ERR_PARSE);
    ck_assert_int_eq(load_threads(pfile, 2, &b, &e2), KEEL_ERR_PARSE);
    ck_assert_msg(strstr(e1.message, "p13.xml"), "%s", e1.message);
    ck_assert_str_eq(e1.message, e2.message);
    ck_assert(!a && !b);
}
END_TEST

/* k projects of one task each (durations dur[]) on one resource of one
 * unit, all released at 0: the shortest first is optimal for APD, and the
 * competition bound is exact. */
static keel_portfolio *one_machine(const int64_t *dur, int k)
{
    keel_builder b;
    ck_assert(keel_builder_init(&b));
    b.research = true;
    int cal = keel_psplib_continuous_calendar(&b);
    keel_resource r = {.name = "R", .type = KEEL_RES_WORK, .can_level = true,
                       .max_units = KEEL_UNITS_ONE, .calendar = -1};
    ck_assert(KEEL_VEC_PUSH(&b.resources, r));
    static const char *names[] = {"p1", "p2", "p3", "p4"};
    ck_assert_int_le(k, 4);
    for (int q = 0; q < k; q++) {
        keel_project pr = {.name = names[q], .calendar = cal, .start = 0, .first_task = q,
                           .ntasks = 1, .status_date = KEEL_TIME_NONE,
                           .deadline = KEEL_TIME_NONE, .priority = 500, .weight = 1};
        ck_assert(KEEL_VEC_PUSH(&b.projects, pr));
        keel_task t = {.project = q, .uid = 1, .id = 1, .name = "t", .outline_level = 1,
                       .parent = -1, .duration = dur[q], .total_duration = dur[q],
                       .task_calendar = -1, .priority = 500,
                       .constraint_date = KEEL_TIME_NONE, .deadline = KEEL_TIME_NONE,
                       .actual_start = KEEL_TIME_NONE, .actual_finish = KEEL_TIME_NONE,
                       .start = KEEL_TIME_NONE, .finish = KEEL_TIME_NONE};
        ck_assert(KEEL_VEC_PUSH(&b.tasks, t));
        keel_assignment a = {.task = q, .resource = 0, .units = KEEL_UNITS_ONE,
                             .start = KEEL_TIME_NONE, .finish = KEEL_TIME_NONE};
        ck_assert(KEEL_VEC_PUSH(&b.assignments, a));
    }
    keel_portfolio *p = NULL;
    keel_error err = {0};
    ck_assert_msg(keel_model_finish(&b, &p, &err) == KEEL_OK, "%s", err.message);
    keel_builder_release(&b);
    return p;
}

START_TEST(competition_bound_exact_on_one_machine)
{
    const int64_t dur[] = {30, 10, 20};
    keel_portfolio *p = one_machine(dur, 3);
    keel_options o;
    keel_options_init(&o);
    snprintf(o.objective, sizeof o.objective, "apd");
    o.schedules = 200;
    keel_result *r = NULL;
    keel_error err = {0};
    ck_assert_msg(keel_level(p, &o, &r, &err) == KEEL_OK, "%s", err.message);
    keel_result_info in = keel_result_get(r);
    /* shortest first: finishes 10, 30, 60 against 10, 20, 30: delays 0, 10, 30 */
    ck_assert_double_eq_tol(in.value, 40.0 / 3, 1e-9);
    ck_assert_double_eq_tol(in.lower_bound, 40.0 / 3, 1e-9);
    ck_assert(in.optimal);
    ck_assert_msg(strstr(in.lower_bound_how, "competition"), "%s", in.lower_bound_how);
    keel_result_free(r);
    keel_portfolio_free(p);
}
END_TEST

/* The bound never exceeds what the search finds, on every objective it
 * covers, over the MPSPLIB portfolios of 2 to 10 projects and the example. */
START_TEST(competition_bound_below_found)
{
    static const char *objectives[] = {"weighted-delay", "apd", "tardiness"};
    static const char *files[] = {"instances/mpsplib/mp_j30_a2_nr1.xml",
                                  "instances/mpsplib/mp_j30_a5_nr2.xml",
                                  "instances/mpsplib/mp_j30_a10_nr3.xml",
                                  "instances/mpsplib/mp_j120_a5_nr1.xml"};
    for (int f = 0; f <= 4; f++) {
        keel_portfolio *p = f < 4 ? load_file(files[f]) : load_example();
        for (int i = 0; i < 3; i++) {
            keel_options o;
            keel_options_init(&o);
            snprintf(o.objective, sizeof o.objective, "%s", objectives[i]);
            snprintf(o.solvers, sizeof o.solvers, "portfolio");
            o.schedules = 300;
            keel_result *r = NULL;
            keel_error err = {0};
            ck_assert_msg(keel_level(p, &o, &r, &err) == KEEL_OK, "%s", err.message);
            keel_result_info in = keel_result_get(r);
            ck_assert(isfinite(in.lower_bound));
            ck_assert_msg(in.lower_bound <= in.value + 1e-9, "%d %s: bound %g > %g", f,
                          objectives[i], in.lower_bound, in.value);
            keel_result_free(r);
        }
        keel_portfolio_free(p);
    }
}
END_TEST

/* --schedules is a budget: a run reports at most it plus its first passes
 * (the MS Project-like pass and at most 16 rule passes: FIRST_PASSES), with
 * every solver mix, on a generated portfolio (no exact grid: the ILP workers
 * search neighbourhoods) and on a research instance (the exact model, its
 * destructive bound and the branch and bound). The ILP workers once charged
 * a node (500 schedules) whatever their share: 40,238 schedules on a budget
 * of 300 with the default mix on 3 threads. */
#define FIRST_PASSES 17
START_TEST(budget_is_kept)
{
    static const struct {
        const char *solvers;
        int threads;
    } mixes[] = {{"default", 3}, {"ilp-exact", 2}, {"ilp-lns,ga", 2},
                 {"ga,portfolio,ilp-exact,sampling", 4}};
    static const int64_t budgets[] = {60, 400, 2500};
    char dir[512], pf[600];
    keel_load_options lo = {.portfolio_file = generated(11, dir, sizeof dir, pf, sizeof pf)};
    keel_portfolio *p = NULL, *j30 = load_file("instances/psplib/j30/j3029_1.sm");
    keel_error err = {0};
    ck_assert_msg(keel_portfolio_load(NULL, 0, &lo, &p, &err) == KEEL_OK, "%s", err.message);
    for (size_t m = 0; m < sizeof mixes / sizeof *mixes; m++)
        for (size_t b = 0; b < sizeof budgets / sizeof *budgets; b++) {
            keel_result *r = level(p, mixes[m].solvers, mixes[m].threads, budgets[b]);
            int64_t n = keel_result_get(r).schedules;
            ck_assert_msg(n <= budgets[b] + FIRST_PASSES, "%s on %d threads: %lld schedules "
                          "for a budget of %lld", mixes[m].solvers, mixes[m].threads,
                          (long long)n, (long long)budgets[b]);
            keel_result_free(r);
        }
    for (size_t b = 0; b < sizeof budgets / sizeof *budgets; b++) {
        keel_result *r = level(j30, "ga,ilp-exact", 2, 4 * budgets[b]);
        int64_t n = keel_result_get(r).schedules; /* one project: no rule passes */
        ck_assert_msg(n <= 4 * budgets[b] + 1, "j3029_1: %lld schedules for %lld",
                      (long long)n, (long long)(4 * budgets[b]));
        keel_result_free(r);
    }
    keel_portfolio_free(j30);
    keel_portfolio_free(p);
}
END_TEST

Suite *suite_scale(void)
{
    Suite *s = suite_create("scale");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, portfolio_write_equals_project_writes);
    tcase_add_test(tc, spent_time_limit_gives_first_pass);
    tcase_add_loop_test(tc, resume_equals_whole_decode, 0, 2);
    tcase_add_test(tc, rule_start_never_loses);
    tcase_add_loop_test(tc, portfolio_search_deterministic, 0, 2);
    tcase_add_test(tc, shared_descent_deterministic);
    tcase_add_loop_test(tc, project_justification_keeps_finishes, 0, 2);
    tcase_add_test(tc, parallel_load_equals_serial);
    tcase_add_test(tc, justification_keeps_links);
    tcase_add_test(tc, competition_bound_exact_on_one_machine);
    tcase_add_test(tc, competition_bound_below_found);
    tcase_add_test(tc, budget_is_kept);
    suite_add_tcase(s, tc);
    return s;
}
