/* SPDX-License-Identifier: GPL-3.0-or-later
 * The consolidated report (keel_report in keel.h): views of one result (its
 * schedules, project results, objective and bound, conflicts) and of the
 * explanation of its schedule; nothing a result holds is recomputed. What
 * the views need beyond the result is derived once in keel_report_new: the
 * CPM dates (the before bars), the leveled schedule's slacks (critical tasks)
 * and the weekly resource load.
 *
 * The HTML is one file: inline CSS and SVG, no script (sections collapse with
 * <details>), no network; well-formed XML as well as HTML, so that an XML
 * parser can check it. Each view is a function that appends to a buffer;
 * other PMO features add sections (keel_report_add_table, or
 * keel_report_add_html for library code that renders its own charts).
 */
#ifndef KEEL_REPORT_H
#define KEEL_REPORT_H

#include "analysis/cpm.h"
#include "analysis/leveled.h"
#include "report/markup.h"

/* A section added after the built-in ones, rendered when it was added. */
typedef struct keel_report_section {
    char *id, *title, *html;
} keel_report_section;

struct keel_report {
    const keel_portfolio *p;
    const keel_result *r;
    const keel_explanation *e;
    keel_cpm *cpm;
    keel_leveled *lv;          /* slacks of the result's schedule */
    keel_load_table *weekly;   /* before and after, by week */
    int nextra;
    keel_report_section *extra;
};

/* Appends an already rendered section (html: well-formed markup for inside a
 * <section>, copied) after the built-in ones. Fails with KEEL_ERR_INVALID for
 * a bad or repeated id, KEEL_ERR_NOMEM. */
keel_status keel_report_add_html(keel_report *rep, const char *id, const char *title,
                                 const char *html, keel_error *err);

/* The whole page into b. */
void keel_report_html(const keel_report *rep, keel_strbuf *b);

/* Views (report_*.c), each appending to b. */
void keel_report_gantt(const keel_report *rep, int project, keel_strbuf *b);
void keel_report_histogram(const keel_report *rep, int resource, keel_strbuf *b);
void keel_report_why_summary(const keel_report *rep, keel_strbuf *b);
void keel_report_why_project(const keel_report *rep, int project, keel_strbuf *b);
void keel_report_load_csv(keel_strbuf *b, const keel_portfolio *p,
                          const keel_load_table *l);
/* CSV export which (0 projects.csv, 1 tasks.csv, 2 load.csv) into b. */
void keel_report_csv(const keel_report *rep, int which, keel_strbuf *b);

/* Shared formatting: a time as "YYYY-MM-DD HH:MM" (a number for research
 * instances, "-" for none); minutes as working days of project q's calendar. */
const char *keel_report_time(const keel_portfolio *p, keel_time t, char *buf,
                             size_t size);
double keel_report_days(const keel_portfolio *p, int project, double minutes);
/* "d" (days), or "periods" for research instances. */
const char *keel_report_unit(const keel_portfolio *p);
/* The display name of a share's resource (also the pseudo-resources). */
const char *keel_report_share_name(const keel_portfolio *p, int resource);

#endif
