/* SPDX-License-Identifier: GPL-3.0-or-later
 * libFuzzer target for the portfolio text file parser.
 */
#include <stddef.h>
#include <stdint.h>

#include "read/portfolio_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    keel_portfolio_file *pf = NULL;
    keel_error err;
    if (keel_portfolio_file_parse("fuzz.txt", (const char *)data, size, &pf, &err) == KEEL_OK)
        keel_portfolio_file_free(pf);
    return 0;
}
