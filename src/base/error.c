/* SPDX-License-Identifier: GPL-3.0-or-later
 * Error values (see error.h).
 */
#include "base/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

keel_status keel_error_set(keel_error *err, keel_status status, const char *file, int line,
                           const char *fmt, ...)
{
    if (!err)
        return status;
    err->status = status;
    err->line = line;
    size_t n = 0, cap = sizeof err->message;
    if (file && line > 0)
        n = (size_t)snprintf(err->message, cap, "%s:%d: ", file, line);
    else if (file)
        n = (size_t)snprintf(err->message, cap, "%s: ", file);
    if (n >= cap)
        n = cap - 1;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message + n, cap - n, fmt, ap);
    va_end(ap);
    return status;
}

void keel_error_clear(keel_error *err)
{
    if (!err)
        return;
    err->status = KEEL_OK;
    err->line = 0;
    err->message[0] = '\0';
}

keel_status keel_error_nomem(keel_error *err)
{
    return keel_error_set(err, KEEL_ERR_NOMEM, NULL, 0, "out of memory");
}

const char *keel_status_name(keel_status status)
{
    switch (status) {
    case KEEL_OK: return "ok";
    case KEEL_ERR_IO: return "i/o error";
    case KEEL_ERR_PARSE: return "parse error";
    case KEEL_ERR_CYCLE: return "dependency cycle";
    case KEEL_ERR_NOMEM: return "out of memory";
    case KEEL_ERR_INVALID: return "invalid argument";
    case KEEL_ERR_INTERNAL: return "internal error";
    case KEEL_ERR_CANCELLED: return "cancelled";
    }
    return "unknown status";
}
