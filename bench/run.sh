#!/usr/bin/env bash
# `make bench`: every benchmark, each figure beside a baseline measured in the same run, ending in one Markdown table
# (figure, measured, baseline, ratio, goal, met) with the machine it ran on. Not part of `make test`.
# Everything is built once first. Then the parts whose figures do not follow this machine's clock run together: the
# kernel VM (guest time under -icount follows executed instructions) beside the scale model (a simulated clock; writes,
# bytes, heap) and the real programs (verdicts and counts). The parts timed in wall-clock time follow one at a time,
# on an otherwise idle machine. About 15 minutes on 2 cores.
# Each part's full output goes to artifacts/bench/bench.log; the table also to artifacts/bench/table.md.
# Needs root for the tracer parts. BENCH_ONLY="webhook intake" runs only the named parts (names below).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
out=$repo/artifacts/bench
mkdir -p "$out/rows"
rm -f "$out"/rows/*.psv
log=$out/bench.log
: >"$log"
source "$here/result.sh"
started=$SECONDS
failed=()

wanted() { [ -z "${BENCH_ONLY:-}" ] || [[ " $BENCH_ONLY " == *" $1 "* ]]; }

# part NAME TITLE COMMAND...: runs one part, its output to the log and the terminal, its rows to rows/NAME.psv, and
# times it.
part() {
  local name=$1 title=$2
  shift 2
  wanted "$name" || return 0
  local t0=$SECONDS
  echo "== $name: $title" | tee -a "$log"
  if ! BENCH_RESULTS=$out/rows/$name.psv "$@" 2>&1 | tee -a "$log"; then
    failed+=("$name")
    echo "bench: part $name failed (see $log)" | tee -a "$log"
  fi
  echo "-- $name: $((SECONDS - t0)) s" | tee -a "$log"
}

# beside NAME TITLE COMMAND...: starts a part in the background (its output kept in NAME.log until `joined`); only
# for parts whose figures do not depend on wall-clock time.
beside=()
beside() {
  local name=$1 title=$2
  shift 2
  wanted "$name" || return 0
  (
    t0=$SECONDS
    echo "== $name: $title (beside the others)"
    if BENCH_RESULTS=$out/rows/$name.psv "$@"; then status=0; else status=1; fi
    echo "-- $name: $((SECONDS - t0)) s"
    exit $status
  ) >"$out/$name.log" 2>&1 &
  beside+=("$name:$!")
  echo "== $name: started beside the others (output when it ends)"
}

joined() {
  local entry
  for entry in "${beside[@]}"; do
    if ! wait "${entry#*:}"; then failed+=("${entry%%:*}"); fi
    tee -a "$log" <"$out/${entry%%:*}.log"
  done
  beside=()
}

# One build of everything the parts run, so no part spends its time (or its neighbour's) in msbuild.
build() {
  set -e
  certs/generate.sh
  dotnet publish src/Bifrost.Webhook -c Release -o "$out/webhook" --nologo -v quiet
  dotnet build bench/Bifrost.Bench -c Release -o "$out/bench" --nologo -v quiet
  local project
  for project in src/Bifrost.Cli bench/Bifrost.Scale.Bench bench/Bifrost.Agent.Bench bench/Bifrost.AppArmor.Bench; do
    dotnet build "$project" -c Release --nologo -v quiet >/dev/null
  done
}
(cd "$repo" && build) 2>&1 | tail -n 3 | tee -a "$log"
[ "${PIPESTATUS[0]}" -eq 0 ] || { echo "bench: the build failed (see above)"; exit 1; }
echo "-- build: $((SECONDS - started)) s" | tee -a "$log"
export BENCH_BUILT=1 WEBHOOK_DIR=$out/webhook

# Rows for the parts whose programs print prose: read from their own output.
agent_rows() {
  local text
  text=$("$here/Bifrost.Agent.Bench/bin/Release/net10.0/Bifrost.Agent.Bench" 1000) || return 1
  echo "$text"
  local split parsed compiled spawn memory
  split=$(awk '/baseline string.Split/ {gsub(",", "", $3); print $3}' <<<"$text")
  parsed=$(awk '/AuditRecordParser/ {gsub(",", "", $2); print $2}' <<<"$text")
  [ -n "$parsed" ] && result "agent: audit records parsed" "$parsed/s" "$split/s (string.Split)" "$(ratio "$parsed" "$split")" "-" "-"
  compiled=$(awk '/profiles compiled/ {gsub(",", "", $3); print $3}' <<<"$text")
  spawn=$(awk '/baseline \/bin\/true/ {gsub(",", "", $3); print $3}' <<<"$text")
  [ -n "$compiled" ] && result "agent: profiles compiled (apparmor_parser)" "$compiled/s" "$spawn/s (/bin/true)" "$(ratio "$compiled" "$spawn")" "-" "-"
  memory=$(awk '/per 1,000 profiles/ {print $4}' <<<"$text")
  [ -n "$memory" ] && result "agent: memory per 1,000 profiles" "$memory MiB" "-" "-" "-" "-"
  return 0
}

generation_rows() {
  local text
  text=$("$here/Bifrost.AppArmor.Bench/bin/Release/net10.0/Bifrost.AppArmor.Bench") || return 1
  echo "$text"
  # The last row of the generation table is the largest input; its time is in the last column ("684 ms").
  local row observations ms
  row=$(grep -E '^\| [^|]+ \| [0-9,]+ \|' <<<"$text" | tail -1)
  observations=$(awk -F'|' '{gsub(/[ ,]/, "", $3); print $3}' <<<"$row")
  ms=$(awk -F'|' '{gsub(/[ ,]|ms/, "", $7); print $7}' <<<"$row")
  [ -n "$ms" ] && result "profile generation, $observations observations" "$ms ms" "-" "-" "< 1000 ms" "$(meets "$ms" "<" 1000)"
  return 0
}

merge_rows() {
  local text
  text=$("$out/bench/Bifrost.Bench" profiles) || return 1
  echo "$text"
  local merge cache
  merge=$(awk '/^merge:/ {print $2}' <<<"$text")
  cache=$(awk '/^cache:/ {print $2}' <<<"$text")
  [ -n "$merge" ] && result "merge cost per observation" "$merge ns" "-" "-" "-" "-"
  [ -n "$cache" ] && result "profiles cache per 10,000 profiles" "$cache MiB" "-" "-" "-" "-"
  return 0
}

beside vm "tracer in the kernel VM under QEMU -icount: untraced, syscall-tracepoint path, LSM-hook path, bpftrace (root, qemu)" \
  "$here/tracer/vm.sh"
part scale "scale model: 1,000 workloads and 15,000 pods against a stand-in API server, extrapolated x10" "$here/scale/run.sh"
part programs "real programs learned twice, replayed, probed and compiled (root; nginx, redis, python3)" \
  "$here/apparmor/real-programs.sh"
joined
part webhook "admission load: POST /mutate against a bare Kestrel endpoint over the same TLS" "$here/load/webhook.sh"
part limits "admission under abuse: 500 connections of 64 KB pods, slow clients, header floods, oversized bodies" \
  env DURATION="${LIMITS_DURATION:-20}" "$here/load/limits.sh"
part intake "intake: open loop at 5,000 reports/s, saturation and a burst of 1,000 tracers, each beside the intake of a baseline commit" "$here/load/intake.sh"
part agent "node agent: audit parsing, profile compilation, memory per 1,000 profiles" agent_rows
part generation "profile generation up to one million observations" generation_rows
part merge "learning: merge cost, cache memory" merge_rows
part tracer "tracer on this kernel: untraced vs Bifrost vs bpftrace, learn's return (root)" "$here/tracer/run.sh"

total=$((SECONDS - started))
{
  echo
  echo "make bench, $(date -u +%Y-%m-%d), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), Linux $(uname -r), .NET $(dotnet --version); $((total / 60)) min $((total % 60)) s"
  echo
  echo "| figure | measured | baseline (same run) | ratio | goal | met |"
  echo "|---|---|---|---|---|---|"
  for name in webhook limits intake scale agent generation merge tracer vm programs; do
    [ -f "$out/rows/$name.psv" ] && awk -F'|' '{ printf "| %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6 }' "$out/rows/$name.psv"
  done
  [ ${#failed[@]} -eq 0 ] || echo "parts that failed: ${failed[*]} (see $log)"
} | tee "$out/table.md"
[ ${#failed[@]} -eq 0 ]
