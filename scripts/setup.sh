#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR/..
# `npm run setup`: everything a clone needs before `npm start` / `npm test`.
#   1. npm dependencies (npm ci when package-lock.json exists, else npm install)
#   2. redis-server from Debian packages, when absent
#   3. the Debian tools tests use as independent judges (qpdf, poppler-utils, openssl) and chromium
#   4. FerretDB v1 (SQLite handler) built from the Go module proxy, cached outside the clone
#   5. Hyperledger Fabric binaries (peer, orderer, tools) for the Fabric suite, cached the same way
#   6. the TypeScript build (tsc -b), the `seal` CLI bundle (esbuild into server/dist/cli) and the web pages
#      (esbuild into web/dist)
#   7. the ofdrw judge for the OFD interop tests, cached the same way (only when Java and Maven are present)
# Idempotent: a second run only checks. Any failure ends with one `setup: FAILED: ...` line
# and a non-zero exit; step logs are kept under .data/setup/.
set -Eeuo pipefail

ESEAL_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ESEAL_ROOT
cd "$ESEAL_ROOT"

. scripts/lib/log.sh
. scripts/lib/cache.sh
. scripts/lib/node-deps.sh
. scripts/lib/redis.sh
. scripts/lib/test-tools.sh
. scripts/lib/ferretdb.sh
. scripts/lib/fabric.sh
. scripts/lib/ofdrw-judge.sh

# Anything that escapes the explicit checks below still ends in one clear line.
on_unexpected_error() {
  echo "setup: FAILED: unexpected error (exit $1) at scripts/setup.sh line $2" >&2
}
trap 'on_unexpected_error $? $LINENO' ERR

setup_started="$(now_seconds)"
check_node
install_node_deps
check_project_runtime
ensure_redis_server
ensure_test_tools
ensure_ferretdb
ensure_fabric

tsc_started="$(now_seconds)"
run_logged tsc npx --no-install tsc -b || fail_with_log tsc "TypeScript build failed"
note "typescript: built in $(elapsed_since "$tsc_started")"
run_logged cli npm run --silent build -w @eseal/server || fail_with_log cli "bundling the seal CLI failed"
web_started="$(now_seconds)"
run_logged web npm run --silent build -w @eseal/web || fail_with_log web "building the web pages failed"
note "web pages: built in $(elapsed_since "$web_started")"
ensure_ofdrw_judge

note "done in $(elapsed_since "$setup_started"): \`npm start\` runs the service, \`npm test\` the tests"
