#!/usr/bin/env bash
# Installs the Debian packages toc-editor needs when they are missing:
# graphviz (the real `dot`), chromium (browser tests), poppler-utils (PDF checks).
# Runs apt-get as root, or through sudo. Does nothing when everything is present.
set -euo pipefail

need=()
command -v dot >/dev/null 2>&1 || need+=(graphviz)
[ "${1:-}" = "--with-test-tools" ] && {
  [ -x /usr/bin/chromium ] || need+=(chromium)
  command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
  command -v pg_isready >/dev/null 2>&1 || need+=(postgresql-client)
}
[ ${#need[@]} -eq 0 ] && exit 0

echo "installing Debian packages: ${need[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
