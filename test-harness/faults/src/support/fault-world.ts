import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setWorldConstructor, World } from '@cucumber/cucumber';
import type { RunningLlamaServer } from '@orch/engine-testkit';
import type { FakeEngine } from '@orch/fake-engines';
import { type RunningOrchestrator, startOrchestrator } from '@orch/orchestrator';
import type { ReplicaLayout } from '../fault-table/fault-row.js';
import { type SendTaskOptions, sendTask } from '../observation/send-task.js';
import type { FaultSetup, TaskObservation } from '../observation/task-observation.js';
import {
  createFaultOrchestratorConfig,
  FAULT_MODEL,
  type FaultPoolSettings,
  type ReplicaRole,
} from './fault-orchestrator-config.js';

/** The task every scenario sends unless a step changes a field: seeded, so its answer is reproducible. */
export const DEFAULT_TASK = { model: FAULT_MODEL, prompt: 'Tell me about faults', max_tokens: 12, seed: 7 };

/** State of one fault scenario: its engines, its orchestrator and what the client saw. */
export class FaultWorld extends World {
  /** The `@ORCH-FLT-…` tag of the scenario (without `@`), set before it runs. */
  rowId: string | undefined;
  /** Pool settings, filled by the Given steps; undefined until a pool step ran. */
  pool: FaultPoolSettings | undefined;
  /** Fake engines by role. */
  readonly fakes = new Map<ReplicaRole, FakeEngine>();
  /** Real llama-servers by role. */
  readonly llamaServers = new Map<ReplicaRole, RunningLlamaServer>();
  /** The engine of the faulty replica, in the table's words. */
  engineLabel: string | undefined;
  /** What was injected, recorded by the step that injected it. */
  injection: string | undefined;
  orchestrator: RunningOrchestrator | undefined;
  readonly logLines: string[] = [];
  /** Fields of the task that differ from {@link DEFAULT_TASK}. */
  taskFields: Record<string, unknown> = {};
  /** The task the scenario's outcome is about. */
  observation: TaskObservation | undefined;
  /** Every task the scenario sent, oldest first. */
  readonly observations: TaskObservation[] = [];
  /**
   * Requests each fake engine had received when the fault-free reference task was sent: what came later is the
   * reference's own (its faults cleared, the faulty replica may serve it). Undefined before it is sent.
   */
  requestsBeforeReference: Map<ReplicaRole, number> | undefined;
  private configDir: string | undefined;

  /** The pool settings; fails the step when no pool step ran. */
  get poolSettings(): FaultPoolSettings {
    if (this.pool === undefined) throw new Error('No pool was set up in this scenario.');
    return this.pool;
  }

  get layout(): ReplicaLayout {
    return this.poolSettings.layout;
  }

  /** The running orchestrator's base URL. */
  get url(): string {
    if (this.orchestrator === undefined) throw new Error('The orchestrator is not running yet.');
    return this.orchestrator.url;
  }

  /** The observed task; fails the step when no task was sent. */
  get observed(): TaskObservation {
    if (this.observation === undefined) throw new Error('No task was sent in this scenario.');
    return this.observation;
  }

  /** The setup as the table describes it. */
  get setup(): FaultSetup {
    return {
      engine: this.engineLabel ?? '(none)',
      injection: this.injection ?? '(none)',
      replicas: this.layout,
    };
  }

  /** The fake engine of `role`; fails when the scenario has none. */
  fake(role: ReplicaRole): FakeEngine {
    const fake = this.fakes.get(role);
    if (fake === undefined) throw new Error(`The ${role} replica is not a fake engine.`);
    return fake;
  }

  /** Starts the orchestrator in this process, listening on an ephemeral port, with the scenario's pool. */
  async startOrchestrator(): Promise<void> {
    this.configDir = await mkdtemp(join(tmpdir(), 'orch-faults-'));
    const configPath = join(this.configDir, 'orchestrator.json');
    await writeFile(configPath, JSON.stringify(createFaultOrchestratorConfig(this.poolSettings)));
    this.orchestrator = await startOrchestrator({
      configPath,
      writeLog: (line) => this.logLines.push(line),
    });
  }

  /** Sends the scenario's task (with `fields` on top) and remembers what the client saw. */
  async send(fields: Record<string, unknown> = {}, options: SendTaskOptions = {}): Promise<TaskObservation> {
    const observation = await sendTask(this.url, { ...DEFAULT_TASK, ...this.taskFields, ...fields }, options);
    this.observations.push(observation);
    this.observation = observation;
    return observation;
  }

  /** Stops everything the scenario started; bounded, and never throws. */
  async cleanUp(): Promise<void> {
    const steps: Promise<unknown>[] = [];
    if (this.orchestrator !== undefined) steps.push(this.orchestrator.shutdown(0));
    for (const fake of this.fakes.values()) steps.push(fake.close());
    for (const server of this.llamaServers.values()) steps.push(server.stop());
    await Promise.allSettled(steps);
    if (this.configDir !== undefined) await rm(this.configDir, { recursive: true, force: true });
  }
}

setWorldConstructor(FaultWorld);
