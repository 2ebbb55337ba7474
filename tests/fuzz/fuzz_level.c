/* SPDX-License-Identifier: GPL-3.0-or-later
 * libFuzzer target for the whole leveling path on small MSPDI inputs: load,
 * level with a tiny budget (solver and objective picked by the last byte),
 * render every project's leveled file, read those files back and verify the
 * dates they hold. keel promises that every schedule it emits passes its
 * verifier and that what it writes reads back as that schedule, so the
 * target aborts when keel_level reports a schedule that failed its own
 * verification, when a written file does not read back, or when the
 * verifier finds other conflicts in the file written than level found in its
 * schedule (level prints those: only accepted ones, or what --within-slack
 * could not level), or when the writer's byte
 * patcher and its libxml2 tree path give different documents. Larger inputs
 * are skipped to keep the runs fast.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/leveled.h"
#include "analysis/verify.h"
#include "base/timefmt.h"
#include "model/builder.h"
#include "read/mspdi_read.h"
#include "run/level.h"
#include "write/mspdi_write.h"
#include "tests/xmltest.h"

#define MAX_TASKS 60

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *what, const char *message)
{
    fprintf(stderr, "fuzz_level: %s: %s\n", what, message);
    abort();
}

static keel_portfolio *load(const char *text, size_t size)
{
    keel_builder b;
    keel_error err;
    keel_portfolio *p = NULL;
    if (!keel_builder_init(&b))
        return NULL;
    if (keel_mspdi_parse("fuzz.xml", text, size, &b, NULL, &err) != KEEL_OK ||
        keel_model_finish(&b, &p, &err) != KEEL_OK)
        keel_builder_release(&b);
    return p;
}

static bool dates_in_range(const keel_portfolio *p, const keel_schedule *s)
{
    for (int t = 0; t < p->ntasks; t++)
        if ((s->start[t] != KEEL_TIME_NONE && !keel_time_in_range(s->start[t])) ||
            (s->finish[t] != KEEL_TIME_NONE && !keel_time_in_range(s->finish[t])))
            return false;
    return true;
}

/* The tree writer gives the same document as the default path (the byte
 * patcher, unless it left the input to the tree). */
static void check_tree_agrees(const keel_portfolio *p, const keel_result *r, const char *text,
                              size_t len)
{
    keel_leveled *lv = NULL;
    keel_error err = {0};
    char *tree = NULL, msg[600] = "";
    size_t n = 0;
    if (keel_leveled_compute(p, r->after, r->before, &lv, &err) != KEEL_OK ||
        keel_mspdi_render_path(p, 0, lv, r->before != NULL, KEEL_WRITER_TREE, NULL, &tree, &n,
                               &err) != KEEL_OK)
        fail("rendering by the tree", err.message);
    if (!test_same_document(tree, n, text, len, msg, sizeof msg))
        fail("the tree and the byte patcher differ", msg);
    free(tree);
    keel_leveled_free(lv);
}

/* The same conflict (task indices agree: the file read back has the
 * input's tasks in the input's order). */
static bool same_conflict(const keel_conflict *a, const keel_conflict *b)
{
    return a->kind == b->kind && a->resource == b->resource && a->task == b->task &&
           a->other == b->other && a->from == b->from && a->to == b->to &&
           a->accepted == b->accepted && a->accept_reason == b->accept_reason;
}

/* The written file read back: the verifier finds in it exactly the
 * conflicts level found in its own schedule (none but accepted ones, except
 * those --within-slack could not level, which level reports too). */
static void check_written(const char *text, size_t len, const keel_conflicts *level)
{
    keel_portfolio *q = load(text, len);
    if (!q)
        fail("the leveled file does not read back", text);
    keel_schedule *s = NULL;
    keel_conflicts *c = NULL;
    keel_error err = {0};
    if (keel_schedule_from_input(q, &s, &err) != KEEL_OK ||
        keel_verify(q, s, &c, &err) != KEEL_OK)
        fail("verifying the leveled file", err.message);
    int n = keel_conflicts_count(c);
    if (n != keel_conflicts_count(level) ||
        keel_conflicts_failures(c) != keel_conflicts_failures(level))
        fail("the leveled file has other conflicts than level reported", text);
    for (int i = 0; i < n; i++)
        if (!same_conflict(keel_conflicts_get(c, i), keel_conflicts_get(level, i)))
            fail("the leveled file has other conflicts than level reported", text);
    keel_conflicts_free(c);
    keel_schedule_free(s);
    keel_portfolio_free(q);
}

static void options(keel_options *o, uint8_t pick)
{
    static const char *const solvers[] = {"ga", "sampling", "msp-standard", "ilp-lns",
                                          "ga,sampling"};
    static const char *const objectives[] = {"default", "makespan", "apd", "tardiness"};
    keel_options_init(o);
    o->schedules = 20;
    o->seed = pick;
    o->quiet = true;
    snprintf(o->solvers, sizeof o->solvers, "%s", solvers[pick % 5]);
    snprintf(o->objective, sizeof o->objective, "%s", objectives[(pick / 5) % 4]);
    o->within_slack = pick >= 240;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    keel_portfolio *p = load((const char *)data, size);
    if (!p)
        return 0;
    keel_options o;
    options(&o, size ? data[size - 1] : 0);
    keel_result *r = NULL;
    keel_error err = {0};
    keel_status st = p->ntasks <= MAX_TASKS ? keel_level(p, &o, &r, &err) : KEEL_ERR_INVALID;
    if (st == KEEL_ERR_INTERNAL)
        fail("keel_level", err.message);
    if (st == KEEL_OK && dates_in_range(p, r->after)) {
        char *text = NULL;
        size_t len = 0;
        if (keel_mspdi_render(p, 0, r->after, r->before, &text, &len, &err) != KEEL_OK)
            fail("rendering the leveled file", err.message);
        check_tree_agrees(p, r, text, len);
        check_written(text, len, keel_result_conflicts(r));
        free(text);
    }
    keel_result_free(r);
    keel_portfolio_free(p);
    return 0;
}
