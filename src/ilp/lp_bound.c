/* SPDX-License-Identifier: GPL-3.0-or-later
 * The LP bound of a whole research portfolio (ilp.h): its time-indexed model
 * at a horizon, relaxed.
 */
#include <math.h>

#include "ilp/ilp.h"

keel_status keel_ilp_portfolio_lp_bound(const keel_portfolio *p, const keel_cpm *c,
                                        keel_ilp_objective objective, int64_t horizon,
                                        const keel_ilp_params *par, double *bound,
                                        keel_error *err)
{
    keel_ilp *m = NULL;
    *bound = -HUGE_VAL;
    keel_status st = keel_ilp_from_portfolio(p, c, objective, horizon, &m, err);
    if (st == KEEL_OK)
        st = keel_ilp_lp_bound(m, par, bound, err);
    keel_ilp_free(m);
    return st;
}
