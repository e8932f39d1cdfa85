# The published webhook in local mode (sourced by inside.sh, which starts the one every scenario reports to, and
# by scenarios that need their own settings).
#
# webhook_start STATE URL LOG [SETTING...]: profiles, pods, write-ahead log and token under STATE, namespace
# "pods" labelled bifrost.io/protect=enabled, reports merged every second; waits until /readyz answers.
# Sets WEBHOOK_PID. Returns 1 with the reason in WEBHOOK_PROBLEM when it exits or is not ready within 120 s.
webhook_start() {
  local state=$1 url=$2 log=$3
  shift 3
  mkdir -p "$state/pods"
  dotnet "$REPO/artifacts/publish/webhook/Bifrost.Webhook.dll" \
    --urls "$url" \
    --Bifrost:Kubernetes:Enabled=false \
    --Bifrost:Tls:CertFile="$REPO/certs/out/tls.crt" --Bifrost:Tls:KeyFile="$REPO/certs/out/tls.key" \
    --Bifrost:Profiles:Directory="$state/profiles" \
    --Bifrost:Pods:Directory="$state/pods" \
    --Bifrost:Intake:WalDirectory="$state/wal" \
    --Bifrost:Intake:TokenFile="$state/token" \
    --Bifrost:Intake:FlushInterval=00:00:01 \
    --Bifrost:Namespaces:pods:Labels:bifrost.io/protect=enabled \
    "$@" > "$log" 2>&1 &
  WEBHOOK_PID=$!
  local end=$((SECONDS + 120))
  until curl -sf --cacert "$REPO/certs/out/ca.crt" "$url/readyz" > /dev/null; do
    kill -0 "$WEBHOOK_PID" 2> /dev/null || { WEBHOOK_PROBLEM="the webhook exited at start: $(tail -1 "$log")"; return 1; }
    [ "$SECONDS" -lt "$end" ] || { WEBHOOK_PROBLEM="the webhook was not ready within 120s"; return 1; }
    sleep 1
  done
  [ -f "$state/token" ] || { WEBHOOK_PROBLEM="the webhook wrote no token file"; return 1; }
}

# webhook_stop: stops the webhook webhook_start started (safe to call twice).
webhook_stop() {
  [ -n "${WEBHOOK_PID:-}" ] && kill "$WEBHOOK_PID" 2> /dev/null && wait "$WEBHOOK_PID" 2> /dev/null
  WEBHOOK_PID=''
}
