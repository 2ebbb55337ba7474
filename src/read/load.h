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

/* Reads files (and opts' pool and portfolio files) into b. A research
 * instance must be the only file. Fails like the readers. */
keel_status keel_load_into(keel_builder *b, const char *const *files, int nfiles,
                           const keel_load_options *opts, keel_error *err);

#endif
