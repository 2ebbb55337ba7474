/* SPDX-License-Identifier: GPL-3.0-or-later
 * The MSPDI reader, links: each <PredecessorLink> (type, lag in tenths of a
 * minute or percent of the predecessor's duration) and external links to
 * tasks of other projects, resolved after all tasks of the file are read.
 * Repeated links between the same two tasks are reported once per pair and
 * exact copies dropped.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "base/timefmt.h"
#include "read/mspdi_internal.h"

/* ------------------------------------------------------------ links */

enum { L_PRED, L_TYPE, L_CROSS, L_CROSSNAME, L_LAG, L_LAGFMT, L_N };
static const char *const link_fields[L_N] = {"PredecessorUID", "Type", "CrossProject",
                                             "CrossProjectName", "LinkLag", "LagFormat"};

/* LinkLag is in tenths of a minute for every format except percent (19, 20
 * and their estimated variants 51, 52), where it is the plain percentage:
 * MPXJ MSPDIReader.readPredecessor uses `Duration.getInstance(lag,
 * lagUnits)` for PERCENT/ELAPSED_PERCENT and `lag / 10.0` minutes otherwise,
 * and MSPDIWriter.writePredecessor writes the percentage unscaled. A percent
 * lag is that share of the predecessor's Duration, resolved here. */
static keel_status read_lag(mspdi_reader *r, const keel_xml_node *const *f, const char *subject,
                            int pred, keel_lag_kind *kind, int64_t *lag)
{
    double v = 0;
    int64_t fmt = 7;
    keel_status st;
    if ((st = keel_mspdi_get_double(&r->c, f[L_LAG], subject, -MSPDI_MAX_TENTHS, MSPDI_MAX_TENTHS, &v)) !=
            KEEL_OK ||
        (st = keel_mspdi_get_int(&r->c, f[L_LAGFMT], subject, 0, 1000, &fmt)) != KEEL_OK)
        return st;
    *kind = keel_mspdi_is_elapsed_format(fmt) ? KEEL_LAG_ELAPSED : KEEL_LAG_WORK;
    if (!keel_mspdi_is_percent_format(fmt)) {
        *lag = llround(v / 10.0);
        return KEEL_OK;
    }
    if (v < -100000 || v > 100000)
        return keel_mspdi_fail(&r->c, f[L_LAG], 0, "%s: percent lag %g%% is absurd", subject, v);
    if (pred < 0) {
        *lag = 0;
        return keel_mspdi_warn(&r->c, f[L_LAG],
                               "%s: percent lag on a cross-project link taken as 0", subject)
                   ? KEEL_OK
                   : keel_error_nomem(r->c.err);
    }
    *lag = llround(v / 100.0 * (double)r->c.b->tasks.data[pred].total_duration);
    return KEEL_OK;
}

/* CrossProjectName "path\ID": the project is the file name of path. */
static keel_status read_external(mspdi_reader *r, const keel_xml_node *const *f, int succ,
                                 const char *subject, keel_link_type type, int line)
{
    mspdi_ctx *c = &r->c;
    char name[1024];
    keel_xml_text(f[L_CROSSNAME], name, sizeof name);
    char *sep = strrchr(name, '\\');
    int64_t id;
    if (!sep || sep == name || !keel_xml_parse_int(sep + 1, &id) || id < 0 || id > INT32_MAX)
        return keel_mspdi_warn(c, f[L_CROSSNAME] ? f[L_CROSSNAME] : f[L_CROSS],
                               "%s: CrossProjectName '%s' is not 'file\\ID'; link ignored",
                               subject, name)
                   ? KEEL_OK
                   : keel_error_nomem(c->err);
    *sep = '\0';
    keel_external_link x = {0};
    x.succ = succ;
    x.type = type;
    x.line = line;
    x.pred_id = (int32_t)id;
    x.project = keel_arena_strdup(c->b->arena, keel_mspdi_basename(name));
    keel_status st = read_lag(r, f, subject, -1, &x.lag_kind, &x.lag);
    if (st != KEEL_OK)
        return st;
    if (!x.project || !KEEL_VEC_PUSH(&c->b->external_links, x))
        return keel_error_nomem(c->err);
    return KEEL_OK;
}

static keel_status read_link(mspdi_reader *r, int succ, const keel_xml_node *n)
{
    mspdi_ctx *c = &r->c;
    const keel_xml_node *f[L_N];
    keel_mspdi_fields(n, link_fields, L_N, f);
    char subject[300];
    keel_mspdi_task_subject(&c->b->tasks.data[succ], subject, sizeof subject);
    int64_t type = KEEL_LINK_FS, pred_uid = 0;
    bool cross = false;
    keel_status st;
    if ((st = keel_mspdi_get_int(c, f[L_TYPE], subject, 0, 3, &type)) != KEEL_OK ||
        (st = keel_mspdi_get_bool(c, f[L_CROSS], subject, &cross)) != KEEL_OK)
        return st;
    if (cross)
        return read_external(r, f, succ, subject, (keel_link_type)type, keel_xml_line(n));
    if (!f[L_PRED])
        return keel_mspdi_fail(c, n, 0, "%s: predecessor link without PredecessorUID", subject);
    if ((st = keel_mspdi_get_int(c, f[L_PRED], subject, INT32_MIN, INT32_MAX, &pred_uid)) !=
        KEEL_OK)
        return st;
    const mspdi_uid *u = keel_mspdi_uid_find(&r->tasks, pred_uid);
    if (!u)
        return keel_mspdi_fail(c, f[L_PRED], 0, "%s: predecessor UID %lld does not exist",
                               subject, (long long)pred_uid);
    if (u->index < 0)
        return keel_mspdi_warn(c, f[L_PRED],
                               "%s: predecessor UID %lld is the project summary, a blank or "
                               "an external task; link ignored",
                               subject, (long long)pred_uid)
                   ? KEEL_OK
                   : keel_error_nomem(c->err);
    keel_link l = {0};
    l.pred = u->index;
    l.succ = succ;
    l.type = (keel_link_type)type;
    l.line = keel_xml_line(n);
    if ((st = read_lag(r, f, subject, u->index, &l.lag_kind, &l.lag)) != KEEL_OK)
        return st;
    return KEEL_VEC_PUSH(&c->b->links, l) ? KEEL_OK : keel_error_nomem(c->err);
}

/* ------------------------------------------------------------ duplicates */

typedef struct link_key {
    int pred, succ, index;
} link_key;

static int cmp_key(const void *a, const void *b)
{
    const link_key *x = a, *y = b;
    if (x->succ != y->succ)
        return x->succ < y->succ ? -1 : 1;
    if (x->pred != y->pred)
        return x->pred < y->pred ? -1 : 1;
    return (x->index > y->index) - (x->index < y->index);
}

static bool same_link(const keel_link *a, const keel_link *b)
{
    return a->type == b->type && a->lag_kind == b->lag_kind && a->lag == b->lag;
}

/* One group of links between the same two tasks (k[0..n), in file order):
 * copies of the first are dropped (marked in drop), and the user is told. */
static bool report_group(mspdi_reader *r, const link_key *k, int n, bool *drop)
{
    keel_builder *b = r->c.b;
    const keel_link *first = &b->links.data[k[0].index];
    int others = 0;
    for (int i = 1; i < n; i++) {
        bool same = same_link(&b->links.data[k[i].index], first);
        others += !same;
        drop[k[i].index] = same;
    }
    const keel_task *s = &b->tasks.data[first->succ], *p = &b->tasks.data[first->pred];
    return keel_builder_warn(b, r->c.file, b->links.data[k[1].index].line,
                             "task UID %d '%s': predecessor UID %d is linked %d times (MS "
                             "Project keeps one link per pair of tasks); %s",
                             s->uid, s->name, p->uid, n,
                             others ? "keel enforces each different type and lag"
                                    : "keel keeps one");
}

/* Links between the same two tasks, as 50,000 copies of one link: each pair
 * gets one warning, exact copies are dropped. */
static keel_status dedupe_links(mspdi_reader *r, size_t first)
{
    keel_builder *b = r->c.b;
    size_t n = b->links.len - first;
    if (n < 2)
        return KEEL_OK;
    link_key *k = malloc(n * sizeof *k);
    bool *drop = calloc(b->links.len, sizeof *drop);
    if (!k || !drop) {
        free(k);
        free(drop);
        return keel_error_nomem(r->c.err);
    }
    for (size_t i = 0; i < n; i++)
        k[i] = (link_key){b->links.data[first + i].pred, b->links.data[first + i].succ,
                          (int)(first + i)};
    qsort(k, n, sizeof *k, cmp_key);
    bool ok = true;
    for (size_t i = 0, j; ok && i < n; i = j) {
        for (j = i + 1; j < n && k[j].pred == k[i].pred && k[j].succ == k[i].succ; j++)
            ;
        if (j - i > 1)
            ok = report_group(r, &k[i], (int)(j - i), drop);
    }
    size_t kept = first;
    for (size_t i = first; i < b->links.len; i++)
        if (!drop[i])
            b->links.data[kept++] = b->links.data[i];
    b->links.len = kept;
    free(k);
    free(drop);
    return ok ? KEEL_OK : keel_error_nomem(r->c.err);
}

keel_status keel_mspdi_read_links(mspdi_reader *r)
{
    size_t first = r->c.b->links.len;
    for (size_t i = 0; i < r->links.len; i++) {
        keel_status st = read_link(r, r->links.data[i].succ, r->links.data[i].n);
        if (st != KEEL_OK)
            return st;
    }
    return dedupe_links(r, first);
}
