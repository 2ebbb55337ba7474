/* SPDX-License-Identifier: GPL-3.0-or-later
 * Small helpers over libxml2 for the XML readers (MSPDI, MPSPLIB): load a
 * document safely (no network, no external entities, no DTD loading, no output
 * on stderr), walk element children by local name, read trimmed text and
 * numbers. The libxml2 types stay opaque here so that reader modules split
 * over several files need not include libxml2 themselves.
 */
#ifndef KEEL_XML_UTIL_H
#define KEEL_XML_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "keel.h"

typedef struct _xmlDoc keel_xml_doc;
typedef struct _xmlNode keel_xml_node;

/* Parses buf[0..len) (name is used in messages). Fails with KEEL_ERR_PARSE
 * "name:line: not well-formed XML: <libxml2 message>", "name:line: the
 * parser's limits: ..." (nesting deeper than 256, text above 10 MB),
 * "name:line: <Elem>: the entity reference &x; is not supported" (keel
 * expands no entity a file defines) or "name: empty file",
 * or KEEL_ERR_NOMEM. Never prints. On success *out is freed with
 * keel_xml_free. */
keel_status keel_xml_parse(const char *name, const char *buf, size_t len, keel_xml_doc **out,
                           keel_error *err);
/* The same, keeping CDATA sections as they are (for writers that patch a
 * document and must give back everything they did not change). */
keel_status keel_xml_parse_verbatim(const char *name, const char *buf, size_t len,
                                    keel_xml_doc **out, keel_error *err);
void keel_xml_free(keel_xml_doc *doc);
/* Initialises libxml2 (not reentrant: call from one thread before parsing
 * in several; again does nothing). Cannot fail. */
void keel_xml_init(void);

/* The root element, or NULL. */
const keel_xml_node *keel_xml_root(const keel_xml_doc *doc);
/* The namespace URI of an element, or NULL. */
const char *keel_xml_ns(const keel_xml_node *n);
/* The local name of an element. */
const char *keel_xml_name(const keel_xml_node *n);
/* True when n is an element with local name `name`. */
bool keel_xml_is(const keel_xml_node *n, const char *name);
/* First element child of n / next element sibling, or NULL. */
const keel_xml_node *keel_xml_first(const keel_xml_node *n);
const keel_xml_node *keel_xml_next(const keel_xml_node *n);
/* First element child of n named `name`, or NULL. */
const keel_xml_node *keel_xml_child(const keel_xml_node *n, const char *name);
/* Source line of n (0 when unknown). */
int keel_xml_line(const keel_xml_node *n);

/* The text of n (its text and CDATA children; entity references are not
 * expanded), with surrounding white space trimmed, copied into buf (size
 * bytes, truncated). Returns buf. A NULL n gives "". */
const char *keel_xml_text(const keel_xml_node *n, char *buf, size_t size);
/* The same text copied into the arena (any length); NULL when out of memory. */
char *keel_xml_text_dup(const keel_xml_node *n, keel_arena *a);

/* Number parsers over trimmed text: the whole text must be the number.
 * Return false on anything else. */
bool keel_xml_parse_int(const char *s, int64_t *out);
bool keel_xml_parse_double(const char *s, double *out); /* finite values only */
bool keel_xml_parse_bool(const char *s, bool *out);     /* 0/1/true/false */

/* Longest number text (white space around it left out) keel_xml_parse_whole
 * takes; the reader's field buffers are longer, so a text they cut is refused
 * rather than read as a different number. */
#define KEEL_XML_NUMBER_MAX 40
/* An MSPDI integer field: white space (space, tab, CR, LF) around it allowed,
 * an integer or a whole number written as a decimal ("4", " 4 ", "4.",
 * "4.0"), |v| <= 9e15, at most KEEL_XML_NUMBER_MAX characters. The one rule
 * by which the reader reads an integer field and the writer finds a task and
 * an assignment's task by UID, so the writer patches every task the reader
 * kept. False on anything else. */
bool keel_xml_parse_whole(const char *s, int64_t *out);

#endif
