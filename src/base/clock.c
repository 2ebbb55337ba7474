/* SPDX-License-Identifier: GPL-3.0-or-later
 * The monotonic wall clock (clock.h).
 */
#include "base/clock.h"

#include <time.h>

double keel_clock_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}
