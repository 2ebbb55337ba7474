/* SPDX-License-Identifier: GPL-3.0-or-later
 * gen_portfolio: a seeded generator of synthetic PMO portfolios for benchmarks.
 * Writes one MSPDI file per project (valid against the pj12 schema),
 * resource-pool.xml
 * (the shared resources only) and portfolio.txt (priorities, weights,
 * deadlines, cross-project links; format in src/read/portfolio_file.h).
 * Invariant: the output is a pure function of the options (own PRNG, integer
 * arithmetic), so a seed names a portfolio on every machine. Each file's dates
 * are its resource-free CPM schedule on the Standard calendar. Plain C11 + libc
 * (mkdir from POSIX); no keel code, so the output does not move with keel.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define DAY_MIN 480            /* working minutes per day (08-12, 13-17) */
#define HALF_DAY 240
#define NGROUPS 10
#define NPHASE_NAMES 10
#define HOLIDAY_YEARS 8
#define MAX_WORKDAYS 4200      /* working days covered from the base date */

/* ---- PRNG: splitmix64, enough for a generator, stable forever ---------- */

static uint64_t rng_state;

static uint64_t rng_next(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* Uniform in [0, n), n > 0. */
static int rnd(int n)
{
    return (int)(((rng_next() >> 32) * (uint64_t)n) >> 32);
}

/* True with probability pct percent. */
static int chance(int pct)
{
    return rnd(100) < pct;
}

/* [lo, hi] inclusive. */
static int range(int lo, int hi)
{
    return lo + rnd(hi - lo + 1);
}

/* A second stream for the optional features (--features): drawn only when a
 * feature is on, so that the portfolio without features stays the same and a
 * portfolio with features has the same projects, links and resources. */
static uint64_t feat_state;

static uint64_t feat_next(void)
{
    uint64_t z = (feat_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static int frnd(int n) { return (int)(((feat_next() >> 32) * (uint64_t)n) >> 32); }
static int fchance(int pct) { return frnd(100) < pct; }
static int frange(int lo, int hi) { return lo + frnd(hi - lo + 1); }

/* ---- civil dates (Howard Hinnant's algorithms), day 0 = 1970-01-01 ------- */

static int64_t days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

static int weekday(int64_t day) /* 0 = Sunday */
{
    return (int)(((day % 7) + 11) % 7);
}

/* Easter Sunday (anonymous Gregorian algorithm). */
static int64_t easter(int y)
{
    int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4;
    int f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30;
    int i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
    int m = (a + 11 * h + 22 * l) / 451;
    int month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1;
    return days_from_civil(y, month, day);
}

static void fmt_date(char *buf, int64_t day, int minute_of_day)
{
    int y, m, d;
    civil_from_days(day, &y, &m, &d);
    snprintf(buf, 64, "%04d-%02d-%02dT%02d:%02d:00", y, m, d, minute_of_day / 60,
             minute_of_day % 60);
}

/* ---- the Standard calendar: Mon-Fri 08-12, 13-17, public holidays ------- */

typedef struct holiday {
    int64_t day;
    const char *name;
} holiday;

static holiday holidays[HOLIDAY_YEARS * 10];
static int nholidays;
static int64_t workdays[MAX_WORKDAYS]; /* working days of Standard from the base */

static void add_holiday(int64_t day, const char *name)
{
    int w = weekday(day);
    if (w == 0 || w == 6)
        return; /* a weekend holiday changes nothing; keep the list short */
    holidays[nholidays].day = day;
    holidays[nholidays++].name = name;
}

static void make_holidays(int first_year)
{
    for (int y = first_year; y < first_year + HOLIDAY_YEARS; y++) {
        int64_t e = easter(y);
        add_holiday(days_from_civil(y, 1, 1), "New Year's Day");
        add_holiday(e - 2, "Good Friday");
        add_holiday(e + 1, "Easter Monday");
        add_holiday(days_from_civil(y, 5, 1), "Labour Day");
        add_holiday(e + 39, "Ascension Day");
        add_holiday(e + 50, "Whit Monday");
        add_holiday(days_from_civil(y, 12, 24), "Christmas Eve");
        add_holiday(days_from_civil(y, 12, 25), "Christmas Day");
        add_holiday(days_from_civil(y, 12, 26), "Boxing Day");
        add_holiday(days_from_civil(y, 12, 31), "New Year's Eve");
    }
    /* Already in date order within a year except Easter vs May 1 (Ascension
     * can fall after 1 May): sort by insertion. */
    for (int i = 1; i < nholidays; i++)
        for (int j = i; j > 0 && holidays[j - 1].day > holidays[j].day; j--) {
            holiday t = holidays[j];
            holidays[j] = holidays[j - 1];
            holidays[j - 1] = t;
        }
}

static int is_workday(int64_t day)
{
    int w = weekday(day);
    if (w == 0 || w == 6)
        return 0;
    for (int i = 0; i < nholidays; i++)
        if (holidays[i].day == day)
            return 0;
    return 1;
}

static void make_workdays(int64_t base)
{
    int64_t day = base;
    for (int n = 0; n < MAX_WORKDAYS; day++)
        if (is_workday(day))
            workdays[n++] = day;
}

/* Clock minute of a working-minute offset within a day (0..480). */
static int clock_of(int m)
{
    return m <= HALF_DAY ? 8 * 60 + m : 13 * 60 + (m - HALF_DAY);
}

static int64_t wday(int start_idx, int64_t off)
{
    int64_t i = start_idx + off / DAY_MIN;
    return workdays[i < MAX_WORKDAYS ? i : MAX_WORKDAYS - 1];
}

/* A start at working-minute offset off of a project starting at workday
 * start_idx: the moment the work begins (12:00 becomes 13:00). */
static void fmt_start(char *buf, int start_idx, int64_t off)
{
    int m = (int)(off % DAY_MIN);
    fmt_date(buf, wday(start_idx, off), m == HALF_DAY ? 13 * 60 : clock_of(m));
}

/* A finish: the moment the work ends (end of day is 17:00 the day before). */
static void fmt_finish(char *buf, int start_idx, int64_t off)
{
    if (off > 0 && off % DAY_MIN == 0)
        fmt_date(buf, wday(start_idx, off - DAY_MIN), 17 * 60);
    else
        fmt_date(buf, wday(start_idx, off), clock_of((int)(off % DAY_MIN)));
}

static void fmt_work(char *buf, int64_t minutes)
{
    snprintf(buf, 32, "PT%lldH%lldM0S", (long long)(minutes / 60),
             (long long)(minutes % 60));
}

/* ---- vocabulary ----------------------------------------------------------- */

static const char *const group_names[NGROUPS] = {
    "PMO",  "Business Analysis", "Architecture", "Development", "Testing",
    "Infrastructure", "Data", "UX Design", "Security", "Change Management"};
static const int group_weight[NGROUPS] = {6, 10, 5, 30, 15, 10, 8, 7, 4, 5};

static const char *const phase_names[NPHASE_NAMES] = {
    "Initiation",  "Requirements", "Architecture", "Design",     "Build",
    "Integration", "Testing",      "Training",     "Deployment", "Closure"};
/* The skill group most tasks of a phase need. */
static const int phase_group[NPHASE_NAMES] = {0, 1, 2, 7, 3, 3, 4, 9, 5, 0};

static const char *const first_names[] = {
    "Anna",  "Ben",   "Carla", "David", "Eva",    "Farid", "Grace", "Henrik",
    "Ivo",   "Julia", "Kofi",  "Lena",  "Marco",  "Nadia", "Oscar", "Priya",
    "Quinn", "Rosa",  "Sven",  "Tara",  "Umar",   "Vera",  "Wei",   "Ximena",
    "Yusuf", "Zoe",   "Amir",  "Bea",   "Chen",   "Dana",  "Emil",  "Fatima",
    "Goran", "Hana",  "Igor",  "Jonas", "Kira",   "Luis",  "Mia",   "Nils"};
static const char *const last_names[] = {
    "Berg",    "Okafor",  "Nunes",   "Kim",    "Lindqvist", "Petrov",  "Miller",
    "Sorensen", "Santos", "Weber",   "Rossi",  "Novak",     "Haddad",  "Tanaka",
    "Schmidt", "Dubois",  "Kowalski", "Jensen", "Moreau",   "Fischer", "Ivanova",
    "Garcia",  "Costa",   "Nakamura", "Larsen", "Horvat",   "Brennan", "Yilmaz",
    "Singh",   "Alvarez", "Keller",  "Murphy", "Varga",     "Lund",    "Ortiz",
    "Popescu", "Walsh",   "Meyer",   "Sato",   "Hoffmann"};
#define NFIRST ((int)(sizeof first_names / sizeof *first_names))
#define NLAST ((int)(sizeof last_names / sizeof *last_names))

static const char *const verbs[] = {
    "Specify", "Design", "Build",   "Configure", "Test",    "Review", "Document",
    "Migrate", "Deploy", "Analyse", "Integrate", "Prototype", "Validate", "Tune",
    "Train",   "Plan",   "Refactor", "Secure",   "Automate", "Approve"};
static const char *const objects[] = {
    "order intake",     "billing engine",   "customer portal", "payment gateway",
    "reporting layer",  "data warehouse",   "user management", "search service",
    "mobile app",       "pricing rules",    "inventory sync",  "notification service",
    "audit trail",      "single sign-on",   "document archive", "CRM interface",
    "scheduling module", "analytics dashboard", "API gateway", "master data",
    "test environment", "network segment",  "backup policy",   "workflow engine"};
static const char *const areas[] = {
    "Core platform", "Customer channel", "Back office", "Data and reporting",
    "Integration",   "Infrastructure",   "Security",    "Operations",
    "Finance",       "Logistics",        "Sales",       "Service desk"};
static const char *const adjectives[] = {
    "Northwind", "Atlas",  "Beacon", "Cobalt",  "Delta",  "Everest", "Falcon",
    "Granite",   "Harbor", "Iris",   "Juniper", "Keystone", "Lumen", "Meridian",
    "Nimbus",    "Orion",  "Polaris", "Quartz", "Redwood", "Summit"};
static const char *const nouns[] = {
    "ERP Upgrade",       "CRM Rollout",        "Website Relaunch", "Data Platform",
    "Cloud Migration",   "Billing Renewal",    "Mobile App",       "Warehouse Automation",
    "Security Hardening", "Office Move",       "HR System",        "Analytics Program",
    "Network Refresh",   "Supplier Portal",    "Compliance Program", "Service Desk"};
#define N_OF(a) ((int)(sizeof a / sizeof *a))

/* ---- resources ------------------------------------------------------------ */

typedef struct resource {
    char name[48];
    char initials[4];
    int group;
    int half_units;          /* MaxUnits 0.5 (and assignments at 0.5) */
    int days_off;            /* 0, or 1 = Friday off, 2 = Thursday and Friday off */
    int nvac;
    int64_t vac_from[2], vac_to[2]; /* inclusive days */
    int64_t join_day;        /* first day of availability, or -1 */
    int in_project;          /* scratch: local UID in the project being written */
} resource;

static resource *res;
static int nres;

static int pick_group(void)
{
    int r = rnd(100);
    for (int g = 0; g < NGROUPS; g++) {
        if (r < group_weight[g])
            return g;
        r -= group_weight[g];
    }
    return NGROUPS - 1;
}

static void make_resource(resource *r, int i, int64_t base)
{
    int f = i % NFIRST, l = (i / NFIRST + i * 7) % NLAST;
    if (i < NFIRST * NLAST)
        snprintf(r->name, sizeof r->name, "%s %s", first_names[f], last_names[l]);
    else
        snprintf(r->name, sizeof r->name, "%s %s %d", first_names[f], last_names[l],
                 i / (NFIRST * NLAST) + 1);
    snprintf(r->initials, sizeof r->initials, "%c%c", first_names[f][0],
             last_names[l][0]);
    r->group = pick_group();
    r->half_units = chance(8);
    r->days_off = chance(10) ? range(1, 2) : 0;
    r->nvac = chance(35) ? range(1, 2) : 0;
    int64_t from = base + range(20, 300);
    for (int v = 0; v < r->nvac; v++) {
        r->vac_from[v] = from;
        r->vac_to[v] = from + range(6, 20);
        from = r->vac_to[v] + range(60, 300);
    }
    r->join_day = chance(4) ? base + range(30, 200) : -1;
    r->in_project = 0;
}

/* ---- one project ---------------------------------------------------------- */

enum { LINK_FF = 0, LINK_FS = 1, LINK_SF = 2, LINK_SS = 3 };

typedef struct link {
    int pred;                /* row index */
    int type;
    int lag;                 /* working minutes, or clock minutes when elapsed */
    int elapsed;             /* an elapsed lag (LagFormat 8), --features only */
} link;

typedef struct row {
    int level;
    int summary, milestone;
    int parent;              /* row index, -1 for level 1 */
    int phase;               /* index into phase_names */
    char name[80];
    char wbs[32];
    int dur;                 /* working minutes */
    int priority;
    int snet;                /* SNET offset in working minutes, or -1 */
    /* optional features (--features) */
    int ctype;               /* ConstraintType beyond SNET (1 ALAP, 2, 3, 5, 6, 7), 0 */
    int64_t cdate;           /* its date, working minutes from the project start */
    int64_t deadline;        /* Deadline offset, or -1 */
    int durfmt;              /* DurationFormat: 7, or 4..12 and +32 (estimated) */
    int64_t elapsed;         /* clock minutes of an elapsed duration, or 0 */
    int pct;                 /* PercentComplete of a started task, 0 otherwise */
    int nlinks;
    link links[3 + 8];
    int nassign;
    int assign_res[3];       /* global resource index */
    int assign_half[3];      /* units 0.5 */
    int has_succ;
    int64_t es, ef;          /* CPM, working minutes from the project start */
    int64_t work;            /* minutes */
} row;

typedef struct project {
    row *rows;
    int nrows, cap;
    int maxdepth;
    int start_idx;           /* workdays index of the project start */
    int *team;
    int nteam;
    int *leaves;             /* non-milestone leaf rows, for cross links */
    int nleaves;
    int64_t finish;          /* CPM finish offset */
    int64_t status;          /* StatusDate offset (--features started), or -1 */
} project;

static row *add_row(project *p, int level, int parent, int phase, int summary)
{
    if (p->nrows == p->cap) {
        p->cap = p->cap ? 2 * p->cap : 256;
        p->rows = realloc(p->rows, (size_t)p->cap * sizeof *p->rows);
        if (!p->rows) {
            fprintf(stderr, "gen_portfolio: out of memory\n");
            exit(3);
        }
    }
    row *r = &p->rows[p->nrows++];
    memset(r, 0, sizeof *r);
    r->level = level;
    r->parent = parent;
    r->phase = phase;
    r->summary = summary;
    r->snet = -1;
    r->priority = 500;
    r->deadline = -1;
    r->durfmt = 7;
    return r;
}

static void name_leaf(row *r)
{
    snprintf(r->name, sizeof r->name, "%s %s", verbs[rnd(N_OF(verbs))],
             objects[rnd(N_OF(objects))]);
}

static void add_leaf(project *p, int level, int parent, int phase)
{
    row *r = add_row(p, level, parent, phase, 0);
    name_leaf(r);
    /* 0.5 to 20 days in half days, skewed low (mean 4.5 days, median 1.5) */
    int64_t u = rnd(1000);
    r->dur = HALF_DAY * (1 + (int)(u * u * u * u * 40 / 1000000000000));
    if (chance(12))
        r->priority = 100 * range(6, 9);
}

/* A work package: a summary at `level` and n-1 rows below it. */
static void add_group(project *p, int level, int parent, int phase, int n)
{
    int me = p->nrows;
    row *s = add_row(p, level, parent, phase, 1);
    snprintf(s->name, sizeof s->name, "%s %d", areas[rnd(N_OF(areas))], range(1, 9));
    int rem = n - 1;
    while (rem > 0) {
        if (level + 1 < p->maxdepth && rem >= 6 && chance(35)) {
            int k = range(3, rem / 2 > 3 ? rem / 2 : 3);
            add_group(p, level + 1, me, phase, k);
            rem -= k;
        } else {
            add_leaf(p, level + 1, me, phase);
            rem--;
        }
    }
}

/* A phase: a level-1 summary, its content and a closing milestone; n >= 3. */
static void add_phase(project *p, int phase, int n)
{
    int me = p->nrows;
    row *s = add_row(p, 1, -1, phase, 1);
    snprintf(s->name, sizeof s->name, "%s", phase_names[phase]);
    int rem = n - 2;
    while (rem > 0) {
        if (p->maxdepth > 2 && rem >= 4 && chance(60)) {
            int k = range(3, rem < 40 ? rem : 40);
            add_group(p, 2, me, phase, k);
            rem -= k;
        } else {
            add_leaf(p, 2, me, phase);
            rem--;
        }
    }
    row *m = add_row(p, 2, me, phase, 0);
    snprintf(m->name, sizeof m->name, "%s complete", phase_names[phase]);
    m->milestone = 1;
}

/* Splits ntasks rows into phases of at least 3 rows each. */
static void make_structure(project *p, int ntasks)
{
    int nph = ntasks / 50 + range(2, 4);
    if (nph > NPHASE_NAMES)
        nph = NPHASE_NAMES;
    if (nph > ntasks / 3)
        nph = ntasks / 3 > 0 ? ntasks / 3 : 1;
    int size[NPHASE_NAMES], wsum = 0, wt[NPHASE_NAMES];
    for (int i = 0; i < nph; i++) {
        wt[i] = range(1, 4);
        wsum += wt[i];
    }
    int extra = ntasks - 3 * nph, given = 0;
    for (int i = 0; i < nph; i++) {
        size[i] = 3 + (i == nph - 1 ? extra - given : extra * wt[i] / wsum);
        given += size[i] - 3;
    }
    for (int i = 0; i < nph; i++) /* an evenly spread subsequence of names */
        add_phase(p, nph == 1 ? 4 : i * (NPHASE_NAMES - 1) / (nph - 1), size[i]);
}

static void wbs_numbers(project *p)
{
    int count[8] = {0};
    char prefix[8][32];
    for (int i = 0; i < p->nrows; i++) {
        row *r = &p->rows[i];
        int l = r->level;
        count[l]++;
        for (int k = l + 1; k < 8; k++)
            count[k] = 0;
        char buf[48];
        if (l == 1)
            snprintf(buf, sizeof buf, "%d", count[l]);
        else
            snprintf(buf, sizeof buf, "%s.%d", prefix[l - 1], count[l]);
        buf[31] = '\0'; /* at most 4 levels of 5-digit numbers: never cut */
        memcpy(prefix[l], buf, 32);
        memcpy(r->wbs, prefix[l], 32);
    }
}

static int has_link(const row *r, int pred)
{
    for (int i = 0; i < r->nlinks; i++)
        if (r->links[i].pred == pred)
            return 1;
    return 0;
}

static void add_link(project *p, int succ, int pred)
{
    row *s = &p->rows[succ], *q = &p->rows[pred];
    if (has_link(s, pred) || s->nlinks == N_OF(s->links))
        return;
    link *l = &s->links[s->nlinks++];
    l->pred = pred;
    l->type = LINK_FS;
    l->lag = 0;
    q->has_succ = 1;
    if (s->milestone || q->milestone)
        return;
    int k = rnd(100);
    if (k < 10) {
        l->type = LINK_SS;
        l->lag = DAY_MIN * range(1, 3);
    } else if (k < 20) {
        l->type = LINK_FF;
        l->lag = DAY_MIN * range(0, 2);
    } else if (k < 30) {
        l->lag = DAY_MIN * range(1, 5);
    } else if (k < 34 && q->dur >= 2 * DAY_MIN) {
        l->lag = -DAY_MIN; /* a one-day lead */
    }
}

/* Earlier leaves of the same work package (same parent), latest first. */
static int siblings(const project *p, const int *leaf, int from, int n, int parent,
                    int *out, int max)
{
    int k = 0;
    for (int j = n - 1; j >= from && k < max; j--)
        if (p->rows[leaf[j]].parent == parent && !p->rows[leaf[j]].milestone)
            out[k++] = leaf[j];
    return k;
}

/* Work packages are chains with branches (a leaf follows its previous sibling
 * or a random earlier one); a package's first leaf waits for the previous
 * phase's milestone or, to overlap phases, for a leaf of that phase; a phase's
 * milestone waits for every leaf of the phase without a successor. */
static void make_links(project *p)
{
    int *leaf = malloc((size_t)p->nrows * sizeof *leaf), n = 0;
    int first = 0, prev_first = -1, sib[64];
    for (int i = 0; i < p->nrows; i++) {
        row *r = &p->rows[i];
        if (r->summary)
            continue;
        if (n > 0 && p->rows[leaf[n - 1]].phase != r->phase)
            prev_first = first, first = n;
        int entry = prev_first >= 0 ? leaf[first - 1] : -1; /* previous milestone */
        if (r->milestone) {
            for (int j = first; j < n; j++)
                if (!p->rows[leaf[j]].has_succ)
                    add_link(p, i, leaf[j]);
            if (r->nlinks == 0 && n > 0)
                add_link(p, i, leaf[n - 1]);
            leaf[n++] = i;
            continue;
        }
        int ns = siblings(p, leaf, first, n, r->parent, sib, 64), k = rnd(100);
        if (ns > 0 && k < 25)
            add_link(p, i, sib[0]);
        else if (ns > 0 && k < 65)
            add_link(p, i, sib[rnd(ns)]);
        else if (entry >= 0 && chance(35))
            add_link(p, i, leaf[prev_first + rnd(first - 1 - prev_first)]);
        else if (entry >= 0)
            add_link(p, i, entry);
        if (n > first && chance(8)) /* a dependency across packages */
            add_link(p, i, leaf[first + rnd(n - first)]);
        if (ns > 1 && chance(8))
            add_link(p, i, sib[rnd(ns)]);
        leaf[n++] = i;
    }
    free(leaf);
}

static void make_assignments(project *p)
{
    for (int i = 0; i < p->nrows; i++) {
        row *r = &p->rows[i];
        if (r->summary || r->milestone)
            continue;
        int k = rnd(100), want = k < 80 ? 1 : k < 97 ? 2 : 3;
        for (int a = 0; a < want; a++) {
            int g = a == 0 && chance(50) ? phase_group[r->phase] : pick_group();
            int pick = -1;
            for (int tries = 0; tries < 8 && pick < 0; tries++) {
                int c = p->team[rnd(p->nteam)];
                if (res[c].group == g || tries == 7)
                    pick = c;
            }
            int dup = 0;
            for (int b = 0; b < r->nassign; b++)
                dup |= r->assign_res[b] == pick;
            if (dup)
                continue;
            r->assign_res[r->nassign] = pick;
            r->assign_half[r->nassign] = res[pick].half_units || chance(35);
            r->nassign++;
            r->work += r->assign_half[r->nassign - 1] ? r->dur / 2 : r->dur;
        }
    }
}

/* The project's team, from the pool resources lo .. lo+n-1 (its cluster's,
 * --clusters; all of them by default): one of each skill group where
 * possible, then resources drawn uniformly (a skew towards "key people" makes
 * them carry a decade of work at this scale, which no PMO would plan). */
static void make_team(project *p, int size, int lo, int n)
{
    if (size > n)
        size = n;
    p->team = malloc((size_t)size * sizeof *p->team);
    p->nteam = 0;
    for (int i = 0; i < nres; i++)
        res[i].in_project = 0;
    for (int g = 0; g < NGROUPS && p->nteam < size; g++) {
        int start = rnd(n);
        for (int k = 0; k < n; k++) {
            int c = lo + (start + k) % n;
            if (res[c].group == g) {
                res[c].in_project = 1;
                p->team[p->nteam++] = c;
                break;
            }
        }
    }
    for (int guard = 0; p->nteam < size && guard < 100 * size; guard++) {
        int c = lo + rnd(n);
        if (!res[c].in_project) {
            res[c].in_project = 1;
            p->team[p->nteam++] = c;
        }
    }
}

/* Whether resource r works on day (its calendar: Standard minus its days off
 * and vacations; the hours are Standard's). */
static int res_works(const resource *r, int64_t day)
{
    int w = weekday(day);
    if ((r->days_off == 2 && w == 4) || (r->days_off >= 1 && w == 5))
        return 0;
    for (int v = 0; v < r->nvac; v++)
        if (day >= r->vac_from[v] && day <= r->vac_to[v])
            return 0;
    return 1;
}

/* A task with resources runs on the working time common to all of them (as
 * keel does; MS Project runs each assignment on its own calendar). dayoff is
 * a Standard working-day offset from the project start. */
static int task_works(const project *p, const row *r, int64_t dayoff)
{
    int64_t day = wday(p->start_idx, dayoff * DAY_MIN);
    for (int a = 0; a < r->nassign; a++)
        if (!res_works(&res[r->assign_res[a]], day))
            return 0;
    return 1;
}

/* The first moment >= t at which the task can work. */
static int64_t next_work(const project *p, const row *r, int64_t t)
{
    for (int guard = 0; guard < 2000 && !task_works(p, r, t / DAY_MIN); guard++)
        t = (t / DAY_MIN + 1) * DAY_MIN;
    return t;
}

/* The finish of dur working minutes of the task from start. */
static int64_t add_work(const project *p, const row *r, int64_t t, int64_t rem)
{
    for (int guard = 0; rem > 0 && guard < 20000; guard++) {
        int64_t d = t / DAY_MIN, avail = (d + 1) * DAY_MIN - t;
        if (task_works(p, r, d)) {
            if (rem <= avail)
                return t + rem;
            rem -= avail;
        }
        t = (d + 1) * DAY_MIN;
    }
    return t;
}

/* The latest start whose dur working minutes end by fin (not before 0). */
static int64_t sub_work(const project *p, const row *r, int64_t t, int64_t rem)
{
    for (int guard = 0; rem > 0 && t > 0 && guard < 20000; guard++) {
        int64_t d = (t - 1) / DAY_MIN, used = t - d * DAY_MIN;
        if (task_works(p, r, d)) {
            if (rem <= used)
                return t - rem;
            rem -= used;
        }
        t = d * DAY_MIN;
    }
    return t > 0 ? t : 0;
}

/* Forward pass. Time is in working minutes of Standard from the project start
 * (lags count on Standard, the project calendar); a task works on its
 * resources' common days. Predecessors come before successors in the file. */
static void cpm(project *p)
{
    p->finish = 0;
    for (int i = 0; i < p->nrows; i++) {
        row *r = &p->rows[i];
        if (r->summary)
            continue;
        int64_t es = r->snet > 0 ? r->snet : 0;
        for (int k = 0; k < r->nlinks; k++) {
            const link *l = &r->links[k];
            const row *q = &p->rows[l->pred];
            int64_t t = l->type == LINK_SS ? q->es + l->lag : q->ef + l->lag;
            if (l->type == LINK_FF) /* a finish in a gap of the task's calendar
                                       counts as at the end of the work before */
                t = sub_work(p, r, t, r->dur);
            es = t > es ? t : es;
        }
        r->es = next_work(p, r, es);
        r->ef = add_work(p, r, r->es, r->dur);
        if (r->ef > p->finish)
            p->finish = r->ef;
    }
    for (int i = p->nrows - 1; i >= 0; i--) { /* roll up, children after parents */
        row *r = &p->rows[i];
        if (r->summary && r->ef == 0 && r->es == 0)
            r->es = INT64_MAX;
    }
    for (int i = p->nrows - 1; i >= 0; i--) {
        row *r = &p->rows[i];
        if (r->parent < 0)
            continue;
        row *q = &p->rows[r->parent];
        if (r->es < q->es)
            q->es = r->es;
        if (r->ef > q->ef)
            q->ef = r->ef;
        q->work += r->work;
    }
}

/* ---- optional features (--features) --------------------------------------- */

/* What MS Project files carry beyond the default portfolio: each is a rate in
 * percent, 0 (off) unless --features names it; "all" sets the rates below. The
 * dates written stay those of the plain CPM above, which does not know these
 * features (keel computes its own). */
enum {
    F_PINNED,        /* leaves at priority 1000 */
    F_STARTED,       /* leaves planned to start before the status date that have
                        started (ActualStart, PercentComplete, RemainingDuration;
                        finished when planned to end by then, half of the time) */
    F_ELAPSED,       /* leaves with an elapsed duration (DurationFormat 4..12) */
    F_ESTIMATED,     /* leaves with an estimated duration format (+32) */
    F_ALAP,          /* leaves as late as possible */
    F_CONSTRAINTS,   /* leaves with MSO, MFO, SNET, SNLT, FNET or FNLT */
    F_SUMMARY_LINKS, /* work packages with a link into or out of their summary,
                        any of the four types, lags -1..3 days */
    F_ELAPSED_LAGS,  /* links with a lag whose lag is elapsed (LagFormat 8) */
    F_DEADLINES,     /* leaves with a Deadline (-3..10 days around their finish) */
    NFEAT
};
static const char *const feat_names[NFEAT] = {
    "pinned", "started", "elapsed", "estimated", "alap", "constraints",
    "summary-links", "elapsed-lags", "deadlines"};
static const int feat_all[NFEAT] = {2, 30, 4, 5, 3, 4, 15, 20, 3};

/* The last row of row i's subtree (i itself for a leaf). */
static int subtree_end(const project *p, int i)
{
    int e = i;
    while (e + 1 < p->nrows && p->rows[e + 1].level > p->rows[i].level)
        e++;
    return e;
}

static void add_raw_link(row *s, int pred, int type, int lag)
{
    if (!has_link(s, pred) && s->nlinks < N_OF(s->links))
        s->links[s->nlinks++] = (link){pred, type, lag, 0};
}

/* A link into or out of work package summary i, with a row that is neither
 * inside it nor around it, earlier rows always the predecessors: the file
 * order stays a topological order, so no cycle can appear. */
static void summary_link(project *p, int i)
{
    int type = frnd(4), lag = DAY_MIN * frange(-1, 3), end = subtree_end(p, i);
    if (fchance(50) && end + 1 < p->nrows) { /* out of the summary */
        int k = end + 1 + frnd(p->nrows - end - 1 < 40 ? p->nrows - end - 1 : 40);
        add_raw_link(&p->rows[k], i, type, lag);
        return;
    }
    for (int tries = 0; tries < 8 && i > 0; tries++) { /* into the summary */
        int j = i - 1 - frnd(i < 40 ? i : 40);
        if (subtree_end(p, j) < i) {
            add_raw_link(&p->rows[i], j, type, lag);
            return;
        }
    }
}

/* An elapsed duration: as many clock days as the task had working days. */
static void make_elapsed(row *r, int estimated)
{
    static const int formats[] = {4, 6, 8, 10, 12};
    r->elapsed = (int64_t)r->dur * 1440 / DAY_MIN;
    r->durfmt = formats[frnd(N_OF(formats))] + (estimated ? 32 : 0);
}

static void make_constraint(row *r)
{
    static const int types[] = {2, 3, 4, 5, 6, 7};
    r->ctype = types[frnd(N_OF(types))];
    int64_t base = (r->ctype == 3 || r->ctype >= 6) ? r->ef : r->es;
    r->cdate = base + (int64_t)DAY_MIN * frange(-5, 10);
    if (r->cdate < 0)
        r->cdate = 0;
}

static void leaf_features(const project *p, row *r, const int *rate)
{
    if (p->status > 0 && r->es < p->status && fchance(rate[F_STARTED])) {
        r->pct = r->ef <= p->status && fchance(50) ? 100 : 10 * frange(1, 9);
        return; /* started: it keeps its dates, nothing else applies */
    }
    if (fchance(rate[F_PINNED]))
        r->priority = 1000;
    if (fchance(rate[F_ELAPSED]))
        make_elapsed(r, fchance(rate[F_ESTIMATED]));
    else if (fchance(rate[F_ESTIMATED]))
        r->durfmt = 7 + 32;
    if (r->snet < 0 && fchance(rate[F_ALAP]))
        r->ctype = 1;
    else if (r->snet < 0 && fchance(rate[F_CONSTRAINTS]))
        make_constraint(r);
}

/* After the CPM: the features whose dates derive from the planned ones. */
static void add_features(project *p, const int *rate)
{
    p->status = rate[F_STARTED] ? (int64_t)DAY_MIN * frange(10, 40) : -1;
    for (int i = 0; i < p->nrows; i++) {
        row *r = &p->rows[i];
        if (r->summary) {
            if (r->level >= 2 && fchance(rate[F_SUMMARY_LINKS]))
                summary_link(p, i);
            continue;
        }
        if (!r->milestone)
            leaf_features(p, r, rate);
        if (fchance(rate[F_DEADLINES])) {
            r->deadline = r->ef + (int64_t)DAY_MIN * frange(-3, 10);
            r->deadline = r->deadline > 0 ? r->deadline : 0;
        }
    }
    for (int i = 0; i < p->nrows; i++)
        for (int k = 0; k < p->rows[i].nlinks; k++) {
            link *l = &p->rows[i].links[k];
            if (l->lag != 0 && !l->elapsed && fchance(rate[F_ELAPSED_LAGS])) {
                l->elapsed = 1;
                l->lag = l->lag / DAY_MIN * 1440 + l->lag % DAY_MIN;
            }
        }
}

/* ---- writing -------------------------------------------------------------- */

static void put_escaped(FILE *f, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        default: fputc(*s, f);
        }
    }
}

static void tag_text(FILE *f, int indent, const char *tag, const char *text)
{
    fprintf(f, "%*s<%s>", indent, "", tag);
    put_escaped(f, text);
    fprintf(f, "</%s>\n", tag);
}

static void tag_int(FILE *f, int indent, const char *tag, long long v)
{
    fprintf(f, "%*s<%s>%lld</%s>\n", indent, "", tag, v, tag);
}

static void write_weekday(FILE *f, int type, int working)
{
    fprintf(f, "        <WeekDay>\n          <DayType>%d</DayType>\n"
               "          <DayWorking>%d</DayWorking>\n", type, working);
    if (working) {
        fputs("          <WorkingTimes>\n"
              "            <WorkingTime>\n              <FromTime>08:00:00</FromTime>\n"
              "              <ToTime>12:00:00</ToTime>\n            </WorkingTime>\n"
              "            <WorkingTime>\n              <FromTime>13:00:00</FromTime>\n"
              "              <ToTime>17:00:00</ToTime>\n            </WorkingTime>\n"
              "          </WorkingTimes>\n", f);
    }
    fputs("        </WeekDay>\n", f);
}

static void write_legacy_exception(FILE *f, int64_t from, int64_t to)
{
    char a[64], b[64];
    fmt_date(a, from, 0);
    fmt_date(b, to, 23 * 60 + 59);
    fprintf(f, "        <WeekDay>\n          <DayType>0</DayType>\n"
               "          <DayWorking>0</DayWorking>\n          <TimePeriod>\n"
               "            <FromDate>%s</FromDate>\n            <ToDate>%s</ToDate>\n"
               "          </TimePeriod>\n        </WeekDay>\n", a, b);
}

static void write_exception(FILE *f, int64_t from, int64_t to, const char *name)
{
    char a[64], b[64];
    fmt_date(a, from, 0);
    fmt_date(b, to, 23 * 60 + 59);
    fprintf(f, "        <Exception>\n          <EnteredByOccurrences>0</EnteredByOccurrences>\n"
               "          <TimePeriod>\n            <FromDate>%s</FromDate>\n"
               "            <ToDate>%s</ToDate>\n          </TimePeriod>\n"
               "          <Occurrences>%d</Occurrences>\n", a, b, (int)(to - from + 1));
    tag_text(f, 10, "Name", name);
    fputs("          <Type>1</Type>\n          <Period>1</Period>\n"
          "          <DayWorking>0</DayWorking>\n        </Exception>\n", f);
}

static void write_standard_calendar(FILE *f)
{
    fputs("    <Calendar>\n      <UID>1</UID>\n      <Name>Standard</Name>\n"
          "      <IsBaseCalendar>1</IsBaseCalendar>\n"
          "      <BaseCalendarUID>-1</BaseCalendarUID>\n      <WeekDays>\n", f);
    for (int d = 1; d <= 7; d++)
        write_weekday(f, d, d != 1 && d != 7);
    for (int i = 0; i < nholidays; i++)
        write_legacy_exception(f, holidays[i].day, holidays[i].day);
    fputs("      </WeekDays>\n      <Exceptions>\n", f);
    for (int i = 0; i < nholidays; i++)
        write_exception(f, holidays[i].day, holidays[i].day, holidays[i].name);
    fputs("      </Exceptions>\n    </Calendar>\n", f);
}

static void write_resource_calendar(FILE *f, const resource *r, int uid)
{
    fprintf(f, "    <Calendar>\n      <UID>%d</UID>\n", uid);
    tag_text(f, 6, "Name", r->name);
    fputs("      <IsBaseCalendar>0</IsBaseCalendar>\n"
          "      <BaseCalendarUID>1</BaseCalendarUID>\n", f);
    if (r->days_off || r->nvac) {
        fputs("      <WeekDays>\n", f);
        if (r->days_off == 2)
            write_weekday(f, 5, 0);
        if (r->days_off)
            write_weekday(f, 6, 0);
        for (int v = 0; v < r->nvac; v++)
            write_legacy_exception(f, r->vac_from[v], r->vac_to[v]);
        fputs("      </WeekDays>\n", f);
    }
    if (r->nvac) {
        fputs("      <Exceptions>\n", f);
        for (int v = 0; v < r->nvac; v++)
            write_exception(f, r->vac_from[v], r->vac_to[v], "Vacation");
        fputs("      </Exceptions>\n", f);
    }
    fputs("    </Calendar>\n", f);
}

static void write_resource(FILE *f, const resource *r, int uid)
{
    fprintf(f, "    <Resource>\n      <UID>%d</UID>\n      <ID>%d</ID>\n", uid, uid);
    tag_text(f, 6, "Name", r->name);
    fputs("      <Type>1</Type>\n      <IsNull>0</IsNull>\n", f);
    tag_text(f, 6, "Initials", r->initials);
    tag_text(f, 6, "Group", group_names[r->group]);
    fprintf(f, "      <MaxUnits>%s</MaxUnits>\n      <CanLevel>1</CanLevel>\n",
            r->half_units ? "0.50" : "1.00");
    tag_int(f, 6, "CalendarUID", uid + 1);
    if (r->join_day >= 0) {
        char a[64];
        fmt_date(a, r->join_day, 0);
        fprintf(f, "      <AvailabilityPeriods>\n        <AvailabilityPeriod>\n"
                   "          <AvailableFrom>%s</AvailableFrom>\n"
                   "          <AvailableTo>2049-12-31T23:59:00</AvailableTo>\n"
                   "          <AvailableUnits>%s</AvailableUnits>\n"
                   "        </AvailabilityPeriod>\n      </AvailabilityPeriods>\n",
                a, r->half_units ? "0.50" : "1.00");
    }
    fputs("    </Resource>\n", f);
}

/* status: the StatusDate, or NULL. */
static void write_header(FILE *f, const char *file, const char *title, int64_t start_day,
                         const char *start, const char *finish, const char *status)
{
    char created[64];
    fmt_date(created, start_day - 21, 9 * 60);
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
          "<Project xmlns=\"http://schemas.microsoft.com/project\">\n"
          "  <SaveVersion>14</SaveVersion>\n", f);
    tag_text(f, 2, "Name", file);
    tag_text(f, 2, "Title", title);
    fputs("  <Company>Synthetic PMO (keel gen_portfolio)</Company>\n"
          "  <Author>keel gen_portfolio</Author>\n", f);
    fprintf(f, "  <CreationDate>%s</CreationDate>\n"
               "  <ScheduleFromStart>1</ScheduleFromStart>\n"
               "  <StartDate>%s</StartDate>\n  <FinishDate>%s</FinishDate>\n",
            created, start, finish);
    fputs("  <CurrencyCode>EUR</CurrencyCode>\n  <CalendarUID>1</CalendarUID>\n"
          "  <DefaultStartTime>08:00:00</DefaultStartTime>\n"
          "  <DefaultFinishTime>17:00:00</DefaultFinishTime>\n"
          "  <MinutesPerDay>480</MinutesPerDay>\n  <MinutesPerWeek>2400</MinutesPerWeek>\n"
          "  <DaysPerMonth>20</DaysPerMonth>\n  <DefaultTaskType>0</DefaultTaskType>\n"
          "  <DurationFormat>7</DurationFormat>\n  <WorkFormat>2</WorkFormat>\n"
          "  <HonorConstraints>1</HonorConstraints>\n  <WeekStartDay>1</WeekStartDay>\n",
          f);
    if (status)
        fprintf(f, "  <StatusDate>%s</StatusDate>\n", status);
}

typedef struct task_out {
    int uid, level, summary, milestone, priority;
    const char *name, *wbs;
    int64_t es, ef, work;
    const char *constraint_date, *deadline;
    int64_t dur;             /* working minutes; -1: the span (summaries) */
    const row *r;            /* the row (its --features fields), NULL for task 0 */
} task_out;

/* The progress of a started task (--features started): after PercentComplete. */
static void write_progress(FILE *f, const project *p, const task_out *t)
{
    char a[64], d[32];
    fmt_start(a, p->start_idx, t->es);
    fprintf(f, "      <ActualStart>%s</ActualStart>\n", a);
    if (t->r->pct == 100) {
        fmt_finish(a, p->start_idx, t->ef);
        fprintf(f, "      <ActualFinish>%s</ActualFinish>\n", a);
    }
    fmt_work(d, t->dur * (100 - t->r->pct) / 100);
    fprintf(f, "      <RemainingDuration>%s</RemainingDuration>\n", d);
}

/* ConstraintType, CalendarUID, ConstraintDate and Deadline. */
static void write_constraint(FILE *f, const project *p, const task_out *t)
{
    const row *r = t->r;
    int ctype = r && r->ctype ? r->ctype : t->constraint_date ? 4 : 0;
    fprintf(f, "      <ConstraintType>%d</ConstraintType>\n"
               "      <CalendarUID>-1</CalendarUID>\n", ctype);
    char c[64];
    if (r && r->ctype > 1) {
        if (r->ctype == 3 || r->ctype >= 6)
            fmt_finish(c, p->start_idx, r->cdate);
        else
            fmt_start(c, p->start_idx, r->cdate);
        fprintf(f, "      <ConstraintDate>%s</ConstraintDate>\n", c);
    } else if (t->constraint_date) {
        fprintf(f, "      <ConstraintDate>%s</ConstraintDate>\n", t->constraint_date);
    }
    if (t->deadline) {
        fprintf(f, "      <Deadline>%s</Deadline>\n", t->deadline);
    } else if (r && r->deadline >= 0) {
        fmt_finish(c, p->start_idx, r->deadline);
        fprintf(f, "      <Deadline>%s</Deadline>\n", c);
    }
}

static void write_task_head(FILE *f, const project *p, const task_out *t)
{
    char s[64], e[64], d[32], w[32];
    const row *r = t->r;
    if (t->milestone)
        fmt_finish(s, p->start_idx, t->es);
    else
        fmt_start(s, p->start_idx, t->es);
    fmt_finish(e, p->start_idx, t->ef);
    if (t->milestone)
        memcpy(e, s, sizeof e);
    fmt_work(d, r && r->elapsed ? r->elapsed : t->dur >= 0 ? t->dur : t->ef - t->es);
    fmt_work(w, t->work);
    fprintf(f, "    <Task>\n      <UID>%d</UID>\n      <ID>%d</ID>\n", t->uid, t->uid);
    tag_text(f, 6, "Name", t->name);
    fprintf(f, "      <Type>0</Type>\n      <IsNull>0</IsNull>\n"
               "      <WBS>%s</WBS>\n      <OutlineNumber>%s</OutlineNumber>\n"
               "      <OutlineLevel>%d</OutlineLevel>\n      <Priority>%d</Priority>\n"
               "      <Start>%s</Start>\n      <Finish>%s</Finish>\n"
               "      <Duration>%s</Duration>\n      <DurationFormat>%d</DurationFormat>\n"
               "      <Work>%s</Work>\n      <EffortDriven>0</EffortDriven>\n",
            t->wbs, t->wbs, t->level, t->priority, s, e, d, r ? r->durfmt : 7, w);
    if (r && r->durfmt > 32)
        fputs("      <Estimated>1</Estimated>\n", f);
    fprintf(f, "      <Milestone>%d</Milestone>\n      <Summary>%d</Summary>\n"
               "      <PercentComplete>%d</PercentComplete>\n",
            t->milestone, t->summary, r ? r->pct : 0);
    if (r && r->pct > 0)
        write_progress(f, p, t);
    write_constraint(f, p, t);
    fputs("      <LevelingDelay>0</LevelingDelay>\n"
          "      <LevelingDelayFormat>8</LevelingDelayFormat>\n", f);
}

static void write_tasks(FILE *f, const project *p, const char *title, int priority,
                        const char *deadline)
{
    fputs("  <Tasks>\n", f);
    task_out t0 = {0, 0, 1, 0, priority, title, "0", 0, p->finish, 0, NULL, NULL, -1, NULL};
    for (int i = 0; i < p->nrows; i++)
        if (p->rows[i].level == 1)
            t0.work += p->rows[i].work;
    write_task_head(f, p, &t0);
    fputs("    </Task>\n", f);
    for (int i = 0; i < p->nrows; i++) {
        const row *r = &p->rows[i];
        char cdate[64];
        if (r->snet > 0)
            fmt_start(cdate, p->start_idx, r->snet);
        task_out t = {i + 1, r->level, r->summary, r->milestone, r->priority,
                      r->name, r->wbs, r->es, r->ef, r->work,
                      r->snet > 0 ? cdate : NULL,
                      i == p->nrows - 1 ? deadline : NULL,
                      r->summary ? -1 : r->dur, r};
        write_task_head(f, p, &t);
        for (int k = 0; k < r->nlinks; k++)
            fprintf(f, "      <PredecessorLink>\n        <PredecessorUID>%d</PredecessorUID>\n"
                       "        <Type>%d</Type>\n        <CrossProject>0</CrossProject>\n"
                       "        <LinkLag>%d</LinkLag>\n        <LagFormat>%d</LagFormat>\n"
                       "      </PredecessorLink>\n",
                    r->links[k].pred + 1, r->links[k].type, r->links[k].lag * 10,
                    r->links[k].elapsed ? 8 : 7);
        fputs("    </Task>\n", f);
    }
    fputs("  </Tasks>\n", f);
}

static long write_assignments(FILE *f, const project *p)
{
    long uid = 0;
    fputs("  <Assignments>\n", f);
    for (int i = 0; i < p->nrows; i++) {
        const row *r = &p->rows[i];
        char s[64], e[64], w[32];
        fmt_start(s, p->start_idx, r->es);
        fmt_finish(e, p->start_idx, r->ef);
        for (int a = 0; a < r->nassign; a++) {
            int half = r->assign_half[a];
            fmt_work(w, half ? r->dur / 2 : r->dur);
            fprintf(f, "    <Assignment>\n      <UID>%ld</UID>\n      <TaskUID>%d</TaskUID>\n"
                       "      <ResourceUID>%d</ResourceUID>\n"
                       "      <PercentWorkComplete>0</PercentWorkComplete>\n"
                       "      <Finish>%s</Finish>\n      <LevelingDelay>0</LevelingDelay>\n"
                       "      <LevelingDelayFormat>8</LevelingDelayFormat>\n"
                       "      <RemainingWork>%s</RemainingWork>\n      <Start>%s</Start>\n"
                       "      <Units>%s</Units>\n      <Work>%s</Work>\n"
                       "      <WorkContour>0</WorkContour>\n    </Assignment>\n",
                    ++uid, i + 1, res[r->assign_res[a]].in_project, e, w, s,
                    half ? "0.5" : "1", w);
        }
    }
    fputs("  </Assignments>\n", f);
    return uid;
}

/* The calendars of resources order[0..n) (local UID k + 1, calendar k + 2). */
static void write_calendars(FILE *f, const int *order, int n)
{
    fputs("  <Calendars>\n", f);
    write_standard_calendar(f);
    for (int k = 0; k < n; k++)
        write_resource_calendar(f, &res[order[k]], k + 2);
    fputs("  </Calendars>\n", f);
}

/* Resources order[0..n) after MS Project's unnamed placeholder UID 0. */
static void write_resources(FILE *f, const int *order, int n)
{
    fputs("  <Resources>\n    <Resource>\n      <UID>0</UID>\n      <ID>0</ID>\n"
          "      <Type>1</Type>\n      <IsNull>0</IsNull>\n"
          "      <MaxUnits>1.00</MaxUnits>\n      <CanLevel>0</CanLevel>\n"
          "    </Resource>\n", f);
    for (int k = 0; k < n; k++)
        write_resource(f, &res[order[k]], k + 1);
    fputs("  </Resources>\n", f);
}

static FILE *open_out(const char *dir, const char *name, char *path, size_t pathlen)
{
    snprintf(path, pathlen, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (!f) {
        fprintf(stderr, "gen_portfolio: error: %s: %s\n", path, strerror(errno));
        exit(1);
    }
    return f;
}

static void close_out(FILE *f, const char *path)
{
    if (ferror(f) | fclose(f)) {
        fprintf(stderr, "gen_portfolio: error: %s: write failed\n", path);
        exit(1);
    }
}

/* ---- driver --------------------------------------------------------------- */

typedef struct options {
    int projects, tasks, resources, team;
    int clusters;            /* --clusters: groups sharing no resource and no link */
    unsigned long long seed;
    const char *dir;
    int64_t base;            /* first possible project start (a day number) */
    int feat[NFEAT];         /* --features: rates in percent */
    const char *features;    /* the --features argument, or NULL */
} options;

typedef struct summary {
    long tasks, leaves, links, assignments;
} summary;

static void usage(FILE *f)
{
    fputs("usage: gen_portfolio [--projects N] [--tasks N] [--resources N] [--team N]\n"
          "                     [--clusters K] [--seed S] [--start YYYY-MM-DD] -o DIR\n"
          "Writes DIR/pNNN.xml (one MSPDI file per project), DIR/resource-pool.xml and\n"
          "DIR/portfolio.txt. --tasks counts the rows of a project (summaries and\n"
          "milestones included, the project summary task 0 not); --team is the\n"
          "number of pool resources a project uses (default tasks/20, 5..60).\n"
          "Defaults: 10 projects, 100 tasks, 50 resources, seed 1, start 2026-01-05.\n"
          "--clusters K splits the portfolio into K groups (project k in group k mod K),\n"
          "each drawing its teams from its own K-th of the resources, with no links\n"
          "between groups (two departments in one portfolio file); default 1.\n"
          "--features all|LIST|all,LIST adds what MS Project files carry beyond the\n"
          "default portfolio, LIST as name=percent,... of pinned (priority 1000), started,\n"
          "elapsed, estimated, alap, constraints, summary-links, elapsed-lags,\n"
          "deadlines; all = pinned=2,started=30,elapsed=4,estimated=5,alap=3,\n"
          "constraints=4,summary-links=15,elapsed-lags=20,deadlines=3 (the rates are\n"
          "described in the source). The dates written stay the plain CPM's.\n",
          f);
}

/* --features all, name=percent,..., or all,name=percent,... */
static void parse_features(const char *v, options *o)
{
    o->features = v;
    if (v && !strncmp(v, "all", 3) && (v[3] == '\0' || v[3] == ',')) {
        memcpy(o->feat, feat_all, sizeof o->feat);
        v += 3 + (v[3] == ',');
    }
    for (const char *q = v; q && *q;) {
        size_t len = strcspn(q, "=");
        int k = 0, pct = -1, used = 0;
        while (k < NFEAT && (strlen(feat_names[k]) != len || strncmp(q, feat_names[k], len)))
            k++;
        if (k == NFEAT || q[len] != '=' || sscanf(q + len + 1, "%d%n", &pct, &used) != 1 ||
            pct < 0 || pct > 100 || (q[len + 1 + used] && q[len + 1 + used] != ',')) {
            fprintf(stderr, "gen_portfolio: error: bad --features '%s'\n", v);
            exit(2);
        }
        o->feat[k] = pct;
        q += len + 1 + used + (q[len + 1 + used] == ',');
    }
    if (!v) {
        fprintf(stderr, "gen_portfolio: error: --features needs a value\n");
        exit(2);
    }
}

static long parse_num(const char *opt, const char *v, long lo, long hi)
{
    char *end;
    errno = 0;
    long n = v ? strtol(v, &end, 10) : 0;
    if (!v || errno || *end || n < lo || n > hi) {
        fprintf(stderr, "gen_portfolio: error: %s needs a number in %ld..%ld\n", opt, lo,
                hi);
        exit(2);
    }
    return n;
}

static void parse_args(int argc, char **argv, options *o)
{
    *o = (options){10, 100, 50, 0, 1, 1, NULL, days_from_civil(2026, 1, 5), {0}, NULL};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        int y, m, d;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            exit(0);
        } else if (!strcmp(a, "--projects"))
            o->projects = (int)parse_num(a, v, 1, 9999), i++;
        else if (!strcmp(a, "--tasks"))
            o->tasks = (int)parse_num(a, v, 3, 100000), i++;
        else if (!strcmp(a, "--resources"))
            o->resources = (int)parse_num(a, v, 1, 100000), i++;
        else if (!strcmp(a, "--team"))
            o->team = (int)parse_num(a, v, 1, 100000), i++;
        else if (!strcmp(a, "--clusters"))
            o->clusters = (int)parse_num(a, v, 1, 9999), i++;
        else if (!strcmp(a, "--seed"))
            o->seed = (unsigned long long)parse_num(a, v, 0, 2147483647), i++;
        else if (!strcmp(a, "--features"))
            parse_features(v, o), i++;
        else if (!strcmp(a, "-o") && v)
            o->dir = v, i++;
        else if (!strcmp(a, "--start") && v && sscanf(v, "%4d-%2d-%2d", &y, &m, &d) == 3 &&
                 y >= 1990 && y <= 2040 && m >= 1 && m <= 12 && d >= 1 && d <= 31)
            o->base = days_from_civil(y, m, d), i++;
        else {
            fprintf(stderr, "gen_portfolio: error: bad argument '%s'\n", a);
            usage(stderr);
            exit(2);
        }
    }
    if (!o->dir) {
        usage(stderr);
        exit(2);
    }
    if (o->team == 0)
        o->team = o->tasks / 20 < 5 ? 5 : o->tasks / 20 > 60 ? 60 : o->tasks / 20;
    if (o->team > o->resources)
        o->team = o->resources;
    if (o->clusters > o->projects || o->clusters > o->resources) {
        fprintf(stderr, "gen_portfolio: error: --clusters %d needs as many projects and "
                        "resources\n", o->clusters);
        exit(2);
    }
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* A few leaves get a Start No Earlier Than (a supplier date, a booked room). */
static void make_constraints(project *p)
{
    for (int i = 0; i < p->nrows; i++) {
        row *r = &p->rows[i];
        if (!r->summary && !r->milestone && chance(1))
            r->snet = DAY_MIN * range(5, 120);
    }
}

/* Pool resources of cluster g: a contiguous K-th of them. */
static int pool_first(const options *o, int g)
{
    return (int)((long long)o->resources * g / o->clusters);
}

static void build_project(project *p, const options *o, int start_idx, int cluster)
{
    memset(p, 0, sizeof *p);
    p->maxdepth = range(2, 4);
    p->start_idx = start_idx;
    make_structure(p, o->tasks);
    wbs_numbers(p);
    make_links(p);
    make_constraints(p);
    int lo = pool_first(o, cluster);
    make_team(p, o->team, lo, pool_first(o, cluster + 1) - lo);
    make_assignments(p);
    cpm(p);
    p->status = -1;
    if (o->features)
        add_features(p, o->feat);
    p->leaves = malloc((size_t)p->nrows * sizeof *p->leaves);
    for (int i = 0; i < p->nrows; i++)
        if (!p->rows[i].summary && !p->rows[i].milestone)
            p->leaves[p->nleaves++] = i;
}

/* Writes project k; returns the number of assignments. The order of its
 * resources in the file is the order of their global index. */
static long write_project(const options *o, project *p, const char *name,
                          const char *title, int priority, const char *deadline,
                          summary *sum)
{
    char file[64], path[4096], s[64], e[64];
    snprintf(file, sizeof file, "%s.xml", name);
    FILE *f = open_out(o->dir, file, path, sizeof path);
    int *order = malloc((size_t)p->nteam * sizeof *order);
    memcpy(order, p->team, (size_t)p->nteam * sizeof *order);
    qsort(order, (size_t)p->nteam, sizeof *order, cmp_int);
    for (int i = 0; i < nres; i++)
        res[i].in_project = 0;
    for (int i = 0; i < p->nteam; i++)
        res[order[i]].in_project = i + 1;
    fmt_start(s, p->start_idx, 0);
    fmt_finish(e, p->start_idx, p->finish);
    char status[64];
    if (p->status > 0)
        fmt_finish(status, p->start_idx, p->status);
    write_header(f, file, title, workdays[p->start_idx], s, e, p->status > 0 ? status : NULL);
    write_calendars(f, order, p->nteam);
    write_tasks(f, p, title, priority, deadline);
    write_resources(f, order, p->nteam);
    long na = write_assignments(f, p);
    fputs("</Project>\n", f);
    close_out(f, path);
    free(order);
    for (int i = 0; i < p->nrows; i++) {
        sum->leaves += !p->rows[i].summary;
        sum->links += p->rows[i].nlinks;
    }
    sum->tasks += p->nrows;
    return na;
}

static void write_pool(const options *o)
{
    char path[4096];
    FILE *f = open_out(o->dir, "resource-pool.xml", path, sizeof path);
    int *order = malloc((size_t)nres * sizeof *order);
    for (int i = 0; i < nres; i++)
        order[i] = i;
    char s[64];
    fmt_date(s, workdays[0], 8 * 60);
    write_header(f, "resource-pool.xml", "Resource pool", workdays[0], s, s, NULL);
    write_calendars(f, order, nres);
    write_resources(f, order, nres);
    fputs("</Project>\n", f);
    close_out(f, path);
    free(order);
}

static void make_dir(const char *dir)
{
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "gen_portfolio: error: %s: %s\n", dir, strerror(errno));
        exit(1);
    }
}

/* Cross-project links go from an earlier project (by index, and so by start)
 * to a later one of the same cluster (k apart, k a multiple of the clusters),
 * so they cannot close a cycle or join two clusters. */
static int write_cross_links(FILE *f, project *ps, int np, int nc)
{
    int n = np < nc + 1 ? 0 : np / 5 + 1;
    int width = np >= 1000 ? 4 : 3;
    fputs("\n[links]\n", f);
    for (int k = 0; k < n; k++) {
        int a = rnd(np - nc), later = (np - 1 - a) / nc;
        int b = a + nc * (1 + rnd(later < 5 ? later : 5));
        project *pa = &ps[a], *pb = &ps[b];
        if (!pa->nleaves || !pb->nleaves)
            continue;
        int ta = pa->leaves[pa->nleaves / 2 + rnd((pa->nleaves + 1) / 2)];
        int tb = pb->leaves[rnd((pb->nleaves + 1) / 2)];
        int lag = rnd(4);
        fprintf(f, "p%0*d:%d -> p%0*d:%d FS", width, a + 1, ta + 1, width, b + 1, tb + 1);
        if (lag)
            fprintf(f, " +%dd", lag);
        fprintf(f, "   # %s -> %s\n", pa->rows[ta].name, pb->rows[tb].name);
    }
    return n;
}

int main(int argc, char **argv)
{
    options o;
    parse_args(argc, argv, &o);
    rng_state = o.seed * 0x2545f4914f6cdd1dULL + 0x1234567ULL;
    feat_state = o.seed * 0x9e6c63d0676a9a99ULL + 0x7f4a7c15ULL;
    int y, m, d;
    civil_from_days(o.base, &y, &m, &d);
    make_holidays(y);
    make_workdays(o.base);
    make_dir(o.dir);

    nres = o.resources;
    res = calloc((size_t)nres, sizeof *res);
    for (int i = 0; i < nres; i++)
        make_resource(&res[i], i, o.base);

    int *starts = malloc((size_t)o.projects * sizeof *starts);
    for (int k = 0; k < o.projects; k++) /* spread over a year of working days */
        starts[k] = k == 0 ? 0 : rnd(250);
    qsort(starts, (size_t)o.projects, sizeof *starts, cmp_int);

    project *ps = calloc((size_t)o.projects, sizeof *ps);
    summary sum = {0, 0, 0, 0};
    char path[4096];
    FILE *pf = open_out(o.dir, "portfolio.txt", path, sizeof path);
    fprintf(pf, "# keel synthetic portfolio: gen_portfolio --projects %d --tasks %d "
                "--resources %d --team %d --seed %llu\n"
                "# Resources are defined identically in every file and in resource-pool.xml.\n",
            o.projects, o.tasks, o.resources, o.team, o.seed);
    if (o.features)
        fprintf(pf, "# --features %s\n", o.features);
    if (o.clusters > 1)
        fprintf(pf, "# --clusters %d: project k in group k mod %d, no resource or link "
                    "shared between groups\n",
                o.clusters, o.clusters);
    int width = o.projects >= 1000 ? 4 : 3;
    for (int k = 0; k < o.projects; k++) {
        project *p = &ps[k];
        build_project(p, &o, starts[k], k % o.clusters);
        char name[16], title[128], deadline[64] = "";
        snprintf(name, sizeof name, "p%0*d", width, k + 1);
        snprintf(title, sizeof title, "P%0*d %s %s", width, k + 1,
                 adjectives[rnd(N_OF(adjectives))], nouns[rnd(N_OF(nouns))]);
        int priority = 50 * range(2, 18), weight = range(1, 5);
        int has_deadline = chance(80);
        if (has_deadline) { /* 0-40 % more than the resource-free duration */
            int64_t days = (p->finish + DAY_MIN - 1) / DAY_MIN;
            fmt_date(deadline, wday(p->start_idx, (days + days * range(0, 40) / 100) *
                                                      DAY_MIN - DAY_MIN),
                     17 * 60);
        }
        sum.assignments += write_project(&o, p, name, title, priority,
                                         has_deadline ? deadline : NULL, &sum);
        fprintf(pf, "\n[project %s]\nfile = %s.xml\npriority = %d\nweight = %d\n", name,
                name, priority, weight);
        if (has_deadline)
            fprintf(pf, "deadline = %.16s\n", deadline);
        free(p->team);
    }
    int nx = write_cross_links(pf, ps, o.projects, o.clusters);
    for (int k = 0; k < o.projects; k++) {
        free(ps[k].rows);
        free(ps[k].leaves);
    }
    free(ps);
    free(starts);
    close_out(pf, path);
    write_pool(&o);
    printf("gen_portfolio: %d projects, %ld tasks (%ld leaves), %ld links, %d resources, "
           "%ld assignments, %d cross-project links -> %s\n",
           o.projects, sum.tasks, sum.leaves, sum.links, nres, sum.assignments, nx, o.dir);
    free(res);
    return 0;
}
