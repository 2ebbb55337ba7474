/* SPDX-License-Identifier: GPL-3.0-or-later
 * psplib_bench: runs a solver on PSPLIB instances at a schedule budget and
 * prints the average % deviation from the reference (j30: the optimum in
 * j30opt.sm via reference_bounds.csv best_ub when proven optimal; j120: the
 * critical-path bound cpm_lb), optima/bounds hit, mean seconds and schedules
 * per second (Kolisch & Hartmann 2006 protocol; see docs/benchmarks.md).
 *
 * usage: psplib_bench SOLVER BUDGET BOUNDS.csv [--every K] [--seed S] [--ref cpm|best] FILE.sm...
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"
#include "read/psplib_read.h"
#include "search/problem.h"
#include "solvers/solver.h"

typedef struct bound { char name[64]; long cpm, best; int opt; } bound;

static int load_bounds(const char *path, bound **out)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    char line[512];
    int n = 0, cap = 2048;
    bound *b = malloc(cap * sizeof *b);
    while (fgets(line, sizeof line, f)) {
        char set[16], inst[64];
        int param, in, opt;
        long cpm, ub, lb;
        if (sscanf(line, "%15[^,],%63[^,],%d,%d,%ld,%ld,%ld,%d", set, inst, &param, &in, &cpm, &ub,
                   &lb, &opt) != 8)
            continue;
        if (n == cap)
            b = realloc(b, (cap *= 2) * sizeof *b);
        snprintf(b[n].name, sizeof b[n].name, "%s", inst);
        b[n].cpm = cpm;
        b[n].best = ub;
        b[n++].opt = opt;
    }
    fclose(f);
    *out = b;
    return n;
}

static const bound *find_bound(const bound *b, int n, const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    char name[64];
    snprintf(name, sizeof name, "%s", base);
    char *dot = strrchr(name, '.');
    if (dot)
        *dot = 0;
    for (int i = 0; i < n; i++)
        if (strcmp(b[i].name, name) == 0)
            return &b[i];
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc < 5) {
        fprintf(stderr, "usage: %s SOLVER BUDGET BOUNDS.csv [--every K] [--seed S] [--ref cpm|best] FILE.sm...\n", argv[0]);
        return 2;
    }
    const keel_solver *solver = keel_solver_find(argv[1]);
    if (!solver) {
        fprintf(stderr, "unknown solver %s\n", argv[1]);
        return 2;
    }
    long budget = atol(argv[2]);
    bound *bounds = NULL;
    int nb = load_bounds(argv[3], &bounds);
    if (nb < 0) {
        fprintf(stderr, "cannot read %s\n", argv[3]);
        return 1;
    }
    int every = 1, ref_cpm = -1, verbose = 0;
    uint64_t seed = 1;
    int first = 4;
    for (; first < argc && argv[first][0] == '-'; first += 2) {
        if (!strcmp(argv[first], "--every"))
            every = atoi(argv[first + 1]);
        else if (!strcmp(argv[first], "--seed"))
            seed = strtoull(argv[first + 1], NULL, 10);
        else if (!strcmp(argv[first], "--ref"))
            ref_cpm = !strcmp(argv[first + 1], "cpm");
        else if (!strcmp(argv[first], "--verbose"))
            verbose = atoi(argv[first + 1]);
    }
    double sum_dev = 0, sum_sec = 0, sum_sched = 0;
    int count = 0, hit = 0;
    for (int a = first; a < argc; a++) {
        if ((a - first) % every)
            continue;
        const bound *bd = find_bound(bounds, nb, argv[a]);
        if (!bd) {
            fprintf(stderr, "%s: no bound\n", argv[a]);
            continue;
        }
        keel_builder b;
        keel_portfolio *p = NULL;
        keel_problem *P = NULL;
        keel_error err = {0};
        if (!keel_builder_init(&b) || keel_psplib_read(argv[a], &b, NULL, NULL, &err) != KEEL_OK ||
            keel_model_finish(&b, &p, &err) != KEEL_OK || keel_problem_new(p, &P, &err) != KEEL_OK) {
            fprintf(stderr, "%s\n", err.message);
            keel_builder_release(&b);
            return 1;
        }
        keel_builder_release(&b);
        keel_plan best = {0};
        keel_plan_init(&best, P->njobs);
        keel_rng rng;
        keel_rng_seed(&rng, seed, 0);
        keel_solve_options o = {.objective = KEEL_OBJ_MAKESPAN, .budget = budget};
        keel_solve_result res;
        double t0 = keel_clock_seconds();
        if (solver->run(P, &o, &rng, NULL, &best, &res, &err) != KEEL_OK) {
            fprintf(stderr, "%s: %s\n", argv[a], err.message);
            return 3;
        }
        double sec = keel_clock_seconds() - t0;
        long ms = (long)(best.makespan - P->origin);
        int use_cpm = ref_cpm >= 0 ? ref_cpm : !bd->opt;
        long ref = use_cpm ? bd->cpm : bd->best;
        double dev = 100.0 * (double)(ms - ref) / (double)ref;
        sum_dev += dev;
        sum_sec += sec;
        sum_sched += (double)res.schedules;
        hit += ms <= bd->best;
        count++;
        if (verbose)
            printf("%s %ld ref %ld best %ld dev %.2f sched %lld %.3fs\n", bd->name, ms, ref,
                   bd->best, dev, (long long)res.schedules, sec);
        keel_plan_release(&best);
        keel_problem_free(P);
        keel_portfolio_free(p);
    }
    printf("solver %s budget %ld instances %d: avg dev %.3f %%, best-known hit %d, "
           "mean %.4f s, %.0f schedules/s\n",
           solver->name, budget, count, count ? sum_dev / count : 0, hit,
           count ? sum_sec / count : 0, sum_sec > 0 ? sum_sched / sum_sec : 0);
    free(bounds);
    return 0;
}
