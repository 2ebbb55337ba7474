/* SPDX-License-Identifier: GPL-3.0-or-later
 * The MSPDI writer: writes a leveled schedule back into one project's file by
 * patching the document it was read from, so that every element keel does
 * not compute survives verbatim and in place (docs/mspdi.md §10-§12): the
 * byte patcher (mspdi_fast.h) edits the input's bytes, and documents it must
 * not touch go through a libxml2 tree; both follow mspdi_patch.c.
 *
 * Fields written (see mspdi_write.c for the exact rules):
 * - Task Start/Finish: leaf tasks from the leveled schedule, summary tasks
 *   span their leaves, task 0 spans the project; a summary's Duration follows
 *   its span (working time on the project calendar).
 * - Task LevelingDelay + LevelingDelayFormat: the delay leveling added (start
 *   minus the earliest start its leveled predecessors, constraints and project
 *   start allow), in tenths of a minute, elapsed for format 8 (the default).
 * - Task PreLeveledStart/PreLeveledFinish: the dates before leveling.
 * - Task EarlyStart/EarlyFinish/LateStart/LateFinish, TotalSlack/FreeSlack
 *   (and StartSlack/FinishSlack when present) from leveled.h, on tasks that
 *   already carry any of them.
 * - Assignment Start/Finish (its task's leveled dates), and LevelingDelay 0
 *   when present (the whole task moves, its assignments do not lag it).
 * - Project FinishDate: the latest leveled finish of the project.
 */
#ifndef KEEL_MSPDI_WRITE_H
#define KEEL_MSPDI_WRITE_H

#include "analysis/leveled.h"
#include "analysis/schedule.h"
#include "keel.h"
#include "model/model.h"

/* The leveled file of project `project` of p, in memory: the document the
 * project was read from (p->projects[project].source, not the file, which may
 * have changed since) patched with the leveled schedule. before is the
 * schedule before leveling (for PreLeveledStart/Finish); NULL leaves those
 * elements alone. On success *out (malloc'd, NUL-terminated, *len bytes) is
 * the caller's. Fails with KEEL_ERR_INVALID (a bad project index, a project
 * not read from MSPDI, schedules that do not match p), KEEL_ERR_PARSE,
 * KEEL_ERR_IO (no encoder) or KEEL_ERR_NOMEM. */
keel_status keel_mspdi_render(const keel_portfolio *p, int project, const keel_schedule *leveled,
                              const keel_schedule *before, char **out, size_t *len,
                              keel_error *err);

/* The same from leveled dates computed once for the whole portfolio
 * (keel_leveled_compute over the leveled and the before schedule; have_before
 * tells whether a before schedule went in): rendering every project of a
 * portfolio then costs the size of the files, not files x portfolio. Fails as
 * keel_mspdi_render, with KEEL_ERR_INVALID when lv does not match p. */
keel_status keel_mspdi_render_leveled(const keel_portfolio *p, int project,
                                      const keel_leveled *lv, bool have_before, char **out,
                                      size_t *len, keel_error *err);

/* Which writer renders: the byte patcher with the tree as its fallback (what
 * keel_mspdi_render_leveled does), or one of them alone (for tests and
 * benchmarks). */
typedef enum { KEEL_WRITER_AUTO, KEEL_WRITER_TREE, KEEL_WRITER_BYTES } keel_writer_path;

/* keel_mspdi_render_leveled by the writer `path`; *bytes (may be NULL) tells
 * whether the byte patcher wrote it. With KEEL_WRITER_BYTES a document the
 * byte patcher leaves to the tree fails with KEEL_ERR_INVALID. */
keel_status keel_mspdi_render_path(const keel_portfolio *p, int project, const keel_leveled *lv,
                                   bool have_before, keel_writer_path path, bool *bytes,
                                   char **out, size_t *len, keel_error *err);

/* Renders project `project` and writes it to out_path as a one-file output
 * set (output.h): a synced temporary file in out_path's folder renamed into
 * place, so out_path is either untouched or complete and no temporary file is
 * left behind on failure. The folder must exist. The new file takes the input
 * file's permission bits. Fails like keel_mspdi_render, with KEEL_ERR_INVALID
 * when out_path names the input file itself (also through a link), and with
 * KEEL_ERR_IO ("path: cannot ...: reason"). */
keel_status keel_mspdi_write(const keel_portfolio *p, int project, const keel_schedule *leveled,
                             const keel_schedule *before, const char *out_path,
                             keel_error *err);

/* Position of a Task / Assignment child element in the MSPDI element
 * sequence that insertions follow, or -1 for an element not in it (for tests
 * and tools that check order). Cannot fail. */
int keel_mspdi_task_rank(const char *name);
int keel_mspdi_assignment_rank(const char *name);

#endif
