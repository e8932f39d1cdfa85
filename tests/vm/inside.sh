#!/usr/bin/env bash
# Runs inside the test VM (see tests.sh): the already built test projects, against this kernel.
set -uo pipefail
results=${1:?usage: inside.sh RESULTS CONFIGURATION}
configuration=${2:-Release}
kernel=linux-$(uname -r | cut -d. -f1,2)
lsm=$(cat /sys/kernel/security/lsm 2>/dev/null)
echo "kernel VM: $(uname -r), lockdown $(sed 's/.*\[\(.*\)\].*/\1/' /sys/kernel/security/lockdown), LSMs $lsm"
# Software emulation runs everything several times slower: tests that wait for another process wait longer.
export BIFROST_TEST_PATIENCE=${BIFROST_TEST_PATIENCE:-4}
status=0
run() {
  local project=$1
  shift
  dotnet test "tests/$project" -c "$configuration" --no-build --nologo "$@" \
    --logger "trx;LogFileName=$project.$kernel.trx" --logger "console;verbosity=minimal" --results-directory "$results" || status=1
}
# The general tracer suite on the syscall path: under emulation attaching the LSM-hook path takes ~15 s a session
# (LsmHookTests force it and compare both paths; the pod scenarios' sidecars take it by default).
export BIFROST_TRACER_HOOKS=syscalls
run Bifrost.Tracer.Tests
unset BIFROST_TRACER_HOOKS
run Bifrost.Cli.Tests --filter "FullyQualifiedName~Bifrost.Cli.Tests.Learn.EnforcedProfileTests"
run Bifrost.Agent.Tests --filter "FullyQualifiedName~Bifrost.Agent.Tests.Kernel|FullyQualifiedName~Bifrost.Agent.Tests.Audit"
exit $status
