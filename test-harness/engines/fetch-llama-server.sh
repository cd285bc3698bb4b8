#!/usr/bin/env bash
# Fetch a real llama.cpp `llama-server` into the repository's .cache, without installing anything
# system-wide (PROTOCOLS.md section G). Debian sid is the only suite that packages llama.cpp, and its
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
cache_root="${ORCH_CACHE_DIR:-${repo_root}/.cache}"
target="${cache_root}/llama-server"
wrapper="${target}/bin/llama-server"

if [[ -x "${wrapper}" && -s "${target}/VERSION" ]]; then
  echo "${wrapper}"
  exit 0
fi

log() { echo "fetch-llama-server: $*" >&2; }

mkdir -p "${cache_root}"
exec 9>"${cache_root}/llama-server.lock"
if ! flock -w 900 9; then
  log "timed out waiting for another fetch to finish (lock ${cache_root}/llama-server.lock)"
  exit 1
fi
# Another process may have finished while this one waited for the lock.
if [[ -x "${wrapper}" && -s "${target}/VERSION" ]]; then
  echo "${wrapper}"
  exit 0
fi

mirror="${ORCH_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
keyring="/usr/share/keyrings/debian-archive-keyring.gpg"
packages=(llama.cpp-tools libllama0 libggml0 libc6 libstdc++6 libgcc-s1 libssl3t64 libgomp1 libzstd1 zlib1g)

apt_dir="${cache_root}/llama-server-apt"
mkdir -p "${apt_dir}/lists/partial" "${apt_dir}/cache/archives/partial" "${apt_dir}/debs"
echo "deb [signed-by=${keyring}] ${mirror} sid main" >"${apt_dir}/sources.list"
apt_options=(
  -o "Dir::Etc::SourceList=${apt_dir}/sources.list"
  -o "Dir::Etc::SourceParts=/dev/null"
  -o "Dir::Etc::Preferences=/dev/null"
  -o "Dir::Etc::PreferencesParts=/dev/null"
  -o "Dir::State::Lists=${apt_dir}/lists"
  -o "Dir::Cache=${apt_dir}/cache"
  -o "Acquire::Languages=none"
  -o "APT::Sandbox::User=root"
  -q
)

# The private lists are refreshed when missing or older than a day; the system lists are never touched.
if [[ -z "$(find "${apt_dir}/lists" -maxdepth 1 -name '*_Packages*' -mtime -1 -print -quit)" ]]; then
  log "apt-get update (private lists for sid in ${apt_dir}/lists)"
  apt-get "${apt_options[@]}" update >&2
fi

download() {
  (cd "${apt_dir}/debs" && rm -f ./*.deb && apt-get "${apt_options[@]}" download "${packages[@]}" >&2)
}
log "downloading ${packages[*]}"
if ! download; then
  # sid moves fast: a version named in lists from earlier today may already be gone from the mirror.
  log "download failed; refreshing the private lists and trying once more"
  apt-get "${apt_options[@]}" update >&2
  download
fi

rm -rf "${cache_root}"/llama-server.staging.* # left by a run that was killed while holding the lock
staging="$(mktemp -d "${cache_root}/llama-server.staging.XXXXXX")"
trap 'rm -rf "${staging}"' EXIT
prefix="${staging}/prefix"
mkdir -p "${prefix}" "${staging}/bin"
for deb in "${apt_dir}"/debs/*.deb; do
  dpkg -x "${deb}" "${prefix}"
  dpkg-deb -f "${deb}" Package Version | paste -sd' ' >>"${staging}/PACKAGES"
done

libdir="${prefix}/usr/lib/x86_64-linux-gnu"
if [[ ! -e "${libdir}/ld-linux-x86-64.so.2" || ! -e "${prefix}/usr/bin/llama-server" ]]; then
  log "the unpacked packages lack the loader or llama-server; contents of ${prefix}:"
  find "${prefix}" -maxdepth 4 >&2
  exit 1
fi
# ggml looks for its CPU backends beside the executable, which is the loader here (section G).
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
  exit 1
fi

rm -rf "${target}"
mv -T "${staging}" "${target}"
trap - EXIT
log "ready: $(head -n 1 "${target}/VERSION")"
echo "${wrapper}"
