/* SPDX-License-Identifier: GPL-3.0-or-later
 * The functions of keel.h that load portfolios and expose the model: which
 * reader reads a file (by content, not by name), the order of reading (pool,
 * then projects, then the portfolio file's settings and links), and accessors.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/schedule.h"
#include "base/error.h"
#include "base/readfile.h"
#include "base/timefmt.h"
#include "model/model.h"
#include "read/load.h"
#include "run/driver.h"

bool keel_portfolio_is_research(const keel_portfolio *p)
{
    return p && p->research;
}

int keel_portfolio_nprojects(const keel_portfolio *p)
{
    return p ? p->nprojects : 0;
}

int keel_portfolio_ntasks(const keel_portfolio *p)
{
    return p ? p->ntasks : 0;
}

int keel_portfolio_nresources(const keel_portfolio *p)
{
    return p ? p->nresources : 0;
}

keel_project_info keel_project_get(const keel_portfolio *p, int project)
{
    keel_project_info r = {0};
    if (!p || project < 0 || project >= p->nprojects)
        return r;
    const keel_project *q = &p->projects[project];
    r.name = q->name;
    r.file = q->file;
    r.start = q->start;
    r.deadline = q->deadline;
    r.priority = q->priority;
    r.weight = q->weight;
    r.minutes_per_day = keel_project_day(p, project);
    r.first_task = q->first_task;
    r.ntasks = q->ntasks;
    return r;
}

keel_task_info keel_task_get(const keel_portfolio *p, int task)
{
    keel_task_info r = {0};
    if (!p || task < 0 || task >= p->ntasks)
        return r;
    const keel_task *t = &p->tasks[task];
    r.project = t->project;
    r.uid = t->uid;
    r.name = t->name;
    r.summary = t->summary;
    r.milestone = t->milestone;
    r.duration = t->duration;
    r.priority = t->priority;
    r.fixed = t->fixed || t->pinned;
    r.start = t->start;
    r.finish = t->finish;
    r.deadline = t->deadline;
    r.elapsed = t->elapsed;
    return r;
}

keel_resource_info keel_resource_get(const keel_portfolio *p, int resource)
{
    keel_resource_info r = {0};
    if (!p || resource < 0 || resource >= p->nresources)
        return r;
    const keel_resource *q = &p->resources[resource];
    r.name = q->name;
    r.work = q->type == KEEL_RES_WORK;
    r.can_level = q->can_level;
    r.max_units = q->max_units;
    return r;
}

int keel_portfolio_nwarnings(const keel_portfolio *p)
{
    return p ? p->nwarnings : 0;
}

const char *keel_portfolio_warning(const keel_portfolio *p, int i)
{
    return p && i >= 0 && i < p->nwarnings ? p->warnings[i] : NULL;
}

int keel_resource_nsteps(const keel_portfolio *p, int resource)
{
    return p && resource >= 0 && resource < p->nresources ? p->resources[resource].capacity.n
                                                          : 0;
}

keel_availability keel_resource_step(const keel_portfolio *p, int resource, int i)
{
    keel_availability none = {KEEL_TIME_NONE, 0};
    if (i < 0 || i >= keel_resource_nsteps(p, resource))
        return none;
    const keel_capacity *c = &p->resources[resource].capacity;
    return (keel_availability){i == 0 ? KEEL_TIME_NONE : c->at[i], c->units[i]};
}

char *keel_time_format(const keel_portfolio *p, keel_time t, char *buf, size_t size)
{
    if (t == KEEL_TIME_NONE)
        snprintf(buf, size, "-");
    else if (p && p->research)
        snprintf(buf, size, "%lld", (long long)t);
    else
        keel_format_datetime(t, buf, size);
    return buf;
}

/* The pool and portfolio files, kept so that no output replaces them. */
static keel_status note_inputs(keel_portfolio *p, const keel_load_options *opts,
                               keel_portfolio **out, keel_error *err)
{
    const char *paths[2] = {opts ? opts->pool_file : NULL, opts ? opts->portfolio_file : NULL};
    for (int i = 0; i < 2; i++) {
        if (!paths[i])
            continue;
        if (!(p->inputs[p->ninputs++] = keel_arena_strdup(p->arena, paths[i]))) {
            keel_portfolio_free(p);
            *out = NULL;
            return keel_error_nomem(err);
        }
    }
    return KEEL_OK;
}

keel_status keel_time_parse(const keel_portfolio *p, const char *text, keel_time *out,
                            keel_error *err)
{
    char *end = NULL;
    long long n = strtoll(text, &end, 10);
    if (p && p->research && end != text && !*end && n >= 0) {
        *out = n;
        return KEEL_OK;
    }
    if (!(p && p->research) && keel_parse_datetime(text, out)) {
        if (strlen(text) == 10)
            *out += 1440; /* a day alone: its end, as deadlines */
        return KEEL_OK;
    }
    return keel_error_set(err, KEEL_ERR_INVALID, NULL, 0, "'%.60s' is not %s", text,
                          p && p->research ? "a period number"
                                           : "a date (YYYY-MM-DD or YYYY-MM-DDTHH:MM)");
}

keel_status keel_portfolio_load_threads(const char *const *files, int nfiles,
                                        const keel_load_options *opts, int threads,
                                        keel_portfolio **out, keel_error *err)
{
    *out = NULL;
    keel_error_clear(err);
    keel_builder b;
    if (!keel_builder_init(&b))
        return keel_error_nomem(err);
    keel_status st = keel_load_into(&b, files, nfiles, opts, keel_driver_each, threads, err);
    if (st == KEEL_OK)
        st = keel_model_finish(&b, out, err);
    if (st != KEEL_OK) {
        keel_builder_release(&b);
        return st;
    }
    return note_inputs(*out, opts, out, err);
}

keel_status keel_portfolio_load(const char *const *files, int nfiles,
                                const keel_load_options *opts, keel_portfolio **out,
                                keel_error *err)
{
    return keel_portfolio_load_threads(files, nfiles, opts, 1, out, err);
}
