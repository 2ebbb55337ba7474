/* SPDX-License-Identifier: GPL-3.0-or-later
 * The portfolio text file (format in portfolio_file.h). Parsing works on a
 * private copy of the text, one NUL-terminated line at a time; applying
 * resolves everything first and changes the builder only when all of it
 * resolved, so that a failure leaves the builder as it was.
 */
#include "read/portfolio_file.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/error.h"
#include "base/readfile.h"
#include "base/timefmt.h"
#include "base/vec.h"
#include "model/overlay.h"
#include "read/ini_line.h"

typedef struct parser {
    const char *name;
    int line;
    keel_error *err;
    KEEL_VEC(keel_pfile_project) projects;
    KEEL_VEC(keel_pfile_link) links;
    KEEL_VEC(keel_pfile_resource) resources;
    KEEL_VEC(keel_pfile_rule) rules;   /* project: -1, or -2 - (index in names) */
    KEEL_VEC(char *) rule_projects;    /* project names of rules, resolved at the end */
    enum { IN_NONE, IN_PROJECT, IN_LINKS, IN_RULES, IN_RESOURCE } in;
    unsigned keys; /* keys seen in the current project section (bit per key) */
} parser;

/* Messages take at most two string arguments, which keeps this helper simple. */
static keel_status perr(parser *ps, const char *fmt, const char *a, const char *b)
{
    char msg[400];
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    snprintf(msg, sizeof msg, fmt, a ? a : "", b ? b : "");
#pragma GCC diagnostic pop
    return keel_error_set(ps->err, KEEL_ERR_PARSE, ps->name, ps->line, "%s", msg);
}

static bool valid_name(const char *s)
{
    if (!*s || strstr(s, "->")) return false;
    for (const char *c = s; *c; c++)
        if (isspace((unsigned char)*c) || *c == '[' || *c == ']' || *c == '=')
            return false;
    return true;
}

int keel_portfolio_file_find(const keel_portfolio_file *pf, const char *name)
{
    for (int i = 0; i < pf->nprojects; i++)
        if (strcmp(pf->projects[i].name, name) == 0) return i;
    return -1;
}

static int find_section(const parser *ps, const char *name)
{
    for (size_t i = 0; i < ps->projects.len; i++)
        if (strcmp(ps->projects.data[i].name, name) == 0) return (int)i;
    return -1;
}

/* ---------------------------------------------------------------- sections */

static void free_resource(keel_pfile_resource *r)
{
    free(r->name);
    free(r->capacity);
    free(r->capacity_line);
}

static keel_status parse_resource_section(parser *ps, const char *name)
{
    if (!*name) return perr(ps, "resource section: no resource name", NULL, NULL);
    for (size_t i = 0; i < ps->resources.len; i++)
        if (keel_resource_name_same(ps->resources.data[i].name, name))
            return perr(ps, "resource '%.60s': section given twice", name, NULL);
    keel_pfile_resource r = {.name = strdup(name), .line = ps->line};
    if (!r.name || !KEEL_VEC_PUSH(&ps->resources, r)) {
        free(r.name);
        return keel_error_nomem(ps->err);
    }
    ps->in = IN_RESOURCE;
    return KEEL_OK;
}

/* "capacity = VALUE [from WHEN] [to WHEN]" in a [resource] section. */
static keel_status parse_resource_key(parser *ps, char *s)
{
    char *eq = strchr(s, '=');
    if (!eq) return perr(ps, "expected 'capacity = VALUE [from DATE] [to DATE]'", NULL, NULL);
    *eq = '\0';
    char *key = keel_ini_trim(s), *v = keel_ini_trim(eq + 1);
    if (strcasecmp(key, "capacity") != 0)
        return perr(ps, "unknown key '%.60s' in a [resource] section (capacity)", key, NULL);
    keel_pfile_resource *r = &ps->resources.data[ps->resources.len - 1];
    keel_ini_capacity c;
    const char *token = NULL, *msg = keel_ini_parse_capacity(v, &c, &token);
    if (msg) return perr(ps, msg, token, NULL);
    keel_ini_capacity *caps = realloc(r->capacity, sizeof *caps * (size_t)(r->ncapacity + 1));
    if (caps) r->capacity = caps;
    int *lines = realloc(r->capacity_line, sizeof *lines * (size_t)(r->ncapacity + 1));
    if (lines) r->capacity_line = lines;
    if (!caps || !lines) return keel_error_nomem(ps->err);
    r->capacity[r->ncapacity] = c;
    r->capacity_line[r->ncapacity++] = ps->line;
    return KEEL_OK;
}

static keel_status parse_section(parser *ps, char *s)
{
    char *close = strchr(s, ']');
    if (!close || *keel_ini_trim(close + 1))
        return perr(ps,
                    "section header: expected '[project NAME]', '[resource NAME]', "
                    "'[links]' or '[uncertainty]'",
                    NULL, NULL);
    *close = '\0';
    char *body = keel_ini_trim(s + 1);
    if (strcasecmp(body, "links") == 0 || strcasecmp(body, "uncertainty") == 0) {
        ps->in = body[0] == 'l' || body[0] == 'L' ? IN_LINKS : IN_RULES;
        return KEEL_OK;
    }
    if (strncasecmp(body, "resource", 8) == 0 && (body[8] == ' ' || body[8] == '\t'))
        return parse_resource_section(ps, keel_ini_trim(body + 8));
    if (strncasecmp(body, "project", 7) != 0 || (body[7] != ' ' && body[7] != '\t'))
        return perr(ps,
                    "unknown section '[%.60s]' (expected [project NAME], [resource NAME], "
                    "[links] or [uncertainty])",
                    body, NULL);
    char *name = keel_ini_trim(body + 7);
    if (!valid_name(name))
        return perr(ps, "project name '%.60s': use no spaces, brackets, '=' or '->'",
                    name, NULL);
    if (find_section(ps, name) >= 0)
        return perr(ps, "project '%.60s': section given twice", name, NULL);
    keel_pfile_project p = {.priority = -1,
                            .weight = NAN,
                            .release = KEEL_TIME_NONE,
                            .deadline = KEEL_TIME_NONE,
                            .line = ps->line};
    if (!(p.name = strdup(name))) return keel_error_nomem(ps->err);
    if (!KEEL_VEC_PUSH(&ps->projects, p)) {
        free(p.name);
        return keel_error_nomem(ps->err);
    }
    ps->in = IN_PROJECT;
    ps->keys = 0;
    return KEEL_OK;
}

/* A date (minutes) or, for research instances, a plain period number. */
static keel_status parse_when(parser *ps, const char *key, const char *v, bool end_of_day,
                              keel_time *t, bool *periods)
{
    if (keel_ini_parse_when(v, end_of_day, t, periods))
        return KEEL_OK;
    return perr(ps,
                "%s: '%.60s' is not a date (YYYY-MM-DD or YYYY-MM-DDTHH:MM) or a "
                "period number",
                key, v);
}

/* One percentage "[+-]digits[.digit]%" in tenths of a percent; false when malformed. */
static bool parse_percent(const char *t, int32_t *out)
{
    int sign = 1, decimals = -1;
    int64_t v = 0;
    if (*t == '+' || *t == '-')
        sign = *t++ == '-' ? -1 : 1;
    if (*t < '0' || *t > '9')
        return false;
    for (; (*t >= '0' && *t <= '9') || (*t == '.' && decimals < 0); t++) {
        if (*t == '.') {
            decimals = 0;
            continue;
        }
        if (decimals >= 1 || v > 1000000)
            return false;
        if (decimals >= 0)
            decimals++;
        v = v * 10 + (*t - '0');
    }
    if (decimals < 1)
        v *= 10;
    if (strcmp(t, "%") != 0)
        return false;
    *out = (int32_t)(sign * v);
    return true;
}

/* "LOW% HIGH%": the optimistic and pessimistic change of a duration. */
static keel_status parse_spread(parser *ps, char *v, int32_t *lo, int32_t *hi)
{
    char *save = NULL, *a = strtok_r(v, " \t", &save), *b = strtok_r(NULL, " \t", &save);
    if (!a || !b || strtok_r(NULL, " \t", &save) || !parse_percent(a, lo) ||
        !parse_percent(b, hi))
        return perr(ps,
                    "uncertainty: expected two percentages such as '-10%% +40%%' (the "
                    "optimistic and pessimistic change of the duration)",
                    NULL, NULL);
    if (*lo > 0 || *lo < -1000 || *hi < 0 || *hi > 100000)
        return perr(ps,
                    "uncertainty: the first percentage must lie in -100..0 and the second "
                    "in 0..10000 (the planned duration is the most likely one)",
                    NULL, NULL);
    return KEEL_OK;
}

/* "PATTERN = LOW% HIGH%" under [uncertainty]. Task names may hold '=', so the
 * value follows the last one. */
static keel_status parse_rule(parser *ps, char *s)
{
    char *eq = strrchr(s, '=');
    if (!eq)
        return perr(ps, "uncertainty: expected 'PATTERN = LOW%% HIGH%%'", NULL, NULL);
    *eq = '\0';
    char *pattern = keel_ini_trim(s), *colon = strchr(pattern, ':');
    keel_pfile_rule rule = {.project = -1, .line = ps->line};
    keel_status st = parse_spread(ps, keel_ini_trim(eq + 1), &rule.lo, &rule.hi);
    if (st != KEEL_OK)
        return st;
    if (colon) {
        *colon = '\0';
        if (strcmp(keel_ini_trim(pattern), "*") != 0) {
            char *name = strdup(keel_ini_trim(pattern));
            if (!name || !KEEL_VEC_PUSH(&ps->rule_projects, name)) {
                free(name);
                return keel_error_nomem(ps->err);
            }
            rule.project = -2 - (int)(ps->rule_projects.len - 1);
        }
        pattern = keel_ini_trim(colon + 1);
    }
    if (!*pattern)
        return perr(ps, "uncertainty: empty task name pattern", NULL, NULL);
    if (!(rule.pattern = strdup(pattern)))
        return keel_error_nomem(ps->err);
    if (!KEEL_VEC_PUSH(&ps->rules, rule)) {
        free(rule.pattern);
        return keel_error_nomem(ps->err);
    }
    return KEEL_OK;
}

static keel_status parse_key(parser *ps, char *s)
{
    static const char *const keys[] = {"file",    "priority", "weight",
                                       "release", "deadline", "uncertainty"};
    char *eq = strchr(s, '=');
    if (ps->in != IN_PROJECT || !eq)
        return perr(ps,
                    ps->in == IN_LINKS ? "link: expected 'PROJECT:UID -> PROJECT:UID'"
                    : eq               ? "'%.60s' outside a [project] section"
                         : "expected 'key = value', a [section] or a comment",
                    keel_ini_trim(s), NULL);
    *eq = '\0';
    char *key = keel_ini_trim(s), *v = keel_ini_trim(eq + 1);
    int k = 0;
    while (k < 6 && strcasecmp(key, keys[k]) != 0)
        k++;
    if (k == 6)
        return perr(ps,
                    "unknown key '%.60s' (file, priority, weight, release, deadline, "
                    "uncertainty)",
                    key, NULL);
    if (ps->keys & (1u << k)) return perr(ps, "%s: given twice", keys[k], NULL);
    ps->keys |= 1u << k;
    if (!*v) return perr(ps, "%s: no value", keys[k], NULL);
    keel_pfile_project *p = &ps->projects.data[ps->projects.len - 1];
    int64_t n;
    char *end;
    switch (k) {
    case 0:
        if (!(p->file = keel_path_relative_to(ps->name, v)))
            return keel_error_nomem(ps->err);
        return KEEL_OK;
    case 1:
        if (!keel_ini_parse_uint(v, 1000, &n))
            return perr(ps, "priority: '%.60s' is not an integer in 0..1000", v, NULL);
        p->priority = (int)n;
        return KEEL_OK;
    case 2:
        p->weight = strtod(v, &end);
        if (*end || end == v || !isfinite(p->weight) || p->weight < 0 ||
            p->weight > 1e9) {
            p->weight = NAN;
            return perr(ps, "weight: '%.60s' is not a number >= 0", v, NULL);
        }
        return KEEL_OK;
    case 3:
        p->release_line = ps->line;
        return parse_when(ps, "release", v, false, &p->release, &p->release_periods);
    case 5:
        p->spread = true;
        return parse_spread(ps, v, &p->spread_lo, &p->spread_hi);
    default:
        p->deadline_line = ps->line;
        return parse_when(ps, "deadline", v, true, &p->deadline, &p->deadline_periods);
    }
}

/* ---------------------------------------------------------------- links */

/* "NAME:UID" into a section index and a UID. */
static keel_status parse_end(parser *ps, char *tok, int *project, int32_t *uid)
{
    char *colon = strrchr(tok, ':');
    int64_t n;
    if (!colon || colon == tok)
        return perr(ps, "link: '%.60s' is not PROJECT:UID", tok, NULL);
    *colon = '\0';
    if (!keel_ini_parse_uint(colon + 1, INT32_MAX, &n))
        return perr(ps, "link: '%.60s' is not a task UID (a number)", colon + 1, NULL);
    *uid = (int32_t)n;
    if ((*project = find_section(ps, tok)) < 0)
        return perr(ps, "link: unknown project '%.60s' (no [project %.60s] section)", tok,
                    tok);
    return KEEL_OK;
}

static bool parse_type(const char *t, keel_link_type *type)
{
    static const struct {
        const char *name;
        keel_link_type type;
    } types[] = {{"FS", KEEL_LINK_FS},
                 {"SS", KEEL_LINK_SS},
                 {"FF", KEEL_LINK_FF},
                 {"SF", KEEL_LINK_SF}};
    for (int i = 0; i < 4; i++)
        if (strcasecmp(t, types[i].name) == 0) {
            *type = types[i].type;
            return true;
        }
    return false;
}

/* [+-]digits[.digits(up to 3)] unit */
static keel_status parse_lag(parser *ps, const char *t, keel_pfile_link *l)
{
    keel_ini_amount a;
    if (keel_ini_parse_amount(t, &a)) {
        l->lag_milli = a.milli;
        l->unit = a.unit;
        l->elapsed = a.elapsed;
        return KEEL_OK;
    }
    return perr(
        ps,
        "link: '%.60s' is neither a type (FS SS FF SF) nor a lag such as +2d, -4h, "
        "3ed, 30m, 1w, 50%% (up to 3 decimals, at most 10^9)",
        t, NULL);
}

static keel_status parse_link(parser *ps, char *s)
{
    keel_status st;
    char *arrow = strstr(s, "->");
    if (!arrow)
        return perr(ps, "link: expected 'PROJECT:UID -> PROJECT:UID [TYPE] [LAG]'", NULL,
                    NULL);
    *arrow = '\0';
    char *left = keel_ini_trim(s), *save = NULL;
    keel_pfile_link l = {
        .type = KEEL_LINK_FS, .unit = KEEL_INI_MINUTES, .line = ps->line};
    if (strpbrk(left, " \t"))
        return perr(ps, "link: '%.60s' is not PROJECT:UID", left, NULL);
    if ((st = parse_end(ps, left, &l.pred_project, &l.pred_uid)) != KEEL_OK) return st;
    char *tok = strtok_r(arrow + 2, " \t", &save);
    if (!tok) return perr(ps, "link: no successor after '->'", NULL, NULL);
    if ((st = parse_end(ps, tok, &l.succ_project, &l.succ_uid)) != KEEL_OK) return st;
    bool has_type = false, has_lag = false;
    while ((tok = strtok_r(NULL, " \t", &save))) {
        if (!has_type && !has_lag && parse_type(tok, &l.type)) {
            has_type = true;
        } else if (!has_lag) {
            if ((st = parse_lag(ps, tok, &l)) != KEEL_OK) return st;
            has_lag = true;
        } else {
            return perr(ps, "link: unexpected '%.60s' after the lag", tok, NULL);
        }
    }
    if (l.pred_project == l.succ_project && l.pred_uid == l.succ_uid)
        return perr(ps, "link: a task cannot be its own predecessor", NULL, NULL);
    if (!KEEL_VEC_PUSH(&ps->links, l)) return keel_error_nomem(ps->err);
    return KEEL_OK;
}

/* ---------------------------------------------------------------- parse */

void keel_portfolio_file_free(keel_portfolio_file *pf)
{
    if (!pf) return;
    for (int i = 0; i < pf->nprojects; i++) {
        free(pf->projects[i].name);
        free(pf->projects[i].file);
    }
    for (int i = 0; i < pf->nrules; i++)
        free(pf->rules[i].pattern);
    free(pf->projects);
    free(pf->links);
    for (int i = 0; i < pf->nresources; i++)
        free_resource(&pf->resources[i]);
    free(pf->resources);
    free(pf->rules);
    free(pf->path);
    free(pf);
}

static keel_status parse_line(void *ctx, char *s, int line)
{
    parser *ps = ctx;
    ps->line = line;
    if (*s == '[') return parse_section(ps, s);
    if (ps->in == IN_LINKS) return parse_link(ps, s);
    if (ps->in == IN_RESOURCE) return parse_resource_key(ps, s);
    if (ps->in == IN_RULES) return parse_rule(ps, s);
    return parse_key(ps, s);
}

/* The project names of [uncertainty] lines become section indices once every
 * section is known (a rule may come before the section it names). */
static keel_status resolve_rules(parser *ps)
{
    for (size_t i = 0; i < ps->rules.len; i++) {
        keel_pfile_rule *r = &ps->rules.data[i];
        if (r->project >= -1)
            continue;
        const char *name = ps->rule_projects.data[-2 - r->project];
        r->project = find_section(ps, name);
        if (r->project < 0) {
            ps->line = r->line;
            return perr(ps, "uncertainty: unknown project '%.60s' (no [project %.60s] section)",
                        name, name);
        }
    }
    return KEEL_OK;
}

keel_status keel_portfolio_file_parse(const char *name, const char *text, size_t len,
                                      keel_portfolio_file **out, keel_error *err)
{
    parser ps = {.name = name ? name : "(portfolio)", .err = err};
    keel_portfolio_file *pf = NULL;
    *out = NULL;
    keel_status st = keel_ini_each_line(ps.name, text, len, parse_line, &ps, err);
    if (st != KEEL_OK) goto done;
    if ((st = resolve_rules(&ps)) != KEEL_OK)
        goto done;
    if (!(pf = calloc(1, sizeof *pf)) || !(pf->path = strdup(ps.name))) {
        st = keel_error_nomem(err);
        goto done;
    }
    pf->nprojects = (int)ps.projects.len;
    pf->projects = ps.projects.data;
    pf->nlinks = (int)ps.links.len;
    pf->links = ps.links.data;
    pf->nresources = (int)ps.resources.len;
    pf->resources = ps.resources.data;
    pf->nrules = (int)ps.rules.len;
    pf->rules = ps.rules.data;
    ps.projects.len = ps.resources.len = ps.rules.len = 0;
    ps.projects.data = NULL;
    ps.links.data = NULL;
    ps.resources.data = NULL;
    ps.rules.data = NULL;
done:
    for (size_t i = 0; i < ps.resources.len; i++)
        free_resource(&ps.resources.data[i]);
    KEEL_VEC_FREE(&ps.resources);
    for (size_t i = 0; i < ps.projects.len; i++) {
        free(ps.projects.data[i].name);
        free(ps.projects.data[i].file);
    }
    for (size_t i = 0; i < ps.rules.len; i++)
        free(ps.rules.data[i].pattern);
    for (size_t i = 0; i < ps.rule_projects.len; i++)
        free(ps.rule_projects.data[i]);
    KEEL_VEC_FREE(&ps.projects);
    KEEL_VEC_FREE(&ps.links);
    KEEL_VEC_FREE(&ps.rules);
    KEEL_VEC_FREE(&ps.rule_projects);
    if (st != KEEL_OK) {
        keel_portfolio_file_free(pf);
        return st;
    }
    *out = pf;
    return KEEL_OK;
}

keel_status keel_portfolio_file_read(const char *path, keel_portfolio_file **out,
                                     keel_error *err)
{
    char *text = NULL;
    size_t len = 0;
    *out = NULL;
    keel_status st = keel_file_read(path, KEEL_PFILE_MAX_BYTES, &text, &len, err);
    if (st == KEEL_OK) st = keel_portfolio_file_parse(path, text, len, out, err);
    free(text);
    return st;
}

/* ---------------------------------------------------------------- apply */

/* "name" equals s, or s without its extension. */
static bool name_matches(const char *s, const char *name)
{
    size_t n = strlen(name);
    if (strncmp(s, name, n) != 0) return false;
    return s[n] == '\0' || (s[n] == '.' && !strchr(s + n + 1, '.'));
}

/* The loaded project a section stands for. */
static keel_status match_project(const keel_portfolio_file *pf, int i,
                                 const keel_builder *b, int *out, keel_error *err)
{
    const keel_pfile_project *s = &pf->projects[i];
    int found = -1, count = 0;
    for (int pass = 0; pass < 2 && count == 0; pass++)
        for (size_t j = 0; j < b->projects.len; j++) {
            const keel_project *p = &b->projects.data[j];
            bool hit;
            if (s->file && pass == 0)
                hit = p->file && strcmp(p->file, s->file) == 0;
            else if (s->file)
                hit = strcmp(keel_path_basename(p->file ? p->file : p->name),
                             keel_path_basename(s->file)) == 0;
            else
                hit = p->name && name_matches(p->name, s->name);
            if (hit) {
                found = (int)j;
                count++;
            }
        }
    if (count == 1) {
        *out = found;
        return KEEL_OK;
    }
    return keel_error_set(
        err, KEEL_ERR_PARSE, pf->path, s->line, "project '%s': %s loaded project %s %s%s",
        s->name, count ? "more than one" : "no", s->file ? "has file" : "is named",
        s->file ? s->file : s->name, s->file ? "" : " (with or without extension)");
}

static keel_status check_when(const keel_portfolio_file *pf, const keel_pfile_project *s,
                              bool research, keel_error *err)
{
    for (int k = 0; k < 2; k++) {
        keel_time t = k ? s->deadline : s->release;
        bool periods = k ? s->deadline_periods : s->release_periods;
        if (t == KEEL_TIME_NONE || periods == research) continue;
        return keel_error_set(
            err, KEEL_ERR_PARSE, pf->path, k ? s->deadline_line : s->release_line,
            "project '%s': %s: %s", s->name, k ? "deadline" : "release",
            research ? "research instances count time in periods: give a "
                       "number"
                     : "give a date (YYYY-MM-DD or YYYY-MM-DDTHH:MM)");
    }
    return KEEL_OK;
}

static int find_uid(const keel_builder *b, int project, int32_t uid)
{
    const keel_project *p = &b->projects.data[project];
    for (int t = p->first_task; t < p->first_task + p->ntasks; t++)
        if (b->tasks.data[t].uid == uid) return t;
    return -1;
}

/* The lag in minutes; false when it overflows. */
static bool lag_minutes(const keel_pfile_link *l, const keel_project *succ,
                        const keel_task *pred, int64_t *out)
{
    keel_ini_amount a = {.milli = l->lag_milli, .unit = l->unit, .elapsed = l->elapsed};
    int64_t d = pred->total_duration > 0 ? pred->total_duration : pred->duration;
    return keel_ini_amount_minutes(&a, succ, d, out);
}

/* The capacity of a [resource] section's resource after its changes, in
 * b's arena; *index is the resource. */
static keel_status resource_capacity(const keel_portfolio_file *pf, const keel_pfile_resource *s,
                                     keel_builder *b, int *index, keel_capacity *out,
                                     keel_error *err)
{
    int r = keel_builder_find_resource(b, s->name);
    if (r < 0 || b->resources.data[r].type != KEEL_RES_WORK)
        return keel_error_set(err, KEEL_ERR_PARSE, pf->path, s->line,
                              "resource '%s': no loaded work resource has that name", s->name);
    const keel_resource *res = &b->resources.data[r];
    static const keel_time minus_infinity = KEEL_TIME_NONE;
    keel_capacity cap = res->capacity;
    if (cap.n == 0) /* MaxUnits alone */
        cap = (keel_capacity){1, (keel_time *)&minus_infinity, (int32_t *)&res->max_units};
    for (int i = 0; i < s->ncapacity; i++) {
        const keel_ini_capacity *c = &s->capacity[i];
        bool periods = c->from != KEEL_TIME_NONE ? c->from_periods : c->to_periods;
        if ((c->from != KEEL_TIME_NONE || c->to != KEEL_TIME_NONE) && periods != b->research)
            return keel_error_set(err, KEEL_ERR_PARSE, pf->path, s->capacity_line[i],
                                  "resource '%s': capacity: %s", s->name,
                                  b->research ? "research instances count time in periods: "
                                                "give a number"
                                              : "give a date (YYYY-MM-DD or YYYY-MM-DDTHH:MM)");
        keel_capacity_change ch = {r, c->relative, c->units, c->from, c->to};
        keel_time at;
        int32_t units;
        keel_status st = keel_capacity_apply(b->arena, &cap, &ch, &cap, &at, &units, err);
        if (st == KEEL_ERR_INVALID)
            return keel_error_set(err, KEEL_ERR_PARSE, pf->path, s->capacity_line[i],
                                  "resource '%s': the capacity would be %.3f units (a "
                                  "capacity cannot be negative)", s->name,
                                  (double)units / KEEL_UNITS_ONE);
        if (st != KEEL_OK) return st;
    }
    *index = r;
    *out = cap;
    return KEEL_OK;
}

bool keel_pattern_match(const char *pattern, const char *name)
{
    const char *star = NULL, *resume = NULL;
    while (*name) {
        if (*pattern == '*') {
            star = pattern++;
            resume = name;
        } else if (*pattern && (*pattern == '?' ||
                                tolower((unsigned char)*pattern) ==
                                    tolower((unsigned char)*name))) {
            pattern++;
            name++;
        } else if (star) {
            pattern = star + 1; /* let the last '*' take one more character */
            name = ++resume;
        } else {
            return false;
        }
    }
    while (*pattern == '*')
        pattern++;
    return !*pattern;
}

/* The uncertainty of every leaf task of a matched project: the first matching
 * [uncertainty] line, else its project's key. */
static void apply_spreads(const keel_portfolio_file *pf, const int *map,
                          const int *section_of, keel_builder *b)
{
    for (size_t t = 0; t < b->tasks.len; t++) {
        keel_task *task = &b->tasks.data[t];
        if (task->summary) continue;
        int sec = section_of[task->project];
        const keel_pfile_project *own = sec >= 0 ? &pf->projects[sec] : NULL;
        const keel_pfile_rule *hit = NULL;
        for (int k = 0; k < pf->nrules && !hit; k++) {
            const keel_pfile_rule *r = &pf->rules[k];
            if ((r->project < 0 || map[r->project] == task->project) &&
                keel_pattern_match(r->pattern, task->name))
                hit = r;
        }
        if (hit || (own && own->spread)) {
            task->spread = true;
            task->spread_lo = hit ? hit->lo : own->spread_lo;
            task->spread_hi = hit ? hit->hi : own->spread_hi;
        }
    }
}

keel_status keel_portfolio_file_apply(const keel_portfolio_file *pf, keel_builder *b,
                                      keel_error *err)
{
    keel_status st = KEEL_OK;
    int *map = calloc((size_t)pf->nprojects + 1, sizeof *map);
    int *section_of = malloc((b->projects.len + 1) * sizeof *section_of);
    keel_link *links = calloc((size_t)pf->nlinks + 1, sizeof *links);
    const char **aliases = calloc((size_t)pf->nprojects + 1, sizeof *aliases);
    int *rmap = calloc((size_t)pf->nresources + 1, sizeof *rmap);
    keel_capacity *caps = calloc((size_t)pf->nresources + 1, sizeof *caps);
    if (!map || !section_of || !links || !aliases || !rmap || !caps ||
        !KEEL_VEC_RESERVE(&b->links, b->links.len + (size_t)pf->nlinks)) {
        st = keel_error_nomem(err);
        goto done;
    }
    for (int i = 0; i < pf->nprojects; i++) {
        if ((st = match_project(pf, i, b, &map[i], err)) != KEEL_OK ||
            (st = check_when(pf, &pf->projects[i], b->research, err)) != KEEL_OK)
            goto done;
        for (int j = 0; j < i; j++)
            if (map[j] == map[i]) {
                st = keel_error_set(
                    err, KEEL_ERR_PARSE, pf->path, pf->projects[i].line,
                    "project '%s': the same loaded project as section '%s'",
                    pf->projects[i].name, pf->projects[j].name);
                goto done;
            }
    }
    for (int i = 0; i < pf->nlinks; i++) {
        const keel_pfile_link *l = &pf->links[i];
        int pp = map[l->pred_project], sp = map[l->succ_project];
        int pred = find_uid(b, pp, l->pred_uid), succ = find_uid(b, sp, l->succ_uid);
        if (pred < 0 || succ < 0) {
            bool p = pred < 0;
            st = keel_error_set(err, KEEL_ERR_PARSE, pf->path, l->line,
                                "link: project '%s' has no task with UID %d",
                                pf->projects[p ? l->pred_project : l->succ_project].name,
                                (int)(p ? l->pred_uid : l->succ_uid));
            goto done;
        }
        keel_link *k = &links[i];
        k->pred = pred;
        k->succ = succ;
        k->type = l->type;
        k->lag_kind = l->elapsed ? KEEL_LAG_ELAPSED : KEEL_LAG_WORK;
        k->line = l->line;
        if (!lag_minutes(l, &b->projects.data[sp], &b->tasks.data[pred], &k->lag)) {
            st = keel_error_set(err, KEEL_ERR_PARSE, pf->path, l->line,
                                "link: lag too large");
            goto done;
        }
    }
    for (int i = 0; i < pf->nresources; i++)
        if ((st = resource_capacity(pf, &pf->resources[i], b, &rmap[i], &caps[i], err)) !=
            KEEL_OK)
            goto done;
    for (int i = 0; i < pf->nprojects; i++) /* section names, before any change */
        if (!(aliases[i] = keel_arena_strdup(b->arena, pf->projects[i].name))) {
            st = keel_error_nomem(err);
            goto done;
        }
    /* Everything resolved: now change the builder. */
    for (int i = 0; i < pf->nprojects; i++) {
        const keel_pfile_project *s = &pf->projects[i];
        keel_project *p = &b->projects.data[map[i]];
        p->alias = aliases[i];
        if (s->priority >= 0) p->priority = s->priority;
        if (!isnan(s->weight)) p->weight = s->weight;
        if (s->release != KEEL_TIME_NONE) p->start = s->release;
        if (s->deadline != KEEL_TIME_NONE) p->deadline = s->deadline;
    }
    for (size_t j = 0; j < b->projects.len; j++)
        section_of[j] = -1;
    for (int i = 0; i < pf->nprojects; i++)
        section_of[map[i]] = i;
    apply_spreads(pf, map, section_of, b);
    for (int i = 0; i < pf->nlinks; i++)
        b->links.data[b->links.len++] = links[i];
    for (int i = 0; i < pf->nresources; i++)
        b->resources.data[rmap[i]].capacity = caps[i];
done:
    free(map);
    free(section_of);
    free(links);
    free(aliases);
    free(rmap);
    free(caps);
    return st;
}
