/* SPDX-License-Identifier: GPL-3.0-or-later
 * Measures the ILP on j30: for each instance given as "file opt", solves with
 * horizon T = opt + slack (a stand-in for a heuristic's makespan) and reports
 * the status, objective, bound, nodes and time. Not part of the test suite.
 * Usage: ilp_j30 SLACK TIME_LIMIT_MS < list
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "analysis/cpm.h"
#include "ilp/ilp.h"
#include "read/psplib_read.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    int slack = argc > 1 ? atoi(argv[1]) : 5;
    long ms = argc > 2 ? atol(argv[2]) : 10000;
    char file[512];
    int opt, n = 0, nopt = 0, nfound = 0;
    double tsum = 0;
    while (scanf("%511s %d", file, &opt) == 2) {
        keel_builder b;
        keel_error err = {0};
        keel_portfolio *p = NULL;
        keel_cpm *c = NULL;
        keel_ilp *m = NULL;
        if (!keel_builder_init(&b) || keel_psplib_read(file, &b, NULL, NULL, &err) ||
            keel_model_finish(&b, &p, &err) || keel_cpm_run(p, &c, &err) ||
            keel_ilp_from_portfolio(p, c, KEEL_ILP_MAKESPAN, opt + slack, &m, &err)) {
            fprintf(stderr, "%s: %s\n", file, err.message);
            return 1;
        }
        keel_builder_release(&b);
        keel_ilp_params par;
        keel_ilp_params_init(&par);
        par.time_limit_ms = ms;
        int *start = malloc(sizeof(int) * (size_t)m->njobs);
        keel_ilp_result r = {.start = start};
        double t0 = now();
        keel_status st = keel_ilp_solve(m, &par, &r, &err);
        double dt = now() - t0;
        printf("%s opt %d cp %lld: %s %s obj %.0f bound %.2f lp %.2f nodes %lld cols %d rows %d "
               "nnz %lld %.2fs\n",
               file, opt, (long long)c->finish, st ? err.message : keel_status_name(st),
               keel_ilp_status_name(r.status), r.objective, r.bound, r.lp_bound,
               (long long)r.nodes, r.ncols, r.nrows, (long long)r.nonzeros, dt);
        fflush(stdout);
        n++;
        if (r.status == KEEL_ILP_OPTIMAL) {
            nopt++;
            tsum += dt;
        }
        if ((r.status == KEEL_ILP_OPTIMAL || r.status == KEEL_ILP_FEASIBLE) && r.objective == opt)
            nfound++;
        free(start);
        keel_ilp_free(m);
        keel_cpm_free(c);
        keel_portfolio_free(p);
    }
    printf("instances %d, proven optimal %d (mean %.2fs), optimum found %d\n", n, nopt,
           nopt ? tsum / nopt : 0, nfound);
    return 0;
}
