#!/usr/bin/env bash
# Every benchmark, each a ratio against a baseline measured in the same run. Not part of `make test`.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
echo "== Admission: mutation cost (BenchmarkDotNet; goals: typical pod < 100 us, 64 KB pod < 5 ms)"
dotnet run -c Release --project "$here/Bifrost.Bench" -- micro --filter '*MutationBenchmarks*' --job short
echo "== Admission: load on POST /mutate against a bare Kestrel endpoint over the same TLS"
"$here/load/webhook.sh"
echo "== Admission under abuse: 500 connections of 64 KB pods, slow clients, header floods, oversized bodies"
"$here/load/limits.sh"
echo "== Node agent: audit parsing, profile compilation with apparmor_parser -Q, memory per 1,000 profiles"
dotnet run -c Release --project "$here/Bifrost.Agent.Bench" -- 1000
echo "== AppArmor: generation time for up to one million observations, rules and bytes"
dotnet run -c Release --project "$here/Bifrost.AppArmor.Bench"
echo "== Tracer: overhead on a syscall-heavy workload, untraced vs Bifrost vs bpftrace (root)"
"$here/tracer/run.sh"
echo "== AppArmor: real programs learned twice, replayed, probed and compiled (root; nginx, redis, python3)"
"$here/apparmor/real-programs.sh"
echo "== Learning: merge cost per observation, cache memory per 10,000 profiles"
dotnet run -c Release --project "$here/Bifrost.Bench" -- profiles
echo "== Intake: 1,000 simulated tracers posting reports over TLS, and the write-ahead log draining"
"$here/load/intake.sh"
