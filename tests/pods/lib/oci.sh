# OCI bundles as containerd's CRI plugin writes them for a pod's containers (sourced).
#
# The root filesystem is one read-only skeleton shared by every container (ROOTFS, made by inside.sh): empty
# directories plus the merged-/usr symlinks (bin, lib, lib64, sbin -> usr/...), with the VM's own /usr and /etc
# bind-mounted read-only into each container. Like a kubelet-made container, each one also gets its own
# /etc/hostname (the pod's), tmpfs /tmp and /run, and the volumes the scenario gives it.

# The capabilities containerd gives a container that asks for none.
default_caps='["CAP_CHOWN","CAP_DAC_OVERRIDE","CAP_FSETID","CAP_FOWNER","CAP_MKNOD","CAP_NET_RAW","CAP_SETGID",
  "CAP_SETUID","CAP_SETFCAP","CAP_SETPCAP","CAP_NET_BIND_SERVICE","CAP_SYS_CHROOT","CAP_KILL","CAP_AUDIT_WRITE"]'

# A privileged container gets every capability the kernel knows (6.12: 0-40).
all_caps='["CAP_CHOWN","CAP_DAC_OVERRIDE","CAP_DAC_READ_SEARCH","CAP_FOWNER","CAP_FSETID","CAP_KILL","CAP_SETGID",
  "CAP_SETUID","CAP_SETPCAP","CAP_LINUX_IMMUTABLE","CAP_NET_BIND_SERVICE","CAP_NET_BROADCAST","CAP_NET_ADMIN",
  "CAP_NET_RAW","CAP_IPC_LOCK","CAP_IPC_OWNER","CAP_SYS_MODULE","CAP_SYS_RAWIO","CAP_SYS_CHROOT","CAP_SYS_PTRACE",
  "CAP_SYS_PACCT","CAP_SYS_ADMIN","CAP_SYS_BOOT","CAP_SYS_NICE","CAP_SYS_RESOURCE","CAP_SYS_TIME",
  "CAP_SYS_TTY_CONFIG","CAP_MKNOD","CAP_LEASE","CAP_AUDIT_WRITE","CAP_AUDIT_CONTROL","CAP_SETFCAP",
  "CAP_MAC_OVERRIDE","CAP_MAC_ADMIN","CAP_SYSLOG","CAP_WAKE_ALARM","CAP_BLOCK_SUSPEND","CAP_AUDIT_READ",
  "CAP_PERFMON","CAP_BPF","CAP_CHECKPOINT_RESTORE"]'

# bind SOURCE DESTINATION [rw]: one bind-mount entry.
bind() {
  local mode=ro
  [ "${3:-}" = rw ] && mode=rw
  jq -nc --arg s "$1" --arg d "$2" --arg m "$mode" '{destination: $d, type: "bind", source: $s, options: ["rbind", $m]}'
}

# oci_bundle DIR ROLE CGROUPS_PATH ARGS_JSON ENV_JSON MOUNTS_JSON
# ROLE: pause (owns the pod's network, IPC and UTS namespaces), app (joins them; unprivileged, private cgroup
# namespace), tracer (joins them; privileged: all capabilities, no seccomp, no AppArmor, and, as containerd does
# for privileged containers on cgroup v2, the host's cgroup namespace). Every container has its own pid and
# mount namespaces. Uses POD_NETNS, POD_IPCNS, POD_UTSNS (the pause process's) and POD_HOSTNAME; with
# POD_HOST_NETWORK=1 the container stays in the node's network namespace (hostNetwork), and a non-empty
# APPARMOR_PROFILE is the AppArmor profile the runtime confines the container's process with (as the kubelet
# passes a container's localhost profile on).
oci_bundle() {
  local dir=$1 role=$2 cgroups=$3 args=$4 env=$5 mounts=$6
  mkdir -p "$dir"
  jq -n --arg role "$role" --arg cgroups "$cgroups" --argjson args "$args" --argjson env "$env" \
    --argjson extra "$mounts" --arg rootfs "$ROOTFS" --arg hostname "$POD_HOSTNAME" \
    --arg hostnameFile "$POD_DIR/hostname" \
    --arg netns "${POD_NETNS:-}" --arg ipcns "${POD_IPCNS:-}" --arg utsns "${POD_UTSNS:-}" \
    --arg hostNetwork "${POD_HOST_NETWORK:-}" --arg apparmor "${APPARMOR_PROFILE:-}" \
    --argjson defaultCaps "$default_caps" --argjson allCaps "$all_caps" '
    ($role == "tracer") as $privileged
    | (if $privileged then $allCaps else $defaultCaps end) as $caps
    | def ns($type; $path): if $path == "" then {type: $type} else {type: $type, path: $path} end;
    {
      ociVersion: "1.0.2",
      process: {
        terminal: false, user: {uid: 0, gid: 0}, cwd: "/", args: $args,
        env: (["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOME=/root", "HOSTNAME=" + $hostname] + $env),
        capabilities: {bounding: $caps, effective: $caps, permitted: $caps},
        rlimits: [{type: "RLIMIT_NOFILE", hard: 1048576, soft: 1048576}],
        noNewPrivileges: false, oomScoreAdj: (if $role == "pause" then -998 else 1000 end)
      },
      root: {path: $rootfs, readonly: true},
      mounts: ([
        {destination: "/proc", type: "proc", source: "proc", options: ["nosuid", "noexec", "nodev"]},
        {destination: "/dev", type: "tmpfs", source: "tmpfs", options: ["nosuid", "strictatime", "mode=755", "size=65536k"]},
        {destination: "/dev/pts", type: "devpts", source: "devpts", options: ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"]},
        {destination: "/dev/shm", type: "tmpfs", source: "shm", options: ["nosuid", "noexec", "nodev", "mode=1777", "size=65536k"]},
        {destination: "/dev/mqueue", type: "mqueue", source: "mqueue", options: ["nosuid", "noexec", "nodev"]},
        {destination: "/sys", type: "sysfs", source: "sysfs", options: (["nosuid", "noexec", "nodev"] + (if $privileged then ["rw"] else ["ro"] end))},
        {destination: "/sys/fs/cgroup", type: "cgroup", source: "cgroup", options: (["nosuid", "noexec", "nodev", "relatime"] + (if $privileged then ["rw"] else ["ro"] end))},
        {destination: "/usr", type: "bind", source: "/usr", options: ["rbind", "ro"]},
        {destination: "/etc", type: "bind", source: "/etc", options: ["rbind", "ro"]},
        {destination: "/etc/hostname", type: "bind", source: $hostnameFile, options: ["rbind", "ro"]},
        {destination: "/tmp", type: "tmpfs", source: "tmpfs", options: ["nosuid", "nodev", "mode=1777"]},
        {destination: "/run", type: "tmpfs", source: "tmpfs", options: ["nosuid", "nodev", "mode=755"]}
      ] + $extra),
      linux: {
        cgroupsPath: $cgroups,
        resources: {
          devices: (if $privileged then [{allow: true, access: "rwm"}] else [{allow: false, access: "rwm"}] end),
          cpu: {shares: 102}
        },
        namespaces: ([ns("pid"; ""), ns("mount"; "")] + (if $hostNetwork == "1" then [] else [ns("network"; $netns)] end)
          + [ns("ipc"; $ipcns), ns("uts"; $utsns)]
          + (if $privileged then [] else [ns("cgroup"; "")] end))
      }
    }
    | if $role == "pause" then .hostname = $hostname else . end
    | if $apparmor != "" then .process.apparmorProfile = $apparmor else . end
    | if $privileged then . else .linux.maskedPaths = ["/proc/acpi", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
        "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/sys/firmware", "/sys/devices/virtual/powercap"]
      | .linux.readonlyPaths = ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"] end
  ' > "$dir/config.json"
}
