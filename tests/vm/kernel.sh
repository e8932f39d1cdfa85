#!/usr/bin/env bash
# Prepares what tests/vm/boot.sh boots: Debian's 6.12 kernel (BTF; fentry, kprobes, BPF LSM and AppArmor all
# allowed, no lockdown) and a small initramfs that mounts the host's root over 9p. Cached under DIR; prints
# "VMLINUZ INITRD" on success, or one line saying what is missing on stderr and exits 2.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dir=${1:?usage: kernel.sh DIR}
meta=${BIFROST_VM_KERNEL:-linux-image-6.12-amd64}
mkdir -p "$dir"
cd "$dir"

missing() { echo "kernel VM: $*" >&2; exit 2; }
command -v apt-get >/dev/null || missing "needs apt-get to fetch Debian's kernel package"
command -v cpio >/dev/null || missing "needs cpio (apt-get install cpio)"
command -v xz >/dev/null || missing "needs xz (apt-get install xz-utils)"

# The meta package names the newest kernel; fall back to whatever kernel was fetched before (offline runs).
package=$(apt-cache depends --important "$meta" 2>/dev/null | awk '/Depends: linux-image-/ {print $2; exit}')
if [ -z "$package" ] && [ "$(id -u)" = 0 ]; then
  apt-get update -qq >/dev/null 2>&1 || true
  package=$(apt-cache depends --important "$meta" 2>/dev/null | awk '/Depends: linux-image-/ {print $2; exit}')
fi
if [ -z "$package" ]; then
  package=$(cat current 2>/dev/null || true)
  [ -n "$package" ] || missing "apt knows no package $meta (is a Debian 12 source with bookworm-updates configured?)"
fi
fetch() {
  [ -n "$(ls "$1"_*.deb 2>/dev/null)" ] && return 0
  # apt's sandbox user cannot write here; the download then simply runs as root.
  apt-get download "$1" >/dev/null 2>&1 || missing "could not download the Debian package $1"
}

# The initramfs is rebuilt whenever init changes.
stamp=$(sha256sum "$here/init" "$here/kernel.sh" | sha256sum | cut -c1-16)
if [ "$(cat "$package/ready" 2>/dev/null)" != "$stamp" ]; then
  fetch "$package"
  fetch busybox-static
  rm -rf "$package" initrd
  mkdir -p "$package" initrd/bin initrd/m initrd/proc initrd/sys initrd/dev initrd/newroot
  dpkg-deb -x "$(ls "$package"_*.deb | head -1)" "$package/root"
  dpkg-deb -x "$(ls busybox-static_*.deb | head -1)" initrd/busybox-pkg
  mv initrd/busybox-pkg/bin/busybox initrd/bin/busybox
  rm -rf initrd/busybox-pkg
  release=$(ls "$package/root/lib/modules")
  # 9p is built as modules on Debian: the four of them, in load order.
  for m in fs/netfs/netfs net/9p/9pnet net/9p/9pnet_virtio fs/9p/9p; do
    xz -dc "$package/root/lib/modules/$release/kernel/$m.ko.xz" > "initrd/m/$(basename "$m").ko"
  done
  cp "$here/init" initrd/init
  chmod +x initrd/init
  (cd initrd && find . | cpio -o -H newc --quiet | gzip -1 > "../$package/initrd.gz")
  cp "$package/root/boot/vmlinuz-$release" "$package/vmlinuz"
  rm -rf "$package/root" initrd
  echo "$stamp" > "$package/ready"
  echo "$package" > current
  # Older kernels' packages are not needed again.
  find . -maxdepth 1 -name 'linux-image-*.deb' ! -name "${package}_*" -delete
fi
echo "$dir/$package/vmlinuz $dir/$package/initrd.gz"
