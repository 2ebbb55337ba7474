/* SPDX-License-Identifier: GPL-3.0-or-later
 * Helpers shared by the Check suites.
 */
#ifndef KEEL_TESTUTIL_H
#define KEEL_TESTUTIL_H

#include <stdio.h>
#include <stdlib.h>

/* The ILP test seam (tests/seams.c): non-zero makes every GLPK solve of the
 * process fail inside GLPK (set it before a run, not during one). */
extern int keel_test_ilp_fault;

/* The output seam (tests/seams.c): operation op (keel_output_op) fails with
 * errno e after `skip` calls of it have passed, once. */
extern int keel_test_output_fault_op, keel_test_output_fault_skip,
    keel_test_output_fault_errno;
static inline void test_output_fault(int op, int skip, int e)
{
    keel_test_output_fault_op = op;
    keel_test_output_fault_skip = skip;
    keel_test_output_fault_errno = e;
}

/* Directory for files a test writes (set by `make test`), else /tmp. */
static inline const char *test_tmpdir(void)
{
    const char *d = getenv("KEEL_TMP");
    return d && *d ? d : "/tmp";
}

/* Writes text to <tmpdir>/<name> and returns the path in buf. */
static inline const char *test_write_file(const char *name, const char *text, char *buf,
                                          size_t size)
{
    snprintf(buf, size, "%s/%s", test_tmpdir(), name);
    FILE *f = fopen(buf, "wb");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
    return buf;
}

#endif
