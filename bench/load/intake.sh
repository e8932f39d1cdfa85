#!/usr/bin/env bash
# Intake load, side by side with the intake as it was before its rework (BASELINE, a commit, default 61a666d),
# each webhook in local mode over TLS on 127.0.0.1, a fresh process and state for every figure:
# - open loop: reports of 20 observations from 150,000 pods of 10,000 workloads at RATE/s (default 5,000; every pod
#   reporting every 30 s) for DURATION s (default 10) after 5 s of warm-up; latency from each report's due time;
# - saturation: 1,000 tracers posting as fast as they are answered (closed loop) for 8 s after 3 s of warm-up;
# - burst: 1,000 tracers, connections open, each posting one report at the same instant.
# Every 202 means the report is in the write-ahead log on disk. Prints the figures, the webhooks' peak RSS, that the
# saturation run's reports all reached the profiles, and `result` rows (bench/result.sh).
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"
source bench/result.sh
out=$repo/artifacts/bench
baseline=${BASELINE:-61a666d}
rate=${RATE:-5000}
duration=${DURATION:-10}
mkdir -p "$out"
certs/generate.sh
if [ -z "${BENCH_BUILT:-}" ]; then
  dotnet publish src/Bifrost.Webhook -c Release -o "$out/webhook" --nologo -v quiet
  dotnet build bench/Bifrost.Bench -c Release -o "$out/bench" --nologo -v quiet
fi
# The baseline is published once per commit from a copy of its tree.
base=$out/intake-baseline-$baseline
if [ ! -x "$base/webhook/Bifrost.Webhook" ]; then
  rm -rf "$base"; mkdir -p "$base/src"
  git archive "$baseline" | tar -x -C "$base/src"
  (cd "$base/src" && dotnet publish src/Bifrost.Webhook -c Release -o "$base/webhook" --nologo -v quiet -p:MinVerSkip=true)
fi

pid=
stop_webhook() { if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; pid=; fi; }
trap stop_webhook EXIT
port=${PORT:-18445}
# start_webhook DIR NAME: a fresh state directory; the webhook's pid in $pid.
start_webhook() {
  state=$out/intake-state-$2
  rm -rf "$state"; mkdir -p "$state"
  "$1/Bifrost.Webhook" --urls https://127.0.0.1:$port \
    --Bifrost:Tls:CertFile="$repo/certs/out/tls.crt" --Bifrost:Tls:KeyFile="$repo/certs/out/tls.key" \
    --Bifrost:Kubernetes:Enabled=false --Bifrost:Namespaces:shop:Labels:bifrost.io/protect=enabled \
    --Bifrost:Profiles:Directory="$state/profiles" --Bifrost:Intake:WalDirectory="$state/wal" --Bifrost:Intake:TokenFile="$state/token" \
    --Logging:LogLevel:Default=Warning >"$out/intake-webhook-$2.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 100); do curl -sf --cacert certs/out/ca.crt https://127.0.0.1:$port/healthz >/dev/null && return; sleep 0.2; done
  echo "the $2 webhook did not start: $(tail -5 "$out/intake-webhook-$2.log")" >&2; exit 1
}
cpu_ms() { awk '{print ($14 + $15) * 10}' "/proc/$pid/stat"; }
peak_rss() { awk '/VmHWM/{printf "%.0f", $2/1024}' "/proc/$pid/status"; }
load() { "$out/bench/Bifrost.Bench" "$1" --url https://127.0.0.1:$port --token-file "$state/token" --ca-file certs/out/ca.crt "${@:2}" | tee "$out/intake-$1.txt" || true; }

declare -A p99 rss rps cpu burst
webhook_of() { if [ "$1" = baseline ]; then echo "$base/webhook"; else echo "$out/webhook"; fi; }
# Each figure is measured for the baseline and right after for the current intake, so that both meet the machine
# in about the same state (other work on it changes the figures from one minute to the next).
for name in baseline current; do
  echo "-- $name: open loop, $rate reports/s for $duration s"
  start_webhook "$(webhook_of "$name")" "$name"
  load intake-open --rate "$rate" --seconds "$duration" --warmup 5
  p99[$name]=$(sed -nE 's/^open loop p99 ms: ([0-9.]+)$/\1 ms/p; s/^open loop p99 ms: unanswered.*/unanswered/p' "$out/intake-intake-open.txt")
  rss[$name]=$(peak_rss)
  echo "peak RSS ${rss[$name]} MB"; stop_webhook
done

for name in baseline current; do
  echo "-- $name: saturation, 1,000 tracers as fast as answered"
  start_webhook "$(webhook_of "$name")" "$name"
  before=$(cpu_ms)
  load intake --tracers 1000 --seconds 8 --warmup 3
  rps[$name]=$(sed -nE 's/.*reports accepted \(([0-9]+)\/s.*/\1/p' "$out/intake-intake.txt")
  # The webhook's CPU time (user and system) per accepted report: the figure least moved by other load on the machine.
  cpu[$name]=$(awk -v c=$(( $(cpu_ms) - before )) -v n="$(sed -nE 's/^accepted in all, warm-up included: ([0-9]+)$/\1/p' "$out/intake-intake.txt")" 'BEGIN { if (n > 0) printf "%.2f", c / n; else print "-" }')
  echo "webhook CPU per accepted report: ${cpu[$name]} ms"
  if [ "$name" = current ]; then
    # Accepted reports wait in the write-ahead log until merged: all of them reach the profiles.
    merged() { cat "$state"/profiles/shop/*.json 2>/dev/null | jq -s '[.[].status.containers[0].reports] | add // 0'; }
    last=-1; still=0
    while [ "$still" -lt 3 ]; do now=$(merged); if [ "$now" = "$last" ]; then still=$((still + 1)); else still=0; fi; last=$now; sleep 1; done
    echo "reports merged into the profiles: $last (warm-up included)"
  fi
  stop_webhook
done

for name in baseline current; do
  echo "-- $name: burst, 1,000 tracers at once"
  start_webhook "$(webhook_of "$name")" "$name"
  load intake-burst --tracers 1000
  burst[$name]=$(sed -nE 's/^burst all acknowledged ms: ([0-9.]+)$/\1 ms/p; s/^burst all acknowledged ms: (unanswered.*)$/\1/p' "$out/intake-intake-burst.txt")
  stop_webhook
done

# A p99 that went unanswered (over 1 % of the reports not accepted within the client's 10 s) has no ratio.
p99_ratio=-; [[ "${p99[current]} ${p99[baseline]}" =~ ^[0-9.]+\ ms\ [0-9.]+\ ms$ ]] && p99_ratio=$(ratio "${p99[current]% ms}" "${p99[baseline]% ms}")
p99_met=no; [[ "${p99[current]}" =~ ^[0-9.]+\ ms$ ]] && p99_met=$(meets "${p99[current]% ms}" '<' 50)
result "Intake open loop $rate reports/s p99" "${p99[current]}" "${p99[baseline]}" "$p99_ratio" "< 50 ms" "$p99_met"
result "Intake open loop $rate reports/s peak RSS" "${rss[current]} MB" "${rss[baseline]} MB" "$(ratio "${rss[current]}" "${rss[baseline]}")" "< 150 MB" "$(meets "${rss[current]}" '<' 150)"
result "Intake saturation (1,000 tracers, closed loop)" "${rps[current]} reports/s" "${rps[baseline]} reports/s" "$(ratio "${rps[current]}" "${rps[baseline]}")" ">= 3x" "$(meets "$(ratio "${rps[current]}" "${rps[baseline]}" | tr -d x)" '>=' 3)"
result "Intake CPU per report at saturation (webhook user+system)" "${cpu[current]} ms" "${cpu[baseline]} ms" "$(ratio "${cpu[current]}" "${cpu[baseline]}")" "-" "-"
burst_ratio=-; [[ "${burst[current]} ${burst[baseline]}" =~ ^[0-9.]+\ ms\ [0-9.]+\ ms$ ]] && burst_ratio=$(ratio "${burst[current]% ms}" "${burst[baseline]% ms}")
burst_met=no; [[ "${burst[current]}" =~ ^[0-9.]+\ ms$ ]] && burst_met=$(meets "${burst[current]% ms}" '<' 1000)
result "Intake burst of 1,000 tracers, all acknowledged" "${burst[current]}" "${burst[baseline]}" "$burst_ratio" "< 1000 ms" "$burst_met"
