/* SPDX-License-Identifier: GPL-3.0-or-later
 * Reads a whole file into memory for the readers, regular files only and with
 * a size limit checked before reading, so that a wrong path (a FIFO, a
 * device, a huge file) fails at once instead of hanging or exhausting memory.
 */
#ifndef KEEL_READFILE_H
#define KEEL_READFILE_H

#include <stddef.h>

#include "keel.h"

/* The largest MSPDI file keel reads (256 MiB). */
#define KEEL_MAX_INPUT_BYTES ((size_t)256 << 20)

/* Opens path for reading when it is a regular file of at most max_bytes
 * (never waiting on a FIFO): *fd (blocking, the caller closes it) and its
 * *size. Fails with KEEL_ERR_IO: "path: cannot open: reason", "path: is a
 * pipe (FIFO); keel reads regular files only" (folders, devices, sockets
 * alike), "path: is 300.0 MB; keel reads files up to 268.4 MB". */
keel_status keel_file_open(const char *path, size_t max_bytes, int *fd, size_t *size,
                           keel_error *err);

/* Reads path into a malloc'd buffer with a terminating NUL (not counted in
 * *len). Fails like keel_file_open, with KEEL_ERR_IO when the file changes
 * size while it is read, or KEEL_ERR_NOMEM; then *out is NULL. */
keel_status keel_file_read(const char *path, size_t max_bytes, char **out, size_t *len,
                           keel_error *err);

/* Joins dir (the directory part of base, which may have none) and rel into a
 * malloc'd path; an absolute rel is copied as is. NULL when out of memory. */
char *keel_path_relative_to(const char *base, const char *rel);

/* The file name part of path (after the last '/'). Cannot fail. */
const char *keel_path_basename(const char *path);

#endif
