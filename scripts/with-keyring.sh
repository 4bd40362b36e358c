#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with a fresh, unlocked gnome-keyring Secret Service.
# Usage: scripts/with-keyring.sh <command> [args…]
# A fresh XDG_DATA_HOME every time: a reused keyring dir comes up locked (see DEVELOPERS.md).
set -euo pipefail
if [ -z "${CAT_KEYRING_INNER:-}" ]; then
  command -v dbus-run-session >/dev/null || { echo "with-keyring: dbus-run-session not found; run 'npm run setup' first" >&2; exit 127; }
  command -v gnome-keyring-daemon >/dev/null || { echo "with-keyring: gnome-keyring-daemon not found; run 'npm run setup' first" >&2; exit 127; }
  exec env CAT_KEYRING_INNER=1 dbus-run-session -- "$0" "$@"
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cat-keyring.XXXXXX")
mkdir -p "$tmp/data" "$tmp/run"
chmod 700 "$tmp" "$tmp/run"
export XDG_DATA_HOME="$tmp/data" XDG_RUNTIME_DIR="$tmp/run"
eval "$(printf pw | gnome-keyring-daemon --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL
trap 'kill "${GNOME_KEYRING_PID:-0}" 2>/dev/null || true; rm -rf "$tmp"' EXIT
"$@"
