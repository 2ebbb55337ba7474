/* SPDX-License-Identifier: GPL-3.0-or-later
 * The Gantt chart of one project (inline SVG): a row per task in file order;
 * the scheduled bar (red when the task has no slack in the schedule, as MS
 * Project marks critical tasks after leveling) over a grey bar at the CPM
 * dates; an orange line where a task waits for a resource (from the start its
 * links allow to its start); the project deadline as a dashed line. The axis
 * is elapsed time with about 25 ticks at most (days, weeks, months or years).
 * The grey bars are one path per chart (they need no tooltip), which keeps a
 * 500-task chart small.
 */
#include <stdio.h>
#include <string.h>

#include "analysis/load_table.h"
#include "report/report.h"

#define LABEL_W 260
#define CHART_W 880
#define RIGHT_W 56 /* room for the last tick's and the deadline's labels */
#define ROW_H 16
#define AXIS_H 30
#define NAME_CHARS 40
#define MAX_TICKS 25

typedef struct frame {
    keel_time t0, t1;
    int height;
} frame;

static double x_of(const frame *f, keel_time t)
{
    return LABEL_W + (double)(t - f->t0) * CHART_W / (double)(f->t1 - f->t0);
}

static void widen(frame *f, keel_time t)
{
    if (t == KEEL_TIME_NONE)
        return;
    if (f->t0 == KEEL_TIME_NONE || t < f->t0)
        f->t0 = t;
    if (f->t1 == KEEL_TIME_NONE || t > f->t1)
        f->t1 = t;
}

static frame frame_of(const keel_report *rep, int q)
{
    const keel_project *pr = &rep->p->projects[q];
    const keel_schedule *s = keel_result_schedule(rep->r);
    frame f = {KEEL_TIME_NONE, KEEL_TIME_NONE, AXIS_H + pr->ntasks * ROW_H + 6};
    for (int t = pr->first_task; t < pr->first_task + pr->ntasks; t++) {
        if (rep->p->tasks[t].summary)
            continue;
        widen(&f, s->start[t]);
        widen(&f, s->finish[t]);
        widen(&f, rep->cpm->es[t]);
        widen(&f, rep->cpm->ef[t]);
    }
    widen(&f, pr->deadline);
    if (f.t0 == KEEL_TIME_NONE)
        f.t0 = f.t1 = pr->start;
    keel_time pad = (f.t1 - f.t0) / 60 + 1;
    f.t0 -= pad;
    f.t1 += pad;
    return f;
}

/* Ticks of one kind of period (years: every 12th month from January). */
static int count_ticks(bool research, keel_period by, int every, const frame *f)
{
    int n = 0;
    for (keel_time at = keel_period_floor(research, by, f->t0);
         at < f->t1 && n <= MAX_TICKS * every; at = keel_period_next(research, by, at))
        n++;
    return n / every;
}

static void axis(const keel_portfolio *p, const frame *f, keel_strbuf *b)
{
    keel_period by = KEEL_PERIOD_DAY;
    int every = 1;
    if (count_ticks(p->research, by, 1, f) > MAX_TICKS)
        by = KEEL_PERIOD_WEEK;
    if (by == KEEL_PERIOD_WEEK && count_ticks(p->research, by, 1, f) > MAX_TICKS)
        by = KEEL_PERIOD_MONTH;
    if (by == KEEL_PERIOD_MONTH && count_ticks(p->research, by, 1, f) > MAX_TICKS)
        every = 12; /* years */
    keel_strbuf_printf(b, "<path class=\"ax\" d=\"M%d %dH%d\"/>\n", LABEL_W, AXIS_H - 2,
                       LABEL_W + CHART_W);
    char buf[32];
    for (keel_time at = keel_period_floor(p->research, by, f->t0); at < f->t1;
         at = keel_period_next(p->research, by, at)) {
        keel_report_time(p, at, buf, sizeof buf);
        if (at < f->t0 ||
            (every == 12 && !p->research && strncmp(buf + 5, "01-01", 5) != 0))
            continue;
        const char *label = buf;
        if (!p->research) {
            buf[every == 12 ? 4 : by == KEEL_PERIOD_MONTH ? 7 : 10] = '\0';
            label = by == KEEL_PERIOD_MONTH ? buf : buf + 5;
        }
        double x = x_of(f, at);
        keel_strbuf_printf(
            b,
            "<path class=\"ax\" d=\"M%.1f %dV%d\"/><text x=\"%.1f\" y=\"%d\">%s"
            "</text>\n",
            x, AXIS_H - 6, f->height, x + 2, AXIS_H - 10, label);
    }
}

static void label(const keel_portfolio *p, int t, int y, keel_strbuf *b)
{
    const keel_task *task = &p->tasks[t];
    int indent = task->outline_level > 1 ? 8 * (task->outline_level - 1) : 0;
    indent = indent > 80 ? 80 : indent;
    keel_strbuf_printf(b, "<text x=\"%d\" y=\"%d\"%s>", 4 + indent, y + 12,
                       task->summary ? " class=\"sm\"" : "");
    char name[NAME_CHARS * 4 + 8];
    size_t n = strlen(task->name);
    if (n > NAME_CHARS) { /* cut at a UTF-8 character boundary */
        n = NAME_CHARS;
        while (n > 0 && ((unsigned char)task->name[n] & 0xC0) == 0x80)
            n--;
    }
    snprintf(name, sizeof name, "%.*s%s", (int)n, task->name,
             n < strlen(task->name) ? "..." : "");
    keel_html_text(b, name);
    keel_strbuf_puts(b, "</text>");
}

/* "2026-01-07 13:00 - 01-27 17:00": the finish without its year when the
 * start has the same. */
static void span_text(const keel_portfolio *p, keel_time a, keel_time z, keel_strbuf *b)
{
    char x[32], y[32];
    keel_report_time(p, a, x, sizeof x);
    keel_report_time(p, z, y, sizeof y);
    bool same_year = !p->research && strncmp(x, y, 5) == 0;
    keel_strbuf_printf(b, "%s - %s", x, same_year ? y + 5 : y);
}

static void tooltip(const keel_report *rep, int t, keel_strbuf *b)
{
    const keel_portfolio *p = rep->p;
    const keel_schedule *s = keel_result_schedule(rep->r);
    keel_strbuf_printf(b, "<title>UID %d: ", (int)p->tasks[t].uid);
    span_text(p, s->start[t], s->finish[t], b); /* the grey bar shows the CPM dates */
    int i = keel_explanation_find(rep->e, t);
    if (i >= 0 && keel_explanation_task(rep->e, i).delay > 0)
        keel_strbuf_printf(
            b, "; waits %.1f %s",
            keel_report_days(p, p->tasks[t].project,
                             (double)keel_explanation_task(rep->e, i).delay),
            keel_report_unit(p));
    keel_strbuf_puts(b, "</title>");
}

/* The scheduled bar of task t in row y (a diamond for a milestone). */
static void bar(const keel_report *rep, const frame *f, int t, int y, keel_strbuf *b)
{
    const keel_task *task = &rep->p->tasks[t];
    const keel_leveled_task *lt = &rep->lv->task[t];
    if (!lt->dated)
        return;
    double x0 = x_of(f, lt->start), w = x_of(f, lt->finish) - x0;
    if (w < 1)
        w = 1;
    char x[32], wd[32], nw[32];
    keel_fmt1(x0, x);
    keel_fmt1(w, wd);
    keel_fmt1(-w, nw);
    if (task->summary) {
        keel_strbuf_printf(b, "<path class=\"s\" d=\"M%s %dh%sv4h%sz\"/>", x, y + 5, wd,
                           nw);
        return;
    }
    /* scheduled bars take the default fill of .g path; critical ones class k */
    keel_strbuf_printf(b, "<path%s d=\"", lt->total_slack <= 0 ? " class=\"k\"" : "");
    if (task->milestone || lt->finish == lt->start)
        keel_strbuf_printf(b, "M%s %dl5 5l-5 5l-5 -5z\">", x, y + 2);
    else
        keel_strbuf_printf(b, "M%s %dh%sv9h%sz\">", x, y + 2, wd, nw);
    tooltip(rep, t, b);
    keel_strbuf_puts(b, "</path>");
    int i = keel_explanation_find(rep->e, t);
    if (i >= 0 && keel_explanation_task(rep->e, i).delay > 0) {
        double xp = x_of(f, keel_explanation_task(rep->e, i).preferred_start);
        char a[32];
        keel_strbuf_printf(b, "<path class=\"w\" d=\"M%s %dH%s\"/>", keel_fmt1(xp, a),
                           y + 6, x);
    }
}

/* The grey CPM bars of every leaf, as one path. */
static void cpm_bars(const keel_report *rep, int q, const frame *f, keel_strbuf *b)
{
    const keel_project *pr = &rep->p->projects[q];
    keel_strbuf_puts(b, "<path class=\"c\" d=\"");
    for (int t = pr->first_task, row = 0; t < pr->first_task + pr->ntasks; t++, row++) {
        if (rep->p->tasks[t].summary || rep->cpm->es[t] == KEEL_TIME_NONE)
            continue;
        double x0 = x_of(f, rep->cpm->es[t]), w = x_of(f, rep->cpm->ef[t]) - x0;
        char x[32], wd[32], nw[32];
        w = w < 1 ? 1 : w;
        keel_strbuf_printf(b, "M%s %dh%sv3h%sz", keel_fmt1(x0, x),
                           AXIS_H + row * ROW_H + 11, keel_fmt1(w, wd),
                           keel_fmt1(-w, nw));
    }
    keel_strbuf_puts(b, "\"/>\n");
}

static void deadline(const keel_portfolio *p, int q, const frame *f, keel_strbuf *b)
{
    if (p->projects[q].deadline == KEEL_TIME_NONE)
        return;
    double x = x_of(f, p->projects[q].deadline);
    keel_strbuf_printf(
        b,
        "<path class=\"dl\" d=\"M%.1f %dV%d\"/><text x=\"%.1f\" y=\"%d\">deadline"
        "</text>\n",
        x, AXIS_H - 4, f->height, x + 3, AXIS_H + 10);
}

void keel_report_gantt(const keel_report *rep, int q, keel_strbuf *b)
{
    const keel_portfolio *p = rep->p;
    const keel_project *pr = &p->projects[q];
    frame f = frame_of(rep, q);
    keel_strbuf_printf(
        b,
        "<div class=\"chart\"><svg class=\"gantt g\" data-project-index=\"%d\" "
        "width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" "
        "aria-label=\"Gantt chart of ",
        q, LABEL_W + CHART_W + RIGHT_W, f.height, LABEL_W + CHART_W + RIGHT_W, f.height);
    keel_html_text(b, pr->name);
    keel_strbuf_puts(b, "\">\n");
    axis(p, &f, b);
    cpm_bars(rep, q, &f, b);
    for (int t = pr->first_task, row = 0; t < pr->first_task + pr->ntasks; t++, row++) {
        int y = AXIS_H + row * ROW_H;
        label(p, t, y, b);
        bar(rep, &f, t, y, b);
        keel_strbuf_puts(b, "\n");
    }
    deadline(p, q, &f, b);
    keel_strbuf_puts(b, "</svg></div>\n");
}
