#!/usr/bin/env bash
# Tracer overhead, side by side in one run: untraced vs Bifrost (its raw sys_exit hook, bifrost learn's default where
# fentry is refused, and its per-syscall tracepoints) vs bpftrace on the same workload, interleaved (untraced, raw,
# tracepoints, bpftrace, floor, untraced, ...) so that drift on a shared machine hits all alike; medians. Then: the kernel-side cost of each
# BPF program (bpf_stats), what being attached adds to a syscall nobody records, records/s with zero drops, tracer
# RSS, time to attach, how long detaching one link of each kind takes, and how soon `bifrost learn` returns after its
# command exits. Needs root; x86_64; about 4 minutes. TRACER=path/to/bifrost compares another build.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
source "$repo/bench/result.sh"
files=${FILES:-2000}; rounds=${ROUNDS:-20}; execs=${EXECS:-300}; reps=${REPS:-5}
tracer=${TRACER:-$repo/src/Bifrost.Cli/bin/Release/net10.0/bifrost}
[ "$(id -u)" = 0 ] || { echo "bench/tracer: needs root" >&2; exit 1; }
[ -n "${TRACER:-}${BENCH_BUILT:-}" ] || dotnet build "$repo/src/Bifrost.Cli" -c Release --nologo -v quiet >/dev/null
# bpftrace (and Bifrost's per-syscall tracepoints) find tracepoint ids in tracefs.
[ -e /sys/kernel/tracing/events ] || mount -t tracefs nodev /sys/kernel/tracing
cg2=$(awk '$9 == "cgroup2" {print $5; exit}' /proc/self/mountinfo)
data=$(mktemp -d /tmp/bifrost-bench.XXXXXX)
stats_before=$(sysctl -n kernel.bpf_stats_enabled)
trap 'rm -rf "$data" "$data".*; rmdir "$cg2/bifrost-bench" 2>/dev/null || true; sysctl -qw kernel.bpf_stats_enabled="$stats_before"' EXIT
for ((i = 0; i < files; i++)); do echo "line $i" > "$data/f$i"; done
mkdir -p "$cg2/bifrost-bench"
cgid=$(stat -c %i "$cg2/bifrost-bench")
work=(bash "$here/workload.sh" "$data" "$rounds" "$execs")

# Each prints the workload's own elapsed and CPU seconds (tracer start-up and teardown are not counted).
figures='/^elapsed/ {e = $2} /^cpu/ {c = $2} END {print e, c}'
untraced() { sh -c 'echo $$ > "$0/cgroup.procs" && exec "$@"' "$cg2/bifrost-bench" "${work[@]}" | awk "$figures"; }
bifrost() { "$tracer" learn --hooks raw --format observations --output /dev/null -- "${work[@]}" 2>"$data.stats" | awk "$figures"; }
bifrost_tp() { "$tracer" learn --hooks tracepoints --format observations --output /dev/null -- "${work[@]}" 2>/dev/null | awk "$figures"; }
bpftrace_run() {
  bpftrace "$here/equivalent.bt" "$cgid" >/dev/null 2>&1 &
  local bt=$!
  for _ in $(seq 100); do bpftool prog show 2>/dev/null | grep -q sys_exit_socket && break; sleep 0.1; done
  untraced
  kill -INT $bt; wait $bt 2>/dev/null || true
}
# The floor under any tracer built on syscall tracepoints: one empty program on a syscall the workload never
# makes. Attaching it turns on the kernel's syscall-tracing slow path for every syscall of every task.
floor_run() {
  bpftrace -e 'tracepoint:syscalls:sys_exit_setuid { }' >/dev/null 2>&1 &
  local bt=$!
  for _ in $(seq 100); do bpftool prog show 2>/dev/null | grep -q sys_exit_setuid && break; sleep 0.1; done
  untraced
  kill -INT $bt; wait $bt 2>/dev/null || true
}
median() { sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
pct() { echo "($1 / $2 - 1) * 100" | bc -l; }

echo "workload: $files files x $rounds rounds, $execs execs, 200 sockets; $reps interleaved runs each, medians"
: > "$data.u"; : > "$data.b"; : > "$data.p"; : > "$data.t"; : > "$data.f"
for ((i = 0; i < reps; i++)); do
  untraced >> "$data.u"; bifrost >> "$data.b"; bifrost_tp >> "$data.p"; bpftrace_run >> "$data.t"; floor_run >> "$data.f"
done
col() { cut -d' ' -f"$1" < "$2" | median; }
runs() { cut -d' ' -f"$1" < "$2" | tr '\n' ' '; }
u=$(col 1 "$data.u"); b=$(col 1 "$data.b"); p=$(col 1 "$data.p"); t=$(col 1 "$data.t"); f=$(col 1 "$data.f")
uc=$(col 2 "$data.u"); rc=$(col 2 "$data.b"); pc=$(col 2 "$data.p"); tc=$(col 2 "$data.t"); fc=$(col 2 "$data.f")
line() { printf '%-20s %6.3f s (%+6.1f%%)   CPU %6.3f s (%+6.1f%%)  %s; wall: %s\n' "$1" "$2" "$(pct "$2" "$u")" "$3" "$(pct "$3" "$uc")" "$4" "$(runs 1 "$5")"; }
line untraced "$u" "$uc" "" "$data.u"
line floor "$f" "$fc" "one empty syscall tracepoint" "$data.f"
line "bifrost raw" "$b" "$rc" "sys_exit on every syscall" "$data.b"
line "bifrost tracepoints" "$p" "$pc" "per-syscall tracepoints" "$data.p"
line bpftrace "$t" "$tc" "" "$data.t"
cat "$data.stats"
# Wall time is the figure; on a machine shared with other work the workload's CPU time (which includes the BPF
# programs it runs) is steadier and is reported beside it.
overhead() {
  result "tracer: syscall-heavy workload, $1 (median of $reps interleaved)" "$2 s" "$u s untraced" "$(ratio "$2" "$u")" "$4" "$5"
  result "tracer: the same, the workload's CPU time" "$3 s" "$uc s untraced" "$(ratio "$3" "$uc")" "$4" "$6"
}
overhead "Bifrost raw sys_exit hook (learn's default where fentry is refused)" "$b" "$rc" "< 1.05x" "$(meets "$b" "<" "$(echo "$u * 1.05" | bc -l)")" "$(meets "$rc" "<" "$(echo "$uc * 1.05" | bc -l)")"
overhead "Bifrost per-syscall tracepoints (the sidecar's where fentry is refused)" "$p" "$pc" "< 1.05x" "$(meets "$p" "<" "$(echo "$u * 1.05" | bc -l)")" "$(meets "$pc" "<" "$(echo "$uc * 1.05" | bc -l)")"
overhead "bpftrace, same hooks" "$t" "$tc" "-" "-" "-"
overhead "floor: one empty syscall tracepoint" "$f" "$fc" "-" "-" "-"

# Kernel-side cost per BPF program (far less noisy than wall time): run_time_ns / run_cnt while each traces
# the workload once. The counts include every task on the machine that hits the same hooks.
sysctl -qw kernel.bpf_stats_enabled=1
progs() { jq -r '.[] | select((.run_cnt // 0) > 0) | "  \(.name)  \(.run_cnt) runs, \(.run_time_ns / .run_cnt | floor) ns/run, \(.run_time_ns / 1000000 * 10 | floor / 10) ms"' "$1"; }
dump="bpftool prog show -j > $data.progs"
"$tracer" learn --hooks raw --format observations --output /dev/null -- bash -c "${work[*]} >/dev/null; $dump" 2>/dev/null
echo "bifrost programs (raw):"; progs "$data.progs"
"$tracer" learn --hooks tracepoints --format observations --output /dev/null -- bash -c "${work[*]} >/dev/null; $dump" 2>/dev/null
echo "bifrost programs (per-syscall tracepoints):"; progs "$data.progs"
bpftrace "$here/equivalent.bt" "$cgid" >/dev/null 2>&1 &
bt=$!
for _ in $(seq 100); do bpftool prog show 2>/dev/null | grep -q sys_exit_socket && break; sleep 0.1; done
sh -c 'echo $$ > "$0/cgroup.procs" && exec "$@"' "$cg2/bifrost-bench" bash -c "${work[*]} >/dev/null; $dump"
kill -INT $bt; wait $bt 2>/dev/null || true
echo "bpftrace programs:"; progs "$data.progs"
sysctl -qw kernel.bpf_stats_enabled="$stats_before"

# What being attached adds to a syscall nobody records (most of a busy application's syscalls).
clang -O2 -o "$data.syscall" "$here/syscall.c"
bare=$("$data.syscall")
withb=$("$tracer" learn --hooks raw --format observations --output /dev/null -- "$data.syscall" 2>/dev/null)
withp=$("$tracer" learn --hooks tracepoints --format observations --output /dev/null -- "$data.syscall" 2>/dev/null)
bpftrace "$here/equivalent.bt" "$cgid" >/dev/null 2>&1 &
bt=$!
for _ in $(seq 100); do bpftool prog show 2>/dev/null | grep -q sys_exit_socket && break; sleep 0.1; done
witht=$("$data.syscall")
kill -INT $bt; wait $bt 2>/dev/null || true
printf 'untraced getppid: %.1f ns; with bifrost raw %+.1f ns, per-syscall tracepoints %+.1f ns; with bpftrace %+.1f ns\n' \
  "$bare" "$(echo "$withb - $bare" | bc -l)" "$(echo "$withp - $bare" | bc -l)" "$(echo "$witht - $bare" | bc -l)"
added() { result "tracer: cost added to a syscall nobody records (getppid), $1" "$(printf '%+.1f ns' "$(echo "$2 - $bare" | bc -l)")" "$bare ns untraced" "$(ratio "$2" "$bare")" "-" "-"; }
added "Bifrost raw" "$withb"; added "Bifrost per-syscall tracepoints" "$withp"; added "bpftrace" "$witht"

# Records per second with zero drops: distinct files read in one burst (every open is a new record). The rate is
# over the burst itself; end to end adds start-up (load, attach) and teardown (detach, final drain).
burst=$(mktemp -d /tmp/bifrost-burst.XXXXXX)
for ((i = 0; i < 20000; i++)); do : > "$burst/file-$i"; done
start=$(date +%s.%N)
inner=$("$tracer" learn --hooks raw --format observations --output /dev/null -- \
  bash -c "s=\$EPOCHREALTIME; cat $burst/* > /dev/null; echo \"\$EPOCHREALTIME - \$s\" | bc" 2>"$burst.stats")
end=$(date +%s.%N)
records=$(grep -o '[0-9]* kernel records' "$burst.stats" | awk '{print $1}')
dropped=$(grep -o '[0-9]* dropped' "$burst.stats" | awk '{print $1}')
printf 'burst: %s records, %s dropped, %.0f records/s during the burst (%.2f s), %.2f s end to end\n' \
  "$records" "$dropped" "$(echo "$records / $inner" | bc -l)" "$inner" "$(echo "$end - $start" | bc -l)"
rm -rf "$burst" "$burst.stats"

# Peak RSS (VmHWM) and time to attach of the tracer while it traces the workload.
"$tracer" learn --hooks raw --format observations --output /dev/null -- bash -c "sleep 1; ${work[*]} >/dev/null; sleep 1" 2>"$data.stats" &
lp=$!; hwm=0
while kill -0 $lp 2>/dev/null; do
  h=$(awk '/^VmHWM/ {print $2}' /proc/$lp/status 2>/dev/null || echo 0)
  [ "${h:-0}" -gt "$hwm" ] && hwm=$h
  sleep 0.2
done
wait $lp || true
echo "tracer peak RSS while tracing: $((hwm / 1024)) MB; $(grep -o 'attached in [0-9]* ms' "$data.stats")"

# How long detaching one link takes, per kind: what `bifrost learn` waits for once its command has exited.
mkdir -p "$data.inc" && bpftool btf dump file /sys/kernel/btf/vmlinux format c > "$data.inc/vmlinux.h"
clang -g -O2 -target bpf -D__TARGET_ARCH_x86 -I"$data.inc" -c "$here/detach.bpf.c" -o "$data.detach.o"
cc -O2 -o "$data.detach" "$here/detach.c" -lbpf -lpthread
"$data.detach" "$data.detach.o" /sys/kernel/tracing > "$data.detached"
read -r _ n_tp per_tp per_link per_event < <(grep '^perf-tracepoint ' "$data.detached")
read -r _ _ all_tp < <(grep '^perf-tracepoint-parallel ' "$data.detached")
read -r _ n_raw per_raw < <(grep '^tp_btf ' "$data.detached")
echo "detaching: a syscall tracepoint (perf event) link $per_tp ms (the BPF link $per_link ms, the perf event $per_event ms; $n_tp one after another), all $n_tp at once from as many threads $all_tp ms; a tp_btf link $per_raw ms ($n_raw)"
result "tracer: detaching one syscall tracepoint link (perf event; $n_tp one after another)" "$per_tp ms" "$per_raw ms a tp_btf link" "$(ratio "$per_tp" "$per_raw")" "-" "-"
result "tracer: detaching $n_tp syscall tracepoint links at once ($n_tp threads)" "$all_tp ms" "-" "-" "-" "-"

# How long `bifrost learn` takes to return after its command exits (detaching every program), against `sh` alone.
exit_ms() { local t0; "$@" sh -c 'date +%s%N > "$0"' "$data.t0" 2>/dev/null; echo $(( ($(date +%s%N) - $(cat "$data.t0")) / 1000000 )); }
median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
learned=(); traced=(); plain=()
for ((r = 0; r < 5; r++)); do
  plain+=("$(exit_ms env)")
  learned+=("$(exit_ms "$tracer" learn --hooks raw --format observations --output /dev/null --)")
  traced+=("$(exit_ms "$tracer" learn --hooks tracepoints --format observations --output /dev/null --)")
done
lm=$(printf '%s\n' "${learned[@]}" | median); tm=$(printf '%s\n' "${traced[@]}" | median); pm=$(printf '%s\n' "${plain[@]}" | median)
printf 'learn returns %s ms after its command exits (raw hooks, median of 5: %s); %s ms with per-syscall tracepoints (%s); the command alone %s ms\n' \
  "$lm" "${learned[*]}" "$tm" "${traced[*]}" "$pm"
result "bifrost learn: return after its command exits, --hooks raw (median of 5)" "$lm ms" "$pm ms the command alone" "$(ratio "$lm" "$pm")" "< 300 ms" "$(meets "$lm" "<" 300)"
result "bifrost learn: return after its command exits, --hooks tracepoints (median of 5)" "$tm ms" "$pm ms the command alone" "$(ratio "$tm" "$pm")" "< 300 ms" "$(meets "$tm" "<" 300)"
