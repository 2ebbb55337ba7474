# keel level --within-slack: no project finish moves; what could not be
# leveled is listed.
. "$(dirname "$0")/lib.sh"
ex=instances/example
expect_exit 0 "$KEEL" level --portfolio $ex/portfolio.txt --within-slack --json --schedules 300
contains "$OUT" '"unresolved":[{"project":' '"solver":"within-slack"'
printf '%s' "$OUT" | grep -o '"delay_minutes":[0-9-]*' | grep -qv '"delay_minutes":0' && fail "a project finish moved"
expect_exit 0 "$KEEL" level --portfolio $ex/portfolio.txt --within-slack --schedules 300
contains "$OUT" "could not be leveled:"
