/* SPDX-License-Identifier: GPL-3.0-or-later
 * keel level: level a portfolio, print per project CPM finish, leveled finish,
 * delay and deadline, and write one leveled MSPDI file per input project.
 */
#include <math.h>
#include <string.h>

#include "cli.h"

typedef struct level_args {
    keel_options opt;
    const char *out_dir;
    bool progress;   /* --progress */
    const char *report;    /* --report FILE: the HTML report */
    cli_sections sections; /* its health and risk sections */
} level_args;

static int extra(int argc, char **argv, int i, void *ctx)
{
    level_args *a = ctx;
    if (strcmp(argv[i], "-o") == 0 || strcmp(argv[i], "--output") == 0) {
        if (i + 1 >= argc) {
            fprintf(stderr, "keel: error: %s needs a directory\n", argv[i]);
            return -1;
        }
        a->out_dir = argv[i + 1];
        return 2;
    }
    if (strcmp(argv[i], "--report") == 0) {
        if (i + 1 >= argc) {
            fprintf(stderr, "keel: error: --report needs a file name\n");
            return -1;
        }
        a->report = argv[i + 1];
        return 2;
    }
    int used = cli_sections_option(argc, argv, i, &a->sections);
    return used ? used : cli_parse_run_option(argc, argv, i, &a->opt, &a->progress);
}

/* A delay of working minutes of project q: "8.0 d" (periods for research). */
static const char *days_text(const keel_portfolio *p, int q, int64_t minutes, char *buf,
                             size_t size)
{
    if (keel_portfolio_is_research(p))
        snprintf(buf, size, "%lld", (long long)minutes);
    else
        snprintf(buf, size, "%.1f d", (double)minutes / keel_project_get(p, q).minutes_per_day);
    return buf;
}

static const char *deadline_text(const keel_portfolio *p, int q, keel_result_project rp,
                                 char *buf, size_t size)
{
    char late[32];
    switch (rp.deadline_state) {
    case KEEL_DEADLINE_NONE:
        return "-";
    case KEEL_DEADLINE_MET:
        return "yes";
    case KEEL_DEADLINE_MISSED:
        break;
    }
    snprintf(buf, size, "NO, %s late", days_text(p, q, rp.late, late, sizeof late));
    return buf;
}

/* The objective against the baseline and the bound; no gap when conflicts
 * are left (within slack): that is not a leveled schedule. */
static void print_objective(const keel_portfolio *p, const keel_result_info *in)
{
    double unit;
    const char *name;
    cli_objective_unit(p, in->objective, &unit, &name);
    printf("objective %s: %.6g%s (MS Project-like priority, standard: %.6g%s", in->objective,
           in->value / unit, name, in->baseline / unit, name);
    if (isfinite(in->rules_value) && in->rules_best)
        printf("; best %s: %.6g%s", in->rules_best, in->rules_value / unit, name);
    printf(")");
    if (isfinite(in->lower_bound))
        printf("; lower bound %.6g%s", in->lower_bound / unit, name);
    if (in->conflicts_after > in->conflicts_after_accepted)
        printf("; no gap: conflicts are left");
    else if (isfinite(in->gap))
        printf(", gap %.2f %%", 100 * in->gap);
    if (isfinite(in->lower_bound) && in->lower_bound > 0 && in->lower_bound_how)
        printf(" (bound from %s)", in->lower_bound_how);
    if (in->optimal)
        printf(" (optimal)");
    printf("\n");
}

/* "1 conflict", "2 conflicts". */
static void print_count(int n, const char *what)
{
    printf("%d %s%s", n, what, n == 1 ? "" : "s");
}

/* The accepted conflicts of the leveled schedule by reason, most first. */
static void print_reasons(const keel_result *r)
{
    const keel_conflicts *c = keel_result_conflicts(r);
    int count[KEEL_ACCEPT_STARTED + 1] = {0};
    for (int i = 0; i < keel_conflicts_count(c); i++)
        count[keel_conflicts_get(c, i)->accept_reason]++;
    count[KEEL_ACCEPT_NONE] = 0; /* not accepted */
    const char *sep = ": ";
    for (;;) {
        int best = 0;
        for (int k = 1; k <= KEEL_ACCEPT_STARTED; k++)
            best = count[k] > count[best] ? k : best;
        if (best == 0)
            break;
        printf("%s%d %s", sep, count[best], keel_accept_reason_text((keel_accept_reason)best));
        count[best] = 0;
        sep = ", ";
    }
}

/* Conflicts before (the input files' dates) and after leveling (the leveled
 * dates): the counts keel verify gives on the inputs and on the files written. */
static void print_conflicts(const keel_result *r, const keel_result_info *in)
{
    printf("before leveling: ");
    print_count(in->conflicts_before, "conflict");
    printf(" in the input files' dates (%d accepted)\nafter leveling: ",
           in->conflicts_before_accepted);
    print_count(in->conflicts_after, "conflict");
    printf(" (%d accepted", in->conflicts_after_accepted);
    print_reasons(r);
    printf(")\n");
    if (in->pinned_delayed > 0)
        printf("%d priority-1000 task%s later than %s links allow: no other place without an "
               "avoidable overload\n",
               in->pinned_delayed, in->pinned_delayed == 1 ? "" : "s",
               in->pinned_delayed == 1 ? "its" : "their");
}

static void print_text(const keel_portfolio *p, const keel_result *r)
{
    keel_result_info in = keel_result_get(r);
    char a[32], b[32], c[32], d[32], e[48];
    printf("%-28s %-20s %-20s %10s  %-20s %s\n", "project", "CPM finish", "leveled finish",
           "delay", "deadline", "met");
    for (int q = 0; q < keel_portfolio_nprojects(p); q++) {
        keel_result_project rp = keel_result_project_get(r, q);
        printf("%-28s %-20s %-20s %10s  %-20s %s\n", keel_project_get(p, q).name,
               keel_time_format(p, rp.cpm_finish, a, sizeof a),
               keel_time_format(p, rp.finish, b, sizeof b),
               days_text(p, q, rp.delay, d, sizeof d),
               keel_time_format(p, rp.deadline, c, sizeof c),
               deadline_text(p, q, rp, e, sizeof e));
    }
    print_conflicts(r, &in);
    if (in.unresolved > 0) {
        printf("within slack, %d task%s could not be leveled:", in.unresolved,
               in.unresolved == 1 ? "" : "s");
        for (int t = 0, n = 0; t < keel_portfolio_ntasks(p); t++)
            if (keel_result_task_unresolved(r, t)) {
                keel_task_info ti = keel_task_get(p, t);
                printf("%s %s UID %d '%s'", n++ ? "," : "",
                       keel_project_get(p, ti.project).name, ti.uid, ti.name);
            }
        printf("\n");
    }
    print_objective(p, &in);
    printf("best schedule by %s; %lld schedules in %.3f s (first feasible after %.3f s)\n",
           in.solver, (long long)in.schedules, in.seconds, in.first_feasible_seconds);
    if (in.clusters > 1)
        printf("leveled as %d independent groups of projects (sharing no resource and no "
               "link), one after the other\n", in.clusters);
}

/* Minutes and days of working time of project q (days: null for research). */
static void json_minutes(json *j, const keel_portfolio *p, int q, const char *key,
                         int64_t minutes, bool known)
{
    char name[40];
    snprintf(name, sizeof name, "%s_minutes", key);
    if (known)
        json_int(j, name, minutes);
    else
        json_str(j, name, NULL);
    snprintf(name, sizeof name, "%s_days", key);
    json_num(j, name, known && !keel_portfolio_is_research(p)
                          ? (double)minutes / keel_project_get(p, q).minutes_per_day
                          : NAN);
}

static void json_project(json *j, const keel_portfolio *p, int q, keel_result_project rp)
{
    json_obj(j, NULL);
    json_str(j, "name", keel_project_get(p, q).name);
    json_time(j, "cpm_finish", p, rp.cpm_finish);
    json_time(j, "leveled_finish", p, rp.finish);
    json_minutes(j, p, q, "delay", rp.delay, true);
    json_time(j, "deadline", p, rp.deadline);
    if (rp.deadline_state == KEEL_DEADLINE_NONE)
        json_str(j, "deadline_met", NULL);
    else
        json_bool(j, "deadline_met", rp.deadline_state == KEEL_DEADLINE_MET);
    json_minutes(j, p, q, "late", rp.late, rp.deadline_state != KEEL_DEADLINE_NONE);
    json_close_obj(j);
}

/* "accepted_by_reason": {"fixed tasks alone over capacity": 2, ...}. */
static void json_reasons(json *j, const keel_result *r)
{
    const keel_conflicts *c = keel_result_conflicts(r);
    json_obj(j, "accepted_by_reason");
    for (int k = KEEL_ACCEPT_NONE + 1; k <= KEEL_ACCEPT_STARTED; k++) {
        int n = 0;
        for (int i = 0; i < keel_conflicts_count(c); i++)
            n += keel_conflicts_get(c, i)->accept_reason == (keel_accept_reason)k;
        if (n)
            json_int(j, keel_accept_reason_text((keel_accept_reason)k), n);
    }
    json_close_obj(j);
}

/* out_dir: where the files were written, NULL when nothing was; why: the
 * explanation of the delays, or NULL. */
static void print_json(const keel_portfolio *p, const keel_result *r, const char *out_dir,
                       const keel_explanation *why)
{
    keel_result_info in = keel_result_get(r);
    json j;
    json_begin(&j, stdout);
    json_obj(&j, NULL);
    json_arr(&j, "projects");
    for (int q = 0; q < keel_portfolio_nprojects(p); q++)
        json_project(&j, p, q, keel_result_project_get(r, q));
    json_close_arr(&j);
    json_int(&j, "conflicts_before", in.conflicts_before);
    json_int(&j, "conflicts_before_accepted", in.conflicts_before_accepted);
    json_int(&j, "conflicts_after", in.conflicts_after);
    json_int(&j, "conflicts_after_accepted", in.conflicts_after_accepted);
    json_reasons(&j, r);
    json_int(&j, "pinned_delayed", in.pinned_delayed);
    json_arr(&j, "unresolved");
    for (int t = 0; t < keel_portfolio_ntasks(p); t++)
        if (keel_result_task_unresolved(r, t)) {
            keel_task_info ti = keel_task_get(p, t);
            json_obj(&j, NULL);
            json_str(&j, "project", keel_project_get(p, ti.project).name);
            json_int(&j, "uid", ti.uid);
            json_str(&j, "name", ti.name);
            json_close_obj(&j);
        }
    json_close_arr(&j);
    cli_json_outcome(&j, &in);
    json_bool(&j, "stopped", in.stopped);
    double unit;
    const char *unit_name;
    cli_objective_unit(p, in.objective, &unit, &unit_name);
    json_int(&j, "makespan", in.makespan);
    json_num(&j, "apd", in.apd);
    json_str(&j, "objective_unit", keel_portfolio_is_research(p) ? "periods"
                                   : unit == 1                    ? "days"
                                                                  : "minutes");
    json_num(&j, "first_feasible_seconds", in.first_feasible_seconds);
    json_str(&j, "output_dir", out_dir);
    if (why)
        cli_json_why(&j, p, why);
    json_close_obj(&j);
    json_end(&j);
}

/* The output folder is taken and every target checked before the solve, so
 * that a folder that cannot be written is noticed at once, not after it. */
static keel_status prepare_output(const keel_portfolio *p, const char *dir, keel_output **o,
                                  keel_error *err)
{
    keel_status st = keel_output_begin(dir, o, err);
    for (int i = 0; st == KEEL_OK && i < keel_output_nnotes(*o); i++)
        fprintf(stderr, "keel: note: %s\n", keel_output_note(*o, i));
    if (st == KEEL_OK)
        st = keel_output_add_mspdi(*o, p, err);
    if (st == KEEL_OK)
        st = keel_output_check(*o, err);
    return st;
}

static keel_status write_output(const keel_portfolio *p, const keel_result *r, keel_output *o,
                                keel_error *err)
{
    keel_output_set_cancel(o, cli_signal_abort());
    cli_signal_writing(true);
    keel_status st = keel_output_put_mspdi(o, p, r, err);
    if (st == KEEL_OK)
        st = keel_output_commit(o, err);
    cli_signal_writing(false);
    return st;
}

/* After the search: why projects slip, and the report (--report) put into the
 * MSPDI set o when it shares its folder, else into its own set ro. */
static keel_status explain_and_report(const keel_portfolio *p, const keel_result *r,
                                      const level_args *a, keel_output *o, keel_output *ro,
                                      keel_explanation **why, keel_error *err)
{
    keel_status st = keel_explain(p, keel_result_schedule(r), why, err);
    keel_report *rep = NULL;
    if (st == KEEL_OK && a->report)
        st = cli_report_build(p, r, *why, &a->opt, &a->sections, NULL, &rep, err);
    if (st == KEEL_OK && a->report)
        st = cli_report_put(rep, a->report, ro ? ro : o, err);
    keel_report_free(rep);
    return st;
}

/* The time limit bounds the whole command, but loading and writing cannot be
 * cut short: when they alone take longer, say so rather than overrun quietly. */
static void note_overrun(double limit, double t0, double load_seconds)
{
    double took = cli_seconds() - t0;
    if (limit > 0 && took > 1.1 * limit)
        fprintf(stderr,
                "keel: note: the command took %.3g s against --time-limit %g: loading (%.2g s), "
                "the first schedules and writing take that long at this size\n",
                took, limit, load_seconds);
}

static int run_level(const cli_common *c, level_args *a, const keel_portfolio *p, double t0,
                     double load_seconds)
{
    double limit = a->opt.time_limit;
    keel_error err = {0};
    keel_output *o = NULL, *ro = NULL;
    keel_result *r = NULL;
    keel_explanation *why = NULL;
    keel_status st = a->out_dir ? prepare_output(p, a->out_dir, &o, &err) : KEEL_OK;
    if (st == KEEL_OK && a->report)
        st = cli_report_prepare(p, a->report, o, a->out_dir, &ro, &err);
    if (st == KEEL_OK) {
        cli_share_time_limit(&a->opt, t0, load_seconds, true, a->out_dir != NULL);
        a->opt.stop = cli_signal_stop();
        st = cli_level(p, &a->opt, a->progress, &r, &err);
    }
    if (st == KEEL_OK)
        st = explain_and_report(p, r, a, o, ro, &why, &err);
    if (st == KEEL_OK && o)
        st = write_output(p, r, o, &err);
    if (st == KEEL_OK && ro)
        st = keel_output_commit(ro, &err);
    int rc = st != KEEL_OK ? cli_fail(&err) : EXIT_OK;
    if (st == KEEL_OK && c->json)
        print_json(p, r, o ? a->out_dir : NULL, why);
    else if (st == KEEL_OK)
        print_text(p, r);
    if (st == KEEL_OK && !c->json)
        cli_print_why(p, why);
    if (st == KEEL_OK && o && !c->json)
        printf("wrote %d leveled file%s into %s\n", keel_portfolio_nprojects(p),
               keel_portfolio_nprojects(p) == 1 ? "" : "s", a->out_dir);
    else if (st == KEEL_OK && !c->json)
        printf("no leveled files written: give -o DIR to write them\n");
    if (st == KEEL_OK && a->report && !c->json)
        printf("wrote the report %s\n", a->report);
    /* within slack may leave conflicts: then the exit code is keel verify's
     * on the files written */
    keel_result_info in = keel_result_get(r);
    if (st == KEEL_OK && in.conflicts_after > in.conflicts_after_accepted)
        rc = EXIT_CONFLICTS;
    if (st == KEEL_OK && !cli_signal_received())
        note_overrun(limit, t0, load_seconds);
    if (cli_signal_received()) {
        if (st == KEEL_OK)
            cli_print_stopped(r, a->out_dir);
        rc = 128 + cli_signal_received();
    }
    keel_output_free(ro);
    keel_output_free(o);
    keel_explanation_free(why);
    keel_result_free(r);
    return rc;
}

int cmd_level(int argc, char **argv)
{
    level_args a = {0};
    keel_options_init(&a.opt);
    cli_sections_init(&a.sections);
    cli_common c;
    if (!cli_parse_common(argc, argv, 2, &c, extra, &a)) {
        cli_common_free(&c);
        return c.status;
    }
    if (!a.report && (a.sections.risk || a.sections.no_health)) {
        fprintf(stderr, "keel: error: --risk, --risk-iterations and --no-health are "
                        "options of the report: give --report FILE\n");
        cli_common_free(&c);
        return EXIT_USAGE;
    }
    /* from here on a signal stops the run and keeps the best schedule */
    cli_signal_install();
    keel_portfolio *p = NULL;
    double t0 = cli_seconds();
    c.load_threads = a.opt.threads; /* the files are read on the run's threads too */
    int rc = cli_load(&c, &p);
    if (rc == EXIT_OK)
        rc = run_level(&c, &a, p, t0, cli_seconds() - t0);
    else if (cli_signal_received())
        rc = 128 + cli_signal_received();
    keel_portfolio_free(p);
    cli_common_free(&c);
    return rc;
}
