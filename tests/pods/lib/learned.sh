# Waiting for the controller to learn (sourced). The tracer reports every 5 s and the webhook merges every
# Bifrost:Intake:FlushInterval, so what a container did shows in its BifrostProfile within seconds.

# wait_learned SECONDS SPEC...: SPEC is "container:path,path,...". Returns once every container has every
# path among its observations; otherwise fails the scenario saying what is missing and what was learned.
wait_learned() {
  until_learned "$@" || fail "$LEARN_FAILURE"
}

# The same, returning 1 with the reason in LEARN_FAILURE instead of failing.
until_learned() {
  local seconds=$1
  shift
  step "waiting for the profile to hold: $*"
  local end=$((SECONDS + seconds)) spec missing
  while :; do
    missing=''
    for spec in "$@"; do
      local container=${spec%%:*} paths
      IFS=, read -ra paths <<<"${spec#*:}"
      local lacks
      lacks=$(missing_paths "$container" "${paths[@]}")
      [ -n "$lacks" ] && missing+="${missing:+; }$container lacks $lacks"
    done
    [ -z "$missing" ] && return 0
    if [ "$SECONDS" -ge "$end" ]; then
      LEARN_FAILURE="after ${seconds}s: $missing ($(learned_summary))"
      return 1
    fi
    sleep 1
  done
}

# What the profile holds, in a few words, for failure messages.
learned_summary() {
  local file
  file=$(profile_file)
  if [ ! -f "$file" ]; then
    echo "no BifrostProfile was written (webhook intake so far, all pods: $(intake_counts)); tracer log: $(last_tracer_line)"
    return
  fi
  local per
  per=$(jq -r '[.status.containers[]? | "\(.name): \((.observed // []) | length)"] | join(", ")' "$file")
  echo "profile observations per container: ${per:-none}; webhook intake so far, all pods: $(intake_counts); tracer log: $(last_tracer_line)"
}

# The webhook's report counters (all pods of the run), to tell "the tracer sent nothing" from "it was refused".
intake_counts() {
  local counts
  counts=$(curl -sf --cacert "$ca_file" "$WEBHOOK_URL/metrics" \
    | awk '/^bifrost_intake_reports_total\{/ { sub(/^bifrost_intake_reports_total/, ""); printf "%s%s", sep, $0; sep = ", " }')
  echo "${counts:-no reports}"
}

# The tracer's last warning or error, else its last line.
last_tracer_line() {
  local log=$LOGS/bifrost-tracer.log line
  [ -f "$log" ] || { echo none; return; }
  line=$(grep -E 'warn|fail|crit|error|Unhandled' "$log" | tail -1)
  [ -n "$line" ] || line=$(grep -v '^\s*$' "$log" | tail -1)
  echo "${line:0:240}"
}
