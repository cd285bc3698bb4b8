#!/usr/bin/env bash
# Stands in for npm in the tests of fetch-node.sh: answers the `npm view` and `npm pack` calls that the script
# makes, for a package whose tarball holds a `bin/node` shell script that prints its version. Knobs:
#   FAKE_NPM_VERSIONS   the published versions, separated by spaces
#   FAKE_NPM_REGISTRY   folder where the tarballs are made, once per version
#   FAKE_NPM_LOG        file that gets one line per call (the arguments)
#   FAKE_NPM_OFFLINE=1  every call fails as it does without a network
#   FAKE_NPM_CORRUPT=1  `npm pack` hands out other bytes than the ones dist.integrity describes
set -euo pipefail
echo "$*" >>"${FAKE_NPM_LOG}"
if [[ "${FAKE_NPM_OFFLINE:-0}" == 1 ]]; then
  echo "npm error code ENOTFOUND" >&2
  exit 1
fi

command="$1"
spec="$2"
name="${spec%@*}"
range="${spec##*@}"

matching=()
for version in ${FAKE_NPM_VERSIONS}; do
  if [[ "${version}" == "${range}" || "${version}" == "${range}."* ]]; then matching+=("${version}"); fi
done
if [[ ${#matching[@]} -eq 0 ]]; then
  echo "npm error code E404" >&2
  exit 1
fi

# The same bytes on every call, like a registry: made once, atomically.
tarball_of() {
  local tarball="${FAKE_NPM_REGISTRY}/${name}-$1.tgz"
  if [[ ! -s "${tarball}" ]]; then
    local staging
    staging="$(mktemp -d "${FAKE_NPM_REGISTRY}/make.XXXXXX")"
    mkdir -p "${staging}/package/bin"
    printf '#!/bin/sh\necho v%s\n' "$1" >"${staging}/package/bin/node"
    chmod +x "${staging}/package/bin/node"
    echo "fake licence" >"${staging}/package/LICENSE"
    tar -czf "${staging}/out.tgz" -C "${staging}" package
    mv -f "${staging}/out.tgz" "${tarball}"
    rm -rf "${staging}"
  fi
  echo "${tarball}"
}

case "${command} ${3:-}" in
  "view version")
    if [[ ${#matching[@]} -eq 1 ]]; then
      printf '"%s"\n' "${matching[0]}"
    else
      printf '[\n'
      printf '  "%s",\n' "${matching[@]:0:${#matching[@]}-1}"
      printf '  "%s"\n]\n' "${matching[-1]}"
    fi
    ;;
  "view dist.integrity")
    tarball="$(tarball_of "${range}")"
    digest="$(openssl dgst -sha512 -binary "${tarball}" | base64 -w0)"
    printf '{\n  "dist.integrity": "sha512-%s",\n  "dist.tarball": "https://registry.invalid/%s/-/%s"\n}\n' \
      "${digest}" "${name}" "$(basename "${tarball}")"
    ;;
  "pack "*)
    tarball="$(tarball_of "${range}")"
    cp "${tarball}" .
    if [[ "${FAKE_NPM_CORRUPT:-0}" == 1 ]]; then printf 'x' >>"$(basename "${tarball}")"; fi
    basename "${tarball}"
    ;;
  *)
    echo "fake npm: unexpected call: $*" >&2
    exit 1
    ;;
esac
