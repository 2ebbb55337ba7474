/* SPDX-License-Identifier: GPL-3.0-or-later
 * The what-if functions of keel.h that read a comparison: rendering, merging
 * shard results, accessors. The views themselves live in the report layer
 * (report/whatif.h) and read only the table.
 */
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "base/readfile.h"
#include "report/report.h"
#include "run/whatif.h"

#define MAX_SHARD_BYTES (1u << 30)

void keel_whatif_free(keel_whatif *w)
{
    if (!w)
        return;
    for (int i = 0; i < w->nruns; i++) {
        if (w->results)
            keel_result_free(w->results[i]);
        if (w->owned)
            keel_portfolio_free(w->owned[i]);
    }
    free(w->results);
    free(w->owned);
    free(w->view);
    keel_whatif_table_free(&w->table);
    free(w);
}

void keel_text_free(char *text)
{
    free(text);
}

keel_status keel_whatif_render(const keel_whatif *w, keel_format format, char **out,
                               keel_error *err)
{
    *out = NULL;
    switch (format) {
    case KEEL_FORMAT_TEXT:
        return keel_whatif_text(&w->table, out, err);
    case KEEL_FORMAT_JSON:
        return keel_whatif_json(&w->table, out, err);
    case KEEL_FORMAT_CSV:
        return keel_whatif_csv(&w->table, out, err);
    }
    return keel_error_set(err, KEEL_ERR_INVALID, NULL, 0, "unknown format %d", (int)format);
}

keel_status keel_whatif_merge(const char *const *files, int nfiles, keel_whatif **out,
                              keel_error *err)
{
    *out = NULL;
    keel_whatif_table *shards = calloc((size_t)nfiles + 1, sizeof *shards);
    keel_whatif *w = calloc(1, sizeof *w);
    keel_status st = shards && w ? KEEL_OK : keel_error_nomem(err);
    int read = 0;
    for (; st == KEEL_OK && read < nfiles; read++) {
        char *text = NULL;
        size_t len = 0;
        st = keel_file_read(files[read], MAX_SHARD_BYTES, &text, &len, err);
        if (st == KEEL_OK)
            st = keel_whatif_json_read(files[read], text, len, &shards[read], err);
        free(text);
    }
    if (st == KEEL_OK)
        st = keel_whatif_table_merge(shards, files, nfiles, &w->table, err);
    else
        for (int i = 0; i < read; i++)
            keel_whatif_table_free(&shards[i]);
    free(shards);
    if (st != KEEL_OK) {
        keel_whatif_free(w);
        return st;
    }
    *out = w;
    return KEEL_OK;
}

int keel_whatif_count(const keel_whatif *w)
{
    return w ? w->table.nscenarios : 0;
}

keel_whatif_info keel_whatif_get(const keel_whatif *w, int i)
{
    keel_whatif_info in = {0};
    if (!w || i < 0 || i >= w->table.nscenarios)
        return in;
    const keel_wscenario *s = &w->table.sc[i];
    in.name = s->name;
    in.index = s->index;
    in.value = s->value;
    in.baseline = s->baseline;
    in.deadlines = s->deadlines;
    in.deadlines_met = s->deadlines_met;
    in.most_loaded = s->most_loaded;
    in.load = s->load;
    in.sweep = s->sweep;
    in.sweep_units = s->sweep_units;
    return in;
}

int keel_whatif_nprojects(const keel_whatif *w)
{
    return w ? w->table.nrows : 0;
}

const char *keel_whatif_project(const keel_whatif *w, int project)
{
    return w && project >= 0 && project < w->table.nrows ? w->table.rows[project] : NULL;
}

keel_whatif_cell keel_whatif_cell_get(const keel_whatif *w, int i, int project)
{
    keel_whatif_cell c = {.cpm_finish = KEEL_TIME_NONE, .finish = KEEL_TIME_NONE,
                          .deadline = KEEL_TIME_NONE};
    if (!w || i < 0 || i >= w->table.nscenarios || project < 0 || project >= w->table.nrows)
        return c;
    const keel_wcell *k = keel_whatif_table_cell(&w->table, i, project);
    c.present = k->status == KEEL_CELL_SCHEDULED;
    c.removed = k->status == KEEL_CELL_REMOVED;
    if (c.present) {
        c.cpm_finish = k->cpm_finish;
        c.finish = k->finish;
        c.deadline = k->deadline;
        c.delay = k->delay;
        c.deadline_met = k->deadline_met;
    }
    return c;
}

int keel_whatif_sweep_answer(const keel_whatif *w)
{
    return w ? keel_whatif_table_sweep_answer(&w->table) : -1;
}

const keel_result *keel_whatif_result(const keel_whatif *w, int i)
{
    return w && i >= 0 && i < w->nruns ? w->results[i] : NULL;
}

const keel_portfolio *keel_whatif_portfolio(const keel_whatif *w, int i)
{
    return w && i >= 0 && i < w->nruns ? w->view[i] : NULL;
}

/* The grid and the strings it points to, in one allocation's worth of
 * ownership: header and cells arrays and their strings are freed together. */
typedef struct grid_owner {
    keel_whatif_grid g;
    char **header, **cells;
} grid_owner;

keel_status keel_whatif_grid_get(const keel_whatif *w, keel_whatif_grid **out,
                                 keel_error *err)
{
    *out = NULL;
    grid_owner *o = calloc(1, sizeof *o);
    if (!o)
        return keel_error_nomem(err);
    keel_status st = keel_whatif_table_grid(&w->table, &o->g.ncols, &o->g.nrows, &o->header,
                                            &o->cells, err);
    if (st != KEEL_OK) {
        free(o);
        return st;
    }
    o->g.header = (const char *const *)o->header;
    o->g.cells = (const char *const *)o->cells;
    *out = &o->g;
    return KEEL_OK;
}

void keel_whatif_grid_free(keel_whatif_grid *g)
{
    if (!g)
        return;
    grid_owner *o = (grid_owner *)g; /* g is the first member */
    for (int i = 0; i < g->ncols; i++)
        free(o->header[i]);
    for (int i = 0; i < g->ncols * g->nrows; i++)
        free(o->cells[i]);
    free(o->header);
    free(o->cells);
    free(o);
}

keel_status keel_report_add_whatif(keel_report *rep, const keel_whatif *w,
                                   keel_error *err)
{
    if (!w || w->table.nscenarios == 0)
        return keel_error_set(err, KEEL_ERR_INVALID, NULL, 0, "no what-if comparison");
    keel_strbuf b = {0};
    keel_whatif_html(&w->table, &b);
    keel_status st =
        b.failed ? keel_error_nomem(err)
                 : keel_report_add_html(rep, "scenarios", "What-if scenarios", b.data, err);
    keel_strbuf_free(&b);
    return st;
}
