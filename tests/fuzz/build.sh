#!/bin/sh
# Builds every tests/fuzz/fuzz_*.c into build/fuzz/<name> with libFuzzer and
# ASan/UBSan: the library (src/<layer>/*.c solvers/*.c) is compiled once with clang,
# then each target is linked against it. Run a target with its corpus, e.g.
#   build/fuzz/fuzz_mspdi -max_total_time=300 tests/fuzz/corpus/mspdi
# (copy the corpus first if you do not want new inputs added to it).
set -eu
cd "$(dirname "$0")/../.."
CC=${CC:-clang}
OUT=build/fuzz
SAN="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined"
XML_CFLAGS=$(pkg-config --cflags libxml-2.0)
XML_LIBS=$(pkg-config --libs libxml-2.0)
CFLAGS="-std=c11 -D_DEFAULT_SOURCE -fopenmp -g -O1 -fno-omit-frame-pointer -DKEEL_SANITIZE=1
        -Wall -Wextra -Werror -Wshadow -Wno-unused-parameter -Iinclude -Isrc -I. $XML_CFLAGS"
mkdir -p "$OUT/obj"
objs=""
for f in $(ls src/*/*.c solvers/*.c | grep -v "^src/cli/"); do
    [ -e "$f" ] || continue
    o="$OUT/obj/$(echo "$f" | tr / _).o"
    if [ ! -e "$o" ] || [ "$f" -nt "$o" ] || [ -n "$(find src solvers include -name '*.h' -newer "$o" 2>/dev/null | head -1)" ]; then
        echo "cc $f"
        # shellcheck disable=SC2086
        $CC $CFLAGS $SAN -c "$f" -o "$o"
    fi
    objs="$objs $o"
done
for t in tests/fuzz/fuzz_*.c; do
    [ -e "$t" ] || continue
    name=$(basename "$t" .c)
    echo "link $OUT/$name"
    # shellcheck disable=SC2086
    $CC $CFLAGS -fsanitize=fuzzer,address,undefined -o "$OUT/$name" "$t" $objs \
        $XML_LIBS -lglpk -lm -fopenmp
done
