#!/usr/bin/env bash
# Syscall-heavy workload: opens/reads/closes FILES files ROUNDS times, execs EXECS short commands (PROGRAM, by
# default /bin/true), makes sockets.
set -euo pipefail
dir=${1:?data dir}; rounds=${2:-20}; execs=${3:-300}; program=${4:-/bin/true}
start=$EPOCHREALTIME
for ((r = 0; r < rounds; r++)); do
  for f in "$dir"/*; do read -r _ < "$f"; done
done
for ((i = 0; i < execs; i++)); do "$program"; done
for ((i = 0; i < 200; i++)); do exec 3<>/dev/udp/127.0.0.1/9; exec 3>&-; done
# The workload times itself, so tracer start-up and teardown are not counted: wall time, and the CPU time of this
# shell and its children (BPF programs run on the traced task's CPU time; other tasks on a busy machine's do not).
echo "elapsed $(echo "$EPOCHREALTIME - $start" | bc)"
times > "$dir.times"
echo "cpu $(awk '{for (i = 1; i <= NF; i++) {split($i, t, /[ms]/); s += t[1] * 60 + t[2]}} END {printf "%.3f", s}' "$dir.times")"
rm -f "$dir.times"
