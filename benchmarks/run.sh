#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# keel benchmark tables (`make bench`). Prints markdown tables and writes them
# to benchmarks/results/<name>.md, with the per-run raw data in <name>.csv.
#
# Sections (BENCH_SECTIONS, default all, in this order):
#   j30         PSPLIB j30, all 480, % deviation from the optimum (j30opt.sm)
#   j120        PSPLIB j120, all 600, % deviation from the critical-path bound
#               (reference_bounds.csv cpm_lb), best-knowns hit (j120hrs.sm)
#               both at 1,000 / 5,000 / 50,000 schedules, one thread, seed 1
#   throughput  j120 (every 10th) at --time-limit 5 with 1 and 2 threads:
#               schedules per second per thread and the deviation at equal
#               wall time (BENCH_TP_LIMIT, BENCH_TP_THREADS change them: 60
#               and 2 give the long run against the best-knowns)
#   mpsplib     the 24 MPSPLIB instances: TMS and APD next to the lower bound
#               and MS Project's P-SGS/MINSLK TMS, --time-limit 10 each
#   ilp         GLPK beside the metaheuristic: PSPLIB j30 (all 480) with the
#               default solver mix, 2 threads, --time-limit 10: instances
#               proven optimal, optima found, mean time to the optimum
#   ilp-compare heuristics alone vs heuristics + ILP at equal wall time (2
#               threads): j120 (every 10th) and the 24 MPSPLIB instances, gap
#               to the lower bound
#   scale       generated PMO portfolios (25, 50, 100, 200 projects x 500
#               tasks, 3 resources per project): keel level at 10 and 60 s
#               with 1 and 2 threads, and APD at 30 s on 100 and 200 projects:
#               wall time of the whole command, peak memory, objective against
#               the MS Project-like pass and the best rule pass, delay per
#               priority class
#   clusters    generated portfolios of independent groups of projects
#               (gen_portfolio --clusters 4: 40 projects x 300 tasks, 120
#               resources, seeds BENCH_CLUSTER_SEEDS): keel level --threads 2
#               --time-limit BENCH_CLUSTER_LIMIT, APD and weighted delay,
#               leveled by clusters against --no-clusters (the whole search)
#   risk        keel risk on the same kind of portfolio, leveled first (one
#               pass), every task -10 % +40 %: BENCH_RISK_ITERATIONS on 2
#               threads and a fifth of them on 1, time and peak memory
#   whatif      keel whatif with 8 scenarios (hires, a leave, a contractor, a
#               project removed, one postponed, new priorities) on a generated
#               portfolio (100 projects x 500 tasks, 300 resources), 2 threads,
#               the default budget: wall time, peak memory, each scenario's
#               objective and deadlines
#   priority    generated portfolios (priorities 100-900 from the files): mean
#               project delay by priority class with equal weights, weights
#               linear in priority and keel's default (doubling per 100)
#   report      the consolidated report of that portfolio leveled by the GA:
#               keel report on the leveled files (HTML and CSV) and keel
#               level --report, time, peak memory, file sizes, and the time
#               Chromium takes to load the page (when installed)
#   fixed       generated portfolios with every feature (gen_portfolio
#               --features all: priority-1000 and started tasks, summary
#               links, elapsed durations, constraints, ...), 12 x 120 up to
#               100 x 500: keel level, then the leveled files checked by
#               accept_check (keel verify's reasons, every accepted overload
#               recomputed by the simple rule, priority-1000 tasks where their
#               links put them): non-accepted and avoidable must be 0
#
# Environment:
#   BENCH=quick            every 10th PSPLIB instance, budgets 1,000 and 5,000,
#                          shorter time limits (about 5 minutes on 2 cores);
#                          default BENCH=full (about an hour: j120 @ 50,000
#                          dominates)
#   BENCH_SECTIONS="j30 mpsplib"   run only these sections
#   BENCH_BUDGETS="50000"  PSPLIB budgets instead of the mode's
#   BENCH_STEP=10          every STEP-th PSPLIB instance instead of the mode's
#   BENCH_JOBS=2           instances run in parallel (xargs -P), one thread each
#   BENCH_NAME=...         result file name (default DATE-COMMIT-MODE)
#   BENCH_TIMEOUT=900      seconds before one keel run is killed (a failure)
#   BENCH_TP_LIMIT=5       --time-limit of the throughput runs (quick: 1)
#   BENCH_TP_THREADS="1 2" their thread counts
#   BENCH_SCALE_PROJECTS="25 50 100 200"  portfolio sizes (quick: 100)
#   BENCH_SCALE_TASKS=500  tasks per project
#   BENCH_SCALE_LIMITS="10 60"  --time-limit of keel level (quick: 10)
#   BENCH_SCALE_APD_PROJECTS="100 200"  sizes of the APD run (quick: none)
#   BENCH_SCALE_APD_LIMIT=30  its --time-limit
#   BENCH_SCALE_TIMEOUT    kill keel level after this (default 2 x limit + 60)
#   BENCH_SCALE="100 500 300"  projects, tasks, resources of the risk run
#   BENCH_WHATIF="100 500 300"  projects, tasks, resources of the whatif run
#   BENCH_WHATIF_THREADS=2 threads of keel whatif (scenarios at once)
#   BENCH_PRIO="12 120 40"  projects, tasks, resources of each priority run
#   BENCH_PRIO_SEEDS="1 2 3 4 5 6"  generator seeds of the priority section
#   BENCH_CLUSTER_SEEDS="1 2 3"  generator seeds of the clusters section (quick: 1)
#   BENCH_CLUSTER_LIMIT=10  its --time-limit (quick: 5)
#                          (quick: 1 2 3)
#   BENCH_RISK_ITERATIONS  iterations of the risk run (default 1000; quick 100)
#   BENCH_REPORT_LIMIT=10  --time-limit of the GA run the report section levels with
#   BENCH_FIXED="12:120:36:10 25:500:75:20 ..."  projects:tasks:resources:
#                          --time-limit of each fixed run (quick: the first two)
#   KEEL, KEEL_GEN, KEEL_ACCEPT  the binaries (default build/release/keel,
#                          build/release/gen_portfolio, build/release/accept_check)
# Example: BENCH=quick BENCH_SECTIONS="j30 j120" make bench
set -eu

SELF=$0
KEEL=${KEEL:-build/release/keel}
KEEL_GEN=${KEEL_GEN:-build/release/gen_portfolio}
KEEL_ACCEPT=${KEEL_ACCEPT:-build/release/accept_check}
BENCH_TIMEOUT=${BENCH_TIMEOUT:-900}
export KEEL KEEL_GEN BENCH_TIMEOUT

# A keel solve JSON reduced to one line: the fields solve_one prints.
SOLVE_KEYS="makespan lower_bound schedules seconds tms apd optimal best_seconds"

# --one FILE OPTIONS...: one `keel solve` run (called by xargs), printing
# "NAME makespan lower_bound schedules seconds tms apd optimal best_seconds", or "NAME ERR
# CODE" when keel fails. Never fails itself, so that xargs runs every instance.
if [ "${1:-}" = "--one" ]; then
    file=$2
    shift 2
    name=$(basename "$file")
    name=${name%.*}
    dir=$(dirname "$SELF")
    tmo=""
    command -v timeout >/dev/null 2>&1 && tmo="timeout $BENCH_TIMEOUT"
    # shellcheck disable=SC2086 # $tmo is empty or two words
    if out=$($tmo "$KEEL" solve "$file" --json --quiet "$@" 2>/dev/null); then
        printf '%s %s\n' "$name" \
            "$(printf '%s\n' "$out" | awk -v keys="$SOLVE_KEYS" -f "$dir/json.awk")"
    else
        printf '%s ERR %s\n' "$name" "$?"
    fi
    exit 0
fi

cd "$(dirname "$0")/.."
JSON_AWK=benchmarks/json.awk
PS=instances/psplib
MP=instances/mpsplib

BENCH=${BENCH:-full}
case $BENCH in
full)
    BUDGETS="1000 5000 50000"
    STEP=1
    TP_STEP=10
    TP_LIMIT=5
    MP_LIMIT=10
    MP_APD_LIMIT=5
    BENCH_SCALE_LIMITS=${BENCH_SCALE_LIMITS:-10 60}
    SCALE_PROJECTS=${BENCH_SCALE_PROJECTS:-25 50 100 200}
    SCALE_APD_PROJECTS=${BENCH_SCALE_APD_PROJECTS:-100 200}
    SCALE_APD_LIMIT=${BENCH_SCALE_APD_LIMIT:-30}
    RISK_ITERATIONS=1000
    ILP_STEP=1
    CMP_STEP=10
    CMP_LIMIT=3
    PRIO_SEEDS="1 2 3 4 5 6"
    CLUSTER_SEEDS="1 2 3"
    CLUSTER_LIMIT=10
    FIXED="12:120:36:10 25:500:75:20 50:500:150:30 100:500:300:60"
    ;;
quick)
    BUDGETS="1000 5000"
    STEP=10
    TP_STEP=60
    TP_LIMIT=1
    MP_LIMIT=10
    MP_APD_LIMIT=5
    BENCH_SCALE_LIMITS=${BENCH_SCALE_LIMITS:-10}
    SCALE_PROJECTS=${BENCH_SCALE_PROJECTS:-100}
    SCALE_APD_PROJECTS=${BENCH_SCALE_APD_PROJECTS:-}
    SCALE_APD_LIMIT=${BENCH_SCALE_APD_LIMIT:-30}
    RISK_ITERATIONS=100
    ILP_STEP=10
    CMP_STEP=60
    CMP_LIMIT=2
    PRIO_SEEDS="1 2 3"
    CLUSTER_SEEDS="1"
    CLUSTER_LIMIT=5
    FIXED="12:120:36:10 25:500:75:15"
    ;;
*)
    echo "run.sh: BENCH must be full or quick, not '$BENCH'" >&2
    exit 2
    ;;
esac
BUDGETS=${BENCH_BUDGETS:-$BUDGETS}
STEP=${BENCH_STEP:-$STEP}
TP_LIMIT=${BENCH_TP_LIMIT:-$TP_LIMIT}
TP_THREADS=${BENCH_TP_THREADS:-1 2}
ILP_STEP=${BENCH_ILP_STEP:-$ILP_STEP}
ILP_LIMIT=${BENCH_ILP_LIMIT:-10}
CMP_LIMIT=${BENCH_CMP_LIMIT:-$CMP_LIMIT}
CMP_SOLVERS=${BENCH_CMP_SOLVERS:-ga,ga default ga,ilp-lns}
RISK_ITERATIONS=${BENCH_RISK_ITERATIONS:-$RISK_ITERATIONS}
FIXED=${BENCH_FIXED:-$FIXED}
CLUSTER_SEEDS=${BENCH_CLUSTER_SEEDS:-$CLUSTER_SEEDS}
CLUSTER_LIMIT=${BENCH_CLUSTER_LIMIT:-$CLUSTER_LIMIT}
ALL_SECTIONS="j30 j120 throughput mpsplib ilp ilp-compare scale clusters whatif priority risk report fixed"
SECTIONS=${BENCH_SECTIONS:-$ALL_SECTIONS}
for s in $SECTIONS; do
    case " $ALL_SECTIONS " in
    *" $s "*) ;;
    *)
        echo "run.sh: unknown section '$s' (known: $ALL_SECTIONS)" >&2
        exit 2
        ;;
    esac
done
JOBS=${BENCH_JOBS:-2}
SCALE_TASKS=${BENCH_SCALE_TASKS:-500}
BENCH_SCALE=${BENCH_SCALE:-100 500 300}
BENCH_WHATIF=${BENCH_WHATIF:-100 500 300}
BENCH_WHATIF_THREADS=${BENCH_WHATIF_THREADS:-2}
BENCH_PRIO=${BENCH_PRIO:-12 120 40}
PRIO_SEEDS=${BENCH_PRIO_SEEDS:-$PRIO_SEEDS}
SCALE_MAX=$(echo "$BENCH_SCALE_LIMITS $SCALE_APD_LIMIT" | tr ' ' '\n' | sort -n | tail -1)
SCALE_TIMEOUT=${BENCH_SCALE_TIMEOUT:-$((SCALE_MAX * 2 + 60))}
HUGE=1000000000 # a schedule budget that a time limit ends first

if [ ! -x "$KEEL" ]; then
    echo "run.sh: no keel binary at $KEEL (run make first)" >&2
    exit 2
fi

COMMIT=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]; then
    COMMIT="$COMMIT+dirty"
fi
NOW=$(date '+%Y-%m-%d %H:%M %Z')
NAME=${BENCH_NAME:-$(date +%Y-%m-%d)-$(git rev-parse --short HEAD 2>/dev/null || echo x)-$BENCH}
if [ "$SECTIONS" != "$ALL_SECTIONS" ] && [ -z "${BENCH_NAME:-}" ]; then
    NAME="$NAME-$(echo "$SECTIONS" | tr ' ' '+')"
fi
mkdir -p benchmarks/results
RES=benchmarks/results/$NAME.md
RAW=benchmarks/results/$NAME.csv
TMP=$(mktemp -d "${TMPDIR:-/tmp}/keel-bench.XXXXXX")
trap 'rm -rf "$TMP"' EXIT INT TERM
: >"$RES.tmp"
echo "section,config,instance,makespan,lower_bound,schedules,seconds,tms,apd,optimal,best_seconds" \
    >"$RAW.tmp"

emit() { # emit TEXT...: to stdout and the result file
    printf '%s\n' "$@" | tee -a "$RES.tmp"
}
note() { # progress on stderr
    printf 'bench: %s\n' "$*" >&2
}

# run_set LABEL JOBS LIST OPTIONS...: runs keel solve on every file of LIST
# (one per line) with OPTIONS, JOBS at a time; results, sorted, in
# $TMP/LABEL.out and appended to the raw CSV as section LABEL.
run_set() {
    label=$1 jobs=$2 list=$3
    shift 3
    n=$(wc -l <"$list" | tr -d ' ')
    note "$label: $n instances, keel solve $*"
    t0=$(date +%s)
    xargs -P "$jobs" -I{} sh "$SELF" --one {} "$@" <"$list" | sort >"$TMP/$label.out"
    WALL=$(($(date +%s) - t0))
    section=${label%%@*}
    config=${label#*@}
    awk -v s="$section" -v c="$config" \
        '{ printf "%s,%s,%s", s, c, $1; for (i = 2; i <= 9; i++) printf ",%s", $i; print "" }' \
        "$TMP/$label.out" >>"$RAW.tmp"
}

# psplib_list SET NPARAMS STEP: the instance files in parameter order, every
# STEP-th (STEP 10 keeps instance 1 of every parameter group).
psplib_list() {
    awk -v set="$1" -v np="$2" -v step="$3" -v dir="$PS/$1" 'BEGIN {
        k = 0
        for (p = 1; p <= np; p++)
            for (i = 1; i <= 10; i++)
                if (k++ % step == 0) print dir "/" set p "_" i ".sm"
    }' | while read -r f; do [ -f "$f" ] && echo "$f"; done
}

# psplib_row OUT SET MODE: one table row from a run's results. MODE opt: vs
# the optimum (j30opt.sm); MODE cpm: vs cpm_lb, best-knowns from j120hrs.sm.
psplib_row() {
    awk -v set="$2" -v mode="$3" -v opt="$PS/${2}opt.sm" -v hrs="$PS/${2}hrs.sm" \
        -v ref="$PS/reference_bounds.csv" -v budget="$4" '
    function load_table(file,    line, f, n) {
        while ((getline line < file) > 0) {
            n = split(line, f, " ")
            if (n >= 3 && f[1] ~ /^[0-9]+$/ && f[2] ~ /^[0-9]+$/ && f[3] ~ /^[0-9]+$/)
                best[set f[1] "_" f[2]] = f[3]
        }
    }
    BEGIN {
        if (mode == "opt") load_table(opt); else load_table(hrs)
        FS = ","
        while ((getline line < ref) > 0) {
            split(line, f, ","); if (f[1] == set) cpm[f[2]] = f[5]
        }
        FS = " "
    }
    $2 == "ERR" { err++; next }
    {
        if (!($1 in best) || !($1 in cpm)) { unknown++; next }
        n++
        base = mode == "opt" ? best[$1] : cpm[$1]
        dev += ($2 - base) / base * 100
        if ($2 == best[$1]) hit++
        if ($2 < best[$1]) below++
        if ($5 != "NA") { sec += $5; nsec++ }
        if ($4 != "NA") { sched += $4 }
    }
    END {
        printf "| %s | %d | %s | %d | %s | %s | %s |\n", budget, n,
            n ? sprintf("%.2f", dev / n) : "-", hit,
            below ? (mode == "opt" ? below " (below the optimum: a bug)" : below) : "0",
            nsec ? sprintf("%.3f", sec / nsec) : "-",
            (err + unknown) ? err + unknown : "0"
    }' "$1"
}

psplib_section() { # SET NPARAMS MODE
    pset=$1 np=$2 mode=$3
    psplib_list "$pset" "$np" "$STEP" >"$TMP/$pset.list"
    n=$(wc -l <"$TMP/$pset.list" | tr -d ' ')
    if [ "$mode" = opt ]; then
        emit "" "## PSPLIB $pset: % deviation from the optimum" ""
        emit "$n instances, one run each: \`keel solve FILE --json --schedules N --seed 1 --threads 1\`, $JOBS at a time." ""
        emit "| schedules | solved | avg % dev from optimum | optima hit | below optimum | mean s/instance | failed |"
    else
        emit "" "## PSPLIB $pset: % deviation from the critical-path bound" ""
        emit "$n instances, one run each: \`keel solve FILE --json --schedules N --seed 1 --threads 1\`, $JOBS at a time. Best-knowns from ${pset}hrs.sm; \"new best\" counts makespans below them." ""
        emit "| schedules | solved | avg % dev from CPM-LB | best-knowns hit | new best | mean s/instance | failed |"
    fi
    emit "|---|---|---|---|---|---|---|"
    for b in $BUDGETS; do
        run_set "$pset@$b" "$JOBS" "$TMP/$pset.list" --schedules "$b" --seed 1 --threads 1
        emit "$(psplib_row "$TMP/$pset@$b.out" "$pset" "$mode" "$b")"
        note "$pset @ $b done in ${WALL}s"
    done
    if [ "$pset" = j30 ]; then
        emit "" "Published (Wang & Fang 2012, Expert Systems with Applications 39:2451-2460, Table 7): HEDA 0.38 at 1,000 and 0.14 at 5,000 schedules."
    else
        emit "" "Published (Wang & Fang 2012, Table 10): Debels & Vanhoucke (2007) 33.55 / 32.18 and Hartmann (2002) 37.19 / 35.39 at 1,000 / 5,000 schedules; at 50,000 the best 2006–08 heuristics are reported at 30.7–31.2 (Kolisch & Hartmann 2006; not checked against the paper). Floor set by the best-knowns (j120hrs.sm): 28.91."
    fi
}

throughput_section() {
    psplib_list j120 60 "$TP_STEP" >"$TMP/tp.list"
    n=$(wc -l <"$TMP/tp.list" | tr -d ' ')
    emit "" "## Throughput (j120)" ""
    emit "$n j120 instances (every ${TP_STEP}th), one at a time: \`keel solve FILE --json --time-limit $TP_LIMIT --threads T --seed 1\`. Schedules per second per thread = Σ schedules / Σ seconds / T; the deviation shows what the second thread buys at the same wall time." ""
    emit "| threads | instances | schedules/s per thread | schedules/s total | avg % dev from CPM-LB | avg % above best-known | best-knowns hit | mean s/instance | failed |"
    emit "|---|---|---|---|---|---|---|---|---|"
    for t in $TP_THREADS; do
        run_set "throughput@t$t" 1 "$TMP/tp.list" --time-limit "$TP_LIMIT" --threads "$t" \
            --schedules "$HUGE" --seed 1
        emit "$(awk -v t="$t" -v ref="$PS/reference_bounds.csv" '
        BEGIN { FS = ","; while ((getline line < ref) > 0) { split(line, f, ","); cpm[f[2]] = f[5]; ub[f[2]] = f[6] }; FS = " " }
        $2 == "ERR" || !($1 in cpm) { err++; next }
        { n++; dev += ($2 - cpm[$1]) / cpm[$1] * 100; if ($2 <= ub[$1]) hit++
          above += ($2 - ub[$1]) / ub[$1] * 100
          if ($4 != "NA" && $5 != "NA") { s += $4; sec += $5 } }
        END {
            printf "| %d | %d | %s | %s | %s | %s | %d | %s | %d |\n", t, n,
                (sec > 0 ? sprintf("%.0f", s / sec / t) : "-"),
                (sec > 0 ? sprintf("%.0f", s / sec) : "-"),
                n ? sprintf("%.2f", dev / n) : "-", n ? sprintf("%.2f", above / n) : "-", hit,
                n ? sprintf("%.2f", sec / n) : "-", err
        }' "$TMP/throughput@t$t.out")"
    done
}

mpsplib_section() {
    ls "$MP"/*.xml >"$TMP/mp.list"
    n=$(wc -l <"$TMP/mp.list" | tr -d ' ')
    emit "" "## MPSPLIB: TMS and APD" ""
    emit "$n instances, \`keel solve FILE --json --time-limit $MP_LIMIT --threads 1 --seed 1\`, $JOBS at a time. TMS_LB from results/computed_bounds.csv (critical path with arrivals, global-resource energy); MS Project = P-SGS/MINSLK in MS Project (Poza et al. 2025, under review; psgs_minslk_msproject_tms.csv; indicative only, see instances/README.md)." ""
    run_set "mpsplib@${MP_LIMIT}s" "$JOBS" "$TMP/mp.list" --time-limit "$MP_LIMIT" \
        --threads 1 --schedules "$HUGE" --seed 1
    emit "| instance | projects | TMS | APD | TMS_LB | % above LB | MS Project TMS | % below MS Project | s |"
    emit "|---|---|---|---|---|---|---|---|---|"
    awk -v lbf="$MP/results/computed_bounds.csv" -v mspf="$MP/results/psgs_minslk_msproject_tms.csv" '
    BEGIN {
        while ((getline line < lbf) > 0) { split(line, f, ","); nproj[f[1]] = f[2]; lb[f[1]] = f[11] }
        while ((getline line < mspf) > 0) { split(line, f, ","); if (f[3] ~ /^[0-9]+$/) msp[f[2]] = f[3] }
    }
    {
        i = $1
        if ($2 == "ERR") { printf "| %s | %s | failed (exit %s) | | %s | | %s | | |\n", i, nproj[i], $3, lb[i], (i in msp) ? msp[i] : "—"; err++; next }
        tms = $6; apd = $7
        above = (tms ~ /^[0-9.]+$/ && lb[i] > 0) ? sprintf("%.1f", (tms - lb[i]) / lb[i] * 100) : "—"
        if (above != "—") { sa += above; na++ }
        below = "—"
        if ((i in msp) && tms ~ /^[0-9.]+$/) { d = (msp[i] - tms) / msp[i] * 100; below = sprintf("%.1f", d); sb += d; nb++ }
        if (apd ~ /^[0-9.]+$/) { sapd += apd; napd++; apd = sprintf("%.1f", apd) }
        printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", i, nproj[i], tms, apd, lb[i], above, (i in msp) ? msp[i] : "—", below, ($5 ~ /^[0-9.]+$/ ? sprintf("%.1f", $5) : $5)
    }
    END {
        printf "| **mean** | | | %s | | %s | | %s | |\n", napd ? sprintf("%.1f", sapd / napd) : "—",
            na ? sprintf("%.1f", sa / na) : "—", nb ? sprintf("**%.1f** (%d)", sb / nb, nb) : "—"
        if (err) printf "\n%d instance(s) failed.\n", err
    }' "$TMP/mpsplib@${MP_LIMIT}s.out" >"$TMP/mp.table"
    emit "$(cat "$TMP/mp.table")"
    mpsplib_apd
}

# APD against the best one-pass rule: keel at $MP_APD_LIMIT s on 2 threads
# (which starts from the best of its rule passes) against that best pass.
mpsplib_apd() {
    emit "" "### APD against the best one-pass rule" ""
    emit "\`keel solve FILE --json --objective apd --time-limit $MP_APD_LIMIT --threads 2 --seed 1\`, one at a time; the best one-pass rule: the best of keel's eight portfolio rules through the serial and the parallel SGS (\`rules_value\`). Target: never worse, 15 % better on average." ""
    run_set "mpsplib-apd@${MP_APD_LIMIT}s" 1 "$TMP/mp.list" --objective apd \
        --time-limit "$MP_APD_LIMIT" --threads 2 --schedules "$HUGE" --seed 1
    emit "| instance | APD | best rule APD | % better | s |" "|---|---|---|---|---|"
    # rules_value is not among the run_set fields: read it again per instance
    while read -r f; do
        i=$(basename "$f" .xml)
        out=$("$KEEL" solve "$f" --json --quiet --objective apd --solvers msp-standard \
            --schedules 1 --seed 1 2>/dev/null) || continue
        printf '%s %s\n' "$i" "$(printf '%s\n' "$out" | awk -v keys=rules_value -f "$JSON_AWK")"
    done <"$TMP/mp.list" | sort >"$TMP/mp.rules"
    emit "$(join "$TMP/mpsplib-apd@${MP_APD_LIMIT}s.out" "$TMP/mp.rules" | awk '
    $2 == "ERR" { printf "| %s | failed | | | |\n", $1; err++; next }
    { apd = $7; r = $NF; d = r > 0 ? (r - apd) / r * 100 : 0; s += d; n++; if (apd > r + 1e-9) worse++
      printf "| %s | %.2f | %.2f | %.1f | %.1f |\n", $1, apd, r, d, $5 }
    END { printf "| **mean** | | | **%.1f** | |\n\nWorse than the best rule on %d of %d.\n", n ? s / n : 0, worse, n }')"
}

ilp_section() {
    psplib_list j30 48 "$ILP_STEP" >"$TMP/ilp.list"
    n=$(wc -l <"$TMP/ilp.list" | tr -d ' ')
    emit "" "## GLPK beside the metaheuristic: PSPLIB j30" ""
    emit "$n instances, one at a time: \`keel solve FILE --json --time-limit $ILP_LIMIT --threads 2 --seed 1\` (default solver mix). Proven: the run's lower bound equals its makespan. Time to the optimum: seconds until the optimal schedule became the incumbent (the driver notices at its sharing points), over the instances where it was found." ""
    run_set "ilp@j30" 1 "$TMP/ilp.list" --time-limit "$ILP_LIMIT" --threads 2 \
        --schedules "$HUGE" --seed 1
    emit "| instances | proven optimal | optima found | mean s to the optimum | mean s/run | failed |"
    emit "|---|---|---|---|---|---|"
    emit "$(awk -v opt="$PS/j30opt.sm" '
    BEGIN {
        while ((getline line < opt) > 0) {
            k = split(line, f, " ")
            if (k >= 3 && f[1] ~ /^[0-9]+$/ && f[2] ~ /^[0-9]+$/) best["j30" f[1] "_" f[2]] = f[3]
        }
    }
    $2 == "ERR" || !($1 in best) { err++; next }
    { n++; sec += $5
      if ($8 == "true") proven++
      if ($2 == best[$1]) { hit++; tto += $9 } }
    END {
        printf "| %d | %d (%.1f %%) | %d | %s | %s | %d |\n", n, proven, n ? 100 * proven / n : 0,
            hit, hit ? sprintf("%.2f", tto / hit) : "-", n ? sprintf("%.2f", sec / n) : "-", err
    }' "$TMP/ilp@j30.out")"
}

# cmp_rows LABEL OUT MODE: one row of the ilp-compare tables. MODE j120: gap of
# the makespan to the run's lower bound and deviation from CPM-LB; MODE mp:
# TMS and its gap to the run's lower bound.
cmp_rows() {
    awk -v label="$1" -v mode="$3" -v ref="$PS/reference_bounds.csv" '
    BEGIN { FS = ","; while ((getline line < ref) > 0) { split(line, f, ","); cpm[f[2]] = f[5] }; FS = " " }
    $2 == "ERR" { err++; next }
    {
        n++
        v = mode == "mp" ? $6 : $2
        if ($3 ~ /^[0-9.]+$/ && $3 > 0) { gap += (v - $3) / $3 * 100; ng++ }
        if (mode == "j120" && ($1 in cpm)) dev += ($2 - cpm[$1]) / cpm[$1] * 100
        sum += v
        if ($8 == "true") proven++
    }
    END {
        printf "| %s | %d | %s | %s | %s | %d | %d |\n", label, n,
            n ? sprintf("%.2f", sum / n) : "-",
            mode == "j120" ? (n ? sprintf("%.2f", dev / n) : "-") : "—",
            ng ? sprintf("%.2f", gap / ng) : "-", proven, err
    }' "$2"
}

ilp_compare_section() {
    psplib_list j120 60 "$CMP_STEP" >"$TMP/cmp.list"
    ls "$MP"/*.xml >"$TMP/cmpmp.list"
    emit "" "## Heuristics alone vs heuristics + ILP, equal wall time" ""
    emit "\`keel solve FILE --json --time-limit T --threads 2 --seed 1 --solvers S\`, one run at a time; \`default\` is the default mix. Gap: (value − the run's lower bound) / lower bound, where the lower bound is the best of critical path, resource energy, the LP relaxation and GLPK's proven bound (a run with ILP workers can prove more)." ""
    for set in j120 mp; do
        if [ "$set" = j120 ]; then
            list=$TMP/cmp.list lim=$CMP_LIMIT
            emit "j120, $(wc -l <"$list" | tr -d ' ') instances (every ${CMP_STEP}th), --time-limit $lim:" ""
            emit "| solvers | instances | mean makespan | avg % dev from CPM-LB | avg % gap to own bound | proven optimal | failed |"
        else
            list=$TMP/cmpmp.list lim=$((CMP_LIMIT * 2))
            emit "" "MPSPLIB, $(wc -l <"$list" | tr -d ' ') instances, objective TMS, --time-limit $lim:" ""
            emit "| solvers | instances | mean TMS | — | avg % gap to own bound | proven optimal | failed |"
        fi
        emit "|---|---|---|---|---|---|---|"
        for s in $CMP_SOLVERS; do
            run_set "cmp-$set@$s" 1 "$list" --time-limit "$lim" --threads 2 --schedules "$HUGE" \
                --seed 1 --solvers "$s"
            emit "$(cmp_rows "$s" "$TMP/cmp-$set@$s.out" "$set")"
        done
    done
}

# timed OUT TIMEFILE CMD...: runs CMD with /usr/bin/time -v when present.
timed() {
    out=$1 tf=$2
    shift 2
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -v -o "$tf" "$@" >"$out" 2>"$out.err"
    else
        : >"$tf"
        "$@" >"$out" 2>"$out.err"
    fi
}
secs() { awk -v x="$1" 'BEGIN { if (x ~ /^[0-9.eE+-]+$/) printf "%.3f", x; else printf "%s", x }'; }
rss_mb() { awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024; f = 1 } END { if (!f) printf "n/a" }' "$1"; }
wall_s() {
    awk -F': ' '/Elapsed \(wall clock\)/ {
        n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]
        printf "%.2f", s; f = 1 } END { if (!f) printf "n/a" }' "$1"
}

scale_section() {
    emit "" "## Scale: generated PMO portfolios" ""
    if [ ! -x "$KEEL_GEN" ]; then
        emit "No generator at $KEEL_GEN (make build/release/gen_portfolio)."
        return
    fi
    emit "\`gen_portfolio --projects N --tasks $SCALE_TASKS --resources 3N --seed 1\`; \`keel level --portfolio F -o DIR --json --seed 1 --time-limit L --threads T\` (default solvers). Wall: the whole command (loading, leveling, verifying, writing) against the limit (+10 % allowed). Objective (weighted delay or APD) in working days of each project's calendar; against the MS Project-like pass and the best single rule pass (keel's eight portfolio rules); bound: keel's lower bound; APD: average project delay, working days; makespan: portfolio makespan against the best rule pass's; delay by class: mean working days by priority (>= 700 / 400-699 / < 400) and by weight (4-5 / 3 / 1-2; the generator draws weights independently of priorities, and weighted delay favours the weight)." ""
    emit "| projects | objective | limit s | threads | wall s (within) | peak MB | value (days) | vs MS Project-like | vs best rule pass | makespan vs rule pass | bound (days) | found by | APD (days) | delay by priority class | by weight class |"
    emit "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
    : >"$TMP/scale.csv"
    for np in $SCALE_PROJECTS; do
        dir=$TMP/scale-$np
        note "scale: generating $np projects x $SCALE_TASKS tasks"
        "$KEEL_GEN" --projects "$np" --tasks "$SCALE_TASKS" --resources $((np * 3)) --seed 1 \
            -o "$dir" >"$TMP/gen-$np.out" 2>&1 || { emit "| $np | generator failed | | | | | | | | | | | | | |"; continue; }
        for limit in $BENCH_SCALE_LIMITS; do
            for t in 1 2; do
                scale_level "$dir" "$np" "$limit" "$t" weighted-delay
            done
        done
        case " $SCALE_APD_PROJECTS " in
        *" $np "*) scale_level "$dir" "$np" "$SCALE_APD_LIMIT" 2 apd ;;
        esac
        rm -rf "$dir"
    done
    emit "" "APD rows compare keel at $SCALE_APD_LIMIT s (2 threads) with the best single rule pass on average project delay; the target is 10 % below it. The machine may have been shared with other work while this ran (see the date); makespans (elapsed minutes) and raw figures are the scale lines of the CSV."
    awk -F, '{ printf "scale,%s-%s-%s-%s,portfolio,%s,,,%s,,,,\n", $1, $2, $3, $4, $15, $5 }' \
        "$TMP/scale.csv" >>"$RAW.tmp"
}

clusters_section() {
    emit "" "## Clusters: independent groups of projects" ""
    if [ ! -x "$KEEL_GEN" ]; then
        emit "No generator at $KEEL_GEN (make build/release/gen_portfolio)."
        return
    fi
    emit "\`gen_portfolio --projects 40 --tasks 300 --resources 120 --clusters 4 --seed S\` (four groups of 10 projects, each on its own 30 resources, no links between groups); \`keel level --portfolio F --json --seed 1 --threads 2 --time-limit $CLUSTER_LIMIT\`, leveled by clusters (the default) and with \`--no-clusters\` (the whole portfolio as one problem). Values in working days; difference: by clusters against whole (negative: clusters better)." ""
    emit "| seed | objective | by clusters | found by | whole | found by | difference | MS Project-like | bound by clusters | bound whole |"
    emit "|---|---|---|---|---|---|---|---|---|---|"
    for seed in $CLUSTER_SEEDS; do
        dir=$TMP/clusters-$seed
        note "clusters: generating seed $seed"
        "$KEEL_GEN" --projects 40 --tasks 300 --resources 120 --clusters 4 --seed "$seed" \
            -o "$dir" >"$TMP/gen-clusters-$seed.out" 2>&1 || { emit "| $seed | generator failed | | | | | | | | |"; continue; }
        for obj in apd weighted-delay; do
            for mode in clusters whole; do
                flag=""
                [ "$mode" = whole ] && flag=--no-clusters
                note "clusters: seed $seed, $obj, $mode"
                # shellcheck disable=SC2086 # $flag is empty or one word
                "$KEEL" level --portfolio "$dir/portfolio.txt" --json --quiet --seed 1 --threads 2 \
                    --time-limit "$CLUSTER_LIMIT" --objective "$obj" $flag \
                    >"$TMP/cl-$mode.out" 2>"$TMP/cl-$mode.err" || : >"$TMP/cl-$mode.out"
            done
            # shellcheck disable=SC2046 # one word per field
            set -- $(awk -v keys="value solver baseline lower_bound" -f "$JSON_AWK" "$TMP/cl-clusters.out") \
                $(awk -v keys="value solver lower_bound" -f "$JSON_AWK" "$TMP/cl-whole.out")
            emit "$(awk -v s="$seed" -v obj="$obj" -v v="$1" -v by="$2" -v b="$3" -v lb="$4" \
                -v w="$5" -v wby="$6" -v wlb="$7" 'BEGIN {
                d = w > 0 ? sprintf("%+.1f %%", (v - w) / w * 100) : "-"
                printf "| %s | %s | %.2f | %s | %.2f | %s | %s | %.2f | %.2f | %.2f |", s, obj, v, by,
                    w, wby, d, b, lb, wlb }')"
            echo "clusters,$obj-clusters,seed-$seed,$1,$4,,,,,," >>"$RAW.tmp"
            echo "clusters,$obj-whole,seed-$seed,$5,$7,,,,,," >>"$RAW.tmp"
        done
        rm -rf "$dir"
    done
    emit "" "The machine may have been shared with other work while this ran (see the load average)."
}

# scale_level DIR PROJECTS LIMIT THREADS OBJECTIVE: one `keel level` run of
# the whole command (load, level, verify, write) under /usr/bin/time; emits a
# table row: wall time against the limit, peak memory, the objective against
# the MS Project-like pass and the best rule pass, the makespan against the
# rule pass's, the bound, APD and the mean delay per priority and per weight
# class (working days of 480 minutes).
scale_level() {
    dir=$1 np=$2 limit=$3 threads=$4 obj=$5 tag=level-$2-$3-$4-$5
    note "scale: $np projects, keel level --time-limit $limit --threads $threads --objective $obj"
    tmo=""
    command -v timeout >/dev/null 2>&1 && tmo="timeout $SCALE_TIMEOUT"
    rm -rf "$TMP/leveled"
    # shellcheck disable=SC2086 # $tmo is empty or two words
    if ! timed "$TMP/$tag.out" "$TMP/$tag.time" $tmo "$KEEL" level \
        --portfolio "$dir/portfolio.txt" -o "$TMP/leveled" --json --seed 1 --quiet \
        --threads "$threads" --time-limit "$limit" --objective "$obj"; then
        emit "| $np | $obj | $limit | $threads | failed (exit $?): $(head -c 200 "$TMP/$tag.out.err" | tr '\n|' '  ') | | | | | | | | | | |"
        return
    fi
    # shellcheck disable=SC2046 # one word per field
    set -- $(awk -v keys="value baseline rules_value rules_best lower_bound solver schedules apd makespan rules_makespan" \
        -f "$JSON_AWK" "$TMP/$tag.out")
    wall=$(wall_s "$TMP/$tag.time")
    classes=$(scale_classes "$TMP/$tag.out" "$dir/portfolio.txt")
    emit "$(awk -v np="$np" -v obj="$obj" -v lim="$limit" -v t="$threads" -v wall="$wall" \
        -v rss="$(rss_mb "$TMP/$tag.time")" -v v="$1" -v b="$2" -v r="$3" -v rb="$4" \
        -v lb="$5" -v by="$6" -v n="$7" -v apd="$8" -v mk="$9" -v rmk="${10}" -v cls="$classes" 'BEGIN {
        vm = b > 0 ? sprintf("%+.1f %%", (v - b) / b * 100) : "-"
        vr = r > 0 ? sprintf("%+.1f %% (%s)", (v - r) / r * 100, rb) : "-"
        km = rmk > 0 ? sprintf("%+.1f %%", (mk - rmk) / rmk * 100) : "-"
        ok = wall + 0 <= lim * 1.1 ? "yes" : "NO"
        sub(/\(rule_/, "(", vr)
        printf "| %d | %s | %d | %d | %s (%s) | %s | %.0f | %s | %s | %s | %s | %s | %.0f | %s |", np, obj,
            lim, t, wall, ok, rss, v, vm, vr, km,
            lb ~ /^[0-9.eE+-]+$/ ? sprintf("%.0f", lb) : "-", by, apd, cls }')"
    echo "$np,$obj,$limit,$threads,$wall,$(rss_mb "$TMP/$tag.time"),$1,$2,$3,$4,$5,$6,$7,$8,$9,${10}" >>"$TMP/scale.csv"
}

# scale_classes JSON PORTFOLIO: "a / b / c | x / y / z", the mean delay (working
# days) of the projects by priority class (>= 700, 400-699, < 400) and by
# weight class (4-5, 3, 1-2), from a keel level JSON and its portfolio file.
scale_classes() {
    tr -d ' \n\t' <"$1" | sed 's/^[^[]*"projects":\[\([^]]*\)\].*/\1/' |
        tr '}' '\n' | awk -v pf="$2" '
        function mean(s, n) { return n ? sprintf("%.0f", s / n) : "-" }
        BEGIN { while ((getline l < pf) > 0) { if (l ~ /^file = /) f = substr(l, 8)
                if (l ~ /^priority = /) prio[f] = substr(l, 12) + 0
                if (l ~ /^weight = /) wt[f] = substr(l, 10) + 0 } }
        match($0, /"name":"[^"]*"/) {
            name = substr($0, RSTART + 8, RLENGTH - 9)
            match($0, /"delay_days":[-0-9.eE+]*/); d = substr($0, RSTART + 13, RLENGTH - 13)
            c = prio[name] >= 700 ? 3 : prio[name] >= 400 ? 2 : 1; s[c] += d; n[c]++
            w = wt[name] >= 4 ? 3 : wt[name] >= 3 ? 2 : 1; sw[w] += d; nw[w]++ }
        END { printf "%s / %s / %s | %s / %s / %s", mean(s[3], n[3]), mean(s[2], n[2]),
              mean(s[1], n[1]), mean(sw[3], nw[3]), mean(sw[2], nw[2]), mean(sw[1], nw[1]) }'
}

# The 8 what-if questions of the whatif section, on a generated portfolio
# (its resource names from the pool file, dates from its start).
whatif_scenarios() {
    dir=$1
    # shellcheck disable=SC2046 # four names, one a line
    set -- $(sed -n '/<Resources>/,/<\/Resources>/s:.*<Name>\([A-Z][a-z]* [A-Z][a-z]*\)</Name>.*:\1:p' "$dir/resource-pool.xml" |
        head -4 | tr ' ' '_')
    r1=$(echo "$1" | tr _ ' ') r2=$(echo "$2" | tr _ ' ') r3=$(echo "$3" | tr _ ' ') r4=$(echo "$4" | tr _ ' ')
    d0=$(sed -n 's:.*<StartDate>\([0-9-]*\)T.*:\1:p' "$dir/p001.xml" | head -1)
    day() { date -d "$d0 + $1 days" +%F; }
    cat <<TXT
[scenario hire]
capacity $r1 = +1
[scenario contractor]
capacity $r2 = +1 from $(day 60) to $(day 180)
[scenario leave]
capacity $r3 = 0 from $(day 30) to $(day 51)
[scenario two-hires]
capacity $r1 = +1
capacity $r4 = +1
[scenario cancel-p050]
remove = p050
[scenario postpone-p010]
postpone p010 = 20d
[scenario rush-p099]
priority p099 = 1000
weight p099 = 5
[scenario deadline-p001]
deadline p001 = $(day 200)
TXT
}

whatif_section() {
    # shellcheck disable=SC2086 # three numbers
    set -- $BENCH_WHATIF
    np=$1 nt=$2 nr=$3 threads=$BENCH_WHATIF_THREADS
    dir=$TMP/whatif
    emit "" "## What-if: 8 scenarios on a generated PMO portfolio" ""
    if [ ! -x "$KEEL_GEN" ]; then
        emit "No generator at $KEEL_GEN (make build/release/gen_portfolio)."
        return
    fi
    note "whatif: generating $np projects x $nt tasks, $nr resources"
    "$KEEL_GEN" --projects "$np" --tasks "$nt" --resources "$nr" --seed 1 -o "$dir" >/dev/null
    whatif_scenarios "$dir" >"$TMP/scenarios.txt"
    load=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "n/a")
    note "whatif: keel whatif, 8 scenarios, --threads $threads"
    if timed "$TMP/whatif.out" "$TMP/whatif.time" "$KEEL" whatif --portfolio "$dir/portfolio.txt" \
        --pool "$dir/resource-pool.xml" --scenarios "$TMP/scenarios.txt" --seed 1 \
        --threads "$threads" --quiet; then
        emit "\`keel whatif\` on \`gen_portfolio --projects $np --tasks $nt --resources $nr --seed 1\` ($np x $nt tasks), 8 scenarios and the base, --threads $threads (scenarios at once, one worker each), the default budget: **$(wall_s "$TMP/whatif.time") s** wall, $(rss_mb "$TMP/whatif.time") MB peak RSS (load, 9 levelings, verification and the table)." ""
        emit "Scenarios:" '```' "$(grep -v '^\[' "$TMP/scenarios.txt" | paste -sd';' | sed 's/;/; /g')" '```' ""
        emit "The comparison's summary rows:" '```'
        emit "$(sed -n '/^project /p; /^deadlines met/,/^most loaded/p' "$TMP/whatif.out" | cut -c1-400)" '```'
    else
        emit "keel whatif failed (exit $?): $(head -c 300 "$TMP/whatif.out.err" | tr '\n' ' ')"
    fi
    note "whatif: keel level on the base alone, --threads 1, the same budget"
    if timed "$TMP/level1.out" "$TMP/level1.time" "$KEEL" level --portfolio "$dir/portfolio.txt" \
        --pool "$dir/resource-pool.xml" --seed 1 --threads 1 --quiet --json; then
        emit "" "For scale: one \`keel level --threads 1\` of the base with the same budget takes $(wall_s "$TMP/level1.time") s and $(rss_mb "$TMP/level1.time") MB; the 9 levelings of whatif share one load and run two at a time (the base first, alone: every scenario starts from its schedule)."
        emit "" "Load average when the section began: $load on $(nproc 2>/dev/null || echo '?') cores. On a shared machine these times are upper bounds; rerun on a quiet one."
    fi
}

# prio_weights MODE < portfolio.txt: the generator's portfolio file with its
# weights replaced: equal (1), linear (priority / 500) or none (keel's default
# by priority, keel_priority_weight).
prio_weights() {
    awk -v mode="$1" '
    /^priority *=/ { pr = $3 }
    /^weight *=/ { next }
    /^deadline *=/ {
        print
        if (mode == "equal") print "weight = 1"
        if (mode == "linear") printf "weight = %g\n", pr / 500
        next
    }
    { print }'
}

# prio_rows CSV: per weighting, the mean delay (working days) of the projects
# of each priority class, the mean over all and the deadlines missed.
prio_rows() {
    awk -F, '
    function cls(p) { return p <= 300 ? 1 : p <= 600 ? 2 : 3 }
    { k = $1; c = cls($3); n[k, c]++; d[k, c] += $4; all[k] += $4; cnt[k]++
      if ($5 == "false") late[k]++; seen[k] = 1 }
    END {
        split("equal linear default", order, " ")
        split("equal weights (1)|linear (priority / 500)|keel default (2^((priority - 500) / 100))", label, "|")
        for (i = 1; i <= 3; i++) {
            k = order[i]; if (!seen[k]) continue
            printf "| %s |", label[i]
            for (c = 1; c <= 3; c++) printf " %.1f (%d) |", n[k, c] ? d[k, c] / n[k, c] : 0, n[k, c]
            printf " %.1f | %d of %d |\n", all[k] / cnt[k], late[k] + 0, cnt[k]
        }
    }' "$1"
}

priority_section() {
    # shellcheck disable=SC2086 # three numbers
    set -- $BENCH_PRIO
    np=$1 nt=$2 nr=$3
    emit "" "## Priorities: mean project delay by priority class" ""
    if [ ! -x "$KEEL_GEN" ]; then
        emit "No generator at $KEEL_GEN (make build/release/gen_portfolio)."
        return
    fi
    : >"$TMP/prio.csv"
    for seed in $PRIO_SEEDS; do
        dir=$TMP/prio-$seed
        "$KEEL_GEN" --projects "$np" --tasks "$nt" --resources "$nr" --seed "$seed" -o "$dir" >/dev/null
        for mode in equal linear default; do
            note "priority: seed $seed, weights $mode"
            prio_weights "$mode" <"$dir/portfolio.txt" >"$dir/$mode.txt"
            if ! "$KEEL" level --portfolio "$dir/$mode.txt" --json --quiet --seed 1 --threads 2 \
                >"$TMP/prio.json" 2>"$TMP/prio.err"; then
                emit "keel level failed on seed $seed ($mode): $(head -c 200 "$TMP/prio.err" | tr '\n' ' ')"
                continue
            fi
            # name,delay_days,deadline_met per project, joined with its priority
            tr -d ' \n\t' <"$TMP/prio.json" | sed 's/^[^[]*"projects":\[\([^]]*\)\].*/\1/' |
                tr '}' '\n' | sed -n 's/.*"name":"\([^"]*\)\.xml".*"delay_days":\([-0-9.eE+]*\).*"deadline_met":\([a-z]*\).*/\1 \2 \3/p' |
                while read -r name delay met; do
                    pr=$(awk -v s="[project $name]" '$0 == s { f = 1 } f && /^priority/ { print $3; exit }' "$dir/portfolio.txt")
                    echo "$mode,$name,$pr,$delay,$met"
                done >>"$TMP/prio.csv"
        done
    done
    emit "\`gen_portfolio --projects $np --tasks $nt --resources $nr\`, seeds $PRIO_SEEDS; project priorities 100-900 on each file's project summary task; \`keel level --portfolio\` with the generator's deadlines and links, the default objective (weighted delay) and budget, 2 threads, seed 1. Delay: leveled minus CPM finish, working days; (n): projects in the class." ""
    emit "| weights | priority 100-300 | 350-600 | 650-900 | all | deadlines missed |" "|---|---|---|---|---|---|"
    emit "$(prio_rows "$TMP/prio.csv")"
    sed 's/^/priority,/' "$TMP/prio.csv" >>"$RAW.tmp"
}

# risk_run TAG THREADS ITERATIONS DIR: one keel risk run on the leveled
# portfolio in DIR; a table row, and the CSV of the projects in $TMP/TAG.out.
risk_run() {
    tag=$1 threads=$2 n=$3 dir=$4
    note "risk: keel risk --iterations $n --threads $threads"
    if timed "$TMP/$tag.out" "$TMP/$tag.time" "$KEEL" risk --portfolio "$dir/portfolio.txt" \
        --pool "$dir/resource-pool.xml" --plan input --iterations "$n" --threads "$threads" \
        --csv projects; then
        emit "| keel risk --iterations $n --threads $threads | ok | $(wall_s "$TMP/$tag.time") | $(rss_mb "$TMP/$tag.time") |"
    else
        emit "| keel risk --iterations $n --threads $threads | failed: $(head -c 200 "$TMP/$tag.out.err" | tr '\n|' '  ') | $(wall_s "$TMP/$tag.time") | |"
    fi
}

risk_section() {
    # shellcheck disable=SC2086 # three numbers
    set -- $BENCH_SCALE
    np=$1 nt=$2 nr=$3
    dir=$TMP/risk lev=$TMP/risk-leveled
    emit "" "## Risk: Monte Carlo on a generated PMO portfolio" ""
    if [ ! -x "$KEEL_GEN" ]; then
        emit "No generator at $KEEL_GEN (make build/release/gen_portfolio)."
        return
    fi
    note "risk: generating $np projects x $nt tasks, $nr resources"
    "$KEEL_GEN" --projects "$np" --tasks "$nt" --resources "$nr" --seed 1 -o "$dir" >"$TMP/risk-gen.out"
    emit "\`gen_portfolio --projects $np --tasks $nt --resources $nr --seed 1\`: $(sed 's/^gen_portfolio: //; s/ -> .*//' "$TMP/risk-gen.out"). Every task -10 % +40 % (\`[uncertainty] * = -10% +40%\`); the plan is keel's first leveled schedule (\`--schedules 1\`), read back from the leveled files." ""
    emit "| step | result | wall s | peak RSS MB |" "|---|---|---|---|"
    note "risk: keel level --schedules 1"
    if ! timed "$TMP/risk-level.out" "$TMP/risk-level.time" "$KEEL" level --portfolio "$dir/portfolio.txt" \
        --pool "$dir/resource-pool.xml" -o "$lev" --schedules 1 --quiet; then
        emit "| keel level (the plan) | failed: $(head -c 200 "$TMP/risk-level.out.err" | tr '\n|' '  ') | | |"
        return
    fi
    emit "| keel level --schedules 1 (the plan) | ok | $(wall_s "$TMP/risk-level.time") | $(rss_mb "$TMP/risk-level.time") |"
    cp "$dir/resource-pool.xml" "$lev/"
    { cat "$dir/portfolio.txt"; printf '\n[uncertainty]\n* = -10%% +40%%\n'; } >"$lev/portfolio.txt"
    risk_run risk-0 1 1 "$lev"
    risk_run risk-2 2 "$RISK_ITERATIONS" "$lev"
    risk_run risk-1 1 $((RISK_ITERATIONS / 5)) "$lev"
    w0=$(wall_s "$TMP/risk-0.time") w2=$(wall_s "$TMP/risk-2.time") w1=$(wall_s "$TMP/risk-1.time")
    emit "" "$(awk -F, -v n2="$RISK_ITERATIONS" -v w2="$w2" -v n1=$((RISK_ITERATIONS / 5)) -v w1="$w1" -v w0="$w0" '
        { sub(/\r$/, "") }
        NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
        $1 == "(portfolio)" { port = $0; pf = $col["plan_finish"]; p50 = $col["P50"]; p80 = $col["P80"]; p95 = $col["P95"]; next }
        $col["deadline"] != "" { nd++; pd += $col["p_deadline"]; if ($col["p_deadline"] >= 0.8) ok++ }
        END {
            printf "Portfolio finish: plan %s, P50 %s, P80 %s, P95 %s. ", pf, p50, p80, p95
            printf "Deadlines: %d projects have one, mean probability of meeting it %.1f %%, %d with at least 80 %%. ", nd, nd ? 100 * pd / nd : 0, ok
            if (w1 > w0 && w2 > w0) printf "Per iteration (the run of 1 iteration, %.1f s of loading and set-up, taken off): %.3f s on 1 thread, %.3f s on 2 (speed-up %.2f).", w0, (w1 - w0) / (n1 - 1), (w2 - w0) / (n2 - 1), ((w1 - w0) / (n1 - 1)) / ((w2 - w0) / (n2 - 1))
        }' "$TMP/risk-2.out")"
}

mb() { awk -v b="$(wc -c <"$1")" 'BEGIN { printf "%.1f", b / 1e6 }'; }

# report_section: the report of the scale portfolio, leveled by the GA.
report_section() {
    # shellcheck disable=SC2086 # three numbers
    set -- $BENCH_SCALE
    np=$1 nt=$2 nr=$3 limit=${BENCH_REPORT_LIMIT:-10}
    dir=$TMP/report lv=$TMP/report/leveled
    emit "" "## Report: $np projects x $nt tasks, $nr resources" ""
    if [ ! -x "$KEEL_GEN" ]; then
        emit "No generator at $KEEL_GEN (make build/release/gen_portfolio)."
        return
    fi
    "$KEEL_GEN" --projects "$np" --tasks "$nt" --resources "$nr" --seed 1 -o "$dir" >/dev/null
    threads=$(nproc 2>/dev/null || echo 1)
    note "report: keel level --solvers ga --time-limit $limit --report"
    emit "| step | wall s | peak RSS MB | output |" "|---|---|---|---|"
    if ! timed "$TMP/rl.out" "$TMP/rl.time" "$KEEL" level --portfolio "$dir/portfolio.txt" \
        -o "$lv" --report "$TMP/level-report.html" --solvers ga --time-limit "$limit" \
        --threads "$threads" --seed 1 --quiet; then
        emit "| keel level --report | failed: $(head -c 200 "$TMP/rl.out.err" | tr '\n|' '  ') | | |"
        return
    fi
    emit "| keel level --solvers ga --time-limit $limit --threads $threads --report | $(wall_s "$TMP/rl.time") | $(rss_mb "$TMP/rl.time") | $(mb "$TMP/level-report.html") MB HTML |"
    cp "$dir/portfolio.txt" "$lv/"
    note "report: keel report on the leveled files"
    timed "$TMP/rr.out" "$TMP/rr.time" "$KEEL" report --portfolio "$lv/portfolio.txt" \
        -o "$TMP/report.html" --csv "$TMP/csv"
    gz=$(gzip -c "$TMP/report.html" | wc -c | awk '{ printf "%.1f", $1 / 1e6 }')
    emit "| keel report (load the leveled files, summarise, explain, HTML + CSV) | $(wall_s "$TMP/rr.time") | $(rss_mb "$TMP/rr.time") | $(mb "$TMP/report.html") MB HTML ($gz MB gzipped); CSV: projects $(mb "$TMP/csv/projects.csv"), tasks $(mb "$TMP/csv/tasks.csv"), load $(mb "$TMP/csv/load.csv") MB |"
    timed "$TMP/rc.out" "$TMP/rc.time" "$KEEL" cpm --portfolio "$lv/portfolio.txt"
    emit "| for comparison: keel cpm on the same files (load + critical path) | $(wall_s "$TMP/rc.time") | $(rss_mb "$TMP/rc.time") | |"
    if command -v chromium >/dev/null 2>&1; then
        prof=$(mktemp -d "$TMP/chromium.XXXXXX")
        timed "$TMP/dom.out" "$TMP/dom.time" chromium --headless --no-sandbox --disable-gpu \
            --disable-quic --no-first-run --disable-background-networking \
            --disable-component-update --disable-sync --user-data-dir="$prof" \
            --dump-dom "file://$TMP/report.html"
        emit "| Chromium (headless) loads and lays out the page (--dump-dom) | $(wall_s "$TMP/dom.time") | (several processes) | |"
    fi
    late=$(grep -c '^  [^ ].*: .* d late$' "$TMP/rr.out" || true)
    emit "" "The report's why block names the resources of $late late projects. Sizes in MB (10^6 bytes)."
}

# kv KEY FILE: the value of KEY in accept_check's key=value line.
kv() { tr ' ' '\n' <"$2" | sed -n "s/^$1=//p"; }

fixed_section() {
    emit "" "## Fixed tasks: generated portfolios with every feature" ""
    if [ ! -x "$KEEL_GEN" ] || [ ! -x "$KEEL_ACCEPT" ]; then
        emit "No generator or checker (make build/release/gen_portfolio build/release/accept_check)."
        return
    fi
    emit "\`gen_portfolio --projects P --tasks T --resources R --seed 1 --features all\`; \`keel level --portfolio ... -o DIR --threads 2 --time-limit S\`; \`accept_check --portfolio DIR/portfolio.txt\` on the files written: keel verify's conflicts by reason, every accepted overload recomputed hour by hour by the simple rule of tests/independent.h (avoidable: an hour it does not excuse), priority-1000 tasks against where their links put them, started tasks against their dates." ""
    emit "| portfolio | tasks | prio 1000 | started | limit s | conflicts | not accepted | fixed alone | single task | prio-1000 with predecessors | soft | started links | avoidable | prio-1000 off links | started moved |" \
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
    for run in $FIXED; do
        # shellcheck disable=SC2086 # four numbers
        set -- $(echo "$run" | tr ':' ' ')
        dir=$TMP/fixed-$1x$2
        note "fixed: $1 x $2, --time-limit $4"
        "$KEEL_GEN" --projects "$1" --tasks "$2" --resources "$3" --seed 1 --features all \
            -o "$dir" >/dev/null
        if ! "$KEEL" level --portfolio "$dir/portfolio.txt" -o "$dir.out" --threads 2 \
            --time-limit "$4" --quiet >"$TMP/fixed.out" 2>"$TMP/fixed.err"; then
            emit "| $1 x $2 | keel level failed: $(head -c 200 "$TMP/fixed.err" | tr '\n|' '  ') |"
            continue
        fi
        cp "$dir/portfolio.txt" "$dir.out/"
        "$KEEL_ACCEPT" --portfolio "$dir.out/portfolio.txt" >"$TMP/fixed.kv" 2>"$TMP/fixed.err"
        f=$TMP/fixed.kv
        emit "| $1 x $2 | $(kv tasks $f) | $(kv pinned $f) | $(kv started $f) | $4 | $(kv conflicts $f) | $(kv failures $f) | $(kv fixed $f) | $(kv single $f) | $(kv tied $f) | $(kv soft $f) | $(kv started_link $f) | $(kv avoidable $f) | $(kv pinned_off $f) | $(kv started_moved $f) |"
        echo "fixed,$1x$2,$(cat "$f")" >>"$RAW.tmp"
    done
}

# The machine's load average (1, 5, 15 minutes), "unknown" without /proc.
loadavg() { cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown; }

cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
emit "# keel benchmarks: $NAME" ""
emit "- date: $NOW" "- commit: $COMMIT" \
    "- machine: $(nproc 2>/dev/null || echo '?') CPUs, ${cpu:-unknown CPU}, $(uname -sr)" \
    "- keel: $KEEL $("$KEEL" --version 2>/dev/null | head -1 || true)" \
    "- mode: BENCH=$BENCH, sections: $SECTIONS, $JOBS parallel runs" \
    "- load average (1, 5, 15 min) at the start: $(loadavg)" \
    "- raw per-run data: $(basename "$RAW")"
T0=$(date +%s)
for s in $SECTIONS; do
    case $s in
    j30) psplib_section j30 48 opt ;;
    j120) psplib_section j120 60 cpm ;;
    throughput) throughput_section ;;
    mpsplib) mpsplib_section ;;
    ilp) ilp_section ;;
    ilp-compare) ilp_compare_section ;;
    scale) scale_section ;;
    clusters) clusters_section ;;
    whatif) whatif_section ;;
    risk) risk_section ;;
    priority) priority_section ;;
    report) report_section ;;
    fixed) fixed_section ;;
    esac
done
emit "" "Total benchmark time: $(($(date +%s) - T0)) s; load average at the end: $(loadavg)$(loadavg | awk '$1 > 2.5 { printf " (above 2.5: other work shared the machine, timed results are pessimistic)" }')."
mv "$RES.tmp" "$RES"
mv "$RAW.tmp" "$RAW"
note "wrote $RES and $RAW"
