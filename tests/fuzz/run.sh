#!/bin/sh
# make fuzz-long: runs every libFuzzer target (built by tests/fuzz/build.sh)
# for FUZZ_SECONDS each (default 1200 = 20 min) on a copy of its seed corpus,
# niced, FUZZ_JOBS targets at a time (default 1), and prints one line per
# target: executions, coverage (edges "cov", features "ft"), corpus size and
# crashes. Logs, grown corpora and crash files go to build/fuzz/run/<target>/.
# Usage: sh tests/fuzz/run.sh [TARGET...]   (default: every target)
set -u
cd "$(dirname "$0")/../.."
SECONDS_EACH=${FUZZ_SECONDS:-1200}
JOBS=${FUZZ_JOBS:-1}
OUT=build/fuzz/run
targets=${*:-$(ls tests/fuzz/fuzz_*.c | sed 's|.*/||; s|\.c$||')}

corpus_of() { # the seed corpus folder of a target
    case $1 in
    fuzz_mspdi|fuzz_mspdi_struct) echo tests/fuzz/corpus/mspdi ;;
    *) echo "tests/fuzz/corpus/${1#fuzz_}" ;;
    esac
}

run_one() {
    t=$1
    dir=$OUT/$t
    rm -rf "$dir" && mkdir -p "$dir/corpus" "$dir/crashes"
    cp "$(corpus_of "$t")"/* "$dir/corpus/"
    dict=""
    case $t in fuzz_mspdi|fuzz_level) dict=-dict=tests/fuzz/mspdi.dict ;; esac
    # shellcheck disable=SC2086
    nice -n 10 "build/fuzz/$t" -max_total_time="$SECONDS_EACH" -print_final_stats=1 \
        -artifact_prefix="$dir/crashes/" -rss_limit_mb=4096 $dict "$dir/corpus" \
        >"$dir/log" 2>&1
}

summary() {
    t=$1
    log=$OUT/$t/log
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    last=$(grep -E '^#[0-9]+' "$log" | tail -1)
    cov=$(printf '%s' "$last" | sed -n 's/.*cov: \([0-9]*\).*/\1/p')
    ft=$(printf '%s' "$last" | sed -n 's/.*ft: \([0-9]*\).*/\1/p')
    corp=$(ls "$OUT/$t/corpus" | wc -l)
    crashes=$(ls "$OUT/$t/crashes" | wc -l)
    printf '%-18s %6ss %12s execs  cov %5s  ft %6s  corpus %5s  crashes %s\n' \
        "$t" "$SECONDS_EACH" "${execs:-?}" "${cov:-?}" "${ft:-?}" "$corp" "$crashes"
}

n=0
for t in $targets; do
    [ -x "build/fuzz/$t" ] || { echo "build/fuzz/$t missing: run make fuzz first"; exit 2; }
    run_one "$t" &
    n=$((n + 1))
    [ "$n" -ge "$JOBS" ] && { wait; n=0; }
done
wait
status=0
for t in $targets; do
    summary "$t"
    [ "$(ls "$OUT/$t/crashes" | wc -l)" -eq 0 ] || status=1
done
exit $status
