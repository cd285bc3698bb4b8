#!/usr/bin/env bash
# Shared by every script that fetches a program into the repository's .cache (fetch-debian-packages.sh, so
# fetch-llama-server.sh and ../bench/fetch-nginx.sh, and ../node-lines/fetch-node.sh): source this file, then call
#
#   fetch_into_cache <target-dir> <lock-wait-s> <build-function> [<argument>...]
#
# It builds <target-dir> at most once however many callers run at the same time: it takes a lock
# (<target-dir>.lock), returns at once when another caller finished while this one waited (<target-dir>/VERSION
# written), else calls `<build-function> <staging> <argument>...` on a fresh staging folder beside the target
# and, once the build has written <staging>/VERSION, renames the staging folder to <target-dir>. The rename is
# atomic, so a reader sees either no <target-dir> or a finished one. A staging folder left by a run that was
# killed while holding the lock is removed first.
#
# `log` (progress to stderr, prefixed with the script's name), `cache_root_of` and `is_fetched` are defined here for
# the fetch scripts too.

log() { echo "$(basename "$0" .sh): $*" >&2; }

# The cache root of the repository at <repo-root>: ORCH_CACHE_DIR when set, else <repo-root>/.cache.
cache_root_of() { echo "${ORCH_CACHE_DIR:-$1/.cache}"; }

# True when `<target-dir>` is a finished fetch (VERSION written) and its program `<wrapper>` is executable: the
# fast path every fetch script takes before any lock or download.
is_fetched() { [[ -x "$2" && -s "$1/VERSION" ]]; }

fetch_into_cache() {
  local target="$1" lock_wait_s="$2" build="$3"
  shift 3

  mkdir -p "$(dirname "${target}")"
  exec 9>"${target}.lock"
  if ! flock -w "${lock_wait_s}" 9; then
    log "timed out waiting for another fetch to finish (lock ${target}.lock)"
    return 1
  fi
  # Another process may have finished while this one waited for the lock.
  if [[ -s "${target}/VERSION" ]]; then
    return 0
  fi

  rm -rf "${target}".staging.*
  local staging
  staging="$(mktemp -d "${target}.staging.XXXXXX")"
  chmod 755 "${staging}" # mktemp makes it private; the cache is shared
  # shellcheck disable=SC2064 # expand now: the trap runs after this function's locals are gone
  trap "rm -rf '${staging}'" EXIT

  "${build}" "${staging}" "$@"
  if [[ ! -s "${staging}/VERSION" ]]; then
    log "${build} wrote no VERSION in ${staging}"
    return 1
  fi

  rm -rf "${target}"
  mv -T "${staging}" "${target}"
  trap - EXIT
}
