# Bad input: a clear "file:line: subject: problem", exit 1, never a crash.
. "$(dirname "$0")/lib.sh"
d=$KEEL_TMP/bad; mkdir -p "$d"
expect_exit 1 "$KEEL" cpm "$d/missing.xml"
contains "$ERR" "keel: error: $d/missing.xml" "No such file"
: > "$d/empty.xml"
expect_exit 1 "$KEEL" cpm "$d/empty.xml"
contains "$ERR" "$d/empty.xml"
printf 'this is not xml\n' > "$d/text.xml"
expect_exit 1 "$KEEL" cpm "$d/text.xml"
contains "$ERR" "$d/text.xml:1"
printf '<?xml version="1.0"?>\n<Project xmlns="http://schemas.microsoft.com/project">\n<Tasks><Task><UID>1</UID>\n' > "$d/trunc.xml"
expect_exit 1 "$KEEL" cpm "$d/trunc.xml"
contains "$ERR" "$d/trunc.xml:"
printf '<?xml version="1.0"?>\n<Project><Name>x</Name></Project>\n' > "$d/nons.xml"
expect_exit 1 "$KEEL" cpm "$d/nons.xml"
contains "$ERR" "$d/nons.xml:2" "namespace"
sed '/RESOURCEAVAILABILITIES/,$d' instances/psplib/j30/j301_1.sm > "$d/cut.sm"
expect_exit 1 "$KEEL" cpm "$d/cut.sm"
contains "$ERR" "$d/cut.sm:" "RESOURCEAVAILABILITIES"
cat > "$d/cycle.xml" <<'XML'
<?xml version="1.0"?>
<Project xmlns="http://schemas.microsoft.com/project">
  <StartDate>2026-01-05T08:00:00</StartDate>
  <Tasks>
    <Task><UID>1</UID><ID>1</ID><Name>Alpha</Name><OutlineLevel>1</OutlineLevel><Duration>PT8H0M0S</Duration>
      <PredecessorLink><PredecessorUID>2</PredecessorUID><Type>1</Type></PredecessorLink></Task>
    <Task><UID>2</UID><ID>2</ID><Name>Beta</Name><OutlineLevel>1</OutlineLevel><Duration>PT8H0M0S</Duration>
      <PredecessorLink><PredecessorUID>1</PredecessorUID><Type>1</Type></PredecessorLink></Task>
  </Tasks>
</Project>
XML
expect_exit 1 "$KEEL" cpm "$d/cycle.xml"
contains "$ERR" "$d/cycle.xml:" "cycle" "'Alpha'" "'Beta'"
sed 's/<PredecessorUID>1</<PredecessorUID>99</' "$d/cycle.xml" > "$d/dangling.xml"
expect_exit 1 "$KEEL" cpm "$d/dangling.xml"
contains "$ERR" "$d/dangling.xml:" "99"
# inputs are never touched
sum=$(cat "$d"/*.xml | cksum)
"$KEEL" cpm "$d/cycle.xml" >/dev/null 2>&1
[ "$(cat "$d"/*.xml | cksum)" = "$sum" ] || fail "an input file changed"
