#!/usr/bin/env bash
# Fetch Debian's nginx into the repository's .cache without installing anything system-wide, the way
# test-harness/engines/fetch-llama-server.sh fetches llama-server (both through fetch-debian-packages.sh there):
# private apt lists and cache, `apt-get download` of the packages, `dpkg -x` into a private prefix. nginx comes
# from the machine's own Debian suite (bookworm by default), so it runs on the system C library; its few
# libraries are unpacked beside it and found through
# LD_LIBRARY_PATH by the wrapper.
#
# Idempotent and safe to run concurrently (a lock, a staging folder renamed into place).
# Prints the path of the wrapper (bin/nginx) on stdout; progress goes to stderr.
#
# Environment: ORCH_CACHE_DIR overrides the cache root (default: <repo>/.cache);
#              ORCH_DEBIAN_MIRROR overrides the archive (default: http://deb.debian.org/debian);
#              ORCH_DEBIAN_SUITE overrides the suite (default: VERSION_CODENAME of /etc/os-release, else bookworm).
set -euo pipefail

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "${script_dir}/../.." && pwd)"
# shellcheck source=../engines/fetch-debian-packages.sh
source "${repo_root}/test-harness/engines/fetch-debian-packages.sh"
cache_root="$(cache_root_of "${repo_root}")"
target="${cache_root}/nginx"
wrapper="${target}/bin/nginx"

if is_fetched "${target}" "${wrapper}"; then
  echo "${wrapper}"
  exit 0
fi

suite="$(machine_debian_suite)"

# Checks the unpacked nginx, adds the wrapper and writes VERSION (only if it runs).
finish_nginx() {
  local staging="$1"
  local prefix="${staging}/prefix"
  if [[ ! -x "${prefix}/usr/sbin/nginx" ]]; then
    log "the unpacked packages lack usr/sbin/nginx; contents of ${prefix}:"
    find "${prefix}" -maxdepth 4 >&2
    return 1
  fi

  cat >"${staging}/bin/nginx" <<'WRAPPER'
#!/bin/sh
here="$(cd "$(dirname "$0")" && pwd)"
prefix="${here}/../prefix"
LD_LIBRARY_PATH="${prefix}/usr/lib/x86_64-linux-gnu:${prefix}/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:${LD_LIBRARY_PATH}}" \
  exec "${prefix}/usr/sbin/nginx" "$@"
WRAPPER
  chmod +x "${staging}/bin/nginx"

  if ! "${staging}/bin/nginx" -v >"${staging}/VERSION" 2>&1 || ! grep -q 'nginx version' "${staging}/VERSION"; then
    log "the unpacked nginx does not run:"
    cat "${staging}/VERSION" >&2
    return 1
  fi
}

# nginx itself and the libraries it links (libc6 is the system's own: same suite).
packages=(nginx libcrypt1 libpcre2-8-0 libssl3 zlib1g)
# A stable suite changes rarely: the private lists are refreshed weekly.
fetch_debian_packages "${target}" "${suite}" 7 600 finish_nginx "${packages[@]}"
echo "${wrapper}"
