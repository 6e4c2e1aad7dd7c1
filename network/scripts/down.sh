#!/usr/bin/env bash
# npm run fabric:down — stops every process fabric:up started (by the pids it recorded) and removes
# the run state: crypto, ledgers, logs. --keep-logs keeps network/.run/logs for a failed start-up.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

keep_logs=false
[[ ${1:-} == --keep-logs ]] && keep_logs=true

if [[ -d $RUN_DIR/pids ]]; then
  # Chaincode services first, then peers, then the orderer: nothing is left dialling a stopped node.
  files=$(ls "$RUN_DIR"/pids/chaincode-*.pid "$RUN_DIR"/pids/peer-*.pid "$RUN_DIR"/pids/orderer.pid 2>/dev/null || true)
  pids=()
  for f in $files; do
    if pid_alive "$f"; then
      pid=$(pid_of "$f")
      # Each was started with setsid, so its pid is its process group: stop the group.
      kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
      pids+=("$pid")
    fi
  done
  deadline=$((SECONDS + 15))
  for pid in "${pids[@]}"; do
    while kill -0 "$pid" 2>/dev/null; do
      if (( SECONDS >= deadline )); then kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true; break; fi
      sleep 0.2
    done
  done
fi

if [[ -d $RUN_DIR ]]; then
  [[ -f $RUN_DIR/.eseal-fabric-run ]] || die "$RUN_DIR was not made by fabric:up (no .eseal-fabric-run marker); not deleting it"
  if $keep_logs && [[ -d $RUN_DIR/logs ]]; then
    find "$RUN_DIR" -mindepth 1 -maxdepth 1 ! -name logs ! -name .eseal-fabric-run -exec rm -rf {} +
  else
    rm -rf "$RUN_DIR"
  fi
fi
log "down"
