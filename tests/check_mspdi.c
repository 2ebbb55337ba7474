/* SPDX-License-Identifier: GPL-3.0-or-later
 * The MSPDI reader: every field it reads, lag units, calendars in both
 * exception formats, work weeks and night shifts, resource pools and
 * conflicts, every kind of bad input (status and "file:line:" message), and
 * files written by MS Project (tests/data/mspdi, from MPXJ).
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/timefmt.h"
#include "model/model.h"
#include "read/mspdi_read.h"
#include "testutil.h"

#define HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" \
             "<Project xmlns=\"http://schemas.microsoft.com/project\">\n"
#define TAIL "</Project>\n"
#define DATA "tests/data/mspdi/"

static keel_builder b;
static keel_error err;

static void setup(void)
{
    ck_assert(keel_builder_init(&b));
    memset(&err, 0, sizeof err);
}

static void teardown(void)
{
    keel_builder_release(&b);
}

static keel_status parse_as(const char *name, const char *xml, bool pool)
{
    keel_mspdi_options o = {.pool = pool};
    return keel_mspdi_parse(name, xml, strlen(xml), &b, &o, &err);
}

static keel_status parse(const char *xml)
{
    return parse_as("t.xml", xml, false);
}

/* The 1-based line of the first occurrence of marker in doc. */
static int line_of(const char *doc, const char *marker)
{
    const char *p = strstr(doc, marker);
    ck_assert_msg(p != NULL, "marker %s not in document", marker);
    int line = 1;
    for (const char *q = doc; q < p; q++)
        line += *q == '\n';
    return line;
}

static keel_time at(const char *s)
{
    keel_time t;
    ck_assert(keel_parse_datetime(s, &t));
    return t;
}

static int64_t day(const char *s)
{
    return keel_day_of(at(s));
}

static const keel_task *task_uid(int uid)
{
    for (size_t i = 0; i < b.tasks.len; i++)
        if (b.tasks.data[i].uid == uid)
            return &b.tasks.data[i];
    ck_abort_msg("task UID %d not found", uid);
    return NULL;
}

static int task_index(int uid)
{
    return (int)(task_uid(uid) - b.tasks.data);
}

static bool has_warning(const char *text)
{
    for (size_t i = 0; i < b.warnings.len; i++)
        if (strstr(b.warnings.data[i], text))
            return true;
    return false;
}

/* Expects failure with status st and a message starting "file:line: " and
 * containing text. */
static void expect_error(keel_status got, keel_status st, const char *file, int line,
                         const char *text)
{
    char prefix[300];
    snprintf(prefix, sizeof prefix, "%s:%d: ", file, line);
    ck_assert_msg(got == st, "status %d, expected %d (%s)", got, st, err.message);
    ck_assert_msg(strncmp(err.message, prefix, strlen(prefix)) == 0, "'%s' does not start '%s'",
                  err.message, prefix);
    ck_assert_msg(strstr(err.message, text), "'%s' lacks '%s'", err.message, text);
}

/* ---------------------------------------------------------------- header, tasks */

static const char *const doc_tasks =
    HEAD
    "<Name>Alpha</Name><StartDate>2025-01-06T08:00:00</StartDate>\n"
    "<StatusDate>2025-01-08T17:00:00</StatusDate>\n"
    "<MinutesPerDay>420</MinutesPerDay><MinutesPerWeek>2100</MinutesPerWeek>"
    "<DaysPerMonth>21</DaysPerMonth>\n"
    "<Calendars><Calendar><UID>7</UID><Name>Std</Name><IsBaseCalendar>1</IsBaseCalendar>"
    "<BaseCalendarUID>-1</BaseCalendarUID></Calendar>\n"
    "<Calendar><UID>8</UID><Name>Task cal</Name><IsBaseCalendar>1</IsBaseCalendar></Calendar>"
    "</Calendars>\n"
    "<CalendarUID>7</CalendarUID>\n" /* after Calendars: any order */
    "<Tasks>\n"
    "<Task><UID>0</UID><ID>0</ID><Name>Alpha</Name><OutlineLevel>0</OutlineLevel>"
    "<Priority>800</Priority><Deadline>2025-03-01T17:00:00</Deadline></Task>\n"
    "<Task><UID>10</UID><ID>1</ID><Name>Phase</Name><OutlineLevel>1</OutlineLevel>"
    "<Duration>PT40H0M0S</Duration></Task>\n"
    "<Task><Name> Design </Name><ID>2</ID><UID>11</UID><OutlineLevel>2</OutlineLevel>"
    "<Duration>PT16H30M0S</Duration><Priority>900</Priority>"
    "<ConstraintType>4</ConstraintType><ConstraintDate>2025-01-07T08:00:00</ConstraintDate>"
    "<Deadline>2025-02-01T17:00:00</Deadline><CalendarUID>8</CalendarUID>"
    "<IgnoreResourceCalendar>1</IgnoreResourceCalendar><LevelingCanSplit>1</LevelingCanSplit>"
    "<LevelingDelay>28800</LevelingDelay><LevelingDelayFormat>8</LevelingDelayFormat>"
    "<Start>2025-01-06T08:00:00</Start><Finish>2025-01-08T10:30:00</Finish>"
    "<Unknown><Nested>1</Nested></Unknown></Task>\n"
    "<Task><UID>12</UID><ID>3</ID><Name>Review</Name><OutlineLevel>3</OutlineLevel>"
    "<Milestone>1</Milestone><Duration>PT0H0M0S</Duration><CalendarUID>-1</CalendarUID>"
    "<LevelingDelay>4800</LevelingDelay><LevelingDelayFormat>7</LevelingDelayFormat></Task>\n"
    "<Task><UID>13</UID><ID>4</ID><Name>Build</Name><OutlineLevel>1</OutlineLevel>"
    "<Duration>PT24H0M0S</Duration><ActualStart>2025-01-06T08:00:00</ActualStart>"
    "<PercentComplete>50</PercentComplete><RemainingDuration>PT10H0M0S</RemainingDuration>"
    "</Task>\n"
    "<Task><UID>14</UID><ID>5</ID><Name>Done</Name><OutlineLevel>1</OutlineLevel>"
    "<Duration>PT8H0M0S</Duration><ActualStart>2025-01-06T08:00:00</ActualStart>"
    "<ActualFinish>2025-01-06T17:00:00</ActualFinish><PercentComplete>100</PercentComplete>"
    "</Task>\n"
    "<Task><UID>15</UID><ID>6</ID><Name>Started no remaining</Name>"
    "<Duration>PT40H0M0S</Duration><ActualStart>2025-01-06T08:00:00</ActualStart>"
    "<PercentComplete>25</PercentComplete></Task>\n"
    "<Task><UID>16</UID><ID>7</ID><Name>Manual</Name><Manual>1</Manual>"
    "<Start>2025-02-03T08:00:00</Start><Duration>PT8H0M0S</Duration></Task>\n"
    "<Task><UID>17</UID><ID>8</ID><IsNull>1</IsNull></Task>\n"
    "<Task><UID>18</UID><ID>9</ID><Name>Flagged</Name><Summary>1</Summary>"
    "<Duration>PT8H0M0S</Duration></Task>\n"
    "</Tasks>\n" TAIL;

START_TEST(header_and_project)
{
    ck_assert_int_eq(parse_as("dir/sub/alpha.xml", doc_tasks, false), KEEL_OK);
    ck_assert_int_eq(b.projects.len, 1);
    const keel_project *p = &b.projects.data[0];
    ck_assert_str_eq(p->name, "alpha.xml");
    ck_assert_str_eq(p->file, "dir/sub/alpha.xml");
    ck_assert_int_eq(p->start, at("2025-01-06T08:00:00"));
    ck_assert_int_eq(p->status_date, at("2025-01-08T17:00:00"));
    ck_assert_int_eq(p->deadline, at("2025-03-01T17:00:00"));
    ck_assert_int_eq(p->priority, 800);
    ck_assert(isnan(p->weight)); /* by priority: keel_model_finish */
    ck_assert_int_eq(p->minutes_per_day, 420);
    ck_assert_int_eq(p->minutes_per_week, 2100);
    ck_assert_int_eq(p->days_per_month, 21);
    ck_assert_str_eq(b.calendar_defs.data[p->calendar].name, "Std");
    ck_assert_int_eq(p->first_task, 0);
    ck_assert_int_eq(p->ntasks, 8); /* UID 0 and the null task are skipped */
}
END_TEST

/* Without a Priority on the project summary task the project takes its tasks'
 * most common one below 1000; its deadline is the latest task Deadline; its
 * weight follows its priority (keel_priority_weight) once the model is built. */
static const char *const doc_targets =
    HEAD "<StartDate>2025-01-06T08:00:00</StartDate><Tasks>\n"
    "<Task><UID>0</UID><ID>0</ID><Name>P</Name><OutlineLevel>0</OutlineLevel>"
    "<Deadline>2025-02-01T17:00:00</Deadline></Task>\n"
    "<Task><UID>1</UID><ID>1</ID><Name>a</Name><Priority>700</Priority>"
    "<Duration>PT8H0M0S</Duration><Deadline>2025-03-03T17:00:00</Deadline></Task>\n"
    "<Task><UID>2</UID><ID>2</ID><Name>b</Name><Priority>700</Priority>"
    "<Duration>PT8H0M0S</Duration><Deadline>2025-01-10T17:00:00</Deadline></Task>\n"
    "<Task><UID>3</UID><ID>3</ID><Name>c</Name><Priority>1000</Priority>"
    "<Duration>PT8H0M0S</Duration></Task>\n"
    "<Task><UID>4</UID><ID>4</ID><Name>d</Name><Priority>1000</Priority>"
    "<Duration>PT8H0M0S</Duration></Task>\n"
    "<Task><UID>5</UID><ID>5</ID><Name>e</Name><Priority>1000</Priority>"
    "<Duration>PT8H0M0S</Duration></Task>\n"
    "<Task><UID>6</UID><ID>6</ID><Name>f</Name><Duration>PT8H0M0S</Duration></Task>\n"
    "</Tasks>\n" TAIL;

START_TEST(project_priority_deadline_weight)
{
    ck_assert_int_eq(parse(doc_targets), KEEL_OK);
    const keel_project *p = &b.projects.data[0];
    ck_assert_int_eq(p->priority, 700);
    ck_assert_int_eq(p->deadline, at("2025-03-03T17:00:00"));
    keel_portfolio *pf = NULL;
    ck_assert_msg(keel_model_finish(&b, &pf, &err) == KEEL_OK, "%s", err.message);
    ck_assert(pf->projects[0].weight == 4.0);
    ck_assert(keel_priority_weight(500) == 1.0 && keel_priority_weight(100) == 1.0 / 16);
    ck_assert(keel_priority_weight(900) == 16.0 && keel_priority_weight(2000) == 32.0);
    keel_portfolio_free(pf);
}
END_TEST

START_TEST(task_fields)
{
    ck_assert_int_eq(parse(doc_tasks), KEEL_OK);
    const keel_task *phase = task_uid(10), *design = task_uid(11), *review = task_uid(12);
    ck_assert(phase->summary && design->summary && !review->summary);
    ck_assert_int_eq(phase->parent, -1);
    ck_assert_int_eq(design->parent, task_index(10));
    ck_assert_int_eq(review->parent, task_index(11));
    ck_assert_int_eq(task_uid(13)->parent, -1);
    ck_assert_str_eq(design->name, "Design");
    ck_assert_int_eq(design->id, 2);
    ck_assert_int_eq(design->line, line_of(doc_tasks, "<Task><Name> Design"));
    ck_assert_int_eq(design->outline_level, 2);
    ck_assert_int_eq(design->total_duration, 990);
    ck_assert_int_eq(design->duration, 990);
    ck_assert_int_eq(design->priority, 900);
    ck_assert_int_eq(design->constraint, KEEL_SNET);
    ck_assert_int_eq(design->constraint_date, at("2025-01-07T08:00:00"));
    ck_assert_int_eq(design->deadline, at("2025-02-01T17:00:00"));
    ck_assert_str_eq(b.calendar_defs.data[design->task_calendar].name, "Task cal");
    ck_assert(design->ignore_resource_calendar && design->can_split);
    ck_assert_int_eq(design->leveling_delay, 2880); /* 28800 tenths, elapsed days */
    ck_assert_int_eq(design->start, at("2025-01-06T08:00:00"));
    ck_assert_int_eq(design->finish, at("2025-01-08T10:30:00"));
    ck_assert_int_eq(design->project, 0);
    /* review: milestone, no task calendar, working-day delay (1 day of 420
     * minutes -> 420 * 10080 / 2100 elapsed minutes) */
    ck_assert(review->milestone);
    ck_assert_int_eq(review->task_calendar, -1);
    ck_assert_int_eq(review->leveling_delay, 480 * 10080 / 2100);
    ck_assert_int_eq(review->priority, 500);
    ck_assert_int_eq(review->constraint, KEEL_ASAP);
    ck_assert_int_eq(review->constraint_date, KEEL_TIME_NONE);
    ck_assert_int_eq(review->start, KEEL_TIME_NONE);
    ck_assert(!review->can_split && !review->manual);
}
END_TEST

START_TEST(task_progress_and_manual)
{
    ck_assert_int_eq(parse(doc_tasks), KEEL_OK);
    const keel_task *build = task_uid(13), *done = task_uid(14), *half = task_uid(15);
    ck_assert_int_eq(build->total_duration, 1440);
    ck_assert_int_eq(build->duration, 600);
    ck_assert_int_eq(build->actual_start, at("2025-01-06T08:00:00"));
    ck_assert_int_eq(build->actual_finish, KEEL_TIME_NONE);
    ck_assert_int_eq(build->percent_complete, 50);
    ck_assert_int_eq(done->duration, 0);
    ck_assert_int_eq(done->total_duration, 480);
    ck_assert_int_eq(done->actual_finish, at("2025-01-06T17:00:00"));
    ck_assert_int_eq(half->duration, 1800); /* 75 % of 40 h */
    ck_assert_int_eq(half->outline_level, 1); /* OutlineLevel absent */
    const keel_task *manual = task_uid(16);
    ck_assert(manual->manual);
    ck_assert_int_eq(manual->constraint, KEEL_MSO);
    ck_assert_int_eq(manual->constraint_date, at("2025-02-03T08:00:00"));
    const keel_task *flagged = task_uid(18);
    ck_assert(!flagged->summary);
    ck_assert(has_warning("Summary 1 without subtasks"));
    for (size_t i = 0; i < b.tasks.len; i++)
        ck_assert_int_ne(b.tasks.data[i].uid, 17); /* IsNull */
}
END_TEST

START_TEST(default_calendar_and_name)
{
    const char *doc = HEAD "<Tasks><Task><UID>1</UID><Name>A</Name>"
                           "<Start>2025-01-07T08:00:00</Start></Task>"
                           "<Task><UID>2</UID><Name>B</Name><Start>2025-01-06T09:00:00</Start>"
                           "</Task></Tasks>" TAIL;
    ck_assert_int_eq(parse(doc), KEEL_OK);
    const keel_project *p = &b.projects.data[0];
    ck_assert_str_eq(p->name, "t.xml");
    ck_assert_int_eq(p->priority, 500);
    ck_assert_int_eq(p->deadline, KEEL_TIME_NONE);
    ck_assert_int_eq(p->minutes_per_day, 480);
    ck_assert_int_eq(p->minutes_per_week, 2400);
    ck_assert_int_eq(p->days_per_month, 20);
    ck_assert_int_eq(p->start, at("2025-01-06T09:00:00")); /* earliest task start */
    const keel_calendar_def *c = &b.calendar_defs.data[p->calendar];
    ck_assert_str_eq(c->name, "Standard");
    ck_assert_int_eq(c->base, -1);
    ck_assert(c->week[0].set && !c->week[0].working);
    ck_assert(c->week[1].working && c->week[1].nspans == 2);
    ck_assert_int_eq(c->week[1].spans[1].to, 17 * 60);
    ck_assert_int_eq(task_uid(1)->id, -1);
}
END_TEST

/* ---------------------------------------------------------------- links */

static const char *const doc_links =
    HEAD "<Tasks>\n"
    "<Task><UID>1</UID><ID>1</ID><Name>A</Name><Duration>PT16H0M0S</Duration>"
    "<PredecessorLink><PredecessorUID>2</PredecessorUID><Type>0</Type></PredecessorLink>"
    "<PredecessorLink><PredecessorUID>3</PredecessorUID><LinkLag>4800</LinkLag>"
    "<LagFormat>7</LagFormat></PredecessorLink>\n"
    "<PredecessorLink><PredecessorUID>4</PredecessorUID><Type>3</Type><LinkLag>-14400</LinkLag>"
    "<LagFormat>8</LagFormat></PredecessorLink>\n"
    "<PredecessorLink><PredecessorUID>5</PredecessorUID><Type>2</Type><LinkLag>50</LinkLag>"
    "<LagFormat>19</LagFormat></PredecessorLink>\n"
    "<PredecessorLink><PredecessorUID>5</PredecessorUID><Type>1</Type><LinkLag>25</LinkLag>"
    "<LagFormat>20</LagFormat></PredecessorLink>\n"
    "<PredecessorLink><PredecessorUID>2</PredecessorUID><LinkLag>600</LinkLag>"
    "<LagFormat>35</LagFormat></PredecessorLink>\n"
    "<PredecessorLink><PredecessorUID>2</PredecessorUID><LinkLag>600</LinkLag>"
    "<LagFormat>44</LagFormat></PredecessorLink>\n"
    "<PredecessorLink><PredecessorUID>99</PredecessorUID><CrossProject>1</CrossProject>"
    "<CrossProjectName>C:\\plans\\beta.xml\\12</CrossProjectName><Type>1</Type>"
    "<LinkLag>4800</LinkLag><LagFormat>7</LagFormat></PredecessorLink>\n"
    "</Task>\n"
    "<Task><UID>2</UID><Name>B</Name></Task><Task><UID>3</UID><Name>C</Name></Task>\n"
    "<Task><UID>4</UID><Name>D</Name></Task>\n"
    "<Task><UID>5</UID><Name>E</Name><Duration>PT40H0M0S</Duration></Task>\n"
    "</Tasks>\n" TAIL;

START_TEST(links_and_lags)
{
    ck_assert_int_eq(parse(doc_links), KEEL_OK);
    ck_assert_int_eq(b.links.len, 7);
    const keel_link *l = b.links.data;
    int a = task_index(1);
    for (int i = 0; i < 7; i++)
        ck_assert_int_eq(l[i].succ, a);
    ck_assert_int_eq(l[0].pred, task_index(2));
    ck_assert_int_eq(l[0].type, KEEL_LINK_FF);
    ck_assert_int_eq(l[0].lag, 0);
    ck_assert_int_eq(l[0].lag_kind, KEEL_LAG_WORK);
    ck_assert_int_eq(l[1].type, KEEL_LINK_FS); /* Type absent */
    ck_assert_int_eq(l[1].lag, 480);
    ck_assert_int_eq(l[1].lag_kind, KEEL_LAG_WORK);
    ck_assert_int_eq(l[1].line, line_of(doc_links, "<PredecessorLink><PredecessorUID>3"));
    ck_assert_int_eq(l[2].type, KEEL_LINK_SS);
    ck_assert_int_eq(l[2].lag, -1440);
    ck_assert_int_eq(l[2].lag_kind, KEEL_LAG_ELAPSED);
    /* percent lags: the raw value is the percentage of the predecessor's
     * Duration (E: 40 h), which comes later in the file */
    ck_assert_int_eq(l[3].type, KEEL_LINK_SF);
    ck_assert_int_eq(l[3].lag, 1200);
    ck_assert_int_eq(l[3].lag_kind, KEEL_LAG_WORK);
    ck_assert_int_eq(l[4].lag, 600);
    ck_assert_int_eq(l[4].lag_kind, KEEL_LAG_ELAPSED);
    /* estimated formats (+32) */
    ck_assert_int_eq(l[5].lag, 60);
    ck_assert_int_eq(l[5].lag_kind, KEEL_LAG_WORK);
    ck_assert_int_eq(l[6].lag_kind, KEEL_LAG_ELAPSED);
    ck_assert_int_eq(b.external_links.len, 1);
    const keel_external_link *x = &b.external_links.data[0];
    ck_assert_str_eq(x->project, "beta.xml");
    ck_assert_int_eq(x->pred_id, 12);
    ck_assert_int_eq(x->succ, a);
    ck_assert_int_eq(x->type, KEEL_LINK_FS);
    ck_assert_int_eq(x->lag, 480);
    ck_assert_int_eq(x->line, line_of(doc_links, "<PredecessorLink><PredecessorUID>99"));
}
END_TEST

START_TEST(link_to_summary_and_placeholders)
{
    const char *doc = HEAD "<Tasks>"
                           "<Task><UID>0</UID><OutlineLevel>0</OutlineLevel></Task>"
                           "<Task><UID>1</UID><Name>S</Name><OutlineLevel>1</OutlineLevel></Task>"
                           "<Task><UID>2</UID><Name>L</Name><OutlineLevel>2</OutlineLevel></Task>"
                           "<Task><UID>3</UID><Name>M</Name><OutlineLevel>1</OutlineLevel>"
                           "<PredecessorLink><PredecessorUID>1</PredecessorUID></PredecessorLink>"
                           "<PredecessorLink><PredecessorUID>0</PredecessorUID></PredecessorLink>"
                           "<PredecessorLink><CrossProject>1</CrossProject>"
                           "<CrossProjectName>nonsense</CrossProjectName></PredecessorLink>"
                           "</Task></Tasks>" TAIL;
    ck_assert_int_eq(parse(doc), KEEL_OK);
    ck_assert_int_eq(b.links.len, 1);
    ck_assert_int_eq(b.links.data[0].pred, task_index(1)); /* kept: finish expands it */
    ck_assert(task_uid(1)->summary);
    ck_assert(has_warning("project summary"));
    ck_assert(has_warning("is not 'file\\ID'"));
    ck_assert_int_eq(b.external_links.len, 0);
}
END_TEST

/* ---------------------------------------------------------------- calendars */

#define WT(f, t) "<WorkingTime><FromTime>" f "</FromTime><ToTime>" t "</ToTime></WorkingTime>"

static const char *const doc_cals =
    HEAD "<CalendarUID>1</CalendarUID><Calendars>\n"
    /* a base calendar that names only Monday and Saturday */
    "<Calendar><UID>1</UID><Name>Base</Name><IsBaseCalendar>1</IsBaseCalendar>"
    "<BaseCalendarUID>0</BaseCalendarUID><WeekDays>"
    "<WeekDay><DayType>2</DayType><DayWorking>1</DayWorking><WorkingTimes>"
    WT("13:00:00", "17:00:00") WT("07:00:00", "11:00:00") "</WorkingTimes></WeekDay>"
    "<WeekDay><DayType>7</DayType><DayWorking>1</DayWorking></WeekDay>"
    "<WeekDay><DayType>0</DayType><DayWorking>0</DayWorking><TimePeriod>"
    "<FromDate>2025-12-24T00:00:00</FromDate><ToDate>2025-12-26T23:59:00</ToDate>"
    "</TimePeriod></WeekDay>"
    "<WeekDay><DayType>0</DayType><DayWorking>1</DayWorking><TimePeriod>"
    "<FromDate>2025-12-27T00:00:00</FromDate><ToDate>2025-12-28T00:00:00</ToDate>"
    "</TimePeriod><WorkingTimes>" WT("09:00:00", "12:00:00") "</WorkingTimes></WeekDay>"
    "</WeekDays></Calendar>\n"
    /* a night shift: 23:00-24:00 written as 00:00:00 and as 24:00:00 */
    "<Calendar><UID>2</UID><Name>Night</Name><IsBaseCalendar>1</IsBaseCalendar><WeekDays>"
    "<WeekDay><DayType>2</DayType><DayWorking>1</DayWorking><WorkingTimes>"
    WT("23:00:00", "00:00:00") "</WorkingTimes></WeekDay>"
    "<WeekDay><DayType>3</DayType><DayWorking>1</DayWorking><WorkingTimes>"
    WT("00:00:00", "03:00:00") WT("04:00:00", "08:00:00") WT("23:00:00", "24:00:00")
    "</WorkingTimes></WeekDay>"
    "<WeekDay><DayType>1</DayType><DayWorking>0</DayWorking></WeekDay>"
    "</WeekDays></Calendar>\n"
    /* a derived calendar (resource calendar) with 2007 exceptions and work weeks;
     * its base comes later in the file */
    "<Calendar><UID>3</UID><Name>Ann</Name><IsBaseCalendar>0</IsBaseCalendar>"
    "<BaseCalendarUID>4</BaseCalendarUID>"
    "<WeekDays><WeekDay><DayType>6</DayType><DayWorking>0</DayWorking></WeekDay>"
    "<WeekDay><DayType>0</DayType><DayWorking>0</DayWorking><TimePeriod>"
    "<FromDate>2030-01-01T00:00:00</FromDate><ToDate>2030-01-01T23:59:00</ToDate>"
    "</TimePeriod></WeekDay></WeekDays>\n"
    "<Exceptions>"
    "<Exception><EnteredByOccurrences>0</EnteredByOccurrences><TimePeriod>"
    "<FromDate>2025-08-04T00:00:00</FromDate><ToDate>2025-08-15T23:59:00</ToDate></TimePeriod>"
    "<Occurrences>1</Occurrences><Name>Vacation</Name><Type>1</Type><DayWorking>0</DayWorking>"
    "</Exception>\n"
    "<Exception><TimePeriod><FromDate>2025-01-01T00:00:00</FromDate>"
    "<ToDate>2025-03-31T23:59:00</ToDate></TimePeriod><Name>Fridays</Name><Type>6</Type>"
    "<Period>2</Period><DaysOfWeek>32</DaysOfWeek><DayWorking>1</DayWorking><WorkingTimes>"
    WT("08:00:00", "12:00:00") "</WorkingTimes></Exception>\n"
    "<Exception><TimePeriod><FromDate>2025-01-01T00:00:00</FromDate></TimePeriod>"
    "<Occurrences>3</Occurrences><Name>Last Friday</Name><Type>5</Type><Period>1</Period>"
    "<MonthItem>8</MonthItem><MonthPosition>4</MonthPosition><DayWorking>0</DayWorking>"
    "</Exception>\n"
    "</Exceptions>\n"
    "<WorkWeeks><WorkWeek><TimePeriod><FromDate>2025-07-01T00:00:00</FromDate>"
    "<ToDate>2025-08-31T23:59:00</ToDate></TimePeriod><Name>Summer</Name><WeekDays>"
    "<WeekDay><DayType>2</DayType><DayWorking>1</DayWorking><WorkingTimes>"
    WT("07:00:00", "15:00:00") "</WorkingTimes></WeekDay>"
    "</WeekDays></WorkWeek>"
    "<WorkWeek><TimePeriod><FromDate>2026-01-01T00:00:00</FromDate>"
    "<ToDate>2026-01-31T23:59:00</ToDate></TimePeriod></WorkWeek></WorkWeeks>"
    "</Calendar>\n"
    "<Calendar><UID>4</UID><Name>Ann base</Name><IsBaseCalendar>1</IsBaseCalendar>"
    "<BaseCalendarUID>-1</BaseCalendarUID></Calendar>\n"
    "</Calendars>" TAIL;

static const keel_calendar_def *cal_named(const char *name)
{
    for (size_t i = 0; i < b.calendar_defs.len; i++)
        if (!strcmp(b.calendar_defs.data[i].name, name))
            return &b.calendar_defs.data[i];
    ck_abort_msg("calendar %s not found", name);
    return NULL;
}

START_TEST(calendar_week_and_legacy_exceptions)
{
    ck_assert_int_eq(parse(doc_cals), KEEL_OK);
    ck_assert_int_eq(b.calendar_defs.len, 4);
    const keel_calendar_def *c = cal_named("Base");
    ck_assert_int_eq(c->uid, 1);
    ck_assert_int_eq(c->base, -1); /* BaseCalendarUID 0 names no calendar */
    ck_assert_int_eq(c->line, line_of(doc_cals, "<Calendar><UID>1<"));
    /* Monday: spans sorted */
    ck_assert(c->week[1].set && c->week[1].working);
    ck_assert_int_eq(c->week[1].nspans, 2);
    ck_assert_int_eq(c->week[1].spans[0].from, 7 * 60);
    ck_assert_int_eq(c->week[1].spans[0].to, 11 * 60);
    ck_assert_int_eq(c->week[1].spans[1].from, 13 * 60);
    /* Saturday working without times: default hours */
    ck_assert(c->week[6].working);
    ck_assert_int_eq(c->week[6].nspans, 2);
    ck_assert_int_eq(c->week[6].spans[0].from, 8 * 60);
    /* days the base calendar leaves out: MS Project's defaults */
    ck_assert(c->week[0].set && !c->week[0].working);
    ck_assert(c->week[3].set && c->week[3].working);
    ck_assert_int_eq(c->week[3].spans[1].to, 17 * 60);
    /* legacy exceptions */
    ck_assert_int_eq(c->nexceptions, 2);
    ck_assert_int_eq(c->exceptions[0].first_day, day("2025-12-24"));
    ck_assert_int_eq(c->exceptions[0].last_day, day("2025-12-26"));
    ck_assert(c->exceptions[0].day.set && !c->exceptions[0].day.working);
    ck_assert_int_eq(c->exceptions[1].first_day, day("2025-12-27"));
    ck_assert_int_eq(c->exceptions[1].last_day, day("2025-12-27")); /* 00:00 end is exclusive */
    ck_assert(c->exceptions[1].day.working);
    ck_assert_int_eq(c->exceptions[1].day.spans[0].from, 9 * 60);
    ck_assert_int_eq(c->exceptions[1].day.spans[0].to, 12 * 60);
    ck_assert_int_eq(b.projects.data[0].calendar, (int)(c - b.calendar_defs.data));
}
END_TEST

START_TEST(calendar_night_shift)
{
    ck_assert_int_eq(parse(doc_cals), KEEL_OK);
    const keel_calendar_def *c = cal_named("Night");
    ck_assert_int_eq(c->base, -1); /* BaseCalendarUID absent */
    ck_assert_int_eq(c->week[1].nspans, 1);
    ck_assert_int_eq(c->week[1].spans[0].from, 23 * 60);
    ck_assert_int_eq(c->week[1].spans[0].to, 1440);
    ck_assert_int_eq(c->week[2].nspans, 3);
    ck_assert_int_eq(c->week[2].spans[0].from, 0);
    ck_assert_int_eq(c->week[2].spans[0].to, 180);
    ck_assert_int_eq(c->week[2].spans[2].to, 1440);
}
END_TEST

START_TEST(calendar_derived_exceptions_weeks)
{
    ck_assert_int_eq(parse(doc_cals), KEEL_OK);
    const keel_calendar_def *c = cal_named("Ann");
    ck_assert_int_eq(c->base, (int)(cal_named("Ann base") - b.calendar_defs.data));
    ck_assert(!c->week[1].set); /* derived: inherits */
    ck_assert(c->week[5].set && !c->week[5].working);
    /* 2007 exceptions win over the legacy DayType 0 entry (MS Project writes both) */
    int n = c->nexceptions;
    ck_assert_int_eq(n, 1 + 7 + 3);
    ck_assert_int_eq(c->exceptions[0].first_day, day("2025-08-04"));
    ck_assert_int_eq(c->exceptions[0].last_day, day("2025-08-15"));
    /* every other Friday from the week of 2025-01-01: Jan 3, 17, 31, Feb 14, 28, Mar 14, 28 */
    const char *fridays[] = {"2025-01-03", "2025-01-17", "2025-01-31", "2025-02-14",
                             "2025-02-28", "2025-03-14", "2025-03-28"};
    for (int i = 0; i < 7; i++) {
        ck_assert_int_eq(c->exceptions[1 + i].first_day, day(fridays[i]));
        ck_assert_int_eq(c->exceptions[1 + i].last_day, day(fridays[i]));
        ck_assert(c->exceptions[1 + i].day.working);
        ck_assert_int_eq(c->exceptions[1 + i].day.spans[0].to, 12 * 60);
    }
    /* last Friday of the month, 3 occurrences, no ToDate */
    const char *last[] = {"2025-01-31", "2025-02-28", "2025-03-28"};
    for (int i = 0; i < 3; i++)
        ck_assert_int_eq(c->exceptions[8 + i].first_day, day(last[i]));
    /* work weeks */
    ck_assert_int_eq(c->nweeks, 2);
    ck_assert_int_eq(c->weeks[0].first_day, day("2025-07-01"));
    ck_assert_int_eq(c->weeks[0].last_day, day("2025-08-31"));
    ck_assert(c->weeks[0].days[1].working);
    ck_assert_int_eq(c->weeks[0].days[1].spans[0].from, 7 * 60);
    ck_assert(c->weeks[0].days[2].set && !c->weeks[0].days[2].working); /* as MPXJ */
    ck_assert(!c->weeks[1].days[1].set); /* no WeekDays: inherits */
}
END_TEST

/* Project 2016 writes each recurring exception as a rule and as legacy days:
 * expanding the rules must give MS Project's own days. */
START_TEST(calendar_recurrences_match_ms_project)
{
    const char *path = DATA "mpxj_calendar-recurring-exceptions-project2016-mspdi.xml";
    FILE *f = fopen(path, "rb");
    ck_assert_ptr_nonnull(f);
    char *buf = malloc(1 << 20);
    size_t len = fread(buf, 1, (1 << 20) - 1, f);
    fclose(f);
    buf[len] = '\0';
    ck_assert_int_eq(keel_mspdi_parse(path, buf, len, &b, NULL, &err), KEEL_OK);
    /* the same document without its <Exceptions>: the legacy days are read */
    char *a = strstr(buf, "<Exceptions>"), *z = strstr(buf, "</Exceptions>");
    ck_assert(a && z);
    memmove(a, z + strlen("</Exceptions>"), strlen(z + strlen("</Exceptions>")) + 1);
    keel_builder b2;
    ck_assert(keel_builder_init(&b2));
    ck_assert_int_eq(keel_mspdi_parse(path, buf, strlen(buf), &b2, NULL, &err), KEEL_OK);
    const keel_calendar_def *rules = &b.calendar_defs.data[0], *days = &b2.calendar_defs.data[0];
    ck_assert_str_eq(rules->name, "Standard");
    ck_assert_int_eq(days->nexceptions, 138);
    /* compare as sets of (day, working): every MS Project day is expanded ... */
    int nd = 0;
    for (int i = 0; i < days->nexceptions; i++) {
        const keel_exception *e = &days->exceptions[i];
        for (int64_t d = e->first_day; d <= e->last_day; d++, nd++) {
            bool found = false;
            for (int j = 0; j < rules->nexceptions && !found; j++) {
                const keel_exception *r = &rules->exceptions[j];
                if (d >= r->first_day && d <= r->last_day) {
                    found = true;
                    ck_assert_int_eq(r->day.working, e->day.working);
                    ck_assert_int_eq(r->day.nspans, e->day.nspans);
                }
            }
            int64_t y;
            int m, dd;
            keel_civil_from_days(d, &y, &m, &dd);
            ck_assert_msg(found, "MS Project's day %04lld-%02d-%02d not expanded", (long long)y, m,
                          dd);
        }
    }
    ck_assert_int_eq(nd, 140);
    /* ... and every expanded day is one of MS Project's (two rules both hit
     * 2003-03-01, so the lists differ in length, not as sets) */
    for (int j = 0; j < rules->nexceptions; j++) {
        const keel_exception *r = &rules->exceptions[j];
        for (int64_t d = r->first_day; d <= r->last_day; d++) {
            bool found = false;
            for (int i = 0; i < days->nexceptions && !found; i++)
                found = d >= days->exceptions[i].first_day && d <= days->exceptions[i].last_day;
            ck_assert_msg(found, "expanded day %lld is not MS Project's", (long long)d);
        }
    }
    keel_builder_release(&b2);
    free(buf);
}
END_TEST

/* ---------------------------------------------------------------- resources */

static const char *const doc_res =
    HEAD "<Calendars><Calendar><UID>1</UID><Name>Standard</Name><IsBaseCalendar>1</IsBaseCalendar>"
    "</Calendar><Calendar><UID>5</UID><Name>Ann</Name><BaseCalendarUID>1</BaseCalendarUID>"
    "</Calendar></Calendars><CalendarUID>1</CalendarUID>\n"
    "<Tasks><Task><UID>0</UID></Task>\n"
    "<Task><UID>1</UID><Name>S</Name><OutlineLevel>1</OutlineLevel></Task>\n"
    "<Task><UID>2</UID><Name>A</Name><OutlineLevel>2</OutlineLevel>"
    "<Duration>PT16H0M0S</Duration></Task></Tasks>\n"
    "<Resources>\n"
    "<Resource><UID>0</UID><ID>0</ID><Type>1</Type></Resource>\n"
    "<Resource><UID>1</UID><Name>  Ann </Name><Type>1</Type><MaxUnits>0.50</MaxUnits>"
    "<CalendarUID>5</CalendarUID><CanLevel>0</CanLevel></Resource>\n"
    "<Resource><UID>2</UID><Name>Bob</Name><MaxUnits>2</MaxUnits><AvailabilityPeriods>"
    "<AvailabilityPeriod><AvailableFrom>2025-03-01T00:00:00</AvailableFrom>"
    "<AvailableTo>2025-03-31T23:59:00</AvailableTo><AvailableUnits>0.5</AvailableUnits>"
    "</AvailabilityPeriod>"
    "<AvailabilityPeriod><AvailableFrom>2025-01-01T00:00:00</AvailableFrom>"
    "<AvailableTo>2025-02-28T23:59:00</AvailableTo><AvailableUnits>1</AvailableUnits>"
    "</AvailabilityPeriod>"
    "<AvailabilityPeriod><AvailableFrom>2025-06-01T00:00:00</AvailableFrom>"
    "<AvailableUnits>2</AvailableUnits></AvailabilityPeriod>"
    "</AvailabilityPeriods></Resource>\n"
    "<Resource><UID>3</UID><Name>Concrete</Name><Type>0</Type></Resource>\n"
    "<Resource><UID>4</UID><Name>Travel</Name><Type>0</Type><IsCostResource>1</IsCostResource>"
    "</Resource>\n"
    "<Resource><UID>5</UID><Name>Temp</Name><AvailableFrom>2025-02-01T00:00:00</AvailableFrom>"
    "<AvailableTo>2025-02-28T23:59:00</AvailableTo><MaxUnits>3</MaxUnits></Resource>\n"
    "<Resource><UID>6</UID><IsNull>1</IsNull></Resource>\n"
    "</Resources>\n"
    "<Assignments>\n"
    "<Assignment><UID>1</UID><TaskUID>2</TaskUID><ResourceUID>1</ResourceUID><Units>0.5</Units>"
    "<Work>PT8H0M0S</Work><Start>2025-01-06T08:00:00</Start><Finish>2025-01-07T17:00:00</Finish>"
    "</Assignment>\n"
    "<Assignment><UID>2</UID><TaskUID>2</TaskUID><ResourceUID>-65535</ResourceUID></Assignment>\n"
    "<Assignment><UID>3</UID><TaskUID>2</TaskUID><ResourceUID>2</ResourceUID></Assignment>\n"
    "<Assignment><UID>4</UID><TaskUID>2</TaskUID><ResourceUID>3</ResourceUID><Units>0</Units>"
    "</Assignment>\n"
    "<Assignment><UID>5</UID><TaskUID>1</TaskUID><ResourceUID>2</ResourceUID></Assignment>\n"
    "<Assignment><UID>6</UID><TaskUID>0</TaskUID><ResourceUID>2</ResourceUID></Assignment>\n"
    "</Assignments>\n" TAIL;

START_TEST(resources)
{
    ck_assert_int_eq(parse(doc_res), KEEL_OK);
    ck_assert_int_eq(b.resources.len, 5);
    const keel_resource *ann = &b.resources.data[0], *bob = &b.resources.data[1];
    ck_assert_str_eq(ann->name, "Ann");
    ck_assert_str_eq(ann->file, "t.xml");
    ck_assert_int_eq(ann->line, line_of(doc_res, "<Resource><UID>1<"));
    ck_assert_int_eq(ann->type, KEEL_RES_WORK);
    ck_assert(!ann->can_level && !ann->pool);
    ck_assert_int_eq(ann->max_units, 500);
    ck_assert_str_eq(b.calendar_defs.data[ann->calendar].name, "Ann");
    ck_assert_int_eq(ann->capacity.n, 0);
    ck_assert_int_eq(bob->max_units, 2000);
    ck_assert(bob->can_level);
    ck_assert_int_eq(bob->calendar, -1);
    /* periods sorted; 0 outside, AvailableTo 23:59 is the last minute */
    ck_assert_int_eq(bob->capacity.n, 5);
    ck_assert_int_eq(bob->capacity.at[0], KEEL_TIME_NONE);
    ck_assert_int_eq(bob->capacity.units[0], 0);
    ck_assert_int_eq(bob->capacity.at[1], at("2025-01-01T00:00:00"));
    ck_assert_int_eq(bob->capacity.units[1], 1000);
    ck_assert_int_eq(bob->capacity.at[2], at("2025-03-01T00:00:00"));
    ck_assert_int_eq(bob->capacity.units[2], 500);
    ck_assert_int_eq(bob->capacity.at[3], at("2025-04-01T00:00:00"));
    ck_assert_int_eq(bob->capacity.units[3], 0);
    ck_assert_int_eq(bob->capacity.at[4], at("2025-06-01T00:00:00"));
    ck_assert_int_eq(bob->capacity.units[4], 2000);
    ck_assert_int_eq(b.resources.data[2].type, KEEL_RES_MATERIAL);
    ck_assert_int_eq(b.resources.data[3].type, KEEL_RES_COST);
    const keel_resource *temp = &b.resources.data[4];
    ck_assert_int_eq(temp->capacity.n, 3);
    ck_assert_int_eq(temp->capacity.units[1], 3000);
    ck_assert_int_eq(temp->capacity.at[2], at("2025-03-01T00:00:00"));
}
END_TEST

START_TEST(assignments)
{
    ck_assert_int_eq(parse(doc_res), KEEL_OK);
    ck_assert_int_eq(b.assignments.len, 4);
    const keel_assignment *a = b.assignments.data;
    ck_assert_int_eq(a[0].uid, 1);
    ck_assert_int_eq(a[0].task, task_index(2));
    ck_assert_int_eq(a[0].resource, 0);
    ck_assert_int_eq(a[0].units, 500);
    ck_assert_int_eq(a[0].work, 480);
    ck_assert_int_eq(a[0].start, at("2025-01-06T08:00:00"));
    ck_assert_int_eq(a[0].finish, at("2025-01-07T17:00:00"));
    ck_assert_int_eq(a[0].line, line_of(doc_res, "<Assignment><UID>1<"));
    ck_assert_int_eq(a[1].uid, 3);
    ck_assert_int_eq(a[1].units, 1000); /* Units absent: 1.0 */
    ck_assert_int_eq(a[1].work, 0);
    ck_assert_int_eq(a[1].start, KEEL_TIME_NONE);
    ck_assert_int_eq(a[2].units, 0);
    ck_assert(has_warning("Units 0"));
    ck_assert_int_eq(a[3].task, task_index(1));
    ck_assert(has_warning("summary task UID 1"));
    ck_assert(has_warning("placeholder")); /* to task UID 0 */
}
END_TEST

/* ---------------------------------------------------------------- pools */

static const char *const doc_pool =
    HEAD "<Calendars><Calendar><UID>1</UID><Name>Standard</Name><IsBaseCalendar>1</IsBaseCalendar>"
    "</Calendar><Calendar><UID>2</UID><Name>Ann (pool)</Name><BaseCalendarUID>1</BaseCalendarUID>"
    "</Calendar></Calendars>\n"
    "<Tasks><Task><UID>1</UID><Name>ignored in a pool</Name></Task></Tasks>\n"
    "<Resources><Resource><UID>1</UID><Name>Ann</Name><MaxUnits>0.5</MaxUnits>"
    "<CalendarUID>2</CalendarUID></Resource></Resources>\n" TAIL;

#define PROJECT_WITH_ANN(units)                                                           \
    HEAD "<Tasks><Task><UID>1</UID><Name>A</Name><Duration>PT8H0M0S</Duration></Task></Tasks>\n" \
         "<Resources>\n<Resource><UID>7</UID><Name>ANN</Name><MaxUnits>" units          \
         "</MaxUnits></Resource></Resources>\n"                                          \
         "<Assignments><Assignment><UID>1</UID><TaskUID>1</TaskUID><ResourceUID>7</ResourceUID>" \
         "</Assignment></Assignments>" TAIL

START_TEST(pool_wins)
{
    ck_assert_int_eq(parse_as("pool.xml", doc_pool, true), KEEL_OK);
    ck_assert_int_eq(b.projects.len, 0);
    ck_assert_int_eq(b.tasks.len, 0);
    ck_assert_int_eq(b.resources.len, 1);
    ck_assert(b.resources.data[0].pool);
    ck_assert_int_eq(parse_as("a.xml", PROJECT_WITH_ANN("1.00"), false), KEEL_OK);
    ck_assert_int_eq(parse_as("b.xml", PROJECT_WITH_ANN("0.50"), false), KEEL_OK);
    ck_assert_int_eq(b.projects.len, 2);
    ck_assert_int_eq(b.resources.len, 1);
    const keel_resource *ann = &b.resources.data[0];
    ck_assert_str_eq(ann->name, "Ann");
    ck_assert_str_eq(ann->file, "pool.xml");
    ck_assert_int_eq(ann->max_units, 500);
    ck_assert_str_eq(b.calendar_defs.data[ann->calendar].name, "Ann (pool)");
    ck_assert_int_eq(b.assignments.len, 2);
    ck_assert_int_eq(b.assignments.data[0].resource, 0);
    ck_assert_int_eq(b.assignments.data[1].resource, 0);
    ck_assert_int_eq(b.tasks.data[1].project, 1);
    char want[200];
    snprintf(want, sizeof want, "a.xml:%d: resource 'ANN': MaxUnits 1.00 differs from 0.50 in pool.xml",
             line_of(PROJECT_WITH_ANN("1.00"), "<Resource><UID>7"));
    ck_assert_msg(has_warning(want), "%s", b.warnings.len ? b.warnings.data[0] : "none");
    ck_assert_int_eq(b.warnings.len, 1); /* b.xml agrees */
}
END_TEST

START_TEST(pool_read_after_sharer)
{
    ck_assert_int_eq(parse_as("a.xml", PROJECT_WITH_ANN("1.00"), false), KEEL_OK);
    ck_assert_int_eq(parse_as("pool.xml", doc_pool, true), KEEL_OK);
    ck_assert_int_eq(b.resources.len, 1);
    ck_assert_int_eq(b.resources.data[0].max_units, 500);
    ck_assert(b.resources.data[0].pool);
    ck_assert_str_eq(b.resources.data[0].name, "Ann");
}
END_TEST

START_TEST(conflict_without_pool)
{
    ck_assert_int_eq(parse_as("plans/a.xml", PROJECT_WITH_ANN("0.50"), false), KEEL_OK);
    ck_assert_int_eq(parse_as("plans/b.xml", PROJECT_WITH_ANN("0.50"), false), KEEL_OK);
    ck_assert_int_eq(b.resources.len, 1); /* agreeing definitions join */
    const char *doc = PROJECT_WITH_ANN("1.00");
    expect_error(parse_as("plans/c.xml", doc, false), KEEL_ERR_PARSE, "plans/c.xml",
                 line_of(doc, "<Resource><UID>7"),
                 "resource 'ANN': MaxUnits 1.00 differs from 0.50 in plans/a.xml (use --pool "
                 "to decide)");
    /* the failed file left nothing behind */
    ck_assert_int_eq(b.projects.len, 2);
    ck_assert_int_eq(b.tasks.len, 2);
    ck_assert_int_eq(b.assignments.len, 2);
}
END_TEST

START_TEST(conflicting_availability)
{
    const char *a = HEAD "<Resources><Resource><UID>1</UID><Name>Bob</Name><AvailabilityPeriods>"
                         "<AvailabilityPeriod><AvailableFrom>2025-01-01T00:00:00</AvailableFrom>"
                         "<AvailableUnits>1</AvailableUnits></AvailabilityPeriod>"
                         "</AvailabilityPeriods></Resource></Resources>" TAIL;
    const char *c = HEAD "<Resources>\n<Resource><UID>1</UID><Name>bob</Name></Resource>"
                         "</Resources>" TAIL;
    ck_assert_int_eq(parse_as("a.xml", a, false), KEEL_OK);
    expect_error(parse_as("c.xml", c, false), KEEL_ERR_PARSE, "c.xml", 4,
                 "resource 'bob': availability periods differ from those in a.xml");
}
END_TEST

/* ---------------------------------------------------------------- bad input */

START_TEST(bad_not_xml)
{
    expect_error(parse("this is not XML\n"), KEEL_ERR_PARSE, "t.xml", 1, "not well-formed XML");
    ck_assert_int_eq(b.projects.len, 0);
}
END_TEST

START_TEST(bad_truncated)
{
    const char *doc = HEAD "<Tasks>\n<Task><UID>1</UID><Name>A</Na";
    keel_status st = parse(doc);
    ck_assert_int_eq(st, KEEL_ERR_PARSE);
    ck_assert_msg(strncmp(err.message, "t.xml:4: not well-formed XML", 28) == 0, "%s",
                  err.message);
}
END_TEST

START_TEST(bad_namespace)
{
    expect_error(parse("<?xml version=\"1.0\"?>\n<Project><Name>x</Name></Project>"),
                 KEEL_ERR_PARSE, "t.xml", 2, "no MSPDI namespace");
    expect_error(parse("<Project xmlns=\"urn:other\"/>"), KEEL_ERR_PARSE, "t.xml", 1,
                 "is not the MSPDI namespace");
    expect_error(parse("<?xml version=\"1.0\"?>\n\n<Plan/>"), KEEL_ERR_PARSE, "t.xml", 3,
                 "root element <Plan> is not an MSPDI <Project>");
}
END_TEST

START_TEST(bad_empty_and_missing_file)
{
    char path[512];
    test_write_file("keel_empty.xml", "", path, sizeof path);
    keel_status st = keel_mspdi_read(path, &b, NULL, &err);
    ck_assert_int_eq(st, KEEL_ERR_PARSE);
    char want[600];
    snprintf(want, sizeof want, "%s: empty file", path);
    ck_assert_str_eq(err.message, want);
    test_write_file("keel_blank.xml", "  \n\n", path, sizeof path);
    ck_assert_int_eq(keel_mspdi_read(path, &b, NULL, &err), KEEL_ERR_PARSE);
    st = keel_mspdi_read("x.xml", &b, NULL, &err);
    ck_assert_int_eq(st, KEEL_ERR_IO);
    ck_assert_str_eq(err.message, "x.xml: cannot open: No such file or directory");
}
END_TEST

START_TEST(bad_duplicate_uids)
{
    const char *doc = HEAD "<Tasks>\n<Task><UID>5</UID><ID>1</ID></Task>\n"
                           "<Task><UID>6</UID><ID>2</ID></Task>\n"
                           "<Task><UID>5</UID><ID>3</ID></Task>\n</Tasks>" TAIL;
    expect_error(parse(doc), KEEL_ERR_PARSE, "t.xml", 6,
                 "task UID 5: duplicate UID (first at line 4)");
    const char *ids = HEAD "<Tasks>\n<Task><UID>5</UID><ID>1</ID></Task>\n"
                           "<Task><UID>6</UID><ID>1</ID></Task>\n</Tasks>" TAIL;
    expect_error(parse(ids), KEEL_ERR_PARSE, "t.xml", 5,
                 "task ID 1: duplicate ID (first at line 4)");
    const char *res = HEAD "<Resources>\n<Resource><UID>5</UID><Name>A</Name></Resource>\n"
                           "<Resource><UID>5</UID><Name>B</Name></Resource>\n</Resources>" TAIL;
    expect_error(parse(res), KEEL_ERR_PARSE, "t.xml", 5, "resource UID 5: duplicate UID");
    const char *cal = HEAD "<Calendars>\n<Calendar><UID>1</UID></Calendar>\n"
                           "<Calendar><UID>1</UID></Calendar>\n</Calendars>" TAIL;
    expect_error(parse(cal), KEEL_ERR_PARSE, "t.xml", 5, "calendar UID 1: duplicate UID");
    ck_assert_int_eq(b.calendar_defs.len, 0);
}
END_TEST

START_TEST(bad_link_to_missing_uid)
{
    const char *doc = HEAD "<Tasks>\n<Task><UID>17</UID><Name>Design</Name>\n"
                           "<PredecessorLink>\n<PredecessorUID>99</PredecessorUID>"
                           "</PredecessorLink></Task>\n</Tasks>" TAIL;
    expect_error(parse(doc), KEEL_ERR_PARSE, "t.xml", 6,
                 "task UID 17 'Design': predecessor UID 99 does not exist");
    ck_assert_str_eq(err.message, "t.xml:6: task UID 17 'Design': predecessor UID 99 does not exist");
    ck_assert_int_eq(b.tasks.len, 0);
}
END_TEST

/* Durations, lags and leveling delays up to the span of keel's dates
 * (KEEL_MAX_SPAN_MINUTES) read, longer ones are refused: 290 years pass
 * (the writer may write such a LevelingDelay or summary Duration), 302 do
 * not. */
START_TEST(spans_up_to_the_date_range)
{
    const char *ok =
        HEAD "<StartDate>2026-01-05T08:00:00</StartDate><Tasks>\n"
             "<Task><UID>1</UID><Name>A</Name><Duration>PT2540400H0M0S</Duration></Task>\n"
             "<Task><UID>2</UID><Name>B</Name><LevelingDelay>1524240000</LevelingDelay>"
             "<LevelingDelayFormat>8</LevelingDelayFormat><PredecessorLink>"
             "<PredecessorUID>1</PredecessorUID><LinkLag>-1524240000</LinkLag>"
             "<LagFormat>4</LagFormat></PredecessorLink></Task>\n</Tasks>" TAIL;
    ck_assert_msg(parse(ok) == KEEL_OK, "%s", err.message);
    ck_assert_int_eq(b.tasks.len, 2);
    ck_assert_int_eq(b.tasks.data[0].total_duration, (int64_t)2540400 * 60);
    ck_assert_int_eq(b.tasks.data[1].leveling_delay, 152424000);
    ck_assert_int_le((int64_t)KEEL_MAX_SPAN_MINUTES * 10, INT32_MAX);
    const char *delay = HEAD "<Tasks><Task><UID>1</UID><Name>A</Name>\n"
                             "<LevelingDelay>1586390401</LevelingDelay></Task></Tasks>" TAIL;
    expect_error(parse(delay), KEEL_ERR_PARSE, "t.xml", 4,
                 "LevelingDelay 1.58639e+09 is out of range");
    const char *dur = HEAD "<Tasks><Task><UID>1</UID><Name>A</Name>\n"
                           "<Duration>PT2645520H0M0S</Duration></Task></Tasks>" TAIL;
    expect_error(parse(dur), KEEL_ERR_PARSE, "t.xml", 4, "longer than the years 1900..2200");
}
END_TEST

START_TEST(bad_durations)
{
    const char *neg = HEAD "<Tasks><Task><UID>1</UID><Name>A</Name>\n"
                           "<Duration>PT-8H0M0S</Duration></Task></Tasks>" TAIL;
    expect_error(parse(neg), KEEL_ERR_PARSE, "t.xml", 4,
                 "task UID 1 'A': Duration 'PT-8H0M0S' is negative");
    const char *huge = HEAD "<Tasks><Task><UID>1</UID><Name>A</Name>\n"
                            "<Duration>PT1000000000000H0M0S</Duration></Task></Tasks>" TAIL;
    expect_error(parse(huge), KEEL_ERR_PARSE, "t.xml", 4, "longer than the years 1900..2200");
    const char *junk = HEAD "<Tasks><Task><UID>1</UID><Name>A</Name>\n"
                            "<Duration>8 days</Duration></Task></Tasks>" TAIL;
    expect_error(parse(junk), KEEL_ERR_PARSE, "t.xml", 4, "is not a duration");
    const char *lag = HEAD "<Tasks><Task><UID>1</UID><Name>A</Name></Task>"
                           "<Task><UID>2</UID><Name>B</Name><PredecessorLink>"
                           "<PredecessorUID>1</PredecessorUID>\n<LinkLag>1e15</LinkLag>"
                           "</PredecessorLink></Task></Tasks>" TAIL;
    expect_error(parse(lag), KEEL_ERR_PARSE, "t.xml", 4, "LinkLag 1e+15 is out of range");
    const char *rem = HEAD "<Tasks><Task><UID>1</UID><Name>A</Name>\n"
                           "<RemainingDuration>PT-1H0M0S</RemainingDuration></Task></Tasks>" TAIL;
    expect_error(parse(rem), KEEL_ERR_PARSE, "t.xml", 4, "RemainingDuration");
}
END_TEST

START_TEST(bad_task_values)
{
    const char *pri = HEAD "<Tasks><Task><UID>1</UID><Name>A</Name>\n"
                           "<Priority>1001</Priority></Task></Tasks>" TAIL;
    expect_error(parse(pri), KEEL_ERR_PARSE, "t.xml", 4,
                 "task UID 1 'A': Priority 1001 is out of range 0..1000");
    const char *con = HEAD "<Tasks><Task><UID>1</UID><Name>A</Name>\n"
                           "<ConstraintType>4</ConstraintType></Task></Tasks>" TAIL;
    expect_error(parse(con), KEEL_ERR_PARSE, "t.xml", 4, "ConstraintType 4 (SNET) needs a ConstraintDate");
    const char *ct = HEAD "<Tasks><Task><UID>1</UID><Name>A</Name>\n"
                          "<ConstraintType>9</ConstraintType></Task></Tasks>" TAIL;
    expect_error(parse(ct), KEEL_ERR_PARSE, "t.xml", 4, "ConstraintType 9 is out of range");
    const char *date = HEAD "<Tasks><Task><UID>1</UID><Name>A</Name>\n"
                            "<Start>2025-02-30T08:00:00</Start></Task></Tasks>" TAIL;
    expect_error(parse(date), KEEL_ERR_PARSE, "t.xml", 4, "Start '2025-02-30T08:00:00' is not a date");
    const char *far = HEAD "<Tasks><Task><UID>1</UID><Name>A</Name>\n"
                           "<Deadline>9999-01-01T08:00:00</Deadline></Task></Tasks>" TAIL;
    expect_error(parse(far), KEEL_ERR_PARSE, "t.xml", 4, "Deadline '9999-01-01T08:00:00' is outside");
    const char *pct = HEAD "<Tasks><Task><UID>1</UID><Name>A</Name>\n"
                           "<PercentComplete>150</PercentComplete></Task></Tasks>" TAIL;
    expect_error(parse(pct), KEEL_ERR_PARSE, "t.xml", 4, "PercentComplete 150");
    const char *uid = HEAD "<Tasks>\n<Task><Name>A</Name></Task></Tasks>" TAIL;
    expect_error(parse(uid), KEEL_ERR_PARSE, "t.xml", 4, "task: no UID");
    const char *cal = HEAD "<Tasks><Task><UID>1</UID><Name>A</Name>\n"
                           "<CalendarUID>4</CalendarUID></Task></Tasks>" TAIL;
    expect_error(parse(cal), KEEL_ERR_PARSE, "t.xml", 4, "calendar UID 4 does not exist");
    const char *type = HEAD "<Tasks><Task><UID>1</UID><Name>A</Name></Task>"
                            "<Task><UID>2</UID><Name>B</Name><PredecessorLink>"
                            "<PredecessorUID>1</PredecessorUID>\n<Type>7</Type>"
                            "</PredecessorLink></Task></Tasks>" TAIL;
    expect_error(parse(type), KEEL_ERR_PARSE, "t.xml", 4, "Type 7 is out of range 0..3");
    const char *mpd = HEAD "\n<MinutesPerDay>0</MinutesPerDay>" TAIL;
    expect_error(parse(mpd), KEEL_ERR_PARSE, "t.xml", 4, "project: MinutesPerDay 0");
}
END_TEST

START_TEST(bad_resources)
{
    const char *neg = HEAD "<Resources><Resource><UID>1</UID><Name>Ann</Name>\n"
                           "<MaxUnits>-1</MaxUnits></Resource></Resources>" TAIL;
    expect_error(parse(neg), KEEL_ERR_PARSE, "t.xml", 4,
                 "resource 'Ann': MaxUnits -1 is out of range 0..1e+06");
    const char *huge = HEAD "<Resources><Resource><UID>1</UID><Name>Ann</Name>\n"
                            "<MaxUnits>1e7</MaxUnits></Resource></Resources>" TAIL;
    expect_error(parse(huge), KEEL_ERR_PARSE, "t.xml", 4, "MaxUnits 1e+07 is out of range");
    const char *nan = HEAD "<Resources><Resource><UID>1</UID><Name>Ann</Name>\n"
                           "<MaxUnits>nan</MaxUnits></Resource></Resources>" TAIL;
    expect_error(parse(nan), KEEL_ERR_PARSE, "t.xml", 4, "MaxUnits 'nan' is not a number");
    const char *ovl = HEAD "<Resources><Resource><UID>1</UID><Name>Ann</Name><AvailabilityPeriods>"
                           "<AvailabilityPeriod><AvailableFrom>2025-01-01T00:00:00</AvailableFrom>"
                           "<AvailableTo>2025-02-01T00:00:00</AvailableTo></AvailabilityPeriod>\n"
                           "<AvailabilityPeriod><AvailableFrom>2025-01-15T00:00:00</AvailableFrom>"
                           "</AvailabilityPeriod></AvailabilityPeriods></Resource></Resources>" TAIL;
    expect_error(parse(ovl), KEEL_ERR_PARSE, "t.xml", 4, "resource 'Ann': availability periods overlap");
    const char *cal = HEAD "<Resources><Resource><UID>1</UID><Name>Ann</Name>\n"
                           "<CalendarUID>9</CalendarUID></Resource></Resources>" TAIL;
    expect_error(parse(cal), KEEL_ERR_PARSE, "t.xml", 4, "calendar UID 9 does not exist");
}
END_TEST

START_TEST(bad_assignments)
{
    const char *res = HEAD "<Tasks><Task><UID>1</UID><Name>A</Name></Task></Tasks>"
                           "<Assignments><Assignment><UID>3</UID><TaskUID>1</TaskUID>\n"
                           "<ResourceUID>4</ResourceUID></Assignment></Assignments>" TAIL;
    expect_error(parse(res), KEEL_ERR_PARSE, "t.xml", 4,
                 "assignment UID 3: resource UID 4 does not exist");
    const char *task = HEAD "<Resources><Resource><UID>4</UID><Name>R</Name></Resource></Resources>"
                            "<Assignments><Assignment><UID>3</UID>\n<TaskUID>1</TaskUID>"
                            "<ResourceUID>4</ResourceUID></Assignment></Assignments>" TAIL;
    expect_error(parse(task), KEEL_ERR_PARSE, "t.xml", 4,
                 "assignment UID 3: task UID 1 does not exist");
    const char *units = HEAD "<Tasks><Task><UID>1</UID><Name>A</Name></Task></Tasks>"
                             "<Resources><Resource><UID>4</UID><Name>R</Name></Resource></Resources>"
                             "<Assignments><Assignment><UID>3</UID><TaskUID>1</TaskUID>"
                             "<ResourceUID>4</ResourceUID>\n<Units>-0.5</Units></Assignment>"
                             "</Assignments>" TAIL;
    expect_error(parse(units), KEEL_ERR_PARSE, "t.xml", 4, "Units -0.5 is out of range");
    ck_assert_int_eq(b.resources.len, 0);
    ck_assert_int_eq(b.tasks.len, 0);
}
END_TEST

START_TEST(bad_calendar_no_working_time)
{
    const char *doc = HEAD "<CalendarUID>1</CalendarUID><Calendars>\n"
                           "<Calendar><UID>1</UID><Name>Never</Name><IsBaseCalendar>1</IsBaseCalendar>"
                           "<WeekDays>"
                           "<WeekDay><DayType>1</DayType><DayWorking>0</DayWorking></WeekDay>"
                           "<WeekDay><DayType>2</DayType><DayWorking>0</DayWorking></WeekDay>"
                           "<WeekDay><DayType>3</DayType><DayWorking>0</DayWorking></WeekDay>"
                           "<WeekDay><DayType>4</DayType><DayWorking>0</DayWorking></WeekDay>"
                           "<WeekDay><DayType>5</DayType><DayWorking>0</DayWorking></WeekDay>"
                           "<WeekDay><DayType>6</DayType><DayWorking>0</DayWorking></WeekDay>"
                           "<WeekDay><DayType>7</DayType><DayWorking>0</DayWorking></WeekDay>"
                           "</WeekDays></Calendar></Calendars>\n"
                           "<Tasks><Task><UID>1</UID><Name>A</Name><Duration>PT8H0M0S</Duration>"
                           "</Task></Tasks>" TAIL;
    ck_assert_int_eq(parse(doc), KEEL_OK);
    ck_assert_int_eq(b.calendar_defs.data[0].line, 4);
    keel_portfolio *p = NULL;
    keel_status st = keel_model_finish(&b, &p, &err);
    ck_assert_int_eq(st, KEEL_ERR_PARSE);
    ck_assert_ptr_null(p);
    ck_assert_msg(strncmp(err.message, "t.xml:4: ", 9) == 0, "%s", err.message);
    ck_assert_msg(strstr(err.message, "Never"), "%s", err.message);
}
END_TEST

START_TEST(bad_resource_calendar_no_working_time)
{
    const char *doc = HEAD "<Calendars><Calendar><UID>1</UID><Name>Standard</Name>"
                           "<IsBaseCalendar>1</IsBaseCalendar></Calendar>\n"
                           "<Calendar><UID>2</UID><Name>Away</Name><BaseCalendarUID>1</BaseCalendarUID>"
                           "<WeekDays>"
                           "<WeekDay><DayType>2</DayType><DayWorking>0</DayWorking></WeekDay>"
                           "<WeekDay><DayType>3</DayType><DayWorking>0</DayWorking></WeekDay>"
                           "<WeekDay><DayType>4</DayType><DayWorking>0</DayWorking></WeekDay>"
                           "<WeekDay><DayType>5</DayType><DayWorking>0</DayWorking></WeekDay>"
                           "<WeekDay><DayType>6</DayType><DayWorking>0</DayWorking></WeekDay>"
                           "</WeekDays></Calendar></Calendars><CalendarUID>1</CalendarUID>\n"
                           "<Tasks><Task><UID>1</UID><Name>A</Name><Duration>PT8H0M0S</Duration>"
                           "</Task></Tasks>"
                           "<Resources><Resource><UID>1</UID><Name>Ann</Name><CalendarUID>2</CalendarUID>"
                           "</Resource></Resources>"
                           "<Assignments><Assignment><UID>1</UID><TaskUID>1</TaskUID>"
                           "<ResourceUID>1</ResourceUID></Assignment></Assignments>" TAIL;
    ck_assert_int_eq(parse(doc), KEEL_OK);
    keel_portfolio *p = NULL;
    ck_assert_int_eq(keel_model_finish(&b, &p, &err), KEEL_ERR_PARSE);
    ck_assert_msg(strstr(err.message, "Away"), "%s", err.message);
    /* the definition carries its line; model_calendar.c names the file only
     * for project calendars so far */
    ck_assert_int_eq(err.line, 4);
}
END_TEST

START_TEST(bad_values_not_needed_are_ignored)
{
    const char *doc = HEAD "<SaveVersion>banana</SaveVersion><CurrencyCode>XX?</CurrencyCode>\n"
                           "<Tasks><Task><UID>1</UID><Name>A</Name><Cost>lots</Cost>"
                           "<WBS>x.y</WBS><Notes><![CDATA[<b>hi</b>]]></Notes></Task></Tasks>"
                           "<Views><View>whatever</View></Views>" TAIL;
    ck_assert_int_eq(parse(doc), KEEL_OK);
    ck_assert_int_eq(b.tasks.len, 1);
}
END_TEST

START_TEST(no_stderr_from_libxml)
{
    /* libxml2 must not print; entities are not expanded from outside, and a
     * reference to one is an error at its line, not an empty value */
    const char *doc = "<?xml version=\"1.0\"?>\n<!DOCTYPE Project [<!ENTITY x SYSTEM "
                      "\"file:///etc/passwd\">]>\n"
                      "<Project xmlns=\"http://schemas.microsoft.com/project\">"
                      "<Tasks><Task><UID>1</UID><Name>&x;</Name></Task></Tasks></Project>";
    ck_assert_int_eq(parse(doc), KEEL_ERR_PARSE);
    ck_assert_msg(strstr(err.message, ":3: <Name>: the entity reference &x; is not supported"),
                  "%s", err.message);
    ck_assert_int_eq(b.tasks.len, 0);
}
END_TEST

/* libxml2 reports encoding errors through its generic error function, which
 * prints to stderr unless the reader silences it. */
START_TEST(no_stderr_on_encoding_error)
{
    static const char doc[] = "<?xml version=\"1.0\" encoding=\"SHIFT_JIS\"?>"
                              "<Project xmlns=\"http://schemas.microsoft.com/project\"><Name>"
                              "\xff\xfe\x80\x81\xa0</Name></Project>";
    char path[512];
    test_write_file("keel_stderr.txt", "", path, sizeof path);
    fflush(stderr);
    int saved = dup(2);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    dup2(fileno(f), 2);
    keel_status st = keel_mspdi_parse("enc.xml", doc, sizeof doc - 1, &b, NULL, &err);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fclose(f);
    ck_assert_int_eq(size, 0);
    ck_assert_int_eq(st, KEEL_ERR_PARSE);
    ck_assert_msg(strncmp(err.message, "enc.xml:1: not well-formed XML", 30) == 0, "%s",
                  err.message);
}
END_TEST

/* ---------------------------------------------------------------- real files */

START_TEST(ms_project_2019_links)
{
    const char *path = DATA "mpxj_task-links-project2019-mspdi.xml";
    ck_assert_int_eq(keel_mspdi_read(path, &b, NULL, &err), KEEL_OK);
    ck_assert_int_eq(b.projects.len, 1);
    ck_assert_int_eq(b.calendar_defs.data[b.projects.data[0].calendar].base, -1);
    /* Task 2 (UID 4) follows UID 3 with 1 day (4800 tenths, format 7); UID 8
     * follows UID 7 with 1 week (24000, format 9) */
    bool seen1 = false, seen2 = false;
    for (size_t i = 0; i < b.links.len; i++) {
        const keel_link *l = &b.links.data[i];
        if (b.tasks.data[l->succ].uid == 4) {
            ck_assert_int_eq(b.tasks.data[l->pred].uid, 3);
            ck_assert_int_eq(l->lag, 480);
            ck_assert_int_eq(l->lag_kind, KEEL_LAG_WORK);
            seen1 = true;
        }
        if (b.tasks.data[l->succ].uid == 8) {
            ck_assert_int_eq(l->lag, 2400);
            seen2 = true;
        }
    }
    ck_assert(seen1 && seen2);
    keel_portfolio *p = NULL;
    ck_assert_msg(keel_model_finish(&b, &p, &err) == KEEL_OK, "%s", err.message);
    keel_portfolio_free(p);
}
END_TEST

START_TEST(ms_project_2019_assignments)
{
    const char *path = DATA "mpxj_assignment-assignments-project2019-mspdi.xml";
    ck_assert_int_eq(keel_mspdi_read(path, &b, NULL, &err), KEEL_OK);
    ck_assert(b.resources.len >= 3);
    ck_assert_str_eq(b.resources.data[0].name, "Resource 1");
    ck_assert_int_eq(b.resources.data[0].max_units, KEEL_UNITS_ONE);
    ck_assert(b.assignments.len > 0);
    keel_portfolio *p = NULL;
    ck_assert_msg(keel_model_finish(&b, &p, &err) == KEEL_OK, "%s", err.message);
    keel_portfolio_free(p);
}
END_TEST

START_TEST(ms_project_2003_sample)
{
    const char *path = DATA "mpxj_sample.xml";
    ck_assert_int_eq(keel_mspdi_read(path, &b, NULL, &err), KEEL_OK);
    const keel_calendar_def *night = cal_named("Night Shift");
    ck_assert_int_eq(night->week[1].spans[0].from, 23 * 60);
    ck_assert_int_eq(night->week[1].spans[0].to, 1440);
    ck_assert_int_eq(cal_named("Second Resource")->base,
                     (int)(night - b.calendar_defs.data));
    ck_assert(b.tasks.len > 0);
    ck_assert(b.assignments.len > 0);
    /* Not finished here: task UID 2 has resources on the day and the night
     * calendar, which keel_model_finish intersects (no common time), while MS
     * Project runs each assignment on its own calendar. */
}
END_TEST

START_TEST(finish_small_portfolio)
{
    ck_assert_int_eq(parse_as("a.xml", doc_res, false), KEEL_OK);
    ck_assert_int_eq(parse_as("b.xml", doc_links, false), KEEL_OK);
    keel_portfolio *p = NULL;
    keel_status st = keel_model_finish(&b, &p, &err);
    ck_assert_msg(st == KEEL_OK, "%s", err.message);
    ck_assert_int_eq(p->nprojects, 2);
    ck_assert_int_eq(p->nresources, 5);
    bool warned = false; /* b.xml links to beta.xml, which is not loaded */
    for (int i = 0; i < p->nwarnings; i++)
        warned |= strstr(p->warnings[i], "beta.xml") != NULL;
    ck_assert(warned);
    keel_portfolio_free(p);
}
END_TEST

Suite *suite_mspdi(void)
{
    Suite *s = suite_create("mspdi");
    TCase *tc = tcase_create("read");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, header_and_project);
    tcase_add_test(tc, project_priority_deadline_weight);
    tcase_add_test(tc, task_fields);
    tcase_add_test(tc, task_progress_and_manual);
    tcase_add_test(tc, default_calendar_and_name);
    tcase_add_test(tc, links_and_lags);
    tcase_add_test(tc, link_to_summary_and_placeholders);
    tcase_add_test(tc, calendar_week_and_legacy_exceptions);
    tcase_add_test(tc, calendar_night_shift);
    tcase_add_test(tc, calendar_derived_exceptions_weeks);
    tcase_add_test(tc, calendar_recurrences_match_ms_project);
    tcase_add_test(tc, resources);
    tcase_add_test(tc, assignments);
    tcase_add_test(tc, pool_wins);
    tcase_add_test(tc, pool_read_after_sharer);
    tcase_add_test(tc, conflict_without_pool);
    tcase_add_test(tc, conflicting_availability);
    suite_add_tcase(s, tc);
    TCase *bad = tcase_create("bad input");
    tcase_add_checked_fixture(bad, setup, teardown);
    tcase_add_test(bad, bad_not_xml);
    tcase_add_test(bad, bad_truncated);
    tcase_add_test(bad, bad_namespace);
    tcase_add_test(bad, bad_empty_and_missing_file);
    tcase_add_test(bad, bad_duplicate_uids);
    tcase_add_test(bad, bad_link_to_missing_uid);
    tcase_add_test(bad, bad_durations);
    tcase_add_test(bad, spans_up_to_the_date_range);
    tcase_add_test(bad, bad_task_values);
    tcase_add_test(bad, bad_resources);
    tcase_add_test(bad, bad_assignments);
    tcase_add_test(bad, bad_calendar_no_working_time);
    tcase_add_test(bad, bad_resource_calendar_no_working_time);
    tcase_add_test(bad, bad_values_not_needed_are_ignored);
    tcase_add_test(bad, no_stderr_from_libxml);
    tcase_add_test(bad, no_stderr_on_encoding_error);
    suite_add_tcase(s, bad);
    TCase *real = tcase_create("ms project files");
    tcase_add_checked_fixture(real, setup, teardown);
    tcase_set_timeout(real, 60);
    tcase_add_test(real, ms_project_2019_links);
    tcase_add_test(real, ms_project_2019_assignments);
    tcase_add_test(real, ms_project_2003_sample);
    tcase_add_test(real, finish_small_portfolio);
    suite_add_tcase(s, real);
    return s;
}
