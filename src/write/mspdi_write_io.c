/* SPDX-License-Identifier: GPL-3.0-or-later
 * Parsing, target checks and atomic saving for the MSPDI writer (see
 * mspdi_write_io.h). The save never exposes a partial file: readers of
 * out_path see either the old file or the complete new one (rename(2) is
 * atomic within a directory).
 */
#include "write/mspdi_write_io.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlsave.h>

#include "base/error.h"
#include "base/readfile.h"

#define MAX_INPUT_BYTES ((size_t)1 << 30)

keel_status keel_mspdi_write_parse(const char *path, keel_xml_doc **out, keel_error *err)
{
    *out = NULL;
    char *buf = NULL;
    size_t len = 0;
    keel_status st = keel_file_read(path, MAX_INPUT_BYTES, &buf, &len, err);
    if (st != KEEL_OK)
        return st;
    st = keel_xml_parse_verbatim(path, buf, len, out, err);
    free(buf);
    return st;
}

keel_status keel_mspdi_write_check_target(const char *input, const char *out_path,
                                          keel_error *err)
{
    struct stat a, b;
    if (stat(out_path, &b) != 0)
        return KEEL_OK; /* does not exist yet: cannot be the input */
    if (stat(input, &a) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino)
        return keel_error_set(err, KEEL_ERR_INVALID, out_path, 0,
                              "refusing to overwrite the input file %s; choose another "
                              "output path",
                              input);
    return KEEL_OK;
}

/* dir part of path ("." when none), malloc'd; NULL when out of memory. */
static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return strdup(".");
    size_t n = slash == path ? 1 : (size_t)(slash - path);
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, path, n);
        d[n] = '\0';
    }
    return d;
}

static keel_status write_doc(xmlDocPtr doc, int fd, const char *tmp, keel_error *err)
{
    const char *enc = doc->encoding ? (const char *)doc->encoding : "UTF-8";
    xmlSaveCtxtPtr save = xmlSaveToFd(fd, enc, 0);
    if (!save)
        return keel_error_set(err, KEEL_ERR_IO, tmp, 0, "cannot write: no serializer for %s",
                              enc);
    long r1 = xmlSaveDoc(save, doc);
    int r2 = xmlSaveClose(save);
    if (r1 < 0 || r2 < 0)
        return keel_error_set(err, KEEL_ERR_IO, tmp, 0, "cannot write: %s",
                              errno ? strerror(errno) : "serializer error");
    if (fsync(fd) != 0)
        return keel_error_set(err, KEEL_ERR_IO, tmp, 0, "cannot sync: %s", strerror(errno));
    return KEEL_OK;
}

keel_status keel_mspdi_write_save(keel_xml_doc *doc, const char *out_path, const char *mode_from,
                                  keel_error *err)
{
    keel_status st = KEEL_OK;
    char *dir = dir_of(out_path), *tmp = NULL;
    int fd = -1;
    if (!dir)
        return keel_error_nomem(err);
    const char *base = strrchr(out_path, '/') ? strrchr(out_path, '/') + 1 : out_path;
    size_t n = strlen(dir) + strlen(base) + 32;
    tmp = malloc(n);
    if (!tmp) {
        st = keel_error_nomem(err);
        goto done;
    }
    snprintf(tmp, n, "%s/.%s.keel-XXXXXX", dir, base);
    fd = mkstemp(tmp);
    if (fd < 0) {
        st = keel_error_set(err, KEEL_ERR_IO, out_path, 0,
                            "cannot create a temporary file in %s: %s", dir, strerror(errno));
        free(tmp);
        tmp = NULL; /* nothing to remove */
        goto done;
    }
    struct stat sb;
    mode_t mode = (mode_from && stat(mode_from, &sb) == 0) ? (sb.st_mode & 0777) : 0644;
    if (fchmod(fd, mode) != 0) {
        st = keel_error_set(err, KEEL_ERR_IO, tmp, 0, "cannot set permissions: %s",
                            strerror(errno));
        goto done;
    }
    errno = 0;
    if ((st = write_doc(doc, fd, tmp, err)) != KEEL_OK)
        goto done;
    if (close(fd) != 0) {
        fd = -1;
        st = keel_error_set(err, KEEL_ERR_IO, tmp, 0, "cannot close: %s", strerror(errno));
        goto done;
    }
    fd = -1;
    if (rename(tmp, out_path) != 0) {
        st = keel_error_set(err, KEEL_ERR_IO, out_path, 0, "cannot replace: %s",
                            strerror(errno));
        goto done;
    }
    free(tmp);
    tmp = NULL; /* renamed: nothing to remove */
    int dfd = open(dir, O_RDONLY | O_DIRECTORY);
    if (dfd >= 0) { /* make the rename durable; best effort */
        (void)fsync(dfd);
        close(dfd);
    }
done:
    if (fd >= 0)
        close(fd);
    if (tmp) {
        unlink(tmp);
        free(tmp);
    }
    free(dir);
    return st;
}
