# keel cpm on research instances: makespan in periods equals the file's MPM-Time.
. "$(dirname "$0")/lib.sh"
f=instances/psplib/j30/j301_1.sm
mpm=$(awk '/MPM-Time/{getline; print $NF; exit}' "$f")
expect_exit 0 "$KEEL" cpm "$f" --json
contains "$OUT" "\"makespan\":$mpm" '"early_start":0' '"critical":true'
expect_exit 0 "$KEEL" cpm "$f"
contains "$OUT" "critical path $mpm periods"
expect_exit 0 "$KEEL" cpm instances/mpsplib/mp_j30_a2_nr1.xml --json
contains "$OUT" '"name":"p1:' '"name":"p2:' '"makespan":'
# a research file has no dates: verify checks the resource-free CPM schedule
expect_exit 4 "$KEEL" verify "$f"
contains "$OUT" "overallocation: resource 'R" "conflicts"
