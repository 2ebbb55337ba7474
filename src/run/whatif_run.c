/* SPDX-License-Identifier: GPL-3.0-or-later
 * Running what-if scenarios (whatif.h): the base is leveled first, then the
 * scenarios of the shard in parallel (driver.h: keel_driver_each), each on
 * its own derived portfolio with one worker thread, the same seed and the
 * same budget, starting from the base's schedule (level_start.c).
 *
 * Threads: one worker per scenario and `threads` scenarios at once. A
 * scenario's result then depends on its seed and budget alone, never on the
 * thread count or the shard it ran in, which is what lets shards on a cluster
 * merge into exactly the comparison of one run; and independent scenarios
 * keep every thread busy without the sharing rounds a multi-worker search
 * needs. (A single large scenario is better served by keel level --threads.)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/utilisation.h"
#include "base/error.h"
#include "run/config.h"
#include "run/driver.h"
#include "run/whatif.h"

typedef struct run_ctx {
    const keel_scenarios *s;
    const keel_options *jo;       /* each scenario's options */
    const keel_result *base;      /* the base's result */
    const int *which;             /* [jobs] scenario of each job */
    keel_portfolio **owned;       /* [jobs] */
    keel_result **results;        /* [jobs] */
    keel_wscenario *entries;      /* [jobs] */
} run_ctx;

/* The base's leveled starts on p's tasks (projects matched by name, tasks by
 * position and UID), and for a relaxation the base's project finishes. */
static void map_start(const keel_portfolio *b, const keel_result *br, const keel_portfolio *p,
                      keel_time *start, keel_time *keep)
{
    const keel_schedule *after = keel_result_schedule(br);
    for (int q = 0; q < p->nprojects; q++) {
        const keel_project *pq = &p->projects[q];
        int bq = 0;
        while (bq < b->nprojects && strcmp(b->projects[bq].name, pq->name) != 0)
            bq++;
        bool same = bq < b->nprojects && b->projects[bq].ntasks == pq->ntasks;
        for (int k = 0; k < pq->ntasks; k++) {
            int t = pq->first_task + k, bt = same ? b->projects[bq].first_task + k : -1;
            start[t] = same && b->tasks[bt].uid == p->tasks[t].uid ? after->start[bt]
                                                                   : KEEL_TIME_NONE;
        }
        if (keep)
            keep[q] = same ? keel_result_project_get(br, bq).finish : INT64_MAX;
    }
}

static keel_status cell_of(const keel_portfolio *p, int q, keel_cell_status status,
                           const keel_result *r, keel_wcell *c)
{
    keel_result_project rp = r ? keel_result_project_get(r, q) : (keel_result_project){0};
    *c = (keel_wcell){.minutes_per_day = p->research ? 1 : p->projects[q].minutes_per_day,
                      .status = status,
                      .cpm_finish = rp.cpm_finish,
                      .finish = rp.finish,
                      .deadline = r ? rp.deadline : KEEL_TIME_NONE,
                      .delay = rp.delay,
                      .deadline_met = !r || rp.deadline_state != KEEL_DEADLINE_MISSED};
    return (c->project = strdup(p->projects[q].name)) ? KEEL_OK : KEEL_ERR_NOMEM;
}

/* Deadlines met and the most loaded resource of a scenario's schedule. */
static keel_status summarise(const keel_portfolio *p, const keel_result *r, keel_wscenario *e)
{
    keel_time from = p->projects[0].start, to = from;
    for (int q = 0; q < p->nprojects; q++) {
        keel_result_project rp = keel_result_project_get(r, q);
        from = p->projects[q].start < from ? p->projects[q].start : from;
        to = rp.finish > to ? rp.finish : to;
        e->deadlines += rp.deadline_state != KEEL_DEADLINE_NONE;
        e->deadlines_met += rp.deadline_state == KEEL_DEADLINE_MET;
    }
    double *share = malloc(sizeof(double) * ((size_t)p->nresources + 1));
    if (!share)
        return KEEL_ERR_NOMEM;
    keel_error err = {0};
    if (keel_utilisation(p, keel_result_schedule(r), from, to, share, &err) != KEEL_OK) {
        free(share);
        return KEEL_ERR_NOMEM;
    }
    int top = keel_utilisation_top(p, share);
    if (top >= 0) {
        e->load = share[top];
        e->most_loaded = strdup(p->resources[top].name);
    }
    free(share);
    return top < 0 || e->most_loaded ? KEEL_OK : KEEL_ERR_NOMEM;
}

/* The table entry of a scenario: its figures and one cell per project (the
 * projects of src it removed too). sc is NULL for the base. */
static keel_status fill_entry(const keel_scenario *sc, int index, const keel_portfolio *src,
                              const keel_portfolio *p, const keel_result *r,
                              keel_wscenario *e)
{
    keel_result_info in = keel_result_get(r);
    e->index = index;
    e->name = strdup(sc ? sc->name : "base");
    e->value = in.value;
    e->baseline = in.baseline;
    e->solver = strdup(in.solver ? in.solver : "");
    e->schedules = in.schedules;
    e->sweep = sc && sc->sweep;
    e->sweep_units = sc ? sc->sweep_units : 0;
    e->cells = calloc((size_t)src->nprojects + 1, sizeof *e->cells);
    e->changes = calloc((size_t)(sc ? sc->nchanges : 0) + 1, sizeof *e->changes);
    if (!e->name || !e->solver || !e->cells || !e->changes)
        return KEEL_ERR_NOMEM;
    for (; sc && e->nchanges < sc->nchanges; e->nchanges++)
        if (!(e->changes[e->nchanges] = strdup(sc->changes[e->nchanges])))
            return KEEL_ERR_NOMEM;
    for (int q = 0; q < p->nprojects; q++)
        if (cell_of(p, q, KEEL_CELL_SCHEDULED, r, &e->cells[e->ncells++]) != KEEL_OK)
            return KEEL_ERR_NOMEM;
    for (int q = 0; sc && q < src->nprojects; q++)
        if (sc->projects[q].removed &&
            cell_of(src, q, KEEL_CELL_REMOVED, NULL, &e->cells[e->ncells++]) != KEEL_OK)
            return KEEL_ERR_NOMEM;
    return summarise(p, r, e);
}

static keel_status scenario_job(void *ctx, int worker, int64_t job, keel_error *err)
{
    run_ctx *x = ctx;
    int i = (int)job;
    (void)worker; /* a scenario needs no scratch of the worker's */
    const keel_scenario *sc = &x->s->list[x->which[i]];
    const keel_portfolio *src = keel_scenario_portfolio(x->s, x->which[i]);
    keel_overlay o = {sc->projects, sc->ncapacity, sc->capacity};
    keel_time *start = NULL, *keep = NULL;
    keel_status st = keel_model_derive(src, &o, &x->owned[i], NULL, err);
    const keel_portfolio *p = x->owned[i];
    if (st == KEEL_OK) {
        start = malloc(sizeof *start * ((size_t)p->ntasks + 1));
        keep = sc->relaxes ? malloc(sizeof *keep * ((size_t)p->nprojects + 1)) : NULL;
        st = start && (keep || !sc->relaxes) ? KEEL_OK : keel_error_nomem(err);
    }
    if (st == KEEL_OK) {
        map_start(x->s->base, x->base, p, start, keep);
        keel_level_start ls = {start, keep};
        st = keel_level_from(p, x->jo, &ls, &x->results[i], err);
    }
    if (st == KEEL_OK && fill_entry(sc, x->which[i] + 1, src, p, x->results[i],
                                    &x->entries[i]) != KEEL_OK)
        st = keel_error_nomem(err);
    if (st != KEEL_OK && st != KEEL_ERR_NOMEM && err) {
        char msg[sizeof err->message];
        snprintf(msg, sizeof msg, "%s", err->message);
        keel_error_set(err, st, NULL, 0, "scenario '%s': %s", sc->name, msg);
    }
    free(start);
    free(keep);
    return st;
}

/* Each scenario's options: one worker, no progress, the base's objective
 * and budget spelled out (a scenario with fewer tasks would otherwise get
 * another default budget, one with one project another default objective). */
static keel_status job_options(const keel_scenarios *s, const keel_options *o,
                               keel_options *jo, keel_error *err)
{
    keel_config c;
    keel_status st = keel_config_resolve(s->base, o, &c, err);
    if (st != KEEL_OK)
        return st;
    *jo = *o;
    jo->threads = 1;
    jo->quiet = true;
    jo->progress = NULL;
    jo->progress_ctx = NULL;
    snprintf(jo->objective, sizeof jo->objective, "%s", c.objective_name);
    if (jo->schedules == 0 && jo->time_limit <= 0)
        jo->schedules = c.budget;
    return KEEL_OK;
}

/* The comparison's settings and scenario list. */
static keel_status table_header(const keel_scenarios *s, const keel_options *jo, int shard,
                                int nshards, keel_whatif_table *t)
{
    t->research = s->base->research;
    snprintf(t->objective, sizeof t->objective, "%s", jo->objective);
    snprintf(t->solvers, sizeof t->solvers, "%s", jo->solvers);
    t->seed = jo->seed;
    t->budget = jo->schedules;
    t->shard = nshards > 1 ? shard : 0;
    t->nshards = nshards > 1 ? nshards : 0;
    if (s->sweep && !(t->sweep = strdup(s->sweep)))
        return KEEL_ERR_NOMEM;
    if (!(t->names = calloc((size_t)s->n + 1, sizeof *t->names)))
        return KEEL_ERR_NOMEM;
    for (; t->total < s->n; t->total++)
        if (!(t->names[t->total] = strdup(s->list[t->total].name)))
            return KEEL_ERR_NOMEM;
    return KEEL_OK;
}

/* Room for the base and the jobs. */
static keel_whatif *whatif_alloc(int runs)
{
    keel_whatif *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    w->nruns = runs;
    w->owned = calloc((size_t)runs, sizeof *w->owned);
    w->view = calloc((size_t)runs, sizeof *w->view);
    w->results = calloc((size_t)runs, sizeof *w->results);
    w->table.sc = calloc((size_t)runs, sizeof *w->table.sc);
    w->table.nscenarios = runs;
    if (w->owned && w->view && w->results && w->table.sc)
        return w;
    keel_whatif_free(w);
    return NULL;
}

static keel_status run_all(const keel_scenarios *s, const keel_options *jo, int threads,
                           int shard, int nshards, keel_whatif *w, const int *which,
                           keel_error *err)
{
    int jobs = w->nruns - 1;
    w->view[0] = s->base;
    keel_status st = keel_level_from(s->base, jo, NULL, &w->results[0], err);
    if (st == KEEL_OK && fill_entry(NULL, 0, s->base, s->base, w->results[0],
                                    &w->table.sc[0]) != KEEL_OK)
        st = keel_error_nomem(err);
    if (st != KEEL_OK)
        return st;
    run_ctx x = {s, jo, w->results[0], which, w->owned + 1, w->results + 1, w->table.sc + 1};
    int t = threads < 1 ? 1 : threads;
    st = keel_driver_each(jobs, jobs > 0 && t > jobs ? jobs : t, scenario_job, &x, err);
    for (int i = 0; i < jobs; i++)
        w->view[1 + i] = w->owned[1 + i];
    if (st == KEEL_OK && table_header(s, jo, shard, nshards, &w->table) != KEEL_OK)
        st = keel_error_nomem(err);
    if (st == KEEL_OK)
        st = keel_whatif_table_finish(&w->table, err);
    return st;
}

keel_status keel_whatif_run(const keel_scenarios *s, const keel_options *o, int shard,
                            int nshards, keel_whatif **out, keel_error *err)
{
    *out = NULL;
    if (nshards < 1 || shard < 1 || shard > nshards)
        return keel_error_set(err, KEEL_ERR_INVALID, NULL, 0,
                              "shard %d of %d: give K/N with 1 <= K <= N", shard, nshards);
    keel_options jo;
    keel_status st = job_options(s, o, &jo, err);
    if (st != KEEL_OK)
        return st;
    int *which = malloc(sizeof(int) * ((size_t)s->n + 1)), jobs = 0;
    if (!which)
        return keel_error_nomem(err);
    for (int i = 0; i < s->n; i++)
        if (i % nshards == shard - 1)
            which[jobs++] = i;
    keel_whatif *w = whatif_alloc(1 + jobs);
    st = w ? run_all(s, &jo, o->threads, shard, nshards, w, which, err) : keel_error_nomem(err);
    free(which);
    if (st != KEEL_OK) {
        keel_whatif_free(w);
        return st;
    }
    w->from = s;
    *out = w;
    return KEEL_OK;
}
