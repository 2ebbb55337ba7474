/* SPDX-License-Identifier: GPL-3.0-or-later
 * keel_health_run: the DCMA 14-point assessment of every project and of the
 * portfolio. One table lists the checks (number, names, rule, threshold);
 * each project's tallies are judged against it, and the portfolio's row is
 * the sum of the projects' (critical path test: failing projects; CPLI: the
 * lowest; BEI: the ratio of the sums). Thresholds are DCMA's (docs/health.md).
 */
#include <math.h>
#include <string.h>

#include "base/error.h"
#include "health/health.h"

typedef bool (*check_fn)(const health_ctx *c, int q, health_tally *out);

static const struct check_def {
    const char *name, *title;
    keel_health_rule rule;
    double threshold;
    check_fn run; /* NULL: the critical path test, run for all projects at once */
} checks[KEEL_HEALTH_NCHECKS] = {
    {"logic", "Missing logic", KEEL_HEALTH_AT_MOST, 5, keel_health_logic},
    {"leads", "Leads", KEEL_HEALTH_NONE, 0, keel_health_leads},
    {"lags", "Lags", KEEL_HEALTH_AT_MOST, 5, keel_health_lags},
    {"relationship_types", "Relationship types (FS share)", KEEL_HEALTH_AT_LEAST, 90,
     keel_health_types},
    {"hard_constraints", "Hard constraints", KEEL_HEALTH_AT_MOST, 5, keel_health_constraints},
    {"high_float", "High float", KEEL_HEALTH_AT_MOST, 5, keel_health_high_float},
    {"negative_float", "Negative float", KEEL_HEALTH_NONE, 0, keel_health_negative_float},
    {"high_duration", "High duration", KEEL_HEALTH_AT_MOST, 5, keel_health_high_duration},
    {"invalid_dates", "Invalid dates", KEEL_HEALTH_NONE, 0, keel_health_invalid_dates},
    {"resources", "Resources", KEEL_HEALTH_NONE, 0, keel_health_resources},
    {"missed_tasks", "Missed tasks", KEEL_HEALTH_AT_MOST, 5, keel_health_missed},
    {"critical_path_test", "Critical path test", KEEL_HEALTH_TEST, 1, NULL},
    {"cpli", "Critical path length index", KEEL_HEALTH_INDEX, 0.95, keel_health_cpli},
    {"bei", "Baseline execution index", KEEL_HEALTH_INDEX, 0.95, keel_health_bei},
};

struct keel_health {
    int nprojects;
    keel_time *status;             /* [nprojects] */
    health_tally *tally;           /* [(nprojects + 1) * NCHECKS], the portfolio last */
};

static health_tally *tally_of(const keel_health *h, int q, int check)
{
    return &h->tally[(size_t)q * KEEL_HEALTH_NCHECKS + (size_t)check];
}

bool keel_health_add(health_tally *t, int task, int other, int64_t value, const char *why)
{
    keel_health_item it = {task, other, value, why};
    return KEEL_VEC_PUSH(&t->items, it);
}

bool keel_health_each_task(const health_ctx *c, int q, health_tally *out, health_task_fn judge)
{
    const keel_project *pr = &c->p->projects[q];
    for (int t = pr->first_task; t < pr->first_task + pr->ntasks; t++) {
        int64_t value = 0;
        const char *why = NULL;
        int verdict = keel_health_incomplete(&c->p->tasks[t]) ? judge(c, t, &value, &why)
                                                               : HEALTH_SKIP;
        if (verdict == HEALTH_SKIP)
            continue;
        out->total++;
        if (verdict == HEALTH_FINE)
            continue;
        out->count++;
        if (!keel_health_add(out, t, -1, value, why))
            return false;
    }
    return true;
}

bool keel_health_incomplete(const keel_task *t)
{
    return !t->summary && t->actual_finish == KEEL_TIME_NONE && t->percent_complete < 100;
}

keel_time keel_health_finished_at(const keel_task *t)
{
    if (t->actual_finish != KEEL_TIME_NONE)
        return t->actual_finish;
    return t->percent_complete >= 100 ? t->finish : KEEL_TIME_NONE;
}

int64_t keel_health_day(const keel_portfolio *p, int project)
{
    int32_t mpd = p->projects[project].minutes_per_day;
    return p->research ? 1 : mpd > 0 ? mpd : 480;
}

void keel_health_options_init(keel_health_options *o)
{
    memset(o, 0, sizeof *o);
    o->status_date = KEEL_TIME_NONE;
}

void keel_health_free(keel_health *h)
{
    if (!h)
        return;
    for (int i = 0; h->tally && i < (h->nprojects + 1) * KEEL_HEALTH_NCHECKS; i++)
        KEEL_VEC_FREE(&h->tally[i].items);
    free(h->tally);
    free(h->status);
    free(h);
}

/* The value a percentage check judges, from its tally. */
static double percentage(const struct check_def *d, const health_tally *t)
{
    double share = t->total > 0 ? 100.0 * (double)t->count / (double)t->total : 0;
    if (d->rule == KEEL_HEALTH_AT_LEAST) /* the FS share: count holds the others */
        return t->total > 0 ? 100.0 - share : NAN;
    return share;
}

static keel_health_result judge(const keel_health *h, int q, int check)
{
    const struct check_def *d = &checks[check];
    const health_tally *t = tally_of(h, q < 0 ? h->nprojects : q, check);
    keel_health_result r = {.check = (keel_health_check)check, .number = check + 1,
                            .name = d->name, .title = d->title, .rule = d->rule,
                            .threshold = d->threshold, .applicable = t->applicable,
                            .note = t->note, .count = t->count, .total = t->total,
                            .nitems = (int)t->items.len, .items = t->items.data};
    bool pct = d->rule == KEEL_HEALTH_AT_MOST || d->rule == KEEL_HEALTH_AT_LEAST ||
               d->rule == KEEL_HEALTH_NONE;
    r.value = !r.applicable ? NAN : pct ? percentage(d, t) : t->value;
    if (d->rule == KEEL_HEALTH_AT_LEAST && isnan(r.value) && r.applicable) {
        r.applicable = false;
        r.note = "no relationships";
    }
    if (!r.applicable)
        return r;
    switch (d->rule) {
    case KEEL_HEALTH_AT_MOST:
        r.pass = r.value <= d->threshold;
        break;
    case KEEL_HEALTH_NONE:
        r.pass = r.count == 0;
        break;
    default: /* at least, index, test */
        r.pass = r.value >= d->threshold;
        break;
    }
    if (check == KEEL_HEALTH_CPLI && q >= 0)
        r.count = !r.pass;
    return r;
}

/* The portfolio's tally of a check, from the projects'. */
static bool sum_projects(keel_health *h, int check)
{
    health_tally *all = tally_of(h, h->nprojects, check);
    double lowest = INFINITY, done = 0;
    all->applicable = false;
    all->note = "applies to no project";
    for (int q = 0; q < h->nprojects; q++) {
        const health_tally *t = tally_of(h, q, check);
        if (!t->applicable)
            continue;
        all->applicable = true;
        all->note = NULL;
        keel_health_result r = judge(h, q, check);
        bool per_project = check == KEEL_HEALTH_CRITICAL_PATH_TEST || check == KEEL_HEALTH_CPLI;
        all->count += per_project ? !r.pass : t->count;
        all->total += t->total;
        lowest = t->value < lowest ? t->value : lowest;
        done += t->value * (double)t->total; /* BEI: finished tasks */
        for (size_t i = 0; i < t->items.len; i++)
            if ((check != KEEL_HEALTH_CRITICAL_PATH_TEST || !r.pass) &&
                !KEEL_VEC_PUSH(&all->items, t->items.data[i]))
                return false;
    }
    if (check == KEEL_HEALTH_CPLI)
        all->value = lowest;
    else if (check == KEEL_HEALTH_BEI)
        all->value = all->total > 0 ? done / (double)all->total : NAN;
    else if (check == KEEL_HEALTH_CRITICAL_PATH_TEST)
        all->value = all->count == 0 ? 1 : 0;
    return true;
}

static keel_status run_checks(keel_health *h, const health_ctx *c, keel_error *err)
{
    for (int q = 0; q < h->nprojects; q++)
        for (int k = 0; k < KEEL_HEALTH_NCHECKS; k++) {
            health_tally *t = tally_of(h, q, k);
            t->applicable = true;
            if (checks[k].run && !checks[k].run(c, q, t))
                return keel_error_nomem(err);
        }
    health_tally *test = malloc(((size_t)h->nprojects + 1) * sizeof *test);
    if (!test)
        return keel_error_nomem(err);
    for (int q = 0; q < h->nprojects; q++)
        test[q] = *tally_of(h, q, KEEL_HEALTH_CRITICAL_PATH_TEST);
    keel_status st = keel_health_critical_test(c, test, err);
    for (int q = 0; q < h->nprojects; q++)
        *tally_of(h, q, KEEL_HEALTH_CRITICAL_PATH_TEST) = test[q];
    free(test);
    for (int k = 0; st == KEEL_OK && k < KEEL_HEALTH_NCHECKS; k++)
        if (!sum_projects(h, k))
            st = keel_error_nomem(err);
    return st;
}

keel_status keel_health_run(const keel_portfolio *p, const keel_health_options *opts,
                            keel_health **out, keel_error *err)
{
    *out = NULL;
    keel_health *h = calloc(1, sizeof *h);
    if (!h)
        return keel_error_nomem(err);
    h->nprojects = p->nprojects;
    h->status = malloc(((size_t)p->nprojects + 1) * sizeof *h->status);
    h->tally = calloc(((size_t)p->nprojects + 1) * KEEL_HEALTH_NCHECKS, sizeof *h->tally);
    if (!h->status || !h->tally) {
        keel_health_free(h);
        return keel_error_nomem(err);
    }
    for (int q = 0; q < p->nprojects; q++)
        h->status[q] = opts && opts->status_date != KEEL_TIME_NONE ? opts->status_date
                                                                   : p->projects[q].status_date;
    keel_cpm *cpm = NULL;
    keel_status st = keel_cpm_run(p, &cpm, err);
    if (st == KEEL_OK) {
        health_ctx c = {p, cpm, h->status};
        st = run_checks(h, &c, err);
    }
    keel_cpm_free(cpm);
    if (st != KEEL_OK) {
        keel_health_free(h);
        return st;
    }
    *out = h;
    return KEEL_OK;
}

keel_health_result keel_health_get(const keel_health *h, int project, keel_health_check check)
{
    keel_health_result none = {0};
    if (!h || project < -1 || project >= h->nprojects || (int)check < 0 ||
        check >= KEEL_HEALTH_NCHECKS)
        return none;
    return judge(h, project, check);
}

int keel_health_nprojects(const keel_health *h)
{
    return h ? h->nprojects : 0;
}

keel_time keel_health_status_date(const keel_health *h, int project)
{
    return h && project >= 0 && project < h->nprojects ? h->status[project] : KEEL_TIME_NONE;
}
