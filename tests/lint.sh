#!/bin/sh
# Layering rules of STYLE.md, checked with grep: third-party headers stay in
# their one module, the library never prints or exits, the CLI includes only keel.h.
set -u
cd "$(dirname "$0")/.."
bad=0
only() { # only HEADER-REGEX ALLOWED-FILES...
    pat=$1; shift
    for f in $(grep -lE "$pat" src/*.c src/*.h solvers/*.c solvers/*.h src/cli/*.c 2>/dev/null); do
        ok=0
        for a in "$@"; do [ "$f" = "$a" ] && ok=1; done
        [ $ok -eq 1 ] || { echo "lint: $f: includes $pat"; bad=1; }
    done
}
only '#include <libxml/' src/mspdi_read.c src/mspdi_write.c src/mspdi_write_io.c src/mpsplib_read.c src/xml_util.c src/xml_util.h
only '#include <glpk.h>' src/ilp.c
only '#include <omp.h>|#pragma omp' src/driver.c
for f in src/*.c solvers/*.c; do
    [ -e "$f" ] || continue
    if grep -nE '^[^/"]*\b(printf|fprintf|puts|exit|abort)\s*\(' "$f" | grep -v snprintf >/dev/null; then
        echo "lint: $f: library code prints or exits"; bad=1
    fi
done
for f in src/cli/*.c; do
    grep -E '#include "' "$f" | grep -vE '"(keel\.h|cli[a-z_]*\.h)"' && { echo "lint: $f: CLI includes a private header"; bad=1; }
done
[ $bad -eq 0 ] && echo "lint: ok"
exit $bad
