import { randomUUID } from 'node:crypto';
import { setWorldConstructor, World } from '@cucumber/cucumber';
import type {
  AdapterHealth,
  AdapterProperties,
  StreamEvent,
  SubmitOptions,
  Task,
  TokenEstimate,
  WorkerAdapter,
} from '@orch/adapter-api';
import type { ConformanceSession } from '../profiles/conformance-session.js';
import { type ActiveRun, getActiveRun } from './active-run.js';
import { type CollectedStream, type CollectOptions, collectEvents } from './collect-events.js';
import type { ConformanceParameters } from './conformance-parameters.js';

/** Bound on one stream in a scenario: generous for a slow engine, finite so a hang fails. */
export const STREAM_TIMEOUT_MS = 30_000;

/** The fields of a task a scenario chooses; the rest get defaults. */
export type TaskFields = Partial<Omit<Task, 'model'>> & Pick<Task, 'max_tokens'>;

/** State of one scenario. */
export class ConformanceWorld extends World<ConformanceParameters> {
  /** The task of the last `When I stream …` step. */
  task: Task | undefined;
  /** What the last stream delivered. */
  stream: CollectedStream | undefined;
  /** Earlier streams of the scenario, oldest first (e.g. the first of two seeded runs). */
  readonly previousStreams: CollectedStream[] = [];
  /** A reference answer the scenario compares with (non-streamed text, or a greedy answer). */
  referenceText: string | undefined;
  /** The stop string chosen for the stop-string scenario. */
  stopString: string | undefined;
  /** Free slots before the task, for the cancel scenarios. */
  slotsBefore: number | undefined;
  /** The last `properties()` answer. */
  properties: AdapterProperties | undefined;
  /** The last `health()` answer. */
  health: AdapterHealth | undefined;
  /** What the last `health()` threw, if it broke the contract by throwing. */
  healthError: unknown;
  /** The last `estimateTokens()` answer. */
  estimate: TokenEstimate | undefined;
  /** Whether this scenario stopped the engine (so that `After` starts it again if the scenario failed). */
  engineStopped = false;
  private adapterInUse: WorkerAdapter | undefined;
  private readonly extraAdapters: WorkerAdapter[] = [];

  /** The run in progress. */
  get run(): ActiveRun {
    return getActiveRun();
  }

  /** The session of the run in progress. */
  get session(): ConformanceSession {
    return this.run.session;
  }

  /** The adapter the scenario uses: the session's, unless a fault hook supplied another. */
  get adapter(): WorkerAdapter {
    return this.adapterInUse ?? this.session.adapter;
  }

  /** Uses `adapter` (from a fault hook) for the rest of the scenario; it is closed after the scenario. */
  useAdapter(adapter: WorkerAdapter): void {
    this.adapterInUse = adapter;
    if (adapter !== this.session.adapter) this.extraAdapters.push(adapter);
  }

  /** The session hook `name`, or an error that says what to implement or list as unsupported. */
  requireHook<Name extends HookName>(name: Name): NonNullable<ConformanceSession[Name]> {
    const hook = this.session[name];
    if (hook === undefined) {
      throw new Error(
        `Profile "${this.run.profile.name}" has no ${name}() hook. Implement it, or list this scenario in the profile's "unsupported" map with the reason.`,
      );
    }
    return (hook as (...args: never[]) => unknown).bind(this.session) as NonNullable<
      ConformanceSession[Name]
    >;
  }

  /** A task with a fresh id for the session's model. */
  makeTask(fields: TaskFields): Task {
    return {
      task_id: `conformance-${randomUUID()}`,
      priority: 'interactive',
      ...fields,
      model: this.session.model,
    };
  }

  /** Streams `task` to its end (bounded), keeping the previous result in {@link previousStreams}. */
  async streamTask(
    task: Task,
    options: SubmitOptions = {},
    onEvent?: CollectOptions['onEvent'],
  ): Promise<CollectedStream> {
    if (this.stream !== undefined) this.previousStreams.push(this.stream);
    this.task = task;
    const collectOptions: CollectOptions = { timeoutMs: STREAM_TIMEOUT_MS };
    if (onEvent !== undefined) collectOptions.onEvent = onEvent;
    this.stream = await collectEvents(this.adapter.submit(task, options), collectOptions);
    return this.stream;
  }

  /** The last stream; throws when no step streamed yet. */
  get lastStream(): CollectedStream {
    if (this.stream === undefined) throw new Error('No task was streamed in this scenario.');
    return this.stream;
  }

  /** The last stream's events; a rejected stream fails the step with the rejection. */
  get events(): StreamEvent[] {
    const stream = this.lastStream;
    if (stream.rejection !== undefined) {
      throw new Error(`The stream was rejected: ${describeError(stream.rejection)}`, {
        cause: stream.rejection,
      });
    }
    return stream.events;
  }

  /** Closes fault adapters and restarts an engine this scenario left stopped. */
  async cleanUp(): Promise<void> {
    for (const adapter of this.extraAdapters.splice(0)) await adapter.close?.();
    if (this.engineStopped) {
      this.engineStopped = false;
      await this.session.startEngine?.();
    }
  }
}

/** The optional hooks of a session that scenarios may require. */
export type HookName =
  | 'referenceText'
  | 'failBeforeStart'
  | 'failMidStream'
  | 'stopEngine'
  | 'startEngine'
  | 'slotsFree'
  | 'engineVersion';

/** One line about anything thrown, for assertion messages. */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = 'code' in error ? ` [${String(error.code)}]` : '';
    return `${error.name}${code}: ${error.message}`;
  }
  return String(error);
}

setWorldConstructor(ConformanceWorld);
