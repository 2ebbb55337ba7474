/* SPDX-License-Identifier: GPL-3.0-or-later
 * MPSPLIB multi-project instances (Homberger 2007, "A multi-agent system for
 * the decentralised resource-constrained multi-project scheduling problem",
 * ITOR 14(6):565-589; www.mpsplib.com): an XML file listing PSPLIB .sm projects
 * with arrival dates, and per resource k a capacity that is either > 0 (a
 * global resource shared by all projects) or 0 (local: each project keeps its
 * own resource with the capacity of its .sm file).
 *
 * Mapping to the model: project i (1-based, in file order) is a keel_project
 * named "p<i>:<sm stem>" (e.g. "p1:j3015_5") starting at its arrival; global
 * resource k is one keel_resource "G<k>" shared by all projects; a local
 * resource k of project i is "<sm stem>#<i>:R<k>" (e.g. "j3015_5#1:R3"), so
 * names stay unique when the same .sm appears twice. Time is in periods.
 */
#ifndef KEEL_MPSPLIB_READ_H
#define KEEL_MPSPLIB_READ_H

#include <stddef.h>
#include <stdint.h>

#include "keel.h"
#include "model/builder.h"

#define KEEL_MPSPLIB_MAX_PROJECTS 10000
#define KEEL_MPSPLIB_MAX_BYTES (16u << 20)
#define KEEL_MPSPLIB_MAX_ARRIVAL 1000000000

/* What was read (filled on success; may be NULL). */
typedef struct keel_mpsplib_info {
    char name[128];    /* the <name> element, a trailing ".xml" removed */
    int first_project; /* builder index of the first project */
    int nprojects;
    int nresources;   /* resources per project (<resource> entries) */
    int nglobal;      /* of which global (capacity > 0) */
    int first_global; /* builder index of G<k> for the first global k, -1 if none */
} keel_mpsplib_info;

/* Reads an MPSPLIB XML file and the .sm files it names (relative to the XML's
 * directory) into b. Fails with KEEL_ERR_IO (the XML or a .sm cannot be read,
 * "file.xml:line: project 2: cannot open ..."), KEEL_ERR_PARSE ("file:line:
 * problem" in the XML or the .sm) or KEEL_ERR_NOMEM; then b is as before. */
keel_status keel_mpsplib_read(const char *path, keel_builder *b, keel_mpsplib_info *info,
                              keel_error *err);

/* The same for XML text in memory (for fuzzing); name is used in messages and
 * as the base for relative .sm paths. */
keel_status keel_mpsplib_parse(const char *name, const char *text, size_t len,
                               keel_builder *b, keel_mpsplib_info *info, keel_error *err);

#endif
