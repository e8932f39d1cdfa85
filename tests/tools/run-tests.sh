#!/usr/bin/env bash
# Runs every test project (already built) with its own TRX file, then prints one total line:
# "N passed, N failed, N skipped". A project whose run exits non-zero without a failed test in its
# TRX (a crashed test host, a missing file) counts as one failure, so nothing fails silently. Then the
# kernel tier runs the tracer and agent kernel tests again inside a VM (tests/vm; skipped with a reason where
# no VM can run), and its TRX files count in the total; so do the pod scenarios (tests/pods), run in the same VM.
set -uo pipefail
configuration=${CONFIGURATION:-Release}
results=${RESULTS:-artifacts/test-results}
rm -rf "$results"
mkdir -p "$results"
crashed=0
for project in tests/*/*.Tests.csproj; do
  name=$(basename "$project" .csproj)
  echo "== $name"
  dotnet test "$project" -c "$configuration" --no-build --nologo \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" --results-directory "$results"
  status=$?
  trx="$results/$name.trx"
  if [ ! -f "$trx" ]; then
    if [ $status -ne 0 ]; then
      echo "run-tests: $name exited $status and wrote no results" >&2
      crashed=$((crashed + 1))
    fi
    continue
  fi
  failed=$(grep -o '<Counters [^>]*>' "$trx" | sed -n 's/.* failed="\([0-9]*\)".*/\1/p')
  if [ $status -ne 0 ] && [ "${failed:-0}" -eq 0 ]; then
    echo "run-tests: $name exited $status with no failed test recorded (crashed test host?)" >&2
    crashed=$((crashed + 1))
  fi
done
# The kernel tier: the same binaries inside a VM whose kernel allows what this one may refuse (tests/vm).
echo "== kernel VM"
CONFIGURATION="$configuration" tests/vm/tests.sh "$results"
case $? in
  0 | 2) ;;
  *) crashed=$((crashed + 1)) ;;
esac
# Real pods on real OCI runtimes in the VM (tests/pods): one TRX file, Bifrost.Pods.trx, for all scenarios.
echo "== pod scenarios"
tests/pods/run.sh "$results"
[ -f "$results/Bifrost.Pods.trx" ] || crashed=$((crashed + 1))
CRASHED=$crashed tests/tools/summarize.sh "$results"
