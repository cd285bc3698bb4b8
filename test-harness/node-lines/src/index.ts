export { findDependenciesOutsideNodeLines } from './find-dependencies-outside-node-lines.js';
export { FETCH_NODE_SCRIPT, REPO_ROOT, WITH_NODE_SCRIPT } from './node-lines-paths.js';
export { readSupportedNodeLines, type SupportedNodeLine } from './read-supported-node-lines.js';
