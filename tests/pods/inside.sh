#!/usr/bin/env bash
# Runs inside the test VM (see run.sh): starts the webhook in local mode, runs each scenario in its own process
# under a time limit, cleans up after it whatever happened, and prints one line per scenario,
# "<scenario>: ok" or "<scenario>: FAIL <reason>", with details on indented lines before it.
# Appends "<scenario> TAB ok|FAIL TAB seconds TAB reason" to RESULTS_FILE.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
export REPO=$(cd "$here/../.." && pwd)
results_file=${1:?usage: inside.sh RESULTS_FILE SCENARIO...}
shift
source "$here/lib/cleanup.sh"

limit=${BIFROST_POD_SCENARIO_TIMEOUT:-240}
scratch=/run/tmp/pods
export ROOTFS=$scratch/rootfs
export WEBHOOK_STATE=$scratch/webhook
export WEBHOOK_URL=https://127.0.0.1:18643
logs=$REPO/artifacts/pods

record() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >> "$results_file"; }

# Every scenario fails with the same reason when the harness itself cannot start.
fail_all() {
  local s
  for s in "$@"; do
    echo "$s: FAIL $reason"
    record "$s" FAIL 0 "$reason"
  done
  exit 1
}

# The shared read-only root filesystem: mount points and the merged-/usr symlinks (see lib/oci.sh).
make_rootfs() {
  mkdir -p "$ROOTFS"/{usr,etc,proc,sys,dev,tmp,run,root,data,opt/bifrost-tracer,host/sys/fs/cgroup,var/run/secrets/bifrost}
  local l
  for l in bin lib lib64 sbin; do ln -sfn "usr/$l" "$ROOTFS/$l"; done
  touch "$ROOTFS/var/run/secrets/bifrost/token"
}

source "$here/lib/webhook.sh"
start_webhook() {
  webhook_start "$WEBHOOK_STATE" "$WEBHOOK_URL" "$logs/webhook.log" || { reason=$WEBHOOK_PROBLEM; return 1; }
}

stop_webhook() {
  webhook_stop
  cp -r "$WEBHOOK_STATE/profiles" "$WEBHOOK_STATE/pods" "$logs/" 2> /dev/null
}
trap stop_webhook EXIT

# run_scenario NAME: the scenario script under `timeout`; its result file says ok or FAIL, a time-out says
# which step it was in.
run_scenario() {
  local name=$1
  export SCENARIO=$name STATE=$scratch/scenarios/$name LOGS=$logs/$name
  rm -rf "$STATE" "$LOGS"
  mkdir -p "$STATE" "$LOGS"
  local start=$SECONDS
  timeout -k 10 "$limit" bash "$here/scenarios/$name.sh" >> "$LOGS/console.log" 2>&1 &
  local pid=$!
  # Detail lines (indented) are shown as they come.
  tail -n +1 -F --pid=$pid "$LOGS/console.log" 2> /dev/null | grep --line-buffered "^  $name: " &
  local tailer=$!
  wait $pid
  local code=$?
  wait $tailer 2> /dev/null
  cleanup_pods "$STATE"
  sweep_kubepods
  local seconds=$((SECONDS - start)) result
  result=$(cat "$STATE/result" 2> /dev/null)
  if [ $code -eq 124 ] || [ $code -eq 137 ]; then
    result="FAIL timed out after ${limit}s while $(cat "$STATE/step" 2> /dev/null || echo starting)"
  elif [ -z "$result" ]; then
    result="FAIL the scenario exited $code without a result: $(grep -v '^  ' "$LOGS/console.log" | tail -1 | cut -c1-200)"
  fi
  echo "  $name: ${seconds}s"
  echo "$name: $result"
  if [ "$result" = ok ]; then record "$name" ok "$seconds" ''; else record "$name" FAIL "$seconds" "${result#FAIL }"; fi
}

mkdir -p "$logs" "$scratch"
echo "pods: kernel $(uname -r), $(runc --version | head -1), $(crun --version | head -1)"
reason=''
for tool in runc crun jq curl nsenter dotnet /usr/bin/python3; do
  command -v "$tool" > /dev/null || { reason="$tool is missing in the VM (make deps installs it)"; fail_all "$@"; }
done
for f in artifacts/publish/webhook/Bifrost.Webhook.dll artifacts/publish/tracer/Bifrost.Tracer.dll certs/out/tls.crt; do
  [ -f "$REPO/$f" ] || { reason="$f is missing (run: make certs publish)"; fail_all "$@"; }
done
make_rootfs
start=$SECONDS
start_webhook || fail_all "$@"
echo "  pods: webhook ready on $WEBHOOK_URL in $((SECONDS - start))s"
for scenario in "$@"; do
  run_scenario "$scenario"
done
