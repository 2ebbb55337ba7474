/* SPDX-License-Identifier: GPL-3.0-or-later
 * keel command line: a thin client of keel.h.
 */
#include <stdio.h>
#include <string.h>

#include "keel.h"

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--version") == 0) {
        printf("keel %s\n", KEEL_VERSION);
        return 0;
    }
    fprintf(stderr, "usage: keel COMMAND ...\n");
    return 2;
}
