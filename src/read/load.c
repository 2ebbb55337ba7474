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

/* A research instance alone; otherwise every file is MSPDI. */
static keel_status check_kinds(const char *const *files, int nfiles, bool *research,
                               keel_error *err)
{
    *research = false;
    for (int i = 0; i < nfiles; i++) {
        if (keel_file_sniff(files[i]) == KEEL_FILE_MSPDI)
            continue;
        if (nfiles > 1)
            return keel_error_set(err, KEEL_ERR_INVALID, files[i], 0,
                                  "a research instance must be the only input file");
        *research = true;
    }
    return KEEL_OK;
}

/* ------------------------------------------------------------ pipeline */

#define AHEAD 8 /* files parsed ahead per step and thread */

/* Project files in steps: step k adds the files parsed in step k-1 to the
 * builder (job 0, in order) while the other jobs parse the next files. */
typedef struct pipeline {
    const char **paths;
    int n;
    keel_builder *b;
    keel_mspdi_doc **docs;   /* [n] parsed, not yet added */
    keel_status *st;         /* [n] outcome of parsing */
    keel_error *errs;        /* [n] its message */
    int add_from, add_to;    /* this step adds [add_from, add_to) */
    int parse_from, parse_to; /* and parses [parse_from, parse_to) */
    keel_status add_st;      /* the first failure in file order */
    keel_error add_err;
} pipeline;

static void add_files(pipeline *pl)
{
    for (int f = pl->add_from; f < pl->add_to && pl->add_st == KEEL_OK; f++) {
        if (pl->st[f] != KEEL_OK) {
            pl->add_st = pl->st[f];
            pl->add_err = pl->errs[f];
        } else {
            pl->add_st = keel_mspdi_doc_add(pl->docs[f], pl->b, &pl->add_err);
        }
    }
    for (int f = pl->add_from; f < pl->add_to; f++) {
        keel_mspdi_doc_free(pl->docs[f]);
        pl->docs[f] = NULL;
    }
}

static keel_status pipeline_job(void *ctx, int worker, int64_t i, keel_error *err)
{
    pipeline *pl = ctx;
    (void)worker;
    (void)err;
    if (i == 0) {
        add_files(pl);
    } else {
        int f = pl->parse_from + (int)i - 1;
        pl->st[f] = keel_mspdi_doc_load(pl->paths[f], &pl->docs[f], &pl->errs[f]);
    }
    return KEEL_OK;
}

static keel_status run_pipeline(pipeline *pl, keel_load_each each, int threads,
                                keel_error *err)
{
    int step = AHEAD * threads;
    keel_mspdi_init();
    for (int next = 0; pl->add_st == KEEL_OK && pl->add_to < pl->n;) {
        pl->add_from = pl->add_to;
        pl->add_to = next;
        pl->parse_from = next;
        pl->parse_to = next + step < pl->n ? next + step : pl->n;
        next = pl->parse_to;
        keel_status st = each(1 + pl->parse_to - pl->parse_from, threads, pipeline_job, pl,
                              err);
        if (st != KEEL_OK)
            return st;
    }
    for (int f = 0; f < pl->n; f++)
        keel_mspdi_doc_free(pl->docs[f]);
    if (pl->add_st != KEEL_OK && err)
        *err = pl->add_err;
    return pl->add_st;
}

/* Reads the project files paths[0..n) into b, in order. */
static keel_status read_mspdi_files(keel_builder *b, const char **paths, int n,
                                    keel_load_each each, int threads, keel_error *err)
{
    if (!each || threads < 2 || n < 2) {
        keel_status st = KEEL_OK;
        for (int i = 0; i < n && st == KEEL_OK; i++)
            st = keel_mspdi_read(paths[i], b, NULL, err);
        return st;
    }
    pipeline pl = {.paths = paths, .n = n, .b = b};
    pl.docs = calloc((size_t)n, sizeof *pl.docs);
    pl.st = calloc((size_t)n, sizeof *pl.st);
    pl.errs = calloc((size_t)n, sizeof *pl.errs);
    keel_status st = pl.docs && pl.st && pl.errs ? run_pipeline(&pl, each, threads, err)
                                                 : keel_error_nomem(err);
    free(pl.docs);
    free(pl.st);
    free(pl.errs);
    return st;
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

/* The project files to read, in order: the command line's, then the
 * portfolio file's that the command line did not name. */
static const char **project_paths(const char *const *files, int nfiles, bool research,
                                  const keel_portfolio_file *pf, int *n)
{
    int cap = nfiles + (pf ? pf->nprojects : 0);
    const char **paths = malloc(((size_t)cap + 1) * sizeof *paths);
    *n = 0;
    if (!paths)
        return NULL;
    for (int i = 0; i < nfiles && !research; i++)
        paths[(*n)++] = files[i];
    for (int i = 0; pf && i < pf->nprojects; i++) {
        const char *path = pf->projects[i].file;
        if (path && !already_listed(files, nfiles, path))
            paths[(*n)++] = path;
    }
    return paths;
}

static keel_status read_projects(keel_builder *b, const char *const *files, int nfiles,
                                 const keel_portfolio_file *pf, keel_load_each each,
                                 int threads, keel_error *err)
{
    bool research = false;
    keel_status st = check_kinds(files, nfiles, &research, err);
    if (st == KEEL_OK && research && b->projects.len > 0)
        st = keel_error_set(err, KEEL_ERR_INVALID, files[0], 0,
                            "a research instance must be the only input file");
    if (st != KEEL_OK)
        return st;
    if (research && (st = read_research(b, files[0], keel_file_sniff(files[0]), err)) != KEEL_OK)
        return st;
    int n = 0;
    const char **paths = project_paths(files, nfiles, research, pf, &n);
    st = paths ? read_mspdi_files(b, paths, n, each, threads, err) : keel_error_nomem(err);
    free(paths);
    return st;
}

/* A pool none of whose resources the projects assign is almost surely the
 * wrong file (names join trimmed and case-insensitive): an error, so that
 * capacities do not silently come from elsewhere. When the projects assign no
 * resource at all the pool cannot matter; that is only a warning. */
static keel_status check_pool_used(keel_builder *b, const char *pool_file, keel_error *err)
{
    int npool = 0;
    for (size_t r = 0; r < b->resources.len; r++)
        npool += b->resources.data[r].pool;
    for (size_t a = 0; a < b->assignments.len; a++)
        if (b->resources.data[b->assignments.data[a].resource].pool)
            return KEEL_OK;
    if (b->assignments.len == 0)
        return keel_builder_warn(b, pool_file, 0, "no project assigns a resource; the pool "
                                                  "is not used")
                   ? KEEL_OK
                   : keel_error_nomem(err);
    return keel_error_set(err, KEEL_ERR_INVALID, pool_file, 0,
                          "none of the pool's %d resource%s is assigned in the projects "
                          "(resources join by name, trimmed and case-insensitive)",
                          npool, npool == 1 ? "" : "s");
}

keel_status keel_load_into(keel_builder *b, const char *const *files, int nfiles,
                           const keel_load_options *opts, keel_load_each each, int threads,
                           keel_error *err)
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
        st = read_projects(b, files, nfiles, pf, each, threads, err);
    if (st == KEEL_OK && b->projects.len == 0)
        st = keel_error_set(err, KEEL_ERR_INVALID, NULL, 0, "no project files given");
    if (st == KEEL_OK && pf)
        st = keel_portfolio_file_apply(pf, b, err);
    if (st == KEEL_OK && opts && opts->pool_file)
        st = check_pool_used(b, opts->pool_file, err);
    keel_portfolio_file_free(pf);
    return st;
}
