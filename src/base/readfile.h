/* SPDX-License-Identifier: GPL-3.0-or-later
 * Reads a whole file into memory for the text readers (PSPLIB, portfolio
 * file), with a size limit so that a wrong path (a device, a huge file) fails
 * cleanly instead of exhausting memory.
 */
#ifndef KEEL_READFILE_H
#define KEEL_READFILE_H

#include <stddef.h>

#include "keel.h"

/* Reads path into a malloc'd buffer with a terminating NUL (not counted in
 * *len). Fails with KEEL_ERR_IO ("path: cannot open: reason", or larger than
 * max_bytes) or KEEL_ERR_NOMEM; then *out is NULL. */
keel_status keel_file_read(const char *path, size_t max_bytes, char **out, size_t *len,
                           keel_error *err);

/* Joins dir (the directory part of base, which may have none) and rel into a
 * malloc'd path; an absolute rel is copied as is. NULL when out of memory. */
char *keel_path_relative_to(const char *base, const char *rel);

/* The file name part of path (after the last '/'). Cannot fail. */
const char *keel_path_basename(const char *path);

#endif
