/* SPDX-License-Identifier: GPL-3.0-or-later
 * Schedule health, the checks of the critical path (DCMA points 12 and 13).
 * The critical path test lengthens one critical task of each project by 600
 * working days and reruns the CPM: it passes when the delay drives the
 * project finish through a chain of binding links (each successor starts
 * where the delayed predecessor puts it) to the task that ended the project. Comparing how far the dates moved
 * would not do: on calendars with holidays a slip of 600 working days spans
 * different holidays on different calendars. Projects joined by cross-project links are tested in separate CPM
 * runs (a delay in one could move the other); the others share a run. CPLI
 * is (CPL + TF) / CPL with CPL the critical path length from the status date
 * (else the project start) to the CPM finish and TF the float to the target,
 * the baseline finish (else the project deadline), in working time of the
 * project calendar.
 */
#include <string.h>

#include "base/error.h"
#include "health/health.h"

static const keel_calendar *project_cal(const keel_portfolio *p, int q)
{
    return &p->calendars[p->projects[q].calendar];
}

/* True when task a is a better one to delay than b: lower total slack (the
 * most critical path), then a task with a duration, then the earlier start,
 * then the file order. */
static bool better_test(const health_ctx *c, int a, int b)
{
    const keel_task *x = &c->p->tasks[a], *y = &c->p->tasks[b];
    if (c->cpm->total_slack[a] != c->cpm->total_slack[b])
        return c->cpm->total_slack[a] < c->cpm->total_slack[b];
    if ((x->duration > 0) != (y->duration > 0))
        return x->duration > 0;
    return c->cpm->es[a] != c->cpm->es[b] ? c->cpm->es[a] < c->cpm->es[b] : a < b;
}

/* The task the test delays: an unstarted, incomplete critical leaf (the best
 * by better_test), or -1 when the project has none. */
static int test_task(const health_ctx *c, int q)
{
    const keel_portfolio *p = c->p;
    const keel_project *pr = &p->projects[q];
    int best = -1;
    for (int t = pr->first_task; t < pr->first_task + pr->ntasks; t++) {
        const keel_task *k = &p->tasks[t];
        if (!keel_health_incomplete(k) || k->actual_start != KEEL_TIME_NONE ||
            !c->cpm->critical[t])
            continue;
        if (best < 0 || better_test(c, t, best))
            best = t;
    }
    return best;
}

static int find_root(int *parent, int x)
{
    while (parent[x] != x)
        x = parent[x] = parent[parent[x]];
    return x;
}

/* round[q]: the CPM run that tests project q (projects joined by links get
 * different runs). Returns the number of runs. */
static int plan_rounds(const keel_portfolio *p, const int *task_of, int *parent, int *round)
{
    for (int q = 0; q < p->nprojects; q++)
        parent[q] = q;
    for (int i = 0; i < p->nlinks; i++) {
        int a = p->tasks[p->links[i].pred].project, b = p->tasks[p->links[i].succ].project;
        parent[find_root(parent, a)] = find_root(parent, b);
    }
    int nrounds = 0;
    for (int q = 0; q < p->nprojects; q++) {
        round[q] = -1;
        if (task_of[q] < 0)
            continue;
        int r = 0;
        for (int o = 0; o < q; o++)
            if (round[o] >= r && find_root(parent, o) == find_root(parent, q))
                r = round[o] + 1;
        round[q] = r;
        nrounds = r + 1 > nrounds ? r + 1 : nrounds;
    }
    return nrounds;
}

/* True when link l binds its successor in cpm c (its start is where this
 * predecessor puts it): the delay travels along l. */
static bool binds(const keel_portfolio *p, const keel_cpm *c, const keel_link *l)
{
    keel_time from = keel_link_from_finish(l->type) ? c->ef[l->pred] : c->es[l->pred];
    keel_time bound = keel_link_apply_lag(p, l, from);
    if (keel_link_to_finish(l->type))
        bound = keel_calendar_sub_work(keel_task_cal(p, l->succ), bound,
                                       p->tasks[l->succ].duration);
    return !p->tasks[l->succ].fixed && keel_task_snap_start(p, l->succ, bound) == c->es[l->succ];
}

/* True when a chain of binding links in cpm c (of the delayed portfolio p)
 * leads from task t to a task that ended project q before the delay (in
 * `before`) and still ends it. A delayed task that merely became the last
 * one does not count: its slip must travel the path to the finish. */
static bool drives_finish(const keel_portfolio *p, const keel_cpm *before, const keel_cpm *c,
                          int q, int t, int *stack, bool *seen)
{
    int n = 0;
    bool found = false;
    memset(seen, 0, (size_t)p->ntasks * sizeof *seen);
    stack[n++] = t;
    seen[t] = true;
    while (n > 0 && !found) {
        int x = stack[--n];
        found = p->tasks[x].project == q && before->ef[x] == before->project_finish[q] &&
                c->ef[x] == c->project_finish[q];
        for (int k = p->succ_start[x]; k < p->succ_start[x + 1]; k++) {
            const keel_link *l = &p->links[p->succ_link[k]];
            if (!seen[l->succ] && binds(p, c, l)) {
                seen[l->succ] = true;
                stack[n++] = l->succ;
            }
        }
    }
    return found;
}

/* Judges project q after its test task t was delayed (cpm `after` of the
 * delayed portfolio): it passes when the delay drives the project finish. */
static bool judge(const health_ctx *c, const keel_portfolio *delayed, const keel_cpm *after,
                  int q, int t, int *stack, bool *seen, health_tally *out)
{
    bool ok = drives_finish(delayed, c->cpm, after, q, t, stack, seen);
    int64_t reached = keel_calendar_work_between(project_cal(c->p, q), c->cpm->project_finish[q],
                                                 after->project_finish[q]);
    out->total = 1;
    out->count = !ok;
    out->value = ok;
    return keel_health_add(out, t, -1, reached,
                           ok ? "the delay moved the project finish"
                              : "the delay does not reach the project finish");
}

static keel_status run_round(const health_ctx *c, const int *task_of, const int *round,
                             int r, keel_task *tasks, int *stack, bool *seen,
                             health_tally *out, keel_error *err)
{
    const keel_portfolio *p = c->p;
    memcpy(tasks, p->tasks, (size_t)p->ntasks * sizeof *tasks);
    for (int q = 0; q < p->nprojects; q++)
        if (round[q] == r)
            tasks[task_of[q]].duration += KEEL_HEALTH_TEST_DAYS * keel_health_day(p, q);
    keel_portfolio delayed = *p;
    delayed.tasks = tasks;
    keel_cpm *after = NULL;
    keel_status st = keel_cpm_run(&delayed, &after, err);
    for (int q = 0; st == KEEL_OK && q < p->nprojects; q++)
        if (round[q] == r && !judge(c, &delayed, after, q, task_of[q], stack, seen, &out[q]))
            st = keel_error_nomem(err);
    keel_cpm_free(after);
    return st;
}

keel_status keel_health_critical_test(const health_ctx *c, health_tally *out,
                                      keel_error *err)
{
    const keel_portfolio *p = c->p;
    size_t n = (size_t)p->nprojects + 1;
    int *task_of = malloc(n * sizeof *task_of), *parent = malloc(n * sizeof *parent);
    int *round = malloc(n * sizeof *round);
    keel_task *tasks = malloc(((size_t)p->ntasks + 1) * sizeof *tasks);
    int *stack = malloc(((size_t)p->ntasks + 1) * sizeof *stack);
    bool *seen = malloc((size_t)p->ntasks + 1);
    keel_status st = KEEL_OK;
    if (!task_of || !parent || !round || !tasks || !stack || !seen) {
        st = keel_error_nomem(err);
        goto done;
    }
    for (int q = 0; q < p->nprojects; q++) {
        task_of[q] = test_task(c, q);
        if (task_of[q] < 0) {
            out[q].applicable = false;
            out[q].note = "no unstarted critical task";
        }
    }
    int nrounds = plan_rounds(p, task_of, parent, round);
    for (int r = 0; r < nrounds && st == KEEL_OK; r++)
        st = run_round(c, task_of, round, r, tasks, stack, seen, out, err);
done:
    free(stack);
    free(seen);
    free(task_of);
    free(parent);
    free(round);
    free(tasks);
    return st;
}

/* The date the project should finish by: its latest baseline finish, else its
 * deadline, else KEEL_TIME_NONE. */
static keel_time target_finish(const keel_portfolio *p, int q)
{
    const keel_project *pr = &p->projects[q];
    keel_time best = KEEL_TIME_NONE;
    for (int t = pr->first_task; t < pr->first_task + pr->ntasks; t++) {
        const keel_task *k = &p->tasks[t];
        if (!k->summary && k->has_baseline && k->baseline_finish > best)
            best = k->baseline_finish;
    }
    return best != KEEL_TIME_NONE ? best : pr->deadline;
}

bool keel_health_cpli(const health_ctx *c, int q, health_tally *out)
{
    const keel_portfolio *p = c->p;
    keel_time target = target_finish(p, q), finish = c->cpm->project_finish[q];
    keel_time now = c->status[q] != KEEL_TIME_NONE ? c->status[q] : c->cpm->project_start[q];
    const keel_calendar *cal = project_cal(p, q);
    int64_t cpl = keel_calendar_work_between(cal, now, finish);
    out->applicable = false;
    if (target == KEEL_TIME_NONE)
        out->note = "no baseline finish or deadline";
    else if (cpl <= 0)
        out->note = "no work left after the status date";
    else
        out->applicable = true;
    if (!out->applicable)
        return true;
    int64_t tf = keel_calendar_work_between(cal, finish, target);
    out->total = 1;
    out->value = (double)(cpl + tf) / (double)cpl;
    return true;
}
