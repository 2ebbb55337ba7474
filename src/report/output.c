/* SPDX-License-Identifier: GPL-3.0-or-later
 * Atomic output files (see output.h): a temporary file in the target's
 * directory, fsync, rename(2) (atomic within a directory), then a best-effort
 * fsync of the directory. A failure removes the temporary file and leaves the
 * target as it was.
 */
#include "report/output.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/error.h"

/* True when path names the same file as input (device and inode). */
static bool same_file(const char *input, const struct stat *target)
{
    struct stat a;
    return input && stat(input, &a) == 0 && a.st_dev == target->st_dev &&
           a.st_ino == target->st_ino;
}

/* The input file of p that path would replace, or NULL. */
static const char *input_at(const keel_portfolio *p, const char *path)
{
    struct stat b;
    if (!p || stat(path, &b) != 0)
        return NULL;
    if (same_file(p->portfolio_file, &b))
        return p->portfolio_file;
    for (int q = 0; q < p->nprojects; q++)
        if (same_file(p->projects[q].file, &b))
            return p->projects[q].file;
    for (int r = 0; r < p->nresources; r++)
        if (same_file(p->resources[r].file, &b))
            return p->resources[r].file;
    return NULL;
}

static char *temp_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
    size_t n = strlen(path) + 16;
    char *tmp = malloc(n);
    if (tmp)
        snprintf(tmp, n, "%.*s.%s.keel-XXXXXX", (int)dirlen, path, path + dirlen);
    return tmp;
}

static keel_status write_all(int fd, const char *text, size_t len, const char *path,
                             keel_error *err)
{
    while (len > 0) {
        ssize_t n = write(fd, text, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return keel_error_set(err, KEEL_ERR_IO, path, 0, "cannot write: %s",
                                  n < 0 ? strerror(errno) : "no space written");
        text += n;
        len -= (size_t)n;
    }
    if (fsync(fd) != 0)
        return keel_error_set(err, KEEL_ERR_IO, path, 0, "cannot sync: %s", strerror(errno));
    return KEEL_OK;
}

/* The directory part of path ("." when none) into dir. */
static const char *dir_of(const char *path, char *dir, size_t size)
{
    const char *slash = strrchr(path, '/');
    snprintf(dir, size, "%.*s", slash ? (int)(slash - path) + 1 : 1, slash ? path : ".");
    return dir;
}

static void sync_dir(const char *path)
{
    char dir[4096];
    int fd = open(dir_of(path, dir, sizeof dir), O_RDONLY | O_DIRECTORY);
    if (fd >= 0) {
        (void)fsync(fd);
        close(fd);
    }
}

keel_status keel_output_check(const keel_portfolio *p, const char *path, keel_error *err)
{
    const char *input = input_at(p, path);
    if (input)
        return keel_error_set(err, KEEL_ERR_INVALID, path, 0,
                              "refusing to overwrite the input file %s; choose another "
                              "output path", input);
    struct stat sb;
    if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
        return keel_error_set(err, KEEL_ERR_INVALID, path, 0, "is a directory");
    char dir[4096];
    if (stat(dir_of(path, dir, sizeof dir), &sb) != 0 || !S_ISDIR(sb.st_mode))
        return keel_error_set(err, KEEL_ERR_IO, path, 0, "no such directory: %s", dir);
    return KEEL_OK;
}

keel_status keel_output_write(const keel_portfolio *p, const char *path, const char *text,
                              size_t len, keel_error *err)
{
    keel_status st = keel_output_check(p, path, err);
    if (st != KEEL_OK)
        return st;
    char *tmp = temp_name(path);
    if (!tmp)
        return keel_error_nomem(err);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        st = keel_error_set(err, KEEL_ERR_IO, path, 0, "cannot create a temporary file: %s",
                            strerror(errno));
        free(tmp);
        return st;
    }
    if (fchmod(fd, 0644) != 0)
        st = keel_error_set(err, KEEL_ERR_IO, path, 0, "cannot set permissions: %s",
                            strerror(errno));
    if (st == KEEL_OK)
        st = write_all(fd, text, len, path, err);
    if (close(fd) != 0 && st == KEEL_OK)
        st = keel_error_set(err, KEEL_ERR_IO, path, 0, "cannot close: %s", strerror(errno));
    if (st == KEEL_OK && rename(tmp, path) != 0)
        st = keel_error_set(err, KEEL_ERR_IO, path, 0, "cannot replace: %s", strerror(errno));
    if (st != KEEL_OK)
        unlink(tmp);
    else
        sync_dir(path);
    free(tmp);
    return st;
}

keel_status keel_output_write_buf(const keel_portfolio *p, const char *path, const keel_buf *b,
                                  keel_error *err)
{
    if (b->nomem)
        return keel_error_nomem(err);
    return keel_output_write(p, path, b->data ? b->data : "", b->len, err);
}

keel_status keel_output_path(const char *dir, const char *name, char *buf, size_t size,
                             keel_error *err)
{
    int n = snprintf(buf, size, "%s/%s", dir, name);
    if (n < 0 || (size_t)n >= size)
        return keel_error_set(err, KEEL_ERR_INVALID, dir, 0, "output path too long");
    return KEEL_OK;
}

void keel_text_free(char *text)
{
    free(text);
}
