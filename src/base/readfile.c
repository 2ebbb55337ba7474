/* SPDX-License-Identifier: GPL-3.0-or-later
 * Whole-file reading and path helpers (see readfile.h).
 */
#include "base/readfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/error.h"

static const char *kind_of(mode_t m)
{
    return S_ISDIR(m)    ? "a folder"
           : S_ISFIFO(m) ? "a pipe (FIFO)"
           : S_ISCHR(m)  ? "a character device"
           : S_ISBLK(m)  ? "a block device"
           : S_ISSOCK(m) ? "a socket"
                         : "not a regular file";
}

keel_status keel_file_open(const char *path, size_t max_bytes, int *fd, size_t *size,
                           keel_error *err)
{
    /* O_NONBLOCK: opening a FIFO must not wait for a writer */
    *fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (*fd < 0)
        return keel_error_set(err, KEEL_ERR_IO, path, 0, "cannot open: %s", strerror(errno));
    struct stat sb;
    keel_status st = KEEL_OK;
    if (fstat(*fd, &sb) != 0)
        st = keel_error_set(err, KEEL_ERR_IO, path, 0, "cannot read: %s", strerror(errno));
    else if (!S_ISREG(sb.st_mode))
        st = keel_error_set(err, KEEL_ERR_IO, path, 0,
                            "is %s; keel reads regular files only", kind_of(sb.st_mode));
    else if ((uint64_t)sb.st_size > (uint64_t)max_bytes)
        st = keel_error_set(err, KEEL_ERR_IO, path, 0,
                            "is %.1f MB; keel reads files up to %.1f MB", (double)sb.st_size / 1e6,
                            (double)max_bytes / 1e6);
    else if (fcntl(*fd, F_SETFL, 0) != 0)
        st = keel_error_set(err, KEEL_ERR_IO, path, 0, "cannot read: %s", strerror(errno));
    if (st != KEEL_OK) {
        close(*fd);
        *fd = -1;
        return st;
    }
    *size = (size_t)sb.st_size;
    return KEEL_OK;
}

keel_status keel_file_read(const char *path, size_t max_bytes, char **out, size_t *len,
                           keel_error *err)
{
    *out = NULL;
    *len = 0;
    int fd;
    size_t size;
    keel_status st = keel_file_open(path, max_bytes, &fd, &size, err);
    if (st != KEEL_OK)
        return st;
    /* one byte more than the size: a file that grows while read is noticed */
    char *buf = malloc(size + 2);
    size_t n = 0;
    if (!buf)
        st = keel_error_nomem(err);
    while (st == KEEL_OK && n < size + 1) {
        ssize_t got = read(fd, buf + n, size + 1 - n);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
            st = keel_error_set(err, KEEL_ERR_IO, path, 0, "read error: %s", strerror(errno));
        else if (got == 0)
            break;
        else
            n += (size_t)got;
    }
    close(fd);
    if (st == KEEL_OK && n != size)
        st = keel_error_set(err, KEEL_ERR_IO, path, 0,
                            "changed while it was read (%zu bytes, then %zu); try again", size, n);
    if (st != KEEL_OK) {
        free(buf);
        return st;
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return KEEL_OK;
}

char *keel_path_relative_to(const char *base, const char *rel)
{
    size_t dlen = 0;
    if (rel[0] != '/' && base) {
        const char *slash = strrchr(base, '/');
        if (slash) dlen = (size_t)(slash - base) + 1;
    }
    size_t rlen = strlen(rel);
    char *p = malloc(dlen + rlen + 1);
    if (!p) return NULL;
    if (dlen) memcpy(p, base, dlen);
    memcpy(p + dlen, rel, rlen + 1);
    return p;
}

const char *keel_path_basename(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}
