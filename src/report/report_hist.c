/* SPDX-License-Identifier: GPL-3.0-or-later
 * The weekly load histogram of one resource (inline SVG), from the report's
 * load table: per week a grey bar (before leveling: the CPM dates) and a blue
 * one (after; red where it is above capacity), and the capacity as a step
 * line, which shows availability changes and holidays. Bars of one kind are
 * one path, so a multi-year chart stays a few kilobytes.
 */
#include <math.h>
#include <stdio.h>

#include "report/report.h"

#define LEFT 60
#define WIDTH 900
#define TOP 10
#define PLOT_H 110
#define HEIGHT (TOP + PLOT_H + 22)
#define OPEN_LIMIT 10
#define DATE_LABELS 6

typedef struct plot {
    const keel_load_table *l;
    int resource, n;
    double top;  /* the value at the top of the plot (minutes of work) */
} plot;

static double x_at(const plot *pl, double week)
{
    return LEFT + week * WIDTH / pl->n;
}

static double y_at(const plot *pl, double v)
{
    return TOP + PLOT_H - (pl->top > 0 ? v / pl->top * PLOT_H : 0);
}

/* One path of bars: which 0 before, 1 after within capacity, 2 above it. */
static void bars(const plot *pl, int which, keel_strbuf *b)
{
    static const char *cls[] = {"bf", "af", "ov"};
    keel_strbuf_printf(b, "<path class=\"%s\" d=\"", cls[which]);
    for (int i = 0; i < pl->n; i++) {
        keel_load_cell c = keel_load_table_get(pl->l, pl->resource, i);
        double v = which == 0 ? c.before : c.after;
        bool over = c.after > c.capacity + 0.5;
        if (v <= 0 || (which == 1 && over) || (which == 2 && !over))
            continue;
        double x = x_at(pl, i + (which == 0 ? 0.08 : 0.5)), w = 0.42 * WIDTH / pl->n;
        double y = y_at(pl, v);
        keel_strbuf_printf(b, "M%.1f %.1fh%.1fV%dh%.1fz", x, y, w, TOP + PLOT_H, -w);
    }
    keel_strbuf_puts(b, "\"/>\n");
}

/* The capacity as a step line: a point where it changes, not per week. */
static void capacity_line(const plot *pl, keel_strbuf *b)
{
    keel_strbuf_puts(b, "<path class=\"cp\" d=\"");
    double prev = 0;
    for (int i = 0; i < pl->n; i++) {
        double y = y_at(pl, keel_load_table_get(pl->l, pl->resource, i).capacity);
        if (i == 0)
            keel_strbuf_printf(b, "M%d %.1f", LEFT, y);
        else if (y != prev)
            keel_strbuf_printf(b, "H%.1fV%.1f", x_at(pl, i), y);
        prev = y;
    }
    keel_strbuf_printf(b, "H%d\"/>\n", LEFT + WIDTH);
}

static void axes(const keel_portfolio *p, const plot *pl, keel_strbuf *b)
{
    double unit = p->research ? 1 : 60;
    keel_strbuf_printf(b, "<path class=\"ax\" d=\"M%d %dV%dH%d\"/>\n", LEFT, TOP,
                       TOP + PLOT_H, LEFT + WIDTH);
    keel_strbuf_printf(
        b, "<text x=\"2\" y=\"%d\">%.0f %s</text><text x=\"2\" y=\"%d\">0</text>\n",
        TOP + 10, pl->top / unit, p->research ? "" : "h", TOP + PLOT_H);
    char buf[32];
    int step = pl->n > DATE_LABELS ? (pl->n + DATE_LABELS - 1) / DATE_LABELS : 1;
    for (int i = 0; i < pl->n; i += step) {
        keel_report_time(p, keel_load_table_period(pl->l, i), buf, sizeof buf);
        if (!p->research)
            buf[10] = '\0';
        keel_strbuf_printf(b, "<text x=\"%.1f\" y=\"%d\">%s</text>", x_at(pl, i),
                           HEIGHT - 6, buf);
    }
    keel_strbuf_puts(b, "\n");
}

/* "peak 140 % (week of 2026-03-02)" for the before (0) or after (1) load. */
static void peak(const keel_portfolio *p, const plot *pl, int which, keel_strbuf *b)
{
    double best = -1;
    int at = -1;
    for (int i = 0; i < pl->n; i++) {
        keel_load_cell c = keel_load_table_get(pl->l, pl->resource, i);
        double v = which ? c.after : c.before;
        if (c.capacity > 0 && v / c.capacity > best) {
            best = v / c.capacity;
            at = i;
        }
    }
    char buf[32];
    if (at < 0) {
        keel_strbuf_puts(b, "-");
        return;
    }
    keel_report_time(p, keel_load_table_period(pl->l, at), buf, sizeof buf);
    if (!p->research)
        buf[10] = '\0';
    keel_strbuf_printf(b, "<span class=\"%s\">%.0f %%</span> (week of %s)",
                       best > 1.005 ? "late" : "ok", 100 * best, buf);
}

static void availability(const keel_portfolio *p, int r, keel_strbuf *b)
{
    const keel_capacity *cap = &p->resources[r].capacity;
    keel_strbuf_printf(b, "<p class=\"meta\">Max units %.2f",
                       (double)p->resources[r].max_units / KEEL_UNITS_ONE);
    char buf[32];
    for (int i = 1; i < cap->n && i <= 20; i++)
        keel_strbuf_printf(b, "%s%.2f from %s", i == 1 ? "; availability: " : ", ",
                           (double)cap->units[i] / KEEL_UNITS_ONE,
                           keel_report_time(p, cap->at[i], buf, sizeof buf));
    keel_strbuf_puts(b, cap->n > 21 ? ", ...</p>\n" : "</p>\n");
}

static double plot_top(const plot *pl)
{
    double top = 0;
    for (int i = 0; i < pl->n; i++) {
        keel_load_cell c = keel_load_table_get(pl->l, pl->resource, i);
        top = fmax(top, fmax(c.capacity, fmax(c.before, c.after)));
    }
    return top;
}

void keel_report_histogram(const keel_report *rep, int r, keel_strbuf *b)
{
    const keel_portfolio *p = rep->p;
    plot pl = {rep->weekly, r, keel_load_table_nperiods(rep->weekly), 0};
    pl.top = plot_top(&pl);
    int nwork = 0;
    for (int k = 0; k < p->nresources; k++)
        nwork += p->resources[k].type == KEEL_RES_WORK;
    keel_strbuf_printf(b, "<details class=\"resource\" id=\"r-%d\"%s><summary><b>", r,
                       nwork <= OPEN_LIMIT ? " open=\"open\"" : "");
    keel_html_text(b, p->resources[r].name);
    keel_strbuf_puts(b, "</b> peak week before ");
    peak(p, &pl, 0, b);
    keel_strbuf_puts(b, ", after ");
    peak(p, &pl, 1, b);
    keel_strbuf_printf(
        b,
        "</summary>\n<div class=\"chart\"><svg class=\"histogram h\" "
        "data-resource-index=\"%d\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d "
        "%d\" role=\"img\" aria-label=\"weekly load of ",
        r, LEFT + WIDTH + 10, HEIGHT, LEFT + WIDTH + 10, HEIGHT);
    keel_html_text(b, p->resources[r].name);
    keel_strbuf_puts(b, "\">\n");
    if (pl.n > 0) {
        for (int which = 0; which < 3; which++)
            bars(&pl, which, b);
        capacity_line(&pl, b);
    }
    axes(p, &pl, b);
    keel_strbuf_puts(b, "</svg></div>\n");
    availability(p, r, b);
    keel_strbuf_puts(b, "</details>\n");
}
