import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type FakeEngine, startFakeEngine } from '@orch/fake-engines';
import { computeSlopePerMinute, type SoakSample } from './compute-slope.js';
import { nextMessage } from './next-message.js';
import { listSoakFaultKnobs, SOAK_FAULTS } from './soak-faults.js';
import { SOAK_SERVER_SETTINGS } from './soak-server-settings.js';
import { sendSoakRequest, TRAFFIC_KINDS, type TrafficOutcome } from './soak-traffic.js';
import { waitForNoTaskInFlight } from './wait-for-no-task-in-flight.js';

/** Settings of {@link runSoak}. */
export interface SoakOptions {
  durationMs: number;
  /** Clients sending requests at once. */
  concurrency: number;
  /** How long each fault stays on a chaos engine, ms. */
  faultPeriodMs: number;
  /** How often the orchestrator process is measured, ms. */
  sampleEveryMs: number;
  /** Progress lines. */
  log?: (line: string) => void;
}

/** What a soak found. */
export interface SoakReport {
  durationMs: number;
  requests: number;
  byKind: Record<string, number>;
  endings: Record<string, number>;
  /** Streams the client read to their end. */
  streamsRead: number;
  /** Of those, the ones that ended without a terminal event (must be 0). */
  streamsWithoutTerminal: number;
  missingExamples: string[];
  faultKnobs: string[];
  samples: SoakSample[];
  /** Slopes over the samples after the warm-up (the first quarter), per minute. */
  rssMbPerMinute: number;
  heapAfterGcMbPerMinute: number;
  fdsPerMinute: number;
  /** Tasks still in flight once traffic stopped and the engines were healthy again (must be 0). */
  inFlightAfter: number;
}

export const CI_SOAK: SoakOptions = {
  durationMs: 60_000,
  concurrency: 8,
  faultPeriodMs: 2_500,
  sampleEveryMs: 3_000,
};
export const DEFAULT_SOAK: SoakOptions = {
  durationMs: 600_000,
  concurrency: 16,
  faultPeriodMs: 10_000,
  sampleEveryMs: 10_000,
};

const SERVER_ENTRY = fileURLToPath(new URL('./soak-server.ts', import.meta.url));
const MB = 1_048_576;

/** Runs the orchestrator (its own process) in front of healthy and chaos fake engines under mixed traffic. */
export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const log = options.log ?? (() => {});
  const engines: FakeEngine[] = [];
  const start = (kind: 'llamacpp' | 'vllm', model: string) =>
    startFakeEngine(kind, { model, tokensPerSecond: 400, eosAfterTokens: 0 }).then((engine) => {
      engines.push(engine);
      return engine;
    });
  let server: ChildProcess | undefined;
  try {
    const llama = await Promise.all([start('llamacpp', 'm'), start('llamacpp', 'm'), start('llamacpp', 'm')]);
    const vllm = await Promise.all([start('vllm', 'soak-vllm'), start('vllm', 'soak-vllm')]);
    const chaos = [llama[2] as FakeEngine, vllm[1] as FakeEngine];
    const configPath = writeSoakConfig(llama, vllm);
    server = fork(SERVER_ENTRY, [configPath], {
      execArgv: ['--expose-gc', '--import', 'tsx', '--conditions=@orch/source'],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    const url = await nextMessage<{ url: string }>(server, 'listening', 30_000).then(
      (message) => message.url,
    );
    log(`soak: orchestrator at ${url}, ${options.durationMs} ms, ${options.concurrency} clients`);
    const began = Date.now();
    const samples: SoakSample[] = [];
    const sample = async () => {
      const measured = await nextMessage<Omit<SoakSample, 'atMs'>>(server as ChildProcess, 'sample', 10_000, {
        type: 'sample',
      });
      samples.push({
        atMs: Date.now() - began,
        rss: measured.rss,
        heapAfterGc: measured.heapAfterGc,
        fds: measured.fds,
      });
    };
    await sample();
    let faultIndex = 0;
    const chaosTimer = setInterval(() => {
      chaos.forEach((engine, offset) => {
        void engine.setFaults(SOAK_FAULTS[(faultIndex + offset * 7) % SOAK_FAULTS.length] ?? {});
      });
      faultIndex += 1;
    }, options.faultPeriodMs);
    const sampleTimer = setInterval(() => void sample().catch(() => {}), options.sampleEveryMs);
    const outcomes: TrafficOutcome[] = [];
    const deadline = began + options.durationMs;
    const models = ['m', 'soak-vllm'];
    const client = async (index: number) => {
      for (let turn = index; Date.now() < deadline; turn += 1) {
        outcomes.push(
          await sendSoakRequest(url, models, TRAFFIC_KINDS[turn % TRAFFIC_KINDS.length] ?? 'native'),
        );
      }
    };
    await Promise.all(Array.from({ length: options.concurrency }, (_, index) => client(index)));
    clearInterval(chaosTimer);
    clearInterval(sampleTimer);
    await Promise.all(chaos.map((engine) => engine.setFaults({})));
    const inFlightAfter = await waitForNoTaskInFlight(url, 10_000);
    await sample();
    server.send({ type: 'stop' });
    await nextMessage(server, 'stopped', 15_000).catch(() => undefined);
    return summarize(options, outcomes, samples, inFlightAfter);
  } finally {
    if (server !== undefined && server.exitCode === null) server.kill('SIGKILL');
    await Promise.all(engines.map((engine) => engine.close()));
  }
}

function writeSoakConfig(llama: FakeEngine[], vllm: FakeEngine[]): string {
  const pool = (id: string, engine: string, replicas: unknown[]) => ({
    id,
    model: id === 'llama' ? 'm' : 'soak-vllm',
    engine,
    timeouts: { ttft_ms: 1_500, idle_ms: 1_000 },
    retry: { max_attempts: 3, base_ms: 5, max_ms: 20 },
    breaker: { reset_timeout_ms: 2_000 },
    queue: { max_waiting: 64, timeout_ms: 5_000 },
    replicas,
  });
  const config = {
    server: SOAK_SERVER_SETTINGS,
    pools: [
      pool(
        'llama',
        'llamacpp',
        llama.map((engine, index) => ({ id: `l${index}`, url: engine.url, max_concurrency: 4 })),
      ),
      pool(
        'vllm',
        'vllm',
        vllm.map((engine, index) => ({
          id: `v${index}`,
          url: engine.url,
          max_concurrency: 8,
          options: { served_model: 'soak-vllm' },
        })),
      ),
    ],
  };
  const path = join(mkdtempSync(join(tmpdir(), 'orch-soak-')), 'orch.json');
  writeFileSync(path, JSON.stringify(config));
  return path;
}

function summarize(
  options: SoakOptions,
  outcomes: TrafficOutcome[],
  samples: SoakSample[],
  inFlightAfter: number,
): SoakReport {
  const count = (keys: string[]) =>
    keys.reduce<Record<string, number>>((counts, key) => {
      counts[key] = (counts[key] ?? 0) + 1;
      return counts;
    }, {});
  const read = outcomes.filter((outcome) => outcome.shape === 'stream');
  const missing = read.filter((outcome) => !outcome.terminal);
  const steady = samples.slice(Math.floor(samples.length / 4));
  const slope = (value: (entry: SoakSample) => number) =>
    computeSlopePerMinute(steady.map((entry) => ({ atMs: entry.atMs, value: value(entry) })));
  return {
    durationMs: options.durationMs,
    requests: outcomes.length,
    byKind: count(outcomes.map((outcome) => outcome.kind)),
    endings: count(outcomes.map((outcome) => `${outcome.shape}:${outcome.ending.split(':')[0]}`)),
    streamsRead: read.length,
    streamsWithoutTerminal: missing.length,
    missingExamples: missing.slice(0, 5).map((outcome) => `${outcome.kind}: ${outcome.ending}`),
    faultKnobs: listSoakFaultKnobs(),
    samples,
    rssMbPerMinute: slope((entry) => entry.rss) / MB,
    heapAfterGcMbPerMinute: slope((entry) => entry.heapAfterGc) / MB,
    fdsPerMinute: slope((entry) => entry.fds),
    inFlightAfter,
  };
}

/** The report as the lines `pnpm soak` prints. */
export function formatSoakReport(report: SoakReport): string {
  const first = report.samples[0];
  const last = report.samples.at(-1);
  return [
    `soak: ${report.requests} requests in ${Math.round(report.durationMs / 1000)} s, ${report.streamsRead} streams read to the end`,
    `  streams without a terminal event: ${report.streamsWithoutTerminal}${report.missingExamples.length ? ` (${report.missingExamples.join('; ')})` : ''}`,
    `  tasks in flight after the traffic: ${report.inFlightAfter}`,
    `  by kind: ${JSON.stringify(report.byKind)}`,
    `  endings: ${JSON.stringify(report.endings)}`,
    `  fault knobs: ${report.faultKnobs.join(', ')}`,
    `  RSS ${mb(first?.rss)} -> ${mb(last?.rss)} MiB, slope ${report.rssMbPerMinute.toFixed(2)} MiB/min`,
    `  heap after GC ${mb(first?.heapAfterGc)} -> ${mb(last?.heapAfterGc)} MiB, slope ${report.heapAfterGcMbPerMinute.toFixed(2)} MiB/min`,
    `  fds ${first?.fds} -> ${last?.fds}, slope ${report.fdsPerMinute.toFixed(1)} /min`,
  ].join('\n');
}

function mb(bytes: number | undefined): string {
  return bytes === undefined ? '?' : (bytes / MB).toFixed(1);
}
