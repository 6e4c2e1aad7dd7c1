# shellcheck shell=bash
# Debian tools the test suite uses as independent judges of our output: qpdf (structure check),
# poppler-utils (pdfsig, pdftoppm, pdftotext), openssl (SM2 interop), zbar-tools (QR decoding) and
# chromium (the page tests drive Debian's browser through playwright-core; nothing is downloaded).
# Tests must not skip for want of them, so setup installs whichever is missing. An entry whose check
# is an absolute path is a file the service itself needs: the CJK font of evidence certificates and
# verification reports (fonts-wqy-microhei). Reuses as_root from redis.sh.
# Sourced, not executed. Needs log.sh.

ESEAL_TEST_TOOLS="qpdf:qpdf pdfsig:poppler-utils pdftoppm:poppler-utils openssl:openssl zbarimg:zbar-tools chromium:chromium /usr/share/fonts/truetype/wqy/wqy-microhei.ttc:fonts-wqy-microhei"

ensure_test_tools() {
  local missing=() entry command package
  for entry in $ESEAL_TEST_TOOLS; do
    command="${entry%%:*}"
    package="${entry##*:}"
    if [ "${command#/}" != "$command" ]; then
      [ -e "$command" ] || missing+=("$package")
    else
      command -v "$command" >/dev/null 2>&1 || missing+=("$package")
    fi
  done
  [ "${#missing[@]}" -eq 0 ] && return 0
  # Deduplicate: pdfsig and pdftoppm come from one package.
  mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
  command -v apt-get >/dev/null 2>&1 || fail "test tools missing (${missing[*]}) and apt-get is missing: install them by hand"
  local started
  started="$(now_seconds)"
  if ! run_logged apt-test-tools as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"; then
    note "test tools: package lists look stale, running apt-get update"
    run_logged apt-update as_root apt-get update -q || fail_with_log apt-update "apt-get update did not finish (root or passwordless sudo is needed)"
    run_logged apt-test-tools as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" \
      || fail_with_log apt-test-tools "apt-get install ${missing[*]} did not finish"
  fi
  note "test tools: installed ${missing[*]} in $(elapsed_since "$started")"
}
