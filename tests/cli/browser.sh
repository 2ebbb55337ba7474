# Headless Chromium for the report tests (sourced after lib.sh).
# browser ARGS... runs it with a fresh empty profile and no network services;
# browser_skip_reason prints why it cannot run here (empty when it can).
browser() {
    prof=$(mktemp -d "$KEEL_TMP/chromium.XXXXXX")
    timeout 180 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$prof" "$@" 2>"$prof.err"
    rc=$?
    [ $rc -eq 0 ] || tail -5 "$prof.err" >&2
    rm -rf "$prof" "$prof.err"
    return $rc
}
browser_skip_reason() {
    command -v chromium >/dev/null 2>&1 || { echo "chromium is not installed"; return; }
    probe=$KEEL_TMP/browser-probe.html
    printf '<!DOCTYPE html><html><body><p id="probe">keel</p></body></html>\n' >"$probe"
    out=$(browser --dump-dom "file://$probe" 2>&1) || { echo "chromium does not start: $(printf '%s' "$out" | tail -1)"; return; }
    printf '%s' "$out" | grep -q 'id="probe"' || echo "chromium gave no DOM: $(printf '%s' "$out" | tail -1)"
}
