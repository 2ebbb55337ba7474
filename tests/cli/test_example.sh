# The example portfolio: cpm and verify (it is overallocated as given).
. "$(dirname "$0")/lib.sh"
ex=instances/example
expect_exit 0 "$KEEL" cpm $ex/*.xml --portfolio $ex/portfolio.txt
contains "$OUT" "project erp-upgrade.xml" "project website-relaunch.xml" "project office-move.xml" \
    "CPM finish" "critical tasks:" "portfolio finish"
expect_exit 0 "$KEEL" cpm $ex/*.xml --portfolio $ex/portfolio.txt --json
contains "$OUT" '"early_start":"2026-01-05T08:00:00"' '"total_slack":' '"critical":true' '"uid":'
expect_exit 4 "$KEEL" verify $ex/*.xml
contains "$OUT" "overallocation: resource 'Eva Lindqvist'" "load 3.50 > capacity 1.00" \
    "overallocation: resource 'Henrik Sorensen'" "capacity 0.50"
# no link, calendar or progress conflict in the files as written
printf '%s\n' "$OUT" | grep -E '^(broken link|calendar|progress)' && fail "unexpected conflict"
expect_exit 4 "$KEEL" verify $ex/*.xml --json
contains "$OUT" '"kind":"overallocation"' '"resource":"Eva Lindqvist"' '"tasks":[{"project":'
# the portfolio file adds a cross-project link the file dates do not honour
expect_exit 4 "$KEEL" verify $ex/*.xml --portfolio $ex/portfolio.txt
contains "$OUT" "broken link: erp-upgrade.xml UID 22"
# a project file only through the portfolio file
expect_exit 0 "$KEEL" cpm --portfolio $ex/portfolio.txt
contains "$OUT" "project erp-upgrade.xml"
