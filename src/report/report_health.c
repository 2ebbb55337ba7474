/* SPDX-License-Identifier: GPL-3.0-or-later
 * The schedule health section of the report (keel_report_add_health): the 14
 * checks of the DCMA assessment (keel_health_run) for the portfolio, one row
 * per check with its count, population, value, threshold and result, then a
 * matrix of projects by checks with each project's result and count, so a
 * PMO sees which plans fail which checks. Cells carry the exact figures as
 * data attributes. Read through keel.h's accessors only.
 */
#include <stdio.h>

#include "base/error.h"
#include "health/health.h"
#include "report/report.h"

static const char *threshold_text(const keel_health_result *r, char *buf, size_t size)
{
    switch (r->rule) {
    case KEEL_HEALTH_AT_MOST: snprintf(buf, size, "&lt;= %g %%", r->threshold); break;
    case KEEL_HEALTH_AT_LEAST: snprintf(buf, size, "&gt;= %g %%", r->threshold); break;
    case KEEL_HEALTH_NONE: snprintf(buf, size, "none"); break;
    case KEEL_HEALTH_INDEX: snprintf(buf, size, "&gt;= %.2f", r->threshold); break;
    default: snprintf(buf, size, "finish moves"); break;
    }
    return buf;
}

static const char *value_text(const keel_health_result *r, char *buf, size_t size)
{
    if (!r->applicable)
        snprintf(buf, size, "-");
    else if (r->rule == KEEL_HEALTH_INDEX || r->rule == KEEL_HEALTH_TEST)
        snprintf(buf, size, "%.2f", r->value);
    else
        snprintf(buf, size, "%.1f %%", r->value);
    return buf;
}

/* The figures of a result as attributes: check, count, total, pass. */
static void attributes(const keel_health_result *r, keel_strbuf *b)
{
    keel_strbuf_printf(b,
                       " data-check=\"%s\" data-count=\"%lld\" data-total=\"%lld\" "
                       "data-pass=\"%s\"",
                       r->name, (long long)r->count, (long long)r->total,
                       !r->applicable ? "n/a"
                       : r->pass      ? "true"
                                      : "false");
}

static const char *result_class(const keel_health_result *r)
{
    return !r->applicable ? "na" : r->pass ? "ok" : "late";
}

static void portfolio_table(const keel_health *h, keel_strbuf *b)
{
    keel_strbuf_puts(b,
                     "<table id=\"health-portfolio\"><thead><tr><th class=\"n\">#</th>"
                     "<th>Check</th><th>Threshold</th><th class=\"n\">Count</th>"
                     "<th class=\"n\">Total</th><th class=\"n\">Value</th><th>Result</th>"
                     "</tr></thead><tbody>\n");
    for (int c = 0; c < KEEL_HEALTH_NCHECKS; c++) {
        keel_health_result r = keel_health_get(h, -1, (keel_health_check)c);
        char thr[32], val[32];
        keel_strbuf_puts(b, "<tr");
        attributes(&r, b);
        keel_strbuf_printf(b, "><td class=\"n\">%d</td><td>", r.number);
        keel_html_text(b, r.title);
        keel_strbuf_printf(b,
                           "</td><td>%s</td><td class=\"n\">%lld</td><td class=\"n\">%lld"
                           "</td><td class=\"n\">%s</td><td class=\"%s\">",
                           threshold_text(&r, thr, sizeof thr), (long long)r.count,
                           (long long)r.total, value_text(&r, val, sizeof val),
                           result_class(&r));
        if (r.applicable)
            keel_strbuf_puts(b, r.pass ? "pass" : "FAIL");
        else
            keel_html_text(b, r.note ? r.note : "not applicable");
        keel_strbuf_puts(b, "</td></tr>\n");
    }
    keel_strbuf_puts(b, "</tbody></table>\n");
}

/* One project's cell of a check: the count over the population (the value
 * for indexes and the test), coloured by the result. */
static void project_cell(const keel_health_result *r, keel_strbuf *b)
{
    char val[32];
    keel_strbuf_printf(b, "<td class=\"n %s\"", result_class(r));
    attributes(r, b);
    keel_strbuf_puts(b, " title=\"");
    keel_html_text(b, r->title);
    if (!r->applicable) {
        keel_strbuf_puts(b, ": ");
        keel_html_text(b, r->note ? r->note : "not applicable");
        keel_strbuf_puts(b, "\">n/a</td>");
    } else if (r->rule == KEEL_HEALTH_INDEX || r->rule == KEEL_HEALTH_TEST) {
        keel_strbuf_printf(b, "\">%s</td>", value_text(r, val, sizeof val));
    } else {
        keel_strbuf_printf(b, "\">%lld/%lld</td>", (long long)r->count,
                           (long long)r->total);
    }
}

static void projects_table(const keel_portfolio *p, const keel_health *h, keel_strbuf *b)
{
    keel_strbuf_puts(b, "<table id=\"health-projects\"><thead><tr><th>Project</th>");
    for (int c = 0; c < KEEL_HEALTH_NCHECKS; c++) {
        keel_health_result r = keel_health_get(h, 0, (keel_health_check)c);
        keel_strbuf_printf(b, "<th class=\"n\" title=\"");
        keel_html_text(b, r.title);
        keel_strbuf_printf(b, "\">%d</th>", r.number);
    }
    keel_strbuf_puts(b, "<th class=\"n\">Passed</th></tr></thead><tbody>\n");
    for (int q = 0; q < p->nprojects; q++) {
        int passed = 0, applicable = 0;
        keel_strbuf_puts(b, "<tr data-project=\"");
        keel_html_text(b, p->projects[q].name);
        keel_strbuf_puts(b, "\"><td>");
        keel_html_text(b, p->projects[q].name);
        keel_strbuf_puts(b, "</td>");
        for (int c = 0; c < KEEL_HEALTH_NCHECKS; c++) {
            keel_health_result r = keel_health_get(h, q, (keel_health_check)c);
            project_cell(&r, b);
            applicable += r.applicable;
            passed += r.applicable && r.pass;
        }
        keel_strbuf_printf(b, "<td class=\"n\">%d/%d</td></tr>\n", passed, applicable);
    }
    keel_strbuf_puts(b, "</tbody></table>\n");
}

keel_status keel_report_add_health(keel_report *rep, const keel_health *h,
                                   keel_error *err)
{
    const keel_portfolio *p = rep->p;
    if (!h || keel_health_nprojects(h) != p->nprojects)
        return keel_error_set(err, KEEL_ERR_INVALID, NULL, 0,
                              "the health checks are not of the report's portfolio");
    keel_strbuf b = {0};
    keel_strbuf_puts(
        &b,
        "<p>The 14 checks of the DCMA schedule assessment on the plans as the files "
        "state them (logic, leads, lags, relationship types, hard constraints, float, "
        "duration, dates against the status date, resources, missed tasks, the "
        "critical path test, CPLI and BEI), for the portfolio (counts summed; the "
        "critical path test counts failing projects, CPLI is the lowest project's) "
        "and per project. A check without what it needs (a status date, a baseline) "
        "does not apply. <code>keel health</code> lists the offending tasks.</p>\n");
    portfolio_table(h, &b);
    projects_table(p, h, &b);
    keel_status st =
        b.failed ? keel_error_nomem(err)
                 : keel_report_add_html(rep, "health", "Schedule health", b.data, err);
    keel_strbuf_free(&b);
    return st;
}
