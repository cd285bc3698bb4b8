import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { runAdmissionPhase } from './admission-phase.js';
import type { BenchOptions } from './bench-options.js';
import type { BenchResult, ProfileResult, RelayInfo, ThroughputRun } from './bench-result.js';
import { runBurstPhase } from './burst-phase.js';
import { evaluateTargets } from './evaluate-targets.js';
import { type EventsSubscriber, startEventsSubscriber } from './events-subscriber.js';
import { setFakeFaults } from './fake-engine-control.js';
import { runLatencyPhase } from './latency-phase.js';
import { readMachineInfo } from './machine-info.js';
import { runMemoryPhase } from './memory-phase.js';
import { describeNodeCommand } from './node-command.js';
import { admitShortTasks, streamTokens } from './profile-loads.js';
import { type ProfiledEngine, type ProfiledLoad, profileOrchestrator } from './profile-orchestrator.js';
import type { RelayHandle, RelayName } from './relay-handle.js';
import { ORCHESTRATOR_CLI } from './repo-paths.js';
import { requireOrchestratorCli } from './require-orchestrator-cli.js';
import { resolveOrchestratorNodes } from './resolve-orchestrator-nodes.js';
import {
  RelayUnavailable,
  startFakeEngine,
  startNginx,
  startNodeProxy,
  startOrchestrator,
} from './start-relays.js';
import { runThroughputPhase } from './throughput-phase.js';
import { startUiPageViewer, type UiPageViewer } from './ui-page-viewer.js';

/** Engine slots and orchestrator concurrency: room for every stream any phase opens. */
const CAPACITY = 1100;

/** The loads of each mode. Documented in the README; change them there too. */
export const LOADS = {
  full: {
    throughput: [
      {
        streams: 64,
        engineTokensPerSecondPerStream: 1000,
        tokensPerStream: 2000,
        warmupMs: 1000,
        windowMs: 5000,
        rounds: 1,
      },
      {
        streams: 64,
        engineTokensPerSecondPerStream: 0,
        tokensPerStream: 2000,
        warmupMs: 1000,
        windowMs: 5000,
        rounds: 1,
      },
      {
        streams: 1,
        engineTokensPerSecondPerStream: 0,
        tokensPerStream: 2000,
        warmupMs: 1000,
        windowMs: 3000,
        rounds: 1,
      },
    ],
    latency: { streams: 64, streamsPerWorker: 3, engineTokensPerSecondPerStream: 100, tokensPerStream: 100 },
    burst: { streams: 64, bursts: 8, engineTokensPerSecondPerStream: 100, tokensPerStream: 20 },
    memory: { streamCounts: [1, 64, 256], settleMs: 500 },
    admission: {
      // 2,000 is issue 12's target: judged on a rate actually offered, not read off the doubling steps.
      ratesPerSecond: [100, 200, 400, 800, 1600, 2000, 2400, 3200],
      stepMs: 2000,
      maxP99Ms: 1000,
      maxInFlight: 1000,
    },
    profile: {
      streams: 64,
      maxTokens: 2000,
      warmupMs: 1000,
      durationMs: 6000,
      engineTokensPerSecondPerStream: 0,
    },
    admissionProfile: { ratePerSecond: 400, warmupMs: 1000, stepMs: 4000, maxP99Ms: 1000, maxInFlight: 1000 },
  },
  short: {
    throughput: [
      {
        streams: 32,
        engineTokensPerSecondPerStream: 1000,
        tokensPerStream: 1000,
        warmupMs: 500,
        windowMs: 1500,
        rounds: 3,
      },
    ],
  },
} as const;

/** Logs progress to stderr (stdout gets the markdown table). */
function progress(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}

/** Runs the phases of `options` and returns the result (targets evaluated). */
export async function runBench(options: BenchOptions): Promise<BenchResult> {
  requireOrchestratorCli(options.orchestratorCli ?? ORCHESTRATOR_CLI);
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const workDir = join(options.outDir, 'work');
  mkdirSync(workDir, { recursive: true });
  const relays: RelayInfo[] = [];
  const handles: RelayHandle[] = [];
  const nodes = await resolveOrchestratorNodes(options);
  const orchestratorNodePath = nodes.main.path;
  const orchestratorNode = { path: nodes.main.path, version: nodes.main.version };
  const orchestrator = {
    ...(options.orchestratorCli === undefined ? {} : { cli: options.orchestratorCli }),
    ...(options.orchestratorNode === undefined ? {} : { node: options.orchestratorNode }),
  };
  const result: Omit<BenchResult, 'targets' | 'durationSeconds'> = {
    schema: 'orch-bench/2',
    mode: options.mode,
    startedAt,
    machine: await readMachineInfo(),
    orchestratorNode,
    comparedOrchestrators: nodes.compared,
    orchestratorCommand: describeNodeCommand({
      node: orchestratorNodePath,
      script: options.orchestratorCli ?? ORCHESTRATOR_CLI,
      args: ['serve', '--config', '<generated>.yaml', '--port', '<free port>'],
    }),
    relays,
    throughput: [],
    latency: null,
    burst: null,
    memory: [],
    admission: [],
    profiles: [],
  };
  const subscribers: EventsSubscriber[] = [];
  const pageViewers: UiPageViewer[] = [];
  const wants = (phase: BenchOptions['phases'][number]) => options.phases.includes(phase);
  const needsRelays = options.phases.some((phase) => phase !== 'profile' && phase !== 'admission-profile');
  progress('starting the fake engine');
  const fake = await startFakeEngine(CAPACITY);
  try {
    if (needsRelays) {
      handles.push(fake.handle);
      relays.push({ name: 'direct', available: true, description: fake.handle.description });
      const optional = async (name: RelayName, wanted: boolean, start: () => Promise<RelayHandle>) => {
        if (!wanted) return;
        progress(`starting ${name}`);
        try {
          const handle = await start();
          handles.push(handle);
          relays.push({ name, available: true, description: handle.description });
        } catch (error) {
          if (!(error instanceof RelayUnavailable)) throw error;
          progress(`${name} unavailable: ${error.message}`);
          relays.push({ name, available: false, description: '', unavailableReason: error.message });
        }
      };
      await optional('nginx', options.nginx, () => startNginx(fake.handle.baseUrl, workDir));
      await optional('node-proxy', options.nodeProxy, () => startNodeProxy(fake.handle.baseUrl, workDir));
      progress('starting the orchestrator');
      const started = await startOrchestrator({
        engineUrl: fake.handle.baseUrl,
        workDir,
        maxConcurrency: CAPACITY,
        ...orchestrator,
        identity: { label: nodes.main.label, node: nodes.main.version },
      });
      handles.push(started);
      relays.push({
        name: 'orchestrator',
        label: nodes.main.label,
        available: true,
        description: started.description,
      });
      // Same CLI, config and loads as the main one; only the Node.js differs. Each has its own folder (config,
      // log, memory probe file) so the two never share a file.
      for (const [index, compared] of nodes.compared.entries()) {
        progress(`starting ${compared.label}`);
        const handle = await startOrchestrator({
          engineUrl: fake.handle.baseUrl,
          workDir: join(workDir, `orchestrator-${index + 2}-node-${compared.version.replace(/^v/, '')}`),
          maxConcurrency: CAPACITY,
          ...orchestrator,
          node: compared.path,
          identity: { label: compared.label, node: compared.version, comparison: true },
        });
        handles.push(handle);
        relays.push({
          name: 'orchestrator',
          label: compared.label,
          available: true,
          description: handle.description,
        });
      }
      // Same CLI, config and loads as the main one, with server.workers: N (node:cluster on this machine's cores).
      for (const count of options.workers) {
        const label = `orchestrator (${count} workers)`;
        progress(`starting ${label}`);
        const handle = await startOrchestrator({
          engineUrl: fake.handle.baseUrl,
          workDir: join(workDir, `orchestrator-${count}-workers`),
          maxConcurrency: CAPACITY,
          ...orchestrator,
          workers: count,
          identity: { label, node: nodes.main.version, comparison: true },
        });
        handles.push(handle);
        relays.push({ name: 'orchestrator', label, available: true, description: handle.description });
      }
    }
    if (options.eventsSubscriber) {
      for (const handle of handles.filter((each) => each.name === 'orchestrator')) {
        progress(
          `opening a /v1/events subscriber and a per-task subscriber on ${handle.label ?? handle.name}`,
        );
        subscribers.push(await startEventsSubscriber(handle.baseUrl));
      }
    }
    if (options.ui) {
      for (const handle of handles.filter((each) => each.name === 'orchestrator')) {
        progress(`opening /ui in headless Chromium on ${handle.label ?? handle.name}`);
        pageViewers.push(await startUiPageViewer(handle.baseUrl, options.uiChromium));
      }
    }
    const loads = LOADS[options.mode];
    const common = { relays: handles, engineUrl: fake.handle.baseUrl, enginePid: fake.process.pid };
    // Memory first, while the relays are fresh: after load, a Node.js heap keeps room that new streams reuse.
    if (options.mode === 'full' && wants('memory')) {
      const { memory } = LOADS.full;
      progress(`memory: ${memory.streamCounts.join(', ')} open streams`);
      result.memory = await runMemoryPhase({ ...common, ...memory });
    }
    if (wants('throughput')) {
      for (const load of loads.throughput) {
        const pace = load.engineTokensPerSecondPerStream;
        progress(
          `throughput: ${load.streams} streams, engine ${pace === 0 ? 'unthrottled' : `${pace} tok/s per stream`}`,
        );
        const run: ThroughputRun = await runThroughputPhase({ ...common, ...load });
        result.throughput.push(run);
      }
    }
    if (options.mode === 'full') {
      const full = LOADS.full;
      if (wants('latency')) {
        progress(`latency: ${full.latency.streams} paced streams`);
        result.latency = await runLatencyPhase({ ...common, ...full.latency });
      }
      if (wants('burst')) {
        progress(`burst: ${full.burst.bursts} bursts of ${full.burst.streams} paced tasks started together`);
        result.burst = await runBurstPhase({ ...common, ...full.burst });
      }
      if (wants('admission')) {
        progress('admission: open-loop short tasks');
        const admissionRelays = handles.filter(
          (handle) => handle.name === 'direct' || handle.name === 'orchestrator',
        );
        result.admission = await runAdmissionPhase({ ...common, relays: admissionRelays, ...full.admission });
      }
    }
    await setFakeFaults(fake.handle.baseUrl, {});
    if (options.eventsSubscriber)
      result.eventsSubscribers = await Promise.all(subscribers.map((each) => each.stop()));
    if (options.ui) result.uiPages = await Promise.all(pageViewers.map((each) => each.stop()));
  } finally {
    for (const handle of handles.filter((each) => each.name !== 'direct')) await handle.stop();
    await fake.process.stop();
  }
  const profile = async (
    name: string,
    meta: Pick<ProfileResult, 'load' | 'description' | 'unit'>,
    load: (orchestrator: RelayHandle, engine: ProfiledEngine) => Promise<ProfiledLoad>,
  ): Promise<void> => {
    progress(`${name}: orchestrator under --cpu-prof`);
    const profiled = await profileOrchestrator({
      workDir: join(workDir, name),
      capacity: CAPACITY,
      ...(options.orchestratorCli === undefined ? {} : { orchestratorCli: options.orchestratorCli }),
      ...(options.orchestratorNode === undefined ? {} : { orchestratorNode: options.orchestratorNode }),
      load,
    });
    result.profiles.push({ ...meta, ...profiled });
  };
  if (options.mode === 'full' && wants('profile')) {
    const load = LOADS.full.profile;
    await profile(
      'profile',
      {
        load: 'token-streaming',
        description: `${load.streams} streams, engine unthrottled, ${load.maxTokens} tokens per stream`,
        unit: 'token',
      },
      streamTokens(load),
    );
  }
  if (options.mode === 'full' && wants('admission-profile')) {
    const load = LOADS.full.admissionProfile;
    await profile(
      'admission-profile',
      {
        load: 'admission',
        description: `short tasks of 1–4 tokens at ${load.ratePerSecond}/s open loop`,
        unit: 'task',
      },
      admitShortTasks(load),
    );
  }
  const durationSeconds = (performance.now() - started) / 1000;
  const complete = { ...result, durationSeconds };
  return { ...complete, targets: evaluateTargets(complete) };
}
