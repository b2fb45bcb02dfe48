#!/usr/bin/env bash
# Installs the Debian packages the app and its tests need: Mesa's lavapipe Vulkan driver from bookworm-backports
# (Dawn rejects bookworm's Mesa 22) and Debian's Chromium for Playwright. Idempotent; needs root.
set -euo pipefail

sources=/etc/apt/sources.list.d/debian.sources
backports=/etc/apt/sources.list.d/bookworm-backports.list

need_install() {
  # lavapipe's ICD from Mesa >= 25 plus chromium; anything missing means we install.
  local mesa
  mesa=$(dpkg-query -W -f='${Version}' mesa-vulkan-drivers 2>/dev/null || true)
  [[ "$mesa" != 25* ]] || ! command -v chromium >/dev/null 2>&1
}

if ! need_install; then
  exit 0
fi

if [[ ! -f "$backports" ]]; then
  # Reuse the mirror this machine already uses; never hard-code a registry host.
  uri=$(awk '/^URIs:/ {print $2; exit}' "$sources" 2>/dev/null || true)
  if [[ -z "$uri" ]]; then
    uri=$(awk '/^deb / {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
  fi
  [[ -n "$uri" ]] || { echo "system-deps: cannot find the Debian mirror URI" >&2; exit 1; }
  echo "deb $uri bookworm-backports main" > "$backports"
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq -t bookworm-backports mesa-vulkan-drivers >/dev/null
apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
