#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests of the status page (apps/orchestrator/test/ui-page.test.ts).
# Idempotent: does nothing when /usr/bin/chromium is already there. playwright-core drives this binary; its own
# browser download is never used.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
  sudo_prefix=()
else
  sudo_prefix=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_prefix[@]}" apt-get update
"${sudo_prefix[@]}" apt-get install -y --no-install-recommends chromium fonts-dejavu-core
