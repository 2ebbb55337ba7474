/* SPDX-License-Identifier: GPL-3.0-or-later
 * keel_clear_leveling: MS Project's "Clear Leveling". Leveling only ever adds
 * delays on top of the schedule its links and constraints give; clearing
 * removes them, so every task goes back to its resource-free critical-path
 * date (a manually scheduled task to where the user put it, its
 * PreLeveledStart, see model.h) and started tasks keep their dates. The result
 * has no "before" schedule, so the writer sets LevelingDelay 0 and leaves the
 * pre-leveled dates as they are.
 */
#include <stdlib.h>
#include <string.h>

#include "analysis/cpm.h"
#include "analysis/verify.h"
#include "base/error.h"
#include "run/level.h"

/* Resource overloads stay (the dates are resource-free); anything else the
 * verifier rejects would be a bug. */
static keel_status check_cleared(const keel_portfolio *p, const keel_conflicts *c,
                                 keel_error *err)
{
    for (int i = 0; i < keel_conflicts_count(c); i++) {
        const keel_conflict *k = keel_conflicts_get(c, i);
        if (k->kind != KEEL_CONFLICT_RESOURCE && !k->accepted)
            return keel_error_set(err, KEEL_ERR_INTERNAL, NULL, 0,
                                  "cleared schedule failed verification (a bug, please "
                                  "report it): task UID %d, conflict kind %d",
                                  p->tasks[k->task >= 0 ? k->task : 0].uid, (int)k->kind);
    }
    return KEEL_OK;
}

static keel_status clear_into(const keel_portfolio *p, keel_result *r, keel_error *err)
{
    keel_cpm *cpm = NULL;
    keel_status st = keel_cpm_run(p, &cpm, err);
    if (st != KEEL_OK)
        return st;
    for (int t = 0; t < p->ntasks; t++) {
        r->after->start[t] = cpm->es[t];
        r->after->finish[t] = cpm->ef[t];
    }
    keel_schedule_roll_up(p, r->after);
    keel_totals tot = keel_result_projects(p, r, cpm);
    st = keel_verify(p, r->after, &r->conflicts, err);
    if (st == KEEL_OK)
        st = check_cleared(p, r->conflicts, err);
    r->info.makespan = tot.makespan;
    r->info.tms = (double)tot.makespan;
    r->info.solver = "clear";
    r->info.objective = "none";
    r->info.conflicts_after = keel_conflicts_count(r->conflicts);
    r->info.conflicts_after_accepted =
        r->info.conflicts_after - keel_conflicts_failures(r->conflicts);
    keel_cpm_free(cpm);
    return st;
}

keel_status keel_clear_leveling(const keel_portfolio *p, keel_result **out, keel_error *err)
{
    *out = NULL;
    if (p->research)
        return keel_error_set(err, KEEL_ERR_INVALID, NULL, 0,
                              "clear: research instances have no leveling to clear");
    keel_result *r = keel_result_alloc(p);
    if (!r)
        return keel_error_nomem(err);
    keel_schedule_free(r->before); /* no before: the writer keeps the pre-leveled dates */
    r->before = NULL;
    keel_status st = clear_into(p, r, err);
    if (st != KEEL_OK) {
        keel_result_free(r);
        return st;
    }
    *out = r;
    return KEEL_OK;
}
