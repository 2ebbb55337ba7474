/* SPDX-License-Identifier: GPL-3.0-or-later
 * Civil dates on the keel timeline: minute 0 is 1984-01-01T00:00 local wall time
 * (MSPDI dates carry no time zone, so every day has 1440 minutes). Also the
 * MSPDI duration form PT<h>H<m>M<s>S. Days are counted with Howard Hinnant's
 * days_from_civil algorithm (proleptic Gregorian calendar).
 */
#ifndef KEEL_TIMEFMT_H
#define KEEL_TIMEFMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "keel.h"

/* Days since 1984-01-01 of a civil date (may be negative). Cannot fail. */
int64_t keel_days_from_civil(int64_t y, int m, int d);
/* The civil date of a day number. Cannot fail. */
void keel_civil_from_days(int64_t day, int64_t *y, int *m, int *d);
/* Weekday of a day number, 0 = Sunday. */
int keel_weekday(int64_t day);
/* Day number of a time (floor division). */
int64_t keel_day_of(keel_time t);

/* The one date range keel reads and writes: the years 1900..2200 (MS Project
 * itself stays within 1984..2149). A leveled date outside it is not written,
 * so every file keel writes reads back. */
#define KEEL_YEAR_FIRST 1900
#define KEEL_YEAR_LAST 2200
/* The longest stretch between two dates in that range, rounded up (every
 * year counted as 366 days): the largest duration, lag or leveling delay the
 * MSPDI reader accepts. A value the writer derives from two dates it may
 * write (a summary's Duration, a LevelingDelay) is never longer, so it reads
 * back; in tenths of a minute it still fits a signed 32-bit integer. */
#define KEEL_MAX_SPAN_MINUTES ((int64_t)(KEEL_YEAR_LAST - KEEL_YEAR_FIRST + 1) * 366 * 1440)
/* True when t lies in KEEL_YEAR_FIRST-01-01 .. KEEL_YEAR_LAST-12-31T23:59. */
bool keel_time_in_range(keel_time t);

/* Parses "YYYY-MM-DDTHH:MM[:SS[.fff]]" (a trailing zone designator is ignored,
 * as MSPDI dates are local), or "YYYY-MM-DD" (midnight). Seconds are dropped.
 * Returns false on any other text or an impossible date. */
bool keel_parse_datetime(const char *s, keel_time *out);
/* Parses "HH:MM[:SS]"; "24:00:00" gives 1440. Returns false otherwise. */
bool keel_parse_clock(const char *s, int32_t *minutes);
/* Formats as "YYYY-MM-DDTHH:MM:SS" into buf (>= 20 bytes). Returns buf. */
char *keel_format_datetime(keel_time t, char *buf, size_t size);

/* Parses an xsd:duration as MSPDI writes it: "PT8H0M0S", "PT-8H0M0S" (MS
 * Project's inner minus), "-PT8H", "P2DT4H" (days as 24 h), fractional seconds
 * allowed. The result is in minutes, rounded to nearest. Returns false on
 * malformed text or a magnitude above max_minutes. */
bool keel_parse_duration(const char *s, int64_t max_minutes, int64_t *minutes);
/* Formats minutes as "PT<h>H<m>M0S" (MS Project's hours form; negative
 * durations as "PT-<h>H<m>M0S"). Returns buf. */
char *keel_format_duration(int64_t minutes, char *buf, size_t size);

#endif
