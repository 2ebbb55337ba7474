/* SPDX-License-Identifier: GPL-3.0-or-later
 * "Why projects slip" in the report, from the explanation (keel_explain):
 * a table of the delayed projects with the resources that account for each
 * delay (and the projects whose tasks held them), and per project the chain
 * its delay was traced along: the tasks on it that waited for a resource,
 * what they waited for and who held it. Every other late task is in
 * tasks.csv and in `keel level --json`.
 */
#include <stdio.h>

#include "report/report.h"

#define SHARES_SHOWN 5
#define HOLDERS_SHOWN 3
#define CHAIN_ROWS 60

const char *keel_report_share_name(const keel_portfolio *p, int resource)
{
    if (resource == KEEL_WHY_UNFORCED)
        return "(no resource: could start earlier)";
    if (resource == KEEL_WHY_LINKS)
        return "(links and calendars)";
    return p->resources[resource].name;
}

static void share_cell(const keel_portfolio *p, int q, const keel_why_share *s,
                       keel_strbuf *b)
{
    keel_html_text(b, keel_report_share_name(p, s->resource));
    keel_strbuf_printf(b, " <b>%.1f %s</b>", keel_report_days(p, q, s->minutes),
                       keel_report_unit(p));
    for (int h = 0; h < s->nholders && h < HOLDERS_SHOWN; h++) {
        keel_strbuf_puts(b, h ? ", " : " (held by ");
        int hp = s->holder_projects[h];
        keel_html_text(b, hp >= 0 ? p->projects[hp].name : "its own availability");
        keel_strbuf_printf(b, " %.1f", keel_report_days(p, q, s->holder_minutes[h]));
    }
    if (s->nholders > HOLDERS_SHOWN)
        keel_strbuf_puts(b, ", ...");
    if (s->nholders > 0)
        keel_strbuf_puts(b, ")");
}

static void task_ref(const keel_portfolio *p, int t, keel_strbuf *b)
{
    keel_html_text(b, p->projects[p->tasks[t].project].name);
    keel_strbuf_printf(b, " UID %d ", (int)p->tasks[t].uid);
    keel_html_text(b, p->tasks[t].name);
}

static void summary_row(const keel_report *rep, int q, const keel_why_project *w,
                        keel_strbuf *b)
{
    const keel_portfolio *p = rep->p;
    keel_strbuf_puts(b, "<tr data-project=\"");
    keel_html_text(b, p->projects[q].name);
    keel_strbuf_printf(b, "\"><td><a href=\"#p-%d\">", q);
    keel_html_text(b, p->projects[q].name);
    keel_strbuf_printf(b, "</a></td><td class=\"n\" data-minutes=\"%lld\">%.1f</td><td>",
                       (long long)w->delay, keel_report_days(p, q, (double)w->delay));
    for (int i = 0; i < w->nshares && i < SHARES_SHOWN; i++) {
        keel_why_share s = keel_explanation_share(rep->e, q, i);
        keel_strbuf_puts(b, i ? "<br/>" : "");
        share_cell(p, q, &s, b);
    }
    if (w->nshares > SHARES_SHOWN)
        keel_strbuf_printf(b, "<br/>... %d more", w->nshares - SHARES_SHOWN);
    keel_strbuf_puts(b, "</td><td>");
    if (w->last_task >= 0)
        task_ref(p, w->last_task, b);
    keel_strbuf_puts(b, "</td></tr>\n");
}

void keel_report_why_summary(const keel_report *rep, keel_strbuf *b)
{
    const keel_portfolio *p = rep->p;
    keel_strbuf_puts(
        b, "<section id=\"why\"><h2>Why projects slip</h2>\n<p>Each late project's "
           "delay in working days, by the resources that held up its tasks (traced "
           "back through the links from its last task) and the projects whose tasks "
           "held them.</p>\n");
    int late = 0;
    for (int q = 0; q < p->nprojects; q++)
        late += keel_explanation_project(rep->e, q).delay > 0;
    if (late == 0) {
        keel_strbuf_puts(b, "<p>No project is late.</p></section>\n");
        return;
    }
    keel_strbuf_printf(
        b,
        "<table id=\"why-table\"><thead><tr><th>Project</th><th class=\"n\">"
        "Delay (%s)</th><th>Resources (%s; held by)</th><th>Traced from</th>"
        "</tr></thead><tbody>\n",
        keel_report_unit(p), p->research ? "periods" : "working days");
    for (int q = 0; q < p->nprojects; q++) {
        keel_why_project w = keel_explanation_project(rep->e, q);
        if (w.delay > 0)
            summary_row(rep, q, &w, b);
    }
    keel_strbuf_puts(b, "</tbody></table></section>\n");
}

static void block_cell(const keel_portfolio *p, const keel_why_block *k, keel_strbuf *b)
{
    keel_html_text(b, keel_report_share_name(p, k->resource));
    if (k->resource < 0)
        return;
    keel_strbuf_printf(b, " (needs %.2f, capacity %.2f)",
                       (double)k->need / KEEL_UNITS_ONE,
                       (double)k->capacity / KEEL_UNITS_ONE);
    for (int h = 0; h < k->nholders && h < HOLDERS_SHOWN; h++) {
        keel_strbuf_puts(b, h ? ", " : ": ");
        task_ref(p, k->holders[h], b);
    }
    if (k->nholders > HOLDERS_SHOWN)
        keel_strbuf_printf(b, " and %d more", k->nholders - HOLDERS_SHOWN);
}

static void chain_row(const keel_report *rep, int i, keel_strbuf *b)
{
    const keel_portfolio *p = rep->p;
    keel_why_task w = keel_explanation_task(rep->e, i);
    int q = p->tasks[w.task].project;
    char a[32], z[32];
    keel_strbuf_puts(b, "<tr><td>");
    task_ref(p, w.task, b);
    keel_strbuf_printf(b, "</td><td>%s</td><td>%s</td><td class=\"n\">%.1f</td><td>",
                       keel_report_time(p, w.preferred_start, a, sizeof a),
                       keel_report_time(p, w.start, z, sizeof z),
                       keel_report_days(p, q, (double)w.delay));
    for (int k = 0; k < w.nblocks && k < 4; k++) {
        keel_why_block blk = keel_explanation_block(rep->e, i, k);
        keel_strbuf_puts(b, k ? "<br/>" : "");
        block_cell(p, &blk, b);
    }
    if (w.nblocks > 4)
        keel_strbuf_printf(b, "<br/>... %d more", w.nblocks - 4);
    keel_strbuf_puts(b, "</td></tr>\n");
}

void keel_report_why_project(const keel_report *rep, int q, keel_strbuf *b)
{
    keel_why_project w = keel_explanation_project(rep->e, q);
    if (w.delay <= 0 || w.last_task < 0)
        return;
    keel_strbuf_printf(
        b,
        "<p>The delay traced back from the last task: tasks that waited for a "
        "resource, latest first.</p>\n<table class=\"chain\"><thead><tr>"
        "<th>Task</th><th>Links allow</th><th>Starts</th><th class=\"n\">Waits "
        "(%s)</th><th>Waiting for (held by)</th></tr></thead><tbody>\n",
        keel_report_unit(rep->p));
    int rows = 0;
    for (int t = w.last_task, steps = 0; t >= 0 && steps < rep->p->ntasks; steps++) {
        int i = keel_explanation_find(rep->e, t);
        if (i < 0)
            break;
        keel_why_task wt = keel_explanation_task(rep->e, i);
        if (wt.delay > 0 && rows++ < CHAIN_ROWS)
            chain_row(rep, i, b);
        t = wt.driver;
    }
    keel_strbuf_puts(b, "</tbody></table>\n");
    if (rows > CHAIN_ROWS)
        keel_strbuf_printf(
            b, "<p>... %d more on the chain (tasks.csv lists every task).</p>\n",
            rows - CHAIN_ROWS);
}
