# The README keeps its promises: at most 300 lines, both quick-start commands,
# and its library example compiles, links and levels two files that the
# verifier then accepts. $KEEL_CC and $KEEL_LIBS come from the Makefile.
. "$(dirname "$0")/lib.sh"
lines=$(wc -l < README.md)
[ "$lines" -le 300 ] || fail "README.md has $lines lines (at most 300)"
quick=$(sed -n '/^## Quick start/,/^## /p' README.md)
contains "$quick" "make demo" "make test"
if [ -z "${KEEL_CC:-}" ]; then echo "SKIP: library example (KEEL_CC not set)"; exit 0; fi
work="$KEEL_TMP/readme"
rm -rf "$work" && mkdir -p "$work"
{ echo '#include <stdio.h>'; echo '#include <keel.h>'; echo 'int main(void) {'
  sed -n '/^```c$/,/^```$/p' README.md | grep -v '^```' | grep -v '#include <keel.h>'
  echo 'return 0; }'; } > "$work/example.c"
# shellcheck disable=SC2086 # the compiler command and libraries are word lists
$KEEL_CC -o "$work/example" "$work/example.c" $KEEL_LIBS || fail "the README's library example does not build"
cp instances/example/erp-upgrade.xml "$work/erp.xml"
cp instances/example/website-relaunch.xml "$work/web.xml"
expect_exit 0 sh -c "cd '$work' && ./example"
contains "$OUT" "weighted-delay" "(baseline"
[ -f "$work/leveled/erp.xml" ] && [ -f "$work/leveled/web.xml" ] || fail "no leveled files: $(ls "$work")"
expect_exit 0 "$KEEL" verify "$work/leveled/erp.xml" "$work/leveled/web.xml"
