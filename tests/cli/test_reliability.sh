# keel level as a careful user meets it: Ctrl-C and SIGTERM keep the best
# schedule found so far (complete, verified files, no temporaries), a second
# Ctrl-C leaves no partial set, stale temporaries of a killed run are removed,
# targets that cannot be written are refused before the solve, dates keel
# could not read back are refused before anything is written.
. "$(dirname "$0")/lib.sh"
ex=instances/example
files="erp-upgrade.xml website-relaunch.xml office-move.xml"

no_temporaries() { ! ls -a "$1" 2>/dev/null | grep -q 'keel-' || fail "temporaries left in $1"; }

# verified DIR: the three leveled files are there and keel verify accepts them
verified() {
    for f in $files; do [ -s "$1/$f" ] || fail "missing $1/$f"; done
    cp $ex/portfolio.txt "$1/"
    expect_exit 0 "$KEEL" verify --portfolio "$1/portfolio.txt"
    rm "$1/portfolio.txt"
}

# run_signalled SIG DIR: level with a long time limit, SIG after a second
run_signalled() {
    "$KEEL" level --portfolio $ex/portfolio.txt -o "$2" --time-limit 120 --seed 2 \
        >"$KEEL_TMP/rel.out" 2>"$KEEL_TMP/rel.err" &
    pid=$!
    sleep 1
    kill -"$1" $pid
    wait $pid
    code=$?
    ERR=$(cat "$KEEL_TMP/rel.err")
}

for sig in INT:130:SIGINT TERM:143:SIGTERM; do
    name=${sig%%:*}; rest=${sig#*:}; want=${rest%%:*}; label=${rest#*:}
    out=$KEEL_TMP/rel_$name; rm -rf "$out"
    run_signalled "$name" "$out"
    [ "$code" -eq "$want" ] || fail "$name: exit $code, expected $want: $ERR"
    contains "$ERR" "interrupted by $label" "wrote the best schedule found so far" "verified"
    contains "$(cat "$KEEL_TMP/rel.out")" "wrote 3 leveled files"
    verified "$out"
    no_temporaries "$out"
done

# solve: Ctrl-C prints the best schedule so far
"$KEEL" solve instances/psplib/j120/j1201_1.sm --time-limit 120 --solvers ga \
    >"$KEEL_TMP/rel.out" 2>"$KEEL_TMP/rel.err" &
pid=$!
sleep 1
kill -INT $pid
wait $pid; code=$?
[ "$code" -eq 130 ] || fail "solve: exit $code"
contains "$(cat "$KEEL_TMP/rel.err")" "interrupted by SIGINT" "this is the best schedule found so far"
contains "$(cat "$KEEL_TMP/rel.out")" "makespan "

# a second Ctrl-C: exit 130 and never a partial set (either nothing, when it
# came in time, or the complete set when the run had already finished)
out=$KEEL_TMP/rel_twice; rm -rf "$out"
"$KEEL" level --portfolio $ex/portfolio.txt -o "$out" --time-limit 120 >/dev/null 2>"$KEEL_TMP/rel.err" &
pid=$!
sleep 1
kill -INT $pid; sleep 0.05; kill -INT $pid 2>/dev/null
wait $pid; code=$?
[ "$code" -eq 130 ] || fail "twice: exit $code"
if [ -d "$out" ] && [ -n "$(ls "$out")" ]; then verified "$out"; fi
no_temporaries "$out"

# temporaries of a run killed with kill -9 are removed by the next run
out=$KEEL_TMP/rel_stale; rm -rf "$out"; mkdir -p "$out"
printf '<Project' >"$out/.erp-upgrade.xml.keel-x1Y2z3"
expect_exit 0 "$KEEL" level --portfolio $ex/portfolio.txt -o "$out" --schedules 500
contains "$ERR" "keel: note: " "removed 1 temporary file left by a keel run that was killed"
no_temporaries "$out"
verified "$out"

# a folder that cannot be made is refused before the solve (a file is in the way)
blocker=$KEEL_TMP/rel_file; : >"$blocker"
expect_exit 1 "$KEEL" level --portfolio $ex/portfolio.txt -o "$blocker/sub" --time-limit 120
contains "$ERR" "rel_file: cannot create the output folder: a file has this name"

# the input folder as output: refused before the solve, inputs untouched
in=$KEEL_TMP/rel_in; rm -rf "$in"; mkdir -p "$in"; cp $ex/*.xml $ex/portfolio.txt "$in/"
sum=$(cat "$in"/* | cksum)
expect_exit 1 "$KEEL" level --portfolio "$in/portfolio.txt" -o "$in" --time-limit 120
contains "$ERR" "refusing to overwrite the input file"
[ "$(cat "$in"/* | cksum)" = "$sum" ] || fail "an input changed"
no_temporaries "$in"

# a leveled date keel could not read back is an error before anything is written
far=$KEEL_TMP/rel_far.xml
cat >"$far" <<'XML'
<?xml version="1.0"?>
<Project xmlns="http://schemas.microsoft.com/project">
<StartDate>2195-01-02T08:00:00</StartDate>
<Tasks>
<Task><UID>1</UID><ID>1</ID><Name>Long haul</Name><Duration>PT16000H0M0S</Duration></Task>
</Tasks>
</Project>
XML
out=$KEEL_TMP/rel_far_out; rm -rf "$out"
expect_exit 1 "$KEEL" level "$far" -o "$out"
contains "$ERR" "rel_far.xml:5: task UID 1 'Long haul': the leveled finish 2202-" \
    "outside the years 1900..2200" "nothing was written"
[ ! -e "$out" ] || fail "$out was created"

# inputs that are not regular files are refused at once (a FIFO used to hang)
fifo=$KEEL_TMP/rel_fifo; rm -f "$fifo"; mkfifo "$fifo"
expect_exit 1 timeout 20 "$KEEL" verify "$fifo"
contains "$ERR" "rel_fifo: is a pipe (FIFO); keel reads regular files only"
expect_exit 1 timeout 20 "$KEEL" level --pool "$fifo" $ex/erp-upgrade.xml
contains "$ERR" "is a pipe (FIFO)"
rm -f "$fifo"
expect_exit 1 "$KEEL" verify /dev/zero
contains "$ERR" "/dev/zero: is a character device; keel reads regular files only"

# libxml2's limits and entities in the user's words, with the line
deep=$KEEL_TMP/rel_deep.xml
{ printf '<?xml version="1.0"?>\n<Project xmlns="http://schemas.microsoft.com/project">'
  i=0; while [ $i -lt 300 ]; do printf '<a>'; i=$((i + 1)); done; printf '\n</Project>\n'; } >"$deep"
expect_exit 1 "$KEEL" verify "$deep"
contains "$ERR" "rel_deep.xml:2: " "nested more than 256 levels deep"
ent=$KEEL_TMP/rel_entity.xml
cat >"$ent" <<'XML'
<?xml version="1.0"?>
<!DOCTYPE Project [ <!ENTITY u "1.0"> ]>
<Project xmlns="http://schemas.microsoft.com/project">
<Resources><Resource><UID>1</UID><ID>1</ID><Name>A</Name><Type>1</Type>
<MaxUnits>&u;</MaxUnits></Resource></Resources>
</Project>
XML
expect_exit 1 "$KEEL" verify "$ent"
contains "$ERR" "rel_entity.xml:5: <MaxUnits>: the entity reference &u; is not supported"

# 50,000 copies of one predecessor link: one warning with the line, one link kept
dups=$KEEL_TMP/rel_dups.xml
{ printf '<?xml version="1.0"?>\n<Project xmlns="http://schemas.microsoft.com/project">\n'
  printf '<StartDate>2026-01-05T08:00:00</StartDate>\n<Tasks>\n'
  printf '<Task><UID>1</UID><ID>1</ID><Name>A</Name><Duration>PT8H0M0S</Duration></Task>\n'
  printf '<Task><UID>2</UID><ID>2</ID><Name>B</Name><Duration>PT8H0M0S</Duration>\n'
  awk 'BEGIN { for (i = 0; i < 50000; i++)
      print "<PredecessorLink><PredecessorUID>1</PredecessorUID><Type>1</Type></PredecessorLink>" }'
  printf '</Task>\n</Tasks>\n</Project>\n'; } >"$dups"
expect_exit 0 "$KEEL" cpm "$dups"
contains "$ERR" "rel_dups.xml:8: task UID 2 'B': predecessor UID 1 is linked 50000 times" \
    "keel keeps one"
contains "$OUT" "CPM finish 2026-01-06T17:00:00"

# a task calendar closed for a century: a warning with the exception's line;
# a calendar without any working time: an error with file:line
cal=$KEEL_TMP/rel_cal.xml
cat >"$cal" <<'XML'
<?xml version="1.0"?>
<Project xmlns="http://schemas.microsoft.com/project">
<StartDate>2026-01-05T08:00:00</StartDate><CalendarUID>1</CalendarUID>
<Calendars>
<Calendar><UID>1</UID><Name>Standard</Name><IsBaseCalendar>1</IsBaseCalendar></Calendar>
<Calendar><UID>3</UID><Name>Closed</Name><IsBaseCalendar>1</IsBaseCalendar><BaseCalendarUID>1</BaseCalendarUID>
<Exceptions><Exception><TimePeriod><FromDate>2026-01-01T00:00:00</FromDate><ToDate>2125-12-31T23:59:00</ToDate></TimePeriod><Name>Shutdown</Name><Type>1</Type><DayWorking>0</DayWorking></Exception></Exceptions>
</Calendar>
</Calendars>
<Tasks>
<Task><UID>1</UID><ID>1</ID><Name>A</Name><Duration>PT8H0M0S</Duration><CalendarUID>3</CalendarUID></Task>
</Tasks>
</Project>
XML
expect_exit 0 "$KEEL" cpm "$cal"
contains "$ERR" "rel_cal.xml:7: calendar 'Closed': exception 'Shutdown': makes 36524 days non-working"
sed 's|<Calendar><UID>3</UID><Name>Closed</Name><IsBaseCalendar>1</IsBaseCalendar><BaseCalendarUID>1</BaseCalendarUID>|<Calendar><UID>3</UID><Name>Closed</Name><IsBaseCalendar>1</IsBaseCalendar><WeekDays><WeekDay><DayType>1</DayType><DayWorking>0</DayWorking></WeekDay><WeekDay><DayType>2</DayType><DayWorking>0</DayWorking></WeekDay><WeekDay><DayType>3</DayType><DayWorking>0</DayWorking></WeekDay><WeekDay><DayType>4</DayType><DayWorking>0</DayWorking></WeekDay><WeekDay><DayType>5</DayType><DayWorking>0</DayWorking></WeekDay><WeekDay><DayType>6</DayType><DayWorking>0</DayWorking></WeekDay><WeekDay><DayType>7</DayType><DayWorking>0</DayWorking></WeekDay></WeekDays>|' \
    "$cal" >"$KEEL_TMP/rel_cal0.xml"
expect_exit 1 "$KEEL" cpm "$KEEL_TMP/rel_cal0.xml"
contains "$ERR" "rel_cal0.xml:6: calendar UID 3 'Closed': has no working time"

# no StartDate and no task Start: an error, not dates in the year 17536621479599
nostart=$KEEL_TMP/rel_nostart.xml
cat >"$nostart" <<'XML'
<?xml version="1.0"?>
<Project xmlns="http://schemas.microsoft.com/project">
<Tasks><Task><UID>1</UID><ID>1</ID><Name>A</Name><Duration>PT8H0M0S</Duration></Task></Tasks>
</Project>
XML
expect_exit 1 "$KEEL" cpm "$nostart"
contains "$ERR" "rel_nostart.xml: project: no StartDate and no task has a Start"

# two assignments of one resource on one task that add up to more than it
# has (found by fuzz_level): the task still respects its other resources
out=$KEEL_TMP/rel_double; rm -rf "$out"
expect_exit 0 "$KEEL" level tests/fuzz/corpus/level/double_assignment.xml -o "$out" --schedules 1
expect_exit 0 "$KEEL" verify "$out/double_assignment.xml"

# found by fuzz_level: a task leveled 164 years late behind a calendar
# exception (its LevelingDelay), a summary spanning 154 years on a 24-hour
# calendar (its Duration), a task with <UID>4.</UID>: each leveled file reads
# back, and verify says what level said after leveling
after_line() {
    printf '%s\n' "$1" | sed -n 's/^after leveling: \([0-9]* conflicts\{0,1\} ([0-9]* accepted\).*/\1)/p'
}
for f in long_exception_delay long_exception_summary uid_decimal; do
    out=$KEEL_TMP/rel_$f; rm -rf "$out"
    expect_exit 0 "$KEEL" level tests/fuzz/corpus/level/$f.xml -o "$out" --schedules 20
    said=$(after_line "$OUT")
    expect_exit 0 "$KEEL" verify "$out/$f.xml"
    [ "$said" = "$(printf '%s\n' "$OUT" | tail -1)" ] || fail "$f: level says '$said', verify '$OUT'"
done
# --within-slack leaves conflicts it cannot level within slack: level exits 4
# and reports them, verify finds the same in the file written (exit 4 too)
out=$KEEL_TMP/rel_slack; rm -rf "$out"
expect_exit 4 "$KEEL" level tests/fuzz/corpus/level/within_slack_left.xml -o "$out" \
    --solvers ga --objective tardiness --seed 255 --schedules 20 --within-slack
contains "$OUT" "after leveling: 3 conflicts (1 accepted" "2 tasks could not be leveled"
said=$(after_line "$OUT")
expect_exit 4 "$KEEL" verify "$out/within_slack_left.xml"
[ "$said" = "$(printf '%s\n' "$OUT" | tail -1)" ] || fail "within slack: level says '$said', verify '$OUT'"

# a task whose demand on one resource can never fit later (a capacity that
# drops for good below it) still respects its other resources: the example
# without its portfolio file, first schedule only (what Ctrl-C at once keeps)
out=$KEEL_TMP/rel_hopeless; rm -rf "$out"
expect_exit 0 "$KEEL" level $ex/erp-upgrade.xml $ex/website-relaunch.xml $ex/office-move.xml \
    -o "$out" --schedules 1
expect_exit 0 "$KEEL" verify "$out/erp-upgrade.xml" "$out/website-relaunch.xml" "$out/office-move.xml"
echo ok
