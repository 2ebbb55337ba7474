/* SPDX-License-Identifier: GPL-3.0-or-later
 * The leveled files of what-if scenarios (keel_whatif_write_mspdi): one
 * folder per scenario, DIR/<scenario>/, with each project's leveled MSPDI file
 * and a portfolio file of the scenario's settings (priorities, weights,
 * releases, deadlines, links between projects, capacity changes as
 * [resource] sections), so that keel verify reads the scenario exactly.
 *
 * Each folder is one output set (keel.h "output sets": targets checked, files
 * synced under temporary names, renamed at commit). Across folders: every set
 * is declared, checked and filled before the first commit, so a failure
 * before the commits (an input in the way, a full disk, a date out of range)
 * leaves every folder as it was.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "base/readfile.h"
#include "base/strbuf.h"
#include "run/whatif.h"

/* ---------------------------------------------------------------- portfolio.txt */

typedef char section[128];

/* A section name for project q: its portfolio section, else its file name
 * with the characters a section name cannot hold replaced; made unique. */
static void section_name(const keel_portfolio *p, int q, section *names)
{
    const keel_project *pr = &p->projects[q];
    char *buf = names[q];
    snprintf(buf, sizeof names[q], "%s", pr->alias ? pr->alias : pr->name);
    for (char *c = buf; *c; c++)
        if (*c == ' ' || *c == '\t' || *c == '[' || *c == ']' || *c == '=' || *c == '>')
            *c = '_';
    for (int k = 0; k < q; k++)
        if (strcmp(names[k], buf) == 0) {
            size_t n = strlen(buf);
            snprintf(buf + n, sizeof names[q] - n, "-%d", q + 1);
            break;
        }
}

static void put_when(keel_strbuf *b, const keel_portfolio *p, const char *key, keel_time t)
{
    char buf[32];
    if (t == KEEL_TIME_NONE)
        return;
    keel_time_format(p, t, buf, sizeof buf);
    if (!p->research)
        buf[16] = '\0'; /* whole minutes: YYYY-MM-DDTHH:MM */
    keel_strbuf_printf(b, "%s = %s\n", key, buf);
}

static void put_links(keel_strbuf *b, const keel_portfolio *p, const section *names)
{
    static const char *const types[] = {"FF", "FS", "SF", "SS"};
    bool any = false;
    for (int i = 0; i < p->nlinks; i++) {
        const keel_link *l = &p->links[i];
        int a = p->tasks[l->pred].project, z = p->tasks[l->succ].project;
        if (a == z)
            continue; /* in the project's own file */
        if (!any)
            keel_strbuf_puts(b, "\n[links]\n");
        any = true;
        keel_strbuf_printf(b, "%s:%d -> %s:%d %s", names[a], (int)p->tasks[l->pred].uid,
                           names[z], (int)p->tasks[l->succ].uid, types[l->type & 3]);
        if (l->lag != 0)
            keel_strbuf_printf(b, " %+lld%s", (long long)l->lag,
                               l->lag_kind == KEEL_LAG_ELAPSED ? "em" : "m");
        keel_strbuf_puts(b, "\n");
    }
}

static void put_units(keel_strbuf *b, int32_t units, bool relative)
{
    char buf[32];
    snprintf(buf, sizeof buf, relative ? "%+.3f" : "%.3f", (double)units / KEEL_UNITS_ONE);
    size_t n = strlen(buf);
    while (buf[n - 1] == '0')
        buf[--n] = '\0';
    if (buf[n - 1] == '.')
        buf[--n] = '\0';
    keel_strbuf_puts(b, buf);
}

static void put_moment(keel_strbuf *b, const keel_portfolio *p, const char *word, keel_time t)
{
    char buf[32];
    if (t == KEEL_TIME_NONE)
        return;
    keel_time_format(p, t, buf, sizeof buf);
    if (!p->research)
        buf[16] = '\0';
    keel_strbuf_printf(b, " %s %s", word, buf);
}

/* The scenario's capacity changes as [resource] sections, in order. */
static void put_resources(keel_strbuf *b, const keel_scenario *sc, const keel_portfolio *p)
{
    for (int i = 0; i < sc->ncapacity; i++) {
        int r = sc->capacity[i].resource, first = i;
        for (int k = 0; k < i; k++)
            if (sc->capacity[k].resource == r)
                first = k;
        if (first < i)
            continue; /* written with its resource's first change */
        keel_strbuf_printf(b, "\n[resource %s]\n", p->resources[r].name);
        for (int k = i; k < sc->ncapacity; k++) {
            const keel_capacity_change *c = &sc->capacity[k];
            if (c->resource != r)
                continue;
            keel_strbuf_puts(b, "capacity = ");
            put_units(b, c->units, c->relative);
            put_moment(b, p, "from", c->from);
            put_moment(b, p, "to", c->to);
            keel_strbuf_puts(b, "\n");
        }
    }
}

/* The scenario's settings as a portfolio file for its folder. */
static char *portfolio_text(const keel_whatif *w, int run)
{
    const keel_portfolio *p = w->view[run];
    const keel_wscenario *sc = &w->table.sc[run];
    keel_strbuf b = {0};
    section *names = calloc((size_t)p->nprojects + 1, sizeof *names);
    if (!names)
        return NULL;
    keel_strbuf_printf(&b, "# keel whatif: scenario '%s', the leveled files of this folder\n",
                       sc->name);
    for (int c = 0; c < sc->nchanges; c++)
        keel_strbuf_printf(&b, "#   %s\n", sc->changes[c]);
    for (int q = 0; q < p->nprojects; q++) {
        const keel_project *pr = &p->projects[q];
        section_name(p, q, names);
        keel_strbuf_printf(&b, "\n[project %s]\n", names[q]);
        if (pr->file)
            keel_strbuf_printf(&b, "file = %s\n", keel_path_basename(pr->file));
        keel_strbuf_printf(&b, "priority = %d\nweight = %.17g\n", pr->priority, pr->weight);
        put_when(&b, p, "release", pr->start);
        put_when(&b, p, "deadline", pr->deadline);
    }
    put_links(&b, p, names);
    if (sc->index > 0) {
        const keel_scenarios *list = w->from;
        put_resources(&b, &list->list[sc->index - 1], keel_scenario_portfolio(list, sc->index - 1));
    }
    free(names);
    return keel_strbuf_take(&b, NULL);
}

/* ---------------------------------------------------------------- writing */

/* Runs to write: all, but the base only from the first shard (the other
 * shards would write the same folder at the same time). */
static bool writes(const keel_whatif *w, int i)
{
    return i > 0 || w->table.shard <= 1;
}

/* Begins the set of run i's folder and declares its targets. */
static keel_status declare(const keel_whatif *w, int i, const char *dir, keel_output **o,
                           keel_error *err)
{
    char *folder = malloc(strlen(dir) + strlen(w->table.sc[i].name) + 2);
    if (!folder)
        return keel_error_nomem(err);
    sprintf(folder, "%s/%s", dir, w->table.sc[i].name);
    keel_status st = keel_output_begin(folder, o, err);
    free(folder);
    if (st == KEEL_OK)
        st = keel_output_protect_scenarios(*o, w->from, err);
    if (st == KEEL_OK)
        st = keel_output_add_mspdi(*o, w->view[i], err);
    if (st == KEEL_OK)
        st = keel_output_add(*o, "portfolio.txt", 65536, NULL, err);
    if (st == KEEL_OK)
        st = keel_output_check(*o, err);
    return st;
}

static keel_status fill(const keel_whatif *w, int i, keel_output *o, keel_error *err)
{
    keel_status st = keel_output_put_mspdi(o, w->view[i], w->results[i], err);
    char *text = st == KEEL_OK ? portfolio_text(w, i) : NULL;
    if (st == KEEL_OK && !text)
        st = keel_error_nomem(err);
    if (st == KEEL_OK)
        st = keel_output_put(o, "portfolio.txt", text, strlen(text), err);
    free(text);
    return st;
}

keel_status keel_whatif_write_mspdi(const keel_whatif *w, const char *dir, keel_error *err)
{
    if (w->nruns == 0 || !w->from)
        return keel_error_set(err, KEEL_ERR_INVALID, NULL, 0,
                              "a merged comparison holds no schedules: write the files with "
                              "each shard's run (-o DIR)");
    if (w->from->base->research)
        return keel_error_set(err, KEEL_ERR_INVALID, NULL, 0,
                              "research instances have no MSPDI file to write back");
    keel_output **sets = calloc((size_t)w->nruns, sizeof *sets);
    keel_status st = sets ? KEEL_OK : keel_error_nomem(err);
    for (int i = 0; st == KEEL_OK && i < w->nruns; i++)
        if (writes(w, i))
            st = declare(w, i, dir, &sets[i], err);
    for (int i = 0; st == KEEL_OK && i < w->nruns; i++)
        if (sets[i])
            st = fill(w, i, sets[i], err);
    for (int i = 0; st == KEEL_OK && i < w->nruns; i++)
        if (sets[i])
            st = keel_output_commit(sets[i], err);
    for (int i = 0; sets && i < w->nruns; i++)
        keel_output_free(sets[i]); /* without a commit: its temporaries go */
    free(sets);
    return st;
}

keel_status keel_output_protect_scenarios(keel_output *o, const keel_scenarios *s,
                                          keel_error *err)
{
    int n = 0;
    const char **inputs = keel_scenarios_inputs(s, &n);
    keel_status st = inputs ? KEEL_OK : keel_error_nomem(err);
    for (int k = 0; st == KEEL_OK && k < n; k++)
        st = keel_output_protect(o, inputs[k], err);
    free(inputs);
    return st;
}
