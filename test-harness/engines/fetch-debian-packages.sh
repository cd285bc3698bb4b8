#!/usr/bin/env bash
# Shared by fetch-llama-server.sh and ../bench/fetch-nginx.sh: source this file, then call
#
#   fetch_debian_packages <target-dir> <suite> <lists-max-age-days> <lock-wait-s> <finish-function> <package>...
#
# It downloads Debian packages with apt-get and unpacks them into a private prefix, installing nothing
# system-wide: private apt lists, cache and sources in <target-dir>-apt (the system's lists are never touched),
# `apt-get download` of exactly the named packages, `dpkg -x` of each into <staging>/prefix and one
# "Package Version" line each in <staging>/PACKAGES. Then it calls `<finish-function> <staging>`, which adds the
# wrapper and writes <staging>/VERSION (failing if the unpacked program does not run), and renames the staging
# folder to <target-dir>. Idempotent and safe to run concurrently (fetch_into_cache): a caller sees either no
# <target-dir> or a finished one (<target-dir>/VERSION written).
#
# The lock, the staging folder, the rename and `log` come from fetch-into-cache.sh. Environment:
# ORCH_DEBIAN_MIRROR overrides the archive (default: http://deb.debian.org/debian).

# shellcheck source=fetch-into-cache.sh
source "$(dirname "${BASH_SOURCE[0]}")/fetch-into-cache.sh"

# The Debian suite of this machine, for programs that must run on its C library: ORCH_DEBIAN_SUITE when set,
# else VERSION_CODENAME of /etc/os-release, else bookworm.
machine_debian_suite() {
  local suite="${ORCH_DEBIAN_SUITE:-}"
  if [[ -z "${suite}" && -r /etc/os-release ]]; then
    suite="$(. /etc/os-release && echo "${VERSION_CODENAME:-}")"
  fi
  echo "${suite:-bookworm}"
}

fetch_debian_packages() {
  local target="$1" suite="$2" lists_max_age_days="$3" lock_wait_s="$4" finish="$5"
  shift 5
  fetch_into_cache "${target}" "${lock_wait_s}" \
    unpack_debian_packages "${target}" "${suite}" "${lists_max_age_days}" "${finish}" "$@"
  log "ready: $(head -n 1 "${target}/VERSION")"
}

# The build step of fetch_debian_packages: `unpack_debian_packages <staging> <target-dir> <suite>
# <lists-max-age-days> <finish-function> <package>...`.
unpack_debian_packages() {
  local staging="$1" target="$2" suite="$3" lists_max_age_days="$4" finish="$5"
  shift 5
  local packages=("$@")

  local mirror="${ORCH_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
  local keyring="/usr/share/keyrings/debian-archive-keyring.gpg"
  local apt_dir="${target}-apt"
  mkdir -p "${apt_dir}/lists/partial" "${apt_dir}/cache/archives/partial" "${apt_dir}/debs"
  echo "deb [signed-by=${keyring}] ${mirror} ${suite} main" >"${apt_dir}/sources.list"
  local apt_options=(
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

  # The private lists are refreshed when missing or older than the given number of days.
  if [[ -z "$(find "${apt_dir}/lists" -maxdepth 1 -name '*_Packages*' -mtime "-${lists_max_age_days}" -print -quit)" ]]; then
    log "apt-get update (private lists for ${suite} in ${apt_dir}/lists)"
    apt-get "${apt_options[@]}" update >&2
  fi

  log "downloading ${packages[*]}"
  if ! (cd "${apt_dir}/debs" && rm -f ./*.deb && apt-get "${apt_options[@]}" download "${packages[@]}" >&2); then
    # A suite that moves fast (sid) may already have dropped a version named in lists from earlier today.
    log "download failed; refreshing the private lists and trying once more"
    apt-get "${apt_options[@]}" update >&2
    (cd "${apt_dir}/debs" && rm -f ./*.deb && apt-get "${apt_options[@]}" download "${packages[@]}" >&2)
  fi

  mkdir -p "${staging}/prefix" "${staging}/bin"
  local deb
  for deb in "${apt_dir}"/debs/*.deb; do
    dpkg -x "${deb}" "${staging}/prefix"
    dpkg-deb -f "${deb}" Package Version | paste -sd' ' >>"${staging}/PACKAGES"
  done

  "${finish}" "${staging}"
}
