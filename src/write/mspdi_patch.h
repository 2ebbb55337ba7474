/* SPDX-License-Identifier: GPL-3.0-or-later
 * What the MSPDI writer changes in a project's document, independent of how
 * the document is held: the rules of mspdi_write.h (leveled dates, delays,
 * CPM fields, PreLeveled dates, assignment dates, project FinishDate) decided
 * per element through a small interface (read a child's text, set or insert a
 * child). Two documents implement it: the libxml2 tree (mspdi_write.c) and
 * the byte patcher (mspdi_fast.c); both therefore make the same decisions.
 */
#ifndef KEEL_MSPDI_PATCH_H
#define KEEL_MSPDI_PATCH_H

#include <stdbool.h>
#include <stdint.h>

#include "analysis/leveled.h"
#include "keel.h"
#include "model/model.h"

/* The element whose children a rule reads or writes. */
typedef enum { KEEL_PARENT_PROJECT, KEEL_PARENT_TASK, KEEL_PARENT_ASSIGNMENT } keel_parent_kind;

/* The child elements the writer reads or writes (names in keel_field_name). */
typedef enum {
    KEEL_F_UID,
    KEEL_F_TASK_UID,
    KEEL_F_START,
    KEEL_F_FINISH,
    KEEL_F_DURATION,
    KEEL_F_EARLY_START,
    KEEL_F_EARLY_FINISH,
    KEEL_F_LATE_START,
    KEEL_F_LATE_FINISH,
    KEEL_F_FREE_SLACK,
    KEEL_F_TOTAL_SLACK,
    KEEL_F_START_SLACK,
    KEEL_F_FINISH_SLACK,
    KEEL_F_LEVELING_DELAY,
    KEEL_F_LEVELING_DELAY_FORMAT,
    KEEL_F_PRE_LEVELED_START,
    KEEL_F_PRE_LEVELED_FINISH,
    KEEL_F_ACTUAL_START,
    KEEL_F_START_DATE,
    KEEL_F_FINISH_DATE,
    KEEL_F_COUNT
} keel_field;

/* A document the rules patch. text: the length of the whole text of node's
 * first child element f (its own text and CDATA, as the reader's
 * keel_xml_text before trimming), or -1
 * when there is none; when buf is not NULL the text is copied into it, cut to
 * size - 1 bytes and NUL-terminated. set: gives node's first child f the text
 * value unless it reads so already; when there is none and insert is true,
 * inserts <f>value</f> where the element sequence of kind puts it (before the
 * first sibling later in the sequence, else after the last element),
 * indented like its neighbours. set returns false to stop patching (out of
 * memory, or a document that cannot take the change). */
typedef struct keel_patch_doc {
    int64_t (*text)(void *doc, void *node, keel_field f, char *buf, size_t size);
    bool (*set)(void *doc, void *node, keel_parent_kind kind, keel_field f, const char *value,
                bool insert);
    void *doc;
} keel_patch_doc;

/* One project's patch: the portfolio, the leveled dates and a UID -> task
 * map of the project. */
typedef struct keel_patcher {
    const keel_portfolio *p;
    int project;
    const keel_leveled *lv;
    bool have_before;
    int32_t *uids; /* the project's task UIDs, sorted, paired with index */
    int *index;
} keel_patcher;

/* Sets up w for project `project` (arguments checked by the caller). Fails
 * with KEEL_ERR_NOMEM; keel_patcher_free is safe after a failure. */
keel_status keel_patcher_init(keel_patcher *w, const keel_portfolio *p, int project,
                              const keel_leveled *lv, bool have_before, keel_error *err);
void keel_patcher_free(keel_patcher *w);

/* The rules for the root <Project>, one <Task>, one <Assignment>. Return
 * false when d's set did. */
bool keel_patch_project(const keel_patcher *w, const keel_patch_doc *d, void *root);
bool keel_patch_task(const keel_patcher *w, const keel_patch_doc *d, void *task);
bool keel_patch_assignment(const keel_patcher *w, const keel_patch_doc *d, void *asg);

/* The element name of f; the children of kind in sequence order
 * (NULL-terminated); the position of name in it, or -1. */
const char *keel_field_name(keel_field f);
const char *const *keel_mspdi_order(keel_parent_kind kind);
int keel_mspdi_order_rank(keel_parent_kind kind, const char *name);

#endif
