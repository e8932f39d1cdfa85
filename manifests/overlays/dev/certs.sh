#!/usr/bin/env bash
# Copies the development CA and serving certificate (made by certs/generate.sh, i.e. `make certs`) next to
# the dev overlay, so `kubectl apply -k manifests/overlays/dev` can build the TLS Secret and the caBundle.
# Usage: manifests/overlays/dev/certs.sh [CERTS_DIR]   (default: certs/out, generated when missing)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
source_dir=${1:-$repo/certs/out}

if [ $# -eq 0 ]; then
  "$repo/certs/generate.sh"
fi
for f in ca.crt tls.crt tls.key; do
  [ -s "$source_dir/$f" ] || { echo "dev overlay: $source_dir/$f is missing (run make certs)" >&2; exit 1; }
done

mkdir -p "$here/certs"
umask 077
cp "$source_dir/ca.crt" "$source_dir/tls.crt" "$source_dir/tls.key" "$here/certs/"
echo "dev overlay: copied the CA and serving certificate from $source_dir; now: kubectl apply -k manifests/overlays/dev"
