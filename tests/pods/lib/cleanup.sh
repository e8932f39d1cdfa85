# Removing what a scenario started (sourced by the scenarios' EXIT trap and by inside.sh after a scenario, so
# that a scenario killed by its time limit is cleaned up too). Safe to run twice.

# cleanup_pods STATE: the containers listed in STATE/containers, the processes in STATE/pids, the pod's cgroups.
cleanup_pods() {
  local state=$1 runtime root id name pid
  if [ -f "$state/containers" ]; then
    while read -r runtime root id name; do
      "$runtime" --root "$root" kill "$id" KILL >/dev/null 2>&1
      "$runtime" --root "$root" delete -f "$id" >/dev/null 2>&1
    done < "$state/containers"
  fi
  if [ -f "$state/pids" ]; then
    while read -r pid; do kill -9 "$pid" 2>/dev/null; done < "$state/pids"
  fi
  [ -f "$state/pod-cgroup" ] && remove_cgroup_tree "/sys/fs/cgroup$(cat "$state/pod-cgroup")"
  return 0
}

# Kills whatever is left in a cgroup tree (cgroup.kill, kernel 5.14+) and removes it, deepest first.
remove_cgroup_tree() {
  local top=$1 dir
  [ -d "$top" ] || return 0
  echo 1 > "$top/cgroup.kill" 2>/dev/null
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    find "$top" -depth -type d -exec rmdir {} + 2>/dev/null
    [ -d "$top" ] || return 0
    sleep 0.2
  done
}

# Anything kubelet-shaped left on the VM (a scenario that could not even record its state).
sweep_kubepods() {
  local dir
  for dir in /sys/fs/cgroup/kubepods /sys/fs/cgroup/kubepods.slice; do
    remove_cgroup_tree "$dir"
  done
}
