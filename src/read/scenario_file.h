/* SPDX-License-Identifier: GPL-3.0-or-later
 * The scenario file of `keel whatif`: named what-if scenarios, each the base
 * portfolio plus a few changes, in the INI-like style of the portfolio file
 * (docs/scenarios.md). Parsing gives plain, unresolved changes (names as
 * written); the run layer resolves them against a loaded portfolio.
 *
 * Format (UTF-8 or ASCII text, one statement per line):
 *
 *   # keel scenarios
 *   [scenario hire-tester]           # NAME: letters, digits, . _ + -; not "base"
 *   capacity Tester = +1 from 2026-03-02              # one more unit from that day
 *   capacity Tester = +0.5 from 2026-06-01 to 2026-08-31   # a contractor
 *   capacity Ivo Petrov = 0 from 2026-07-06 to 2026-07-17  # leave: set to zero
 *   capacity Anna Berg = 150%                         # the whole horizon
 *
 *   [scenario cancel-web]
 *   remove = web                     # a project: section name, file name, or
 *                                    # file name without extension
 *   [scenario later-erp]
 *   postpone erp = 10d               # by working time (m h d w mo; elapsed em
 *                                    # eh ed ew emo) of the project's calendar
 *   postpone office = 2026-03-02     # or to a date (its new release)
 *   priority erp = 900               # 0..1000
 *   weight erp = 2.5                 # >= 0
 *   deadline web = 2026-06-30        # a date alone: the end of that day; "none"
 *   add = new-crm.xml                # a project file, relative to this file
 *
 * - Blank lines and comments as in the portfolio file ('#' or ';' first on a
 *   line, or '#' after a blank).
 * - Statements are "KEYWORD [TARGET] = VALUE"; TARGET runs from the keyword to
 *   the first '=' (so a resource or project name may contain spaces but not
 *   '='). Every statement belongs to the [scenario] above it; a scenario with
 *   no statements is the base again (it shows the search's noise).
 * - capacity: VALUE is a number of units (1 = one full-time unit) or a
 *   percentage; with a sign it changes the capacity at every moment of the
 *   range, without one it sets it. "from WHEN" (default: the beginning of
 *   time) and "to WHEN" (default: for ever) bound the range; a date alone in
 *   "to" means the end of that day. An absolute value below zero is an error.
 *   Changes apply in file order.
 * - Research instances count time in periods: dates are period numbers and
 *   "to" is exclusive.
 *
 * Errors name the file and line: "s.txt:7: capacity: '-1' is negative".
 */
#ifndef KEEL_SCENARIO_FILE_H
#define KEEL_SCENARIO_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "keel.h"
#include "read/ini_line.h"

#define KEEL_SFILE_MAX_BYTES (16u << 20)
#define KEEL_SCENARIO_NAME_MAX 64

typedef enum keel_change_kind {
    KEEL_CHANGE_CAPACITY,
    KEEL_CHANGE_REMOVE,
    KEEL_CHANGE_POSTPONE,
    KEEL_CHANGE_PRIORITY,
    KEEL_CHANGE_WEIGHT,
    KEEL_CHANGE_DEADLINE,
    KEEL_CHANGE_ADD,
} keel_change_kind;

/* A moment as written: a date (minutes) or a period number; NONE when absent. */
typedef struct keel_when {
    keel_time t;          /* KEEL_TIME_NONE when absent */
    bool periods;         /* written as a plain number */
} keel_when;

typedef struct keel_change {
    keel_change_kind kind;
    int line;
    char *target;         /* resource (CAPACITY) or project name; ADD: the file,
                             resolved against the scenario file's directory */
    char *text;           /* the statement as written, without its comment */
    keel_ini_capacity capacity; /* CAPACITY */
    /* POSTPONE: by an amount, or to a date */
    bool to_date;
    keel_ini_amount amount;
    keel_when date;       /* POSTPONE to a date; DEADLINE (t NONE: remove it) */
    int priority;
    double weight;
} keel_change;

typedef struct keel_scenario_def {
    char *name;
    int line;             /* of its [scenario] header */
    int nchanges;
    keel_change *changes;
} keel_scenario_def;

typedef struct keel_scenario_file {
    char *path;           /* the name given to parse, used in messages */
    int nscenarios;
    keel_scenario_def *scenarios;
} keel_scenario_file;

/* Parses text[0..len); name is used in messages and as the base of relative
 * file paths. On success *out is the caller's (keel_scenario_file_free).
 * Fails with KEEL_ERR_PARSE ("name:line: problem") or KEEL_ERR_NOMEM; then
 * *out is NULL. */
keel_status keel_scenario_file_parse(const char *name, const char *text, size_t len,
                                     keel_scenario_file **out, keel_error *err);
/* Reads and parses a file (KEEL_ERR_IO when it cannot be read). */
keel_status keel_scenario_file_read(const char *path, keel_scenario_file **out,
                                    keel_error *err);
void keel_scenario_file_free(keel_scenario_file *sf);

/* True when s is a valid scenario name (also used for generated ones). */
bool keel_scenario_name_valid(const char *s);

#endif
