#!/usr/bin/env bash
# Run a command with a given Node.js line first on PATH, fetched by fetch-node.sh when the cache lacks it:
#
#   with-node.sh 24 pnpm --filter @orch/orchestrator test
#   with-node.sh 22 node --version
#
# Everything the command starts through PATH (`pnpm`, `turbo`'s task scripts, `tsx`, `vitest` and their
# workers) then runs on that node.
set -euo pipefail

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [[ $# -lt 2 ]]; then
  echo "usage: with-node.sh <major>[.<minor>[.<patch>]] <command> [args…]   (e.g. with-node.sh 24 pnpm test)" >&2
  exit 2
fi

bin_dir="$(bash "${script_dir}/fetch-node.sh" "$1")"
shift
export PATH="${bin_dir}:${PATH}"
# npm sets these for its scripts; they would still name the node that started npm.
unset NODE npm_node_execpath
exec "$@"
