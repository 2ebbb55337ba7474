#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# make lint: the layering rules, checked with grep.
#  - Layers are folders; a file includes only its own folder and the folders
#    below it in LAYERS (lowest first). Project headers are always named with
#    their folder ("search/sgs.h"); keel.h is the public header.
#  - Third-party headers stay in their one module (libxml2 in the readers and
#    the MSPDI writer, glpk.h in the ILP model, OpenMP in the driver).
#  - The library never prints or exits; the CLI includes only keel.h.
# lint.sh [ROOT] checks the tree at ROOT (default: this repository), so that a
# test can run it on a copy with a bad include.
set -u
ROOT=${1:-"$(dirname "$0")/.."}
cd "$ROOT" || exit 2
BADF=$(mktemp)

LAYERS="base model read analysis health search ilp solvers risk write report run cli"

bad=0
complain() { echo "lint: $*"; bad=1; }

rank() { # rank LAYER -> position in LAYERS (1-based), empty when unknown
    i=0
    for l in $LAYERS; do
        i=$((i + 1))
        [ "$l" = "$1" ] && { echo $i; return; }
    done
}

layer_of() { # layer_of FILE -> its folder's layer name
    case $1 in
    solvers/*) echo solvers ;;
    src/*/*) d=${1#src/}; echo "${d%%/*}" ;;
    *) echo "" ;;
    esac
}

sources=$(find src solvers -name '*.[ch]' -o -name '*.def' | sort)

for f in $sources; do
    case $f in src/*/*) ;; solvers/*) ;; *) complain "$f: sits directly in src/ (put it in a layer folder)"; continue ;; esac
    me=$(layer_of "$f")
    myrank=$(rank "$me")
    [ -n "$myrank" ] || { complain "$f: folder '$me' is not a layer in tests/lint.sh"; continue; }
    grep -n '#include "' "$f" | while IFS= read -r line; do
        inc=$(printf '%s\n' "$line" | sed 's/.*#include "\([^"]*\)".*/\1/')
        case $inc in
        keel.h) continue ;;
        */*) ;;
        *) [ "$me" = cli ] && continue
           echo "lint: $f: include \"$inc\" without its folder"; echo x >>"$BADF"; continue ;;
        esac
        to=${inc%%/*}
        torank=$(rank "$to")
        if [ -z "$torank" ]; then
            echo "lint: $f: includes \"$inc\" from unknown layer '$to'"; echo x >>"$BADF"
        elif [ "$torank" -gt "$myrank" ]; then
            echo "lint: $f: includes \"$inc\": layer '$to' is above '$me'"; echo x >>"$BADF"
        fi
    done
done
[ -s "$BADF" ] && bad=1; rm -f "$BADF"

only() { # only HEADER-REGEX ALLOWED-FILE-REGEX
    for f in $(grep -lE "$1" $sources 2>/dev/null); do
        printf '%s\n' "$f" | grep -qE "$2" || complain "$f: includes $1"
    done
}
only '#include <libxml/' '^src/(read/(mspdi_[a-z_]*|mpsplib_read|xml_util)|write/mspdi_write[a-z_]*)\.[ch]$'
only '#include <glpk.h>' '^src/ilp/ilp\.c$'
only '#include <omp.h>|#pragma omp' '^src/run/driver\.c$'

for f in $sources; do
    case $f in src/cli/*|*.h|*.def) continue ;; esac
    if grep -nE '^[^/"]*\b(printf|fprintf|puts|exit|abort)\s*\(' "$f" | grep -v snprintf >/dev/null; then
        complain "$f: library code prints or exits"
    fi
done
for f in src/cli/*.c; do
    [ -e "$f" ] || continue
    grep -E '#include "' "$f" | grep -vE '"(keel\.h|cli[a-z_]*\.h)"' && complain "$f: CLI includes a private header"
done

# Include circles between files: a header that (through others) includes itself.
for h in $(find src solvers -name '*.h' | sort); do
    seen=" $h "; todo=$h
    while [ -n "$todo" ]; do
        next=""
        for x in $todo; do
            for inc in $(sed -n 's/^#include "\([^"]*\/[^"]*\)".*/\1/p' "$x"); do
                case $inc in solvers/*) p=$inc ;; *) p=src/$inc ;; esac
                [ -e "$p" ] || continue
                [ "$p" = "$h" ] && { complain "$h: include circle"; next=""; break 2; }
                case $seen in *" $p "*) ;; *) seen="$seen$p "; next="$next $p" ;; esac
            done
        done
        todo=$next
    done
done

[ $bad -eq 0 ] && echo "lint: ok"
exit $bad
