import type { BenchOptions } from './bench-options.js';
import type { ComparedOrchestrator, NodeRuntime } from './bench-result.js';
import { fetchNodeLine } from './fetch-node-line.js';
import { labelOrchestrators } from './path-identity.js';
import { readNodeVersion } from './read-node-version.js';

/** The Node.js of the main orchestrator and of each one compared with it, versions read and labels given. */
export interface OrchestratorNodes {
  main: NodeRuntime & { label: string };
  compared: ComparedOrchestrator[];
}

/**
 * Reads the version of every orchestrator's Node.js (fetching `--compare-node-line` lines first), so that a
 * binary that does not run fails the bench before any load, and labels each path after its version.
 */
export async function resolveOrchestratorNodes(
  options: Pick<BenchOptions, 'orchestratorNode' | 'compareNodes' | 'compareNodeLines'>,
): Promise<OrchestratorNodes> {
  const mainPath = options.orchestratorNode ?? process.execPath;
  const fetched = [];
  for (const line of options.compareNodeLines) fetched.push({ line, path: await fetchNodeLine(line) });
  const wanted: { path: string; line?: string }[] = [
    { path: mainPath },
    ...options.compareNodes.map((path) => ({ path })),
    ...fetched,
  ];
  const runtimes = [];
  for (const each of wanted) runtimes.push({ ...each, version: await readNodeVersion(each.path) });
  const labels = labelOrchestrators(runtimes.map((runtime) => runtime.version));
  const [main, ...compared] = runtimes.map((runtime, index) => ({
    ...runtime,
    label: labels[index] as string,
  }));
  if (main === undefined) throw new Error('no orchestrator Node.js to run');
  return { main: { path: main.path, version: main.version, label: main.label }, compared };
}
