# keel level on the example portfolio: conflict-free output that keel verify
# accepts, inputs untouched, never written over, deterministic for a seed.
. "$(dirname "$0")/lib.sh"
ex=instances/example
out=$KEEL_TMP/level; rm -rf "$out"
sum=$(cat $ex/*.xml $ex/portfolio.txt | cksum)
expect_exit 0 "$KEEL" level $ex/*.xml --portfolio $ex/portfolio.txt -o "$out" --schedules 3000 --seed 7
contains "$OUT" "erp-upgrade.xml" "leveled finish" "before leveling: " "after leveling: " \
    "wrote 3 leveled files"
level_out=$OUT
for f in erp-upgrade.xml website-relaunch.xml office-move.xml; do
    [ -s "$out/$f" ] || fail "missing $out/$f"
done
ls -a "$out" | grep -q 'keel-' && fail "temporary file left behind"
cp $ex/portfolio.txt "$out/"
expect_exit 0 "$KEEL" verify --portfolio "$out/portfolio.txt"
# whatever is left is accepted (priority-1000 tasks keep their place)
printf '%s\n' "$OUT" | tail -1 | grep -Eq '^([0-9]+) conflicts? \(\1 accepted\)$' ||
    fail "conflicts left that leveling should have removed: $OUT"
# level says what keel verify says about the files written, and about the inputs
after=$(printf '%s\n' "$level_out" | sed -n 's/^after leveling: \([0-9]* conflicts\{0,1\} ([0-9]* accepted\).*/\1)/p')
[ "$after" = "$(printf '%s\n' "$OUT" | tail -1)" ] || fail "level says '$after', verify '$OUT'"
expect_exit 4 "$KEEL" verify --portfolio $ex/portfolio.txt
before=$(printf '%s\n' "$level_out" | sed -n "s/^before leveling: \([0-9]* conflicts\{0,1\}\) in the input files' dates \(([0-9]* accepted)\)$/\1 \2/p")
[ "$before" = "$(printf '%s\n' "$OUT" | tail -1)" ] || fail "level says '$before' before, verify '$OUT'"
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
expect_exit 1 "$KEEL" level $ex/*.xml --threads 0
contains "$ERR" "--threads"
expect_exit 1 "$KEEL" level $ex/*.xml --objective fastest
contains "$ERR" "unknown objective 'fastest'"
expect_exit 1 "$KEEL" level $ex/*.xml --solvers ga,magic
contains "$ERR" "unknown solver 'magic'"
# without -o: leveled and printed, and the output says that nothing was written
expect_exit 0 "$KEEL" level --portfolio $ex/portfolio.txt --schedules 200
contains "$OUT" "no leveled files written: give -o DIR"
expect_exit 0 "$KEEL" level --portfolio $ex/portfolio.txt --schedules 200 --json
contains "$OUT" '"output_dir":null'
# -o creates the folder with its parents
deep=$KEEL_TMP/level-new/sub/deeper; rm -rf "$KEEL_TMP/level-new"
expect_exit 0 "$KEEL" level --portfolio $ex/portfolio.txt --schedules 200 -o "$deep" --json
[ -s "$deep/erp-upgrade.xml" ] || fail "-o did not create $deep"
contains "$OUT" "\"output_dir\":\"$deep\""
# --progress: plain lines on stderr when it is not a terminal, in days
expect_exit 0 "$KEEL" level --portfolio $ex/portfolio.txt --schedules 3000 --progress
contains "$ERR" "keel: progress: " " schedules, best " " d"
printf '%s' "$ERR" | grep -q "$(printf '\r')" && fail "a terminal line on a file: $ERR"
expect_exit 0 "$KEEL" level --portfolio $ex/portfolio.txt --schedules 3000 --progress --quiet
[ -z "$ERR" ] || fail "--quiet printed progress: $ERR"
# a pool that shares no resource with the projects is refused
sed 's#<Name>\([^<]*\)</Name>#<Name>Nobody \1</Name>#' $ex/erp-upgrade.xml >"$KEEL_TMP/nopool.xml"
expect_exit 1 "$KEEL" level --portfolio $ex/portfolio.txt --pool "$KEEL_TMP/nopool.xml"
contains "$ERR" "nopool.xml: none of the pool's" "is assigned in the projects"
# a limit shorter than loading and writing: the first schedules, written and
# verified, with a note that the limit was overrun; none within the limit
rm -rf "$KEEL_TMP/short"
expect_exit 0 "$KEEL" level --portfolio $ex/portfolio.txt -o "$KEEL_TMP/short" --time-limit 0.001 --quiet
contains "$ERR" "keel: note: the command took" "against --time-limit 0.001"
expect_exit 0 "$KEEL" verify "$KEEL_TMP"/short/*.xml
rm -rf "$KEEL_TMP/short"
expect_exit 0 "$KEEL" level --portfolio $ex/portfolio.txt -o "$KEEL_TMP/short" --time-limit 60 --quiet --schedules 500
printf '%s' "$ERR" | grep -q "note: the command took" && fail "note within the limit: $ERR"
true
