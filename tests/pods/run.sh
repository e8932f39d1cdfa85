#!/usr/bin/env bash
# `make test-pods`: real pods on real OCI runtimes (runc, crun) inside the kernel VM (tests/vm/boot.sh), with the
# published tracer as each pod's native sidecar reporting to the real webhook. Prints one line per scenario,
# "<scenario>: ok" or "<scenario>: FAIL <reason>" (details on indented lines), and exits 1 when any failed.
# Where the VM cannot run, every scenario is skipped with the reason and the exit status is 0.
# With RESULTS_DIR (make test), the results also go to RESULTS_DIR/Bifrost.Pods.trx, so they count in the total.
# usage: run.sh [RESULTS_DIR] ; BIFROST_POD_SCENARIOS="a b" runs only those.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
results_dir=${1:-}
mapfile -t scenarios < <(grep -v '^#' "$here/scenarios.list")
[ -n "${BIFROST_POD_SCENARIOS:-}" ] && read -ra scenarios <<<"$BIFROST_POD_SCENARIOS"
results_file=$repo/artifacts/pods/results.tsv
mkdir -p "$repo/artifacts/pods"
: > "$results_file"

skip_all() {
  local s
  for s in "${scenarios[@]}"; do
    echo "$s: skipped ($1)"
    printf '%s\tskipped\t0\t%s\n' "$s" "$1" >> "$results_file"
  done
}

if [ "${BIFROST_VM_TESTS:-1}" = 0 ]; then
  skip_all "the kernel VM tier is turned off (BIFROST_VM_TESTS=0)"
else
  # The VM's own limit covers a hung guest; each scenario has its own inside.
  BIFROST_VM_TIMEOUT=${BIFROST_VM_TIMEOUT:-1800} "$repo/tests/vm/boot.sh" "$here/inside.sh" "$results_file" "${scenarios[@]}" 2> "$repo/artifacts/pods/boot.err"
  status=$?
  if [ $status -eq 2 ] && [ ! -s "$results_file" ]; then
    skip_all "$(tail -1 "$repo/artifacts/pods/boot.err")"
  fi
  # A guest kernel that panicked (an emulator fault, not a scenario's) gets one more boot for the scenarios it cut off.
  console=$repo/artifacts/vm/console-pods.log
  left=()
  for s in "${scenarios[@]}"; do cut -f1 "$results_file" | grep -qxF "$s" || left+=("$s"); done
  if [ $status -ne 0 ] && [ ${#left[@]} -gt 0 ] && grep -aq 'Kernel panic' "$console" 2>/dev/null; then
    echo "pods: the guest kernel panicked ($(grep -a -m1 'Oops\|BUG:' "$console" | tr -d '\r' | cut -c1-120)); booting again for ${left[*]}"
    cp "$console" "${console%.log}.panic.log"
    BIFROST_VM_TIMEOUT=${BIFROST_VM_TIMEOUT:-1800} "$repo/tests/vm/boot.sh" "$here/inside.sh" "$results_file" "${left[@]}" 2>> "$repo/artifacts/pods/boot.err"
  fi
  # A scenario the VM never got to (crash, VM time-out) fails.
  for s in "${scenarios[@]}"; do
    if ! cut -f1 "$results_file" | grep -qxF "$s"; then
      reason="the VM stopped before it reported ($(tail -1 "$repo/artifacts/pods/boot.err" 2>/dev/null))"
      echo "$s: FAIL $reason"
      printf '%s\tFAIL\t0\t%s\n' "$s" "$reason" >> "$results_file"
    fi
  done
fi
[ -n "$results_dir" ] && "$here/trx.sh" "$results_file" "$results_dir/Bifrost.Pods.trx"
failed=$(cut -f2 "$results_file" | grep -c '^FAIL$')
echo "pods: $(cut -f2 "$results_file" | grep -c '^ok$') ok, $failed failed, $(cut -f2 "$results_file" | grep -c '^skipped$') skipped (logs in artifacts/pods/)"
[ "$failed" -eq 0 ]
