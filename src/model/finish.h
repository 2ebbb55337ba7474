/* SPDX-License-Identifier: GPL-3.0-or-later
 * Steps of keel_model_finish that live in their own files (graph.c,
 * calendars.c). Internal to the model.
 */
#ifndef KEEL_FINISH_H
#define KEEL_FINISH_H

#include "model/builder.h"

/* Resolves external links, expands links on summary tasks to their leaves,
 * builds the link and assignment adjacency and the topological order of leaves.
 * Fails with KEEL_ERR_PARSE or KEEL_ERR_CYCLE (the message lists the cycle). */
keel_status keel_model_graph(keel_builder *b, keel_portfolio *p, keel_error *err);

/* Compiles every calendar definition and each task's effective calendar
 * (warnings go to b). */
keel_status keel_model_calendars(keel_builder *b, keel_portfolio *p, keel_error *err);

/* CSR of item indices 0..nitems-1 grouped by keys[item] in 0..n-1, in the
 * arena: (*start)[k] .. (*start)[k+1]-1 index *items. False when out of
 * memory. */
bool keel_model_group_by(keel_arena *a, int n, int nitems, const int *keys, int **start,
                         int **items);

/* The successor and predecessor lists of p's links (succ_start, succ_link,
 * pred_start, pred_link), in p's arena. Fails with KEEL_ERR_NOMEM. */
keel_status keel_model_adjacency(keel_portfolio *p, keel_error *err);

#endif
