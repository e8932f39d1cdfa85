#!/usr/bin/env bash
# Load run of POST /mutate against a bare Kestrel endpoint over the same TLS, side by side, on 127.0.0.1 only.
# Prints p50/p99 latency and requests per second at each concurrency, the p99 ratio (goal <= 1.5) and the
# webhook's peak RSS (goal < 150 MB). Bounded: WARMUP + DURATION seconds per run (defaults 5 and 10).
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"
duration=${DURATION:-10}
concurrencies=${CONCURRENCY:-"16 64"}
body=${BODY_FILE:-$repo/tests/Bifrost.Core.Tests/Admission/Cases/bare-pod-opted-in-by-annotation/request.json}
command -v wrk >/dev/null || { echo "bench: wrk is missing (apt-get install wrk)" >&2; exit 1; }
source bench/load/servers.sh

run() { # name port concurrency
  local report
  report=$(BODY_FILE=$body wrk -t2 -c"$3" -d"${duration}s" --latency -s bench/load/post.lua "https://127.0.0.1:$2/mutate")
  local p50 p99 rps errors
  p50=$(awk '$1=="50%"{print $2}' <<<"$report" | to_us)
  p99=$(awk '$1=="99%"{print $2}' <<<"$report" | to_us)
  rps=$(awk '/Requests\/sec/{print $2}' <<<"$report")
  errors=$(awk '/Non-2xx/{print $5}' <<<"$report"); errors=${errors:-0}
  echo "$1 $3 $p50 $p99 $rps $errors"
}

# Warm both up (JIT tiering, connection pools) before anything is measured.
for port in 18444 18443; do
  BODY_FILE=$body wrk -t2 -c16 -d"${WARMUP:-5}s" -s bench/load/post.lua "https://127.0.0.1:$port/mutate" >/dev/null
done

printf '%-8s %6s %10s %10s %10s %7s\n' target conc p50_us p99_us req/s non2xx
results=()
for c in $concurrencies; do
  for target in bare:18444 webhook:18443; do
    line=$(run "${target%%:*}" "${target##*:}" "$c")
    results+=("$line")
    read -r n cc p50 p99 rps err <<<"$line"
    printf '%-8s %6s %10.0f %10.0f %10.0f %7s\n' "$n" "$cc" "$p50" "$p99" "$rps" "$err"
  done
done
for c in $concurrencies; do
  bare=$(printf '%s\n' "${results[@]}" | awk -v c="$c" '$1=="bare" && $2==c {print $4}')
  hook=$(printf '%s\n' "${results[@]}" | awk -v c="$c" '$1=="webhook" && $2==c {print $4}')
  awk -v c="$c" -v b="$bare" -v w="$hook" 'BEGIN { printf "p99 ratio webhook/bare at concurrency %s: %.2f (goal <= 1.5)\n", c, w/b }'
done
rss=$(awk '/VmHWM/{print $2}' "/proc/$webhook_pid/status")
awk -v k="$rss" 'BEGIN { printf "webhook peak RSS: %.0f MB (goal < 150)\n", k/1024 }'
