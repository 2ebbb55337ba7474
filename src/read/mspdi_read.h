/* SPDX-License-Identifier: GPL-3.0-or-later
 * The MSPDI (Microsoft Project XML) reader: one file is one project; its
 * calendars, tasks, links, resources and assignments go into a keel_builder.
 * Resources join across files by name; a pool file is the authority on
 * capacity and calendars. Units and codes: docs/mspdi.md §1-§9.
 */
#ifndef KEEL_MSPDI_READ_H
#define KEEL_MSPDI_READ_H

#include <stdbool.h>
#include <stddef.h>

#include "keel.h"
#include "model/builder.h"

typedef struct keel_mspdi_options {
    /* A resource pool file: read only its calendars and resources, add no
     * project. Its resources become authoritative: a later file's resource with
     * the same name takes the pool's capacity and calendar and its own values
     * are ignored (with a warning when they differ). Read the pool first. */
    bool pool;
} keel_mspdi_options;

/* Reads the MSPDI file at path (path as given names the file in messages and
 * in keel_project.file) into b. opts may be NULL (a normal project file).
 * Fails with KEEL_ERR_IO (cannot open/read), KEEL_ERR_PARSE ("file:line:
 * subject: problem") or KEEL_ERR_NOMEM. On failure b holds what it held before
 * the call (the arena may have grown) and can be released or used further. */
keel_status keel_mspdi_read(const char *path, keel_builder *b, const keel_mspdi_options *opts,
                            keel_error *err);

/* The same for a document in memory; name stands for the path. */
keel_status keel_mspdi_parse(const char *name, const char *buf, size_t len, keel_builder *b,
                             const keel_mspdi_options *opts, keel_error *err);

#endif
