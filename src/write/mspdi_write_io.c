/* SPDX-License-Identifier: GPL-3.0-or-later
 * Parsing and serializing for the MSPDI writer (see mspdi_write_io.h). The
 * output goes to memory, not to a file: the output set (output.c) writes it,
 * so libxml2 never reports I/O errors of its own.
 */
#include "write/mspdi_write_io.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>
#include <libxml/xmlsave.h>

#include "base/error.h"

keel_status keel_mspdi_write_parse(const char *name, const char *buf, size_t len,
                                   keel_xml_doc **out, keel_error *err)
{
    *out = NULL;
    if (!buf)
        return keel_error_set(err, KEEL_ERR_PARSE, name, 0,
                              "the project was not read from an MSPDI document");
    return keel_xml_parse_verbatim(name, buf, len, out, err);
}

/* libxml2 reports encoder trouble through its generic error function. */
static void quiet(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

/* The bytes of doc in encoding enc, into a malloc'd buffer. */
static keel_status serialize_as(xmlDocPtr doc, const char *enc, const char *name, char **out,
                                size_t *len, keel_error *err)
{
    xmlBufferPtr buf = xmlBufferCreate();
    if (!buf)
        return keel_error_nomem(err);
    keel_status st = KEEL_OK;
    xmlSaveCtxtPtr save = xmlSaveToBuffer(buf, enc, 0);
    if (!save) {
        st = keel_error_set(err, KEEL_ERR_IO, name, 0, "cannot write: no encoder for %s", enc);
    } else {
        long r1 = xmlSaveDoc(save, doc);
        int r2 = xmlSaveClose(save);
        if (r1 < 0 || r2 < 0)
            st = keel_error_set(err, KEEL_ERR_IO, name, 0,
                                "cannot write: the document does not encode as %s", enc);
    }
    if (st == KEEL_OK) {
        size_t n = (size_t)xmlBufferLength(buf);
        *out = malloc(n + 1);
        if (!*out) {
            st = keel_error_nomem(err);
        } else {
            memcpy(*out, xmlBufferContent(buf), n);
            (*out)[n] = '\0';
            *len = n;
        }
    }
    xmlBufferFree(buf);
    return st;
}

/* A reader finds the encoding of a file that starts like this by itself: an
 * ASCII-compatible "<?xml", or a byte-order mark. UTF-7 or EBCDIC output
 * would not read back. */
static bool self_describing(const char *s, size_t n)
{
    return (n >= 5 && memcmp(s, "<?xml", 5) == 0) || (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) ||
           (n >= 2 && (memcmp(s, "\xFF\xFE", 2) == 0 || memcmp(s, "\xFE\xFF", 2) == 0));
}

keel_status keel_mspdi_write_serialize(keel_xml_doc *doc, const char *name, char **out,
                                       size_t *len, keel_error *err)
{
    *out = NULL;
    *len = 0;
    xmlGenericErrorFunc old_handler = xmlGenericError;
    void *old_ctx = xmlGenericErrorContext;
    xmlSetGenericErrorFunc(NULL, quiet);
    const char *enc = doc->encoding ? (const char *)doc->encoding : "UTF-8";
    keel_status st = serialize_as(doc, enc, name, out, len, err);
    if (st == KEEL_OK && !self_describing(*out, *len)) { /* keep the content, not the encoding */
        free(*out);
        *out = NULL;
        xmlFree((xmlChar *)doc->encoding);
        doc->encoding = xmlStrdup((const xmlChar *)"UTF-8");
        st = doc->encoding ? serialize_as(doc, "UTF-8", name, out, len, err)
                           : keel_error_nomem(err);
    }
    xmlSetGenericErrorFunc(old_ctx, old_handler);
    return st;
}
