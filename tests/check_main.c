/* SPDX-License-Identifier: GPL-3.0-or-later
 * The one Check runner: every tests/check_<module>.c defines
 * `Suite *suite_<module>(void)`; the build generates the list (suites.h).
 * CK_RUN_SUITE=<module> runs one suite, CK_FORK=no helps debugging.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>

#define SUITE(m) Suite *suite_##m(void);
#include "suites.h"
#undef SUITE

int main(void)
{
    SRunner *sr = srunner_create(NULL);
#define SUITE(m) srunner_add_suite(sr, suite_##m());
#include "suites.h"
#undef SUITE
    srunner_run_all(sr, CK_NORMAL);
    int run = srunner_ntests_run(sr), failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    printf("check: %d passed, %d failed\n", run - failed, failed);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
