# SPDX-License-Identifier: GPL-3.0-or-later
# Prints the values of top-level members of one JSON object, space-separated in
# the order of -v keys="a b c"; "NA" for a member that is absent, "[...]" for
# an array or object. Strings are printed without quotes (spaces become "_" so
# that the output stays one field per key). Only what benchmarks/run.sh needs
# from `keel ... --json`: plain POSIX awk, no JSON library.
{ text = text $0 "\n" }
END {
    len = length(text); depth = 0; state = ""; lastkey = ""; i = 1
    while (i <= len) {
        c = substr(text, i, 1)
        if (c == "\"") {
            s = ""; j = i + 1
            while (j <= len) {
                d = substr(text, j, 1)
                if (d == "\\") { s = s substr(text, j, 2); j += 2; continue }
                if (d == "\"") break
                s = s d; j++
            }
            if (depth == 1 && state == "key") { lastkey = s; state = "colon" }
            else if (depth == 1 && state == "value") { val[lastkey] = s; state = "after" }
            i = j + 1; continue
        }
        if (c == "{" || c == "[") {
            if (depth == 1 && state == "value") { val[lastkey] = "[...]"; state = "after" }
            depth++
            if (depth == 1) state = "key"
            i++; continue
        }
        if (c == "}" || c == "]") { depth--; i++; continue }
        if (depth == 1) {
            if (c == ":") { state = "value"; i++; continue }
            if (c == ",") { state = "key"; i++; continue }
            if (state == "value" && c !~ /[ \t\r\n]/) {
                rest = substr(text, i, 64)
                match(rest, /^[^,}\] \t\r\n]+/)
                val[lastkey] = substr(rest, 1, RLENGTH); state = "after"
                i += RLENGTH; continue
            }
        }
        i++
    }
    n = split(keys, want, " "); line = ""
    for (k = 1; k <= n; k++) {
        v = (want[k] in val) ? val[want[k]] : "NA"
        gsub(/[ \t]/, "_", v)
        if (v == "") v = "\"\""
        line = line (k > 1 ? " " : "") v
    }
    print line
}
