/* SPDX-License-Identifier: GPL-3.0-or-later
 * Forward-backward improvement: Tormos & Lova (2001), "A competitive
 * heuristic solution technique for resource-constrained project scheduling",
 * Annals of OR 102:65-81, in the form of double justification by shifting
 * (Valls, Ballestin & Quintanilla 2005, "Justification and RCPSP: a technique
 * that pays", EJOR 165:375-386): the right pass never delays the makespan and
 * the left pass never delays any job, so the result is never worse.
 */
#include "search/fbi.h"

int keel_fbi(keel_sgs *w, keel_plan *s, int max_passes)
{
    int used = 0;
    while (used + 2 <= max_passes) {
        keel_time before = s->makespan;
        keel_sgs_justify(w, s, true);
        keel_sgs_justify(w, s, false);
        used += 2;
        if (s->makespan >= before)
            break;
    }
    return used;
}
