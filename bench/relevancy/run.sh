#!/usr/bin/env bash
# CVE relevancy on real data, printed as one Markdown table (`make relevancy`):
# - Debian 12 root filesystems built with mmdebstrap (nginx-light, redis-server, python3), each server learned inside
#   its root with `bifrost learn --root` while traffic from the host drives it, and `bifrost vex --packages` counting
#   the packages installed and used. No scanner runs here, so these rows have no findings.
# - kubevuln's fixtures (../shared/data/relevancy: Grype reports on nginx/Debian 9 and alpine 3.17.2) through
#   `bifrost vex`: findings, unique IDs and Critical+High unique IDs before -> after.
# Roots are cached under artifacts/relevancy/ and reused (delete a directory to rebuild it); /proc and /dev are bound
# into a root only while its server runs and unmounted on exit. Every step is bounded in time.
# Needs root, BTF, mmdebstrap, curl and http://deb.debian.org (only to build a root that is not cached).
# Environment: NGINX_PORT REDIS_PORT PYTHON_PORT (default 18580 18579 18581), DEBIAN_MIRROR, RELEVANCY_DATA
# (default ../shared/data/relevancy beside the repository), KEEP=1 keeps the work directory.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
bifrost="$repo/src/Bifrost.Cli/bin/Release/net10.0/bifrost"
cache="$repo/artifacts/relevancy"
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
data=${RELEVANCY_DATA:-$(cd "$repo/.." && pwd)/shared/data/relevancy}
nginx_port=${NGINX_PORT:-18580}; redis_port=${REDIS_PORT:-18579}; python_port=${PYTHON_PORT:-18581}

say() { echo "relevancy: $*" >&2; }
[ "$(id -u)" = 0 ] || { say "needs root (the tracer loads eBPF programs; mmdebstrap and the bind mounts need it too)"; exit 1; }
for tool in mmdebstrap curl mountpoint; do
  command -v "$tool" >/dev/null || { say "needs $tool on PATH (apt-get install mmdebstrap curl util-linux)"; exit 1; }
done

dotnet build "$repo/src/Bifrost.Cli" -c Release --nologo -v quiet >/dev/null
mkdir -p "$cache"
work=$(mktemp -d /tmp/bifrost-relevancy.XXXXXX)
learner=""
mounted=()
cleanup() {
  # Only the learn run this script started, and the server it runs, are stopped; only its own mounts are undone.
  if [ -n "$learner" ] && kill -0 "$learner" 2>/dev/null; then
    pkill -KILL -P "$learner" 2>/dev/null || true
    kill -TERM "$learner" 2>/dev/null || true
    wait "$learner" 2>/dev/null || true
  fi
  local i
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do
    mountpoint -q "${mounted[i]}" && { umount "${mounted[i]}" || umount -l "${mounted[i]}"; }
  done
  mounted=()
  [ "${KEEP:-0}" = 1 ] && say "work directory kept: $work" || rm -rf "$work"
}
trap cleanup EXIT

# root NAME PACKAGES: a Debian 12 minbase root with PACKAGES, built once; NAME.built holds the day it was built.
root() {
  local name=$1 packages=$2 dir="$cache/$1"
  if [ ! -f "$cache/$name.built" ] || [ ! -d "$dir" ]; then
    # A run killed before its cleanup can leave /proc or /dev bound inside a root: never delete through a mount.
    if awk -v a="$dir/" -v b="$dir.tmp/" 'index($2, a) == 1 || index($2, b) == 1 { found = 1 } END { exit !found }' /proc/self/mounts; then
      say "something is still mounted under $dir (see /proc/self/mounts); unmount it before the root is rebuilt"
      exit 1
    fi
    rm -rf --one-file-system "$dir" "$dir.tmp" "$cache/$name.built"
    say "building $dir (mmdebstrap bookworm, minbase + $packages)"
    if ! timeout 600 mmdebstrap --quiet --variant=minbase --include="$packages" bookworm "$dir.tmp" "$mirror" >&2; then
      # mmdebstrap leaves /proc, /sys and /dev/* mounted in its root when it fails: undone, deepest first.
      awk -v a="$dir.tmp/" 'index($2, a) == 1 { print length($2), $2 }' /proc/self/mounts | sort -rn | cut -d' ' -f2- |
        while read -r m; do umount "$m" 2>/dev/null || umount -l "$m"; done
      say "mmdebstrap could not build $dir (see above)"
      exit 1
    fi
    mv "$dir.tmp" "$dir"
    date -u +%F >"$cache/$name.built"
  fi
}

bind_into() {
  local dir
  for dir in proc dev; do
    mount --bind "/$dir" "$1/$dir"
    mounted+=("$1/$dir")
  done
}

# learn NAME ROOT READY SIGNAL -- SERVER ARGS: runs SERVER inside ROOT under the tracer, waits (<= 20 s) until READY
# succeeds, runs the function drive_NAME, sends SIGNAL to the server and waits (<= 20 s) for the learn run to end.
# The server is bifrost's only child (the shells before it exec). Writes $work/NAME.obs and NAME.seconds.
learn() {
  local name=$1 dir=$2 ready=$3 signal=$4; shift 5
  local out="$work/$name.obs" started ended i
  bind_into "$dir"
  started=$(date +%s.%N)
  "$bifrost" learn --root "$dir" --container "$name" --format observations -o "$out" -- "$@" >"$out.log" 2>&1 &
  learner=$!
  for ((i = 0; i < 200; i++)); do
    kill -0 "$learner" 2>/dev/null || { say "$name exited before it was ready:"; cat "$out.log" >&2; return 1; }
    eval "$ready" >/dev/null 2>&1 && break
    sleep 0.1
  done
  ((i < 200)) || { say "$name not ready after 20 s"; cat "$out.log" >&2; return 1; }
  "drive_$name" >"$out.traffic" 2>&1 || { say "$name: the traffic failed:"; cat "$out.traffic" >&2; return 1; }
  pkill "-$signal" -P "$learner" || true
  for ((i = 0; i < 200; i++)); do
    kill -0 "$learner" 2>/dev/null || break
    sleep 0.1
  done
  ((i < 200)) || { say "$name did not stop within 20 s of SIG$signal"; return 1; }
  wait "$learner" || true
  learner=""
  ended=$(date +%s.%N)
  cleanup_mounts
  [ -s "$out" ] || { say "$name: nothing learned:"; cat "$out.log" >&2; return 1; }
  # Packages are judged unused from what was seen, so a run that lost events proves nothing: stop rather than print it.
  grep -q '^bifrost learn: [0-9]* observations, [0-9]* kernel records, 0 dropped, ' "$out.log" \
    || { say "$name: the learn run dropped events or was partial:"; cat "$out.log" >&2; return 1; }
  sed -nE 's/^bifrost learn: ([0-9]+) observations, .*/\1/p' "$out.log" >"$work/$name.observations"
  awk -v a="$started" -v b="$ended" 'BEGIN { printf "%.1f", b - a }' >"$work/$name.seconds"
}

cleanup_mounts() {
  local i
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount "${mounted[i]}"; done
  mounted=()
}

port_free() { ! (exec 9<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

nginx_traffic="20 GETs of / (the default page), a GET that is a 404 and a HEAD, with curl"
drive_nginx() {
  local i
  for ((i = 0; i < 20; i++)); do curl -fsS -o /dev/null "http://127.0.0.1:$nginx_port/"; done
  [ "$(curl -sS -o /dev/null -w '%{http_code}' "http://127.0.0.1:$nginx_port/missing")" = 404 ]
  curl -fsS -I "http://127.0.0.1:$nginx_port/"
}

redis_traffic="one connection: PING, SET, GET, INCR twice, DEL, QUIT (inline commands over bash's /dev/tcp)"
drive_redis() {
  local reply
  exec 8<>"/dev/tcp/127.0.0.1/$redis_port"
  printf 'PING\r\nSET bifrost relevancy\r\nGET bifrost\r\nINCR hits\r\nINCR hits\r\nDEL bifrost hits\r\nQUIT\r\n' >&8
  reply=$(timeout 10 cat <&8)
  exec 8<&-
  echo "$reply"
  grep -q '^+PONG' <<<"$reply" && grep -q '^relevancy' <<<"$reply" && grep -q '^:2' <<<"$reply"
}

python_traffic="10 GETs of / (a directory listing of /usr/share/doc), a GET of a file and one that is a 404, with curl"
drive_python() {
  local i
  for ((i = 0; i < 10; i++)); do curl -fsS -o /dev/null "http://127.0.0.1:$python_port/"; done
  curl -fsS -o /dev/null "http://127.0.0.1:$python_port/python3/copyright"
  [ "$(curl -sS -o /dev/null -w '%{http_code}' "http://127.0.0.1:$python_port/missing")" = 404 ]
}

for port in "$nginx_port" "$redis_port" "$python_port"; do
  port_free "$port" || { say "127.0.0.1:$port is in use; set NGINX_PORT, REDIS_PORT or PYTHON_PORT"; exit 1; }
done

root nginx nginx-light
root redis redis-server
root python python3

# nginx as Debian configures it, but on its own port; the change is made in the cached root on every run.
sed -Ei "s/listen (\[::\]:)?[0-9]+ default_server/listen \1$nginx_port default_server/" "$cache/nginx/etc/nginx/sites-available/default"
say "learning nginx, redis-server and python3 -m http.server inside their roots"
learn nginx "$cache/nginx" "curl -fsS -o /dev/null http://127.0.0.1:$nginx_port/" QUIT -- /usr/sbin/nginx -g 'daemon off;'
learn redis "$cache/redis" "(exec 9<>/dev/tcp/127.0.0.1/$redis_port)" TERM -- \
  /usr/bin/redis-server /etc/redis/redis.conf --port "$redis_port" --bind 127.0.0.1 --daemonize no --supervised no --logfile ''
learn python "$cache/python" "curl -fsS -o /dev/null http://127.0.0.1:$python_port/" TERM -- \
  /usr/bin/python3 -m http.server "$python_port" --bind 127.0.0.1 --directory /usr/share/doc

# packages NAME: "installed|used|used names" from bifrost vex --packages on the root and what was learned in it.
packages() {
  "$bifrost" vex --packages --rootfs "$cache/$1" --seen "$work/$1.obs" >"$work/$1.packages" 2>"$work/$1.packages.log" \
    || { cat "$work/$1.packages.log" >&2; return 1; }
  # Packages that cannot be judged (code seen that no package owns) are named beside the used count, never hidden.
  printf '%s|%s%s|%s' "$(wc -l <"$work/$1.packages")" "$(grep -c '^used' "$work/$1.packages")" \
    "$(awk '$1 == "unknown" { n++ } END { if (n) printf " (%d unknown)", n }' "$work/$1.packages")" \
    "$(awk -F'\t' '$1 == "used" { printf "%s%s", sep, $2; sep = ", " }' "$work/$1.packages")"
}

# figures REPORT_SUMMARY: "findings|unique IDs|Critical+High unique IDs|report packages used|report packages" from vex's summary line.
figures() {
  sed -nE 's/.*findings ([0-9]+) -> ([0-9]+), unique IDs ([0-9]+) -> ([0-9]+), Critical\+High unique IDs ([0-9]+) -> ([0-9]+); report packages: ([0-9]+) used, ([0-9]+) not used, ([0-9]+) unknown.*/\1 → \2|\3 → \4|\5 → \6|\7|\7 \8 \9/p' "$1" |
    awk -F'|' '{ split($5, n, " "); printf "%s|%s|%s|%s|%d", $1, $2, $3, $4, n[1] + n[2] + n[3] }'
}

nginx9="$repo/tests/Bifrost.Core.Tests/Relevancy/Images/nginx-debian9"
[ -f "$data/nginx-cve.json" ] && [ -f "$data/alpine-cve.json" ] || { say "the kubevuln fixtures are absent from $data (set RELEVANCY_DATA)"; exit 1; }
"$bifrost" vex --report "$data/nginx-cve.json" --rootfs "$nginx9" --seen "$data/nginx-ap.json" -o /dev/null 2>"$work/nginx9.log" \
  || { cat "$work/nginx9.log" >&2; exit 1; }
printf '/bin/busybox\n' >"$work/alpine.seen"
"$bifrost" vex --report "$data/alpine-cve.json" --sbom "$data/alpine-sbom.json" --seen "$work/alpine.seen" -o /dev/null 2>"$work/alpine.log" \
  || { cat "$work/alpine.log" >&2; exit 1; }
"$bifrost" vex --packages --sbom "$data/alpine-sbom.json" --seen "$work/alpine.seen" >"$work/alpine.packages" 2>/dev/null
IFS='|' read -r n_findings n_ids n_high n_used n_report <<<"$(figures "$work/nginx9.log")"
IFS='|' read -r a_findings a_ids a_high _ _ <<<"$(figures "$work/alpine.log")"

echo
echo "CVE relevancy, $(date -u +%F)"
echo
echo "| image | data and its date | what was seen, and the window | packages installed | packages used | findings | unique IDs | Critical+High unique IDs |"
echo "|---|---|---|---:|---:|---|---|---|"
declare -A server=([nginx]=nginx [redis]=redis-tools [python]=python3.11-minimal)
declare -A used_names
for name in nginx redis python; do
  IFS='|' read -r installed used used_names[$name] <<<"$(packages "$name")"
  traffic_var="${name}_traffic"
  version=$(awk -F'\t' -v p="${server[$name]}" '$2 == p { print $3 }' "$work/$name.packages")
  case $name in
    nginx) image="Debian 12 minbase + nginx-light (nginx $version)" ;;
    redis) image="Debian 12 minbase + redis-server (redis-tools $version)" ;;
    python) image="Debian 12 minbase + python3 (python3.11 $version), \`-m http.server\`" ;;
  esac
  echo "| $image | root built with mmdebstrap from $mirror on $(cat "$cache/$name.built"); no scanner report | \`bifrost learn --root\` for $(cat "$work/$name.seconds") s, $(cat "$work/$name.observations") observations, 0 dropped: ${!traffic_var} | $installed | $used | – | – | – |"
done
echo "| nginx 1.14.1 on Debian 9 (kubevuln fixture) | Grype report, DB built 2023-03-30; Kubescape profile of nginx 1.14.2; reduced dpkg database | the profile's 1 exec and 28 opens; no window recorded | – ($n_report packages with findings) | $n_used of those | $n_findings | $n_ids | $n_high |"
echo "| alpine 3.17.2 (kubevuln fixture) | Grype 0.73.4 report, DB built 2023-12-13; Syft 1.32 SBOM | \`/bin/busybox\` only, a list written for the run (not observed) | $(wc -l <"$work/alpine.packages") | $(grep -c '^used' "$work/alpine.packages") | $a_findings | $a_ids | $a_high |"
echo
for name in nginx redis python; do
  code=$(sed -nE 's/.* ([0-9]+) code files seen .*/\1/p' "$work/$name.packages.log")
  echo "- $name: $code code files seen, $(grep -c 'no package owns' "$work/$name.packages.log" || true) of them owned by no package; used ${used_names[$name]}"
done
