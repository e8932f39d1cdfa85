#!/usr/bin/env bash
# runc-multi: a multi-container pod on runc with the kubelet's cgroupfs layout
# (/kubepods/burstable/pod<uid>/<id>): every container's profile holds its own markers and none of the others'.
set -uo pipefail
source "$REPO/tests/pods/lib/scenario.sh"
source "$REPO/tests/pods/lib/multi.sh"
run_multi_pod runc cgroupfs
pass
