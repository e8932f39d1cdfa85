#!/usr/bin/env bash
# `make demo`: Bifrost's whole learning loop on one machine, no cluster. A webhook in local mode answers
# admission for a pod of Deployment demo/web (learning: complain profile + tracer), `bifrost learn` traces the
# pod's command and reports what it did, the webhook's lifecycle makes the profile Enforcing, and the same pod
# is admitted again with the enforce profile and no tracer. Needs root (eBPF). Everything it writes is under
# artifacts/demo; it stops everything it started.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
state=artifacts/demo
port=18443
url=https://127.0.0.1:$port
app_port=18480
hash=7d4b9c8f5d
pod=web-$hash-abcde
profile_file=$state/profiles/demo/deployment-web.json
configuration=${CONFIGURATION:-Release}
bifrost=src/Bifrost.Cli/bin/$configuration/net10.0/bifrost
webhook_dll=src/Bifrost.Webhook/bin/$configuration/net10.0/Bifrost.Webhook.dll

bold=$'\e[1m' green=$'\e[32m' red=$'\e[31m' reset=$'\e[0m'
[ -t 1 ] || bold='' green='' red='' reset=''
step() { printf '\n%s== %s%s\n' "$bold" "$*" "$reset"; }
say() { printf '   %s\n' "$*"; }
ok() { printf '   %sok%s %s\n' "$green" "$reset" "$*"; }
fail() { printf '   %sFAILED%s %s\n' "$red" "$reset" "$*" >&2; exit 1; }

if [ "$(id -u)" != 0 ]; then
  echo "demo: must run as root: 'bifrost learn' loads an eBPF tracer (try: sudo make demo)" >&2
  exit 1
fi
for tool in dotnet jq curl openssl python3 apparmor_parser; do
  command -v "$tool" >/dev/null || { echo "demo: $tool is missing (make deps installs what is needed)" >&2; exit 1; }
done

webhook_pid='' learn_pid='' load_pid='' server=''
cleanup() {
  local code=$?
  # bifrost learn stops its command on an interrupt (and kills what is left in its cgroup), not on SIGTERM.
  if [ -n "$learn_pid" ]; then
    kill -INT "$learn_pid" 2>/dev/null && wait "$learn_pid" 2>/dev/null || true
  fi
  for pid in $load_pid $server $webhook_pid; do
    kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  done
  if [ "$code" != 0 ]; then
    echo "demo: failed (exit $code); the webhook's log is $state/webhook.log" >&2
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

step "a. Development certificates and a Release build of the webhook and the CLI"
certs/generate.sh
# BIFROST_DEMO_PREBUILT=1 (the automated test, right after make test's build) uses the builds that are there.
if [ "${BIFROST_DEMO_PREBUILT:-}" = 1 ] && [ -f "$webhook_dll" ] && [ -x "$bifrost" ]; then
  say "using the existing $configuration build"
else
  say "dotnet build src/Bifrost.Webhook and src/Bifrost.Cli -c $configuration (a minute or two the first time)"
  dotnet build src/Bifrost.Webhook -c "$configuration" --nologo -v quiet >/dev/null || fail "building the webhook (run: dotnet build src/Bifrost.Webhook)"
  dotnet build src/Bifrost.Cli -c "$configuration" --nologo -v quiet >/dev/null || fail "building the CLI (run: dotnet build src/Bifrost.Cli)"
fi
ok "built $webhook_dll and $bifrost"

step "b. The webhook in local mode on $url, its state in $state"
if curl -s -o /dev/null "https://127.0.0.1:$port" -k; then fail "something already listens on port $port"; fi
rm -rf "$state" && mkdir -p "$state"
settings=(
  --urls "$url"
  --Bifrost:Kubernetes:Enabled=false
  --Bifrost:Profiles:Directory=$state/profiles
  --Bifrost:Intake:WalDirectory=$state/wal
  --Bifrost:Intake:TokenFile=$state/token
  --Bifrost:Intake:FlushInterval=00:00:01
  --Bifrost:Learning:MinimumLearningPeriod=00:00:15
  --Bifrost:Learning:QuietPeriod=00:00:10
  --Bifrost:Learning:EvaluateInterval=00:00:02
  --Bifrost:Namespaces:demo:Labels:bifrost.io/protect=enabled
)
say "dotnet $webhook_dll ${settings[*]}"
say "(namespace demo is labelled bifrost.io/protect=enabled; learning needs 15 s and then 10 s without a new rule)"
dotnet "$webhook_dll" "${settings[@]}" >"$state/webhook.log" 2>&1 &
webhook_pid=$!
for _ in $(seq 1 60); do
  curl -sf --cacert certs/out/ca.crt "$url/readyz" >/dev/null && break
  kill -0 "$webhook_pid" 2>/dev/null || fail "the webhook exited: $(tail -5 "$state/webhook.log")"
  sleep 0.5
done
curl -sf --cacert certs/out/ca.crt "$url/readyz" >/dev/null || fail "the webhook was not ready within 30 s"
ok "ready: curl --cacert certs/out/ca.crt $url/readyz"
# The token tracers present is created owner-only when the webhook starts.
[ -f "$state/token" ] || fail "the webhook did not create its token file $state/token"
ok "reports authenticate with the token in $state/token"

# An AdmissionReview for a new pod of Deployment demo/web, as the API server sends it for the ReplicaSet's pod.
admission_review() {
  jq -n --arg hash "$hash" --arg uid "$(cat /proc/sys/kernel/random/uuid)" '{
    kind: "AdmissionReview", apiVersion: "admission.k8s.io/v1",
    request: {
      uid: $uid, operation: "CREATE", namespace: "demo",
      kind: {group: "", version: "v1", kind: "Pod"}, resource: {group: "", version: "v1", resource: "pods"},
      userInfo: {username: "system:serviceaccount:kube-system:replicaset-controller"},
      object: {
        apiVersion: "v1", kind: "Pod",
        metadata: {
          generateName: ("web-" + $hash + "-"), namespace: "demo",
          labels: {app: "web", "pod-template-hash": $hash},
          ownerReferences: [{apiVersion: "apps/v1", kind: "ReplicaSet", name: ("web-" + $hash), uid: "demo-rs-uid", controller: true}]
        },
        spec: {containers: [{name: "app", image: "python:3.12-slim", command: ["python3", "-m", "http.server", "8080"]}]}
      }
    }}'
}

# Prints what the webhook does to the pod; sets $patch to the decoded JSON patch.
admit() {
  local answer
  answer=$(admission_review | curl -sf --cacert certs/out/ca.crt -H 'Content-Type: application/json' --data-binary @- "$url/mutate") \
    || fail "POST /mutate failed"
  [ "$(jq -r .response.allowed <<<"$answer")" = true ] || fail "the pod was not allowed: $answer"
  patch=$(jq -r '.response.patch // empty' <<<"$answer" | base64 -d)
  [ -n "$patch" ] || fail "the answer has no patch: $answer"
  say "POST /mutate -> allowed, $(jq length <<<"$patch") patch operations; bifrost.io/status:"
  status=$(jq -r '[.[] | .value | objects | .["bifrost.io/status"] // empty][0]' <<<"$patch")
  jq . <<<"$status" | sed 's/^/     /'
  say "AppArmor profiles set on the containers:"
  jq -r '.. | objects | select(.appArmorProfile?.localhostProfile?) | "     " + .appArmorProfile.localhostProfile' <<<"$patch" | sort -u
  tracer=$(jq -r '[.[] | select(.path | test("^/spec/(initContainers|containers)")) | .value | (arrays | .[]), objects | .name? // empty | select(test("tracer"))] | unique | join(",")' <<<"$patch")
  say "tracer sidecar injected: ${tracer:-no}"
}

step "c. BEFORE: the API server asks the webhook about a new pod of Deployment demo/web (container app)"
admit
[ "$(jq -r .phase <<<"$status")" = Learning ] || fail "expected phase Learning"
[ -n "$tracer" ] || fail "expected a tracer sidecar while learning"
ok "learning: complain-mode profile $(jq -r .profiles.app <<<"$status") and the eBPF tracer"

step "d. Learn: run the pod's command under bifrost learn, exercise it, stop it; the observations go to the webhook"
learn=("$bifrost" learn --report "$url" --token-file "$state/token" --ca-file certs/out/ca.crt
  --pod "demo/$pod" --workload Deployment/web --container app
  -o "$state/learned.aa" -- python3 -m http.server "$app_port" --bind 127.0.0.1)
say "${learn[*]}"
# A background job of a script starts with SIGINT ignored, and python3 keeps it so: restore the default,
# so the server can be stopped with SIGINT as Ctrl-C would.
env --default-signal=INT "${learn[@]}" >"$state/learn.out" 2>"$state/learn.err" &
learn_pid=$!
for _ in $(seq 1 100); do
  curl -s -o /dev/null "http://127.0.0.1:$app_port/" && break
  kill -0 "$learn_pid" 2>/dev/null || fail "bifrost learn exited early: $(cat "$state/learn.err")"
  sleep 0.2
done
say "the server answers; curl exercises it for 10 s"
(
  end=$((SECONDS + 10))
  while [ "$SECONDS" -lt "$end" ]; do
    curl -s -o /dev/null "http://127.0.0.1:$app_port/"
    curl -s -o /dev/null "http://127.0.0.1:$app_port/README.md"
    curl -s -o /dev/null "http://127.0.0.1:$app_port/missing"
    sleep 0.2
  done
) &
load_pid=$!
wait "$load_pid"; load_pid=''
server=$(pgrep -P "$learn_pid" -f "http.server $app_port" || true)
[ -n "$server" ] || fail "could not find the python3 server started by bifrost learn"
say "stopping the server (SIGINT to pid $server); bifrost learn prints the profile and reports"
kill -INT "$server"
learn_code=0
wait "$learn_pid" || learn_code=$?
learn_pid='' server=''
grep -v '^127.0.0.1 - - ' "$state/learn.err" | sed 's/^/     /'  # the server's access log is left out
[ "$learn_code" = 0 ] || fail "bifrost learn exited $learn_code"
grep -q '^bifrost learn: reported ' "$state/learn.err" || fail "bifrost learn did not report"
ok "reported; the profile bifrost learn printed is in $state/learned.aa ($(wc -l <"$state/learned.aa") lines)"

step "e. The webhook merges the reports and moves demo/web from Learning to Enforcing (up to 90 s)"
phase='' message=''
end=$((SECONDS + 90))
while [ "$SECONDS" -lt "$end" ]; do
  if [ -f "$profile_file" ]; then
    now=$(jq -r '.status.phase // "?"' "$profile_file")
    now_message=$(jq -r '.status.message // ""' "$profile_file")
    if [ "$now" != "$phase" ] || [ "$now_message" != "$message" ]; then
      say "$(date +%T) $now${now_message:+: $now_message} (rules: $(jq -r '.status.rules // 0' "$profile_file"))"
      phase=$now message=$now_message
    fi
    [ "$phase" = Enforcing ] && break
  fi
  sleep 2
done
[ "$phase" = Enforcing ] || fail "demo/web did not reach Enforcing within 90 s (phase: ${phase:-no profile file at $profile_file})"
ok "Enforcing ($profile_file)"

step "f. AFTER: the same new pod is admitted again"
admit
enforce=$(jq -r .profiles.app <<<"$status")
[ "$(jq -r .phase <<<"$status")" = Enforcing ] || fail "expected phase Enforcing"
[[ $enforce =~ _[0-9a-f]{6,}$ ]] || fail "expected an enforce profile named by its content hash, got $enforce"
[ -z "$tracer" ] || fail "expected no tracer once enforcing"
ok "enforcing: profile $enforce, no tracer"

step "g. The enforce profile the webhook rendered, checked with apparmor_parser"
jq -r '.status.containers[0].profiles[] | select(.mode == "Enforce") | .text' "$profile_file" >"$state/enforce.aa"
[ -s "$state/enforce.aa" ] || fail "no enforce profile text in $profile_file"
sed 's/^/     /' "$state/enforce.aa"
# -Q: compile only, -K: no cache. Its note that this kernel lacks AppArmor's interface file is left out.
parsed=$(apparmor_parser -Q -K -I /etc/apparmor.d "$state/enforce.aa" 2>&1) || fail "apparmor_parser rejected the profile: $parsed"
if [ -d /sys/kernel/security/apparmor ]; then
  ok "apparmor_parser -Q -K compiled it (this kernel has AppArmor; a node agent would load it)"
else
  ok "apparmor_parser -Q -K compiled it. This kernel has no AppArmor (/sys/kernel/security/apparmor is absent), so it was compiled, not loaded"
fi

step "h. Summary"
python3 - "$profile_file" <<'PY'
import json, sys
from datetime import datetime
s = json.load(open(sys.argv[1]))["status"]
def t(v): return datetime.fromisoformat(v.replace("Z", "+00:00"))
print(f"   learning since {s.get('learningSince')}, last new rule {s['lastNewRuleAt']}, Enforcing since {s['phaseSince']}")
print(f"   {s.get('rules', 0)} rules; Enforcing {(t(s['phaseSince']) - t(s['lastNewRuleAt'])).total_seconds():.1f} s after the last new rule")
PY
kill "$webhook_pid" && wait "$webhook_pid" 2>/dev/null || true
webhook_pid=''
ok "webhook stopped; every step succeeded (state and logs in $state)"
