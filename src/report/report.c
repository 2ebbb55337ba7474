/* SPDX-License-Identifier: GPL-3.0-or-later
 * The report object (see report.h): what it derives once from the result,
 * the sections other features add, and writing the HTML file atomically.
 */
#include "report/report.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "search/explain.h"

static keel_status derive(keel_report *rep, keel_error *err)
{
    const keel_schedule *after = keel_result_schedule(rep->r);
    keel_status st = keel_cpm_run(rep->p, &rep->cpm, err);
    if (st == KEEL_OK)
        st = keel_leveled_compute(rep->p, after, keel_result_before(rep->r), &rep->lv,
                                  err);
    if (st == KEEL_OK)
        st = keel_load_table_compute(rep->p, keel_result_before(rep->r), after,
                                     KEEL_PERIOD_WEEK, &rep->weekly, err);
    return st;
}

keel_status keel_report_new(const keel_portfolio *p, const keel_result *r,
                            const keel_explanation *e, keel_report **out, keel_error *err)
{
    *out = NULL;
    const keel_schedule *s = keel_result_schedule(r);
    if (!p || !s || s->ntasks != p->ntasks || !e || e->ntasks != p->ntasks)
        return keel_error_set(err, KEEL_ERR_INVALID, NULL, 0,
                              "the result or its explanation is not of this portfolio");
    keel_report *rep = calloc(1, sizeof *rep);
    if (!rep)
        return keel_error_nomem(err);
    *rep = (keel_report){.p = p, .r = r, .e = e};
    keel_status st = derive(rep, err);
    if (st != KEEL_OK) {
        keel_report_free(rep);
        return st;
    }
    *out = rep;
    return KEEL_OK;
}

void keel_report_free(keel_report *rep)
{
    if (!rep)
        return;
    keel_cpm_free(rep->cpm);
    keel_leveled_free(rep->lv);
    keel_load_table_free(rep->weekly);
    for (int i = 0; i < rep->nextra; i++) {
        free(rep->extra[i].id);
        free(rep->extra[i].title);
        free(rep->extra[i].html);
    }
    free(rep->extra);
    free(rep);
}

/* Ids of the built-in sections, which added ones may not take. */
static const char *const builtin_ids[] = {"summary", "objective", "why", "projects",
                                          "resources", "conflicts", "about"};

static keel_status check_id(const keel_report *rep, const char *id, keel_error *err)
{
    bool ok = id && *id && strlen(id) < 64;
    for (const char *c = id; ok && *c; c++)
        ok = isalnum((unsigned char)*c) || *c == '-';
    for (size_t i = 0; ok && i < sizeof builtin_ids / sizeof *builtin_ids; i++)
        ok = strcmp(id, builtin_ids[i]) != 0;
    for (int i = 0; ok && i < rep->nextra; i++)
        ok = strcmp(id, rep->extra[i].id) != 0;
    if (!ok)
        return keel_error_set(
            err, KEEL_ERR_INVALID, NULL, 0,
            "report section id '%s': not letters, digits and '-', or taken",
            id ? id : "(null)");
    return KEEL_OK;
}

static char *dup(const char *s)
{
    return strdup(s ? s : "");
}

keel_status keel_report_add_html(keel_report *rep, const char *id, const char *title,
                                 const char *html, keel_error *err)
{
    keel_status st = check_id(rep, id, err);
    if (st != KEEL_OK)
        return st;
    keel_report_section *more =
        realloc(rep->extra, sizeof *more * (size_t)(rep->nextra + 1));
    if (!more)
        return keel_error_nomem(err);
    rep->extra = more;
    keel_report_section s = {dup(id), dup(title), dup(html)};
    if (!s.id || !s.title || !s.html) {
        free(s.id);
        free(s.title);
        free(s.html);
        return keel_error_nomem(err);
    }
    rep->extra[rep->nextra++] = s;
    return KEEL_OK;
}

static bool numeric(const char *s)
{
    char *end;
    if (!s || !*s)
        return false;
    (void)strtod(s, &end);
    return *end == '\0' || (end[0] == ' ' && end[1] != '\0' && !strchr(end + 1, ' '));
}

keel_status keel_report_add_table(keel_report *rep, const char *id, const char *title,
                                  const char *intro, int ncols, const char *const *header,
                                  int nrows, const char *const *cells, keel_error *err)
{
    if (ncols <= 0 || nrows < 0 || !header || (nrows > 0 && !cells))
        return keel_error_set(err, KEEL_ERR_INVALID, NULL, 0,
                              "report table '%s': no columns or no cells", id ? id : "");
    keel_strbuf b = {0};
    if (intro) {
        keel_strbuf_puts(&b, "<p>");
        keel_html_text(&b, intro);
        keel_strbuf_puts(&b, "</p>\n");
    }
    keel_strbuf_puts(&b, "<table class=\"added\"><thead><tr>");
    for (int c = 0; c < ncols; c++) {
        keel_strbuf_puts(&b, "<th>");
        keel_html_text(&b, header[c] ? header[c] : "");
        keel_strbuf_puts(&b, "</th>");
    }
    keel_strbuf_puts(&b, "</tr></thead><tbody>\n");
    for (int r = 0; r < nrows; r++) {
        keel_strbuf_puts(&b, "<tr>");
        for (int c = 0; c < ncols; c++) {
            const char *v = cells[(size_t)r * ncols + c];
            keel_strbuf_puts(&b, numeric(v) ? "<td class=\"n\">" : "<td>");
            keel_html_text(&b, v ? v : "");
            keel_strbuf_puts(&b, "</td>");
        }
        keel_strbuf_puts(&b, "</tr>\n");
    }
    keel_strbuf_puts(&b, "</tbody></table>\n");
    keel_status st = b.failed ? keel_error_nomem(err)
                             : keel_report_add_html(rep, id, title, b.data, err);
    keel_strbuf_free(&b);
    return st;
}
