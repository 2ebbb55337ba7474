# Helpers for the CLI tests (sourced). $KEEL is the binary, $KEEL_TMP a scratch dir.
set -u
fail() { echo "FAIL: $*"; exit 1; }
# expect_exit CODE CMD...: runs CMD, keeps stdout in $OUT and stderr in $ERR.
expect_exit() {
    want=$1; shift
    OUT=$("$@" 2>"$KEEL_TMP/stderr.$$"); got=$?
    ERR=$(cat "$KEEL_TMP/stderr.$$"); rm -f "$KEEL_TMP/stderr.$$"
    [ "$got" -eq "$want" ] || fail "$*: exit $got, expected $want; stderr: $ERR"
}
contains() { # contains TEXT PATTERN...
    text=$1; shift
    for pat in "$@"; do
        printf '%s' "$text" | grep -qF -- "$pat" || fail "expected '$pat' in: $text"
    done
}
