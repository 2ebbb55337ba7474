/* SPDX-License-Identifier: GPL-3.0-or-later
 * The three-point estimate of every job's remaining duration. MS Project's
 * PERT analysis keeps the optimistic, expected and pessimistic durations in
 * the custom fields Duration1-3 (the reader takes them); the portfolio file
 * gives spreads around the planned duration. A started job keeps what it
 * has done: its remaining duration is the estimate less the work already
 * done. The distribution is triangular with the expected duration as its
 * mode, as schedule risk tools default to (docs/risk.md).
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "base/error.h"
#include "risk/risk.h"

static const char *const field_names[3] = {"optimistic (Duration1)", "expected (Duration2)",
                                           "pessimistic (Duration3)"};

/* minutes as "2.5 d" in working days of project q (periods for research). */
static const char *days(const keel_portfolio *p, int q, int64_t minutes, char *buf, size_t n)
{
    int32_t mpd = p->projects[q].minutes_per_day;
    if (p->research || mpd <= 0)
        snprintf(buf, n, "%lld", (long long)minutes);
    else
        snprintf(buf, n, "%.2f d", (double)minutes / mpd);
    return buf;
}

static keel_status bad_estimate(const keel_portfolio *p, int task, keel_error *err,
                                const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static keel_status bad_estimate(const keel_portfolio *p, int task, keel_error *err,
                                const char *fmt, ...)
{
    const keel_task *t = &p->tasks[task];
    const keel_project *pr = &p->projects[t->project];
    char what[300];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    return keel_error_set(err, KEEL_ERR_PARSE, pr->file ? pr->file : pr->name,
                          t->estimate_line, "task UID %d '%.200s': three-point estimate: %s",
                          (int)t->uid, t->name, what);
}

/* Checks a task's Duration1-3: all three, none negative, in order. */
static keel_status check_file_estimate(const keel_portfolio *p, int task, keel_error *err)
{
    const keel_task *t = &p->tasks[task];
    char a[32], b[32];
    for (int i = 0; i < 3; i++)
        if (!(t->estimate_mask & (1u << i)))
            return bad_estimate(p, task, err, "%s is missing", field_names[i]);
    for (int i = 0; i < 3; i++)
        if (t->estimate[i] < 0)
            return bad_estimate(p, task, err, "%s is negative (%s)", field_names[i],
                                days(p, t->project, t->estimate[i], a, sizeof a));
    for (int i = 0; i < 2; i++)
        if (t->estimate[i] > t->estimate[i + 1])
            return bad_estimate(p, task, err, "%s %s is above %s %s", field_names[i],
                                days(p, t->project, t->estimate[i], a, sizeof a),
                                field_names[i + 1],
                                days(p, t->project, t->estimate[i + 1], b, sizeof b));
    return KEEL_OK;
}

/* The remaining part of a whole-duration estimate: what is done stays done. */
static int64_t remaining(const keel_task *t, int64_t whole)
{
    int64_t done = t->total_duration - t->duration;
    int64_t r = whole - (done > 0 ? done : 0);
    return r > 1 ? r : 1;
}

static int64_t spread(int64_t minutes, int32_t tenths)
{
    return llround((double)minutes * (1000.0 + tenths) / 1000.0);
}

/* The estimate of job j; fails only for a bad three-point estimate. */
static keel_status estimate_job(keel_risk_model *m, int j, bool use_files, keel_error *err)
{
    const keel_problem *P = m->P;
    const keel_portfolio *p = P->portfolio;
    const keel_task *t = &p->tasks[P->task[j]];
    int64_t d = P->dur[j];
    m->lo[j] = m->mode[j] = m->hi[j] = d;
    m->source[j] = KEEL_RISK_NONE;
    if (use_files && t->estimate_mask) {
        keel_status st = check_file_estimate(p, P->task[j], err);
        if (st != KEEL_OK)
            return st;
        m->source[j] = KEEL_RISK_FILE;
        if (d > 0) {
            m->lo[j] = remaining(t, t->estimate[0]);
            m->mode[j] = remaining(t, t->estimate[1]);
            m->hi[j] = remaining(t, t->estimate[2]);
        }
    } else if (t->spread) {
        m->source[j] = KEEL_RISK_PORTFOLIO;
        if (d > 0) {
            m->lo[j] = spread(d, t->spread_lo);
            m->hi[j] = spread(d, t->spread_hi);
            m->lo[j] = m->lo[j] > 1 ? m->lo[j] : 1;
        }
    }
    return KEEL_OK;
}

keel_status keel_risk_estimates(keel_risk_model *m, bool use_files, int *from_files,
                                int *from_portfolio, keel_error *err)
{
    *from_files = *from_portfolio = 0;
    for (int j = 0; j < m->P->njobs; j++) {
        keel_status st = estimate_job(m, j, use_files, err);
        if (st != KEEL_OK)
            return st;
        bool varies = m->P->dur[j] > 0; /* milestones and finished jobs never do */
        *from_files += varies && m->source[j] == KEEL_RISK_FILE;
        *from_portfolio += varies && m->source[j] == KEEL_RISK_PORTFOLIO;
        if (m->hi[j] > m->lo[j]) {
            m->uncertain[m->nuncertain++] = j;
            m->extra += m->hi[j] > m->P->dur[j] ? m->hi[j] - m->P->dur[j] : 0;
        }
    }
    return KEEL_OK;
}

int64_t keel_risk_quantile(const keel_risk_model *m, int j, double u)
{
    int64_t lo = m->lo[j], hi = m->hi[j];
    if (hi <= lo)
        return lo;
    double a = (double)lo, b = (double)hi, c = (double)m->mode[j];
    double x = u * (b - a) < c - a ? a + sqrt(u * (b - a) * (c - a))
                                   : b - sqrt((1 - u) * (b - a) * (b - c));
    int64_t d = llround(x);
    d = d < lo ? lo : d > hi ? hi : d;
    return m->P->dur[j] > 0 && d < 1 ? 1 : d;
}
