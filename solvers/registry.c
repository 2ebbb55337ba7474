/* SPDX-License-Identifier: GPL-3.0-or-later
 * The one table of solvers. Add a solver: write solvers/<name>.c with a
 * keel_solver_fn, declare it in solver.h, add a row here.
 */
#include "solver.h"

#include <string.h>
#include <time.h>

const keel_solver keel_solvers[] = {
    {"ga", "activity-list genetic algorithm with justification on every child "
           "(Hartmann 1998; Valls, Ballestin & Quintanilla 2008)", keel_solver_ga},
    {"sampling", "regret-based biased random sampling over priority rules with "
                 "forward-backward improvement (Kolisch & Drexl 1996; Tormos & Lova 2001)",
     keel_solver_sampling},
    {"msp-standard", "one serial pass in MS Project's 'priority, standard' order",
     keel_solver_msp_standard},
    {NULL, NULL, NULL},
};

const keel_solver *keel_solver_find(const char *name)
{
    for (const keel_solver *s = keel_solvers; s->name; s++)
        if (strcmp(s->name, name) == 0)
            return s;
    return NULL;
}

double keel_solver_clock(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}
