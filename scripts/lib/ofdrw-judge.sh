# shellcheck shell=bash
# The ofdrw judge (tools/ofdrw-judge): ofdrw from Maven Central, an independent OFD signer and
# verifier the interop tests compare us with. Built only when Java (javac) and Maven are present:
# without them setup says so and the interop tests report themselves skipped, naming the reason.
# Cached like the other tools, valid only for the exact sources it was built from.
# Sourced, not executed. Runs in ESEAL_ROOT; needs log.sh and cache.sh.

ESEAL_OFDRW_JUDGE_SRC="tools/ofdrw-judge"

ofdrw_judge_version() {
  sed -n 's#^ *<ofdrw.version>\([0-9][0-9.]*\)</ofdrw.version>$#\1#p' "$ESEAL_OFDRW_JUDGE_SRC/pom.xml" | head -n 1
}

ofdrw_judge_cache_is_valid() {
  local cache_dir="$1" digest="$2"
  [ -f "$cache_dir/sources.sha256" ] && [ "$(cat "$cache_dir/sources.sha256")" = "$digest" ] \
    && java -cp "$cache_dir/classes:$cache_dir/lib/*" OfdrwJudge version >/dev/null 2>&1
}

build_ofdrw_judge_into() {
  local out="$1"
  mvn -B -q -f "$ESEAL_OFDRW_JUDGE_SRC/pom.xml" dependency:copy-dependencies -DoutputDirectory="$out/lib" \
    && mkdir -p "$out/classes" \
    && javac -nowarn -cp "$out/lib/*" -d "$out/classes" "$ESEAL_OFDRW_JUDGE_SRC/src/OfdrwJudge.java"
}

ensure_ofdrw_judge() {
  if ! command -v java >/dev/null 2>&1 || ! command -v javac >/dev/null 2>&1 || ! command -v mvn >/dev/null 2>&1; then
    note "ofdrw judge: skipped (needs java, javac and mvn); the OFD interop tests will say they were skipped"
    return 0
  fi
  local version cache_dir digest
  version="$(ofdrw_judge_version)"
  [ -n "$version" ] || fail "cannot read the ofdrw version from $ESEAL_OFDRW_JUDGE_SRC/pom.xml"
  cache_dir="$(tool_cache_dir ofdrw-judge "$version")"
  digest="$(sources_digest "$ESEAL_OFDRW_JUDGE_SRC/pom.xml" "$ESEAL_OFDRW_JUDGE_SRC/src/OfdrwJudge.java")"
  if ofdrw_judge_cache_is_valid "$cache_dir" "$digest"; then
    note "ofdrw judge: ofdrw $version (cached)"
  else
    mkdir -p "$(eseal_cache_root)"
    exec 8>"$(eseal_cache_root)/.ofdrw-judge.lock"
    command -v flock >/dev/null 2>&1 && flock 8
    if ! ofdrw_judge_cache_is_valid "$cache_dir" "$digest"; then
      local started staging
      started="$(now_seconds)"
      staging="$(mktemp -d "$(eseal_cache_root)/.ofdrw-judge-$version.XXXXXX")"
      chmod 755 "$staging"
      if ! run_logged ofdrw-judge-build build_ofdrw_judge_into "$staging"; then
        rm -rf "$staging"
        fail_with_log ofdrw-judge-build "building the ofdrw judge (ofdrw $version from Maven Central) did not finish"
      fi
      echo "$digest" >"$staging/sources.sha256"
      rm -rf "$cache_dir"
      mv "$staging" "$cache_dir"
      note "ofdrw judge: ofdrw $version built in $(elapsed_since "$started")"
    fi
    exec 8>&-
  fi
  link_tool ofdrw-judge "$cache_dir"
}
