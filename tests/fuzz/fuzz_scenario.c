/* SPDX-License-Identifier: GPL-3.0-or-later
 * libFuzzer target for the what-if scenario file parser.
 */
#include <stddef.h>
#include <stdint.h>

#include "read/scenario_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    keel_scenario_file *f = NULL;
    keel_error err;
    if (keel_scenario_file_parse("fuzz.txt", (const char *)data, size, &f, &err) == KEEL_OK)
        keel_scenario_file_free(f);
    return 0;
}
