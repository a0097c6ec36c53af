#!/usr/bin/env bash
# Sets up a fresh Debian/Ubuntu machine: the system packages of ../shared/toolchain.md (keytar's
# libsecret, a Secret Service for tests, Chromium for Playwright, Xvfb; sqlite3 and time, the
# floor and the stopwatch of the export benchmark), then `npm ci`.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(libsecret-1-dev gnome-keyring dbus dbus-x11 libsecret-tools chromium xvfb sqlite3 time)
if command -v dpkg-query >/dev/null 2>&1; then
  missing=()
  for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "setup: installing ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
else
  echo "setup: not a Debian-like system; install these yourself if missing: ${packages[*]}"
fi

npm ci --no-audit --no-fund
