/* SPDX-License-Identifier: GPL-3.0-or-later
 * The leveled files of what-if scenarios (keel_whatif_write_mspdi): one
 * folder per scenario, DIR/<scenario>/, with each project's leveled MSPDI file
 * and a portfolio file of the scenario's settings (priorities, weights,
 * releases, deadlines, links between projects).
 *
 * All or nothing: first every target is checked (no input file may be
 * replaced), then every file is written under a staging name beside its
 * target (the MSPDI writer itself writes a temporary file, syncs and renames),
 * and only when all are complete are they renamed into place; a failure
 * before that removes the staged files and the folders this call created.
 * Files already in a folder that the scenario does not write are left alone.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/error.h"
#include "base/readfile.h"
#include "base/strbuf.h"
#include "read/scenario_file.h"
#include "run/whatif.h"
#include "write/mspdi_write.h"

#define STAGE_SUFFIX ".keel-new"

typedef struct item {
    int run;                      /* scenario of the comparison */
    int project;                  /* its portfolio's project, -1: portfolio.txt */
    char *stage, *target;
} item;

typedef struct writer {
    const keel_whatif *w;
    const char **inputs;
    int ninputs;
    KEEL_VEC(item) items;
    KEEL_VEC(char *) made;        /* folders created by this call */
    keel_error *err;
} writer;

static bool same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
           sa.st_ino == sb.st_ino;
}

static char *path_join(const char *dir, const char *prefix, const char *name,
                       const char *suffix)
{
    size_t n = strlen(dir) + strlen(prefix) + strlen(name) + strlen(suffix) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s%s%s", dir, prefix, name, suffix);
    return p;
}

/* Plans one file of scenario `run`, refusing to replace an input. */
static keel_status plan(writer *wr, const char *folder, int run, int project, const char *name)
{
    item it = {run, project, path_join(folder, ".", name, STAGE_SUFFIX),
               path_join(folder, "", name, "")};
    if (!it.stage || !it.target || !KEEL_VEC_PUSH(&wr->items, it)) {
        free(it.stage);
        free(it.target);
        return keel_error_nomem(wr->err);
    }
    for (int i = 0; i < wr->ninputs; i++)
        if (same_file(wr->inputs[i], it.target))
            return keel_error_set(wr->err, KEEL_ERR_INVALID, it.target, 0,
                                  "refusing to replace the input file %s; choose another "
                                  "output directory", wr->inputs[i]);
    return KEEL_OK;
}

static keel_status plan_all(writer *wr, const char *dir)
{
    keel_status st = KEEL_OK;
    for (int i = 0; st == KEEL_OK && i < wr->w->nruns; i++) {
        if (i == 0 && wr->w->table.shard > 1)
            continue; /* the first shard writes the base, the others would race */
        const keel_portfolio *p = wr->w->view[i];
        char *folder = path_join(dir, "", wr->w->table.sc[i].name, "");
        if (!folder)
            return keel_error_nomem(wr->err);
        for (int q = 0; st == KEEL_OK && q < p->nprojects; q++)
            if (p->projects[q].file)
                st = plan(wr, folder, i, q, keel_path_basename(p->projects[q].file));
        if (st == KEEL_OK)
            st = plan(wr, folder, i, -1, "portfolio.txt");
        free(folder);
    }
    return st;
}

static keel_status make_dir(writer *wr, const char *path)
{
    if (mkdir(path, 0777) == 0) {
        char *copy = strdup(path);
        if (!copy || !KEEL_VEC_PUSH(&wr->made, copy)) {
            free(copy);
            return keel_error_nomem(wr->err);
        }
        return KEEL_OK;
    }
    struct stat st;
    if (errno == EEXIST && stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return KEEL_OK;
    return keel_error_set(wr->err, KEEL_ERR_IO, path, 0, "cannot create directory: %s",
                          strerror(errno));
}

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

static keel_status write_text(const char *path, const char *text, keel_error *err)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return keel_error_set(err, KEEL_ERR_IO, path, 0, "cannot create: %s", strerror(errno));
    bool ok = fwrite(text, 1, strlen(text), f) == strlen(text);
    ok = fflush(f) == 0 && fsync(fileno(f)) == 0 && ok;
    ok = fclose(f) == 0 && ok;
    if (ok)
        return KEEL_OK;
    unlink(path);
    return keel_error_set(err, KEEL_ERR_IO, path, 0, "cannot write: %s", strerror(errno));
}

static keel_status write_item(writer *wr, const item *it)
{
    const keel_whatif *w = wr->w;
    if (it->project >= 0) {
        const keel_result *r = w->results[it->run];
        return keel_mspdi_write(w->view[it->run], it->project, r->after, r->before, it->stage,
                                wr->err);
    }
    char *text = portfolio_text(w, it->run);
    keel_status st = text ? write_text(it->stage, text, wr->err) : keel_error_nomem(wr->err);
    free(text);
    return st;
}

static keel_status write_all(writer *wr, const char *dir)
{
    keel_status st = make_dir(wr, dir);
    for (size_t i = 0; st == KEEL_OK && i < wr->items.len; i++) {
        const item *it = &wr->items.data[i];
        if (i == 0 || it->run != wr->items.data[i - 1].run) {
            char *folder = path_join(dir, "", wr->w->table.sc[it->run].name, "");
            st = folder ? make_dir(wr, folder) : keel_error_nomem(wr->err);
            free(folder);
        }
        if (st == KEEL_OK)
            st = write_item(wr, it);
    }
    return st;
}

static keel_status commit(writer *wr)
{
    for (size_t i = 0; i < wr->items.len; i++) {
        const item *it = &wr->items.data[i];
        if (rename(it->stage, it->target) != 0)
            return keel_error_set(wr->err, KEEL_ERR_IO, it->target, 0, "cannot rename %s: %s",
                                  it->stage, strerror(errno));
    }
    return KEEL_OK;
}

/* After a failure: staged files and the folders made here go. */
static void roll_back(writer *wr)
{
    for (size_t i = 0; i < wr->items.len; i++)
        unlink(wr->items.data[i].stage);
    for (size_t i = wr->made.len; i-- > 0;)
        rmdir(wr->made.data[i]);
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
    writer wr = {.w = w, .err = err};
    wr.inputs = keel_scenarios_inputs(w->from, &wr.ninputs);
    keel_status st = wr.inputs ? plan_all(&wr, dir) : keel_error_nomem(err);
    if (st == KEEL_OK)
        st = write_all(&wr, dir);
    if (st == KEEL_OK)
        st = commit(&wr);
    if (st != KEEL_OK)
        roll_back(&wr);
    for (size_t i = 0; i < wr.items.len; i++) {
        free(wr.items.data[i].stage);
        free(wr.items.data[i].target);
    }
    for (size_t i = 0; i < wr.made.len; i++)
        free(wr.made.data[i]);
    KEEL_VEC_FREE(&wr.items);
    KEEL_VEC_FREE(&wr.made);
    free(wr.inputs);
    return st;
}
