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

/* A project file read and parsed in one thread while another adds the files
 * before it to a builder (loading a portfolio of hundreds of files): load
 * has no shared state, so several may run at once once keel_mspdi_init has
 * run in one thread; add then does what keel_mspdi_read does after parsing,
 * in file order. */
typedef struct keel_mspdi_doc keel_mspdi_doc;

/* Prepares the XML library for parsing in several threads (call once from
 * one thread before they start; calling it again does nothing). */
void keel_mspdi_init(void);
/* Reads and parses path. On success *out is the caller's
 * (keel_mspdi_doc_free). Fails like keel_mspdi_read before the builder. */
keel_status keel_mspdi_doc_load(const char *path, keel_mspdi_doc **out, keel_error *err);
/* Adds a loaded project file (not a pool) to b. Fails like keel_mspdi_read;
 * b then holds what it held before. */
keel_status keel_mspdi_doc_add(const keel_mspdi_doc *d, keel_builder *b, keel_error *err);
void keel_mspdi_doc_free(keel_mspdi_doc *d);

#endif
