/* SPDX-License-Identifier: GPL-3.0-or-later
 * A small, strict JSON reader (RFC 8259) for the files keel writes and reads
 * back, such as what-if shard results: the whole document becomes a tree of
 * nodes in one arena. Errors name the file and line ("shard.json:3: ...").
 * Nesting is limited (KEEL_JSON_MAX_DEPTH) so that hostile input cannot
 * exhaust the stack; strings are UTF-8, \u escapes are decoded (surrogate
 * pairs included), NUL characters are refused.
 */
#ifndef KEEL_JSON_H
#define KEEL_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "keel.h"

#define KEEL_JSON_MAX_DEPTH 64

typedef enum keel_json_kind {
    KEEL_JSON_NULL,
    KEEL_JSON_BOOL,
    KEEL_JSON_NUMBER,
    KEEL_JSON_STRING,
    KEEL_JSON_ARRAY,
    KEEL_JSON_OBJECT,
} keel_json_kind;

typedef struct keel_json keel_json;
struct keel_json {
    keel_json_kind kind;
    int line;               /* where the value starts */
    bool boolean;
    double number;
    const char *text;       /* STRING: the value; NUMBER: its text as written */
    int n;                  /* ARRAY, OBJECT: members */
    keel_json **items;      /* [n] */
    const char **keys;      /* OBJECT: [n] */
};

typedef struct keel_json_doc {
    keel_arena *arena;      /* owns every node and string */
    keel_json *root;
} keel_json_doc;

/* Parses text[0..len) (name is used in messages). On success doc is the
 * caller's (keel_json_doc_free). Fails with KEEL_ERR_PARSE ("name:line:
 * problem") or KEEL_ERR_NOMEM; then doc holds nothing. */
keel_status keel_json_parse(const char *name, const char *text, size_t len,
                            keel_json_doc *doc, keel_error *err);
void keel_json_doc_free(keel_json_doc *doc);

/* Member `key` of an object, or NULL (also when o is not an object). */
const keel_json *keel_json_get(const keel_json *o, const char *key);
/* The value as an integer: a NUMBER written without fraction or exponent
 * that fits int64_t. Returns false otherwise. */
bool keel_json_int(const keel_json *v, int64_t *out);

#endif
