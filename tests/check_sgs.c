/* SPDX-License-Identifier: GPL-3.0-or-later
 * Leveling core: SGS, justification and every registered solver on a
 * hand-made model (all link types with lags, a capacity dip, a fixed and a
 * pinned task, a milestone) and on PSPLIB j30 instances. Feasibility is checked
 * by a simple independent check written here (precedence by the definition of
 * each link type; load summed per period against the capacity at that period).
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"
#include "read/psplib_read.h"
#include "search/fbi.h"
#include "search/problem.h"
#include "search/rules.h"
#include "solvers/solver.h"
#include "toy_model.h"

#define INSTANCES "instances/psplib"

typedef struct hand {
    keel_builder b;
    keel_portfolio *p;
    keel_problem *P;
} hand;

/* Tasks: 0 A(3,1) 1 B(2,2) 2 C(4,1) 3 D(2,1) 4 E(1,2, pinned) 5 F(2,1, fixed at 2)
 * 6 G milestone. Resource R: 2 units, 1 unit during [5, 8). */
static void hand_init(hand *h)
{
    keel_builder *b = &h->b;
    toy_init(b);
    int A = toy_task(b, 3, 500), B = toy_task(b, 2, 500), C = toy_task(b, 4, 500);
    int D = toy_task(b, 2, 500), E = toy_task(b, 1, 1000), F = toy_task(b, 2, 500);
    int G = toy_task(b, 0, 500);
    b->tasks.data[F].actual_start = 2;
    toy_link(b, A, B, KEEL_LINK_FS, 1);
    toy_link(b, A, C, KEEL_LINK_SS, 2);
    toy_link(b, B, D, KEEL_LINK_FF, -1);
    toy_link(b, C, D, KEEL_LINK_SF, 3);
    toy_link(b, D, G, KEEL_LINK_FS, 0);
    toy_link(b, A, E, KEEL_LINK_FS, 0);
    keel_time at[3] = {KEEL_TIME_NONE, 5, 8};
    int32_t un[3] = {2 * KEEL_UNITS_ONE, 1 * KEEL_UNITS_ONE, 2 * KEEL_UNITS_ONE};
    int r = toy_resource(b, true, 3, at, un);
    int uses[][2] = {{A, 1}, {B, 2}, {C, 1}, {D, 1}, {E, 2}, {F, 1}};
    for (size_t i = 0; i < sizeof uses / sizeof *uses; i++)
        toy_use(b, uses[i][0], r, uses[i][1] * KEEL_UNITS_ONE);
    h->p = toy_finish(b);
    keel_error err = {0};
    ck_assert(keel_problem_new(h->p, &h->P, &err) == KEEL_OK);
}

static void hand_free(hand *h)
{
    keel_problem_free(h->P);
    keel_portfolio_free(h->p);
}

static void load_psplib(hand *h, const char *file)
{
    keel_error err = {0};
    ck_assert(keel_builder_init(&h->b));
    ck_assert_msg(keel_psplib_read(file, &h->b, NULL, NULL, &err) == KEEL_OK, "%s", err.message);
    ck_assert_msg(keel_model_finish(&h->b, &h->p, &err) == KEEL_OK, "%s", err.message);
    keel_builder_release(&h->b);
    ck_assert(keel_problem_new(h->p, &h->P, &err) == KEEL_OK);
}

/* The independent check: continuous time, every link type by definition,
 * load per period <= capacity (fixed and pinned tasks excused from capacity
 * when the overload involves them). Returns the number of violations. */
static int check_plan(const keel_portfolio *p, const keel_problem *P, const keel_plan *s)
{
    int bad = 0;
    for (int l = 0; l < p->nlinks; l++) {
        const keel_link *L = &p->links[l];
        int i = P->job_of_task[L->pred], j = P->job_of_task[L->succ];
        keel_time from = (L->type == KEEL_LINK_FS || L->type == KEEL_LINK_FF) ? s->finish[i]
                                                                              : s->start[i];
        keel_time to = (L->type == KEEL_LINK_FS || L->type == KEEL_LINK_SS) ? s->start[j]
                                                                            : s->finish[j];
        bad += to < from + L->lag;
    }
    keel_time lo = INT64_MAX, hi = INT64_MIN;
    for (int j = 0; j < P->njobs; j++) {
        const keel_task *t = &p->tasks[P->task[j]];
        bad += s->finish[j] != s->start[j] + t->duration && !t->fixed;
        bad += s->start[j] < p->projects[t->project].start;
        if (t->fixed)
            bad += s->start[j] != t->fixed_start;
        lo = s->start[j] < lo ? s->start[j] : lo;
        hi = s->finish[j] > hi ? s->finish[j] : hi;
    }
    for (int r = 0; r < p->nresources; r++)
        for (keel_time t = lo; t < hi; t++) {
            int64_t load = 0;
            bool excused = false;
            for (int a = 0; a < p->nassignments; a++) {
                const keel_assignment *A = &p->assignments[a];
                int j = P->job_of_task[A->task];
                if (A->resource != r || j < 0 || s->start[j] > t || s->finish[j] <= t)
                    continue;
                load += A->units;
                excused |= (P->flags[j] & (KEEL_JOB_FIXED | KEEL_JOB_PINNED)) != 0;
            }
            bad += load > keel_resource_capacity_at(&p->resources[r], t) && !excused;
        }
    return bad;
}

static void run_solver(const keel_solver *sv, const keel_problem *P, int64_t budget,
                       uint64_t seed, keel_plan *best, keel_solve_result *res)
{
    keel_rng rng;
    keel_rng_seed(&rng, seed, 0);
    keel_solve_options o = {.objective = KEEL_OBJ_MAKESPAN, .budget = budget};
    keel_error err = {0};
    ck_assert_msg(sv->run(P, &o, &rng, NULL, best, res, &err) == KEEL_OK, "%s", err.message);
    ck_assert(res->found);
    ck_assert_int_le(res->schedules, budget);
}

START_TEST(hand_serial_and_parallel)
{
    hand h;
    hand_init(&h);
    const keel_problem *P = h.P;
    ck_assert_int_eq(P->njobs, 7);
    ck_assert(!P->simple);
    keel_sgs *w = NULL;
    keel_error err = {0};
    ck_assert(keel_sgs_new(P, 0, &w, &err) == KEEL_OK);
    keel_plan s = {0};
    ck_assert(keel_plan_init(&s, P->njobs));
    int list[7];
    for (int j = 0; j < 7; j++)
        list[j] = j;
    keel_sgs_serial(w, list, &s);
    ck_assert_int_eq(check_plan(h.p, P, &s), 0);
    int F = P->job_of_task[5], E = P->job_of_task[4], A = P->job_of_task[0];
    ck_assert_int_eq(s.start[F], 2);
    ck_assert_int_eq(s.finish[F], 4);
    ck_assert_int_eq(s.start[E], s.finish[A]); /* pinned: links only */
    double prio[7] = {0};
    keel_sgs_parallel(w, prio, &s);
    ck_assert_int_eq(check_plan(h.p, P, &s), 0);
    keel_time before = s.makespan;
    keel_fbi(w, &s, 4);
    ck_assert_int_le(s.makespan, before);
    ck_assert_int_eq(check_plan(h.p, P, &s), 0);
    /* a schedule's own starts as lower limits give it back; a later limit
     * for one job delays it (and what it then overlaps), nothing moves
     * earlier */
    keel_plan t = {0};
    keel_time not_before[7];
    ck_assert(keel_plan_init(&t, P->njobs));
    keel_sgs_list_from_plan(w, &s, list);
    keel_sgs_serial_not_before(w, list, s.start, &t);
    ck_assert_mem_eq(t.start, s.start, sizeof(keel_time) * 7);
    memcpy(not_before, s.start, sizeof not_before);
    int q = 0;
    while (P->flags[q] || P->dur[q] == 0) /* neither fixed nor pinned */
        q++;
    not_before[q] += 3;
    keel_sgs_serial_not_before(w, list, not_before, &t);
    ck_assert_int_eq(check_plan(h.p, P, &t), 0);
    ck_assert_int_ge(t.start[q], not_before[q]);
    for (int j = 0; j < 7; j++)
        ck_assert_int_ge(t.start[j], s.start[j]);
    keel_plan_release(&t);
    keel_plan_release(&s);
    keel_sgs_free(w);
    hand_free(&h);
}
END_TEST

START_TEST(every_solver_feasible)
{
    const char *files[] = {INSTANCES "/j30/j301_1.sm", INSTANCES "/j30/j3013_5.sm",
                           INSTANCES "/j120/j1201_1.sm"};
    for (const keel_solver *sv = keel_solvers; sv->name; sv++) {
        hand h;
        hand_init(&h);
        keel_plan best = {0};
        keel_solve_result res;
        ck_assert(keel_plan_init(&best, h.P->njobs));
        run_solver(sv, h.P, 200, 7, &best, &res);
        ck_assert_msg(check_plan(h.p, h.P, &best) == 0, "%s on hand model", sv->name);
        keel_plan_release(&best);
        hand_free(&h);
        for (size_t f = 0; f < sizeof files / sizeof *files; f++) {
            load_psplib(&h, files[f]);
            ck_assert(keel_plan_init(&best, h.P->njobs));
            run_solver(sv, h.P, 300, 3, &best, &res);
            ck_assert_msg(check_plan(h.p, h.P, &best) == 0, "%s on %s", sv->name, files[f]);
            keel_plan_release(&best);
            hand_free(&h);
        }
    }
}
END_TEST

START_TEST(j30_optimum_reached)
{
    /* Small budgets reach the known optimum (j30opt.sm). */
    static const struct { const char *file; long opt; } cases[] = {
        {INSTANCES "/j30/j301_1.sm", 43}, {INSTANCES "/j30/j301_2.sm", 47},
    };
    for (size_t c = 0; c < 2; c++) {
        hand h;
        load_psplib(&h, cases[c].file);
        keel_plan best = {0};
        keel_solve_result res;
        ck_assert(keel_plan_init(&best, h.P->njobs));
        run_solver(keel_solver_find("ga"), h.P, 1000, 1, &best, &res);
        ck_assert_int_eq(best.makespan - h.P->origin, cases[c].opt);
        keel_plan_release(&best);
        hand_free(&h);
    }
}
END_TEST

START_TEST(deterministic)
{
    for (const keel_solver *sv = keel_solvers; sv->name; sv++) {
        hand h;
        load_psplib(&h, INSTANCES "/j30/j3013_5.sm");
        keel_plan a = {0}, b = {0};
        keel_solve_result ra, rb;
        ck_assert(keel_plan_init(&a, h.P->njobs) && keel_plan_init(&b, h.P->njobs));
        run_solver(sv, h.P, 500, 42, &a, &ra);
        run_solver(sv, h.P, 500, 42, &b, &rb);
        ck_assert_int_eq(ra.schedules, rb.schedules);
        ck_assert(memcmp(a.start, b.start, (size_t)h.P->njobs * sizeof *a.start) == 0);
        keel_plan_release(&a);
        keel_plan_release(&b);
        hand_free(&h);
    }
}
END_TEST

START_TEST(lists_feasible)
{
    hand h;
    load_psplib(&h, INSTANCES "/j120/j1201_1.sm");
    const keel_problem *P = h.P;
    int n = P->njobs;
    int *list = malloc(n * sizeof *list), *scratch = malloc(2 * n * sizeof *scratch);
    double *prio = malloc(n * sizeof *prio);
    keel_plan e = {0}, l = {0};
    ck_assert(keel_plan_init(&e, n) && keel_plan_init(&l, n));
    keel_sgs_cpm(P, &e, &l);
    ck_assert_int_eq(e.makespan, 99); /* MPM-Time of j1201_1 */
    keel_rng rng;
    keel_rng_seed(&rng, 5, 0);
    for (int r = 0; r < KEEL_RULE_COUNT; r++) {
        keel_rules_values(P, (keel_rule)r, &e, &l, &rng, prio);
        keel_rules_sample(P, prio, 1.0, 1.0, &rng, list, scratch);
        ck_assert(keel_sgs_list_feasible(P, list, scratch));
    }
    keel_plan_release(&e);
    keel_plan_release(&l);
    free(list);
    free(scratch);
    free(prio);
    hand_free(&h);
}
END_TEST

Suite *suite_sgs(void)
{
    Suite *s = suite_create("sgs");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, hand_serial_and_parallel);
    tcase_add_test(tc, every_solver_feasible);
    tcase_add_test(tc, j30_optimum_reached);
    tcase_add_test(tc, deterministic);
    tcase_add_test(tc, lists_feasible);
    suite_add_tcase(s, tc);
    return s;
}
