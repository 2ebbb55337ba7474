# Help, version, usage errors and their exit codes.
. "$(dirname "$0")/lib.sh"
expect_exit 0 "$KEEL" --help
contains "$OUT" "usage: keel" "exit codes" "verify" "cpm"
expect_exit 0 "$KEEL" --version
contains "$OUT" "keel "
expect_exit 2 "$KEEL"
expect_exit 2 "$KEEL" frobnicate
contains "$ERR" "unknown command"
expect_exit 2 "$KEEL" cpm
contains "$ERR" "no input files"
expect_exit 2 "$KEEL" cpm instances/psplib/j30/j301_1.sm --bogus
contains "$ERR" "unknown option '--bogus'"
expect_exit 2 "$KEEL" cpm instances/psplib/j30/j301_1.sm --pool
contains "$ERR" "--pool needs a value"
