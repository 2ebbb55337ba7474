/* SPDX-License-Identifier: GPL-3.0-or-later
 * Resolving the options of a run (config.h): the defaults that depend on the
 * portfolio, in one place.
 */
#include "run/config.h"

#include <stdio.h>
#include <string.h>

#include "base/error.h"

#define DEFAULT_BUDGET 50000        /* schedules up to 120 tasks: the research protocol */
#define DEFAULT_PLACEMENTS 6000000  /* above: about this many task placements */
#define MIN_DEFAULT_BUDGET 100
#define UNLIMITED_BUDGET ((int64_t)1 << 50)

static const char *default_objective(const keel_portfolio *p)
{
    if (!p->research)
        return "weighted-delay";
    return p->nprojects == 1 ? "makespan" : "tms";
}

/* The default budget keeps a run in seconds to a minute; a time limit alone
 * bounds the run when it is set. */
static int64_t budget_of(const keel_options *o, int njobs)
{
    if (o->schedules > 0)
        return o->schedules;
    if (o->time_limit > 0)
        return UNLIMITED_BUDGET;
    if (njobs <= 120)
        return DEFAULT_BUDGET;
    int64_t b = DEFAULT_PLACEMENTS / njobs;
    return b < MIN_DEFAULT_BUDGET ? MIN_DEFAULT_BUDGET : b;
}

static const char *default_solvers(const keel_portfolio *p)
{
    if (p->nprojects < 2)
        return p->nleaves <= KEEL_ILP_JOBS ? KEEL_DEFAULT_SOLVERS : KEEL_ISLAND_SOLVERS;
    return p->nleaves > KEEL_LARGE_JOBS ? KEEL_LARGE_SOLVERS : KEEL_PORTFOLIO_SOLVERS;
}

static keel_status parse_solvers(const keel_portfolio *p, const char *list, keel_config *c,
                                 keel_error *err)
{
    if (strcmp(list, "default") == 0)
        list = default_solvers(p);
    char buf[sizeof(((keel_options *)0)->solvers)];
    snprintf(buf, sizeof buf, "%s", list);
    c->nsolvers = 0;
    for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save)) {
        const keel_solver *s = keel_solver_find(tok);
        if (!s)
            return keel_error_set(err, KEEL_ERR_INVALID, NULL, 0,
                                  "--solvers: unknown solver '%s'", tok);
        if (c->nsolvers < KEEL_MAX_SOLVERS)
            c->solvers[c->nsolvers++] = s;
    }
    if (c->nsolvers == 0)
        return keel_error_set(err, KEEL_ERR_INVALID, NULL, 0, "--solvers: empty list");
    return KEEL_OK;
}

keel_status keel_config_resolve(const keel_portfolio *p, const keel_options *o,
                                keel_config *c, keel_error *err)
{
    memset(c, 0, sizeof *c);
    c->user = o;
    const char *name = o->objective;
    if (strcmp(name, "default") == 0 || name[0] == '\0')
        name = default_objective(p);
    snprintf(c->objective_name, sizeof c->objective_name, "%s", name);
    int kind = keel_objective_parse(name);
    if (kind < 0)
        return keel_error_set(err, KEEL_ERR_INVALID, NULL, 0,
                              "--objective: unknown objective '%s'", name);
    c->objective = (keel_objective_kind)kind;
    c->budget = budget_of(o, p->nleaves);
    c->time_limit = o->time_limit > 0 ? o->time_limit : 0;
    c->progress = o->progress && !o->quiet;
    return parse_solvers(p, o->solvers, c, err);
}
