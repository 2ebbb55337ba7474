/* SPDX-License-Identifier: GPL-3.0-or-later
 * MPSPLIB XML reader (see mpsplib_read.h). libxml2 parses with
 * XML_PARSE_NONET | XML_PARSE_BIG_LINES and without entity substitution or DTD
 * loading, so the "mp.dtd" reference is never fetched; entity references in
 * element text are refused. The structure is checked element by element
 * (mp-list > mp > name, project-list > project > filename, start; resources >
 * resource), then each project's .sm goes through the PSPLIB reader with a
 * resource map: global resources shared, local ones created per project.
 */
#include "read/mpsplib_read.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "base/readfile.h"
#include "read/psplib_read.h"

#define MAX_TEXT 4096

typedef struct mp_project {
    char *file; /* resolved path (malloc'd) */
    int64_t start;
    int line;
    int cache; /* index into the parsed .sm cache */
} mp_project;

typedef struct reader {
    const char *name;
    keel_error *err;
    char name_text[128];
    bool has_name;
    KEEL_VEC(mp_project) projects;
    KEEL_VEC(int64_t) caps;
    KEEL_VEC(int) cap_lines;
    int resources_line;
    bool has_projects, has_resources;
    KEEL_VEC(keel_psplib *) sm; /* parsed .sm files, one per distinct path */
} reader;

static int line_of(xmlNodePtr n)
{
    long l = xmlGetLineNo(n);
    return l > 0 && l < INT_MAX ? (int)l : 0;
}

static bool is_element(xmlNodePtr n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

/* Only whitespace text and comments may sit between elements. */
static keel_status check_ignorable(reader *rd, xmlNodePtr n, const char *parent)
{
    if (n->type == XML_COMMENT_NODE || n->type == XML_PI_NODE) return KEEL_OK;
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        for (const xmlChar *c = n->content; c && *c; c++)
            if (*c != ' ' && *c != '\t' && *c != '\n' && *c != '\r')
                return keel_error_set(rd->err, KEEL_ERR_PARSE, rd->name, line_of(n),
                                      "<%s>: unexpected text", parent);
        return KEEL_OK;
    }
    if (n->type == XML_ELEMENT_NODE)
        return keel_error_set(rd->err, KEEL_ERR_PARSE, rd->name, line_of(n),
                              "<%s>: unexpected element <%.60s>", parent,
                              (const char *)n->name);
    return keel_error_set(
        rd->err, KEEL_ERR_PARSE, rd->name, line_of(n),
        "<%s>: unexpected content (entity references are not supported)", parent);
}

/* The text of a leaf element, trimmed, into buf. */
static keel_status leaf_text(reader *rd, xmlNodePtr e, char *buf, size_t size)
{
    size_t n = 0;
    for (xmlNodePtr c = e->children; c; c = c->next) {
        if (c->type == XML_COMMENT_NODE) continue;
        if (c->type != XML_TEXT_NODE && c->type != XML_CDATA_SECTION_NODE)
            return keel_error_set(
                rd->err, KEEL_ERR_PARSE, rd->name, line_of(e),
                "<%s>: text expected (no elements or entity references)",
                (const char *)e->name);
        size_t m = c->content ? strlen((const char *)c->content) : 0;
        if (n + m >= size)
            return keel_error_set(rd->err, KEEL_ERR_PARSE, rd->name, line_of(e),
                                  "<%s>: text too long", (const char *)e->name);
        memcpy(buf + n, c->content, m);
        n += m;
    }
    buf[n] = '\0';
    size_t s = 0;
    while (buf[s] == ' ' || buf[s] == '\t' || buf[s] == '\n' || buf[s] == '\r')
        s++;
    while (n > s && (buf[n - 1] == ' ' || buf[n - 1] == '\t' || buf[n - 1] == '\n' ||
                     buf[n - 1] == '\r'))
        n--;
    memmove(buf, buf + s, n - s);
    buf[n - s] = '\0';
    return KEEL_OK;
}

static keel_status leaf_int(reader *rd, xmlNodePtr e, int64_t max, int64_t *v)
{
    char buf[64];
    keel_status st = leaf_text(rd, e, buf, sizeof buf);
    if (st != KEEL_OK) return st;
    int64_t x = 0;
    const char *c = buf;
    if (!*c) goto bad;
    for (; *c; c++) {
        if (*c < '0' || *c > '9' || x > (max - (*c - '0')) / 10) goto bad;
        x = x * 10 + (*c - '0');
    }
    *v = x;
    return KEEL_OK;
bad:
    return keel_error_set(rd->err, KEEL_ERR_PARSE, rd->name, line_of(e),
                          "<%s>: '%.40s' is not an integer in 0..%lld",
                          (const char *)e->name, buf, (long long)max);
}

static keel_status read_project(reader *rd, xmlNodePtr e)
{
    keel_status st;
    xmlNodePtr fn = NULL, start = NULL;
    for (xmlNodePtr c = e->children; c; c = c->next) {
        xmlNodePtr *slot = is_element(c, "filename") ? &fn
                           : is_element(c, "start")  ? &start
                                                     : NULL;
        if (!slot) {
            if ((st = check_ignorable(rd, c, "project")) != KEEL_OK) return st;
            continue;
        }
        if (*slot)
            return keel_error_set(rd->err, KEEL_ERR_PARSE, rd->name, line_of(c),
                                  "<project>: <%s> given twice", (const char *)c->name);
        *slot = c;
    }
    if (!fn || !start)
        return keel_error_set(rd->err, KEEL_ERR_PARSE, rd->name, line_of(e),
                              "<project>: <%s> is missing", fn ? "start" : "filename");
    if (rd->projects.len >= KEEL_MPSPLIB_MAX_PROJECTS)
        return keel_error_set(rd->err, KEEL_ERR_PARSE, rd->name, line_of(e),
                              "more than %d projects", KEEL_MPSPLIB_MAX_PROJECTS);
    mp_project p = {.line = line_of(e), .cache = -1};
    char text[MAX_TEXT];
    if ((st = leaf_text(rd, fn, text, sizeof text)) != KEEL_OK ||
        (st = leaf_int(rd, start, KEEL_MPSPLIB_MAX_ARRIVAL, &p.start)) != KEEL_OK)
        return st;
    if (!text[0])
        return keel_error_set(rd->err, KEEL_ERR_PARSE, rd->name, line_of(fn),
                              "<filename>: empty");
    if (!(p.file = keel_path_relative_to(rd->name, text)))
        return keel_error_nomem(rd->err);
    if (!KEEL_VEC_PUSH(&rd->projects, p)) {
        free(p.file);
        return keel_error_nomem(rd->err);
    }
    return KEEL_OK;
}

static keel_status read_list(reader *rd, xmlNodePtr e, const char *list, const char *item)
{
    keel_status st;
    bool resources = strcmp(item, "resource") == 0;
    for (xmlNodePtr c = e->children; c; c = c->next) {
        if (!is_element(c, item)) {
            if ((st = check_ignorable(rd, c, list)) != KEEL_OK) return st;
            continue;
        }
        if (!resources) {
            if ((st = read_project(rd, c)) != KEEL_OK) return st;
            continue;
        }
        int64_t cap;
        if ((st = leaf_int(rd, c, KEEL_PSPLIB_MAX_UNITS, &cap)) != KEEL_OK) return st;
        if (rd->caps.len >= KEEL_PSPLIB_MAX_RESOURCES)
            return keel_error_set(rd->err, KEEL_ERR_PARSE, rd->name, line_of(c),
                                  "<resources>: more than %d resources",
                                  KEEL_PSPLIB_MAX_RESOURCES);
        if (!KEEL_VEC_PUSH(&rd->caps, cap) || !KEEL_VEC_PUSH(&rd->cap_lines, line_of(c)))
            return keel_error_nomem(rd->err);
    }
    return KEEL_OK;
}

static keel_status read_mp(reader *rd, xmlNodePtr mp)
{
    keel_status st;
    for (xmlNodePtr c = mp->children; c; c = c->next) {
        if (is_element(c, "name")) {
            if (rd->has_name)
                return keel_error_set(rd->err, KEEL_ERR_PARSE, rd->name, line_of(c),
                                      "<mp>: <name> given twice");
            if ((st = leaf_text(rd, c, rd->name_text, sizeof rd->name_text)) != KEEL_OK)
                return st;
            size_t n = strlen(rd->name_text);
            if (n > 4 && strcmp(rd->name_text + n - 4, ".xml") == 0)
                rd->name_text[n - 4] = '\0';
            rd->has_name = true;
        } else if (is_element(c, "project-list") || is_element(c, "resources")) {
            bool res = is_element(c, "resources");
            bool *seen = res ? &rd->has_resources : &rd->has_projects;
            if (*seen)
                return keel_error_set(rd->err, KEEL_ERR_PARSE, rd->name, line_of(c),
                                      "<mp>: <%s> given twice", (const char *)c->name);
            *seen = true;
            if (res) rd->resources_line = line_of(c);
            st = res ? read_list(rd, c, "resources", "resource")
                     : read_list(rd, c, "project-list", "project");
            if (st != KEEL_OK) return st;
        } else if ((st = check_ignorable(rd, c, "mp")) != KEEL_OK) {
            return st;
        }
    }
    if (!rd->has_projects || !rd->has_resources)
        return keel_error_set(rd->err, KEEL_ERR_PARSE, rd->name, line_of(mp),
                              "<mp>: <%s> is missing",
                              rd->has_projects ? "resources" : "project-list");
    if (rd->projects.len == 0)
        return keel_error_set(rd->err, KEEL_ERR_PARSE, rd->name, line_of(mp),
                              "<project-list>: no <project>");
    if (rd->caps.len == 0)
        return keel_error_set(rd->err, KEEL_ERR_PARSE, rd->name, rd->resources_line,
                              "<resources>: no <resource>");
    return KEEL_OK;
}

static keel_status read_doc(reader *rd, xmlDocPtr doc)
{
    xmlNodePtr root = xmlDocGetRootElement(doc), mp = NULL;
    keel_status st;
    if (!root || !is_element(root, "mp-list"))
        return keel_error_set(rd->err, KEEL_ERR_PARSE, rd->name, root ? line_of(root) : 1,
                              "root element is not <mp-list> (not an MPSPLIB file)");
    for (xmlNodePtr c = root->children; c; c = c->next) {
        if (!is_element(c, "mp")) {
            if ((st = check_ignorable(rd, c, "mp-list")) != KEEL_OK) return st;
            continue;
        }
        if (mp)
            return keel_error_set(rd->err, KEEL_ERR_PARSE, rd->name, line_of(c),
                                  "<mp-list>: more than one <mp>");
        mp = c;
    }
    if (!mp)
        return keel_error_set(rd->err, KEEL_ERR_PARSE, rd->name, line_of(root),
                              "<mp-list>: no <mp>");
    return read_mp(rd, mp);
}

/* Parses every distinct .sm once. */
static keel_status load_projects(reader *rd)
{
    keel_status st;
    for (size_t i = 0; i < rd->projects.len; i++) {
        mp_project *p = &rd->projects.data[i];
        for (size_t j = 0; j < i && p->cache < 0; j++)
            if (strcmp(rd->projects.data[j].file, p->file) == 0)
                p->cache = rd->projects.data[j].cache;
        if (p->cache >= 0) continue;
        keel_psplib *in = NULL;
        keel_error e2;
        st = keel_psplib_load(p->file, &in, &e2);
        if (st == KEEL_ERR_IO)
            return keel_error_set(rd->err, st, rd->name, p->line, "project %zu: %s",
                                  i + 1, e2.message);
        if (st != KEEL_OK) {
            if (rd->err) *rd->err = e2;
            return st;
        }
        if ((size_t)in->nres != rd->caps.len) {
            int nres = in->nres;
            keel_psplib_free(in);
            return keel_error_set(
                rd->err, KEEL_ERR_PARSE, rd->name, p->line,
                "project %zu: %s has %d resources, <resources> lists %zu", i + 1, p->file,
                nres, rd->caps.len);
        }
        if (!KEEL_VEC_PUSH(&rd->sm, in)) {
            keel_psplib_free(in);
            return keel_error_nomem(rd->err);
        }
        p->cache = (int)rd->sm.len - 1;
    }
    return KEEL_OK;
}

static keel_status build(reader *rd, keel_builder *b, keel_mpsplib_info *info)
{
    keel_status st;
    int map[KEEL_PSPLIB_MAX_RESOURCES];
    int nglobal = 0, first_global = -1;
    const char *file = keel_arena_strdup(b->arena, rd->name);
    if (!file) return keel_error_nomem(rd->err);
    for (size_t k = 0; k < rd->caps.len; k++) {
        map[k] = -1;
        if (rd->caps.data[k] == 0) continue;
        char *name = keel_arena_alloc(b->arena, 24);
        if (!name) return keel_error_nomem(rd->err);
        snprintf(name, 24, "G%zu", k + 1);
        keel_resource r = {.name = name,
                           .file = file,
                           .line = rd->cap_lines.data[k],
                           .type = KEEL_RES_WORK,
                           .can_level = true,
                           .max_units = (int32_t)rd->caps.data[k] * KEEL_UNITS_ONE,
                           .calendar = -1};
        if (!KEEL_VEC_PUSH(&b->resources, r)) return keel_error_nomem(rd->err);
        map[k] = (int)b->resources.len - 1;
        if (first_global < 0) first_global = map[k];
        nglobal++;
    }
    int first = (int)b->projects.len;
    for (size_t i = 0; i < rd->projects.len; i++) {
        const mp_project *p = &rd->projects.data[i];
        const keel_psplib *in = rd->sm.data[p->cache];
        const char *base = keel_path_basename(p->file);
        size_t stem = strlen(base);
        if (stem > 3 && strcmp(base + stem - 3, ".sm") == 0) stem -= 3;
        if (stem > 200) stem = 200;
        char pname[256], prefix[256];
        snprintf(pname, sizeof pname, "p%zu:%.*s", i + 1, (int)stem, base);
        snprintf(prefix, sizeof prefix, "%.*s#%zu:", (int)stem, base, i + 1);
        keel_psplib_add_opts o = {.project_name = pname,
                                  .file = p->file,
                                  .start = p->start,
                                  .resource_map = map,
                                  .resource_prefix = prefix};
        if ((st = keel_psplib_add(in, b, &o, NULL, rd->err)) != KEEL_OK) return st;
    }
    if (info) {
        memset(info, 0, sizeof *info);
        snprintf(info->name, sizeof info->name, "%s", rd->name_text);
        info->first_project = first;
        info->nprojects = (int)rd->projects.len;
        info->nresources = (int)rd->caps.len;
        info->nglobal = nglobal;
        info->first_global = first_global;
    }
    return KEEL_OK;
}

keel_status keel_mpsplib_parse(const char *name, const char *text, size_t len,
                               keel_builder *b, keel_mpsplib_info *info, keel_error *err)
{
    keel_status st = KEEL_OK;
    reader rd = {.name = name ? name : "(mpsplib)", .err = err};
    xmlParserCtxtPtr ctxt = NULL;
    xmlDocPtr doc = NULL;
    keel_builder_mark mark = keel_builder_mark_take(b);
    if (len > KEEL_MPSPLIB_MAX_BYTES) {
        st = keel_error_set(err, KEEL_ERR_PARSE, rd.name, 0, "file too large");
        goto done;
    }
    if (len == 0) {
        st = keel_error_set(err, KEEL_ERR_PARSE, rd.name, 1,
                            "empty file, not an MPSPLIB file");
        goto done;
    }
    if (!(ctxt = xmlNewParserCtxt())) {
        st = keel_error_nomem(err);
        goto done;
    }
    doc = xmlCtxtReadMemory(ctxt, text, (int)len, rd.name, NULL,
                            XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOERROR |
                                XML_PARSE_NOWARNING);
    if (!doc) {
        xmlErrorPtr e = xmlCtxtGetLastError(ctxt);
        char msg[256] = "malformed XML";
        if (e && e->message) {
            snprintf(msg, sizeof msg, "%s", e->message);
            size_t n = strlen(msg);
            while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == '\r'))
                msg[--n] = '\0';
        }
        st = keel_error_set(err, KEEL_ERR_PARSE, rd.name, e && e->line > 0 ? e->line : 1,
                            "XML: %s", msg);
        goto done;
    }
    if ((st = read_doc(&rd, doc)) != KEEL_OK || (st = load_projects(&rd)) != KEEL_OK)
        goto done;
    if ((st = build(&rd, b, info)) != KEEL_OK)
        keel_builder_rollback(b, &mark);
done:
    if (doc) xmlFreeDoc(doc);
    if (ctxt) xmlFreeParserCtxt(ctxt);
    for (size_t i = 0; i < rd.projects.len; i++)
        free(rd.projects.data[i].file);
    for (size_t i = 0; i < rd.sm.len; i++)
        keel_psplib_free(rd.sm.data[i]);
    KEEL_VEC_FREE(&rd.projects);
    KEEL_VEC_FREE(&rd.caps);
    KEEL_VEC_FREE(&rd.cap_lines);
    KEEL_VEC_FREE(&rd.sm);
    return st;
}

keel_status keel_mpsplib_read(const char *path, keel_builder *b, keel_mpsplib_info *info,
                              keel_error *err)
{
    char *text = NULL;
    size_t len = 0;
    keel_status st = keel_file_read(path, KEEL_MPSPLIB_MAX_BYTES, &text, &len, err);
    if (st == KEEL_OK) st = keel_mpsplib_parse(path, text, len, b, info, err);
    free(text);
    return st;
}
