/* SPDX-License-Identifier: GPL-3.0-or-later
 * Markup helpers of the report writers over the library's text buffer
 * (base/strbuf.h): HTML-escaped text, CSV fields and SVG coordinates.
 */
#ifndef KEEL_MARKUP_H
#define KEEL_MARKUP_H

#include "base/strbuf.h"

/* Text with & < > " escaped (element content and attribute values). */
void keel_html_text(keel_strbuf *b, const char *s);
/* One CSV field (RFC 4180): quoted when it holds a comma, quote or line break. */
void keel_csv_field(keel_strbuf *b, const char *s);
/* v with one decimal and no trailing ".0" (SVG coordinates), into buf (at
 * least 32 bytes). Returns buf. */
const char *keel_fmt1(double v, char *buf);

#endif
