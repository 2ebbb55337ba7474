/* SPDX-License-Identifier: GPL-3.0-or-later
 * Output sets (keel.h): targets are declared and checked before any content
 * exists, contents go to synced temporary files in the target folder, and
 * commit renames them all under a journal. Invariant: until commit writes its
 * journal the folder holds nothing new but temporaries, which free() removes;
 * once the journal exists the set is complete on disk and a later begin can
 * finish the renames (output_recover.c). The folder is held with flock(2).
 */
#include "write/output.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "base/error.h"
#include "write/output_internal.h"

keel_status keel_output_begin(const char *dir, keel_output **out, keel_error *err)
{
    return keel_output_open(dir, true, out, err);
}

keel_status keel_output_open(const char *dir, bool create, keel_output **out,
                             keel_error *err)
{
    *out = NULL;
    if (!dir || !*dir)
        return keel_error_set(err, KEEL_ERR_INVALID, NULL, 0, "no output folder given");
    keel_output *o = calloc(1, sizeof *o);
    if (!o || !(o->dir = strdup(dir))) {
        free(o);
        return keel_error_nomem(err);
    }
    o->dfd = -1;
    keel_status st = create ? keel_output_mkdirs(o, err) : KEEL_OK;
    if (st == KEEL_OK)
        st = keel_output_lock(o, err);
    if (st == KEEL_OK)
        st = keel_output_recover(o, err);
    if (st != KEEL_OK) {
        keel_output_free(o);
        return st;
    }
    *out = o;
    return KEEL_OK;
}

static void remove_temporaries(keel_output *o)
{
    for (int i = 0; i < o->ntargets; i++)
        if (o->targets[i].tmp) {
            unlink(o->targets[i].tmp);
            free(o->targets[i].tmp);
            o->targets[i].tmp = NULL;
        }
}

void keel_output_free(keel_output *o)
{
    if (!o)
        return;
    if (!o->half_done)
        remove_temporaries(o);
    for (int i = 0; i < o->ntargets; i++) {
        free(o->targets[i].name);
        free(o->targets[i].path);
        free(o->targets[i].tmp);
    }
    if (o->dfd >= 0)
        close(o->dfd); /* releases the lock */
    for (int i = o->ncreated; i-- > 0;) {
        if (!o->committed && !o->half_done)
            rmdir(o->created[i]); /* only empty folders go */
        free(o->created[i]);
    }
    for (int i = 0; i < o->nnotes; i++)
        free(o->notes[i]);
    free(o->notes);
    free(o->created);
    free(o->targets);
    free(o->protected_files);
    free(o->dir);
    free(o);
}

int keel_output_nnotes(const keel_output *o)
{
    return o ? o->nnotes : 0;
}

const char *keel_output_note(const keel_output *o, int i)
{
    return o && i >= 0 && i < o->nnotes ? o->notes[i] : NULL;
}

void keel_output_set_cancel(keel_output *o, const volatile sig_atomic_t *flag)
{
    if (o)
        o->cancel = flag;
}

keel_status keel_output_protect(keel_output *o, const char *path, keel_error *err)
{
    struct stat sb;
    if (!path || stat(path, &sb) != 0)
        return KEEL_OK;
    keel_output_file *f = realloc(o->protected_files,
                                  ((size_t)o->nprotected + 1) * sizeof *f);
    if (!f)
        return keel_error_nomem(err);
    o->protected_files = f;
    f[o->nprotected++] = (keel_output_file){sb.st_dev, sb.st_ino, path};
    return KEEL_OK;
}

static const keel_output_file *protected_at(const keel_output *o, const struct stat *sb)
{
    for (int i = 0; i < o->nprotected; i++)
        if (o->protected_files[i].dev == sb->st_dev && o->protected_files[i].ino == sb->st_ino)
            return &o->protected_files[i];
    return NULL;
}

static keel_output_target *find_target(keel_output *o, const char *name)
{
    for (int i = 0; i < o->ntargets; i++)
        if (strcmp(o->targets[i].name, name) == 0)
            return &o->targets[i];
    return NULL;
}

static bool plain_name(const char *name)
{
    return name && *name && !strpbrk(name, "/\t\n") && strcmp(name, ".") != 0 &&
           strcmp(name, "..") != 0 && strcmp(name, KEEL_OUTPUT_JOURNAL) != 0;
}

/* An existing target must be a regular file that is not an input. */
static keel_status check_existing(keel_output *o, const char *path, keel_error *err)
{
    struct stat sb;
    if (stat(path, &sb) != 0)
        return KEEL_OK;
    const keel_output_file *in = protected_at(o, &sb);
    if (in)
        return keel_error_set(err, KEEL_ERR_INVALID, path, 0,
                              "refusing to overwrite the input file %s; choose another "
                              "output folder",
                              in->path);
    if (!S_ISREG(sb.st_mode))
        return keel_error_set(err, KEEL_ERR_IO, path, 0, "exists and is not a regular file");
    return KEEL_OK;
}

keel_status keel_output_add(keel_output *o, const char *name, int64_t size_hint,
                            const char *mode_from, keel_error *err)
{
    if (!plain_name(name))
        return keel_error_set(err, KEEL_ERR_INVALID, o->dir, 0,
                              "'%s' is not a plain file name", name ? name : "");
    if (find_target(o, name))
        return keel_error_set(err, KEEL_ERR_INVALID, o->dir, 0,
                              "two output files of this run are named '%s'", name);
    char *path = keel_output_path(o->dir, name);
    if (!path)
        return keel_error_nomem(err);
    keel_status st = check_existing(o, path, err);
    keel_output_target *t = NULL;
    if (st == KEEL_OK) {
        t = realloc(o->targets, ((size_t)o->ntargets + 1) * sizeof *t);
        if (!t)
            st = keel_error_nomem(err);
    }
    if (st == KEEL_OK) {
        o->targets = t;
        t = &t[o->ntargets];
        *t = (keel_output_target){.name = strdup(name), .path = path, .size_hint = size_hint,
                                  .mode = 0644};
        if (!t->name) {
            free(path);
            return keel_error_nomem(err);
        }
        struct stat sb;
        if (mode_from && stat(mode_from, &sb) == 0)
            t->mode = sb.st_mode & 0777;
        o->ntargets++;
        return KEEL_OK;
    }
    free(path);
    return st;
}

static char *megabytes(int64_t bytes, char *buf, size_t size)
{
    snprintf(buf, size, "%.1f MB", (double)bytes / 1e6);
    return buf;
}

keel_status keel_output_check(keel_output *o, keel_error *err)
{
    char *probe = NULL;
    int fd = keel_output_tempfile(o->dir, "probe", &probe);
    if (fd < 0)
        return keel_error_set(err, KEEL_ERR_IO, o->dir, 0, "cannot create files here: %s",
                              strerror(errno));
    close(fd);
    unlink(probe);
    free(probe);
    int64_t need = 4096; /* the journal */
    for (int i = 0; i < o->ntargets; i++)
        need += o->targets[i].size_hint > 0 ? o->targets[i].size_hint : 0;
    struct statvfs vs;
    if (fstatvfs(o->dfd, &vs) != 0)
        return KEEL_OK; /* no figure to check against */
    int64_t avail = (int64_t)vs.f_bavail * (int64_t)vs.f_frsize;
    char a[32], b[32];
    if (avail < need)
        return keel_error_set(err, KEEL_ERR_IO, o->dir, 0,
                              "not enough free space: about %s needed for %d file%s, %s free",
                              megabytes(need, a, sizeof a), o->ntargets,
                              o->ntargets == 1 ? "" : "s", megabytes(avail, b, sizeof b));
    return KEEL_OK;
}

static bool cancelled(const keel_output *o)
{
    return o->cancel && *o->cancel;
}

static keel_status stop_error(keel_output *o, keel_error *err)
{
    return keel_error_set(err, KEEL_ERR_CANCELLED, o->dir, 0,
                          "stopped before the files were put in place; nothing changed here");
}

keel_status keel_output_put(keel_output *o, const char *name, const void *data, size_t len,
                            keel_error *err)
{
    keel_output_target *t = find_target(o, name ? name : "");
    if (!t)
        return keel_error_set(err, KEEL_ERR_INVALID, o->dir, 0,
                              "'%s' was not declared as an output", name ? name : "");
    if (cancelled(o))
        return stop_error(o, err);
    if (t->tmp) { /* put again: the new content replaces the old */
        unlink(t->tmp);
        free(t->tmp);
        t->tmp = NULL;
    }
    return keel_output_write_temp(o, t, data, len, err);
}

static keel_status rename_all(keel_output *o, keel_error *err)
{
    for (int i = 0; i < o->ntargets; i++) {
        keel_output_target *t = &o->targets[i];
        int e = keel_output_fault(KEEL_OUTPUT_RENAME);
        if (e == 0 && rename(t->tmp, t->path) != 0)
            e = errno;
        if (e != 0) {
            o->half_done = true; /* the journal stays: the next begin completes it */
            return keel_error_set(err, KEEL_ERR_IO, t->path, 0,
                                  "cannot put in place: %s; %d of %d files are new, the "
                                  "others wait as temporaries and the next keel run "
                                  "writing into %s completes the set",
                                  strerror(e), i, o->ntargets, o->dir);
        }
        free(t->tmp);
        t->tmp = NULL;
    }
    return KEEL_OK;
}

keel_status keel_output_commit(keel_output *o, keel_error *err)
{
    for (int i = 0; i < o->ntargets; i++)
        if (!o->targets[i].tmp)
            return keel_error_set(err, KEEL_ERR_INVALID, o->targets[i].path, 0,
                                  "no content was written for this output");
    if (cancelled(o))
        return stop_error(o, err);
    keel_status st = keel_output_journal_write(o, err);
    if (st != KEEL_OK)
        return st;
    if ((st = rename_all(o, err)) != KEEL_OK)
        return st;
    keel_output_sync_dir(o);
    keel_output_journal_remove(o);
    o->committed = true;
    return KEEL_OK;
}
