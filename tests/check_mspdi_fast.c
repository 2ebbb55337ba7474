/* SPDX-License-Identifier: GPL-3.0-or-later
 * The byte patcher of the MSPDI writer against the tree writer: on every
 * MSPDI file of the repository, on generated portfolios and on hand-made
 * documents with the awkward parts of XML (CRLF, comments and CDATA between
 * a task's children, attributes, empty elements, missing fields, other
 * encodings, UTF-16, a DOCTYPE, markup inside a field), both give the same
 * document once parsed (every node, attribute and text, in order), and the byte
 * patcher leaves to the tree exactly the documents it must not touch.
 * Damaged sources never crash it.
 */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


#include "analysis/leveled.h"
#include "base/rng.h"
#include "model/model.h"
#include "run/level.h"
#include "testutil.h"
#include "xmltest.h"
#include "write/mspdi_write.h"

/* ------------------------------------------------------------ same document */

/* Both texts parse to the same document (the XML declaration aside). */
static void assert_same_document(const char *what, const char *a, size_t na, const char *b,
                                 size_t nb)
{
    char msg[600] = "";
    ck_assert_msg(test_same_document(a, na, b, nb, msg, sizeof msg), "%s: tree and bytes: %s",
                  what, msg);
}

/* ------------------------------------------------------------ rendering */

typedef struct leveled_run {
    keel_result *r;
    keel_leveled *lv;
} leveled_run;

static leveled_run level(const keel_portfolio *p)
{
    keel_options o;
    keel_options_init(&o);
    o.threads = 1;
    o.seed = 1;
    o.schedules = 300;
    leveled_run run = {test_level(p, &o), NULL};
    keel_error err = {0};
    ck_assert_msg(keel_leveled_compute(p, keel_result_schedule(run.r), keel_result_before(run.r),
                                       &run.lv, &err) == KEEL_OK,
                  "%s", err.message);
    return run;
}

static void run_free(leveled_run *run)
{
    keel_leveled_free(run->lv);
    keel_result_free(run->r);
}

/* Project q by the tree and by the default path; returns whether the byte
 * patcher wrote it, *identical whether the two are equal byte for byte. */
static bool compare_project(const keel_portfolio *p, const leveled_run *run, int q,
                            bool *identical)
{
    char *tree = NULL, *fast = NULL;
    size_t nt = 0, nf = 0;
    bool bytes = false;
    keel_error err = {0};
    ck_assert_msg(keel_mspdi_render_path(p, q, run->lv, true, KEEL_WRITER_TREE, NULL, &tree,
                                         &nt, &err) == KEEL_OK,
                  "%s", err.message);
    ck_assert_msg(keel_mspdi_render_path(p, q, run->lv, true, KEEL_WRITER_AUTO, &bytes, &fast,
                                         &nf, &err) == KEEL_OK,
                  "%s", err.message);
    assert_same_document(p->projects[q].file, tree, nt, fast, nf);
    if (identical)
        *identical = nt == nf && memcmp(tree, fast, nt) == 0;
    free(tree);
    free(fast);
    return bytes;
}

/* Every project of the portfolio loaded from these paths / this file. */
static void compare_all(const char **paths, int n, const char *portfolio_file)
{
    keel_load_options lo = {.portfolio_file = portfolio_file};
    keel_portfolio *p = NULL;
    keel_error err = {0};
    ck_assert_msg(keel_portfolio_load(paths, n, portfolio_file ? &lo : NULL, &p, &err) ==
                      KEEL_OK,
                  "%s", err.message);
    leveled_run run = level(p);
    for (int q = 0; q < p->nprojects; q++)
        ck_assert_msg(compare_project(p, &run, q, NULL), "%s: left to the tree",
                      p->projects[q].file);
    run_free(&run);
    keel_portfolio_free(p);
}

/* ------------------------------------------------------------ real files */

static int xml_files(const char *dir, char paths[][512], int max)
{
    DIR *d = opendir(dir);
    ck_assert_msg(d, "cannot open %s", dir);
    int n = 0;
    for (struct dirent *e; n < max && (e = readdir(d));) {
        size_t len = strlen(e->d_name);
        if (len > 4 && strcmp(e->d_name + len - 4, ".xml") == 0)
            snprintf(paths[n++], 512, "%s/%s", dir, e->d_name);
    }
    closedir(d);
    return n;
}

START_TEST(bytes_equal_tree_on_repository_files)
{
    static const char *const dirs[] = {"tests/data/mspdi", "instances/example", "tests/data"};
    char paths[32][512];
    int total = 0;
    for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++) {
        int n = xml_files(dirs[i], paths, 32);
        for (int k = 0; k < n; k++) {
            const char *one = paths[k];
            compare_all(&one, 1, NULL);
        }
        total += n;
    }
    ck_assert_int_ge(total, 8);
}
END_TEST

START_TEST(bytes_equal_tree_on_generated_portfolios)
{
    const char *gen = test_generator();
    ck_assert_msg(gen, "no portfolio generator built (make all)");
    char dir[512], cmd[1400], file[600];
    snprintf(dir, sizeof dir, "%s/fast_gen_%d", test_tmpdir(), _i);
    snprintf(cmd, sizeof cmd, "%s --projects %d --tasks %d --resources 12 --seed %d -o %s >/dev/null",
             gen, 3 + _i, 40 + 30 * _i, 7 + _i, dir);
    ck_assert_int_eq(system(cmd), 0);
    snprintf(file, sizeof file, "%s/portfolio.txt", dir);
    compare_all(NULL, 0, file);
}
END_TEST

/* ------------------------------------------------------------ hand-made documents */

/* A small project in the layout libxml2 writes (so the tree writer keeps
 * its bytes): task 2 has no Start, Finish, LevelingDelay or PreLeveled
 * dates (inserted), task 1 two CPM fields (the others inserted among them). */
static const char *const BASE =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<Project xmlns=\"http://schemas.microsoft.com/project\">\n"
    "  <Name>fast.xml</Name>\n"
    "  <StartDate>2026-01-05T08:00:00</StartDate>\n"
    "  <FinishDate>2026-01-06T17:00:00</FinishDate>\n"
    "  <Tasks>\n"
    "    <Task>\n      <UID>1</UID>\n      <ID>1</ID>\n      <Name>Build</Name>\n"
    "      <Start>2026-01-05T08:00:00</Start>\n      <Finish>2026-01-06T17:00:00</Finish>\n"
    "      <Duration>PT16H0M0S</Duration>\n      <Summary>0</Summary>\n"
    "      <EarlyStart>2026-01-05T08:00:00</EarlyStart>\n"
    "      <TotalSlack>0</TotalSlack>\n    </Task>\n"
    "    <Task>\n      <UID>2</UID>\n      <ID>2</ID>\n      <Name>Test</Name>\n"
    "      <Duration>PT8H0M0S</Duration>\n      <Summary>0</Summary>\n"
    "      <PredecessorLink>\n        <PredecessorUID>1</PredecessorUID>\n"
    "        <Type>1</Type>\n      </PredecessorLink>\n    </Task>\n"
    "  </Tasks>\n"
    "  <Resources>\n    <Resource>\n      <UID>1</UID>\n      <Name>Ann</Name>\n"
    "      <MaxUnits>1</MaxUnits>\n    </Resource>\n  </Resources>\n"
    "  <Assignments>\n    <Assignment>\n      <UID>1</UID>\n      <TaskUID>1</TaskUID>\n"
    "      <ResourceUID>1</ResourceUID>\n      <Units>1</Units>\n    </Assignment>\n"
    "    <Assignment>\n      <UID>2</UID>\n      <TaskUID>2</TaskUID>\n"
    "      <ResourceUID>1</ResourceUID>\n      <Units>1</Units>\n    </Assignment>\n"
    "  </Assignments>\n"
    "</Project>\n";

/* BASE with the first `from` replaced by `to` (every one when all). */
static char *edit_doc(const char *doc, const char *from, const char *to, bool all)
{
    size_t nf = strlen(from), nt = strlen(to);
    char *out = malloc(strlen(doc) * (nt + 1) + 1), *w = out;
    for (const char *s = doc; *s;) {
        if (strncmp(s, from, nf) == 0) {
            memcpy(w, to, nt);
            w += nt;
            s += nf;
            if (!all) {
                strcpy(w, s);
                return out;
            }
        } else {
            *w++ = *s++;
        }
    }
    *w = '\0';
    return out;
}

typedef struct variant {
    const char *name, *from, *to;
    bool all, bytes; /* replace every one; the byte patcher takes it */
} variant;

static const variant VARIANTS[] = {
    {"as written by libxml2", "", "", false, true},
    {"no FinishDate in the header", "  <FinishDate>2026-01-06T17:00:00</FinishDate>\n", "",
     false, true},
    {"CRLF line ends", "\n", "\r\n", true, true},
    {"comment, PI and CDATA among a task's children", "<ID>2</ID>\n",
     "<ID>2</ID><!-- c --><?pi x?>\n      <![CDATA[<x>]]>\n", false, true},
    {"comment just before a sibling the insert goes to", "<Summary>0</Summary>\n    </Task>",
     "<Summary>0</Summary><!-- last -->\n    </Task>", true, true},
    {"attributes, one with '>' and '/>' in its value", "<Task>",
     "<Task a=\"x>y\" b='/>'>", true, true},
    {"empty elements", "<Finish>2026-01-06T17:00:00</Finish>", "<Finish/>", false, true},
    {"empty element with its end tag", "<TotalSlack>0</TotalSlack>",
     "<TotalSlack></TotalSlack>", false, true},
    {"self-closing Assignments", "<Assignments>", "<Assignments/><Assignments>", false, true},
    {"a second Tasks list", "</Tasks>\n",
     "</Tasks>\n  <Tasks><Task><UID>9</UID><Name>x</Name></Task></Tasks>\n", false, true},
    {"no indentation at all", "\n      ", "", true, true},
    {"tabs", "  ", "\t", true, true},
    {"UTF-8 byte-order mark", "<?xml", "\xEF\xBB\xBF<?xml", false, true},
    {"ISO-8859-1", "UTF-8\"?>\n<Project xmlns=\"http://schemas.microsoft.com/project\">\n"
                   "  <Name>fast.xml",
     "ISO-8859-1\"?>\n<Project xmlns=\"http://schemas.microsoft.com/project\">\n"
     "  <Name>fa\xE7" "ade.xml", false, true},
    {"no XML declaration", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", "", false, true},
    {"a reference in a name", "<Name>Test</Name>", "<Name>T&amp;&#233;st</Name>", false, true},
    {"DOCTYPE with an entity", "<Project xmlns",
     "<!DOCTYPE Project [<!ENTITY who \"Ann\">]>\n<Project xmlns", false, false},
    {"comment inside a field it sets", "<Start>2026-01-05T08:00:00</Start>",
     "<Start><!-- c -->2026-01-05T08:00:00</Start>", false, false},
    {"character reference in a field it reads", "<UID>2</UID>", "<UID>&#50;</UID>", false,
     false},
    {"reference in the blanks of a task", "<UID>2</UID>\n", "<UID>2</UID>&#10;", false, false},
    {"prefixed element names", "<Tasks>", "<m:Tasks xmlns:m=\"http://schemas.microsoft.com/project\">",
     false, false},
    {"windows-1252", "UTF-8", "windows-1252", false, false},
};

/* The document of variant v as a file, loaded. */
static keel_portfolio *load_variant(const variant *v, char *path, size_t size)
{
    char *doc = *v->from ? edit_doc(BASE, v->from, v->to, v->all) : strdup(BASE);
    if (strstr(v->name, "prefixed")) { /* close it too */
        char *x = edit_doc(doc, "</Tasks>", "</m:Tasks>", false);
        free(doc);
        doc = x;
    }
    test_write_file("fast_variant.xml", doc, path, size);
    free(doc);
    return test_load_file(path);
}

START_TEST(awkward_documents)
{
    const variant *v = &VARIANTS[_i];
    char path[512];
    keel_portfolio *p = load_variant(v, path, sizeof path);
    leveled_run run = level(p);
    bool identical = false;
    bool bytes = compare_project(p, &run, 0, &identical);
    ck_assert_msg(bytes == v->bytes, "%s: %s", v->name,
                  bytes ? "the byte patcher took it" : "left to the tree");
    if (_i == 0) /* same bytes: inserted where the tree inserts, same indentation */
        ck_assert_msg(identical, "%s: the bytes differ from the tree's", v->name);
    run_free(&run);
    keel_portfolio_free(p);
}
END_TEST

/* A UTF-16 document (BASE re-encoded, with its byte-order mark) is left to
 * the tree, which writes it in UTF-16 again. */
START_TEST(utf16_goes_to_the_tree)
{
    char *doc = edit_doc(BASE, "UTF-8", "UTF-16", false), path[512];
    size_t n = strlen(doc);
    snprintf(path, sizeof path, "%s/fast_utf16.xml", test_tmpdir());
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    fputs("\xFF\xFE", f);
    for (size_t i = 0; i < n; i++) {
        fputc(doc[i], f);
        fputc(0, f);
    }
    fclose(f);
    free(doc);
    keel_portfolio *p = test_load_file(path);
    leveled_run run = level(p);
    ck_assert(!compare_project(p, &run, 0, NULL));
    char *out = NULL;
    size_t len = 0;
    keel_error err = {0};
    ck_assert_int_eq(keel_mspdi_render_path(p, 0, run.lv, true, KEEL_WRITER_BYTES, NULL, &out,
                                            &len, &err),
                     KEEL_ERR_INVALID);
    ck_assert_ptr_null(out);
    ck_assert_int_eq(keel_mspdi_render_leveled(p, 0, run.lv, true, &out, &len, &err), KEEL_OK);
    ck_assert(len > 2 && (unsigned char)out[0] == 0xFF && (unsigned char)out[1] == 0xFE);
    free(out);
    run_free(&run);
    keel_portfolio_free(p);
}
END_TEST

/* The byte patcher keeps the input's line ends: no bare LF in a CRLF file. */
START_TEST(crlf_stays_crlf)
{
    char path[512], *out = NULL;
    size_t len = 0;
    keel_portfolio *p = load_variant(&VARIANTS[2], path, sizeof path);
    leveled_run run = level(p);
    keel_error err = {0};
    ck_assert_msg(keel_mspdi_render_path(p, 0, run.lv, true, KEEL_WRITER_BYTES, NULL, &out,
                                         &len, &err) == KEEL_OK,
                  "%s", err.message);
    ck_assert_ptr_nonnull(strstr(out, "<LevelingDelay>")); /* something was inserted */
    for (size_t i = 0; i < len; i++)
        ck_assert_msg(out[i] != '\n' || (i > 0 && out[i - 1] == '\r'), "bare LF at %zu", i);
    free(out);
    run_free(&run);
    keel_portfolio_free(p);
}
END_TEST

/* ------------------------------------------------------------ damage */

/* Sources cut short or with bytes changed (as if the loaded bytes were not
 * the file's): the writer returns a document or an error, never crashes. */
START_TEST(damaged_sources_never_crash)
{
    char path[512];
    keel_portfolio *p = load_variant(&VARIANTS[3], path, sizeof path);
    leveled_run run = level(p);
    keel_project *pr = &p->projects[0];
    const char *orig = pr->source;
    size_t n = pr->source_len;
    char *buf = malloc(n + 1);
    keel_rng rng;
    keel_rng_seed(&rng, 5, 0);
    static const char pick[] = "<>/!?-[]\"'&=: \r\n\0aZ";
    for (int k = 0; k < 600; k++) {
        memcpy(buf, orig, n);
        size_t len = k < 200 ? (size_t)k * n / 200 : n;
        for (int j = 0; k >= 200 && j < 1 + k % 4; j++)
            buf[keel_rng_below(&rng, (uint32_t)n)] = pick[keel_rng_below(&rng, (uint32_t)sizeof pick - 1)];
        pr->source = buf;
        pr->source_len = len;
        char *out = NULL;
        size_t olen = 0;
        keel_error err = {0};
        keel_status st =
            keel_mspdi_render_leveled(p, 0, run.lv, true, &out, &olen, &err);
        ck_assert_msg(st == KEEL_OK || st == KEEL_ERR_PARSE || st == KEEL_ERR_IO,
                      "status %d: %s", st, err.message);
        ck_assert(st != KEEL_OK || (out && olen >= len / 2));
        free(out);
    }
    pr->source = orig;
    pr->source_len = n;
    free(buf);
    run_free(&run);
    keel_portfolio_free(p);
}
END_TEST

Suite *suite_mspdi_fast(void)
{
    Suite *s = suite_create("mspdi_fast");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, bytes_equal_tree_on_repository_files);
    tcase_add_loop_test(tc, bytes_equal_tree_on_generated_portfolios, 0, 2);
    tcase_add_loop_test(tc, awkward_documents, 0, (int)(sizeof VARIANTS / sizeof *VARIANTS));
    tcase_add_test(tc, utf16_goes_to_the_tree);
    tcase_add_test(tc, crlf_stays_crlf);
    tcase_add_test(tc, damaged_sources_never_crash);
    suite_add_tcase(s, tc);
    return s;
}
