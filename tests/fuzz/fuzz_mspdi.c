/* SPDX-License-Identifier: GPL-3.0-or-later
 * libFuzzer target for the MSPDI reader: each input is parsed as a project
 * file into a fresh builder (and, when its first byte is odd, first as a pool
 * file), then the model is finished so that what the reader produced also
 * goes through calendar compilation and graph building. Any crash, leak or
 * sanitizer report is a bug; error statuses are expected.
 */
#include <stddef.h>
#include <stdint.h>

#include "model/model.h"
#include "read/mspdi_read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    keel_builder b;
    keel_error err;
    if (!keel_builder_init(&b))
        return 0;
    if (size > 0 && (data[0] & 1)) {
        keel_mspdi_options pool = {.pool = true};
        keel_mspdi_parse("pool.xml", (const char *)data, size, &b, &pool, &err);
    }
    if (keel_mspdi_parse("fuzz.xml", (const char *)data, size, &b, NULL, &err) == KEEL_OK) {
        keel_portfolio *p = NULL;
        if (keel_model_finish(&b, &p, &err) == KEEL_OK)
            keel_portfolio_free(p);
    }
    keel_builder_release(&b);
    return 0;
}
