/* SPDX-License-Identifier: GPL-3.0-or-later
 * The tasks a priority-1000 task depends on through links. Such a task starts
 * as soon as its links allow, so its predecessors (and theirs) drag it along
 * when they are delayed; where links let them overlap it (start-to-start,
 * finish-to-finish, leads), leveling cannot move them around it. The verifier
 * accepts an overload that the fixed tasks exceed together with the movable
 * tasks some priority-1000 task in it depends on (verify_load.c). The walk
 * stops at started tasks: they keep their dates whatever comes before them.
 */
#include "analysis/verify.h"

void keel_verify_mark_tied(const keel_portfolio *p, int t, int *mark, int stamp, int *stack)
{
    int n = 0;
    stack[n++] = t;
    while (n > 0) {
        int x = stack[--n];
        for (int k = p->pred_start[x]; k < p->pred_start[x + 1]; k++) {
            int i = p->links[p->pred_link[k]].pred;
            if (mark[i] == stamp || p->tasks[i].fixed)
                continue;
            mark[i] = stamp;
            stack[n++] = i;
        }
    }
}
