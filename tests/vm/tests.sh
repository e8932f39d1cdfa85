#!/usr/bin/env bash
# The kernel tier: the tests that need a kernel feature this machine may lack, run again inside the test VM
# (tests/vm/boot.sh): the whole tracer suite where fentry and kprobes load; a learned profile enforced by live
# AppArmor; the agent's kernel and audit tests. TRX files land in RESULTS as <project>.linux-<version>.trx beside the host's.
# Exits 2 with one line when the VM cannot run here (the tier is then skipped), 1 when a run wrote no results.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
results=$(realpath "${1:?usage: tests.sh RESULTS}")
configuration=${CONFIGURATION:-Release}
if [ "${BIFROST_VM_TESTS:-1}" = 0 ]; then
  echo "kernel VM: turned off (BIFROST_VM_TESTS=0)" >&2
  exit 2
fi
console=$(cd "$here/../.." && pwd)/artifacts/vm/console-vm.log
"$here/boot.sh" "$here/inside.sh" "$results" "$configuration"
status=$?
[ $status -eq 2 ] && exit 2
# A guest kernel that panicked (an emulator fault, not a test's) gets one more boot; the runs write their results again.
if [ $status -ne 0 ] && grep -aq 'Kernel panic' "$console" 2>/dev/null; then
  echo "kernel VM: the guest kernel panicked ($(grep -a -m1 'Oops\|BUG:' "$console" | tr -d '\r' | cut -c1-120)); booting again" >&2
  cp "$console" "${console%.log}.panic.log"
  "$here/boot.sh" "$here/inside.sh" "$results" "$configuration"
  status=$?
fi
missing=0
for name in Bifrost.Tracer.Tests Bifrost.Cli.Tests Bifrost.Agent.Tests; do
  if ! ls "$results/$name".linux-*.trx >/dev/null 2>&1; then
    echo "kernel VM: $name wrote no results inside the VM" >&2
    missing=$((missing + 1))
  fi
done
[ $missing -eq 0 ] || exit 1
exit $status
