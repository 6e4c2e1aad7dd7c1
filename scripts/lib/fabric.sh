# shellcheck shell=bash
# Hyperledger Fabric binaries for the Fabric test suite, built once from the Go module proxy into
# the cache outside the clone (network/scripts/build-fabric.sh does the work and is a no-op when cached).
# Sourced, not executed. Needs log.sh.

ensure_fabric() {
  local started
  started="$(now_seconds)"
  run_logged fabric-build bash network/scripts/build-fabric.sh || fail_with_log fabric-build "building the Fabric binaries failed"
  note "fabric: $(cat .tools/fabric/COMMIT 2>/dev/null | cut -c1-12) ready in $(elapsed_since "$started")"
}
