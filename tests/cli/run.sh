#!/bin/sh
# Runs every tests/cli/test_*.sh with $KEEL (the binary) and $KEEL_TMP set and
# prints "cli: N passed, N failed" (and the SKIP lines of passing tests: what
# could not be checked on this machine). A test script exits non-zero on failure.
set -u
dir=$(dirname "$0")
pass=0
fail=0
for t in "$dir"/test_*.sh; do
    [ -e "$t" ] || continue
    if sh "$t" >"$KEEL_TMP/$(basename "$t").log" 2>&1; then
        pass=$((pass + 1))
        grep '^SKIP' "$KEEL_TMP/$(basename "$t").log" | sed "s|^|$(basename "$t"): |"
    else
        fail=$((fail + 1))
        echo "FAIL: $t"
        sed 's/^/    /' "$KEEL_TMP/$(basename "$t").log" | tail -30
    fi
done
echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
