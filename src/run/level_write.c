/* SPDX-License-Identifier: GPL-3.0-or-later
 * Writing a leveling result back: one MSPDI file per input project.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "base/error.h"
#include "base/readfile.h"
#include "run/level.h"
#include "write/mspdi_write.h"

keel_status keel_result_write_mspdi(const keel_portfolio *p, const keel_result *r,
                                    const char *dir, keel_error *err)
{
    if (p->research)
        return keel_error_set(err, KEEL_ERR_INVALID, NULL, 0,
                              "research instances have no MSPDI file to write back");
    if (mkdir(dir, 0777) != 0 && errno != EEXIST)
        return keel_error_set(err, KEEL_ERR_IO, dir, 0, "cannot create directory: %s",
                              strerror(errno));
    /* The leveled dates once for the portfolio, then one patch per file. */
    keel_leveled *lv = NULL;
    keel_status st = keel_leveled_compute(p, r->after, r->before, &lv, err);
    for (int q = 0; st == KEEL_OK && q < p->nprojects; q++) {
        const char *file = p->projects[q].file;
        if (!file)
            continue;
        char path[4096];
        int n = snprintf(path, sizeof path, "%s/%s", dir, keel_path_basename(file));
        if (n < 0 || (size_t)n >= sizeof path)
            st = keel_error_set(err, KEEL_ERR_INVALID, dir, 0, "output path too long");
        else
            st = keel_mspdi_write_leveled(p, q, lv, true, path, err);
    }
    keel_leveled_free(lv);
    return st;
}
