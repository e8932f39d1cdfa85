#!/usr/bin/env bash
# Development certificates for the webhook: a CA and a serving certificate for the in-cluster service names (the
# webhook's and the intake's, which routes to the leading replica), localhost and 127.0.0.1. Writes certs/out/{ca.crt,ca.key,tls.crt,tls.key}; does nothing when they exist,
# have an ECDSA P-256 key and are valid for at least another day (pass --force to make new ones).
# ECDSA P-256, as the self-managed and cert-manager certificates: the server signs every TLS handshake, and a P-256
# signature costs about a twelfth of an RSA-2048 one, which counts when a thousand tracers connect at once.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${BIFROST_CERTS_DIR:-$here/out}
service=${BIFROST_SERVICE:-bifrost-webhook}
intake=${BIFROST_INTAKE_SERVICE:-bifrost-intake}
namespace=${BIFROST_NAMESPACE:-bifrost-system}
days=${BIFROST_CERT_DAYS:-365}

if [ "${1:-}" != --force ] && [ -f "$out/tls.crt" ] && [ -f "$out/tls.key" ] \
   && openssl x509 -checkend 86400 -noout -in "$out/tls.crt" >/dev/null 2>&1 \
   && openssl pkey -in "$out/tls.key" -noout -text 2>/dev/null | grep -q 'prime256v1'; then
  exit 0
fi

command -v openssl >/dev/null || { echo "certs: openssl is missing (apt-get install openssl)" >&2; exit 1; }
mkdir -p "$out"
umask 077
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -sha256 -days "$days" \
  -subj "/CN=Bifrost development CA" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
  -keyout "$tmp/ca.key" -out "$tmp/ca.crt" 2>/dev/null

cat >"$tmp/ext.cnf" <<CNF
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth
subjectAltName=DNS:$service.$namespace.svc,DNS:$service.$namespace.svc.cluster.local,DNS:$service.$namespace,DNS:$intake.$namespace.svc,DNS:$intake.$namespace.svc.cluster.local,DNS:localhost,IP:127.0.0.1
CNF
openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -sha256 -subj "/CN=$service.$namespace.svc" \
  -keyout "$tmp/tls.key" -out "$tmp/tls.csr" 2>/dev/null
openssl x509 -req -sha256 -days "$days" -in "$tmp/tls.csr" -CA "$tmp/ca.crt" -CAkey "$tmp/ca.key" \
  -CAcreateserial -extfile "$tmp/ext.cnf" -out "$tmp/tls.crt" 2>/dev/null

# Replace the files last, so a running webhook never reads half a pair.
for f in ca.key ca.crt tls.key tls.crt; do mv -f "$tmp/$f" "$out/$f"; done
chmod 0644 "$out/ca.crt" "$out/tls.crt"
echo "certs: wrote $out (CA, and a serving certificate for $service.$namespace.svc, $intake.$namespace.svc, localhost, 127.0.0.1)"
