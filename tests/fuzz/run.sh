#!/usr/bin/env bash
# Fuzzes one target of tests/fuzz/Bifrost.Fuzz (or `all`) with afl-fuzz for SECONDS each, through SharpFuzz:
#   tests/fuzz/run.sh TARGET|all SECONDS
# Installs what it needs (Debian's afl++ when root, the sharpfuzz tool under artifacts/fuzz/tools), builds the
# driver (BIFROST_FUZZ_NO_BUILD=1 uses the build that is there), instruments a copy of it, starts from the corpus in
# tests/fuzz/corpus/TARGET (with the tokens in tests/fuzz/dict/TARGET.dict) and prints one line per target from afl's fuzzer_stats. Crashing and hanging inputs are
# copied to artifacts/fuzz/findings/TARGET/; any of them makes the exit status 1 (2: it could not run).
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ $# -ne 2 ] || ! [[ $2 =~ ^[0-9]+$ ]]; then
  echo "usage: tests/fuzz/run.sh TARGET|all SECONDS" >&2
  exit 2
fi
configuration=${CONFIGURATION:-Release}
targets=(admission tracer-record report audit profile)
[ "$1" = all ] || targets=("$1")
seconds=$2
root=$PWD
work=$root/artifacts/fuzz
tools=$work/tools
sharpfuzz_version=2.3.0

if ! command -v afl-fuzz >/dev/null 2>&1; then
  if [ "$(id -u)" != 0 ]; then
    echo "fuzz: afl-fuzz is missing; install the Debian package afl++ (apt-get install -y afl++)" >&2
    exit 2
  fi
  echo "fuzz: installing afl++"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq --no-install-recommends afl++ >/dev/null 2>&1 \
    || { apt-get update -qq && apt-get install -y -qq --no-install-recommends afl++ >/dev/null; }
fi
if [ ! -x "$tools/sharpfuzz" ]; then
  dotnet tool install SharpFuzz.CommandLine --version "$sharpfuzz_version" --tool-path "$tools" >/dev/null
fi

project=tests/fuzz/Bifrost.Fuzz
built=$project/bin/$configuration/net10.0
if [ "${BIFROST_FUZZ_NO_BUILD:-0}" != 1 ]; then
  dotnet build "$project" -c "$configuration" --nologo -v quiet >/dev/null
fi
[ -f "$built/Bifrost.Fuzz.dll" ] || { echo "fuzz: $built/Bifrost.Fuzz.dll is missing: build $project" >&2; exit 2; }

# SharpFuzz rewrites assemblies in place, so it works on a copy; the copy is made again only when the build changed.
# Bifrost's own assemblies are instrumented: afl sees the branches taken in them, not in the runtime or the driver.
instrumented=$work/bin
stamp=$(cd "$built" && sha256sum Bifrost.*.dll | sha256sum | cut -d' ' -f1)
if [ "$(cat "$instrumented/.stamp" 2>/dev/null)" != "$stamp" ]; then
  rm -rf "$instrumented"
  mkdir -p "$instrumented"
  cp -r "$built"/. "$instrumented"/
  for assembly in Bifrost.Core Bifrost.Tracing Bifrost.Webhook; do
    "$tools/sharpfuzz" "$instrumented/$assembly.dll" >/dev/null
  done
  echo "$stamp" >"$instrumented/.stamp"
fi

field() { sed -n "s/^$1 *: *//p" "$2" | head -1; }
status=0
for target in "${targets[@]}"; do
  corpus=tests/fuzz/corpus/$target
  [ -d "$corpus" ] || { echo "fuzz: no corpus $corpus (targets: all ${targets[*]})" >&2; exit 2; }
  out=$work/out/$target
  findings=$work/findings/$target
  rm -rf "$out" "$findings"
  mkdir -p "$out"
  dictionary=()
  [ -f "tests/fuzz/dict/$target.dict" ] && dictionary=(-x "tests/fuzz/dict/$target.dict")
  # Non-interactive (CI has no terminal), root in a container (no core_pattern or CPU governor to set), and a
  # shared machine: no core binding. The .NET runtime needs its own memory limit (-m none) and time to start.
  AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SKIP_BIN_CHECK=1 AFL_NO_AFFINITY=1 \
    AFL_FORKSRV_INIT_TMOUT=60000 \
    afl-fuzz -i "$corpus" -o "$out" "${dictionary[@]}" -V "$seconds" -m none -t "${BIFROST_FUZZ_TIMEOUT_MS:-5000}" \
    -- dotnet "$instrumented/Bifrost.Fuzz.dll" "$target" >"$out/afl.log" 2>&1 || {
    echo "fuzz: afl-fuzz failed on $target; the end of $out/afl.log:" >&2
    tail -20 "$out/afl.log" >&2
    exit 2
  }
  stats=$out/default/fuzzer_stats
  [ -f "$stats" ] || { echo "fuzz: afl-fuzz wrote no $stats" >&2; exit 2; }
  execs=$(field execs_done "$stats")
  rate=$(field execs_per_sec "$stats")
  paths=$(field corpus_count "$stats")
  crashes=$(field saved_crashes "$stats")
  hangs=$(field saved_hangs "$stats")
  echo "fuzz $target: $execs executions (${rate}/s), $paths paths, $crashes crashes, $hangs hangs in ${seconds}s"
  if [ "${crashes:-0}" != 0 ] || [ "${hangs:-0}" != 0 ]; then
    mkdir -p "$findings"
    for kind in crashes hangs; do
      for input in "$out"/default/$kind/id:*; do
        [ -f "$input" ] && cp "$input" "$findings/$kind-$(basename "$input" | cut -d, -f1 | tr : -)"
      done
    done
    echo "fuzz $target: inputs in $findings; replay one with: dotnet $built/Bifrost.Fuzz.dll $target FILE" >&2
    status=1
  fi
done
exit $status
