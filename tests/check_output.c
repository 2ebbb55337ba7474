/* SPDX-License-Identifier: GPL-3.0-or-later
 * Output sets and the leveled write path: all files or none (a full disk and
 * a failed rename through the test seam), a half-finished set completed by
 * the next run, stale temporaries removed, inputs never overwritten, an input
 * replaced between leveling and writing that cannot reach the output, dates
 * outside keel's range refused before anything is written, and a stop request
 * that ends the search with a verified schedule.
 */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analysis/verify.h"
#include "run/level.h"
#include "testutil.h"
#include "write/output.h"

static const char *names[] = {"erp-upgrade.xml", "website-relaunch.xml", "office-move.xml"};

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f, "cannot open %s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    ck_assert(fread(buf, 1, (size_t)n, f) == (size_t)n);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static void put_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    ck_assert(f);
    fputs(text, f);
    fclose(f);
}

/* A fresh folder <tmp>/<name> (emptied when it exists). */
static const char *fresh_dir(const char *name, char *buf, size_t size)
{
    snprintf(buf, size, "%s/%s", test_tmpdir(), name);
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s' && mkdir -p '%s'", buf, buf);
    ck_assert_int_eq(system(cmd), 0);
    return buf;
}

/* The example projects copied into dir; paths into files[3]. */
static void copy_example(const char *dir, char files[3][700])
{
    for (int i = 0; i < 3; i++) {
        char src[256];
        snprintf(src, sizeof src, "instances/example/%s", names[i]);
        snprintf(files[i], 700, "%s/%s", dir, names[i]);
        char *text = slurp(src);
        put_file(files[i], text);
        free(text);
    }
}

static keel_portfolio *load3(char files[3][700])
{
    const char *f[3] = {files[0], files[1], files[2]};
    keel_portfolio *p = NULL;
    keel_error err = {0};
    ck_assert_msg(keel_portfolio_load(f, 3, NULL, &p, &err) == KEEL_OK, "%s", err.message);
    return p;
}

static keel_result *level(const keel_portfolio *p, const volatile sig_atomic_t *stop)
{
    keel_options o;
    keel_options_init(&o);
    o.schedules = 300;
    o.stop = stop;
    keel_result *r = NULL;
    keel_error err = {0};
    ck_assert_msg(keel_level(p, &o, &r, &err) == KEEL_OK, "%s", err.message);
    return r;
}

/* Entries of dir other than . and ..; temporaries counted apart. */
static int entries(const char *dir, int *temporaries)
{
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    int n = 0;
    *temporaries = 0;
    for (struct dirent *e; (e = readdir(d));) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        n++;
        *temporaries += strstr(e->d_name, ".keel-") != NULL;
    }
    closedir(d);
    return n;
}

static void assert_verified_files(const char *dir)
{
    char files[3][700];
    for (int i = 0; i < 3; i++)
        snprintf(files[i], sizeof files[i], "%s/%s", dir, names[i]);
    keel_portfolio *p = load3(files);
    keel_schedule *s = NULL;
    keel_conflicts *c = NULL;
    keel_error err = {0};
    ck_assert(keel_schedule_from_input(p, &s, &err) == KEEL_OK);
    ck_assert(keel_verify(p, s, &c, &err) == KEEL_OK);
    ck_assert_int_eq(keel_conflicts_failures(c), 0);
    keel_conflicts_free(c);
    keel_schedule_free(s);
    keel_portfolio_free(p);
}

/* ------------------------------------------------------------ inputs */

START_TEST(input_replaced_after_reading)
{
    char in[600], out1[600], out2[600], files[3][700];
    copy_example(fresh_dir("o_swap_in", in, sizeof in), files);
    keel_portfolio *p = load3(files);
    keel_result *r = level(p, NULL);
    keel_error err = {0};
    ck_assert_msg(keel_result_write_mspdi(p, r, fresh_dir("o_swap_a", out1, sizeof out1), &err) ==
                      KEEL_OK,
                  "%s", err.message);
    /* Another project's file now sits where the first input was. */
    char *other = slurp(files[2]);
    put_file(files[0], other);
    free(other);
    ck_assert_msg(keel_result_write_mspdi(p, r, fresh_dir("o_swap_b", out2, sizeof out2), &err) ==
                      KEEL_OK,
                  "%s", err.message);
    for (int i = 0; i < 3; i++) {
        char a[700], b[700];
        snprintf(a, sizeof a, "%s/%s", out1, names[i]);
        snprintf(b, sizeof b, "%s/%s", out2, names[i]);
        char *x = slurp(a), *y = slurp(b);
        ck_assert_msg(strcmp(x, y) == 0, "%s differs after its input was replaced", names[i]);
        free(x);
        free(y);
    }
    assert_verified_files(out2);
    keel_result_free(r);
    keel_portfolio_free(p);
}
END_TEST

START_TEST(inputs_are_never_targets)
{
    char in[600], files[3][700];
    copy_example(fresh_dir("o_protect", in, sizeof in), files);
    char *before = slurp(files[0]);
    keel_portfolio *p = load3(files);
    keel_output *o = NULL;
    keel_error err = {0};
    ck_assert(keel_output_begin(in, &o, &err) == KEEL_OK);
    /* Checked before any solve: the input folder as output is refused. */
    ck_assert_int_eq(keel_output_add_mspdi(o, p, &err), KEEL_ERR_INVALID);
    ck_assert_msg(strstr(err.message, "refusing to overwrite the input file"), "%s", err.message);
    keel_output_free(o);
    char *after = slurp(files[0]);
    ck_assert_str_eq(before, after);
    free(before);
    free(after);
    keel_portfolio_free(p);
}
END_TEST

/* ------------------------------------------------------------ all or nothing */

/* Writes the example's leveled set into out with the seam armed; returns the
 * status of the whole write. */
static keel_status write_with_fault(const char *out, int op, int skip, keel_error *err)
{
    char in[600], files[3][700];
    copy_example(fresh_dir("o_fault_in", in, sizeof in), files);
    keel_portfolio *p = load3(files);
    keel_result *r = level(p, NULL);
    test_output_fault(op, skip, ENOSPC);
    keel_status st = keel_result_write_mspdi(p, r, out, err);
    test_output_fault(-1, 0, 0);
    keel_result_free(r);
    keel_portfolio_free(p);
    return st;
}

START_TEST(full_disk_leaves_folder_as_it_was)
{
    char out[600], old[700], temps = 0;
    fresh_dir("o_full", out, sizeof out);
    snprintf(old, sizeof old, "%s/%s", out, names[0]);
    put_file(old, "an older file\n");
    keel_error err = {0};
    ck_assert_int_eq(write_with_fault(out, KEEL_OUTPUT_WRITE, 1, &err), KEEL_ERR_IO);
    ck_assert_msg(strstr(err.message, "website-relaunch.xml: cannot write: No space left on "
                                      "device (nothing in"),
                  "%s", err.message);
    int t = 0;
    ck_assert_int_eq(entries(out, &t), 1);
    ck_assert_int_eq(t, temps);
    char *text = slurp(old);
    ck_assert_str_eq(text, "an older file\n");
    free(text);
    /* A folder the run created is removed again. */
    char made[700];
    snprintf(made, sizeof made, "%s/new/deeper", out);
    ck_assert_int_eq(write_with_fault(made, KEEL_OUTPUT_WRITE, 2, &err), KEEL_ERR_IO);
    snprintf(made, sizeof made, "%s/new", out);
    ck_assert_int_ne(access(made, F_OK), 0);
}
END_TEST

START_TEST(half_finished_set_is_completed)
{
    char out[600];
    fresh_dir("o_half", out, sizeof out);
    keel_error err = {0};
    /* The second rename fails: one new file, the rest wait under the journal. */
    ck_assert_int_eq(write_with_fault(out, KEEL_OUTPUT_RENAME, 1, &err), KEEL_ERR_IO);
    ck_assert_msg(strstr(err.message, "1 of 3 files are new") &&
                      strstr(err.message, "completes the set"),
                  "%s", err.message);
    int t = 0;
    ck_assert_int_eq(entries(out, &t), 4); /* 1 file, 2 temporaries, the journal */
    ck_assert_int_eq(t, 3);
    keel_output *o = NULL;
    ck_assert(keel_output_begin(out, &o, &err) == KEEL_OK);
    ck_assert_int_eq(keel_output_nnotes(o), 1);
    ck_assert_msg(strstr(keel_output_note(o, 0), "finished it (2 renamed now"), "%s",
                  keel_output_note(o, 0));
    keel_output_free(o);
    ck_assert_int_eq(entries(out, &t), 3);
    ck_assert_int_eq(t, 0);
    assert_verified_files(out);
}
END_TEST

START_TEST(stale_temporaries_removed)
{
    char out[600], stale[700];
    fresh_dir("o_stale", out, sizeof out);
    snprintf(stale, sizeof stale, "%s/.plan.xml.keel-Ab12Cd", out);
    put_file(stale, "<Project");
    snprintf(stale, sizeof stale, "%s/.hidden-but-mine", out);
    put_file(stale, "keep");
    keel_output *o = NULL;
    keel_error err = {0};
    ck_assert(keel_output_begin(out, &o, &err) == KEEL_OK);
    ck_assert_int_eq(keel_output_nnotes(o), 1);
    ck_assert_msg(strstr(keel_output_note(o, 0), "removed 1 temporary file left by a keel run"),
                  "%s", keel_output_note(o, 0));
    /* One set at a time per folder. */
    keel_output *second = NULL;
    ck_assert_int_eq(keel_output_begin(out, &second, &err), KEEL_ERR_IO);
    ck_assert_msg(strstr(err.message, "another keel run is writing into this folder"), "%s",
                  err.message);
    keel_output_free(o);
    int t = 0;
    ck_assert_int_eq(entries(out, &t), 1);
    ck_assert_int_eq(t, 0);
}
END_TEST

START_TEST(cancel_and_incomplete_sets)
{
    char out[600];
    fresh_dir("o_cancel", out, sizeof out);
    keel_output *o = NULL;
    keel_error err = {0};
    ck_assert(keel_output_begin(out, &o, &err) == KEEL_OK);
    ck_assert(keel_output_add(o, "a.txt", 10, NULL, &err) == KEEL_OK);
    ck_assert(keel_output_add(o, "b.txt", 10, NULL, &err) == KEEL_OK);
    ck_assert_int_eq(keel_output_add(o, "a.txt", 10, NULL, &err), KEEL_ERR_INVALID);
    ck_assert_int_eq(keel_output_add(o, "../x", 10, NULL, &err), KEEL_ERR_INVALID);
    ck_assert(keel_output_check(o, &err) == KEEL_OK);
    ck_assert(keel_output_put(o, "a.txt", "aaa", 3, &err) == KEEL_OK);
    ck_assert_int_eq(keel_output_commit(o, &err), KEEL_ERR_INVALID); /* b.txt missing */
    volatile sig_atomic_t flag = 1;
    keel_output_set_cancel(o, &flag);
    ck_assert_int_eq(keel_output_put(o, "b.txt", "bbb", 3, &err), KEEL_ERR_CANCELLED);
    keel_output_free(o);
    int t = 0;
    ck_assert_int_eq(entries(out, &t), 0);
    /* The space check: a size no disk has. */
    ck_assert(keel_output_begin(out, &o, &err) == KEEL_OK);
    ck_assert(keel_output_add(o, "huge.txt", INT64_MAX / 4, NULL, &err) == KEEL_OK);
    ck_assert_int_eq(keel_output_check(o, &err), KEEL_ERR_IO);
    ck_assert_msg(strstr(err.message, "not enough free space"), "%s", err.message);
    keel_output_free(o);
}
END_TEST

/* ------------------------------------------------------------ dates, stop */

static const char far_project[] =
    "<?xml version=\"1.0\"?>\n<Project xmlns=\"http://schemas.microsoft.com/project\">\n"
    "<StartDate>2195-01-02T08:00:00</StartDate>\n<Tasks>\n"
    "<Task><UID>1</UID><ID>1</ID><Name>Long haul</Name><Duration>PT16000H0M0S</Duration></Task>\n"
    "</Tasks>\n</Project>\n";

START_TEST(dates_out_of_range_refused)
{
    char in[600], file[700], out[600];
    fresh_dir("o_far", in, sizeof in);
    snprintf(file, sizeof file, "%s/far.xml", in);
    put_file(file, far_project);
    const char *f[1] = {file};
    keel_portfolio *p = NULL;
    keel_error err = {0};
    ck_assert(keel_portfolio_load(f, 1, NULL, &p, &err) == KEEL_OK);
    keel_result *r = level(p, NULL);
    ck_assert_int_eq(keel_result_write_mspdi(p, r, fresh_dir("o_far_out", out, sizeof out), &err),
                     KEEL_ERR_INVALID);
    ck_assert_msg(strstr(err.message, "far.xml:5: task UID 1 'Long haul': the leveled finish "
                                      "2202-") &&
                      strstr(err.message, "outside the years 1900..2200"),
                  "%s", err.message);
    int t = 0;
    ck_assert_int_eq(entries(out, &t), 0);
    keel_result_free(r);
    keel_portfolio_free(p);
}
END_TEST

/* Found by fuzz_level: a document declared in UTF-7 was written in UTF-7,
 * which no reader recognises without the declaration it encodes. */
START_TEST(output_reads_back_whatever_the_encoding)
{
    char in[600], file[700], out[600], back[700];
    fresh_dir("o_utf7", in, sizeof in);
    snprintf(file, sizeof file, "%s/seven.xml", in);
    put_file(file, "<?xml version=\"1.0\" encoding=\"UTF-7\"?>\n"
                   "<Project xmlns=\"http://schemas.microsoft.com/project\">\n"
                   "<StartDate>2026-01-05T08:00:00</StartDate>\n<Tasks>\n"
                   "<Task><UID>1</UID><ID>1</ID><Name>A</Name><Duration>PT8H0M0S</Duration>"
                   "</Task>\n</Tasks>\n</Project>\n");
    const char *f[1] = {file};
    keel_portfolio *p = NULL;
    keel_error err = {0};
    ck_assert_msg(keel_portfolio_load(f, 1, NULL, &p, &err) == KEEL_OK, "%s", err.message);
    keel_result *r = level(p, NULL);
    ck_assert_msg(keel_result_write_mspdi(p, r, fresh_dir("o_utf7_out", out, sizeof out), &err) ==
                      KEEL_OK,
                  "%s", err.message);
    snprintf(back, sizeof back, "%s/seven.xml", out);
    char *text = slurp(back);
    ck_assert_msg(strncmp(text, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>", 38) == 0, "%s",
                  text);
    free(text);
    keel_portfolio *q = NULL;
    f[0] = back;
    ck_assert_msg(keel_portfolio_load(f, 1, NULL, &q, &err) == KEEL_OK, "%s", err.message);
    keel_portfolio_free(q);
    keel_result_free(r);
    keel_portfolio_free(p);
}
END_TEST

START_TEST(stop_request_keeps_a_verified_schedule)
{
    const char *none[1] = {NULL};
    keel_load_options lo = {.portfolio_file = "instances/example/portfolio.txt"};
    keel_portfolio *p = NULL;
    keel_error err = {0};
    ck_assert(keel_portfolio_load(none, 0, &lo, &p, &err) == KEEL_OK);
    volatile sig_atomic_t stop = 1;
    keel_result *r = level(p, &stop);
    keel_result_info info = keel_result_get(r);
    ck_assert(info.stopped);
    ck_assert_int_le(info.schedules, 1); /* the first feasible schedule only */
    keel_conflicts *c = NULL;
    ck_assert(keel_verify(p, keel_result_schedule(r), &c, &err) == KEEL_OK);
    ck_assert_int_eq(keel_conflicts_failures(c), 0);
    keel_conflicts_free(c);
    keel_result_free(r);
    r = level(p, NULL);
    ck_assert(!keel_result_get(r).stopped);
    keel_result_free(r);
    keel_portfolio_free(p);
}
END_TEST

Suite *suite_output(void)
{
    Suite *s = suite_create("output");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, input_replaced_after_reading);
    tcase_add_test(tc, inputs_are_never_targets);
    tcase_add_test(tc, full_disk_leaves_folder_as_it_was);
    tcase_add_test(tc, half_finished_set_is_completed);
    tcase_add_test(tc, stale_temporaries_removed);
    tcase_add_test(tc, cancel_and_incomplete_sets);
    tcase_add_test(tc, dates_out_of_range_refused);
    tcase_add_test(tc, output_reads_back_whatever_the_encoding);
    tcase_add_test(tc, stop_request_keeps_a_verified_schedule);
    suite_add_tcase(s, tc);
    return s;
}
