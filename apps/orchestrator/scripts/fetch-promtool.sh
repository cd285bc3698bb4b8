#!/usr/bin/env bash
# Fetch Debian's prometheus package into the repository's .cache without installing anything system-wide (the
# same mechanism as test-harness/engines/fetch-llama-server.sh and test-harness/bench/fetch-nginx.sh: private apt
# lists and cache, `apt-get download`, `dpkg -x` into a private prefix). Only its promtool is used: the metrics
# test runs `promtool check metrics` on a live scrape of the orchestrator. promtool is a Go program that needs
# nothing but the system C library, so none of the package's web-UI dependencies are fetched.
#
# Idempotent and safe to run concurrently (a lock, a staging folder renamed into place).
# Prints the path of the wrapper (bin/promtool) on stdout; progress goes to stderr.
#
# Environment: ORCH_CACHE_DIR overrides the cache root (default: <repo>/.cache);
#              ORCH_DEBIAN_MIRROR overrides the archive (default: http://deb.debian.org/debian);
#              ORCH_DEBIAN_SUITE overrides the suite (default: VERSION_CODENAME of /etc/os-release, else bookworm).
set -euo pipefail

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "${script_dir}/../../.." && pwd)"
# shellcheck source=../../../test-harness/engines/fetch-debian-packages.sh
source "${repo_root}/test-harness/engines/fetch-debian-packages.sh"
cache_root="$(cache_root_of "${repo_root}")"
target="${cache_root}/promtool"
wrapper="${target}/bin/promtool"

if is_fetched "${target}" "${wrapper}"; then
  echo "${wrapper}"
  exit 0
fi

suite="$(machine_debian_suite)"

# Checks the unpacked promtool, adds the wrapper and writes VERSION (only if it runs).
finish_promtool() {
  local staging="$1"
  local binary="${staging}/prefix/usr/bin/promtool"
  if [[ ! -x "${binary}" ]]; then
    log "the unpacked package lacks usr/bin/promtool; contents of ${staging}/prefix:"
    find "${staging}/prefix" -maxdepth 3 >&2
    return 1
  fi
  # Only promtool is kept: the prometheus server binary and its web assets are not needed.
  rm -f "${staging}/prefix/usr/bin/prometheus"
  cat >"${staging}/bin/promtool" <<'WRAPPER'
#!/bin/sh
here="$(cd "$(dirname "$0")" && pwd)"
exec "${here}/../prefix/usr/bin/promtool" "$@"
WRAPPER
  chmod +x "${staging}/bin/promtool"
  if ! "${staging}/bin/promtool" --version >"${staging}/VERSION" 2>&1 || ! grep -q 'promtool, version' "${staging}/VERSION"; then
    log "the unpacked promtool does not run:"
    cat "${staging}/VERSION" >&2
    return 1
  fi
}

# A stable suite changes rarely: the private lists are refreshed weekly.
fetch_debian_packages "${target}" "${suite}" 7 600 finish_promtool prometheus
echo "${wrapper}"
