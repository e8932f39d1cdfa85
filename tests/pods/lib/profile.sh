# Reading what the controller learned (sourced): the workload's BifrostProfile in the webhook's
# Bifrost:Profiles:Directory, one JSON file per workload.

profile_file() { echo "$WEBHOOK_STATE/profiles/$namespace/deployment-$WORKLOAD.json"; }

# The paths of CONTAINER's file and exec observations, one a line (nothing while no profile exists).
observed_paths() {
  local file
  file=$(profile_file)
  [ -f "$file" ] || return 0
  jq -r --arg c "$1" '.status.containers[]? | select(.name == $c) | .observed[]?
    | select(.kind == "file" or .kind == "exec") | .path' "$file" 2>/dev/null
}

# has_observed CONTAINER PATH...: every PATH is among CONTAINER's observations.
has_observed() {
  local container=$1 path seen
  shift
  seen=$(observed_paths "$container")
  for path in "$@"; do
    grep -qxF -- "$path" <<<"$seen" || return 1
  done
}

# The names of the containers the profile has observations for.
profiled_containers() {
  local file
  file=$(profile_file)
  [ -f "$file" ] || return 0
  jq -r '.status.containers[]? | select((.observed // []) | length > 0) | .name' "$file" 2>/dev/null
}

# leakage SPEC...: SPEC is "container:path,path,...". Counts observations of one container that name a marker of
# another (the markers are file names that only their own container can see); prints each to the log.
leakage() {
  local count=0 spec other container markers marker
  for spec in "$@"; do
    container=${spec%%:*}
    local seen
    seen=$(observed_paths "$container")
    for other in "$@"; do
      [ "$other" = "$spec" ] && continue
      IFS=, read -ra markers <<<"${other#*:}"
      for marker in "${markers[@]}"; do
        if grep -qxF -- "$marker" <<<"$seen"; then
          echo "leak: $container observed $marker (a marker of ${other%%:*})" >> "$LOGS/steps.log"
          count=$((count + 1))
        fi
      done
    done
  done
  echo "$count"
}

# Which of the PATHs CONTAINER lacks, space-separated.
missing_paths() {
  local container=$1 path seen out=''
  shift
  seen=$(observed_paths "$container")
  for path in "$@"; do
    grep -qxF -- "$path" <<<"$seen" || out+="${out:+ }$path"
  done
  echo "$out"
}

# A field of CONTAINER's status (e.g. startMissed), or "null".
container_field() {
  local file
  file=$(profile_file)
  [ -f "$file" ] || { echo null; return; }
  jq -r --arg c "$1" --arg f "$2" '[.status.containers[]? | select(.name == $c) | .[$f]][0] | tostring' "$file"
}

# The profile's condition of TYPE as "status|reason|message", empty when there is none.
condition() {
  local file
  file=$(profile_file)
  [ -f "$file" ] || return 0
  jq -r --arg t "$1" '.status.conditions[]? | select(.type == $t) | "\(.status)|\(.reason)|\(.message)"' "$file" | head -1
}
