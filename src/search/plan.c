/* SPDX-License-Identifier: GPL-3.0-or-later
 * Plans: a start and finish per job (plan.h).
 */
#include "search/plan.h"

#include <stdlib.h>
#include <string.h>

bool keel_plan_init(keel_plan *s, int njobs)
{
    s->njobs = njobs;
    s->makespan = 0;
    s->start = calloc((size_t)njobs + 1, sizeof *s->start);
    s->finish = calloc((size_t)njobs + 1, sizeof *s->finish);
    if (s->start && s->finish)
        return true;
    keel_plan_release(s);
    return false;
}

void keel_plan_release(keel_plan *s)
{
    free(s->start);
    free(s->finish);
    s->start = s->finish = NULL;
}

void keel_plan_copy(keel_plan *dst, const keel_plan *src)
{
    memcpy(dst->start, src->start, (size_t)src->njobs * sizeof *src->start);
    memcpy(dst->finish, src->finish, (size_t)src->njobs * sizeof *src->finish);
    dst->makespan = src->makespan;
    dst->njobs = src->njobs;
}

void keel_plan_set_makespan(keel_plan *s)
{
    s->makespan = KEEL_TIME_NONE;
    for (int j = 0; j < s->njobs; j++)
        if (s->makespan == KEEL_TIME_NONE || s->finish[j] > s->makespan)
            s->makespan = s->finish[j];
}
