/* SPDX-License-Identifier: GPL-3.0-or-later
 * Pieces shared by keel's hand-written INI-like text files (the portfolio
 * file, the scenario file): the line loop, comments, trimming, unsigned
 * numbers, dates or period numbers, and amounts of time with a unit ("2d",
 * "-4h", "3ed", "50%"). Both files follow one lexical grammar, so a user who
 * knows one can write the other.
 */
#ifndef KEEL_INI_LINE_H
#define KEEL_INI_LINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "keel.h"
#include "model/model.h"

/* Calls line_fn on every line of text[0..len) (a private NUL-terminated copy,
 * comment cut off, trimmed; blank lines skipped) with its 1-based number;
 * stops at the first status that is not KEEL_OK and returns it. A line with a
 * NUL byte fails with KEEL_ERR_PARSE "name:line: ...". */
keel_status keel_ini_each_line(const char *name, const char *text, size_t len,
                               keel_status (*line_fn)(void *ctx, char *line, int lineno),
                               void *ctx, keel_error *err);

/* Cuts spaces, tabs and a trailing CR off both ends (in place). */
char *keel_ini_trim(char *s);
/* Digits only, at most max. */
bool keel_ini_parse_uint(const char *s, int64_t max, int64_t *v);

/* A date "YYYY-MM-DD" / "YYYY-MM-DDTHH:MM" (local wall time) or, for research
 * instances, a plain period number. A date alone means 00:00 of that day, or
 * its end (24:00) when end_of_day. Returns false on anything else. */
bool keel_ini_parse_when(const char *s, bool end_of_day, keel_time *t, bool *periods);

typedef enum keel_ini_unit {
    KEEL_INI_MINUTES,
    KEEL_INI_HOURS,
    KEEL_INI_DAYS,
    KEEL_INI_WEEKS,
    KEEL_INI_MONTHS,
    KEEL_INI_PERCENT,
} keel_ini_unit;

/* An amount of time: [+-]digits[.up to 3 digits] and a unit: m h d w mo
 * (working), em eh ed ew emo (elapsed), % (of a duration), e.g. "+1.5d". */
typedef struct keel_ini_amount {
    int64_t milli;       /* the number times 1000, signed */
    keel_ini_unit unit;
    bool elapsed;
} keel_ini_amount;

/* Parses an amount; |number| at most 10^9. Returns false otherwise. */
bool keel_ini_parse_amount(const char *s, keel_ini_amount *a);

/* The amount in minutes: working units with the project's minutes per day,
 * per week and days per month (480, 2400, 20 when unset), elapsed units as
 * 1, 60, 1440, 10080, 43200 minutes, percent of `duration`. False when the
 * result overflows. */
bool keel_ini_amount_minutes(const keel_ini_amount *a, const keel_project *project,
                             int64_t duration, int64_t *out);

/* A change of capacity: "VALUE [from WHEN] [to WHEN]". VALUE is a number of
 * units (1 = one full-time unit) or a percentage; with a sign it is added to
 * the capacity over the range, without one it replaces it (and may not be
 * negative). A date alone in "to" means the end of that day; "to" is
 * exclusive. */
typedef struct keel_ini_capacity {
    bool relative;
    int32_t units;               /* KEEL_UNITS_ONE = one unit */
    keel_time from, to;          /* KEEL_TIME_NONE: open on that side */
    bool from_periods, to_periods; /* written as period numbers */
} keel_ini_capacity;

/* Parses "+1", "-0.5", "2", "150%", "+50%" into units and whether it was
 * signed. False when malformed, finer than 0.001 units or above 10^6 units. */
bool keel_ini_parse_units(const char *s, int32_t *units, bool *relative);

/* Parses v (modified in place). Returns NULL on success, else a message
 * (which may contain one %s for *token, the offending word). */
const char *keel_ini_parse_capacity(char *v, keel_ini_capacity *c, const char **token);

#endif
