#!/usr/bin/env bash
# tracer-restart: the tracer is killed (SIGKILL) while the app runs and the kubelet starts the native sidecar
# again as a new container with a new id. What the app does after the restart is learned, and nothing the
# intake acknowledged before the kill is lost: every marker in the profile shortly after the kill is still there at the end.
set -uo pipefail
source "$REPO/tests/pods/lib/scenario.sh"
source "$REPO/tests/pods/lib/learned.sh"

TRACED=app
pod_begin runc cgroupfs "$SCENARIO"
mkdir -p "$POD_DIR/data-app"
before=(before-a before-b before-c before-d before-e before-f before-g)
after=(after-a after-b after-c)
for m in "${before[@]}" "${after[@]}"; do echo "$m" > "$POD_DIR/data-app/$m"; done

pod_start_pause
pod_start_tracer
ready=$(wait_tracer_ready) || exit 1
[ "$ready" = attached ] || fail "the tracer did not attach: $ready"
check_tracer_scope
# The app reads each "before" marker once: three, then (on /data/phase2) four more a second apart, around
# which the tracer is killed; after /data/go, the "after" markers. It logs when it read each.
run_container app app '
  for m in before-a before-b before-c; do cat /data/$m > /dev/null; echo "read $m $(date +%s)"; sleep 1; done
  while [ ! -e /data/phase2 ]; do sleep 0.5; done
  for m in before-d before-e before-f before-g; do cat /data/$m > /dev/null; echo "read $m $(date +%s)"; sleep 1; done
  while [ ! -e /data/go ]; do sleep 0.5; done
  for m in '"${after[*]}"'; do cat /data/$m > /dev/null; echo "read $m $(date +%s)"; done
  exec sleep infinity'

# Reports flow before the kill: the first marker is learned.
wait_learned 60 "app:/data/before-a"
# The kill lands while the app is reading: what the tracer had not yet sent is lost with it, and may be.
touch "$POD_DIR/data-app/phase2"
sleep 2
step "killing the tracer (SIGKILL)"
old=$(id_of bifrost-tracer)
pid=$(pid_of "$old")
[ -n "$pid" ] || fail "the tracer is not running before the kill"
killed_at=$(date +%s)
kill -9 "$pid"
wait_for 10 "the killed tracer's container to stop" container_stopped "$old"
rt delete "$old" >> "$LOGS/bifrost-tracer.log" 2>&1

# Whatever the intake acknowledged has been merged within a flush or two.
sleep 3
acknowledged=()
for m in "${before[@]}"; do has_observed app "/data/$m" && acknowledged+=("/data/$m"); done
touched=$(awk -v t="$killed_at" '$1 == "read" && $3 <= t { n++ } END { print n + 0 }' "$LOGS/app.log")
note "before the kill the app read $touched markers; ${#acknowledged[@]} were acknowledged and merged"

step "starting the tracer again as a new container"
pod_start_tracer
ready=$(wait_tracer_ready) || exit 1
[ "$ready" = attached ] || fail "the restarted tracer did not attach: $ready"
check_tracer_scope
restarts=$(jq '.status.initContainerStatuses[] | select(.name == "bifrost-tracer") | .restartCount' "$WEBHOOK_STATE/pods/${namespace}_$POD_NAME.json")
[ "$restarts" = 1 ] && [ "$(id_of bifrost-tracer)" != "$old" ] || fail "the pod's status does not show the tracer restarted with a new id"
touch "$POD_DIR/data-app/go"
wait_learned 60 "app:$(printf '/data/%s,' "${after[@]}" | sed 's/,$//')"

lost=$(missing_paths app "${acknowledged[@]}")
[ -z "$lost" ] || fail "acknowledged before the kill but gone from the profile: $lost"
missed=$(missing_paths app $(printf '/data/%s ' "${before[@]}"))
note "unacknowledged reads lost with the killed tracer: ${missed:-none}"
pass
