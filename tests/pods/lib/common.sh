# Shared by the scenarios (sourced): where things are, logging, waiting, random ids.
# Every scenario runs in its own process with SCENARIO, STATE (scratch in the VM's tmpfs) and LOGS (on the
# host's disk, kept after the VM stops) set by inside.sh.

repo=${REPO:?}
: "${SCENARIO:?}" "${STATE:?}" "${LOGS:?}" "${WEBHOOK_URL:?}" "${WEBHOOK_STATE:?}"
namespace=pods
ca_file=$repo/certs/out/ca.crt
tracer_dir=$repo/artifacts/publish/tracer

# What the scenario is doing now: named in the FAIL line when the scenario is killed by its time limit.
step() {
  echo "$*" > "$STATE/step"
  printf '%s %s\n' "$(date +%T.%N | cut -c1-12)" "$*" >> "$LOGS/steps.log"
}

# Details go to the scenario's log, indented lines on the console; the result line is printed by inside.sh.
note() {
  printf '  %s: %s\n' "$SCENARIO" "$*"
  printf '%s note: %s\n' "$(date +%T)" "$*" >> "$LOGS/steps.log"
}

# Ends the scenario with a failure; the EXIT trap cleans up.
fail() {
  echo "FAIL ${SCOPE_PROBLEM:+$SCOPE_PROBLEM; }$*" > "$STATE/result"
  exit 1
}

pass() {
  [ -z "${SCOPE_PROBLEM:-}" ] || fail "(everything else passed)"
  echo ok > "$STATE/result"
  exit 0
}

# A 64-hex container id, as containerd and CRI-O make them.
new_container_id() { od -An -N32 -tx1 /dev/urandom | tr -d ' \n'; }

new_uid() { cat /proc/sys/kernel/random/uuid; }

# wait_for SECONDS DESCRIPTION COMMAND...: polls COMMAND every half second; fails the scenario on time-out.
wait_for() {
  local seconds=$1 what=$2
  shift 2
  local end=$((SECONDS + seconds))
  until "$@"; do
    [ "$SECONDS" -lt "$end" ] || fail "timed out after ${seconds}s waiting for $what"
    sleep 0.5
  done
}
