/* SPDX-License-Identifier: GPL-3.0-or-later
 * The branch and bound (bnb.h): on random small instances its optimum equals
 * the best serial schedule over every activity list (the serial scheme
 * reaches every active schedule, so that is the optimum) and its schedules
 * are feasible; it proves j30 optima; a search resumed in small slices does
 * exactly what one run does; it declines problems outside the classic RCPSP.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "base/rng.h"
#include "model/model.h"
#include "read/psplib_read.h"
#include "search/bnb.h"
#include "search/problem.h"

#define NJ 9 /* 7 jobs between the supersource and the supersink */
#define NR 2

typedef struct inst {
    keel_portfolio *p;
    keel_problem *P;
} inst;

static void inst_from(inst *x, const keel_psplib *ps)
{
    keel_builder b;
    keel_error err = {0};
    ck_assert(keel_builder_init(&b));
    ck_assert(keel_psplib_add(ps, &b, NULL, NULL, &err) == KEEL_OK);
    ck_assert_msg(keel_model_finish(&b, &x->p, &err) == KEEL_OK, "%s", err.message);
    keel_builder_release(&b);
    ck_assert(keel_problem_new(x->p, &x->P, &err) == KEEL_OK);
}

static void inst_load(inst *x, const char *file)
{
    keel_builder b;
    keel_error err = {0};
    ck_assert(keel_builder_init(&b));
    ck_assert_msg(keel_psplib_read(file, &b, NULL, NULL, &err) == KEEL_OK, "%s", err.message);
    ck_assert(keel_model_finish(&b, &x->p, &err) == KEEL_OK);
    keel_builder_release(&b);
    ck_assert(keel_problem_new(x->p, &x->P, &err) == KEEL_OK);
}

static void inst_free(inst *x)
{
    keel_problem_free(x->P);
    keel_portfolio_free(x->p);
}

/* A random instance: jobs 1..7 with 1-5 periods, demands up to the capacity
 * (3-5), links i -> j (i < j) with probability 0.3, the supersource before
 * and the supersink after every job. */
static void random_instance(keel_rng *rng, keel_psplib *ps, int64_t *dur, int32_t *dem,
                            int32_t *cap, int *succ_start, int *succ, int *lines)
{
    *ps = (keel_psplib){.name = "random", .njobs = NJ, .nres = NR, .horizon = -1,
                        .duration = dur, .demand = dem, .capacity = cap,
                        .succ_start = succ_start, .succ = succ, .prec_line = lines,
                        .req_line = lines};
    for (int r = 0; r < NR; r++)
        cap[r] = 3 + (int32_t)keel_rng_below(rng, 3);
    for (int j = 0; j < NJ; j++) {
        lines[j] = j + 1;
        bool inner = j > 0 && j < NJ - 1;
        dur[j] = inner ? 1 + (int64_t)keel_rng_below(rng, 5) : 0;
        for (int r = 0; r < NR; r++)
            dem[j * NR + r] = inner ? (int32_t)keel_rng_below(rng, (uint32_t)cap[r] + 1) : 0;
    }
    int k = 0;
    for (int i = 0; i < NJ; i++) {
        succ_start[i] = k;
        for (int j = i + 1; j < NJ; j++)
            if (i == 0 || j == NJ - 1 || keel_rng_unit(rng) < 0.3)
                succ[k++] = j;
    }
    succ_start[NJ] = k;
}

/* The shortest serial schedule over every precedence-feasible list. */
static void best_serial(keel_sgs *w, const keel_problem *P, int *list, int k,
                        unsigned char *used, keel_plan *s, keel_time *best)
{
    if (k == P->njobs) {
        keel_sgs_serial(w, list, s);
        *best = s->makespan < *best ? s->makespan : *best;
        return;
    }
    for (int j = 0; j < P->njobs; j++) {
        if (used[j])
            continue;
        bool ready = true;
        for (int a = P->pred_start[j]; a < P->pred_start[j + 1]; a++)
            ready = ready && used[P->pred[a].job];
        if (!ready)
            continue;
        used[j] = 1;
        list[k] = j;
        best_serial(w, P, list, k + 1, used, s, best);
        used[j] = 0;
    }
}

/* Links and capacities hold, period by period. */
static bool feasible(const keel_problem *P, const keel_plan *s)
{
    for (int j = 0; j < P->njobs; j++)
        for (int a = P->pred_start[j]; a < P->pred_start[j + 1]; a++)
            if (s->start[j] < s->finish[P->pred[a].job])
                return false;
    for (keel_time t = P->origin; t < s->makespan; t++)
        for (int r = 0; r < P->nres; r++) {
            int64_t load = 0;
            for (int j = 0; j < P->njobs; j++)
                for (int a = P->dem_start[j]; a < P->dem_start[j + 1]; a++)
                    if (P->dem_res[a] == r && s->start[j] <= t && t < s->finish[j])
                        load += P->dem_units[a];
            if (load > P->cap[r].units[0])
                return false;
        }
    return true;
}

/* Runs the search to its end from ub; returns the best makespan found
 * (ub when none). */
static keel_time solve(const keel_problem *P, keel_time ub, int64_t slice, keel_plan *out,
                       int64_t *steps)
{
    keel_bnb *b = NULL;
    keel_error err = {0};
    ck_assert(keel_bnb_new(P, ub, &b, &err) == KEEL_OK);
    keel_time best = ub;
    keel_plan found;
    ck_assert(keel_plan_init(&found, P->njobs));
    *steps = 0;
    while (!keel_bnb_done(b)) {
        bool better = false;
        *steps += keel_bnb_run(b, slice, best, &found, &better);
        if (better) {
            ck_assert_msg(feasible(P, &found), "infeasible schedule");
            ck_assert(found.makespan < best);
            best = found.makespan;
            keel_plan_copy(out, &found);
        }
    }
    keel_plan_release(&found);
    keel_bnb_free(b);
    return best;
}

START_TEST(random_small_vs_enumeration)
{
    keel_rng rng;
    keel_rng_seed(&rng, 7, 0);
    for (int n = 0; n < 150; n++) {
        keel_psplib ps;
        int64_t dur[NJ];
        int32_t dem[NJ * NR], cap[NR];
        int succ_start[NJ + 1], succ[NJ * NJ], lines[NJ];
        random_instance(&rng, &ps, dur, dem, cap, succ_start, succ, lines);
        inst x;
        inst_from(&x, &ps);
        keel_sgs *w = NULL;
        keel_error err = {0};
        ck_assert(keel_sgs_new(x.P, 0, &w, &err) == KEEL_OK);
        keel_plan s, out;
        ck_assert(keel_plan_init(&s, x.P->njobs) && keel_plan_init(&out, x.P->njobs));
        int list[NJ];
        unsigned char used[NJ] = {0};
        keel_time opt = INT64_MAX;
        best_serial(w, x.P, list, 0, used, &s, &opt);
        ck_assert(keel_bnb_applies(x.P, opt + 100));
        int64_t steps;
        keel_time got = solve(x.P, opt + 100, 1000, &out, &steps);
        ck_assert_msg(got == opt, "instance %d: branch and bound %lld, optimum %lld", n,
                      (long long)got, (long long)opt);
        /* from the optimum itself it proves that nothing is shorter */
        ck_assert(solve(x.P, opt, 1000, &out, &steps) == opt);
        keel_plan_release(&s);
        keel_plan_release(&out);
        keel_sgs_free(w);
        inst_free(&x);
    }
}
END_TEST

START_TEST(j30_optima_proven)
{
    static const struct {
        const char *file;
        keel_time opt;
    } cases[] = {{"instances/psplib/j30/j301_1.sm", 43}, {"instances/psplib/j30/j3029_4.sm", 103}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        inst x;
        inst_load(&x, cases[i].file);
        keel_plan out;
        ck_assert(keel_plan_init(&out, x.P->njobs));
        int64_t steps;
        keel_time got = solve(x.P, x.P->origin + 200, 100000, &out, &steps);
        ck_assert_int_eq(got - x.P->origin, cases[i].opt);
        keel_plan_release(&out);
        inst_free(&x);
    }
}
END_TEST

START_TEST(resumes_like_one_run)
{
    inst x;
    inst_load(&x, "instances/psplib/j30/j3029_4.sm");
    keel_plan a, b;
    ck_assert(keel_plan_init(&a, x.P->njobs) && keel_plan_init(&b, x.P->njobs));
    int64_t steps_a, steps_b;
    keel_time ma = solve(x.P, x.P->origin + 106, INT64_MAX, &a, &steps_a);
    keel_time mb = solve(x.P, x.P->origin + 106, 997, &b, &steps_b);
    ck_assert_int_eq(ma, mb);
    ck_assert_int_eq(steps_a, steps_b);
    ck_assert_mem_eq(a.start, b.start, sizeof(keel_time) * (size_t)x.P->njobs);
    keel_plan_release(&a);
    keel_plan_release(&b);
    inst_free(&x);
}
END_TEST

START_TEST(declines_other_problems)
{
    inst x;
    keel_bnb *b = NULL;
    keel_error err = {0};
    inst_load(&x, "instances/psplib/j120/j1201_1.sm");
    ck_assert(!keel_bnb_applies(x.P, x.P->origin + 1000)); /* 122 jobs */
    ck_assert(keel_bnb_new(x.P, x.P->origin + 1000, &b, &err) == KEEL_ERR_INVALID);
    ck_assert_ptr_null(b);
    inst_free(&x);
    inst_load(&x, "instances/psplib/j30/j301_1.sm");
    ck_assert(keel_bnb_applies(x.P, x.P->origin + 100));
    ck_assert(!keel_bnb_applies(x.P, x.P->origin + 100000000)); /* profile too long */
    x.P->pred[x.P->pred_start[5]].lag = 2;
    ck_assert(!keel_bnb_applies(x.P, x.P->origin + 100));
    x.P->pred[x.P->pred_start[5]].lag = 0;
    x.P->flags[3] = KEEL_JOB_FIXED;
    ck_assert(!keel_bnb_applies(x.P, x.P->origin + 100));
    inst_free(&x);
}
END_TEST

Suite *suite_bnb(void)
{
    Suite *s = suite_create("bnb");
    TCase *tc = tcase_create("bnb");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, random_small_vs_enumeration);
    tcase_add_test(tc, j30_optima_proven);
    tcase_add_test(tc, resumes_like_one_run);
    tcase_add_test(tc, declines_other_problems);
    suite_add_tcase(s, tc);
    return s;
}
