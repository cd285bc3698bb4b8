import { isAbsolute, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { BENCH_DIR } from './repo-paths.js';

/** The phases of a run. */
export const PHASES = [
  'throughput',
  'latency',
  'burst',
  'memory',
  'admission',
  'profile',
  'admission-profile',
] as const;
/** One of {@link PHASES}. */
export type Phase = (typeof PHASES)[number];

/** Everything a run needs to know. */
export interface BenchOptions {
  mode: 'full' | 'short';
  /** Folder for bench-result.json, bench-result.md and work files (logs, configs, profiles). */
  outDir: string;
  phases: Phase[];
  /** Include nginx (fetched into .cache on first use). */
  nginx: boolean;
  /** Include the Node pass-through proxy. */
  nodeProxy: boolean;
  /** Another orchestrator CLI to measure (a patched copy, or a `.js` build), instead of apps/orchestrator. */
  orchestratorCli?: string;
  /** Another Node.js binary to run the orchestrator under (the other processes keep the bench's own). */
  orchestratorNode?: string;
  /**
   * Node.js binaries to run a second (third, …) orchestrator under, beside the main one, with the same loads;
   * resolved like {@link orchestratorNode}.
   */
  compareNodes: string[];
  /** Node.js lines (`24`, `22.12`) fetched by test-harness/node-lines/fetch-node.sh, each one more orchestrator. */
  compareNodeLines: string[];
  /** Exit non-zero when the orchestrator delivers less than this share of direct throughput. */
  minThroughputVsDirect: number;
  /** Keep a status page's subscribers open on each orchestrator while the phases run (`/v1/events`). */
  eventsSubscriber: boolean;
  /** Keep a headless Chromium with the status page (`/ui`) open on each orchestrator while the phases run. */
  ui: boolean;
  /** The Chromium `--ui` launches (a wrapper script, e.g. one that runs it under `nice`, or another build). */
  uiChromium: string;
  /**
   * Worker counts (`server.workers`) to measure beside the main single-process orchestrator, each one more
   * orchestrator with the same loads (1 is the main one and is not started twice).
   */
  workers: number[];
}

/** Usage text of the bench CLI. */
export const BENCH_USAGE = `Usage: pnpm --filter @orch/bench bench [options]

  --short                 CI mode: direct and orchestrator only, a few seconds of throughput, fails below
                          --min-ratio of direct
  --out DIR               where bench-result.json / .md and work files go (default test-harness/bench/reports)
  --phases LIST           comma-separated subset of ${PHASES.join(',')}
  --no-nginx              leave nginx out (else fetched from Debian into .cache on first use)
  --no-node-proxy         leave the Node pass-through out
  --orchestrator-cli PATH measure another orchestrator CLI (e.g. a patched copy of the repository); a .ts
                          entry runs through tsx, a .js entry (a dist/ build) runs as is
  --orchestrator-node PATH, --node PATH
                          run the orchestrator under this Node.js binary (default: the one running the bench)
  --compare-node PATH     also run the orchestrator under this Node.js binary, with the same loads: every table
                          gets a row per Node.js (repeatable, or a comma list); the targets judge the main one
  --compare-node-line N   the same for a Node.js line (24, 22.12) fetched by test-harness/node-lines/fetch-node.sh
                          into .cache/node (repeatable, or a comma list)
  --workers N             also run the orchestrator with server.workers: N (node:cluster, coordinated through its
                          primary), with the same loads: every table gets a row per worker count (repeatable, or a
                          comma list such as 2,4; 1 is the main orchestrator)
  --min-ratio X           exit 1 when orchestrator tokens/s < X × direct (default 0.5)
  --events-subscriber     keep one /v1/events subscriber and one per-task subscriber open on each orchestrator
                          while the phases run (what an open status page costs); compare with a run without
  --ui                    keep Debian's headless Chromium with /ui open on each orchestrator while the phases
                          run (the page itself, drawing); compare with a run without
  --ui-chromium PATH      the Chromium binary --ui starts (default /usr/bin/chromium)
  -h, --help              this text`;

/** Thrown for a bad command line (the CLI prints it with the usage and exits 2). */
export class BenchUsageError extends Error {}

/** Parses the bench command line; `null` means `--help`. */
export function parseBenchArgs(argv: readonly string[], cwd = process.cwd()): BenchOptions | null {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(argv).values;
  } catch (error) {
    throw new BenchUsageError((error as Error).message);
  }
  if (values.help) return null;
  const mode = values.short ? 'short' : 'full';
  let phases: Phase[] = mode === 'short' ? ['throughput'] : [...PHASES];
  if (values.phases !== undefined) {
    const named = values.phases.split(',').map((phase) => phase.trim());
    const unknown = named.filter((phase) => !(PHASES as readonly string[]).includes(phase));
    if (unknown.length > 0) throw new BenchUsageError(`--phases: unknown phase ${unknown.join(', ')}`);
    phases = named as Phase[];
  }
  const minRatio = values['min-ratio'] === undefined ? 0.5 : Number(values['min-ratio']);
  if (!(minRatio >= 0 && minRatio <= 1))
    throw new BenchUsageError('--min-ratio: expected a number within 0-1');
  const nodes = [values['orchestrator-node'], values.node].filter((each) => each !== undefined);
  if (nodes.length === 2 && nodes[0] !== nodes[1])
    throw new BenchUsageError('--node and --orchestrator-node name different binaries');
  const orchestratorNode = nodes[0];
  const compareNodes = splitList(values['compare-node']).map((path) => resolveBinary(path, cwd));
  const compareNodeLines = splitList(values['compare-node-line']);
  const badLine = compareNodeLines.find((line) => !NODE_LINE.test(line));
  if (badLine !== undefined)
    throw new BenchUsageError(`--compare-node-line: expected a line such as 24 or 22.12, got ${badLine}`);
  const workers = splitList(values.workers).map(Number);
  if (workers.some((count) => !Number.isInteger(count) || count < 1 || count > 64))
    throw new BenchUsageError('--workers: expected whole numbers within 1-64');
  const outDir =
    values.out === undefined
      ? join(BENCH_DIR, 'reports', mode === 'short' ? 'short' : '')
      : isAbsolute(values.out)
        ? values.out
        : resolve(cwd, values.out);
  return {
    mode,
    outDir,
    phases,
    nginx: mode === 'full' && !values['no-nginx'],
    nodeProxy: mode === 'full' && !values['no-node-proxy'],
    ...(values['orchestrator-cli'] === undefined
      ? {}
      : { orchestratorCli: resolve(cwd, values['orchestrator-cli']) }),
    ...(orchestratorNode === undefined ? {} : { orchestratorNode: resolveBinary(orchestratorNode, cwd) }),
    compareNodes,
    compareNodeLines,
    minThroughputVsDirect: minRatio,
    eventsSubscriber: values['events-subscriber'] === true,
    ui: values.ui === true,
    uiChromium: values['ui-chromium'] ?? '/usr/bin/chromium',
    workers: [...new Set(workers)].filter((count) => count > 1),
  };
}

/** What fetch-node.sh takes: a major, a major.minor or an exact release. */
const NODE_LINE = /^\d+(\.\d+){0,2}$/;

/** The values of a repeatable option, each of which may be a comma list. */
function splitList(values: readonly string[] | undefined): string[] {
  return (values ?? [])
    .flatMap((value) => value.split(','))
    .map((each) => each.trim())
    .filter((each) => each.length > 0);
}

/** A path against the working directory; a bare name (`node24`) is looked up on PATH by spawn, like a shell would. */
function resolveBinary(binary: string, cwd: string): string {
  return binary.includes('/') ? resolve(cwd, binary) : binary;
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      short: { type: 'boolean' },
      out: { type: 'string' },
      phases: { type: 'string' },
      'no-nginx': { type: 'boolean' },
      'no-node-proxy': { type: 'boolean' },
      'orchestrator-cli': { type: 'string' },
      'orchestrator-node': { type: 'string' },
      node: { type: 'string' },
      'compare-node': { type: 'string', multiple: true },
      'compare-node-line': { type: 'string', multiple: true },
      'min-ratio': { type: 'string' },
      'events-subscriber': { type: 'boolean' },
      ui: { type: 'boolean' },
      'ui-chromium': { type: 'string' },
      workers: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
