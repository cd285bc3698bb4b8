import { describe, expect, it } from 'vitest';
import { BenchUsageError, PHASES, parseBenchArgs } from './bench-options.js';

describe('parseBenchArgs', () => {
  it('runs every phase through every path by default', () => {
    const options = parseBenchArgs([], '/tmp');
    expect(options?.mode).toBe('full');
    expect(options?.phases).toEqual([...PHASES]);
    expect(options?.nginx).toBe(true);
    expect(options?.nodeProxy).toBe(true);
    expect(options?.minThroughputVsDirect).toBe(0.5);
    expect(options?.outDir).toMatch(/test-harness\/bench\/reports\/?$/);
  });

  it('keeps the short (CI) mode to throughput, direct and orchestrator', () => {
    const options = parseBenchArgs(['--short'], '/tmp');
    expect(options).toMatchObject({ mode: 'short', phases: ['throughput'], nginx: false, nodeProxy: false });
    expect(options?.outDir).toMatch(/reports\/short$/);
  });

  it('opens the status page subscribers only with --events-subscriber', () => {
    expect(parseBenchArgs(['--short'], '/tmp')?.eventsSubscriber).toBe(false);
    expect(parseBenchArgs(['--short', '--events-subscriber'], '/tmp')?.eventsSubscriber).toBe(true);
    expect(parseBenchArgs(['--ui'], '/tmp')?.uiChromium).toBe('/usr/bin/chromium');
    expect(parseBenchArgs(['--ui', '--ui-chromium', '/opt/nice-chromium'], '/tmp')?.uiChromium).toBe(
      '/opt/nice-chromium',
    );
  });

  it('opens the status page in Chromium only with --ui (ORCH-UIP-040)', () => {
    expect(parseBenchArgs(['--short'], '/tmp')?.ui).toBe(false);
    expect(parseBenchArgs(['--short', '--ui'], '/tmp')?.ui).toBe(true);
  });

  it('resolves --out and --orchestrator-cli against the working directory', () => {
    const options = parseBenchArgs(['--out', 'r', '--orchestrator-cli', 'x/cli.ts'], '/work');
    expect(options?.outDir).toBe('/work/r');
    expect(options?.orchestratorCli).toBe('/work/x/cli.ts');
  });

  it('takes the Node.js binary of the orchestrator from --orchestrator-node or its alias --node', () => {
    expect(parseBenchArgs(['--orchestrator-node', '.cache/node/bin/node'], '/r')?.orchestratorNode).toBe(
      '/r/.cache/node/bin/node',
    );
    expect(parseBenchArgs(['--node', '/opt/node24'], '/r')?.orchestratorNode).toBe('/opt/node24');
    expect(parseBenchArgs(['--node', 'node24'], '/r')?.orchestratorNode).toBe('node24');
    expect(parseBenchArgs([], '/r')?.orchestratorNode).toBeUndefined();
    expect(() => parseBenchArgs(['--node', '/a', '--orchestrator-node', '/b'])).toThrow(BenchUsageError);
  });

  it('takes the Node.js binaries to compare from repeated --compare-node options and comma lists', () => {
    const options = parseBenchArgs(
      ['--compare-node', '.cache/node/24.22.3/bin/node,/opt/node22', '--compare-node', 'node26'],
      '/r',
    );
    expect(options?.compareNodes).toEqual(['/r/.cache/node/24.22.3/bin/node', '/opt/node22', 'node26']);
    expect(options?.compareNodeLines).toEqual([]);
  });

  it('takes the Node.js lines to fetch and compare from --compare-node-line, and refuses what is not a line', () => {
    expect(
      parseBenchArgs(['--compare-node-line', '24', '--compare-node-line', '22.12, 26'])?.compareNodeLines,
    ).toEqual(['24', '22.12', '26']);
    expect(parseBenchArgs([])?.compareNodeLines).toEqual([]);
    expect(parseBenchArgs([])?.compareNodes).toEqual([]);
    expect(() => parseBenchArgs(['--compare-node-line', 'lts'])).toThrow(BenchUsageError);
    expect(() => parseBenchArgs(['--compare-node-line', '24;rm'])).toThrow(/expected a line/);
  });

  it('takes a subset of phases and refuses unknown ones', () => {
    expect(parseBenchArgs(['--phases', 'memory, latency'])?.phases).toEqual(['memory', 'latency']);
    expect(parseBenchArgs(['--phases', 'burst,admission-profile'])?.phases).toEqual([
      'burst',
      'admission-profile',
    ]);
    expect(() => parseBenchArgs(['--phases', 'speed'])).toThrow(BenchUsageError);
  });

  it('refuses a ratio outside 0-1 and unknown options', () => {
    expect(() => parseBenchArgs(['--min-ratio', '2'])).toThrow(BenchUsageError);
    expect(() => parseBenchArgs(['--min-ratio', 'half'])).toThrow(BenchUsageError);
    expect(() => parseBenchArgs(['--fast'])).toThrow(BenchUsageError);
  });

  it('returns null for --help', () => {
    expect(parseBenchArgs(['--help'])).toBeNull();
  });

  it('takes the worker counts to measure from --workers (repeatable, comma lists), leaving out the main 1', () => {
    expect(parseBenchArgs([], '/r')?.workers).toEqual([]);
    expect(parseBenchArgs(['--workers', '1,2', '--workers', '4'], '/r')?.workers).toEqual([2, 4]);
    expect(() => parseBenchArgs(['--workers', '0'])).toThrow(BenchUsageError);
    expect(() => parseBenchArgs(['--workers', 'auto'])).toThrow(BenchUsageError);
  });
});
