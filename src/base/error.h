/* SPDX-License-Identifier: GPL-3.0-or-later
 * Errors as values: fill a keel_error with a status and a "file:line: subject:
 * problem" message. The library never prints; callers decide what to show.
 */
#ifndef KEEL_ERROR_H
#define KEEL_ERROR_H

#include "keel.h"

/* Sets err (which may be NULL) and returns status, so that callers can write
 * `return keel_error_set(err, KEEL_ERR_PARSE, file, line, "...", ...)`.
 * file may be NULL; line 0 omits the line. The message is truncated to fit. */
keel_status keel_error_set(keel_error *err, keel_status status, const char *file, int line,
                           const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Clears err to KEEL_OK with an empty message. */
void keel_error_clear(keel_error *err);

/* Out of memory: a fixed message, no allocation. */
keel_status keel_error_nomem(keel_error *err);

#endif
