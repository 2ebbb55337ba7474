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

keel_status keel_output_put_mspdi(keel_output *o, const keel_portfolio *p,
                                  const keel_result *r, keel_error *err)
{
    keel_status st = check_dates(p, r, err);
    /* The leveled dates once for the portfolio, then one patch per file. */
    keel_leveled *lv = NULL;
    if (st == KEEL_OK)
        st = keel_leveled_compute(p, r->after, r->before, &lv, err);
    for (int q = 0; st == KEEL_OK && q < p->nprojects; q++) {
        if (!p->projects[q].file)
            continue;
        char *text = NULL;
        size_t len = 0;
        st = keel_mspdi_render_leveled(p, q, lv, r->before != NULL, &text, &len, err);
        if (st == KEEL_OK)
            st = keel_output_put(o, keel_path_basename(p->projects[q].file), text, len, err);
        free(text);
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
