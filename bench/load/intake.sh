#!/usr/bin/env bash
# Intake load: simulated tracers (TRACERS, default 1000) post numbered reports of 20 observations each to the
# webhook's POST /v1/observations over TLS on 127.0.0.1 for DURATION seconds (default 10), as fast as they are
# answered. Prints reports and observations per second, latency p50/p99 (every 202 means the report is on disk),
# the webhook's peak RSS, and that every accepted report was merged into the profiles.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"
out=$repo/artifacts/bench
state=$out/intake-state
rm -rf "$state"; mkdir -p "$state"
certs/generate.sh
dotnet publish src/Bifrost.Webhook -c Release -o "$out/webhook" --nologo -v quiet
dotnet build bench/Bifrost.Bench -c Release -o "$out/bench" --nologo -v quiet

"$out/webhook/Bifrost.Webhook" --urls https://127.0.0.1:18445 \
  --Bifrost:Tls:CertFile="$repo/certs/out/tls.crt" --Bifrost:Tls:KeyFile="$repo/certs/out/tls.key" \
  --Bifrost:Kubernetes:Enabled=false --Bifrost:Namespaces:shop:Labels:bifrost.io/protect=enabled \
  --Bifrost:Profiles:Directory="$state/profiles" --Bifrost:Intake:WalDirectory="$state/wal" --Bifrost:Intake:TokenFile="$state/token" \
  --Logging:LogLevel:Default=Warning >"$out/intake-webhook.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -sf --cacert certs/out/ca.crt https://127.0.0.1:18445/healthz >/dev/null && break; sleep 0.2; done

"$out/bench/Bifrost.Bench" intake --url https://127.0.0.1:18445 --token-file "$state/token" --ca-file certs/out/ca.crt \
  --tracers "${TRACERS:-1000}" --seconds "${DURATION:-10}"
# Accepted reports wait in the write-ahead log until merged: time the drain.
merged() { cat "$state"/profiles/shop/*.json 2>/dev/null | jq -s '[.[].status.containers[0].reports] | add // 0'; }
start=$(date +%s.%N); last=-1; still=0
while [ "$still" -lt 3 ]; do
  now=$(merged)
  if [ "$now" = "$last" ]; then still=$((still + 1)); else still=0; fi
  last=$now; sleep 1
done
end=$(date +%s.%N)
awk '/VmHWM/{printf "webhook peak RSS: %.0f MB\n", $2/1024}' "/proc/$pid/status"
echo "reports merged into $(ls "$state"/profiles/shop/*.json | wc -l) profiles: $last, drained $(awk -v s="$start" -v e="$end" 'BEGIN{printf "%.0f", e-s-3}') s after the load ended"
