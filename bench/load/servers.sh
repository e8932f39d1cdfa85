# Sourced by the load scripts: publishes the webhook and the bare Kestrel endpoint, starts both over the same TLS on
# 127.0.0.1 (webhook on 18443, bare on 18444, logs in $out/NAME$1.log), waits until each answers the review in
# $body, and stops both on exit. Sets out, webhook_pid; defines to_us (wrk's "1.23ms" in microseconds), and
# start_servers SUFFIX / stop_servers for a script that measures freshly started (cold) servers.
# WEBHOOK_DIR: run the webhook already published there (e.g. an older build, side by side) instead of publishing.
# usage: source bench/load/servers.sh [LOG_SUFFIX]   (with repo and body set)
out=$repo/artifacts/bench
mkdir -p "$out"
certs/generate.sh
webhook_dir=${WEBHOOK_DIR:-$out/webhook}
[ -n "${WEBHOOK_DIR:-}" ] || dotnet publish src/Bifrost.Webhook -c Release -o "$out/webhook" --nologo -v quiet
[ -n "${BENCH_BUILT:-}" ] || dotnet build bench/Bifrost.Bench -c Release -o "$out/bench" --nologo -v quiet

pids=()
stop_servers() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; pids=(); }
trap stop_servers EXIT

start_servers() { # LOG_SUFFIX
  Bifrost__Tls__CertFile=$repo/certs/out/tls.crt Bifrost__Tls__KeyFile=$repo/certs/out/tls.key \
    Logging__LogLevel__Default=Warning "$webhook_dir/Bifrost.Webhook" --urls https://127.0.0.1:18443 >"$out/webhook${1:-}.log" 2>&1 &
  webhook_pid=$!; pids+=("$webhook_pid")
  "$out/bench/Bifrost.Bench" bare --urls https://127.0.0.1:18444 --cert certs/out/tls.crt --key certs/out/tls.key >"$out/bare${1:-}.log" 2>&1 &
  pids+=("$!")

  local target up
  for target in webhook:18443 bare:18444; do
    up=
    for _ in $(seq 1 100); do
      if curl -sf --cacert certs/out/ca.crt -o /dev/null -X POST -H 'Content-Type: application/json' \
        --data-binary @"$body" "https://127.0.0.1:${target##*:}/mutate"; then up=1; break; fi
      sleep 0.2
    done
    [ -n "$up" ] || { echo "bench: the ${target%%:*} endpoint did not come up; see $out/${target%%:*}${1:-}.log" >&2; tail -5 "$out/${target%%:*}${1:-}.log" >&2; exit 1; }
  done
}
start_servers "${1:-}"

to_us() { awk '{ v=$1; if (v ~ /us$/) { sub(/us/,"",v); print v } else if (v ~ /ms$/) { sub(/ms/,"",v); print v*1000 } else { sub(/s$/,"",v); print v*1000000 } }'; }
