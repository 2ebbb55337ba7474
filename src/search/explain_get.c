/* SPDX-License-Identifier: GPL-3.0-or-later
 * Accessors of an explanation (keel.h): borrowed views into its arrays.
 */
#include <stdlib.h>

#include "search/explain.h"

void keel_explanation_free(keel_explanation *e)
{
    if (!e)
        return;
    free(e->index);
    KEEL_VEC_FREE(&e->tasks);
    KEEL_VEC_FREE(&e->blocks);
    KEEL_VEC_FREE(&e->holders);
    KEEL_VEC_FREE(&e->own);
    free(e->projects);
    free(e->first_share);
    KEEL_VEC_FREE(&e->shares);
    KEEL_VEC_FREE(&e->share_projects);
    KEEL_VEC_FREE(&e->share_minutes);
    free(e);
}

int keel_explanation_ntasks(const keel_explanation *e)
{
    return e ? (int)e->tasks.len : 0;
}

keel_why_task keel_explanation_task(const keel_explanation *e, int i)
{
    keel_why_task none = {.task = -1, .driver = -1};
    return e && i >= 0 && (size_t)i < e->tasks.len ? e->tasks.data[i].w : none;
}

int keel_explanation_find(const keel_explanation *e, int task)
{
    return e && task >= 0 && task < e->ntasks ? e->index[task] : -1;
}

keel_why_block keel_explanation_block(const keel_explanation *e, int i, int k)
{
    keel_why_block none = {0};
    if (!e || i < 0 || (size_t)i >= e->tasks.len || k < 0 ||
        k >= e->tasks.data[i].w.nblocks)
        return none;
    const keel_why_block_rec *rec =
        &e->blocks.data[e->tasks.data[i].first_block + (size_t)k];
    keel_why_block b = rec->b;
    b.holders = e->holders.data ? e->holders.data + rec->first_holder : NULL;
    return b;
}

keel_why_project keel_explanation_project(const keel_explanation *e, int project)
{
    keel_why_project none = {.last_task = -1};
    return e && project >= 0 && project < e->nprojects ? e->projects[project] : none;
}

keel_why_share keel_explanation_share(const keel_explanation *e, int project, int i)
{
    keel_why_share none = {0};
    if (!e || project < 0 || project >= e->nprojects || i < 0 ||
        i >= e->projects[project].nshares)
        return none;
    const keel_why_share_rec *rec = &e->shares.data[e->first_share[project] + (size_t)i];
    keel_why_share s = rec->s;
    s.holder_projects =
        e->share_projects.data ? e->share_projects.data + rec->first_holder : NULL;
    s.holder_minutes =
        e->share_minutes.data ? e->share_minutes.data + rec->first_holder : NULL;
    return s;
}
