# shellcheck shell=bash
# Debian's redis-server, installed with apt-get when it is not on PATH.
# `apt-get update` runs only when the install fails without it (fresh image, stale lists),
# because it is the slow, network-heavy part.
# Sourced, not executed. Needs log.sh.

ESEAL_REDIS_MIN_MAJOR=6

redis_server_major() {
  redis-server --version | sed -n 's/.*v=\([0-9]*\)\..*/\1/p'
}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo -n "$@"
  else
    return 1
  fi
}

apt_install_redis() {
  # Through env: sudo resets the environment, and a prompt would hang a run without a terminal.
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends redis-server
}

ensure_redis_server() {
  if ! command -v redis-server >/dev/null 2>&1; then
    command -v apt-get >/dev/null 2>&1 || fail "redis-server is not installed and apt-get is missing: install Redis 7 and put redis-server on PATH"
    local started
    started="$(now_seconds)"
    if ! run_logged apt-redis apt_install_redis; then
      note "redis-server: package lists look stale, running apt-get update"
      run_logged apt-update as_root apt-get update -q || fail_with_log apt-update "apt-get update did not finish (root or passwordless sudo is needed)"
      run_logged apt-redis apt_install_redis || fail_with_log apt-redis "apt-get install redis-server did not finish"
    fi
    command -v redis-server >/dev/null 2>&1 || fail "redis-server is still not on PATH after apt-get install"
    note "redis-server: installed in $(elapsed_since "$started")"
  fi
  local major
  major="$(redis_server_major)"
  [ -n "$major" ] || fail "cannot read the version of $(command -v redis-server)"
  [ "$major" -ge "$ESEAL_REDIS_MIN_MAJOR" ] || fail "redis-server $major.x is too old (BullMQ needs $ESEAL_REDIS_MIN_MAJOR or newer)"
  note "redis-server: $(redis-server --version | sed -n 's/.*v=\([0-9.]*\).*/\1/p')"
}
