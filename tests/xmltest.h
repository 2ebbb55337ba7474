/* SPDX-License-Identifier: GPL-3.0-or-later
 * XML helpers for the writer's tests (libxml2 trees).
 */
#ifndef KEEL_TEST_XMLTEST_H
#define KEEL_TEST_XMLTEST_H

#include <stdbool.h>

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

#endif
