# shellcheck shell=bash
# Step logging for the set-up scripts: quiet on success, one clear line on failure.
# Each step's full output goes to a log file under .data/setup/, so a failure can point at it.
# Sourced, not executed. Needs ESEAL_ROOT set to the repository root.

ESEAL_SETUP_LOG_DIR="${ESEAL_ROOT}/.data/setup"

# The last word of every failure: one line on stderr, then exit non-zero.
fail() {
  echo "setup: FAILED: $*" >&2
  exit 1
}

note() {
  echo "setup: $*"
}

# run_logged NAME COMMAND...: run COMMAND with its output in .data/setup/NAME.log; returns its status.
run_logged() {
  local name="$1"
  shift
  mkdir -p "$ESEAL_SETUP_LOG_DIR"
  "$@" >"$ESEAL_SETUP_LOG_DIR/$name.log" 2>&1 </dev/null
}

# fail_with_log NAME MESSAGE: show the tail of a step's log for context, then fail with MESSAGE.
fail_with_log() {
  local log_file="$ESEAL_SETUP_LOG_DIR/$1.log"
  if [ -s "$log_file" ]; then
    echo "setup: last lines of .data/setup/$1.log:" >&2
    tail -n 15 "$log_file" | sed 's/^/    /' >&2
  fi
  fail "$2 (see .data/setup/$1.log)"
}

# Seconds since the epoch with millisecond precision, for the timing lines.
now_seconds() {
  date +%s.%N
}

elapsed_since() {
  awk -v start="$1" -v end="$(now_seconds)" 'BEGIN { printf "%.1fs", end - start }'
}
