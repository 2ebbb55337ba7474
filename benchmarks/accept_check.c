/* SPDX-License-Identifier: GPL-3.0-or-later
 * accept_check: checks a leveled portfolio as it stands in its files (the
 * `fixed` section of run.sh). keel's verifier on the files' dates gives the
 * conflicts and their reasons; every accepted overload is then recomputed hour
 * by hour by the simple rule of tests/independent.h (code shared with the
 * property test, none of keel's scheduling), and every priority-1000 task is
 * checked to start where its links put it, every started task at its dates.
 *
 *   accept_check [FILE...] [--portfolio F] [--pool F]
 *
 * Prints one line of key=value pairs: tasks, pinned, started, conflicts,
 * failures (not accepted), one count per accepted reason, avoidable (accepted
 * overloads with an hour the rule does not excuse), pinned_off, started_moved,
 * error (a time off the hour or the like: the check could not be made).
 * Exit 0 when it could check, 1 when the files could not be read.
 */
#include <stdio.h>
#include <string.h>

#include "analysis/verify.h"
#include "keel.h"
#include "tests/independent.h"

typedef struct counts {
    int tasks, pinned, started, conflicts, failures, by_reason[KEEL_ACCEPT_STARTED + 1];
    int avoidable, pinned_off, started_moved;
} counts;

static int parse(int argc, char **argv, const char **files, keel_load_options *lo)
{
    int n = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--portfolio") && i + 1 < argc)
            lo->portfolio_file = argv[++i];
        else if (!strcmp(argv[i], "--pool") && i + 1 < argc)
            lo->pool_file = argv[++i];
        else
            files[n++] = argv[i];
    }
    return n;
}

static void check_overloads(indep *x, const keel_schedule *s, const keel_conflicts *c,
                            counts *k)
{
    k->conflicts = keel_conflicts_count(c);
    k->failures = keel_conflicts_failures(c);
    for (int i = 0; i < k->conflicts; i++) {
        const keel_conflict *q = keel_conflicts_get(c, i);
        k->by_reason[q->accept_reason] += q->accepted;
        if (q->kind != KEEL_CONFLICT_RESOURCE || !q->accepted)
            continue;
        bool bad = false;
        for (keel_time m = q->from; m < q->to && !bad; m += INDEP_STEP)
            bad = !indep_unavoidable(x, s, q->resource, m);
        k->avoidable += bad;
    }
}

static void check_fixed(indep *x, const keel_schedule *s, counts *k)
{
    const keel_portfolio *p = x->p;
    bool *done = malloc((size_t)p->ntasks + 1);
    keel_time *cpm_start = malloc(((size_t)p->ntasks + 1) * sizeof *cpm_start);
    keel_time *cpm_finish = malloc(((size_t)p->ntasks + 1) * sizeof *cpm_finish);
    if (done && cpm_start && cpm_finish)
        indep_cpm(x, cpm_start, cpm_finish, done); /* ALAP places */
    for (int j = 0; j < p->ntasks && done && cpm_start && cpm_finish; j++) {
        const keel_task *t = &p->tasks[j];
        keel_time at;
        k->tasks += !t->summary;
        k->started += t->fixed;
        if (t->fixed && (s->start[j] != t->fixed_start || s->finish[j] != t->fixed_finish))
            k->started_moved++;
        if (!t->pinned || t->summary)
            continue;
        k->pinned++;
        if (!indep_pinned_start(x, s, j, done, cpm_start, &at) || at != s->start[j])
            k->pinned_off++;
    }
    free(done);
    free(cpm_start);
    free(cpm_finish);
}

int main(int argc, char **argv)
{
    const char **files = calloc((size_t)argc + 1, sizeof *files);
    keel_load_options lo = {0};
    int n = parse(argc, argv, files, &lo);
    keel_portfolio *p = NULL;
    keel_schedule *s = NULL;
    keel_conflicts *c = NULL;
    keel_error err = {0};
    if (keel_portfolio_load(files, n, &lo, &p, &err) != KEEL_OK ||
        keel_schedule_from_input(p, &s, &err) != KEEL_OK || keel_verify(p, s, &c, &err) != KEEL_OK) {
        fprintf(stderr, "accept_check: %s\n", err.message);
        return 1;
    }
    counts k = {0};
    indep x;
    if (!indep_init(&x, p)) {
        fprintf(stderr, "accept_check: out of memory\n");
        return 1;
    }
    check_overloads(&x, s, c, &k);
    check_fixed(&x, s, &k);
    printf("tasks=%d pinned=%d started=%d conflicts=%d failures=%d", k.tasks, k.pinned,
           k.started, k.conflicts, k.failures);
    static const char *const keys[] = {"", "fixed", "single", "not_leveled", "soft", "tied",
                                       "started_link"};
    for (int r = 1; r <= KEEL_ACCEPT_STARTED; r++)
        printf(" %s=%d", keys[r], k.by_reason[r]);
    printf(" avoidable=%d pinned_off=%d started_moved=%d error=%s\n", k.avoidable, k.pinned_off,
           k.started_moved, x.failed ? "yes" : "no");
    if (x.failed)
        fprintf(stderr, "accept_check: %s\n", x.why);
    indep_free(&x);
    keel_conflicts_free(c);
    keel_schedule_free(s);
    keel_portfolio_free(p);
    free(files);
    return 0;
}
