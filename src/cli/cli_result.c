/* SPDX-License-Identifier: GPL-3.0-or-later
 * The result the PMO commands (report, load) show: the portfolio leveled by
 * keel (--level, with the solver options), or the dates as they stand in the
 * files (input plans, or outputs of `keel level`) summarised the same way.
 */
#include <string.h>

#include "cli.h"

int cli_pmo_option(int argc, char **argv, int i, cli_pmo *a)
{
    if (strcmp(argv[i], "--level") == 0) {
        a->level = true;
        return 1;
    }
    if (strcmp(argv[i], "-o") == 0 || strcmp(argv[i], "--output") == 0) {
        if (i + 1 >= argc) {
            fprintf(stderr, "keel: error: %s needs a file name\n", argv[i]);
            return -1;
        }
        a->out = argv[i + 1];
        return 2;
    }
    return cli_parse_option(argc, argv, i, &a->opt);
}

keel_status cli_pmo_result(const keel_portfolio *p, cli_pmo *a, keel_result **out,
                           keel_error *err)
{
    keel_status st = a->out ? keel_output_check(p, a->out, err) : KEEL_OK;
    if (st != KEEL_OK)
        return st;
    if (a->level)
        return cli_level(p, &a->opt, out, err);
    keel_schedule *s = NULL;
    st = keel_schedule_from_input(p, &s, err);
    if (st == KEEL_OK)
        st = keel_result_of_schedule(p, s, &a->opt, out, err);
    keel_schedule_free(s);
    return st;
}
