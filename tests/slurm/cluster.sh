#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# A private single-node Slurm cluster for tests, on this machine only:
# munged with its own key, socket and pid file, and slurmctld and slurmd from
# one slurm.conf with private ports and spool folders (proctrack/linuxproc,
# task/none, so that it runs as root in a container without cgroups).
#   cluster.sh start DIR   start it (state in DIR); prints the SLURM_CONF to use
#                          and exits 0, or exits 1 saying why it could not start
#   cluster.sh stop DIR    stop the daemons started in DIR (by their pid files)
# Nothing outside DIR is written; the daemons listen on 127.0.0.1 only.
set -u
cmd=${1:-}
dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: cluster.sh start|stop DIR" >&2; exit 2; }

stop() {
    for d in slurmd slurmctld munged; do
        f=$dir/$d.pid
        [ -s "$f" ] || continue
        pid=$(cat "$f")
        kill "$pid" 2>/dev/null
        i=0
        while kill -0 "$pid" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
        kill -9 "$pid" 2>/dev/null
        rm -f "$f"
    done
}

if [ "$cmd" = stop ]; then
    stop
    exit 0
fi

why() { echo "slurm: $*"; stop; exit 1; }
for b in munged mungekey slurmctld slurmd sbatch sinfo; do
    command -v $b >/dev/null 2>&1 || why "$b not installed (Debian packages slurm-wlm and munge)"
done
[ "$(id -u)" = 0 ] || why "needs root (the daemons run as root here)"

mkdir -p "$dir/state" "$dir/spool" "$dir/munge" || why "cannot create $dir"
chmod 700 "$dir/munge"
# munged: its own key, socket, pid and seed files
mungekey --create --force --keyfile="$dir/munge/munge.key" 2>"$dir/mungekey.log" ||
    why "mungekey failed: $(cat "$dir/mungekey.log")"
chmod 600 "$dir/munge/munge.key"
munged --key-file="$dir/munge/munge.key" --socket="$dir/munge/munge.sock" \
    --pid-file="$dir/munged.pid" --log-file="$dir/munged.log" \
    --seed-file="$dir/munge/munge.seed" --force 2>>"$dir/munged.log" ||
    why "munged did not start: $(tail -3 "$dir/munged.log")"

# private ports: 20000 + a number from the folder's name, checked free
base=$(( 20000 + $(printf '%s' "$dir" | cksum | cut -d' ' -f1) % 20000 ))
node=$(hostname -s 2>/dev/null || hostname)
cpus=$(nproc 2>/dev/null || echo 1)
cat >"$dir/slurm.conf" <<CONF
ClusterName=keeltest
SlurmctldHost=$node(127.0.0.1)
SlurmctldPort=$base
SlurmdPort=$((base + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$dir/munge/munge.sock
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SwitchType=switch/none
MpiDefault=none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
SlurmctldTimeout=30
SlurmdTimeout=30
InactiveLimit=0
MinJobAge=30
KillWait=5
Waittime=0
NodeName=$node NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=keel Nodes=$node Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$dir/slurm.conf"
slurmctld -i -f "$SLURM_CONF" >>"$dir/slurmctld.log" 2>&1 ||
    why "slurmctld did not start: $(tail -3 "$dir/slurmctld.log")"
slurmd -f "$SLURM_CONF" -N "$node" >>"$dir/slurmd.log" 2>&1 ||
    why "slurmd did not start: $(tail -3 "$dir/slurmd.log")"
i=0
while [ $i -lt 60 ]; do
    state=$(sinfo -h -o %t 2>/dev/null | head -1)
    [ "$state" = idle ] && { echo "$SLURM_CONF"; exit 0; }
    sleep 0.5
    i=$((i + 1))
done
why "the node did not become idle in 30 s (state '$state'): $(tail -3 "$dir/slurmd.log")"
