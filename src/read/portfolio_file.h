/* SPDX-License-Identifier: GPL-3.0-or-later
 * The portfolio file: per-project settings and cross-project links in a small
 * INI-like text format that a person can write by hand. Parsing gives a plain
 * keel_portfolio_file; applying it to a builder (after the projects were read)
 * sets project priority, weight, release and deadline and adds the links.
 *
 * Format (UTF-8 or ASCII text, one statement per line):
 *
 *   # keel portfolio
 *   [project erp]              # NAME: used in links; no spaces, no brackets
 *   file = plans/erp.xml       # relative to this file's directory
 *   priority = 800             # 0..1000 (sets the weight; 1000 does not pin the tasks)
 *   weight = 3                 # objective weight >= 0 (default 2^((priority-500)/100))
 *   release = 2025-01-06       # not before: YYYY-MM-DD or YYYY-MM-DDTHH:MM
 *   deadline = 2025-06-30T17:00
 *
 *   uncertainty = -10% +40%    # triangular spread of every task's duration
 *
 *   [project web]              # no file: matches the loaded project whose
 *                              # name is "web" or "web.<ext>" (e.g. web.xml)
 *   [resource Tester]          # a loaded resource (trimmed, any case)
 *   capacity = +1 from 2025-03-03            # one more unit from that day on
 *   capacity = 0 from 2025-07-07 to 2025-07-18   # away; "to" a date: its end
 *   [uncertainty]              # spreads by task name (keel risk)
 *   Test* = -20% +100%         # tasks of any project named Test...
 *   erp:*migration* = 0% +150% # tasks of erp whose name contains "migration"
 *   [links]
 *   erp:12 -> web:3            # finish-to-start, no lag
 *   erp:12 -> web:5 SS +2d     # predecessor UID 12 of erp, successor UID 5 of web
 *   erp:14 -> web:9 FF -4h
 *   web:9 -> erp:20 FS 3ed     # elapsed days
 *   web:9 -> erp:21 SF 50%     # percent of the predecessor's duration
 *
 * - Blank lines are ignored. A comment starts with '#' or ';' at the start of a
 *   line, or with '#' after a space or tab, and runs to the end of the line.
 * - Section headers: "[project NAME]" (once per name), "[resource NAME]"
 *   (once per resource), "[links]" and "[uncertainty]" (each any number of
 *   times). "key = value" lines belong to the section above them: a [project]
 *   takes file, priority, weight, release, deadline, uncertainty, each at most
 *   once; a [resource] takes capacity lines (ini_line.h: units or a
 *   percentage, signed to add, with an optional range), applied in order to
 *   the capacity the files give. Unknown keys and sections are errors, so that
 *   a typo is not ignored.
 * - Uncertainty (used by keel risk; leveling ignores it): "LOW% HIGH%", the
 *   optimistic and pessimistic duration as a change of the planned one, which
 *   is the most likely (a triangular distribution): LOW in -100..0, HIGH in
 *   0..10000, at most one decimal ("-12.5%"). The key in a [project] section
 *   applies to every task of that project; a line "PATTERN = LOW% HIGH%" under
 *   [uncertainty] to every task whose name matches PATTERN ('*' any text, '?'
 *   one character, letters in any case), in every project, or in one project
 *   with "PROJECT:PATTERN" (PROJECT a [project] section, or '*' for any). The
 *   first matching line wins over the project's key; MS Project's three-point
 *   estimates in a file (Duration1-3) win over both.
 * - Dates are local wall-clock time like MSPDI dates. A release given as a date
 *   starts at 00:00 of that day; a deadline given as a date is the end of that
 *   day (24:00). For research instances (PSPLIB/MPSPLIB, time in periods)
 *   release and deadline are plain period numbers ("release = 12").
 *   A release replaces the project start: the project's tasks may not start
 *   before it.
 * - Links: "PROJECT:UID -> PROJECT:UID [TYPE] [LAG]". A project is named by its
 *   [project] section; every project a link names needs one (it may be empty).
 *   Names may contain ':' (the UID follows the last one). TYPE is FS (default),
 *   SS, FF or SF. LAG is a signed number (decimals allowed, e.g. 1.5d) and a
 *   unit: m, h, d, w, mo (minutes, hours, working days, weeks and months of
 *   the successor project: its minutes per day and per week, days per month),
 *   em, eh, ed, ew, emo (elapsed: 1, 60, 1440, 10080, 43200 minutes), or % (of
 *   the predecessor's duration, in working time). Negative lags are leads. On
 *   research instances one minute is one period ("3m" = 3 periods).
 * - A project section matches a loaded project by its file (the same resolved
 *   path, else the same base name), or without a file by its name (with or
 *   without extension); it must match exactly one loaded project.
 *
 * Errors name the file and line: "portfolio.txt:7: link: unknown project 'foo'".
 */
#ifndef KEEL_PORTFOLIO_FILE_H
#define KEEL_PORTFOLIO_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "keel.h"
#include "model/builder.h"
#include "read/ini_line.h"

#define KEEL_PFILE_MAX_BYTES (16u << 20)

typedef struct keel_pfile_project {
    char *name;
    char *file;           /* resolved against the portfolio file's directory,
                             NULL when absent */
    int priority;         /* 0..1000, -1 when unset */
    double weight;        /* >= 0, NAN when unset */
    keel_time release;    /* KEEL_TIME_NONE when unset; minutes since the keel
                             epoch, or periods when release_periods */
    bool release_periods; /* given as a plain number (research instances) */
    keel_time deadline;   /* as release; a date-only deadline is 24:00 that day */
    bool deadline_periods;
    int line; /* line of the [project] header */
    int release_line, deadline_line;
    bool spread;              /* uncertainty given */
    int32_t spread_lo, spread_hi; /* tenths of a percent, lo <= 0 <= hi */
} keel_pfile_project;

/* A line of an [uncertainty] section. */
typedef struct keel_pfile_rule {
    int project;          /* index into projects, -1 for every project */
    char *pattern;        /* over task names: '*' and '?', case-insensitive */
    int32_t lo, hi;       /* tenths of a percent, lo <= 0 <= hi */
    int line;
} keel_pfile_rule;

typedef struct keel_pfile_link {
    int pred_project, succ_project; /* indices into projects */
    int32_t pred_uid, succ_uid;
    keel_link_type type;
    int64_t lag_milli; /* the lag number times 1000, signed (2.5d: 2500) */
    keel_ini_unit unit;
    bool elapsed; /* em/eh/ed/ew/emo */
    int line;
} keel_pfile_link;

/* A [resource NAME] section: changes of its capacity, in order. */
typedef struct keel_pfile_resource {
    char *name;
    int line;
    int ncapacity;
    keel_ini_capacity *capacity;
    int *capacity_line;
} keel_pfile_resource;

typedef struct keel_portfolio_file {
    char *path; /* the name given to parse, used in messages */
    int nprojects;
    keel_pfile_project *projects;
    int nlinks;
    keel_pfile_link *links;
    int nresources;
    keel_pfile_resource *resources;
    int nrules;
    keel_pfile_rule *rules;
} keel_portfolio_file;

/* Parses text[0..len); name is used in messages and as the base of relative
 * file paths. On success *out is the caller's (keel_portfolio_file_free).
 * Fails with KEEL_ERR_PARSE ("name:line: problem") or KEEL_ERR_NOMEM; then
 * *out is NULL. */
keel_status keel_portfolio_file_parse(const char *name, const char *text, size_t len,
                                      keel_portfolio_file **out, keel_error *err);
/* Reads and parses a file (KEEL_ERR_IO when it cannot be read). */
keel_status keel_portfolio_file_read(const char *path, keel_portfolio_file **out,
                                     keel_error *err);
void keel_portfolio_file_free(keel_portfolio_file *pf);

/* The index of the project section called name, or -1. Cannot fail. */
int keel_portfolio_file_find(const keel_portfolio_file *pf, const char *name);

/* True when name matches pattern ('*' any text, '?' one character, ASCII
 * letters in any case). Cannot fail. */
bool keel_pattern_match(const char *pattern, const char *name);

/* Applies pf to the projects already in b: settings (and the section name as
 * the project's alias, which scenario files may use), uncertainty (on leaf
 * tasks), then the links (lags
 * converted to minutes with the successor project's minutes per day/week and
 * days per month; percent lags resolved against the predecessor's duration).
 * Resource sections change the capacity of the loaded resource of that name.
 * Fails with KEEL_ERR_PARSE naming the portfolio file's line (no loaded
 * project matches a section, no work resource has a section's name, a UID does
 * not exist in its project, a date where periods are expected or the reverse,
 * a lag too large, a capacity below zero) or KEEL_ERR_NOMEM; then b is
 * unchanged. */
keel_status keel_portfolio_file_apply(const keel_portfolio_file *pf, keel_builder *b,
                                      keel_error *err);

#endif
