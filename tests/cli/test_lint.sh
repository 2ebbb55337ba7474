# make lint: the layer rule holds on this tree and fails on a copy where a
# lower layer includes a higher one, a file sits directly in src/, or two
# headers include each other.
. "$(dirname "$0")/lib.sh"
expect_exit 0 sh tests/lint.sh
contains "$OUT" "lint: ok"
copy=$KEEL_TMP/lint-tree
rm -rf "$copy" && mkdir -p "$copy"
cp -r src solvers include tests "$copy"/
printf '#include "run/level.h"\n' >>"$copy/src/base/error.c"
expect_exit 1 sh tests/lint.sh "$copy"
contains "$OUT" "src/base/error.c: includes \"run/level.h\": layer 'run' is above 'base'"
rm -rf "$copy" && mkdir -p "$copy"
cp -r src solvers include tests "$copy"/
printf 'int stray;\n' >"$copy/src/stray.c"
printf '#include "search/sgs.h"\n' >>"$copy/src/search/plan.h"
expect_exit 1 sh tests/lint.sh "$copy"
contains "$OUT" "src/stray.c: sits directly in src/" "include circle"
rm -rf "$copy"
