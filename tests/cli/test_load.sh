# keel load: load against capacity per resource and period, before and after
# leveling, with availability changes; CSV for spreadsheets; bad --by values.
. "$(dirname "$0")/lib.sh"
ex=instances/example
d=$KEEL_TMP/load; rm -rf "$d"; mkdir -p "$d"
sum=$(cat $ex/*.xml $ex/portfolio.txt | cksum)
expect_exit 0 "$KEEL" load --portfolio $ex/portfolio.txt --by month
contains "$OUT" "Ivo Petrov (max units 1.00; availability 1.00 from 2026-02-01T00:00:00, 0.50 from 2026-05-01T00:00:00)" \
    "  month        capacity h   before h        %    after h        %" "  2026-02 "
expect_exit 0 "$KEEL" load --portfolio $ex/portfolio.txt --by week --csv
contains "$OUT" "resource,period_start,period_end,capacity_hours,before_hours,after_hours"
# Ivo Petrov's capacity by week: 40 h; 32 in the weeks of the Easter holidays
# and of 1 May (a holiday, the day he goes half time); 20 h after
for w in '2026-04-20T00:00:00,2026-04-27T00:00:00,40.00,' '2026-03-30T00:00:00,2026-04-06T00:00:00,32.00,' \
    '2026-04-06T00:00:00,2026-04-13T00:00:00,32.00,' '2026-04-27T00:00:00,2026-05-04T00:00:00,32.00,' \
    '2026-05-04T00:00:00,2026-05-11T00:00:00,20.00,'; do
    printf '%s\n' "$OUT" | grep -q "^Ivo Petrov,$w" ||
        fail "Ivo's capacity $w: $(printf '%s\n' "$OUT" | grep "^Ivo Petrov,${w%%,*}")"
done
# as planned the example is overloaded somewhere; leveled (--level) it is not
printf '%s\n' "$OUT" | awk -F, 'NR > 1 && $6 > $4 + 0.01 { over = 1 } END { exit !over }' ||
    fail "the plan as given shows no week above capacity"
expect_exit 0 "$KEEL" load --portfolio $ex/portfolio.txt --level --schedules 2000 --csv --by day
printf '%s\n' "$OUT" | awk -F, 'NR > 1 && $1 != "Ivo Petrov" && $6 > $4 + 0.01 { print; bad = 1 } END { exit bad }' ||
    fail "a day above capacity after leveling"
# -o writes the CSV atomically, never over an input
expect_exit 0 "$KEEL" load --portfolio $ex/portfolio.txt -o "$d/load.csv" --by day
contains "$OUT" "wrote $d/load.csv"
head -1 "$d/load.csv" | grep -q '^resource,period_start' || fail "load.csv header"
ls -a "$d" | grep -q 'keel-' && fail "temporary file left behind"
expect_exit 1 "$KEEL" load --portfolio $ex/portfolio.txt -o $ex/portfolio.txt
contains "$ERR" "refusing to overwrite the input file"
expect_exit 1 "$KEEL" load --portfolio $ex/portfolio.txt --by year
contains "$ERR" "--by: 'year' is not day, week or month"
expect_exit 1 "$KEEL" load --portfolio $ex/portfolio.txt --by
contains "$ERR" "--by: '' is not day, week or month"
[ "$(cat $ex/*.xml $ex/portfolio.txt | cksum)" = "$sum" ] || fail "an input file changed"
# --json: the same numbers as the CSV, per resource one array per column
expect_exit 0 "$KEEL" load --portfolio $ex/portfolio.txt --by week --json
printf '%s\n' "$OUT" >"$d/load.json"
expect_exit 0 "$KEEL" load --portfolio $ex/portfolio.txt --by week --csv
printf '%s\n' "$OUT" >"$d/load.csv"
python3 - "$d/load.json" "$d/load.csv" <<'PY' || fail "load --json differs from --csv"
import csv, json, sys
j = json.load(open(sys.argv[1]))
rows = {(r['resource'], r['period_start']): r for r in csv.DictReader(open(sys.argv[2]))}
assert j['by'] == 'week' and j['unit'] == 'hours', j['by']
for res in j['resources']:
    for i, start in enumerate(j['periods'][:-1]):
        row = rows[(res['name'], start)]
        for col in ('capacity', 'before', 'after'):
            assert abs(res[col][i] - float(row[col + '_hours'])) < 0.006, (res['name'], start, col)
PY
