/* SPDX-License-Identifier: GPL-3.0-or-later
 * The what-if comparison table (whatif.h): its rows, and the text and CSV
 * views. Text: one column per scenario (the base first), one row per project
 * with its finish and delay, then deadlines met, the objective and the most
 * loaded resource; CSV: one row per scenario and project, with the scenario's
 * figures repeated, which is what a spreadsheet's pivot table wants.
 */
#include "report/whatif.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "base/strbuf.h"
#include "base/timefmt.h"
#include "report/markup.h"

void keel_wscenario_free(keel_wscenario *s)
{
    free(s->name);
    for (int i = 0; i < s->nchanges; i++)
        free(s->changes[i]);
    free(s->changes);
    free(s->solver);
    free(s->most_loaded);
    for (int i = 0; i < s->ncells; i++)
        free(s->cells[i].project);
    free(s->cells);
    memset(s, 0, sizeof *s);
}

void keel_whatif_table_free(keel_whatif_table *t)
{
    for (int i = 0; i < t->total; i++)
        free(t->names[i]);
    free(t->names);
    free(t->sweep);
    for (int i = 0; i < t->nscenarios; i++)
        keel_wscenario_free(&t->sc[i]);
    free(t->sc);
    for (int i = 0; i < t->nrows; i++)
        free(t->rows[i]);
    free(t->rows);
    free(t->row_mpd);
    memset(t, 0, sizeof *t);
}

static int find_row(const keel_whatif_table *t, const char *name)
{
    for (int r = 0; r < t->nrows; r++)
        if (strcmp(t->rows[r], name) == 0)
            return r;
    return -1;
}

keel_status keel_whatif_table_finish(keel_whatif_table *t, keel_error *err)
{
    int cap = 0;
    for (int s = 0; s < t->nscenarios; s++)
        cap += t->sc[s].ncells;
    t->rows = calloc((size_t)cap + 1, sizeof *t->rows);
    t->row_mpd = calloc((size_t)cap + 1, sizeof *t->row_mpd);
    if (!t->rows || !t->row_mpd)
        return keel_error_nomem(err);
    for (int s = 0; s < t->nscenarios; s++)
        for (int c = 0; c < t->sc[s].ncells; c++) {
            const keel_wcell *cell = &t->sc[s].cells[c];
            if (find_row(t, cell->project) >= 0)
                continue;
            if (!(t->rows[t->nrows] = strdup(cell->project)))
                return keel_error_nomem(err);
            t->row_mpd[t->nrows++] = cell->minutes_per_day;
        }
    return KEEL_OK;
}

const keel_wcell *keel_whatif_table_cell(const keel_whatif_table *t, int s, int r)
{
    static const keel_wcell absent = {.status = KEEL_CELL_ABSENT};
    const keel_wscenario *sc = &t->sc[s];
    for (int c = 0; c < sc->ncells; c++)
        if (strcmp(sc->cells[c].project, t->rows[r]) == 0)
            return &sc->cells[c];
    return &absent;
}

int keel_whatif_table_sweep_answer(const keel_whatif_table *t)
{
    for (int s = 0; s < t->nscenarios; s++)
        if (t->sc[s].sweep && t->sc[s].deadlines_met == t->sc[s].deadlines)
            return s;
    return -1;
}

/* ---------------------------------------------------------------- text */

static void format_time(const keel_whatif_table *t, keel_time v, bool date_only, char *buf,
                        size_t size)
{
    if (v == KEEL_TIME_NONE)
        snprintf(buf, size, "-");
    else if (t->research)
        snprintf(buf, size, "%lld", (long long)v);
    else {
        char full[32];
        keel_format_datetime(v, full, sizeof full);
        snprintf(buf, size, "%.*s", date_only ? 10 : 19, full);
    }
}

static void format_delay(const keel_whatif_table *t, const keel_wcell *c, char *buf,
                         size_t size)
{
    if (t->research || c->minutes_per_day <= 0)
        snprintf(buf, size, "+%lld", (long long)c->delay);
    else
        snprintf(buf, size, "+%.1fd", (double)c->delay / c->minutes_per_day);
}

static void cell_text(const keel_whatif_table *t, int s, int r, char *buf, size_t size)
{
    const keel_wcell *c = keel_whatif_table_cell(t, s, r);
    char fin[32], del[32];
    if (c->status != KEEL_CELL_SCHEDULED) {
        snprintf(buf, size, "%s", c->status == KEEL_CELL_REMOVED ? "removed" : "-");
        return;
    }
    format_time(t, c->finish, true, fin, sizeof fin);
    format_delay(t, c, del, sizeof del);
    snprintf(buf, size, "%s %s%s", fin, del, c->deadline_met ? "" : "!");
}

/* Delay objectives count (weighted) working days, spans elapsed minutes
 * (keel_result_info): both are shown in days, periods on research instances. */
static bool span_objective(const keel_whatif_table *t)
{
    return strcmp(t->objective, "makespan") == 0 || strcmp(t->objective, "tms") == 0;
}

static double objective_shown(const keel_whatif_table *t, double v)
{
    return t->research || !span_objective(t) ? v : v / 1440;
}

static void footer_text(const keel_whatif_table *t, int s, int what, char *buf, size_t size)
{
    const keel_wscenario *sc = &t->sc[s];
    if (what == 0)
        snprintf(buf, size, "%d/%d", sc->deadlines_met, sc->deadlines);
    else if (what == 1)
        snprintf(buf, size, "%.6g", objective_shown(t, sc->value));
    else if (sc->most_loaded)
        snprintf(buf, size, "%.40s %.0f%%", sc->most_loaded, 100 * sc->load);
    else
        snprintf(buf, size, "-");
}

static const char *const footers[] = {"deadlines met", "objective", "most loaded"};

const char *keel_whatif_row_label(const keel_whatif_table *t, int r)
{
    return r < t->nrows ? t->rows[r] : footers[r - t->nrows];
}

void keel_whatif_row_text(const keel_whatif_table *t, int s, int r, char *buf,
                          size_t size)
{
    if (r < t->nrows)
        cell_text(t, s, r, buf, size);
    else
        footer_text(t, s, r - t->nrows, buf, size);
}

static void free_strings(char **v, int n)
{
    for (int i = 0; v && i < n; i++)
        free(v[i]);
    free(v);
}

keel_status keel_whatif_table_grid(const keel_whatif_table *t, int *ncols, int *nrows,
                                   char ***header, char ***cells, keel_error *err)
{
    int nc = 1 + t->nscenarios, nr = t->nrows + 3;
    char **h = calloc((size_t)nc, sizeof *h), **c = calloc((size_t)(nc * nr), sizeof *c);
    bool ok = h && c && (h[0] = strdup("project"));
    for (int s = 0; ok && s < t->nscenarios; s++)
        ok = (h[1 + s] = strdup(t->sc[s].name)) != NULL;
    for (int r = 0; ok && r < nr; r++) {
        char buf[128];
        ok = (c[r * nc] = strdup(keel_whatif_row_label(t, r))) != NULL;
        for (int s = 0; ok && s < t->nscenarios; s++) {
            keel_whatif_row_text(t, s, r, buf, sizeof buf);
            ok = (c[r * nc + 1 + s] = strdup(buf)) != NULL;
        }
    }
    if (!ok) {
        free_strings(h, nc);
        free_strings(c, nc * nr);
        return keel_error_nomem(err);
    }
    *ncols = nc;
    *nrows = nr;
    *header = h;
    *cells = c;
    return KEEL_OK;
}

/* Column widths: [0] the labels, [1 + s] scenario s. */
static void widths(const keel_whatif_table *t, int *w)
{
    char buf[128];
    w[0] = 13; /* "deadlines met" */
    for (int r = 0; r < t->nrows; r++)
        w[0] = (int)strlen(t->rows[r]) > w[0] ? (int)strlen(t->rows[r]) : w[0];
    for (int s = 0; s < t->nscenarios; s++) {
        w[1 + s] = (int)strlen(t->sc[s].name);
        for (int r = 0; r < t->nrows + 3; r++) {
            keel_whatif_row_text(t, s, r, buf, sizeof buf);
            w[1 + s] = (int)strlen(buf) > w[1 + s] ? (int)strlen(buf) : w[1 + s];
        }
    }
}

static void text_header(const keel_whatif_table *t, keel_strbuf *b)
{
    int n = t->nscenarios - 1;
    keel_strbuf_printf(b, "what-if: the base and %d scenario%s", n, n == 1 ? "" : "s");
    if (t->nshards > 0)
        keel_strbuf_printf(b, " (shard %d of %d, %d scenarios in all)", t->shard, t->nshards,
                           t->total);
    keel_strbuf_printf(b, "; objective %s%s; seed %llu, ", t->objective,
                       t->research              ? ""
                       : span_objective(t)      ? " in elapsed days"
                                                : " in working days",
                       (unsigned long long)t->seed);
    if (t->budget > 0)
        keel_strbuf_printf(b, "%lld schedules each\n\n", (long long)t->budget);
    else
        keel_strbuf_printf(b, "a time limit each\n\n");
}

static void text_grid(const keel_whatif_table *t, const int *w, keel_strbuf *b)
{
    char buf[128];
    keel_strbuf_printf(b, "%-*s", w[0], "project");
    for (int s = 0; s < t->nscenarios; s++)
        keel_strbuf_printf(b, "  %-*s", s + 1 < t->nscenarios ? w[1 + s] : 0, t->sc[s].name);
    keel_strbuf_printf(b, "\n");
    for (int r = 0; r < t->nrows + 3; r++) {
        keel_strbuf_printf(b, "%-*s", w[0], keel_whatif_row_label(t, r));
        for (int s = 0; s < t->nscenarios; s++) {
            keel_whatif_row_text(t, s, r, buf, sizeof buf);
            keel_strbuf_printf(b, "  %-*s", s + 1 < t->nscenarios ? w[1 + s] : 0, buf);
        }
        keel_strbuf_printf(b, "\n");
    }
}

static void text_notes(const keel_whatif_table *t, keel_strbuf *b)
{
    keel_strbuf_printf(b, "\nfinish and delay per project (! deadline missed); delay in %s "
                          "past the scenario's own critical path\n",
                       t->research ? "periods" : "working days");
    for (int s = 1; s < t->nscenarios; s++) {
        const keel_wscenario *sc = &t->sc[s];
        keel_strbuf_printf(b, "%s:", sc->name);
        for (int c = 0; c < sc->nchanges; c++)
            keel_strbuf_printf(b, "%s %s", c ? ";" : "", sc->changes[c]);
        keel_strbuf_printf(b, "%s\n", sc->nchanges ? "" : " no changes");
    }
    if (t->sweep) {
        keel_strbuf_printf(b, "sweep of %s: ", t->sweep);
        keel_whatif_sweep_text(t, b);
        keel_strbuf_puts(b, "\n");
    }
}

void keel_whatif_sweep_text(const keel_whatif_table *t, keel_strbuf *b)
{
    int a = keel_whatif_table_sweep_answer(t);
    if (t->sc[0].deadlines == 0)
        keel_strbuf_puts(b, "no project has a deadline to meet");
    else if (a >= 0)
        keel_strbuf_printf(b, "every deadline is met from %s (%+g units)", t->sc[a].name,
                           t->sc[a].sweep_units);
    else
        keel_strbuf_puts(b, "no step meets every deadline");
}

keel_status keel_whatif_text(const keel_whatif_table *t, char **out, keel_error *err)
{
    keel_strbuf b = {0};
    int *w = calloc((size_t)t->nscenarios + 1, sizeof *w);
    if (!w)
        return keel_error_nomem(err);
    widths(t, w);
    text_header(t, &b);
    text_grid(t, w, &b);
    text_notes(t, &b);
    free(w);
    *out = keel_strbuf_take(&b, NULL);
    return *out ? KEEL_OK : keel_error_nomem(err);
}

/* ---------------------------------------------------------------- CSV */

static void csv_field(keel_strbuf *b, const char *s, bool last)
{
    keel_csv_field(b, s);
    keel_strbuf_puts(b, last ? "\n" : ",");
}

static void csv_row(const keel_whatif_table *t, int s, int r, keel_strbuf *b)
{
    const keel_wscenario *sc = &t->sc[s];
    const keel_wcell *c = keel_whatif_table_cell(t, s, r);
    static const char *const status[] = {"absent", "scheduled", "removed"};
    char cpm[32], fin[32], dl[32], delay[32], value[48], load[48], met[16];
    bool on = c->status == KEEL_CELL_SCHEDULED;
    format_time(t, on ? c->cpm_finish : KEEL_TIME_NONE, false, cpm, sizeof cpm);
    format_time(t, on ? c->finish : KEEL_TIME_NONE, false, fin, sizeof fin);
    format_time(t, on ? c->deadline : KEEL_TIME_NONE, false, dl, sizeof dl);
    if (!on)
        snprintf(delay, sizeof delay, "-");
    else if (t->research || c->minutes_per_day <= 0)
        snprintf(delay, sizeof delay, "%lld", (long long)c->delay);
    else
        snprintf(delay, sizeof delay, "%.2f", (double)c->delay / c->minutes_per_day);
    snprintf(met, sizeof met, "%s",
             !on || c->deadline == KEEL_TIME_NONE ? "-" : c->deadline_met ? "yes" : "no");
    snprintf(value, sizeof value, "%.6g", objective_shown(t, sc->value));
    snprintf(load, sizeof load, "%.3f", sc->load);
    const char *f[] = {sc->name, t->rows[r], status[c->status], cpm, fin, delay, dl, met, value,
                       sc->most_loaded ? sc->most_loaded : "-", sc->most_loaded ? load : "-"};
    int n = (int)(sizeof f / sizeof *f);
    for (int i = 0; i < n; i++)
        csv_field(b, f[i], i == n - 1);
}

keel_status keel_whatif_csv(const keel_whatif_table *t, char **out, keel_error *err)
{
    keel_strbuf b = {0};
    keel_strbuf_printf(&b, "scenario,project,status,cpm_finish,finish,%s,deadline,"
                                        "deadline_met,objective%s,most_loaded,load\n",
                       t->research ? "delay_periods" : "delay_days",
                       t->research ? "" : "_days");
    for (int s = 0; s < t->nscenarios; s++)
        for (int r = 0; r < t->nrows; r++)
            csv_row(t, s, r, &b);
    *out = keel_strbuf_take(&b, NULL);
    return *out ? KEEL_OK : keel_error_nomem(err);
}
