/* SPDX-License-Identifier: GPL-3.0-or-later
 * keel command line: a thin client of keel.h. Each command lives in its own
 * file (cmd_*.c); this file dispatches and prints help.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
    "usage: keel COMMAND [FILE...] [OPTIONS]\n"
    "\n"
    "Levels and schedules a portfolio of projects that share one pool of\n"
    "resources. FILE is an MS Project XML (MSPDI) file (one project each), a\n"
    "PSPLIB .sm file or an MPSPLIB .xml file.\n"
    "\n"
    "commands:\n"
    "  cpm FILE...      critical path: per project start, CPM finish, critical\n"
    "                   path length and critical tasks (ignores resource limits)\n"
    "  verify FILE...   check the dates as they stand in the files: resource\n"
    "                   overallocations, broken links, calendar and constraint\n"
    "                   conflicts\n"
    "  level FILE... -o DIR\n"
    "                   level the portfolio: a conflict-free schedule, one leveled\n"
    "                   MSPDI file per input project written into DIR\n"
    "  clear FILE... -o DIR\n"
    "                   clear leveling (as MS Project does): no leveling delays,\n"
    "                   every task back at its critical-path dates, written into DIR\n"
    "  solve INSTANCE   level a PSPLIB .sm or MPSPLIB .xml instance; prints makespan,\n"
    "                   lower bound, schedules and seconds (MPSPLIB: TMS and APD)\n"
    "  load FILE...     resource load against capacity per day, week or month,\n"
    "                   before and after leveling (--by day|week|month, --csv,\n"
    "                   -o FILE.csv, --level to level first)\n"
    "  report FILE... -o FILE.html\n"
    "                   one HTML report: summary, why projects slip, Gantt charts,\n"
    "                   resource histograms (--csv DIR for CSV exports, --level to\n"
    "                   level first; else the dates in the files)\n"
    "  whatif FILE... --scenarios S.txt [--sweep R=+A..+B] [-o DIR] [--csv]\n"
    "                   level the portfolio under what-if scenarios (a hire, a leave,\n"
    "                   a project removed or postponed, new priorities) and compare\n"
    "                   them side by side; --shard K/N runs a share (JSON) and\n"
    "                   whatif --merge SHARD.json... joins the shares\n"
    "  health FILE...   the DCMA 14-point schedule assessment of each project and the\n"
    "                   portfolio (--status-date DATE, --csv checks|tasks, --all)\n"
    "  risk FILE...     Monte Carlo schedule risk of the leveled plan: finish\n"
    "                   percentiles, chance of meeting each deadline, criticality,\n"
    "                   drivers (--iterations N, --percentiles 50,80,95,\n"
    "                   --plan level|input, --no-file-estimates, --drivers N,\n"
    "                   --csv projects|tasks|drivers|finishes)\n"
    "  help             this text\n"
    "\n"
    "options:\n"
    "  --pool FILE       MSPDI file whose resources decide capacity and calendars\n"
    "  --portfolio FILE  portfolio file: project files, priorities, weights,\n"
    "                    release dates, deadlines, cross-project links\n"
    "  --json            machine-readable output on stdout\n"
    "  --version         print the version\n"
    "  -o DIR            (level, clear) directory for the written MSPDI files;\n"
    "                    (whatif) one folder per scenario in it\n"
    "  --report FILE     (level) also write the HTML report\n"
    "\n"
    "solver options (level, solve, whatif):\n";

static const char usage_tail[] =
    "\n"
    "exit codes:\n"
    "  0  success (verify: no conflicts)\n"
    "  1  bad input file or option value (message: file:line: subject: problem)\n"
    "  2  wrong command line\n"
    "  3  internal error, or a schedule failed keel's own verification\n"
    "  4  verify found conflicts (besides accepted ones: on fixed or priority-1000\n"
    "     tasks, resources not leveled, demands above capacity, soft constraints)\n"
    "  130, 143  level or solve stopped by SIGINT (Ctrl-C) or SIGTERM: the message\n"
    "     says whether the best schedule so far was verified and written (first\n"
    "     signal) or nothing was written (a second signal); never a partial set\n";

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage, stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        fputs(usage, stdout);
        cli_print_options(stdout);
        fputs(usage_tail, stdout);
        return EXIT_OK;
    }
    if (strcmp(cmd, "--version") == 0) {
        printf("keel %s\n", KEEL_VERSION);
        return EXIT_OK;
    }
    if (strcmp(cmd, "cpm") == 0)
        return cmd_cpm(argc, argv);
    if (strcmp(cmd, "verify") == 0)
        return cmd_verify(argc, argv);
    if (strcmp(cmd, "level") == 0)
        return cmd_level(argc, argv);
    if (strcmp(cmd, "solve") == 0)
        return cmd_solve(argc, argv);
    if (strcmp(cmd, "load") == 0)
        return cmd_load(argc, argv);
    if (strcmp(cmd, "report") == 0)
        return cmd_report(argc, argv);
    if (strcmp(cmd, "whatif") == 0)
        return cmd_whatif(argc, argv);
    if (strcmp(cmd, "clear") == 0)
        return cmd_clear(argc, argv);
    if (strcmp(cmd, "health") == 0)
        return cmd_health(argc, argv);
    if (strcmp(cmd, "risk") == 0)
        return cmd_risk(argc, argv);
    fprintf(stderr, "keel: error: unknown command '%s' (see keel --help)\n", cmd);
    return EXIT_USAGE;
}
