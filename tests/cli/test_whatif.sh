# shellcheck shell=sh disable=SC1091
# keel whatif: the side-by-side comparison of the example portfolio in text,
# JSON and CSV; shards merged byte for byte into the one-run output; the
# leveled folders, each verified by keel verify; bad scenario files rejected
# with file:line and exit 1 before anything is written; usage errors.
. "$(dirname "$0")/lib.sh"
d=$KEEL_TMP/whatif
rm -rf "$d" && mkdir -p "$d"
pf=instances/example/portfolio.txt
cat >"$d/s.txt" <<'TXT'
# what-if questions of the example PMO
[scenario hire-ivo]
capacity Ivo Petrov = +1 from 2026-01-05     # a second Ivo for the whole plan

[scenario cancel-office]
remove = office

[scenario later-web]
postpone web = 10d
priority erp = 900
TXT
run="$KEEL whatif --portfolio $pf --scenarios $d/s.txt --schedules 300 --quiet"
expect_exit 0 $run --threads 2
contains "$OUT" "what-if: the base and 3 scenarios" "base" "hire-ivo" "cancel-office" \
    "removed" "deadlines met" "objective" "most loaded" "later-web: postpone web = 10d"
printf '%s\n' "$OUT" >"$d/whole.txt"
expect_exit 0 $run --json
printf '%s\n' "$OUT" >"$d/whole.json"
contains "$OUT" '"format":"keel-whatif"' '"scenario_names":["hire-ivo","cancel-office","later-web"]' \
    '"status":"removed"'
expect_exit 0 $run --csv
printf '%s\n' "$OUT" >"$d/whole.csv"
contains "$OUT" "scenario,project,status,cpm_finish,finish,delay_days" \
    "cancel-office,office-move.xml,removed"
# three shards (on other thread counts) merge into the same bytes, in any order
for k in 1 2 3; do
    expect_exit 0 $run --shard "$k/3" --threads "$k"
    printf '%s\n' "$OUT" >"$d/shard-$k.json"
done
for f in txt json csv; do
    opt=""
    [ $f = json ] && opt=--json
    [ $f = csv ] && opt=--csv
    expect_exit 0 "$KEEL" whatif --merge "$d/shard-3.json" "$d/shard-1.json" "$d/shard-2.json" $opt
    printf '%s\n' "$OUT" | cmp -s - "$d/whole.$f" || fail "merged $f differs from one run"
done
expect_exit 1 "$KEEL" whatif --merge "$d/shard-1.json" "$d/shard-2.json"
contains "$ERR" "shard 1 of 3, but 2 shard files were given"
expect_exit 1 "$KEEL" whatif --merge "$d/s.txt"
contains "$ERR" "$d/s.txt:1: JSON"
# the leveled folders: every one passes keel verify with its portfolio.txt
expect_exit 0 $run -o "$d/out"
for s in base hire-ivo cancel-office later-web; do
    [ -s "$d/out/$s/portfolio.txt" ] || fail "no $s/portfolio.txt"
    expect_exit 0 "$KEEL" verify --portfolio "$d/out/$s/portfolio.txt"
done
[ -e "$d/out/cancel-office/office-move.xml" ] && fail "a removed project was written"
contains "$(cat "$d/out/hire-ivo/portfolio.txt")" "[resource Ivo Petrov]" "capacity = +1 from 2026-01-05T00:00"
ls -a "$d/out"/* | grep -q "\.keel-" && fail "a temporary file was left"
# a capacity sweep names the first step that meets every deadline
expect_exit 0 "$KEEL" whatif --portfolio $pf --sweep "Ben Okafor=+0..+2" --schedules 300 --quiet
contains "$OUT" "Ben_Okafor+0" "Ben_Okafor+2" "sweep of Ben Okafor:"
# bad scenario files: file:line, exit 1, nothing written
bad() { # bad TEXT MESSAGE...
    printf "$1" >"$d/bad.txt"
    shift
    expect_exit 1 "$KEEL" whatif --portfolio $pf --scenarios "$d/bad.txt" --quiet -o "$d/badout"
    contains "$ERR" "$@"
    [ -e "$d/badout" ] && fail "bad input wrote $d/badout"
    return 0
}
bad '[scenario a]\ncapacity Nobody = +1\n' "$d/bad.txt:2: capacity Nobody = +1: no resource 'Nobody'"
bad '[scenario a]\n\nremove = nothing\n' "$d/bad.txt:3: remove = nothing: no project 'nothing'"
bad '[scenario a]\ncapacity Ivo Petrov = +1 from 2031-01-01\n' "$d/bad.txt:2:" "horizon"
bad '[scenario a]\ncapacity Ivo Petrov = -3 from 2026-02-02\n' "$d/bad.txt:2:" "cannot be negative"
bad '[scenario a]\n[scenario b]\n[scenario a]\n' "$d/bad.txt:3: scenario 'a': given twice"
bad '[scenario a]\npostpone web = someday\n' "$d/bad.txt:2: postpone"
# usage
expect_exit 2 "$KEEL" whatif --portfolio $pf
contains "$ERR" "needs --scenarios"
expect_exit 1 "$KEEL" whatif --portfolio $pf --scenarios "$d/s.txt" --shard 4/3
expect_exit 2 "$KEEL" whatif --portfolio $pf --scenarios "$d/s.txt" --shard 1/2 --csv
expect_exit 1 "$KEEL" whatif --portfolio $pf --sweep "Ben Okafor=+2..+0"
contains "$ERR" "--sweep"
expect_exit 0 "$KEEL" --help
contains "$OUT" "whatif FILE..." "--merge"
rm -rf "$d"
exit 0
