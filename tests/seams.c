/* SPDX-License-Identifier: GPL-3.0-or-later
 * Test seams: functions the library calls that the test program defines in
 * place of the library's own (see keel_ilp_fault in ilp/ilp.h).
 */
#include <stdbool.h>

#include "testutil.h"

int keel_test_ilp_fault;

bool keel_ilp_fault(void);

bool keel_ilp_fault(void)
{
    return keel_test_ilp_fault != 0;
}

/* The output seam (write/output.h): operation keel_test_output_fault_op fails
 * with keel_test_output_fault_errno after keel_test_output_fault_skip calls
 * of it have passed; once, then the seam disarms itself. */
#include "write/output.h"

int keel_test_output_fault_op = -1;
int keel_test_output_fault_skip;
int keel_test_output_fault_errno;

int keel_output_fault(keel_output_op op)
{
    if ((int)op != keel_test_output_fault_op)
        return 0;
    if (keel_test_output_fault_skip-- > 0)
        return 0;
    keel_test_output_fault_op = -1;
    return keel_test_output_fault_errno;
}
