/* SPDX-License-Identifier: GPL-3.0-or-later
 * Measures the branch and bound (src/search/bnb.h) alone: for each instance given as
 * "file opt" on stdin, searches from a trivial upper bound (the sum of the
 * durations) until it ends or the time limit passes, and prints the best
 * makespan, whether it was proven, the steps and the seconds; then a summary
 * (proven, equal to opt, mean and longest time). Not part of the test suite.
 * Usage: bnb_j30 TIME_LIMIT_S < list   (see benchmarks/README.md)
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "read/psplib_read.h"
#include "search/bnb.h"

#define SLICE 100000 /* steps between looks at the clock */

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Solves one instance; false when it cannot be read or set up. */
static bool run(const char *file, double limit, keel_time *best, bool *done, int64_t *steps,
                double *seconds)
{
    keel_builder b;
    keel_error err = {0};
    keel_portfolio *p = NULL;
    keel_problem *P = NULL;
    keel_bnb *bb = NULL;
    keel_plan out = {0};
    bool ok = keel_builder_init(&b) && !keel_psplib_read(file, &b, NULL, NULL, &err) &&
              !keel_model_finish(&b, &p, &err);
    keel_builder_release(&b);
    ok = ok && !keel_problem_new(p, &P, &err) && keel_plan_init(&out, P->njobs);
    keel_time ub = 1;
    for (int j = 0; ok && j < P->njobs; j++)
        ub += P->dur[j];
    ok = ok && !keel_bnb_new(P, P->origin + ub, &bb, &err);
    if (!ok)
        fprintf(stderr, "%s: %s\n", file, err.message[0] ? err.message : "cannot set up");
    double t0 = now();
    *best = ub;
    *steps = 0;
    while (ok && !keel_bnb_done(bb) && now() - t0 < limit) {
        bool found = false;
        *steps += keel_bnb_run(bb, SLICE, P->origin + *best, &out, &found);
        if (found)
            *best = out.makespan - P->origin;
    }
    *seconds = now() - t0;
    *done = ok && keel_bnb_done(bb);
    keel_bnb_free(bb);
    keel_plan_release(&out);
    keel_problem_free(P);
    keel_portfolio_free(p);
    return ok;
}

int main(int argc, char **argv)
{
    double limit = argc > 1 ? atof(argv[1]) : 10;
    char file[512];
    long opt;
    int n = 0, proven = 0, equal = 0;
    double sum = 0, longest = 0;
    printf("instance,opt,best,proven,steps,seconds\n");
    while (scanf("%511s %ld", file, &opt) == 2) {
        keel_time best;
        bool done;
        int64_t steps;
        double s;
        if (!run(file, limit, &best, &done, &steps, &s))
            return 1;
        printf("%s,%ld,%lld,%s,%lld,%.3f\n", file, opt, (long long)best, done ? "true" : "false",
               (long long)steps, s);
        n++;
        proven += done;
        equal += best == opt;
        sum += s;
        longest = s > longest ? s : longest;
    }
    printf("# %d instances: %d proven, %d equal to opt, mean %.3f s, longest %.3f s\n", n,
           proven, equal, n ? sum / n : 0, longest);
    return 0;
}
