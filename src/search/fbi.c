/* SPDX-License-Identifier: GPL-3.0-or-later
 * Forward-backward improvement: Tormos & Lova (2001), "A competitive
 * heuristic solution technique for resource-constrained project scheduling",
 * Annals of OR 102:65-81, in the form of double justification by shifting
 * (Valls, Ballestin & Quintanilla 2005, "Justification and RCPSP: a technique
 * that pays", EJOR 165:375-386): the right pass never delays the makespan and
 * the left pass never delays any job, so the result is never worse. For
 * delay objectives the right pass keeps each project within its own finish
 * (against the makespan it would move every short project to the end of the
 * portfolio and the left pass would not bring it back in order).
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

int keel_fbi_objective(keel_sgs *w, keel_plan *s, keel_objective *o, int max_passes)
{
    if (keel_objective_by_finish(o->kind))
        return keel_fbi(w, s, max_passes);
    int used = 0;
    double v = keel_objective_value(o, s);
    while (used + 2 <= max_passes) {
        keel_time m = s->makespan;
        keel_sgs_justify_projects(w, s);
        keel_sgs_justify(w, s, false);
        used += 2;
        double after = keel_objective_value(o, s);
        if (keel_objective_compare(after, s->makespan, v, m) >= 0)
            break;
        v = after;
    }
    return used;
}
