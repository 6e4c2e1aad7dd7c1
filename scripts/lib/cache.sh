# shellcheck shell=bash
# Where built tools live: outside the clone, so a fresh clone (CI) reuses them.
# Layout: ${XDG_CACHE_HOME:-$HOME/.cache}/eseal/<tool>-<version>/, linked from .tools/<tool>.
# Sourced, not executed. Needs ESEAL_ROOT.

eseal_cache_root() {
  echo "${XDG_CACHE_HOME:-${HOME:?HOME is not set}/.cache}/eseal"
}

# tool_cache_dir TOOL VERSION
tool_cache_dir() {
  echo "$(eseal_cache_root)/$1-$2"
}

# link_tool TOOL DIR: point .tools/TOOL at DIR (replacing any older link).
# .tools/ stays a real folder so other tools (Fabric binaries) can link beside it.
link_tool() {
  local tool="$1" target="$2"
  mkdir -p "$ESEAL_ROOT/.tools"
  ln -sfn "$target" "$ESEAL_ROOT/.tools/$tool"
}

# sha256 of the given files' contents, in order: a cached build is valid only for the sources it came from.
sources_digest() {
  cat "$@" | sha256sum | cut -d' ' -f1
}
