/* SPDX-License-Identifier: GPL-3.0-or-later
 * libFuzzer target for the PSPLIB reader: parse, add to a builder, finish the
 * model and run the critical path. Error statuses are expected; crashes,
 * leaks and sanitizer reports are bugs.
 */
#include <stddef.h>
#include <stdint.h>

#include "analysis/cpm.h"
#include "read/psplib_read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    keel_psplib *inst = NULL;
    keel_error err;
    if (keel_psplib_parse("fuzz.sm", (const char *)data, size, &inst, &err) != KEEL_OK)
        return 0;
    keel_builder b;
    if (keel_builder_init(&b) && keel_psplib_add(inst, &b, NULL, NULL, &err) == KEEL_OK) {
        keel_portfolio *p = NULL;
        if (keel_model_finish(&b, &p, &err) == KEEL_OK) {
            keel_cpm *c = NULL;
            if (keel_cpm_run(p, &c, &err) == KEEL_OK)
                keel_cpm_free(c);
            keel_portfolio_free(p);
        }
    }
    keel_builder_release(&b);
    keel_psplib_free(inst);
    return 0;
}
