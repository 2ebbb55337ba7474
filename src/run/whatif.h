/* SPDX-License-Identifier: GPL-3.0-or-later
 * What-if scenarios (keel.h "what-if"): the scenario list resolved against a
 * loaded base (whatif.c), the parallel run (whatif_run.c) and the leveled
 * files of each scenario (whatif_write.c).
 *
 * Overlays, not copies: a scenario is a keel_overlay (model/overlay.h) on
 * the base, from which each run derives the scenario's own portfolio (copy
 * on write of the arrays that change), so that the critical path, the solver
 * view, the verifier and the writer all see the scenario and the base stays
 * immutable and shared by every thread. A scenario that adds project files
 * is the exception: it needs the loader's joining of resources by name and
 * its checks, so the base's files and the added ones are loaded again, once,
 * when the list is read, and the overlay applies to that load.
 */
#ifndef KEEL_RUN_WHATIF_H
#define KEEL_RUN_WHATIF_H

#include "model/overlay.h"
#include "report/whatif.h"
#include "run/level.h"

typedef struct keel_scenario {
    char *name;
    int nchanges;
    char **changes;                /* the statements as written */
    keel_portfolio *loaded;        /* base + added files, or NULL: the base */
    keel_project_change *projects; /* [nprojects of its portfolio] */
    int ncapacity;
    keel_capacity_change *capacity;
    bool relaxes;                  /* only more capacity and fewer projects: no
                                      project may finish later than in the base */
    bool sweep;
    double sweep_units;
} keel_scenario;

struct keel_scenarios {
    const keel_portfolio *base;
    char *path;                    /* the scenario file, NULL when none */
    char *pool, *portfolio;        /* the base's load options (copies) */
    keel_time horizon_from, horizon_to; /* dates a scenario may name */
    int n, cap;
    keel_scenario *list;
    char *sweep;                   /* resource of the capacity sweep, or NULL */
};

/* The portfolio a scenario's overlay applies to. */
static inline const keel_portfolio *keel_scenario_portfolio(const keel_scenarios *s, int i)
{
    return s->list[i].loaded ? s->list[i].loaded : s->base;
}

struct keel_whatif {
    keel_whatif_table table;       /* what the views render */
    int nruns;                     /* scenarios with a run below (0 after a merge) */
    keel_portfolio **owned;        /* [nruns] derived portfolios, NULL for the base */
    const keel_portfolio **view;   /* [nruns] the portfolio of each result */
    keel_result **results;         /* [nruns] */
    const keel_scenarios *from;    /* the list (inputs to protect when writing) */
};

/* Names of every input file of the list (project files of every portfolio,
 * pool, portfolio and scenario files), malloc'd array of borrowed strings,
 * for the writer's "never replace an input" check. NULL when out of memory. */
const char **keel_scenarios_inputs(const keel_scenarios *s, int *n);

#endif
