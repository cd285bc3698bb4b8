import { describe, expect, it } from 'vitest';
import type { AdmissionStep, BenchResult, BurstRow, ThroughputRow } from './bench-result.js';
import { evaluateTargets } from './evaluate-targets.js';
import { renderMarkdown } from './render-markdown.js';
import type { SampleSummary } from './statistics.js';
import type { ProfileSummary } from './summarise-cpu-profile.js';
import { compareThroughputRows } from './throughput-phase.js';

const summary = (p50: number, p99: number): SampleSummary => ({
  count: 10,
  mean: p50,
  p50,
  p90: p99,
  p99,
  max: p99,
});

function row(relay: ThroughputRow['relay'], tokensPerSecond: number, cpuPer1k: number | null): ThroughputRow {
  return {
    relay,
    tokensPerSecond,
    relayCpuSecondsPer1kTokens: cpuPer1k,
    relayCpuCores: cpuPer1k === null ? null : (cpuPer1k * tokensPerSecond) / 1000,
    engineCpuCores: 0.5,
    generatorCpuCores: 0.2,
    machineCoresBusy: 1.5,
    engineCpuSecondsPer1kTokens: 0.002,
    generatorCpuSecondsPer1kTokens: 0.001,
    tokensPerCompleteStream: 1740,
    failures: 0,
    vsDirect: null,
    vsNginx: null,
    vsNodeProxy: null,
    cpuVsNginx: null,
    cpuVsNodeProxy: null,
  };
}

const burstRow = (
  relay: BurstRow['relay'],
  ttft: SampleSummary,
  added: [number, number] | null,
): BurstRow => ({
  relay,
  ttftMs: ttft,
  addedTtftP50Ms: added?.[0] ?? null,
  addedTtftP99Ms: added?.[1] ?? null,
  relayCpuCores: relay === 'direct' ? null : 0.4,
  failures: 0,
});

const step = (offered: number, saturationReason?: string): AdmissionStep => ({
  offeredPerSecond: offered,
  completedPerSecond: saturationReason === undefined ? offered : offered * 0.6,
  latencyMs: summary(2, saturationReason === undefined ? 20 : 1500),
  errors: 0,
  saturated: saturationReason !== undefined,
  ...(saturationReason === undefined ? {} : { saturationReason }),
});

const profileSummary: ProfileSummary = {
  totalMs: 4000,
  idleMs: 1000,
  busyPerUnitUs: 150,
  functions: [{ name: 'admitTask (apps/orchestrator/src/x.ts:3)', selfMs: 300, share: 0.1, perUnitUs: 15 }],
  areas: [{ name: '@orch/orchestrator scheduling/', selfMs: 600, share: 0.2, perUnitUs: 30 }],
};

/** Figures inside every issue-12 budget; each test moves one of them. */
interface Figures {
  pacedTokensPerSecond: number;
  unthrottledTokensPerSecond: number;
  cpuPer1k: number;
  burstAdded: [number, number];
  sustainedSteps: AdmissionStep[];
  addedInterTokenP99Ms: number;
  interTokenNoiseFloorMs: number | null;
  rssPerStreamKiB: number;
  heapPerStreamKiB: number;
}

const withinBudget: Figures = {
  pacedTokensPerSecond: 45_000,
  unthrottledTokensPerSecond: 320_000,
  cpuPer1k: 0.002,
  burstAdded: [3, 12],
  sustainedSteps: [step(1600), step(2000), step(2400, 'p99 above 1000 ms')],
  addedInterTokenP99Ms: 1.2,
  interTokenNoiseFloorMs: 0.3,
  rssPerStreamKiB: 40,
  heapPerStreamKiB: 30,
};

function fixture(changes: Partial<Figures> = {}): Omit<BenchResult, 'targets'> {
  const figures = { ...withinBudget, ...changes };
  return {
    schema: 'orch-bench/2',
    mode: 'full',
    startedAt: '2026-01-01T00:00:00.000Z',
    durationSeconds: 100,
    machine: {
      cpus: 2,
      cpuModel: 'Test CPU',
      memoryGiB: 8,
      node: '20.20.0',
      os: 'Debian 12',
      backgroundCoresBusy: 0,
    },
    orchestratorNode: { path: '/repo/.cache/node-24/bin/node', version: 'v24.11.1' },
    comparedOrchestrators: [],
    orchestratorCommand: '/repo/.cache/node-24/bin/node apps/orchestrator/dist/cli.js serve',
    relays: [
      { name: 'direct', available: true, description: 'fake' },
      {
        name: 'nginx',
        available: false,
        description: '',
        unavailableReason: 'could not fetch nginx: offline',
      },
      { name: 'node-proxy', available: true, description: 'pass-through' },
      { name: 'orchestrator', available: true, description: 'orch' },
    ],
    throughput: [
      {
        streams: 64,
        engineTokensPerSecondPerStream: 1000,
        tokensPerStream: 2000,
        windowSeconds: 5,
        rows: compareThroughputRows([
          row('direct', 50_000, null),
          row('node-proxy', 50_000, 0.005),
          row('orchestrator', figures.pacedTokensPerSecond, 0.015),
        ]),
      },
      {
        streams: 64,
        engineTokensPerSecondPerStream: 0,
        tokensPerStream: 2000,
        windowSeconds: 5,
        rows: compareThroughputRows([
          row('direct', 400_000, null),
          row('node-proxy', 400_000, 0.0007),
          row('orchestrator', figures.unthrottledTokensPerSecond, figures.cpuPer1k),
        ]),
      },
    ],
    latency: {
      streams: 64,
      engineTokensPerSecondPerStream: 100,
      tokensPerStream: 100,
      streamsPerPath: 192,
      rows: [
        {
          relay: 'direct',
          tokensPerSecond: 5000,
          ttftMs: summary(2, 10),
          interTokenMs: summary(10, 40),
          relayCpuCores: null,
          addedTtftP50Ms: null,
          addedTtftP99Ms: null,
          addedInterTokenP50Ms: null,
          addedInterTokenP99Ms: null,
          failures: 0,
        },
        {
          relay: 'orchestrator',
          tokensPerSecond: 5000,
          ttftMs: summary(5, 20),
          interTokenMs: summary(10, 42),
          relayCpuCores: 0.3,
          addedTtftP50Ms: 3,
          addedTtftP99Ms: 10,
          addedInterTokenP50Ms: 0,
          addedInterTokenP99Ms: figures.addedInterTokenP99Ms,
          failures: 0,
        },
      ],
      noiseFloor: {
        addedTtftP50Ms: 0,
        addedTtftP99Ms: 2,
        addedInterTokenP50Ms: 0,
        addedInterTokenP99Ms: figures.interTokenNoiseFloorMs,
      },
    },
    burst: {
      streams: 64,
      bursts: 8,
      engineTokensPerSecondPerStream: 100,
      tokensPerStream: 20,
      rows: [
        burstRow('direct', summary(6, 11), null),
        burstRow('orchestrator', summary(9, 23), figures.burstAdded),
      ],
      noiseFloor: { addedTtftP50Ms: 0.1, addedTtftP99Ms: 1.9 },
    },
    memory: [
      {
        relay: 'orchestrator',
        idleRssBytes: 100 * 1024 ** 2,
        idleHeapBytes: 20 * 1024 ** 2,
        points: [
          { streams: 1, openStreams: 1, rssBytes: 0, rssPerStreamBytes: 4096, heapPerStreamBytes: 50_000 },
          {
            streams: 256,
            openStreams: 256,
            rssBytes: 0,
            rssPerStreamBytes: figures.rssPerStreamKiB * 1024,
            heapPerStreamBytes: figures.heapPerStreamKiB * 1024,
          },
        ],
      },
    ],
    admission: [
      { relay: 'direct', sustainedPerSecond: 3200, steps: [step(3200)] },
      {
        relay: 'orchestrator',
        sustainedPerSecond:
          figures.sustainedSteps.filter((each) => !each.saturated).at(-1)?.offeredPerSecond ?? null,
        steps: figures.sustainedSteps,
      },
    ],
    profiles: [],
  };
}

const byId = (result: Omit<BenchResult, 'targets'>) =>
  Object.fromEntries(evaluateTargets(result).map((check) => [check.id, check]));

describe('evaluateTargets', () => {
  it("checks issue 12's six targets and the CI guard, each with the issue's figure from before", () => {
    const checks = evaluateTargets(fixture());
    expect(checks.map((check) => check.id)).toEqual([
      'relay-cpu-per-token',
      'throughput-vs-direct',
      'burst-added-ttft',
      'sustained-short-tasks',
      'added-itl-p99',
      'memory-per-stream',
      'ci-regression-guard',
    ]);
    expect(checks.every((check) => check.pass === true)).toBe(true);
    expect(checks.map((check) => check.before).slice(0, 6)).toEqual([
      '10.6 µs',
      '38%',
      '73.5 / 105 ms',
      '400 (direct 3,200)',
      '14.9 ms (noise floor 4.1 ms)',
      '169 KiB',
    ]);
  });

  it('judges relay CPU per token on the 64-stream unthrottled load against 2.5 µs, rounding up', () => {
    expect(byId(fixture({ cpuPer1k: 0.0025 }))['relay-cpu-per-token']).toMatchObject({
      pass: true,
      measured: '2.50 µs',
    });
    const missed = byId(fixture({ cpuPer1k: 0.002501 }))['relay-cpu-per-token'];
    expect(missed).toMatchObject({ pass: false, measured: '2.51 µs', target: '≤ 2.5 µs' });
    expect(missed?.reason).toContain('2.51 µs CPU per token');
    expect(missed?.description).toContain('64 streams, engine unthrottled');
  });

  it('judges tokens/s vs direct on the unthrottled load, not the paced one, and never prints 74.9% as 75%', () => {
    const met = byId(fixture({ unthrottledTokensPerSecond: 300_000, pacedTokensPerSecond: 20_000 }));
    expect(met['throughput-vs-direct']).toMatchObject({ pass: true, measured: '75.0%' });
    expect(byId(fixture({ unthrottledTokensPerSecond: 299_996 }))['throughput-vs-direct']).toMatchObject({
      pass: false,
      measured: '74.9%',
    });
  });

  it('needs both burst percentiles within 5 / 15 ms of added TTFT', () => {
    expect(byId(fixture({ burstAdded: [5, 15] }))['burst-added-ttft']).toMatchObject({
      pass: true,
      measured: '5.00 / 15.00 ms',
    });
    expect(byId(fixture({ burstAdded: [5.01, 10] }))['burst-added-ttft']?.pass).toBe(false);
    const missed = byId(fixture({ burstAdded: [2, 15.5] }))['burst-added-ttft'];
    expect(missed?.pass).toBe(false);
    expect(missed?.reason).toContain('9.00 / 23.00 ms through the orchestrator vs 6.00 / 11.00 ms direct');
  });

  it('needs 2,000 short tasks/s sustained, and names the rate that saturated', () => {
    expect(byId(fixture())['sustained-short-tasks']).toMatchObject({
      pass: true,
      measured: '2,000 (direct 3,200)',
    });
    const missed = byId(fixture({ sustainedSteps: [step(1600), step(2000, 'p99 above 1000 ms')] }))[
      'sustained-short-tasks'
    ];
    expect(missed).toMatchObject({ pass: false, measured: '1,600 (direct 3,200)' });
    expect(missed?.reason).toContain('saturated at 2,000/s: p99 above 1000 ms');
  });

  it('judges added p99 inter-token latency against the measured noise floor plus 1 ms', () => {
    expect(byId(fixture({ addedInterTokenP99Ms: 1.3 }))['added-itl-p99']?.pass).toBe(true);
    expect(byId(fixture({ addedInterTokenP99Ms: 1.31 }))['added-itl-p99']).toMatchObject({
      pass: false,
      measured: '1.31 ms (noise floor 0.30 ms: goal ≤ 1.30 ms)',
    });
    expect(byId(fixture({ interTokenNoiseFloorMs: null }))['added-itl-p99']?.pass).toBeNull();
  });

  it('judges memory on the larger of RSS and heap per stream at 256 streams against 48 KiB', () => {
    expect(byId(fixture({ rssPerStreamKiB: 48 }))['memory-per-stream']?.pass).toBe(true);
    const missed = byId(fixture({ rssPerStreamKiB: 40, heapPerStreamKiB: 50 }))['memory-per-stream'];
    expect(missed).toMatchObject({ pass: false, measured: 'RSS 40.0 KiB, heap 50.0 KiB' });
    expect(missed?.reason).toContain('50.0 KiB per open stream');
  });

  it('fails the CI guard below half of direct on the first (paced) load', () => {
    expect(byId(fixture({ pacedTokensPerSecond: 20_000 }))['ci-regression-guard']).toMatchObject({
      pass: false,
      measured: '40.0%',
    });
  });

  it('reports a target it cannot measure as n/a with the reason, not as a pass', () => {
    const result = fixture();
    result.throughput = [];
    result.latency = null;
    result.burst = null;
    result.memory = [];
    result.admission = [];
    const checks = evaluateTargets(result);
    expect(checks.every((check) => check.pass === null && check.measured === 'n/a')).toBe(true);
    expect(byId(result)['burst-added-ttft']?.reason).toBe('the burst phase did not run');
  });
});

describe('renderMarkdown', () => {
  it('shows every table, the unavailable relay with its reason and each target with met or missed', () => {
    const partial = fixture({ unthrottledTokensPerSecond: 240_000, burstAdded: [3, 30] });
    partial.profiles = [
      {
        load: 'admission',
        description: 'short tasks at 400/s',
        unit: 'task',
        units: 1600,
        windowSeconds: 4,
        processCpuPerUnitUs: 120,
        file: 'p.cpuprofile',
        summary: profileSummary,
      },
    ];
    const markdown = renderMarkdown({ ...partial, targets: evaluateTargets(partial) });
    expect(markdown).toContain('2 × Test CPU');
    expect(markdown).toContain('The orchestrator ran under Node 24.11.1 (`/repo/.cache/node-24/bin/node`)');
    expect(markdown).toContain('nginx: **unavailable**: could not fetch nginx: offline');
    expect(markdown).toMatch(/\| orchestrator \| 240,000 \| 60% \| 0\.0020 \|/);
    expect(markdown).toContain('| noise floor (direct again vs direct) |');
    expect(markdown).toContain('**Burst TTFT, 64 tasks started together**');
    expect(markdown).toContain('| orchestrator | 9.00 / 23.00 | 3.00 / 30.00 | 0.40 | 0 |');
    expect(markdown).toContain('RSS per stream @256');
    expect(markdown).toContain('2400 → 1,440 (2.0 / 1500.0) saturated: p99 above 1000 ms');
    expect(markdown).toMatch(/Tokens\/s vs direct .*\| 38% \| ≥ 75\.0% \| 60\.0% \| \*\*missed\*\* \|/);
    expect(markdown).toMatch(/Added TTFT, 64 paced tasks .*\| 73\.5 \/ 105 ms \| .* \| \*\*missed\*\* \|/);
    expect(markdown).toMatch(
      /Added p99 inter-token latency .*\| ≤ noise floor \+ 1 ms \| 1\.20 ms .*\| met \|/,
    );
    expect(markdown).toContain('**Orchestrator CPU profile, admission**');
    expect(markdown).toContain(
      '120.00 µs process CPU per task (/proc, every thread); 150.00 µs busy per task',
    );
    expect(markdown).toContain('| @orch/orchestrator scheduling/ | 30.00 | 20% |');
  });
});

/** The fixture with a second orchestrator (Node 20) beside the main one (Node 24), slower on every figure. */
function withComparedOrchestrator(): Omit<BenchResult, 'targets'> {
  const result = fixture();
  const main = { label: 'orchestrator (Node 24.11.1)', node: 'v24.11.1' };
  const compared = { label: 'orchestrator (Node 20.20.2)', node: 'v20.20.2', comparison: true };
  result.comparedOrchestrators = [{ path: '/usr/bin/node', version: 'v20.20.2', label: compared.label }];
  result.relays.push({
    name: 'orchestrator',
    label: compared.label,
    available: true,
    description: 'orch 20',
  });
  const label = <T extends { relay: string }>(rows: T[]): T[] =>
    rows.map((each) => (each.relay === 'orchestrator' ? { ...each, ...main } : each));
  for (const run of result.throughput) {
    // First in the list, so a target that took the first orchestrator row would read the compared one.
    run.rows = compareThroughputRows([
      { ...row('orchestrator', 10_000, 0.05), ...compared },
      ...label(run.rows),
    ]);
  }
  if (result.latency !== null) {
    const rows = label(result.latency.rows);
    const mainRow = rows.find((each) => each.relay === 'orchestrator');
    if (mainRow !== undefined) rows.push({ ...mainRow, ...compared, addedInterTokenP99Ms: 40 });
    result.latency.rows = rows;
  }
  if (result.burst !== null)
    result.burst.rows = [
      ...label(result.burst.rows),
      { ...burstRow('orchestrator', summary(50, 90), [40, 70]), ...compared },
    ];
  result.memory = [
    ...label(result.memory),
    { ...(result.memory[0] as (typeof result.memory)[number]), ...compared, idleRssBytes: 70 * 1024 ** 2 },
  ];
  result.admission = [
    ...label(result.admission),
    {
      relay: 'orchestrator',
      ...compared,
      sustainedPerSecond: 400,
      steps: [step(400), step(800, 'p99 above 1000 ms')],
    },
  ];
  return result;
}

describe('an orchestrator compared under another Node.js', () => {
  it('gets its own row, named after its Node.js version, in every table beside the main one', () => {
    const partial = withComparedOrchestrator();
    const markdown = renderMarkdown({ ...partial, targets: evaluateTargets(partial) });
    expect(markdown).toMatch(/\| orchestrator \(Node 24\.11\.1\) \| 320,000 \| 80% \| 0\.0020 \|/);
    expect(markdown).toMatch(/\| orchestrator \(Node 20\.20\.2\) \| 10,000 \| 3% \| 0\.0500 \|/);
    expect(markdown).toContain('| orchestrator (Node 20.20.2) | 50.00 / 90.00 | 40.00 / 70.00 | 0.40 | 0 |');
    expect(markdown).toContain('| orchestrator (Node 20.20.2) | 70.0 MiB |');
    expect(markdown).toMatch(/\| orchestrator \(Node 20\.20\.2\) \| 400 \| 400 → 400/);
    expect(markdown).toContain('- orchestrator (Node 20.20.2): orch 20');
    expect(markdown).toContain(
      'Beside it, with the same CLI and the same loads: orchestrator (Node 20.20.2) (`/usr/bin/node`); ' +
        'the targets judge the main one, orchestrator (Node 24.11.1).',
    );
    // Two throughput tables, each with both orchestrators; the latency table too.
    expect(markdown.match(/^\| orchestrator \(Node 20\.20\.2\) \|/gm)).toHaveLength(6);
    expect(markdown.match(/^\| orchestrator \(Node 24\.11\.1\) \|/gm)).toHaveLength(6);
  });

  it('leaves the targets to the main orchestrator, whatever the compared one measured', () => {
    const checks = evaluateTargets(withComparedOrchestrator());
    expect(checks.map((check) => [check.id, check.pass])).toEqual(
      evaluateTargets(fixture()).map((check) => [check.id, check.pass]),
    );
    expect(checks.every((check) => check.pass === true)).toBe(true);
  });
});
