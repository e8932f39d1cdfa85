# The multi-container pod of runc-multi, crun-systemd and crio-layout (sourced): pause, the tracer as a native
# sidecar, an init container that runs to completion, and two app containers running different programs.
# Each container reads marker files only it has (its own /data volume) plus one file of the read-only
# rootfs that no other container reads; every container's profile must hold its own markers and no other's.

source "$(dirname "${BASH_SOURCE[0]}")/learned.sh"

init_markers=/data/init-marker
a_markers=/data/a-marker,/etc/hostname
b_markers=/data/b-marker,/etc/debian_version

# Writes each container's volume before the pod starts (the kubelet mounts volumes before containers run).
prepare_volumes() {
  mkdir -p "$POD_DIR/data-init" "$POD_DIR/data-a" "$POD_DIR/data-b"
  echo init > "$POD_DIR/data-init/init-marker"
  echo a > "$POD_DIR/data-a/a-marker"
  echo b > "$POD_DIR/data-b/b-marker"
  # App b is a Python program, app a a shell loop: two different real programs.
  cat > "$POD_DIR/data-b/b.py" <<'PY'
import os, time
while True:
    with open("/data/b-marker") as f: f.read()
    with open("/etc/debian_version") as f: f.read()
    os.listdir("/data")
    time.sleep(1)
PY
}

# run_multi_pod RUNTIME LAYOUT: starts the pod in kubelet order and checks what was learned.
run_multi_pod() {
  start_multi_pod "$@"
  check_multi_pod
}

start_multi_pod() {
  TRACED="init a b"
  pod_begin "$1" "$2" "$SCENARIO"
  prepare_volumes
  pod_start_pause
  pod_start_tracer
  local ready
  ready=$(wait_tracer_ready) || exit 1
  [ "$ready" = attached ] || fail "the tracer did not attach: $ready"
  note "tracer attached"
  check_tracer_scope
  run_init_container init 'cat /data/init-marker > /dev/null'
  run_container a app 'while :; do cat /etc/hostname /data/a-marker > /dev/null; sleep 1; done'
  run_container b app 'exec python3 /data/b.py'
}

check_multi_pod() {
  if ! until_learned 90 "init:$init_markers" "a:$a_markers" "b:$b_markers"; then
    note "leakage $(count_leakage) (observations of one container naming another's marker)"
    fail "$LEARN_FAILURE"
  fi
  # One more report and merge, so that anything misattributed has arrived too.
  sleep 7
  check_no_leakage
}

count_leakage() {
  leakage "init:$init_markers" "a:$a_markers" "b:$b_markers" "bifrost-tracer:/opt/bifrost-tracer/Bifrost.Tracer.dll" "$@"
}

# Leakage: observations of one container naming a marker of another (the tracer's own files count as markers
# of the tracer, whose activity must be in no profile).
check_no_leakage() {
  local leaked
  leaked=$(count_leakage "$@")
  note "leakage $leaked (observations of one container naming another's marker)"
  [ "$leaked" = 0 ] || fail "leakage $leaked: $(grep '^leak:' "$LOGS/steps.log" | head -3 | tr '\n' ';')"
}
