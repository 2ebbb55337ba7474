/* SPDX-License-Identifier: GPL-3.0-or-later
 * Reading what-if scenarios (whatif.h): the scenario file's statements
 * resolved against the loaded base into overlays, and capacity sweeps. Every
 * check happens here, before anything runs: names of resources and projects,
 * dates inside the portfolio's horizon, capacities that never drop below
 * zero, project files a scenario adds (loaded now, with the base's files).
 * The horizon runs from the day the portfolio starts to the end of the day
 * its MS Project-like leveling (one serial pass, the baseline) finishes,
 * moved later by a scenario's own postponements.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "base/timefmt.h"
#include "read/scenario_file.h"
#include "run/whatif.h"
#include "solvers/solver.h"

#define MAX_SWEEP_STEPS 100

/* ---------------------------------------------------------------- the list */

static void scenario_free(keel_scenario *sc)
{
    free(sc->name);
    for (int i = 0; i < sc->nchanges; i++)
        free(sc->changes[i]);
    free(sc->changes);
    keel_portfolio_free(sc->loaded);
    free(sc->projects);
    free(sc->capacity);
}

void keel_scenarios_free(keel_scenarios *s)
{
    if (!s)
        return;
    for (int i = 0; i < s->n; i++)
        scenario_free(&s->list[i]);
    free(s->list);
    free(s->path);
    free(s->pool);
    free(s->portfolio);
    free(s->sweep);
    free(s);
}

int keel_scenarios_count(const keel_scenarios *s)
{
    return s ? s->n : 0;
}

const char *keel_scenarios_name(const keel_scenarios *s, int i)
{
    return s && i >= 0 && i < s->n ? s->list[i].name : NULL;
}

static bool push(keel_scenarios *s, keel_scenario *sc)
{
    if (s->n == s->cap) {
        int cap = s->cap ? 2 * s->cap : 8;
        keel_scenario *l = realloc(s->list, sizeof *l * (size_t)cap);
        if (!l)
            return false;
        s->list = l;
        s->cap = cap;
    }
    s->list[s->n++] = *sc;
    return true;
}

static int find_scenario(const keel_scenarios *s, const char *name)
{
    for (int i = 0; i < s->n; i++)
        if (strcmp(s->list[i].name, name) == 0)
            return i;
    return -1;
}

/* The end of the base's MS Project-like leveling: the horizon's end. */
static keel_status baseline_end(const keel_portfolio *p, keel_time *end, keel_error *err)
{
    keel_problem *P = NULL;
    keel_plan plan = {0};
    keel_status st = keel_problem_new(p, &P, err);
    if (st == KEEL_OK && !keel_plan_init(&plan, P->njobs))
        st = keel_error_nomem(err);
    if (st == KEEL_OK) {
        keel_solve_options so = {.objective = KEEL_OBJ_MAKESPAN, .budget = 1};
        keel_solve_result res;
        keel_rng rng;
        keel_rng_seed(&rng, 1, 0xfeed);
        st = keel_solver_msp_standard(P, &so, &rng, NULL, &plan, &res, err);
        *end = P->njobs > 0 ? plan.makespan : P->origin;
    }
    keel_plan_release(&plan);
    keel_problem_free(P);
    return st;
}

keel_status keel_scenarios_new(const keel_portfolio *base, keel_scenarios **out,
                               keel_error *err)
{
    *out = NULL;
    keel_scenarios *s = calloc(1, sizeof *s);
    if (!s)
        return keel_error_nomem(err);
    s->base = base;
    keel_time from = base->projects[0].start, to = 0;
    for (int q = 1; q < base->nprojects; q++)
        from = base->projects[q].start < from ? base->projects[q].start : from;
    keel_status st = baseline_end(base, &to, err);
    if (st != KEEL_OK) {
        keel_scenarios_free(s);
        return st;
    }
    if (!base->research) { /* whole days */
        from = keel_day_of(from) * 1440;
        to = (keel_day_of(to - 1) + 1) * 1440;
    }
    s->horizon_from = from;
    s->horizon_to = to > from ? to : from + 1;
    *out = s;
    return KEEL_OK;
}

/* ---------------------------------------------------------------- resolving */

/* What one scenario of the file is being resolved against. */
typedef struct resolver {
    keel_scenarios *s;
    const char *file;          /* the scenario file, for messages */
    const keel_load_options *load;
    const keel_portfolio *p;   /* the base, or the base with the added files */
    keel_scenario *sc;
    keel_arena *scratch;       /* capacities while checking them */
    keel_capacity *cap;        /* [p->nresources] current capacity */
    keel_time horizon_to;      /* moved by postponements */
    keel_error *err;
} resolver;

static keel_status fail(const resolver *rv, const keel_change *c, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static keel_status fail(const resolver *rv, const keel_change *c, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return keel_error_set(rv->err, KEEL_ERR_PARSE, rv->file, c->line, "%s", msg);
}

static const char *when_text(const resolver *rv, keel_time t, char *buf, size_t size)
{
    return keel_time_format(rv->p, t, buf, size);
}

/* "name" equals s, or s without its extension. */
static bool name_matches(const char *s, const char *name)
{
    size_t n = strlen(name);
    if (strncmp(s, name, n) != 0)
        return false;
    return s[n] == '\0' || (s[n] == '.' && !strchr(s + n + 1, '.'));
}

/* The project a statement names: its portfolio file section, its name (the
 * file name), or its name without extension. */
static keel_status find_project(const resolver *rv, const keel_change *c, int *out)
{
    int found = -1, count = 0;
    for (int q = 0; q < rv->p->nprojects; q++) {
        const keel_project *pr = &rv->p->projects[q];
        if (name_matches(pr->name, c->target) || (pr->alias && !strcmp(pr->alias, c->target))) {
            found = q;
            count++;
        }
    }
    if (count == 1) {
        *out = found;
        return KEEL_OK;
    }
    return fail(rv, c, "%s: %s project '%.100s'", c->text, count ? "more than one" : "no",
                c->target);
}

static keel_status check_periods(const resolver *rv, const keel_change *c, keel_when w)
{
    if (w.t == KEEL_TIME_NONE || w.periods == rv->p->research)
        return KEEL_OK;
    return fail(rv, c, "%s: %s", c->text,
                rv->p->research ? "research instances count time in periods: give a number"
                                : "give a date (YYYY-MM-DD or YYYY-MM-DDTHH:MM)");
}

/* A day (MSPDI) or a period number (research) for messages. */
static const char *day_text(const resolver *rv, keel_time t, char *buf, size_t size)
{
    when_text(rv, t, buf, size);
    if (!rv->p->research && strlen(buf) > 10)
        buf[10] = '\0';
    return buf;
}

/* what: "ends before", "starts after", ... the horizon [from, to). */
static keel_status outside(const resolver *rv, const keel_change *c, const char *what,
                           keel_time to)
{
    char a[32], b[32];
    return fail(rv, c, "%s: %s the portfolio's horizon, %s .. %s", c->text, what,
                day_text(rv, rv->s->horizon_from, a, sizeof a),
                day_text(rv, rv->p->research ? to : to - 1, b, sizeof b));
}

static keel_status resolve_postpone(resolver *rv, const keel_change *c, int q)
{
    const keel_project *pr = &rv->p->projects[q];
    keel_project_change *pc = &rv->sc->projects[q];
    keel_time at = c->date.t;
    keel_status st = check_periods(rv, c, c->date);
    if (st != KEEL_OK)
        return st;
    if (pc->release != KEEL_TIME_NONE)
        return fail(rv, c, "%s: the project is postponed twice", c->text);
    if (c->to_date && at <= pr->start)
        return fail(rv, c, "%s: not after the project's start", c->text);
    if (c->to_date && at >= rv->s->horizon_to)
        return outside(rv, c, "lies after", rv->s->horizon_to);
    if (!c->to_date) {
        int64_t m;
        if (!keel_ini_amount_minutes(&c->amount, pr, 0, &m) || m > (int64_t)1 << 40)
            return fail(rv, c, "%s: too far", c->text);
        const keel_calendar *cal = &rv->p->calendars[pr->calendar];
        /* starts when that much working time has passed: the next working instant */
        at = keel_calendar_next_work(cal, c->amount.elapsed
                                              ? pr->start + m
                                              : keel_calendar_add_work(cal, pr->start, m));
    }
    pc->release = at;
    if (at - pr->start > 0)
        rv->horizon_to += at - pr->start;
    return KEEL_OK;
}

static keel_status resolve_project(resolver *rv, const keel_change *c)
{
    int q = -1;
    keel_status st = find_project(rv, c, &q);
    if (st != KEEL_OK)
        return st;
    keel_project_change *pc = &rv->sc->projects[q];
    if (pc->removed)
        return fail(rv, c, "%s: the project is %s in this scenario", c->text,
                    c->kind == KEEL_CHANGE_REMOVE ? "already removed" : "removed");
    switch (c->kind) {
    case KEEL_CHANGE_REMOVE:
        pc->removed = true;
        return KEEL_OK;
    case KEEL_CHANGE_POSTPONE:
        return resolve_postpone(rv, c, q);
    case KEEL_CHANGE_PRIORITY:
        pc->priority = c->priority;
        return KEEL_OK;
    case KEEL_CHANGE_WEIGHT:
        pc->weight = c->weight;
        return KEEL_OK;
    default: /* DEADLINE */
        if ((st = check_periods(rv, c, c->date)) != KEEL_OK)
            return st;
        if (c->date.t != KEEL_TIME_NONE && c->date.t < rv->s->horizon_from)
            return outside(rv, c, "lies before", rv->s->horizon_to);
        pc->set_deadline = true;
        pc->deadline = c->date.t;
        return KEEL_OK;
    }
}

static keel_status resolve_capacity(resolver *rv, const keel_change *c)
{
    int r = keel_portfolio_find_resource(rv->p, c->target);
    if (r < 0)
        return fail(rv, c, "%s: no resource '%.100s'", c->text, c->target);
    if (rv->p->resources[r].type != KEEL_RES_WORK)
        return fail(rv, c, "%s: '%.100s' is not a work resource", c->text, c->target);
    const keel_ini_capacity *k = &c->capacity;
    keel_status st = check_periods(rv, c, (keel_when){k->from, k->from_periods});
    if (st == KEEL_OK)
        st = check_periods(rv, c, (keel_when){k->to, k->to_periods});
    if (st != KEEL_OK)
        return st;
    if (k->to != KEEL_TIME_NONE && k->to <= rv->s->horizon_from)
        return outside(rv, c, "ends before", rv->horizon_to);
    if (k->from != KEEL_TIME_NONE && k->from >= rv->horizon_to)
        return outside(rv, c, "starts after", rv->horizon_to);
    keel_capacity_change cc = {r, k->relative, k->units, k->from, k->to};
    keel_time at;
    int32_t units;
    keel_error e;
    st = keel_capacity_apply(rv->scratch, &rv->cap[r], &cc, &rv->cap[r], &at, &units, &e);
    if (st == KEEL_ERR_INVALID) {
        char a[64], d[32], u[16];
        snprintf(u, sizeof u, "%.3f", (double)units / KEEL_UNITS_ONE);
        if (at == KEEL_TIME_NONE)
            snprintf(a, sizeof a, "at the start");
        else
            snprintf(a, sizeof a, "from %s", when_text(rv, at, d, sizeof d));
        return fail(rv, c, "%s: the capacity of '%s' would be %s units %s (a capacity "
                    "cannot be negative)", c->text, rv->p->resources[r].name, u, a);
    }
    if (st != KEEL_OK)
        return keel_error_nomem(rv->err);
    keel_scenario *sc = rv->sc;
    sc->capacity[sc->ncapacity++] = cc;
    return KEEL_OK;
}

/* True when capacity a is at least b everywhere. */
static bool at_least(const keel_capacity *a, const keel_capacity *b)
{
    for (int i = 0; i < a->n; i++)
        if (a->units[i] < b->units[keel_step_index(b->at, b->n, a->at[i])])
            return false;
    for (int i = 0; i < b->n; i++)
        if (a->units[keel_step_index(a->at, a->n, b->at[i])] < b->units[i])
            return false;
    return true;
}

/* Only more capacity and fewer projects: the base schedule stays feasible. */
static bool relaxes(const resolver *rv)
{
    const keel_scenario *sc = rv->sc;
    if (sc->loaded)
        return false;
    for (int q = 0; q < rv->p->nprojects; q++) {
        const keel_project_change *pc = &sc->projects[q];
        if (pc->release != KEEL_TIME_NONE || pc->priority >= 0 || !isnan(pc->weight) ||
            pc->set_deadline)
            return false;
    }
    for (int r = 0; r < rv->p->nresources; r++)
        if (!at_least(&rv->cap[r], &rv->p->resources[r].capacity))
            return false;
    return true;
}

/* Loads the base's project files and the scenario's added ones. */
static keel_status load_added(resolver *rv, const keel_scenario_def *d)
{
    const keel_portfolio *b = rv->s->base;
    int nadd = 0, n = 0;
    const keel_change *first = NULL;
    for (int i = 0; i < d->nchanges; i++)
        if (d->changes[i].kind == KEEL_CHANGE_ADD && nadd++ == 0)
            first = &d->changes[i];
    if (nadd == 0)
        return KEEL_OK;
    if (b->research)
        return fail(rv, first, "%s: research instances take no added files", first->text);
    const char **files = calloc((size_t)(b->nprojects + nadd), sizeof *files);
    if (!files)
        return keel_error_nomem(rv->err);
    for (int q = 0; q < b->nprojects; q++)
        if (b->projects[q].file)
            files[n++] = b->projects[q].file;
    for (int i = 0; i < d->nchanges; i++)
        if (d->changes[i].kind == KEEL_CHANGE_ADD)
            files[n++] = d->changes[i].target;
    keel_error e = {0};
    keel_status st = keel_portfolio_load(files, n, rv->load, &rv->sc->loaded, &e);
    free(files);
    if (st == KEEL_ERR_NOMEM)
        return keel_error_nomem(rv->err);
    if (st != KEEL_OK)
        return keel_error_set(rv->err, st, rv->file, first->line, "scenario '%s': %s", d->name,
                              e.message);
    rv->p = rv->sc->loaded;
    return KEEL_OK;
}

static keel_status resolve_changes(resolver *rv, const keel_scenario_def *d)
{
    keel_status st = KEEL_OK;
    /* projects first: postponements move the horizon's end for capacities */
    for (int pass = 0; pass < 2 && st == KEEL_OK; pass++)
        for (int i = 0; i < d->nchanges && st == KEEL_OK; i++) {
            const keel_change *c = &d->changes[i];
            if (c->kind == KEEL_CHANGE_ADD || (c->kind == KEEL_CHANGE_CAPACITY) != (pass == 1))
                continue;
            st = pass ? resolve_capacity(rv, c) : resolve_project(rv, c);
        }
    int kept = 0;
    for (int q = 0; st == KEEL_OK && q < rv->p->nprojects; q++)
        kept += !rv->sc->projects[q].removed;
    if (st == KEEL_OK && kept == 0)
        st = keel_error_set(rv->err, KEEL_ERR_PARSE, rv->file, d->line,
                            "scenario '%s' removes every project", d->name);
    return st;
}

static keel_status scenario_init(resolver *rv, const keel_scenario_def *d)
{
    keel_scenario *sc = rv->sc;
    if (!(sc->name = strdup(d->name)) ||
        !(sc->changes = calloc((size_t)d->nchanges + 1, sizeof *sc->changes)))
        return keel_error_nomem(rv->err);
    for (; sc->nchanges < d->nchanges; sc->nchanges++)
        if (!(sc->changes[sc->nchanges] = strdup(d->changes[sc->nchanges].text)))
            return keel_error_nomem(rv->err);
    keel_status st = load_added(rv, d);
    if (st != KEEL_OK)
        return st;
    const keel_portfolio *p = rv->p;
    sc->projects = calloc((size_t)p->nprojects + 1, sizeof *sc->projects);
    sc->capacity = calloc((size_t)d->nchanges + 1, sizeof *sc->capacity);
    rv->cap = keel_arena_alloc(rv->scratch, sizeof *rv->cap * ((size_t)p->nresources + 1));
    if (!sc->projects || !sc->capacity || !rv->cap)
        return keel_error_nomem(rv->err);
    for (int q = 0; q < p->nprojects; q++)
        keel_project_change_init(&sc->projects[q]);
    for (int r = 0; r < p->nresources; r++)
        rv->cap[r] = p->resources[r].capacity;
    return KEEL_OK;
}

static keel_status resolve(keel_scenarios *s, const char *file,
                           const keel_load_options *load, const keel_scenario_def *d,
                           keel_error *err)
{
    keel_scenario sc = {0};
    resolver rv = {.s = s, .file = file, .load = load, .p = s->base, .sc = &sc,
                   .horizon_to = s->horizon_to, .err = err};
    keel_status st = (rv.scratch = keel_arena_new()) ? KEEL_OK : keel_error_nomem(err);
    if (st == KEEL_OK)
        st = scenario_init(&rv, d);
    if (st == KEEL_OK)
        st = resolve_changes(&rv, d);
    if (st == KEEL_OK) {
        sc.relaxes = relaxes(&rv);
        if (!push(s, &sc))
            st = keel_error_nomem(err);
    }
    if (st != KEEL_OK)
        scenario_free(&sc);
    keel_arena_free(rv.scratch);
    return st;
}

static char *dup_or_null(const char *s, bool *ok)
{
    char *d = s ? strdup(s) : NULL;
    *ok = *ok && (!s || d);
    return d;
}

/* The list of a parsed scenario file (consumed). */
static keel_status resolve_file(keel_scenario_file *f, const keel_portfolio *base,
                                const keel_load_options *load, keel_scenarios **out,
                                keel_error *err)
{
    keel_scenarios *s = NULL;
    keel_status st = keel_scenarios_new(base, &s, err);
    if (st == KEEL_OK) {
        bool ok = true;
        s->path = dup_or_null(f->path, &ok);
        s->pool = dup_or_null(load ? load->pool_file : NULL, &ok);
        s->portfolio = dup_or_null(load ? load->portfolio_file : NULL, &ok);
        if (!ok)
            st = keel_error_nomem(err);
    }
    keel_load_options lo = {s ? s->pool : NULL, s ? s->portfolio : NULL};
    for (int i = 0; st == KEEL_OK && i < f->nscenarios; i++)
        st = resolve(s, f->path, &lo, &f->scenarios[i], err);
    keel_scenario_file_free(f);
    if (st != KEEL_OK) {
        keel_scenarios_free(s);
        return st;
    }
    *out = s;
    return KEEL_OK;
}

keel_status keel_scenarios_parse(const char *name, const char *text, size_t len,
                                 const keel_portfolio *base, const keel_load_options *load,
                                 keel_scenarios **out, keel_error *err)
{
    keel_scenario_file *f = NULL;
    *out = NULL;
    keel_status st = keel_scenario_file_parse(name, text, len, &f, err);
    return st == KEEL_OK ? resolve_file(f, base, load, out, err) : st;
}

keel_status keel_scenarios_read(const char *path, const keel_portfolio *base,
                                const keel_load_options *load, keel_scenarios **out,
                                keel_error *err)
{
    keel_scenario_file *f = NULL;
    *out = NULL;
    keel_status st = keel_scenario_file_read(path, &f, err);
    return st == KEEL_OK ? resolve_file(f, base, load, out, err) : st;
}

/* ---------------------------------------------------------------- sweeps */

/* "NAME=A..B[/STEP]" into its parts (spec is copied into buf). */
static keel_status parse_sweep(const char *spec, char *buf, size_t size, char **name,
                               int32_t *lo, int32_t *hi, int32_t *step, keel_error *err)
{
    bool rel;
    snprintf(buf, size, "%s", spec);
    char *eq = strchr(buf, '='), *dots = eq ? strstr(eq, "..") : NULL;
    if (!eq || !dots)
        return keel_error_set(err, KEEL_ERR_INVALID, NULL, 0,
                              "--sweep '%.100s': expected RESOURCE=+A..+B[/STEP], e.g. "
                              "\"Tester=+0..+3\"", spec);
    *eq = *dots = '\0';
    char *slash = strchr(dots + 2, '/');
    if (slash)
        *slash = '\0';
    *name = keel_ini_trim(buf);
    *step = KEEL_UNITS_ONE;
    if (!keel_ini_parse_units(keel_ini_trim(eq + 1), lo, &rel) ||
        !keel_ini_parse_units(keel_ini_trim(dots + 2), hi, &rel) ||
        (slash && (!keel_ini_parse_units(keel_ini_trim(slash + 1), step, &rel) ||
                   *step <= 0)) ||
        *hi < *lo || (int64_t)(*hi - *lo) / *step >= MAX_SWEEP_STEPS)
        return keel_error_set(err, KEEL_ERR_INVALID, NULL, 0,
                              "--sweep '%.100s': the range must be units A..B with A <= B "
                              "and a step > 0, at most %d steps", spec, MAX_SWEEP_STEPS);
    return KEEL_OK;
}

/* A scenario adding `units` of resource r for the whole horizon. */
static keel_status sweep_step(keel_scenarios *s, int r, int32_t units, keel_error *err)
{
    const keel_portfolio *p = s->base;
    keel_scenario sc = {.sweep = true, .sweep_units = (double)units / KEEL_UNITS_ONE,
                        .relaxes = units >= 0, .ncapacity = 1};
    char name[KEEL_SCENARIO_NAME_MAX + 1], text[300];
    int n = snprintf(name, sizeof name, "%.40s%+g", p->resources[r].name, sc.sweep_units);
    for (int i = 0; i < n && i < (int)sizeof name; i++) /* a name a folder can take */
        if (!strchr("._+-", name[i]) && !(name[i] >= '0' && name[i] <= '9') &&
            !((name[i] | 0x20) >= 'a' && (name[i] | 0x20) <= 'z'))
            name[i] = '_';
    snprintf(text, sizeof text, "capacity %s = %+g", p->resources[r].name, sc.sweep_units);
    if (find_scenario(s, name) >= 0)
        return keel_error_set(err, KEEL_ERR_INVALID, NULL, 0,
                              "--sweep: scenario '%s' is also in the scenario file", name);
    keel_capacity scratch;
    keel_time at;
    int32_t left;
    keel_arena *a = keel_arena_new();
    sc.capacity = calloc(1, sizeof *sc.capacity);
    sc.changes = calloc(1, sizeof *sc.changes);
    sc.projects = calloc((size_t)p->nprojects + 1, sizeof *sc.projects);
    keel_status st = a && sc.capacity && sc.changes && sc.projects ? KEEL_OK
                                                                   : keel_error_nomem(err);
    if (st == KEEL_OK && (!(sc.name = strdup(name)) || !(sc.changes[0] = strdup(text))))
        st = keel_error_nomem(err);
    sc.nchanges = sc.changes && sc.changes[0] ? 1 : 0;
    for (int q = 0; st == KEEL_OK && q < p->nprojects; q++)
        keel_project_change_init(&sc.projects[q]);
    if (st == KEEL_OK) {
        sc.capacity[0] = (keel_capacity_change){r, true, units, KEEL_TIME_NONE, KEEL_TIME_NONE};
        st = keel_capacity_apply(a, &p->resources[r].capacity, &sc.capacity[0], &scratch, &at,
                                 &left, err);
        if (st == KEEL_ERR_INVALID)
            st = keel_error_set(err, KEEL_ERR_INVALID, NULL, 0,
                                "--sweep: %s would leave '%s' below zero units", text,
                                p->resources[r].name);
    }
    keel_arena_free(a);
    if (st == KEEL_OK && !push(s, &sc))
        st = keel_error_nomem(err);
    if (st != KEEL_OK)
        scenario_free(&sc);
    return st;
}

keel_status keel_scenarios_add_sweep(keel_scenarios *s, const char *spec, keel_error *err)
{
    char buf[256], *name = NULL;
    int32_t lo, hi, step;
    if (s->sweep)
        return keel_error_set(err, KEEL_ERR_INVALID, NULL, 0, "only one --sweep at a time");
    keel_status st = parse_sweep(spec, buf, sizeof buf, &name, &lo, &hi, &step, err);
    if (st != KEEL_OK)
        return st;
    int r = keel_portfolio_find_resource(s->base, name);
    if (r < 0 || s->base->resources[r].type != KEEL_RES_WORK)
        return keel_error_set(err, KEEL_ERR_INVALID, NULL, 0,
                              "--sweep '%.100s': no work resource '%.100s'", spec, name);
    int first = s->n;
    for (int32_t u = lo; st == KEEL_OK && u <= hi; u += step)
        st = sweep_step(s, r, u, err);
    if (st == KEEL_OK && !(s->sweep = strdup(s->base->resources[r].name)))
        st = keel_error_nomem(err);
    if (st != KEEL_OK) { /* the list as it was */
        while (s->n > first)
            scenario_free(&s->list[--s->n]);
    }
    return st;
}

/* ---------------------------------------------------------------- inputs */

const char **keel_scenarios_inputs(const keel_scenarios *s, int *n)
{
    int cap = 3 + s->base->nprojects;
    for (int i = 0; i < s->n; i++)
        cap += s->list[i].loaded ? s->list[i].loaded->nprojects : 0;
    const char **in = calloc((size_t)cap, sizeof *in);
    if (!in)
        return NULL;
    *n = 0;
    const char *named[] = {s->path, s->pool, s->portfolio};
    for (int k = 0; k < 3; k++)
        if (named[k])
            in[(*n)++] = named[k];
    for (int i = -1; i < s->n; i++) {
        const keel_portfolio *p = i < 0 ? s->base : s->list[i].loaded;
        for (int q = 0; p && q < p->nprojects; q++)
            if (p->projects[q].file)
                in[(*n)++] = p->projects[q].file;
    }
    return in;
}
