#!/usr/bin/env bash
# Totals the TRX files of one test run into a single line: "N passed, N failed, N skipped".
# Exits non-zero when anything failed or when no result file was written. CRASHED adds test runs that
# failed without a result of their own (see run-tests.sh).
set -euo pipefail
dir=${1:?usage: summarize.sh RESULTS_DIR}
shopt -s nullglob
files=("$dir"/*.trx)
if [ ${#files[@]} -eq 0 ]; then
  echo "summarize: no test results in $dir" >&2
  echo "0 passed, 1 failed, 0 skipped"
  exit 1
fi
passed=0 failed=${CRASHED:-0} skipped=0
for f in "${files[@]}"; do
  counters=$(grep -o '<Counters [^>]*>' "$f" | head -1)
  get() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters"; }
  p=$(get passed); fl=$(get failed); e=$(get error); t=$(get total); x=$(get executed)
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${fl:-0} + ${e:-0}))
  skipped=$((skipped + ${t:-0} - ${x:-0}))
done
# Name each failed test with the first line of its message, so the tail of a CI log says what broke.
if [ "$failed" -gt 0 ]; then
  for f in "${files[@]}"; do
    python3 - "$f" <<'PY' || true
import sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
name = sys.argv[1].rsplit("/", 1)[-1]
for r in ET.parse(sys.argv[1]).getroot().iterfind(".//t:UnitTestResult", ns):
    if r.get("outcome") not in ("Failed", "Error"):
        continue
    message = r.findtext("t:Output/t:ErrorInfo/t:Message", "", ns).strip().splitlines()
    first = message[0][:300] if message else "(no message)"
    print(f"FAILED {name}: {r.get('testName')}: {first}")
PY
  done
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
