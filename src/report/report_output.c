/* SPDX-License-Identifier: GPL-3.0-or-later
 * The report's files in output sets (keel.h, "output sets"): declared with
 * their size before the work (so that a folder that cannot take them is
 * noticed first), put when the report exists, renamed into place together
 * with whatever else the set holds; never over a file the portfolio was read
 * from. Also the one-shot writers, each a set of its own.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "report/report.h"

static const char *const csv_names[] = {"projects.csv", "tasks.csv", "load.csv"};

keel_status keel_output_protect_inputs(keel_output *o, const keel_portfolio *p,
                                       keel_error *err)
{
    keel_status st = KEEL_OK;
    for (int q = 0; st == KEEL_OK && q < p->nprojects; q++)
        st = keel_output_protect(o, p->projects[q].file, err);
    for (int i = 0; st == KEEL_OK && i < p->ninputs; i++) /* pool, portfolio file */
        st = keel_output_protect(o, p->inputs[i], err);
    return st;
}

/* About what each file takes (bytes measured on generated portfolios: a
 * Gantt row, a task row, a resource-week row), for the space check. */
static int64_t size_hint(const keel_portfolio *p, int which)
{
    int64_t t = p->ntasks, r = p->nresources;
    switch (which) {
    case 0: return 300 * t + 12000 * r + 65536;            /* the HTML */
    case 1: return 200 * (int64_t)p->nprojects + 4096;     /* projects.csv */
    case 2: return 300 * t + 4096;                        /* tasks.csv */
    default: return 120 * 200 * r + 4096;                 /* load.csv, 200 weeks */
    }
}

keel_status keel_output_add_report(keel_output *o, const keel_portfolio *p,
                                   const char *html_name, bool csv, keel_error *err)
{
    keel_status st = keel_output_protect_inputs(o, p, err);
    if (st == KEEL_OK && html_name)
        st = keel_output_add(o, html_name, size_hint(p, 0), NULL, err);
    for (int i = 0; csv && st == KEEL_OK && i < 3; i++)
        st = keel_output_add(o, csv_names[i], size_hint(p, i + 1), NULL, err);
    return st;
}

static keel_status put_buf(keel_output *o, const char *name, keel_strbuf *b,
                           keel_error *err)
{
    keel_status st = b->failed
                         ? keel_error_nomem(err)
                         : keel_output_put(o, name, b->data ? b->data : "", b->len, err);
    keel_strbuf_free(b);
    return st;
}

keel_status keel_output_put_report(keel_output *o, const keel_report *rep,
                                   const char *html_name, bool csv, keel_error *err)
{
    keel_status st = KEEL_OK;
    keel_strbuf b = {0};
    if (html_name) {
        keel_report_html(rep, &b);
        st = put_buf(o, html_name, &b, err);
    }
    for (int i = 0; csv && st == KEEL_OK && i < 3; i++) {
        keel_report_csv(rep, i, &b);
        st = put_buf(o, csv_names[i], &b, err);
    }
    return st;
}

/* A set of its own in dir for the report's files. */
static keel_status write_set(const keel_report *rep, const char *dir,
                             const char *html_name, bool csv, keel_error *err)
{
    keel_output *o = NULL;
    keel_status st = keel_output_begin(dir, &o, err);
    if (st == KEEL_OK)
        st = keel_output_add_report(o, rep->p, html_name, csv, err);
    if (st == KEEL_OK)
        st = keel_output_check(o, err);
    if (st == KEEL_OK)
        st = keel_output_put_report(o, rep, html_name, csv, err);
    if (st == KEEL_OK)
        st = keel_output_commit(o, err);
    keel_output_free(o);
    return st;
}

keel_status keel_report_write_html(const keel_report *rep, const char *path,
                                   keel_error *err)
{
    const char *slash = strrchr(path, '/');
    char dir[4096];
    int n = snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - path) : 1,
                     slash ? path : ".");
    if (n < 0 || (size_t)n >= sizeof dir)
        return keel_error_set(err, KEEL_ERR_INVALID, path, 0, "output path too long");
    if (slash == path)
        snprintf(dir, sizeof dir, "/");
    return write_set(rep, dir, slash ? slash + 1 : path, false, err);
}

keel_status keel_report_write_csv(const keel_report *rep, const char *dir,
                                  keel_error *err)
{
    return write_set(rep, dir, NULL, true, err);
}
