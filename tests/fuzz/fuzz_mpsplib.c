/* SPDX-License-Identifier: GPL-3.0-or-later
 * libFuzzer target for the MPSPLIB reader: the XML is fuzzed; the PSPLIB
 * files it names resolve relative to instances/mpsplib/, so run it from the
 * repository root.
 */
#include <stddef.h>
#include <stdint.h>

#include "model/model.h"
#include "read/mpsplib_read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    keel_builder b;
    keel_error err;
    if (!keel_builder_init(&b))
        return 0;
    if (keel_mpsplib_parse("instances/mpsplib/fuzz.xml", (const char *)data, size, &b, NULL,
                           &err) == KEEL_OK) {
        keel_portfolio *p = NULL;
        if (keel_model_finish(&b, &p, &err) == KEEL_OK)
            keel_portfolio_free(p);
    }
    keel_builder_release(&b);
    return 0;
}
