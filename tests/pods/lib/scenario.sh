# The top of every scenario script (sourced): the libraries, and cleanup on any exit, a time-out's SIGTERM included.
lib=$(dirname "${BASH_SOURCE[0]}")
source "$lib/common.sh"
source "$lib/cleanup.sh"
source "$lib/pod.sh"
source "$lib/profile.sh"
mkdir -p "$STATE" "$LOGS"
trap pod_cleanup EXIT
trap 'exit 143' TERM INT
