#!/usr/bin/env bash
# Runs SCRIPT (with ARGS) as root inside a QEMU VM on Debian's 6.12 kernel, where fentry, kprobes and AppArmor
# are allowed; the VM sees this machine's root over 9p, so the repository, its build and dotnet are the host's.
# Exits with the script's status; 2 (with one line on stderr) when the VM cannot be had here.
# Software emulation by default (BIFROST_VM_ACCEL=kvm where nested KVM works); the VM gets 2 CPUs and 6 GiB.
# BIFROST_VM_ICOUNT=shift=0,sleep=off (benchmarks only, bench/tracer/vm.sh) runs single-threaded emulation with
# QEMU's -icount: guest time then follows the instructions executed (shift=0: one nanosecond each), not the host's
# clock, so a timing inside the guest is an instruction count that other load on this machine does not disturb.
# Multi-threaded emulation now and then lets a vCPU run kernel code that was just patched (an int3 oops in
# cap_capable or at a tracepoint site); tests.sh and the pod scenarios boot again after a guest panic.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
script=$(realpath "${1:?usage: boot.sh SCRIPT [ARGS...]}")
shift
state=${BIFROST_VM_DIR:-$repo/artifacts/vm}
accel=${BIFROST_VM_ACCEL:-tcg,thread=multi}
limit=${BIFROST_VM_TIMEOUT:-1200}
icount=()
if [ -n "${BIFROST_VM_ICOUNT:-}" ]; then
  # -icount needs one emulation thread (QEMU refuses it with multi-threaded TCG).
  accel=tcg,thread=single
  icount=(-icount "$BIFROST_VM_ICOUNT")
fi

[ "$(id -u)" = 0 ] || { echo "kernel VM: needs root (the tests inside load eBPF programs and AppArmor profiles)" >&2; exit 2; }
command -v qemu-system-x86_64 >/dev/null || { echo "kernel VM: qemu-system-x86_64 is missing (apt-get install qemu-system-x86)" >&2; exit 2; }
[ "$(uname -m)" = x86_64 ] || { echo "kernel VM: runs amd64 kernels only" >&2; exit 2; }
read -r vmlinuz initrd < <("$here/kernel.sh" "$state/kernel") || exit 2
case "$repo$script$state" in *' '*) echo "kernel VM: paths with spaces cannot be passed on the kernel command line" >&2; exit 2 ;; esac

mkdir -p "$state"
run="$state/run.$$.sh"
status="$state/status.$$"
started="$state/started.$$"
console="$state/console-$(basename "$(dirname "$script")").log"
rm -f "$status" "$started"
trap 'rm -f "$run" "$status" "$started"' EXIT
{
  echo '#!/bin/bash'
  # Written first: a VM that stops without it never reached the script (a boot that failed), and is booted again.
  printf 'date > %q\n' "$started"
  echo '# Inside the VM, before the test script: what a node would have mounted.'
  echo 'mount -t tmpfs tmpfs /run'
  echo 'mount -t securityfs none /sys/kernel/security'
  echo 'mount -t tracefs none /sys/kernel/tracing'
  echo 'mount -t bpf none /sys/fs/bpf'
  echo 'mount -t cgroup2 none /sys/fs/cgroup'
  echo 'mount -t devpts devpts /dev/pts 2>/dev/null'
  echo 'ip link set lo up'
  echo 'mkdir -p /run/tmp'
  # /tmp stays the host's (a clone under /tmp must stay visible); scratch files go to the VM's own tmpfs.
  echo 'export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root TMPDIR=/run/tmp'
  echo 'export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_EnableDiagnostics=0 CI=${CI:-}'
  printf 'cd %q\n' "$repo"
  printf 'exec /bin/bash %q' "$script"
  printf ' %q' "$@"
  echo
} > "$run"
chmod +x "$run"

# The whole console, kernel messages included, is kept in $console; the terminal gets the script's output.
boot() {
  timeout "$limit" qemu-system-x86_64 -accel "$accel" "${icount[@]}" -cpu max -smp 2 -m 6144 -nographic -no-reboot -nic none \
    -kernel "$vmlinuz" -initrd "$initrd" \
    -append "console=ttyS0 quiet panic=-1 bifrost.run=$run bifrost.status=$status" \
    -virtfs local,path=/,mount_tag=host,security_model=passthrough,multidevs=remap,id=host </dev/null \
    | tee -a "$console" \
    | sed -u -e 's/\r$//' -e 's/\x1b\[[0-9;?]*[a-zA-Z]//g' -e 's/\x1bc//g' -e '/^\[ *[0-9]*\.[0-9]*\] /d' -e '/^SeaBIOS\|^iPXE\|^Press Ctrl-B\|^Booting from ROM\|^$/d' || true
}
: > "$console"
for attempt in 1 2; do
  boot
  [ -s "$status" ] && exit "$(cat "$status")"
  if [ -e "$started" ]; then
    echo "kernel VM: the VM stopped without the script's status (the script crashed, or the VM timed out after ${limit}s); console in $console" >&2
    exit 1
  fi
  echo "kernel VM: the VM stopped before it started the script (boot attempt $attempt; console in $console): $(grep -a -m1 -i 'panic\|error\|fail' "$console" | tr -d '\r' | cut -c1-200)" >&2
done
exit 1
