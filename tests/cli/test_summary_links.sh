# Links into and out of summary tasks with working lags (tests/data/summary-links.xml):
# every solver levels the file, the written file verifies, and the critical path
# follows the summary rule (Phase B one working day after Phase A's last leaf).
. "$(dirname "$0")/lib.sh"
f=tests/data/summary-links.xml
expect_exit 0 "$KEEL" cpm "$f"
contains "$OUT" "CPM finish 2025-01-15T17:00:00" "UID 2 'Spec', UID 3 'Build', UID 5 'Test'"
expect_exit 4 "$KEEL" verify "$f"
contains "$OUT" "overallocation: resource 'Dev'"
for s in default msp-standard ga sampling ilp-lns; do
    out=$KEEL_TMP/summary-$s; rm -rf "$out"
    expect_exit 0 "$KEEL" level "$f" -o "$out" --solvers "$s" --schedules 500
    expect_exit 0 "$KEEL" verify "$out/summary-links.xml"
    contains "$OUT" "0 conflicts"
done
# within slack the overload cannot be leveled: the files are written, the
# exit code is keel verify's on them
out=$KEEL_TMP/summary-within; rm -rf "$out"
expect_exit 4 "$KEEL" level "$f" -o "$out" --within-slack --schedules 500
contains "$OUT" "after leveling: 1 conflict (0 accepted)" "could not be leveled"
expect_exit 4 "$KEEL" verify "$out/summary-links.xml"
contains "$OUT" "1 conflict (0 accepted)"
