/* SPDX-License-Identifier: GPL-3.0-or-later
 * Resource utilisation of a schedule: per work resource, the work booked on it
 * over the work it could give in a span of time (its capacity over its
 * working time). A PMO's "most loaded resource" is the one with the highest
 * share: the bottleneck to hire for. Booked work counts each assignment's
 * units over its task's working time inside the span.
 */
#ifndef KEEL_UTILISATION_H
#define KEEL_UTILISATION_H

#include "analysis/schedule.h"
#include "model/model.h"

/* Fills share[r] (for every resource r of p) with booked / available work of
 * resource r over [from, to): 0 for resources that are not work resources or
 * have no capacity there. Available work counts in the resource's working
 * time (analysis/worktime.h). Fails with KEEL_ERR_NOMEM. */
keel_status keel_utilisation(const keel_portfolio *p, const keel_schedule *s,
                             keel_time from, keel_time to, double *share,
                             keel_error *err);

/* The work resource with the highest share (ties: the lower index), or -1
 * when none has capacity. Cannot fail. */
int keel_utilisation_top(const keel_portfolio *p, const double *share);

#endif
