/* SPDX-License-Identifier: GPL-3.0-or-later
 * Solver options on the command line, from the library's option table:
 * "--name value", "--name=value", and "--flag" for booleans. Also progress:
 * a line redrawn on a terminal, or plain periodic lines with --progress.
 */
#include <string.h>
#include <unistd.h>

#include "cli.h"

static bool find_option(const char *name, size_t len, keel_option_info *info)
{
    for (int i = 0; keel_options_describe(i, info); i++)
        if (strlen(info->name) == len && strncmp(info->name, name, len) == 0)
            return true;
    return false;
}

int cli_parse_option(int argc, char **argv, int i, keel_options *o)
{
    const char *arg = argv[i];
    if (strncmp(arg, "--", 2) != 0)
        return 0;
    const char *name = arg + 2, *eq = strchr(name, '=');
    size_t len = eq ? (size_t)(eq - name) : strlen(name);
    keel_option_info info;
    if (!find_option(name, len, &info))
        return 0;
    const char *value = eq ? eq + 1 : NULL;
    int used = 1;
    if (!value && !info.is_bool) {
        if (i + 1 >= argc) {
            fprintf(stderr, "keel: error: --%s needs a value\n", info.name);
            return -1;
        }
        value = argv[i + 1];
        used = 2;
    }
    keel_error err = {0};
    if (keel_options_set(o, info.name, value ? value : "1", &err) != KEEL_OK) {
        fprintf(stderr, "keel: error: %s\n", err.message);
        return CLI_BAD_VALUE;
    }
    return used;
}

void cli_print_options(FILE *out)
{
    keel_option_info info;
    for (int i = 0; keel_options_describe(i, &info); i++) {
        char left[40];
        snprintf(left, sizeof left, "--%s%s", info.name, info.is_bool ? "" : " X");
        fprintf(out, "  %-18s %s (default %s)\n", left, info.help, info.default_text);
    }
}

int cli_parse_run_option(int argc, char **argv, int i, keel_options *o, bool *progress)
{
    if (strcmp(argv[i], "--progress") == 0) {
        *progress = true;
        return 1;
    }
    return cli_parse_option(argc, argv, i, o);
}

void cli_objective_unit(const keel_portfolio *p, const char *objective, double *unit,
                        const char **name)
{
    /* delay objectives count working days (weighted), spans elapsed minutes */
    bool research = keel_portfolio_is_research(p);
    bool span = objective && (strcmp(objective, "makespan") == 0 || strcmp(objective, "tms") == 0);
    *unit = research || !span ? 1 : 1440;
    *name = research ? "" : span ? " elapsed days" : " d";
}

/* How progress is shown: a line redrawn on a terminal, or plain lines
 * (--progress when stderr is not a terminal), objectives in days. */
typedef struct progress_view {
    bool plain, shown;
    double unit, next;   /* objective per shown unit; seconds of the next line */
    const char *unit_name;
} progress_view;

static progress_view view;

static void show_progress(double seconds, int64_t schedules, double best, void *ctx)
{
    progress_view *v = ctx;
    if (v->plain) {
        if (seconds < v->next)
            return;
        v->next = seconds + (seconds < 60 ? 1 : 10);
        fprintf(stderr, "keel: progress: %.1f s, %lld schedules, best %.6g%s\n", seconds,
                (long long)schedules, best / v->unit, v->unit_name);
        return;
    }
    v->shown = true;
    fprintf(stderr, "\rkeel: %.1f s, %lld schedules, best %.6g%s   ", seconds,
            (long long)schedules, best / v->unit, v->unit_name);
    fflush(stderr);
}

/* The library decides whether progress is reported (--quiet); the CLI shows
 * it on a terminal, or as plain lines when asked to (--progress). */
static void enable_progress(const keel_portfolio *p, keel_options *o, bool plain)
{
    bool tty = isatty(STDERR_FILENO);
    if (!tty && !plain)
        return;
    view = (progress_view){.plain = !tty};
    cli_objective_unit(p, o->objective, &view.unit, &view.unit_name);
    o->progress = show_progress;
    o->progress_ctx = &view;
}

static void end_progress(void)
{
    if (view.shown)
        fputc('\n', stderr);
    view.shown = false;
}

keel_status cli_level(const keel_portfolio *p, keel_options *o, bool plain_progress,
                      keel_result **out, keel_error *err)
{
    enable_progress(p, o, plain_progress);
    keel_status st = keel_level(p, o, out, err);
    end_progress();
    return st;
}

void cli_json_outcome(json *j, const keel_result_info *in)
{
    json_str(j, "objective", in->objective);
    json_num(j, "value", in->value);
    json_num(j, "baseline", in->baseline);
    json_num(j, "rules_value", in->rules_value);
    json_str(j, "rules_best", in->rules_best);
    if (in->rules_best)
        json_int(j, "rules_makespan", in->rules_makespan);
    else
        json_str(j, "rules_makespan", NULL);
    json_num(j, "lower_bound", in->lower_bound);
    json_str(j, "lower_bound_how", in->lower_bound_how);
    json_num(j, "gap", in->gap);
    json_bool(j, "optimal", in->optimal);
    json_str(j, "solver", in->solver);
    json_int(j, "clusters", in->clusters);
    json_int(j, "schedules", in->schedules);
    json_num(j, "seconds", in->seconds);
    json_num(j, "best_seconds", in->best_seconds);
}
