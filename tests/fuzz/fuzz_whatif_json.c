/* SPDX-License-Identifier: GPL-3.0-or-later
 * libFuzzer target for the what-if shard reader (keel whatif --merge): the
 * JSON parser and the reading of its members into a comparison table, and
 * the views of whatever it accepts.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "report/whatif.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    keel_whatif_table t;
    keel_error err;
    if (keel_whatif_json_read("fuzz.json", (const char *)data, size, &t, &err) != KEEL_OK)
        return 0;
    char *text = NULL;
    if (keel_whatif_text(&t, &text, &err) == KEEL_OK)
        free(text);
    if (keel_whatif_csv(&t, &text, &err) == KEEL_OK)
        free(text);
    if (keel_whatif_json(&t, &text, &err) == KEEL_OK)
        free(text);
    keel_whatif_table_free(&t);
    return 0;
}
