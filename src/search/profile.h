/* SPDX-License-Identifier: GPL-3.0-or-later
 * Resource profile: the capacity still free on every leveled resource over
 * time, with capacity that varies in time (availability steps).
 *
 * A job occupies its resources over its whole elapsed interval [start, finish),
 * including non-working time inside it. This is exact when jobs and resources
 * share one calendar and conservative otherwise, and it keeps the profile
 * independent of working hours: one subtraction per step, no calendar calls.
 *
 * Two representations behind one interface, chosen per problem:
 * - time-indexed (continuous calendars, horizon * resources small): free[r][t]
 *   per period, the fastest for research instances;
 * - breakpoints: per resource a sorted step function whose size depends on the
 *   number of placed jobs only, never on the horizon (MSPDI: minutes over years).
 * A profile belongs to one worker; it is allocated once and reset per schedule.
 */
#ifndef KEEL_PROFILE_H
#define KEEL_PROFILE_H

#include "search/problem.h"

typedef struct keel_profile keel_profile;

/* force: 0 chooses, 1 forces time-indexed (continuous problems only), 2 forces
 * breakpoints. Fails with KEEL_ERR_NOMEM (or KEEL_ERR_INVALID for a forced
 * time-indexed profile on a calendar problem); *out is NULL then. */
keel_status keel_profile_new(const keel_problem *P, int force, keel_profile **out,
                             keel_error *err);
void keel_profile_free(keel_profile *pf);
/* True when the profile is time-indexed. */
bool keel_profile_indexed(const keel_profile *pf);

/* Back to full capacity, nothing placed. Cannot fail. */
void keel_profile_reset(keel_profile *pf);
/* Consumes (sign +1) or gives back (sign -1) job j's demands over [s, f).
 * Overload is allowed (fixed and pinned jobs); free capacity goes negative. */
void keel_profile_place(keel_profile *pf, int j, keel_time s, keel_time f, int sign);
/* Earliest start s >= t (snapped to j's calendar) such that j fits over
 * [s, finish(s)), where "fits" never asks for units a resource does not have
 * again from a time on (a capacity that drops for good: the demand overloads
 * it alone there, which the verifier accepts). Always exists. */
keel_time keel_profile_earliest(keel_profile *pf, int j, keel_time t);
/* keel_profile_earliest that also gives the finish there. */
keel_time keel_profile_earliest_finish(keel_profile *pf, int j, keel_time t, keel_time *finish);
/* Latest finish f in [lo, hi] (snapped back) such that j fits over
 * [start(f), f); KEEL_TIME_NONE when there is none. */
keel_time keel_profile_latest(keel_profile *pf, int j, keel_time lo, keel_time hi);
/* True when j fits over [s, f). */
bool keel_profile_fits(keel_profile *pf, int j, keel_time s, keel_time f);
/* True when `units` of leveled resource r are free throughout [s, f) (but
 * where the resource never has that many again, as in keel_profile_earliest). */
bool keel_profile_fits_units(const keel_profile *pf, int r, int32_t units, keel_time s,
                             keel_time f);
/* Free units of leveled resource r at time t (tests, reports). */
int32_t keel_profile_free_at(const keel_profile *pf, int r, keel_time t);
/* The first moment in [b, e) at which leveled resource r has fewer than
 * `units` free, or KEEL_TIME_NONE when there is none; *until receives the end
 * of that shortage (the first later moment with `units` free, INT64_MAX when
 * it never comes). Used to explain delays (explain.h). Cannot fail. */
keel_time keel_profile_shortage(const keel_profile *pf, int r, int32_t units, keel_time b,
                                keel_time e, keel_time *until);

#endif
