/* SPDX-License-Identifier: GPL-3.0-or-later
 * The one wall clock: monotonic seconds for time limits and for the times a
 * run reports. Nothing that decides a schedule reads it unless the user set a
 * time limit (the one documented source of nondeterminism).
 */
#ifndef KEEL_CLOCK_H
#define KEEL_CLOCK_H

/* Wall-clock seconds since an arbitrary origin (monotonic). Cannot fail. */
double keel_clock_seconds(void);

#endif
