/* SPDX-License-Identifier: GPL-3.0-or-later
 * Fixed tasks reserved first, in every schedule generator and solver: on
 * random models with started and priority-1000 tasks, all four link types with
 * leads and lags and a capacity dip, no schedule keeps an overload that a
 * movable job could have avoided, and every priority-1000 job starts exactly
 * where its links put it. The check is written here, independently of the
 * verifier: time in periods, load per period against the capacity of that
 * period, each link type by its definition.
 */
#include <check.h>
#include <stdlib.h>

#include "search/fbi.h"
#include "search/problem.h"
#include "solvers/solver.h"
#include "toy_model.h"

#define U KEEL_UNITS_ONE
#define MODELS 60

typedef struct model {
    keel_portfolio *p;
    keel_problem *P;
} model;

static int below(keel_rng *rng, int n) { return (int)keel_rng_below(rng, (uint32_t)n); }

static void random_links(keel_builder *b, keel_rng *rng, int n)
{
    for (int j = 1; j < n; j++)
        for (int k = below(rng, 3); k > 0; k--) {
            int i = j - 1 - below(rng, j < 6 ? j : 6);
            static const keel_link_type types[] = {KEEL_LINK_FS, KEEL_LINK_FS, KEEL_LINK_SS,
                                                   KEEL_LINK_FF, KEEL_LINK_SF};
            toy_link(b, i, j, types[below(rng, 5)], below(rng, 6) - 2);
        }
}

/* n tasks on two resources (R: 3 units with a dip to 2 in [6, 12); S: 2),
 * about one in six pinned and one in twelve started. */
static model random_model(uint64_t seed, int n)
{
    keel_rng rng;
    keel_rng_seed(&rng, seed, 13);
    keel_builder b;
    toy_init(&b);
    keel_time at[] = {0, 6, 12};
    int32_t r_units[] = {3 * U, 2 * U, 3 * U}, s_units[] = {2 * U};
    int r = toy_resource(&b, true, 3, at, r_units), s = toy_resource(&b, true, 1, at, s_units);
    for (int j = 0; j < n; j++) {
        int t = toy_task(&b, below(&rng, 7), below(&rng, 6) == 0 ? 1000 : 500);
        if (below(&rng, 12) == 0 && b.tasks.data[t].priority < 1000)
            b.tasks.data[t].actual_start = below(&rng, 15);
        if (below(&rng, 5))
            toy_use(&b, t, r, (1 + below(&rng, 3)) * U / (below(&rng, 3) ? 1 : 2));
        if (below(&rng, 3) == 0)
            toy_use(&b, t, s, (1 + below(&rng, 2)) * U);
    }
    random_links(&b, &rng, n);
    model m = {.p = toy_finish(&b)};
    keel_error err = {0};
    ck_assert(keel_problem_new(m.p, &m.P, &err) == KEEL_OK);
    return m;
}

static void model_free(model *m)
{
    keel_problem_free(m->P);
    keel_portfolio_free(m->p);
}

/* The date link l asks of its successor's start in s (finish links through
 * the successor's duration). */
static keel_time link_start(const model *m, const keel_plan *s, const keel_link *l)
{
    int i = m->P->job_of_task[l->pred];
    bool from_finish = l->type == KEEL_LINK_FS || l->type == KEEL_LINK_FF;
    bool to_finish = l->type == KEEL_LINK_FF || l->type == KEEL_LINK_SF;
    keel_time b = (from_finish ? s->finish[i] : s->start[i]) + l->lag;
    return to_finish ? b - m->p->tasks[l->succ].duration : b;
}

static int pinned_placed, pinned_late; /* priority-1000 placements, later than links */

/* Links (into tasks that are not started), durations, the project start;
 * counts priority-1000 tasks later than their links put them. */
static int check_dates(const model *m, const keel_plan *s)
{
    const keel_portfolio *p = m->p;
    int bad = 0;
    for (int t = 0; t < p->ntasks; t++) {
        const keel_task *task = &p->tasks[t];
        int j = m->P->job_of_task[t];
        if (task->fixed) {
            bad += s->start[j] != task->fixed_start || s->finish[j] != task->fixed_finish;
            continue;
        }
        bad += s->finish[j] != s->start[j] + task->duration || s->start[j] < 0;
        keel_time asap = 0;
        for (int k = p->pred_start[t]; k < p->pred_start[t + 1]; k++) {
            keel_time b = link_start(m, s, &p->links[p->pred_link[k]]);
            bad += s->start[j] < b;
            asap = b > asap ? b : asap;
        }
        /* a pinned job yields (starts later) only when pinned jobs chase
         * each other's places: counted, and rare (see the tests) */
        pinned_placed += task->pinned;
        pinned_late += task->pinned && s->start[j] != asap;
    }
    return bad;
}

/* The tasks pinned task t depends on through links, through tasks that are
 * not started. */
static void mark_tied(const model *m, int t, bool *tied)
{
    const keel_portfolio *p = m->p;
    for (int k = p->pred_start[t]; k < p->pred_start[t + 1]; k++) {
        int i = p->links[p->pred_link[k]].pred;
        if (!tied[i] && !p->tasks[i].fixed) {
            tied[i] = true;
            mark_tied(m, i, tied);
        }
    }
}

/* True when the overload of resource r in period x could not be leveled
 * away: one task alone, the fixed ones alone, or those with the tasks an
 * active pinned task depends on exceed the capacity; or an unresolved task
 * is in it. */
static bool unavoidable(const model *m, const keel_plan *s, int r, keel_time x,
                        const bool *unresolved)
{
    const keel_portfolio *p = m->p;
    int32_t cap = keel_resource_capacity_at(&p->resources[r], x), fixed = 0, with_tied = 0;
    bool *tied = calloc((size_t)p->ntasks, sizeof *tied), single = false, left = false;
    for (int t = 0; t < p->ntasks; t++) {
        int j = m->P->job_of_task[t];
        if (p->tasks[t].pinned && s->start[j] <= x && x < s->finish[j])
            mark_tied(m, t, tied);
    }
    for (int a = 0; a < p->nassignments; a++) {
        const keel_assignment *A = &p->assignments[a];
        int j = m->P->job_of_task[A->task];
        if (A->resource != r || x < s->start[j] || x >= s->finish[j])
            continue;
        const keel_task *task = &p->tasks[A->task];
        single = single || A->units > cap;
        left = left || (unresolved && unresolved[j]);
        fixed += (task->fixed || task->pinned) ? A->units : 0;
        with_tied += (task->fixed || task->pinned || tied[A->task]) ? A->units : 0;
    }
    free(tied);
    return single || left || fixed > cap || with_tied > cap;
}

/* The number of periods and resources with an avoidable overload. */
static int avoidable_overloads(const model *m, const keel_plan *s, const bool *unresolved)
{
    const keel_portfolio *p = m->p;
    int bad = 0;
    for (int r = 0; r < p->nresources; r++)
        for (keel_time x = 0; x < s->makespan; x++) {
            int32_t load = 0;
            for (int a = 0; a < p->nassignments; a++) {
                const keel_assignment *A = &p->assignments[a];
                int j = m->P->job_of_task[A->task];
                if (A->resource == r && s->start[j] <= x && x < s->finish[j])
                    load += A->units;
            }
            if (load > keel_resource_capacity_at(&p->resources[r], x))
                bad += !unavoidable(m, s, r, x, unresolved);
        }
    return bad;
}

static void assert_good(const model *m, const keel_plan *s, const bool *unresolved,
                        const char *what, uint64_t seed)
{
    ck_assert_msg(check_dates(m, s) == 0, "%s, model %llu: dates", what,
                  (unsigned long long)seed);
    ck_assert_msg(avoidable_overloads(m, s, unresolved) == 0, "%s, model %llu: overloads",
                  what, (unsigned long long)seed);
}

static void random_list(keel_sgs *w, keel_rng *rng, int *list, double *key, int n)
{
    for (int j = 0; j < n; j++)
        key[j] = keel_rng_unit(rng);
    keel_sgs_list_from_keys(w, key, list);
}

START_TEST(generators_go_around_fixed_tasks)
{
    pinned_placed = pinned_late = 0;
    for (uint64_t seed = 1; seed <= MODELS; seed++) {
        model m = random_model(seed, 18 + (int)(seed % 13));
        const keel_problem *P = m.P;
        int n = P->njobs, *list = malloc(sizeof(int) * (size_t)n);
        double *key = malloc(sizeof(double) * (size_t)n);
        keel_time *limit = malloc(sizeof(keel_time) * (size_t)n);
        bool *unresolved = malloc((size_t)n);
        keel_sgs *w = NULL;
        keel_plan s = {0}, t = {0};
        keel_error err = {0};
        keel_rng rng;
        keel_rng_seed(&rng, seed, 7);
        ck_assert(keel_sgs_new(P, 0, &w, &err) == KEEL_OK);
        ck_assert(keel_plan_init(&s, n) && keel_plan_init(&t, n));
        for (int rep = 0; rep < 4; rep++) {
            random_list(w, &rng, list, key, n);
            keel_sgs_serial(w, list, &s);
            assert_good(&m, &s, NULL, "serial", seed);
            keel_plan_copy(&t, &s);
            keel_fbi(w, &t, 4);
            ck_assert_int_le(t.makespan, s.makespan);
            assert_good(&m, &t, NULL, "justification", seed);
            for (int j = 0; j < n; j++)
                limit[j] = s.start[j] + below(&rng, 4);
            keel_sgs_serial_not_before(w, list, limit, &t);
            assert_good(&m, &t, NULL, "serial not before", seed);
            for (int j = 0; j < n; j++)
                ck_assert(t.start[j] >= limit[j] || (P->flags[j] != 0));
            keel_sgs_parallel(w, key, &t);
            assert_good(&m, &t, NULL, "parallel", seed);
            for (int j = 0; j < n; j++)
                limit[j] = s.finish[j] - below(&rng, 6);
            keel_sgs_serial_within(w, list, limit, &t, unresolved);
            assert_good(&m, &t, unresolved, "serial within", seed);
        }
        keel_plan_release(&s);
        keel_plan_release(&t);
        keel_sgs_free(w);
        free(list);
        free(key);
        free(limit);
        free(unresolved);
        model_free(&m);
    }
    /* yielding is the exception: chases are rare */
    ck_assert_int_gt(pinned_placed, 1000);
    ck_assert_msg(pinned_late * 50 <= pinned_placed, "%d of %d pinned placements late",
                  pinned_late, pinned_placed);
}
END_TEST

START_TEST(solvers_go_around_fixed_tasks)
{
    for (uint64_t seed = 1; seed <= MODELS / 4; seed++) {
        model m = random_model(100 + seed, 20 + (int)(seed % 7));
        for (const keel_solver *sv = keel_solvers; sv->name; sv++) {
            keel_plan best = {0};
            keel_solve_result res;
            keel_rng rng;
            keel_rng_seed(&rng, seed, 0);
            keel_solve_options o = {.objective = KEEL_OBJ_MAKESPAN, .budget = 150};
            keel_error err = {0};
            ck_assert(keel_plan_init(&best, m.P->njobs));
            ck_assert_msg(sv->run(m.P, &o, &rng, NULL, &best, &res, &err) == KEEL_OK, "%s",
                          err.message);
            assert_good(&m, &best, NULL, sv->name, seed);
            keel_plan_release(&best);
        }
        model_free(&m);
    }
}
END_TEST

Suite *suite_pinned(void)
{
    Suite *s = suite_create("pinned");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, generators_go_around_fixed_tasks);
    tcase_add_test(tc, solvers_go_around_fixed_tasks);
    suite_add_tcase(s, tc);
    return s;
}
