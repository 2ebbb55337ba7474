/* SPDX-License-Identifier: GPL-3.0-or-later
 * The resource load table as CSV (keel_load_table_csv in keel.h): one row per
 * work resource and period, for spreadsheets. Hours for MSPDI models (one
 * unit's working minutes / 60), periods for research instances.
 */
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "report/report.h"

static void put_number(keel_strbuf *b, double v)
{
    keel_strbuf_printf(b, ",%.2f", v);
}

static void put_percent(keel_strbuf *b, double load, double capacity)
{
    if (capacity > 0)
        keel_strbuf_printf(b, ",%.1f", 100 * load / capacity);
    else
        keel_strbuf_puts(b, ",");
}

void keel_report_load_csv(keel_strbuf *b, const keel_portfolio *p,
                          const keel_load_table *l)
{
    double unit = p->research ? 1 : 60;
    const char *u = p->research ? "periods" : "hours";
    keel_strbuf_printf(b,
                       "resource,period_start,period_end,capacity_%s,before_%s,after_%s,"
                       "before_percent,after_percent,min_units,max_units\n",
                       u, u, u);
    char from[32], to[32];
    for (int r = 0; r < p->nresources; r++) {
        if (p->resources[r].type != KEEL_RES_WORK)
            continue;
        for (int i = 0; i < keel_load_table_nperiods(l); i++) {
            keel_load_cell c = keel_load_table_get(l, r, i);
            keel_csv_field(b, p->resources[r].name);
            keel_strbuf_printf(
                b, ",%s,%s",
                keel_time_format(p, keel_load_table_period(l, i), from, sizeof from),
                keel_time_format(p, keel_load_table_period(l, i + 1), to, sizeof to));
            put_number(b, c.capacity / unit);
            put_number(b, c.before / unit);
            put_number(b, c.after / unit);
            put_percent(b, c.before, c.capacity);
            put_percent(b, c.after, c.capacity);
            keel_strbuf_printf(b, ",%.2f,%.2f\n", (double)c.min_units / KEEL_UNITS_ONE,
                               (double)c.max_units / KEEL_UNITS_ONE);
        }
    }
}

keel_status keel_load_table_csv(const keel_portfolio *p, const keel_load_table *l,
                                char **out, keel_error *err)
{
    *out = NULL;
    keel_strbuf b = {0};
    keel_report_load_csv(&b, p, l);
    *out = keel_strbuf_take(&b, NULL);
    return *out ? KEEL_OK : keel_error_nomem(err);
}
