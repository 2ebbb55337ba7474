/* SPDX-License-Identifier: GPL-3.0-or-later
 * Output sets (keel.h: keel_output_*): several files put into one folder as
 * one transaction. Internals shared with the writers: opening a set without
 * creating the folder (the single-file MSPDI writer), and the test seam.
 */
#ifndef KEEL_OUTPUT_H
#define KEEL_OUTPUT_H

#include "keel.h"

/* keel_output_begin, but a missing dir is an error when create is false. */
keel_status keel_output_open(const char *dir, bool create, keel_output **out,
                             keel_error *err);

/* Operations the test seam can make fail. */
typedef enum keel_output_op {
    KEEL_OUTPUT_WRITE,  /* writing a temporary file's content */
    KEEL_OUTPUT_RENAME, /* renaming a temporary into place */
} keel_output_op;

/* The test seam: an errno value to fail operation op with, 0 to run it. The
 * library's own (fault.c) always returns 0; a test program defines its own. */
int keel_output_fault(keel_output_op op);

#endif
