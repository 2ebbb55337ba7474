/* SPDX-License-Identifier: GPL-3.0-or-later
 * Output files of the report writers (keel_output_write in keel.h): written
 * whole to a temporary file beside the target, synced and renamed into place,
 * and never over a file the portfolio was read from.
 */
#ifndef KEEL_OUTPUT_H
#define KEEL_OUTPUT_H

#include "model/model.h"
#include "report/buf.h"

/* keel_output_write for a buffer: KEEL_ERR_NOMEM when the buffer ran out of
 * memory while it was filled. */
keel_status keel_output_write_buf(const keel_portfolio *p, const char *path, const keel_buf *b,
                                  keel_error *err);

/* Joins dir and name into buf; KEEL_ERR_INVALID when it does not fit. */
keel_status keel_output_path(const char *dir, const char *name, char *buf, size_t size,
                             keel_error *err);

#endif
