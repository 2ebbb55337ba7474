/* SPDX-License-Identifier: GPL-3.0-or-later
 * Shared pieces of the keel command line: exit codes, common options, a small
 * JSON writer. The CLI uses only keel.h.
 */
#ifndef KEEL_CLI_H
#define KEEL_CLI_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "keel.h"

enum {
    EXIT_OK = 0,
    EXIT_INPUT = 1,     /* bad input file or option value */
    EXIT_USAGE = 2,     /* wrong command line */
    EXIT_INTERNAL = 3,  /* internal or solver error, or a schedule failed verification */
    EXIT_CONFLICTS = 4, /* keel verify found conflicts */
};

/* Options every command that loads a portfolio understands. */
typedef struct cli_common {
    const char **files;
    int nfiles;
    keel_load_options load;
    int load_threads; /* project files read at once (0: one by one) */
    bool json;
    int status;       /* after parsing: EXIT_OK, EXIT_USAGE or EXIT_INPUT */
} cli_common;

/* What an `extra` option parser returns for an option it knows whose value is
 * bad (exit code 1, not 2); -1 for a wrong command line. */
#define CLI_BAD_VALUE (-2)

/* Parses argv[first..] into c, leaving unknown options to `extra` (a callback
 * that returns the number of arguments it consumed, 0 if unknown, -1 or
 * CLI_BAD_VALUE after printing an error). An option given twice is an error.
 * Prints the error and returns false on a bad command line; c->status is then
 * the exit code (EXIT_INPUT for a bad option value, else EXIT_USAGE). */
bool cli_parse_common(int argc, char **argv, int first, cli_common *c,
                      int (*extra)(int argc, char **argv, int i, void *ctx), void *ctx);
void cli_common_free(cli_common *c);

/* For a command's `extra`: takes argv[i + 1] as the value of option argv[i],
 * which must be one of choices (NULL-terminated); returns 2, or after printing
 * an error -1 (no value) or CLI_BAD_VALUE (not one of them). */
int cli_take_choice(int argc, char **argv, int i, const char *const *choices,
                    const char **out);
/* False, after printing an error, when both --json and a --csv table are asked. */
bool cli_one_format(const cli_common *c, const char *table);

/* Loads the portfolio, printing "keel: error: ..." and warnings to stderr.
 * Returns the exit code (EXIT_OK on success). */
int cli_load(const cli_common *c, keel_portfolio **out);

/* Prints "keel: error: <message>" to stderr and returns the exit code for st. */
int cli_fail(const keel_error *err);

/* Formats units (KEEL_UNITS_ONE = 1.0) as "1.50". */
const char *cli_units(int32_t units, char *buf, size_t size);

/* ---------------------------------------------------------------- JSON */

typedef struct json {
    FILE *out;
    int depth;
    bool first[64]; /* per depth: no member written yet */
} json;

void json_begin(json *j, FILE *out);
void json_end(json *j); /* newline */
void json_obj(json *j, const char *key);  /* key NULL inside arrays / at top */
void json_arr(json *j, const char *key);
void json_close_obj(json *j);
void json_close_arr(json *j);
void json_str(json *j, const char *key, const char *value); /* NULL -> null */
void json_int(json *j, const char *key, long long value);
void json_num(json *j, const char *key, double value);
void json_bool(json *j, const char *key, bool value);
/* A keel_time: ISO 8601 local time for MSPDI models, a number for research. */
void json_time(json *j, const char *key, const keel_portfolio *p, keel_time t);

/* The members "project", "uid" and "name" of task t; and the same as an
 * object under key (NULL inside arrays), nothing when t < 0. */
void json_task_id(json *j, const keel_portfolio *p, int t);
void json_task_ref(json *j, const keel_portfolio *p, const char *key, int t);
/* ---------------------------------------------------------------- CSV */

typedef struct csv {
    FILE *out;
    bool first; /* no field written on this row yet */
} csv;

void csv_begin(csv *c, FILE *out);
void csv_header(csv *c, const char *const *names, int n); /* a row of names */
void csv_str(csv *c, const char *s); /* NULL: an empty field */
void csv_int(csv *c, long long v);
void csv_num(csv *c, double v);      /* NAN: an empty field */
void csv_time(csv *c, const keel_portfolio *p, keel_time t);
void csv_end(csv *c);                /* ends the row */

/* Parses argv[i] (and its value) as a solver option into o. Returns the
 * arguments used, 0 when argv[i] is no solver option, -1 after printing an
 * error for a missing value, CLI_BAD_VALUE for a bad one. */
int cli_parse_option(int argc, char **argv, int i, keel_options *o);
/* Prints the solver options table for --help. */
void cli_print_options(FILE *out);
/* A solver option or --progress (which sets *progress): as cli_parse_option. */
int cli_parse_run_option(int argc, char **argv, int i, keel_options *o, bool *progress);
/* How values of objective (a name; "" or NULL for the default) are shown:
 * divided by *unit, followed by *name: " d" (working days) for the delay
 * objectives on MSPDI portfolios, " elapsed days" for makespan and TMS, which
 * count minutes; as they are on research instances. */
void cli_objective_unit(const keel_portfolio *p, const char *objective, double *unit,
                        const char **name);
/* Seconds on a monotonic clock. */
double cli_seconds(void);
/* --time-limit bounds the whole command: keel_level gets what is left of
 * o->time_limit since `since` (the command's start), less estimates (from
 * the loading time) of explaining the delays when `explains` and of
 * writing the leveled files when `writes`. */
void cli_share_time_limit(keel_options *o, double since, double load_seconds, bool explains,
                          bool writes);
/* keel_level with progress on stderr (unless --quiet): a line redrawn when
 * stderr is a terminal, else plain periodic lines when plain_progress. */
keel_status cli_level(const keel_portfolio *p, keel_options *o, bool plain_progress,
                      keel_result **out, keel_error *err);
/* The JSON members level and solve share: objective, value, baseline, bound,
 * gap, optimality, solver, schedules and seconds. */
void cli_json_outcome(json *j, const keel_result_info *in);

/* Why projects slip (cli_why.c): minutes as working days of project q's
 * calendar (periods for research instances); a share's display name; the text
 * block per delayed project; the "why" member of a JSON object. */
double cli_days(const keel_portfolio *p, int project, double minutes);
const char *cli_share_name(const keel_portfolio *p, int resource);
void cli_print_why(const keel_portfolio *p, const keel_explanation *e);
void cli_json_why(json *j, const keel_portfolio *p, const keel_explanation *e);

/* Options of the PMO commands (report, load): -o FILE, --level and the
 * solver options (cli_result.c). */
typedef struct cli_pmo {
    keel_options opt;
    bool level;        /* level first; else show the dates in the files */
    const char *out;   /* -o */
} cli_pmo;
/* Parses argv[i] as one of those; the cli_parse_common `extra` contract. */
int cli_pmo_option(int argc, char **argv, int i, cli_pmo *a);
/* The result to show: leveled (a->level) or of the files' dates. */
keel_status cli_pmo_result(const keel_portfolio *p, cli_pmo *a, keel_result **out,
                           keel_error *err);

/* Output sets for files named by the user (cli_result.c): the folder and file
 * name of path (folder "." when none; returns the name); whether two folders
 * are the same one (a folder takes one output set at a time); an output set
 * begun in dir with its notes printed. */
const char *cli_split_path(const char *path, char *dir, size_t size);
bool cli_same_folder(const char *a, const char *b);
keel_status cli_output_begin(const char *dir, keel_output **o, keel_error *err);

/* The report's sections beyond 14a's built-in ones (cli_result.c): schedule
 * health of the portfolio's plans (cheap: on unless --no-health) and the
 * schedule risk of the reported schedule (Monte Carlo: only with --risk or
 * --risk-iterations N, default 1,000 iterations). */
typedef struct cli_sections {
    bool no_health, risk;
    keel_risk_options risk_opt; /* iterations; seed and threads from the solver options */
} cli_sections;
void cli_sections_init(cli_sections *s);
/* Parses argv[i] as one of those; the cli_parse_common `extra` contract (a
 * bad --risk-iterations is reported here, before any work). */
int cli_sections_option(int argc, char **argv, int i, cli_sections *s);
/* The report of r (with why), its sections added: the what-if comparison w
 * (NULL for none), health of p, risk of r's schedule with o's seed and
 * threads. On success *out is the caller's. */
keel_status cli_report_build(const keel_portfolio *p, const keel_result *r,
                             const keel_explanation *why, const keel_options *o,
                             const cli_sections *sec, const keel_whatif *w,
                             keel_report **out, keel_error *err);

/* The report's targets: the HTML file `html` in the set *o (begun for its
 * folder when *o is NULL, or when o_dir is another folder; then *own gets
 * the new set) and checked. cli_report_put puts the report there. */
keel_status cli_report_prepare(const keel_portfolio *p, const char *html, keel_output *o,
                               const char *o_dir, keel_output **own, keel_error *err);
keel_status cli_report_put(const keel_report *rep, const char *html, keel_output *o,
                           keel_error *err);

/* Signals (cli_signal.c): the first SIGINT/SIGTERM sets the stop flag, a
 * second one exits at once, or sets the abort flag while files are written. */
void cli_signal_install(void);
const volatile sig_atomic_t *cli_signal_stop(void);
const volatile sig_atomic_t *cli_signal_abort(void);
void cli_signal_writing(bool on);
/* The first signal received, 0 when none. */
int cli_signal_received(void);
/* Says on stderr that the run was interrupted and what r is (written into
 * out_dir when not NULL). */
void cli_print_stopped(const keel_result *r, const char *out_dir);

int cmd_cpm(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_level(int argc, char **argv);
int cmd_solve(int argc, char **argv);
int cmd_load(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_whatif(int argc, char **argv);
int cmd_clear(int argc, char **argv);
int cmd_health(int argc, char **argv);
int cmd_risk(int argc, char **argv);

#endif
