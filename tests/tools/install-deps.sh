#!/usr/bin/env bash
# Installs the Debian packages the tests use (real parts: clang and libbpf for the tracer, apparmor_parser,
# promtool, openssl, wrk, hey (drives /mutate while self-managed certificates rotate); rpm (rpm, rpmbuild) and sqlite3 write the real rpm databases the package reader is tested on;
# mmdebstrap builds the Debian root the relevancy test learns nginx in; python3 is the application `make demo` learns;
# QEMU, cpio and xz build and boot the kernel VM tier; runc, crun and containerd run the pod scenarios' containers
# there, tests/pods; afl++ fuzzes the parsers, tests/fuzz). Quiet when everything is present; needs root to install anything.
# `install-deps.sh bench` adds what `make bench` runs: nginx, redis and its benchmark for the real programs, bpftrace to
# compare the tracer with; their services are not started by the install.
set -euo pipefail

declare -A need=(
  [clang]=clang
  [llvm-strip]=llvm
  [bpftool]=bpftool
  [apparmor_parser]=apparmor
  [promtool]=prometheus
  [openssl]=openssl
  [wrk]=wrk
  [hey]=hey
  [jq]=jq
  [curl]=curl
  [python3]=python3
  [qemu-system-x86_64]=qemu-system-x86
  [cpio]=cpio
  [xz]=xz-utils
  [runc]=runc
  [crun]=crun
  [containerd]=containerd
  [rpmbuild]=rpm
  [mmdebstrap]=mmdebstrap
  [sqlite3]=sqlite3
  [afl-fuzz]=afl++
)
if [ "${1:-}" = bench ]; then
  need+=([nginx]=nginx-light [redis-server]=redis-server [redis-benchmark]=redis-tools [bpftrace]=bpftrace [ss]=iproute2 [bc]=bc)
fi
# libbpf's headers and the versioned shared library have no command to look for.
missing=()
for cmd in "${!need[@]}"; do
  command -v "$cmd" >/dev/null 2>&1 || [ -x "/usr/sbin/$cmd" ] || missing+=("${need[$cmd]}")
done
[ -f /usr/include/bpf/libbpf.h ] || missing+=(libbpf-dev)
# The pod scenarios' containers see only /usr of this machine: a python3 elsewhere (pyenv, /usr/local) is not enough.
[ -x /usr/bin/python3 ] || missing+=(python3)
ls /usr/lib/*/libbpf.so.1 >/dev/null 2>&1 || missing+=(libbpf1)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "install-deps: missing packages ${missing[*]}; run as root (or: sudo apt-get install -y ${missing[*]}). Tests that need them will skip." >&2
  exit 0
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# The bench's server packages would start their services (nginx on port 80): policy-rc.d forbids that meanwhile.
policy=
if [ "${1:-}" = bench ] && [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && policy=/usr/sbin/policy-rc.d
fi
trap '[ -z "$policy" ] || rm -f "$policy"' EXIT
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
