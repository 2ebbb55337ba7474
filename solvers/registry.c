/* SPDX-License-Identifier: GPL-3.0-or-later
 * The one table of solvers. Add a solver: write solvers/<name>.c with a
 * keel_solver_fn, declare it in solver.h, add a row here.
 */
#include "solvers/solver.h"

#include <string.h>

const keel_solver keel_solvers[] = {
    {"ga", "activity-list genetic algorithm with justification on every child "
           "(Hartmann 1998; Valls, Ballestin & Quintanilla 2008)", keel_solver_ga,
     keel_solver_ga_free_state},
    {"sampling", "regret-based biased random sampling over priority rules with "
                 "forward-backward improvement (Kolisch & Drexl 1996; Tormos & Lova 2001)",
     keel_solver_sampling, NULL},
    {"msp-standard", "one serial pass in MS Project's 'priority, standard' order",
     keel_solver_msp_standard, NULL},
    {"rules", "the best of single passes with portfolio priority rules (each project's "
              "own latest finish, least slack, weighted slack, whole projects by weight per "
              "work, priority) through the serial and the parallel SGS",
     keel_solver_rules, NULL},
    {"portfolio", "project-level local search: delayed projects take resources earlier, "
                  "others give way, from a point in time on; only the changed tail is "
                  "decoded again; late acceptance", keel_solver_portfolio,
     keel_solver_portfolio_free_state},
    {"ilp-exact", "time-indexed integer program (Pritsker et al. 1969) solved by GLPK "
                  "below the incumbent's makespan: finds better schedules or proves "
                  "optimality", keel_solver_ilp_exact, keel_solver_ilp_free_state},
    {"ilp-lns", "large-neighbourhood search: a time window or a resource's busiest "
                "period freed, the rest fixed, the small ILP solved by GLPK",
     keel_solver_ilp_lns, keel_solver_ilp_free_state},
    {NULL, NULL, NULL, NULL},
};

const keel_solver *keel_solver_find(const char *name)
{
    for (const keel_solver *s = keel_solvers; s->name; s++)
        if (strcmp(s->name, name) == 0)
            return s;
    return NULL;
}
