#!/usr/bin/env bash
# late-tracer: the app container starts before the tracer (a classic sidecar's order). Its accesses after the
# tracer attached are learned, both by a new process (cat) and by the shell that was running all along (the
# builtin read), and its status says startMissed: true.
set -uo pipefail
source "$REPO/tests/pods/lib/scenario.sh"
source "$REPO/tests/pods/lib/learned.sh"

TRACED=app
pod_begin runc cgroupfs "$SCENARIO"
mkdir -p "$POD_DIR/data-app"
for m in early late-cat late-shell; do echo "$m" > "$POD_DIR/data-app/$m"; done

pod_start_pause
run_container app app '
  cat /data/early > /dev/null
  while [ ! -e /data/go ]; do sleep 0.5; done
  while :; do cat /data/late-cat > /dev/null; read -r line < /data/late-shell; sleep 1; done'
pod_start_tracer
ready=$(wait_tracer_ready) || exit 1
[ "$ready" = attached ] || fail "the tracer did not attach: $ready"
check_tracer_scope
touch "$POD_DIR/data-app/go"
wait_learned 60 "app:/data/late-cat,/data/late-shell"
sleep 6
missed=$(container_field app startMissed)
note "startMissed: $missed"
[ "$missed" = true ] || fail "status.containers[app].startMissed is $missed, expected true (the app was running before the tracer started)"
pass
