/* SPDX-License-Identifier: GPL-3.0-or-later
 * The file-system steps of an output set (output_internal.h): folders made on
 * the way, the folder lock, temporaries written in full and synced, the
 * journal that makes a half-finished set recoverable, and the recovery a
 * later begin runs. Temporaries are named ".<name>.keel-XXXXXX" (mkstemp), so
 * a stale one is recognised by its name alone; only the holder of the lock
 * touches them.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/error.h"
#include "base/readfile.h"
#include "write/output_internal.h"

#define TEMP_MARK ".keel-"
#define TEMP_SUFFIX 6                /* mkstemp's XXXXXX */
#define MAX_JOURNAL ((size_t)1 << 24)

char *keel_output_path(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s", dir, name);
    return p;
}

static bool add_note(keel_output *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static bool add_note(keel_output *o, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    char **n = realloc(o->notes, ((size_t)o->nnotes + 1) * sizeof *n);
    if (!n)
        return false;
    o->notes = n;
    return (n[o->nnotes] = strdup(buf)) != NULL && ++o->nnotes;
}

/* Makes one folder; true when it exists as a folder afterwards. */
static keel_status make_one(keel_output *o, char *path, keel_error *err)
{
    if (mkdir(path, 0777) == 0) {
        char **c = realloc(o->created, ((size_t)o->ncreated + 1) * sizeof *c);
        if (!c || !(c[o->ncreated] = strdup(path))) {
            rmdir(path);
            if (c)
                o->created = c;
            return keel_error_nomem(err);
        }
        o->created = c;
        o->ncreated++;
        return KEEL_OK;
    }
    struct stat sb;
    if (errno == EEXIST && stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
        return KEEL_OK;
    if (errno == EEXIST)
        return keel_error_set(err, KEEL_ERR_IO, path, 0,
                              "cannot create the output folder: a file has this name");
    return keel_error_set(err, KEEL_ERR_IO, path, 0, "cannot create the output folder: %s",
                          strerror(errno));
}

keel_status keel_output_mkdirs(keel_output *o, keel_error *err)
{
    char *path = strdup(o->dir);
    if (!path)
        return keel_error_nomem(err);
    keel_status st = KEEL_OK;
    for (char *s = path + 1; st == KEEL_OK && *s; s++)
        if (*s == '/' && s[-1] != '/') {
            *s = '\0';
            st = make_one(o, path, err);
            *s = '/';
        }
    if (st == KEEL_OK)
        st = make_one(o, path, err);
    free(path);
    return st;
}

keel_status keel_output_lock(keel_output *o, keel_error *err)
{
    o->dfd = open(o->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (o->dfd < 0)
        return keel_error_set(err, KEEL_ERR_IO, o->dir, 0, "cannot open the output folder: %s",
                              strerror(errno));
    /* a file system without locks (some network mounts) is used unlocked */
    if (flock(o->dfd, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK)
        return keel_error_set(err, KEEL_ERR_IO, o->dir, 0,
                              "another keel run is writing into this folder; wait for it or "
                              "choose another folder");
    return KEEL_OK;
}

void keel_output_sync_dir(const keel_output *o)
{
    if (o->dfd >= 0)
        (void)fsync(o->dfd);
}

int keel_output_tempfile(const char *dir, const char *base, char **tmp)
{
    size_t n = strlen(dir) + strlen(base) + 32;
    *tmp = malloc(n);
    if (!*tmp) {
        errno = ENOMEM;
        return -1;
    }
    snprintf(*tmp, n, "%s/.%s" TEMP_MARK "XXXXXX", dir, base);
    int fd = mkstemp(*tmp);
    if (fd < 0) {
        int e = errno;
        free(*tmp);
        *tmp = NULL;
        errno = e;
    }
    return fd;
}

/* write(2) until done; an errno value on failure (the test seam may fail it). */
static int write_all(int fd, const char *data, size_t len)
{
    int e = keel_output_fault(KEEL_OUTPUT_WRITE);
    if (e)
        return e;
    while (len > 0) {
        ssize_t w = write(fd, data, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            return errno;
        data += w;
        len -= (size_t)w;
    }
    return fsync(fd) != 0 ? errno : 0;
}

keel_status keel_output_write_temp(keel_output *o, keel_output_target *t, const void *data,
                                   size_t len, keel_error *err)
{
    char *tmp = NULL;
    int fd = keel_output_tempfile(o->dir, t->name, &tmp);
    if (fd < 0)
        return keel_error_set(err, KEEL_ERR_IO, t->path, 0,
                              "cannot create a temporary file in %s: %s", o->dir,
                              strerror(errno));
    int e = fchmod(fd, t->mode) != 0 ? errno : write_all(fd, data, len);
    if (close(fd) != 0 && e == 0)
        e = errno;
    if (e != 0) {
        unlink(tmp);
        free(tmp);
        return keel_error_set(err, KEEL_ERR_IO, t->path, 0,
                              "cannot write: %s (nothing in %s was changed)", strerror(e),
                              o->dir);
    }
    t->tmp = tmp;
    return KEEL_OK;
}

/* ------------------------------------------------------------ journal */

static keel_status journal_text(const keel_output *o, char **out, size_t *len, keel_error *err)
{
    size_t n = 32;
    for (int i = 0; i < o->ntargets; i++)
        n += strlen(keel_path_basename(o->targets[i].tmp)) + strlen(o->targets[i].name) + 2;
    char *s = malloc(n);
    if (!s)
        return keel_error_nomem(err);
    size_t at = (size_t)snprintf(s, n, "keel-journal 1\n");
    for (int i = 0; i < o->ntargets; i++)
        at += (size_t)snprintf(s + at, n - at, "%s\t%s\n",
                               keel_path_basename(o->targets[i].tmp), o->targets[i].name);
    *out = s;
    *len = at;
    return KEEL_OK;
}

keel_status keel_output_journal_write(keel_output *o, keel_error *err)
{
    char *text = NULL, *tmp = NULL, *path = keel_output_path(o->dir, KEEL_OUTPUT_JOURNAL);
    size_t len = 0;
    keel_status st = path ? journal_text(o, &text, &len, err) : keel_error_nomem(err);
    int fd = st == KEEL_OK ? keel_output_tempfile(o->dir, "journal", &tmp) : -1;
    int e = st != KEEL_OK ? 0 : fd < 0 ? errno : write_all(fd, text, len);
    if (fd >= 0 && close(fd) != 0 && e == 0)
        e = errno;
    if (st == KEEL_OK && e == 0 && rename(tmp, path) != 0)
        e = errno;
    if (st == KEEL_OK && e != 0) {
        if (tmp)
            unlink(tmp);
        st = keel_error_set(err, KEEL_ERR_IO, path, 0,
                            "cannot write the journal of this output set: %s (nothing in %s "
                            "was changed)",
                            strerror(e), o->dir);
    }
    if (st == KEEL_OK)
        keel_output_sync_dir(o);
    free(text);
    free(tmp);
    free(path);
    return st;
}

void keel_output_journal_remove(keel_output *o)
{
    char *path = keel_output_path(o->dir, KEEL_OUTPUT_JOURNAL);
    if (path && unlink(path) == 0)
        keel_output_sync_dir(o);
    free(path);
}

/* ------------------------------------------------------------ recovery */

/* Renames the temporaries a journal names that are still there. */
static keel_status finish_journal(keel_output *o, char *text, keel_error *err)
{
    int total = 0, renamed = 0;
    char first[256] = "";
    for (char *save = NULL, *line = strtok_r(text, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save)) {
        char *tab = strchr(line, '\t');
        if (!tab || strchr(line, '/'))
            continue; /* the header, or not ours */
        *tab = '\0';
        total++;
        char *tmp = keel_output_path(o->dir, line), *dst = keel_output_path(o->dir, tab + 1);
        if (!tmp || !dst) {
            free(tmp);
            free(dst);
            return keel_error_nomem(err);
        }
        if (access(tmp, F_OK) == 0 && rename(tmp, dst) == 0 && renamed++ == 0)
            snprintf(first, sizeof first, "%s", tab + 1);
        free(tmp);
        free(dst);
    }
    keel_output_sync_dir(o);
    keel_output_journal_remove(o);
    bool ok = add_note(o,
                       "%s: an earlier keel run was stopped while it put its %d files in "
                       "place; finished it (%d renamed now%s%s)",
                       o->dir, total, renamed, renamed ? ", first " : "", first);
    return ok ? KEEL_OK : keel_error_nomem(err);
}

static bool is_temporary(const char *name)
{
    size_t n = strlen(name), m = strlen(TEMP_MARK) + TEMP_SUFFIX;
    return name[0] == '.' && n > m + 1 &&
           strncmp(name + n - m, TEMP_MARK, strlen(TEMP_MARK)) == 0;
}

static keel_status remove_stale(keel_output *o, keel_error *err)
{
    DIR *d = fdopendir(dup(o->dfd));
    if (!d)
        return keel_error_set(err, KEEL_ERR_IO, o->dir, 0, "cannot list the output folder: %s",
                              strerror(errno));
    rewinddir(d);
    int n = 0;
    char first[256] = "";
    for (struct dirent *e; (e = readdir(d));)
        if (is_temporary(e->d_name) && unlinkat(o->dfd, e->d_name, 0) == 0 && n++ == 0)
            snprintf(first, sizeof first, "%s", e->d_name);
    closedir(d);
    if (n > 0 && !add_note(o,
                           "%s: removed %d temporary file%s left by a keel run that was "
                           "killed (%s%s)",
                           o->dir, n, n == 1 ? "" : "s", first, n > 1 ? ", ..." : ""))
        return keel_error_nomem(err);
    return KEEL_OK;
}

keel_status keel_output_recover(keel_output *o, keel_error *err)
{
    char *path = keel_output_path(o->dir, KEEL_OUTPUT_JOURNAL);
    if (!path)
        return keel_error_nomem(err);
    keel_status st = KEEL_OK;
    if (access(path, F_OK) == 0) {
        char *text = NULL;
        size_t len = 0;
        st = keel_file_read(path, MAX_JOURNAL, &text, &len, err);
        if (st == KEEL_OK)
            st = finish_journal(o, text, err);
        free(text);
    }
    free(path);
    return st == KEEL_OK ? remove_stale(o, err) : st;
}
