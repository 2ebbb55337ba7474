/* SPDX-License-Identifier: GPL-3.0-or-later
 * The byte patcher (see mspdi_fast.h). The document was well-formed when it
 * was read; the tokenizer still checks every bound and gives the document to
 * the tree writer on anything unexpected. The children of the element being
 * patched are a linked list of items (elements, blank or other text, other
 * markup) that mirrors libxml2's child list, so an insertion lands exactly
 * where the tree writer puts it, with the same copied indentation (the blank
 * text just before the sibling it goes next to). The list then becomes edits
 * (offset, bytes removed, bytes added) applied in one pass over the input.
 */
#include "write/mspdi_fast.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/error.h"
#include "base/strbuf.h"

#define KINDS 3
#define RANKS 160
#define HASH_SLOTS 512

/* One child of the element being patched. */
typedef struct item {
    int prev, next;       /* list links, -1 at the ends */
    unsigned char kind;   /* ITEM_* */
    bool added;           /* inserted by the patch (then start/end: copied blank) */
    bool empty;           /* an element written <x/> */
    bool plain;           /* an element whose content has no markup or reference */
    short rank;           /* an element's rank in the parent's sequence, -1 unknown */
    size_t start, end;    /* the node's bytes */
    size_t cstart, cend;  /* an element's content */
    long value;           /* new content: offset in the pool, or -1 */
} item;

enum { ITEM_ELEMENT, ITEM_TEXT, ITEM_OTHER };

/* The children of one element. */
typedef struct kids {
    keel_parent_kind kind;
    item *items;
    int n, cap, head, tail;
    size_t cstart; /* where the content starts: after the start tag */
    int first[RANKS]; /* first element of each rank, -1 */
} kids;

typedef struct edit {
    size_t at, del;  /* replaces del bytes at at */
    size_t text, n;  /* with n bytes of the pool (or of the input) at text */
    bool from_input;
} edit;

/* A name of a sequence in the hash table. */
typedef struct slot {
    const char *name;
    size_t len;
    short rank;
} slot;

typedef struct fast {
    const char *src;
    size_t len;
    const keel_patcher *w;
    kids root, kid;
    edit *edits;
    size_t nedits, capedits, body; /* edits[body..]: the root's */
    keel_strbuf pool; /* new texts, each NUL-terminated */
    bool refuse, nomem;
    short field_rank[KINDS][KEEL_F_COUNT];
    slot table[KINDS][HASH_SLOTS];
} fast;

/* A markup node at '<': a start or end tag, or other (comment, PI, CDATA). */
typedef struct tag {
    size_t start, end; /* '<' .. after '>' */
    size_t name, nlen;
    bool close, empty, other;
} tag;

/* ------------------------------------------------------------ names */

static size_t hash(const char *s, size_t n)
{
    size_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

static void names_init(fast *f)
{
    for (int k = 0; k < KINDS; k++) {
        const char *const *order = keel_mspdi_order((keel_parent_kind)k);
        for (int r = 0; order[r] && r < RANKS; r++) {
            size_t n = strlen(order[r]), i = hash(order[r], n) % HASH_SLOTS;
            while (f->table[k][i].name && strcmp(f->table[k][i].name, order[r]) != 0)
                i = (i + 1) % HASH_SLOTS;
            if (!f->table[k][i].name) /* the first rank of a name counts */
                f->table[k][i] = (slot){order[r], n, (short)r};
        }
        for (int x = 0; x < KEEL_F_COUNT; x++)
            f->field_rank[k][x] =
                (short)keel_mspdi_order_rank((keel_parent_kind)k, keel_field_name((keel_field)x));
    }
}

static short name_rank(const fast *f, keel_parent_kind k, const char *s, size_t n)
{
    for (size_t i = hash(s, n) % HASH_SLOTS; f->table[k][i].name; i = (i + 1) % HASH_SLOTS)
        if (f->table[k][i].len == n && memcmp(f->table[k][i].name, s, n) == 0)
            return f->table[k][i].rank;
    return -1;
}

/* ------------------------------------------------------------ tokenizer */

/* Position after the first `pat` in [from, to), or 0 when there is none. */
static size_t after_in(const fast *f, size_t from, size_t to, const char *pat)
{
    size_t m = strlen(pat);
    while (from + m <= to) {
        const char *hit = memchr(f->src + from, pat[0], to - from - m + 1);
        if (!hit)
            return 0;
        size_t at = (size_t)(hit - f->src);
        if (memcmp(hit, pat, m) == 0)
            return at + m;
        from = at + 1;
    }
    return 0;
}

static size_t after(const fast *f, size_t from, const char *pat)
{
    return after_in(f, from, f->len, pat);
}

static bool starts(const fast *f, size_t at, const char *pat)
{
    size_t m = strlen(pat);
    return at + m <= f->len && memcmp(f->src + at, pat, m) == 0;
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The rest of a tag after its name: attributes (quoted values may hold '>'),
 * then '>' or "/>". */
static bool tag_end(const fast *f, size_t i, tag *t)
{
    while (i < f->len) {
        char c = f->src[i];
        if (c == '"' || c == '\'') {
            const char *q = memchr(f->src + i + 1, c, f->len - i - 1);
            if (!q)
                return false;
            i = (size_t)(q - f->src) + 1;
        } else if (c == '>') {
            t->end = i + 1;
            return true;
        } else if (c == '/' && !t->close && i + 1 < f->len && f->src[i + 1] == '>') {
            t->empty = true;
            t->end = i + 2;
            return true;
        } else if (c == '<') {
            return false;
        } else {
            i++;
        }
    }
    return false;
}

/* A comment, CDATA section or PI at pos: its end, or 0 (also for a
 * DOCTYPE or other declaration, which the patcher leaves to the tree). */
static size_t other_end(const fast *f, size_t pos)
{
    if (starts(f, pos, "<!--"))
        return after(f, pos + 4, "-->");
    if (starts(f, pos, "<![CDATA["))
        return after(f, pos + 9, "]]>");
    if (starts(f, pos, "<?"))
        return after(f, pos + 2, "?>");
    return 0;
}

/* The node at pos (which holds '<'). false: malformed, or a DOCTYPE. */
static bool read_node(const fast *f, size_t pos, tag *t)
{
    *t = (tag){.start = pos};
    size_t i = pos + 1;
    if (i < f->len && (f->src[i] == '!' || f->src[i] == '?')) {
        t->other = true;
        t->end = other_end(f, pos);
        return t->end != 0;
    }
    if (i < f->len && f->src[i] == '/') {
        t->close = true;
        i++;
    }
    t->name = i;
    while (i < f->len && !is_blank(f->src[i]) && f->src[i] != '/' && f->src[i] != '>' &&
           f->src[i] != '<')
        i++;
    t->nlen = i - t->name;
    return t->nlen > 0 && tag_end(f, i, t);
}

static bool tag_is(const fast *f, const tag *t, const char *name)
{
    return t->nlen == strlen(name) && memcmp(f->src + t->name, name, t->nlen) == 0;
}

static bool same_name(const fast *f, const tag *a, const tag *b)
{
    return a->nlen == b->nlen && memcmp(f->src + a->name, f->src + b->name, a->nlen) == 0;
}

static bool prefixed(const fast *f, const tag *t)
{
    return memchr(f->src + t->name, ':', t->nlen) != NULL;
}

/* The next node at or after pos, past any text; false at the end of input
 * or on a malformed node. */
static bool next_node(const fast *f, size_t pos, tag *t)
{
    const char *lt = pos < f->len ? memchr(f->src + pos, '<', f->len - pos) : NULL;
    return lt && read_node(f, (size_t)(lt - f->src), t);
}

/* Skips the element whose start tag is open: *end after its end tag. */
static bool skip_element(const fast *f, const tag *open, size_t *end)
{
    int depth = 1;
    size_t pos = open->end;
    tag t;
    if (open->empty) {
        *end = open->end;
        return true;
    }
    while (next_node(f, pos, &t)) {
        pos = t.end;
        if (t.other || t.empty)
            continue;
        depth += t.close ? -1 : 1;
        if (depth == 0) {
            *end = t.end;
            return same_name(f, open, &t);
        }
    }
    return false;
}

/* ------------------------------------------------------------ children */

static int new_item(fast *f, kids *k, item it)
{
    if (k->n == k->cap) {
        int cap = k->cap ? 2 * k->cap : 64;
        item *x = realloc(k->items, (size_t)cap * sizeof *x);
        if (!x) {
            f->nomem = true;
            return -1;
        }
        k->items = x;
        k->cap = cap;
    }
    it.prev = it.next = -1;
    k->items[k->n] = it;
    return k->n++;
}

/* Links item i into k's list after item at (-1: at the head). */
static void link_after(kids *k, int at, int i)
{
    item *it = &k->items[i];
    it->prev = at;
    it->next = at >= 0 ? k->items[at].next : k->head;
    if (it->next >= 0)
        k->items[it->next].prev = i;
    else
        k->tail = i;
    if (at >= 0)
        k->items[at].next = i;
    else
        k->head = i;
}

static bool append(fast *f, kids *k, item it)
{
    int i = new_item(f, k, it);
    if (i < 0)
        return false;
    link_after(k, k->tail, i);
    if (it.kind == ITEM_ELEMENT && it.rank >= 0 && k->first[it.rank] < 0)
        k->first[it.rank] = i;
    return true;
}

static void kids_reset(kids *k, keel_parent_kind kind, size_t cstart)
{
    k->kind = kind;
    k->n = 0;
    k->head = k->tail = -1;
    k->cstart = cstart;
    memset(k->first, -1, sizeof k->first);
}

/* Where the content of element open ends when it is plain text right up to
 * its own end tag "</name>" (0 otherwise); *end after that end tag. */
static size_t plain_end(const fast *f, const tag *open, size_t *end)
{
    const char *lt = memchr(f->src + open->end, '<', f->len - open->end);
    size_t at = lt ? (size_t)(lt - f->src) : 0, n = open->nlen;
    if (!lt || at + n + 3 > f->len || f->src[at + 1] != '/' ||
        memcmp(f->src + at + 2, f->src + open->name, n) != 0)
        return 0;
    size_t i = at + 2 + n;
    while (i < f->len && is_blank(f->src[i]))
        i++;
    if (i >= f->len || f->src[i] != '>')
        return 0;
    *end = i + 1;
    return at;
}

/* A child element of the patched element: its content is plain when the
 * next markup is its own end tag and it holds no reference. */
static bool read_field(fast *f, const tag *open, item *it)
{
    it->empty = open->empty;
    it->cstart = it->cend = open->end;
    it->plain = open->empty;
    size_t at = open->empty ? 0 : plain_end(f, open, &it->end);
    if (at) {
        it->cend = at;
        it->plain = !memchr(f->src + it->cstart, '&', at - it->cstart);
        return true;
    }
    return skip_element(f, open, &it->end);
}

/* A text run between two nodes: blanks, or other text; a reference in it
 * would make the tree's idea of blank differ from the bytes'. */
static bool read_text(fast *f, kids *k, size_t a, size_t b)
{
    if (a == b)
        return true;
    if (memchr(f->src + a, '&', b - a)) {
        f->refuse = true;
        return false;
    }
    return append(f, k, (item){.kind = ITEM_TEXT, .start = a, .end = b, .value = -1});
}

/* Walks a child element of the root that is a <Tasks> or <Assignments>
 * list (*walked then true). */
static bool descend(fast *f, const tag *t, size_t *end, bool *walked);

/* One child element of the element being read. */
static bool read_child(fast *f, const kids *k, const tag *t, item *it)
{
    bool walked = false;
    if (prefixed(f, t))
        return false;
    *it = (item){.kind = ITEM_ELEMENT, .start = t->start, .value = -1};
    if (k->kind == KEEL_PARENT_PROJECT && !descend(f, t, &it->end, &walked))
        return false;
    if (!walked && !read_field(f, t, it))
        return false;
    it->rank = name_rank(f, k->kind, f->src + t->name, t->nlen);
    return true;
}

/* Reads the children of the element whose start tag is open into k; *end:
 * after its end tag. */
static bool read_kids(fast *f, kids *k, const tag *open, keel_parent_kind kind, size_t *end)
{
    kids_reset(k, kind, open->end);
    size_t pos = open->end;
    tag t;
    if (open->empty) {
        *end = open->end;
        return true;
    }
    while (next_node(f, pos, &t)) {
        if (!read_text(f, k, pos, t.start))
            return false;
        if (t.close) {
            *end = t.end;
            return same_name(f, open, &t);
        }
        item it = {.kind = ITEM_OTHER, .start = t.start, .end = t.end, .value = -1};
        if (!t.other && !read_child(f, k, &t, &it))
            return false;
        if (!append(f, k, it))
            return false;
        pos = it.end;
    }
    return false;
}

/* ------------------------------------------------------------ edits */

/* Copies s (n bytes) into the pool, NUL-terminated: its offset, or -1. */
static long pool_add(fast *f, const char *s, size_t n)
{
    long at = (long)f->pool.len;
    keel_strbuf_add(&f->pool, s, n);
    keel_strbuf_add(&f->pool, "", 1);
    f->nomem = f->nomem || !keel_strbuf_ok(&f->pool);
    return f->nomem ? -1 : at;
}

static bool add_edit(fast *f, size_t at, size_t del, size_t text, size_t n, bool from_input)
{
    if (f->nedits == f->capedits) {
        size_t cap = f->capedits ? 2 * f->capedits : 256;
        edit *x = realloc(f->edits, cap * sizeof *x);
        if (!x) {
            f->nomem = true;
            return false;
        }
        f->edits = x;
        f->capedits = cap;
    }
    f->edits[f->nedits] = (edit){at, del, text, n, from_input};
    f->nedits++;
    return true;
}

static void put(char *to, size_t *w, const char *s, size_t n)
{
    memcpy(to + *w, s, n);
    *w += n;
}

/* "<name>value</name>", or ">value</name>" closing an empty element; the
 * value is at offset value of the pool (copied first: the pool may move). */
static bool add_element_text(fast *f, size_t at, size_t del, const char *name, size_t value,
                             bool open)
{
    char v[64];
    size_t nv = strlen(f->pool.data + value), start = f->pool.len;
    if (nv >= sizeof v) { /* keel's values are dates and numbers */
        f->refuse = true;
        return false;
    }
    memcpy(v, f->pool.data + value, nv);
    if (open) {
        keel_strbuf_add(&f->pool, "<", 1);
        keel_strbuf_puts(&f->pool, name);
    }
    keel_strbuf_add(&f->pool, ">", 1);
    keel_strbuf_add(&f->pool, v, nv);
    keel_strbuf_add(&f->pool, "</", 2);
    keel_strbuf_puts(&f->pool, name);
    keel_strbuf_add(&f->pool, ">", 1);
    f->nomem = f->nomem || !keel_strbuf_ok(&f->pool);
    return !f->nomem && add_edit(f, at, del, start, f->pool.len - start, false);
}

/* The edits that turn k's original children into its patched list. */
static bool emit_kids(fast *f, const kids *k)
{
    const char *const *order = keel_mspdi_order(k->kind);
    size_t at = k->cstart;
    for (int i = k->head; i >= 0; i = k->items[i].next) {
        const item *it = &k->items[i];
        bool value = it->value >= 0, ok = true;
        size_t v = value ? (size_t)it->value : 0;
        if (!it->added && value && it->empty)
            ok = add_element_text(f, it->end - 2, 2, order[it->rank], v, false);
        else if (!it->added && value)
            ok = add_edit(f, it->cstart, it->cend - it->cstart, v, strlen(f->pool.data + v), false);
        else if (it->added && it->kind == ITEM_ELEMENT)
            ok = add_element_text(f, at, 0, order[it->rank], v, true);
        else if (it->added)
            ok = add_edit(f, at, 0, it->start, it->end - it->start, true);
        if (!ok)
            return false;
        if (!it->added)
            at = it->end;
    }
    return true;
}

/* ------------------------------------------------------------ keel_patch_doc */

/* The current text of element item it (new value or plain content);
 * NULL (and the document refused) for content with markup or references. */
static const char *item_text(fast *f, const item *it, size_t *n)
{
    if (it->value >= 0) {
        *n = strlen(f->pool.data + it->value);
        return f->pool.data + it->value;
    }
    if (!it->plain) {
        f->refuse = true;
        return NULL;
    }
    *n = it->cend - it->cstart;
    return f->src + it->cstart;
}

/* The first child f of k, or NULL (refusing a field outside the sequence). */
static item *field(fast *f, kids *k, keel_field x)
{
    int r = f->field_rank[k->kind][x];
    if (r < 0 || r >= RANKS) {
        f->refuse = true;
        return NULL;
    }
    return k->first[r] >= 0 ? &k->items[k->first[r]] : NULL;
}

static int64_t fast_text(void *doc, void *node, keel_field x, char *buf, size_t size)
{
    fast *f = doc;
    item *it = field(f, node, x);
    size_t n = 0;
    const char *s = it ? item_text(f, it, &n) : NULL;
    if (!s)
        return -1;
    if (buf) {
        size_t cut = n < size ? n : size - 1;
        memcpy(buf, s, cut);
        buf[cut] = '\0';
    }
    return (int64_t)n;
}

static bool blank_item(const fast *f, const kids *k, int i)
{
    if (i < 0 || k->items[i].kind != ITEM_TEXT)
        return false;
    for (size_t j = k->items[i].start; j < k->items[i].end; j++)
        if (!is_blank(f->src[j]))
            return false;
    return true;
}

/* insert_child of the tree writer, on the item list. */
static bool insert_item(fast *f, kids *k, int r, const char *value)
{
    int later = -1, last = -1;
    for (int i = k->head; i >= 0; i = k->items[i].next) {
        if (k->items[i].kind != ITEM_ELEMENT)
            continue;
        if (later < 0 && k->items[i].rank > r)
            later = i;
        last = i;
    }
    int anchor = later >= 0 ? later : last;
    long v = pool_add(f, value, strlen(value));
    if (anchor < 0 || v < 0) { /* no element to stand next to: the tree decides */
        f->refuse = f->refuse || anchor < 0;
        return false;
    }
    int before = k->items[anchor].prev, ws = -1;
    int e = new_item(f, k, (item){.kind = ITEM_ELEMENT, .added = true, .rank = (short)r,
                                  .value = v});
    if (e >= 0 && blank_item(f, k, before))
        ws = new_item(f, k, (item){.kind = ITEM_TEXT, .added = true, .value = -1,
                                   .start = k->items[before].start,
                                   .end = k->items[before].end});
    if (e < 0 || (blank_item(f, k, before) && ws < 0))
        return false;
    if (later >= 0) { /* e ws later */
        link_after(k, k->items[later].prev, e);
        if (ws >= 0)
            link_after(k, e, ws);
    } else { /* last ws e */
        if (ws >= 0)
            link_after(k, last, ws);
        link_after(k, ws >= 0 ? ws : last, e);
    }
    k->first[r] = e;
    return true;
}

static bool fast_set(void *doc, void *node, keel_parent_kind kind, keel_field x,
                     const char *value, bool insert)
{
    fast *f = doc;
    kids *k = node;
    (void)kind;
    item *it = f->refuse ? NULL : field(f, k, x);
    if (f->refuse)
        return false;
    if (!it)
        return insert ? insert_item(f, k, f->field_rank[k->kind][x], value) : true;
    size_t n;
    const char *old = item_text(f, it, &n);
    if (!old)
        return false;
    if (n == strlen(value) && memcmp(old, value, n) == 0)
        return true;
    long v = pool_add(f, value, strlen(value));
    if (v < 0)
        return false;
    it->value = v;
    return true;
}

/* ------------------------------------------------------------ walk */

/* Reads one Task / Assignment, patches it and records its edits. */
static bool patch_one(fast *f, const tag *t, keel_parent_kind kind, size_t *end)
{
    keel_patch_doc d = {fast_text, fast_set, f};
    if (!read_kids(f, &f->kid, t, kind, end))
        return false;
    bool ok = kind == KEEL_PARENT_TASK ? keel_patch_task(f->w, &d, &f->kid)
                                       : keel_patch_assignment(f->w, &d, &f->kid);
    return ok && !f->refuse && emit_kids(f, &f->kid);
}

/* Walks the children of a <Tasks> / <Assignments> element. */
static bool walk_list(fast *f, const tag *open, const char *name, keel_parent_kind kind,
                      size_t *end)
{
    size_t pos = open->end;
    tag t;
    if (open->empty) {
        *end = open->end;
        return true;
    }
    while (next_node(f, pos, &t)) {
        if (t.close) {
            *end = t.end;
            return same_name(f, open, &t);
        }
        if (!t.other && prefixed(f, &t))
            return false;
        if (t.other)
            pos = t.end;
        else if (tag_is(f, &t, name) ? !patch_one(f, &t, kind, &pos)
                                     : !skip_element(f, &t, &pos))
            return false;
    }
    return false;
}

/* Every <Tasks> and <Assignments> list is patched, as in the tree: the
 * reader reads them all, so a task in a second list moves too. */
static bool descend(fast *f, const tag *t, size_t *end, bool *walked)
{
    if (tag_is(f, t, "Tasks")) {
        *walked = true;
        return walk_list(f, t, "Task", KEEL_PARENT_TASK, end);
    }
    if (tag_is(f, t, "Assignments")) {
        *walked = true;
        return walk_list(f, t, "Assignment", KEEL_PARENT_ASSIGNMENT, end);
    }
    return true;
}

/* ------------------------------------------------------------ document */

/* The encodings whose bytes the patcher may copy: ASCII-compatible ones
 * in which an ASCII byte is always that ASCII character. */
static bool encoding_ok(const fast *f, size_t a, size_t b, bool bom)
{
    static const char *const ok[] = {"UTF-8", "UTF8", "US-ASCII", "ASCII", "ISO-8859-1",
                                     "ISO_8859-1", "LATIN1", "ISO-LATIN-1"};
    size_t i = after_in(f, a, b, "encoding");
    if (!i)
        return true; /* none declared: UTF-8 */
    while (i < b && (is_blank(f->src[i]) || f->src[i] == '='))
        i++;
    if (i >= b || (f->src[i] != '"' && f->src[i] != '\''))
        return false;
    const char *q = memchr(f->src + i + 1, f->src[i], b - i - 1);
    size_t n = q ? (size_t)(q - f->src) - i - 1 : 0;
    for (size_t k = 0; q && k < sizeof ok / sizeof *ok && (!bom || k < 2); k++)
        if (strlen(ok[k]) == n && strncasecmp(ok[k], f->src + i + 1, n) == 0)
            return true;
    return false;
}

/* The root's start tag after the XML declaration, comments and PIs; false
 * for another encoding, a DOCTYPE or anything unexpected. */
static bool prolog(const fast *f, tag *root)
{
    bool bom = starts(f, 0, "\xEF\xBB\xBF");
    size_t i = bom ? 3 : 0;
    if (memchr(f->src, '\0', f->len < 4 ? f->len : 4)) /* UTF-16, UCS-4 */
        return false;
    if (starts(f, i, "<?xml") && i + 5 < f->len && is_blank(f->src[i + 5])) {
        size_t end = after(f, i, "?>");
        if (!end || !encoding_ok(f, i, end, bom))
            return false;
        i = end;
    }
    for (;;) {
        while (i < f->len && is_blank(f->src[i]))
            i++;
        if (i >= f->len || f->src[i] != '<' || !read_node(f, i, root) || root->close)
            return false;
        if (!root->other)
            return true;
        i = root->end;
    }
}

/* The next edit in input order: the Tasks' and Assignments' edits come in
 * order, and so do the root's after them (from f->body on); a merge. */
static const edit *next_edit(const fast *f, size_t *a, size_t *b)
{
    bool first = *a < f->body &&
                 (*b >= f->nedits || f->edits[*a].at <= f->edits[*b].at);
    if (first)
        return &f->edits[(*a)++];
    return *b < f->nedits ? &f->edits[(*b)++] : NULL;
}

/* The input with the edits applied, malloc'd. */
static bool assemble(fast *f, char **out, size_t *len)
{
    size_t total = f->len, pos = 0, w = 0, a = 0, b = f->body;
    for (const edit *e; (e = next_edit(f, &a, &b));) {
        if (e->at < pos || e->at + e->del > f->len) { /* overlapping: a bug, not for bytes */
            f->refuse = true;
            return false;
        }
        pos = e->at + e->del;
        total += e->n - e->del;
    }
    char *o = malloc(total + 1);
    if (!o) {
        f->nomem = true;
        return false;
    }
    pos = 0;
    a = 0;
    b = f->body;
    for (const edit *e; (e = next_edit(f, &a, &b));) {
        put(o, &w, f->src + pos, e->at - pos);
        put(o, &w, (e->from_input ? f->src : f->pool.data) + e->text, e->n);
        pos = e->at + e->del;
    }
    put(o, &w, f->src + pos, f->len - pos);
    o[w] = '\0';
    *out = o;
    *len = w;
    return true;
}

static bool render(fast *f, char **out, size_t *len)
{
    keel_patch_doc d = {fast_text, fast_set, f};
    tag root;
    size_t end;
    return prolog(f, &root) && tag_is(f, &root, "Project") &&
           read_kids(f, &f->root, &root, KEEL_PARENT_PROJECT, &end) &&
           keel_patch_project(f->w, &d, &f->root) && !f->refuse &&
           (f->body = f->nedits, emit_kids(f, &f->root)) &&
           assemble(f, out, len);
}

keel_status keel_mspdi_render_fast(const keel_patcher *w, char **out, size_t *len, bool *done,
                                   keel_error *err)
{
    const keel_project *pr = &w->p->projects[w->project];
    *out = NULL;
    *len = 0;
    *done = false;
    fast *f = calloc(1, sizeof *f);
    if (!f)
        return keel_error_nomem(err);
    f->src = pr->source;
    f->len = pr->source ? pr->source_len : 0;
    f->w = w;
    names_init(f);
    *done = render(f, out, len);
    bool nomem = f->nomem;
    free(f->root.items);
    free(f->kid.items);
    free(f->edits);
    keel_strbuf_free(&f->pool);
    free(f);
    return nomem ? keel_error_nomem(err) : KEEL_OK;
}
