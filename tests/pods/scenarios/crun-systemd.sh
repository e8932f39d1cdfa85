#!/usr/bin/env bash
# crun-systemd: the runc-multi pod on crun with the systemd driver's names
# (kubepods.slice/.../kubepods-burstable-pod<uid_>.slice/cri-containerd-<id>.scope/container, the last level
# being the child cgroup crun makes under systemd), given as cgroupfs paths since the VM has no systemd.
set -uo pipefail
source "$REPO/tests/pods/lib/scenario.sh"
source "$REPO/tests/pods/lib/multi.sh"
start_multi_pod crun systemd
# The processes must sit in the nested child, not in the scope: that is the layout the tracer has to handle.
id=$(id_of a)
procs=$(wc -l < "/sys/fs/cgroup$POD_CGROUP/cri-containerd-$id.scope/container/cgroup.procs")
[ "$procs" -gt 0 ] || fail "app a has no process in its scope's container child cgroup"
note "app a runs in cri-containerd-<id>.scope/container ($procs processes)"
check_multi_pod
pass
