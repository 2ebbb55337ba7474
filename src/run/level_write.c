/* SPDX-License-Identifier: GPL-3.0-or-later
 * Writing a leveling result back: one MSPDI file per input project, as one
 * output set (write/output.c). The targets are declared and checked before
 * the solve (keel_output_add_mspdi), the dates before any file is put.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "base/readfile.h"
#include "base/timefmt.h"
#include "run/driver.h"
#include "read/mspdi_read.h"
#include "run/level.h"
#include "write/mspdi_write.h"

/* Patched files grow a little (LevelingDelay, PreLeveled dates per task). */
static int64_t size_hint(const keel_project *pr)
{
    return (int64_t)pr->source_len + (int64_t)pr->source_len / 4 + 65536;
}

keel_status keel_output_add_mspdi(keel_output *o, const keel_portfolio *p, keel_error *err)
{
    if (p->research)
        return keel_error_set(err, KEEL_ERR_INVALID, NULL, 0,
                              "research instances have no MSPDI file to write back");
    keel_status st = keel_output_protect_inputs(o, p, err);
    for (int q = 0; st == KEEL_OK && q < p->nprojects; q++) {
        const keel_project *pr = &p->projects[q];
        if (!pr->file)
            continue;
        /* the loader keeps file names unique, so targets never collide */
        st = keel_output_add(o, keel_path_basename(pr->file), size_hint(pr), pr->file, err);
    }
    return st;
}

static keel_status date_error(const keel_portfolio *p, int t, const char *what, keel_time d,
                              keel_error *err)
{
    const keel_task *k = &p->tasks[t];
    char buf[48];
    return keel_error_set(err, KEEL_ERR_INVALID, p->projects[k->project].file, k->line,
                          "task UID %d '%s': the %s %s is outside the years %d..%d that "
                          "keel can write and read back; nothing was written",
                          k->uid, k->name, what, keel_format_datetime(d, buf, sizeof buf),
                          KEEL_YEAR_FIRST, KEEL_YEAR_LAST);
}

/* Every date the writer puts into a file must read back. */
static keel_status check_dates(const keel_portfolio *p, const keel_result *r, keel_error *err)
{
    for (int t = 0; t < p->ntasks; t++) {
        keel_time s = r->after->start[t], f = r->after->finish[t];
        if (s != KEEL_TIME_NONE && !keel_time_in_range(s))
            return date_error(p, t, "leveled start", s, err);
        if (f != KEEL_TIME_NONE && !keel_time_in_range(f))
            return date_error(p, t, "leveled finish", f, err);
    }
    return KEEL_OK;
}

typedef struct render_set {
    keel_output *o;
    const keel_portfolio *p;
    const keel_leveled *lv;
    bool have_before;
} render_set;

/* One file: patched in memory and put into the set (a job of
 * keel_driver_each: files are independent, each goes to its own target). */
static keel_status render_one(void *ctx, int worker, int64_t q, keel_error *err)
{
    const render_set *rs = ctx;
    const keel_project *pr = &rs->p->projects[q];
    (void)worker;
    if (!pr->file)
        return KEEL_OK;
    char *text = NULL;
    size_t len = 0;
    keel_status st =
        keel_mspdi_render_leveled(rs->p, (int)q, rs->lv, rs->have_before, &text, &len, err);
    if (st == KEEL_OK)
        st = keel_output_put(rs->o, keel_path_basename(pr->file), text, len, err);
    free(text);
    return st;
}

/* The leveled dates once for the portfolio, then one patch per file, as
 * many files at once as the run had threads (patching and syncing 200 files
 * of 500 tasks takes over a second on one). On a failure the set is not
 * committed: the caller frees it and every temporary goes. */
keel_status keel_output_put_mspdi(keel_output *o, const keel_portfolio *p,
                                  const keel_result *r, keel_error *err)
{
    keel_status st = check_dates(p, r, err);
    keel_leveled *lv = NULL;
    if (st == KEEL_OK)
        st = keel_leveled_compute(p, r->after, r->before, &lv, err);
    render_set rs = {o, p, lv, r->before != NULL};
    int threads = r->threads > 1 ? r->threads : 1;
    if (st == KEEL_OK) {
        keel_mspdi_init(); /* from this thread, before the others parse */
        st = keel_driver_each(p->nprojects, threads, render_one, &rs, err);
    }
    keel_leveled_free(lv);
    return st;
}

keel_status keel_result_write_mspdi(const keel_portfolio *p, const keel_result *r,
                                    const char *dir, keel_error *err)
{
    keel_output *o = NULL;
    keel_status st = keel_output_begin(dir, &o, err);
    if (st == KEEL_OK)
        st = keel_output_add_mspdi(o, p, err);
    if (st == KEEL_OK)
        st = keel_output_check(o, err);
    if (st == KEEL_OK)
        st = keel_output_put_mspdi(o, p, r, err);
    if (st == KEEL_OK)
        st = keel_output_commit(o, err);
    keel_output_free(o);
    return st;
}
