# keel health: the DCMA 14-point checks as text, JSON and CSV; findings exit 0,
# unreadable input exits 1 with nothing on stdout; stable counts on the files
# MS Project saved (tests/data/mspdi) and the example portfolio.
. "$(dirname "$0")/lib.sh"
h=tests/data/health
# counts as rows "check:count/total:verdict" of the CSV, for one project or the portfolio
rows() { printf '%s\n' "$OUT" | awk -F, -v who="$1" '$1 == who {printf "%s:%s/%s:%s ", $3, $6, $7, $11}'; }

expect_exit 0 "$KEEL" health $h/structure.xml
contains "$OUT" "project structure.xml, status date none" \
    "   1  Missing logic                        3      10    30.0 %  <= 5 %     FAIL" \
    "   4  Relationship types (FS share)        2       8    75.0 %  >= 90 %    FAIL" \
    "n/a (no status date)" "4 of 10 applicable checks pass" \
    "structure.xml UID 5 'Review prototype' after structure.xml UID 4 'Prototype': FS (-0.5 d)" \
    "structure.xml UID 8 'Fix': FNLT (2026-01-30T17:00:00)"
expect_exit 0 "$KEEL" health $h/progress.xml --csv checks
contains "$OUT" "project,number,check,title,applicable,count,total,value,threshold,rule,pass,note"
r=$(rows progress.xml)
contains "$r" "missed_tasks:3/4:fail" "bei:1/4:fail" "invalid_dates:2/7:fail" "cpli:1/1:fail"
contains "$OUT" "progress.xml,14,bei,Baseline execution index,yes,1,4,0.75,0.95,index,fail,"
expect_exit 0 "$KEEL" health $h/progress.xml --csv tasks
contains "$OUT" "progress.xml,11,missed_tasks,4,Validate,,,,2026-01-14T17:00:00,date,not finished" \
    "progress.xml,9,invalid_dates,7,Archive,,,,2026-01-20T08:00:00,date,actual start after the status date"
expect_exit 0 "$KEEL" health $h/broken.xml $h/float.xml --json
contains "$OUT" '"name":"broken.xml","status_date":null' \
    '"name":"critical_path_test","title":"Critical path test","rule":"test","threshold":1,"applicable":true,"note":null,"count":1,"total":1,"value":0,"pass":false' \
    '"why":"the delay does not reach the project finish"' \
    '"name":"negative_float"' '"value":-19680,"why":"negative total slack"' \
    '"portfolio":{"checks":[{"number":1,"name":"logic"'
# a status date on the command line replaces the file's (a date alone: its end)
expect_exit 0 "$KEEL" health $h/cpli.xml --status-date 2026-01-16 --csv checks
r=$(rows cpli.xml)
contains "$r" "missed_tasks:1/2:fail" "bei:1/2:fail"
# names with commas and quotes are quoted for spreadsheets
sed 's/<Name>Kick-off</<Name>Kick-off, "phase 1"</' $h/structure.xml > "$KEEL_TMP/quoted.xml"
expect_exit 0 "$KEEL" health "$KEEL_TMP/quoted.xml" --csv tasks
contains "$OUT" ',1,"Kick-off, ""phase 1""",'

# files saved by MS Project (from MPXJ's test data) and the example portfolio
d=tests/data/mspdi
expect_exit 0 "$KEEL" health $d/mpxj_sample.xml --csv checks
contains "$(rows mpxj_sample.xml)" "logic:16/16:fail" "leads:1/6:fail" "lags:1/6:fail" \
    "relationship_types:3/6:fail" "hard_constraints:0/16:pass" "high_float:15/16:fail" \
    "negative_float:0/16:pass" "high_duration:1/16:fail" "resources:14/15:fail" \
    "critical_path_test:0/1:pass"
expect_exit 0 "$KEEL" health $d/mpxj_task-links-project2019-mspdi.xml --csv checks
contains "$(rows mpxj_task-links-project2019-mspdi.xml)" "logic:16/16:fail" "lags:7/8:fail" \
    "relationship_types:3/8:fail" "resources:16/16:fail" "critical_path_test:1/1:fail"
expect_exit 0 "$KEEL" health --portfolio instances/example/portfolio.txt --csv checks
contains "$(rows '(portfolio)')" "logic:12/79:fail" "leads:4/100:fail" "lags:25/100:fail" \
    "relationship_types:20/100:fail" "invalid_dates:2/34:fail" "resources:3/68:fail" \
    "critical_path_test:0/3:pass" "cpli:0/3:pass"

# bad input: exit 1 (file) or 2 (command line), nothing on stdout
expect_exit 1 "$KEEL" health "$KEEL_TMP/missing.xml"
contains "$ERR" "keel: error: $KEEL_TMP/missing.xml"
[ -z "$OUT" ] || fail "output on error: $OUT"
expect_exit 1 "$KEEL" health $h/cpli.xml --status-date soon
contains "$ERR" "keel: error: --status-date: 'soon' is not a date"
[ -z "$OUT" ] || fail "output on error: $OUT"
expect_exit 1 "$KEEL" health $h/cpli.xml --csv everything
contains "$ERR" "--csv 'everything': expected checks or tasks"
expect_exit 2 "$KEEL" health $h/cpli.xml --csv tasks --json
