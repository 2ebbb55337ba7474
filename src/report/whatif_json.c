/* SPDX-License-Identifier: GPL-3.0-or-later
 * The what-if comparison as JSON (whatif.h): written for users and scripts
 * (`keel whatif --json`) and as the shard file of a partial run, read back to
 * merge shards. Numbers that are not integers are written so that reading
 * gives the same double back (strbuf.h), so a merged table is the same data
 * as the table of one run. The members:
 *   format "keel-whatif", version 1, objective, objective_unit, research,
 *   seed, schedules, solvers, scenario_count, scenario_names, shard [K, N]
 *   (partial runs only), sweep (resource or null), projects (the rows),
 *   scenarios: index, name, changes, sweep_units (or null), objective_value,
 *   baseline, solver, schedules, deadlines, deadlines_met, most_loaded
 *   ({resource, load} or null), projects: name, minutes_per_day, status,
 *   cpm_finish, finish, delay, deadline, deadline_met.
 */
#include "report/whatif.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "base/json.h"
#include "base/strbuf.h"
#include "base/timefmt.h"

static const char *const status_names[] = {"absent", "scheduled", "removed"};

/* ---------------------------------------------------------------- writing */

static void put_key(keel_strbuf *b, const char *key)
{
    keel_strbuf_json_string(b, key);
    keel_strbuf_puts(b, ":");
}

static void put_time(keel_strbuf *b, const keel_whatif_table *t, const char *key, keel_time v)
{
    put_key(b, key);
    if (v == KEEL_TIME_NONE) {
        keel_strbuf_puts(b, "null");
    } else if (t->research) {
        keel_strbuf_printf(b, "%lld", (long long)v);
    } else {
        char buf[32];
        keel_strbuf_json_string(b, keel_format_datetime(v, buf, sizeof buf));
    }
}

static void put_cell(keel_strbuf *b, const keel_whatif_table *t, const keel_wcell *c)
{
    keel_strbuf_puts(b, "{");
    put_key(b, "name");
    keel_strbuf_json_string(b, c->project);
    keel_strbuf_printf(b, ",\"minutes_per_day\":%d,\"status\":", (int)c->minutes_per_day);
    keel_strbuf_json_string(b, status_names[c->status]);
    if (c->status == KEEL_CELL_SCHEDULED) {
        keel_strbuf_puts(b, ",");
        put_time(b, t, "cpm_finish", c->cpm_finish);
        keel_strbuf_puts(b, ",");
        put_time(b, t, "finish", c->finish);
        keel_strbuf_printf(b, ",\"delay\":%lld,", (long long)c->delay);
        put_time(b, t, "deadline", c->deadline);
        keel_strbuf_printf(b, ",\"deadline_met\":%s", c->deadline_met ? "true" : "false");
    }
    keel_strbuf_puts(b, "}");
}

static void put_scenario(keel_strbuf *b, const keel_whatif_table *t, const keel_wscenario *s)
{
    keel_strbuf_printf(b, "{\"index\":%d,\"name\":", s->index);
    keel_strbuf_json_string(b, s->name);
    keel_strbuf_puts(b, ",\"changes\":[");
    for (int i = 0; i < s->nchanges; i++) {
        keel_strbuf_puts(b, i ? "," : "");
        keel_strbuf_json_string(b, s->changes[i]);
    }
    keel_strbuf_puts(b, "],\"sweep_units\":");
    keel_strbuf_json_double(b, s->sweep ? s->sweep_units : NAN);
    keel_strbuf_puts(b, ",\"objective_value\":");
    keel_strbuf_json_double(b, s->value);
    keel_strbuf_puts(b, ",\"baseline\":");
    keel_strbuf_json_double(b, s->baseline);
    keel_strbuf_puts(b, ",\"solver\":");
    keel_strbuf_json_string(b, s->solver ? s->solver : "");
    keel_strbuf_printf(b, ",\"schedules\":%lld,\"deadlines\":%d,\"deadlines_met\":%d,"
                          "\"most_loaded\":",
                       (long long)s->schedules, s->deadlines, s->deadlines_met);
    if (s->most_loaded) {
        keel_strbuf_puts(b, "{\"resource\":");
        keel_strbuf_json_string(b, s->most_loaded);
        keel_strbuf_puts(b, ",\"load\":");
        keel_strbuf_json_double(b, s->load);
        keel_strbuf_puts(b, "}");
    } else {
        keel_strbuf_puts(b, "null");
    }
    keel_strbuf_puts(b, ",\"projects\":[");
    for (int c = 0; c < s->ncells; c++) {
        keel_strbuf_puts(b, c ? "," : "");
        put_cell(b, t, &s->cells[c]);
    }
    keel_strbuf_puts(b, "]}");
}

static void put_header(keel_strbuf *b, const keel_whatif_table *t)
{
    keel_strbuf_puts(b, "{\"format\":\"keel-whatif\",\"version\":1,\"objective\":");
    keel_strbuf_json_string(b, t->objective);
    bool span = !strcmp(t->objective, "makespan") || !strcmp(t->objective, "tms");
    keel_strbuf_printf(b, ",\"objective_unit\":\"%s\",\"research\":%s,\"seed\":%llu,"
                          "\"schedules\":%lld,\"solvers\":",
                       t->research ? "periods" : span ? "minutes" : "days",
                       t->research ? "true" : "false",
                       (unsigned long long)t->seed, (long long)t->budget);
    keel_strbuf_json_string(b, t->solvers);
    keel_strbuf_printf(b, ",\"scenario_count\":%d,\"scenario_names\":[", t->total);
    for (int i = 0; i < t->total; i++) {
        keel_strbuf_puts(b, i ? "," : "");
        keel_strbuf_json_string(b, t->names[i]);
    }
    keel_strbuf_puts(b, "]");
    if (t->nshards > 0)
        keel_strbuf_printf(b, ",\"shard\":[%d,%d]", t->shard, t->nshards);
    keel_strbuf_puts(b, ",\"sweep\":");
    if (t->sweep)
        keel_strbuf_json_string(b, t->sweep);
    else
        keel_strbuf_puts(b, "null");
    keel_strbuf_puts(b, ",\"projects\":[");
    for (int r = 0; r < t->nrows; r++) {
        keel_strbuf_puts(b, r ? ",{\"name\":" : "{\"name\":");
        keel_strbuf_json_string(b, t->rows[r]);
        keel_strbuf_printf(b, ",\"minutes_per_day\":%d}", (int)t->row_mpd[r]);
    }
    keel_strbuf_puts(b, "]");
}

keel_status keel_whatif_json(const keel_whatif_table *t, char **out, keel_error *err)
{
    keel_strbuf b = {0};
    put_header(&b, t);
    keel_strbuf_puts(&b, ",\n\"scenarios\":[\n");
    for (int s = 0; s < t->nscenarios; s++) {
        put_scenario(&b, t, &t->sc[s]);
        keel_strbuf_puts(&b, s + 1 < t->nscenarios ? ",\n" : "\n");
    }
    keel_strbuf_puts(&b, "]}\n");
    *out = keel_strbuf_take(&b, NULL);
    return *out ? KEEL_OK : keel_error_nomem(err);
}

/* ---------------------------------------------------------------- reading */

typedef struct reader {
    const char *name;
    bool research;
    keel_error *err;
} reader;

static keel_status bad(const reader *rd, const keel_json *v, const char *what)
{
    return keel_error_set(rd->err, KEEL_ERR_PARSE, rd->name, v ? v->line : 0,
                          "not a keel what-if result: %s", what);
}

static keel_status get_string(const reader *rd, const keel_json *o, const char *key,
                              bool null_ok, char **out)
{
    const keel_json *v = keel_json_get(o, key);
    *out = NULL;
    if (v && v->kind == KEEL_JSON_NULL && null_ok)
        return KEEL_OK;
    if (!v || v->kind != KEEL_JSON_STRING)
        return bad(rd, v ? v : o, key);
    return (*out = strdup(v->text)) ? KEEL_OK : keel_error_nomem(rd->err);
}

static keel_status get_int(const reader *rd, const keel_json *o, const char *key,
                           int64_t lo, int64_t hi, int64_t *out)
{
    const keel_json *v = keel_json_get(o, key);
    if (!keel_json_int(v, out) || *out < lo || *out > hi)
        return bad(rd, v ? v : o, key);
    return KEEL_OK;
}

static keel_status get_double(const reader *rd, const keel_json *o, const char *key,
                              double *out)
{
    const keel_json *v = keel_json_get(o, key);
    if (v && v->kind == KEEL_JSON_NULL) {
        *out = NAN;
        return KEEL_OK;
    }
    if (!v || v->kind != KEEL_JSON_NUMBER)
        return bad(rd, v ? v : o, key);
    *out = v->number;
    return KEEL_OK;
}

static keel_status get_bool(const reader *rd, const keel_json *o, const char *key, bool *out)
{
    const keel_json *v = keel_json_get(o, key);
    if (!v || v->kind != KEEL_JSON_BOOL)
        return bad(rd, v ? v : o, key);
    *out = v->boolean;
    return KEEL_OK;
}

static keel_status get_time(const reader *rd, const keel_json *o, const char *key,
                            keel_time *out)
{
    const keel_json *v = keel_json_get(o, key);
    int64_t n;
    *out = KEEL_TIME_NONE;
    if (v && v->kind == KEEL_JSON_NULL)
        return KEEL_OK;
    if (rd->research ? keel_json_int(v, &n) && (*out = n, true)
                     : v && v->kind == KEEL_JSON_STRING && keel_parse_datetime(v->text, out))
        return KEEL_OK;
    return bad(rd, v ? v : o, key);
}

static keel_status read_cell(const reader *rd, const keel_json *o, keel_wcell *c)
{
    char *status = NULL;
    int64_t n;
    keel_status st = get_string(rd, o, "name", false, &c->project);
    if (st == KEEL_OK && (st = get_int(rd, o, "minutes_per_day", 0, INT32_MAX, &n)) == KEEL_OK)
        c->minutes_per_day = (int32_t)n;
    if (st == KEEL_OK)
        st = get_string(rd, o, "status", false, &status);
    if (st == KEEL_OK) {
        c->status = status && strcmp(status, "scheduled") == 0 ? KEEL_CELL_SCHEDULED
                    : status && strcmp(status, "removed") == 0 ? KEEL_CELL_REMOVED
                                                               : KEEL_CELL_ABSENT;
        if (c->status == KEEL_CELL_ABSENT)
            st = bad(rd, keel_json_get(o, "status"), "status");
    }
    free(status);
    c->cpm_finish = c->finish = c->deadline = KEEL_TIME_NONE;
    if (st != KEEL_OK || c->status != KEEL_CELL_SCHEDULED)
        return st;
    if ((st = get_time(rd, o, "cpm_finish", &c->cpm_finish)) == KEEL_OK &&
        (st = get_time(rd, o, "finish", &c->finish)) == KEEL_OK &&
        (st = get_int(rd, o, "delay", INT64_MIN, INT64_MAX, &c->delay)) == KEEL_OK &&
        (st = get_time(rd, o, "deadline", &c->deadline)) == KEEL_OK)
        st = get_bool(rd, o, "deadline_met", &c->deadline_met);
    return st;
}

/* A JSON array member as a list of n items (NULL array when absent: error). */
static const keel_json *get_array(const reader *rd, const keel_json *o, const char *key,
                                  keel_status *st)
{
    const keel_json *v = keel_json_get(o, key);
    *st = v && v->kind == KEEL_JSON_ARRAY ? KEEL_OK : bad(rd, v ? v : o, key);
    return *st == KEEL_OK ? v : NULL;
}

static keel_status read_loaded(const reader *rd, const keel_json *o, keel_wscenario *s)
{
    const keel_json *m = keel_json_get(o, "most_loaded");
    if (m && m->kind == KEEL_JSON_NULL)
        return KEEL_OK;
    if (!m || m->kind != KEEL_JSON_OBJECT)
        return bad(rd, m ? m : o, "most_loaded");
    keel_status st = get_string(rd, m, "resource", false, &s->most_loaded);
    return st == KEEL_OK ? get_double(rd, m, "load", &s->load) : st;
}

static keel_status read_changes(const reader *rd, const keel_json *o, keel_wscenario *s)
{
    keel_status st;
    const keel_json *a = get_array(rd, o, "changes", &st);
    if (!a)
        return st;
    if (!(s->changes = calloc((size_t)a->n + 1, sizeof *s->changes)))
        return keel_error_nomem(rd->err);
    for (int i = 0; i < a->n; i++, s->nchanges++) {
        if (a->items[i]->kind != KEEL_JSON_STRING)
            return bad(rd, a->items[i], "changes");
        if (!(s->changes[i] = strdup(a->items[i]->text)))
            return keel_error_nomem(rd->err);
    }
    return KEEL_OK;
}

static keel_status read_scenario(const reader *rd, const keel_json *o, keel_wscenario *s)
{
    int64_t n;
    keel_status st = get_int(rd, o, "index", 0, INT32_MAX, &n);
    s->index = (int)n;
    if (st == KEEL_OK)
        st = get_string(rd, o, "name", false, &s->name);
    if (st == KEEL_OK)
        st = read_changes(rd, o, s);
    if (st == KEEL_OK && (st = get_double(rd, o, "sweep_units", &s->sweep_units)) == KEEL_OK)
        s->sweep = !isnan(s->sweep_units);
    if (st == KEEL_OK && (st = get_double(rd, o, "objective_value", &s->value)) == KEEL_OK &&
        (st = get_double(rd, o, "baseline", &s->baseline)) == KEEL_OK &&
        (st = get_string(rd, o, "solver", false, &s->solver)) == KEEL_OK &&
        (st = get_int(rd, o, "schedules", 0, INT64_MAX, &s->schedules)) == KEEL_OK &&
        (st = get_int(rd, o, "deadlines", 0, INT32_MAX, &n)) == KEEL_OK) {
        s->deadlines = (int)n;
        if ((st = get_int(rd, o, "deadlines_met", 0, s->deadlines, &n)) == KEEL_OK)
            s->deadlines_met = (int)n;
    }
    if (st == KEEL_OK)
        st = read_loaded(rd, o, s);
    const keel_json *cells = st == KEEL_OK ? get_array(rd, o, "projects", &st) : NULL;
    if (cells && !(s->cells = calloc((size_t)cells->n + 1, sizeof *s->cells)))
        st = keel_error_nomem(rd->err);
    for (int i = 0; cells && st == KEEL_OK && i < cells->n; i++) {
        s->ncells = i + 1; /* counted first, so that a failure frees it */
        st = read_cell(rd, cells->items[i], &s->cells[i]);
    }
    return st;
}

static keel_status read_header(reader *rd, const keel_json *o, keel_whatif_table *t)
{
    char *text = NULL;
    int64_t n;
    keel_status st = get_string(rd, o, "format", false, &text);
    if (st == KEEL_OK && strcmp(text, "keel-whatif") != 0)
        st = bad(rd, keel_json_get(o, "format"), "format");
    free(text);
    if (st == KEEL_OK)
        st = get_int(rd, o, "version", 1, 1, &n);
    if (st == KEEL_OK && (st = get_string(rd, o, "objective", false, &text)) == KEEL_OK) {
        snprintf(t->objective, sizeof t->objective, "%s", text);
        free(text);
    }
    if (st == KEEL_OK && (st = get_bool(rd, o, "research", &t->research)) == KEEL_OK)
        rd->research = t->research;
    if (st == KEEL_OK && (st = get_int(rd, o, "seed", 0, INT64_MAX, &n)) == KEEL_OK)
        t->seed = (uint64_t)n;
    if (st == KEEL_OK)
        st = get_int(rd, o, "schedules", 0, INT64_MAX, &t->budget);
    if (st == KEEL_OK && (st = get_string(rd, o, "solvers", false, &text)) == KEEL_OK) {
        snprintf(t->solvers, sizeof t->solvers, "%s", text);
        free(text);
    }
    if (st == KEEL_OK)
        st = get_string(rd, o, "sweep", true, &t->sweep);
    return st;
}

static keel_status read_names(const reader *rd, const keel_json *o, keel_whatif_table *t)
{
    int64_t n;
    keel_status st = get_int(rd, o, "scenario_count", 0, INT32_MAX, &n);
    const keel_json *a = st == KEEL_OK ? get_array(rd, o, "scenario_names", &st) : NULL;
    if (a && a->n != n)
        return bad(rd, a, "scenario_names");
    if (a && !(t->names = calloc((size_t)n + 1, sizeof *t->names)))
        return keel_error_nomem(rd->err);
    for (int i = 0; a && st == KEEL_OK && i < a->n; i++, t->total++) {
        if (a->items[i]->kind != KEEL_JSON_STRING)
            return bad(rd, a->items[i], "scenario_names");
        if (!(t->names[i] = strdup(a->items[i]->text)))
            return keel_error_nomem(rd->err);
    }
    const keel_json *sh = keel_json_get(o, "shard");
    if (st != KEEL_OK || !sh)
        return st;
    int64_t k, m;
    if (sh->kind != KEEL_JSON_ARRAY || sh->n != 2 || !keel_json_int(sh->items[0], &k) ||
        !keel_json_int(sh->items[1], &m) || m < 1 || m > 100000 || k < 1 || k > m)
        return bad(rd, sh, "shard");
    t->shard = (int)k;
    t->nshards = (int)m;
    return KEEL_OK;
}

keel_status keel_whatif_json_read(const char *name, const char *text, size_t len,
                                  keel_whatif_table *t, keel_error *err)
{
    memset(t, 0, sizeof *t);
    reader rd = {.name = name, .err = err};
    keel_json_doc doc;
    keel_status st = keel_json_parse(name, text, len, &doc, err);
    if (st != KEEL_OK)
        return st;
    const keel_json *o = doc.root;
    if (o->kind != KEEL_JSON_OBJECT)
        st = bad(&rd, o, "not an object");
    if (st == KEEL_OK)
        st = read_header(&rd, o, t);
    if (st == KEEL_OK)
        st = read_names(&rd, o, t);
    const keel_json *sc = st == KEEL_OK ? get_array(&rd, o, "scenarios", &st) : NULL;
    if (sc && !(t->sc = calloc((size_t)sc->n + 1, sizeof *t->sc)))
        st = keel_error_nomem(err);
    for (int i = 0; sc && st == KEEL_OK && i < sc->n; i++) {
        t->nscenarios = i + 1;
        st = read_scenario(&rd, sc->items[i], &t->sc[i]);
    }
    if (st == KEEL_OK && (t->nscenarios == 0 || t->sc[0].index != 0))
        st = bad(&rd, o, "the base (scenario index 0) is missing");
    for (int i = 1; st == KEEL_OK && i < t->nscenarios; i++)
        if (t->sc[i].index < 1 || t->sc[i].index > t->total ||
            t->sc[i].index <= t->sc[i - 1].index ||
            strcmp(t->sc[i].name, t->names[t->sc[i].index - 1]) != 0)
            st = bad(&rd, sc->items[i], "scenario index or name");
    if (st == KEEL_OK)
        st = keel_whatif_table_finish(t, err);
    keel_json_doc_free(&doc);
    if (st != KEEL_OK)
        keel_whatif_table_free(t);
    return st;
}

/* ---------------------------------------------------------------- merging */

static bool same_settings(const keel_whatif_table *a, const keel_whatif_table *b)
{
    if (a->research != b->research || a->seed != b->seed || a->budget != b->budget ||
        strcmp(a->objective, b->objective) || strcmp(a->solvers, b->solvers) ||
        a->total != b->total || (!a->sweep != !b->sweep) ||
        (a->sweep && strcmp(a->sweep, b->sweep)))
        return false;
    for (int i = 0; i < a->total; i++)
        if (strcmp(a->names[i], b->names[i]) != 0)
            return false;
    return true;
}

/* The base scenario as JSON, to compare bases of two shards. */
static char *base_json(const keel_whatif_table *t)
{
    keel_strbuf b = {0};
    put_scenario(&b, t, &t->sc[0]);
    return keel_strbuf_take(&b, NULL);
}

static keel_status check_shards(keel_whatif_table *a, const char *const *names, int n,
                                keel_error *err)
{
    char *base0 = base_json(&a[0]);
    keel_status st = base0 ? KEEL_OK : keel_error_nomem(err);
    for (int i = 0; st == KEEL_OK && i < n; i++) {
        char *base = NULL;
        if (a[i].nshards == 0)
            st = keel_error_set(err, KEEL_ERR_INVALID, names[i], 0,
                                "not a shard (written without --shard)");
        else if (a[i].nshards != n)
            st = keel_error_set(err, KEEL_ERR_INVALID, names[i], 0,
                                "shard %d of %d, but %d shard files were given", a[i].shard,
                                a[i].nshards, n);
        else if (!same_settings(&a[0], &a[i]))
            st = keel_error_set(err, KEEL_ERR_INVALID, names[i], 0,
                                "comes from another run than %s (objective, seed, budget, "
                                "solvers or scenario list differ)", names[0]);
        else if (!(base = base_json(&a[i])))
            st = keel_error_nomem(err);
        else if (strcmp(base, base0) != 0)
            st = keel_error_set(err, KEEL_ERR_INVALID, names[i], 0,
                                "its base result differs from %s's (other input files?)",
                                names[0]);
        for (int j = 0; st == KEEL_OK && j < i; j++)
            if (a[j].shard == a[i].shard)
                st = keel_error_set(err, KEEL_ERR_INVALID, names[i], 0,
                                    "shard %d of %d is also %s", a[i].shard, n, names[j]);
        free(base);
    }
    free(base0);
    return st;
}

/* Moves the scenarios of the shards into out->sc by index. */
static keel_status gather(keel_whatif_table *a, int n, keel_whatif_table *out, keel_error *err)
{
    out->sc = calloc((size_t)out->total + 1, sizeof *out->sc);
    if (!out->sc)
        return keel_error_nomem(err);
    out->nscenarios = out->total + 1; /* empty slots free as nothing */
    out->sc[0] = a[0].sc[0];
    memset(&a[0].sc[0], 0, sizeof a[0].sc[0]);
    for (int i = 0; i < n; i++)
        for (int s = 1; s < a[i].nscenarios; s++) {
            keel_wscenario *sc = &a[i].sc[s];
            if ((sc->index - 1) % n != a[i].shard - 1)
                return keel_error_set(err, KEEL_ERR_INVALID, NULL, 0,
                                      "scenario '%s' is not in shard %d of %d", sc->name,
                                      a[i].shard, n);
            out->sc[sc->index] = *sc;
            memset(sc, 0, sizeof *sc);
        }
    for (int s = 1; s <= out->total; s++)
        if (!out->sc[s].name)
            return keel_error_set(err, KEEL_ERR_INVALID, NULL, 0,
                                  "no shard holds scenario '%s'", out->names[s - 1]);
    return KEEL_OK;
}

keel_status keel_whatif_table_merge(keel_whatif_table *a, const char *const *names, int n,
                                    keel_whatif_table *out, keel_error *err)
{
    memset(out, 0, sizeof *out);
    keel_status st = n > 0 ? check_shards(a, names, n, err)
                           : keel_error_set(err, KEEL_ERR_INVALID, NULL, 0, "no shard files");
    if (st == KEEL_OK) {
        /* the settings and the scenario list move over from the first shard */
        *out = a[0];
        out->sc = NULL;
        out->nscenarios = 0;
        out->rows = NULL;
        out->row_mpd = NULL;
        out->nrows = 0;
        out->shard = out->nshards = 0;
        a[0].names = NULL;
        a[0].total = 0;
        a[0].sweep = NULL;
        st = gather(a, n, out, err);
    }
    if (st == KEEL_OK)
        st = keel_whatif_table_finish(out, err);
    for (int i = 0; i < n; i++)
        keel_whatif_table_free(&a[i]);
    if (st != KEEL_OK)
        keel_whatif_table_free(out);
    return st;
}
