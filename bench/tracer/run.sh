#!/usr/bin/env bash
# Tracer overhead, side by side in one run: untraced vs Bifrost vs bpftrace, on the same workload in the same
# kind of cgroup. Also: records/s with zero drops, tracer RSS and time to attach. Needs root; x86_64.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
files=${FILES:-2000}; rounds=${ROUNDS:-40}; execs=${EXECS:-300}; reps=${REPS:-3}
tracer="$repo/src/Bifrost.Cli/bin/Release/net10.0/bifrost"
[ "$(id -u)" = 0 ] || { echo "bench/tracer: needs root" >&2; exit 1; }
dotnet build "$repo/src/Bifrost.Cli" -c Release --nologo -v quiet >/dev/null
cg2=$(awk '$9 == "cgroup2" && $4 == "/" {print $5; exit}' /proc/self/mountinfo)
data=$(mktemp -d /tmp/bifrost-bench.XXXXXX); trap 'rm -rf "$data"; rmdir "$cg2/bifrost-bench" 2>/dev/null || true' EXIT
for ((i = 0; i < files; i++)); do echo "line $i" > "$data/f$i"; done
mkdir -p "$cg2/bifrost-bench"
cgid=$(stat -c %i "$cg2/bifrost-bench")

# Runs the workload inside the bench cgroup; prints seconds.
in_cgroup() {
  sh -c 'echo $$ > "$0/cgroup.procs" && exec "$@"' "$cg2/bifrost-bench" bash "$here/workload.sh" "$data" "$rounds" "$execs" | awk '/^elapsed/ {print $2}'
}
best() { sort -n | head -1; }

untraced() { for ((i = 0; i < reps; i++)); do in_cgroup; done | best; }

bifrost() {
  for ((i = 0; i < reps; i++)); do
    "$tracer" learn --format observations --output /dev/null -- bash "$here/workload.sh" "$data" "$rounds" "$execs" 2>"$data.stats" | awk '/^elapsed/ {print $2}'
  done | best
}

bpftrace_run() {
  for ((i = 0; i < reps; i++)); do
    bpftrace "$here/equivalent.bt" "$cgid" >/dev/null 2>&1 &
    local bt=$!
    for _ in $(seq 100); do bpftool prog show 2>/dev/null | grep -q sys_exit_socket && break; sleep 0.1; done
    sleep 0.5
    in_cgroup
    kill -INT $bt; wait $bt 2>/dev/null || true
  done | best
}

echo "workload: $files files x $rounds rounds, $execs execs, 200 sockets; best of $reps"
u=$(untraced); b=$(bifrost); t=$(bpftrace_run)
printf 'untraced   %6.3f s\n' "$u"
printf 'bifrost    %6.3f s  (%+.1f%%)\n' "$b" "$(echo "($b / $u - 1) * 100" | bc -l)"
printf 'bpftrace   %6.3f s  (%+.1f%%)\n' "$t" "$(echo "($t / $u - 1) * 100" | bc -l)"
cat "$data.stats"

# Records per second with zero drops: distinct files read in one burst (every open is a new record).
burst=$(mktemp -d /tmp/bifrost-burst.XXXXXX)
for ((i = 0; i < 20000; i++)); do : > "$burst/file-$i"; done
start=$(date +%s.%N)
"$tracer" learn --format observations --output /dev/null -- bash -c "cat $burst/* > /dev/null" 2>"$burst.stats"
end=$(date +%s.%N)
records=$(grep -o '[0-9]* kernel records' "$burst.stats" | awk '{print $1}')
dropped=$(grep -o '[0-9]* dropped' "$burst.stats" | awk '{print $1}')
attach=$(grep -o 'attached in [0-9]*' "$burst.stats" | awk '{print $3/1000}')
echo "burst: $records records, $dropped dropped, $(echo "$records / ($end - $start - $attach)" | bc) records/s end to end"
rm -rf "$burst" "$burst.stats"

# RSS and time to attach of the tracer while it traces a 3 s workload.
"$tracer" learn --format observations --output /dev/null -- bash -c "sleep 1; bash $here/workload.sh $data 5 100; sleep 1" 2>"$data.stats" &
lp=$!; sleep 2.5
rss=$(ps -o rss= -p "$(pgrep -P $lp -f 'Bifrost.Tracer' || echo $lp)" 2>/dev/null || ps -o rss= -p $lp)
wait $lp
echo "tracer RSS while tracing: $((rss / 1024)) MB; $(grep -o 'attached in [0-9]* ms' "$data.stats")"
