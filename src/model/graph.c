/* SPDX-License-Identifier: GPL-3.0-or-later
 * The precedence graph of the portfolio: cross-project links resolved, links on
 * summary tasks expanded to their leaves as MS Project applies them (a summary
 * spans its leaves: a link into one binds every leaf; a link from its finish
 * waits for every leaf, a link from its start for the earliest leaf, which
 * makes a group of links, see keel_link.group), adjacency lists, and a
 * topological order by Kahn's algorithm. A cycle is an error that lists its
 * tasks.
 */
#include <stdio.h>
#include <string.h>

#include "base/error.h"
#include "model/finish.h"

typedef KEEL_VEC(keel_link) link_vec;

static const char *file_of(const keel_portfolio *p, int task)
{
    const keel_project *pr = &p->projects[p->tasks[task].project];
    return pr->file ? pr->file : pr->name;
}

/* end[i]: one past the last task of i's subtree (tasks are in outline order). */
static int *subtree_ends(const keel_portfolio *p)
{
    int *end = keel_arena_alloc(p->arena, sizeof(int) * (size_t)(p->ntasks + 1));
    if (!end)
        return NULL;
    for (int i = 0; i < p->ntasks; i++)
        end[i] = i + 1;
    for (int i = 0; i < p->ntasks; i++)
        for (int a = p->tasks[i].parent; a >= 0; a = p->tasks[a].parent)
            if (end[a] < i + 1)
                end[a] = i + 1;
    return end;
}

static keel_status resolve_external(keel_builder *b, keel_portfolio *p, keel_error *err)
{
    for (size_t k = 0; k < b->external_links.len; k++) {
        const keel_external_link *x = &b->external_links.data[k];
        int proj = -1;
        for (int j = 0; j < p->nprojects; j++)
            if (strcmp(p->projects[j].name, x->project) == 0)
                proj = j;
        if (proj < 0) {
            if (!keel_builder_warn(b, file_of(p, x->succ), x->line,
                                   "cross-project link to '%s' ignored: project not loaded",
                                   x->project))
                return keel_error_nomem(err);
            continue;
        }
        const keel_project *pr = &p->projects[proj];
        int pred = -1;
        for (int t = pr->first_task; t < pr->first_task + pr->ntasks; t++)
            if (p->tasks[t].id == x->pred_id)
                pred = t;
        if (pred < 0)
            return keel_error_set(err, KEEL_ERR_PARSE, file_of(p, x->succ), x->line,
                                  "cross-project link: task ID %d does not exist in '%s'",
                                  x->pred_id, x->project);
        keel_link l = {.pred = pred, .succ = x->succ, .type = x->type, .lag_kind = x->lag_kind,
                       .lag = x->lag, .line = x->line};
        if (!KEEL_VEC_PUSH(&b->links, l))
            return keel_error_nomem(err);
    }
    return KEEL_OK;
}

static keel_status self_link(const keel_portfolio *p, int task, int line, keel_error *err)
{
    return keel_error_set(err, KEEL_ERR_CYCLE, file_of(p, task), line,
                          "task UID %d '%s': linked to itself or its summary",
                          p->tasks[task].uid, p->tasks[task].name);
}

/* Adds the links between the leaves of l.pred and the leaves of l.succ. A
 * link into a summary binds each of its leaves (the summary starts with its
 * first leaf and ends with its last). A link out of a summary measures from the
 * summary's finish (its latest leaf: every leaf binds) or its start (its
 * earliest leaf: the links to one successor leaf form a group that binds by
 * its least date). Group links are pushed adjacent, successor leaf by
 * successor leaf. */
static keel_status expand_link(const keel_portfolio *p, const int *end, keel_link l,
                               link_vec *out, keel_error *err)
{
    bool grouped = p->tasks[l.pred].summary && !keel_link_from_finish(l.type);
    l.src_pred = l.pred;
    l.src_succ = l.succ;
    for (int c = l.succ; c < end[l.succ]; c++) {
        if (p->tasks[c].summary)
            continue;
        int first = (int)out->len;
        for (int a = l.pred; a < end[l.pred]; a++) {
            if (p->tasks[a].summary)
                continue;
            if (a == c)
                return self_link(p, a, l.line, err);
            keel_link e = l;
            e.pred = a;
            e.succ = c;
            e.group = grouped ? first : -1;
            if (!KEEL_VEC_PUSH(out, e))
                return keel_error_nomem(err);
        }
    }
    return KEEL_OK;
}

static keel_status expand_links(const keel_builder *b, keel_portfolio *p, keel_error *err)
{
    int *end = subtree_ends(p);
    if (!end)
        return keel_error_nomem(err);
    link_vec out = {0};
    keel_status st = KEEL_OK;
    for (size_t i = 0; i < b->links.len && st == KEEL_OK; i++)
        st = expand_link(p, end, b->links.data[i], &out, err);
    if (st == KEEL_OK) {
        p->nlinks = (int)out.len;
        p->links = keel_arena_dup(p->arena, out.data, out.len, sizeof(keel_link));
        if (!p->links)
            st = keel_error_nomem(err);
    }
    KEEL_VEC_FREE(&out);
    return st;
}

/* CSR of item indices grouped by key(item): start has n+1 entries. */
bool keel_model_group_by(keel_arena *a, int n, int nitems, const int *keys, int **start_out,
                     int **items_out)
{
    int *start = keel_arena_alloc(a, sizeof(int) * (size_t)(n + 1));
    int *items = keel_arena_alloc(a, sizeof(int) * (size_t)(nitems + 1));
    int *fill = keel_arena_alloc(a, sizeof(int) * (size_t)(n + 1));
    if (!start || !items || !fill)
        return false;
    for (int i = 0; i < nitems; i++)
        start[keys[i] + 1]++;
    for (int i = 0; i < n; i++)
        start[i + 1] += start[i];
    memcpy(fill, start, sizeof(int) * (size_t)n);
    for (int i = 0; i < nitems; i++)
        items[fill[keys[i]]++] = i;
    *start_out = start;
    *items_out = items;
    return true;
}

keel_status keel_model_adjacency(keel_portfolio *p, keel_error *err)
{
    int n = p->nlinks;
    int *keys = keel_arena_alloc(p->arena, sizeof(int) * (size_t)(n + 1));
    if (!keys)
        return keel_error_nomem(err);
    for (int i = 0; i < n; i++)
        keys[i] = p->links[i].pred;
    if (!keel_model_group_by(p->arena, p->ntasks, n, keys, &p->succ_start, &p->succ_link))
        return keel_error_nomem(err);
    for (int i = 0; i < n; i++)
        keys[i] = p->links[i].succ;
    if (!keel_model_group_by(p->arena, p->ntasks, n, keys, &p->pred_start, &p->pred_link))
        return keel_error_nomem(err);
    return KEEL_OK;
}

/* Assignments sorted by task (stable); those on summary tasks are dropped. */
static keel_status build_assignments(keel_builder *b, keel_portfolio *p, keel_error *err)
{
    KEEL_VEC(keel_assignment) kept = {0};
    for (size_t i = 0; i < b->assignments.len; i++) {
        keel_assignment a = b->assignments.data[i];
        if (p->tasks[a.task].summary) {
            if (!keel_builder_warn(b, file_of(p, a.task), a.line,
                                   "assignment UID %d on summary task '%s' ignored", a.uid,
                                   p->tasks[a.task].name))
                goto nomem;
            continue;
        }
        if (!KEEL_VEC_PUSH(&kept, a))
            goto nomem;
    }
    int n = (int)kept.len, *keys = keel_arena_alloc(p->arena, sizeof(int) * (size_t)(n + 1));
    int *order = NULL;
    if (!keys)
        goto nomem;
    for (int i = 0; i < n; i++)
        keys[i] = kept.data[i].task;
    if (!keel_model_group_by(p->arena, p->ntasks, n, keys, &p->asg_start, &order))
        goto nomem;
    p->nassignments = n;
    p->assignments = keel_arena_alloc(p->arena, sizeof(keel_assignment) * (size_t)(n + 1));
    if (!p->assignments)
        goto nomem;
    for (int i = 0; i < n; i++)
        p->assignments[i] = kept.data[order[i]];
    KEEL_VEC_FREE(&kept);
    return KEEL_OK;
nomem:
    KEEL_VEC_FREE(&kept);
    return keel_error_nomem(err);
}

static void append_task(char *buf, size_t size, const keel_portfolio *p, int t, bool arrow)
{
    size_t n = strlen(buf);
    if (n + 1 >= size)
        return;
    snprintf(buf + n, size - n, "%s%s UID %d '%s'", arrow ? " -> " : "",
             p->projects[p->tasks[t].project].name, p->tasks[t].uid, p->tasks[t].name);
}

/* Some leaves kept a positive in-degree: walk predecessors that are still
 * blocked until one repeats, and report that loop. */
static keel_status report_cycle(const keel_portfolio *p, const int *indeg, keel_error *err)
{
    int start = -1;
    for (int i = 0; i < p->ntasks && start < 0; i++)
        if (indeg[i] > 0)
            start = i;
    int *seen = calloc((size_t)p->ntasks, sizeof(int)), *path = NULL, len = 0;
    path = malloc(sizeof(int) * (size_t)(p->ntasks + 1));
    if (!seen || !path) {
        free(seen);
        free(path);
        return keel_error_nomem(err);
    }
    int t = start;
    while (!seen[t]) {
        seen[t] = ++len;
        path[len - 1] = t;
        for (int k = p->pred_start[t]; k < p->pred_start[t + 1]; k++) {
            int q = p->links[p->pred_link[k]].pred;
            if (indeg[q] > 0) {
                t = q;
                break;
            }
        }
    }
    /* the cycle is path[seen[t]-1 .. len-1], walked against the links */
    char msg[400] = "";
    for (int i = len - 1; i >= seen[t] - 1; i--)
        append_task(msg, sizeof msg, p, path[i], i != len - 1);
    append_task(msg, sizeof msg, p, path[len - 1], true);
    int first = path[len - 1];
    keel_status st = keel_error_set(err, KEEL_ERR_CYCLE, file_of(p, first),
                                    p->tasks[first].line, "dependency cycle: %s", msg);
    free(seen);
    free(path);
    return st;
}

static keel_status topological_order(keel_portfolio *p, keel_error *err)
{
    int n = p->ntasks;
    int *indeg = calloc((size_t)n + 1, sizeof(int));
    p->topo = keel_arena_alloc(p->arena, sizeof(int) * (size_t)(n + 1));
    if (!indeg || !p->topo) {
        free(indeg);
        return keel_error_nomem(err);
    }
    for (int i = 0; i < p->nlinks; i++)
        indeg[p->links[i].succ]++;
    int head = 0, tail = 0;
    for (int i = 0; i < n; i++)
        if (!p->tasks[i].summary && indeg[i] == 0)
            p->topo[tail++] = i;
    while (head < tail) {
        int t = p->topo[head++];
        for (int k = p->succ_start[t]; k < p->succ_start[t + 1]; k++) {
            int s = p->links[p->succ_link[k]].succ;
            if (--indeg[s] == 0)
                p->topo[tail++] = s;
        }
    }
    int leaves = 0;
    for (int i = 0; i < n; i++)
        leaves += !p->tasks[i].summary;
    p->nleaves = tail;
    keel_status st = tail < leaves ? report_cycle(p, indeg, err) : KEEL_OK;
    free(indeg);
    return st;
}

/* The links as written, before expansion, for analyses that judge the plan
 * as its author wrote it (schedule health). */
static keel_status keep_relations(const keel_builder *b, keel_portfolio *p, keel_error *err)
{
    p->nrelations = (int)b->links.len;
    p->relations = keel_arena_dup(p->arena, b->links.data, b->links.len, sizeof(keel_link));
    return p->relations ? KEEL_OK : keel_error_nomem(err);
}

keel_status keel_model_graph(keel_builder *b, keel_portfolio *p, keel_error *err)
{
    keel_status st = resolve_external(b, p, err);
    if (st == KEEL_OK)
        st = keep_relations(b, p, err);
    if (st == KEEL_OK)
        st = build_assignments(b, p, err);
    if (st == KEEL_OK)
        st = expand_links(b, p, err);
    if (st == KEEL_OK)
        st = keel_model_adjacency(p, err);
    if (st == KEEL_OK)
        st = topological_order(p, err);
    return st;
}
