#!/usr/bin/env bash
# Runs inside the benchmark VM (bench/tracer/vm.sh): the workload untraced, under Bifrost's syscall-tracepoint path,
# under its LSM-hook path and under bpftrace, interleaved, REPS times; each run's guest seconds go to OUT/runs
# ("label seconds" lines); OUT/match says whether both paths recorded the same observations in their first runs. The guest clock follows executed instructions (-icount), so the seconds are instruction counts.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: vm-inside.sh OUT TRACER FILES ROUNDS EXECS REPS}
tracer=${2:?}; files=${3:?}; rounds=${4:?}; execs=${5:?}; reps=${6:?}
echo "kernel VM: $(uname -r), clocksource $(cat /sys/devices/system/clocksource/clocksource0/current_clocksource)"
cg2=/sys/fs/cgroup
# The data lives on the VM's own tmpfs: over 9p every open would wait for the host.
data=$(mktemp -d /run/tmp/bench.XXXXXX)
for ((i = 0; i < files; i++)); do echo "line $i" > "$data/f$i"; done
# So do the workload's script and the program it execs, a static one: over 9p each open, and each symlink on the
# way to a dynamic program's loader and libraries, waits for the host, and while every vCPU is idle the -icount
# clock jumps to the next timer, which would count those waits as instructions.
cp "$here/workload.sh" /run/tmp/workload.sh
printf '.globl _start\n_start:\n mov $60, %%eax\n xor %%edi, %%edi\n syscall\n' | clang -nostdlib -static -x assembler - -o /run/tmp/true
mkdir -p "$cg2/bifrost-bench"
cgid=$(stat -c %i "$cg2/bifrost-bench")
# Every run first waits 2 s (guest time): a tracer's start-up work that outlasts its attach (the .NET runtime's
# JIT and timers on the other vCPU) would otherwise fall into the workload's count, since -icount counts all vCPUs.
work=(bash -c 'sleep 2; exec "$@"' settle bash /run/tmp/workload.sh "$data" "$rounds" "$execs" /run/tmp/true)

untraced() { sh -c 'echo $$ > "$0/cgroup.procs" && exec "$@"' "$cg2/bifrost-bench" "${work[@]}" | awk '/^elapsed/ {print $2}'; }
# The syscall path is the one the sidecar falls back to: per-syscall tracepoints.
bifrost() { "$tracer" learn --hooks "$([ "$1" = syscalls ] && echo tracepoints || echo "$1")" --format observations --output "$2" -- "${work[@]}" 2>>"$out/stats" | awk '/^elapsed/ {print $2}'; }
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

# Interleaved timed runs. The first of each path writes its observations (sorted JSON lines, one per observation),
# and OUT/match says whether both paths recorded the same.
learned() { jq -c '.[]' "$out/learned.$1" | sort > "$out/observations.$1"; }
untraced >/dev/null
: > "$out/runs"
for ((r = 1; r <= reps; r++)); do
  keep=/dev/null
  echo "untraced $(untraced)" >> "$out/runs"
  [ $r = 1 ] && keep=$out/learned.syscalls
  echo "syscalls $(bifrost syscalls "$keep")" >> "$out/runs"
  [ $r = 1 ] && keep=$out/learned.lsm
  echo "lsm $(bifrost lsm "$keep")" >> "$out/runs"
  if [ $r = 1 ]; then
    learned syscalls; learned lsm
    if [ -s "$out/observations.lsm" ] && cmp -s "$out/observations.syscalls" "$out/observations.lsm"; then
      echo "yes $(wc -l < "$out/observations.lsm")" > "$out/match"
    else
      echo "no $(wc -l < "$out/observations.lsm")" > "$out/match"
      diff "$out/observations.syscalls" "$out/observations.lsm" | head -20 >> "$out/match"
    fi
    echo "observations of both paths alike: $(head -1 "$out/match")"
  fi
  if [ $have_bpftrace = 1 ]; then echo "bpftrace $(bpftrace_run)" >> "$out/runs"; fi
  echo "rep $r/$reps: $(grep -c . "$out/runs") runs"
done

rm -rf "$data"
rmdir "$cg2/bifrost-bench" 2>/dev/null || true
