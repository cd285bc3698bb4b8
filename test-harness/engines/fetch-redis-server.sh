#!/usr/bin/env bash
# Fetch Debian's redis-server (and redis-cli) into the repository's .cache without installing anything
# system-wide, the way fetch-llama-server.sh and ../bench/fetch-nginx.sh fetch their programs (through
# fetch-debian-packages.sh): private apt lists and cache, `apt-get download` of the packages, `dpkg -x` into a
# private prefix. Redis comes from the machine's own Debian suite (bookworm by default), so it runs on the system
# C library; the libraries it links are unpacked beside it and found through LD_LIBRARY_PATH by the wrappers.
# The cluster tests (apps/orchestrator/test/cluster*.test.ts) and the fleet soak start it on a free loopback port
# (src/start-redis-server.ts).
#
# Idempotent and safe to run concurrently (a lock, a staging folder renamed into place).
# Prints the path of the wrapper (bin/redis-server) on stdout; progress goes to stderr. bin/redis-cli is beside it.
#
# Environment: ORCH_CACHE_DIR overrides the cache root (default: <repo>/.cache);
#              ORCH_DEBIAN_MIRROR overrides the archive (default: http://deb.debian.org/debian);
#              ORCH_DEBIAN_SUITE overrides the suite (default: VERSION_CODENAME of /etc/os-release, else bookworm).
set -euo pipefail

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "${script_dir}/../.." && pwd)"
# shellcheck source=fetch-debian-packages.sh
source "${script_dir}/fetch-debian-packages.sh"
cache_root="$(cache_root_of "${repo_root}")"
target="${cache_root}/redis"
wrapper="${target}/bin/redis-server"

if is_fetched "${target}" "${wrapper}"; then
  echo "${wrapper}"
  exit 0
fi

suite="$(machine_debian_suite)"

# Writes one wrapper that runs an unpacked program with the unpacked libraries.
write_wrapper() {
  local staging="$1" name="$2"
  cat >"${staging}/bin/${name}" <<WRAPPER
#!/bin/sh
here="\$(cd "\$(dirname "\$0")" && pwd)"
prefix="\${here}/../prefix"
LD_LIBRARY_PATH="\${prefix}/usr/lib/x86_64-linux-gnu:\${prefix}/lib/x86_64-linux-gnu\${LD_LIBRARY_PATH:+:\${LD_LIBRARY_PATH}}" \\
  exec "\${prefix}/usr/bin/${name}" "\$@"
WRAPPER
  chmod +x "${staging}/bin/${name}"
}

# Checks the unpacked redis, adds the wrappers and writes VERSION (only if it runs).
finish_redis() {
  local staging="$1"
  local prefix="${staging}/prefix"
  # Debian ships redis-server as a symbolic link to redis-check-rdb (one binary, chosen by its name).
  if [[ ! -e "${prefix}/usr/bin/redis-server" || ! -x "${prefix}/usr/bin/redis-cli" ]]; then
    log "the unpacked packages lack usr/bin/redis-server or redis-cli; contents of ${prefix}:"
    find "${prefix}" -maxdepth 4 >&2
    return 1
  fi
  write_wrapper "${staging}" redis-server
  write_wrapper "${staging}" redis-cli
  if ! "${staging}/bin/redis-server" --version >"${staging}/VERSION" 2>&1 || ! grep -q 'Redis server' "${staging}/VERSION"; then
    log "the unpacked redis-server does not run:"
    cat "${staging}/VERSION" >&2
    return 1
  fi
}

# redis-server's binary is in redis-tools; the libraries it links that a slim system may lack (libc6, libssl3 and
# libsystemd0 are usually there, unpacked anyway so that the wrapper does not depend on it).
packages=(redis-server redis-tools libjemalloc2 liblzf1 liblua5.1-0 lua-bitop lua-cjson libssl3 libatomic1)
# A stable suite changes rarely: the private lists are refreshed weekly.
fetch_debian_packages "${target}" "${suite}" 7 600 finish_redis "${packages[@]}"
echo "${wrapper}"
