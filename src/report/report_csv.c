/* SPDX-License-Identifier: GPL-3.0-or-later
 * The report's CSV exports (keel_output_put_report in keel.h): projects.csv (one
 * row per project, as the summary table), tasks.csv (one row per task: CPM
 * and scheduled dates, slack, the wait for resources and who held them) and
 * load.csv (the weekly load table). Dates are ISO 8601 local time, delays and
 * slacks working days of the project calendar.
 */
#include <stdio.h>
#include <string.h>

#include "base/error.h"
#include "report/report.h"

#define HOLDERS_LISTED 10

static void time_field(const keel_portfolio *p, keel_time t, keel_strbuf *b)
{
    char buf[32];
    keel_strbuf_puts(b, ",");
    if (t != KEEL_TIME_NONE)
        keel_strbuf_puts(b, keel_time_format(p, t, buf, sizeof buf));
}

static void projects_csv(const keel_report *rep, keel_strbuf *b)
{
    const keel_portfolio *p = rep->p;
    keel_strbuf_puts(
        b, "project,file,priority,weight,start,cpm_finish,finish,delay_days,deadline,"
           "deadline_met,late_days,top_resource,top_resource_days\n");
    for (int q = 0; q < p->nprojects; q++) {
        keel_result_project rp = keel_result_project_get(rep->r, q);
        keel_why_project w = keel_explanation_project(rep->e, q);
        keel_csv_field(b, p->projects[q].name);
        keel_strbuf_puts(b, ",");
        keel_csv_field(b, p->projects[q].file ? p->projects[q].file : "");
        keel_strbuf_printf(b, ",%d,%g", p->projects[q].priority, p->projects[q].weight);
        time_field(p, rep->cpm->project_start[q], b);
        time_field(p, rp.cpm_finish, b);
        time_field(p, rp.finish, b);
        keel_strbuf_printf(b, ",%.2f", keel_report_days(p, q, (double)rp.delay));
        time_field(p, rp.deadline, b);
        static const char *const met[] = {"", "yes", "no"};
        keel_strbuf_printf(b, ",%s,%.2f,", met[rp.deadline_state],
                           keel_report_days(p, q, (double)rp.late));
        if (w.nshares > 0) {
            keel_why_share s = keel_explanation_share(rep->e, q, 0);
            keel_csv_field(b, keel_report_share_name(p, s.resource));
            keel_strbuf_printf(b, ",%.2f", keel_report_days(p, q, s.minutes));
        } else {
            keel_strbuf_puts(b, ",");
        }
        keel_strbuf_puts(b, "\n");
    }
}

/* "Ann 1.00; Bob 0.50": the resources a task is assigned. */
static void resources_field(const keel_portfolio *p, int t, keel_strbuf *b)
{
    keel_strbuf field = {0};
    for (int a = p->asg_start[t]; a < p->asg_start[t + 1]; a++)
        keel_strbuf_printf(&field, "%s%s %.2f", a > p->asg_start[t] ? "; " : "",
                           p->resources[p->assignments[a].resource].name,
                           (double)p->assignments[a].units / KEEL_UNITS_ONE);
    keel_strbuf_puts(b, ",");
    keel_csv_field(b, field.data ? field.data : "");
    b->failed = b->failed || field.failed;
    keel_strbuf_free(&field);
}

/* The resources a late task waited for, and the tasks that held them. */
static void wait_fields(const keel_report *rep, int i, keel_strbuf *b)
{
    const keel_portfolio *p = rep->p;
    keel_why_task w = keel_explanation_task(rep->e, i);
    keel_strbuf names = {0}, holders = {0};
    int listed = 0;
    for (int k = 0; k < w.nblocks; k++) {
        keel_why_block blk = keel_explanation_block(rep->e, i, k);
        const char *name = keel_report_share_name(p, blk.resource);
        if (!names.data || !strstr(names.data, name))
            keel_strbuf_printf(&names, "%s%s", names.len ? "; " : "", name);
        for (int h = 0; h < blk.nholders && listed < HOLDERS_LISTED; h++, listed++) {
            int t = blk.holders[h];
            keel_strbuf_printf(&holders, "%s%s UID %d", holders.len ? "; " : "",
                               p->projects[p->tasks[t].project].name,
                               (int)p->tasks[t].uid);
        }
    }
    keel_strbuf_puts(b, ",");
    keel_csv_field(b, names.data ? names.data : "");
    keel_strbuf_puts(b, ",");
    keel_csv_field(b, holders.data ? holders.data : "");
    b->failed = b->failed || names.failed || holders.failed;
    keel_strbuf_free(&names);
    keel_strbuf_free(&holders);
}

static void task_row(const keel_report *rep, int t, keel_strbuf *b)
{
    const keel_portfolio *p = rep->p;
    const keel_task *task = &p->tasks[t];
    const keel_leveled_task *lt = &rep->lv->task[t];
    keel_csv_field(b, p->projects[task->project].name);
    keel_strbuf_printf(b, ",%d,", (int)task->uid);
    keel_csv_field(b, task->name);
    keel_strbuf_printf(b, ",%d,%d,%d", task->summary, task->milestone,
                       !task->summary && lt->dated && lt->total_slack <= 0);
    time_field(p, rep->cpm->es[t], b);
    time_field(p, rep->cpm->ef[t], b);
    time_field(p, lt->dated ? lt->start : KEEL_TIME_NONE, b);
    time_field(p, lt->dated ? lt->finish : KEEL_TIME_NONE, b);
    int i = keel_explanation_find(rep->e, t);
    keel_why_task w = keel_explanation_task(rep->e, i);
    time_field(p, i >= 0 ? w.preferred_start : KEEL_TIME_NONE, b);
    keel_strbuf_printf(b, ",%.2f,%.2f,",
                       keel_report_days(p, task->project, (double)w.delay),
                       keel_report_days(p, task->project, (double)w.inherited));
    if (i >= 0 && w.driver >= 0)
        keel_strbuf_printf(b, "%d", (int)p->tasks[w.driver].uid);
    keel_strbuf_printf(
        b, ",%.2f",
        lt->dated ? keel_report_days(p, task->project, (double)lt->total_slack) : 0.0);
    resources_field(p, t, b);
    if (i >= 0)
        wait_fields(rep, i, b);
    else
        keel_strbuf_puts(b, ",,");
    keel_strbuf_puts(b, "\n");
}

static void tasks_csv(const keel_report *rep, keel_strbuf *b)
{
    keel_strbuf_puts(
        b, "project,uid,name,summary,milestone,critical,cpm_start,cpm_finish,start,"
           "finish,preferred_start,wait_days,inherited_days,inherited_from_uid,"
           "total_slack_days,resources,waiting_for,held_by\n");
    for (int t = 0; t < rep->p->ntasks; t++)
        task_row(rep, t, b);
}

static void load_csv(const keel_report *rep, keel_strbuf *b)
{
    keel_report_load_csv(b, rep->p, rep->weekly);
}

void keel_report_csv(const keel_report *rep, int which, keel_strbuf *b)
{
    static void (*const fill[])(const keel_report *,
                                keel_strbuf *) = {projects_csv, tasks_csv, load_csv};
    fill[which](rep, b);
}
