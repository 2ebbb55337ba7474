/* SPDX-License-Identifier: GPL-3.0-or-later
 * Whole-file reading and path helpers (see readfile.h).
 */
#include "base/readfile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"

keel_status keel_file_read(const char *path, size_t max_bytes, char **out, size_t *len,
                           keel_error *err)
{
    keel_status st = KEEL_OK;
    char *buf = NULL;
    size_t n = 0, cap = 0;
    *out = NULL;
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return keel_error_set(err, KEEL_ERR_IO, path, 0, "cannot open: %s",
                              strerror(errno));
    for (;;) {
        if (cap - n < 4096 + 1) {
            size_t ncap = cap ? cap * 2 : 65536;
            if (ncap > max_bytes + 4096 + 1) ncap = max_bytes + 4096 + 1;
            if (ncap <= cap) {
                st = keel_error_set(err, KEEL_ERR_IO, path, 0,
                                    "file is larger than %zu bytes", max_bytes);
                goto done;
            }
            char *nb = realloc(buf, ncap);
            if (!nb) {
                st = keel_error_nomem(err);
                goto done;
            }
            buf = nb;
            cap = ncap;
        }
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (n > max_bytes) {
            st = keel_error_set(err, KEEL_ERR_IO, path, 0,
                                "file is larger than %zu bytes", max_bytes);
            goto done;
        }
        if (got == 0) {
            if (ferror(f))
                st = keel_error_set(err, KEEL_ERR_IO, path, 0, "read error: %s",
                                    strerror(errno));
            break;
        }
    }
done:
    fclose(f);
    if (st != KEEL_OK) {
        free(buf);
        return st;
    }
    if (!buf && !(buf = malloc(1))) return keel_error_nomem(err);
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
