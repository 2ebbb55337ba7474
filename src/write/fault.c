/* SPDX-License-Identifier: GPL-3.0-or-later
 * The library's side of the output test seam (output.h): every operation runs
 * as asked. Alone in its file so that a test program that defines its own
 * keel_output_fault links that one instead (an archive member is only pulled
 * in for a symbol nobody defined yet).
 */
#include "write/output.h"

int keel_output_fault(keel_output_op op)
{
    (void)op;
    return 0;
}
