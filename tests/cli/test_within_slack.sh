# keel level --within-slack: no project finish moves; what could not be
# leveled is listed; the conflicts it leaves are what keel verify finds in the
# files written, and the exit code is verify's (4).
. "$(dirname "$0")/lib.sh"
ex=instances/example
expect_exit 4 "$KEEL" level --portfolio $ex/portfolio.txt --within-slack --json --schedules 300
contains "$OUT" '"unresolved":[{"project":' '"solver":"within-slack"' '"optimal":false'
printf '%s' "$OUT" | grep -o '"delay_minutes":[0-9-]*' | grep -qv '"delay_minutes":0' && fail "a project finish moved"
out=$KEEL_TMP/within; rm -rf "$out"
expect_exit 4 "$KEEL" level --portfolio $ex/portfolio.txt --within-slack --schedules 300 -o "$out"
contains "$OUT" "could not be leveled:" "no gap: conflicts are left"
printf '%s' "$OUT" | grep -q "(optimal)" && fail "optimal claimed with conflicts left: $OUT"
after=$(printf '%s\n' "$OUT" | sed -n 's/^after leveling: \([0-9]* conflicts\{0,1\} ([0-9]* accepted\).*/\1)/p')
cp $ex/portfolio.txt "$out/"
expect_exit 4 "$KEEL" verify --portfolio "$out/portfolio.txt"
[ "$after" = "$(printf '%s\n' "$OUT" | tail -1)" ] || fail "level says '$after', verify '$OUT'"
