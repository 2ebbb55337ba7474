# The report's sections from the other PMO commands, checked in a real
# browser against those commands' JSON: the what-if comparison (keel whatif
# --report) equals `keel whatif --json`; the schedule health table equals
# `keel health --json` (on by default, --no-health leaves it out); the
# schedule risk (--risk) has one histogram per project counting every
# iteration, and the percentiles and chances of `keel risk --json` of the same
# plan. Valid HTML, the same bytes per run, never over an input (the scenario
# file included), bad options refused before any work.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/browser.sh"
ex=instances/example
d=$KEEL_TMP/sections; rm -rf "$d"; mkdir -p "$d"
sum=$(cat $ex/*.xml $ex/portfolio.txt | cksum)
cat >"$d/s.txt" <<'EOF'
[scenario hire]
capacity Carla Nunes = +1
[scenario drop-web]
remove = website-relaunch
[scenario rush-office]
priority office = 900
EOF

# what-if: the report of the base with the comparison
expect_exit 0 "$KEEL" whatif --portfolio $ex/portfolio.txt --scenarios "$d/s.txt" --schedules 300 \
    --json --report "$d/w.html"
printf '%s\n' "$OUT" >"$d/w.json"
contains "$ERR" "wrote the report $d/w.html"
expect_exit 0 "$KEEL" whatif --portfolio $ex/portfolio.txt --scenarios "$d/s.txt" --schedules 300 \
    --report "$d/w2.html" --sweep "Carla Nunes=+0..+1"
contains "$OUT" "sweep of Carla Nunes"
grep -q 'id="sweep-answer"' "$d/w2.html" || fail "the report has no sweep answer"
expect_exit 0 "$KEEL" whatif --portfolio $ex/portfolio.txt --scenarios "$d/s.txt" --schedules 300 \
    --report "$d/w3.html"
cmp -s "$d/w.html" "$d/w3.html" || fail "two what-if reports of the same run differ"
expect_exit 0 "$KEEL" health --portfolio $ex/portfolio.txt --json
printf '%s\n' "$OUT" >"$d/h.json"

# risk: the example with a spread on every task; the report of the files' dates
# and keel risk of the same plan (the input), seed and iterations
mkdir -p "$d/exu" && cp $ex/*.xml "$d/exu/"
(cat $ex/portfolio.txt; printf '\n[uncertainty]\n* = -10%% +40%%\n') >"$d/exu/portfolio.txt"
expect_exit 0 "$KEEL" report --portfolio "$d/exu/portfolio.txt" -o "$d/r.html" --risk-iterations 300
expect_exit 0 "$KEEL" risk --portfolio "$d/exu/portfolio.txt" --plan input --iterations 300 --json
printf '%s\n' "$OUT" >"$d/r.json"
# level --report: health by default, risk only when asked
expect_exit 0 "$KEEL" level --portfolio $ex/portfolio.txt --schedules 300 --report "$d/l.html"
expect_exit 0 "$KEEL" level --portfolio $ex/portfolio.txt --schedules 300 --report "$d/n.html" \
    --no-health
for f in w r l n; do
    tidy -q -e "$d/$f.html" >"$d/tidy.txt" 2>&1 || fail "tidy on $f.html: $(head -5 "$d/tidy.txt")"
    xmllint --noout "$d/$f.html" || fail "$f.html is not well-formed"
done

# a generated portfolio: one risk histogram per project
g=$d/gen
"$KEEL_GEN" --projects 6 --tasks 40 --resources 12 --seed 3 -o "$g" >/dev/null || fail "gen_portfolio"
printf '\n[uncertainty]\n* = -20%% +50%%\n' >>"$g/portfolio.txt"
expect_exit 0 "$KEEL" level --portfolio "$g/portfolio.txt" --pool "$g/resource-pool.xml" \
    --schedules 300 --report "$d/g.html" --risk --risk-iterations 200 --quiet
expect_exit 0 "$KEEL" health --portfolio "$g/portfolio.txt" --pool "$g/resource-pool.xml" --json
printf '%s\n' "$OUT" >"$d/gh.json"
[ "$(grep -o '<svg class="risk' "$d/g.html" | wc -l)" -eq 6 ] || fail "not one risk histogram per project"

why=$(browser_skip_reason)
if [ -n "$why" ]; then
    echo "SKIP: report sections in a browser: $why"
else
    for f in w r l n g; do
        browser --dump-dom "file://$d/$f.html" >"$d/$f.dom" || fail "chromium --dump-dom $f.html"
    done
    python3 tests/cli/sections_dom.py "$d/w.dom" --whatif "$d/w.json" --health "$d/h.json" \
        --no risk || fail "DOM of the what-if report"
    python3 tests/cli/sections_dom.py "$d/r.dom" --risk "$d/r.json" --no scenarios ||
        fail "DOM of the risk report"
    python3 tests/cli/sections_dom.py "$d/l.dom" --health "$d/h.json" --no risk --no scenarios ||
        fail "DOM of level --report"
    python3 tests/cli/sections_dom.py "$d/n.dom" --no health --no risk || fail "DOM of --no-health"
    python3 tests/cli/sections_dom.py "$d/g.dom" --health "$d/gh.json" --no scenarios >"$d/g.txt" ||
        fail "DOM of the generated portfolio's report: $(cat "$d/g.txt")"
    contains "$(cat "$d/g.txt")" "6 risk histograms"
fi

# never over an input (the scenario file is one), refused before any work
expect_exit 1 "$KEEL" whatif --portfolio $ex/portfolio.txt --scenarios "$d/s.txt" --report "$d/s.txt"
contains "$ERR" "refusing to overwrite the input file"
expect_exit 1 "$KEEL" whatif --portfolio $ex/portfolio.txt --scenarios "$d/s.txt" \
    --report $ex/office-move.xml
contains "$ERR" "refusing to overwrite the input file"
[ "$(cat $ex/*.xml $ex/portfolio.txt | cksum)" = "$sum" ] || fail "an input file changed"
grep -q '^remove = website-relaunch' "$d/s.txt" || fail "the scenario file changed"
# bad command lines and values
expect_exit 2 "$KEEL" whatif --portfolio $ex/portfolio.txt --scenarios "$d/s.txt" --shard 1/2 \
    --report "$d/x.html"
contains "$ERR" "--report compares every scenario"
expect_exit 2 "$KEEL" level --portfolio $ex/portfolio.txt --risk
contains "$ERR" "give --report FILE"
expect_exit 2 "$KEEL" whatif --merge "$d/w.json" --report "$d/x.html"
expect_exit 1 "$KEEL" report --portfolio $ex/portfolio.txt -o "$d/x.html" --risk-iterations 0
contains "$ERR" "--risk-iterations: '0' is not a whole number"
[ -e "$d/x.html" ] && fail "a report was written after a bad option"
exit 0
