/* SPDX-License-Identifier: GPL-3.0-or-later
 * libxml2 helpers for the XML readers (see xml_util.h). Documents are parsed
 * with XML_PARSE_NONET | XML_PARSE_BIG_LINES and without XML_PARSE_NOENT or
 * DTD loading, so nothing outside the buffer is ever fetched; errors are taken
 * from the parser context instead of being printed.
 */
#include "read/xml_util.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "base/error.h"

static bool all_space(const char *buf, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (buf[i] != ' ' && buf[i] != '\t' && buf[i] != '\r' && buf[i] != '\n')
            return false;
    return true;
}

/* libxml2 reports some errors (encoding conversion, for one) through its
 * generic error function, which prints to stderr unless replaced; keel
 * replaces it for the duration of a parse (the setting is per thread). */
static void quiet(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

/* libxml2's own words for its safety limits name a parser flag; say what
 * the limit means for the file instead. Returns the kind of error. */
static const char *explain(const xmlError *e, char *msg, size_t size)
{
    const char *m = e->message ? e->message : "unknown error";
    const char *what = strstr(m, "XML_PARSE_HUGE") ? "the parser's limits" : "not well-formed XML";
    if (strstr(m, "Excessive depth"))
        snprintf(msg, size, "elements nested more than 256 levels deep (an MSPDI file "
                            "needs fewer than 10)");
    else if (strstr(m, "XML_PARSE_HUGE"))
        snprintf(msg, size, "a name, value or text longer than the parser's limit of 10 MB");
    else
        snprintf(msg, size, "%s", m);
    size_t n = strlen(msg);
    while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
        msg[--n] = '\0';
    return what;
}

/* The first entity reference in the tree, or NULL: keel expands no entity a
 * file defines (that keeps entity bombs harmless), and a reference left in
 * place would read as empty text. */
static const xmlNode *find_entity_ref(const xmlNode *n)
{
    while (n) {
        if (n->type == XML_ENTITY_REF_NODE)
            return n;
        if (n->type == XML_ELEMENT_NODE && n->children) {
            n = n->children;
            continue;
        }
        while (n && !n->next)
            n = n->parent && n->parent->type == XML_ELEMENT_NODE ? n->parent : NULL;
        n = n ? n->next : NULL;
    }
    return NULL;
}

static keel_status check_entities(const char *name, xmlDocPtr doc, keel_error *err)
{
    const xmlNode *ref = find_entity_ref(xmlDocGetRootElement(doc));
    if (!ref)
        return KEEL_OK;
    const xmlNode *at = ref->parent ? ref->parent : ref;
    long line = xmlGetLineNo(at);
    return keel_error_set(err, KEEL_ERR_PARSE, name, line > 0 && line < INT_MAX ? (int)line : 0,
                          "<%.100s>: the entity reference &%.100s; is not supported: keel "
                          "does not expand entities a file defines (MS Project never writes "
                          "them); write the value itself",
                          at->name ? (const char *)at->name : "", (const char *)ref->name);
}

static keel_status parse_doc(const char *name, const char *buf, size_t len, int extra,
                             keel_xml_doc **out, keel_error *err)
{
    *out = NULL;
    if (len == 0 || all_space(buf, len))
        return keel_error_set(err, KEEL_ERR_PARSE, name, 0, "empty file");
    if (len > (size_t)INT_MAX)
        return keel_error_set(err, KEEL_ERR_PARSE, name, 0, "file too large");
    xmlInitParser();
    xmlGenericErrorFunc old_handler = xmlGenericError;
    void *old_ctx = xmlGenericErrorContext;
    xmlSetGenericErrorFunc(NULL, quiet);
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (!ctxt) {
        xmlSetGenericErrorFunc(old_ctx, old_handler);
        return keel_error_nomem(err);
    }
    int options = XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOERROR |
                  XML_PARSE_NOWARNING | extra;
    xmlDocPtr doc = xmlCtxtReadMemory(ctxt, buf, (int)len, name, NULL, options);
    keel_status st = KEEL_OK;
    if (!doc || !ctxt->wellFormed) {
        const xmlError *e = &ctxt->lastError;
        if (e->code == XML_ERR_NO_MEMORY) {
            st = keel_error_nomem(err);
        } else {
            char msg[200];
            const char *what = explain(e, msg, sizeof msg);
            st = keel_error_set(err, KEEL_ERR_PARSE, name, e->line > 0 ? e->line : 0, "%s: %s",
                                what, msg);
        }
        if (doc)
            xmlFreeDoc(doc);
        doc = NULL;
    }
    xmlFreeParserCtxt(ctxt);
    xmlSetGenericErrorFunc(old_ctx, old_handler);
    if (doc && (st = check_entities(name, doc, err)) != KEEL_OK) {
        xmlFreeDoc(doc);
        doc = NULL;
    }
    *out = doc;
    return st;
}

keel_status keel_xml_parse(const char *name, const char *buf, size_t len, keel_xml_doc **out,
                           keel_error *err)
{
    return parse_doc(name, buf, len, XML_PARSE_NOCDATA, out, err);
}

keel_status keel_xml_parse_verbatim(const char *name, const char *buf, size_t len,
                                    keel_xml_doc **out, keel_error *err)
{
    return parse_doc(name, buf, len, 0, out, err);
}

void keel_xml_init(void)
{
    xmlInitParser();
}

void keel_xml_free(keel_xml_doc *doc)
{
    if (doc)
        xmlFreeDoc(doc);
}

const keel_xml_node *keel_xml_root(const keel_xml_doc *doc)
{
    return doc ? xmlDocGetRootElement(doc) : NULL;
}

const char *keel_xml_ns(const keel_xml_node *n)
{
    return n && n->ns && n->ns->href ? (const char *)n->ns->href : NULL;
}

const char *keel_xml_name(const keel_xml_node *n)
{
    return n && n->name ? (const char *)n->name : "";
}

bool keel_xml_is(const keel_xml_node *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && n->name &&
           strcmp((const char *)n->name, name) == 0;
}

static const keel_xml_node *skip_to_element(const xmlNode *n)
{
    while (n && n->type != XML_ELEMENT_NODE)
        n = n->next;
    return n;
}

const keel_xml_node *keel_xml_first(const keel_xml_node *n)
{
    return n ? skip_to_element(n->children) : NULL;
}

const keel_xml_node *keel_xml_next(const keel_xml_node *n)
{
    return n ? skip_to_element(n->next) : NULL;
}

const keel_xml_node *keel_xml_child(const keel_xml_node *n, const char *name)
{
    for (const keel_xml_node *c = keel_xml_first(n); c; c = keel_xml_next(c))
        if (keel_xml_is(c, name))
            return c;
    return NULL;
}

int keel_xml_line(const keel_xml_node *n)
{
    if (!n)
        return 0;
    long line = xmlGetLineNo(n);
    return line > 0 && line < INT_MAX ? (int)line : 0;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Calls fn on each text chunk of n in order. */
static void each_text(const keel_xml_node *n, void (*fn)(const char *s, size_t len, void *ctx),
                      void *ctx)
{
    if (!n)
        return;
    for (const xmlNode *c = n->children; c; c = c->next)
        if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content)
            fn((const char *)c->content, strlen((const char *)c->content), ctx);
}

typedef struct text_buf {
    char *buf;
    size_t size, len;
} text_buf;

static void append_text(const char *s, size_t len, void *ctx)
{
    text_buf *t = ctx;
    if (t->len == 0)
        while (len > 0 && is_space(*s))
            s++, len--;
    size_t room = t->size - 1 - t->len;
    if (len > room)
        len = room;
    memcpy(t->buf + t->len, s, len);
    t->len += len;
}

static void count_text(const char *s, size_t len, void *ctx)
{
    *(size_t *)ctx += len;
}

static void trim_end(char *buf, size_t *len)
{
    while (*len > 0 && is_space(buf[*len - 1]))
        (*len)--;
    buf[*len] = '\0';
}

const char *keel_xml_text(const keel_xml_node *n, char *buf, size_t size)
{
    text_buf t = {buf, size, 0};
    each_text(n, append_text, &t);
    trim_end(buf, &t.len);
    return buf;
}

char *keel_xml_text_dup(const keel_xml_node *n, keel_arena *a)
{
    size_t total = 0;
    each_text(n, count_text, &total);
    char *buf = keel_arena_alloc(a, total + 1);
    if (!buf)
        return NULL;
    text_buf t = {buf, total + 1, 0};
    each_text(n, append_text, &t);
    trim_end(buf, &t.len);
    return buf;
}

bool keel_xml_parse_int(const char *s, int64_t *out)
{
    if (!s || !*s)
        return false;
    errno = 0;
    char *end;
    long long v = strtoll(s, &end, 10);
    if (errno || *end || end == s)
        return false;
    *out = v;
    return true;
}

bool keel_xml_parse_double(const char *s, double *out)
{
    if (!s || !*s)
        return false;
    errno = 0;
    char *end;
    double v = strtod(s, &end);
    if (errno || *end || end == s || !isfinite(v))
        return false;
    *out = v;
    return true;
}

bool keel_xml_parse_whole(const char *s, int64_t *out)
{
    if (!s)
        return false;
    while (is_space(*s))
        s++;
    size_t len = strlen(s);
    while (len > 0 && is_space(s[len - 1]))
        len--;
    if (len == 0 || len > KEEL_XML_NUMBER_MAX)
        return false;
    char buf[KEEL_XML_NUMBER_MAX + 1];
    memcpy(buf, s, len);
    buf[len] = '\0';
    if (keel_xml_parse_int(buf, out))
        return true;
    double d; /* "1.0" for an integer: whole numbers written as decimals */
    if (!keel_xml_parse_double(buf, &d) || d != floor(d) || fabs(d) > 9e15)
        return false;
    *out = (int64_t)d;
    return true;
}

bool keel_xml_parse_bool(const char *s, bool *out)
{
    if (!s)
        return false;
    if (!strcmp(s, "1") || !strcmp(s, "true")) {
        *out = true;
        return true;
    }
    if (!strcmp(s, "0") || !strcmp(s, "false")) {
        *out = false;
        return true;
    }
    return false;
}
