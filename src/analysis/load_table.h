/* SPDX-License-Identifier: GPL-3.0-or-later
 * Periods of the resource load table (keel_load_table in keel.h), shared with
 * the report's chart axes: civil days, ISO weeks (from Monday) and months on
 * the keel timeline, or blocks of 1, 7 and 30 periods for research instances.
 */
#ifndef KEEL_LOAD_TABLE_H
#define KEEL_LOAD_TABLE_H

#include <stdbool.h>

#include "keel.h"

/* The start of the period holding t, and the start of the period after the
 * one starting at t. Cannot fail. */
keel_time keel_period_floor(bool research, keel_period by, keel_time t);
keel_time keel_period_next(bool research, keel_period by, keel_time t);

#endif
