/* SPDX-License-Identifier: GPL-3.0-or-later
 * Schedule health, the checks of the plan's structure (DCMA points 1-5 and
 * 10): missing logic, leads, lags, relationship types, hard constraints and
 * tasks without resources. Logic is judged on the scheduling network (a link
 * on a summary task gives its leaves their predecessor, as it drives them);
 * relationships are counted as written (p->relations), each once, in the
 * project of its successor, when either end is incomplete.
 */
#include "health/health.h"

static const char *const type_names[4] = {"FF", "FS", "SF", "SS"}; /* MSPDI codes */

static int no_logic(const health_ctx *c, int t, int64_t *value, const char **why)
{
    const keel_portfolio *p = c->p;
    bool pred = p->pred_start[t + 1] > p->pred_start[t];
    bool succ = p->succ_start[t + 1] > p->succ_start[t];
    *why = !pred && !succ ? "no predecessor and no successor"
           : !pred        ? "no predecessor"
                          : "no successor";
    return !pred || !succ;
}

bool keel_health_logic(const health_ctx *c, int q, health_tally *out)
{
    return keel_health_each_task(c, q, out, no_logic);
}

static bool task_open(const keel_task *t)
{
    return t->actual_finish == KEEL_TIME_NONE && t->percent_complete < 100;
}

/* Walks the relationships counted for project q; pick says which are
 * offending and why. */
static bool each_relation(const health_ctx *c, int q, health_tally *out,
                          const char *(*pick)(const keel_link *l))
{
    const keel_portfolio *p = c->p;
    for (int i = 0; i < p->nrelations; i++) {
        const keel_link *l = &p->relations[i];
        const keel_task *a = &p->tasks[l->pred], *b = &p->tasks[l->succ];
        if (b->project != q || (!task_open(a) && !task_open(b)))
            continue;
        out->total++;
        const char *why = pick(l);
        if (!why)
            continue;
        out->count++;
        if (!keel_health_add(out, l->succ, l->pred, l->lag, why))
            return false;
    }
    return true;
}

static const char *is_lead(const keel_link *l)
{
    return l->lag < 0 ? type_names[l->type & 3] : NULL;
}

static const char *is_lag(const keel_link *l)
{
    return l->lag > 0 ? type_names[l->type & 3] : NULL;
}

static const char *not_fs(const keel_link *l)
{
    return l->type != KEEL_LINK_FS ? type_names[l->type & 3] : NULL;
}

bool keel_health_leads(const health_ctx *c, int q, health_tally *out)
{
    return each_relation(c, q, out, is_lead);
}

bool keel_health_lags(const health_ctx *c, int q, health_tally *out)
{
    return each_relation(c, q, out, is_lag);
}

/* Counts the relationships that are not finish-to-start; health.c turns the
 * share into the FS share the check judges. */
bool keel_health_types(const health_ctx *c, int q, health_tally *out)
{
    return each_relation(c, q, out, not_fs);
}

/* DCMA's hard constraints: the ones that stop logic from moving a task later
 * (MS Project's Must Start/Finish On and Start/Finish No Later Than). A
 * manually scheduled task carries a Must Start On that the reader added, not
 * the file: it is not counted. */
static int hard_constraint(const health_ctx *c, int t, int64_t *value, const char **why)
{
    static const char *const names[8] = {NULL, NULL, "MSO", "MFO", NULL, "SNLT", NULL, "FNLT"};
    const keel_task *k = &c->p->tasks[t];
    *why = k->manual ? NULL : names[k->constraint & 7];
    *value = k->constraint_date;
    return *why != NULL;
}

bool keel_health_constraints(const health_ctx *c, int q, health_tally *out)
{
    return keel_health_each_task(c, q, out, hard_constraint);
}

/* DCMA asks that tasks with a duration carry hours or cost; in MSPDI both
 * come from assignments, so a task with a duration and no assignment fails. */
static int no_resource(const health_ctx *c, int t, int64_t *value, const char **why)
{
    const keel_task *k = &c->p->tasks[t];
    if (k->total_duration <= 0)
        return HEALTH_SKIP;
    *value = k->total_duration;
    *why = "no assignment";
    return c->p->asg_start[t + 1] == c->p->asg_start[t];
}

bool keel_health_resources(const health_ctx *c, int q, health_tally *out)
{
    return keel_health_each_task(c, q, out, no_resource);
}
