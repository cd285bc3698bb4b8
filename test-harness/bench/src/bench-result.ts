import type { EventsSubscriberCounts } from './events-subscriber.js';
import type { PathIdentity, RelayName } from './relay-handle.js';
import type { SampleSummary } from './statistics.js';
import type { ProfileSummary } from './summarise-cpu-profile.js';
import type { UiPageCounts } from './ui-page-viewer.js';

/** The machine the bench ran on. */
export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  os: string;
  /** Cores busy with other work in the second before the bench started anything (other jobs on the machine). */
  backgroundCoresBusy: number;
}

/** One path of the run, or why it could not be part of it. */
export interface RelayInfo {
  name: RelayName;
  /** The name in the tables when it differs from `name` (an orchestrator labelled with its Node.js version). */
  label?: string;
  available: boolean;
  description: string;
  /** Why it is missing (e.g. nginx could not be fetched). */
  unavailableReason?: string;
}

/** One path under one closed-loop load. */
export interface ThroughputRow extends PathIdentity {
  /** Token events delivered to the clients per second. */
  tokensPerSecond: number;
  /** CPU seconds of the relay process(es) per 1,000 relayed tokens (null for direct). */
  relayCpuSecondsPer1kTokens: number | null;
  /** Cores the relay process(es) kept busy during the window (CPU seconds / window seconds). */
  relayCpuCores: number | null;
  /** Cores the fake engine and the load generator kept busy. */
  engineCpuCores: number;
  generatorCpuCores: number;
  /** Cores the whole machine kept busy (of `machine.cpus`), kernel work charged to no process included. */
  machineCoresBusy: number;
  /** CPU seconds of the fake engine per 1,000 tokens. */
  engineCpuSecondsPer1kTokens: number;
  /** CPU seconds of the load generator per 1,000 tokens. */
  generatorCpuSecondsPer1kTokens: number;
  /** Token events per complete stream (the same on every path when nothing is lost). */
  tokensPerCompleteStream: number | null;
  /** Streams that failed. */
  failures: number;
  firstFailure?: string;
  /** Throughput relative to direct, nginx, node-proxy (null when that path is missing). */
  vsDirect: number | null;
  vsNginx: number | null;
  vsNodeProxy: number | null;
  /** Relay CPU per token relative to nginx and node-proxy. */
  cpuVsNginx: number | null;
  cpuVsNodeProxy: number | null;
}

/** All paths under one load. */
export interface ThroughputRun {
  streams: number;
  /** Engine pace per stream, tokens/s; 0 = as fast as the fake goes. */
  engineTokensPerSecondPerStream: number;
  tokensPerStream: number;
  windowSeconds: number;
  rows: ThroughputRow[];
}

/** Latency of one path under a paced load, and what it adds over direct. */
export interface LatencyRow extends PathIdentity {
  tokensPerSecond: number;
  ttftMs: SampleSummary;
  interTokenMs: SampleSummary;
  /** Cores the relay process(es) kept busy during the window. */
  relayCpuCores: number | null;
  /** Percentiles of (relayed − direct) TTFT of the same seeded stream. */
  addedTtftP50Ms: number | null;
  addedTtftP99Ms: number | null;
  /** Percentiles of (relayed − direct) gap before the same token of the same seeded stream. */
  addedInterTokenP50Ms: number | null;
  addedInterTokenP99Ms: number | null;
  failures: number;
}

/** The paced latency load. */
export interface LatencyRun {
  streams: number;
  engineTokensPerSecondPerStream: number;
  tokensPerStream: number;
  /** Seeded streams per path (the same seeds on every path). */
  streamsPerPath: number;
  rows: LatencyRow[];
  /**
   * Direct measured a second time against the first: the "added" figures of a path that adds nothing, i.e. the
   * measurement noise of this machine. An added figure within this floor is not distinguishable from zero.
   */
  noiseFloor: {
    addedTtftP50Ms: number | null;
    addedTtftP99Ms: number | null;
    addedInterTokenP50Ms: number | null;
    addedInterTokenP99Ms: number | null;
  } | null;
}

/** Time to first token of one path when a burst of tasks is sent in the same tick, and what it adds over direct. */
export interface BurstRow extends PathIdentity {
  ttftMs: SampleSummary;
  /** Percentiles of (relayed − direct) TTFT of the same seeded task (null for direct). */
  addedTtftP50Ms: number | null;
  addedTtftP99Ms: number | null;
  /** Cores the relay process(es) kept busy while the bursts ran. */
  relayCpuCores: number | null;
  failures: number;
}

/** Bursts of paced tasks started together. */
export interface BurstRun {
  /** Tasks per burst, all sent in the same tick. */
  streams: number;
  /** Bursts per path (each once the previous one ended), so `streams × bursts` TTFTs per path. */
  bursts: number;
  engineTokensPerSecondPerStream: number;
  tokensPerStream: number;
  rows: BurstRow[];
  /** Direct measured a second time against the first: the added TTFT of a path that adds nothing. */
  noiseFloor: { addedTtftP50Ms: number | null; addedTtftP99Ms: number | null } | null;
}

/** Memory of a relay with `streams` streams held open. */
export interface MemoryPoint {
  streams: number;
  /** Streams that were open when memory was read. */
  openStreams: number;
  rssBytes: number;
  /** (RSS with the streams open − RSS just before) / streams. */
  rssPerStreamBytes: number;
  /** Same for the live JS heap + external memory after a full GC (Node.js relays only). */
  heapPerStreamBytes: number | null;
}

/** Memory of one relay. */
export interface MemoryRow extends PathIdentity {
  idleRssBytes: number;
  /** JS heap + external after a full GC at idle (Node.js relays only). */
  idleHeapBytes: number | null;
  points: MemoryPoint[];
}

/** One open-loop rate of short tasks. */
export interface AdmissionStep {
  offeredPerSecond: number;
  completedPerSecond: number;
  latencyMs: SampleSummary;
  errors: number;
  firstError?: string;
  saturated: boolean;
  /** Why the step counts as saturated. */
  saturationReason?: string;
}

/** Admission throughput of one path. */
export interface AdmissionRow extends PathIdentity {
  steps: AdmissionStep[];
  /** Highest offered rate sustained (not saturated). */
  sustainedPerSecond: number | null;
}

/** A budget target of issue 12 and how this run did against it. */
export interface TargetCheck {
  id: string;
  description: string;
  /** The figure before the work of the issue, as the issue states it. */
  before: string;
  target: string;
  measured: string;
  /** null when it could not be measured (e.g. nginx missing). */
  pass: boolean | null;
  /** Why it missed (or why it could not be measured). */
  reason?: string;
}

/** Top costs of the orchestrator under one load. */
export interface ProfileResult {
  /** `token-streaming`: concurrent unthrottled streams; `admission`: short tasks at a fixed open-loop rate. */
  load: 'token-streaming' | 'admission';
  /** The load, in words, for the report. */
  description: string;
  /** What the costs are divided by. */
  unit: 'token' | 'task';
  /** Tokens relayed or tasks completed inside the profiled window. */
  units: number;
  /** Length of the profiled window (start-up and warm-up are left out), s. */
  windowSeconds: number;
  /**
   * CPU of the orchestrator process (/proc, every thread) per unit in the window, µs. The profile's busy time is
   * sampled wall time of the main thread: when other work takes the cores it counts the waits too, this does not.
   */
  processCpuPerUnitUs: number | null;
  /** The .cpuprofile file (open it in Chrome DevTools or speedscope). */
  file: string;
  summary: ProfileSummary;
}

/** The Node.js binary an orchestrator ran under (`--orchestrator-node` or `--compare-node`, else the bench's own). */
export interface NodeRuntime {
  path: string;
  /** What `path --version` printed, e.g. v24.11.1. */
  version: string;
}

/** An orchestrator measured beside the main one under another Node.js (`--compare-node`, `--compare-node-line`). */
export interface ComparedOrchestrator extends NodeRuntime {
  /** Its name in the tables, e.g. `orchestrator (Node 24.22.3)`. */
  label: string;
  /** The Node.js line it was fetched for (`--compare-node-line 24`), absent for a binary given by path. */
  line?: string;
}

/** The machine-readable result of one bench run. */
export interface BenchResult {
  schema: 'orch-bench/2';
  mode: 'full' | 'short';
  startedAt: string;
  durationSeconds: number;
  machine: MachineInfo;
  /** The Node.js of the main orchestrator: the one the targets and the CI guard judge. */
  orchestratorNode: NodeRuntime;
  /**
   * Orchestrators run beside the main one, same CLI and the same loads, each under another Node.js: each table
   * has a row per entry (rows with `comparison: true`). Empty without `--compare-node`.
   */
  comparedOrchestrators: ComparedOrchestrator[];
  /** How the orchestrator process was started (node flags and entry point; the config path is generated). */
  orchestratorCommand: string;
  relays: RelayInfo[];
  throughput: ThroughputRun[];
  latency: LatencyRun | null;
  burst: BurstRun | null;
  memory: MemoryRow[];
  admission: AdmissionRow[];
  targets: TargetCheck[];
  profiles: ProfileResult[];
  /** What the status page's subscribers read on each orchestrator (`--events-subscriber` only). */
  eventsSubscribers?: EventsSubscriberCounts[];
  /** What the status page open in Chromium did on each orchestrator (`--ui` only). */
  uiPages?: UiPageCounts[];
}
