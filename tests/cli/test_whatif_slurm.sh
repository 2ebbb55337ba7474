# shellcheck shell=sh disable=SC1091
# The Slurm job array of docs/slurm/whatif-array.sbatch on a real single-node
# Slurm started here on localhost (tests/slurm/cluster.sh) and stopped after:
# a 4-task array's shards merge byte for byte into the single-process output.
# Where Slurm cannot start (not installed, not root), the test says so and
# skips; test_whatif.sh checks shards and merge without it.
. "$(dirname "$0")/lib.sh"
d=$KEEL_TMP/whatif-slurm
rm -rf "$d" && mkdir -p "$d"
here=$(pwd)
cluster=$here/tests/slurm/cluster.sh
if ! conf=$(sh "$cluster" start "$d/cluster" 2>&1); then
    echo "skip: $conf"
    exit 0
fi
trap 'sh "$cluster" stop "$d/cluster"' EXIT
export SLURM_CONF="$conf" KEEL
cat >"$d/s.txt" <<'TXT'
[scenario hire-ivo]
capacity Ivo Petrov = +1 from 2026-01-05
[scenario cancel-office]
remove = office
[scenario later-web]
postpone web = 10d
[scenario leave-ben]
capacity Ben Okafor = 0 from 2026-03-02 to 2026-03-13
[scenario web-first]
priority web = 950
TXT
args="--portfolio $here/instances/example/portfolio.txt --scenarios $d/s.txt --schedules 300"
expect_exit 0 "$KEEL" whatif $args --sweep "Ben Okafor=+0..+1" --quiet
printf '%s\n' "$OUT" >"$d/whole.txt"
# array task K runs shard K/4 in the job's folder; all four, then the merge
expect_exit 0 sbatch --wait --array=1-4 --chdir="$d" --output="$d/task-%a.log" \
    "$here/docs/slurm/whatif-array.sbatch" "$d/shards" $args --sweep "Ben Okafor=+0..+1"
for k in 1 2 3 4; do
    [ -s "$d/shards/shard-$k-of-4.json" ] || fail "no shard $k: $(cat "$d"/task-*.log)"
done
ls -a "$d/shards" | grep -q '^\.shard' && fail "a temporary shard file was left"
expect_exit 0 "$KEEL" whatif --merge "$d"/shards/shard-*-of-4.json
printf '%s\n' "$OUT" | cmp -s - "$d/whole.txt" || fail "the merged array differs from one run"
echo "slurm: 4-task array merged into the single-process output"
exit 0
