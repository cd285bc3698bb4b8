import { relative } from 'node:path';
import { memoryProbeFlags } from './memory-probe.js';
import { REPO_ROOT } from './repo-paths.js';

/** A Node.js program the bench starts: binary, entry point, its arguments and extra Node.js flags. */
export interface NodeProgram {
  /** The Node.js binary (`process.execPath`, or `--orchestrator-node`). */
  node: string;
  /** Entry point: TypeScript (`.ts`, `.mts`, `.cts`) runs through tsx, JavaScript (e.g. a `dist/` build) as is. */
  script: string;
  args: readonly string[];
  /** Flags before the entry point (e.g. `--cpu-prof`). */
  flags?: readonly string[];
}

/**
 * How a TypeScript entry point runs: through tsx, with the workspace packages resolved to their sources (the
 * `@orch/source` export condition), so a .ts entry never mixes in a stale `dist/` build.
 */
const TYPESCRIPT_LOADER_FLAGS = ['--import', 'tsx', '--conditions=@orch/source'];

/** True for an entry point that needs the tsx loader. */
export function needsTypeScriptLoader(script: string): boolean {
  return /\.[mc]?ts$/.test(script);
}

/** The command line of a Node.js relay: its flags, the tsx loader when the entry is TypeScript, the memory probe. */
export function buildNodeCommand(program: NodeProgram): { command: string; args: string[] } {
  return {
    command: program.node,
    args: [
      ...(program.flags ?? []),
      ...(needsTypeScriptLoader(program.script) ? TYPESCRIPT_LOADER_FLAGS : []),
      ...memoryProbeFlags(),
      program.script,
      ...program.args,
    ],
  };
}

/** The command line for the report: paths inside the repository relative to its root, the memory probe left out. */
export function describeNodeCommand(program: NodeProgram): string {
  const show = (path: string) => (path.startsWith(REPO_ROOT) ? relative(REPO_ROOT, path) : path);
  const loader = needsTypeScriptLoader(program.script) ? TYPESCRIPT_LOADER_FLAGS : [];
  return [
    show(program.node),
    ...(program.flags ?? []),
    ...loader,
    show(program.script),
    ...program.args,
  ].join(' ');
}
