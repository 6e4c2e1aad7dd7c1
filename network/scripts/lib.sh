# Shared settings and helpers for the native local Fabric network. Sourced, not run.
# shellcheck shell=bash

# Fabric v2.5.9, pinned by commit. The module path has no /v2 suffix, so the Go module proxy
# refuses release tags; the v2.5.9 release commit (release notes dated 2024-06-18, Makefile
# FABRIC_VER 2.5.9) is served under this exact pseudo-version. See network/README.md.
FABRIC_MODULE=github.com/hyperledger/fabric
FABRIC_VERSION=2.5.9
FABRIC_COMMIT=7c3876255bf064b789a839ce347b6a02adb6333c
FABRIC_PSEUDO=v1.4.0-rc1.0.20240618194258-7c3876255bf0
FABRIC_BINARIES="peer orderer configtxgen cryptogen osnadmin"

NETWORK_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REPO_DIR="$(cd "$NETWORK_DIR/.." && pwd)"
CACHE_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/eseal/fabric-$FABRIC_VERSION"
FABRIC_BIN="$CACHE_DIR/bin"
RUN_DIR="${ESEAL_FABRIC_RUN_DIR:-$NETWORK_DIR/.run}"

CHANNEL="${FABRIC_CHANNEL:-eseal}"
# Same defaults as the server's FABRIC_CHANNEL / FABRIC_CHAINCODE.
CHAINCODE_NAME="${FABRIC_CHAINCODE:-eseal}"
CHAINCODE_LABEL="${CHAINCODE_NAME}_1.0"
# The court's evidence channel and chaincode (court peer only).
COURT_CHANNEL=court
COURT_CHAINCODE=court-evidence
COURT_CHAINCODE_LABEL="${COURT_CHAINCODE}_1.0"

# One line on stderr, then exit: callers (CI, jest global setup) show only this line.
die() { echo "fabric: $*" >&2; exit 1; }
log() { echo "fabric: $*" >&2; }

# wait_for <seconds> <description> <command...>: polls until the command succeeds, never forever.
wait_for() {
  local limit=$1 what=$2; shift 2
  local deadline=$((SECONDS + limit))
  until "$@" >/dev/null 2>&1; do
    if (( SECONDS >= deadline )); then die "timed out after ${limit}s waiting for $what"; fi
    sleep 0.5
  done
}

# Pid files hold "<pid> <start time>": the start time (field 22 of /proc/<pid>/stat) guards against
# signalling an unrelated process that reused the pid after a reboot or a crash.
proc_start_time() { awk '{ print $22 }' "/proc/$1/stat" 2>/dev/null; }
record_pid() { echo "$1 $(proc_start_time "$1")" >"$2"; }
pid_of() { awk '{ print $1 }' "$1"; }
pid_alive() {
  [[ -f $1 ]] || return 1
  local pid started
  read -r pid started <"$1" || return 1
  kill -0 "$pid" 2>/dev/null && [[ $(proc_start_time "$pid") == "$started" ]]
}
