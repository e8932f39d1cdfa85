#!/usr/bin/env bash
# The webhook under abuse, on 127.0.0.1 only: 500 connections each sending a 64 KB pod (the 74 KB AdmissionReview of a
# pod with 1,500 environment variables) for DURATION seconds (default 60), beside a bare Kestrel endpoint over the same
# TLS; then a client that trickles its headers, one that trickles its body, a header flood and an oversized body
# against the webhook's Kestrel limits (Bifrost:Server:*). Prints errors, p50/p99, requests per second and what each
# abusive client got. Goals: 0 errors and p99 under 1 s at 500 connections; each abusive client cut off or refused.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"
duration=${DURATION:-60}
connections=${CONNECTIONS:-500}
body=$repo/tests/Bifrost.Core.Tests/Admission/Cases/large-pod-with-1500-environment-variables/request.json
for tool in wrk curl openssl; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (apt-get install wrk curl openssl)" >&2; exit 1; }
done
# wrk holds one descriptor per connection; so does each server.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
source bench/load/servers.sh -limits
source bench/result.sh

printf '%-8s %6s %10s %10s %10s %8s %8s\n' target conns p50_us p99_us req/s non2xx socket
for target in bare:18444 webhook:18443; do
  BODY_FILE=$body wrk -t2 -c64 -d5s -s bench/load/post.lua "https://127.0.0.1:${target##*:}/mutate" >/dev/null
  report=$(BODY_FILE=$body wrk -t2 -c"$connections" -d"${duration}s" --timeout 10s --latency -s bench/load/post.lua "https://127.0.0.1:${target##*:}/mutate")
  p50=$(awk '$1=="50%"{print $2}' <<<"$report" | to_us)
  p99=$(awk '$1=="99%"{print $2}' <<<"$report" | to_us)
  rps=$(awk '/Requests\/sec/{print $2}' <<<"$report")
  non2xx=$(awk '/Non-2xx/{print $5}' <<<"$report"); non2xx=${non2xx:-0}
  socket=$(awk '/Socket errors/{gsub(",", ""); print $4+$6+$8+$10}' <<<"$report"); socket=${socket:-0}
  printf '%-8s %6s %10.0f %10.0f %10.0f %8s %8s\n' "${target%%:*}" "$connections" "$p50" "$p99" "$rps" "$non2xx" "$socket"
  declare "${target%%:*}_p99=$p99" "${target%%:*}_rps=$rps" "${target%%:*}_errors=$((non2xx + socket))"
done
rss=$(awk '/VmHWM/{print $2}' "/proc/$webhook_pid/status")
awk -v k="$rss" 'BEGIN { printf "webhook peak RSS: %.0f MB\n", k/1024 }'
ms() { awk -v u="$1" 'BEGIN { printf "%.0f ms", u / 1000 }'; }
result "$connections connections of the 74 KB review: errors" "$webhook_errors" "$bare_errors (bare)" "-" "0" "$(meets "$webhook_errors" "<=" 0)"
result "$connections connections of the 74 KB review: p99" "$(ms "$webhook_p99")" "$(ms "$bare_p99")" "$(ratio "$webhook_p99" "$bare_p99")" "< 1 s" "$(meets "$webhook_p99" "<" 1000000)"
result "$connections connections of the 74 KB review: reviews/s" "$(printf '%.0f' "$webhook_rps")" "$(printf '%.0f' "$bare_rps")" "$(ratio "$webhook_rps" "$bare_rps")" "-" "-"
result "$connections connections of the 74 KB review: webhook peak RSS" "$((rss / 1024)) MiB" "-" "-" "-" "-"

# A TLS client that sends the start of a request and then one more piece every second; prints how long the server
# kept the connection and the status line it answered with, if any.
trickle() { # label request-start piece
  local start=$SECONDS
  local answer
  answer=$( { printf '%b' "$2"; for _ in $(seq 1 60); do sleep 1; printf '%b' "$3" || break; done; } \
    | timeout 70 openssl s_client -quiet -connect 127.0.0.1:18443 -servername localhost 2>/dev/null | head -1 | tr -d '\r') || true
  echo "$1: closed after $((SECONDS - start)) s${answer:+, answered '$answer'}"
}
trickle "headers a line a second (Bifrost:Server:RequestHeadersTimeout 10 s)" 'POST /mutate HTTP/1.1\r\nHost: localhost\r\n' 'X-Slow: 1\r\n'
trickle "body a byte a second (Bifrost:Server:MinRequestBodyBytesPerSecond 1024 after 5 s)" 'POST /mutate HTTP/1.1\r\nHost: localhost\r\nContent-Length: 65536\r\n\r\n{' ' '
flood=$(for i in $(seq 1 100); do printf -- "-H X-Flood-%d:x " "$i"; done)
# shellcheck disable=SC2086
echo "100 headers: HTTP $(curl -s --cacert certs/out/ca.crt -o /dev/null -w '%{http_code}' $flood -X POST --data-binary @"$body" https://127.0.0.1:18443/mutate)"
head -c $((4 * 1024 * 1024)) /dev/zero > "$out/4mb.bin"
echo "a 4 MB body: HTTP $(curl -s --cacert certs/out/ca.crt -o "$out/413.json" -w '%{http_code}' -X POST --data-binary @"$out/4mb.bin" https://127.0.0.1:18443/mutate): $(jq -r .detail "$out/413.json" 2>/dev/null)"
