#!/usr/bin/env bash
# Tracer overhead on a kernel that allows fentry: one boot of the kernel VM (tests/vm/boot.sh) under QEMU's -icount,
# where the workload (workload.sh, smaller) runs untraced, under Bifrost's syscall-tracepoint path, under its
# LSM-hook path and under bpftrace (equivalent.bt), interleaved, REPS times each (bench/tracer/vm-inside.sh).
# Guest time follows executed instructions (one nanosecond each), so every figure here is an instruction-count
# proxy: all instructions the guest ran while the workload did (its own, the kernel's, the tracer's on the other
# vCPU), unaffected by load on this machine, but not cycles (no caches, no mitigations' real cost).
# Prints medians and spread (min-max) and result rows (bench/result.sh). Needs root and qemu; x86_64.
# TRACER=path/to/bifrost compares another build.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
source "$repo/bench/result.sh"
files=${FILES:-400}; rounds=${ROUNDS:-10}; execs=${EXECS:-30}; reps=${REPS:-3}
tracer=${TRACER:-$repo/src/Bifrost.Cli/bin/Release/net10.0/bifrost}
[ -n "${TRACER:-}${BENCH_BUILT:-}" ] || dotnet build "$repo/src/Bifrost.Cli" -c Release --nologo -v quiet >/dev/null
out=$(mktemp -d "$repo/artifacts/bench-vm.XXXXXX")
trap 'rm -rf "$out"' EXIT

status=0
BIFROST_VM_ICOUNT=${BIFROST_VM_ICOUNT:-shift=0,sleep=off} BIFROST_VM_TIMEOUT=${BIFROST_VM_TIMEOUT:-2400} \
  "$repo/tests/vm/boot.sh" "$here/vm-inside.sh" "$out" "$tracer" "$files" "$rounds" "$execs" "$reps" || status=$?
if [ $status -eq 2 ]; then
  echo "bench/tracer/vm: the kernel VM cannot run here; skipped" >&2
  exit 0
fi
[ -s "$out/runs" ] || { echo "bench/tracer/vm: the VM wrote no runs (status $status)" >&2; exit 1; }

# label -> median, min, max (guest seconds) and the runs in order.
stat_of() { awk -v l="$1" '$1 == l && $2 != "" {print $2}' "$out/runs" | sort -n | awk '{v[NR] = $1} END {if (NR) printf "%s %s %s\n", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2, v[1], v[NR]}'; }
runs_of() { awk -v l="$1" '$1 == l {printf "%s ", $2}' "$out/runs"; }
pct() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f\n", (a / b - 1) * 100 }'; }

echo "workload: $files files x $rounds rounds, $execs execs, 200 sockets; $reps interleaved runs each under -icount"
echo "(guest seconds = executed instructions / 1e9: an instruction-count proxy, not wall time); medians [min-max]"
read -r u umin umax < <(stat_of untraced)
printf '%-10s %8.4f s [%.4f-%.4f]  runs: %s\n' untraced "$u" "$umin" "$umax" "$(runs_of untraced)"
declare -A median
for label in syscalls lsm bpftrace; do
  line=$(stat_of $label)
  [ -n "$line" ] || { echo "$label: no runs"; continue; }
  read -r m lo hi <<< "$line"
  median[$label]=$m
  printf '%-10s %8.4f s [%.4f-%.4f] (%+.1f%%, spread %+.1f..%+.1f%%)  runs: %s\n' "$label" "$m" "$lo" "$hi" \
    "$(pct "$m" "$u")" "$(pct "$lo" "$u")" "$(pct "$hi" "$u")" "$(runs_of $label)"
done
grep -h 'bifrost learn:' "$out/stats" 2>/dev/null | tail -2 || true
read -r matched count < <(head -1 "$out/match" 2>/dev/null || echo "no 0")
echo "observations of the syscall and LSM paths on the same workload: $([ "$matched" = yes ] && echo "identical ($count)" || echo "differ")"
[ "$matched" = yes ] || tail -n +2 "$out/match"

if [ -n "${median[lsm]:-}" ]; then
  p=$(pct "${median[lsm]}" "$u")
  result "Tracer overhead, LSM-hook path (kernel VM, instruction-count proxy)" "${median[lsm]} s (+$p %)" "$u s untraced" "$(ratio "${median[lsm]}" "$u")" "< 3 %" "$(meets "$p" "<" 3)"
fi
if [ -n "${median[syscalls]:-}" ]; then
  result "Tracer overhead, syscall-tracepoint path (kernel VM, instruction-count proxy)" "${median[syscalls]} s (+$(pct "${median[syscalls]}" "$u") %)" "$u s untraced" "$(ratio "${median[syscalls]}" "$u")" "-" "-"
fi
if [ -n "${median[bpftrace]:-}" ]; then
  result "bpftrace overhead, equivalent program (kernel VM, instruction-count proxy)" "${median[bpftrace]} s (+$(pct "${median[bpftrace]}" "$u") %)" "$u s untraced" "$(ratio "${median[bpftrace]}" "$u")" "-" "-"
fi
result "LSM-hook and syscall-tracepoint paths record the same observations (kernel VM workload)" "$matched ($count observations)" "-" "-" "yes" "$([ "$matched" = yes ] && echo yes || echo no)"
