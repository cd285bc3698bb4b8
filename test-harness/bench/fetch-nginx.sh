#!/usr/bin/env bash
# Fetch Debian's nginx into the repository's .cache without installing anything system-wide, the way
# test-harness/engines/fetch-llama-server.sh fetches llama-server: private apt lists and cache, `apt-get download`
# of the packages, `dpkg -x` into a private prefix. nginx comes from the machine's own Debian suite (bookworm by
# default), so it runs on the system C library; its few libraries are unpacked beside it and found through
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
cache_root="${ORCH_CACHE_DIR:-${repo_root}/.cache}"
target="${cache_root}/nginx"
wrapper="${target}/bin/nginx"

if [[ -x "${wrapper}" && -s "${target}/VERSION" ]]; then
  echo "${wrapper}"
  exit 0
fi

log() { echo "fetch-nginx: $*" >&2; }

mkdir -p "${cache_root}"
exec 9>"${cache_root}/nginx.lock"
if ! flock -w 600 9; then
  log "timed out waiting for another fetch to finish (lock ${cache_root}/nginx.lock)"
  exit 1
fi
if [[ -x "${wrapper}" && -s "${target}/VERSION" ]]; then
  echo "${wrapper}"
  exit 0
fi

suite="${ORCH_DEBIAN_SUITE:-}"
if [[ -z "${suite}" && -r /etc/os-release ]]; then
  suite="$(. /etc/os-release && echo "${VERSION_CODENAME:-}")"
fi
suite="${suite:-bookworm}"
mirror="${ORCH_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
keyring="/usr/share/keyrings/debian-archive-keyring.gpg"
# nginx itself and the libraries it links (libc6 is the system's own: same suite).
packages=(nginx libcrypt1 libpcre2-8-0 libssl3 zlib1g)

apt_dir="${cache_root}/nginx-apt"
mkdir -p "${apt_dir}/lists/partial" "${apt_dir}/cache/archives/partial" "${apt_dir}/debs"
echo "deb [signed-by=${keyring}] ${mirror} ${suite} main" >"${apt_dir}/sources.list"
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

if [[ -z "$(find "${apt_dir}/lists" -maxdepth 1 -name '*_Packages*' -mtime -7 -print -quit)" ]]; then
  log "apt-get update (private lists for ${suite} in ${apt_dir}/lists)"
  apt-get "${apt_options[@]}" update >&2
fi

download() {
  (cd "${apt_dir}/debs" && rm -f ./*.deb && apt-get "${apt_options[@]}" download "${packages[@]}" >&2)
}
log "downloading ${packages[*]}"
if ! download; then
  log "download failed; refreshing the private lists and trying once more"
  apt-get "${apt_options[@]}" update >&2
  download
fi

rm -rf "${cache_root}"/nginx.staging.*
staging="$(mktemp -d "${cache_root}/nginx.staging.XXXXXX")"
trap 'rm -rf "${staging}"' EXIT
prefix="${staging}/prefix"
mkdir -p "${prefix}" "${staging}/bin"
for deb in "${apt_dir}"/debs/*.deb; do
  dpkg -x "${deb}" "${prefix}"
  dpkg-deb -f "${deb}" Package Version | paste -sd' ' >>"${staging}/PACKAGES"
done

if [[ ! -x "${prefix}/usr/sbin/nginx" ]]; then
  log "the unpacked packages lack usr/sbin/nginx; contents of ${prefix}:"
  find "${prefix}" -maxdepth 4 >&2
  exit 1
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
  exit 1
fi

rm -rf "${target}"
mv -T "${staging}" "${target}"
trap - EXIT
log "ready: $(head -n 1 "${target}/VERSION")"
echo "${wrapper}"
