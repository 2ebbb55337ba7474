/* SPDX-License-Identifier: GPL-3.0-or-later
 * The library's side of the test seam of ilp.h: GLPK runs as asked. This
 * function is alone in its file so that a test program that defines its own
 * keel_ilp_fault links that one instead (an archive member is only pulled in
 * for a symbol nobody defined yet).
 */
#include "ilp/ilp.h"

bool keel_ilp_fault(void)
{
    return false;
}
