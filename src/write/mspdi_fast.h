/* SPDX-License-Identifier: GPL-3.0-or-later
 * The byte patcher of the MSPDI writer: the leveled document made from the
 * bytes the project was read from, without a tree. A small tokenizer walks
 * the <Project> header, each <Task> and <Assignment>; the rules of
 * mspdi_patch.c change or insert their child elements as edits of the
 * input's bytes, and every other byte is copied as it was. Internal to the
 * writer and its tests.
 */
#ifndef KEEL_MSPDI_FAST_H
#define KEEL_MSPDI_FAST_H

#include <stdbool.h>
#include <stddef.h>

#include "keel.h"
#include "write/mspdi_patch.h"

/* The leveled document of w's project (w's source is the document's bytes),
 * malloc'd into *out (NUL-terminated, *len bytes) with *done true. *done
 * false (and *out NULL, no error) for a document the byte patcher leaves to
 * the tree writer: not UTF-8, US-ASCII or ISO-8859-1; a DOCTYPE; prefixed
 * element names where it walks; markup or references inside a field the
 * rules read or set, or in the blanks around a Task's or Assignment's
 * children; anything it cannot tokenize. Fails with KEEL_ERR_NOMEM only. */
keel_status keel_mspdi_render_fast(const keel_patcher *w, char **out, size_t *len, bool *done,
                                   keel_error *err);

#endif
