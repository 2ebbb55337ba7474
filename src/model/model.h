/* SPDX-License-Identifier: GPL-3.0-or-later
 * The portfolio model: projects, tasks, links, resources, assignments and
 * calendars of every loaded file, in dense arrays inside one arena.
 *
 * Invariant: after keel_model_finish the portfolio is immutable. Threads share
 * it read-only without locks; everything a solver changes lives in its own
 * scratch memory. Tasks of one project are contiguous. Task, resource and
 * calendar references are indices, never pointers, so that per-worker copies
 * are cheap and comparisons deterministic.
 *
 * Readers fill a keel_builder (builder.h: growable arrays) and call keel_model_finish,
 * which expands links on summary tasks to their leaves, compiles calendars,
 * derives each task's effective calendar, builds the adjacency lists and a
 * topological order, and rejects cycles.
 */
#ifndef KEEL_MODEL_H
#define KEEL_MODEL_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/vec.h"
#include "keel.h"
#include "model/calendar.h"

/* MSPDI codes. */
typedef enum keel_link_type {
    KEEL_LINK_FF = 0,
    KEEL_LINK_FS = 1,
    KEEL_LINK_SF = 2,
    KEEL_LINK_SS = 3,
} keel_link_type;

/* True when link type constrains the successor's finish (FF, SF), and when it
 * measures from the predecessor's finish (FS, FF). */
static inline bool keel_link_to_finish(keel_link_type t)
{
    return t == KEEL_LINK_FF || t == KEEL_LINK_SF;
}
static inline bool keel_link_from_finish(keel_link_type t)
{
    return t == KEEL_LINK_FS || t == KEEL_LINK_FF;
}

typedef enum keel_constraint_type {
    KEEL_ASAP = 0,
    KEEL_ALAP = 1,
    KEEL_MSO = 2, /* must start on */
    KEEL_MFO = 3, /* must finish on */
    KEEL_SNET = 4,
    KEEL_SNLT = 5,
    KEEL_FNET = 6,
    KEEL_FNLT = 7,
} keel_constraint_type;

typedef enum keel_resource_type {
    KEEL_RES_MATERIAL = 0,
    KEEL_RES_WORK = 1,
    KEEL_RES_COST = 2,
} keel_resource_type;

typedef struct keel_project {
    const char *name;        /* file name without directory, or instance name */
    const char *file;        /* path as given, NULL for generated projects */
    const char *alias;       /* its portfolio file section name, NULL when none */
    const char *source;      /* MSPDI: the bytes read and checked (the writer
                                patches these, never the file again), else NULL */
    size_t source_len;
    int calendar;            /* project calendar (index into calendars) */
    keel_time start;         /* project start (StartDate) or release date */
    keel_time status_date;   /* KEEL_TIME_NONE when none */
    keel_time deadline;      /* project deadline, KEEL_TIME_NONE when none */
    int priority;            /* 0..1000, default 500 */
    double weight;           /* objective weight; a reader leaves NAN for "by
                                priority" (keel_priority_weight, keel_model_finish) */
    bool weight_by_priority; /* the weight was derived from the priority (a
                                scenario that changes the priority moves it) */
    int32_t minutes_per_day, minutes_per_week, days_per_month;
    int first_task, ntasks;  /* tasks first_task .. first_task + ntasks - 1 */
} keel_project;

typedef struct keel_task {
    int project;
    int32_t uid, id;            /* MSPDI UID and ID (id -1 when absent) */
    const char *name;           /* never NULL ("" when absent) */
    int line;                   /* source line of the <Task> element */
    int outline_level;          /* 1 = top level */
    int parent;                 /* summary task index, -1 at top level */
    bool summary, milestone;
    int64_t duration;           /* working minutes (periods) to schedule: the
                                   remaining duration for a started task */
    int64_t total_duration;     /* Duration as read, working minutes */
    bool elapsed;               /* an elapsed DurationFormat: duration and
                                   total_duration are clock minutes and the task
                                   runs round the clock whatever its calendars
                                   (keel_model_finish gives it the 24-hour
                                   calendar), as MS Project schedules "1ed" */
    int task_calendar;          /* explicit task calendar, -1 when none */
    bool ignore_resource_calendar;
    int calendar;               /* effective calendar (set by keel_model_finish) */
    int priority;               /* 0..1000 */
    keel_constraint_type constraint;
    keel_time constraint_date;  /* KEEL_TIME_NONE when none */
    keel_time deadline;         /* KEEL_TIME_NONE when none */
    keel_time actual_start, actual_finish; /* KEEL_TIME_NONE when none */
    int percent_complete;       /* 0..100 */
    bool can_split;             /* LevelingCanSplit */
    int64_t leveling_delay;     /* elapsed minutes as read */
    keel_time start, finish;    /* dates as read, KEEL_TIME_NONE when absent */
    keel_time pre_start, pre_finish; /* PreLeveledStart/Finish as read: the dates
                                   before the last leveling, KEEL_TIME_NONE when
                                   absent */
    bool manual;                /* manually scheduled (MSPDI Manual 1): the reader
                                   pins it with Must Start On at its Start (its
                                   PreLeveledStart when leveling delayed it), as MS
                                   Project leaves such tasks where the user put
                                   them; a writer should not write that constraint */
    /* Set by keel_model_finish: */
    bool fixed;                 /* started (has an actual start): it keeps
                                   fixed_start..fixed_finish whatever happens */
    keel_time fixed_start, fixed_finish; /* KEEL_TIME_NONE unless fixed */
    bool pinned;                /* priority 1000: never delayed by leveling; it
                                   starts as soon as its links allow */
    /* Read for schedule health and risk; the leveler ignores them. All zero
     * (absent) unless a reader or the portfolio file sets them. */
    bool has_baseline;          /* MSPDI <Baseline> number 0 */
    keel_time baseline_start, baseline_finish; /* KEEL_TIME_NONE when not given */
    int64_t baseline_duration;  /* working minutes, -1 when not given */
    uint8_t estimate_mask;      /* bit i: estimate[i] given */
    int64_t estimate[3];        /* three-point estimate of the whole duration from MS
                                   Project's PERT fields Duration1-3 (optimistic,
                                   expected, pessimistic), working minutes; taken as
                                   read (negative or inverted ones are refused by
                                   keel_risk_run, not by the reader) */
    int estimate_line;          /* line of the first of those fields */
    bool spread;                /* the portfolio file gives this task an uncertainty */
    int32_t spread_lo, spread_hi; /* its range around the duration in tenths of a
                                     percent: -1000 <= lo <= 0 <= hi */
} keel_task;

typedef enum keel_lag_kind {
    KEEL_LAG_WORK,    /* working minutes on the successor's calendar */
    KEEL_LAG_ELAPSED, /* plain minutes */
} keel_lag_kind;

typedef struct keel_link {
    int pred, succ;       /* task indices (leaves after keel_model_finish) */
    keel_link_type type;
    keel_lag_kind lag_kind;
    int64_t lag;          /* minutes (periods); negative = lead; percent lags are
                             resolved by the reader into minutes */
    int line;             /* source line, 0 if none */
    /* Set by keel_model_finish (graph.c, "summary links"): */
    int src_pred, src_succ; /* the tasks as the file links them (a summary task
                               when the link is on one) */
    int group;            /* -1, or the index of the first link of its group: the
                             links an SS or SF link out of a summary gives one
                             successor leaf. The summary starts with its earliest
                             leaf, so the group binds by its least date (see
                             keel_link_group_end). A group's links are adjacent
                             in `links` and in the successor's pred list. */
} keel_link;

/* A link to a task of another file, named as MSPDI's CrossProjectName does
 * ("path\\taskID"); resolved by keel_model_finish against loaded projects. */
typedef struct keel_external_link {
    int succ;             /* the task that holds the PredecessorLink */
    const char *project;  /* file name of the predecessor's project (no directory) */
    int32_t pred_id;      /* predecessor task ID (not UID) in that project */
    keel_link_type type;
    keel_lag_kind lag_kind;
    int64_t lag;
    int line;
} keel_external_link;

/* Capacity as a step function: units[i] from time at[i] until at[i+1]. */
typedef struct keel_capacity {
    int n;
    keel_time *at;        /* at[0] is KEEL_TIME_NONE (minus infinity) */
    int32_t *units;
} keel_capacity;

typedef struct keel_resource {
    const char *name;     /* as first seen (trimmed) */
    const char *file;     /* the file that defined its capacity */
    bool pool;            /* defined by a pool file: authoritative for later files */
    int line;
    keel_resource_type type;
    bool can_level;
    int32_t max_units;    /* KEEL_UNITS_ONE = 1.0 */
    int calendar;         /* resource calendar index, -1 = none (always available) */
    keel_capacity capacity; /* availability over time (built by finish when empty) */
} keel_resource;

typedef struct keel_assignment {
    int task, resource;
    int32_t units;        /* KEEL_UNITS_ONE = 1.0 */
    int64_t work;         /* minutes, as read (0 when absent) */
    keel_time start, finish; /* as read, KEEL_TIME_NONE when absent */
    int32_t uid;
    int line;
} keel_assignment;

struct keel_portfolio {
    keel_arena *arena;        /* everything this portfolio owns */
    const struct keel_portfolio *base; /* a scenario's base (overlay.h), which owns
                                          the arrays shared with it; NULL when loaded */
    bool research;        /* time in periods, continuous calendar */
    int nprojects, ntasks, nlinks, nresources, nassignments, ncalendars;
    keel_project *projects;
    keel_task *tasks;
    keel_link *links;     /* links between leaves only, after expansion */
    keel_resource *resources;
    keel_assignment *assignments;
    keel_calendar *calendars;
    int ndefs;
    keel_calendar_def *calendar_defs;
    /* Adjacency (CSR): successor links of task i are
     * links[succ_link[succ_start[i] .. succ_start[i+1]-1]], likewise pred. */
    int *succ_start, *succ_link, *pred_start, *pred_link;
    /* Assignments of task i: assignments[asg_start[i] .. asg_start[i+1]-1]
     * (finish sorts assignments by task). */
    int *asg_start;
    /* The links as the files and the portfolio file state them, before links
     * on summary tasks are expanded to their leaves (schedule health counts
     * these); cross-project links resolved. */
    int nrelations;
    keel_link *relations;
    /* Leaf tasks (the ones scheduled) in a topological order. */
    int nleaves;
    int *topo;
    /* Things a user should know that are not errors ("file:line: ..."). */
    int nwarnings;
    const char **warnings;
    /* The other files read (pool, portfolio file): never to be overwritten. */
    const char *inputs[2];
    int ninputs;
};


/* The step of a step function that holds t: the last i with at[i] <= t, where
 * at[0] stands for minus infinity. Cannot fail (n >= 1). */
int keel_step_index(const keel_time *at, int n, keel_time t);

/* Resource names join trimmed and case-insensitive (MS Project's pools). */
bool keel_resource_name_same(const char *a, const char *b);
/* The resource of p called name under that rule, or -1. Cannot fail. */
int keel_portfolio_find_resource(const keel_portfolio *p, const char *name);

/* Task j's predecessor links p->links[p->pred_link[k]] for k in
 * p->pred_start[j] .. end-1 come in runs: a link alone, or a group (keel_link
 * .group) that binds by its least date. Returns one past the run starting at k. */
static inline int keel_pred_run_end(const keel_portfolio *p, int k, int end)
{
    int g = p->links[p->pred_link[k]].group;
    while (++k < end && g >= 0 && p->links[p->pred_link[k]].group == g)
        ;
    return k;
}

/* Working minutes of project q's calendar in [a, b) (negative when b < a): the
 * unit of project delays and deadline misses. Cannot fail. */
static inline int64_t keel_project_work(const keel_portfolio *p, int q, keel_time a,
                                        keel_time b)
{
    return keel_calendar_work_between(&p->calendars[p->projects[q].calendar], a, b);
}

/* Working minutes in one of project q's days (MinutesPerDay; 1 for research
 * instances, whose delays count in periods). Cannot fail. */
static inline int32_t keel_project_day(const keel_portfolio *p, int q)
{
    int32_t m = p->projects[q].minutes_per_day;
    return p->research || m <= 0 ? 1 : m;
}

/* keel_project_work in days of the project (keel_project_day). */
static inline double keel_project_days(const keel_portfolio *p, int q, keel_time a,
                                       keel_time b)
{
    return (double)keel_project_work(p, q, a, b) / keel_project_day(p, q);
}

/* Capacity of resource r at time t (units). Cannot fail. */
int32_t keel_resource_capacity_at(const keel_resource *r, keel_time t);

/* The calendar a task runs on, and the project calendar of a task. */
static inline const keel_calendar *keel_task_cal(const keel_portfolio *p, int task)
{
    return &p->calendars[p->tasks[task].calendar];
}

#endif
