import { fileURLToPath } from 'node:url';

/** Root of the repository that holds this package. */
export const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** `fetch-node.sh <line|version>`: prints the folder holding that node, fetching it when the cache lacks it. */
export const FETCH_NODE_SCRIPT = fileURLToPath(new URL('../fetch-node.sh', import.meta.url));

/** `with-node.sh <line|version> <command…>`: runs the command with that node first on PATH. */
export const WITH_NODE_SCRIPT = fileURLToPath(new URL('../with-node.sh', import.meta.url));
