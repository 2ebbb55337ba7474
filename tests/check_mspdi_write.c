/* SPDX-License-Identifier: GPL-3.0-or-later
 * MSPDI writer: leveled dates read back equal what was written and their
 * LevelingDelay re-derives each start; a semantic diff of input and output
 * (both parsed, walked in parallel) proves that only the fields keel computes
 * changed or were inserted; unknown content survives byte for byte and in
 * order; the input is never overwritten; failures leave no files behind.
 */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "analysis/cpm.h"
#include "analysis/leveled.h"
#include "analysis/schedule.h"
#include "base/readfile.h"
#include "testutil.h"
#include "xmltest.h"
#include "write/mspdi_write.h"

#define EXAMPLE "instances/example/"

/* ------------------------------------------------------------ semantic diff */

/* Fields the writer may change (Duration only on summary tasks). */
static bool may_change(const char *parent, const char *name)
{
    if (!parent || !name)
        return false;
    static const char *const task[] = {
        "Start",      "Finish",     "Duration",       "EarlyStart",      "EarlyFinish",
        "LateStart",  "LateFinish", "TotalSlack",     "FreeSlack",       "StartSlack",
        "FinishSlack", "LevelingDelay", "LevelingDelayFormat", "PreLeveledStart",
        "PreLeveledFinish", NULL};
    static const char *const asg[] = {"Start", "Finish", "LevelingDelay", NULL};
    const char *const *list = strcmp(parent, "Task") == 0         ? task
                              : strcmp(parent, "Assignment") == 0 ? asg
                                                                  : NULL;
    if (strcmp(parent, "Project") == 0)
        return strcmp(name, "FinishDate") == 0;
    for (int i = 0; list && list[i]; i++)
        if (strcmp(list[i], name) == 0)
            return true;
    return false;
}

static bool may_insert(const char *parent, const char *name)
{
    if (strcmp(name, "Duration") == 0 || strcmp(name, "StartSlack") == 0 ||
        strcmp(name, "FinishSlack") == 0)
        return false;
    return may_change(parent, name);
}

typedef struct diff {
    char msg[512];
    int changed, inserted;
} diff;

static bool blank(const xmlNode *n)
{
    if (!n || n->type != XML_TEXT_NODE)
        return false;
    for (const xmlChar *s = n->content; s && *s; s++)
        if (!strchr(" \t\r\n", *s))
            return false;
    return true;
}

static bool has_element(const xmlNode *parent, const xmlChar *name)
{
    for (const xmlNode *c = parent->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && xmlStrEqual(c->name, name))
            return true;
    return false;
}

/* An inserted element sits before an element of the input (then its
 * indentation follows it) or was appended (then it precedes it). */
static bool later_original(const xmlNode *in, const xmlNode *n)
{
    for (n = n->next; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE &&
            !(may_insert((const char *)n->parent->name, (const char *)n->name) &&
              !has_element(in, n->name)))
            return true;
    return false;
}

/* Output children with inserted elements (and the indentation added with
 * each) left out. */
static int kept_children(const xmlNode *in, const xmlNode *out, const xmlNode **list, int max,
                         diff *d)
{
    const xmlNode *drop[256];
    int ndrop = 0, n = 0;
    for (const xmlNode *c = out->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || !may_insert((const char *)out->name,
                                                       (const char *)c->name) ||
            has_element(in, c->name))
            continue;
        d->inserted++;
        if (ndrop + 2 <= 256) {
            drop[ndrop++] = c;
            const xmlNode *ws = later_original(in, c) ? c->next : c->prev;
            if (blank(ws))
                drop[ndrop++] = ws;
        }
    }
    for (const xmlNode *c = out->children; c && n < max; c = c->next) {
        bool skip = false;
        for (int i = 0; i < ndrop; i++)
            skip = skip || drop[i] == c;
        if (!skip)
            list[n++] = c;
    }
    return n;
}

static bool diff_nodes(const xmlNode *a, const xmlNode *b, diff *d);

static bool diff_children(const xmlNode *a, const xmlNode *b, diff *d)
{
    enum { MAX = 4096 };
    const xmlNode **la = malloc(MAX * sizeof *la), **lb = malloc(MAX * sizeof *lb);
    int na = 0;
    for (const xmlNode *c = a->children; c && na < MAX; c = c->next)
        la[na++] = c;
    int nb = kept_children(a, b, lb, MAX, d);
    bool ok = na == nb;
    if (!ok)
        snprintf(d->msg, sizeof d->msg, "line %d <%s>: %d children in, %d out",
                 (int)xmlGetLineNo(a), a->name, na, nb);
    for (int i = 0; ok && i < na; i++) {
        if (la[i]->type == XML_ELEMENT_NODE && lb[i]->type == XML_ELEMENT_NODE &&
            xmlStrEqual(la[i]->name, lb[i]->name) &&
            may_change((const char *)a->name, (const char *)la[i]->name)) {
            xmlChar *x = xmlNodeGetContent(la[i]), *y = xmlNodeGetContent(lb[i]);
            d->changed += !xmlStrEqual(x, y);
            xmlFree(x);
            xmlFree(y);
            continue;
        }
        ok = diff_nodes(la[i], lb[i], d);
    }
    free(la);
    free(lb);
    return ok;
}

static bool diff_nodes(const xmlNode *a, const xmlNode *b, diff *d)
{
    bool ok = a->type == b->type && xmlStrEqual(a->name, b->name);
    if (ok && a->type == XML_ELEMENT_NODE)
        ok = test_same_attrs(a, b) &&
             xmlStrEqual(a->ns ? a->ns->href : NULL, b->ns ? b->ns->href : NULL);
    else if (ok && a->type != XML_ENTITY_REF_NODE)
        ok = xmlStrEqual(a->content, b->content);
    if (!ok) {
        snprintf(d->msg, sizeof d->msg, "line %d: node <%s> (type %d) differs from <%s>",
                 (int)xmlGetLineNo(a), a->name ? (const char *)a->name : "?", (int)a->type,
                 b->name ? (const char *)b->name : "?");
        return false;
    }
    return a->type != XML_ELEMENT_NODE || diff_children(a, b, d);
}

static xmlDocPtr parse_keep(const char *path)
{
    return xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_BIG_LINES);
}

/* Diffs two files; fails the test with the first difference. */
static diff semantic_diff(const char *in, const char *out)
{
    diff d = {{0}, 0, 0};
    xmlDocPtr a = parse_keep(in), b = parse_keep(out);
    ck_assert_msg(a && b, "cannot parse %s or %s", in, out);
    /* Prolog and epilog nodes (comments, PIs) too: walk the documents. */
    ck_assert_msg(diff_children((const xmlNode *)a, (const xmlNode *)b, &d), "%s vs %s: %s",
                  in, out, d.msg);
    xmlFreeDoc(a);
    xmlFreeDoc(b);
    return d;
}

/* Every Task/Assignment in the file lists its known children in sequence order. */
static void check_order(const char *path)
{
    xmlDocPtr doc = parse_keep(path);
    ck_assert(doc);
    xmlNode *root = xmlDocGetRootElement(doc);
    for (xmlNode *g = root->children; g; g = g->next) {
        if (g->type != XML_ELEMENT_NODE)
            continue;
        bool tasks = xmlStrEqual(g->name, BAD_CAST "Tasks");
        if (!tasks && !xmlStrEqual(g->name, BAD_CAST "Assignments"))
            continue;
        for (xmlNode *e = g->children; e; e = e->next) {
            int last = -1;
            for (xmlNode *c = e->children; c; c = c->next) {
                if (c->type != XML_ELEMENT_NODE)
                    continue;
                const char *nm = (const char *)c->name;
                int r = tasks ? keel_mspdi_task_rank(nm) : keel_mspdi_assignment_rank(nm);
                if (r < 0)
                    continue;
                ck_assert_msg(r >= last, "%s:%d: <%s> out of sequence order", path,
                              (int)xmlGetLineNo(c), nm);
                last = r;
            }
        }
    }
    xmlFreeDoc(doc);
}

/* ------------------------------------------------------------ schedules */

static keel_portfolio *load(const char *path)
{
    keel_portfolio *p = NULL;
    keel_error err = {0};
    const char *files[] = {path};
    ck_assert_msg(keel_portfolio_load(files, 1, NULL, &p, &err) == KEEL_OK, "%s",
                  err.message);
    return p;
}

/* A precedence-feasible schedule: every leaf at the earliest start its
 * predecessors allow, plus `extra` elapsed minutes for every `every`-th
 * movable leaf (0: none), snapped to working time. */
static keel_schedule *make_schedule(const keel_portfolio *p, int every, int64_t extra)
{
    keel_schedule *s = keel_schedule_new(p->ntasks);
    ck_assert(s);
    for (int i = 0; i < p->nleaves; i++) {
        int j = p->topo[i];
        const keel_task *t = &p->tasks[j];
        keel_time e = keel_leveled_early_start(p, s, j);
        if (!t->fixed && every > 0 && i % every == every - 1)
            e = keel_task_snap_start(p, j, e + extra);
        s->start[j] = e;
        s->finish[j] = t->fixed ? t->fixed_finish
                                : keel_calendar_add_work(keel_task_cal(p, j), e, t->duration);
    }
    keel_schedule_roll_up(p, s);
    return s;
}

static int find_uid(const keel_portfolio *p, int32_t uid)
{
    for (int t = 0; t < p->ntasks; t++)
        if (p->tasks[t].uid == uid)
            return t;
    return -1;
}

/* Writes, reads back, compares dates and re-derives starts from delays.
 * Returns how many tasks carry a nonzero delay. */
static int round_trip(const char *in, const char *name, int every, int64_t extra, diff *dout)
{
    keel_portfolio *p = load(in);
    keel_schedule *before = make_schedule(p, 0, 0), *lev = make_schedule(p, every, extra);
    char out[512];
    snprintf(out, sizeof out, "%s/%s", test_tmpdir(), name);
    keel_error err = {0};
    ck_assert_msg(keel_mspdi_write(p, 0, lev, before, out, &err) == KEEL_OK, "%s", err.message);

    keel_portfolio *q = load(out);
    ck_assert_int_eq(q->ntasks, p->ntasks);
    keel_schedule *back = keel_schedule_new(q->ntasks);
    int delayed = 0;
    for (int t = 0; t < p->ntasks; t++) {
        int u = find_uid(q, p->tasks[t].uid);
        ck_assert_int_ge(u, 0);
        ck_assert_msg(q->tasks[u].start == lev->start[t] && q->tasks[u].finish == lev->finish[t],
                      "%s: task UID %d dates differ", out, (int)p->tasks[t].uid);
        back->start[u] = q->tasks[u].start;
        back->finish[u] = q->tasks[u].finish;
    }
    for (int i = 0; i < q->nleaves; i++) {
        int j = q->topo[i];
        const keel_task *t = &q->tasks[j];
        if (t->fixed)
            continue;
        keel_time e = keel_leveled_early_start(q, back, j);
        keel_time s = keel_task_snap_start(q, j, e + t->leveling_delay);
        ck_assert_msg(s == t->start, "%s: task UID %d: start %lld, early %lld + delay %lld",
                      out, (int)t->uid, (long long)t->start, (long long)e,
                      (long long)t->leveling_delay);
        delayed += t->leveling_delay != 0;
    }
    *dout = semantic_diff(in, out);
    check_order(out);
    keel_schedule_free(back);
    keel_schedule_free(before);
    keel_schedule_free(lev);
    keel_portfolio_free(q);
    keel_portfolio_free(p);
    return delayed;
}

static const char *const EXAMPLES[] = {"erp-upgrade.xml", "website-relaunch.xml",
                                       "office-move.xml"};

START_TEST(cpm_schedule_round_trips)
{
    char out[64];
    snprintf(out, sizeof out, "w_cpm_%d.xml", _i);
    char in[128];
    snprintf(in, sizeof in, EXAMPLE "%s", EXAMPLES[_i]);
    diff d;
    ck_assert_int_eq(round_trip(in, out, 0, 0, &d), 0);
    /* The example tasks carry LevelingDelay already; PreLeveledStart/Finish
     * come in pairs. The example's dates are its CPM dates: nothing changes. */
    ck_assert_int_eq(d.inserted % 2, 0);
    ck_assert_msg(d.changed == 0, "%s: %d fields changed", in, d.changed);
}
END_TEST

START_TEST(delayed_schedule_round_trips)
{
    char out[64];
    snprintf(out, sizeof out, "w_delay_%d.xml", _i);
    char in[128];
    snprintf(in, sizeof in, EXAMPLE "%s", EXAMPLES[_i]);
    diff d;
    /* every 3rd leaf two elapsed days later; every 4th half a day (sub-day delays) */
    ck_assert_int_gt(round_trip(in, out, 3, 2 * 1440, &d), 0);
    ck_assert_int_gt(d.changed, 0);
    snprintf(out, sizeof out, "w_delay_h_%d.xml", _i);
    ck_assert_int_gt(round_trip(in, out, 4, 240, &d), 0);
}
END_TEST

/* ------------------------------------------------------------ unknown content */

static void append_week(char *buf, size_t size)
{
    strncat(buf, "<Calendars><Calendar><UID>1</UID><Name>Standard</Name>"
                 "<IsBaseCalendar>1</IsBaseCalendar><BaseCalendarUID>-1</BaseCalendarUID><WeekDays>",
            size - strlen(buf) - 1);
    for (int d = 1; d <= 7; d++) {
        char day[400];
        if (d == 1 || d == 7)
            snprintf(day, sizeof day, "<WeekDay><DayType>%d</DayType><DayWorking>0</DayWorking>"
                                      "</WeekDay>", d);
        else
            snprintf(day, sizeof day,
                     "<WeekDay><DayType>%d</DayType><DayWorking>1</DayWorking><WorkingTimes>"
                     "<WorkingTime><FromTime>08:00:00</FromTime><ToTime>12:00:00</ToTime>"
                     "</WorkingTime><WorkingTime><FromTime>13:00:00</FromTime>"
                     "<ToTime>17:00:00</ToTime></WorkingTime></WorkingTimes></WeekDay>", d);
        strncat(buf, day, size - strlen(buf) - 1);
    }
    strncat(buf, "</WeekDays></Calendar></Calendars>\n", size - strlen(buf) - 1);
}

/* Pieces that must come out byte for byte and in this order. */
static const char *const KEEP[] = {
    "<?keel-note before the root?>",
    "<!-- header comment: keep me -->",
    "<FooBar a=\"1\"><Baz>unknown &amp; kept</Baz></FooBar>",
    "<Name>Phase Müller – Café</Name>",
    "<Name>Design für Zoë</Name>",
    "<Notes><![CDATA[a < b && c > d ]]></Notes>",
    "<ExtendedAttribute><FieldID>188743731</FieldID><Value>Ω-Team</Value></ExtendedAttribute>",
    "<Baseline><Number>0</Number><Start>2026-01-05T08:00:00</Start>"
    "<Finish>2026-01-06T17:00:00</Finish></Baseline>",
    "<!-- task comment -->",
    "<?keel-pi inside a task?>",
    "<Name>Build</Name>",
    "<AssnFoo>x</AssnFoo>",
    "<!-- trailing comment -->",
};

static const char *write_unknown_input(char *path, size_t size)
{
    static char buf[16384];
    snprintf(buf, sizeof buf,
             "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n%s\n"
             "<Project xmlns=\"http://schemas.microsoft.com/project\">\n"
             "  %s\n  <SaveVersion>14</SaveVersion>\n  <Name>unknown.xml</Name>\n  %s\n"
             "  <ScheduleFromStart>1</ScheduleFromStart>\n"
             "  <StartDate>2026-01-05T08:00:00</StartDate>\n"
             "  <FinishDate>2026-01-09T17:00:00</FinishDate>\n  <CalendarUID>1</CalendarUID>\n"
             "  <MinutesPerDay>480</MinutesPerDay>\n  <MinutesPerWeek>2400</MinutesPerWeek>\n"
             "  <DaysPerMonth>20</DaysPerMonth>\n  ",
             KEEP[0], KEEP[1], KEEP[2]);
    append_week(buf, sizeof buf);
    char tasks[8192];
    snprintf(tasks, sizeof tasks,
             "  <Tasks>\n"
             "    <Task>\n      <UID>0</UID>\n      <ID>0</ID>\n      <Name>unknown</Name>\n"
             "      <OutlineLevel>0</OutlineLevel>\n      <Start>2026-01-05T08:00:00</Start>\n"
             "      <Finish>2026-01-09T17:00:00</Finish>\n      <Summary>1</Summary>\n    </Task>\n"
             "    <Task>\n      <UID>1</UID>\n      <ID>1</ID>\n      %s\n"
             "      <OutlineLevel>1</OutlineLevel>\n      <Summary>1</Summary>\n    </Task>\n"
             "    <Task>\n      <UID>2</UID>\n      <ID>2</ID>\n      %s\n"
             "      <OutlineLevel>2</OutlineLevel>\n      <Start>2026-01-05T08:00:00</Start>\n"
             "      <Finish>2026-01-06T17:00:00</Finish>\n      <Duration>PT16H0M0S</Duration>\n"
             "      <DurationFormat>7</DurationFormat>\n      <Summary>0</Summary>\n"
             "      %s\n      %s\n      %s\n      %s\n      %s\n    </Task>\n"
             "    <Task>\n      <UID>3</UID>\n      <ID>3</ID>\n      %s\n"
             "      <OutlineLevel>2</OutlineLevel>\n      <Duration>PT24H0M0S</Duration>\n"
             "      <DurationFormat>7</DurationFormat>\n      <Summary>0</Summary>\n"
             "      <EarlyStart>2026-01-07T08:00:00</EarlyStart>\n"
             "      <TotalSlack>0</TotalSlack>\n      <ConstraintType>0</ConstraintType>\n"
             "      <PredecessorLink><PredecessorUID>2</PredecessorUID><Type>1</Type>"
             "<LinkLag>0</LinkLag><LagFormat>7</LagFormat></PredecessorLink>\n    </Task>\n"
             "  </Tasks>\n"
             "  <Resources><Resource><UID>1</UID><ID>1</ID><Name>Zoë</Name><Type>1</Type>"
             "<MaxUnits>1.00</MaxUnits></Resource></Resources>\n"
             "  <Assignments>\n    <Assignment>\n      <UID>1</UID>\n      <TaskUID>3</TaskUID>\n"
             "      <ResourceUID>1</ResourceUID>\n      %s\n      <Units>1</Units>\n"
             "      <Work>PT24H0M0S</Work>\n    </Assignment>\n  </Assignments>\n"
             "</Project>\n%s\n",
             KEEP[3], KEEP[4], KEEP[5], KEEP[6], KEEP[7], KEEP[8], KEEP[9], KEEP[10], KEEP[11],
             KEEP[12]);
    strncat(buf, tasks, sizeof buf - strlen(buf) - 1);
    return test_write_file("w_unknown_in.xml", buf, path, size);
}

static char *slurp(const char *path)
{
    char *buf = NULL;
    size_t len = 0;
    keel_error err = {0};
    ck_assert_msg(keel_file_read(path, 1 << 24, &buf, &len, &err) == KEEL_OK, "%s", err.message);
    return buf;
}

START_TEST(unknown_content_survives)
{
    char in[512], out[512];
    write_unknown_input(in, sizeof in);
    snprintf(out, sizeof out, "%s/w_unknown_out.xml", test_tmpdir());
    keel_portfolio *p = load(in);
    keel_schedule *before = make_schedule(p, 0, 0), *lev = make_schedule(p, 1, 1440);
    keel_error err = {0};
    ck_assert_msg(keel_mspdi_write(p, 0, lev, before, out, &err) == KEEL_OK, "%s", err.message);
    char *text = slurp(out);
    const char *at = text;
    for (size_t i = 0; i < sizeof KEEP / sizeof *KEEP; i++) {
        const char *hit = strstr(at, KEEP[i]);
        ck_assert_msg(hit, "output lost or reordered: %s\n%s", KEEP[i], text);
        at = hit + strlen(KEEP[i]);
    }
    /* Inserted where the sequence says, indented like the neighbours. */
    ck_assert_ptr_nonnull(strstr(text, "      <LevelingDelayFormat>8</LevelingDelayFormat>\n"
                                       "      <PreLeveledStart>"));
    ck_assert_ptr_nonnull(strstr(text, "<EarlyFinish>"));
    ck_assert_ptr_nonnull(strstr(text, "</Start>\n      <Units>1</Units>"));
    diff d = semantic_diff(in, out);
    ck_assert_int_gt(d.inserted, 10);
    check_order(out);
    keel_portfolio *q = load(out);
    int t2 = find_uid(q, 2), t3 = find_uid(q, 3);
    ck_assert_int_eq(q->tasks[t2].leveling_delay, 1440); /* one elapsed day */
    ck_assert_int_eq(q->tasks[t3].start, lev->start[find_uid(p, 3)]);
    keel_portfolio_free(q);
    free(text);
    keel_schedule_free(before);
    keel_schedule_free(lev);
    keel_portfolio_free(p);
}
END_TEST

/* ------------------------------------------------------------ assignments */

/* "Work" (5 days) with two assignments: one over the whole task, one with a
 * one-day Delay and two days of its own; "Begun" (started Monday 08:55) with
 * an assignment that started at 09:30 and ends before its task. */
static const char *const doc_assignments =
    "<?xml version=\"1.0\"?>\n<Project xmlns=\"http://schemas.microsoft.com/project\">\n"
    "<StartDate>2025-01-06T08:00:00</StartDate><Tasks>\n"
    "<Task><UID>1</UID><ID>1</ID><Name>Work</Name><Start>2025-01-06T08:00:00</Start>"
    "<Finish>2025-01-10T17:00:00</Finish><Duration>PT40H0M0S</Duration></Task>\n"
    "<Task><UID>2</UID><ID>2</ID><Name>Begun</Name><Start>2025-01-06T08:55:00</Start>"
    "<Finish>2025-01-07T17:00:00</Finish><Duration>PT16H0M0S</Duration>"
    "<ActualStart>2025-01-06T08:55:00</ActualStart><PercentComplete>10</PercentComplete>"
    "</Task>\n</Tasks>\n<Resources>"
    "<Resource><UID>1</UID><ID>1</ID><Name>A</Name><Type>1</Type></Resource>"
    "<Resource><UID>2</UID><ID>2</ID><Name>B</Name><Type>1</Type></Resource>"
    "</Resources>\n<Assignments>\n"
    "<Assignment><UID>1</UID><TaskUID>1</TaskUID><ResourceUID>1</ResourceUID>"
    "<Finish>2025-01-10T17:00:00</Finish><Start>2025-01-06T08:00:00</Start></Assignment>\n"
    "<Assignment><UID>2</UID><TaskUID>1</TaskUID><ResourceUID>2</ResourceUID>"
    "<Delay>4800</Delay><Finish>2025-01-08T17:00:00</Finish>"
    "<Start>2025-01-07T08:00:00</Start></Assignment>\n"
    "<Assignment><UID>3</UID><TaskUID>2</TaskUID><ResourceUID>1</ResourceUID>"
    "<ActualStart>2025-01-06T09:30:00</ActualStart><Finish>2025-01-07T10:00:00</Finish>"
    "<Start>2025-01-06T09:30:00</Start></Assignment>\n"
    "</Assignments>\n</Project>\n";

/* "<Start>..</Start>|<Finish>..</Finish>" of assignment uid in text. */
static void assignment_span(const char *text, int uid, char *out, size_t size)
{
    char key[64];
    snprintf(key, sizeof key, "<Assignment><UID>%d</UID>", uid);
    const char *a = strstr(text, key);
    ck_assert_msg(a, "no assignment %d", uid);
    const char *s = strstr(a, "<Start>"), *f = strstr(a, "<Finish>");
    ck_assert(s && f);
    snprintf(out, size, "%.19s|%.19s", s + 7, f + 8);
}

/* Writes the schedule that starts "Work" at work_start and returns the text. */
static char *write_assignments(const char *work_start)
{
    char in[512], out[512];
    test_write_file("w_asg_in.xml", doc_assignments, in, sizeof in);
    snprintf(out, sizeof out, "%s/w_asg_out.xml", test_tmpdir());
    keel_portfolio *p = load(in);
    keel_schedule *s = make_schedule(p, 0, 0);
    int work = find_uid(p, 1);
    ck_assert(keel_parse_datetime(work_start, &s->start[work]));
    s->finish[work] = keel_calendar_add_work(keel_task_cal(p, work), s->start[work], 2400);
    keel_error err = {0};
    ck_assert_msg(keel_mspdi_write(p, 0, s, NULL, out, &err) == KEEL_OK, "%s", err.message);
    keel_schedule_free(s);
    keel_portfolio_free(p);
    return slurp(out);
}

START_TEST(assignments_follow_their_task)
{
    char span[64];
    /* nothing leveled: every assignment as it was */
    char *text = write_assignments("2025-01-06T08:00:00");
    assignment_span(text, 2, span, sizeof span);
    ck_assert_str_eq(span, "2025-01-07T08:00:00|2025-01-08T17:00:00");
    assignment_span(text, 3, span, sizeof span);
    ck_assert_str_eq(span, "2025-01-06T09:30:00|2025-01-07T10:00:00");
    free(text);
    /* Work two days later: each assignment keeps its offset and its span */
    text = write_assignments("2025-01-08T08:00:00");
    assignment_span(text, 1, span, sizeof span);
    ck_assert_str_eq(span, "2025-01-08T08:00:00|2025-01-14T17:00:00");
    assignment_span(text, 2, span, sizeof span);
    ck_assert_str_eq(span, "2025-01-09T08:00:00|2025-01-10T17:00:00");
    assignment_span(text, 3, span, sizeof span); /* started: never before ActualStart */
    ck_assert_str_eq(span, "2025-01-06T09:30:00|2025-01-07T10:00:00");
    free(text);
}
END_TEST

/* ------------------------------------------------------------ what the reader takes */

/* A 24-hour project calendar: a summary's Duration is its whole span. */
static const char *const DAY_AND_NIGHT =
    "<Calendars><Calendar><UID>1</UID><Name>24 Hours</Name><IsBaseCalendar>1</IsBaseCalendar>"
    "<WeekDays>"
#define ALL_DAY(d)                                                                            \
    "<WeekDay><DayType>" #d "</DayType><DayWorking>1</DayWorking><WorkingTimes><WorkingTime>" \
    "<FromTime>00:00:00</FromTime><ToTime>00:00:00</ToTime></WorkingTime></WorkingTimes>"     \
    "</WeekDay>"
    ALL_DAY(1) ALL_DAY(2) ALL_DAY(3) ALL_DAY(4) ALL_DAY(5) ALL_DAY(6) ALL_DAY(7)
#undef ALL_DAY
    "</WeekDays></Calendar></Calendars>\n";

/* A leaf leveled 150 years late (a task behind a calendar exception of that
 * length, as fuzz_level found): its LevelingDelay and its summary's Duration
 * are longer than the 100 years the reader once took, and must read back. */
START_TEST(century_long_delays_read_back)
{
    char text[4096], in[512];
    snprintf(text, sizeof text,
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
             "<Project xmlns=\"http://schemas.microsoft.com/project\">\n"
             "<StartDate>2026-03-02T00:00:00</StartDate><CalendarUID>1</CalendarUID>"
             "<MinutesPerDay>1440</MinutesPerDay><MinutesPerWeek>10080</MinutesPerWeek>\n%s"
             "<Tasks>\n"
             "<Task><UID>1</UID><ID>1</ID><Name>Phase</Name><OutlineLevel>1</OutlineLevel>"
             "<Duration>PT48H0M0S</Duration><Summary>1</Summary></Task>\n"
             "<Task><UID>2</UID><ID>2</ID><Name>A</Name><OutlineLevel>2</OutlineLevel>"
             "<Duration>PT24H0M0S</Duration></Task>\n"
             "<Task><UID>3</UID><ID>3</ID><Name>B</Name><OutlineLevel>2</OutlineLevel>"
             "<Duration>PT24H0M0S</Duration></Task>\n"
             "</Tasks>\n</Project>\n",
             DAY_AND_NIGHT);
    test_write_file("w_century_in.xml", text, in, sizeof in);
    diff d;
    int64_t years150 = (int64_t)150 * 365 * 1440;
    ck_assert_int_eq(round_trip(in, "w_century.xml", 2, years150, &d), 1);
    char out[512], want[64];
    snprintf(out, sizeof out, "%s/w_century.xml", test_tmpdir());
    char *written = slurp(out);
    snprintf(want, sizeof want, "<LevelingDelay>%lld</LevelingDelay>", (long long)years150 * 10);
    ck_assert_msg(strstr(written, want), "no %s in %s", want, written);
    snprintf(want, sizeof want, "<Duration>PT%lldH0M0S</Duration>",
             (long long)(years150 / 60 + 24));
    ck_assert_msg(strstr(written, want), "no summary %s in %s", want, written);
    free(written);
}
END_TEST

/* UIDs the reader takes as integers ("1.", " 2.0 ", one wrapped in more
 * white space than a short buffer holds, one with an element inside that the
 * reader skips) name their task for the writer too: every task gets its
 * leveled dates, an assignment follows its task (fuzz_level found a task
 * with <UID>4.</UID> left unpatched, so the file read back overbooked). */
static void check_odd_uids(const char *name, const char *uid4)
{
    char pad[300], text[4096], in[512];
    memset(pad, ' ', 200);
    pad[200] = '\0';
    snprintf(text, sizeof text,
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
             "<Project xmlns=\"http://schemas.microsoft.com/project\">\n"
             "<StartDate>2026-03-02T08:00:00</StartDate>\n<Tasks>\n"
             "<Task><UID>1.</UID><ID>1</ID><Name>A</Name><Duration>PT16H0M0S</Duration></Task>\n"
             "<Task><UID> 2.0 </UID><ID>2</ID><Name>B</Name><Duration>PT8H0M0S</Duration>"
             "<PredecessorLink><PredecessorUID>1</PredecessorUID><Type>1</Type>"
             "</PredecessorLink></Task>\n"
             "<Task><UID>\n%s3\n%s</UID><ID>3</ID><Name>C</Name><Duration>PT8H0M0S</Duration>"
             "</Task>\n"
             "<Task><UID>%s</UID><ID>4</ID><Name>D</Name><Duration>PT8H0M0S</Duration></Task>\n"
             "</Tasks>\n"
             "<Resources><Resource><UID>1</UID><ID>1</ID><Name>Ann</Name><Type>1</Type>"
             "<MaxUnits>1.00</MaxUnits></Resource></Resources>\n"
             "<Assignments><Assignment><UID>1</UID><TaskUID>2.</TaskUID><ResourceUID>1"
             "</ResourceUID><Finish>2026-03-04T17:00:00</Finish>"
             "<Start>2026-03-04T08:00:00</Start><Units>1</Units></Assignment></Assignments>\n"
             "</Project>\n",
             pad, pad, uid4);
    test_write_file(name, text, in, sizeof in);
    char out_name[64], out[512], span[64];
    snprintf(out_name, sizeof out_name, "out_%s", name);
    diff d;
    /* every leaf one day later than its predecessors allow */
    ck_assert_int_eq(round_trip(in, out_name, 1, 1440, &d), 4);
    snprintf(out, sizeof out, "%s/%s", test_tmpdir(), out_name);
    char *written = slurp(out);
    assignment_span(written, 1, span, sizeof span);
    ck_assert_str_eq(span, "2026-03-06T08:00:00|2026-03-06T17:00:00");
    free(written);
}

START_TEST(uids_read_as_the_reader_reads_them)
{
    check_odd_uids("w_uids_bytes.xml", "4.");                  /* the byte patcher */
    check_odd_uids("w_uids_tree.xml", "4<Note>9</Note>");      /* markup: the tree */
}
END_TEST

/* The reader reads every <Tasks> and <Assignments> list, so the writer
 * patches every one: a task of a second list must not keep its old dates. */
START_TEST(every_task_list_is_patched)
{
    char in[512], out[512], span[64];
    test_write_file("w_lists.xml",
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    "<Project xmlns=\"http://schemas.microsoft.com/project\">\n"
                    "<StartDate>2026-03-02T08:00:00</StartDate>\n"
                    "<Tasks><Task><UID>1</UID><ID>1</ID><Name>A</Name>"
                    "<Duration>PT16H0M0S</Duration></Task></Tasks>\n"
                    "<Assignments/>\n"
                    "<Tasks><Task><UID>2</UID><ID>2</ID><Name>B</Name>"
                    "<Duration>PT16H0M0S</Duration></Task></Tasks>\n"
                    "<Assignments><Assignment><UID>1</UID><TaskUID>2</TaskUID>"
                    "<ResourceUID>-65535</ResourceUID><Finish>2026-03-03T17:00:00</Finish>"
                    "<Start>2026-03-02T08:00:00</Start></Assignment></Assignments>\n"
                    "</Project>\n",
                    in, sizeof in);
    diff d;
    ck_assert_int_eq(round_trip(in, "out_w_lists.xml", 2, 2 * 1440, &d), 1);
    snprintf(out, sizeof out, "%s/out_w_lists.xml", test_tmpdir());
    char *written = slurp(out);
    assignment_span(written, 1, span, sizeof span);
    ck_assert_str_eq(span, "2026-03-04T08:00:00|2026-03-05T17:00:00");
    free(written);
}
END_TEST

/* ------------------------------------------------------------ refusals, failures */

START_TEST(input_path_is_refused)
{
    char in[512], alias[600], link[600];
    write_unknown_input(in, sizeof in);
    char *orig = slurp(in);
    keel_portfolio *p = load(in);
    keel_schedule *s = make_schedule(p, 0, 0);
    snprintf(alias, sizeof alias, "%s/./../%s/w_unknown_in.xml", test_tmpdir(),
             strrchr(test_tmpdir(), '/') ? strrchr(test_tmpdir(), '/') + 1 : "tmp");
    snprintf(link, sizeof link, "%s/w_unknown_link.xml", test_tmpdir());
    unlink(link);
    ck_assert_int_eq(symlink(in, link), 0);
    const char *targets[] = {in, alias, link};
    for (int i = 0; i < 3; i++) {
        keel_error err = {0};
        ck_assert_int_eq(keel_mspdi_write(p, 0, s, NULL, targets[i], &err), KEEL_ERR_INVALID);
        ck_assert_msg(strstr(err.message, "refusing to overwrite the input"), "%s", err.message);
    }
    char *now = slurp(in);
    ck_assert_str_eq(orig, now);
    unlink(link);
    free(orig);
    free(now);
    keel_schedule_free(s);
    keel_portfolio_free(p);
}
END_TEST

static int leftovers(const char *dir)
{
    DIR *d = opendir(dir);
    ck_assert(d);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        n += strstr(e->d_name, ".keel-") != NULL;
    closedir(d);
    return n;
}

START_TEST(failures_leave_nothing)
{
    char in[512], out[700], dir[600];
    write_unknown_input(in, sizeof in);
    keel_portfolio *p = load(in);
    keel_schedule *s = make_schedule(p, 0, 0);
    keel_error err = {0};
    /* The target directory does not exist: nothing can be created. */
    snprintf(out, sizeof out, "%s/w_no_such_dir/out.xml", test_tmpdir());
    ck_assert_int_eq(keel_mspdi_write(p, 0, s, NULL, out, &err), KEEL_ERR_IO);
    ck_assert_msg(strstr(err.message, "cannot open the output folder") &&
                      strstr(err.message, "No such file or directory"),
                  "%s", err.message);
    ck_assert_int_ne(access(out, F_OK), 0);
    /* The target is a directory: refused before anything is written. */
    snprintf(dir, sizeof dir, "%s/w_fail", test_tmpdir());
    mkdir(dir, 0755);
    snprintf(out, sizeof out, "%s/out.xml", dir);
    mkdir(out, 0755);
    ck_assert_int_eq(keel_mspdi_write(p, 0, s, NULL, out, &err), KEEL_ERR_IO);
    ck_assert_msg(strstr(err.message, "exists and is not a regular file"), "%s", err.message);
    ck_assert_int_eq(leftovers(dir), 0);
    rmdir(out);
    /* A schedule of the wrong size is refused before anything is written. */
    keel_schedule *small = keel_schedule_new(1);
    ck_assert_int_eq(keel_mspdi_write(p, 0, small, NULL, out, &err), KEEL_ERR_INVALID);
    ck_assert_int_ne(access(out, F_OK), 0);
    ck_assert_int_eq(leftovers(dir), 0);
    rmdir(dir);
    keel_schedule_free(small);
    keel_schedule_free(s);
    keel_portfolio_free(p);
}
END_TEST

Suite *suite_mspdi_write(void)
{
    Suite *s = suite_create("mspdi_write");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, cpm_schedule_round_trips, 0, 3);
    tcase_add_loop_test(tc, delayed_schedule_round_trips, 0, 3);
    tcase_add_test(tc, century_long_delays_read_back);
    tcase_add_test(tc, uids_read_as_the_reader_reads_them);
    tcase_add_test(tc, every_task_list_is_patched);
    tcase_add_test(tc, unknown_content_survives);
    tcase_add_test(tc, assignments_follow_their_task);
    tcase_add_test(tc, input_path_is_refused);
    tcase_add_test(tc, failures_leave_nothing);
    suite_add_tcase(s, tc);
    return s;
}
