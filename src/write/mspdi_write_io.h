/* SPDX-License-Identifier: GPL-3.0-or-later
 * Document side of the MSPDI writer: parse the bytes a project was read from
 * keeping every node (blanks, comments, CDATA, processing instructions), and
 * serialize the patched document into memory for an output set. Internal to
 * mspdi_write.c and its tests.
 */
#ifndef KEEL_MSPDI_WRITE_IO_H
#define KEEL_MSPDI_WRITE_IO_H

#include "keel.h"
#include "read/xml_util.h"

/* Parses the bytes project `name` was read from (buf, len) with
 * XML_PARSE_NONET | XML_PARSE_BIG_LINES only: no blank removal, no CDATA
 * merging, no entity substitution (unlike the reader's keel_xml_parse, which
 * merges CDATA). Fails with KEEL_ERR_PARSE or KEEL_ERR_NOMEM; *out is NULL
 * then, else the caller frees it with keel_xml_free. */
keel_status keel_mspdi_write_parse(const char *name, const char *buf, size_t len,
                                   keel_xml_doc **out, keel_error *err);

/* Serializes doc in its own encoding into a malloc'd buffer (*out, *len);
 * in UTF-8 instead when that encoding would not read back (UTF-7, EBCDIC:
 * no ASCII "<?xml" and no byte-order mark at the start).
 * Fails with KEEL_ERR_IO (no encoder for the document's encoding, naming
 * `name`) or KEEL_ERR_NOMEM; *out is NULL then. Never prints. */
keel_status keel_mspdi_write_serialize(keel_xml_doc *doc, const char *name, char **out,
                                       size_t *len, keel_error *err);

#endif
