/* SPDX-License-Identifier: GPL-3.0-or-later
 * XML helpers for the writer's tests and fuzzers (libxml2 trees): two
 * documents compared node by node.
 */
#ifndef KEEL_TEST_XMLTEST_H
#define KEEL_TEST_XMLTEST_H

#include <stdbool.h>
#include <stdio.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

/* Same attributes (names and values) in the same order. */
static inline bool test_same_attrs(const xmlNode *a, const xmlNode *b)
{
    const xmlAttr *x = a->properties, *y = b->properties;
    for (; x && y; x = x->next, y = y->next) {
        xmlChar *vx = xmlNodeGetContent((const xmlNode *)x);
        xmlChar *vy = xmlNodeGetContent((const xmlNode *)y);
        bool eq = xmlStrEqual(x->name, y->name) && xmlStrEqual(vx, vy);
        xmlFree(vx);
        xmlFree(vy);
        if (!eq)
            return false;
    }
    return !x && !y;
}

static inline bool test_same_node(const xmlNode *a, const xmlNode *b, char *msg, size_t size);

/* The children of a and b pairwise the same (msg says where not). */
static inline bool test_same_children(const xmlNode *a, const xmlNode *b, char *msg,
                                      size_t size)
{
    const xmlNode *x = a->children, *y = b->children;
    for (; x && y; x = x->next, y = y->next)
        if (!test_same_node(x, y, msg, size))
            return false;
    if (x || y)
        snprintf(msg, size, "line %d <%s>: a different number of children",
                 (int)xmlGetLineNo(a), a->name ? (const char *)a->name : "");
    return !x && !y;
}

/* Same type, name, namespace, attributes, text and children. */
static inline bool test_same_node(const xmlNode *a, const xmlNode *b, char *msg, size_t size)
{
    bool ok = a->type == b->type && xmlStrEqual(a->name, b->name);
    if (ok && a->type == XML_ELEMENT_NODE)
        ok = test_same_attrs(a, b) &&
             xmlStrEqual(a->ns ? a->ns->href : NULL, b->ns ? b->ns->href : NULL);
    else if (ok)
        ok = xmlStrEqual(a->content, b->content);
    if (!ok) {
        snprintf(msg, size, "line %d: <%s> '%s' against <%s> '%s'", (int)xmlGetLineNo(a),
                 a->name ? (const char *)a->name : "", a->content ? (const char *)a->content : "",
                 b->name ? (const char *)b->name : "", b->content ? (const char *)b->content : "");
        return false;
    }
    return a->type != XML_ELEMENT_NODE || test_same_children(a, b, msg, size);
}

/* Both texts parse, to the same document (the XML declaration aside). */
static inline bool test_same_document(const char *a, size_t na, const char *b, size_t nb,
                                      char *msg, size_t size)
{
    int opts = XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;
    xmlDocPtr x = xmlReadMemory(a, (int)na, "a.xml", NULL, opts);
    xmlDocPtr y = xmlReadMemory(b, (int)nb, "b.xml", NULL, opts);
    bool same = x && y && test_same_children((const xmlNode *)x, (const xmlNode *)y, msg, size);
    if (!x || !y)
        snprintf(msg, size, "a document does not parse (first %d, second %d)", !!x, !!y);
    xmlFreeDoc(x);
    xmlFreeDoc(y);
    return same;
}

#endif
