#!/usr/bin/env bash
# no-btf: the tracer's container has no kernel BTF (an empty /sys/kernel/btf), so its preflight fails. The
# tracer must say so in /run/bifrost/unavailable (the startup probe passes on it), keep running idle, and send
# the reason to the controller: condition TracerUnavailable in the BifrostProfile status. The app starts and serves.
set -uo pipefail
source "$REPO/tests/pods/lib/scenario.sh"
source "$REPO/tests/pods/lib/learned.sh"

TRACED=app
pod_begin runc cgroupfs "$SCENARIO"
mkdir -p "$POD_DIR/data-app"
echo "served by app" > "$POD_DIR/data-app/hello"

pod_start_pause
pod_start_tracer no-btf
ready=$(wait_tracer_ready) || exit 1
case $ready in
  unavailable:*BTF*) note "tracer: $ready" ;;
  unavailable:*) fail "the tracer's /run/bifrost/unavailable does not name BTF: $ready" ;;
  *) fail "the tracer reported '$ready' although its container has no /sys/kernel/btf/vmlinux" ;;
esac
run_container app app 'exec python3 -m http.server 8080 --bind 127.0.0.1 --directory /data'
served() { [ "$(nsenter --net="$POD_NETNS" curl -sf http://127.0.0.1:8080/hello 2>/dev/null)" = "served by app" ]; }
wait_for 30 "the app to serve http://127.0.0.1:8080/hello in the pod" served
note "the app serves"

step "waiting for condition TracerUnavailable"
end=$((SECONDS + 40))
until [ -n "$(condition TracerUnavailable)" ]; do
  [ "$SECONDS" -lt "$end" ] || fail "no condition TracerUnavailable in the BifrostProfile status after 40s ($(learned_summary))"
  sleep 1
done
IFS='|' read -r cstatus creason cmessage <<<"$(condition TracerUnavailable)"
note "condition TracerUnavailable: status $cstatus, reason $creason, message $cmessage"
[ "$cstatus" = True ] || fail "condition TracerUnavailable has status $cstatus"
[[ $cmessage == *BTF* ]] || fail "condition TracerUnavailable's message does not give the reason (BTF): $cmessage"
tracer=$(id_of bifrost-tracer)
[ "$(status_of "$tracer")" = running ] || fail "the tracer stopped after reporting it is unavailable (a native sidecar would restart-loop)"
pass
