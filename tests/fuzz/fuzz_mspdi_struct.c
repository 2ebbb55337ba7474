/* SPDX-License-Identifier: GPL-3.0-or-later
 * Structure-aware libFuzzer target for the MSPDI reader. The test is the one
 * of fuzz_mspdi.c (included: parse, also as a pool, and finish the model);
 * the mutator works on elements of a valid document instead of bytes: it
 * deletes, duplicates, swaps, moves or grafts whole elements and puts
 * interesting values (edge
 * numbers, far dates, negative and huge durations, other UIDs) into leaf
 * elements, so that most mutants are still well-formed MSPDI that reaches
 * the model checks, calendars and the graph. An input that does not parse as
 * XML is mutated as bytes (libFuzzer's own mutator).
 */
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

/* The test itself is fuzz_mspdi.c's; this file adds the mutator. */
#include "fuzz_mspdi.c"

size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size);
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed);

/* ------------------------------------------------------------ the mutator */

static uint64_t next(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

static unsigned below(uint64_t *s, unsigned n)
{
    return n ? (unsigned)(next(s) % n) : 0;
}

#define MAX_NODES 4096

/* Every element of the document in document order (up to MAX_NODES). */
static int collect(xmlNode *n, xmlNode **out, int count)
{
    for (; n && count < MAX_NODES; n = n->next)
        if (n->type == XML_ELEMENT_NODE) {
            out[count++] = n;
            count = collect(n->children, out, count);
        }
    return count;
}

static bool is_leaf(const xmlNode *n)
{
    for (const xmlNode *c = n->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE)
            return false;
    return true;
}

static const char *const VALUES[] = {
    "", "0", "1", "-1", "2", "7", "100", "1000", "1001", "65535", "-65535", "2147483647",
    "2147483648", "-2147483649", "9223372036854775807", "1e308", "-0", "0.5", "NaN", "inf",
    "true", "false", "PT0H0M0S", "PT8H0M0S", "PT-8H0M0S", "PT99999999H0M0S", "P1DT1H",
    "PT0.5H", "2026-01-05T08:00:00", "1984-01-01T00:00:00", "1899-12-31T23:59:00",
    "2149-12-31T23:59:00", "2200-12-31T23:59:00", "2201-01-01T00:00:00", "2026-02-30T08:00:00",
    "24:00:00", "00:00:00", "23:59:59", "abc", "&amp;", " 5 ", "08:00:00",
};

/* A value for a leaf: a table entry, or another leaf's text (a UID that
 * exists elsewhere, a date of another task). */
static void set_value(xmlNode **nodes, int count, xmlNode *leaf, uint64_t *s)
{
    xmlChar *other = NULL;
    const char *v = VALUES[below(s, sizeof VALUES / sizeof *VALUES)];
    if (below(s, 3) == 0) {
        xmlNode *o = nodes[below(s, (unsigned)count)];
        if (is_leaf(o) && (other = xmlNodeGetContent(o)))
            v = (const char *)other;
    }
    xmlNodeSetContent(leaf, NULL);
    xmlNodeAddContent(leaf, (const xmlChar *)v);
    xmlFree(other);
}

static bool inside(const xmlNode *n, const xmlNode *ancestor)
{
    for (; n; n = n->parent)
        if (n == ancestor)
            return true;
    return false;
}

/* One structural change; false when the pick did not allow it. */
static bool mutate_once(xmlNode **nodes, int count, uint64_t *s)
{
    xmlNode *a = nodes[1 + below(s, (unsigned)count - 1)]; /* never the root */
    xmlNode *b = nodes[below(s, (unsigned)count)];
    switch (below(s, 6)) {
    case 0: /* delete */
        xmlUnlinkNode(a);
        xmlFreeNode(a);
        return true;
    case 1: /* duplicate next to itself */
        return xmlAddNextSibling(a, xmlCopyNode(a, 1)) != NULL;
    case 2: { /* swap with the next element sibling */
        xmlNode *n = xmlNextElementSibling(a);
        if (!n)
            return false;
        xmlUnlinkNode(n);
        return xmlAddPrevSibling(a, n) != NULL;
    }
    case 3: /* move under another element */
        if (inside(b, a))
            return false;
        xmlUnlinkNode(a);
        return xmlAddChild(b, a) != NULL;
    case 4: /* graft a copy elsewhere */
        return xmlAddChild(b, xmlCopyNode(a, 1)) != NULL;
    default: /* an interesting value in a leaf */
        if (!is_leaf(a))
            return false;
        set_value(nodes, count, a, s);
        return true;
    }
}

static size_t mutate_tree(uint8_t *data, size_t size, size_t max_size, uint64_t *s)
{
    xmlDocPtr doc = xmlReadMemory((const char *)data, (int)size, "m.xml", NULL,
                                  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!doc)
        return 0;
    static xmlNode *nodes[MAX_NODES];
    int count = collect(xmlDocGetRootElement(doc), nodes, 0);
    size_t out = 0;
    if (count >= 2) {
        int changes = 1 + (int)below(s, 3);
        for (int i = 0, tries = 0; i < changes && tries < 20; tries++)
            if (mutate_once(nodes, count, s)) {
                i++;
                count = collect(xmlDocGetRootElement(doc), nodes, 0);
                if (count < 2)
                    break;
            }
        xmlChar *text = NULL;
        int len = 0;
        xmlDocDumpMemory(doc, &text, &len);
        if (text && len > 0 && (size_t)len <= max_size) {
            memcpy(data, text, (size_t)len);
            out = (size_t)len;
        }
        xmlFree(text);
    }
    xmlFreeDoc(doc);
    return out;
}

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed)
{
    uint64_t s = seed * 0x9E3779B97F4A7C15ull + 1;
    size_t n = size > 0 && below(&s, 16) != 0 ? mutate_tree(data, size, max_size, &s) : 0;
    return n ? n : LLVMFuzzerMutate(data, size, max_size);
}
