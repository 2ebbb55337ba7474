/* SPDX-License-Identifier: GPL-3.0-or-later
 * Loading a portfolio's files into a builder (see load.h).
 */
#include "read/load.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/error.h"
#include "base/readfile.h"
#include "read/mpsplib_read.h"
#include "read/mspdi_read.h"
#include "read/portfolio_file.h"
#include "read/psplib_read.h"

keel_file_kind keel_file_sniff(const char *path)
{
    char head[4097];
    int fd;
    size_t size;
    if (keel_file_open(path, (size_t)-1, &fd, &size, NULL) != KEEL_OK)
        return KEEL_FILE_MSPDI; /* the MSPDI reader says what is wrong */
    ssize_t n = read(fd, head, sizeof head - 1);
    close(fd);
    head[n > 0 ? n : 0] = '\0';
    if (strstr(head, "<mp-list") || strstr(head, "<mp>"))
        return KEEL_FILE_MPSPLIB;
    if (strstr(head, "PRECEDENCE RELATIONS") || strstr(head, "jobs (incl. supersource"))
        return KEEL_FILE_PSPLIB;
    return KEEL_FILE_MSPDI;
}

static keel_status read_research(keel_builder *b, const char *path, keel_file_kind kind,
                                 keel_error *err)
{
    if (kind == KEEL_FILE_PSPLIB)
        return keel_psplib_read(path, b, NULL, NULL, err);
    return keel_mpsplib_read(path, b, NULL, err);
}

static keel_status read_projects(keel_builder *b, const char *const *files, int nfiles,
                                 keel_error *err)
{
    for (int i = 0; i < nfiles; i++) {
        keel_file_kind kind = keel_file_sniff(files[i]);
        if (kind != KEEL_FILE_MSPDI) {
            if (nfiles > 1 || b->projects.len > 0)
                return keel_error_set(err, KEEL_ERR_INVALID, files[i], 0,
                                      "a research instance must be the only input file");
            return read_research(b, files[i], kind, err);
        }
        keel_status st = keel_mspdi_read(files[i], b, NULL, err);
        if (st != KEEL_OK)
            return st;
    }
    return KEEL_OK;
}

/* Files named on the command line and in the portfolio file are read once:
 * the same path, or the same file reached by another path. */
static bool already_listed(const char *const *files, int nfiles, const char *path)
{
    char *want = realpath(path, NULL);
    bool found = false;
    for (int i = 0; i < nfiles && !found; i++) {
        char *have = want ? realpath(files[i], NULL) : NULL;
        found = strcmp(files[i], path) == 0 || (have && strcmp(have, want) == 0);
        free(have);
    }
    free(want);
    return found;
}

keel_status keel_load_into(keel_builder *b, const char *const *files, int nfiles,
                           const keel_load_options *opts, keel_error *err)
{
    keel_portfolio_file *pf = NULL;
    keel_status st = KEEL_OK;
    if (opts && opts->portfolio_file)
        st = keel_portfolio_file_read(opts->portfolio_file, &pf, err);
    if (st == KEEL_OK && opts && opts->pool_file) {
        keel_mspdi_options po = {.pool = true};
        st = keel_mspdi_read(opts->pool_file, b, &po, err);
    }
    if (st == KEEL_OK)
        st = read_projects(b, files, nfiles, err);
    for (int i = 0; pf && st == KEEL_OK && i < pf->nprojects; i++) {
        const char *path = pf->projects[i].file;
        if (path && !already_listed(files, nfiles, path))
            st = keel_mspdi_read(path, b, NULL, err);
    }
    if (st == KEEL_OK && b->projects.len == 0)
        st = keel_error_set(err, KEEL_ERR_INVALID, NULL, 0, "no project files given");
    if (st == KEEL_OK && pf)
        st = keel_portfolio_file_apply(pf, b, err);
    keel_portfolio_file_free(pf);
    return st;
}
