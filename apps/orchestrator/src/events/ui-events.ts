import { hostname } from 'node:os';
import { redactSecrets } from '@orch/adapter-api';
import type { Cluster } from '../cluster/create-cluster.js';
import type { OrchestratorConfig } from '../config/config-schema.js';
import type { ManagedEngine } from '../engines/managed-engine.js';
import type { Pool } from '../pools/pool.js';
import type { Replica } from '../pools/replica.js';
import { redactEngineAddresses } from '../security/redact-engine-addresses.js';
import type { TaskRecorder } from '../tasks/task-recorder.js';
import type { TaskRun } from '../tasks/task-run.js';
import { describeUiEngine } from './describe-ui-engine.js';
import { describeUiReplica } from './describe-ui-replica.js';
import { engineIdOf } from './engine-id.js';
import { TrafficSeries } from './traffic-series.js';
import { UiEventBus } from './ui-event-bus.js';
import type { UiEngine, UiEngineLog, UiInstance, UiSnapshot, UiTaskSummary } from './ui-event-types.js';
import { UiStreamLimits } from './ui-stream-limits.js';
import { UiTaskList } from './ui-task-list.js';
import type { UiTaskRecord } from './ui-task-record.js';
import type { UiViewer } from './ui-viewer.js';

/**
 * How often coalesced deltas (tasks, queues, replicas, engine output) go out, ms. A person reads the page at
 * this pace; a busy fleet changes far faster (two in-flight changes and three phases per task).
 */
const DELTA_INTERVAL_MS = 250;
/**
 * Recent tasks a snapshot carries unless its subscriber asks for another number (what the page keeps): a new
 * subscriber of a ring of 100,000 would otherwise cost some 25 MB of JSON and 140 ms of the event loop.
 */
export const DEFAULT_SNAPSHOT_RECENT = 1_000;
/** How often a traffic point is closed, ms. */
const TRAFFIC_INTERVAL_MS = 1_000;

/** What the status page's events are built from. */
export interface UiEventsOptions {
  settings: OrchestratorConfig['ui'];
  pools: readonly Pool[];
  engines: readonly ManagedEngine[];
  cluster?: Cluster;
  /** Secrets that must never appear in an event (API keys, Redis credentials). */
  secrets: readonly string[];
}

/**
 * The status page's side of the orchestrator (specs/ui.md): the bus, the task list, the traffic series and the
 * watchers of replicas and managed engines, with the two timers that serve them. The delta timer runs only while
 * someone subscribes; the traffic timer once {@link start}ed (or from the first subscriber on).
 */
export class UiEvents implements TaskRecorder {
  readonly bus = new UiEventBus();
  /** The caps on open event streams (ORCH-UI-015). */
  readonly streams: UiStreamLimits;
  readonly tasks: UiTaskList;
  readonly traffic: TrafficSeries;
  readonly instanceId: string;
  readonly keepPrompts: boolean;
  private readonly redact: (text: string) => string;
  private readonly engineLogs = new Map<ManagedEngine, string[]>();
  private readonly pendingLines = new Map<ManagedEngine, string[]>();
  private readonly engineStartedAt = new Map<ManagedEngine, number>();
  private readonly replicaFrames = new Map<Replica, string>();
  private readonly engineFrames = new Map<ManagedEngine, string>();
  private lastInstances = '';
  private deltaTimer: NodeJS.Timeout | undefined;
  private trafficTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: UiEventsOptions) {
    const { settings, secrets } = options;
    this.redact = (text) => redactSecrets(text, secrets);
    this.keepPrompts = settings.keep_prompts;
    this.instanceId = options.cluster?.instanceId ?? `${hostname()}-${process.pid}`;
    this.traffic = new TrafficSeries(settings.traffic_minutes * 60);
    this.streams = new UiStreamLimits(settings.max_streams, settings.max_streams_per_client);
    this.tasks = new UiTaskList(this.bus, this.traffic, {
      recentTasks: settings.recent_tasks,
      keepPrompts: settings.keep_prompts,
      redact: this.redact,
    });
    for (const engine of options.engines) this.watchEngine(engine);
    this.bus.onActivityChange((active) => {
      if (active) this.startDeltas();
      else this.stopDeltas();
    });
  }

  open(run: TaskRun): UiTaskRecord {
    return this.tasks.open(run);
  }

  /** Starts the traffic series (the composition root, at start-up). */
  start(): void {
    if (this.trafficTimer !== undefined) return;
    this.trafficTimer = setInterval(() => this.closeTrafficPoint(), TRAFFIC_INTERVAL_MS);
    this.trafficTimer.unref();
  }

  /** Stops the timers and ends every stream (shutdown). */
  stop(): void {
    clearInterval(this.trafficTimer);
    this.trafficTimer = undefined;
    this.bus.closeAll();
    this.stopDeltas();
  }

  /** The whole state for a new subscriber, with its newest `recentLimit` recent tasks (ORCH-UI-010). */
  snapshot(viewer: UiViewer, recentLimit = DEFAULT_SNAPSHOT_RECENT): UiSnapshot {
    const visible = (record: UiTaskRecord) => viewer.owner === undefined || record.owner === viewer.owner;
    const summaries = (records: UiTaskRecord[]): UiTaskSummary[] =>
      records.filter(visible).map((record) => record.summary());
    // A key limited to its own tasks sees no engine address (ORCH-SEC-021), like `/v1/replicas`.
    const scoped = viewer.owner !== undefined;
    const replicaView = (pool: Pool, replica: Replica) => {
      const view = describeUiReplica(pool, replica);
      return scoped ? { ...view, url: '' } : view;
    };
    const engineLog = (engine: ManagedEngine) => {
      const log = {
        engine_id: engineIdOf(engine.poolId, engine.replicaId),
        lines: [...(this.engineLogs.get(engine) ?? [])],
      };
      return scoped ? this.withoutAddresses(engine, log) : log;
    };
    return {
      instance: this.instanceId,
      pools: this.options.pools.map((pool) => ({
        id: pool.id,
        engine: pool.config.engine,
        model: pool.config.model,
        replicas: pool.replicas.map((replica) => replicaView(pool, replica)),
        queue: this.tasks.queueOf(pool.id, scoped),
      })),
      tasks: {
        running: summaries(this.tasks.runningTasks()),
        recent: this.tasks.recentTasks(recentLimit, visible).map((record) => record.summary()),
      },
      traffic: this.traffic.history(),
      engines: this.options.engines.map((engine) => this.describeEngine(engine)),
      engine_logs: this.options.engines.map(engineLog),
      instances: this.instances(),
      ui: { can_act: viewer.canAct, keep_prompts: this.keepPrompts },
    };
  }

  /** An engine's output lines with its addresses replaced by its replica's name (ORCH-SEC-021). */
  private withoutAddresses(engine: ManagedEngine, log: UiEngineLog): UiEngineLog {
    return { ...log, lines: log.lines.map((line) => redactEngineAddresses(line, engine.replicaId)) };
  }

  /** What the page shows of a managed engine now. */
  describeEngine(engine: ManagedEngine): UiEngine {
    return describeUiEngine(engine, this.engineStartedAt.get(engine), this.redact);
  }

  private instances(): UiInstance[] {
    const now = Date.now();
    const live = this.options.cluster?.describe().instances;
    if (live === undefined || live.length === 0) return [{ id: this.instanceId, self: true, last_seen: now }];
    return live.map((info) => ({
      id: info.instance_id,
      self: info.instance_id === this.instanceId,
      last_seen: now,
    }));
  }

  private watchEngine(engine: ManagedEngine): void {
    engine.on('change', () => {
      if (engine.status === 'starting' || (engine.status === 'ready' && !this.engineStartedAt.has(engine)))
        this.engineStartedAt.set(engine, Date.now());
      if (engine.status === 'stopped') this.engineStartedAt.delete(engine);
      if (!this.bus.active) return;
      const view = this.describeEngine(engine);
      const frame = JSON.stringify(view);
      // A change of draining or give-up that the page does not show is not sent.
      if (this.engineFrames.get(engine) === frame) return;
      this.engineFrames.set(engine, frame);
      this.bus.publish('engine', view);
    });
    const lines: string[] = [];
    this.engineLogs.set(engine, lines);
    engine.supervisor.engine.on('output', (entry) => {
      const line = this.redact(entry.line);
      lines.push(line);
      if (lines.length > this.options.settings.log_lines) lines.shift();
      if (!this.bus.active) return;
      const pending = this.pendingLines.get(engine);
      if (pending === undefined) this.pendingLines.set(engine, [line]);
      else if (pending.length < this.options.settings.log_lines) pending.push(line);
    });
  }

  private publishReplica(pool: Pool, replica: Replica): void {
    const view = describeUiReplica(pool, replica);
    const frame = JSON.stringify(view);
    if (this.replicaFrames.get(replica) === frame) return;
    this.replicaFrames.set(replica, frame);
    this.bus.publish('replica', view, { scoped: { ...view, url: '' } });
  }

  private startDeltas(): void {
    this.start();
    if (this.deltaTimer !== undefined) return;
    // What the snapshot already said is not sent again.
    for (const pool of this.options.pools) {
      for (const replica of pool.replicas) {
        this.replicaFrames.set(replica, JSON.stringify(describeUiReplica(pool, replica)));
      }
    }
    for (const engine of this.options.engines) {
      this.engineFrames.set(engine, JSON.stringify(this.describeEngine(engine)));
    }
    this.deltaTimer = setInterval(() => this.flushDeltas(), DELTA_INTERVAL_MS);
    this.deltaTimer.unref();
  }

  private stopDeltas(): void {
    clearInterval(this.deltaTimer);
    this.deltaTimer = undefined;
    this.pendingLines.clear();
  }

  private flushDeltas(): void {
    this.tasks.flush();
    for (const pool of this.options.pools) {
      for (const replica of pool.replicas) this.publishReplica(pool, replica);
    }
    for (const [engine, lines] of this.pendingLines) {
      const log: UiEngineLog = { engine_id: engineIdOf(engine.poolId, engine.replicaId), lines };
      this.bus.publish('engine_log', log, { scoped: this.withoutAddresses(engine, log) });
    }
    this.pendingLines.clear();
  }

  private closeTrafficPoint(): void {
    this.tasks.countTokens();
    const point = this.traffic.close(Date.now());
    if (!this.bus.active) return;
    this.bus.publish('traffic', point);
    const instances = this.instances();
    const ids = instances.map((instance) => instance.id).join(',');
    if (ids !== this.lastInstances) {
      this.lastInstances = ids;
      this.bus.publish('instances', instances);
    }
  }
}
