/* SPDX-License-Identifier: GPL-3.0-or-later
 * The JSON reader (json.h): a recursive-descent parser over the text, one
 * arena for the tree. Growable member lists are collected in malloc'd
 * vectors and copied into the arena when their container closes.
 */
#include "base/json.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "base/vec.h"

typedef struct parser {
    const char *name, *s, *end;
    int line;
    keel_arena *arena;
    keel_error *err;
} parser;

static keel_status fail(parser *ps, const char *what)
{
    return keel_error_set(ps->err, KEEL_ERR_PARSE, ps->name, ps->line, "JSON: %s", what);
}

static void skip_space(parser *ps)
{
    while (ps->s < ps->end) {
        char c = *ps->s;
        if (c == '\n')
            ps->line++;
        else if (c != ' ' && c != '\t' && c != '\r')
            return;
        ps->s++;
    }
}

static keel_json *node(parser *ps, keel_json_kind kind)
{
    keel_json *v = keel_arena_alloc(ps->arena, sizeof *v);
    if (v) {
        v->kind = kind;
        v->line = ps->line;
    }
    return v;
}

static bool literal(parser *ps, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(ps->end - ps->s) < n || memcmp(ps->s, word, n) != 0)
        return false;
    ps->s += n;
    return true;
}

static int hex4(const char *s)
{
    int v = 0;
    for (int i = 0; i < 4; i++) {
        char c = s[i];
        int d = c >= '0' && c <= '9'   ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                       : -1;
        if (d < 0)
            return -1;
        v = v * 16 + d;
    }
    return v;
}

static size_t put_utf8(char *o, uint32_t cp)
{
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xc0 | (cp >> 6));
        o[1] = (char)(0x80 | (cp & 0x3f));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xe0 | (cp >> 12));
        o[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
        o[2] = (char)(0x80 | (cp & 0x3f));
        return 3;
    }
    o[0] = (char)(0xf0 | (cp >> 18));
    o[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
    o[3] = (char)(0x80 | (cp & 0x3f));
    return 4;
}

/* A \uXXXX escape (and its low surrogate) at s (after the backslash-u). */
static bool unicode_escape(parser *ps, const char **s, uint32_t *cp)
{
    if (ps->end - *s < 4 || hex4(*s) < 0)
        return false;
    *cp = (uint32_t)hex4(*s);
    *s += 4;
    if (*cp >= 0xdc00 && *cp <= 0xdfff)
        return false;
    if (*cp >= 0xd800 && *cp <= 0xdbff) {
        if (ps->end - *s < 6 || (*s)[0] != '\\' || (*s)[1] != 'u' || hex4(*s + 2) < 0xdc00 ||
            hex4(*s + 2) > 0xdfff)
            return false;
        *cp = 0x10000 + ((*cp - 0xd800) << 10) + (uint32_t)(hex4(*s + 2) - 0xdc00);
        *s += 6;
    }
    return *cp != 0;
}

/* The string at ps->s (on its opening quote), decoded into the arena. */
static keel_status parse_string(parser *ps, const char **out)
{
    const char *s = ps->s + 1, *close = s;
    while (close < ps->end && *close != '"')
        close += *close == '\\' ? 2 : 1;
    if (close >= ps->end)
        return fail(ps, "unterminated string");
    char *o = keel_arena_alloc(ps->arena, (size_t)(close - s) + 1), *w = o;
    if (!o)
        return keel_error_nomem(ps->err);
    while (s < close) {
        unsigned char c = (unsigned char)*s++;
        if (c < 0x20)
            return fail(ps, "control character in a string");
        if (c != '\\') {
            *w++ = (char)c;
            continue;
        }
        char e = *s++;
        const char *from = "\"\\/bfnrt", *to = "\"\\/\b\f\n\r\t", *hit = strchr(from, e);
        uint32_t cp;
        if (e && hit) {
            *w++ = to[hit - from];
        } else if (e == 'u' && unicode_escape(ps, &s, &cp)) {
            w += put_utf8(w, cp);
        } else {
            return fail(ps, "bad escape in a string");
        }
    }
    *w = '\0';
    ps->s = close + 1;
    *out = o;
    return KEEL_OK;
}

static keel_status parse_number(parser *ps, keel_json *v)
{
    const char *s = ps->s;
    if (s < ps->end && *s == '-')
        s++;
    if (s >= ps->end || *s < '0' || *s > '9' || (*s == '0' && s + 1 < ps->end &&
                                                   s[1] >= '0' && s[1] <= '9'))
        return fail(ps, "bad number");
    while (s < ps->end && ((*s >= '0' && *s <= '9') || strchr(".eE+-", *s)))
        s++;
    char *text = keel_arena_strndup(ps->arena, ps->s, (size_t)(s - ps->s)), *end;
    if (!text)
        return keel_error_nomem(ps->err);
    errno = 0;
    v->number = strtod(text, &end);
    if (*end || errno == ERANGE)
        return fail(ps, "bad number");
    v->text = text;
    ps->s = s;
    return KEEL_OK;
}

static keel_status parse_value(parser *ps, int depth, keel_json **out);

/* Members of an array or object up to the closing bracket. */
static keel_status parse_members(parser *ps, int depth, keel_json *v, bool object)
{
    KEEL_VEC(keel_json *) items = {0};
    KEEL_VEC(const char *) keys = {0};
    keel_status st = KEEL_OK;
    char close = object ? '}' : ']';
    ps->s++;
    skip_space(ps);
    bool more = ps->s < ps->end && *ps->s != close;
    while (more && st == KEEL_OK) {
        const char *key = NULL;
        keel_json *item = NULL;
        skip_space(ps);
        if (object) {
            if (ps->s >= ps->end || *ps->s != '"') {
                st = fail(ps, "expected a member name in quotes");
                break;
            }
            if ((st = parse_string(ps, &key)) != KEEL_OK)
                break;
            skip_space(ps);
            if (ps->s >= ps->end || *ps->s++ != ':') {
                st = fail(ps, "expected ':' after a member name");
                break;
            }
        }
        if ((st = parse_value(ps, depth + 1, &item)) != KEEL_OK)
            break;
        if (!KEEL_VEC_PUSH(&items, item) || (object && !KEEL_VEC_PUSH(&keys, key))) {
            st = keel_error_nomem(ps->err);
            break;
        }
        skip_space(ps);
        more = ps->s < ps->end && *ps->s == ',';
        if (more)
            ps->s++;
    }
    if (st == KEEL_OK && (ps->s >= ps->end || *ps->s != close))
        st = fail(ps, object ? "expected ',' or '}'" : "expected ',' or ']'");
    if (st == KEEL_OK) {
        ps->s++;
        v->n = (int)items.len;
        v->items = keel_arena_dup(ps->arena, items.data, items.len, sizeof *items.data);
        v->keys = object ? keel_arena_dup(ps->arena, keys.data, keys.len, sizeof *keys.data)
                         : NULL;
        if (!v->items || (object && !v->keys))
            st = keel_error_nomem(ps->err);
    }
    KEEL_VEC_FREE(&items);
    KEEL_VEC_FREE(&keys);
    return st;
}

static keel_status parse_value(parser *ps, int depth, keel_json **out)
{
    skip_space(ps);
    if (depth > KEEL_JSON_MAX_DEPTH)
        return fail(ps, "nested too deeply");
    if (ps->s >= ps->end)
        return fail(ps, "unexpected end of the text");
    char c = *ps->s;
    keel_json *v = node(ps, c == '{'   ? KEEL_JSON_OBJECT
                            : c == '[' ? KEEL_JSON_ARRAY
                            : c == '"' ? KEEL_JSON_STRING
                            : c == 't' || c == 'f' ? KEEL_JSON_BOOL
                            : c == 'n'             ? KEEL_JSON_NULL
                                                   : KEEL_JSON_NUMBER);
    if (!v)
        return keel_error_nomem(ps->err);
    *out = v;
    switch (v->kind) {
    case KEEL_JSON_OBJECT:
    case KEEL_JSON_ARRAY:
        return parse_members(ps, depth, v, v->kind == KEEL_JSON_OBJECT);
    case KEEL_JSON_STRING:
        return parse_string(ps, &v->text);
    case KEEL_JSON_BOOL:
        v->boolean = c == 't';
        return literal(ps, v->boolean ? "true" : "false") ? KEEL_OK
                                                           : fail(ps, "unexpected word");
    case KEEL_JSON_NULL:
        return literal(ps, "null") ? KEEL_OK : fail(ps, "unexpected word");
    default:
        return parse_number(ps, v);
    }
}

keel_status keel_json_parse(const char *name, const char *text, size_t len,
                            keel_json_doc *doc, keel_error *err)
{
    *doc = (keel_json_doc){0};
    parser ps = {.name = name ? name : "(json)", .s = text, .end = text + len, .line = 1,
                 .err = err};
    if (memchr(text, '\0', len))
        return fail(&ps, "the text contains a NUL byte");
    if (!(ps.arena = keel_arena_new()))
        return keel_error_nomem(err);
    keel_json *root = NULL;
    keel_status st = parse_value(&ps, 0, &root);
    if (st == KEEL_OK) {
        skip_space(&ps);
        if (ps.s != ps.end)
            st = fail(&ps, "text after the end of the value");
    }
    if (st != KEEL_OK) {
        keel_arena_free(ps.arena);
        return st;
    }
    doc->arena = ps.arena;
    doc->root = root;
    return KEEL_OK;
}

void keel_json_doc_free(keel_json_doc *doc)
{
    if (!doc)
        return;
    keel_arena_free(doc->arena);
    *doc = (keel_json_doc){0};
}

const keel_json *keel_json_get(const keel_json *o, const char *key)
{
    if (!o || o->kind != KEEL_JSON_OBJECT)
        return NULL;
    for (int i = 0; i < o->n; i++)
        if (strcmp(o->keys[i], key) == 0)
            return o->items[i];
    return NULL;
}

bool keel_json_int(const keel_json *v, int64_t *out)
{
    if (!v || v->kind != KEEL_JSON_NUMBER || strpbrk(v->text, ".eE"))
        return false;
    errno = 0;
    char *end;
    long long x = strtoll(v->text, &end, 10);
    if (*end || errno == ERANGE)
        return false;
    *out = x;
    return true;
}
