import type {
  AdapterHealth,
  AdapterLogger,
  AdapterProperties,
  EngineLoad,
  StartedFacts,
  SubmitOptions,
  Task,
  TaskStream,
  TokenEstimate,
  WorkerAdapter,
} from '@orch/adapter-api';
import type { EngineClient } from './engine-client.js';
import type { HealthInterpreter } from './probe-engine-health.js';
import { readEngineLoad } from './read-engine-load.js';
import { resolveTaskSeed } from './resolve-task-seed.js';
import {
  type EngineStreamSpec,
  type EngineStreamTranslator,
  type OpenedEngineStream,
  runEngineStream,
} from './run-engine-stream.js';
import { createTaskRegistry } from './task-registry.js';

/** The engine facts `started` carries besides the task's own (engine, seed and model come from elsewhere). */
export type EngineFacts = Pick<StartedFacts, 'engine_version' | 'model_digest'>;

/**
 * Where `started` gets its {@link EngineFacts}: usually a `createCachedRead`, which every properties read
 * refreshes through `set`; a source without `set` keeps its own freshness (e.g. a version that streams upgrade).
 */
export interface EngineFactsSource {
  /** The facts now; may read the engine (and then throws a TaskError when it cannot). */
  get(signal?: AbortSignal): Promise<EngineFacts>;
  /** Replaces the known facts with those a properties read found. */
  set?(facts: EngineFacts): void;
}

/** What a properties read found: the properties, and the engine facts they carry for later `started` events. */
export interface EngineProperties {
  /** Returned by `properties()`. */
  properties: AdapterProperties;
  /** Given to `engineFacts.set`, when the read found them. */
  engineFacts?: EngineFacts;
}

/** A health probe of one path through the engine client (see `EngineClient.probeHealth`). */
export interface EngineHealthPath {
  /** The path probed, e.g. `/health`. */
  path: string;
  /** Milliseconds for the probe; default 2000. */
  timeoutMs?: number;
  /** Maps the answer to a state; default: 2xx ready, 503 loading, anything else unhealthy. */
  interpret?: HealthInterpreter;
}

/** How `readLoad` reads the engine's metrics and which figures are its load (see `readEngineLoad`). */
export interface EngineLoadSource<Metrics> {
  /** Reads the engine's metrics. */
  readMetrics(): Promise<Metrics>;
  /** The running and waiting requests in them. */
  toLoad(metrics: Metrics): EngineLoad;
}

/** How one task streams: the parts of `runEngineStream`'s spec that belong to the engine. */
export interface EngineStreamDescription {
  /** How the body is framed: Server-Sent Events or newline-delimited JSON. */
  framing: EngineStreamSpec['framing'];
  /** Longest silence between body chunks once streaming (`idle_timeout`). */
  idleTimeoutMs?: number;
  /** Longest wait for the first body chunk after the headers (`ttft_timeout`); default `idleTimeoutMs`. */
  firstByteTimeoutMs?: number;
  /** Sends the engine request for `task`; rejects with a TaskError for failures before streaming. */
  open(task: Task, signal: AbortSignal): Promise<OpenedEngineStream>;
  /** Makes the translator of `task`'s stream (a fresh one per stream, so it may keep state). */
  createTranslator(task: Task): EngineStreamTranslator;
}

/**
 * Everything particular to one engine, from which {@link createEngineAdapter} builds a whole `WorkerAdapter`.
 * What every adapter does alike (the running-task registry, `cancel`, `close`, `started` facts, defaults of
 * optional capabilities) is the skeleton's, so that an engine package holds only its engine's rules.
 */
export interface EngineAdapterDescription<Metrics = unknown> {
  /** Engine kind (`llamacpp`, `vllm`…): the adapter's `engine` and `started.engine`. */
  engine: string;
  /** The model name `started` reports (the pool's model name). */
  model: string;
  /** The replica's client: its replica URL goes into error context, path probes go through it. */
  client: EngineClient;
  /** Receives a debug line for every stream that ends abnormally. */
  logger: AdapterLogger;
  /** How `health()` probes: one path through the client, or a probe of the engine's own. Never throws. */
  health: EngineHealthPath | (() => Promise<AdapterHealth>);
  /** Where `started` gets the engine version (and model digest). */
  engineFacts: EngineFactsSource;
  /** Reads the properties (throws a TaskError when the engine cannot be reached). */
  readProperties(): Promise<EngineProperties>;
  /** Estimates a task's tokens: the engine's tokenizer where it has one, a heuristic otherwise. */
  estimateTokens(task: Task): Promise<TokenEstimate>;
  /** The engine's load for placement; without it `readLoad()` gives `{}`. */
  load?: EngineLoadSource<Metrics>;
  /** How a task streams. */
  stream: EngineStreamDescription;
}

/** A `WorkerAdapter` built by {@link createEngineAdapter}: every optional capability present. */
export interface EngineAdapter extends WorkerAdapter {
  /** Number of tasks streaming now. */
  readonly activeTasks: number;
  readLoad(): Promise<EngineLoad>;
  close(): Promise<void>;
}

/**
 * Builds the adapter of one engine replica from its description, with `extras` (e.g. `readEngineMetrics`)
 * added as they are. The adapter owns one task registry: a running task is reached by `cancel(taskId)` and
 * `close()` through the same abort path as the caller's signal (`runEngineStream` registers it there).
 */
export function createEngineAdapter<Metrics, Extras extends object = Record<never, never>>(
  description: EngineAdapterDescription<Metrics>,
  extras?: Extras,
): EngineAdapter & Extras {
  const { engine, model, client, logger, engineFacts, stream, load } = description;
  const registry = createTaskRegistry();
  const health = description.health;
  const adapter: EngineAdapter = {
    engine,
    get activeTasks() {
      return registry.size;
    },
    submit(task: Task, options: SubmitOptions = {}): TaskStream {
      // The one place a stream is run: the skeleton's spec, the engine's framing, request and translator.
      return runEngineStream({
        task,
        options,
        engine,
        replica: client.replica,
        registry,
        framing: stream.framing,
        idleTimeoutMs: stream.idleTimeoutMs,
        firstByteTimeoutMs: stream.firstByteTimeoutMs,
        logger,
        async startedFacts(signal) {
          const facts = await engineFacts.get(signal);
          return { engine, ...facts, seed: resolveTaskSeed(task), model };
        },
        open(signal) {
          return stream.open(task, signal);
        },
        createTranslator() {
          return stream.createTranslator(task);
        },
      });
    },
    cancel: (taskId) => registry.cancel(taskId),
    health: typeof health === 'function' ? health : () => client.probeHealth(health),
    async properties() {
      const read = await description.readProperties();
      if (read.engineFacts !== undefined) engineFacts.set?.(read.engineFacts);
      return read.properties;
    },
    estimateTokens: (task) => description.estimateTokens(task),
    readLoad: async () => (load === undefined ? {} : readEngineLoad(() => load.readMetrics(), load.toLoad)),
    close: () => registry.cancelAll(),
  };
  return extras === undefined ? (adapter as EngineAdapter & Extras) : Object.assign(adapter, extras);
}
