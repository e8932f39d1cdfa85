#!/usr/bin/env bash
# Runs inside the benchmark VM (bench/tracer/vm.sh): the workload untraced, under Bifrost's syscall-tracepoint path,
# under its LSM-hook path and under bpftrace, interleaved, REPS times; each run's guest seconds go to OUT/runs
# ("label seconds" lines). Before that each path learns the workload once and OUT/match says whether both recorded
# the same observations. The guest clock follows executed instructions (-icount), so the seconds are instruction counts.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: vm-inside.sh OUT TRACER FILES ROUNDS EXECS REPS}
tracer=${2:?}; files=${3:?}; rounds=${4:?}; execs=${5:?}; reps=${6:?}
echo "kernel VM: $(uname -r), clocksource $(cat /sys/devices/system/clocksource/clocksource0/current_clocksource)"
cg2=/sys/fs/cgroup
# The data lives on the VM's own tmpfs: over 9p every open would wait for the host.
data=$(mktemp -d /run/tmp/bench.XXXXXX)
for ((i = 0; i < files; i++)); do echo "line $i" > "$data/f$i"; done
# So do the program the workload execs and what it loads: over 9p each open waits for the host, and while every
# vCPU is idle the -icount clock jumps to the next timer, which would count those waits as instructions.
mkdir -p /run/tmp/bind
for f in /usr/bin/true $(ldd /usr/bin/true | grep -o '/[^ ]*') /etc/ld.so.cache; do
  r=$(realpath "$f"); copy=/run/tmp/bind/$(echo "$r" | tr / _)
  cp "$r" "$copy" && mount --bind "$copy" "$r"
done
mkdir -p "$cg2/bifrost-bench"
cgid=$(stat -c %i "$cg2/bifrost-bench")
work=(bash "$here/workload.sh" "$data" "$rounds" "$execs")

untraced() { sh -c 'echo $$ > "$0/cgroup.procs" && exec "$@"' "$cg2/bifrost-bench" "${work[@]}" | awk '/^elapsed/ {print $2}'; }
bifrost() { "$tracer" learn --hooks "$1" --format observations --output /dev/null -- "${work[@]}" 2>>"$out/stats" | awk '/^elapsed/ {print $2}'; }
bpftrace_run() {
  bpftrace "$here/equivalent.bt" "$cgid" >/dev/null 2>>"$out/bpftrace.err" &
  local bt=$!
  for _ in $(seq 600); do bpftool prog show 2>/dev/null | grep -q sys_exit_socket && break; kill -0 $bt 2>/dev/null || break; sleep 0.2; done
  if ! kill -0 $bt 2>/dev/null; then echo "bpftrace did not start: $(tail -1 "$out/bpftrace.err")" >&2; return; fi
  untraced
  kill -INT $bt; wait $bt 2>/dev/null || true
}
have_bpftrace=0
command -v bpftrace >/dev/null && have_bpftrace=1

# The same workload learned by each path first (which also warms the page cache for the timed runs); observations
# compared as sorted JSON lines, one per observation.
for hooks in syscalls lsm; do
  "$tracer" learn --hooks "$hooks" --format observations --output "$out/learned.$hooks" -- "${work[@]}" >/dev/null 2>>"$out/stats"
  jq -c '.[]' "$out/learned.$hooks" | sort > "$out/observations.$hooks"
done
if [ -s "$out/observations.lsm" ] && cmp -s "$out/observations.syscalls" "$out/observations.lsm"; then
  echo "yes $(wc -l < "$out/observations.lsm")" > "$out/match"
else
  echo "no $(wc -l < "$out/observations.lsm")" > "$out/match"
  diff "$out/observations.syscalls" "$out/observations.lsm" | head -20 >> "$out/match"
fi
echo "observations of both paths alike: $(head -1 "$out/match")"
# Interleaved timed runs.
untraced >/dev/null
: > "$out/runs"
for ((r = 1; r <= reps; r++)); do
  echo "untraced $(untraced)" >> "$out/runs"
  echo "syscalls $(bifrost syscalls)" >> "$out/runs"
  echo "lsm $(bifrost lsm)" >> "$out/runs"
  if [ $have_bpftrace = 1 ]; then echo "bpftrace $(bpftrace_run)" >> "$out/runs"; fi
  echo "rep $r/$reps: $(grep -c . "$out/runs") runs"
done

rm -rf "$data"
rmdir "$cg2/bifrost-bench" 2>/dev/null || true
