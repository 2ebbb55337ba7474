/* SPDX-License-Identifier: GPL-3.0-or-later
 * "Why projects slip" on the command line: a short text block per delayed
 * project (level, report) and the full explanation in JSON (level --json).
 * Only views of keel_explain's result (keel.h): nothing is recomputed here.
 */
#include <string.h>

#include "cli.h"

#define TEXT_SHARES 4 /* resources listed per project in the text block */

double cli_days(const keel_portfolio *p, int project, double minutes)
{
    int32_t mpd = keel_project_get(p, project).minutes_per_day;
    return keel_portfolio_is_research(p) || mpd <= 0 ? minutes : minutes / mpd;
}

/* " d" after days; nothing after periods (research instances). */
static const char *unit(const keel_portfolio *p)
{
    return keel_portfolio_is_research(p) ? "" : " d";
}

const char *cli_share_name(const keel_portfolio *p, int resource)
{
    if (resource == KEEL_WHY_UNFORCED)
        return "(no resource: could start earlier)";
    if (resource == KEEL_WHY_LINKS)
        return "(links and calendars)";
    return keel_resource_get(p, resource).name;
}

static void print_holders(const keel_portfolio *p, int q, const keel_why_share *s)
{
    for (int h = 0; h < s->nholders && h < 3; h++) {
        int hp = s->holder_projects[h];
        printf("%s%s %.1f%s", h ? ", " : "  held by ",
               hp >= 0 ? keel_project_get(p, hp).name : "(capacity itself)",
               cli_days(p, q, s->holder_minutes[h]), unit(p));
    }
    if (s->nholders > 3)
        printf(", ...");
}

/* The task on project q's traced chain that waited longest itself. */
static int longest_wait(const keel_explanation *e, const keel_why_project *w)
{
    int best = -1;
    int64_t most = 0;
    for (int t = w->last_task, steps = 0; t >= 0 && steps < 100000; steps++) {
        int i = keel_explanation_find(e, t);
        if (i < 0)
            break;
        keel_why_task wt = keel_explanation_task(e, i);
        if (wt.delay > most) {
            most = wt.delay;
            best = i;
        }
        t = wt.driver;
    }
    return best;
}

/* The wait of listed task i, on project q's chain (another project's task
 * is named with its project). */
static void print_wait(const keel_portfolio *p, const keel_explanation *e, int q, int i)
{
    keel_why_task w = keel_explanation_task(e, i);
    keel_task_info ti = keel_task_get(p, w.task);
    keel_why_block b = keel_explanation_block(e, i, 0);
    for (int k = 1; k < w.nblocks; k++) { /* the block that cost it most */
        keel_why_block o = keel_explanation_block(e, i, k);
        if (o.minutes > b.minutes)
            b = o;
    }
    printf("    longest wait: %s%sUID %d '%s' %.1f%s for %s",
           ti.project == q ? "" : keel_project_get(p, ti.project).name,
           ti.project == q ? "" : " ", ti.uid, ti.name,
           cli_days(p, ti.project, (double)w.delay), unit(p),
           cli_share_name(p, b.resource));
    if (b.nholders > 0) {
        keel_task_info h = keel_task_get(p, b.holders[0]);
        printf(", held by %s UID %d '%s'%s", keel_project_get(p, h.project).name, h.uid,
               h.name, b.nholders > 1 ? " and others" : "");
    }
    printf("\n");
}

void cli_print_why(const keel_portfolio *p, const keel_explanation *e)
{
    bool any = false;
    for (int q = 0; q < keel_portfolio_nprojects(p); q++) {
        keel_why_project w = keel_explanation_project(e, q);
        if (w.delay <= 0)
            continue;
        if (!any)
            printf("why projects slip (%s of delay by resource, traced through links):\n",
                   keel_portfolio_is_research(p) ? "periods" : "working days");
        any = true;
        printf("  %s: %.1f%s late\n", keel_project_get(p, q).name,
               cli_days(p, q, (double)w.delay), unit(p));
        for (int i = 0; i < w.nshares && i < TEXT_SHARES; i++) {
            keel_why_share s = keel_explanation_share(e, q, i);
            printf("    %-28s %7.1f%s", cli_share_name(p, s.resource),
                   cli_days(p, q, s.minutes), unit(p));
            print_holders(p, q, &s);
            printf("\n");
        }
        if (w.nshares > TEXT_SHARES)
            printf("    ... %d more\n", w.nshares - TEXT_SHARES);
        int i = longest_wait(e, &w);
        if (i >= 0)
            print_wait(p, e, q, i);
    }
}

static void json_block(json *j, const keel_portfolio *p, int q, const keel_why_block *b)
{
    json_obj(j, NULL);
    json_str(j, "resource",
             b->resource >= 0 ? keel_resource_get(p, b->resource).name : NULL);
    json_time(j, "from", p, b->at);
    json_time(j, "until", p, b->until);
    json_num(j, "delay_days", cli_days(p, q, b->minutes));
    json_time(j, "when", p, b->when);
    json_num(j, "need", (double)b->need / KEEL_UNITS_ONE);
    json_num(j, "capacity", (double)b->capacity / KEEL_UNITS_ONE);
    json_num(j, "held", (double)b->held / KEEL_UNITS_ONE);
    json_arr(j, "held_by");
    for (int h = 0; h < b->nholders; h++)
        json_task_ref(j, p, NULL, b->holders[h]);
    json_close_arr(j);
    json_close_obj(j);
}

static void json_task(json *j, const keel_portfolio *p, const keel_explanation *e, int i)
{
    keel_why_task w = keel_explanation_task(e, i);
    keel_task_info ti = keel_task_get(p, w.task);
    json_obj(j, NULL);
    json_task_id(j, p, w.task);
    json_time(j, "start", p, w.start);
    json_time(j, "finish", p, w.finish);
    json_time(j, "early_start", p, w.early_start);
    json_time(j, "preferred_start", p, w.preferred_start);
    json_num(j, "delay_days", cli_days(p, ti.project, (double)w.delay));
    json_num(j, "inherited_days", cli_days(p, ti.project, (double)w.inherited));
    if (w.driver >= 0)
        json_task_ref(j, p, "inherited_from", w.driver);
    else
        json_str(j, "inherited_from", NULL);
    json_arr(j, "blocked_by");
    for (int k = 0; k < w.nblocks; k++) {
        keel_why_block b = keel_explanation_block(e, i, k);
        json_block(j, p, ti.project, &b);
    }
    json_close_arr(j);
    json_close_obj(j);
}

static void json_project(json *j, const keel_portfolio *p, const keel_explanation *e,
                         int q)
{
    keel_why_project w = keel_explanation_project(e, q);
    json_obj(j, NULL);
    json_str(j, "project", keel_project_get(p, q).name);
    json_num(j, "delay_days", cli_days(p, q, (double)w.delay));
    json_arr(j, "by_resource");
    for (int i = 0; i < w.nshares; i++) {
        keel_why_share s = keel_explanation_share(e, q, i);
        json_obj(j, NULL);
        json_str(j, "resource", s.resource >= 0 ? keel_resource_get(p, s.resource).name
                                : s.resource == KEEL_WHY_LINKS ? "(links and calendars)"
                                                               : "(unforced)");
        json_num(j, "days", cli_days(p, q, s.minutes));
        json_arr(j, "held_by");
        for (int h = 0; h < s.nholders; h++) {
            json_obj(j, NULL);
            int hp = s.holder_projects[h];
            json_str(j, "project", hp >= 0 ? keel_project_get(p, hp).name : NULL);
            json_num(j, "days", cli_days(p, q, s.holder_minutes[h]));
            json_close_obj(j);
        }
        json_close_arr(j);
        json_close_obj(j);
    }
    json_close_arr(j);
    json_close_obj(j);
}

void cli_json_why(json *j, const keel_portfolio *p, const keel_explanation *e)
{
    json_obj(j, "why");
    json_arr(j, "projects");
    for (int q = 0; q < keel_portfolio_nprojects(p); q++)
        if (keel_explanation_project(e, q).delay > 0)
            json_project(j, p, e, q);
    json_close_arr(j);
    json_arr(j, "tasks");
    for (int i = 0; i < keel_explanation_ntasks(e); i++)
        json_task(j, p, e, i);
    json_close_arr(j);
    json_close_obj(j);
}
