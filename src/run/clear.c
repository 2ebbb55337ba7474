/* SPDX-License-Identifier: GPL-3.0-or-later
 * keel_clear_leveling: MS Project's "Clear Leveling". Leveling only ever adds
 * delays on top of the schedule its links and constraints give; clearing
 * removes them, so every task goes back to its resource-free critical-path
 * date (a manually scheduled task to where the user put it, its
 * PreLeveledStart, see model.h) and started tasks keep their dates. The files
 * are written by the writer of keel_result_write_mspdi: LevelingDelay 0, the
 * pre-leveled dates left as they are, every other element kept.
 */
#include "analysis/cpm.h"
#include "analysis/verify.h"
#include "base/error.h"
#include "run/level.h"

/* The cleared schedule must pass the verifier like any schedule keel emits
 * (only accepted conflicts: it is resource-free, so overloads remain). */
static keel_status check_cleared(const keel_portfolio *p, const keel_schedule *s,
                                 keel_error *err)
{
    keel_conflicts *c = NULL;
    keel_status st = keel_verify(p, s, &c, err);
    if (st != KEEL_OK)
        return st;
    for (int i = 0; i < keel_conflicts_count(c) && st == KEEL_OK; i++) {
        const keel_conflict *k = keel_conflicts_get(c, i);
        if (k->kind != KEEL_CONFLICT_RESOURCE && !k->accepted)
            st = keel_error_set(err, KEEL_ERR_INTERNAL, NULL, 0,
                                "cleared schedule failed verification (a bug, please "
                                "report it): task UID %d, kind %d",
                                p->tasks[k->task >= 0 ? k->task : 0].uid, (int)k->kind);
    }
    keel_conflicts_free(c);
    return st;
}

keel_status keel_clear_leveling(const keel_portfolio *p, const char *dir, keel_error *err)
{
    if (!p || !dir || !*dir)
        return keel_error_set(err, KEEL_ERR_INVALID, NULL, 0, "clear: no portfolio or folder");
    keel_cpm *cpm = NULL;
    keel_schedule *s = keel_schedule_new(p->ntasks);
    if (!s)
        return keel_error_nomem(err);
    keel_status st = keel_cpm_run(p, &cpm, err);
    if (st == KEEL_OK) {
        for (int t = 0; t < p->ntasks; t++) {
            s->start[t] = cpm->es[t];
            s->finish[t] = cpm->ef[t];
        }
        keel_schedule_roll_up(p, s);
        st = check_cleared(p, s, err);
    }
    if (st == KEEL_OK)
        st = keel_write_schedule(p, s, NULL, dir, err);
    keel_cpm_free(cpm);
    keel_schedule_free(s);
    return st;
}
