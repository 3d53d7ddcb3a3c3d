#!/usr/bin/env bash
# The README's test command: installs what a fresh machine lacks for the browser tests
# (Debian's Chromium), then runs every test: Java unit and API tests, the frontend's Vitest
# suite, browser tests and the packaged-app integration tests. Extra arguments go to Maven.
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v npm >/dev/null 2>&1; then
  echo "Node.js 20+ with npm is required (see README.md)" >&2
  exit 1
fi
if [ ! -x /usr/bin/chromium ]; then
  echo "Installing Debian's Chromium for the browser tests (once)"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
fi

exec ./mvnw -B -ntp verify "$@"
