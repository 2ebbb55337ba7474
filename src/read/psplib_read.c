/* SPDX-License-Identifier: GPL-3.0-or-later
 * PSPLIB .sm reader (see psplib_read.h). The file is a sequence of lines; a
 * section starts at its title line (PROJECT INFORMATION, PRECEDENCE RELATIONS,
 * REQUESTS/DURATIONS, RESOURCEAVAILABILITIES) and holds column-title lines
 * followed by rows of integers. Before the first section come "key : value"
 * lines (jobs, horizon, resource counts). Lines of '*' or '-' separate.
 * Every count is checked against the limits in psplib_read.h and against the
 * number of lines of the file before anything is allocated.
 */
#include "read/psplib_read.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "base/readfile.h"

enum section { SEC_HEADER, SEC_PROJINFO, SEC_PREC, SEC_REQ, SEC_AVAIL, NSEC };

static const char *const section_title[NSEC] = {
    "header",
    "PROJECT INFORMATION",
    "PRECEDENCE RELATIONS",
    "REQUESTS/DURATIONS",
    "RESOURCEAVAILABILITIES",
};

#define MAX_NUMBER 1000000000000000LL /* 10^15: larger is never a valid field */

typedef struct parser {
    const char *name;
    const char *p, *end; /* unread text */
    int line, nlines;    /* current line (1-based), lines in the text */
    const char *s, *e;   /* current line, trimmed */
    keel_error *err;
    keel_psplib *inst;
    enum section sec;
    bool seen[NSEC];
    bool section_has_rows; /* a data row was seen in the current section */
    int nprec, nreq, ninfo, navail;
    int64_t nonrenewable, doubly;
    int *stamp; /* [njobs] duplicate-successor detection */
    KEEL_VEC(int) succ;
} parser;

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Advances to the next line; false at the end of the text. */
static bool next_line(parser *ps)
{
    if (ps->p >= ps->end) return false;
    const char *s = ps->p, *nl = memchr(s, '\n', (size_t)(ps->end - s));
    const char *e = nl ? nl : ps->end;
    ps->p = nl ? nl + 1 : ps->end;
    ps->line++;
    while (s < e && is_space(*s))
        s++;
    while (e > s && is_space(e[-1]))
        e--;
    ps->s = s;
    ps->e = e;
    return true;
}

/* Reads the next whitespace-separated integer of the current line into *v.
 * Returns 1 on a number, 0 at the end of the line, -1 (error set) on text that
 * is not a non-negative integer or is too large. */
static int next_int(parser *ps, const char **q, const char *what, int64_t *v)
{
    const char *c = *q;
    while (c < ps->e && is_space(*c))
        c++;
    *q = c;
    if (c == ps->e) return 0;
    const char *t = c;
    if (*c == '+') c++;
    int64_t x = 0;
    const char *digits = c;
    while (c < ps->e && is_digit(*c)) {
        if (x > MAX_NUMBER) {
            keel_error_set(ps->err, KEEL_ERR_PARSE, ps->name, ps->line,
                           "%s: number too large", what);
            return -1;
        }
        x = x * 10 + (*c - '0');
        c++;
    }
    if (c == digits || (c < ps->e && !is_space(*c))) {
        while (c < ps->e && !is_space(*c))
            c++;
        int n = (int)(c - t) > 40 ? 40 : (int)(c - t);
        char tok[41];
        for (int i = 0; i < n; i++)
            tok[i] = (t[i] >= 0x20 && t[i] < 0x7f) ? t[i] : '?';
        tok[n] = '\0';
        keel_error_set(ps->err, KEEL_ERR_PARSE, ps->name, ps->line,
                       "%s: expected a non-negative integer, found '%s'", what, tok);
        return -1;
    }
    if (x > MAX_NUMBER) {
        keel_error_set(ps->err, KEEL_ERR_PARSE, ps->name, ps->line,
                       "%s: number too large", what);
        return -1;
    }
    *q = c;
    *v = x;
    return 1;
}

/* Reads exactly one integer field; a missing field is an error. */
static keel_status need_int(parser *ps, const char **q, const char *what, int64_t lo,
                            int64_t hi, int64_t *v)
{
    int r = next_int(ps, q, what, v);
    if (r < 0) return KEEL_ERR_PARSE;
    if (r == 0)
        return keel_error_set(ps->err, KEEL_ERR_PARSE, ps->name, ps->line,
                              "%s: missing (row is too short)", what);
    if (*v < lo || *v > hi)
        return keel_error_set(ps->err, KEEL_ERR_PARSE, ps->name, ps->line,
                              "%s: %lld is out of range %lld..%lld", what, (long long)*v,
                              (long long)lo, (long long)hi);
    return KEEL_OK;
}

static keel_status need_end(parser *ps, const char *q, const char *what)
{
    while (q < ps->e && is_space(*q))
        q++;
    if (q < ps->e)
        return keel_error_set(ps->err, KEEL_ERR_PARSE, ps->name, ps->line,
                              "%s: unexpected extra fields", what);
    return KEEL_OK;
}

static bool line_starts(const parser *ps, const char *prefix)
{
    size_t n = strlen(prefix);
    return (size_t)(ps->e - ps->s) >= n && strncmp(ps->s, prefix, n) == 0;
}

static bool line_is_separator(const parser *ps)
{
    if (ps->s == ps->e) return true;
    for (const char *c = ps->s; c < ps->e; c++)
        if (*c != '*' && *c != '-' && *c != '=') return false;
    return true;
}

/* ---------------------------------------------------------------- header */

/* "key : value" lines before the first section. Unknown keys are ignored (the
 * generator's seed, the basedata file name). */
static keel_status parse_header_line(parser *ps)
{
    keel_psplib *in = ps->inst;
    const char *colon = memchr(ps->s, ':', (size_t)(ps->e - ps->s));
    if (!colon) return KEEL_OK; /* "RESOURCES" and similar titles */
    const char *q = colon + 1;
    int64_t v;
    keel_status st;
    if (line_starts(ps, "projects")) {
        if ((st = need_int(ps, &q, "projects", 1, 1, &v)) != KEEL_OK) return st;
    } else if (line_starts(ps, "jobs")) {
        if (in->njobs)
            return keel_error_set(ps->err, KEEL_ERR_PARSE, ps->name, ps->line,
                                  "jobs: given twice");
        if ((st = need_int(ps, &q, "jobs", 2, KEEL_PSPLIB_MAX_JOBS, &v)) != KEEL_OK)
            return st;
        /* Each job needs a row in two sections: more jobs than lines cannot be
         * right, and checking first keeps a hostile count from allocating. */
        if (v > ps->nlines)
            return keel_error_set(ps->err, KEEL_ERR_PARSE, ps->name, ps->line,
                                  "jobs: %lld jobs cannot fit in a file of %d lines",
                                  (long long)v, ps->nlines);
        in->njobs = (int)v;
    } else if (line_starts(ps, "horizon")) {
        if ((st = need_int(ps, &q, "horizon", 0, MAX_NUMBER, &v)) != KEEL_OK) return st;
        in->horizon = v;
    } else if (line_starts(ps, "- renewable")) {
        if (in->nres)
            return keel_error_set(ps->err, KEEL_ERR_PARSE, ps->name, ps->line,
                                  "renewable resources: given twice");
        if ((st = need_int(ps, &q, "renewable resources", 1, KEEL_PSPLIB_MAX_RESOURCES,
                           &v)) != KEEL_OK)
            return st;
        in->nres = (int)v;
    } else if (line_starts(ps, "- nonrenewable") || line_starts(ps, "- doubly")) {
        bool non = line_starts(ps, "- nonrenewable");
        const char *what =
            non ? "nonrenewable resources" : "doubly constrained resources";
        if ((st = need_int(ps, &q, what, 0, MAX_NUMBER, &v)) != KEEL_OK) return st;
        if (v != 0)
            return keel_error_set(ps->err, KEEL_ERR_PARSE, ps->name, ps->line,
                                  "%s: %lld; only single-mode instances with renewable "
                                  "resources are supported",
                                  what, (long long)v);
    }
    return KEEL_OK;
}

/* ---------------------------------------------------------------- sections */

static keel_status alloc_jobs(parser *ps)
{
    keel_psplib *in = ps->inst;
    if (in->duration) return KEEL_OK;
    size_t n = (size_t)in->njobs, k = (size_t)in->nres;
    in->duration = calloc(n, sizeof *in->duration);
    in->demand = calloc(n * k, sizeof *in->demand);
    in->capacity = calloc(k, sizeof *in->capacity);
    in->succ_start = calloc(n + 1, sizeof *in->succ_start);
    in->prec_line = calloc(n, sizeof *in->prec_line);
    in->req_line = calloc(n, sizeof *in->req_line);
    ps->stamp = calloc(n, sizeof *ps->stamp);
    if (!in->duration || !in->demand || !in->capacity || !in->succ_start ||
        !in->prec_line || !in->req_line || !ps->stamp)
        return keel_error_nomem(ps->err);
    return KEEL_OK;
}

/* Checks that the section being left is complete; line is where it ended. */
static keel_status close_section(parser *ps, int line)
{
    const keel_psplib *in = ps->inst;
    const char *t = section_title[ps->sec];
    switch (ps->sec) {
    case SEC_PROJINFO:
        if (ps->ninfo == 0)
            return keel_error_set(ps->err, KEEL_ERR_PARSE, ps->name, line,
                                  "%s: no project row", t);
        break;
    case SEC_PREC:
        if (ps->nprec < in->njobs)
            return keel_error_set(ps->err, KEEL_ERR_PARSE, ps->name, line,
                                  "%s: %d of %d jobs listed (file truncated?)", t,
                                  ps->nprec, in->njobs);
        break;
    case SEC_REQ:
        if (ps->nreq < in->njobs)
            return keel_error_set(ps->err, KEEL_ERR_PARSE, ps->name, line,
                                  "%s: %d of %d jobs listed (file truncated?)", t,
                                  ps->nreq, in->njobs);
        break;
    case SEC_AVAIL:
        if (ps->navail == 0)
            return keel_error_set(ps->err, KEEL_ERR_PARSE, ps->name, line,
                                  "%s: no capacity row", t);
        break;
    default:
        break;
    }
    return KEEL_OK;
}

static keel_status open_section(parser *ps, enum section sec)
{
    keel_status st = close_section(ps, ps->line);
    if (st != KEEL_OK) return st;
    const char *t = section_title[sec];
    if (ps->seen[sec])
        return keel_error_set(ps->err, KEEL_ERR_PARSE, ps->name, ps->line,
                              "%s: section appears twice", t);
    if (ps->inst->njobs == 0)
        return keel_error_set(
            ps->err, KEEL_ERR_PARSE, ps->name, ps->line,
            "%s: the 'jobs (incl. supersource/sink )' line must come first", t);
    if (ps->inst->nres == 0)
        return keel_error_set(ps->err, KEEL_ERR_PARSE, ps->name, ps->line,
                              "%s: the '- renewable' resource count must come first", t);
    ps->seen[sec] = true;
    ps->sec = sec;
    ps->section_has_rows = false;
    return alloc_jobs(ps);
}

static keel_status parse_info_row(parser *ps)
{
    keel_psplib *in = ps->inst;
    const char *q = ps->s;
    int64_t v;
    keel_status st;
    if (ps->ninfo++)
        return keel_error_set(ps->err, KEEL_ERR_PARSE, ps->name, ps->line,
                              "PROJECT INFORMATION: more than one project");
    if ((st = need_int(ps, &q, "PROJECT INFORMATION: pronr.", 1, 1, &v)) != KEEL_OK ||
        (st = need_int(ps, &q, "PROJECT INFORMATION: #jobs", in->njobs - 2, in->njobs - 2,
                       &v)) != KEEL_OK ||
        (st = need_int(ps, &q, "PROJECT INFORMATION: rel.date", 0, MAX_NUMBER,
                       &in->release)) != KEEL_OK ||
        (st = need_int(ps, &q, "PROJECT INFORMATION: duedate", 0, MAX_NUMBER,
                       &in->due_date)) != KEEL_OK ||
        (st = need_int(ps, &q, "PROJECT INFORMATION: tardcost", 0, MAX_NUMBER, &v)) !=
            KEEL_OK ||
        (st = need_int(ps, &q, "PROJECT INFORMATION: MPM-Time", 0, MAX_NUMBER,
                       &in->mpm_time)) != KEEL_OK)
        return st;
    return need_end(ps, q, "PROJECT INFORMATION");
}

static keel_status parse_prec_row(parser *ps)
{
    keel_psplib *in = ps->inst;
    const char *q = ps->s;
    int64_t job, modes, nsucc, s;
    char what[96];
    keel_status st;
    if (ps->nprec == in->njobs)
        return keel_error_set(ps->err, KEEL_ERR_PARSE, ps->name, ps->line,
                              "PRECEDENCE RELATIONS: more than %d jobs", in->njobs);
    if ((st = need_int(ps, &q, "PRECEDENCE RELATIONS: jobnr.", 0, MAX_NUMBER, &job)) !=
        KEEL_OK)
        return st;
    if (job != ps->nprec + 1)
        return keel_error_set(ps->err, KEEL_ERR_PARSE, ps->name, ps->line,
                              "PRECEDENCE RELATIONS: job %lld where job %d was expected",
                              (long long)job, ps->nprec + 1);
    snprintf(what, sizeof what, "PRECEDENCE RELATIONS: job %lld", (long long)job);
    if ((st = need_int(ps, &q, what, 0, MAX_NUMBER, &modes)) != KEEL_OK) return st;
    if (modes != 1)
        return keel_error_set(ps->err, KEEL_ERR_PARSE, ps->name, ps->line,
                              "%s: %lld modes; only single-mode instances (.sm) are "
                              "supported",
                              what, (long long)modes);
    if ((st = need_int(ps, &q, what, 0, in->njobs - 1, &nsucc)) != KEEL_OK) return st;
    int j = ps->nprec;
    in->prec_line[j] = ps->line;
    in->succ_start[j] = (int)ps->succ.len;
    if (!KEEL_VEC_RESERVE(&ps->succ, ps->succ.len + (size_t)nsucc))
        return keel_error_nomem(ps->err);
    for (int64_t i = 0; i < nsucc; i++) {
        int r = next_int(ps, &q, what, &s);
        if (r < 0) return KEEL_ERR_PARSE;
        if (r == 0)
            return keel_error_set(ps->err, KEEL_ERR_PARSE, ps->name, ps->line,
                                  "%s: %lld successors declared, %lld listed", what,
                                  (long long)nsucc, (long long)i);
        if (s < 1 || s > in->njobs)
            return keel_error_set(ps->err, KEEL_ERR_PARSE, ps->name, ps->line,
                                  "%s: successor %lld does not exist (jobs are 1..%d)",
                                  what, (long long)s, in->njobs);
        if (s == job)
            return keel_error_set(ps->err, KEEL_ERR_PARSE, ps->name, ps->line,
                                  "%s: job is its own successor", what);
        if (ps->stamp[s - 1] == j + 1)
            return keel_error_set(ps->err, KEEL_ERR_PARSE, ps->name, ps->line,
                                  "%s: successor %lld listed twice", what, (long long)s);
        ps->stamp[s - 1] = j + 1;
        ps->succ.data[ps->succ.len++] = (int)(s - 1);
    }
    if (next_int(ps, &q, what, &s) != 0)
        return keel_error_set(ps->err, KEEL_ERR_PARSE, ps->name, ps->line,
                              "%s: more successors listed than the %lld declared", what,
                              (long long)nsucc);
    ps->nprec++;
    in->succ_start[ps->nprec] = (int)ps->succ.len;
    return KEEL_OK;
}

static keel_status parse_req_row(parser *ps)
{
    keel_psplib *in = ps->inst;
    const char *q = ps->s;
    int64_t job, mode, v;
    char what[96];
    keel_status st;
    if (ps->nreq == in->njobs)
        return keel_error_set(ps->err, KEEL_ERR_PARSE, ps->name, ps->line,
                              "REQUESTS/DURATIONS: more than %d rows (multi-mode "
                              "instances are not supported)",
                              in->njobs);
    if ((st = need_int(ps, &q, "REQUESTS/DURATIONS: jobnr.", 0, MAX_NUMBER, &job)) !=
        KEEL_OK)
        return st;
    if (job != ps->nreq + 1)
        return keel_error_set(ps->err, KEEL_ERR_PARSE, ps->name, ps->line,
                              "REQUESTS/DURATIONS: job %lld where job %d was expected",
                              (long long)job, ps->nreq + 1);
    snprintf(what, sizeof what, "REQUESTS/DURATIONS: job %lld", (long long)job);
    if ((st = need_int(ps, &q, what, 0, MAX_NUMBER, &mode)) != KEEL_OK) return st;
    if (mode != 1)
        return keel_error_set(ps->err, KEEL_ERR_PARSE, ps->name, ps->line,
                              "%s: mode %lld; only single-mode instances (.sm) are "
                              "supported",
                              what, (long long)mode);
    int j = ps->nreq;
    if ((st = need_int(ps, &q, what, 0, KEEL_PSPLIB_MAX_DURATION, &v)) != KEEL_OK)
        return st;
    in->duration[j] = v;
    for (int k = 0; k < in->nres; k++) {
        if ((st = need_int(ps, &q, what, 0, KEEL_PSPLIB_MAX_UNITS, &v)) != KEEL_OK)
            return st;
        in->demand[(size_t)j * (size_t)in->nres + (size_t)k] = (int32_t)v;
    }
    if ((st = need_end(ps, q, what)) != KEEL_OK) return st;
    in->req_line[j] = ps->line;
    ps->nreq++;
    return KEEL_OK;
}

static keel_status parse_avail_row(parser *ps)
{
    keel_psplib *in = ps->inst;
    const char *q = ps->s;
    int64_t v;
    keel_status st;
    if (ps->navail++)
        return keel_error_set(ps->err, KEEL_ERR_PARSE, ps->name, ps->line,
                              "RESOURCEAVAILABILITIES: more than one capacity row");
    for (int k = 0; k < in->nres; k++) {
        if ((st = need_int(ps, &q, "RESOURCEAVAILABILITIES", 0, KEEL_PSPLIB_MAX_UNITS,
                           &v)) != KEEL_OK)
            return st;
        in->capacity[k] = (int32_t)v;
    }
    in->avail_line = ps->line;
    return need_end(ps, q, "RESOURCEAVAILABILITIES");
}

static keel_status parse_line(parser *ps)
{
    static const enum section titled[] = {SEC_PROJINFO, SEC_PREC, SEC_REQ, SEC_AVAIL};
    if (line_is_separator(ps)) return KEEL_OK;
    for (size_t i = 0; i < sizeof titled / sizeof *titled; i++)
        if (line_starts(ps, section_title[titled[i]])) return open_section(ps, titled[i]);
    if (ps->sec == SEC_HEADER) return parse_header_line(ps);
    if (!is_digit(*ps->s) && *ps->s != '+') {
        /* Column titles ("jobnr. ...", "R 1  R 2") precede the rows. */
        if (ps->section_has_rows)
            return keel_error_set(ps->err, KEEL_ERR_PARSE, ps->name, ps->line,
                                  "%s: unexpected text after the rows",
                                  section_title[ps->sec]);
        return KEEL_OK;
    }
    ps->section_has_rows = true;
    switch (ps->sec) {
    case SEC_PROJINFO:
        return parse_info_row(ps);
    case SEC_PREC:
        return parse_prec_row(ps);
    case SEC_REQ:
        return parse_req_row(ps);
    case SEC_AVAIL:
        return parse_avail_row(ps);
    default:
        return KEEL_OK;
    }
}

void keel_psplib_free(keel_psplib *inst)
{
    if (!inst) return;
    free(inst->name);
    free(inst->duration);
    free(inst->demand);
    free(inst->capacity);
    free(inst->succ_start);
    free(inst->succ);
    free(inst->prec_line);
    free(inst->req_line);
    free(inst);
}

keel_status keel_psplib_parse(const char *name, const char *text, size_t len,
                              keel_psplib **out, keel_error *err)
{
    keel_status st = KEEL_OK;
    *out = NULL;
    if (!name) name = "(psplib)";
    parser ps = {.name = name, .p = text, .end = text + len, .err = err};
    ps.inst = calloc(1, sizeof *ps.inst);
    if (!ps.inst || !(ps.inst->name = strdup(name))) {
        st = keel_error_nomem(err);
        goto done;
    }
    ps.inst->horizon = -1;
    ps.nlines = len > 0 ? 1 : 0;
    for (const char *c = text; (c = memchr(c, '\n', (size_t)(text + len - c))); c++)
        if (c + 1 < text + len) ps.nlines++;
    if (ps.nlines == 0) {
        st = keel_error_set(err, KEEL_ERR_PARSE, name, 1,
                            "empty file, not a PSPLIB instance");
        goto done;
    }
    while (next_line(&ps))
        if ((st = parse_line(&ps)) != KEEL_OK) goto done;
    if ((st = close_section(&ps, ps.line)) != KEEL_OK) goto done;
    for (int s = SEC_PROJINFO; s < NSEC; s++)
        if (!ps.seen[s]) {
            st = keel_error_set(err, KEEL_ERR_PARSE, name, ps.line,
                                "end of file: section %s is missing (not a PSPLIB .sm "
                                "file, or truncated)",
                                section_title[s]);
            goto done;
        }
    ps.inst->succ = ps.succ.data;
    ps.succ.data = NULL;
    if (!ps.inst->succ && !(ps.inst->succ = malloc(sizeof(int)))) {
        st = keel_error_nomem(err);
        goto done;
    }
done:
    KEEL_VEC_FREE(&ps.succ);
    free(ps.stamp);
    if (st != KEEL_OK) {
        keel_psplib_free(ps.inst);
        return st;
    }
    *out = ps.inst;
    return KEEL_OK;
}

keel_status keel_psplib_load(const char *path, keel_psplib **out, keel_error *err)
{
    char *text = NULL;
    size_t len = 0;
    *out = NULL;
    keel_status st = keel_file_read(path, KEEL_PSPLIB_MAX_BYTES, &text, &len, err);
    if (st == KEEL_OK) st = keel_psplib_parse(path, text, len, out, err);
    free(text);
    return st;
}

/* ---------------------------------------------------------------- building */

int keel_psplib_continuous_calendar(keel_builder *b)
{
    for (size_t i = 0; i < b->calendar_defs.len; i++)
        if (b->calendar_defs.data[i].name &&
            strcmp(b->calendar_defs.data[i].name, "continuous") == 0)
            return (int)i;
    keel_calendar_def d;
    memset(&d, 0, sizeof d);
    d.name = keel_arena_strdup(b->arena, "continuous");
    d.uid = -1;
    d.base = -1;
    for (int w = 0; w < 7; w++) {
        d.week[w].set = true;
        d.week[w].working = true;
        d.week[w].nspans = 1;
        d.week[w].spans[0].from = 0;
        d.week[w].spans[0].to = KEEL_MINUTES_PER_DAY;
    }
    if (!d.name || !KEEL_VEC_PUSH(&b->calendar_defs, d)) return -1;
    return (int)b->calendar_defs.len - 1;
}

static bool add_task(keel_builder *b, const keel_psplib *in, int project, int cal, int j)
{
    char name[32];
    snprintf(name, sizeof name, "job %d", j + 1);
    keel_task t;
    memset(&t, 0, sizeof t);
    t.project = project;
    t.uid = t.id = j + 1;
    t.name = keel_arena_strdup(b->arena, name);
    t.line = in->prec_line[j];
    t.outline_level = 1;
    t.parent = -1;
    t.milestone = in->duration[j] == 0;
    t.duration = t.total_duration = in->duration[j];
    t.task_calendar = -1;
    t.calendar = cal;
    t.priority = 500;
    t.constraint = KEEL_ASAP;
    t.constraint_date = t.deadline = KEEL_TIME_NONE;
    t.actual_start = t.actual_finish = KEEL_TIME_NONE;
    t.start = t.finish = t.pre_start = t.pre_finish = KEEL_TIME_NONE;
    return t.name && KEEL_VEC_PUSH(&b->tasks, t);
}

static bool add_resource(keel_builder *b, const keel_psplib *in, const char *prefix,
                         const char *file, int k)
{
    size_t n = strlen(prefix) + 16;
    char *name = keel_arena_alloc(b->arena, n);
    if (!name) return false;
    snprintf(name, n, "%sR%d", prefix, k + 1);
    keel_resource r;
    memset(&r, 0, sizeof r);
    r.name = name;
    r.file = file;
    r.line = in->avail_line;
    r.type = KEEL_RES_WORK;
    r.can_level = true;
    r.max_units = in->capacity[k] * KEEL_UNITS_ONE;
    r.calendar = -1;
    return KEEL_VEC_PUSH(&b->resources, r);
}

keel_status keel_psplib_add(const keel_psplib *in, keel_builder *b,
                            const keel_psplib_add_opts *opts, int *project_out,
                            keel_error *err)
{
    keel_psplib_add_opts none = {0};
    if (!opts) opts = &none;
    keel_builder_mark mark = keel_builder_mark_take(b);
    size_t np = mark.projects, nt = mark.tasks, nr = mark.resources;
    keel_status st = KEEL_OK;
    int *res = NULL;
    if (project_out) *project_out = -1;
    if (opts->resource_map)
        for (int k = 0; k < in->nres; k++)
            if (opts->resource_map[k] < -1 || opts->resource_map[k] >= (int)nr)
                return keel_error_set(err, KEEL_ERR_INVALID, in->name, 0,
                                      "resource map entry %d is not a resource", k);
    if ((size_t)in->njobs > (size_t)INT32_MAX - nt)
        return keel_error_set(err, KEEL_ERR_INVALID, in->name, 0, "too many tasks");
    const char *file = opts->file ? keel_arena_strdup(b->arena, opts->file) : NULL;
    const char *pname =
        opts->project_name ? opts->project_name : keel_path_basename(in->name);
    int cal = keel_psplib_continuous_calendar(b);
    keel_project p;
    memset(&p, 0, sizeof p);
    p.name = keel_arena_strdup(b->arena, pname);
    p.file = file;
    p.calendar = cal;
    p.start = opts->start;
    p.status_date = p.deadline = KEEL_TIME_NONE;
    p.priority = 500;
    p.weight = 1.0;
    p.minutes_per_day = KEEL_MINUTES_PER_DAY; /* continuous: a day is 1440 periods */
    p.minutes_per_week = KEEL_MINUTES_PER_WEEK;
    p.days_per_month = 30;
    p.first_task = (int)nt;
    p.ntasks = in->njobs;
    res = malloc((size_t)in->nres * sizeof *res);
    if (cal < 0 || !p.name || (opts->file && !file) || !res ||
        !KEEL_VEC_PUSH(&b->projects, p))
        goto nomem;
    b->research = true;
    const char *prefix = opts->resource_prefix ? opts->resource_prefix : "";
    for (int k = 0; k < in->nres; k++) {
        res[k] = opts->resource_map ? opts->resource_map[k] : -1;
        if (res[k] < 0) {
            if (!add_resource(b, in, prefix, file, k)) goto nomem;
            res[k] = (int)b->resources.len - 1;
        }
    }
    for (int j = 0; j < in->njobs; j++)
        if (!add_task(b, in, (int)np, cal, j)) goto nomem;
    for (int j = 0; j < in->njobs; j++)
        for (int i = in->succ_start[j]; i < in->succ_start[j + 1]; i++) {
            keel_link l = {.pred = (int)nt + j,
                           .succ = (int)nt + in->succ[i],
                           .type = KEEL_LINK_FS,
                           .lag_kind = KEEL_LAG_WORK,
                           .lag = 0,
                           .line = in->prec_line[j]};
            if (!KEEL_VEC_PUSH(&b->links, l)) goto nomem;
        }
    for (int j = 0; j < in->njobs; j++)
        for (int k = 0; k < in->nres; k++) {
            int32_t d = in->demand[(size_t)j * (size_t)in->nres + (size_t)k];
            if (d == 0) continue;
            keel_assignment a = {.task = (int)nt + j,
                                 .resource = res[k],
                                 .units = d * KEEL_UNITS_ONE,
                                 .work = 0,
                                 .start = KEEL_TIME_NONE,
                                 .finish = KEEL_TIME_NONE,
                                 .uid = -1,
                                 .line = in->req_line[j]};
            if (!KEEL_VEC_PUSH(&b->assignments, a)) goto nomem;
        }
    if (project_out) *project_out = (int)np;
    goto done;
nomem:
    st = keel_error_nomem(err);
    keel_builder_rollback(b, &mark);
done:
    free(res);
    return st;
}

keel_status keel_psplib_read(const char *path, keel_builder *b, int *project_out,
                             int64_t *mpm_time_out, keel_error *err)
{
    keel_psplib *in = NULL;
    if (project_out) *project_out = -1;
    keel_status st = keel_psplib_load(path, &in, err);
    if (st != KEEL_OK) return st;
    for (int k = 0; k < in->nres; k++) {
        char name[16];
        snprintf(name, sizeof name, "R%d", k + 1);
        for (size_t r = 0; r < b->resources.len; r++)
            if (b->resources.data[r].name &&
                strcmp(b->resources.data[r].name, name) == 0) {
                st = keel_error_set(err, KEEL_ERR_PARSE, path, 0,
                                    "resource %s is already defined: one PSPLIB instance "
                                    "per portfolio (use MPSPLIB for several projects)",
                                    name);
                goto done;
            }
    }
    keel_psplib_add_opts o = {.file = path, .start = 0};
    st = keel_psplib_add(in, b, &o, project_out, err);
    if (st == KEEL_OK && mpm_time_out) *mpm_time_out = in->mpm_time;
done:
    keel_psplib_free(in);
    return st;
}
