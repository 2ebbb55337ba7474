/* SPDX-License-Identifier: GPL-3.0-or-later
 * keel command line: a thin client of keel.h. Each command lives in its own
 * file (cmd_*.c); this file holds the table of commands with their help and
 * dispatches. `keel COMMAND --help` prints that command's help.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

#define INPUT_OPTIONS                                                                   \
    "  --pool FILE       MSPDI file whose resources decide capacity and calendars\n"    \
    "                    (an error when the projects assign none of them)\n"            \
    "  --portfolio FILE  portfolio file: project files, priorities, weights,\n"        \
    "                    release dates, deadlines, cross-project links\n"               \
    "  --json            machine-readable output on stdout\n"

#define RUN_OPTIONS                                                                     \
    "  --progress        progress on stderr as plain lines, also when it is not a\n"   \
    "                    terminal (every second, after a minute every 10 s);\n"         \
    "                    objectives in days on MSPDI portfolios\n"

static const char cpm_help[] =
    "usage: keel cpm FILE... [--pool F] [--portfolio F] [--json]\n"
    "\n"
    "Critical path of every project, resource limits ignored: per project the\n"
    "start, the CPM finish, the critical path length and the critical tasks.\n"
    "--json gives every task's early and late dates, slacks and criticality.\n"
    "\n"
    "options:\n" INPUT_OPTIONS;

static const char verify_help[] =
    "usage: keel verify FILE... [--pool F] [--portfolio F] [--json]\n"
    "\n"
    "Checks the dates as they stand in the files and lists every conflict:\n"
    "overallocated resources (interval, load against capacity, the tasks), broken\n"
    "links, tasks outside their calendars, broken constraints, moved progress.\n"
    "Accepted conflicts say why (fixed tasks alone over capacity, single task over\n"
    "capacity, not leveled, priority-1000 task with its own predecessors, soft\n"
    "constraint, started task keeps its dates) and do not fail the check.\n"
    "\n"
    "options:\n" INPUT_OPTIONS;

/* The report's optional sections (level --report, report, whatif --report). */
#define REPORT_SECTIONS                                                                 \
    "  --no-health       leave out the schedule health section (the DCMA 14-point\n"   \
    "                    checks of the plans in the files, on by default)\n"            \
    "  --risk            add the schedule risk section: a Monte Carlo run of the\n"     \
    "                    reported schedule (as keel risk), per project P50/P80/P95,\n" \
    "                    the chance of meeting the deadline and a histogram of the\n"  \
    "                    finish; it costs iterations, so it is off by default\n"       \
    "  --risk-iterations N  iterations of that run (default 1000; implies --risk)\n"

static const char level_help[] =
    "usage: keel level FILE... [--pool F] [--portfolio F] [-o DIR] [--report F.html]\n"
    "                  [--json] [--progress] [solver options]\n"
    "\n"
    "Levels the portfolio: a schedule in which no resource is overbooked and the\n"
    "important projects finish as early as possible, checked by keel's verifier.\n"
    "Prints per project the CPM and leveled finish, delay and deadline, the\n"
    "conflicts of the input files' dates and of the leveled dates (as keel verify\n"
    "counts them), the objective against the MS Project-like baseline and the\n"
    "lower bound. With -o it writes one leveled MSPDI file per input project into\n"
    "DIR (created with its parents; all files or none, never over an input);\n"
    "without -o nothing is written and the last line says so.\n"
    "\n"
    "options:\n" INPUT_OPTIONS
    "  -o DIR, --output DIR\n"
    "                    folder for the leveled MSPDI files\n"
    "  --report FILE     also write the HTML report of the leveled schedule, with\n"
    "                    the schedule health of the input plans\n" REPORT_SECTIONS
    RUN_OPTIONS;

static const char clear_help[] =
    "usage: keel clear FILE... [--pool F] [--portfolio F] -o DIR [--json]\n"
    "\n"
    "MS Project's Clear Leveling: writes the files into DIR (created with its\n"
    "parents) with every leveling delay removed and each task back at its\n"
    "critical-path dates (started tasks keep theirs), and prints each project's\n"
    "finish before and after. Clearing twice gives the same files.\n"
    "\n"
    "options:\n" INPUT_OPTIONS
    "  -o DIR, --output DIR\n"
    "                    folder for the cleared MSPDI files (required)\n";

static const char solve_help[] =
    "usage: keel solve INSTANCE [--json] [--progress] [solver options]\n"
    "\n"
    "Levels a PSPLIB .sm or MPSPLIB .xml research instance and prints makespan,\n"
    "lower bound, schedules and seconds (MPSPLIB: total makespan and average\n"
    "project delay); --json adds the start period of every job.\n"
    "\n"
    "options:\n"
    "  --json            machine-readable output on stdout\n" RUN_OPTIONS;

#define PMO_OPTIONS                                                                     \
    "  --level           level first (with the solver options) instead of taking\n"    \
    "                    the dates in the files\n"

static const char load_help[] =
    "usage: keel load FILE... [--by day|week|month] [--csv] [-o F.csv]\n"
    "                 [--level [solver options]]\n"
    "\n"
    "Per work resource and day, week or month: the load against capacity before\n"
    "leveling (the resource-free critical-path dates) and after (the dates in the\n"
    "files, or keel's leveling with --level); availability changes are listed\n"
    "and show in the capacity. Text, or CSV on stdout or into -o FILE.\n"
    "\n"
    "options:\n" INPUT_OPTIONS
    "  --by day|week|month  the period (default week)\n"
    "  --csv             CSV instead of text\n"
    "  -o FILE           write the CSV into FILE\n" PMO_OPTIONS;

static const char report_help[] =
    "usage: keel report FILE... -o F.html [--csv DIR] [--no-health]\n"
    "                   [--risk] [--risk-iterations N] [--level [solver options]]\n"
    "\n"
    "One self-contained HTML report: the portfolio summary, why projects slip,\n"
    "Gantt charts, resource histograms, the schedule health of the plans and,\n"
    "with --risk, the schedule risk; CSV exports with --csv DIR. Of the dates in\n"
    "the files (input plans, or leveled outputs), or of keel's leveling with\n"
    "--level. The what-if comparison comes with keel whatif --report.\n"
    "\n"
    "options:\n" INPUT_OPTIONS
    "  -o FILE           the HTML report\n"
    "  --csv DIR         projects, tasks and resource load as CSV files in DIR\n"
    REPORT_SECTIONS PMO_OPTIONS;

static const char whatif_help[] =
    "usage: keel whatif FILE... --scenarios S.txt [--sweep R=+A..+B] [-o DIR]\n"
    "                   [--report F.html [--no-health] [--risk]] [--json | --csv]\n"
    "                   [--shard K/N] [solver options]\n"
    "       keel whatif --merge SHARD.json... [--json | --csv]\n"
    "\n"
    "Levels the portfolio under what-if scenarios (capacity over dates: a hire,\n"
    "a leave; projects removed, postponed, added, reprioritized) and compares\n"
    "them side by side: per project finish and delay, deadlines met, objective,\n"
    "most loaded resource. --sweep tries a resource's capacity over a range.\n"
    "--shard K/N runs a share of the scenarios (JSON) and --merge joins shares.\n"
    "\n"
    "options:\n" INPUT_OPTIONS
    "  --scenarios FILE  the scenario file (grammar in docs/scenarios.md)\n"
    "  --sweep R=+A..+B  scenarios adding A to B units of resource R\n"
    "  -o DIR            one folder of leveled MSPDI files per scenario in DIR\n"
    "  --report FILE     the HTML report of the base with the comparison as a\n"
    "                    section (not with --shard)\n" REPORT_SECTIONS
    "  --csv             the comparison as CSV on stdout\n"
    "  --shard K/N       run the K-th of N shares, as JSON for --merge\n"
    "  --merge FILE...   join the shares' JSON files\n";

static const char health_help[] =
    "usage: keel health FILE... [--pool F] [--portfolio F] [--status-date DATE]\n"
    "                   [--json | --csv checks|tasks] [--all]\n"
    "\n"
    "The 14 checks of the DCMA schedule assessment (missing logic, leads, lags,\n"
    "relationship types, hard constraints, high and negative float, high duration,\n"
    "invalid dates, resources, missed tasks, the critical path test, CPLI, BEI) on\n"
    "each project and on the portfolio: count, percentage, threshold, pass or fail\n"
    "and the offending tasks. Findings are not errors: it exits 0 whatever it finds.\n"
    "\n"
    "options:\n" INPUT_OPTIONS
    "  --status-date DATE  the date progress is measured at (default: each file's)\n"
    "  --csv checks|tasks  the checks, or the offending tasks, as CSV on stdout\n"
    "  --all             every offending task in the text (default: the first 10)\n";

static const char risk_help[] =
    "usage: keel risk FILE... [--pool F] [--portfolio F] [--iterations N]\n"
    "                 [--percentiles 50,80,95] [--plan level|input] [--drivers N]\n"
    "                 [--no-file-estimates] [--json | --csv projects|tasks|drivers|finishes]\n"
    "                 [solver options]\n"
    "\n"
    "Monte Carlo schedule risk of the leveled plan (or of the files' dates with\n"
    "--plan input): each iteration draws every task's duration from its\n"
    "three-point estimate (MS Project's PERT fields Duration1-3, else the\n"
    "portfolio file's uncertainty) and re-times the plan in its start order with\n"
    "resources respected. Prints per project and for the portfolio the finish\n"
    "percentiles and the chance of meeting the deadline, and the tasks that drive\n"
    "each finish. Same seed, same output, on any number of threads.\n"
    "\n"
    "options:\n" INPUT_OPTIONS
    "  --iterations N    simulated iterations (default 1000)\n"
    "  --percentiles L   the finish percentiles shown (default 50,80,95)\n"
    "  --plan level|input  level first (default), or take the files' dates\n"
    "  --drivers N       driving tasks listed per project\n"
    "  --no-file-estimates  ignore the files' PERT fields\n"
    "  --csv KIND        projects, tasks, drivers or finishes as CSV on stdout\n";

/* One command: its name, its function, its lines in `keel --help` and its
 * own help; solver_options adds the solver options table to the latter. */
typedef struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
    const char *help;
    bool solver_options;
} command;

static const command commands[] = {
    {"cpm", cmd_cpm,
     "  cpm FILE...      critical path: per project start, CPM finish, critical\n"
     "                   path length and critical tasks (ignores resource limits)\n",
     cpm_help, false},
    {"verify", cmd_verify,
     "  verify FILE...   check the dates as they stand in the files: resource\n"
     "                   overallocations, broken links, calendar and constraint\n"
     "                   conflicts\n",
     verify_help, false},
    {"level", cmd_level,
     "  level FILE... -o DIR\n"
     "                   level the portfolio: a conflict-free schedule, one leveled\n"
     "                   MSPDI file per input project written into DIR\n",
     level_help, true},
    {"clear", cmd_clear,
     "  clear FILE... -o DIR\n"
     "                   clear leveling (as MS Project does): no leveling delays,\n"
     "                   every task back at its critical-path dates, written into DIR\n",
     clear_help, false},
    {"solve", cmd_solve,
     "  solve INSTANCE   level a PSPLIB .sm or MPSPLIB .xml instance; prints makespan,\n"
     "                   lower bound, schedules and seconds (MPSPLIB: TMS and APD)\n",
     solve_help, true},
    {"load", cmd_load,
     "  load FILE...     resource load against capacity per day, week or month,\n"
     "                   before and after leveling (--by day|week|month, --csv,\n"
     "                   -o FILE.csv, --level to level first)\n",
     load_help, true},
    {"report", cmd_report,
     "  report FILE... -o FILE.html\n"
     "                   one HTML report: summary, why projects slip, Gantt charts,\n"
     "                   resource histograms, schedule health (--risk adds the\n"
     "                   schedule risk, --csv DIR CSV exports, --level levels first;\n"
     "                   else the dates in the files)\n",
     report_help, true},
    {"whatif", cmd_whatif,
     "  whatif FILE... --scenarios S.txt [--sweep R=+A..+B] [-o DIR] [--csv]\n"
     "                   level the portfolio under what-if scenarios (a hire, a leave,\n"
     "                   a project removed or postponed, new priorities) and compare\n"
     "                   them side by side (--report F.html adds them to the report);\n"
     "                   --shard K/N runs a share (JSON) and\n"
     "                   whatif --merge SHARD.json... joins the shares\n",
     whatif_help, true},
    {"health", cmd_health,
     "  health FILE...   the DCMA 14-point schedule assessment of each project and the\n"
     "                   portfolio (--status-date DATE, --csv checks|tasks, --all)\n",
     health_help, false},
    {"risk", cmd_risk,
     "  risk FILE...     Monte Carlo schedule risk of the leveled plan: finish\n"
     "                   percentiles, chance of meeting each deadline, criticality,\n"
     "                   drivers (--iterations N, --percentiles 50,80,95,\n"
     "                   --plan level|input, --no-file-estimates, --drivers N,\n"
     "                   --csv projects|tasks|drivers|finishes)\n",
     risk_help, true},
    {NULL, NULL, NULL, NULL, false},
};

static const char usage_head[] =
    "usage: keel COMMAND [FILE...] [OPTIONS]\n"
    "\n"
    "Levels and schedules a portfolio of projects that share one pool of\n"
    "resources. FILE is an MS Project XML (MSPDI) file (one project each), a\n"
    "PSPLIB .sm file or an MPSPLIB .xml file.\n"
    "\n"
    "commands (keel COMMAND --help for each):\n";

static const char usage_options[] =
    "  help             this text\n"
    "\n"
    "options:\n" INPUT_OPTIONS
    "  --version         print the version\n"
    "  -o DIR            (level, clear) folder for the written MSPDI files;\n"
    "                    (whatif) one folder per scenario in it\n"
    "  --report FILE     (level, whatif) also write the HTML report\n" RUN_OPTIONS
    "\n";

static const char exit_codes[] =
    "\n"
    "exit codes:\n"
    "  0  success (verify: no conflicts besides accepted ones)\n"
    "  1  bad input file or option value (message: file:line: subject: problem)\n"
    "  2  wrong command line (unknown or repeated option, missing value)\n"
    "  3  internal error, or a schedule failed keel's own verification\n"
    "  4  verify found conflicts besides accepted ones (fixed tasks alone over\n"
    "     capacity, single task over capacity, not leveled, a priority-1000 task\n"
    "     with its own predecessors, soft constraints); level --within-slack left\n"
    "     conflicts in the files it wrote\n"
    "  130, 143  level or solve stopped by SIGINT (Ctrl-C) or SIGTERM: the message\n"
    "     says whether the best schedule so far was verified and written (first\n"
    "     signal) or nothing was written (a second signal); never a partial set\n";

static void print_usage(FILE *out)
{
    fputs(usage_head, out);
    for (const command *c = commands; c->name; c++)
        fputs(c->summary, out);
    fputs(usage_options, out);
    fputs("solver options (level, solve, load, report, whatif, risk):\n", out);
    cli_print_options(out);
    fputs(exit_codes, out);
}

static void print_command_help(const command *c)
{
    fputs(c->help, stdout);
    if (c->solver_options) {
        fputs("\nsolver options:\n", stdout);
        cli_print_options(stdout);
    }
    fputs(exit_codes, stdout);
}

/* True when the command line asks for help anywhere after the command. */
static bool wants_help(int argc, char **argv)
{
    for (int i = 2; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            return true;
    return false;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        print_usage(stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        print_usage(stdout);
        return EXIT_OK;
    }
    if (strcmp(cmd, "--version") == 0) {
        printf("keel %s\n", KEEL_VERSION);
        return EXIT_OK;
    }
    for (const command *c = commands; c->name; c++) {
        if (strcmp(cmd, c->name) != 0)
            continue;
        if (wants_help(argc, argv)) {
            print_command_help(c);
            return EXIT_OK;
        }
        return c->run(argc, argv);
    }
    fprintf(stderr, "keel: error: unknown command '%s' (see keel --help)\n", cmd);
    return EXIT_USAGE;
}
