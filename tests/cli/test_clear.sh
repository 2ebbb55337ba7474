# keel clear (Clear Leveling): level the example, clear the leveled files;
# the cleared portfolio has the input's critical path, no leveling delay, and
# clearing again changes nothing; inputs are never written over.
. "$(dirname "$0")/lib.sh"
ex=instances/example
lev=$KEEL_TMP/clear-lev; clr=$KEEL_TMP/clear-clr; again=$KEEL_TMP/clear-again
rm -rf "$lev" "$clr" "$again"
expect_exit 0 "$KEEL" level --portfolio $ex/portfolio.txt -o "$lev" --schedules 2000
cp $ex/portfolio.txt "$lev/"
grep -q '<LevelingDelay>[1-9]' "$lev/website-relaunch.xml" || fail "nothing was leveled"
sum=$(cat "$lev"/*.xml | cksum)
expect_exit 0 "$KEEL" clear --portfolio "$lev/portfolio.txt" -o "$clr"
contains "$OUT" "finish as read" "cleared finish" "website-relaunch.xml" "wrote 3 cleared files"
[ "$(cat "$lev"/*.xml | cksum)" = "$sum" ] || fail "clear changed its input"
grep -q '<LevelingDelay>[1-9]' "$clr"/*.xml && fail "a leveling delay is left"
cp $ex/portfolio.txt "$clr/"
expect_exit 0 "$KEEL" cpm --portfolio $ex/portfolio.txt --json
cpm_in=$OUT
expect_exit 0 "$KEEL" cpm --portfolio "$clr/portfolio.txt" --json
[ "$OUT" = "$cpm_in" ] || fail "the cleared portfolio's critical path differs from the input's"
# the cleared dates are the input's CPM dates: verify finds the input's overloads
expect_exit 4 "$KEEL" verify --portfolio "$clr/portfolio.txt"
expect_exit 0 "$KEEL" clear --portfolio "$clr/portfolio.txt" -o "$again" --json
contains "$OUT" '"projects":[{"name":' '"cleared_finish":'
for f in erp-upgrade.xml website-relaunch.xml office-move.xml; do
    cmp -s "$clr/$f" "$again/$f" || fail "$f changed when cleared twice"
done
# never over an input; -o is required
expect_exit 1 "$KEEL" clear --portfolio "$lev/portfolio.txt" -o "$lev"
expect_exit 2 "$KEEL" clear --portfolio "$lev/portfolio.txt"
contains "$ERR" "-o DIR"
