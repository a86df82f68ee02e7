#!/usr/bin/env bash
# Debian's Chromium for the browser test of the API reference (test/e2e/api-docs-browser.test.ts,
# driven by playwright-core with executablePath=/usr/bin/chromium). Idempotent: does nothing when
# chromium is already installed. Run as root (CI, containers).
#
#   bash scripts/install-browser.sh
#
# --no-install-recommends keeps it to chromium, chromium-common and their libraries (25 packages
# on bookworm, 124 MB download, 414 MB on disk, ~16 s with warm package lists): nothing the
# headless test does not need.
set -euo pipefail

if command -v chromium >/dev/null 2>&1; then
  echo "install-browser: $(chromium --version 2>/dev/null || echo chromium) already installed"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "install-browser: run as root (apt-get install chromium)" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# Lists older than a day (or never fetched) are refreshed first; a fresh container has none.
if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -mmin -1440 -print -quit 2>/dev/null)" ]; then
  apt-get update -qq
fi
apt-get install -y -qq --no-install-recommends chromium >/dev/null
echo "install-browser: $(chromium --version 2>/dev/null) installed"
