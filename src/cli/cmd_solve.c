/* SPDX-License-Identifier: GPL-3.0-or-later
 * keel solve: level a research instance (PSPLIB .sm, MPSPLIB .xml) and print
 * what the field reports: makespan, lower bound, schedules, seconds, and for
 * MPSPLIB total makespan (TMS) and average project delay (APD).
 */
#include <math.h>
#include <string.h>

#include "cli.h"

typedef struct solve_args {
    keel_options opt;
    bool progress;   /* --progress */
} solve_args;

static int extra(int argc, char **argv, int i, void *ctx)
{
    solve_args *a = ctx;
    return cli_parse_run_option(argc, argv, i, &a->opt, &a->progress);
}

/* Start period of every job, in file order; one list per project. */
static void json_starts(json *j, const keel_portfolio *p, const keel_schedule *s)
{
    bool multi = keel_portfolio_nprojects(p) > 1;
    json_arr(j, "starts");
    for (int q = 0; q < keel_portfolio_nprojects(p); q++) {
        keel_project_info pi = keel_project_get(p, q);
        if (multi)
            json_arr(j, NULL);
        for (int t = pi.first_task; t < pi.first_task + pi.ntasks; t++)
            json_int(j, NULL, (long long)keel_schedule_start(s, t));
        if (multi)
            json_close_arr(j);
    }
    json_close_arr(j);
}

static void print_json(const keel_portfolio *p, const keel_result *r)
{
    keel_result_info in = keel_result_get(r);
    json j;
    json_begin(&j, stdout);
    json_obj(&j, NULL);
    cli_json_outcome(&j, &in);
    json_int(&j, "makespan", (long long)in.makespan);
    json_num(&j, "tms", in.tms);
    json_num(&j, "apd", in.apd);
    json_starts(&j, p, keel_result_schedule(r));
    json_close_obj(&j);
    json_end(&j);
}

static void print_text(const keel_portfolio *p, const keel_result *r)
{
    keel_result_info in = keel_result_get(r);
    printf("makespan %lld", (long long)in.makespan);
    if (isfinite(in.lower_bound))
        printf(", lower bound %.0f", in.lower_bound);
    if (isfinite(in.gap))
        printf(", gap %.2f %%", 100 * in.gap);
    if (in.optimal)
        printf(" (optimal)");
    printf("\n");
    if (keel_portfolio_nprojects(p) > 1)
        printf("TMS %.0f, APD %.2f (objective %s)\n", in.tms, in.apd, in.objective);
    printf("%lld schedules in %.3f s, best by %s after %.3f s\n", (long long)in.schedules,
           in.seconds, in.solver, in.best_seconds);
}

int cmd_solve(int argc, char **argv)
{
    solve_args a = {.progress = false};
    keel_options_init(&a.opt);
    cli_common c;
    if (!cli_parse_common(argc, argv, 2, &c, extra, &a)) {
        cli_common_free(&c);
        return c.status;
    }
    cli_signal_install(); /* Ctrl-C: the best schedule so far is printed */
    a.opt.stop = cli_signal_stop();
    keel_portfolio *p = NULL;
    keel_result *r = NULL;
    double t0 = cli_seconds();
    int rc = cli_load(&c, &p);
    if (rc == EXIT_OK && !keel_portfolio_is_research(p)) {
        fprintf(stderr, "keel: error: solve takes a PSPLIB or MPSPLIB instance; use keel "
                        "level for MSPDI portfolios\n");
        rc = EXIT_USAGE;
    }
    if (rc == EXIT_OK) {
        keel_error err = {0};
        cli_share_time_limit(&a.opt, t0, cli_seconds() - t0, false, false);
        keel_status st = cli_level(p, &a.opt, a.progress, &r, &err);
        if (st != KEEL_OK)
            rc = cli_fail(&err);
        else if (c.json)
            print_json(p, r);
        else
            print_text(p, r);
        if (st == KEEL_OK && cli_signal_received())
            cli_print_stopped(r, NULL);
    }
    if (cli_signal_received())
        rc = 128 + cli_signal_received();
    keel_result_free(r);
    keel_portfolio_free(p);
    cli_common_free(&c);
    return rc;
}
