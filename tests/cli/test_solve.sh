# keel solve on research instances: the field's figures, and starts that
# anyone can check.
. "$(dirname "$0")/lib.sh"
f=instances/psplib/j30/j301_1.sm
expect_exit 0 "$KEEL" solve "$f" --json --schedules 2000 --quiet
contains "$OUT" '"makespan":43' '"lower_bound":38' '"schedules":' '"seconds":' '"starts":[0,'
n=$(printf '%s' "$OUT" | sed 's/.*"starts":\[\([^]]*\)\].*/\1/' | awk -F, '{print NF}')
[ "$n" -eq 32 ] || fail "expected 32 starts, got $n"
expect_exit 0 "$KEEL" solve "$f" --schedules 2000
contains "$OUT" "makespan 43, lower bound 38" "schedules in"
expect_exit 0 "$KEEL" solve instances/mpsplib/mp_j30_a2_nr1.xml --json --schedules 2000
contains "$OUT" '"tms":' '"apd":' '"starts":[[0,'
expect_exit 2 "$KEEL" solve instances/example/erp-upgrade.xml
contains "$ERR" "use keel level"
# progress on a terminal (script(1) gives one), none with --quiet
if command -v script >/dev/null 2>&1; then
    out=$(script -qc "$KEEL solve $f --time-limit 1" /dev/null | tr '\r' '\n')
    contains "$out" "keel: " " schedules, best "
    out=$(script -qc "$KEEL solve $f --time-limit 1 --quiet" /dev/null | tr '\r' '\n')
    if printf '%s' "$out" | grep -q 'schedules, best'; then fail "progress despite --quiet"; fi
fi
