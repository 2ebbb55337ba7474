/* SPDX-License-Identifier: GPL-3.0-or-later
 * Solver options on the command line, from the library's option table:
 * "--name value", "--name=value", and "--flag" for booleans. Also the progress
 * line shown on a terminal.
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
        return -1;
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

static bool progress_shown; /* a progress line is on the terminal */

static void show_progress(double seconds, int64_t schedules, double best, void *ctx)
{
    (void)ctx;
    progress_shown = true;
    fprintf(stderr, "\rkeel: %.1f s, %lld schedules, best %.6g   ", seconds,
            (long long)schedules, best);
    fflush(stderr);
}

/* The library decides whether progress is reported (--quiet); the CLI only
 * offers a terminal line for it. */
void cli_enable_progress(keel_options *o)
{
    if (isatty(STDERR_FILENO)) {
        o->progress = show_progress;
        o->progress_ctx = NULL;
    }
}

void cli_end_progress(const keel_options *o)
{
    (void)o;
    if (progress_shown)
        fputc('\n', stderr);
    progress_shown = false;
}

keel_status cli_level(const keel_portfolio *p, keel_options *o, keel_result **out,
                      keel_error *err)
{
    cli_enable_progress(o);
    keel_status st = keel_level(p, o, out, err);
    cli_end_progress(o);
    return st;
}

void cli_json_outcome(json *j, const keel_result_info *in)
{
    json_str(j, "objective", in->objective);
    json_num(j, "value", in->value);
    json_num(j, "baseline", in->baseline);
    json_num(j, "rules_value", in->rules_value);
    json_str(j, "rules_best", in->rules_best);
    json_num(j, "lower_bound", in->lower_bound);
    json_str(j, "lower_bound_how", in->lower_bound_how);
    json_num(j, "gap", in->gap);
    json_bool(j, "optimal", in->optimal);
    json_str(j, "solver", in->solver);
    json_int(j, "schedules", in->schedules);
    json_num(j, "seconds", in->seconds);
    json_num(j, "best_seconds", in->best_seconds);
}
