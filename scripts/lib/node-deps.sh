# shellcheck shell=bash
# npm dependencies: `npm ci` when package-lock.json exists, else `npm install`.
# Skipped when node_modules was installed from exactly the current manifests (a digest stamp),
# because `npm ci` always deletes node_modules first and would make every warm run slow.
# Sourced, not executed. Runs in ESEAL_ROOT; needs log.sh and cache.sh.

ESEAL_NODE_STAMP=".eseal-installed-from"

node_manifests() {
  # The root manifest, the lock file and each workspace's manifest (one folder down).
  find . -maxdepth 2 \( -name package.json -o -name package-lock.json \) -not -path './node_modules/*' | LC_ALL=C sort
}

check_node() {
  # The system Node only runs npm; the service, the tests and the CLI run on the Node 24 LTS
  # that the root devDependency `node` installs into node_modules/.bin (npm scripts put that
  # folder first on PATH), so every machine and CI run the same runtime whatever the system has.
  command -v node >/dev/null 2>&1 || fail "node is not installed (Node 20.19 or newer is needed to run npm)"
  command -v npm >/dev/null 2>&1 || fail "npm is not installed (it ships with Node)"
  local version major minor
  version="$(node -p 'process.versions.node')"
  major="${version%%.*}"
  minor="$(echo "$version" | cut -d. -f2)"
  if [ "$major" -lt 20 ] || { [ "$major" -eq 20 ] && [ "$minor" -lt 19 ]; }; then
    fail "node $version is too old to run npm here (Node 20.19 or newer is needed)"
  fi
}

# The runtime the project runs on: node_modules/.bin/node from the pinned `node` package.
check_project_runtime() {
  local runtime="$ESEAL_ROOT/node_modules/.bin/node" version
  [ -x "$runtime" ] || fail "node_modules/.bin/node is missing: the \`node\` devDependency did not install (rerun npm run setup)"
  version="$("$runtime" -p 'process.versions.node')" || fail "node_modules/.bin/node does not run"
  [ "${version%%.*}" -ge 24 ] || fail "node_modules/.bin/node is $version; the project runs on Node 24 LTS"
  note "node runtime: $version (node_modules/.bin/node)"
}

install_node_deps() {
  local digest stamp_file
  # shellcheck disable=SC2046 # manifest names contain no spaces
  digest="$(sources_digest $(node_manifests))"
  stamp_file="$ESEAL_ROOT/node_modules/$ESEAL_NODE_STAMP"
  if [ -f "$stamp_file" ] && [ "$(cat "$stamp_file")" = "$digest" ] && [ -d "$ESEAL_ROOT/node_modules/.bin" ]; then
    note "npm dependencies: up to date"
    return 0
  fi
  local started
  started="$(now_seconds)"
  if [ -f "$ESEAL_ROOT/package-lock.json" ]; then
    if ! run_logged npm npm ci --no-audit --no-fund; then
      # npm ci refuses a lock file that lacks entries for other platforms' optional packages
      # (e.g. @swc/core-darwin-*), which a registry serving only Linux builds cannot provide.
      # npm install keeps the locked versions and tolerates that gap.
      grep -q 'can only install packages when your package.json and package-lock.json' "$ESEAL_SETUP_LOG_DIR/npm.log" \
        || fail_with_log npm "npm ci did not finish"
      note "npm ci rejected package-lock.json as out of sync; falling back to npm install"
      run_logged npm npm install --no-audit --no-fund || fail_with_log npm "npm install did not finish"
    fi
  else
    run_logged npm npm install --no-audit --no-fund || fail_with_log npm "npm install did not finish"
  fi
  # npm install may have rewritten the lock file: stamp what is there now.
  # shellcheck disable=SC2046
  sources_digest $(node_manifests) >"$stamp_file"
  note "npm dependencies: installed in $(elapsed_since "$started")"
}
