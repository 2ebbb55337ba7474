/* SPDX-License-Identifier: GPL-3.0-or-later
 * The output set's state and the file-system steps output.c is made of
 * (output_fs.c: folders, lock, temporaries, journal, recovery). Internal to
 * src/write/output*.c.
 */
#ifndef KEEL_OUTPUT_INTERNAL_H
#define KEEL_OUTPUT_INTERNAL_H

#include <sys/types.h>

#include "write/output.h"

#define KEEL_OUTPUT_JOURNAL ".keel-journal"

typedef struct keel_output_file {
    dev_t dev;
    ino_t ino;
    const char *path; /* borrowed from the caller, for messages */
} keel_output_file;

typedef struct keel_output_target {
    char *name, *path;   /* name in the folder, and dir/name */
    char *tmp;           /* the synced temporary once put, else NULL */
    int64_t size_hint;   /* bytes, for the space check */
    mode_t mode;
} keel_output_target;

struct keel_output {
    char *dir;
    int dfd;                      /* the folder, locked with flock */
    char **created;               /* folders begin made, outermost first */
    int ncreated;
    keel_output_target *targets;
    int ntargets;
    keel_output_file *protected_files;
    int nprotected;
    char **notes;
    int nnotes;
    const volatile sig_atomic_t *cancel;
    bool committed;
    bool half_done;               /* a rename failed: journal and temporaries stay */
};

/* dir/name, malloc'd; NULL when out of memory. */
char *keel_output_path(const char *dir, const char *name);
/* Creates dir and its missing parents, recording the ones made. KEEL_ERR_IO
 * names the folder that could not be made. */
keel_status keel_output_mkdirs(keel_output *o, keel_error *err);
/* Opens and locks the folder. KEEL_ERR_IO when it is missing or taken. */
keel_status keel_output_lock(keel_output *o, keel_error *err);
/* Finishes an interrupted set (a journal) and removes stale temporaries,
 * adding a note for each. Fails with KEEL_ERR_IO or KEEL_ERR_NOMEM. */
keel_status keel_output_recover(keel_output *o, keel_error *err);
/* Creates dir/.<base>.keel-XXXXXX; returns its fd (-1 and errno on failure)
 * and the path in *tmp (malloc'd). */
int keel_output_tempfile(const char *dir, const char *base, char **tmp);
/* Writes, syncs and closes t's temporary file (t->tmp on success). */
keel_status keel_output_write_temp(keel_output *o, keel_output_target *t, const void *data,
                                   size_t len, keel_error *err);
/* The journal naming every temporary and its target, synced, before renames. */
keel_status keel_output_journal_write(keel_output *o, keel_error *err);
void keel_output_journal_remove(keel_output *o);
/* fsync of the folder, so renames are durable; best effort. */
void keel_output_sync_dir(const keel_output *o);

#endif
