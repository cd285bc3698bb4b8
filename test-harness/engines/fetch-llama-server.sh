#!/usr/bin/env bash
# Fetch a real llama.cpp `llama-server` into the repository's .cache, without installing anything
# system-wide (specs/engines/real-llama-server.md). Debian sid is the only suite that packages llama.cpp, and its
# binaries need a newer libc than this machine has, so the packages and sid's own C runtime are unpacked
# into one private prefix and the server is started through that prefix's dynamic loader.
#
# Idempotent and safe to run concurrently: the first run takes a lock, builds the prefix in a staging
# folder and renames it into place; later runs see the finished folder and return at once.
# Prints the path of the wrapper (bin/llama-server) on stdout; progress goes to stderr.
#
# Environment: ORCH_CACHE_DIR overrides the cache root (default: <repo>/.cache);
#              ORCH_DEBIAN_MIRROR overrides the archive (default: http://deb.debian.org/debian).
set -euo pipefail

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "${script_dir}/../.." && pwd)"
# shellcheck source=fetch-debian-packages.sh
source "${script_dir}/fetch-debian-packages.sh"
cache_root="$(cache_root_of "${repo_root}")"
target="${cache_root}/llama-server"
wrapper="${target}/bin/llama-server"

if is_fetched "${target}" "${wrapper}"; then
  echo "${wrapper}"
  exit 0
fi

# Makes the unpacked prefix runnable: the ggml backend links, the wrapper and VERSION (written only if it runs).
finish_llama_server() {
  local staging="$1"
  local prefix="${staging}/prefix"
  local libdir="${prefix}/usr/lib/x86_64-linux-gnu"
  if [[ ! -e "${libdir}/ld-linux-x86-64.so.2" || ! -e "${prefix}/usr/bin/llama-server" ]]; then
    log "the unpacked packages lack the loader or llama-server; contents of ${prefix}:"
    find "${prefix}" -maxdepth 4 >&2
    return 1
  fi
  # ggml looks for its CPU backends beside the executable, which is the loader here (specs/engines/real-llama-server.md).
  for backend in "${libdir}"/ggml/backends0/libggml-cpu-*.so; do
    ln -sf "ggml/backends0/$(basename "${backend}")" "${libdir}/$(basename "${backend}")"
  done

  # The wrapper finds the prefix relative to itself, so the finished folder can be renamed or moved.
  cat >"${staging}/bin/llama-server" <<'WRAPPER'
#!/bin/sh
here="$(cd "$(dirname "$0")" && pwd)"
lib="${here}/../prefix/usr/lib/x86_64-linux-gnu"
exec "${lib}/ld-linux-x86-64.so.2" --library-path "${lib}:${lib}/llama" "${here}/../prefix/usr/bin/llama-server" "$@"
WRAPPER
  chmod +x "${staging}/bin/llama-server"

  if ! "${staging}/bin/llama-server" --version >"${staging}/VERSION" 2>&1 || ! grep -q 'version' "${staging}/VERSION"; then
    log "the unpacked llama-server does not run:"
    cat "${staging}/VERSION" >&2
    return 1
  fi
}

packages=(llama.cpp-tools libllama0 libggml0 libc6 libstdc++6 libgcc-s1 libssl3t64 libgomp1 libzstd1 zlib1g)
# The private sid lists are refreshed when older than a day: sid moves fast.
fetch_debian_packages "${target}" sid 1 900 finish_llama_server "${packages[@]}"
echo "${wrapper}"
