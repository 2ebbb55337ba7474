/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * keel.h — the one public API of keel, a multi-project resource-leveling engine.
 *
 * Ownership: whatever a function hands back through an out parameter belongs to
 * the caller and is freed with the matching keel_*_free (all NULL-safe).
 * Everything else (strings returned by accessors, arrays inside results) is
 * borrowed and lives as long as the object it came from.
 *
 * Failure: a fallible function returns a keel_status and fills the keel_error
 * passed last (which may be NULL). On failure its out pointers are NULL and
 * nothing leaks. The library never prints, exits or aborts.
 *
 * Threads: a loaded portfolio is immutable and may be shared by any number of
 * threads; every other object belongs to one thread at a time.
 *
 * Time: a keel_time is a count of minutes since 1984-01-01T00:00 local wall
 * time (MS Project's earliest date) for MSPDI models, and a count of periods
 * for research instances (PSPLIB, MPSPLIB). Durations are working minutes
 * (periods) on the task's calendar unless a name says otherwise.
 */
#ifndef KEEL_H
#define KEEL_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define KEEL_VERSION "0.1.0"

typedef int64_t keel_time; /* minutes since 1984-01-01T00:00, or periods */
#define KEEL_TIME_NONE INT64_MIN

/* Resource units are integers: KEEL_UNITS_ONE is one full-time unit (MSPDI 1.0, 100 %). */
#define KEEL_UNITS_ONE 1000

typedef enum keel_status {
    KEEL_OK = 0,
    KEEL_ERR_IO,       /* a file could not be opened, read or written */
    KEEL_ERR_PARSE,    /* the input is malformed or inconsistent */
    KEEL_ERR_CYCLE,    /* the precedence graph has a cycle */
    KEEL_ERR_NOMEM,    /* out of memory */
    KEEL_ERR_INVALID,  /* a bad argument or option */
    KEEL_ERR_INTERNAL, /* a bug or a solver failure */
    KEEL_ERR_CANCELLED, /* stopped on request (keel_output_set_cancel) */
} keel_status;

/* An error: the status and a message "file:line: subject: problem". */
typedef struct keel_error {
    keel_status status;
    int line;          /* source line, 0 when none */
    char message[512];
} keel_error;

/* Returns a static name for a status ("parse error", ...). Cannot fail. */
const char *keel_status_name(keel_status status);

/* ---------------------------------------------------------------- portfolio */

typedef struct keel_portfolio keel_portfolio;

typedef struct keel_load_options {
    const char *pool_file;      /* MSPDI file whose resources are authoritative, or NULL */
    const char *portfolio_file; /* portfolio text file (see README), or NULL */
} keel_load_options;

/* Loads a portfolio from MSPDI files (each file is one project), a PSPLIB .sm
 * file or an MPSPLIB .xml file (by content). When portfolio_file names project
 * files, files may be empty (nfiles 0). opts may be NULL. On success *out is the
 * caller's (keel_portfolio_free). Fails with KEEL_ERR_IO, KEEL_ERR_PARSE,
 * KEEL_ERR_CYCLE or KEEL_ERR_NOMEM and a message naming file and line. */
keel_status keel_portfolio_load(const char *const *files, int nfiles,
                                const keel_load_options *opts, keel_portfolio **out,
                                keel_error *err);
/* keel_portfolio_load reading up to `threads` project files at once (files
 * parsed ahead while earlier ones join the portfolio); the portfolio, and a
 * failure's message, are those of reading them one by one. */
keel_status keel_portfolio_load_threads(const char *const *files, int nfiles,
                                        const keel_load_options *opts, int threads,
                                        keel_portfolio **out, keel_error *err);
void keel_portfolio_free(keel_portfolio *p);

/* True when the portfolio came from a research instance (time in periods). */
bool keel_portfolio_is_research(const keel_portfolio *p);
int keel_portfolio_nprojects(const keel_portfolio *p);
int keel_portfolio_ntasks(const keel_portfolio *p);
int keel_portfolio_nresources(const keel_portfolio *p);

typedef struct keel_project_info {
    const char *name;     /* project name (file name without directory) */
    const char *file;     /* path it was read from, or NULL */
    keel_time start;      /* project start / release date */
    keel_time deadline;   /* the portfolio file's, else the latest task Deadline of
                             the file (the project summary task's included);
                             KEEL_TIME_NONE when none */
    int priority;         /* 0..1000: the portfolio file's, else the project summary
                             task's Priority, else its tasks' most common one */
    double weight;        /* objective weight, >= 0: the portfolio file's, else
                             keel_priority_weight(priority) */
    int32_t minutes_per_day; /* working minutes in a day (MSPDI MinutesPerDay), 1 for research */
    int first_task, ntasks; /* its tasks are first_task .. first_task+ntasks-1 */
} keel_project_info;

typedef struct keel_task_info {
    int project;          /* project index */
    int32_t uid;          /* MSPDI UID, or PSPLIB job number */
    const char *name;
    bool summary, milestone;
    int64_t duration;     /* working minutes (periods) still to schedule */
    int priority;         /* 0..1000; 1000 never moves */
    bool fixed;           /* started or priority 1000: the leveler keeps it in place */
    keel_time start, finish; /* dates as read from the file, KEEL_TIME_NONE if absent */
    keel_time deadline;   /* the task's Deadline, KEEL_TIME_NONE when none */
    bool elapsed;         /* its duration is elapsed (clock) time */
} keel_task_info;

typedef struct keel_resource_info {
    const char *name;
    bool work;            /* a work resource (renewable, constrains the schedule) */
    bool can_level;
    int32_t max_units;    /* KEEL_UNITS_ONE = one full-time unit */
} keel_resource_info;

/* Things worth telling a user that are not errors ("file:line: ..."), e.g. an
 * assignment on a summary task that was ignored. Borrowed strings. */
int keel_portfolio_nwarnings(const keel_portfolio *p);
const char *keel_portfolio_warning(const keel_portfolio *p, int i);

/* The default objective weight of a project of this priority (0..1000):
 * 2^((priority - 500) / 100), so 500 weighs 1 and every 100 points double it
 * (100: 1/16, 700: 4, 900: 16). MS Project levels higher priorities first; a
 * weight that doubles per 100 points comes close to that order while still
 * trading a long slip of a low-priority project against a short one of a
 * high-priority project. Cannot fail (clamps to 0..1000). */
double keel_priority_weight(int priority);

/* Index out of range gives a zeroed struct. Cannot fail otherwise. */
keel_project_info keel_project_get(const keel_portfolio *p, int project);
keel_task_info keel_task_get(const keel_portfolio *p, int task);
keel_resource_info keel_resource_get(const keel_portfolio *p, int resource);

/* Writes t as "YYYY-MM-DDTHH:MM:SS" (MSPDI models) or as a period number
 * (research instances) into buf (at least 32 bytes). Returns buf. */
char *keel_time_format(const keel_portfolio *p, keel_time t, char *buf, size_t size);

/* ---------------------------------------------------------------- critical path */

typedef struct keel_cpm keel_cpm;

/* Runs the critical-path method over the whole portfolio (all links, lags,
 * constraints, calendars, progress), ignoring resource limits. Fails with
 * KEEL_ERR_PARSE naming the file when a project has tasks but no date to
 * start from (no StartDate, no task Start, no release), or KEEL_ERR_NOMEM. */
keel_status keel_cpm_run(const keel_portfolio *p, keel_cpm **out, keel_error *err);
void keel_cpm_free(keel_cpm *c);

typedef struct keel_cpm_task {
    keel_time early_start, early_finish, late_start, late_finish;
    int64_t total_slack, free_slack; /* working minutes (periods) on the project calendar */
    bool critical;
} keel_cpm_task;

typedef struct keel_cpm_project {
    keel_time start, finish;   /* earliest start and CPM finish */
    int64_t length;            /* working minutes (periods) from start to finish */
} keel_cpm_project;

keel_cpm_task keel_cpm_task_get(const keel_cpm *c, int task);
keel_cpm_project keel_cpm_project_get(const keel_cpm *c, int project);
keel_time keel_cpm_portfolio_finish(const keel_cpm *c);

/* ---------------------------------------------------------------- schedules */

/* A schedule: a start and finish for every task of a portfolio. */
typedef struct keel_schedule keel_schedule;

/* The dates as they stand in the input files (tasks without dates take their
 * CPM early dates). */
keel_status keel_schedule_from_input(const keel_portfolio *p, keel_schedule **out,
                                     keel_error *err);
void keel_schedule_free(keel_schedule *s);
keel_time keel_schedule_start(const keel_schedule *s, int task);
keel_time keel_schedule_finish(const keel_schedule *s, int task);

/* ---------------------------------------------------------------- verifier */

typedef enum keel_conflict_kind {
    KEEL_CONFLICT_RESOURCE,   /* load above capacity on an interval */
    KEEL_CONFLICT_LINK,       /* a precedence link (with its lag) is broken */
    KEEL_CONFLICT_CALENDAR,   /* a task starts in non-working time or its dates
                                 do not match its duration on its calendar */
    KEEL_CONFLICT_CONSTRAINT, /* a date constraint is broken */
    KEEL_CONFLICT_PROGRESS,   /* a started task was moved from its actual start */
    KEEL_CONFLICT_DEADLINE,   /* a task (its Deadline) or a project (project >= 0)
                                 finishes after its deadline: soft, always accepted */
} keel_conflict_kind;

/* Why a conflict is accepted: reported, but not a failure of the schedule.
 * An overload is accepted only when leveling could not have removed it. */
typedef enum keel_accept_reason {
    KEEL_ACCEPT_NONE = 0,    /* not accepted: a failure */
    KEEL_ACCEPT_FIXED,       /* the tasks that may not move (started, priority
                                1000) alone exceed the capacity */
    KEEL_ACCEPT_SINGLE,      /* one task alone needs more than the resource has */
    KEEL_ACCEPT_NOT_LEVELED, /* the resource is not leveled (CanLevel 0) */
    KEEL_ACCEPT_SOFT,        /* a soft constraint: deadline, "no later than",
                                the upper side of MSO/MFO */
    KEEL_ACCEPT_TIED,        /* a priority-1000 task with tasks it depends on through
                                links (they drag it along when delayed): with the
                                fixed tasks they alone exceed the capacity */
    KEEL_ACCEPT_STARTED,     /* a link into a started task, which keeps its dates */
} keel_accept_reason;

/* A short text for a reason ("fixed tasks alone over capacity", ...); "" for
 * KEEL_ACCEPT_NONE. Cannot fail. */
const char *keel_accept_reason_text(keel_accept_reason reason);

typedef struct keel_conflict {
    keel_conflict_kind kind;
    int resource;             /* RESOURCE: the resource, else -1 */
    int task, other;          /* the task (LINK: successor) and the other task (LINK:
                                 predecessor), -1 when not applicable */
    keel_time from, to;       /* the interval, or the task's dates */
    int32_t load, capacity;   /* RESOURCE: peak load and capacity in units */
    int ntasks;               /* RESOURCE: tasks running in the interval */
    const int *tasks;
    bool accepted;            /* reported, but not a verifier failure */
    keel_accept_reason accept_reason; /* why (KEEL_ACCEPT_NONE when not accepted); an
                                 overload over several stretches gives the first's */
    /* DEADLINE: from is the deadline, to the finish; task is the late task, or
     * for a project's deadline the project's last task. */
    int project;              /* DEADLINE: the project whose deadline it is, -1 when
                                 it is the task's own Deadline (DEADLINE only) */
    int64_t late;             /* DEADLINE: working minutes of the project calendar
                                 from the deadline to the finish */
} keel_conflict;

typedef struct keel_conflicts keel_conflicts;

/* Checks a schedule independently of how it was made: precedence (all link
 * types and lags), resource capacity over time (availability and calendars),
 * tasks inside their calendars, constraints and fixed progress. */
keel_status keel_verify(const keel_portfolio *p, const keel_schedule *s,
                        keel_conflicts **out, keel_error *err);
void keel_conflicts_free(keel_conflicts *c);
int keel_conflicts_count(const keel_conflicts *c);
/* Conflicts not marked accepted: a schedule keel emits must have none. */
int keel_conflicts_failures(const keel_conflicts *c);
const keel_conflict *keel_conflicts_get(const keel_conflicts *c, int i);

/* ---------------------------------------------------------------- leveling */

/* Options of keel_level and keel_solve. Fill with keel_options_init, then set
 * fields or call keel_options_set by name (the names of `keel --help`). */
typedef struct keel_options {
    int threads;          /* worker threads, default 1 */
    uint64_t seed;        /* default 1 */
    int64_t schedules;    /* budget in generated schedules; 0 = the default
                             budget (its rule: keel_options_describe, `keel
                             --help`), or no limit when time_limit is set */
    int64_t iterations;   /* driver synchronisation rounds, 0 = until the budget */
    double time_limit;    /* seconds of wall clock, 0 = none */
    char objective[32];   /* "weighted-delay", "apd", "tms", "tardiness", "makespan" */
    char solvers[160];    /* comma-separated solver names, or "default" */
    bool within_slack;    /* no project finish may move */
    bool no_clusters;     /* level as one problem even when groups of projects share
                             no leveled resource and no link (keel_result_info.clusters) */
    bool quiet;           /* no progress callback calls (the one switch for them) */
    /* Called now and then from the calling thread while a run goes on; may be NULL. */
    void (*progress)(double seconds, int64_t schedules, double best, void *ctx);
    void *progress_ctx;
    /* A stop request, may be NULL: when *stop becomes non-zero (a signal
     * handler may set it) the search ends at its next sharing point (within a
     * fraction of a second) and keel_level returns the best schedule found so
     * far, verified like any other, with keel_result_info.stopped set. The
     * library only reads it and installs no signal handler. */
    const volatile sig_atomic_t *stop;
} keel_options;

void keel_options_init(keel_options *o);
/* Sets option `name` (e.g. "time-limit") from text. Fails with
 * KEEL_ERR_INVALID naming the option and the accepted range. */
keel_status keel_options_set(keel_options *o, const char *name, const char *value,
                             keel_error *err);
/* Describes option i (0-based) for help texts; false past the last one. */
typedef struct keel_option_info {
    const char *name, *help;
    bool is_bool;         /* a flag: takes no value on the command line */
    char default_text[32];
} keel_option_info;
bool keel_options_describe(int i, keel_option_info *info);

/* The outcome of a leveling run. */
typedef struct keel_result keel_result;

/* Levels the portfolio: a conflict-free schedule that finishes the important
 * projects as early as possible (objective o->objective; the default is
 * "weighted-delay" for MSPDI portfolios, "makespan" for a PSPLIB instance and
 * "tms" for an MPSPLIB instance). Every schedule is checked by keel_verify
 * before it is returned; a violation is a bug and fails with
 * KEEL_ERR_INTERNAL. Fails with KEEL_ERR_INVALID for bad options. */
keel_status keel_level(const keel_portfolio *p, const keel_options *o, keel_result **out,
                       keel_error *err);
void keel_result_free(keel_result *r);

typedef struct keel_result_info {
    const char *objective;     /* its name */
    double value;              /* objective of the leveled schedule. Units: delays
                                  (weighted-delay, tardiness, apd) in working days of
                                  each project's calendar (minutes / MinutesPerDay;
                                  periods for research instances); spans (makespan,
                                  tms) in elapsed minutes (periods) */
    double baseline;           /* objective of the MS Project-like "priority,
                                  standard" single pass */
    double lower_bound;        /* on the objective; NAN when none is known */
    double gap;                /* (value - lower_bound) / lower_bound; NAN if unknown
                                  or when conflicts are left (within slack) */
    bool optimal;              /* proven: value equals the lower bound (never when
                                  conflicts are left) */
    keel_time makespan;        /* latest finish - earliest start */
    double tms, apd;           /* total makespan (elapsed minutes, periods); average
                                  project delay (working days, periods) */
    int64_t schedules, rounds;
    double seconds;            /* whole run */
    double first_feasible_seconds; /* until the first conflict-free schedule */
    double best_seconds;       /* until the returned schedule was found (the
                                  driver notices at its sharing points) */
    const char *solver;        /* the solver that found the schedule */
    int conflicts_before;      /* conflicts in the input files' own dates, as
                                  keel_verify counts them (all kinds) */
    int conflicts_before_accepted; /* of those, accepted */
    int conflicts_after;       /* conflicts in the leveled schedule: what keel_verify
                                  says about the files written */
    int conflicts_after_accepted; /* of those, accepted (keel_accept_reason); all
                                  of them unless within slack left some */
    int unresolved;            /* within slack: tasks left in conflict because
                                  their slack was too small */
    int pinned_delayed;        /* priority-1000 tasks that start later than their
                                  links allow: leveling found no place for them
                                  without an overload it could have avoided (rare:
                                  such tasks chasing each other's places) */
    /* Portfolio-scale leveling: the best of the rule-based single passes a
     * portfolio of several projects starts from (each project's own latest
     * finish, least slack, weighted slack, ...; see docs/scale.md). */
    double rules_value;        /* its objective; NAN when none ran (one project,
                                  within slack) */
    const char *rules_best;    /* its name, e.g. "rule project-lft"; NULL if none */
    keel_time rules_makespan;  /* its makespan, measured as makespan is; 0 if none */
    const char *lower_bound_how; /* how lower_bound was found ("competition for
                                  resource 'X' (12 projects)", "critical path
                                  and resource energy", ...); NULL if none */
    bool stopped;              /* keel_options.stop ended the search early: the
                                  best schedule found until then */
    /* Decomposition (docs/decomposition.md): groups of projects that share no
     * leveled resource and no link are leveled one after the other, each as
     * a portfolio of its own; solver then names each group's finder once
     * ("ga+portfolio"). */
    int clusters;              /* such groups; 1 when the portfolio is one */
} keel_result_info;

typedef enum keel_deadline_state {
    KEEL_DEADLINE_NONE = 0,    /* the project has no deadline */
    KEEL_DEADLINE_MET,
    KEEL_DEADLINE_MISSED,
} keel_deadline_state;

typedef struct keel_result_project {
    keel_time cpm_finish;      /* resource-free CPM finish */
    keel_time finish;          /* leveled finish */
    int64_t delay;             /* working minutes (periods) of the project calendar
                                  between the two; in days: / minutes_per_day */
    keel_time deadline;        /* KEEL_TIME_NONE when none (keel_project_info) */
    keel_deadline_state deadline_state;
    int64_t late;              /* missed: working minutes of the project calendar
                                  from the deadline to the finish; else 0 */
} keel_result_project;

keel_result_info keel_result_get(const keel_result *r);
keel_result_project keel_result_project_get(const keel_result *r, int project);
/* The leveled schedule, and the resource-free CPM schedule it started from
 * (NULL for a keel_clear_leveling result). */
const keel_schedule *keel_result_schedule(const keel_result *r);
const keel_schedule *keel_result_before(const keel_result *r);
/* Within slack: true when leveling had to leave this task in conflict. */
bool keel_result_task_unresolved(const keel_result *r, int task);
/* The conflicts left in the leveled schedule: accepted ones, and within
 * slack the overloads of the tasks it could not level. */
const keel_conflicts *keel_result_conflicts(const keel_result *r);

/* Writes one leveled MSPDI file per input project into dir (created with its
 * parents when missing) under the input's file name, by patching the document
 * as it was read (the input file is not read again): every element keel does
 * not compute survives. One output set (below): all files or none. Fails like
 * keel_output_begin, keel_output_add_mspdi, keel_output_check,
 * keel_output_put_mspdi and keel_output_commit; then dir is as it was. */
keel_status keel_result_write_mspdi(const keel_portfolio *p, const keel_result *r,
                                    const char *dir, keel_error *err);

/* ---------------------------------------------------------------- output sets
 * (owner: reliability; used by level and by every command that writes files)
 *
 * An output set writes several files into one folder as one transaction:
 * begin (create the folder, take it), add every target and check them all
 * (before a long solve), put each file's content (to a temporary file in the
 * folder, flushed with fsync), then commit (rename them all into place). Until
 * commit nothing the user sees changes; keel_output_free without a commit
 * removes every temporary file and the folders begin created.
 *
 * What "atomic" means for a set: rename(2) is atomic per file, not for a set.
 * Before its renames commit writes a journal (.keel-journal in the folder)
 * naming them, and removes it after the last one. A crash between renames
 * leaves some new and some old files plus that journal; the next
 * keel_output_begin on the folder finishes the renames (the temporaries are
 * complete and synced) and says so in a note. Temporary files
 * (".NAME.keel-XXXXXX") left by a run that was killed before its commit are
 * removed by the next begin, with a note. A folder is taken by one output set
 * at a time (an advisory lock; a second one fails with KEEL_ERR_IO). */
typedef struct keel_output keel_output;

/* Begins an output set in dir: creates dir and missing parents, takes the
 * folder, finishes an interrupted set and removes stale temporaries (see the
 * notes). On success *out is the caller's (keel_output_free). Fails with
 * KEEL_ERR_IO ("dir: cannot create folder: reason", "another keel run is
 * writing into this folder") or KEEL_ERR_NOMEM; nothing is left created. */
keel_status keel_output_begin(const char *dir, keel_output **out, keel_error *err);
/* Without a commit: removes the temporaries and the folders begin created.
 * NULL-safe. */
void keel_output_free(keel_output *o);

/* What begin did to the folder that a user should know ("dir: ..."). */
int keel_output_nnotes(const keel_output *o);
const char *keel_output_note(const keel_output *o, int i);

/* From now on put and commit fail with KEEL_ERR_CANCELLED (and write nothing
 * more) as soon as *flag is non-zero; flag may be set from a signal handler. */
void keel_output_set_cancel(keel_output *o, const volatile sig_atomic_t *flag);

/* A file the set must never replace (an input): compared by device and inode,
 * so other spellings and links count. A path that does not exist is ignored.
 * Fails with KEEL_ERR_NOMEM only. */
keel_status keel_output_protect(keel_output *o, const char *path, keel_error *err);

/* Declares the target dir/name (a plain file name) with the bytes it will
 * take about (for the space check) and the file whose permission bits it gets
 * (NULL: 0644). Fails with KEEL_ERR_INVALID (a bad or repeated name, a
 * protected file) or KEEL_ERR_IO (the target is a folder or not a regular
 * file). */
keel_status keel_output_add(keel_output *o, const char *name, int64_t size_hint,
                            const char *mode_from, keel_error *err);

/* Checks, before any content exists, that the folder takes files (a probe
 * file is created and removed) and has room for the declared sizes. Fails
 * with KEEL_ERR_IO saying what is missing. */
keel_status keel_output_check(keel_output *o, keel_error *err);

/* Writes the content of a declared target to its temporary file and syncs it.
 * Fails with KEEL_ERR_INVALID (not declared), KEEL_ERR_IO ("dir/name: cannot
 * write: reason"; the temporary is removed) or KEEL_ERR_CANCELLED. */
keel_status keel_output_put(keel_output *o, const char *name, const void *data, size_t len,
                            keel_error *err);

/* Renames every temporary into place (see above). Fails with KEEL_ERR_INVALID
 * (a target was not put), KEEL_ERR_CANCELLED (nothing renamed) or
 * KEEL_ERR_IO; after a failed rename the journal stays and the next begin
 * completes the set (the message says so). */
keel_status keel_output_commit(keel_output *o, keel_error *err);

/* The leveled MSPDI files of a portfolio as targets of o: protects every file
 * the portfolio was read from and adds one target per project (its input's
 * file name). Fails like keel_output_protect and keel_output_add, and with
 * KEEL_ERR_INVALID for a research instance. */
keel_status keel_output_add_mspdi(keel_output *o, const keel_portfolio *p, keel_error *err);

/* Puts the leveled file of every project of p into o (targets added by
 * keel_output_add_mspdi). First checks that every leveled date can be written
 * and read back (keel's date range, see keel_time_format), so an error here
 * leaves nothing put. Fails with KEEL_ERR_INVALID (a date out of range, naming
 * the task), KEEL_ERR_PARSE, KEEL_ERR_NOMEM or like keel_output_put. */
keel_status keel_output_put_mspdi(keel_output *o, const keel_portfolio *p,
                                  const keel_result *r, keel_error *err);

/* ---------------------------------------------------------------- schedule health */

/* The 14 checks of the DCMA schedule assessment (DCMA-EA PAM 200.1, 2012,
 * section 4) in their order. docs/health.md states the exact definitions keel
 * uses where sources differ. Tasks are leaf tasks; "incomplete" means without
 * an actual finish (and below 100 % complete). */
typedef enum keel_health_check {
    KEEL_HEALTH_LOGIC,              /* 1 incomplete tasks lacking a predecessor or a
                                       successor, <= 5 % */
    KEEL_HEALTH_LEADS,              /* 2 relationships with a negative lag: none */
    KEEL_HEALTH_LAGS,               /* 3 relationships with a positive lag, <= 5 % */
    KEEL_HEALTH_RELATIONSHIP_TYPES, /* 4 finish-to-start share, >= 90 % */
    KEEL_HEALTH_HARD_CONSTRAINTS,   /* 5 MSO, MFO, SNLT, FNLT, <= 5 % */
    KEEL_HEALTH_HIGH_FLOAT,         /* 6 total slack above 44 working days, <= 5 % */
    KEEL_HEALTH_NEGATIVE_FLOAT,     /* 7 total slack below zero: none */
    KEEL_HEALTH_HIGH_DURATION,      /* 8 baseline duration above 44 working days, <= 5 % */
    KEEL_HEALTH_INVALID_DATES,      /* 9 forecast before, actuals after the status date */
    KEEL_HEALTH_RESOURCES,          /* 10 tasks with a duration but no assignment: none */
    KEEL_HEALTH_MISSED_TASKS,       /* 11 due by the status date, finished late or not
                                       at all, <= 5 % */
    KEEL_HEALTH_CRITICAL_PATH_TEST, /* 12 a 600-day delay of a critical task drives the
                                       project finish */
    KEEL_HEALTH_CPLI,               /* 13 critical path length index, >= 0.95 */
    KEEL_HEALTH_BEI,                /* 14 baseline execution index, >= 0.95 */
    KEEL_HEALTH_NCHECKS
} keel_health_check;

/* How a check's value is judged against its threshold. */
typedef enum keel_health_rule {
    KEEL_HEALTH_AT_MOST,    /* a percentage of the population, pass when <= threshold */
    KEEL_HEALTH_AT_LEAST,   /* a percentage, pass when >= threshold */
    KEEL_HEALTH_NONE,       /* pass when count is 0 (value is still the percentage) */
    KEEL_HEALTH_INDEX,      /* an index (CPLI, BEI), pass when >= threshold */
    KEEL_HEALTH_TEST,       /* the critical path test: value 1 when the delay drives
                               the project finish through the network, else 0 */
} keel_health_rule;

/* Reads a time as a user writes it: "YYYY-MM-DD" (the end of that day,
 * 24:00) or "YYYY-MM-DDTHH:MM[:SS]" for an MSPDI portfolio, a period number
 * for a research instance. Fails with KEEL_ERR_INVALID naming the text. */
keel_status keel_time_parse(const keel_portfolio *p, const char *text, keel_time *out,
                            keel_error *err);

typedef struct keel_health_options {
    keel_time status_date;  /* KEEL_TIME_NONE (the default): each project's StatusDate */
} keel_health_options;

void keel_health_options_init(keel_health_options *o);

typedef struct keel_health keel_health;

/* Runs the 14 checks on every project of p and on the portfolio as a whole
 * (counts summed; the critical path test counts failing projects; CPLI is
 * the lowest project's; BEI the ratio of the sums). Findings are results,
 * not errors. opts may be NULL. Fails only with KEEL_ERR_NOMEM or what
 * keel_cpm_run fails with; then *out is NULL. */
keel_status keel_health_run(const keel_portfolio *p, const keel_health_options *opts,
                            keel_health **out, keel_error *err);
void keel_health_free(keel_health *h);

/* One offending item of a check. */
typedef struct keel_health_item {
    int task;        /* the task; for a relationship its successor */
    int other;       /* a relationship's predecessor, else -1 */
    int64_t value;   /* what was measured: a lag, slack or duration in working
                        minutes (project calendar), or a date (keel_time) for
                        constraints, invalid and missed dates; docs/health.md */
    const char *why; /* a short static phrase ("no predecessor", "SS", "MSO", ...) */
} keel_health_item;

typedef struct keel_health_result {
    keel_health_check check;
    int number;            /* 1..14, DCMA's numbering */
    const char *name;      /* "logic", "leads", ... (JSON and CSV keys) */
    const char *title;     /* "Missing logic", ... */
    keel_health_rule rule;
    double threshold;      /* percent, index, or 1 for the test */
    bool applicable;       /* false when an input it needs is missing (note) */
    const char *note;      /* why it does not apply, else NULL */
    int64_t count, total;  /* offending items, and the population counted */
    double value;          /* percentage, index or share (see rule); NAN if n/a */
    bool pass;             /* false when not applicable */
    int nitems;
    const keel_health_item *items; /* the offending items, in task order */
} keel_health_result;

/* The result of a check for a project, or for the portfolio with project
 * -1. Out of range gives a zeroed struct. Borrowed from h. */
keel_health_result keel_health_get(const keel_health *h, int project, keel_health_check check);
/* The status date the checks of a project used, KEEL_TIME_NONE when none. */
keel_time keel_health_status_date(const keel_health *h, int project);

/* ================================================================ PMO answers
 * Why projects slip, resource load, the consolidated report (issue-14a owns
 * this section; other PMO sections append their own below it). */

/* ---------------------------------------------------------------- why projects slip */

/* Why tasks start later than their links allow, and which resources account
 * for each project's delay. Computed from a schedule alone (a leveling
 * result's, or the dates in leveled files), never from a search's history,
 * so it is true of the dates written. A task holds its units over [start,
 * finish) (nights included), as the leveler counts.
 *
 * For every leaf that starts later than its predecessors' dates, its
 * constraints and its project's release allow (its preferred start), every
 * earlier start is tried against the resources the other tasks hold in the
 * schedule. A resource blocks a start when somewhere in the interval the
 * task would occupy it has fewer units free than the task needs; the tasks
 * holding it at that moment are named. A delay inherited through a link
 * belongs to whatever delayed the predecessor: a project's delay is traced
 * back from its last-finishing task along the predecessors that set each
 * preferred start, and shared out in proportion. */
typedef struct keel_explanation keel_explanation;

/* Explains schedule s of p (every leaf dated). On success *out is the
 * caller's (keel_explanation_free). Fails with KEEL_ERR_INVALID when s does
 * not match p, or KEEL_ERR_NOMEM. */
keel_status keel_explain(const keel_portfolio *p, const keel_schedule *s,
                         keel_explanation **out, keel_error *err);
void keel_explanation_free(keel_explanation *e);

typedef struct keel_why_task {
    int task;
    keel_time start, finish;   /* in the schedule */
    keel_time early_start;     /* resource-free CPM early start */
    keel_time preferred_start; /* earliest start its links (to the predecessors'
                                  dates in the schedule), constraints and
                                  release allow */
    int64_t delay;             /* working minutes (task calendar) from
                                  preferred_start to start: its own delay */
    int64_t inherited;         /* working minutes from early_start to
                                  preferred_start: passed on by predecessors */
    int driver;                /* the predecessor that set preferred_start when
                                  inherited > 0, else -1 */
    int nblocks;               /* blocks explaining `delay` (0 when delay is 0) */
} keel_why_task;

typedef struct keel_why_block {
    int resource;              /* the resource that lacked capacity; -1: none
                                  did, the task fits at `at` (the schedule could
                                  start it earlier) */
    keel_time at, until;       /* every start in [at, until) is ruled out by it */
    double minutes;            /* working minutes of the delay charged to it (a
                                  span several resources rule out is shared
                                  equally) */
    keel_time when;            /* the first moment the resource lacked capacity
                                  for a start at `at` (inside [at, the finish
                                  that start would give)) */
    int32_t need, capacity, held; /* units the task needs; the resource's
                                     capacity and the units the other tasks hold
                                     at `when` */
    int nholders;
    const int *holders;        /* the tasks holding the resource at `when` */
} keel_why_block;

/* Tasks that start later than their CPM early start, in task order. */
int keel_explanation_ntasks(const keel_explanation *e);
keel_why_task keel_explanation_task(const keel_explanation *e, int i);
/* The index of `task` in that list, -1 when it does not start late. */
int keel_explanation_find(const keel_explanation *e, int task);
/* Block k (0 <= k < nblocks) of listed task i, by `at` then resource. */
keel_why_block keel_explanation_block(const keel_explanation *e, int i, int k);

typedef struct keel_why_project {
    keel_time cpm_finish, finish;
    int64_t delay;             /* working minutes on the project calendar (as
                                  keel_result_project) */
    int last_task;             /* the leaf that finishes last, -1 when none */
    int nshares;
} keel_why_project;

#define KEEL_WHY_UNFORCED (-1) /* share of delay no resource forced */
#define KEEL_WHY_LINKS (-2)    /* share of delay that links and calendars add */

typedef struct keel_why_share {
    int resource;              /* or KEEL_WHY_UNFORCED, KEEL_WHY_LINKS */
    double minutes;            /* working minutes of the project's delay */
    int nholders;
    const int *holder_projects;    /* projects whose tasks held the resource, most first */
    const double *holder_minutes;  /* their part of `minutes` */
} keel_why_share;

/* Index out of range gives a zeroed struct. Shares are ranked, most first;
 * they add up to the project's delay. */
keel_why_project keel_explanation_project(const keel_explanation *e, int project);
keel_why_share keel_explanation_share(const keel_explanation *e, int project, int i);

/* ---------------------------------------------------------------- resource load */

/* One step of a resource's availability: `units` from `from` on
 * (KEEL_TIME_NONE: since always) until the next step. */
typedef struct keel_availability {
    keel_time from;
    int32_t units;
} keel_availability;

/* The number of availability steps of resource r (at least 1 for a valid r)
 * and step i of them (zeroed out of range). Cannot fail. */
int keel_resource_nsteps(const keel_portfolio *p, int resource);
keel_availability keel_resource_step(const keel_portfolio *p, int resource, int i);

typedef enum keel_period {
    KEEL_PERIOD_DAY,   /* midnight to midnight (research: 1 period) */
    KEEL_PERIOD_WEEK,  /* Monday 00:00 to Monday (research: 7 periods) */
    KEEL_PERIOD_MONTH, /* the 1st 00:00 to the next 1st (research: 30 periods) */
} keel_period;

/* "day", "week" or "month"; false for anything else. */
bool keel_period_parse(const char *text, keel_period *out);

/* Load against capacity per work resource and period, before and after
 * leveling. Work is in working minutes of one full-time unit (periods for
 * research instances): a task adds its units times its working minutes (on
 * its calendar, as keel_verify counts load) in each period; capacity is the
 * resource's units over its working time in the period, availability steps
 * included. Its working time is its own calendar; for a resource without one,
 * whenever a task assigned to it may work (the union of those tasks'
 * calendars: the project calendar when they share one), which is where
 * keel_verify lets it be loaded. */
typedef struct keel_load_table keel_load_table;

typedef struct keel_load_cell {
    double capacity, before, after; /* working minutes of one unit (periods) */
    int32_t min_units, max_units;   /* the availability within the period */
} keel_load_cell;

/* Computes the table over the periods from the earliest start to the latest
 * finish in either schedule. before may be NULL (then every `before` is 0).
 * Fails with KEEL_ERR_INVALID when a schedule does not match p, or
 * KEEL_ERR_NOMEM. */
keel_status keel_load_table_compute(const keel_portfolio *p, const keel_schedule *before,
                                    const keel_schedule *after, keel_period by,
                                    keel_load_table **out, keel_error *err);
void keel_load_table_free(keel_load_table *l);
int keel_load_table_nperiods(const keel_load_table *l);
/* The start of period i; i == nperiods gives the end of the last one. */
keel_time keel_load_table_period(const keel_load_table *l, int i);
/* Zeroed for a resource that is not a work resource or an index out of range. */
keel_load_cell keel_load_table_get(const keel_load_table *l, int resource, int period);

/* The table as CSV (one row per work resource and period, a header first;
 * hours for MSPDI models, periods for research instances) in *out, which the
 * caller frees with keel_text_free. Fails with KEEL_ERR_NOMEM only. */
keel_status keel_load_table_csv(const keel_portfolio *p, const keel_load_table *l, char **out,
                                keel_error *err);

/* Protects every file p was read from (project, pool and portfolio files) in
 * the output set o: no target of o may replace one. Fails with KEEL_ERR_NOMEM
 * only. */
keel_status keel_output_protect_inputs(keel_output *o, const keel_portfolio *p,
                                       keel_error *err);

/* ---------------------------------------------------------------- a given schedule */

/* Summarises a given schedule as keel_level summarises its own (per project
 * CPM and scheduled finish, delay, deadline; the objective of s, the MS
 * Project-like baseline and the static lower bound; the conflicts of s, all
 * of them, failures included), without searching: for reports on files that
 * are already leveled, or as planned. info.solver is "none" and
 * info.schedules 0. Fails with KEEL_ERR_INVALID for bad options or a schedule
 * that does not match p, KEEL_ERR_NOMEM. */
keel_status keel_result_of_schedule(const keel_portfolio *p, const keel_schedule *s,
                                    const keel_options *o, keel_result **out, keel_error *err);

/* ---------------------------------------------------------------- the report */

/* The consolidated report of a result: one self-contained HTML file (inline
 * SVG and CSS, no script, no network) with the portfolio summary, the
 * objective against the baseline and the bound, why projects slip, a Gantt
 * chart per project and a load histogram per work resource (weekly, before
 * and after leveling), the conflicts left; and CSV exports. Other PMO features
 * (scenario comparison, risk) add their sections with keel_report_add_table.
 * Identical inputs give a byte-identical report (it carries no clock time). */
typedef struct keel_report keel_report;

/* Builds the report of r (a keel_level or keel_result_of_schedule result for
 * p) with the explanation e of its schedule. p, r and e are borrowed and must
 * outlive the report. Fails with KEEL_ERR_INVALID when r or e does not belong
 * to p, KEEL_ERR_NOMEM. */
keel_status keel_report_new(const keel_portfolio *p, const keel_result *r,
                            const keel_explanation *e, keel_report **out, keel_error *err);
void keel_report_free(keel_report *rep);

/* Appends a section after the built-in ones: an id (letters, digits, '-'; a
 * link target), a title, an optional paragraph (NULL for none) and a table of
 * ncols columns with nrows rows, cells row-major; a cell that parses as a
 * number is right-aligned. Text is escaped; everything is copied. Fails with
 * KEEL_ERR_INVALID for a bad or repeated id, KEEL_ERR_NOMEM. */
keel_status keel_report_add_table(keel_report *rep, const char *id, const char *title,
                                  const char *intro, int ncols, const char *const *header,
                                  int nrows, const char *const *cells, keel_error *err);

/* The report's files as targets of the output set o (see "output sets"): the
 * HTML file html_name (a plain file name, NULL for none) and, when csv is
 * true, projects.csv, tasks.csv and load.csv (weekly); every input of p is
 * protected. Fails like keel_output_protect and keel_output_add. */
keel_status keel_output_add_report(keel_output *o, const keel_portfolio *p,
                                   const char *html_name, bool csv, keel_error *err);
/* Puts those files (the targets keel_output_add_report declared) into o.
 * Fails with KEEL_ERR_NOMEM or like keel_output_put. */
keel_status keel_output_put_report(keel_output *o, const keel_report *rep,
                                   const char *html_name, bool csv, keel_error *err);

/* One-shot writers: the HTML report to path, or the CSV exports into dir,
 * each as an output set of its own (the folder is created when missing;
 * never over an input file; nothing changes when it fails). */
keel_status keel_report_write_html(const keel_report *rep, const char *path, keel_error *err);
keel_status keel_report_write_csv(const keel_report *rep, const char *dir, keel_error *err);

/* ---------------------------------------------------------------- clear leveling
 * (owner: issue 13a) */

/* MS Project's "Clear Leveling" for every project of p: leveling delays
 * removed, every task back at its resource-free critical-path dates (started
 * tasks keep theirs; a manually scheduled task that leveling delayed is read
 * at its PreLeveledStart, see docs/mspdi.md). The cleared schedule comes back
 * as a result: keel_result_schedule gives its dates, keel_result_before is
 * NULL (so writing it, with keel_result_write_mspdi or an output set, sets
 * every LevelingDelay to 0 and leaves PreLeveledStart/Finish as they are),
 * keel_result_conflicts what the verifier finds in it (resource overloads
 * remain: the dates are resource-free), keel_result_project the finishes,
 * info.solver "clear". On success *out is the caller's (keel_result_free).
 * Fails with KEEL_ERR_INVALID for a research instance, KEEL_ERR_NOMEM, or
 * KEEL_ERR_INTERNAL when the dates break a link or constraint (a bug). */
keel_status keel_clear_leveling(const keel_portfolio *p, keel_result **out, keel_error *err);

/* ---------------------------------------------------------------- risk */

#define KEEL_RISK_MAX_PERCENTILES 8

typedef struct keel_risk_options {
    int64_t iterations;   /* Monte Carlo iterations, 1..10,000,000 (default 1000) */
    uint64_t seed;        /* default 1 */
    int threads;          /* 1..256 (default 1); the result does not depend on it */
    int npercentiles;     /* 1..KEEL_RISK_MAX_PERCENTILES (default 3: 50, 80, 95) */
    double percentiles[KEEL_RISK_MAX_PERCENTILES]; /* each in 0..100 */
    bool file_estimates;  /* take MS Project's three-point estimates (Duration1-3)
                             from the files (default true) */
    int drivers;          /* length of each tornado list, 0..1000 (default 10) */
} keel_risk_options;

void keel_risk_options_init(keel_risk_options *o);
/* Sets option `name` from text: "iterations", "seed", "threads", "drivers"
 * (whole numbers), "percentiles" ("50,80,95"), "file-estimates" (0 or 1).
 * Fails with KEEL_ERR_INVALID naming the option and its range; o is then
 * unchanged. */
keel_status keel_risk_options_set(keel_risk_options *o, const char *name, const char *value,
                                  keel_error *err);

typedef struct keel_risk keel_risk;

/* Schedule risk of a plan by Monte Carlo simulation (docs/risk.md). Each
 * iteration draws every task's remaining duration from its three-point
 * estimate (a triangular distribution: MS Project's PERT fields Duration1-3,
 * else the portfolio file's uncertainty, else the planned duration) and
 * re-times the plan with the serial schedule generator, the plan's start
 * order as the priority list, so resources stay respected: what happens when
 * the plan is followed. plan is the schedule to follow: the leveled one
 * (keel_result_schedule) or the dates of files that are already leveled
 * (keel_schedule_from_input). The result is byte-identical for the same
 * inputs, options and seed whatever the thread count. Fails with
 * KEEL_ERR_INVALID for a bad option or a plan of another portfolio,
 * KEEL_ERR_PARSE for an incomplete, negative or inverted three-point estimate
 * (naming file, line and task), or KEEL_ERR_NOMEM; then *out is NULL. */
keel_status keel_risk_run(const keel_portfolio *p, const keel_schedule *plan,
                          const keel_risk_options *o, keel_risk **out, keel_error *err);
void keel_risk_free(keel_risk *r);

typedef struct keel_risk_info {
    int64_t iterations;
    uint64_t seed;
    int threads;
    int npercentiles;
    const double *percentiles;
    int uncertain;        /* tasks whose duration varies */
    int from_files;       /* tasks with a duration left and a three-point estimate
                             from the files (with a zero spread too) */
    int from_portfolio;   /* tasks with a duration left and a spread from the
                             portfolio file */
    double seconds;
} keel_risk_info;

keel_risk_info keel_risk_get(const keel_risk *r);

/* A project's finish over the iterations (project -1: the portfolio, the
 * latest project finish of each iteration). */
typedef struct keel_risk_project {
    keel_time plan_finish;    /* in the plan; KEEL_TIME_NONE for a project without tasks */
    keel_time retimed_finish; /* the plan re-timed with the planned durations: the
                                 plan's own finish when the plan is what the serial
                                 generator makes of its start order */
    keel_time deadline;       /* KEEL_TIME_NONE when none (the portfolio: none) */
    double p_deadline;        /* share of iterations finishing by the deadline; NAN
                                 without a deadline */
    double p_plan;            /* share of iterations finishing by plan_finish */
    keel_time mean, min, max;
    const keel_time *percentile; /* [npercentiles] nearest-rank percentiles */
    const keel_time *samples;    /* [iterations] the finish of each iteration, in
                                    iteration order */
    int ndrivers;
    const int *drivers;       /* tasks by swing, largest first (a tornado list) */
} keel_risk_project;

keel_risk_project keel_risk_project_get(const keel_risk *r, int project);

typedef enum keel_risk_source {
    KEEL_RISK_NONE,       /* the planned duration, certain */
    KEEL_RISK_FILE,       /* MS Project's three-point estimate in the file */
    KEEL_RISK_PORTFOLIO,  /* the portfolio file's uncertainty */
} keel_risk_source;

typedef struct keel_risk_task {
    keel_risk_source source;
    int64_t optimistic, most_likely, pessimistic; /* remaining working minutes */
    double criticality;   /* share of iterations in which the task is on its
                             project's critical chain, resources included */
    double swing;         /* working minutes (project calendar) from the mean
                             project finish when the task ran in its shortest
                             tenth to the mean when it ran in its longest; NAN
                             for a task without spread */
    double portfolio_swing; /* the same for the portfolio finish */
} keel_risk_task;

keel_risk_task keel_risk_task_get(const keel_risk *r, int task);

/* Counts a project's finishes (project -1: the portfolio) into equal bins from
 * the earliest to the latest (bins of whole elapsed days when that spans more
 * than nbins days): counts[nbins], edges[nbins + 1], bin k holding the
 * finishes t with edges[k] <= t < edges[k + 1]. Returns the bins used, at
 * most nbins (1 when every finish is the same); 0 for nbins < 1 or a project
 * without tasks. */
int keel_risk_histogram(const keel_risk *r, int project, int nbins, int64_t *counts,
                        keel_time *edges);

/* ---------------------------------------------------------------- what-if scenarios
 * Side-by-side comparisons of the portfolio under changes: a hire, a leave, a
 * cancelled or postponed project, new priorities (docs/scenarios.md). The
 * loaded portfolio is never changed: each scenario is an overlay that keel
 * applies when it levels that scenario, so scenarios run in parallel on one
 * load. Shards (part K of N of the list) let a cluster run large lists;
 * keel_whatif_merge joins their results into the same comparison.
 */

/* A list of scenarios, resolved against a loaded portfolio (the "base"). */
typedef struct keel_scenarios keel_scenarios;

/* Reads a scenario file (docs/scenarios.md) and resolves it against base:
 * every resource and project named must exist, dates must lie in the
 * portfolio's horizon (from its first day to the end of its MS Project-like
 * leveling, later by a scenario's own postponements), no capacity may drop
 * below zero, scenario names are unique, and the files a scenario adds are
 * loaded with base's project files and `load` (the options base was loaded
 * with; NULL for none). On success *out is the caller's (keel_scenarios_free)
 * and borrows base, which must outlive it. Fails with KEEL_ERR_IO,
 * KEEL_ERR_PARSE ("file:line: ...", also for an added file that does not
 * load) or KEEL_ERR_NOMEM; nothing has run then. */
keel_status keel_scenarios_read(const char *path, const keel_portfolio *base,
                                const keel_load_options *load, keel_scenarios **out,
                                keel_error *err);
/* The same from text; name is used in messages and for relative file names. */
keel_status keel_scenarios_parse(const char *name, const char *text, size_t len,
                                 const keel_portfolio *base, const keel_load_options *load,
                                 keel_scenarios **out, keel_error *err);
/* An empty list on base (for sweeps alone). Fails with KEEL_ERR_NOMEM. */
keel_status keel_scenarios_new(const keel_portfolio *base, keel_scenarios **out,
                               keel_error *err);
/* Appends a capacity sweep: spec "RESOURCE=+A..+B" or "RESOURCE=+A..+B/STEP"
 * (units; step 1) gives one scenario per step that adds that many units of
 * the resource for the whole horizon, named like "Tester+2" (characters a
 * folder name cannot take become '_'); the comparison then names the first
 * step that meets every deadline. At most one sweep and 100 steps. Fails with
 * KEEL_ERR_INVALID naming the problem (no such work resource, a bad range, a
 * name the scenario file uses, capacity below zero); the list is unchanged. */
keel_status keel_scenarios_add_sweep(keel_scenarios *s, const char *spec, keel_error *err);
int keel_scenarios_count(const keel_scenarios *s);
/* Name of scenario i (0-based), NULL when out of range. */
const char *keel_scenarios_name(const keel_scenarios *s, int i);
void keel_scenarios_free(keel_scenarios *s);

/* The comparison: the base and the scenarios, side by side. */
typedef struct keel_whatif keel_whatif;

/* Levels the base and the scenarios of shard `shard` of `nshards` (1-based;
 * 1 of 1 is the whole list; scenario i, 0-based, is in shard i mod nshards
 * + 1). Every scenario is leveled like keel_level with o's seed, objective,
 * solvers and budget (o->schedules, else the default budget of the base),
 * each on one worker thread, o->threads scenarios at once: so the results do
 * not depend on o->threads or on the sharding, only on the seed and budget
 * (and the machine, with a time limit). Each scenario's search starts from
 * the base's schedule repaired for the scenario when that is at least as good
 * as keel's own first schedule; in a scenario that only adds capacity or
 * removes projects no project finishes later than in the base. Every schedule
 * is verified (a failure is KEEL_ERR_INTERNAL). No progress callbacks. On
 * success *out is the caller's (keel_whatif_free) and borrows s. Fails with
 * KEEL_ERR_INVALID (bad options or shard), KEEL_ERR_NOMEM or a scenario's
 * error (naming the scenario). */
keel_status keel_whatif_run(const keel_scenarios *s, const keel_options *o, int shard,
                            int nshards, keel_whatif **out, keel_error *err);
/* Joins the results of shard runs (each written by keel_whatif_render as
 * JSON) into the comparison of the whole list, the same as one run of every
 * scenario (its renderings are byte for byte the same). Fails with
 * KEEL_ERR_IO or KEEL_ERR_PARSE naming a file, KEEL_ERR_INVALID when a shard
 * is missing or given twice or the shards come from different runs. */
keel_status keel_whatif_merge(const char *const *files, int nfiles, keel_whatif **out,
                              keel_error *err);
void keel_whatif_free(keel_whatif *w);

typedef enum keel_format {
    KEEL_FORMAT_TEXT, /* a side-by-side table and notes */
    KEEL_FORMAT_JSON, /* everything; also the shard file keel_whatif_merge reads */
    KEEL_FORMAT_CSV,  /* one row per scenario and project */
} keel_format;

/* Renders the comparison. On success *out is a NUL-terminated string the
 * caller frees with keel_text_free. Fails with KEEL_ERR_NOMEM or
 * KEEL_ERR_INVALID (an unknown format). */
keel_status keel_whatif_render(const keel_whatif *w, keel_format format, char **out,
                               keel_error *err);
void keel_text_free(char *text);

/* Writes the leveled MSPDI files of the base and of every scenario run into
 * dir/<scenario>/ (dir/base/ for the base), with a portfolio file of each
 * scenario's settings (portfolio.txt). All or nothing: every folder is
 * written beside its final place and renamed into it only when all are
 * complete; a folder that holds an input file is never replaced (then
 * KEEL_ERR_INVALID and nothing is written). Fails with KEEL_ERR_INVALID also
 * for a merged comparison (it has no schedules) and research instances,
 * KEEL_ERR_IO naming the path. */
keel_status keel_whatif_write_mspdi(const keel_whatif *w, const char *dir, keel_error *err);

/* The side-by-side table as the text view shows it, cell by cell, for other
 * views (the HTML report's scenario section: keel_report_add_table takes
 * header and cells as they are): ncols = 1 + keel_whatif_count (the first
 * column names the row), one row per project, then "deadlines met",
 * "objective" and "most loaded". On success *out is the caller's
 * (keel_whatif_grid_free). Fails with KEEL_ERR_NOMEM. */
typedef struct keel_whatif_grid {
    int ncols, nrows;
    const char *const *header;  /* [ncols] */
    const char *const *cells;   /* [nrows * ncols], row-major */
} keel_whatif_grid;
keel_status keel_whatif_grid_get(const keel_whatif *w, keel_whatif_grid **out,
                                 keel_error *err);
void keel_whatif_grid_free(keel_whatif_grid *g);

/* Scenarios of the comparison: 0 is the base, then the scenarios run (or
 * merged) in list order. */
int keel_whatif_count(const keel_whatif *w);
typedef struct keel_whatif_info {
    const char *name;          /* "base" for 0 */
    int index;                 /* 0 for the base, else 1 + its place in the list */
    double value, baseline;    /* objective of the schedule, and of the MS
                                  Project-like pass (elapsed minutes or periods) */
    int deadlines, deadlines_met; /* projects with a deadline, and meeting it */
    const char *most_loaded;   /* resource with the highest booked / available
                                  work, NULL when none */
    double load;               /* that share */
    bool sweep;                /* a step of the capacity sweep ... */
    double sweep_units;        /* ... adding this many units */
} keel_whatif_info;
keel_whatif_info keel_whatif_get(const keel_whatif *w, int i);
/* Projects of the comparison (the base's, then those scenarios add). */
int keel_whatif_nprojects(const keel_whatif *w);
const char *keel_whatif_project(const keel_whatif *w, int project);
typedef struct keel_whatif_cell {
    bool present;              /* false: removed, or not in this scenario */
    bool removed;              /* removed by this scenario */
    keel_time cpm_finish, finish, deadline; /* deadline KEEL_TIME_NONE when none */
    int64_t delay;             /* working minutes (periods) past its CPM finish */
    bool deadline_met;
} keel_whatif_cell;
keel_whatif_cell keel_whatif_cell_get(const keel_whatif *w, int i, int project);
/* The first sweep step meeting every deadline (an index for keel_whatif_get),
 * -1 when none or no sweep. */
int keel_whatif_sweep_answer(const keel_whatif *w);
/* The leveling result of scenario i and the portfolio it is a schedule of
 * (the scenario's own, derived from the base); NULL after a merge. */
const keel_result *keel_whatif_result(const keel_whatif *w, int i);
const keel_portfolio *keel_whatif_portfolio(const keel_whatif *w, int i);

/* ---------------------------------------------------------------- report sections
 * (owner: integration of the PMO answers, risk and health)
 *
 * Sections of the consolidated report (keel_report_new) from the other PMO
 * features, rendered when added and placed after the built-in ones in the
 * order added. Each fails with KEEL_ERR_INVALID when its id is taken (a
 * section of that kind was added already) or when the run is not of the
 * report's portfolio, and with KEEL_ERR_NOMEM; the report is then unchanged.
 */

/* "What-if scenarios" (id "scenarios"): the side-by-side comparison of w (a
 * run or a merge) as keel_whatif_render's text view shows it, per project
 * finish and delay per scenario, deadlines met, objective and most loaded
 * resource, with the exact figures of the JSON view as data attributes, and
 * each scenario's changes. Usually the report of the base
 * (keel_whatif_portfolio and keel_whatif_result of scenario 0). */
keel_status keel_report_add_whatif(keel_report *rep, const keel_whatif *w,
                                   keel_error *err);

/* "Schedule risk" (id "risk"): per project the risk run's percentiles of the
 * finish, the probability of meeting the deadline and the plan, and a
 * histogram of the simulated finishes (inline SVG, percentiles, plan and
 * deadline marked). risk is a keel_risk_run of the report's portfolio,
 * normally with the report's schedule as the plan. */
keel_status keel_report_add_risk(keel_report *rep, const keel_risk *risk,
                                 keel_error *err);

/* "Schedule health" (id "health"): the 14 checks of h (keel_health_run on the
 * report's portfolio) for the portfolio, and a matrix of projects by checks
 * with counts and results. */
keel_status keel_report_add_health(keel_report *rep, const keel_health *h,
                                   keel_error *err);

/* Protects every input of a scenario list in o (see "output sets"): the
 * project, pool and portfolio files of the base and of every scenario that
 * adds files, the added files and the scenario file, so that a report or
 * other output written beside a what-if run never replaces one. Fails with
 * KEEL_ERR_NOMEM. */
keel_status keel_output_protect_scenarios(keel_output *o, const keel_scenarios *s,
                                          keel_error *err);

#ifdef __cplusplus
}
#endif
#endif
