# Help, version, usage errors and their exit codes: every command has its own
# --help (usage, options, exit codes; exit 0); a bad option value exits 1, a
# wrong command line (unknown or repeated option, missing value) 2.
. "$(dirname "$0")/lib.sh"
ex=instances/example
j30=instances/psplib/j30/j301_1.sm
expect_exit 0 "$KEEL" --help
contains "$OUT" "usage: keel" "exit codes" "verify" "cpm" "keel COMMAND --help"
expect_exit 0 "$KEEL" --version
contains "$OUT" "keel "
expect_exit 2 "$KEEL"
expect_exit 2 "$KEEL" frobnicate
contains "$ERR" "unknown command"
# every command of keel --help has its own help
cmds=$("$KEEL" --help | sed -n '/^commands/,/^  help /p' | awk '/^  [a-z]/ {print $1}' | grep -v '^help$')
[ -n "$cmds" ] || fail "no commands listed in keel --help"
for c in $cmds; do
    expect_exit 0 "$KEEL" "$c" --help
    contains "$OUT" "usage: keel $c" "exit codes:" "  1  bad input file or option value"
    expect_exit 0 "$KEEL" "$c" -h
done
expect_exit 0 "$KEEL" level --help
contains "$OUT" "-o DIR" "--progress" "solver options:" "--time-limit" "nothing is written"
# help wins wherever it stands
expect_exit 0 "$KEEL" level $ex/*.xml --threads 2 --help
contains "$OUT" "usage: keel level"
expect_exit 2 "$KEEL" cpm
contains "$ERR" "no input files"
expect_exit 2 "$KEEL" cpm $j30 --bogus
contains "$ERR" "unknown option '--bogus'" "keel cpm --help"
expect_exit 2 "$KEEL" cpm $j30 --pool
contains "$ERR" "--pool needs a value"
# bad option values: exit 1, naming the option
expect_exit 1 "$KEEL" level $ex/*.xml --time-limit abc
contains "$ERR" "--time-limit"
expect_exit 1 "$KEEL" solve $j30 --threads 0
contains "$ERR" "--threads"
expect_exit 1 "$KEEL" solve $j30 --seed=-3
# repeated options: exit 2
expect_exit 2 "$KEEL" level --portfolio $ex/portfolio.txt --portfolio $ex/portfolio.txt
contains "$ERR" "--portfolio is given twice"
expect_exit 2 "$KEEL" solve $j30 --seed 1 --seed=2
contains "$ERR" "--seed is given twice"
expect_exit 2 "$KEEL" level $ex/*.xml -o "$KEEL_TMP/a" --output "$KEEL_TMP/b"
contains "$ERR" "--output is given twice"
expect_exit 2 "$KEEL" verify $ex/*.xml --json --json
