# A pod as the kubelet and a CRI runtime make it (sourced): a pause container owning the network, IPC and UTS
# namespaces, then containers created and started by the real OCI runtime (create, then start, as containerd
# does) with linux.cgroupsPath at kubelet-shaped paths, so the runtime makes the cgroups itself.
#
# pod_begin RUNTIME LAYOUT WORKLOAD sets the pod up:
#   RUNTIME  runc | crun
#   LAYOUT   cgroupfs  /kubepods/burstable/pod<uid>/<id>
#            systemd   /kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod<uid_>.slice/cri-containerd-<id>.scope
#                      (under crun, plus the "container" child crun makes under systemd; see cgroup_of)
#            crio      the same slices with crio-<id>.scope, and a crio-conmon-<id>.scope sibling per container
# Every container is written to $STATE/containers as it is created, so cleanup finds it whatever happens.

source "$(dirname "${BASH_SOURCE[0]}")/oci.sh"

pod_begin() {
  RUNTIME=$1 LAYOUT=$2 WORKLOAD=$3
  RT_ROOT=/run/pods-runtime/$RUNTIME
  POD_UID=$(new_uid)
  POD_NAME=$WORKLOAD-7f9c6d5b8d-$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n' | cut -c1-5)
  POD_HOSTNAME=$POD_NAME
  POD_DIR=$STATE/pod
  POD_NETNS='' POD_IPCNS='' POD_UTSNS=''
  mkdir -p "$POD_DIR" "$RT_ROOT"
  : > "$POD_DIR/statuses"
  : > "$POD_DIR/exited"
  echo "$POD_HOSTNAME" > "$POD_DIR/hostname"
  local uid_=${POD_UID//-/_}
  case $LAYOUT in
    cgroupfs) POD_CGROUP=/kubepods/burstable/pod$POD_UID ;;
    systemd | crio) POD_CGROUP=/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod$uid_.slice ;;
    *) fail "unknown layout $LAYOUT" ;;
  esac
  echo "$POD_CGROUP" > "$STATE/pod-cgroup"
  note "pod $namespace/$POD_NAME uid $POD_UID on $RUNTIME, cgroups under $POD_CGROUP"
}

rt() { "$RUNTIME" --root "$RT_ROOT" "$@"; }

# The container's cgroup, as the kubelet names it for the runtime. crun 1.8.1 honours its
# run.oci.systemd.subgroup annotation only with its systemd driver (there is no systemd here), so the
# "container" child it makes under systemd is named in cgroupsPath directly: the same tree results (the
# scope holds no process, the child holds the container's, and the container's cgroup namespace is rooted there).
cgroup_of() {
  case $LAYOUT in
    cgroupfs) echo "$POD_CGROUP/$1" ;;
    systemd)
      if [ "$RUNTIME" = crun ]; then echo "$POD_CGROUP/cri-containerd-$1.scope/container"; else echo "$POD_CGROUP/cri-containerd-$1.scope"; fi ;;
    crio) echo "$POD_CGROUP/crio-$1.scope" ;;
  esac
}

id_scheme() { if [ "$LAYOUT" = crio ]; then echo cri-o; else echo containerd; fi; }

# Host pid of a container's first process, empty when it has none.
pid_of() { rt state "$1" 2>/dev/null | jq -r 'select(.status == "running" or .status == "created") | .pid // empty'; }

status_of() { rt state "$1" 2>/dev/null | jq -r '.status // "gone"' || echo gone; }

# The id a container name has now (the latest, after restarts).
id_of() { awk -v n="$1" '$1 == n { id = $3 } END { print id }' "$POD_DIR/statuses"; }

# create_container NAME KIND ROLE ARGS_JSON ENV_JSON MOUNTS_JSON: makes the bundle and runs "RUNTIME create".
# KIND is what the pod status calls it: sandbox (not listed), sidecar, init or app. Prints the id.
create_container() {
  local name=$1 kind=$2 role=$3 args=$4 env=$5 mounts=$6
  local id
  id=$(new_container_id)
  local bundle=$STATE/bundles/$id
  oci_bundle "$bundle" "$role" "$(cgroup_of "$id")" "$args" "$env" "$mounts"
  echo "$RUNTIME $RT_ROOT $id $name" >> "$STATE/containers"
  [ "$LAYOUT" = crio ] && start_conmon "$id"
  # The runtime hands its own stdio to the container: the container's log is the file opened here.
  if ! rt create --bundle "$bundle" "$id" </dev/null >>"$LOGS/$name.log" 2>&1; then
    fail "$RUNTIME create of $name failed: $(tail -1 "$LOGS/$name.log")"
  fi
  echo "$name $kind $id" >> "$POD_DIR/statuses"
  echo "$id"
}

start_container() {
  local name=$1 id=$2
  rt start "$id" >>"$LOGS/$name.log" 2>&1 || fail "$RUNTIME start of $name failed: $(tail -1 "$LOGS/$name.log")"
}

# CRI-O runs each container under a conmon in a sibling cgroup, crio-conmon-<id>.scope, whose name carries the
# container's id too. The stand-in moves itself there, then execs a loop that reads a file only conmon reads
# ($POD_DIR/conmon-marker): its activity must show up in no profile.
start_conmon() {
  local dir=/sys/fs/cgroup$POD_CGROUP/crio-conmon-$1.scope
  mkdir -p "$dir" || fail "cannot make $dir"
  echo conmon > "$POD_DIR/conmon-marker"
  sh -c 'echo $$ > "$1/cgroup.procs" && exec sh -c "while :; do cat \"\$0\" > /dev/null; sleep 1; done" "$2"' \
    conmon "$dir" "$POD_DIR/conmon-marker" >>"$LOGS/conmon.log" 2>&1 &
  echo $! >> "$STATE/pids"
}

# The pause container: `sleep infinity` stands in for /pause; its namespaces are the pod's.
pod_start_pause() {
  step "starting the pause container"
  local id
  id=$(create_container pause sandbox pause '["sleep","infinity"]' '[]' '[]')
  start_container pause "$id"
  local pid
  pid=$(pid_of "$id")
  [ -n "$pid" ] || fail "the pause container has no process"
  POD_NETNS=/proc/$pid/ns/net POD_IPCNS=/proc/$pid/ns/ipc POD_UTSNS=/proc/$pid/ns/uts
  start_forwarder
}

# The webhook's Service, as seen from the pod: 127.0.0.1:PORT in the pod's network namespace (lib/forward.py).
start_forwarder() {
  local port=${WEBHOOK_URL##*:}
  /usr/bin/python3 "$repo/tests/pods/lib/forward.py" "$POD_NETNS" "$port" >>"$LOGS/forwarder.log" 2>&1 &
  echo $! >> "$STATE/pids"
  wait_for 10 "the forwarder in the pod's network namespace" grep -q forwarding "$LOGS/forwarder.log"
}

# A container the scenario defines: its own /data volume ($POD_DIR/data-NAME, read-only), the rootfs's programs.
# run_container NAME KIND COMMAND: create, write the pod's status (the id is known once created), start.
run_container() {
  local name=$1 kind=$2 command=$3
  step "starting $kind container $name"
  mkdir -p "$POD_DIR/data-$name"
  local args
  args=$(jq -nc --arg c "$command" '["/bin/sh", "-c", $c]')
  local id
  id=$(create_container "$name" "$kind" app "$args" '[]' "[$(bind "$POD_DIR/data-$name" /data)]")
  write_pod
  start_container "$name" "$id"
}

# An init container runs to completion; then its task is deleted (its cgroup goes), as containerd does on exit.
run_init_container() {
  local name=$1 command=$2 seconds=${3:-30}
  run_container "$name" init "$command"
  local id
  id=$(id_of "$name")
  wait_for "$seconds" "init container $name to exit" container_stopped "$id"
  rt delete "$id" >>"$LOGS/$name.log" 2>&1 || true
  echo "$id" >> "$POD_DIR/exited"
  write_pod
}

container_stopped() { [ "$(status_of "$1")" != running ]; }

# The tracer as the webhook injects it: a native sidecar (an init container that keeps running), privileged,
# with the environment TracerSidecar.cs writes, the host's cgroup tree at /host/sys/fs/cgroup, the kernel's
# BTF (part of sysfs), tracefs, securityfs and bpffs, and the published tracer run by the VM's dotnet.
# TRACED lists the containers Bifrost profiles (init containers included). pod_start_tracer [no-btf]
pod_start_tracer() {
  step "starting the tracer sidecar"
  local variant=${1:-}
  local containers=''
  local c
  for c in $TRACED; do containers+="${containers:+,}$c=bifrost_${namespace}_deployment_${WORKLOAD//-/_}_${c}_learn"; done
  local env
  env=$(jq -nc --arg endpoint "$WEBHOOK_URL" --arg name "$POD_NAME" --arg ns "$namespace" --arg uid "$POD_UID" \
    --arg workload "$WORKLOAD" --arg containers "$containers" --arg ca "$(cat "$ca_file")" '[
      "BIFROST_POD_NAME=" + $name, "BIFROST_POD_NAMESPACE=" + $ns, "BIFROST_POD_UID=" + $uid, "BIFROST_NODE_NAME=vm-node",
      "BIFROST_WORKLOAD_KIND=Deployment", "BIFROST_WORKLOAD_NAME=" + $workload, "BIFROST_CONTAINERS=" + $containers,
      "BIFROST_ENDPOINT=" + $endpoint, "BIFROST_TOKEN_FILE=/var/run/secrets/bifrost/token", "BIFROST_CA_PEM=" + $ca,
      "BIFROST_CGROUP_ROOT=/host/sys/fs/cgroup", "DOTNET_NOLOGO=1", "DOTNET_CLI_TELEMETRY_OPTOUT=1"]')
  local mounts
  mounts="[$(bind "$tracer_dir" /opt/bifrost-tracer),$(bind "$WEBHOOK_STATE/token" /var/run/secrets/bifrost/token),
    $(bind /sys/fs/cgroup /host/sys/fs/cgroup),$(bind /sys/kernel/tracing /sys/kernel/tracing rw),
    $(bind /sys/kernel/security /sys/kernel/security rw),$(bind /sys/fs/bpf /sys/fs/bpf rw)"
  if [ "$variant" = no-btf ]; then
    # A node whose kernel has no BTF: the directory is there, vmlinux is not.
    mounts+=',{"destination":"/sys/kernel/btf","type":"tmpfs","source":"tmpfs","options":["ro","nosuid","nodev","noexec"]}'
  fi
  mounts+=']'
  local id
  id=$(create_container bifrost-tracer sidecar tracer '["dotnet","/opt/bifrost-tracer/Bifrost.Tracer.dll","run"]' "$env" "$mounts")
  write_pod
  start_container bifrost-tracer "$id"
}

# The startup probe the webhook gives the tracer (test -e), passing on either file: prints "attached" or
# "unavailable: REASON". Fails the scenario when the tracer exits first or neither file appears in time.
wait_tracer_ready() {
  local seconds=${1:-90}
  step "waiting for the tracer's startup probe"
  local id end=$((SECONDS + seconds)) pid
  id=$(id_of bifrost-tracer)
  while [ "$SECONDS" -lt "$end" ]; do
    pid=$(pid_of "$id")
    if [ -z "$pid" ]; then
      fail "the tracer exited before its startup probe passed (neither /run/bifrost/attached nor /run/bifrost/unavailable); last log line: $(grep -v '^\s*$' "$LOGS/bifrost-tracer.log" | tail -1 | cut -c1-300)"
    fi
    if [ -e "/proc/$pid/root/run/bifrost/attached" ]; then
      echo attached
      return 0
    fi
    if [ -e "/proc/$pid/root/run/bifrost/unavailable" ]; then
      echo "unavailable: $(head -1 "/proc/$pid/root/run/bifrost/unavailable")"
      return 0
    fi
    sleep 0.5
  done
  fail "the tracer's startup probe did not pass within ${seconds}s; last log line: $(tail -1 "$LOGS/bifrost-tracer.log" | cut -c1-300)"
}

# The tracer must scope itself to the pod's cgroup (its log says which: "Tracing pod cgroup DIR, excluding own
# cgroup DIR"). Checked when the line is there; a wrong scope is noted, named first in any failure, and fails
# the scenario at its end, so the rest of the pod is still exercised.
check_tracer_scope() {
  local scoped
  scoped=$(sed -n 's|.*Tracing pod cgroup /host/sys/fs/cgroup\([^,]*\),.*|\1|p' "$LOGS/bifrost-tracer.log" | tail -1)
  if [ -n "$scoped" ] && [ "$scoped" != "$POD_CGROUP" ]; then
    SCOPE_PROBLEM="the tracer scoped itself to $scoped, not the pod's cgroup $POD_CGROUP"
    note "$SCOPE_PROBLEM"
  fi
}

# The pod as the API server returns it, in the webhook's Bifrost:Pods:Directory (<namespace>_<name>.json):
# spec names and statuses with runtime container ids. Rewritten whenever a container is created.
write_pod() {
  local scheme
  scheme=$(id_scheme)
  awk '$2 != "sandbox" { print $1, $2, $3 }' "$POD_DIR/statuses" \
    | jq -R -s --arg name "$POD_NAME" --arg ns "$namespace" --arg uid "$POD_UID" --arg workload "$WORKLOAD" \
      --arg scheme "$scheme" --rawfile exited "$POD_DIR/exited" '
      [split("\n")[] | select(length > 0) | split(" ") | {name: .[0], kind: .[1], id: .[2]}] as $all
      # In creation order (the tracer first among init containers); the latest id of each container wins,
      # earlier ones count as restarts.
      | ($all | reduce .[].name as $n ([]; if any(.[]; . == $n) then . else . + [$n] end)) as $order
      | [$order[] as $n | [$all[] | select(.name == $n)] | {name: $n, kind: .[0].kind, id: .[-1].id, restarts: (length - 1)}] as $containers
      | ($exited | split("\n")) as $done
      | def status: {name, containerID: ($scheme + "://" + .id), image: "docker.io/library/debian:bookworm",
          imageID: "", restartCount: .restarts}
          + (.id as $id | if any($done[]; . == $id) then {ready: false, started: false, state: {terminated: {exitCode: 0, reason: "Completed"}}}
            else {ready: true, started: true, state: {running: {startedAt: (now | todate)}}} end);
      {
        apiVersion: "v1", kind: "Pod",
        metadata: {name: $name, namespace: $ns, uid: $uid, labels: {app: $workload, "pod-template-hash": "7f9c6d5b8d"},
          ownerReferences: [{apiVersion: "apps/v1", kind: "ReplicaSet", name: ($workload + "-7f9c6d5b8d"), uid: ("rs-" + $uid), controller: true}]},
        spec: {nodeName: "vm-node",
          initContainers: [$containers[] | select(.kind == "sidecar" or .kind == "init")
            | {name, image: "docker.io/library/debian:bookworm"} + (if .kind == "sidecar" then {restartPolicy: "Always"} else {} end)],
          containers: [$containers[] | select(.kind == "app") | {name, image: "docker.io/library/debian:bookworm"}]},
        status: {phase: "Running", podIP: "10.0.0.2",
          initContainerStatuses: [$containers[] | select(.kind == "sidecar" or .kind == "init") | status],
          containerStatuses: [$containers[] | select(.kind == "app") | status]}
      }' > "$POD_DIR/pod.json.tmp" || fail "writing the pod's status for the webhook failed"
  # Renamed into place, so the webhook never reads half a file.
  mv "$POD_DIR/pod.json.tmp" "$WEBHOOK_STATE/pods/${namespace}_$POD_NAME.json"
}

# The scenario's EXIT trap: every container deleted, helper processes stopped, the pod's cgroups removed.
pod_cleanup() {
  cleanup_pods "$STATE"
}
