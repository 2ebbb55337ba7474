# keel level on the example portfolio: conflict-free output that keel verify
# accepts, inputs untouched, never written over, deterministic for a seed.
. "$(dirname "$0")/lib.sh"
ex=instances/example
out=$KEEL_TMP/level; rm -rf "$out"
sum=$(cat $ex/*.xml $ex/portfolio.txt | cksum)
expect_exit 0 "$KEEL" level $ex/*.xml --portfolio $ex/portfolio.txt -o "$out" --schedules 3000 --seed 7
contains "$OUT" "erp-upgrade.xml" "leveled finish" "overallocations: " "before leveling" \
    "wrote 3 leveled files"
for f in erp-upgrade.xml website-relaunch.xml office-move.xml; do
    [ -s "$out/$f" ] || fail "missing $out/$f"
done
ls -a "$out" | grep -q 'keel-' && fail "temporary file left behind"
cp $ex/portfolio.txt "$out/"
expect_exit 0 "$KEEL" verify --portfolio "$out/portfolio.txt"
# whatever is left is accepted (priority-1000 tasks keep their place)
printf '%s\n' "$OUT" | tail -1 | grep -Eq '^([0-9]+) conflicts? \(\1 accepted\)$' ||
    fail "conflicts left that leveling should have removed: $OUT"
# the started task (erp UID 3) keeps its dates
task3() { awk '/<Task>/{t=""} {t=t $0 "\n"} /<\/Task>/{if (t ~ /<UID>3<\/UID>/) printf "%s", t}' "$1" |
    grep -E '<(Start|Finish)>'; }
[ "$(task3 "$out/erp-upgrade.xml")" = "$(task3 $ex/erp-upgrade.xml)" ] || fail "started task moved"
grep -q '<LevelingDelay>' "$out/erp-upgrade.xml" || fail "no LevelingDelay written"
grep -q '<PreLeveledStart>' "$out/website-relaunch.xml" || fail "no PreLeveledStart written"
[ "$(cat $ex/*.xml $ex/portfolio.txt | cksum)" = "$sum" ] || fail "an input file changed"
# same seed and budget: byte-identical files
out2=$KEEL_TMP/level2; rm -rf "$out2"
expect_exit 0 "$KEEL" level $ex/*.xml --portfolio $ex/portfolio.txt -o "$out2" --schedules 3000 --seed 7
for f in erp-upgrade.xml website-relaunch.xml office-move.xml; do
    cmp -s "$out/$f" "$out2/$f" || fail "$f differs between two runs with the same seed"
done
# two threads, same seed and budget: deterministic too
expect_exit 0 "$KEEL" level $ex/*.xml --threads 2 --schedules 4000 --seed 3 --json
a=$(printf '%s' "$OUT" | sed 's/"seconds":[^,]*,//; s/"best_seconds":[^,]*,//; s/"first_feasible_seconds":[^,}]*//')
expect_exit 0 "$KEEL" level $ex/*.xml --threads 2 --schedules 4000 --seed 3 --json
b=$(printf '%s' "$OUT" | sed 's/"seconds":[^,]*,//; s/"best_seconds":[^,]*,//; s/"first_feasible_seconds":[^,}]*//')
[ "$a" = "$b" ] || fail "two-thread runs differ: $a / $b"
contains "$OUT" '"projects":[{"name":' '"cpm_finish":' '"leveled_finish":' '"delay_minutes":' '"delay_days":' \
    '"deadline_met":' '"late_minutes":' '"late_days":' '"conflicts_before":' '"conflicts_after":' '"solver":' '"lower_bound":'
# never over an input: writing into the input directory fails, input untouched
expect_exit 1 "$KEEL" level $ex/*.xml -o $ex --schedules 100
contains "$ERR" "keel: error:"
[ "$(cat $ex/*.xml $ex/portfolio.txt | cksum)" = "$sum" ] || fail "an input file changed"
# bad option values
expect_exit 2 "$KEEL" level $ex/*.xml --threads 0
contains "$ERR" "--threads"
expect_exit 1 "$KEEL" level $ex/*.xml --objective fastest
contains "$ERR" "unknown objective 'fastest'"
expect_exit 1 "$KEEL" level $ex/*.xml --solvers ga,magic
contains "$ERR" "unknown solver 'magic'"
