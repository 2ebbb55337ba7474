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
