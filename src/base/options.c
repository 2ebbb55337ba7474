/* SPDX-License-Identifier: GPL-3.0-or-later
 * Options from the one table in options.def: defaults, range checks, parsing
 * by name and descriptions for help texts.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"

typedef enum opt_type { INT, REAL, BOOL, TEXT } opt_type;

typedef struct opt_spec {
    const char *name;
    opt_type type;
    size_t offset, size;
    double def, min, max;
    const char *def_text;
    const char *help;
} opt_spec;

#define NUM_OR_ZERO(v) _Generic((v), char *: 0.0, default: (v))
#define TEXT_OR_NULL(v) _Generic((v), char *: (v), default: NULL)
#define X(name, type, field, def, min, max, help)                                         \
    {#name, type, offsetof(keel_options, field), sizeof(((keel_options *)0)->field),      \
     NUM_OR_ZERO(def), min, max, TEXT_OR_NULL(def), help},
static const opt_spec specs[] = {
#include "base/options.def"
};
#undef X
#define NSPECS ((int)(sizeof specs / sizeof specs[0]))

static void store(keel_options *o, const opt_spec *s, double v, const char *text)
{
    char *field = (char *)o + s->offset;
    switch (s->type) {
    case INT:
        if (s->size == sizeof(int))
            *(int *)field = (int)v;
        else if (strcmp(s->name, "seed") == 0)
            *(uint64_t *)field = (uint64_t)v;
        else
            *(int64_t *)field = (int64_t)v;
        break;
    case REAL:
        *(double *)field = v;
        break;
    case BOOL:
        *(bool *)field = v != 0;
        break;
    case TEXT:
        snprintf(field, s->size, "%s", text);
        break;
    }
}

void keel_options_init(keel_options *o)
{
    memset(o, 0, sizeof *o);
    for (int i = 0; i < NSPECS; i++)
        store(o, &specs[i], specs[i].def, specs[i].def_text);
}

static bool parse_bool(const char *v, double *out)
{
    if (!v || !strcmp(v, "1") || !strcmp(v, "true") || !strcmp(v, "yes") || !strcmp(v, "on"))
        return *out = 1, true;
    if (!strcmp(v, "0") || !strcmp(v, "false") || !strcmp(v, "no") || !strcmp(v, "off"))
        return *out = 0, true;
    return false;
}

static keel_status parse_number(const opt_spec *s, const char *value, double *out,
                                keel_error *err)
{
    char *end;
    errno = 0;
    double v = value ? strtod(value, &end) : NAN;
    if (!value || end == value || *end || errno || !isfinite(v) ||
        (s->type == INT && v != floor(v)))
        return keel_error_set(err, KEEL_ERR_INVALID, NULL, 0, "--%s: '%s' is not %s", s->name,
                              value ? value : "", s->type == INT ? "an integer" : "a number");
    if (v < s->min || v > s->max)
        return keel_error_set(err, KEEL_ERR_INVALID, NULL, 0, "--%s: %s is outside %.15g..%.15g",
                              s->name, value, s->min, s->max);
    *out = v;
    return KEEL_OK;
}

keel_status keel_options_set(keel_options *o, const char *name, const char *value,
                             keel_error *err)
{
    for (int i = 0; i < NSPECS; i++) {
        const opt_spec *s = &specs[i];
        if (strcmp(s->name, name) != 0)
            continue;
        double v = 0;
        if (s->type == BOOL) {
            if (!parse_bool(value, &v))
                return keel_error_set(err, KEEL_ERR_INVALID, NULL, 0,
                                      "--%s: '%s' is not a boolean", name, value);
        } else if (s->type == TEXT) {
            if (!value || strlen(value) >= s->size)
                return keel_error_set(err, KEEL_ERR_INVALID, NULL, 0, "--%s: bad value", name);
        } else {
            keel_status st = parse_number(s, value, &v, err);
            if (st != KEEL_OK)
                return st;
        }
        store(o, s, v, value);
        return KEEL_OK;
    }
    return keel_error_set(err, KEEL_ERR_INVALID, NULL, 0, "unknown option '--%s'", name);
}

bool keel_options_describe(int i, keel_option_info *info)
{
    if (i < 0 || i >= NSPECS)
        return false;
    const opt_spec *s = &specs[i];
    info->name = s->name;
    info->help = s->help;
    info->is_bool = s->type == BOOL;
    if (s->type == TEXT)
        snprintf(info->default_text, sizeof info->default_text, "%s", s->def_text);
    else if (s->type == BOOL)
        snprintf(info->default_text, sizeof info->default_text, "%s", s->def ? "on" : "off");
    else
        snprintf(info->default_text, sizeof info->default_text, "%.15g", s->def);
    return true;
}
