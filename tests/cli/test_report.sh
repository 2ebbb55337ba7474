# keel report and level --report: one self-contained HTML file that a real
# browser renders with a chart per project and per resource and the numbers
# of `keel level --json`; valid by tidy (HTML5 rules) and well-formed XML;
# CSV exports; deterministic; the same on the leveled files; never written
# over an input; bad targets refused before any work.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/browser.sh"
ex=instances/example
d=$KEEL_TMP/report; rm -rf "$d"; mkdir -p "$d"
sum=$(cat $ex/*.xml $ex/portfolio.txt | cksum)

expect_exit 0 "$KEEL" level --portfolio $ex/portfolio.txt -o "$d/out" --schedules 3000 --seed 5 \
    --json --report "$d/level.html"
printf '%s\n' "$OUT" >"$d/level.json"
contains "$OUT" '"why":{"projects":[{"project":' '"by_resource":[{"resource":' '"tasks":[{' \
    '"blocked_by":[{"resource":' '"held_by":['
[ -s "$d/level.html" ] || fail "level --report wrote no report"
ls -a "$d" | grep -q 'keel-' && fail "temporary file left behind"
expect_exit 0 "$KEEL" level --portfolio $ex/portfolio.txt -o "$d/out" --schedules 3000 --seed 5
contains "$OUT" "why projects slip" "website-relaunch.xml: " " d late" "longest wait: UID "

# the leveled files give the same report numbers, byte-identical when repeated
cp $ex/portfolio.txt "$d/out/"
expect_exit 0 "$KEEL" report --portfolio "$d/out/portfolio.txt" -o "$d/files.html" --csv "$d/csv"
contains "$OUT" "why projects slip" "wrote $d/files.html" "load.csv"
expect_exit 0 "$KEEL" report --portfolio "$d/out/portfolio.txt" -o "$d/files2.html"
cmp -s "$d/files.html" "$d/files2.html" || fail "two reports of the same files differ"
head -1 "$d/csv/projects.csv" | grep -q '^project,file,priority,weight,start,cpm_finish,finish,delay_days' ||
    fail "projects.csv header: $(head -1 "$d/csv/projects.csv")"
[ "$(wc -l <"$d/csv/projects.csv")" -eq 4 ] || fail "projects.csv: not one row per project"
[ "$(wc -l <"$d/csv/tasks.csv")" -eq 97 ] || fail "tasks.csv: not one row per task"
grep -q '^website-relaunch.xml,.*,.*Carla Nunes' "$d/csv/projects.csv" || fail "projects.csv: no top resource"
head -1 "$d/csv/load.csv" | grep -q '^resource,period_start,period_end,capacity_hours' || fail "load.csv header"

# validators: tidy with HTML5 rules, xmllint for well-formedness
for f in level files; do
    tidy -q -e "$d/$f.html" >"$d/tidy.txt" 2>&1 || fail "tidy on $f.html: $(head -5 "$d/tidy.txt")"
    xmllint --noout "$d/$f.html" || fail "$f.html is not well-formed"
done
grep -qE '<script|https?://' "$d/level.html" && fail "the report loads a script or the network"

nres=$("$KEEL" load --portfolio $ex/portfolio.txt --csv --by month | tail -n +2 | cut -d, -f1 | sort -u | wc -l)
[ "$nres" -eq 9 ] || fail "expected the example's 9 work resources, load lists $nres"
why=$(browser_skip_reason)
if [ -n "$why" ]; then
    echo "SKIP: report in a browser: $why"
else
    for f in level files; do
        browser --dump-dom "file://$d/$f.html" >"$d/$f.dom" || fail "chromium --dump-dom $f.html"
        python3 tests/cli/report_dom.py "$d/$f.dom" "$d/level.json" "$nres" || fail "DOM of $f.html"
    done
    browser --screenshot="$d/level.png" --window-size=1280,2000 "file://$d/level.html" >/dev/null ||
        fail "chromium --screenshot"
    set -- $(python3 tests/cli/png_stats.py "$d/level.png")
    [ "$1" -eq 1280 ] && [ "$2" -eq 2000 ] || fail "screenshot is $1 x $2"
    awk -v ink="$3" -v n="$4" 'BEGIN { exit !(ink > 0.03 && n > 20) }' ||
        fail "screenshot looks blank: $3 of the pixels inked, $4 colours"
fi

# never over an input, refused before any work; the input stays as it was
expect_exit 1 "$KEEL" report --portfolio $ex/portfolio.txt -o $ex/office-move.xml
contains "$ERR" "refusing to overwrite the input file"
expect_exit 1 "$KEEL" level --portfolio $ex/portfolio.txt -o "$d/out3" --report $ex/portfolio.txt
contains "$ERR" "refusing to overwrite the input file"
[ -e "$d/out3" ] && fail "level wrote files although its report target was refused"
expect_exit 1 "$KEEL" report --portfolio $ex/portfolio.txt -o "$d/csv"
contains "$ERR" "not a regular file"
mkdir -p "$d/bad/tasks.csv"
expect_exit 1 "$KEEL" report --portfolio $ex/portfolio.txt -o "$d/r.html" --csv "$d/bad"
contains "$ERR" "tasks.csv: exists and is not a regular file"
[ -e "$d/r.html" ] && fail "report wrote its HTML although a CSV target was refused"
# new folders are made; the HTML and the CSV in one folder are one output set
expect_exit 0 "$KEEL" report --portfolio $ex/portfolio.txt -o "$d/new/r.html" --csv "$d/new"
[ -s "$d/new/r.html" ] && [ -s "$d/new/tasks.csv" ] || fail "report into a new folder"
ls -a "$d/new" | grep -q 'keel-' && fail "temporary file left behind"
[ "$(cat $ex/*.xml $ex/portfolio.txt | cksum)" = "$sum" ] || fail "an input file changed"
expect_exit 2 "$KEEL" report --portfolio $ex/portfolio.txt
contains "$ERR" "report needs -o FILE.html or --csv DIR"
# --level: the report of keel's leveling
expect_exit 0 "$KEEL" report --portfolio $ex/portfolio.txt --level --schedules 500 -o "$d/lv.html"
grep -q 'Schedule leveled by keel' "$d/lv.html" || fail "report --level is not of the leveled schedule"
grep -q 'Schedule as it stands in the files' "$d/files.html" || fail "report of files says otherwise"
# --json: what was written and why projects slip, as level --json has it
expect_exit 0 "$KEEL" report --portfolio "$d/out/portfolio.txt" -o "$d/j.html" --json
contains "$OUT" '"report":"' '"csv":null' '"why":{"projects":[{"project":'
