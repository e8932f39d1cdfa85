#!/usr/bin/env bash
# Load run of POST /mutate against a bare Kestrel endpoint over the same TLS, side by side, on 127.0.0.1 only.
# First a cold round: both servers freshly started, COLD seconds (default 3) at 16 connections with no warm-up. Then,
# after a warm-up of WARMUP seconds (default 3), DURATION seconds (default 8) at each concurrency. Prints p50/p99
# latency and requests per second, and result rows (bench/result.sh) for the goals: p99 within 1.2x the floor at 16
# and 64 connections and in the cold round, throughput at least 0.8x the floor's at 64, peak RSS under 64 MiB, and
# the mutation of the 64 KB pod (the 74 KB AdmissionReview) under 1 ms.
# WEBHOOK_DIR=path runs an already published webhook (an older build, for a before/after) instead of this tree's.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"
duration=${DURATION:-8}
cold=${COLD:-3}
concurrencies=${CONCURRENCY:-"16 64"}
body=${BODY_FILE:-$repo/tests/Bifrost.Core.Tests/Admission/Cases/bare-pod-opted-in-by-annotation/request.json}
command -v wrk >/dev/null || { echo "bench: wrk is missing (apt-get install wrk)" >&2; exit 1; }
source bench/result.sh
source bench/load/servers.sh -cold

run() { # name port concurrency seconds
  local report
  report=$(BODY_FILE=$body wrk -t2 -c"$3" -d"${4}s" --latency -s bench/load/post.lua "https://127.0.0.1:$2/mutate")
  local p50 p99 rps errors
  p50=$(awk '$1=="50%"{print $2}' <<<"$report" | to_us)
  p99=$(awk '$1=="99%"{print $2}' <<<"$report" | to_us)
  rps=$(awk '/Requests\/sec/{print $2}' <<<"$report")
  errors=$(awk '/Non-2xx/{print $5}' <<<"$report"); errors=${errors:-0}
  echo "$1 $3 $p50 $p99 $rps $errors"
}
show() { read -r n cc p50 p99 rps err <<<"$2"; printf '%-8s %6s %10.0f %10.0f %10.0f %7s\n' "$1" "$cc" "$p50" "$p99" "$rps" "$err"; }
field() { # round target concurrency column: 5 for p99, 6 for req/s
  printf '%s\n' "${results[@]}" | awk -v r="$1" -v t="$2" -v c="$3" -v k="$4" '$1==r && $2==t && $3==c {print $k}'
}

printf '%-8s %6s %10s %10s %10s %7s\n' round conc p50_us p99_us req/s non2xx
results=()
# Cold: each server has answered only the one review that showed it was up (the webhook also its start-up self-test).
for target in bare:18444 webhook:18443; do
  line=$(run "${target%%:*}" "${target##*:}" 16 "$cold"); results+=("cold $line"); show "cold-${target%%:*}" "$line"
done

# Warm both up (JIT tiering, connection pools) before anything else is measured.
for port in 18444 18443; do
  BODY_FILE=$body wrk -t2 -c16 -d"${WARMUP:-3}s" -s bench/load/post.lua "https://127.0.0.1:$port/mutate" >/dev/null
done
for c in $concurrencies; do
  for target in bare:18444 webhook:18443; do
    line=$(run "${target%%:*}" "${target##*:}" "$c" "$duration"); results+=("warm $line"); show "${target%%:*}" "$line"
  done
done
rss_kb=$(awk '/VmHWM/{print $2}' "/proc/$webhook_pid/status")
stop_servers

p99_row() { # label round concurrency
  local b w
  b=$(field "$2" bare "$3" 5); w=$(field "$2" webhook "$3" 5)
  result "$1" "$(printf '%.0f us' "$w")" "$(printf '%.0f us' "$b")" "$(ratio "$w" "$b")" "<= 1.2x" \
    "$(meets "$(awk -v a="$w" -v b="$b" 'BEGIN { print a / b }')" '<=' 1.2)"
}
for c in $concurrencies; do
  p99_row "Webhook p99 at $c connections, ratio to bare Kestrel" warm "$c"
done
p99_row "Webhook p99 cold (first ${cold} s at 16 connections), ratio to bare Kestrel started cold" cold 16
top=${concurrencies##* }
b=$(field warm bare "$top" 6); w=$(field warm webhook "$top" 6)
result "Webhook throughput at $top connections, ratio to bare Kestrel" "$(printf '%.0f req/s' "$w")" "$(printf '%.0f req/s' "$b")" \
  "$(ratio "$w" "$b")" ">= 0.8x" "$(meets "$(awk -v a="$w" -v b="$b" 'BEGIN { print a / b }')" '>=' 0.8)"
rss_mib=$(awk -v k="$rss_kb" 'BEGIN { printf "%.1f", k / 1024 }')
result "Webhook peak RSS after $top connections" "$rss_mib MiB" "-" "-" "< 64 MiB" "$(meets "$rss_mib" '<' 64)"

# The mutation alone, in-process: the 64 KB pod (a 74 KB AdmissionReview) and a typical one.
read -r large_us large_bytes typical_us typical_bytes < <("$out/bench/Bifrost.Bench" mutation |
  awk '/^large/{l=$2; lb=$3} /^typical/{t=$2; tb=$3} END {print l, lb, t, tb}')
echo "mutation (mean): 64 KB pod ${large_us} us, ${large_bytes} B allocated; typical pod ${typical_us} us, ${typical_bytes} B allocated"
result "Mutation of the 64 KB pod" "$large_us us" "-" "-" "< 1000 us" "$(meets "$large_us" '<' 1000)"
