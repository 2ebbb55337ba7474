/* SPDX-License-Identifier: GPL-3.0-or-later
 * Command-line pieces shared by the commands: input options, loading, errors.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"

static bool takes_value(int argc, char **argv, int i)
{
    if (i + 1 < argc)
        return true;
    fprintf(stderr, "keel: error: %s needs a value\n", argv[i]);
    return false;
}

/* The name of option argument a ("--seed=3" -> "--seed", "-o" -> "--output"),
 * into buf. */
static const char *option_name(const char *a, char *buf, size_t size)
{
    if (strcmp(a, "-o") == 0)
        a = "--output";
    size_t len = strcspn(a, "=");
    snprintf(buf, size, "%.*s", (int)(len < size ? len : size - 1), a);
    return buf;
}

/* True (after a message) when option argv[i] was given before. */
static bool repeated(char **argv, int first, int i, const bool *is_option)
{
    char a[64], b[64];
    option_name(argv[i], a, sizeof a);
    for (int k = first; k < i; k++)
        if (is_option[k] && strcmp(option_name(argv[k], b, sizeof b), a) == 0) {
            fprintf(stderr, "keel: error: %s is given twice\n", a);
            return true;
        }
    return false;
}

/* One option at argv[i]: the arguments it used, or 0 after setting c->status. */
static int parse_one(int argc, char **argv, int i, cli_common *c,
                     int (*extra)(int argc, char **argv, int i, void *ctx), void *ctx)
{
    const char *a = argv[i];
    if (strcmp(a, "--json") == 0) {
        c->json = true;
        return 1;
    }
    if (strcmp(a, "--pool") == 0 || strcmp(a, "--portfolio") == 0) {
        if (!takes_value(argc, argv, i))
            return 0;
        if (strcmp(a, "--pool") == 0)
            c->load.pool_file = argv[i + 1];
        else
            c->load.portfolio_file = argv[i + 1];
        return 2;
    }
    int used = extra ? extra(argc, argv, i, ctx) : 0;
    if (used == CLI_BAD_VALUE)
        c->status = EXIT_INPUT;
    if (used == 0)
        fprintf(stderr, "keel: error: unknown option '%s' (see keel %s --help)\n", a,
                argv[1]);
    return used > 0 ? used : 0;
}

bool cli_parse_common(int argc, char **argv, int first, cli_common *c,
                      int (*extra)(int argc, char **argv, int i, void *ctx), void *ctx)
{
    memset(c, 0, sizeof *c);
    c->status = EXIT_USAGE;
    c->files = calloc((size_t)argc + 1, sizeof(char *));
    bool *is_option = calloc((size_t)argc + 1, sizeof(bool));
    bool ok = c->files && is_option;
    for (int i = first; ok && i < argc; i++) {
        const char *a = argv[i];
        if (a[0] != '-' || a[1] == '\0') {
            c->files[c->nfiles++] = a;
            continue;
        }
        is_option[i] = true;
        int used = repeated(argv, first, i, is_option) ? 0 : parse_one(argc, argv, i, c, extra, ctx);
        ok = used > 0;
        i += used - 1;
    }
    free(is_option);
    if (ok && c->nfiles == 0 && !c->load.portfolio_file) {
        fprintf(stderr, "keel: error: no input files (see keel %s --help)\n", argv[1]);
        ok = false;
    }
    if (ok)
        c->status = EXIT_OK;
    return ok;
}

void cli_common_free(cli_common *c)
{
    free(c->files);
    c->files = NULL;
}

int cli_fail(const keel_error *err)
{
    fprintf(stderr, "keel: error: %s\n", err->message);
    switch (err->status) {
    case KEEL_OK:
        return EXIT_OK;
    case KEEL_ERR_IO:
    case KEEL_ERR_PARSE:
    case KEEL_ERR_CYCLE:
    case KEEL_ERR_INVALID:
        return EXIT_INPUT;
    default:
        return EXIT_INTERNAL;
    }
}

int cli_load(const cli_common *c, keel_portfolio **out)
{
    keel_error err = {0};
    if (keel_portfolio_load_threads(c->files, c->nfiles, &c->load, c->load_threads, out, &err) !=
        KEEL_OK)
        return cli_fail(&err);
    for (int i = 0; i < keel_portfolio_nwarnings(*out); i++)
        fprintf(stderr, "keel: warning: %s\n", keel_portfolio_warning(*out, i));
    return EXIT_OK;
}

const char *cli_units(int32_t units, char *buf, size_t size)
{
    snprintf(buf, size, "%.2f", (double)units / KEEL_UNITS_ONE);
    return buf;
}

double cli_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* What follows the search, in multiples of the loading time, measured on
 * generated portfolios of 100 and 200 projects x 500 tasks on one and two
 * threads: explaining why projects slip and printing the result 0.24 to
 * 0.40; writing the leveled files (the inputs' bytes patched, synced to
 * disk) 0.23 to 0.29. Upper ends with a margin for a busy machine. */
#define EXPLAIN_PER_LOAD 0.45
#define WRITE_PER_LOAD 0.35
#define LEAST_LIMIT 0.001 /* a spent limit: keel_level stops after its first pass */

void cli_share_time_limit(keel_options *o, double since, double load_seconds, bool explains,
                          bool writes)
{
    if (o->time_limit <= 0)
        return;
    double left = o->time_limit - (cli_seconds() - since);
    left -= ((explains ? EXPLAIN_PER_LOAD : 0) + (writes ? WRITE_PER_LOAD : 0)) * load_seconds;
    o->time_limit = left > LEAST_LIMIT ? left : LEAST_LIMIT;
}

int cli_take_choice(int argc, char **argv, int i, const char *const *choices,
                    const char **out)
{
    if (!takes_value(argc, argv, i))
        return -1;
    for (int k = 0; choices[k]; k++)
        if (strcmp(argv[i + 1], choices[k]) == 0) {
            *out = choices[k];
            return 2;
        }
    fprintf(stderr, "keel: error: %s '%s': expected", argv[i], argv[i + 1]);
    for (int k = 0; choices[k]; k++)
        fprintf(stderr, "%s %s", k == 0 ? "" : choices[k + 1] ? "," : " or", choices[k]);
    fputc('\n', stderr);
    return CLI_BAD_VALUE;
}

bool cli_one_format(const cli_common *c, const char *table)
{
    if (!table || !c->json)
        return true;
    fprintf(stderr, "keel: error: --json and --csv exclude each other\n");
    return false;
}
