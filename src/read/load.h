/* SPDX-License-Identifier: GPL-3.0-or-later
 * Reading a portfolio's files into a builder: the reader for each file is
 * chosen by its content; the pool file is read first so that it decides shared
 * resources; the portfolio file's settings and links come last.
 */
#ifndef KEEL_LOAD_H
#define KEEL_LOAD_H

#include "model/builder.h"

typedef enum keel_file_kind {
    KEEL_FILE_MSPDI,
    KEEL_FILE_PSPLIB,
    KEEL_FILE_MPSPLIB,
} keel_file_kind;

/* Guesses the kind from the first bytes of path (MSPDI when unsure, so that
 * its reader reports what is wrong). Cannot fail. */
keel_file_kind keel_file_sniff(const char *path);

/* Runs job(ctx, w, i) for i in [0, n) on up to `threads` threads and returns
 * the failure of the lowest i (the driver's keel_driver_each, handed down so
 * that threads stay in the driver). */
typedef keel_status (*keel_load_job)(void *ctx, int worker, int64_t i, keel_error *err);
typedef keel_status (*keel_load_each)(int64_t n, int threads, keel_load_job job, void *ctx,
                                      keel_error *err);

/* Reads files (and opts' pool and portfolio files) into b. A research
 * instance must be the only file. With each and threads > 1, project
 * files are read and parsed ahead in other threads while the ones before
 * them go into b in order: the result and the first failure reported are
 * those of reading them one by one. Fails like the readers. */
keel_status keel_load_into(keel_builder *b, const char *const *files, int nfiles,
                           const keel_load_options *opts, keel_load_each each, int threads,
                           keel_error *err);

#endif
