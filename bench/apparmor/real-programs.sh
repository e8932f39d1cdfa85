#!/usr/bin/env bash
# Profiles for real servers: nginx (static files), redis-server (driven by redis-benchmark) and python3 -m http.server
# (driven by curl). Each server is learned twice under `bifrost learn`, with different inputs; the enforce profile from
# run 1 must allow everything run 2 did (replay), must deny the attacker probes of bench/Bifrost.AppArmor.Bench
# (tightness, against a runtime-default-like baseline) and must compile with apparmor_parser.
# The drivers run outside the traced command; everything listens on 127.0.0.1 and every step is bounded in time.
# Needs root and the Debian packages: nginx (or nginx-light) redis-server redis-tools curl python3 apparmor jq.
# Installs nothing. Usage: bench/apparmor/real-programs.sh [nginx] [redis] [python]   (default: all three)
# Environment: NGINX_PORT REDIS_PORT PYTHON_PORT (default 18480 18479 18481), KEEP=1 keeps the work directory.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
bifrost="$repo/src/Bifrost.Cli/bin/Release/net10.0/bifrost"
bench="$repo/bench/Bifrost.AppArmor.Bench/bin/Release/net10.0/Bifrost.AppArmor.Bench.dll"
nginx_port=${NGINX_PORT:-18480}; redis_port=${REDIS_PORT:-18479}; python_port=${PYTHON_PORT:-18481}
programs=("$@"); [ ${#programs[@]} -gt 0 ] || programs=(nginx redis python)

[ "$(id -u)" = 0 ] || { echo "real-programs: needs root (the tracer loads eBPF programs)" >&2; exit 1; }
missing=()
for tool in nginx:nginx redis-server:redis-server redis-benchmark:redis-tools redis-cli:redis-tools curl:curl \
  /usr/bin/python3:python3 apparmor_parser:apparmor jq:jq ss:iproute2; do
  command -v "${tool%%:*}" >/dev/null || missing+=("${tool##*:}")
done
[ ${#missing[@]} -eq 0 ] || { echo "real-programs: missing; apt-get install ${missing[*]}" >&2; exit 1; }

if [ -z "${BENCH_BUILT:-}" ]; then
  dotnet build "$repo/src/Bifrost.Cli" -c Release --nologo -v quiet >/dev/null
  dotnet build "$repo/bench/Bifrost.AppArmor.Bench" -c Release --nologo -v quiet >/dev/null
fi

source "$repo/bench/result.sh"
work=$(mktemp -d /tmp/bifrost-real.XXXXXX)
chmod 755 "$work"
learner=""
cleanup() {
  # Only the learn run this script started, and the server it runs, are stopped.
  if [ -n "$learner" ] && kill -0 "$learner" 2>/dev/null; then
    pkill -KILL -P "$learner" 2>/dev/null || true
    kill -TERM "$learner" 2>/dev/null || true
    wait "$learner" 2>/dev/null || true
  fi
  [ "${KEEP:-0}" = 1 ] && echo "work directory kept: $work" >&2 || rm -rf "$work"
}
trap cleanup EXIT

port_free() { ! ss -Hltn "sport = :$1" | grep -q .; }

# learn OUT.json READY_CMD STOP_SIGNAL -- SERVER ARGS: runs SERVER under the tracer, waits (<= 20 s) until READY_CMD
# succeeds, runs the workload function `workload`, then sends STOP_SIGNAL to the server and waits (<= 20 s) for the
# learn run to end. The server is bifrost's only child: bifrost's wrapper shell execs it.
learn() {
  local out=$1 ready=$2 signal=$3; shift 4
  "$bifrost" learn --format observations -o "$out" -- "$@" >"$out.log" 2>&1 &
  learner=$!
  local i
  for ((i = 0; i < 200; i++)); do
    kill -0 "$learner" 2>/dev/null || { echo "server exited before it was ready:" >&2; cat "$out.log" >&2; return 1; }
    eval "$ready" >/dev/null 2>&1 && break
    sleep 0.1
  done
  ((i < 200)) || { echo "server not ready after 20 s" >&2; return 1; }
  workload >>"$out.workload" 2>&1
  pkill "-$signal" -P "$learner" || true
  for ((i = 0; i < 200; i++)); do kill -0 "$learner" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$learner" 2>/dev/null; then
    echo "server ignored SIG$signal for 20 s; killed" >&2
    pkill -KILL -P "$learner" || true
  fi
  wait "$learner" || true
  learner=""
  grep '^bifrost learn:' "$out.log" | tail -1 >&2
  [ -s "$out" ] || { echo "no observations written" >&2; cat "$out.log" >&2; return 1; }
}

# A tree of static files: site/{a,b,c}/page-N.html, style-N.css, img-N.png and a top-level index.html.
make_site() {
  local root=$1 dir n
  mkdir -p "$root"
  echo '<html><body>index</body></html>' >"$root/index.html"
  for dir in a b c; do
    mkdir -p "$root/$dir/deep"
    for ((n = 0; n < 12; n++)); do
      echo "<html><body>$dir $n</body></html>" >"$root/$dir/page-$n.html"
      echo "body { margin: ${n}px }" >"$root/$dir/style-$n.css"
      head -c $((1024 * (n + 1))) /dev/urandom >"$root/$dir/img-$n.png"
    done
    echo "deep $dir" >"$root/$dir/deep/file.txt"
  done
  chmod -R a+rX "$root"
}

get() { curl -fsS -o /dev/null --max-time 5 "$@"; }

# --- nginx ----------------------------------------------------------------------------------------------------------
nginx_run() {
  local run=$1 dir="$work/nginx"
  mkdir -p "$dir/logs" "$dir/tmp"
  [ -d "$dir/site" ] || make_site "$dir/site"
  cat >"$dir/nginx.conf" <<EOF
user www-data;
worker_processes 2;
pid $dir/nginx.pid;
error_log $dir/logs/error.log;
events { worker_connections 256; }
http {
  include /etc/nginx/mime.types;
  access_log $dir/logs/access.log;
  client_body_temp_path $dir/tmp/body;
  proxy_temp_path $dir/tmp/proxy;
  fastcgi_temp_path $dir/tmp/fastcgi;
  uwsgi_temp_path $dir/tmp/uwsgi;
  scgi_temp_path $dir/tmp/scgi;
  sendfile on;
  server {
    listen 127.0.0.1:$nginx_port;
    root $dir/site;
    index index.html;
    autoindex on;
  }
}
EOF
  local base="http://127.0.0.1:$nginx_port"
  if [ "$run" = 1 ]; then
    workload() {
      local n; get "$base/"
      for ((n = 0; n < 6; n++)); do get "$base/a/page-$n.html" "$base/a/style-$n.css" "$base/a/img-$n.png"; done
      for ((n = 0; n < 4; n++)); do get "$base/b/page-$n.html"; done
      get "$base/b/"
    }
  else
    workload() {
      local n
      for ((n = 6; n < 12; n++)); do get "$base/c/page-$n.html" "$base/c/img-$n.png" "$base/a/style-$n.css"; done
      get "$base/c/deep/file.txt" "$base/a/deep/"
      curl -sS -o /dev/null --max-time 5 "$base/missing/nothing.html"
      curl -sS -I -o /dev/null --max-time 5 "$base/b/page-9.html"
      curl -sS -o /dev/null --max-time 5 -d 'x=1' "$base/b/page-1.html"
    }
  fi
  learn "$work/nginx-run$run.json" "get $base/index.html" QUIT -- nginx -g 'daemon off;' -c "$dir/nginx.conf"
}

# --- redis ----------------------------------------------------------------------------------------------------------
redis_run() {
  local run=$1 dir="$work/redis"
  # Each run starts empty, like a fresh pod; it saves an RDB on shutdown.
  rm -rf "$dir"; mkdir -p "$dir/data"
  cat >"$dir/redis.conf" <<EOF
bind 127.0.0.1
protected-mode yes
port $redis_port
daemonize no
dir $dir/data
dbfilename dump.rdb
save 3600 1
appendonly no
logfile ""
EOF
  if [ "$run" = 1 ]; then
    workload() {
      redis-benchmark -h 127.0.0.1 -p "$redis_port" -q -n 20000 -c 10 -r 1000 -t set,get,incr
      redis-cli -p "$redis_port" bgsave >/dev/null
      sleep 1
    }
  else
    workload() {
      redis-benchmark -h 127.0.0.1 -p "$redis_port" -q -n 20000 -c 20 -r 100000 -d 512 -t lpush,lpop,sadd,hset,mset
      redis-cli -p "$redis_port" hset user:42 name alice >/dev/null
      redis-cli -p "$redis_port" bgsave >/dev/null
      sleep 1
    }
  fi
  learn "$work/redis-run$run.json" "redis-cli -p $redis_port ping | grep -q PONG" TERM -- redis-server "$dir/redis.conf"
}

# --- python3 -m http.server -----------------------------------------------------------------------------------------
python_run() {
  local run=$1 dir="$work/python"
  [ -d "$dir/site" ] || make_site "$dir/site"
  local base="http://127.0.0.1:$python_port"
  if [ "$run" = 1 ]; then
    workload() {
      local n; get "$base/"
      for ((n = 0; n < 6; n++)); do get "$base/a/page-$n.html" "$base/a/img-$n.png"; done
      get "$base/b/"
    }
  else
    workload() {
      local n
      for ((n = 6; n < 12; n++)); do get "$base/c/page-$n.html" "$base/b/style-$n.css"; done
      get "$base/c/deep/" "$base/a/deep/file.txt"
      curl -sS -o /dev/null --max-time 5 "$base/missing.html"
      curl -sS -I -o /dev/null --max-time 5 "$base/a/page-1.html"
    }
  fi
  cd "$dir"
  learn "$work/python-run$run.json" "get $base/" TERM -- \
    /usr/bin/python3 -m http.server "$python_port" --bind 127.0.0.1 --directory "$dir/site"
  cd "$repo"
}

# --- measure --------------------------------------------------------------------------------------------------------
rows=()
notes=()
for program in "${programs[@]}"; do
  case $program in
    nginx) port=$nginx_port ;; redis) port=$redis_port ;; python) port=$python_port ;;
    *) echo "real-programs: unknown program '$program' (nginx, redis, python)" >&2; exit 2 ;;
  esac
  port_free "$port" || { echo "real-programs: 127.0.0.1:$port is in use; set ${program^^}_PORT" >&2; exit 1; }
  echo "== $program" >&2
  "${program}_run" 1
  "${program}_run" 2

  obs1="$work/$program-run1.json"; obs2="$work/$program-run2.json"; profile="$work/$program.profile"
  "$bifrost" profile generate -f "$obs1" --mode enforce --name "bifrost_real_$program" >"$profile"
  observed=$(jq 'length' "$obs1")/$(jq 'length' "$obs2")
  bytes=$(wc -c <"$profile")
  if apparmor_parser -Q -K -I /etc/apparmor.d "$profile" >"$work/$program.parser" 2>&1; then parser=OK; else parser=FAIL; fi
  denials=0
  "$bifrost" profile check --profile "$profile" --observations "$obs2" >"$work/$program.check" 2>&1 || true
  denials=$(grep -c 'DENIED' "$work/$program.check" || true)
  dotnet "$bench" tightness "$obs1" >"$work/$program.tightness"
  rules=$(awk '/ observations -> / {print $4}' "$work/$program.tightness")
  read -r allowed_gen allowed_base total < <(awk -F'|' '/^\| probes allowed/ {split($3, g, "/"); split($4, b, "/"); print g[1]+0, b[1]+0, g[2]+0}' "$work/$program.tightness")
  rows+=("| $program | $observed | $rules | $bytes | $parser | $denials | $((total - allowed_gen))/$total vs $((total - allowed_base))/$total |")
  result "$program learned: attacker probes denied" "$((total - allowed_gen))/$total" "$((total - allowed_base))/$total (runtime-default-like)" "-" "all" "$(meets "$allowed_gen" "<=" 0)"
  result "$program learned: second run denied by the first run's profile ($parser)" "$denials" "-" "-" "0" "$(meets "$denials" "<=" 0)"
  [ "$parser" = OK ] || notes+=("$program: apparmor_parser: $(head -3 "$work/$program.parser")")
  [ "$denials" = 0 ] || notes+=("$program: run 2 denied by run 1's profile:" "$(grep DENIED "$work/$program.check" | sed 's/^/    /')")
  allowed=$(awk -F'|' '$3 ~ /ALLOWED/ && $2 !~ /probes allowed/ {gsub(/^ +| +$/, "", $2); print $2}' "$work/$program.tightness" | paste -sd, -)
  [ -z "$allowed" ] || notes+=("$program: probes the generated profile allows: $allowed")
done

echo
echo "| program | observations run1/run2 | rules | bytes | apparmor_parser | replay denials (run2 vs run1's profile) | probes denied: generated vs baseline |"
echo "|---|---:|---:|---:|---|---:|---|"
printf '%s\n' "${rows[@]}"
[ ${#notes[@]} -eq 0 ] || { echo; printf '%s\n' "${notes[@]}"; }
