#!/bin/sh
# Runs a command inside a private D-Bus session with an unlocked gnome-keyring, so keytar talks to
# a real Secret Service. HOME is a temporary folder: the test keyring never touches a real one.
set -eu
if ! command -v dbus-run-session >/dev/null 2>&1 || ! command -v gnome-keyring-daemon >/dev/null 2>&1; then
  echo "with-keyring: dbus-run-session and gnome-keyring-daemon are needed (apt-get install dbus gnome-keyring)" >&2
  exit 2
fi
KEYRING_HOME=$(mktemp -d)
export SESSION_DESK_REAL_HOME="$HOME"
export npm_config_cache="${npm_config_cache:-$HOME/.npm}"
trap 'rm -rf "$KEYRING_HOME"' EXIT
HOME="$KEYRING_HOME" dbus-run-session -- sh -c 'echo -n session-desk-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null; exec "$@"' sh "$@"
