/* SPDX-License-Identifier: GPL-3.0-or-later
 * Forward-backward improvement (justification) of a schedule.
 */
#ifndef KEEL_FBI_H
#define KEEL_FBI_H

#include "search/objective.h"
#include "search/sgs.h"

/* Improves s in place by alternating right and left justification while the
 * makespan improves, for at most max_passes passes (each pass counts as one
 * generated schedule, as in Kolisch & Hartmann's protocol). Ends after a left
 * pass so that s is left-justified. Returns the passes used. Cannot fail. */
int keel_fbi(keel_sgs *w, keel_plan *s, int max_passes);

/* keel_fbi for objective o: makespan and TMS as keel_fbi; the delay
 * objectives (APD, weighted delay, tardiness) right-justify each project
 * against its own finish (keel_sgs_justify_projects), then left, while the
 * objective improves: no project finishes later, so the value never gets
 * worse. Returns the passes used. Cannot fail. */
int keel_fbi_objective(keel_sgs *w, keel_plan *s, keel_objective *o, int max_passes);

#endif
