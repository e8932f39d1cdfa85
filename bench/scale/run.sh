#!/usr/bin/env bash
# The scale model (issue 17, goal 4): the real intake flusher, profile store, merger, profile cache and lifecycle at
# 1/10 of a 5,000-node, 150,000-pod, 10,000-workload cluster (1,000 workloads of 15 pods on 500 nodes, each pod
# reporting 20 observations every 30 s), with a simulated clock, against the tests' stand-in API server in a child
# process (bench/Bifrost.Scale.Bench). Measured per 30 s period: status writes/s and bytes, the watch events and bytes
# each node agent receives; at the end the bytes of every BifrostProfile and the controller's managed heap. Figures are
# extrapolated linearly to the full cluster (see README "At scale" for the assumptions) and printed as result rows.
# Environment: WORKLOADS (default 1000), CYCLES (30 s periods, default 3), LEARNING_CYCLES (periods in which pods show
# new accesses, default 1: the first 30 s of learning; in the later ones pods repeat what their workload showed, the
# steady state, and the last period is reported as steady), OUT (default artifacts/bench/scale.txt).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
# shellcheck source=../result.sh
source "$repo/bench/result.sh"
workloads=${WORKLOADS:-1000}
cycles=${CYCLES:-3}
learning_cycles=${LEARNING_CYCLES:-1}
out=${OUT:-$repo/artifacts/bench/scale.txt}
full_workloads=10000
full_agents=5000

mkdir -p "$(dirname "$out")"
[ -n "${BENCH_BUILT:-}" ] || dotnet build "$repo/bench/Bifrost.Scale.Bench" -c Release --nologo -v quiet >/dev/null
"$repo/bench/Bifrost.Scale.Bench/bin/Release/net10.0/Bifrost.Scale.Bench" run --workloads "$workloads" --cycles "$cycles" --learning-cycles "$learning_cycles" | tee "$out"

get() { sed -n "s/^$1=//p" "$out" | tail -1; }
last="c$cycles"
factor=$(awk -v f="$full_workloads" -v w="$workloads" 'BEGIN { print f / w }')
scaled() { awk -v v="$1" -v f="$factor" 'BEGIN { printf "%.0f", v * f }'; }
mib() { awk -v b="$1" 'BEGIN { printf "%.2f", b / 1048576 }'; }
kib() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1024 }'; }

writes=$(get "${last}_writes_per_s")
first_writes=$(get c1_writes_per_s)
writes_full=$(scaled "$writes")
first_writes_full=$(scaled "$first_writes")
events=$(get "${last}_agent_events_per_s")
agent_bytes=$(get "${last}_agent_bytes_per_s")
events_full=$(scaled "$events")
agent_bytes_full=$(scaled "$agent_bytes")
first_agent_bytes_full=$(scaled "$(get c1_agent_bytes_per_s)")
fanout_full=$(awk -v b="$agent_bytes_full" -v a="$full_agents" 'BEGIN { printf "%.0f", b * a }')
max_bytes=$(get profile_bytes_max)
median_bytes=$(get profile_bytes_median)
limit=$(get etcd_limit_bytes)
budget=$(get budget_bytes)
heap=$(get controller_heap_bytes)
heap_base=$(get controller_heap_base_bytes)
per_workload=$(get controller_heap_per_workload_bytes)
heap_full=$(awk -v b="$heap_base" -v p="$per_workload" -v n="$full_workloads" 'BEGIN { printf "%.0f", b + p * n }')
rss=$(get controller_peak_rss_bytes)

echo "scale: ${workloads} workloads measured, x${factor} to ${full_workloads} workloads / ${full_agents} agents"
result "Scale: status writes/s, ${workloads} workloads, first 30 s" "${first_writes}/s" "-" "-" "-" "-"
result "Scale: status writes/s, ${workloads} workloads, steady" "${writes}/s" "-" "-" "-" "-"
result "Scale: status writes/s, 10,000 workloads (extrapolated), steady" "${writes_full}/s" "100/s" "$(ratio "$writes_full" 100)" "<= 100/s" "$(meets "$writes_full" "<=" 100)"
result "Scale: status writes/s, 10,000 workloads (extrapolated), first 30 s" "${first_writes_full}/s" "-" "-" "-" "-"
result "Scale: watch events/s per agent, 10,000 workloads (extrapolated), steady" "${events_full}/s" "-" "-" "-" "-"
result "Scale: watch bytes/s per agent, 10,000 workloads (extrapolated), steady" "$(mib "$agent_bytes_full") MiB/s" "-" "-" "-" "-"
result "Scale: watch bytes/s per agent, 10,000 workloads (extrapolated), first 30 s" "$(mib "$first_agent_bytes_full") MiB/s" "-" "-" "-" "-"
result "Scale: watch bytes/s to 5,000 agents (extrapolated), steady" "$(mib "$fanout_full") MiB/s" "-" "-" "-" "-"
result "Scale: BifrostProfile bytes, median" "$(kib "$median_bytes") KiB" "$(kib "$limit") KiB etcd limit" "$(ratio "$median_bytes" "$limit")" "-" "-"
result "Scale: BifrostProfile bytes, largest" "$(kib "$max_bytes") KiB" "$(kib "$limit") KiB etcd limit" "$(ratio "$max_bytes" "$limit")" "<= $(kib "$budget") KiB budget" "$(meets "$max_bytes" "<=" "$budget")"
result "Scale: controller managed heap, ${workloads} workloads" "$(mib "$heap") MiB" "$(mib "$heap_base") MiB empty" "$(ratio "$heap" "$heap_base")" "-" "-"
result "Scale: controller managed heap, 10,000 workloads (extrapolated)" "$(mib "$heap_full") MiB" "-" "-" "-" "-"
result "Scale: controller process peak RSS, ${workloads} workloads (with the load generator)" "$(mib "$rss") MiB" "-" "-" "-" "-"
