/* SPDX-License-Identifier: GPL-3.0-or-later
 * Critical-path method (Kelley & Walker 1959) on the portfolio's leaves in
 * topological order, generalised to the four MS Project link types with lags on
 * calendars. Late dates anchor at each project's own CPM finish, tightened by
 * deadlines and "no later than" constraints (so slack may be negative, as in MS
 * Project); a second backward pass against the portfolio finish gives the
 * portfolio's critical chain. Must Start/Finish On act as the start bound in
 * the forward pass and as the latest date in the backward pass.
 *
 * As Late As Possible (MS Project's ALAP) follows MS Project: the late dates
 * come from the passes above as for every task; then a second forward pass
 * puts each ALAP task at its late start (never before its predecessors, at
 * their final dates, allow) and lets every other task follow its
 * predecessors from there, so an ALAP task's early dates are its late dates
 * (zero total slack) and its successors use up the slack it gave up.
 */
#include "analysis/cpm.h"

#include <stdlib.h>

#include "base/error.h"

static keel_time max_time(keel_time a, keel_time b)
{
    return a > b ? a : b;
}

static keel_time min_time(keel_time a, keel_time b)
{
    return a < b ? a : b;
}

const keel_calendar *keel_task_lag_cal(const keel_portfolio *p, int task)
{
    const keel_task *t = &p->tasks[task];
    int c = t->task_calendar >= 0 ? t->task_calendar : p->projects[t->project].calendar;
    return &p->calendars[c];
}

keel_time keel_link_apply_lag(const keel_portfolio *p, const keel_link *l, keel_time from)
{
    if (l->lag == 0)
        return from;
    if (l->lag_kind == KEEL_LAG_ELAPSED)
        return from + l->lag;
    return keel_calendar_add_work(keel_task_lag_cal(p, l->succ), from, l->lag);
}

keel_time keel_link_unapply_lag(const keel_portfolio *p, const keel_link *l, keel_time to)
{
    if (l->lag == 0)
        return to;
    if (l->lag_kind == KEEL_LAG_ELAPSED)
        return to - l->lag;
    return keel_calendar_add_work(keel_task_lag_cal(p, l->succ), to, -l->lag);
}

keel_time keel_task_snap_start(const keel_portfolio *p, int task, keel_time t)
{
    const keel_calendar *cal = keel_task_cal(p, task);
    if (p->tasks[task].duration == 0 && keel_calendar_prev_work_end(cal, t) == t)
        return t;
    return keel_calendar_next_work(cal, t);
}

keel_time keel_task_release(const keel_portfolio *p, int task)
{
    const keel_task *t = &p->tasks[task];
    keel_time r = p->projects[t->project].start;
    if (t->constraint_date == KEEL_TIME_NONE)
        return r;
    keel_time d = t->constraint_date;
    switch (t->constraint) {
    case KEEL_MSO:
    case KEEL_SNET:
        return d > r ? d : r;
    case KEEL_MFO:
    case KEEL_FNET: {
        keel_time s = keel_calendar_sub_work(keel_task_cal(p, task), d, t->duration);
        return s > r ? s : r;
    }
    default:
        return r;
    }
}

/* Latest finish a task's own constraints and deadline allow (or none). */
static keel_time task_latest_finish(const keel_portfolio *p, int task)
{
    const keel_task *t = &p->tasks[task];
    keel_time lf = t->deadline;
    keel_time d = t->constraint_date;
    if (d != KEEL_TIME_NONE) {
        keel_time c = KEEL_TIME_NONE;
        if (t->constraint == KEEL_MFO || t->constraint == KEEL_FNLT)
            c = d;
        else if (t->constraint == KEEL_MSO || t->constraint == KEEL_SNLT)
            c = keel_calendar_add_work(keel_task_cal(p, task), d, t->duration);
        if (c != KEEL_TIME_NONE && (lf == KEEL_TIME_NONE || c < lf))
            lf = c;
    }
    return lf;
}

keel_time keel_task_latest_finish(const keel_portfolio *p, int task)
{
    return task_latest_finish(p, task);
}

/* The least date the predecessor links k .. stop-1 of a run allow (a lone
 * link, or a group binding by its least date), from the predecessors' dates;
 * *pred the predecessor that gives it. */
static keel_time run_bound(const keel_portfolio *p, int k, int stop, const keel_time *start,
                           const keel_time *finish, int *pred)
{
    keel_time b = KEEL_TIME_NONE;
    for (; k < stop; k++) {
        const keel_link *l = &p->links[p->pred_link[k]];
        keel_time from = keel_link_from_finish(l->type) ? finish[l->pred] : start[l->pred];
        keel_time x = keel_link_apply_lag(p, l, from);
        if (b == KEEL_TIME_NONE || x < b) {
            b = x;
            *pred = l->pred;
        }
    }
    return b;
}

keel_time keel_links_start_driver(const keel_portfolio *p, int j, const keel_time *start,
                                  const keel_time *finish, int *driver)
{
    const keel_task *t = &p->tasks[j];
    keel_time s = keel_task_release(p, j);
    int end = p->pred_start[j + 1], pred = -1;
    *driver = -1;
    for (int k = p->pred_start[j]; k < end;) {
        int stop = keel_pred_run_end(p, k, end);
        keel_time bound = run_bound(p, k, stop, start, finish, &pred);
        if (keel_link_to_finish(p->links[p->pred_link[k]].type))
            bound = keel_calendar_sub_work(keel_task_cal(p, j), bound, t->duration);
        if (bound > s)
            *driver = pred;
        s = max_time(s, bound);
        k = stop;
    }
    return s;
}

keel_time keel_links_start_bound(const keel_portfolio *p, int j, const keel_time *start,
                                 const keel_time *finish)
{
    int driver;
    return keel_links_start_driver(p, j, start, finish, &driver);
}

bool *keel_link_drivers(const keel_portfolio *p, const keel_time *start, const keel_time *finish)
{
    bool *drives = malloc(sizeof(bool) * (size_t)(p->nlinks + 1));
    if (!drives)
        return NULL;
    for (int i = 0; i < p->nlinks; i++)
        drives[i] = p->links[i].group < 0;
    for (int i = 0; i < p->nlinks; i++) {
        int g = p->links[i].group;
        if (g != i)
            continue; /* alone, or marked with its group's first link */
        int best = i;
        keel_time least = KEEL_TIME_NONE;
        for (int k = i; k < p->nlinks && p->links[k].group == g; k++) {
            const keel_link *l = &p->links[k];
            keel_time from = keel_link_from_finish(l->type) ? finish[l->pred] : start[l->pred];
            keel_time x = keel_link_apply_lag(p, l, from);
            if (least == KEEL_TIME_NONE || x < least) {
                least = x;
                best = k;
            }
        }
        drives[best] = true;
    }
    return drives;
}

keel_time keel_alap_start(const keel_portfolio *p, int j, keel_time bound,
                          keel_time late_start)
{
    return keel_task_snap_start(p, j, max_time(bound, late_start));
}

/* Early dates of leaf j from its predecessors' dates; with `alap`, an ALAP
 * task at its late start (c->ls) instead, as far as its predecessors allow. */
static void forward_task(const keel_portfolio *p, keel_cpm *c, int j, bool alap)
{
    const keel_task *t = &p->tasks[j];
    if (t->fixed) {
        c->es[j] = t->fixed_start;
        c->ef[j] = t->fixed_finish;
        return;
    }
    keel_time b = keel_links_start_bound(p, j, c->es, c->ef);
    c->es[j] = alap && t->constraint == KEEL_ALAP ? keel_alap_start(p, j, b, c->ls[j])
                                                  : keel_task_snap_start(p, j, b);
    c->ef[j] = keel_calendar_add_work(keel_task_cal(p, j), c->es[j], t->duration);
}

static void backward_task(const keel_portfolio *p, keel_cpm *c, int j, keel_time anchor)
{
    const keel_task *t = &p->tasks[j];
    if (t->fixed) {
        c->ls[j] = t->fixed_start;
        c->lf[j] = t->fixed_finish;
        return;
    }
    const keel_calendar *cal = keel_task_cal(p, j);
    keel_time f = anchor, own = task_latest_finish(p, j);
    if (own != KEEL_TIME_NONE)
        f = min_time(f, own);
    for (int k = p->succ_start[j]; k < p->succ_start[j + 1]; k++) {
        const keel_link *l = &p->links[p->succ_link[k]];
        if (!c->drives[p->succ_link[k]])
            continue;
        keel_time to = keel_link_to_finish(l->type) ? c->lf[l->succ] : c->ls[l->succ];
        keel_time bound = keel_link_unapply_lag(p, l, to);
        if (!keel_link_from_finish(l->type))
            bound = keel_calendar_add_work(cal, bound, t->duration);
        f = min_time(f, bound);
    }
    /* at the start of a working period the end of the previous one is the
     * same working instant; MS Project shows that one (a milestone too) */
    f = keel_calendar_prev_work_end(cal, f);
    c->lf[j] = f;
    c->ls[j] = keel_calendar_sub_work(cal, f, t->duration);
}

static int64_t slack_between(const keel_portfolio *p, int task, keel_time a, keel_time b)
{
    const keel_calendar *pcal = &p->calendars[p->projects[p->tasks[task].project].calendar];
    return keel_calendar_work_between(pcal, a, b);
}

static void compute_slack(const keel_portfolio *p, keel_cpm *c, int j)
{
    int64_t ts = slack_between(p, j, c->es[j], c->ls[j]);
    int64_t fin = slack_between(p, j, c->ef[j], c->lf[j]);
    if (fin < ts)
        ts = fin;
    int64_t fs = ts;
    for (int k = p->succ_start[j]; k < p->succ_start[j + 1]; k++) {
        const keel_link *l = &p->links[p->succ_link[k]];
        if (!c->drives[p->succ_link[k]])
            continue;
        keel_time from = keel_link_from_finish(l->type) ? c->ef[j] : c->es[j];
        keel_time to = keel_link_to_finish(l->type) ? c->ef[l->succ] : c->es[l->succ];
        int64_t room = slack_between(p, j, keel_link_apply_lag(p, l, from), to);
        if (room < fs)
            fs = room;
    }
    c->total_slack[j] = ts;
    c->free_slack[j] = fs < 0 ? 0 : fs;
    c->critical[j] = ts <= 0;
}

static void project_dates(const keel_portfolio *p, keel_cpm *c)
{
    c->finish = KEEL_TIME_NONE;
    for (int q = 0; q < p->nprojects; q++) {
        const keel_project *pr = &p->projects[q];
        keel_time s = KEEL_TIME_NONE, f = KEEL_TIME_NONE;
        for (int t = pr->first_task; t < pr->first_task + pr->ntasks; t++) {
            if (p->tasks[t].summary)
                continue;
            if (s == KEEL_TIME_NONE || c->es[t] < s)
                s = c->es[t];
            if (f == KEEL_TIME_NONE || c->ef[t] > f)
                f = c->ef[t];
        }
        if (s == KEEL_TIME_NONE)
            s = f = pr->start;
        c->project_start[q] = s;
        c->project_finish[q] = f;
        c->project_length[q] =
            keel_calendar_work_between(&p->calendars[pr->calendar], s, f);
        c->finish = max_time(c->finish, f);
    }
}

/* Summary tasks span their leaves. */
static void roll_up(const keel_portfolio *p, keel_cpm *c)
{
    for (int t = p->ntasks - 1; t >= 0; t--) {
        int a = p->tasks[t].parent;
        if (p->tasks[t].summary && c->es[t] == KEEL_TIME_NONE)
            continue; /* a summary without leaves keeps no dates */
        for (; a >= 0; a = p->tasks[a].parent) {
            bool first = c->es[a] == KEEL_TIME_NONE;
            c->es[a] = first ? c->es[t] : min_time(c->es[a], c->es[t]);
            c->ef[a] = first ? c->ef[t] : max_time(c->ef[a], c->ef[t]);
            c->ls[a] = first ? c->ls[t] : min_time(c->ls[a], c->ls[t]);
            c->lf[a] = first ? c->lf[t] : max_time(c->lf[a], c->lf[t]);
            c->total_slack[a] = first ? c->total_slack[t]
                                      : (c->total_slack[t] < c->total_slack[a]
                                             ? c->total_slack[t]
                                             : c->total_slack[a]);
            c->critical[a] = c->critical[a] || c->critical[t];
        }
    }
    for (int t = 0; t < p->ntasks; t++)
        if (p->tasks[t].summary && c->es[t] == KEEL_TIME_NONE) {
            keel_time s = p->projects[p->tasks[t].project].start;
            c->es[t] = c->ef[t] = c->ls[t] = c->lf[t] = s;
        }
}

static keel_cpm *cpm_alloc(const keel_portfolio *p)
{
    keel_cpm *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    size_t n = (size_t)p->ntasks + 1, q = (size_t)p->nprojects + 1;
    c->ntasks = p->ntasks;
    c->nprojects = p->nprojects;
    c->es = malloc(n * sizeof(keel_time));
    c->ef = malloc(n * sizeof(keel_time));
    c->ls = malloc(n * sizeof(keel_time));
    c->lf = malloc(n * sizeof(keel_time));
    c->total_slack = calloc(n, sizeof(int64_t));
    c->free_slack = calloc(n, sizeof(int64_t));
    c->critical = calloc(n, sizeof(bool));
    c->portfolio_critical = calloc(n, sizeof(bool));
    c->project_start = malloc(q * sizeof(keel_time));
    c->project_finish = malloc(q * sizeof(keel_time));
    c->project_length = calloc(q, sizeof(int64_t));
    if (!c->es || !c->ef || !c->ls || !c->lf || !c->total_slack || !c->free_slack ||
        !c->critical || !c->portfolio_critical || !c->project_start ||
        !c->project_finish || !c->project_length) {
        keel_cpm_free(c);
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        c->es[i] = c->ef[i] = c->ls[i] = c->lf[i] = KEEL_TIME_NONE;
    return c;
}

void keel_cpm_free(keel_cpm *c)
{
    if (!c)
        return;
    free(c->es);
    free(c->ef);
    free(c->ls);
    free(c->lf);
    free(c->total_slack);
    free(c->free_slack);
    free(c->critical);
    free(c->portfolio_critical);
    free(c->project_start);
    free(c->project_finish);
    free(c->project_length);
    free(c->drives);
    free(c);
}

/* Backward pass against the portfolio finish: zero slack marks the chain that
 * decides when the whole portfolio ends. */
static void portfolio_chain(const keel_portfolio *p, keel_cpm *c)
{
    keel_time *ls = c->ls, *lf = c->lf;
    keel_time *tmp_ls = malloc(sizeof(keel_time) * (size_t)(p->ntasks + 1));
    keel_time *tmp_lf = malloc(sizeof(keel_time) * (size_t)(p->ntasks + 1));
    if (!tmp_ls || !tmp_lf) { /* leave portfolio_critical unset rather than fail */
        free(tmp_ls);
        free(tmp_lf);
        return;
    }
    c->ls = tmp_ls;
    c->lf = tmp_lf;
    for (int i = p->nleaves - 1; i >= 0; i--)
        backward_task(p, c, p->topo[i], c->finish);
    for (int i = 0; i < p->nleaves; i++) {
        int j = p->topo[i];
        c->portfolio_critical[j] = c->ls[j] <= c->es[j];
    }
    c->ls = ls;
    c->lf = lf;
    free(tmp_ls);
    free(tmp_lf);
}

static bool has_alap(const keel_portfolio *p)
{
    for (int i = 0; i < p->nleaves; i++)
        if (p->tasks[p->topo[i]].constraint == KEEL_ALAP && !p->tasks[p->topo[i]].fixed)
            return true;
    return false;
}

/* The second forward pass (ALAP tasks at their late dates), then the link
 * drivers and project spans of those final dates. The late dates stay: MS
 * Project derives them once, before it places ALAP tasks (their successors
 * move within their own slack, so no project finishes later). False when out
 * of memory. */
static bool alap_pass(const keel_portfolio *p, keel_cpm *c)
{
    for (int i = 0; i < p->nleaves; i++)
        forward_task(p, c, p->topo[i], true);
    free(c->drives);
    if (!(c->drives = keel_link_drivers(p, c->es, c->ef)))
        return false;
    project_dates(p, c);
    return true;
}

/* A project whose tasks have no date to start from (no StartDate, no task
 * Start, no release) cannot be placed in time. */
static keel_status check_starts(const keel_portfolio *p, keel_error *err)
{
    for (int q = 0; q < p->nprojects; q++) {
        const keel_project *pr = &p->projects[q];
        if (pr->start == KEEL_TIME_NONE && pr->ntasks > 0)
            return keel_error_set(err, KEEL_ERR_PARSE, pr->file ? pr->file : pr->name, 0,
                                  "project: no StartDate and no task has a Start, so its "
                                  "tasks cannot be placed in time (MS Project always writes "
                                  "<StartDate>)");
    }
    return KEEL_OK;
}

keel_status keel_cpm_run(const keel_portfolio *p, keel_cpm **out, keel_error *err)
{
    *out = NULL;
    keel_status st = check_starts(p, err);
    if (st != KEEL_OK)
        return st;
    keel_cpm *c = cpm_alloc(p);
    if (!c)
        return keel_error_nomem(err);
    for (int i = 0; i < p->nleaves; i++)
        forward_task(p, c, p->topo[i], false);
    if (!(c->drives = keel_link_drivers(p, c->es, c->ef))) {
        keel_cpm_free(c);
        return keel_error_nomem(err);
    }
    project_dates(p, c);
    for (int i = p->nleaves - 1; i >= 0; i--) {
        int j = p->topo[i];
        backward_task(p, c, j, c->project_finish[p->tasks[j].project]);
    }
    if (has_alap(p) && !alap_pass(p, c)) {
        keel_cpm_free(c);
        return keel_error_nomem(err);
    }
    for (int i = 0; i < p->nleaves; i++)
        compute_slack(p, c, p->topo[i]);
    portfolio_chain(p, c);
    roll_up(p, c);
    *out = c;
    return KEEL_OK;
}

keel_cpm_task keel_cpm_task_get(const keel_cpm *c, int task)
{
    keel_cpm_task r = {0};
    if (!c || task < 0 || task >= c->ntasks)
        return r;
    r.early_start = c->es[task];
    r.early_finish = c->ef[task];
    r.late_start = c->ls[task];
    r.late_finish = c->lf[task];
    r.total_slack = c->total_slack[task];
    r.free_slack = c->free_slack[task];
    r.critical = c->critical[task];
    return r;
}

keel_cpm_project keel_cpm_project_get(const keel_cpm *c, int project)
{
    keel_cpm_project r = {0};
    if (!c || project < 0 || project >= c->nprojects)
        return r;
    r.start = c->project_start[project];
    r.finish = c->project_finish[project];
    r.length = c->project_length[project];
    return r;
}

keel_time keel_cpm_portfolio_finish(const keel_cpm *c)
{
    return c ? c->finish : KEEL_TIME_NONE;
}
