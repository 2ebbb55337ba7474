/* SPDX-License-Identifier: GPL-3.0-or-later
 * The schedule risk section of the report (keel_report_add_risk): from a Monte
 * Carlo run of the report's schedule (keel_risk_run), per project the finish
 * percentiles and the probability of meeting the deadline in a table, and a
 * histogram of its simulated finishes (inline SVG) with the percentiles, the
 * planned finish and the deadline marked. Read through keel.h's accessors and
 * rendered once, when the section is added.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "base/error.h"
#include "report/report.h"
#include "risk/risk.h"

#define BINS 30
#define LEFT 10
#define WIDTH 640
#define TOP 44 /* room for three rows of labels */
#define LABEL_ROWS 3
#define LABEL_W 56 /* a label's width: closer marks take the next row */
#define MIN_BAR 4.0
#define PLOT_H 80
#define HEIGHT (TOP + PLOT_H + 20)
#define OPEN_LIMIT 10

typedef struct axis {
    keel_time lo, hi; /* the time at the left and right edge */
} axis;

static double x_at(axis a, keel_time t)
{
    double span = a.hi > a.lo ? (double)(a.hi - a.lo) : 1;
    return LEFT + (double)(t - a.lo) * WIDTH / span;
}

static void iso_cell(const keel_portfolio *p, const char *cls, keel_time t,
                     keel_strbuf *b)
{
    char iso[32], shown[32];
    keel_strbuf_printf(b, "<td%s data-iso=\"%s\">%s</td>", cls,
                       keel_time_format(p, t, iso, sizeof iso),
                       keel_report_time(p, t, shown, sizeof shown));
}

static void share_cell(double v, keel_strbuf *b)
{
    if (isnan(v))
        keel_strbuf_puts(b, "<td class=\"n\" data-p=\"\">-</td>");
    else
        keel_strbuf_printf(b, "<td class=\"n %s\" data-p=\"%.17g\">%.1f %%</td>",
                           v < 0.5 ? "late" : "ok", v, 100 * v);
}

static const char *row_name(const keel_portfolio *p, int q)
{
    return q < 0 ? "(portfolio)" : p->projects[q].name;
}

static void table(const keel_portfolio *p, const keel_risk *risk, keel_strbuf *b)
{
    keel_risk_info in = keel_risk_get(risk);
    keel_strbuf_puts(b, "<table id=\"risk-table\"><thead><tr><th>Project</th>"
                        "<th>Planned finish</th>");
    for (int k = 0; k < in.npercentiles; k++)
        keel_strbuf_printf(b, "<th>P%g</th>", in.percentiles[k]);
    keel_strbuf_puts(b, "<th>Deadline</th><th class=\"n\">P(meet deadline)</th>"
                        "<th class=\"n\">P(meet plan)</th></tr></thead><tbody>\n");
    for (int q = 0; q <= p->nprojects; q++) {
        int k = q < p->nprojects ? q : -1; /* the portfolio last */
        keel_risk_project rp = keel_risk_project_get(risk, k);
        keel_strbuf_puts(b, "<tr data-project=\"");
        keel_html_text(b, row_name(p, k));
        keel_strbuf_puts(b, "\"><td>");
        keel_html_text(b, row_name(p, k));
        keel_strbuf_puts(b, "</td>");
        iso_cell(p, "", rp.plan_finish, b);
        for (int i = 0; i < in.npercentiles; i++)
            iso_cell(p, " class=\"pct\"", rp.percentile[i], b);
        iso_cell(p, "", rp.deadline, b);
        share_cell(rp.p_deadline, b);
        share_cell(rp.p_plan, b);
        keel_strbuf_puts(b, "</tr>\n");
    }
    keel_strbuf_puts(b, "</tbody></table>\n");
}

/* A marked time: a percentile, the plan or the deadline. */
typedef struct mark {
    keel_time t;
    const char *cls;
    char label[16];
} mark;

static int by_time(const void *x, const void *y)
{
    const mark *a = x, *b = y;
    return (a->t > b->t) - (a->t < b->t);
}

/* Vertical lines at the marks on the axis, each labelled above the plot; a
 * label close to the one before it goes a row higher so that none overlap. */
static void marks(axis a, mark *m, int n, keel_strbuf *b)
{
    qsort(m, (size_t)n, sizeof *m, by_time);
    double last_x = -1e9;
    int row = 0;
    for (int i = 0; i < n; i++) {
        if (m[i].t == KEEL_TIME_NONE || m[i].t < a.lo || m[i].t > a.hi)
            continue;
        double x = x_at(a, m[i].t);
        row = x - last_x < LABEL_W && row < LABEL_ROWS - 1 ? row + 1 : 0;
        last_x = x;
        char xs[32];
        keel_fmt1(x, xs);
        keel_strbuf_printf(b,
                           "<path class=\"%s\" d=\"M%s %dV%d\"/><text x=\"%s\" y=\"%d\">"
                           "%s</text>\n",
                           m[i].cls, xs, TOP - 2, TOP + PLOT_H, xs, TOP - 4 - 10 * row,
                           m[i].label);
    }
}

/* The axis: the finishes' range, widened to the plan and the deadline when
 * they lie within one range's width of it (farther ones would squash the
 * bars; the table gives their dates); a day either side when every
 * iteration finished at the same time. */
static axis axis_of(const keel_time *edges, int nbins, const keel_risk_project *rp,
                    bool research)
{
    axis a = {edges[0], edges[nbins]};
    keel_time w = a.hi - a.lo;
    if (nbins == 1 && w <= 1) {
        keel_time pad = research ? 1 : 1440;
        a.lo -= pad;
        a.hi += pad;
        w = 0;
    }
    keel_time near[2] = {rp->plan_finish, rp->deadline};
    for (int i = 0; i < 2; i++) {
        keel_time t = near[i];
        if (t == KEEL_TIME_NONE || t < a.lo - w || t > a.hi + w)
            continue;
        a.lo = t < a.lo ? t : a.lo;
        a.hi = t > a.hi ? t : a.hi;
    }
    return a;
}

static void bars(axis a, const int64_t *counts, const keel_time *edges, int nbins,
                 keel_strbuf *b)
{
    int64_t top = 1;
    for (int k = 0; k < nbins; k++)
        top = counts[k] > top ? counts[k] : top;
    for (int k = 0; k < nbins; k++) {
        if (counts[k] == 0)
            continue;
        double x0 = x_at(a, edges[k]), x1 = x_at(a, edges[k + 1]);
        double h = (double)counts[k] * PLOT_H / (double)top;
        double w = x1 - x0 - 0.5 > MIN_BAR ? x1 - x0 - 0.5 : MIN_BAR;
        char xs[32], ws[32], ys[32], hs[32];
        keel_strbuf_printf(b,
                           "<rect class=\"bar\" x=\"%s\" y=\"%s\" width=\"%s\" "
                           "height=\"%s\"><title>%lld</title></rect>",
                           keel_fmt1(x0, xs), keel_fmt1(TOP + PLOT_H - h, ys),
                           keel_fmt1(w, ws), keel_fmt1(h, hs), (long long)counts[k]);
    }
    keel_strbuf_puts(b, "\n");
}

static void day_label(const keel_portfolio *p, double x, const char *anchor, keel_time t,
                      keel_strbuf *b)
{
    char buf[32], xs[32];
    keel_report_time(p, t, buf, sizeof buf);
    if (!p->research)
        buf[10] = '\0';
    keel_strbuf_printf(b, "<text x=\"%s\" y=\"%d\" text-anchor=\"%s\">%s</text>",
                       keel_fmt1(x, xs), HEIGHT - 4, anchor, buf);
}

static void histogram(const keel_portfolio *p, const keel_risk *risk, int q,
                      keel_strbuf *b)
{
    int64_t counts[BINS];
    keel_time edges[BINS + 1];
    int n = keel_risk_histogram(risk, q, BINS, counts, edges);
    keel_risk_project rp = keel_risk_project_get(risk, q);
    keel_risk_info in = keel_risk_get(risk);
    keel_strbuf_printf(
        b,
        "<div class=\"chart\"><svg class=\"risk rk\" data-project-index=\"%d\" "
        "data-bins=\"%d\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
        "role=\"img\" aria-label=\"simulated finishes of ",
        q, n, LEFT + WIDTH + 40, HEIGHT, LEFT + WIDTH + 40, HEIGHT);
    keel_html_text(b, p->projects[q].name);
    keel_strbuf_puts(b, "\">\n");
    if (n > 0) {
        axis a = axis_of(edges, n, &rp, p->research);
        bars(a, counts, edges, n, b);
        keel_strbuf_printf(b, "<path class=\"ax\" d=\"M%d %dH%d\"/>\n", LEFT,
                           TOP + PLOT_H, LEFT + WIDTH);
        mark m[KEEL_RISK_MAX_PERCENTILES + 2];
        int nm = 0;
        for (int k = 0; k < in.npercentiles; k++, nm++) {
            m[nm] = (mark){rp.percentile[k], "pc", ""};
            snprintf(m[nm].label, sizeof m[nm].label, "P%g", in.percentiles[k]);
        }
        m[nm++] = (mark){rp.plan_finish, "pl", "plan"};
        m[nm++] = (mark){rp.deadline, "dl", "deadline"};
        marks(a, m, nm, b);
        day_label(p, LEFT, "start", a.lo, b);
        day_label(p, LEFT + WIDTH, "end", a.hi, b);
    }
    keel_strbuf_puts(b, "</svg></div>\n");
}

static void project_section(const keel_portfolio *p, const keel_risk *risk, int q,
                            keel_strbuf *b)
{
    keel_risk_project rp = keel_risk_project_get(risk, q);
    keel_risk_info in = keel_risk_get(risk);
    char buf[32];
    keel_strbuf_printf(b, "<details class=\"risk-project\" id=\"risk-%d\"%s><summary><b>",
                       q, p->nprojects <= OPEN_LIMIT ? " open=\"open\"" : "");
    keel_html_text(b, p->projects[q].name);
    keel_strbuf_puts(b, "</b>");
    if (in.npercentiles > 0)
        keel_strbuf_printf(
            b, " P%g %s", in.percentiles[in.npercentiles - 1],
            keel_report_time(p, rp.percentile[in.npercentiles - 1], buf, sizeof buf));
    if (!isnan(rp.p_deadline))
        keel_strbuf_printf(b, ", <span class=\"%s\">deadline met in %.1f %%</span>",
                           rp.p_deadline < 0.5 ? "late" : "ok", 100 * rp.p_deadline);
    keel_strbuf_puts(b, "</summary>\n");
    histogram(p, risk, q, b);
    keel_strbuf_puts(b, "</details>\n");
}

static void intro(const keel_risk *risk, keel_strbuf *b)
{
    keel_risk_info in = keel_risk_get(risk);
    keel_strbuf_printf(
        b,
        "<p>Monte Carlo simulation of this schedule: %lld iterations (seed %llu), each "
        "drawing every uncertain task's duration from its three-point estimate (%d "
        "tasks: %d from MS Project's optimistic, expected and pessimistic durations, %d "
        "from the portfolio file's uncertainty) and following the schedule's start "
        "order with resources respected. Per project the percentiles of the finish and "
        "the share of iterations meeting the deadline and the planned finish; the "
        "histograms mark the percentiles, the plan and the deadline.</p>\n",
        (long long)in.iterations, (unsigned long long)in.seed, in.uncertain,
        in.from_files, in.from_portfolio);
}

keel_status keel_report_add_risk(keel_report *rep, const keel_risk *risk, keel_error *err)
{
    const keel_portfolio *p = rep->p;
    if (!risk || risk->nprojects != p->nprojects || risk->ntasks != p->ntasks)
        return keel_error_set(err, KEEL_ERR_INVALID, NULL, 0,
                              "the risk run is not of the report's portfolio");
    keel_strbuf b = {0};
    intro(risk, &b);
    table(p, risk, &b);
    for (int q = 0; q < p->nprojects; q++)
        project_section(p, risk, q, &b);
    keel_status st =
        b.failed ? keel_error_nomem(err)
                 : keel_report_add_html(rep, "risk", "Schedule risk", b.data, err);
    keel_strbuf_free(&b);
    return st;
}
