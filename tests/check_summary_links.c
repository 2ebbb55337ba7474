/* SPDX-License-Identifier: GPL-3.0-or-later
 * Links into and out of summary tasks, all four types with working and
 * elapsed lags: on random outlines keel's CPM equals a deliberately simple
 * fixed-point computation on the links as written (a summary spans its leaves),
 * every solver's leveled schedule passes the verifier, and the verifier
 * judges a link from a summary's start by the summary's earliest leaf.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/cpm.h"
#include "analysis/verify.h"
#include "base/rng.h"
#include "base/timefmt.h"
#include "model/builder.h"
#include "run/level.h"
#include "testutil.h"

#define MAXT 40

static keel_time at(const char *s)
{
    keel_time t;
    ck_assert_msg(keel_parse_datetime(s, &t), "bad date %s", s);
    return t;
}

static void init(keel_builder *b)
{
    ck_assert(keel_builder_init(b));
    keel_calendar_def def = {.name = "Standard", .uid = 1, .base = -1};
    test_office_week(def.week);
    ck_assert(KEEL_VEC_PUSH(&b->calendar_defs, def));
    keel_project pr = {.name = "plan.xml", .file = "plan.xml", .calendar = 0,
                       .start = at("2025-01-13T08:00:00"), .status_date = KEEL_TIME_NONE,
                       .deadline = KEEL_TIME_NONE, .priority = 500, .weight = 1,
                       .minutes_per_day = 480, .minutes_per_week = 2400, .days_per_month = 20};
    ck_assert(KEEL_VEC_PUSH(&b->projects, pr));
}

/* A task at outline level `level` under `parent` (-1 at the top). */
static int add_task(keel_builder *b, int level, int parent, int64_t minutes)
{
    static const char *names[] = {"a", "b", "c", "d", "e", "f", "g", "h"};
    int n = (int)b->tasks.len;
    keel_task t = {.project = 0, .uid = n + 1, .id = n + 1, .name = names[n % 8],
                   .outline_level = level, .parent = parent, .milestone = minutes == 0,
                   .duration = minutes, .total_duration = minutes, .task_calendar = -1,
                   .priority = 500, .constraint_date = KEEL_TIME_NONE,
                   .deadline = KEEL_TIME_NONE, .actual_start = KEEL_TIME_NONE,
                   .actual_finish = KEEL_TIME_NONE, .start = KEEL_TIME_NONE,
                   .finish = KEEL_TIME_NONE};
    ck_assert(KEEL_VEC_PUSH(&b->tasks, t));
    if (parent >= 0)
        b->tasks.data[parent].summary = true;
    b->projects.data[0].ntasks = n + 1;
    return n;
}

static void add_link(keel_builder *b, int pred, int succ, keel_link_type type,
                     keel_lag_kind kind, int64_t lag)
{
    keel_link l = {.pred = pred, .succ = succ, .type = type, .lag_kind = kind, .lag = lag};
    ck_assert(KEEL_VEC_PUSH(&b->links, l));
}

static keel_portfolio *finish(keel_builder *b)
{
    keel_portfolio *p = NULL;
    keel_error err = {0};
    ck_assert_msg(keel_model_finish(b, &p, &err) == KEEL_OK, "%s", err.message);
    keel_builder_release(b);
    return p;
}

/* ---------------------------------------------------------------- hand-made cases */

/* Phase S = {A (1 d), then B (1 d)}; Y is SS after S, Z is SF after S, W (2 d)
 * is FF after S; phase T = {C, then D} is FF after A with a 1-day lag. */
static keel_portfolio *phases(void)
{
    keel_builder b;
    init(&b);
    int s = add_task(&b, 1, -1, 0), a = add_task(&b, 2, s, 480), bb = add_task(&b, 2, s, 480);
    int y = add_task(&b, 1, -1, 480), z = add_task(&b, 1, -1, 480);
    int w = add_task(&b, 1, -1, 960);
    int t = add_task(&b, 1, -1, 0), c = add_task(&b, 2, t, 480), d = add_task(&b, 2, t, 480);
    add_link(&b, a, bb, KEEL_LINK_FS, KEEL_LAG_WORK, 0);
    add_link(&b, s, y, KEEL_LINK_SS, KEEL_LAG_WORK, 0);
    add_link(&b, s, z, KEEL_LINK_SF, KEEL_LAG_WORK, 0);
    add_link(&b, s, w, KEEL_LINK_FF, KEEL_LAG_WORK, 0);
    add_link(&b, a, t, KEEL_LINK_FF, KEEL_LAG_WORK, 480);
    add_link(&b, c, d, KEEL_LINK_FS, KEEL_LAG_WORK, 0);
    return finish(&b);
}

START_TEST(summary_spans_its_leaves)
{
    keel_portfolio *p = phases();
    keel_cpm *c = NULL;
    keel_error err = {0};
    ck_assert(keel_cpm_run(p, &c, &err) == KEEL_OK);
    /* SS from S: S starts with A on Monday, not with B on Tuesday */
    ASSERT_AT(c->es[3], "2025-01-13T08:00:00");
    /* SF from S: Z may finish from Monday 08:00, so the release decides */
    ASSERT_AT(c->es[4], "2025-01-13T08:00:00");
    /* FF from S: W finishes with B, Tuesday 17:00 */
    ASSERT_AT(c->ef[5], "2025-01-14T17:00:00");
    /* FF into T binds every leaf: C finishes Tuesday 17:00, D after it */
    ASSERT_AT(c->ef[7], "2025-01-14T17:00:00");
    ASSERT_AT(c->es[8], "2025-01-15T08:00:00");
    /* B does not drive Y (A does): its slack runs to the project finish */
    ck_assert_int_eq(c->total_slack[2], 480);
    ck_assert_int_eq(c->total_slack[1], 0);
    /* the solvers' view agrees: leveled without resources, the CPM dates */
    keel_options o;
    keel_options_init(&o);
    o.schedules = 20;
    keel_result *r = NULL;
    ck_assert_msg(keel_level(p, &o, &r, &err) == KEEL_OK, "%s", err.message);
    for (int t = 0; t < p->ntasks; t++)
        ck_assert_int_eq(keel_result_schedule(r)->start[t], c->es[t]);
    keel_result_free(r);
    keel_cpm_free(c);
    keel_portfolio_free(p);
}
END_TEST

static keel_conflicts *verify_with(const keel_portfolio *p, keel_schedule *s)
{
    keel_conflicts *c = NULL;
    keel_error err = {0};
    ck_assert(keel_verify(p, s, &c, &err) == KEEL_OK);
    return c;
}

START_TEST(verifier_reads_a_summary_start_by_its_first_leaf)
{
    keel_portfolio *p = phases();
    keel_cpm *c = NULL;
    keel_error err = {0};
    ck_assert(keel_cpm_run(p, &c, &err) == KEEL_OK);
    keel_schedule *s = keel_schedule_new(p->ntasks);
    for (int t = 0; t < p->ntasks; t++) {
        s->start[t] = c->es[t];
        s->finish[t] = c->ef[t];
    }
    keel_conflicts *k = verify_with(p, s);
    ck_assert_int_eq(keel_conflicts_count(k), 0);
    keel_conflicts_free(k);
    /* Y on Monday: before B but not before S's start (A), so accepted as met */
    /* A one day later: S starts Tuesday, Y on Monday breaks the link */
    s->start[1] = at("2025-01-14T08:00:00");
    s->finish[1] = at("2025-01-14T17:00:00");
    s->start[2] = at("2025-01-15T08:00:00");
    s->finish[2] = at("2025-01-15T17:00:00");
    k = verify_with(p, s);
    bool named_summary = false;
    for (int i = 0; i < keel_conflicts_count(k); i++) {
        const keel_conflict *x = keel_conflicts_get(k, i);
        if (x->kind == KEEL_CONFLICT_LINK && x->task == 3)
            named_summary = x->other == 0;
    }
    ck_assert_msg(named_summary, "the broken SS link names the summary as predecessor");
    keel_conflicts_free(k);
    keel_schedule_free(s);
    keel_cpm_free(c);
    keel_portfolio_free(p);
}
END_TEST

/* ---------------------------------------------------------------- random outlines */

typedef struct gen {
    int n, first_leaf[MAXT], last_leaf[MAXT];
} gen;

/* A random outline of n tasks, each summary with children; leaves take 0 to 3
 * days in hours. Records each task's first and last leaf (outline order). */
static void random_outline(keel_builder *b, keel_rng *rng, int n, gen *g)
{
    int stack[MAXT], depth = 0;
    g->n = n;
    for (int i = 0; i < n; i++) {
        int level = 1 + (int)keel_rng_below(rng, (uint32_t)depth + 1);
        if (i == n - 1)
            level = depth + 1 > 1 ? depth + 1 : 1; /* the last task is a leaf */
        depth = level - 1;
        int parent = depth > 0 ? stack[depth - 1] : -1;
        int64_t dur = 60 * (int64_t)keel_rng_below(rng, 25);
        add_task(b, level, parent, keel_rng_below(rng, 6) == 0 ? 0 : dur);
        stack[depth++] = i;
    }
    for (int i = 0; i < n; i++)
        g->first_leaf[i] = g->last_leaf[i] = -1;
    for (int i = n - 1; i >= 0; i--) {
        bool leaf = !b->tasks.data[i].summary;
        for (int a = i; a >= 0; a = b->tasks.data[a].parent) {
            if (leaf && g->last_leaf[a] < 0)
                g->last_leaf[a] = i;
            if (leaf)
                g->first_leaf[a] = i;
        }
    }
}

/* Random links of every type (or only FS, as many real files have) between
 * tasks whose leaves come strictly in outline order (so the expanded graph has
 * no cycle), lags -4 h .. +2 d (only positive ones with fs_only), one in four
 * elapsed. */
static void random_links(keel_builder *b, keel_rng *rng, const gen *g, int count, bool fs_only)
{
    for (int k = 0; k < count; k++) {
        int x = (int)keel_rng_below(rng, (uint32_t)g->n), y = (int)keel_rng_below(rng, (uint32_t)g->n);
        if (g->last_leaf[x] >= g->first_leaf[y])
            continue;
        int64_t lag = keel_rng_below(rng, 3) == 0 ? 0 : 60 * ((int64_t)keel_rng_below(rng, 21) - 4);
        keel_lag_kind kind = keel_rng_below(rng, 4) == 0 ? KEEL_LAG_ELAPSED : KEEL_LAG_WORK;
        keel_link_type type = (keel_link_type)keel_rng_below(rng, 4);
        if (fs_only) {
            type = KEEL_LINK_FS;
            lag = lag < 0 ? -lag : lag;
        }
        add_link(b, x, y, type, kind, lag);
    }
}

static keel_time tmin(keel_time a, keel_time b) { return a == KEEL_TIME_NONE || b < a ? b : a; }
static keel_time tmax(keel_time a, keel_time b) { return a == KEEL_TIME_NONE || b > a ? b : a; }

/* The reference: on the links as written, a summary's start is its earliest
 * leaf's and its finish its latest leaf's; a link into a summary binds each
 * leaf. Iterated from the release until nothing moves (a monotone system
 * without cycles, so this is its least solution). */
static void reference_cpm(const keel_portfolio *p, const keel_link *links, int nlinks,
                          const gen *g, keel_time *es, keel_time *ef)
{
    const keel_calendar *cal = &p->calendars[p->projects[0].calendar];
    for (int i = 0; i < g->n; i++)
        es[i] = ef[i] = p->projects[0].start;
    for (bool moved = true; moved;) {
        moved = false;
        keel_time sspan[MAXT], fspan[MAXT];
        for (int i = 0; i < g->n; i++) {
            sspan[i] = fspan[i] = KEEL_TIME_NONE;
            for (int a = g->first_leaf[i]; a <= g->last_leaf[i]; a++)
                if (!p->tasks[a].summary) {
                    sspan[i] = tmin(sspan[i], es[a]);
                    fspan[i] = tmax(fspan[i], ef[a]);
                }
        }
        for (int j = 0; j < g->n; j++) {
            if (p->tasks[j].summary)
                continue;
            keel_time s = p->projects[0].start;
            for (int k = 0; k < nlinks; k++) {
                const keel_link *l = &links[k];
                if (j < g->first_leaf[l->succ] || j > g->last_leaf[l->succ])
                    continue;
                keel_time from = keel_link_from_finish(l->type) ? fspan[l->pred] : sspan[l->pred];
                keel_time b = l->lag_kind == KEEL_LAG_ELAPSED ? from + l->lag
                                                              : keel_calendar_add_work(cal, from, l->lag);
                if (keel_link_to_finish(l->type))
                    b = keel_calendar_sub_work(cal, b, p->tasks[j].duration);
                s = tmax(s, b);
            }
            s = keel_task_snap_start(p, j, s);
            keel_time f = keel_calendar_add_work(cal, s, p->tasks[j].duration);
            moved = moved || s != es[j] || f != ef[j];
            es[j] = s;
            ef[j] = f;
        }
    }
}

/* One resource of 1.5 units shared by every leaf with work, at 1 unit. */
static void add_resource(keel_builder *b)
{
    keel_resource r = {.name = "crew", .file = "plan.xml", .type = KEEL_RES_WORK,
                       .can_level = true, .max_units = 1500, .calendar = -1};
    ck_assert(KEEL_VEC_PUSH(&b->resources, r));
    for (size_t t = 0; t < b->tasks.len; t++)
        if (!b->tasks.data[t].summary && b->tasks.data[t].duration > 0) {
            keel_assignment a = {.task = (int)t, .resource = 0, .units = 1000,
                                 .start = KEEL_TIME_NONE, .finish = KEEL_TIME_NONE,
                                 .uid = (int32_t)t + 1};
            ck_assert(KEEL_VEC_PUSH(&b->assignments, a));
        }
}

/* The outline of seed i; the links as written go to *links (malloc'd). */
static keel_portfolio *random_model(uint64_t seed, keel_link **links, int *nlinks, gen *g)
{
    keel_rng rng;
    keel_rng_seed(&rng, seed, 0x5a11);
    keel_builder b;
    init(&b);
    random_outline(&b, &rng, 8 + (int)keel_rng_below(&rng, 20), g);
    random_links(&b, &rng, g, 3 * g->n, seed % 3 == 0);
    add_resource(&b);
    *nlinks = (int)b.links.len;
    *links = malloc(sizeof **links * (b.links.len + 1));
    memcpy(*links, b.links.data, sizeof **links * b.links.len);
    return finish(&b);
}

START_TEST(cpm_equals_the_summary_rule)
{
    int summary_links = 0;
    for (uint64_t seed = 1; seed <= 300; seed++) {
        keel_link *links = NULL;
        int nlinks = 0;
        gen g;
        keel_portfolio *p = random_model(seed, &links, &nlinks, &g);
        for (int k = 0; k < nlinks; k++)
            summary_links += p->tasks[links[k].pred].summary || p->tasks[links[k].succ].summary;
        keel_cpm *c = NULL;
        keel_error err = {0};
        ck_assert(keel_cpm_run(p, &c, &err) == KEEL_OK);
        keel_time es[MAXT], ef[MAXT];
        reference_cpm(p, links, nlinks, &g, es, ef);
        for (int j = 0; j < g.n; j++)
            if (!p->tasks[j].summary)
                ck_assert_msg(c->es[j] == es[j] && c->ef[j] == ef[j],
                              "seed %d task %d: keel %lld..%lld, reference %lld..%lld",
                              (int)seed, j, (long long)c->es[j], (long long)c->ef[j],
                              (long long)es[j], (long long)ef[j]);
        keel_cpm_free(c);
        keel_portfolio_free(p);
        free(links);
    }
    ck_assert_int_gt(summary_links, 300); /* the cases are about summaries */
}
END_TEST

static void level_and_check(const keel_portfolio *p, const char *solvers, bool within,
                            uint64_t seed)
{
    keel_options o;
    keel_options_init(&o);
    snprintf(o.solvers, sizeof o.solvers, "%s", solvers);
    o.schedules = 150;
    o.within_slack = within;
    keel_result *r = NULL;
    keel_error err = {0};
    ck_assert_msg(keel_level(p, &o, &r, &err) == KEEL_OK, "seed %d %s: %s", (int)seed,
                  solvers, err.message);
    keel_conflicts *c = NULL;
    ck_assert(keel_verify(p, keel_result_schedule(r), &c, &err) == KEEL_OK);
    /* within slack may leave conflicts; the result counts what the verifier finds */
    keel_result_info in = keel_result_get(r);
    ck_assert_int_eq(keel_conflicts_failures(c), in.conflicts_after - in.conflicts_after_accepted);
    if (!within)
        ck_assert_int_eq(keel_conflicts_failures(c), 0);
    keel_conflicts_free(c);
    keel_result_free(r);
}

START_TEST(every_solver_levels_summary_links)
{
    static const char *solvers[] = {"ga", "sampling", "msp-standard", "ilp-lns", "ilp-exact"};
    for (uint64_t seed = 1; seed <= 40; seed++) {
        keel_link *links = NULL;
        int nlinks = 0;
        gen g;
        keel_portfolio *p = random_model(seed, &links, &nlinks, &g);
        level_and_check(p, solvers[seed % 5], false, seed);
        if (seed % 4 == 0)
            level_and_check(p, "default", true, seed);
        keel_portfolio_free(p);
        free(links);
    }
}
END_TEST

Suite *suite_summary_links(void)
{
    Suite *s = suite_create("summary_links");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, summary_spans_its_leaves);
    tcase_add_test(tc, verifier_reads_a_summary_start_by_its_first_leaf);
    tcase_add_test(tc, cpm_equals_the_summary_rule);
    tcase_add_test(tc, every_solver_levels_summary_links);
    suite_add_tcase(s, tc);
    return s;
}
