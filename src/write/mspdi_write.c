/* SPDX-License-Identifier: GPL-3.0-or-later
 * The MSPDI writer (see mspdi_write.h). The byte patcher (mspdi_fast.c)
 * writes the document it was read from with only the computed fields
 * changed; a document it must not touch (another encoding, a DOCTYPE,
 * markup inside a computed field, ...) goes the slow way here: parse it into
 * a libxml2 tree keeping every node, patch the tree, serialize it to memory.
 * Both follow the rules of mspdi_patch.c. An element that is missing is
 * inserted where the MSPDI element sequence puts it: before the first
 * existing sibling that comes later in the sequence (unknown siblings are
 * stepped over), indented like its siblings.
 */
#include "write/mspdi_write.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "analysis/leveled.h"
#include "base/error.h"
#include "write/mspdi_fast.h"
#include "write/mspdi_patch.h"
#include "write/mspdi_write_io.h"
#include "write/output.h"

#define ORDER_MAX 160
#define KINDS 3

/* A sequence order with its names as the document's interned strings.
 * libxml2 interns every element name of a parsed document (and of the nodes
 * xmlNewDocNode makes) in the document's dictionary, so a name compares as
 * one pointer. At 100,000 tasks, comparing each child's name with strcmp
 * against the sequence was most of the tree writer's time. */
typedef struct field_order {
    const char *const *names;
    const xmlChar *key[ORDER_MAX];
    int n;
} field_order;

typedef struct tree_doc {
    xmlDocPtr doc;
    field_order order[KINDS]; /* by keel_parent_kind */
} tree_doc;

static bool is_element(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

/* The first child element called name. With a dictionary the name is looked
 * up once (absent from it: no element has that name) and children compare by
 * pointer. */
static xmlNode *child(xmlNode *n, const char *name)
{
    if (!n)
        return NULL;
    xmlDictPtr dict = n->doc ? n->doc->dict : NULL;
    if (!dict) {
        for (xmlNode *c = n->children; c; c = c->next)
            if (is_element(c, name))
                return c;
        return NULL;
    }
    const xmlChar *key = xmlDictExists(dict, (const xmlChar *)name, -1);
    for (xmlNode *c = key ? n->children : NULL; c; c = c->next)
        if (c->name == key && c->type == XML_ELEMENT_NODE)
            return c;
    return NULL;
}

/* Interns the order's names in doc's dictionary (false when out of memory). */
static bool order_init(field_order *fo, const char *const *names, xmlDocPtr doc)
{
    fo->names = names;
    fo->n = 0;
    for (; names[fo->n] && fo->n < ORDER_MAX; fo->n++) {
        fo->key[fo->n] = doc->dict ? xmlDictLookup(doc->dict, (const xmlChar *)names[fo->n], -1)
                                   : (const xmlChar *)names[fo->n];
        if (!fo->key[fo->n])
            return false;
    }
    return true;
}

/* Rank of an element name of the order's document in the order, or -1. */
static int order_rank(const field_order *fo, const xmlDoc *doc, const xmlChar *name)
{
    for (int i = 0; i < fo->n; i++)
        if (doc->dict ? fo->key[i] == name : strcmp((const char *)fo->key[i], (const char *)name) == 0)
            return i;
    return -1;
}

int keel_mspdi_task_rank(const char *name)
{
    return keel_mspdi_order_rank(KEEL_PARENT_TASK, name);
}

int keel_mspdi_assignment_rank(const char *name)
{
    return keel_mspdi_order_rank(KEEL_PARENT_ASSIGNMENT, name);
}

static bool is_blank_text(const xmlNode *n)
{
    if (!n || n->type != XML_TEXT_NODE || !n->content)
        return false;
    for (const xmlChar *s = n->content; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return false;
    return true;
}

/* Inserts a new <name>value</name> into parent at its sequence position and
 * copies the indentation of its neighbours. Returns false when out of memory. */
static bool insert_child(xmlNode *parent, const field_order *order, keel_parent_kind kind,
                         const char *name, const char *value)
{
    int r = keel_mspdi_order_rank(kind, name);
    xmlNode *later = NULL, *last = NULL;
    for (xmlNode *c = parent->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        int cr = later ? -1 : order_rank(order, parent->doc, c->name);
        if (cr > r && !later)
            later = c;
        last = c;
    }
    xmlNode *e = xmlNewDocNode(parent->doc, parent->ns, (const xmlChar *)name, NULL);
    if (!e)
        return false;
    xmlNode *text = xmlNewDocText(parent->doc, (const xmlChar *)value);
    if (!text) {
        xmlFreeNode(e);
        return false;
    }
    xmlAddChild(e, text);
    /* The blank text before a sibling element is the indentation to copy. */
    xmlNode *anchor = later ? later : last;
    xmlNode *ws = NULL;
    if (anchor && is_blank_text(anchor->prev)) {
        ws = xmlNewDocText(parent->doc, anchor->prev->content);
        if (!ws) {
            xmlFreeNode(e);
            return false;
        }
    }
    if (later) { /* <ws-before-later> e ws later */
        xmlAddPrevSibling(later, e);
        if (ws)
            xmlAddPrevSibling(later, ws);
    } else if (last) { /* last ws e <closing blank> */
        xmlNode *at = xmlAddNextSibling(last, ws ? ws : e);
        if (ws)
            xmlAddNextSibling(at, e);
    } else {
        xmlAddChild(parent, e);
    }
    return true;
}

/* keel_patch_doc over the tree: see mspdi_patch.h. The text is what the
 * reader reads (keel_xml_text): the element's own text and CDATA children,
 * not those of elements inside it, so both see the same UID. */
static int64_t tree_text(void *doc, void *node, keel_field f, char *buf, size_t size)
{
    (void)doc;
    xmlNode *c = child(node, keel_field_name(f));
    if (!c)
        return -1;
    size_t n = 0;
    for (xmlNode *t = c->children; t; t = t->next) {
        if ((t->type != XML_TEXT_NODE && t->type != XML_CDATA_SECTION_NODE) || !t->content)
            continue;
        size_t k = strlen((const char *)t->content);
        if (buf && n < size - 1)
            memcpy(buf + n, t->content, k < size - 1 - n ? k : size - 1 - n);
        n += k;
    }
    if (buf)
        buf[n < size - 1 ? n : size - 1] = '\0';
    return (int64_t)n;
}

static bool tree_set(void *doc, void *node, keel_parent_kind kind, keel_field f,
                     const char *value, bool insert)
{
    tree_doc *td = doc;
    xmlNode *parent = node;
    const char *name = keel_field_name(f);
    xmlNode *c = child(parent, name);
    if (!c)
        return insert ? insert_child(parent, &td->order[kind], kind, name, value) : true;
    xmlChar *old = xmlNodeGetContent(c);
    bool same = old && strcmp((const char *)old, value) == 0;
    xmlFree(old);
    if (same)
        return true;
    xmlNodeSetContent(c, NULL);
    xmlNode *text = xmlNewDocText(parent->doc, (const xmlChar *)value);
    if (!text)
        return false;
    xmlAddChild(c, text);
    return true;
}

static keel_status check_args(const keel_portfolio *p, int project, keel_error *err)
{
    if (!p || project < 0 || project >= p->nprojects)
        return keel_error_set(err, KEEL_ERR_INVALID, NULL, 0, "mspdi write: bad project index");
    if (p->research || !p->projects[project].file || !p->projects[project].source)
        return keel_error_set(err, KEEL_ERR_INVALID, NULL, 0,
                              "project %d '%s' was not read from an MSPDI file", project,
                              p->projects[project].name);
    return KEEL_OK;
}

static bool patch_tree(const keel_patcher *w, tree_doc *td, xmlNode *root)
{
    keel_patch_doc d = {tree_text, tree_set, td};
    for (int k = 0; k < KINDS; k++)
        if (!order_init(&td->order[k], keel_mspdi_order((keel_parent_kind)k), td->doc))
            return false;
    if (!keel_patch_project(w, &d, root))
        return false;
    /* every list, as the reader reads them all */
    for (xmlNode *list = root->children; list; list = list->next) {
        bool tasks = is_element(list, "Tasks");
        if (!tasks && !is_element(list, "Assignments"))
            continue;
        for (xmlNode *n = list->children; n; n = n->next)
            if (tasks ? is_element(n, "Task") && !keel_patch_task(w, &d, n)
                      : is_element(n, "Assignment") && !keel_patch_assignment(w, &d, n))
                return false;
    }
    return true;
}

static keel_status render_tree(const keel_patcher *w, char **out, size_t *len,
                               keel_error *err)
{
    const keel_project *pr = &w->p->projects[w->project];
    tree_doc td = {0};
    keel_status st = keel_mspdi_write_parse(pr->file, pr->source, pr->source_len, &td.doc, err);
    xmlNode *root = st == KEEL_OK ? xmlDocGetRootElement(td.doc) : NULL;
    if (st == KEEL_OK && !is_element(root, "Project"))
        st = keel_error_set(err, KEEL_ERR_PARSE, pr->file, root ? xmlGetLineNo(root) : 0,
                            "not an MSPDI file: the root element is not <Project>");
    if (st == KEEL_OK && !patch_tree(w, &td, root))
        st = keel_error_nomem(err);
    if (st == KEEL_OK)
        st = keel_mspdi_write_serialize(td.doc, pr->file, out, len, err);
    if (td.doc)
        xmlFreeDoc(td.doc);
    return st;
}

keel_status keel_mspdi_render_path(const keel_portfolio *p, int project, const keel_leveled *lv,
                                   bool have_before, keel_writer_path path, bool *bytes,
                                   char **out, size_t *len, keel_error *err)
{
    bool done = false;
    *out = NULL;
    *len = 0;
    keel_status st = check_args(p, project, err);
    if (st != KEEL_OK)
        return st;
    if (!lv || lv->ntasks != p->ntasks || lv->nprojects != p->nprojects)
        return keel_error_set(err, KEEL_ERR_INVALID, NULL, 0,
                              "leveled dates do not match the portfolio (%d tasks)",
                              p->ntasks);
    keel_patcher w;
    st = keel_patcher_init(&w, p, project, lv, have_before, err);
    if (st == KEEL_OK && path != KEEL_WRITER_TREE)
        st = keel_mspdi_render_fast(&w, out, len, &done, err);
    if (st == KEEL_OK && !done && path == KEEL_WRITER_BYTES)
        st = keel_error_set(err, KEEL_ERR_INVALID, p->projects[project].file, 0,
                            "left to the tree writer");
    else if (st == KEEL_OK && !done) /* not for the byte patcher: the tree */
        st = render_tree(&w, out, len, err);
    keel_patcher_free(&w);
    if (bytes)
        *bytes = done;
    return st;
}

keel_status keel_mspdi_render_leveled(const keel_portfolio *p, int project,
                                      const keel_leveled *lv, bool have_before, char **out,
                                      size_t *len, keel_error *err)
{
    return keel_mspdi_render_path(p, project, lv, have_before, KEEL_WRITER_AUTO, NULL, out,
                                  len, err);
}

keel_status keel_mspdi_render(const keel_portfolio *p, int project, const keel_schedule *leveled,
                              const keel_schedule *before, char **out, size_t *len,
                              keel_error *err)
{
    keel_leveled *lv = NULL;
    *out = NULL;
    *len = 0;
    keel_status st = check_args(p, project, err);
    if (st == KEEL_OK)
        st = keel_leveled_compute(p, leveled, before, &lv, err);
    if (st == KEEL_OK)
        st = keel_mspdi_render_leveled(p, project, lv, before != NULL, out, len, err);
    keel_leveled_free(lv);
    return st;
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

keel_status keel_mspdi_write(const keel_portfolio *p, int project, const keel_schedule *leveled,
                             const keel_schedule *before, const char *out_path,
                             keel_error *err)
{
    if (!out_path || !*out_path || out_path[strlen(out_path) - 1] == '/')
        return keel_error_set(err, KEEL_ERR_INVALID, NULL, 0, "mspdi write: bad output path");
    keel_status st = check_args(p, project, err);
    if (st != KEEL_OK)
        return st;
    char *dir = dir_of(out_path), *text = NULL;
    size_t len = 0;
    keel_output *o = NULL;
    const char *name = strrchr(out_path, '/') ? strrchr(out_path, '/') + 1 : out_path;
    const char *in = p->projects[project].file;
    st = dir ? keel_output_open(dir, false, &o, err) : keel_error_nomem(err);
    if (st == KEEL_OK)
        st = keel_output_protect(o, in, err);
    if (st == KEEL_OK)
        st = keel_output_add(o, name, (int64_t)p->projects[project].source_len, in, err);
    if (st == KEEL_OK)
        st = keel_mspdi_render(p, project, leveled, before, &text, &len, err);
    if (st == KEEL_OK)
        st = keel_output_put(o, name, text, len, err);
    if (st == KEEL_OK)
        st = keel_output_commit(o, err);
    keel_output_free(o);
    free(text);
    free(dir);
    return st;
}
