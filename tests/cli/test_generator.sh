# shellcheck shell=sh disable=SC1091
# gen_portfolio ($KEEL_GEN): a tiny generated portfolio (3 projects x 20 tasks)
# is deterministic and loads with keel cpm; its file dates are keel's CPM dates.
. "$(dirname "$0")/lib.sh"
if [ -z "${KEEL_GEN:-}" ]; then
    echo "skip: KEEL_GEN is not set"
    exit 0
fi
d=$KEEL_TMP/gen
rm -rf "$d" "$d.again" "$d.other"
expect_exit 0 "$KEEL_GEN" --projects 3 --tasks 20 --resources 8 --seed 1 -o "$d"
contains "$OUT" "3 projects, 60 tasks" "8 resources"
for f in p001.xml p002.xml p003.xml resource-pool.xml portfolio.txt; do
    [ -s "$d/$f" ] || fail "gen_portfolio wrote no $f"
done
contains "$(cat "$d/portfolio.txt")" "[project p001]" "file = p001.xml" "priority = " \
    "weight = " "[links]" " -> p00"
# same seed, same bytes; another seed, another portfolio
expect_exit 0 "$KEEL_GEN" --projects 3 --tasks 20 --resources 8 --seed 1 -o "$d.again"
for f in p001.xml p002.xml p003.xml resource-pool.xml portfolio.txt; do
    cmp -s "$d/$f" "$d.again/$f" || fail "gen_portfolio is not deterministic: $f"
done
expect_exit 0 "$KEEL_GEN" --projects 3 --tasks 20 --resources 8 --seed 2 -o "$d.other"
cmp -s "$d/p001.xml" "$d.other/p001.xml" && fail "seeds 1 and 2 gave the same p001.xml"
# bad options are usage errors
expect_exit 2 "$KEEL_GEN" --projects 0 -o "$d.bad"
expect_exit 2 "$KEEL_GEN" --projects 3
# keel loads it: projects, portfolio file and its cross-project link
expect_exit 0 "$KEEL" cpm "$d/p001.xml" "$d/p002.xml" "$d/p003.xml" \
    --portfolio "$d/portfolio.txt"
contains "$OUT" "project p001.xml" "project p002.xml" "project p003.xml" "portfolio finish"
expect_exit 0 "$KEEL" cpm "$d/p001.xml" "$d/p002.xml" "$d/p003.xml" --pool "$d/resource-pool.xml" \
    --portfolio "$d/portfolio.txt" --json
contains "$OUT" '"critical":true' '"uid":20'
# without the portfolio file's links, every task's dates in the file are its
# CPM dates: keel verify finds only overallocations (the portfolio is overloaded)
expect_exit 0 "$KEEL" cpm "$d/p001.xml" --json
starts=$(printf '%s' "$OUT" | grep -o '"early_start":"[^"]*"' | sed 's/.*:"//; s/"$//' | sort | uniq -c)
want=$(sed -n '/<Tasks>/,/<\/Tasks>/s:^ *<Start>\(.*\)</Start>:\1:p' "$d/p001.xml" |
    sed 1d | sort | uniq -c) # without task 0, the project summary
[ "$starts" = "$want" ] || fail "p001.xml Start dates differ from keel cpm: $starts vs $want"
"$KEEL" verify "$d/p001.xml" "$d/p002.xml" "$d/p003.xml" >"$KEEL_TMP/gen.verify" 2>&1
grep -E '^(broken link|calendar|progress|constraint)' "$KEEL_TMP/gen.verify" &&
    fail "unexpected conflict in the generated dates"
grep -q '^overallocation' "$KEEL_TMP/gen.verify" || fail "expected overallocations"
rm -rf "$d" "$d.again" "$d.other"
exit 0
