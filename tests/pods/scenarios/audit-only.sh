#!/usr/bin/env bash
# audit-only: a hostNetwork pod, which gets no tracer, learns from AppArmor's complain-mode audit records alone.
# The webhook names the container's own learning profile; the node agent (local mode, reading this pod from the
# pods directory) loads a placeholder under that name before the container starts, reads the kernel's ALLOWED
# records and reports them; the intake creates the BifrostProfile, which goes Learning -> Stable -> Enforcing.
# While it learns, the agent reads the package database the container holds (this machine's dpkg database, mounted
# into it) through the container's /proc/PID/root and reports which packages its learned code came from.
# A new pod of the workload is then admitted with the enforce profile, runs under it, does what it did while
# learning, and a read it never did while learning is denied by the kernel.
set -uo pipefail
# Its own webhook, with learning shortened as in `make demo` (20 s, then 10 s without a new rule), so the
# workload reaches Enforcing within the scenario; the shared webhook keeps the default periods.
export WEBHOOK_URL=https://127.0.0.1:18644 WEBHOOK_STATE=$STATE/webhook
source "$REPO/tests/pods/lib/scenario.sh"
source "$REPO/tests/pods/lib/learned.sh"
source "$REPO/tests/pods/lib/webhook.sh"
# What was learned and rendered is kept with the logs.
trap 'cp -r "$WEBHOOK_STATE/profiles" "$LOGS/" 2>/dev/null; pod_cleanup' EXIT

apparmor=/sys/kernel/security/apparmor
[ -r "$apparmor/profiles" ] || fail "the VM's kernel has no AppArmor ($apparmor/profiles is missing)"
# A container's processes are confined by what the profile allows or, in complain mode, what it records.
loaded_as() { sed -n "s/^$1 (\(.*\))\$/\1/p" "$apparmor/profiles"; }

step "starting the webhook with learning shortened"
# The node agent started below loads the profiles into this kernel; the webhook's gate reads its status file.
agent=$STATE/agent
webhook_start "$WEBHOOK_STATE" "$WEBHOOK_URL" "$LOGS/webhook.log" \
  --Bifrost:Learning:MinimumLearningPeriod=00:00:20 --Bifrost:Learning:QuietPeriod=00:00:10 \
  --Bifrost:Learning:EvaluateInterval=00:00:02 --Bifrost:Learning:AgentStatusFile="$agent/node.json" || fail "$WEBHOOK_PROBLEM"
echo "$WEBHOOK_PID" >> "$STATE/pids"
mkdir -p "$WEBHOOK_STATE/profiles"

WORKLOAD=$SCENARIO
POD_HOST_NETWORK=1
hash=7f9c6d5b8d
image_id=docker.io/library/debian@sha256:b877a1a3fdf02469440f1768cf69c9771338a875b7add5e80c45b756c92ac20a

# admit NAME: the AdmissionReview the API server sends for a new pod of Deployment pods/audit-only (hostNetwork,
# one container "app"); sets STATUS (the bifrost.io/status annotation's JSON) and ANNOTATIONS (every annotation
# the patch adds) and TRACER (the injected tracer's name, empty for none).
admit() {
  local review answer patch
  review=$(jq -n --arg name "$1" --arg workload "$WORKLOAD" --arg hash "$hash" --arg uid "$(new_uid)" '{
    kind: "AdmissionReview", apiVersion: "admission.k8s.io/v1",
    request: {uid: $uid, operation: "CREATE", namespace: "pods",
      kind: {group: "", version: "v1", kind: "Pod"}, resource: {group: "", version: "v1", resource: "pods"},
      userInfo: {username: "system:serviceaccount:kube-system:replicaset-controller"},
      object: {apiVersion: "v1", kind: "Pod",
        metadata: {name: $name, namespace: "pods", labels: {app: $workload, "pod-template-hash": $hash},
          ownerReferences: [{apiVersion: "apps/v1", kind: "ReplicaSet", name: ($workload + "-" + $hash), uid: "rs-audit-only", controller: true}]},
        spec: {hostNetwork: true, containers: [{name: "app", image: "docker.io/library/debian:bookworm"}]}}}}')
  answer=$(curl -sf --cacert "$ca_file" -H 'Content-Type: application/json' --data-binary "$review" "$WEBHOOK_URL/mutate") \
    || fail "POST /mutate failed"
  [ "$(jq -r .response.allowed <<<"$answer")" = true ] || fail "the pod was not allowed: $answer"
  patch=$(jq -r '.response.patch // empty' <<<"$answer" | base64 -d)
  [ -n "$patch" ] || fail "the webhook returned no patch for the pod: $answer"
  echo "$patch" > "$STATE/patch-$1.json"
  ANNOTATIONS=$(jq -c '[.[] | select(.path == "/metadata/annotations") | .value][0] // {}' <<<"$patch")
  STATUS=$(jq -r '.["bifrost.io/status"] // empty' <<<"$ANNOTATIONS")
  [ -n "$STATUS" ] || fail "the patch sets no bifrost.io/status annotation: $patch"
  TRACER=$(jq -r '[.[] | select(.path | test("^/spec/(initContainers|containers)")) | .value | (arrays | .[]), objects
    | .name? // empty | select(test("tracer"))] | first // empty' <<<"$patch")
}

# write_pod_file NAME UID ID: the pod as the API server returns it once bound to this node, with the annotations
# admission gave it; ID is app's container id once created (empty: not created yet).
write_pod_file() {
  jq -n --arg name "$1" --arg uid "$2" --arg id "$3" --arg workload "$WORKLOAD" --arg hash "$hash" --arg image "$image_id" \
    --argjson annotations "$ANNOTATIONS" '{
    apiVersion: "v1", kind: "Pod",
    metadata: {name: $name, namespace: "pods", uid: $uid, annotations: $annotations,
      labels: {app: $workload, "pod-template-hash": $hash},
      ownerReferences: [{apiVersion: "apps/v1", kind: "ReplicaSet", name: ($workload + "-" + $hash), uid: "rs-audit-only", controller: true}]},
    spec: {nodeName: "vm-node", hostNetwork: true, containers: [{name: "app", image: "docker.io/library/debian:bookworm"}]},
    status: (if $id == "" then {phase: "Pending"} else {phase: "Running", containerStatuses: [{name: "app",
      containerID: ("containerd://" + $id), image: "docker.io/library/debian:bookworm", imageID: $image, restartCount: 0,
      ready: true, started: true, state: {running: {startedAt: (now | todate)}}}]} end)}' > "$STATE/pod.tmp"
  mv "$STATE/pod.tmp" "$WEBHOOK_STATE/pods/pods_$1.json"
}

# app_bundle ID PROFILE COMMAND: the app container's bundle, confined by PROFILE, with its own /data volume and,
# as an image's own, a dpkg database (this machine's, whose /usr the container runs).
# Its output goes through a pipe, as a CRI runtime's log does, so no file of the node is handed to it.
app_bundle() {
  local args
  args=$(jq -nc --arg c "$3" '["/bin/sh", "-c", $c]')
  APPARMOR_PROFILE=$2 oci_bundle "$STATE/bundles/$1" app "$(cgroup_of "$1")" "$args" '[]' "[$(bind "$POD_DIR/data-app" /data),$(bind /var/lib/dpkg /var/lib/dpkg)]"
  echo "$RUNTIME $RT_ROOT $1 app" >> "$STATE/containers"
}

# The app reads one file a second (and sleeps); /data/secret is in its volume too, but it never reads it.
loop='while :; do cat /data/allowed > /dev/null; sleep 1; done'

# --- 1. The first pod: learning from audit records --------------------------------------------------------
pod_begin runc cgroupfs "$SCENARIO"
mkdir -p "$POD_DIR/data-app"
echo allowed > "$POD_DIR/data-app/allowed"
echo secret > "$POD_DIR/data-app/secret"

step "admitting the first pod"
admit "$POD_NAME"
learn_profile=$(jq -r '.profiles.app // empty' <<<"$STATUS")
note "admitted: phase $(jq -r .phase <<<"$STATUS"), tracer ${TRACER:-none} ($(jq -r '.tracerSkipped // "-"' <<<"$STATUS")), profile $learn_profile"
[ "$(jq -r .phase <<<"$STATUS")" = Learning ] || fail "the first pod is not learning: $STATUS"
[ -z "$TRACER" ] || fail "a hostNetwork pod got the tracer $TRACER"
[[ $learn_profile == *_app_learn ]] || fail "the container's profile is $learn_profile, not its own learning profile (audit records name only the profile)"
# Local mode has no API server for the Event on the workload: the webhook's log line stands for it.
wait_for 10 "the webhook to say why the workload gets no tracer (TracerSkipped)" grep -q "TracerSkipped on pods/Deployment/$WORKLOAD: .*(host-network)" "$LOGS/webhook.log"
write_pod_file "$POD_NAME" "$POD_UID" ''

step "starting the node agent in local mode"
mkdir -p "$agent/apparmor.d"
dotnet "$REPO/artifacts/publish/agent/Bifrost.Agent.dll" \
  --Bifrost:Agent:NodeName=vm-node \
  --Bifrost:Agent:ProfileDirectory="$agent/apparmor.d" --Bifrost:Agent:StateFile="$agent/state.json" \
  --Bifrost:Agent:ReportEndpoint="$WEBHOOK_URL" --Bifrost:Agent:TokenFile="$WEBHOOK_STATE/token" \
  --Bifrost:Agent:CaFile="$ca_file" --Bifrost:Agent:PodNamespace=bifrost \
  --Bifrost:Agent:PodName=bifrost-agent-vm-node --Bifrost:Agent:PodUid="$(new_uid)" \
  --Bifrost:Agent:Local:ProfilesDirectory="$WEBHOOK_STATE/profiles" \
  --Bifrost:Agent:Local:PodsDirectory="$WEBHOOK_STATE/pods" \
  --Bifrost:Agent:Local:NodeStatusFile="$agent/node.json" \
  --Bifrost:Agent:PackageScanInterval=00:00:02 \
  --Bifrost:Agent:HealthPort=9811 > "$LOGS/agent.log" 2>&1 &
echo $! >> "$STATE/pids"
agent_pid=$!
placeholder_loaded() {
  kill -0 "$agent_pid" 2>/dev/null || fail "the node agent exited: $(tail -1 "$LOGS/agent.log")"
  [ "$(loaded_as "$learn_profile")" = complain ]
}
# The kubelet cannot start a container whose profile the node lacks: the agent loads it from the pod alone.
wait_for 90 "the node agent to load $learn_profile in complain mode (from the pod's annotation)" placeholder_loaded
note "the agent loaded $learn_profile (complain) before any BifrostProfile existed; $(sed -n 's/^ *Reading AppArmor audit records from /audit records from /p' "$LOGS/agent.log" | head -1)"
[ -f "$(profile_file)" ] && fail "a BifrostProfile existed before the pod ran: $(profile_file)"

step "starting the app under its learning profile"
first=$(new_container_id)
app_bundle "$first" "$learn_profile" "$loop"
rt create --bundle "$STATE/bundles/$first" "$first" </dev/null 2>&1 | cat >> "$LOGS/app.log" &
created() { [ "$(status_of "$1")" = created ]; }
wait_for 20 "runc to create the app" created "$first"
write_pod_file "$POD_NAME" "$POD_UID" "$first"
rt start "$first" >> "$LOGS/app.log" 2>&1 || fail "runc start of the app failed: $(tail -1 "$LOGS/app.log")"
pid=$(pid_of "$first")
[ -n "$pid" ] || fail "the app has no process"
confined=$(cat "/proc/$pid/attr/current" 2>/dev/null)
note "the app runs as $confined"
[ "$confined" = "$learn_profile (complain)" ] || fail "the app is confined by '$confined', not $learn_profile (complain)"

# The intake creates the BifrostProfile from the agent's report: the placeholder's records are the workload's.
wait_learned 90 "app:/data/allowed"
learned_at=$SECONDS
has_observed app /data/secret && fail "the profile holds /data/secret, which the app never read"
note "learned from audit records alone: $(observed_paths app | wc -l) paths, /data/allowed among them"

step "waiting for Learning -> Stable -> Enforcing"
phase=''
end=$((SECONDS + 120))
while [ "$SECONDS" -lt "$end" ]; do
  now=$(jq -r '.status.phase // "?"' "$(profile_file)" 2>/dev/null)
  if [ "$now" != "$phase" ]; then
    phase=$now
    echo "$(date +%T) phase $phase" >> "$LOGS/steps.log"
  fi
  [ "$phase" = Enforcing ] && break
  sleep 1
done
[ "$phase" = Enforcing ] || fail "the workload did not reach Enforcing within 120s of learning (phase $phase: $(jq -c '.status | {phase, message}' "$(profile_file)" 2>/dev/null))"
note "Enforcing $((SECONDS - learned_at))s after the first observation was merged"

# Meanwhile the agent found the container by its cgroup, read its dpkg database through /proc/PID/root (once per
# image) and reported which packages its learned code came from.
packages_of_app() { jq -r --arg image "$image_id" '.status.containers[]? | select(.name == "app") | .packages[]? | select(.image == $image) | .used[].name' "$(profile_file)" 2>/dev/null; }
packages_found() { packages_of_app | grep -qx coreutils; }
wait_for 120 "the node agent to report the packages the app's code came from" packages_found
used=$(packages_of_app | tr '\n' ' ')
installed=$(jq -r '.status.packagesInstalled // 0' "$(profile_file)")
note "packages in use: $used(of $installed installed)"
for package in coreutils libc6; do
  packages_of_app | grep -qx "$package" || fail "the app ran code of $package, but the packages in use are: $used"
done
for package in apt dpkg; do
  packages_of_app | grep -qx "$package" && fail "the app never ran code of $package, but it is among the packages in use: $used"
done
[ "$installed" -gt "$(packages_of_app | wc -l)" ] || fail "$installed packages installed, not more than the $(packages_of_app | wc -l) in use"

# A rollout replaces the pod: the learning pod goes.
step "removing the learning pod"
rt kill "$first" KILL > /dev/null 2>&1
wait_for 20 "the learning app to stop" container_stopped "$first"
rt delete -f "$first" > /dev/null 2>&1
rm -f "$WEBHOOK_STATE/pods/pods_$POD_NAME.json"
remove_cgroup_tree "/sys/fs/cgroup$POD_CGROUP"

# --- 2. A new pod of the workload: enforced ------------------------------------------------------------------
pod_begin runc cgroupfs "$SCENARIO"
mkdir -p "$POD_DIR/data-app"
echo allowed > "$POD_DIR/data-app/allowed"
echo secret > "$POD_DIR/data-app/secret"
step "admitting a new pod"
admit "$POD_NAME"
enforce_profile=$(jq -r '.profiles.app // empty' <<<"$STATUS")
note "admitted: phase $(jq -r .phase <<<"$STATUS"), tracer ${TRACER:-none}, profile $enforce_profile"
[ "$(jq -r .phase <<<"$STATUS")" = Enforcing ] || fail "the new pod is not enforced: $STATUS"
[ -z "$TRACER" ] || fail "an enforced pod got the tracer $TRACER"
[[ $enforce_profile =~ _[0-9a-f]{6,}$ ]] || fail "the new pod's profile $enforce_profile is not an enforce profile named by its hash"
write_pod_file "$POD_NAME" "$POD_UID" ''
agent_loaded() {
  [ "$(jq -r --arg n "$enforce_profile" '.status.profiles[]? | select(.name == $n) | .state' "$agent/node.json" 2>/dev/null)" = Loaded ]
}
wait_for 60 "the node agent to report $enforce_profile Loaded" agent_loaded
[ "$(loaded_as "$enforce_profile")" = enforce ] || fail "the kernel lists $enforce_profile as '$(loaded_as "$enforce_profile")', not enforce"
note "the agent loaded $enforce_profile (enforce)"

# The app does what it did while learning, then reads the file it never read: exit 0 means the learned read
# worked and the other was refused, 3 that the learned read failed, 4 that the other read was allowed.
step "running the app under the enforce profile"
probe=$(new_container_id)
app_bundle "$probe" "$enforce_profile" '
  cat /data/allowed > /dev/null || exit 3
  sleep 1
  cat /data/secret > /dev/null 2>&1 && exit 4
  exit 0'
write_pod_file "$POD_NAME" "$POD_UID" "$probe"
rt run --bundle "$STATE/bundles/$probe" "$probe" </dev/null 2>&1 | cat >> "$LOGS/probe.log"
code=${PIPESTATUS[0]}
case $code in
  0) ;;
  3) fail "under the enforce profile the app could not read /data/allowed, which it read while learning" ;;
  4) fail "under the enforce profile the app read /data/secret, which it never read while learning" ;;
  *) fail "the app under the enforce profile exited $code: $(tail -1 "$LOGS/probe.log")" ;;
esac
denied() { dmesg | grep 'apparmor="DENIED"' | grep -F "profile=\"$enforce_profile\"" | grep -qF 'name="/data/secret"'; }
wait_for 10 "the kernel's DENIED record for /data/secret under $enforce_profile" denied
note "the kernel denied /data/secret under $enforce_profile; /data/allowed was read"
others=$(dmesg | grep 'apparmor="DENIED"' | grep -F "profile=\"$enforce_profile\"" | grep -vcF 'name="/data/secret"')
note "other DENIED records under the enforce profile: $others"
[ "$others" -eq 0 ] || fail "the app's learned behaviour was denied $others times under its enforce profile ($(dmesg | grep 'apparmor="DENIED"' | grep -F "profile=\"$enforce_profile\"" | grep -vF 'name="/data/secret"' | head -1 | cut -c1-300))"
pass
