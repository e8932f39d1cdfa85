#!/usr/bin/env bash
# crio-layout: the runc-multi pod with CRI-O's cgroup names (crio-<id>.scope under the pod's slice) and, beside
# each container, a crio-conmon-<id>.scope holding a stand-in conmon that reads a file nothing else reads: the
# tracer must ignore the conmon cgroups although their names carry the container ids.
set -uo pipefail
source "$REPO/tests/pods/lib/scenario.sh"
source "$REPO/tests/pods/lib/multi.sh"
run_multi_pod runc crio
conmons=$(find "/sys/fs/cgroup$POD_CGROUP" -maxdepth 1 -name 'crio-conmon-*.scope' | wc -l)
[ "$conmons" -ge 4 ] || fail "expected a conmon cgroup per container, found $conmons"
file=$(profile_file)
conmon_seen=$(jq '[.status.containers[]?.observed[]? | select((.path // "") | contains("conmon-marker"))] | length' "$file")
note "conmon cgroups $conmons; observations of the conmon marker: $conmon_seen"
[ "$conmon_seen" = 0 ] || fail "the stand-in conmon's reads are in the profile ($conmon_seen observations of conmon-marker): the crio-conmon-<id>.scope cgroup was taken for the container"
pass
