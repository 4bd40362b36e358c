#!/usr/bin/env bash
# `npm run setup`: everything the app and the tests need on a fresh Debian/Ubuntu machine.
#  - System packages: a Secret Service (gnome-keyring + D-Bus + secret-tool) for the keychain,
#    Chromium and Xvfb for the browser tests, zsh and fish for the completion tests. Installed with
#    apt-get when missing (root or sudo).
#  - npm dependencies (npm ci), then a build.
set -euo pipefail
cd "$(dirname "$0")/.."

PKGS=(gnome-keyring dbus dbus-x11 libsecret-tools chromium xvfb xauth git zsh fish)
missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for p in "${PKGS[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    echo "setup: installing system packages: ${missing[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
else
  echo "setup: not a Debian-like system; install a Secret Service (gnome-keyring or KWallet), secret-tool, Chromium and Xvfb yourself." >&2
fi

export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
npm run build --silent
echo "setup: done. Start the app with 'npm start', run the tests with 'npm test'."
