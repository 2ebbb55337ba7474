/* SPDX-License-Identifier: GPL-3.0-or-later
 * The report page (see report.h): head and style, the portfolio summary, the
 * objective against the baseline and the bound, the sections per project and
 * per resource, the conflicts left, the added sections and a legend. Table
 * cells carry the exact values as data attributes (ISO dates, minutes), so
 * that tests and scripts can read them back without parsing display text.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report/report.h"

#define OPEN_LIMIT 10      /* sections open by default up to this many */
#define CONFLICT_ROWS 500  /* conflicts listed in the page */

static const char style[] =
    "body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;color:#222;"
    "margin:0 auto;max-width:1320px;padding:0 18px 40px}\n"
    "h1{margin:18px 0 4px}h2{margin:26px 0 8px;border-bottom:2px solid #4a7bd0}"
    "nav a{margin-right:14px}p.meta{color:#555;margin:2px 0}\n"
    "table{border-collapse:collapse;margin:6px 0 12px}th,td{padding:3px 9px;"
    "border-bottom:1px solid "
    "#ddd;text-align:left;vertical-align:top}th{background:#f1f3f7}\n"
    "td.n,th.n{text-align:right}.late{color:#b3261e;font-weight:600}.ok{color:#1e7b34}\n"
    "details{border:1px solid #d7dbe3;border-radius:5px;margin:6px 0;padding:3px 10px}"
    "summary{cursor:pointer;padding:3px 0}summary b{margin-right:6px}\n"
    ".chart{overflow-x:auto}svg{display:block;max-width:100%;height:auto}svg "
    "text{font:11px sans-serif;fill:#222}\n"
    ".g path{fill:#4a7bd0}.g .c{fill:#c9ccd3}.g .k{fill:#d04a4a}.g .s{fill:#333}"
    ".g .w{stroke:#e39400;stroke-width:2}.g .dl{stroke:#b3261e;stroke-width:1.5;"
    "stroke-dasharray:5 3}.g .ax{stroke:#bbb;fill:none}.g .sm{font-weight:bold}\n"
    ".h .bf{fill:#c9ccd3}.h .af{fill:#4a7bd0}.h .ov{fill:#d04a4a}.h .cp{fill:none;"
    "stroke:#111;stroke-width:1.5}.h .ax{stroke:#999;fill:none}\n"
    ".o .bar{fill:#4a7bd0}.o .base{fill:#9aa3b5}.o .lb{fill:#1e7b34}\n"
    ".key span{display:inline-block;width:14px;height:10px;margin:0 4px 0 12px}\n"
    ".rk .bar{fill:#4a7bd0}.rk .pc{stroke:#333;stroke-dasharray:3 2}"
    ".rk .pl{stroke:#1e7b34;stroke-width:1.5}.rk .dl{stroke:#b3261e;stroke-width:1.5;stroke-dasharray:5 3}"
    ".rk .ax{stroke:#999;fill:none}\n"
    "td.na{color:#777}tr.total th,tr.total td{border-top:2px solid #bbb}\n";

const char *keel_report_time(const keel_portfolio *p, keel_time t, char *buf, size_t size)
{
    keel_time_format(p, t, buf, size);
    if (!p->research && t != KEEL_TIME_NONE && strlen(buf) >= 16) {
        buf[10] = ' ';
        buf[16] = '\0'; /* minutes are keel's resolution */
    }
    return buf;
}

double keel_report_days(const keel_portfolio *p, int project, double minutes)
{
    int32_t mpd = p->research ? 1 : p->projects[project].minutes_per_day;
    return mpd > 0 ? minutes / mpd : minutes;
}

const char *keel_report_unit(const keel_portfolio *p)
{
    return p->research ? "periods" : "d";
}

static bool leveled_by_keel(const keel_report *rep)
{
    const char *s = keel_result_get(rep->r).solver;
    return s && strcmp(s, "none") != 0;
}

static void head(const keel_report *rep, keel_strbuf *b)
{
    keel_strbuf_puts(
        b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/>\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
           "<meta name=\"generator\" content=\"keel " KEEL_VERSION "\"/>\n");
    keel_strbuf_printf(b, "<title>keel report: %d project%s</title>\n<style>\n",
                       rep->p->nprojects, rep->p->nprojects == 1 ? "" : "s");
    keel_strbuf_puts(b, style);
    keel_strbuf_puts(b, "</style></head>\n<body>\n");
}

/* Headline: how many projects are late, deadlines missed, the objective. */
static void header(const keel_report *rep, keel_strbuf *b)
{
    const keel_portfolio *p = rep->p;
    int late = 0, missed = 0, deadlines = 0, work = 0;
    for (int q = 0; q < p->nprojects; q++) {
        keel_result_project rp = keel_result_project_get(rep->r, q);
        late += rp.delay > 0;
        deadlines += rp.deadline != KEEL_TIME_NONE;
        missed += rp.deadline_state == KEEL_DEADLINE_MISSED;
    }
    for (int r = 0; r < p->nresources; r++)
        work += p->resources[r].type == KEEL_RES_WORK;
    keel_strbuf_puts(b, "<header><h1>Portfolio report</h1>\n");
    keel_strbuf_printf(
        b, "<p class=\"meta\" id=\"scope\">%d projects, %d tasks, %d work resources. ",
        p->nprojects, p->ntasks, work);
    keel_strbuf_puts(b, leveled_by_keel(rep) ? "Schedule leveled by keel."
                                             : "Schedule as it stands in the files.");
    keel_strbuf_printf(
        b,
        "</p>\n<p class=\"meta\" id=\"headline\">%d of %d projects finish later than "
        "their resource-free critical path allows; %d of %d deadlines missed.</p>\n",
        late, p->nprojects, missed, deadlines);
    keel_strbuf_puts(
        b, "<nav><a href=\"#summary\">Summary</a><a href=\"#objective\">Objective</a>"
           "<a href=\"#why\">Why projects slip</a><a href=\"#projects\">Projects</a>"
           "<a href=\"#resources\">Resources</a><a href=\"#conflicts\">Conflicts</a>");
    for (int i = 0; i < rep->nextra; i++) {
        keel_strbuf_printf(b, "<a href=\"#%s\">", rep->extra[i].id);
        keel_html_text(b, rep->extra[i].title);
        keel_strbuf_puts(b, "</a>");
    }
    keel_strbuf_puts(b, "<a href=\"#about\">How to read</a></nav></header>\n");
}

static void time_cell(const keel_portfolio *p, keel_time t, keel_strbuf *b)
{
    char iso[32], shown[32];
    keel_strbuf_printf(b, "<td data-iso=\"%s\">%s</td>",
                       keel_time_format(p, t, iso, sizeof iso),
                       keel_report_time(p, t, shown, sizeof shown));
}

static void summary_row(const keel_report *rep, int q, keel_strbuf *b)
{
    const keel_portfolio *p = rep->p;
    const keel_project *pr = &p->projects[q];
    keel_result_project rp = keel_result_project_get(rep->r, q);
    keel_strbuf_puts(b, "<tr data-project=\"");
    keel_html_text(b, pr->name);
    keel_strbuf_printf(b, "\"><td><a href=\"#p-%d\">", q);
    keel_html_text(b, pr->name);
    keel_strbuf_printf(b, "</a></td><td class=\"n\">%d</td><td class=\"n\">%g</td>",
                       pr->priority, pr->weight);
    time_cell(p, rp.cpm_finish, b);
    time_cell(p, rp.finish, b);
    keel_strbuf_printf(b, "<td class=\"n%s\" data-minutes=\"%lld\">%.1f</td>",
                       rp.delay > 0 ? " late" : "", (long long)rp.delay,
                       keel_report_days(p, q, (double)rp.delay));
    time_cell(p, rp.deadline, b);
    static const char *const met[] = {"-", "yes", "NO"}, *const attr[] = {"", "true",
                                                                          "false"};
    keel_strbuf_printf(b, "<td class=\"%s\" data-met=\"%s\">%s",
                       rp.deadline_state == KEEL_DEADLINE_MISSED ? "late" : "ok",
                       attr[rp.deadline_state], met[rp.deadline_state]);
    if (rp.deadline_state == KEEL_DEADLINE_MISSED)
        keel_strbuf_printf(b, ", %.1f %s late", keel_report_days(p, q, (double)rp.late),
                           keel_report_unit(p));
    keel_strbuf_puts(b, "</td></tr>\n");
}

static void summary(const keel_report *rep, keel_strbuf *b)
{
    keel_strbuf_puts(
        b, "<section id=\"summary\"><h2>Portfolio summary</h2>\n"
           "<p>Per project: the finish the critical path allows with unlimited "
           "resources (CPM), the finish in the schedule, the delay between them in "
           "working days, and the deadline.</p>\n<table id=\"summary-table\"><thead><tr>"
           "<th>Project</th><th class=\"n\">Priority</th><th class=\"n\">Weight</th>"
           "<th>CPM finish</th>");
    keel_strbuf_puts(b, leveled_by_keel(rep) ? "<th>Leveled finish</th>"
                                             : "<th>Finish</th>");
    keel_strbuf_printf(b,
                       "<th class=\"n\">Delay (%s)</th><th>Deadline</th><th>Met</th></tr>"
                       "</thead><tbody>\n",
                       keel_report_unit(rep->p));
    for (int q = 0; q < rep->p->nprojects; q++)
        summary_row(rep, q, b);
    keel_strbuf_puts(b, "</tbody></table></section>\n");
}

/* Horizontal bars: lower bound, keel's schedule, the MS Project-like pass. */
static void objective_chart(const keel_result_info *in, double unit, keel_strbuf *b)
{
    double top = fmax(in->value, in->baseline);
    if (isfinite(in->lower_bound))
        top = fmax(top, in->lower_bound);
    if (!(top > 0))
        return;
    struct { const char *label, *cls; double v; } bars[] = {
        {"lower bound", "lb", in->lower_bound}, {"this schedule", "bar", in->value},
        {"MS Project-like", "base", in->baseline}};
    keel_strbuf_puts(
        b, "<svg class=\"o\" width=\"640\" height=\"96\" viewBox=\"0 0 640 96\" "
           "role=\"img\" aria-label=\"objective against baseline and bound\">\n");
    for (int i = 0; i < 3; i++) {
        if (!isfinite(bars[i].v))
            continue;
        double w = 440 * bars[i].v / top;
        keel_strbuf_printf(
            b,
            "<text x=\"0\" y=\"%d\">%s</text><rect class=\"%s\" x=\"120\" "
            "y=\"%d\" width=\"%.1f\" height=\"20\"/><text x=\"%.1f\" y=\"%d\">"
            "%.6g</text>\n",
            i * 30 + 19, bars[i].label, bars[i].cls, i * 30 + 4, w, 126 + w, i * 30 + 19,
            bars[i].v / unit);
    }
    keel_strbuf_puts(b, "</svg>\n");
}

/* What one unit of the objective shown is: delay objectives count working
 * days already; spans (makespan, tms) elapsed minutes, shown in days. */
static double objective_unit(const keel_portfolio *p, const char *objective)
{
    bool span = strcmp(objective, "makespan") == 0 || strcmp(objective, "tms") == 0;
    return p->research || !span ? 1 : 1440;
}

static void objective(const keel_report *rep, keel_strbuf *b)
{
    keel_result_info in = keel_result_get(rep->r);
    double unit = objective_unit(rep->p, keel_result_get(rep->r).objective);
    const char *u = rep->p->research ? "periods"
                    : unit == 1      ? "working days"
                                     : "elapsed days";
    keel_strbuf_printf(
        b,
        "<section id=\"objective\"><h2>Objective</h2>\n<table id=\"objective-"
        "table\"><tbody><tr><th>objective</th><td>%s (%s)</td></tr>\n",
        in.objective, u);
    keel_strbuf_printf(
        b,
        "<tr><th>this schedule</th><td class=\"n\" data-value=\"%.17g\">%.6g</td>"
        "</tr>\n<tr><th>MS Project-like (priority, standard)</th><td class=\"n\" "
        "data-value=\"%.17g\">%.6g</td></tr>\n",
        in.value, in.value / unit, in.baseline, in.baseline / unit);
    if (isfinite(in.lower_bound))
        keel_strbuf_printf(
            b,
            "<tr><th>lower bound</th><td class=\"n\" data-value=\"%.17g\">%.6g"
            "</td></tr>\n",
            in.lower_bound, in.lower_bound / unit);
    if (isfinite(in.gap))
        keel_strbuf_printf(
            b, "<tr><th>gap to the bound</th><td class=\"n\">%.2f %%%s</td></tr>\n",
            100 * in.gap, in.optimal ? " (optimal)" : "");
    if (leveled_by_keel(rep))
        keel_strbuf_printf(b, "<tr><th>found by</th><td>%s, %lld schedules</td></tr>\n",
                           in.solver,
                           (long long)in.schedules); /* no seconds: same bytes per run */
    keel_strbuf_printf(b,
                       "<tr><th>conflicts</th><td>%d resource overallocation%s before "
                       "leveling, %d conflict%s left</td></tr>\n</tbody></table>\n",
                       in.conflicts_before, in.conflicts_before == 1 ? "" : "s",
                       in.conflicts_after, in.conflicts_after == 1 ? "" : "s");
    objective_chart(&in, unit, b);
    keel_strbuf_puts(b, "</section>\n");
}

static void project_section(const keel_report *rep, int q, keel_strbuf *b)
{
    const keel_portfolio *p = rep->p;
    keel_result_project rp = keel_result_project_get(rep->r, q);
    char f[32], d[32];
    keel_strbuf_printf(b, "<details class=\"project\" id=\"p-%d\"%s><summary><b>", q,
                       p->nprojects <= OPEN_LIMIT ? " open=\"open\"" : "");
    keel_html_text(b, p->projects[q].name);
    keel_strbuf_printf(b, "</b> finish %s, ",
                       keel_report_time(p, rp.finish, f, sizeof f));
    keel_strbuf_printf(b, "<span class=\"%s\">%.1f %s late</span>",
                       rp.delay > 0 ? "late" : "ok",
                       keel_report_days(p, q, (double)rp.delay), keel_report_unit(p));
    if (rp.deadline != KEEL_TIME_NONE)
        keel_strbuf_printf(b, ", deadline %s <span class=\"%s\">%s</span>",
                           keel_report_time(p, rp.deadline, d, sizeof d),
                           rp.deadline_state == KEEL_DEADLINE_MET ? "ok" : "late",
                           rp.deadline_state == KEEL_DEADLINE_MET ? "met" : "missed");
    keel_strbuf_puts(b, "</summary>\n");
    keel_report_gantt(rep, q, b);
    keel_report_why_project(rep, q, b);
    keel_strbuf_puts(b, "</details>\n");
}

static void projects(const keel_report *rep, keel_strbuf *b)
{
    keel_strbuf_puts(
        b,
        "<section id=\"projects\"><h2>Projects</h2>\n<p class=\"key\">Gantt per "
        "project:<span style=\"background:#4a7bd0\">&#160;</span>scheduled"
        "<span style=\"background:#d04a4a\">&#160;</span>critical (no slack)"
        "<span style=\"background:#c9ccd3\">&#160;</span>CPM dates (unlimited resources)"
        "<span style=\"background:#e39400;height:3px\">&#160;</span>waiting for a "
        "resource<span style=\"border-left:2px dashed "
        "#b3261e\">&#160;</span>deadline</p>\n");
    for (int q = 0; q < rep->p->nprojects; q++)
        project_section(rep, q, b);
    keel_strbuf_puts(b, "</section>\n");
}

static void resources(const keel_report *rep, keel_strbuf *b)
{
    keel_strbuf_puts(
        b,
        "<section id=\"resources\"><h2>Resource load by week</h2>\n<p class=\"key\">"
        "Hours of work per week:<span style=\"background:#c9ccd3\">&#160;</span>before "
        "leveling (CPM dates)<span style=\"background:#4a7bd0\">&#160;</span>after"
        "<span style=\"background:#d04a4a\">&#160;</span>after, above capacity"
        "<span style=\"border-top:2px solid #111;height:0\">&#160;</span>capacity "
        "(availability and calendar)</p>\n");
    for (int r = 0; r < rep->p->nresources; r++)
        if (rep->p->resources[r].type == KEEL_RES_WORK)
            keel_report_histogram(rep, r, b);
    keel_strbuf_puts(b, "</section>\n");
}

static const char *kind_name(keel_conflict_kind k)
{
    static const char *names[] = {"overallocation", "broken link", "calendar",
                                  "constraint", "progress"};
    return (unsigned)k < 5 ? names[k] : "conflict";
}

static void conflict_row(const keel_portfolio *p, const keel_conflict *k, keel_strbuf *b)
{
    char a[32], z[32];
    keel_strbuf_printf(b, "<tr><td>%s%s</td><td>", kind_name(k->kind),
                       k->accepted ? " (accepted)" : "");
    if (k->resource >= 0)
        keel_html_text(b, p->resources[k->resource].name);
    keel_strbuf_printf(b, "</td><td>%s</td><td>%s</td><td>",
                       keel_report_time(p, k->from, a, sizeof a),
                       keel_report_time(p, k->to, z, sizeof z));
    if (k->kind == KEEL_CONFLICT_RESOURCE)
        keel_strbuf_printf(b, "load %.2f &gt; capacity %.2f; ",
                           (double)k->load / KEEL_UNITS_ONE,
                           (double)k->capacity / KEEL_UNITS_ONE);
    int n = k->kind == KEEL_CONFLICT_RESOURCE ? k->ntasks : 1;
    for (int i = 0; i < n && i < 6; i++) {
        int t = k->kind == KEEL_CONFLICT_RESOURCE ? k->tasks[i] : k->task;
        if (t < 0)
            continue;
        keel_strbuf_printf(b, "%s", i ? ", " : "");
        keel_html_text(b, p->projects[p->tasks[t].project].name);
        keel_strbuf_printf(b, " UID %d ", (int)p->tasks[t].uid);
        keel_html_text(b, p->tasks[t].name);
    }
    keel_strbuf_puts(b, n > 6 ? ", ...</td></tr>\n" : "</td></tr>\n");
}

static void conflicts(const keel_report *rep, keel_strbuf *b)
{
    const keel_conflicts *c = keel_result_conflicts(rep->r);
    int n = keel_conflicts_count(c);
    keel_strbuf_printf(
        b,
        "<section id=\"conflicts\"><h2>Conflicts left</h2>\n<p>%d conflict%s in "
        "this schedule.%s</p>\n",
        n, n == 1 ? "" : "s",
        n ? " Accepted ones are reported but no leveling could remove them "
            "(fixed tasks, resources not leveled, demands above capacity, soft "
            "constraints)."
          : "");
    if (n > 0) {
        keel_strbuf_puts(
            b, "<table id=\"conflicts-table\"><thead><tr><th>Kind</th><th>Resource</th>"
               "<th>From</th><th>To</th><th>What</th></tr></thead><tbody>\n");
        for (int i = 0; i < n && i < CONFLICT_ROWS; i++)
            conflict_row(rep->p, keel_conflicts_get(c, i), b);
        keel_strbuf_puts(b, "</tbody></table>\n");
        if (n > CONFLICT_ROWS)
            keel_strbuf_printf(b,
                               "<p>... and %d more (keel verify lists them all).</p>\n",
                               n - CONFLICT_ROWS);
    }
    keel_strbuf_puts(b, "</section>\n");
}

static void extras(const keel_report *rep, keel_strbuf *b)
{
    for (int i = 0; i < rep->nextra; i++) {
        keel_strbuf_printf(b, "<section id=\"%s\" class=\"added\"><h2>",
                           rep->extra[i].id);
        keel_html_text(b, rep->extra[i].title);
        keel_strbuf_puts(b, "</h2>\n");
        keel_strbuf_puts(b, rep->extra[i].html);
        keel_strbuf_puts(b, "</section>\n");
    }
}

static void about(keel_strbuf *b)
{
    keel_strbuf_puts(
        b, "<section id=\"about\"><h2>How to read this report</h2>\n<p>Delays are "
           "working days on each project's calendar between the finish the critical "
           "path allows with unlimited resources and the finish in the schedule. A "
           "task waits for a resource when every earlier start its links allow would "
           "need more of that resource than is free while the other tasks hold it as "
           "scheduled; a delay passed on through a link belongs to whatever delayed the "
           "predecessor. Resource load counts each task's units over its working time; "
           "capacity counts the resource's availability over its working time (its "
           "calendar, or when it has none the calendars of the tasks assigned to "
           "it).</p>\n"
           "<p class=\"meta\">Written by keel " KEEL_VERSION ".</p></section>\n");
}

void keel_report_html(const keel_report *rep, keel_strbuf *b)
{
    head(rep, b);
    header(rep, b);
    keel_strbuf_puts(b, "<main>\n");
    summary(rep, b);
    objective(rep, b);
    keel_report_why_summary(rep, b);
    projects(rep, b);
    resources(rep, b);
    conflicts(rep, b);
    extras(rep, b);
    about(b);
    keel_strbuf_puts(b, "</main>\n</body></html>\n");
}
