/* SPDX-License-Identifier: GPL-3.0-or-later
 * PSPLIB single-mode RCPSP instances (.sm, Kolisch & Sprecher 1996, "PSPLIB - A
 * project scheduling problem library", EJOR 96:205-216).
 *
 * Reading is two steps so that the MPSPLIB reader can reuse both:
 *  1. keel_psplib_parse turns the text into a plain keel_psplib (sections are
 *     found by their headers, never by line numbers; every count, id and number
 *     is checked, so any input gives a value or an error, never a crash or an
 *     allocation larger than the input justifies);
 *  2. keel_psplib_add appends it to a keel_builder as one project with one task
 *     per job (dummies included), FS links with zero lag, and assignments.
 * keel_psplib_read does both for a file. Time is in periods on a continuous
 * calendar (research mode).
 */
#ifndef KEEL_PSPLIB_READ_H
#define KEEL_PSPLIB_READ_H

#include <stdint.h>

#include "keel.h"
#include "model/builder.h"

#define KEEL_PSPLIB_MAX_JOBS 100000
#define KEEL_PSPLIB_MAX_RESOURCES 64
#define KEEL_PSPLIB_MAX_DURATION 100000000 /* periods per job */
#define KEEL_PSPLIB_MAX_UNITS 2000000      /* demand/capacity (x1000 fits int32) */
#define KEEL_PSPLIB_MAX_BYTES (64u << 20)  /* file size limit */

/* A parsed instance. Jobs are 0-based here (job j of the file is index j-1). */
typedef struct keel_psplib {
    char *name;        /* display name as given to parse (a path or label) */
    int njobs;         /* jobs incl. supersource and supersink */
    int nres;          /* renewable resources */
    int64_t horizon;   /* periods, as stated; -1 when absent */
    int64_t release;   /* PROJECT INFORMATION rel.date (periods) */
    int64_t due_date;  /* PROJECT INFORMATION duedate (periods) */
    int64_t mpm_time;  /* PROJECT INFORMATION MPM-Time: the critical-path length */
    int64_t *duration; /* [njobs] periods */
    int32_t *demand;   /* [njobs * nres] whole units, job-major */
    int32_t *capacity; /* [nres] whole units */
    int *succ_start;   /* [njobs + 1]: successors of j are succ[succ_start[j] ..] */
    int *succ;         /* 0-based job indices */
    int *prec_line;    /* [njobs] line of the job's PRECEDENCE RELATIONS row */
    int *req_line;     /* [njobs] line of the job's REQUESTS/DURATIONS row */
    int avail_line;    /* line of the RESOURCEAVAILABILITIES values */
} keel_psplib;

/* Parses text[0..len) (need not be NUL-terminated); name is used in messages
 * ("name:line: problem") and copied. On success *out is the caller's
 * (keel_psplib_free). Fails with KEEL_ERR_PARSE (the line of the offending row;
 * a missing section is reported at the last line) or KEEL_ERR_NOMEM; then *out
 * is NULL. Multi-mode instances are rejected. */
keel_status keel_psplib_parse(const char *name, const char *text, size_t len,
                              keel_psplib **out, keel_error *err);
/* Reads and parses a file (KEEL_ERR_IO when it cannot be read). */
keel_status keel_psplib_load(const char *path, keel_psplib **out, keel_error *err);
void keel_psplib_free(keel_psplib *inst);

/* How keel_psplib_add places an instance in a builder. */
typedef struct keel_psplib_add_opts {
    const char *project_name; /* NULL: the base name of inst->name */
    const char *file;         /* keel_project.file (copied), may be NULL */
    keel_time start;          /* project start / release, periods */
    /* NULL: every resource of the instance becomes a new builder resource named
     * "<resource_prefix>R<k>" (k = 1..nres) with the instance's capacity.
     * Otherwise resource_map[k-1] >= 0 is the builder resource that resource k
     * draws on (its capacity is the caller's business), and -1 makes a new one
     * as above. */
    const int *resource_map;
    const char *resource_prefix; /* NULL = "" */
} keel_psplib_add_opts;

/* Appends inst as one project: b->research = true; a calendar definition
 * "continuous" (found by name or added) is the project calendar; tasks "job N"
 * with uid = id = N, FS links with zero lag, assignments for non-zero demands.
 * *project_out (may be NULL) receives the project index. Fails with
 * KEEL_ERR_NOMEM or KEEL_ERR_INVALID (a bad resource_map entry); then b is as
 * before (apart from unused arena memory). */
keel_status keel_psplib_add(const keel_psplib *inst, keel_builder *b,
                            const keel_psplib_add_opts *opts, int *project_out,
                            keel_error *err);

/* Reads a PSPLIB file into b as one project named after the file (base name),
 * starting at 0, with resources "R1".."R<k>". Fails like load and add, and with
 * KEEL_ERR_PARSE when b already has a resource of one of those names (one
 * PSPLIB instance per portfolio; use MPSPLIB for several). *project_out and
 * *mpm_time_out (the file's MPM-Time, critical-path length) may be NULL. */
keel_status keel_psplib_read(const char *path, keel_builder *b, int *project_out,
                             int64_t *mpm_time_out, keel_error *err);

/* The index of the calendar definition named "continuous" in b, adding it (all
 * seven days working 0..1440) when absent; -1 when out of memory. */
int keel_psplib_continuous_calendar(keel_builder *b);

#endif
