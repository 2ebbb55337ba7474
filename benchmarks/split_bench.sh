#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs psplib_bench on a systematic sample of a PSPLIB set in two processes and
# prints the combined average (the machine has 2 cores).
# usage: benchmarks/split_bench.sh SOLVER BUDGET j30|j120 EVERY [SEED]
set -e
solver=$1 budget=$2 set=$3 every=$4 seed=${5:-1}
bin=${BENCH:-build/release/psplib_bench}
ref=best; [ "$set" = j120 ] && ref=cpm
tmp=$(mktemp -d)
ls instances/psplib/$set/*.sm | awk -v e="$every" '(NR-1)%e==0' > $tmp/all
n=$(wc -l < $tmp/all); h=$(( (n + 1) / 2 ))
head -n $h $tmp/all > $tmp/a; tail -n +$((h + 1)) $tmp/all > $tmp/b
$bin $solver $budget instances/psplib/reference_bounds.csv --seed $seed --ref $ref --verbose 1 $(cat $tmp/a) > $tmp/ra &
$bin $solver $budget instances/psplib/reference_bounds.csv --seed $seed --ref $ref --verbose 1 $(cat $tmp/b) > $tmp/rb
wait
cat $tmp/ra $tmp/rb | awk -v s="$solver" -v b="$budget" -v set="$set" '
  / ref .* dev / { n++; d += $8; if ($2 <= $6) hit++; t += $11 + 0; if ($10 > mx) mx = $10 }
  END { printf "%s %s %s n=%d avg dev %.3f %% hit %d mean %.4f s max sched %d\n", set, s, b, n, d/n, hit, t/n, mx }'
[ -n "$KEEP" ] && cat $tmp/ra $tmp/rb > "$KEEP"
rm -rf $tmp
