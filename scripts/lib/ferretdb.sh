# shellcheck shell=bash
# FerretDB v1 (SQLite handler), built from the Go module proxy into the tool cache.
# The program in scripts/ferretdb embeds upstream's `ferretdb` package (see its main.go for why),
# patched by scripts/ferretdb/patches (see the README there).
# The cache entry is valid only for the exact sources it was built from and only when the
# binary runs and reports the pinned version: a missing or stale cache is rebuilt, never assumed.
# Sourced, not executed. Runs in ESEAL_ROOT; needs log.sh and cache.sh.

ESEAL_FERRETDB_SRC="scripts/ferretdb"
ESEAL_FERRETDB_BIN_NAME="eseal-ferretdb"
ESEAL_GO_MIN="1.21" # older Go cannot fetch the newer toolchain that FerretDB's go.mod asks for

ferretdb_version() {
  sed -n 's#^require github.com/FerretDB/FerretDB \(v[0-9.]*\)$#\1#p; s#^\tgithub.com/FerretDB/FerretDB \(v[0-9.]*\)$#\1#p' \
    "$ESEAL_FERRETDB_SRC/go.mod" | head -n 1
}

find_go() {
  if command -v go >/dev/null 2>&1; then
    return 0
  fi
  # The official Go tarball installs here; it is often not on a non-login shell's PATH.
  if [ -x /usr/local/go/bin/go ]; then
    PATH="/usr/local/go/bin:$PATH"
    export PATH
    return 0
  fi
  return 1
}

check_go_version() {
  local version
  version="$(go env GOVERSION | sed 's/^go//')"
  if [ "$(printf '%s\n%s\n' "$ESEAL_GO_MIN" "$version" | sort -V | head -n 1)" != "$ESEAL_GO_MIN" ]; then
    fail "go $version is too old (Go $ESEAL_GO_MIN or newer is needed to build FerretDB)"
  fi
}

ferretdb_binary_reports() {
  local binary="$1" expected="$2"
  [ -x "$binary" ] && [ "$("$binary" --version 2>/dev/null)" = "$expected" ]
}

# The scratch copy comes from Go's read-only module cache: an interrupted copy can hold folders
# that plain `rm -rf` cannot empty (as any user but root), so make them writable first.
remove_tree() {
  [ -e "$1" ] || return 0
  chmod -R u+w "$1" 2>/dev/null || true
  rm -rf "$1"
}

build_ferretdb_into() {
  local out="$1" work="$2" version upstream status
  version="$(ferretdb_version)"
  # Upstream's sources with our patches (scripts/ferretdb/patches, each explained in its README),
  # in a scratch copy ($work, inside the staging folder so an interrupted build leaves one folder
  # to clear): the module cache stays as the proxy served it.
  upstream="$(cd "$ESEAL_FERRETDB_SRC" && go mod download -json "github.com/FerretDB/FerretDB@$version" |
    sed -n 's#^[[:space:]]*"Dir": "\(.*\)",$#\1#p')"
  [ -n "$upstream" ] && [ -d "$upstream" ] || { echo "cannot download FerretDB $version"; return 1; }
  mkdir "$work" || return 1
  cp -R "$upstream" "$work/upstream" && chmod -R u+w "$work/upstream" || { remove_tree "$work"; return 1; }
  local patch
  for patch in "$PWD/$ESEAL_FERRETDB_SRC"/patches/*.patch; do
    [ -f "$patch" ] || continue
    echo "applying $(basename "$patch")"
    (cd "$work/upstream" && git apply "$patch") || { remove_tree "$work"; return 1; }
  done
  mkdir "$work/build"
  cp "$ESEAL_FERRETDB_SRC/main.go" "$ESEAL_FERRETDB_SRC/go.mod" "$ESEAL_FERRETDB_SRC/go.sum" "$work/build/"
  # -trimpath/-buildvcs=false: the binary must not depend on where the clone sits.
  # ferretdb_no_postgresql: we only use the SQLite handler; this drops the pgx backend.
  (cd "$work/build" && go mod edit -replace "github.com/FerretDB/FerretDB=../upstream" &&
    CGO_ENABLED=0 go build -mod=readonly -trimpath -buildvcs=false -tags ferretdb_no_postgresql -o "$out" .)
  status=$?
  remove_tree "$work"
  return $status
}

ferretdb_cache_is_valid() {
  local cache_dir="$1" digest="$2" version="$3"
  [ -f "$cache_dir/sources.sha256" ] && [ "$(cat "$cache_dir/sources.sha256")" = "$digest" ] \
    && ferretdb_binary_reports "$cache_dir/$ESEAL_FERRETDB_BIN_NAME" "$version"
}

ensure_ferretdb() {
  local version cache_dir digest
  version="$(ferretdb_version)"
  [ -n "$version" ] || fail "cannot read the FerretDB version from $ESEAL_FERRETDB_SRC/go.mod"
  local sources=("$ESEAL_FERRETDB_SRC/main.go" "$ESEAL_FERRETDB_SRC/go.mod" "$ESEAL_FERRETDB_SRC/go.sum")
  local patch
  for patch in "$ESEAL_FERRETDB_SRC"/patches/*.patch; do
    [ -f "$patch" ] && sources+=("$patch")
  done
  digest="$(sources_digest "${sources[@]}")"
  # Keyed by the sources too: clones at other commits on this machine share the cache, and one of
  # them must not rebuild another's binary (other patches) under its feet.
  cache_dir="$(tool_cache_dir ferretdb "$version-${digest:0:12}")"

  if ! ferretdb_cache_is_valid "$cache_dir" "$digest" "$version"; then
    mkdir -p "$(eseal_cache_root)"
    # Clones on one machine share the cache: one build at a time, and a waiter reuses its result.
    exec 9>"$(eseal_cache_root)/.ferretdb.lock"
    if command -v flock >/dev/null 2>&1; then
      flock 9
      remove_interrupted_ferretdb_builds
    fi
    if ferretdb_cache_is_valid "$cache_dir" "$digest" "$version"; then
      note "ferretdb: $version (built by another setup meanwhile)"
    else
      build_ferretdb_cache "$cache_dir" "$digest" "$version"
    fi
    exec 9>&-
  else
    note "ferretdb: $version (cached)"
  fi
  link_tool ferretdb "$cache_dir"
}

# Only called holding the build lock (so only where `flock` exists): no build is running then, so a
# staging folder still here is what an interrupted one (Ctrl-C, a killed CI job) left behind.
remove_interrupted_ferretdb_builds() {
  local leftover
  for leftover in "$(eseal_cache_root)"/.ferretdb-*; do
    [ -d "$leftover" ] || continue
    note "ferretdb: removing $(basename "$leftover"), left by an interrupted build"
    remove_tree "$leftover" || note "ferretdb: cannot remove $leftover; remove it by hand"
  done
}

build_ferretdb_cache() {
  local cache_dir="$1" digest="$2" version="$3"

  find_go || fail "go is not installed (Go $ESEAL_GO_MIN or newer is needed to build FerretDB $version)"
  check_go_version
  local started staging
  started="$(now_seconds)"
  # Build into a staging folder and rename it into place, so an interrupted build never
  # leaves a cache entry that looks complete.
  staging="$(mktemp -d "$(eseal_cache_root)/.ferretdb-$version.XXXXXX")"
  chmod 755 "$staging"
  note "ferretdb: building $version from the Go module proxy (a few minutes the first time)"
  if ! run_logged ferretdb-build build_ferretdb_into "$staging/$ESEAL_FERRETDB_BIN_NAME" "$staging/scratch"; then
    remove_tree "$staging"
    fail_with_log ferretdb-build "building FerretDB $version did not finish"
  fi
  if ! ferretdb_binary_reports "$staging/$ESEAL_FERRETDB_BIN_NAME" "$version"; then
    remove_tree "$staging"
    fail "the FerretDB binary just built does not report version $version"
  fi
  echo "$digest" >"$staging/sources.sha256"
  rm -rf "$cache_dir"
  mv "$staging" "$cache_dir"
  note "ferretdb: $version built in $(elapsed_since "$started")"
}
