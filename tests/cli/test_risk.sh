# keel risk: text, JSON and CSV; the same seed gives the same bytes on any
# number of threads; zero spread gives the leveled finish at every percentile
# on a generated portfolio; bad options and estimates exit 1 before anything
# is printed.
. "$(dirname "$0")/lib.sh"
r=tests/data/risk
expect_exit 0 "$KEEL" risk --portfolio $r/shared.txt --iterations 300 --schedules 200
contains "$OUT" "risk of the leveled plan: 300 iterations, seed 1; 3 tasks vary (0 by three-point estimates in the files, 3 by the portfolio file)" \
    "project                      plan finish          P50                  P80                  P95" \
    "shared.xml                   2026-01-09T17:00:00" "drivers of shared.xml:" \
    "critical 100 %  shared.xml UID 1 'Design'" "drivers of the portfolio finish:"
expect_exit 0 "$KEEL" risk $r/chain.xml --plan input --iterations 200 --percentiles 10,50,90 --json
contains "$OUT" '"plan":"input","iterations":200,"seed":1,"uncertain":20,"from_files":20' \
    '"plan_finish":"2026-02-27T17:00:00"' '"percentiles":[{"p":10,"finish":' \
    '"histogram":{"edges":["' '"drivers":[{"project":"chain.xml","uid":' \
    '"source":"file","optimistic":480,"most_likely":960,"pessimistic":2400,"criticality":1,' \
    '"name":"Side task","source":"none","optimistic":480,"most_likely":480,"pessimistic":480,"criticality":0,"swing":null'
one=$("$KEEL" risk $r/chain.xml --plan input --iterations 300 --threads 1 --json)
three=$("$KEEL" risk $r/chain.xml --plan input --iterations 300 --threads 3 --json)
other=$("$KEEL" risk $r/chain.xml --plan input --iterations 300 --threads 3 --seed 2 --json)
[ "$one" = "$three" ] || fail "1 and 3 threads differ"
[ "$one" != "$other" ] || fail "seeds 1 and 2 give the same result"
expect_exit 0 "$KEEL" risk $r/chain.xml --plan input --iterations 5 --csv finishes
contains "$OUT" "iteration,chain.xml,(portfolio)" "5,2026-"
[ "$(printf '%s\n' "$OUT" | wc -l)" -eq 6 ] || fail "finishes: expected 6 rows"
expect_exit 0 "$KEEL" risk $r/chain.xml --plan input --iterations 50 --csv drivers
contains "$OUT" "scope,rank,project,uid,name,swing,criticality" "(portfolio),1,chain.xml,"

# zero spread on a generated portfolio: every percentile is the leveled finish
g=$KEEL_TMP/risk-gen
rm -rf "$g" && "$KEEL_GEN" --projects 4 --tasks 60 --resources 15 --seed 5 -o "$g" >/dev/null
printf '\n[uncertainty]\n* = 0%% 0%%\n' >> "$g/portfolio.txt"
expect_exit 0 "$KEEL" risk --portfolio "$g/portfolio.txt" --pool "$g/resource-pool.xml" \
    --schedules 1000 --iterations 20 --quiet --csv projects
contains "$OUT" "project,plan_finish,retimed_finish,deadline,p_deadline,p_plan,mean,min,P50,P80,P95,max"
printf '%s\n' "$OUT" | tr -d '\r' | awk -F, 'NR > 1 && !($2 == $3 && $3 == $7 && $7 == $8 && $8 == $9 && $9 == $10 && $10 == $11 && $11 == $12 && $6 == 1) {bad = 1; print} END {exit bad}' \
    || fail "zero spread: a percentile differs from the leveled finish"
[ "$(printf '%s\n' "$OUT" | wc -l)" -eq 6 ] || fail "expected 4 projects and the portfolio"

# bad options and estimates: exit 1, the option or the task named, nothing on stdout
expect_exit 1 "$KEEL" risk $r/chain.xml --iterations 0
contains "$ERR" "keel: error: --iterations: '0' is not a whole number in 1..10000000"
[ -z "$OUT" ] || fail "output on error: $OUT"
expect_exit 1 "$KEEL" risk $r/chain.xml --percentiles 50,120
contains "$ERR" "keel: error: --percentiles: '50,120' is not 1 to 8 numbers in 0..100"
[ -z "$OUT" ] || fail "output on error: $OUT"
sed '0,/PT40H0M0S<\/Value>/s//-PT40H0M0S<\/Value>/' $r/chain.xml > "$KEEL_TMP/negative.xml"
expect_exit 1 "$KEEL" risk "$KEEL_TMP/negative.xml" --plan input
contains "$ERR" "keel: error: $KEEL_TMP/negative.xml:15: task UID 1 'Step 1': three-point estimate: pessimistic (Duration3) is negative (-5.00 d)"
[ -z "$OUT" ] || fail "output on error: $OUT"
sed '0,/<Value>PT8H0M0S<\/Value>/s//<Value>PT24H0M0S<\/Value>/' $r/chain.xml > "$KEEL_TMP/inverted.xml"
expect_exit 1 "$KEEL" risk "$KEEL_TMP/inverted.xml" --plan input
contains "$ERR" "task UID 1 'Step 1': three-point estimate: optimistic (Duration1) 3.00 d is above expected (Duration2) 2.00 d"
expect_exit 0 "$KEEL" risk "$KEEL_TMP/inverted.xml" --plan input --no-file-estimates --iterations 10
contains "$OUT" "0 tasks vary"
expect_exit 1 "$KEEL" risk $r/chain.xml --csv everything
contains "$ERR" "--csv 'everything': expected projects, tasks, drivers or finishes"
expect_exit 1 "$KEEL" risk $r/chain.xml --plan later
contains "$ERR" "--plan 'later': expected level or input"
