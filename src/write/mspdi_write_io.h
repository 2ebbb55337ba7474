/* SPDX-License-Identifier: GPL-3.0-or-later
 * File side of the MSPDI writer: parse the input keeping every node (blanks,
 * comments, CDATA, processing instructions), refuse to overwrite the input,
 * and save atomically (temporary file in the target directory, fsync,
 * rename). Internal to mspdi_write.c and its tests.
 */
#ifndef KEEL_MSPDI_WRITE_IO_H
#define KEEL_MSPDI_WRITE_IO_H

#include "keel.h"
#include "read/xml_util.h"

/* Parses path with XML_PARSE_NONET | XML_PARSE_BIG_LINES only: no blank
 * removal, no CDATA merging, no entity substitution (unlike the reader's
 * keel_xml_parse, which merges CDATA). Fails with KEEL_ERR_IO, KEEL_ERR_PARSE
 * ("path:line: not well-formed XML: ...") or KEEL_ERR_NOMEM; *out is NULL
 * then, else the caller frees it with keel_xml_free. */
keel_status keel_mspdi_write_parse(const char *path, keel_xml_doc **out, keel_error *err);

/* KEEL_ERR_INVALID when out_path is the input file (same device and inode,
 * so links and ../ spellings count), else KEEL_OK. */
keel_status keel_mspdi_write_check_target(const char *input, const char *out_path,
                                          keel_error *err);

/* Serializes doc to out_path atomically with mode_from's permission bits
 * (0644 when mode_from cannot be read). Fails with KEEL_ERR_IO naming the
 * path and the reason; then out_path is untouched and no temporary file
 * remains. */
keel_status keel_mspdi_write_save(keel_xml_doc *doc, const char *out_path, const char *mode_from,
                                  keel_error *err);

#endif
