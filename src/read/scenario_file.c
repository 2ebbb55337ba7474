/* SPDX-License-Identifier: GPL-3.0-or-later
 * The scenario file (format in scenario_file.h). One statement a line,
 * "KEYWORD [TARGET] = VALUE" under a [scenario NAME] header; the lexical rules
 * (comments, dates, amounts of time) are the portfolio file's (ini_line.h).
 * Parsing checks everything that needs no portfolio: names, numbers, units,
 * dates, negative absolute capacities, duplicated scenario names.
 */
#include "read/scenario_file.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/error.h"
#include "base/readfile.h"
#include "base/vec.h"

typedef KEEL_VEC(keel_change) change_vec;

typedef struct parser {
    const char *name;
    int line;
    keel_error *err;
    KEEL_VEC(keel_scenario_def) scenarios;
    change_vec changes; /* of the scenario being read */
} parser;

/* Messages take at most two string arguments, as in the portfolio file. */
static keel_status perr2(parser *ps, const char *fmt, const char *a, const char *b)
{
    char msg[400];
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    snprintf(msg, sizeof msg, fmt, a ? a : "", b ? b : "");
#pragma GCC diagnostic pop
    return keel_error_set(ps->err, KEEL_ERR_PARSE, ps->name, ps->line, "%s", msg);
}

static keel_status perr(parser *ps, const char *fmt, const char *a)
{
    return perr2(ps, fmt, a, a);
}

bool keel_scenario_name_valid(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > KEEL_SCENARIO_NAME_MAX || s[0] == '.' || strcasecmp(s, "base") == 0)
        return false;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && !strchr("._+-", *s))
            return false;
    return true;
}

static void free_changes(keel_change *c, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(c[i].target);
        free(c[i].text);
    }
}

/* Closes the scenario being read: its changes move into its definition. */
static void close_scenario(parser *ps)
{
    if (ps->scenarios.len == 0)
        return;
    keel_scenario_def *d = &ps->scenarios.data[ps->scenarios.len - 1];
    d->nchanges = (int)ps->changes.len;
    d->changes = ps->changes.data;
    ps->changes = (change_vec){0};
}

static keel_status parse_section(parser *ps, char *s)
{
    char *close = strchr(s, ']');
    if (!close || *keel_ini_trim(close + 1))
        return perr(ps, "section header: expected '[scenario NAME]'", NULL);
    *close = '\0';
    char *body = keel_ini_trim(s + 1);
    if (strncasecmp(body, "scenario", 8) != 0 || (body[8] != ' ' && body[8] != '\t'))
        return perr(ps, "unknown section '[%.60s]' (expected [scenario NAME])", body);
    char *name = keel_ini_trim(body + 8);
    if (!keel_scenario_name_valid(name))
        return perr(ps,
                    "scenario name '%.60s': use letters, digits, '.', '_', '+', '-' (at most "
                    "64, not starting with '.', not 'base')",
                    name);
    for (size_t i = 0; i < ps->scenarios.len; i++)
        if (strcmp(ps->scenarios.data[i].name, name) == 0) {
            char msg[160];
            snprintf(msg, sizeof msg, "scenario '%.60s': given twice (first on line %d)", name,
                     ps->scenarios.data[i].line);
            return perr(ps, "%s", msg);
        }
    close_scenario(ps);
    keel_scenario_def d = {.name = strdup(name), .line = ps->line};
    if (!d.name || !KEEL_VEC_PUSH(&ps->scenarios, d)) {
        free(d.name);
        return keel_error_nomem(ps->err);
    }
    return KEEL_OK;
}

static keel_status parse_when(parser *ps, const char *what, const char *v, bool end_of_day,
                              keel_when *w)
{
    if (keel_ini_parse_when(v, end_of_day, &w->t, &w->periods))
        return KEEL_OK;
    char msg[200];
    snprintf(msg, sizeof msg, "%s: '%.60s' is not a date (YYYY-MM-DD or YYYY-MM-DDTHH:MM) "
             "or a period number", what, v);
    return perr(ps, "%s", msg);
}

static keel_status parse_capacity(parser *ps, char *v, keel_change *c)
{
    const char *token = NULL, *msg = keel_ini_parse_capacity(v, &c->capacity, &token);
    return msg ? perr(ps, msg, token) : KEEL_OK;
}

static keel_status parse_postpone(parser *ps, const char *v, keel_change *c)
{
    if (keel_ini_parse_amount(v, &c->amount)) {
        if (c->amount.milli <= 0 || c->amount.unit == KEEL_INI_PERCENT)
            return perr(ps, "postpone: '%.60s' is not a positive amount of time", v);
        return KEEL_OK;
    }
    c->to_date = true;
    if (keel_ini_parse_when(v, false, &c->date.t, &c->date.periods))
        return KEEL_OK;
    return perr(ps,
                "postpone: '%.60s' is neither an amount of time (10d, 2w, 3ed) nor a date "
                "(YYYY-MM-DD or YYYY-MM-DDTHH:MM)",
                v);
}

/* The value of one statement, by kind. */
static keel_status parse_value(parser *ps, char *v, keel_change *c)
{
    int64_t n;
    char *end;
    switch (c->kind) {
    case KEEL_CHANGE_CAPACITY:
        return parse_capacity(ps, v, c);
    case KEEL_CHANGE_POSTPONE:
        return parse_postpone(ps, v, c);
    case KEEL_CHANGE_PRIORITY:
        if (!keel_ini_parse_uint(v, 1000, &n))
            return perr(ps, "priority: '%.60s' is not an integer in 0..1000", v);
        c->priority = (int)n;
        return KEEL_OK;
    case KEEL_CHANGE_WEIGHT:
        c->weight = strtod(v, &end);
        if (*end || end == v || !isfinite(c->weight) || c->weight < 0 || c->weight > 1e9)
            return perr(ps, "weight: '%.60s' is not a number >= 0", v);
        return KEEL_OK;
    case KEEL_CHANGE_DEADLINE:
        if (strcasecmp(v, "none") == 0)
            return KEEL_OK;
        return parse_when(ps, "deadline", v, true, &c->date);
    case KEEL_CHANGE_ADD:
        if (!(c->target = keel_path_relative_to(ps->name, v)))
            return keel_error_nomem(ps->err);
        return KEEL_OK;
    default: /* REMOVE */
        if (!(c->target = strdup(v)))
            return keel_error_nomem(ps->err);
        return KEEL_OK;
    }
}

static const struct {
    const char *word;
    keel_change_kind kind;
    bool target; /* KEYWORD TARGET = VALUE, else KEYWORD = VALUE */
} keywords[] = {
    {"capacity", KEEL_CHANGE_CAPACITY, true}, {"remove", KEEL_CHANGE_REMOVE, false},
    {"postpone", KEEL_CHANGE_POSTPONE, true}, {"priority", KEEL_CHANGE_PRIORITY, true},
    {"weight", KEEL_CHANGE_WEIGHT, true},     {"deadline", KEEL_CHANGE_DEADLINE, true},
    {"add", KEEL_CHANGE_ADD, false},
};

static keel_status parse_statement(parser *ps, char *s, keel_change *c)
{
    if (ps->scenarios.len == 0)
        return perr(ps, "'%.60s' outside a [scenario] section", s);
    char *eq = strchr(s, '=');
    if (!eq)
        return perr(ps, "expected 'KEYWORD [NAME] = VALUE', a [scenario] header or a comment",
                    NULL);
    *eq = '\0';
    char *left = keel_ini_trim(s), *value = keel_ini_trim(eq + 1);
    size_t wl = strcspn(left, " \t");
    size_t k = 0, nk = sizeof keywords / sizeof *keywords;
    while (k < nk && (strlen(keywords[k].word) != wl || strncasecmp(left, keywords[k].word, wl)))
        k++;
    if (k == nk)
        return perr(ps, "unknown statement '%.60s' (capacity, remove, postpone, priority, "
                        "weight, deadline, add)", left);
    const char *word = keywords[k].word;
    char *target = keel_ini_trim(left + wl);
    c->kind = keywords[k].kind;
    if (keywords[k].target && !*target)
        return perr(ps, "%s: name what it changes ('%s NAME = VALUE')", word);
    if (!keywords[k].target && *target)
        return perr(ps, "%s: write '%s = NAME'", word);
    if (!*value)
        return perr(ps, "%s: no value", word);
    if (keywords[k].target && !(c->target = strdup(target)))
        return keel_error_nomem(ps->err);
    return parse_value(ps, value, c);
}

static keel_status parse_line(void *ctx, char *s, int line)
{
    parser *ps = ctx;
    ps->line = line;
    if (*s == '[')
        return parse_section(ps, s);
    keel_change c = {.line = line,
                     .date = {KEEL_TIME_NONE, false},
                     .priority = -1,
                     .weight = NAN,
                     .text = strdup(s)};
    keel_status st = c.text ? parse_statement(ps, s, &c) : keel_error_nomem(ps->err);
    if (st == KEEL_OK && !KEEL_VEC_PUSH(&ps->changes, c))
        st = keel_error_nomem(ps->err);
    if (st != KEEL_OK)
        free_changes(&c, 1);
    return st;
}

void keel_scenario_file_free(keel_scenario_file *sf)
{
    if (!sf)
        return;
    for (int i = 0; i < sf->nscenarios; i++) {
        free(sf->scenarios[i].name);
        free_changes(sf->scenarios[i].changes, (size_t)sf->scenarios[i].nchanges);
        free(sf->scenarios[i].changes);
    }
    free(sf->scenarios);
    free(sf->path);
    free(sf);
}

keel_status keel_scenario_file_parse(const char *name, const char *text, size_t len,
                                     keel_scenario_file **out, keel_error *err)
{
    parser ps = {.name = name ? name : "(scenarios)", .err = err};
    *out = NULL;
    keel_scenario_file *sf = calloc(1, sizeof *sf);
    if (!sf || !(sf->path = strdup(ps.name))) {
        free(sf);
        return keel_error_nomem(err);
    }
    keel_status st = keel_ini_each_line(ps.name, text, len, parse_line, &ps, err);
    close_scenario(&ps); /* the last scenario's changes, also after a failure */
    free_changes(ps.changes.data, ps.changes.len);
    KEEL_VEC_FREE(&ps.changes);
    sf->nscenarios = (int)ps.scenarios.len; /* the file owns them now */
    sf->scenarios = ps.scenarios.data;
    if (st == KEEL_OK && sf->nscenarios == 0)
        st = keel_error_set(err, KEEL_ERR_PARSE, ps.name, 0,
                            "no [scenario NAME] section in the file");
    if (st != KEEL_OK) {
        keel_scenario_file_free(sf);
        return st;
    }
    *out = sf;
    return KEEL_OK;
}

keel_status keel_scenario_file_read(const char *path, keel_scenario_file **out,
                                    keel_error *err)
{
    char *text = NULL;
    size_t len = 0;
    *out = NULL;
    keel_status st = keel_file_read(path, KEEL_SFILE_MAX_BYTES, &text, &len, err);
    if (st == KEEL_OK)
        st = keel_scenario_file_parse(path, text, len, out, err);
    free(text);
    return st;
}
