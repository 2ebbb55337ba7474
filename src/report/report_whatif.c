/* SPDX-License-Identifier: GPL-3.0-or-later
 * The what-if comparison as a section of the report (keel_whatif_html): the
 * side-by-side table every view shows (one column per scenario, the base
 * first; per project its finish and delay, then deadlines met, the objective
 * and the most loaded resource), each cell with the exact figures of the
 * JSON view as data attributes, and under it what each scenario changes and
 * the sweep's answer.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/timefmt.h"
#include "report/markup.h"
#include "report/whatif.h"

static const char *const status_names[] = {"absent", "scheduled", "removed"};

/* A time as the JSON view writes it: ISO date and time, a number for
 * research instances, empty for none. */
static const char *exact_time(const keel_whatif_table *t, keel_time v, char *buf,
                              size_t size)
{
    if (v == KEEL_TIME_NONE)
        snprintf(buf, size, "%s", "");
    else if (t->research)
        snprintf(buf, size, "%lld", (long long)v);
    else
        keel_format_datetime(v, buf, size);
    return buf;
}

static void project_cell(const keel_whatif_table *t, int s, int r, keel_strbuf *b)
{
    const keel_wcell *c = keel_whatif_table_cell(t, s, r);
    char text[128], fin[32], dl[32];
    bool on = c->status == KEEL_CELL_SCHEDULED;
    keel_strbuf_printf(b, "<td class=\"n%s\" data-status=\"%s\"",
                       on && !c->deadline_met ? " late" : "", status_names[c->status]);
    if (on)
        keel_strbuf_printf(b,
                           " data-finish=\"%s\" data-delay=\"%lld\" data-deadline=\"%s\" "
                           "data-met=\"%s\"",
                           exact_time(t, c->finish, fin, sizeof fin), (long long)c->delay,
                           exact_time(t, c->deadline, dl, sizeof dl),
                           c->deadline_met ? "true" : "false");
    keel_whatif_row_text(t, s, r, text, sizeof text);
    keel_strbuf_puts(b, ">");
    keel_html_text(b, text);
    keel_strbuf_puts(b, "</td>");
}

/* what: 0 deadlines met, 1 objective, 2 most loaded. */
static void footer_cell(const keel_whatif_table *t, int s, int what, keel_strbuf *b)
{
    const keel_wscenario *sc = &t->sc[s];
    char text[128];
    keel_strbuf_puts(b, "<td class=\"n\"");
    if (what == 0) {
        keel_strbuf_printf(b, " data-met=\"%d\" data-deadlines=\"%d\"", sc->deadlines_met,
                           sc->deadlines);
    } else if (what == 1) {
        keel_strbuf_puts(b, " data-value=\"");
        keel_strbuf_json_double(b, sc->value);
        keel_strbuf_puts(b, "\"");
    } else if (sc->most_loaded) {
        keel_strbuf_puts(b, " data-resource=\"");
        keel_html_text(b, sc->most_loaded);
        keel_strbuf_puts(b, "\" data-load=\"");
        keel_strbuf_json_double(b, sc->load);
        keel_strbuf_puts(b, "\"");
    }
    keel_whatif_row_text(t, s, t->nrows + what, text, sizeof text);
    keel_strbuf_puts(b, ">");
    keel_html_text(b, text);
    keel_strbuf_puts(b, "</td>");
}

static void head(const keel_whatif_table *t, keel_strbuf *b)
{
    keel_strbuf_puts(b, "<table id=\"scenarios-table\"><thead><tr><th>Project</th>");
    for (int s = 0; s < t->nscenarios; s++) {
        keel_strbuf_puts(b, "<th class=\"n\" data-scenario=\"");
        keel_html_text(b, t->sc[s].name);
        keel_strbuf_puts(b, "\">");
        keel_html_text(b, t->sc[s].name);
        keel_strbuf_puts(b, "</th>");
    }
    keel_strbuf_puts(b, "</tr></thead><tbody>\n");
}

static void rows(const keel_whatif_table *t, keel_strbuf *b)
{
    static const char *const footer_ids[] = {"deadlines-met", "objective", "most-loaded"};
    for (int r = 0; r < t->nrows + 3; r++) {
        if (r < t->nrows) {
            keel_strbuf_puts(b, "<tr data-project=\"");
            keel_html_text(b, t->rows[r]);
            keel_strbuf_puts(b, "\">");
        } else {
            keel_strbuf_printf(b, "<tr class=\"total\" data-row=\"%s\">",
                               footer_ids[r - t->nrows]);
        }
        keel_strbuf_puts(b, "<th>");
        keel_html_text(b, keel_whatif_row_label(t, r));
        keel_strbuf_puts(b, "</th>");
        for (int s = 0; s < t->nscenarios; s++) {
            if (r < t->nrows)
                project_cell(t, s, r, b);
            else
                footer_cell(t, s, r - t->nrows, b);
        }
        keel_strbuf_puts(b, "</tr>\n");
    }
    keel_strbuf_puts(b, "</tbody></table>\n");
}

static void intro(const keel_whatif_table *t, keel_strbuf *b)
{
    bool span = strcmp(t->objective, "makespan") == 0 || strcmp(t->objective, "tms") == 0;
    keel_strbuf_printf(b,
                       "<p>The base and %d scenario%s, each leveled from the same start "
                       "with seed %llu and ",
                       t->nscenarios - 1, t->nscenarios == 2 ? "" : "s",
                       (unsigned long long)t->seed);
    if (t->budget > 0)
        keel_strbuf_printf(b, "%lld schedules", (long long)t->budget);
    else
        keel_strbuf_puts(b, "a time limit");
    keel_strbuf_printf(b,
                       ". Per project its finish and delay in %s past the scenario's "
                       "own critical path (! a missed deadline); the objective is %s ",
                       t->research ? "periods" : "working days", t->objective);
    keel_html_text(b, t->research ? "in periods"
                      : span      ? "in elapsed days"
                                  : "in (weighted) working days");
    keel_strbuf_puts(b,
                     "; the most loaded resource books the largest share of the work it "
                     "can give over the scenario's span.</p>\n");
}

static void notes(const keel_whatif_table *t, keel_strbuf *b)
{
    keel_strbuf_puts(b, "<ul class=\"changes\">\n");
    for (int s = 1; s < t->nscenarios; s++) {
        const keel_wscenario *sc = &t->sc[s];
        keel_strbuf_puts(b, "<li><b>");
        keel_html_text(b, sc->name);
        keel_strbuf_puts(b, "</b>:");
        for (int c = 0; c < sc->nchanges; c++) {
            keel_strbuf_puts(b, c ? "; " : " ");
            keel_html_text(b, sc->changes[c]);
        }
        keel_strbuf_puts(b, sc->nchanges ? "</li>\n" : " no changes</li>\n");
    }
    keel_strbuf_puts(b, "</ul>\n");
    if (!t->sweep)
        return;
    keel_strbuf answer = {0};
    keel_whatif_sweep_text(t, &answer);
    keel_strbuf_puts(b, "<p id=\"sweep-answer\">Sweep of ");
    keel_html_text(b, t->sweep);
    keel_strbuf_puts(b, ": ");
    keel_html_text(b, keel_strbuf_ok(&answer) && answer.data ? answer.data : "");
    keel_strbuf_puts(b, ".</p>\n");
    b->failed |= !keel_strbuf_ok(&answer);
    keel_strbuf_free(&answer);
}

void keel_whatif_html(const keel_whatif_table *t, keel_strbuf *b)
{
    intro(t, b);
    head(t, b);
    rows(t, b);
    notes(t, b);
}
